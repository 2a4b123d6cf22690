//! `GET /api/query` and `GET /api/why`: the answers of `factlog query` and the proofs of
//! `factlog why`, with the JSON of their `--format json`.
//!
//! A query's answer is `{"columns", "rows"}` as `factlog query --format json` prints it, the
//! rows cut to one page, plus `total` (rows in all), `offset`, `limit`, `warnings`
//! (diagnostics) and `why`: per row of the page, the positive atoms of the query with the
//! row's values put in, ready for `/api/why`.

use super::error::diagnostics_json;
use super::{ApiError, ApiRequest};
use crate::datalog::ast::{Literal, Term};
use crate::datalog::{EvalOptions, parse_atom, parse_query};
use crate::diag::{FileId, SourceMap};
use crate::query::answer::{AnswerError, answer};
use crate::query::answers_json;
use crate::query::quote_warnings;
use crate::query::why::{WhyRequest, to_json};
use crate::serve::Limits;
use crate::serve::workbench::Workbench;
use serde_json::{Value, json};

/// Rows in a page when the request does not say.
const DEFAULT_ROWS: usize = 100;

/// Built-in constraints that look like atoms but are no relation to explain.
const CONSTRAINTS: [&str; 2] = ["match", "contains"];

/// `GET /api/query?q=BODY&offset=N&limit=N`.
pub fn query(
    wb: &Workbench,
    req: &ApiRequest,
    limits: &Limits,
    eval: &EvalOptions,
) -> Result<Vec<u8>, ApiError> {
    let q = req.text("q", limits.max_query)?;
    let offset = req.number("offset", 0, usize::MAX)?;
    let limit = req.number("limit", DEFAULT_ROWS.min(limits.max_rows), limits.max_rows)?;
    let a = answer(&wb.kb.store, &wb.kb.files, q, eval).map_err(|e| match e {
        AnswerError::Failed(f) => ApiError::from_diagnostics(400, &f.diagnostics, &f.sources),
        AnswerError::NoBody => ApiError::bad_parameter("the query has no `?-` body to answer"),
    })?;
    let total = a.rows.len();
    let start = offset.min(total);
    let page = &a.rows[start..(start.saturating_add(limit)).min(total)];
    let mut doc = answers_json(&a.columns, page);
    if let Value::Object(m) = &mut doc {
        m.insert("total".into(), json!(total));
        m.insert("offset".into(), json!(start));
        m.insert("limit".into(), json!(limit));
        m.insert(
            "warnings".into(),
            json!(diagnostics_json(&a.warnings, &a.sources)),
        );
        m.insert("why".into(), json!(why_atoms(wb, q, &a.columns, page)));
    }
    Ok(super::to_bytes(&doc))
}

/// `GET /api/why?atom=ATOM&all=1&depth=N&limit=N`.
pub fn why(
    wb: &Workbench,
    req: &ApiRequest,
    limits: &Limits,
    eval: &EvalOptions,
) -> Result<Vec<u8>, ApiError> {
    let atom = req.text("atom", limits.max_query)?;
    let request = WhyRequest {
        all: req.flag("all"),
        depth: match req.param("depth") {
            None | Some("") => None,
            Some(_) => Some(req.number("depth", 0, 10_000)?),
        },
        limit: req.number("limit", 100, 100)?.max(1),
    };
    let program = wb
        .why_program(eval)
        .map_err(|f| ApiError::from_diagnostics(400, &f.diagnostics, &f.sources))?;
    let explainer = program.explainer();
    let ex = program
        .explain(&explainer, &wb.kb.store, &wb.kb.articles, atom, &request)
        .map_err(|f| ApiError::from_diagnostics(400, &f.diagnostics, &f.sources))?;
    let mut doc = to_json(&ex);
    let mut sources = SourceMap::new();
    let file = sources.add("<atom>", atom.to_string());
    let warnings = parse_atom(atom, file)
        .map(|parsed| quote_warnings(&wb.kb.store, &parsed))
        .unwrap_or_default();
    if let Value::Object(m) = &mut doc {
        m.insert(
            "warnings".into(),
            json!(diagnostics_json(&warnings, &sources)),
        );
    }
    Ok(super::to_bytes(&doc))
}

/// Per row, the positive atoms of the query (in order, each once) with the row's values in
/// place of the answer's variables, as atom text.
fn why_atoms(
    wb: &Workbench,
    q: &str,
    columns: &[String],
    rows: &[Vec<String>],
) -> Vec<Vec<String>> {
    let Ok(parsed) = parse_query(q, FileId(0)) else {
        return vec![Vec::new(); rows.len()];
    };
    let mut atoms = Vec::new();
    for lit in parsed.body.iter().flatten() {
        if let Literal::Pos(a) = lit {
            if !CONSTRAINTS.contains(&a.relation.as_str()) && !atoms.contains(&a) {
                atoms.push(a);
            }
        }
    }
    let schema = wb.kb.store.schema();
    let source = |t: &Term| {
        let s = t.span();
        q.get(s.start as usize..s.end as usize)
            .unwrap_or("_")
            .to_string()
    };
    rows.iter()
        .map(|row| {
            atoms
                .iter()
                .map(|a| {
                    let standard = schema.lookup(&a.relation).is_some();
                    let args: Vec<String> = a
                        .args
                        .iter()
                        .map(|t| match t {
                            Term::Var(name, _) => match columns.iter().position(|c| c == name) {
                                Some(i) => literal(&row[i], standard),
                                None => name.clone(),
                            },
                            other => source(other),
                        })
                        .collect();
                    format!("{}({})", a.relation, args.join(", "))
                })
                .collect()
        })
        .collect()
}

/// A value as a constant of the query language: a quoted string (with `\` and `"` escaped),
/// or a bare number for a column that may hold numbers.
pub fn literal(value: &str, symbol_column: bool) -> String {
    let number = value.parse::<i64>().is_ok()
        || (value.parse::<f64>().is_ok_and(f64::is_finite) && value.contains('.'));
    if number && !symbol_column {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::literal;
    use crate::datalog::ast::Term;
    use crate::datalog::parse_atom;
    use crate::diag::FileId;

    #[test]
    fn literals_read_back_as_the_same_value() {
        for v in [
            "russia",
            "say \"no\"",
            "back\\slash",
            "two\nlines",
            "<script>",
            "",
        ] {
            let text = format!("r({})", literal(v, true));
            let atom = parse_atom(&text, FileId(0)).expect("parses");
            assert_eq!(atom.args[0], Term::Str(v.to_string(), atom.args[0].span()));
        }
        assert_eq!(literal("42", false), "42");
        assert_eq!(literal("42", true), "\"42\"");
        assert_eq!(literal("inf", false), "\"inf\"");
    }
}
