//! A recursive-descent parser for factlog's Datalog (Soufflé syntax): type and relation
//! declarations, I/O directives, `#include`, facts, rules with several heads and disjunctive
//! bodies, `?-` queries, and single atoms or bodies for `factlog query`.
//!
//! Parse errors name what was expected and point at the offending token. After an error the
//! parser skips to the next item (after a `.`, or at a directive), so one file reports all its
//! syntax errors. Terms, expressions and bodies are parsed in the `parse_body` module.

use crate::syntax::ast::*;
use crate::syntax::lexer::{Tok, Token, tokenize};
use factlog_diag::{Diagnostic, FileId, Span};

/// Parses a whole program; the first syntax error stops it (the program builder recovers and
/// reports every one).
pub fn parse_program(text: &str, file: FileId) -> Result<Program, Diagnostic> {
    let (program, mut errors) = parse_program_recovering(text, file);
    if errors.is_empty() {
        Ok(program)
    } else {
        Err(errors.swap_remove(0))
    }
}

/// Parses a whole program, recovering at item boundaries: every item that parsed, and every
/// syntax error in source order.
pub fn parse_program_recovering(text: &str, file: FileId) -> (Program, Vec<Diagnostic>) {
    let (tokens, mut errors) = tokenize(text, file);
    let mut p = Parser { tokens, pos: 0 };
    let mut items = Vec::new();
    while p.peek() != &Tok::Eof {
        match p.item(&mut items) {
            Ok(()) => {}
            Err(d) => {
                errors.push(d);
                p.synchronize();
            }
        }
    }
    errors.sort_by_key(|d| match d.location {
        factlog_diag::Location::Span(s) => s.start,
        _ => 0,
    });
    (Program { items }, errors)
}

/// Parses one atom, as typed at `factlog query` (a trailing `.` is allowed).
pub fn parse_atom(text: &str, file: FileId) -> Result<Atom, Diagnostic> {
    let (tokens, mut errors) = tokenize(text, file);
    if !errors.is_empty() {
        return Err(errors.swap_remove(0));
    }
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

/// Parses a query body as typed at `factlog query` or a REPL (`?-` and a trailing `.` are
/// optional): several literals, negation, comparisons, disjunction, aggregates.
pub fn parse_query(text: &str, file: FileId) -> Result<Query, Diagnostic> {
    let (tokens, mut errors) = tokenize(text, file);
    if !errors.is_empty() {
        return Err(errors.swap_remove(0));
    }
    let mut p = Parser { tokens, pos: 0 };
    let start = p.span();
    if p.peek() == &Tok::Punct("?-") {
        p.bump();
    }
    let body = p.body()?;
    let mut end = p.tokens[p.pos.saturating_sub(1)].span;
    if p.peek() == &Tok::Punct(".") {
        end = p.bump().span;
    }
    if p.peek() != &Tok::Eof {
        return Err(p.unexpected("`,`, `;` or the end of the query"));
    }
    Ok(Query {
        body,
        span: start.to(end),
    })
}

/// The parser's state: the tokens and the current position.
pub(super) struct Parser {
    pub(super) tokens: Vec<Token>,
    pub(super) pos: usize,
}

impl Parser {
    pub(super) fn peek(&self) -> &Tok {
        &self.tokens[self.pos].tok
    }

    pub(super) fn peek_at(&self, n: usize) -> &Tok {
        let i = (self.pos + n).min(self.tokens.len() - 1);
        &self.tokens[i].tok
    }

    pub(super) fn span(&self) -> Span {
        self.tokens[self.pos].span
    }

    pub(super) fn bump(&mut self) -> Token {
        let t = self.tokens[self.pos].clone();
        if t.tok != Tok::Eof {
            self.pos += 1;
        }
        t
    }

    pub(super) fn unexpected(&self, expected: &str) -> Diagnostic {
        let found = match self.peek() {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Underscore => "`_`".into(),
            Tok::Str(s) => format!("string \"{s}\""),
            Tok::Number(n) => format!("number {n}"),
            Tok::Unsigned(n) => format!("number {n}u"),
            Tok::Float(f) => format!("number {f}"),
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

    pub(super) fn expect(&mut self, p: &'static str) -> Result<Span, Diagnostic> {
        if self.peek() == &Tok::Punct(p) {
            Ok(self.bump().span)
        } else {
            Err(self.unexpected(&format!("`{p}`")))
        }
    }

    pub(super) fn ident(&mut self, what: &str) -> Result<(String, Span), Diagnostic> {
        match self.peek().clone() {
            Tok::Ident(s) => Ok((s, self.bump().span)),
            _ => Err(self.unexpected(what)),
        }
    }

    /// Skips to the start of the next item after a syntax error.
    fn synchronize(&mut self) {
        loop {
            match self.peek() {
                Tok::Eof | Tok::Directive(_) | Tok::Include => return,
                Tok::Punct(".") => {
                    self.bump();
                    return;
                }
                _ => {
                    self.bump();
                }
            }
        }
    }

    fn item(&mut self, items: &mut Vec<Item>) -> Result<(), Diagnostic> {
        let start = self.span();
        match self.peek().clone() {
            Tok::Directive(d) => {
                self.bump();
                match d.as_str() {
                    "type" => items.push(self.type_decl(start)?),
                    "decl" => items.push(self.decl(start)?),
                    "input" => self.directive(start, DirectiveKind::Input, items)?,
                    "output" => self.directive(start, DirectiveKind::Output, items)?,
                    "printsize" => self.directive(start, DirectiveKind::PrintSize, items)?,
                    other => {
                        return Err(Diagnostic::error(
                            "E0001",
                            format!(
                                "unsupported directive `.{other}`: expected .decl, .type, .input, .output or .printsize"
                            ),
                            start,
                        ));
                    }
                }
            }
            Tok::Include => {
                self.bump();
                match self.peek().clone() {
                    Tok::Str(path) => {
                        let end = self.bump().span;
                        items.push(Item::Include(path, start.to(end)));
                    }
                    _ => return Err(self.unexpected("a quoted file name")),
                }
            }
            Tok::Punct("?-") => {
                self.bump();
                let body = self.body()?;
                let end = self
                    .expect(".")
                    .map_err(|_| self.unexpected("`,`, `;` or `.`"))?;
                items.push(Item::Query(Query {
                    body,
                    span: start.to(end),
                }));
            }
            Tok::Ident(_) => items.push(self.rule(start)?),
            _ => return Err(self.unexpected("a declaration, a directive or a rule")),
        }
        Ok(())
    }

    fn type_name(&mut self) -> Result<(String, Span), Diagnostic> {
        self.ident("a type name")
    }

    fn type_decl(&mut self, start: Span) -> Result<Item, Diagnostic> {
        let (name, _) = self.type_name()?;
        let (def, end) = match self.peek() {
            Tok::Punct("<:") => {
                self.bump();
                let (base, end) = self.type_name()?;
                (TypeDef::Subtype(base), end)
            }
            Tok::Punct("=") => {
                self.bump();
                let (first, mut end) = self.type_name()?;
                let mut names = vec![first];
                while self.peek() == &Tok::Punct("|") {
                    self.bump();
                    let (n, e) = self.type_name()?;
                    names.push(n);
                    end = e;
                }
                (TypeDef::Equal(names), end)
            }
            _ => return Err(self.unexpected("`<:` or `=`")),
        };
        Ok(Item::Type(TypeDecl {
            name,
            def,
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
        // Soufflé's representation hints change nothing here.
        while let Tok::Ident(q) = self.peek() {
            match q.as_str() {
                "btree" | "brie" | "btree_delete" => {
                    self.bump();
                }
                "eqrel" => {
                    return Err(Diagnostic::error(
                        "E0001",
                        "unsupported qualifier `eqrel`: write the equivalence rules out",
                        self.span(),
                    ));
                }
                _ => break,
            }
        }
        Ok(Item::Decl(Decl {
            name,
            columns,
            span: start.to(end),
        }))
    }

    fn directive(
        &mut self,
        start: Span,
        kind: DirectiveKind,
        items: &mut Vec<Item>,
    ) -> Result<(), Diagnostic> {
        loop {
            let (relation, name_span) = self.ident("a relation name")?;
            let mut end = name_span;
            let mut params = Vec::new();
            if self.peek() == &Tok::Punct("(") {
                self.bump();
                while self.peek() != &Tok::Punct(")") {
                    let (key, _) = self.ident("a parameter name")?;
                    self.expect("=")?;
                    let value = match self.peek().clone() {
                        Tok::Str(s) | Tok::Ident(s) => s,
                        Tok::Number(n) => n.to_string(),
                        _ => return Err(self.unexpected("a parameter value")),
                    };
                    self.bump();
                    params.push((key, value));
                    match self.peek() {
                        Tok::Punct(",") => {
                            self.bump();
                        }
                        Tok::Punct(")") => {}
                        _ => return Err(self.unexpected("`,` or `)`")),
                    }
                }
                end = self.expect(")")?;
            }
            items.push(Item::Directive(Directive {
                kind,
                relation,
                name_span,
                params,
                span: start.to(end),
            }));
            if self.peek() == &Tok::Punct(",") {
                self.bump();
            } else {
                return Ok(());
            }
        }
    }

    fn rule(&mut self, start: Span) -> Result<Item, Diagnostic> {
        let mut heads = vec![self.atom()?];
        while self.peek() == &Tok::Punct(",") {
            self.bump();
            heads.push(self.atom()?);
        }
        let body = if self.peek() == &Tok::Punct(":-") {
            self.bump();
            Some(self.body()?)
        } else {
            None
        };
        let end = self.expect(".").map_err(|_| {
            self.unexpected(match (&body, heads.len()) {
                (None, 1) => "`.` or `:-`",
                (None, _) => "`,`, `.` or `:-`",
                (Some(_), _) => "`,` or `.`",
            })
        })?;
        Ok(Item::Rule(Rule {
            heads,
            body: body.unwrap_or_else(|| vec![Vec::new()]),
            span: start.to(end),
        }))
    }

    /// `( term, ... )`: the arguments of an atom or functor, and the span of the `)`.
    pub(super) fn arguments(&mut self) -> Result<(Vec<Term>, Span), Diagnostic> {
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
        Ok((args, end))
    }

    pub(super) fn atom(&mut self) -> Result<Atom, Diagnostic> {
        let (relation, name_span) = self.ident("a relation name")?;
        let (args, end) = self.arguments()?;
        Ok(Atom {
            relation,
            name_span,
            args,
            span: name_span.to(end),
        })
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
            factlog_diag::Location::Span(Span::new(f(), 9, 10))
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
        assert_eq!(r.body[0].len(), 4);
        assert!(matches!(r.body[0][1], Literal::Neg(_)));
        assert!(matches!(r.body[0][3], Literal::Cmp { op: CmpOp::Lt, .. }));
    }

    #[test]
    fn disjunction_expands_into_alternative_bodies() {
        let p = parse_program("h(x), g(x) :- a(x), (b(x) ; c(x)), d(x).", f()).expect("parses");
        let Item::Rule(r) = &p.items[0] else {
            panic!("expected a rule")
        };
        assert_eq!(r.heads.len(), 2);
        assert_eq!(r.body.len(), 2);
        assert_eq!(r.body[1].len(), 3);
    }

    #[test]
    fn several_syntax_errors_are_reported() {
        let (p, errors) = parse_program_recovering("a(x :- b(x).\nok(1).\nc(x) :- .\n", f());
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(p.items.len(), 1);
    }

    #[test]
    fn parses_a_query_body() {
        let q = parse_query("?- a(x), x > 1 + 2 * 3.", f()).expect("parses");
        assert_eq!(q.body[0].len(), 2);
    }
}
