//! Finds where a JSON path (`facts[3].args[2]`) is written in a file, so that problems found
//! after parsing still name a line and column. Only run when a diagnostic needs it.

/// One step of a JSON path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// An object member.
    Key(&'static str),
    /// An array element.
    Index(usize),
}

/// Renders a path as `facts[3].args[2]`.
pub fn path_string(path: &[Step]) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// The byte range of the value at `path` in `text`, or of the deepest part of the path that
/// exists. `text` must be valid JSON.
pub fn locate(text: &str, path: &[Step]) -> (usize, usize) {
    let b = text.as_bytes();
    let mut pos = skip_ws(b, 0);
    for step in path {
        match (step, b.get(pos)) {
            (Step::Key(key), Some(b'{')) => {
                let mut p = skip_ws(b, pos + 1);
                let mut found = None;
                while b.get(p) == Some(&b'"') {
                    let key_end = skip_string(b, p);
                    let name = &text[p + 1..key_end - 1];
                    p = skip_ws(b, key_end);
                    p = skip_ws(b, p + 1); // ':'
                    if name == *key {
                        found = Some(p);
                        break;
                    }
                    p = skip_ws(b, skip_value(b, p));
                    if b.get(p) == Some(&b',') {
                        p = skip_ws(b, p + 1);
                    }
                }
                match found {
                    Some(p) => pos = p,
                    None => break,
                }
            }
            (Step::Index(n), Some(b'[')) => {
                let mut p = skip_ws(b, pos + 1);
                let mut i = 0;
                while i < *n && p < b.len() && b[p] != b']' {
                    p = skip_ws(b, skip_value(b, p));
                    if b.get(p) == Some(&b',') {
                        p = skip_ws(b, p + 1);
                    }
                    i += 1;
                }
                if i < *n || b.get(p) == Some(&b']') {
                    break;
                }
                pos = p;
            }
            _ => break,
        }
    }
    (pos, skip_value(b, pos).max(pos + 1).min(text.len()))
}

/// The byte range of the character at a 1-based line and column as serde_json reports them
/// (its column counts bytes, and is 0 at the start of a line). The range always lies on
/// character boundaries, so that a diagnostic can point at it whatever the text holds.
pub fn char_at(text: &str, line: usize, column: usize) -> (usize, usize) {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let mut at = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if at == text.len() && at > 0 {
        // An error at the end of the text points at its last character.
        at -= 1;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
    }
    let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    (at, end)
}

/// The byte range of the JSON value that ends at byte `last` (serde_json reports a value of the
/// wrong type at its last character): a string back to its opening quote, a number or literal
/// back to its first character, an array or object back to its opening bracket. Falls back to
/// the one character at `last`.
pub fn value_ending_at(text: &str, last: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let Some(&c) = b.get(last) else {
        return (last, last);
    };
    let end = last + 1;
    let escaped = |q: usize| b[..q].iter().rev().take_while(|&&x| x == b'\\').count() % 2 == 1;
    let start = match c {
        b'"' => (0..last).rev().find(|&q| b[q] == b'"' && !escaped(q)),
        b']' | b'}' => {
            let mut depth = 0usize;
            let mut in_string = false;
            let mut found = None;
            for q in (0..=last).rev() {
                match b[q] {
                    b'"' if !escaped(q) => in_string = !in_string,
                    b']' | b'}' if !in_string => depth += 1,
                    b'[' | b'{' if !in_string => {
                        depth -= 1;
                        if depth == 0 {
                            found = Some(q);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            found
        }
        c if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'+' | b'.') => Some(
            (0..=last)
                .rev()
                .take_while(|&q| b[q].is_ascii_alphanumeric() || matches!(b[q], b'-' | b'+' | b'.'))
                .last()
                .unwrap_or(last),
        ),
        _ => None,
    };
    match start {
        Some(start) => (start, end),
        None => (last, end),
    }
}

/// Where a serde_json error points: for a value of the wrong type, the whole value; for a
/// syntax error, the character at its position. Always on character boundaries.
pub fn serde_error_range(text: &str, error: &serde_json::Error) -> (usize, usize) {
    let (at, end) = char_at(text, error.line(), error.column());
    if error.classify() == serde_json::error::Category::Data && end == at + 1 {
        peeked_container_after(text, at).unwrap_or_else(|| value_ending_at(text, at))
    } else {
        (at, end)
    }
}

/// serde_json reports an array or object of the wrong type (an array where an object belongs)
/// before reading it, at the last character read: a space, `:`, `,` or the enclosing `[`. The
/// range of the array or object that follows, then.
fn peeked_container_after(text: &str, at: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    if !matches!(
        b.get(at),
        Some(b':' | b',' | b'[') | Some(b' ' | b'\t' | b'\n' | b'\r')
    ) {
        return None;
    }
    let mut p = skip_ws(b, at + 1);
    if matches!(b.get(p), Some(b':' | b',')) {
        p = skip_ws(b, p + 1);
    }
    matches!(b.get(p), Some(b'[' | b'{')).then(|| (p, skip_value(b, p)))
}

fn skip_ws(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && b[p].is_ascii_whitespace() {
        p += 1;
    }
    p
}

fn skip_string(b: &[u8], mut p: usize) -> usize {
    p += 1;
    while p < b.len() {
        match b[p] {
            b'\\' => p += 2,
            b'"' => return p + 1,
            _ => p += 1,
        }
    }
    p
}

fn skip_value(b: &[u8], p: usize) -> usize {
    match b.get(p) {
        Some(b'"') => skip_string(b, p),
        Some(b'{') | Some(b'[') => {
            let mut depth = 0usize;
            let mut q = p;
            while q < b.len() {
                match b[q] {
                    b'"' => {
                        q = skip_string(b, q);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return q + 1;
                        }
                    }
                    _ => {}
                }
                q += 1;
            }
            q
        }
        Some(_) => {
            let mut q = p;
            while q < b.len() && !matches!(b[q], b',' | b'}' | b']') && !b[q].is_ascii_whitespace()
            {
                q += 1;
            }
            q
        }
        None => p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reliability finding 1: serde_json's column counts bytes; counting characters put the
    // caret in the wrong place on non-ASCII lines and could end a span inside a character.
    #[test]
    fn serde_columns_count_bytes_and_ranges_stay_on_character_boundaries() {
        let text = "{\"a\": \"中中中\", é}";
        let (s, e) = char_at(text, 1, text.find('é').expect("there") + 1);
        assert_eq!(&text[s..e], "é");
        // A column inside a multi-byte character is taken back to the character's start.
        let (s, e) = char_at(text, 1, text.find('é').expect("there") + 2);
        assert_eq!(&text[s..e], "é");
        let (s, e) = char_at("\u{feff}{", 1, 2);
        assert_eq!((s, e), (0, 3));
        assert_eq!(char_at("", 1, 1), (0, 0));
        let (s, e) = char_at("ab\ncd", 2, 0);
        assert_eq!(&"ab\ncd"[s..e], "c");
    }

    #[test]
    fn a_value_of_the_wrong_type_is_pointed_at_from_its_start() {
        let text = r#"{"a": "中x\"y", "b": [1, "]"], "c": -1.5e3}"#;
        let last = |needle: &str| text.find(needle).expect("there") + needle.len() - 1;
        let (s, e) = value_ending_at(text, last("y\""));
        assert_eq!(&text[s..e], r#""中x\"y""#);
        let (s, e) = value_ending_at(text, last("\"]\"]"));
        assert_eq!(&text[s..e], r#"[1, "]"]"#);
        let (s, e) = value_ending_at(text, last("e3"));
        assert_eq!(&text[s..e], "-1.5e3");
    }

    // Reliability finding 19: an array where an object belongs is reported before it is read.
    #[test]
    fn an_array_of_the_wrong_type_is_pointed_at_whole() {
        for (text, wrong) in [
            (r#"{"source": ["s"]}"#, r#"["s"]"#),
            (r#"{"e": [{"id": "a"}, ["x", "y"]]}"#, r#"["x", "y"]"#),
            (r#"{"e": [["x"]]}"#, r#"["x"]"#),
        ] {
            let err = crate::kb::json_shape::from_str::<Wrong>(text).expect_err(text);
            let (s, e) = serde_error_range(text, &err);
            assert_eq!(&text[s..e], wrong, "{text}: {err}");
        }
    }

    /// Objects only where the tests above put arrays.
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "only read to fail")]
    struct Wrong {
        #[serde(default, deserialize_with = "crate::kb::json_shape::optional_object")]
        source: Option<Id>,
        #[serde(default, deserialize_with = "crate::kb::json_shape::objects")]
        e: Vec<Id>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "only read to fail")]
    struct Id {
        id: String,
    }

    #[test]
    fn finds_nested_array_elements() {
        let text = "{\"schema\": 1,\n \"facts\": [\n  {\"relation\": \"a\", \"args\": [\"x\", \"y\"]},\n  {\"relation\": \"b\", \"args\": [\"p\", \"q\"]}\n ]}";
        let (s, e) = locate(
            text,
            &[
                Step::Key("facts"),
                Step::Index(1),
                Step::Key("args"),
                Step::Index(1),
            ],
        );
        assert_eq!(&text[s..e], "\"q\"");
        let (s, _) = locate(
            text,
            &[Step::Key("facts"), Step::Index(1), Step::Key("relation")],
        );
        assert_eq!(&text[s..s + 3], "\"b\"");
        assert_eq!(
            path_string(&[Step::Key("facts"), Step::Index(1), Step::Key("args")]),
            "facts[1].args"
        );
    }
}
