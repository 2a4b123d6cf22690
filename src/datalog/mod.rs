//! factlog's Datalog front end: the syntax tree with spans, the lexer and the parser.
//!
//! The engine knows nothing of the stance domain, the graph, export or the CLI.

pub mod ast;
pub mod lexer;
pub mod parser;

pub use parser::{parse_atom, parse_program};
