//! Whole-process benchmark (`cargo bench --bench process`): `factlog run` against compiled
//! Datalog anchors as a user runs them, each run a process of its own that reads the same
//! `.facts` files and writes the same `.csv` outputs; wall time (start to reap) and peak
//! resident memory (GNU time's `%M`, else VmHWM sampled from /proc) per run, medians, ratios.
//!
//! The inputs and anchors are the benchmark kit's (`../shared/bench`, or `FACTLOG_BENCH_KIT`):
//! its `gen.py` writes the inputs (G(n, 2n) closure, chain closure, same generation on a tree,
//! with the oracle's tuple counts) into `target/bench-data`, and its Cargo workspace of anchors
//! (datafrog's hand-written plan, crepe, ascent, all with one TSV reader and writer) is built
//! with `CARGO_TARGET_DIR=target/bench-anchors`. Without the kit, the benchmark says so and
//! measures nothing. Soufflé joins when `SOUFFLE=path` is set.
//!
//! Engines take turns (a rotating order inside every round), so that load from elsewhere on
//! the machine hits them alike; every run's output is checked (the tuple count of every output
//! relation against the oracle) before it is timed. Options (after `--`):
//! `--sizes medium,large`, `--cases tc-rand,tc-chain,sg-tree`, `--engines factlog,datafrog,..`,
//! `--runs N` (default 5, and 3 for 1e7 cases), `--jobs 1,2` (factlog's `-j` variants),
//! `--factlog-args "..."` (extra arguments for every factlog run).
//!
//! Run without `--bench` (as `cargo test --benches` does), it does nothing.
#![allow(clippy::print_stdout, reason = "a benchmark harness reports on stdout")]
#![allow(clippy::print_stderr, reason = "a benchmark harness reports on stderr")]
#![allow(clippy::unwrap_used, reason = "a benchmark harness fails loudly")]

mod measure;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A case: program, input folder, size.
struct Case {
    name: &'static str,
    program: &'static str,
    input: &'static str,
}

const CASES: [Case; 4] = [
    Case {
        name: "tc-rand",
        program: "tc",
        input: "rand",
    },
    Case {
        name: "tc-chain",
        program: "tc",
        input: "chain",
    },
    Case {
        name: "sg-tree",
        program: "sg",
        input: "tree",
    },
    Case {
        name: "neg-rand",
        program: "neg",
        input: "rand",
    },
];

/// The command line for (program name, programs folder, facts folder, output folder), or
/// `None` when the engine does not run that program.
type CommandFor = Box<dyn Fn(&str, &Path, &Path, &Path) -> Option<Vec<String>>>;

/// One engine's command for a case.
struct Engine {
    name: String,
    command: CommandFor,
}

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn list(args: &[String], name: &str, default: &str) -> Vec<String> {
    arg(args, name)
        .unwrap_or_else(|| default.to_string())
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn sh(cmd: &mut Command) -> bool {
    cmd.status().map(|s| s.success()).unwrap_or(false)
}

/// The oracle's tuple counts: case → relation → tuples.
fn expected(dir: &Path) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut out: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let text = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        out.entry(f[0].to_string())
            .or_default()
            .insert(f[1].to_string(), f[2].parse().unwrap());
    }
    out
}

/// Counts the lines of every output file, by relation (file name without extension).
fn outputs(dir: &Path) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = e.path();
        if !path.is_file() {
            continue;
        }
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let data = std::fs::read(&path).unwrap_or_default();
        let lines = data.iter().filter(|&&b| b == b'\n').count()
            + usize::from(!data.is_empty() && !data.ends_with(b"\n"));
        out.insert(stem.to_string(), lines);
    }
    out
}

/// Runs a command once: wall time, peak resident KiB, success.
fn run_once(argv: &[String]) -> (Duration, u64, bool) {
    let time = Path::new("/usr/bin/time");
    if time.exists() {
        let rss = std::env::temp_dir().join(format!("factlog-bench-rss-{}", std::process::id()));
        let start = Instant::now();
        let ok = Command::new(time)
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&rss)
            .args(argv)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        let wall = start.elapsed();
        let kib = std::fs::read_to_string(&rss)
            .ok()
            .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()))
            .unwrap_or(0);
        let _ = std::fs::remove_file(&rss);
        (wall, kib, ok)
    } else {
        measure::run_measured(Command::new(&argv[0]).args(&argv[1..]))
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "--bench") {
        return;
    }
    let kit = std::env::var_os("FACTLOG_BENCH_KIT")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared/bench"));
    if !kit.join("gen.py").exists() {
        println!(
            "skipped: the benchmark kit is missing ({}; set FACTLOG_BENCH_KIT)",
            kit.display()
        );
        return;
    }
    let target = workspace().join("target");
    let data = target.join("bench-data");
    let anchors = target.join("bench-anchors");
    let work = target.join("bench-work");
    let sizes = list(&args, "--sizes", "medium,large");
    let cases = list(&args, "--cases", "tc-rand,tc-chain,sg-tree");
    let jobs = list(&args, "--jobs", "1");
    let extra: Vec<String> = arg(&args, "--factlog-args")
        .map(|s| s.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    for size in &sizes {
        if !data.join(size).join("expected.tsv").exists() {
            assert!(
                sh(Command::new("python3")
                    .arg(kit.join("gen.py"))
                    .args(["--size", size, "--out"])
                    .arg(&data)),
                "gen.py failed"
            );
        }
    }
    let bin = anchors.join("release");
    if !bin.join("datafrog_tc").exists() {
        eprintln!("building the anchors into {}", anchors.display());
        assert!(
            sh(Command::new("cargo")
                .args(["build", "--release", "--locked"])
                .current_dir(kit.join("anchors"))
                .env("CARGO_TARGET_DIR", &anchors)),
            "the anchors do not build"
        );
    }
    let factlog = std::env::var_os("FACTLOG")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            assert!(
                sh(Command::new("cargo")
                    .args(["build", "--release", "--bin", "factlog"])
                    .current_dir(workspace())),
                "factlog does not build"
            );
            target.join("release/factlog")
        });
    let programs = kit.join("programs");
    let mut engines: Vec<Engine> = Vec::new();
    for j in &jobs {
        let (factlog, programs, j, extra) =
            (factlog.clone(), programs.clone(), j.clone(), extra.clone());
        engines.push(Engine {
            name: if j == "1" {
                "factlog".into()
            } else {
                format!("factlog-j{j}")
            },
            command: Box::new(move |prog, _, facts, out| {
                let mut v = vec![
                    factlog.display().to_string(),
                    "run".into(),
                    programs.join(format!("{prog}.dl")).display().to_string(),
                    "-F".into(),
                    facts.display().to_string(),
                    "-D".into(),
                    out.display().to_string(),
                    "-j".into(),
                    j.clone(),
                ];
                v.extend(extra.iter().cloned());
                Some(v)
            }),
        });
    }
    for anchor in ["datafrog", "crepe", "ascent"] {
        let bin = bin.clone();
        engines.push(Engine {
            name: anchor.into(),
            command: Box::new(move |prog, _, facts, out| {
                let exe = bin.join(format!("{anchor}_{prog}"));
                exe.exists().then(|| {
                    vec![
                        exe.display().to_string(),
                        facts.display().to_string(),
                        out.display().to_string(),
                    ]
                })
            }),
        });
    }
    if let Some(souffle) = std::env::var_os("SOUFFLE") {
        let programs = programs.clone();
        engines.push(Engine {
            name: "souffle".into(),
            command: Box::new(move |prog, _, facts, out| {
                Some(vec![
                    PathBuf::from(&souffle).display().to_string(),
                    programs.join(format!("{prog}.dl")).display().to_string(),
                    "-F".into(),
                    facts.display().to_string(),
                    "-D".into(),
                    out.display().to_string(),
                ])
            }),
        });
    }
    let only = arg(&args, "--engines");
    engines.retain(|e| {
        only.as_ref()
            .is_none_or(|o| o.split(',').any(|n| n == e.name))
    });
    println!(
        "| tuples | case | engine | median s | min s | max s | peak MiB | time ratio | memory ratio | runs |"
    );
    println!("|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for size in &sizes {
        let oracle = expected(&data.join(size));
        // Same generation is 1e5 tuples at `medium` and 1e6 at `large`: only the large one.
        let wanted =
            |c: &Case| cases.iter().any(|n| n == c.name) && (c.program != "sg" || size != "medium");
        for case in CASES.iter().filter(|c| wanted(c)) {
            let facts = data.join(size).join(case.input);
            let out = work.join("out");
            let runs: usize = arg(&args, "--runs").and_then(|r| r.parse().ok()).unwrap_or(
                if size == "large" && case.program == "tc" {
                    3
                } else {
                    5
                },
            );
            let active: Vec<(&Engine, Vec<String>)> = engines
                .iter()
                .filter_map(|e| (e.command)(case.program, &programs, &facts, &out).map(|c| (e, c)))
                .collect();
            // Warm-up and check.
            let mut ok = vec![true; active.len()];
            for (i, (e, cmd)) in active.iter().enumerate() {
                let _ = std::fs::remove_dir_all(&out);
                std::fs::create_dir_all(&out).unwrap();
                let (_, _, success) = run_once(cmd);
                let found = outputs(&out);
                let want = &oracle[case.name];
                let right = want.iter().all(|(rel, n)| found.get(rel) == Some(n));
                if !success || !right {
                    eprintln!(
                        "{} on {size} {}: failed or wrong ({found:?})",
                        e.name, case.name
                    );
                    ok[i] = false;
                }
            }
            let mut samples: Vec<Vec<(f64, u64)>> = vec![Vec::new(); active.len()];
            for round in 0..runs {
                for k in 0..active.len() {
                    let i = (k + round) % active.len();
                    if !ok[i] {
                        continue;
                    }
                    let _ = std::fs::remove_dir_all(&out);
                    std::fs::create_dir_all(&out).unwrap();
                    let (wall, kib, _) = run_once(&active[i].1);
                    samples[i].push((wall.as_secs_f64(), kib));
                }
            }
            let _ = std::fs::remove_dir_all(&out);
            let stats: Vec<Option<(f64, f64, f64, f64)>> = samples
                .iter()
                .map(|s| {
                    (!s.is_empty()).then(|| {
                        let t: Vec<f64> = s.iter().map(|x| x.0).collect();
                        let peak = s.iter().map(|x| x.1).max().unwrap_or(0) as f64 / 1024.0;
                        let min = t.iter().copied().fold(f64::MAX, f64::min);
                        let max = t.iter().copied().fold(0.0, f64::max);
                        (median(t), min, max, peak)
                    })
                })
                .collect();
            let base = active
                .iter()
                .position(|(e, _)| e.name == "factlog")
                .and_then(|i| stats[i]);
            for ((e, _), s) in active.iter().zip(&stats) {
                match s {
                    Some((med, min, max, peak)) => {
                        let (tr, mr) = base
                            .map(|b| (format!("{:.2}", b.0 / med), format!("{:.2}", b.3 / peak)))
                            .unwrap_or_default();
                        println!(
                            "| {} | {} | {} | {med:.3} | {min:.3} | {max:.3} | {peak:.0} | {tr} | {mr} | {} |",
                            oracle[case.name].values().sum::<usize>(),
                            case.name,
                            e.name,
                            samples.iter().map(Vec::len).max().unwrap_or(0)
                        );
                    }
                    None => println!(
                        "| {size} | {} | {} | failed | | | | | | |",
                        case.name, e.name
                    ),
                }
            }
        }
    }
    println!(
        "\nratios: factlog's (-j 1) median time and peak memory over the engine's; \
         load average at the end: {}",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
}
