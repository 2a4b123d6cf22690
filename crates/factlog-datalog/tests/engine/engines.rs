//! Naive and semi-naive evaluation (on one and on four threads) agree on random inputs of a
//! program mixing recursion, negation, aggregates, arithmetic and disjunction.

use factlog_datalog::{Engine, EvalOptions, Inputs, load_text};
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
        let run = |engine, threads, provenance| {
            let options = EvalOptions { engine, threads, provenance, ..EvalOptions::default() };
            let model = program.evaluate(&inputs, &options).expect("runs");
            model.relations().map(|r| (r.name().to_string(), r.rows())).collect::<Vec<_>>()
        };
        let semi = run(Engine::SemiNaive, 1, true);
        prop_assert_eq!(&semi, &run(Engine::Naive, 1, true));
        prop_assert_eq!(&semi, &run(Engine::SemiNaive, 4, true));
        // Without provenance, relations read only through their deltas keep no stable rows.
        prop_assert_eq!(&semi, &run(Engine::SemiNaive, 1, false));
        prop_assert_eq!(&semi, &run(Engine::SemiNaive, 2, false));
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
