//! `factlog extract`, `factlog build` and `factlog eval`: running the extractor on article
//! files, writing its facts into a knowledge base, and scoring it against gold fact files.

mod build;
mod eval;
mod read;
mod score;

use super::Outcome;
use crate::error::Error;
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

pub use read::gazetteer_for;

/// `factlog extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Article files (plain text, optionally with a `key: value` header closed by `---`); `-`
    /// reads one from standard input.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The publication date (YYYY-MM-DD) for articles whose header gives none; it anchors
    /// relative dates ("on Thursday").
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Write to this file (atomically) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A knowledge base whose `gazetteer.json` and declared countries, bodies and
    /// organizations extend the built-in gazetteer.
    #[arg(long, value_name = "DIR")]
    pub kb: Option<PathBuf>,
    /// More gazetteer files (the format of the built-in `gazetteer.json`).
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Vec<PathBuf>,
}

/// `factlog build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Article files to extract into the knowledge base's `facts/extracted/` (none: re-check
    /// the base as it stands).
    pub articles: Vec<PathBuf>,
    /// The publication date (YYYY-MM-DD) for articles whose header gives none.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)] // documented on the type
    pub kb: super::args::KbArgs,
}

/// How `factlog eval` prints its scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// A table.
    Table,
    /// `{"measures": [...], "articles": [...]}`.
    Json,
}

/// `factlog eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold fact files, one per article (its `source.id` names the article); a file without a
    /// `source` is background (countries, permanent members, official roles).
    #[arg(required = true)]
    pub gold: Vec<PathBuf>,
    /// A folder of article files to find the gold files' articles in (may be repeated).
    #[arg(long, value_name = "DIR")]
    pub articles: Vec<PathBuf>,
    /// Background fact files or folders (entities, roles, permanent members) for both sides.
    #[arg(long, value_name = "FILE|DIR")]
    pub background: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: EvalFormat,
    /// Also list every missed and every spurious tuple (on stderr).
    #[arg(long)]
    pub errors: bool,
    #[command(flatten)]
    #[allow(missing_docs)] // documented on the type
    pub kb: super::args::KbArgs,
}

/// Runs `extract`.
pub fn run_extract(a: &ExtractArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let gazetteer = gazetteer_for(a.kb.as_deref(), &a.gazetteer)?;
    let several = a.files.len() > 1;
    let bar = progress(a.files.len(), several && std::io::stderr().is_terminal());
    let mut out: Vec<u8> = Vec::new();
    let mut failed = 0;
    for path in &a.files {
        bar.set_message(path.display().to_string());
        match read::extract_file(path, &gazetteer, a.published.as_deref()) {
            Ok((doc, warnings)) => {
                for w in warnings {
                    bar.suspend(|| {
                        let _ = writeln!(stderr, "warning: {}: {w}", path.display());
                    });
                }
                let text = if several {
                    serde_json::to_string(&doc)
                } else {
                    serde_json::to_string_pretty(&doc)
                }
                .map_err(|e| Error::Usage(format!("cannot write JSON: {e}")))?;
                out.extend_from_slice(text.as_bytes());
                out.push(b'\n');
            }
            Err(e) => {
                failed += 1;
                bar.suspend(|| {
                    let _ = writeln!(stderr, "error: {}: {e}", path.display());
                });
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    match &a.output {
        Some(path) => crate::export::write_atomically(path, &out)?,
        None => super::stdout_write(|w| w.write_all(&out))?,
    }
    if failed > 0 {
        return Err(Error::Usage(format!(
            "{failed} of {} article file{} could not be extracted",
            a.files.len(),
            if a.files.len() == 1 { "" } else { "s" }
        )));
    }
    Ok(Outcome::Success)
}

/// A progress bar on stderr, hidden unless `show`.
fn progress(len: usize, show: bool) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} {wide_msg}")
    {
        bar.set_style(style);
    }
    bar
}

/// Runs `build`.
pub fn run_build(a: &BuildArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    build::run(a, stderr)
}

/// Runs `eval`.
pub fn run_eval(a: &EvalArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    eval::run(a, stderr)
}
