//! Splits Datalog source text into tokens with byte spans; skips whitespace and `//`, `/* */`
//! comments.

use crate::diag::{Diagnostic, FileId, Span};

/// A token's kind and, for names and literals, its text.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// An identifier (relation name or variable).
    Ident(String),
    /// `_`
    Underscore,
    /// A string literal, unescaped.
    Str(String),
    /// An integer literal.
    Number(i64),
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
    ":-", "<:", "!=", "<=", ">=", "?-", "(", ")", ",", ".", ":", ";", "!", "=", "<", ">", "+", "-",
    "*", "/", "%", "^", "|",
];

/// Tokenizes `text` (file `file`); the first lexical error stops it.
pub fn tokenize(text: &str, file: FileId) -> Result<Vec<Token>, Diagnostic> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    let span = |a: usize, b: usize| Span::new(file, a, b);
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if text[i..].starts_with("//") {
            i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            continue;
        }
        if text[i..].starts_with("/*") {
            match text[i + 2..].find("*/") {
                Some(n) => i = i + 2 + n + 2,
                None => {
                    return Err(Diagnostic::error(
                        "E0001",
                        "unterminated comment: expected `*/`",
                        span(i, i + 2),
                    ));
                }
            }
            continue;
        }
        let start = i;
        if c == b'"' {
            let mut value = String::new();
            i += 1;
            loop {
                let Some(ch) = text[i..].chars().next() else {
                    return Err(Diagnostic::error(
                        "E0001",
                        "unterminated string: expected a closing `\"`",
                        span(start, start + 1),
                    ));
                };
                match ch {
                    '"' => {
                        i += 1;
                        break;
                    }
                    '\n' => {
                        return Err(Diagnostic::error(
                            "E0001",
                            "unterminated string: expected a closing `\"` before the end of the line",
                            span(start, start + 1),
                        ));
                    }
                    '\\' => {
                        let esc = text[i + 1..].chars().next();
                        match esc {
                            Some('"') => value.push('"'),
                            Some('\\') => value.push('\\'),
                            Some('n') => value.push('\n'),
                            Some('t') => value.push('\t'),
                            _ => {
                                return Err(Diagnostic::error(
                                    "E0001",
                                    "unknown escape: expected one of \\\" \\\\ \\n \\t",
                                    span(i, i + 1 + esc.map_or(0, char::len_utf8)),
                                ));
                            }
                        }
                        i += 1 + esc.map_or(0, char::len_utf8);
                    }
                    _ => {
                        value.push(ch);
                        i += ch.len_utf8();
                    }
                }
            }
            out.push(Token {
                tok: Tok::Str(value),
                span: span(start, i),
            });
            continue;
        }
        if c.is_ascii_digit() {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let n = text[start..i]
                .parse::<i64>()
                .map_err(|_| Diagnostic::error("E0001", "number out of range", span(start, i)))?;
            out.push(Token {
                tok: Tok::Number(n),
                span: span(start, i),
            });
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            let word = &text[start..i];
            let tok = if word == "_" {
                Tok::Underscore
            } else {
                Tok::Ident(word.to_string())
            };
            out.push(Token {
                tok,
                span: span(start, i),
            });
            continue;
        }
        if c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            out.push(Token {
                tok: Tok::Directive(text[start + 1..i].to_string()),
                span: span(start, i),
            });
            continue;
        }
        if text[i..].starts_with("#include") {
            i += "#include".len();
            out.push(Token {
                tok: Tok::Include,
                span: span(start, i),
            });
            continue;
        }
        if let Some(p) = PUNCTS.iter().find(|p| text[i..].starts_with(**p)) {
            i += p.len();
            out.push(Token {
                tok: Tok::Punct(p),
                span: span(start, i),
            });
            continue;
        }
        let ch = text[i..].chars().next().expect("invariant: i < len");
        return Err(Diagnostic::error(
            "E0001",
            format!("unexpected character `{ch}`"),
            span(i, i + ch.len_utf8()),
        ));
    }
    out.push(Token {
        tok: Tok::Eof,
        span: span(bytes.len(), bytes.len()),
    });
    Ok(out)
}
