//! Runs one Soufflé test and judges it the way Soufflé's harness does
//! (`cmake/setup_test_dir.py`, `check_std_outputs.py`, `check_test_results.py`).
//!
//! A positive test passes when, for each facts folder: factlog exits 0; its stdout, as sorted
//! rows, is `NAME.out` (empty for most tests; the `.printsize` lines for some); it writes
//! exactly the `.csv` files the test folder holds (Soufflé compares their count) and each
//! matches as sorted rows ([`crate::compare`]); and the extra outputs (`EXTRA_DATA`) match.
//! Soufflé's harness also compares stderr with `NAME.err` byte for byte; that is not done here,
//! as factlog's warnings are its own.
//!
//! A negative test is *rejected* when factlog exits with a non-zero code (a panic, a crash or a
//! time-out is not a rejection), and *names every line* when, besides, each program line an
//! error header of `NAME.err` names has an error diagnostic of factlog on it (same file name,
//! same line; see [`crate::errfile`]).

use crate::cmake::{ExtraData, Polarity, Spec};
use crate::compare;
use crate::errfile;
use crate::run::{self, Diag, Invocation, Ran, base_name, read_lossy};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The result of one test, in the vocabulary of the expected-failure list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Positive: every run matched. Negative: rejected, naming every line.
    Pass {
        /// Negative tests whose `.err` names no line at all pass on the rejection alone.
        vacuous: bool,
    },
    /// A positive test failed (why).
    Fails(String),
    /// A negative test was not rejected: accepted, crashed or timed out (why).
    NotRejected(String),
    /// A negative test was rejected but some line Soufflé's errors name has no error (which).
    Lines(String),
    /// The test could not be judged here (a tool the comparison needs is missing).
    Unchecked(String),
}

impl Outcome {
    /// The expected-failure list's word for it (`pass` for a pass).
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Pass { .. } => "pass",
            Outcome::Fails(_) => "fails",
            Outcome::NotRejected(_) => "not-rejected",
            Outcome::Lines(_) => "lines",
            Outcome::Unchecked(_) => "unchecked",
        }
    }

    /// The why (for a pass, empty or a remark).
    pub fn detail(&self) -> &str {
        match self {
            Outcome::Pass { vacuous: false } => "",
            Outcome::Pass { vacuous: true } => {
                "rejected; Soufflé's errors name no program line (run-time or stratification errors)"
            }
            Outcome::Fails(d) | Outcome::NotRejected(d) | Outcome::Lines(d) => d,
            Outcome::Unchecked(d) => d,
        }
    }
}

/// One judged test, with the time its runs took.
pub struct Judged {
    /// The outcome.
    pub outcome: Outcome,
    /// Wall time of factlog's runs.
    pub elapsed: Duration,
}

/// Runs and judges one test of the suite at `suite`.
pub fn judge(suite: &Path, spec: &Spec, limit: Duration) -> Judged {
    let test_dir = suite.join(&spec.category).join(&spec.name);
    match spec.polarity {
        Polarity::Positive => positive(&test_dir, spec, limit),
        Polarity::Negative => negative(&test_dir, spec, limit),
    }
}

/// A scratch folder for one run: `out/` is the working directory, stdout and stderr beside it.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Result<Scratch, String> {
        let dir = tempfile::Builder::new()
            .prefix("factlog-souffle-")
            .tempdir()
            .map_err(|e| format!("cannot make a scratch folder: {e}"))?;
        std::fs::create_dir(dir.path().join("out"))
            .map_err(|e| format!("cannot make a scratch folder: {e}"))?;
        Ok(Scratch { dir })
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }
}

fn invoke(
    test_dir: &Path,
    spec: &Spec,
    facts_dir: &str,
    scratch: &Scratch,
    limit: Duration,
) -> Result<Ran, String> {
    let program = test_dir.join(format!("{}.dl", spec.name));
    let facts = test_dir.join(facts_dir);
    let out = scratch.out();
    run::run(&Invocation {
        program: &program,
        facts: &facts,
        out_dir: &out,
        capture_dir: scratch.dir.path(),
        output_stdout: spec.output_stdout,
        no_preprocessor: spec.no_preprocessor,
        include_dirs: spec.include_dirs.iter().map(|d| test_dir.join(d)).collect(),
        limit,
    })
}

fn positive(test_dir: &Path, spec: &Spec, limit: Duration) -> Judged {
    let mut elapsed = Duration::ZERO;
    let mut failures = Vec::new();
    for facts_dir in &spec.facts_dirs {
        let data_dir = if spec.multi {
            test_dir.join(facts_dir)
        } else {
            test_dir.to_path_buf()
        };
        let label = if spec.multi {
            format!("{facts_dir}: ")
        } else {
            String::new()
        };
        let result = Scratch::new().and_then(|scratch| {
            let ran = invoke(test_dir, spec, facts_dir, &scratch, limit)?;
            elapsed += ran.elapsed;
            Ok(one_positive_run(
                spec,
                &data_dir,
                &scratch.out(),
                &ran,
                limit,
            ))
        });
        match result {
            Ok(Ok(())) => {}
            Ok(Err(RunFailure::Unchecked(why))) => {
                return Judged {
                    outcome: Outcome::Unchecked(why),
                    elapsed,
                };
            }
            Ok(Err(RunFailure::Wrong(why))) | Err(why) => failures.push(format!("{label}{why}")),
        }
    }
    let outcome = if failures.is_empty() {
        Outcome::Pass { vacuous: false }
    } else if spec.multi {
        Outcome::Fails(format!(
            "{} of {} runs fail: {}",
            failures.len(),
            spec.facts_dirs.len(),
            failures.join(" | ")
        ))
    } else {
        Outcome::Fails(failures.join(" | "))
    };
    Judged { outcome, elapsed }
}

enum RunFailure {
    Wrong(String),
    Unchecked(String),
}

fn one_positive_run(
    spec: &Spec,
    data_dir: &Path,
    out: &Path,
    ran: &Ran,
    limit: Duration,
) -> Result<(), RunFailure> {
    let wrong = RunFailure::Wrong;
    if ran.exit != run::Exit::Code(0) {
        return Err(wrong(format!(
            "{}: {}",
            ran.exit.describe(limit),
            ran.first_complaint()
        )));
    }
    let mut problems = Vec::new();
    let expected_out = data_dir.join(format!("{}.out", spec.name));
    match read_lossy(&expected_out) {
        Ok(text) => {
            let d = compare::compare(&text, &ran.stdout);
            if !d.is_empty() {
                problems.push(format!(
                    "stdout differs from {}.out: {}",
                    spec.name,
                    d.describe()
                ));
            }
        }
        Err(e) => problems.push(format!("cannot read {}: {e}", expected_out.display())),
    }
    if let Some(extra) = spec.extra_data {
        problems.extend(extra_outputs(extra, data_dir, out)?);
    }
    let expected = files_ending(data_dir, ".csv");
    let generated = files_ending(out, ".csv");
    for name in &expected {
        if !generated.contains(name) {
            problems.push(format!("{name} not written"));
            continue;
        }
        let want = read_lossy(&data_dir.join(name)).unwrap_or_default();
        let got = read_lossy(&out.join(name)).unwrap_or_default();
        let d = compare::compare(&want, &got);
        if !d.is_empty() {
            problems.push(format!("{name}: {}", d.describe()));
        }
    }
    let extra: Vec<&String> = generated.iter().filter(|n| !expected.contains(n)).collect();
    if !extra.is_empty() {
        let names: Vec<&str> = extra.iter().map(|s| s.as_str()).collect();
        problems.push(format!(
            "writes .csv files the test does not expect: {}",
            names.join(", ")
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(wrong(problems.join("; ")))
    }
}

/// `EXTRA_DATA`: JSON files compared like `.csv`; compressed and SQLite outputs turned into
/// `.csv` in `out` (as Soufflé's harness does, with the `gzip` and `sqlite3` tools) before the
/// `.csv` comparison.
fn extra_outputs(extra: ExtraData, data_dir: &Path, out: &Path) -> Result<Vec<String>, RunFailure> {
    let mut problems = Vec::new();
    match extra {
        ExtraData::Json => {
            let mut names = files_ending(data_dir, ".json");
            names.extend(files_ending(out, ".json"));
            names.sort();
            names.dedup();
            for name in &names {
                let (Ok(want), Ok(got)) = (
                    read_lossy(&data_dir.join(name)),
                    read_lossy(&out.join(name)),
                ) else {
                    problems.push(format!("{name}: not in both the test and the output"));
                    continue;
                };
                let d = compare::compare(&want, &got);
                if !d.is_empty() {
                    problems.push(format!("{name}: {}", d.describe()));
                }
            }
        }
        ExtraData::Gzip => {
            for name in files_ending(out, ".gz.output") {
                let target = name.trim_end_matches(".gz.output").to_string();
                let dump = tool(
                    Command::new("gzip")
                        .arg("-d")
                        .arg("-c")
                        .arg(out.join(&name)),
                )?;
                write_dump(out, &target, &dump)?;
            }
        }
        ExtraData::Sqlite => {
            for name in files_ending(out, ".sqlite.output") {
                let target = format!("{}.csv", name.trim_end_matches(".sqlite.output"));
                let script = data_dir.join(format!("{name}.script"));
                let dump = tool(
                    Command::new("sqlite3")
                        .arg("-batch")
                        .arg("-init")
                        .arg(&script)
                        .arg(out.join(&name))
                        .arg(""),
                )?;
                write_dump(out, &target, &dump)?;
            }
        }
    }
    Ok(problems)
}

fn tool(cmd: &mut Command) -> Result<Vec<u8>, RunFailure> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    match cmd.output() {
        Ok(o) if o.status.success() => Ok(o.stdout),
        Ok(o) => Err(RunFailure::Wrong(format!(
            "{program} could not read factlog's output: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        ))),
        Err(e) => Err(RunFailure::Unchecked(format!(
            "the comparison needs `{program}`, which cannot be run here: {e}"
        ))),
    }
}

fn write_dump(out: &Path, name: &str, bytes: &[u8]) -> Result<(), RunFailure> {
    std::fs::write(out.join(name), bytes)
        .map_err(|e| RunFailure::Unchecked(format!("cannot write {name}: {e}")))
}

/// The names of the files in `dir` whose name ends with `suffix`, sorted.
fn files_ending(dir: &Path, suffix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(suffix))
        .collect();
    names.sort();
    names
}

fn negative(test_dir: &Path, spec: &Spec, limit: Duration) -> Judged {
    let facts_dir = spec.facts_dirs.first().map_or("facts", String::as_str);
    let ran = match Scratch::new().and_then(|s| invoke(test_dir, spec, facts_dir, &s, limit)) {
        Ok(ran) => ran,
        Err(why) => {
            return Judged {
                outcome: Outcome::NotRejected(why),
                elapsed: Duration::ZERO,
            };
        }
    };
    let outcome = negative_outcome(test_dir, spec, &ran, limit);
    Judged {
        outcome,
        elapsed: ran.elapsed,
    }
}

fn negative_outcome(test_dir: &Path, spec: &Spec, ran: &Ran, limit: Duration) -> Outcome {
    if !ran.exit.is_rejection() {
        let what = match ran.exit {
            run::Exit::Code(0) => "accepted (exit 0)".to_string(),
            other => other.describe(limit),
        };
        return Outcome::NotRejected(format!("{what}: {}", ran.first_complaint()));
    }
    let err_path = test_dir.join(format!("{}.err", spec.name));
    let expected = match read_lossy(&err_path) {
        Ok(text) => errfile::read(&text),
        Err(e) => return Outcome::Lines(format!("cannot read {}: {e}", err_path.display())),
    };
    let missed: Vec<usize> = expected
        .lines
        .iter()
        .filter(|named| !names_line(&ran.diagnostics, &named.file, named.line))
        .map(|named| named.line)
        .collect();
    if missed.is_empty() {
        return Outcome::Pass {
            vacuous: expected.lines.is_empty(),
        };
    }
    let mut factlog_lines: Vec<usize> = ran
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.line)
        .collect();
    factlog_lines.sort_unstable();
    factlog_lines.dedup();
    let list = |v: &[usize]| {
        v.iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    Outcome::Lines(format!(
        "no error at line(s) {} of the {} Soufflé names; factlog's errors are at line(s) [{}]: {}",
        list(&missed),
        expected.lines.len(),
        list(&factlog_lines),
        ran.first_complaint()
    ))
}

/// Whether an error diagnostic sits on `file:line` (file compared by base name).
fn names_line(diags: &[Diag], file: &str, line: usize) -> bool {
    diags.iter().any(|d| {
        d.is_error()
            && d.line == Some(line)
            && d.file.as_deref().map(base_name) == Some(base_name(file))
    })
}
