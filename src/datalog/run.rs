//! Running a whole program the way Soufflé does: read `.input`s from a facts directory (`-F`),
//! evaluate, write each `.output` as `R.csv` into an output directory (`-D`) atomically (a
//! temporary file renamed into place), or to standard output text for `IO=stdout`, `-D -`,
//! `.printsize` and `?-` queries. Nothing is printed here: the caller writes [`RunOutput::stdout`].

use super::ast::DirectiveKind;
use super::check::CheckOptions;
use super::eval::EvalOptions;
use super::inputs::Inputs;
use super::model::{Model, RelationView};
use super::program::{Failure, Program, ProgramBuilder};
use crate::diag::{Diagnostic, Location, Severity};
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

/// How to run a program.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Where `.input` files are read from (`-F`).
    pub facts_dir: PathBuf,
    /// Where `.output` relations go (`-D`).
    pub output: OutputTarget,
    /// Evaluation options.
    pub eval: EvalOptions,
    /// Checker options.
    pub check: CheckOptions,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            facts_dir: PathBuf::from("."),
            output: OutputTarget::Dir(PathBuf::from(".")),
            eval: EvalOptions::default(),
            check: CheckOptions::default(),
        }
    }
}

/// What a run produced.
#[derive(Debug)]
pub struct RunOutput {
    /// Text for standard output: `IO=stdout` outputs, `.printsize` lines and query answers.
    pub stdout: String,
    /// The files written, in directive order.
    pub written: Vec<PathBuf>,
    /// Every relation.
    pub model: Model,
}

/// Loads, checks, reads inputs, evaluates and writes outputs.
pub fn run_program(path: &Path, options: &RunOptions) -> Result<RunOutput, Failure> {
    let program = ProgramBuilder::new(options.check.clone())
        .add_file(path)
        .build()?;
    let mut inputs = Inputs::new();
    let errors = inputs.read_directives(&program, &options.facts_dir);
    if !errors.is_empty() {
        return Err(Failure {
            sources: program.sources().clone(),
            diagnostics: errors,
        });
    }
    let model = program.evaluate(&inputs, &options.eval)?;
    let (stdout, written) = write_outputs(&program, &model, &options.output)?;
    Ok(RunOutput {
        stdout,
        written,
        model,
    })
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
                        write_atomically(&path, body.as_bytes())
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

/// Writes `bytes` to `path` through a temporary file in the same directory, renamed into place.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// How an output relation is written.
struct CsvFormat {
    delimiter: String,
    rfc4180: bool,
    headers: bool,
}

impl CsvFormat {
    fn cell(&self, value: &str) -> String {
        let needs =
            value.contains(self.delimiter.as_str()) || value.contains('"') || value.contains('\n');
        if self.rfc4180 && needs {
            format!("\"{}\"", value.replace('"', "\"\""))
        } else {
            value.to_string()
        }
    }

    fn render(&self, rel: &RelationView<'_>) -> String {
        let mut out = String::new();
        if self.headers {
            let names: Vec<String> = rel.columns().iter().map(|c| self.cell(&c.name)).collect();
            out.push_str(&names.join(&self.delimiter));
            out.push('\n');
        }
        for row in rel.rows() {
            let cells: Vec<String> = row.iter().map(|c| self.cell(c)).collect();
            out.push_str(&cells.join(&self.delimiter));
            out.push('\n');
        }
        out
    }
}
