//! Where a base fact comes from: origin (curated or extracted), source document, span in the
//! article and confidence. Kept beside each tuple as a deduplicated list.

use super::intern::Sym;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Who produced a fact.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Written by a curator.
    Curated,
    /// Produced by `factlog extract`.
    Extracted,
}

impl Origin {
    /// The word used in fact files.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Curated => "curated",
            Origin::Extracted => "extracted",
        }
    }

    /// Parses the word used in fact files.
    pub fn parse(s: &str) -> Option<Origin> {
        match s {
            "curated" => Some(Origin::Curated),
            "extracted" => Some(Origin::Extracted),
            _ => None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A half-open range `[start, end)` of Unicode code points in an article body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextSpan {
    /// First code point.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
}

/// One place a fact comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Provenance {
    /// Curated or extracted.
    pub origin: Origin,
    /// The source document, when the fact comes from one.
    pub source: Option<Sym>,
    /// The evidence span in that document's body.
    pub span: Option<TextSpan>,
    /// How sure the producer is, in `[0, 1]`.
    pub confidence: f32,
}
