//! The naive reference evaluator (`--engine naive`): per stratum, every rule is evaluated over
//! every tuple, literal by literal in the checker's order with plain nested loops (no plans, no
//! indexes, no deltas), until a pass derives nothing new. Slow by design; the tests compare it
//! with the semi-naive engine.

use super::setup::{EvalError, EvalOptions, Evaluated, Setup};
use crate::eval::expr::{Accumulator, Ctx, Fault, builtin, eval, test};
use crate::lower::ir::{Arg, Const, Lit};
use crate::model::relation::Relation;
use crate::program::Program;
use crate::value::{SharedSymbols, Word};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Mutex;

/// Per relation, each tuple and the round that first derived it (0 for inputs).
type Sets = Vec<FxHashMap<Vec<Word>, u32>>;

/// Evaluates with the naive engine.
pub(crate) fn evaluate(
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
    let mut sets: Sets = relations
        .iter_mut()
        .map(|r| {
            r.advance();
            (0..r.len()).map(|i| (r.tuple(i).to_vec(), 0)).collect()
        })
        .collect();
    let symbols = SharedSymbols::new(symbols);
    let regexes = Mutex::new(FxHashMap::default());
    let ctx = Ctx {
        symbols: &symbols,
        regexes: &regexes,
    };
    let mut count: usize = sets.iter().map(FxHashMap::len).sum();
    let mut pass: u32 = 0;
    for stratum in program.strata() {
        loop {
            options.check_deadline()?;
            pass += 1;
            // Distinct new tuples only, counted against the guard as they come: a pass holds
            // no more than the guard allows (reliability finding 3).
            let mut new: FxHashSet<(usize, Vec<Word>)> = FxHashSet::default();
            for &ri in &stratum.rules {
                let rule = &rules[ri];
                let mut env = vec![0; rule.vars.len()];
                let mut bound = vec![false; rule.vars.len()];
                let mut emit = |env: &mut [Word]| -> Result<(), Fault> {
                    let t = rule
                        .head_args
                        .iter()
                        .map(|e| eval(e, env, &ctx))
                        .collect::<Result<Vec<Word>, Fault>>()?;
                    if !sets[rule.head.index()].contains_key(&t)
                        && new.insert((rule.head.index(), t))
                        && count + new.len() > options.max_tuples
                    {
                        return Err(Fault::TooManyTuples);
                    }
                    if ctx.symbols.bytes() > options.max_memory {
                        return Err(Fault::TooManyTuples);
                    }
                    Ok(())
                };
                solve(&rule.body, &sets, &ctx, &mut env, &mut bound, &mut emit).map_err(
                    |fault| match fault {
                        Fault::TooManyTuples if ctx.symbols.bytes() > options.max_memory => {
                            EvalError::OutOfMemory {
                                limit: options.max_memory,
                            }
                        }
                        Fault::TooManyTuples => EvalError::TooManyTuples {
                            limit: options.max_tuples,
                        },
                        fault => EvalError::Fault {
                            fault,
                            rule: rule.span,
                        },
                    },
                )?;
            }
            let mut changed = false;
            let mut new: Vec<(usize, Vec<Word>)> = new.into_iter().collect();
            // In a fixed order: the tuples of a pass all get the same number, but their order
            // becomes the ids of the model.
            new.sort_unstable();
            for (rel, t) in new {
                if let std::collections::hash_map::Entry::Vacant(e) = sets[rel].entry(t) {
                    e.insert(pass);
                    changed = true;
                    count += 1;
                }
            }
            if count > options.max_tuples {
                return Err(EvalError::TooManyTuples {
                    limit: options.max_tuples,
                });
            }
            if !changed {
                break;
            }
        }
    }
    let relations = sets
        .into_iter()
        .zip(&relations)
        .map(|(set, old)| {
            let mut r = Relation::new(old.arity());
            // By pass first: iterations ascend with the ids.
            let mut rows: Vec<(u32, Vec<Word>)> = set.into_iter().map(|(t, p)| (p, t)).collect();
            rows.sort_unstable();
            for (pass, t) in rows {
                r.insert_at(&t, pass);
            }
            r
        })
        .collect();
    Ok(Evaluated {
        relations,
        symbols: symbols.into_inner(),
    })
}

fn word(c: &Const, ctx: &Ctx) -> Word {
    match c {
        Const::Word(w) => *w,
        Const::Sym(s) => ctx.symbols.intern(s),
    }
}

/// Calls `emit` for every binding satisfying `lits`.
fn solve(
    lits: &[Lit],
    sets: &Sets,
    ctx: &Ctx,
    env: &mut [Word],
    bound: &mut [bool],
    emit: &mut dyn FnMut(&mut [Word]) -> Result<(), Fault>,
) -> Result<(), Fault> {
    let Some((lit, rest)) = lits.split_first() else {
        return emit(env);
    };
    match lit {
        Lit::Atom { rel, args } => {
            for t in sets[rel.index()].keys() {
                let mut newly = Vec::new();
                let mut ok = true;
                for (a, &w) in args.iter().zip(t) {
                    match a {
                        Arg::Wild => {}
                        Arg::Const(c) => ok &= word(c, ctx) == w,
                        Arg::Var(v) if bound[*v] => ok &= env[*v] == w,
                        Arg::Var(v) => {
                            env[*v] = w;
                            bound[*v] = true;
                            newly.push(*v);
                        }
                    }
                    if !ok {
                        break;
                    }
                }
                let r = if ok {
                    solve(rest, sets, ctx, env, bound, emit)
                } else {
                    Ok(())
                };
                for v in newly {
                    bound[v] = false;
                }
                r?;
            }
            Ok(())
        }
        Lit::Neg { rel, args } => {
            let present = sets[rel.index()].keys().any(|t| {
                args.iter().zip(t).all(|(a, &w)| match a {
                    Arg::Wild => true,
                    Arg::Const(c) => word(c, ctx) == w,
                    Arg::Var(v) => env[*v] == w,
                })
            });
            if present {
                Ok(())
            } else {
                solve(rest, sets, ctx, env, bound, emit)
            }
        }
        Lit::Cmp {
            op,
            kind,
            left,
            right,
        } => {
            if test(
                *op,
                *kind,
                eval(left, env, ctx)?,
                eval(right, env, ctx)?,
                ctx,
            ) {
                solve(rest, sets, ctx, env, bound, emit)
            } else {
                Ok(())
            }
        }
        Lit::Assign { var, expr } => {
            env[*var] = eval(expr, env, ctx)?;
            bound[*var] = true;
            let r = solve(rest, sets, ctx, env, bound, emit);
            bound[*var] = false;
            r
        }
        Lit::Builtin {
            builtin: b,
            negated,
            args,
        } => {
            let x = eval(&args[0], env, ctx)?;
            let y = eval(&args[1], env, ctx)?;
            if builtin(b, x, y, ctx) != *negated {
                solve(rest, sets, ctx, env, bound, emit)
            } else {
                Ok(())
            }
        }
        Lit::Aggregate {
            var,
            func,
            kind,
            target,
            body,
            ..
        } => {
            let mut acc = Accumulator::new(*func, *kind);
            let mut inner_bound = bound.to_vec();
            solve(body, sets, ctx, env, &mut inner_bound, &mut |env| {
                let v = match target {
                    Some(t) => eval(t, env, ctx)?,
                    None => 0,
                };
                acc.add(v, ctx);
                Ok(())
            })?;
            match acc.finish() {
                Some(w) => {
                    env[*var] = w;
                    bound[*var] = true;
                    let r = solve(rest, sets, ctx, env, bound, emit);
                    bound[*var] = false;
                    r
                }
                None => Ok(()),
            }
        }
    }
}
