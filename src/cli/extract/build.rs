//! `factlog build [--kb DIR] ARTICLES...`: extracts each article into the knowledge base's
//! `facts/extracted/<source id>.json` (atomically), declaring the people and proposals the
//! facts need and any country, body or organization the base does not declare yet; then loads
//! and checks the whole base, where curated facts win over contradicting extracted ones with a
//! warning naming both.

use super::BuildArgs;
use super::read::{extract_file, gazetteer_for};
use crate::cli::{Outcome, session};
use crate::error::Error;
use crate::extract::Gazetteer;
use crate::kb::document::{EntityDoc, FactDocument};
use crate::kb::load::fact_files;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

/// The folder under `facts/` that extraction writes.
pub const EXTRACTED_DIR: &str = "extracted";

/// Runs `build`.
pub fn run(a: &BuildArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let kb = a.kb.root();
    if a.articles.is_empty() {
        // Nothing to extract: re-check the base as it stands.
        let s = session::open_with(&kb, &a.kb, &session::Derivation::default(), stderr)?;
        let _ = writeln!(stderr, "{}", s.summary());
        return Ok(Outcome::Success);
    }
    let Some(root) = kb.folder() else {
        return Err(Error::Usage(
            "the built-in knowledge base cannot be written to: give --kb DIR (`factlog init DIR` starts one)".into(),
        ));
    };
    let facts = root.join("facts");
    if !facts.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a knowledge base: expected a folder with facts/ (--kb DIR)",
            root.display()
        )));
    }
    let gazetteer = gazetteer_for(Some(root), &[])?;
    let declared = declared_ids(&facts)?;
    let out_dir = facts.join(EXTRACTED_DIR);
    std::fs::create_dir_all(&out_dir).map_err(|e| Error::io(&out_dir, e))?;
    let mut written: BTreeSet<String> = BTreeSet::new();
    let mut failed = 0;
    let mut fact_count = 0;
    for path in &a.articles {
        let (mut doc, warnings) = match extract_file(path, &gazetteer, a.published.as_deref()) {
            Ok(x) => x,
            Err(e) => {
                failed += 1;
                let _ = writeln!(stderr, "error: {}: {e}", path.display());
                continue;
            }
        };
        for w in warnings {
            let _ = writeln!(stderr, "warning: {}: {w}", path.display());
        }
        declare_missing(&mut doc, &gazetteer, &declared);
        let id = doc
            .source
            .as_ref()
            .map_or(String::new(), |s| s.id.to_string());
        let name = file_name(&id);
        if !written.insert(name.clone()) {
            let _ = writeln!(
                stderr,
                "warning: {}: source id \"{id}\" was already extracted in this run: overwritten",
                path.display()
            );
        }
        fact_count += doc.facts.len();
        let text = serde_json::to_string_pretty(&doc)
            .map_err(|e| Error::Usage(format!("cannot write JSON: {e}")))?;
        let target = out_dir.join(format!("{name}.json"));
        crate::export::write_atomically(&target, format!("{text}\n").as_bytes())?;
    }
    let _ = writeln!(
        stderr,
        "extracted {} article{} into {} ({fact_count} facts)",
        written.len(),
        if written.len() == 1 { "" } else { "s" },
        out_dir.display()
    );
    let s = session::open_with(&kb, &a.kb, &session::Derivation::default(), stderr)?;
    let _ = writeln!(stderr, "{}", s.summary());
    if failed > 0 {
        return Err(Error::Usage(format!(
            "{failed} article file{} could not be extracted",
            if failed == 1 { "" } else { "s" }
        )));
    }
    Ok(Outcome::Success)
}

/// A file name for a source id: its letters, digits, `-` and `_`.
fn file_name(id: &str) -> String {
    let name: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "article".into()
    } else {
        name
    }
}

/// The entity ids the base declares outside `facts/extracted/`.
fn declared_ids(facts: &Path) -> Result<BTreeSet<String>, Error> {
    let mut ids = BTreeSet::new();
    for f in fact_files(facts).map_err(|e| Error::io(facts, e))? {
        if f.parent().is_some_and(|p| p.ends_with(EXTRACTED_DIR)) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let Ok(doc) = serde_json::from_str::<FactDocument>(&text) else {
            continue;
        };
        ids.extend(doc.entities.iter().map(|e| e.id.to_string()));
        ids.extend(
            doc.facts
                .iter()
                .filter(|x| x.relation == "entity")
                .filter_map(|x| x.args.first().map(|a| a.to_string())),
        );
    }
    Ok(ids)
}

/// Declares the gazetteer entities (countries, bodies, organizations) the document uses but
/// neither it nor the base declares.
fn declare_missing(doc: &mut FactDocument<'static>, g: &Gazetteer, declared: &BTreeSet<String>) {
    let mut have: BTreeSet<String> = doc.entities.iter().map(|e| e.id.to_string()).collect();
    let mut add = Vec::new();
    for f in &doc.facts {
        for arg in &f.args {
            let Some(i) = g.entity_index(arg) else {
                continue;
            };
            if declared.contains(arg.as_ref()) || !have.insert(arg.to_string()) {
                continue;
            }
            let e = &g.entities[i];
            add.push(EntityDoc {
                id: e.id.clone().into(),
                kind: e.kind.as_str().into(),
                name: e.name.clone().into(),
                aliases: Vec::new(),
            });
        }
    }
    doc.entities.extend(add);
}
