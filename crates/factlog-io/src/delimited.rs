//! The one CSV quoting rule (RFC 4180) of factlog's writers: `factlog query --format csv` and
//! the engine's `.output` relations with `rfc4180=true`.

use std::borrow::Cow;

/// One field of an RFC 4180 record separated by `delimiter`: quoted when it holds the
/// delimiter, a double quote or a line break (`\n` or `\r`), with its quotes doubled; verbatim
/// otherwise.
pub fn quote_field<'a>(value: &'a str, delimiter: &str) -> Cow<'a, str> {
    let needs =
        (!delimiter.is_empty() && value.contains(delimiter)) || value.contains(['"', '\n', '\r']);
    if needs {
        Cow::Owned(format!("\"{}\"", value.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_holding_separators_quotes_or_line_breaks_are_quoted() {
        assert_eq!(quote_field("a,b", ","), "\"a,b\"");
        assert_eq!(quote_field("say \"no\"", ","), "\"say \"\"no\"\"\"");
        assert_eq!(quote_field("one\ntwo", ","), "\"one\ntwo\"");
        assert_eq!(quote_field("one\rtwo", "\t"), "\"one\rtwo\"");
        assert_eq!(quote_field("a\tb", "\t"), "\"a\tb\"");
    }

    #[test]
    fn other_fields_are_written_as_they_are() {
        assert_eq!(quote_field("plain", ","), "plain");
        assert_eq!(quote_field("a,b", "\t"), "a,b");
        assert_eq!(quote_field("", ","), "");
        assert!(matches!(quote_field("Россия", ","), Cow::Borrowed(_)));
    }
}
