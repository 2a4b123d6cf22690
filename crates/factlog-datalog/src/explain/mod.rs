//! Why and why-not: proof trees rebuilt on demand from an evaluated [`Model`].
//!
//! Evaluation records nothing but, per tuple, the iteration that first derived it (0 for
//! inputs; see [`RelationView::iteration_of`](super::RelationView::iteration_of)). A proof of a
//! derived tuple of iteration `k` is a rule instance whose positive premises all hold with
//! iterations below `k` and whose negated premises are absent; premises are proved the same way
//! and input tuples are leaves. Iterations strictly decrease along every branch, so a proof is
//! well-founded even through recursion over a cyclic graph.
//!
//! [`Explainer::why`] gives the proof of least height (ties broken by rule order, then by the
//! order in which the body's matches are found); [`Explainer::why_all`] lists every proof up to
//! a depth, that one first; [`Explainer::why_not`] says, for an atom that does not hold, which
//! premise of each rule for its relation fails first.

mod proof;
mod solve;
#[cfg(test)]
mod tests;
mod why_not;

use crate::eval::expr::{Ctx, Fault, eval};
use crate::lower::ir::{IrRule, Lit, RelId};
use crate::model::Model;
use crate::plan::{evaluation_order, link_rule};
use crate::program::Program;
use crate::value::{Kind, SharedSymbols, Value, Word};
pub use proof::{
    AggregateStep, Blocker, Constant, ExplainError, Fact, GROUP_LIMIT, Pattern, Proof, Step, WhyNot,
};
use rustc_hash::FxHashMap;
use solve::{Db, Search, State, Used};
use std::cell::RefCell;
use std::sync::Mutex;

fn fault(f: Fault) -> ExplainError {
    match f {
        Fault::Inconsistent(m) => ExplainError::Fault(m),
        Fault::DivisionByZero => ExplainError::Fault("division by zero".into()),
        Fault::NotANumber(s) => ExplainError::Fault(format!("to_number(\"{s}\"): not a number")),
        Fault::TooManyTuples => ExplainError::Fault("too many tuples".into()),
    }
}

/// Explains facts of one evaluated model of a program.
pub struct Explainer<'a> {
    program: &'a Program,
    db: Db<'a>,
    rules: Vec<IrRule>,
    /// Per rule, its body in the order proofs search it (see [`SearchOrder`]).
    orders: Vec<SearchOrder>,
    heights: RefCell<FxHashMap<(RelId, Vec<Word>), usize>>,
    /// The program's facts, built on first use (see [`Explainer::program_facts`]).
    facts: RefCell<Option<FactIndex>>,
}

/// Facts by relation and tuple, with the index of a rule.
type FactIndex = FxHashMap<(RelId, Vec<Word>), usize>;

/// A rule instance: the rule's index and the state of the match.
type Instance = (usize, State);

/// A rule body reordered for finding the instances that derive a given fact: the head fixes
/// its variables, so premises are looked up by them first (a path's last edge by its end,
/// then the path up to it by both ends) rather than scanned in written order.
struct SearchOrder {
    /// The body in search order.
    lits: Vec<Lit>,
    /// For each literal of `lits`, its index in the written body.
    written: Vec<usize>,
}

impl SearchOrder {
    fn new(rule: &IrRule, model: &Model) -> SearchOrder {
        let mut bound = vec![false; rule.vars.len()];
        for e in &rule.head_args {
            if let crate::lower::ir::Expr::Var(v) = e {
                bound[*v] = true;
            }
        }
        let size = |r: RelId| model.relation_at(r.index()).map_or(0, |v| v.len());
        let written = evaluation_order(&rule.body, &bound, size);
        SearchOrder {
            lits: written.iter().map(|&i| rule.body[i].clone()).collect(),
            written,
        }
    }

    /// Puts what a match over `lits` used back in written order.
    fn restore(&self, st: &mut State) {
        let rank = |kind: fn(&Lit) -> bool| -> Vec<usize> {
            self.lits
                .iter()
                .zip(&self.written)
                .filter(|(l, _)| kind(l))
                .map(|(_, &w)| w)
                .collect()
        };
        let atoms = rank(|l| matches!(l, Lit::Atom { .. }));
        let mut used: Vec<(usize, Used)> = atoms.into_iter().zip(st.used.drain(..)).collect();
        used.sort_by_key(|(w, _)| *w);
        st.used = used.into_iter().map(|(_, u)| u).collect();
        let negs = rank(|l| matches!(l, Lit::Neg { .. }));
        let mut absent: Vec<_> = negs.into_iter().zip(st.absent.drain(..)).collect();
        absent.sort_by_key(|(w, _)| *w);
        st.absent = absent.into_iter().map(|(_, a)| a).collect();
        let aggs = rank(|l| matches!(l, Lit::Aggregate { .. }));
        let mut aggregates: Vec<_> = aggs.into_iter().zip(st.aggregates.drain(..)).collect();
        aggregates.sort_by_key(|(w, _)| *w);
        st.aggregates = aggregates.into_iter().map(|(_, a)| a).collect();
    }
}

impl<'a> Explainer<'a> {
    /// An explainer of `model`, which `program` evaluated.
    pub fn new(program: &'a Program, model: &'a Model) -> Explainer<'a> {
        let mut symbols = model.symbols().clone();
        let rules: Vec<IrRule> = program
            .rules()
            .iter()
            .map(|r| link_rule(r, &mut symbols))
            .collect();
        let orders = rules.iter().map(|r| SearchOrder::new(r, model)).collect();
        Explainer {
            program,
            db: Db {
                model,
                symbols: SharedSymbols::new(symbols),
                regexes: Mutex::new(FxHashMap::default()),
                indexes: RefCell::new(FxHashMap::default()),
            },
            rules,
            orders,
            heights: RefCell::new(FxHashMap::default()),
            facts: RefCell::new(None),
        }
    }

    /// A relation that atoms may name (not a query's), with `arity` columns.
    fn relation(&self, relation: &str, arity: usize) -> Result<RelId, ExplainError> {
        let rel = self
            .program
            .relation_id(relation)
            .filter(|r| !self.program.relation_infos()[r.index()].is_query)
            .ok_or_else(|| ExplainError::UnknownRelation(relation.to_string()))?;
        let expected = self.program.relation_infos()[rel.index()].arity();
        if arity != expected {
            return Err(ExplainError::Arity {
                expected,
                found: arity,
            });
        }
        Ok(rel)
    }

    /// The word of a value given as text in a column of kind `kind`.
    fn word(&self, kind: Kind, column: usize, text: &str) -> Result<Word, ExplainError> {
        match kind {
            Kind::Symbol => Ok(self.db.symbols.intern(text)),
            k => crate::value::parse_numeric(k, text.trim()).map_err(|_| ExplainError::BadValue {
                column,
                text: text.to_string(),
            }),
        }
    }

    /// The relation and words of an atom given as text.
    fn atom(&self, relation: &str, row: &[&str]) -> Result<(RelId, Vec<Word>), ExplainError> {
        let rel = self.relation(relation, row.len())?;
        let info = &self.program.relation_infos()[rel.index()];
        let words = row
            .iter()
            .zip(&info.columns)
            .enumerate()
            .map(|(column, (text, c))| self.word(c.kind, column, text))
            .collect::<Result<Vec<Word>, ExplainError>>()?;
        Ok((rel, words))
    }

    /// The facts of a relation matching a pattern given as text (`None`: any value), sorted
    /// (symbols by text, numbers by value).
    pub fn matching(
        &self,
        relation: &str,
        pattern: &[Option<&str>],
    ) -> Result<Vec<Fact>, ExplainError> {
        let rel = self.relation(relation, pattern.len())?;
        let info = &self.program.relation_infos()[rel.index()];
        let mut words = Vec::with_capacity(pattern.len());
        for (column, (text, c)) in pattern.iter().zip(&info.columns).enumerate() {
            words.push(match text {
                None => None,
                Some(text) => Some(self.word(c.kind, column, text)?),
            });
        }
        let kinds = self.kinds(rel);
        let mut rows: Vec<Vec<Word>> = self
            .db
            .matches(rel, &words)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        rows.sort_by(|a, b| {
            a.iter()
                .zip(b)
                .zip(&kinds)
                .map(|((&x, &y), &k)| crate::value::compare(k, x, y, &self.db.symbols))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        Ok(rows.iter().map(|t| self.fact(rel, t)).collect())
    }

    /// The iteration of a fact given as text, if it holds.
    pub fn holds(&self, relation: &str, row: &[&str]) -> Result<Option<u32>, ExplainError> {
        let (rel, t) = self.atom(relation, row)?;
        Ok(self.db.iteration(rel, &t))
    }

    /// The proof of least height of a fact given as text (one string per column), ties broken
    /// by rule order; `None` when the fact does not hold.
    pub fn why(&self, relation: &str, row: &[&str]) -> Result<Option<Proof>, ExplainError> {
        let (rel, t) = self.atom(relation, row)?;
        let Some(iteration) = self.db.iteration(rel, &t) else {
            return Ok(None);
        };
        self.best(rel, &t, iteration).map(Some).map_err(fault)
    }

    /// Every proof of a fact, at most `limit` of them, each cut at `depth` rule steps (a
    /// derived premise below the cut is a [`Step::Cut`] leaf): sorted by height, then in rule
    /// order and the order matches are found, so the first is [`Explainer::why`]'s. Empty when
    /// the fact does not hold.
    pub fn why_all(
        &self,
        relation: &str,
        row: &[&str],
        depth: usize,
        limit: usize,
    ) -> Result<Vec<Proof>, ExplainError> {
        let (rel, t) = self.atom(relation, row)?;
        let Some(iteration) = self.db.iteration(rel, &t) else {
            return Ok(Vec::new());
        };
        self.all(rel, &t, iteration, depth, limit.max(1))
            .map_err(fault)
    }

    /// Every rule instance deriving `t` of `rel` from premises of iterations below `limit`.
    fn instances(&self, rel: RelId, t: &[Word], limit: u32) -> Result<Vec<Instance>, Fault> {
        let ctx = Ctx {
            symbols: &self.db.symbols,
            regexes: &self.db.regexes,
        };
        let mut out = Vec::new();
        for (ri, rule) in self.rules.iter().enumerate() {
            if rule.head != rel {
                continue;
            }
            let Some(st) = State::for_head(rule, t) else {
                continue;
            };
            let mut search = Search {
                db: &self.db,
                limit: Some(limit),
                st,
                furthest: None,
                track: false,
            };
            let order = &self.orders[ri];
            search.solve(&order.lits, 0, &mut |st| {
                for (e, &w) in rule.head_args.iter().zip(t) {
                    if eval(e, &st.env, &ctx)? != w {
                        return Ok(true);
                    }
                }
                let mut st = st.clone();
                order.restore(&mut st);
                out.push((ri, st));
                Ok(true)
            })?;
        }
        Ok(out)
    }

    /// The first fact of the program (a rule without body) that is `t`.
    fn fact_rule(&self, rel: RelId, t: &[Word]) -> Result<Option<Instance>, Fault> {
        if self.facts.borrow().is_none() {
            *self.facts.borrow_mut() = Some(self.program_facts()?);
        }
        let facts = self.facts.borrow();
        let Some(&ri) = facts.as_ref().and_then(|f| f.get(&(rel, t.to_vec()))) else {
            return Ok(None);
        };
        Ok(State::for_head(&self.rules[ri], t).map(|st| (ri, st)))
    }

    /// The facts written in the program (rules without body, whose heads are ground), by
    /// relation and tuple, with the first rule that states each.
    fn program_facts(&self) -> Result<FactIndex, Fault> {
        let ctx = Ctx {
            symbols: &self.db.symbols,
            regexes: &self.db.regexes,
        };
        let mut out = FxHashMap::default();
        for (ri, rule) in self.rules.iter().enumerate() {
            if !rule.body.is_empty() {
                continue;
            }
            let env = vec![0; rule.vars.len()];
            let t = rule
                .head_args
                .iter()
                .map(|e| eval(e, &env, &ctx))
                .collect::<Result<Vec<Word>, Fault>>()?;
            out.entry((rule.head, t)).or_insert(ri);
        }
        Ok(out)
    }

    /// The least height of a proof of `t` (memoized).
    fn height(&self, rel: RelId, t: &[Word], iteration: u32) -> Result<usize, Fault> {
        if iteration == 0 {
            return Ok(usize::from(self.fact_rule(rel, t)?.is_some()));
        }
        let key = (rel, t.to_vec());
        if let Some(&h) = self.heights.borrow().get(&key) {
            return Ok(h);
        }
        let mut best = None;
        for (_, st) in self.instances(rel, t, iteration)? {
            let h = self.instance_height(&st)?;
            if best.is_none_or(|b| h < b) {
                best = Some(h);
            }
        }
        let h = best.unwrap_or(0);
        self.heights.borrow_mut().insert(key, h);
        Ok(h)
    }

    fn instance_height(&self, st: &State) -> Result<usize, Fault> {
        let mut h = 0;
        for u in &st.used {
            h = h.max(self.height(u.rel, &u.tuple, u.iteration)?);
        }
        Ok(h + 1)
    }

    /// The proof of least height of a fact that holds.
    fn best(&self, rel: RelId, t: &[Word], iteration: u32) -> Result<Proof, Fault> {
        let mut chosen: Option<(usize, Instance)> = None;
        if iteration == 0 {
            // A fact of the program, or an input.
            chosen = self.fact_rule(rel, t)?.map(|inst| (1, inst));
        } else {
            for inst in self.instances(rel, t, iteration)? {
                let h = self.instance_height(&inst.1)?;
                if chosen.as_ref().is_none_or(|(b, _)| h < *b) {
                    chosen = Some((h, inst));
                }
            }
        }
        let Some((_, (ri, st))) = chosen else {
            if iteration > 0 {
                return Err(Fault::Inconsistent(format!(
                    "no rule instance rebuilds {} (first derived in iteration {iteration})",
                    self.fact(rel, t)
                )));
            }
            return Ok(self.leaf(rel, t, iteration, Step::Input));
        };
        let premises = st
            .used
            .iter()
            .map(|u| self.best(u.rel, &u.tuple, u.iteration))
            .collect::<Result<Vec<Proof>, Fault>>()?;
        Ok(self.node(rel, t, iteration, ri, &st, premises))
    }

    /// Every proof of a fact that holds, at most `limit`, cut at `depth`.
    fn all(
        &self,
        rel: RelId,
        t: &[Word],
        iteration: u32,
        depth: usize,
        limit: usize,
    ) -> Result<Vec<Proof>, Fault> {
        if iteration == 0 {
            return Ok(vec![self.best(rel, t, iteration)?]);
        }
        if depth == 0 {
            return Ok(vec![self.leaf(rel, t, iteration, Step::Cut)]);
        }
        // Instances by their least height (stable: rule order on ties), so that the first
        // combination of the first instance is the least-height proof.
        let mut instances = Vec::new();
        for inst in self.instances(rel, t, iteration)? {
            instances.push((self.instance_height(&inst.1)?, inst));
        }
        instances.sort_by_key(|(h, _)| *h);
        let mut out = Vec::new();
        for (_, (ri, st)) in instances {
            let mut combos: Vec<Vec<Proof>> = vec![Vec::new()];
            for u in &st.used {
                let options = self.all(u.rel, &u.tuple, u.iteration, depth - 1, limit)?;
                combos = combos
                    .iter()
                    .flat_map(|c| {
                        options.iter().map(move |p| {
                            let mut c = c.clone();
                            c.push(p.clone());
                            c
                        })
                    })
                    .take(limit)
                    .collect();
            }
            for premises in combos {
                out.push(self.node(rel, t, iteration, ri, &st, premises));
            }
        }
        out.sort_by_key(Proof::height);
        out.truncate(limit);
        Ok(out)
    }

    fn leaf(&self, rel: RelId, t: &[Word], iteration: u32, step: Step) -> Proof {
        Proof {
            fact: self.fact(rel, t),
            iteration,
            step,
        }
    }

    fn node(
        &self,
        rel: RelId,
        t: &[Word],
        iteration: u32,
        ri: usize,
        st: &State,
        premises: Vec<Proof>,
    ) -> Proof {
        let rule = &self.rules[ri];
        let aggregates = st
            .aggregates
            .iter()
            .map(|a| AggregateStep {
                variable: aggregate_name(rule, a.var),
                value: self.text(rule.var_kinds[a.var], a.value),
                group: (a.group.len() <= GROUP_LIMIT)
                    .then(|| a.group.iter().map(|u| self.used(u)).collect()),
            })
            .collect();
        Proof {
            fact: self.fact(rel, t),
            iteration,
            step: Step::Rule {
                rule: ri,
                location: self.location(ri),
                bindings: self.bindings(rule, st),
                premises,
                absent: st.absent.iter().map(|(r, p)| self.pattern(*r, p)).collect(),
                aggregates,
            },
        }
    }

    fn location(&self, ri: usize) -> String {
        self.program.sources().location(self.rules[ri].span)
    }

    fn bindings(&self, rule: &IrRule, st: &State) -> Vec<(String, Constant)> {
        (0..rule.vars.len())
            .filter(|&v| {
                st.bound.get(v).copied().unwrap_or(false) && !rule.vars[v].starts_with('#')
            })
            .map(|v| {
                (
                    rule.vars[v].clone(),
                    self.text(rule.var_kinds[v], st.env[v]),
                )
            })
            .collect()
    }

    fn text(&self, kind: Kind, w: Word) -> Constant {
        match kind {
            Kind::Symbol => Constant::Symbol(self.db.symbols.with_text(w, str::to_string)),
            Kind::Number => Constant::Number(Value::Number(w as i32).to_string()),
            Kind::Unsigned => Constant::Number(Value::Unsigned(w).to_string()),
            Kind::Float => Constant::Number(Value::Float(f32::from_bits(w)).to_string()),
        }
    }

    fn kinds(&self, rel: RelId) -> Vec<Kind> {
        self.program.relation_infos()[rel.index()].kinds()
    }

    fn name(&self, rel: RelId) -> String {
        self.program.relation_infos()[rel.index()].name.clone()
    }

    fn fact(&self, rel: RelId, t: &[Word]) -> Fact {
        Fact {
            relation: self.name(rel),
            values: t
                .iter()
                .zip(self.kinds(rel))
                .map(|(&w, k)| self.text(k, w))
                .collect(),
        }
    }

    fn used(&self, u: &Used) -> Fact {
        self.fact(u.rel, &u.tuple)
    }

    fn pattern(&self, rel: RelId, p: &[Option<Word>]) -> Pattern {
        Pattern {
            relation: self.name(rel),
            values: p
                .iter()
                .zip(self.kinds(rel))
                .map(|(w, k)| w.map(|w| self.text(k, w)))
                .collect(),
        }
    }
}

/// The name of an aggregate's variable: a generated one is shown by the named variable it is
/// assigned to (`n = count : {..}` binds a generated variable, then `n`), if any.
fn aggregate_name(rule: &IrRule, var: usize) -> String {
    let name = &rule.vars[var];
    if !name.starts_with('#') {
        return name.clone();
    }
    rule.body
        .iter()
        .find_map(|l| match l {
            Lit::Assign {
                var: named,
                expr: crate::lower::ir::Expr::Var(v),
            } if *v == var => Some(rule.vars[*named].clone()),
            Lit::Cmp {
                op: crate::syntax::ast::CmpOp::Eq,
                left: crate::lower::ir::Expr::Var(a),
                right: crate::lower::ir::Expr::Var(b),
                ..
            } if *b == var || *a == var => Some(rule.vars[if *b == var { *a } else { *b }].clone()),
            _ => None,
        })
        .unwrap_or_else(|| name.clone())
}
