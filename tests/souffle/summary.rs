//! The counts the project is measured on, gathered from the trials as they finish and printed
//! on stderr after libtest-mimic's own summary:
//!
//! * positive tests of `evaluation/` and `example/`: passed of the scorable ones;
//! * the `negative_test` entries of `semantic/` and `syntactic/` (the rejection tests):
//!   rejected, and rejected naming every line Soufflé's errors name;
//! * apart: the positive tests of the other categories, and the negative runs declared with
//!   `souffle_run_test(... NEGATIVE)`.
//!
//! With `FACTLOG_SOUFFLE_REPORT=<file>` every judged test is also written there, one a line
//! (`id`, group, outcome, seconds, detail; tab-separated, sorted), to plan work from.

use crate::check::Outcome;
use crate::cmake::{Declared, Polarity, Spec};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

/// Which count a test belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// A positive test of `evaluation/` or `example/`.
    Scored,
    /// A `negative_test` entry.
    Rejection,
    /// A positive test of another category (`semantic/`, `syntactic/`).
    OtherPositive,
    /// A negative run declared with `souffle_run_test`.
    OtherNegative,
}

impl Group {
    /// The group of a test.
    pub fn of(spec: &Spec) -> Group {
        match (spec.polarity, spec.declared) {
            (Polarity::Positive, _)
                if matches!(spec.category.as_str(), "evaluation" | "example") =>
            {
                Group::Scored
            }
            (Polarity::Positive, _) => Group::OtherPositive,
            (Polarity::Negative, Declared::Standard) => Group::Rejection,
            (Polarity::Negative, Declared::RunTest) => Group::OtherNegative,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Group::Scored => "positive",
            Group::Rejection => "rejection",
            Group::OtherPositive => "other-positive",
            Group::OtherNegative => "other-negative",
        }
    }
}

/// How many tests each group has, from the discovery (whether or not they run).
#[derive(Debug, Default)]
pub struct Plan {
    /// Scorable tests per group.
    pub scorable: BTreeMap<Group, usize>,
    /// Tests listed `not-scorable` per group, those Soufflé's CMake does not run included;
    /// `None` for test folders the CMake file does not mention at all.
    pub not_scorable: BTreeMap<Option<Group>, usize>,
}

/// One judged test.
#[derive(Clone, Debug)]
pub struct Record {
    /// `category/name`.
    pub id: String,
    /// Its group.
    pub group: Group,
    /// What the run found.
    pub outcome: Outcome,
    /// Wall time of its runs.
    pub elapsed: Duration,
}

static RECORDS: Mutex<Vec<Record>> = Mutex::new(Vec::new());

/// Keeps a judged test for the summary.
pub fn record(r: Record) {
    RECORDS.lock().unwrap_or_else(|e| e.into_inner()).push(r);
}

/// Whether any test was judged (none are in a debug build unless asked).
pub fn any_recorded() -> bool {
    !RECORDS.lock().unwrap_or_else(|e| e.into_inner()).is_empty()
}

fn records() -> Vec<Record> {
    let mut all = RECORDS.lock().unwrap_or_else(|e| e.into_inner()).clone();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    all
}

/// The summary's text.
pub fn render(plan: &Plan, limit: Duration, wall: Duration) -> String {
    let all = records();
    let count = |group: Group, pred: &dyn Fn(&Outcome) -> bool| {
        all.iter()
            .filter(|r| r.group == group && pred(&r.outcome))
            .count()
    };
    let ran = |group: Group| count(group, &|o| !matches!(o, Outcome::Unchecked(_)));
    let passed = |o: &Outcome| matches!(o, Outcome::Pass { .. });
    let rejected = |o: &Outcome| matches!(o, Outcome::Pass { .. } | Outcome::Lines(_));
    let vacuous = |o: &Outcome| matches!(o, Outcome::Pass { vacuous: true });
    let total = |group: Group| plan.scorable.get(&group).copied().unwrap_or(0);
    let skipped = |group: Option<Group>| plan.not_scorable.get(&group).copied().unwrap_or(0);
    let partial = |group: Group| {
        if ran(group) < total(group) {
            format!(" [only {} of {} ran]", ran(group), total(group))
        } else {
            String::new()
        }
    };
    let unchecked: Vec<&Record> = all
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Unchecked(_)))
        .collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "== Soufflé's test suite (../shared/souffle-tests) on factlog run, {} build, time limit {} s a run, {:.1} s in all",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        limit.as_secs(),
        wall.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "positive, evaluation/ + example/:   {} of {} scorable pass ({} more not scorable){}",
        count(Group::Scored, &passed),
        total(Group::Scored),
        skipped(Some(Group::Scored)),
        partial(Group::Scored)
    );
    let _ = writeln!(
        out,
        "rejection tests (negative_test):    {} of {} rejected; {} of {} naming every line Soufflé's errors name ({} of them name none; {} more not scorable){}",
        count(Group::Rejection, &rejected),
        total(Group::Rejection),
        count(Group::Rejection, &passed),
        total(Group::Rejection),
        count(Group::Rejection, &vacuous),
        skipped(Some(Group::Rejection)),
        partial(Group::Rejection)
    );
    let _ = writeln!(
        out,
        "positive, semantic/ + syntactic/:   {} of {} scorable pass ({} more not scorable){}",
        count(Group::OtherPositive, &passed),
        total(Group::OtherPositive),
        skipped(Some(Group::OtherPositive)),
        partial(Group::OtherPositive)
    );
    let _ = writeln!(
        out,
        "negative souffle_run_test runs:     {} of {} rejected; {} of {} naming every line ({} more not scorable){}",
        count(Group::OtherNegative, &rejected),
        total(Group::OtherNegative),
        count(Group::OtherNegative, &passed),
        total(Group::OtherNegative),
        skipped(Some(Group::OtherNegative)),
        partial(Group::OtherNegative)
    );
    if skipped(None) > 0 {
        let _ = writeln!(
            out,
            "test folders no CMakeLists.txt entry mentions: {} (listed not-scorable)",
            skipped(None)
        );
    }
    if !unchecked.is_empty() {
        let ids: Vec<&str> = unchecked.iter().map(|r| r.id.as_str()).collect();
        let _ = writeln!(out, "not judged here: {}", ids.join(", "));
    }
    let mut slowest: Vec<&Record> = all.iter().collect();
    slowest.sort_by_key(|r| std::cmp::Reverse(r.elapsed));
    let slow: Vec<String> = slowest
        .iter()
        .take(3)
        .map(|r| format!("{} {:.1} s", r.id, r.elapsed.as_secs_f64()))
        .collect();
    if !slow.is_empty() {
        let _ = writeln!(out, "slowest: {}", slow.join(", "));
    }
    out
}

/// Writes every judged test to `path` (see the module doc).
pub fn write_report(path: &std::path::Path) -> std::io::Result<()> {
    let mut text = String::new();
    for r in records() {
        let _ = writeln!(
            text,
            "{}\t{}\t{}\t{:.2}\t{}",
            r.id,
            r.group.word(),
            r.outcome.kind(),
            r.elapsed.as_secs_f64(),
            r.outcome.detail().replace(['\t', '\n'], " ")
        );
    }
    std::fs::write(path, text)
}
