//! `factlog repl`: load the knowledge base once, then type rules and `?-` queries.
//!
//! A statement may span lines: a rule, fact or query ends at its final `.`, a directive or a
//! command with its line ([`statement`]). A rule is kept only when the program with it still
//! checks and evaluates (a rule that fails at run time is rolled back); `.undo` takes back the
//! last statement kept, `.reset` all of them. A line that is not UTF-8 is an error for that
//! line alone. On a terminal, lines are edited with rustyline and kept in
//! `~/.factlog_history`; with standard input from a pipe, lines are read as they come, without
//! prompts.

mod statement;

use super::args::ReplArgs;
use super::query::default_format;
use super::{Outcome, emit_failure, label, session};
use crate::article::ArticleLibrary;
use crate::datalog::{Failure, Model, ProgramBuilder};
use crate::diag::Severity;
use crate::error::Error;
use crate::query::runtime::{KbProgram, RuleFiles};
use crate::query::why::{Explanation, WhyProgram, WhyRequest, write_text};
use crate::query::write_rows;
use statement::{Gathered, gathered};
use std::io::{BufRead, IsTerminal, Write};

const HELP: &str = "\
Type a rule or declaration to add it, or a query to answer it; a rule or query may span
lines and ends at its final `.`:
  opposes(S) :- publicly_opposed(S, _).      add a rule (declare new relations with .decl)
  .decl opposes(s: symbol)                   declare a relation
  ?- opposes(S), !declined_to_commit(S, _).  answer a query
Commands:
  .help       this text
  .rels       the relations, with their arity and number of tuples
  .why ATOM   why ATOM holds (a proof down to the sources), or why not
  .undo       take back the last rule or declaration added
  .reset      take back every rule and declaration added
  .quit       leave (also Ctrl-D)
";

/// One statement of input, as the REPL understands it.
enum Line<'a> {
    Empty,
    Help,
    Rels,
    Quit,
    Undo,
    Reset,
    Why(&'a str),
    Query(&'a str),
    Program(&'a str),
    Unknown(&'a str),
}

fn classify(line: &str) -> Line<'_> {
    let t = line.trim();
    match t {
        "" => Line::Empty,
        ".help" | "help" => Line::Help,
        ".rels" => Line::Rels,
        ".undo" => Line::Undo,
        ".reset" => Line::Reset,
        ".quit" | ".exit" | "quit" | "exit" => Line::Quit,
        _ if t == ".why" || t.starts_with(".why ") || t.starts_with(".why\t") => {
            Line::Why(t[".why".len()..].trim())
        }
        _ if t.starts_with("?-") => Line::Query(t),
        _ if t.starts_with('.') && !t.starts_with(".decl") && !t.starts_with(".type") => {
            Line::Unknown(t)
        }
        _ => Line::Program(t),
    }
}

/// A command that is a whole statement although it ends with no `.` (`help`, `quit`).
fn is_bare_command(line: &str) -> bool {
    matches!(line.trim(), "help" | "quit" | "exit")
}

/// One statement kept: its name in diagnostics and rule locations (`<repl:N>`, N the input
/// line it began on) and its text.
struct Kept {
    name: String,
    text: String,
}

/// The REPL's state: the knowledge base, and the statements kept so far.
struct Repl<'a> {
    kbp: KbProgram<'a>,
    articles: &'a ArticleLibrary,
    kept: Vec<Kept>,
    args: &'a ReplArgs,
}

impl Repl<'_> {
    fn builder(&self, extra: Option<&Kept>) -> ProgramBuilder {
        let mut b = self.kbp.builder();
        for k in self.kept.iter().chain(extra) {
            b.add_text(&k.name, &k.text);
        }
        b
    }

    /// Builds and evaluates the program of the statements kept, plus `extra`.
    fn evaluate(&self, builder: &ProgramBuilder) -> Result<Model, Failure> {
        self.kbp
            .finish(builder)
            .and_then(|(p, i)| p.evaluate(&i, &self.args.engine.eval_options()))
    }

    /// Explains an atom over the knowledge base and the rules typed so far.
    fn why(&self, atom: &str) -> Result<Explanation, Failure> {
        let lines: Vec<(String, String)> = self
            .kept
            .iter()
            .map(|k| (k.name.clone(), k.text.clone()))
            .collect();
        let program = WhyProgram::evaluate(
            self.kbp.store,
            self.kbp.files,
            &lines,
            &self.args.engine.eval_options(),
        )?;
        let explainer = program.explainer();
        program.explain(
            &explainer,
            self.kbp.store,
            self.articles,
            atom,
            &WhyRequest::default(),
        )
    }

    /// Handles one statement that began on input line `line_no`; returns false to leave.
    fn handle(
        &mut self,
        text: &str,
        line_no: usize,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> bool {
        let error = label(Severity::Error);
        match classify(text) {
            Line::Empty => {}
            Line::Quit => return false,
            Line::Help => {
                let _ = write!(out, "{HELP}");
            }
            Line::Unknown(t) => {
                let _ = writeln!(
                    err,
                    "{error} unknown command `{t}`: expected .help, .rels, .why ATOM, .undo, \
                     .reset or .quit"
                );
            }
            Line::Program(text) => {
                let k = Kept {
                    name: format!("<repl:{line_no}>"),
                    text: text.to_string(),
                };
                // Kept only if the program still checks and evaluates with it.
                match self.evaluate(&self.builder(Some(&k))) {
                    Ok(_) => {
                        self.kept.push(k);
                        let _ = writeln!(out, "ok");
                    }
                    Err(f) => {
                        emit_failure(&f, err);
                        let _ = writeln!(
                            err,
                            "{} not added (`.help` lists the commands)",
                            label(Severity::Note)
                        );
                    }
                }
            }
            Line::Undo => match self.kept.pop() {
                Some(k) => {
                    let _ = writeln!(out, "removed {}: {}", k.name, one_line(&k.text));
                }
                None => {
                    let _ = writeln!(err, "{error} nothing to undo");
                }
            },
            Line::Reset => {
                let n = self.kept.len();
                self.kept.clear();
                let _ = writeln!(
                    out,
                    "removed {n} statement{}",
                    if n == 1 { "" } else { "s" }
                );
            }
            Line::Query(text) => {
                let mut b = self.builder(None);
                b.add_query(&format!("<repl:{line_no}>"), text);
                match self.evaluate(&b) {
                    Ok(model) => {
                        for a in model.answers() {
                            let _ = write_rows(out, &a.columns, &a.rows, default_format());
                        }
                    }
                    Err(f) => emit_failure(&f, err),
                }
            }
            Line::Why("") => {
                let _ = writeln!(
                    err,
                    "{error} .why needs an atom, such as .why publicly_opposed(\"russia\", D)"
                );
            }
            Line::Why(atom) => match self.why(atom) {
                Ok(ex) => {
                    let _ = write_text(&ex, out);
                }
                Err(f) => emit_failure(&f, err),
            },
            Line::Rels => match self.evaluate(&self.builder(None)) {
                Ok(model) => {
                    let rows: Vec<Vec<String>> = model
                        .relations()
                        .map(|r| {
                            vec![
                                r.name().to_string(),
                                r.columns().len().to_string(),
                                r.len().to_string(),
                            ]
                        })
                        .collect();
                    let columns = ["relation", "arity", "tuples"].map(String::from);
                    let _ = write_rows(out, &columns, &rows, default_format());
                }
                Err(f) => emit_failure(&f, err),
            },
        }
        let _ = out.flush();
        true
    }
}

/// A statement's text on one line, for messages.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Gathers input lines into statements: a line at a time, whole statements out.
#[derive(Default)]
struct Gatherer {
    pending: String,
    /// The input line the pending statement began on.
    began: usize,
}

impl Gatherer {
    /// Adds input line `line_no`; returns the statement it completes, with the line it began
    /// on.
    fn push(&mut self, line: &str, line_no: usize) -> Option<(String, usize)> {
        if self.pending.is_empty() {
            if is_bare_command(line) {
                return Some((line.to_string(), line_no));
            }
            self.began = line_no;
        } else {
            self.pending.push('\n');
        }
        self.pending.push_str(line);
        match gathered(&self.pending) {
            Gathered::Nothing => {
                self.pending.clear();
                None
            }
            Gathered::Complete => Some((std::mem::take(&mut self.pending), self.began)),
            Gathered::Open => None,
        }
    }

    /// Whether a statement is begun and not ended.
    fn is_open(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Drops the statement begun; returns the line it began on.
    fn discard(&mut self) -> Option<usize> {
        let open = self.is_open();
        self.pending.clear();
        open.then_some(self.began)
    }
}

/// Runs `repl`.
pub fn run(args: &ReplArgs, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let root = args.kb.root();
    let files = RuleFiles::of(&root, &args.rules);
    let how = session::Derivation {
        filter: None,
        engine: Some(&args.engine),
        ..Default::default()
    };
    let s = session::open_with(&root, &args.kb, &how, stderr)?;
    let mut repl = Repl {
        kbp: KbProgram {
            store: &s.store,
            files: &files,
        },
        articles: &s.articles,
        kept: Vec::new(),
        args,
    };
    // Rule files must load before the session starts.
    if let Err(f) = repl.kbp.finish(&repl.builder(None)) {
        emit_failure(&f, stderr);
        return Err(Error::Diagnostics(f.diagnostics));
    }
    if std::io::stdin().is_terminal() {
        interactive(&mut repl, stderr)
    } else {
        piped(&mut repl, stderr)
    }
}

/// Reads statements from a pipe: every line is read as bytes, so a line that is not UTF-8 is
/// reported and skipped, and the session goes on.
fn piped(repl: &mut Repl<'_>, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut input = std::io::stdin().lock();
    let mut gatherer = Gatherer::default();
    let mut bytes = Vec::new();
    let mut line_no = 0;
    loop {
        bytes.clear();
        let n = input
            .read_until(b'\n', &mut bytes)
            .map_err(|e| Error::io("<stdin>", e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            bytes.pop();
        }
        let line = match std::str::from_utf8(&bytes) {
            Ok(line) => line,
            Err(e) => {
                let col = String::from_utf8_lossy(&bytes[..e.valid_up_to()])
                    .chars()
                    .count()
                    + 1;
                let _ = writeln!(
                    stderr,
                    "{} <stdin>:{line_no}:{col}: the line is not UTF-8: expected UTF-8 text; \
                     the line is skipped",
                    label(Severity::Error)
                );
                if let Some(began) = gatherer.discard() {
                    let _ = writeln!(
                        stderr,
                        "{} the statement begun on line {began} is dropped",
                        label(Severity::Note)
                    );
                }
                continue;
            }
        };
        if let Some((statement, began)) = gatherer.push(line, line_no) {
            if !repl.handle(&statement, began, &mut out, stderr) {
                return Ok(Outcome::Success);
            }
        }
    }
    if let Some(began) = gatherer.discard() {
        let _ = writeln!(
            stderr,
            "{} <stdin>:{began}: the input ended inside a statement: expected its final `.`",
            label(Severity::Error)
        );
    }
    Ok(Outcome::Success)
}

fn interactive(repl: &mut Repl<'_>, stderr: &mut dyn Write) -> Result<Outcome, Error> {
    use rustyline::error::ReadlineError;
    let mut editor = rustyline::DefaultEditor::new()
        .map_err(|e| Error::Usage(format!("cannot start the line editor: {e}")))?;
    let history =
        std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".factlog_history"));
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    let _ = writeln!(stderr, "factlog repl: .help for help, .quit to leave");
    let mut out = std::io::stdout();
    let mut gatherer = Gatherer::default();
    let mut line_no = 0;
    // A run of read errors (other than bad bytes) ends the session rather than spinning.
    let mut failures = 0;
    loop {
        let prompt = if gatherer.is_open() {
            "    ...> "
        } else {
            "factlog> "
        };
        match editor.readline(prompt) {
            Ok(line) => {
                failures = 0;
                line_no += 1;
                let _ = editor.add_history_entry(line.as_str());
                if let Some((statement, began)) = gatherer.push(&line, line_no) {
                    if !repl.handle(&statement, began, &mut out, stderr) {
                        break;
                    }
                }
            }
            // Ctrl-C drops the statement begun, as a shell drops its line.
            Err(ReadlineError::Interrupted) => {
                gatherer.discard();
            }
            Err(ReadlineError::Eof) => break,
            Err(ReadlineError::Io(e))
                if e.kind() == std::io::ErrorKind::InvalidData && failures < 100 =>
            {
                failures += 1;
                line_no += 1;
                let _ = writeln!(
                    stderr,
                    "{} the line is not UTF-8: expected UTF-8 text; the line is skipped",
                    label(Severity::Error)
                );
                gatherer.discard();
            }
            Err(e) => return Err(Error::Usage(format!("cannot read a line: {e}"))),
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    Ok(Outcome::Success)
}
