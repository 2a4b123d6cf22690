//! The explainer's tests: proofs, every proof, why-not, on programs evaluated by both engines.

use super::*;
use crate::eval::inputs::Inputs;
use crate::eval::setup::{Engine, EvalOptions};
use crate::program::builder::load_text;

const ENGINES: [Engine; 2] = [Engine::SemiNaive, Engine::Naive];

fn model(text: &str, inputs: &[(&str, &[&[&str]])], engine: Engine) -> (Program, Model) {
    let program = load_text("t.dl", text, &Default::default()).expect("checks");
    let mut given = Inputs::new();
    for (rel, rows) in inputs {
        given
            .add_rows(&program, rel, rows.iter())
            .expect("rows fit");
    }
    let options = EvalOptions {
        engine,
        ..EvalOptions::default()
    };
    let model = program.evaluate(&given, &options).expect("runs");
    (program, model)
}

/// Checks well-foundedness: every premise has a lower iteration than its conclusion, and no
/// fact repeats along a branch.
fn well_founded(p: &Proof, branch: &mut Vec<Fact>) {
    assert!(!branch.contains(&p.fact), "circular proof at {:?}", p.fact);
    if let Step::Rule { premises, .. } = &p.step {
        branch.push(p.fact.clone());
        for q in premises {
            assert!(q.iteration < p.iteration, "{:?} under {:?}", q.fact, p.fact);
            well_founded(q, branch);
        }
        branch.pop();
    } else {
        assert_eq!(p.step, Step::Input);
    }
    if p.iteration == 0 {
        assert!(p.height() <= 1, "an input or a fact: {:?}", p.fact);
    }
}

fn premises(p: &Proof) -> Vec<String> {
    match &p.step {
        Step::Rule { premises, .. } => premises
            .iter()
            .map(|q| {
                format!(
                    "{}({})",
                    q.fact.relation,
                    q.fact
                        .values
                        .iter()
                        .map(Constant::text)
                        .collect::<Vec<_>>()
                        .join(",")
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

const TC: &str = ".decl edge(x: number, y: number)\n.decl path(x: number, y: number)\n\
                  path(x, y) :- edge(x, y).\npath(x, z) :- path(x, y), edge(y, z).\n";
const CYCLE: &[&[&str]] = &[&["1", "2"], &["2", "3"], &["3", "1"], &["3", "4"]];

#[test]
fn iterations_are_zero_for_inputs_and_grow_along_derivations() {
    for engine in ENGINES {
        let (_, m) = model(TC, &[("edge", CYCLE)], engine);
        let edge = m.relation("edge").expect("declared");
        let path = m.relation("path").expect("declared");
        assert_eq!(edge.iteration_of(&["1", "2"]), Some(0));
        assert_eq!(edge.iteration_of(&["2", "1"]), None);
        let one = path.iteration_of(&["1", "2"]).expect("holds");
        let two = path.iteration_of(&["1", "3"]).expect("holds");
        let three = path.iteration_of(&["1", "4"]).expect("holds");
        assert!(
            0 < one && one < two && two < three,
            "{engine:?}: {one} {two} {three}"
        );
        assert_eq!(path.iteration_of(&["4", "1"]), None);
        assert_eq!(path.iteration_of(&["x", "1"]), None);
    }
}

#[test]
fn a_path_through_a_cycle_has_a_well_founded_proof_of_least_height() {
    for engine in ENGINES {
        let (p, m) = model(TC, &[("edge", CYCLE)], engine);
        let ex = Explainer::new(&p, &m);
        for row in m.relation("path").expect("declared").rows() {
            let row: Vec<&str> = row.iter().map(String::as_str).collect();
            let proof = ex.why("path", &row).expect("explains").expect("holds");
            well_founded(&proof, &mut Vec::new());
        }
        let proof = ex
            .why("path", &["1", "4"])
            .expect("explains")
            .expect("holds");
        assert_eq!(proof.height(), 3);
        assert_eq!(premises(&proof), ["path(1,3)", "edge(3,4)"]);
        let Step::Rule {
            rule,
            location,
            bindings,
            ..
        } = &proof.step
        else {
            panic!("derived")
        };
        assert_eq!((*rule, location.as_str()), (1, "t.dl:4:1"));
        let b = |n: &str, v: &str| (n.to_string(), Constant::Number(v.to_string()));
        assert_eq!(bindings, &[b("x", "1"), b("y", "3"), b("z", "4")]);
        // Through the cycle back to the start: 1 → 2 → 3 → 1.
        let back = ex
            .why("path", &["1", "1"])
            .expect("explains")
            .expect("holds");
        assert_eq!(back.height(), 3);
        well_founded(&back, &mut Vec::new());
        assert_eq!(
            ex.why("edge", &["1", "2"]).expect("ok").map(|p| p.step),
            Some(Step::Input)
        );
    }
}

#[test]
fn negated_premises_are_recorded_absent_and_block_why_not() {
    let text = ".decl node(x: symbol)\n.decl bad(x: symbol)\n.decl safe(x: symbol)\n\
                safe(x) :- node(x), !bad(x).\n";
    let nodes: &[&[&str]] = &[&["a"], &["b"]];
    let bad: &[&[&str]] = &[&["b"]];
    for engine in ENGINES {
        let (p, m) = model(text, &[("node", nodes), ("bad", bad)], engine);
        let ex = Explainer::new(&p, &m);
        let proof = ex.why("safe", &["a"]).expect("ok").expect("holds");
        let Step::Rule { absent, .. } = &proof.step else {
            panic!("derived")
        };
        let pattern = Pattern {
            relation: "bad".into(),
            values: vec![Some("a".into())],
        };
        assert_eq!(absent, &[pattern]);
        assert_eq!(premises(&proof), ["node(a)"]);
        let why_not = ex
            .why_not("safe", &["b"])
            .expect("ok")
            .expect("does not hold");
        let fact = Fact {
            relation: "bad".into(),
            values: vec!["b".into()],
        };
        assert_eq!(why_not.len(), 1);
        assert_eq!(why_not[0].reason, Blocker::Present(fact));
        assert_eq!(why_not[0].location, "t.dl:4:1");
        let missing = ex
            .why_not("safe", &["zz"])
            .expect("ok")
            .expect("does not hold");
        let pattern = Pattern {
            relation: "node".into(),
            values: vec![Some("zz".into())],
        };
        assert_eq!(missing[0].reason, Blocker::Missing(pattern));
        assert_eq!(ex.why_not("safe", &["a"]).expect("ok"), None);
    }
}

#[test]
fn an_aggregate_shows_the_group_it_counted() {
    let text = ".decl edge(x: number, y: number)\n.decl node(x: number)\n\
                .decl degree(x: number, n: number)\n\
                degree(x, n) :- node(x), n = count : { edge(x, _) }.\n";
    let nodes: &[&[&str]] = &[&["1"], &["4"]];
    for engine in ENGINES {
        let (p, m) = model(text, &[("edge", CYCLE), ("node", nodes)], engine);
        let ex = Explainer::new(&p, &m);
        let proof = ex.why("degree", &["3", "2"]).expect("ok");
        assert!(proof.is_none(), "3 is not a node");
        let proof = ex.why("degree", &["1", "1"]).expect("ok").expect("holds");
        let Step::Rule { aggregates, .. } = &proof.step else {
            panic!("derived")
        };
        let fact = Fact {
            relation: "edge".into(),
            values: vec![Constant::Number("1".into()), Constant::Number("2".into())],
        };
        assert_eq!(aggregates.len(), 1);
        assert_eq!(aggregates[0].variable, "n");
        assert_eq!(aggregates[0].value, Constant::Number("1".into()));
        assert_eq!(aggregates[0].group, Some(vec![fact]));
        let empty = ex.why("degree", &["4", "0"]).expect("ok").expect("holds");
        let Step::Rule { aggregates, .. } = &empty.step else {
            panic!("derived")
        };
        assert_eq!(aggregates[0].group, Some(Vec::new()));
        let why_not = ex.why_not("degree", &["1", "5"]).expect("ok").expect("no");
        // The checked body: node(x), the aggregate into a generated variable, then `n = ` it.
        assert_eq!(
            why_not[0].reason,
            Blocker::Condition {
                literal: 2,
                text: "n = count : {…} is false (5 = 1)".into()
            }
        );
    }
}

#[test]
fn several_proofs_come_least_height_first_then_in_rule_order() {
    let text = ".decl a(x: number)\n.decl b(x: number)\n.decl c(x: number)\n\
                .decl r(x: number)\n\
                r(x) :- c(x).\nr(x) :- a(x).\nr(x) :- b(x).\nc(x) :- b(x).\n";
    let one: &[&[&str]] = &[&["1"]];
    for engine in ENGINES {
        let (p, m) = model(text, &[("a", one), ("b", one)], engine);
        let ex = Explainer::new(&p, &m);
        // Rule 0 comes first but is higher (through c): rule 1 wins, rule 2 ties later.
        let best = ex.why("r", &["1"]).expect("ok").expect("holds");
        assert_eq!(premises(&best), ["a(1)"]);
        let all = ex.why_all("r", &["1"], 10, 100).expect("ok");
        let rules: Vec<(usize, usize)> = all
            .iter()
            .map(|p| match &p.step {
                Step::Rule { rule, .. } => (*rule, p.height()),
                _ => panic!("derived"),
            })
            .collect();
        assert_eq!(rules, [(1, 1), (2, 1), (0, 2)]);
        assert_eq!(all[0], best);
        // A depth cut leaves derived premises as cut leaves (rule 0's premise c(1)).
        let cut = ex.why_all("r", &["1"], 1, 100).expect("ok");
        let through_c = cut
            .iter()
            .find_map(|p| match &p.step {
                Step::Rule {
                    rule: 0, premises, ..
                } => Some(premises),
                _ => None,
            })
            .expect("a proof through rule 0");
        assert_eq!(through_c[0].step, Step::Cut);
        // A limit keeps the least-height proofs, the best first.
        assert_eq!(
            ex.why_all("r", &["1"], 10, 1).expect("ok"),
            std::slice::from_ref(&best)
        );
        assert_eq!(ex.why_all("r", &["1"], 10, 2).expect("ok").len(), 2);
        assert!(ex.why_all("r", &["7"], 10, 100).expect("ok").is_empty());
    }
}

#[test]
fn why_not_names_the_first_failing_premise_of_each_rule() {
    let (p, m) = model(TC, &[("edge", CYCLE)], Engine::SemiNaive);
    let ex = Explainer::new(&p, &m);
    let why_not = ex.why_not("path", &["4", "1"]).expect("ok").expect("no");
    let pattern = |rel: &str, v: [Option<&str>; 2]| {
        Blocker::Missing(Pattern {
            relation: rel.into(),
            values: v
                .iter()
                .map(|x| x.map(|n| Constant::Number(n.to_string())))
                .collect(),
        })
    };
    let reasons: Vec<&Blocker> = why_not.iter().map(|w| &w.reason).collect();
    assert_eq!(
        reasons,
        [
            &pattern("edge", [Some("4"), Some("1")]),
            &pattern("path", [Some("4"), None]),
        ]
    );
    assert_eq!(why_not[1].rule, 1);
    assert!(matches!(
        ex.why("nope", &["1"]),
        Err(ExplainError::UnknownRelation(_))
    ));
    assert!(matches!(
        ex.why("path", &["1"]),
        Err(ExplainError::Arity { .. })
    ));
    assert!(matches!(
        ex.why("path", &["x", "1"]),
        Err(ExplainError::BadValue { column: 0, .. })
    ));
}

#[test]
fn facts_of_the_program_are_explained_by_their_rule() {
    let text = ".decl e(x: number)\n.decl f(x: number)\ne(1).\nf(x) :- e(x).\n";
    let (p, m) = model(text, &[], Engine::SemiNaive);
    let ex = Explainer::new(&p, &m);
    assert_eq!(
        m.relation("e").and_then(|e| e.iteration_of(&["1"])),
        Some(0)
    );
    let proof = ex.why("f", &["1"]).expect("ok").expect("holds");
    assert_eq!(proof.height(), 2);
    let Step::Rule { premises, .. } = &proof.step else {
        panic!("derived")
    };
    let Step::Rule { location, .. } = &premises[0].step else {
        panic!("a fact names its rule")
    };
    assert_eq!((premises[0].iteration, location.as_str()), (0, "t.dl:3:1"));
}

#[test]
fn every_tuple_of_a_stratified_program_has_a_well_founded_proof_in_both_engines() {
    let text = ".decl edge(x: number, y: number)\n.decl node(x: number)\n\
                .decl reach(x: number, y: number)\n.decl unreached(x: number, y: number)\n\
                .decl deg(x: number, n: number)\n.decl big(x: number)\n\
                node(x) :- edge(x, _).\nnode(y) :- edge(_, y).\n\
                reach(x, y) :- edge(x, y).\nreach(x, z) :- reach(x, y), reach(y, z).\n\
                unreached(x, y) :- node(x), node(y), !reach(x, y).\n\
                deg(x, n) :- node(x), n = count : { reach(x, _) }.\n\
                big(x) :- deg(x, n), n > 3.\nbig(y) :- big(x), edge(x, y).\n";
    let mut s = 0x9e37_79b9_u64;
    let mut next = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s % 9).to_string()
    };
    let edges: Vec<[String; 2]> = (0..14).map(|_| [next(), next()]).collect();
    for engine in ENGINES {
        let program = load_text("t.dl", text, &Default::default()).expect("checks");
        let mut inputs = Inputs::new();
        inputs.add_rows(&program, "edge", &edges).expect("rows");
        let options = EvalOptions {
            engine,
            ..EvalOptions::default()
        };
        let m = program.evaluate(&inputs, &options).expect("runs");
        let ex = Explainer::new(&program, &m);
        let mut proved = 0;
        for rel in m.relations() {
            for row in rel.rows() {
                let row: Vec<&str> = row.iter().map(String::as_str).collect();
                let proof = ex.why(rel.name(), &row).expect("ok").expect("holds");
                assert_eq!(Some(proof.iteration), rel.iteration_of(&row));
                well_founded(&proof, &mut Vec::new());
                let all = ex.why_all(rel.name(), &row, 3, 20).expect("ok");
                assert!(!all.is_empty() && all[0].height() <= proof.height().max(3));
                proved += 1;
            }
        }
        assert!(proved > 30, "{engine:?}: {proved}");
        for x in 0..9 {
            let (x, y) = (x.to_string(), ((x + 4) % 9).to_string());
            let holds = ex.holds("reach", &[&x, &y]).expect("ok").is_some();
            let why_not = ex.why_not("reach", &[&x, &y]).expect("ok");
            assert_eq!(why_not.is_none(), holds);
            assert!(why_not.is_none_or(|w| w.len() == 2));
        }
    }
}

/// `cargo test --release --lib -- --ignored --nocapture explanation_timing`: the first
/// explanation (which builds the lookup tables) and a second one, on a transitive closure.
#[test]
#[ignore = "a timing for orientation, not a test"]
#[allow(clippy::print_stderr, reason = "a timing reports what it measured")]
fn explanation_timing() {
    let n = 1200u64;
    let mut s = 7u64;
    let mut next = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s % n).to_string()
    };
    let edges: Vec<[String; 2]> = (0..2 * n).map(|_| [next(), next()]).collect();
    let program = load_text("tc.dl", TC, &Default::default()).expect("checks");
    let mut inputs = Inputs::new();
    inputs.add_rows(&program, "edge", &edges).expect("rows");
    let m = program
        .evaluate(&inputs, &EvalOptions::default())
        .expect("runs");
    let rows = m.relation("path").expect("declared").rows();
    let ex = Explainer::new(&program, &m);
    for row in [&rows[rows.len() / 2], &rows[rows.len() / 3], &rows[7]] {
        let row: Vec<&str> = row.iter().map(String::as_str).collect();
        let t = std::time::Instant::now();
        let proof = ex.why("path", &row).expect("ok").expect("holds");
        eprintln!(
            "path({}) of {} tuples: height {} in {:?}",
            row.join(", "),
            rows.len(),
            proof.height(),
            t.elapsed()
        );
    }
}

#[test]
fn a_variable_repeated_in_a_premise_takes_one_value() {
    let text = ".decl e(a: symbol, b: symbol)\n.decl loopy(n: symbol)\n\
                .decl selfcount(n: number)\n.decl two(n: number)\n\
                loopy(n) :- e(n, _), e(x, x).\n\
                selfcount(n) :- n = count : { e(x, x) }.\n\
                two(n) :- n = count : { e(x, y), e(y, z) }.\n";
    let edges: &[&[&str]] = &[&["a", "b"], &["c", "c"], &["b", "d"], &["b", "e"]];
    for engine in ENGINES {
        let (p, m) = model(text, &[("e", edges)], engine);
        let ex = Explainer::new(&p, &m);
        let proof = ex.why("loopy", &["a"]).expect("ok").expect("holds");
        assert_eq!(premises(&proof), ["e(a,b)", "e(c,c)"]);
        let count = ex.why("selfcount", &["1"]).expect("ok").expect("holds");
        let Step::Rule { aggregates, .. } = &count.step else {
            panic!("derived, not {:?}", count.step)
        };
        let group: Vec<String> = aggregates[0]
            .group
            .iter()
            .flatten()
            .map(ToString::to_string)
            .collect();
        assert_eq!(group, [r#"e("c", "c")"#]);
        // Two of the three matches of the join share e(a, b): the group lists each fact once.
        let two = ex.why("two", &["3"]).expect("ok").expect("holds");
        let Step::Rule { aggregates, .. } = &two.step else {
            panic!("derived")
        };
        let group: Vec<String> = aggregates[0]
            .group
            .iter()
            .flatten()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            group,
            [
                r#"e("a", "b")"#,
                r#"e("b", "d")"#,
                r#"e("b", "e")"#,
                r#"e("c", "c")"#
            ]
        );
    }
}
