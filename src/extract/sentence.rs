//! One sentence with everything the pattern modules read: tokens, gazetteer matches, dates,
//! actor chunks, proposal mentions, speech frames and quotation marks, plus the article-level
//! context they resolve against (proposal salience, people's states).

use super::dates::{DateMention, When};
use super::gazetteer::{EntityKind, GazMatch, Gazetteer};
use super::mentions::{Actor, Chunk};
use super::persons::Persons;
use super::proposals::{Kind, PropRef, Proposals};
use super::speech::Frame;
use super::text::Sentence;

/// A sentence and its analyses.
pub struct SentenceView<'a> {
    /// The tokens.
    pub s: &'a Sentence,
    /// The gazetteer.
    pub g: &'a Gazetteer,
    /// Gazetteer matches.
    pub gaz: &'a [GazMatch],
    /// Date expressions.
    pub dates: &'a [DateMention],
    /// Actor mentions.
    pub chunks: &'a [Chunk],
    /// Proposal mentions.
    pub refs: &'a [PropRef],
    /// Speech frames.
    pub frames: &'a [Frame],
    /// Which tokens are quoted.
    pub quoted: &'a [bool],
    /// Who speaks the quotations of this sentence, and when.
    pub quote_speaker: Option<(Actor, Option<When>)>,
    /// The proposal most recently mentioned before this sentence.
    pub salient_before: Option<usize>,
    /// The article's proposals.
    pub props: &'a Proposals,
    /// The article's people.
    pub persons: &'a Persons,
}

impl SentenceView<'_> {
    /// The proposal "it" refers to at token `i`: the latest mention before it in the
    /// sentence, else the latest before the sentence.
    pub fn salient_at(&self, i: usize) -> Option<usize> {
        self.refs
            .iter()
            .rev()
            .find(|r| r.t1 <= i)
            .map(|r| r.prop)
            .or(self.salient_before)
    }

    /// Like [`SentenceView::salient_at`], preferring a draft resolution (what a veto is about).
    pub fn vetoable_salient_at(&self, i: usize) -> Option<usize> {
        let draft = |p: usize| matches!(self.props.list[p].kind, Kind::Draft | Kind::Unknown);
        self.refs
            .iter()
            .rev()
            .filter(|r| r.t1 <= i)
            .map(|r| r.prop)
            .find(|&p| draft(p))
            .or(self.salient_before.filter(|&p| draft(p)))
            .or_else(|| self.props.salient(Kind::Draft))
            .or_else(|| self.salient_at(i))
    }

    /// Whether gazetteer entity `e` is a country.
    pub fn is_country(&self, e: usize) -> bool {
        self.g
            .entities
            .get(e)
            .is_some_and(|x| x.kind == EntityKind::Country)
    }

    /// The state an actor speaks for, when known.
    pub fn country_of(&self, a: &Actor) -> Option<usize> {
        match a {
            Actor::Person(p) => self.persons.list.get(*p).and_then(|p| p.org()),
            Actor::Entity(e) | Actor::Official(Some(e)) => Some(*e),
            _ => None,
        }
        .filter(|&e| self.is_country(e))
    }
}
