//! The README tells the truth: every ```` ```text ```` block that begins with `$ ` is a
//! transcript, run from an empty folder (holding a copy of `tests/readme/`, the broken
//! knowledge base one example checks) with this build's factlog first on PATH, and its output
//! must be the README's, character for character. The README names no path outside the
//! repository, and docs/schema.md documents every relation of the schema it states the
//! version of.

use crate::support::{BUILTIN_NOTE, repo};
use std::path::Path;
use std::process::{Command, Stdio};

/// One `$ command` of a transcript, what it is fed, and what the README says it prints.
#[derive(Debug)]
struct Example {
    /// The README line of the command.
    line: usize,
    command: String,
    stdin: String,
    expected: String,
}

/// The examples of the README's transcripts. In a transcript of `factlog repl`, lines after a
/// `factlog> ` or `    ...> ` prompt are typed in; the others are printed. A blank line
/// before a command only separates it from the one before.
fn examples(readme: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut lines = readme.lines().enumerate().peekable();
    while let Some((_, line)) = lines.next() {
        let indent = line.len() - line.trim_start().len();
        if line.trim_start() != "```text" {
            continue;
        }
        let mut block = Vec::new();
        for (n, l) in lines.by_ref() {
            if l.trim_start() == "```" {
                break;
            }
            block.push((n + 1, l.get(indent..).unwrap_or(l.trim_start())));
        }
        if !block.first().is_some_and(|(_, l)| l.starts_with("$ ")) {
            continue;
        }
        let first = out.len();
        for (n, l) in block {
            if let Some(cmd) = l.strip_prefix("$ ") {
                // A blank line before the next command separates the two.
                if let Some(prev) = out[first..].last_mut() {
                    if prev.expected.ends_with("\n\n") {
                        prev.expected.pop();
                    }
                }
                out.push(Example {
                    line: n,
                    command: cmd.to_string(),
                    stdin: String::new(),
                    expected: String::new(),
                });
                continue;
            }
            let ex = out.last_mut().expect("a command first");
            match l
                .strip_prefix("factlog> ")
                .or_else(|| l.strip_prefix("    ...> "))
            {
                Some(typed) => {
                    ex.stdin.push_str(typed);
                    ex.stdin.push('\n');
                }
                None => {
                    ex.expected.push_str(l);
                    ex.expected.push('\n');
                }
            }
        }
    }
    out
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("readable") {
        let p = e.expect("entry").path();
        let target = to.join(p.file_name().expect("a name"));
        if p.is_dir() {
            copy_tree(&p, &target);
        } else {
            std::fs::copy(&p, &target).expect("copy");
        }
    }
}

#[test]
fn the_readme_examples_print_what_the_readme_shows() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let examples = examples(&readme);
    assert!(
        examples.len() >= 8,
        "only {} examples found",
        examples.len()
    );
    let bin = assert_cmd::cargo::cargo_bin("factlog");
    let path = format!(
        "{}:{}",
        bin.parent().expect("a folder").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut failures = Vec::new();
    for ex in &examples {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&repo().join("tests/readme"), dir.path());
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(&ex.command)
            .current_dir(dir.path())
            .env("PATH", &path)
            .env_remove("NO_COLOR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sh runs");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("stdin");
            stdin.write_all(ex.stdin.as_bytes()).expect("feed stdin");
        }
        let out = child.wait_with_output().expect("the example ends");
        // What a terminal shows: the output, then the messages (the one note about the
        // built-in base is left out of the README's examples, as it says).
        let stderr = String::from_utf8_lossy(&out.stderr).replacen(BUILTIN_NOTE, "", 1);
        let shown = format!("{}{stderr}", String::from_utf8_lossy(&out.stdout));
        if shown != ex.expected {
            failures.push(format!(
                "README.md:{}: $ {}\n--- the README shows\n{}--- it prints\n{shown}",
                ex.line, ex.command, ex.expected
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_readme_names_no_path_outside_the_repository() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    for (n, line) in readme.lines().enumerate() {
        assert!(!line.contains("../"), "README.md:{}: {line}", n + 1);
    }
    // Every local link and picture is in the repository.
    let link = regex::Regex::new(r"\]\(([^)#:]+)\)").expect("regex");
    for cap in link.captures_iter(&readme) {
        let target = &cap[1];
        assert!(
            repo().join(target).exists(),
            "README links {target}, which is missing"
        );
    }
}

#[test]
fn docs_schema_states_the_schema_version_and_documents_every_relation() {
    let doc = std::fs::read_to_string(repo().join("docs/schema.md")).expect("docs/schema.md");
    let schema = std::fs::read_to_string(repo().join("queries/schema.dl")).expect("schema.dl");
    let stance = std::fs::read_to_string(repo().join("queries/stance.dl")).expect("stance.dl");
    let version = schema
        .lines()
        .next()
        .and_then(|l| l.rsplit("version ").next())
        .expect("schema.dl states its version");
    assert!(
        doc.lines()
            .next()
            .is_some_and(|l| l.ends_with(&format!("(schema version {version})"))),
        "docs/schema.md's title states version {version}"
    );
    let decl = regex::Regex::new(r"(?m)^\.decl (\w+)\(([^)]*)\)").expect("regex");
    for text in [&schema, &stance] {
        for cap in decl.captures_iter(text) {
            let (name, columns) = (&cap[1], &cap[2]);
            let names: Vec<&str> = columns
                .split(',')
                .filter_map(|c| c.split(':').next())
                .map(str::trim)
                .collect();
            let row = format!("| `{name}` | {} |", names.join(", "));
            assert!(doc.contains(&row), "docs/schema.md lacks the row {row}");
        }
    }
    // Its example fact file is one factlog accepts.
    let json = doc
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("an example fact file");
    let kb = crate::support::TempKb::new(&[("example.json", json)]);
    let out = kb.factlog(&["check"]).output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        crate::support::stderr(&out)
    );
}
