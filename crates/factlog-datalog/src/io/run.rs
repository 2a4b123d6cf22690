//! Running a whole program the way Soufflé does: read `.input`s from a facts directory (`-F`),
//! evaluate, write the outputs (see [`super::output`]). Nothing is printed here: the caller
//! writes [`RunOutput::stdout`].

use super::facts::read_inputs;
use super::output::{OutputTarget, write_outputs};
use crate::check::CheckOptions;
use crate::eval::inputs::Inputs;
use crate::eval::setup::EvalOptions;
use crate::model::Model;
use crate::program::Failure;
use crate::program::builder::ProgramBuilder;
use std::path::{Path, PathBuf};

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
    /// Whether the returned model keeps what explanations need (`--provenance`); off by
    /// default: a run only writes its outputs. Overrides `eval.provenance`.
    pub provenance: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            facts_dir: PathBuf::from("."),
            output: OutputTarget::Dir(PathBuf::from(".")),
            eval: EvalOptions::default(),
            check: CheckOptions::default(),
            provenance: false,
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
    let mut builder = ProgramBuilder::new(options.check.clone());
    builder.add_file(path);
    run_built(&mut builder, options)
}

/// [`run_program`] on program text named `name` (standard input, say); its `#include`s
/// resolve against the current folder.
pub fn run_text(name: &str, text: &str, options: &RunOptions) -> Result<RunOutput, Failure> {
    let mut builder = ProgramBuilder::new(options.check.clone());
    builder.add_text(name, text);
    run_built(&mut builder, options)
}

fn run_built(builder: &mut ProgramBuilder, options: &RunOptions) -> Result<RunOutput, Failure> {
    let program = builder.build()?;
    let mut inputs = Inputs::new();
    let errors = read_inputs(&mut inputs, &program, &options.facts_dir);
    if !errors.is_empty() {
        return Err(Failure {
            sources: program.sources().clone(),
            diagnostics: errors,
        });
    }
    drop(errors);
    let eval = EvalOptions {
        provenance: options.provenance,
        ..options.eval
    };
    let model = program.evaluate(&inputs, &eval)?;
    drop(inputs);
    let (stdout, written) = write_outputs(&program, &model, &options.output)?;
    Ok(RunOutput {
        stdout,
        written,
        model,
    })
}
