//! `factlog query` and `check` on the built-in knowledge base: the exact answers SCHEMA.md
//! requires, output formats, exit codes and query diagnostics.

use crate::support::{diagnostics, factlog, stderr, stdout};
use serde_json::{Value, json};

fn query_json(q: &str) -> Value {
    let out = factlog()
        .args(["query", q, "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn check_accepts_the_built_in_knowledge_base() {
    let out = factlog().arg("check").output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert!(
        diagnostics(&out).starts_with("ok: 5 fact files"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

#[test]
fn opposed_without_veto_commitment_is_exactly_the_five_of_the_schema() {
    assert_eq!(
        query_json("opposed_without_veto_commitment(S, D)"),
        json!({
            "columns": ["S", "D"],
            "rows": [
                ["china", "us_draft_1994_06_15"],
                ["france", "russia_china_draft_2019_12"],
                ["russia", "us_draft_1994_06_15"],
                ["united_kingdom", "russia_china_draft_2019_12"],
                ["united_states", "russia_china_draft_2019_12"],
            ]
        })
    );
}

#[test]
fn reversed_stance_is_exactly_russias_on_the_1994_draft() {
    assert_eq!(
        query_json("reversed_stance(C, P, From, To)")["rows"],
        json!([["russia", "us_draft_1994_06_15", "1994-06-15", "1994-06-16"]])
    );
}

#[test]
fn declined_to_commit_is_exactly_russia_and_china_on_the_1994_draft() {
    assert_eq!(
        query_json("declined_to_commit(C, P)")["rows"],
        json!([
            ["china", "us_draft_1994_06_15"],
            ["russia", "us_draft_1994_06_15"]
        ])
    );
}

#[test]
fn the_roles_of_the_schema_are_all_there() {
    let rows = query_json("holds_role(P, R, O, _)")["rows"].clone();
    for (p, r, o) in [
        ("andrei_kozyrev", "foreign_minister", "russia"),
        ("valentin_moiseyev", "foreign_ministry_official", "russia"),
        ("thomas_pickering", "ambassador", "united_states"),
        ("ivan_rybkin", "duma_speaker", "state_duma"),
        ("sergey_lavrov", "foreign_minister", "russia"),
        ("rex_tillerson", "secretary_of_state", "united_states"),
        ("vasily_nebenzya", "ambassador_to_un", "russia"),
        ("matthew_rycroft", "ambassador_to_un", "united_kingdom"),
        ("kim_jong_un", "head_of_state", "north_korea"),
        ("donald_trump", "head_of_state", "united_states"),
    ] {
        assert!(
            rows.as_array().expect("rows").contains(&json!([p, r, o])),
            "{p} {r} {o}"
        );
    }
}

#[test]
fn constants_filter_and_columns_follow_first_appearance() {
    assert_eq!(
        query_json(r#"holds_role(P, "foreign_minister", "russia", D)"#),
        json!({
            "columns": ["P", "D"],
            "rows": [["andrei_kozyrev", "1994-06-17"], ["sergey_lavrov", "2017-08-31"]]
        })
    );
}

#[test]
fn a_repeated_variable_joins_columns() {
    // aligned(X, X, _) never holds: a state is not aligned with itself.
    let out = factlog()
        .args(["query", "aligned(X, X, P)"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "X\tP\n");
}

#[test]
fn piped_output_is_tsv_and_csv_quotes_commas() {
    let out = factlog()
        .args(["query", r#"entity("united_states", K, N)"#])
        .output()
        .expect("runs");
    assert_eq!(stdout(&out), "K\tN\ncountry\tUnited States\n");
    let out = factlog()
        .args([
            "query",
            r#"source("mt_1994_06_17", Outlet, _, _)"#,
            "--format",
            "csv",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        stdout(&out),
        "Outlet\nThe Moscow Times (with AP and Reuters)\n"
    );
}

#[test]
fn no_rows_exits_1() {
    let out = factlog()
        .args(["query", r#"vetoed(C, P)"#, "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v, json!({"columns": ["C", "P"], "rows": []}));
}

#[test]
fn a_syntax_error_points_at_the_column() {
    let out = factlog()
        .args(["query", "stance(X Y)"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(diagnostics(&out), @r"
    error[E0001]: syntax error: expected `,` or `)`, found `Y`
     --> <query>:1:10
      |
    1 | stance(X Y)
      |          ^
    ");
}

#[test]
fn an_unknown_relation_suggests_a_close_one() {
    let out = factlog()
        .args(["query", "stances(X, P, Pos, D)"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(diagnostics(&out), @r"
    error[E0201]: unknown relation `stances`: expected a base or standard derived relation
     --> <query>:1:1
      |
    1 | stances(X, P, Pos, D)
      | ^^^^^^^
      = note: did you mean `stance`?
      = note: `factlog stats` lists every relation
    ");
}

#[test]
fn a_wrong_arity_is_an_error() {
    let out = factlog()
        .args(["query", "publicly_opposed(X)"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`publicly_opposed` takes 2 arguments (country, proposal), found 1")
    );
}

#[test]
fn an_unquoted_entity_id_gets_a_warning() {
    let out = factlog()
        .args(["query", "publicly_opposed(russia, P)"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        diagnostics(&out).contains(
            "warning[W0201]: `russia` is a variable, but \"russia\" is also an entity id"
        ),
        "{}",
        stderr(&out)
    );
    // A variable used twice, or one that names no entity, gets none.
    let out = factlog()
        .args(["query", "publicly_opposed(State, P)"])
        .output()
        .expect("runs");
    assert_eq!(diagnostics(&out), "");
}

#[test]
fn stats_counts_tuples_per_relation_and_origin() {
    let out = factlog()
        .args(["stats", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let find = |name: &str| {
        v["relations"]
            .as_array()
            .expect("relations")
            .iter()
            .find(|r| r["relation"] == name)
            .cloned()
            .expect("listed")
    };
    assert_eq!(find("opposed_without_veto_commitment")["tuples"], 5);
    assert_eq!(find("opposed_without_veto_commitment")["kind"], "derived");
    assert_eq!(find("permanent_member")["tuples"], 5);
    assert_eq!(find("permanent_member")["curated"], 5);
    assert_eq!(v["origins"]["extracted"], 0);
}

#[test]
fn origin_and_confidence_filters_keep_only_matching_facts() {
    let out = factlog()
        .args(["query", "stance(A, P, X, D)", "--origin", "extracted"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "the built-in base has no extracted facts"
    );
    let out = factlog()
        .args([
            "query",
            "opposed_without_veto_commitment(S, D)",
            "--origin",
            "curated",
            "--min-confidence",
            "0.9",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["rows"].as_array().expect("rows").len(), 5);
}
