//! A seeded generator of large stance knowledge bases, for benchmarks.
//!
//! The distribution (for `n` total facts, scaled from the 1-million default):
//! - 200 countries (the first 5 permanent members of each of 3 bodies, 15 elected members per
//!   body with yearly terms), each with one alias;
//! - 2% persons, each holding one role for a country (70% an official role);
//! - 400 government organs, each an organ of one country;
//! - 4% proposals, each with kind (40% draft_resolution, 20% resolution, 20% press_statement,
//!   15% sanctions_proposal, 5% conference_proposal), body, tabling date, one sponsor, one target
//!   and one effect;
//! - 50% stances: actor 50% a country, 40% a person, 10% an organ; position uniform over the
//!   seven positions; date 80% a day in 2000–2024, 20% unknown;
//! - 20% votes by countries (for 60%, against 25%, abstain 15%), dated;
//! - 6% statements by persons, dated, from 100 sources.
//!
//! Keys that would contradict (same stance actor, proposal, date and axis; same vote country,
//! proposal and date) are skipped, so the base is valid. Output: ten JSON fact files.

use factlog::kb::schema::{POSITIONS, PROPOSAL_KINDS as KINDS};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

/// splitmix64: a tiny, well-known, seedable generator (no dependency needed for benchmarks).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Picks an index by weights (percentages).
    pub fn weighted(&mut self, weights: &[usize]) -> usize {
        let total: usize = weights.iter().sum();
        let mut r = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if r < w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }

    pub fn date(&mut self) -> String {
        format!(
            "{}-{:02}-{:02}",
            2000 + self.below(25),
            1 + self.below(12),
            1 + self.below(28)
        )
    }
}

const ROLES: [&str; 4] = [
    "foreign_minister",
    "ambassador_to_un",
    "spokesperson",
    "party_leader",
];

fn fact(out: &mut String, rel: &str, args: &[&str]) {
    out.push_str("    {\"relation\": \"");
    out.push_str(rel);
    out.push_str("\", \"args\": [");
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "\"{a}\"");
    }
    out.push_str("]},\n");
}

/// Writes a knowledge base of about `n` facts into `dir/facts/` (ten files); returns the
/// number of facts written.
pub fn generate(dir: &Path, n: usize, seed: u64) -> std::io::Result<usize> {
    let mut rng = Rng::new(seed);
    let scale = |pct: usize| n * pct / 100;
    let countries: Vec<String> = (0..200).map(|i| format!("country_{i:03}")).collect();
    let bodies = ["body_0", "body_1", "body_2"];
    let persons: Vec<String> = (0..scale(2)).map(|i| format!("person_{i:06}")).collect();
    let organs: Vec<String> = (0..400).map(|i| format!("organ_{i:03}")).collect();
    let proposals: Vec<String> = (0..scale(4)).map(|i| format!("proposal_{i:06}")).collect();
    let mut files: Vec<String> = vec![String::new(); 10];
    let mut count = 0;
    // Background: file 0.
    let mut bg = String::new();
    let mut entities = String::new();
    let mut entity = |id: &str, kind: &str, alias: Option<&str>| {
        let _ = write!(
            entities,
            "    {{\"id\": \"{id}\", \"kind\": \"{kind}\", \"name\": \"{id}\""
        );
        if let Some(a) = alias {
            let _ = write!(entities, ", \"aliases\": [\"{a}\"]");
        }
        entities.push_str("},\n");
    };
    for c in &countries {
        entity(c, "country", Some(&c.replace('_', " ")));
        count += 2;
    }
    for b in bodies {
        entity(b, "body", None);
        count += 1;
    }
    for p in &persons {
        entity(p, "person", None);
        count += 1;
    }
    for o in &organs {
        entity(o, "organization", None);
        count += 1;
    }
    for p in &proposals {
        entity(p, "proposal", None);
        count += 1;
    }
    for (b, body) in bodies.iter().enumerate() {
        for c in &countries[b * 5..b * 5 + 5] {
            fact(&mut bg, "permanent_member", &[c, body]);
            fact(&mut bg, "member_of", &[c, body, "1945-10-24", ""]);
            count += 2;
        }
        for y in 2000..2025 {
            for k in 0..15 {
                let c = &countries[15 + (y * 7 + k * 11 + b) % 185];
                fact(
                    &mut bg,
                    "member_of",
                    &[c, body, &format!("{y}-01-01"), &format!("{y}-12-31")],
                );
                count += 1;
            }
        }
    }
    fact(&mut bg, "vetoable", &["draft_resolution"]);
    for r in &ROLES[..3] {
        fact(&mut bg, "official_role", &[r]);
    }
    for (i, o) in organs.iter().enumerate() {
        fact(&mut bg, "organ_of", &[o, &countries[i % 200]]);
        count += 1;
    }
    let mut src = String::new();
    for s in 0..100 {
        let _ = writeln!(
            src,
            "    {{\"relation\": \"source\", \"args\": [\"src_{s:03}\", \"Outlet {s}\", \"2024-01-01\", \"Title {s}\"]}},"
        );
    }
    files[0] = format!("{src}{bg}");
    // Roles and proposals: spread over files 1..10.
    for (i, p) in persons.iter().enumerate() {
        let role = ROLES[rng.weighted(&[30, 25, 15, 30])];
        let f = &mut files[1 + i % 9];
        fact(
            f,
            "holds_role",
            &[p, role, &countries[rng.below(200)], &rng.date()],
        );
        count += 1;
    }
    for (i, p) in proposals.iter().enumerate() {
        let f = &mut files[1 + i % 9];
        let kind = KINDS[rng.weighted(&[40, 20, 20, 15, 5])];
        let date = rng.date();
        fact(f, "proposal", &[p, kind, bodies[rng.below(3)], &date]);
        fact(f, "sponsor", &[p, &countries[rng.below(200)]]);
        fact(f, "targets", &[p, &countries[rng.below(200)]]);
        fact(
            f,
            "proposal_effect",
            &[p, ["impose", "tighten", "lift", "other"][rng.below(4)]],
        );
        count += 4;
    }
    let mut keys: HashSet<(usize, usize, String, bool)> = HashSet::new();
    let mut made = 0;
    while made < scale(50) {
        let actor = match rng.weighted(&[50, 40, 10]) {
            0 => &countries[rng.below(countries.len())],
            1 => &persons[rng.below(persons.len())],
            _ => &organs[rng.below(organs.len())],
        };
        let proposal = rng.below(proposals.len());
        let pos = POSITIONS[rng.below(7)];
        let date = if rng.below(10) < 8 {
            rng.date()
        } else {
            String::new()
        };
        let axis = matches!(pos, "support" | "conditional_support" | "oppose");
        let key = (actor.as_ptr() as usize, proposal, date.clone(), axis);
        if !date.is_empty() && !keys.insert(key) {
            continue;
        }
        fact(
            &mut files[1 + made % 9],
            "stance",
            &[actor, &proposals[proposal], pos, &date],
        );
        made += 1;
    }
    count += made;
    let mut vote_keys: HashSet<(usize, usize, String)> = HashSet::new();
    let mut made = 0;
    while made < scale(20) {
        let c = rng.below(200);
        let p = rng.below(proposals.len());
        let date = rng.date();
        if !vote_keys.insert((c, p, date.clone())) {
            continue;
        }
        let choice = ["for", "against", "abstain"][rng.weighted(&[60, 25, 15])];
        fact(
            &mut files[1 + made % 9],
            "vote",
            &[&countries[c], &proposals[p], choice, &date],
        );
        made += 1;
    }
    count += made;
    for i in 0..scale(6) {
        let src = format!("src_{:03}", i % 100);
        let id = format!("{src}_s{}_1", i / 100);
        let who = &persons[rng.below(persons.len())];
        fact(
            &mut files[1 + i % 9],
            "statement",
            &[&id, who, &rng.date(), &src],
        );
        count += 1;
    }
    let facts_dir = dir.join("facts");
    std::fs::create_dir_all(&facts_dir)?;
    for (i, body) in files.iter().enumerate() {
        let body = body.trim_end().trim_end_matches(',');
        let ents = if i == 0 {
            entities.trim_end().trim_end_matches(',')
        } else {
            ""
        };
        let text = format!(
            "{{\n  \"schema\": 1,\n  \"entities\": [\n{ents}\n  ],\n  \"facts\": [\n{body}\n  ]\n}}\n"
        );
        std::fs::write(facts_dir.join(format!("part_{i:02}.json")), text)?;
    }
    Ok(count)
}
