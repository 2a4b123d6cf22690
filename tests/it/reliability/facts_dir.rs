//! Reliability findings 17, 18, 19 and 28: the entries of `facts/` (devices, FIFOs, link
//! loops, huge files, `x.JSON`, hidden files) and arrays where objects belong.

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
