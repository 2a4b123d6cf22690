//! Adds the evidence of base facts to query answers: origin, source, span and the sentence
//! itself where the article is at hand.

use super::{Answers, Pattern};
use crate::article::ArticleLibrary;
use crate::kb::{FactStore, Sym, TextSpan};

/// The evidence columns added by [`with_evidence`].
pub const EVIDENCE_COLUMNS: [&str; 5] = ["origin", "source", "span", "confidence", "sentence"];

/// One row per piece of evidence of each tuple matching `pattern`: the variables' values,
/// then [`EVIDENCE_COLUMNS`]. Derived relations have no evidence of their own (`factlog why`
/// explains them): their rows say `derived` and leave the rest empty.
pub fn with_evidence(
    store: &mut FactStore,
    pattern: &Pattern,
    articles: &ArticleLibrary,
) -> Answers {
    let rel = store.relation(pattern.rel);
    let text = |s: Sym| store.interner.resolve(s).to_string();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (tuple, provs) in rel.iter_with_provenance() {
        let Some(binding) = pattern.bind(tuple) else {
            continue;
        };
        let values: Vec<String> = binding.iter().map(|&s| text(s)).collect();
        if provs.is_empty() {
            let mut row = values.clone();
            row.extend(["derived", "", "", "", ""].map(String::from));
            rows.push(row);
        }
        for p in provs {
            let source = p.source.map(text).unwrap_or_default();
            let span = p
                .span
                .map(|s| format!("{}..{}", s.start, s.end))
                .unwrap_or_default();
            let sentence = p
                .span
                .and_then(|span| sentence_of(articles, &source, span))
                .unwrap_or_default();
            let mut row = values.clone();
            row.extend([
                p.origin.to_string(),
                source,
                span,
                p.confidence.to_string(),
                sentence,
            ]);
            rows.push(row);
        }
    }
    rows.sort();
    rows.dedup();
    let mut columns = pattern.columns.clone();
    columns.extend(EVIDENCE_COLUMNS.map(String::from));
    Answers {
        columns,
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| store.interner.intern(c)).collect())
            .collect(),
    }
}

/// The sentence of article `source` that holds the start of `span`, with its whitespace
/// collapsed; `None` when the article is not at hand or the span lies outside it.
pub(crate) fn sentence_of(
    articles: &ArticleLibrary,
    source: &str,
    span: TextSpan,
) -> Option<String> {
    let a = articles.get(source)?;
    let i = a.sentence_at(span.start)?;
    a.slice(a.sentences[i])
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
}
