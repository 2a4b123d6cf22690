//! The manners of the command line: shell completions, the man page, `--color` and
//! `NO_COLOR`, `-` for standard input, statements over several lines in the REPL, JSON
//! diagnostics with their file, line and column apart, value checks.

use crate::support::{TempKb, diagnostics, factlog, stderr, stdout};

#[test]
fn completions_are_printed_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _factlog"),
        ("zsh", "#compdef factlog"),
        ("fish", "complete -c factlog"),
    ] {
        let out = factlog()
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("init"), "{shell}: the commands are in it");
    }
    let out = factlog()
        .args(["completions", "tcsh"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff_with_a_page_per_command() {
    let out = factlog().arg("man").output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let roff = stdout(&out);
    assert!(
        roff.starts_with(".ie \\n(.g .ds Aq") || roff.contains(".TH factlog 1"),
        "{roff}"
    );
    assert!(
        roff.contains(".SH SUBCOMMANDS") || roff.contains("factlog\\-query"),
        "{roff}"
    );
    let out = factlog().args(["man", "query"]).output().expect("runs");
    assert!(
        stdout(&out).contains(".TH factlog-query 1"),
        "{}",
        stdout(&out)
    );
    let out = factlog().args(["man", "nosuch"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    // That man renders it is tests/tools' (listed as ignored where man is missing).
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let ansi = "\x1b[";
    let run = |args: &[&str], no_color: Option<&str>| {
        let mut cmd = factlog();
        cmd.args(["query", "stance(X Y)"]).args(args);
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        } else {
            cmd.env_remove("NO_COLOR");
        }
        let out = cmd.output().expect("runs");
        assert_eq!(out.status.code(), Some(2));
        stderr(&out)
    };
    assert!(run(&["--color", "always"], None).contains(&format!("{ansi}1;31merror[E0001]")));
    assert!(
        run(&["--color=always"], Some("1")).contains(ansi),
        "always wins over NO_COLOR"
    );
    assert!(!run(&["--color", "never"], None).contains(ansi));
    // auto: stderr is a pipe here, so no colour.
    assert!(!run(&[], None).contains(ansi));
    assert!(!run(&["--color", "auto"], Some("1")).contains(ansi));
    let out = factlog()
        .args(["query", "p(X)", "--color", "sometimes"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn run_and_extract_read_standard_input_for_dash() {
    let out = factlog()
        .args(["run", "-", "-D", "-"])
        .write_stdin(".decl p(x: number)\np(1). p(2).\n.output p\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("1\n2\n"), "{}", stdout(&out));
    let out = factlog()
        .args(["run", "-"])
        .write_stdin("p(x :- q(\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--> <stdin>:1:5"), "{}", stderr(&out));
    let article = "id: wire_7\npublished: 2030-05-06\n---\n\
                   France said on Monday it would oppose the draft resolution.\n";
    let out = factlog()
        .args(["extract", "-"])
        .write_stdin(article)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["source"]["id"], "wire_7");
    let out = factlog()
        .args(["extract", "-", "--published", "2030-05-06"])
        .write_stdin("France said on Monday it would oppose the draft resolution.\n")
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["source"]["id"], "stdin");
}

#[test]
fn a_repl_statement_may_span_lines_and_ends_at_its_final_dot() {
    let input = ".decl opp(s: symbol,\n         p: symbol)\n\
                 opp(S, P) :-\n  publicly_opposed(S, P),\n  // a comment. Not the end\n  \
                 !declined_to_commit(S, P).\n?- opp(S,\n  \"us_draft_1994_06_15\").\nhelp\n";
    let out = factlog()
        .arg("repl")
        .write_stdin(input)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("ok\nok\nS\n"), "{text}");
    assert!(text.contains("Commands:"), "{text}");
    assert_eq!(diagnostics(&out), "");
    // An error names the statement by the input line it began on.
    let out = factlog()
        .arg("repl")
        .write_stdin("?- publicly_opposed(S, _).\n\nbad(x) :-\n  nosuch(x).\n")
        .output()
        .expect("runs");
    assert!(
        stderr(&out).contains("--> <repl:3>:2:3"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_diagnostics_give_file_line_and_column_apart_for_input_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("p.dl"),
        ".decl e(x: number, y: number)\n.input e\n.output e\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("e.facts"), "1\t2\n3\tx\n").expect("write");
    let out = factlog()
        .arg("run")
        .arg(dir.path().join("p.dl"))
        .arg("-F")
        .arg(dir.path())
        .args(["-D", "-", "--diagnostics", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let d: serde_json::Value =
        serde_json::from_str(stderr(&out).lines().next().expect("a line")).expect("JSON");
    assert_eq!(d["code"], "E0308");
    assert_eq!(
        d["file"],
        dir.path().join("e.facts").display().to_string(),
        "{d}"
    );
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 3, "after `3` and the tab");
}

#[test]
fn build_without_articles_re_checks_the_base() {
    let kb = TempKb::new(&[(
        "a.json",
        r#"{"schema": 1, "entities": [{"id": "ruritania", "kind": "country", "name": "R"}]}"#,
    )]);
    let out = kb.factlog(&["build"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("ok: 1 fact files"),
        "{}",
        stderr(&out)
    );
    std::fs::write(kb.path().join("facts/b.json"), "{").expect("write");
    let out = kb.factlog(&["build"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("E0101"), "{}", stderr(&out));
}

#[test]
fn option_values_are_checked() {
    for args in [
        &["query", "p(X)", "--max-tuples", "0"][..],
        &["query", "p(X)", "-j", "many"],
        &["why", "p(X)", "--depth", "-1"],
        &["export", "--format", "png"],
    ] {
        let out = factlog().args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}
