//! The curated facts against the real articles in `../shared/corpus/` (listed as ignored where
//! that folder is missing): every evidence span lies within one sentence and contains a name or
//! alias of the fact's actor, or a pronoun; statement ids name the sentence; quotes hold at most
//! one sentence.

use crate::support::needs;
use factlog::article::ArticleLibrary;
use factlog::kb::{FactStore, KbRoot, Sym, load_kb};
use libtest_mimic::Trial;
use std::collections::BTreeMap;
use std::path::PathBuf;

const PRONOUNS: &[&str] = &[
    "he", "she", "it", "they", "we", "i", "his", "her", "its", "their", "our", "him", "them",
];

/// The column holding the fact's actor (whose name the span must show).
fn actor_column(rel: &str) -> usize {
    match rel {
        "statement" | "sponsor" => 1,
        _ => 0,
    }
}

/// The tests of this module.
pub fn trials() -> Vec<Trial> {
    vec![
        needs(
            "corpus",
            "corpus::every_span_lies_in_one_sentence_and_names_its_actor_or_a_pronoun",
            |dir| {
                every_span_lies_in_one_sentence_and_names_its_actor_or_a_pronoun(dir);
                Ok(())
            },
        ),
        needs(
            "corpus",
            "corpus::statement_ids_name_the_sentence_of_their_evidence",
            |dir| {
                statement_ids_name_the_sentence_of_their_evidence(dir);
                Ok(())
            },
        ),
        needs(
            "corpus",
            "corpus::quotes_hold_at_most_one_sentence",
            |dir| {
                quotes_hold_at_most_one_sentence(dir);
                Ok(())
            },
        ),
    ]
}

fn load(corpus: PathBuf) -> (FactStore, ArticleLibrary) {
    let articles = ArticleLibrary::load(&[corpus]);
    // The curated base as built into the binary: never the checkout's git-ignored
    // facts/extracted/.
    let report = load_kb(&KbRoot::BuiltIn, &articles);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    (report.store.expect("loads"), articles)
}

fn contains_word(haystack: &str, needle: &str) -> bool {
    let h = haystack.to_lowercase();
    let n = needle.to_lowercase();
    h.match_indices(&n).any(|(i, _)| {
        let before = h[..i].chars().next_back();
        let after = h[i + n.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn every_span_lies_in_one_sentence_and_names_its_actor_or_a_pronoun(corpus: PathBuf) {
    let (store, articles) = load(corpus);
    let text = |s: Sym| store.interner.resolve(s).to_string();
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in store.get("entity").iter() {
        names.entry(text(t[0])).or_default().push(text(t[2]));
    }
    for t in store.get("alias").iter() {
        names.entry(text(t[0])).or_default().push(text(t[1]));
    }
    let speaker: BTreeMap<String, String> = store
        .get("statement")
        .iter()
        .map(|t| (text(t[0]), text(t[1])))
        .collect();
    let mut checked = 0;
    for id in store.schema().ids() {
        let rel = store.schema().decl(id).name.clone();
        for (tuple, provs) in store.relation(id).iter_with_provenance() {
            for p in provs {
                let (Some(src), Some(span)) = (p.source, p.span) else {
                    continue;
                };
                let article = articles
                    .get(&text(src))
                    .expect("the article of every source is in the corpus");
                let fact = format!(
                    "{rel}{:?}",
                    tuple.iter().map(|&s| text(s)).collect::<Vec<_>>()
                );
                assert!(
                    article.sentence_of(span).is_some(),
                    "{fact}: span {span:?} is not within one sentence"
                );
                let evidence = article.slice(span).expect("span within the body");
                let mut actor = text(tuple[actor_column(&rel)]);
                if rel == "quote" {
                    actor = speaker[&actor].clone();
                }
                let ok = names
                    .get(&actor)
                    .into_iter()
                    .flatten()
                    .any(|n| contains_word(evidence, n))
                    || PRONOUNS.iter().any(|p| contains_word(evidence, p));
                assert!(
                    ok,
                    "{fact}: span {evidence:?} names neither {actor} nor a pronoun"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} spans checked");
}

fn statement_ids_name_the_sentence_of_their_evidence(corpus: PathBuf) {
    let (store, articles) = load(corpus);
    for (tuple, provs) in store.get("statement").iter_with_provenance() {
        let id = store.interner.resolve(tuple[0]);
        for p in provs {
            let (Some(src), Some(span)) = (p.source, p.span) else {
                continue;
            };
            let source = store.interner.resolve(src);
            let article = articles.get(source).expect("article");
            let sentence = article.sentence_of(span).expect("in one sentence");
            assert!(
                id.starts_with(&format!("{source}_s{sentence}_")),
                "statement {id}: its evidence is in sentence {sentence} of {source}"
            );
        }
    }
}

fn quotes_hold_at_most_one_sentence(corpus: PathBuf) {
    let (store, _) = load(corpus);
    for t in store.get("quote").iter() {
        let q = store.interner.resolve(t[1]);
        assert!(
            factlog::article::split_sentences(q).len() <= 1,
            "quote {q:?} holds more than one sentence"
        );
    }
}
