//! Executes a [`RulePlan`] against the relations: nested index lookups binding variables,
//! filters, negation probes and aggregates, emitting head tuples into a flat [`Batch`].
//!
//! Emitting does not probe the head relation: the batch is checked against it all at once,
//! when it ends the round (or passes a size threshold, or the tuple budget), where the
//! probes can go in table order. The budget counts only tuples the head does not hold, as a
//! probe per derivation would.
//!
//! A plan whose first step scans many tuples can be split into chunks run on rayon's pool;
//! relations are read-only while a round runs, so chunks share them without locks.

use crate::eval::expr::{Accumulator, Ctx, Fault, builtin, eval, test};
use crate::lower::ir::Expr;
use crate::model::relation::{Relation, restrict};
use crate::model::table::Batch;
use crate::plan::{Lookup, Operand, RulePlan, Scan, Step};
use crate::value::Word;
use rayon::prelude::*;
use smallvec::SmallVec;

/// What a step calls for each binding it lets through.
type Next<'a> = dyn FnMut(&mut [Word], &mut Out) -> Result<(), Fault> + 'a;

/// Tuples a chunk of a parallel scan covers, at least.
const CHUNK: usize = 4096;

/// Runs plans over a read-only database.
pub(crate) struct Exec<'a> {
    pub relations: &'a [Relation],
    pub ctx: &'a Ctx<'a>,
    /// How many more tuples may be derived before the guard trips.
    pub budget: usize,
    /// The symbols' bytes past which the memory budget is exceeded.
    pub symbol_budget: usize,
}

fn operand(o: &Operand, env: &[Word]) -> Word {
    match o {
        Operand::Var(v) => env[*v],
        Operand::Const(w) => *w,
    }
}

/// The values of a lookup key.
type Key = SmallVec<[Word; 8]>;

/// The values of `key` in `env`.
#[inline]
fn key_of(key: &[Operand], env: &[Word]) -> Key {
    let mut k = Key::new();
    if key.len() <= 8 {
        // Within the inline capacity: no growth checks per word.
        k.extend_from_slice(&[0; 8][..key.len()]);
        for (slot, o) in k.iter_mut().zip(key) {
            *slot = operand(o, env);
        }
    } else {
        k.extend(key.iter().map(|o| operand(o, env)));
    }
    k
}

impl Exec<'_> {
    /// Runs `plan`, adding the head tuples it derives to `out` (with duplicates, and possibly
    /// with tuples the head relation holds). Errors with [`Fault::TooManyTuples`] when more
    /// new tuples than the budget remain after dropping those the head relation holds.
    pub(crate) fn run(&self, plan: &RulePlan, threads: usize, out: Out) -> Result<Out, Fault> {
        let mut out = self.derive(plan, threads, out)?;
        if out.batch.count > self.budget {
            self.compact(plan, &mut out)?;
        }
        Ok(out)
    }

    /// Drops the tuples of `out` that the head relation holds already (all at once, in table
    /// order), then checks the budget, counting repeated tuples once.
    fn compact(&self, plan: &RulePlan, out: &mut Out) -> Result<(), Fault> {
        let head = &self.relations[plan.head.index()];
        head.retain_new(&mut out.batch);
        if out.batch.count > self.budget {
            out.batch.dedup(head.arity());
            if out.batch.count > self.budget {
                return Err(Fault::TooManyTuples);
            }
        }
        out.threshold = out.threshold.max(2 * out.batch.count);
        Ok(())
    }

    fn derive(&self, plan: &RulePlan, threads: usize, mut out: Out) -> Result<Out, Fault> {
        if threads > 1
            && let Some(Step::Scan(first)) = plan.steps.first()
        {
            let ids = self.candidates(first, &vec![0; plan.nvars]);
            if ids.len() >= 2 * CHUNK {
                let per = (ids.len() / (threads * 4)).max(CHUNK);
                let chunks: Vec<(usize, usize)> = (0..ids.len())
                    .step_by(per)
                    .map(|s| (s, (s + per).min(ids.len())))
                    .collect();
                let parts: Vec<Result<Out, Fault>> = chunks
                    .into_par_iter()
                    .map(|(a, b)| {
                        let mut env = vec![0; plan.nvars];
                        let mut out = Out::default();
                        self.visit(first, ids.slice(a, b), plan, 0, &mut env, &mut out)?;
                        Ok(out)
                    })
                    .collect();
                for p in parts {
                    out.batch.append(p?.batch);
                }
                return Ok(out);
            }
        }
        let mut env = vec![0; plan.nvars];
        self.step(plan, 0, &mut env, &mut out)?;
        Ok(out)
    }

    fn candidates<'b>(&'b self, scan: &Scan, env: &[Word]) -> Ids<'b> {
        let rel = &self.relations[scan.rel.index()];
        let range = rel.range(scan.source);
        match scan.lookup {
            Lookup::All => Ids::Range(range.0, range.1),
            Lookup::Index(ix) => {
                let key = key_of(&scan.key, env);
                Ids::List(restrict(rel.lookup(ix, &key), range))
            }
            Lookup::Exact => {
                let key = key_of(&scan.key, env);
                if range == (0, rel.len()) {
                    // Every column is bound: a match binds nothing, and needs no id.
                    return if rel.contains(&key) {
                        Ids::Present
                    } else {
                        Ids::Range(0, 0)
                    };
                }
                match rel.find(&key) {
                    Some(id) if id >= range.0 && id < range.1 => Ids::Range(id, id + 1),
                    _ if rel.arity() == 0 && range.0 < range.1 => Ids::Range(range.0, range.1),
                    _ => Ids::Range(0, 0),
                }
            }
        }
    }

    fn visit(
        &self,
        scan: &Scan,
        ids: Ids<'_>,
        plan: &RulePlan,
        i: usize,
        env: &mut [Word],
        out: &mut Out,
    ) -> Result<(), Fault> {
        let rel = &self.relations[scan.rel.index()];
        // An atom that binds nothing (only `_` and bound values, as in `q() :- e(_), e(_)`) is
        // a test that some tuple matches: the rest of the rule runs once, not once per match,
        // which would only derive the same tuples again (Soufflé gap B9).
        if scan.binds.is_empty() {
            return if ids.len() > 0 {
                self.step(plan, i + 1, env, out)
            } else {
                Ok(())
            };
        }
        let each = |id: usize, env: &mut [Word], out: &mut Out| {
            let t = rel.tuple(id);
            for &(c, v) in &scan.binds {
                env[v] = t[c];
            }
            if scan.checks.iter().all(|&(c, v)| t[c] == env[v]) {
                self.step(plan, i + 1, env, out)
            } else {
                Ok(())
            }
        };
        match ids {
            Ids::Range(a, b) => (a..b).try_for_each(|id| each(id, env, out)),
            Ids::List(l) => l.iter().try_for_each(|&id| each(id as usize, env, out)),
            Ids::Present => self.step(plan, i + 1, env, out),
        }
    }

    fn step(
        &self,
        plan: &RulePlan,
        i: usize,
        env: &mut [Word],
        out: &mut Out,
    ) -> Result<(), Fault> {
        let Some(step) = plan.steps.get(i) else {
            return self.emit(plan, env, out);
        };
        self.one(
            step,
            env,
            &mut |env, out| self.step(plan, i + 1, env, out),
            out,
            plan,
            i,
        )
    }

    /// Runs one step, calling `next` for each binding it lets through.
    fn one(
        &self,
        step: &Step,
        env: &mut [Word],
        next: &mut Next<'_>,
        out: &mut Out,
        plan: &RulePlan,
        i: usize,
    ) -> Result<(), Fault> {
        match step {
            Step::Scan(scan) => {
                let ids = self.candidates(scan, env);
                self.visit(scan, ids, plan, i, env, out)
            }
            Step::Absent { rel, lookup, key } => {
                let r = &self.relations[rel.index()];
                let key = key_of(key, env);
                let present = match lookup {
                    Lookup::All => !r.is_empty(),
                    Lookup::Index(ix) => !r.lookup(*ix, &key).is_empty(),
                    Lookup::Exact => r.contains(&key),
                };
                if present { Ok(()) } else { next(env, out) }
            }
            Step::Filter {
                op,
                kind,
                left,
                right,
            } => {
                let a = eval(left, env, self.ctx)?;
                let b = eval(right, env, self.ctx)?;
                if test(*op, *kind, a, b, self.ctx) {
                    next(env, out)
                } else {
                    Ok(())
                }
            }
            Step::Assign { var, expr } => {
                env[*var] = eval(expr, env, self.ctx)?;
                next(env, out)
            }
            Step::Builtin {
                builtin: b,
                negated,
                args,
            } => {
                let x = eval(&args[0], env, self.ctx)?;
                let y = eval(&args[1], env, self.ctx)?;
                if builtin(b, x, y, self.ctx) != *negated {
                    next(env, out)
                } else {
                    Ok(())
                }
            }
            Step::Aggregate {
                var,
                func,
                kind,
                target,
                body,
            } => {
                let mut acc = Accumulator::new(*func, *kind);
                self.fold(body, 0, env, &mut |env| {
                    let value = match target {
                        Some(t) => eval(t, env, self.ctx)?,
                        None => 0,
                    };
                    acc.add(value, self.ctx);
                    Ok(())
                })?;
                match acc.finish() {
                    Some(w) => {
                        env[*var] = w;
                        next(env, out)
                    }
                    None => Ok(()),
                }
            }
        }
    }

    /// Runs an aggregate's body, calling `f` for each match.
    fn fold(
        &self,
        steps: &[Step],
        i: usize,
        env: &mut [Word],
        f: &mut dyn FnMut(&mut [Word]) -> Result<(), Fault>,
    ) -> Result<(), Fault> {
        let Some(step) = steps.get(i) else {
            return f(env);
        };
        let mut scratch = Out::default();
        match step {
            Step::Scan(scan) => {
                let rel = &self.relations[scan.rel.index()];
                let ids = self.candidates(scan, env);
                let mut each = |id: usize, env: &mut [Word]| {
                    let t = rel.tuple(id);
                    for &(c, v) in &scan.binds {
                        env[v] = t[c];
                    }
                    if scan.checks.iter().all(|&(c, v)| t[c] == env[v]) {
                        self.fold(steps, i + 1, env, f)
                    } else {
                        Ok(())
                    }
                };
                match ids {
                    Ids::Range(a, b) => (a..b).try_for_each(|id| each(id, env)),
                    Ids::List(l) => l.iter().try_for_each(|&id| each(id as usize, env)),
                    Ids::Present => self.fold(steps, i + 1, env, f),
                }
            }
            other => {
                let dummy = RulePlan {
                    head: crate::lower::ir::RelId(0),
                    head_args: Vec::new(),
                    steps: Vec::new(),
                    nvars: 0,
                    span: factlog_diag::Span::default(),
                };
                self.one(
                    other,
                    env,
                    &mut |env, _| self.fold(steps, i + 1, env, f),
                    &mut scratch,
                    &dummy,
                    i,
                )
            }
        }
    }

    fn emit(&self, plan: &RulePlan, env: &[Word], out: &mut Out) -> Result<(), Fault> {
        // Straight into the batch: a fault ends the evaluation, so a partial tuple is harmless.
        for e in &plan.head_args {
            let w = match e {
                Expr::Var(v) => env[*v],
                e => eval(e, env, self.ctx)?,
            };
            out.batch.words.push(w);
        }
        out.batch.count += 1;
        // Functors may make symbols of any size (`cat(x, x)` doubles): checked per tuple.
        if self.ctx.symbols.bytes() > self.symbol_budget {
            return Err(Fault::TooManyTuples);
        }
        if out.batch.count > out.threshold {
            self.compact(plan, out)?;
        }
        Ok(())
    }
}

/// Head tuples derived by a plan, and buffers for dropping those the head relation holds.
#[derive(Debug)]
pub(crate) struct Out {
    /// The tuples.
    pub batch: Batch,
    /// The count past which those the head relation holds are dropped.
    threshold: usize,
}

/// The batch size at which derived tuples are first checked against the head relation.
const FIRST_THRESHOLD: usize = 1 << 22;

impl Out {
    /// An empty batch using the buffers of `batch`.
    pub(crate) fn reusing(mut batch: Batch) -> Out {
        batch.clear();
        Out {
            batch,
            threshold: FIRST_THRESHOLD,
        }
    }

    /// Drops the tuples that `head` (the plan's head relation) holds already, and repeats: what
    /// is left are tuples the head will hold once the round ends, each once.
    pub(crate) fn compact(&mut self, head: &Relation) {
        head.retain_new(&mut self.batch);
        self.batch.dedup(head.arity());
    }
}

impl Default for Out {
    fn default() -> Out {
        Out::reusing(Batch::default())
    }
}

/// Tuple ids to visit.
#[derive(Clone, Copy)]
enum Ids<'a> {
    Range(usize, usize),
    List(&'a [u32]),
    /// One match of an atom whose columns are all bound: nothing to read.
    Present,
}

impl<'a> Ids<'a> {
    fn len(&self) -> usize {
        match self {
            Ids::Range(a, b) => b - a,
            Ids::List(l) => l.len(),
            Ids::Present => 1,
        }
    }

    fn slice(&self, a: usize, b: usize) -> Ids<'a> {
        match self {
            Ids::Range(s, _) => Ids::Range(s + a, s + b),
            Ids::List(l) => Ids::List(&l[a..b]),
            Ids::Present if a < b => Ids::Present,
            Ids::Present => Ids::Range(0, 0),
        }
    }
}
