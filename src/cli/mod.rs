//! The command-line interface: the only module that reads arguments, writes to stdout and
//! stderr, and chooses exit codes (0 success, 1 nothing found, 2 bad input or I/O error).

pub mod args;
mod check;
mod docs;
mod export;
mod extract;
mod init;
mod query;
mod repl;
mod run;
mod serve;
mod session;
mod stats;
mod why;

use crate::diag::{Diagnostic, Paint, Severity, SourceMap, render_with};
use crate::error::Error;
use args::{Cli, ColorWhen, Command};
use clap::{CommandFactory, FromArgMatches, Parser};
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::OnceLock;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It did what was asked (exit 0).
    Success,
    /// It ran, but found nothing (exit 1).
    NotFound,
}

/// Parses the process arguments, runs the command and returns its exit code.
pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // clap's own messages (usage errors, help) follow --color too; it is read before parsing.
    let color = color_from_args(&args);
    let clap_color = match color {
        ColorWhen::Auto => clap::ColorChoice::Auto,
        ColorWhen::Always => clap::ColorChoice::Always,
        ColorWhen::Never => clap::ColorChoice::Never,
    };
    let parsed = Cli::command()
        .color(clap_color)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let _ = PAINT.set(paint_for(cli.color));
    // Proof trees, their renderings and deep rule bodies are walked recursively: a tall proof
    // (a path along a chain of many thousand edges) needs more than the main thread's stack.
    let outcome = std::thread::Builder::new()
        .name("factlog".into())
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let mut stderr = io::stderr().lock();
            let result = run(cli, &mut stderr);
            exit_code(result, &mut stderr)
        });
    match outcome.map(|t| t.join()) {
        Ok(Ok(code)) => code,
        // The command panicked (a bug): the panic message is already on stderr.
        Ok(Err(_)) => ExitCode::from(2),
        // No thread could be started: run on this one.
        Err(_) => {
            let mut stderr = io::stderr().lock();
            let result = match Cli::try_parse_from(&args) {
                Ok(cli) => run(cli, &mut stderr),
                Err(e) => Err(Error::Usage(e.to_string())),
            };
            exit_code(result, &mut stderr)
        }
    }
}

/// Whether diagnostics are coloured, decided once from `--color` (default: no colour).
static PAINT: OnceLock<Paint> = OnceLock::new();

/// The `--color` of the command line (its last occurrence), auto when absent or unreadable.
fn color_from_args(args: &[std::ffi::OsString]) -> ColorWhen {
    let mut when = ColorWhen::Auto;
    let mut next_is_value = false;
    for a in args.iter().skip(1) {
        let a = a.to_string_lossy();
        let value = if next_is_value {
            next_is_value = false;
            Some(a.as_ref())
        } else if a == "--color" {
            next_is_value = true;
            None
        } else if a == "--" {
            break;
        } else {
            a.strip_prefix("--color=")
        };
        when = match value {
            Some("always") => ColorWhen::Always,
            Some("never") => ColorWhen::Never,
            Some(_) => ColorWhen::Auto,
            None => when,
        };
    }
    when
}

/// Colours for `--color WHEN`: auto colours when stderr is a terminal and `NO_COLOR` is unset
/// or empty (<https://no-color.org>).
fn paint_for(when: ColorWhen) -> Paint {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match when {
        ColorWhen::Always => Paint::Ansi,
        ColorWhen::Never => Paint::Plain,
        ColorWhen::Auto if !no_color && io::stderr().is_terminal() => Paint::Ansi,
        ColorWhen::Auto => Paint::Plain,
    }
}

/// The colours of this run.
pub(crate) fn paint() -> Paint {
    PAINT.get().copied().unwrap_or_default()
}

/// `error:`, `warning:` or `note:`, coloured as the run's diagnostics are: the start of a
/// one-line message.
pub(crate) fn label(severity: Severity) -> String {
    paint().paint(Paint::severity_style(severity), &format!("{severity}:"))
}

/// The stack of the thread commands run on (virtual memory; pages are touched as needed).
const STACK_SIZE: usize = 512 << 20;

fn exit_code(result: Result<Outcome, Error>, stderr: &mut dyn Write) -> ExitCode {
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::NotFound) => ExitCode::from(1),
        Err(Error::Io { source, .. }) if source.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            report_error(&e, stderr);
            ExitCode::from(2)
        }
    }
}

/// Runs a parsed command; warnings go to `stderr`, results to stdout.
pub fn run(cli: Cli, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    match cli.command {
        Command::Check(a) => check::run(&a, stderr),
        Command::Query(a) => query::run(&a, stderr),
        Command::Export(a) => export::run(&a, stderr),
        Command::Stats(a) => stats::run(&a, stderr),
        Command::Why(a) => why::run(&a, stderr),
        Command::Run(a) => run::run(&a, stderr),
        Command::Repl(a) => repl::run(&a, stderr),
        Command::Extract(a) => extract::run_extract(&a, stderr),
        Command::Build(a) => extract::run_build(&a, stderr),
        Command::Eval(a) => extract::run_eval(&a, stderr),
        Command::Serve(a) => serve::run(&a, stderr),
        Command::Init(a) => init::run(&a, stderr),
        Command::Completions(a) => docs::completions(&a),
        Command::Man(a) => docs::man(&a),
    }
}

fn report_error(e: &Error, stderr: &mut dyn Write) {
    match e {
        // Diagnostics were rendered where their source map was at hand.
        Error::Diagnostics(_) => {}
        other => {
            let _ = writeln!(stderr, "{} {other}", label(Severity::Error));
        }
    }
}

/// Writes diagnostics to stderr in a deterministic order (as found: file order, then fact order).
pub(crate) fn emit(diags: &[Diagnostic], sources: &SourceMap, stderr: &mut dyn Write) {
    for d in diags {
        let _ = write!(stderr, "{}", render_with(d, sources, paint()));
    }
}

/// Writes the diagnostics of a failed Datalog program to stderr.
pub(crate) fn emit_failure(f: &crate::datalog::Failure, stderr: &mut dyn Write) {
    emit(&f.diagnostics, &f.sources, stderr);
}

/// Writes to stdout, mapping a failed write to an I/O error on `<stdout>`.
pub(crate) fn stdout_write(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Error> {
    let stdout = io::stdout();
    let mut lock = io::BufWriter::new(stdout.lock());
    f(&mut lock)
        .and_then(|()| lock.flush())
        .map_err(|e| Error::io("<stdout>", e))
}
