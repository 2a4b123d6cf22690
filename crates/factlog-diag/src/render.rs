//! Renders diagnostics as plain text in the style of rustc.

use super::{Diagnostic, Location, SourceMap};
use std::fmt::Write;

/// Renders one diagnostic:
///
/// ```text
/// error[E0103]: `stance` takes 4 arguments, found 3
///   --> facts/bad.json:4:18
///    |
///  4 |     {"relation": "stance", "args": ["a", "b", "c"]}
///    |                  ^^^^^^^^
///    = note: ...
/// ```
pub fn render(diag: &Diagnostic, sources: &SourceMap) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}[{}]: {}", diag.severity, diag.code, diag.message);
    match &diag.location {
        Location::Span(span) => {
            let file = sources.file(span.file);
            let (line, col) = file.line_col(span.start as usize);
            let text = file.line_text(line);
            let gutter = line.to_string().len();
            let pad = " ".repeat(gutter);
            let _ = writeln!(out, "{pad}--> {}:{}:{}", file.name, line, col);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{line} | {text}");
            let (end_line, end_col) = file.line_col(span.end as usize);
            let width = if end_line == line && end_col > col {
                end_col - col
            } else {
                1
            };
            let indent: String = text
                .chars()
                .take(col - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} | {indent}{}", "^".repeat(width));
            for note in &diag.notes {
                let _ = writeln!(out, "{pad} = note: {note}");
            }
        }
        Location::File(name) => {
            let _ = writeln!(out, " --> {name}");
            for note in &diag.notes {
                let _ = writeln!(out, "  = note: {note}");
            }
        }
        Location::None => {
            for note in &diag.notes {
                let _ = writeln!(out, "  = note: {note}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Diagnostic, Span};

    #[test]
    fn caret_points_at_the_column() {
        let mut map = SourceMap::new();
        let f = map.add("q.dl", "first\n  bad(x\n");
        let d = Diagnostic::error("E0001", "expected `)`", Span::new(f, 13, 14));
        assert_eq!(
            render(&d, &map),
            "error[E0001]: expected `)`\n --> q.dl:2:8\n  |\n2 |   bad(x\n  |        ^\n"
        );
    }
}
