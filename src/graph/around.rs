//! Neighbourhoods: the part of the graph within a number of entity hops of one entity.
//!
//! Hops count entities, not edges: an event does not add a hop, so `entity → event → entity`
//! is one hop, like a binary edge `entity → entity`. Edge directions are ignored.

use super::KnowledgeGraph;
use petgraph::stable_graph::NodeIndex;
use rustc_hash::FxHashMap;
use std::collections::VecDeque;

impl KnowledgeGraph {
    /// The neighbourhood of the entity `id` within `depth` entity hops, or `None` when no
    /// entity node has that id (event ids do not count).
    ///
    /// Exactly:
    /// - an entity is kept when its hop distance from `id` is at most `depth`, where one hop is
    ///   a binary edge between two entities or an event both take part in (directions ignored);
    /// - an event is kept when one of its participants is strictly closer than `depth`; it then
    ///   brings all its participants, which are at most `depth` hops away by construction;
    /// - an edge is kept when both its endpoints are kept.
    ///
    /// So depth 0 is the entity alone; depth 1 is the entity, its events and their
    /// participants, the entities it shares a binary edge with, and the binary edges among
    /// those. Events that do not involve the entity itself are left out even when all their
    /// participants are kept.
    pub fn around(&self, id: &str, depth: usize) -> Option<KnowledgeGraph> {
        let graph = self.petgraph();
        let start = self.node_index(id)?;
        if graph[start].kind.is_event() {
            return None;
        }
        let is_event = |n: NodeIndex| graph[n].kind.is_event();

        let distance = self.entity_distances(start, depth);

        let inside = |n: NodeIndex| distance.get(&n).is_some_and(|&d| d < depth);
        let kept = |n: NodeIndex| {
            if is_event(n) {
                graph.neighbors_undirected(n).any(inside)
            } else {
                distance.contains_key(&n)
            }
        };
        let nodes = self
            .nodes()
            .filter(|node| {
                kept(
                    self.node_index(&node.id)
                        .expect("invariant: every listed node is indexed"),
                )
            })
            .cloned()
            .collect();
        let edges = self
            .edges()
            .into_iter()
            .filter(|e| {
                let s = self.node_index(&e.source.id);
                let t = self.node_index(&e.target.id);
                s.is_some_and(kept) && t.is_some_and(kept)
            })
            .map(|e| (e.source.id.clone(), e.target.id.clone(), e.edge.clone()))
            .collect();
        Some(KnowledgeGraph::assemble(nodes, edges))
    }

    /// Entity hop distances from `start` up to `depth`: breadth-first over entities, an event
    /// crossed without counting a hop.
    fn entity_distances(&self, start: NodeIndex, depth: usize) -> FxHashMap<NodeIndex, usize> {
        let graph = self.petgraph();
        let is_event = |n: NodeIndex| graph[n].kind.is_event();
        let mut distance: FxHashMap<NodeIndex, usize> = FxHashMap::default();
        distance.insert(start, 0);
        let mut queue = VecDeque::from([start]);
        while let Some(n) = queue.pop_front() {
            let d = distance[&n];
            if d >= depth {
                continue;
            }
            for m in graph.neighbors_undirected(n) {
                let reached: Vec<NodeIndex> = if is_event(m) {
                    graph
                        .neighbors_undirected(m)
                        .filter(|&p| !is_event(p))
                        .collect()
                } else {
                    vec![m]
                };
                for p in reached {
                    distance.entry(p).or_insert_with(|| {
                        queue.push_back(p);
                        d + 1
                    });
                }
            }
        }

        distance
    }
}

/// A neighbourhood cut to a number of nodes, and how many it had.
#[derive(Clone, Debug)]
pub struct Neighbourhood {
    /// The nodes kept and the edges among them.
    pub graph: KnowledgeGraph,
    /// How many nodes the whole neighbourhood has.
    pub total_nodes: usize,
}

impl KnowledgeGraph {
    /// The neighbourhood of [`KnowledgeGraph::around`], cut to at most `max_nodes` nodes (at
    /// least the entity itself) so that a view of a busy entity stays small: nodes are taken
    /// nearest first (an event at the distance of its nearest participant, before the
    /// entities at that distance), then by id, an event only together with all its
    /// participants; edges are kept between kept nodes.
    pub fn around_at_most(
        &self,
        id: &str,
        depth: usize,
        max_nodes: usize,
    ) -> Option<Neighbourhood> {
        let whole = self.around(id, depth)?;
        let total_nodes = whole.node_count();
        if total_nodes <= max_nodes.max(1) {
            return Some(Neighbourhood {
                graph: whole,
                total_nodes,
            });
        }
        let graph = whole.petgraph();
        let start = whole.node_index(id)?;
        let is_event = |n: NodeIndex| graph[n].kind.is_event();
        let distance = whole.entity_distances(start, usize::MAX);
        let rank = |n: NodeIndex| -> (usize, bool) {
            if is_event(n) {
                let d = graph
                    .neighbors_undirected(n)
                    .filter_map(|p| distance.get(&p).copied())
                    .min()
                    .unwrap_or(usize::MAX);
                (d, false)
            } else {
                (distance.get(&n).copied().unwrap_or(usize::MAX), true)
            }
        };
        let mut order: Vec<(usize, bool, &str, NodeIndex)> = whole
            .nodes()
            .filter_map(|node| {
                let ix = whole.node_index(&node.id)?;
                let (d, entity) = rank(ix);
                Some((d, entity, node.id.as_str(), ix))
            })
            .collect();
        order.sort_unstable();
        let mut kept: rustc_hash::FxHashSet<NodeIndex> = rustc_hash::FxHashSet::default();
        kept.insert(start);
        for &(_, _, _, ix) in &order {
            if kept.len() >= max_nodes {
                break;
            }
            if kept.contains(&ix) {
                continue;
            }
            let mut add = vec![ix];
            if is_event(ix) {
                add.extend(graph.neighbors_undirected(ix).filter(|p| !kept.contains(p)));
                add.sort_unstable();
                add.dedup();
            }
            if kept.len() + add.len() <= max_nodes {
                kept.extend(add);
            }
        }
        let nodes = whole
            .nodes()
            .filter(|n| whole.node_index(&n.id).is_some_and(|ix| kept.contains(&ix)))
            .cloned()
            .collect();
        let edges = whole
            .edges()
            .into_iter()
            .filter(|e| {
                [&e.source.id, &e.target.id]
                    .iter()
                    .all(|id| whole.node_index(id).is_some_and(|ix| kept.contains(&ix)))
            })
            .map(|e| (e.source.id.clone(), e.target.id.clone(), e.edge.clone()))
            .collect();
        Some(Neighbourhood {
            graph: KnowledgeGraph::assemble(nodes, edges),
            total_nodes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{derived_store, small_store};
    use super::super::{GraphOptions, KnowledgeGraph};

    fn ids(g: &KnowledgeGraph) -> Vec<&str> {
        g.nodes().map(|n| n.id.as_str()).collect()
    }

    fn edges(g: &KnowledgeGraph) -> Vec<(&str, &str, &str)> {
        g.edges()
            .iter()
            .map(|e| {
                (
                    e.source.id.as_str(),
                    e.edge.label.as_str(),
                    e.target.id.as_str(),
                )
            })
            .collect()
    }

    const ROLE: &str = "holds_role(andrei_kozyrev,foreign_minister,russia,1994-06-16)";
    const MEMBER: &str = "member_of(russia,un_security_council,1991-12-24,)";
    const SUPPORT: &str = "stance(russia,us_draft_1994_06_15,support,1994-06-15)";

    #[test]
    fn depth_one_keeps_the_entity_its_events_their_participants_and_binary_neighbours() {
        let g = KnowledgeGraph::build(&small_store(), &GraphOptions::default());
        let n = g.around("russia", 1).expect("russia is an entity");
        // China, the United States and North Korea are two hops away (through the draft or
        // the Council); Kozyrev's own stance and statement do not involve Russia.
        assert_eq!(
            ids(&n),
            vec![
                "andrei_kozyrev",
                ROLE,
                MEMBER,
                "russia",
                "russia_foreign_ministry",
                SUPPORT,
                "un_security_council",
                "us_draft_1994_06_15",
            ]
        );
        assert_eq!(
            edges(&n),
            vec![
                ("andrei_kozyrev", "person", ROLE),
                (ROLE, "org", "russia"),
                (MEMBER, "body", "un_security_council"),
                ("russia", "actor", SUPPORT),
                ("russia", "country", MEMBER),
                ("russia", "permanent_member", "un_security_council"),
                ("russia_foreign_ministry", "organ_of", "russia"),
                (SUPPORT, "proposal", "us_draft_1994_06_15"),
                // Both ends are one hop away, so the edge between them stays.
                ("us_draft_1994_06_15", "in", "un_security_council"),
            ]
        );
        // Attributes and labels travel with the nodes.
        assert_eq!(n.node("russia"), g.node("russia"));
    }

    #[test]
    fn depth_zero_is_the_entity_alone_and_depth_two_reaches_further() {
        let g = KnowledgeGraph::build(&small_store(), &GraphOptions::default());
        let zero = g.around("russia", 0).expect("russia is an entity");
        assert_eq!(ids(&zero), vec!["russia"]);
        assert_eq!(zero.edge_count(), 0);

        let two = g.around("russia", 2).expect("russia is an entity");
        for id in ["china", "united_states", "north_korea"] {
            assert!(two.node(id).is_some(), "{id} is two hops away");
        }
        assert!(
            two.node("stance(andrei_kozyrev,us_draft_1994_06_15,oppose,1994-06-16)")
                .is_some()
        );
        assert!(two.node("nuclear_program").is_none(), "unconnected");
        // China's stance touches the draft (one hop): kept at depth 2.
        assert!(
            two.node("stance(china,us_draft_1994_06_15,oppose,)")
                .is_some()
        );
    }

    #[test]
    fn derived_events_count_as_hops_too() {
        let g = KnowledgeGraph::build(&derived_store(), &GraphOptions::with_derived());
        let n = g.around("russia", 1).expect("russia is an entity");
        // aligned(russia, china, draft) makes China one hop from Russia.
        assert!(n.node("china").is_some());
        assert!(
            n.node("aligned(russia,china,us_draft_1994_06_15)")
                .is_some()
        );
        assert!(
            n.node("state_stance(russia,us_draft_1994_06_15,oppose,1994-06-16)")
                .is_some()
        );
        // North Korea is still two hops away.
        assert!(n.node("north_korea").is_none());
        assert!(n.edges().iter().any(|e| e.edge.is_derived()));
    }

    #[test]
    fn only_entity_ids_have_a_neighbourhood() {
        let g = KnowledgeGraph::build(&small_store(), &GraphOptions::default());
        assert!(g.around("atlantis", 1).is_none());
        assert!(g.around(SUPPORT, 1).is_none());
        assert!(g.around("", 1).is_none());
    }

    #[test]
    fn a_cut_neighbourhood_keeps_the_entity_nearest_nodes_first_and_whole_events() {
        let g = KnowledgeGraph::build(&small_store(), &GraphOptions::default());
        let whole = g.around("russia", 1).expect("russia is an entity");
        let all = g.around_at_most("russia", 1, 1000).expect("russia");
        assert_eq!(all.total_nodes, whole.node_count());
        assert_eq!(ids(&all.graph), ids(&whole));

        let cut = g.around_at_most("russia", 1, 4).expect("russia");
        assert_eq!(cut.total_nodes, whole.node_count());
        assert!(cut.graph.node_count() <= 4);
        assert!(cut.graph.node("russia").is_some());
        // Every event kept comes with all its participants in the whole neighbourhood.
        for n in cut.graph.nodes().filter(|n| n.kind.is_event()) {
            let ix = whole.node_index(&n.id).expect("from the whole");
            for p in whole.petgraph().neighbors_undirected(ix) {
                assert!(cut.graph.node(&whole.petgraph()[p].id).is_some());
            }
        }
        // Edges join kept nodes only.
        for e in cut.graph.edges() {
            assert!(
                cut.graph.node(&e.source.id).is_some() && cut.graph.node(&e.target.id).is_some()
            );
        }
        assert_eq!(
            g.around_at_most("russia", 1, 0)
                .expect("russia")
                .graph
                .node_count(),
            1
        );
    }
}
