//! Splits Datalog source text into tokens with byte spans; skips whitespace and `//`, `/* */`
//! comments.
//!
//! A lexical error (an unterminated string, an unknown character) is recorded and the lexer goes
//! on after it, so that one file can report several errors.

use factlog_diag::{Diagnostic, FileId, Span};

/// A token's kind and, for names and literals, its text.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// An identifier (relation name or variable).
    Ident(String),
    /// `_`
    Underscore,
    /// A string literal, unescaped.
    Str(String),
    /// An integer literal (decimal, `0x` hex or `0b` binary).
    Number(i64),
    /// An unsigned literal (`12u`).
    Unsigned(u64),
    /// A float literal (`1.5`).
    Float(f64),
    /// A directive keyword after a dot: `.decl`, `.type`, `.input`, ...
    Directive(String),
    /// `#include`
    Include,
    /// Punctuation or operator, as written (`(`, `:-`, `!=`, ...).
    Punct(&'static str),
    /// End of input.
    Eof,
}

/// A token and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// What it is.
    pub tok: Tok,
    /// Where it is.
    pub span: Span,
}

const PUNCTS: &[&str] = &[
    ":-", "<:", "!=", "<=", ">=", "?-", "(", ")", "{", "}", ",", ".", ":", ";", "!", "=", "<", ">",
    "+", "-", "*", "/", "%", "^", "|",
];

/// The directive words recognised after a `.` (others lex as `.` followed by a name, so that
/// `a(1).b(2).` still reads as two facts).
const DIRECTIVES: &[&str] = &[
    "decl",
    "type",
    "input",
    "output",
    "printsize",
    "comp",
    "init",
    "functor",
    "pragma",
    "plan",
    "limitsize",
    "override",
];

/// Tokenizes `text` (file `file`): the tokens (ending with [`Tok::Eof`]) and every lexical error.
pub fn tokenize(text: &str, file: FileId) -> (Vec<Token>, Vec<Diagnostic>) {
    let mut lx = Lexer {
        text,
        bytes: text.as_bytes(),
        i: 0,
        file,
        out: Vec::new(),
        errors: Vec::new(),
    };
    lx.run();
    let end = text.len();
    lx.out.push(Token {
        tok: Tok::Eof,
        span: Span::new(file, end, end),
    });
    (lx.out, lx.errors)
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    i: usize,
    file: FileId,
    out: Vec<Token>,
    errors: Vec<Diagnostic>,
}

impl Lexer<'_> {
    fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.file, a, b)
    }

    fn error(&mut self, message: impl Into<String>, a: usize, b: usize) {
        let span = self.span(a, b);
        self.errors.push(Diagnostic::error("E0001", message, span));
    }

    fn push(&mut self, tok: Tok, start: usize) {
        let span = self.span(start, self.i);
        self.out.push(Token { tok, span });
    }

    fn rest(&self) -> &str {
        &self.text[self.i..]
    }

    fn run(&mut self) {
        while self.i < self.bytes.len() {
            let c = self.bytes[self.i];
            let start = self.i;
            if c.is_ascii_whitespace() {
                self.i += 1;
            } else if self.rest().starts_with("//") {
                self.i = self
                    .rest()
                    .find('\n')
                    .map_or(self.bytes.len(), |n| self.i + n);
            } else if self.rest().starts_with("/*") {
                match self.text[self.i + 2..].find("*/") {
                    Some(n) => self.i += 2 + n + 2,
                    None => {
                        self.error("unterminated comment: expected `*/`", start, start + 2);
                        self.i = self.bytes.len();
                    }
                }
            } else if c == b'"' {
                self.string();
            } else if c.is_ascii_digit() {
                self.number();
            } else if c.is_ascii_alphabetic() || c == b'_' {
                while self
                    .bytes
                    .get(self.i)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
                {
                    self.i += 1;
                }
                let word = &self.text[start..self.i];
                let tok = if word == "_" {
                    Tok::Underscore
                } else {
                    Tok::Ident(word.to_string())
                };
                self.push(tok, start);
            } else if c == b'.' && self.directive_word().is_some() {
                let word = self.directive_word().expect("invariant: checked above");
                self.i += 1 + word.len();
                self.push(Tok::Directive(word.to_string()), start);
            } else if self.rest().starts_with("#include") {
                self.i += "#include".len();
                self.push(Tok::Include, start);
            } else if let Some(p) = PUNCTS.iter().find(|p| self.rest().starts_with(**p)) {
                self.i += p.len();
                self.push(Tok::Punct(p), start);
            } else {
                let ch = self.rest().chars().next().expect("invariant: i < len");
                self.i += ch.len_utf8();
                self.error(format!("unexpected character `{ch}`"), start, self.i);
            }
        }
    }

    fn directive_word(&self) -> Option<&'static str> {
        let after = &self.text[self.i + 1..];
        let len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        DIRECTIVES.iter().copied().find(|d| *d == &after[..len])
    }

    fn string(&mut self) {
        let start = self.i;
        let mut value = String::new();
        self.i += 1;
        loop {
            let Some(ch) = self.rest().chars().next() else {
                self.error(
                    "unterminated string: expected a closing `\"`",
                    start,
                    start + 1,
                );
                return;
            };
            match ch {
                '"' => {
                    self.i += 1;
                    break;
                }
                '\n' => {
                    self.error(
                        "unterminated string: expected a closing `\"` before the end of the line",
                        start,
                        start + 1,
                    );
                    return;
                }
                '\\' => {
                    let esc = self.text[self.i + 1..].chars().next();
                    let width = 1 + esc.map_or(0, char::len_utf8);
                    match esc {
                        Some('"') => value.push('"'),
                        Some('\\') => value.push('\\'),
                        Some('n') => value.push('\n'),
                        Some('t') => value.push('\t'),
                        Some('r') => value.push('\r'),
                        _ => self.error(
                            "unknown escape: expected one of \\\" \\\\ \\n \\t \\r",
                            self.i,
                            self.i + width,
                        ),
                    }
                    self.i += width;
                }
                _ => {
                    value.push(ch);
                    self.i += ch.len_utf8();
                }
            }
        }
        self.push(Tok::Str(value), start);
    }

    fn number(&mut self) {
        let start = self.i;
        let radix = match self.bytes.get(self.i + 1) {
            Some(b'x' | b'X') if self.bytes[self.i] == b'0' => 16,
            Some(b'b' | b'B') if self.bytes[self.i] == b'0' => 2,
            _ => 10,
        };
        if radix != 10 {
            self.i += 2;
        }
        let digits_start = self.i;
        while self
            .bytes
            .get(self.i)
            .is_some_and(|b| b.is_ascii_hexdigit())
        {
            if radix == 10 && !self.bytes[self.i].is_ascii_digit() {
                break;
            }
            self.i += 1;
        }
        let digits = &self.text[digits_start..self.i];
        let is_float = radix == 10
            && self.bytes.get(self.i) == Some(&b'.')
            && self.bytes.get(self.i + 1).is_some_and(u8::is_ascii_digit);
        if is_float {
            self.i += 1;
            while self.bytes.get(self.i).is_some_and(u8::is_ascii_digit) {
                self.i += 1;
            }
            match self.text[start..self.i].parse::<f64>() {
                Ok(f) => self.push(Tok::Float(f), start),
                Err(_) => self.error("malformed float literal", start, self.i),
            }
            return;
        }
        let unsigned = self.bytes.get(self.i) == Some(&b'u');
        if unsigned {
            self.i += 1;
        }
        match u64::from_str_radix(digits, radix) {
            Ok(n) if unsigned => self.push(Tok::Unsigned(n), start),
            Ok(n) if n <= i64::MAX as u64 => self.push(Tok::Number(n as i64), start),
            _ => self.error(
                "number out of range: expected a 32-bit value",
                start,
                self.i,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok> {
        let (t, e) = tokenize(text, FileId(0));
        assert!(e.is_empty(), "{e:?}");
        t.into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn literals_of_every_base() {
        assert_eq!(
            toks("0x1F 0b101 12u 1.5 7"),
            vec![
                Tok::Number(31),
                Tok::Number(5),
                Tok::Unsigned(12),
                Tok::Float(1.5),
                Tok::Number(7),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn a_fact_end_is_not_a_directive_or_a_float() {
        assert_eq!(
            toks("a(1).b(2)."),
            vec![
                Tok::Ident("a".into()),
                Tok::Punct("("),
                Tok::Number(1),
                Tok::Punct(")"),
                Tok::Punct("."),
                Tok::Ident("b".into()),
                Tok::Punct("("),
                Tok::Number(2),
                Tok::Punct(")"),
                Tok::Punct("."),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn lexing_goes_on_after_an_error() {
        let (t, e) = tokenize("a $ b # c", FileId(0));
        assert_eq!(e.len(), 2);
        assert_eq!(t.len(), 4);
    }
}
