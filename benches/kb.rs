//! Benchmarks of whole commands (`cargo bench --bench kb`), printing figures with a baseline
//! measured in the same run:
//!
//! 1. `factlog query` on the built-in knowledge base, process start to exit, against
//!    `factlog --version` (the cost of starting the process at all);
//! 2. `factlog check` (load, validate and derive) on a generated base of about 1 million facts
//!    (see `generate.rs` for the seeded distribution), time and peak memory, against parsing the
//!    same files with serde_json alone (the floor any JSON loader pays).
//!
//! Set `FACTLOG_BENCH_FACTS` to change the size (default 1000000).
#![allow(clippy::print_stdout, reason = "a benchmark harness reports on stdout")]
#![allow(clippy::unwrap_used, reason = "a benchmark harness fails loudly")]

mod generate;
mod measure;

use measure::run_measured;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn factlog_bin() -> PathBuf {
    // Cargo builds the binary (same profile) before the benchmark and tells us where.
    PathBuf::from(env!("CARGO_BIN_EXE_factlog"))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn bench_query(bin: &Path, repo: &Path) {
    let runs = 30;
    let time = |args: &[&str]| {
        let samples: Vec<Duration> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                let status = Command::new(bin)
                    .args(args)
                    .current_dir(repo)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .status()
                    .unwrap();
                assert!(status.code().is_some());
                start.elapsed()
            })
            .collect();
        median(samples)
    };
    let baseline = time(&["--version"]);
    let query = time(&[
        "query",
        "opposed_without_veto_commitment(S, D)",
        "--format",
        "json",
    ]);
    println!("query on the built-in base (median of {runs}, process start to exit):");
    println!(
        "  factlog --version          {:>8.2} ms",
        baseline.as_secs_f64() * 1e3
    );
    println!(
        "  factlog query owvc(S, D)   {:>8.2} ms   ({:.1}x --version; target < 20 ms)",
        query.as_secs_f64() * 1e3,
        query.as_secs_f64() / baseline.as_secs_f64()
    );
}

fn bench_large(bin: &Path, repo: &Path) {
    let n: usize = std::env::var("FACTLOG_BENCH_FACTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let dir = repo.join("target").join(format!("bench-kb-{n}"));
    let marker = dir.join("generated");
    let facts = if marker.exists() {
        std::fs::read_to_string(&marker)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    } else {
        let _ = std::fs::remove_dir_all(&dir);
        let count = generate::generate(&dir, n, 0x5eed).unwrap();
        std::fs::write(&marker, count.to_string()).unwrap();
        count
    };
    let bytes: u64 = std::fs::read_dir(dir.join("facts"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    // Baseline: serde_json alone parsing the same files into untyped values.
    let start = Instant::now();
    for e in std::fs::read_dir(dir.join("facts")).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        std::hint::black_box(v);
    }
    let parse = start.elapsed();
    // Median of three runs (the first also warms the file cache); peak memory is the largest.
    let mut runs: Vec<(Duration, u64)> = (0..3)
        .map(|_| {
            let (t, kib, ok) = run_measured(Command::new(bin).arg("check").arg("--kb").arg(&dir));
            assert!(ok, "factlog check failed on the generated base");
            (t, kib)
        })
        .collect();
    let peak_kib = runs.iter().map(|r| r.1).max().unwrap_or(0);
    runs.sort();
    let check = runs[1].0;
    println!(
        "generated base: {facts} facts, {:.0} MB of JSON in {}",
        bytes as f64 / 1e6,
        dir.display()
    );
    println!(
        "  serde_json parse only      {:>8.2} s",
        parse.as_secs_f64()
    );
    println!(
        "  factlog check (load+derive){:>8.2} s   (median of 3; {:.2}x the parse; target < 3 s)   peak {:.0} MiB (target < 1536)",
        check.as_secs_f64(),
        check.as_secs_f64() / parse.as_secs_f64(),
        peak_kib as f64 / 1024.0
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` asks for the list of benchmarks.
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bin = factlog_bin();
    bench_query(&bin, &repo);
    bench_large(&bin, &repo);
}
