//! What both engines share: how to evaluate ([`EvalOptions`]), what they start from (the rules
//! linked to the symbol table, the inputs and the program's facts loaded: [`setup`]), the tuple
//! guard ([`total`]), what they end with ([`Evaluated`]) and why they stop ([`EvalError`]).

use super::expr::{Ctx, Fault, eval};
use super::inputs::Inputs;
use crate::lower::ir::IrRule;
use crate::model::relation::Relation;
use crate::plan::link_rule;
use crate::program::Program;
use crate::value::{SharedSymbols, Symbols};
use factlog_diag::Span;
use rustc_hash::FxHashMap;
use std::sync::Mutex;

/// Which evaluator runs a program.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Engine {
    /// Semi-naive evaluation with join plans and indexes (the default).
    #[default]
    SemiNaive,
    /// The naive reference evaluator: every rule over every tuple until nothing changes.
    Naive,
}

/// How to evaluate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvalOptions {
    /// The evaluator.
    pub engine: Engine,
    /// The most tuples (over all relations) the evaluation may hold before it stops with an
    /// error.
    pub max_tuples: usize,
    /// Worker threads (1: no parallelism).
    pub threads: usize,
    /// The memory budget, in bytes: the words of the tuples held and queued plus the bytes of
    /// the symbols' texts. Past it the evaluation stops with an error (E0325) instead of
    /// running the machine out of memory (4 GiB by default; `--max-memory`).
    pub max_memory: usize,
    /// Whether the model keeps what explanations need (each tuple's derivation order and
    /// first iteration): on by default; `factlog run` turns it off unless `--provenance`.
    pub provenance: bool,
    /// Stop with an error (E0324) when a round of evaluation would start after this instant
    /// (`None`: no deadline). Checked between rounds, so a single round may overrun it.
    pub deadline: Option<std::time::Instant>,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            engine: Engine::SemiNaive,
            max_tuples: 100_000_000,
            threads: 1,
            max_memory: 4 << 30,
            provenance: true,
            deadline: None,
        }
    }
}

impl EvalOptions {
    /// An error when the deadline has passed.
    pub(crate) fn check_deadline(&self) -> Result<(), EvalError> {
        match self.deadline {
            Some(d) if std::time::Instant::now() >= d => Err(EvalError::Deadline),
            _ => Ok(()),
        }
    }
}

/// Why an evaluation stopped.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum EvalError {
    /// The tuple guard tripped.
    TooManyTuples { limit: usize },
    /// The memory budget was exceeded.
    OutOfMemory { limit: usize },
    /// The deadline passed.
    Deadline,
    /// A rule faulted.
    Fault { fault: Fault, rule: Span },
    /// An input does not fit the program's declaration.
    Input(String),
}

/// The relations and symbols an evaluation ends with.
pub(crate) struct Evaluated {
    pub relations: Vec<Relation>,
    pub symbols: Symbols,
}

/// What both engines start from.
pub(crate) struct Setup {
    pub rules: Vec<IrRule>,
    pub relations: Vec<Relation>,
    pub symbols: Symbols,
}

/// Links the rules and loads the inputs and the program's facts (queued, so that a derived
/// relation's inputs become its first delta, at iteration 0).
pub(crate) fn setup(program: &Program, inputs: &Inputs) -> Result<Setup, EvalError> {
    let mut symbols = inputs.symbols().clone();
    let rules: Vec<IrRule> = program
        .rules()
        .iter()
        .map(|r| link_rule(r, &mut symbols))
        .collect();
    let infos = program.relation_infos();
    let mut relations: Vec<Relation> = infos.iter().map(|r| Relation::new(r.arity())).collect();
    let mut derived = vec![false; infos.len()];
    for r in &rules {
        derived[r.head.index()] = true;
    }
    for (name, rows) in inputs.relations() {
        let Some(rel) = program.relation_id(name) else {
            return Err(EvalError::Input(format!(
                "input relation `{name}` is not declared by the program"
            )));
        };
        if infos[rel.index()].kinds() != rows.kinds {
            return Err(EvalError::Input(format!(
                "input relation `{name}` has other column types than its declaration"
            )));
        }
        relations[rel.index()].queue_inputs(&rows.words, rows.count);
    }
    // Facts of the program are inputs too (iteration 0); their rules derive them again, as
    // duplicates.
    let shared = SharedSymbols::new(symbols);
    let regexes = Mutex::new(FxHashMap::default());
    let ctx = Ctx {
        symbols: &shared,
        regexes: &regexes,
    };
    for rule in rules.iter().filter(|r| r.body.is_empty()) {
        let t = rule
            .head_args
            .iter()
            .map(|e| eval(e, &[], &ctx))
            .collect::<Result<Vec<_>, Fault>>()
            .map_err(|fault| EvalError::Fault {
                fault,
                rule: rule.span,
            })?;
        relations[rule.head.index()].queue_inputs(&t, 1);
    }
    let symbols = shared.into_inner();
    for (i, r) in relations.iter_mut().enumerate() {
        if !derived[i] {
            r.advance();
        }
    }
    Ok(Setup {
        rules,
        relations,
        symbols,
    })
}

/// The memory the budget counts: the words of the tuples held and queued, and the bytes of
/// the symbols.
pub(crate) fn memory(relations: &[Relation], symbols: &SharedSymbols) -> usize {
    let words: usize = relations
        .iter()
        .map(|r| (r.len() + r.pending()) * r.arity())
        .sum();
    words * std::mem::size_of::<crate::value::Word>() + symbols.bytes()
}

/// The total number of tuples held and queued.
pub(crate) fn total(relations: &[Relation]) -> usize {
    relations.iter().map(|r| r.len() + r.pending()).sum()
}
