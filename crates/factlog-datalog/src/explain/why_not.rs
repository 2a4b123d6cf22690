//! Why-not: for an atom that does not hold, which premise of each rule for its relation fails
//! first (a [`Blocker`]), with the condition that failed written back as text.

use super::proof::{Blocker, Constant, ExplainError, WhyNot};
use super::solve::{Search, State};
use super::{Explainer, aggregate_name, fault};
use crate::eval::expr::{Ctx, Fault, eval};
use crate::lower::ir::{IrRule, Lit};
use crate::value::{Kind, Word};

impl Explainer<'_> {
    /// For a fact that does not hold, why each rule for its relation does not derive it, in
    /// rule order (empty for a relation no rule derives; facts written in the program are not
    /// rules and are left out); `None` when it holds.
    pub fn why_not(
        &self,
        relation: &str,
        row: &[&str],
    ) -> Result<Option<Vec<WhyNot>>, ExplainError> {
        let (rel, t) = self.atom(relation, row)?;
        if self.db.iteration(rel, &t).is_some() {
            return Ok(None);
        }
        let mut out = Vec::new();
        for (ri, rule) in self.rules.iter().enumerate() {
            // A fact written in the program is another fact, not a rule that failed.
            if rule.head != rel || rule.body.is_empty() {
                continue;
            }
            out.push(self.blocker(ri, rule, &t).map_err(fault)?);
        }
        Ok(Some(out))
    }

    fn blocker(&self, ri: usize, rule: &IrRule, t: &[Word]) -> Result<WhyNot, Fault> {
        let location = self.location(ri);
        let Some(st) = State::for_head(rule, t) else {
            return Ok(WhyNot {
                rule: ri,
                location,
                bindings: Vec::new(),
                reason: Blocker::Head,
            });
        };
        let mut search = Search {
            db: &self.db,
            limit: None,
            st,
            furthest: None,
            track: true,
        };
        search.solve(&rule.body, 0, &mut |_| Ok(true))?;
        let (at, st) = search.furthest.unwrap_or_default();
        let reason = match rule.body.get(at) {
            None => Blocker::Head,
            Some(Lit::Atom { rel, args }) => {
                Blocker::Missing(self.pattern(*rel, &st.pattern(args)))
            }
            Some(Lit::Neg { rel, args }) => match self.db.first_match(*rel, &st.pattern(args)) {
                Some((fact, _)) => Blocker::Present(self.fact(*rel, &fact)),
                None => Blocker::Head,
            },
            Some(lit) => Blocker::Condition {
                literal: at,
                text: self.condition_text(rule, lit, &st),
            },
        };
        Ok(WhyNot {
            rule: ri,
            location,
            bindings: self.bindings(rule, &st),
            reason,
        })
    }

    /// What a failing literal (comparison, assignment, constraint, aggregate) checked, with
    /// the values under the bindings `st`.
    fn condition_text(&self, rule: &IrRule, lit: &Lit, st: &State) -> String {
        let ctx = Ctx {
            symbols: &self.db.symbols,
            regexes: &self.db.regexes,
        };
        let value = |e: &crate::lower::ir::Expr, kind: Kind| -> String {
            eval(e, &st.env, &ctx)
                .map_or_else(|f| format!("{f:?}"), |w| self.text(kind, w).to_string())
        };
        match lit {
            Lit::Cmp {
                op,
                kind,
                left,
                right,
            } => format!(
                "{} {} {} is false ({} {} {})",
                self.expr_text(rule, left, *kind),
                op.symbol(),
                self.expr_text(rule, right, *kind),
                value(left, *kind),
                op.symbol(),
                value(right, *kind)
            ),
            Lit::Assign { var, expr } => format!(
                "{} = {} is false ({} = {})",
                rule.vars[*var],
                self.expr_text(rule, expr, rule.var_kinds[*var]),
                self.text(rule.var_kinds[*var], st.env[*var]),
                value(expr, rule.var_kinds[*var])
            ),
            Lit::Builtin {
                builtin, negated, ..
            } => format!(
                "{}{} fails",
                if *negated { "!" } else { "" },
                format!("{builtin:?}").to_lowercase()
            ),
            Lit::Aggregate { var, .. } => format!(
                "the aggregate into {} has nothing to aggregate",
                aggregate_name(rule, *var)
            ),
            Lit::Atom { .. } | Lit::Neg { .. } => "a premise fails".into(),
        }
    }

    /// An expression as written, as far as the checked rule keeps it: named variables by
    /// name, an aggregate's generated variable as the aggregate.
    fn expr_text(&self, rule: &IrRule, e: &crate::lower::ir::Expr, kind: Kind) -> String {
        use crate::lower::ir::{Const, Expr};
        match e {
            Expr::Var(v) if !rule.vars[*v].starts_with('#') => rule.vars[*v].clone(),
            // A generated variable holds an aggregate's result: show the aggregate.
            Expr::Var(v) => rule
                .body
                .iter()
                .find_map(|l| match l {
                    Lit::Aggregate { var, func, .. } if var == v => {
                        Some(format!("{} : {{…}}", func.name()))
                    }
                    _ => None,
                })
                .unwrap_or_else(|| "…".into()),
            Expr::Const(Const::Sym(s)) => Constant::Symbol(s.clone()).to_string(),
            Expr::Const(Const::Word(w)) => self.text(kind, *w).to_string(),
            Expr::Binary {
                op, left, right, ..
            } => format!(
                "{} {} {}",
                self.expr_text(rule, left, kind),
                op.symbol(),
                self.expr_text(rule, right, kind)
            ),
            Expr::Negate(_, inner) => format!("-{}", self.expr_text(rule, inner, kind)),
            Expr::Call(f, _) => format!("{f:?}(…)").to_lowercase(),
        }
    }
}
