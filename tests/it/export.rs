//! `factlog export` end to end: DOT that Graphviz accepts, SVG without Graphviz, JSON
//! neighbourhoods, Soufflé fact files, atomic output.

use crate::support::{factlog, stderr};
use serde_json::Value;
use std::collections::BTreeSet;

fn export(args: &[&str]) -> std::process::Output {
    let out = factlog().arg("export").args(args).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    out
}

fn graph_json(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_slice(&export(&all).stdout).expect("valid JSON")
}

fn ids(v: &Value, key: &str) -> BTreeSet<String> {
    v[key]
        .as_array()
        .expect("array")
        .iter()
        .map(|n| n["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn dot_is_a_digraph_of_every_node() {
    let dot = String::from_utf8(export(&["--format", "dot", "--derived"]).stdout).expect("utf-8");
    assert!(dot.starts_with("digraph"));
    // That Graphviz accepts it is tests/tools' (listed as ignored where dot is missing).
    let graph = graph_json(&["--derived"]);
    for node in graph["nodes"].as_array().expect("nodes") {
        let id = node["id"].as_str().expect("id");
        assert!(
            dot.contains(&factlog::export::escape(id)),
            "{id} in the DOT"
        );
    }
}

#[test]
fn svg_is_rendered_without_graphviz_and_shows_every_node_label() {
    let svg = String::from_utf8(
        export(&["--format", "svg", "--around", "russia", "--depth", "1"]).stdout,
    )
    .expect("utf-8");
    let doc = roxmltree::Document::parse(&svg).expect("the SVG parses as XML");
    let text: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .map(|n| n.text().unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" ");
    // Long names are wrapped over lines: compare words.
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = words(&text);
    let graph = graph_json(&["--around", "russia", "--depth", "1"]);
    for node in graph["nodes"].as_array().expect("nodes") {
        let label = node["label"].as_str().expect("label");
        for line in label.lines() {
            assert!(
                text.contains(&words(line)),
                "label line {line:?} is not in the SVG"
            );
        }
    }
}

/// The width and height of an SVG, from its root element.
fn svg_size(svg: &[u8]) -> (f64, f64) {
    let text = String::from_utf8(svg.to_vec()).expect("utf-8");
    let doc = roxmltree::Document::parse(&text).expect("the SVG parses as XML");
    let root = doc.root_element();
    let px = |k: &str| -> f64 {
        root.attribute(k)
            .and_then(|v| v.trim_end_matches("pt").parse().ok())
            .unwrap_or_else(|| panic!("a numeric {k}"))
    };
    (px("width"), px("height"))
}

#[test]
fn the_whole_built_in_base_is_drawn_within_2500_px_with_each_proposal_in_its_panel() {
    for derived in [false, true] {
        let mut args = vec!["--format", "svg"];
        if derived {
            args.push("--derived");
        }
        let out = export(&args);
        let (w, h) = svg_size(&out.stdout);
        assert!(w.max(h) <= 2500.0, "{w} × {h} (derived: {derived})");
        assert!(
            !stderr(&out).contains("more than a screen"),
            "{}",
            stderr(&out)
        );
        // Each proposal heads a panel that lists its stances, naming who took them.
        let svg = String::from_utf8(out.stdout).expect("utf-8");
        assert!(
            svg.contains("Andrei Kozyrev · stance: oppose · 1994-06-16"),
            "derived: {derived}"
        );
    }
}

#[test]
fn a_proof_drawing_fits_a_screen() {
    let out = export(&[
        "--why",
        r#"opposed_without_veto_commitment("russia", "us_draft_1994_06_15")"#,
        "--format",
        "svg",
    ]);
    let (w, h) = svg_size(&out.stdout);
    assert!(w <= 1920.0 && h <= 1080.0, "{w} × {h}");
}

#[test]
fn around_russia_depth_1_keeps_russia_its_events_and_their_participants_only() {
    let g = graph_json(&["--around", "russia", "--depth", "1"]);
    let nodes = ids(&g, "nodes");
    for must in [
        "russia",
        "un_security_council",
        "us_draft_1994_06_15",
        "andrei_kozyrev",
        "sergey_lavrov",
        "russia_foreign_ministry",
    ] {
        assert!(nodes.contains(must), "{must} missing from {nodes:?}");
    }
    // Two hops away: China is reached only through the draft or the Council.
    for not in ["china", "france", "north_korea", "matthew_rycroft", "japan"] {
        assert!(!nodes.contains(not), "{not} should be outside depth 1");
    }
    // Every edge stays inside the kept nodes.
    for e in g["edges"].as_array().expect("edges") {
        assert!(nodes.contains(e["source"].as_str().expect("source")));
        assert!(nodes.contains(e["target"].as_str().expect("target")));
    }
}

#[test]
fn derived_edges_are_marked_and_only_with_derived() {
    let base = graph_json(&[]);
    assert!(
        base["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .all(|e| e["derived"] == false)
    );
    let with = graph_json(&[
        "--derived",
        "--relations",
        "opposed_without_veto_commitment",
    ]);
    let edges: BTreeSet<(String, String)> = with["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter(|e| e["relation"] == "opposed_without_veto_commitment")
        .map(|e| {
            assert_eq!(e["derived"], true);
            (
                e["source"].as_str().expect("s").to_string(),
                e["target"].as_str().expect("t").to_string(),
            )
        })
        .collect();
    assert_eq!(edges.len(), 5, "{edges:?}");
    assert!(edges.contains(&("russia".into(), "us_draft_1994_06_15".into())));
}

#[test]
fn unknown_entity_or_relation_is_a_usage_error() {
    let out = factlog()
        .args(["export", "--around", "atlantis"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--around atlantis: no entity with this id"));
    let out = factlog()
        .args(["export", "--relations", "stances"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown relation in --relations: stances"));
}

#[test]
fn facts_export_writes_every_relation_as_tab_separated_files() {
    let dir = tempfile::tempdir().expect("temp");
    let out_dir = dir.path().join("out");
    let out = factlog()
        .args(["export", "--format", "facts", "-o"])
        .arg(&out_dir)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names: BTreeSet<String> = std::fs::read_dir(&out_dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 28, "{names:?}");
    let owvc = std::fs::read_to_string(out_dir.join("opposed_without_veto_commitment.facts"))
        .expect("file");
    assert_eq!(
        owvc,
        "china\tus_draft_1994_06_15\nfrance\trussia_china_draft_2019_12\nrussia\tus_draft_1994_06_15\nunited_kingdom\trussia_china_draft_2019_12\nunited_states\trussia_china_draft_2019_12\n"
    );
    let reversed = std::fs::read_to_string(out_dir.join("reversed_stance.facts")).expect("file");
    assert_eq!(
        reversed,
        "russia\tus_draft_1994_06_15\t1994-06-15\t1994-06-16\n"
    );
}

#[test]
fn output_files_are_written_whole_and_replace_the_old_one() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("kb.dot");
    std::fs::write(&path, "old").expect("write");
    let out = factlog()
        .args(["export", "--format", "dot", "-o"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.starts_with("digraph") && text.trim_end().ends_with('}'));
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
}
