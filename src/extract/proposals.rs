//! Proposals and the mentions that refer to them: draft resolutions, press statements,
//! sanctions proposals and conference proposals, with sponsors ("U.S.-drafted", "a rival
//! Russian draft", "tabled by Morocco", "Jordan tabled the text"), body, targets ("sanctions on
//! Zimbabwe"), effect ("to lift sanctions") and the date tabled. Later mentions ("the draft",
//! "the U.S. proposal", "their new plan", "that move", "it") resolve to the same proposal:
//! by sponsors when they name them, else to the most recently mentioned proposal of a
//! compatible kind.

use super::dates::{DateMention, When};
use super::gazetteer::{Form, GazMatch, Gazetteer, Target};
use super::mentions::Chunk;
use super::proposal_mentions::{Hint, find_heads, modifiers, right_context, subject_tabling};
use super::text::Sentence;
use crate::kb::provenance::TextSpan;

/// What kind of proposal a mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A draft resolution (any text put to a vote in a council).
    Draft,
    /// A press statement.
    PressStatement,
    /// Sanctions proposed outside a draft ("more sanctions").
    Sanctions,
    /// A proposed conference.
    Conference,
    /// Not said ("the proposal", "their plan", "it").
    Unknown,
}

impl Kind {
    /// The schema's word for the kind.
    pub fn schema_word(self) -> &'static str {
        match self {
            Kind::Draft | Kind::Unknown => "draft_resolution",
            Kind::PressStatement => "press_statement",
            Kind::Sanctions => "sanctions_proposal",
            Kind::Conference => "conference_proposal",
        }
    }

    /// The word in proposal ids.
    pub fn id_word(self) -> &'static str {
        match self {
            Kind::Draft | Kind::Unknown => "draft",
            Kind::PressStatement => "press_statement",
            Kind::Sanctions => "sanctions_proposal",
            Kind::Conference => "conference_proposal",
        }
    }

    fn fits(self, hint: Kind) -> bool {
        match hint {
            Kind::Unknown => self != Kind::Conference,
            Kind::Draft => matches!(self, Kind::Draft | Kind::Unknown | Kind::Sanctions),
            Kind::Sanctions => matches!(self, Kind::Draft | Kind::Unknown | Kind::Sanctions),
            Kind::PressStatement => matches!(self, Kind::PressStatement | Kind::Unknown),
            Kind::Conference => self == Kind::Conference,
        }
    }
}

/// A sponsor: a state or organization, or a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sponsor {
    /// A gazetteer entity.
    Entity(usize),
    /// A person of the article.
    Person(usize),
}

/// Where an attribute of a proposal is stated.
#[derive(Clone, Copy, Debug)]
pub struct Evidence {
    /// Sentence index.
    pub sentence: usize,
    /// The span.
    pub span: TextSpan,
}

/// A proposal of the article.
#[derive(Clone, Debug)]
pub struct Proposal {
    /// Its kind.
    pub kind: Kind,
    /// Its sponsors, in the order the article names them.
    pub sponsors: Vec<Sponsor>,
    /// Where the sponsors are named.
    pub sponsor_evidence: Option<Evidence>,
    /// The body it is put to (gazetteer entity).
    pub body: Option<usize>,
    /// Whom its measures aim at (gazetteer entities), with evidence.
    pub targets: Vec<(usize, Evidence)>,
    /// Effects found: (lift, tighten, impose) with evidence of the first.
    pub effects: [Option<Evidence>; 3],
    /// When it was tabled.
    pub tabled: Option<When>,
    /// The day it was voted on.
    pub session: Option<super::dates::Date>,
    /// Its first mention.
    pub first: Evidence,
    /// When it was last mentioned (a counter).
    pub last_seen: u64,
    /// Another occasion's text ("a similar resolution in 2017"): kept apart, never written.
    pub past: bool,
}

/// A mention of a proposal: tokens `t0..t1`, head at `head`.
#[derive(Clone, Copy, Debug)]
pub struct PropRef {
    /// First token.
    pub t0: usize,
    /// One past the last token.
    pub t1: usize,
    /// The head noun.
    pub head: usize,
    /// The proposal (index into [`Proposals::list`]).
    pub prop: usize,
}

/// The proposals of an article.
#[derive(Debug, Default)]
pub struct Proposals {
    /// Proposals in order of first mention.
    pub list: Vec<Proposal>,
    clock: u64,
}

impl Proposals {
    /// The most recently mentioned proposal of a kind that fits `hint`.
    pub fn salient(&self, hint: Kind) -> Option<usize> {
        self.list
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind.fits(hint) && !p.past)
            .max_by_key(|(_, p)| p.last_seen)
            .map(|(i, _)| i)
    }

    fn touch(&mut self, i: usize) {
        self.clock += 1;
        self.list[i].last_seen = self.clock;
    }

    /// Finds the proposal mentions of a sentence, resolving or creating their proposals.
    #[allow(clippy::too_many_arguments)] // the sentence's analyses, each its own type
    pub fn analyse(
        &mut self,
        s: &Sentence,
        gaz: &[GazMatch],
        chunks: &[Chunk],
        dates: &[DateMention],
        g: &Gazetteer,
        council: Option<usize>,
    ) -> Vec<PropRef> {
        let heads = find_heads(s, gaz);
        let mut refs: Vec<PropRef> = Vec::new();
        let mut pending_weak = Vec::new();
        for (head, kind, weak) in heads {
            let (t0, mut hint) = modifiers(s, gaz, chunks, head, kind, weak);
            let t1 = head
                + if s.is(head, "draft") && s.is(head + 1, "resolution") {
                    2
                } else {
                    1
                };
            right_context(s, chunks, dates, t1, &mut hint);
            subject_tabling(s, chunks, dates, t0, &mut hint);
            if hint.body.is_none() && !matches!(hint.kind, Some(Kind::Conference)) {
                hint.body = council;
            }
            if weak && hint.sponsors.is_empty() {
                pending_weak.push((t0, t1, head, hint));
                continue;
            }
            if let Some(prop) = self.resolve(s, t0, t1, hint) {
                refs.push(PropRef { t0, t1, head, prop });
            }
        }
        for (t0, t1, head, hint) in pending_weak {
            if let Some(prop) = self.resolve(s, t0, t1, hint) {
                refs.push(PropRef { t0, t1, head, prop });
            }
        }
        refs.sort_by_key(|r| r.t0);
        self.attributes(s, gaz, &refs, g);
        refs
    }

    fn resolve(&mut self, s: &Sentence, t0: usize, t1: usize, hint: Hint) -> Option<usize> {
        let kind = hint.kind.unwrap_or(Kind::Unknown);
        let same_sponsors = |p: &Proposal| {
            p.sponsors.len() == hint.sponsors.len()
                && hint.sponsors.iter().all(|x| p.sponsors.contains(x))
        };
        let found = if hint.past {
            None
        } else if kind == Kind::Conference {
            self.list.iter().position(|p| p.kind == Kind::Conference)
        } else if !hint.sponsors.is_empty() {
            self.list
                .iter()
                .position(|p| p.kind.fits(kind) && same_sponsors(p) && !p.past)
                .or_else(|| {
                    // "Jordan tabled the text", "Britain, which co-sponsored the text": the
                    // sponsors of a proposal met before.
                    if hint.tabling && hint.definite {
                        return self.salient(kind);
                    }
                    (hint.tabling || hint.definite)
                        .then(|| {
                            self.salient(kind)
                                .filter(|&i| self.list[i].sponsors.is_empty())
                        })
                        .flatten()
                })
        } else {
            self.salient(kind)
        };
        let i = match found {
            Some(i) => i,
            None if hint.weak && kind != Kind::Sanctions => return None,
            None => {
                self.list.push(Proposal {
                    kind,
                    sponsors: Vec::new(),
                    sponsor_evidence: None,
                    body: None,
                    targets: Vec::new(),
                    effects: [None; 3],
                    tabled: None,
                    session: None,
                    past: hint.past,
                    first: Evidence {
                        sentence: s.index,
                        span: s.span,
                    },
                    last_seen: 0,
                });
                self.list.len() - 1
            }
        };
        let p = &mut self.list[i];
        if matches!(p.kind, Kind::Unknown | Kind::Sanctions)
            && matches!(kind, Kind::Draft | Kind::PressStatement)
            || (p.kind == Kind::Unknown && kind != Kind::Unknown)
        {
            p.kind = kind;
        }
        if p.sponsors.is_empty() && !hint.sponsors.is_empty() {
            p.sponsors = hint.sponsors;
            p.sponsor_evidence = Some(Evidence {
                sentence: s.index,
                span: s.span_of(t0.min(t1), t1),
            });
        } else if hint.tabling {
            for sp in hint.sponsors {
                if !p.sponsors.contains(&sp) {
                    p.sponsors.push(sp);
                }
            }
        }
        if p.body.is_none() {
            p.body = hint.body;
        }
        if hint.tabled.is_some() && !matches!(p.tabled, Some(When::Day(_))) {
            p.tabled = hint.tabled;
        }
        self.touch(i);
        Some(i)
    }

    /// Targets and effects stated in the clause of each mention.
    fn attributes(&mut self, s: &Sentence, gaz: &[GazMatch], refs: &[PropRef], _g: &Gazetteer) {
        for (k, r) in refs.iter().enumerate() {
            let end = refs.get(k + 1).map_or(s.len(), |n| n.t0.max(r.t1));
            let start = if k == 0 { 0 } else { r.t0 };
            let ev = Evidence {
                sentence: s.index,
                span: s.span,
            };
            let p = &mut self.list[r.prop];
            if p.kind == Kind::Conference {
                continue;
            }
            for i in start..end {
                let w = s.lw(i);
                let slot = match w {
                    "lift" | "lifting" | "lifted" | "ease" | "easing" | "relief" | "gutting"
                        if near_measure(s, i) =>
                    {
                        Some(0)
                    }
                    "tighten" | "tightened" | "tightening" | "tougher" | "further" | "more"
                    | "additional" | "strengthen" | "expand"
                        if near_sanction(s, i) =>
                    {
                        Some(1)
                    }
                    "impose" | "imposing" | "imposed" | "extend" | "extending"
                        if near_measure(s, i) =>
                    {
                        Some(2)
                    }
                    "embargo" | "no-fly" | "freeze" => Some(2),
                    "fly" if s.is(i.saturating_sub(2), "no") => Some(2),
                    "sanctions" | "sanction" => Some(2),
                    _ => None,
                };
                if let Some(slot) = slot {
                    if p.effects[slot].is_none() {
                        p.effects[slot] = Some(ev);
                    }
                }
            }
            for m in gaz.iter().filter(|m| m.t0 >= start && m.t1 <= end) {
                let Target::Country(c, form) = m.target else {
                    continue;
                };
                if p.sponsors.contains(&Sponsor::Entity(c)) || p.targets.iter().any(|t| t.0 == c) {
                    continue;
                }
                if is_target(s, m.t0, m.t1, form, r) {
                    p.targets.push((c, ev));
                }
            }
        }
    }
}

/// Whether a sanctions-like noun is near token `i` ("lift sanctions", "sanctions relief").
fn near_measure(s: &Sentence, i: usize) -> bool {
    (i.saturating_sub(2)..(i + 5).min(s.len())).any(|k| {
        s.is_any(
            k,
            &[
                "sanctions",
                "sanction",
                "embargo",
                "ban",
                "restrictions",
                "measures",
                "penalties",
                "freeze",
            ],
        )
    })
}

fn near_sanction(s: &Sentence, i: usize) -> bool {
    (i + 1..(i + 4).min(s.len())).any(|k| {
        s.is_any(
            k,
            &[
                "sanctions",
                "constraints",
                "measures",
                "restrictions",
                "penalties",
                "pressure",
            ],
        )
    })
}

/// Whether the country at `t0..t1` is the object of a proposal's measures.
fn is_target(s: &Sentence, t0: usize, t1: usize, form: Form, r: &PropRef) -> bool {
    let before = |k: usize| if t0 >= k { s.lw(t0 - k) } else { "" };
    let prep = before(1);
    let measure = |w: &str| {
        matches!(
            w,
            "sanctions" | "embargo" | "measures" | "penalties" | "restrictions" | "ban" | "zone"
        )
    };
    if matches!(prep, "on" | "against" | "over") && (measure(before(2)) || t0 == r.t1 + 1) {
        return true;
    }
    if prep == "on" && before(2) == "embargo" {
        return true;
    }
    if prep == "in" && matches!(before(2), "coup" | "election" | "elections") {
        return true;
    }
    if matches!(
        prep,
        "pressure"
            | "penalise"
            | "penalize"
            | "punish"
            | "isolate"
            | "demanded"
            | "demanding"
            | "demands"
            | "urged"
            | "urging"
            | "urges"
            | "condemned"
            | "condemning"
            | "condemns"
    ) {
        return true;
    }
    if form == Form::Demonym && s.is(t1, "occupation") {
        return true;
    }
    // "sanctions on Zimbabwe's leadership".
    matches!(prep, "on" | "against") && s.is(t1, "'s") && measure(before(2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::dates::{Date, find_dates};
    use crate::extract::mentions::{Salience, find_chunks};
    use crate::extract::persons::Persons;
    use crate::extract::roles::find_roles;

    fn run(texts: &[&str]) -> (Proposals, Vec<Vec<(String, usize)>>, Gazetteer) {
        let g = Gazetteer::builtin();
        let mut props = Proposals::default();
        let mut persons = Persons::default();
        let council = g.entity_index("un_security_council");
        let published = Date::parse("2024-07-04").expect("date");
        let mut all = Vec::new();
        for (k, t) in texts.iter().enumerate() {
            let s = Sentence::new(k, TextSpan { start: 0, end: 0 }, t);
            let gaz = g.matches(&s);
            let roles = find_roles(&s, &gaz, &g);
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
            let dates = find_dates(&s, published);
            let refs = props.analyse(&s, &gaz, &chunks, &dates, &g, council);
            all.push(
                refs.iter()
                    .map(|r| (s.text_of(r.t0, r.t1).to_string(), r.prop))
                    .collect(),
            );
        }
        (props, all, g)
    }

    #[test]
    fn sponsors_from_adjectives_and_later_mentions() {
        let (p, refs, g) = run(&[
            "Peru and Chile on Monday vetoed a U.S.-drafted resolution imposing sanctions on Fiji.",
            "A rival Russian draft failed.",
            "Chile said it would not support the U.S. draft.",
        ]);
        assert_eq!(p.list.len(), 2);
        let us = g.entity_index("united_states").expect("known");
        assert_eq!(p.list[0].sponsors, [Sponsor::Entity(us)]);
        assert_eq!(p.list[0].targets.len(), 1);
        assert!(p.list[0].effects[2].is_some());
        assert_eq!(refs[1][0].1, 1);
        assert_eq!(refs[2].last().map(|r| r.1), Some(0));
    }

    #[test]
    fn tabling_clauses_give_sponsors_and_dates() {
        let (p, _, g) = run(&[
            "A draft resolution demanding a truce failed on Tuesday.",
            "The draft, which Peru and Chile tabled on Monday, had support.",
        ]);
        assert_eq!(p.list.len(), 1);
        let peru = g.entity_index("peru").expect("known");
        assert_eq!(p.list[0].sponsors[0], Sponsor::Entity(peru));
        assert_eq!(
            p.list[0].tabled,
            Some(When::Day(Date::parse("2024-07-01").expect("date")))
        );
    }
}
