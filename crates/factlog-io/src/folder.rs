//! A folder of outputs replaced as a whole: written into a sibling temporary folder, then
//! swapped in, so that a reader sees either the old folder or the new one, never a mix, and a
//! failure midway (an error, a kill) leaves the old folder as it was.
//!
//! On Linux the swap is one `renameat2(RENAME_EXCHANGE)`; where that is not available (other
//! systems, some file systems) it is two renames: the old folder aside, the new one in its
//! place (put back if that fails), and for the moment between them the folder's name is free.
//! The old folder is deleted only once the new one is in place.

use super::atomic::{folder_of, plain, sync_folder};
use super::scratch;
use std::fs;
use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};

/// Replaces the folder `dir` with the files `fill` writes into the (empty, temporary) folder
/// it is given: `fill` runs, every file it wrote is synced, then the temporary folder takes
/// `dir`'s place, and the old folder is deleted. A symbolic link to a folder is followed (the
/// folder it points to is replaced, the link stays); a missing `dir` is created, with its
/// parents.
///
/// Since the old folder is deleted, it may hold only regular files named `*.EXTENSION` (what an
/// earlier run wrote): anything else in it (another file, a subfolder) is an error naming it,
/// before anything is written. When `fill` or the swap fails, `dir` is left as it was and the
/// temporary folder is removed. Temporary folders that killed processes left beside `dir` are
/// removed first.
pub fn replace_folder(
    dir: &Path,
    extension: &str,
    fill: &mut dyn FnMut(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let target = match fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(dir)?,
        Ok(_) => dir.to_path_buf(),
        Err(e) if e.kind() == ErrorKind::NotFound => dir.to_path_buf(),
        Err(e) => return Err(e),
    };
    let exists = match fs::metadata(&target) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => {
            return Err(io::Error::new(
                ErrorKind::NotADirectory,
                "it is not a folder (expected a folder for the output files)",
            ));
        }
        Err(e) if e.kind() == ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    };
    if exists {
        check_replaceable(&target, extension)?;
    }
    let Some(name) = target.file_name().map(ToOwned::to_owned) else {
        return Err(io::Error::new(
            ErrorKind::InvalidInput,
            "expected a folder name (not `/`, `.` or `..`)",
        ));
    };
    let parent = folder_of(&target).to_path_buf();
    fs::create_dir_all(&parent)?;
    scratch::remove_abandoned(&parent, &name);
    let mut builder = tempfile::Builder::new();
    let prefix = scratch::prefix(&name);
    builder.prefix(&prefix).suffix("").rand_bytes(6);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // As `create_dir` would make it (the umask applies), not owner-only.
        builder.permissions(fs::Permissions::from_mode(0o777));
    }
    let tmp = builder.tempdir_in(&parent).map_err(plain)?;
    fill(tmp.path())?;
    sync_files(tmp.path())?;
    if !exists {
        let made = tmp.keep();
        return match fs::rename(&made, &target) {
            Ok(()) => {
                sync_folder(&parent);
                Ok(())
            }
            Err(e) => {
                let _ = fs::remove_dir_all(&made);
                Err(e)
            }
        };
    }
    // After the swap the temporary folder's name holds the old folder: dropping `tmp`
    // deletes it.
    swap(tmp.path(), &target, &parent, &name)?;
    sync_folder(&parent);
    drop(tmp);
    Ok(())
}

/// Refuses a folder that holds anything but regular `*.EXTENSION` files.
fn check_replaceable(dir: &Path, extension: &str) -> io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let kind = entry.file_type()?;
        let what = if kind.is_dir() {
            "a folder".to_string()
        } else if kind.is_symlink() {
            "a symbolic link".to_string()
        } else if !kind.is_file() {
            "not a regular file".to_string()
        } else if entry.path().extension().is_none_or(|e| e != extension) {
            format!("not a .{extension} file")
        } else {
            continue;
        };
        return Err(io::Error::new(
            ErrorKind::AlreadyExists,
            format!(
                "it holds {}, {what}: the folder is replaced as a whole, so it may hold only \
                 .{extension} files (give a new or empty folder)",
                entry.file_name().to_string_lossy()
            ),
        ));
    }
    Ok(())
}

/// Syncs every file directly in `dir`, then `dir` itself.
fn sync_files(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            fs::File::open(entry.path())?.sync_all()?;
        }
    }
    sync_folder(dir);
    Ok(())
}

/// Exchanges the folders `new` and `old` (the old one ends at `new`'s name).
fn swap(new: &Path, old: &Path, parent: &Path, name: &std::ffi::OsStr) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, old, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // Not supported here (file system, kernel): the two-rename way.
            Err(
                rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::OPNOTSUPP,
            ) => {}
            Err(e) => return Err(e.into()),
        }
    }
    swap_by_renames(new, old, parent, name)
}

/// [`swap`] in two renames: `old` aside, `new` in its place (`old` put back if that fails),
/// then the old folder to `new`'s name.
fn swap_by_renames(
    new: &Path,
    old: &Path,
    parent: &Path,
    name: &std::ffi::OsStr,
) -> io::Result<()> {
    let aside = aside_name(parent, name)?;
    fs::rename(old, &aside)?;
    if let Err(e) = fs::rename(new, old) {
        // Put the old folder back.
        let _ = fs::rename(&aside, old);
        return Err(e);
    }
    // The old folder, at the temporary folder's name, is deleted with it.
    fs::rename(&aside, new).or_else(|_| fs::remove_dir_all(&aside))
}

/// A free name beside `parent/name` for the old folder while the new one moves in.
fn aside_name(parent: &Path, name: &std::ffi::OsStr) -> io::Result<PathBuf> {
    let prefix = scratch::prefix(name);
    for i in 0..1000u32 {
        let candidate = parent.join(format!("{prefix}old{i}"));
        if fs::symlink_metadata(&candidate).is_err() {
            return Ok(candidate);
        }
    }
    Err(io::Error::new(
        ErrorKind::AlreadyExists,
        "no free name for the old folder",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("listable")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn write(
        files: &'static [(&'static str, &'static str)],
    ) -> impl FnMut(&Path) -> io::Result<()> {
        move |dir: &Path| {
            for (name, text) in files {
                fs::write(dir.join(name), text)?;
            }
            Ok(())
        }
    }

    #[test]
    fn a_new_folder_is_created_with_the_files() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let out = root.path().join("deep/kf");
        replace_folder(&out, "facts", &mut write(&[("a.facts", "1\n")])).expect("written");
        assert_eq!(names(&out), vec!["a.facts"]);
        assert_eq!(names(&root.path().join("deep")), vec!["kf"]);
    }

    // Reliability finding 11: the folder was replaced file by file.
    #[test]
    fn the_old_folder_is_replaced_as_a_whole() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let out = root.path().join("kf");
        replace_folder(
            &out,
            "facts",
            &mut write(&[("a.facts", "old\n"), ("b.facts", "old\n")]),
        )
        .expect("first");
        replace_folder(
            &out,
            "facts",
            &mut write(&[("a.facts", "new\n"), ("c.facts", "new\n")]),
        )
        .expect("second");
        assert_eq!(names(&out), vec!["a.facts", "c.facts"]);
        assert_eq!(fs::read_to_string(out.join("a.facts")).expect("a"), "new\n");
        assert_eq!(names(root.path()), vec!["kf"], "no temporary left");
    }

    // Reliability finding 11: an error midway left some files new and others old.
    #[test]
    fn a_failure_midway_leaves_the_old_folder_as_it_was() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let out = root.path().join("kf");
        replace_folder(
            &out,
            "facts",
            &mut write(&[("a.facts", "old\n"), ("b.facts", "old\n")]),
        )
        .expect("first");
        let err = replace_folder(&out, "facts", &mut |dir: &Path| {
            fs::write(dir.join("a.facts"), "new\n")?;
            Err(io::Error::other("disk full"))
        })
        .expect_err("fails midway");
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(names(&out), vec!["a.facts", "b.facts"]);
        assert_eq!(fs::read_to_string(out.join("a.facts")).expect("a"), "old\n");
        assert_eq!(
            names(root.path()),
            vec!["kf"],
            "the temporary folder is removed"
        );
    }

    #[test]
    fn a_folder_holding_anything_else_is_refused_before_writing() {
        let root = tempfile::tempdir().expect("a temporary folder");
        for intruder in ["notes.txt", "quote.facts/"] {
            let out = root.path().join("kf");
            let _ = fs::remove_dir_all(&out);
            fs::create_dir(&out).expect("folder");
            fs::write(out.join("a.facts"), "old\n").expect("a");
            match intruder.strip_suffix('/') {
                Some(d) => fs::create_dir(out.join(d)).expect("subfolder"),
                None => fs::write(out.join(intruder), "mine").expect("file"),
            }
            let mut called = false;
            let err = replace_folder(&out, "facts", &mut |_: &Path| {
                called = true;
                Ok(())
            })
            .expect_err("refused");
            assert!(!called, "nothing written");
            let name = intruder.trim_end_matches('/');
            assert!(err.to_string().contains(name), "{err}");
            assert!(out.join(name).exists());
            assert_eq!(fs::read_to_string(out.join("a.facts")).expect("a"), "old\n");
        }
    }

    #[test]
    fn a_file_in_the_way_is_an_error() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let out = root.path().join("kf");
        fs::write(&out, "a file").expect("file");
        replace_folder(&out, "facts", &mut write(&[])).expect_err("not a folder");
        assert_eq!(fs::read_to_string(&out).expect("kept"), "a file");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_to_a_folder_is_followed_and_kept() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let real = root.path().join("real");
        fs::create_dir(&real).expect("folder");
        fs::write(real.join("old.facts"), "x").expect("old");
        let link = root.path().join("kf");
        std::os::unix::fs::symlink("real", &link).expect("link");
        replace_folder(&link, "facts", &mut write(&[("new.facts", "y")])).expect("written");
        assert!(
            fs::symlink_metadata(&link)
                .expect("link")
                .file_type()
                .is_symlink()
        );
        assert_eq!(names(&real), vec!["new.facts"]);
        assert_eq!(names(root.path()), vec!["kf", "real"]);
    }

    #[test]
    fn the_two_rename_swap_leaves_no_temporary() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let old = root.path().join("kf");
        let new = root.path().join("new");
        fs::create_dir(&old).expect("old");
        fs::write(old.join("a.facts"), "old").expect("a");
        fs::create_dir(&new).expect("new");
        fs::write(new.join("a.facts"), "new").expect("a");
        swap_by_renames(&new, &old, root.path(), std::ffi::OsStr::new("kf")).expect("swapped");
        assert_eq!(fs::read_to_string(old.join("a.facts")).expect("a"), "new");
        assert_eq!(fs::read_to_string(new.join("a.facts")).expect("a"), "old");
        assert_eq!(names(root.path()), vec!["kf", "new"]);
    }
}
