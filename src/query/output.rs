//! Writes query answers as a table, JSON, TSV or CSV.

use super::Answers;
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
    match format {
        OutputFormat::Json => {
            let doc = serde_json::json!({ "columns": answers.columns, "rows": rows });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
        OutputFormat::Tsv => {
            writeln!(out, "{}", answers.columns.join("\t"))?;
            for r in &rows {
                let cells: Vec<String> = r.iter().map(|c| tsv_cell(c)).collect();
                writeln!(out, "{}", cells.join("\t"))?;
            }
            Ok(())
        }
        OutputFormat::Csv => {
            let line = |cells: Vec<String>| cells.join(",");
            writeln!(
                out,
                "{}",
                line(answers.columns.iter().map(|c| csv_cell(c)).collect())
            )?;
            for r in &rows {
                writeln!(out, "{}", line(r.iter().map(|c| csv_cell(c)).collect()))?;
            }
            Ok(())
        }
        OutputFormat::Table => {
            let mut table = comfy_table::Table::new();
            table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
            table.set_header(&answers.columns);
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

/// A TSV cell: tabs, newlines and backslashes escaped as `\t`, `\n`, `\\` (as Soufflé reads them).
pub fn tsv_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out
}

/// An RFC 4180 CSV cell: quoted when it holds a comma, quote or line break; quotes doubled.
pub fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_tsv_cells_escape_their_separators() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(tsv_cell("a\tb\\c"), "a\\tb\\\\c");
    }
}
