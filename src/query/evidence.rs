//! Adds the evidence of base facts to query answers: origin, source, span, where the source
//! can be read, and the sentence itself where the article is at hand (else the text the fact
//! file stored with the evidence).

use super::{Answers, Pattern};
use crate::article::ArticleLibrary;
use crate::kb::{FactStore, Sym, TextSpan};

/// The evidence columns added by [`with_evidence`].
pub const EVIDENCE_COLUMNS: [&str; 6] =
    ["origin", "source", "span", "confidence", "url", "sentence"];

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
            row.extend(["derived", "", "", "", "", ""].map(String::from));
            rows.push(row);
        }
        for p in provs {
            let source = p.source.map(text).unwrap_or_default();
            let span = p
                .span
                .map(|s| format!("{}..{}", s.start, s.end))
                .unwrap_or_default();
            let sentence = match (p.source, p.span) {
                (Some(sym), Some(span)) => evidence_sentence(store, articles, sym, span),
                _ => None,
            };
            let url = p
                .source
                .and_then(|sym| source_url(store, articles, sym))
                .unwrap_or_default();
            let mut row = values.clone();
            row.extend([
                p.origin.to_string(),
                source,
                span,
                p.confidence.to_string(),
                url,
                sentence.unwrap_or_default(),
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

/// The sentence of article `source` that holds the start of `span` where the article is at
/// hand, else the text the fact file stored with this evidence (`factlog extract` writes it);
/// whitespace collapsed. `None` when neither is known.
pub(crate) fn evidence_sentence(
    store: &FactStore,
    articles: &ArticleLibrary,
    source: Sym,
    span: TextSpan,
) -> Option<String> {
    let in_article = articles.get(store.interner.resolve(source)).and_then(|a| {
        let i = a.sentence_at(span.start)?;
        a.slice(a.sentences[i]).map(str::to_string)
    });
    in_article
        .or_else(|| store.evidence_text(source, span).map(str::to_string))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Where a source can be read: its `source_url` fact, else the `url` of its article's header.
pub(crate) fn source_url(
    store: &FactStore,
    articles: &ArticleLibrary,
    source: Sym,
) -> Option<String> {
    store
        .get("source_url")
        .iter()
        .find(|t| t[0] == source && !store.interner.resolve(t[1]).is_empty())
        .map(|t| store.interner.resolve(t[1]).to_string())
        .or_else(|| {
            articles
                .get(store.interner.resolve(source))
                .and_then(|a| a.url.clone())
        })
}
