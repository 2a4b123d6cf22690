//! Stances (SCHEMA.md's annotation guide): a cue that takes a position on adopting a proposal,
//! with the proposal as its object. Negation and modality decide the position: "would not
//! support" and "could not back" are `oppose`, "would support … if …" is
//! `conditional_support`, "will not let it pass" is `will_veto`, "would not veto" is
//! `will_not_veto`, "declined to say whether it would veto or abstain" is `veto_undeclared`.
//! A capability ("can veto"), a reporter's speculation ("apparently intends to veto", "was
//! expected to"), a negated opposition ("did not oppose accountability") and a position on
//! anything but a proposal are not stances.
//!
//! The actor is the speaker of the reported remark (or of the quotation) when there is one,
//! else the grammatical subject; the date is the speech act's, or one in the cue's own clause.

use super::clause::{clause_end, is_negation, subject_of, verb_group};
use super::cues::{Cue, cue_at};
use super::dates::When;
use super::gazetteer::VerbClass;
use super::mentions::Actor;
use super::sentence::SentenceView;
use super::speech::frame_date;

/// A stance found in a sentence.
#[derive(Clone, Debug)]
pub struct StanceHit {
    /// Who takes it.
    pub actor: Actor,
    /// On which proposal.
    pub prop: usize,
    /// The position word of the schema.
    pub position: &'static str,
    /// When, if the sentence says.
    pub date: Option<When>,
    /// How sure the extractor is.
    pub confidence: f32,
}

const SPECULATION: &[&str] = &[
    "apparently",
    "reportedly",
    "allegedly",
    "expected",
    "likely",
    "unlikely",
    "appears",
    "seems",
    "believed",
    "thought",
    "may",
    "might",
    "probably",
    "possibly",
    "presumably",
];

/// The stances of a sentence.
pub fn find_stances(v: &SentenceView) -> Vec<StanceHit> {
    let s = v.s;
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let Some((cue, verb, end)) = cue_at(v, i) else {
            i += 1;
            continue;
        };
        if let Some(hit) = judge(v, cue, verb, end) {
            out.extend(hit);
        }
        i = end.max(i + 1);
    }
    out
}

/// The stances a cue yields (one per actor of a group).
fn judge(v: &SentenceView, cue: Cue, verb: usize, end: usize) -> Option<Vec<StanceHit>> {
    let s = v.s;
    let (gstart, group) = verb_group(s, verb);
    let negated = group.iter().any(|g| {
        is_negation(g)
            || matches!(
                *g,
                "refused"
                    | "refuses"
                    | "declined"
                    | "failed"
                    | "unwilling"
                    | "reluctant"
                    | "unable"
            )
    });
    let modal = group.iter().any(|g| {
        matches!(
            *g,
            "will"
                | "would"
                | "'ll"
                | "shall"
                | "intends"
                | "intend"
                | "plans"
                | "vowed"
                | "vows"
                | "threatened"
                | "threatens"
                | "pledged"
                | "ready"
                | "prepared"
                | "going"
                | "set"
        )
    });
    let capability = group.iter().any(|g| matches!(*g, "can" | "could" | "able")) && !negated;
    let speculative = group.iter().any(|g| SPECULATION.contains(g))
        || (gstart..verb).any(|k| s.is_any(k, SPECULATION))
        || s.is_any(gstart.saturating_sub(1), &["apparently", "reportedly"]);
    let infinitive = group.last() == Some(&"to") && !negated && !modal;
    let passive = group
        .iter()
        .any(|g| matches!(*g, "was" | "were" | "been" | "is" | "are"))
        && s.lw(verb).ends_with("ed")
        && s.is(end, "by");
    if speculative {
        return None;
    }
    let w = s.lw(verb);
    let position: &'static str = match cue {
        Cue::Verb(VerbClass::Support) => {
            if infinitive || (w.ends_with("ing") && group.is_empty() && !matches!(w, "giving")) {
                return None;
            }
            if negated {
                "oppose"
            } else if capability {
                return None;
            } else if conditional(v, verb, end) {
                "conditional_support"
            } else if w == "consider" {
                return None;
            } else {
                "support"
            }
        }
        Cue::Verb(VerbClass::Oppose) => {
            if negated || capability || infinitive || (w.ends_with("ing") && group.is_empty()) {
                return None;
            }
            // "would block the draft": the veto it threatens.
            if modal && s.is_any(verb, &["block", "blocks"]) {
                "will_veto"
            } else {
                "oppose"
            }
        }
        Cue::Verb(VerbClass::Veto) => {
            if capability
                || group
                    .iter()
                    .any(|g| matches!(*g, "can" | "could" | "cannot"))
            {
                return None;
            }
            if !modal {
                return None;
            }
            if negated {
                "will_not_veto"
            } else {
                "will_veto"
            }
        }
        Cue::Verb(VerbClass::Abstain) => {
            if !modal || negated || capability {
                return None;
            }
            "will_abstain"
        }
        Cue::Phrase(p) => {
            if negated && p != "oppose" {
                return None;
            }
            if p == "support" && conditional(v, verb, end) {
                "conditional_support"
            } else {
                p
            }
        }
        Cue::Undeclared => {
            let window = verb..(end + 18).min(s.len());
            if !window
                .clone()
                .any(|k| s.lw(k).starts_with("veto") || s.lw(k).starts_with("abstain"))
            {
                return None;
            }
            "veto_undeclared"
        }
        Cue::LetPass => "will_veto",
        Cue::Evaluation => "oppose",
        Cue::Question => return None,
    };
    let needs_object = matches!(position, "support" | "conditional_support" | "oppose");
    let prop = match cue {
        Cue::Evaluation => v.refs.iter().rev().find(|r| r.t1 <= verb).map(|r| r.prop),
        _ if passive => v
            .refs
            .iter()
            .rev()
            .find(|r| r.t1 <= gstart && r.t1 + 2 >= gstart)
            .map(|r| r.prop),
        Cue::Verb(VerbClass::Support)
            if s.is_any(
                verb,
                &[
                    "gave",
                    "give",
                    "given",
                    "giving",
                    "gives",
                    "expressed",
                    "voiced",
                    "offered",
                ],
            ) =>
        {
            object(v, verb + 1, end + 4)
        }
        Cue::LetPass => object(v, verb + 1, end).or_else(|| v.salient_at(verb)),
        Cue::Undeclared => object(v, end.min(verb + 2), end + 16).or_else(|| v.salient_at(verb)),
        _ => object(v, end, end + 9),
    };
    let prop = match prop {
        Some(p) => p,
        None if !needs_object => v.vetoable_salient_at(verb)?,
        None => return None,
    };
    // Blocking a press statement (agreed by consensus) opposes it; no veto is involved.
    let position = if position == "will_veto"
        && s.is_any(verb, &["block", "blocks"])
        && v.props.list[prop].kind == super::proposals::Kind::PressStatement
    {
        "oppose"
    } else {
        position
    };
    let (actors, date, confidence) = actors(v, verb, gstart, end, passive)?;
    Some(
        actors
            .into_iter()
            .map(|actor| StanceHit {
                actor,
                prop,
                position,
                date,
                confidence,
            })
            .collect(),
    )
}

/// The proposal a cue takes as object: the first mention starting in `from..to` (within the
/// clause), or "it"/"this"/"them" right after the cue.
fn object(v: &SentenceView, from: usize, to: usize) -> Option<usize> {
    let s = v.s;
    let stop = (from..to.min(s.len()))
        .find(|&k| {
            s.punct(k, ';')
                || s.is_any(
                    k,
                    &[
                        "because", "while", "although", "though", "but", "since", "whereas",
                    ],
                )
                || (s.punct(k, ',') && k > from)
        })
        .unwrap_or(to.min(s.len()));
    if let Some(r) = v.refs.iter().find(|r| r.t0 >= from && r.t0 < stop) {
        return Some(r.prop);
    }
    let first = (from..stop).find(|&k| {
        !s.is_any(
            k,
            &["out", "against", "for", "to", "of", "in", "fully", "also"],
        )
    });
    match first {
        Some(k)
            if s.is_any(k, &["it", "them", "this", "that"])
                && !s.is_any(k + 1, &["is", "was", "would", "will"]) =>
        {
            v.salient_at(k)
        }
        _ => None,
    }
}

/// Whether a support cue is conditional: "if", "unless", "provided", "as long as", "on
/// condition" in its clause (before or after it), or "only … after".
fn conditional(v: &SentenceView, verb: usize, end: usize) -> bool {
    let s = v.s;
    let stop = clause_end(s, end);
    let after = (end..stop).any(|k| {
        s.is_any(k, &["if", "unless", "provided", "once"])
            || s.seq(k, &["as", "long", "as"])
            || s.seq(k, &["on", "condition"])
    });
    let (_, group) = verb_group(s, verb);
    let only_after =
        group.contains(&"only") && (end..stop).any(|k| s.is_any(k, &["after", "when", "until"]));
    let before = (0..verb).any(|k| s.is(k, "if") && !(k..verb).any(|j| s.punct(j, ';')))
        && !(0..verb).any(|k| s.is_any(k, &["whether"]));
    after || only_after || before
}

/// Who takes a stance whose verb group starts at `gstart`, and when.
fn actors(
    v: &SentenceView,
    verb: usize,
    gstart: usize,
    end: usize,
    passive: bool,
) -> Option<(Vec<Actor>, Option<When>, f32)> {
    let s = v.s;
    if v.quoted.get(verb).copied().unwrap_or(false) {
        // In a quotation: the speaker's own position ("We will not let this text pass").
        let subject = subject_of(s, v.chunks, v.dates, gstart);
        let first_person = gstart > 0 && s.is_any(gstart - 1, &["we", "i"]);
        if subject.is_some_and(|c| v.quoted[c.t0]) && !first_person {
            return None;
        }
        if !first_person && !(gstart > 0 && (s.punct(gstart - 1, '"') || s.punct(gstart - 1, ',')))
        {
            return None;
        }
        let (speaker, date) = v.quote_speaker.clone()?;
        return Some((speaker.members().into_iter().cloned().collect(), date, 0.75));
    }
    if passive {
        let c = v
            .chunks
            .iter()
            .find(|c| c.t0 == end + 1 || (c.t0 == end + 2 && s.is(end + 1, "the")))?;
        let date = frame_date(s, v.dates, 0, gstart, c.t1, clause_end(s, c.t1));
        return Some((usable(&c.actor), date, 0.8));
    }
    let subject = subject_of(s, v.chunks, v.dates, gstart);
    let frame = v
        .frames
        .iter()
        .filter(|f| f.covers(verb) && f.speaker.is_some() && !f.media)
        .min_by_key(|f| f.size());
    if let Some(f) = frame {
        let speaker = f.speaker.clone()?;
        // "X said Russia would veto": another state's position, reported by X.
        if let (Some(c), Some(home)) = (subject, v.country_of(&speaker)) {
            let opens_report = f
                .regions
                .iter()
                .any(|&(a, _)| c.t0 == a || (c.t0 == a + 1 && s.is(a, "that")));
            if let Actor::Entity(e) = c.actor {
                if v.is_country(e) && e != home && opens_report {
                    return Some((vec![Actor::Entity(e)], f.date, 0.6));
                }
            }
        }
        return Some((
            speaker.members().into_iter().cloned().collect(),
            f.date,
            0.85,
        ));
    }
    let c = subject?;
    if matches!(c.actor, Actor::Media) {
        return None;
    }
    let to = clause_end(s, end);
    let date = frame_date(s, v.dates, 0, gstart, end, to);
    Some((usable(&c.actor), date, 0.8))
}

fn usable(a: &Actor) -> Vec<Actor> {
    a.members()
        .into_iter()
        .filter(|m| !matches!(m, Actor::Media | Actor::Official(None)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::without_proposal;

    fn stances(body: &str) -> Vec<String> {
        without_proposal(body, "stance")
    }

    #[test]
    fn negation_turns_support_into_opposition_and_veto_into_no_veto() {
        let s = stances(
            "Peru tabled a draft resolution. Chile said on Monday it would not support the \
             draft. Mexico would not veto it, its envoy said. Ecuador could not back the text.",
        );
        assert!(s.contains(&"chile oppose 2024-07-01".to_string()), "{s:?}");
        assert!(s.contains(&"mexico will_not_veto ".to_string()), "{s:?}");
        assert!(s.contains(&"ecuador oppose ".to_string()), "{s:?}");
    }

    #[test]
    fn conditions_declined_commitments_and_threats() {
        let s = stances(
            "Peru tabled a draft resolution. Chile would support the resolution if it were \
             amended, its minister said. A Mexican diplomat declined to say whether Mexico \
             would veto the draft or abstain. \"We will not let this text pass,\" Ecuador's \
             U.N. ambassador, Ana Ruiz, said.",
        );
        assert!(
            s.contains(&"chile conditional_support ".to_string()),
            "{s:?}"
        );
        assert!(s.contains(&"mexico veto_undeclared ".to_string()), "{s:?}");
        assert!(s.contains(&"ana_ruiz will_veto ".to_string()), "{s:?}");
        assert!(
            !s.iter().any(|x| x.starts_with("mexico will_veto")),
            "{s:?}"
        );
    }

    #[test]
    fn speculation_capability_rhetoric_and_other_objects_are_not_stances() {
        let s = stances(
            "Peru tabled a draft resolution. Chile apparently intends to veto the draft. Any \
             permanent member can veto a resolution. \"You can veto this text, but you cannot \
             veto the facts,\" she said. Mexico backs the territorial integrity of Fiji. \
             Ecuador did not oppose accountability.",
        );
        assert!(s.is_empty(), "{s:?}");
    }
}
