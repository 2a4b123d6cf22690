//! A recursive-descent parser for factlog's Datalog (Soufflé syntax): declarations, I/O
//! directives, `#include`, facts and rules with positive and negated atoms and comparisons,
//! and single atoms for `factlog query`.
//!
//! Parse errors name what was expected and point at the offending token.

use super::ast::*;
use super::lexer::{Tok, Token, tokenize};
use crate::diag::{Diagnostic, FileId, Span};

/// Parses a whole program. The first syntax error stops the parse.
pub fn parse_program(text: &str, file: FileId) -> Result<Program, Diagnostic> {
    let tokens = tokenize(text, file)?;
    let mut p = Parser { tokens, pos: 0 };
    let mut items = Vec::new();
    while p.peek() != &Tok::Eof {
        items.push(p.item()?);
    }
    Ok(Program { items })
}

/// Parses one atom, as typed at `factlog query` (a trailing `.` is allowed).
pub fn parse_atom(text: &str, file: FileId) -> Result<Atom, Diagnostic> {
    let tokens = tokenize(text, file)?;
    let mut p = Parser { tokens, pos: 0 };
    let atom = p.atom()?;
    if p.peek() == &Tok::Punct(".") {
        p.bump();
    }
    if p.peek() != &Tok::Eof {
        return Err(p.unexpected("the end of the query"));
    }
    Ok(atom)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.tokens[self.pos].tok
    }

    fn span(&self) -> Span {
        self.tokens[self.pos].span
    }

    fn bump(&mut self) -> Token {
        let t = self.tokens[self.pos].clone();
        if t.tok != Tok::Eof {
            self.pos += 1;
        }
        t
    }

    fn unexpected(&self, expected: &str) -> Diagnostic {
        let found = match self.peek() {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Underscore => "`_`".into(),
            Tok::Str(s) => format!("string \"{s}\""),
            Tok::Number(n) => format!("number {n}"),
            Tok::Directive(d) => format!("`.{d}`"),
            Tok::Include => "`#include`".into(),
            Tok::Punct(p) => format!("`{p}`"),
            Tok::Eof => "the end of the input".into(),
        };
        Diagnostic::error(
            "E0001",
            format!("syntax error: expected {expected}, found {found}"),
            self.span(),
        )
    }

    fn expect(&mut self, p: &'static str) -> Result<Span, Diagnostic> {
        if self.peek() == &Tok::Punct(p) {
            Ok(self.bump().span)
        } else {
            Err(self.unexpected(&format!("`{p}`")))
        }
    }

    fn ident(&mut self, what: &str) -> Result<(String, Span), Diagnostic> {
        match self.peek().clone() {
            Tok::Ident(s) => Ok((s, self.bump().span)),
            _ => Err(self.unexpected(what)),
        }
    }

    fn item(&mut self) -> Result<Item, Diagnostic> {
        let start = self.span();
        match self.peek().clone() {
            Tok::Directive(d) => {
                self.bump();
                match d.as_str() {
                    "type" => self.type_decl(start),
                    "decl" => self.decl(start),
                    "input" => self.directive(start, DirectiveKind::Input),
                    "output" => self.directive(start, DirectiveKind::Output),
                    "printsize" => self.directive(start, DirectiveKind::PrintSize),
                    other => Err(Diagnostic::error(
                        "E0001",
                        format!(
                            "unknown directive `.{other}`: expected .decl, .type, .input, .output or .printsize"
                        ),
                        start,
                    )),
                }
            }
            Tok::Include => {
                self.bump();
                match self.peek().clone() {
                    Tok::Str(path) => {
                        let end = self.bump().span;
                        Ok(Item::Include(path, start.to(end)))
                    }
                    _ => Err(self.unexpected("a quoted file name")),
                }
            }
            Tok::Ident(_) => self.rule(start),
            _ => Err(self.unexpected("a declaration, a directive or a rule")),
        }
    }

    fn type_decl(&mut self, start: Span) -> Result<Item, Diagnostic> {
        let (name, _) = self.ident("a type name")?;
        if !matches!(self.peek(), Tok::Punct("<:") | Tok::Punct("=")) {
            return Err(self.unexpected("`<:` or `=`"));
        }
        self.bump();
        let (base, end) = self.ident("a base type")?;
        Ok(Item::Type(TypeDecl {
            name,
            base,
            span: start.to(end),
        }))
    }

    fn decl(&mut self, start: Span) -> Result<Item, Diagnostic> {
        let (name, _) = self.ident("a relation name")?;
        self.expect("(")?;
        let mut columns = Vec::new();
        if self.peek() != &Tok::Punct(")") {
            loop {
                let (col, col_span) = self.ident("a column name")?;
                self.expect(":")?;
                let (ty, ty_span) = self.ident("a type")?;
                columns.push(ColumnDecl {
                    name: col,
                    ty,
                    span: col_span.to(ty_span),
                });
                if self.peek() == &Tok::Punct(",") {
                    self.bump();
                } else {
                    break;
                }
            }
        }
        let end = self.expect(")")?;
        Ok(Item::Decl(Decl {
            name,
            columns,
            span: start.to(end),
        }))
    }

    fn directive(&mut self, start: Span, kind: DirectiveKind) -> Result<Item, Diagnostic> {
        let (relation, mut end) = self.ident("a relation name")?;
        let mut params = Vec::new();
        if self.peek() == &Tok::Punct("(") {
            self.bump();
            while self.peek() != &Tok::Punct(")") {
                let (key, _) = self.ident("a parameter name")?;
                self.expect("=")?;
                let value = match self.peek().clone() {
                    Tok::Str(s) | Tok::Ident(s) => s,
                    _ => return Err(self.unexpected("a parameter value")),
                };
                self.bump();
                params.push((key, value));
                if self.peek() == &Tok::Punct(",") {
                    self.bump();
                }
            }
            end = self.expect(")")?;
        }
        Ok(Item::Directive(Directive {
            kind,
            relation,
            params,
            span: start.to(end),
        }))
    }

    fn rule(&mut self, start: Span) -> Result<Item, Diagnostic> {
        let head = self.atom()?;
        let mut body = Vec::new();
        if self.peek() == &Tok::Punct(":-") {
            self.bump();
            loop {
                body.push(self.literal()?);
                if self.peek() == &Tok::Punct(",") {
                    self.bump();
                } else {
                    break;
                }
            }
        }
        let end = self.expect(".").map_err(|_| {
            self.unexpected(if body.is_empty() {
                "`.` or `:-`"
            } else {
                "`,` or `.`"
            })
        })?;
        Ok(Item::Rule(Rule {
            head,
            body,
            span: start.to(end),
        }))
    }

    fn literal(&mut self) -> Result<Literal, Diagnostic> {
        let start = self.span();
        if self.peek() == &Tok::Punct("!") {
            self.bump();
            let atom = self.atom()?;
            return Ok(Literal::Neg(atom));
        }
        let is_atom = matches!(self.peek(), Tok::Ident(_))
            && self.tokens.get(self.pos + 1).map(|t| &t.tok) == Some(&Tok::Punct("("));
        if is_atom {
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

    fn atom(&mut self) -> Result<Atom, Diagnostic> {
        let (relation, name_span) = self.ident("a relation name")?;
        self.expect("(")?;
        let mut args = Vec::new();
        if self.peek() != &Tok::Punct(")") {
            loop {
                args.push(self.term()?);
                match self.peek() {
                    Tok::Punct(",") => {
                        self.bump();
                    }
                    Tok::Punct(")") => break,
                    _ => return Err(self.unexpected("`,` or `)`")),
                }
            }
        }
        let end = self.expect(")")?;
        Ok(Atom {
            relation,
            name_span,
            args,
            span: name_span.to(end),
        })
    }

    fn term(&mut self) -> Result<Term, Diagnostic> {
        let t = match self.peek().clone() {
            Tok::Ident(name) => Term::Var(name, self.span()),
            Tok::Underscore => Term::Wildcard(self.span()),
            Tok::Str(s) => Term::Str(s, self.span()),
            Tok::Number(n) => Term::Number(n, self.span()),
            Tok::Punct("-") => {
                let start = self.bump().span;
                return match self.peek().clone() {
                    Tok::Number(n) => Ok(Term::Number(-n, start.to(self.bump().span))),
                    _ => Err(self.unexpected("a number")),
                };
            }
            _ => {
                return Err(self.unexpected("a variable, `_`, a string or a number"));
            }
        };
        self.bump();
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f() -> FileId {
        FileId(0)
    }

    #[test]
    fn parses_an_atom_with_constants_variables_and_wildcards() {
        let a = parse_atom(r#"stance(X, "us_draft", _, 3)"#, f()).expect("parses");
        assert_eq!(a.relation, "stance");
        assert_eq!(a.args.len(), 4);
        assert_eq!(a.args[0].var_name(), Some("X"));
        assert!(matches!(&a.args[1], Term::Str(s, _) if s == "us_draft"));
        assert!(matches!(a.args[2], Term::Wildcard(_)));
        assert!(matches!(a.args[3], Term::Number(3, _)));
    }

    #[test]
    fn an_error_points_at_the_column_of_the_bad_token() {
        let e = parse_atom("stance(X Y)", f()).expect_err("fails");
        assert_eq!(
            e.location,
            crate::diag::Location::Span(Span::new(f(), 9, 10))
        );
        assert!(
            e.message.contains("expected `,` or `)`, found `Y`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn parses_rules_with_negation_and_comparisons() {
        let p = parse_program(
            "// c\n.decl a(x: symbol)\nh(x) :- a(x), !b(x), x != \"\", x < y.\n",
            f(),
        )
        .expect("parses");
        assert_eq!(p.items.len(), 2);
        let Item::Rule(r) = &p.items[1] else {
            panic!("expected a rule")
        };
        assert_eq!(r.body.len(), 4);
        assert!(matches!(r.body[1], Literal::Neg(_)));
        assert!(matches!(r.body[3], Literal::Cmp { op: CmpOp::Lt, .. }));
    }
}
