//! Proof drawings of real proofs: a small stance program evaluated and explained by the
//! engine, wrapped in [`Explanation`]s with hand-written evidence for its base facts.

use super::*;
use crate::datalog::{EvalOptions, Explainer, Inputs, Model, Pattern, Program, WhyNot, load_text};
use crate::export::dot::tests::graphviz_svg;
use crate::kb::{Origin, TextSpan};
use crate::query::why::Answer;

const RULES: &str = r#".decl stance(actor: symbol, proposal: symbol, position: symbol)
.decl said(actor: symbol, proposal: symbol, verb: symbol)
.decl member(actor: symbol)
.decl committed_to_veto(actor: symbol, proposal: symbol)
.decl proposal(p: symbol)
.decl opposed(actor: symbol, proposal: symbol)
.decl opposed_without_veto_commitment(actor: symbol, proposal: symbol)
.decl firmly_opposed(actor: symbol, proposal: symbol)
.decl opposition(proposal: symbol, n: number)
opposed(c, p) :- stance(c, p, "oppose").
opposed(c, p) :- said(c, p, "reject"), member(c).
opposed_without_veto_commitment(c, p) :- opposed(c, p), !committed_to_veto(c, p).
firmly_opposed(c, p) :- opposed(c, p), opposed_without_veto_commitment(c, p).
opposition(p, n) :- proposal(p), n = count : { stance(_, p, "oppose") }.
"#;

/// Rule locations in [`RULES`].
const OPPOSED_BY_STANCE: &str = "stance.dl:10:1";
const NEGATION: &str = "stance.dl:12:1";

struct Fixture {
    program: Program,
    model: Model,
}

fn fixture() -> Fixture {
    let program = load_text("stance.dl", RULES, &Default::default()).expect("checks");
    let big: Vec<[String; 3]> = (1..=12)
        .map(|i| [format!("state_{i:02}"), "big_draft".into(), "oppose".into()])
        .collect();
    let mut stance: Vec<Vec<&str>> = vec![
        vec!["russia", "us_draft", "oppose"],
        vec!["china", "us_draft", "oppose"],
        vec!["france", "us_draft", "support"],
    ];
    stance.extend(big.iter().map(|r| r.iter().map(String::as_str).collect()));
    let rows: [(&str, Vec<Vec<&str>>); 5] = [
        ("stance", stance),
        ("said", vec![vec!["russia", "us_draft", "reject"]]),
        ("member", vec![vec!["russia"]]),
        ("committed_to_veto", vec![vec!["china", "us_draft"]]),
        ("proposal", vec![vec!["us_draft"], vec!["big_draft"]]),
    ];
    let mut inputs = Inputs::new();
    for (rel, rows) in &rows {
        inputs
            .add_rows(&program, rel, rows.iter())
            .expect("rows fit");
    }
    let model = program
        .evaluate(&inputs, &EvalOptions::default())
        .expect("runs");
    Fixture { program, model }
}

fn fact(relation: &str, values: &[&str]) -> Fact {
    Fact {
        relation: relation.into(),
        values: values.iter().map(|&v| Constant::from(v)).collect(),
    }
}

const ITAR: &str = "Russia will reject the draft, a spokesman said, as long as it \
                    ignores the reports of the commission.";

fn e(
    origin: Origin,
    source: Option<&str>,
    about: Option<(&str, &str)>,
    span: Option<(u32, u32)>,
    confidence: f32,
    sentence: Option<&str>,
) -> Evidence {
    Evidence {
        origin,
        source: source.map(String::from),
        outlet: about.map(|(o, _)| o.to_string()),
        published: about.map(|(_, d)| d.to_string()),
        span: span.map(|(start, end)| TextSpan { start, end }),
        confidence,
        url: None,
        sentence: sentence.map(String::from),
    }
}

/// Evidence for some base facts: a long quoted sentence, a source and span shared by two
/// facts, a source without outlet or span, a curated fact without a source.
fn evidence() -> BTreeMap<Fact, Vec<Evidence>> {
    let itar = e(
        Origin::Extracted,
        Some("itar_1994_06_16"),
        Some(("ITAR-TASS", "1994-06-16")),
        Some((10, 95)),
        0.85,
        Some(ITAR),
    );
    BTreeMap::from([
        (
            fact("stance", &["russia", "us_draft", "oppose"]),
            vec![e(
                Origin::Curated,
                Some("mt_1994_06_17"),
                Some(("The Moscow Times", "1994-06-17")),
                Some((283, 371)),
                1.0,
                Some(
                    "Kozyrev said Moscow \"cannot accept\" the draft \\ as written, \
                     and would say so in the Council on Thursday.",
                ),
            )],
        ),
        (
            fact("said", &["russia", "us_draft", "reject"]),
            vec![itar.clone()],
        ),
        (
            fact("member", &["russia"]),
            vec![Evidence {
                origin: Origin::Curated,
                confidence: 1.0,
                ..itar
            }],
        ),
        (
            fact("stance", &["china", "us_draft", "oppose"]),
            vec![e(Origin::Curated, None, None, None, 1.0, None)],
        ),
        (
            fact("committed_to_veto", &["china", "us_draft"]),
            vec![e(
                Origin::Curated,
                Some("xinhua_1994_06_15"),
                None,
                None,
                1.0,
                None,
            )],
        ),
    ])
}

fn explanation(atom: String, outcome: WhyOutcome) -> Explanation {
    Explanation {
        atom,
        outcome,
        evidence: evidence(),
    }
}

/// The proofs of a fact that holds: the least-height one, or with `depth` all of them cut
/// at that depth.
fn holds(f: &Fixture, relation: &str, row: &[&str], depth: Option<usize>) -> Explanation {
    let ex = Explainer::new(&f.program, &f.model);
    let proofs = match depth {
        Some(d) => ex.why_all(relation, row, d, 100).expect("explains"),
        None => ex
            .why(relation, row)
            .expect("explains")
            .into_iter()
            .collect(),
    };
    let fact = proofs.first().expect("holds").fact.clone();
    let atom = fact.to_string();
    explanation(atom, WhyOutcome::Holds(vec![Answer { fact, proofs }]))
}

fn does_not_hold(f: &Fixture, relation: &str, row: &[&str]) -> Explanation {
    let ex = Explainer::new(&f.program, &f.model);
    let reasons = ex
        .why_not(relation, row)
        .expect("explains")
        .expect("does not hold");
    let fact = Fact {
        relation: relation.into(),
        values: row
            .iter()
            .map(|v| match v.parse::<i64>() {
                Ok(_) => Constant::Number(v.to_string()),
                Err(_) => Constant::from(*v),
            })
            .collect(),
    };
    explanation(
        fact.to_string(),
        WhyOutcome::DoesNotHold {
            fact,
            base: false,
            reasons,
        },
    )
}

fn no_match() -> Explanation {
    let pattern = Pattern {
        relation: "opposed".into(),
        values: vec![None, Some(Constant::from("say \"no\" \\"))],
    };
    explanation(pattern.to_string(), WhyOutcome::NoMatch(pattern))
}

fn every_kind(f: &Fixture) -> Vec<Explanation> {
    let all = Some(usize::MAX);
    vec![
        holds(
            f,
            "opposed_without_veto_commitment",
            &["russia", "us_draft"],
            all,
        ),
        holds(f, "opposition", &["us_draft", "2"], None),
        holds(f, "opposition", &["big_draft", "12"], None),
        holds(f, "firmly_opposed", &["russia", "us_draft"], None),
        holds(
            f,
            "opposed_without_veto_commitment",
            &["russia", "us_draft"],
            Some(1),
        ),
        does_not_hold(f, "opposed_without_veto_commitment", &["china", "us_draft"]),
        does_not_hold(f, "opposed", &["france", "us_draft"]),
        does_not_hold(f, "opposition", &["us_draft", "5"]),
        no_match(),
    ]
}

/// Snapshots the DOT text as `name`, beside the other export snapshots in
/// `src/export/snapshots/`.
fn assert_dot_snapshot(name: &str, dot: &str) {
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!(name, dot);
    });
}

/// The DOT lines of nodes whose label is `label`.
fn node_lines<'d>(dot: &'d str, label: &str) -> Vec<&'d str> {
    let needle = format!("[label=\"{}\", ", crate::export::escape(label));
    dot.lines()
        .filter(|l| l.contains(&needle) && !l.contains(" -> "))
        .collect()
}

#[test]
fn two_proofs_with_a_negation_and_shared_sources_snapshot() {
    let f = fixture();
    let ex = holds(
        &f,
        "opposed_without_veto_commitment",
        &["russia", "us_draft"],
        Some(usize::MAX),
    );
    let WhyOutcome::Holds(answers) = &ex.outcome else {
        panic!("holds")
    };
    assert_eq!(answers[0].proofs.len(), 2);
    let dot = proof_dot_string(&ex);
    assert!(dot.contains("subgraph \"cluster_2\" {"), "{dot}");
    assert!(dot.contains("label=\"proof 2 of 2\""), "{dot}");
    // said(…) and member(…) come from one sentence: one note in proof 2, two edges to it.
    let note = dot
        .lines()
        .filter(|l| l.contains("[label=\"itar_1994_06_16\\n"))
        .collect::<Vec<_>>();
    assert_eq!(note.len(), 1, "{dot}");
    assert!(note[0].contains("shape=\"note\""));
    let id = note[0].trim().split(' ').next().expect("an id");
    assert_eq!(dot.matches(&format!("-> {id} ")).count(), 2, "{dot}");
    // The negated premise, in each proof.
    let no = "no committed_to_veto(\"russia\", \"us_draft\")";
    let absent = node_lines(&dot, no);
    assert_eq!(absent.len(), 2, "{dot}");
    assert!(absent[0].contains("style=\"filled,dashed\""));
    assert_dot_snapshot("two_proofs_with_a_negation_and_shared_sources", &dot);
}

#[test]
fn an_aggregate_snapshot() {
    let f = fixture();
    let dot = proof_dot_string(&holds(&f, "opposition", &["us_draft", "2"], None));
    assert!(dot.contains("n = 2, aggregate over 2 facts"), "{dot}");
    assert_eq!(dot.matches("style=\"dotted\"").count(), 2, "{dot}");
    assert_dot_snapshot("an_aggregate", &dot);
}

#[test]
fn a_large_group_shows_ten_facts_and_how_many_more() {
    let f = fixture();
    let dot = proof_dot_string(&holds(&f, "opposition", &["big_draft", "12"], None));
    assert!(dot.contains("n = 12, aggregate over 12 facts"), "{dot}");
    assert_eq!(dot.matches("style=\"dotted\"").count(), 11, "{dot}");
    assert_eq!(node_lines(&dot, "… and 2 more").len(), 1, "{dot}");
    assert!(dot.contains("stance(\\\"state_10\\\""));
    assert!(!dot.contains("stance(\\\"state_11\\\""));
}

#[test]
fn a_fact_used_twice_in_one_proof_is_one_node_with_one_derivation() {
    let f = fixture();
    let dot = proof_dot_string(&holds(&f, "firmly_opposed", &["russia", "us_draft"], None));
    let opposed = node_lines(&dot, "opposed(\"russia\", \"us_draft\")");
    assert_eq!(opposed.len(), 1, "{dot}");
    let id = opposed[0].trim().split(' ').next().expect("an id");
    assert_eq!(dot.matches(&format!("-> {id} ")).count(), 2, "{dot}");
    assert_eq!(dot.matches(OPPOSED_BY_STANCE).count(), 1, "{dot}");
    assert!(!dot.contains("cluster"), "one proof, no cluster: {dot}");
}

#[test]
fn a_cut_proof_ends_in_a_dashed_ellipse() {
    let f = fixture();
    let ex = holds(
        &f,
        "opposed_without_veto_commitment",
        &["russia", "us_draft"],
        Some(1),
    );
    let dot = proof_dot_string(&ex);
    let cut = node_lines(&dot, "opposed(\"russia\", \"us_draft\") …");
    assert!(!cut.is_empty(), "{dot}");
    assert!(cut[0].contains("shape=\"ellipse\", style=\"filled,dashed\""));
    assert!(dot.contains(NEGATION));
    assert!(
        !dot.contains(OPPOSED_BY_STANCE),
        "cut below the first rule: {dot}"
    );
}

#[test]
fn why_not_with_a_blocking_fact_snapshot() {
    let f = fixture();
    let ex = does_not_hold(
        &f,
        "opposed_without_veto_commitment",
        &["china", "us_draft"],
    );
    let dot = proof_dot_string(&ex);
    let failed = node_lines(
        &dot,
        "opposed_without_veto_commitment(\"china\", \"us_draft\") does not hold",
    );
    assert_eq!(failed.len(), 1, "{dot}");
    assert!(failed[0].contains("color=\"#c0392b\""));
    assert!(dot.contains("label=\"not\""));
    assert!(
        dot.contains("xinhua_1994_06_15"),
        "the blocking fact's source"
    );
    assert_dot_snapshot("why_not_with_a_blocking_fact", &dot);
}

#[test]
fn why_not_names_missing_premises_failing_conditions_and_heads() {
    let f = fixture();
    let dot = proof_dot_string(&does_not_hold(&f, "opposed", &["france", "us_draft"]));
    for missing in [
        "missing stance(\"france\", \"us_draft\", \"oppose\")",
        "missing said(\"france\", \"us_draft\", \"reject\")",
    ] {
        let lines = node_lines(&dot, missing);
        assert_eq!(lines.len(), 1, "{missing}: {dot}");
        assert!(lines[0].contains("dashed"));
    }
    let dot = proof_dot_string(&does_not_hold(&f, "opposition", &["us_draft", "5"]));
    assert!(
        dot.contains("fails: n = count : {…} is false (5 = 2)"),
        "{dot}"
    );
    let head = WhyNot {
        rule: 0,
        location: "x.dl:1:1".into(),
        bindings: Vec::new(),
        reason: Blocker::Head,
    };
    let fact = fact("opposed", &["x", "y"]);
    let dot = proof_dot_string(&explanation(
        fact.to_string(),
        WhyOutcome::DoesNotHold {
            fact: fact.clone(),
            base: false,
            reasons: vec![head],
        },
    ));
    assert!(dot.contains("label=\"rule x.dl:1:1\""), "{dot}");
    assert!(dot.contains("head does not match"), "{dot}");
    let dot = proof_dot_string(&explanation(
        fact.to_string(),
        WhyOutcome::DoesNotHold {
            fact,
            base: true,
            reasons: Vec::new(),
        },
    ));
    assert!(dot.contains("no fact file states this fact"), "{dot}");
}

#[test]
fn no_match_is_one_node_with_its_pattern_escaped() {
    let dot = proof_dot_string(&no_match());
    let expected = r#"  "p1_n1" [label="no fact matches opposed(_, \"say \\\"no\\\" \\\\\")", "#;
    assert!(dot.contains(expected), "{dot}");
    assert!(!dot.contains(" -> "));
}

#[test]
fn node_ids_are_unique_and_the_output_deterministic() {
    let (a, b) = (fixture(), fixture());
    for (x, y) in every_kind(&a).iter().zip(every_kind(&b).iter()) {
        let dot = proof_dot_string(x);
        assert_eq!(dot, proof_dot_string(y));
        let mut ids: Vec<String> = parts(x)
            .into_iter()
            .flat_map(|p| p.nodes.into_iter().map(|n| n.id))
            .collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "{dot}");
    }
}

/// All text of the SVG's `text` elements, line by line.
fn text_lines(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("tspan") || n.has_tag_name("textPath"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_svg_parses_and_shows_every_label() {
    let f = fixture();
    for ex in every_kind(&f) {
        let svg = render_proof_svg(&ex).expect("laid out");
        assert_eq!(svg, render_proof_svg(&ex).expect("laid out again"));
        let lines = text_lines(&svg);
        for part in parts(&ex) {
            let labels = part
                .title
                .iter()
                .chain(part.nodes.iter().map(|n| &n.label))
                .chain(part.edges.iter().map(|e| &e.label));
            for label in labels {
                // A rule's bindings are set on one or two lines: each is within one.
                for line in label.lines() {
                    assert!(
                        lines.iter().any(|l| l.contains(line)),
                        "{line:?} missing from the SVG of {}",
                        ex.atom
                    );
                }
            }
        }
    }
}

#[test]
fn graphviz_accepts_every_drawing() {
    let f = fixture();
    for ex in every_kind(&f) {
        let Some(svg) = graphviz_svg(&proof_dot_string(&ex), "graphviz_accepts_every_drawing")
        else {
            return;
        };
        assert!(svg.contains("<svg"), "{}: {svg}", ex.atom);
    }
}

#[test]
fn wrap_breaks_between_words() {
    assert_eq!(wrap("a bb ccc dddd", 6), "a bb\nccc\ndddd");
    assert_eq!(wrap("  spaced   out  ", 60), "spaced out");
    assert_eq!(
        wrap("unbreakable_long_word x", 5),
        "unbreakable_long_word\nx"
    );
    assert_eq!(wrap("", 10), "");
    assert_eq!(wrap("Россия и Китай", 8), "Россия и\nКитай");
}
