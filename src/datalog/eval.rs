//! Semi-naive evaluation, stratum by stratum (datafrog's scheme): every relation has `stable`,
//! `recent` and `to_add` tuples; a recursive stratum runs, each round, one plan per rule and per
//! body atom of the stratum (that atom reading only `recent` tuples, the atoms before it only
//! `stable` ones, those after it both), and is done when every `recent` is empty.
//!
//! Also owns what both engines share: linking rules to the symbol table, loading the inputs,
//! the tuple guard, and locating run-time faults at their rule.

use super::exec::{Exec, Out};
use super::expr::{Ctx, Fault, eval};
use super::inputs::Inputs;
use super::ir::{IrRule, Lit, RelId};
use super::plan::{RulePlan, link_rule, plan_rule};
use super::program::Program;
use super::relation::{Relation, Source};
use super::value::{SharedSymbols, Symbols};
use crate::diag::Span;
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
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            engine: Engine::SemiNaive,
            max_tuples: 100_000_000,
            threads: 1,
        }
    }
}

/// Why an evaluation stopped.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum EvalError {
    /// The tuple guard tripped.
    TooManyTuples { limit: usize },
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

/// The total number of tuples held and queued.
pub(crate) fn total(relations: &[Relation]) -> usize {
    relations.iter().map(|r| r.len() + r.pending()).sum()
}

/// Evaluates a checked program on inputs.
pub(crate) fn evaluate(
    program: &Program,
    inputs: &Inputs,
    options: &EvalOptions,
) -> Result<Evaluated, EvalError> {
    let setup = setup(program, inputs)?;
    if total(&setup.relations) > options.max_tuples {
        return Err(EvalError::TooManyTuples {
            limit: options.max_tuples,
        });
    }
    if options.engine == Engine::Naive {
        return super::naive::evaluate(program, setup, options);
    }
    if options.threads > 1 {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.threads)
            .build()
            .map_err(|e| {
                EvalError::Input(format!("cannot start {} threads: {e}", options.threads))
            })?;
        pool.install(|| semi_naive(program, setup, options))
    } else {
        semi_naive(program, setup, options)
    }
}

fn semi_naive(
    program: &Program,
    setup: Setup,
    options: &EvalOptions,
) -> Result<Evaluated, EvalError> {
    let Setup {
        rules,
        mut relations,
        symbols,
        ..
    } = setup;
    let symbols = SharedSymbols::new(symbols);
    let regexes = Mutex::new(FxHashMap::default());
    let ctx = Ctx {
        symbols: &symbols,
        regexes: &regexes,
    };
    // Inputs are iteration 0; every advance of a stratum's relations stamps the next number, so
    // a tuple's premises were all inserted at earlier advances, with lower numbers.
    let mut iteration: u32 = 0;
    for stratum in program.strata() {
        let in_stratum = |r: RelId| stratum.relations.binary_search(&r).is_ok();
        let mut once = Vec::new();
        let mut versions = Vec::new();
        for &ri in &stratum.rules {
            let rule = &rules[ri];
            let atoms: Vec<RelId> = rule
                .body
                .iter()
                .filter_map(|l| match l {
                    Lit::Atom { rel, .. } => Some(*rel),
                    _ => None,
                })
                .collect();
            let recursive: Vec<usize> = (0..atoms.len())
                .filter(|&k| stratum.recursive && in_stratum(atoms[k]))
                .collect();
            if recursive.is_empty() {
                let sources = vec![Source::Full; atoms.len()];
                once.push(plan_rule(rule, &sources, None, &mut relations));
                continue;
            }
            for (n, &d) in recursive.iter().enumerate() {
                let mut sources = vec![Source::Full; atoms.len()];
                for (m, &k) in recursive.iter().enumerate() {
                    sources[k] = match m.cmp(&n) {
                        std::cmp::Ordering::Less => Source::Stable,
                        std::cmp::Ordering::Equal => Source::Recent,
                        std::cmp::Ordering::Greater => Source::Full,
                    };
                }
                versions.push(plan_rule(rule, &sources, Some(d), &mut relations));
            }
        }
        round(&once, &mut relations, &ctx, options)?;
        loop {
            let mut changed = false;
            iteration += 1;
            for &r in &stratum.relations {
                relations[r.index()].set_iteration(iteration);
                changed |= relations[r.index()].advance();
            }
            if !changed || versions.is_empty() {
                break;
            }
            round(&versions, &mut relations, &ctx, options)?;
        }
    }
    Ok(Evaluated {
        relations,
        symbols: symbols.into_inner(),
    })
}

/// Runs plans against the current relations, then queues what they derived.
fn round(
    plans: &[RulePlan],
    relations: &mut [Relation],
    ctx: &Ctx,
    options: &EvalOptions,
) -> Result<(), EvalError> {
    let limit = options.max_tuples;
    let mut outs: Vec<(RelId, Out)> = Vec::with_capacity(plans.len());
    let mut batches: Vec<Out> = plans
        .iter()
        .map(|p| Out::reusing(relations[p.head.index()].take_spare()))
        .collect();
    {
        let relations = &*relations;
        let mut budget = limit.saturating_sub(total(relations));
        let mut compacted = false;
        let exec = |budget| Exec {
            relations,
            ctx,
            budget,
        };
        for (plan, batch) in plans.iter().zip(batches.drain(..)) {
            let out = match exec(budget).run(plan, options.threads, batch) {
                // Earlier batches may hold tuples their heads have: drop those, then try again.
                Err(Fault::TooManyTuples) if !compacted && !outs.is_empty() => {
                    compacted = true;
                    for (head, out) in &mut outs {
                        out.compact(&relations[head.index()]);
                    }
                    let used: usize = outs.iter().map(|(_, o)| o.batch.count).sum();
                    budget = limit.saturating_sub(total(relations) + used);
                    exec(budget).run(plan, options.threads, Out::default())
                }
                result => result,
            }
            .map_err(|fault| match fault {
                Fault::TooManyTuples => EvalError::TooManyTuples { limit },
                fault => EvalError::Fault {
                    fault,
                    rule: plan.span,
                },
            })?;
            budget = budget.saturating_sub(out.batch.count);
            outs.push((plan.head, out));
        }
    }
    for (head, out) in outs {
        relations[head.index()].queue_batch(out.batch);
    }
    if total(relations) > limit {
        return Err(EvalError::TooManyTuples { limit });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::datalog::{EvalOptions, Inputs, load_text};

    /// Regression test for the tuple guard counting derivations of tuples the head holds:
    /// the redundant second rule re-derives every recent path, so near the end an earlier
    /// batch's old tuples would eat the budget of the transitive step if they were not dropped
    /// before the guard is consulted.
    #[test]
    fn the_guard_counts_new_tuples_not_rederived_ones() {
        let program = load_text(
            "t.dl",
            ".decl e(x: number, y: number)\n.decl p(x: number, y: number)\n\
             p(x, y) :- e(x, y).\np(x, y) :- p(x, y), e(y, _).\np(x, z) :- p(x, y), e(y, z).\n",
            &Default::default(),
        )
        .expect("checks");
        let n = 40;
        let mut inputs = Inputs::new();
        let rows: Vec<[String; 2]> = (0..n)
            .map(|i| [i.to_string(), (i + 1).to_string()])
            .collect();
        inputs.add_rows(&program, "e", &rows).expect("rows");
        let total = n + n * (n + 1) / 2;
        let run = |max_tuples, threads| {
            let options = EvalOptions {
                max_tuples,
                threads,
                ..EvalOptions::default()
            };
            program.evaluate(&inputs, &options).map(|m| m.tuple_count())
        };
        for threads in [1, 4] {
            assert_eq!(run(total, threads).expect("fits"), total);
            assert!(run(total - 1, threads).is_err());
        }
    }
}
