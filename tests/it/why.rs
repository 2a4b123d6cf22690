//! `factlog why`, `export --why` and the REPL's `.why`: proofs from an answer down to the
//! source sentences, why-not with exit 1, recursion, negation, aggregates, several proofs.

use crate::support::{assert_graphviz_accepts, diagnostics, factlog, repo, stderr, stdout};
use serde_json::Value;
use std::path::Path;

const RUSSIA_1994: &str = r#"opposed_without_veto_commitment("russia", "us_draft_1994_06_15")"#;

/// The built-in knowledge base without its factlog.toml (so no article is at hand unless
/// `--sources` says where).
fn kb_without_sources() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for sub in ["facts/background", "facts/articles", "queries"] {
        let from = repo().join(sub);
        let to = dir.path().join(sub);
        std::fs::create_dir_all(&to).expect("mkdir");
        for entry in std::fs::read_dir(&from).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
            }
        }
    }
    dir
}

/// `factlog why ATOM ARGS --format json` in `kb` (the built-in base when `None`); the exit
/// code and the document.
fn why_json(kb: Option<&Path>, atom: &str, args: &[&str]) -> (Option<i32>, Value) {
    let mut cmd = factlog();
    cmd.args(["why", atom, "--format", "json"]).args(args);
    if let Some(kb) = kb {
        cmd.arg("--kb").arg(kb);
    }
    let out = cmd.output().expect("runs");
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("valid JSON ({e}); stderr: {}", stderr(&out)));
    (out.status.code(), doc)
}

/// The 1-based line of `queries/stance.dl` on which the rule starting with `head` begins.
fn stance_line(head: &str) -> usize {
    let text = std::fs::read_to_string(repo().join("queries/stance.dl")).expect("stance.dl");
    text.lines()
        .position(|l| l.starts_with(head))
        .unwrap_or_else(|| panic!("a rule for {head} in stance.dl"))
        + 1
}

/// Every node of a JSON proof, depth first.
fn nodes(proof: &Value) -> Vec<&Value> {
    let mut out = vec![proof];
    for p in proof["premises"].as_array().into_iter().flatten() {
        out.extend(nodes(p));
    }
    out
}

fn fact_text(node: &Value) -> String {
    let values: Vec<String> = node["fact"]["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| v.to_string())
        .collect();
    format!(
        "{}({})",
        node["fact"]["relation"].as_str().expect("relation"),
        values.join(", ")
    )
}

fn find<'a>(proof: &'a Value, fact: &str) -> &'a Value {
    nodes(proof)
        .into_iter()
        .find(|n| fact_text(n) == fact)
        .unwrap_or_else(|| panic!("{fact} in the proof"))
}

#[test]
fn russias_1994_opposition_is_proved_down_to_kozyrevs_stance_and_role() {
    let kb = kb_without_sources();
    let (code, doc) = why_json(Some(kb.path()), RUSSIA_1994, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(doc["holds"], true);
    let answers = doc["answers"].as_array().expect("answers");
    assert_eq!(answers.len(), 1);
    let proof = &answers[0]["proofs"][0];
    assert_eq!(fact_text(proof), RUSSIA_1994);
    // The rule, by file and line, and its bindings.
    let line = stance_line("opposed_without_veto_commitment(c, x) :-");
    assert_eq!(proof["rule"], format!("queries/stance.dl:{line}:1"));
    assert_eq!(proof["bindings"]["c"], "russia");
    // The negated premise, checked absent.
    assert_eq!(
        proof["absent"],
        serde_json::json!([{"relation": "committed_to_veto", "values": ["russia", "us_draft_1994_06_15"]}])
    );
    // Down to Kozyrev: his stance (through the rule for representatives) and his role.
    let state_stance = find(
        proof,
        r#"state_stance("russia", "us_draft_1994_06_15", "oppose", "1994-06-16")"#,
    );
    let line = stance_line("state_stance(c, x, pos, d) :- stance(p, x, pos, d), represents(p, c).");
    assert_eq!(state_stance["rule"], format!("queries/stance.dl:{line}:1"));
    let stance = find(
        proof,
        r#"stance("andrei_kozyrev", "us_draft_1994_06_15", "oppose", "1994-06-16")"#,
    );
    assert_eq!(stance["kind"], "base");
    let evidence = stance["evidence"].as_array().expect("evidence");
    assert!(!evidence.is_empty());
    for e in evidence {
        assert_eq!(e["origin"], "curated");
        assert_eq!(e["source"], "mt_1994_06_17");
        assert_eq!(e["outlet"], "The Moscow Times (with AP and Reuters)");
        assert_eq!(e["published"], "1994-06-17");
        assert!(e["span"][0].as_u64() < e["span"][1].as_u64(), "{e}");
        assert_eq!(e["sentence"], Value::Null, "no article is at hand");
    }
    let role = find(
        proof,
        r#"holds_role("andrei_kozyrev", "foreign_minister", "russia", "1994-06-17")"#,
    );
    assert_eq!(role["evidence"][0]["source"], "mt_1994_06_17");
    // Every iteration strictly decreases from a derived fact to its premises.
    for n in nodes(proof) {
        for p in n["premises"].as_array().into_iter().flatten() {
            assert!(p["iteration"].as_u64() < n["iteration"].as_u64(), "{n}");
        }
    }
}

#[test]
fn the_text_tree_names_rules_sources_and_the_absent_veto_commitment() {
    let kb = kb_without_sources();
    let out = factlog()
        .args(["why", RUSSIA_1994, "--kb"])
        .arg(kb.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn a_fact_that_does_not_hold_exits_1_with_the_failing_premise_of_each_rule() {
    let atom = r#"opposed_without_veto_commitment("france", "us_draft_1994_06_15")"#;
    let out = factlog().args(["why", atom]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let line = stance_line("opposed_without_veto_commitment(c, x) :-");
    assert_eq!(
        stdout(&out),
        format!(
            "{atom} does not hold\n   rule queries/stance.dl:{line}:1: missing \
             publicly_opposed(\"france\", \"us_draft_1994_06_15\")\n      with c = \"france\", \
             x = \"us_draft_1994_06_15\"\n"
        )
    );
    let (code, doc) = why_json(None, atom, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(doc["holds"], false);
    assert_eq!(doc["why_not"]["rules"][0]["reason"]["kind"], "missing");
}

#[test]
fn a_negation_blocks_a_rule_with_the_fact_that_holds() {
    // Russia declined to commit on the 1994 draft, so it is not "flatly" opposed.
    let (code, doc) = why_json(
        None,
        r#"flatly_opposed("russia", "us_draft_1994_06_15")"#,
        &["--rules", "tests/why/allies.dl"],
    );
    assert_eq!(code, Some(1));
    let reason = &doc["why_not"]["rules"][0]["reason"];
    assert_eq!(reason["kind"], "present");
    assert_eq!(
        reason["fact"],
        serde_json::json!({"relation": "declined_to_commit", "values": ["russia", "us_draft_1994_06_15"]})
    );
    assert_eq!(
        doc["why_not"]["rules"][0]["rule"],
        "tests/why/allies.dl:15:1"
    );
}

#[test]
fn a_base_fact_that_is_not_stated_does_not_hold() {
    let out = factlog()
        .args([
            "why",
            r#"stance("russia", "us_draft_1994_06_15", "will_veto", "")"#,
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("it is a base relation"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn recursion_through_a_cycle_gives_a_well_founded_path() {
    let (code, doc) = why_json(None, r#"path("a", "d")"#, &["--rules", "tests/why/path.dl"]);
    assert_eq!(code, Some(0));
    let proof = &doc["answers"][0]["proofs"][0];
    // a → b → c → d, each edge a fact written in the rules file; never round the cycle.
    let edges: Vec<String> = nodes(proof)
        .into_iter()
        .filter(|n| n["fact"]["relation"] == "edge")
        .map(fact_text)
        .collect();
    assert_eq!(
        edges,
        [
            r#"edge("a", "b")"#,
            r#"edge("b", "c")"#,
            r#"edge("c", "d")"#
        ]
    );
    let paths: Vec<String> = nodes(proof)
        .into_iter()
        .filter(|n| n["fact"]["relation"] == "path")
        .map(fact_text)
        .collect();
    assert_eq!(
        paths,
        [
            r#"path("a", "d")"#,
            r#"path("a", "c")"#,
            r#"path("a", "b")"#
        ]
    );
    assert_eq!(
        find(proof, r#"edge("c", "d")"#)["rule"],
        "tests/why/path.dl:7:1"
    );
    // From the exit of the cycle there is no way back.
    let (code, doc) = why_json(None, r#"path("d", "a")"#, &["--rules", "tests/why/path.dl"]);
    assert_eq!(code, Some(1));
    let kinds: Vec<&Value> = doc["why_not"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| &r["reason"]["pattern"])
        .collect();
    assert_eq!(
        kinds,
        [
            &serde_json::json!({"relation": "edge", "values": ["d", "a"]}),
            &serde_json::json!({"relation": "path", "values": ["d", null]}),
        ]
    );
}

#[test]
fn an_aggregate_shows_the_group_it_counted() {
    let (code, doc) = why_json(
        None,
        r#"opposition("us_draft_1994_06_15", N)"#,
        &["--rules", "tests/why/allies.dl"],
    );
    assert_eq!(code, Some(0));
    let proof = &doc["answers"][0]["proofs"][0];
    assert_eq!(proof["fact"]["values"][1], 2);
    let aggregate = &proof["aggregates"][0];
    assert_eq!(aggregate["variable"], "n");
    assert_eq!(aggregate["value"], 2);
    assert_eq!(
        aggregate["group"],
        serde_json::json!([
            {"relation": "publicly_opposed", "values": ["china", "us_draft_1994_06_15"]},
            {"relation": "publicly_opposed", "values": ["russia", "us_draft_1994_06_15"]},
        ])
    );
}

#[test]
fn several_proofs_are_listed_least_height_first_with_all() {
    let atom = r#"allies("russia", "china")"#;
    let rules = ["--rules", "tests/why/allies.dl"];
    let (code, all) = why_json(None, atom, &[&rules[..], &["--all"]].concat());
    assert_eq!(code, Some(0));
    let proofs = all["answers"][0]["proofs"].as_array().expect("proofs");
    // Aligned on two proposals, 1994 and 2019 (and in 1994 through more than one stance).
    let mut through: Vec<&str> = proofs
        .iter()
        .map(|p| {
            p["premises"][0]["fact"]["values"][2]
                .as_str()
                .expect("proposal")
        })
        .collect();
    assert!(through.len() >= 2, "{through:?}");
    through.sort();
    through.dedup();
    assert_eq!(
        through,
        ["us_draft_1994_06_15", "us_press_statement_2019_12"]
    );
    // Every proof is listed once.
    for (i, p) in proofs.iter().enumerate() {
        assert!(!proofs[..i].contains(p), "proof {i} repeats an earlier one");
    }
    let heights: Vec<usize> = proofs.iter().map(height).collect();
    assert!(heights.windows(2).all(|w| w[0] <= w[1]), "{heights:?}");
    // The first of --all is the default proof.
    let (_, one) = why_json(None, atom, &rules);
    assert_eq!(one["answers"][0]["proofs"][0], proofs[0]);
    // --depth cuts below N rule steps.
    let (_, cut) = why_json(None, atom, &[&rules[..], &["--depth", "1"]].concat());
    let premise = &cut["answers"][0]["proofs"][0]["premises"][0];
    assert_eq!(premise["kind"], "cut");
}

fn height(p: &Value) -> usize {
    match p["kind"].as_str() {
        Some("rule") => {
            1 + p["premises"]
                .as_array()
                .expect("premises")
                .iter()
                .map(height)
                .max()
                .unwrap_or(0)
        }
        _ => 0,
    }
}

#[test]
fn an_atom_with_variables_explains_each_answer_in_sorted_order() {
    let (code, doc) = why_json(None, "opposed_without_veto_commitment(S, D)", &[]);
    assert_eq!(code, Some(0));
    let facts: Vec<String> = doc["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .map(fact_text)
        .collect();
    let mut sorted = facts.clone();
    sorted.sort();
    assert_eq!(facts, sorted);
    assert_eq!(facts.len(), 5, "the five of SCHEMA.md");
    let (code, doc) = why_json(None, r#"stance("nobody", _, P, _)"#, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(doc["answers"], serde_json::json!([]));
}

#[test]
fn the_provenance_filters_apply() {
    let (code, _) = why_json(None, RUSSIA_1994, &["--origin", "curated"]);
    assert_eq!(code, Some(0));
    // Only extracted facts: none of the curated evidence is left.
    let (code, doc) = why_json(None, RUSSIA_1994, &["--origin", "extracted"]);
    assert_eq!(code, Some(1));
    assert_eq!(doc["holds"], false);
}

#[test]
fn a_bad_atom_is_a_diagnostic_with_exit_2() {
    for (atom, code) in [
        ("opposed_without_veto_commitmnt(S, D)", "E0201"),
        ("publicly_opposed(S)", "E0202"),
        ("publicly_opposed(1, D)", "E0203"),
        ("publicly_opposed(S, D", "E0"),
    ] {
        let out = factlog().args(["why", atom]).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{atom}");
        let err = stderr(&out);
        assert!(err.contains(&format!("error[{code}")), "{atom}: {err}");
        assert!(err.contains("<atom>:1:"), "{atom}: {err}");
    }
}

#[test]
fn the_repl_explains_with_dot_why_including_rules_typed_there() {
    let input = ".decl opp(s: symbol)\n\
                 opp(S) :- publicly_opposed(S, _), !declined_to_commit(S, _).\n\
                 .why opp(\"france\")\n.why opp(\"russia\")\n";
    let out = factlog()
        .arg("repl")
        .write_stdin(input)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("opp(\"france\")\n│  rule <repl:2>:1:1"),
        "{text}"
    );
    assert!(text.contains("opp(\"russia\") does not hold"), "{text}");
    assert!(
        text.contains("declined_to_commit(\"russia\", \"us_draft_1994_06_15\") holds"),
        "{text}"
    );
}

#[test]
fn the_proof_is_drawn_as_dot_and_exported_as_svg() {
    let kb = kb_without_sources();
    let out = factlog()
        .args(["why", RUSSIA_1994, "--format", "dot", "--kb"])
        .arg(kb.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dot = stdout(&out);
    insta::assert_snapshot!(dot);
    // `export --why` writes the same drawing, atomically, as DOT or SVG.
    let file = kb.path().join("proof.dot");
    let out = factlog()
        .args(["export", "--why", RUSSIA_1994, "--format", "dot", "-o"])
        .arg(&file)
        .arg("--kb")
        .arg(kb.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).expect("written"), dot);
    let svg = kb.path().join("proof.svg");
    let out = factlog()
        .args(["export", "--why", RUSSIA_1994, "--format", "svg", "-o"])
        .arg(&svg)
        .arg("--kb")
        .arg(kb.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let svg = std::fs::read_to_string(&svg).expect("written");
    let doc = roxmltree::Document::parse(&svg).expect("the SVG is XML");
    let text: String = doc
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n");
    for label in [
        "rule queries/stance.dl:35:1",
        "no committed_to_veto(\"russia\", \"us_draft_1994_06_15\")",
        "stance(\"andrei_kozyrev\", \"us_draft_1994_06_15\", \"oppose\", \"1994-06-16\")",
        "span 369..459",
    ] {
        assert!(text.contains(label), "{label} in the SVG");
    }
    // Graphviz, when installed, accepts the DOT.
    assert_graphviz_accepts(dot.as_bytes());
}

#[test]
fn export_why_of_a_fact_that_does_not_hold_draws_the_reasons_and_exits_1() {
    let out = factlog()
        .args([
            "export",
            "--why",
            r#"opposed_without_veto_commitment("france", "us_draft_1994_06_15")"#,
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let dot = stdout(&out);
    assert!(dot.contains("does not hold"), "{dot}");
    assert!(dot.contains("missing publicly_opposed"), "{dot}");
    let out = factlog()
        .args([
            "export",
            "--why",
            RUSSIA_1994,
            "--format",
            "facts",
            "-o",
            "x",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--format dot, svg or json"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_failing_comparison_is_named_with_its_values() {
    let out = factlog()
        .args([
            "why",
            r#"aligned("russia", "russia", "us_draft_1994_06_15")"#,
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let line = stance_line("aligned(c, o, x) :-");
    assert!(
        stdout(&out).contains(&format!(
            "rule queries/stance.dl:{line}:1: c != o is false (\"russia\" != \"russia\")"
        )),
        "{}",
        stdout(&out)
    );
    let (_, doc) = why_json(
        None,
        r#"opposition("us_draft_1994_06_15", 5)"#,
        &["--rules", "tests/why/allies.dl"],
    );
    assert_eq!(
        doc["why_not"]["rules"][0]["reason"],
        serde_json::json!({"kind": "condition", "text": "n = count : {…} is false (5 = 2)"})
    );
}

#[test]
fn requests_that_make_no_sense_are_refused() {
    let out = factlog()
        .args(["why", RUSSIA_1994, "--all", "--limit", "0"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // --depth on export means rule steps with --why, entity hops with --around, else nothing.
    let out = factlog()
        .args(["export", "--depth", "2"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--depth needs --around"),
        "{}",
        stderr(&out)
    );
    let out = factlog()
        .args([
            "export",
            "--why",
            RUSSIA_1994,
            "--depth",
            "1",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let premise = &doc["answers"][0]["proofs"][0]["premises"][0];
    assert_eq!(premise["kind"], "cut", "{doc}");
    // Writing into a folder that does not exist names the file asked for.
    let out = factlog()
        .args(["export", "--why", RUSSIA_1994, "-o", "no/such/folder/p.dot"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        diagnostics(&out),
        "error: cannot write no/such/folder/p.dot: the folder no/such/folder does not exist\n"
    );
    // The REPL's .why needs an atom.
    let out = factlog()
        .arg("repl")
        .write_stdin(".why\n")
        .output()
        .expect("runs");
    assert!(
        stderr(&out).contains(".why needs an atom"),
        "{}",
        stderr(&out)
    );
}
