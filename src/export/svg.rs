//! SVG output: laid out in-process with the `layout-rs` crate (no Graphviz needed), or by
//! Graphviz `dot -Tsvg` when asked for and on PATH.
//!
//! The in-process renderer builds `layout-rs`'s graph directly (no DOT round trip) from
//! generic nodes and edges: the knowledge graph's here, a proof's in [`super::proof`]; with
//! the shapes and colours of [`super::style`], one font size throughout (the SVG writer lists
//! font sizes in hash order, so one size keeps the output deterministic).

use super::ExportError;
use super::style::{EdgeStyle, Line, NodeStyle, Shape, edge_style, node_style};
use crate::graph::KnowledgeGraph;
use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;
use rustc_hash::FxHashMap;
use std::io::{ErrorKind, Read, Write};
use std::process::{Command, Stdio};

/// The one font size of the in-process renderer (layout-rs's own default, which it also uses
/// for some of the connectors it adds).
const FONT_SIZE: usize = 15;
/// Graphs with more edges than this are laid out without layout-rs's rank and edge-crossing
/// optimizations, which grow steeply with size (the curated knowledge base with its derived
/// relations, about 270 edges, takes seconds with them and a fraction of a second without).
const OPTIMIZE_UP_TO_EDGES: usize = 200;
/// The most nodes and edges together the in-process layout takes on (reliability findings 14
/// and 25): layout-rs's time grows with about the fourth power of the size, and this is what
/// it lays out in about a second (release build, 2 shared cores: a 100-step proof chain of 707
/// nodes and edges 1.0 s, 882 3.1 s; the built-in base with `--derived`, 437, 0.6 s).
const MAX_LAYOUT_ELEMENTS: usize = 700;
/// The same for a dense drawing (more than two edges a node), which takes longer for its
/// size (N countries opposing one proposal, their `aligned` pairs: 174 nodes and edges 1.8 s,
/// 230 7.4 s, 446 9.8 s).
const MAX_DENSE_LAYOUT_ELEMENTS: usize = 200;
/// The corner radius of rounded boxes.
const ROUNDED: usize = 8;

/// The SVG of a graph without nodes.
const EMPTY_SVG: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n\
<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\"></svg>\n";

fn color(hex: &str) -> Color {
    Color::from_name(hex).unwrap_or_else(|| Color::fast("black"))
}

/// A node to lay out: its label (lines split at `\n`) and how it is drawn. layout-rs draws
/// outlines solid only, so `style.line` is not drawn; boxes, rounded boxes and notes are all
/// drawn as (rounded) boxes.
pub(super) struct LayoutNode<'a> {
    /// The label.
    pub label: &'a str,
    /// Shape, fill and outline.
    pub style: NodeStyle,
}

/// An edge to lay out, between two nodes by their index.
pub(super) struct LayoutEdge<'a> {
    /// The index of the source node.
    pub from: usize,
    /// The index of the target node.
    pub to: usize,
    /// The label (may be empty).
    pub label: &'a str,
    /// Colour and line.
    pub style: EdgeStyle,
}

/// Renders the graph as SVG in-process. Every node's label appears in the SVG as text (one
/// `tspan` per line of a multi-line label).
pub fn render_svg(g: &KnowledgeGraph) -> Result<String, ExportError> {
    let mut index = FxHashMap::default();
    let mut nodes = Vec::new();
    for node in g.nodes() {
        index.insert(node.id.as_str(), nodes.len());
        nodes.push(LayoutNode {
            label: &node.label,
            style: node_style(node.kind, node.derivation),
        });
    }
    let views = g.edges();
    let edges: Vec<LayoutEdge<'_>> = views
        .iter()
        .map(|e| LayoutEdge {
            from: index[e.source.id.as_str()],
            to: index[e.target.id.as_str()],
            label: &e.edge.label,
            style: edge_style(e.edge.derivation),
        })
        .collect();
    lay_out(&nodes, &edges, Orientation::LeftToRight)
}

/// Lays out nodes and edges with layout-rs and writes the SVG: the one path of every
/// in-process picture. A layout-rs panic becomes [`ExportError::Layout`].
///
/// # Panics
/// If an edge names a node index out of range (a bug of the caller).
pub(super) fn lay_out(
    nodes: &[LayoutNode<'_>],
    edges: &[LayoutEdge<'_>],
    orientation: Orientation,
) -> Result<String, ExportError> {
    if nodes.is_empty() {
        return Ok(EMPTY_SVG.to_string());
    }
    let most = if edges.len() > 2 * nodes.len() {
        MAX_DENSE_LAYOUT_ELEMENTS
    } else {
        MAX_LAYOUT_ELEMENTS
    };
    if nodes.len() + edges.len() > most {
        return Err(ExportError::TooLarge(nodes.len(), edges.len(), most));
    }
    // Shapes are sized across the flow, as layout-rs's own DOT front end does.
    let shape_dir = orientation.flip();
    let mut vg = VisualGraph::new(orientation);
    let mut handles = Vec::with_capacity(nodes.len());
    for node in nodes {
        let s = node.style;
        let shape = match s.shape {
            Shape::Ellipse => ShapeKind::new_circle(node.label),
            Shape::Box | Shape::Rounded | Shape::Note => ShapeKind::new_box(node.label),
        };
        let rounded = if s.shape == Shape::Rounded {
            ROUNDED
        } else {
            0
        };
        let look = StyleAttr::new(color(s.border), 1, Some(color(s.fill)), rounded, FONT_SIZE);
        let size = get_shape_size(shape_dir, &shape, FONT_SIZE, false);
        handles.push(vg.add_node(Element::create(shape, look, shape_dir, size)));
    }
    for e in edges {
        let line = match e.style.line {
            Line::Solid => LineStyleKind::Normal,
            Line::Dashed => LineStyleKind::Dashed,
            Line::Dotted => LineStyleKind::Dotted,
        };
        let look = StyleAttr::new(color(e.style.color), 1, None, 0, FONT_SIZE);
        let arrow = Arrow::new(
            LineEndKind::None,
            LineEndKind::Arrow,
            line,
            e.label,
            &look,
            &None,
            &None,
        );
        vg.add_edge(arrow, handles[e.from], handles[e.to]);
    }
    let skip_optimizations = edges.len() > OPTIMIZE_UP_TO_EDGES;
    let mut svg = SVGWriter::new();
    // layout-rs asserts its own invariants with panics; a graph it cannot lay out is an
    // error of this export, not a crash of the program.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        vg.do_it(false, skip_optimizations, false, &mut svg);
    }))
    .map_err(|panic| {
        let msg = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the layout engine panicked".to_string());
        ExportError::Layout(msg)
    })?;
    let mut text = sort_style_rules(&svg.finalize());
    text.push('\n');
    Ok(text)
}

/// The SVG with the rules of its `<style>` block sorted: layout-rs lists one rule per font
/// size in hash-map order.
fn sort_style_rules(svg: &str) -> String {
    const OPEN: &str = "<style>\n";
    const CLOSE: &str = "</style>";
    let Some(start) = svg.find(OPEN).map(|i| i + OPEN.len()) else {
        return svg.to_string();
    };
    let Some(len) = svg[start..].find(CLOSE) else {
        return svg.to_string();
    };
    let mut rules: Vec<&str> = svg[start..start + len].lines().collect();
    rules.sort_unstable();
    let mut out = String::with_capacity(svg.len());
    out.push_str(&svg[..start]);
    for rule in rules {
        out.push_str(rule);
        out.push('\n');
    }
    out.push_str(&svg[start + len..]);
    out
}

/// Renders DOT text to SVG with Graphviz `dot -Tsvg`; [`ExportError::GraphvizMissing`] when
/// `dot` is not on PATH, [`ExportError::Graphviz`] with its message when it fails.
pub fn render_svg_with_graphviz(dot: &str) -> Result<String, ExportError> {
    let mut child = match Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == ErrorKind::NotFound => return Err(ExportError::GraphvizMissing),
        Err(e) => return Err(ExportError::Io(e)),
    };
    let mut stdin = child.stdin.take().expect("invariant: stdin was piped");
    let mut stderr = child.stderr.take().expect("invariant: stderr was piped");
    // Feed stdin and drain stderr on their own threads so that a large graph cannot deadlock
    // on full pipes while we read stdout.
    let input = dot.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        stderr.read_to_string(&mut text).map(|_| text)
    });
    let mut svg = String::new();
    let read = child
        .stdout
        .take()
        .expect("invariant: stdout was piped")
        .read_to_string(&mut svg);
    let status = child.wait()?;
    let written = writer
        .join()
        .expect("invariant: the stdin writer does not panic");
    let message = errors
        .join()
        .expect("invariant: the stderr reader does not panic")
        .unwrap_or_default();
    if !status.success() {
        return Err(ExportError::Graphviz(format!(
            "{status}: {}",
            message.trim()
        )));
    }
    read?;
    written?;
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::write_dot;
    use crate::graph::GraphOptions;
    use crate::graph::fixture::{derived_store, small_store, tiny_store};

    /// All text of the SVG's `text` elements, line by line.
    fn text_lines(svg: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
        doc.descendants()
            .filter(|n| n.has_tag_name("tspan") || n.has_tag_name("textPath"))
            .map(|n| n.text().unwrap_or_default().to_string())
            .collect()
    }

    fn assert_labels_present(g: &KnowledgeGraph, svg: &str) {
        let lines = text_lines(svg);
        for node in g.nodes() {
            for line in node.label.lines() {
                assert!(
                    lines.iter().any(|l| l == line),
                    "label line {line:?} of {} missing",
                    node.id
                );
            }
        }
    }

    #[test]
    fn the_svg_parses_and_shows_every_node_label() {
        for (store, opts) in [
            (tiny_store(), GraphOptions::with_derived()),
            (small_store(), GraphOptions::default()),
            (derived_store(), GraphOptions::with_derived()),
        ] {
            let g = KnowledgeGraph::build(&store, &opts);
            let svg = render_svg(&g).expect("laid out");
            assert_labels_present(&g, &svg);
            let lines = text_lines(&svg);
            for e in g.edges() {
                assert!(lines.contains(&e.edge.label), "edge label {}", e.edge.label);
            }
        }
    }

    #[test]
    fn derived_edges_are_dashed_in_the_svg() {
        let g = KnowledgeGraph::build(&tiny_store(), &GraphOptions::with_derived());
        let svg = render_svg(&g).expect("laid out");
        assert!(svg.contains("stroke-dasharray"));
    }

    #[test]
    fn neighbourhoods_render_and_output_is_deterministic() {
        let g = KnowledgeGraph::build(&derived_store(), &GraphOptions::with_derived());
        let n = g.around("russia", 1).expect("russia is an entity");
        let a = render_svg(&n).expect("laid out");
        assert_eq!(a, render_svg(&n).expect("laid out again"));
        assert_labels_present(&n, &a);
    }

    #[test]
    fn large_graphs_are_laid_out_without_the_slow_optimizations() {
        let mut store = crate::kb::FactStore::new();
        for i in 0..110 {
            let country = format!("country_{i:03}");
            let proposal = format!("draft_{}", i % 5);
            store.insert_text("stance", &[&country, &proposal, "oppose", ""], None);
        }
        let g = KnowledgeGraph::build(&store, &GraphOptions::default());
        assert!(g.edge_count() > OPTIMIZE_UP_TO_EDGES);
        let svg = render_svg(&g).expect("laid out");
        assert_labels_present(&g, &svg);
    }

    #[test]
    fn style_rules_are_sorted() {
        let svg = "<svg><style>\n.a15 { x }\n.a12 { y }\n</style>\n<g/></svg>";
        assert_eq!(
            sort_style_rules(svg),
            "<svg><style>\n.a12 { y }\n.a15 { x }\n</style>\n<g/></svg>"
        );
        assert_eq!(sort_style_rules("<svg/>"), "<svg/>");
    }

    #[test]
    fn an_empty_graph_is_an_empty_picture() {
        let svg = render_svg(&KnowledgeGraph::default()).expect("nothing to lay out");
        assert!(text_lines(&svg).is_empty());
        roxmltree::Document::parse(&svg).expect("well-formed");
    }

    #[test]
    fn graphviz_renders_the_dot_output_when_installed() {
        let g = KnowledgeGraph::build(&tiny_store(), &GraphOptions::with_derived());
        let mut dot = Vec::new();
        write_dot(&g, &mut dot).expect("writing to a Vec cannot fail");
        let dot = String::from_utf8(dot).expect("UTF-8");
        match render_svg_with_graphviz(&dot) {
            Ok(svg) => {
                let opts = roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..Default::default()
                };
                roxmltree::Document::parse_with_options(&svg, opts)
                    .expect("Graphviz writes well-formed SVG");
                assert!(svg.contains("Russia (Россия)"));
            }
            Err(ExportError::GraphvizMissing) => {
                #[allow(clippy::print_stderr)] // a test's note that it skipped
                {
                    eprintln!("note: Graphviz `dot` is not on PATH; skipping the Graphviz render");
                }
            }
            Err(e) => panic!("Graphviz failed: {e}"),
        }
    }

    #[test]
    fn graphviz_errors_carry_its_message() {
        match render_svg_with_graphviz("digraph { a -> }") {
            Err(ExportError::Graphviz(msg)) => assert!(msg.contains("syntax error"), "{msg}"),
            Err(ExportError::GraphvizMissing) => {}
            other => panic!("expected a Graphviz error, got {other:?}"),
        }
    }
}
