//! `GET /api/sources` (every source: its `source` fact and whether its article is at hand)
//! and `GET /api/source?id=ID` (one source: its metadata, its text and sentences when the
//! article is at hand, and every base fact that cites it, with its span). Sources are named
//! by id only: no request names a file.

use super::{ApiError, ApiRequest};
use crate::kb::{FactStore, RelationKind, Sym};
use crate::serve::Limits;
use crate::serve::workbench::Workbench;
use serde::Serialize;
use std::collections::BTreeMap;

/// The most facts listed for one source.
const MAX_FACTS: usize = 20_000;

#[derive(Serialize, Default)]
struct SourceMeta<'s> {
    id: &'s str,
    outlet: Option<&'s str>,
    published: Option<&'s str>,
    title: Option<&'s str>,
    url: Option<&'s str>,
    at_hand: bool,
}

#[derive(Serialize)]
struct CitingFact<'s> {
    relation: &'s str,
    values: Vec<&'s str>,
    origin: &'static str,
    confidence: f32,
    span: Option<[u32; 2]>,
}

#[derive(Serialize)]
struct SourceDoc<'s> {
    #[serde(flatten)]
    meta: SourceMeta<'s>,
    text: Option<&'s str>,
    sentences: Vec<[u32; 2]>,
    facts: Vec<CitingFact<'s>>,
    total_facts: usize,
}

/// The `source` fact (outlet, date, title) and URL of `id`, completed from the article header.
fn meta<'s>(wb: &'s Workbench, id: &'s str) -> Option<SourceMeta<'s>> {
    let store = &wb.kb.store;
    let article = wb.kb.articles.get(id);
    let sym = store.interner.get(id);
    let fact = sym.and_then(|s| store.get("source").iter().find(|t| t[0] == s));
    if fact.is_none() && article.is_none() {
        return None;
    }
    let text = |t: &[Sym], i: usize| Some(store.interner.resolve(t[i])).filter(|v| !v.is_empty());
    Some(SourceMeta {
        id,
        outlet: fact
            .and_then(|t| text(t, 1))
            .or_else(|| article.and_then(|a| a.outlet.as_deref())),
        published: fact
            .and_then(|t| text(t, 2))
            .or_else(|| article.and_then(|a| a.published.as_deref())),
        title: fact
            .and_then(|t| text(t, 3))
            .or_else(|| article.and_then(|a| a.title.as_deref())),
        url: sym.and_then(|s| source_url(store, s)),
        at_hand: article.is_some(),
    })
}

/// The `source_url` fact of a source, where the schema has that relation.
fn source_url(store: &FactStore, source: Sym) -> Option<&str> {
    let rel = store.schema().lookup("source_url")?;
    store
        .relation(rel)
        .iter()
        .find(|t| t[0] == source)
        .map(|t| store.interner.resolve(t[1]))
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
}

/// `GET /api/sources`.
pub fn sources(wb: &Workbench) -> Result<Vec<u8>, ApiError> {
    let store = &wb.kb.store;
    let mut ids: BTreeMap<&str, ()> = store
        .get("source")
        .iter()
        .map(|t| (store.interner.resolve(t[0]), ()))
        .collect();
    for a in wb.kb.articles.iter() {
        ids.insert(a.id.as_str(), ());
    }
    let list: Vec<SourceMeta<'_>> = ids.keys().filter_map(|id| meta(wb, id)).collect();
    Ok(super::to_bytes(&serde_json::json!({ "sources": list })))
}

/// `GET /api/source?id=ID`.
pub fn source(wb: &Workbench, req: &ApiRequest, limits: &Limits) -> Result<Vec<u8>, ApiError> {
    let id = req.text("id", limits.max_query)?;
    let Some(meta) = meta(wb, id) else {
        return Err(ApiError::not_found(format!(
            "no source with the id `{id}` (expected the id of a `source` fact or of an article file at hand; /api/sources lists them)"
        )));
    };
    let store = &wb.kb.store;
    let article = wb.kb.articles.get(id);
    let mut facts = Vec::new();
    if let Some(sym) = store.interner.get(id) {
        let schema = store.schema();
        for rel in schema.ids() {
            let decl = schema.decl(rel);
            if decl.kind != RelationKind::Base {
                continue;
            }
            for (tuple, provs) in store.relation(rel).iter_with_provenance() {
                for p in provs.iter().filter(|p| p.source == Some(sym)) {
                    facts.push(CitingFact {
                        relation: &decl.name,
                        values: tuple.iter().map(|&s| store.interner.resolve(s)).collect(),
                        origin: p.origin.as_str(),
                        confidence: p.confidence,
                        span: p.span.map(|s| [s.start, s.end]),
                    });
                }
            }
        }
    }
    facts.sort_by(|a, b| {
        (a.span, a.relation, &a.values, a.origin).cmp(&(b.span, b.relation, &b.values, b.origin))
    });
    let total_facts = facts.len();
    facts.truncate(MAX_FACTS);
    let doc = SourceDoc {
        meta,
        text: article.map(|a| a.body.as_str()),
        sentences: article.map_or_else(Vec::new, |a| {
            a.sentences.iter().map(|s| [s.start, s.end]).collect()
        }),
        facts,
        total_facts,
    };
    Ok(super::to_bytes(&doc))
}
