//! Opening input files safely: only regular files are read (a device such as `/dev/zero` or a
//! FIFO is refused instead of exhausting memory or blocking), and a whole-file read has a cap.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Opens `path` for reading if it is a regular file (after following symbolic links); any
/// other kind of file is an error of kind `InvalidInput` saying what it is.
pub fn open_regular(path: &Path) -> std::io::Result<File> {
    let file = File::open(path)?;
    let kind = file.metadata()?.file_type();
    if kind.is_file() {
        return Ok(file);
    }
    let what = if kind.is_dir() {
        "a folder"
    } else {
        "not a regular file (a device, FIFO or socket)"
    };
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("{what}: only regular files are read"),
    ))
}

/// Reads a regular file (see [`open_regular`]) as UTF-8 text of at most `limit` bytes; a
/// larger file is an error of kind `InvalidData` naming the limit.
pub fn read_text_capped(path: &Path, limit: u64) -> std::io::Result<String> {
    let file = open_regular(path)?;
    let mut text = String::new();
    file.take(limit + 1).read_to_string(&mut text)?;
    if text.len() as u64 > limit {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than the limit of {limit} bytes"),
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reliability finding 17: `/dev/zero` was read until memory ran out.
    #[cfg(unix)]
    #[test]
    fn devices_and_folders_are_refused() {
        let err = open_regular(Path::new("/dev/zero")).expect_err("a device");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let dir = tempfile::tempdir().expect("a folder");
        assert!(open_regular(dir.path()).is_err());
    }

    #[test]
    fn a_capped_read_refuses_a_larger_file() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("f.dl");
        std::fs::write(&path, "0123456789").expect("written");
        assert_eq!(read_text_capped(&path, 10).expect("fits"), "0123456789");
        let err = read_text_capped(&path, 9).expect_err("too large");
        assert!(err.to_string().contains("limit of 9 bytes"), "{err}");
    }
}
