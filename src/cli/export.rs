//! `factlog export`: the knowledge graph as DOT, SVG or JSON, or every relation as Soufflé
//! `.facts` files; to stdout or, atomically, to `-o FILE|DIR`.

use super::args::{ExportArgs, ExportFormat, Renderer};
use super::{Outcome, label, session, stdout_write};
use crate::diag::Severity;
use crate::error::Error;
use crate::export::{
    draw_graph, render_svg_with_graphviz, write_atomically, write_dot, write_facts_dir, write_json,
};
use crate::graph::{GraphOptions, KnowledgeGraph};
use std::io::Write;

/// Runs `export`.
pub fn run(args: &ExportArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    if let Some(atom) = &args.why {
        return super::why::run_export(args, atom, stderr);
    }
    let opts = GraphOptions {
        derived: args.derived,
        relations: args.relations.clone(),
    };
    if args.depth.is_some() && args.around.is_none() {
        return Err(Error::Usage(
            "--depth needs --around ID (entity hops) or --why ATOM (rule steps)".into(),
        ));
    }
    let unknown = opts.unknown_relations();
    if !unknown.is_empty() {
        return Err(Error::Usage(format!(
            "unknown relation{} in --relations: {} (expected names of queries/schema.dl or queries/stance.dl; `factlog stats` lists them)",
            if unknown.len() == 1 { "" } else { "s" },
            unknown.join(", ")
        )));
    }
    let how = session::Derivation {
        filter: Some(&args.filter),
        engine: None,
        ..Default::default()
    };
    let s = session::open_with(&args.kb.root(), &args.kb, &how, stderr)?;
    if let (Some(id), Some(kept)) = (&args.around, &args.relations) {
        // An entity of the base that the kept relations leave without an edge is not in the
        // graph: say so, rather than that the entity does not exist (reliability finding 26).
        let known = s
            .store
            .interner
            .get(id)
            .is_some_and(|sym| s.store.get("entity").iter().any(|t| t[0] == sym));
        let graph = KnowledgeGraph::build(&s.store, &opts);
        if known && graph.around(id, 0).is_none() {
            let _ = writeln!(
                stderr,
                "--around {id}: no edge of {id} is kept by --relations {}; nothing to draw (widen --relations)",
                kept.join(",")
            );
            return Ok(Outcome::NotFound);
        }
    }
    let graph = || -> Result<KnowledgeGraph, Error> {
        let graph = KnowledgeGraph::build(&s.store, &opts);
        match &args.around {
            None => Ok(graph),
            Some(id) => graph.around(id, args.depth.unwrap_or(1)).ok_or_else(|| {
                Error::Usage(format!(
                    "--around {id}: no entity with this id in the graph (expected an id such as \"russia\"; `factlog query 'entity(Id, Kind, Name)'` lists them)"
                ))
            }),
        }
    };
    let dot = |g: &KnowledgeGraph| -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        write_dot(g, &mut out).map_err(|e| Error::io("<memory>", e))?;
        Ok(out)
    };
    let bytes: Vec<u8> = match args.format {
        ExportFormat::Facts => {
            let Some(dir) = &args.output else {
                return Err(Error::Usage(
                    "--format facts writes a folder of .facts files: give it with -o DIR".into(),
                ));
            };
            let written = write_facts_dir(&s.store, dir)?;
            let _ = writeln!(
                stderr,
                "wrote {} .facts files to {}",
                written.len(),
                dir.display()
            );
            return Ok(Outcome::Success);
        }
        ExportFormat::Dot => dot(&graph()?)?,
        ExportFormat::Json => {
            let mut out = Vec::new();
            write_json(&graph()?, &mut out).map_err(|e| Error::io("<memory>", e))?;
            out
        }
        ExportFormat::Svg => match args.renderer {
            Renderer::Builtin => {
                let drawing = draw_graph(&graph()?)?;
                if drawing.is_oversized() {
                    let _ = writeln!(
                        stderr,
                        "{} the drawing is {:.0} × {:.0} px, more than a screen shows at its own \
                         size: --around ID --depth N or --relations a,b draw a part of it",
                        label(Severity::Note),
                        drawing.width,
                        drawing.height
                    );
                }
                drawing.svg.into_bytes()
            }
            Renderer::Graphviz => {
                let text = dot(&graph()?)?;
                render_svg_with_graphviz(&String::from_utf8_lossy(&text))?.into_bytes()
            }
        },
    };
    match &args.output {
        Some(path) => write_atomically(path, &bytes)?,
        None => stdout_write(|out| out.write_all(&bytes))?,
    }
    Ok(Outcome::Success)
}
