//! Every relation of the store as a Soufflé `.facts` file: `<relation>.facts`, one tuple per
//! line, columns separated by tabs, rows in text order, an empty file for an empty relation.
//!
//! Soufflé's default reader splits a line at tabs and takes each field verbatim (it only drops
//! a trailing `\r`), so a value containing a tab or a line break cannot be written as is.
//! [`facts_cell`] writes those as `\t`, `\n`, `\r` and a backslash as `\\`: every tuple stays
//! on one line with its columns intact, ids, dates and vocabulary words (which never contain
//! these characters) read back unchanged, and the rare free-text value that does contain one
//! reads back with the escape sequence in it.

use super::ExportError;
use crate::kb::FactStore;
use std::path::{Path, PathBuf};

/// One field of a `.facts` line: `\` → `\\`, tab → `\t`, line feed → `\n`, carriage return
/// → `\r`; everything else verbatim.
pub fn facts_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ => out.push(c),
        }
    }
    out
}

/// The text of one relation's `.facts` file.
fn facts_text(store: &FactStore, relation: &str) -> String {
    let mut text = String::new();
    for row in store.sorted_text(relation) {
        let cells: Vec<String> = row.iter().map(|c| facts_cell(c)).collect();
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    text
}

/// Writes every base and standard derived relation of `store` as `<relation>.facts` into
/// `dir` (created if missing), the folder as a whole ([`factlog_io::replace_folder`]: written
/// beside it, then swapped in, so that a failure midway leaves the old folder as it was; a
/// folder that holds anything but `.facts` files is refused). Returns the files written,
/// sorted.
///
/// The derived files hold whatever derived tuples the store has: run
/// [`crate::rules::derive`] first to fill them.
pub fn write_facts_dir(store: &FactStore, dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let schema = store.schema();
    let mut names: Vec<String> = schema
        .ids()
        .map(|id| format!("{}.facts", schema.decl(id).name))
        .collect();
    names.sort_unstable();
    factlog_io::replace_folder(dir, "facts", &mut |tmp: &Path| {
        for name in &names {
            let relation = name.trim_end_matches(".facts");
            std::fs::write(tmp.join(name), facts_text(store, relation))
                .map_err(|e| std::io::Error::new(e.kind(), format!("{name}: {e}")))?;
        }
        Ok(())
    })
    .map_err(|e| ExportError::file(dir, e))?;
    Ok(names.iter().map(|name| dir.join(name)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::fixture::{curated, derived_store};
    use crate::kb::Schema;

    #[test]
    fn cells_escape_tabs_newlines_and_backslashes() {
        assert_eq!(facts_cell("russia"), "russia");
        assert_eq!(facts_cell("a\tb"), "a\\tb");
        assert_eq!(facts_cell("one\ntwo\r\n"), "one\\ntwo\\r\\n");
        assert_eq!(facts_cell("C:\\path"), "C:\\\\path");
        assert_eq!(facts_cell("Россия \"quoted\""), "Россия \"quoted\"");
        assert_eq!(facts_cell(""), "");
    }

    #[test]
    fn every_relation_gets_a_sorted_tab_separated_file() {
        let mut store = derived_store();
        store.insert_text("quote", &["s1", "We\tsaid:\n\"no\" \\ never"], curated());
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("facts");
        let paths = write_facts_dir(&store, &out).expect("written");

        let names: Vec<String> = paths
            .iter()
            .map(|p| {
                p.file_name()
                    .expect("a file")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        assert_eq!(names.len(), Schema::standard().len());
        assert!(names.contains(&"stance.facts".to_string()));
        assert!(names.contains(&"opposed_without_veto_commitment.facts".to_string()));

        let read = |name: &str| std::fs::read_to_string(out.join(name)).expect("readable");
        assert_eq!(
            read("stance.facts"),
            "andrei_kozyrev\tus_draft_1994_06_15\toppose\t1994-06-16\n\
             china\tus_draft_1994_06_15\toppose\t\n\
             russia\tus_draft_1994_06_15\tsupport\t1994-06-15\n"
        );
        assert_eq!(
            read("opposed_without_veto_commitment.facts"),
            "china\tus_draft_1994_06_15\nrussia\tus_draft_1994_06_15\n"
        );
        assert_eq!(
            read("reversed_stance.facts"),
            "russia\tus_draft_1994_06_15\t1994-06-15\t1994-06-16\n"
        );
        assert_eq!(
            read("quote.facts"),
            "mt_1994_06_17_s3_1\tWe will not support it.\n\
             s1\tWe\\tsaid:\\n\"no\" \\\\ never\n"
        );
        // Empty relations are empty files.
        assert_eq!(read("vetoed.facts"), "");
        for p in &paths {
            assert!(p.is_file(), "{}", p.display());
        }
    }

    #[test]
    fn writing_twice_gives_the_same_bytes() {
        let store = derived_store();
        let dir = tempfile::tempdir().expect("a temporary folder");
        let first: Vec<Vec<u8>> = write_facts_dir(&store, dir.path())
            .expect("written")
            .iter()
            .map(|p| std::fs::read(p).expect("readable"))
            .collect();
        let second: Vec<Vec<u8>> = write_facts_dir(&store, dir.path())
            .expect("written again")
            .iter()
            .map(|p| std::fs::read(p).expect("readable"))
            .collect();
        assert_eq!(first, second);
    }
}
