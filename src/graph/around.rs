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

        // Breadth-first over entities; an event is crossed without counting a hop.
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
}
