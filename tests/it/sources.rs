//! Sources a reader can reach: the URL of each source (`source_url`) where the article is not
//! at hand, the sentence an extracted fact stored, and the source folders of factlog.toml.

use crate::support::{TempKb, repo, stderr, stdout};
use serde_json::Value;

#[test]
fn an_extracted_fact_shows_the_sentence_stored_with_its_evidence_without_the_article() {
    let facts = r#"{"schema": 1,
  "source": {"id": "wire_1", "outlet": "Test Wire", "published": "2020-01-02", "title": "t"},
  "entities": [{"id": "ruritania", "kind": "country", "name": "Ruritania"},
               {"id": "draft_1", "kind": "proposal", "name": "Draft"}],
  "facts": [
    {"relation": "stance", "args": ["ruritania", "draft_1", "oppose", "2020-01-02"],
     "origin": "extracted", "confidence": 0.8,
     "evidence": {"source": "wire_1", "start": 0, "end": 38, "sentence": 0,
                  "text": "Ruritania  opposed the draft on Thursday."}}
  ]}"#;
    let kb = TempKb::new(&[("extracted/wire_1.json", facts)]);
    let atom = r#"stance("ruritania", "draft_1", "oppose", "2020-01-02")"#;
    let out = kb.factlog(&["why", atom]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("“Ruritania opposed the draft on Thursday.”"),
        "{}",
        stdout(&out)
    );
    let out = kb
        .factlog(&["query", atom, "--evidence", "--format", "csv"])
        .output()
        .expect("runs");
    assert_eq!(
        stdout(&out),
        "origin,source,span,confidence,url,sentence\n\
         extracted,wire_1,0..38,0.8,,Ruritania opposed the draft on Thursday.\n"
    );
}

#[test]
fn without_the_article_at_hand_the_evidence_names_the_url_of_its_source() {
    let facts = r#"{"schema": 1,
  "source": {"id": "wire_1", "outlet": "Test Wire", "published": "2020-01-02", "title": "t",
             "url": "https://news.example.org/wire_1"},
  "entities": [{"id": "ruritania", "kind": "country", "name": "Ruritania"},
               {"id": "draft_1", "kind": "proposal", "name": "Draft"}],
  "facts": [
    {"relation": "stance", "args": ["ruritania", "draft_1", "oppose", "2020-01-02"],
     "evidence": {"source": "wire_1", "start": 0, "end": 38}}
  ]}"#;
    let kb = TempKb::new(&[("articles/wire_1.json", facts)]);
    let atom = r#"stance("ruritania", "draft_1", "oppose", "2020-01-02")"#;
    let out = kb.factlog(&["why", atom]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "Test Wire, 2020-01-02 · span 0..38\n   read at https://news.example.org/wire_1\n"
        ),
        "{text}"
    );
    let out = kb
        .factlog(&["why", atom, "--format", "json"])
        .output()
        .expect("runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let e = &doc["answers"][0]["proofs"][0]["evidence"][0];
    assert_eq!(e["url"], "https://news.example.org/wire_1");
    assert_eq!(e["sentence"], Value::Null);
    // The URL is a fact of its own.
    let out = kb
        .factlog(&["query", "source_url(S, U)"])
        .output()
        .expect("runs");
    assert_eq!(
        stdout(&out),
        "S\tU\nwire_1\thttps://news.example.org/wire_1\n"
    );
}

#[test]
fn a_source_folder_of_factlog_toml_that_is_missing_is_reported_once() {
    let kb = TempKb::new(&[(
        "a.json",
        r#"{"schema": 1, "entities": [{"id": "ruritania", "kind": "country", "name": "Ruritania"}]}"#,
    )]);
    std::fs::write(
        kb.path().join("factlog.toml"),
        "sources = [\"articles-here\", \"gone\"]\n",
    )
    .expect("write");
    std::fs::create_dir(kb.path().join("articles-here")).expect("mkdir");
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(
        err.contains("factlog.toml lists the source folder gone, which is not there"),
        "{err}"
    );
}

#[test]
fn the_projects_own_factlog_toml_names_no_folder_outside_the_repository() {
    let text = std::fs::read_to_string(repo().join("factlog.toml")).expect("read");
    let config: toml::Value = toml::from_str(&text).expect("TOML");
    for dir in config["sources"].as_array().expect("a sources list") {
        let dir = dir.as_str().expect("a folder");
        assert!(!dir.starts_with("..") && !dir.starts_with('/'), "{dir}");
    }
}
