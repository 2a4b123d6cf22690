//! `factlog init DIR`: a new knowledge base that checks clean, finds itself from inside, and
//! answers queries once an article is built into it.

use crate::support::{stderr, stdout};
use assert_cmd::Command;
use std::path::Path;

fn bin(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("factlog").expect("the factlog binary is built");
    cmd.current_dir(cwd);
    cmd
}

/// An article written for this test (no third-party text).
const ARTICLE: &str = "id: wire_2031_03_04
outlet: The Example Wire
published: 2031-03-04
title: Council divided over a new draft
url: https://wire.example.org/2031/03/04/council-divided
---
France and Kenya on Monday circulated a draft resolution that would impose new sanctions on South Sudan.
Russia's ambassador to the United Nations, Ivan Petrovsky, said on Tuesday that Moscow would not support the draft.
China also opposed the draft resolution, a spokesperson for the Chinese Foreign Ministry said.
";

#[test]
fn init_writes_a_knowledge_base_that_checks_clean() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = bin(dir.path()).args(["init", "kb"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let kb = dir.path().join("kb");
    for f in [
        "factlog.toml",
        "README.md",
        "queries/schema.dl",
        "queries/stance.dl",
        "facts/background/states.json",
        "facts/background/un_security_council.json",
    ] {
        assert!(kb.join(f).is_file(), "{f}");
    }
    let articles = std::fs::read_dir(kb.join("facts/articles")).expect("facts/articles/");
    assert_eq!(articles.count(), 0, "facts/articles/ starts empty");
    let out = bin(dir.path())
        .args(["check", "--kb", "kb"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("ok: 2 fact files"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    // The background: states with aliases, the permanent members, official roles, organs.
    let q = |atom: &str| {
        let out = bin(&kb).args(["query", atom]).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "{atom}: {}", stderr(&out));
        stdout(&out)
    };
    assert!(q(r#"entity(S, "country", _)"#).lines().count() > 190);
    assert!(q(r#"alias("kenya", A)"#).contains("Nairobi"));
    assert_eq!(
        q(r#"permanent_member(S, "un_security_council")"#),
        "S\nchina\nfrance\nrussia\nunited_kingdom\nunited_states\n"
    );
    assert!(q("official_role(R)").contains("ambassador_to_un"));
    assert!(q("organ_of(O, S)").contains("russia_foreign_ministry\trussia"));
}

#[test]
fn build_then_query_works_in_a_new_knowledge_base() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = bin(dir.path()).args(["init", "kb"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let article = dir.path().join("wire_2031_03_04.txt");
    std::fs::write(&article, ARTICLE).expect("write");
    let out = bin(dir.path())
        .args(["build", "--kb", "kb"])
        .arg(&article)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = bin(dir.path())
        .args([
            "query",
            "--kb",
            "kb",
            "opposed_without_veto_commitment(S, P)",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = stdout(&out);
    assert!(rows.contains("russia\t"), "{rows}");
    assert!(rows.contains("china\t"), "{rows}");
    // The proof ends at the sentence stored with the extracted fact, without the article.
    std::fs::remove_file(&article).expect("remove");
    let out = bin(&dir.path().join("kb"))
        .args(["why", r#"publicly_opposed("russia", P)"#])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("said on Tuesday that Moscow would not support the draft.”"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let kb = dir.path().join("kb");
    std::fs::create_dir(&kb).expect("mkdir");
    std::fs::write(kb.join("notes.txt"), "mine").expect("write");
    let out = bin(dir.path()).args(["init", "kb"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("kb is not empty"), "{}", stderr(&out));
    let names: Vec<_> = std::fs::read_dir(&kb).expect("dir").collect();
    assert_eq!(names.len(), 1);
    let siblings: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(siblings.len(), 1, "no staging folder is left");
    // An empty folder is filled.
    std::fs::remove_file(kb.join("notes.txt")).expect("rm");
    let out = bin(dir.path()).args(["init", "kb"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(kb.join("factlog.toml").is_file());
}
