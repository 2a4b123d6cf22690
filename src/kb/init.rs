//! The files of a new knowledge base (`factlog init DIR`): `factlog.toml`, `queries/` (the
//! schema and the standard rules this binary was built with), the background facts (states
//! with their names and aliases, the Security Council, its permanent members, official roles
//! and organs), an empty `facts/articles/`, a `sources/` folder for article files and a short
//! README.
//!
//! The states come from the caller (one list: see `cli/init.rs`); everything else of the
//! background is the built-in base's, without its countries. Nothing here writes to disk.

use super::builtin::FACT_FILES;
use super::document::{EntityDoc, FactDocument};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The README of a new knowledge base.
pub const README: &str = include_str!("init/README.md");
/// The `factlog.toml` of a new knowledge base.
pub const CONFIG: &str = include_str!("init/factlog.toml");
/// The background file the states are written to.
pub const STATES_FILE: &str = "facts/background/states.json";
/// The folders a new knowledge base starts with, empty.
pub const EMPTY_FOLDERS: &[&str] = &["facts/articles", "sources"];

/// A state a new knowledge base declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// Entity id (`united_kingdom`).
    pub id: String,
    /// Display name (`United Kingdom`).
    pub name: String,
    /// Surface forms: names, abbreviations, capitals, demonyms (`Britain`, `London`, `British`).
    pub aliases: Vec<String>,
}

/// One file of a new knowledge base: its path relative to the root, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFile {
    /// `queries/schema.dl`.
    pub path: String,
    /// The text.
    pub text: String,
}

/// The states of the built-in base's background (`country` entities with their aliases).
pub fn builtin_states() -> Vec<State> {
    let mut out = Vec::new();
    for doc in builtin_background() {
        for e in doc.entities.iter().filter(|e| e.kind == "country") {
            out.push(State {
                id: e.id.to_string(),
                name: e.name.to_string(),
                aliases: e.aliases.iter().map(|a| a.to_string()).collect(),
            });
        }
    }
    out
}

/// Merges lists of states by id: the first list's name wins, aliases are joined (each once,
/// in order of first appearance); sorted by id.
pub fn merge_states(lists: impl IntoIterator<Item = Vec<State>>) -> Vec<State> {
    let mut by_id: BTreeMap<String, State> = BTreeMap::new();
    for list in lists {
        for s in list {
            match by_id.get_mut(&s.id) {
                Some(have) => {
                    for a in s.aliases {
                        if !have.aliases.contains(&a) {
                            have.aliases.push(a);
                        }
                    }
                }
                None => {
                    by_id.insert(s.id.clone(), s);
                }
            }
        }
    }
    by_id.into_values().collect()
}

/// Every file of a new knowledge base declaring `states` (which must include every country the
/// rest of the background names: [`builtin_states`] merged in does it).
pub fn files(states: &[State]) -> Vec<NewFile> {
    let mut out = vec![
        NewFile {
            path: "factlog.toml".into(),
            text: CONFIG.into(),
        },
        NewFile {
            path: "README.md".into(),
            text: README.into(),
        },
        NewFile {
            path: "queries/schema.dl".into(),
            text: super::schema::SCHEMA_DL.into(),
        },
        NewFile {
            path: "queries/stance.dl".into(),
            text: super::schema::STANCE_DL.into(),
        },
        NewFile {
            path: STATES_FILE.into(),
            text: states_document(states),
        },
    ];
    for (name, text) in FACT_FILES {
        if !name.starts_with("facts/background/") {
            continue;
        }
        let Ok(mut doc) = serde_json::from_str::<FactDocument>(text) else {
            continue;
        };
        let before = doc.entities.len();
        doc.entities.retain(|e| e.kind != "country");
        if doc.entities.len() == before {
            // Nothing taken out: the curated file as it is, layout and all.
            out.push(NewFile {
                path: name.to_string(),
                text: text.to_string(),
            });
        } else if !doc.entities.is_empty() || !doc.facts.is_empty() || doc.source.is_some() {
            out.push(NewFile {
                path: name.to_string(),
                text: document_text(&doc),
            });
        }
    }
    out
}

/// The fact files of the built-in base's `facts/background/`.
fn builtin_background() -> impl Iterator<Item = FactDocument<'static>> {
    FACT_FILES
        .iter()
        .filter(|(name, _)| name.starts_with("facts/background/"))
        .filter_map(|(_, text)| serde_json::from_str::<FactDocument>(text).ok())
}

/// The states as a fact file: one entity a line.
fn states_document(states: &[State]) -> String {
    let doc = FactDocument {
        schema: super::schema::SCHEMA_VERSION,
        source: None,
        entities: states
            .iter()
            .map(|s| EntityDoc {
                id: Cow::Borrowed(s.id.as_str()),
                kind: Cow::Borrowed("country"),
                name: Cow::Borrowed(s.name.as_str()),
                aliases: s
                    .aliases
                    .iter()
                    .map(|a| Cow::Borrowed(a.as_str()))
                    .collect(),
            })
            .collect(),
        facts: Vec::new(),
    };
    document_text(&doc)
}

/// A fact document with one entity or fact a line, as the curated files are written.
fn document_text(doc: &FactDocument) -> String {
    let mut out = format!("{{\n  \"schema\": {}", doc.schema);
    if let Some(src) = &doc.source {
        out.push_str(&format!(",\n  \"source\": {}", line(src)));
    }
    let mut section = |name: &str, items: Vec<String>| {
        if !items.is_empty() {
            out.push_str(&format!(
                ",\n  \"{name}\": [\n    {}\n  ]",
                items.join(",\n    ")
            ));
        }
    };
    section("entities", doc.entities.iter().map(line).collect());
    section("facts", doc.facts.iter().map(line).collect());
    out.push_str("\n}\n");
    out
}

/// One value as JSON on one line.
fn line<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("invariant: fact documents serialize")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleLibrary;
    use crate::kb::load::{FactInput, load_inputs};

    fn state(id: &str, aliases: &[&str]) -> State {
        State {
            id: id.into(),
            name: id.to_uppercase(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        }
    }

    #[test]
    fn states_merge_by_id_with_every_alias_once() {
        let merged = merge_states([
            vec![state("b", &["B1", "B2"]), state("a", &["A"])],
            vec![state("b", &["B2", "B3"])],
        ]);
        assert_eq!(
            merged,
            [state("a", &["A"]), state("b", &["B1", "B2", "B3"])]
        );
    }

    #[test]
    fn the_files_of_a_new_knowledge_base_load_without_a_diagnostic() {
        let states = merge_states([vec![state("ruritania", &["Strelsau"])], builtin_states()]);
        let inputs = files(&states)
            .into_iter()
            .filter(|f| f.path.starts_with("facts/"))
            .map(|f| FactInput::text(f.path, &f.text))
            .collect();
        let report = load_inputs(inputs, None, Vec::new(), &ArticleLibrary::default());
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        let store = report.store.expect("loads");
        assert!(store.get("permanent_member").len() == 5);
        assert!(
            store
                .sorted_text("alias")
                .contains(&vec!["ruritania".to_string(), "Strelsau".to_string()])
        );
    }
}
