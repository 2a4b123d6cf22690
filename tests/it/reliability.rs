//! Regression tests for what reliability probing broke (the numbers are those of the probing
//! report's findings), each named after the behaviour a user relies on.

use crate::support::{TempKb, diagnostics, factlog, stderr, stdout};

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

/// The names in a folder, sorted.
fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("listable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// Reliability finding 8: `export -o link.dot` replaced the symlink with a regular file.
#[cfg(unix)]
#[test]
fn export_onto_a_symlink_writes_the_file_it_points_to_and_keeps_the_link() {
    let dir = tempfile::tempdir().expect("temp");
    let d = dir.path();
    std::fs::write(d.join("tgt.txt"), "target\n").expect("target");
    std::os::unix::fs::symlink("tgt.txt", d.join("link.dot")).expect("link");
    let out = crate::support::factlog()
        .args(["export", "-o"])
        .arg(d.join("link.dot"))
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        crate::support::stderr(&out)
    );
    let link = std::fs::symlink_metadata(d.join("link.dot")).expect("link");
    assert!(link.file_type().is_symlink(), "the link stays a link");
    let text = std::fs::read_to_string(d.join("tgt.txt")).expect("target");
    assert!(text.starts_with("digraph"), "{text}");
    assert_eq!(names_in(d), vec!["link.dot", "tgt.txt"]);
}

// Reliability finding 8: `export -o mynull` (a character device) left a regular file in its
// place. A link to /dev/null in a temporary folder stands in for the device: a regression
// replaces the link, never a real device.
#[cfg(unix)]
#[test]
fn export_onto_a_character_device_writes_the_device_and_never_replaces_it() {
    use std::os::unix::fs::FileTypeExt;
    let device =
        std::fs::symlink_metadata("/dev/null").is_ok_and(|m| m.file_type().is_char_device());
    if !device {
        // Another program replaced it: writing through a link to it would replace it again.
        eprintln!("note: /dev/null is not a character device here: the device check is skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("temp");
    let null = dir.path().join("mynull");
    std::os::unix::fs::symlink("/dev/null", &null).expect("link");
    for format in ["dot", "json", "svg"] {
        let out = crate::support::factlog()
            .args(["export", "--format", format, "-o"])
            .arg(&null)
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            crate::support::stderr(&out)
        );
        let meta = std::fs::symlink_metadata(&null).expect("still there");
        assert!(meta.file_type().is_symlink(), "{format}: replaced");
        assert_eq!(names_in(dir.path()), vec!["mynull"], "{format}");
    }
}

// Reliability finding 8: a FIFO destination was replaced by a regular file.
#[cfg(unix)]
#[test]
fn export_onto_a_fifo_writes_into_the_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("temp");
    let fifo = dir.path().join("pipe.dot");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("note: mkfifo is not available: the FIFO check is skipped");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read the FIFO"))
    };
    let out = crate::support::factlog()
        .args(["export", "-o"])
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        crate::support::stderr(&out)
    );
    assert!(reader.join().expect("reader").starts_with("digraph"));
    let meta = std::fs::symlink_metadata(&fifo).expect("still there");
    assert!(meta.file_type().is_fifo(), "still a FIFO");
}

// Reliability finding 8: a folder as `-o FILE` is refused, with the name, and left alone.
#[test]
fn export_onto_a_folder_is_refused_and_leaves_it_alone() {
    let dir = tempfile::tempdir().expect("temp");
    let sub = dir.path().join("graph.dot");
    std::fs::create_dir(&sub).expect("folder");
    let out = crate::support::factlog()
        .args(["export", "-o"])
        .arg(&sub)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = crate::support::stderr(&out);
    assert!(err.contains("graph.dot") && err.contains("folder"), "{err}");
    assert!(sub.is_dir());
    assert_eq!(names_in(dir.path()), vec!["graph.dot"]);
}

// Reliability finding 28: a killed export left `.factlog-XXXX.tmp` files nothing removed.
#[test]
fn a_temporary_file_a_killed_export_left_is_removed_by_the_next_export() {
    let dir = tempfile::tempdir().expect("temp");
    // Named as the writer names them, by a process that is gone (no pid is this high).
    let stale = ".kb.dot.factlog-unfinished.4000000000.Xy12Za";
    std::fs::write(dir.path().join(stale), "half an export").expect("stale");
    let out = crate::support::factlog()
        .args(["export", "-o"])
        .arg(dir.path().join("kb.dot"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    if std::path::Path::new("/proc/self").exists() {
        assert_eq!(names_in(dir.path()), vec!["kb.dot"]);
    }
}

// Reliability finding 28: `export --why` of a fact that does not hold exited 1 but still
// overwrote `-o FILE` with a drawing.
#[test]
fn export_why_of_a_fact_that_does_not_hold_leaves_the_output_file_unchanged() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("proof.svg");
    std::fs::write(&path, "the proof drawn last week").expect("old drawing");
    for format in ["dot", "svg", "json"] {
        let out = crate::support::factlog()
            .args([
                "export",
                "--why",
                r#"opposed_without_veto_commitment("france", "us_draft_1994_06_15")"#,
                "--format",
                format,
                "-o",
            ])
            .arg(&path)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1));
        let err = crate::support::stderr(&out);
        assert!(
            err.contains("does not hold") && err.contains("unchanged"),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(&path).expect("kept"),
            "the proof drawn last week"
        );
    }
}

fn path_str(p: &std::path::Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

/// The `.facts` files of a folder, by name.
fn facts_files(dir: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    names_in(dir)
        .into_iter()
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(&n)).unwrap_or_else(|e| format!("<{e}>"));
            (n, text)
        })
        .collect()
}

const JAPAN: &str = r#"{"schema": 1,
 "entities": [{"id": "japan", "kind": "country", "name": "Japan"},
              {"id": "council", "kind": "body", "name": "Council"}],
 "facts": [{"relation": "permanent_member", "args": ["japan", "council"]}]}"#;

// Reliability finding 11: an export over a folder that failed midway (here at a relation
// whose file had become a folder) left some files new and the others old.
#[test]
fn a_facts_export_that_fails_leaves_the_old_folder_whole() {
    let kb = crate::support::TempKb::new(&[("a.json", JAPAN)]);
    let dir = tempfile::tempdir().expect("temp");
    let kf = dir.path().join("kf");
    let out = crate::support::factlog()
        .args(["export", "--format", "facts", "-o"])
        .arg(&kf)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    std::fs::remove_file(kf.join("quote.facts")).expect("rm");
    std::fs::create_dir(kf.join("quote.facts")).expect("mkdir");
    let before = facts_files(&kf);
    let out = kb
        .factlog(&["export", "--format", "facts", "-o", path_str(&kf)])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = crate::support::stderr(&out);
    assert!(err.contains("quote.facts"), "{err}");
    assert_eq!(facts_files(&kf), before, "the old folder is unchanged");
    assert_eq!(names_in(dir.path()), vec!["kf"], "no temporary folder left");
}

// Reliability finding 11: the new export is the folder, whole: a relation file the old
// export had and the new one does not write is gone, and every file is the new base's.
#[test]
fn a_facts_export_replaces_the_folder_as_a_whole() {
    let kb = crate::support::TempKb::new(&[("a.json", JAPAN)]);
    let dir = tempfile::tempdir().expect("temp");
    let kf = dir.path().join("kf");
    std::fs::create_dir(&kf).expect("mkdir");
    std::fs::write(kf.join("stale_relation.facts"), "old\n").expect("old file");
    std::fs::write(kf.join("permanent_member.facts"), "old\n").expect("old file");
    let out = kb
        .factlog(&["export", "--format", "facts", "-o", path_str(&kf)])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        crate::support::stderr(&out)
    );
    let files = facts_files(&kf);
    assert!(!files.contains_key("stale_relation.facts"));
    assert_eq!(files["permanent_member.facts"], "japan\tcouncil\n");
    assert_eq!(names_in(dir.path()), vec!["kf"]);
}

// Reliability finding 11: since the folder is replaced as a whole, a folder holding anything
// that is not a .facts file (`-o .` in a project) is refused, and nothing in it is touched.
#[test]
fn a_facts_export_refuses_a_folder_holding_other_files() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join("notes.txt"), "mine").expect("file");
    let out = crate::support::factlog()
        .args(["export", "--format", "facts", "-o"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = crate::support::stderr(&out);
    assert!(
        err.contains("notes.txt") && err.contains("new or empty folder"),
        "{err}"
    );
    assert_eq!(names_in(dir.path()), vec!["notes.txt"]);
}

const ONE_COUNTRY: &str =
    r#"{"schema": 1, "entities": [{"id": "c1", "kind": "country", "name": "C"}]}"#;

// Reliability finding 17: `facts/x.json -> /dev/zero` ate memory until the allocation failed,
// and a FIFO blocked `check` forever.
#[cfg(unix)]
#[test]
fn devices_and_fifos_in_facts_are_skipped_with_a_warning() {
    let kb = crate::support::TempKb::new(&[("a.json", ONE_COUNTRY)]);
    let facts = kb.path().join("facts");
    std::os::unix::fs::symlink("/dev/zero", facts.join("x.json")).expect("link");
    let fifo = std::process::Command::new("mkfifo")
        .arg(facts.join("f.json"))
        .status()
        .is_ok_and(|s| s.success());
    let out = kb
        .factlog(&["check"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs");
    let err = crate::support::stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning[W0100]: not read: a character device, not a regular file")
            && err.contains("--> facts/x.json"),
        "{err}"
    );
    if fifo {
        assert!(
            err.contains("a FIFO") && err.contains("--> facts/f.json"),
            "{err}"
        );
    }
    assert!(err.contains("ok: 1 fact file"), "{err}");
}

// Reliability finding 17: what is read is capped; a (sparse) file past the cap is an error
// naming the cap, not an allocation of its size.
#[test]
fn a_fact_file_larger_than_the_cap_is_an_error_and_is_not_read() {
    let kb = crate::support::TempKb::new(&[("a.json", ONE_COUNTRY)]);
    let big = std::fs::File::create(kb.path().join("facts/big.json")).expect("create");
    big.set_len(factlog::kb::walk::MAX_FACT_FILE_BYTES + 1)
        .expect("a sparse file");
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = crate::support::stderr(&out);
    assert!(
        err.contains("error[E0100]: the file is larger than 256 MiB")
            && err.contains("facts/big.json"),
        "{err}"
    );
}

// Reliability finding 18: `facts/loop -> .` loaded every file 41 times, and reported each
// error 41 times.
#[cfg(unix)]
#[test]
fn a_symlink_loop_in_facts_is_reported_once_and_each_file_read_once() {
    let bad = r#"{"schema": 1, "facts": [{"relation": "stanse", "args": []}]}"#;
    let kb = crate::support::TempKb::new(&[("a.json", ONE_COUNTRY), ("d/bad.json", bad)]);
    let facts = kb.path().join("facts");
    std::os::unix::fs::symlink(".", facts.join("loop")).expect("link");
    std::os::unix::fs::symlink("..", facts.join("d/up")).expect("link");
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = crate::support::stderr(&out);
    assert_eq!(err.matches("E0103").count(), 1, "{err}");
    assert!(err.contains("--> facts/d/bad.json:1:38"), "{err}");
    for link in ["facts/loop", "facts/d/up"] {
        assert_eq!(
            err.matches(&format!("--> {link}\n")).count(),
            1,
            "{link} reported once: {err}"
        );
    }
    assert!(
        err.contains("a link to the folder facts, already read"),
        "{err}"
    );
    std::fs::remove_file(facts.join("d/bad.json")).expect("rm");
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let err = crate::support::stderr(&out);
    assert!(err.contains("ok: 1 fact file"), "{err}");
}

// Reliability finding 19: `"source": ["s"]` passed `check` as `source("s", "", "", "")`;
// entities and evidence as arrays were read too. SCHEMA.md defines objects.
#[test]
fn arrays_where_objects_belong_are_rejected_with_their_location() {
    for (doc, at) in [
        (r#"{"schema": 1, "source": ["s"]}"#, "1:25"),
        (
            r#"{"schema": 1, "entities": [["x", "country", "X"]]}"#,
            "1:28",
        ),
        (
            r#"{"schema": 1, "facts": [{"relation": "official_role", "args": ["r"], "evidence": ["s", 0, 5]}]}"#,
            "1:82",
        ),
        (r#"[1, [], []]"#, "1:1"),
    ] {
        let kb = crate::support::TempKb::new(&[("zz.json", doc)]);
        let out = kb.factlog(&["check"]).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{doc}");
        let err = crate::support::stderr(&out);
        assert!(
            err.contains(
                "error[E0101]: malformed fact file: invalid type: sequence, expected a JSON object"
            ) && err.contains(&format!("--> facts/zz.json:{at}")),
            "{doc}: {err}"
        );
    }
    let overrides = r#"{"schema": 1, "reject": [["stance", ["a"]]]}"#;
    let kb = crate::support::TempKb::new(&[("a.json", ONE_COUNTRY), ("overrides.json", overrides)]);
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = crate::support::stderr(&out);
    assert!(
        err.contains("expected a JSON object") && err.contains("--> facts/overrides.json:1:"),
        "{err}"
    );
}

// Reliability finding 28: `facts/x.JSON` was silently not loaded, and hidden `facts/.x.json`
// was. Now: other letter cases of `.json` are reported (not loaded), hidden files and folders
// are left out as most tools leave them (editors' and systems' own files start with a dot).
#[test]
fn an_upper_case_json_extension_is_reported_and_hidden_files_are_skipped() {
    let kb = crate::support::TempKb::new(&[
        ("a.json", ONE_COUNTRY),
        ("X.JSON", ONE_COUNTRY),
        (".a.json.swp.json", "not JSON at all"),
        (".hidden/b.json", "not JSON either"),
    ]);
    let out = kb.factlog(&["check"]).output().expect("runs");
    let err = crate::support::stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning[W0100]: not loaded: fact files end in `.json`, in lower case")
            && err.contains("--> facts/X.JSON"),
        "{err}"
    );
    assert!(!err.contains("hidden") && !err.contains(".swp"), "{err}");
    assert!(err.contains("ok: 1 fact file"), "{err}");
}

/// A knowledge base of `n + 1` organizations `n0 … nN` in a chain of `organ_of` facts.
fn chain_kb(n: usize) -> crate::support::TempKb {
    let entities: Vec<serde_json::Value> = (0..=n)
        .map(|i| serde_json::json!({"id": format!("n{i}"), "kind": "organization", "name": format!("N{i}")}))
        .collect();
    let facts: Vec<serde_json::Value> = (0..n)
        .map(|i| serde_json::json!({"relation": "organ_of", "args": [format!("n{i}"), format!("n{}", i + 1)]}))
        .collect();
    let doc = serde_json::json!({"schema": 1, "entities": entities, "facts": facts}).to_string();
    crate::support::TempKb::new(&[("chain.json", &doc)])
}

/// Writes a rules file into the knowledge base's folder; returns its path as text.
fn rules_file(kb: &crate::support::TempKb, text: &str) -> String {
    let path = kb.path().join("rules.dl");
    std::fs::write(&path, text).expect("rules file");
    path.to_string_lossy().into_owned()
}

const REACH: &str = ".decl reach(x: Id)\nreach(\"n0\").\nreach(y) :- reach(x), organ_of(x, y).\n";

// Reliability finding 14: the text tree of a tall proof was quadratic in its height (10,000
// steps took 1.2 GB; 100,000 steps 24 GB). Now it indents at most 40 levels and continues
// deeper derivations as numbered trees: the text grows with the proof.
#[test]
fn the_text_of_a_tall_proof_grows_with_its_size_not_the_square_of_its_height() {
    let kb = chain_kb(2_000);
    let rules = rules_file(&kb, REACH);
    let out = kb
        .factlog(&["why", r#"reach("n2000")"#, "--rules", &rules])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        crate::support::stderr(&out)
    );
    let text = crate::support::stdout(&out);
    // 4,001 facts, about three lines each: well under the 18 MB the indented tree took.
    assert!(text.len() < 3_000_000, "{} bytes", text.len());
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest < 200, "a line of {widest} characters");
    assert!(
        text.contains(r#"reach("n1960") … continued below (1)"#),
        "{}",
        &text[..2000]
    );
    assert!(text.contains(r#"(1) continued: the derivation of reach("n1960"), 40 levels down"#));
    // The foot of the proof is there: the fact of the rules file and the first edge.
    assert!(text.contains(r#"organ_of("n0", "n1")"#));
    assert!(text.contains("fact written at"));
    assert!(
        !text.contains("--max-proof-nodes"),
        "the whole proof fits the default budget"
    );
}

// Reliability finding 14: `why` on a 100,000-step proof grew to 24 GB. The proofs shown are
// capped (`--max-proof-nodes`, default 10000), nearest the answer first, and every output
// says what was cut.
#[test]
fn a_proof_past_the_node_budget_is_cut_and_every_format_says_so() {
    let kb = chain_kb(12_000);
    let rules = rules_file(&kb, REACH);
    let atom = r#"reach("n12000")"#;
    let out = kb
        .factlog(&["why", atom, "--rules", &rules])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        crate::support::stderr(&out)
    );
    let text = crate::support::stdout(&out);
    assert!(
        text.trim_end().ends_with(
            "note: the proofs were cut at 10000 nodes (--max-proof-nodes): 1 derived fact marked `…` is not expanded (raise --max-proof-nodes, or cut with --depth)"
        ),
        "{}",
        &text[text.len().saturating_sub(500)..]
    );
    assert!(text.contains("derived; not expanded: the proofs reached --max-proof-nodes"));
    let out = kb
        .factlog(&[
            "why",
            atom,
            "--rules",
            &rules,
            "--format",
            "json",
            "--max-proof-nodes",
            "101",
        ])
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        doc["node_limit"],
        serde_json::json!({"max_nodes": 101, "unexpanded": 1})
    );
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    let mut stack = vec![&doc["answers"][0]["proofs"][0]];
    while let Some(n) = stack.pop() {
        *kinds
            .entry(n["kind"].as_str().unwrap_or("?").to_string())
            .or_default() += 1;
        stack.extend(n["premises"].as_array().into_iter().flatten());
    }
    // 50 levels of reach(y) ← reach(x), organ_of(x, y), and the truncated reach at the foot.
    assert_eq!(kinds["rule"], 50, "{kinds:?}");
    assert_eq!(kinds["base"], 50, "{kinds:?}");
    assert_eq!(kinds["truncated"], 1, "{kinds:?}");
    let out = kb
        .factlog(&[
            "export",
            "--why",
            atom,
            "--rules",
            &rules,
            "--max-proof-nodes",
            "21",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let dot = crate::support::stdout(&out);
    assert!(dot.contains(r#"reach(\"n11990\") …"#), "the truncated fact");
    assert!(
        dot.contains("note: the proofs were cut at 21 nodes"),
        "the note"
    );
    crate::support::assert_graphviz_accepts(dot.as_bytes());
}

/// `d(nI)` through `a(nI)` or `b(nI)` to `d(nI+1)` along the chain: 2^N proofs of `d(nN)`.
const DIAMONDS: &str = ".decl d(x: Id)\n.decl a(x: Id)\n.decl b(x: Id)\nd(\"n0\").\n\
    a(x) :- d(x), organ_of(x, _).\nb(x) :- d(x), organ_of(x, _).\n\
    d(y) :- a(x), organ_of(x, y).\nd(y) :- b(x), organ_of(x, y).\n";

// Reliability finding 14: `why --all --limit 10` was exponential whatever the limit (46 s at
// 20 diamonds, more than 120 s at 40). 60 diamonds hold 2^60 proofs.
#[test]
fn every_proof_of_a_chain_of_diamonds_is_listed_within_the_limit() {
    let kb = chain_kb(60);
    let rules = rules_file(&kb, DIAMONDS);
    let out = kb
        .factlog(&[
            "why",
            r#"d("n60")"#,
            "--rules",
            &rules,
            "--all",
            "--limit",
            "10",
        ])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        crate::support::stderr(&out)
    );
    let text = crate::support::stdout(&out);
    let proofs: Vec<&str> = text.split("\n\nproof ").collect();
    assert_eq!(proofs.len(), 10, "{}", &text[..text.len().min(3000)]);
    assert!(
        text.starts_with("proof 1 of 10 (height 121):"),
        "{}",
        &text[..200]
    );
    let bodies: std::collections::BTreeSet<&str> = proofs
        .iter()
        .map(|p| p.split_once('\n').map_or("", |(_, body)| body))
        .collect();
    assert_eq!(bodies.len(), 10, "ten different proofs");
    assert!(!text.contains("--max-proof-nodes"));
}

/// `n` countries opposing one proposal: with `--derived`, `aligned` adds about n² edges.
fn opposing_countries(n: usize) -> crate::support::TempKb {
    let mut entities: Vec<serde_json::Value> = (0..n)
        .map(|i| serde_json::json!({"id": format!("c{i}"), "kind": "country", "name": format!("C{i}")}))
        .collect();
    entities.push(serde_json::json!({"id": "un", "kind": "body", "name": "UN"}));
    entities.push(serde_json::json!({"id": "x", "kind": "proposal", "name": "X"}));
    let mut facts = vec![
        serde_json::json!({"relation": "proposal", "args": ["x", "draft_resolution", "un", "2000-01-01"]}),
    ];
    facts.extend((0..n).map(|i| {
        serde_json::json!({"relation": "stance", "args": [format!("c{i}"), "x", "oppose", "2000-01-02"]})
    }));
    let doc = serde_json::json!({"schema": 1, "entities": entities, "facts": facts}).to_string();
    crate::support::TempKb::new(&[("d.json", &doc)])
}

// Reliability findings 14 and 25: the in-process layout (layout-rs then) took minutes on a
// 400-step proof and on a dense graph (N countries and their aligned pairs: 189 s at N = 14).
// Both are drawn now (the in-process layouts are linear; a proof drawing holds at most
// --max-proof-nodes facts); the timeout guards against a return of the cliff.
#[test]
fn the_in_process_layout_draws_dense_graphs_and_tall_proofs() {
    let dense = opposing_countries(14);
    let chain = chain_kb(400);
    let rules = rules_file(&chain, REACH);
    let cases = [
        (&dense, vec!["export", "--format", "svg", "--derived"]),
        (
            &chain,
            vec![
                "export",
                "--why",
                r#"reach("n400")"#,
                "--rules",
                &rules,
                "--format",
                "svg",
            ],
        ),
    ];
    for (kb, args) in cases {
        let out = kb
            .factlog(&args)
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let svg = stdout(&out);
        roxmltree::Document::parse(&svg).expect("well-formed SVG");
        assert!(svg.contains("C13") || svg.contains("n399"), "{args:?}");
    }
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
