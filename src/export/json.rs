//! The knowledge graph as JSON: `{"nodes": [...], "edges": [...]}`, pretty-printed.
//!
//! A node is `{"id", "kind", "label", "derived", "origins", ...attributes}` (the attributes
//! flattened in, sorted by name); an edge is `{"source", "target", "relation", "label",
//! "derived", "origins"}`. Nodes come sorted by id, edges by (source, label, target), and
//! every object's keys in a fixed order, so equal graphs give equal bytes.

use crate::graph::KnowledgeGraph;
use crate::kb::Origin;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The graph as the JSON document [`write_json`] prints: serialize it into a larger document
/// (`factlog serve` does) to get the same nodes and edges with the same keys in the same order.
#[derive(Serialize)]
pub struct GraphDocument<'g> {
    nodes: Vec<JsonNode<'g>>,
    edges: Vec<JsonEdge<'g>>,
}

#[derive(Serialize)]
struct JsonNode<'g> {
    id: &'g str,
    kind: &'static str,
    label: &'g str,
    derived: bool,
    origins: &'g [Origin],
    #[serde(flatten)]
    attributes: &'g BTreeMap<String, String>,
}

#[derive(Serialize)]
struct JsonEdge<'g> {
    source: &'g str,
    target: &'g str,
    relation: &'static str,
    label: &'g str,
    derived: bool,
    origins: &'g [Origin],
}

/// Writes the graph as pretty-printed JSON followed by a newline.
pub fn write_json(g: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &GraphDocument::new(g))?;
    writeln!(out)
}

impl<'g> GraphDocument<'g> {
    /// The document of `g`: nodes sorted by id, edges by (source, label, target).
    pub fn new(g: &'g KnowledgeGraph) -> GraphDocument<'g> {
        GraphDocument {
            nodes: g
                .nodes()
                .map(|n| JsonNode {
                    id: &n.id,
                    kind: n.kind.as_str(),
                    label: &n.label,
                    derived: n.is_derived(),
                    origins: &n.origins,
                    attributes: &n.attributes,
                })
                .collect(),
            edges: g
                .edges()
                .into_iter()
                .map(|e| JsonEdge {
                    source: &e.source.id,
                    target: &e.target.id,
                    relation: e.edge.relation,
                    label: &e.edge.label,
                    derived: e.edge.is_derived(),
                    origins: &e.edge.origins,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphOptions;
    use crate::graph::fixture::{derived_store, tiny_store};
    use serde_json::Value;

    fn json_text(g: &KnowledgeGraph) -> String {
        let mut out = Vec::new();
        write_json(g, &mut out).expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    #[test]
    fn a_tiny_graph_snapshot() {
        let g = KnowledgeGraph::build(&tiny_store(), &GraphOptions::with_derived());
        insta::assert_snapshot!(json_text(&g));
    }

    #[test]
    fn output_is_stable_and_sorted() {
        let store = derived_store();
        let g = KnowledgeGraph::build(&store, &GraphOptions::with_derived());
        let text = json_text(&g);
        assert_eq!(
            text,
            json_text(&KnowledgeGraph::build(
                &store.clone(),
                &GraphOptions::with_derived()
            ))
        );
        assert!(text.ends_with("}\n"));

        let v: Value = serde_json::from_str(&text).expect("valid JSON");
        let nodes = v["nodes"].as_array().expect("nodes");
        let ids: Vec<&str> = nodes
            .iter()
            .map(|n| n["id"].as_str().expect("id"))
            .collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted);
        assert_eq!(nodes.len(), g.node_count());

        let edges = v["edges"].as_array().expect("edges");
        let keys: Vec<(&str, &str, &str)> = edges
            .iter()
            .map(|e| {
                (
                    e["source"].as_str().expect("source"),
                    e["label"].as_str().expect("label"),
                    e["target"].as_str().expect("target"),
                )
            })
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        assert_eq!(edges.len(), g.edge_count());
    }

    #[test]
    fn nodes_carry_attributes_and_edges_their_derivation() {
        let g = KnowledgeGraph::build(&derived_store(), &GraphOptions::with_derived());
        let v: Value = serde_json::from_str(&json_text(&g)).expect("valid JSON");
        let russia = v["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .find(|n| n["id"] == "russia")
            .expect("russia");
        assert_eq!(russia["kind"], "country");
        assert_eq!(russia["label"], "Russia");
        assert_eq!(russia["alias"], "Moscow; Russian");
        assert_eq!(russia["origins"], serde_json::json!(["curated"]));
        let represents = v["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .find(|e| e["relation"] == "represents")
            .expect("a represents edge");
        assert_eq!(represents["derived"], true);
        assert_eq!(represents["source"], "andrei_kozyrev");
        assert_eq!(represents["target"], "russia");
    }
}
