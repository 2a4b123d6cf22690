//! Shared helpers: the built-in knowledge base, temporary knowledge bases, the corpus folder.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The repository root: the built-in knowledge base.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/corpus` beside the checkout, when present.
pub fn corpus() -> Option<PathBuf> {
    let dir = repo().join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: {} is missing: tests on the real articles are skipped (CI has it beside the checkout)",
            dir.display()
        );
        None
    }
}

/// `factlog` run in the built-in knowledge base.
pub fn factlog() -> Command {
    let mut cmd = Command::cargo_bin("factlog").expect("the factlog binary is built");
    cmd.current_dir(repo());
    cmd
}

/// A temporary knowledge base with the given fact files (`(relative path, JSON text)`).
pub struct TempKb {
    pub dir: tempfile::TempDir,
}

impl TempKb {
    pub fn new(files: &[(&str, &str)]) -> TempKb {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            let path = dir.path().join("facts").join(name);
            std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write fact file");
        }
        std::fs::create_dir_all(dir.path().join("facts")).expect("mkdir facts");
        TempKb { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `factlog` with `--kb` this knowledge base.
    pub fn factlog(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("factlog").expect("the factlog binary is built");
        cmd.args(args).arg("--kb").arg(self.path());
        cmd
    }
}

/// Standard output of a finished command as text.
pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 stdout")
}

/// Standard error of a finished command as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("utf-8 stderr")
}

/// Asserts that Graphviz renders `dot` to SVG without an error or a warning; skipped with a
/// note when `dot` is not installed.
pub fn assert_graphviz_accepts(dot: &[u8]) {
    use std::io::Write;
    use std::process::Stdio;
    let Ok(mut child) = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
    else {
        eprintln!("note: Graphviz `dot` is not installed: the DOT cross-check is skipped");
        return;
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(dot)
        .expect("feed dot");
    let out = child.wait_with_output().expect("dot ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dot rejected the DOT: {stderr}");
    assert!(stderr.trim().is_empty(), "dot warned: {stderr}");
}
