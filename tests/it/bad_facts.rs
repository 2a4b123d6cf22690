//! Bad fact files: every problem of a run is reported together, each naming file, line and
//! column and what was expected; exit code 2; nothing half-loaded is used; no panic.

use crate::support::{TempKb, stderr};

const GOOD: &str = r#"{
  "schema": 1,
  "entities": [
    {"id": "ruritania", "kind": "country", "name": "Ruritania"},
    {"id": "draft_1", "kind": "proposal", "name": "Draft 1"}
  ],
  "facts": [
    {"relation": "stance", "args": ["ruritania", "draft_1", "oppose", "2020-01-02"]}
  ]
}
"#;

#[test]
fn every_problem_of_the_run_is_reported_with_file_line_and_column() {
    let bad = r#"{
  "schema": 1,
  "facts": [
    {"relation": "stance", "args": ["ruritania", "draft_1", "oppose"]},
    {"relation": "stanse", "args": ["ruritania", "draft_1", "oppose", ""]},
    {"relation": "stance", "args": ["ruritania", "draft_1", "oppose", "2020-13-01"]},
    {"relation": "stance", "args": ["ruritania", "draft_1", "against", ""]},
    {"relation": "vote", "args": ["atlantis", "draft_1", "for", ""]},
    {"relation": "publicly_opposed", "args": ["ruritania", "draft_1"]},
    {"relation": "stance", "args": ["ruritania", "draft_1", "support", "2020-01-02"]}
  ]
}
"#;
    let broken = "{\"schema\": 1, \"facts\": [\n  {\"relation\": \"stance\" \"args\": []}\n]}\n";
    let kb = TempKb::new(&[
        ("a_good.json", GOOD),
        ("b_bad.json", bad),
        ("c_broken.json", broken),
    ]);
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&out));
}

#[test]
fn a_curated_fact_wins_over_a_contradicting_extracted_one_with_a_warning() {
    let extracted = r#"{"schema": 1, "facts": [
  {"relation": "stance", "args": ["ruritania", "draft_1", "support", "2020-01-02"], "origin": "extracted", "confidence": 0.7}
]}
"#;
    let kb = TempKb::new(&[("a_good.json", GOOD), ("extracted/x.json", extracted)]);
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!(stderr(&out));
    // The extracted support is gone; the curated oppose stays.
    let out = kb
        .factlog(&["query", r#"stance("ruritania", P, Pos, D)"#])
        .output()
        .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "P\tPos\tD\ndraft_1\toppose\t2020-01-02\n"
    );
}

#[test]
fn undated_stances_and_the_two_axes_do_not_contradict() {
    let more = r#"{"schema": 1, "facts": [
  {"relation": "stance", "args": ["ruritania", "draft_1", "veto_undeclared", "2020-01-02"]},
  {"relation": "stance", "args": ["ruritania", "draft_1", "support", ""]},
  {"relation": "stance", "args": ["ruritania", "draft_1", "oppose", ""]}
]}
"#;
    let kb = TempKb::new(&[("a_good.json", GOOD), ("b_more.json", more)]);
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn an_entity_declared_with_two_kinds_is_a_contradiction() {
    let other = r#"{"schema": 1, "entities": [{"id": "ruritania", "kind": "person", "name": "Ruritania"}]}"#;
    let kb = TempKb::new(&[("a_good.json", GOOD), ("b_other.json", other)]);
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("error[E0112]: contradiction: entity(\"ruritania\", \"person\", \"Ruritania\") contradicts entity(\"ruritania\", \"country\", \"Ruritania\")"), "{err}");
    assert!(err.contains("--> facts/b_other.json:1:28"), "{err}");
    assert!(
        err.contains("the other fact is at facts/a_good.json:4:5 (entities[0])"),
        "{err}"
    );
}

#[test]
fn a_wrong_schema_version_and_non_utf8_bytes_are_errors_not_panics() {
    let kb = TempKb::new(&[("a.json", r#"{"schema": 2, "facts": []}"#)]);
    std::fs::write(kb.path().join("facts/b.json"), [0xff, 0xfe, b'{']).expect("write");
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("unsupported schema version 2: expected 1"),
        "{err}"
    );
    assert!(
        err.contains("facts/b.json") && err.contains("not UTF-8"),
        "{err}"
    );
}

#[test]
fn a_query_on_a_broken_base_answers_nothing() {
    let kb = TempKb::new(&[("a.json", "{\"schema\": 1, \"facts\": [}")]);
    let out = kb
        .factlog(&["query", "stance(A, P, Pos, D)"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("nothing was loaded"));
}

#[test]
fn a_folder_without_facts_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp");
    let out = assert_cmd::Command::cargo_bin("factlog")
        .expect("bin")
        .args(["check", "--kb"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a knowledge base: expected a folder with facts/"));
}
