//! What goes into the graph: base relations, derived relations, a filter by name.

use crate::kb::schema::RelationDecl;
use crate::kb::{RelationKind, Schema};

/// What goes into the graph.
///
/// Without [`GraphOptions::relations`], every base relation goes in, and the standard derived
/// relations too when [`GraphOptions::derived`] is set. With it, exactly the named relations
/// go in, derived ones included whatever `derived` says. Either way the `entity` relation gives
/// the kind and name of every node that is created.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphOptions {
    /// Include the standard derived relations (as edges and events marked derived). The store
    /// must hold them: run [`crate::rules::derive`] first (see
    /// [`GraphOptions::needs_derived`]).
    pub derived: bool,
    /// Keep only these relations (by name). Naming `entity` keeps the declared entities that
    /// no kept relation uses; otherwise only the ids the kept relations use become nodes.
    pub relations: Option<Vec<String>>,
}

impl GraphOptions {
    /// Base and derived relations, unfiltered.
    pub fn with_derived() -> GraphOptions {
        GraphOptions {
            derived: true,
            relations: None,
        }
    }

    /// Whether the relation declared by `decl` goes into the graph.
    pub fn includes(&self, decl: &RelationDecl) -> bool {
        match &self.relations {
            Some(names) if names.contains(&decl.name) => true,
            Some(_) => false,
            None => decl.kind == RelationKind::Base || self.derived,
        }
    }

    /// Whether the graph needs the derived relations (the caller must derive them first).
    pub fn needs_derived(&self) -> bool {
        let schema = Schema::standard();
        schema
            .ids()
            .map(|id| schema.decl(id))
            .any(|d| d.kind == RelationKind::Derived && self.includes(d))
    }

    /// The names in [`GraphOptions::relations`] that no relation of the schema has, in the
    /// order given (for the caller's error message; the build ignores them).
    pub fn unknown_relations(&self) -> Vec<&str> {
        let schema = Schema::standard();
        self.relations
            .iter()
            .flatten()
            .filter(|n| schema.lookup(n).is_none())
            .map(String::as_str)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::KnowledgeGraph;
    use crate::graph::fixture::{derived_store, edge_triples, node_ids};

    #[test]
    fn the_relation_filter_keeps_only_the_named_relations() {
        let opts = GraphOptions {
            derived: false,
            relations: Some(vec!["sponsor".into(), "publicly_opposed".into()]),
        };
        assert!(opts.needs_derived());
        let g = KnowledgeGraph::build(&derived_store(), &opts);
        assert_eq!(
            edge_triples(&g),
            vec![
                (
                    "china".into(),
                    "publicly_opposed".into(),
                    "us_draft_1994_06_15".into(),
                    true
                ),
                (
                    "russia".into(),
                    "publicly_opposed".into(),
                    "us_draft_1994_06_15".into(),
                    true
                ),
                (
                    "us_draft_1994_06_15".into(),
                    "sponsor".into(),
                    "united_states".into(),
                    false
                ),
            ]
        );
        // Nodes are the ids the kept relations use, named from `entity`.
        assert_eq!(
            node_ids(&g),
            vec!["china", "russia", "united_states", "us_draft_1994_06_15"]
        );
        assert_eq!(g.node("china").map(|n| n.label.as_str()), Some("China"));
        assert!(!GraphOptions::default().needs_derived());
        assert!(GraphOptions::with_derived().needs_derived());
    }

    #[test]
    fn unknown_relation_names_are_reported() {
        let opts = GraphOptions {
            derived: false,
            relations: Some(vec!["stance".into(), "stances".into()]),
        };
        assert_eq!(opts.unknown_relations(), vec!["stances"]);
    }
}
