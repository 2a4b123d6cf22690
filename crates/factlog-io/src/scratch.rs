//! The temporary files and folders the atomic writers create beside a destination, and the
//! removal of those a killed process left behind.
//!
//! The temporary for `out.dot` is `.out.dot.factlog-unfinished.<pid>.<random>`: hidden, naming
//! the file it was to become, saying that it is unfinished and which process wrote it. Before
//! writing a destination, a writer removes the temporaries of that destination whose process is
//! gone (on Linux: no `/proc/<pid>`; where there is no `/proc`: older than a day). Nothing else
//! is ever removed: a name must match that pattern exactly.

use std::ffi::OsStr;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// What every temporary name holds after the destination's name.
const MARK: &str = ".factlog-unfinished.";
/// The most characters of the destination's name a temporary repeats (names have a length
/// limit, usually 255 bytes).
const NAME_CHARS: usize = 64;
/// Where processes cannot be looked up, a temporary this old is taken as abandoned.
const ABANDONED_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// `.NAME.factlog-unfinished.`: the start of every temporary of the destination `name`.
fn stem(name: &OsStr) -> String {
    let name: String = name.to_string_lossy().chars().take(NAME_CHARS).collect();
    format!(".{name}{MARK}")
}

/// The prefix of this process's temporaries for the destination `name` (a random part and no
/// suffix follow it).
pub(crate) fn prefix(name: &OsStr) -> String {
    format!("{}{}.", stem(name), std::process::id())
}

/// Removes, from `dir`, the temporaries of the destination `name` that a process which no
/// longer runs left behind (a file, or a folder and what it holds). Best effort: errors are
/// ignored, since a temporary that stays only takes room.
pub(crate) fn remove_abandoned(dir: &Path, name: &OsStr) {
    let stem = stem(name);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let proc_fs = Path::new("/proc/self").exists();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&stem)) else {
            continue;
        };
        let Some(pid) = rest.split('.').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid == std::process::id() {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        let abandoned = if proc_fs {
            !Path::new("/proc").join(pid.to_string()).exists()
        } else {
            meta.modified()
                .ok()
                .and_then(|m| SystemTime::now().duration_since(m).ok())
                .is_some_and(|age| age > ABANDONED_AFTER)
        };
        if !abandoned {
            continue;
        }
        let _ = if meta.is_dir() {
            std::fs::remove_dir_all(entry.path())
        } else {
            std::fs::remove_file(entry.path())
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_names_its_destination_and_says_it_is_unfinished() {
        let p = prefix(OsStr::new("graph.dot"));
        assert!(
            p.starts_with(".graph.dot.factlog-unfinished."),
            "{p}: hidden, named after the destination"
        );
        assert!(p.ends_with(&format!(".{}.", std::process::id())), "{p}");
        let long = "é".repeat(300);
        assert!(prefix(OsStr::new(&long)).chars().count() < 120);
    }

    #[test]
    fn only_temporaries_of_dead_processes_for_that_destination_are_removed() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let d = dir.path();
        // No process has this id (above the kernel's pid_max of 2^22).
        let dead = 4_000_000_000u32;
        let write = |name: &str| std::fs::write(d.join(name), b"x").expect("written");
        write(&format!(".out.dot.factlog-unfinished.{dead}.abc123"));
        std::fs::create_dir(d.join(format!(".out.dot.factlog-unfinished.{dead}.dir999")))
            .expect("folder");
        write(&format!(
            ".out.dot.factlog-unfinished.{}.mine00",
            std::process::id()
        ));
        write(&format!(".other.dot.factlog-unfinished.{dead}.abc123"));
        write(".out.dot.factlog-unfinished.notapid.abc");
        write("out.dot");
        remove_abandoned(d, OsStr::new("out.dot"));
        let mut left: Vec<String> = std::fs::read_dir(d)
            .expect("listable")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut want = vec![
            format!(".other.dot.factlog-unfinished.{dead}.abc123"),
            format!(".out.dot.factlog-unfinished.{}.mine00", std::process::id()),
            ".out.dot.factlog-unfinished.notapid.abc".to_string(),
            "out.dot".to_string(),
        ];
        want.sort();
        if Path::new("/proc/self").exists() {
            assert_eq!(left, want);
        }
    }
}
