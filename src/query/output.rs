//! Writes query answers as a table, JSON, TSV or CSV.

use super::Answers;
use crate::export::facts_cell;
use crate::kb::Interner;
use std::io::{self, Write};

/// How answers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// An aligned table (the default on a terminal).
    Table,
    /// `{"columns": [...], "rows": [[...], ...]}`.
    Json,
    /// Tab-separated values with a header line (the default when piped).
    Tsv,
    /// RFC 4180 comma-separated values with a header line.
    Csv,
}

/// Writes `answers` in `format`.
pub fn write_answers(
    out: &mut dyn Write,
    answers: &Answers,
    interner: &Interner,
    format: OutputFormat,
) -> io::Result<()> {
    let rows: Vec<Vec<&str>> = answers
        .rows
        .iter()
        .map(|r| r.iter().map(|&s| interner.resolve(s)).collect())
        .collect();
    write_rows(out, &answers.columns, &rows, format)
}

/// Writes a table of text in `format`: the shared output of every query feature.
pub fn write_rows<S: AsRef<str>>(
    out: &mut dyn Write,
    columns: &[String],
    rows: &[Vec<S>],
    format: OutputFormat,
) -> io::Result<()> {
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(AsRef::as_ref).collect())
        .collect();
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &answers_json(columns, &rows))?;
            writeln!(out)
        }
        OutputFormat::Tsv => {
            writeln!(out, "{}", columns.join("\t"))?;
            for r in &rows {
                let cells: Vec<String> = r.iter().map(|c| facts_cell(c)).collect();
                writeln!(out, "{}", cells.join("\t"))?;
            }
            Ok(())
        }
        OutputFormat::Csv => {
            let line = |cells: Vec<String>| cells.join(",");
            writeln!(
                out,
                "{}",
                line(columns.iter().map(|c| csv_cell(c)).collect())
            )?;
            for r in &rows {
                writeln!(out, "{}", line(r.iter().map(|c| csv_cell(c)).collect()))?;
            }
            Ok(())
        }
        OutputFormat::Table => {
            let mut table = comfy_table::Table::new();
            table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
            table.set_header(columns);
            for r in &rows {
                table.add_row(r.iter().map(|c| if c.is_empty() { "\"\"" } else { c }));
            }
            writeln!(out, "{table}")?;
            writeln!(
                out,
                "{} row{}",
                rows.len(),
                if rows.len() == 1 { "" } else { "s" }
            )
        }
    }
}

/// The JSON form of a table of answers, `{"columns": [...], "rows": [[...], ...]}`: what
/// `--format json` prints (pretty) and what `factlog serve` answers.
pub fn answers_json<S: AsRef<str>>(columns: &[String], rows: &[Vec<S>]) -> serde_json::Value {
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(AsRef::as_ref).collect())
        .collect();
    serde_json::json!({ "columns": columns, "rows": rows })
}

/// An RFC 4180 CSV cell: quoted when it holds a comma, quote or line break; quotes doubled
/// (the one quoting rule, [`factlog_io::quote_field`]).
pub fn csv_cell(s: &str) -> String {
    factlog_io::quote_field(s, ",").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_escape_their_separators() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_cell("plain"), "plain");
    }
}
