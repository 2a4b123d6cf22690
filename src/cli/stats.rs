//! `factlog stats`: tuples per relation (base and derived) and, per relation, how many tuples
//! have a curated and an extracted source.

use super::args::StatsArgs;
use super::query::default_format;
use super::{Outcome, session, stdout_write};
use crate::error::Error;
use crate::kb::sizes::{RelationSize, relation_sizes, sizes_json};
use crate::query::{Answers, OutputFormat, write_answers};
use std::io::Write;

/// Runs `stats`.
pub fn run(args: &StatsArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let mut s = session::open(&args.kb, stderr)?;
    let store = &mut s.store;
    let rows = relation_sizes(store);
    let total = |f: fn(&RelationSize) -> usize| rows.iter().map(f).sum::<usize>();
    let format = args.format.unwrap_or(default_format());
    if format == OutputFormat::Json {
        let doc = sizes_json(&rows);
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
                r.kind_name().to_string(),
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
