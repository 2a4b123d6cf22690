//! Join planning: for each rule and each delta version of it, an ordered list of [`Step`]s.
//!
//! Symbol constants are linked to the evaluation's symbol table here. The join order starts
//! with the version's delta atom, then repeatedly takes the atom sharing the most bound columns
//! with what is already bound (so no cross product is taken while a connected atom remains),
//! written order breaking ties; filters, assignments, negations and aggregates run as soon as
//! their variables are bound. Each atom reads through the index on its bound columns (created
//! on the relation if missing), the deduplication table when every column is bound, or a scan.

use crate::lower::ir::{Arg, Builtin, Const, Expr, IrRule, Lit, RelId, VarId};
use crate::model::relation::{Relation, Source};
use crate::syntax::ast::AggFunc;
use crate::syntax::ast::CmpOp;
use crate::value::{Kind, Symbols, Word};
use factlog_diag::Span;

/// A value known when a step runs.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Operand {
    Var(VarId),
    Const(Word),
}

/// How an atom's tuples are found.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Lookup {
    /// No column bound: every tuple of the source.
    All,
    /// Some columns bound: the relation's index with this number.
    Index(usize),
    /// Every column bound: one probe of the deduplication table.
    Exact,
}

/// Reading one atom.
#[derive(Clone, Debug)]
pub(crate) struct Scan {
    pub rel: RelId,
    pub source: Source,
    pub lookup: Lookup,
    /// The values of the bound columns, in column order.
    pub key: Vec<Operand>,
    /// Columns that bind a variable.
    pub binds: Vec<(usize, VarId)>,
    /// Columns that must equal a variable bound earlier in the same atom.
    pub checks: Vec<(usize, VarId)>,
}

/// One step of a plan.
#[derive(Clone, Debug)]
pub(crate) enum Step {
    Scan(Scan),
    /// No tuple of `rel` matches the key (negation).
    Absent {
        rel: RelId,
        lookup: Lookup,
        key: Vec<Operand>,
    },
    Filter {
        op: CmpOp,
        kind: Kind,
        left: Expr,
        right: Expr,
    },
    Assign {
        var: VarId,
        expr: Expr,
    },
    Builtin {
        builtin: Builtin,
        negated: bool,
        args: [Expr; 2],
    },
    Aggregate {
        var: VarId,
        func: AggFunc,
        kind: Kind,
        target: Option<Expr>,
        body: Vec<Step>,
    },
}

/// A plan for one version of one rule.
#[derive(Clone, Debug)]
pub(crate) struct RulePlan {
    pub head: RelId,
    pub head_args: Vec<Expr>,
    pub steps: Vec<Step>,
    pub nvars: usize,
    pub span: Span,
}

/// Replaces symbol constants by their ids in `symbols`.
pub(crate) fn link_rule(rule: &IrRule, symbols: &mut Symbols) -> IrRule {
    let mut r = rule.clone();
    r.head_args.iter_mut().for_each(|e| link_expr(e, symbols));
    r.body.iter_mut().for_each(|l| link_lit(l, symbols));
    r
}

fn link_const(c: &mut Const, symbols: &mut Symbols) {
    if let Const::Sym(s) = c {
        *c = Const::Word(symbols.intern(s));
    }
}

fn link_expr(e: &mut Expr, symbols: &mut Symbols) {
    match e {
        Expr::Var(_) => {}
        Expr::Const(c) => link_const(c, symbols),
        Expr::Binary { left, right, .. } => {
            link_expr(left, symbols);
            link_expr(right, symbols);
        }
        Expr::Negate(_, x) => link_expr(x, symbols),
        Expr::Call(_, args) => args.iter_mut().for_each(|a| link_expr(a, symbols)),
    }
}

fn link_lit(l: &mut Lit, symbols: &mut Symbols) {
    match l {
        Lit::Atom { args, .. } | Lit::Neg { args, .. } => {
            for a in args {
                if let Arg::Const(c) = a {
                    link_const(c, symbols);
                }
            }
        }
        Lit::Cmp { left, right, .. } => {
            link_expr(left, symbols);
            link_expr(right, symbols);
        }
        Lit::Assign { expr, .. } => link_expr(expr, symbols),
        Lit::Builtin { args, .. } => args.iter_mut().for_each(|a| link_expr(a, symbols)),
        Lit::Aggregate { target, body, .. } => {
            if let Some(t) = target {
                link_expr(t, symbols);
            }
            body.iter_mut().for_each(|l| link_lit(l, symbols));
        }
    }
}

/// Plans a linked rule. `sources[i]` is the source of the rule's i-th positive top-level atom;
/// `delta` the atom to start from.
pub(crate) fn plan_rule(
    rule: &IrRule,
    sources: &[Source],
    delta: Option<usize>,
    relations: &mut [Relation],
) -> RulePlan {
    let mut bound = vec![false; rule.vars.len()];
    let steps = plan_body(&rule.body, &mut bound, sources, delta, relations);
    RulePlan {
        head: rule.head,
        head_args: rule.head_args.clone(),
        steps,
        nvars: rule.vars.len(),
        span: rule.span,
    }
}

fn const_word(c: &Const) -> Word {
    match c {
        Const::Word(w) => *w,
        Const::Sym(_) => unreachable!("invariant: rules are linked before planning"),
    }
}

fn expr_ready(e: &Expr, bound: &[bool]) -> bool {
    let mut vs = Vec::new();
    e.vars(&mut vs);
    vs.iter().all(|v| bound[*v])
}

fn args_ready(args: &[Arg], bound: &[bool]) -> bool {
    args.iter().all(|a| match a {
        Arg::Var(v) => bound[*v],
        _ => true,
    })
}

fn ready(l: &Lit, bound: &[bool]) -> bool {
    match l {
        Lit::Atom { .. } => false,
        Lit::Neg { args, .. } => args_ready(args, bound),
        Lit::Cmp { left, right, .. } => expr_ready(left, bound) && expr_ready(right, bound),
        Lit::Assign { expr, .. } => expr_ready(expr, bound),
        Lit::Builtin { args, .. } => args.iter().all(|a| expr_ready(a, bound)),
        Lit::Aggregate { injected, .. } => injected.iter().all(|v| bound[*v]),
    }
}

fn plan_body(
    lits: &[Lit],
    bound: &mut [bool],
    sources: &[Source],
    delta: Option<usize>,
    relations: &mut [Relation],
) -> Vec<Step> {
    // `sources` and `delta` number the atoms alone, in written order.
    let mut ordinal = vec![0; lits.len()];
    for (n, (k, _)) in lits
        .iter()
        .enumerate()
        .filter(|(_, l)| matches!(l, Lit::Atom { .. }))
        .enumerate()
    {
        ordinal[k] = n;
    }
    let order = schedule(lits, bound, |atoms, bound| {
        delta
            .and_then(|d| atoms.iter().position(|(k, _)| ordinal[*k] == d))
            .unwrap_or_else(|| best_atom(atoms, bound))
    });
    order
        .into_iter()
        .map(|k| match &lits[k] {
            Lit::Atom { rel, args } => {
                let source = sources.get(ordinal[k]).copied().unwrap_or(Source::Full);
                Step::Scan(scan(*rel, args, source, bound, relations))
            }
            l => other_step(l, bound, relations),
        })
        .collect()
}

/// A literal with its index in the body.
type Indexed<'a> = (usize, &'a Lit);

/// The order of a body's literals, as indexes into `lits`, given the variables `bound`
/// before it: every literal as soon as it is evaluable, otherwise the atom `pick` chooses
/// among those left (given with their indexes into `lits`). Leftovers (none: the checker
/// makes every literal evaluable) come last, in order.
fn schedule(
    lits: &[Lit],
    bound: &[bool],
    mut pick: impl FnMut(&[(usize, &Lit)], &[bool]) -> usize,
) -> Vec<usize> {
    let mut bound = bound.to_vec();
    let (mut atoms, mut others): (Vec<Indexed<'_>>, Vec<Indexed<'_>>) = lits
        .iter()
        .enumerate()
        .partition(|(_, l)| matches!(l, Lit::Atom { .. }));
    let mut order = Vec::with_capacity(lits.len());
    loop {
        while let Some(i) = others.iter().position(|(_, l)| ready(l, &bound)) {
            let (k, l) = others.remove(i);
            bind_vars(l, &mut bound);
            order.push(k);
        }
        if atoms.is_empty() {
            break;
        }
        let (k, l) = atoms.remove(pick(&atoms, &bound));
        bind_vars(l, &mut bound);
        order.push(k);
    }
    order.extend(others.iter().map(|(k, _)| *k));
    order
}

/// An order in which to match `lits` when the variables in `bound` are known, as indexes
/// into `lits`: every literal as soon as it is evaluable; otherwise a fully bound atom (a
/// table lookup), else the smallest relation by `size` with a bound column (its index is
/// built on first use, so its size is the cost), else the smallest relation.
/// Explanations use it to look premises up by the values the head already fixes instead of
/// scanning in written order.
pub(crate) fn evaluation_order(
    lits: &[Lit],
    bound: &[bool],
    size: impl Fn(RelId) -> usize,
) -> Vec<usize> {
    schedule(lits, bound, |atoms, bound| {
        let score = |l: &Lit| match l {
            Lit::Atom { rel, args } => {
                let b = bound_columns(args, bound);
                let class = if b == args.len() {
                    0
                } else if b > 0 {
                    1
                } else {
                    2
                };
                (class, size(*rel))
            }
            _ => (3, usize::MAX),
        };
        (0..atoms.len())
            .min_by_key(|&i| (score(atoms[i].1), i))
            .unwrap_or(0)
    })
}

/// How many columns of an atom are fixed: constants and bound variables.
fn bound_columns(args: &[Arg], bound: &[bool]) -> usize {
    args.iter()
        .filter(|a| match a {
            Arg::Var(v) => bound[*v],
            Arg::Const(_) => true,
            Arg::Wild => false,
        })
        .count()
}

/// Marks the variables a literal binds.
fn bind_vars(l: &Lit, bound: &mut [bool]) {
    match l {
        Lit::Atom { args, .. } => {
            for a in args {
                if let Arg::Var(v) = a {
                    bound[*v] = true;
                }
            }
        }
        Lit::Assign { var, .. } | Lit::Aggregate { var, .. } => bound[*var] = true,
        Lit::Neg { .. } | Lit::Cmp { .. } | Lit::Builtin { .. } => {}
    }
}

/// The atom with the most bound columns (constants included); the first written on ties.
fn best_atom(atoms: &[(usize, &Lit)], bound: &[bool]) -> usize {
    let score = |l: &Lit| match l {
        Lit::Atom { args, .. } => bound_columns(args, bound),
        _ => 0,
    };
    let mut best = 0;
    for (i, (_, l)) in atoms.iter().enumerate() {
        if score(l) > score(atoms[best].1) {
            best = i;
        }
    }
    best
}

fn key_of(
    rel: RelId,
    args: &[Arg],
    bound: &[bool],
    relations: &mut [Relation],
) -> (Lookup, Vec<Operand>, Vec<usize>) {
    let mut cols = Vec::new();
    let mut key = Vec::new();
    for (c, a) in args.iter().enumerate() {
        match a {
            Arg::Const(k) => {
                cols.push(c);
                key.push(Operand::Const(const_word(k)));
            }
            Arg::Var(v) if bound[*v] => {
                cols.push(c);
                key.push(Operand::Var(*v));
            }
            _ => {}
        }
    }
    let lookup = if cols.is_empty() {
        Lookup::All
    } else if cols.len() == args.len() {
        Lookup::Exact
    } else {
        Lookup::Index(relations[rel.index()].index_for(&cols))
    };
    (lookup, key, cols)
}

fn scan(
    rel: RelId,
    args: &[Arg],
    source: Source,
    bound: &mut [bool],
    relations: &mut [Relation],
) -> Scan {
    let (lookup, key, _) = key_of(rel, args, bound, relations);
    if matches!(lookup, Lookup::Exact) && source != Source::Full {
        // Only a tuple's id tells whether it is stable or recent.
        relations[rel.index()].keep_ids();
    }
    let mut binds = Vec::new();
    let mut checks = Vec::new();
    for (c, a) in args.iter().enumerate() {
        if let Arg::Var(v) = a
            && !bound[*v]
        {
            if binds.iter().any(|(_, w)| w == v) {
                checks.push((c, *v));
            } else {
                binds.push((c, *v));
            }
        }
    }
    for (_, v) in &binds {
        bound[*v] = true;
    }
    Scan {
        rel,
        source,
        lookup,
        key,
        binds,
        checks,
    }
}

fn other_step(l: &Lit, bound: &mut [bool], relations: &mut [Relation]) -> Step {
    match l {
        Lit::Neg { rel, args } => {
            let (lookup, key, _) = key_of(*rel, args, bound, relations);
            Step::Absent {
                rel: *rel,
                lookup,
                key,
            }
        }
        Lit::Cmp {
            op,
            kind,
            left,
            right,
        } => Step::Filter {
            op: *op,
            kind: *kind,
            left: left.clone(),
            right: right.clone(),
        },
        Lit::Assign { var, expr } => {
            bound[*var] = true;
            Step::Assign {
                var: *var,
                expr: expr.clone(),
            }
        }
        Lit::Builtin {
            builtin,
            negated,
            args,
        } => Step::Builtin {
            builtin: builtin.clone(),
            negated: *negated,
            args: args.clone(),
        },
        Lit::Aggregate {
            var,
            func,
            kind,
            target,
            body,
            ..
        } => {
            let mut inner = bound.to_vec();
            let body = plan_body(body, &mut inner, &[], None, relations);
            bound[*var] = true;
            Step::Aggregate {
                var: *var,
                func: *func,
                kind: *kind,
                target: target.clone(),
                body,
            }
        }
        Lit::Atom { .. } => unreachable!("invariant: atoms are scans"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::builder::load_text;

    fn plan_of(text: &str) -> RulePlan {
        let p = load_text("t.dl", text, &Default::default()).expect("checks");
        let mut symbols = Symbols::default();
        let rule = link_rule(p.rules().last().expect("a rule"), &mut symbols);
        let mut relations: Vec<Relation> = p
            .relation_infos()
            .iter()
            .map(|r| Relation::new(r.arity()))
            .collect();
        plan_rule(&rule, &[Source::Full; 3], None, &mut relations)
    }

    fn scanned(plan: &RulePlan) -> Vec<(u32, &'static str)> {
        plan.steps
            .iter()
            .filter_map(|s| match s {
                Step::Scan(sc) => Some((
                    sc.rel.0,
                    match sc.lookup {
                        Lookup::All => "all",
                        Lookup::Index(_) => "index",
                        Lookup::Exact => "exact",
                    },
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_join_order_avoids_a_cross_product() {
        // a(x), b(z) share nothing: c(x, z) goes between them, and b is probed exactly.
        let plan = plan_of(
            ".decl a(x: number)\n.decl b(x: number)\n.decl c(x: number, y: number)\n\
             .decl h(x: number, y: number)\nh(x, z) :- a(x), b(z), c(x, z).",
        );
        assert_eq!(scanned(&plan), vec![(0, "all"), (2, "index"), (1, "exact")]);
    }

    #[test]
    fn filters_run_as_soon_as_their_variables_are_bound() {
        let plan = plan_of(
            ".decl a(x: number)\n.decl b(x: number, y: number)\n.decl h(x: number)\n\
             h(y) :- a(x), b(x, y), x > 3.",
        );
        assert!(
            matches!(plan.steps[1], Step::Filter { .. }),
            "{:?}",
            plan.steps
        );
    }
}
