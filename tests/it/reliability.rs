//! Regression tests for what reliability probing broke (the numbers are those of the probing
//! report's findings), each named after the behaviour a user relies on.

// Reliability finding 2: in a base where every date is known (no `""` anywhere), the default
// (compiled) engine never derived `reversed_stance`, while `why` proved it.
#[test]
fn a_fully_dated_base_derives_reversed_stance_in_every_command() {
    let facts = r#"{"schema": 1,
 "entities": [{"id": "c1", "kind": "country", "name": "C"}, {"id": "x2", "kind": "proposal", "name": "X"}],
 "facts": [{"relation": "stance", "args": ["c1", "x2", "support", "1994-06-15"]},
           {"relation": "stance", "args": ["c1", "x2", "oppose", "1994-06-16"]}]}"#;
    let kb = crate::support::TempKb::new(&[("a.json", facts)]);
    let want = "C\tX\tD1\tD2\nc1\tx2\t1994-06-15\t1994-06-16\n";
    for engine in [None, Some("runtime"), Some("naive")] {
        let mut args = vec!["query", "reversed_stance(C, X, D1, D2)"];
        if let Some(e) = engine {
            args.extend(["--engine", e]);
        }
        let out = kb.factlog(&args).output().expect("runs");
        assert_eq!(crate::support::stdout(&out), want, "engine {engine:?}");
        assert_eq!(out.status.code(), Some(0));
    }
    let out = kb
        .factlog(&[
            "why",
            r#"reversed_stance("c1", "x2", "1994-06-15", "1994-06-16")"#,
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
}

// Reliability finding 16: entity ids that differ only in CR, LF or CRLF became one Graphviz
// node; `&` was read by Graphviz as an entity reference; NUL was written raw.
#[test]
fn ids_differing_only_in_line_breaks_stay_three_nodes_and_labels_escape_ampersands_and_nul() {
    let entities: Vec<serde_json::Value> = ["x\ry", "x\ny", "x\r\ny", "n\0ul"]
        .iter()
        .map(|id| serde_json::json!({"id": id, "kind": "country", "name": "<tag>&amp;"}))
        .collect();
    let doc = serde_json::json!({"schema": 1, "entities": entities}).to_string();
    let kb = crate::support::TempKb::new(&[("zz.json", &doc)]);
    let out = kb
        .factlog(&["export", "--format", "dot", "--relations", "entity"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        crate::support::stderr(&out)
    );
    let dot = crate::support::stdout(&out);
    assert!(!dot.contains('\0'), "NUL written raw");
    let nodes: std::collections::BTreeSet<&str> = dot
        .lines()
        .filter(|l| l.starts_with("  \"") && !l.contains(" -> "))
        .filter_map(|l| l.trim_start().split(" [").next())
        .collect();
    for id in [r#""x\ry""#, r#""x\ny""#, r#""x\r\ny""#, r#""n\0ul""#] {
        assert!(nodes.contains(id), "{id} among {nodes:?}");
    }
    assert!(dot.contains(r#"label="<tag>&amp;amp;""#), "{dot}");
    crate::support::assert_graphviz_accepts(dot.as_bytes());
}

// Reliability finding 26: `--around russia --relations vote` said Russia did not exist.
#[test]
fn around_an_entity_the_kept_relations_leave_without_edges_says_so_and_exits_1() {
    let out = crate::support::factlog()
        .args(["export", "--around", "russia", "--relations", "vote"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = crate::support::stderr(&out);
    assert!(
        err.contains("no edge of russia is kept by --relations vote"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // An id that is no entity at all is still a usage error.
    let out = crate::support::factlog()
        .args(["export", "--around", "atlantis", "--relations", "vote"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}
