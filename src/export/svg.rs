//! SVG output of the knowledge graph: laid out in-process ([`super::graph_layout`], drawn on
//! a [`super::canvas::Canvas`]; no Graphviz needed), or by Graphviz `dot -Tsvg` when asked
//! for and on PATH (also for proofs).

use super::ExportError;
use super::canvas::{Align, Canvas, Rect, SMALL_FONT_SIZE, curve, curve_point, n, text_width};
use super::graph_layout::{MARGIN, lay_out};
use super::style::{BASE_COLOR, PANEL_BORDER, PANEL_FILL, edge_style, node_style};
use crate::graph::KnowledgeGraph;
use rustc_hash::FxHashMap;
use std::io::{ErrorKind, Read, Write};
use std::process::{Command, Stdio};

/// The most nodes the in-process renderer draws: past this a picture cannot be read, and
/// the export says how to narrow it instead.
pub const MAX_NODES: usize = 1500;
/// The longer side of a drawing that can be read at its own size on a large screen; past it
/// the CLI says how to narrow the drawing.
pub const READABLE_SIDE: f64 = 2500.0;

/// How far from the node an edge leaves its label may sit, in order of preference (the
/// middle of the gap between columns first).
const LABEL_OFFSETS: [f64; 9] = [45.0, 30.0, 60.0, 75.0, 15.0, 120.0, 165.0, 210.0, 255.0];

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

/// The point of [`curve`]'s Bézier whose x is nearest `x` (sampled: the curve runs
/// monotonically in x).
fn point_at_x(x1: f64, y1: f64, x2: f64, y2: f64, bend: f64, x: f64) -> (f64, f64) {
    (0..=40)
        .map(|k| curve_point(x1, y1, x2, y2, bend, f64::from(k) / 40.0))
        .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))
        .unwrap_or((x1, y1))
}

/// A drawing and its size in pixels.
#[derive(Clone, Debug)]
pub struct Drawing {
    /// The SVG.
    pub svg: String,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Drawing {
    /// Whether the drawing is larger than [`READABLE_SIDE`] on a side.
    pub fn is_oversized(&self) -> bool {
        self.width.max(self.height) > READABLE_SIDE
    }
}

/// Renders the graph as SVG in-process ([`draw_graph`]).
pub fn render_svg(g: &KnowledgeGraph) -> Result<String, ExportError> {
    draw_graph(g).map(|d| d.svg)
}

/// Draws the graph in-process: the columns and proposal panels of
/// [`super::graph_layout`], edges as curves behind the nodes. Every node's label is text of
/// the SVG (one `tspan` a line); an event's edge to the proposal whose panel holds it is not
/// drawn (the panel says it), and edges to and from events carry their column name as a
/// tooltip rather than a label; every other edge is labelled with its relation. A graph of
/// more than [`MAX_NODES`] nodes is refused with [`ExportError::TooLarge`].
pub fn draw_graph(g: &KnowledgeGraph) -> Result<Drawing, ExportError> {
    if g.node_count() > MAX_NODES {
        return Err(ExportError::TooLarge {
            nodes: g.node_count(),
            limit: MAX_NODES,
        });
    }
    let layout = lay_out(g);
    let nodes: Vec<_> = g.nodes().collect();
    let index: FxHashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut canvas = Canvas::new();
    for p in &layout.panels {
        canvas.panel(p.rect, PANEL_FILL, PANEL_BORDER);
    }
    let mut labels = Vec::new();
    let mut occupied: Vec<Rect> = layout.nodes.iter().map(|p| p.rect).collect();
    for e in g.edges() {
        let (s, t) = (index[e.source.id.as_str()], index[e.target.id.as_str()]);
        let (a, b) = (&layout.nodes[s], &layout.nodes[t]);
        let inner = a.panel.is_some()
            && a.panel == b.panel
            && (e.source.kind.is_event() || e.target.kind.is_event());
        if inner {
            continue;
        }
        let (ra, rb) = (a.rect, b.rect);
        let (x1, x2, bend) = if rb.x >= ra.right() {
            (ra.right(), rb.x, ((rb.x - ra.right()) / 2.0).max(30.0))
        } else if rb.right() <= ra.x {
            (ra.x, rb.right(), -((ra.x - rb.right()) / 2.0).max(30.0))
        } else {
            // In one column: out of the right side and back in.
            (ra.right(), rb.right(), 0.0)
        };
        let (y1, y2) = (ra.mid_y(), rb.mid_y());
        let d = if bend == 0.0 {
            let out = x1.max(x2) + 40.0;
            format!(
                "M{},{} C{},{} {},{} {},{}",
                n(x1),
                n(y1),
                n(out),
                n(y1),
                n(out),
                n(y2),
                n(x2),
                n(y2)
            )
        } else {
            curve(x1, y1, x2, y2, bend)
        };
        let style = edge_style(e.edge.derivation);
        let title = format!("{} {} {}", e.source.id, e.edge.label, e.target.id);
        canvas.connector(&d, style, true, &title);
        let participant = e.source.kind.is_event() || e.target.kind.is_event();
        if !participant && !e.edge.label.is_empty() && bend != 0.0 {
            // In the gap the edge leaves by if there is room, else further along; clear of
            // nodes and of other labels (an edge whose label finds no room keeps it in its
            // tooltip).
            let w = text_width(&e.edge.label, SMALL_FONT_SIZE) + 2.0;
            let spot = LABEL_OFFSETS.iter().find_map(|&off| {
                let (lx, ly) = point_at_x(x1, y1, x2, y2, bend, x1 + off.copysign(bend));
                let r = Rect {
                    x: lx - w / 2.0,
                    y: ly - 2.0 - SMALL_FONT_SIZE,
                    w,
                    h: SMALL_FONT_SIZE + 3.0,
                };
                let free = !occupied.iter().any(|o| overlaps(o, &r));
                free.then_some((lx, ly - 2.0, r))
            });
            if let Some((lx, ly, r)) = spot {
                occupied.push(r);
                labels.push((lx, ly, e.edge.label.clone(), style.color));
            }
        }
    }
    for (i, node) in nodes.iter().enumerate() {
        let p = &layout.nodes[i];
        let align = if p.panel.is_some() {
            Align::Left
        } else {
            Align::Centre
        };
        let title = format!("{} {}", node.kind.as_str(), node.id);
        let mut style = node_style(node.kind, node.derivation);
        if p.panel.is_some() && !node.kind.is_event() {
            // The proposal heads its panel: a bold outline rather than a note's fold.
            style.border = BASE_COLOR;
        }
        canvas.node(p.rect, &p.label, style, align, &title);
    }
    for (x, y, text, color) in &labels {
        canvas.small_label(*x, *y, text, color, true);
    }
    let (width, height) = canvas.size();
    Ok(Drawing {
        svg: canvas.finish(MARGIN),
        width: width + MARGIN,
        height: height + MARGIN,
    })
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

    /// Every line of every node's label is in the SVG's text (an event's lines set on one).
    fn assert_labels_present(g: &KnowledgeGraph, svg: &str) {
        let lines = text_lines(svg);
        for node in g.nodes() {
            for line in node.label.lines() {
                assert!(
                    lines.iter().any(|l| l.contains(line)),
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
                let participant = e.source.kind.is_event() || e.target.kind.is_event();
                if !participant {
                    assert!(lines.contains(&e.edge.label), "edge label {}", e.edge.label);
                }
                // Every edge is in the SVG, with its label, as a tooltip (events' edges
                // to their own panel's proposal aside).
                let title = format!("{} {} {}", e.source.id, e.edge.label, e.target.id);
                let in_panel = e.target.kind == crate::graph::NodeKind::Proposal
                    || e.source.kind == crate::graph::NodeKind::Proposal;
                assert!(
                    svg.contains(&crate::export::canvas::xml(&title)) || (participant && in_panel),
                    "edge {title}"
                );
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
    fn large_graphs_are_laid_out_quickly_and_completely() {
        let mut store = crate::kb::FactStore::new();
        for i in 0..400 {
            let country = format!("country_{i:03}");
            let proposal = format!("draft_{}", i % 7);
            store.insert_text("stance", &[&country, &proposal, "oppose", ""], None);
        }
        let g = KnowledgeGraph::build(&store, &GraphOptions::default());
        let svg = render_svg(&g).expect("laid out");
        assert_labels_present(&g, &svg);
    }

    #[test]
    fn a_graph_past_the_limit_is_refused_with_how_to_narrow_it() {
        let mut store = crate::kb::FactStore::new();
        for i in 0..=MAX_NODES {
            store.insert_text("entity", &[&format!("c{i}"), "country", "C"], None);
        }
        let g = KnowledgeGraph::build(&store, &GraphOptions::default());
        let err = render_svg(&g).expect_err("too large");
        assert!(err.to_string().contains("--around"), "{err}");
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
