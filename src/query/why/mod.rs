//! Why and why-not over a knowledge base: evaluates the standard rules of `queries/stance.dl`
//! and the user's rules with the runtime engine over the base facts (so that every derived
//! fact has an iteration and a rule to name), then explains an atom with
//! [`crate::datalog::Explainer`] and attaches the provenance of each base fact the proofs
//! reach: origin, source, outlet, date, span, and the sentence when the article is at hand.
//!
//! The standard relations are explained with the rules of `queries/stance.dl`, which the
//! agreement tests tie to the compiled ones; user rules may not redefine them.

mod evidence;
mod render;

pub use evidence::Evidence;
pub use render::{to_json, write_json, write_text};

use super::runtime::{KbProgram, RuleFiles, standard_program, store_inputs};
use crate::article::ArticleLibrary;
use crate::datalog::ast::{Atom, Term};
use crate::datalog::{
    EvalOptions, ExplainError, Explainer, Fact, Failure, Model, Pattern, Program, Proof, Step,
    WhyNot, parse_atom,
};
use crate::diag::{Diagnostic, SourceMap, similar_names};
use crate::kb::{FactStore, RelationKind};
use std::collections::BTreeMap;

/// What to explain and how much.
#[derive(Clone, Copy, Debug)]
pub struct WhyRequest {
    /// Every proof (up to `limit`), not only the one of least height.
    pub all: bool,
    /// Cut proofs below this many rule steps (`None`: whole trees).
    pub depth: Option<usize>,
    /// The most proofs listed per answer with `all`.
    pub limit: usize,
}

impl Default for WhyRequest {
    fn default() -> WhyRequest {
        WhyRequest {
            all: false,
            depth: None,
            limit: 100,
        }
    }
}

/// The explanation of one atom.
#[derive(Clone, Debug)]
pub struct Explanation {
    /// The atom as asked, as written.
    pub atom: String,
    /// Whether it holds, and why (not).
    pub outcome: WhyOutcome,
    /// The provenance of every base fact the proofs reach (a base fact of several sources
    /// has several).
    pub evidence: BTreeMap<Fact, Vec<Evidence>>,
}

/// Whether an atom holds, with its proofs or the reasons it does not.
#[derive(Clone, Debug)]
pub enum WhyOutcome {
    /// Each matching fact (sorted), with its proofs: the least-height proof first, then with
    /// [`WhyRequest::all`] the others.
    Holds(Vec<Answer>),
    /// A ground atom that does not hold: for each rule that could derive it (in file order),
    /// the first premise that fails; empty for a relation no rule derives.
    DoesNotHold {
        /// The atom.
        fact: Fact,
        /// Whether the relation is a base relation (stated by fact files only).
        base: bool,
        /// Per rule, what fails.
        reasons: Vec<WhyNot>,
    },
    /// An atom with variables that no fact matches.
    NoMatch(Pattern),
}

/// One fact matching the atom, and its proofs.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The fact.
    pub fact: Fact,
    /// Its proofs.
    pub proofs: Vec<Proof>,
}

impl Explanation {
    /// Whether the atom holds.
    pub fn holds(&self) -> bool {
        matches!(self.outcome, WhyOutcome::Holds(_))
    }
}

/// The standard rules and the user's rules, evaluated over a knowledge base's base facts.
pub struct WhyProgram {
    program: Program,
    model: Model,
}

impl WhyProgram {
    /// Builds the program of `queries/stance.dl` (the knowledge base's, else the built-in
    /// one), the user's rule files and `extra` texts (name, text: REPL lines), and evaluates it
    /// over the base facts of `store`. User rules that define a base or standard relation are
    /// refused as in `factlog query`.
    pub fn evaluate(
        store: &FactStore,
        files: &RuleFiles,
        extra: &[(String, String)],
        options: &EvalOptions,
    ) -> Result<WhyProgram, Failure> {
        if files.has_user_rules() || !extra.is_empty() {
            // The user's rules are checked as every command over the knowledge base checks
            // them: base and standard relations are theirs to read, not to define.
            let kbp = KbProgram { store, files };
            let mut b = kbp.builder();
            for (name, text) in extra {
                b.add_text(name, text);
            }
            b.build()?;
        }
        let mut b = standard_program(store, files);
        for f in &files.user {
            files.add_to(&mut b, f);
        }
        for (name, text) in extra {
            b.add_text(name, text);
        }
        let program = b.build()?;
        let inputs = store_inputs(&program, store, |k| k == RelationKind::Base)?;
        let model = program.evaluate(&inputs, options)?;
        Ok(WhyProgram { program, model })
    }

    /// The evaluated model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// An explainer of the model (it builds its lookup tables as it goes, so reuse one for
    /// several atoms).
    pub fn explainer(&self) -> Explainer<'_> {
        Explainer::new(&self.program, &self.model)
    }

    /// Explains `atom` (text as typed: constants, variables, `_`), with the provenance of
    /// the base facts from `store` and sentences from `articles`. Errors are diagnostics on
    /// the atom (named `<atom>` in `Failure::sources`).
    pub fn explain(
        &self,
        explainer: &Explainer<'_>,
        store: &FactStore,
        articles: &ArticleLibrary,
        atom: &str,
        request: &WhyRequest,
    ) -> Result<Explanation, Failure> {
        let mut sources = SourceMap::new();
        let file = sources.add("<atom>", atom.to_string());
        let fail = |diagnostics: Vec<Diagnostic>, sources: &SourceMap| Failure {
            sources: sources.clone(),
            diagnostics,
        };
        let parsed = parse_atom(atom, file).map_err(|d| fail(vec![d], &sources))?;
        let pattern = self.pattern(&parsed).map_err(|ds| fail(ds, &sources))?;
        let on_atom = |e: ExplainError| fail(vec![self.diagnose(&parsed, e)], &sources);
        let ground: Option<Vec<&str>> = pattern.iter().map(|p| p.as_deref()).collect();
        let outcome = match ground {
            Some(row)
                if explainer
                    .holds(&parsed.relation, &row)
                    .map_err(on_atom)?
                    .is_none() =>
            {
                let reasons = explainer
                    .why_not(&parsed.relation, &row)
                    .map_err(on_atom)?
                    .unwrap_or_default();
                let fact = Fact {
                    relation: parsed.relation.clone(),
                    values: self.constants(&parsed, &row),
                };
                WhyOutcome::DoesNotHold {
                    base: store
                        .schema()
                        .lookup(&parsed.relation)
                        .is_some_and(|r| store.schema().decl(r).kind == RelationKind::Base),
                    fact,
                    reasons,
                }
            }
            Some(row) => {
                let fact = Fact {
                    relation: parsed.relation.clone(),
                    values: self.constants(&parsed, &row),
                };
                let proofs = self.proofs(explainer, &fact, request).map_err(on_atom)?;
                WhyOutcome::Holds(vec![Answer { fact, proofs }])
            }
            None => {
                let open: Vec<Option<&str>> = pattern.iter().map(|p| p.as_deref()).collect();
                let facts: Vec<Fact> = explainer
                    .matching(&parsed.relation, &open)
                    .map_err(on_atom)?
                    .into_iter()
                    .filter(|f| same_variables_agree(&parsed, f))
                    .collect();
                if facts.is_empty() {
                    WhyOutcome::NoMatch(Pattern {
                        relation: parsed.relation.clone(),
                        values: open
                            .iter()
                            .zip(self.constants_of(&parsed))
                            .map(|(o, c)| o.and(c))
                            .collect(),
                    })
                } else {
                    let mut answers = Vec::with_capacity(facts.len());
                    for fact in facts {
                        let proofs = self.proofs(explainer, &fact, request).map_err(on_atom)?;
                        answers.push(Answer { fact, proofs });
                    }
                    WhyOutcome::Holds(answers)
                }
            }
        };
        let mut explanation = Explanation {
            atom: atom.trim().to_string(),
            outcome,
            evidence: BTreeMap::new(),
        };
        evidence::attach(&mut explanation, store, articles);
        Ok(explanation)
    }

    fn proofs(
        &self,
        explainer: &Explainer<'_>,
        fact: &Fact,
        request: &WhyRequest,
    ) -> Result<Vec<Proof>, ExplainError> {
        let row: Vec<&str> = fact.values.iter().map(|v| v.text()).collect();
        let proofs = if request.all {
            let depth = request.depth.unwrap_or(usize::MAX);
            explainer.why_all(&fact.relation, &row, depth, request.limit)?
        } else {
            let proof = explainer.why(&fact.relation, &row)?;
            proof
                .map(|p| match request.depth {
                    Some(d) => cut(p, d),
                    None => p,
                })
                .into_iter()
                .collect()
        };
        if proofs.is_empty() {
            // The fact matched, so it holds: its text must read back as the same tuple.
            return Err(ExplainError::Fault(format!(
                "{fact} holds, but its values do not read back as the same tuple"
            )));
        }
        Ok(proofs)
    }

    /// Per column: the constant's text, or `None` for a variable or `_`; or the diagnostics
    /// of arguments that are neither.
    fn pattern(&self, atom: &Atom) -> Result<Vec<Option<String>>, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut out = Vec::with_capacity(atom.args.len());
        let symbols = self.kinds(&atom.relation);
        for (column, term) in atom.args.iter().enumerate() {
            let symbol_column = symbols.get(column).copied().unwrap_or(false);
            out.push(match term {
                Term::Var(..) | Term::Wildcard(_) => None,
                Term::Str(s, span) if !symbol_column && column < symbols.len() => {
                    errors.push(Diagnostic::error(
                        "E0203",
                        format!(
                            "column {} of `{}` holds numbers: expected a number or a variable, \
                             found the string \"{s}\"",
                            column + 1,
                            atom.relation
                        ),
                        *span,
                    ));
                    None
                }
                Term::Str(s, _) => Some(s.clone()),
                Term::Number(..) | Term::Unsigned(..) | Term::Float(..) if symbol_column => {
                    errors.push(Diagnostic::error(
                        "E0203",
                        format!(
                            "column {} of `{}` holds symbols: expected a quoted string or a \
                             variable, found a number",
                            column + 1,
                            atom.relation
                        ),
                        term.span(),
                    ));
                    None
                }
                Term::Number(n, _) => Some(n.to_string()),
                Term::Unsigned(n, _) => Some(n.to_string()),
                Term::Float(x, _) => Some(x.to_string()),
                other => {
                    errors.push(Diagnostic::error(
                        "E0203",
                        "expected a constant, a variable or `_` in the atom to explain",
                        other.span(),
                    ));
                    None
                }
            });
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// The atom's constants, typed by the relation's columns (`None` for variables).
    fn constants_of(&self, atom: &Atom) -> Vec<Option<crate::datalog::Constant>> {
        let kinds = self.kinds(&atom.relation);
        atom.args
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let text = match t {
                    Term::Str(s, _) => s.clone(),
                    Term::Number(n, _) => n.to_string(),
                    Term::Unsigned(n, _) => n.to_string(),
                    Term::Float(x, _) => x.to_string(),
                    _ => return None,
                };
                Some(constant(kinds.get(i).copied().unwrap_or(true), text))
            })
            .collect()
    }

    /// A ground atom's values, typed by the relation's columns.
    fn constants(&self, atom: &Atom, row: &[&str]) -> Vec<crate::datalog::Constant> {
        let kinds = self.kinds(&atom.relation);
        row.iter()
            .enumerate()
            .map(|(i, t)| constant(kinds.get(i).copied().unwrap_or(true), (*t).to_string()))
            .collect()
    }

    /// Per column of a relation, whether it holds symbols.
    fn kinds(&self, relation: &str) -> Vec<bool> {
        self.program
            .relation(relation)
            .map(|info| {
                info.kinds()
                    .into_iter()
                    .map(|k| k == crate::datalog::Kind::Symbol)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A diagnostic on the atom for an error of the explainer.
    fn diagnose(&self, atom: &Atom, e: ExplainError) -> Diagnostic {
        match e {
            ExplainError::UnknownRelation(name) => {
                let names = self
                    .program
                    .relations()
                    .filter(|r| !r.is_query)
                    .map(|r| r.name.as_str());
                let similar = similar_names(&name, names);
                let mut d = Diagnostic::error(
                    "E0201",
                    format!("no relation `{name}`: expected a base, standard or user relation"),
                    atom.name_span,
                );
                if !similar.is_empty() {
                    d = d.with_note(format!("did you mean `{}`?", similar.join("`, `")));
                }
                d.with_note("`factlog stats` lists the base and standard relations")
            }
            ExplainError::Arity { expected, found } => Diagnostic::error(
                "E0202",
                format!(
                    "`{}` has {expected} column{}, the atom {found} value{}",
                    atom.relation,
                    if expected == 1 { "" } else { "s" },
                    if found == 1 { "" } else { "s" }
                ),
                atom.span,
            ),
            ExplainError::BadValue { column, text } => {
                let kind = self
                    .program
                    .relation(&atom.relation)
                    .and_then(|info| info.kinds().get(column).copied())
                    .map_or("numbers".to_string(), |k| format!("{k} values"));
                Diagnostic::error(
                    "E0203",
                    format!(
                        "column {} of `{}` holds {kind}: `{text}` is not one (out of range, or \
                         of another type)",
                        column + 1,
                        atom.relation
                    ),
                    atom.args.get(column).map_or(atom.span, Term::span),
                )
            }
            ExplainError::Fault(m) => Diagnostic::error(
                "E0320",
                format!("evaluating a rule failed while explaining: {m}"),
                atom.span,
            ),
        }
    }
}

fn constant(symbol: bool, text: String) -> crate::datalog::Constant {
    if symbol {
        crate::datalog::Constant::Symbol(text)
    } else {
        crate::datalog::Constant::Number(text)
    }
}

/// Whether the columns an atom gives the same variable hold the same value in `fact`.
fn same_variables_agree(atom: &Atom, fact: &Fact) -> bool {
    atom.args.iter().enumerate().all(|(i, t)| {
        let Term::Var(name, _) = t else {
            return true;
        };
        atom.args
            .iter()
            .enumerate()
            .filter(|(_, u)| u.var_name() == Some(name))
            .all(|(j, _)| fact.values.get(i) == fact.values.get(j))
    })
}

/// The proof with every derived premise deeper than `depth` rule steps replaced by a
/// [`Step::Cut`] leaf.
pub fn cut(proof: Proof, depth: usize) -> Proof {
    match proof.step {
        Step::Rule { .. } if depth == 0 && proof.iteration > 0 => Proof {
            step: Step::Cut,
            ..proof
        },
        Step::Rule {
            rule,
            location,
            bindings,
            premises,
            absent,
            aggregates,
        } => Proof {
            step: Step::Rule {
                rule,
                location,
                bindings,
                premises: premises.into_iter().map(|p| cut(p, depth - 1)).collect(),
                absent,
                aggregates,
            },
            ..proof
        },
        _ => proof,
    }
}
