//! A small knowledge base written for the tests, with hostile text in every place a page
//! shows it: an entity id and name that are markup, quotes in an outlet, an article whose text
//! opens a script tag and carries bidi controls, and extracted facts to curate.

#![allow(dead_code, reason = "each test binary uses part of the helpers")]

use std::path::Path;

/// The entity id that must be shown as text, never run.
pub const SCRIPT_ID: &str = "<script>alert(1)</script>";
/// Its name.
pub const IMG_NAME: &str = "<img src=x onerror=alert(2)>";

/// The article body (our own text).
pub fn article_body() -> String {
    format!(
        "{SCRIPT_ID} said it would oppose the draft. Ruritania backs the \u{202e}draft\u{202c} plan.\n"
    )
}

/// A code-point span of `needle` in the body.
fn span(body: &str, needle: &str) -> (usize, usize) {
    let byte = body.find(needle).expect("the needle is in the body");
    let start = body[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// Writes the knowledge base into `dir` (facts/, articles/, factlog.toml, queries/).
pub fn write(dir: &Path) {
    let body = article_body();
    let s1 = span(
        &body,
        &format!("{SCRIPT_ID} said it would oppose the draft"),
    );
    let s2 = span(&body, "Ruritania backs");
    std::fs::create_dir_all(dir.join("facts")).expect("mkdir");
    std::fs::create_dir_all(dir.join("articles")).expect("mkdir");
    std::fs::create_dir_all(dir.join("queries")).expect("mkdir");
    std::fs::write(dir.join("factlog.toml"), "sources = [\"articles\"]\n").expect("write");
    std::fs::write(
        dir.join("articles/s1.txt"),
        format!("id: s1\noutlet: The Gazette\npublished: 2020-01-02\n---\n{body}"),
    )
    .expect("write");
    let doc = serde_json::json!({
        "schema": 1,
        "entities": [
            {"id": SCRIPT_ID, "kind": "country", "name": IMG_NAME},
            {"id": "ruritania", "kind": "country", "name": "Ruritania"},
            {"id": "d1", "kind": "proposal", "name": "Draft \"one\""}
        ],
        "facts": [
            {"relation": "source", "args": ["s1", "The \"Gazette\" <b>bold</b>", "2020-01-02", "A title"]},
            {"relation": "stance", "args": [SCRIPT_ID, "d1", "oppose", "2020-01-01"],
             "origin": "extracted", "confidence": 0.7,
             "evidence": {"source": "s1", "start": s1.0, "end": s1.1}},
            {"relation": "stance", "args": ["ruritania", "d1", "support", "2020-01-01"],
             "origin": "extracted", "confidence": 0.9,
             "evidence": {"source": "s1", "start": s2.0, "end": s2.1}},
            {"relation": "stance", "args": ["ruritania", "d1", "will_veto", "2020-01-03"],
             "origin": "curated",
             "evidence": {"source": "s1", "start": s2.0, "end": s2.1}}
        ]
    });
    std::fs::write(
        dir.join("facts/a.json"),
        serde_json::to_string_pretty(&doc).expect("JSON"),
    )
    .expect("write");
}
