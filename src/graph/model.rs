//! The knowledge graph's node and edge weights: what a node is (an entity or an event), its
//! label and attributes, and where every node and edge comes from (relation, base or derived,
//! the fact behind it).
//!
//! Plain data: no styling (colours and shapes belong to `export`), no reference to the store
//! except through [`FactRef`], whose symbols are only meaningful with the store the graph was
//! built from.

use crate::kb::{FactStore, Origin, Provenance, RelId, RelationKind, Sym};
use std::collections::BTreeMap;

/// What a node stands for: an entity of one of the schema's kinds, an entity used but never
/// declared, or an event (one n-ary fact).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    /// `entity(_, "country", _)`.
    Country,
    /// `entity(_, "person", _)`.
    Person,
    /// `entity(_, "organization", _)`.
    Organization,
    /// `entity(_, "body", _)`.
    Body,
    /// `entity(_, "proposal", _)`.
    Proposal,
    /// `entity(_, "issue", _)`.
    Issue,
    /// An id used in a relation but not declared by `entity` (or declared with a kind outside
    /// the schema's vocabulary).
    Unknown,
    /// One n-ary fact (`stance`, `vote`, `holds_role`, ...), tied to its participants.
    Event,
}

impl NodeKind {
    /// Every kind, in declaration order (for style tables and tests).
    pub const ALL: [NodeKind; 8] = [
        NodeKind::Country,
        NodeKind::Person,
        NodeKind::Organization,
        NodeKind::Body,
        NodeKind::Proposal,
        NodeKind::Issue,
        NodeKind::Unknown,
        NodeKind::Event,
    ];

    /// The kind for an `entity.kind` word; words outside the vocabulary give
    /// [`NodeKind::Unknown`].
    pub fn from_entity_kind(word: &str) -> NodeKind {
        match word {
            "country" => NodeKind::Country,
            "person" => NodeKind::Person,
            "organization" => NodeKind::Organization,
            "body" => NodeKind::Body,
            "proposal" => NodeKind::Proposal,
            "issue" => NodeKind::Issue,
            _ => NodeKind::Unknown,
        }
    }

    /// The word used in exports (`country`, ..., `unknown`, `event`).
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Country => "country",
            NodeKind::Person => "person",
            NodeKind::Organization => "organization",
            NodeKind::Body => "body",
            NodeKind::Proposal => "proposal",
            NodeKind::Issue => "issue",
            NodeKind::Unknown => "unknown",
            NodeKind::Event => "event",
        }
    }

    /// Whether the node is an event rather than an entity.
    pub fn is_event(self) -> bool {
        self == NodeKind::Event
    }
}

/// A tuple of the store: its relation and its symbols. Resolve it only against the store the
/// graph was built from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FactRef {
    /// The relation.
    pub relation: RelId,
    /// The tuple's symbols, column by column.
    pub tuple: Box<[Sym]>,
}

impl FactRef {
    /// The provenance the store records for this fact (empty for derived facts).
    pub fn provenance<'s>(&self, store: &'s FactStore) -> &'s [Provenance] {
        store.relation(self.relation).provenance_of(&self.tuple)
    }

    /// The tuple as text.
    pub fn text<'s>(&self, store: &'s FactStore) -> Vec<&'s str> {
        self.tuple
            .iter()
            .map(|&s| store.interner.resolve(s))
            .collect()
    }
}

/// A node: an entity or an event.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The entity id, or the event's deterministic id (see [`event_id`]).
    pub id: String,
    /// What the node stands for.
    pub kind: NodeKind,
    /// What to print on the node: the entity's name (its id when it has none), or for an event
    /// its relation, words and dates (`"stance: oppose\n1994-06-16"`).
    pub label: String,
    /// Further facts about the node, by name, sorted: `alias`, `proposal_kind`, `date`,
    /// `proposal_effect`, an event's `relation` and non-participant columns, a statement's
    /// `quote`. Several values of one attribute are sorted and joined by `"; "`.
    pub attributes: BTreeMap<String, String>,
    /// `Derived` only for the event of a derived relation.
    pub derivation: RelationKind,
    /// The relation of an event node.
    pub relation: Option<&'static str>,
    /// The fact behind the node: an event's tuple, or an entity's `entity` declaration.
    pub fact: Option<FactRef>,
    /// The origins recorded for [`Node::fact`], sorted and deduplicated (empty when derived).
    pub origins: Vec<Origin>,
}

impl Node {
    /// Whether the node comes from a derived relation.
    pub fn is_derived(&self) -> bool {
        self.derivation == RelationKind::Derived
    }
}

/// An edge: a binary relation between two entities, a proposal's body (`in`), or a
/// participant of an event (labelled by its column name).
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// The relation name for a binary relation, `in` for `proposal`'s body, the column name
    /// (`actor`, `proposal`, `org`, ...) for an event's participant.
    pub label: String,
    /// The relation the edge comes from.
    pub relation: &'static str,
    /// Base or derived (the relation's kind).
    pub derivation: RelationKind,
    /// The fact behind the edge; its provenance is in the store
    /// ([`FactRef::provenance`]).
    pub fact: FactRef,
    /// The origins recorded for the fact, sorted and deduplicated (empty when derived).
    pub origins: Vec<Origin>,
}

impl Edge {
    /// Whether the edge comes from a derived relation.
    pub fn is_derived(&self) -> bool {
        self.derivation == RelationKind::Derived
    }
}

/// An edge with its two endpoints, as [`KnowledgeGraph::edges`](super::KnowledgeGraph::edges)
/// lists them.
#[derive(Clone, Copy, Debug)]
pub struct EdgeView<'g> {
    /// Where the edge starts.
    pub source: &'g Node,
    /// Where the edge ends.
    pub target: &'g Node,
    /// The edge itself.
    pub edge: &'g Edge,
}

impl<'g> EdgeView<'g> {
    /// The sort key of edges: source id, label, target id, relation.
    pub fn key(&self) -> (&'g str, &'g str, &'g str, &'static str) {
        (
            &self.source.id,
            &self.edge.label,
            &self.target.id,
            self.edge.relation,
        )
    }
}

/// The deterministic id of the event node for a fact: the relation name and the arguments,
/// `stance(andrei_kozyrev,us_draft_1994_06_15,oppose,1994-06-16)`. An argument that is empty
/// stays empty (`stance(china,x,oppose,)`); one containing `,`, `(`, `)`, `"`, `\` or
/// whitespace is written as a quoted string with `"` and `\` escaped, so that distinct facts
/// always get distinct ids.
pub fn event_id(relation: &str, args: &[&str]) -> String {
    let mut id =
        String::with_capacity(relation.len() + 2 + args.iter().map(|a| a.len() + 1).sum::<usize>());
    id.push_str(relation);
    id.push('(');
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            id.push(',');
        }
        let plain = !arg
            .chars()
            .any(|c| matches!(c, ',' | '(' | ')' | '"' | '\\') || c.is_whitespace());
        if plain {
            id.push_str(arg);
        } else {
            id.push('"');
            for c in arg.chars() {
                if matches!(c, '"' | '\\') {
                    id.push('\\');
                }
                id.push(c);
            }
            id.push('"');
        }
    }
    id.push(')');
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_are_the_relation_and_its_arguments() {
        assert_eq!(
            event_id(
                "stance",
                &[
                    "andrei_kozyrev",
                    "us_draft_1994_06_15",
                    "oppose",
                    "1994-06-16"
                ]
            ),
            "stance(andrei_kozyrev,us_draft_1994_06_15,oppose,1994-06-16)"
        );
        assert_eq!(
            event_id("stance", &["china", "x", "oppose", ""]),
            "stance(china,x,oppose,)"
        );
    }

    #[test]
    fn event_ids_quote_arguments_that_would_be_ambiguous() {
        // Without quoting, ("a,b", "c") and ("a", "b,c") would share an id.
        assert_ne!(event_id("r", &["a,b", "c"]), event_id("r", &["a", "b,c"]));
        assert_eq!(
            event_id("holds_role", &["p", "Duma speaker", "russia", ""]),
            "holds_role(p,\"Duma speaker\",russia,)"
        );
        assert_eq!(
            event_id("r", &["say \"no\\\""]),
            "r(\"say \\\"no\\\\\\\"\")"
        );
    }

    #[test]
    fn entity_kinds_round_trip_and_others_are_unknown() {
        for kind in NodeKind::ALL {
            if kind != NodeKind::Event {
                assert_eq!(NodeKind::from_entity_kind(kind.as_str()), kind);
            }
        }
        assert_eq!(NodeKind::from_entity_kind("planet"), NodeKind::Unknown);
        assert_eq!(NodeKind::from_entity_kind("event"), NodeKind::Unknown);
    }
}
