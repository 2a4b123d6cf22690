//! Groundedness and types of one lowered rule alternative: orders its literals so that each is
//! evaluable when reached (positive atoms first, then assignments, filters, negations and
//! aggregates as their variables become bound), infers every variable's kind, and types every
//! expression. Reports ungrounded variables and type mismatches with their spans.

use crate::lower::ir::{Arg, Builtin, Const, Expr, Functor, Lit, RelId, RelationInfo, VarId};
use crate::lower::{BuiltinName, Lowered, PArg, PExpr, PLit};
use crate::syntax::ast::{AggFunc, CmpOp};
use crate::value::Kind;
use factlog_diag::{Diagnostic, Span};
use regex::Regex;
use std::sync::Arc;

/// A typed, ordered rule alternative.
pub(super) struct Grounded {
    pub body: Vec<Lit>,
    pub heads: Vec<(RelId, Vec<Expr>)>,
    pub var_kinds: Vec<Kind>,
}

/// Orders and types `lowered`; errors are appended to `errors`.
pub(super) fn ground(
    lowered: &Lowered,
    relations: &[RelationInfo],
    errors: &mut Vec<Diagnostic>,
) -> Option<Grounded> {
    let n = lowered.vars.len();
    let mut t = Typer {
        relations,
        vars: &lowered.vars,
        kinds: vec![None; n],
        reported: vec![false; n],
        errors: Vec::new(),
    };
    let mut bound = vec![false; n];
    let body = t.place(lowered.body.clone(), &mut bound);
    let mut heads = Vec::new();
    for (rel, args, _) in &lowered.heads {
        let info = &relations[rel.index()];
        let mut exprs = Vec::new();
        for (arg, col) in args.iter().zip(&info.columns) {
            let Some(e) = arg else { continue };
            let mut vs = Vec::new();
            e.vars(&mut vs);
            for (v, s) in vs {
                if !bound[v] {
                    t.ungrounded(v, s, "in the head: no positive atom binds it");
                }
            }
            exprs.push(t.typed(e, Some(col.kind)).0);
        }
        heads.push((*rel, exprs));
    }
    let failed = !t.errors.is_empty();
    errors.append(&mut t.errors);
    if failed {
        return None;
    }
    Some(Grounded {
        body,
        heads,
        var_kinds: t
            .kinds
            .into_iter()
            .map(|k| k.unwrap_or(Kind::Symbol))
            .collect(),
    })
}

struct Typer<'a> {
    relations: &'a [RelationInfo],
    vars: &'a [String],
    kinds: Vec<Option<Kind>>,
    reported: Vec<bool>,
    errors: Vec<Diagnostic>,
}

fn unbound(vars: &[(VarId, Span)], bound: &[bool]) -> bool {
    vars.iter().any(|(v, _)| !bound[*v])
}

impl Typer<'_> {
    fn place(&mut self, lits: Vec<PLit>, bound: &mut [bool]) -> Vec<Lit> {
        let mut out = Vec::new();
        let mut rest = Vec::new();
        for lit in lits {
            match lit {
                PLit::Atom { rel, args } => {
                    let args = self.atom_args(rel, &args, Some(bound));
                    out.push(Lit::Atom { rel, args });
                }
                other => rest.push(other),
            }
        }
        while !rest.is_empty() {
            let before = rest.len();
            let mut next = Vec::new();
            for lit in rest {
                match self.try_place(lit, bound) {
                    Ok(l) => out.push(l),
                    Err(l) => next.push(*l),
                }
            }
            rest = next;
            if rest.len() == before {
                break;
            }
        }
        for lit in &rest {
            self.report(lit, bound);
        }
        out
    }

    fn atom_args(&mut self, rel: RelId, args: &[PArg], bind: Option<&mut [bool]>) -> Vec<Arg> {
        let info = &self.relations[rel.index()];
        let mut out = Vec::with_capacity(args.len());
        let mut newly = Vec::new();
        for (i, (a, col)) in args.iter().zip(&info.columns).enumerate() {
            out.push(match a {
                PArg::Wild => Arg::Wild,
                PArg::Var(v, s) => {
                    match self.kinds[*v] {
                        Some(k) if k != col.kind => self.errors.push(Diagnostic::error(
                            "E0303",
                            format!(
                                "type mismatch: `{}` is a {k}, but column {} (`{}`) of `{}` holds {}s",
                                self.vars[*v],
                                i + 1,
                                col.name,
                                info.name,
                                col.kind
                            ),
                            *s,
                        )),
                        Some(_) => {}
                        None => self.kinds[*v] = Some(col.kind),
                    }
                    newly.push(*v);
                    Arg::Var(*v)
                }
                PArg::Const(e) => match self.typed(e, Some(col.kind)).0 {
                    Expr::Const(c) => Arg::Const(c),
                    _ => Arg::Wild,
                },
            });
        }
        if let Some(bound) = bind {
            newly.into_iter().for_each(|v| bound[v] = true);
        }
        out
    }

    fn try_place(&mut self, lit: PLit, bound: &mut [bool]) -> Result<Lit, Box<PLit>> {
        let mut vs = Vec::new();
        match &lit {
            PLit::Cmp { op, left, right } => {
                let (mut lv, mut rv) = (Vec::new(), Vec::new());
                left.vars(&mut lv);
                right.vars(&mut rv);
                if !unbound(&lv, bound) && !unbound(&rv, bound) {
                    return Ok(self.comparison(*op, left, right));
                }
                if *op == CmpOp::Eq {
                    for (target, value, value_vars) in [(left, right, &rv), (right, left, &lv)] {
                        if let PExpr::Var(v, _) = target
                            && !bound[*v]
                            && !unbound(value_vars, bound)
                        {
                            let (expr, k) = self.typed(value, self.kinds[*v]);
                            self.kinds[*v] = Some(k);
                            bound[*v] = true;
                            return Ok(Lit::Assign { var: *v, expr });
                        }
                    }
                }
                Err(Box::new(lit))
            }
            PLit::Neg { rel, args } => {
                lit.vars(&mut vs);
                if unbound(&vs, bound) {
                    return Err(Box::new(lit));
                }
                let args = self.atom_args(*rel, args, None);
                Ok(Lit::Neg { rel: *rel, args })
            }
            PLit::Builtin {
                name,
                negated,
                args,
            } => {
                lit.vars(&mut vs);
                if unbound(&vs, bound) {
                    return Err(Box::new(lit));
                }
                let a = self.typed(&args[0], Some(Kind::Symbol)).0;
                let b = self.typed(&args[1], Some(Kind::Symbol)).0;
                let builtin = match name {
                    BuiltinName::Contains => Builtin::Contains,
                    BuiltinName::Match => Builtin::Match(self.regex(&args[0])),
                };
                Ok(Lit::Builtin {
                    builtin,
                    negated: *negated,
                    args: [a, b],
                })
            }
            PLit::Agg { injected, .. } => {
                if unbound(injected, bound) {
                    return Err(Box::new(lit));
                }
                let PLit::Agg {
                    var,
                    func,
                    target,
                    body,
                    span,
                    injected,
                } = lit
                else {
                    unreachable!("invariant: matched above")
                };
                let mut inner = bound.to_vec();
                let body = self.place(body, &mut inner);
                let target = target.map(|t| {
                    let mut tv = Vec::new();
                    t.vars(&mut tv);
                    for (v, s) in tv {
                        if !inner[v] {
                            self.ungrounded(v, s, "in an aggregated expression: the aggregate's body does not bind it");
                        }
                    }
                    self.typed(&t, None)
                });
                let kind = match (&func, &target) {
                    (AggFunc::Count, _) | (_, None) => Kind::Number,
                    (_, Some((_, k))) => *k,
                };
                if matches!(func, AggFunc::Sum | AggFunc::Mean) && !kind.is_numeric() {
                    self.errors.push(Diagnostic::error(
                        "E0303",
                        format!(
                            "type mismatch: `{}` needs numbers, found symbols",
                            func.name()
                        ),
                        span,
                    ));
                }
                self.kinds[var] = Some(if func == AggFunc::Mean {
                    Kind::Float
                } else {
                    kind
                });
                bound[var] = true;
                Ok(Lit::Aggregate {
                    var,
                    func,
                    kind,
                    target: target.map(|(e, _)| e),
                    body,
                    injected: injected.into_iter().map(|(v, _)| v).collect(),
                })
            }
            PLit::Atom { .. } => unreachable!("invariant: atoms are placed first"),
        }
    }

    fn regex(&mut self, pattern: &PExpr) -> Option<Arc<Regex>> {
        let PExpr::Str(p, span) = pattern else {
            return None;
        };
        match Regex::new(&format!("^(?:{p})$")) {
            Ok(r) => Some(Arc::new(r)),
            Err(e) => {
                let first = e
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim()
                    .to_string();
                self.errors.push(
                    Diagnostic::error(
                        "E0312",
                        format!("invalid regular expression: {first}"),
                        *span,
                    )
                    .with_note(
                        "patterns use Rust's regex syntax: no back-references or look-around",
                    ),
                );
                None
            }
        }
    }

    fn report(&mut self, lit: &PLit, bound: &[bool]) {
        let (vars, context) = match lit {
            PLit::Neg { .. } => (
                {
                    let mut v = Vec::new();
                    lit.vars(&mut v);
                    v
                },
                "under negation: a negated atom's variables must be bound by a positive atom",
            ),
            PLit::Agg { injected, .. } => (
                injected.clone(),
                "read by an aggregate: no positive atom outside the aggregate binds it",
            ),
            PLit::Cmp {
                op: CmpOp::Eq,
                left,
                right,
            } if self.waits_for_generated(left, right, bound) => return,
            _ => (
                {
                    let mut v = Vec::new();
                    lit.vars(&mut v);
                    v
                },
                "in a comparison: no positive atom binds it",
            ),
        };
        for (v, s) in vars {
            if !bound[v] && !self.vars[v].starts_with('#') {
                self.ungrounded(v, s, context);
            }
        }
    }

    /// Whether `x = e` only waits for generated variables (an aggregate's result, say), whose
    /// own cause is reported where it lies.
    fn waits_for_generated(&self, left: &PExpr, right: &PExpr, bound: &[bool]) -> bool {
        [(left, right), (right, left)]
            .iter()
            .any(|(target, value)| {
                let mut vs = Vec::new();
                value.vars(&mut vs);
                matches!(target, PExpr::Var(v, _) if !bound[*v])
                    && vs
                        .iter()
                        .all(|(v, _)| bound[*v] || self.vars[*v].starts_with('#'))
            })
    }

    fn ungrounded(&mut self, v: VarId, span: Span, context: &str) {
        if self.reported[v] {
            return;
        }
        self.reported[v] = true;
        let name = &self.vars[v];
        let message = if name.starts_with('#') {
            format!("ungrounded value {context}")
        } else {
            format!("ungrounded variable `{name}` {context}")
        };
        self.errors.push(Diagnostic::error("E0304", message, span));
    }

    fn comparison(&mut self, op: CmpOp, left: &PExpr, right: &PExpr) -> Lit {
        let expected = self.natural(left).or_else(|| self.natural(right));
        let (l, kl) = self.typed(left, expected);
        let (r, _) = self.typed(right, Some(kl));
        Lit::Cmp {
            op,
            kind: kl,
            left: l,
            right: r,
        }
    }

    /// The kind an expression has on its own (`None` for an integer literal, which takes the
    /// kind its context expects).
    fn natural(&self, e: &PExpr) -> Option<Kind> {
        match e {
            PExpr::Var(v, _) => self.kinds[*v],
            PExpr::Int(..) => None,
            PExpr::Uint(..) => Some(Kind::Unsigned),
            PExpr::Float(..) => Some(Kind::Float),
            PExpr::Str(..) => Some(Kind::Symbol),
            PExpr::Bin(_, l, r, _) => self.natural(l).or_else(|| self.natural(r)),
            PExpr::Neg(e, _) => self.natural(e),
            PExpr::Call(name, args, _) => match name.as_str() {
                "cat" | "substr" | "to_string" => Some(Kind::Symbol),
                "strlen" | "to_number" => Some(Kind::Number),
                "to_float" => Some(Kind::Float),
                "to_unsigned" => Some(Kind::Unsigned),
                _ => args.iter().find_map(|a| self.natural(a)),
            },
        }
    }

    fn mismatch(&mut self, expected: Kind, found: Kind, span: Span) {
        self.errors.push(Diagnostic::error(
            "E0303",
            format!("type mismatch: expected a {expected}, found a {found}"),
            span,
        ));
    }

    /// Types `e`, expecting `expected` when given.
    fn typed(&mut self, e: &PExpr, expected: Option<Kind>) -> (Expr, Kind) {
        let (expr, kind) = self.typed_inner(e, expected);
        if let Some(x) = expected
            && x != kind
        {
            self.mismatch(x, kind, e.span());
        }
        (expr, kind)
    }

    fn typed_inner(&mut self, e: &PExpr, expected: Option<Kind>) -> (Expr, Kind) {
        let word = |w: u32| Expr::Const(Const::Word(w));
        match e {
            PExpr::Var(v, _) => (
                Expr::Var(*v),
                self.kinds[*v].or(expected).unwrap_or(Kind::Symbol),
            ),
            PExpr::Str(s, _) => (Expr::Const(Const::Sym(s.clone())), Kind::Symbol),
            PExpr::Float(f, _) => (word((*f as f32).to_bits()), Kind::Float),
            PExpr::Uint(n, span) => {
                if *n > u64::from(u32::MAX) {
                    self.out_of_range(*n as i64, Kind::Unsigned, *span);
                }
                (word(*n as u32), Kind::Unsigned)
            }
            PExpr::Int(n, span) => {
                let kind = match expected {
                    Some(k) if k.is_numeric() => k,
                    Some(Kind::Symbol) => return (word(0), Kind::Number),
                    _ => Kind::Number,
                };
                let w = match kind {
                    Kind::Float => (*n as f32).to_bits(),
                    Kind::Unsigned if (0..=i64::from(u32::MAX)).contains(n) => *n as u32,
                    // Hex and binary literals up to 32 bits wrap into the signed range.
                    Kind::Number if (i64::from(i32::MIN)..=i64::from(u32::MAX)).contains(n) => {
                        *n as u32
                    }
                    _ => {
                        self.out_of_range(*n, kind, *span);
                        0
                    }
                };
                (word(w), kind)
            }
            PExpr::Bin(op, l, r, span) => {
                let kind = expected
                    .filter(|k| k.is_numeric())
                    .or_else(|| self.natural(l))
                    .or_else(|| self.natural(r))
                    .unwrap_or(Kind::Number);
                if !kind.is_numeric() {
                    self.errors.push(Diagnostic::error(
                        "E0303",
                        format!(
                            "type mismatch: `{}` needs numbers, found symbols (join symbols with cat(a, b))",
                            op.symbol()
                        ),
                        *span,
                    ));
                }
                let (l, _) = self.typed(l, Some(kind));
                let (r, _) = self.typed(r, Some(kind));
                (
                    Expr::Binary {
                        op: *op,
                        kind,
                        left: Box::new(l),
                        right: Box::new(r),
                    },
                    kind,
                )
            }
            PExpr::Neg(inner, _) => {
                let kind = expected
                    .filter(|k| k.is_numeric())
                    .or_else(|| self.natural(inner))
                    .unwrap_or(Kind::Number);
                let (x, k) = self.typed(inner, Some(kind));
                (Expr::Negate(k, Box::new(x)), k)
            }
            PExpr::Call(name, args, span) => self.call(name, args, *span, expected),
        }
    }

    fn out_of_range(&mut self, n: i64, kind: Kind, span: Span) {
        self.errors.push(Diagnostic::error(
            "E0303",
            format!("the literal {n} does not fit a 32-bit {kind}"),
            span,
        ));
    }

    fn call(
        &mut self,
        name: &str,
        args: &[PExpr],
        span: Span,
        expected: Option<Kind>,
    ) -> (Expr, Kind) {
        let numeric_arg = |t: &Self| {
            args.first()
                .and_then(|a| t.natural(a))
                .or(expected.filter(|k| k.is_numeric()))
                .unwrap_or(Kind::Number)
        };
        let (functor, params, result): (Functor, Vec<Kind>, Kind) = match name {
            "cat" => (
                Functor::Cat,
                vec![Kind::Symbol; args.len().max(1)],
                Kind::Symbol,
            ),
            "strlen" => (Functor::Strlen, vec![Kind::Symbol], Kind::Number),
            "substr" => (
                Functor::Substr,
                vec![Kind::Symbol, Kind::Number, Kind::Number],
                Kind::Symbol,
            ),
            "to_number" => (Functor::ToNumber, vec![Kind::Symbol], Kind::Number),
            "to_string" => {
                let k = args
                    .first()
                    .and_then(|a| self.natural(a))
                    .unwrap_or(Kind::Number);
                (Functor::ToString(k), vec![k], Kind::Symbol)
            }
            "to_float" => {
                let k = args
                    .first()
                    .and_then(|a| self.natural(a))
                    .unwrap_or(Kind::Number);
                (Functor::ToFloat(k), vec![k], Kind::Float)
            }
            "to_unsigned" => {
                let k = args
                    .first()
                    .and_then(|a| self.natural(a))
                    .unwrap_or(Kind::Number);
                (Functor::ToUnsigned(k), vec![k], Kind::Unsigned)
            }
            "min" | "max" => {
                let k = args
                    .iter()
                    .find_map(|a| self.natural(a))
                    .or(expected)
                    .unwrap_or(Kind::Number);
                let f = if name == "min" {
                    Functor::Min(k)
                } else {
                    Functor::Max(k)
                };
                (f, vec![k, k], k)
            }
            "abs" => {
                let k = numeric_arg(self);
                (Functor::Abs(k), vec![k], k)
            }
            _ => {
                self.errors.push(Diagnostic::error(
                    "E0314",
                    format!(
                        "unknown functor `{name}`: expected cat, strlen, substr, to_number, to_string, to_float, to_unsigned, min, max or abs"
                    ),
                    span,
                ));
                return (
                    Expr::Const(Const::Word(0)),
                    expected.unwrap_or(Kind::Number),
                );
            }
        };
        if args.len() != params.len() {
            self.errors.push(Diagnostic::error(
                "E0314",
                format!(
                    "`{name}` takes {} argument{}, found {}",
                    params.len(),
                    if params.len() == 1 { "" } else { "s" },
                    args.len()
                ),
                span,
            ));
            return (Expr::Const(Const::Word(0)), result);
        }
        let typed_args = args
            .iter()
            .zip(&params)
            .map(|(a, k)| self.typed(a, Some(*k)).0)
            .collect();
        (Expr::Call(functor, typed_args), result)
    }
}
