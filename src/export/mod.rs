//! Writers for the knowledge graph and the fact store: DOT, SVG (laid out in-process, or by
//! Graphviz), JSON and Soufflé `.facts` files, each file written atomically ([`write_atomically`],
//! on the writer the engine's `.output` files use too); and drawings of the
//! proofs of an explanation (`factlog why`) as DOT and SVG: rules as boxes, facts as
//! ellipses, sources as notes.
//!
//! Writers take a `&mut dyn Write` (or a folder) and produce deterministic bytes: sorted, no
//! timestamps, no absolute paths. Colours and shapes live in one table ([`style`]). This module
//! never decides where output goes (stdout or `-o FILE` is the CLI's choice) and prints nothing.

pub mod canvas;
pub mod dot;
mod facts;
mod graph_layout;
mod json;
mod proof;
pub mod style;
mod svg;

pub use dot::{escape, escape_id, write_dot};
pub use facts::{facts_cell, write_facts_dir};
pub use json::{GraphDocument, write_json};
pub use proof::{proof_dot_string, render_proof_svg, write_proof_dot};
pub use svg::{
    Drawing, MAX_NODES, READABLE_SIDE, draw_graph, render_svg, render_svg_with_graphviz,
};

/// An export that could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    /// Writing a file failed.
    #[error("cannot write {}: {source}", path.display())]
    File {
        /// The file (or folder).
        path: std::path::PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// The in-process layout failed on this graph (or proof drawing).
    #[error("cannot lay out the graph: {0}")]
    Layout(String),
    /// The graph has more nodes than the in-process renderer draws legibly.
    #[error(
        "the graph has {nodes} nodes, more than the in-process drawing shows legibly ({limit}): \
         narrow it with --around ID --depth N or --relations a,b, or lay it out with \
         --renderer graphviz (or --format dot)"
    )]
    TooLarge {
        /// The graph's nodes.
        nodes: usize,
        /// The most drawn.
        limit: usize,
    },
    /// `--renderer graphviz` was asked for but `dot` is not on PATH.
    #[error("Graphviz `dot` was not found on PATH (install Graphviz, or use the builtin renderer)")]
    GraphvizMissing,
    /// Graphviz `dot` ran and failed.
    #[error("Graphviz `dot` failed: {0}")]
    Graphviz(String),
}

/// Writes `bytes` to `path` atomically ([`factlog_io::write_atomically`]: a temporary file in
/// the same folder, which must exist, renamed over `path`); errors name `path`.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), ExportError> {
    factlog_io::write_atomically(path, bytes).map_err(|e| ExportError::file(path, e))
}

impl ExportError {
    /// An I/O error on `path`.
    pub fn file(path: impl Into<std::path::PathBuf>, source: std::io::Error) -> ExportError {
        ExportError::File {
            path: path.into(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_cannot_be_written_is_an_error_naming_it() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("missing").join("out.svg");
        let err = write_atomically(&path, b"x").expect_err("no such folder");
        assert!(matches!(err, ExportError::File { .. }), "{err:?}");
        // The destination, not the temporary file's random name.
        assert!(err.to_string().contains("missing/out.svg"), "{err}");
        assert!(!err.to_string().contains(".factlog-"), "{err}");
    }
}
