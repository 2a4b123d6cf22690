//! `factlog export` (wired once graph/ and export/ land).

use super::args::ExportArgs;
use super::Outcome;
use crate::error::Error;
use std::io::Write;

/// Runs `export`.
pub fn run(_args: &ExportArgs, _stderr: &mut dyn Write) -> Result<Outcome, Error> {
    Err(Error::Usage("export is not wired yet".into()))
}
