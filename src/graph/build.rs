//! Building the knowledge graph from a fact store: nodes for entities, edges for binary
//! relations, event nodes for n-ary facts, attributes for the rest (see the module
//! documentation of [`crate::graph`] and [`super::shape`]).
//!
//! Rows are read in text order, so that the first of several conflicting rows (two names for
//! one entity, say) is always the same one.

use super::KnowledgeGraph;
use super::model::{Edge, FactRef, Node, NodeKind, event_id};
use super::options::GraphOptions;
use super::shape::{Shape, attribute_key, column, entity_columns, event_label, shape_of};
use crate::kb::schema::{ColumnType, RelationDecl};
use crate::kb::{FactStore, Origin, RelId, RelationKind, Sym};
use std::collections::{BTreeMap, BTreeSet};

/// A node being built; attribute values are collected as sets.
struct Draft {
    node: Node,
    attributes: BTreeMap<String, BTreeSet<String>>,
}

struct Builder<'s> {
    store: &'s FactStore,
    /// `entity` rows by id: (kind, name, fact); the first in text order wins.
    declared: BTreeMap<&'s str, (&'s str, &'s str, FactRef)>,
    nodes: BTreeMap<String, Draft>,
    /// Keyed by (source id, label, target id, relation): a repeated key keeps the first fact.
    edges: BTreeMap<(String, String, String, &'static str), Edge>,
    /// Statement id → the ids of its event nodes (for `quote`).
    statements: BTreeMap<&'s str, Vec<String>>,
}

impl KnowledgeGraph {
    /// Builds the graph of `store`'s relations selected by `opts`.
    pub fn build(store: &FactStore, opts: &GraphOptions) -> KnowledgeGraph {
        let schema = store.schema();
        let mut b = Builder {
            store,
            declared: BTreeMap::new(),
            nodes: BTreeMap::new(),
            edges: BTreeMap::new(),
            statements: BTreeMap::new(),
        };
        let entity = schema.id("entity");
        for t in b.sorted(entity) {
            let id = b.text(t[0]);
            let fact = FactRef {
                relation: entity,
                tuple: t.into(),
            };
            b.declared.entry(id).or_insert_with(|| {
                (
                    store.interner.resolve(t[1]),
                    store.interner.resolve(t[2]),
                    fact,
                )
            });
        }
        let included: Vec<(RelId, &'static RelationDecl, Shape)> = schema
            .ids()
            .map(|id| (id, schema.decl(id)))
            .filter(|(_, d)| opts.includes(d))
            .map(|(id, d)| (id, d, shape_of(d)))
            .collect();
        // Nodes and edges first; attributes annotate only the nodes that exist.
        for &(rel, decl, shape) in &included {
            match shape {
                Shape::Entities => {
                    let ids: Vec<&str> = b.declared.keys().copied().collect();
                    for id in ids {
                        b.entity(id);
                    }
                }
                Shape::Binary => b.binary(rel, decl),
                Shape::Proposal => b.proposal_edges(rel, decl),
                Shape::Event => b.events(rel, decl),
                Shape::Attribute { .. } | Shape::Quote | Shape::Skip => {}
            }
        }
        for &(rel, decl, shape) in &included {
            match shape {
                Shape::Attribute { entity, value } => b.attributes(rel, decl, entity, value),
                Shape::Proposal => b.proposal_attributes(rel),
                Shape::Quote => b.quotes(rel),
                _ => {}
            }
        }
        b.finish()
    }
}

impl<'s> Builder<'s> {
    fn text(&self, s: Sym) -> &'s str {
        self.store.interner.resolve(s)
    }

    /// A relation's tuples in text order.
    fn sorted(&self, rel: RelId) -> Vec<&'s [Sym]> {
        let mut rows: Vec<&'s [Sym]> = self.store.relation(rel).iter().collect();
        rows.sort_by(|a, b| self.store.interner.cmp_tuples(a, b));
        rows
    }

    fn origins(&self, rel: RelId, tuple: &[Sym]) -> Vec<Origin> {
        let set: BTreeSet<Origin> = self
            .store
            .relation(rel)
            .provenance_of(tuple)
            .iter()
            .map(|p| p.origin)
            .collect();
        set.into_iter().collect()
    }

    /// The entity node for `id`, created if new; `None` for `""`.
    fn entity(&mut self, id: &str) -> Option<String> {
        if id.is_empty() {
            return None;
        }
        if !self.nodes.contains_key(id) {
            let (kind, label, fact) = match self.declared.get(id) {
                Some((kind, name, fact)) => (
                    NodeKind::from_entity_kind(kind),
                    if name.is_empty() { id } else { name },
                    Some(fact.clone()),
                ),
                None => (NodeKind::Unknown, id, None),
            };
            let origins = fact
                .as_ref()
                .map(|f| self.origins(f.relation, &f.tuple))
                .unwrap_or_default();
            let node = Node {
                id: id.to_string(),
                kind,
                label: label.to_string(),
                attributes: BTreeMap::new(),
                derivation: RelationKind::Base,
                relation: None,
                fact,
                origins,
            };
            self.nodes.insert(
                id.to_string(),
                Draft {
                    node,
                    attributes: BTreeMap::new(),
                },
            );
        }
        Some(id.to_string())
    }

    fn edge(&mut self, source: String, label: &str, target: String, rel: RelId, tuple: &[Sym]) {
        let decl = self.store.schema().decl(rel);
        let key = (source, label.to_string(), target, decl.name.as_str());
        if self.edges.contains_key(&key) {
            return;
        }
        let edge = Edge {
            label: label.to_string(),
            relation: decl.name.as_str(),
            derivation: decl.kind,
            fact: FactRef {
                relation: rel,
                tuple: tuple.into(),
            },
            origins: self.origins(rel, tuple),
        };
        self.edges.insert(key, edge);
    }

    /// `rel(a, b)` between two entities: `a → b` labelled `rel`.
    fn binary(&mut self, rel: RelId, decl: &'static RelationDecl) {
        for t in self.sorted(rel) {
            let (a, b) = (self.text(t[0]), self.text(t[1]));
            if a.is_empty() || b.is_empty() {
                // Checked first so that `""` on one side creates no node on the other.
                continue;
            }
            let (Some(a), Some(b)) = (self.entity(a), self.entity(b)) else {
                continue;
            };
            self.edge(a, &decl.name, b, rel, t);
        }
    }

    /// `proposal(id, kind, body, date)`: `id → body` labelled `in`.
    fn proposal_edges(&mut self, rel: RelId, decl: &'static RelationDecl) {
        let body = column(decl, "body");
        for t in self.sorted(rel) {
            let (id, to) = (self.text(t[0]), self.text(t[body]));
            if id.is_empty() || to.is_empty() {
                // Checked first so that a proposal without a body creates no node.
                continue;
            }
            let (Some(a), Some(b)) = (self.entity(id), self.entity(to)) else {
                continue;
            };
            self.edge(a, "in", b, rel, t);
        }
    }

    /// One event node per fact, tied to its entity columns.
    fn events(&mut self, rel: RelId, decl: &'static RelationDecl) {
        let ids: Vec<usize> = entity_columns(decl).collect();
        let first = ids[0];
        for t in self.sorted(rel) {
            let args: Vec<&str> = t.iter().map(|&s| self.text(s)).collect();
            if ids.iter().all(|&i| args[i].is_empty()) {
                continue;
            }
            let id = event_id(&decl.name, &args);
            let mut attributes = BTreeMap::new();
            attributes.insert("relation".to_string(), BTreeSet::from([decl.name.clone()]));
            for (i, c) in decl.columns.iter().enumerate() {
                if c.ty != ColumnType::Id && !args[i].is_empty() {
                    let key = attribute_key(&decl.name, &c.name);
                    attributes.insert(key, BTreeSet::from([args[i].to_string()]));
                }
            }
            if decl.columns[0].ty == ColumnType::StmtId {
                self.statements.entry(args[0]).or_default().push(id.clone());
            }
            let node = Node {
                id: id.clone(),
                kind: NodeKind::Event,
                label: event_label(decl, &args),
                attributes: BTreeMap::new(),
                derivation: decl.kind,
                relation: Some(decl.name.as_str()),
                fact: Some(FactRef {
                    relation: rel,
                    tuple: t.into(),
                }),
                origins: self.origins(rel, t),
            };
            self.nodes.insert(id.clone(), Draft { node, attributes });
            for &i in &ids {
                let Some(entity) = self.entity(args[i]) else {
                    continue;
                };
                let label = &decl.columns[i].name;
                if i == first {
                    self.edge(entity, label, id.clone(), rel, t);
                } else {
                    self.edge(id.clone(), label, entity, rel, t);
                }
            }
        }
    }

    fn add_attribute(&mut self, node: &str, key: String, value: &str) {
        if value.is_empty() {
            return;
        }
        if let Some(d) = self.nodes.get_mut(node) {
            d.attributes
                .entry(key)
                .or_default()
                .insert(value.to_string());
        }
    }

    /// `alias(id, text)`, `proposal_effect(proposal, effect)`: attribute named after the relation.
    fn attributes(&mut self, rel: RelId, decl: &'static RelationDecl, entity: usize, value: usize) {
        for t in self.sorted(rel) {
            let (id, v) = (self.text(t[entity]), self.text(t[value]));
            self.add_attribute(id, decl.name.clone(), v);
        }
    }

    /// `proposal(id, kind, body, date)`: `proposal_kind` and `date` of the proposal node.
    fn proposal_attributes(&mut self, rel: RelId) {
        let decl = self.store.schema().decl(rel);
        for t in self.sorted(rel) {
            let id = self.text(t[0]);
            for (i, c) in decl.columns.iter().enumerate() {
                if c.ty != ColumnType::Id {
                    let v = self.text(t[i]);
                    self.add_attribute(id, attribute_key(&decl.name, &c.name), v);
                }
            }
        }
    }

    /// `quote(statement, text)`: a `quote` attribute of the statement's events.
    fn quotes(&mut self, rel: RelId) {
        for t in self.sorted(rel) {
            let (stmt, text) = (self.text(t[0]), self.text(t[1]));
            let events = self.statements.get(stmt).cloned().unwrap_or_default();
            for e in events {
                self.add_attribute(&e, "quote".to_string(), text);
            }
        }
    }

    fn finish(self) -> KnowledgeGraph {
        let nodes = self
            .nodes
            .into_values()
            .map(|mut d| {
                d.node.attributes = d
                    .attributes
                    .into_iter()
                    .map(|(k, vs)| (k, vs.into_iter().collect::<Vec<_>>().join("; ")))
                    .collect();
                d.node
            })
            .collect();
        let edges = self
            .edges
            .into_iter()
            .map(|((s, _, t, _), e)| (s, t, e))
            .collect();
        KnowledgeGraph::assemble(nodes, edges)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::fixture::{derived_store, edge_triples, node_ids, small_store};

    #[test]
    fn entities_unknown_ids_and_events_become_nodes() {
        let g = KnowledgeGraph::build(&small_store(), &GraphOptions::default());
        assert_eq!(
            node_ids(&g),
            vec![
                "andrei_kozyrev",
                "china",
                "holds_role(andrei_kozyrev,foreign_minister,russia,1994-06-16)",
                "member_of(russia,un_security_council,1991-12-24,)",
                "north_korea",
                "nuclear_program",
                "russia",
                "russia_foreign_ministry",
                "stance(andrei_kozyrev,us_draft_1994_06_15,oppose,1994-06-16)",
                "stance(china,us_draft_1994_06_15,oppose,)",
                "stance(russia,us_draft_1994_06_15,support,1994-06-15)",
                "statement(mt_1994_06_17_s3_1,andrei_kozyrev,1994-06-16,mt_1994_06_17)",
                "un_security_council",
                "united_states",
                "us_draft_1994_06_15",
                "vote(united_states,us_draft_1994_06_15,for,1994-06-20)",
            ]
        );
        let unknown = g.node("russia_foreign_ministry").expect("used by organ_of");
        assert_eq!(
            (unknown.kind, unknown.label.as_str()),
            (NodeKind::Unknown, "russia_foreign_ministry")
        );
        assert!(g.node("").is_none());
        assert_eq!(
            g.node("nuclear_program").map(|n| n.kind),
            Some(NodeKind::Issue)
        );
    }

    #[test]
    fn event_nodes_have_deterministic_ids_labels_and_participant_edges() {
        let store = small_store();
        let a = KnowledgeGraph::build(&store, &GraphOptions::default());
        let b = KnowledgeGraph::build(&store.clone(), &GraphOptions::default());
        assert_eq!(node_ids(&a), node_ids(&b));
        assert_eq!(edge_triples(&a), edge_triples(&b));

        let id = "stance(andrei_kozyrev,us_draft_1994_06_15,oppose,1994-06-16)";
        let e = a.node(id).expect("the stance event");
        assert_eq!(e.kind, NodeKind::Event);
        assert_eq!(e.label, "stance: oppose\n1994-06-16");
        assert_eq!(e.relation, Some("stance"));
        assert_eq!(
            e.attributes.get("position").map(String::as_str),
            Some("oppose")
        );
        assert_eq!(
            e.attributes.get("date").map(String::as_str),
            Some("1994-06-16")
        );
        assert_eq!(e.origins, vec![Origin::Curated, Origin::Extracted]);
        let touching: Vec<_> = edge_triples(&a)
            .into_iter()
            .filter(|(s, _, t, _)| s == id || t == id)
            .collect();
        assert_eq!(
            touching,
            vec![
                ("andrei_kozyrev".into(), "actor".into(), id.into(), false),
                (
                    id.into(),
                    "proposal".into(),
                    "us_draft_1994_06_15".into(),
                    false
                ),
            ]
        );

        let role = a
            .node("holds_role(andrei_kozyrev,foreign_minister,russia,1994-06-16)")
            .expect("the role event");
        assert_eq!(role.label, "holds_role: foreign_minister\n1994-06-16");
        let member = a
            .node("member_of(russia,un_security_council,1991-12-24,)")
            .expect("the membership event");
        assert_eq!(member.label, "member_of\n1991-12-24 → …");
        assert_eq!(
            a.node("stance(china,us_draft_1994_06_15,oppose,)")
                .map(|n| n.label.as_str()),
            Some("stance: oppose")
        );
    }

    #[test]
    fn attributes_come_from_attribute_relations() {
        let g = KnowledgeGraph::build(&small_store(), &GraphOptions::default());
        let attr = |id: &str, key: &str| g.node(id).and_then(|n| n.attributes.get(key).cloned());
        assert_eq!(attr("russia", "alias").as_deref(), Some("Moscow; Russian"));
        assert_eq!(
            attr("us_draft_1994_06_15", "proposal_effect").as_deref(),
            Some("impose")
        );
        assert_eq!(
            attr("us_draft_1994_06_15", "proposal_kind").as_deref(),
            Some("draft_resolution")
        );
        assert_eq!(
            attr("us_draft_1994_06_15", "date").as_deref(),
            Some("1994-06-15")
        );
        let stmt = "statement(mt_1994_06_17_s3_1,andrei_kozyrev,1994-06-16,mt_1994_06_17)";
        assert_eq!(
            attr(stmt, "quote").as_deref(),
            Some("We will not support it.")
        );
        assert_eq!(
            attr(stmt, "statement_id").as_deref(),
            Some("mt_1994_06_17_s3_1")
        );
        assert_eq!(attr(stmt, "source").as_deref(), Some("mt_1994_06_17"));
    }

    #[test]
    fn binary_relations_and_proposal_bodies_are_edges() {
        let g = KnowledgeGraph::build(&small_store(), &GraphOptions::default());
        let t = edge_triples(&g);
        for (s, l, o) in [
            ("us_draft_1994_06_15", "in", "un_security_council"),
            ("us_draft_1994_06_15", "sponsor", "united_states"),
            ("us_draft_1994_06_15", "targets", "north_korea"),
            ("russia", "permanent_member", "un_security_council"),
            ("russia_foreign_ministry", "organ_of", "russia"),
        ] {
            assert!(
                t.contains(&(s.into(), l.into(), o.into(), false)),
                "{s} -{l}-> {o}"
            );
        }
        assert!(t.iter().all(|(_, _, _, derived)| !derived));
        let sponsor = g
            .edges()
            .into_iter()
            .find(|e| e.edge.label == "sponsor")
            .expect("sponsor edge");
        assert_eq!(sponsor.edge.origins, vec![Origin::Curated]);
    }

    #[test]
    fn derived_relations_are_marked_derived() {
        let store = derived_store();
        let without = KnowledgeGraph::build(&store, &GraphOptions::default());
        assert!(without.edges().iter().all(|e| !e.edge.is_derived()));
        assert!(without.nodes().all(|n| !n.is_derived()));

        let g = KnowledgeGraph::build(&store, &GraphOptions::with_derived());
        let t = edge_triples(&g);
        for (s, l, o) in [
            ("andrei_kozyrev", "represents", "russia"),
            ("russia", "publicly_opposed", "us_draft_1994_06_15"),
            ("russia", "veto_power", "us_draft_1994_06_15"),
            (
                "russia",
                "opposed_without_veto_commitment",
                "us_draft_1994_06_15",
            ),
        ] {
            assert!(
                t.contains(&(s.into(), l.into(), o.into(), true)),
                "{s} -{l}-> {o}"
            );
        }
        let reversed = g
            .node("reversed_stance(russia,us_draft_1994_06_15,1994-06-15,1994-06-16)")
            .expect("the reversal event");
        assert!(reversed.is_derived());
        assert!(reversed.origins.is_empty());
        assert_eq!(reversed.label, "reversed_stance\n1994-06-15 → 1994-06-16");
        let aligned = "aligned(china,russia,us_draft_1994_06_15)";
        assert!(t.contains(&("china".into(), "country".into(), aligned.into(), true)));
        assert!(t.contains(&(aligned.into(), "other".into(), "russia".into(), true)));
        // Base edges stay base next to derived ones.
        assert!(t.contains(&(
            "us_draft_1994_06_15".into(),
            "sponsor".into(),
            "united_states".into(),
            false
        )));
        let derived = g
            .edges()
            .into_iter()
            .find(|e| e.edge.is_derived())
            .expect("a derived edge");
        assert!(derived.edge.fact.provenance(&store).is_empty());
    }

    #[test]
    fn base_edges_point_back_to_their_provenance() {
        let store = small_store();
        let g = KnowledgeGraph::build(&store, &GraphOptions::default());
        let e = g
            .edges()
            .into_iter()
            .find(|e| e.edge.label == "actor" && e.source.id == "andrei_kozyrev")
            .expect("kozyrev's stance");
        assert_eq!(
            e.edge.fact.text(&store),
            vec![
                "andrei_kozyrev",
                "us_draft_1994_06_15",
                "oppose",
                "1994-06-16"
            ]
        );
        let origins: Vec<Origin> = e
            .edge
            .fact
            .provenance(&store)
            .iter()
            .map(|p| p.origin)
            .collect();
        assert_eq!(origins, vec![Origin::Curated, Origin::Extracted]);
    }
}
