//! The fact store: for every relation of the [`Schema`], a set of tuples of interned symbols in
//! insertion order, each with its provenance list beside it (never in its columns).

use super::intern::{Interner, Sym};
use super::provenance::Provenance;
use super::schema::{RelId, RelationKind, Schema};
use indexmap::IndexSet;
use rustc_hash::FxBuildHasher;

/// One relation's tuples and their provenance.
#[derive(Debug, Clone, Default)]
pub struct Relation {
    tuples: IndexSet<Box<[Sym]>, FxBuildHasher>,
    provenance: Vec<Vec<Provenance>>,
}

impl Relation {
    /// Adds a tuple (or finds it) and records `prov` beside it unless already listed.
    /// Returns the tuple's index and whether it is new.
    pub fn insert(&mut self, tuple: &[Sym], prov: Option<Provenance>) -> (usize, bool) {
        let (idx, new) = match self.tuples.get_index_of(tuple) {
            Some(i) => (i, false),
            None => {
                self.tuples.insert(tuple.into());
                self.provenance.push(Vec::new());
                (self.tuples.len() - 1, true)
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
        self.tuples.len()
    }

    /// Whether the relation has no tuple.
    pub fn is_empty(&self) -> bool {
        self.tuples.is_empty()
    }

    /// Whether the tuple is present.
    pub fn contains(&self, tuple: &[Sym]) -> bool {
        self.tuples.contains(tuple)
    }

    /// Tuples in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &[Sym]> + '_ {
        self.tuples.iter().map(|t| &t[..])
    }

    /// Tuples with their provenance, in insertion order.
    pub fn iter_with_provenance(&self) -> impl Iterator<Item = (&[Sym], &[Provenance])> + '_ {
        self.tuples
            .iter()
            .zip(&self.provenance)
            .map(|(t, p)| (&t[..], &p[..]))
    }

    /// The provenance of a tuple (empty for derived tuples or unknown ones).
    pub fn provenance_of(&self, tuple: &[Sym]) -> &[Provenance] {
        self.tuples
            .get_index_of(tuple)
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
            relations: vec![Relation::default(); schema.len()],
            schema,
        }
    }

    /// The schema of this store.
    pub fn schema(&self) -> &'static Schema {
        self.schema
    }

    /// A relation's tuples.
    pub fn relation(&self, id: RelId) -> &Relation {
        &self.relations[id.index()]
    }

    /// A relation's tuples by name (names of SCHEMA.md).
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
            if self.schema.decl(id).kind == RelationKind::Derived {
                self.relations[id.index()] = Relation::default();
            }
        }
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
