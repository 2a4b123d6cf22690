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

/// Byte offset of a 1-based line and column as serde_json reports them.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = &text[start.min(text.len())..];
    let col = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    (start + col).min(text.len().saturating_sub(1))
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
