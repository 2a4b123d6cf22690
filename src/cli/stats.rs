//! `factlog stats`: tuples per relation (base and derived) and, per relation, how many tuples
//! have a curated and an extracted source.

use super::args::StatsArgs;
use super::query::default_format;
use super::{Outcome, session, stdout_write};
use crate::error::Error;
use crate::kb::{Origin, RelationKind};
use crate::query::{Answers, OutputFormat, write_answers};
use std::io::Write;

struct Row {
    relation: String,
    kind: &'static str,
    tuples: usize,
    curated: usize,
    extracted: usize,
}

/// Runs `stats`.
pub fn run(args: &StatsArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let mut s = session::open(&args.kb, stderr)?;
    let store = &mut s.store;
    let schema = store.schema();
    let rows: Vec<Row> = schema
        .ids()
        .map(|id| {
            let rel = store.relation(id);
            let count = |o: Origin| {
                rel.iter_with_provenance()
                    .filter(|(_, p)| p.iter().any(|p| p.origin == o))
                    .count()
            };
            Row {
                relation: schema.decl(id).name.clone(),
                kind: match schema.decl(id).kind {
                    RelationKind::Base => "base",
                    RelationKind::Derived => "derived",
                },
                tuples: rel.len(),
                curated: count(Origin::Curated),
                extracted: count(Origin::Extracted),
            }
        })
        .collect();
    let total = |f: fn(&Row) -> usize| rows.iter().map(f).sum::<usize>();
    let format = args.format.unwrap_or(default_format());
    if format == OutputFormat::Json {
        let doc = serde_json::json!({
            "relations": rows.iter().map(|r| serde_json::json!({
                "relation": r.relation, "kind": r.kind, "tuples": r.tuples,
                "curated": r.curated, "extracted": r.extracted,
            })).collect::<Vec<_>>(),
            "origins": {"curated": total(|r| r.curated), "extracted": total(|r| r.extracted)},
        });
        stdout_write(|out| {
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        })?;
        return Ok(Outcome::Success);
    }
    let mut table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.relation.clone(),
                r.kind.to_string(),
                r.tuples.to_string(),
                r.curated.to_string(),
                r.extracted.to_string(),
            ]
        })
        .collect();
    table.push(vec![
        "total".into(),
        "all".into(),
        total(|r| r.tuples).to_string(),
        total(|r| r.curated).to_string(),
        total(|r| r.extracted).to_string(),
    ]);
    let answers = Answers {
        columns: ["relation", "kind", "tuples", "curated", "extracted"]
            .map(String::from)
            .to_vec(),
        rows: table
            .iter()
            .map(|r| r.iter().map(|c| store.interner.intern(c)).collect())
            .collect(),
    };
    stdout_write(|out| write_answers(out, &answers, &store.interner, format))?;
    Ok(Outcome::Success)
}
