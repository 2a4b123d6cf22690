//! The search behind explanations: matches a rule body against an evaluated [`Model`], with the
//! head's variables bound to the tuple being explained, and records what each match used (the
//! premises with their iterations, the facts checked absent, the aggregates' groups).
//!
//! With a `limit`, positive premises must have an iteration below it: the well-foundedness
//! condition of a proof. Negations and aggregates read relations of lower strata, which are
//! complete, so they look at the whole model.

use super::proof::GROUP_LIMIT;
use crate::eval::expr::{Accumulator, Ctx, Fault, builtin, eval, test};
use crate::lower::ir::{Arg, Const, IrRule, Lit, RelId, VarId};
use crate::model::Model;
use crate::value::{SharedSymbols, Word};
use regex::Regex;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Mutex;

/// The model an explanation reads, and the symbols its rules were linked with.
pub(super) struct Db<'a> {
    pub model: &'a Model,
    pub symbols: SharedSymbols,
    pub regexes: Mutex<FxHashMap<Word, Option<Regex>>>,
    /// Indexes built on demand: per relation and bound columns, the ids (in derivation order)
    /// of the tuples with each key.
    pub indexes: RefCell<Indexes>,
}

/// Tuple ids by the values of some columns, without an allocation per key: per hash of a
/// key, the first id (in derivation order) of a tuple with that hash, and per id the next id
/// with the same hash (`u32::MAX`: none); lookups compare the key columns.
#[derive(Default)]
pub(super) struct Lookup {
    heads: FxHashMap<u64, u32>,
    next: Vec<u32>,
}

fn key_hash(words: impl Iterator<Item = Word>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for w in words {
        w.hash(&mut h);
    }
    h.finish()
}

/// The indexes built so far, by relation and columns.
pub(super) type Indexes = FxHashMap<(RelId, Vec<usize>), Rc<Lookup>>;

impl Db<'_> {
    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            symbols: &self.symbols,
            regexes: &self.regexes,
        }
    }

    /// The iteration of a tuple, if the model holds it.
    pub fn iteration(&self, rel: RelId, t: &[Word]) -> Option<u32> {
        self.model.relation_at(rel.index())?.iteration_of_words(t)
    }

    /// The first tuple of `rel` matching `pattern` (`None`: any value), with its iteration.
    pub fn first_match(&self, rel: RelId, pattern: &[Option<Word>]) -> Option<(Vec<Word>, u32)> {
        self.matches(rel, pattern).into_iter().next()
    }

    /// Every tuple of `rel` matching `pattern` (`None`: any value), with its iteration, in
    /// derivation order: a ground pattern by the relation's own table, others through an index
    /// on the bound columns, built on first use.
    pub fn matches(&self, rel: RelId, pattern: &[Option<Word>]) -> Vec<(Vec<Word>, u32)> {
        let Some(view) = self.model.relation_at(rel.index()) else {
            return Vec::new();
        };
        if pattern.iter().all(Option::is_some) {
            let t: Vec<Word> = pattern.iter().flatten().copied().collect();
            return self
                .iteration(rel, &t)
                .map(|i| (t, i))
                .into_iter()
                .collect();
        }
        let cols: Vec<usize> = (0..pattern.len())
            .filter(|&c| pattern[c].is_some())
            .collect();
        if cols.is_empty() {
            return view.tuples_by_id().map(|(t, i)| (t.to_vec(), i)).collect();
        }
        let key: Vec<Word> = pattern.iter().flatten().copied().collect();
        let index = Rc::clone(
            self.indexes
                .borrow_mut()
                .entry((rel, cols.clone()))
                .or_insert_with(|| {
                    let n = view.len();
                    let mut index = Lookup {
                        heads: FxHashMap::default(),
                        next: vec![u32::MAX; n],
                    };
                    index.heads.reserve(n);
                    // Backwards, so that each chain runs in derivation order.
                    for id in (0..n).rev() {
                        let Some((t, _)) = view.tuple_by_id(id) else {
                            continue;
                        };
                        let head = index
                            .heads
                            .entry(key_hash(cols.iter().map(|&c| t[c])))
                            .or_insert(u32::MAX);
                        index.next[id] = *head;
                        *head = id as u32;
                    }
                    Rc::new(index)
                }),
        );
        let mut out = Vec::new();
        let mut id = index
            .heads
            .get(&key_hash(key.iter().copied()))
            .copied()
            .unwrap_or(u32::MAX);
        while id != u32::MAX {
            if let Some((t, i)) = view.tuple_by_id(id as usize)
                && cols.iter().zip(&key).all(|(&c, &k)| t[c] == k)
            {
                out.push((t.to_vec(), i));
            }
            id = index.next[id as usize];
        }
        out
    }
}

/// A positive premise a match used.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Used {
    pub rel: RelId,
    pub tuple: Vec<Word>,
    pub iteration: u32,
}

/// An aggregate a match computed.
#[derive(Clone, Debug)]
pub(super) struct Aggregated {
    pub var: VarId,
    pub value: Word,
    /// The distinct premises of the matches of its body (none when the body has no atom), at
    /// most [`GROUP_LIMIT`] + 1: more than the limit means "too many to list".
    pub group: Vec<Used>,
}

/// The state of a match: bindings and what was used.
#[derive(Clone, Debug, Default)]
pub(super) struct State {
    pub env: Vec<Word>,
    pub bound: Vec<bool>,
    pub used: Vec<Used>,
    /// Negated atoms checked absent: relation and pattern (`None` for `_`).
    pub absent: Vec<(RelId, Vec<Option<Word>>)>,
    pub aggregates: Vec<Aggregated>,
}

impl State {
    /// A state for `rule` with its head's plain variables and constants matched to `tuple`;
    /// `None` when a constant or a repeated variable of the head does not match.
    pub fn for_head(rule: &IrRule, tuple: &[Word]) -> Option<State> {
        let n = rule.vars.len();
        let mut st = State {
            env: vec![0; n],
            bound: vec![false; n],
            ..State::default()
        };
        for (e, &w) in rule.head_args.iter().zip(tuple) {
            match e {
                crate::lower::ir::Expr::Var(v) if st.bound[*v] && st.env[*v] != w => {
                    return None;
                }
                crate::lower::ir::Expr::Var(v) => {
                    st.env[*v] = w;
                    st.bound[*v] = true;
                }
                crate::lower::ir::Expr::Const(Const::Word(c)) if *c != w => return None,
                _ => {}
            }
        }
        Some(st)
    }

    /// The values of `args` under the bindings (`None`: wildcard or unbound).
    pub fn pattern(&self, args: &[Arg]) -> Vec<Option<Word>> {
        args.iter()
            .map(|a| match a {
                Arg::Wild => None,
                Arg::Const(Const::Word(w)) => Some(*w),
                Arg::Const(Const::Sym(_)) => None,
                Arg::Var(v) => self
                    .bound
                    .get(*v)
                    .copied()
                    .unwrap_or(false)
                    .then(|| self.env[*v]),
            })
            .collect()
    }
}

/// Called at each complete match; returns whether to go on.
pub(super) type Done<'f> = dyn FnMut(&State) -> Result<bool, Fault> + 'f;

/// A search over one rule body.
pub(super) struct Search<'s, 'a> {
    pub db: &'s Db<'a>,
    /// Positive premises must have an iteration below this.
    pub limit: Option<u32>,
    pub st: State,
    /// With `track`: the most literals satisfied at once, and the state then.
    pub furthest: Option<(usize, State)>,
    pub track: bool,
}

impl Search<'_, '_> {
    /// Matches `lits[i..]`, calling `done` at each complete match; returns whether to go on.
    pub fn solve(&mut self, lits: &[Lit], i: usize, done: &mut Done<'_>) -> Result<bool, Fault> {
        if self.track && self.furthest.as_ref().is_none_or(|(d, _)| i > *d) {
            self.furthest = Some((i, self.st.clone()));
        }
        let Some(lit) = lits.get(i) else {
            return done(&self.st);
        };
        let ctx = self.db.ctx();
        match lit {
            Lit::Atom { rel, args } => {
                let pattern = self.st.pattern(args);
                let candidates = self.db.matches(*rel, &pattern);
                for (t, iteration) in candidates {
                    if self.limit.is_some_and(|l| iteration >= l) {
                        continue;
                    }
                    let mut newly = Vec::new();
                    let mut agrees = true;
                    for (a, &w) in args.iter().zip(&t) {
                        let Arg::Var(v) = a else { continue };
                        if !self.st.bound[*v] {
                            self.st.env[*v] = w;
                            self.st.bound[*v] = true;
                            newly.push(*v);
                        } else if self.st.env[*v] != w {
                            // A variable repeated in the atom (`e(x, x)`): the pattern could
                            // not fix it before its first column bound it.
                            agrees = false;
                        }
                    }
                    if !agrees {
                        for v in newly {
                            self.st.bound[v] = false;
                        }
                        continue;
                    }
                    self.st.used.push(Used {
                        rel: *rel,
                        tuple: t,
                        iteration,
                    });
                    let go = self.solve(lits, i + 1, done);
                    self.st.used.pop();
                    for v in newly {
                        self.st.bound[v] = false;
                    }
                    if !go? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Lit::Neg { rel, args } => {
                let pattern = self.st.pattern(args);
                if self.db.first_match(*rel, &pattern).is_some() {
                    return Ok(true);
                }
                self.st.absent.push((*rel, pattern));
                let go = self.solve(lits, i + 1, done);
                self.st.absent.pop();
                go
            }
            Lit::Cmp {
                op,
                kind,
                left,
                right,
            } => {
                let (a, b) = (
                    eval(left, &self.st.env, &ctx)?,
                    eval(right, &self.st.env, &ctx)?,
                );
                if test(*op, *kind, a, b, &ctx) {
                    self.solve(lits, i + 1, done)
                } else {
                    Ok(true)
                }
            }
            Lit::Assign { var, expr } => {
                let w = eval(expr, &self.st.env, &ctx)?;
                self.bind_then(*var, w, lits, i, done)
            }
            Lit::Builtin {
                builtin: b,
                negated,
                args,
            } => {
                let x = eval(&args[0], &self.st.env, &ctx)?;
                let y = eval(&args[1], &self.st.env, &ctx)?;
                if builtin(b, x, y, &ctx) != *negated {
                    self.solve(lits, i + 1, done)
                } else {
                    Ok(true)
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
                let mut group = Vec::new();
                let mut seen = rustc_hash::FxHashSet::default();
                let mut inner = Search {
                    db: self.db,
                    limit: None,
                    st: State {
                        env: self.st.env.clone(),
                        bound: self.st.bound.clone(),
                        ..State::default()
                    },
                    furthest: None,
                    track: false,
                };
                // The aggregated variable may be bound by the head: free it inside the body.
                inner.st.bound[*var] = false;
                inner.solve(body, 0, &mut |st| {
                    let v = match target {
                        Some(t) => eval(t, &st.env, &ctx)?,
                        None => 0,
                    };
                    acc.add(v, &ctx);
                    // Each fact once; past the most an explanation lists, only that it is more.
                    for u in &st.used {
                        if group.len() <= GROUP_LIMIT && seen.insert((u.rel, u.tuple.clone())) {
                            group.push(u.clone());
                        }
                    }
                    Ok(true)
                })?;
                let Some(value) = acc.finish() else {
                    return Ok(true);
                };
                self.st.aggregates.push(Aggregated {
                    var: *var,
                    value,
                    group,
                });
                let go = self.bind_then(*var, value, lits, i, done);
                self.st.aggregates.pop();
                go
            }
        }
    }

    /// Binds `var` to `w` (or checks it, if bound) and goes on with `lits[i + 1..]`.
    fn bind_then(
        &mut self,
        var: VarId,
        w: Word,
        lits: &[Lit],
        i: usize,
        done: &mut Done<'_>,
    ) -> Result<bool, Fault> {
        if self.st.bound[var] {
            return if self.st.env[var] == w {
                self.solve(lits, i + 1, done)
            } else {
                Ok(true)
            };
        }
        self.st.env[var] = w;
        self.st.bound[var] = true;
        let go = self.solve(lits, i + 1, done);
        self.st.bound[var] = false;
        go
    }
}
