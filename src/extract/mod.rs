//! Fact extraction from news text: a rule-based extractor in the tradition of the political
//! event coders (actor dictionaries, verb patterns) that resolves relative dates, attributes
//! quotations, handles negation and modality and keeps exact provenance.
//!
//! The pipeline, one module per phase: [`clean`] decides which sentences are news; [`text`]
//! normalises and tokenises them; the [`gazetteer`] finds countries, bodies, organs and titles;
//! [`dates`], [`roles`], [`mentions`] (people, officials, pronouns), [`proposals`] and
//! [`speech`] analyse each sentence against what came before; [`stance`] and [`votes`] find
//! positions and votes; [`output`] writes a SCHEMA.md document with origin `extracted`.
//!
//! This module produces facts and never runs Datalog, touches the process or prints.

mod analyze;
mod clause;
pub mod clean;
mod cues;
pub mod dates;
pub mod gazetteer;
pub mod mentions;
pub mod names;
pub mod output;
pub mod persons;
mod proposal_mentions;
pub mod proposals;
pub mod roles;
mod sentence;
pub mod speech;
pub mod stance;
pub mod text;
pub mod votes;

pub use gazetteer::{Gazetteer, GazetteerBuilder, GazetteerError};

use crate::article::Article;
use crate::kb::document::FactDocument;
use dates::Date;
use text::Sentence;

/// A sentence longer than this (in characters) is skipped with a warning: it is a line with
/// no sentence end, not news prose.
pub const MAX_SENTENCE_CHARS: usize = 4_000;

/// How to extract.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The publication date when the article's header gives none (`YYYY-MM-DD`).
    pub published: Option<String>,
}

/// Why an article cannot be extracted.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// No publication date: relative dates cannot be resolved.
    #[error(
        "no publication date: expected a `published: YYYY-MM-DD` header line or --published YYYY-MM-DD"
    )]
    NoPublished,
    /// The publication date is malformed.
    #[error("publication date \"{0}\" is not a date: expected YYYY-MM-DD")]
    BadPublished(String),
}

/// The facts of one article, and what the reader should know about how they were found.
#[derive(Debug)]
pub struct Extraction {
    /// The SCHEMA.md document.
    pub document: FactDocument<'static>,
    /// Warnings (an overlong line skipped, an empty article).
    pub warnings: Vec<String>,
}

/// Extracts the facts of an article.
pub fn extract(
    article: &Article,
    gazetteer: &Gazetteer,
    options: &ExtractOptions,
) -> Result<Extraction, ExtractError> {
    let published_text = options
        .published
        .as_deref()
        .or(article.published.as_deref())
        .ok_or(ExtractError::NoPublished)?;
    let published = Date::parse(published_text)
        .ok_or_else(|| ExtractError::BadPublished(published_text.into()))?;
    let mut warnings = Vec::new();
    let news = clean::news_sentences(article);
    let readable = |i: usize, span: crate::kb::TextSpan| -> bool {
        news[i] && ((span.end - span.start) as usize) <= MAX_SENTENCE_CHARS
    };
    for (i, span) in article.sentences.iter().enumerate() {
        let len = (span.end - span.start) as usize;
        if news[i] && len > MAX_SENTENCE_CHARS {
            warnings.push(format!(
                "sentence {i} is {len} characters long (a line with no sentence end?): skipped"
            ));
        }
    }
    if article.body.trim().is_empty() {
        warnings.push("the article has no text".into());
    }
    let sentence = |i: usize| -> Option<Sentence> {
        let span = article.sentences[i];
        readable(i, span).then(|| Sentence::new(i, span, article.slice(span).unwrap_or("")))
    };
    // The country the article mentions most: the state of an unqualified "Foreign Ministry".
    let mut counts: Vec<(usize, usize, usize)> = Vec::new();
    for (i, &span) in article.sentences.iter().enumerate() {
        if !readable(i, span) {
            continue;
        }
        for c in gazetteer.countries_in(article.slice(span).unwrap_or("")) {
            match counts.iter_mut().find(|x| x.0 == c) {
                Some(x) => x.1 += 1,
                None => counts.push((c, 1, i)),
            }
        }
    }
    let home = counts
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|x| x.0);
    let mut pass = analyze::Pass::new(gazetteer, published, home);
    for i in 0..article.sentences.len() {
        if let Some(s) = sentence(i) {
            pass.sentence(&s);
        }
    }
    let found = pass.finish();
    let document = output::Writer::new(article, gazetteer, published, &found).document();
    Ok(Extraction { document, warnings })
}

/// Helpers for the pattern modules' tests: extraction of a short text.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// The facts extracted from `body` (published 2024-07-04, a Thursday) as (relation,
    /// arguments).
    pub fn facts(body: &str) -> Vec<(String, Vec<String>)> {
        let text = format!("id: t\npublished: 2024-07-04\n---\n{body}\n");
        let a = Article::parse(&text, "t");
        let x = extract(&a, &Gazetteer::builtin(), &ExtractOptions::default()).expect("extracts");
        x.document
            .facts
            .iter()
            .map(|f| {
                (
                    f.relation.to_string(),
                    f.args.iter().map(|a| a.to_string()).collect(),
                )
            })
            .collect()
    }

    /// The tuples of one relation, arguments joined by spaces.
    pub fn rows(body: &str, rel: &str) -> Vec<String> {
        facts(body)
            .into_iter()
            .filter(|(r, _)| r == rel)
            .map(|(_, a)| a.join(" "))
            .collect()
    }

    /// The tuples of a relation shaped (actor, proposal, value, date) without the proposal:
    /// "actor value date". Proposal ids are tested in `proposals`.
    pub fn without_proposal(body: &str, rel: &str) -> Vec<String> {
        rows(body, rel)
            .into_iter()
            .map(|r| {
                let a: Vec<&str> = r.split(' ').collect();
                format!("{} {} {}", a[0], a[2], a.get(3).copied().unwrap_or(""))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::facts;
    use super::*;

    #[test]
    fn a_missing_or_bad_publication_date_is_an_error() {
        let a = Article::parse("Peru said no.", "plain");
        let g = Gazetteer::builtin();
        let err = extract(&a, &g, &ExtractOptions::default()).expect_err("no date");
        assert!(err.to_string().contains("--published"));
        let bad = ExtractOptions {
            published: Some("2024-13-01".into()),
        };
        assert!(extract(&a, &g, &bad).is_err());
        let ok = ExtractOptions {
            published: Some("2024-07-04".into()),
        };
        let x = extract(&a, &g, &ok).expect("extracts");
        assert_eq!(
            x.document.source.map(|s| s.id.to_string()).as_deref(),
            Some("plain")
        );
    }

    #[test]
    fn every_fact_is_extracted_with_evidence_in_one_sentence() {
        let body = "Peru on Monday tabled a draft resolution on Fiji.\nChile said it would not \
                    support the draft. Mexico vetoed it on Wednesday.";
        let text = format!("id: t\npublished: 2024-07-04\n---\n{body}\n");
        let a = Article::parse(&text, "t");
        let x = extract(&a, &Gazetteer::builtin(), &ExtractOptions::default()).expect("ok");
        assert!(!x.document.facts.is_empty());
        for f in &x.document.facts {
            assert_eq!(f.origin.as_deref(), Some("extracted"));
            let ev = f.evidence.as_ref().expect("evidence");
            let span = crate::kb::TextSpan {
                start: ev.start,
                end: ev.end,
            };
            assert_eq!(a.sentence_of(span).map(|i| i as u32), ev.sentence);
        }
        assert!(
            facts(body)
                .iter()
                .any(|(r, a)| r == "vote" && a[0] == "mexico")
        );
    }

    #[test]
    fn overlong_lines_are_skipped_with_a_warning() {
        let line = "and Peru said it would not support the draft ".repeat(200);
        let a = Article::parse(&format!("published: 2024-07-04\n---\n{line}\n"), "long");
        let x = extract(&a, &Gazetteer::builtin(), &ExtractOptions::default()).expect("ok");
        assert!(x.warnings.iter().any(|w| w.contains("no sentence end")));
        assert!(x.document.facts.is_empty());
    }
}
