//! The command line, as clap derive types.

use crate::query::OutputFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// factlog: a knowledge graph of what states say about proposals, with Datalog queries.
#[derive(Debug, Parser)]
#[command(name = "factlog", version, about, long_about = LONG_ABOUT, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// When to colour diagnostics: auto (when stderr is a terminal and NO_COLOR is unset),
    /// always or never.
    #[arg(
        long,
        value_enum,
        value_name = "WHEN",
        default_value = "auto",
        global = true
    )]
    pub color: ColorWhen,
}

/// When diagnostics are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// When stderr is a terminal and `NO_COLOR` is unset or empty.
    Auto,
    /// Always (`NO_COLOR` notwithstanding).
    Always,
    /// Never.
    Never,
}

/// A confidence threshold: a number from 0 to 1.
pub fn parse_confidence(text: &str) -> Result<f32, String> {
    let x: f32 = text
        .trim()
        .parse()
        .map_err(|_| format!("expected a number from 0 to 1, found {text:?}"))?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("expected a number from 0 to 1, found {text}"))
    }
}

/// A whole number, at least 1.
pub fn parse_at_least_one(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "expected a whole number, at least 1, found {text:?}"
        )),
    }
}

/// A number of worker threads: at least 1; more than the machine's cores are capped at them
/// (more would only add memory and start-up time).
pub fn parse_jobs(text: &str) -> Result<usize, String> {
    let n: usize = text
        .trim()
        .parse()
        .map_err(|_| format!("expected a whole number of threads, at least 1, found {text:?}"))?;
    if n == 0 {
        return Err("expected at least 1 thread, found 0".into());
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    Ok(n.min(cores))
}

/// The description of `factlog --help` and of the man page.
const LONG_ABOUT: &str = "\
A knowledge-graph builder with Datalog queries for what states say about proposals in \
international bodies: stances, votes, vetoes, roles and statements, curated or extracted from \
news text, each with its source.

Every command that reads a knowledge base (check, query, why, export, stats, repl, build) \
works on --kb DIR, else on the nearest folder holding a factlog.toml (the current one or a \
parent), else on the curated base built into factlog, saying so on stderr. `factlog init DIR` \
starts a knowledge base of your own; `factlog run` runs a Datalog program on .facts files and \
reads no knowledge base.

Exit status: 0 success; 1 the command ran and found nothing (no row, a fact that does not \
hold); 2 bad input, usage or I/O error. Colour: --color, and the NO_COLOR environment \
variable (https://no-color.org) for auto.";

/// The knowledge base to work on; shared by every command that reads one.
#[derive(Debug, Clone, Args)]
pub struct KbArgs {
    /// The knowledge base: a folder with `facts/` and `queries/` [default: the nearest folder
    /// with a factlog.toml, from the current one up; else the base built into factlog].
    #[arg(long, value_name = "DIR", global = true)]
    pub kb: Option<PathBuf>,
    /// A folder of article files (*.txt) the facts point into; may be repeated. Adds to the
    /// `sources` list of the knowledge base's factlog.toml.
    #[arg(long = "sources", value_name = "DIR", global = true)]
    pub sources: Vec<PathBuf>,
}

impl KbArgs {
    /// The knowledge base these arguments name: `--kb DIR`, else the nearest folder with a
    /// `factlog.toml` from the current one up, else the built-in base.
    pub fn root(&self) -> crate::kb::KbRoot {
        let cwd = std::env::current_dir().unwrap_or_default();
        crate::kb::KbRoot::locate(self.kb.as_deref(), &cwd).0
    }
}

/// Which base facts a command uses, by provenance.
#[derive(Debug, Clone, Args)]
pub struct FactFilter {
    /// Use only facts with this origin.
    #[arg(long, value_enum)]
    pub origin: Option<crate::kb::Origin>,
    /// Use only facts with at least this confidence (0 to 1).
    #[arg(long, value_name = "X", value_parser = parse_confidence, allow_hyphen_values = true)]
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

/// Which evaluator answers queries and runs programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineChoice {
    /// The crepe-compiled rules for the standard relations (while queries/stance.dl is the file
    /// they were compiled from), the runtime engine for everything else.
    Compiled,
    /// The runtime engine (semi-naive) for everything, standard relations included.
    Runtime,
    /// The naive reference evaluator for everything (slow; for differential testing).
    Naive,
}

/// How programs are evaluated.
#[derive(Debug, Clone, Args)]
pub struct EngineArgs {
    /// The evaluator.
    #[arg(long, value_enum, default_value = "compiled")]
    pub engine: EngineChoice,
    /// Stop with an error when the evaluation holds more tuples than this (at least 1).
    #[arg(long, value_name = "N", default_value_t = 100_000_000,
          value_parser = parse_at_least_one)]
    pub max_tuples: usize,
    /// Worker threads for evaluation (at least 1; capped at the machine's cores).
    #[arg(short = 'j', long = "jobs", value_name = "N", default_value = "1",
          value_parser = parse_jobs)]
    pub jobs: usize,
    /// Stop with an error when the evaluation holds more than this (the words of its tuples
    /// plus the bytes of its symbols): a number of bytes, or with a K, M or G suffix.
    #[arg(long, value_name = "SIZE", default_value = "4G", value_parser = parse_size)]
    pub max_memory: usize,
}

/// A size in bytes: digits with an optional K, M or G (powers of 1024).
fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let (digits, shift) = match t.char_indices().last() {
        Some((i, 'K' | 'k')) => (&t[..i], 10),
        Some((i, 'M' | 'm')) => (&t[..i], 20),
        Some((i, 'G' | 'g')) => (&t[..i], 30),
        _ => (t, 0),
    };
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(1usize << shift))
        .ok_or_else(|| format!("expected a size such as 512M or 4G, found `{text}`"))
}

impl EngineArgs {
    /// The runtime engine's options.
    pub fn eval_options(&self) -> crate::datalog::EvalOptions {
        crate::datalog::EvalOptions {
            engine: match self.engine {
                EngineChoice::Naive => crate::datalog::Engine::Naive,
                _ => crate::datalog::Engine::SemiNaive,
            },
            max_tuples: self.max_tuples,
            threads: self.jobs.max(1),
            max_memory: self.max_memory,
            provenance: true,
            deadline: None,
        }
    }
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticsFormat {
    /// rustc-style text.
    Text,
    /// One JSON object per diagnostic and line, with a stable code.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate the knowledge base; exit 0 when clean, 2 on errors.
    Check(CheckArgs),
    /// Answer a query (an atom or a whole body) over base, standard derived and user relations.
    Query(QueryArgs),
    /// Export the knowledge graph (DOT, SVG, JSON) or every relation as Soufflé .facts files.
    Export(ExportArgs),
    /// Count tuples per relation, base and derived, and facts per origin.
    Stats(StatsArgs),
    /// Explain why a fact holds (a proof down to the source sentences), or why it does not.
    ///
    /// The runtime engine evaluates the rules of queries/stance.dl (which name the rules of the
    /// proof) and the user's rules over the base facts; `--engine naive` uses the naive
    /// reference evaluator instead, and `compiled` means the runtime engine here.
    Why(WhyArgs),
    /// Run a Datalog program (Soufflé's core language) on .facts files.
    Run(RunArgs),
    /// An interactive session: load the knowledge base once, then type rules and `?-` queries.
    Repl(ReplArgs),
    /// Extract facts with provenance from news articles (fact documents of docs/schema.md).
    Extract(super::extract::ExtractArgs),
    /// Extract articles into the knowledge base's facts/extracted/, then check the whole base.
    Build(super::extract::BuildArgs),
    /// Score extracted facts against gold fact files: precision, recall, F1.
    Eval(super::extract::EvalArgs),
    /// A workbench in the browser: queries, proofs down to the sentence, the graph, the
    /// articles (HTTP on 127.0.0.1; the README documents the JSON API).
    Serve(super::serve::ServeArgs),
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    ///
    /// For bash: `factlog completions bash > ~/.local/share/bash-completion/completions/factlog`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff): `factlog man | man -l -`; `factlog man query` for a command.
    Man(ManArgs),
    /// Start a new knowledge base in DIR: factlog.toml, queries/, the background facts (states,
    /// the Security Council, official roles, organs), an empty facts/articles/ and a README.
    Init(super::init::InitArgs),
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
    /// The query: an atom such as `opposed_without_veto_commitment(State, Draft)`, or a whole
    /// body (`publicly_opposed(S, D), !declined_to_commit(S, D)`). Bare names are variables,
    /// `_` a wildcard, constants are quoted.
    pub query: String,
    /// A file of rules to add to those of queries/*.dl; may be repeated.
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)] // documented on the type
    pub engine: EngineArgs,
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

/// What `factlog why` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WhyFormat {
    /// An indented tree.
    Text,
    /// One JSON document (shape in the README).
    Json,
    /// A Graphviz digraph of the proof (rules as boxes, facts as ellipses, sources as notes).
    Dot,
}

/// `factlog why`.
#[derive(Debug, Args)]
pub struct WhyArgs {
    /// The atom to explain, such as
    /// `opposed_without_veto_commitment("russia", "us_draft_1994_06_15")`. With variables,
    /// every matching fact is explained, in sorted order.
    pub atom: String,
    /// A file of rules to add to those of queries/*.dl; may be repeated.
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// List every proof (at most `--limit` per fact), least height first, then in rule order.
    #[arg(long)]
    pub all: bool,
    /// Cut proofs below N rule steps (a derived fact there is shown as `…`).
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// With `--all`, the most proofs listed per fact (at least 1).
    #[arg(long, value_name = "N", default_value_t = 100, requires = "all",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
    /// The most facts the proofs show (1 to 1000000), nearest the answer first; further
    /// derived facts are shown as `…`, and a note says how many.
    #[arg(long, value_name = "N", default_value_t = 10_000,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_proof_nodes: u32,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: WhyFormat,
    #[command(flatten)]
    #[allow(missing_docs)] // documented on the type
    pub engine: EngineArgs,
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
    /// Entity hops kept around `--around` (event nodes do not add a hop; default 1); with
    /// `--why`, rule steps drawn below the fact.
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// Keep only these relations (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "REL,...")]
    pub relations: Option<Vec<String>>,
    /// Include the standard derived relations, drawn dashed.
    #[arg(long)]
    pub derived: bool,
    /// Draw the proof of this atom instead of the knowledge graph (as `factlog why`; DOT, SVG
    /// or the JSON of `why --format json`).
    #[arg(long, value_name = "ATOM", conflicts_with_all = ["around", "relations", "derived"])]
    pub why: Option<String>,
    /// With `--why`, draw every proof (at most 100 per fact).
    #[arg(long, requires = "why")]
    pub all: bool,
    /// With `--why`, a file of rules to add to those of queries/*.dl; may be repeated.
    #[arg(long = "rules", value_name = "FILE", requires = "why")]
    pub rules: Vec<PathBuf>,
    /// With `--why`, the most facts drawn (1 to 1000000), nearest the answer first; further
    /// derived facts are drawn as `…`, with a note saying how many.
    #[arg(long, value_name = "N", default_value_t = 10_000, requires = "why",
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_proof_nodes: u32,
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

/// `factlog run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The program (`.dl`); `-` reads it from standard input.
    pub program: PathBuf,
    /// The folder `.input` relations are read from (`R.facts`).
    #[arg(short = 'F', long = "facts", value_name = "DIR", default_value = ".")]
    pub facts: PathBuf,
    /// The folder `.output` relations are written to (`R.csv`); `-` prints them instead.
    #[arg(
        short = 'D',
        long = "output",
        value_name = "DIR|-",
        default_value = "."
    )]
    pub output: String,
    #[command(flatten)]
    #[allow(missing_docs)] // documented on the type
    pub engine: EngineArgs,
    /// Keep what explanations need (each tuple's derivation order and first iteration);
    /// `run` itself never asks for it, so it is off unless given.
    #[arg(long)]
    pub provenance: bool,
    /// How diagnostics are printed.
    #[arg(long, value_enum, default_value = "text")]
    pub diagnostics: DiagnosticsFormat,
}

/// `factlog repl`.
#[derive(Debug, Args)]
pub struct ReplArgs {
    /// A file of rules to load at the start; may be repeated.
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)] // documented on the type
    pub engine: EngineArgs,
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

/// `factlog completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `factlog man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command whose page to print (factlog-COMMAND(1)); the main page when absent.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}
