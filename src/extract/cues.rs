//! Stance cues: where a sentence may take a position on a proposal. Stance verbs of the
//! gazetteer ("backs", "rejected", "veto"), its fixed phrases ("came out against", "all options
//! are on the table"), and patterns: "dropped … support for", "gave … cautious support",
//! "declined to say whether", "will not let … pass", "[the proposal] would be
//! counterproductive", "would vote against", and indirect questions ("whether it would veto"),
//! which are skipped whole. Whether a cue is a stance is `stance`' decision.

use super::clause::{clause_end, is_negation, verb_group};
use super::gazetteer::VerbClass;
use super::sentence::SentenceView;

/// What kind of cue was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    /// A stance verb of a class.
    Verb(VerbClass),
    /// A fixed phrase with its position.
    Phrase(&'static str),
    /// "declined to say whether … veto … or abstain".
    Undeclared,
    /// "will not let … pass".
    LetPass,
    /// "[the proposal] would be counterproductive".
    Evaluation,
    /// An indirect question ("whether it would veto"): skipped whole.
    Question,
}

const NEGATIVE_EVALUATIONS: &[&str] = &[
    "counterproductive",
    "dangerous",
    "unacceptable",
    "harmful",
    "unhelpful",
    "destabilising",
    "destabilizing",
    "mistake",
    "unjustified",
    "illegal",
    "premature",
    "pointless",
];

fn position_word(p: &str) -> &'static str {
    match p {
        "support" => "support",
        "conditional_support" => "conditional_support",
        "will_veto" => "will_veto",
        "will_not_veto" => "will_not_veto",
        "will_abstain" => "will_abstain",
        "veto_undeclared" => "veto_undeclared",
        _ => "oppose",
    }
}

/// A cue starting at token `i`: its kind, the verb the verb group attaches to, and its end.
pub fn cue_at(v: &SentenceView, i: usize) -> Option<(Cue, usize, usize)> {
    let s = v.s;
    let w = s.lw(i);
    for (words, pos) in v.g.phrases_starting(w) {
        if words.iter().enumerate().all(|(k, x)| s.is(i + k, x)) {
            return Some((Cue::Phrase(position_word(pos)), i, i + words.len()));
        }
    }
    // "dropped Russian support for", "withdrew its support for".
    if matches!(
        w,
        "dropped" | "withdrew" | "withdrawn" | "pulled" | "drops" | "withdraws"
    ) {
        if let Some(k) =
            (i + 1..(i + 4).min(s.len())).find(|&k| s.is_any(k, &["support", "backing"]))
        {
            if s.is_any(k + 1, &["for", "to", "from"]) {
                return Some((Cue::Phrase("oppose"), i, k + 2));
            }
        }
    }
    // "gave the draft cautious support", "had given cautious support for".
    if matches!(
        w,
        "gave" | "give" | "given" | "giving" | "gives" | "expressed" | "voiced" | "offered"
    ) {
        if let Some(k) = (i + 1..(i + 7).min(s.len()))
            .find(|&k| s.is_any(k, &["support", "backing", "endorsement"]))
        {
            let end = if s.is_any(k + 1, &["for", "to"]) {
                k + 2
            } else {
                k + 1
            };
            return Some((Cue::Verb(VerbClass::Support), i, end.max(i + 1)));
        }
    }
    if matches!(w, "declined" | "refused" | "declines" | "refuses")
        && s.is(i + 1, "to")
        && s.is_any(
            i + 2,
            &[
                "say", "disclose", "reveal", "indicate", "specify", "comment", "commit", "confirm",
            ],
        )
    {
        let end = (i + 3..(i + 20).min(s.len()))
            .find(|&k| s.lw(k).starts_with("abstain"))
            .map_or(i + 3, |k| k + 1);
        return Some((Cue::Undeclared, i, end));
    }
    // The indirect question after "whether" (or "say if") is nobody's position.
    if matches!(w, "whether")
        || (w == "if" && i > 0 && s.is_any(i - 1, &["say", "asked", "ask", "know", "said"]))
    {
        let comma = (i + 1..s.len())
            .find(|&k| s.punct(k, ','))
            .unwrap_or(s.len());
        let end = clause_end(s, i).min(comma).min(i + 20);
        return Some((Cue::Question, i, end));
    }
    // "would not say whether", "has not said if", "Neither he nor X would say if", "would not
    // be drawn on whether", "would not commit to a veto".
    let saying = matches!(
        w,
        "say"
            | "said"
            | "says"
            | "indicate"
            | "indicated"
            | "disclose"
            | "disclosed"
            | "reveal"
            | "revealed"
            | "specify"
            | "specified"
            | "state"
            | "stated"
            | "commit"
            | "committed"
    ) || (w == "drawn" && s.is(i + 1, "on"));
    let next = if w == "drawn" { i + 2 } else { i + 1 };
    if saying
        && (s.is_any(next, &["whether", "if", "to", "how"]) || s.punct(next, ','))
        && (w != "commit" && w != "committed" || s.is(next, "to"))
    {
        let (start, group) = verb_group(s, i);
        let negated = group.iter().any(|g| is_negation(g));
        let neither = v
            .chunks
            .iter()
            .any(|c| c.t1 == start && s.is(c.t0, "neither"));
        if negated || neither {
            let end = (i + 1..(i + 20).min(s.len()))
                .find(|&k| s.lw(k).starts_with("abstain"))
                .map_or(i + 1, |k| k + 1);
            return Some((Cue::Undeclared, i, end));
        }
    }
    if matches!(w, "let" | "allow") && i > 0 {
        if let Some(k) = (i + 1..(i + 16).min(s.len())).find(|&k| s.is_any(k, &["pass", "through"]))
        {
            let (_, group) = verb_group(s, i);
            if group.iter().any(|g| is_negation(g)) {
                return Some((Cue::LetPass, i, k + 1));
            }
        }
    }
    if matches!(w, "would" | "will" | "is")
        && s.is(i + 1, "be")
        && v.refs
            .iter()
            .any(|r| r.t1 <= i && r.t1 + 6 >= i && !(r.t1..i).any(|k| s.punct(k, ',')))
    {
        let mut k = i + 2;
        while s.punct(k, '"')
            || s.is_any(
                k,
                &[
                    "a",
                    "an",
                    "both",
                    "very",
                    "so",
                    "too",
                    "highly",
                    "extremely",
                ],
            )
        {
            k += 1;
        }
        if s.is_any(k, NEGATIVE_EVALUATIONS) {
            return Some((Cue::Evaluation, i, k + 1));
        }
    }
    // "would vote against the text": a position before the vote, not a vote.
    if matches!(w, "vote" | "votes") {
        let (_, group) = verb_group(s, i);
        let modal = group
            .iter()
            .any(|g| matches!(*g, "will" | "would" | "'ll" | "plans" | "intends" | "going"));
        if modal {
            match s.lw(i + 1) {
                "against" => return Some((Cue::Phrase("oppose"), i, i + 2)),
                "for" => return Some((Cue::Phrase("support"), i, i + 2)),
                "in" if s.is_any(i + 2, &["favour", "favor"]) => {
                    let end = if s.is(i + 3, "of") { i + 4 } else { i + 3 };
                    return Some((Cue::Phrase("support"), i, end));
                }
                _ => {}
            }
        }
    }
    if w == "consider" {
        let (_, group) = verb_group(s, i);
        if group.contains(&"only") {
            return Some((Cue::Verb(VerbClass::Support), i, i + 1));
        }
        return None;
    }
    if w == "use" && s.is_any(i + 1, &["its", "their", "the", "a"]) && s.is(i + 2, "veto") {
        return Some((Cue::Verb(VerbClass::Veto), i, i + 3));
    }
    let class = v.g.verb_class(w)?;
    // Adjectives ("U.S.-backed"), nouns ("the veto", "its support").
    if i > 0 && (s.punct(i - 1, '-') && s.joined(i)) {
        return None;
    }
    if i > 0
        && s.is_any(
            i - 1,
            &[
                "the", "a", "an", "its", "their", "his", "her", "our", "of", "with", "without",
                "for",
            ],
        )
    {
        return None;
    }
    Some((Cue::Verb(class), i, i + 1))
}
