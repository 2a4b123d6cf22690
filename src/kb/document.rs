//! The fact file format of SCHEMA.md (`"schema": 1`), as serde types. Shared by the loader and
//! by `factlog extract`, which writes the same documents.

use serde::{Deserialize, Serialize};

/// One fact file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDocument {
    /// Schema version; must be 1.
    pub schema: u64,
    /// The document the facts come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceDoc>,
    /// Entities declared here (each adds `entity` and `alias` facts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<EntityDoc>,
    /// The facts.
    #[serde(default)]
    pub facts: Vec<FactDoc>,
}

/// A `source` object.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDoc {
    /// Source id.
    pub id: String,
    /// The outlet's name.
    #[serde(default)]
    pub outlet: String,
    /// Publication date (`YYYY-MM-DD` or empty).
    #[serde(default)]
    pub published: String,
    /// Headline.
    #[serde(default)]
    pub title: String,
    /// Where it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// An `entities` element.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityDoc {
    /// Entity id.
    pub id: String,
    /// Entity kind.
    pub kind: String,
    /// Display name.
    pub name: String,
    /// Surface forms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// A `facts` element.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDoc {
    /// Relation name.
    pub relation: String,
    /// Arguments, all strings.
    pub args: Vec<String>,
    /// `curated` (default) or `extracted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// In `[0, 1]`; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Where in a source the fact is stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<EvidenceDoc>,
}

/// An `evidence` object.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceDoc {
    /// Source id.
    pub source: String,
    /// First code point of the span in the article body.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
    /// Sentence index (written by `extract`; derived from the span when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<u32>,
    /// The sentence's text (written by `extract` for the user's own articles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}
