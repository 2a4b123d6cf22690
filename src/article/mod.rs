//! News articles as factlog reads them: an optional `key: value` header closed by `---`, the
//! body after it, and the body's sentences with code-point offsets.
//!
//! Spans in fact files are code-point offsets into the body; this module is the one place that
//! turns them into text and decides where sentences end.

mod sentences;

pub use sentences::split_sentences;

use crate::kb::provenance::TextSpan;
use std::path::{Path, PathBuf};

/// A parsed article file.
#[derive(Debug, Clone)]
pub struct Article {
    /// Source id: the header's `id`, else the file stem.
    pub id: String,
    /// The header's `outlet`.
    pub outlet: Option<String>,
    /// The header's `published` date.
    pub published: Option<String>,
    /// The header's `title`.
    pub title: Option<String>,
    /// The header's `url`: where the article can be read.
    pub url: Option<String>,
    /// The body text (after the `---` line).
    pub body: String,
    /// Byte offset of each code point of the body, plus the body's length at the end.
    char_bytes: Vec<u32>,
    /// The sentences of the body, as code-point spans.
    pub sentences: Vec<TextSpan>,
}

impl Article {
    /// Parses article text; `stem` is the file stem, the id when the header gives none. A
    /// leading byte-order mark is skipped (as in every file factlog reads), so a header after
    /// one is read and spans count from the first character after it.
    pub fn parse(text: &str, stem: &str) -> Article {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let (header, body) = split_header(text);
        let get = |key: &str| {
            header
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.to_string())
        };
        let body = body.to_string();
        let mut char_bytes: Vec<u32> = body.char_indices().map(|(i, _)| i as u32).collect();
        char_bytes.push(body.len() as u32);
        let sentences = split_sentences(&body);
        Article {
            id: get("id").unwrap_or_else(|| stem.to_string()),
            outlet: get("outlet"),
            published: get("published"),
            title: get("title"),
            url: get("url"),
            body,
            char_bytes,
            sentences,
        }
    }

    /// Reads and parses an article file.
    pub fn read(path: &Path) -> std::io::Result<Article> {
        let bytes = std::fs::read(path)?;
        let text = String::from_utf8_lossy(&bytes);
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        Ok(Article::parse(&text, stem))
    }

    /// The body's length in code points.
    pub fn len_chars(&self) -> u32 {
        (self.char_bytes.len() - 1) as u32
    }

    /// The text of a span, if it lies within the body.
    pub fn slice(&self, span: TextSpan) -> Option<&str> {
        if span.start > span.end || span.end > self.len_chars() {
            return None;
        }
        let a = self.char_bytes[span.start as usize] as usize;
        let b = self.char_bytes[span.end as usize] as usize;
        Some(&self.body[a..b])
    }

    /// The index of the sentence that contains the whole span, if one does.
    pub fn sentence_of(&self, span: TextSpan) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end < span.end);
        self.sentences
            .get(i)
            .filter(|s| s.start <= span.start && span.end <= s.end)
            .map(|_| i)
    }

    /// The index of the sentence the span starts in, if any.
    pub fn sentence_at(&self, pos: u32) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        self.sentences.get(i).filter(|s| s.start <= pos).map(|_| i)
    }
}

/// Splits a header of `key: value` lines closed by `---` from the body. Text without such a
/// header is all body.
fn split_header(text: &str) -> (Vec<(String, String)>, &str) {
    let mut header = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if trimmed == "---" {
            return (header, &text[offset + line.len()..]);
        }
        match trimmed.split_once(':') {
            Some((k, v))
                if !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
            {
                header.push((k.to_string(), v.trim().to_string()));
            }
            _ => return (Vec::new(), text),
        }
        offset += line.len();
    }
    (Vec::new(), text)
}

/// The article files (`*.txt`) in a set of folders, keyed by source id; unreadable folders are
/// skipped (a knowledge base may list folders that exist on some machines only).
#[derive(Debug, Default)]
pub struct ArticleLibrary {
    articles: Vec<(PathBuf, Article)>,
}

impl ArticleLibrary {
    /// Reads every `*.txt` in `dirs`, in sorted path order.
    pub fn load(dirs: &[PathBuf]) -> ArticleLibrary {
        let mut paths = Vec::new();
        for dir in dirs {
            if let Ok(entries) = std::fs::read_dir(dir) {
                paths.extend(
                    entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.extension().is_some_and(|e| e == "txt")),
                );
            }
        }
        paths.sort();
        let articles = paths
            .into_iter()
            .filter_map(|p| Article::read(&p).ok().map(|a| (p, a)))
            .collect();
        ArticleLibrary { articles }
    }

    /// The article with this source id.
    pub fn get(&self, id: &str) -> Option<&Article> {
        self.articles
            .iter()
            .find(|(_, a)| a.id == id)
            .map(|(_, a)| a)
    }

    /// How many articles were found.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// Every article, in sorted path order.
    pub fn iter(&self) -> impl Iterator<Item = &Article> + '_ {
        self.articles.iter().map(|(_, a)| a)
    }

    /// Whether no article was found.
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "id: sample_1\npublished: 2020-01-02\n---\nThe U.S. envoy spoke. \
                          Ruritania said no.\nA héadline\n";

    #[test]
    fn header_body_and_code_point_spans() {
        let a = Article::parse(SAMPLE, "stem");
        assert_eq!(a.id, "sample_1");
        assert_eq!(a.published.as_deref(), Some("2020-01-02"));
        assert!(a.body.starts_with("The U.S. envoy"));
        let s: Vec<&str> = a
            .sentences
            .iter()
            .map(|&s| a.slice(s).expect("in body"))
            .collect();
        assert_eq!(
            s,
            ["The U.S. envoy spoke.", "Ruritania said no.", "A héadline"]
        );
        assert_eq!(a.sentence_of(TextSpan { start: 22, end: 31 }), Some(1));
        assert_eq!(a.sentence_of(TextSpan { start: 15, end: 25 }), None);
    }

    #[test]
    fn text_without_header_is_all_body() {
        let a = Article::parse("Just one line: with a colon? No.\n", "plain");
        assert_eq!(a.id, "plain");
        assert!(a.body.starts_with("Just"));
    }
}
