//! Writing the outputs of an evaluated program: each `.output` as `R.csv` (or its
//! `filename=`) into the output directory (`-D`), atomically (through `factlog_io`'s writer: a
//! temporary file renamed into place), or into standard output text for `IO=stdout` and `-D -`;
//! `.printsize` lines and the answers of `?-` queries go to standard output text too. Fields
//! are separated by a tab (or `delimiter=`), quoted by the one RFC 4180 rule with
//! `rfc4180=true`, under a header line with `headers=true`.

use crate::model::{Model, RelationView};
use crate::program::{Failure, Program};
use crate::syntax::ast::DirectiveKind;
use crate::value::Kind;
use factlog_diag::{Diagnostic, Location, Severity};
use factlog_io::{push_quoted, quote_field, write_atomically_with};
use std::io::Write;
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
///
/// A file is written as the sorted relation is walked, through a buffered writer: no string
/// per tuple is made, numbers are formatted by `itoa`, symbols copied from the symbol table.
pub fn write_outputs(
    program: &Program,
    model: &Model,
    target: &OutputTarget,
) -> Result<(String, Vec<PathBuf>), Failure> {
    let mut stdout: Vec<u8> = Vec::new();
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
            DirectiveKind::PrintSize => {
                stdout.extend_from_slice(format!("{}\t{}\n", info.name, rel.len()).as_bytes());
            }
            DirectiveKind::Output => {
                let format =
                    CsvFormat::of(d.param("delimiter"), d.param("rfc4180"), d.param("headers"));
                match (d.param("IO"), target) {
                    (Some("stdout"), _) | (_, OutputTarget::Stdout) => {
                        stdout.extend_from_slice(
                            format!("---------------\n{}\n===============\n", info.name).as_bytes(),
                        );
                        format
                            .write(&rel, model, &mut stdout)
                            .map_err(|e| fail(format!("cannot write {}: {e}", info.name)))?;
                        stdout.extend_from_slice(b"===============\n");
                    }
                    (_, OutputTarget::Dir(dir)) => {
                        let name = d
                            .param("filename")
                            .map_or_else(|| format!("{}.csv", info.name), str::to_string);
                        let path = dir.join(name);
                        create_dir_all(&path)
                            .and_then(|()| {
                                write_atomically_with(&path, |w| format.write(&rel, model, w))
                            })
                            .map_err(|e| fail(format!("cannot write {}: {e}", path.display())))?;
                        written.push(path);
                    }
                }
            }
        }
    }
    let mut stdout = String::from_utf8(stdout)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
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
    /// The format of an `.output` directive's parameters: tab-separated unless `delimiter=`
    /// says otherwise, except that `rfc4180=true` alone means commas, as in Soufflé.
    fn of(delimiter: Option<&str>, rfc4180: Option<&str>, headers: Option<&str>) -> CsvFormat {
        let rfc4180 = rfc4180 == Some("true");
        CsvFormat {
            delimiter: delimiter
                .unwrap_or(if rfc4180 { "," } else { "\t" })
                .to_string(),
            rfc4180,
            headers: headers == Some("true"),
        }
    }

    fn cell(&self, w: &mut dyn Write, value: &str) -> std::io::Result<()> {
        if self.rfc4180 {
            w.write_all(quote_field(value, &self.delimiter).as_bytes())
        } else {
            w.write_all(value.as_bytes())
        }
    }

    /// Writes the relation's tuples in sorted order (a nullary relation that holds its tuple
    /// as `()`, as Soufflé writes it).
    fn write(
        &self,
        rel: &RelationView<'_>,
        model: &Model,
        w: &mut dyn Write,
    ) -> std::io::Result<()> {
        let columns = rel.columns();
        if self.headers {
            for (i, c) in columns.iter().enumerate() {
                if i > 0 {
                    w.write_all(self.delimiter.as_bytes())?;
                }
                self.cell(w, &c.name)?;
            }
            w.write_all(b"\n")?;
        }
        if columns.is_empty() {
            if !rel.is_empty() {
                w.write_all(b"()\n")?;
            }
            return Ok(());
        }
        let symbols = model.symbols();
        let kinds: Vec<Kind> = columns.iter().map(|c| c.kind).collect();
        let mut numbers = itoa::Buffer::new();
        let mut line: Vec<u8> = Vec::with_capacity(64);
        for row in rel.sorted_words().chunks_exact(kinds.len()) {
            line.clear();
            for (i, (&word, &kind)) in row.iter().zip(&kinds).enumerate() {
                if i > 0 {
                    line.extend_from_slice(self.delimiter.as_bytes());
                }
                match kind {
                    Kind::Number => line.extend_from_slice(numbers.format(word as i32).as_bytes()),
                    Kind::Unsigned => line.extend_from_slice(numbers.format(word).as_bytes()),
                    Kind::Float => write!(line, "{}", f32::from_bits(word))?,
                    // Soufflé quotes every symbol field of an RFC 4180 output.
                    Kind::Symbol if self.rfc4180 => push_quoted(&mut line, symbols.resolve(word)),
                    Kind::Symbol => line.extend_from_slice(symbols.resolve(word).as_bytes()),
                }
            }
            line.push(b'\n');
            w.write_all(&line)?;
        }
        Ok(())
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

    /// Soufflé gap B11: `rfc4180=true` writes commas and quotes every symbol field (numbers
    /// as they are), doubling quotes.
    #[test]
    fn rfc4180_outputs_quote_every_symbol_field_with_commas_by_default() {
        let (_dir, file) = written(
            ".decl r(a: symbol, b: symbol, n: number)\n.output r(rfc4180=true)\n\
             r(\"x,y\", \"plain\", 1).\nr(\"say \\\"hi\\\"\", \"cr\\r\", -2).\n",
        );
        let text = std::fs::read_to_string(file).expect("readable");
        assert_eq!(
            text,
            "\"say \"\"hi\"\"\",\"cr\r\",-2\n\"x,y\",\"plain\",1\n"
        );
    }

    /// Soufflé gap B4: a true nullary relation is written as `()`, a false one as nothing.
    #[test]
    fn a_true_nullary_relation_is_written_as_parentheses() {
        let (_dir, file) = written(".decl r()\n.output r\nr().\n");
        assert_eq!(std::fs::read_to_string(file).expect("readable"), "()\n");
        let (_dir, file) = written(".decl r()\n.decl s()\n.output r\nr() :- s().\n");
        assert_eq!(std::fs::read_to_string(file).expect("readable"), "");
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
