//! Shallow clause structure: the subject of a verb (the nearest actor mention to its left,
//! past auxiliaries, adverbs, dates, appositives and relative clauses set off by commas), the
//! verb group before a verb (auxiliaries, modals, negation), and clause boundaries.
//!
//! Everything here is positional over tokens and chunks; no parse tree is built.

use super::dates::DateMention;
use super::mentions::Chunk;
use super::text::Sentence;

/// Words of a verb group or adverbs that may stand between a subject and its verb.
pub const SKIP: &[&str] = &[
    "has",
    "had",
    "have",
    "would",
    "will",
    "'ll",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "not",
    "never",
    "also",
    "still",
    "fully",
    "firmly",
    "strongly",
    "only",
    "just",
    "later",
    "again",
    "earlier",
    "then",
    "already",
    "now",
    "similarly",
    "repeatedly",
    "formally",
    "quickly",
    "swiftly",
    "immediately",
    "openly",
    "publicly",
    "privately",
    "reportedly",
    "apparently",
    "both",
    "all",
    "outright",
    "once",
    "however",
    "too",
    "itself",
    "themselves",
    "jointly",
    "unanimously",
    "today",
    "yesterday",
    "tonight",
    "no",
    "longer",
    "yet",
    "ever",
    "so",
    "far",
    "duly",
    "flatly",
    "firmly",
    "cautiously",
    "initially",
    "first",
    "finally",
    "eventually",
    "previously",
    "recently",
    "subsequently",
    "instead",
    "even",
    "simply",
    "certainly",
    "definitely",
    "clearly",
    "explicitly",
    "effectively",
    "each",
    "separately",
];

/// Prepositions: a mention right after one is not a subject.
const PREPOSITIONS: &[&str] = &[
    "against", "on", "of", "to", "for", "with", "in", "at", "from", "about", "over", "into",
    "between", "than", "like", "under", "toward", "towards", "upon", "behind", "within",
];

/// Words that negate a verb group.
pub fn is_negation(w: &str) -> bool {
    matches!(w, "not" | "never" | "cannot" | "neither" | "nor") || w.ends_with("n't")
}

/// Finds the chunk that ends at token `end` (exclusive end).
fn chunk_ending(chunks: &[Chunk], end: usize) -> Option<&Chunk> {
    chunks.iter().find(|c| c.t1 == end)
}

/// The subject of the verb at `v`: the nearest chunk to its left within the clause, skipping
/// verb-group words and dates, relative clauses and appositives set off by commas ("South
/// Africa, which holds a seat, rejected"), and taking a list introduced by "among them" or
/// "including" ("Nine members, among them A and B, voted").
pub fn subject_of<'c>(
    s: &Sentence,
    chunks: &'c [Chunk],
    dates: &[DateMention],
    v: usize,
) -> Option<&'c Chunk> {
    let mut i = v;
    let mut hops = 0;
    while i > 0 && hops < 40 {
        hops += 1;
        let k = i - 1;
        if let Some(c) = chunk_ending(chunks, i) {
            // The object of a preposition is not a subject ("sanctions against X would").
            if c.t0 > 0 && s.is_any(c.t0 - 1, PREPOSITIONS) {
                return None;
            }
            return Some(c);
        }
        if s.is_any(k, SKIP) || s.lw(k).ends_with("n't") || s.lw(k).ends_with("ly") {
            i = k;
            continue;
        }
        if let Some(d) = dates.iter().find(|d| d.t1 == i) {
            i = d.t0;
            continue;
        }
        if s.punct(k, ',') {
            // A segment set off by commas: find its opening comma.
            let open = (k.saturating_sub(25)..k).rev().find(|&j| s.punct(j, ','))?;
            if let Some(c) = chunk_ending(chunks, k) {
                if c.t0 <= open || s.is_any(open + 1, &["among", "including"]) {
                    return Some(c);
                }
            }
            i = open;
            continue;
        }
        return None;
    }
    None
}

/// The chunk that starts right after token `i` (past "the"), if one does.
pub fn chunk_at<'c>(s: &Sentence, chunks: &'c [Chunk], i: usize) -> Option<&'c Chunk> {
    chunks
        .iter()
        .find(|c| c.t0 == i || (c.t0 == i + 1 && s.is(i, "the")))
}

/// The verb group before token `v`: the tokens of auxiliaries, modals, negation and adverbs,
/// as (start, words) — "would not", "can", "had apparently".
pub fn verb_group(s: &Sentence, v: usize) -> (usize, Vec<&str>) {
    let mut i = v;
    let mut words = Vec::new();
    while i > 0 {
        let w = s.lw(i - 1);
        let aux = s.is_any(i - 1, SKIP)
            || w.ends_with("n't")
            || w == "cannot"
            || (w == "to" && i >= 2)
            || matches!(
                w,
                "intends"
                    | "intend"
                    | "plans"
                    | "plan"
                    | "vowed"
                    | "vows"
                    | "threatened"
                    | "threatens"
                    | "pledged"
                    | "pledges"
                    | "ready"
                    | "prepared"
                    | "willing"
                    | "going"
                    | "refused"
                    | "refuses"
                    | "declined"
                    | "declines"
                    | "failed"
                    | "unwilling"
                    | "reluctant"
                    | "expected"
                    | "likely"
                    | "unlikely"
                    | "appears"
                    | "seems"
                    | "believed"
                    | "thought"
                    | "set"
                    | "due"
                    | "able"
                    | "unable"
                    | "wants"
                    | "want"
                    | "decided"
                    | "decide"
                    | "agreed"
                    | "agree"
                    | "promised"
            );
        if !aux || words.len() >= 6 {
            break;
        }
        words.push(w);
        i -= 1;
    }
    words.reverse();
    (i, words)
}

/// Whether tokens `a..b` lie inside a clause that ends a comma-free stretch: the end of the
/// clause of token `i` (exclusive): the next `;`, or a comma followed by a conjunction or a
/// participle, or the sentence end.
pub fn clause_end(s: &Sentence, i: usize) -> usize {
    for k in i..s.len() {
        if s.punct(k, ';') {
            return k;
        }
        if s.punct(k, ',')
            && s.is_any(
                k + 1,
                &[
                    "while", "but", "and", "whereas", "although", "though", "because", "with",
                    "saying", "arguing", "adding",
                ],
            )
        {
            return k;
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::gazetteer::Gazetteer;
    use crate::extract::mentions::{Salience, find_chunks};
    use crate::extract::persons::Persons;
    use crate::extract::roles::find_roles;
    use crate::kb::provenance::TextSpan;

    fn subject(text: &str, verb: &str) -> Option<String> {
        let g = Gazetteer::builtin();
        let s = Sentence::new(0, TextSpan { start: 0, end: 0 }, text);
        let gaz = g.matches(&s);
        let roles = find_roles(&s, &gaz, &g);
        let mut persons = Persons::default();
        let quoted = vec![false; s.len()];
        let chunks = find_chunks(
            &s,
            &gaz,
            &roles,
            &g,
            &mut persons,
            &Salience::default(),
            &quoted,
        );
        let v = (0..s.len()).find(|&i| s.is(i, verb))?;
        subject_of(&s, &chunks, &[], v).map(|c| s.text_of(c.t0, c.t1).to_string())
    }

    #[test]
    fn subjects_skip_relative_clauses_and_verb_groups() {
        assert_eq!(
            subject(
                "Peru, which holds a seat on the council, has also rejected it.",
                "rejected"
            )
            .as_deref(),
            Some("Peru")
        );
        assert_eq!(
            subject(
                "Nine members, among them Peru and Chile, voted for it.",
                "voted"
            )
            .as_deref(),
            Some("Peru and Chile")
        );
        assert_eq!(
            subject("Anna Berg, Chile's U.N. ambassador, said no.", "said").as_deref(),
            Some("Anna Berg, Chile's U.N. ambassador")
        );
        assert_eq!(
            subject("The nine other members voted for it.", "voted"),
            None
        );
    }

    #[test]
    fn verb_groups_collect_modals_and_negation() {
        let s = Sentence::new(0, TextSpan { start: 0, end: 0 }, "Peru would not veto it.");
        let (start, words) = verb_group(&s, 3);
        assert_eq!((start, words), (1, vec!["would", "not"]));
        assert!(is_negation("wouldn't"));
    }
}
