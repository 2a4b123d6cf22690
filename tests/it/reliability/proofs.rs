//! Reliability findings 14 and 25: tall and branching proofs (the text tree, the node budget
//! in every format, `--all` on exponentially many proofs) and large drawings.

use crate::support::{stderr, stdout};

/// A knowledge base of `n + 1` organizations `n0 … nN` in a chain of `organ_of` facts.
fn chain_kb(n: usize) -> crate::support::TempKb {
    let entities: Vec<serde_json::Value> = (0..=n)
        .map(|i| serde_json::json!({"id": format!("n{i}"), "kind": "organization", "name": format!("N{i}")}))
        .collect();
    let facts: Vec<serde_json::Value> = (0..n)
        .map(|i| serde_json::json!({"relation": "organ_of", "args": [format!("n{i}"), format!("n{}", i + 1)]}))
        .collect();
    let doc = serde_json::json!({"schema": 1, "entities": entities, "facts": facts}).to_string();
    crate::support::TempKb::new(&[("chain.json", &doc)])
}

/// Writes a rules file into the knowledge base's folder; returns its path as text.
fn rules_file(kb: &crate::support::TempKb, text: &str) -> String {
    let path = kb.path().join("rules.dl");
    std::fs::write(&path, text).expect("rules file");
    path.to_string_lossy().into_owned()
}

const REACH: &str = ".decl reach(x: Id)\nreach(\"n0\").\nreach(y) :- reach(x), organ_of(x, y).\n";

// Reliability finding 14: the text tree of a tall proof was quadratic in its height (10,000
// steps took 1.2 GB; 100,000 steps 24 GB). Now it indents at most 40 levels and continues
// deeper derivations as numbered trees: the text grows with the proof.
#[test]
fn the_text_of_a_tall_proof_grows_with_its_size_not_the_square_of_its_height() {
    let kb = chain_kb(2_000);
    let rules = rules_file(&kb, REACH);
    let out = kb
        .factlog(&["why", r#"reach("n2000")"#, "--rules", &rules])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        crate::support::stderr(&out)
    );
    let text = crate::support::stdout(&out);
    // 4,001 facts, about three lines each: well under the 18 MB the indented tree took.
    assert!(text.len() < 3_000_000, "{} bytes", text.len());
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest < 200, "a line of {widest} characters");
    assert!(
        text.contains(r#"reach("n1960") … continued below (1)"#),
        "{}",
        &text[..2000]
    );
    assert!(text.contains(r#"(1) continued: the derivation of reach("n1960"), 40 levels down"#));
    // The foot of the proof is there: the fact of the rules file and the first edge.
    assert!(text.contains(r#"organ_of("n0", "n1")"#));
    assert!(text.contains("fact written at"));
    assert!(
        !text.contains("--max-proof-nodes"),
        "the whole proof fits the default budget"
    );
}

// Reliability finding 14: `why` on a 100,000-step proof grew to 24 GB. The proofs shown are
// capped (`--max-proof-nodes`, default 10000), nearest the answer first, and every output
// says what was cut.
#[test]
fn a_proof_past_the_node_budget_is_cut_and_every_format_says_so() {
    let kb = chain_kb(12_000);
    let rules = rules_file(&kb, REACH);
    let atom = r#"reach("n12000")"#;
    let out = kb
        .factlog(&["why", atom, "--rules", &rules])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        crate::support::stderr(&out)
    );
    let text = crate::support::stdout(&out);
    assert!(
        text.trim_end().ends_with(
            "note: the proofs were cut at 10000 nodes (--max-proof-nodes): 1 derived fact marked `…` is not expanded (raise --max-proof-nodes, or cut with --depth)"
        ),
        "{}",
        &text[text.len().saturating_sub(500)..]
    );
    assert!(text.contains("derived; not expanded: the proofs reached --max-proof-nodes"));
    let out = kb
        .factlog(&[
            "why",
            atom,
            "--rules",
            &rules,
            "--format",
            "json",
            "--max-proof-nodes",
            "101",
        ])
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        doc["node_limit"],
        serde_json::json!({"max_nodes": 101, "unexpanded": 1})
    );
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    let mut stack = vec![&doc["answers"][0]["proofs"][0]];
    while let Some(n) = stack.pop() {
        *kinds
            .entry(n["kind"].as_str().unwrap_or("?").to_string())
            .or_default() += 1;
        stack.extend(n["premises"].as_array().into_iter().flatten());
    }
    // 50 levels of reach(y) ← reach(x), organ_of(x, y), and the truncated reach at the foot.
    assert_eq!(kinds["rule"], 50, "{kinds:?}");
    assert_eq!(kinds["base"], 50, "{kinds:?}");
    assert_eq!(kinds["truncated"], 1, "{kinds:?}");
    let out = kb
        .factlog(&[
            "export",
            "--why",
            atom,
            "--rules",
            &rules,
            "--max-proof-nodes",
            "21",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let dot = crate::support::stdout(&out);
    assert!(dot.contains(r#"reach(\"n11990\") …"#), "the truncated fact");
    assert!(
        dot.contains("note: the proofs were cut at 21 nodes"),
        "the note"
    );
    crate::support::assert_graphviz_accepts(dot.as_bytes());
}

/// `d(nI)` through `a(nI)` or `b(nI)` to `d(nI+1)` along the chain: 2^N proofs of `d(nN)`.
const DIAMONDS: &str = ".decl d(x: Id)\n.decl a(x: Id)\n.decl b(x: Id)\nd(\"n0\").\n\
    a(x) :- d(x), organ_of(x, _).\nb(x) :- d(x), organ_of(x, _).\n\
    d(y) :- a(x), organ_of(x, y).\nd(y) :- b(x), organ_of(x, y).\n";

// Reliability finding 14: `why --all --limit 10` was exponential whatever the limit (46 s at
// 20 diamonds, more than 120 s at 40). 60 diamonds hold 2^60 proofs.
#[test]
fn every_proof_of_a_chain_of_diamonds_is_listed_within_the_limit() {
    let kb = chain_kb(60);
    let rules = rules_file(&kb, DIAMONDS);
    let out = kb
        .factlog(&[
            "why",
            r#"d("n60")"#,
            "--rules",
            &rules,
            "--all",
            "--limit",
            "10",
        ])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        crate::support::stderr(&out)
    );
    let text = crate::support::stdout(&out);
    let proofs: Vec<&str> = text.split("\n\nproof ").collect();
    assert_eq!(proofs.len(), 10, "{}", &text[..text.len().min(3000)]);
    assert!(
        text.starts_with("proof 1 of 10 (height 121):"),
        "{}",
        &text[..200]
    );
    let bodies: std::collections::BTreeSet<&str> = proofs
        .iter()
        .map(|p| p.split_once('\n').map_or("", |(_, body)| body))
        .collect();
    assert_eq!(bodies.len(), 10, "ten different proofs");
    assert!(!text.contains("--max-proof-nodes"));
}

/// `n` countries opposing one proposal: with `--derived`, `aligned` adds about n² edges.
fn opposing_countries(n: usize) -> crate::support::TempKb {
    let mut entities: Vec<serde_json::Value> = (0..n)
        .map(|i| serde_json::json!({"id": format!("c{i}"), "kind": "country", "name": format!("C{i}")}))
        .collect();
    entities.push(serde_json::json!({"id": "un", "kind": "body", "name": "UN"}));
    entities.push(serde_json::json!({"id": "x", "kind": "proposal", "name": "X"}));
    let mut facts = vec![
        serde_json::json!({"relation": "proposal", "args": ["x", "draft_resolution", "un", "2000-01-01"]}),
    ];
    facts.extend((0..n).map(|i| {
        serde_json::json!({"relation": "stance", "args": [format!("c{i}"), "x", "oppose", "2000-01-02"]})
    }));
    let doc = serde_json::json!({"schema": 1, "entities": entities, "facts": facts}).to_string();
    crate::support::TempKb::new(&[("d.json", &doc)])
}

// Reliability findings 14 and 25: the in-process layout (layout-rs then) took minutes on a
// 400-step proof and on a dense graph (N countries and their aligned pairs: 189 s at N = 14).
// Both are drawn now (the in-process layouts are linear; a proof drawing holds at most
// --max-proof-nodes facts); the timeout guards against a return of the cliff.
#[test]
fn the_in_process_layout_draws_dense_graphs_and_tall_proofs() {
    let dense = opposing_countries(14);
    let chain = chain_kb(400);
    let rules = rules_file(&chain, REACH);
    let cases = [
        (&dense, vec!["export", "--format", "svg", "--derived"]),
        (
            &chain,
            vec![
                "export",
                "--why",
                r#"reach("n400")"#,
                "--rules",
                &rules,
                "--format",
                "svg",
            ],
        ),
    ];
    for (kb, args) in cases {
        let out = kb
            .factlog(&args)
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let svg = stdout(&out);
        roxmltree::Document::parse(&svg).expect("well-formed SVG");
        assert!(svg.contains("C13") || svg.contains("n399"), "{args:?}");
    }
}
