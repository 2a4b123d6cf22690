//! Extraction throughput (`cargo bench --bench extract`): MB of news text per second on one
//! core, over a synthetic corpus of short articles built from sentences written for this
//! benchmark (seeded, so every run reads the same text), and over one long article (no
//! article-level structure grows without bound).
//!
//! `FACTLOG_BENCH_MB` sets the corpus size (default 50).
#![allow(clippy::print_stdout, reason = "a benchmark harness reports on stdout")]
#![allow(clippy::unwrap_used, reason = "a benchmark harness fails loudly")]

/// The allocator the `factlog` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use factlog::article::Article;
use factlog::extract::{ExtractOptions, Gazetteer, extract};
use std::time::Instant;

const COUNTRIES: &[&str] = &[
    "Russia",
    "China",
    "France",
    "Britain",
    "the United States",
    "Brazil",
    "India",
    "Japan",
    "Kenya",
    "Ghana",
    "Mexico",
    "Norway",
    "Estonia",
    "Gabon",
    "Albania",
    "Ecuador",
    "Malta",
    "Mozambique",
    "Switzerland",
    "the United Arab Emirates",
    "Peru",
    "Chile",
    "Egypt",
    "Jordan",
];
const DEMONYMS: &[&str] = &[
    "Russian",
    "Chinese",
    "French",
    "British",
    "U.S.",
    "Brazilian",
    "Indian",
    "Japanese",
    "Kenyan",
    "Ghanaian",
    "Mexican",
    "Norwegian",
];
const FIRST: &[&str] = &[
    "Anna", "Pavel", "Luis", "Marta", "Kofi", "Ines", "Tomas", "Amina", "Chen", "Sofia",
];
const LAST: &[&str] = &[
    "Berg", "Orlov", "Duarte", "Ilves", "Mensah", "Ruiz", "Novak", "Hassan", "Wei", "Lind",
];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const TEMPLATES: &[&str] = &[
    "{C1} and {C2} on {D} circulated a draft resolution that would impose sanctions on {C3}.",
    "{N}, {C1}'s ambassador to the United Nations, said on {D} that {C1} would not support the draft.",
    "\"We will not let this text pass,\" {N} told reporters outside the council chamber.",
    "{DEM} Foreign Minister {N} said {C2} would support the resolution if it were amended.",
    "A {DEM} diplomat declined to say whether {C3} would veto the text or abstain.",
    "{C1} on {D} vetoed the draft, while {C2} and {C3} abstained.",
    "Nine members, among them {C1}, {C2} and {C3}, voted in favour of the text.",
    "{C2} apparently intends to block the measure, and any permanent member can veto it.",
    "The economy of {C3} grew by 2.5 percent last year, officials in {C2} said.",
    "Talks on trade and climate continued in Geneva on {D}, with no agreement in sight.",
    "{N} added that his government backs the territorial integrity of {C3}.",
    "{C1} rejected the draft as a political stunt, according to state media.",
];

/// A seeded linear congruential generator: the same corpus on every run.
struct Rng(u64);

impl Rng {
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        xs[(self.0 >> 33) as usize % xs.len()]
    }
}

fn sentence(rng: &mut Rng) -> String {
    let t = rng.pick(TEMPLATES);
    let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
    t.replace("{C1}", rng.pick(COUNTRIES))
        .replace("{C2}", rng.pick(COUNTRIES))
        .replace("{C3}", rng.pick(COUNTRIES))
        .replace("{DEM}", rng.pick(DEMONYMS))
        .replace("{N}", &name)
        .replace("{D}", rng.pick(DAYS))
}

fn article(rng: &mut Rng, id: usize, bytes: usize) -> String {
    let mut text = format!("id: bench_{id}\npublished: 2024-07-04\ntitle: Bench\n---\n");
    while text.len() < bytes {
        for _ in 0..3 {
            text.push_str(&sentence(rng));
            text.push(' ');
        }
        text.push('\n');
    }
    text
}

fn run(label: &str, texts: &[String], g: &Gazetteer) {
    let bytes: usize = texts.iter().map(String::len).sum();
    let options = ExtractOptions::default();
    let start = Instant::now();
    let mut facts = 0;
    for (i, t) in texts.iter().enumerate() {
        let a = Article::parse(t, &format!("bench_{i}"));
        facts += extract(&a, g, &options).unwrap().document.facts.len();
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    println!(
        "{label}: {mb:.1} MB in {secs:.2} s = {:.1} MB/s ({} articles, {facts} facts)",
        mb / secs,
        texts.len()
    );
}

fn main() {
    let total_mb: usize = std::env::var("FACTLOG_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let g = Gazetteer::builtin();
    let mut rng = Rng(42);
    let per = 5_000;
    let n = total_mb * 1_000_000 / per;
    let corpus: Vec<String> = (0..n).map(|i| article(&mut rng, i, per)).collect();
    run("corpus of short articles", &corpus, &g);
    let long = vec![article(&mut rng, n, (total_mb / 5).max(1) * 1_000_000)];
    run("one long article", &long, &g);
}
