//! Input tuples of an evaluation, encoded: rows handed over by the caller as strings (the
//! knowledge base passes its base relations this way) and rows read for `.input` directives
//! from a facts directory (by [`crate::io`]).
//!
//! A relation given by the caller is never read from a file: its `.input` is ignored.

use crate::program::Program;
use crate::value::{Kind, Symbols, Word};
use factlog_diag::{Diagnostic, Location};
use std::collections::BTreeMap;

/// One relation's input rows, encoded.
#[derive(Clone, Debug, Default)]
pub(crate) struct InputRows {
    pub kinds: Vec<Kind>,
    pub words: Vec<Word>,
    pub count: usize,
}

/// The input tuples of an evaluation, with the symbols they use.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    symbols: Symbols,
    relations: BTreeMap<String, InputRows>,
}

/// An E0313 diagnostic (bad input rows) without a location.
pub(crate) fn input_error(message: String) -> Diagnostic {
    Diagnostic {
        severity: factlog_diag::Severity::Error,
        code: "E0313",
        message,
        location: Location::None,
        notes: Vec::new(),
    }
}

impl Inputs {
    /// No input.
    pub fn new() -> Inputs {
        Inputs::default()
    }

    /// Whether rows of `relation` were given (its `.input` is then ignored).
    pub fn has(&self, relation: &str) -> bool {
        self.relations.contains_key(relation)
    }

    /// The number of rows given for `relation`.
    pub fn len(&self, relation: &str) -> usize {
        self.relations.get(relation).map_or(0, |r| r.count)
    }

    /// Whether no row was given at all.
    pub fn is_empty(&self) -> bool {
        self.relations.values().all(|r| r.count == 0)
    }

    pub(crate) fn symbols(&self) -> &Symbols {
        &self.symbols
    }

    pub(crate) fn relations(&self) -> impl Iterator<Item = (&str, &InputRows)> {
        self.relations.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Adds rows of text values for a relation `program` declares; numeric columns are
    /// parsed. Errors: an undeclared relation, a row of the wrong width, a value that is not of
    /// its column's type.
    pub fn add_rows<I, R, S>(
        &mut self,
        program: &Program,
        relation: &str,
        rows: I,
    ) -> Result<(), Diagnostic>
    where
        I: IntoIterator<Item = R>,
        R: AsRef<[S]>,
        S: AsRef<str>,
    {
        let Some(rel) = program.relation_id(relation) else {
            return Err(input_error(format!(
                "input for `{relation}`, which the program does not declare"
            )));
        };
        let kinds = program.relation_infos()[rel.index()].kinds();
        let entry = self
            .relations
            .entry(relation.to_string())
            .or_insert_with(|| InputRows {
                kinds: kinds.clone(),
                ..InputRows::default()
            });
        for (n, row) in rows.into_iter().enumerate() {
            let row = row.as_ref();
            if row.len() != kinds.len() {
                return Err(input_error(format!(
                    "input row {} of `{relation}`: expected {} values, found {}",
                    n + 1,
                    kinds.len(),
                    row.len()
                )));
            }
            for (v, &k) in row.iter().zip(&kinds) {
                let w = self.symbols.parse(k, v.as_ref()).map_err(|e| {
                    input_error(format!("input row {} of `{relation}`: {e}", n + 1))
                })?;
                entry.words.push(w);
            }
            entry.count += 1;
        }
        Ok(())
    }

    /// The rows of `relation` (with columns of `kinds`), empty if none were given yet, and the
    /// symbols, for a reader that encodes rows straight into them.
    pub(crate) fn rows_mut(
        &mut self,
        relation: &str,
        kinds: &[Kind],
    ) -> (&mut InputRows, &mut Symbols) {
        let rows = self
            .relations
            .entry(relation.to_string())
            .or_insert_with(|| InputRows {
                kinds: kinds.to_vec(),
                ..InputRows::default()
            });
        (rows, &mut self.symbols)
    }
}
