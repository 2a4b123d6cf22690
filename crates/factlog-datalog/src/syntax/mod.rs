//! Syntax: program text to items. The [`lexer`] makes tokens, the [`parser`] (with
//! [`parse_body`] for rule bodies, expanding disjunctions) makes the syntax tree of [`ast`],
//! recovering at item boundaries so that one run reports every syntax error; [`sources`]
//! gathers files, texts and query bodies into one source map, resolving `#include`s.
//!
//! Nothing here knows declarations or types: that is [`crate::check`]'s.

pub mod ast;
pub(crate) mod lexer;
pub(crate) mod parse_body;
pub(crate) mod parser;
pub(crate) mod sources;
