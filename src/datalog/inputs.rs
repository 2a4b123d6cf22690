//! Input tuples of an evaluation: rows handed over by the caller as strings (the knowledge base
//! passes its base relations this way) and rows read for `.input` directives from a facts
//! directory (`R.facts`, tab-separated, or as the directive's parameters say).
//!
//! A relation given by the caller is never read from a file: its `.input` is ignored.

use super::ast::DirectiveKind;
use super::program::Program;
use super::value::{Kind, Symbols, Word};
use crate::diag::{Diagnostic, Location};
use std::collections::BTreeMap;
use std::path::Path;

/// One relation's input rows, encoded.
#[derive(Clone, Debug, Default)]
pub(crate) struct InputRows {
    pub kinds: Vec<Kind>,
    pub words: Vec<Word>,
    pub count: usize,
}

/// The input tuples of an evaluation, with the symbols they use.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    symbols: Symbols,
    relations: BTreeMap<String, InputRows>,
}

fn input_error(message: String) -> Diagnostic {
    Diagnostic {
        severity: crate::diag::Severity::Error,
        code: "E0313",
        message,
        location: Location::None,
        notes: Vec::new(),
    }
}

impl Inputs {
    /// No input.
    pub fn new() -> Inputs {
        Inputs::default()
    }

    /// Whether rows of `relation` were given (its `.input` is then ignored).
    pub fn has(&self, relation: &str) -> bool {
        self.relations.contains_key(relation)
    }

    /// The number of rows given for `relation`.
    pub fn len(&self, relation: &str) -> usize {
        self.relations.get(relation).map_or(0, |r| r.count)
    }

    /// Whether no row was given at all.
    pub fn is_empty(&self) -> bool {
        self.relations.values().all(|r| r.count == 0)
    }

    pub(crate) fn symbols(&self) -> &Symbols {
        &self.symbols
    }

    pub(crate) fn relations(&self) -> impl Iterator<Item = (&str, &InputRows)> {
        self.relations.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Adds rows of text values for a relation `program` declares; numeric columns are
    /// parsed. Errors: an undeclared relation, a row of the wrong width, a value that is not of
    /// its column's type.
    pub fn add_rows<I, R, S>(
        &mut self,
        program: &Program,
        relation: &str,
        rows: I,
    ) -> Result<(), Diagnostic>
    where
        I: IntoIterator<Item = R>,
        R: AsRef<[S]>,
        S: AsRef<str>,
    {
        let Some(rel) = program.relation_id(relation) else {
            return Err(input_error(format!(
                "input for `{relation}`, which the program does not declare"
            )));
        };
        let kinds = program.relation_infos()[rel.index()].kinds();
        let entry = self
            .relations
            .entry(relation.to_string())
            .or_insert_with(|| InputRows {
                kinds: kinds.clone(),
                ..InputRows::default()
            });
        for (n, row) in rows.into_iter().enumerate() {
            let row = row.as_ref();
            if row.len() != kinds.len() {
                return Err(input_error(format!(
                    "input row {} of `{relation}`: expected {} values, found {}",
                    n + 1,
                    kinds.len(),
                    row.len()
                )));
            }
            for (v, &k) in row.iter().zip(&kinds) {
                let w = self.symbols.parse(k, v.as_ref()).map_err(|e| {
                    input_error(format!("input row {} of `{relation}`: {e}", n + 1))
                })?;
                entry.words.push(w);
            }
            entry.count += 1;
        }
        Ok(())
    }

    /// Reads every `.input` of `program` whose relation was not given, from `facts_dir`.
    /// Errors: a missing or unreadable file (at the directive), a bad row (file:line:col).
    pub fn read_directives(&mut self, program: &Program, facts_dir: &Path) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let given: Vec<String> = self.relations.keys().cloned().collect();
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
                Ok(t) => t,
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
                        .at_position(file, line, 1),
                    );
                    continue;
                }
                let mut row = Vec::with_capacity(kinds.len());
                for ((col, value), &k) in fields.iter().zip(&kinds) {
                    match self.symbols.parse(k, value) {
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
                                .at_position(
                                    file.clone(),
                                    line,
                                    *col,
                                ),
                            );
                            break;
                        }
                    }
                }
                if row.len() == kinds.len() {
                    rows.push(row);
                }
            }
            let entry = self
                .relations
                .entry(info.name.clone())
                .or_insert_with(|| InputRows {
                    kinds: kinds.clone(),
                    ..InputRows::default()
                });
            for row in rows {
                entry.words.extend(row);
                entry.count += 1;
            }
        }
        errors
    }
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
