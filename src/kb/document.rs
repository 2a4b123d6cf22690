//! The fact file format of docs/schema.md (`"schema": 1`), as serde types. Shared by the loader and
//! by `factlog extract`, which writes the same documents.
//!
//! Strings borrow from the file's text where they need no unescaping, so loading a large base
//! does not allocate once per argument.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// One fact file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDocument<'a> {
    /// Schema version; must be 1.
    pub schema: u64,
    /// The document the facts come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub source: Option<SourceDoc<'a>>,
    /// Entities declared here (each adds `entity` and `alias` facts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[serde(borrow)]
    pub entities: Vec<EntityDoc<'a>>,
    /// The facts.
    #[serde(default)]
    #[serde(borrow)]
    pub facts: Vec<FactDoc<'a>>,
}

/// A `source` object.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDoc<'a> {
    /// Source id.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// The outlet's name.
    #[serde(default)]
    #[serde(borrow)]
    pub outlet: Cow<'a, str>,
    /// Publication date (`YYYY-MM-DD` or empty).
    #[serde(default)]
    #[serde(borrow)]
    pub published: Cow<'a, str>,
    /// Headline.
    #[serde(default)]
    #[serde(borrow)]
    pub title: Cow<'a, str>,
    /// Where it can be read (a `source_url` fact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub url: Option<Cow<'a, str>>,
}

/// An `entities` element.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityDoc<'a> {
    /// Entity id.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// Entity kind.
    #[serde(borrow)]
    pub kind: Cow<'a, str>,
    /// Display name.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// Surface forms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[serde(borrow)]
    pub aliases: Vec<Cow<'a, str>>,
}

/// A `facts` element.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDoc<'a> {
    /// Relation name.
    #[serde(borrow)]
    pub relation: Cow<'a, str>,
    /// Arguments, all strings.
    #[serde(borrow)]
    pub args: Vec<Cow<'a, str>>,
    /// `curated` (default) or `extracted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub origin: Option<Cow<'a, str>>,
    /// In `[0, 1]`; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Where in a source the fact is stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub evidence: Option<EvidenceDoc<'a>>,
}

/// An `evidence` object.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceDoc<'a> {
    /// Source id.
    #[serde(borrow)]
    pub source: Cow<'a, str>,
    /// First code point of the span in the article body.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
    /// Sentence index (written by `extract`; derived from the span when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<u32>,
    /// The sentence's text (written by `extract` for the user's own articles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(borrow)]
    pub text: Option<Cow<'a, str>>,
}
