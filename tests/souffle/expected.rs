//! The expected-failure list, `tests/souffle/expected_failures.txt`: every test of Soufflé's
//! suite that does not pass today, with how it fails and why, one a line:
//!
//! ```text
//! # comment
//! evaluation/aggregates   fails         aggregate scoping (B7): ...
//! semantic/attrib_dupl    not-rejected  duplicate attribute names are not checked
//! semantic/plan1          lines         `.plan` stops the parse before the line Soufflé names
//! evaluation/math         not-scorable  Soufflé disables it (issue #298); no expected output
//! ```
//!
//! The kind must be what the run finds: a listed test that passes, or fails in another way
//! (a rejection test that is now rejected but still misses a line), fails the run until the
//! entry is removed or changed, so the list only shrinks and its counts are exact.
//! `not-scorable` tests are not run and not counted; a test Soufflé's CMake does not run must
//! be listed so.

use std::collections::BTreeMap;

/// How a listed test is expected to end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A positive test fails.
    Fails,
    /// A rejection test is accepted (or crashes, or times out).
    NotRejected,
    /// A rejection test is rejected but misses a line Soufflé's errors name.
    Lines,
    /// Not run, not counted.
    NotScorable,
}

impl Kind {
    /// The list's word.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Fails => "fails",
            Kind::NotRejected => "not-rejected",
            Kind::Lines => "lines",
            Kind::NotScorable => "not-scorable",
        }
    }

    fn from_word(word: &str) -> Option<Kind> {
        [
            Kind::Fails,
            Kind::NotRejected,
            Kind::Lines,
            Kind::NotScorable,
        ]
        .into_iter()
        .find(|k| k.word() == word)
    }
}

/// One entry.
#[derive(Clone, Debug)]
pub struct Entry {
    /// How the test fails.
    pub kind: Kind,
    /// Why (the blocker).
    pub reason: String,
    /// The line of the list.
    pub line: usize,
}

/// The list, by test id.
#[derive(Debug, Default)]
pub struct List {
    /// The entries.
    pub entries: BTreeMap<String, Entry>,
}

/// The list's path in the project.
pub const PATH: &str = "tests/souffle/expected_failures.txt";

impl List {
    /// Reads the list's text; every malformed line is reported.
    pub fn parse(text: &str) -> Result<List, Vec<String>> {
        let mut list = List::default();
        let mut errors = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let content = raw.trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let (id, rest) = content
                .split_once(char::is_whitespace)
                .unwrap_or((content, ""));
            let rest = rest.trim_start();
            let (kind_word, reason) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let reason = reason.trim();
            let Some(kind) = Kind::from_word(kind_word) else {
                errors.push(format!(
                    "{PATH}:{line}: `{content}`: expected `category/test KIND reason` with KIND one of fails, not-rejected, lines, not-scorable"
                ));
                continue;
            };
            if !id.contains('/') {
                errors.push(format!("{PATH}:{line}: `{id}` is not `category/test`"));
                continue;
            }
            if reason.is_empty() {
                errors.push(format!("{PATH}:{line}: {id}: the reason is missing"));
                continue;
            }
            let entry = Entry {
                kind,
                reason: reason.to_string(),
                line,
            };
            if let Some(first) = list.entries.insert(id.to_string(), entry) {
                errors.push(format!(
                    "{PATH}:{line}: {id} is listed twice (first at line {})",
                    first.line
                ));
            }
        }
        if errors.is_empty() {
            Ok(list)
        } else {
            Err(errors)
        }
    }
}

/// The module's own checks, run as trials of the harness (a `harness = false` target has no
/// `#[test]`).
pub mod tests {
    use super::*;

    /// A self-test.
    pub fn entries_have_an_id_a_kind_and_a_reason() {
        let list = List::parse(
            "# comment\n\nevaluation/a   fails   needs records\nsemantic/b lines  misses line 4\n",
        )
        .expect("well formed");
        assert_eq!(list.entries.len(), 2);
        let a = &list.entries["evaluation/a"];
        assert_eq!(a.kind, Kind::Fails);
        assert_eq!(a.reason, "needs records");
        assert_eq!(list.entries["semantic/b"].line, 4);
    }

    /// A self-test.
    pub fn a_missing_reason_an_unknown_kind_and_a_duplicate_are_errors() {
        let errors = List::parse("e/a fails\ne/b broken why\ne/c fails x\ne/c fails y\n")
            .expect_err("malformed");
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].contains("reason is missing"));
        assert!(errors[1].contains("KIND"));
        assert!(errors[2].contains("listed twice"));
    }
}
