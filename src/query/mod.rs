//! Answers a query atom (`opposed_without_veto_commitment(State, Draft)`) over the base and
//! standard derived relations of a fact store, and writes the answers in the output formats
//! every query feature shares. [`runtime`] answers bodies and user rules with the Datalog
//! engine; [`why`] explains an atom, down to the evidence of its base facts.

pub mod answer;
mod evidence;
mod output;
pub mod runtime;
pub mod why;

pub use evidence::{EVIDENCE_COLUMNS, with_evidence};
pub use output::{OutputFormat, answers_json, write_answers, write_rows};

use crate::datalog::ast::{Atom, Term};
use crate::diag::Diagnostic;
use crate::kb::{FactStore, RelId, Sym};
use rustc_hash::FxHashSet;

/// The answers to a query: one column per named variable, in order of first appearance, and
/// rows sorted by text.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    /// Variable names.
    pub columns: Vec<String>,
    /// Distinct bindings, sorted.
    pub rows: Vec<Vec<Sym>>,
}

/// The answers, plus warnings about the query itself.
#[derive(Debug)]
pub struct QueryOutcome {
    /// What matched.
    pub answers: Answers,
    /// Warnings (a variable that looks like a forgotten pair of quotes).
    pub warnings: Vec<Diagnostic>,
}

enum Slot {
    Const(Option<Sym>),
    Var(usize),
    Any,
}

/// A query atom resolved against the schema: its relation and what each column must match.
pub struct Pattern {
    /// The relation queried.
    pub rel: RelId,
    /// Named variables in order of first appearance.
    pub columns: Vec<String>,
    slots: Vec<Slot>,
}

impl Pattern {
    /// Resolves `atom`. Errors: unknown relation, wrong arity, a number where the schema has
    /// symbols.
    pub fn new(store: &FactStore, atom: &Atom) -> Result<Pattern, Vec<Diagnostic>> {
        let schema = store.schema();
        let Some(rel) = schema.lookup(&atom.relation) else {
            let similar = schema.similar(&atom.relation);
            let mut d = Diagnostic::error(
                "E0201",
                format!(
                    "unknown relation `{}`: expected a base or standard derived relation",
                    atom.relation
                ),
                atom.name_span,
            );
            if !similar.is_empty() {
                d = d.with_note(format!("did you mean `{}`?", similar.join("`, `")));
            }
            return Err(vec![d.with_note("`factlog stats` lists every relation")]);
        };
        let decl = schema.decl(rel);
        if atom.args.len() != decl.arity() {
            let cols: Vec<&str> = decl.columns.iter().map(|c| c.name.as_str()).collect();
            return Err(vec![Diagnostic::error(
                "E0202",
                format!(
                    "`{}` takes {} arguments ({}), found {}",
                    decl.name,
                    decl.arity(),
                    cols.join(", "),
                    atom.args.len()
                ),
                atom.span,
            )]);
        }
        let mut columns: Vec<String> = Vec::new();
        let mut slots = Vec::new();
        let mut errors = Vec::new();
        for term in &atom.args {
            slots.push(match term {
                Term::Var(name, _) => {
                    let i = columns.iter().position(|c| c == name).unwrap_or_else(|| {
                        columns.push(name.clone());
                        columns.len() - 1
                    });
                    Slot::Var(i)
                }
                Term::Wildcard(_) => Slot::Any,
                Term::Str(s, _) => Slot::Const(store.interner.get(s)),
                Term::Number(n, span) => {
                    errors.push(Diagnostic::error(
                        "E0203",
                        format!(
                            "`{}` holds symbols: expected a quoted string, found the number {n}",
                            decl.name
                        ),
                        *span,
                    ));
                    Slot::Any
                }
                other => {
                    errors.push(Diagnostic::error(
                        "E0203",
                        format!(
                            "`{}` holds symbols: expected a variable, `_` or a quoted string",
                            decl.name
                        ),
                        other.span(),
                    ));
                    Slot::Any
                }
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Pattern {
            rel,
            columns,
            slots,
        })
    }

    /// The variables' values if `tuple` matches.
    pub fn bind(&self, tuple: &[Sym]) -> Option<Vec<Sym>> {
        let mut binding: Vec<Option<Sym>> = vec![None; self.columns.len()];
        for (slot, &value) in self.slots.iter().zip(tuple) {
            match slot {
                Slot::Const(c) if *c != Some(value) => return None,
                Slot::Var(i) => match binding[*i] {
                    Some(b) if b != value => return None,
                    _ => binding[*i] = Some(value),
                },
                _ => {}
            }
        }
        binding.into_iter().collect()
    }
}

/// Matches `atom` against the store: distinct bindings of its named variables, sorted by text.
pub fn run_atom(store: &FactStore, atom: &Atom) -> Result<QueryOutcome, Vec<Diagnostic>> {
    let pattern = Pattern::new(store, atom)?;
    let seen: FxHashSet<Vec<Sym>> = store
        .relation(pattern.rel)
        .iter()
        .filter_map(|t| pattern.bind(t))
        .collect();
    let mut rows: Vec<Vec<Sym>> = seen.into_iter().collect();
    rows.sort_unstable_by(|a, b| store.interner.cmp_tuples(a, b));
    Ok(QueryOutcome {
        warnings: quote_warnings(store, atom),
        answers: Answers {
            columns: pattern.columns,
            rows,
        },
    })
}

/// A variable used once whose name is an entity id was probably meant as a constant.
pub(crate) fn quote_warnings(store: &FactStore, atom: &Atom) -> Vec<Diagnostic> {
    let entity = store.get("entity");
    let mut out = Vec::new();
    for term in &atom.args {
        let Term::Var(name, span) = term else {
            continue;
        };
        let uses = atom
            .args
            .iter()
            .filter(|t| t.var_name() == Some(name))
            .count();
        let is_entity = store
            .interner
            .get(name)
            .is_some_and(|s| entity.iter().any(|t| t[0] == s));
        if uses == 1 && is_entity {
            out.push(
                Diagnostic::warning(
                    "W0201",
                    format!("`{name}` is a variable, but \"{name}\" is also an entity id"),
                    *span,
                )
                .with_note(format!("write \"{name}\" (with quotes) to mean the entity")),
            );
        }
    }
    out
}
