//! The one style table: how each kind of node and each kind of edge (base or derived) is drawn,
//! and how each part of a proof drawing is drawn, shared by the DOT writers and the in-process
//! SVG renderer.
//!
//! Presentation lives here only, never in the graph.

use crate::graph::NodeKind;
use crate::kb::RelationKind;

/// A node's outline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// An ellipse.
    Ellipse,
    /// A rectangle.
    Box,
    /// A rectangle with rounded corners.
    Rounded,
    /// A rectangle with a folded corner (a document).
    Note,
}

impl Shape {
    /// The Graphviz `shape` value.
    pub fn dot_shape(self) -> &'static str {
        match self {
            Shape::Ellipse => "ellipse",
            Shape::Box | Shape::Rounded => "box",
            Shape::Note => "note",
        }
    }
}

/// A line's pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    /// Continuous.
    Solid,
    /// Dashed.
    Dashed,
    /// Dotted.
    Dotted,
}

impl Line {
    /// The Graphviz `style` word.
    pub fn dot_style(self) -> &'static str {
        match self {
            Line::Solid => "solid",
            Line::Dashed => "dashed",
            Line::Dotted => "dotted",
        }
    }
}

/// How a node is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeStyle {
    /// Outline.
    pub shape: Shape,
    /// Fill colour, `#rrggbb`.
    pub fill: &'static str,
    /// Outline colour, `#rrggbb`.
    pub border: &'static str,
    /// Outline pattern.
    pub line: Line,
}

/// How an edge is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdgeStyle {
    /// Line and arrow colour, `#rrggbb`.
    pub color: &'static str,
    /// Line pattern.
    pub line: Line,
}

/// The colour of everything derived (edges, derived events' outlines).
pub const DERIVED_COLOR: &str = "#c0392b";
/// The colour of base edges and outlines.
pub const BASE_COLOR: &str = "#333333";
/// The fill of a proposal's panel (the frame holding it and its events).
pub const PANEL_FILL: &str = "#fdf5f6";
/// The outline of a proposal's panel.
pub const PANEL_BORDER: &str = "#d9a7ae";
/// The font of every label.
pub const FONT: &str = "Helvetica";

// The palette of fills.
const BLUE: &str = "#cfe2ff";
const GREEN: &str = "#d1e7dd";
const YELLOW: &str = "#fff3cd";
const PURPLE: &str = "#e2d9f3";
const PINK: &str = "#f8d7da";
const ORANGE: &str = "#fde2c8";
const WHITE: &str = "#ffffff";
const GREY: &str = "#f2f2f2";

/// The style of a node of `kind`; a derived event is outlined dashed in [`DERIVED_COLOR`].
pub fn node_style(kind: NodeKind, derivation: RelationKind) -> NodeStyle {
    let (shape, fill) = match kind {
        NodeKind::Country => (Shape::Ellipse, BLUE),
        NodeKind::Person => (Shape::Rounded, GREEN),
        NodeKind::Organization => (Shape::Box, YELLOW),
        NodeKind::Body => (Shape::Box, PURPLE),
        NodeKind::Proposal => (Shape::Note, PINK),
        NodeKind::Issue => (Shape::Ellipse, ORANGE),
        NodeKind::Unknown => (Shape::Ellipse, WHITE),
        NodeKind::Event => (Shape::Rounded, GREY),
    };
    let (border, line) = match derivation {
        RelationKind::Base => (BASE_COLOR, Line::Solid),
        RelationKind::Derived => (DERIVED_COLOR, Line::Dashed),
    };
    NodeStyle {
        shape,
        fill,
        border,
        line,
    }
}

/// The style of an edge: base edges solid, derived edges dashed in [`DERIVED_COLOR`].
pub fn edge_style(derivation: RelationKind) -> EdgeStyle {
    match derivation {
        RelationKind::Base => EdgeStyle {
            color: BASE_COLOR,
            line: Line::Solid,
        },
        RelationKind::Derived => EdgeStyle {
            color: DERIVED_COLOR,
            line: Line::Dashed,
        },
    }
}

/// A part of the drawing of a proof (or of why a fact does not hold).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProofNodeKind {
    /// A fact derived by a rule drawn under it.
    DerivedFact,
    /// A base fact (an input of the program).
    BaseFact,
    /// A fact that holds, its derivation not drawn (a fact an aggregate counted, a fact that
    /// blocks a negated premise).
    HeldFact,
    /// A derived fact whose proof was cut at the depth limit.
    CutFact,
    /// A fact shown to be absent: a negated premise checked absent, a premise no fact matches.
    AbsentFact,
    /// The fact asked about, when it does not hold (or no fact matches the atom).
    FailedFact,
    /// A rule instance, with its bindings.
    Rule,
    /// The source of a base fact: document, outlet, date, span, sentence.
    Source,
    /// A remark: why a rule fails where no fact is to blame, the facts of a group not drawn.
    Remark,
}

/// A connection of the drawing of a proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProofEdgeKind {
    /// A fact to the rule that derives it, a rule to a positive premise.
    Step,
    /// A rule to a negated premise checked absent.
    Negated,
    /// A rule to a fact its aggregate counted.
    Counted,
    /// A base fact to its source.
    Evidence,
    /// Why a fact does not hold: the fact to a rule, the rule to what fails.
    Failure,
}

/// The style of a part of a proof drawing: facts are ellipses (base and derived in different
/// fills, the absent and the cut dashed, one that does not hold outlined in
/// [`DERIVED_COLOR`]), rules boxes, sources notes.
pub fn proof_node_style(kind: ProofNodeKind) -> NodeStyle {
    let (shape, fill, border, line) = match kind {
        ProofNodeKind::DerivedFact => (Shape::Ellipse, ORANGE, DERIVED_COLOR, Line::Solid),
        ProofNodeKind::BaseFact => (Shape::Ellipse, BLUE, BASE_COLOR, Line::Solid),
        ProofNodeKind::HeldFact => (Shape::Ellipse, GREY, BASE_COLOR, Line::Solid),
        ProofNodeKind::CutFact => (Shape::Ellipse, WHITE, DERIVED_COLOR, Line::Dashed),
        ProofNodeKind::AbsentFact => (Shape::Ellipse, WHITE, BASE_COLOR, Line::Dashed),
        ProofNodeKind::FailedFact => (Shape::Ellipse, PINK, DERIVED_COLOR, Line::Solid),
        ProofNodeKind::Rule => (Shape::Box, GREY, BASE_COLOR, Line::Solid),
        ProofNodeKind::Source => (Shape::Note, YELLOW, BASE_COLOR, Line::Solid),
        ProofNodeKind::Remark => (Shape::Box, WHITE, BASE_COLOR, Line::Dashed),
    };
    NodeStyle {
        shape,
        fill,
        border,
        line,
    }
}

/// The style of a connection of a proof drawing: negated premises dashed, counted facts
/// dotted, the reasons a fact does not hold dashed in [`DERIVED_COLOR`].
pub fn proof_edge_style(kind: ProofEdgeKind) -> EdgeStyle {
    let (color, line) = match kind {
        ProofEdgeKind::Step | ProofEdgeKind::Evidence => (BASE_COLOR, Line::Solid),
        ProofEdgeKind::Negated => (BASE_COLOR, Line::Dashed),
        ProofEdgeKind::Counted => (BASE_COLOR, Line::Dotted),
        ProofEdgeKind::Failure => (DERIVED_COLOR, Line::Dashed),
    };
    EdgeStyle { color, line }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entity_kind_has_its_own_fill_and_events_differ_from_entities() {
        let fills: Vec<&str> = NodeKind::ALL
            .iter()
            .map(|&k| node_style(k, RelationKind::Base).fill)
            .collect();
        let mut unique = fills.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), fills.len());
    }

    #[test]
    fn derived_is_dashed_in_its_own_colour() {
        let base = edge_style(RelationKind::Base);
        let derived = edge_style(RelationKind::Derived);
        assert_eq!(derived.line, Line::Dashed);
        assert_eq!(base.line, Line::Solid);
        assert_ne!(base.color, derived.color);
        let event = node_style(NodeKind::Event, RelationKind::Derived);
        assert_eq!((event.line, event.border), (Line::Dashed, DERIVED_COLOR));
    }

    #[test]
    fn proofs_draw_facts_as_ellipses_rules_as_boxes_sources_as_notes() {
        use ProofNodeKind as K;
        let shape = |k| proof_node_style(k).shape;
        for k in [
            K::DerivedFact,
            K::BaseFact,
            K::HeldFact,
            K::CutFact,
            K::AbsentFact,
            K::FailedFact,
        ] {
            assert_eq!(shape(k), Shape::Ellipse, "{k:?}");
        }
        assert_eq!(shape(K::Rule), Shape::Box);
        assert_eq!(shape(K::Source), Shape::Note);
        assert_ne!(
            proof_node_style(K::DerivedFact).fill,
            proof_node_style(K::BaseFact).fill
        );
        for k in [K::CutFact, K::AbsentFact] {
            assert_eq!(proof_node_style(k).line, Line::Dashed, "{k:?}");
        }
        assert_eq!(proof_node_style(K::FailedFact).border, DERIVED_COLOR);
        assert_eq!(proof_edge_style(ProofEdgeKind::Negated).line, Line::Dashed);
        assert_eq!(proof_edge_style(ProofEdgeKind::Counted).line, Line::Dotted);
    }
}
