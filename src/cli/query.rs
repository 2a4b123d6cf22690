//! `factlog query`: parse the atom, load the knowledge base, print the answers.

use super::args::QueryArgs;
use super::{Outcome, emit, session, stdout_write};
use crate::datalog::parse_atom;
use crate::diag::SourceMap;
use crate::error::Error;
use crate::query::{OutputFormat, Pattern, run_atom, with_evidence, write_answers};
use std::io::{IsTerminal, Write};

/// Runs `query`.
pub fn run(args: &QueryArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let mut sources = SourceMap::new();
    let file = sources.add("<query>", args.query.clone());
    let atom = parse_atom(&args.query, file).map_err(|d| {
        emit(std::slice::from_ref(&d), &sources, stderr);
        Error::Diagnostics(vec![d])
    })?;
    let s = session::open_filtered(&args.kb, Some(&args.filter), stderr)?;
    let outcome = run_atom(&s.store, &atom).map_err(|ds| {
        emit(&ds, &sources, stderr);
        Error::Diagnostics(ds)
    })?;
    emit(&outcome.warnings, &sources, stderr);
    let mut s = s;
    let answers = if args.evidence {
        let pattern = Pattern::new(&s.store, &atom).map_err(Error::Diagnostics)?;
        with_evidence(&mut s.store, &pattern, &s.articles)
    } else {
        outcome.answers
    };
    let format = args.format.unwrap_or(default_format());
    stdout_write(|out| write_answers(out, &answers, &s.store.interner, format))?;
    Ok(if answers.rows.is_empty() {
        Outcome::NotFound
    } else {
        Outcome::Success
    })
}

/// A table on a terminal, TSV when piped.
pub(crate) fn default_format() -> OutputFormat {
    if std::io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Tsv
    }
}
