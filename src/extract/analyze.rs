//! The pass over an article: each news sentence in order is tokenised and matched, its people,
//! officials, proposals and speech frames resolved against what came before, and its roles,
//! statements, stances, votes and voting days recorded. Only the records outlive a sentence,
//! so memory stays bounded on a very large file.

use super::dates::{Date, When, find_dates};
use super::gazetteer::{EntityKind, GazMatch, Gazetteer, Target};
use super::mentions::{Actor, Chunk, Salience, find_chunks};
use super::persons::{HeldRole, Persons};
use super::proposals::{Kind, PropRef, Proposals, Sponsor};
use super::roles::{RolePhrase, find_roles};
use super::sentence::SentenceView;
use super::speech::{Frame, find_frames, quoted_tokens};
use super::stance::{StanceHit, find_stances};
use super::text::Sentence;
use super::votes::{SessionHit, VoteHit, find_votes};
use crate::kb::provenance::TextSpan;

/// A statement: a speaker reported speaking in a sentence.
#[derive(Clone, Debug)]
pub struct StatementRec {
    /// Sentence index.
    pub sentence: usize,
    /// The sentence's span.
    pub span: TextSpan,
    /// Who speaks (a single actor).
    pub speaker: Actor,
    /// When.
    pub date: Option<When>,
    /// The quoted words, if any.
    pub quotes: Vec<String>,
}

/// A stance with where it was found.
#[derive(Clone, Debug)]
pub struct StanceRec {
    /// The stance.
    pub hit: StanceHit,
    /// Sentence index.
    pub sentence: usize,
    /// The sentence's span.
    pub span: TextSpan,
}

/// A vote with where it was found.
#[derive(Clone, Debug)]
pub struct VoteRec {
    /// The vote.
    pub hit: VoteHit,
    /// Sentence index.
    pub sentence: usize,
    /// The sentence's span.
    pub span: TextSpan,
}

/// Everything found in an article.
#[derive(Debug)]
pub struct Findings {
    /// People.
    pub persons: Persons,
    /// Proposals.
    pub props: Proposals,
    /// Statements, in text order.
    pub statements: Vec<StatementRec>,
    /// Stances.
    pub stances: Vec<StanceRec>,
    /// Votes.
    pub votes: Vec<VoteRec>,
    /// Voting days.
    pub sessions: Vec<SessionHit>,
}

/// The state of the pass over one article.
pub struct Pass<'g> {
    g: &'g Gazetteer,
    published: Date,
    council: Option<usize>,
    sal: Salience,
    quote_open: bool,
    last_quote_speaker: Option<Actor>,
    pending_quotes: Vec<(usize, TextSpan, Vec<String>)>,
    found: Findings,
}

impl<'g> Pass<'g> {
    /// Starts a pass; `home` is the country the article mentions most.
    pub fn new(g: &'g Gazetteer, published: Date, home: Option<usize>) -> Pass<'g> {
        Pass {
            g,
            published,
            council: g.entity_index("un_security_council"),
            sal: Salience {
                home,
                ..Salience::default()
            },
            quote_open: false,
            last_quote_speaker: None,
            pending_quotes: Vec::new(),
            found: Findings {
                persons: Persons::default(),
                props: Proposals::default(),
                statements: Vec::new(),
                stances: Vec::new(),
                votes: Vec::new(),
                sessions: Vec::new(),
            },
        }
    }

    /// The findings, once every sentence was read.
    pub fn finish(self) -> Findings {
        self.found
    }

    /// Reads one news sentence.
    pub fn sentence(&mut self, s: &Sentence) {
        let g = self.g;
        // A dateline ("UNITED NATIONS, March 1 (Reuters) -") names no actor and dates nothing.
        let lead = dateline_end(s);
        let mut gaz = g.matches(s);
        gaz.retain(|m| m.t0 >= lead);
        let mut dates = find_dates(s, self.published);
        dates.retain(|d| d.t0 >= lead);
        let (quoted, open_end) = quoted_tokens(s, self.quote_open);
        let starts_in_quote = quoted.first().copied().unwrap_or(false);
        let roles = find_roles(s, &gaz, g);
        let chunks = find_chunks(
            s,
            &gaz,
            &roles,
            g,
            &mut self.found.persons,
            &self.sal,
            &quoted,
        );
        let salient_before = self.found.props.salient(Kind::Unknown);
        let refs = self
            .found
            .props
            .analyse(s, &gaz, &chunks, &dates, g, self.council);
        let frames = find_frames(s, &chunks, &dates, &quoted, g);
        self.record_roles(s, &gaz, &roles, &chunks, &refs, &frames);
        // Who speaks this sentence's quotations.
        let attributed = frames
            .iter()
            .find(|f| {
                f.speaker.is_some() && quoted.iter().enumerate().any(|(i, &q)| q && f.covers(i))
            })
            .map(|f| (f.speaker.clone().unwrap_or(Actor::Group(vec![])), f.date));
        let only_quote = starts_in_quote
            && frames.iter().all(|f| f.speaker.is_none())
            && (0..s.len()).all(|i| quoted[i] || !s.is_word(i));
        // A new quotation left open is attributed later ("“…. …,” X argued"); a complete one,
        // or the rest of an open one, continues the previous speaker's.
        let opens_new = s.punct(0, '"');
        let continuation = if only_quote && !(opens_new && open_end) {
            self.last_quote_speaker.clone().map(|a| (a, None))
        } else {
            None
        };
        let quote_speaker = attributed.clone().or(continuation.clone());
        let view = SentenceView {
            s,
            g,
            gaz: &gaz,
            dates: &dates,
            chunks: &chunks,
            refs: &refs,
            frames: &frames,
            quoted: &quoted,
            quote_speaker,
            salient_before,
            props: &self.found.props,
            persons: &self.found.persons,
        };
        let stances = find_stances(&view);
        let (votes, sessions) = find_votes(&view);
        let quotes = quote_texts(s, &quoted);
        self.record_statements(s, &frames, &quotes, continuation.as_ref().map(|c| &c.0));
        if only_quote && continuation.is_none() {
            self.pending_quotes.push((s.index, s.span, quotes.clone()));
        } else if let Some((speaker, _)) = &attributed {
            for (sentence, span, q) in std::mem::take(&mut self.pending_quotes) {
                self.push_statements(sentence, span, speaker, None, &q);
            }
        } else if !only_quote {
            self.pending_quotes.clear();
        }
        for hit in stances {
            self.found.stances.push(StanceRec {
                hit,
                sentence: s.index,
                span: s.span,
            });
        }
        for hit in votes {
            self.found.votes.push(VoteRec {
                hit,
                sentence: s.index,
                span: s.span,
            });
        }
        self.found.sessions.extend(sessions);
        // What the next sentence's pronouns and continuations resolve to.
        self.last_quote_speaker = attributed
            .map(|a| a.0)
            .or(continuation.map(|c| c.0))
            .filter(|_| quoted.iter().any(|&q| q));
        self.quote_open = open_end;
        self.update_salience(s, &gaz, &chunks, &frames, &quoted);
    }

    fn update_salience(
        &mut self,
        s: &Sentence,
        gaz: &[GazMatch],
        chunks: &[Chunk],
        frames: &[Frame],
        quoted: &[bool],
    ) {
        // "the ministry": the state of the latest ministry named.
        for m in gaz.iter().filter(|m| m.target == Target::Organ) {
            let text = s.text_of(m.t0, m.t1).to_ascii_lowercase();
            if text.contains("ministry") || text.contains("government") {
                let end = if m.t0 > 0 && s.is(m.t0 - 1, "'s") {
                    m.t0 - 1
                } else {
                    m.t0
                };
                let country = gaz
                    .iter()
                    .find(|c| c.t1 == end)
                    .and_then(|c| match c.target {
                        Target::Country(e, _) => Some(e),
                        _ => None,
                    });
                self.sal.last_ministry = country.or(self.sal.home);
            }
        }
        let speaker = frames
            .iter()
            .rev()
            .filter_map(|f| f.speaker.clone())
            .find(Actor::is_human);
        let subject = chunks
            .iter()
            .find(|c| !quoted[c.t0] && c.actor.is_human())
            .map(|c| c.actor.clone());
        if let Some(h) = speaker.or(subject) {
            if let Actor::Person(p) = h {
                self.found.persons.touch(p);
            }
            self.sal.last_human = Some(h);
        }
        if let Some(o) = chunks
            .iter()
            .rev()
            .find(|c| matches!(c.actor, Actor::Official(Some(_))))
        {
            self.sal.last_official = Some(o.actor.clone());
        }
        if let Some(g) = chunks
            .iter()
            .rev()
            .find(|c| matches!(c.actor, Actor::Group(_)))
        {
            self.sal.last_group = Some(g.actor.clone());
        }
    }

    fn record_statements(
        &mut self,
        s: &Sentence,
        frames: &[Frame],
        quotes: &[String],
        continuation: Option<&Actor>,
    ) {
        let mut ordered: Vec<&Frame> = frames
            .iter()
            .filter(|f| f.speaker.is_some() && !f.media && f.saying)
            .collect();
        ordered.sort_by_key(|f| f.speaker_span.0);
        for f in ordered {
            if let Some(speaker) = &f.speaker {
                let q: Vec<String> = if quotes.is_empty() {
                    vec![]
                } else {
                    quotes.to_vec()
                };
                self.push_statements(s.index, s.span, speaker, f.date, &q);
            }
        }
        if let Some(c) = continuation {
            self.push_statements(s.index, s.span, c, None, quotes);
        }
    }

    fn push_statements(
        &mut self,
        sentence: usize,
        span: TextSpan,
        speaker: &Actor,
        date: Option<When>,
        quotes: &[String],
    ) {
        for m in speaker.members() {
            if matches!(m, Actor::Media | Actor::Official(None) | Actor::Group(_)) {
                continue;
            }
            let dup = self
                .found
                .statements
                .iter()
                .rev()
                .take_while(|st| st.sentence == sentence)
                .any(|st| &st.speaker == m);
            if !dup {
                self.found.statements.push(StatementRec {
                    sentence,
                    span,
                    speaker: m.clone(),
                    date,
                    quotes: quotes.to_vec(),
                });
            }
        }
    }

    /// Records the roles of named people, inferring the state from context where the title
    /// does not say it.
    fn record_roles(
        &mut self,
        s: &Sentence,
        gaz: &[GazMatch],
        roles: &[RolePhrase],
        chunks: &[Chunk],
        refs: &[PropRef],
        frames: &[Frame],
    ) {
        let g = self.g;
        for r in roles {
            let Some((a, b)) = r.name else {
                continue;
            };
            let Some(p) = self.found.persons.lookup(s.text_of(a, b)) else {
                continue;
            };
            let data = r.role.map(|k| &g.roles[k]);
            let role = data
                .map_or("foreign_ministry_official", |d| d.role.as_str())
                .to_string();
            let fixed = data.and_then(|d| d.org.clone());
            let mut confidence = 0.9;
            let org = if fixed.is_some() {
                None
            } else if let Some(o) = r.country.or(r.org) {
                Some(o)
            } else if let Some(o) = data
                .and_then(|d| d.default_org.as_deref())
                .and_then(|id| g.entity_index(id))
            {
                Some(o)
            } else if data.is_some_and(|d| !d.national) {
                g.entity_index("united_nations")
            } else {
                // A guess from context; a last-resort guess (the article's main country) is
                // written only for people who speak or take positions.
                let head = role.starts_with("head_of");
                match self.found.persons.list[p].org() {
                    Some(o) => {
                        confidence = 0.7;
                        Some(o)
                    }
                    None => self
                        .context_country(s, gaz, roles, r, chunks, refs, frames, p, head)
                        .map(|(o, c)| {
                            confidence = c;
                            o
                        }),
                }
            };
            self.found.persons.add_role(
                p,
                HeldRole {
                    role,
                    org,
                    fixed_org: fixed,
                    sentence: s.index,
                    span: s.span_of(r.t0, r.t1),
                    confidence,
                },
            );
        }
    }

    /// The state of an official whose title names none: the country the person's reported
    /// clause is about ("Putin said Russia would …"), else the nearest country of the sentence
    /// that is not a sponsor, not another official's state (and, but for heads of state, not a
    /// proposal's target), else a proposal's target (heads of state), else the article's main
    /// country.
    #[allow(clippy::too_many_arguments)] // one sentence's analyses
    fn context_country(
        &self,
        s: &Sentence,
        gaz: &[GazMatch],
        roles: &[RolePhrase],
        r: &RolePhrase,
        chunks: &[Chunk],
        refs: &[PropRef],
        frames: &[Frame],
        p: usize,
        head: bool,
    ) -> Option<(usize, f32)> {
        let g = self.g;
        let props = &self.found.props;
        let is_country = |e: usize| {
            g.entities
                .get(e)
                .is_some_and(|x| x.kind == EntityKind::Country)
        };
        // 1. The subject of what the person is reported to say.
        for f in frames
            .iter()
            .filter(|f| f.speaker == Some(Actor::Person(p)))
        {
            let mut start = f.regions.first().map_or(0, |x| x.0);
            // "said on Tuesday, hours before the vote, that Russia …".
            if let Some(k) = (start..(start + 10).min(s.len())).find(|&k| s.is(k, "that")) {
                start = k + 1;
            }
            if let Some(c) = chunks.iter().find(|c| f.covers(c.t0) && c.t0 >= start) {
                if let Actor::Entity(e) = c.actor {
                    if is_country(e) && c.t0 <= start + 2 {
                        return Some((e, 0.7));
                    }
                }
            }
        }
        let in_roles = |i: usize| roles.iter().any(|x| x.t0 <= i && i < x.t1);
        let other_states: Vec<usize> = roles
            .iter()
            .filter(|x| !std::ptr::eq(*x, r))
            .filter_map(|x| x.country)
            .collect();
        let sponsors: Vec<usize> = refs
            .iter()
            .flat_map(|x| props.list[x.prop].sponsors.iter())
            .filter_map(|sp| match sp {
                Sponsor::Entity(e) => Some(*e),
                Sponsor::Person(_) => None,
            })
            .collect();
        let targets: Vec<usize> = refs
            .iter()
            .flat_map(|x| props.list[x.prop].targets.iter().map(|t| t.0))
            .collect();
        let free: Vec<(usize, usize)> = gaz
            .iter()
            .filter(|m| !in_roles(m.t0))
            .filter_map(|m| match m.target {
                Target::Country(c, _) => Some((m.t0, c)),
                _ => None,
            })
            .filter(|&(_, c)| {
                !other_states.contains(&c)
                    && (!head || !sponsors.contains(&c))
                    && (head || !targets.contains(&c))
            })
            .collect();
        let before = free.iter().rev().find(|(t, _)| *t < r.t0).map(|x| x.1);
        // After the title, only within its clause ("Trump's comment that … the North Korean
        // crisis" says nothing of Trump's state).
        let clause_end = (r.t1..s.len())
            .find(|&k| s.is_any(k, &["that", "which", "who"]) || s.punct(k, ';'))
            .unwrap_or(s.len());
        let after = free
            .iter()
            .find(|(t, _)| *t >= r.t1 && *t < clause_end)
            .map(|x| x.1);
        if let Some(c) = before.or(after) {
            return Some((c, 0.6));
        }
        if head {
            if let Some(&t) = targets.first() {
                return Some((t, 0.6));
            }
            if let Some(t) = props
                .list
                .iter()
                .find_map(|p| p.targets.first().map(|t| t.0))
            {
                return Some((t, 0.4));
            }
        }
        self.sal.home.map(|h| (h, 0.4))
    }
}

/// The end of a dateline opening the sentence ("UNITED NATIONS, March 1 (Reuters) -",
/// "MOSCOW (AP) —"): the token after its dash, or 0.
fn dateline_end(s: &Sentence) -> usize {
    let Some(dash) = (0..s.len().min(16)).find(|&k| s.punct(k, '-') && !s.joined(k)) else {
        return 0;
    };
    let credit = dash > 0 && s.punct(dash - 1, ')');
    let shouting = s.is_word(0)
        && s.word(0).chars().filter(|c| c.is_alphabetic()).count() > 1
        && s.word(0).chars().all(|c| !c.is_lowercase());
    if credit || shouting { dash + 1 } else { 0 }
}

/// The quoted segments of a sentence, without their marks and trailing commas.
fn quote_texts(s: &Sentence, quoted: &[bool]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if quoted[i] && !s.punct(i, '"') {
            let start = i;
            while i < s.len() && quoted[i] && !s.punct(i, '"') {
                i += 1;
            }
            let text = s.text_of(start, i).trim_end_matches([',', ' ']).trim();
            if text.split_whitespace().count() >= 2 {
                out.push(text.to_string());
            }
        }
        i += 1;
    }
    out
}
