//! Finding `../shared/` and turning a test that needs one of its folders into a trial that is
//! ignored, with a note, where the folder is missing.

use libtest_mimic::{Failed, Trial};
use std::path::PathBuf;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `factlog` run from an empty folder outside the checkout, so that the knowledge base built
/// into the binary answers (never the checkout's own files, `facts/extracted/` included).
pub fn factlog() -> Factlog {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cmd = assert_cmd::Command::cargo_bin("factlog").expect("the factlog binary is built");
    cmd.current_dir(dir.path());
    Factlog { cmd, _dir: dir }
}

/// A `factlog` command and the folder it runs in (removed when the command is dropped).
pub struct Factlog {
    cmd: assert_cmd::Command,
    _dir: tempfile::TempDir,
}

impl std::ops::Deref for Factlog {
    type Target = assert_cmd::Command;
    fn deref(&self) -> &assert_cmd::Command {
        &self.cmd
    }
}

impl std::ops::DerefMut for Factlog {
    fn deref_mut(&mut self) -> &mut assert_cmd::Command {
        &mut self.cmd
    }
}

/// `../shared/<name>` beside the checkout (or under `$FACTLOG_SHARED_DIR` when set: a clone
/// elsewhere, or a missing folder to see the tests listed as ignored), when it is there.
pub fn shared(name: &str) -> Option<PathBuf> {
    let base = std::env::var_os("FACTLOG_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared"));
    let dir = base.join(name);
    dir.exists().then_some(dir)
}

/// A trial that needs `../shared/<folder>`: run with its path where the folder exists,
/// listed as ignored (and said so once on stderr per folder) where it does not.
pub fn needs(
    folder: &'static str,
    name: impl Into<String>,
    test: impl FnOnce(PathBuf) -> Result<(), Failed> + Send + 'static,
) -> Trial {
    match shared(folder) {
        Some(dir) => Trial::test(name, move || test(dir)),
        None => {
            note_missing(folder);
            Trial::test(name, || Ok(())).with_ignored_flag(true)
        }
    }
}

fn note_missing(folder: &str) {
    use std::sync::Mutex;
    static SAID: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut said = SAID.lock().unwrap_or_else(|e| e.into_inner());
    if !said.iter().any(|f| f == folder) {
        said.push(folder.to_string());
        eprintln!(
            "note: ../shared/{folder} is missing beside the checkout: its tests are listed as ignored"
        );
    }
}
