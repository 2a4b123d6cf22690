//! Evaluation: a [`Program`] on [`Inputs`] to a [`Model`], by the semi-naive engine
//! ([`semi_naive`], the default) or the naive reference evaluator ([`naive`]), which the tests
//! hold to the same answers.
//!
//! Owns what both engines share: linking rules to the symbol table, loading the inputs and
//! the program's facts, the tuple guard, and locating run-time faults at their rule. The
//! expressions both engines compute are [`expr`]'s; the join loops of a plan are [`exec`]'s.

pub(crate) mod exec;
pub(crate) mod expr;
pub(crate) mod inputs;
mod naive;
mod semi_naive;
pub(crate) mod setup;

use crate::model::Model;
use crate::program::{Failure, Program};
use expr::Fault;
use factlog_diag::{Diagnostic, Location, Severity};
use inputs::Inputs;
use setup::{Engine, EvalError, EvalOptions, Evaluated, setup, total};

impl Program {
    /// Evaluates the program on `inputs` with the engine `options` choose; a run-time fault
    /// (division by zero, `to_number` of a non-number) is a diagnostic at its rule, the tuple
    /// guard one naming its limit.
    pub fn evaluate(&self, inputs: &Inputs, options: &EvalOptions) -> Result<Model, Failure> {
        match evaluate(self, inputs, options) {
            Ok(done) => Ok(Model::new(
                self,
                done.relations,
                done.symbols,
                options.provenance,
            )),
            Err(e) => Err(Failure {
                sources: self.sources.clone(),
                diagnostics: vec![self.eval_diagnostic(e)],
            }),
        }
    }

    fn eval_diagnostic(&self, e: EvalError) -> Diagnostic {
        let none = |code, message: String| Diagnostic {
            severity: Severity::Error,
            code,
            message,
            location: Location::None,
            notes: Vec::new(),
        };
        match e {
            EvalError::TooManyTuples { limit } => none(
                "E0321",
                format!("the evaluation was stopped at {limit} tuples by the max_tuples guard"),
            )
            .with_note(
                "raise the limit (--max-tuples) if the program is meant to derive this many",
            ),
            EvalError::Deadline => none(
                "E0324",
                "the evaluation was stopped at its deadline".to_string(),
            )
            .with_note("narrow the query, or allow more time"),
            EvalError::OutOfMemory { limit } => none(
                "E0325",
                format!(
                    "the evaluation was stopped at its memory budget of {} MiB (tuples and symbol texts)",
                    limit >> 20
                ),
            )
            .with_note("raise the budget (--max-memory) if the program is meant to hold this much"),
            EvalError::Input(message) => none("E0313", message),
            EvalError::Fault { fault, rule } => {
                let file = self.sources.file(rule.file);
                let (line, _) = file.line_col(rule.start as usize);
                let at = format!("{}:{line}", file.name);
                match fault {
                    Fault::DivisionByZero => Diagnostic::error(
                        "E0320",
                        format!("division by zero in the rule at {at}"),
                        rule,
                    ),
                    Fault::NotANumber(s) => Diagnostic::error(
                        "E0322",
                        format!("to_number(\"{s}\"): not a number, in the rule at {at}"),
                        rule,
                    ),
                    Fault::TooManyTuples | Fault::Inconsistent(_) => {
                        unreachable!("invariant: evaluation maps or never raises these")
                    }
                }
            }
        }
    }
}

/// Evaluates a checked program on inputs.
pub(crate) fn evaluate(
    program: &Program,
    inputs: &Inputs,
    options: &EvalOptions,
) -> Result<Evaluated, EvalError> {
    let mut setup = setup(program, inputs)?;
    if total(&setup.relations) > options.max_tuples {
        setup.relations.iter_mut().for_each(|r| r.compact_pending());
    }
    if total(&setup.relations) > options.max_tuples {
        return Err(EvalError::TooManyTuples {
            limit: options.max_tuples,
        });
    }
    if options.engine == Engine::Naive {
        return naive::evaluate(program, setup, options);
    }
    if options.threads > 1 {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.threads)
            .build()
            .map_err(|e| {
                EvalError::Input(format!("cannot start {} threads: {e}", options.threads))
            })?;
        pool.install(|| semi_naive::evaluate(program, setup, options))
    } else {
        semi_naive::evaluate(program, setup, options)
    }
}

#[cfg(test)]
mod tests {
    use crate::eval::inputs::Inputs;
    use crate::eval::setup::{Engine, EvalOptions};
    use crate::program::builder::load_text;

    /// Regression test for the tuple guard counting derivations of tuples the head holds:
    /// the redundant second rule re-derives every recent path, so near the end an earlier
    /// batch's old tuples would eat the budget of the transitive step if they were not dropped
    /// before the guard is consulted.
    #[test]
    fn the_guard_counts_new_tuples_not_rederived_ones() {
        let program = load_text(
            "t.dl",
            ".decl e(x: number, y: number)\n.decl p(x: number, y: number)\n\
             p(x, y) :- e(x, y).\np(x, y) :- p(x, y), e(y, _).\np(x, z) :- p(x, y), e(y, z).\n",
            &Default::default(),
        )
        .expect("checks");
        let n = 40;
        let mut inputs = Inputs::new();
        let rows: Vec<[String; 2]> = (0..n)
            .map(|i| [i.to_string(), (i + 1).to_string()])
            .collect();
        inputs.add_rows(&program, "e", &rows).expect("rows");
        let total = n + n * (n + 1) / 2;
        let run = |max_tuples, threads| {
            let options = EvalOptions {
                max_tuples,
                threads,
                ..EvalOptions::default()
            };
            program.evaluate(&inputs, &options).map(|m| m.tuple_count())
        };
        for threads in [1, 4] {
            assert_eq!(run(total, threads).expect("fits"), total);
            assert!(run(total - 1, threads).is_err());
        }
    }

    fn unary(n: usize) -> Vec<[String; 1]> {
        (0..n).map(|i| [i.to_string()]).collect()
    }

    /// Reliability finding 3: `--max-tuples` counted queued duplicate derivations (here
    /// 300 × 300 of one tuple), so a model of 601 tuples stopped at a guard of 1000; the naive
    /// engine is bounded by the guard too.
    #[test]
    fn the_guard_counts_tuples_held_not_queued_duplicates_in_both_engines() {
        let program = load_text(
            "m.dl",
            ".decl a(x: number)\n.decl b(x: number)\n.decl r(x: number)\nr(0) :- a(x), b(y), x >= y.\n",
            &Default::default(),
        )
        .expect("checks");
        let mut inputs = Inputs::new();
        inputs.add_rows(&program, "a", unary(300)).expect("rows");
        inputs.add_rows(&program, "b", unary(300)).expect("rows");
        for engine in [Engine::SemiNaive, Engine::Naive] {
            for threads in [1, 2] {
                let options = EvalOptions {
                    engine,
                    threads,
                    max_tuples: 1000,
                    ..EvalOptions::default()
                };
                let model = program.evaluate(&inputs, &options).expect("fits the guard");
                assert_eq!(model.tuple_count(), 601, "{engine:?}");
            }
        }
        let cross = load_text(
            "c.dl",
            ".decl a(x: number)\n.decl p(x: number, y: number)\np(x, y) :- a(x), a(y).\n",
            &Default::default(),
        )
        .expect("checks");
        let mut inputs = Inputs::new();
        inputs.add_rows(&cross, "a", unary(100)).expect("rows");
        for engine in [Engine::SemiNaive, Engine::Naive] {
            let options = EvalOptions {
                engine,
                max_tuples: 5000,
                ..EvalOptions::default()
            };
            assert!(cross.evaluate(&inputs, &options).is_err(), "{engine:?}");
        }
    }

    /// Reliability finding 4: symbols grew without bound (`cat(x, x)` doubles a string each
    /// round: 6 GB for 30 tuples); one memory budget of tuples and symbol bytes stops every
    /// engine with E0325.
    #[test]
    fn growing_symbols_stop_at_the_memory_budget_in_both_engines() {
        let program = load_text(
            "str.dl",
            ".decl s(x: symbol)\ns(\"ab\").\ns(cat(x, x)) :- s(x).\n",
            &Default::default(),
        )
        .expect("checks");
        for engine in [Engine::SemiNaive, Engine::Naive] {
            let options = EvalOptions {
                engine,
                max_memory: 1 << 20,
                ..EvalOptions::default()
            };
            let failure = program
                .evaluate(&Inputs::new(), &options)
                .expect_err("over the budget");
            assert_eq!(failure.diagnostics[0].code, "E0325", "{engine:?}");
            assert!(
                failure.diagnostics[0].message.contains("1 MiB"),
                "{engine:?}"
            );
        }
        // Tuples count too.
        let tuples = load_text(
            "n.dl",
            ".decl n(x: number)\nn(0).\nn(x + 1) :- n(x), x < 100000.\n",
            &Default::default(),
        )
        .expect("checks");
        let options = EvalOptions {
            max_memory: 100_000,
            ..EvalOptions::default()
        };
        let failure = tuples
            .evaluate(&Inputs::new(), &options)
            .expect_err("over the budget");
        assert_eq!(failure.diagnostics[0].code, "E0325");
    }

    /// Soufflé gap B9: atoms of `_` only were enumerated (10^9 derivations of one tuple).
    #[test]
    fn atoms_that_bind_nothing_are_tests_not_loops() {
        let program = load_text(
            "e.dl",
            ".decl e(x: number)\ne(0).\ne(x + 1) :- e(x), x < 999.\n\
             .decl q(x: number)\nq(0) :- e(_), e(_), e(_).\n",
            &Default::default(),
        )
        .expect("checks");
        let options = EvalOptions {
            max_tuples: 2000,
            ..EvalOptions::default()
        };
        let model = program.evaluate(&Inputs::new(), &options).expect("runs");
        assert_eq!(model.relation("q").expect("declared").rows(), [["0"]]);
    }
    #[test]
    fn a_passed_deadline_stops_both_engines_between_rounds() {
        let program = load_text(
            "<t>",
            ".decl n(x: number)\nn(0).\nn(x + 1) :- n(x), x < 1000.\n",
            &Default::default(),
        )
        .expect("checks");
        for engine in [
            crate::eval::setup::Engine::SemiNaive,
            crate::eval::setup::Engine::Naive,
        ] {
            let late = EvalOptions {
                engine,
                deadline: Some(std::time::Instant::now()),
                ..EvalOptions::default()
            };
            let f = program
                .evaluate(&Inputs::new(), &late)
                .expect_err("stopped");
            assert_eq!(f.diagnostics[0].code, "E0324");
            let later = EvalOptions {
                engine,
                deadline: Some(std::time::Instant::now() + std::time::Duration::from_secs(3600)),
                ..EvalOptions::default()
            };
            let m = program.evaluate(&Inputs::new(), &later).expect("in time");
            assert_eq!(m.tuple_count(), 1001);
        }
    }
}
