//! Embeds the curated knowledge base of the checkout in the binary: every `facts/**/*.json`
//! except the git-ignored `facts/extracted/` (and `queries/*.dl`, which `src/kb/schema.rs`
//! already includes), so that `factlog query` answers from any folder with the checkout gone.
//!
//! Writes `$OUT_DIR/builtin_kb.rs`: `pub static FACT_FILES: &[(&str, &str)]`, sorted by path,
//! each a name relative to the knowledge base root and the file's text (`include_str!`, so
//! that a changed file rebuilds the binary).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The folder under `facts/` that `factlog build` writes: never part of the built-in base.
const EXTRACTED: &str = "extracted";

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let facts = root.join("facts");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=facts");
    let mut files = Vec::new();
    collect(&facts, &facts, &mut files);
    files.sort();
    let mut out = String::from(
        "/// The curated fact files of the checkout this binary was built from: \
         `(path relative to the knowledge base, text)`, sorted by path.\n\
         pub static FACT_FILES: &[(&str, &str)] = &[\n",
    );
    for (name, path) in &files {
        let _ = writeln!(out, "    ({name:?}, include_str!({:?})),", path.display());
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    std::fs::write(dest.join("builtin_kb.rs"), out).expect("write builtin_kb.rs");
}

/// Every `*.json` under `dir`, skipping `facts/extracted/`; names relative to `facts`'s parent.
fn collect(facts: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if dir == facts && path.file_name().is_some_and(|n| n == EXTRACTED) {
                continue;
            }
            collect(facts, &path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            let rel = path.strip_prefix(facts).expect("under facts/");
            let name = format!("facts/{}", rel.to_string_lossy().replace('\\', "/"));
            out.push((name, path));
        }
    }
}
