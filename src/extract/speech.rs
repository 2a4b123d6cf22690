//! Reported speech: who says what in a sentence. A frame is a verb of saying with its speaker
//! and the tokens it reports: "X said [on Wednesday] [that] …" (reported after the verb),
//! "…, X said." and "…, said X." (reported before it), "…, saying …" (the clause's subject),
//! a quotation attributed mid-sentence ("'…,' X added, '…'"). A frame's date is a date
//! expression of its own clause (before the verb, or right after it), never one inside what it
//! reports.
//!
//! Quotation marks are tracked across sentences: a sentence that only continues an attributed
//! quotation is the same speaker's.

use super::clause::{chunk_at, subject_of};
use super::dates::{DateMention, When};
use super::gazetteer::Gazetteer;
use super::mentions::{Actor, Chunk};
use super::text::Sentence;

/// A speech frame.
#[derive(Clone, Debug)]
pub struct Frame {
    /// The verb of saying.
    pub verb: usize,
    /// Who speaks (`None`: unknown, as in "diplomats said").
    pub speaker: Option<Actor>,
    /// The speaker's tokens.
    pub speaker_span: (usize, usize),
    /// Whether the speaker is a news medium ("Reuters said"): not a statement, and what it
    /// reports keeps its own actors.
    pub media: bool,
    /// The reported tokens (one or two ranges).
    pub regions: Vec<(usize, usize)>,
    /// The date of the speech act, if the clause gives one.
    pub date: Option<When>,
    /// Whether the verb is one of saying (a statement), not only reporting ("warned").
    pub saying: bool,
}

impl Frame {
    /// Whether token `i` is reported by this frame.
    pub fn covers(&self, i: usize) -> bool {
        self.regions.iter().any(|&(a, b)| a <= i && i < b)
    }

    /// The size of the reported region (smaller is more deeply nested).
    pub fn size(&self) -> usize {
        self.regions.iter().map(|(a, b)| b - a).sum()
    }
}

/// Which tokens of a sentence are inside quotation marks, given whether a quotation was open
/// when it started; and whether one is open at its end.
pub fn quoted_tokens(s: &Sentence, open_at_start: bool) -> (Vec<bool>, bool) {
    let mut open = open_at_start && !s.punct(0, '"');
    let mut out = Vec::with_capacity(s.len());
    for i in 0..s.len() {
        if s.punct(i, '"') {
            open = !open;
            out.push(true);
        } else {
            out.push(open);
        }
    }
    (out, open)
}

/// Nouns a verb like "told" takes as its object before what is reported.
fn object_end(s: &Sentence, chunks: &[Chunk], after: usize) -> usize {
    if let Some(c) = chunk_at(s, chunks, after) {
        return c.t1;
    }
    let mut i = after;
    if s.is_any(i, &["the", "a", "an"]) {
        i += 1;
    }
    if s.is_any(
        i,
        &[
            "reporters",
            "journalists",
            "council",
            "assembly",
            "press",
            "parliament",
            "lawmakers",
            "interviewers",
            "members",
            "meeting",
            "session",
            "chamber",
            "delegates",
            "diplomats",
            "envoys",
            "audience",
            "media",
            "broadcaster",
            "agency",
            "newspaper",
        ],
    ) {
        return i + 1;
    }
    if s.cap(i) {
        // "told Interfax", "told the Interfax news agency".
        let mut j = i;
        while j < s.len() && (s.cap(j) || s.is_any(j, &["news", "agency"])) {
            j += 1;
        }
        return j;
    }
    after
}

/// The speech frames of a sentence.
pub fn find_frames(
    s: &Sentence,
    chunks: &[Chunk],
    dates: &[DateMention],
    quoted: &[bool],
    g: &Gazetteer,
) -> Vec<Frame> {
    let mut out = Vec::new();
    let mut v = 0;
    while v < s.len() {
        let w = s.lw(v);
        let made_clear = w == "made" && (s.seq(v + 1, &["it", "clear"]) || s.is(v + 1, "clear"));
        let saying = g.is_speech_verb(w) || made_clear;
        // "threatened to veto": a verb group, not a report.
        let reporting = g.is_report_verb(w) && !s.is(v + 1, "to");
        if (!saying && !reporting) || quoted[v] {
            v += 1;
            continue;
        }
        let verb_end = if made_clear {
            v + if s.is(v + 1, "it") { 3 } else { 2 }
        } else {
            v + 1
        };
        if let Some(mut f) = frame_at(s, chunks, dates, quoted, v, verb_end, w) {
            f.saying = saying;
            out.push(f);
        }
        v = verb_end;
    }
    out
}

fn frame_at(
    s: &Sentence,
    chunks: &[Chunk],
    dates: &[DateMention],
    quoted: &[bool],
    v: usize,
    verb_end: usize,
    w: &str,
) -> Option<Frame> {
    let prev = if v > 0 { s.lw(v - 1) } else { "" };
    // Not reports: "declined to say", "would not say", "quoted X as saying", "is due to say".
    if matches!(prev, "to" | "not" | "as" | "never") || prev.ends_with("n't") {
        return None;
    }
    // "would say whether/if …": declining or asking, not saying.
    if w == "say" && s.is_any(v + 1, &["whether", "if"]) {
        return None;
    }
    let after_punct = |i: usize| i > 0 && (s.punct(i - 1, ',') || s.punct(i - 1, '"'));
    if w.ends_with("ing") {
        // "…, saying …": the subject of the clause it hangs on.
        if !s.punct(v.saturating_sub(1), ',') {
            return None;
        }
        let c = chunks.iter().find(|c| c.t1 <= v && !quoted[c.t0])?;
        return Some(frame(s, c, v, vec![(verb_end, s.len())], None, dates));
    }
    if let Some(c) = subject_of(s, chunks, dates, v) {
        let inverted = after_punct(c.t0) && reports_nothing_after(s, chunks, dates, verb_end);
        if inverted {
            let mut regions = vec![(0, c.t0.saturating_sub(1))];
            if let Some(q) = (verb_end..s.len()).find(|&k| s.punct(k, '"')) {
                if s.punct(q - 1, ',') || q == verb_end {
                    regions.push((q, s.len()));
                }
            }
            let date = frame_date(s, dates, c.t0, v, verb_end, s.len());
            return Some(frame(s, c, v, regions, date, dates));
        }
        let mut r = verb_end;
        if matches!(w, "told" | "tells" | "telling") {
            r = object_end(s, chunks, r);
        }
        let date_end = report_start(s, dates, r);
        let date = frame_date(s, dates, clause_begin(s, c.t0), v, verb_end, date_end);
        return Some(frame(s, c, v, vec![(date_end, s.len())], date, dates));
    }
    // "…," said X [on Wednesday].
    if after_punct(v) {
        let c = chunk_at(s, chunks, verb_end)?;
        let date = frame_date(s, dates, v, v, c.t1, s.len());
        let regions = vec![(0, v.saturating_sub(1))];
        return Some(frame(s, c, v, regions, date, dates));
    }
    None
}

fn frame(
    _s: &Sentence,
    c: &Chunk,
    v: usize,
    regions: Vec<(usize, usize)>,
    date: Option<When>,
    _dates: &[DateMention],
) -> Frame {
    let media = matches!(c.actor, Actor::Media);
    let speaker = match &c.actor {
        Actor::Media | Actor::Official(None) => None,
        a => Some(a.clone()),
    };
    Frame {
        verb: v,
        speaker,
        speaker_span: (c.t0, c.t1),
        media,
        regions,
        date,
        saying: true,
    }
}

/// Whether nothing is reported after the verb: past its object and dates, the sentence ends,
/// a comma or quotation mark follows, or a prepositional phrase ("in a telephone interview",
/// "after the meeting").
fn reports_nothing_after(
    s: &Sentence,
    chunks: &[Chunk],
    dates: &[DateMention],
    verb_end: usize,
) -> bool {
    let mut i = object_end(s, chunks, verb_end);
    while let Some(d) = dates.iter().find(|d| d.t0 == i) {
        i = d.t1;
    }
    i >= s.len()
        || s.punct(i, '.')
        || s.punct(i, '!')
        || s.punct(i, '?')
        || s.punct(i, '"')
        || s.punct(i, ',')
        || s.is_any(
            i,
            &[
                "in",
                "on",
                "at",
                "after",
                "before",
                "outside",
                "during",
                "from",
                "via",
                "by",
                "while",
                "when",
                "as",
                "to",
                "with",
                "without",
                "upon",
                "following",
                "ahead",
                "late",
                "earlier",
                "later",
                "shortly",
                "today",
                "yesterday",
            ],
        )
}

/// Where the reported clause starts after the verb (and its object): past dates, "that" and
/// a comma.
fn report_start(s: &Sentence, dates: &[DateMention], mut i: usize) -> usize {
    loop {
        if let Some(d) = dates.iter().find(|d| d.t0 == i) {
            i = d.t1;
            continue;
        }
        if s.punct(i, ',') || s.is(i, "that") {
            i += 1;
            continue;
        }
        // "said in a statement on Thursday that", "told reporters at a news conference that":
        // a prepositional phrase that runs into a date, "that" or a comma.
        if s.is_any(
            i,
            &["in", "at", "to", "during", "via", "through", "after", "on"],
        ) {
            let reach = (i + 1..(i + 7).min(s.len()))
                .find(|&k| s.is(k, "that") || s.punct(k, ',') || dates.iter().any(|d| d.t0 == k));
            if let Some(k) = reach {
                i = k;
                continue;
            }
        }
        return i;
    }
}

/// The start of the clause that holds a subject at `t0`: the sentence start.
fn clause_begin(_s: &Sentence, _t0: usize) -> usize {
    0
}

/// The date of a speech act: a date expression from `from` up to the verb, or between the
/// verb's end and `to` (where the report starts), outside comma-set relative clauses and not
/// after "before"/"after". The one nearest the verb wins.
pub fn frame_date(
    s: &Sentence,
    dates: &[DateMention],
    from: usize,
    v: usize,
    after: usize,
    to: usize,
) -> Option<When> {
    let ok = |d: &&DateMention| {
        !d.attributive
            && !(d.t0.saturating_sub(4)..d.t0).any(|k| {
                s.is_any(k, &["before", "after", "since", "until", "ahead", "during"])
                    && !(k..d.t0).any(|j| s.punct(j, ','))
            })
            && !in_relative(s, d.t0, v)
    };
    let before = dates.iter().filter(|d| d.t0 >= from && d.t1 <= v).rfind(ok);
    let after_v = dates
        .iter()
        .filter(|d| d.t0 >= after && d.t1 <= to)
        .find(ok);
    match (before, after_v) {
        (Some(b), Some(a)) => Some(if v - b.t1 <= a.t0 - after {
            b.when
        } else {
            a.when
        }),
        (Some(d), None) | (None, Some(d)) => Some(d.when),
        (None, None) => None,
    }
}

/// Whether token `i` lies in a relative clause (", which/who … ,") that closes before `v`.
pub fn in_relative(s: &Sentence, i: usize, v: usize) -> bool {
    let open = (i.saturating_sub(15)..i).rev().find(|&k| s.punct(k, ','));
    let Some(open) = open else {
        return false;
    };
    if !s.is_any(
        open + 1,
        &["which", "who", "whom", "whose", "where", "when"],
    ) {
        return false;
    }
    (i..v).any(|k| s.punct(k, ','))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::dates::{Date, find_dates};
    use crate::extract::mentions::{Salience, find_chunks};
    use crate::extract::persons::Persons;
    use crate::extract::roles::find_roles;
    use crate::kb::provenance::TextSpan;

    fn frames(text: &str) -> Vec<(String, String, Option<When>)> {
        let g = Gazetteer::builtin();
        let s = Sentence::new(0, TextSpan { start: 0, end: 0 }, text);
        let gaz = g.matches(&s);
        let roles = find_roles(&s, &gaz, &g);
        let mut persons = Persons::default();
        let (quoted, _) = quoted_tokens(&s, false);
        let chunks = find_chunks(
            &s,
            &gaz,
            &roles,
            &g,
            &mut persons,
            &Salience::default(),
            &quoted,
        );
        let dates = find_dates(&s, Date::parse("2024-07-04").expect("date"));
        find_frames(&s, &chunks, &dates, &quoted, &g)
            .into_iter()
            .map(|f| {
                let (a, b) = f.regions[0];
                (
                    s.text_of(f.speaker_span.0, f.speaker_span.1).to_string(),
                    s.text_of(a, b).to_string(),
                    f.date,
                )
            })
            .collect()
    }

    fn day(d: &str) -> Option<When> {
        Date::parse(d).map(When::Day)
    }

    #[test]
    fn normal_inverted_and_verb_first_frames() {
        let f = frames(
            "Anna Berg, Chile's U.N. ambassador, said on Monday that Peru would not support it.",
        );
        assert_eq!(f[0].0, "Anna Berg, Chile's U.N. ambassador");
        assert_eq!(f[0].1, "Peru would not support it.");
        assert_eq!(f[0].2, day("2024-07-01"));
        let f = frames("Peru will not back it, Foreign Minister Anna Berg said on Tuesday.");
        assert_eq!(f[0].1, "Peru will not back it");
        assert_eq!(f[0].2, day("2024-07-02"));
        let f = frames("\"We object,\" said the Chilean envoy.");
        assert_eq!(f[0].0, "the Chilean envoy");
    }

    #[test]
    fn a_date_inside_the_report_is_not_the_frame_date() {
        let f = frames("Anna Berg said a vote could take place on Friday.");
        assert_eq!(f[0].2, None);
        let f = frames("Peru told reporters after the meeting on Monday that it objected.");
        assert_eq!(f[0].2, None);
    }
}
