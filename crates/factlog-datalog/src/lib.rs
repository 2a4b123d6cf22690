//! factlog's runtime Datalog engine: the core of Soufflé's language, checked with rustc-style
//! diagnostics and evaluated semi-naively (with a naive reference evaluator beside it).
//!
//! The engine knows nothing of the stance domain, the graph, export or the CLI; it never prints
//! and never exits. The application reaches it as `factlog::datalog`.
//!
//! # Pipeline (one folder per phase, in this order)
//!
//! - `syntax`: text → tokens → the syntax tree of [`ast`], recovering at item boundaries;
//!   `#include`s resolved as files and texts are gathered into one source map;
//! - `check`: types, arities, declared relations, groundedness, protected heads, I/O
//!   directives; every rule alternative is lowered by `lower` (names resolved, variables
//!   numbered) and then typed and ordered into the IR (`lower::ir`);
//! - `stratify`: petgraph SCCs; negation or aggregation through recursion is an error naming
//!   the cycle. `check` and `stratify` make a [`Program`] ([`ProgramBuilder`]): plain data;
//! - `plan`: per rule and delta version, the join order and the indexes it reads;
//! - `eval`: semi-naive per stratum (datafrog's stable/recent/to_add) or naive (the reference
//!   evaluator), from [`Inputs`] to a [`Model`];
//! - `model`: the [`Model`] and the storage evaluation works on: a `relation` is flat rows of
//!   32-bit words with a deduplication `table` (narrow tuples inline in 256 hash partitions)
//!   and `index`es on bound columns; the tuples a round derives are queued unchecked and
//!   inserted at its end partition by partition (in parallel with `threads` above 1), so that
//!   deduplicating millions of them probes one cache-sized table at a time; a relation read
//!   only through its delta keeps no stable rows (its table holds them) unless provenance is
//!   asked for; `sort` orders the model (radix or in-place sorts for one or two columns);
//! - `io`: `.input` files streamed in and `.output` files streamed out (atomically) through
//!   `factlog_io`'s one delimited-text reader and writer, a program run Soufflé-style;
//! - `explain`: why and why-not, rebuilt on demand from a [`Model`].
//!
//! Values, kinds and the symbol table (`value`) are shared by every phase. No file imports
//! another that imports it back: a folder's `mod.rs` may use its files, which then never use
//! it. `benches/engine.rs` (in the application's workspace root) measures the engine against
//! crepe and datafrog.
//!
//! Where new work goes: a preprocessor (`#define`, `#ifdef`) in `syntax`, in front of the
//! parser, where `syntax::sources` already resolves `#include`; components (`.comp`, `.init`)
//! as an expansion of items between `syntax` and `check`; records and ADTs through `ast`,
//! `check` (their types), `lower::ir` and `eval::expr` (constructors, access), with their
//! values in `value`; streaming input in `io::facts`, streaming output in `io::output`; new
//! storage (packed or columnar relations, other indexes) in `model`, behind `Relation`.
//!
//! # Public API
//!
//! - [`load_file`]`(path, &CheckOptions) -> Result<Program, Failure>` and [`load_text`];
//!   [`ProgramBuilder`] to combine several files, texts, query bodies
//!   ([`ProgramBuilder::add_query`] for `factlog query 'BODY'` and a REPL), texts standing for
//!   included files ([`ProgramBuilder::provide_file`]) and input relations declared as values
//!   ([`ProgramBuilder::declare_input`]);
//! - [`Inputs::add_rows`] gives a declared relation's tuples as strings (its `.input` is then
//!   not read);
//! - [`Program::evaluate`]`(&Inputs, &EvalOptions) -> Result<Model, Failure>` with
//!   [`EvalOptions`] `{ engine: Engine::SemiNaive | Engine::Naive, max_tuples, threads, max_memory,
//!   provenance, deadline }`;
//! - [`Model`]: per relation sorted tuples as text ([`RelationView::rows`]) or typed
//!   [`Value`]s ([`RelationView::tuples`]), and [`Model::answers`] of `?-` queries;
//! - [`RelationView::iteration_of`]: the iteration that first derived a tuple (0 for inputs;
//!   every premise of the rule instance that first derived a tuple has a lower one, in both
//!   engines: the naive one numbers its passes);
//! - [`Explainer`]: proof trees rebuilt on demand from a [`Model`] and those iterations:
//!   [`Explainer::why`] (the [`Proof`] of least height, ties broken by rule order),
//!   [`Explainer::why_all`] (every proof, cut at a depth), [`Explainer::why_not`] (per rule,
//!   the first premise that fails: a [`Blocker`]);
//! - [`run_program`]`(path, &RunOptions) -> Result<RunOutput, Failure>` runs a program
//!   Soufflé-style (`-F` facts directory, `-D` output directory or [`OutputTarget::Stdout`]),
//!   writing outputs atomically; [`run_text`] the same for program text (standard input);
//! - [`parse_atom`] and [`parse_program`] for callers that read atoms or declarations
//!   themselves (the syntax tree is [`ast`]).
//!
//! ```
//! use factlog_datalog::{load_text, CheckOptions, EvalOptions, Inputs};
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
//! output not written; E0324 deadline (`EvalOptions::deadline`, checked between rounds); E0325
//! memory budget (`EvalOptions::max_memory`: tuple words plus symbol bytes).

#![deny(missing_docs)]

mod check;
mod eval;
mod explain;
mod io;
mod lower;
mod model;
mod plan;
mod program;
mod stratify;
mod syntax;
mod value;

pub use syntax::ast;

pub use check::CheckOptions;
pub use eval::inputs::Inputs;
pub use eval::setup::{Engine, EvalOptions};
pub use explain::{
    AggregateStep, Blocker, Constant, DEFAULT_MAX_PROOF_NODES, ExplainError, Explainer, Fact,
    GROUP_LIMIT, Pattern, Proof, ProofBounds, Step, WhyNot,
};
pub use io::output::OutputTarget;
pub use io::run::{RunOptions, RunOutput, run_program, run_text};
pub use lower::ir::{Column, RelationInfo};
pub use model::{Answers, Model, RelationView};
pub use program::builder::{ProgramBuilder, load_file, load_text};
pub use program::{Failure, Program};
pub use syntax::parser::{parse_atom, parse_program, parse_query};
pub use value::{Kind, Value};
