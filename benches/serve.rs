//! `factlog serve` (`cargo bench --bench serve`): the release binary serving on loopback,
//! measured from a client in this process over fresh connections.
//!
//! 1. The built-in base: the first page load (the page, its stylesheet and five script
//!    modules, and the `/api/status` the page asks for, one after another: a browser fetches
//!    them in parallel, so this is an upper bound) against the target of 200 ms; the headline
//!    query's answer against the target of 50 ms; a proof and a neighbourhood; and, as the
//!    baseline of the same run, `/api/status` (HTTP and JSON alone).
//! 2. The generated base of about 1 million facts (`benches/generate.rs`, kept in
//!    `target/bench-kb-N`; `FACTLOG_BENCH_FACTS=N` for another size, `-- --quick` to skip):
//!    load, an atom query, a body query (a page of it), a country's neighbourhood (cut to 400
//!    nodes), a source with its facts, the relations, and the first and a later proof.
#![allow(clippy::print_stdout, reason = "a benchmark harness reports on stdout")]
#![allow(
    clippy::print_stderr,
    reason = "the WebDriver helper notes its screenshots"
)]
#![allow(clippy::unwrap_used, reason = "a benchmark harness fails loudly")]
#![allow(dead_code, reason = "the shared helpers serve several harnesses")]

mod generate;
#[path = "../tests/common/serve.rs"]
mod http;
#[path = "../tests/browser/webdriver.rs"]
mod webdriver;

use http::{ServeProcess, encode, get};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const PAGE: [&str; 8] = [
    "/",
    "/assets/style.css",
    "/assets/app.js",
    "/assets/dom.js",
    "/assets/proof.js",
    "/assets/graph.js",
    "/assets/article.js",
    "/api/status",
];

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The median time of `runs` runs of `f` (after one warm-up run).
fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn ok(addr: SocketAddr, path: &str) -> usize {
    let r = get(addr, path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r.body.len()
}

fn builtin(bin: &Path, repo: &Path) {
    let s = ServeProcess::start(bin, &["--kb", repo.to_str().unwrap()]);
    let a = s.addr;
    let status = time(200, || {
        ok(a, "/api/status");
    });
    let mut bytes = 0;
    let page = time(100, || {
        bytes = PAGE.iter().map(|p| ok(a, p)).sum();
    });
    let q = format!(
        "/api/query?q={}",
        encode("opposed_without_veto_commitment(S, D)")
    );
    let query = time(200, || {
        ok(a, &q);
    });
    let why = format!(
        "/api/why?atom={}",
        encode("opposed_without_veto_commitment(\"russia\", \"us_draft_1994_06_15\")")
    );
    let proof = time(200, || {
        ok(a, &why);
    });
    let entity = time(200, || {
        ok(a, "/api/entity?id=russia&depth=1");
    });
    println!("built-in base (median; fresh connection per request):");
    println!(
        "  GET /api/status (baseline)                 {:>8.2} ms",
        ms(status)
    );
    println!(
        "  first page load: {} requests, {:.0} KB     {:>8.2} ms   (target < 200 ms)",
        PAGE.len(),
        bytes as f64 / 1e3,
        ms(page)
    );
    println!(
        "  /api/query opposed_without_veto_commitment {:>8.2} ms   (target < 50 ms)",
        ms(query)
    );
    println!(
        "  /api/why russia's answer                   {:>8.2} ms",
        ms(proof)
    );
    println!(
        "  /api/entity russia, depth 1                {:>8.2} ms",
        ms(entity)
    );
}

/// In headless Chromium (where it is installed): from navigation to the page's first status
/// line, and from clicking Run to the answers drawn.
fn in_browser(bin: &Path, repo: &Path) {
    if let Some(why) = webdriver::missing() {
        println!("  (in a browser: skipped, {why})");
        return;
    }
    let s = ServeProcess::start(bin, &["--kb", repo.to_str().unwrap()]);
    let b = webdriver::Browser::start().unwrap();
    let url = format!("http://{}/", s.addr);
    let mut loads = Vec::new();
    let mut answers = Vec::new();
    for i in 0..15 {
        // A fresh document each time (the query string differs, so nothing is reused).
        b.goto(&format!("{url}?run={i}")).unwrap();
        b.wait(
            "ready",
            "return document.documentElement.dataset.ready !== undefined",
        )
        .unwrap();
        let ready = b
            .js("return Number(document.documentElement.dataset.ready)")
            .unwrap();
        loads.push(Duration::from_secs_f64(ready.as_f64().unwrap() / 1e3));
        let clicked = b
            .js("document.getElementById('q').value = 'opposed_without_veto_commitment(S, D)'; const t = performance.now(); document.getElementById('run').click(); return t;")
            .unwrap();
        b.wait(
            "answered",
            "return document.documentElement.dataset.answered !== undefined",
        )
        .unwrap();
        let answered = b
            .js("return Number(document.documentElement.dataset.answered)")
            .unwrap();
        answers.push(Duration::from_secs_f64(
            (answered.as_f64().unwrap() - clicked.as_f64().unwrap()) / 1e3,
        ));
    }
    println!(
        "  in Chromium: navigation to a usable page     {:>8.2} ms   (target < 200 ms)",
        ms(median(loads))
    );
    println!(
        "  in Chromium: Run to the answers drawn        {:>8.2} ms   (target < 50 ms)",
        ms(median(answers))
    );
}

fn large(bin: &Path, repo: &Path) {
    let n: usize = std::env::var("FACTLOG_BENCH_FACTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let dir = repo.join("target").join(format!("bench-kb-{n}"));
    let marker = dir.join("generated");
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let count = generate::generate(&dir, n, 0x5eed).unwrap();
        std::fs::write(&marker, count.to_string()).unwrap();
    }
    let facts = std::fs::read_to_string(&marker).unwrap();
    let started = Instant::now();
    let s = ServeProcess::start(bin, &["--kb", dir.to_str().unwrap()]);
    let load = started.elapsed();
    let a = s.addr;
    let once = |path: &str| {
        let t = Instant::now();
        let bytes = ok(a, path);
        (t.elapsed(), bytes)
    };
    let q = |text: &str| format!("/api/query?q={}", encode(text));
    let (first_why, _) = once(&format!(
        "/api/why?atom={}",
        encode("publicly_opposed(\"country_001\", D)")
    ));
    let why = format!(
        "/api/why?atom={}",
        encode("publicly_opposed(\"country_002\", D)")
    );
    let later_why = time(5, || {
        ok(a, &why);
    });
    let (first_graph, graph_bytes) = once("/api/entity?id=country_003&depth=1");
    let rows: Vec<(&str, Duration, String)> = vec![
        (
            "/api/query stance(\"country_004\", P, X, D)",
            time(5, || {
                ok(a, &q("stance(\"country_004\", P, X, D)"));
            }),
            String::new(),
        ),
        (
            "/api/query body, first page of 100",
            time(3, || {
                ok(a, &q("publicly_opposed(S, D), !declined_to_commit(S, D)"));
            }),
            String::new(),
        ),
        (
            "/api/entity country_003 (first: builds the graph)",
            first_graph,
            format!("{:.0} KB", graph_bytes as f64 / 1e3),
        ),
        (
            "/api/entity country_005, later",
            time(5, || {
                ok(a, "/api/entity?id=country_005&depth=1");
            }),
            String::new(),
        ),
        (
            "/api/source src_007 with its facts",
            time(5, || {
                ok(a, "/api/source?id=src_007");
            }),
            String::new(),
        ),
        (
            "/api/relations",
            time(5, || {
                ok(a, "/api/relations");
            }),
            String::new(),
        ),
        (
            "/api/why first (evaluates stance.dl)",
            first_why,
            String::new(),
        ),
        ("/api/why later", later_why, String::new()),
    ];
    println!(
        "generated base: {} facts in {}; factlog serve up in {:.2} s",
        facts.trim(),
        dir.display(),
        load.as_secs_f64()
    );
    for (what, t, note) in rows {
        println!("  {what:<50} {:>9.1} ms   {note}", ms(t));
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` asks for the list of benchmarks.
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_factlog"));
    builtin(&bin, &repo);
    in_browser(&bin, &repo);
    if !std::env::args().any(|a| a == "--quick") {
        large(&bin, &repo);
    }
}
