//! `factlog check`: load and validate the fact files, check every rule file of `queries/`
//! (so that a broken `queries/*.dl` fails here, not in the next query); say what was loaded.

use super::args::CheckArgs;
use super::{Outcome, emit_failure, session};
use crate::error::Error;
use crate::query::runtime::{KbProgram, RuleFiles};
use std::io::Write;

/// Runs `check`.
pub fn run(args: &CheckArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let root = args.kb.root();
    let s = session::open_with(&root, &args.kb, &session::Derivation::default(), stderr)?;
    let files = RuleFiles::of(&root, &[]);
    let kbp = KbProgram {
        store: &s.store,
        files: &files,
    };
    if let Err(f) = kbp.finish(&kbp.builder()) {
        emit_failure(&f, stderr);
        return Err(Error::Diagnostics(f.diagnostics));
    }
    let rules = files.user.len();
    let _ = writeln!(
        stderr,
        "{}{}",
        s.summary(),
        match rules {
            0 => String::new(),
            1 => ", 1 rule file".into(),
            n => format!(", {n} rule files"),
        }
    );
    Ok(Outcome::Success)
}
