//! Answers query text as `factlog query` does, for every front end that takes a query (the
//! command line and `factlog serve`): a single atom over the base and standard relations is
//! looked up in the fact store; a whole body, or any query while user rules exist, is answered
//! by the runtime engine over the base facts and the standard relations.

use super::run_atom;
use super::runtime::{KbProgram, RuleFiles};
use crate::datalog::{EvalOptions, Failure, parse_atom};
use crate::diag::{Diagnostic, SourceMap};
use crate::kb::FactStore;

/// The answers to query text, as text.
#[derive(Debug)]
pub struct TextAnswers {
    /// The named variables, in order of first appearance.
    pub columns: Vec<String>,
    /// Distinct rows, sorted.
    pub rows: Vec<Vec<String>>,
    /// Warnings about the query itself (a variable that looks like a forgotten pair of
    /// quotes), pointing into [`TextAnswers::sources`].
    pub warnings: Vec<Diagnostic>,
    /// The query text as a source file (`<query>`), for rendering the warnings.
    pub sources: SourceMap,
}

/// Why query text could not be answered.
#[derive(Debug)]
pub enum AnswerError {
    /// The query or the rules are wrong, or the evaluation stopped (diagnostics with spans).
    Failed(Failure),
    /// The text holds rules but no `?-` body to answer.
    NoBody,
}

/// Answers `text` (an atom or a body, as typed at `factlog query`) over `store` and the user
/// rule files.
pub fn answer(
    store: &FactStore,
    files: &RuleFiles,
    text: &str,
    options: &EvalOptions,
) -> Result<TextAnswers, AnswerError> {
    let mut sources = SourceMap::new();
    let file = sources.add("<query>", text.to_string());
    if let (Ok(atom), false) = (parse_atom(text, file), files.has_user_rules()) {
        return match run_atom(store, &atom) {
            Ok(outcome) => Ok(TextAnswers {
                columns: outcome.answers.columns,
                rows: outcome
                    .answers
                    .rows
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|&s| store.interner.resolve(s).to_string())
                            .collect()
                    })
                    .collect(),
                warnings: outcome.warnings,
                sources,
            }),
            Err(diagnostics) => Err(AnswerError::Failed(Failure {
                sources,
                diagnostics,
            })),
        };
    }
    let kbp = KbProgram { store, files };
    let mut builder = kbp.builder();
    builder.add_query("<query>", text);
    let (program, inputs) = kbp.finish(&builder).map_err(AnswerError::Failed)?;
    let model = program
        .evaluate(&inputs, options)
        .map_err(AnswerError::Failed)?;
    let Some(a) = model.answers().into_iter().next() else {
        return Err(AnswerError::NoBody);
    };
    Ok(TextAnswers {
        columns: a.columns,
        rows: a.rows,
        warnings: Vec::new(),
        sources,
    })
}
