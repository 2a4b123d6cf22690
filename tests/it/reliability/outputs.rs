//! Reliability findings 8, 11 and 28: what `-o` does with what is already there (a symlink,
//! a device, a FIFO, a folder, a folder of `.facts`), temporaries left by killed runs, and
//! `export --why` of a fact that does not hold.

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
