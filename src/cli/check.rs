//! `factlog check`: load and validate; say what was loaded.

use super::args::CheckArgs;
use super::{Outcome, session};
use crate::error::Error;
use std::io::Write;

/// Runs `check`.
pub fn run(args: &CheckArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let s = session::open(&args.kb, stderr)?;
    let _ = writeln!(
        stderr,
        "ok: {} fact files, {} base tuples{}",
        s.files,
        s.store.base_len(),
        match s.warnings {
            0 => String::new(),
            1 => ", 1 warning".into(),
            n => format!(", {n} warnings"),
        }
    );
    Ok(Outcome::Success)
}
