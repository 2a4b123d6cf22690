//! Loads `facts/**/*.json` (sorted path order) into a [`FactStore`], validating every fact
//! against the schema and reporting every problem of the run together.
//!
//! Nothing half-loaded escapes: when any error is found, no store is returned.

use super::builtin::FACT_FILES;
use super::contradiction::resolve_contradictions;
use super::document::{FactDoc, FactDocument};
use super::intern::Sym;
use super::json_locate::{Step, locate, path_string, serde_error_range};
use super::location::KbRoot;
use super::provenance::{Origin, Provenance, TextSpan};
use super::schema::{RelId, RelationKind, SCHEMA_VERSION, Schema};
use super::store::FactStore;
use super::validate::{check_columns, check_evidence, check_references};
use crate::article::ArticleLibrary;
use crate::diag::{Diagnostic, FileId, Location, SourceMap, Span};
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

/// Lists `facts/**/*.json` under `dir` in sorted path order; fails on the first folder that
/// cannot be read.
pub fn fact_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let (files, mut unreadable) = walk_fact_files(dir)?;
    match unreadable.drain(..).next() {
        Some((_, e)) => Err(e),
        None => Ok(files),
    }
}

/// Lists `facts/**/*.json` under `dir` in sorted path order, with each subfolder that could
/// not be read (and why); fails only when `dir` itself cannot be read.
pub fn walk_fact_files(dir: &Path) -> std::io::Result<FactFileList> {
    let mut out = Vec::new();
    let mut unreadable = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(entries) => entries,
            Err(e) if d == dir => return Err(e),
            Err(e) => {
                unreadable.push((d, e));
                continue;
            }
        };
        for entry in entries {
            let path = match entry {
                Ok(entry) => entry.path(),
                Err(e) => {
                    unreadable.push((d.clone(), e));
                    continue;
                }
            };
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    unreadable.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((out, unreadable))
}

/// The fact files found under a folder, and the subfolders that could not be read.
pub type FactFileList = (Vec<PathBuf>, Vec<(PathBuf, std::io::Error)>);

/// One file to load: its name as shown (relative to the knowledge base root) and its text, or
/// the diagnostic saying why it could not be read.
pub struct FactInput {
    /// `facts/articles/mt_1994_06_17.json`.
    pub name: String,
    /// The text (without a byte-order mark), or why there is none.
    pub text: Result<String, Diagnostic>,
}

impl FactInput {
    /// Reads `path`, named `name`: an unreadable or non-UTF-8 file is an E0100.
    fn read(path: &Path, name: String) -> FactInput {
        let text = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8(bytes).map(without_bom).map_err(|e| {
                Diagnostic::error("E0100", "the file is not UTF-8", Span::default())
                    .in_file(name.clone())
                    .with_note(format!("expected UTF-8 text: {e}"))
            }),
            Err(e) => Err(Diagnostic::error(
                "E0100",
                format!("cannot read the file: {e}"),
                Span::default(),
            )
            .in_file(name.clone())),
        };
        FactInput { name, text }
    }

    /// A file whose text is at hand (the built-in base's).
    pub fn text(name: impl Into<String>, text: &str) -> FactInput {
        FactInput {
            name: name.into(),
            text: Ok(without_bom(text.to_string())),
        }
    }
}

/// Loads the knowledge base at `root`: a folder's `facts/`, or the built-in base.
pub fn load_kb(root: &KbRoot, articles: &ArticleLibrary) -> LoadReport {
    match root {
        KbRoot::Folder(dir) => load_facts(&dir.join("facts"), dir, articles),
        KbRoot::BuiltIn => load_inputs(
            FACT_FILES
                .iter()
                .map(|(name, text)| FactInput::text(*name, text))
                .collect(),
            None,
            Vec::new(),
            articles,
        ),
    }
}

/// Loads every fact file under `facts_dir`; names are shown relative to `root`.
pub fn load_facts(facts_dir: &Path, root: &Path, articles: &ArticleLibrary) -> LoadReport {
    let (files, unreadable) = match walk_fact_files(facts_dir) {
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
                sources: SourceMap::new(),
                files: 0,
            };
        }
    };
    // A subfolder that cannot be read is named itself, not as the whole facts folder.
    let early = unreadable
        .into_iter()
        .map(|(dir, e)| {
            Diagnostic::error(
                "E0100",
                format!("cannot read the folder: {e}"),
                Span::default(),
            )
            .in_file(display(&dir, root))
            .with_note("expected a readable folder of *.json fact files")
        })
        .collect();
    // facts/overrides.json is a curator's verdicts on extracted facts, not a fact file.
    let overrides_path = facts_dir.join(super::overrides::OVERRIDES_FILE);
    let inputs = files
        .iter()
        .filter(|p| **p != overrides_path)
        .map(|p| FactInput::read(p, display(p, root)))
        .collect();
    let overrides = overrides_path
        .exists()
        .then(|| FactInput::read(&overrides_path, display(&overrides_path, root)));
    load_inputs(inputs, overrides, early, articles)
}

/// Loads fact files whose texts are read (or failed to be): the one path of every knowledge
/// base, on disk or built in. `early` holds problems already found (unreadable folders).
pub fn load_inputs(
    inputs: Vec<FactInput>,
    overrides: Option<FactInput>,
    mut early: Vec<Diagnostic>,
    articles: &ArticleLibrary,
) -> LoadReport {
    let mut sources = SourceMap::new();
    let files = inputs.len();
    for input in inputs {
        match input.text {
            Ok(text) => {
                sources.add(input.name, text);
            }
            Err(d) => early.push(d),
        }
    }
    let overrides_file = match overrides.map(|o| (o.name, o.text)) {
        Some((name, Ok(text))) => Some(sources.add(name, text)),
        Some((_, Err(d))) => {
            early.push(d);
            None
        }
        None => None,
    };
    // Documents borrow their strings from the texts in `sources`.
    let mut docs = Vec::new();
    for file in sources.ids().filter(|&f| Some(f) != overrides_file) {
        let text = &sources.file(file).text;
        match serde_json::from_str::<FactDocument>(text) {
            Ok(doc) => docs.push((file, doc)),
            Err(e) => {
                let (start, end) = serde_error_range(text, &e);
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                early.push(Diagnostic::error(
                    "E0101",
                    format!("malformed fact file: {msg}"),
                    Span::new(file, start, end),
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
        Location::File(name) | Location::Position { file: name, .. } => (name.clone(), 0),
        Location::None => (String::new(), 0),
    });
    LoadReport {
        store: (!has_errors).then_some(store),
        diagnostics,
        sources,
        files,
    }
}

fn display(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
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
        // Where a reader without the article file can read it.
        if let Some(url) = src.url.as_deref().filter(|u| !u.is_empty()) {
            push("source_url", &[&src.id, url], curated, site, sink);
        }
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
            let source = store.interner.intern(&ev.source);
            let span = TextSpan {
                start: ev.start,
                end: ev.end,
            };
            if let Some(text) = ev.text.as_deref().filter(|t| !t.is_empty()) {
                store.set_evidence_text(source, span, text);
            }
            (Some(source), Some(span))
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

/// A text without the UTF-8 byte-order mark some editors write at its start (it is not JSON).
fn without_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}
