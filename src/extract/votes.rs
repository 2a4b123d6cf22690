//! Votes: "vetoed" (against), "voted against / for / in favour", "abstained", with the
//! countries named as voting: subjects and lists ("Nine members, among them A, B and C, voted
//! in favour"), "with A voting against and B abstaining", the passive "was vetoed by A",
//! "Voting against were A and B", and the United Nations' own "1 against (A), with 2
//! abstentions (B, C)". Counts such as "the remaining 11 members" add no one. A vote reported in
//! someone's speech, only expected ("had been expected to vote in favour") or from another
//! occasion ("the 17th time Russia has vetoed") is not a vote.
//!
//! Also the day of the voting session: a date in the clause of a vote or of the council's
//! decision ("failed in the Security Council on Friday", "The Security Council on Thursday
//! authorised …", "in Monday's vote"); every vote on that proposal gets it.

use super::clause::{clause_end, subject_of, verb_group};
use super::dates::{Date, When};
use super::mentions::{Actor, Chunk};
use super::sentence::SentenceView;
use super::speech::frame_date;
use super::text::TokKind;

/// A vote found in a sentence.
#[derive(Clone, Copy, Debug)]
pub struct VoteHit {
    /// The voting country (gazetteer entity).
    pub country: usize,
    /// The proposal.
    pub prop: usize,
    /// `for`, `against` or `abstain`.
    pub choice: &'static str,
}

/// A voting session's day for a proposal.
#[derive(Clone, Copy, Debug)]
pub struct SessionHit {
    /// The proposal.
    pub prop: usize,
    /// The day.
    pub date: Date,
}

const NUMBERS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "none",
];

/// The vote at token `i`: its choice and the token after the vote phrase.
fn vote_at(v: &SentenceView, i: usize) -> Option<(&'static str, usize)> {
    let s = v.s;
    match s.lw(i) {
        "vetoed" | "vetoes" | "vetoing" => Some(("against", i + 1)),
        "abstained" | "abstains" | "abstaining" => {
            let end = if s.seq(i + 1, &["from", "the", "vote"]) {
                i + 4
            } else {
                i + 1
            };
            Some(("abstain", end))
        }
        "cast" | "used" | "casting" | "using"
            if s.is_any(i + 1, &["a", "its", "their"]) && s.is(i + 2, "veto") =>
        {
            let end = if s.is(i + 3, "power") { i + 4 } else { i + 3 };
            Some(("against", end))
        }
        "voted" | "vote" | "votes" | "voting" => match s.lw(i + 1) {
            "against" | "no" => Some(("against", i + 2)),
            "for" | "yes" => Some(("for", i + 2)),
            "in" if s.is_any(i + 2, &["favour", "favor"]) => {
                let end = if s.is(i + 3, "of") { i + 4 } else { i + 3 };
                Some(("for", end))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The votes and session days of a sentence.
pub fn find_votes(v: &SentenceView) -> (Vec<VoteHit>, Vec<SessionHit>) {
    let s = v.s;
    let mut votes = Vec::new();
    let mut sessions = Vec::new();
    for i in 0..s.len() {
        if v.quoted.get(i).copied().unwrap_or(false) {
            continue;
        }
        let reported = v.frames.iter().any(|f| f.covers(i) && !f.media);
        if let Some((choice, end)) = vote_at(v, i) {
            if reported || historical(v, i) {
                continue;
            }
            let (gstart, group) = verb_group(s, i);
            let hedged = group.iter().any(|g| {
                matches!(
                    *g,
                    "to" | "will"
                        | "would"
                        | "could"
                        | "may"
                        | "might"
                        | "expected"
                        | "likely"
                        | "can"
                        | "should"
                        | "shall"
                        | "must"
                )
            });
            if hedged && !s.is(gstart.saturating_sub(1), "in") {
                continue;
            }
            let passive = group.iter().any(|g| matches!(*g, "was" | "were" | "been"))
                && s.lw(i).ends_with("ed");
            let voters = if passive {
                after_by(v, end)
            } else {
                voters(v, i, gstart, end)
            };
            let prop = if passive {
                v.refs.iter().rev().find(|r| r.t1 <= gstart).map(|r| r.prop)
            } else {
                object(v, end)
            }
            .or_else(|| v.vetoable_salient_at(i));
            let Some(prop) = prop else {
                continue;
            };
            if let Some(date) = session_date(v, gstart, end) {
                sessions.push(SessionHit { prop, date });
            }
            for c in voters {
                votes.push(VoteHit {
                    country: c,
                    prop,
                    choice,
                });
            }
        } else if let Some((choice, list)) = tally_list(v, i) {
            // "13 votes in favour to 1 against (Russian Federation)".
            if reported {
                continue;
            }
            if let Some(prop) = v.vetoable_salient_at(s.len()) {
                for c in list {
                    votes.push(VoteHit {
                        country: c,
                        prop,
                        choice,
                    });
                }
            }
        } else if is_session_verb(v, i) && !reported {
            let (gstart, _) = verb_group(s, i);
            let prop = v
                .refs
                .iter()
                .rev()
                .find(|r| r.t1 <= gstart)
                .or_else(|| v.refs.iter().find(|r| r.t0 > i && r.t0 <= clause_end(s, i)))
                .map(|r| r.prop);
            if let (Some(prop), Some(date)) = (prop, session_date(v, gstart, i + 1)) {
                sessions.push(SessionHit { prop, date });
            }
        }
    }
    (votes, sessions)
}

/// Whether the vote at `i` is another occasion: "the 17th time Russia has vetoed …",
/// "had vetoed a similar text in 2017".
fn historical(v: &SentenceView, i: usize) -> bool {
    let s = v.s;
    let before = (i.saturating_sub(10)..i).any(|k| s.is_any(k, &["time", "times"]));
    let (_, group) = verb_group(s, i);
    let perfect = group.iter().any(|g| matches!(*g, "has" | "have" | "had"));
    let earlier = (i..clause_end(s, i)).any(|k| {
        s.is_any(
            k,
            &[
                "since",
                "previously",
                "similar",
                "previous",
                "earlier",
                "past",
            ],
        ) || (s.is(k, "in") && s.toks.get(k + 1).is_some_and(|t| t.kind == TokKind::Number))
    });
    before || (perfect && earlier)
}

/// "…against (China, Russian Federation)", "with 3 abstentions (A, B, C)": the choice and
/// the countries of a parenthesised list after a tally word at `i`.
fn tally_list(v: &SentenceView, i: usize) -> Option<(&'static str, Vec<usize>)> {
    let s = v.s;
    let choice = match s.lw(i) {
        "against" => "against",
        "abstention" | "abstentions" | "abstaining" => "abstain",
        "favour" | "favor" => "for",
        _ => return None,
    };
    if !s.punct(i + 1, '(') {
        return None;
    }
    let close = (i + 2..s.len()).find(|&k| s.punct(k, ')'))?;
    let mut out = Vec::new();
    for c in v.chunks.iter().filter(|c| c.t0 > i + 1 && c.t1 <= close) {
        push_countries(v, &c.actor, &mut out);
    }
    (!out.is_empty()).then_some((choice, out))
}

/// A verb that reports the outcome of a vote on a proposal ("failed in the Security Council",
/// "authorised a no-fly zone, adopting a resolution").
fn is_session_verb(v: &SentenceView, i: usize) -> bool {
    let s = v.s;
    match s.lw(i) {
        "failed" | "fell" => true,
        "adopted" | "authorised" | "authorized" | "approved" | "passed" | "adopting" => {
            !s.is(i + 1, "to")
        }
        _ => false,
    }
}

fn push_countries(v: &SentenceView, a: &Actor, out: &mut Vec<usize>) {
    for m in a.members() {
        if let Actor::Entity(e) = m {
            if v.is_country(*e) && !out.contains(e) {
                out.push(*e);
            }
        }
    }
}

fn chunk_after<'c>(v: &'c SentenceView, k: usize) -> Option<&'c Chunk> {
    v.chunks
        .iter()
        .find(|c| c.t0 == k || (c.t0 == k + 1 && v.s.is(k, "the")))
}

/// "was vetoed by A and B".
fn after_by(v: &SentenceView, end: usize) -> Vec<usize> {
    let mut out = Vec::new();
    if v.s.is(end, "by") {
        if let Some(c) = chunk_after(v, end + 1) {
            push_countries(v, &c.actor, &mut out);
        }
    }
    out
}

/// The countries that cast the vote at `i` (verb group from `gstart`, phrase to `end`).
fn voters(v: &SentenceView, i: usize, gstart: usize, end: usize) -> Vec<usize> {
    let s = v.s;
    let mut out = Vec::new();
    // "with only A joining B in voting for it", "A joined B in voting against".
    if s.is(gstart.saturating_sub(1), "in") && s.is(i, "voting") {
        if let Some(j) = (i.saturating_sub(8)..i)
            .rev()
            .find(|&k| s.is_any(k, &["joining", "joined", "joins", "join"]))
        {
            if let Some(c) = chunk_after(v, j + 1) {
                push_countries(v, &c.actor, &mut out);
            }
            if let Some(c) = subject_of(s, v.chunks, v.dates, j) {
                push_countries(v, &c.actor, &mut out);
            }
        }
        return out;
    }
    // "Voting against were A and B", "Abstaining were A and B".
    if s.is_any(end, &["were", "was"]) && (gstart == 0 || s.punct(gstart - 1, ',')) {
        if let Some(c) = chunk_after(v, end + 1) {
            push_countries(v, &c.actor, &mut out);
        }
        return out;
    }
    if let Some(c) = subject_of(s, v.chunks, v.dates, gstart) {
        push_countries(v, &c.actor, &mut out);
    }
    if out.is_empty() && s.lw(i).ends_with("ing") {
        // "with Britain abstaining", "with A voting against".
        if let Some(c) = v.chunks.iter().find(|c| c.t1 == gstart) {
            push_countries(v, &c.actor, &mut out);
        }
    }
    if out.is_empty() {
        // "A, B and four other members voted against": the named ones.
        let mut k = gstart;
        while k > 0
            && (s.is_any(
                k - 1,
                &[
                    "members",
                    "member",
                    "others",
                    "countries",
                    "states",
                    "other",
                    "and",
                ],
            ) || s.toks[k - 1].kind == TokKind::Number
                || s.is_any(k - 1, NUMBERS))
        {
            k -= 1;
        }
        if k < gstart {
            if let Some(c) = v.chunks.iter().find(|c| c.t1 == k) {
                push_countries(v, &c.actor, &mut out);
            }
        }
    }
    if out.is_empty() {
        // "…, voted in favour, including A, B and C" / "abstained, among them A and B".
        let mut k = end;
        if let Some(r) = v
            .refs
            .iter()
            .find(|r| r.t0 == k || (r.t0 == k + 1 && s.is(k, "of")))
        {
            k = r.t1;
        } else if s.is_any(k, &["it", "them"]) {
            k += 1;
        }
        if s.punct(k, ',') {
            k += 1;
        }
        if s.is_any(k, &["including", "among"]) {
            let at = if s.is(k, "among") { k + 2 } else { k + 1 };
            if let Some(c) = chunk_after(v, at) {
                push_countries(v, &c.actor, &mut out);
            }
        }
    }
    out
}

/// The proposal a vote is about when the sentence names it: "voted against the text", "vetoed
/// a U.S. draft", "voted for it".
fn object(v: &SentenceView, end: usize) -> Option<usize> {
    let s = v.s;
    let stop = clause_end(s, end).min(end + 10);
    if let Some(r) = v.refs.iter().find(|r| r.t0 >= end && r.t0 < stop) {
        return Some(r.prop);
    }
    if s.is_any(end, &["it", "them"]) {
        return v.salient_at(end);
    }
    None
}

/// The session day in the clause of a vote (or decision) verb; a day that names the vote
/// itself ("in Monday's vote") counts too.
fn session_date(v: &SentenceView, gstart: usize, end: usize) -> Option<Date> {
    let s = v.s;
    let to = clause_end(s, end);
    if let Some(When::Day(d)) = frame_date(s, v.dates, 0, gstart, end, to) {
        return Some(d);
    }
    v.dates
        .iter()
        .filter(|d| d.attributive && s.is_any(d.t1 + 1, &["vote", "session", "meeting"]))
        .find_map(|d| match d.when {
            When::Day(day) => Some(day),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::without_proposal;

    fn votes(body: &str) -> Vec<String> {
        without_proposal(body, "vote")
    }

    #[test]
    fn lists_counts_and_the_session_day() {
        let v = votes(
            "Peru and Chile on Tuesday vetoed a draft resolution on Fiji, while Mexico \
             abstained. Nine members, among them Ecuador and Ghana, voted in favour. The \
             remaining three members voted against.",
        );
        assert_eq!(
            v,
            [
                "peru against 2024-07-02",
                "chile against 2024-07-02",
                "mexico abstain 2024-07-02",
                "ecuador for 2024-07-02",
                "ghana for 2024-07-02"
            ]
        );
    }

    #[test]
    fn passive_tallies_and_other_occasions() {
        let v = votes(
            "A draft resolution on Fiji was vetoed by Peru on Friday. It received 12 votes in \
             favour to 1 against (Peru), with 2 abstentions (Chile, Mexico). It was the fifth \
             time Peru has vetoed a text on Fiji. Ecuador had been expected to vote in favour.",
        );
        assert_eq!(
            v,
            [
                "peru against 2024-06-28",
                "chile abstain 2024-06-28",
                "mexico abstain 2024-06-28"
            ]
        );
    }

    #[test]
    fn votes_in_reported_speech_add_nothing() {
        let v = votes(
            "A draft resolution failed on Monday. Chile's envoy said Peru had voted against it.",
        );
        assert!(v.is_empty(), "{v:?}");
    }
}
