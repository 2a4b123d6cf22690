//! Edits of `facts/overrides.json`: adds a curator's rejection or correction of an extracted
//! fact to the document, keeping everything else in it, and checks the result with the rules
//! the loader applies ([`super::overrides`]), so that an edit never leaves a file the next load
//! refuses. Writing the text out (atomically) is the caller's business.

use super::load::Sink;
use super::overrides::{OVERRIDES_FILE, apply};
use super::schema::SCHEMA_VERSION;
use super::store::FactStore;
use crate::diag::{Diagnostic, SourceMap};
use serde_json::{Map, Value, json};

/// What the curator says of an extracted fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The fact is wrong: drop it.
    Reject,
    /// The fact should read these arguments (`"*"` keeps a value); it becomes curated.
    Correct(Vec<String>),
}

/// One edit: the fact (relation and arguments, `"*"` for any value), the verdict, and
/// optionally the one article it applies to and a note for readers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The relation.
    pub relation: String,
    /// The arguments the rule matches.
    pub args: Vec<String>,
    /// Reject or correct.
    pub verdict: Verdict,
    /// Limit the rule to facts from this source.
    pub source: Option<String>,
    /// Why (kept in the file for readers).
    pub note: Option<String>,
}

/// An edit that cannot be made.
#[derive(Debug)]
pub struct EditRefused {
    /// The diagnostics, located in [`EditRefused::sources`] (the edited text as
    /// `facts/overrides.json`).
    pub diagnostics: Vec<Diagnostic>,
    /// The files the diagnostics point into.
    pub sources: SourceMap,
}

/// The text of `facts/overrides.json` after `edit`: `existing` (the file's text, `None` when
/// there is none) with the new rule appended to `reject` or `correct`, pretty-printed with a
/// final newline. Refused, with diagnostics, when the existing text is not a valid overrides
/// document or the new rule breaks the loader's rules (unknown relation, wrong arity, a value
/// outside its column's vocabulary or date format).
pub fn edited_overrides(existing: Option<&str>, edit: &Edit) -> Result<String, EditRefused> {
    if let Some(text) = existing {
        check(text)?;
    }
    let mut doc: Map<String, Value> = match existing {
        Some(text) => match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
            Ok(Value::Object(m)) => m,
            // check() accepted it, so it is an object.
            _ => Map::new(),
        },
        None => Map::new(),
    };
    doc.entry("schema").or_insert(json!(SCHEMA_VERSION));
    let mut rule = Map::new();
    rule.insert("relation".into(), json!(edit.relation));
    rule.insert("args".into(), json!(edit.args));
    let key = match &edit.verdict {
        Verdict::Reject => "reject",
        Verdict::Correct(to) => {
            rule.insert("to".into(), json!(to));
            "correct"
        }
    };
    if let Some(s) = &edit.source {
        rule.insert("source".into(), json!(s));
    }
    if let Some(n) = &edit.note {
        rule.insert("note".into(), json!(n));
    }
    match doc.entry(key).or_insert_with(|| json!([])) {
        Value::Array(list) => list.push(Value::Object(rule)),
        other => *other = json!([Value::Object(rule)]),
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(doc)).unwrap_or_default();
    text.push('\n');
    check(&text)?;
    Ok(text)
}

/// The loader's errors for an overrides text (its warnings, such as a rule that matches no
/// extracted fact, are not refusals).
fn check(text: &str) -> Result<(), EditRefused> {
    let mut sources = SourceMap::new();
    let file = sources.add(
        format!("facts/{OVERRIDES_FILE}"),
        text.trim_start_matches('\u{feff}'),
    );
    let mut sink = Sink {
        sources: &sources,
        diagnostics: Vec::new(),
    };
    let _ = apply(file, &mut FactStore::new(), Vec::new(), &mut sink);
    let diagnostics: Vec<Diagnostic> = sink
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(EditRefused {
            diagnostics,
            sources,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reject(args: &[&str]) -> Edit {
        Edit {
            relation: "stance".into(),
            args: args.iter().map(|s| s.to_string()).collect(),
            verdict: Verdict::Reject,
            source: Some("src_1".into()),
            note: Some("speculation".into()),
        }
    }

    #[test]
    fn a_new_file_gets_the_schema_and_the_rule() {
        let text = edited_overrides(None, &reject(&["peru", "d", "oppose", ""])).expect("valid");
        let v: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(v["schema"], 1);
        assert_eq!(v["reject"][0]["args"], json!(["peru", "d", "oppose", ""]));
        assert_eq!(v["reject"][0]["source"], "src_1");
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn existing_rules_and_keys_are_kept() {
        let before = r#"{"schema": 1, "correct": [{"relation": "vote", "args": ["a", "b", "for", "*"], "to": ["*", "*", "against", "*"]}]}"#;
        let text =
            edited_overrides(Some(before), &reject(&["*", "d", "will_veto", "*"])).expect("valid");
        let v: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(v["correct"][0]["relation"], "vote");
        assert_eq!(v["reject"][0]["args"][2], "will_veto");
    }

    #[test]
    fn a_rule_the_loader_would_refuse_is_refused_with_its_code() {
        let bad_arity = reject(&["peru", "d"]);
        let e = edited_overrides(None, &bad_arity).expect_err("wrong arity");
        assert_eq!(e.diagnostics[0].code, "E0105");
        let bad_word = Edit {
            verdict: Verdict::Correct(vec!["*".into(), "*".into(), "maybe".into(), "*".into()]),
            ..reject(&["peru", "d", "oppose", ""])
        };
        let e = edited_overrides(None, &bad_word).expect_err("not a position");
        assert_eq!(e.diagnostics[0].code, "E0106");
        let unknown = Edit {
            relation: "stancee".into(),
            ..reject(&["peru", "d", "oppose", ""])
        };
        assert_eq!(
            edited_overrides(None, &unknown)
                .expect_err("unknown")
                .diagnostics[0]
                .code,
            "E0103"
        );
    }

    #[test]
    fn a_broken_existing_file_is_not_overwritten() {
        let e = edited_overrides(
            Some("{\"schema\": 1, \"reject\": ["),
            &reject(&["a", "b", "oppose", ""]),
        )
        .expect_err("malformed");
        assert_eq!(e.diagnostics[0].code, "E0120");
    }
}
