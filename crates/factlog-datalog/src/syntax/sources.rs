//! The text of a program before it is checked: files, texts and query bodies gathered into one
//! [`SourceMap`] and parsed with recovery into items, `#include`s resolved on the way.
//!
//! An `#include "f.dl"` is read relative to the including file's folder, each file once
//! (later includes of a file already read are skipped). A text the caller provides with
//! [`Sources::provide`] stands for the file of that path: an include reaching it takes the
//! text instead of the disk (a knowledge base's built-in `queries/schema.dl`).
//!
//! This is where text becomes items, so a preprocessor (macros, conditionals) belongs beside
//! it, in front of the parser.

use super::ast::{Item, Query};
use super::parser::{parse_program_recovering, parse_query};
use factlog_diag::{Diagnostic, FileId, Location, Severity, SourceMap};
use std::path::{Path, PathBuf};

/// Parsed program sources, the problems found reading and parsing them, and the files read.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sources {
    /// Every file and text added, in order.
    pub map: SourceMap,
    /// The items of every source, includes expanded in place.
    pub items: Vec<Item>,
    /// Unreadable files and includes, syntax errors.
    pub errors: Vec<Diagnostic>,
    /// The files read so far (canonical where possible), so that each is read once.
    seen: Vec<PathBuf>,
    /// Texts standing for files, by path as an include reaches them.
    provided: Vec<(PathBuf, String)>,
}

impl Sources {
    /// Adds a program file, shown in diagnostics as `name`.
    pub fn add_file(&mut self, path: &Path, name: &str) {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                self.mark_seen(path);
                self.add_source(name.to_string(), text, path.parent());
            }
            Err(e) => self.errors.push(
                Diagnostic {
                    severity: Severity::Error,
                    code: "E0310",
                    message: format!("cannot read the program: {e}"),
                    location: Location::None,
                    notes: Vec::new(),
                }
                .in_file(path.display().to_string()),
            ),
        }
    }

    /// Adds program text named `name` (a path-like name makes `#include` relative to it).
    pub fn add_text(&mut self, name: &str, text: &str) {
        self.add_source(name.to_string(), text.to_string(), Path::new(name).parent());
    }

    /// Makes `text` stand for the file at `path` when an `#include` reaches it.
    pub fn provide(&mut self, path: &Path, text: &str) {
        self.provided.push((path.to_path_buf(), text.to_string()));
    }

    /// Adds a query body (`?-` and `.` optional).
    pub fn add_query(&mut self, name: &str, text: &str) {
        let file = self.map.add(name, text);
        match parse_query(text, file) {
            Ok(q) => self.items.push(Item::Query(q)),
            Err(d) => self.errors.push(d),
        }
    }

    /// Adds a source without text (for items the caller gives as values), returning its id.
    pub fn add_empty(&mut self, name: &str) -> FileId {
        self.map.add(name, "")
    }

    /// The query items added so far.
    pub fn queries(&self) -> impl Iterator<Item = &Query> {
        self.items.iter().filter_map(|i| match i {
            Item::Query(q) => Some(q),
            _ => None,
        })
    }

    /// Records `path` as read; false if it was read already.
    fn mark_seen(&mut self, path: &Path) -> bool {
        let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if self.seen.contains(&key) {
            return false;
        }
        self.seen.push(key);
        true
    }

    fn add_source(&mut self, name: String, text: String, dir: Option<&Path>) {
        // A leading byte-order mark is no part of the program (reliability finding 21).
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let file = self.map.add(name, text.clone());
        let (program, mut errors) = parse_program_recovering(&text, file);
        self.errors.append(&mut errors);
        for item in program.items {
            let Item::Include(rel, span) = &item else {
                self.items.push(item);
                continue;
            };
            let path = dir.map_or_else(|| PathBuf::from(rel), |d| d.join(rel));
            if let Some(i) = self.provided.iter().position(|(p, _)| *p == path) {
                if self.seen.contains(&path) {
                    continue;
                }
                self.seen.push(path.clone());
                let text = self.provided[i].1.clone();
                let parent = path.parent().map(Path::to_path_buf);
                self.add_source(path.display().to_string(), text, parent.as_deref());
                continue;
            }
            if !self.mark_seen(&path) {
                continue; // included already: each file is read once
            }
            match std::fs::read_to_string(&path) {
                Ok(t) => {
                    let parent = path.parent().map(Path::to_path_buf);
                    self.add_source(path.display().to_string(), t, parent.as_deref());
                }
                Err(e) => self.errors.push(Diagnostic::error(
                    "E0310",
                    format!("cannot include `{}`: {e}", path.display()),
                    *span,
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_include_reaching_a_provided_text_takes_it_once() {
        let mut s = Sources::default();
        s.provide(Path::new("kb/schema.dl"), ".decl e(x: number)\n");
        s.add_text(
            "kb/rules.dl",
            "#include \"schema.dl\"\n#include \"schema.dl\"\n.decl p(x: number)\n",
        );
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        let decls: Vec<&str> = s
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Decl(d) => Some(d.name.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(decls, ["e", "p"]);
        assert_eq!(s.map.file(FileId(1)).name, "kb/schema.dl");
    }

    #[test]
    fn a_missing_include_is_an_error_at_the_directive() {
        let mut s = Sources::default();
        s.add_text("dir/a.dl", "#include \"nowhere.dl\"\n");
        assert_eq!(s.errors.len(), 1);
        assert_eq!(s.errors[0].code, "E0310");
        assert!(matches!(s.errors[0].location, Location::Span(_)));
    }
}
