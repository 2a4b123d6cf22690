//! `facts/overrides.json`: a curator's verdicts on extracted facts, kept apart from the
//! extracted files so that they survive re-extraction.
//!
//! ```json
//! {
//!   "schema": 1,
//!   "reject": [
//!     {"relation": "stance", "args": ["china", "*", "will_veto", "*"], "note": "speculation"}
//!   ],
//!   "correct": [
//!     {"relation": "holds_role", "args": ["thabo_mbeki", "head_of_state", "zimbabwe", "*"],
//!      "to": ["thabo_mbeki", "head_of_state", "south_africa", "*"]}
//!   ]
//! }
//! ```
//!
//! A rule matches extracted facts by relation and arguments (`"*"` matches any value; an
//! optional `"source"` limits it to one article). A rejected fact is dropped; a corrected one
//! gets the new arguments (`"*"` keeps the old value) and becomes curated, keeping its
//! evidence. Curated facts are never touched. Problems are reported like other load errors,
//! with file, line and column; a rule that matches nothing is a warning.

use super::intern::Sym;
use super::json_locate::{Step, locate, path_string, serde_error_range};
use super::json_shape::objects;
use super::load::{Candidate, Sink};
use super::provenance::Origin;
use super::schema::{ColumnType, SCHEMA_VERSION, Schema};
use super::store::FactStore;
use crate::diag::{Diagnostic, FileId, Span};
use serde::Deserialize;
use smallvec::SmallVec;
use std::borrow::Cow;

/// The file name, directly under `facts/`.
pub const OVERRIDES_FILE: &str = "overrides.json";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverridesDoc<'a> {
    schema: u64,
    #[serde(default, borrow, deserialize_with = "objects")]
    reject: Vec<Rule<'a>>,
    #[serde(default, borrow, deserialize_with = "objects")]
    correct: Vec<Rule<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule<'a> {
    #[serde(borrow)]
    relation: Cow<'a, str>,
    #[serde(borrow)]
    args: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    to: Option<Vec<Cow<'a, str>>>,
    #[serde(default, borrow)]
    source: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    #[allow(dead_code)] // a note for the curator's readers; read, never used
    note: Option<Cow<'a, str>>,
}

/// A checked rule, ready to match.
struct Checked {
    rel: super::schema::RelId,
    args: SmallVec<[Option<Sym>; 4]>,
    to: Option<SmallVec<[Option<Sym>; 4]>>,
    source: Option<Sym>,
    path: Vec<Step>,
    used: bool,
}

/// Applies `facts/overrides.json` (already in the source map as `file`) to the candidates:
/// rejected extracted facts are dropped, corrected ones rewritten. Problems go to `sink`.
pub(crate) fn apply(
    file: FileId,
    store: &mut FactStore,
    cands: Vec<Candidate>,
    sink: &mut Sink<'_>,
) -> Vec<Candidate> {
    let text = sink.sources.file(file).text.clone();
    let doc: OverridesDoc = match super::json_shape::from_str(&text) {
        Ok(d) => d,
        Err(e) => {
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            let (start, end) = serde_error_range(&text, &e);
            sink.diagnostics.push(
                Diagnostic::error(
                    "E0120",
                    format!("malformed overrides file: {msg}"),
                    Span::new(file, start, end),
                )
                .with_note("expected {\"schema\": 1, \"reject\": [...], \"correct\": [...]}"),
            );
            return cands;
        }
    };
    let error = |sink: &mut Sink<'_>, code: &'static str, msg: String, path: &[Step]| {
        let (s, e) = locate(&text, path);
        sink.diagnostics.push(
            Diagnostic::error(code, msg, Span::new(file, s, e))
                .with_note(format!("at {}", path_string(path))),
        );
    };
    if doc.schema != SCHEMA_VERSION {
        error(
            sink,
            "E0102",
            format!(
                "unsupported schema version {}: expected {SCHEMA_VERSION}",
                doc.schema
            ),
            &[Step::Key("schema")],
        );
        return cands;
    }
    let schema = Schema::standard();
    let mut rules: Vec<(bool, Checked)> = Vec::new();
    for (key, list, correcting) in [
        ("reject", &doc.reject, false),
        ("correct", &doc.correct, true),
    ] {
        for (i, r) in list.iter().enumerate() {
            let path = vec![Step::Key(key), Step::Index(i)];
            let at = |extra: &[Step]| {
                let mut p = path.clone();
                p.extend_from_slice(extra);
                p
            };
            let Some(rel) = schema.lookup(&r.relation) else {
                error(
                    sink,
                    "E0103",
                    format!(
                        "unknown relation `{}`: expected a relation of queries/schema.dl",
                        r.relation
                    ),
                    &at(&[Step::Key("relation")]),
                );
                continue;
            };
            let arity = schema.decl(rel).arity();
            if r.args.len() != arity {
                error(
                    sink,
                    "E0105",
                    format!(
                        "`{}` takes {arity} arguments, found {}",
                        r.relation,
                        r.args.len()
                    ),
                    &at(&[Step::Key("args")]),
                );
                continue;
            }
            match (&r.to, correcting) {
                (None, true) => {
                    error(
                        sink,
                        "E0121",
                        format!(
                            "a correction needs \"to\": expected the {arity} corrected arguments"
                        ),
                        &path,
                    );
                    continue;
                }
                (Some(_), false) => {
                    error(
                        sink,
                        "E0121",
                        "a rejection has no \"to\": expected it under \"correct\"".into(),
                        &at(&[Step::Key("to")]),
                    );
                    continue;
                }
                (Some(to), true) if to.len() != arity => {
                    error(
                        sink,
                        "E0105",
                        format!(
                            "`{}` takes {arity} arguments, found {} in \"to\"",
                            r.relation,
                            to.len()
                        ),
                        &at(&[Step::Key("to")]),
                    );
                    continue;
                }
                _ => {}
            }
            if let Some(to) = &r.to {
                let decl = schema.decl(rel);
                let mut ok = true;
                for (k, (col, v)) in decl.columns.iter().zip(to).enumerate() {
                    if v == "*" {
                        continue;
                    }
                    let bad = match col.ty {
                        ColumnType::Date => !super::validate::is_date(v),
                        ColumnType::Vocab(words) => !words.contains(&v.as_ref()),
                        _ => false,
                    };
                    if bad {
                        ok = false;
                        error(
                            sink,
                            "E0106",
                            format!(
                                "`{}.{}` is \"{v}\": not a valid value for this column",
                                decl.name, col.name
                            ),
                            &at(&[Step::Key("to"), Step::Index(k)]),
                        );
                    }
                }
                if !ok {
                    continue;
                }
            }
            let mut intern = |v: &Cow<str>| (v != "*").then(|| store.interner.intern(v));
            rules.push((
                correcting,
                Checked {
                    rel,
                    args: r.args.iter().map(&mut intern).collect(),
                    to: r.to.as_ref().map(|t| t.iter().map(&mut intern).collect()),
                    source: r.source.as_ref().map(|s| store.interner.intern(s)),
                    path,
                    used: false,
                },
            ));
        }
    }
    let mut out = Vec::with_capacity(cands.len());
    'facts: for mut c in cands {
        if c.prov.origin != Origin::Extracted {
            out.push(c);
            continue;
        }
        for (correcting, r) in rules.iter_mut() {
            let matches = r.rel == c.rel
                && r.args
                    .iter()
                    .zip(&c.args)
                    .all(|(a, b)| a.is_none_or(|a| a == *b))
                && r.source.is_none_or(|s| c.prov.source == Some(s));
            if !matches {
                continue;
            }
            r.used = true;
            if !*correcting {
                continue 'facts;
            }
            if let Some(to) = &r.to {
                for (arg, new) in c.args.iter_mut().zip(to) {
                    if let Some(n) = new {
                        *arg = *n;
                    }
                }
            }
            c.prov.origin = Origin::Curated;
            c.prov.confidence = 1.0;
            break;
        }
        out.push(c);
    }
    for (_, r) in &rules {
        if !r.used {
            let (s, e) = locate(&text, &r.path);
            sink.diagnostics.push(
                Diagnostic::warning(
                    "W0120",
                    "this override matches no extracted fact",
                    Span::new(file, s, e),
                )
                .with_note("re-extraction may have changed the fact; check its arguments"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::article::ArticleLibrary;
    use crate::kb::load_facts;

    fn load(facts: &str, overrides: &str) -> crate::kb::LoadReport {
        let dir = tempfile::tempdir().expect("temp dir");
        let f = dir.path().join("facts");
        std::fs::create_dir_all(&f).expect("mkdir");
        std::fs::write(f.join("a.json"), facts).expect("write");
        std::fs::write(f.join(super::OVERRIDES_FILE), overrides).expect("write");
        load_facts(&f, dir.path(), &ArticleLibrary::default())
    }

    const FACTS: &str = r#"{"schema": 1,
      "entities": [{"id": "peru", "kind": "country", "name": "Peru"},
                   {"id": "chile", "kind": "country", "name": "Chile"},
                   {"id": "d", "kind": "proposal", "name": "D"}],
      "facts": [
        {"relation": "stance", "args": ["peru", "d", "oppose", ""], "origin": "extracted"},
        {"relation": "stance", "args": ["chile", "d", "support", ""], "origin": "extracted"},
        {"relation": "stance", "args": ["chile", "d", "will_veto", ""], "origin": "curated"}]}"#;

    #[test]
    fn rejections_and_corrections_apply_to_extracted_facts_only() {
        let r = load(
            FACTS,
            r#"{"schema": 1,
              "reject": [{"relation": "stance", "args": ["*", "d", "will_veto", "*"]}],
              "correct": [{"relation": "stance", "args": ["peru", "d", "oppose", ""],
                           "to": ["*", "*", "support", "*"]}]}"#,
        );
        let store = r.store.expect("loads");
        let rows = store.sorted_text("stance");
        assert!(rows.iter().any(|r| r[0] == "peru" && r[2] == "support"));
        assert!(!rows.iter().any(|r| r[0] == "peru" && r[2] == "oppose"));
        // The curated veto stance is untouched; the rule matched nothing extracted.
        assert!(rows.iter().any(|r| r[0] == "chile" && r[2] == "will_veto"));
        assert!(r.diagnostics.iter().any(|d| d.code == "W0120"));
    }

    #[test]
    fn a_malformed_file_is_an_error_and_nothing_loads() {
        let r = load(
            FACTS,
            r#"{"schema": 1, "reject": [{"relation": "stance"}]}"#,
        );
        assert!(r.store.is_none());
        assert!(r.diagnostics.iter().any(|d| d.code == "E0120"));
    }
}
