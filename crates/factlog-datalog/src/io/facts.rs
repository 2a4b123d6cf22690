//! Reading `.input` relations from a facts directory: `R.facts` (or the directive's
//! `filename=`), fields separated by a tab (or `delimiter=`), RFC 4180 quoting with
//! `rfc4180=true` (then commas by default, as in Soufflé), a header line skipped with
//! `headers=true`. Every bad row is reported (not only the first), at its file, line and
//! column. Files stream through `factlog_io`'s record reader a line at a time, straight into
//! the input rows; only regular files are read.

use crate::eval::inputs::{Inputs, input_error};
use crate::program::Program;
use crate::syntax::ast::DirectiveKind;
use crate::value::{Kind, Symbols, Word};
use factlog_diag::Diagnostic;
use factlog_io::{Format, ReadError, RecordReader};
use std::path::Path;

/// Reads every `.input` of `program` whose relation `inputs` was not given, from `facts_dir`.
/// Errors: a missing or unreadable file (at the directive), a bad row (file:line:col).
pub(crate) fn read_inputs(
    inputs: &mut Inputs,
    program: &Program,
    facts_dir: &Path,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    // Given by the caller before this call (a relation read here is not given).
    let given: Vec<String> = program
        .relation_infos()
        .iter()
        .filter(|r| inputs.has(&r.name))
        .map(|r| r.name.clone())
        .collect();
    for d in program.directives() {
        if d.kind != DirectiveKind::Input {
            continue;
        }
        let info = &program.relation_infos()[d.rel.index()];
        if given.contains(&info.name) {
            continue;
        }
        let name = d
            .param("filename")
            .map_or_else(|| format!("{}.facts", info.name), str::to_string);
        let path = facts_dir.join(&name);
        let file = match factlog_io::open_regular(&path) {
            Ok(f) => f,
            Err(e) => {
                let why = if e.kind() == std::io::ErrorKind::NotFound {
                    "no such file".to_string()
                } else {
                    e.to_string()
                };
                errors.push(Diagnostic::error(
                    "E0307",
                    format!(
                        "cannot read the input of `{}`: {}: {why}",
                        info.name,
                        path.display()
                    ),
                    d.span,
                ));
                continue;
            }
        };
        let rfc4180 = d.param("rfc4180") == Some("true");
        let format = Format {
            // Soufflé: `rfc4180=true` alone means commas.
            delimiter: d
                .param("delimiter")
                .unwrap_or(if rfc4180 { "," } else { "\t" })
                .to_string(),
            rfc4180,
            headers: d.param("headers") == Some("true"),
        };
        let reader = RecordReader::new(std::io::BufReader::with_capacity(1 << 16, file), format);
        read_relation(
            reader,
            inputs,
            &info.name,
            &info.kinds(),
            &path,
            &mut errors,
        );
    }
    errors
}

/// A bad-input diagnostic (E0308) at `path:line:col`.
fn bad_input(message: String, path: &Path, line: usize, col: usize) -> Diagnostic {
    Diagnostic {
        code: "E0308",
        ..input_error(message)
    }
    .at_position(path.display().to_string(), line, col)
}

/// Reads the records of one relation's file straight into its input rows: numbers parsed from
/// the line buffer, symbols interned once, no row allocated. Every bad row is reported.
fn read_relation<R: std::io::BufRead>(
    mut reader: RecordReader<R>,
    inputs: &mut Inputs,
    relation: &str,
    kinds: &[Kind],
    path: &Path,
    errors: &mut Vec<Diagnostic>,
) {
    let delimiter = reader.format().delimiter.clone();
    let (rows, symbols) = inputs.rows_mut(relation, kinds);
    loop {
        let record = match reader.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(ReadError::UnterminatedQuote { line, column }) => {
                errors.push(bad_input(
                    format!("bad row in the input of `{relation}`: unterminated quoted field"),
                    path,
                    line,
                    column,
                ));
                break;
            }
            Err(ReadError::NotUtf8 { line }) => {
                errors.push(bad_input(
                    format!("bad row in the input of `{relation}`: the line is not valid UTF-8"),
                    path,
                    line,
                    1,
                ));
                continue;
            }
            Err(ReadError::Io(e)) => {
                errors.push(input_error(format!(
                    "cannot read the input of `{relation}`: {}: {e}",
                    path.display()
                )));
                break;
            }
        };
        let line = record.line;
        // A nullary relation's tuple is `()` (as Soufflé writes it) or an empty line. An
        // empty line of a one-column relation is the empty string (as it is written); other
        // empty lines are skipped.
        if kinds.is_empty() {
            if record.is_empty() || (record.len() == 1 && record.fields().all(|(_, f)| f == "()")) {
                rows.count = 1;
                continue;
            }
        } else if record.is_empty() && kinds.len() != 1 {
            continue;
        }
        let found = record.len().max(usize::from(kinds.len() == 1));
        if found != kinds.len() {
            errors.push(bad_input(
                format!(
                    "bad row in the input of `{relation}`: expected {} values separated by {delimiter:?}, found {found}",
                    kinds.len(),
                ),
                path,
                line,
                1,
            ));
            continue;
        }
        let start = rows.words.len();
        let parsed = if record.is_empty() {
            encode([(1, "")].into_iter(), kinds, symbols, &mut rows.words)
        } else {
            encode(record.fields(), kinds, symbols, &mut rows.words)
        };
        match parsed {
            Ok(()) => rows.count += 1,
            Err((col, e)) => {
                rows.words.truncate(start);
                errors.push(bad_input(
                    format!("bad value in the input of `{relation}`: {e}"),
                    path,
                    line,
                    col,
                ));
            }
        }
    }
}

/// Encodes one row's fields (with their columns) into `words`; the column of the first bad
/// value and why otherwise.
fn encode<'a>(
    fields: impl Iterator<Item = (usize, &'a str)>,
    kinds: &[Kind],
    symbols: &mut Symbols,
    words: &mut Vec<Word>,
) -> Result<(), (usize, String)> {
    for ((col, value), &k) in fields.zip(kinds) {
        words.push(symbols.parse(k, value).map_err(|e| (col, e))?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::eval::inputs::Inputs;
    use crate::program::builder::load_text;

    /// Reads `facts` (file name, text) for `program` and returns the rendered errors or the
    /// rows read, as text.
    fn read(program: &str, facts: &[(&str, &str)]) -> Result<Vec<String>, String> {
        let program = load_text("p.dl", program, &Default::default()).expect("checks");
        let dir = tempfile::tempdir().expect("a folder");
        for (name, text) in facts {
            std::fs::write(dir.path().join(name), text).expect("written");
        }
        let mut inputs = Inputs::new();
        let errors = super::read_inputs(&mut inputs, &program, dir.path());
        if !errors.is_empty() {
            return Err(errors
                .iter()
                .map(|d| match &d.location {
                    factlog_diag::Location::Position { file, line, column } => {
                        format!("{} {file}:{line}:{column}", d.message)
                    }
                    other => format!("{} {other:?}", d.message),
                })
                .collect::<Vec<_>>()
                .join("\n"));
        }
        let model = program
            .evaluate(&inputs, &Default::default())
            .expect("runs");
        Ok(model
            .relations()
            .flat_map(|r| {
                r.rows()
                    .into_iter()
                    .map(move |row| format!("{}{:?}", r.name(), row))
            })
            .collect())
    }

    /// Reliability finding 9 and Soufflé gap B8: an empty file for a one-column relation was
    /// an error ("found 0 values").
    #[test]
    fn an_empty_facts_file_of_a_unary_relation_is_an_empty_relation() {
        let rows = read(".decl e(x: number)\n.input e\n", &[("e.facts", "")]).expect("reads");
        assert!(rows.is_empty(), "{rows:?}");
    }

    /// Reliability finding 9: `official_role("")` is written as an empty line, which must
    /// read back as the empty symbol.
    #[test]
    fn an_empty_line_of_a_unary_symbol_relation_is_the_empty_symbol() {
        let rows = read(".decl r(x: symbol)\n.input r\n", &[("r.facts", "\nb\n")]).expect("reads");
        assert_eq!(rows, ["r[\"\"]", "r[\"b\"]"]);
    }

    /// Reliability finding 10: an unterminated quote swallowed the rest of the file.
    #[test]
    fn an_unterminated_quote_is_an_error_at_its_file_line_and_column() {
        let err = read(
            ".decl e(x: number, y: symbol)\n.input e(rfc4180=\"true\", delimiter=\",\")\n",
            &[("e.facts", "1,\"abc\n2,d\n3,e\n")],
        )
        .expect_err("unterminated");
        assert!(err.contains("unterminated quoted field"), "{err}");
        assert!(err.contains("e.facts:1:3"), "{err}");
    }

    /// Soufflé gap B11: `rfc4180=true` without a delimiter reads commas.
    #[test]
    fn rfc4180_alone_reads_comma_separated_quoted_fields() {
        let rows = read(
            ".decl a(x: symbol, y: symbol)\n.input a(rfc4180=true)\n",
            &[("a.facts", "a,\"x,y\"\nb,\"multi\nline\"\n")],
        )
        .expect("reads");
        assert_eq!(rows, ["a[\"a\", \"x,y\"]", "a[\"b\", \"multi\\nline\"]"]);
    }

    /// Soufflé gap B4: a true nullary relation is read from `()`.
    #[test]
    fn a_nullary_relation_reads_its_tuple_as_parentheses() {
        let rows = read(".decl n()\n.input n\n", &[("n.facts", "()\n")]).expect("reads");
        assert_eq!(rows, ["n[]"]);
        let rows = read(".decl n()\n.input n\n", &[("n.facts", "")]).expect("reads");
        assert!(rows.is_empty());
    }

    /// Reliability finding 17: a device was read until memory ran out.
    #[cfg(unix)]
    #[test]
    fn a_device_as_input_file_is_refused() {
        let err = read(
            ".decl e(x: number)\n.input e(filename=\"/dev/zero\")\n",
            &[],
        )
        .expect_err("a device");
        assert!(err.contains("not a regular file"), "{err}");
    }

    #[test]
    fn bad_values_are_reported_at_their_column_and_good_rows_kept_out_of_the_error() {
        let err = read(
            ".decl e(x: number, y: number)\n.input e\n",
            &[("e.facts", "1\t2\n3\tx\n4\n")],
        )
        .expect_err("bad rows");
        assert!(err.contains("e.facts:2:3"), "{err}");
        assert!(
            err.contains("expected 2 values") && err.contains("e.facts:3:1"),
            "{err}"
        );
    }
}
