//! The fact store: for every relation of the [`Schema`], a set of tuples of interned symbols in
//! insertion order, each with its provenance list beside it (never in its columns).
//!
//! Tuples of one relation live in one flat `Vec<Sym>` (arity symbols each) with a hash table of
//! tuple indices for deduplication: no allocation per tuple.

use super::intern::{Interner, Sym};
use super::provenance::{Provenance, TextSpan};
use super::schema::{RelId, RelationKind, Schema};
use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};
use smallvec::SmallVec;
use std::hash::BuildHasher;

/// The provenance of one tuple: usually a single entry, kept inline.
pub type ProvenanceList = SmallVec<[Provenance; 1]>;

/// One relation's tuples and their provenance.
#[derive(Debug, Clone)]
pub struct Relation {
    arity: usize,
    data: Vec<Sym>,
    table: HashTable<u32>,
    provenance: Vec<ProvenanceList>,
}

fn hash(tuple: &[Sym]) -> u64 {
    FxBuildHasher.hash_one(tuple)
}

impl Relation {
    /// An empty relation of `arity` columns.
    pub fn new(arity: usize) -> Relation {
        Relation {
            arity,
            data: Vec::new(),
            table: HashTable::new(),
            provenance: Vec::new(),
        }
    }

    /// The number of columns.
    pub fn arity(&self) -> usize {
        self.arity
    }

    fn tuple(&self, i: usize) -> &[Sym] {
        &self.data[i * self.arity..(i + 1) * self.arity]
    }

    /// The index of a tuple, if present.
    pub fn index_of(&self, tuple: &[Sym]) -> Option<usize> {
        let (data, arity) = (&self.data, self.arity);
        self.table
            .find(hash(tuple), |&i| {
                &data[i as usize * arity..(i as usize + 1) * arity] == tuple
            })
            .map(|&i| i as usize)
    }

    /// Adds a tuple (or finds it) and records `prov` beside it unless already listed.
    /// Returns the tuple's index and whether it is new.
    pub fn insert(&mut self, tuple: &[Sym], prov: Option<Provenance>) -> (usize, bool) {
        debug_assert_eq!(tuple.len(), self.arity, "invariant: tuples match the arity");
        let h = hash(tuple);
        let (data, arity) = (&self.data, self.arity);
        let found = self
            .table
            .find(h, |&i| {
                &data[i as usize * arity..(i as usize + 1) * arity] == tuple
            })
            .copied();
        let (idx, new) = match found {
            Some(i) => (i as usize, false),
            None => {
                let i = self.provenance.len();
                self.data.extend_from_slice(tuple);
                self.provenance.push(ProvenanceList::new());
                let (data, arity) = (&self.data, self.arity);
                self.table.insert_unique(h, i as u32, |&j| {
                    hash(&data[j as usize * arity..(j as usize + 1) * arity])
                });
                (i, true)
            }
        };
        if let Some(p) = prov {
            let list = &mut self.provenance[idx];
            if !list.contains(&p) {
                list.push(p);
            }
        }
        (idx, new)
    }

    /// The number of tuples.
    pub fn len(&self) -> usize {
        self.provenance.len()
    }

    /// Whether the relation has no tuple.
    pub fn is_empty(&self) -> bool {
        self.provenance.is_empty()
    }

    /// Whether the tuple is present.
    pub fn contains(&self, tuple: &[Sym]) -> bool {
        self.index_of(tuple).is_some()
    }

    /// Tuples in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &[Sym]> + '_ {
        (0..self.len()).map(|i| self.tuple(i))
    }

    /// Tuples with their provenance, in insertion order.
    pub fn iter_with_provenance(&self) -> impl Iterator<Item = (&[Sym], &[Provenance])> + '_ {
        (0..self.len()).map(|i| (self.tuple(i), &self.provenance[i][..]))
    }

    /// The provenance of a tuple (empty for derived tuples or unknown ones).
    pub fn provenance_of(&self, tuple: &[Sym]) -> &[Provenance] {
        self.index_of(tuple)
            .map_or(&[], |i| &self.provenance[i][..])
    }
}

/// All relations of the standard schema, with the interner their symbols come from.
#[derive(Debug, Clone)]
pub struct FactStore {
    /// The symbols of every tuple.
    pub interner: Interner,
    relations: Vec<Relation>,
    schema: &'static Schema,
    /// The text a fact file stored with a piece of evidence (`evidence.text`, written by
    /// `factlog extract` for the user's own articles), by source and span.
    evidence_texts: FxHashMap<(Sym, TextSpan), Sym>,
}

impl Default for FactStore {
    fn default() -> Self {
        FactStore::new()
    }
}

impl FactStore {
    /// An empty store over the standard schema.
    pub fn new() -> FactStore {
        let schema = Schema::standard();
        FactStore {
            interner: Interner::new(),
            relations: schema
                .ids()
                .map(|id| Relation::new(schema.decl(id).arity()))
                .collect(),
            schema,
            evidence_texts: FxHashMap::default(),
        }
    }

    /// Records the text a fact file stored with the evidence `span` of `source`.
    pub fn set_evidence_text(&mut self, source: Sym, span: TextSpan, text: &str) {
        let text = self.interner.intern(text);
        self.evidence_texts.insert((source, span), text);
    }

    /// The text a fact file stored with the evidence `span` of `source`, if any.
    pub fn evidence_text(&self, source: Sym, span: TextSpan) -> Option<&str> {
        self.evidence_texts
            .get(&(source, span))
            .map(|&s| self.interner.resolve(s))
    }

    /// The schema of this store.
    pub fn schema(&self) -> &'static Schema {
        self.schema
    }

    /// A relation's tuples.
    pub fn relation(&self, id: RelId) -> &Relation {
        &self.relations[id.index()]
    }

    /// A relation's tuples by name (names of queries/schema.dl).
    pub fn get(&self, name: &str) -> &Relation {
        self.relation(self.schema.id(name))
    }

    /// Mutable access to a relation.
    pub fn relation_mut(&mut self, id: RelId) -> &mut Relation {
        &mut self.relations[id.index()]
    }

    /// Interns the strings and inserts the tuple into `rel` (a test and generator helper).
    pub fn insert_text(&mut self, rel: &str, args: &[&str], prov: Option<Provenance>) {
        let id = self.schema.id(rel);
        let tuple: Vec<Sym> = args.iter().map(|a| self.interner.intern(a)).collect();
        self.relations[id.index()].insert(&tuple, prov);
    }

    /// A relation's tuples as text, sorted (for tests and exports).
    pub fn sorted_text(&self, rel: &str) -> Vec<Vec<String>> {
        let mut rows: Vec<&[Sym]> = self.get(rel).iter().collect();
        rows.sort_by(|a, b| self.interner.cmp_tuples(a, b));
        rows.into_iter()
            .map(|t| {
                t.iter()
                    .map(|&s| self.interner.resolve(s).to_string())
                    .collect()
            })
            .collect()
    }

    /// Removes every tuple of the derived relations.
    pub fn clear_derived(&mut self) {
        for id in self.schema.ids() {
            let decl = self.schema.decl(id);
            if decl.kind == RelationKind::Derived {
                self.relations[id.index()] = Relation::new(decl.arity());
            }
        }
    }

    /// The store with only the base facts that have at least one piece of provenance for which
    /// `keep` holds (only those pieces are kept beside them); derived relations are left out
    /// (derive them again). Facts without provenance count as curated with confidence 1.
    pub fn filtered(&self, keep: impl Fn(&Provenance) -> bool) -> FactStore {
        let implicit = Provenance {
            origin: super::Origin::Curated,
            source: None,
            span: None,
            confidence: 1.0,
        };
        let mut out = FactStore {
            interner: self.interner.clone(),
            relations: self
                .schema
                .ids()
                .map(|id| Relation::new(self.schema.decl(id).arity()))
                .collect(),
            schema: self.schema,
            evidence_texts: self.evidence_texts.clone(),
        };
        for id in self.schema.ids() {
            if self.schema.decl(id).kind == RelationKind::Derived {
                continue;
            }
            let target = &mut out.relations[id.index()];
            for (tuple, provs) in self.relations[id.index()].iter_with_provenance() {
                if provs.is_empty() {
                    if keep(&implicit) {
                        target.insert(tuple, None);
                    }
                    continue;
                }
                for p in provs.iter().filter(|p| keep(p)) {
                    target.insert(tuple, Some(*p));
                }
            }
        }
        out
    }

    /// The store with only the tuples (base and derived, with all their provenance) for which
    /// `keep(relation, tuple)` holds. Its interner holds only the symbols those tuples use,
    /// so a small subset of a large store is cheap.
    pub fn subset(&self, mut keep: impl FnMut(RelId, &[Sym]) -> bool) -> FactStore {
        let mut out = FactStore::new();
        let mut tuple: Vec<Sym> = Vec::new();
        for id in self.schema.ids() {
            for (t, provs) in self.relations[id.index()].iter_with_provenance() {
                if !keep(id, t) {
                    continue;
                }
                tuple.clear();
                tuple.extend(
                    t.iter()
                        .map(|&s| out.interner.intern(self.interner.resolve(s))),
                );
                out.relations[id.index()].insert(&tuple, None);
                for p in provs {
                    let source = p
                        .source
                        .map(|s| out.interner.intern(self.interner.resolve(s)));
                    out.relations[id.index()].insert(&tuple, Some(Provenance { source, ..*p }));
                }
            }
        }
        out
    }

    /// The total number of base tuples.
    pub fn base_len(&self) -> usize {
        self.schema
            .ids()
            .filter(|&id| self.schema.decl(id).kind == RelationKind::Base)
            .map(|id| self.relation(id).len())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_merge_and_keep_each_provenance_once() {
        use crate::kb::Origin;
        let mut i = Interner::new();
        let (a, b) = (i.intern("a"), i.intern("b"));
        let t = [a, b];
        let p = |start| Provenance {
            origin: Origin::Curated,
            source: None,
            span: Some(TextSpan {
                start,
                end: start + 1,
            }),
            confidence: 1.0,
        };
        let mut r = Relation::new(2);
        assert_eq!(r.insert(&t, Some(p(1))), (0, true));
        assert_eq!(r.insert(&t, Some(p(1))), (0, false));
        assert_eq!(r.insert(&t, Some(p(5))), (0, false));
        assert_eq!(r.insert(&[t[1], t[0]], None), (1, true));
        assert_eq!(r.len(), 2);
        assert_eq!(r.provenance_of(&t).len(), 2);
        assert!(r.contains(&[t[1], t[0]]));
        assert!(!r.contains(&[t[0], t[0]]));
        let swapped = [t[1], t[0]];
        assert_eq!(r.iter().collect::<Vec<_>>(), vec![&t[..], &swapped[..]]);
    }
}
