//! The relation catalog: every relation of `queries/schema.dl` (base) and `queries/stance.dl`
//! (standard derived), with typed columns, read from the files embedded at build time.
//!
//! Relations are addressed by a dense [`RelId`]; names are looked up once, at the edges.

use crate::datalog::ast::Item;
use crate::datalog::parse_program;
use crate::diag::FileId;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The text of `queries/schema.dl` this binary was built with.
pub const SCHEMA_DL: &str = include_str!("../../queries/schema.dl");
/// The text of `queries/stance.dl` this binary was built with (and compiled with crepe).
pub const STANCE_DL: &str = include_str!("../../queries/stance.dl");
/// The schema version fact files must declare (`"schema": 1`).
pub const SCHEMA_VERSION: u64 = 1;

/// A relation's index in the [`Schema`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelId(pub u16);

impl RelId {
    /// The id as an index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What values a column holds; validated when facts are loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// An entity id declared by `entity` (`""` = unknown).
    Id,
    /// A source id declared by `source`.
    SourceId,
    /// A statement id declared by `statement`.
    StmtId,
    /// `YYYY-MM-DD` or `""`.
    Date,
    /// A closed vocabulary (entity kinds, positions, ...).
    Vocab(&'static [&'static str]),
    /// Free text.
    Text,
}

/// Entity kinds (`entity.kind`).
pub const ENTITY_KINDS: &[&str] = &[
    "country",
    "person",
    "organization",
    "body",
    "proposal",
    "issue",
];
/// Proposal kinds (`proposal.kind`, `vetoable.kind`).
pub const PROPOSAL_KINDS: &[&str] = &[
    "draft_resolution",
    "resolution",
    "press_statement",
    "sanctions_proposal",
    "conference_proposal",
];
/// Proposal effects.
pub const EFFECTS: &[&str] = &["impose", "tighten", "lift", "other"];
/// Stance positions.
pub const POSITIONS: &[&str] = &[
    "support",
    "conditional_support",
    "oppose",
    "will_veto",
    "will_not_veto",
    "will_abstain",
    "veto_undeclared",
];
/// Vote choices.
pub const CHOICES: &[&str] = &["for", "against", "abstain"];

impl ColumnType {
    fn from_type_name(name: &str) -> ColumnType {
        match name {
            "Id" => ColumnType::Id,
            "SourceId" => ColumnType::SourceId,
            "StmtId" => ColumnType::StmtId,
            "Date" => ColumnType::Date,
            "EntityKind" => ColumnType::Vocab(ENTITY_KINDS),
            "ProposalKind" => ColumnType::Vocab(PROPOSAL_KINDS),
            "Effect" => ColumnType::Vocab(EFFECTS),
            "Position" => ColumnType::Vocab(POSITIONS),
            "Choice" => ColumnType::Vocab(CHOICES),
            _ => ColumnType::Text,
        }
    }
}

/// Whether a relation is stored (base) or computed by the standard rules (derived).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelationKind {
    /// Loaded from fact files.
    Base,
    /// Derived by the standard stance rules.
    Derived,
}

/// A column: its name and type.
#[derive(Clone, Debug)]
pub struct Column {
    /// As declared.
    pub name: String,
    /// Its value type.
    pub ty: ColumnType,
    /// Its type's name as declared (`Id`, `Position`, ...), for declaring the relation to the
    /// engine.
    pub type_name: String,
}

/// A relation's declaration.
#[derive(Clone, Debug)]
pub struct RelationDecl {
    /// Its name.
    pub name: String,
    /// Its columns, in order.
    pub columns: Vec<Column>,
    /// Base or derived.
    pub kind: RelationKind,
}

impl RelationDecl {
    /// The number of columns.
    pub fn arity(&self) -> usize {
        self.columns.len()
    }
}

/// All relations of the standard schema.
#[derive(Debug)]
pub struct Schema {
    relations: Vec<RelationDecl>,
    by_name: FxHashMap<String, RelId>,
}

impl Schema {
    /// The schema this binary was built with (parsed once from the embedded files).
    pub fn standard() -> &'static Schema {
        static SCHEMA: OnceLock<Schema> = OnceLock::new();
        SCHEMA.get_or_init(|| {
            let mut relations = Vec::new();
            for (text, kind) in [
                (SCHEMA_DL, RelationKind::Base),
                (STANCE_DL, RelationKind::Derived),
            ] {
                let program = parse_program(text, FileId(0))
                    .expect("invariant: the embedded schema files parse (tested)");
                for item in program.items {
                    if let Item::Decl(d) = item {
                        relations.push(RelationDecl {
                            name: d.name,
                            columns: d
                                .columns
                                .into_iter()
                                .map(|c| Column {
                                    ty: ColumnType::from_type_name(&c.ty),
                                    name: c.name,
                                    type_name: c.ty,
                                })
                                .collect(),
                            kind,
                        });
                    }
                }
            }
            let by_name = relations
                .iter()
                .enumerate()
                .map(|(i, r)| (r.name.clone(), RelId(i as u16)))
                .collect();
            Schema { relations, by_name }
        })
    }

    /// The relation called `name`.
    pub fn lookup(&self, name: &str) -> Option<RelId> {
        self.by_name.get(name).copied()
    }

    /// The relation called `name`, which must exist (a name of queries/schema.dl).
    pub fn id(&self, name: &str) -> RelId {
        self.lookup(name)
            .unwrap_or_else(|| panic!("invariant: `{name}` is declared in queries/*.dl"))
    }

    /// The declaration of a relation.
    pub fn decl(&self, id: RelId) -> &RelationDecl {
        &self.relations[id.index()]
    }

    /// Every relation id, in declaration order.
    pub fn ids(&self) -> impl Iterator<Item = RelId> + '_ {
        (0..self.relations.len() as u16).map(RelId)
    }

    /// The number of relations.
    pub fn len(&self) -> usize {
        self.relations.len()
    }

    /// Whether the schema is empty (never, for the standard one).
    pub fn is_empty(&self) -> bool {
        self.relations.is_empty()
    }

    /// Relation names close to `name` (for "did you mean" notes), best first.
    pub fn similar(&self, name: &str) -> Vec<&str> {
        crate::diag::similar_names(name, self.relations.iter().map(|r| r.name.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_relation_is_declared_with_its_arity() {
        let s = Schema::standard();
        for (name, arity, kind) in [
            ("source", 4, RelationKind::Base),
            ("source_url", 2, RelationKind::Base),
            ("entity", 3, RelationKind::Base),
            ("stance", 4, RelationKind::Base),
            ("vote", 4, RelationKind::Base),
            ("statement", 4, RelationKind::Base),
            ("opposed_without_veto_commitment", 2, RelationKind::Derived),
            ("reversed_stance", 4, RelationKind::Derived),
            ("aligned", 3, RelationKind::Derived),
        ] {
            let d = s.decl(s.id(name));
            assert_eq!((d.arity(), d.kind), (arity, kind), "{name}");
        }
        assert_eq!(s.len(), 28);
    }

    #[test]
    fn schema_dl_states_the_version_fact_files_must_carry() {
        let first = SCHEMA_DL.lines().next().expect("a first line");
        assert!(
            first.ends_with(&format!("version {SCHEMA_VERSION}")),
            "queries/schema.dl must begin by stating version {SCHEMA_VERSION}: {first}"
        );
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(Schema::standard().similar("stances"), vec!["stance"]);
    }
}
