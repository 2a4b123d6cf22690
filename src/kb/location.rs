//! Where a knowledge base is: a folder on disk (named by `--kb DIR`, or the nearest folder
//! holding a `factlog.toml`, from the current one up), or the curated base built into the
//! binary when there is neither.

use super::builtin::BUILTIN_NAME;
use super::config::CONFIG_FILE;
use std::path::{Path, PathBuf};

/// A knowledge base's root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KbRoot {
    /// A folder with `facts/` and `queries/` (and, optionally, `factlog.toml`).
    Folder(PathBuf),
    /// The curated base embedded at build time ([`super::builtin`]).
    BuiltIn,
}

/// How a knowledge base was found, for the one note a command prints about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// `--kb DIR` named it.
    Named,
    /// A `factlog.toml` in the current folder or one of its parents.
    Config,
    /// Neither: the built-in base.
    Default,
}

impl KbRoot {
    /// The knowledge base a command works on: `explicit` (`--kb DIR`) when given, else the
    /// nearest of `cwd` and its parents holding a `factlog.toml`, else the built-in base.
    pub fn locate(explicit: Option<&Path>, cwd: &Path) -> (KbRoot, Found) {
        if let Some(dir) = explicit {
            return (KbRoot::Folder(dir.to_path_buf()), Found::Named);
        }
        for dir in cwd.ancestors() {
            if dir.join(CONFIG_FILE).is_file() {
                // `queries/stance.dl:35:1` rather than `/home/…/queries/stance.dl:35:1` when the
                // knowledge base is the current folder.
                let root = if dir == cwd {
                    PathBuf::from(".")
                } else {
                    dir.to_path_buf()
                };
                return (KbRoot::Folder(root), Found::Config);
            }
        }
        (KbRoot::BuiltIn, Found::Default)
    }

    /// The folder, for a knowledge base on disk.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            KbRoot::Folder(p) => Some(p),
            KbRoot::BuiltIn => None,
        }
    }

    /// How the knowledge base is named in messages: its folder, or "the built-in knowledge
    /// base".
    pub fn describe(&self) -> String {
        match self {
            KbRoot::Folder(p) => p.display().to_string(),
            KbRoot::BuiltIn => BUILTIN_NAME.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_folder_wins_then_the_nearest_factlog_toml_then_the_built_in_base() {
        let dir = tempfile::tempdir().expect("temp dir");
        let kb = dir.path().join("kb");
        let deep = kb.join("facts/articles");
        std::fs::create_dir_all(&deep).expect("mkdir");
        let named = Path::new("elsewhere");
        assert_eq!(
            KbRoot::locate(Some(named), &deep),
            (KbRoot::Folder(named.into()), Found::Named)
        );
        assert_eq!(KbRoot::locate(None, &deep).1, Found::Default);
        std::fs::write(kb.join(CONFIG_FILE), "").expect("write");
        assert_eq!(
            KbRoot::locate(None, &deep),
            (KbRoot::Folder(kb.clone()), Found::Config)
        );
        assert_eq!(
            KbRoot::locate(None, &kb),
            (KbRoot::Folder(".".into()), Found::Config)
        );
    }
}
