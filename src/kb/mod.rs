//! The knowledge base: interned symbols, the schema, the fact store with provenance, and loading
//! and validating `facts/**/*.json` of a folder or of the base built into the binary.
//!
//! Knows nothing of rules, the graph, export or the CLI.

pub mod builtin;
pub mod config;
mod contradiction;
pub mod curate;
pub mod document;
pub mod init;
pub mod intern;
pub mod json_locate;
pub mod load;
pub mod location;
pub mod overrides;
pub mod provenance;
pub mod schema;
pub mod sizes;
pub mod store;
pub mod validate;

pub use intern::{Interner, Sym};
pub use load::{LoadReport, load_facts, load_kb};
pub use location::{Found, KbRoot};
pub use provenance::{Origin, Provenance, TextSpan};
pub use schema::{RelId, RelationKind, Schema};
pub use store::FactStore;
