//! Which sentences of an article are news: page furniture ("Last Updated: …", newsletter,
//! donation and comment appeals, "Read more"), photo captions and credits, and headlines are
//! not, and yield no facts.
//!
//! Decisions are made per line of the body (a caption or an appeal is a paragraph of its own);
//! every sentence of a furniture line is dropped. Spans are untouched: this module only answers
//! "is sentence `i` news?".

use super::text::normalize_char;
use crate::article::Article;

/// Lines that start like this are furniture.
const FURNITURE_STARTS: &[&str] = &[
    "last updated",
    "updated:",
    "published:",
    "photo:",
    "photos:",
    "picture:",
    "image:",
    "file photo",
    "caption:",
    "credit:",
    "read more",
    "read also",
    "see also",
    "related:",
    "related articles",
    "sign up",
    "subscribe",
    "support us",
    "advertisement",
    "share this",
    "follow us",
    "click here",
    "please let us know",
    "get the latest",
    "enjoying ad-free",
    "a message from",
    "dear readers",
    "remind me later",
    "not ready to support",
    "more from",
    "recommended",
    "watch:",
    "listen:",
    "reporting by",
    "additional reporting",
    "writing by",
    "editing by",
    "compiled by",
    "our standards",
    "copyright",
    "\u{a9}",
    "this story has been",
    "this article has been",
    "correction:",
    "editor's note",
    "filed under",
    "tags:",
    "topics:",
    "share on",
    "posted in",
];

/// Lines that contain any of these are appeals or notices, not news.
const FURNITURE_WORDS: &[&str] = &[
    "newsletter",
    "subscriber",
    "subscription",
    "ad-free",
    "privacy policy",
    "journalism",
    "journalists of",
    "your support",
    "support us",
    "our work",
    "our staff",
    "your help",
    "donat",
    "commenting",
    "comments section",
    "all rights reserved",
    "cookie",
    "your inbox",
    "your mailbox",
    "reading experience",
    "contributed to this report",
    "contributed reporting",
    "thomson reuters trust",
];

/// Credits that mark a photo caption when they close a line.
const CREDITS: &[&str] = &[
    "ap",
    "afp",
    "reuters",
    "getty",
    "epa",
    "tass",
    "xinhua",
    "pool",
    "photo",
    "via",
    "ria",
    "sputnik",
    "anadolu",
    "efe",
    "kcna",
    "yonhap",
    "shutterstock",
    "images",
    "file",
];

/// For each sentence of the article, whether it is news (not furniture, caption or headline).
pub fn news_sentences(article: &Article) -> Vec<bool> {
    let mut line_of_char: Vec<(u32, u32, bool)> = Vec::new();
    let mut offset = 0u32;
    for line in article.body.split('\n') {
        let len = line.chars().count() as u32;
        line_of_char.push((offset, offset + len, is_news_line(line)));
        offset += len + 1;
    }
    article
        .sentences
        .iter()
        .map(|s| {
            let i = line_of_char.partition_point(|&(_, end, _)| end < s.start);
            line_of_char.get(i).is_none_or(|&(_, _, news)| news)
        })
        .collect()
}

/// Whether a line of the body is news.
pub fn is_news_line(line: &str) -> bool {
    let norm: String = line.chars().map(normalize_char).collect();
    let trimmed = norm.trim();
    if trimmed.is_empty() {
        return true;
    }
    let low = trimmed.to_lowercase();
    let low_start = low.trim_start_matches(|c: char| !c.is_alphanumeric());
    if FURNITURE_STARTS.iter().any(|s| low_start.starts_with(s)) {
        return false;
    }
    let words = low.split_whitespace().count();
    if words <= 80 && FURNITURE_WORDS.iter().any(|w| low.contains(w)) {
        return false;
    }
    // A byline: "By Jane Doe", "By Jane Doe and John Roe, Reuters".
    if words <= 8 && low_start.starts_with("by ") && !trimmed.ends_with('.') {
        return false;
    }
    if (words <= 60 && is_caption(&low)) || is_credit_line(trimmed, &low) {
        return false;
    }
    !is_headline(trimmed)
}

/// Present-tense verbs of photo captions ("X speaks to reporters in Y").
const PHOTO_VERBS: &[&str] = &[
    "speaks",
    "pauses",
    "attends",
    "arrives",
    "gestures",
    "looks",
    "poses",
    "listens",
    "walks",
    "waves",
    "addresses",
    "talks",
    "leaves",
    "meets",
    "shakes",
    "sits",
    "stands",
    "votes",
    "raises",
    "holds",
    "is seen",
    "are seen",
];

/// A caption closes with a parenthesised credit naming a photographer's agency ("(Jane Doe,
/// Pool via AP)"), or with an agency's name after a present-tense photo verb ("Y speaks in Z.
/// (Reuters)").
fn is_caption(low: &str) -> bool {
    let Some(credit) = closing_credit(low) else {
        return false;
    };
    let photographic = credit.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w,
            "via" | "pool" | "photo" | "getty" | "images" | "file" | "epa"
        )
    });
    photographic
        || PHOTO_VERBS.iter().any(|v| {
            low.match_indices(v).any(|(i, _)| {
                let before = low[..i].chars().next_back();
                let after = low[i + v.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        })
}

/// The text inside a parenthesised credit that closes the line.
fn closing_credit(low: &str) -> Option<&str> {
    let t = low.trim_end_matches(['.', ' ']);
    let inner = t.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let inside = &inner[open + 1..];
    (inside.split_whitespace().count() <= 8
        && inside
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| CREDITS.contains(&w))
        && t.split_whitespace().count() > 3)
        .then_some(inside)
}

/// A photographer's credit on a line of its own: "Jane Doe / TASS", "Jane Doe, via AP".
fn is_credit_line(trimmed: &str, low: &str) -> bool {
    let words = trimmed.split_whitespace().count();
    let ends_sentence = trimmed.ends_with(['.', '!', '?', '"']);
    words <= 8
        && !ends_sentence
        && (trimmed.contains(" / ")
            || low.contains(" via ")
            || low.starts_with("via ")
            || low
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| matches!(w, "getty" | "shutterstock" | "afp" | "epa")))
}

/// A headline or label: no sentence end, and (for more than three words) most words
/// capitalised; or a single short word or symbol.
fn is_headline(trimmed: &str) -> bool {
    if trimmed.ends_with(['.', '!', '?', '"', ':', ';', ',']) {
        return false;
    }
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    if words.len() <= 3 {
        return true;
    }
    let content: Vec<&&str> = words
        .iter()
        .filter(|w| {
            !matches!(
                w.to_lowercase().as_str(),
                "a" | "an"
                    | "the"
                    | "of"
                    | "on"
                    | "in"
                    | "to"
                    | "for"
                    | "and"
                    | "or"
                    | "at"
                    | "by"
                    | "with"
                    | "from"
                    | "as"
                    | "over"
                    | "is"
                    | "be"
            )
        })
        .collect();
    let capitalised = content
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| !c.is_lowercase())
        })
        .count();
    capitalised * 10 >= content.len() * 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines_are_not_news() {
        for line in [
            "Last Updated: 12/01/2020",
            "Sign up for our weekly newsletter",
            "Photo: The envoy of Ruritania arrives in Strelsau, May 2, 2020. (Reuters)",
            "The envoy arrives at the talks in Strelsau on Tuesday. (Jane Doe, Pool via AP)",
            "Jane Doe / TASS",
            "Read more",
            "Ruritania Rejects Council Plan On Border Dispute",
            "\u{00D7}",
            "Your support, no matter how small, keeps our journalism free.",
        ] {
            assert!(!is_news_line(line), "{line}");
        }
    }

    #[test]
    fn news_lines_are_news() {
        for line in [
            "Ruritania said on Monday it would not support the draft.",
            "\"We will not let this text pass,\" he said.",
            "The envoy of Ruritania (a small state) spoke.",
        ] {
            assert!(is_news_line(line), "{line}");
        }
    }

    #[test]
    fn sentences_inherit_their_line() {
        let a = Article::parse(
            "id: t\n---\nPhoto: A caption. (AFP)\nRuritania said no. It left.\nRead more\n",
            "t",
        );
        assert_eq!(news_sentences(&a), [false, false, true, true, false]);
    }
}
