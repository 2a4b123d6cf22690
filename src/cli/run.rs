//! `factlog run PROG.dl [-F DIR] [-D DIR|-]`: a Datalog program run the way Soufflé runs it;
//! `factlog run -` reads the program from standard input.

use super::args::{DiagnosticsFormat, RunArgs};
use super::{Outcome, emit_failure, stdout_write};
use crate::datalog::{CheckOptions, Failure, OutputTarget, RunOptions, run_program, run_text};
use crate::diag::to_json;
use crate::error::Error;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Runs `run`.
pub fn run(args: &RunArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let options = RunOptions {
        facts_dir: args.facts.clone(),
        output: if args.output == "-" {
            OutputTarget::Stdout
        } else {
            OutputTarget::Dir(PathBuf::from(&args.output))
        },
        eval: args.engine.eval_options(),
        check: CheckOptions::default(),
        provenance: args.provenance,
    };
    let result = if args.program == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Error::io("<stdin>", e))?;
        run_text("<stdin>", &text, &options)
    } else {
        run_program(&args.program, &options)
    };
    match result {
        Ok(out) => {
            stdout_write(|w| w.write_all(out.stdout.as_bytes()))?;
            Ok(Outcome::Success)
        }
        Err(failure) => {
            report(&failure, args.diagnostics, stderr);
            Err(Error::Diagnostics(failure.diagnostics))
        }
    }
}

/// Writes a failure's diagnostics as text or JSON lines.
pub(crate) fn report(failure: &Failure, format: DiagnosticsFormat, stderr: &mut dyn Write) {
    match format {
        DiagnosticsFormat::Text => emit_failure(failure, stderr),
        DiagnosticsFormat::Json => {
            for d in &failure.diagnostics {
                let _ = writeln!(stderr, "{}", to_json(d, &failure.sources));
            }
        }
    }
}
