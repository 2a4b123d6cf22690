//! A minimal Soufflé-style runner over the engine alone (`PROG.dl FACTS_DIR OUT_DIR [-j N]`),
//! with the allocator of the `factlog` binary: what `factlog run` does, built without the
//! application, for profiling the engine quickly.
#![allow(clippy::print_stderr, reason = "an example reports on stderr")]

use factlog_datalog::{OutputTarget, RunOptions, run_program};
use std::path::PathBuf;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: souffle_run PROG.dl FACTS_DIR OUT_DIR [-j N]");
        std::process::exit(2);
    }
    let mut options = RunOptions {
        facts_dir: PathBuf::from(&args[2]),
        output: OutputTarget::Dir(PathBuf::from(&args[3])),
        ..RunOptions::default()
    };
    if let Some(j) = args.iter().position(|a| a == "-j") {
        options.eval.threads = args[j + 1].parse().unwrap_or(1);
    }
    if let Err(failure) = run_program(PathBuf::from(&args[1]).as_path(), &options) {
        eprintln!("{}", failure.render());
        std::process::exit(2);
    }
}
