//! Delimited text, read and written one way everywhere: the one CSV quoting rule (RFC 4180) of
//! factlog's writers (`factlog query --format csv`, the engine's `.output` with `rfc4180=true`)
//! and the one record reader of its `.facts` inputs ([`RecordReader`]), tab-separated or
//! RFC 4180, streamed from a buffered reader a line at a time.
//!
//! The reader is hand-written rather than the `csv` crate's: Soufflé's `delimiter=` may be a
//! string of several characters (the crate takes one byte), every field needs its own
//! line:column for error messages, and an unterminated quote must be an error at its line and
//! column (the crate ends the field at the end of the input).

use std::borrow::Cow;
use std::io::BufRead;
use std::ops::Range;

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

/// Appends `value` as a quoted RFC 4180 field (quotes doubled), whatever it holds: Soufflé's
/// `rfc4180=true` writes every symbol field so.
pub fn push_quoted(out: &mut Vec<u8>, value: &str) {
    out.push(b'"');
    for (i, part) in value.split('"').enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\"\"");
        }
        out.extend_from_slice(part.as_bytes());
    }
    out.push(b'"');
}

/// How a delimited file is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Format {
    /// The field separator (a tab by default; any non-empty string).
    pub delimiter: String,
    /// Whether fields may be quoted as RFC 4180 says (delimiters, line breaks and doubled
    /// quotes inside quotes).
    pub rfc4180: bool,
    /// Whether the first record is a header, skipped.
    pub headers: bool,
}

/// Why a delimited file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The reader failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A line is not UTF-8.
    #[error("line {line} is not valid UTF-8")]
    NotUtf8 {
        /// The 1-based line.
        line: usize,
    },
    /// A quoted field runs to the end of the input.
    #[error("unterminated quoted field starting at line {line}, column {column}")]
    UnterminatedQuote {
        /// The 1-based line of the opening quote.
        line: usize,
        /// The 1-based column (in characters) of the opening quote.
        column: usize,
    },
}

/// One record: its first line, and its fields with their columns.
#[derive(Debug)]
pub struct Record<'a> {
    /// The 1-based line the record starts on.
    pub line: usize,
    text: &'a str,
    fields: &'a [(usize, Range<usize>)],
}

impl<'a> Record<'a> {
    /// The number of fields (0 for an empty line).
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether the line was empty.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The fields, each with its 1-based column (in characters) on the record's line (for a
    /// field after a quoted line break, on the line where it starts).
    pub fn fields(&self) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        self.fields
            .iter()
            .map(|(col, range)| (*col, &self.text[range.clone()]))
    }
}

/// Reads the records of a delimited file a line at a time (a quoted field with line breaks
/// reads on), reusing its buffers: a record costs no allocation.
pub struct RecordReader<R> {
    reader: R,
    format: Format,
    line: Vec<u8>,
    /// The number of lines read so far.
    lineno: usize,
    /// The unquoted texts of the current record's fields, one after another.
    text: String,
    fields: Vec<(usize, Range<usize>)>,
    /// The line the current record starts on.
    record_line: usize,
    started: bool,
}

impl<R: BufRead> RecordReader<R> {
    /// The format it reads.
    pub fn format(&self) -> &Format {
        &self.format
    }

    /// A reader of records written in `format`.
    pub fn new(reader: R, format: Format) -> RecordReader<R> {
        RecordReader {
            reader,
            format,
            line: Vec::new(),
            lineno: 0,
            text: String::new(),
            fields: Vec::new(),
            record_line: 0,
            started: false,
        }
    }

    /// Reads the next line into `self.line` (without its line break); false at the end.
    fn read_line(&mut self) -> Result<bool, ReadError> {
        self.line.clear();
        if self.reader.read_until(b'\n', &mut self.line)? == 0 {
            return Ok(false);
        }
        self.lineno += 1;
        // A leading byte-order mark is no part of the first row (reliability finding 21).
        if self.lineno == 1 && self.line.starts_with("\u{feff}".as_bytes()) {
            self.line.drain(..3);
        }
        if self.line.last() == Some(&b'\n') {
            self.line.pop();
            if self.line.last() == Some(&b'\r') {
                self.line.pop();
            }
        }
        Ok(true)
    }

    /// The next record, `None` at the end of the input.
    pub fn next_record(&mut self) -> Result<Option<Record<'_>>, ReadError> {
        if !self.started {
            self.started = true;
            if self.format.headers && !self.read_record()? {
                return Ok(None);
            }
        }
        if !self.read_record()? {
            return Ok(None);
        }
        Ok(Some(Record {
            line: self.record_line,
            text: &self.text,
            fields: &self.fields,
        }))
    }
}

impl<R: BufRead> RecordReader<R> {
    /// Reads one record into `text` and `fields`; false at the end of the input.
    fn read_record(&mut self) -> Result<bool, ReadError> {
        self.text.clear();
        self.fields.clear();
        if !self.read_line()? {
            return Ok(false);
        }
        self.record_line = self.lineno;
        if self.line.is_empty() {
            return Ok(true);
        }
        if !self.format.rfc4180 {
            let line = std::str::from_utf8(&self.line)
                .map_err(|_| ReadError::NotUtf8 { line: self.lineno })?;
            let delimiter = self.format.delimiter.as_str();
            let mut col = 1;
            for field in line.split(delimiter) {
                let start = self.text.len();
                self.text.push_str(field);
                self.fields.push((col, start..self.text.len()));
                col += field.chars().count() + delimiter.chars().count();
            }
            return Ok(true);
        }
        self.read_quoted_record()?;
        Ok(true)
    }

    /// Splits the RFC 4180 record starting in `self.line`, reading on while a quoted field
    /// holds a line break.
    fn read_quoted_record(&mut self) -> Result<(), ReadError> {
        let delimiter = self.format.delimiter.clone();
        let mut col = 1;
        let mut field_col = 1;
        let mut start = 0;
        // (line, column) of the open quote while inside a quoted field.
        let mut quoted: Option<(usize, usize)> = None;
        loop {
            let line = std::str::from_utf8(&self.line)
                .map_err(|_| ReadError::NotUtf8 { line: self.lineno })?;
            let mut rest = line;
            while let Some(c) = rest.chars().next() {
                if quoted.is_some() {
                    if rest.starts_with("\"\"") {
                        self.text.push('"');
                        rest = &rest[2..];
                        col += 2;
                        continue;
                    }
                    if c == '"' {
                        quoted = None;
                    } else {
                        self.text.push(c);
                    }
                } else if c == '"' && self.text.len() == start {
                    quoted = Some((self.lineno, col));
                } else if !delimiter.is_empty() && rest.starts_with(delimiter.as_str()) {
                    self.fields.push((field_col, start..self.text.len()));
                    start = self.text.len();
                    rest = &rest[delimiter.len()..];
                    col += delimiter.chars().count();
                    field_col = col;
                    continue;
                } else {
                    self.text.push(c);
                }
                rest = &rest[c.len_utf8()..];
                col += 1;
            }
            let Some((line, column)) = quoted else {
                break;
            };
            // A line break inside quotes: the field reads on.
            if !self.read_line()? {
                return Err(ReadError::UnterminatedQuote { line, column });
            }
            self.text.push('\n');
            col = 1;
        }
        self.fields.push((field_col, start..self.text.len()));
        Ok(())
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
    fn a_field_quoted_always_doubles_its_quotes() {
        let mut out = Vec::new();
        push_quoted(&mut out, "say \"hi\"");
        push_quoted(&mut out, "");
        assert_eq!(out, b"\"say \"\"hi\"\"\"\"\"");
    }

    #[test]
    fn other_fields_are_written_as_they_are() {
        assert_eq!(quote_field("plain", ","), "plain");
        assert_eq!(quote_field("a,b", "\t"), "a,b");
        assert_eq!(quote_field("", ","), "");
        assert!(matches!(quote_field("Россия", ","), Cow::Borrowed(_)));
    }

    /// Records as (line, fields as (column, text)).
    type Records = Vec<(usize, Vec<(usize, String)>)>;

    fn records(
        text: &str,
        delimiter: &str,
        rfc4180: bool,
        headers: bool,
    ) -> Result<Records, ReadError> {
        let format = Format {
            delimiter: delimiter.into(),
            rfc4180,
            headers,
        };
        let mut reader = RecordReader::new(text.as_bytes(), format);
        let mut out = Vec::new();
        while let Some(r) = reader.next_record()? {
            out.push((
                r.line,
                r.fields().map(|(c, f)| (c, f.to_string())).collect(),
            ));
        }
        Ok(out)
    }

    #[test]
    fn rfc4180_fields_hold_delimiters_quotes_and_newlines() {
        let recs = records(
            "a,\"b,c\"\n\"say \"\"hi\"\"\",\"x\ny\"\nlast,z",
            ",",
            true,
            false,
        )
        .expect("reads");
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0].1[1], (3, "b,c".to_string()));
        assert_eq!(recs[1].1[0].1, "say \"hi\"");
        assert_eq!(recs[1].1[1].1, "x\ny");
        assert_eq!(recs[2], (4, vec![(1, "last".into()), (6, "z".into())]));
    }

    /// Reliability finding 10: an unterminated quote swallowed the rest of the file.
    #[test]
    fn an_unterminated_quote_is_an_error_at_its_line_and_column() {
        let err = records("1,\"abc\n2,d\n3,e\n", ",", true, false).expect_err("unterminated");
        assert!(
            matches!(err, ReadError::UnterminatedQuote { line: 1, column: 3 }),
            "{err:?}"
        );
    }

    #[test]
    fn tab_separated_records_keep_columns_for_errors() {
        let recs = records("x\ty\na\tbc\td\r\n\n", "\t", false, true).expect("reads");
        assert_eq!(
            recs,
            vec![
                (2, vec![(1, "a".into()), (3, "bc".into()), (6, "d".into())]),
                (3, vec![])
            ]
        );
    }

    /// Reliability finding 21: a byte-order mark is skipped, not read into the first field.
    #[test]
    fn a_byte_order_mark_is_skipped() {
        let recs = records("\u{feff}a\tb\n", "\t", false, false).expect("reads");
        assert_eq!(recs, vec![(1, vec![(1, "a".into()), (3, "b".into())])]);
    }

    /// Reliability finding 9 and Soufflé gap B8: an empty file has no record at all.
    #[test]
    fn an_empty_file_has_no_record() {
        assert!(records("", "\t", false, false).expect("reads").is_empty());
        assert!(records("", ",", true, true).expect("reads").is_empty());
    }
}
