//! The one integration test binary: runs the real `factlog` binary (assert_cmd) and the
//! library's public API on small hand-built fact sets.
#![allow(
    clippy::print_stderr,
    reason = "a test says so on stderr when it skips a check"
)]

mod bad_facts;
mod builtin;
mod cli;
mod engine_cli;
mod export;
mod extract;
mod init;
mod programs;
mod query;
mod readme;
mod reliability;
mod rules;
mod serve;
mod sources;
mod support;
mod why;
