//! The command-line interface: the only module that reads arguments, writes to stdout and
//! stderr, and chooses exit codes (0 success, 1 nothing found, 2 bad input or I/O error).

pub mod args;
mod check;
mod export;
mod extract;
mod init;
mod query;
mod repl;
mod run;
mod session;
mod stats;
mod why;

use crate::diag::{Diagnostic, SourceMap, render};
use crate::error::Error;
use args::{Cli, Command};
use clap::Parser;
use std::io::{self, Write};
use std::process::ExitCode;

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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
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
            let result = run(Cli::parse(), &mut stderr);
            exit_code(result, &mut stderr)
        }
    }
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
        Command::Init(a) => init::run(&a, stderr),
    }
}

fn report_error(e: &Error, stderr: &mut dyn Write) {
    match e {
        // Diagnostics were rendered where their source map was at hand.
        Error::Diagnostics(_) => {}
        other => {
            let _ = writeln!(stderr, "error: {other}");
        }
    }
}

/// Writes diagnostics to stderr in a deterministic order (as found: file order, then fact order).
pub(crate) fn emit(diags: &[Diagnostic], sources: &SourceMap, stderr: &mut dyn Write) {
    for d in diags {
        let _ = write!(stderr, "{}", render(d, sources));
    }
}

/// Writes to stdout, mapping a failed write to an I/O error on `<stdout>`.
pub(crate) fn stdout_write(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Error> {
    let stdout = io::stdout();
    let mut lock = io::BufWriter::new(stdout.lock());
    f(&mut lock)
        .and_then(|()| lock.flush())
        .map_err(|e| Error::io("<stdout>", e))
}
