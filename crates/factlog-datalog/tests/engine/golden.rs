//! The engine's golden Datalog programs (`tests/programs/`, described in [`crate::outcome`]),
//! each on both engines and on one and four threads. The application's tests run the same
//! programs through the `factlog run` binary.

use crate::outcome;
use std::path::Path;

#[test]
fn every_golden_program_gives_its_expected_outputs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    for name in &outcome::names(root, 30) {
        problems.extend(outcome::library_problems(root, name));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
