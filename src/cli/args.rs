//! The command line, as clap derive types.

use crate::query::OutputFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// factlog: a knowledge graph of what states say about proposals, with Datalog queries.
#[derive(Debug, Parser)]
#[command(name = "factlog", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The knowledge base to work on; shared by every command that reads one.
#[derive(Debug, Clone, Args)]
pub struct KbArgs {
    /// The knowledge base: a folder with `facts/` and `queries/`.
    #[arg(long, value_name = "DIR", default_value = ".", global = true)]
    pub kb: PathBuf,
    /// A folder of article files (*.txt) the facts point into; may be repeated. Adds to the
    /// `sources` list of the knowledge base's factlog.toml.
    #[arg(long = "sources", value_name = "DIR", global = true)]
    pub sources: Vec<PathBuf>,
}

/// Which base facts a command uses, by provenance.
#[derive(Debug, Clone, Args)]
pub struct FactFilter {
    /// Use only facts with this origin.
    #[arg(long, value_enum)]
    pub origin: Option<crate::kb::Origin>,
    /// Use only facts with at least this confidence (0 to 1).
    #[arg(long, value_name = "X")]
    pub min_confidence: Option<f32>,
}

impl FactFilter {
    /// Whether the filter keeps every fact.
    pub fn is_empty(&self) -> bool {
        self.origin.is_none() && self.min_confidence.is_none()
    }

    /// Whether a piece of provenance passes the filter.
    pub fn keeps(&self, p: &crate::kb::Provenance) -> bool {
        self.origin.is_none_or(|o| p.origin == o)
            && self.min_confidence.is_none_or(|c| p.confidence >= c)
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate the knowledge base; exit 0 when clean, 2 on errors.
    Check(CheckArgs),
    /// Answer a query atom over base and standard derived relations.
    Query(QueryArgs),
    /// Export the knowledge graph (DOT, SVG, JSON) or every relation as Soufflé .facts files.
    Export(ExportArgs),
    /// Count tuples per relation, base and derived, and facts per origin.
    Stats(StatsArgs),
    /// Extract facts with provenance from news articles (SCHEMA.md documents).
    Extract(super::extract::ExtractArgs),
    /// Extract articles into the knowledge base's facts/extracted/, then check the whole base.
    Build(super::extract::BuildArgs),
    /// Score extracted facts against gold fact files: precision, recall, F1.
    Eval(super::extract::EvalArgs),
}

/// `factlog check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    #[allow(missing_docs)] // documented on the type
    pub kb: KbArgs,
}

/// `factlog query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query, e.g. `opposed_without_veto_commitment(State, Draft)` or
    /// `holds_role(P, "foreign_minister", "russia", D)`. Bare names are variables, `_` a
    /// wildcard, constants are quoted.
    pub query: String,
    /// Output format [default: table on a terminal, tsv when piped].
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// Add the evidence of each base fact: origin, source, span and, where the article file is
    /// at hand (`--sources`), the sentence (one row per piece of evidence).
    #[arg(long)]
    pub evidence: bool,
    #[command(flatten)]
    #[allow(missing_docs)] // documented on the type
    pub filter: FactFilter,
    #[command(flatten)]
    #[allow(missing_docs)] // documented on the type
    pub kb: KbArgs,
}

/// What `factlog export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Graphviz DOT.
    Dot,
    /// SVG, laid out in-process (or by Graphviz with `--renderer graphviz`).
    Svg,
    /// Nodes and edges as JSON.
    Json,
    /// Every base and standard derived relation as Soufflé `.facts` files in a folder.
    Facts,
}

/// Who lays out SVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Renderer {
    /// factlog's own, in-process (no Graphviz needed).
    Builtin,
    /// Graphviz `dot`, which must be on PATH.
    Graphviz,
}

/// `factlog export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write.
    #[arg(long, value_enum, default_value = "dot")]
    pub format: ExportFormat,
    /// Keep only the neighbourhood of this entity id.
    #[arg(long, value_name = "ID")]
    pub around: Option<String>,
    /// Entity hops kept around `--around` (event nodes do not add a hop).
    #[arg(long, value_name = "N", default_value_t = 1, requires = "around")]
    pub depth: usize,
    /// Keep only these relations (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "REL,...")]
    pub relations: Option<Vec<String>>,
    /// Include the standard derived relations, drawn dashed.
    #[arg(long)]
    pub derived: bool,
    /// Who lays out SVG.
    #[arg(long, value_enum, default_value = "builtin")]
    pub renderer: Renderer,
    /// Output file (a folder for `--format facts`); stdout when absent.
    #[arg(short = 'o', long = "output", value_name = "FILE|DIR")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)] // documented on the type
    pub filter: FactFilter,
    #[command(flatten)]
    #[allow(missing_docs)] // documented on the type
    pub kb: KbArgs,
}

/// `factlog stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format [default: table on a terminal, tsv when piped].
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    #[command(flatten)]
    #[allow(missing_docs)] // documented on the type
    pub kb: KbArgs,
}
