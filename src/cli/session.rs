//! Opens a knowledge base for a command: config, article folders, fact files, the standard
//! derived relations; renders load diagnostics.

use super::args::{EngineArgs, EngineChoice, FactFilter, KbArgs};
use super::{emit, emit_failure, label};
use crate::article::ArticleLibrary;
use crate::diag::Severity;
use crate::error::Error;
use crate::kb::config::KbConfig;
use crate::kb::schema::{SCHEMA_DL, STANCE_DL};
use crate::kb::{FactStore, KbRoot, load_kb};
use crate::query::runtime::{RuleFiles, StandardRules, derive_with_engine};
use std::io::Write;
use std::path::Path;

/// A loaded knowledge base.
pub struct Session {
    /// Base and standard derived relations.
    pub store: FactStore,
    /// The article files at hand.
    pub articles: ArticleLibrary,
    /// How many fact files were read.
    pub files: usize,
    /// How many warnings were printed.
    pub warnings: usize,
}

impl Session {
    /// The one-line summary `check` and `build` print: files, base tuples, warnings.
    pub fn summary(&self) -> String {
        format!(
            "ok: {} fact files, {} base tuples{}",
            self.files,
            self.store.base_len(),
            match self.warnings {
                0 => String::new(),
                1 => ", 1 warning".into(),
                n => format!(", {n} warnings"),
            }
        )
    }
}

/// Loads the knowledge base; errors are rendered to `stderr` and returned as
/// [`Error::Diagnostics`].
pub fn open(args: &KbArgs, stderr: &mut dyn Write) -> Result<Session, Error> {
    open_with(&args.root(), args, &Derivation::default(), stderr)
}

/// How a session derives the standard relations.
#[derive(Default)]
pub struct Derivation<'a> {
    /// Keep only the base facts that pass this filter.
    pub filter: Option<&'a FactFilter>,
    /// The evaluator asked for on the command line.
    pub engine: Option<&'a EngineArgs>,
    /// Load the base facts only: the command derives the standard relations itself
    /// (`factlog why` evaluates queries/stance.dl to explain them).
    pub base_only: bool,
}

/// The note a command prints, once, when it works on the built-in base.
pub const BUILTIN_NOTE: &str = "no factlog.toml in this folder or above it: using the \
     knowledge base built into factlog (--kb DIR names another; `factlog init DIR` starts one)";

/// Loads the knowledge base at `root` keeping the base facts that pass the filter, then
/// derives the standard relations: with the compiled rules, or with the runtime engine when it
/// is asked for or `queries/stance.dl` was edited.
pub fn open_with(
    root: &KbRoot,
    args: &KbArgs,
    how: &Derivation<'_>,
    stderr: &mut dyn Write,
) -> Result<Session, Error> {
    let mut dirs = Vec::new();
    if let KbRoot::Folder(dir) = root {
        if !dir.join("facts").is_dir() {
            return Err(Error::Usage(format!(
                "{} is not a knowledge base: expected a folder with facts/ and queries/ (--kb DIR; \
                 `factlog init {}` makes one)",
                dir.display(),
                dir.display()
            )));
        }
        let config = KbConfig::read(dir).map_err(Error::Usage)?;
        for (listed, path) in config.sources.iter().zip(config.source_dirs(dir)) {
            if !path.is_dir() {
                let _ = writeln!(
                    stderr,
                    "{} factlog.toml lists the source folder {}, which is not there: \
                     its articles' sentences are not shown",
                    label(Severity::Warning),
                    listed.display()
                );
            }
            dirs.push(path);
        }
    } else {
        let _ = writeln!(stderr, "{} {BUILTIN_NOTE}", label(Severity::Note));
    }
    for dir in &args.sources {
        if !dir.is_dir() {
            let _ = writeln!(
                stderr,
                "{} --sources {}: no such folder (expected a folder of article .txt files)",
                label(Severity::Warning),
                dir.display()
            );
        }
    }
    dirs.extend(args.sources.iter().cloned());
    let articles = ArticleLibrary::load(&dirs);
    let report = load_kb(root, &articles);
    emit(&report.diagnostics, &report.sources, stderr);
    let warnings = report.diagnostics.iter().filter(|d| !d.is_error()).count();
    let Some(store) = report.store else {
        let errors: Vec<_> = report
            .diagnostics
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        let _ = writeln!(
            stderr,
            "{} the knowledge base has {} error{}; nothing was loaded",
            label(Severity::Error),
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        return Err(Error::Diagnostics(errors));
    };
    let files = RuleFiles::of(root, &[]);
    let choice = how.engine.map_or(EngineChoice::Compiled, |e| e.engine);
    let warnings = warnings
        + match (how.engine, root.folder()) {
            (None, Some(dir)) => warn_on_edited_rules(dir, stderr),
            _ => 0,
        };
    let store = match how.filter {
        Some(f) if !f.is_empty() => store.filtered(|p| f.keeps(p)),
        _ => store,
    };
    let rules = if how.base_only {
        None
    } else {
        Some(standard_rules(choice, &files, how.engine.is_some(), stderr))
    };
    let store = match rules {
        None => store,
        Some(StandardRules::Compiled) => crate::rules::derive(store),
        Some(StandardRules::Runtime) => {
            let eval = how.engine.map(EngineArgs::eval_options).unwrap_or_default();
            derive_with_engine(store, &files, &eval).map_err(|f| {
                emit_failure(&f, stderr);
                Error::Diagnostics(f.diagnostics)
            })?
        }
    };
    Ok(Session {
        store,
        articles,
        files: report.files,
        warnings,
    })
}

/// Warns when the knowledge base's `queries/stance.dl` or `schema.dl` differ from the files this
/// binary compiled; returns the number of warnings.
fn warn_on_edited_rules(root: &Path, stderr: &mut dyn Write) -> usize {
    let mut n = 0;
    for (name, built) in [("schema.dl", SCHEMA_DL), ("stance.dl", STANCE_DL)] {
        let path = root.join("queries").join(name);
        if let Ok(text) = std::fs::read_to_string(&path) {
            if text.replace("\r\n", "\n") != built {
                n += 1;
                let _ = writeln!(
                    stderr,
                    "warning[W0301]: queries/{name} differs from the rules compiled into factlog\n \
                     = note: factlog evaluates the edited file with the runtime engine instead of \
                     the compiled rules"
                );
            }
        }
    }
    n
}

/// Who derives the standard relations: the compiled rules, unless the runtime engine is asked
/// for or `queries/stance.dl` was edited (then with a note, when `note` is set).
pub fn standard_rules(
    engine: EngineChoice,
    files: &RuleFiles,
    note: bool,
    stderr: &mut dyn Write,
) -> StandardRules {
    if engine != EngineChoice::Compiled {
        return StandardRules::Runtime;
    }
    if files.stance_edited {
        if note {
            let _ = writeln!(
                stderr,
                "{} queries/stance.dl differs from the compiled rules: the runtime engine evaluates it",
                label(Severity::Note)
            );
        }
        return StandardRules::Runtime;
    }
    StandardRules::Compiled
}
