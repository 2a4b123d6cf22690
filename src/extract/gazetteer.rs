//! The gazetteer: the data the extractor reads text with. Countries (names, demonyms, capitals
//! and metonyms), bodies, organizations, state organs, news media, role titles, verbs of saying
//! and stance verbs and phrases.
//!
//! A default set is embedded in the binary (`gazetteer.json`), so extraction works on any
//! article outside a knowledge base; a knowledge base extends it with its own `gazetteer.json`
//! (same format) and with the countries, bodies and organizations its fact files declare.
//! Surface forms are matched with one Aho-Corasick automaton, on token boundaries, ASCII case
//! insensitively except that a capital letter in a form must be a capital in the text (so `US`
//! never matches the pronoun).

use super::text::Sentence;
use crate::kb::document::FactDocument;
use crate::kb::provenance::TextSpan;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

/// The embedded default gazetteer.
pub const DEFAULT_GAZETTEER: &str = include_str!("gazetteer.json");

/// The file name of a knowledge base's own gazetteer (at its root).
pub const KB_GAZETTEER_FILE: &str = "gazetteer.json";

/// A gazetteer file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GazetteerData {
    /// Countries.
    #[serde(default)]
    pub countries: Vec<CountryData>,
    /// Bodies (councils, assemblies, parliaments).
    #[serde(default)]
    pub bodies: Vec<NamedData>,
    /// International organizations.
    #[serde(default)]
    pub organizations: Vec<NamedData>,
    /// Nouns for a state organ ("Foreign Ministry", "government"); with a country before them
    /// they speak for it.
    #[serde(default)]
    pub organs: Vec<String>,
    /// News media, whose reports are not statements.
    #[serde(default)]
    pub media: Vec<String>,
    /// Role titles.
    #[serde(default)]
    pub roles: Vec<RoleData>,
    /// Verbs of saying (inflected forms): they make statements.
    #[serde(default)]
    pub speech_verbs: Vec<String>,
    /// Other verbs that report what someone said ("warned", "signalled"): they attribute
    /// positions but make no statement.
    #[serde(default)]
    pub report_verbs: Vec<String>,
    /// Stance verbs by class (`support`, `oppose`, `veto`, `abstain`), inflected forms.
    #[serde(default)]
    pub stance_verbs: FxHashMap<String, Vec<String>>,
    /// Fixed stance phrases by position (`oppose`, `support`, `veto_undeclared`).
    #[serde(default)]
    pub stance_phrases: FxHashMap<String, Vec<String>>,
}

/// A country in a gazetteer file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryData {
    /// Entity id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Names and abbreviations.
    #[serde(default)]
    pub names: Vec<String>,
    /// Demonyms ("Russian").
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Capitals and metonyms ("Moscow", "the Kremlin").
    #[serde(default)]
    pub capitals: Vec<String>,
}

/// A body or organization in a gazetteer file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedData {
    /// Entity id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Surface forms.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A role title in a gazetteer file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleData {
    /// The title as written (lowercase matches any case).
    pub title: String,
    /// The role id (`foreign_minister`).
    pub role: String,
    /// Whether the title alone does not make a role: it needs a country before it ("leader").
    #[serde(default)]
    pub needs_country: bool,
    /// Whether the role is held for a state (default) rather than an organization.
    #[serde(default = "yes")]
    pub national: bool,
    /// The organization when no country is given ("secretary of state" → the United States).
    #[serde(default)]
    pub default_org: Option<String>,
    /// A fixed organization ("duma speaker" → the State Duma).
    #[serde(default)]
    pub org: Option<String>,
}

fn yes() -> bool {
    true
}

/// The kind of a gazetteer entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityKind {
    /// A state.
    Country,
    /// A council, assembly or parliament.
    Body,
    /// An international organization.
    Organization,
}

impl EntityKind {
    /// The word used in fact files.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Country => "country",
            EntityKind::Body => "body",
            EntityKind::Organization => "organization",
        }
    }
}

/// A country, body or organization known to the gazetteer.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Entity id.
    pub id: String,
    /// Kind.
    pub kind: EntityKind,
    /// Display name.
    pub name: String,
}

/// How a country is named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// By name or abbreviation ("Russia", "the U.S.").
    Name,
    /// By demonym ("Russian").
    Demonym,
    /// By capital or metonym ("Moscow", "the Kremlin").
    Capital,
}

/// What a surface form stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A country (index into [`Gazetteer::entities`]) and how it is named.
    Country(usize, Form),
    /// A body or organization (index into [`Gazetteer::entities`]).
    Org(usize),
    /// A state organ noun ("Foreign Ministry").
    Organ,
    /// A news medium.
    Media,
    /// A role title (index into [`Gazetteer::roles`]).
    Role(usize),
}

/// A gazetteer match in a sentence: tokens `t0..t1`.
#[derive(Clone, Copy, Debug)]
pub struct GazMatch {
    /// First token.
    pub t0: usize,
    /// One past the last token.
    pub t1: usize,
    /// What it names.
    pub target: Target,
}

/// The compiled gazetteer.
#[derive(Debug)]
pub struct Gazetteer {
    /// Countries, bodies and organizations.
    pub entities: Vec<Entity>,
    /// Role titles.
    pub roles: Vec<RoleData>,
    by_id: FxHashMap<String, usize>,
    forms: Vec<(String, Target)>,
    automaton: AhoCorasick,
    speech: FxHashSet<String>,
    report: FxHashSet<String>,
    verbs: FxHashMap<String, VerbClass>,
    /// Stance phrases as lowercase token lists with their position word.
    pub phrases: Vec<(Vec<String>, String)>,
    phrase_starts: FxHashMap<String, Vec<usize>>,
}

/// The class of a stance verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerbClass {
    /// Support verbs ("backs").
    Support,
    /// Oppose verbs ("rejected").
    Oppose,
    /// "veto".
    Veto,
    /// "abstain".
    Abstain,
}

/// An error in a gazetteer file.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// The file is not a gazetteer.
    #[error("malformed gazetteer: {0}")]
    Json(#[from] serde_json::Error),
    /// The matcher could not be built.
    #[error("cannot build the gazetteer matcher: {0}")]
    Build(String),
}

impl Gazetteer {
    /// The embedded default gazetteer.
    pub fn builtin() -> Gazetteer {
        GazetteerBuilder::new()
            .build()
            .expect("invariant: the embedded gazetteer builds (tested)")
    }

    /// The entity with this id.
    pub fn entity_index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Whether `w` (lowercase) is a verb of saying.
    pub fn is_speech_verb(&self, w: &str) -> bool {
        self.speech.contains(w)
    }

    /// Whether `w` (lowercase) reports speech without being a verb of saying ("warned").
    pub fn is_report_verb(&self, w: &str) -> bool {
        self.report.contains(w)
    }

    /// The stance class of `w` (lowercase), if it is a stance verb.
    pub fn verb_class(&self, w: &str) -> Option<VerbClass> {
        self.verbs.get(w).copied()
    }

    /// The stance phrases whose first word is `w` (lowercase), longest first.
    pub fn phrases_starting(&self, w: &str) -> impl Iterator<Item = &(Vec<String>, String)> {
        self.phrase_starts
            .get(w)
            .into_iter()
            .flatten()
            .map(|&i| &self.phrases[i])
    }

    /// The countries named in raw text (word boundaries checked, no tokenising): a cheap
    /// count for deciding what an article is mostly about.
    pub fn countries_in(&self, text: &str) -> Vec<usize> {
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            let (form, target) = &self.forms[m.pattern().as_usize()];
            let Target::Country(c, _) = *target else {
                continue;
            };
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            if before.is_some_and(char::is_alphanumeric)
                || after.is_some_and(char::is_alphanumeric)
                || !case_fits(form, &text[m.start()..m.end()])
            {
                continue;
            }
            found.push((m.start(), m.end(), c));
        }
        found.sort_by_key(|&(a, b, _)| (a, std::cmp::Reverse(b)));
        let mut out = Vec::new();
        let mut end = 0;
        for (a, b, c) in found {
            if a >= end {
                out.push(c);
                end = b;
            }
        }
        out
    }

    /// The non-overlapping matches in a sentence, leftmost and longest first, in text order.
    pub fn matches(&self, s: &Sentence) -> Vec<GazMatch> {
        let mut found: Vec<GazMatch> = Vec::new();
        for m in self.automaton.find_overlapping_iter(&s.text) {
            let (form, target) = &self.forms[m.pattern().as_usize()];
            let text = &s.text[m.start()..m.end()];
            if !case_fits(form, text) {
                continue;
            }
            let (Some(t0), Some(t1)) = (s.tok_starting_at(m.start()), s.tok_ending_at(m.end()))
            else {
                continue;
            };
            found.push(GazMatch {
                t0,
                t1: t1 + 1,
                target: *target,
            });
        }
        found.sort_by_key(|m| (m.t0, std::cmp::Reverse(m.t1)));
        let mut out: Vec<GazMatch> = Vec::with_capacity(found.len());
        for m in found {
            if out.last().is_none_or(|l| m.t0 >= l.t1) {
                out.push(m);
            }
        }
        out
    }
}

/// A capital letter in a one-word form must be a capital in the text ("US" is not "us");
/// names of several words match in any case ("security council").
fn case_fits(form: &str, text: &str) -> bool {
    let acronym = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
    };
    if form.contains(' ') && !form.split(' ').any(acronym) {
        return true;
    }
    form.bytes()
        .zip(text.bytes())
        .all(|(f, t)| !f.is_ascii_uppercase() || t.is_ascii_uppercase())
}

/// Collects gazetteer data from the embedded file, knowledge-base files and fact documents.
#[derive(Debug)]
pub struct GazetteerBuilder {
    data: GazetteerData,
    extra_entities: Vec<(String, EntityKind, String, Vec<String>)>,
}

impl Default for GazetteerBuilder {
    fn default() -> Self {
        GazetteerBuilder::new()
    }
}

impl GazetteerBuilder {
    /// Starts from the embedded default gazetteer.
    pub fn new() -> GazetteerBuilder {
        let data = serde_json::from_str(DEFAULT_GAZETTEER)
            .expect("invariant: the embedded gazetteer parses (tested)");
        GazetteerBuilder {
            data,
            extra_entities: Vec::new(),
        }
    }

    /// Adds a gazetteer file's entries (a knowledge base's `gazetteer.json`).
    pub fn add_json(&mut self, text: &str) -> Result<(), GazetteerError> {
        let more: GazetteerData = serde_json::from_str(text)?;
        let d = &mut self.data;
        d.countries.extend(more.countries);
        d.bodies.extend(more.bodies);
        d.organizations.extend(more.organizations);
        d.organs.extend(more.organs);
        d.media.extend(more.media);
        d.roles.extend(more.roles);
        d.speech_verbs.extend(more.speech_verbs);
        d.report_verbs.extend(more.report_verbs);
        for (k, v) in more.stance_verbs {
            d.stance_verbs.entry(k).or_default().extend(v);
        }
        for (k, v) in more.stance_phrases {
            d.stance_phrases.entry(k).or_default().extend(v);
        }
        Ok(())
    }

    /// Adds the countries, bodies and organizations a fact document declares, with their
    /// aliases (organs, which `organ_of` ties to a country, are left out: they are coded as
    /// their country).
    pub fn add_document(&mut self, doc: &FactDocument) {
        let organs: FxHashSet<&str> = doc
            .facts
            .iter()
            .filter(|f| f.relation == "organ_of")
            .filter_map(|f| f.args.first().map(|a| a.as_ref()))
            .collect();
        for e in &doc.entities {
            let kind = match e.kind.as_ref() {
                "country" => EntityKind::Country,
                "body" => EntityKind::Body,
                "organization" if !organs.contains(e.id.as_ref()) => EntityKind::Organization,
                _ => continue,
            };
            let mut aliases: Vec<String> = e.aliases.iter().map(|a| a.to_string()).collect();
            aliases.push(e.name.to_string());
            self.extra_entities
                .push((e.id.to_string(), kind, e.name.to_string(), aliases));
        }
    }

    /// Compiles the matcher.
    pub fn build(self) -> Result<Gazetteer, GazetteerError> {
        let mut entities: Vec<Entity> = Vec::new();
        let mut by_id: FxHashMap<String, usize> = FxHashMap::default();
        let mut forms: Vec<(String, Target)> = Vec::new();
        let mut seen: FxHashSet<(String, usize)> = FxHashSet::default();
        let mut entity = |id: &str, kind: EntityKind, name: &str| -> usize {
            *by_id.entry(id.to_string()).or_insert_with(|| {
                entities.push(Entity {
                    id: id.to_string(),
                    kind,
                    name: name.to_string(),
                });
                entities.len() - 1
            })
        };
        let mut pending: Vec<(String, Target)> = Vec::new();
        for c in &self.data.countries {
            let i = entity(&c.id, EntityKind::Country, &c.name);
            for n in c.names.iter().chain(std::iter::once(&c.name)) {
                pending.push((n.clone(), Target::Country(i, Form::Name)));
            }
            for n in &c.demonyms {
                pending.push((n.clone(), Target::Country(i, Form::Demonym)));
            }
            for n in &c.capitals {
                pending.push((n.clone(), Target::Country(i, Form::Capital)));
            }
        }
        for (list, kind) in [
            (&self.data.bodies, EntityKind::Body),
            (&self.data.organizations, EntityKind::Organization),
        ] {
            for b in list {
                let i = entity(&b.id, kind, &b.name);
                for n in b.aliases.iter().chain(std::iter::once(&b.name)) {
                    pending.push((n.clone(), Target::Org(i)));
                }
            }
        }
        for (id, kind, name, aliases) in &self.extra_entities {
            let i = entity(id, *kind, name);
            for a in aliases {
                let target = match kind {
                    EntityKind::Country => Target::Country(i, guess_form(a)),
                    _ => Target::Org(i),
                };
                pending.push((a.clone(), target));
            }
        }
        pending.extend(self.data.organs.iter().map(|o| (o.clone(), Target::Organ)));
        pending.extend(self.data.media.iter().map(|o| (o.clone(), Target::Media)));
        for (k, r) in self.data.roles.iter().enumerate() {
            pending.push((r.title.clone(), Target::Role(k)));
        }
        for (form, target) in pending {
            let key = match target {
                Target::Country(i, _) | Target::Org(i) => i,
                Target::Organ => usize::MAX - 1,
                Target::Media => usize::MAX - 2,
                Target::Role(k) => usize::MAX - 3 - k,
            };
            if !form.trim().is_empty() && seen.insert((form.clone(), key)) {
                forms.push((form, target));
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(forms.iter().map(|(f, _)| f.as_str()))
            .map_err(|e| GazetteerError::Build(e.to_string()))?;
        let mut verbs = FxHashMap::default();
        for (class, words) in &self.data.stance_verbs {
            let class = match class.as_str() {
                "support" => VerbClass::Support,
                "oppose" => VerbClass::Oppose,
                "veto" => VerbClass::Veto,
                "abstain" => VerbClass::Abstain,
                _ => continue,
            };
            for w in words {
                verbs.insert(w.to_ascii_lowercase(), class);
            }
        }
        let mut phrases: Vec<(Vec<String>, String)> = self
            .data
            .stance_phrases
            .iter()
            .flat_map(|(pos, list)| {
                list.iter().map(move |p| {
                    let toks = Sentence::new(0, TextSpan { start: 0, end: 0 }, p);
                    let words = (0..toks.len()).map(|i| toks.lw(i).to_string()).collect();
                    (words, pos.clone())
                })
            })
            .collect();
        // Longest first, then alphabetical: deterministic whatever the map order.
        phrases.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        let mut phrase_starts: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, (words, _)) in phrases.iter().enumerate() {
            if let Some(w) = words.first() {
                phrase_starts.entry(w.clone()).or_default().push(i);
            }
        }
        Ok(Gazetteer {
            phrase_starts,
            entities,
            roles: self.data.roles,
            by_id,
            forms,
            automaton,
            speech: self
                .data
                .speech_verbs
                .iter()
                .map(|w| w.to_ascii_lowercase())
                .collect(),
            report: self
                .data
                .report_verbs
                .iter()
                .map(|w| w.to_ascii_lowercase())
                .collect(),
            verbs,
            phrases,
        })
    }
}

/// How a knowledge base's alias names its country: demonyms end like demonyms.
fn guess_form(alias: &str) -> Form {
    let a = alias.trim_end_matches('s');
    if ["an", "ese", "ish", "ian", "i", "ch", "ic"]
        .iter()
        .any(|e| a.ends_with(e))
        && !alias.contains(' ')
        && alias.chars().next().is_some_and(char::is_uppercase)
        && !matches!(
            alias,
            "Oman" | "Japan" | "Sudan" | "Iran" | "Taiwan" | "Pakistan"
        )
    {
        Form::Demonym
    } else {
        Form::Name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::provenance::TextSpan;

    fn sentence(s: &str) -> Sentence {
        Sentence::new(0, TextSpan { start: 0, end: 0 }, s)
    }

    #[test]
    fn matches_are_token_aligned_longest_and_case_checked() {
        let g = Gazetteer::builtin();
        let s =
            sentence("Let us ask the U.N. Security Council whether Ruritanian US envoys agree.");
        let m = g.matches(&s);
        let texts: Vec<&str> = m.iter().map(|m| s.text_of(m.t0, m.t1)).collect();
        assert_eq!(texts, ["U.N. Security Council", "US"]);
        let us = g.entity_index("united_states").expect("known");
        assert_eq!(m[1].target, Target::Country(us, Form::Name));
    }

    #[test]
    fn role_titles_and_demonyms() {
        let g = Gazetteer::builtin();
        let s = sentence("The Russian Deputy Foreign Minister spoke to North Korean media.");
        let m = g.matches(&s);
        let texts: Vec<&str> = m.iter().map(|m| s.text_of(m.t0, m.t1)).collect();
        assert_eq!(
            texts,
            ["Russian", "Deputy Foreign Minister", "North Korean"]
        );
        assert!(matches!(m[1].target, Target::Role(_)));
    }

    #[test]
    fn a_knowledge_base_extends_the_default() {
        let mut b = GazetteerBuilder::new();
        b.add_json(r#"{"countries": [{"id": "ruritania", "name": "Ruritania", "demonyms": ["Ruritanian"], "capitals": ["Strelsau"]}]}"#)
            .expect("valid");
        let g = b.build().expect("builds");
        let s = sentence("Strelsau said no.");
        assert_eq!(g.matches(&s).len(), 1);
        assert!(g.is_speech_verb("said"));
        assert_eq!(g.verb_class("rejected"), Some(VerbClass::Oppose));
    }
}
