//! Proof drawings: the proofs of an [`Explanation`] (or why its atom does not hold) as a
//! Graphviz `digraph` and as SVG laid out in-process.
//!
//! Facts are ellipses, rule instances boxes, sources notes. The picture reads top-down, from
//! the fact asked about to the sources: a fact points to the rule box that derives it, the
//! rule box to its premises (negated premises dashed and labelled `not`, the facts an
//! aggregate counted dotted), each base fact to the notes of its sources. Several proofs are
//! drawn side by side, one cluster each; inside one proof a fact used twice is one node, and a
//! source (document and span) shared by facts is one note. Node ids are numbered in walk order
//! (`p2_n3`: proof 2, node 3) and nothing is iterated in hash order, so the output is
//! deterministic. This module only draws: it neither evaluates nor prints.

use super::ExportError;
use super::dot::{attributes, node_styles, quoted, write_header};
use super::style::{BASE_COLOR, ProofEdgeKind, ProofNodeKind, proof_edge_style, proof_node_style};
use crate::datalog::{AggregateStep, Blocker, Constant, Fact, GROUP_LIMIT, Proof, Step};
use crate::query::why::{Evidence, Explanation, WhyOutcome};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The most facts of an aggregate's group drawn (as the text tree lists).
const GROUP_SHOWN: usize = 10;
/// Sentences in source notes are wrapped at about this many characters.
const WRAP: usize = 60;

/// A node of a proof drawing.
struct Node {
    id: String,
    label: String,
    kind: ProofNodeKind,
}

/// An edge of a proof drawing, between nodes of one [`Part`] by index.
#[derive(PartialEq)]
struct Edge {
    from: usize,
    to: usize,
    label: String,
    kind: ProofEdgeKind,
}

/// One proof, or the picture of why an atom does not hold: a cluster of the DOT output when
/// there are several.
struct Part {
    /// `proof 1 of 2`, `answer 2 of 3`: set when there are several parts.
    title: Option<String>,
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

/// Writes the explanation as a Graphviz `digraph` (top to bottom), accepted by `dot -Tsvg`:
/// facts as ellipses (derived and base facts in different fills), rule instances as boxes with
/// their bindings, sources as notes. Edges point down the proof: fact → the rule that derives
/// it → its premises → for a base fact, its sources; a negated premise is a dashed
/// `no …` node on a dashed edge labelled `not`, an aggregate's counted facts hang on dotted
/// edges. Several proofs are one `subgraph cluster_N` each (`proof 1 of 2`). When the atom
/// does not hold, the fact is outlined red and each rule that could derive it points to what
/// fails; when no fact matches, one node says so.
pub fn write_proof_dot(ex: &Explanation, out: &mut dyn Write) -> io::Result<()> {
    write_header(out, "proof", "TB")?;
    for (i, part) in parts(ex).iter().enumerate() {
        let indent = match &part.title {
            Some(title) => {
                let id = format!("cluster_{}", i + 1);
                writeln!(out, "  subgraph {} {{", quoted(&id))?;
                writeln!(
                    out,
                    "    graph {};",
                    attributes(&[
                        ("label", title),
                        ("style", "rounded"),
                        ("color", BASE_COLOR)
                    ])
                )?;
                "    "
            }
            None => "  ",
        };
        for n in &part.nodes {
            let s = proof_node_style(n.kind);
            writeln!(
                out,
                "{indent}{} {};",
                quoted(&n.id),
                attributes(&[
                    ("label", &n.label),
                    ("shape", s.shape.dot_shape()),
                    ("style", &node_styles(s)),
                    ("fillcolor", s.fill),
                    ("color", s.border),
                ])
            )?;
        }
        for e in &part.edges {
            let s = proof_edge_style(e.kind);
            let mut attrs = Vec::with_capacity(4);
            if !e.label.is_empty() {
                attrs.push(("label", e.label.as_str()));
            }
            attrs.extend([
                ("color", s.color),
                ("fontcolor", s.color),
                ("style", s.line.dot_style()),
            ]);
            writeln!(
                out,
                "{indent}{} -> {} {};",
                quoted(&part.nodes[e.from].id),
                quoted(&part.nodes[e.to].id),
                attributes(&attrs)
            )?;
        }
        if part.title.is_some() {
            writeln!(out, "  }}")?;
        }
    }
    writeln!(out, "}}")
}

/// The DOT text of [`write_proof_dot`], for [`super::render_svg_with_graphviz`].
pub fn proof_dot_string(ex: &Explanation) -> String {
    let mut out = Vec::new();
    write_proof_dot(ex, &mut out).expect("invariant: writing to a Vec cannot fail");
    String::from_utf8(out).expect("invariant: the DOT writer writes UTF-8")
}

/// Renders the drawing of [`write_proof_dot`] as SVG in-process: an indented tree, top-down,
/// with the sources in a column on the right ([`draw`]). Every node label and every edge
/// label appears in the SVG as text (a rule's bindings set on one or two lines).
pub fn render_proof_svg(ex: &Explanation) -> Result<String, ExportError> {
    draw::render(&parts(ex))
}

/// The parts of the drawing: one per proof, or the one picture of why the atom does not hold
/// or of no match.
fn parts(ex: &Explanation) -> Vec<Part> {
    match &ex.outcome {
        WhyOutcome::Holds(answers) => {
            let total: usize = answers.iter().map(|a| a.proofs.len().max(1)).sum();
            let mut parts = Vec::with_capacity(total);
            for (i, a) in answers.iter().enumerate() {
                let proofs = a.proofs.len();
                let title = |j: usize| {
                    let mut words = Vec::new();
                    if answers.len() > 1 {
                        words.push(format!("answer {} of {}", i + 1, answers.len()));
                    }
                    if proofs > 1 {
                        words.push(format!("proof {} of {proofs}", j + 1));
                    }
                    (total > 1).then(|| words.join(", "))
                };
                if a.proofs.is_empty() {
                    let mut b = Builder::new(ex, parts.len() + 1);
                    b.held(&a.fact, None);
                    parts.push(b.finish(title(0)));
                }
                for (j, p) in a.proofs.iter().enumerate() {
                    let mut b = Builder::new(ex, parts.len() + 1);
                    b.proof(p, None);
                    parts.push(b.finish(title(j)));
                }
            }
            parts
        }
        WhyOutcome::DoesNotHold {
            fact,
            base,
            reasons,
        } => {
            let mut b = Builder::new(ex, 1);
            let root = b.node(ProofNodeKind::FailedFact, format!("{fact} does not hold"));
            if reasons.is_empty() {
                let why = if *base {
                    "a base relation, and no fact file states this fact"
                } else {
                    "no rule derives this relation, and the program states no such fact"
                };
                b.remark(root, why);
            }
            for r in reasons {
                let rule = b.node(
                    ProofNodeKind::Rule,
                    rule_label(&format!("rule {}", r.location), &r.bindings, &[]),
                );
                b.edge(root, rule, ProofEdgeKind::Failure, "");
                match &r.reason {
                    Blocker::Missing(p) => {
                        let n = b.absent(format!("missing {p}"));
                        b.edge(rule, n, ProofEdgeKind::Failure, "");
                    }
                    Blocker::Present(f) => {
                        b.held(f, Some((rule, ProofEdgeKind::Failure, "not")));
                    }
                    Blocker::Head => b.remark(
                        rule,
                        "head does not match\n(or no match of the body yields this fact)",
                    ),
                    Blocker::Condition { text, .. } => b.remark(rule, &format!("fails: {text}")),
                }
            }
            vec![b.finish(None)]
        }
        WhyOutcome::NoMatch(pattern) => {
            let mut b = Builder::new(ex, 1);
            b.node(
                ProofNodeKind::FailedFact,
                format!("no fact matches {pattern}"),
            );
            vec![b.finish(None)]
        }
    }
}

/// An edge into a node: from which node, of what kind, with what label.
type Via<'a> = Option<(usize, ProofEdgeKind, &'a str)>;

/// What makes two sources one note: the document and the span.
type SourceKey<'a> = (Option<&'a str>, Option<(u32, u32)>);

/// A fact's node in the part being built.
struct FactNode {
    index: usize,
    /// Whether its derivation (or for a base fact, its sources) is drawn.
    drawn: bool,
}

/// Builds one [`Part`], walking a proof depth-first.
struct Builder<'e> {
    ex: &'e Explanation,
    part: usize,
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    facts: BTreeMap<&'e Fact, FactNode>,
    /// Absent facts by label.
    absent: BTreeMap<String, usize>,
    /// Source notes by (source, span).
    sources: BTreeMap<SourceKey<'e>, usize>,
}

impl<'e> Builder<'e> {
    fn new(ex: &'e Explanation, part: usize) -> Builder<'e> {
        Builder {
            ex,
            part,
            nodes: Vec::new(),
            edges: Vec::new(),
            facts: BTreeMap::new(),
            absent: BTreeMap::new(),
            sources: BTreeMap::new(),
        }
    }

    fn finish(self, title: Option<String>) -> Part {
        Part {
            title,
            nodes: self.nodes,
            edges: self.edges,
        }
    }

    fn node(&mut self, kind: ProofNodeKind, label: String) -> usize {
        let index = self.nodes.len();
        self.nodes.push(Node {
            id: format!("p{}_n{}", self.part, index + 1),
            label,
            kind,
        });
        index
    }

    /// A remark on why `from` fails.
    fn remark(&mut self, from: usize, text: &str) {
        let n = self.node(ProofNodeKind::Remark, text.to_string());
        self.edge(from, n, ProofEdgeKind::Failure, "");
    }

    /// Adds an edge, unless the same one is already there (a rule using one fact twice).
    fn edge(&mut self, from: usize, to: usize, kind: ProofEdgeKind, label: &str) {
        let edge = Edge {
            from,
            to,
            label: label.to_string(),
            kind,
        };
        if !self.edges.contains(&edge) {
            self.edges.push(edge);
        }
    }

    /// Adds the edge `via` into node `to`, if any.
    fn link(&mut self, via: Via<'_>, to: usize) {
        if let Some((from, kind, label)) = via {
            self.edge(from, to, kind, label);
        }
    }

    /// The node of a proof's fact, reached `via` an edge, with its derivation (or sources)
    /// drawn under it the first time the proof shows one.
    fn proof(&mut self, p: &'e Proof, via: Via<'_>) -> usize {
        let index = match self.facts.get(&p.fact) {
            Some(f) if f.drawn || p.step == Step::Cut => {
                let index = f.index;
                self.link(via, index);
                return index;
            }
            Some(f) => {
                // Seen before without its derivation (cut, or counted by an aggregate).
                let node = &mut self.nodes[f.index];
                node.kind = match p.step {
                    Step::Input => ProofNodeKind::BaseFact,
                    _ => ProofNodeKind::DerivedFact,
                };
                node.label = p.fact.to_string();
                f.index
            }
            None => {
                let (kind, label) = match p.step {
                    Step::Input => (ProofNodeKind::BaseFact, p.fact.to_string()),
                    Step::Cut => (ProofNodeKind::CutFact, format!("{} …", p.fact)),
                    Step::Rule { .. } => (ProofNodeKind::DerivedFact, p.fact.to_string()),
                };
                let index = self.node(kind, label);
                self.facts.insert(
                    &p.fact,
                    FactNode {
                        index,
                        drawn: false,
                    },
                );
                index
            }
        };
        self.link(via, index);
        if p.step != Step::Cut {
            if let Some(f) = self.facts.get_mut(&p.fact) {
                f.drawn = true;
            }
        }
        match &p.step {
            // Left as is: a later, whole proof of the same fact draws its derivation.
            Step::Cut => {}
            Step::Input => self.sources_of(index, &p.fact),
            Step::Rule {
                bindings,
                premises,
                absent,
                aggregates,
                ..
            } => {
                let what = p.caption().unwrap_or_default();
                let rule = self.node(ProofNodeKind::Rule, rule_label(&what, bindings, aggregates));
                self.edge(index, rule, ProofEdgeKind::Step, "");
                for q in premises {
                    self.proof(q, Some((rule, ProofEdgeKind::Step, "")));
                }
                for a in absent {
                    let n = self.absent(format!("no {a}"));
                    self.edge(rule, n, ProofEdgeKind::Negated, "not");
                }
                for a in aggregates {
                    let Some(group) = &a.group else { continue };
                    for f in group.iter().take(GROUP_SHOWN) {
                        self.held(f, Some((rule, ProofEdgeKind::Counted, &a.variable)));
                    }
                    if group.len() > GROUP_SHOWN {
                        let more = format!("… and {} more", group.len() - GROUP_SHOWN);
                        let n = self.node(ProofNodeKind::Remark, more);
                        self.edge(rule, n, ProofEdgeKind::Counted, &a.variable);
                    }
                }
            }
        }
        index
    }

    /// The node of a fact that holds, reached `via` an edge, its derivation not drawn: a base
    /// fact with its sources when the explanation has them.
    fn held(&mut self, fact: &'e Fact, via: Via<'_>) -> usize {
        if let Some(f) = self.facts.get(fact) {
            let index = f.index;
            self.link(via, index);
            return index;
        }
        let base = self.ex.evidence.contains_key(fact);
        let kind = if base {
            ProofNodeKind::BaseFact
        } else {
            ProofNodeKind::HeldFact
        };
        let index = self.node(kind, fact.to_string());
        self.facts.insert(fact, FactNode { index, drawn: base });
        self.link(via, index);
        self.sources_of(index, fact);
        index
    }

    /// The dashed node of a fact shown absent, one per label.
    fn absent(&mut self, label: String) -> usize {
        if let Some(&n) = self.absent.get(&label) {
            return n;
        }
        let n = self.node(ProofNodeKind::AbsentFact, label.clone());
        self.absent.insert(label, n);
        n
    }

    /// One note per source of a base fact (shared with the facts of the same source and
    /// span), the edge labelled with the origin and any confidence below 1.
    fn sources_of(&mut self, index: usize, fact: &Fact) {
        let ex = self.ex;
        let Some(list) = ex.evidence.get(fact) else {
            return;
        };
        for e in list {
            let key = (e.source.as_deref(), e.span.map(|s| (s.start, s.end)));
            let note = match self.sources.get(&key) {
                Some(&n) => n,
                None => {
                    let n = self.node(ProofNodeKind::Source, source_label(e));
                    self.sources.insert(key, n);
                    n
                }
            };
            let how = if e.confidence < 1.0 {
                format!("{} ({})", e.origin, e.confidence)
            } else {
                e.origin.to_string()
            };
            self.edge(index, note, ProofEdgeKind::Evidence, &how);
        }
    }
}

/// `rule t.dl:4:1`, then one line per binding (`c = "russia"`) and per aggregate
/// (`n = 2, aggregate over 2 facts`, in place of its binding).
fn rule_label(what: &str, bindings: &[(String, Constant)], aggregates: &[AggregateStep]) -> String {
    let mut lines = vec![what.to_string()];
    lines.extend(
        bindings
            .iter()
            .filter(|(v, _)| !aggregates.iter().any(|a| &a.variable == v))
            .map(|(v, c)| format!("{v} = {c}")),
    );
    for a in aggregates {
        lines.push(match &a.group {
            Some(group) => format!(
                "{} = {}, aggregate over {} fact{}",
                a.variable,
                a.value,
                group.len(),
                if group.len() == 1 { "" } else { "s" }
            ),
            None => format!(
                "{} = {}, aggregate over more than {GROUP_LIMIT} facts",
                a.variable, a.value
            ),
        });
    }
    lines.join("\n")
}

/// The source id, outlet and date, span, and the sentence wrapped: one item a line.
fn source_label(e: &Evidence) -> String {
    let mut lines = vec![e.source.clone().unwrap_or_else(|| "no source".into())];
    lines.extend(e.outlet_and_date());
    if let Some(span) = e.span {
        lines.push(format!("span {}..{}", span.start, span.end));
    }
    if let Some(sentence) = &e.sentence {
        lines.push(wrap(&format!("“{sentence}”"), WRAP));
    }
    lines.join("\n")
}

/// The words of `text` on lines of at most `width` characters (a longer word has its own
/// line).
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut line = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

mod draw;
#[cfg(test)]
mod tests;
