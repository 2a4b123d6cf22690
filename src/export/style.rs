//! The one style table: how each kind of node and each kind of edge (base or derived) is drawn,
//! shared by the DOT writer and the in-process SVG renderer.
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
}

impl Line {
    /// The Graphviz `style` word.
    pub fn dot_style(self) -> &'static str {
        match self {
            Line::Solid => "solid",
            Line::Dashed => "dashed",
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
/// The font of every label.
pub const FONT: &str = "Helvetica";

/// The style of a node of `kind`; a derived event is outlined dashed in [`DERIVED_COLOR`].
pub fn node_style(kind: NodeKind, derivation: RelationKind) -> NodeStyle {
    let (shape, fill) = match kind {
        NodeKind::Country => (Shape::Ellipse, "#cfe2ff"),
        NodeKind::Person => (Shape::Rounded, "#d1e7dd"),
        NodeKind::Organization => (Shape::Box, "#fff3cd"),
        NodeKind::Body => (Shape::Box, "#e2d9f3"),
        NodeKind::Proposal => (Shape::Note, "#f8d7da"),
        NodeKind::Issue => (Shape::Ellipse, "#fde2c8"),
        NodeKind::Unknown => (Shape::Ellipse, "#ffffff"),
        NodeKind::Event => (Shape::Rounded, "#f2f2f2"),
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
}
