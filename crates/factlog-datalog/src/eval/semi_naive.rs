//! Semi-naive evaluation, stratum by stratum (datafrog's scheme): every relation has `stable`,
//! `recent` and `to_add` tuples; a recursive stratum runs, each round, one plan per rule and per
//! body atom of the stratum (that atom reading only `recent` tuples, the atoms before it only
//! `stable` ones, those after it both), and is done when every `recent` is empty.

use super::exec::{Exec, Out};
use super::expr::{Ctx, Fault};
use super::setup::{EvalError, EvalOptions, Evaluated, Setup, memory, total};
use crate::lower::ir::{Lit, RelId};
use crate::model::relation::{Relation, Source};
use crate::plan::{RulePlan, Step, plan_rule};
use crate::program::Program;
use crate::value::SharedSymbols;
use rustc_hash::FxHashMap;
use std::sync::Mutex;

/// Evaluates with the semi-naive engine.
pub(super) fn evaluate(
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
    // Every stratum planned first (indexes are created empty and filled as tuples come), so
    // that what every plan reads is known before anything runs.
    let plans: Vec<(Vec<RulePlan>, Vec<RulePlan>)> = program
        .strata()
        .iter()
        .map(|stratum| plan_stratum(stratum, &rules, &mut relations))
        .collect();
    if !options.provenance {
        drop_unread_stable_rows(&plans, &mut relations);
    }
    if options.threads > 1 {
        relations.iter_mut().for_each(Relation::insert_in_parallel);
    }
    for (stratum, (once, versions)) in program.strata().iter().zip(&plans) {
        round(once, &mut relations, &ctx, options)?;
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
            round(versions, &mut relations, &ctx, options)?;
        }
    }
    Ok(Evaluated {
        relations,
        symbols: symbols.into_inner(),
    })
}

/// The plans of a stratum: those run once (rules reading no relation of a recursive stratum)
/// and, per recursive rule, one version per recursive body atom (that atom reading only
/// `recent` tuples, the ones before it `stable`, those after it both).
fn plan_stratum(
    stratum: &crate::stratify::Stratum,
    rules: &[crate::lower::ir::IrRule],
    relations: &mut [Relation],
) -> (Vec<RulePlan>, Vec<RulePlan>) {
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
            once.push(plan_rule(rule, &sources, None, relations));
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
            versions.push(plan_rule(rule, &sources, Some(d), relations));
        }
    }
    (once, versions)
}

/// Lets every relation that no plan reads but through its `recent` tuples (the delta of a
/// linear recursion, as `path` in `path(x, z) :- path(x, y), edge(y, z)`) drop the rows of
/// its stable tuples: its deduplication table holds them, and gives them back at the end.
fn drop_unread_stable_rows(plans: &[(Vec<RulePlan>, Vec<RulePlan>)], relations: &mut [Relation]) {
    let mut read = vec![false; relations.len()];
    fn mark(steps: &[Step], read: &mut [bool]) {
        for step in steps {
            match step {
                Step::Scan(scan) if scan.source != Source::Recent => read[scan.rel.index()] = true,
                Step::Aggregate { body, .. } => {
                    // Aggregate bodies read whole relations, whatever their sources say.
                    for s in body {
                        if let Step::Scan(scan) = s {
                            read[scan.rel.index()] = true;
                        }
                    }
                    mark(body, read);
                }
                _ => {}
            }
        }
    }
    for (once, versions) in plans {
        for plan in once.iter().chain(versions) {
            mark(&plan.steps, &mut read);
        }
    }
    for (r, read) in relations.iter_mut().zip(read) {
        if !read {
            r.drop_stable_rows();
        }
    }
}

/// Runs plans against the current relations, then queues what they derived.
fn round(
    plans: &[RulePlan],
    relations: &mut [Relation],
    ctx: &Ctx,
    options: &EvalOptions,
) -> Result<(), EvalError> {
    options.check_deadline()?;
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
        let symbol_budget = options
            .max_memory
            .saturating_sub(memory(relations, ctx.symbols) - ctx.symbols.bytes());
        let exec = |budget| Exec {
            relations,
            ctx,
            budget,
            symbol_budget,
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
                Fault::TooManyTuples if ctx.symbols.bytes() > symbol_budget => {
                    EvalError::OutOfMemory {
                        limit: options.max_memory,
                    }
                }
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
        // Queued tuples may repeat each other or be held already: count only new ones
        // (reliability finding 3).
        for r in relations.iter_mut() {
            r.compact_pending();
        }
        if total(relations) > limit {
            return Err(EvalError::TooManyTuples { limit });
        }
    }
    if memory(relations, ctx.symbols) > options.max_memory {
        return Err(EvalError::OutOfMemory {
            limit: options.max_memory,
        });
    }
    Ok(())
}
