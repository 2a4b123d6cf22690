//! Atomic file output: write a temporary file in the destination's folder, then rename it over
//! the destination, so that a reader never sees half a file and a failed write leaves the old
//! file in place.
//!
//! What the destination is decides how it is written ([`write_atomically`]):
//! - a regular file, or a name that does not exist yet: replaced (or created) atomically;
//! - a symbolic link: followed; the file it points to is replaced (or, for a dangling link,
//!   created) atomically and the link stays a link;
//! - a character device, a FIFO (`/dev/null`, a terminal, `/dev/stdout` on a terminal or a
//!   pipe), or the file this process's standard output or error is redirected to: written
//!   directly, in place, since there is nothing to rename over;
//! - a folder, a block device or a socket: refused, nothing is written.

use super::scratch;
use std::fs::{self, Metadata};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};

/// The most symbolic links followed to find what a dangling link points to (Linux's limit).
const MAX_LINKS: usize = 40;

/// Writes `bytes` to `path`: atomically to a regular file (a temporary file in the same folder,
/// created with the permissions `File::create` would give on Unix, flushed and synced, then
/// renamed over it; the folder must exist), through a symbolic link to the file it points to,
/// directly to a character device or FIFO; folders, block devices and sockets are refused (see
/// the module documentation). On error nothing is renamed: the old file stays, and the
/// temporary file is removed. Temporaries that killed processes left beside the destination
/// are removed first (`.NAME.factlog-unfinished.PID.RANDOM`).
///
/// The error is the operating system's, without the temporary file's random name (a missing
/// folder is named in it): callers say which file they were writing.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(path, |w| w.write_all(bytes))
}

/// Writes `path` as [`write_atomically`] does, from what `write` puts into a buffered writer:
/// a large output streams to the temporary file (or the device) instead of being held in
/// memory first. An error from `write` leaves a regular file's old content in place.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    match destination(path)? {
        Destination::Replace(target) => replace(&target, write),
        Destination::InPlace { append } => {
            let file = fs::OpenOptions::new()
                .write(true)
                .append(append)
                .open(path)?;
            let mut out = io::BufWriter::with_capacity(1 << 16, file);
            write(&mut out)?;
            out.flush()
        }
    }
}

/// How a destination is written.
#[derive(Debug, PartialEq)]
enum Destination {
    /// Atomically replaced (or created): this regular file, where a link led.
    Replace(PathBuf),
    /// Written through the path as it is, appending when it is this process's own output.
    InPlace { append: bool },
}

fn destination(path: &Path) -> io::Result<Destination> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Ok(Destination::Replace(path.to_path_buf()));
        }
        Err(e) => return Err(e),
    };
    if !meta.file_type().is_symlink() {
        return classify(path, &meta);
    }
    match fs::metadata(path) {
        Ok(target) if target.is_file() && !is_own_output(&target) => {
            Ok(Destination::Replace(fs::canonicalize(path)?))
        }
        Ok(target) => classify(path, &target),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            dangling_target(path).map(Destination::Replace)
        }
        Err(e) => Err(e),
    }
}

/// The destination, given what it is (after following links).
fn classify(path: &Path, meta: &Metadata) -> io::Result<Destination> {
    if meta.is_file() {
        return Ok(if is_own_output(meta) {
            Destination::InPlace { append: true }
        } else {
            Destination::Replace(path.to_path_buf())
        });
    }
    if meta.is_dir() {
        return Err(io::Error::new(
            ErrorKind::IsADirectory,
            "it is a folder (expected a file name)",
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_block_device() || t.is_socket() {
            let what = if t.is_socket() {
                "a socket"
            } else {
                "a block device"
            };
            return Err(io::Error::new(
                ErrorKind::Unsupported,
                format!(
                    "it is {what}: refused (factlog writes regular files, character devices and FIFOs)"
                ),
            ));
        }
    }
    Ok(Destination::InPlace { append: false })
}

/// Whether `meta` is the file this process's standard output or error writes to (`-o
/// /dev/stdout` with stdout redirected to a file): that file is appended to, never replaced,
/// so that `>>` keeps what it held.
#[cfg(unix)]
fn is_own_output(meta: &Metadata) -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let same = |fd: std::os::fd::BorrowedFd<'_>| {
        fd.try_clone_to_owned()
            .map(fs::File::from)
            .and_then(|f| f.metadata())
            .is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino())
    };
    same(io::stdout().as_fd()) || same(io::stderr().as_fd())
}

#[cfg(not(unix))]
fn is_own_output(_meta: &Metadata) -> bool {
    false
}

/// Where a chain of links ending in a missing name points.
fn dangling_target(path: &Path) -> io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&at)?;
                at = match at.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            Ok(_) => return Ok(at),
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(at),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        ErrorKind::InvalidInput,
        format!("more than {MAX_LINKS} symbolic links in a row"),
    ))
}

/// The folder a file is in (`.` for a bare name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Replaces (or creates) the regular file `path` atomically with what `write` writes.
fn replace(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let dir = folder_of(path);
    // Errors name the destination, never the temporary file's random name.
    if !dir.is_dir() {
        return Err(io::Error::new(
            ErrorKind::NotFound,
            format!("the folder {} does not exist", dir.display()),
        ));
    }
    let Some(name) = path.file_name() else {
        return Err(io::Error::new(
            ErrorKind::InvalidInput,
            "expected a file name",
        ));
    };
    scratch::remove_abandoned(dir, name);
    let mut builder = tempfile::Builder::new();
    let prefix = scratch::prefix(name);
    builder.prefix(&prefix).suffix("").rand_bytes(6);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir).map_err(plain)?;
    let mut out = io::BufWriter::with_capacity(1 << 16, tmp);
    write(&mut out).and_then(|()| out.flush())?;
    let tmp = out.into_inner().map_err(|e| plain(e.into_error()))?;
    tmp.as_file().sync_all().map_err(plain)?;
    tmp.persist(path).map_err(|e| plain(e.error))?;
    sync_folder(dir);
    Ok(())
}

/// Makes a rename in `dir` durable (best effort: not every system can sync a folder).
pub(crate) fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The operating system's error without the path `tempfile` adds to its message.
pub(crate) fn plain(e: io::Error) -> io::Error {
    if e.raw_os_error().is_some() {
        return e;
    }
    let kind = e.kind();
    let code = e
        .get_ref()
        .and_then(|inner| inner.source())
        .and_then(|s| s.downcast_ref::<io::Error>())
        .and_then(io::Error::raw_os_error);
    match code {
        Some(code) => io::Error::from_raw_os_error(code),
        None if e.get_ref().is_some() => io::Error::from(kind),
        None => e,
    }
}

#[cfg(test)]
mod tests;
