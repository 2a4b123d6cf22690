//! `factlog serve`: a local workbench in the browser. An HTTP/1.1 server (hyper on a
//! single-threaded tokio runtime; the knowledge-base work on a small pool of blocking threads)
//! that serves one page, its embedded assets and a JSON API over a loaded knowledge base:
//! queries, proofs, neighbourhoods, articles with their facts, and, when edits are allowed,
//! rejections and corrections of extracted facts written to `facts/overrides.json`.
//!
//! Owns the HTTP layer ([`http`]), the request guards ([`guard`]: Host and Origin, the edit
//! token, security headers), the loaded state ([`workbench`]), the API ([`api`]) and the
//! embedded assets ([`assets`]). Loading the knowledge base is the caller's: it hands a
//! [`Loader`] (the CLI's session code) that is called at start and after each edit. Nothing
//! here prints; the server reports through return values.

pub mod api;
pub mod assets;
pub mod guard;
pub mod http;
pub mod workbench;

pub use http::Server;
pub use workbench::{LoadFailure, Loaded, Loader};

use std::net::IpAddr;
use std::time::Duration;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// The address to listen on (loopback unless the user asked otherwise).
    pub bind: IpAddr,
    /// The port (0: any free one).
    pub port: u16,
    /// Whether curation requests may write `facts/overrides.json`.
    pub allow_edits: bool,
    /// Stop when the process gets an interrupt (Ctrl-C).
    pub stop_on_interrupt: bool,
    /// The REPL's history file, whose queries the page offers beside its own.
    pub history: Option<std::path::PathBuf>,
    /// Bounds on every request.
    pub limits: Limits,
}

/// Bounds on each request: time, tuples, and the size of what comes in and goes out.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The most tuples an evaluation may hold.
    pub max_tuples: usize,
    /// How long a request may take from its headers to its answer.
    pub deadline: Duration,
    /// How long a client may take to send its request headers, and then its body.
    pub read_timeout: Duration,
    /// The largest request body, in bytes.
    pub max_body: usize,
    /// The longest query or atom text, in bytes.
    pub max_query: usize,
    /// The most rows of answers in one page.
    pub max_rows: usize,
    /// The most graph nodes in one neighbourhood view.
    pub max_nodes: usize,
    /// The largest answer, in bytes.
    pub max_response: usize,
    /// The most connections served at once (more are refused).
    pub max_connections: usize,
    /// The most requests computing at once (more wait, within their deadline).
    pub workers: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_tuples: 10_000_000,
            deadline: Duration::from_secs(10),
            read_timeout: Duration::from_secs(10),
            max_body: 64 * 1024,
            max_query: 16 * 1024,
            max_rows: 1000,
            max_nodes: 400,
            max_response: 16 * 1024 * 1024,
            max_connections: 64,
            workers: 2,
        }
    }
}

/// Why the server could not start or run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// What failed.
        source: std::io::Error,
    },
    /// The knowledge base could not be loaded (the diagnostics, rendered).
    #[error("{0}")]
    Load(String),
    /// The runtime or its thread could not be started.
    #[error("cannot start the server: {0}")]
    Start(std::io::Error),
}
