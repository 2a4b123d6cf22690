//! The `factlog` binary: parses arguments, runs the command, maps the outcome to an exit code.
#![forbid(unsafe_code)]

/// mimalloc: loading a large base makes millions of small allocations, where it is markedly
/// faster than the system allocator (see benches/kb.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    factlog::cli::main()
}
