//! The in-process layout of the knowledge graph: columns read left to right, from who speaks
//! to what is spoken about, with each proposal drawn as a panel that holds its events.
//!
//! ```text
//!  people │ their roles,  │ states,       │ their       │ bodies │ proposals, each a panel │ what only
//!         │ statements;   │ organizations │ memberships │        │ with its stances, votes │ receives
//!         │ state organs  │               │             │        │ (and derived events)    │ edges
//! ```
//!
//! Panels are stacked in the order of their proposals' dates; every other column is ordered
//! by the barycentre of its nodes' neighbours and placed as near them as the spacing allows,
//! so edges run short and mostly level. The work is linear in the graph apart from sorting:
//! no crossing minimisation that grows with the square of the graph.

use super::canvas::{Rect, label_size};
use crate::graph::{KnowledgeGraph, NodeKind};
use rustc_hash::FxHashMap;

/// The column of people.
const PEOPLE: usize = 0;
/// Loose events of people (roles, statements) and the organs that speak for states.
const VOICES: usize = 1;
/// States and other entities with edges of their own.
const ACTORS: usize = 2;
/// Loose events of actors (memberships).
const MEMBERSHIPS: usize = 3;
/// Bodies (councils, assemblies): where memberships lead and proposals are tabled.
const BODIES: usize = 4;
/// The proposal panels.
const PANELS: usize = 5;
/// Entities that only receive edges (targets).
const RECEIVERS: usize = 6;
/// How many columns there are.
const COLUMNS: usize = 7;

/// Room between columns (where edges run).
const COLUMN_GAP: f64 = 90.0;
/// Room between nodes of a column.
const ROW_GAP: f64 = 6.0;
/// Room between panels.
const PANEL_GAP: f64 = 18.0;
/// Room inside a panel around its rows.
const PANEL_PAD: f64 = 8.0;
/// The margin around the drawing.
pub const MARGIN: f64 = 16.0;
/// Proposal names are wrapped at about this many characters.
const HEADER_WRAP: usize = 44;
/// Barycentre sweeps over the columns.
const SWEEPS: usize = 4;

/// Where a node of the graph is drawn.
#[derive(Clone, Debug)]
pub struct Placed {
    /// Its box.
    pub rect: Rect,
    /// The label as drawn (an event's lines joined on one line, a proposal's name wrapped).
    pub label: String,
    /// The column.
    pub column: usize,
    /// The panel it heads or sits in.
    pub panel: Option<usize>,
}

/// A proposal's panel: its frame.
#[derive(Clone, Debug)]
pub struct Panel {
    /// The frame.
    pub rect: Rect,
    /// The index of the proposal's node.
    pub header: usize,
}

/// The layout: every node placed (in the graph's node order), and the panels.
pub struct Layout {
    /// By node, in [`KnowledgeGraph::nodes`] order.
    pub nodes: Vec<Placed>,
    /// The proposal panels, top to bottom.
    pub panels: Vec<Panel>,
}

/// The label of a node as drawn.
fn drawn_label(kind: NodeKind, label: &str) -> String {
    match kind {
        NodeKind::Event => label.split('\n').collect::<Vec<_>>().join(" · "),
        NodeKind::Proposal => wrap(label, HEADER_WRAP),
        _ => label.to_string(),
    }
}

/// Words on lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

/// Lays out the graph.
pub fn lay_out(g: &KnowledgeGraph) -> Layout {
    let nodes: Vec<_> = g.nodes().collect();
    let index: FxHashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let edges: Vec<(usize, usize)> = g
        .edges()
        .iter()
        .map(|e| (index[e.source.id.as_str()], index[e.target.id.as_str()]))
        .collect();
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut in_edges: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for &(s, t) in &edges {
        out_edges[s].push(t);
        in_edges[t].push(s);
    }
    let is_proposal = |i: usize| nodes[i].kind == NodeKind::Proposal;

    // Panels: one per proposal, in the order of the proposals' dates, then ids.
    let mut proposals: Vec<usize> = (0..nodes.len()).filter(|&i| is_proposal(i)).collect();
    let date = |i: usize| nodes[i].attributes.get("date").cloned().unwrap_or_default();
    proposals.sort_by_key(|&i| (date(i), nodes[i].id.clone()));
    let panel_of_proposal: FxHashMap<usize, usize> =
        proposals.iter().enumerate().map(|(p, &i)| (i, p)).collect();
    let mut panel: Vec<Option<usize>> = vec![None; nodes.len()];
    for (&i, &p) in &panel_of_proposal {
        panel[i] = Some(p);
    }
    for i in 0..nodes.len() {
        if nodes[i].kind != NodeKind::Event {
            continue;
        }
        // An event about a proposal sits in its panel.
        panel[i] = out_edges[i]
            .iter()
            .chain(&in_edges[i])
            .find_map(|j| panel_of_proposal.get(j).copied());
    }

    // Columns of the entities, then of the loose events.
    let mut column = vec![ACTORS; nodes.len()];
    for i in 0..nodes.len() {
        column[i] = match (nodes[i].kind, panel[i]) {
            (_, Some(_)) => PANELS,
            (NodeKind::Person, _) => PEOPLE,
            (NodeKind::Body, _) => BODIES,
            (NodeKind::Event, _) => continue,
            _ if out_edges[i].is_empty() && !in_edges[i].is_empty() => RECEIVERS,
            _ => ACTORS,
        };
    }
    // An organ (an organization pointing at a state) speaks for its state: it goes left of it.
    for i in 0..nodes.len() {
        if column[i] == ACTORS
            && nodes[i].kind != NodeKind::Country
            && !out_edges[i].is_empty()
            && out_edges[i]
                .iter()
                .all(|&t| nodes[t].kind == NodeKind::Country || nodes[t].kind == NodeKind::Event)
            && out_edges[i]
                .iter()
                .any(|&t| nodes[t].kind == NodeKind::Country)
        {
            column[i] = VOICES;
        }
    }
    for i in 0..nodes.len() {
        if nodes[i].kind == NodeKind::Event && panel[i].is_none() {
            column[i] = match in_edges[i].first().map(|&s| column[s]) {
                Some(PEOPLE) => VOICES,
                Some(c) if c + 1 < BODIES => c + 1,
                _ => MEMBERSHIPS,
            };
        }
    }

    // Sizes. An event in a panel names who it is about first (its first participant), so
    // that the panel reads without following its edges.
    let mut placed: Vec<Placed> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut label = drawn_label(n.kind, &n.label);
            if let (Some(_), Some(&who), NodeKind::Event) = (panel[i], in_edges[i].first(), n.kind)
            {
                // `Russia · aligned · China`: who, what, and with whom.
                let others: Vec<&str> = out_edges[i]
                    .iter()
                    .filter(|&&t| nodes[t].kind != NodeKind::Proposal && !nodes[t].kind.is_event())
                    .map(|&t| nodes[t].label.as_str())
                    .collect();
                label = format!("{} · {label}", nodes[who].label);
                if !others.is_empty() {
                    label = format!("{label} · {}", others.join(", "));
                }
            }
            let (w, h) = label_size(&label);
            Placed {
                rect: Rect {
                    x: 0.0,
                    y: 0.0,
                    w,
                    h,
                },
                label,
                column: column[i],
                panel: panel[i],
            }
        })
        .collect();

    // The panels: the header, then its events by relation (base first), date and id.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); proposals.len()];
    for (i, &p) in panel.iter().enumerate() {
        if let (Some(p), false) = (p, is_proposal(i)) {
            members[p].push(i);
        }
    }
    let mut panels = Vec::with_capacity(proposals.len());
    let mut y = MARGIN;
    for (p, &header) in proposals.iter().enumerate() {
        members[p].sort_by_key(|&i| {
            (
                nodes[i].is_derived(),
                nodes[i].relation.unwrap_or_default(),
                date(i),
                nodes[i].id.clone(),
            )
        });
        let inner = members[p]
            .iter()
            .map(|&i| placed[i].rect.w)
            .fold(placed[header].rect.w, f64::max);
        let width = inner + 2.0 * PANEL_PAD;
        let top = y;
        placed[header].rect = Rect {
            x: PANEL_PAD,
            y: top + PANEL_PAD,
            w: inner,
            h: placed[header].rect.h,
        };
        y = placed[header].rect.bottom() + ROW_GAP;
        for &i in &members[p] {
            placed[i].rect.x = PANEL_PAD;
            placed[i].rect.y = y;
            y += placed[i].rect.h + ROW_GAP;
        }
        y += PANEL_PAD - ROW_GAP;
        panels.push(Panel {
            rect: Rect {
                x: 0.0,
                y: top,
                w: width,
                h: y - top,
            },
            header,
        });
        y += PANEL_GAP;
    }

    // The other columns: by the barycentre of their neighbours, as near them as room allows.
    let neighbours: Vec<Vec<usize>> = (0..nodes.len())
        .map(|i| {
            let mut all: Vec<usize> = out_edges[i].iter().chain(&in_edges[i]).copied().collect();
            all.sort_unstable();
            all.dedup();
            all
        })
        .collect();
    let mut by_column: Vec<Vec<usize>> = vec![Vec::new(); COLUMNS];
    for i in 0..nodes.len() {
        if column[i] != PANELS {
            by_column[column[i]].push(i);
        }
    }
    for list in &mut by_column {
        stack(list, &mut placed, None);
    }
    for _ in 0..SWEEPS {
        for c in [BODIES, MEMBERSHIPS, ACTORS, VOICES, PEOPLE, RECEIVERS] {
            let centre = |i: usize, placed: &[Placed]| {
                let ys: Vec<f64> = neighbours[i]
                    .iter()
                    .filter(|&&j| column[j] != c)
                    .map(|&j| placed[j].rect.mid_y())
                    .collect();
                if ys.is_empty() {
                    placed[i].rect.mid_y()
                } else {
                    ys.iter().sum::<f64>() / ys.len() as f64
                }
            };
            let mut keyed: Vec<(f64, usize)> = by_column[c]
                .iter()
                .map(|&i| (centre(i, &placed), i))
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(nodes[a.1].id.cmp(&nodes[b.1].id)));
            by_column[c] = keyed.iter().map(|&(_, i)| i).collect();
            let wanted: Vec<f64> = keyed.iter().map(|&(y, _)| y).collect();
            stack(&by_column[c], &mut placed, Some(&wanted));
        }
    }

    // Columns left to right, each as wide as its widest node; empty ones take no room.
    let mut widths = [0.0_f64; COLUMNS];
    for p in &placed {
        if p.column != PANELS {
            widths[p.column] = widths[p.column].max(p.rect.w);
        }
    }
    widths[PANELS] = panels.iter().map(|p| p.rect.w).fold(0.0, f64::max);
    let mut xs = [0.0_f64; COLUMNS];
    let mut x = MARGIN;
    for c in 0..COLUMNS {
        xs[c] = x;
        if widths[c] > 0.0 {
            x += widths[c] + COLUMN_GAP;
        }
    }
    for p in &mut placed {
        match p.column {
            PANELS => p.rect.x += xs[PANELS],
            // Right-aligned where edges leave to the right, left-aligned where they arrive.
            RECEIVERS => p.rect.x = xs[RECEIVERS],
            c => p.rect.x = xs[c] + widths[c] - p.rect.w,
        }
    }
    for panel in &mut panels {
        panel.rect.x = xs[PANELS];
        panel.rect.w = widths[PANELS];
        placed[panel.header].rect.w = widths[PANELS] - 2.0 * PANEL_PAD;
    }
    Layout {
        nodes: placed,
        panels,
    }
}

/// Places a column's nodes top to bottom in the order given: each at its wanted centre when
/// there is one and room for it, else just below the one before.
fn stack(list: &[usize], placed: &mut [Placed], wanted: Option<&[f64]>) {
    let mut next = MARGIN;
    for (k, &i) in list.iter().enumerate() {
        let h = placed[i].rect.h;
        let y = match wanted {
            Some(w) => (w[k] - h / 2.0).max(next),
            None => next,
        };
        placed[i].rect.y = y;
        next = y + h + ROW_GAP;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphOptions;
    use crate::graph::fixture::{derived_store, small_store};

    fn overlaps(a: &Rect, b: &Rect) -> bool {
        a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
    }

    #[test]
    fn each_proposal_is_a_panel_holding_its_events_and_nothing_overlaps() {
        for (store, opts) in [
            (small_store(), GraphOptions::default()),
            (derived_store(), GraphOptions::with_derived()),
        ] {
            let g = KnowledgeGraph::build(&store, &opts);
            let layout = lay_out(&g);
            let nodes: Vec<_> = g.nodes().collect();
            for (i, n) in nodes.iter().enumerate() {
                let p = &layout.nodes[i];
                if n.kind == NodeKind::Proposal {
                    assert!(p.panel.is_some(), "{} heads a panel", n.id);
                }
                if let Some(k) = p.panel {
                    let frame = layout.panels[k].rect;
                    assert!(
                        frame.x <= p.rect.x && p.rect.right() <= frame.right() + 0.01,
                        "{} inside its panel",
                        n.id
                    );
                    assert!(frame.y <= p.rect.y && p.rect.bottom() <= frame.bottom());
                }
            }
            for i in 0..nodes.len() {
                for j in i + 1..nodes.len() {
                    let (a, b) = (&layout.nodes[i], &layout.nodes[j]);
                    assert!(
                        !overlaps(&a.rect, &b.rect),
                        "{} and {} overlap",
                        nodes[i].id,
                        nodes[j].id
                    );
                }
            }
        }
    }

    #[test]
    fn stances_sit_in_the_panel_of_their_proposal() {
        let g = KnowledgeGraph::build(&small_store(), &GraphOptions::default());
        let layout = lay_out(&g);
        let nodes: Vec<_> = g.nodes().collect();
        let at = |id: &str| {
            let i = nodes.iter().position(|n| n.id == id).expect("a node");
            &layout.nodes[i]
        };
        let header = at("us_draft_1994_06_15");
        for (i, n) in nodes.iter().enumerate() {
            if n.relation == Some("stance") {
                assert_eq!(layout.nodes[i].panel, header.panel, "{}", n.id);
            }
        }
        assert_eq!(at("andrei_kozyrev").column, PEOPLE);
        assert_eq!(at("un_security_council").column, BODIES);
        assert_eq!(at("north_korea").column, RECEIVERS, "only targeted");
    }

    #[test]
    fn wrap_breaks_between_words() {
        assert_eq!(wrap("a bb ccc", 4), "a bb\nccc");
    }
}
