//! The runtime engine through the CLI: `query` with whole bodies and user rules, `run` the way
//! Soufflé runs programs, the REPL, and agreement with the crepe-compiled rules.

use crate::support::{TempKb, diagnostics, factlog, repo, stderr, stdout};

const DERIVED: [&str; 10] = [
    "represents",
    "state_stance",
    "publicly_opposed",
    "veto_power",
    "vetoed",
    "committed_to_veto",
    "declined_to_commit",
    "opposed_without_veto_commitment",
    "reversed_stance",
    "aligned",
];

fn atom_for(rel: &str, arity: usize) -> String {
    let vars: Vec<String> = (0..arity).map(|i| format!("V{i}")).collect();
    format!("{rel}({})", vars.join(", "))
}

fn arity(rel: &str) -> usize {
    match rel {
        "state_stance" | "reversed_stance" => 4,
        "aligned" => 3,
        _ => 2,
    }
}

#[test]
fn a_query_body_with_negation_is_answered_by_the_runtime_engine() {
    let out = factlog()
        .args([
            "query",
            r#"publicly_opposed(S, D), veto_power(S, D), !declined_to_commit(S, D)"#,
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "S\tD\nfrance\trussia_china_draft_2019_12\nunited_kingdom\trussia_china_draft_2019_12\nunited_states\trussia_china_draft_2019_12\n"
    );
}

#[test]
fn an_aggregate_counts_per_group() {
    let out = factlog()
        .args([
            "query",
            r#"proposal(P, _, _, _), N = count : { publicly_opposed(_, P) }, N > 1"#,
            "--format",
            "csv",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "P,N\nrussia_china_draft_2019_12,3\nus_draft_1994_06_15,2\nus_press_statement_2019_12,2\n"
    );
}

#[test]
fn the_runtime_engine_derives_what_the_compiled_rules_derive_on_the_built_in_base() {
    for rel in DERIVED {
        let q = atom_for(rel, arity(rel));
        let compiled = factlog()
            .args(["query", &q, "--format", "tsv"])
            .output()
            .expect("runs");
        for engine in ["runtime", "naive"] {
            let runtime = factlog()
                .args(["query", &q, "--format", "tsv", "--engine", engine])
                .output()
                .expect("runs");
            assert_eq!(diagnostics(&runtime), "", "{rel} with {engine}");
            assert_eq!(stdout(&compiled), stdout(&runtime), "{rel} with {engine}");
            assert_eq!(
                compiled.status.code(),
                runtime.status.code(),
                "{rel} with {engine}"
            );
        }
    }
}

#[test]
fn user_rules_from_a_file_and_from_queries_are_evaluated() {
    let dir = tempfile::tempdir().expect("temp");
    let rules = dir.path().join("mine.dl");
    std::fs::write(
        &rules,
        ".decl opposer(s: Id)\nopposer(s) :- publicly_opposed(s, _).\n",
    )
    .expect("write");
    let out = factlog()
        .args(["query", "opposer(S), !veto_power(S, _)", "--rules"])
        .arg(&rules)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = factlog()
        .args(["query", "opposer(S)", "--rules"])
        .arg(&rules)
        .output()
        .expect("runs");
    assert_eq!(
        stdout(&out),
        "S\nchina\nfrance\nrussia\nunited_kingdom\nunited_states\n"
    );
}

#[test]
fn a_user_rule_may_not_define_a_base_or_standard_relation() {
    let dir = tempfile::tempdir().expect("temp");
    let rules = dir.path().join("bad.dl");
    std::fs::write(&rules, "vetoed(c, x) :- stance(c, x, \"oppose\", _).\n").expect("write");
    let out = factlog()
        .args(["query", "vetoed(C, X)", "--rules"])
        .arg(&rules)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error[E0309]: `vetoed` is protected"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_edited_stance_file_is_evaluated_by_the_runtime_engine_with_a_note() {
    let kb = TempKb::new(&[]);
    for sub in ["facts/background", "facts/articles", "queries"] {
        let from = repo().join(sub);
        std::fs::create_dir_all(kb.path().join(sub)).expect("mkdir");
        for e in std::fs::read_dir(&from).expect("dir") {
            let p = e.expect("entry").path();
            std::fs::copy(&p, kb.path().join(sub).join(p.file_name().expect("name")))
                .expect("copy");
        }
    }
    // Drop the veto-power condition: every public opponent now counts.
    let stance = kb.path().join("queries/stance.dl");
    let text = std::fs::read_to_string(&stance).expect("read");
    let edited = text.replace(
        "publicly_opposed(c, x), veto_power(c, x), !committed_to_veto(c, x).",
        "publicly_opposed(c, x), !committed_to_veto(c, x).",
    );
    assert_ne!(text, edited, "the rule to edit is in stance.dl");
    std::fs::write(&stance, edited).expect("write");
    let out = kb
        .factlog(&["query", "opposed_without_veto_commitment(S, D)"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("note: queries/stance.dl differs from the compiled rules"));
    let rows = stdout(&out).lines().count() - 1;
    assert_eq!(rows, 8, "{}", stdout(&out));
}

#[test]
fn run_on_exported_facts_reproduces_the_derived_relations() {
    let dir = tempfile::tempdir().expect("temp");
    let facts = dir.path().join("facts");
    let out = factlog()
        .args(["export", "--format", "facts", "-o"])
        .arg(&facts)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let outputs = dir.path().join("out");
    std::fs::create_dir_all(&outputs).expect("mkdir");
    let out = factlog()
        .arg("run")
        .arg(repo().join("queries/stance.dl"))
        .arg("-F")
        .arg(&facts)
        .arg("-D")
        .arg(&outputs)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for rel in DERIVED {
        let produced =
            std::fs::read_to_string(outputs.join(format!("{rel}.csv"))).expect("output written");
        let exported =
            std::fs::read_to_string(facts.join(format!("{rel}.facts"))).expect("exported");
        assert_eq!(produced, exported, "{rel}");
    }
}

#[test]
fn run_prints_outputs_with_dash_and_reports_diagnostics_as_json() {
    let dir = tempfile::tempdir().expect("temp");
    let prog = dir.path().join("p.dl");
    std::fs::write(
        &prog,
        ".decl e(a: number, b: number)\n.decl p(a: number, b: number)\n.output p(IO=stdout)\n\
         e(1, 2). e(2, 3).\np(x, y) :- e(x, y).\np(x, z) :- p(x, y), e(y, z).\n",
    )
    .expect("write");
    let out = factlog()
        .arg("run")
        .arg(&prog)
        .args(["-D", "-"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("1\t3"), "{}", stdout(&out));
    std::fs::write(&prog, ".decl e(a: number)\nq(x) :- e(x).\n").expect("write");
    let out = factlog()
        .arg("run")
        .arg(&prog)
        .args(["-D", "-", "--diagnostics", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let first: serde_json::Value =
        serde_json::from_str(stderr(&out).lines().next().expect("a line")).expect("json");
    assert_eq!(first["code"], "E0301");
    assert_eq!(first["line"], 2);
    assert_eq!(first["column"], 1);
}

#[test]
fn max_tuples_stops_a_runaway_program_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp");
    let prog = dir.path().join("big.dl");
    std::fs::write(
        &prog,
        ".decl n(x: number)\n.output n(IO=stdout)\nn(0).\nn(x + 1) :- n(x), x < 1000000.\n",
    )
    .expect("write");
    let out = factlog()
        .arg("run")
        .arg(&prog)
        .args(["-D", "-", "--max-tuples", "1000"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("E0321"), "{}", stderr(&out));
}

#[test]
fn the_repl_adds_rules_and_answers_queries() {
    let out = factlog()
        .arg("repl")
        .write_stdin(
            ".decl opp(s: symbol)\nopp(S) :- publicly_opposed(S, _), !veto_power(S, _).\n?- opp(S).\n\
             vetoed(a, b) :- opp(a), opp(b).\n.nonsense\n.quit\n?- opp(S).\n",
        )
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "ok\nok\nS\n");
    let err = stderr(&out);
    assert!(err.contains("`vetoed` is protected"), "{err}");
    assert!(err.contains("unknown command `.nonsense`"), "{err}");
}
