//! Golden Datalog programs: every folder `tests/programs/<name>/` (of the engine crate, and of
//! the application for the programs that run its `queries/stance.dl`) holds `<name>.dl`,
//! optional `facts/` (its `-F` directory), optional `options.txt` (`key=value` lines:
//! `max_tuples`, `protected` as a comma list) and `expected/`: the `.csv` files the program
//! writes, `stdout.txt` (printed outputs, sizes and query answers) and, for failing programs,
//! `stderr.txt` (the rendered diagnostics). Each runs with the semi-naive engine on one and on
//! four threads and with the naive engine ([`library_problems`]), and the application's tests
//! run them through `factlog run` too; all must match. `FACTLOG_BLESS=1` rewrites `expected/`
//! from the semi-naive run.
//!
//! Shared by the engine's golden test and the application's, which includes this file by path:
//! one reading of the folders, one way to run and compare them.
#![allow(dead_code, reason = "each of the two tests uses the part it needs")]

use factlog_datalog::{CheckOptions, Engine, EvalOptions, OutputTarget, RunOptions, run_program};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What one run produced: file name → content, plus "stdout.txt" / "stderr.txt".
pub type Outcome = BTreeMap<String, String>;

/// The golden programs' folder, relative to the engine crate's root (diagnostics name files
/// under it, so runs use it as their working directory or prefix).
pub const PROGRAMS: &str = "tests/programs";

/// The names of the golden programs under `root` (a package's folder), sorted; at least
/// `at_least` of them.
pub fn names(root: &Path, at_least: usize) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join(PROGRAMS))
        .expect("tests/programs exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert!(
        names.len() >= at_least,
        "expected the golden programs, found {names:?}"
    );
    names
}

/// Runs program `name` of `root` (a package's folder, the working directory of its tests) with
/// the library.
pub fn run_library(root: &Path, name: &str, engine: Engine, threads: usize) -> Outcome {
    let (max_tuples, protected) = options_of(&dir_of(root, name));
    let out = tempfile::tempdir().expect("temp dir");
    let options = RunOptions {
        facts_dir: Path::new(PROGRAMS).join(name).join("facts"),
        output: OutputTarget::Dir(out.path().to_path_buf()),
        eval: EvalOptions {
            engine,
            max_tuples,
            threads,
            ..EvalOptions::default()
        },
        check: CheckOptions {
            protected,
            protected_note: Some("it is a base relation of the knowledge base".into()),
        },
        provenance: false,
    };
    // Relative paths keep diagnostics free of absolute paths.
    let program = Path::new(PROGRAMS).join(name).join(format!("{name}.dl"));
    let mut outcome = Outcome::new();
    match run_program(&program, &options) {
        Ok(result) => {
            if !result.stdout.is_empty() {
                outcome.insert("stdout.txt".into(), result.stdout);
            }
            outputs(out.path(), &mut outcome);
        }
        Err(failure) => {
            outcome.insert("stderr.txt".into(), failure.render());
        }
    }
    outcome
}

/// Runs program `name` of `root` with the library (semi-naive on one and four threads,
/// naive) and returns how the outcomes differ from its expected one (blessing it first with
/// `FACTLOG_BLESS=1`).
pub fn library_problems(root: &Path, name: &str) -> Vec<String> {
    let dir = dir_of(root, name);
    let got = run_library(root, name, Engine::SemiNaive, 1);
    if std::env::var_os("FACTLOG_BLESS").is_some() {
        bless(&dir, &got);
    }
    let want = expected(&dir);
    let mut problems = compare(name, "semi-naive", &want, &got);
    let naive = run_library(root, name, Engine::Naive, 1);
    problems.extend(compare(name, "naive", &want, &naive));
    let four = run_library(root, name, Engine::SemiNaive, 4);
    problems.extend(compare(name, "4 threads", &want, &four));
    problems
}

/// The `max_tuples` and `protected` options of a program's folder.
pub fn options_of(dir: &Path) -> (usize, Vec<String>) {
    let mut max_tuples = 100_000_000;
    let mut protected = Vec::new();
    if let Ok(text) = std::fs::read_to_string(dir.join("options.txt")) {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let (k, v) = line.split_once('=').expect("options are key=value");
            match k.trim() {
                "max_tuples" => max_tuples = v.trim().parse().expect("a number"),
                "protected" => protected = v.split(',').map(|s| s.trim().to_string()).collect(),
                other => panic!("unknown option {other}"),
            }
        }
    }
    (max_tuples, protected)
}

/// The files of an output directory.
pub fn outputs(dir: &Path, outcome: &mut Outcome) {
    for entry in std::fs::read_dir(dir).expect("read output dir") {
        let path = entry.expect("entry").path();
        let file = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .to_string();
        outcome.insert(file, std::fs::read_to_string(&path).expect("read output"));
    }
}

/// The expected outcome of a program, from its folder `dir`.
pub fn expected(dir: &Path) -> Outcome {
    let dir = dir.join("expected");
    let mut outcome = Outcome::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries {
            let path = entry.expect("entry").path();
            let file = path
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .to_string();
            outcome.insert(file, std::fs::read_to_string(&path).expect("read expected"));
        }
    }
    outcome
}

/// A line diff (longest common subsequence), `-` expected, `+` actual.
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out += &format!("  {}\n", a[i]);
            (i, j) = (i + 1, j + 1);
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out += &format!("+ {}\n", b[j]);
            j += 1;
        } else {
            out += &format!("- {}\n", a[i]);
            i += 1;
        }
    }
    out
}

/// The differences between the expected and an actual outcome, one message per file.
pub fn compare(name: &str, what: &str, want: &Outcome, got: &Outcome) -> Vec<String> {
    let mut problems = Vec::new();
    let files: std::collections::BTreeSet<&String> = want.keys().chain(got.keys()).collect();
    for f in files {
        let (w, g) = (want.get(f), got.get(f));
        if w != g {
            problems.push(format!(
                "{name} ({what}): {f} differs\n{}",
                diff(w.map_or("", String::as_str), g.map_or("", String::as_str))
            ));
        }
    }
    problems
}

/// Rewrites a program's `expected/` (in its folder `dir`) from an outcome (`FACTLOG_BLESS=1`).
pub fn bless(dir: &Path, got: &Outcome) {
    let dir = dir.join("expected");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir expected");
    for (f, text) in got {
        std::fs::write(dir.join(f), text).expect("write expected");
    }
}

/// The folder of program `name` under `root`.
pub fn dir_of(root: &Path, name: &str) -> PathBuf {
    root.join(PROGRAMS).join(name)
}
