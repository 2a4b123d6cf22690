//! The product of the front end: a checked, stratified [`Program`], plain data that the later
//! phases read (planning, evaluation, explanation, I/O), or the [`Failure`] that stopped it,
//! with every diagnostic. A [`ProgramBuilder`](builder::ProgramBuilder) makes one from files, texts, query bodies and
//! relations declared as values.

pub(crate) mod builder;

use crate::check::Checked;
use crate::lower::ir::{IoDirective, IrRule, QueryInfo, RelId, RelationInfo};
use crate::stratify::Stratum;
use factlog_diag::{Diagnostic, SourceMap, render};

/// Diagnostics that stop a program from loading or running, with the sources they point into.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{} error(s) in the Datalog program", .diagnostics.len())]
pub struct Failure {
    /// Every file the diagnostics may point into.
    pub sources: SourceMap,
    /// The problems, in a deterministic order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    /// Every diagnostic rendered rustc-style, one after another.
    pub fn render(&self) -> String {
        self.diagnostics
            .iter()
            .map(|d| render(d, &self.sources))
            .collect()
    }
}

/// A checked, stratified program, ready to evaluate on inputs ([`Program::evaluate`], which
/// the evaluator defines).
#[derive(Debug)]
pub struct Program {
    pub(crate) sources: SourceMap,
    pub(crate) checked: Checked,
    pub(crate) strata: Vec<Stratum>,
}

impl Program {
    /// The files the program was read from.
    pub fn sources(&self) -> &SourceMap {
        &self.sources
    }

    /// The declared relations, in declaration order (queries' answer relations excluded).
    pub fn relations(&self) -> impl Iterator<Item = &RelationInfo> {
        self.checked.relations.iter().filter(|r| !r.is_query)
    }

    /// Every relation, answer relations of queries included, indexed by [`RelId`].
    pub(crate) fn relation_infos(&self) -> &[RelationInfo] {
        &self.checked.relations
    }

    /// The relation called `name` (queries' answer relations excluded).
    pub fn relation(&self, name: &str) -> Option<&RelationInfo> {
        self.relation_id(name)
            .map(|r| &self.checked.relations[r.index()])
            .filter(|r| !r.is_query)
    }

    /// The id of the relation called `name`.
    pub(crate) fn relation_id(&self, name: &str) -> Option<RelId> {
        self.checked.by_name.get(name).copied()
    }

    /// The `?-` queries, in written order.
    pub(crate) fn queries(&self) -> &[QueryInfo] {
        &self.checked.queries
    }

    /// The I/O directives, in written order.
    pub(crate) fn directives(&self) -> &[IoDirective] {
        &self.checked.directives
    }

    /// The checked rules (one per head and body alternative), facts included.
    pub(crate) fn rules(&self) -> &[IrRule] {
        &self.checked.rules
    }

    /// The strata, dependencies first.
    pub(crate) fn strata(&self) -> &[Stratum] {
        &self.strata
    }
}
