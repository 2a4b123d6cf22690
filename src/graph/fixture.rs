//! Hand-built fact stores shared by the graph and export unit tests.

use crate::graph::KnowledgeGraph;
use crate::kb::{FactStore, Origin, Provenance};

/// A curated fact's provenance.
pub(crate) fn curated() -> Option<Provenance> {
    Some(Provenance {
        origin: Origin::Curated,
        source: None,
        span: None,
        confidence: 1.0,
    })
}

/// An extracted fact's provenance.
pub(crate) fn extracted() -> Option<Provenance> {
    Some(Provenance {
        origin: Origin::Extracted,
        source: None,
        span: None,
        confidence: 0.8,
    })
}

/// The 1994 Security Council story in miniature, base relations only.
///
/// From Russia: Kozyrev, the draft and the Council are one hop away; China, the United States
/// and North Korea two hops (through the draft or the Council).
pub(crate) fn small_store() -> FactStore {
    let mut s = FactStore::new();
    for (id, kind, name) in [
        ("russia", "country", "Russia"),
        ("china", "country", "China"),
        ("united_states", "country", "United States"),
        ("north_korea", "country", "North Korea"),
        ("andrei_kozyrev", "person", "Andrei Kozyrev"),
        ("un_security_council", "body", "UN Security Council"),
        ("us_draft_1994_06_15", "proposal", "US draft resolution"),
        ("nuclear_program", "issue", "Nuclear program"),
    ] {
        s.insert_text("entity", &[id, kind, name], curated());
    }
    s.insert_text("alias", &["russia", "Moscow"], curated());
    s.insert_text("alias", &["russia", "Russian"], curated());
    s.insert_text(
        "source",
        &["mt_1994_06_17", "The Moscow Times", "1994-06-17", "Kozyrev"],
        curated(),
    );
    s.insert_text("official_role", &["foreign_minister"], curated());
    s.insert_text("vetoable", &["draft_resolution"], curated());
    s.insert_text(
        "holds_role",
        &["andrei_kozyrev", "foreign_minister", "russia", "1994-06-16"],
        curated(),
    );
    // An organ nobody declared: it becomes an `unknown` node.
    s.insert_text(
        "organ_of",
        &["russia_foreign_ministry", "russia"],
        curated(),
    );
    for c in ["russia", "china", "united_states"] {
        s.insert_text("permanent_member", &[c, "un_security_council"], curated());
    }
    s.insert_text(
        "member_of",
        &["russia", "un_security_council", "1991-12-24", ""],
        curated(),
    );
    s.insert_text(
        "proposal",
        &[
            "us_draft_1994_06_15",
            "draft_resolution",
            "un_security_council",
            "1994-06-15",
        ],
        curated(),
    );
    s.insert_text(
        "proposal_effect",
        &["us_draft_1994_06_15", "impose"],
        curated(),
    );
    s.insert_text(
        "sponsor",
        &["us_draft_1994_06_15", "united_states"],
        curated(),
    );
    s.insert_text(
        "targets",
        &["us_draft_1994_06_15", "north_korea"],
        curated(),
    );
    // `""` never becomes a node: this edge is dropped.
    s.insert_text("targets", &["us_draft_1994_06_15", ""], curated());
    s.insert_text(
        "statement",
        &[
            "mt_1994_06_17_s3_1",
            "andrei_kozyrev",
            "1994-06-16",
            "mt_1994_06_17",
        ],
        curated(),
    );
    s.insert_text(
        "quote",
        &["mt_1994_06_17_s3_1", "We will not support it."],
        curated(),
    );
    s.insert_text(
        "stance",
        &["russia", "us_draft_1994_06_15", "support", "1994-06-15"],
        curated(),
    );
    s.insert_text(
        "stance",
        &[
            "andrei_kozyrev",
            "us_draft_1994_06_15",
            "oppose",
            "1994-06-16",
        ],
        curated(),
    );
    s.insert_text(
        "stance",
        &[
            "andrei_kozyrev",
            "us_draft_1994_06_15",
            "oppose",
            "1994-06-16",
        ],
        extracted(),
    );
    s.insert_text(
        "stance",
        &["china", "us_draft_1994_06_15", "oppose", ""],
        extracted(),
    );
    s.insert_text(
        "vote",
        &["united_states", "us_draft_1994_06_15", "for", "1994-06-20"],
        curated(),
    );
    s
}

/// [`small_store`] with the standard derived relations.
pub(crate) fn derived_store() -> FactStore {
    crate::rules::derive(small_store())
}

/// Two entities and one stance, names with a quote, a backslash and non-ASCII letters (for
/// snapshots of the writers).
pub(crate) fn tiny_store() -> FactStore {
    let mut s = FactStore::new();
    s.insert_text(
        "entity",
        &["russia", "country", "Russia (Россия)"],
        curated(),
    );
    s.insert_text(
        "entity",
        &["us_draft", "proposal", "US \"draft\" \\ resolution"],
        curated(),
    );
    s.insert_text(
        "stance",
        &["russia", "us_draft", "oppose", "1994-06-16"],
        curated(),
    );
    crate::rules::derive(s)
}

/// The node ids of a graph, in its order.
pub(crate) fn node_ids(g: &KnowledgeGraph) -> Vec<&str> {
    g.nodes().map(|n| n.id.as_str()).collect()
}

/// The edges of a graph as (source, label, target, derived), in its order.
pub(crate) fn edge_triples(g: &KnowledgeGraph) -> Vec<(String, String, String, bool)> {
    g.edges()
        .iter()
        .map(|e| {
            (
                e.source.id.clone(),
                e.edge.label.clone(),
                e.target.id.clone(),
                e.edge.is_derived(),
            )
        })
        .collect()
}
