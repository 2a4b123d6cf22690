//! Compares an output with Soufflé's expected one the way Soufflé's harness does
//! (`cmake/common.py`: lines with trailing whitespace removed, compared as sorted lists), with
//! one allowance: a float may be printed differently.
//!
//! Soufflé prints a float with six significant digits (`0.333333`, `1e+10`); factlog prints
//! the shortest text that reads back to the same value (`0.33333334`, `10000000000`). Two
//! tab-separated fields are equal when their texts are, or when both read as numbers, at least
//! one is written as a float (a `.`, an exponent, `inf` or `nan`) and they differ by at most
//! [`FLOAT_TOLERANCE`] relative to the larger (both NaN counts as equal). Integers are always
//! compared as text, so `1000000` never equals `1000001`.

use std::collections::BTreeMap;

/// The relative tolerance between two float fields: Soufflé's six significant digits are
/// within 5·10⁻⁶ of the value, so 10⁻⁵ accepts any correctly rounded pair and nothing that
/// differs in the sixth digit by more than one.
pub const FLOAT_TOLERANCE: f64 = 1e-5;

/// How an output differs from the expected one (empty when they match).
#[derive(Debug, Default)]
pub struct Difference {
    /// Expected rows the output lacks.
    pub missing: Vec<String>,
    /// Output rows not expected.
    pub unexpected: Vec<String>,
}

impl Difference {
    /// Whether the two matched.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.unexpected.is_empty()
    }

    /// A short account: counts and the first few rows of each side.
    pub fn describe(&self) -> String {
        let show = |rows: &[String]| {
            rows.iter()
                .take(3)
                .map(|r| format!("`{}`", r.replace('\t', "\\t")))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !self.missing.is_empty() {
            parts.push(format!(
                "{} expected row(s) missing (e.g. {})",
                self.missing.len(),
                show(&self.missing)
            ));
        }
        if !self.unexpected.is_empty() {
            parts.push(format!(
                "{} unexpected row(s) (e.g. {})",
                self.unexpected.len(),
                show(&self.unexpected)
            ));
        }
        parts.join("; ")
    }
}

/// The rows of a file as Soufflé's harness reads them: each line without trailing whitespace.
pub fn rows(text: &str) -> Vec<String> {
    text.lines().map(|l| l.trim_end().to_string()).collect()
}

/// Compares two files' texts as multisets of rows, floats within the tolerance.
pub fn compare(expected: &str, actual: &str) -> Difference {
    let mut pending: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows(expected) {
        *pending.entry(row).or_default() += 1;
    }
    let mut unexpected = Vec::new();
    for row in rows(actual) {
        match pending.get_mut(&row) {
            Some(n) if *n > 0 => *n -= 1,
            _ => unexpected.push(row),
        }
    }
    let mut missing: Vec<String> = pending
        .into_iter()
        .flat_map(|(row, n)| std::iter::repeat_n(row, n))
        .collect();
    // What is left after exact matching is paired within the float tolerance. Large leftovers
    // are far from a match anyway; they are not searched pairwise.
    if !missing.is_empty() && !unexpected.is_empty() && missing.len() * unexpected.len() <= 1 << 24
    {
        let mut still_missing = Vec::new();
        for row in missing {
            match unexpected.iter().position(|u| rows_match(&row, u)) {
                Some(i) => {
                    unexpected.swap_remove(i);
                }
                None => still_missing.push(row),
            }
        }
        missing = still_missing;
    }
    unexpected.sort();
    Difference {
        missing,
        unexpected,
    }
}

/// Whether two rows have the same fields, floats within the tolerance.
fn rows_match(expected: &str, actual: &str) -> bool {
    let e: Vec<&str> = expected.split('\t').collect();
    let a: Vec<&str> = actual.split('\t').collect();
    e.len() == a.len() && e.iter().zip(&a).all(|(x, y)| fields_match(x, y))
}

/// Whether two fields are equal, floats within the tolerance.
pub fn fields_match(expected: &str, actual: &str) -> bool {
    if expected == actual {
        return true;
    }
    if !(written_as_float(expected) || written_as_float(actual)) {
        return false;
    }
    match (number(expected), number(actual)) {
        (Some(x), Some(y)) if x.is_nan() || y.is_nan() => x.is_nan() && y.is_nan(),
        (Some(x), Some(y)) if x.is_infinite() || y.is_infinite() => x == y,
        (Some(x), Some(y)) => (x - y).abs() <= FLOAT_TOLERANCE * x.abs().max(y.abs()),
        _ => false,
    }
}

/// Whether a field's text is a float's rather than an integer's.
fn written_as_float(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains('.') || lower.contains('e') || lower.contains("inf") || lower.contains("nan")
}

/// A field read as a number (`-nan` included, which Rust's parser does not take).
fn number(text: &str) -> Option<f64> {
    let lower = text.trim().to_ascii_lowercase();
    if matches!(lower.as_str(), "nan" | "-nan" | "+nan") {
        return Some(f64::NAN);
    }
    lower.parse().ok()
}

/// The module's own checks, run as trials of the harness (a `harness = false` target has no
/// `#[test]`).
pub mod tests {
    use super::*;

    /// A self-test.
    pub fn order_and_trailing_whitespace_do_not_matter() {
        assert!(compare("b\t2\na\t1\n", "a\t1  \nb\t2").is_empty());
    }

    /// A self-test.
    pub fn a_missing_a_duplicate_and_an_extra_row_are_each_reported() {
        let d = compare("a\na\nb\n", "a\nc\n");
        assert_eq!(d.missing, ["a", "b"]);
        assert_eq!(d.unexpected, ["c"]);
        assert!(d.describe().contains("2 expected row(s) missing"));
    }

    /// A self-test.
    pub fn floats_match_within_the_tolerance_and_integers_only_exactly() {
        assert!(fields_match("0.333333", "0.33333334"));
        assert!(fields_match("1e+10", "10000000000"));
        assert!(fields_match("-nan", "NaN"));
        assert!(fields_match("inf", "inf"));
        assert!(!fields_match("inf", "-inf"));
        assert!(!fields_match("0.333333", "0.3334"));
        assert!(!fields_match("1000000", "1000001"));
        assert!(!fields_match("abc", "abd"));
        assert!(compare("x\t0.333333\n", "x\t0.33333334\n").is_empty());
        assert!(!compare("x\t0.333333\n", "y\t0.33333334\n").is_empty());
    }

    /// A self-test.
    pub fn an_empty_line_is_a_row() {
        assert!(!compare("", "\n").is_empty());
        assert!(compare("\n", "\n").is_empty());
    }
}
