//! Regression tests for what reliability probing broke (the numbers are those of the probing
//! report's findings), each named after the behaviour a user relies on.

use crate::support::{TempKb, diagnostics, factlog, stderr, stdout};

// The findings of one area each: destinations of -o (8, 11, 28), entries of facts/ (17, 18,
// 19, 28), tall and branching proofs and drawings (14, 25).
mod facts_dir;
mod outputs;
mod proofs;

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

const RUSSIA: &str = r#"{"schema": 1,
 "entities": [{"id": "ruritania", "kind": "country", "name": "Ruritania"}]}"#;

// Reliability finding 13: one invalid byte ended the REPL session (exit 2) before the good
// query after it ran.
#[test]
fn the_repl_reports_a_line_that_is_not_utf8_and_goes_on() {
    let out = factlog()
        .arg("repl")
        .write_stdin(&b"\xff\xfe\n?- publicly_opposed(S, \"us_draft_1994_06_15\").\n"[..])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "S\nchina\nrussia\n");
    assert!(
        diagnostics(&out).contains("<stdin>:1:1: the line is not UTF-8"),
        "{}",
        stderr(&out)
    );
}

// Reliability finding 13: a rule that failed at run time was kept, and every later query
// failed with it; nothing could remove it.
#[test]
fn the_repl_rolls_back_a_rule_whose_evaluation_fails() {
    let input = ".decl z(x: number)\nz(1 / 0) :- entity(_, _, _).\n?- z(X).\n\
                 ?- publicly_opposed(S, \"us_draft_1994_06_15\").\n";
    let out = factlog()
        .arg("repl")
        .write_stdin(input)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let err = diagnostics(&out);
    assert_eq!(err.matches("E0320").count(), 1, "{err}");
    assert!(err.contains("not added"), "{err}");
    // The declaration stays (z is empty); the unrelated query answers.
    assert_eq!(stdout(&out), "ok\nX\nS\nchina\nrussia\n");
}

// Reliability finding 13: no command removed a rule (.undo and .reset now do).
#[test]
fn undo_and_reset_take_back_what_was_typed() {
    let input = ".decl opp(s: symbol)\nopp(S) :- publicly_opposed(S, _).\n.undo\n?- opp(S).\n\
                 opp(\"x\").\n.reset\n?- opp(S).\n.undo\n";
    let out = factlog()
        .arg("repl")
        .write_stdin(input)
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert_eq!(
        text,
        "ok\nok\nremoved <repl:2>: opp(S) :- publicly_opposed(S, _).\nS\nok\nremoved 2 statements\n"
    );
    let err = diagnostics(&out);
    // After .reset, opp is undeclared again; then there is nothing to undo.
    assert!(err.contains("E0"), "{err}");
    assert!(err.contains("nothing to undo"), "{err}");
}

// Reliability finding 20: an unreadable subfolder of facts/ was reported as the whole facts
// folder (`--> facts`), not itself.
#[test]
fn an_unreadable_subfolder_of_facts_is_named_itself() {
    use std::os::unix::fs::PermissionsExt;
    let kb = TempKb::new(&[("a.json", RUSSIA), ("locked/b.json", RUSSIA)]);
    let mode = |p: &std::path::Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).expect("chmod")
    };
    // The folders must be open to an unprivileged user, but facts/locked/.
    mode(kb.path(), 0o755);
    mode(&kb.path().join("facts"), 0o755);
    mode(&kb.path().join("facts/locked"), 0o000);
    let bin = assert_cmd::cargo::cargo_bin("factlog");
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    // Root reads any folder: the check runs as `nobody` then.
    let mut cmd = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    let out = cmd
        .args(["check", "--kb"])
        .arg(kb.path())
        .output()
        .expect("runs (setpriv from util-linux when root)");
    mode(&kb.path().join("facts/locked"), 0o755);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("--> facts/locked\n"), "{err}");
    assert!(err.contains("cannot read the folder"), "{err}");
}

// Reliability finding 20: an error at the end of a 1 MB single-line fact file echoed the whole
// line and a 1 MB caret line (2 MB of stderr).
#[test]
fn an_error_on_a_huge_line_echoes_a_window_of_it() {
    let pad = "x".repeat(1_000_000);
    let text = format!(
        r#"{{"schema": 1, "entities": [{{"id": "a", "kind": "country", "name": "{pad}"}}], "oops"}}"#
    );
    let kb = TempKb::new(&[("big.json", &text)]);
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.len() < 2_000, "{} bytes of stderr", err.len());
    assert!(err.contains("error[E0101]"), "{err}");
    assert!(err.contains("…"), "{err}");
}

// Reliability finding 21: a byte-order mark is skipped in every file factlog reads: here
// factlog.toml and an article's header (it was not recognised after one).
#[test]
fn a_byte_order_mark_is_skipped_in_factlog_toml_and_article_headers() {
    let kb = TempKb::new(&[("a.json", RUSSIA)]);
    std::fs::write(
        kb.path().join("factlog.toml"),
        "\u{feff}sources = [\"texts\"]\n",
    )
    .expect("write");
    std::fs::create_dir(kb.path().join("texts")).expect("mkdir");
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let article = kb.path().join("texts/a.txt");
    std::fs::write(
        &article,
        "\u{feff}id: wire_9\npublished: 2030-05-06\n---\nRuritania opposed the draft resolution on Monday.\n",
    )
    .expect("write");
    let out = factlog()
        .arg("extract")
        .arg(&article)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["source"]["id"], "wire_9");
    assert_eq!(doc["source"]["published"], "2030-05-06");
}

// Reliability finding 22: --min-confidence 2 (or 1.5, inf, NaN) filtered everything out and
// exited 1; -1 was refused only as "unexpected argument".
#[test]
fn a_confidence_outside_0_to_1_is_refused() {
    for x in ["2", "1.5", "inf", "NaN", "-1", "-0.5", "high"] {
        let out = factlog()
            .args(["query", "entity(X, _, _)", "--min-confidence", x])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{x}");
        assert!(
            stderr(&out).contains("expected a number from 0 to 1"),
            "{x}: {}",
            stderr(&out)
        );
    }
    let out = factlog()
        .args(["query", "entity(X, _, _)", "--min-confidence", "1"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
}

// Reliability finding 24: `check` said ok while a broken queries/*.dl made every query fail.
#[test]
fn check_checks_the_rule_files_of_queries() {
    let kb = TempKb::new(&[("a.json", RUSSIA)]);
    std::fs::create_dir_all(kb.path().join("queries")).expect("mkdir");
    std::fs::write(kb.path().join("queries/extra.dl"), "p(x :- q(\n").expect("write");
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("queries/extra.dl:1:5"),
        "{}",
        stderr(&out)
    );
    std::fs::write(
        kb.path().join("queries/extra.dl"),
        ".decl p(x: symbol)\np(x) :- entity(x, \"country\", _).\n",
    )
    .expect("write");
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 rule file"), "{}", stderr(&out));
}

// Reliability finding 27: -j was not capped (-j 100000 failed after 23 s with E0313, "cannot
// start 100000 threads").
#[test]
fn jobs_beyond_the_cores_are_capped_and_zero_is_refused() {
    let out = factlog()
        .args([
            "query",
            "publicly_opposed(S, D)",
            "--engine",
            "runtime",
            "-j",
            "100000",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 9);
    let out = factlog()
        .args(["query", "publicly_opposed(S, D)", "-j", "0"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("at least 1"), "{}", stderr(&out));
}

// Reliability finding 21: a UTF-8 byte-order mark at the start of a `.dl` program or a
// `.facts` input was read as a character of the program or of the first row.
#[test]
fn a_byte_order_mark_starts_a_program_or_an_input_file_without_being_part_of_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("p.dl"),
        "\u{feff}.decl e(x: number)\n.input e\n.output e(IO=stdout)\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("e.facts"), "\u{feff}1\n2\n").expect("write");
    let out = factlog()
        .current_dir(dir.path())
        .args(["run", "p.dl", "-F", ".", "-D", "-"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("1\n2\n"), "{}", stdout(&out));
}

// Reliability finding 4: symbol growth was not bounded (`cat(x, x)` doubles a string each
// round: 6 GB for 30 tuples, then an abort). One memory budget, `--max-memory`, stops it.
#[test]
fn growing_symbols_stop_at_the_memory_budget_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let program = dir.path().join("str.dl");
    std::fs::write(
        &program,
        ".decl s(x: symbol)\ns(\"ab\").\ns(cat(x, x)) :- s(x).\n.printsize s\n",
    )
    .expect("write");
    let out = factlog()
        .arg("run")
        .arg(&program)
        .args(["-D", "-", "--max-memory", "16M"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("E0325"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--max-memory"), "{}", stderr(&out));
    let out = factlog()
        .arg("run")
        .arg(&program)
        .args(["-D", "-", "--max-memory", "lots"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("such as 512M"), "{}", stderr(&out));
}
