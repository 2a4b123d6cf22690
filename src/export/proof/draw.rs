//! The in-process drawing of a proof: an indented tree read top-down, as the text of
//! `factlog why` is, with each rule under the fact it derives and its premises under it, and
//! the sources in a column on the right beside the facts they support.
//!
//! A tree is as wide as its deepest branch and one row per node tall, so an ordinary proof
//! fits a screen at its own size, where a layered layout spreads the leaves of a proof across
//! thousands of pixels. A node reached a second time (a fact two rules use) is drawn once,
//! and the later edge to it curves round on the right.

use super::super::ExportError;
use super::super::canvas::{
    Align, Canvas, PAD_X, Rect, SMALL_FONT_SIZE, curve, label_size, n, text_width,
};
use super::super::style::{ProofNodeKind, proof_edge_style, proof_node_style};
use super::Part;

/// How far a child is indented from its parent.
const INDENT: f64 = 26.0;
/// Room between rows.
const ROW_GAP: f64 = 6.0;
/// Room between the widest row and the sources.
const NOTE_GAP: f64 = 70.0;
/// Room between parts (several proofs).
const PART_GAP: f64 = 28.0;
/// The margin around the drawing.
const MARGIN: f64 = 16.0;
/// Deeper rows are not indented further (a proof along a long chain would otherwise be as
/// wide as it is deep).
const MAX_INDENT_DEPTH: usize = 40;
/// Rule bindings are set on lines of about this many characters.
const BINDINGS_WRAP: usize = 80;

/// One node as drawn: where, and the label as set.
struct Placed {
    rect: Rect,
    label: String,
}

/// Draws the parts one below the other.
pub(super) fn render(parts: &[Part]) -> Result<String, ExportError> {
    let mut canvas = Canvas::new();
    let mut top = MARGIN;
    for part in parts {
        if let Some(title) = &part.title {
            canvas.heading(MARGIN, top, title);
            top += 22.0;
        }
        top = draw_part(part, top, &mut canvas) + PART_GAP;
    }
    Ok(canvas.finish(MARGIN))
}

/// A rule's label set for a row: its first line, then its bindings joined and wrapped.
fn set_label(kind: ProofNodeKind, label: &str) -> String {
    if kind != ProofNodeKind::Rule {
        return label.to_string();
    }
    let mut lines = label.lines();
    let head = lines.next().unwrap_or_default().to_string();
    let mut out = vec![head];
    let mut line = String::new();
    for b in lines {
        if !line.is_empty() && line.chars().count() + 2 + b.chars().count() > BINDINGS_WRAP {
            out.push(std::mem::take(&mut line) + ",");
        } else if !line.is_empty() {
            line.push_str(", ");
        }
        line.push_str(b);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out.join("\n")
}

/// Draws one part from `top`; returns its bottom.
fn draw_part(part: &Part, top: f64, canvas: &mut Canvas) -> f64 {
    let count = part.nodes.len();
    if count == 0 {
        return top;
    }
    let children = |u: usize| part.edges.iter().filter(move |e| e.from == u);
    let is_note = |i: usize| part.nodes[i].kind == ProofNodeKind::Source;
    // The tree: depth-first from the first node, each node under the first edge reaching it.
    let mut placed: Vec<Option<Placed>> = (0..count).map(|_| None).collect();
    let mut parent_edge: Vec<Option<usize>> = vec![None; count];
    let mut y = top;
    let mut stack = vec![(0usize, 0usize)];
    let mut seen = vec![false; count];
    seen[0] = true;
    while let Some((u, depth)) = stack.pop() {
        let label = set_label(part.nodes[u].kind, &part.nodes[u].label);
        let (w, h) = label_size(&label);
        placed[u] = Some(Placed {
            rect: Rect {
                x: MARGIN + depth.min(MAX_INDENT_DEPTH) as f64 * INDENT,
                y,
                w,
                h,
            },
            label,
        });
        y += h + ROW_GAP;
        let kids: Vec<(usize, usize)> = children(u).enumerate().map(|(k, e)| (k, e.to)).collect();
        for &(_, v) in kids.iter().rev() {
            if !seen[v] && !is_note(v) {
                seen[v] = true;
                stack.push((v, depth + 1));
            }
        }
        for (k, e) in part.edges.iter().enumerate() {
            if e.from == u && parent_edge[e.to].is_none() && !is_note(e.to) && e.to != 0 {
                parent_edge[e.to] = Some(k);
            }
        }
    }
    // Nodes no edge from the first reaches (none in proofs factlog draws): below the tree.
    for (i, slot) in placed.iter_mut().enumerate() {
        if slot.is_none() && !is_note(i) {
            let label = set_label(part.nodes[i].kind, &part.nodes[i].label);
            let (w, h) = label_size(&label);
            *slot = Some(Placed {
                rect: Rect { x: MARGIN, y, w, h },
                label,
            });
            y += h + ROW_GAP;
        }
    }
    let tree_right = placed
        .iter()
        .flatten()
        .map(|p| p.rect.right())
        .fold(0.0, f64::max);
    // The sources: in a column on the right, each beside the first fact it supports.
    let notes_x = tree_right + NOTE_GAP;
    let mut next = top;
    let mut note_order: Vec<(f64, usize)> = Vec::new();
    for i in (0..count).filter(|&i| is_note(i)) {
        let first = part
            .edges
            .iter()
            .filter(|e| e.to == i)
            .filter_map(|e| placed[e.from].as_ref())
            .map(|p| p.rect.mid_y())
            .fold(f64::INFINITY, f64::min);
        note_order.push((if first.is_finite() { first } else { y }, i));
    }
    note_order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (want, i) in note_order {
        let label = part.nodes[i].label.clone();
        let (w, h) = label_size(&label);
        let ny = (want - h / 2.0).max(next);
        placed[i] = Some(Placed {
            rect: Rect {
                x: notes_x,
                y: ny,
                w,
                h,
            },
            label,
        });
        next = ny + h + ROW_GAP;
    }
    let bottom = placed
        .iter()
        .flatten()
        .map(|p| p.rect.bottom())
        .fold(top, f64::max);

    // Connectors behind the boxes: tree edges as elbows from the parent, sources as curves to
    // the right, any other edge round the right of the tree.
    let rect = |i: usize| placed[i].as_ref().map(|p| p.rect).unwrap_or_default();
    let mut labels = Vec::new();
    for (k, e) in part.edges.iter().enumerate() {
        let style = proof_edge_style(e.kind);
        let (a, b) = (rect(e.from), rect(e.to));
        let title = format!("{} → {}", part.nodes[e.from].label, part.nodes[e.to].label);
        if parent_edge[e.to] == Some(k) {
            let x = a.x + PAD_X;
            let d = format!("M{},{} V{} H{}", n(x), n(a.bottom()), n(b.mid_y()), n(b.x));
            canvas.connector(&d, style, true, &title);
            if !e.label.is_empty() {
                labels.push((b.x - 2.0, b.y - 1.0, e.label.clone(), style.color, false));
            }
        } else if is_note(e.to) {
            let bend = ((b.x - a.right()) / 2.0).max(30.0);
            canvas.connector(
                &curve(a.right(), a.mid_y(), b.x, b.mid_y(), bend),
                style,
                true,
                &title,
            );
            if !e.label.is_empty() {
                labels.push((
                    a.right() + 6.0,
                    a.mid_y() - 3.0,
                    e.label.clone(),
                    style.color,
                    true,
                ));
            }
        } else {
            let out = tree_right + NOTE_GAP / 2.0;
            let d = format!(
                "M{},{} C{},{} {},{} {},{}",
                n(a.right()),
                n(a.mid_y()),
                n(out),
                n(a.mid_y()),
                n(out),
                n(b.mid_y()),
                n(b.right()),
                n(b.mid_y())
            );
            canvas.connector(&d, style, true, &title);
            if !e.label.is_empty() {
                labels.push((
                    out,
                    (a.mid_y() + b.mid_y()) / 2.0,
                    e.label.clone(),
                    style.color,
                    false,
                ));
            }
        }
    }
    for (i, p) in placed.iter().enumerate() {
        if let Some(p) = p {
            let kind = part.nodes[i].kind;
            let title = format!("{:?}", kind).to_lowercase();
            canvas.node(
                p.rect,
                &p.label,
                proof_node_style(kind),
                Align::Left,
                &title,
            );
        }
    }
    for (x, y, text, color, start) in labels {
        if start {
            canvas.small_label(x, y, &text, color, false);
        } else {
            // Right-aligned against the box the edge enters.
            let w = text_width(&text, SMALL_FONT_SIZE);
            canvas.small_label(x - w, y, &text, color, false);
        }
    }
    bottom
}
