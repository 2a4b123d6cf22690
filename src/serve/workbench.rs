//! The loaded knowledge base the server answers from, with what it computes once and keeps:
//! the evaluated program of `queries/stance.dl` that proofs are read from. A new [`Workbench`] replaces
//! the old one after an edit; requests in flight keep the one they started with.

use crate::article::ArticleLibrary;
use crate::datalog::{EvalOptions, Failure};
use crate::kb::{FactStore, KbRoot};
use crate::query::runtime::RuleFiles;
use crate::query::why::WhyProgram;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A knowledge base as the caller's loader hands it over.
pub struct Loaded {
    /// Base facts and the standard derived relations.
    pub store: FactStore,
    /// The article files at hand.
    pub articles: ArticleLibrary,
    /// The user's rule files (`queries/*.dl`).
    pub files: RuleFiles,
    /// Where the knowledge base is: a folder, or the base built into the binary.
    pub root: KbRoot,
    /// How many fact files were read.
    pub fact_files: usize,
    /// The load's warnings, rendered as the CLI renders them.
    pub warnings: String,
    /// Who derived the standard relations: `compiled` or `runtime`.
    pub standard_rules: &'static str,
}

/// A load that failed, with its diagnostics rendered as the CLI renders them.
#[derive(Clone, Debug)]
pub struct LoadFailure {
    /// The rendered diagnostics and the summary line.
    pub message: String,
}

/// Loads the knowledge base: at start, and again after each edit.
pub type Loader = Box<dyn Fn() -> Result<Loaded, LoadFailure> + Send + Sync>;

/// One loaded knowledge base and what is computed from it on demand.
pub struct Workbench {
    /// The knowledge base.
    pub kb: Loaded,
    /// Counts loads: 1 at start, one more after each edit.
    pub generation: u64,
    /// How long the load took.
    pub load_time: Duration,
    why: Mutex<Option<Arc<WhyProgram>>>,
}

impl Workbench {
    /// Wraps a loaded knowledge base.
    pub fn new(kb: Loaded, generation: u64, load_time: Duration) -> Workbench {
        Workbench {
            kb,
            generation,
            load_time,
            why: Mutex::new(None),
        }
    }

    /// The evaluated program proofs are read from, evaluating it on first use. A failed or
    /// stopped evaluation is not kept: the next request tries again.
    pub fn why_program(&self, options: &EvalOptions) -> Result<Arc<WhyProgram>, Failure> {
        let mut slot = self.why.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = slot.as_ref() {
            return Ok(Arc::clone(p));
        }
        let program = Arc::new(WhyProgram::evaluate(
            &self.kb.store,
            &self.kb.files,
            &[],
            options,
        )?);
        *slot = Some(Arc::clone(&program));
        Ok(program)
    }

    /// Whether the proofs' program has been evaluated.
    pub fn why_ready(&self) -> bool {
        self.why.lock().unwrap_or_else(|e| e.into_inner()).is_some()
    }
}
