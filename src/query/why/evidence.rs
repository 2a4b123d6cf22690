//! The provenance of the base facts an explanation reaches, from the fact store (origin,
//! source, span, confidence, the text a fact file stored with its evidence), its `source` and
//! `source_url` relations (outlet, date, where to read it) and the article files at hand (the
//! sentence itself).

use super::{Explanation, WhyOutcome};
use crate::article::ArticleLibrary;
use crate::datalog::{Blocker, Fact, Proof, Step};
use crate::kb::{FactStore, Origin, RelationKind, Sym, TextSpan};
use crate::query::evidence::{evidence_sentence, source_url};

/// Where a base fact comes from: one entry of its provenance list.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// Curated or extracted.
    pub origin: Origin,
    /// The source document's id, when the fact comes from one.
    pub source: Option<String>,
    /// The source's outlet (its `source` fact, else the article's header).
    pub outlet: Option<String>,
    /// The source's publication date, likewise.
    pub published: Option<String>,
    /// The evidence span in the article body (code points, half-open).
    pub span: Option<TextSpan>,
    /// How sure the producer is, in `[0, 1]`.
    pub confidence: f32,
    /// Where the source can be read (its `source_url` fact, else the article's header).
    pub url: Option<String>,
    /// The sentence holding the span when the article is at hand (`--sources`), else the text
    /// the fact file stored with the evidence (`factlog extract` writes it).
    pub sentence: Option<String>,
}

impl Evidence {
    /// `outlet, date` of the source, as far as they are known.
    pub fn outlet_and_date(&self) -> Option<String> {
        let about: Vec<&str> = [self.outlet.as_deref(), self.published.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        (!about.is_empty()).then(|| about.join(", "))
    }
}

/// Fills `explanation.evidence` for every base fact its proofs and reasons mention.
pub(super) fn attach(explanation: &mut Explanation, store: &FactStore, articles: &ArticleLibrary) {
    let mut facts: Vec<&Fact> = Vec::new();
    match &explanation.outcome {
        WhyOutcome::Holds(answers) => {
            for a in answers {
                for p in &a.proofs {
                    leaves(p, &mut facts);
                }
            }
        }
        WhyOutcome::DoesNotHold { reasons, .. } => {
            for r in reasons {
                if let Blocker::Present(f) = &r.reason {
                    facts.push(f);
                }
            }
        }
        WhyOutcome::NoMatch(_) => {}
    }
    let mut found = Vec::new();
    for fact in facts {
        if explanation.evidence.contains_key(fact) || found.iter().any(|(f, _)| f == fact) {
            continue;
        }
        let list = of_fact(fact, store, articles);
        if !list.is_empty() {
            found.push((fact.clone(), list));
        }
    }
    explanation.evidence.extend(found);
}

/// The facts of a proof that can be base facts: its leaves and the groups its aggregates
/// counted.
fn leaves<'p>(proof: &'p Proof, out: &mut Vec<&'p Fact>) {
    match &proof.step {
        Step::Input => out.push(&proof.fact),
        Step::Cut => {}
        Step::Rule {
            premises,
            aggregates,
            ..
        } => {
            for p in premises {
                leaves(p, out);
            }
            for a in aggregates {
                out.extend(a.group.iter().flatten());
            }
        }
    }
}

/// The provenance of one fact of a base relation (empty for other relations and facts the
/// store does not hold).
fn of_fact(fact: &Fact, store: &FactStore, articles: &ArticleLibrary) -> Vec<Evidence> {
    let schema = store.schema();
    let Some(rel) = schema.lookup(&fact.relation) else {
        return Vec::new();
    };
    if schema.decl(rel).kind != RelationKind::Base {
        return Vec::new();
    }
    let tuple: Option<Vec<Sym>> = fact
        .values
        .iter()
        .map(|v| store.interner.get(v.text()))
        .collect();
    let Some(tuple) = tuple else {
        return Vec::new();
    };
    let text = |s: Sym| store.interner.resolve(s).to_string();
    store
        .relation(rel)
        .provenance_of(&tuple)
        .iter()
        .map(|p| {
            let source = p.source.map(text);
            let (outlet, published) = source
                .as_deref()
                .map(|id| outlet_and_date(store, articles, id))
                .unwrap_or_default();
            Evidence {
                origin: p.origin,
                sentence: match (p.source, p.span) {
                    (Some(sym), Some(span)) => evidence_sentence(store, articles, sym, span),
                    _ => None,
                },
                source,
                outlet,
                published,
                url: p.source.and_then(|sym| source_url(store, articles, sym)),
                span: p.span,
                confidence: p.confidence,
            }
        })
        .collect()
}

/// The outlet and publication date of a source: its `source(id, outlet, published, title)`
/// fact, else the header of its article file.
fn outlet_and_date(
    store: &FactStore,
    articles: &ArticleLibrary,
    id: &str,
) -> (Option<String>, Option<String>) {
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
    if let Some(sym) = store.interner.get(id) {
        if let Some(t) = store.get("source").iter().find(|t| t[0] == sym) {
            let text = |s: Sym| store.interner.resolve(s);
            return (non_empty(text(t[1])), non_empty(text(t[2])));
        }
    }
    articles
        .get(id)
        .map(|a| (a.outlet.clone(), a.published.clone()))
        .unwrap_or_default()
}
