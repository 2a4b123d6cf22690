//! Checks of candidate facts against the schema and the base as a whole: dates and
//! vocabularies per column, ids used but never declared, evidence spans against their
//! articles. Each problem becomes a diagnostic at the fact's file, line and column.

use super::intern::Sym;
use super::json_locate::Step;
use super::load::{Candidate, FactSite, Section, Sink};
use super::schema::{ColumnType, RelId, Schema};
use super::store::FactStore;
use crate::article::ArticleLibrary;
use rustc_hash::FxHashSet;

/// Checks dates and vocabularies; returns whether the tuple is well-formed.
pub(crate) fn check_columns(
    store: &FactStore,
    rel: RelId,
    args: &[Sym],
    site: &FactSite,
    sink: &mut Sink<'_>,
) -> bool {
    let decl = Schema::standard().decl(rel);
    let mut ok = true;
    let arg_step = |i: usize| -> Vec<Step> {
        if site.section == Section::Facts {
            vec![Step::Key("args"), Step::Index(i)]
        } else {
            vec![]
        }
    };
    for (i, (col, &arg)) in decl.columns.iter().zip(args).enumerate() {
        let text = store.interner.resolve(arg);
        match col.ty {
            ColumnType::Date if !is_date(text) => {
                sink.error(
                    "E0106",
                    format!(
                        "`{}.{}` is \"{text}\": expected a date YYYY-MM-DD or \"\"",
                        decl.name, col.name
                    ),
                    site,
                    &arg_step(i),
                );
                ok = false;
            }
            ColumnType::Vocab(words) if !words.contains(&text) => {
                sink.error(
                    "E0107",
                    format!(
                        "`{}.{}` is \"{text}\": expected one of {}",
                        decl.name,
                        col.name,
                        words.join(", ")
                    ),
                    site,
                    &arg_step(i),
                );
                ok = false;
            }
            _ => {}
        }
    }
    ok
}

/// Whether `s` is `""` or a valid calendar date `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        s.get(r)
            .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))?
            .parse()
            .ok()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Entity, source and statement ids used must be declared somewhere in the base.
pub(crate) fn check_references(store: &FactStore, cands: &[Candidate], sink: &mut Sink<'_>) {
    let schema = Schema::standard();
    let (entity, source, statement) = (
        schema.id("entity"),
        schema.id("source"),
        schema.id("statement"),
    );
    let declared = |rel: RelId| -> FxHashSet<Sym> {
        cands
            .iter()
            .filter(|c| c.rel == rel)
            .map(|c| c.args[0])
            .collect()
    };
    let (entities, sources, statements) = (declared(entity), declared(source), declared(statement));
    let empty = store.interner.get("");
    for c in cands {
        let decl = schema.decl(c.rel);
        for (i, (col, &arg)) in decl.columns.iter().zip(c.args.iter()).enumerate() {
            let (set, what, how) = match col.ty {
                ColumnType::Id if !(c.rel == entity && i == 0) => (
                    &entities,
                    "entity",
                    "an `entities` element or an `entity` fact",
                ),
                ColumnType::SourceId if c.rel != source => {
                    (&sources, "source", "a `source` object")
                }
                ColumnType::StmtId if c.rel != statement => {
                    (&statements, "statement", "a `statement` fact")
                }
                _ => continue,
            };
            if Some(arg) == empty || set.contains(&arg) {
                continue;
            }
            let step = if c.site.section == Section::Facts {
                vec![Step::Key("args"), Step::Index(i)]
            } else {
                vec![]
            };
            sink.error(
                "E0108",
                format!(
                    "{what} \"{}\" (`{}.{}`) is used but never declared: expected {how} with this id",
                    store.interner.resolve(arg),
                    decl.name,
                    col.name
                ),
                &c.site,
                &step,
            );
        }
        if let Some(src) = c.prov.source {
            if !sources.contains(&src) {
                sink.error(
                    "E0108",
                    format!(
                        "evidence source \"{}\" is never declared: expected a `source` object with this id",
                        store.interner.resolve(src)
                    ),
                    &c.site,
                    &[Step::Key("evidence"), Step::Key("source")],
                );
            }
        }
    }
}

/// Evidence spans must lie within their article and within one sentence (checked where the
/// article file is at hand).
pub(crate) fn check_evidence(
    store: &FactStore,
    cands: &[Candidate],
    articles: &ArticleLibrary,
    sink: &mut Sink<'_>,
) {
    for c in cands {
        let (Some(src), Some(span)) = (c.prov.source, c.prov.span) else {
            continue;
        };
        let Some(article) = articles.get(store.interner.resolve(src)) else {
            continue;
        };
        let len = article.len_chars();
        if span.end > len {
            sink.error(
                "E0110",
                format!(
                    "evidence span {}..{} lies outside its article: expected offsets within the {len} code points of the body of \"{}\"",
                    span.start, span.end, article.id
                ),
                &c.site,
                &[Step::Key("evidence")],
            );
        } else if article.sentence_of(span).is_none() {
            sink.error(
                "E0111",
                format!(
                    "evidence span {}..{} crosses a sentence end in \"{}\": expected a span within one sentence",
                    span.start, span.end, article.id
                ),
                &c.site,
                &[Step::Key("evidence")],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_calendar_dates_or_empty() {
        for ok in ["", "1994-06-15", "2000-02-29"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "1994-6-15",
            "1994-13-01",
            "1900-02-29",
            "1994-06-31",
            "yesterday",
            "1994-06-1x",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
