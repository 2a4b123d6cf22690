//! Sentences as the extractor reads them: the text normalised for matching (curly quotes,
//! non-breaking spaces and dashes mapped one character to one character, so code-point offsets
//! are unchanged) and split into tokens that remember their code-point span in the article body.
//!
//! This module knows nothing of entities or patterns; it only answers "which word is at token
//! `i`", in original case or ASCII lowercase.

use crate::kb::provenance::TextSpan;

/// Maps a character to the one matched in its place: typographic quotes to ASCII quotes,
/// non-breaking and thin spaces to a space, dashes to a hyphen. Always one character for one.
pub fn normalize_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`'
        | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{00A0}'
        | '\u{2000}'..='\u{200B}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}'
        | '\u{FEFF}'
        | '\u{00AD}' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        c => c,
    }
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// Letters (with inner apostrophes, or a dotted abbreviation such as `U.S.`).
    Word,
    /// Digits (with inner `,` or `.`).
    Number,
    /// Any other single character.
    Punct,
}

/// One token: byte range in the sentence's normalised text, code-point range in the body.
#[derive(Clone, Copy, Debug)]
pub struct Tok {
    /// First byte in [`Sentence::text`].
    pub b0: u32,
    /// One past the last byte.
    pub b1: u32,
    /// First code point in the article body.
    pub c0: u32,
    /// One past the last code point.
    pub c1: u32,
    /// Word, number or punctuation.
    pub kind: TokKind,
    /// Whether whitespace precedes it.
    pub space_before: bool,
}

/// A sentence of the article body, normalised and tokenised.
#[derive(Debug)]
pub struct Sentence {
    /// Its index in the article's sentence list (factlog's one splitter).
    pub index: usize,
    /// Its code-point span in the body.
    pub span: TextSpan,
    /// The normalised text.
    pub text: String,
    /// The normalised text in ASCII lowercase (same byte offsets).
    pub low: String,
    /// The tokens.
    pub toks: Vec<Tok>,
}

impl Sentence {
    /// Normalises and tokenises `original`, the text of sentence `index` at `span`.
    pub fn new(index: usize, span: TextSpan, original: &str) -> Sentence {
        let text: String = original.chars().map(normalize_char).collect();
        let low = text.to_ascii_lowercase();
        let toks = tokenize(&text, span.start);
        Sentence {
            index,
            span,
            text,
            low,
            toks,
        }
    }

    /// The number of tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// Whether the sentence has no token.
    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// Token `i` in original case (empty past the end).
    pub fn word(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .map_or("", |t| &self.text[t.b0 as usize..t.b1 as usize])
    }

    /// Token `i` in ASCII lowercase (empty past the end).
    pub fn lw(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .map_or("", |t| &self.low[t.b0 as usize..t.b1 as usize])
    }

    /// Whether token `i` is `w` (lowercase).
    pub fn is(&self, i: usize, w: &str) -> bool {
        self.lw(i) == w
    }

    /// Whether token `i` is one of `ws` (lowercase).
    pub fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        let w = self.lw(i);
        !w.is_empty() && ws.contains(&w)
    }

    /// Whether tokens from `i` on spell `words` (lowercase).
    pub fn seq(&self, i: usize, words: &[&str]) -> bool {
        words.iter().enumerate().all(|(k, w)| self.is(i + k, w))
    }

    /// Whether tokens ending just before `end` spell `words` (lowercase).
    pub fn seq_before(&self, end: usize, words: &[&str]) -> bool {
        end >= words.len() && self.seq(end - words.len(), words)
    }

    /// Whether token `i` is a word starting with an uppercase letter.
    pub fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokKind::Word)
            && self.word(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether token `i` is punctuation `c`.
    pub fn punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokKind::Punct) && self.word(i).starts_with(c)
    }

    /// Whether token `i` is a word.
    pub fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokKind::Word)
    }

    /// Whether token `i` follows token `i - 1` with no space between (as in `al-Assad`).
    pub fn joined(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.space_before) && i > 0
    }

    /// The code-point span of tokens `a..b`.
    pub fn span_of(&self, a: usize, b: usize) -> TextSpan {
        match (
            self.toks.get(a),
            b.checked_sub(1).and_then(|e| self.toks.get(e)),
        ) {
            (Some(x), Some(y)) if a < b => TextSpan {
                start: x.c0,
                end: y.c1,
            },
            _ => self.span,
        }
    }

    /// The normalised text of tokens `a..b`.
    pub fn text_of(&self, a: usize, b: usize) -> &str {
        match (
            self.toks.get(a),
            b.checked_sub(1).and_then(|e| self.toks.get(e)),
        ) {
            (Some(x), Some(y)) if a < b => &self.text[x.b0 as usize..y.b1 as usize],
            _ => "",
        }
    }

    /// The index of the token starting at byte `b`, if one does.
    pub fn tok_starting_at(&self, b: usize) -> Option<usize> {
        let i = self.toks.partition_point(|t| (t.b0 as usize) < b);
        self.toks.get(i).filter(|t| t.b0 as usize == b).map(|_| i)
    }

    /// The index of the token ending at byte `b`, if one does.
    pub fn tok_ending_at(&self, b: usize) -> Option<usize> {
        let i = self.toks.partition_point(|t| (t.b1 as usize) < b);
        self.toks.get(i).filter(|t| t.b1 as usize == b).map(|_| i)
    }
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() || is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// Splits normalised text into tokens; `base` is the code point of its first character.
fn tokenize(text: &str, base: u32) -> Vec<Tok> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
    let ch = |k: usize| chars.get(k).map(|&(_, c)| c);
    let mut toks = Vec::with_capacity(chars.len() / 4 + 1);
    let mut k = 0;
    let mut space = true;
    while k < chars.len() {
        let c = chars[k].1;
        if c.is_whitespace() {
            space = true;
            k += 1;
            continue;
        }
        let start = k;
        let kind;
        if c.is_ascii_digit() {
            kind = TokKind::Number;
            k += 1;
            while let Some(d) = ch(k) {
                if d.is_ascii_digit()
                    || (matches!(d, ',' | '.') && ch(k + 1).is_some_and(|e| e.is_ascii_digit()))
                {
                    k += 1;
                } else {
                    break;
                }
            }
        } else if is_letter(c) {
            kind = TokKind::Word;
            k = word_end(&ch, k);
        } else if c == '\''
            && ch(k + 1).is_some_and(|s| s == 's' || s == 'S')
            && !ch(k + 2).is_some_and(is_letter)
            && !space
        {
            kind = TokKind::Word;
            k += 2;
        } else {
            kind = TokKind::Punct;
            k += 1;
        }
        toks.push(Tok {
            b0: byte_at(start) as u32,
            b1: byte_at(k) as u32,
            c0: base + start as u32,
            c1: base + k as u32,
            kind,
            space_before: space,
        });
        space = false;
    }
    toks
}

/// The end of the word starting at `k`: letters, inner apostrophes (not a possessive `'s`),
/// or a dotted abbreviation (`U.S.`, `D.P.R.K.`).
fn word_end(ch: &impl Fn(usize) -> Option<char>, mut k: usize) -> usize {
    let start = k;
    while ch(k).is_some_and(|c| is_letter(c) || c.is_ascii_digit()) {
        k += 1;
    }
    // Dotted abbreviation: single letters each followed by a dot.
    if k == start + 1 && ch(k) == Some('.') && ch(k + 1).is_some_and(is_letter) {
        let mut j = k;
        let mut pairs = 1;
        while ch(j) == Some('.')
            && ch(j + 1).is_some_and(is_letter)
            && !ch(j + 2).is_some_and(is_letter)
        {
            j += 2;
            pairs += 1;
        }
        if pairs >= 2 && ch(j) == Some('.') {
            return j + 1;
        }
    }
    // Inner apostrophe: "can't", "N'Djamena", "d'Ivoire" (but "Russia's" stops before it).
    if ch(k) == Some('\'') && ch(k + 1).is_some_and(is_letter) {
        let possessive = matches!(ch(k + 1), Some('s' | 'S')) && !ch(k + 2).is_some_and(is_letter);
        if !possessive {
            return word_end(ch, k + 1);
        }
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        let sent = Sentence::new(0, TextSpan { start: 0, end: 0 }, s);
        (0..sent.len()).map(|i| sent.word(i).to_string()).collect()
    }

    #[test]
    fn abbreviations_possessives_and_hyphens() {
        assert_eq!(
            words("The U.S.-drafted text, Ruritania's envoy said, can't pass."),
            [
                "The",
                "U.S.",
                "-",
                "drafted",
                "text",
                ",",
                "Ruritania",
                "'s",
                "envoy",
                "said",
                ",",
                "can't",
                "pass",
                "."
            ]
        );
    }

    #[test]
    fn curly_quotes_and_spaces_normalise_one_for_one() {
        let s = "\u{201C}No\u{201D},\u{00A0}she said \u{2014} 1,500.5 votes";
        let sent = Sentence::new(3, TextSpan { start: 10, end: 40 }, s);
        assert_eq!(sent.text.chars().count(), s.chars().count());
        assert_eq!(sent.word(0), "\"");
        assert_eq!(sent.word(1), "No");
        assert_eq!(sent.toks[1].c0, 11);
        assert!(sent.is(4, "she"));
        assert_eq!(sent.word(7), "1,500.5");
        assert_eq!(sent.word(6), "-");
    }

    #[test]
    fn token_lookup_by_byte_offset() {
        let sent = Sentence::new(
            0,
            TextSpan { start: 0, end: 0 },
            "Mr. Ruritania's U.N. envoy",
        );
        assert_eq!(sent.tok_starting_at(4), Some(2));
        assert_eq!(sent.tok_ending_at(13), Some(2));
        assert_eq!(sent.tok_starting_at(5), None);
        assert!(sent.seq(2, &["ruritania", "'s", "u.n."]));
    }
}
