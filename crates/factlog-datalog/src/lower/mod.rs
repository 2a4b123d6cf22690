//! Lowering from the syntax tree toward the IR ([`ir`], what every later phase reads). One rule
//! alternative is lowered at a time: relation names resolved, variables numbered, aggregates
//! pulled out into their own literals, expressions in atom arguments replaced by fresh
//! variables with an equality.
//!
//! The result ([`Lowered`]) is still untyped and unordered; the checker's groundedness pass
//! (`check::ground`) orders and types it into IR rules.

pub(crate) mod ir;

use crate::syntax::ast::{AggFunc, Aggregate, Atom, BinOp, CmpOp, Literal, Term};
use factlog_diag::{Diagnostic, Span};
use ir::{RelId, RelationInfo, VarId};
use rustc_hash::FxHashMap;

/// An untyped expression with variables numbered.
#[derive(Clone, Debug)]
pub(super) enum PExpr {
    Var(VarId, Span),
    Int(i64, Span),
    Uint(u64, Span),
    Float(f64, Span),
    Str(String, Span),
    Bin(BinOp, Box<PExpr>, Box<PExpr>, Span),
    Neg(Box<PExpr>, Span),
    Call(String, Vec<PExpr>, Span),
}

impl PExpr {
    pub(super) fn span(&self) -> Span {
        match self {
            PExpr::Var(_, s)
            | PExpr::Int(_, s)
            | PExpr::Uint(_, s)
            | PExpr::Float(_, s)
            | PExpr::Str(_, s)
            | PExpr::Bin(.., s)
            | PExpr::Neg(_, s)
            | PExpr::Call(_, _, s) => *s,
        }
    }

    pub(super) fn vars(&self, out: &mut Vec<(VarId, Span)>) {
        match self {
            PExpr::Var(v, s) => out.push((*v, *s)),
            PExpr::Int(..) | PExpr::Uint(..) | PExpr::Float(..) | PExpr::Str(..) => {}
            PExpr::Bin(_, l, r, _) => {
                l.vars(out);
                r.vars(out);
            }
            PExpr::Neg(e, _) => e.vars(out),
            PExpr::Call(_, args, _) => args.iter().for_each(|a| a.vars(out)),
        }
    }
}

/// An untyped atom argument.
#[derive(Clone, Debug)]
pub(super) enum PArg {
    Var(VarId, Span),
    Const(PExpr),
    Wild,
}

/// Which string constraint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BuiltinName {
    Match,
    Contains,
}

/// An untyped literal.
#[derive(Clone, Debug)]
pub(super) enum PLit {
    Atom {
        rel: RelId,
        args: Vec<PArg>,
    },
    Neg {
        rel: RelId,
        args: Vec<PArg>,
    },
    Cmp {
        op: CmpOp,
        left: PExpr,
        right: PExpr,
    },
    Builtin {
        name: BuiltinName,
        negated: bool,
        args: Box<[PExpr; 2]>,
    },
    Agg {
        var: VarId,
        func: AggFunc,
        target: Option<PExpr>,
        body: Vec<PLit>,
        span: Span,
        /// Variables of the aggregate that also occur outside it (bound outside).
        injected: Vec<(VarId, Span)>,
    },
}

impl PLit {
    /// Every variable occurrence (an aggregate's result variable included, its body too).
    pub(super) fn vars(&self, out: &mut Vec<(VarId, Span)>) {
        let args_vars = |args: &[PArg], out: &mut Vec<(VarId, Span)>| {
            for a in args {
                match a {
                    PArg::Var(v, s) => out.push((*v, *s)),
                    PArg::Const(e) => e.vars(out),
                    PArg::Wild => {}
                }
            }
        };
        match self {
            PLit::Atom { args, .. } | PLit::Neg { args, .. } => args_vars(args, out),
            PLit::Cmp { left, right, .. } => {
                left.vars(out);
                right.vars(out);
            }
            PLit::Builtin { args, .. } => args.iter().for_each(|a| a.vars(out)),
            PLit::Agg {
                var,
                target,
                body,
                span,
                ..
            } => {
                out.push((*var, *span));
                body.iter().for_each(|l| l.vars(out));
                if let Some(t) = target {
                    t.vars(out);
                }
            }
        }
    }
}

/// A lowered rule alternative: its body literals and variables.
#[derive(Debug)]
pub(super) struct Lowered {
    pub body: Vec<PLit>,
    pub heads: Vec<(RelId, Vec<Option<PExpr>>, Span)>,
    pub vars: Vec<String>,
    /// Named variables occurring outside aggregates in the body, in order of first appearance.
    pub outside_named: Vec<VarId>,
}

/// Lowers rules against the declared relations.
pub(super) struct Lowerer<'a> {
    relations: &'a [RelationInfo],
    by_name: &'a FxHashMap<String, RelId>,
    vars: Vec<String>,
    var_ids: FxHashMap<String, VarId>,
    outside_named: Vec<VarId>,
    depth: usize,
    pub errors: Vec<Diagnostic>,
}

impl<'a> Lowerer<'a> {
    pub(super) fn new(
        relations: &'a [RelationInfo],
        by_name: &'a FxHashMap<String, RelId>,
    ) -> Lowerer<'a> {
        Lowerer {
            relations,
            by_name,
            vars: Vec::new(),
            var_ids: FxHashMap::default(),
            outside_named: Vec::new(),
            depth: 0,
            errors: Vec::new(),
        }
    }

    /// Lowers a body; heads are added with [`Lowerer::head`], then [`Lowerer::finish`].
    pub(super) fn body(&mut self, body: &[Literal]) -> Vec<PLit> {
        let mut out = Vec::new();
        for l in body {
            self.literal(l, &mut out);
        }
        out
    }

    /// Lowers a head atom (its aggregates go into `body`). `None` for an undeclared relation.
    pub(super) fn head(
        &mut self,
        atom: &Atom,
        body: &mut Vec<PLit>,
    ) -> Option<(RelId, Vec<Option<PExpr>>, Span)> {
        let rel = self.relation(atom)?;
        let args = atom
            .args
            .iter()
            .map(|t| match t {
                Term::Wildcard(s) => {
                    self.errors.push(Diagnostic::error(
                        "E0304",
                        "`_` in a head: expected a variable, a constant or an expression",
                        *s,
                    ));
                    None
                }
                t => Some(self.expr(t, body)),
            })
            .collect();
        Some((rel, args, atom.span))
    }

    /// The variable table (with aggregates' injected variables computed).
    pub(super) fn finish(
        mut self,
        mut body: Vec<PLit>,
        heads: Vec<(RelId, Vec<Option<PExpr>>, Span)>,
    ) -> (Lowered, Vec<Diagnostic>) {
        let mut total = vec![0usize; self.vars.len()];
        let mut all = Vec::new();
        body.iter().for_each(|l| l.vars(&mut all));
        for (_, args, _) in &heads {
            args.iter().flatten().for_each(|e| e.vars(&mut all));
        }
        all.iter().for_each(|(v, _)| total[*v] += 1);
        set_injected(&mut body, &total);
        let outside_named = std::mem::take(&mut self.outside_named);
        (
            Lowered {
                body,
                heads,
                vars: self.vars,
                outside_named,
            },
            self.errors,
        )
    }

    fn var(&mut self, name: &str) -> VarId {
        let id = match self.var_ids.get(name) {
            Some(&id) => id,
            None => {
                self.vars.push(name.to_string());
                self.var_ids.insert(name.to_string(), self.vars.len() - 1);
                self.vars.len() - 1
            }
        };
        if self.depth == 0 && !self.outside_named.contains(&id) {
            self.outside_named.push(id);
        }
        id
    }

    fn fresh(&mut self) -> VarId {
        self.vars.push(format!("#{}", self.vars.len()));
        self.vars.len() - 1
    }

    /// The relation an atom names, or an error (undeclared, wrong arity).
    fn relation(&mut self, atom: &Atom) -> Option<RelId> {
        let Some(&rel) = self.by_name.get(&atom.relation) else {
            let mut d = Diagnostic::error(
                "E0301",
                format!("undeclared relation `{}`", atom.relation),
                atom.name_span,
            );
            let similar = similar_names(&atom.relation, self.relations);
            d = if similar.is_empty() {
                d.with_note(format!("declare it: .decl {}(...)", atom.relation))
            } else {
                d.with_note(format!("did you mean `{}`?", similar.join("`, `")))
            };
            self.errors.push(d);
            return None;
        };
        let info = &self.relations[rel.index()];
        if info.arity() != atom.args.len() {
            let cols: Vec<String> = info
                .columns
                .iter()
                .map(|c| format!("{}: {}", c.name, c.ty))
                .collect();
            self.errors.push(Diagnostic::error(
                "E0302",
                format!(
                    "`{}` takes {} argument{} ({}), found {}",
                    info.name,
                    info.arity(),
                    if info.arity() == 1 { "" } else { "s" },
                    cols.join(", "),
                    atom.args.len()
                ),
                atom.span,
            ));
            return None;
        }
        Some(rel)
    }

    fn literal(&mut self, lit: &Literal, out: &mut Vec<PLit>) {
        match lit {
            Literal::Pos(atom) | Literal::Neg(atom) => {
                let negated = matches!(lit, Literal::Neg(_));
                let builtin = match atom.relation.as_str() {
                    "match" => Some(BuiltinName::Match),
                    "contains" => Some(BuiltinName::Contains),
                    _ => None,
                };
                if let Some(name) = builtin
                    && !self.by_name.contains_key(&atom.relation)
                {
                    if atom.args.len() != 2 {
                        self.errors.push(Diagnostic::error(
                            "E0302",
                            format!(
                                "`{}` takes 2 arguments, found {}",
                                atom.relation,
                                atom.args.len()
                            ),
                            atom.span,
                        ));
                        return;
                    }
                    let a = self.expr(&atom.args[0], out);
                    let b = self.expr(&atom.args[1], out);
                    out.push(PLit::Builtin {
                        name,
                        negated,
                        args: Box::new([a, b]),
                    });
                    return;
                }
                let Some(rel) = self.relation(atom) else {
                    return;
                };
                let mut extra = Vec::new();
                let args = atom.args.iter().map(|t| self.arg(t, &mut extra)).collect();
                out.extend(extra);
                out.push(if negated {
                    PLit::Neg { rel, args }
                } else {
                    PLit::Atom { rel, args }
                });
            }
            Literal::Cmp {
                left, op, right, ..
            } => {
                let left = self.expr(left, out);
                let right = self.expr(right, out);
                out.push(PLit::Cmp {
                    op: *op,
                    left,
                    right,
                });
            }
        }
    }

    fn arg(&mut self, term: &Term, extra: &mut Vec<PLit>) -> PArg {
        match term {
            Term::Var(name, span) => PArg::Var(self.var(name), *span),
            Term::Wildcard(_) => PArg::Wild,
            Term::Str(..) | Term::Number(..) | Term::Unsigned(..) | Term::Float(..) => {
                PArg::Const(self.expr(term, extra))
            }
            _ => {
                let v = self.fresh();
                let span = term.span();
                let e = self.expr(term, extra);
                extra.push(PLit::Cmp {
                    op: CmpOp::Eq,
                    left: PExpr::Var(v, span),
                    right: e,
                });
                PArg::Var(v, span)
            }
        }
    }

    fn expr(&mut self, term: &Term, out: &mut Vec<PLit>) -> PExpr {
        match term {
            Term::Var(name, span) => PExpr::Var(self.var(name), *span),
            Term::Wildcard(span) => {
                self.errors.push(Diagnostic::error(
                    "E0304",
                    "`_` in an expression: expected a variable or a constant",
                    *span,
                ));
                PExpr::Int(0, *span)
            }
            Term::Str(s, span) => PExpr::Str(s.clone(), *span),
            Term::Number(n, span) => PExpr::Int(*n, *span),
            Term::Unsigned(n, span) => PExpr::Uint(*n, *span),
            Term::Float(f, span) => PExpr::Float(*f, *span),
            Term::Binary {
                op,
                left,
                right,
                span,
            } => {
                let l = self.expr(left, out);
                let r = self.expr(right, out);
                PExpr::Bin(*op, Box::new(l), Box::new(r), *span)
            }
            Term::Negate(e, span) => PExpr::Neg(Box::new(self.expr(e, out)), *span),
            Term::Functor {
                name, args, span, ..
            } => {
                let args = args.iter().map(|a| self.expr(a, out)).collect();
                PExpr::Call(name.clone(), args, *span)
            }
            Term::Aggregate(agg) => self.aggregate(agg, out),
        }
    }

    fn aggregate(&mut self, agg: &Aggregate, out: &mut Vec<PLit>) -> PExpr {
        self.depth += 1;
        let mut body = Vec::new();
        for l in &agg.body {
            self.literal(l, &mut body);
        }
        let target = agg.target.as_ref().map(|t| self.expr(t, &mut body));
        self.depth -= 1;
        let var = self.fresh();
        out.push(PLit::Agg {
            var,
            func: agg.func,
            target,
            body,
            span: agg.span,
            injected: Vec::new(),
        });
        PExpr::Var(var, agg.span)
    }
}

/// Sets each aggregate's injected variables: those occurring inside it and elsewhere too.
fn set_injected(lits: &mut [PLit], total: &[usize]) {
    for lit in lits {
        if let PLit::Agg {
            body,
            target,
            injected,
            ..
        } = lit
        {
            let mut inside = Vec::new();
            body.iter().for_each(|l| l.vars(&mut inside));
            if let Some(t) = target {
                t.vars(&mut inside);
            }
            let mut count = vec![0usize; total.len()];
            inside.iter().for_each(|(v, _)| count[*v] += 1);
            let mut seen = vec![false; total.len()];
            for (v, s) in inside {
                if total[v] > count[v] && !seen[v] {
                    seen[v] = true;
                    injected.push((v, s));
                }
            }
            set_injected(body, total);
        }
    }
}

/// Relation names close to `name`, best first.
pub(super) fn similar_names(name: &str, relations: &[RelationInfo]) -> Vec<String> {
    let candidates = relations.iter().filter(|r| !r.is_query);
    factlog_diag::similar_names(name, candidates.map(|r| r.name.as_str()))
        .into_iter()
        .map(str::to_string)
        .collect()
}
