//! The checked program: relations resolved to dense ids, variables to slots, every expression
//! typed. Produced by [`crate::check`], read by stratification, planning and both evaluators.
//!
//! Symbol constants stay text here; they become words when a program is linked to the symbol
//! table of one evaluation.

use crate::syntax::ast::{AggFunc, BinOp, CmpOp, DirectiveKind};
use crate::value::{Kind, Word};
use factlog_diag::Span;
use regex::Regex;
use std::sync::Arc;

/// A relation's index in a checked program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelId(pub u32);

impl RelId {
    /// The id as an index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A variable's slot in a rule.
pub type VarId = usize;

/// A declared column.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Its name.
    pub name: String,
    /// Its declared type's name.
    pub ty: String,
    /// Its primitive kind.
    pub kind: Kind,
}

/// A declared relation.
#[derive(Clone, Debug)]
pub struct RelationInfo {
    /// Its name (for a query's answer relation, `?-` and its number).
    pub name: String,
    /// Its columns.
    pub columns: Vec<Column>,
    /// The declaration (or the query).
    pub span: Span,
    /// Whether it holds the answers of a `?-` query rather than a declared relation.
    pub is_query: bool,
}

impl RelationInfo {
    /// The number of columns.
    pub fn arity(&self) -> usize {
        self.columns.len()
    }

    /// The kinds of the columns.
    pub fn kinds(&self) -> Vec<Kind> {
        self.columns.iter().map(|c| c.kind).collect()
    }
}

/// A constant: a symbol's text, or a numeric word.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    /// A symbol, interned when the program is linked.
    Sym(String),
    /// A number, unsigned or float, already encoded.
    Word(Word),
}

/// A built-in functor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Functor {
    /// `cat(s, ...)`
    Cat,
    /// `strlen(s)` (in characters)
    Strlen,
    /// `substr(s, start, length)` (0-based, in characters)
    Substr,
    /// `to_number(s)`
    ToNumber,
    /// `to_string(x)` of a value of this kind
    ToString(Kind),
    /// `to_float(x)` of a value of this kind
    ToFloat(Kind),
    /// `to_unsigned(x)` of a value of this kind
    ToUnsigned(Kind),
    /// `min(a, b)` of this kind
    Min(Kind),
    /// `max(a, b)` of this kind
    Max(Kind),
    /// `abs(a)` of this kind
    Abs(Kind),
}

/// A typed expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A variable's value.
    Var(VarId),
    /// A constant.
    Const(Const),
    /// Arithmetic on two operands of `kind`.
    Binary {
        /// The operator.
        op: BinOp,
        /// The operands' and result's kind.
        kind: Kind,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `-e` of `kind`.
    Negate(Kind, Box<Expr>),
    /// A functor call.
    Call(Functor, Vec<Expr>),
}

impl Expr {
    /// Adds the variables the expression reads to `out`.
    pub fn vars(&self, out: &mut Vec<VarId>) {
        match self {
            Expr::Var(v) => out.push(*v),
            Expr::Const(_) => {}
            Expr::Binary { left, right, .. } => {
                left.vars(out);
                right.vars(out);
            }
            Expr::Negate(_, e) => e.vars(out),
            Expr::Call(_, args) => args.iter().for_each(|a| a.vars(out)),
        }
    }
}

/// An argument of a body atom.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// A variable.
    Var(VarId),
    /// A constant.
    Const(Const),
    /// `_`
    Wild,
}

/// A string built-in constraint.
#[derive(Clone, Debug)]
pub enum Builtin {
    /// `match(pattern, text)`: the whole text matches the regex; a constant pattern is
    /// compiled once, at check time.
    Match(Option<Arc<Regex>>),
    /// `contains(needle, haystack)`.
    Contains,
}

/// A literal of a checked rule body, in an order in which each is evaluable.
#[derive(Clone, Debug)]
pub enum Lit {
    /// A positive atom: binds its variables.
    Atom {
        /// The relation.
        rel: RelId,
        /// One per column.
        args: Vec<Arg>,
    },
    /// A negated atom: every variable is bound before.
    Neg {
        /// The relation.
        rel: RelId,
        /// One per column.
        args: Vec<Arg>,
    },
    /// A comparison of two bound expressions of `kind`.
    Cmp {
        /// The operator.
        op: CmpOp,
        /// The operands' kind.
        kind: Kind,
        /// Left.
        left: Expr,
        /// Right.
        right: Expr,
    },
    /// `var = expr`, binding `var`.
    Assign {
        /// The bound variable.
        var: VarId,
        /// Its value.
        expr: Expr,
    },
    /// `match(..)`/`contains(..)`, possibly negated.
    Builtin {
        /// Which.
        builtin: Builtin,
        /// `!match(..)`
        negated: bool,
        /// The two arguments.
        args: [Expr; 2],
    },
    /// `var = func target : { body }`, binding `var`.
    Aggregate {
        /// The bound variable.
        var: VarId,
        /// The function.
        func: AggFunc,
        /// The kind of `target` (number for `count`).
        kind: Kind,
        /// The aggregated expression.
        target: Option<Expr>,
        /// The body, over relations of lower strata.
        body: Vec<Lit>,
        /// Variables of the aggregate bound outside it (they group the aggregate).
        injected: Vec<VarId>,
    },
}

impl Lit {
    /// The relations the literal reads, with whether the dependency is negative (negation or
    /// aggregation).
    pub fn dependencies(&self, out: &mut Vec<(RelId, bool)>) {
        match self {
            Lit::Atom { rel, .. } => out.push((*rel, false)),
            Lit::Neg { rel, .. } => out.push((*rel, true)),
            Lit::Aggregate { body, .. } => {
                let mut inner = Vec::new();
                body.iter().for_each(|l| l.dependencies(&mut inner));
                out.extend(inner.into_iter().map(|(r, _)| (r, true)));
            }
            Lit::Cmp { .. } | Lit::Assign { .. } | Lit::Builtin { .. } => {}
        }
    }
}

/// A checked rule with one head and one conjunctive body.
#[derive(Clone, Debug)]
pub struct IrRule {
    /// The derived relation.
    pub head: RelId,
    /// One expression per head column.
    pub head_args: Vec<Expr>,
    /// The body, in an evaluable order.
    pub body: Vec<Lit>,
    /// Variable names (generated ones start with `#`), indexed by [`VarId`].
    pub vars: Vec<String>,
    /// The kind of each variable.
    pub var_kinds: Vec<Kind>,
    /// The rule as written.
    pub span: Span,
}

/// A checked I/O directive.
#[derive(Clone, Debug)]
pub struct IoDirective {
    /// Which directive.
    pub kind: DirectiveKind,
    /// The relation.
    pub rel: RelId,
    /// Its parameters.
    pub params: Vec<(String, String)>,
    /// Where it was written.
    pub span: Span,
}

impl IoDirective {
    /// The value of parameter `key`.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A checked `?-` query: its answer relation and the names of its columns.
#[derive(Clone, Debug)]
pub struct QueryInfo {
    /// The hidden relation its rules derive.
    pub rel: RelId,
    /// The named variables, in order of first appearance.
    pub columns: Vec<String>,
    /// Where it was written.
    pub span: Span,
}
