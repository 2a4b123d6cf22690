//! `factlog serve`: loads the knowledge base (as every command does, through the session),
//! starts the workbench's server, prints its address and serves until interrupted.

use super::args::{EngineArgs, KbArgs};
use super::{Outcome, session, stdout_write};
use crate::error::Error;
use crate::query::runtime::{RuleFiles, StandardRules};
use crate::serve::{Limits, LoadFailure, Loaded, Loader, Options, Server};
use clap::Args;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::time::Duration;

/// `factlog serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on (0: any free port).
    #[arg(long, value_name = "N", default_value_t = 8765)]
    pub port: u16,
    /// Listen on this address instead of 127.0.0.1: anyone who can reach it can then read the
    /// knowledge base (and edit it, with --allow-edits and the page's token).
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<IpAddr>,
    /// Open the page in the default browser (xdg-open or open).
    #[arg(long)]
    pub open: bool,
    /// Let the page reject or correct extracted facts (written to facts/overrides.json).
    #[arg(long)]
    pub allow_edits: bool,
    /// The most time one request may take, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub deadline: u64,
    /// A file of rules to add to those of queries/*.dl; may be repeated.
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)] // documented on the type
    pub engine: EngineArgs,
    #[command(flatten)]
    #[allow(missing_docs)] // documented on the type
    pub kb: KbArgs,
}

/// Runs `serve`.
pub fn run(args: &ServeArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    if args.allow_edits && args.kb.root().folder().is_none() {
        return Err(Error::Usage(
            "--allow-edits writes facts/overrides.json: it needs a knowledge base folder \
             (--kb DIR, or `factlog init DIR` to start one), not the built-in base"
                .into(),
        ));
    }
    let bind = args.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    if !bind.is_loopback() {
        let _ = writeln!(
            stderr,
            "warning: listening on {bind}, not on loopback: anyone who can reach this address can read the knowledge base{}",
            if args.allow_edits {
                " (edits still need the page's per-session token)"
            } else {
                ""
            }
        );
    }
    let options = Options {
        bind,
        port: args.port,
        allow_edits: args.allow_edits,
        stop_on_interrupt: true,
        // The REPL's history file (as `factlog repl` keeps it).
        history: std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".factlog_history")),
        limits: Limits {
            max_tuples: args.engine.max_tuples,
            deadline: Duration::from_millis(args.deadline.max(1)),
            ..Limits::default()
        },
    };
    let server = Server::start(options, loader(args)).map_err(|e| match e {
        crate::serve::ServeError::Load(message) => {
            let _ = write!(stderr, "{message}");
            Error::Usage("the knowledge base could not be loaded; nothing is served".into())
        }
        other => Error::Usage(other.to_string()),
    })?;
    let _ = write!(stderr, "{}", server.load_warnings());
    let url = server.url();
    stdout_write(|out| {
        writeln!(
            out,
            "factlog serve: {url} ({}; Ctrl-C stops)",
            if args.allow_edits {
                "edits allowed"
            } else {
                "read-only"
            }
        )
    })?;
    if args.open {
        open_browser(&url, stderr);
    }
    server.wait();
    let _ = writeln!(stderr, "factlog serve: stopped");
    Ok(Outcome::Success)
}

/// Loads the knowledge base as the other commands do; what the session writes (warnings,
/// diagnostics) is kept as text.
fn loader(args: &ServeArgs) -> Loader {
    let kb: KbArgs = args.kb.clone();
    let root = kb.root();
    let engine: EngineArgs = args.engine.clone();
    let rules = args.rules.clone();
    Box::new(move || {
        let mut messages: Vec<u8> = Vec::new();
        let how = session::Derivation {
            filter: None,
            engine: Some(&engine),
            base_only: false,
        };
        let result = session::open_with(&root, &kb, &how, &mut messages);
        let text = String::from_utf8_lossy(&messages).into_owned();
        match result {
            Ok(s) => {
                let files = RuleFiles::of(&root, &rules);
                let standard =
                    session::standard_rules(engine.engine, &files, false, &mut Vec::new());
                Ok(Loaded {
                    store: s.store,
                    articles: s.articles,
                    files,
                    root: root.clone(),
                    fact_files: s.files,
                    warnings: text,
                    standard_rules: match standard {
                        StandardRules::Compiled => "compiled",
                        StandardRules::Runtime => "runtime",
                    },
                })
            }
            Err(Error::Diagnostics(_)) => Err(LoadFailure { message: text }),
            Err(other) => Err(LoadFailure {
                message: format!("{text}error: {other}\n"),
            }),
        }
    })
}

/// Opens `url` with the desktop's opener; says so when there is none.
fn open_browser(url: &str, stderr: &mut dyn Write) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        let _ = writeln!(
            stderr,
            "note: --open: `{opener}` could not be started; open {url} in a browser"
        );
    }
}
