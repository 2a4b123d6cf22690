//! `GET /api/entity` (an entity and its neighbourhood: the graph JSON of `factlog export
//! --format json --around ID --depth N --derived`, cut to a number of nodes, drawn from the
//! facts near the entity only, so that a large base is not drawn whole) and
//! `GET /api/entities` (entities by id or name, for finding one).

use super::query::literal;
use super::{ApiError, ApiRequest};
use crate::export::GraphDocument;
use crate::graph::{FactRef, GraphOptions, KnowledgeGraph};
use crate::kb::FactStore;
use crate::serve::Limits;
use crate::serve::workbench::Workbench;
use serde::Serialize;
use std::collections::BTreeMap;

/// The deepest neighbourhood asked for.
const MAX_DEPTH: usize = 4;

#[derive(Serialize)]
struct EntityDoc<'g> {
    id: &'g str,
    kind: Option<&'g str>,
    name: Option<&'g str>,
    aliases: Vec<&'g str>,
    depth: usize,
    relations: Option<&'g [String]>,
    total_nodes: usize,
    truncated: bool,
    graph: GraphDocument<'g>,
    /// Per event node, the atom `/api/why` explains.
    events: BTreeMap<&'g str, String>,
    /// Per edge (in the graph's order), the atom of the fact behind it.
    edges_why: Vec<String>,
}

/// The atom text of a fact of the graph.
fn atom_of(store: &FactStore, fact: &FactRef) -> String {
    let args: Vec<String> = fact.text(store).iter().map(|v| literal(v, true)).collect();
    format!(
        "{}({})",
        store.schema().decl(fact.relation).name,
        args.join(", ")
    )
}

/// `GET /api/entity?id=ID&depth=N&relations=a,b&max_nodes=N`.
pub fn entity(wb: &Workbench, req: &ApiRequest, limits: &Limits) -> Result<Vec<u8>, ApiError> {
    let id = req.text("id", limits.max_query)?;
    let depth = req.number("depth", 1, MAX_DEPTH)?;
    let max_nodes = req.number("max_nodes", limits.max_nodes, limits.max_nodes)?;
    let relations: Option<Vec<String>> =
        req.param("relations").filter(|r| !r.is_empty()).map(|r| {
            let mut names: Vec<String> = r.split(',').map(|s| s.trim().to_string()).collect();
            names.sort();
            names.dedup();
            names
        });
    let opts = GraphOptions {
        derived: true,
        relations: relations.clone(),
    };
    let unknown = opts.unknown_relations();
    if !unknown.is_empty() {
        return Err(ApiError::bad_parameter(format!(
            "unknown relation{} in `relations`: {} (expected names of queries/schema.dl or queries/stance.dl)",
            if unknown.len() == 1 { "" } else { "s" },
            unknown.join(", ")
        )));
    }
    let store = &wb.kb.store;
    let Some((near, n)) = KnowledgeGraph::near(store, &opts, id, depth, max_nodes) else {
        let known = store
            .interner
            .get(id)
            .is_some_and(|sym| store.get("entity").iter().any(|t| t[0] == sym));
        return Err(if known {
            ApiError::not_found(format!(
                "{id}: no edge of {id} is kept by the relations asked for; nothing to draw (widen `relations`)"
            ))
        } else {
            ApiError::not_found(format!(
                "no entity with the id `{id}` in the graph (expected an id such as \"russia\"; /api/entities?prefix= lists them)"
            ))
        });
    };
    let decl = store.interner.get(id).and_then(|sym| {
        store
            .get("entity")
            .iter()
            .find(|t| t[0] == sym)
            .map(|t| (store.interner.resolve(t[1]), store.interner.resolve(t[2])))
    });
    let aliases = store.interner.get(id).map_or_else(Vec::new, |sym| {
        let mut a: Vec<&str> = store
            .get("alias")
            .iter()
            .filter(|t| t[0] == sym)
            .map(|t| store.interner.resolve(t[1]))
            .collect();
        a.sort_unstable();
        a
    });
    let doc = EntityDoc {
        id,
        kind: decl.map(|d| d.0),
        name: decl.map(|d| d.1),
        aliases,
        depth,
        relations: relations.as_deref(),
        total_nodes: n.total_nodes,
        truncated: n.graph.node_count() < n.total_nodes,
        graph: GraphDocument::new(&n.graph),
        events: n
            .graph
            .nodes()
            .filter(|node| node.kind.is_event())
            .filter_map(|node| Some((node.id.as_str(), atom_of(&near, node.fact.as_ref()?))))
            .collect(),
        edges_why: n
            .graph
            .edges()
            .iter()
            .map(|e| atom_of(&near, &e.edge.fact))
            .collect(),
    };
    Ok(super::to_bytes(&doc))
}

#[derive(Serialize)]
struct EntityRow<'s> {
    id: &'s str,
    kind: &'s str,
    name: &'s str,
}

/// `GET /api/entities?prefix=TEXT&limit=N`: entities whose id starts with, or whose name
/// contains, the text (case ignored), sorted by id.
pub fn entities(wb: &Workbench, req: &ApiRequest, limits: &Limits) -> Result<Vec<u8>, ApiError> {
    let prefix = req.param("prefix").unwrap_or("");
    if prefix.len() > limits.max_query {
        return Err(ApiError::bad_parameter("`prefix` is too long"));
    }
    let limit = req.number("limit", 50, limits.max_rows)?;
    let needle = prefix.to_lowercase();
    let store = &wb.kb.store;
    let mut rows: Vec<EntityRow<'_>> = store
        .get("entity")
        .iter()
        .map(|t| EntityRow {
            id: store.interner.resolve(t[0]),
            kind: store.interner.resolve(t[1]),
            name: store.interner.resolve(t[2]),
        })
        .filter(|e| {
            needle.is_empty()
                || e.id.to_lowercase().starts_with(&needle)
                || e.name.to_lowercase().contains(&needle)
        })
        .collect();
    rows.sort_by(|a, b| (a.id, a.kind).cmp(&(b.id, b.kind)));
    rows.dedup_by(|a, b| a.id == b.id);
    let total = rows.len();
    rows.truncate(limit);
    Ok(super::to_bytes(
        &serde_json::json!({"entities": rows, "total": total}),
    ))
}
