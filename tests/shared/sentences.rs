//! With the real articles at hand (`--sources ../shared/corpus`), `factlog why` and
//! `factlog query --evidence` on the built-in base show the sentence each piece of evidence
//! points into (listed as ignored where that folder is missing).

use crate::support::{factlog, needs};
use libtest_mimic::{Failed, Trial};
use serde_json::{Value, json};
use std::path::PathBuf;

const RUSSIA_1994: &str = r#"opposed_without_veto_commitment("russia", "us_draft_1994_06_15")"#;
const KOZYREV_OPPOSES: &str =
    r#"stance("andrei_kozyrev", "us_draft_1994_06_15", "oppose", "1994-06-16")"#;

/// The tests of this module.
pub fn trials() -> Vec<Trial> {
    vec![
        needs(
            "corpus",
            "sentences::with_the_articles_at_hand_why_shows_the_sentence_itself",
            with_the_articles_at_hand_why_shows_the_sentence_itself,
        ),
        needs(
            "corpus",
            "sentences::evidence_names_source_span_and_sentence_where_the_article_is_at_hand",
            evidence_names_source_span_and_sentence_where_the_article_is_at_hand,
        ),
    ]
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
        .into_iter()
        .flatten()
        .map(|v| v.to_string())
        .collect();
    format!(
        "{}({})",
        node["fact"]["relation"].as_str().unwrap_or_default(),
        values.join(", ")
    )
}

fn with_the_articles_at_hand_why_shows_the_sentence_itself(corpus: PathBuf) -> Result<(), Failed> {
    let out = factlog()
        .args(["why", RUSSIA_1994, "--format", "json", "--sources"])
        .arg(&corpus)
        .output()?;
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout)?;
    let article =
        std::fs::read_to_string(corpus.join("1994-06-17-russia-backs-off-sanctions.txt"))?;
    let body: String = article.split_whitespace().collect::<Vec<_>>().join(" ");
    let proof = &doc["answers"][0]["proofs"][0];
    let stance = nodes(proof)
        .into_iter()
        .find(|n| fact_text(n) == KOZYREV_OPPOSES)
        .ok_or("Kozyrev's stance in the proof")?;
    let evidence = stance["evidence"].as_array().ok_or("evidence")?;
    assert!(!evidence.is_empty());
    for e in evidence {
        let sentence = e["sentence"]
            .as_str()
            .ok_or("a sentence for each piece of evidence")?;
        assert!(
            body.contains(sentence),
            "{sentence:?} is a sentence of the article"
        );
        assert!(sentence.contains("Kozyrev"), "{sentence:?}");
    }
    // And in the text tree, under the fact, in quotes, instead of the URL.
    let out = factlog()
        .args(["why", RUSSIA_1994, "--sources"])
        .arg(&corpus)
        .output()?;
    let text = String::from_utf8(out.stdout)?;
    let sentence = evidence[0]["sentence"].as_str().ok_or("sentence")?;
    assert!(text.contains(&format!("“{sentence}”")), "{text}");
    Ok(())
}

fn evidence_names_source_span_and_sentence_where_the_article_is_at_hand(
    corpus: PathBuf,
) -> Result<(), Failed> {
    let out = factlog()
        .args([
            "query",
            r#"stance("andrei_kozyrev", P, "support", D)"#,
            "--evidence",
            "--format",
            "json",
            "--sources",
        ])
        .arg(corpus)
        .output()?;
    let v: Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(
        v["columns"],
        json!([
            "P",
            "D",
            "origin",
            "source",
            "span",
            "confidence",
            "url",
            "sentence"
        ])
    );
    let row = &v["rows"][0];
    assert_eq!(row[0], "us_draft_1994_06_15");
    assert_eq!(row[1], "1994-06-15");
    assert_eq!(row[2], "curated");
    assert_eq!(row[3], "mt_1994_06_17");
    assert!(
        row[6].as_str().is_some_and(|u| u.starts_with("http")),
        "{row}"
    );
    let sentence = row[7].as_str().ok_or("sentence text")?;
    assert!(
        sentence.contains("Kozyrev") && sentence.contains("Wednesday"),
        "{sentence}"
    );
    Ok(())
}
