//! Explanations as text (an indented tree for the terminal) and as JSON (stable; the README
//! documents its shape).

use super::{Evidence, Explanation, WhyOutcome};
use crate::datalog::{AggregateStep, Blocker, Constant, Fact, Pattern, Proof, Step, WhyNot};
use serde_json::{Map, Value, json};
use std::io::{self, Write};

/// The most facts of an aggregate's group the text tree lists.
const GROUP_SHOWN: usize = 10;

/// A node of the text tree: a head line, detail lines under it, then children.
struct Node {
    head: String,
    details: Vec<String>,
    children: Vec<Node>,
}

impl Node {
    fn leaf(head: String, details: Vec<String>) -> Node {
        Node {
            head,
            details,
            children: Vec::new(),
        }
    }

    fn draw(&self, first: &str, rest: &str, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{first}{}", self.head)?;
        let bar = if self.children.is_empty() {
            "   "
        } else {
            "│  "
        };
        for d in &self.details {
            writeln!(out, "{rest}{bar}{d}")?;
        }
        let n = self.children.len();
        for (i, c) in self.children.iter().enumerate() {
            let last = i + 1 == n;
            let (f, r) = if last {
                ("└─ ", "   ")
            } else {
                ("├─ ", "│  ")
            };
            c.draw(&format!("{rest}{f}"), &format!("{rest}{r}"), out)?;
        }
        Ok(())
    }
}

/// Writes the explanation as indented trees: per answer its proof(s), each derived fact with
/// its rule (`file:line:col`) and bindings, each base fact with its provenance, negated
/// premises as `no …`; or, when the atom does not hold, the failing premise of each rule.
pub fn write_text(ex: &Explanation, out: &mut dyn Write) -> io::Result<()> {
    match &ex.outcome {
        WhyOutcome::Holds(answers) => {
            for (i, a) in answers.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                let n = a.proofs.len();
                for (j, p) in a.proofs.iter().enumerate() {
                    if n > 1 {
                        if j > 0 {
                            writeln!(out)?;
                        }
                        writeln!(out, "proof {} of {n} (height {}):", j + 1, p.height())?;
                    }
                    proof_node(p, ex).draw("", "", out)?;
                }
            }
            Ok(())
        }
        WhyOutcome::NoMatch(_) => writeln!(out, "no fact matches {}", ex.atom),
        WhyOutcome::DoesNotHold {
            fact,
            base,
            reasons,
        } => {
            writeln!(out, "{fact} does not hold")?;
            if reasons.is_empty() {
                let why = if *base {
                    "it is a base relation, and no fact file loaded states this fact"
                } else {
                    "no rule derives this relation, and the program states no such fact"
                };
                return writeln!(out, "   {why}");
            }
            for r in reasons {
                let node = Node::leaf(
                    format!("rule {}: {}", r.location, blocker_text(r)),
                    bindings_line(&r.bindings).into_iter().collect(),
                );
                node.draw("   ", "   ", out)?;
                for e in ex.evidence_of(r) {
                    writeln!(out, "      {}", evidence_line(e))?;
                }
            }
            Ok(())
        }
    }
}

impl Explanation {
    /// The evidence of the fact blocking a rule, if it is a base fact.
    fn evidence_of(&self, r: &WhyNot) -> &[Evidence] {
        match &r.reason {
            Blocker::Present(f) => self.evidence.get(f).map_or(&[], Vec::as_slice),
            _ => &[],
        }
    }
}

fn blocker_text(r: &WhyNot) -> String {
    match &r.reason {
        Blocker::Head => "the head does not match, or no match of the body yields this fact".into(),
        Blocker::Missing(p) => format!("missing {p}"),
        Blocker::Present(f) => format!("{f} holds, and the rule requires it absent"),
        Blocker::Condition { text, .. } => text.clone(),
    }
}

fn bindings_line(bindings: &[(String, Constant)]) -> Option<String> {
    (!bindings.is_empty()).then(|| {
        let pairs: Vec<String> = bindings.iter().map(|(v, c)| format!("{v} = {c}")).collect();
        format!("with {}", pairs.join(", "))
    })
}

/// `curated · mt_1994_06_17 · The Moscow Times, 1994-06-17 · span 283..371`.
fn evidence_line(e: &Evidence) -> String {
    let mut parts = vec![e.origin.to_string()];
    match &e.source {
        Some(s) => parts.push(format!("source {s}")),
        None => parts.push("no source".into()),
    }
    parts.extend(e.outlet_and_date());
    if let Some(span) = e.span {
        parts.push(format!("span {}..{}", span.start, span.end));
    }
    if e.confidence < 1.0 {
        parts.push(format!("confidence {}", e.confidence));
    }
    parts.join(" · ")
}

fn proof_node(p: &Proof, ex: &Explanation) -> Node {
    match &p.step {
        Step::Input => {
            let evidence = ex.evidence.get(&p.fact).map_or(&[][..], Vec::as_slice);
            let mut details = Vec::new();
            if evidence.is_empty() {
                details.push("base fact".into());
            }
            for e in evidence {
                details.push(evidence_line(e));
                // The sentence itself where it is at hand, else where to read it.
                match (&e.sentence, &e.url) {
                    (Some(s), _) => details.push(format!("“{s}”")),
                    (None, Some(url)) => details.push(format!("read at {url}")),
                    (None, None) => {}
                }
            }
            Node::leaf(p.fact.to_string(), details)
        }
        Step::Cut => Node::leaf(
            format!("{} …", p.fact),
            vec!["derived; cut at --depth".into()],
        ),
        Step::Rule {
            bindings,
            premises,
            absent,
            aggregates,
            ..
        } => {
            let mut details = vec![p.caption().unwrap_or_default()];
            details.extend(bindings_line(bindings));
            for a in aggregates {
                details.extend(aggregate_lines(a));
            }
            let mut children: Vec<Node> = premises.iter().map(|q| proof_node(q, ex)).collect();
            children.extend(
                absent
                    .iter()
                    .map(|a| Node::leaf(format!("no {a}"), vec!["checked absent".into()])),
            );
            Node {
                head: p.fact.to_string(),
                details,
                children,
            }
        }
    }
}

fn aggregate_lines(a: &AggregateStep) -> Vec<String> {
    let mut out = Vec::new();
    match &a.group {
        None => out.push(format!(
            "aggregate {} = {} (over a group of more than {} facts, not listed)",
            a.variable,
            a.value,
            crate::datalog::GROUP_LIMIT
        )),
        Some(group) => {
            out.push(format!(
                "aggregate {} = {} over {} fact{}",
                a.variable,
                a.value,
                group.len(),
                if group.len() == 1 { "" } else { "s" }
            ));
            for f in group.iter().take(GROUP_SHOWN) {
                out.push(format!("  counted {f}"));
            }
            if group.len() > GROUP_SHOWN {
                out.push(format!("  … and {} more", group.len() - GROUP_SHOWN));
            }
        }
    }
    out
}

/// Writes the explanation as one JSON document on one line (shape in the README, "why
/// --format json"; compact, since pretty-printing a tall proof grows with the square of its
/// height).
pub fn write_json(ex: &Explanation, out: &mut dyn Write) -> io::Result<()> {
    let doc = to_json(ex);
    serde_json::to_writer(&mut *out, &doc)?;
    writeln!(out)
}

/// The explanation as a JSON value.
pub fn to_json(ex: &Explanation) -> Value {
    let mut doc = Map::new();
    doc.insert("atom".into(), json!(ex.atom));
    doc.insert("holds".into(), json!(ex.holds()));
    match &ex.outcome {
        WhyOutcome::Holds(answers) => {
            let answers: Vec<Value> = answers
                .iter()
                .map(|a| {
                    json!({
                        "fact": fact_json(&a.fact),
                        "proofs": a.proofs.iter().map(|p| proof_json(p, ex)).collect::<Vec<_>>(),
                    })
                })
                .collect();
            doc.insert("answers".into(), Value::Array(answers));
        }
        WhyOutcome::NoMatch(p) => {
            doc.insert("answers".into(), json!([]));
            doc.insert("pattern".into(), pattern_json(p));
        }
        WhyOutcome::DoesNotHold {
            fact,
            base,
            reasons,
        } => {
            doc.insert("answers".into(), json!([]));
            let rules: Vec<Value> = reasons
                .iter()
                .map(|r| {
                    let reason = match &r.reason {
                        Blocker::Head => json!({"kind": "head"}),
                        Blocker::Missing(p) => json!({"kind": "missing", "pattern": pattern_json(p)}),
                        Blocker::Present(f) => json!({
                            "kind": "present",
                            "fact": fact_json(f),
                            "evidence": ex.evidence_of(r).iter().map(evidence_json).collect::<Vec<_>>(),
                        }),
                        Blocker::Condition { text, .. } => {
                            json!({"kind": "condition", "text": text})
                        }
                    };
                    json!({
                        "rule": r.location,
                        "bindings": bindings_json(&r.bindings),
                        "reason": reason,
                    })
                })
                .collect();
            doc.insert(
                "why_not".into(),
                json!({"fact": fact_json(fact), "base": base, "rules": rules}),
            );
        }
    }
    Value::Object(doc)
}

fn constant_json(c: &Constant) -> Value {
    match c {
        Constant::Symbol(s) => json!(s),
        Constant::Number(n) => n
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| n.parse::<f64>().map(Value::from))
            .unwrap_or_else(|_| json!(n)),
    }
}

fn fact_json(f: &Fact) -> Value {
    json!({
        "relation": f.relation,
        "values": f.values.iter().map(constant_json).collect::<Vec<_>>(),
    })
}

fn pattern_json(p: &Pattern) -> Value {
    json!({
        "relation": p.relation,
        "values": p.values.iter().map(|v| v.as_ref().map_or(Value::Null, constant_json)).collect::<Vec<_>>(),
    })
}

fn bindings_json(bindings: &[(String, Constant)]) -> Value {
    Value::Object(
        bindings
            .iter()
            .map(|(v, c)| (v.clone(), constant_json(c)))
            .collect(),
    )
}

fn evidence_json(e: &Evidence) -> Value {
    json!({
        "origin": e.origin.as_str(),
        "source": e.source,
        "outlet": e.outlet,
        "published": e.published,
        "span": e.span.map(|s| json!([s.start, s.end])),
        "confidence": e.confidence,
        "url": e.url,
        "sentence": e.sentence,
    })
}

fn proof_json(p: &Proof, ex: &Explanation) -> Value {
    let mut node = Map::new();
    node.insert("fact".into(), fact_json(&p.fact));
    node.insert("iteration".into(), json!(p.iteration));
    match &p.step {
        Step::Input => {
            node.insert("kind".into(), json!("base"));
            let evidence = ex.evidence.get(&p.fact).map_or(&[][..], Vec::as_slice);
            node.insert(
                "evidence".into(),
                Value::Array(evidence.iter().map(evidence_json).collect()),
            );
        }
        Step::Cut => {
            node.insert("kind".into(), json!("cut"));
        }
        Step::Rule {
            location,
            bindings,
            premises,
            absent,
            aggregates,
            ..
        } => {
            node.insert("kind".into(), json!("rule"));
            node.insert("rule".into(), json!(location));
            node.insert("bindings".into(), bindings_json(bindings));
            node.insert(
                "premises".into(),
                Value::Array(premises.iter().map(|q| proof_json(q, ex)).collect()),
            );
            node.insert(
                "absent".into(),
                Value::Array(absent.iter().map(pattern_json).collect()),
            );
            let aggregates: Vec<Value> = aggregates
                .iter()
                .map(|a| {
                    json!({
                        "variable": a.variable,
                        "value": constant_json(&a.value),
                        "group": a.group.as_ref().map(|g| g.iter().map(fact_json).collect::<Vec<_>>()),
                    })
                })
                .collect();
            node.insert("aggregates".into(), Value::Array(aggregates));
        }
    }
    Value::Object(node)
}
