//! The knowledge base: interned symbols, the schema, the fact store with provenance, and loading
//! and validating `facts/**/*.json`.
//!
//! Knows nothing of rules, the graph, export or the CLI.

pub mod config;
mod contradiction;
pub mod curate;
pub mod document;
pub mod intern;
pub mod json_locate;
pub mod load;
pub mod overrides;
pub mod provenance;
pub mod schema;
pub mod sizes;
pub mod store;
pub mod validate;

pub use intern::{Interner, Sym};
pub use load::{LoadReport, load_facts};
pub use provenance::{Origin, Provenance, TextSpan};
pub use schema::{RelId, RelationKind, Schema};
pub use store::FactStore;
