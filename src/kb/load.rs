//! Loads `facts/**/*.json` (sorted path order) into a [`FactStore`], validating every fact
//! against the schema and reporting every problem of the run together.
//!
//! Nothing half-loaded escapes: when any error is found, no store is returned.

use super::contradiction::resolve_contradictions;
use super::document::{FactDoc, FactDocument};
use super::intern::Sym;
use super::json_locate::{Step, locate, path_string, serde_error_range};
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

/// Lists `facts/**/*.json` under `dir` in sorted path order ([`walk_facts`], without what it
/// skipped).
pub fn fact_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    walk_facts(dir).map(|w| w.files)
}

/// The most bytes a fact file (or `overrides.json`) may hold: past it the file is an error
/// (E0100), not read into memory.
pub const MAX_FACT_FILE_BYTES: u64 = 256 << 20;

/// What [`walk_facts`] found: the fact files, sorted, and what it skipped.
#[derive(Debug, Default)]
pub struct FactWalk {
    /// `*.json` regular files (or symbolic links to one), sorted by path.
    pub files: Vec<PathBuf>,
    /// What was left out, with why, sorted by path.
    pub skipped: Vec<(PathBuf, Skipped)>,
}

/// Why [`walk_facts`] left an entry of `facts/` out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skipped {
    /// A `*.json` name that is not a regular file (a FIFO, a device, a socket): reading it
    /// could block or never end.
    NotRegular(&'static str),
    /// A folder already read under another name (a symbolic link to it, or a link loop).
    FolderAgain(PathBuf),
    /// A `.json` extension in other letter cases (`x.JSON`), which is not loaded.
    ExtensionCase,
}

/// Walks `dir` for fact files: every `*.json` (lower case) regular file below it, following
/// symbolic links, each folder read once (a link to a folder already read, such as a link
/// loop, is skipped and reported once); names starting with `.` (hidden files and folders) are
/// left out, as most tools do; `*.json` names that are not regular files, and `.JSON` in other
/// letter cases, are reported as skipped. A dangling link named `*.json` is listed (reading it
/// reports it). Folders linked to are read after the real ones, so that a folder reached both
/// ways is read under its real name.
pub fn walk_facts(dir: &Path) -> std::io::Result<FactWalk> {
    let mut walk = FactWalk::default();
    let mut seen = std::collections::BTreeMap::new();
    seen.insert(std::fs::canonicalize(dir)?, dir.to_path_buf());
    let mut real = vec![dir.to_path_buf()];
    let mut linked = std::collections::VecDeque::new();
    while let Some(d) = real.pop().or_else(|| linked.pop_front()) {
        let mut entries = std::fs::read_dir(&d)?.collect::<std::io::Result<Vec<_>>>()?;
        entries.sort_by_key(std::fs::DirEntry::file_name);
        // Reversed, so that folders come off the stack in name order.
        for entry in entries.into_iter().rev() {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let kind = entry.file_type()?;
            let target = if kind.is_symlink() {
                std::fs::metadata(&path).ok()
            } else {
                entry.metadata().ok()
            };
            if target.as_ref().is_some_and(std::fs::Metadata::is_dir) {
                if kind.is_symlink() {
                    linked.push_back(path);
                    continue;
                }
                let canonical = std::fs::canonicalize(&path)?;
                match seen.get(&canonical) {
                    // Only a mount can show one real folder twice.
                    Some(first) => walk
                        .skipped
                        .push((path, Skipped::FolderAgain(PathBuf::clone(first)))),
                    None => {
                        seen.insert(canonical, path.clone());
                        real.push(path);
                    }
                }
                continue;
            }
            let Some(ext) = path.extension() else {
                continue;
            };
            if ext != "json" {
                if ext.eq_ignore_ascii_case("json") {
                    walk.skipped.push((path, Skipped::ExtensionCase));
                }
                continue;
            }
            match target.as_ref().map(|m| m.file_type()) {
                Some(t) if !t.is_file() => {
                    walk.skipped.push((path, Skipped::NotRegular(kind_name(t))))
                }
                _ => walk.files.push(path),
            }
        }
        // A linked folder is claimed when it is read: after every real folder found so far.
        if real.is_empty() {
            while let Some(l) = linked.pop_front() {
                let canonical = std::fs::canonicalize(&l)?;
                if let Some(first) = seen.get(&canonical) {
                    walk.skipped.push((l, Skipped::FolderAgain(first.clone())));
                    continue;
                }
                seen.insert(canonical, l.clone());
                linked.push_front(l);
                break;
            }
        }
    }
    walk.files.sort();
    walk.skipped.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(walk)
}

/// What a file that is not regular is, for a warning.
fn kind_name(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = t;
    "not a regular file"
}

/// The warning for an entry [`walk_facts`] skipped.
fn skipped_warning(path: &Path, why: &Skipped, root: &Path) -> Diagnostic {
    let message = match why {
        Skipped::NotRegular(what) => {
            format!("not read: {what}, not a regular file (expected a JSON fact file)")
        }
        Skipped::FolderAgain(first) => format!(
            "not read: a link to the folder {}, already read (a symbolic link loop, or a second \
             name for one folder)",
            display(first, root)
        ),
        Skipped::ExtensionCase => "not loaded: fact files end in `.json`, in lower case (rename \
                                    it to load it)"
            .to_string(),
    };
    Diagnostic::warning("W0100", message, Span::default()).in_file(display(path, root))
}

/// The text of a fact file, read only when it is a regular file of at most
/// [`MAX_FACT_FILE_BYTES`]; the error says what it is otherwise.
fn read_fact_file(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the file: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "cannot read the file: {}, not a regular file",
            kind_name(meta.file_type())
        ));
    }
    let limit = MAX_FACT_FILE_BYTES;
    let too_big = || {
        format!(
            "the file is larger than {} MiB, the most a fact file may hold (split it: facts/ \
             may hold any number of files)",
            limit >> 20
        )
    };
    if meta.len() > limit {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Loads every fact file under `facts_dir`; names are shown relative to `root`.
pub fn load_facts(facts_dir: &Path, root: &Path, articles: &ArticleLibrary) -> LoadReport {
    let mut sources = SourceMap::new();
    let mut early = Vec::new();
    let walk = match walk_facts(facts_dir) {
        Ok(w) => w,
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
    early.extend(
        walk.skipped
            .iter()
            .map(|(path, why)| skipped_warning(path, why, root)),
    );
    // facts/overrides.json is a curator's verdicts on extracted facts, not a fact file.
    let overrides_path = facts_dir.join(super::overrides::OVERRIDES_FILE);
    let files: Vec<PathBuf> = walk
        .files
        .into_iter()
        .filter(|p| *p != overrides_path)
        .collect();
    let read_error =
        |msg: String, name: String| Diagnostic::error("E0100", msg, Span::default()).in_file(name);
    for path in &files {
        let name = display(path, root);
        match read_fact_file(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    sources.add(name, without_bom(text));
                }
                Err(e) => early.push(
                    Diagnostic::error("E0100", "the file is not UTF-8", Span::default())
                        .in_file(name)
                        .with_note(format!("expected UTF-8 text: {e}")),
                ),
            },
            Err(msg) => early.push(read_error(msg, name)),
        }
    }
    let overrides_file = match std::fs::symlink_metadata(&overrides_path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        _ => {
            let name = display(&overrides_path, root);
            match read_fact_file(&overrides_path).and_then(|b| {
                String::from_utf8(b).map_err(|e| format!("the file is not UTF-8: {e}"))
            }) {
                Ok(text) => Some(sources.add(name, without_bom(text))),
                Err(msg) => {
                    early.push(read_error(msg, name));
                    None
                }
            }
        }
    };
    // Documents borrow their strings from the texts in `sources`.
    let mut docs = Vec::new();
    for file in sources.ids().filter(|&f| Some(f) != overrides_file) {
        let text = &sources.file(file).text;
        match super::json_shape::from_str::<FactDocument>(text) {
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

/// A text without the UTF-8 byte-order mark some editors write at its start (it is not JSON).
fn without_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}
