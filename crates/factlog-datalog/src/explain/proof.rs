//! The public shape of explanations: proof trees, why-not reasons and errors, as text values.

use std::fmt;

/// A value of a fact, as text: a symbol, or a number (signed, unsigned or float) as the engine
/// prints it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Constant {
    /// A symbol (written in double quotes in Datalog).
    Symbol(String),
    /// A number.
    Number(String),
}

impl Constant {
    /// The value's text, without quotes.
    pub fn text(&self) -> &str {
        match self {
            Constant::Symbol(s) | Constant::Number(s) => s,
        }
    }
}

impl From<&str> for Constant {
    fn from(s: &str) -> Constant {
        Constant::Symbol(s.to_string())
    }
}

/// As written in Datalog: a symbol in double quotes (`"` and `\` escaped), a number as is.
impl fmt::Display for Constant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constant::Number(n) => f.write_str(n),
            Constant::Symbol(s) => {
                f.write_str("\"")?;
                for c in s.chars() {
                    match c {
                        '"' => f.write_str("\\\"")?,
                        '\\' => f.write_str("\\\\")?,
                        '\n' => f.write_str("\\n")?,
                        c => write!(f, "{c}")?,
                    }
                }
                f.write_str("\"")
            }
        }
    }
}

/// A ground fact.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fact {
    /// The relation.
    pub relation: String,
    /// One value per column.
    pub values: Vec<Constant>,
}

/// As written in Datalog: `holds_role("andrei_kozyrev", "foreign_minister", "russia", "")`.
impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.relation)?;
        for (i, v) in self.values.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{v}")?;
        }
        f.write_str(")")
    }
}

/// An atom pattern: `None` for a column any value matches (`_` or unbound).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pattern {
    /// The relation.
    pub relation: String,
    /// One value per column.
    pub values: Vec<Option<Constant>>,
}

/// As written in Datalog, `_` for an open column: `committed_to_veto("russia", "us_draft")`.
impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.relation)?;
        for (i, v) in self.values.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match v {
                Some(v) => write!(f, "{v}")?,
                None => f.write_str("_")?,
            }
        }
        f.write_str(")")
    }
}

/// An aggregate computed by a rule instance.
#[derive(Clone, Debug, PartialEq)]
pub struct AggregateStep {
    /// The variable it binds.
    pub variable: String,
    /// Its value.
    pub value: Constant,
    /// The facts of the group it counted (every match of its body), when there are at most
    /// [`GROUP_LIMIT`]; `None` when there are more (only the value is kept then).
    pub group: Option<Vec<Fact>>,
}

/// The most facts an [`AggregateStep`] lists.
pub const GROUP_LIMIT: usize = 100;

/// How a node of a proof holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// An input tuple (iteration 0): a leaf. (A fact of the program has iteration 0 too, but
    /// is shown as a [`Step::Rule`] without premises, naming where it was written.)
    Input,
    /// The depth cut of [`Explainer::why_all`](super::Explainer::why_all) stopped here.
    Cut,
    /// Derived by a rule instance.
    Rule {
        /// The rule's index among the program's rules (one per head and body alternative, in
        /// written order, facts included).
        rule: usize,
        /// `file:line:col` of the rule.
        location: String,
        /// The named variables and their values, in the rule's variable order.
        bindings: Vec<(String, Constant)>,
        /// Proofs of the positive premises, in body order.
        premises: Vec<Proof>,
        /// Negated premises checked to be absent.
        absent: Vec<Pattern>,
        /// Aggregates computed.
        aggregates: Vec<AggregateStep>,
    },
}

/// A proof tree of one fact.
#[derive(Clone, Debug, PartialEq)]
pub struct Proof {
    /// The fact proved.
    pub fact: Fact,
    /// The iteration that first derived it.
    pub iteration: u32,
    /// How it holds.
    pub step: Step,
}

impl Proof {
    /// How a derived node is named: `rule FILE:LINE:COL`, or `fact written at FILE:LINE:COL`
    /// for a fact of the program; `None` for an input or a cut.
    pub fn caption(&self) -> Option<String> {
        let Step::Rule {
            location,
            premises,
            absent,
            ..
        } = &self.step
        else {
            return None;
        };
        Some(
            if premises.is_empty() && absent.is_empty() && self.iteration == 0 {
                format!("fact written at {location}")
            } else {
                format!("rule {location}")
            },
        )
    }

    /// The height: 0 for an input or a cut, else one more than the highest premise (1 for a
    /// fact of the program).
    pub fn height(&self) -> usize {
        match &self.step {
            Step::Input | Step::Cut => 0,
            Step::Rule { premises, .. } => {
                1 + premises.iter().map(Proof::height).max().unwrap_or(0)
            }
        }
    }
}

/// Why one rule does not derive an atom.
#[derive(Clone, Debug, PartialEq)]
pub struct WhyNot {
    /// The rule's index among the program's rules (one per head and body alternative, in
    /// written order, facts included).
    pub rule: usize,
    /// `file:line:col` of the rule.
    pub location: String,
    /// The named variables bound when the search stopped.
    pub bindings: Vec<(String, Constant)>,
    /// What fails.
    pub reason: Blocker,
}

/// The first premise of a rule that fails for an atom.
#[derive(Clone, Debug, PartialEq)]
pub enum Blocker {
    /// The rule's head cannot match the atom (a constant or repeated variable differs), or
    /// every body matches yields another head.
    Head,
    /// No fact matches this positive premise.
    Missing(Pattern),
    /// This fact holds, which a negated premise requires absent.
    Present(Fact),
    /// A comparison, constraint or aggregate of the body fails.
    Condition {
        /// The literal's index in the checked body of the rule (in evaluation order: positive
        /// atoms first, then each condition once its variables are bound).
        literal: usize,
        /// What fails, with the values it compared: `x > 0 is false (-4 > 0)`.
        text: String,
    },
}

/// Why an atom cannot be explained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExplainError {
    /// No relation has this name.
    UnknownRelation(String),
    /// The atom has another number of values than the relation's columns.
    Arity {
        /// The relation's arity.
        expected: usize,
        /// The atom's.
        found: usize,
    },
    /// A value does not read as its column's type.
    BadValue {
        /// The column's index.
        column: usize,
        /// The text.
        text: String,
    },
    /// Evaluating a rule faulted (division by zero, `to_number` of a non-number).
    Fault(String),
}

impl fmt::Display for ExplainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExplainError::UnknownRelation(r) => write!(f, "no relation `{r}`"),
            ExplainError::Arity { expected, found } => {
                write!(
                    f,
                    "the relation has {expected} columns, the atom {found} values"
                )
            }
            ExplainError::BadValue { column, text } => {
                write!(f, "`{text}` is not a value of column {column}")
            }
            ExplainError::Fault(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ExplainError {}
