//! The curated knowledge base built into the binary: the fact files of the checkout it was
//! built from (`facts/**/*.json` but `facts/extracted/`, embedded by `build.rs`), with the
//! `queries/schema.dl` and `queries/stance.dl` of [`super::schema`].
//!
//! It has no `factlog.toml`, no overrides and no gazetteer of its own; its articles are not in
//! it (their text belongs to their publishers): evidence points at them by span and by the
//! `source_url` of each source.

include!(concat!(env!("OUT_DIR"), "/builtin_kb.rs"));

/// How the built-in base is named in messages.
pub const BUILTIN_NAME: &str = "the built-in knowledge base";

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn walk(dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).expect("readable") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                if !p.ends_with("facts/extracted") {
                    walk(&p, out);
                }
            } else if p.extension().is_some_and(|x| x == "json") {
                let root = Path::new(env!("CARGO_MANIFEST_DIR"));
                let rel = p.strip_prefix(root).expect("in the checkout");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }

    #[test]
    fn the_built_in_base_is_every_curated_fact_file_of_the_checkout() {
        let mut on_disk = Vec::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("facts"),
            &mut on_disk,
        );
        on_disk.sort();
        let embedded: Vec<&str> = FACT_FILES.iter().map(|(n, _)| *n).collect();
        assert_eq!(embedded, on_disk);
        for (name, text) in FACT_FILES {
            let disk = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name))
                .expect("readable");
            assert_eq!(*text, disk, "{name}");
        }
    }
}
