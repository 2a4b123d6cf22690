//! Which files of `facts/` are fact files, and reading one safely: the walk follows symbolic
//! links but reads each folder once (a link loop is reported once, not followed forty levels
//! deep), leaves hidden names out, and reports what it skips (a `*.json` that is not a regular
//! file, `*.JSON` in other letter cases); a read is refused for anything but a regular file and
//! capped at [`MAX_FACT_FILE_BYTES`], so that `/dev/zero` or a FIFO named `x.json` cannot
//! exhaust memory or block.

use crate::diag::{Diagnostic, Span};
use std::path::{Path, PathBuf};

/// The most bytes a fact file (or `overrides.json`) may hold: past it the file is an error
/// (E0100), not read into memory.
pub const MAX_FACT_FILE_BYTES: u64 = 256 << 20;

/// What [`walk_facts`] found: the fact files, sorted, what it skipped, and the subfolders it
/// could not read.
#[derive(Debug, Default)]
pub struct FactWalk {
    /// `*.json` regular files (or symbolic links to one), sorted by path.
    pub files: Vec<PathBuf>,
    /// What was left out, with why, sorted by path.
    pub skipped: Vec<(PathBuf, Skipped)>,
    /// Subfolders that could not be read, and why, sorted by path.
    pub unreadable: Vec<(PathBuf, std::io::Error)>,
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
        let listed = std::fs::read_dir(&d).and_then(|r| r.collect::<std::io::Result<Vec<_>>>());
        let mut entries = match listed {
            Ok(entries) => entries,
            Err(e) if d == dir => return Err(e),
            Err(e) => {
                walk.unreadable.push((d, e));
                continue;
            }
        };
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
    walk.unreadable.sort_by(|a, b| a.0.cmp(&b.0));
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
pub(super) fn skipped_warning(path: &Path, why: &Skipped, root: &Path) -> Diagnostic {
    let message = match why {
        Skipped::NotRegular(what) => {
            format!("not read: {what}, not a regular file (expected a JSON fact file)")
        }
        Skipped::FolderAgain(first) => format!(
            "not read: a link to the folder {}, already read (a symbolic link loop, or a second \
             name for one folder)",
            super::load::display(first, root)
        ),
        Skipped::ExtensionCase => "not loaded: fact files end in `.json`, in lower case (rename \
                                    it to load it)"
            .to_string(),
    };
    Diagnostic::warning("W0100", message, Span::default()).in_file(super::load::display(path, root))
}

/// The text of a fact file, read only when it is a regular file of at most
/// [`MAX_FACT_FILE_BYTES`]; the error says what it is otherwise.
pub(super) fn read_fact_file(path: &Path) -> Result<Vec<u8>, String> {
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
