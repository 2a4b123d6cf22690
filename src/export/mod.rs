//! Writers for the knowledge graph and the fact store: DOT, SVG, JSON and Soufflé `.facts`.
//! (Being written: see the graph/export work item.)

/// An export that could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
}
