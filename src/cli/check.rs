//! `factlog check`: load and validate; say what was loaded.

use super::args::CheckArgs;
use super::{Outcome, session};
use crate::error::Error;
use std::io::Write;

/// Runs `check`.
pub fn run(args: &CheckArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let s = session::open(&args.kb, stderr)?;
    let _ = writeln!(stderr, "{}", s.summary());
    Ok(Outcome::Success)
}
