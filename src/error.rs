//! The crate's error type: what stops a command, by layer, each mapped to an exit code by the CLI.

use crate::diag::Diagnostic;
use std::path::PathBuf;

/// An error that stops a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has problems; each is a rendered-later diagnostic.
    #[error("{} error(s) in the input", .0.len())]
    Diagnostics(Vec<Diagnostic>),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// An export could not be produced.
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    /// The request itself is wrong (an unknown entity for `--around`, say).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
