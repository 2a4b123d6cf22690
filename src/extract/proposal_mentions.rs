//! Proposal mentions in a sentence: head nouns ("draft resolution", "the text", "further
//! sanctions", "their new plan"), what their modifiers say (kind, sponsor adjectives such as
//! "U.S.-drafted" or "a rival Russian draft", the body), and the tabling clauses around them
//! ("tabled by Morocco on January 27", "Jordan tabled the text on Monday"). Resolving a
//! mention to a proposal is `proposals`' job.

use super::dates::{DateMention, When};
use super::gazetteer::{GazMatch, Target};
use super::mentions::{Actor, Chunk};
use super::proposals::{Kind, Sponsor};
use super::text::{Sentence, TokKind};

/// Verbs that table a proposal.
const TABLING: &[&str] = &[
    "tabled",
    "circulated",
    "proposed",
    "drafted",
    "submitted",
    "introduced",
    "sponsored",
    "presented",
    "distributed",
    "floated",
    "co-sponsored",
    "authored",
];

/// What a mention says about its proposal.
#[derive(Debug, Default)]
pub(super) struct Hint {
    pub(super) kind: Option<Kind>,
    pub(super) sponsors: Vec<Sponsor>,
    pub(super) tabling: bool,
    pub(super) body: Option<usize>,
    pub(super) weak: bool,
    pub(super) definite: bool,
    pub(super) tabled: Option<When>,
    pub(super) past: bool,
}

/// Proposal head nouns: (token, kind, weak).
pub(super) fn find_heads(s: &Sentence, gaz: &[GazMatch]) -> Vec<(usize, Option<Kind>, bool)> {
    let mut out = Vec::new();
    let in_gaz = |i: usize| gaz.iter().any(|m| m.t0 <= i && i < m.t1);
    let mut i = 0;
    while i < s.len() {
        let w = s.lw(i);
        let prev = if i > 0 { s.lw(i - 1) } else { "" };
        let head = match w {
            "draft" if s.is(i + 1, "resolution") => {
                out.push((i, Some(Kind::Draft), false));
                i += 2;
                continue;
            }
            "draft" if s.is(i + 1, "statement") || s.seq(i + 1, &["press", "statement"]) => None,
            // "a draft UN Security Council resolution": the head is "resolution".
            "draft"
                if gaz.iter().any(|m| {
                    m.t0 == i + 1 && s.is_any(m.t1, &["resolution", "press", "statement"])
                }) =>
            {
                None
            }
            // "the draft" may be a draft press statement: its kind is not said.
            "draft"
                if !s.is_any(
                    i + 1,
                    &["law", "constitution", "bill", "text", "plan", "proposal"],
                ) =>
            {
                Some((None, false))
            }
            "resolution"
                if !s.is(i + 1, "of")
                    && !s.is_any(i + 1, &["1718", "2231", "2397"])
                    && !s.toks.get(i + 1).is_some_and(|t| t.kind == TokKind::Number) =>
            {
                Some((Some(Kind::Draft), false))
            }
            "statement" if prev == "press" || prev == "draft" || prev == "presidential" => {
                Some((Some(Kind::PressStatement), false))
            }
            "statement" if matches!(prev, "the" | "a" | "this" | "that") => {
                Some((Some(Kind::PressStatement), true))
            }
            "text" | "measure" => Some((None, false)),
            "proposal" | "plan" | "initiative" => {
                let conference = (i + 1..(i + 7).min(s.len())).any(|k| s.is(k, "conference"));
                Some((conference.then_some(Kind::Conference), false))
            }
            "package" if prev == "sanctions" => Some((Some(Kind::Sanctions), true)),
            "idea" | "move" | "version" if matches!(prev, "that" | "this" | "the") => {
                Some((None, true))
            }
            "sanctions" | "constraints" | "measures" | "restrictions" | "penalties"
                if matches!(
                    prev,
                    "further" | "more" | "new" | "additional" | "tougher" | "fresh" | "extra"
                ) =>
            {
                Some((Some(Kind::Sanctions), false))
            }
            "sanctions"
                if !s.is_any(i + 1, &["package", "resolution", "proposal", "relief", "-"]) =>
            {
                Some((Some(Kind::Sanctions), true))
            }
            _ => None,
        };
        if let Some((kind, weak)) = head {
            if !in_gaz(i) {
                out.push((i, kind, weak));
            }
        }
        i += 1;
    }
    out
}

/// Determiners: where a mention starts.
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "this", "that", "its", "their", "his", "her", "our", "any", "another",
];

/// Words that may stand between a determiner and a proposal head.
const MODIFIERS: &[&str] = &[
    "more",
    "further",
    "additional",
    "tougher",
    "extra",
    "worded",
    "sharply",
    "rival",
    "new",
    "revised",
    "final",
    "latest",
    "amended",
    "original",
    "joint",
    "own",
    "second",
    "first",
    "fresh",
    "western",
    "and",
    "-",
    "drafted",
    "sponsored",
    "proposed",
    "draft",
    "press",
    "sanctions",
    "sanctions-gutting",
    "gutting",
    "arab",
    "backed",
    "led",
    "whole",
    "entire",
    "current",
    "full",
    "lengthy",
    "short",
    "brief",
    "formal",
    "informal",
    "so-called",
    "compromise",
    "single",
    "one",
];

/// The left edge of a mention and what its modifiers say (kind, sponsors, body).
pub(super) fn modifiers(
    s: &Sentence,
    gaz: &[GazMatch],
    chunks: &[Chunk],
    head: usize,
    kind: Option<Kind>,
    weak: bool,
) -> (usize, Hint) {
    let mut hint = Hint {
        kind,
        weak,
        ..Hint::default()
    };
    let mut i = head;
    let mut sponsors_rev: Vec<Sponsor> = Vec::new();
    loop {
        if i == 0 {
            break;
        }
        let k = i - 1;
        if let Some(m) = gaz
            .iter()
            .find(|m| m.t1 == i || (m.t1 + 1 == i && s.is(k, "'s")))
        {
            match m.target {
                Target::Country(c, _) => {
                    let backed =
                        s.punct(m.t1, '-') && s.is_any(m.t1 + 1, &["backed", "led", "supported"]);
                    let targetish = s.is(m.t1, "sanctions");
                    if !backed && !targetish {
                        sponsors_rev.push(Sponsor::Entity(c));
                    }
                    i = m.t0;
                    continue;
                }
                Target::Org(o) => {
                    let name = s.text_of(m.t0, m.t1).to_ascii_lowercase();
                    if name.contains("council") || name.contains("assembly") {
                        hint.body = Some(o);
                    }
                    i = m.t0;
                    continue;
                }
                _ => break,
            }
        }
        if s.is(k, "'s") {
            // "Kozyrev's proposal": a person's.
            if let Some(c) = chunks.iter().find(|c| c.t1 == k) {
                if let Actor::Person(p) = c.actor {
                    sponsors_rev.push(Sponsor::Person(p));
                }
                i = c.t0;
                continue;
            }
            break;
        }
        if s.is_any(k, &["his", "her", "their"]) && hint.kind == Some(Kind::Conference) {
            // "his proposal to hold a conference": the latest human subject before it.
            if let Some(c) = chunks.iter().rfind(|c| c.t1 <= k) {
                for a in c.actor.members() {
                    if let Actor::Person(p) = a {
                        sponsors_rev.push(Sponsor::Person(*p));
                    }
                }
            }
        }
        if s.is_any(k, DETERMINERS) {
            hint.definite = !s.is_any(k, &["a", "an", "any", "another"]);
            i = k;
            break;
        }
        if s.is_any(
            k,
            &["similar", "previous", "earlier", "prior", "past", "former"],
        ) {
            hint.past = true;
            i = k;
            continue;
        }
        if s.is_any(k, MODIFIERS) {
            i = k;
            continue;
        }
        break;
    }
    sponsors_rev.reverse();
    for sp in sponsors_rev {
        if !hint.sponsors.contains(&sp) {
            hint.sponsors.push(sp);
        }
    }
    (i, hint)
}

/// After the head: "tabled by Morocco on January 27", "which the United States circulated on
/// Thursday", "that was circulated by U.S. delegates Wednesday".
pub(super) fn right_context(
    s: &Sentence,
    chunks: &[Chunk],
    dates: &[DateMention],
    t1: usize,
    hint: &mut Hint,
) {
    let mut i = t1;
    if s.punct(i, ',') {
        i += 1;
    }
    let relative = s.is_any(i, &["which", "that"]);
    if relative {
        i += 1;
    }
    let clause_end = (i..s.len())
        .find(|&k| s.punct(k, ',') || s.punct(k, ';') || s.punct(k, '.'))
        .unwrap_or(s.len())
        .min(i + 14);
    let tabling_at = (i..clause_end)
        .find(|&k| s.is_any(k, TABLING) || (s.is(k, "put") && s.is(k + 1, "forward")));
    let Some(v) = tabling_at else {
        return;
    };
    let v_end = if s.is(v, "put") { v + 2 } else { v + 1 };
    // Passive "tabled [on Friday] by X, Y and Z".
    let by = (v_end..clause_end.max(v_end + 1)).find(|&k| s.is(k, "by"));
    let actor_chunk = if let Some(b) = by {
        chunks
            .iter()
            .find(|c| c.t0 == b + 1 || (c.t0 == b + 2 && s.is(b + 1, "the")))
    } else if relative {
        // "which X (formally) tabled".
        chunks.iter().rfind(|c| c.t0 >= i && c.t1 <= v)
    } else {
        None
    };
    if let Some(c) = actor_chunk {
        add_sponsors(&c.actor, hint);
        hint.tabling = true;
    }
    let end = clause_end.max(v_end);
    if let Some(d) = dates
        .iter()
        .find(|d| d.t0 >= i && d.t1 <= end + 4 && !d.attributive && d.t0 <= end)
    {
        hint.tabled = Some(d.when);
    }
}

/// "Jordan … tabled the text on Monday", "Britain and Japan raised the possibility of more
/// sanctions": the subject of a tabling verb just before the mention.
pub(super) fn subject_tabling(
    s: &Sentence,
    chunks: &[Chunk],
    dates: &[DateMention],
    t0: usize,
    hint: &mut Hint,
) {
    let mut v = t0;
    while v > 0 && s.is_any(v - 1, &["a", "an", "the", "its", "their"]) {
        v -= 1;
    }
    let raised = v >= 4 && s.seq(v - 4, &["raised", "the", "possibility", "of"]);
    let (verb_start, is_tabling) = if raised {
        (v - 4, true)
    } else if v >= 2 && s.is(v - 2, "put") && s.is(v - 1, "forward") {
        (v - 2, true)
    } else if v >= 1 && s.is_any(v - 1, TABLING) {
        (v - 1, true)
    } else {
        (v, false)
    };
    if !is_tabling {
        return;
    }
    let mut verb_start = verb_start;
    if verb_start >= 2 && s.is(verb_start - 2, "co") && s.punct(verb_start - 1, '-') {
        verb_start -= 2;
    }
    let mut k = verb_start;
    let mut date_before = None;
    while k > 0
        && (s.is_any(
            k - 1,
            &[
                "formally", "also", "both", "had", "has", "have", "jointly", "quietly", "first",
            ],
        ) || dates.iter().any(|d| d.t1 == k))
    {
        if let Some(d) = dates.iter().find(|d| d.t1 == k) {
            date_before = Some(d.when);
            k = d.t0;
        } else {
            k -= 1;
        }
    }
    // "The United States, which drafted the resolution, …".
    if k >= 2 && s.is_any(k - 1, &["which", "who"]) && s.punct(k - 2, ',') {
        k -= 2;
    }
    // Skip an appositive set off by commas ("Jordan, the council's only Arab member,").
    if k > 0 && s.punct(k - 1, ',') {
        if let Some(c) = chunks.iter().rfind(|c| c.t1 < k - 1) {
            if s.punct(c.t1, ',') {
                k = c.t1;
            }
        }
    }
    if let Some(c) = chunks.iter().find(|c| c.t1 == k) {
        add_sponsors(&c.actor, hint);
        hint.tabling = true;
        if let Some(d) = dates
            .iter()
            .find(|d| d.t0 >= t0 && d.t0 <= t0 + 12 && !d.attributive)
        {
            hint.tabled = Some(d.when);
        } else if date_before.is_some() {
            hint.tabled = date_before;
        }
    }
}

fn add_sponsors(actor: &Actor, hint: &mut Hint) {
    for a in actor.members() {
        let sp = match a {
            Actor::Entity(e) | Actor::Official(Some(e)) => Sponsor::Entity(*e),
            Actor::Person(p) => Sponsor::Person(*p),
            _ => continue,
        };
        if !hint.sponsors.contains(&sp) {
            hint.sponsors.push(sp);
        }
    }
}
