//! Writing the outputs of an evaluated program: each `.output` as `R.csv` (or its
//! `filename=`) into the output directory (`-D`), atomically (through `factlog_io`'s writer: a
//! temporary file renamed into place), or into standard output text for `IO=stdout` and `-D -`;
//! `.printsize` lines and the answers of `?-` queries go to standard output text too. Fields
//! are separated by a tab (or `delimiter=`), quoted by the one RFC 4180 rule with
//! `rfc4180=true`, under a header line with `headers=true`.

use crate::model::{Model, RelationView};
use crate::program::{Failure, Program};
use crate::syntax::ast::DirectiveKind;
use factlog_diag::{Diagnostic, Location, Severity};
use factlog_io::{quote_field, write_atomically};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Where `.output` relations go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputTarget {
    /// Files in this directory (`-D DIR`).
    Dir(PathBuf),
    /// The standard output text (`-D -`).
    Stdout,
}

/// Creates the folder `path` is to be written into, if missing.
fn create_dir_all(path: &Path) -> std::io::Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
        _ => Ok(()),
    }
}

/// Writes the outputs of an evaluated program: files into the target directory, the rest into
/// the returned text (with the files written).
pub fn write_outputs(
    program: &Program,
    model: &Model,
    target: &OutputTarget,
) -> Result<(String, Vec<PathBuf>), Failure> {
    let mut stdout = String::new();
    let mut written = Vec::new();
    let fail = |message: String| Failure {
        sources: program.sources().clone(),
        diagnostics: vec![Diagnostic {
            severity: Severity::Error,
            code: "E0323",
            message,
            location: Location::None,
            notes: Vec::new(),
        }],
    };
    for d in program.directives() {
        let info = &program.relation_infos()[d.rel.index()];
        let Some(rel) = model.relation(&info.name) else {
            continue;
        };
        match d.kind {
            DirectiveKind::Input => {}
            DirectiveKind::PrintSize => stdout.push_str(&format!("{}\t{}\n", info.name, rel.len())),
            DirectiveKind::Output => {
                let format = CsvFormat {
                    delimiter: d.param("delimiter").unwrap_or("\t").to_string(),
                    rfc4180: d.param("rfc4180") == Some("true"),
                    headers: d.param("headers") == Some("true"),
                };
                let body = format.render(&rel);
                match (d.param("IO"), target) {
                    (Some("stdout"), _) | (_, OutputTarget::Stdout) => {
                        stdout.push_str(&format!(
                            "---------------\n{}\n===============\n{body}===============\n",
                            info.name
                        ));
                    }
                    (_, OutputTarget::Dir(dir)) => {
                        let name = d
                            .param("filename")
                            .map_or_else(|| format!("{}.csv", info.name), str::to_string);
                        let path = dir.join(name);
                        create_dir_all(&path)
                            .and_then(|()| write_atomically(&path, body.as_bytes()))
                            .map_err(|e| fail(format!("cannot write {}: {e}", path.display())))?;
                        written.push(path);
                    }
                }
            }
        }
    }
    for (i, answers) in model.answers().iter().enumerate() {
        if i > 0 {
            stdout.push('\n');
        }
        stdout.push_str(&answers.columns.join("\t"));
        stdout.push('\n');
        for row in &answers.rows {
            stdout.push_str(&row.join("\t"));
            stdout.push('\n');
        }
    }
    Ok((stdout, written))
}

/// How an output relation is written.
struct CsvFormat {
    delimiter: String,
    rfc4180: bool,
    headers: bool,
}

impl CsvFormat {
    fn cell<'v>(&self, value: &'v str) -> Cow<'v, str> {
        if self.rfc4180 {
            quote_field(value, &self.delimiter)
        } else {
            Cow::Borrowed(value)
        }
    }

    fn render(&self, rel: &RelationView<'_>) -> String {
        let mut out = String::new();
        if self.headers {
            let names: Vec<Cow<'_, str>> =
                rel.columns().iter().map(|c| self.cell(&c.name)).collect();
            out.push_str(&names.join(&self.delimiter));
            out.push('\n');
        }
        for row in rel.rows() {
            let cells: Vec<Cow<'_, str>> = row.iter().map(|c| self.cell(c)).collect();
            out.push_str(&cells.join(&self.delimiter));
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::inputs::Inputs;
    use crate::eval::setup::EvalOptions;
    use crate::program::builder::load_text;

    fn written(text: &str) -> (tempfile::TempDir, PathBuf) {
        let program = load_text("o.dl", text, &Default::default()).expect("checks");
        let model = program
            .evaluate(&Inputs::new(), &EvalOptions::default())
            .expect("runs");
        let dir = tempfile::tempdir().expect("a temporary folder");
        let target = OutputTarget::Dir(dir.path().join("out"));
        let (_, files) = write_outputs(&program, &model, &target).expect("written");
        assert_eq!(files.len(), 1);
        let file = files[0].clone();
        (dir, file)
    }

    #[test]
    fn rfc4180_outputs_quote_fields_with_the_delimiter_quotes_or_line_breaks() {
        let (_dir, file) = written(
            ".decl r(a: symbol, b: symbol)\n.output r(rfc4180=true, delimiter=\",\")\n\
             r(\"x,y\", \"plain\").\nr(\"say \\\"hi\\\"\", \"cr\\r\").\n",
        );
        let text = std::fs::read_to_string(file).expect("readable");
        assert_eq!(text, "\"say \"\"hi\"\"\",\"cr\r\"\n\"x,y\",plain\n");
    }

    #[cfg(unix)]
    #[test]
    fn an_output_file_is_readable_like_a_normally_created_one() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, file) = written(".decl r(x: number)\n.output r\nr(1).\n");
        let reference = dir.path().join("reference");
        std::fs::write(&reference, b"").expect("reference file");
        let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode();
        assert_eq!(mode(&file), mode(&reference));
        // The output folder was created, and nothing but the output is left in it.
        let names: Vec<_> = std::fs::read_dir(file.parent().expect("a folder"))
            .expect("listable")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, [std::ffi::OsString::from("r.csv")]);
    }
}
