//! Renders diagnostics as plain text in the style of rustc, optionally with ANSI colours
//! (the CLI decides: `--color`, `NO_COLOR`, whether stderr is a terminal).

use super::{Diagnostic, Location, Severity, SourceMap};
use std::fmt::Write;

/// Whether rendered text carries ANSI colour codes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paint {
    /// Plain text (files, pipes, snapshot tests).
    #[default]
    Plain,
    /// Colours as rustc uses them: the severity, the gutter, the caret.
    Ansi,
}

impl Paint {
    /// `text` in `style` (an SGR parameter list such as `1;31`), or as it is when plain.
    pub fn paint(self, style: &str, text: &str) -> String {
        match self {
            Paint::Plain => text.to_string(),
            Paint::Ansi => format!("\x1b[{style}m{text}\x1b[0m"),
        }
    }

    /// The style of a severity: bold red, yellow or cyan.
    pub fn severity_style(severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Note => "1;36",
        }
    }
}

/// The style of the gutter, arrows and line numbers: bold blue.
const GUTTER: &str = "1;34";
/// The most characters of a source line shown; a longer line is shown as a window around the
/// column, with `…` where it was cut.
const MAX_SHOWN: usize = 160;
/// Of a cut line, how many characters are shown before the column.
const BEFORE: usize = 60;

/// Renders one diagnostic as plain text:
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
    render_with(diag, sources, Paint::Plain)
}

/// Renders one diagnostic, with colours when `paint` says so.
pub fn render_with(diag: &Diagnostic, sources: &SourceMap, paint: Paint) -> String {
    let mut out = String::new();
    let style = Paint::severity_style(diag.severity);
    let _ = writeln!(
        out,
        "{}{}",
        paint.paint(style, &format!("{}[{}]", diag.severity, diag.code)),
        paint.paint("1", &format!(": {}", diag.message))
    );
    let arrow = paint.paint(GUTTER, "-->");
    let note = |pad: &str, n: &str| format!("{pad}{} note: {n}", paint.paint(GUTTER, "="));
    match &diag.location {
        Location::Span(span) => {
            let file = sources.file(span.file);
            let (line, col) = file.line_col(span.start as usize);
            let (end_line, end_col) = file.line_col(span.end as usize);
            let width = if end_line == line && end_col > col {
                end_col - col
            } else {
                1
            };
            let shown = Window::of(file.line_text(line), col, width);
            let gutter = line.to_string().len();
            let pad = " ".repeat(gutter);
            let bar = paint.paint(GUTTER, "|");
            let _ = writeln!(out, "{pad}{arrow} {}:{}:{}", file.name, line, col);
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(
                out,
                "{} {bar} {}",
                paint.paint(GUTTER, &line.to_string()),
                shown.text
            );
            let carets = paint.paint(style, &"^".repeat(shown.width));
            let _ = writeln!(out, "{pad} {bar} {}{carets}", shown.indent);
            for n in &diag.notes {
                let _ = writeln!(out, "{}", note(&format!("{pad} "), n));
            }
        }
        Location::File(name) => {
            let _ = writeln!(out, " {arrow} {name}");
            for n in &diag.notes {
                let _ = writeln!(out, "{}", note("  ", n));
            }
        }
        Location::Position { file, line, column } => {
            let _ = writeln!(out, " {arrow} {file}:{line}:{column}");
            for n in &diag.notes {
                let _ = writeln!(out, "{}", note("  ", n));
            }
        }
        Location::None => {
            for n in &diag.notes {
                let _ = writeln!(out, "{}", note("  ", n));
            }
        }
    }
    out
}

/// The part of a source line shown, and where its caret goes.
struct Window {
    /// The shown text (`…` marks a cut).
    text: String,
    /// What goes before the caret: spaces, and tabs where the text has them.
    indent: String,
    /// How many carets.
    width: usize,
}

impl Window {
    /// The whole line when it is short; else [`MAX_SHOWN`] characters around column `col`.
    fn of(line: &str, col: usize, width: usize) -> Window {
        let chars: Vec<char> = line.chars().collect();
        let at = (col - 1).min(chars.len());
        let (start, end) = if chars.len() <= MAX_SHOWN {
            (0, chars.len())
        } else {
            let start = at.saturating_sub(BEFORE);
            (start, (start + MAX_SHOWN).min(chars.len()))
        };
        let mut text = String::new();
        let mut indent = String::new();
        if start > 0 {
            text.push('…');
            indent.push(' ');
        }
        text.extend(&chars[start..end]);
        indent.extend(
            chars[start..at]
                .iter()
                .map(|&c| if c == '\t' { '\t' } else { ' ' }),
        );
        if end < chars.len() {
            text.push('…');
        }
        let width = width.min(end.saturating_sub(at).max(1));
        Window {
            text,
            indent,
            width,
        }
    }
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

    // Reliability finding 20: an error at the end of a 1 MB line echoed the whole line and a
    // 1 MB caret line.
    #[test]
    fn a_huge_line_is_shown_as_a_window_around_the_column() {
        let mut map = SourceMap::new();
        let text = format!("{}BAD{}", "x".repeat(1_000_000), "y".repeat(500));
        let f = map.add("big.json", text);
        let d = Diagnostic::error("E0101", "bad", Span::new(f, 1_000_000, 1_000_003));
        let out = render(&d, &map);
        assert!(out.len() < 1_000, "{} bytes", out.len());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], " --> big.json:1:1000001");
        let shown = lines[3].trim_start_matches("1 | ");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        let caret = lines[4].trim_start_matches("  | ");
        assert_eq!(
            caret.find('^'),
            shown.chars().position(|c| c == 'B'),
            "the caret is under the error"
        );
        assert!(caret.ends_with("^^^"));
    }

    #[test]
    fn colours_are_ansi_codes_around_the_plain_text() {
        let mut map = SourceMap::new();
        let f = map.add("q.dl", "p(x\n");
        let d = Diagnostic::warning("W0001", "careful", Span::new(f, 0, 1));
        let painted = render_with(&d, &map, Paint::Ansi);
        assert!(painted.starts_with("\x1b[1;33mwarning[W0001]\x1b[0m"));
        // Strip every SGR sequence (ESC `[` digits and `;` then `m`).
        let mut stripped = String::new();
        let mut rest = painted.as_str();
        while let Some(i) = rest.find('\x1b') {
            stripped.push_str(&rest[..i]);
            let end = rest[i..].find('m').expect("an SGR sequence ends with m");
            rest = &rest[i + end + 1..];
        }
        stripped.push_str(rest);
        assert_eq!(stripped, render(&d, &map));
    }
}
