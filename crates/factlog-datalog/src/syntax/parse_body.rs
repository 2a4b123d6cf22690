//! Parsing of rule bodies and terms: conjunctions, `;` disjunctions (expanded into alternative
//! bodies), negation, comparisons, arithmetic with Soufflé's precedence, functor calls and
//! aggregates.

use crate::syntax::ast::*;
use crate::syntax::lexer::Tok;
use crate::syntax::parser::Parser;
use factlog_diag::Diagnostic;

/// Names that are functors when followed by `(` in a term (and so never relations in a body).
pub const FUNCTORS: &[&str] = &[
    "cat",
    "strlen",
    "substr",
    "to_number",
    "to_string",
    "to_float",
    "to_unsigned",
    "ord",
    "min",
    "max",
    "abs",
];

/// A body: alternatives, each a conjunction.
type Dnf = Vec<Vec<Literal>>;

impl Parser {
    /// `conj (';' conj)*`, expanded into alternatives.
    pub(super) fn body(&mut self) -> Result<Dnf, Diagnostic> {
        let mut alternatives = self.conjunction()?;
        while self.peek() == &Tok::Punct(";") {
            self.bump();
            alternatives.extend(self.conjunction()?);
        }
        Ok(alternatives)
    }

    /// `unit (',' unit)*`: the cross product of the units' alternatives.
    fn conjunction(&mut self) -> Result<Dnf, Diagnostic> {
        let mut acc: Dnf = vec![Vec::new()];
        loop {
            let unit = self.unit()?;
            let mut next = Vec::with_capacity(acc.len() * unit.len());
            for left in &acc {
                for right in &unit {
                    let mut both = left.clone();
                    both.extend(right.iter().cloned());
                    next.push(both);
                }
            }
            acc = next;
            if self.peek() == &Tok::Punct(",") {
                self.bump();
            } else {
                return Ok(acc);
            }
        }
    }

    /// A parenthesised body, or one literal.
    fn unit(&mut self) -> Result<Dnf, Diagnostic> {
        if self.peek() == &Tok::Punct("(") {
            let save = self.pos;
            self.bump();
            if let Ok(inner) = self.body()
                && self.peek() == &Tok::Punct(")")
            {
                self.bump();
                return Ok(inner);
            }
            // Not a group: a comparison starting with a parenthesised expression.
            self.pos = save;
        }
        Ok(vec![vec![self.literal()?]])
    }

    fn literal(&mut self) -> Result<Literal, Diagnostic> {
        let start = self.span();
        if self.peek() == &Tok::Punct("!") {
            self.bump();
            return Ok(Literal::Neg(self.atom()?));
        }
        if let Tok::Ident(name) = self.peek()
            && self.peek_at(1) == &Tok::Punct("(")
            && !FUNCTORS.contains(&name.as_str())
        {
            return Ok(Literal::Pos(self.atom()?));
        }
        let left = self.term()?;
        let op = match self.peek() {
            Tok::Punct("=") => CmpOp::Eq,
            Tok::Punct("!=") => CmpOp::Ne,
            Tok::Punct("<") => CmpOp::Lt,
            Tok::Punct("<=") => CmpOp::Le,
            Tok::Punct(">") => CmpOp::Gt,
            Tok::Punct(">=") => CmpOp::Ge,
            _ => return Err(self.unexpected("a comparison operator")),
        };
        self.bump();
        let right = self.term()?;
        Ok(Literal::Cmp {
            span: start.to(right.span()),
            left,
            op,
            right,
        })
    }

    /// An expression: `+ -` over `* / %` over unary `-` over `^` (right-associative).
    pub(super) fn term(&mut self) -> Result<Term, Diagnostic> {
        let mut left = self.product()?;
        loop {
            let op = match self.peek() {
                Tok::Punct("+") => BinOp::Add,
                Tok::Punct("-") => BinOp::Sub,
                _ => return Ok(left),
            };
            self.bump();
            let right = self.product()?;
            left = binary(op, left, right);
        }
    }

    fn product(&mut self) -> Result<Term, Diagnostic> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Tok::Punct("*") => BinOp::Mul,
                Tok::Punct("/") => BinOp::Div,
                Tok::Punct("%") => BinOp::Rem,
                _ => return Ok(left),
            };
            self.bump();
            let right = self.unary()?;
            left = binary(op, left, right);
        }
    }

    fn unary(&mut self) -> Result<Term, Diagnostic> {
        if self.peek() == &Tok::Punct("-") {
            let start = self.bump().span;
            let inner = self.unary()?;
            let span = start.to(inner.span());
            return Ok(match inner {
                Term::Number(n, _) => Term::Number(-n, span),
                Term::Float(f, _) => Term::Float(-f, span),
                other => Term::Negate(Box::new(other), span),
            });
        }
        let base = self.primary()?;
        if self.peek() == &Tok::Punct("^") {
            self.bump();
            let exponent = self.unary()?;
            return Ok(binary(BinOp::Pow, base, exponent));
        }
        Ok(base)
    }

    fn primary(&mut self) -> Result<Term, Diagnostic> {
        let span = self.span();
        let t = match self.peek().clone() {
            Tok::Ident(name) => {
                if let Some(func) = AggFunc::from_name(&name)
                    && self.peek_at(1) != &Tok::Punct("(")
                    && self.starts_aggregate(func)
                {
                    return self.aggregate(func);
                }
                if self.peek_at(1) == &Tok::Punct("(") {
                    return self.functor();
                }
                Term::Var(name, span)
            }
            Tok::Underscore => Term::Wildcard(span),
            Tok::Str(s) => Term::Str(s, span),
            Tok::Number(n) => Term::Number(n, span),
            Tok::Unsigned(n) => Term::Unsigned(n, span),
            Tok::Float(f) => Term::Float(f, span),
            Tok::Punct("(") => {
                self.bump();
                let inner = self.term()?;
                self.expect(")")?;
                return Ok(inner);
            }
            _ => return Err(self.unexpected("a variable, `_`, a string or a number")),
        };
        self.bump();
        Ok(t)
    }

    /// Whether the aggregate keyword at the cursor starts an aggregate (rather than naming a
    /// variable): `count :` or `sum <expr> :`.
    fn starts_aggregate(&self, func: AggFunc) -> bool {
        match (func, self.peek_at(1)) {
            (_, Tok::Punct(":")) => true,
            (AggFunc::Count, _) => false,
            (
                _,
                Tok::Ident(_)
                | Tok::Number(_)
                | Tok::Unsigned(_)
                | Tok::Float(_)
                | Tok::Punct("-")
                | Tok::Punct("("),
            ) => true,
            _ => false,
        }
    }

    fn aggregate(&mut self, func: AggFunc) -> Result<Term, Diagnostic> {
        let start = self.bump().span;
        let target = if self.peek() == &Tok::Punct(":") {
            if func != AggFunc::Count {
                return Err(
                    self.unexpected(&format!("the expression `{}` aggregates", func.name()))
                );
            }
            None
        } else {
            Some(self.term()?)
        };
        self.expect(":")?;
        let (body, end) = if self.peek() == &Tok::Punct("{") {
            let open = self.bump().span;
            let alternatives = self.body()?;
            let end = self.expect("}")?;
            if alternatives.len() != 1 {
                return Err(Diagnostic::error(
                    "E0001",
                    "unsupported: a disjunction inside an aggregate; aggregate over a helper relation instead",
                    open.to(end),
                ));
            }
            let body = alternatives
                .into_iter()
                .next()
                .expect("invariant: one alternative");
            (body, end)
        } else {
            let atom = self.atom()?;
            let end = atom.span;
            (vec![Literal::Pos(atom)], end)
        };
        Ok(Term::Aggregate(Box::new(Aggregate {
            func,
            target,
            body,
            span: start.to(end),
        })))
    }

    fn functor(&mut self) -> Result<Term, Diagnostic> {
        let (name, name_span) = self.ident("a functor name")?;
        let (args, end) = self.arguments()?;
        Ok(Term::Functor {
            name,
            name_span,
            args,
            span: name_span.to(end),
        })
    }
}

fn binary(op: BinOp, left: Term, right: Term) -> Term {
    let span = left.span().to(right.span());
    Term::Binary {
        op,
        left: Box::new(left),
        right: Box::new(right),
        span,
    }
}

#[cfg(test)]
mod tests {
    use crate::syntax::ast::*;
    use crate::syntax::parser::parse_program;
    use factlog_diag::FileId;

    fn rule(text: &str) -> Rule {
        let p = parse_program(text, FileId(0)).expect("parses");
        match p.items.into_iter().next() {
            Some(Item::Rule(r)) => r,
            other => panic!("expected a rule, got {other:?}"),
        }
    }

    #[test]
    fn precedence_of_arithmetic() {
        let r = rule("h(y) :- a(x), y = 1 + x * 2 ^ 3.");
        let Literal::Cmp { right, .. } = &r.body[0][1] else {
            panic!("cmp")
        };
        let Term::Binary {
            op: BinOp::Add,
            right: mul,
            ..
        } = right
        else {
            panic!("{right:?}")
        };
        assert!(matches!(**mul, Term::Binary { op: BinOp::Mul, .. }));
    }

    #[test]
    fn aggregates_in_both_forms() {
        let r = rule("h(n, m) :- n = count : a(_), m = sum x : { b(x), x > 1 }.");
        let Literal::Cmp {
            right: Term::Aggregate(a),
            ..
        } = &r.body[0][0]
        else {
            panic!("agg")
        };
        assert_eq!(a.func, AggFunc::Count);
        let Literal::Cmp {
            right: Term::Aggregate(b),
            ..
        } = &r.body[0][1]
        else {
            panic!("agg")
        };
        assert_eq!((b.func, b.body.len()), (AggFunc::Sum, 2));
    }

    #[test]
    fn functors_and_builtins() {
        let r = rule(r#"h(s) :- a(x), s = cat(x, "!"), strlen(s) > 2, match("a.*", s)."#);
        assert_eq!(r.body[0].len(), 4);
        assert!(matches!(&r.body[0][3], Literal::Pos(a) if a.relation == "match"));
    }

    #[test]
    fn a_parenthesised_expression_is_not_a_group() {
        let r = rule("h(x) :- a(x), (x + 1) * 2 > 3.");
        assert_eq!(r.body.len(), 1);
        assert!(matches!(r.body[0][1], Literal::Cmp { op: CmpOp::Gt, .. }));
    }
}
