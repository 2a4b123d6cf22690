//! factlog's runtime Datalog engine: the core of Soufflé's language, checked with rustc-style
//! diagnostics and evaluated semi-naively (with a naive reference evaluator beside it).
//!
//! The engine knows nothing of the stance domain, the graph, export or the CLI; it never prints
//! and never exits.
//!
//! # Pipeline (one module per phase)
//!
//! text → [`parser`] (→ [`ast`], recovering at item boundaries) → [`check`] (types, arities,
//! groundedness, declared relations, protected heads; → [`ir`]) → [`stratify`] (petgraph SCCs;
//! negation or aggregation through recursion is an error naming the cycle) → `plan` (per rule
//! and delta version: join order, indexes) → `eval` (semi-naive per stratum, datafrog's
//! stable/recent/to_add) or `naive` (the reference evaluator) → [`Model`] → `explain` (why and
//! why-not, on demand).
//!
//! Storage: a `relation` is flat rows of 32-bit words with a deduplication `table` (narrow
//! tuples inline in the slots) and `index`es on bound columns; the tuples a round derives are
//! queued unchecked and inserted at its end in table order, so that deduplicating millions of
//! them sweeps the table instead of missing the cache at every probe; `sort` orders the model
//! (a radix sort for one or two columns). `benches/engine.rs` measures it against crepe and
//! datafrog.
//!
//! # Public API
//!
//! - [`load_file`]`(path, &CheckOptions) -> Result<Program, Failure>` and [`load_text`];
//!   [`ProgramBuilder`] to combine several files, texts and query bodies
//!   ([`ProgramBuilder::add_query`] for `factlog query 'BODY'` and a REPL);
//! - [`Inputs::add_rows`] gives a declared relation's tuples as strings (its `.input` is then
//!   ignored); [`Inputs::read_directives`] reads the other `.input`s from a facts directory;
//! - [`Program::evaluate`]`(&Inputs, &EvalOptions) -> Result<Model, Failure>` with
//!   [`EvalOptions`] `{ engine: Engine::SemiNaive | Engine::Naive, max_tuples, threads }`;
//! - [`Model`]: per relation sorted tuples as text ([`RelationView::rows`]) or typed
//!   [`Value`]s ([`RelationView::tuples`]), and [`Model::answers`] of `?-` queries;
//! - [`RelationView::iteration_of`]: the iteration that first derived a tuple (0 for inputs;
//!   every premise of the rule instance that first derived a tuple has a lower one, in both
//!   engines: the naive one numbers its passes);
//! - [`Explainer`] (in `explain`): proof trees rebuilt on demand from a [`Model`] and those
//!   iterations: [`Explainer::why`] (the [`Proof`] of least height, ties broken by rule order),
//!   [`Explainer::why_all`] (every proof, cut at a depth), [`Explainer::why_not`] (per rule,
//!   the first premise that fails: a [`Blocker`]);
//! - [`run_program`]`(path, &RunOptions) -> Result<RunOutput, Failure>` runs a program
//!   Soufflé-style (`-F` facts directory, `-D` output directory or [`OutputTarget::Stdout`]),
//!   writing outputs atomically; [`write_outputs`] does the writing part alone.
//!
//! ```
//! use factlog::datalog::{load_text, CheckOptions, EvalOptions, Inputs};
//! let program = load_text(
//!     "tc.dl",
//!     ".decl edge(a: number, b: number)\n.decl path(a: number, b: number)\n\
//!      path(x, y) :- edge(x, y).\npath(x, z) :- path(x, y), edge(y, z).\n?- path(1, y).",
//!     &CheckOptions::default(),
//! )
//! .expect("checks");
//! let mut inputs = Inputs::new();
//! inputs.add_rows(&program, "edge", [["1", "2"], ["2", "3"]]).expect("rows fit");
//! let model = program.evaluate(&inputs, &EvalOptions::default()).expect("runs");
//! assert_eq!(model.relation("path").expect("declared").len(), 3);
//! assert_eq!(model.answers()[0].rows, vec![vec!["2"], vec!["3"]]);
//! ```
//!
//! # Language
//!
//! `.decl` with `symbol`, `number` (32-bit signed, wrapping), `unsigned` (32-bit, wrapping),
//! `float` (32-bit) and `.type` subtypes (`<:`), aliases (`=`) and unions (`A | B`; a union
//! must have one primitive kind; subtypes are checked by primitive kind only); `#include`
//! (relative to the including file, each file read once); `.input` (IO=file, filename=,
//! delimiter=, rfc4180=, headers=), `.output` (IO=file|stdout, same parameters), `.printsize`;
//! facts; rules with several heads, `;` disjunction and parentheses in bodies, negation `!`,
//! comparisons `= != < <= > >=` (symbols compare by text), arithmetic `+ - * / % ^`, literals
//! decimal, `0x` hex, `0b` binary, `12u`, `1.5`; aggregates `count`, `sum`, `min`, `max`,
//! `mean` with `{ ... }` bodies or one atom, in bodies and heads (count and sum of no match are
//! 0; min, max and mean of no match yield no row); functors `cat`, `strlen`, `substr`
//! (0-based, in characters), `to_number`, `to_string`, `to_float`, `to_unsigned`, `min`,
//! `max`, `abs`; constraints `contains(needle, haystack)` and `match(regex, text)` (a
//! full-string match with Rust's `regex` crate: no back-references or look-around, Unicode
//! classes by default, unlike Soufflé's ECMAScript `std::regex`); `?- body.` queries.
//! Not supported: components (`.comp`), records and ADTs, `eqrel`, user-defined functors,
//! `.plan`, disjunction inside aggregates.
//!
//! Division or modulo by zero on integers is a run-time error naming the rule's file:line
//! (float division follows IEEE 754); `to_number` of a non-number too.
//!
//! # Diagnostic codes
//!
//! E0001 syntax; E0301 undeclared relation; E0302 arity; E0303 type mismatch; E0304
//! ungrounded variable; E0305 not stratifiable; E0306 bad declaration (unknown or duplicate
//! type or relation); E0307 missing input file; E0308 bad value in an input file; E0309
//! protected relation in a head; E0310 unreadable program or include; E0311 bad directive
//! parameter; E0312 invalid regex; E0313 bad input rows; E0314 unknown functor or its arity;
//! E0320 division by zero; E0321 max_tuples guard; E0322 to_number of a non-number; E0323
//! output not written.

pub mod ast;
pub mod check;
mod eval;
mod exec;
mod explain;
mod expr;
mod ground;
mod index;
mod inputs;
pub mod ir;
pub mod lexer;
mod lower;
mod model;
mod naive;
mod parse_body;
pub mod parser;
mod plan;
mod program;
mod relation;
mod run;
mod sort;
pub mod stratify;
mod table;
pub mod types;
pub mod value;

pub use check::CheckOptions;
pub use eval::{Engine, EvalOptions};
pub use explain::{
    AggregateStep, Blocker, Constant, ExplainError, Explainer, Fact, GROUP_LIMIT, Pattern, Proof,
    Step, WhyNot,
};
pub use inputs::Inputs;
pub use model::{Answers, Model, RelationView};
pub use parser::{parse_atom, parse_program, parse_program_recovering, parse_query};
pub use program::{Failure, Program, ProgramBuilder, load_file, load_text};
pub use run::{OutputTarget, RunOptions, RunOutput, run_program, write_outputs};
pub use value::{Kind, Value};
