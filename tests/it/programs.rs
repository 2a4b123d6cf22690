//! Golden Datalog programs (described in the engine crate's `tests/engine/outcome.rs`) through
//! the real binary, `factlog run`: the engine crate's (`crates/factlog-datalog/tests/programs/`,
//! which its own test runs through the library) and the application's (`tests/programs/`: the
//! standard rules of `queries/stance.dl` on a facts folder), which run through the library here
//! too. Then the runtime engine's agreement with the crepe-compiled rules.

#[path = "../../crates/factlog-datalog/tests/engine/outcome.rs"]
mod outcome;

use outcome::Outcome;
use std::path::{Path, PathBuf};

/// The engine crate's folder: programs run from it, so that diagnostics name their files as
/// the expected outputs do (`tests/programs/...`).
fn engine_crate() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/factlog-datalog")
}

/// Program `name` of `root` (a package's folder, the working directory) through the real
/// binary: `factlog run PROG -F facts -D out`.
/// Programs with protected relations (a knowledge-base notion the CLI's `run` does not have)
/// run only through the library.
fn run_cli(root: &Path, name: &str) -> Option<Outcome> {
    let (max_tuples, protected) = outcome::options_of(&outcome::dir_of(root, name));
    if !protected.is_empty() {
        return None;
    }
    let out = tempfile::tempdir().expect("temp dir");
    let rel = Path::new(outcome::PROGRAMS).join(name);
    let result = assert_cmd::Command::cargo_bin("factlog")
        .expect("the factlog binary is built")
        .current_dir(root)
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
    outcome::outputs(out.path(), &mut outcome);
    Some(outcome)
}

/// How `factlog run` differs from the expected outcome of program `name` of `root`.
fn cli_problems(root: &Path, name: &str) -> Vec<String> {
    let Some(cli) = run_cli(root, name) else {
        return Vec::new();
    };
    let want = outcome::expected(&outcome::dir_of(root, name));
    outcome::compare(name, "factlog run", &want, &cli)
}

#[test]
fn every_golden_program_of_the_engine_gives_its_expected_outputs_through_factlog_run() {
    let root = engine_crate();
    let mut problems = Vec::new();
    for name in &outcome::names(&root, 30) {
        problems.extend(cli_problems(&root, name));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_stance_rules_give_their_expected_outputs_on_both_engines_and_through_factlog_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    for name in &outcome::names(root, 1) {
        problems.extend(outcome::library_problems(root, name));
        problems.extend(cli_problems(root, name));
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
