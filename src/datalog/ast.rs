//! The syntax tree of a Datalog program, every node carrying the [`Span`] it was parsed from.
//!
//! Owns only the shape of programs; it knows nothing of how they are checked or evaluated.

use crate::diag::Span;

/// A term in an atom or comparison.
#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    /// A named variable (`State`, `x`).
    Var(String, Span),
    /// The anonymous wildcard `_`.
    Wildcard(Span),
    /// A string constant (`"russia"`).
    Str(String, Span),
    /// An integer constant (`42`).
    Number(i64, Span),
}

impl Term {
    /// Where the term was written.
    pub fn span(&self) -> Span {
        match self {
            Term::Var(_, s) | Term::Wildcard(s) | Term::Str(_, s) | Term::Number(_, s) => *s,
        }
    }

    /// The variable's name, when the term is a named variable.
    pub fn var_name(&self) -> Option<&str> {
        match self {
            Term::Var(name, _) => Some(name),
            _ => None,
        }
    }
}

/// A relation applied to terms: `stance(X, "us_draft", "oppose", _)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Atom {
    /// The relation's name.
    pub relation: String,
    /// Where the relation's name was written.
    pub name_span: Span,
    /// The arguments, in column order.
    pub args: Vec<Term>,
    /// The whole atom.
    pub span: Span,
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// One literal of a rule body.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// A positive atom.
    Pos(Atom),
    /// A negated atom `!A(..)`.
    Neg(Atom),
    /// A comparison `x < y`.
    Cmp {
        /// Left operand.
        left: Term,
        /// The operator.
        op: CmpOp,
        /// Right operand.
        right: Term,
        /// The whole comparison.
        span: Span,
    },
}

/// A rule `head :- body.`; a fact is a rule with an empty body.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// The derived atom.
    pub head: Atom,
    /// The premises, in written order.
    pub body: Vec<Literal>,
    /// The whole rule, for file:line references.
    pub span: Span,
}

/// A column of a relation declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnDecl {
    /// Column name.
    pub name: String,
    /// Declared type name (`symbol`, `number`, or a `.type`).
    pub ty: String,
    /// Where it was written.
    pub span: Span,
}

/// `.decl name(col: type, ...)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Decl {
    /// Relation name.
    pub name: String,
    /// Columns in order.
    pub columns: Vec<ColumnDecl>,
    /// The whole declaration.
    pub span: Span,
}

/// `.type Name <: base` or `.type Name = base`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDecl {
    /// The new type's name.
    pub name: String,
    /// The type it refines.
    pub base: String,
    /// The whole declaration.
    pub span: Span,
}

/// An I/O directive (`.input R`, `.output R`, `.printsize R`).
#[derive(Clone, Debug, PartialEq)]
pub struct Directive {
    /// Which directive.
    pub kind: DirectiveKind,
    /// The relation it applies to.
    pub relation: String,
    /// Parameters given in parentheses (`IO=file`, `filename="x.csv"`), in written order.
    pub params: Vec<(String, String)>,
    /// The whole directive.
    pub span: Span,
}

/// The kind of an I/O directive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectiveKind {
    /// `.input`
    Input,
    /// `.output`
    Output,
    /// `.printsize`
    PrintSize,
}

/// One top-level item of a program.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// `.type`
    Type(TypeDecl),
    /// `.decl`
    Decl(Decl),
    /// `.input` / `.output` / `.printsize`
    Directive(Directive),
    /// `#include "file.dl"`
    Include(String, Span),
    /// A fact or rule.
    Rule(Rule),
}

/// A parsed program: its items in written order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Program {
    /// Items in source order.
    pub items: Vec<Item>,
}
