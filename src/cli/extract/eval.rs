//! `factlog eval GOLD...`: extracts each gold file's article and scores the extraction against
//! the gold (see `score`): precision, recall and F1 per measure, summed over the articles, as
//! a table or JSON. Exit 0 whatever the scores.

use super::EvalArgs;
use super::score::{Comparison, Counts, MEASURES, align, measures};
use crate::article::ArticleLibrary;
use crate::cli::Outcome;
use crate::error::Error;
use crate::extract::gazetteer::KB_GAZETTEER_FILE;
use crate::extract::{ExtractOptions, GazetteerBuilder, extract};
use crate::kb::FactStore;
use crate::kb::config::KbConfig;
use crate::kb::document::FactDocument;
use crate::kb::load::fact_files;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The scores of one article.
struct ArticleScore {
    id: String,
    measures: BTreeMap<&'static str, Comparison>,
}

/// Expands folders to their `*.json` files.
fn json_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            out.extend(fact_files(p).map_err(|e| Error::io(p, e))?);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

fn parse<'a>(path: &Path, text: &'a str) -> Result<FactDocument<'a>, Error> {
    serde_json::from_str(text)
        .map_err(|e| Error::Usage(format!("{}: not a fact document: {e}", path.display())))
}

/// Puts a document's entities and facts into a store.
fn load_into(store: &mut FactStore, doc: &FactDocument) {
    for e in &doc.entities {
        store.insert_text("entity", &[&e.id, &e.kind, &e.name], None);
    }
    for f in &doc.facts {
        let schema = store.schema();
        let Some(rel) = schema.lookup(&f.relation) else {
            continue;
        };
        if schema.decl(rel).arity() != f.args.len() {
            continue;
        }
        let args: Vec<&str> = f.args.iter().map(|a| a.as_ref()).collect();
        store.insert_text(&f.relation, &args, None);
    }
}

/// Runs `eval`.
pub fn run(a: &EvalArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let gold_paths = json_files(&a.gold)?;
    let background_paths = json_files(&a.background)?;
    let mut texts: Vec<(PathBuf, String)> = Vec::new();
    for p in gold_paths.iter().chain(&background_paths) {
        texts.push((p.clone(), read(p)?));
    }
    let mut gold_docs = Vec::new();
    let mut background = Vec::new();
    for (i, (path, text)) in texts.iter().enumerate() {
        let doc = parse(path, text)?;
        if doc.source.is_some() && i < gold_paths.len() {
            gold_docs.push((path.clone(), doc));
        } else {
            background.push(doc);
        }
    }
    // The gazetteer knows what the background declares.
    let mut builder = GazetteerBuilder::new();
    for doc in &background {
        builder.add_document(doc);
    }
    let kb_dir = a.kb.kb.clone().unwrap_or_else(|| ".".into());
    let kb_gazetteer = kb_dir.join(KB_GAZETTEER_FILE);
    if kb_gazetteer.is_file() {
        builder
            .add_json(&read(&kb_gazetteer)?)
            .map_err(|e| Error::Usage(format!("{}: {e}", kb_gazetteer.display())))?;
    }
    let gazetteer = builder.build().map_err(|e| Error::Usage(e.to_string()))?;
    let mut dirs = a.articles.clone();
    dirs.extend(a.kb.sources.iter().cloned());
    if let Ok(config) = KbConfig::read(&kb_dir) {
        dirs.extend(config.source_dirs(&kb_dir));
    }
    let library = ArticleLibrary::load(&dirs);
    let mut scores = Vec::new();
    for (path, gold) in &gold_docs {
        let Some(src) = &gold.source else { continue };
        let id = src.id.to_string();
        let Some(article) = library.get(&id) else {
            let _ = writeln!(
                stderr,
                "warning: {}: no article with id \"{id}\" in the article folders (--articles DIR): skipped",
                path.display()
            );
            continue;
        };
        let published = (!src.published.is_empty()).then(|| src.published.to_string());
        let options = ExtractOptions {
            published: article.published.clone().or(published),
        };
        let x = extract(article, &gazetteer, &options)
            .map_err(|e| Error::Usage(format!("{id}: {e}")))?;
        scores.push(score_article(&id, gold, &x.document, &background));
    }
    if a.errors {
        report_errors(&scores, stderr);
    }
    let totals: Vec<(&str, Counts)> = MEASURES
        .iter()
        .map(|m| {
            let mut c = Counts::default();
            for s in &scores {
                if let Some(cmp) = s.measures.get(m) {
                    c.add(cmp.counts());
                }
            }
            (*m, c)
        })
        .collect();
    let text = match a.format {
        super::EvalFormat::Table => table(&totals, scores.len()),
        super::EvalFormat::Json => json(&totals, &scores),
    };
    crate::cli::stdout_write(|w| w.write_all(text.as_bytes()))?;
    Ok(Outcome::Success)
}

fn score_article(
    id: &str,
    gold: &FactDocument,
    extracted: &FactDocument<'static>,
    background: &[FactDocument],
) -> ArticleScore {
    let map = align(gold, extracted);
    let mut x = extracted.clone();
    for f in &mut x.facts {
        for arg in &mut f.args {
            if let Some(g) = map.get(arg.as_ref()) {
                *arg = g.clone().into();
            }
        }
    }
    for e in &mut x.entities {
        if let Some(g) = map.get(e.id.as_ref()) {
            e.id = g.clone().into();
        }
    }
    let side = |doc: &FactDocument| {
        let mut store = FactStore::new();
        for b in background {
            load_into(&mut store, b);
        }
        load_into(&mut store, doc);
        measures(doc, &crate::rules::derive(store))
    };
    let g = side(gold);
    let e = side(&x);
    let measures = MEASURES
        .iter()
        .map(|m| {
            (
                *m,
                Comparison {
                    gold: g.get(m).cloned().unwrap_or_default(),
                    extracted: e.get(m).cloned().unwrap_or_default(),
                },
            )
        })
        .collect();
    ArticleScore {
        id: id.to_string(),
        measures,
    }
}

fn report_errors(scores: &[ArticleScore], stderr: &mut dyn Write) {
    for s in scores {
        for (m, cmp) in &s.measures {
            if m.ends_with("+date") && *m != "stance+date" {
                continue;
            }
            for t in cmp.missed() {
                let _ = writeln!(stderr, "{}\t{m}\tmissed\t{}", s.id, t.join(" "));
            }
            for t in cmp.spurious() {
                let _ = writeln!(stderr, "{}\t{m}\tspurious\t{}", s.id, t.join(" "));
            }
        }
    }
}

fn table(totals: &[(&str, Counts)], articles: usize) -> String {
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    t.set_header([
        "measure",
        "gold",
        "extracted",
        "correct",
        "precision",
        "recall",
        "F1",
    ]);
    for (m, c) in totals {
        t.add_row([
            m.to_string(),
            (c.tp + c.fn_).to_string(),
            (c.tp + c.fp).to_string(),
            c.tp.to_string(),
            format!("{:.3}", c.precision()),
            format!("{:.3}", c.recall()),
            format!("{:.3}", c.f1()),
        ]);
    }
    format!(
        "{t}\n{articles} article{} scored\n",
        if articles == 1 { "" } else { "s" }
    )
}

fn json(totals: &[(&str, Counts)], scores: &[ArticleScore]) -> String {
    let row = |m: &str, c: &Counts| {
        serde_json::json!({
            "measure": m, "gold": c.tp + c.fn_, "extracted": c.tp + c.fp, "correct": c.tp,
            "precision": round(c.precision()), "recall": round(c.recall()), "f1": round(c.f1()),
        })
    };
    let measures: Vec<_> = totals.iter().map(|(m, c)| row(m, c)).collect();
    let articles: Vec<_> = scores
        .iter()
        .map(|s| {
            let ms: Vec<_> = s
                .measures
                .iter()
                .map(|(m, c)| row(m, &c.counts()))
                .collect();
            serde_json::json!({"article": s.id, "measures": ms})
        })
        .collect();
    let v = serde_json::json!({"measures": measures, "articles": articles});
    format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
