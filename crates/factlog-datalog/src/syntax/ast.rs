//! The syntax tree of a Datalog program, every node carrying the [`Span`] it was parsed from.
//!
//! Owns only the shape of programs; it knows nothing of how they are checked or evaluated.
//! Disjunctions in rule bodies are already expanded by the parser: a rule body is a list of
//! alternative conjunctions.

use factlog_diag::Span;

/// A binary arithmetic operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `^` (power)
    Pow,
}

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::Pow => "^",
        }
    }
}

/// An aggregate function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AggFunc {
    /// `count : { ... }`: the number of distinct matches of the body.
    Count,
    /// `sum e : { ... }`
    Sum,
    /// `min e : { ... }`
    Min,
    /// `max e : { ... }`
    Max,
    /// `mean e : { ... }` (a float)
    Mean,
}

impl AggFunc {
    /// The function's keyword.
    pub fn name(self) -> &'static str {
        match self {
            AggFunc::Count => "count",
            AggFunc::Sum => "sum",
            AggFunc::Min => "min",
            AggFunc::Max => "max",
            AggFunc::Mean => "mean",
        }
    }

    /// The function named `name`, if it is an aggregate keyword.
    pub fn from_name(name: &str) -> Option<AggFunc> {
        Some(match name {
            "count" => AggFunc::Count,
            "sum" => AggFunc::Sum,
            "min" => AggFunc::Min,
            "max" => AggFunc::Max,
            "mean" => AggFunc::Mean,
            _ => return None,
        })
    }
}

/// An aggregate term: `count : { B(x, _) }`, `sum y : B(_, y)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    /// The function.
    pub func: AggFunc,
    /// The aggregated expression (absent for `count`).
    pub target: Option<Term>,
    /// The aggregate's body: one conjunction.
    pub body: Vec<Literal>,
    /// The whole aggregate.
    pub span: Span,
}

/// A term in an atom, a comparison or an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    /// A named variable (`State`, `x`).
    Var(String, Span),
    /// The anonymous wildcard `_`.
    Wildcard(Span),
    /// A string constant (`"russia"`).
    Str(String, Span),
    /// An integer constant (`42`, `0x2A`, `0b101010`), typed by its context.
    Number(i64, Span),
    /// An unsigned constant (`42u`).
    Unsigned(u64, Span),
    /// A float constant (`1.5`).
    Float(f64, Span),
    /// `left op right`.
    Binary {
        /// The operator.
        op: BinOp,
        /// Left operand.
        left: Box<Term>,
        /// Right operand.
        right: Box<Term>,
        /// The whole expression.
        span: Span,
    },
    /// `-e`
    Negate(Box<Term>, Span),
    /// A functor call `cat(a, b)`.
    Functor {
        /// The functor's name.
        name: String,
        /// Where the name was written.
        name_span: Span,
        /// Its arguments.
        args: Vec<Term>,
        /// The whole call.
        span: Span,
    },
    /// An aggregate.
    Aggregate(Box<Aggregate>),
}

impl Term {
    /// Where the term was written.
    pub fn span(&self) -> Span {
        match self {
            Term::Var(_, s)
            | Term::Wildcard(s)
            | Term::Str(_, s)
            | Term::Number(_, s)
            | Term::Unsigned(_, s)
            | Term::Float(_, s)
            | Term::Negate(_, s) => *s,
            Term::Binary { span, .. } | Term::Functor { span, .. } => *span,
            Term::Aggregate(a) => a.span,
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// One literal of a rule body.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// A positive atom (or the built-in constraints `match(re, s)` and `contains(a, b)`).
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

impl Literal {
    /// Where the literal was written.
    pub fn span(&self) -> Span {
        match self {
            Literal::Pos(a) | Literal::Neg(a) => a.span,
            Literal::Cmp { span, .. } => *span,
        }
    }
}

/// A rule `h1(..), h2(..) :- body.`; a fact is a rule with one empty body.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// The derived atoms (usually one).
    pub heads: Vec<Atom>,
    /// The alternative bodies (a disjunction of conjunctions); `[[]]` for a fact.
    pub body: Vec<Vec<Literal>>,
    /// The whole rule, for file:line references.
    pub span: Span,
}

/// A query `?- body.`: the answers are the bindings of its named variables.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// The alternative bodies.
    pub body: Vec<Vec<Literal>>,
    /// The whole query.
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

/// How a `.type` is defined.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeDef {
    /// `.type T <: base`: a subtype.
    Subtype(String),
    /// `.type T = A` (an alias) or `.type T = A | B` (a union).
    Equal(Vec<String>),
}

/// `.type Name <: base`, `.type Name = base` or `.type Name = A | B`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDecl {
    /// The new type's name.
    pub name: String,
    /// Its definition.
    pub def: TypeDef,
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
    /// Where the relation's name was written.
    pub name_span: Span,
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
    /// `?- body.`
    Query(Query),
}

/// A parsed program: its items in written order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Program {
    /// Items in source order.
    pub items: Vec<Item>,
}
