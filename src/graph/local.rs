//! Neighbourhoods of a large knowledge base without drawing all of it: the facts within reach
//! of an entity are found in the store, and only they are drawn.
//!
//! The facts kept are those [`KnowledgeGraph::around`] can use: every entity within `depth`
//! hops (hops counted as there: a binary edge, or an event both take part in), every binary,
//! event or proposal fact all of whose entities are among them, their declarations and
//! attributes, and the quotes of the statements kept. The graph of those facts has the same
//! hop distances for those entities, so its neighbourhood is the whole graph's.

use super::shape::{Shape, entity_columns, shape_of};
use super::{GraphOptions, KnowledgeGraph, Neighbourhood};
use crate::kb::schema::ColumnType;
use crate::kb::{FactStore, RelId, Sym};
use rustc_hash::{FxHashMap, FxHashSet};

impl KnowledgeGraph {
    /// [`KnowledgeGraph::around_at_most`] of the graph of `store` (with `opts`), computed
    /// from the facts near `id` only; with the store of those facts, which the graph's
    /// [`super::FactRef`]s point into. `None` when `id` is no entity of that graph.
    pub fn near(
        store: &FactStore,
        opts: &GraphOptions,
        id: &str,
        depth: usize,
        max_nodes: usize,
    ) -> Option<(FactStore, Neighbourhood)> {
        let start = store.interner.get(id)?;
        let unknown = store.interner.get("");
        let schema = store.schema();
        let drawn: Vec<(RelId, Shape, Vec<usize>)> = schema
            .ids()
            .map(|r| (r, schema.decl(r)))
            .filter(|(_, d)| opts.includes(d))
            .map(|(r, d)| (r, shape_of(d), entity_columns(d).collect()))
            .collect();
        let linking =
            |shape: Shape| matches!(shape, Shape::Binary | Shape::Event | Shape::Proposal);
        let mut distance: FxHashMap<Sym, usize> = FxHashMap::default();
        distance.insert(start, 0);
        let mut frontier: FxHashSet<Sym> = FxHashSet::from_iter([start]);
        // At least one level: an entity that no `entity` fact declares is a node only through
        // the facts that name it.
        for level in 0..depth.max(1) {
            let mut next = FxHashSet::default();
            for (rel, shape, ids) in &drawn {
                if !linking(*shape) {
                    continue;
                }
                for t in store.relation(*rel).iter() {
                    if !ids.iter().any(|&c| frontier.contains(&t[c])) {
                        continue;
                    }
                    for &c in ids {
                        let e = t[c];
                        if Some(e) != unknown && !distance.contains_key(&e) {
                            distance.insert(e, level + 1);
                            next.insert(e);
                        }
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        let near = |s: Sym| Some(s) == unknown || distance.contains_key(&s);
        // An event is drawn around the entity only when a participant is closer than `depth`
        // (and at depth 0 the entity's own facts make it a node).
        let reach = depth.max(1);
        let inner = |s: Sym| distance.get(&s).is_some_and(|&d| d < reach);
        let shapes: FxHashMap<RelId, (Shape, &[usize])> = drawn
            .iter()
            .map(|(r, s, ids)| (*r, (*s, ids.as_slice())))
            .collect();
        // Statements kept, for their quotes.
        let statement = schema.lookup("statement");
        let mut statements: FxHashSet<Sym> = FxHashSet::default();
        let keep = |rel: RelId, t: &[Sym]| -> bool {
            let Some(&(shape, ids)) = shapes.get(&rel) else {
                return false;
            };
            match shape {
                Shape::Entities => near(t[0]),
                Shape::Attribute { entity, .. } => near(t[entity]),
                Shape::Binary => ids.iter().all(|&c| near(t[c])),
                Shape::Event => ids.iter().all(|&c| near(t[c])) && ids.iter().any(|&c| inner(t[c])),
                // A proposal's kind and date are attributes of the proposal: kept with it.
                Shape::Proposal => ids.first().is_some_and(|&c| near(t[c])),
                Shape::Quote | Shape::Skip => false,
            }
        };
        if let Some(st) = statement {
            let stmt_col = schema
                .decl(st)
                .columns
                .iter()
                .position(|c| c.ty == ColumnType::StmtId);
            if let Some(col) = stmt_col {
                for t in store.relation(st).iter().filter(|t| keep(st, t)) {
                    statements.insert(t[col]);
                }
            }
        }
        let sub = store.subset(|rel, t| match shapes.get(&rel) {
            Some((Shape::Quote, _)) => statements.contains(&t[0]),
            _ => keep(rel, t),
        });
        let graph = KnowledgeGraph::build(&sub, opts);
        let n = graph.around_at_most(id, depth, max_nodes)?;
        Some((sub, n))
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{derived_store, small_store};
    use super::super::{GraphOptions, KnowledgeGraph};
    use crate::export::write_json;

    fn json(g: &KnowledgeGraph) -> String {
        let mut out = Vec::new();
        write_json(g, &mut out).expect("writes");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn the_near_facts_draw_the_same_neighbourhood_as_the_whole_graph() {
        for (store, opts) in [
            (small_store(), GraphOptions::default()),
            (derived_store(), GraphOptions::with_derived()),
        ] {
            let whole = KnowledgeGraph::build(&store, &opts);
            let ids: Vec<String> = whole
                .nodes()
                .filter(|n| !n.kind.is_event())
                .map(|n| n.id.clone())
                .collect();
            for id in &ids {
                for depth in 0..4 {
                    let expected = whole.around(id, depth).expect("an entity");
                    let (_, got) = KnowledgeGraph::near(&store, &opts, id, depth, usize::MAX)
                        .unwrap_or_else(|| panic!("{id} at depth {depth}: no neighbourhood"));
                    assert_eq!(json(&got.graph), json(&expected), "{id} at depth {depth}");
                }
            }
            assert!(KnowledgeGraph::near(&store, &opts, "no_such_entity", 1, 10).is_none());
        }
    }
}
