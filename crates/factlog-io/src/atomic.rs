//! Atomic file output: write a temporary file in the destination's folder, then rename it over
//! the destination, so that a reader never sees half a file and a failed write leaves the old
//! file in place.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: a temporary file in the same folder (created with the
/// permissions `File::create` would give, on Unix), flushed and synced, then renamed to
/// `path`. The folder must exist. On error the temporary file is removed and `path` is left
/// untouched.
///
/// The error is the operating system's, without the temporary file's random name (a missing
/// folder is named in it): callers say which file they were writing.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |w| w.write_all(bytes))
}

/// Writes `path` atomically as [`write_atomically`] does, from what `write` puts into a
/// buffered writer: a large output streams to the temporary file instead of being held in
/// memory first. An error from `write` leaves `path` untouched too.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".factlog-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // Errors name the destination, never the temporary file's random name.
    if !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("the folder {} does not exist", dir.display()),
        ));
    }
    let tmp = builder.tempfile_in(dir).map_err(plain)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp);
    write(&mut out).and_then(|()| out.flush())?;
    let tmp = out.into_inner().map_err(|e| plain(e.into_error()))?;
    tmp.as_file().sync_all().map_err(plain)?;
    tmp.persist(path).map_err(|e| plain(e.error))?;
    Ok(())
}

/// The operating system's error without the path `tempfile` adds to its message.
fn plain(e: std::io::Error) -> std::io::Error {
    if e.raw_os_error().is_some() {
        return e;
    }
    let kind = e.kind();
    let code = e
        .get_ref()
        .and_then(|inner| inner.source())
        .and_then(|s| s.downcast_ref::<std::io::Error>())
        .and_then(std::io::Error::raw_os_error);
    match code {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None if e.get_ref().is_some() => std::io::Error::from(kind),
        None => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_a_file_leaving_no_temporary_behind() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("graph.dot");
        write_atomically(&path, b"first").expect("first write");
        write_atomically(&path, b"second").expect("second write");
        assert_eq!(std::fs::read(&path).expect("readable"), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("listable")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("graph.dot")]);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_readable_like_a_normally_created_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("out.json");
        write_atomically(&path, b"{}").expect("write");
        let reference = dir.path().join("reference");
        std::fs::write(&reference, b"").expect("reference file");
        let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode();
        assert_eq!(mode(&path), mode(&reference));
    }

    #[test]
    fn a_failed_streamed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("r.csv");
        write_atomically(&path, b"old").expect("first write");
        let err = write_atomically_with(&path, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("stopped"))
        })
        .expect_err("the writer failed");
        assert_eq!(err.to_string(), "stopped");
        assert_eq!(std::fs::read(&path).expect("readable"), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).expect("listable").count(), 1);
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_it() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("missing").join("out.svg");
        let err = write_atomically(&path, b"x").expect_err("no such folder");
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound, "{err:?}");
        // The folder, not the temporary file's random name.
        assert!(err.to_string().contains("missing"), "{err}");
        assert!(!err.to_string().contains(".factlog-"), "{err}");
    }
}
