//! Runs the real `factlog run` on one test program the way Soufflé's CMake runs `souffle`:
//! in the output folder as working directory, `-D .` (or `-D-`), `-F <facts folder>`, the
//! include folders, and the program by absolute path; stdout and stderr to files (no pipe can
//! fill up), killed at the time limit so that a hang is a failure and never a hung CI.
//!
//! Soufflé's flags that only choose its back end (`-c`, `-C`, `--debug-report`, `-j8`) are not
//! passed: they change no expected output. `--no-preprocessor` is passed only where factlog
//! knows the flag; without a preprocessor factlog already reads programs as Soufflé does with
//! it. `-I` is passed as given, so that a factlog that lacks it fails visibly.
//!
//! Diagnostics are read as `--diagnostics json` (one object a line, with `severity`, `file`,
//! `line`), factlog's stable machine format; any other stderr line is kept for the report.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The factlog binary this test was built with (same profile).
pub fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_factlog"))
}

/// One `factlog run`.
pub struct Invocation<'a> {
    /// The program, `NAME.dl`.
    pub program: &'a Path,
    /// The `-F` folder (it may not exist, as in Soufflé's harness).
    pub facts: &'a Path,
    /// The working directory and `-D .` folder.
    pub out_dir: &'a Path,
    /// Where stdout and stderr are captured.
    pub capture_dir: &'a Path,
    /// `-D-` instead of `-D .`.
    pub output_stdout: bool,
    /// `--no-preprocessor` was asked for.
    pub no_preprocessor: bool,
    /// `-I` folders (absolute).
    pub include_dirs: Vec<PathBuf>,
    /// The time limit.
    pub limit: Duration,
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Exited with this code.
    Code(i32),
    /// Killed by a signal (a crash: abort, segfault, out of memory).
    Signal,
    /// Still running at the time limit; killed.
    TimedOut,
}

impl Exit {
    /// Words for a report.
    pub fn describe(self, limit: Duration) -> String {
        match self {
            Exit::Code(101) => "exit 101 (a panic)".into(),
            Exit::Code(c) => format!("exit {c}"),
            Exit::Signal => "killed by a signal (a crash)".into(),
            Exit::TimedOut => format!("timed out after {} s and killed", limit.as_secs()),
        }
    }

    /// Whether this is a rejection in factlog's terms: a non-zero exit code that is neither a
    /// panic nor a crash nor a time-out.
    pub fn is_rejection(self) -> bool {
        matches!(self, Exit::Code(c) if c != 0 && c != 101)
    }
}

/// One diagnostic factlog printed.
#[derive(Clone, Debug)]
pub struct Diag {
    /// `error`, `warning`, ...
    pub severity: String,
    /// The stable code (`E0304`).
    pub code: String,
    /// The file as factlog names it.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// The message.
    pub message: String,
}

impl Diag {
    /// Whether it is an error (it stops the run).
    pub fn is_error(&self) -> bool {
        self.severity == "error"
    }

    /// `E0304 p.dl:3:5 message`, for reports.
    pub fn describe(&self) -> String {
        let file = self.file.as_deref().map(base_name).unwrap_or("-");
        let at = match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file.to_string(),
        };
        format!("{} {at} {}", self.code, self.message)
    }
}

/// What a run produced.
pub struct Ran {
    /// How it ended.
    pub exit: Exit,
    /// Its stdout.
    pub stdout: String,
    /// Its diagnostics, in order.
    pub diagnostics: Vec<Diag>,
    /// Stderr lines that were not JSON diagnostics (a panic message, clap's usage errors).
    pub other_stderr: Vec<String>,
    /// Wall time.
    pub elapsed: Duration,
}

impl Ran {
    /// The first error, or else the first other stderr line, for a one-line report.
    pub fn first_complaint(&self) -> String {
        if let Some(d) = self.diagnostics.iter().find(|d| d.is_error()) {
            let more = self.diagnostics.iter().filter(|d| d.is_error()).count() - 1;
            return if more > 0 {
                format!("{} (+{more} more errors)", d.describe())
            } else {
                d.describe()
            };
        }
        self.other_stderr
            .iter()
            .find(|l| !l.trim().is_empty())
            .cloned()
            .unwrap_or_else(|| "no diagnostic".into())
    }
}

/// Runs factlog once.
pub fn run(inv: &Invocation<'_>) -> Result<Ran, String> {
    let stdout_path = inv.capture_dir.join("stdout");
    let stderr_path = inv.capture_dir.join("stderr");
    let io = |e: std::io::Error| format!("capturing the output of factlog: {e}");
    let mut cmd = Command::new(binary());
    cmd.arg("run")
        .arg("--diagnostics")
        .arg("json")
        .arg("-D")
        .arg(if inv.output_stdout { "-" } else { "." })
        .arg("-F")
        .arg(inv.facts);
    if inv.no_preprocessor && knows_flag("--no-preprocessor") {
        cmd.arg("--no-preprocessor");
    }
    for dir in &inv.include_dirs {
        cmd.arg("-I").arg(dir);
    }
    cmd.arg(inv.program)
        .current_dir(inv.out_dir)
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_path).map_err(io)?)
        .stderr(File::create(&stderr_path).map_err(io)?);
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary().display()))?;
    let exit = loop {
        match child.try_wait().map_err(io)? {
            Some(status) => break status.code().map_or(Exit::Signal, Exit::Code),
            None if start.elapsed() >= inv.limit => {
                // The child may exit between the check and the kill; either way it is gone.
                let _ = child.kill();
                let _ = child.wait();
                break Exit::TimedOut;
            }
            None => std::thread::sleep(poll_interval(start.elapsed())),
        }
    };
    let elapsed = start.elapsed();
    let stdout = read_lossy(&stdout_path).map_err(io)?;
    let stderr = read_lossy(&stderr_path).map_err(io)?;
    let (diagnostics, other_stderr) = parse_stderr(&stderr);
    Ok(Ran {
        exit,
        stdout,
        diagnostics,
        other_stderr,
        elapsed,
    })
}

/// Short polls first (most programs finish in milliseconds), then at most 50 ms.
fn poll_interval(elapsed: Duration) -> Duration {
    if elapsed < Duration::from_millis(100) {
        Duration::from_millis(2)
    } else {
        Duration::from_millis(50)
    }
}

/// A file's text, invalid UTF-8 replaced (it is compared, never trusted).
pub fn read_lossy(path: &Path) -> std::io::Result<String> {
    Ok(String::from_utf8_lossy(&std::fs::read(path)?).into_owned())
}

/// Splits stderr into JSON diagnostics and other lines.
fn parse_stderr(stderr: &str) -> (Vec<Diag>, Vec<String>) {
    let mut diags = Vec::new();
    let mut other = Vec::new();
    for line in stderr.lines() {
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(v) if v.get("severity").is_some() => {
                let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
                let number = |k: &str| {
                    v.get(k)
                        .and_then(serde_json::Value::as_u64)
                        .and_then(|n| usize::try_from(n).ok())
                };
                diags.push(Diag {
                    severity: text("severity").unwrap_or_default(),
                    code: text("code").unwrap_or_default(),
                    file: text("file"),
                    line: number("line"),
                    column: number("column"),
                    message: text("message").unwrap_or_default(),
                });
            }
            _ => other.push(line.to_string()),
        }
    }
    (diags, other)
}

/// The last component of a path as factlog prints it.
pub fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Whether `factlog run --help` lists a flag (asked once).
fn knows_flag(flag: &str) -> bool {
    static HELP: OnceLock<String> = OnceLock::new();
    let help = HELP.get_or_init(|| {
        Command::new(binary())
            .args(["run", "--help"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    });
    help.split(|c: char| c.is_whitespace() || c == ',')
        .any(|word| word == flag)
}

/// The module's own checks, run as trials of the harness (a `harness = false` target has no
/// `#[test]`).
pub mod tests {
    use super::*;

    /// A self-test.
    pub fn json_lines_are_diagnostics_and_the_rest_is_kept() {
        let stderr = concat!(
            r#"{"code":"E0304","column":32,"file":"dir/p.dl","line":10,"message":"m","notes":[],"severity":"error"}"#,
            "\nthread 'main' panicked at src/x.rs:1:1\n",
            r#"{"code":"W0001","column":null,"file":null,"line":null,"message":"w","notes":[],"severity":"warning"}"#,
            "\n"
        );
        let (diags, other) = parse_stderr(stderr);
        assert_eq!(diags.len(), 2);
        assert_eq!(diags[0].line, Some(10));
        assert!(diags[0].is_error());
        assert_eq!(diags[0].describe(), "E0304 p.dl:10:32 m");
        assert!(!diags[1].is_error());
        assert_eq!(diags[1].file, None);
        assert_eq!(other, ["thread 'main' panicked at src/x.rs:1:1"]);
    }

    /// A self-test.
    pub fn only_an_ordinary_failure_exit_is_a_rejection() {
        assert!(Exit::Code(2).is_rejection());
        assert!(Exit::Code(1).is_rejection());
        assert!(!Exit::Code(0).is_rejection());
        assert!(!Exit::Code(101).is_rejection());
        assert!(!Exit::Signal.is_rejection());
        assert!(!Exit::TimedOut.is_rejection());
    }
}
