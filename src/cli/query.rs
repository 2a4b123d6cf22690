//! `factlog query`: an atom is looked up in the fact store directly; a whole body, or any query
//! when user rules exist, is answered by the runtime engine over the base facts and the
//! standard relations (derived by the compiled rules, or by the runtime engine from an edited
//! `queries/stance.dl` or when `--engine runtime|naive` asks for it).

use super::args::QueryArgs;
use super::{Outcome, emit, session, stdout_write};
use crate::datalog::parse_atom;
use crate::diag::SourceMap;
use crate::error::Error;
use crate::query::answer::{AnswerError, answer};
use crate::query::runtime::RuleFiles;
use crate::query::{OutputFormat, Pattern, run_atom, with_evidence, write_answers, write_rows};
use std::io::{IsTerminal, Write};

/// Runs `query`.
pub fn run(args: &QueryArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let root = args.kb.root();
    let files = RuleFiles::of(&root, &args.rules);
    let mut sources = SourceMap::new();
    let file = sources.add("<query>", args.query.clone());
    let atom = parse_atom(&args.query, file).ok();
    let format = args.format.unwrap_or(default_format());
    let direct = atom.is_some() && !files.has_user_rules();
    if !direct && args.evidence {
        return Err(Error::Usage(
            "--evidence takes a single atom over the base and standard relations".into(),
        ));
    }
    let how = session::Derivation {
        filter: Some(&args.filter),
        engine: Some(&args.engine),
        ..Default::default()
    };
    let s = session::open_with(&root, &args.kb, &how, stderr)?;
    if let (true, Some(atom)) = (args.evidence, atom) {
        let outcome = run_atom(&s.store, &atom).map_err(|ds| {
            emit(&ds, &sources, stderr);
            Error::Diagnostics(ds)
        })?;
        emit(&outcome.warnings, &sources, stderr);
        let mut s = s;
        let pattern = Pattern::new(&s.store, &atom).map_err(Error::Diagnostics)?;
        let answers = with_evidence(&mut s.store, &pattern, &s.articles);
        stdout_write(|out| write_answers(out, &answers, &s.store.interner, format))?;
        return Ok(if answers.rows.is_empty() {
            Outcome::NotFound
        } else {
            Outcome::Success
        });
    }
    // The one decision of how query text is answered, shared with `factlog serve`.
    let a = match answer(&s.store, &files, &args.query, &args.engine.eval_options()) {
        Ok(a) => a,
        Err(AnswerError::Failed(f)) => {
            super::emit_failure(&f, stderr);
            return Err(Error::Diagnostics(f.diagnostics));
        }
        Err(AnswerError::NoBody) => {
            return Err(Error::Usage("the query has no `?-` body to answer".into()));
        }
    };
    emit(&a.warnings, &a.sources, stderr);
    stdout_write(|out| write_rows(out, &a.columns, &a.rows, format))?;
    Ok(if a.rows.is_empty() {
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
