//! Golden Datalog programs: every folder `tests/programs/<name>/` holds `<name>.dl`, optional
//! `facts/` (its `-F` directory), optional `options.txt` (`key=value` lines: `max_tuples`,
//! `protected` as a comma list) and `expected/`: the `.csv` files the program writes,
//! `stdout.txt` (printed outputs, sizes and query answers) and, for failing programs,
//! `stderr.txt` (the rendered diagnostics). Folders are discovered automatically; each runs
//! with the semi-naive engine on one and on four threads, with the naive engine, and through
//! the real binary (`factlog run`), and all must match. `FACTLOG_BLESS=1` rewrites `expected/` from the semi-naive run.

use factlog::datalog::{CheckOptions, Engine, EvalOptions, OutputTarget, RunOptions, run_program};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn programs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/programs")
}

/// What one run produced: file name → content, plus "stdout.txt" / "stderr.txt".
type Outcome = BTreeMap<String, String>;

fn options_of(dir: &Path) -> (usize, Vec<String>) {
    let mut max_tuples = 100_000_000;
    let mut protected = Vec::new();
    if let Ok(text) = std::fs::read_to_string(dir.join("options.txt")) {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let (k, v) = line.split_once('=').expect("options are key=value");
            match k.trim() {
                "max_tuples" => max_tuples = v.trim().parse().expect("a number"),
                "protected" => protected = v.split(',').map(|s| s.trim().to_string()).collect(),
                other => panic!("unknown option {other}"),
            }
        }
    }
    (max_tuples, protected)
}

fn run(name: &str, engine: Engine, threads: usize) -> Outcome {
    let dir = programs_dir().join(name);
    let (max_tuples, protected) = options_of(&dir);
    let out = tempfile::tempdir().expect("temp dir");
    let options = RunOptions {
        facts_dir: Path::new("tests/programs").join(name).join("facts"),
        output: OutputTarget::Dir(out.path().to_path_buf()),
        eval: EvalOptions {
            engine,
            max_tuples,
            threads,
        },
        check: CheckOptions {
            protected,
            protected_note: Some("it is a base relation of the knowledge base".into()),
        },
    };
    // Relative paths keep diagnostics free of absolute paths.
    let program = Path::new("tests/programs")
        .join(name)
        .join(format!("{name}.dl"));
    let mut outcome = Outcome::new();
    match run_program(&program, &options) {
        Ok(result) => {
            if !result.stdout.is_empty() {
                outcome.insert("stdout.txt".into(), result.stdout);
            }
            for entry in std::fs::read_dir(out.path()).expect("read output dir") {
                let path = entry.expect("entry").path();
                let file = path
                    .file_name()
                    .expect("a name")
                    .to_string_lossy()
                    .to_string();
                outcome.insert(file, std::fs::read_to_string(&path).expect("read output"));
            }
        }
        Err(failure) => {
            outcome.insert("stderr.txt".into(), failure.render());
        }
    }
    outcome
}

/// The same program through the real binary: `factlog run PROG -F facts -D out`.
/// Programs with protected relations (a knowledge-base notion the CLI's `run` does not have)
/// run only through the library.
fn run_cli(name: &str) -> Option<Outcome> {
    let dir = programs_dir().join(name);
    let (max_tuples, protected) = options_of(&dir);
    if !protected.is_empty() {
        return None;
    }
    let out = tempfile::tempdir().expect("temp dir");
    let rel = Path::new("tests/programs").join(name);
    let result = assert_cmd::Command::cargo_bin("factlog")
        .expect("the factlog binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("run")
        .arg(rel.join(format!("{name}.dl")))
        .arg("-F")
        .arg(rel.join("facts"))
        .arg("-D")
        .arg(out.path())
        .arg("--max-tuples")
        .arg(max_tuples.to_string())
        .output()
        .expect("factlog runs");
    let mut outcome = Outcome::new();
    let stdout = String::from_utf8(result.stdout).expect("utf-8 stdout");
    let stderr = String::from_utf8(result.stderr).expect("utf-8 stderr");
    if result.status.code() == Some(2) {
        outcome.insert("stderr.txt".into(), stderr);
        return Some(outcome);
    }
    assert_eq!(result.status.code(), Some(0), "{name}: {stderr}");
    if !stdout.is_empty() {
        outcome.insert("stdout.txt".into(), stdout);
    }
    for entry in std::fs::read_dir(out.path()).expect("read output dir") {
        let path = entry.expect("entry").path();
        let file = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .to_string();
        outcome.insert(file, std::fs::read_to_string(&path).expect("read output"));
    }
    Some(outcome)
}

fn expected(name: &str) -> Outcome {
    let dir = programs_dir().join(name).join("expected");
    let mut outcome = Outcome::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries {
            let path = entry.expect("entry").path();
            let file = path
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .to_string();
            outcome.insert(file, std::fs::read_to_string(&path).expect("read expected"));
        }
    }
    outcome
}

/// A line diff (longest common subsequence), `-` expected, `+` actual.
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out += &format!("  {}\n", a[i]);
            (i, j) = (i + 1, j + 1);
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out += &format!("+ {}\n", b[j]);
            j += 1;
        } else {
            out += &format!("- {}\n", a[i]);
            i += 1;
        }
    }
    out
}

fn compare(name: &str, what: &str, want: &Outcome, got: &Outcome) -> Vec<String> {
    let mut problems = Vec::new();
    let files: std::collections::BTreeSet<&String> = want.keys().chain(got.keys()).collect();
    for f in files {
        let (w, g) = (want.get(f), got.get(f));
        if w != g {
            problems.push(format!(
                "{name} ({what}): {f} differs\n{}",
                diff(w.map_or("", String::as_str), g.map_or("", String::as_str))
            ));
        }
    }
    problems
}

#[test]
fn every_golden_program_gives_its_expected_outputs() {
    let mut names: Vec<String> = std::fs::read_dir(programs_dir())
        .expect("tests/programs exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert!(
        names.len() >= 30,
        "expected the golden programs, found {names:?}"
    );
    let bless = std::env::var_os("FACTLOG_BLESS").is_some();
    let mut problems = Vec::new();
    for name in &names {
        let got = run(name, Engine::SemiNaive, 1);
        if bless {
            let dir = programs_dir().join(name).join("expected");
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).expect("mkdir expected");
            for (f, text) in &got {
                std::fs::write(dir.join(f), text).expect("write expected");
            }
        }
        let want = expected(name);
        problems.extend(compare(name, "semi-naive", &want, &got));
        problems.extend(compare(name, "naive", &want, &run(name, Engine::Naive, 1)));
        if let Some(cli) = run_cli(name) {
            problems.extend(compare(name, "factlog run", &want, &cli));
        }
        problems.extend(compare(
            name,
            "4 threads",
            &want,
            &run(name, Engine::SemiNaive, 4),
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Agreement with crepe: the runtime engine evaluating queries/stance.dl derives exactly what
// the crepe-compiled rules derive, relation by relation.

mod agreement {
    use factlog::datalog::{Engine, EvalOptions, Inputs, Program, load_file};
    use factlog::kb::{FactStore, RelationKind};
    use proptest::prelude::*;
    use std::collections::BTreeMap;
    use std::path::Path;

    type Relations = BTreeMap<String, Vec<Vec<String>>>;

    fn stance_program() -> Program {
        load_file(Path::new("queries/stance.dl"), &Default::default())
            .unwrap_or_else(|f| panic!("queries/stance.dl checks:\n{}", f.render()))
    }

    fn derived_names(store: &FactStore) -> Vec<String> {
        let schema = store.schema();
        schema
            .ids()
            .filter(|&id| schema.decl(id).kind == RelationKind::Derived)
            .map(|id| schema.decl(id).name.clone())
            .collect()
    }

    /// The runtime engine on the store's base relations.
    fn runtime(program: &Program, store: &FactStore, engine: Engine) -> Relations {
        let schema = store.schema();
        let mut inputs = Inputs::new();
        for id in schema.ids() {
            let decl = schema.decl(id);
            if decl.kind != RelationKind::Base {
                continue;
            }
            let rows = store.relation(id).iter().map(|t| {
                t.iter()
                    .map(|&s| store.interner.resolve(s))
                    .collect::<Vec<&str>>()
            });
            inputs
                .add_rows(program, &decl.name, rows)
                .expect("base rows fit the declaration");
        }
        let options = EvalOptions {
            engine,
            ..EvalOptions::default()
        };
        let model = program
            .evaluate(&inputs, &options)
            .unwrap_or_else(|f| panic!("evaluates:\n{}", f.render()));
        derived_names(store)
            .into_iter()
            .map(|name| {
                let rows = model.relation(&name).expect("declared").rows();
                (name, rows)
            })
            .collect()
    }

    /// The crepe-compiled rules on the same store.
    fn crepe(store: &FactStore) -> Relations {
        let derived = factlog::rules::derive(store.clone());
        derived_names(store)
            .into_iter()
            .map(|name| {
                let rows = derived.sorted_text(&name);
                (name, rows)
            })
            .collect()
    }

    fn assert_same(what: &str, want: &Relations, got: &Relations) {
        for (name, rows) in want {
            assert_eq!(rows, &got[name], "{what}: `{name}` differs");
        }
    }

    #[test]
    fn the_runtime_engine_agrees_with_crepe_on_the_built_in_knowledge_base() {
        let repo = crate::support::repo();
        let report = factlog::kb::load_facts(
            &repo.join("facts"),
            &repo,
            &factlog::article::ArticleLibrary::default(),
        );
        let store = report.store.expect("the built-in knowledge base loads");
        let program = stance_program();
        let want = crepe(&store);
        assert!(
            !want["opposed_without_veto_commitment"].is_empty(),
            "the built-in base derives something"
        );
        assert_same(
            "semi-naive",
            &want,
            &runtime(&program, &store, Engine::SemiNaive),
        );
        assert_same("naive", &want, &runtime(&program, &store, Engine::Naive));
    }

    const ACTORS: &[&str] = &["c0", "c1", "c2", "c3", "p0", "p1", "o0", "o1"];
    const KINDS: &[&str] = &["country", "person", "organization", "body", "proposal"];
    const ROLES: &[&str] = &["foreign_minister", "ambassador", "duma_speaker"];
    const BODIES: &[&str] = &["b0", "b1"];
    const PROPOSALS: &[&str] = &["x0", "x1", "x2"];
    const DATES: &[&str] = &["", "1994-06-15", "1994-06-16", "2019-12-30"];

    /// Dates without the unknown date: a base where every date is known.
    const KNOWN_DATES: &[&str] = &["1994-06-15", "1994-06-16", "2019-12-30"];

    fn pick<'a>(pool: &[&'a str], i: u8) -> &'a str {
        pool[i as usize % pool.len()]
    }

    /// A random world: each element chooses a relation and its arguments from small pools.
    fn world(facts: &[(u8, u8, u8, u8, u8)], dates: &[&str]) -> FactStore {
        use factlog::kb::schema::{CHOICES, POSITIONS, PROPOSAL_KINDS};
        let mut s = FactStore::new();
        for &(rel, a, b, c, d) in facts {
            match rel % 10 {
                0 => s.insert_text("entity", &[pick(ACTORS, a), pick(KINDS, b), "name"], None),
                1 => s.insert_text("organ_of", &[pick(ACTORS, a), pick(ACTORS, b)], None),
                2 => s.insert_text(
                    "holds_role",
                    &[
                        pick(ACTORS, a),
                        pick(ROLES, b),
                        pick(ACTORS, c),
                        pick(dates, d),
                    ],
                    None,
                ),
                3 => s.insert_text("official_role", &[pick(ROLES, a)], None),
                4 => s.insert_text(
                    "permanent_member",
                    &[pick(ACTORS, a), pick(BODIES, b)],
                    None,
                ),
                5 => s.insert_text("vetoable", &[pick(PROPOSAL_KINDS, a)], None),
                6 => s.insert_text(
                    "proposal",
                    &[
                        pick(PROPOSALS, a),
                        pick(PROPOSAL_KINDS, b),
                        pick(BODIES, c),
                        pick(dates, d),
                    ],
                    None,
                ),
                7 | 8 => s.insert_text(
                    "stance",
                    &[
                        pick(ACTORS, a),
                        pick(PROPOSALS, b),
                        pick(POSITIONS, c),
                        pick(dates, d),
                    ],
                    None,
                ),
                _ => s.insert_text(
                    "vote",
                    &[
                        pick(ACTORS, a),
                        pick(PROPOSALS, b),
                        pick(CHOICES, c),
                        pick(dates, d),
                    ],
                    None,
                ),
            }
        }
        s
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn the_runtime_engine_agrees_with_crepe_on_random_worlds(
            facts in proptest::collection::vec(any::<(u8, u8, u8, u8, u8)>(), 0..90)
        ) {
            let store = world(&facts, DATES);
            let program = stance_program();
            let want = crepe(&store);
            let semi = runtime(&program, &store, Engine::SemiNaive);
            let naive = runtime(&program, &store, Engine::Naive);
            prop_assert_eq!(&want, &semi);
            prop_assert_eq!(&semi, &naive);
        }

        // Reliability finding 2: with no `""` anywhere in the base (every date known), the
        // compiled rules never derived `reversed_stance`.
        #[test]
        fn the_runtime_engine_agrees_with_crepe_on_fully_dated_worlds(
            facts in proptest::collection::vec(any::<(u8, u8, u8, u8, u8)>(), 0..90)
        ) {
            let store = world(&facts, KNOWN_DATES);
            let program = stance_program();
            let want = crepe(&store);
            let semi = runtime(&program, &store, Engine::SemiNaive);
            prop_assert_eq!(&want, &semi);
        }
    }

    /// Reliability finding 2: a support then an oppose, both dated, in a base that holds no
    /// empty string, is a reversed stance for the compiled rules too.
    #[test]
    fn reversed_stance_is_derived_when_no_fact_holds_the_empty_string() {
        let mut store = FactStore::new();
        store.insert_text("entity", &["c1", "country", "C"], None);
        store.insert_text("entity", &["x2", "proposal", "X"], None);
        store.insert_text("stance", &["c1", "x2", "support", "1994-06-15"], None);
        store.insert_text("stance", &["c1", "x2", "oppose", "1994-06-16"], None);
        assert!(
            store.interner.get("").is_none(),
            "the base holds no empty string"
        );
        let got = crepe(&store);
        assert_eq!(
            got["reversed_stance"],
            vec![vec!["c1", "x2", "1994-06-15", "1994-06-16"]]
        );
        assert_same(
            "semi-naive",
            &got,
            &runtime(&stance_program(), &store, Engine::SemiNaive),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Orientation timings (not a test): `cargo test --release --test it -- --ignored --nocapture
// transitive_closure_timing`. Transitive closure on a seeded random graph and a chain, semi-naive
// on 1 and 4 threads, against the same rules compiled with crepe.

mod timing {
    use factlog::datalog::{EvalOptions, Inputs, load_text};
    use std::time::Instant;

    mod compiled {
        #![allow(missing_docs, reason = "crepe! generates undocumented items")]
        crepe::crepe! {
            @input
            pub struct Edge(pub u32, pub u32);
            @output
            pub struct Path(pub u32, pub u32);
            Path(x, y) <- Edge(x, y);
            Path(x, z) <- Path(x, y), Edge(y, z);
        }
    }

    fn random_graph(n: u32, m: usize, seed: u64) -> Vec<(u32, u32)> {
        let mut s = seed;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s % u64::from(n)) as u32
        };
        (0..m).map(|_| (next(), next())).collect()
    }

    fn measure(label: &str, edges: &[(u32, u32)]) {
        let program = load_text(
            "tc.dl",
            ".decl edge(x: number, y: number)\n.decl path(x: number, y: number)\n\
             path(x, y) :- edge(x, y).\npath(x, z) :- path(x, y), edge(y, z).\n",
            &Default::default(),
        )
        .expect("checks");
        let mut inputs = Inputs::new();
        let rows: Vec<[String; 2]> = edges
            .iter()
            .map(|(a, b)| [a.to_string(), b.to_string()])
            .collect();
        inputs.add_rows(&program, "edge", &rows).expect("rows");
        for threads in [1, 4] {
            let t = Instant::now();
            let options = EvalOptions {
                threads,
                ..EvalOptions::default()
            };
            let model = program.evaluate(&inputs, &options).expect("runs");
            let n = model.relation("path").expect("path").len();
            eprintln!(
                "{label}: runtime engine, {threads} thread(s): {n} tuples in {:?}",
                t.elapsed()
            );
        }
        let t = Instant::now();
        let mut rt = compiled::Crepe::new();
        rt.extend(edges.iter().map(|&(a, b)| compiled::Edge(a, b)));
        let (paths,) = rt.run();
        eprintln!(
            "{label}: crepe: {} tuples in {:?}",
            paths.len(),
            t.elapsed()
        );
    }

    #[test]
    #[ignore = "a timing for orientation, not a test"]
    fn transitive_closure_timing() {
        measure("G(n=1200, m=2400)", &random_graph(1200, 2400, 7));
        let chain: Vec<(u32, u32)> = (0..1500).map(|i| (i, i + 1)).collect();
        measure("chain of 1500", &chain);
        measure("G(n=200000, m=100000)", &random_graph(200_000, 100_000, 11));
    }
}

// ---------------------------------------------------------------------------------------------
// Naive and semi-naive evaluation (on one and on four threads) agree on random inputs of a
// program mixing recursion, negation, aggregates, arithmetic and disjunction.

mod engines {
    use factlog::datalog::{Engine, EvalOptions, Inputs, load_text};
    use proptest::prelude::*;

    const PROGRAM: &str = r#"
        .decl edge(x: number, y: number)
        .decl label(x: number, l: symbol)
        .decl node(x: number)
        .decl path(x: number, y: number)
        .decl cyclic(x: number)
        .decl lonely(x: number)
        .decl out_degree(x: number, n: number)
        .decl reach_sum(x: number, s: number)
        .decl tagged(x: number, t: symbol)
        .decl far(x: number, y: number, d: number)
        node(x) :- edge(x, _) ; edge(_, x).
        path(x, y) :- edge(x, y).
        path(x, z) :- path(x, y), edge(y, z).
        cyclic(x) :- path(x, x).
        lonely(x) :- node(x), !path(x, _), !path(_, x).
        out_degree(x, n) :- node(x), n = count : { edge(x, _) }.
        reach_sum(x, s) :- node(x), s = sum y : { path(x, y) }.
        tagged(x, cat(l, "/", to_string(x * 3 - 1))) :- label(x, l), !cyclic(x).
        far(x, y, 0) :- edge(x, y), x < y.
        far(x, z, d + 1) :- far(x, y, d), edge(y, z), y < z, d < 4.
        .decl tc2(x: number, y: number)
        tc2(x, y) :- edge(x, y).
        tc2(x, z) :- tc2(x, y), tc2(y, z).
        .decl even(x: number, y: number)
        .decl odd(x: number, y: number)
        odd(x, y) :- edge(x, y).
        even(x, z) :- odd(x, y), edge(y, z).
        odd(x, z) :- even(x, y), edge(y, z).
    "#;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn naive_and_semi_naive_agree(
            edges in proptest::collection::vec((0u8..12, 0u8..12), 0..40),
            labels in proptest::collection::vec((0u8..12, 0u8..3), 0..10),
        ) {
            let program = load_text("engines.dl", PROGRAM, &Default::default()).expect("checks");
            let mut inputs = Inputs::new();
            let edges: Vec<[String; 2]> =
                edges.iter().map(|(a, b)| [a.to_string(), b.to_string()]).collect();
            inputs.add_rows(&program, "edge", &edges).expect("rows");
            let labels: Vec<[String; 2]> =
                labels.iter().map(|(a, l)| [a.to_string(), format!("l{l}")]).collect();
            inputs.add_rows(&program, "label", &labels).expect("rows");
            let run = |engine, threads| {
                let options = EvalOptions { engine, threads, ..EvalOptions::default() };
                let model = program.evaluate(&inputs, &options).expect("runs");
                model.relations().map(|r| (r.name().to_string(), r.rows())).collect::<Vec<_>>()
            };
            let semi = run(Engine::SemiNaive, 1);
            prop_assert_eq!(&semi, &run(Engine::Naive, 1));
            prop_assert_eq!(&semi, &run(Engine::SemiNaive, 4));
        }
    }

    /// Rounds with deltas large enough to be split into chunks (the parallel path).
    #[test]
    fn parallel_rounds_agree_with_one_thread() {
        let program = load_text("engines.dl", PROGRAM, &Default::default()).expect("checks");
        let mut seed: u64 = 3;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 300).to_string()
        };
        let edges: Vec<[String; 2]> = (0..600).map(|_| [next(), next()]).collect();
        let mut inputs = Inputs::new();
        inputs.add_rows(&program, "edge", &edges).expect("rows");
        let run = |threads| {
            let options = EvalOptions {
                threads,
                ..EvalOptions::default()
            };
            let model = program.evaluate(&inputs, &options).expect("runs");
            model
                .relations()
                .map(|r| (r.name().to_string(), r.rows()))
                .collect::<Vec<_>>()
        };
        let one = run(1);
        let path = &one.iter().find(|(n, _)| n == "path").expect("path").1;
        assert!(
            path.len() > 20_000,
            "big enough to run in parallel: {}",
            path.len()
        );
        assert_eq!(one, run(4));
    }
}
