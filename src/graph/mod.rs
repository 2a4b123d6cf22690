//! The knowledge graph: entities and events as petgraph nodes, relations as labelled edges.
//!
//! Built from a [`FactStore`](crate::kb::FactStore) by [`KnowledgeGraph::build`]:
//! - every declared entity is a node (kind and name from `entity`); an id used by a relation but
//!   not declared becomes a node of kind `unknown`; `""` never becomes a node;
//! - a relation of two entity columns (`organ_of`, `permanent_member`, `sponsor`, `targets`,
//!   and the derived `represents`, `publicly_opposed`, `veto_power`, ...) is an edge labelled
//!   with the relation's name, from the first column to the second;
//! - `proposal(id, kind, body, date)` is an edge `id → body` labelled `in` (when the body is
//!   not `""`), its kind and date attributes of the proposal node;
//! - a relation of one entity column and one value (`alias`, `proposal_effect`) is an attribute
//!   of that entity; `quote` is an attribute of its statement's event;
//! - any other relation with entity columns (`stance`, `vote`, `holds_role`, `member_of`,
//!   `statement`, and the derived `state_stance`, `reversed_stance`, `aligned`) makes one
//!   EVENT node per fact, with a deterministic id ([`event_id`]); its first entity column points
//!   at the event, the event points at the other entity columns, each edge labelled with the
//!   column's name; the other columns are the event's attributes and label;
//! - relations without entity columns (`source`, `official_role`, `vetoable`) are left out.
//!
//! Nodes and edges from derived relations are marked derived; every edge keeps the fact it
//! comes from, so its provenance can be looked up in the store. Iteration is deterministic:
//! nodes by id, edges by (source id, label, target id, relation).
//!
//! This module knows nothing of how the graph is drawn or written (that is `export`) and
//! never touches the process.

mod around;
mod build;
#[cfg(test)]
pub(crate) mod fixture;
mod local;
mod model;
mod options;
mod shape;

pub use around::Neighbourhood;
pub use model::{Edge, EdgeView, FactRef, Node, NodeKind, event_id};
pub use options::GraphOptions;

use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use std::collections::BTreeMap;

/// The knowledge graph of a fact store (or a neighbourhood of one, see
/// [`KnowledgeGraph::around`]).
///
/// ```
/// use factlog::graph::{GraphOptions, KnowledgeGraph, NodeKind};
/// use factlog::kb::FactStore;
///
/// let mut store = FactStore::new();
/// store.insert_text("entity", &["russia", "country", "Russia"], None);
/// store.insert_text("entity", &["us_draft", "proposal", "US draft"], None);
/// store.insert_text("stance", &["russia", "us_draft", "oppose", "1994-06-16"], None);
/// let store = factlog::rules::derive(store);
///
/// let g = KnowledgeGraph::build(&store, &GraphOptions::with_derived());
/// let stance = g.node("stance(russia,us_draft,oppose,1994-06-16)").expect("an event");
/// assert_eq!((stance.kind, stance.label.as_str()), (NodeKind::Event, "stance: oppose\n1994-06-16"));
/// let opposed = g.edges().into_iter().find(|e| e.edge.relation == "publicly_opposed");
/// assert!(opposed.is_some_and(|e| e.edge.is_derived()));
///
/// let mut dot = Vec::new();
/// factlog::export::write_dot(&g, &mut dot)?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct KnowledgeGraph {
    graph: StableDiGraph<Node, Edge>,
    index: BTreeMap<String, NodeIndex>,
}

impl KnowledgeGraph {
    /// Assembles a graph from nodes and `(source id, target id, edge)` triples whose
    /// endpoints are among the nodes. Nodes are inserted in id order and edges in their sort
    /// order, so that the petgraph indices are deterministic too.
    fn assemble(nodes: Vec<Node>, mut edges: Vec<(String, String, Edge)>) -> KnowledgeGraph {
        let mut nodes = nodes;
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        edges.sort_by(|a, b| {
            (&a.0, &a.2.label, &a.1, a.2.relation).cmp(&(&b.0, &b.2.label, &b.1, b.2.relation))
        });
        let mut graph = StableDiGraph::with_capacity(nodes.len(), edges.len());
        let mut index = BTreeMap::new();
        for node in nodes {
            let id = node.id.clone();
            let ix = graph.add_node(node);
            index.insert(id, ix);
        }
        for (source, target, edge) in edges {
            let s = index[&source];
            let t = index[&target];
            graph.add_edge(s, t, edge);
        }
        KnowledgeGraph { graph, index }
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&ix| &self.graph[ix])
    }

    /// Every node, sorted by id.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> + '_ {
        self.index.values().map(|&ix| &self.graph[ix])
    }

    /// Every edge with its endpoints, sorted by (source id, label, target id, relation).
    pub fn edges(&self) -> Vec<EdgeView<'_>> {
        let mut edges: Vec<EdgeView<'_>> = self
            .graph
            .edge_indices()
            .map(|e| {
                let (s, t) = self
                    .graph
                    .edge_endpoints(e)
                    .expect("invariant: an edge index from edge_indices has endpoints");
                EdgeView {
                    source: &self.graph[s],
                    target: &self.graph[t],
                    edge: &self.graph[e],
                }
            })
            .collect();
        edges.sort_by(|a, b| a.key().cmp(&b.key()));
        edges
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// The number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Whether the graph has no node.
    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }

    /// The petgraph index of the node with this id (for algorithms on
    /// [`KnowledgeGraph::petgraph`]).
    pub fn node_index(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    /// The underlying petgraph graph (for paths and other algorithms).
    pub fn petgraph(&self) -> &StableDiGraph<Node, Edge> {
        &self.graph
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{derived_store, small_store};
    use super::*;

    #[test]
    fn nodes_iterate_by_id_and_edges_by_source_label_target() {
        let g = KnowledgeGraph::build(&derived_store(), &GraphOptions::with_derived());
        let ids: Vec<&str> = g.nodes().map(|n| n.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted);
        let keys: Vec<_> = g.edges().iter().map(|e| e.key()).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        // The petgraph insertion order follows the same order.
        let petgraph_ids: Vec<&str> = g
            .petgraph()
            .node_indices()
            .map(|ix| g.petgraph()[ix].id.as_str())
            .collect();
        assert_eq!(petgraph_ids, ids);
    }

    #[test]
    fn lookups_by_id() {
        let g = KnowledgeGraph::build(&small_store(), &GraphOptions::default());
        assert_eq!(g.node("russia").map(|n| n.label.as_str()), Some("Russia"));
        let ix = g.node_index("russia").expect("russia is a node");
        assert_eq!(g.petgraph()[ix].kind, NodeKind::Country);
        assert!(g.node("nobody").is_none());
        assert!(!g.is_empty());
        assert_eq!(g.edges().len(), g.edge_count());
        assert!(KnowledgeGraph::default().is_empty());
    }
}
