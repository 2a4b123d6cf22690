//! Reading article files for extraction (bytes that are not UTF-8, empty files and missing
//! headers become warnings or errors naming the file) and assembling the gazetteer from the
//! built-in one, a knowledge base's own and extra files.

use crate::article::Article;
use crate::error::Error;
use crate::extract::gazetteer::KB_GAZETTEER_FILE;
use crate::extract::{ExtractOptions, Gazetteer, GazetteerBuilder, extract};
use crate::kb::document::FactDocument;
use crate::kb::load::fact_files;
use std::path::{Path, PathBuf};

/// Why an article file could not be extracted.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// The extractor refused it.
    #[error(transparent)]
    Extract(#[from] crate::extract::ExtractError),
}

/// Reads and extracts one article file; returns its document and warnings.
pub fn extract_file(
    path: &Path,
    gazetteer: &Gazetteer,
    published: Option<&str>,
) -> Result<(FactDocument<'static>, Vec<String>), ReadError> {
    let (article, mut warnings) = read_article(path)?;
    let options = ExtractOptions {
        published: published.map(str::to_string),
    };
    let x = extract(&article, gazetteer, &options)?;
    warnings.extend(x.warnings);
    Ok((x.document, warnings))
}

/// Reads an article file (`-`: standard input, id `stdin` unless its header gives one),
/// warning about bytes that are not UTF-8.
pub fn read_article(path: &Path) -> Result<(Article, Vec<String>), std::io::Error> {
    let bytes = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)?;
        bytes
    } else {
        std::fs::read(path)?
    };
    let mut warnings = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            warnings.push(format!(
                "the file is not valid UTF-8 (first bad byte at offset {}): invalid bytes were replaced by U+FFFD",
                e.utf8_error().valid_up_to()
            ));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    let stem = match path.to_str() {
        Some("-") => "stdin",
        _ => path.file_stem().and_then(|s| s.to_str()).unwrap_or(""),
    };
    Ok((Article::parse(&text, stem), warnings))
}

/// The gazetteer: the built-in one, extended by a knowledge base (its `gazetteer.json` and
/// the countries, bodies and organizations its fact files declare) and by extra files.
pub fn gazetteer_for(kb: Option<&Path>, extra: &[PathBuf]) -> Result<Gazetteer, Error> {
    let mut b = GazetteerBuilder::new();
    if let Some(root) = kb {
        let file = root.join(KB_GAZETTEER_FILE);
        if file.is_file() {
            add_gazetteer_file(&mut b, &file)?;
        }
        let facts = root.join("facts");
        if facts.is_dir() {
            let files = fact_files(&facts).map_err(|e| Error::io(&facts, e))?;
            for f in files {
                if f.components().any(|c| c.as_os_str() == "extracted") {
                    continue;
                }
                add_fact_file(&mut b, &f);
            }
        }
    }
    for f in extra {
        add_gazetteer_file(&mut b, f)?;
    }
    b.build().map_err(|e| Error::Usage(e.to_string()))
}

fn add_gazetteer_file(b: &mut GazetteerBuilder, path: &Path) -> Result<(), Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    b.add_json(&text)
        .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))
}

/// Adds a fact file's declared entities (silently skipping files that do not parse: the
/// knowledge base's own check reports them).
pub fn add_fact_file(b: &mut GazetteerBuilder, path: &Path) {
    if let Ok(text) = std::fs::read_to_string(path) {
        if let Ok(doc) = serde_json::from_str::<FactDocument>(&text) {
            b.add_document(&doc);
        }
    }
}
