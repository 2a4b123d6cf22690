//! Soufflé's own test suite (`../shared/souffle-tests/`) run on the real `factlog run` binary,
//! one trial per test, as Soufflé's CMake runs and judges it ([`cmake`], [`check`]), checked
//! against the project's expected-failure list ([`expected`]), with the counts the project is
//! measured on printed at the end ([`summary`]):
//!
//! ```text
//! cargo test --release --test souffle
//! ```
//!
//! A libtest-mimic harness of its own (it takes a minute and wants the release build): where
//! `../shared/souffle-tests` is missing its trials are listed as ignored with a note, never
//! passed; in a debug build they are listed as ignored too (`-- --include-ignored` runs them
//! anyway, slowly, and the slowest may hit the time limit).
//!
//! A trial passes when the test passes and is not listed, or fails exactly as its entry says
//! (tagged `[xfail]`). It fails when an unlisted test fails, a listed one passes ("remove it
//! from the list") or fails in another way, or a test Soufflé does not run is not listed
//! `not-scorable`.
//!
//! `FACTLOG_SOUFFLE_TIME_LIMIT` sets the per-run limit in seconds (default 60);
//! `FACTLOG_SOUFFLE_REPORT=<file>` writes every outcome to a file; `FACTLOG_SOUFFLE_SUITE`
//! points at another copy of the suite (default `../shared/souffle-tests`).
#![allow(
    clippy::print_stderr,
    reason = "the harness prints its summary and its notes on stderr"
)]

mod check;
mod cmake;
mod compare;
mod errfile;
mod expected;
mod run;
mod summary;

use check::Outcome;
use expected::{Entry, Kind, List};
use libtest_mimic::{Arguments, Completion, Failed, Trial};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use summary::{Group, Plan, Record};

/// The default time limit of one `factlog run`, in seconds. The slowest test that passes
/// today takes about 16 s in a release build on CI's 2 cores.
const DEFAULT_LIMIT_SECS: u64 = 60;

fn main() {
    let args = Arguments::from_args();
    let start = Instant::now();
    let limit = Duration::from_secs(
        std::env::var("FACTLOG_SOUFFLE_TIME_LIMIT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(DEFAULT_LIMIT_SECS),
    );
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let list_text = std::fs::read_to_string(repo.join(expected::PATH)).unwrap_or_default();
    let list = List::parse(&list_text);
    let mut trials = self_tests();
    trials.push(list_trial(list_text.clone()));
    let suite = std::env::var_os("FACTLOG_SOUFFLE_SUITE")
        .map_or_else(|| repo.join("../shared/souffle-tests"), PathBuf::from);
    let mut plan = Plan::default();
    let have_suite = suite.join("evaluation").is_dir();
    if !have_suite {
        eprintln!(
            "note: {} is missing: Soufflé's test suite is listed as ignored",
            suite.display()
        );
        trials.push(Trial::test("souffle-tests (missing)", || Ok(())).with_ignored_flag(true));
    } else {
        match (discover(&suite), list) {
            (Ok(found), Ok(list)) => {
                trials.extend(test_trials(&suite, &found, &list, limit, &mut plan));
                trials.push(list_names_tests_trial(&found, &list));
            }
            (Err(why), _) => trials.push(Trial::test("souffle-tests::discovery", move || {
                Err(why.into())
            })),
            // The list trial reports the list's errors.
            (Ok(_), Err(_)) => {}
        }
    }
    if have_suite && cfg!(debug_assertions) {
        eprintln!(
            "note: Soufflé's test suite runs on the release build (`cargo test --release --test souffle`); in this debug build its trials are listed as ignored (`-- --include-ignored` runs them, slowly)"
        );
    }
    let conclusion = libtest_mimic::run(&args, trials);
    if have_suite && !args.list && summary::any_recorded() {
        eprint!("{}", summary::render(&plan, limit, start.elapsed()));
        eprintln!("(printed by `cargo test --release --test souffle`)");
        if let Some(path) = std::env::var_os("FACTLOG_SOUFFLE_REPORT") {
            match summary::write_report(Path::new(&path)) {
                Ok(()) => eprintln!("report written to {}", Path::new(&path).display()),
                Err(e) => eprintln!("cannot write the report: {e}"),
            }
        }
    }
    conclusion.exit()
}

/// The harness's own checks (a `harness = false` target has no `#[test]`), run with or without
/// the suite.
fn self_tests() -> Vec<Trial> {
    macro_rules! trials {
        ($($f:path),* $(,)?) => {
            vec![$(Trial::test(concat!("self_test::", stringify!($f)), || {
                $f();
                Ok(())
            })),*]
        };
    }
    trials![
        cmake::tests::reads_every_kind_of_declaration,
        cmake::tests::an_unknown_condition_is_an_error_not_a_dropped_test,
        cmake::tests::an_unknown_command_is_an_error,
        compare::tests::order_and_trailing_whitespace_do_not_matter,
        compare::tests::a_missing_a_duplicate_and_an_extra_row_are_each_reported,
        compare::tests::floats_match_within_the_tolerance_and_integers_only_exactly,
        compare::tests::an_empty_line_is_a_row,
        errfile::tests::headers_name_lines_and_context_lines_do_not,
        errfile::tests::a_message_that_mentions_a_line_before_the_location_is_read_from_the_end,
        expected::tests::entries_have_an_id_a_kind_and_a_reason,
        expected::tests::a_missing_reason_an_unknown_kind_and_a_duplicate_are_errors,
        run::tests::json_lines_are_diagnostics_and_the_rest_is_kept,
        run::tests::only_an_ordinary_failure_exit_is_a_rejection,
        a_listed_test_must_fail_exactly_as_listed,
    ]
}

/// The list only shrinks: a listed test that passes, or fails another way, fails the run; an
/// unlisted failure fails it; a listed failure of the listed kind passes.
fn a_listed_test_must_fail_exactly_as_listed() {
    let entry = |kind| Entry {
        kind,
        reason: "why".into(),
        line: 7,
    };
    let pass = Outcome::Pass { vacuous: false };
    let lines = Outcome::Lines("line 3".into());
    let fails = Outcome::Fails("R.csv differs".into());
    assert!(matches!(
        reconcile("t", &pass, None),
        Ok(Completion::Completed)
    ));
    assert!(matches!(
        reconcile("t", &fails, Some(&entry(Kind::Fails))),
        Ok(Completion::Completed)
    ));
    let msg = |r: Result<Completion, Failed>| {
        r.err()
            .and_then(|f| f.message().map(str::to_string))
            .unwrap_or_default()
    };
    assert!(
        msg(reconcile("t", &pass, Some(&entry(Kind::Fails)))).contains("now passes: remove it")
    );
    assert!(msg(reconcile("t", &fails, None)).contains("a new failure"));
    assert!(
        msg(reconcile("t", &lines, Some(&entry(Kind::NotRejected))))
            .contains("listed as `not-rejected`")
    );
    assert!(matches!(
        reconcile("t", &Outcome::Unchecked("no gzip".into()), None),
        Ok(Completion::Ignored { .. })
    ));
}

/// What the suite holds: the tests Soufflé runs and the folders it does not.
struct Found {
    specs: Vec<cmake::Spec>,
    disabled: Vec<cmake::Disabled>,
}

/// Every category (a folder of the suite with a `CMakeLists.txt`) and every test folder in it.
fn discover(suite: &Path) -> Result<Found, String> {
    let mut found = Found {
        specs: Vec::new(),
        disabled: Vec::new(),
    };
    for category in sorted_dirs(suite)? {
        let cmake_path = suite.join(&category).join("CMakeLists.txt");
        let Ok(text) = std::fs::read_to_string(&cmake_path) else {
            continue; // not one of Soufflé's categories (e.g. factlog-repro/)
        };
        let decl = cmake::read(&category, &text)?;
        let folders = sorted_dirs(&suite.join(&category))?;
        for spec in &decl.specs {
            if !folders.contains(&spec.name) {
                return Err(format!(
                    "{}: declared in CMakeLists.txt but its folder is missing",
                    spec.id
                ));
            }
        }
        found.specs.extend(decl.specs);
        found.disabled.extend(decl.disabled);
        for folder in folders {
            let id = format!("{category}/{folder}");
            let known =
                found.specs.iter().any(|s| s.id == id) || found.disabled.iter().any(|d| d.id == id);
            if !known {
                found.disabled.push(cmake::Disabled {
                    id,
                    why: "no entry in CMakeLists.txt".into(),
                    spec: None,
                });
            }
        }
    }
    found.disabled.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(found)
}

fn sorted_dirs(dir: &Path) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    Ok(names)
}

/// The list parses (runs with or without the suite).
fn list_trial(text: String) -> Trial {
    Trial::test("expected_failures::the_list_is_well_formed", move || {
        List::parse(&text)
            .map(|_| ())
            .map_err(|errors| errors.join("\n").into())
    })
}

/// Every entry of the list names a test of the suite.
fn list_names_tests_trial(found: &Found, list: &List) -> Trial {
    let stale: Vec<String> = list
        .entries
        .iter()
        .filter(|(id, _)| {
            !found.specs.iter().any(|s| &s.id == *id)
                && !found.disabled.iter().any(|d| &d.id == *id)
        })
        .map(|(id, e)| {
            format!(
                "{}:{}: {id} is not a test of the suite",
                expected::PATH,
                e.line
            )
        })
        .collect();
    Trial::test("expected_failures::every_entry_names_a_test", move || {
        if stale.is_empty() {
            Ok(())
        } else {
            Err(stale.join("\n").into())
        }
    })
}

/// One trial per test folder.
fn test_trials(
    suite: &Path,
    found: &Found,
    list: &List,
    limit: Duration,
    plan: &mut Plan,
) -> Vec<Trial> {
    let suite: Arc<Path> = Arc::from(suite);
    let mut trials = Vec::new();
    for disabled in &found.disabled {
        let entry = list.entries.get(&disabled.id).cloned();
        *plan
            .not_scorable
            .entry(disabled.spec.as_ref().map(Group::of))
            .or_default() += 1;
        let why = disabled.why.clone();
        let id = disabled.id.clone();
        trials.push(match entry {
            Some(Entry {
                kind: Kind::NotScorable,
                reason,
                ..
            }) => Trial::ignorable_test(id, move || {
                Ok(Completion::ignored_with(format!("not scorable: {reason}")))
            }),
            _ => Trial::test(id.clone(), move || {
                Err(format!(
                    "Soufflé's CMake does not run {id} ({why}): list it in {} as `{id} not-scorable <reason>`",
                    expected::PATH
                )
                .into())
            }),
        });
    }
    for spec in &found.specs {
        let group = Group::of(spec);
        let entry = list.entries.get(&spec.id).cloned();
        if let Some(Entry {
            kind: Kind::NotScorable,
            reason,
            ..
        }) = entry
        {
            *plan.not_scorable.entry(Some(group)).or_default() += 1;
            trials.push(Trial::ignorable_test(spec.id.clone(), move || {
                Ok(Completion::ignored_with(format!("not scorable: {reason}")))
            }));
            continue;
        }
        *plan.scorable.entry(group).or_default() += 1;
        let suite = Arc::clone(&suite);
        let spec = spec.clone();
        let tag = if entry.is_some() { "xfail" } else { "" };
        let trial = Trial::ignorable_test(spec.id.clone(), move || {
            let judged = check::judge(&suite, &spec, limit);
            summary::record(Record {
                id: spec.id.clone(),
                group,
                outcome: judged.outcome.clone(),
                elapsed: judged.elapsed,
            });
            reconcile(&spec.id, &judged.outcome, entry.as_ref())
        })
        .with_kind(tag)
        .with_ignored_flag(cfg!(debug_assertions));
        trials.push(trial);
    }
    trials
}

/// A test's outcome against its entry in the list (or its absence).
fn reconcile(id: &str, outcome: &Outcome, entry: Option<&Entry>) -> Result<Completion, Failed> {
    let list = expected::PATH;
    match (outcome, entry) {
        (Outcome::Unchecked(why), _) => Ok(Completion::ignored_with(why.clone())),
        (Outcome::Pass { .. }, None) => Ok(Completion::Completed),
        (Outcome::Pass { .. }, Some(e)) => Err(format!(
            "{id} now passes: remove it from {list} (line {}: {} {})",
            e.line,
            e.kind.word(),
            e.reason
        )
        .into()),
        (failed, None) => Err(format!(
            "{id} {}: {}\n(a new failure; if it is a known gap, add `{id} {} <reason>` to {list})",
            failed.kind(),
            failed.detail(),
            failed.kind()
        )
        .into()),
        (failed, Some(e)) if e.kind.word() == failed.kind() => Ok(Completion::Completed),
        (failed, Some(e)) => Err(format!(
            "{id} is listed as `{}` ({list} line {}) but the run finds `{}`: {}\n(change the entry to `{id} {} <reason>`)",
            e.kind.word(),
            e.line,
            failed.kind(),
            failed.detail(),
            failed.kind()
        )
        .into()),
    }
}
