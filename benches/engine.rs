//! The runtime Datalog engine against the same rules compiled by crepe and a hand-written
//! datafrog plan (`cargo bench --bench engine`; `-- --quick` or `FACTLOG_BENCH_QUICK=1` for the
//! 1e6 sizes only), printing time and peak-memory ratios and whether the targets are met.
//!
//! Workloads, each at about 1e6 and 1e7 result tuples:
//! - `tc-random`: transitive closure of a seeded random graph G(n, 2n);
//! - `tc-chain`: transitive closure of a chain 0 → 1 → … → n;
//! - `sg-tree`: same generation on a seeded random recursive tree (node i's parent is uniform
//!   among 0..i).
//!
//! Systems:
//! - `engine`: `load_text`, `Inputs::add_rows`, `Program::evaluate` (one thread); `engine-j2`
//!   the same on two threads;
//! - `crepe`: the same rules in a `crepe!` program, run with crepe's default `run()` (std's
//!   SipHash), and `crepe-fx` run with FxHash (`run_with_hasher`);
//! - `datafrog`: a hand-written datafrog plan (sorted-merge joins).
//!
//! What the time covers, for every system: from the input edges in memory (the engine's already
//! as `Inputs`) to the result as a sorted, deduplicated set of tuples. For the engine that is
//! `Program::evaluate`, which returns a `Model` with every relation sorted; for crepe it is
//! `extend` + `run` + collecting the output `HashSet` into a vector and sorting it; for datafrog
//! it is building the input relations, the iteration and `Variable::complete` (a sorted
//! relation, for transitive closure keyed by the path's end: datafrog's natural layout, not
//! re-sorted). Generating the inputs is not timed. Every system runs under mimalloc, the
//! allocator of the `factlog` binary.
//!
//! Each (system, workload, size) runs in a child process (this binary re-executed with
//! `--child SYSTEM WORKLOAD SIZE`), so its peak memory (VmHWM, read by the child from
//! /proc/self/status as it ends) is its own; the child also prints the number of tuples and an
//! order-independent checksum, which must agree across systems. Times are the median of
//! `FACTLOG_BENCH_RUNS` runs (default 5 at 1e6 and 3 at 1e7), each in a fresh process, the
//! systems taking turns (in a rotating order) so that a burst of load elsewhere on the machine,
//! or the memory a previous process just freed, hits them alike.
//!
//! Run without `--bench` (as `cargo test --benches` does), it only checks that the systems
//! agree on small inputs.
#![allow(clippy::print_stdout, reason = "a benchmark harness reports on stdout")]
#![allow(clippy::unwrap_used, reason = "a benchmark harness fails loudly")]
#![allow(missing_docs, reason = "crepe! generates undocumented items")]

mod measure;

use measure::own_peak_kib;

use factlog::datalog::{EvalOptions, Inputs, load_text};
use std::process::Command;
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod crepe_tc {
    crepe::crepe! {
        @input
        pub struct Edge(pub u32, pub u32);
        @output
        pub struct Path(pub u32, pub u32);
        Path(x, y) <- Edge(x, y);
        Path(x, z) <- Path(x, y), Edge(y, z);
    }
}

mod crepe_sg {
    crepe::crepe! {
        @input
        pub struct Parent(pub u32, pub u32);
        @output
        pub struct Sg(pub u32, pub u32);
        Sg(x, y) <- Parent(x, p), Parent(y, p), (x != y);
        Sg(x, y) <- Parent(x, a), Sg(a, b), Parent(y, b);
    }
}

const TC: &str = ".decl edge(x: number, y: number)\n.decl path(x: number, y: number)\n\
                  path(x, y) :- edge(x, y).\npath(x, z) :- path(x, y), edge(y, z).\n";

const SG: &str = ".decl parent(c: number, p: number)\n.decl sg(x: number, y: number)\n\
                  sg(x, y) :- parent(x, p), parent(y, p), x != y.\n\
                  sg(x, y) :- parent(x, a), sg(a, b), parent(y, b).\n";

const WORKLOADS: [&str; 3] = ["tc-random", "tc-chain", "sg-tree"];
const SYSTEMS: [&str; 5] = ["engine", "engine-j2", "crepe", "crepe-fx", "datafrog"];

/// xorshift64, seeded: the graph generator of the engine's timing test.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u32) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % u64::from(n)) as u32
    }
}

/// The input edges of a workload at a size ("1e6", "1e7" or "small").
fn edges(workload: &str, size: &str) -> Vec<(u32, u32)> {
    let n = |small: u32, m: u32, l: u32| match size {
        "small" => small,
        "1e6" => m,
        "1e7" => l,
        _ => panic!("unknown size {size}"),
    };
    match workload {
        "tc-random" => {
            let n = n(40, 1250, 4000);
            let mut rng = Rng(7);
            (0..2 * n).map(|_| (rng.below(n), rng.below(n))).collect()
        }
        "tc-chain" => (0..n(30, 1414, 4472)).map(|i| (i, i + 1)).collect(),
        "sg-tree" => {
            let n = n(60, 3330, 10_800);
            let mut rng = Rng(11);
            (1..n).map(|i| (i, rng.below(i))).collect()
        }
        _ => panic!("unknown workload {workload}"),
    }
}

/// An order-independent checksum of a set of pairs.
fn checksum(pairs: impl Iterator<Item = (u32, u32)>) -> u64 {
    pairs
        .map(|(a, b)| {
            // splitmix64's finalizer
            let mut z = (u64::from(a) << 32 | u64::from(b)).wrapping_add(0x9e37_79b9_7f4a_7c15);
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        })
        .fold(0, u64::wrapping_add)
}

/// Runs one system on one workload: (time, tuples, checksum).
fn run_system(system: &str, workload: &str, edges: &[(u32, u32)]) -> (Duration, usize, u64) {
    let tc = workload.starts_with("tc");
    match system {
        "engine" | "engine-j2" => {
            let program = load_text("bench.dl", if tc { TC } else { SG }, &Default::default())
                .expect("the bench program checks");
            let mut inputs = Inputs::new();
            let rows: Vec<[String; 2]> = edges
                .iter()
                .map(|(a, b)| [a.to_string(), b.to_string()])
                .collect();
            let input = if tc { "edge" } else { "parent" };
            inputs.add_rows(&program, input, &rows).unwrap();
            drop(rows);
            let options = EvalOptions {
                threads: if system == "engine" { 1 } else { 2 },
                ..EvalOptions::default()
            };
            let start = Instant::now();
            let model = program.evaluate(&inputs, &options).unwrap();
            let time = start.elapsed();
            let rel = model.relation(if tc { "path" } else { "sg" }).unwrap();
            let mut last = None;
            let pairs = rel.tuples().map(|t| {
                let w = |v: &factlog::datalog::Value| match v {
                    factlog::datalog::Value::Number(n) => *n as u32,
                    _ => unreachable!("number columns"),
                };
                let pair = (w(&t[0]), w(&t[1]));
                // The model is sorted (the checksum would not notice otherwise).
                assert!(last < Some(pair), "the model is not sorted");
                last = Some(pair);
                pair
            });
            (time, rel.len(), checksum(pairs))
        }
        "crepe" | "crepe-fx" => {
            let fx = system == "crepe-fx";
            let start = Instant::now();
            let mut out: Vec<(u32, u32)> = if tc {
                let mut rt = crepe_tc::Crepe::new();
                rt.extend(edges.iter().map(|&(a, b)| crepe_tc::Edge(a, b)));
                let pairs = |p: crepe_tc::Path| (p.0, p.1);
                if fx {
                    let (paths,) = rt.run_with_hasher::<rustc_hash::FxBuildHasher>();
                    paths.into_iter().map(pairs).collect()
                } else {
                    let (paths,) = rt.run();
                    paths.into_iter().map(pairs).collect()
                }
            } else {
                let mut rt = crepe_sg::Crepe::new();
                rt.extend(edges.iter().map(|&(a, b)| crepe_sg::Parent(a, b)));
                let pairs = |p: crepe_sg::Sg| (p.0, p.1);
                if fx {
                    let (sg,) = rt.run_with_hasher::<rustc_hash::FxBuildHasher>();
                    sg.into_iter().map(pairs).collect()
                } else {
                    let (sg,) = rt.run();
                    sg.into_iter().map(pairs).collect()
                }
            };
            out.sort_unstable();
            let time = start.elapsed();
            (time, out.len(), checksum(out.into_iter()))
        }
        "datafrog" => {
            let start = Instant::now();
            let out = if tc {
                datafrog_tc(edges)
            } else {
                datafrog_sg(edges)
            };
            let time = start.elapsed();
            let n = out.len();
            let sum = if tc {
                checksum(out.iter().map(|&(end, start)| (start, end)))
            } else {
                checksum(out.iter().copied())
            };
            (time, n, sum)
        }
        _ => panic!("unknown system {system}"),
    }
}

/// path(x, y) :- edge(x, y).  path(x, z) :- path(x, y), edge(y, z).
/// Paths are kept keyed by their end, (y, x), to join with edges keyed by their source.
fn datafrog_tc(edges: &[(u32, u32)]) -> datafrog::Relation<(u32, u32)> {
    let edge: datafrog::Relation<(u32, u32)> = edges.iter().copied().collect();
    let mut iteration = datafrog::Iteration::new();
    let path = iteration.variable::<(u32, u32)>("path");
    path.extend(edges.iter().map(|&(x, y)| (y, x)));
    while iteration.changed() {
        path.from_join(&path, &edge, |_y, &x, &z| (z, x));
    }
    path.complete()
}

/// sg(x, y) :- parent(x, p), parent(y, p), x != y.
/// sg(x, y) :- parent(x, a), sg(a, b), parent(y, b), through `half(b, x) :- sg(a, b),
/// parent(x, a)`.
fn datafrog_sg(edges: &[(u32, u32)]) -> datafrog::Relation<(u32, u32)> {
    let children: datafrog::Relation<(u32, u32)> = edges.iter().map(|&(c, p)| (p, c)).collect();
    let base = datafrog::Relation::from_join(&children, &children, |_p, &x, &y| (x, y));
    let mut iteration = datafrog::Iteration::new();
    let sg = iteration.variable::<(u32, u32)>("sg");
    let half = iteration.variable::<(u32, u32)>("half");
    sg.extend(base.iter().copied().filter(|&(x, y)| x != y));
    while iteration.changed() {
        half.from_join(&sg, &children, |_a, &b, &x| (b, x));
        sg.from_join(&half, &children, |_b, &x, &y| (x, y));
    }
    sg.complete()
}

/// One measurement, as a child reports it.
#[derive(Clone, Copy)]
struct Sample {
    time: Duration,
    tuples: usize,
    checksum: u64,
    peak_kib: u64,
}

fn child(system: &str, workload: &str, size: &str) {
    let edges = edges(workload, size);
    let (time, tuples, sum) = run_system(system, workload, &edges);
    println!("{} {tuples} {sum} {}", time.as_nanos(), own_peak_kib());
}

fn spawn(system: &str, workload: &str, size: &str) -> Sample {
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(exe)
        .args(["--child", system, workload, size])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{system} on {workload} {size} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let f: Vec<&str> = text.split_whitespace().collect();
    Sample {
        time: Duration::from_nanos(f[0].parse().unwrap()),
        tuples: f[1].parse().unwrap(),
        checksum: f[2].parse().unwrap(),
        peak_kib: f[3].parse().unwrap(),
    }
}

/// The median time of several children, with the highest peak among them.
fn summary(mut samples: Vec<Sample>) -> Sample {
    samples.sort_by_key(|s| s.time);
    let peak_kib = samples.iter().map(|s| s.peak_kib).max().unwrap_or(0);
    Sample {
        peak_kib,
        ..samples[samples.len() / 2]
    }
}

/// The targets of issue 3 at a size: (time ratio to crepe, to datafrog, peak MiB).
fn targets(size: &str) -> (f64, f64, Option<f64>) {
    if size == "1e7" {
        (1.0, 3.0, Some(1024.0))
    } else {
        (1.5, 3.0, None)
    }
}

fn bench(sizes: &[&str], runs: Option<usize>) {
    println!(
        "factlog engine vs crepe and datafrog; median of several runs, each in its own process"
    );
    println!("time: input in memory -> sorted result; peak: the child's VmHWM");
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!("{cores} core(s); targets are judged on the one-thread engine against crepe's run()");
    println!();
    let mut verdicts = Vec::new();
    for &size in sizes {
        for workload in WORKLOADS {
            let runs = runs.unwrap_or(if size == "1e7" { 3 } else { 5 });
            let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); SYSTEMS.len()];
            for run in 0..runs {
                // Each run starts with another system, so that none always follows the same
                // one (a process that just freed much memory slows the next one's page faults
                // on this virtual machine).
                for k in 0..SYSTEMS.len() {
                    let i = (k + run) % SYSTEMS.len();
                    samples[i].push(spawn(SYSTEMS[i], workload, size));
                }
            }
            let results: Vec<(&str, Sample)> = SYSTEMS
                .iter()
                .zip(samples)
                .map(|(&s, runs)| (s, summary(runs)))
                .collect();
            println!("{workload} {size}: median of {runs} runs");
            let engine = results[0].1;
            for (s, r) in &results {
                assert_eq!(
                    (r.tuples, r.checksum),
                    (engine.tuples, engine.checksum),
                    "{s} disagrees with the engine on {workload} {size}"
                );
            }
            println!("  {} result tuples", engine.tuples);
            println!("  {:<10} {:>10} {:>10}", "system", "time ms", "peak MiB");
            for (s, r) in &results {
                println!(
                    "  {s:<10} {:>10.1} {:>10.1}",
                    r.time.as_secs_f64() * 1e3,
                    r.peak_kib as f64 / 1024.0
                );
            }
            let of = |name: &str| results.iter().find(|(s, _)| *s == name).unwrap().1;
            let ratio = |other: &str| engine.time.as_secs_f64() / of(other).time.as_secs_f64();
            let (to_crepe, to_datafrog) = (ratio("crepe"), ratio("datafrog"));
            let peak = engine.peak_kib as f64 / 1024.0;
            let (max_crepe, max_datafrog, max_peak) = targets(size);
            let ok = |b: bool| if b { "met" } else { "NOT met" };
            println!(
                "  engine/crepe {to_crepe:.2}x (target <= {max_crepe}x: {}), engine/crepe-fx \
                 {:.2}x, engine/datafrog {to_datafrog:.2}x (target <= {max_datafrog}x: {}), \
                 engine-j2/engine {:.2}x",
                ok(to_crepe <= max_crepe),
                ratio("crepe-fx"),
                ok(to_datafrog <= max_datafrog),
                of("engine-j2").time.as_secs_f64() / engine.time.as_secs_f64(),
            );
            let mut met = to_crepe <= max_crepe && to_datafrog <= max_datafrog;
            if let Some(max) = max_peak {
                println!(
                    "  engine peak {peak:.0} MiB (target <= {max:.0} MiB: {})",
                    ok(peak <= max)
                );
                met &= peak <= max;
            }
            println!();
            verdicts.push(format!("{workload} {size}: {}", ok(met)));
        }
    }
    println!("targets: {}", verdicts.join("; "));
}

/// Checks that every system derives the same tuples on small inputs.
fn smoke() {
    for workload in WORKLOADS {
        let edges = edges(workload, "small");
        let (_, n, sum) = run_system("engine", workload, &edges);
        for system in SYSTEMS {
            let (_, m, other) = run_system(system, workload, &edges);
            assert_eq!((m, other), (n, sum), "{system} disagrees on {workload}");
        }
        println!("{workload}: the systems agree on {n} tuples");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        return; // `cargo test --benches` asks for the list of benchmarks.
    }
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(&args[i + 1], &args[i + 2], &args[i + 3]);
        return;
    }
    if !args.iter().any(|a| a == "--bench") {
        smoke();
        return;
    }
    let quick = args.iter().any(|a| a == "--quick")
        || std::env::var("FACTLOG_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0");
    let runs = std::env::var("FACTLOG_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok());
    let sizes: &[&str] = if quick { &["1e6"] } else { &["1e6", "1e7"] };
    bench(sizes, runs);
}
