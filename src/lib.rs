//! factlog: turns what states say about proposals in international bodies into a knowledge
//! graph, and reasons over it with Datalog.
//!
//! The pipeline: [`kb`] loads and validates fact files into a [`kb::FactStore`]; [`rules`]
//! derives the standard stance relations with crepe-compiled rules; [`query`] matches atoms
//! against the store; [`graph`] builds the petgraph knowledge graph; [`export`] writes it as
//! DOT, SVG, JSON or Soufflé fact files. [`cli`] is the only module that touches the process.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod article;
pub mod cli;
pub mod error;
pub mod export;
pub mod extract;
pub mod graph;
pub mod kb;
pub mod query;
pub mod rules;
pub mod serve;

/// The runtime Datalog engine (the `factlog-datalog` crate of this workspace).
pub use factlog_datalog as datalog;
/// Diagnostics: spans, source maps, rustc-style rendering (the `factlog-diag` crate).
pub use factlog_diag as diag;
