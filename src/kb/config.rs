//! The knowledge base's own config file, `factlog.toml` at its root (optional).
//!
//! ```toml
//! # Folders of article files (*.txt), relative to the knowledge base; missing ones are skipped.
//! sources = ["../shared/corpus"]
//! ```

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The config file's name.
pub const CONFIG_FILE: &str = "factlog.toml";

/// Settings read from `factlog.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KbConfig {
    /// Folders of article files, relative to the knowledge base root.
    #[serde(default)]
    pub sources: Vec<PathBuf>,
}

impl KbConfig {
    /// Reads `root/factlog.toml`; a missing file is the default config.
    pub fn read(root: &Path) -> Result<KbConfig, String> {
        let path = root.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            // A byte-order mark some editors write is not TOML: skipped, as everywhere.
            Ok(text) => toml::from_str(text.strip_prefix('\u{feff}').unwrap_or(&text))
                .map_err(|e| format!("{CONFIG_FILE}: {e}")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(KbConfig::default()),
            Err(e) => Err(format!("{CONFIG_FILE}: {e}")),
        }
    }

    /// The source folders, resolved against the root.
    pub fn source_dirs(&self, root: &Path) -> Vec<PathBuf> {
        self.sources.iter().map(|p| root.join(p)).collect()
    }
}
