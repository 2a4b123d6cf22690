//! `factlog why` and `factlog export --why`: load the base facts, evaluate the standard rules
//! of `queries/stance.dl` and the user's rules with the runtime engine, and explain an atom as
//! a text tree, JSON or a Graphviz drawing (DOT, SVG). Exit 1 when the atom does not hold.

use super::args::{ExportArgs, ExportFormat, FactFilter, KbArgs, Renderer, WhyArgs, WhyFormat};
use super::{Outcome, emit, session, stdout_write};
use crate::datalog::{EvalOptions, Failure, parse_atom};
use crate::diag::SourceMap;
use crate::error::Error;
use crate::export::{
    proof_dot_string, render_proof_svg, render_svg_with_graphviz, write_atomically, write_proof_dot,
};
use crate::query::quote_warnings;
use crate::query::runtime::RuleFiles;
use crate::query::why::{Explanation, WhyProgram, WhyRequest, write_json, write_text};
use std::io::Write;
use std::path::PathBuf;

/// Runs `why`.
pub fn run(args: &WhyArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let request = WhyRequest {
        all: args.all,
        depth: args.depth,
        limit: args.limit as usize,
    };
    let ex = explain(
        &args.kb,
        &args.filter,
        &args.rules,
        &args.engine.eval_options(),
        &args.atom,
        &request,
        stderr,
    )?;
    stdout_write(|out| match args.format {
        WhyFormat::Text => write_text(&ex, out),
        WhyFormat::Json => write_json(&ex, out),
        WhyFormat::Dot => write_proof_dot(&ex, out),
    })?;
    Ok(outcome(&ex))
}

/// Runs `export --why ATOM`.
pub fn run_export(args: &ExportArgs, atom: &str, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let request = WhyRequest {
        all: args.all,
        depth: args.depth,
        ..WhyRequest::default()
    };
    let ex = explain(
        &args.kb,
        &args.filter,
        &args.rules,
        &EvalOptions::default(),
        atom,
        &request,
        stderr,
    )?;
    let bytes = match args.format {
        ExportFormat::Dot => proof_dot_string(&ex).into_bytes(),
        ExportFormat::Json => {
            let mut out = Vec::new();
            write_json(&ex, &mut out).map_err(|e| Error::io("<memory>", e))?;
            out
        }
        ExportFormat::Svg => match args.renderer {
            Renderer::Builtin => render_proof_svg(&ex)?.into_bytes(),
            Renderer::Graphviz => render_svg_with_graphviz(&proof_dot_string(&ex))?.into_bytes(),
        },
        ExportFormat::Facts => {
            return Err(Error::Usage(
                "--why draws a proof: use --format dot, svg or json".into(),
            ));
        }
    };
    match &args.output {
        Some(path) => write_atomically(path, &bytes)?,
        None => stdout_write(|out| out.write_all(&bytes))?,
    }
    Ok(outcome(&ex))
}

fn outcome(ex: &Explanation) -> Outcome {
    if ex.holds() {
        Outcome::Success
    } else {
        Outcome::NotFound
    }
}

/// Loads the base facts that pass `filter`, evaluates the program and explains `atom`;
/// diagnostics are rendered to `stderr`.
fn explain(
    kb: &KbArgs,
    filter: &FactFilter,
    rules: &[PathBuf],
    options: &EvalOptions,
    atom: &str,
    request: &WhyRequest,
    stderr: &mut dyn Write,
) -> Result<Explanation, Error> {
    let root = kb.root();
    let files = RuleFiles::of(&root, rules);
    let how = session::Derivation {
        filter: Some(filter),
        engine: None,
        base_only: true,
    };
    let s = session::open_with(&root, kb, &how, stderr)?;
    // A variable named like an entity id was probably meant as a constant.
    let mut sources = SourceMap::new();
    let file = sources.add("<atom>", atom.to_string());
    if let Ok(parsed) = parse_atom(atom, file) {
        emit(&quote_warnings(&s.store, &parsed), &sources, stderr);
    }
    let failed = |f: Failure, stderr: &mut dyn Write| {
        super::emit_failure(&f, stderr);
        Error::Diagnostics(f.diagnostics)
    };
    let program =
        WhyProgram::evaluate(&s.store, &files, &[], options).map_err(|f| failed(f, stderr))?;
    let explainer = program.explainer();
    program
        .explain(&explainer, &s.store, &s.articles, atom, request)
        .map_err(|f| failed(f, stderr))
}
