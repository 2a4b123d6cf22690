//! The one integration test binary: runs the real `factlog` binary (assert_cmd) and the
//! library's public API on small hand-built fact sets.

mod bad_facts;
mod corpus;
mod kb;
mod query;
mod rules;
mod support;
