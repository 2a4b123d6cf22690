//! Reads Soufflé's expected diagnostics (`NAME.err`): which errors it reports and the program
//! lines they name.
//!
//! The format, from the suite's `.err` files:
//!
//! ```text
//! Error: Ungrounded variable X in file agg_checks.dl at line 10
//! r("X",Y) :- Y = min X : { X != Y }.
//! --------------------^---------------
//! Warning: Variable Y0 only occurs once in file agg_checks.dl at line 10
//! Error: Unable to stratify relation(s) {r}
//! Relation r in file agg_checks.dl at line 6
//! Error loading A data: Cannot open fact file A.facts
//! 19 errors generated, evaluation aborted
//! ```
//!
//! An error's own location is on its header line (`Error: … in file F at line N`); the lines
//! that follow it (the source line, the caret, notes such as "Previous definition … at line 5"
//! or the relations of a stratification cycle) are context, not further errors. Errors without
//! a location on their header (`Unable to stratify`, run-time `Error loading …` of a facts file)
//! name no program line. Warnings are not errors.

/// A program line one of Soufflé's errors names.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct NamedLine {
    /// The file, as the `.err` prints it (a base name in this suite).
    pub file: String,
    /// The 1-based line.
    pub line: usize,
}

/// What a `.err` file says Soufflé reported.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Expected {
    /// The distinct program lines the error headers name, sorted.
    pub lines: Vec<NamedLine>,
    /// Error headers in all, located or not.
    pub errors: usize,
}

/// Reads a `.err` file's text.
pub fn read(text: &str) -> Expected {
    let mut out = Expected::default();
    for line in text.lines() {
        let line = line.trim_end();
        if !(line.starts_with("Error: ") || line.starts_with("Error loading ")) {
            continue;
        }
        out.errors += 1;
        if let Some(named) = location(line) {
            if !out.lines.contains(&named) {
                out.lines.push(named);
            }
        }
    }
    out.lines.sort();
    out
}

/// The `in file F at line N` that ends a header line.
fn location(header: &str) -> Option<NamedLine> {
    let (rest, line) = header.rsplit_once(" at line ")?;
    let line: usize = line.parse().ok()?;
    let (_, file) = rest.rsplit_once(" in file ")?;
    (!file.is_empty() && !file.contains(' ')).then(|| NamedLine {
        file: file.to_string(),
        line,
    })
}

/// The module's own checks, run as trials of the harness (a `harness = false` target has no
/// `#[test]`).
pub mod tests {
    use super::*;

    /// A self-test.
    pub fn headers_name_lines_and_context_lines_do_not() {
        let text = "\
Error: Ungrounded variable X in file p.dl at line 10
r(X) :- !a(X).
--------^-----
Warning: Variable Y only occurs once in file p.dl at line 12
Error: Redefinition of relation r in file p.dl at line 7
Previous definition in file p.dl at line 5
Error: Unable to stratify relation(s) {r}
Relation r in file p.dl at line 6
has cyclic negation in file p.dl at line 28
Error: Ungrounded variable Z in file p.dl at line 10
Error loading A data: Cannot open fact file A.facts
4 errors generated, evaluation aborted
";
        let expected = read(text);
        assert_eq!(expected.errors, 5);
        let lines: Vec<usize> = expected.lines.iter().map(|l| l.line).collect();
        assert_eq!(lines, [7, 10]);
        assert_eq!(expected.lines[0].file, "p.dl");
    }

    /// A self-test.
    pub fn a_message_that_mentions_a_line_before_the_location_is_read_from_the_end() {
        let expected =
            read("Error: syntax error, unexpected at line in file q.dl at line 3\n.bad\n^---\n");
        assert_eq!(
            expected.lines,
            [NamedLine {
                file: "q.dl".into(),
                line: 3
            }]
        );
    }
}
