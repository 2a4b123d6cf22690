//! Personal names: runs of capitalised words that may name a person ("Vitaly Churkin",
//! "Bashar al-Assad", "Linda Thomas-Greenfield"), and their ids (ASCII snake_case of the name
//! as written: `nicolas_maduro`).
//!
//! Whether a run *is* a person is decided by the caller from context (a title, an appositive
//! role, a verb of saying, an earlier mention); this module only finds runs.

use super::text::Sentence;

/// Lowercase particles that may sit inside a name ("al", "bin", "van").
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "abu", "van", "von", "de", "da", "di", "du", "der", "la", "le",
    "dos", "das", "del",
];

/// Capitalised words that never belong to a personal name.
const NOT_NAME: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "but",
    "and",
    "or",
    "as",
    "after",
    "before",
    "while",
    "when",
    "if",
    "though",
    "although",
    "asked",
    "speaking",
    "his",
    "her",
    "their",
    "its",
    "our",
    "we",
    "he",
    "she",
    "they",
    "it",
    "i",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "neither",
    "nor",
    "both",
    "only",
    "all",
    "any",
    "some",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "security",
    "council",
    "general",
    "assembly",
    "ministry",
    "department",
    "agency",
    "news",
    "office",
    "court",
    "union",
    "group",
    "league",
    "nations",
    "united",
    "republic",
    "state",
    "states",
    "times",
    "post",
    "press",
    "international",
    "national",
    "committee",
    "commission",
    "organisation",
    "organization",
    "treaty",
    "party",
    "army",
    "forces",
    "government",
    "parliament",
    "house",
    "senate",
    "congress",
    "summit",
    "foreign",
    "minister",
    "ambassador",
    "secretary",
    "president",
    "prime",
    "deputy",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "leader",
    "king",
    "queen",
    "prince",
    "emir",
    "sheikh",
    "colonel",
    "col",
    "gen",
    "lt",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "lord",
    "pope",
    "chancellor",
    "premier",
    "officials",
    "official",
    "diplomats",
    "diplomat",
    "western",
    "eastern",
    "northern",
    "southern",
    "arab",
    "islamic",
    "muslim",
    "christian",
    "north",
    "south",
    "east",
    "west",
    "middle",
    "central",
    "new",
    "old",
    "last",
    "next",
    "first",
    "second",
    "third",
    "however",
    "meanwhile",
    "also",
    "still",
    "yet",
    "so",
    "then",
    "now",
    "earlier",
    "later",
    "today",
    "yesterday",
    "tomorrow",
    "under",
    "with",
    "without",
    "for",
    "from",
    "by",
    "to",
    "of",
    "about",
    "against",
    "over",
    "instead",
    "besides",
    "because",
    "since",
    "until",
    "despite",
    "amid",
    "during",
    "according",
    "read",
    "photo",
    "sign",
    "updated",
    "breaking",
    "exclusive",
    "analysis",
    "opinion",
    "editorial",
    "follow",
    "share",
    "peninsula",
    "sea",
    "gulf",
    "ocean",
    "island",
    "islands",
    "region",
    "city",
    "province",
    "bank",
    "fund",
    "council's",
    "resolution",
    "draft",
    "statement",
    "sanctions",
    "veto",
    "russia",
    "china",
];

/// Ranks and honorifics that may precede a name without making a role.
pub const RANKS: &[&str] = &[
    "colonel",
    "col",
    "general",
    "gen",
    "lt",
    "lieutenant",
    "major",
    "maj",
    "captain",
    "capt",
    "admiral",
    "adm",
    "marshal",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "sheikh",
    "prince",
    "princess",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "judge",
    "justice",
    "mayor",
    "rev",
    "father",
    "archbishop",
    "ayatollah",
];

/// Whether token `i` may be part of a personal name.
pub fn is_name_token(s: &Sentence, i: usize) -> bool {
    if !s.is_word(i) {
        return false;
    }
    let w = s.word(i);
    if w.contains('.') {
        return false;
    }
    if s.cap(i) {
        return !NOT_NAME.contains(&s.lw(i)) && w.chars().skip(1).any(char::is_lowercase);
    }
    PARTICLES.contains(&s.lw(i))
}

/// The end of a name run starting at `i` (exclusive), or `i` when none starts there. A run is
/// capitalised words, particles inside them and hyphen-joined parts (`al-Assad`); it neither
/// starts nor ends with a particle.
pub fn name_run(s: &Sentence, i: usize, stop: impl Fn(usize) -> bool) -> usize {
    if !s.cap(i) || !is_name_token(s, i) || stop(i) {
        return i;
    }
    let mut j = i + 1;
    let mut last_good = j;
    while j < s.len() && !stop(j) {
        if s.punct(j, '-') && s.joined(j) && s.joined(j + 1) && is_name_token(s, j + 1) {
            j += 2;
            if s.cap(j - 1) {
                last_good = j;
            }
            continue;
        }
        let particles_then_name = || {
            let mut k = j;
            while k < s.len() && !s.cap(k) && is_name_token(s, k) {
                k += 1;
            }
            k > j && (s.cap(k) || s.punct(k, '-')) && is_name_token(s, k.min(s.len() - 1))
        };
        if is_name_token(s, j) && (s.cap(j) || particles_then_name() || s.punct(j + 1, '-')) {
            j += 1;
            if s.cap(j - 1) {
                last_good = j;
            }
            continue;
        }
        break;
    }
    last_good.min(i + 5)
}

/// The id of a name: ASCII letters and digits in lowercase, other runs as one `_`
/// ("Alain Juppé" → `alain_juppe`, "Linda Thomas-Greenfield" → `linda_thomas_greenfield`).
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    let push = |f: char, out: &mut String, gap: &mut bool| {
        if *gap && !out.is_empty() {
            out.push('_');
        }
        *gap = false;
        out.push(f.to_ascii_lowercase());
    };
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            push(c, &mut out, &mut gap);
        } else if let Some(folded) = fold(c) {
            for f in folded.chars() {
                push(f, &mut out, &mut gap);
            }
        } else if !matches!(c, '\'' | '\u{2019}') {
            gap = true;
        }
    }
    out
}

/// ASCII spelling of a Latin letter with diacritics ("é" → "e", "ß" → "ss").
fn fold(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("ÀÁÂÃÄÅĀĂĄ", "a"),
        ("çćĉċč", "c"),
        ("ÇĆĈĊČ", "c"),
        ("ďđ", "d"),
        ("ĎĐ", "d"),
        ("èéêëēĕėęě", "e"),
        ("ÈÉÊËĒĔĖĘĚ", "e"),
        ("ĝğġģ", "g"),
        ("ĜĞĠĢ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ÌÍÎÏĨĪĬĮİ", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ĹĻĽĿŁ", "l"),
        ("ñńņňŉ", "n"),
        ("ÑŃŅŇ", "n"),
        ("òóôõöøōŏő", "o"),
        ("ÒÓÔÕÖØŌŎŐ", "o"),
        ("ŕŗř", "r"),
        ("śŝşšș", "s"),
        ("ŚŜŞŠȘ", "s"),
        ("ţťŧț", "t"),
        ("ŢŤŦȚ", "t"),
        ("ùúûüũūŭůűų", "u"),
        ("ÙÚÛÜŨŪŬŮŰŲ", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("ÝŸŶ", "y"),
        ("źżž", "z"),
        ("ŹŻŽ", "z"),
        ("ß", "ss"),
        ("æÆ", "ae"),
        ("œŒ", "oe"),
    ];
    TABLE
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|(_, to)| *to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::provenance::TextSpan;

    #[test]
    fn ids_are_ascii_snake_case_of_the_name() {
        assert_eq!(slug("Alain Juppé"), "alain_juppe");
        assert_eq!(slug("Linda Thomas-Greenfield"), "linda_thomas_greenfield");
        assert_eq!(slug("Bashar al-Assad"), "bashar_al_assad");
        assert_eq!(slug("Nicolás  Maduro"), "nicolas_maduro");
        assert_eq!(slug("Côte d'Ivoire"), "cote_divoire");
    }

    #[test]
    fn runs_take_particles_and_hyphens_inside_names() {
        let s = Sentence::new(
            0,
            TextSpan { start: 0, end: 0 },
            "Envoy Ana de la Cruz met Bashar al-Assad and Mary Smith-Jones in Lima.",
        );
        let run = |i| {
            let e = name_run(&s, i, |_| false);
            s.text_of(i, e).to_string()
        };
        assert_eq!(run(1), "Ana de la Cruz");
        assert_eq!(run(6), "Bashar al-Assad");
        assert_eq!(run(11), "Mary Smith-Jones");
        assert_eq!(run(2), "");
    }
}
