//! `factlog extract`, `build` and `eval` end to end: documents and JSON Lines on sample
//! articles written for these tests (`tests/extract-samples/`), robustness on bad input,
//! building into a temporary knowledge base with overrides, and the extractor's measured
//! quality on the evaluation set (`tests/extract/`; on the real articles, in the tests over
//! `../shared`: tests/shared/quality.rs).

use crate::support::{factlog, repo, stderr, stdout};
use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn sample(name: &str) -> PathBuf {
    repo().join("tests/extract-samples").join(name)
}

fn bin() -> Command {
    Command::cargo_bin("factlog").expect("the factlog binary is built")
}

/// The facts of a document as (relation, args) with text arguments.
fn facts(doc: &Value) -> Vec<(String, Vec<String>)> {
    doc["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .map(|f| {
            (
                f["relation"].as_str().expect("relation").to_string(),
                f["args"]
                    .as_array()
                    .expect("args")
                    .iter()
                    .map(|a| a.as_str().expect("text").to_string())
                    .collect(),
            )
        })
        .collect()
}

fn has(doc: &Value, rel: &str, args: &[&str]) -> bool {
    facts(doc)
        .iter()
        .any(|(r, a)| r == rel && a.iter().map(String::as_str).eq(args.iter().copied()))
}

#[test]
fn one_article_gives_one_schema_document_with_evidence() {
    let out = factlog()
        .arg("extract")
        .arg(sample("harbor_2023_04_14.txt"))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["source"]["id"], "harbor_2023_04_14");
    let p = "france_ghana_draft_2023_04_10";
    assert!(has(
        &doc,
        "proposal",
        &[p, "draft_resolution", "un_security_council", "2023-04-10"]
    ));
    assert!(has(&doc, "sponsor", &[p, "ghana"]));
    assert!(has(&doc, "targets", &[p, "sudan"]));
    assert!(has(&doc, "proposal_effect", &[p, "impose"]));
    assert!(has(
        &doc,
        "holds_role",
        &["pavel_orlov", "ambassador_to_un", "russia", "2023-04-14"]
    ));
    // Veto threat on Wednesday, repeated in a quotation with no date of its own.
    assert!(has(
        &doc,
        "stance",
        &["pavel_orlov", p, "will_veto", "2023-04-12"]
    ));
    assert!(has(&doc, "stance", &["pavel_orlov", p, "will_veto", ""]));
    assert!(has(&doc, "stance", &["china", p, "veto_undeclared", ""]));
    assert!(has(
        &doc,
        "stance",
        &["luis_duarte", p, "conditional_support", "2023-04-13"]
    ));
    assert!(has(
        &doc,
        "stance",
        &["marta_ilves", p, "support", "2023-04-11"]
    ));
    // Speculation and capability are not stances; furniture yields nothing.
    assert!(
        !facts(&doc)
            .iter()
            .any(|(r, a)| r == "stance" && a[0] == "russia")
    );
    for f in doc["facts"].as_array().expect("facts") {
        assert_eq!(f["origin"], "extracted");
        let c = f["confidence"].as_f64().expect("confidence");
        assert!((0.0..=1.0).contains(&c));
        let ev = &f["evidence"];
        assert_eq!(ev["source"], "harbor_2023_04_14");
        assert!(ev["start"].as_u64() <= ev["end"].as_u64());
        assert!(ev["sentence"].is_u64());
        assert!(ev["text"].as_str().is_some_and(|t| !t.is_empty()));
    }
    // Every person the facts use is declared.
    let people: Vec<&str> = doc["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter(|e| e["kind"] == "person")
        .map(|e| e["id"].as_str().expect("id"))
        .collect();
    assert!(people.contains(&"marta_ilves") && people.contains(&"luis_duarte"));
}

#[test]
fn votes_lists_and_the_session_day() {
    let out = factlog()
        .arg("extract")
        .arg(sample("harbor_2023_04_15.txt"))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let p = "draft_2023_04";
    for (c, choice) in [
        ("russia", "against"),
        ("china", "abstain"),
        ("mozambique", "abstain"),
        ("ghana", "for"),
        ("france", "for"),
        ("estonia", "for"),
    ] {
        assert!(
            has(&doc, "vote", &[c, p, choice, "2023-04-14"]),
            "{c} {choice}"
        );
    }
    assert_eq!(facts(&doc).iter().filter(|(r, _)| r == "vote").count(), 6);
    // The caption's people and dates yield nothing; "He added" is the envoy.
    assert!(has(
        &doc,
        "statement",
        &[
            "harbor_2023_04_15_s5_1",
            "pavel_orlov",
            "",
            "harbor_2023_04_15"
        ]
    ));
    assert!(has(&doc, "stance", &["amina_hassan", p, "oppose", ""]));
}

#[test]
fn several_articles_give_json_lines() {
    let out = factlog()
        .arg("extract")
        .arg(sample("harbor_2023_04_14.txt"))
        .arg(sample("harbor_2023_04_15.txt"))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    for (line, id) in lines.iter().zip(["harbor_2023_04_14", "harbor_2023_04_15"]) {
        let doc: Value = serde_json::from_str(line).expect("one document per line");
        assert_eq!(doc["source"]["id"], id);
    }
}

#[test]
fn output_goes_to_a_file_with_dash_o() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("out.json");
    factlog()
        .arg("extract")
        .arg(sample("harbor_2023_04_15.txt"))
        .arg("-o")
        .arg(&target)
        .assert()
        .success()
        .stdout("");
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(&target).expect("written")).expect("JSON");
    assert_eq!(doc["source"]["id"], "harbor_2023_04_15");
}

#[test]
fn a_missing_header_needs_published_and_the_id_is_the_file_stem() {
    let out = factlog()
        .arg("extract")
        .arg(sample("plain_no_header.txt"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("plain_no_header.txt") && err.contains("--published"),
        "{err}"
    );
    let out = factlog()
        .args(["extract", "--published", "2024-07-04"])
        .arg(sample("plain_no_header.txt"))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(doc["source"]["id"], "plain_no_header");
    // "on Monday" before Thursday 2024-07-04.
    assert!(has(
        &doc,
        "stance",
        &["japan", "draft_2024_07", "oppose", "2024-07-01"]
    ));
    let out = factlog()
        .args(["extract", "--published", "July 4"])
        .arg(sample("plain_no_header.txt"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("YYYY-MM-DD"));
}

#[test]
fn empty_files_bad_bytes_and_endless_lines_warn_without_panicking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    };
    let empty = write("empty.txt", b"");
    let bad = write(
        "latin1.txt",
        b"published: 2024-07-04\n---\nPeru said on Monday it would not support the draft resolution \xe9.\n",
    );
    let mut long = b"published: 2024-07-04\n---\n".to_vec();
    for _ in 0..2_000 {
        long.extend_from_slice(b"and Chile said it would not support the draft ");
    }
    let long = write("endless.txt", &long);
    let out = bin()
        .args(["extract", "--published", "2024-07-04"])
        .args([&empty, &bad, &long])
        .output()
        .expect("runs");
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("empty.txt") && err.contains("no text"),
        "{err}"
    );
    assert!(err.contains("latin1.txt") && err.contains("UTF-8"), "{err}");
    assert!(
        err.contains("endless.txt") && err.contains("no sentence end"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 3);
    let bad_doc: Value = serde_json::from_str(text.lines().nth(1).expect("line")).expect("JSON");
    assert!(has(
        &bad_doc,
        "stance",
        &["peru", "draft_2024_07", "oppose", "2024-07-01"]
    ));
    // A file that cannot be read is an error naming it; the others are still written.
    let out = bin()
        .args(["extract", "--published", "2024-07-04"])
        .arg(dir.path().join("missing.txt"))
        .arg(&bad)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.txt"));
    assert_eq!(stdout(&out).lines().count(), 1);
}

/// A temporary knowledge base with the repository's background facts.
fn temp_kb() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let bg = dir.path().join("facts/background");
    std::fs::create_dir_all(&bg).expect("mkdir");
    for e in std::fs::read_dir(repo().join("facts/background")).expect("background") {
        let p = e.expect("entry").path();
        std::fs::copy(&p, bg.join(p.file_name().expect("name"))).expect("copy");
    }
    dir
}

fn query(kb: &Path, atom: &str) -> String {
    let out = bin()
        .args(["query", atom, "--format", "tsv", "--kb"])
        .arg(kb)
        .output()
        .expect("runs");
    stdout(&out)
}

#[test]
fn build_extracts_into_the_base_and_overrides_survive_rebuilding() {
    let kb = temp_kb();
    let build = || {
        bin()
            .arg("build")
            .arg(sample("harbor_2023_04_14.txt"))
            .arg(sample("harbor_2023_04_15.txt"))
            .arg("--kb")
            .arg(kb.path())
            .output()
            .expect("runs")
    };
    let out = build();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        kb.path()
            .join("facts/extracted/harbor_2023_04_14.json")
            .is_file()
    );
    assert!(stderr(&out).contains("ok:"), "{}", stderr(&out));
    let rows = query(kb.path(), "state_stance(S, P, \"will_veto\", D)");
    assert!(
        rows.contains("russia\tfrance_ghana_draft_2023_04_10"),
        "{rows}"
    );
    // Gazetteer countries the background lacks are declared by the extracted file.
    assert!(query(kb.path(), "entity(\"mozambique\", K, N)").contains("country"));
    let overrides = r#"{
  "schema": 1,
  "reject": [
    {"relation": "stance", "args": ["china", "*", "veto_undeclared", "*"], "note": "test"}
  ],
  "correct": [
    {"relation": "holds_role", "args": ["luis_duarte", "foreign_minister", "brazil", "*"],
     "to": ["luis_duarte", "foreign_minister", "argentina", "*"]}
  ]
}
"#;
    std::fs::write(kb.path().join("facts/overrides.json"), overrides).expect("write");
    let out = build();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        query(kb.path(), "declined_to_commit(S, P)").lines().count(),
        1,
        "header only"
    );
    let roles = query(kb.path(), "holds_role(\"luis_duarte\", R, O, D)");
    assert!(
        roles.contains("argentina") && !roles.contains("brazil"),
        "{roles}"
    );
    // A correction is curated now.
    let out = bin()
        .args([
            "query",
            "holds_role(\"luis_duarte\", R, O, D)",
            "--origin",
            "curated",
            "--format",
            "tsv",
            "--kb",
        ])
        .arg(kb.path())
        .output()
        .expect("runs");
    assert!(stdout(&out).contains("argentina"));
}

#[test]
fn a_bad_override_is_an_error_with_file_line_and_column() {
    let kb = temp_kb();
    std::fs::create_dir_all(kb.path().join("facts")).expect("mkdir");
    let overrides = "{\n  \"schema\": 1,\n  \"reject\": [\n    {\"relation\": \"stanse\", \"args\": [\"a\"]}\n  ],\n  \"correct\": [\n    {\"relation\": \"vote\", \"args\": [\"a\", \"b\", \"for\", \"*\"], \"to\": [\"a\", \"b\", \"maybe\", \"*\"]}\n  ]\n}\n";
    std::fs::write(kb.path().join("facts/overrides.json"), overrides).expect("write");
    let out = bin()
        .arg("check")
        .arg("--kb")
        .arg(kb.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("facts/overrides.json:4:"), "{err}");
    assert!(err.contains("unknown relation `stanse`"), "{err}");
    assert!(err.contains("facts/overrides.json:7:"), "{err}");
    assert!(err.contains("\"maybe\""), "{err}");
}

#[test]
fn build_keeps_curated_facts_over_contradicting_extracted_ones() {
    let kb = temp_kb();
    let curated = r#"{"schema": 1, "facts": [
  {"relation": "stance", "args": ["luis_duarte", "france_ghana_draft_2023_04_10", "oppose", "2023-04-13"], "origin": "curated"}
]}"#;
    std::fs::write(kb.path().join("facts/background/curated.json"), curated).expect("write");
    let out = bin()
        .arg("build")
        .arg(sample("harbor_2023_04_14.txt"))
        .arg("--kb")
        .arg(kb.path())
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("W0112") && err.contains("conditional_support"),
        "{err}"
    );
    let rows = query(kb.path(), "stance(\"luis_duarte\", P, X, \"2023-04-13\")");
    assert!(
        rows.contains("oppose") && !rows.contains("conditional_support"),
        "{rows}"
    );
}

/// Runs `eval` and returns its JSON scores.
fn eval(args: &[&str]) -> Value {
    let out = factlog()
        .arg("eval")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON scores")
}

fn f1(scores: &Value, measure: &str) -> f64 {
    scores["measures"]
        .as_array()
        .expect("measures")
        .iter()
        .find(|m| m["measure"] == measure)
        .and_then(|m| m["f1"].as_f64())
        .expect("measure present")
}

#[test]
fn eval_prints_a_table_and_scores_extraction_against_itself_perfectly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gold = dir.path().join("gold.json");
    let out = factlog()
        .arg("extract")
        .arg(sample("harbor_2023_04_15.txt"))
        .arg("-o")
        .arg(&gold)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let out = factlog()
        .arg("eval")
        .arg(&gold)
        .arg("--articles")
        .arg(repo().join("tests/extract-samples"))
        .arg("--background")
        .arg(repo().join("facts/background"))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(
        table.contains("stance") && table.contains("1.000") && table.contains("1 article scored"),
        "{table}"
    );
    let scores = eval(&[
        gold.to_str().expect("utf-8"),
        "--articles",
        repo()
            .join("tests/extract-samples")
            .to_str()
            .expect("utf-8"),
    ]);
    for m in ["stance", "vote", "role", "statement"] {
        assert_eq!(f1(&scores, m), 1.0, "{m}");
    }
}

/// The extractor's quality on the evaluation set written before it (tests/extract/): F1 of
/// at least 0.85 for stances, votes and roles.
#[test]
fn quality_on_the_evaluation_set() {
    let gold: Vec<String> = std::fs::read_dir(repo().join("tests/extract/gold"))
        .expect("gold folder")
        .map(|e| e.expect("entry").path().display().to_string())
        .collect();
    let mut args: Vec<&str> = gold.iter().map(String::as_str).collect();
    let articles = repo().join("tests/extract/articles").display().to_string();
    args.extend(["--articles", &articles]);
    let scores = eval(&args);
    assert_eq!(scores["articles"].as_array().map(Vec::len), Some(13));
    for m in ["stance", "vote", "role"] {
        let f = f1(&scores, m);
        assert!(f >= 0.85, "{m}: F1 {f} on tests/extract");
    }
}
