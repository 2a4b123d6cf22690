//! Opens a knowledge base for a command: config, article folders, fact files, the standard
//! derived relations; renders load diagnostics.

use super::args::{FactFilter, KbArgs};
use super::emit;
use crate::article::ArticleLibrary;
use crate::error::Error;
use crate::kb::config::KbConfig;
use crate::kb::schema::{SCHEMA_DL, STANCE_DL};
use crate::kb::{FactStore, load_facts};
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

/// Loads the knowledge base; errors are rendered to `stderr` and returned as
/// [`Error::Diagnostics`].
pub fn open(args: &KbArgs, stderr: &mut dyn Write) -> Result<Session, Error> {
    open_filtered(args, None, stderr)
}

/// Loads the knowledge base keeping only the base facts that pass `filter`, then derives.
pub fn open_filtered(
    args: &KbArgs,
    filter: Option<&FactFilter>,
    stderr: &mut dyn Write,
) -> Result<Session, Error> {
    let root = &args.kb;
    if !root.join("facts").is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a knowledge base: expected a folder with facts/ and queries/ (--kb DIR)",
            root.display()
        )));
    }
    let config = KbConfig::read(root).map_err(Error::Usage)?;
    let mut dirs = config.source_dirs(root);
    dirs.extend(args.sources.iter().cloned());
    let articles = ArticleLibrary::load(&dirs);
    let report = load_facts(&root.join("facts"), root, &articles);
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
            "error: the knowledge base has {} error{}; nothing was loaded",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        return Err(Error::Diagnostics(errors));
    };
    let warnings = warnings + warn_on_edited_rules(root, stderr);
    let store = match filter {
        Some(f) if !f.is_empty() => store.filtered(|p| f.keeps(p)),
        _ => store,
    };
    Ok(Session {
        store: crate::rules::derive(store),
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
                     = note: queries use the compiled rules; the runtime engine (a later release) \
                     will evaluate the edited file"
                );
            }
        }
    }
    n
}
