//! Shared helpers: the built-in knowledge base, temporary knowledge bases, output as text.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The repository root: the built-in knowledge base.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `factlog` run from an empty folder outside the checkout, so that the knowledge base built
/// into the binary answers (never the checkout's own files, `facts/extracted/` included). The
/// folder holds a copy of `tests/why/`, the rule files tests name by relative path.
pub fn factlog() -> Factlog {
    let dir = tempfile::tempdir().expect("temp dir");
    let why = dir.path().join("tests/why");
    std::fs::create_dir_all(&why).expect("mkdir");
    for e in std::fs::read_dir(repo().join("tests/why")).expect("tests/why") {
        let p = e.expect("entry").path();
        std::fs::copy(&p, why.join(p.file_name().expect("name"))).expect("copy");
    }
    let mut cmd = Command::cargo_bin("factlog").expect("the factlog binary is built");
    cmd.current_dir(dir.path());
    Factlog { cmd, _dir: dir }
}

/// A `factlog` command and the folder it runs in (removed when the command is dropped).
pub struct Factlog {
    cmd: Command,
    _dir: tempfile::TempDir,
}

impl std::ops::Deref for Factlog {
    type Target = Command;
    fn deref(&self) -> &Command {
        &self.cmd
    }
}

impl std::ops::DerefMut for Factlog {
    fn deref_mut(&mut self) -> &mut Command {
        &mut self.cmd
    }
}

/// The note every command run on the built-in base prints on stderr, once.
pub const BUILTIN_NOTE: &str = "note: no factlog.toml in this folder or above it: using the \
     knowledge base built into factlog (--kb DIR names another; `factlog init DIR` starts one)\n";

/// Standard error without the note about the built-in base (which must be there, once).
pub fn diagnostics(out: &std::process::Output) -> String {
    let err = stderr(out);
    assert_eq!(
        err.matches(BUILTIN_NOTE).count(),
        1,
        "the note, once: {err}"
    );
    err.replacen(BUILTIN_NOTE, "", 1)
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
