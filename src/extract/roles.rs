//! Role phrases: a title with what qualifies it and whom it names. "Foreign Minister Andrei
//! Kozyrev" (title, name), "Vitaly Churkin, Russia's ambassador to the United Nations" (name,
//! appositive), "China's U.N. ambassador, Liu Jieyi," (title, then the name set off by commas),
//! "Valentin Moiseyev, head of the Korean department at the Foreign Ministry"; unnamed ones ("a
//! Foreign Ministry official", "the foreign minister") are kept too, for the caller to code as
//! a state or resolve to the latest person with that role.

use super::gazetteer::{GazMatch, Gazetteer, Target};
use super::names::{is_name_token, name_run};
use super::text::Sentence;

/// How the name relates to the title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameForm {
    /// "Foreign Minister Andrei Kozyrev".
    Title,
    /// "Andrei Kozyrev, the foreign minister".
    Appositive,
    /// "The foreign minister, Andrei Kozyrev,".
    TitleFirst,
    /// No name: "a Foreign Ministry official", "the foreign minister".
    Unnamed,
}

/// A role phrase in a sentence.
#[derive(Clone, Debug)]
pub struct RolePhrase {
    /// First token of the whole phrase (name included).
    pub t0: usize,
    /// One past its last token.
    pub t1: usize,
    /// The role (index into [`Gazetteer::roles`]), or `None` for a foreign ministry official
    /// found by the "head of the … department at the Foreign Ministry" pattern.
    pub role: Option<usize>,
    /// The country that qualifies the title ("Russian", "Russia's", "U.S.").
    pub country: Option<usize>,
    /// The organization that qualifies it ("of the Arab League", "U.N. Secretary-General").
    pub org: Option<usize>,
    /// The name's tokens.
    pub name: Option<(usize, usize)>,
    /// How the name relates to the title.
    pub form: NameForm,
    /// Whether an unnamed phrase is indefinite or plural ("a … official", "officials").
    pub indefinite: bool,
}

/// Words between a country and its title that do not change the role.
const TITLE_ADJECTIVES: &[&str] = &[
    "first",
    "second",
    "alternate",
    "acting",
    "top",
    "senior",
    "chief",
    "interim",
    "current",
    "new",
    "veteran",
    "deputy",
    "permanent",
    "outgoing",
    "incoming",
    "longtime",
    "powerful",
];

/// Words before a title that mean the person does not hold it.
const NOT_HOLDING: &[&str] = &[
    "vice",
    "former",
    "ex",
    "opposition",
    "rebel",
    "party",
    "militia",
    "late",
    "future",
    "would-be",
    "next",
    "previous",
    "then",
    "deputy",
    "assistant",
    "under",
];

/// Finds the role phrases of a sentence from its gazetteer matches.
pub fn find_roles(s: &Sentence, gaz: &[GazMatch], g: &Gazetteer) -> Vec<RolePhrase> {
    let mut out = Vec::new();
    for (k, m) in gaz.iter().enumerate() {
        let Target::Role(r) = m.target else {
            continue;
        };
        if let Some(p) = role_phrase(s, gaz, k, r, g) {
            out.push(p);
        }
    }
    out.extend(department_heads(s, gaz));
    out.sort_by_key(|p| p.t0);
    out
}

fn gaz_ending_at(gaz: &[GazMatch], end: usize) -> Option<&GazMatch> {
    gaz.iter().find(|m| m.t1 == end)
}

fn role_phrase(
    s: &Sentence,
    gaz: &[GazMatch],
    k: usize,
    r: usize,
    g: &Gazetteer,
) -> Option<RolePhrase> {
    let m = gaz[k];
    let data = &g.roles[r];
    let role = data.role.as_str();
    // Qualifiers on the left: adjectives, a country (possibly possessive), an organ.
    let mut j = m.t0;
    let mut country = None;
    let mut org = None;
    while j > 0 && s.is_any(j - 1, TITLE_ADJECTIVES) {
        // "deputy" before "foreign minister" is already in the title; before another title it
        // names a different post.
        if s.is(j - 1, "deputy") && !role.starts_with("ambassador") {
            return None;
        }
        j -= 1;
    }
    if j > 0 && s.is_any(j - 1, NOT_HOLDING) {
        return None;
    }
    if j > 0 && s.punct(j - 1, '-') && s.joined(j) && s.is_any(j.saturating_sub(2), &["then", "ex"])
    {
        return None;
    }
    let mut left = j;
    for _ in 0..2 {
        let end = if left > 0 && s.is(left - 1, "'s") {
            left - 1
        } else {
            left
        };
        match gaz_ending_at(gaz, end).map(|g| (g.t0, g.target)) {
            Some((t0, Target::Country(c, _))) if country.is_none() => {
                country = Some(c);
                left = t0;
            }
            Some((t0, Target::Org(o))) if org.is_none() && country.is_none() => {
                org = Some(o);
                left = t0;
            }
            Some((t0, Target::Organ)) if end == left => left = t0,
            _ => break,
        }
    }
    // Lowercase "president" of a body or company is not a head of state.
    if role == "head_of_state" && s.seq(m.t1, &["of", "the"]) {
        let after = gaz.iter().find(|g| g.t0 == m.t1 + 2 || g.t0 == m.t1 + 1);
        if !matches!(after.map(|a| a.target), Some(Target::Country(..))) {
            return None;
        }
    }
    if data.needs_country && country.is_none() && org.is_none() {
        return None;
    }
    let mut t1 = m.t1;
    // "of the Arab League", "of Syria".
    if s.is(t1, "of") {
        let at = if s.is(t1 + 1, "the") { t1 + 2 } else { t1 + 1 };
        if let Some(a) = gaz.iter().find(|g| g.t0 == at) {
            match a.target {
                Target::Org(o) if org.is_none() => {
                    org = Some(o);
                    t1 = a.t1;
                }
                Target::Country(c, _) if country.is_none() => {
                    country = Some(c);
                    t1 = a.t1;
                }
                _ => {}
            }
        }
    }
    // "special envoy for Venezuela", "ambassador to China": the place is not the employer.
    if s.is_any(t1, &["for", "to"]) && gaz.iter().any(|g| g.t0 == t1 + 1) {
        if let Some(a) = gaz.iter().find(|g| g.t0 == t1 + 1) {
            t1 = a.t1;
        }
    }
    let determiner = left > 0 && s.is_any(left - 1, &["the", "a", "an", "one", "two", "some"]);
    let indefinite = left > 0 && s.is_any(left - 1, &["a", "an", "one", "two", "some"]);
    let t0 = if determiner { left - 1 } else { left };
    let stop = |i: usize| gaz.iter().any(|g| g.t0 <= i && i < g.t1);
    // (a) "Foreign Minister Andrei Kozyrev".
    let after = name_run(s, m.t1, stop);
    if after > m.t1 + 1 || (after == m.t1 + 1 && !determiner) {
        return Some(RolePhrase {
            t0,
            t1: after,
            role: Some(r),
            country,
            org,
            name: Some((m.t1, after)),
            form: NameForm::Title,
            indefinite: false,
        });
    }
    // (b) "Vitaly Churkin, Russia's ambassador to the United Nations".
    if t0 >= 2 && s.punct(t0 - 1, ',') {
        let end = t0 - 1;
        let mut start = end;
        while start > 0
            && (is_name_token(s, start - 1) || (s.punct(start - 1, '-') && s.joined(start)))
        {
            start -= 1;
        }
        while start < end && !s.cap(start) {
            start += 1;
        }
        if name_run(s, start, stop) == end && end > start {
            return Some(RolePhrase {
                t0: start,
                t1,
                role: Some(r),
                country,
                org,
                name: Some((start, end)),
                form: NameForm::Appositive,
                indefinite: false,
            });
        }
    }
    // (c) "China's U.N. ambassador, Liu Jieyi,".
    if s.punct(t1, ',') {
        let n0 = t1 + 1;
        let n1 = name_run(s, n0, stop);
        if n1 > n0 + 1 || (n1 == n0 + 1 && (s.punct(n1, ',') || s.is_word(n1))) {
            return Some(RolePhrase {
                t0,
                t1: n1,
                role: Some(r),
                country,
                org,
                name: Some((n0, n1)),
                form: NameForm::TitleFirst,
                indefinite: false,
            });
        }
    }
    Some(RolePhrase {
        t0,
        t1,
        role: Some(r),
        country,
        org,
        name: None,
        form: NameForm::Unnamed,
        indefinite: indefinite || s.lw(m.t1 - 1).ends_with('s') && !s.lw(m.t1 - 1).ends_with("ss"),
    })
}

/// "NAME, head of the Korean department at the Foreign Ministry": a foreign ministry official.
fn department_heads(s: &Sentence, gaz: &[GazMatch]) -> Vec<RolePhrase> {
    let mut out = Vec::new();
    for i in 0..s.len() {
        if !(s.is_any(i, &["head", "director", "chief"]) && s.is(i + 1, "of")) {
            continue;
        }
        let Some(organ) = gaz
            .iter()
            .find(|g| g.t0 > i && g.t0 <= i + 10 && g.target == Target::Organ)
        else {
            continue;
        };
        let organ_text = s.text_of(organ.t0, organ.t1).to_ascii_lowercase();
        if !organ_text.contains("foreign") {
            continue;
        }
        let country = gaz
            .iter()
            .find(|g| g.t1 == organ.t0 || (g.t1 + 1 == organ.t0 && s.is(g.t1, "'s")))
            .and_then(|g| match g.target {
                Target::Country(c, _) => Some(c),
                _ => None,
            });
        let start = if i > 0 && s.is(i - 1, "the") {
            i - 1
        } else {
            i
        };
        if start >= 2 && s.punct(start - 1, ',') {
            let end = start - 1;
            let mut n0 = end;
            while n0 > 0 && (is_name_token(s, n0 - 1) || (s.punct(n0 - 1, '-') && s.joined(n0))) {
                n0 -= 1;
            }
            if n0 < end && s.cap(n0) {
                out.push(RolePhrase {
                    t0: n0,
                    t1: organ.t1,
                    role: None,
                    country,
                    org: None,
                    name: Some((n0, end)),
                    form: NameForm::Appositive,
                    indefinite: false,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::provenance::TextSpan;

    fn phrases(text: &str) -> Vec<(String, Option<String>, Option<String>, NameForm)> {
        let g = Gazetteer::builtin();
        let s = Sentence::new(0, TextSpan { start: 0, end: 0 }, text);
        let gaz = g.matches(&s);
        find_roles(&s, &gaz, &g)
            .into_iter()
            .map(|p| {
                (
                    p.role.map_or("foreign_ministry_official".into(), |r| {
                        g.roles[r].role.clone()
                    }),
                    p.country.map(|c| g.entities[c].id.clone()),
                    p.name.map(|(a, b)| s.text_of(a, b).to_string()),
                    p.form,
                )
            })
            .collect()
    }

    #[test]
    fn title_appositive_and_title_first() {
        assert_eq!(
            phrases(
                "Ruritanian Foreign Minister Anna Berg met Tom Lind, Norway's ambassador to the United Nations."
            ),
            [
                (
                    "foreign_minister".into(),
                    None,
                    Some("Anna Berg".into()),
                    NameForm::Title
                ),
                (
                    "ambassador_to_un".into(),
                    Some("norway".into()),
                    Some("Tom Lind".into()),
                    NameForm::Appositive
                ),
            ]
        );
        assert_eq!(
            phrases("Chile's U.N. ambassador, Ana Perez, said so."),
            [(
                "ambassador_to_un".into(),
                Some("chile".into()),
                Some("Ana Perez".into()),
                NameForm::TitleFirst
            )]
        );
    }

    #[test]
    fn unnamed_officials_and_non_holders() {
        let p = phrases("A Chilean Foreign Ministry official said the former president agreed.");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, "foreign_ministry_official");
        assert_eq!(p[0].1.as_deref(), Some("chile"));
        assert_eq!(p[0].3, NameForm::Unnamed);
        let d = phrases("Jan Novak, head of the Asia department at the Foreign Ministry, said.");
        assert_eq!(d[0].2.as_deref(), Some("Jan Novak"));
    }
}
