//! Tuples per relation, base and derived, and how many have a curated and an extracted
//! source: what `factlog stats` prints and `factlog serve` answers.

use super::provenance::Origin;
use super::schema::RelationKind;
use super::store::FactStore;

/// The size of one relation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationSize {
    /// The relation's name.
    pub relation: String,
    /// Base or derived.
    pub kind: RelationKind,
    /// Its tuples.
    pub tuples: usize,
    /// Tuples with a curated source.
    pub curated: usize,
    /// Tuples with an extracted source.
    pub extracted: usize,
}

impl RelationSize {
    /// `base` or `derived`.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            RelationKind::Base => "base",
            RelationKind::Derived => "derived",
        }
    }
}

/// Every relation of the schema, in schema order.
pub fn relation_sizes(store: &FactStore) -> Vec<RelationSize> {
    let schema = store.schema();
    schema
        .ids()
        .map(|id| {
            let rel = store.relation(id);
            let count = |o: Origin| {
                rel.iter_with_provenance()
                    .filter(|(_, p)| p.iter().any(|p| p.origin == o))
                    .count()
            };
            RelationSize {
                relation: schema.decl(id).name.clone(),
                kind: schema.decl(id).kind,
                tuples: rel.len(),
                curated: count(Origin::Curated),
                extracted: count(Origin::Extracted),
            }
        })
        .collect()
}

/// `{"relations": [{"relation", "kind", "tuples", "curated", "extracted"}, ...], "origins":
/// {"curated", "extracted"}}`: the JSON of `factlog stats --format json`.
pub fn sizes_json(rows: &[RelationSize]) -> serde_json::Value {
    let total = |f: fn(&RelationSize) -> usize| rows.iter().map(f).sum::<usize>();
    serde_json::json!({
        "relations": rows.iter().map(|r| serde_json::json!({
            "relation": r.relation, "kind": r.kind_name(), "tuples": r.tuples,
            "curated": r.curated, "extracted": r.extracted,
        })).collect::<Vec<_>>(),
        "origins": {"curated": total(|r| r.curated), "extracted": total(|r| r.extracted)},
    })
}
