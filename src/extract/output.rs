//! Writes the findings as a SCHEMA.md fact document: the source, the people and proposals the
//! facts need (countries and bodies come from a knowledge base's background), and the facts
//! with origin `extracted`, a confidence and evidence (source, span, sentence index and text).
//! Tuples are deduplicated (the first evidence is kept) and ids follow SCHEMA.md: proposals
//! `<sponsors>_<kind word>_<YYYY_MM_DD or YYYY_MM>`, statements `<source>_s<sentence>_<n>`.

use super::analyze::Findings;
use super::dates::{Date, When};
use super::gazetteer::Gazetteer;
use super::mentions::Actor;
use super::proposals::{Kind, Proposal, Sponsor};
use crate::article::Article;
use crate::kb::document::{EntityDoc, EvidenceDoc, FactDoc, FactDocument, SourceDoc};
use crate::kb::provenance::TextSpan;
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;

/// Builds the document.
pub struct Writer<'a> {
    article: &'a Article,
    g: &'a Gazetteer,
    published: Date,
    found: &'a Findings,
    facts: Vec<FactDoc<'static>>,
    seen: FxHashSet<(String, Vec<String>)>,
    used_persons: Vec<bool>,
    prop_ids: Vec<String>,
    sessions: Vec<Option<Date>>,
}

fn owned(s: impl Into<String>) -> Cow<'static, str> {
    Cow::Owned(s.into())
}

impl<'a> Writer<'a> {
    /// A writer for one article's findings.
    pub fn new(
        article: &'a Article,
        g: &'a Gazetteer,
        published: Date,
        found: &'a Findings,
    ) -> Writer<'a> {
        let mut w = Writer {
            article,
            g,
            published,
            found,
            facts: Vec::new(),
            seen: FxHashSet::default(),
            used_persons: vec![false; found.persons.list.len()],
            prop_ids: Vec::new(),
            sessions: Writer::sessions(found),
        };
        w.prop_ids = w.proposal_ids();
        w
    }

    /// The finished document.
    pub fn document(mut self) -> FactDocument<'static> {
        self.proposals();
        self.roles();
        self.statements();
        self.stances();
        self.votes();
        let mut entities = Vec::new();
        for (i, p) in self.found.persons.list.iter().enumerate() {
            if self.used_persons[i] {
                entities.push(EntityDoc {
                    id: owned(p.id.clone()),
                    kind: owned("person"),
                    name: owned(p.name.clone()),
                    aliases: p.short_forms.iter().map(|a| owned(a.clone())).collect(),
                });
            }
        }
        for (i, p) in self.found.props.list.iter().enumerate() {
            if p.past {
                continue;
            }
            entities.push(EntityDoc {
                id: owned(self.prop_ids[i].clone()),
                kind: owned("proposal"),
                name: owned(self.proposal_name(p)),
                aliases: Vec::new(),
            });
        }
        let a = self.article;
        FactDocument {
            schema: 1,
            source: Some(SourceDoc {
                id: owned(a.id.clone()),
                outlet: owned(a.outlet.clone().unwrap_or_default()),
                published: owned(self.published.iso()),
                title: owned(a.title.clone().unwrap_or_default()),
                url: None,
            }),
            entities,
            facts: self.facts,
        }
    }

    fn push(
        &mut self,
        rel: &str,
        args: Vec<String>,
        sentence: usize,
        span: TextSpan,
        confidence: f32,
    ) {
        if !self.seen.insert((rel.to_string(), args.clone())) {
            return;
        }
        let text = self.article.slice(span).map(|t| owned(t.to_string()));
        self.facts.push(FactDoc {
            relation: owned(rel),
            args: args.into_iter().map(owned).collect(),
            origin: Some(owned("extracted")),
            confidence: Some((f64::from(confidence) * 100.0).round() / 100.0),
            evidence: Some(EvidenceDoc {
                source: owned(self.article.id.clone()),
                start: span.start,
                end: span.end,
                sentence: Some(sentence as u32),
                text,
            }),
        });
    }

    /// The id of a single actor, marking people as used.
    fn actor_id(&mut self, a: &Actor) -> Option<String> {
        match a {
            Actor::Person(p) => {
                self.used_persons[*p] = true;
                Some(self.found.persons.list[*p].id.clone())
            }
            Actor::Entity(e) | Actor::Official(Some(e)) => Some(self.g.entities[*e].id.clone()),
            _ => None,
        }
    }

    fn sponsor_id(&mut self, s: Sponsor) -> String {
        match s {
            Sponsor::Entity(e) => self.g.entities[e].id.clone(),
            Sponsor::Person(p) => {
                self.used_persons[p] = true;
                self.found.persons.list[p].id.clone()
            }
        }
    }

    fn proposal_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        let mut taken: FxHashSet<String> = FxHashSet::default();
        for (i, p) in self.found.props.list.iter().enumerate() {
            let mut parts: Vec<String> = p
                .sponsors
                .iter()
                .map(|s| match *s {
                    Sponsor::Entity(e) => short_id(&self.g.entities[e].id),
                    Sponsor::Person(x) => {
                        let person = &self.found.persons.list[x];
                        person
                            .org()
                            .map_or(person.id.clone(), |o| short_id(&self.g.entities[o].id))
                    }
                })
                .collect();
            parts.dedup();
            parts.push(p.kind.id_word().to_string());
            let session = self.sessions[i];
            let date = match (p.tabled, session) {
                (Some(When::Day(d)), _) => format!("{:04}_{:02}_{:02}", d.y, d.m, d.d),
                (Some(When::Month(y, m)), _) => format!("{y:04}_{m:02}"),
                (_, Some(d)) => format!("{:04}_{:02}", d.y, d.m),
                _ => format!("{:04}_{:02}", self.published.y, self.published.m),
            };
            parts.push(date);
            let base = parts.join("_");
            let mut id = base.clone();
            let mut n = 2;
            while taken.contains(&id) {
                id = format!("{base}_{n}");
                n += 1;
            }
            taken.insert(id.clone());
            ids.push(id);
        }
        ids
    }

    /// The voting day of each proposal: its own, else the article's only one.
    fn sessions(found: &Findings) -> Vec<Option<Date>> {
        let mut out: Vec<Option<Date>> = vec![None; found.props.list.len()];
        for s in &found.sessions {
            if let Some(slot) = out.get_mut(s.prop) {
                slot.get_or_insert(s.date);
            }
        }
        let days: FxHashSet<Date> = found.sessions.iter().map(|s| s.date).collect();
        if days.len() == 1 {
            let only = days.into_iter().next();
            for slot in &mut out {
                if slot.is_none() {
                    *slot = only;
                }
            }
        }
        out
    }

    fn proposal_name(&self, p: &Proposal) -> String {
        let names: Vec<&str> = p
            .sponsors
            .iter()
            .map(|s| match *s {
                Sponsor::Entity(e) => self.g.entities[e].name.as_str(),
                Sponsor::Person(x) => self.found.persons.list[x].name.as_str(),
            })
            .collect();
        let kind = match p.kind {
            Kind::Draft | Kind::Unknown => "draft resolution",
            Kind::PressStatement => "draft press statement",
            Kind::Sanctions => "sanctions proposal",
            Kind::Conference => "conference proposal",
        };
        let mut name = if names.is_empty() {
            kind[..1].to_uppercase() + &kind[1..]
        } else {
            format!("{} {kind}", names.join("-"))
        };
        let targets: Vec<&str> = p
            .targets
            .iter()
            .map(|t| self.g.entities[t.0].name.as_str())
            .collect();
        if !targets.is_empty() {
            name.push_str(" on ");
            name.push_str(&targets.join(" and "));
        }
        name
    }

    fn proposals(&mut self) {
        let found = self.found;
        for (i, p) in found.props.list.iter().enumerate() {
            if p.past {
                continue;
            }
            let id = self.prop_ids[i].clone();
            let body = p
                .body
                .map_or(String::new(), |b| self.g.entities[b].id.clone());
            let tabled = match p.tabled {
                Some(When::Day(d)) => d.iso(),
                _ => String::new(),
            };
            let first = p.first;
            self.push(
                "proposal",
                vec![id.clone(), p.kind.schema_word().into(), body, tabled],
                first.sentence,
                first.span,
                0.8,
            );
            let ev = p.sponsor_evidence.unwrap_or(first);
            for &s in &p.sponsors {
                let sid = self.sponsor_id(s);
                self.push("sponsor", vec![id.clone(), sid], ev.sentence, ev.span, 0.8);
            }
            for &(t, tev) in &p.targets {
                let tid = self.g.entities[t].id.clone();
                self.push(
                    "targets",
                    vec![id.clone(), tid],
                    tev.sentence,
                    tev.span,
                    0.7,
                );
            }
            let effect = if p.kind == Kind::Conference {
                ("other", None)
            } else {
                match p.effects {
                    [Some(e), _, _] => ("lift", Some(e)),
                    [None, Some(e), _] => ("tighten", Some(e)),
                    [None, None, Some(e)] => ("impose", Some(e)),
                    _ => ("other", None),
                }
            };
            let eev = effect.1.unwrap_or(first);
            self.push(
                "proposal_effect",
                vec![id, effect.0.into()],
                eev.sentence,
                eev.span,
                0.7,
            );
        }
    }

    fn roles(&mut self) {
        let found = self.found;
        let date = self.published.iso();
        let acting: FxHashSet<usize> = found
            .stances
            .iter()
            .map(|x| &x.hit.actor)
            .chain(found.statements.iter().map(|x| &x.speaker))
            .filter_map(|a| match a {
                Actor::Person(p) => Some(*p),
                _ => None,
            })
            .collect();
        for (i, p) in found.persons.list.iter().enumerate() {
            for r in &p.roles {
                if r.confidence < 0.5 && !acting.contains(&i) {
                    continue;
                }
                let org = match (&r.fixed_org, r.org) {
                    (Some(o), _) => o.clone(),
                    (None, Some(o)) => self.g.entities[o].id.clone(),
                    (None, None) => continue,
                };
                self.used_persons[i] = true;
                self.push(
                    "holds_role",
                    vec![p.id.clone(), r.role.clone(), org, date.clone()],
                    r.sentence,
                    r.span,
                    r.confidence,
                );
            }
        }
    }

    fn statements(&mut self) {
        let found = self.found;
        let source = self.article.id.clone();
        let mut per_sentence: FxHashMap<usize, usize> = FxHashMap::default();
        let mut recs: Vec<&super::analyze::StatementRec> = found.statements.iter().collect();
        recs.sort_by_key(|r| r.sentence);
        for r in recs {
            let Some(speaker) = self.actor_id(&r.speaker) else {
                continue;
            };
            let n = per_sentence.entry(r.sentence).or_insert(0);
            *n += 1;
            let id = format!("{source}_s{}_{}", r.sentence, n);
            let date = day(r.date);
            self.push(
                "statement",
                vec![id.clone(), speaker, date, source.clone()],
                r.sentence,
                r.span,
                0.8,
            );
            for q in &r.quotes {
                self.push(
                    "quote",
                    vec![id.clone(), q.clone()],
                    r.sentence,
                    r.span,
                    0.8,
                );
            }
        }
    }

    fn stances(&mut self) {
        let found = self.found;
        for r in &found.stances {
            if found.props.list[r.hit.prop].past {
                continue;
            }
            let Some(actor) = self.actor_id(&r.hit.actor) else {
                continue;
            };
            let prop = self.prop_ids[r.hit.prop].clone();
            self.push(
                "stance",
                vec![actor, prop, r.hit.position.into(), day(r.hit.date)],
                r.sentence,
                r.span,
                r.hit.confidence,
            );
        }
    }

    fn votes(&mut self) {
        let found = self.found;
        for r in &found.votes {
            if found.props.list[r.hit.prop].past {
                continue;
            }
            let country = self.g.entities[r.hit.country].id.clone();
            let date = self.sessions[r.hit.prop].map_or(String::new(), Date::iso);
            let prop = self.prop_ids[r.hit.prop].clone();
            self.push(
                "vote",
                vec![country, prop, r.hit.choice.into(), date],
                r.sentence,
                r.span,
                0.85,
            );
        }
    }
}

fn day(w: Option<When>) -> String {
    match w {
        Some(When::Day(d)) => d.iso(),
        _ => String::new(),
    }
}

/// The short form of a sponsor in proposal ids: `us` and `uk`, as in SCHEMA.md's examples.
fn short_id(id: &str) -> String {
    match id {
        "united_states" => "us".into(),
        "united_kingdom" => "uk".into(),
        other => other.into(),
    }
}
