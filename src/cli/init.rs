//! `factlog init DIR`: writes a new knowledge base (see [`crate::kb::init`]) into a folder
//! that does not exist yet or is empty, all at once: the files are written into a sibling
//! folder that is then renamed into place, so a failure leaves nothing behind.

use super::Outcome;
use crate::error::Error;
use crate::extract::gazetteer::{DEFAULT_GAZETTEER, GazetteerData};
use crate::kb::init::{EMPTY_FOLDERS, State, builtin_states, files, merge_states};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `factlog init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create (or an empty one to fill).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

/// The states a new knowledge base declares, with their names and aliases: the one list its
/// background is written from.
///
/// For now, the countries factlog already knows, merged by id: the extractor's gazetteer
/// (names, capitals, demonyms) and the built-in base's background (its curated aliases). The
/// built-in ones must stay in: the rest of the background (Security Council members) names
/// them.
pub fn member_states() -> Vec<State> {
    merge_states([gazetteer_states(), builtin_states()])
}

/// The countries of the extractor's embedded gazetteer.
fn gazetteer_states() -> Vec<State> {
    let data: GazetteerData =
        serde_json::from_str(DEFAULT_GAZETTEER).expect("invariant: the embedded gazetteer parses");
    data.countries
        .into_iter()
        .map(|c| {
            let mut aliases: Vec<String> = Vec::new();
            for a in c.names.into_iter().chain(c.capitals).chain(c.demonyms) {
                if !aliases.contains(&a) {
                    aliases.push(a);
                }
            }
            State {
                id: c.id,
                name: c.name,
                aliases,
            }
        })
        .collect()
}

/// Runs `init`.
pub fn run(args: &InitArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let dir = &args.dir;
    let empty = match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::Usage(format!(
                    "{} is not empty: expected a new folder or an empty one (nothing was written)",
                    dir.display()
                )));
            }
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) if dir.exists() => return Err(Error::io(dir, e)),
        Err(_) => false,
    };
    let states = member_states();
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kb".into());
    let staging = parent.join(format!(".{name}.factlog-init-{}", std::process::id()));
    std::fs::create_dir(&staging).map_err(|e| Error::io(&staging, e))?;
    let written = write_all(&staging, &states).and_then(|()| {
        if empty {
            std::fs::remove_dir(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::rename(&staging, dir).map_err(|e| Error::io(dir, e))
    });
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let _ = writeln!(
        stderr,
        "created a knowledge base in {} ({} states in its background); next: \
         factlog check --kb {}, then factlog build --kb {} ARTICLE.txt",
        dir.display(),
        states.len(),
        dir.display(),
        dir.display()
    );
    Ok(Outcome::Success)
}

/// Writes every file and empty folder of a new knowledge base under `root`.
fn write_all(root: &Path, states: &[State]) -> Result<(), Error> {
    for f in files(states) {
        let path = root.join(&f.path);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| Error::io(p, e))?;
        }
        std::fs::write(&path, f.text).map_err(|e| Error::io(&path, e))?;
    }
    for d in EMPTY_FOLDERS {
        let path = root.join(d);
        std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}
