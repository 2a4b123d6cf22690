//! The knowledge base built into the binary: used by every knowledge-base command where no
//! `--kb` and no `factlog.toml` (here or above) names another, with one note on stderr; it
//! answers from a copy of the binary far from the checkout.

use crate::support::{BUILTIN_NOTE, TempKb, diagnostics, factlog, stdout};
use assert_cmd::Command;

const FIVE: &str = "S\tD\nchina\tus_draft_1994_06_15\nfrance\trussia_china_draft_2019_12\n\
                    russia\tus_draft_1994_06_15\nunited_kingdom\trussia_china_draft_2019_12\n\
                    united_states\trussia_china_draft_2019_12\n";

#[test]
fn a_copy_of_the_binary_answers_from_an_empty_folder_with_the_built_in_base() {
    let bin_dir = tempfile::tempdir().expect("temp dir");
    let copy = bin_dir.path().join("factlog");
    std::fs::copy(assert_cmd::cargo::cargo_bin("factlog"), &copy).expect("copy the binary");
    let empty = tempfile::tempdir().expect("temp dir");
    let out = Command::new(&copy)
        .current_dir(empty.path())
        .args(["query", "opposed_without_veto_commitment(S, D)"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), FIVE);
    assert_eq!(diagnostics(&out), "");
    let out = Command::new(&copy)
        .current_dir(empty.path())
        .args([
            "why",
            r#"opposed_without_veto_commitment("russia", "us_draft_1994_06_15")"#,
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let proof = stdout(&out);
    for part in [
        "The Moscow Times (with AP and Reuters), 1994-06-17",
        "http://oldtmt.vedomosti.ru/",
    ] {
        assert!(proof.contains(part), "{part} in {proof}");
    }
    // Nothing was written where it ran.
    assert_eq!(std::fs::read_dir(empty.path()).expect("dir").count(), 0);
}

#[test]
fn every_knowledge_base_command_uses_the_built_in_base_and_says_so_once() {
    for args in [
        &["check"][..],
        &["query", "publicly_opposed(S, D)"],
        &["why", r#"publicly_opposed("china", "us_draft_1994_06_15")"#],
        &["export", "--format", "json"],
        &["stats"],
        &["build"],
    ] {
        let out = factlog().args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        diagnostics(&out);
    }
    let out = factlog()
        .arg("repl")
        .write_stdin("?- publicly_opposed(\"china\", D).\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    diagnostics(&out);
}

#[test]
fn a_factlog_toml_in_the_current_folder_or_above_wins_over_the_built_in_base() {
    let kb = TempKb::new(&[(
        "a.json",
        r#"{"schema": 1, "entities": [{"id": "ruritania", "kind": "country", "name": "Ruritania"}]}"#,
    )]);
    std::fs::write(kb.path().join("factlog.toml"), "").expect("write");
    let deep = kb.path().join("facts");
    let out = Command::cargo_bin("factlog")
        .expect("bin")
        .current_dir(&deep)
        .args(["query", "entity(X, \"country\", _)"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "X\nruritania\n");
    assert!(!crate::support::stderr(&out).contains(BUILTIN_NOTE));
}

#[test]
fn run_loads_no_knowledge_base() {
    let dir = tempfile::tempdir().expect("temp dir");
    let prog = dir.path().join("p.dl");
    std::fs::write(&prog, ".decl p(x: number)\np(1).\n.output p(IO=stdout)\n").expect("write");
    let out = Command::cargo_bin("factlog")
        .expect("bin")
        .current_dir(dir.path())
        .arg("run")
        .arg(&prog)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(crate::support::stderr(&out), "");
}

#[test]
fn build_into_the_built_in_base_is_refused_and_points_at_init() {
    let out = factlog()
        .args(["build", "article.txt"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = crate::support::stderr(&out);
    assert!(err.contains("factlog init DIR"), "{err}");
}
