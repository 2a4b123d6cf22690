//! Loads `facts/**/*.json` (sorted path order) into a [`FactStore`], validating every fact
//! against the schema and reporting every problem of the run together.
//!
//! Nothing half-loaded escapes: when any error is found, no store is returned.

use super::contradiction::resolve_contradictions;
use super::document::{FactDoc, FactDocument};
use super::intern::Sym;
use super::json_locate::{Step, locate, path_string};
use super::provenance::{Origin, Provenance, TextSpan};
use super::schema::{ColumnType, RelId, RelationKind, SCHEMA_VERSION, Schema};
use super::store::FactStore;
use crate::article::ArticleLibrary;
use crate::diag::{Diagnostic, FileId, Location, SourceMap, Span};
use rustc_hash::FxHashSet;
use smallvec::SmallVec;
use std::path::{Path, PathBuf};

/// The part of a fact file a fact was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// The `source` object.
    Source,
    /// An element of `entities`.
    Entities,
    /// An element of `facts`.
    Facts,
}

/// Where a candidate fact was written: a file and an element of one of its sections.
#[derive(Clone, Copy, Debug)]
pub struct FactSite {
    /// The file.
    pub file: FileId,
    /// Which part of the file.
    pub section: Section,
    /// The element's index in that part.
    pub index: u32,
}

impl FactSite {
    /// The JSON path of the fact object (`facts[3]`, `entities[0]`, `source`).
    pub fn path(&self) -> Vec<Step> {
        match self.section {
            Section::Source => vec![Step::Key("source")],
            Section::Entities => vec![Step::Key("entities"), Step::Index(self.index as usize)],
            Section::Facts => vec![Step::Key("facts"), Step::Index(self.index as usize)],
        }
    }
}

/// A fact read from a file, not yet accepted.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// Its relation.
    pub rel: RelId,
    /// Its arguments (at most 4 in the standard schema: kept inline).
    pub args: SmallVec<[Sym; 4]>,
    /// Where it comes from.
    pub prov: Provenance,
    /// Where it was written.
    pub site: FactSite,
}

/// The result of loading: the store when no error was found, and every diagnostic.
#[derive(Debug)]
pub struct LoadReport {
    /// The loaded facts, absent when there were errors.
    pub store: Option<FactStore>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The files the diagnostics point into.
    pub sources: SourceMap,
    /// How many fact files were read.
    pub files: usize,
}

/// Collects diagnostics while loading, locating JSON paths on demand.
pub(crate) struct Sink<'a> {
    pub sources: &'a SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

impl Sink<'_> {
    pub fn span_of(&self, site: &FactSite, extra: &[Step]) -> Span {
        let mut path = site.path();
        path.extend_from_slice(extra);
        let (s, e) = locate(&self.sources.file(site.file).text, &path);
        Span::new(site.file, s, e)
    }

    pub fn error(&mut self, code: &'static str, msg: String, site: &FactSite, extra: &[Step]) {
        let span = self.span_of(site, extra);
        let mut path = site.path();
        path.extend_from_slice(extra);
        self.diagnostics.push(
            Diagnostic::error(code, msg, span).with_note(format!("at {}", path_string(&path))),
        );
    }

    /// `file:line:col (json.path)` of a fact, for notes that name another fact.
    pub fn describe(&self, site: &FactSite) -> String {
        let span = self.span_of(site, &[]);
        format!(
            "{} ({})",
            self.sources.location(span),
            path_string(&site.path())
        )
    }
}

/// Lists `facts/**/*.json` under `dir` in sorted path order.
pub fn fact_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Loads every fact file under `facts_dir`; names are shown relative to `root`.
pub fn load_facts(facts_dir: &Path, root: &Path, articles: &ArticleLibrary) -> LoadReport {
    let mut sources = SourceMap::new();
    let mut early = Vec::new();
    let files = match fact_files(facts_dir) {
        Ok(f) => f,
        Err(e) => {
            let d = Diagnostic {
                severity: crate::diag::Severity::Error,
                code: "E0100",
                message: format!("cannot read the facts folder: {e}"),
                location: Location::File(display(facts_dir, root)),
                notes: vec!["expected a folder of *.json fact files (--kb DIR)".into()],
            };
            return LoadReport {
                store: None,
                diagnostics: vec![d],
                sources,
                files: 0,
            };
        }
    };
    // facts/overrides.json is a curator's verdicts on extracted facts, not a fact file.
    let overrides_path = facts_dir.join(super::overrides::OVERRIDES_FILE);
    let files: Vec<PathBuf> = files.into_iter().filter(|p| *p != overrides_path).collect();
    for path in &files {
        let name = display(path, root);
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    sources.add(name, text);
                }
                Err(e) => early.push(
                    Diagnostic::error("E0100", "the file is not UTF-8", Span::default())
                        .in_file(name)
                        .with_note(format!("expected UTF-8 text: {e}")),
                ),
            },
            Err(e) => early.push(
                Diagnostic::error(
                    "E0100",
                    format!("cannot read the file: {e}"),
                    Span::default(),
                )
                .in_file(name),
            ),
        }
    }
    let overrides_file = match std::fs::read_to_string(&overrides_path) {
        Ok(text) => Some(sources.add(display(&overrides_path, root), text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            early.push(
                Diagnostic::error(
                    "E0100",
                    format!("cannot read the file: {e}"),
                    Span::default(),
                )
                .in_file(display(&overrides_path, root)),
            );
            None
        }
    };
    // Documents borrow their strings from the texts in `sources`.
    let mut docs = Vec::new();
    for file in sources.ids().filter(|&f| Some(f) != overrides_file) {
        let text = &sources.file(file).text;
        match serde_json::from_str::<FactDocument>(text) {
            Ok(doc) => docs.push((file, doc)),
            Err(e) => {
                let offset = offset_of(text, e.line(), e.column());
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                early.push(Diagnostic::error(
                    "E0101",
                    format!("malformed fact file: {msg}"),
                    Span::new(file, offset, (offset + 1).min(text.len())),
                ));
            }
        }
    }
    let mut sink = Sink {
        sources: &sources,
        diagnostics: early,
    };
    let mut store = FactStore::new();
    let mut candidates = Vec::new();
    for (file, doc) in &docs {
        read_document(*file, doc, &mut store, &mut candidates, &mut sink);
    }
    if let Some(file) = overrides_file {
        candidates = super::overrides::apply(file, &mut store, candidates, &mut sink);
    }
    check_references(&store, &candidates, &mut sink);
    check_evidence(&store, &candidates, articles, &mut sink);
    let accepted = resolve_contradictions(&store, candidates, &mut sink);
    let has_errors = sink.diagnostics.iter().any(Diagnostic::is_error);
    if !has_errors {
        for c in accepted {
            store.relation_mut(c.rel).insert(&c.args, Some(c.prov));
        }
    }
    let mut diagnostics = sink.diagnostics;
    // File order, then position in the file: the order a reader goes through them.
    diagnostics.sort_by_cached_key(|d| match &d.location {
        Location::Span(span) => (sources.file(span.file).name.clone(), span.start),
        Location::File(name) => (name.clone(), 0),
        Location::None => (String::new(), 0),
    });
    LoadReport {
        store: (!has_errors).then_some(store),
        diagnostics,
        sources,
        files: files.len(),
    }
}

fn display(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Byte offset of a 1-based line and column as serde_json reports them.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = &text[start.min(text.len())..];
    let col = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    (start + col).min(text.len().saturating_sub(1))
}

fn read_document(
    file: FileId,
    doc: &FactDocument,
    store: &mut FactStore,
    out: &mut Vec<Candidate>,
    sink: &mut Sink<'_>,
) {
    let schema = Schema::standard();
    let root = FactSite {
        file,
        section: Section::Source,
        index: 0,
    };
    if doc.schema != SCHEMA_VERSION {
        sink.error(
            "E0102",
            format!(
                "unsupported schema version {}: expected {SCHEMA_VERSION}",
                doc.schema
            ),
            &root,
            &[Step::Key("schema")],
        );
        return;
    }
    let curated = Provenance {
        origin: Origin::Curated,
        source: None,
        span: None,
        confidence: 1.0,
    };
    let mut push =
        |rel: &str, args: &[&str], prov: Provenance, site: FactSite, sink: &mut Sink<'_>| {
            let rel = schema.id(rel);
            let args: SmallVec<[Sym; 4]> = args.iter().map(|a| store.interner.intern(a)).collect();
            if check_columns(store, rel, &args, &site, sink) {
                out.push(Candidate {
                    rel,
                    args,
                    prov,
                    site,
                });
            }
        };
    if let Some(src) = &doc.source {
        let site = FactSite {
            file,
            section: Section::Source,
            index: 0,
        };
        push(
            "source",
            &[&src.id, &src.outlet, &src.published, &src.title],
            curated,
            site,
            sink,
        );
    }
    for (i, e) in doc.entities.iter().enumerate() {
        let site = FactSite {
            file,
            section: Section::Entities,
            index: i as u32,
        };
        if e.id.is_empty() {
            sink.error(
                "E0113",
                "empty entity id: expected a snake_case id".into(),
                &site,
                &[Step::Key("id")],
            );
            continue;
        }
        push("entity", &[&e.id, &e.kind, &e.name], curated, site, sink);
        for a in &e.aliases {
            push("alias", &[&e.id, a], curated, site, sink);
        }
    }
    for (i, f) in doc.facts.iter().enumerate() {
        let site = FactSite {
            file,
            section: Section::Facts,
            index: i as u32,
        };
        if let Some(c) = read_fact(f, &site, store, sink) {
            out.push(c);
        }
    }
}

fn read_fact(
    f: &FactDoc,
    site: &FactSite,
    store: &mut FactStore,
    sink: &mut Sink<'_>,
) -> Option<Candidate> {
    let schema = Schema::standard();
    let Some(rel) = schema.lookup(&f.relation) else {
        let similar = schema.similar(&f.relation);
        let hint = if similar.is_empty() {
            "expected a relation of queries/schema.dl".to_string()
        } else {
            format!(
                "expected a relation of queries/schema.dl; did you mean `{}`?",
                similar.join("`, `")
            )
        };
        sink.error(
            "E0103",
            format!("unknown relation `{}`: {hint}", f.relation),
            site,
            &[Step::Key("relation")],
        );
        return None;
    };
    let decl = schema.decl(rel);
    if decl.kind == RelationKind::Derived {
        sink.error(
            "E0104",
            format!("`{}` is derived by the standard rules (queries/stance.dl): expected a base relation, fact files cannot state it", f.relation),
            site,
            &[Step::Key("relation")],
        );
        return None;
    }
    if f.args.len() != decl.arity() {
        let cols: Vec<&str> = decl.columns.iter().map(|c| c.name.as_str()).collect();
        sink.error(
            "E0105",
            format!(
                "`{}` takes {} arguments ({}), found {}",
                f.relation,
                decl.arity(),
                cols.join(", "),
                f.args.len()
            ),
            site,
            &[Step::Key("args")],
        );
        return None;
    }
    let origin = match f.origin.as_deref() {
        None => Origin::Curated,
        Some(o) => match Origin::parse(o) {
            Some(o) => o,
            None => {
                sink.error(
                    "E0109",
                    format!("unknown origin \"{o}\": expected \"curated\" or \"extracted\""),
                    site,
                    &[Step::Key("origin")],
                );
                return None;
            }
        },
    };
    let confidence = f.confidence.unwrap_or(1.0);
    if !(0.0..=1.0).contains(&confidence) {
        sink.error(
            "E0109",
            format!("confidence {confidence} out of range: expected a number from 0 to 1"),
            site,
            &[Step::Key("confidence")],
        );
        return None;
    }
    let (source, span) = match &f.evidence {
        Some(ev) => {
            if ev.start > ev.end {
                sink.error(
                    "E0110",
                    format!(
                        "evidence span {}..{} ends before it starts: expected start <= end",
                        ev.start, ev.end
                    ),
                    site,
                    &[Step::Key("evidence")],
                );
                return None;
            }
            (
                Some(store.interner.intern(&ev.source)),
                Some(TextSpan {
                    start: ev.start,
                    end: ev.end,
                }),
            )
        }
        None => (None, None),
    };
    let args: SmallVec<[Sym; 4]> = f.args.iter().map(|a| store.interner.intern(a)).collect();
    if !check_columns(store, rel, &args, site, sink) {
        return None;
    }
    Some(Candidate {
        rel,
        args,
        prov: Provenance {
            origin,
            source,
            span,
            confidence: confidence as f32,
        },
        site: *site,
    })
}

/// Checks dates and vocabularies; returns whether the tuple is well-formed.
fn check_columns(
    store: &FactStore,
    rel: RelId,
    args: &[Sym],
    site: &FactSite,
    sink: &mut Sink<'_>,
) -> bool {
    let decl = Schema::standard().decl(rel);
    let mut ok = true;
    let arg_step = |i: usize| -> Vec<Step> {
        if site.section == Section::Facts {
            vec![Step::Key("args"), Step::Index(i)]
        } else {
            vec![]
        }
    };
    for (i, (col, &arg)) in decl.columns.iter().zip(args).enumerate() {
        let text = store.interner.resolve(arg);
        match col.ty {
            ColumnType::Date if !is_date(text) => {
                sink.error(
                    "E0106",
                    format!(
                        "`{}.{}` is \"{text}\": expected a date YYYY-MM-DD or \"\"",
                        decl.name, col.name
                    ),
                    site,
                    &arg_step(i),
                );
                ok = false;
            }
            ColumnType::Vocab(words) if !words.contains(&text) => {
                sink.error(
                    "E0107",
                    format!(
                        "`{}.{}` is \"{text}\": expected one of {}",
                        decl.name,
                        col.name,
                        words.join(", ")
                    ),
                    site,
                    &arg_step(i),
                );
                ok = false;
            }
            _ => {}
        }
    }
    ok
}

/// Whether `s` is `""` or a valid calendar date `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        s.get(r)
            .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))?
            .parse()
            .ok()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Entity, source and statement ids used must be declared somewhere in the base.
fn check_references(store: &FactStore, cands: &[Candidate], sink: &mut Sink<'_>) {
    let schema = Schema::standard();
    let (entity, source, statement) = (
        schema.id("entity"),
        schema.id("source"),
        schema.id("statement"),
    );
    let declared = |rel: RelId| -> FxHashSet<Sym> {
        cands
            .iter()
            .filter(|c| c.rel == rel)
            .map(|c| c.args[0])
            .collect()
    };
    let (entities, sources, statements) = (declared(entity), declared(source), declared(statement));
    let empty = store.interner.get("");
    for c in cands {
        let decl = schema.decl(c.rel);
        for (i, (col, &arg)) in decl.columns.iter().zip(c.args.iter()).enumerate() {
            let (set, what, how) = match col.ty {
                ColumnType::Id if !(c.rel == entity && i == 0) => (
                    &entities,
                    "entity",
                    "an `entities` element or an `entity` fact",
                ),
                ColumnType::SourceId if c.rel != source => {
                    (&sources, "source", "a `source` object")
                }
                ColumnType::StmtId if c.rel != statement => {
                    (&statements, "statement", "a `statement` fact")
                }
                _ => continue,
            };
            if Some(arg) == empty || set.contains(&arg) {
                continue;
            }
            let step = if c.site.section == Section::Facts {
                vec![Step::Key("args"), Step::Index(i)]
            } else {
                vec![]
            };
            sink.error(
                "E0108",
                format!(
                    "{what} \"{}\" (`{}.{}`) is used but never declared: expected {how} with this id",
                    store.interner.resolve(arg),
                    decl.name,
                    col.name
                ),
                &c.site,
                &step,
            );
        }
        if let Some(src) = c.prov.source {
            if !sources.contains(&src) {
                sink.error(
                    "E0108",
                    format!(
                        "evidence source \"{}\" is never declared: expected a `source` object with this id",
                        store.interner.resolve(src)
                    ),
                    &c.site,
                    &[Step::Key("evidence"), Step::Key("source")],
                );
            }
        }
    }
}

/// Evidence spans must lie within their article and within one sentence (checked where the
/// article file is at hand).
fn check_evidence(
    store: &FactStore,
    cands: &[Candidate],
    articles: &ArticleLibrary,
    sink: &mut Sink<'_>,
) {
    for c in cands {
        let (Some(src), Some(span)) = (c.prov.source, c.prov.span) else {
            continue;
        };
        let Some(article) = articles.get(store.interner.resolve(src)) else {
            continue;
        };
        let len = article.len_chars();
        if span.end > len {
            sink.error(
                "E0110",
                format!(
                    "evidence span {}..{} lies outside its article: expected offsets within the {len} code points of the body of \"{}\"",
                    span.start, span.end, article.id
                ),
                &c.site,
                &[Step::Key("evidence")],
            );
        } else if article.sentence_of(span).is_none() {
            sink.error(
                "E0111",
                format!(
                    "evidence span {}..{} crosses a sentence end in \"{}\": expected a span within one sentence",
                    span.start, span.end, article.id
                ),
                &c.site,
                &[Step::Key("evidence")],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_calendar_dates_or_empty() {
        for ok in ["", "1994-06-15", "2000-02-29"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "1994-6-15",
            "1994-13-01",
            "1900-02-29",
            "1994-06-31",
            "yesterday",
            "1994-06-1x",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
