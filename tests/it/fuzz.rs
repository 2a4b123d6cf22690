//! Fuzz tests (reliability issue, item 3), seeded so that every run checks the same cases:
//! mutated fact files and random bytes into the loader, random programs and queries into the
//! parser and checker, random articles (built from words and punctuation of our own) into the
//! extractor. Whatever the input: no panic, no hang, and every error says where it is
//! (`file:line:col`; an article's errors name the article).
//!
//! A failing case names its seed; add the seed to the `FIXED_*` list of its test so that it
//! stays checked.

use crate::differential::{Rng, assert_no_panic};
use factlog::article::ArticleLibrary;
use factlog::diag::{Location, SourceMap, render};
use factlog::kb::builtin::FACT_FILES;
use factlog::kb::load::{FactInput, load_inputs};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Mutated fact files loaded in-process.
const FACT_FILE_CASES: u64 = 3_000;
/// Seeds that once failed (none yet).
const FIXED_FACT_FILE_SEEDS: &[u64] = &[];
/// Random-byte fact files, through `factlog check`, per batch, and batches.
const BYTE_FILES: usize = 100;
const BYTE_BATCHES: u64 = 3;
/// Mutated and random programs checked in-process.
const PROGRAM_CASES: u64 = 3_000;
/// Seeds that once failed (none yet).
const FIXED_PROGRAM_SEEDS: &[u64] = &[];
/// Random queries, through `factlog query`.
const QUERY_CASES: u64 = 150;
/// Random articles, through `factlog extract`, per batch, and batches.
const ARTICLES: usize = 40;
const ARTICLE_BATCHES: u64 = 3;

/// Characters a mutation inserts: JSON and Datalog punctuation, quotes and escapes, digits,
/// letters, spaces and line breaks, multi-byte characters, a byte-order mark, NUL.
const PALETTE: &[char] = &[
    '{', '}', '[', ']', '(', ')', ',', ':', '.', '"', '\\', '\'', '-', '+', '*', '/', '%', '=',
    '<', '>', '!', '_', '#', '0', '1', '9', 'e', 'x', 'E', ' ', '\n', '\r', '\t', 'é', '中', '😀',
    '\u{feff}', '\u{0}', '\u{200d}',
];

/// `text` with 1 to 4 random edits: a character inserted, a range deleted or duplicated, the
/// text cut short, two characters swapped.
fn mutate(text: &str, r: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + r.below(4) {
        let n = chars.len().max(1);
        let at = r.below(n).min(chars.len());
        match r.below(6) {
            0 | 1 => chars.insert(at, PALETTE[r.below(PALETTE.len())]),
            2 => {
                let end = (at + 1 + r.below(8)).min(chars.len());
                chars.drain(at..end);
            }
            3 => {
                let end = (at + 1 + r.below(12)).min(chars.len());
                let copy: Vec<char> = chars[at..end].to_vec();
                let to = r.below(n).min(chars.len());
                chars.splice(to..to, copy);
            }
            4 if r.chance(20) => chars.truncate(at),
            _ => {
                let other = r.below(n).min(chars.len().saturating_sub(1));
                if at < chars.len() {
                    chars.swap(at, other);
                }
            }
        }
    }
    chars.into_iter().collect()
}

/// Checks that every diagnostic has a line and column and renders (without panicking) with
/// them; `what` names the case.
fn assert_located(what: &str, diagnostics: &[factlog::diag::Diagnostic], sources: &SourceMap) {
    for d in diagnostics {
        let rendered = render(d, sources);
        match &d.location {
            Location::Span(span) => {
                let at = sources.location(*span);
                assert!(
                    rendered.contains(&format!("--> {at}")) && at.matches(':').count() >= 2,
                    "{what}: {rendered}"
                );
            }
            Location::Position { .. } => {}
            other => panic!("{what}: no line and column ({other:?}):\n{rendered}"),
        }
    }
}

// Reliability finding 1 (77 of 3,000 mutated fact files panicked in the diagnostics code) and
// item 3: a mutated fact file is loaded, or refused with errors at a line and column.
#[test]
fn mutated_fact_files_load_or_fail_with_located_errors_never_a_panic() {
    let mut failures = Vec::new();
    let (mut loaded, mut refused) = (0, 0);
    for seed in (0..FACT_FILE_CASES).chain(FIXED_FACT_FILE_SEEDS.iter().copied()) {
        let mut r = Rng::new(seed);
        let target = r.below(FACT_FILES.len());
        let mutated = mutate(FACT_FILES[target].1, &mut r);
        let case = catch_unwind(AssertUnwindSafe(|| {
            let inputs = FACT_FILES
                .iter()
                .enumerate()
                .map(|(i, (name, text))| {
                    FactInput::text(*name, if i == target { &mutated } else { text })
                })
                .collect();
            let report = load_inputs(inputs, None, Vec::new(), &ArticleLibrary::default());
            assert_located(
                &format!("seed {seed}"),
                &report.diagnostics,
                &report.sources,
            );
            report.store.is_some()
        }));
        match case {
            Ok(true) => loaded += 1,
            Ok(false) => refused += 1,
            Err(_) => failures.push(format!(
                "seed {seed}: {} mutated as {mutated:?}",
                FACT_FILES[target].0
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The mutations reach both outcomes.
    assert!(
        loaded > 50 && refused > 1_000,
        "{loaded} loaded, {refused} refused"
    );
    eprintln!("mutated fact files: {loaded} loaded, {refused} refused with located errors");
}

// Reliability findings 17, 19, 20 and item 3: files of random bytes, random UTF-8 text and
// JSON-like token soup are refused with an error at a line and column in `factlog check`.
#[test]
fn random_bytes_in_fact_files_are_errors_at_a_line_and_column() {
    for batch in 0..BYTE_BATCHES {
        let mut r = Rng::new(7_000 + batch);
        let kb = crate::support::TempKb::new(&[]);
        for i in 0..BYTE_FILES {
            let len = r.below(400);
            let bytes: Vec<u8> = match r.below(3) {
                0 => (0..len).map(|_| r.next() as u8).collect(),
                1 => (0..len)
                    .map(|_| PALETTE[r.below(PALETTE.len())])
                    .collect::<String>()
                    .into_bytes(),
                _ => {
                    let tokens = [
                        "{",
                        "}",
                        "[",
                        "]",
                        ",",
                        ":",
                        "\"schema\"",
                        "1",
                        "\"facts\"",
                        "\"relation\"",
                        "\"stance\"",
                        "\"args\"",
                        "\"x\"",
                        "null",
                        "true",
                        "-0.5e9",
                        "\"entities\"",
                        "\"id\"",
                        "\u{feff}",
                    ];
                    (0..len / 4)
                        .map(|_| tokens[r.below(tokens.len())])
                        .collect::<Vec<_>>()
                        .join(" ")
                        .into_bytes()
                }
            };
            std::fs::write(kb.path().join(format!("facts/f{i:03}.json")), bytes).expect("write");
        }
        let out = kb
            .factlog(&["check"])
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .expect("runs");
        assert_no_panic(&format!("batch {batch}"), &out);
        let err = String::from_utf8_lossy(&out.stderr);
        for i in 0..BYTE_FILES {
            let name = format!("facts/f{i:03}.json");
            let located = err
                .lines()
                .filter(|l| l.trim_start().starts_with("--> "))
                .filter_map(|l| l.trim_start().strip_prefix("--> "))
                .any(|at| {
                    at.strip_prefix(&name)
                        .and_then(|rest| rest.strip_prefix(':'))
                        .is_some_and(|lc| lc.split(':').all(|n| n.parse::<usize>().is_ok()))
                });
            // A file of nothing but spaces (or nothing) is an error too: no `schema`.
            assert!(
                located,
                "batch {batch}: {name} has no located error:\n{err}"
            );
        }
    }
}

/// A random program: stance.dl mutated, or a soup of Datalog tokens.
fn random_program(r: &mut Rng) -> String {
    if r.chance(60) {
        let base = if r.chance(50) {
            factlog::kb::schema::STANCE_DL
        } else {
            ".decl e(x: number, y: number)\n.decl p(x: number, y: number)\n.input e\n\
             p(x, y) :- e(x, y).\np(x, z) :- p(x, y), e(y, z), !e(z, x), x < z + 1.\n\
             .decl n(c: number)\nn(c) :- c = count : { p(_, _) }.\n.output p\n\
             .decl s(t: symbol)\ns(cat(\"a\", to_string(x))) :- e(x, _).\n?- p(1, Y).\n"
        };
        // Without the include (a file the in-process check cannot open).
        let base = base.replace("#include \"schema.dl\"", factlog::kb::schema::SCHEMA_DL);
        mutate(&base, r)
    } else {
        let tokens = [
            ".decl",
            ".input",
            ".output",
            ".type",
            "<:",
            "p",
            "q",
            "e",
            "(",
            ")",
            ",",
            ".",
            ":-",
            "x",
            "y",
            "_",
            "1",
            "-7",
            "\"s\"",
            "number",
            "symbol",
            ":",
            "!",
            "<",
            "=",
            "+",
            "*",
            "/",
            "count",
            "sum",
            "min",
            "{",
            "}",
            ";",
            "cat",
            "strlen",
            "match",
            "?-",
            "\n",
            "2147483648",
            "0.5",
            "\"unterminated",
            "//",
            "/*",
            "*/",
            "|",
            "é",
        ];
        (0..r.below(60))
            .map(|_| tokens[r.below(tokens.len())])
            .collect::<Vec<_>>()
            .join(" ")
    }
}

// Reliability item 3 (18,000 fuzzed programs gave no panic; keep it so): random programs are
// checked, or refused with errors at a line and column.
#[test]
fn random_programs_check_or_fail_with_located_errors_never_a_panic() {
    let mut failures = Vec::new();
    let mut refused = 0;
    for seed in (0..PROGRAM_CASES).chain(FIXED_PROGRAM_SEEDS.iter().copied()) {
        let mut r = Rng::new(50_000 + seed);
        let text = random_program(&mut r);
        let case = catch_unwind(AssertUnwindSafe(|| {
            match factlog::datalog::load_text("p.dl", &text, &Default::default()) {
                Ok(_) => false,
                Err(f) => {
                    assert!(!f.diagnostics.is_empty(), "seed {seed}: a failure says why");
                    assert_located(&format!("seed {seed}"), &f.diagnostics, &f.sources);
                    true
                }
            }
        }));
        match case {
            Ok(true) => refused += 1,
            Ok(false) => {}
            Err(_) => failures.push(format!("seed {seed}: {text:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let total = PROGRAM_CASES as usize + FIXED_PROGRAM_SEEDS.len();
    assert!(
        refused > total / 2 && refused < total,
        "{refused} of {total} refused"
    );
    eprintln!(
        "random programs: {} checked, {refused} refused with located errors",
        total - refused
    );
}

// Reliability item 3 (2,000 random queries gave no panic; keep it so): `factlog query` answers
// a random query or refuses it with an error at its column.
#[test]
fn random_queries_answer_or_fail_with_located_errors_never_a_panic() {
    let atoms = [
        "entity(X, \"country\", N)",
        "stance(A, P, \"oppose\", D)",
        "alias(X, _)",
        "vote(C, P, V, _)",
        "publicly_opposed(S, P)",
        "reversed_stance(C, X, D1, D2)",
        "aligned(A, B, X)",
    ];
    let extras = [
        ", X != Y",
        ", N = cat(X, \"-\")",
        ", A < B",
        ", strlen(N) > 3",
        ", !alias(X, _)",
        ", Y = 1 / 0",
        ", count : { alias(X, _) } > 2",
        ")",
        "(",
        "\"",
        ", é",
        ",",
        " .",
    ];
    let mut failures = Vec::new();
    let (mut answered, mut refused) = (0, 0);
    for seed in 0..QUERY_CASES {
        let mut r = Rng::new(90_000 + seed);
        let mut q = atoms[r.below(atoms.len())].to_string();
        for _ in 0..r.below(3) {
            q.push_str(extras[r.below(extras.len())]);
        }
        if r.chance(40) {
            q = mutate(&q, &mut r);
        }
        if q.contains('\u{0}') {
            // Not passable as a command-line argument.
            continue;
        }
        let out = crate::support::factlog()
            .args(["query", &q])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .expect("runs");
        assert_no_panic(&format!("query {q:?}"), &out);
        let err = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = err.lines().collect();
        // Each error is followed by its location in the query.
        let unlocated = lines.iter().enumerate().any(|(i, l)| {
            l.starts_with("error[")
                && !lines
                    .get(i + 1)
                    .is_some_and(|next| next.trim_start().starts_with("--> <query>:1:"))
        });
        let refused_silently = out.status.code() == Some(2) && !err.contains("error[");
        if out.status.code() == Some(2) {
            refused += 1;
        } else {
            answered += 1;
        }
        if unlocated || refused_silently {
            failures.push(format!("seed {seed}: {q:?}\n{err}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        answered > 10 && refused > 10,
        "{answered} answered, {refused} refused"
    );
    eprintln!("random queries: {answered} answered (exit 0 or 1), {refused} refused");
}

/// A random article: a header (right, wrong or missing) and a body of sentences made of our
/// own words and punctuation, with names the gazetteer knows, quotes, dates, numbers,
/// multi-byte characters, odd spacing and line breaks.
fn random_article(r: &mut Rng) -> Vec<u8> {
    let words = [
        "Russia",
        "China",
        "France",
        "the",
        "United",
        "States",
        "Security",
        "Council",
        "draft",
        "resolution",
        "veto",
        "vetoed",
        "opposes",
        "supports",
        "said",
        "will",
        "not",
        "abstain",
        "voted",
        "against",
        "for",
        "minister",
        "foreign",
        "ambassador",
        "on",
        "Monday",
        "sanctions",
        "embargo",
        "Moscow",
        "Beijing",
        "Paris",
        "its",
        "spokesman",
        "rejected",
        "welcomed",
        "12",
        "June",
        "1994",
        "2019-12-30",
        "Ghana",
        "Sudan",
        "“",
        "”",
        "\"",
        "«",
        "»",
        "—",
        "-",
        "(",
        ")",
        "é",
        "中文",
        "😀",
        "U.N.",
        "Mr.",
        "Ms.",
        "st.",
        "...",
    ];
    let mut text = String::new();
    match r.below(4) {
        0 => {}
        1 => text.push_str("id: fuzz\noutlet: The Test Gazette\npublished: 2020-02-03\n---\n"),
        2 => text.push_str(&format!(
            "published: {}\n---\n",
            ["yesterday", "2020-13-45", "", "2020-02-03 extra", "中"][r.below(5)]
        )),
        _ => text.push_str("title: only a title\n---\n"),
    }
    for _ in 0..r.below(30) {
        let n = 1 + r.below(25);
        let sentence: Vec<&str> = (0..n).map(|_| words[r.below(words.len())]).collect();
        text.push_str(&sentence.join(if r.chance(5) { "  " } else { " " }));
        text.push_str([".", ".", "!", "?", ";", ""][r.below(6)]);
        text.push_str([" ", "\n", "\r\n", "\n\n", " "][r.below(5)]);
    }
    let mut bytes = text.into_bytes();
    if r.chance(5) {
        bytes.insert(0, 0xff);
    }
    bytes
}

// Reliability item 3: random articles are extracted or refused with an error naming the
// article; the extractor never panics or hangs, and what it writes is JSON.
#[test]
fn random_articles_are_extracted_or_refused_never_a_panic() {
    let mut extracted = 0;
    for batch in 0..ARTICLE_BATCHES {
        let mut r = Rng::new(30_000 + batch);
        let dir = tempfile::tempdir().expect("temp dir");
        let mut names = Vec::new();
        for i in 0..ARTICLES {
            let name = format!("a{i:02}.txt");
            std::fs::write(dir.path().join(&name), random_article(&mut r)).expect("write");
            names.push(name);
        }
        // The first batch with a publication date given, so that the bodies are read even
        // where the header is wrong or missing.
        let published: &[&str] = if batch == 0 {
            &["--published", "2020-01-01"]
        } else {
            &[]
        };
        let out = assert_cmd::Command::cargo_bin("factlog")
            .expect("the binary")
            .current_dir(dir.path())
            .arg("extract")
            .args(&names)
            .args(published)
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .expect("runs");
        assert_no_panic(&format!("article batch {batch}"), &out);
        assert!(matches!(out.status.code(), Some(0 | 2)), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        for line in err.lines().filter(|l| l.starts_with("error: a")) {
            assert!(
                names
                    .iter()
                    .any(|n| line.starts_with(&format!("error: {n}"))),
                "an error naming no article: {line}"
            );
        }
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            serde_json::from_str::<serde_json::Value>(line)
                .unwrap_or_else(|e| panic!("batch {batch}: not JSON ({e}): {line}"));
            extracted += 1;
        }
    }
    assert!(extracted > 10, "only {extracted} articles extracted");
    eprintln!(
        "random articles: {extracted} of {} extracted, the others refused naming the article",
        ARTICLES as u64 * ARTICLE_BATCHES
    );
}
