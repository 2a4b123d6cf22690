//! factlog's own Graphviz DOT writer (petgraph's `Dot` is "mostly intended for debugging").
//!
//! Every id goes through [`escape_id`] and every attribute value through [`escape`], inside
//! double quotes; styles come
//! from the one table in [`super::style`]. The output is deterministic: nodes by id, edges by
//! (source id, label, target id), no timestamps.

use super::style::{FONT, Line, NodeStyle, Shape, edge_style, node_style};
use crate::graph::{KnowledgeGraph, Node};
use std::io::{self, Write};

/// Escapes a label or other attribute value for a double-quoted DOT string: `"` → `\"`,
/// `\` → `\\` (so that Graphviz's `\N`-style sequences never fire), a line break (`\n`,
/// `\r\n` or `\r`) → `\n`, which Graphviz draws as a centred line break, `&` → `&amp;` (Graphviz
/// reads entity references in labels) and NUL, which DOT cannot hold, → `␀`. Everything else,
/// non-ASCII letters included, is kept as is (DOT files are UTF-8).
///
/// ```
/// assert_eq!(factlog::export::escape("say \"no\"\nnow"), r#"say \"no\"\nnow"#);
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            c => push_common(&mut out, c, "\\n", "␀"),
        }
    }
    out
}

/// Escapes a node or cluster id for a double-quoted DOT string so that distinct ids stay
/// distinct (reliability finding 16: ids differing only in CR, LF or CRLF became one node): as
/// [`escape`], but CR → `\r`, LF → `\n` and NUL → `\0`, each on its own. Graphviz keeps an id's
/// backslashes as written, and every code is a distinct sequence, so the mapping is one to one.
pub fn escape_id(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            c => push_common(&mut out, c, "\\n", "\\0"),
        }
    }
    out
}

fn push_common(out: &mut String, c: char, line_feed: &str, nul: &str) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str(line_feed),
        '&' => out.push_str("&amp;"),
        '\0' => out.push_str(nul),
        _ => out.push(c),
    }
}

/// `"id"`, escaped as an id ([`escape_id`]).
pub(super) fn quoted(s: &str) -> String {
    format!("\"{}\"", escape_id(s))
}

/// `[k1="v1", k2="v2"]`, every value escaped.
pub(super) fn attributes(pairs: &[(&str, &str)]) -> String {
    let inner: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", escape(v)))
        .collect();
    format!("[{}]", inner.join(", "))
}

/// The Graphviz `style` of a node: filled, and rounded, dashed or dotted as `s` says.
pub(super) fn node_styles(s: NodeStyle) -> String {
    let mut styles = vec!["filled"];
    if s.shape == Shape::Rounded {
        styles.push("rounded");
    }
    match s.line {
        Line::Solid => {}
        Line::Dashed => styles.push("dashed"),
        Line::Dotted => styles.push("dotted"),
    }
    styles.join(",")
}

fn node_line(node: &Node) -> String {
    let s = node_style(node.kind, node.derivation);
    let styles = node_styles(s);
    let tooltip = format!("{} {}", node.kind.as_str(), node.id);
    format!(
        "  {} {};",
        quoted(&node.id),
        attributes(&[
            ("label", &node.label),
            ("shape", s.shape.dot_shape()),
            ("style", &styles),
            ("fillcolor", s.fill),
            ("color", s.border),
            ("tooltip", &tooltip),
        ])
    )
}

/// Opens a `digraph` named `name` with factlog's font settings, laid out in direction
/// `rankdir` (`LR`, `TB`).
pub(super) fn write_header(out: &mut dyn Write, name: &str, rankdir: &str) -> io::Result<()> {
    writeln!(out, "digraph {name} {{")?;
    writeln!(
        out,
        "  graph {};",
        attributes(&[("rankdir", rankdir), ("fontname", FONT)])
    )?;
    writeln!(
        out,
        "  node {};",
        attributes(&[("fontname", FONT), ("fontsize", "10")])
    )?;
    writeln!(
        out,
        "  edge {};",
        attributes(&[("fontname", FONT), ("fontsize", "9")])
    )
}

/// Writes the graph as a Graphviz `digraph`, accepted by `dot -Tsvg`.
pub fn write_dot(g: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    write_header(out, "factlog", "LR")?;
    for node in g.nodes() {
        writeln!(out, "{}", node_line(node))?;
    }
    for e in g.edges() {
        let s = edge_style(e.edge.derivation);
        writeln!(
            out,
            "  {} -> {} {};",
            quoted(&e.source.id),
            quoted(&e.target.id),
            attributes(&[
                ("label", &e.edge.label),
                ("color", s.color),
                ("fontcolor", s.color),
                ("style", s.line.dot_style()),
            ])
        )?;
    }
    writeln!(out, "}}")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::graph::GraphOptions;
    use crate::graph::fixture::{derived_store, tiny_store};
    use std::process::{Command, Stdio};

    fn dot_text(g: &KnowledgeGraph) -> String {
        let mut out = Vec::new();
        write_dot(g, &mut out).expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("the DOT writer writes UTF-8")
    }

    #[test]
    fn escape_quotes_backslashes_and_newlines() {
        assert_eq!(escape(r#"say "no""#), r#"say \"no\""#);
        assert_eq!(escape(r"a\b"), r"a\\b");
        assert_eq!(escape("a\\"), "a\\\\");
        assert_eq!(escape(r#"\""#), r#"\\\""#);
        assert_eq!(escape("one\ntwo"), r"one\ntwo");
        assert_eq!(escape("one\r\ntwo\rthree"), r"one\ntwo\nthree");
        assert_eq!(escape("Россия — 日本 🇷🇺"), "Россия — 日本 🇷🇺");
        assert_eq!(escape(""), "");
        assert_eq!(escape("tab\there"), "tab\there");
        assert_eq!(escape("<tag>&amp;"), "<tag>&amp;amp;");
        assert_eq!(escape("a\0b"), "a␀b");
    }

    // Reliability finding 16: ids that differ only in their line breaks merged into one node,
    // and NUL was written raw (a DOT syntax error).
    #[test]
    fn distinct_ids_stay_distinct() {
        let ids = [
            "x\ry", "x\ny", "x\r\ny", "x\\ny", "x\\ry", "x\0y", "x\\0y", "x&y", "x&amp;y",
        ];
        let escaped: std::collections::BTreeSet<String> =
            ids.iter().map(|i| escape_id(i)).collect();
        assert_eq!(escaped.len(), ids.len(), "{escaped:?}");
        assert!(
            escaped
                .iter()
                .all(|e| !e.contains('\0') && !e.contains('\n') && !e.contains('\r'))
        );
    }

    #[test]
    fn a_tiny_graph_snapshot() {
        let g = KnowledgeGraph::build(&tiny_store(), &GraphOptions::with_derived());
        insta::assert_snapshot!(dot_text(&g));
    }

    #[test]
    fn output_is_deterministic() {
        let store = derived_store();
        let a = dot_text(&KnowledgeGraph::build(
            &store,
            &GraphOptions::with_derived(),
        ));
        let b = dot_text(&KnowledgeGraph::build(
            &store.clone(),
            &GraphOptions::with_derived(),
        ));
        assert_eq!(a, b);
    }

    /// `dot -Tsvg` on `text`: its SVG, after asserting that it succeeded without a warning;
    /// `None` (with a note) when Graphviz is not on PATH.
    pub(crate) fn graphviz_svg(text: &str, test: &str) -> Option<String> {
        let Ok(mut child) = Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
        else {
            #[allow(clippy::print_stderr)] // a test's note that it skipped
            {
                eprintln!("note: Graphviz `dot` is not on PATH; skipping {test}");
            }
            return None;
        };
        {
            let mut stdin = child.stdin.take().expect("stdin is piped");
            stdin
                .write_all(text.as_bytes())
                .expect("dot reads its input");
        }
        let output = child.wait_with_output().expect("dot runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "dot failed: {stderr}\n{text}");
        assert!(stderr.trim().is_empty(), "dot warned: {stderr}\n{text}");
        Some(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    #[test]
    fn graphviz_accepts_the_output() {
        let g = KnowledgeGraph::build(&derived_store(), &GraphOptions::with_derived());
        let text = dot_text(&g)
            + &dot_text(&KnowledgeGraph::build(
                &tiny_store(),
                &GraphOptions::with_derived(),
            ));
        // Two graphs in one input: dot renders each.
        let Some(svg) = graphviz_svg(&text, "graphviz_accepts_the_output") else {
            return;
        };
        assert!(svg.contains("Россия"));
        assert!(svg.contains("US &quot;draft&quot; \\ resolution"), "{svg}");
    }
}
