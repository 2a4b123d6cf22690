//! Tests over the material in `../shared/` beside the checkout: the real articles
//! (`corpus/`), the development corpus with its gold annotations (`devcorpus/`) and Soufflé's
//! own test programs (`souffle-tests/`). CI has that folder; a clone elsewhere may not.
//!
//! A libtest-mimic harness rather than `#[test]`s: where a folder is missing, each of its
//! tests is listed as *ignored* in the runner's own summary (with the reason on stderr), never
//! counted as passed. Each module gives its tests as `trials()`, made with `support::needs`.
#![allow(
    clippy::print_stderr,
    reason = "the harness says on stderr which folder is missing"
)]

mod corpus;
mod quality;
mod sentences;
mod support;

use libtest_mimic::Arguments;

fn main() {
    let args = Arguments::from_args();
    let trials = [corpus::trials(), quality::trials(), sentences::trials()]
        .into_iter()
        .flatten()
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
