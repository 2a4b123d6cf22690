//! The extractor's quality on the three real articles of `../shared/corpus/` (gold: the
//! curated `facts/articles/*.json`), listed as ignored where that folder is missing.

use crate::support::{factlog, needs, repo};
use libtest_mimic::{Failed, Trial};
use serde_json::Value;
use std::path::PathBuf;

/// The tests of this module.
pub fn trials() -> Vec<Trial> {
    vec![needs(
        "corpus",
        "quality::quality_on_the_real_articles",
        quality_on_the_real_articles,
    )]
}

/// F1 of at least 0.85 for stances, votes and roles.
fn quality_on_the_real_articles(corpus: PathBuf) -> Result<(), Failed> {
    let gold: Vec<PathBuf> = std::fs::read_dir(repo().join("facts/articles"))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    let out = factlog()
        .arg("eval")
        .args(&gold)
        .arg("--articles")
        .arg(&corpus)
        .arg("--background")
        .arg(repo().join("facts/background"))
        .args(["--format", "json"])
        .output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scores: Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(scores["articles"].as_array().map(Vec::len), Some(3));
    for m in ["stance", "vote", "role"] {
        let f = scores["measures"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|x| x["measure"] == m)
            .and_then(|x| x["f1"].as_f64())
            .ok_or("measure present")?;
        assert!(f >= 0.85, "{m}: F1 {f} on the corpus");
    }
    Ok(())
}
