//! The `factlog` binary: parses arguments, runs the command, maps the outcome to an exit code.
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    factlog::cli::main()
}
