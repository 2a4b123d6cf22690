//! `factlog extract`, `factlog build` and `factlog eval` (being written).

use super::Outcome;
use crate::error::Error;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// `factlog extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Article files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// `factlog build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Article files.
    pub articles: Vec<PathBuf>,
}

/// `factlog eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold fact files.
    pub gold: Vec<PathBuf>,
}

/// Runs `extract`.
pub fn run_extract(_a: &ExtractArgs, _e: &mut dyn Write) -> Result<Outcome, Error> {
    Err(Error::Usage("extract is not available yet".into()))
}

/// Runs `build`.
pub fn run_build(_a: &BuildArgs, _e: &mut dyn Write) -> Result<Outcome, Error> {
    Err(Error::Usage("build is not available yet".into()))
}

/// Runs `eval`.
pub fn run_eval(_a: &EvalArgs, _e: &mut dyn Write) -> Result<Outcome, Error> {
    Err(Error::Usage("eval is not available yet".into()))
}
