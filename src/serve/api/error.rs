//! Errors of the API: an HTTP status, a stable code and a message, plus the diagnostics of a
//! bad query or edit with the codes, positions and rendering of the CLI's.
//!
//! ```json
//! {"error": {"status": 400, "code": "E0201", "message": "unknown relation `stance_`: ..."},
//!  "diagnostics": [{"severity": "error", "code": "E0201", "message": "...", "file": "<query>",
//!                   "line": 1, "column": 1, "end_line": 1, "end_column": 8, "notes": [...],
//!                   "rendered": "error[E0201]: ...\n --> <query>:1:1\n ..."}]}
//! ```

use crate::diag::{Diagnostic, Location, SourceMap, render, to_json};
use serde_json::{Value, json};

/// Codes of the server's own errors (the others are the CLI's diagnostics).
pub mod codes {
    /// Something failed inside the server (a bug); the server goes on.
    pub const INTERNAL: &str = "E0900";
    /// No such page, endpoint, entity or source.
    pub const NOT_FOUND: &str = "E0901";
    /// A parameter is missing or malformed.
    pub const BAD_PARAMETER: &str = "E0902";
    /// The request (body, query text) is larger than the server takes.
    pub const TOO_LARGE: &str = "E0903";
    /// The request's deadline passed before its answer was ready.
    pub const DEADLINE: &str = "E0904";
    /// The answer would be larger than the server sends.
    pub const ANSWER_TOO_LARGE: &str = "E0905";
    /// Another site's request (Host, Origin, Sec-Fetch-Site).
    pub const FORBIDDEN: &str = "E0906";
    /// An edit without `--allow-edits`, or without the session's token.
    pub const EDITS: &str = "E0907";
    /// A method the endpoint does not take.
    pub const METHOD: &str = "E0908";
    /// Too many connections, or the client was too slow to send its request.
    pub const BUSY: &str = "E0909";
    /// The knowledge base could not be loaded again after an edit.
    pub const RELOAD: &str = "E0910";
}

/// An API error.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// A stable code: a diagnostic's, or one of [`codes`].
    pub code: &'static str,
    /// One line: what is wrong, and what was expected.
    pub message: String,
    /// The diagnostics, as JSON objects.
    pub diagnostics: Vec<Value>,
}

impl ApiError {
    /// An error with no diagnostics.
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            diagnostics: Vec::new(),
        }
    }

    /// 400, a bad parameter.
    pub fn bad_parameter(message: impl Into<String>) -> ApiError {
        ApiError::new(400, codes::BAD_PARAMETER, message)
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(404, codes::NOT_FOUND, message)
    }

    /// 403, another site's request.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(403, codes::FORBIDDEN, message)
    }

    /// 400 (or `status`) for diagnostics: the code and message of the first error, every
    /// diagnostic in the list.
    pub fn from_diagnostics(status: u16, diags: &[Diagnostic], sources: &SourceMap) -> ApiError {
        let first = diags
            .iter()
            .find(|d| d.is_error())
            .or_else(|| diags.first());
        let code = first.map_or(codes::INTERNAL, |d| d.code);
        ApiError {
            // The engine's deadline (E0324) is the server's to answer as unavailable.
            status: if code == "E0324" { 503 } else { status },
            code,
            message: first.map_or_else(|| "failed".to_string(), |d| d.message.clone()),
            diagnostics: diagnostics_json(diags, sources),
        }
    }

    /// The JSON body.
    pub fn to_json(&self) -> Value {
        json!({
            "error": {"status": self.status, "code": self.code, "message": self.message},
            "diagnostics": self.diagnostics,
        })
    }
}

/// Diagnostics as JSON: the CLI's `--diagnostics json` objects plus where the span ends
/// (`end_line`, `end_column`, 1-based, exclusive) and the CLI's rendering.
pub fn diagnostics_json(diags: &[Diagnostic], sources: &SourceMap) -> Vec<Value> {
    diags
        .iter()
        .map(|d| {
            let mut v = to_json(d, sources);
            if let (Location::Span(span), Value::Object(m)) = (&d.location, &mut v) {
                let (line, col) = sources.file(span.file).line_col(span.end as usize);
                m.insert("end_line".into(), json!(line));
                m.insert("end_column".into(), json!(col));
            }
            if let Value::Object(m) = &mut v {
                m.insert("rendered".into(), json!(render(d, sources)));
            }
            v
        })
        .collect()
}
