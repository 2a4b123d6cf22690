//! factlog's one sentence splitter. Curated spans, extracted evidence and statement ids all
//! use its sentence numbering.
//!
//! A newline always ends a sentence. `.`, `!` or `?` ends one when followed (after closing
//! quotes or brackets) by whitespace or the end of the text, unless the word it ends is an
//! abbreviation: a single letter, a dotted acronym (`U.S.`, `U.N.`) or a title or month
//! (`Mr.`, `Gen.`, `Aug.`). Sentences are trimmed of surrounding whitespace.

use crate::kb::provenance::TextSpan;

const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Sen", "Rep", "Gov", "St", "Jr", "Sr", "Prof",
    "Capt", "Sgt", "Adm", "Maj", "No", "Inc", "Corp", "Co", "Ltd", "vs", "Jan", "Feb", "Mar",
    "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']')
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[')
}

/// Whether the word before a `.` (without the dot) is an abbreviation.
fn is_abbreviation(word: &[char]) -> bool {
    let start = word
        .iter()
        .position(|&c| !is_opening(c))
        .unwrap_or(word.len());
    let word = &word[start..];
    if word.len() == 1 && word[0].is_alphabetic() {
        return true;
    }
    // Dotted acronym: letters separated by dots ("U.S" before the final dot).
    if word.len() >= 3
        && word.iter().enumerate().all(|(i, &c)| {
            if i % 2 == 0 {
                c.is_alphabetic()
            } else {
                c == '.'
            }
        })
    {
        return true;
    }
    let w: String = word.iter().collect();
    ABBREVIATIONS.contains(&w.as_str())
}

/// Splits `text` into sentences, as code-point spans in text order.
pub fn split_sentences(text: &str) -> Vec<TextSpan> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let push = |a: usize, b: usize, out: &mut Vec<TextSpan>| {
        let mut a = a;
        let mut b = b;
        while a < b && chars[a].is_whitespace() {
            a += 1;
        }
        while b > a && chars[b - 1].is_whitespace() {
            b -= 1;
        }
        if a < b {
            out.push(TextSpan {
                start: a as u32,
                end: b as u32,
            });
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            push(start, i, &mut out);
            start = i + 1;
            i += 1;
            continue;
        }
        if matches!(c, '.' | '!' | '?') {
            let mut j = i + 1;
            while j < chars.len() && is_closing(chars[j]) {
                j += 1;
            }
            let at_break = j == chars.len() || chars[j].is_whitespace();
            if at_break {
                let word_start = chars[..i]
                    .iter()
                    .rposition(|c| c.is_whitespace())
                    .map_or(0, |p| p + 1)
                    .max(start);
                let abbreviation = c == '.' && j == i + 1 && is_abbreviation(&chars[word_start..i]);
                if !abbreviation {
                    push(start, j, &mut out);
                    start = j;
                    i = j;
                    continue;
                }
            }
        }
        i += 1;
    }
    push(start, chars.len(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        split_sentences(text)
            .into_iter()
            .map(|s| chars[s.start as usize..s.end as usize].iter().collect())
            .collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            split("Mr. Smith met Gen. Jones at the U.N. on Monday. The U.S. draft failed."),
            [
                "Mr. Smith met Gen. Jones at the U.N. on Monday.",
                "The U.S. draft failed."
            ]
        );
    }

    #[test]
    fn quotes_close_sentences_and_newlines_split() {
        assert_eq!(
            split("\"We object.\" He left!\nHeadline without stop\n\n  Last one?"),
            [
                "\"We object.\"",
                "He left!",
                "Headline without stop",
                "Last one?"
            ]
        );
    }

    #[test]
    fn decimals_and_inner_dots_do_not_split() {
        assert_eq!(
            split("It rose 1.5 percent. Next."),
            ["It rose 1.5 percent.", "Next."]
        );
    }
}
