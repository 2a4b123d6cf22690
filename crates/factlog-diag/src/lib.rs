//! Diagnostics: source spans, a map of the files they point into, and rustc-style rendering
//! (`file:line:col`, the source line and a caret).
//!
//! Every layer reports problems as [`Diagnostic`]s; only the CLI decides where they are written.
//! Rendering is hand-written rather than delegated to miette/ariadne so that the output is plain
//! text, byte-for-byte deterministic and identical on a terminal and in snapshot tests.
//!
//! A crate of its own because both the application (`factlog`: fact files, overrides, the
//! CLI) and its Datalog engine (`factlog-datalog`) report with it, and the engine may not
//! depend on the application; the application re-exports it as `factlog::diag`.
#![deny(missing_docs)]

mod render;
mod suggest;

pub use render::{Paint, render, render_with};
pub use suggest::similar_names;

use std::fmt;

/// Identifies one file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct FileId(pub u32);

/// A half-open byte range `[start, end)` in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span in `file` covering bytes `start..end`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One file's name (as shown to the user) and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Display name, relative to the knowledge base where possible.
    pub name: String,
    /// The full text.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    fn new(name: String, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            name,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            // A span is made of byte offsets; one inside a character counts as its start.
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text[start..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// The text of a 1-based line, without its newline.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map(|&e| e - 1)
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches('\r')
    }
}

/// All files diagnostics may point into.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile::new(name.into(), text.into()));
        FileId((self.files.len() - 1) as u32)
    }

    /// Every file id, in the order the files were added.
    pub fn ids(&self) -> impl Iterator<Item = FileId> + use<> {
        (0..self.files.len() as u32).map(FileId)
    }

    /// The file with this id.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// `name:line:col` of a span's start.
    pub fn location(&self, span: Span) -> String {
        let file = self.file(span.file);
        let (line, col) = file.line_col(span.start as usize);
        format!("{}:{}:{}", file.name, line, col)
    }
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Stops the command (exit 2).
    Error,
    /// Reported; the command goes on.
    Warning,
    /// Extra information.
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// Where a diagnostic points: a span in a known file, or a file with a JSON path when the
/// position could not be found.
#[derive(Clone, Debug, PartialEq)]
pub enum Location {
    /// A span in a file of the [`SourceMap`].
    Span(Span),
    /// A file name without a position (the file could not be read, say).
    File(String),
    /// A line and column (1-based, in characters) of a file whose text is not in the
    /// [`SourceMap`] (a row of a `.facts` input, say).
    Position {
        /// The file, as shown.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
    },
    /// No location (a problem of the whole run).
    None,
}

/// A problem found in the user's input, with its location and what was expected.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// A stable code (`E0101`), documented in the README.
    pub code: &'static str,
    /// One line: what is wrong, and what was expected.
    pub message: String,
    /// Where.
    pub location: Location,
    /// Further lines (`= note: ...`), e.g. the other fact of a contradiction.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error at a span.
    pub fn error(code: &'static str, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: Location::Span(span),
            notes: Vec::new(),
        }
    }

    /// A warning at a span.
    pub fn warning(code: &'static str, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, span)
        }
    }

    /// The same diagnostic located at a file without a position.
    pub fn in_file(mut self, name: impl Into<String>) -> Diagnostic {
        self.location = Location::File(name.into());
        self
    }

    /// The same diagnostic located at a line and column of a file not in the source map.
    pub fn at_position(
        mut self,
        file: impl Into<String>,
        line: usize,
        column: usize,
    ) -> Diagnostic {
        self.location = Location::Position {
            file: file.into(),
            line,
            column,
        };
        self
    }

    /// Adds a note line.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Whether this diagnostic stops the command.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A diagnostic as a JSON object with stable keys: `severity`, `code`, `message`, `file`,
/// `line`, `column` (1-based; absent without a position) and `notes`.
pub fn to_json(diag: &Diagnostic, sources: &SourceMap) -> serde_json::Value {
    let (file, line, column) = match &diag.location {
        Location::Span(span) => {
            let f = sources.file(span.file);
            let (line, col) = f.line_col(span.start as usize);
            (Some(f.name.clone()), Some(line), Some(col))
        }
        Location::File(name) => (Some(name.clone()), None, None),
        Location::Position { file, line, column } => {
            (Some(file.clone()), Some(*line), Some(*column))
        }
        Location::None => (None, None, None),
    };
    serde_json::json!({
        "severity": diag.severity.to_string(),
        "code": diag.code,
        "message": diag.message,
        "file": file,
        "line": line,
        "column": column,
        "notes": diag.notes,
    })
}
