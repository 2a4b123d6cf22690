//! Actor mentions of a sentence ("chunks"): persons (with the role phrase around their name),
//! unnamed officials coded as the state or organization they speak for ("a Chinese diplomat",
//! "officials in Beijing", "One Security Council diplomat"), countries and organizations by
//! name or capital, news media, pronouns and definite role references resolved against the
//! article so far ("he" → the latest person who spoke or acted, "the foreign minister" → the
//! latest person with that role), and coordinations of them ("Britain, France and Germany").

use super::gazetteer::{Form, GazMatch, Gazetteer, Target};
use super::names::{RANKS, name_run};
use super::persons::Persons;
use super::roles::{NameForm, RolePhrase};
use super::text::Sentence;

/// Who a mention stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum Actor {
    /// A person (index into [`Persons::list`]).
    Person(usize),
    /// A country, body or organization (index into [`Gazetteer::entities`]).
    Entity(usize),
    /// An unnamed official speaking for an entity, when known.
    Official(Option<usize>),
    /// A news medium.
    Media,
    /// Several actors together.
    Group(Vec<Actor>),
}

impl Actor {
    /// Whether the actor is a human (a person or an official): what "he" and "she" refer to.
    pub fn is_human(&self) -> bool {
        matches!(self, Actor::Person(_) | Actor::Official(_))
    }

    /// The single actors it stands for, in order (a group's members, flattened).
    pub fn members(&self) -> Vec<&Actor> {
        match self {
            Actor::Group(g) => g.iter().flat_map(Actor::members).collect(),
            a => vec![a],
        }
    }
}

/// An actor mention: tokens `t0..t1`.
#[derive(Clone, Debug)]
pub struct Chunk {
    /// First token.
    pub t0: usize,
    /// One past the last token.
    pub t1: usize,
    /// Who it stands for.
    pub actor: Actor,
}

/// What resolving pronouns and role references needs from the article so far.
#[derive(Debug, Default)]
pub struct Salience {
    /// The latest human subject or speaker.
    pub last_human: Option<Actor>,
    /// The latest unnamed official mentioned.
    pub last_official: Option<Actor>,
    /// The latest group (for "they").
    pub last_group: Option<Actor>,
    /// The country the article is mostly about (for an unqualified "Foreign Ministry").
    pub home: Option<usize>,
    /// The state of the latest ministry named (for "the ministry").
    pub last_ministry: Option<usize>,
}

/// Nouns for unnamed officials.
const OFFICIAL_NOUNS: &[&str] = &[
    "official",
    "officials",
    "diplomat",
    "diplomats",
    "source",
    "sources",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "envoys",
    "negotiator",
    "negotiators",
    "delegate",
    "delegates",
    "delegation",
    "representative",
    "representatives",
    "government",
    "ministry",
    "authorities",
    "leadership",
    "mission",
    "foreign ministry",
];

/// Words that may stand between a determiner and an official noun's qualifier.
const OFFICIAL_ADJECTIVES: &[&str] = &["top", "senior", "unnamed", "anonymous", "other", "several"];

/// Builds the actor chunks of a sentence, registering new persons and roles' holders.
pub fn find_chunks(
    s: &Sentence,
    gaz: &[GazMatch],
    roles: &[RolePhrase],
    g: &Gazetteer,
    persons: &mut Persons,
    sal: &Salience,
    quoted: &[bool],
) -> Vec<Chunk> {
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut taken = vec![false; s.len()];
    let take = |taken: &mut Vec<bool>, a: usize, b: usize| {
        for t in taken.iter_mut().take(b.min(s.len())).skip(a) {
            *t = true;
        }
    };
    // Role phrases with a name: a person; without: an official or a role reference.
    for r in roles {
        if taken[r.t0..r.t1].iter().any(|&t| t) {
            continue;
        }
        let actor = match r.name {
            Some((a, b)) => Some(Actor::Person(persons.add(s.text_of(a, b)))),
            None => unnamed_role(s, r, g, persons, sal),
        };
        if let Some(actor) = actor {
            chunks.push(Chunk {
                t0: r.t0,
                t1: r.t1,
                actor,
            });
            take(&mut taken, r.t0, r.t1);
        }
    }
    officials(s, gaz, g, sal, &mut taken, &mut chunks);
    // Names: known people by full name or surname; new ones after a rank or before a verb.
    let stop = |i: usize| gaz.iter().any(|m| m.t0 <= i && i < m.t1);
    let mut i = 0;
    while i < s.len() {
        if taken[i] {
            i += 1;
            continue;
        }
        let end = name_run(s, i, stop);
        if end == i {
            i += 1;
            continue;
        }
        let text = s.text_of(i, end);
        let known = persons.lookup(text);
        let ranked = i > 0 && s.is_any(i - 1, RANKS);
        let acting = end - i >= 2 && before_verb(s, end, g);
        let person = match known {
            Some(p) => Some(p),
            None if end - i >= 2 && (ranked || acting) => Some(persons.add(text)),
            None => None,
        };
        if let Some(p) = person {
            persons.touch(p);
            let t0 = if ranked { i - 1 } else { i };
            chunks.push(Chunk {
                t0,
                t1: end,
                actor: Actor::Person(p),
            });
            take(&mut taken, t0, end);
        }
        i = end.max(i + 1);
    }
    // Countries, organizations and media by name.
    for m in gaz {
        if taken[m.t0..m.t1].iter().any(|&t| t) {
            continue;
        }
        let actor = match m.target {
            Target::Country(c, Form::Name | Form::Capital) => Actor::Entity(c),
            Target::Country(c, Form::Demonym) if s.lw(m.t1 - 1).ends_with('s') => Actor::Entity(c),
            Target::Org(o) => Actor::Entity(o),
            Target::Media => Actor::Media,
            _ => continue,
        };
        chunks.push(Chunk {
            t0: m.t0,
            t1: m.t1,
            actor,
        });
    }
    // Pronouns.
    for (i, &t) in taken.iter().enumerate() {
        if t || quoted.get(i).copied().unwrap_or(false) {
            continue;
        }
        let actor = match s.lw(i) {
            "he" | "she" => chunks
                .iter()
                .filter(|c| c.t1 <= i && c.actor.is_human() && !quoted[c.t0])
                .map(|c| c.actor.clone())
                .next()
                .or_else(|| sal.last_human.clone()),
            "they" => sal.last_group.clone(),
            _ => None,
        };
        if let Some(actor) = actor {
            chunks.push(Chunk {
                t0: i,
                t1: i + 1,
                actor,
            });
        }
    }
    chunks.sort_by_key(|c| c.t0);
    group(s, chunks)
}

/// A role phrase without a name: the latest person with that role ("the foreign minister"),
/// or an unnamed official of the qualifying country or organization.
fn unnamed_role(
    s: &Sentence,
    r: &RolePhrase,
    g: &Gazetteer,
    persons: &Persons,
    sal: &Salience,
) -> Option<Actor> {
    let role = r
        .role
        .map_or("foreign_ministry_official", |k| g.roles[k].role.as_str());
    let definite = r.t0 < s.len() && s.is_any(r.t0, &["the", "his", "her", "their", "its"]);
    if definite || (!r.indefinite && r.country.is_none() && r.org.is_none()) {
        let similar = |held: &str| {
            held == role || (role.starts_with("ambassador") && held.starts_with("ambassador"))
        };
        let found = persons
            .latest_with(|h| similar(&h.role) && (r.country.is_none() || h.org == r.country));
        if let Some(p) = found {
            return Some(Actor::Person(p));
        }
    }
    let org = r.country.or(r.org).or_else(|| {
        let national = r.role.is_none_or(|k| g.roles[k].national);
        national.then_some(sal.home).flatten()
    });
    debug_assert_eq!(r.form, NameForm::Unnamed);
    Some(Actor::Official(org))
}

/// Unnamed officials: "a Chinese diplomat", "Palestinian officials", "officials in Beijing",
/// "The Syrian foreign ministry", "One Security Council diplomat", "the diplomat", "his
/// government".
fn officials(
    s: &Sentence,
    gaz: &[GazMatch],
    _g: &Gazetteer,
    sal: &Salience,
    taken: &mut [bool],
    chunks: &mut Vec<Chunk>,
) {
    let mut i = 0;
    while i < s.len() {
        let noun_len = if s.seq(i, &["foreign", "ministry"]) {
            2
        } else if s.is_any(i, OFFICIAL_NOUNS) {
            1
        } else {
            i += 1;
            continue;
        };
        let end = i + noun_len;
        if taken[i..end].iter().any(|&t| t) {
            i = end;
            continue;
        }
        // Qualifiers on the left: gazetteer matches (country, organ, body), adjectives.
        let mut j = i;
        let mut org: Option<usize> = None;
        loop {
            if j > 0 && s.is_any(j - 1, OFFICIAL_ADJECTIVES) {
                j -= 1;
                continue;
            }
            let end_at = if j > 0 && s.is(j - 1, "'s") { j - 1 } else { j };
            match gaz
                .iter()
                .find(|m| m.t1 == end_at)
                .map(|m| (m.t0, m.target))
            {
                Some((t0, Target::Country(c, _))) if org.is_none() => {
                    org = Some(c);
                    j = t0;
                }
                Some((t0, Target::Org(o))) if org.is_none() => {
                    org = Some(o);
                    j = t0;
                }
                Some((t0, Target::Organ)) => j = t0,
                _ => break,
            }
        }
        let det = j > 0
            && s.is_any(
                j - 1,
                &[
                    "a", "an", "one", "two", "some", "the", "his", "her", "its", "their", "several",
                ],
            );
        let t0 = if det { j - 1 } else { j };
        let mut t1 = end;
        // "officials in Beijing", "diplomats at the Chinese mission".
        if org.is_none() && s.is_any(end, &["in", "from", "at"]) {
            if let Some(m) = gaz
                .iter()
                .find(|m| m.t0 == end + 1 || (m.t0 == end + 2 && s.is(end + 1, "the")))
            {
                if let Target::Country(c, _) = m.target {
                    org = Some(c);
                    t1 = m.t1;
                }
            }
        }
        let possessive = det && s.is_any(j - 1, &["his", "her", "its", "their"]);
        let actor = if possessive {
            match &sal.last_human {
                Some(Actor::Person(_)) | Some(Actor::Official(_)) => sal.last_human.clone(),
                _ => None,
            }
        } else if org.is_some() {
            Some(Actor::Official(org))
        } else if det
            && s.is(j - 1, "the")
            && j == i
            && (noun_len == 2 || s.is_any(i, &["ministry", "government"]))
        {
            // "the ministry": the latest ministry's state.
            sal.last_ministry
                .or(sal.home)
                .map(|e| Actor::Official(Some(e)))
        } else if det && s.is(j - 1, "the") && j == i {
            // "the diplomat": the latest official.
            sal.last_official.clone()
        } else if noun_len == 2 || s.is_any(i, &["ministry", "government"]) {
            Some(Actor::Official(sal.home))
        } else {
            None
        };
        if let Some(actor) = actor {
            chunks.push(Chunk { t0, t1, actor });
            for t in taken.iter_mut().take(t1).skip(t0) {
                *t = true;
            }
        }
        i = t1.max(i + 1);
    }
}

/// Whether the words after a name run (past adverbs, auxiliaries and an appositive set off by
/// commas) reach a verb of saying or a stance verb: a sign the run names a person.
fn before_verb(s: &Sentence, end: usize, g: &Gazetteer) -> bool {
    let mut i = end;
    if s.punct(i, ',') {
        // Skip an appositive up to the next comma.
        let close = (i + 1..s.len().min(i + 16)).find(|&k| s.punct(k, ','));
        match close {
            Some(k) => i = k + 1,
            None => return false,
        }
    }
    while s.is_any(
        i,
        &[
            "also", "later", "has", "had", "have", "then", "again", "earlier",
        ],
    ) {
        i += 1;
    }
    let w = s.lw(i);
    g.is_speech_verb(w)
        || g.verb_class(w).is_some()
        || matches!(
            w,
            "declined" | "refused" | "vetoed" | "voted" | "abstained" | "wrote"
        )
}

/// Merges coordinated chunks ("Britain, France and Germany", "Neither he nor Kozyrev") into
/// groups.
fn group(s: &Sentence, chunks: Vec<Chunk>) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::with_capacity(chunks.len());
    for c in chunks {
        if let Some(last) = out.last_mut() {
            let gap = s.text_of(last.t1, c.t0).to_ascii_lowercase();
            let joins = matches!(
                gap.as_str(),
                "," | "and" | ", and" | "nor" | "as well as" | "or"
            );
            let mergeable = |a: &Actor| !matches!(a, Actor::Media);
            // "Pavel Orlov, the Russian envoy": an appositive, not a list.
            let person = |a: &Actor| matches!(a, Actor::Person(_));
            let same_kind = person(&last.actor) == person(&c.actor)
                || matches!(last.actor, Actor::Group(_))
                || gap != ",";
            if joins && same_kind && mergeable(&last.actor) && mergeable(&c.actor) && last.t1 < c.t0
            {
                let mut members = match std::mem::replace(&mut last.actor, Actor::Group(vec![])) {
                    Actor::Group(m) => m,
                    a => vec![a],
                };
                members.push(c.actor);
                last.actor = Actor::Group(members);
                last.t1 = c.t1;
                continue;
            }
        }
        out.push(c);
    }
    // "Neither he nor Kozyrev", "both Britain and Japan": the leading word joins the group.
    for c in &mut out {
        if c.t0 > 0
            && matches!(c.actor, Actor::Group(_))
            && s.is_any(c.t0 - 1, &["neither", "both"])
        {
            c.t0 -= 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::roles::find_roles;
    use crate::kb::provenance::TextSpan;

    fn chunks(text: &str, persons: &mut Persons, sal: &Salience) -> Vec<(String, Actor)> {
        let g = Gazetteer::builtin();
        let s = Sentence::new(0, TextSpan { start: 0, end: 0 }, text);
        let gaz = g.matches(&s);
        let roles = find_roles(&s, &gaz, &g);
        let quoted = vec![false; s.len()];
        find_chunks(&s, &gaz, &roles, &g, persons, sal, &quoted)
            .into_iter()
            .map(|c| (s.text_of(c.t0, c.t1).to_string(), c.actor))
            .collect()
    }

    #[test]
    fn people_officials_countries_and_groups() {
        let g = Gazetteer::builtin();
        let mut p = Persons::default();
        let sal = Salience::default();
        let c = chunks(
            "Anna Berg, Chile's U.N. ambassador, said Peru, Chile and Spain backed it.",
            &mut p,
            &sal,
        );
        assert_eq!(c[0].0, "Anna Berg, Chile's U.N. ambassador");
        assert_eq!(c[0].1, Actor::Person(0));
        let e = |id: &str| Actor::Entity(g.entity_index(id).expect("known"));
        assert_eq!(
            c[1].1,
            Actor::Group(vec![e("peru"), e("chile"), e("spain")])
        );
        let c = chunks(
            "Officials in Lima and a Chilean diplomat said so.",
            &mut p,
            &sal,
        );
        let off = |id: &str| Actor::Official(g.entity_index(id));
        assert_eq!(c[0].1, Actor::Group(vec![off("peru"), off("chile")]));
    }

    #[test]
    fn pronouns_and_surnames_resolve_to_earlier_people() {
        let mut p = Persons::default();
        let sal = Salience::default();
        chunks("Anna Berg said on Monday that it failed.", &mut p, &sal);
        let sal = Salience {
            last_human: Some(Actor::Person(0)),
            ..Salience::default()
        };
        let c = chunks("He added that Berg agreed.", &mut p, &sal);
        assert_eq!(c[0].1, Actor::Person(0));
        assert_eq!(c[1].0, "Berg");
        assert_eq!(c[1].1, Actor::Person(0));
    }
}
