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

/// An article of our own, for span checks.
const ARTICLE: &str = "id: sample_1\noutlet: Test Wire\npublished: 2020-01-02\n---\n\
Ruritania opposed the draft on Thursday. Freedonia said nothing.\n";

fn kb_with_article(facts: &str) -> TempKb {
    let kb = TempKb::new(&[("a_good.json", GOOD), ("b_article.json", facts)]);
    std::fs::create_dir_all(kb.path().join("articles")).expect("mkdir");
    std::fs::write(kb.path().join("articles/sample_1.txt"), ARTICLE).expect("write article");
    std::fs::write(kb.path().join("factlog.toml"), "sources = [\"articles\"]\n").expect("config");
    kb
}

#[test]
fn spans_outside_the_article_or_across_a_sentence_end_are_errors() {
    let facts = r#"{"schema": 1,
  "source": {"id": "sample_1", "outlet": "Test Wire", "published": "2020-01-02", "title": "t"},
  "facts": [
    {"relation": "stance", "args": ["ruritania", "draft_1", "oppose", "2020-01-02"], "evidence": {"source": "sample_1", "start": 0, "end": 39}},
    {"relation": "stance", "args": ["ruritania", "draft_1", "oppose", ""], "evidence": {"source": "sample_1", "start": 30, "end": 50}},
    {"relation": "stance", "args": ["ruritania", "draft_1", "veto_undeclared", ""], "evidence": {"source": "sample_1", "start": 60, "end": 500}},
    {"relation": "stance", "args": ["ruritania", "draft_1", "will_veto", ""], "evidence": {"source": "nowhere", "start": 0, "end": 5}}
  ]}
"#;
    let kb = kb_with_article(facts);
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&out));
}

#[test]
fn a_span_within_one_sentence_is_accepted_and_shown_with_its_sentence() {
    let facts = r#"{"schema": 1,
  "source": {"id": "sample_1", "outlet": "Test Wire", "published": "2020-01-02", "title": "t"},
  "facts": [
    {"relation": "stance", "args": ["ruritania", "draft_1", "oppose", "2020-01-02"], "evidence": {"source": "sample_1", "start": 0, "end": 27}}
  ]}
"#;
    let kb = kb_with_article(facts);
    let out = kb
        .factlog(&[
            "query",
            r#"stance(A, "draft_1", P, D)"#,
            "--evidence",
            "--format",
            "csv",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "A,P,D,origin,source,span,confidence,url,sentence\n\
         ruritania,oppose,2020-01-02,curated,,,1,,\n\
         ruritania,oppose,2020-01-02,curated,sample_1,0..27,1,,Ruritania opposed the draft on Thursday.\n"
    );
}

#[test]
fn check_warns_when_the_rules_file_differs_from_the_compiled_rules() {
    let kb = TempKb::new(&[("a_good.json", GOOD)]);
    std::fs::create_dir_all(kb.path().join("queries")).expect("mkdir");
    std::fs::write(kb.path().join("queries/stance.dl"), "// edited\n").expect("write");
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains(
            "warning[W0301]: queries/stance.dl differs from the rules compiled into factlog"
        ),
        "{}",
        stderr(&out)
    );
}

// Reliability finding 1: a UTF-8 byte-order mark, or a JSON syntax error at a multi-byte
// character, panicked in the diagnostics code; columns on non-ASCII lines were counted wrong.
#[test]
fn a_byte_order_mark_is_skipped_and_errors_at_multi_byte_characters_are_located() {
    let kb = TempKb::new(&[("a_good.json", &format!("\u{feff}{GOOD}"))]);
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));

    let kb = TempKb::new(&[("zz.json", "{\"schema\": 1, é}")]);
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("error[E0101]"), "{err}");
    assert!(err.contains("facts/zz.json:1:15"), "{err}");

    // The column of a value after non-ASCII text counts characters, and the caret sits under it.
    let wide = r#"{"schema": 1, "facts": [{"relation": "official_role", "args": ["中中中"], "confidence": "x"}]}"#;
    let kb = TempKb::new(&[("zz.json", wide)]);
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    // 1-based column of the opening quote of "x": the number of characters before `x`.
    let col = wide.chars().take_while(|&c| c != 'x').count();
    assert!(err.contains(&format!("facts/zz.json:1:{col}")), "{err}");
    assert!(
        err.contains(&format!("\n  |{}^^^\n", " ".repeat(col))),
        "{err}"
    );

    // The same in facts/overrides.json.
    let kb = TempKb::new(&[
        ("a_good.json", GOOD),
        ("overrides.json", "\u{feff}{\"schema\": 1, é}"),
    ]);
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("error[E0120]"), "{err}");
    assert!(err.contains("facts/overrides.json:1:15"), "{err}");
}
