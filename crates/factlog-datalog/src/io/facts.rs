//! Reading `.input` relations from a facts directory: `R.facts` (or the directive's
//! `filename=`), fields separated by a tab (or `delimiter=`), RFC 4180 quoting with
//! `rfc4180=true`, a header line skipped with `headers=true`. Every bad row is reported (not only the
//! first), at its file, line and column.

use crate::eval::inputs::{Inputs, input_error};
use crate::program::Program;
use crate::syntax::ast::DirectiveKind;
use factlog_diag::Diagnostic;
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
        let text = match std::fs::read_to_string(&path) {
            // A leading byte-order mark is no part of the first row (reliability finding 21).
            Ok(t) => match t.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_string(),
                None => t,
            },
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
        let format = Format {
            delimiter: d.param("delimiter").unwrap_or("\t").to_string(),
            rfc4180: d.param("rfc4180") == Some("true"),
            headers: d.param("headers") == Some("true"),
        };
        let kinds = info.kinds();
        let mut rows = Vec::new();
        for (line, fields) in records(&text, &format) {
            if fields.is_empty() && kinds.len() != 1 {
                if kinds.is_empty() {
                    rows.push(Vec::new());
                }
                continue;
            }
            let file = path.display().to_string();
            if fields.len() != kinds.len() {
                errors.push(
                        Diagnostic {
                            code: "E0308",
                            ..input_error(format!(
                            "bad row in the input of `{}`: expected {} values separated by {:?}, found {}",
                            info.name,
                            kinds.len(),
                            format.delimiter,
                            fields.len()
                        ))
                        }
                        .at_position(file.clone(), line, 1),
                    );
                continue;
            }
            let mut row = Vec::with_capacity(kinds.len());
            for ((col, value), &k) in fields.iter().zip(&kinds) {
                match inputs.symbols_mut().parse(k, value) {
                    Ok(w) => row.push(w),
                    Err(e) => {
                        errors.push(
                            Diagnostic {
                                code: "E0308",
                                ..input_error(format!(
                                    "bad value in the input of `{}`: {e}",
                                    info.name
                                ))
                            }
                            .at_position(file.clone(), line, *col),
                        );
                        break;
                    }
                }
            }
            if row.len() == kinds.len() {
                rows.push(row);
            }
        }
        let entry = inputs.rows_mut(&info.name, &kinds);
        for row in rows {
            entry.words.extend(row);
            entry.count += 1;
        }
    }
    errors
}

/// How a facts file is written.
struct Format {
    delimiter: String,
    rfc4180: bool,
    headers: bool,
}

/// The records of a facts file: (1-based line, fields with their 1-based column).
fn records(text: &str, format: &Format) -> Vec<(usize, Vec<(usize, String)>)> {
    let mut out = Vec::new();
    if format.rfc4180 {
        out = rfc4180(text, &format.delimiter);
    } else {
        for (i, line) in text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() {
                out.push((i + 1, Vec::new()));
                continue;
            }
            let mut col = 1;
            let fields = line
                .split(format.delimiter.as_str())
                .map(|f| {
                    let c = col;
                    col += f.chars().count() + format.delimiter.chars().count();
                    (c, f.to_string())
                })
                .collect();
            out.push((i + 1, fields));
        }
        if text.ends_with('\n') {
            out.pop();
        }
    }
    if format.headers && !out.is_empty() {
        out.remove(0);
    }
    out
}

/// RFC 4180 records: quoted fields may hold the delimiter, newlines and doubled quotes.
fn rfc4180(text: &str, delimiter: &str) -> Vec<(usize, Vec<(usize, String)>)> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let (mut line, mut col, mut field_col, mut record_line) = (1, 1, 1, 1);
    let mut quoted = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if quoted {
            if rest.starts_with("\"\"") {
                field.push('"');
                rest = &rest[2..];
                col += 2;
                continue;
            }
            if c == '"' {
                quoted = false;
            } else {
                field.push(c);
                if c == '\n' {
                    line += 1;
                    col = 0;
                }
            }
        } else if c == '"' && field.is_empty() {
            quoted = true;
        } else if rest.starts_with(delimiter) {
            fields.push((field_col, std::mem::take(&mut field)));
            rest = &rest[delimiter.len()..];
            col += delimiter.chars().count();
            field_col = col;
            continue;
        } else if c == '\n' || rest.starts_with("\r\n") {
            fields.push((field_col, std::mem::take(&mut field)));
            if fields.len() == 1 && fields[0].1.is_empty() {
                fields.clear();
            }
            out.push((record_line, std::mem::take(&mut fields)));
            rest = &rest[if c == '\n' { 1 } else { 2 }..];
            line += 1;
            record_line = line;
            col = 1;
            field_col = 1;
            continue;
        } else {
            field.push(c);
        }
        rest = &rest[c.len_utf8()..];
        col += 1;
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push((field_col, field));
        out.push((record_line, fields));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4180_fields_hold_delimiters_quotes_and_newlines() {
        let recs = rfc4180("a,\"b,c\"\n\"say \"\"hi\"\"\",\"x\ny\"\n", ",");
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].1[1].1, "b,c");
        assert_eq!(recs[1].1[0].1, "say \"hi\"");
        assert_eq!(recs[1].1[1].1, "x\ny");
    }

    #[test]
    fn tab_separated_records_keep_columns_for_errors() {
        let f = Format {
            delimiter: "\t".into(),
            rfc4180: false,
            headers: true,
        };
        let recs = records("x\ty\na\tbc\td\n", &f);
        assert_eq!(
            recs,
            vec![(2, vec![(1, "a".into()), (3, "bc".into()), (6, "d".into())])]
        );
    }
}
