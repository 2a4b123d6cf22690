//! `GET /api/overrides` (the curator's verdicts) and `POST /api/overrides` (add one: reject or
//! correct an extracted fact). An edit is checked against the loaded facts (the fact must be
//! there, with an extracted source) and by the loader's own rules for the file
//! ([`crate::kb::curate`]); the file is written atomically, the knowledge base loaded again,
//! and, should that fail, the file put back as it was.
//!
//! ```json
//! {"verdict": "reject", "relation": "stance", "args": ["china", "d1", "will_veto", ""],
//!  "source": "src_1", "note": "a reporter's speculation"}
//! {"verdict": "correct", "relation": "stance", "args": [...], "to": ["*", "*", "oppose", "*"]}
//! ```

use super::{ApiError, ApiRequest, codes};
use crate::export::write_atomically;
use crate::kb::curate::{Edit, Verdict, edited_overrides};
use crate::kb::overrides::OVERRIDES_FILE;
use crate::kb::{Origin, RelationKind};
use crate::serve::workbench::{Loaded, Loader, Workbench};
use serde::Deserialize;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EditBody {
    verdict: String,
    relation: String,
    args: Vec<String>,
    #[serde(default)]
    to: Option<Vec<String>>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

/// A made edit.
pub struct Done {
    /// The knowledge base loaded again.
    pub kb: Loaded,
    /// How long that took.
    pub load_time: Duration,
    /// `facts/overrides.json`.
    pub file: String,
    /// The rule added.
    pub rule: Value,
}

/// `facts/overrides.json` of a knowledge base folder (the built-in base has none to edit).
fn overrides_path(wb: &Workbench) -> Option<PathBuf> {
    wb.kb
        .root
        .folder()
        .map(|d| d.join("facts").join(OVERRIDES_FILE))
}

/// `GET /api/overrides`: `{"file", "exists", "document"}`.
pub fn overrides(wb: &Workbench) -> Result<Vec<u8>, ApiError> {
    let text = overrides_path(wb).and_then(|p| std::fs::read_to_string(p).ok());
    let document = text
        .as_deref()
        .and_then(|t| serde_json::from_str::<Value>(t.trim_start_matches('\u{feff}')).ok());
    Ok(super::to_bytes(&json!({
        "file": format!("facts/{OVERRIDES_FILE}"),
        "exists": text.is_some(),
        "document": document,
    })))
}

/// Checks and makes an edit, then loads the knowledge base again.
pub fn apply(wb: &Workbench, req: &ApiRequest, loader: &Loader) -> Result<Done, ApiError> {
    let json_body = req.content_type.as_deref().is_some_and(|c| {
        c.split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
    });
    if !json_body {
        return Err(ApiError::new(
            415,
            codes::BAD_PARAMETER,
            "an edit is a JSON body: expected Content-Type: application/json",
        ));
    }
    let body: EditBody = serde_json::from_slice(&req.body).map_err(|e| {
        ApiError::bad_parameter(format!(
            "malformed edit: {e} (expected {{\"verdict\": \"reject\"|\"correct\", \"relation\", \"args\": [...], \"to\": [...], \"source\", \"note\"}})"
        ))
    })?;
    let verdict = match (body.verdict.as_str(), body.to) {
        ("reject", None) => Verdict::Reject,
        ("correct", Some(to)) => Verdict::Correct(to),
        ("reject", Some(_)) => {
            return Err(ApiError::bad_parameter(
                "a rejection has no \"to\": use \"verdict\": \"correct\"",
            ));
        }
        ("correct", None) => {
            return Err(ApiError::bad_parameter(
                "a correction needs \"to\": the corrected arguments (\"*\" keeps a value)",
            ));
        }
        (other, _) => {
            return Err(ApiError::bad_parameter(format!(
                "\"verdict\" is \"{other}\": expected \"reject\" or \"correct\""
            )));
        }
    };
    let edit = Edit {
        relation: body.relation,
        args: body.args,
        verdict,
        source: body.source.filter(|s| !s.is_empty()),
        note: body.note.filter(|s| !s.is_empty()),
    };
    check_target(wb, &edit)?;
    let Some(path) = overrides_path(wb) else {
        return Err(ApiError::new(
            403,
            codes::EDITS,
            "the built-in knowledge base cannot be edited: serve a folder (--kb DIR)",
        ));
    };
    let before = match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(ApiError::new(
                500,
                codes::RELOAD,
                format!("cannot read facts/{OVERRIDES_FILE}: {e}"),
            ));
        }
    };
    let text = edited_overrides(before.as_deref(), &edit)
        .map_err(|r| ApiError::from_diagnostics(400, &r.diagnostics, &r.sources))?;
    let io_error = |e: crate::export::ExportError| {
        ApiError::new(
            500,
            codes::RELOAD,
            format!("cannot write facts/{OVERRIDES_FILE}: {e}"),
        )
    };
    write_atomically(&path, text.as_bytes()).map_err(io_error)?;
    let started = Instant::now();
    match loader() {
        Ok(kb) => Ok(Done {
            kb,
            load_time: started.elapsed(),
            file: format!("facts/{OVERRIDES_FILE}"),
            rule: rule_json(&edit),
        }),
        Err(failure) => {
            // Put the file back as it was: the knowledge base must load as before.
            let restored = match &before {
                Some(old) => write_atomically(&path, old.as_bytes()).is_ok(),
                None => std::fs::remove_file(&path).is_ok(),
            };
            Err(ApiError::new(
                500,
                codes::RELOAD,
                format!(
                    "the knowledge base does not load with this edit, so facts/{OVERRIDES_FILE} was {}: {}",
                    if restored {
                        "put back as it was"
                    } else {
                        "left edited (putting it back failed)"
                    },
                    failure.message.trim()
                ),
            ))
        }
    }
}

fn rule_json(edit: &Edit) -> Value {
    let mut rule = json!({"relation": edit.relation, "args": edit.args});
    if let Verdict::Correct(to) = &edit.verdict {
        rule["to"] = json!(to);
    }
    if let Some(s) = &edit.source {
        rule["source"] = json!(s);
    }
    rule["verdict"] = json!(match edit.verdict {
        Verdict::Reject => "reject",
        Verdict::Correct(_) => "correct",
    });
    rule
}

/// The edit must name a base relation and match a loaded fact with an extracted source (of
/// the source given): a rule that matches nothing would only be a warning at the next load,
/// and curated facts are never overridden.
fn check_target(wb: &Workbench, edit: &Edit) -> Result<(), ApiError> {
    let store = &wb.kb.store;
    let schema = store.schema();
    let Some(rel) = schema
        .lookup(&edit.relation)
        .filter(|&r| schema.decl(r).kind == RelationKind::Base)
    else {
        let mut e = ApiError::bad_parameter(format!(
            "`{}` is not a base relation: only base facts are curated",
            edit.relation
        ));
        e.code = "E0103";
        return Err(e);
    };
    if edit.args.len() != schema.decl(rel).arity() {
        let mut e = ApiError::bad_parameter(format!(
            "`{}` takes {} arguments, found {}",
            edit.relation,
            schema.decl(rel).arity(),
            edit.args.len()
        ));
        e.code = "E0105";
        return Err(e);
    }
    let want = |v: &str, s: crate::kb::Sym| v == "*" || store.interner.get(v) == Some(s);
    let source = edit.source.as_deref().map(|s| store.interner.get(s));
    let matched = store
        .relation(rel)
        .iter_with_provenance()
        .any(|(t, provs)| {
            edit.args.iter().zip(t).all(|(v, &s)| want(v, s))
                && provs.iter().any(|p| {
                    p.origin == Origin::Extracted
                        && source.is_none_or(|want| want.is_some() && p.source == want)
                })
        });
    if !matched {
        return Err(ApiError::new(
            409,
            codes::BAD_PARAMETER,
            format!(
                "no extracted fact {}({}) {}: curated facts are never overridden",
                edit.relation,
                edit.args.join(", "),
                edit.source
                    .as_deref()
                    .map_or(String::new(), |s| format!("from the source `{s}`")),
            ),
        ));
    }
    Ok(())
}
