//! `factlog run PROG.dl [-F DIR] [-D DIR|-]`: a Datalog program run the way Soufflé runs it.

use super::args::{DiagnosticsFormat, RunArgs};
use super::{Outcome, stdout_write};
use crate::datalog::{CheckOptions, Failure, OutputTarget, RunOptions, run_program};
use crate::diag::to_json;
use crate::error::Error;
use std::io::Write;
use std::path::PathBuf;

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
    match run_program(&args.program, &options) {
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
        DiagnosticsFormat::Text => {
            let _ = write!(stderr, "{}", failure.render());
        }
        DiagnosticsFormat::Json => {
            for d in &failure.diagnostics {
                let _ = writeln!(stderr, "{}", to_json(d, &failure.sources));
            }
        }
    }
}
