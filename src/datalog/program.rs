//! Loading and checking: a [`ProgramBuilder`] gathers program files (resolving `#include`
//! relative to the including file), texts and query bodies into one [`SourceMap`], parses them
//! with recovery, checks and stratifies them into a [`Program`], or returns every diagnostic
//! as a [`Failure`].

use super::ast::{Item, Query};
use super::check::{CheckOptions, Checked, check};
use super::eval::{EvalError, EvalOptions, evaluate};
use super::expr::Fault;
use super::inputs::Inputs;
use super::ir::{IoDirective, IrRule, QueryInfo, RelId, RelationInfo};
use super::model::Model;
use super::parser::{parse_program_recovering, parse_query};
use super::stratify::{Stratum, stratify};
use crate::diag::{Diagnostic, Location, Severity, SourceMap, render};
use std::path::{Path, PathBuf};

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

/// Gathers program sources; reusable (a REPL adds lines and builds again).
#[derive(Clone, Debug, Default)]
pub struct ProgramBuilder {
    options: CheckOptions,
    sources: SourceMap,
    items: Vec<Item>,
    errors: Vec<Diagnostic>,
    seen: Vec<PathBuf>,
}

impl ProgramBuilder {
    /// An empty builder with checker options.
    pub fn new(options: CheckOptions) -> ProgramBuilder {
        ProgramBuilder {
            options,
            ..ProgramBuilder::default()
        }
    }

    /// Adds a program file; `#include`s resolve relative to its directory. The file is shown in
    /// diagnostics as `path` is written.
    pub fn add_file(&mut self, path: &Path) -> &mut ProgramBuilder {
        self.add_file_as(path, &path.display().to_string())
    }

    /// Adds a program file shown in diagnostics and rule locations as `name` (a knowledge
    /// base's `queries/stance.dl`, wherever the knowledge base is).
    pub fn add_file_as(&mut self, path: &Path, name: &str) -> &mut ProgramBuilder {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                self.mark_seen(path);
                self.add_source(name.to_string(), text, path.parent());
            }
            Err(e) => self.errors.push(
                Diagnostic {
                    severity: Severity::Error,
                    code: "E0310",
                    message: format!("cannot read the program: {e}"),
                    location: Location::None,
                    notes: Vec::new(),
                }
                .in_file(path.display().to_string()),
            ),
        }
        self
    }

    /// Adds program text named `name` (a path-like name makes `#include` relative to it).
    pub fn add_text(&mut self, name: &str, text: &str) -> &mut ProgramBuilder {
        self.add_source(name.to_string(), text.to_string(), Path::new(name).parent());
        self
    }

    /// Adds a query body as typed at `factlog query` or a REPL (`?-` and `.` optional).
    pub fn add_query(&mut self, name: &str, text: &str) -> &mut ProgramBuilder {
        let file = self.sources.add(name, text);
        match parse_query(text, file) {
            Ok(q) => self.items.push(Item::Query(q)),
            Err(d) => self.errors.push(d),
        }
        self
    }

    /// The query items added so far (for callers that report them).
    pub fn queries(&self) -> impl Iterator<Item = &Query> {
        self.items.iter().filter_map(|i| match i {
            Item::Query(q) => Some(q),
            _ => None,
        })
    }

    fn mark_seen(&mut self, path: &Path) -> bool {
        let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if self.seen.contains(&key) {
            return false;
        }
        self.seen.push(key);
        true
    }

    fn add_source(&mut self, name: String, text: String, dir: Option<&Path>) {
        let file = self.sources.add(name, text.clone());
        let (program, mut errors) = parse_program_recovering(&text, file);
        self.errors.append(&mut errors);
        for item in program.items {
            let Item::Include(rel, span) = &item else {
                self.items.push(item);
                continue;
            };
            let path = dir.map_or_else(|| PathBuf::from(rel), |d| d.join(rel));
            if !self.mark_seen(&path) {
                continue; // included already: each file is read once
            }
            match std::fs::read_to_string(&path) {
                Ok(t) => {
                    let parent = path.parent().map(Path::to_path_buf);
                    self.add_source(path.display().to_string(), t, parent.as_deref());
                }
                Err(e) => self.errors.push(Diagnostic::error(
                    "E0310",
                    format!("cannot include `{}`: {e}", path.display()),
                    *span,
                )),
            }
        }
    }

    /// Checks and stratifies everything added: the program, or every diagnostic.
    pub fn build(&self) -> Result<Program, Failure> {
        let fail = |diagnostics| Failure {
            sources: self.sources.clone(),
            diagnostics,
        };
        let (checked, mut errors) = check(&self.items, &self.options);
        let mut all = self.errors.clone();
        all.append(&mut errors);
        if !all.is_empty() {
            return Err(fail(all));
        }
        let strata = stratify(&checked.relations, &checked.rules).map_err(fail)?;
        Ok(Program {
            sources: self.sources.clone(),
            checked,
            strata,
        })
    }
}

/// Loads and checks a program file (with its `#include`s).
pub fn load_file(path: &Path, options: &CheckOptions) -> Result<Program, Failure> {
    ProgramBuilder::new(options.clone()).add_file(path).build()
}

/// Loads and checks program text named `name`.
pub fn load_text(name: &str, text: &str, options: &CheckOptions) -> Result<Program, Failure> {
    ProgramBuilder::new(options.clone())
        .add_text(name, text)
        .build()
}

/// A checked, stratified program, ready to evaluate on inputs.
#[derive(Debug)]
pub struct Program {
    sources: SourceMap,
    checked: Checked,
    strata: Vec<Stratum>,
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
    pub fn relation_infos(&self) -> &[RelationInfo] {
        &self.checked.relations
    }

    /// The id of the relation called `name`.
    pub fn relation_id(&self, name: &str) -> Option<RelId> {
        self.checked.by_name.get(name).copied()
    }

    /// The `?-` queries, in written order.
    pub fn queries(&self) -> &[QueryInfo] {
        &self.checked.queries
    }

    /// The I/O directives, in written order.
    pub fn directives(&self) -> &[IoDirective] {
        &self.checked.directives
    }

    /// The checked rules (one per head and body alternative), facts included.
    pub fn rules(&self) -> &[IrRule] {
        &self.checked.rules
    }

    /// The strata, dependencies first.
    pub fn strata(&self) -> &[Stratum] {
        &self.strata
    }

    /// Evaluates the program on `inputs`.
    pub fn evaluate(&self, inputs: &Inputs, options: &EvalOptions) -> Result<Model, Failure> {
        match evaluate(self, inputs, options) {
            Ok(done) => Ok(Model::new(self, done)),
            Err(e) => Err(Failure {
                sources: self.sources.clone(),
                diagnostics: vec![self.eval_diagnostic(e)],
            }),
        }
    }

    fn eval_diagnostic(&self, e: EvalError) -> Diagnostic {
        let none = |code, message: String| Diagnostic {
            severity: Severity::Error,
            code,
            message,
            location: Location::None,
            notes: Vec::new(),
        };
        match e {
            EvalError::TooManyTuples { limit } => none(
                "E0321",
                format!("the evaluation was stopped at {limit} tuples by the max_tuples guard"),
            )
            .with_note(
                "raise the limit (--max-tuples) if the program is meant to derive this many",
            ),
            EvalError::Input(message) => none("E0313", message),
            EvalError::Fault { fault, rule } => {
                let file = self.sources.file(rule.file);
                let (line, _) = file.line_col(rule.start as usize);
                let at = format!("{}:{line}", file.name);
                match fault {
                    Fault::DivisionByZero => Diagnostic::error(
                        "E0320",
                        format!("division by zero in the rule at {at}"),
                        rule,
                    ),
                    Fault::NotANumber(s) => Diagnostic::error(
                        "E0322",
                        format!("to_number(\"{s}\"): not a number, in the rule at {at}"),
                        rule,
                    ),
                    Fault::TooManyTuples | Fault::Inconsistent(_) => {
                        unreachable!("invariant: evaluation maps or never raises these")
                    }
                }
            }
        }
    }
}
