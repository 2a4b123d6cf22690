//! Explanations (`factlog why`) once the model is evaluated, on the built-in knowledge base and
//! on a generated base of about 1 million facts (`cargo bench --bench why`), against the target
//! of issue 5: an explanation in under 50 ms, end-to-end times reported apart.
//!
//! Per base, in a child process of its own (this binary re-executed with `--child`, so its
//! peak memory is its own and every run starts cold), the library path of `factlog why`:
//!
//! 1. load + validate: `ArticleLibrary::load` (the base's `factlog.toml` folders) and
//!    `kb::load_facts` (for context);
//! 2. model evaluation: `RuleFiles::discover` and `WhyProgram::evaluate` (the standard rules of
//!    `queries/stance.dl` over the base facts, runtime engine, one thread);
//! 3. explanations, `WhyProgram::explain` with `WhyRequest::default()` (the least-height proof
//!    and the provenance of its base facts): for each of four derived relations
//!    (`opposed_without_veto_commitment`, `state_stance`, `aligned`, `represents`), a fresh
//!    explainer (`WhyProgram::explainer`, timed apart), its *first* explanation (which builds
//!    the explainer's lookup indexes) and then up to 20 later explanations of other facts of
//!    the same relation on that explainer; and a why-not (an `opposed_without_veto_commitment`
//!    atom that does not hold) both first on a fresh explainer and on a warm one.
//!
//! The atoms are real facts of the model: on the built-in base the first is
//! `opposed_without_veto_commitment("russia", "us_draft_1994_06_15")`; otherwise facts spread
//! evenly over each relation's sorted tuples. Peak memory is the child's VmHWM after each
//! stage.
//!
//! End to end, the release binary as a subprocess: `factlog why ATOM` on the built-in base and
//! `factlog why --kb DIR ATOM` on the generated one, against `factlog --version` in the same
//! run (skipped with a note while `factlog why --help` fails).
//!
//! Figures are medians: of `FACTLOG_BENCH_RUNS` child runs per base (default 5 on the built-in
//! base, 3 on the generated one), each giving one sample of every "first" figure; "later"
//! figures pool every later explanation of every run. `FACTLOG_BENCH_FACTS` changes the size of
//! the generated base (default 1000000; written once to `target/bench-kb-N`, shared with the
//! `kb` benchmark). Run without `--bench` (as `cargo test --benches` does), it makes one quick
//! pass over the built-in base and a generated base of 20000 facts.
#![allow(clippy::print_stdout, reason = "a benchmark harness reports on stdout")]
#![allow(clippy::unwrap_used, reason = "a benchmark harness fails loudly")]

mod generate;
mod measure;

use measure::{own_peak_kib, run_measured};

use factlog::article::ArticleLibrary;
use factlog::datalog::EvalOptions;
use factlog::kb::config::KbConfig;
use factlog::kb::{FactStore, load_facts};
use factlog::query::runtime::RuleFiles;
use factlog::query::why::{WhyOutcome, WhyProgram, WhyRequest};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The explanation target of issue 5.
const TARGET_MS: f64 = 50.0;

/// The derived relations explained, in order; the first is the one of the why-not atom.
const RELATIONS: [&str; 4] = [
    "opposed_without_veto_commitment",
    "state_stance",
    "aligned",
    "represents",
];

/// The atom of the built-in base, as in issue 5.
const BUILTIN_ATOM: &str = r#"opposed_without_veto_commitment("russia", "us_draft_1994_06_15")"#;

/// Later explanations per relation and run.
const LATER: usize = 20;

fn factlog_bin() -> PathBuf {
    // Cargo builds the binary (same profile) before the benchmark and tells us where.
    PathBuf::from(env!("CARGO_BIN_EXE_factlog"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// An atom as typed on the command line: every value a quoted string.
fn atom_text(relation: &str, values: &[String]) -> String {
    let args: Vec<String> = values
        .iter()
        .map(|v| format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect();
    format!("{relation}({})", args.join(", "))
}

// ---------------------------------------------------------------------------------------------
// The child: one base, one run.

/// What a child reports: named samples, each a number (ms, KiB or a count), in order.
#[derive(Default)]
struct Report {
    lines: Vec<(String, String)>,
}

impl Report {
    fn put(&mut self, key: &str, value: impl ToString) {
        self.lines.push((key.to_string(), value.to_string()));
    }

    fn time(&mut self, key: &str, d: Duration) {
        self.put(key, format!("{:.6}", ms(d)));
    }

    fn print(&self) {
        for (k, v) in &self.lines {
            println!("{k}\t{v}");
        }
    }
}

/// `count` tuples of a relation spread evenly over its sorted tuples, as text.
fn sample_rows(why: &WhyProgram, relation: &str, count: usize) -> Vec<Vec<String>> {
    let Some(view) = why.model().relation(relation) else {
        return Vec::new();
    };
    let step = (view.len() / count.max(1)).max(1);
    view.tuples()
        .step_by(step)
        .take(count)
        .map(|t| t.iter().map(ToString::to_string).collect())
        .collect()
}

/// An `opposed_without_veto_commitment` atom that does not hold: the first `veto_power` pair
/// (a country that could veto the proposal) without it.
fn why_not_atom(why: &WhyProgram) -> Option<String> {
    let owvc = why.model().relation(RELATIONS[0])?;
    let veto = why.model().relation("veto_power")?;
    veto.tuples()
        .map(|t| t.iter().map(ToString::to_string).collect::<Vec<String>>())
        .find(|row| {
            let row: Vec<&str> = row.iter().map(String::as_str).collect();
            owvc.iteration_of(&row).is_none()
        })
        .map(|row| atom_text(RELATIONS[0], &row))
}

/// Loads a base and evaluates its model, reporting the times and peaks.
fn open(root: &Path, r: &mut Report) -> (FactStore, ArticleLibrary, WhyProgram) {
    // 1. Load and validate.
    let start = Instant::now();
    let dirs = KbConfig::read(root).unwrap().source_dirs(root);
    let articles = ArticleLibrary::load(&dirs);
    let report = load_facts(&root.join("facts"), root, &articles);
    let store = report.store.expect("the base loads without errors");
    r.time("load", start.elapsed());
    r.put("base_tuples", store.base_len());
    r.put("articles", usize::from(!articles.is_empty()));
    r.put("rss_load", own_peak_kib());
    // 2. Evaluate the model.
    let start = Instant::now();
    let files = RuleFiles::discover(root, &[]);
    let why = WhyProgram::evaluate(&store, &files, &[], &EvalOptions::default())
        .unwrap_or_else(|f| panic!("evaluation failed:\n{}", f.render()));
    r.time("evaluate", start.elapsed());
    r.put("model_tuples", why.model().tuple_count());
    r.put("rss_evaluate", own_peak_kib());
    (store, articles, why)
}

fn child(kind: &str, root: &Path) {
    let mut r = Report::default();
    let (store, articles, why) = open(root, &mut r);
    // The atoms (not timed).
    let mut atoms: Vec<(&str, Vec<String>)> = Vec::new();
    for rel in RELATIONS {
        let rows = sample_rows(&why, rel, LATER + 1);
        let mut texts: Vec<String> = rows.iter().map(|row| atom_text(rel, row)).collect();
        if kind == "builtin" && rel == RELATIONS[0] {
            texts.retain(|t| t != BUILTIN_ATOM);
            texts.insert(0, BUILTIN_ATOM.to_string());
        }
        texts.truncate(LATER + 1);
        atoms.push((rel, texts));
    }
    let not_atom = why_not_atom(&why);
    let request = WhyRequest::default();
    // 3. Explanations: per relation a fresh explainer, its first explanation, then later ones.
    let mut warm = None;
    for (rel, texts) in &atoms {
        let Some(first) = texts.first() else {
            r.put(&format!("empty {rel}"), 0);
            continue;
        };
        let start = Instant::now();
        let explainer = why.explainer();
        let new = start.elapsed();
        let start = Instant::now();
        let e = why
            .explain(&explainer, &store, &articles, first, &request)
            .unwrap_or_else(|f| panic!("explaining {first} failed:\n{}", f.render()));
        let first_time = start.elapsed();
        r.time(&format!("new {rel}"), new);
        r.time(&format!("first {rel}"), first_time);
        r.time(&format!("fresh {rel}"), new + first_time);
        assert!(e.holds(), "{first} holds");
        r.put(&format!("atom {rel}"), first);
        r.put(&format!("evidence {rel}"), e.evidence.len());
        std::hint::black_box(e);
        for text in &texts[1..] {
            let start = Instant::now();
            let e = why
                .explain(&explainer, &store, &articles, text, &request)
                .unwrap_or_else(|f| panic!("explaining {text} failed:\n{}", f.render()));
            r.time(&format!("later {rel}"), start.elapsed());
            assert!(e.holds(), "{text} holds");
            std::hint::black_box(e);
        }
        if warm.is_none() {
            warm = Some(explainer);
        }
    }
    // The why-not: first on a fresh explainer, then on the warm one.
    if let (Some(text), Some(warm)) = (not_atom, warm) {
        let start = Instant::now();
        let explainer = why.explainer();
        let e = why
            .explain(&explainer, &store, &articles, &text, &request)
            .unwrap();
        r.time("first why-not", start.elapsed());
        assert!(matches!(e.outcome, WhyOutcome::DoesNotHold { .. }));
        std::hint::black_box(e);
        let start = Instant::now();
        let e = why
            .explain(&warm, &store, &articles, &text, &request)
            .unwrap();
        r.time("warm why-not", start.elapsed());
        std::hint::black_box(e);
        r.put("atom why-not", text);
    }
    r.put("rss_explain", own_peak_kib());
    r.print();
}

/// Relations whose whole-tuple table the model builds on the first lookup of a full tuple
/// (`holds`, fully bound premises, negations): shared by every explainer of the model.
const ID_TABLES: [&str; 6] = [
    "opposed_without_veto_commitment",
    "publicly_opposed",
    "veto_power",
    "committed_to_veto",
    "state_stance",
    "stance",
];

/// Lookup indexes an explainer builds on the first use of a relation with these columns bound
/// (`Db::matches`), and the rules of `queries/stance.dl` that ask for them under the search
/// order of `plan::evaluation_order` (plus one it avoids, for comparison).
const INDEXES: [(&str, &[usize], &str); 7] = [
    (
        "stance",
        &[1, 2, 3],
        "(for comparison) what state_stance rules 2, 3 would build in written order",
    ),
    (
        "state_stance",
        &[0, 1, 2],
        "publicly_opposed: state_stance(c, x, \"oppose\", _)",
    ),
    (
        "entity",
        &[0, 1],
        "state_stance rule 1, represents: entity(c, \"country\", _)",
    ),
    ("holds_role", &[0, 2], "represents: holds_role(p, r, c, _)"),
    ("proposal", &[0], "veto_power: proposal(x, k, b, _)"),
    (
        "represents",
        &[1],
        "state_stance rule 2: represents(p, c) first (smaller), then stance is fully bound",
    ),
    (
        "organ_of",
        &[1],
        "state_stance rule 3: organ_of(o, c) first (smaller), then stance is fully bound",
    ),
];

/// Where a first explanation's time goes: after load and evaluation, each whole-tuple table
/// the model builds on first use (timed through `Explainer::holds`) and each lookup index an
/// explainer builds on first use (timed through `Explainer::matching` on a fresh explainer),
/// then the same call again.
fn child_indexes(root: &Path) {
    let mut r = Report::default();
    let (_store, _articles, why) = open(root, &mut r);
    let middle = |rel: &str| -> Option<Vec<String>> {
        let view = why.model().relation(rel)?;
        let t = view.tuples().nth(view.len() / 2)?;
        Some(t.iter().map(ToString::to_string).collect())
    };
    let explainer = why.explainer();
    for rel in ID_TABLES {
        let Some(row) = middle(rel) else { continue };
        let row: Vec<&str> = row.iter().map(String::as_str).collect();
        r.put(
            &format!("tuples {rel}"),
            why.model().relation(rel).unwrap().len(),
        );
        for key in ["table", "table-again"] {
            let start = Instant::now();
            let held = explainer.holds(rel, &row).unwrap();
            r.time(&format!("{key} {rel}"), start.elapsed());
            assert!(held.is_some());
        }
    }
    for (rel, cols, _) in INDEXES {
        let Some(row) = middle(rel) else { continue };
        r.put(
            &format!("tuples {rel}"),
            why.model().relation(rel).unwrap().len(),
        );
        let pattern: Vec<Option<&str>> = row
            .iter()
            .enumerate()
            .map(|(i, v)| cols.contains(&i).then_some(v.as_str()))
            .collect();
        let explainer = why.explainer();
        for key in ["index", "index-again"] {
            let start = Instant::now();
            let facts = explainer.matching(rel, &pattern).unwrap();
            r.time(&format!("{key} {rel}{cols:?}"), start.elapsed());
            assert!(!facts.is_empty());
        }
    }
    r.print();
}

// ---------------------------------------------------------------------------------------------
// The parent: runs children, aggregates and prints.

/// Every sample of every run, by key.
#[derive(Default)]
struct Samples(BTreeMap<String, Vec<String>>);

impl Samples {
    fn numbers(&self, key: &str) -> Vec<f64> {
        self.0
            .get(key)
            .map(|v| v.iter().filter_map(|s| s.parse().ok()).collect())
            .unwrap_or_default()
    }

    fn median(&self, key: &str) -> Option<f64> {
        median(self.numbers(key))
    }

    fn max(&self, key: &str) -> Option<f64> {
        self.numbers(key).into_iter().reduce(f64::max)
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.0.get(key)?.first().map(String::as_str)
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

fn run_children(kind: &str, root: &Path, runs: usize) -> Samples {
    let exe = std::env::current_exe().unwrap();
    let mut samples = Samples::default();
    for _ in 0..runs {
        let out = Command::new(&exe)
            .arg("--child")
            .arg(kind)
            .arg(root)
            .stderr(Stdio::inherit())
            .output()
            .unwrap();
        assert!(out.status.success(), "the {kind} child failed");
        for line in String::from_utf8(out.stdout).unwrap().lines() {
            if let Some((k, v)) = line.split_once('\t') {
                samples
                    .0
                    .entry(k.to_string())
                    .or_default()
                    .push(v.to_string());
            }
        }
    }
    samples
}

fn verdict(ms: f64) -> &'static str {
    if ms < TARGET_MS { "met" } else { "NOT met" }
}

fn print_base(title: &str, s: &Samples, runs: usize) {
    println!("{title}");
    println!(
        "  {} base tuples, {} model tuples (base + derived); articles at hand: {}",
        s.text("base_tuples").unwrap_or("?"),
        s.text("model_tuples").unwrap_or("?"),
        if s.text("articles") == Some("1") {
            "yes"
        } else {
            "no"
        }
    );
    println!(
        "  {:<52} {:>10} {:>10} {:>14}",
        "measure (median of runs unless said)", "ms", "max ms", "target"
    );
    let row = |label: &str, key: &str, target: bool| {
        let (Some(m), Some(x)) = (s.median(key), s.max(key)) else {
            return;
        };
        let t = if target {
            format!("< {TARGET_MS:.0}: {}", verdict(m))
        } else {
            String::new()
        };
        println!("  {label:<52} {m:>10.2} {x:>10.2} {t:>14}");
    };
    row(
        &format!("load + validate (load_facts), {runs} runs"),
        "load",
        false,
    );
    row(
        "WhyProgram::evaluate (model, reported apart)",
        "evaluate",
        false,
    );
    for rel in RELATIONS {
        if s.0.contains_key(&format!("empty {rel}")) {
            println!("  {rel}: no fact in the model");
            continue;
        }
        println!("  {rel}:");
        row("    why.explainer() (fresh)", &format!("new {rel}"), false);
        row(
            "    first explanation on the fresh explainer",
            &format!("first {rel}"),
            true,
        );
        row(
            "    the two together (fresh explainer + first)",
            &format!("fresh {rel}"),
            true,
        );
        let later = s.numbers(&format!("later {rel}")).len();
        if later > 0 {
            row(
                &format!("    later explanations ({later} samples)"),
                &format!("later {rel}"),
                true,
            );
        }
    }
    if let Some(atom) = s.text("atom why-not") {
        println!("  why-not {atom}:");
        row(
            "    fresh explainer + first explanation",
            "first why-not",
            true,
        );
        row("    on a warm explainer", "warm why-not", true);
    }
    let mib = |key: &str| s.max(key).map_or(0.0, |k| k / 1024.0);
    println!(
        "  peak RSS (largest of runs): after load {:.0} MiB, after evaluate {:.0} MiB, after \
         explanations {:.0} MiB",
        mib("rss_load"),
        mib("rss_evaluate"),
        mib("rss_explain")
    );
    println!(
        "  (each relation's explainer is fresh, but the model's whole-tuple tables are built once \
         per model: the first relation's first explanation pays for them)"
    );
    println!(
        "  first atoms: {}",
        RELATIONS
            .iter()
            .filter_map(|r| s.text(&format!("atom {r}")))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!();
}

/// What asks for the model's whole-tuple tables.
const SHARED: &str = "a fully bound lookup (holds, premise, negation); once per model";

fn print_indexes(s: &Samples, runs: usize) {
    println!(
        "where a first explanation's time goes on the generated base ({runs} runs, another \
         process): the structures built on first use, each timed alone"
    );
    println!(
        "  {:<46} {:>8} {:>10} {:>10}  asked for by",
        "structure", "tuples", "first ms", "again ms"
    );
    for rel in ID_TABLES {
        let (Some(first), Some(again)) = (
            s.median(&format!("table {rel}")),
            s.median(&format!("table-again {rel}")),
        ) else {
            continue;
        };
        println!(
            "  {:<46} {:>8} {first:>10.2} {again:>10.2}  {SHARED}",
            format!("model table {rel}"),
            s.text(&format!("tuples {rel}")).unwrap_or("?"),
        );
    }
    for (rel, cols, by) in INDEXES {
        let key = format!("{rel}{cols:?}");
        let (Some(first), Some(again)) = (
            s.median(&format!("index {key}")),
            s.median(&format!("index-again {key}")),
        ) else {
            continue;
        };
        println!(
            "  {:<46} {:>8} {first:>10.2} {again:>10.2}  {by}",
            format!("index {key}"),
            s.text(&format!("tuples {rel}")).unwrap_or("?"),
        );
    }
    println!();
}

/// Median time and largest peak of `runs` runs of `factlog ARGS` in `dir`.
fn time_cli(bin: &Path, dir: &Path, args: &[&str], runs: usize) -> (f64, u64, bool) {
    let mut times = Vec::new();
    let mut peak = 0;
    let mut ok = true;
    for _ in 0..runs {
        let (t, kib, success) = run_measured(Command::new(bin).args(args).current_dir(dir));
        times.push(ms(t));
        peak = peak.max(kib);
        ok &= success;
    }
    (median(times).unwrap_or(0.0), peak, ok)
}

fn bench_cli(repo: &Path, large: &Path, large_atom: Option<&str>, runs: usize) {
    let bin = factlog_bin();
    println!(
        "end to end: {} as a subprocess (median of {runs}; peak RSS polled from /proc)",
        bin.display()
    );
    let help = Command::new(&bin)
        .args(["why", "--help"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !help {
        println!("  skipped: `factlog why --help` fails (the subcommand is not in this build yet)");
        return;
    }
    let row = |label: &str, (t, kib, ok): (f64, u64, bool), base: f64| {
        println!(
            "  {label:<52} {t:>10.2} ms {:>6.1}x --version  peak {:>6.0} MiB{}",
            t / base,
            kib as f64 / 1024.0,
            if ok { "" } else { "  (exit status not 0)" }
        );
    };
    let version = time_cli(&bin, repo, &["--version"], runs);
    row(
        "factlog --version (process start to exit)",
        version,
        version.0,
    );
    let builtin = time_cli(&bin, repo, &["why", BUILTIN_ATOM], runs);
    row(
        "factlog why owvc(russia, ...) built-in base",
        builtin,
        version.0,
    );
    if let Some(atom) = large_atom {
        let kb = large.to_str().unwrap();
        let generated = time_cli(&bin, repo, &["why", "--kb", kb, atom], runs);
        row(
            "factlog why --kb GENERATED owvc(...) generated base",
            generated,
            version.0,
        );
        println!("    atom: {atom}");
    }
    println!();
}

/// The generated base of `n` facts, written once to `target/bench-kb-N` (as the `kb`
/// benchmark does, same seed) or to `tmp` for the quick pass.
fn generated_base(repo: &Path, n: usize, tmp: Option<&Path>) -> PathBuf {
    let dir = match tmp {
        Some(t) => t.join(format!("bench-why-{n}")),
        None => repo.join("target").join(format!("bench-kb-{n}")),
    };
    let marker = dir.join("generated");
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let count = generate::generate(&dir, n, 0x5eed).unwrap();
        std::fs::write(&marker, count.to_string()).unwrap();
    }
    dir
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        return; // `cargo test --benches` asks for the list of benchmarks.
    }
    if let Some(i) = args.iter().position(|a| a == "--child") {
        match args[i + 1].as_str() {
            "indexes" => child_indexes(Path::new(&args[i + 2])),
            kind => child(kind, Path::new(&args[i + 2])),
        }
        return;
    }
    let full = args.iter().any(|a| a == "--bench");
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse().ok());
    let runs: Option<usize> = env("FACTLOG_BENCH_RUNS");
    let tmp = (!full).then(|| tempfile::tempdir().unwrap());
    let n: usize = if full {
        env("FACTLOG_BENCH_FACTS").unwrap_or(1_000_000)
    } else {
        20_000
    };
    println!(
        "factlog why: explanations once the model is evaluated (target < {TARGET_MS:.0} ms), \
         each base in its own process per run, library calls timed in-process"
    );
    println!(
        "{} core(s); the model evaluated on one thread; mimalloc as in the binary",
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    println!();
    let builtin_runs = runs.unwrap_or(if full { 5 } else { 1 });
    let s = run_children("builtin", &repo, builtin_runs);
    print_base(
        &format!("built-in base ({}), {builtin_runs} runs", repo.display()),
        &s,
        builtin_runs,
    );
    let large = generated_base(&repo, n, tmp.as_ref().map(|t| t.path()));
    let large_runs = runs.unwrap_or(if full { 3 } else { 1 });
    let g = run_children("generated", &large, large_runs);
    print_base(
        &format!(
            "generated base of about {n} facts ({}), {large_runs} runs",
            large.display()
        ),
        &g,
        large_runs,
    );
    let idx = run_children("indexes", &large, large_runs);
    print_indexes(&idx, large_runs);
    bench_cli(
        &repo,
        &large,
        g.text(&format!("atom {}", RELATIONS[0])),
        if full { 5 } else { 1 },
    );
}
