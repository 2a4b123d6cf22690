//! `factlog repl`: load the knowledge base once, then type rules and `?-` queries.
//!
//! On a terminal, lines are edited with rustyline and kept in `~/.factlog_history`; with
//! standard input from a pipe, lines are read as they come, without prompts.

use super::args::ReplArgs;
use super::query::default_format;
use super::{Outcome, session};
use crate::article::ArticleLibrary;
use crate::datalog::{Failure, ProgramBuilder};
use crate::error::Error;
use crate::query::runtime::{KbProgram, RuleFiles};
use crate::query::why::{Explanation, WhyProgram, WhyRequest, write_text};
use crate::query::write_rows;
use std::io::{BufRead, IsTerminal, Write};

const HELP: &str = "\
Type a rule or declaration to add it, or a query to answer it:
  opposes(S) :- publicly_opposed(S, _).      add a rule (declare new relations with .decl)
  .decl opposes(s: symbol)                   declare a relation
  ?- opposes(S), !declined_to_commit(S, _).  answer a query
Commands:
  .help       this text
  .rels       the relations, with their arity and number of tuples
  .why ATOM   why ATOM holds (a proof down to the sources), or why not
  .quit       leave (also Ctrl-D)
";

/// One line of input, as the REPL understands it.
enum Line<'a> {
    Empty,
    Help,
    Rels,
    Quit,
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

/// The REPL's state: the knowledge base, and the program lines typed so far.
struct Repl<'a> {
    kbp: KbProgram<'a>,
    articles: &'a ArticleLibrary,
    lines: Vec<String>,
    args: &'a ReplArgs,
}

impl Repl<'_> {
    fn builder(&self, extra: Option<&str>) -> ProgramBuilder {
        let mut b = self.kbp.builder();
        for (i, l) in self.lines.iter().enumerate() {
            b.add_text(&format!("<repl:{}>", i + 1), l);
        }
        if let Some(text) = extra {
            b.add_text(&format!("<repl:{}>", self.lines.len() + 1), text);
        }
        b
    }

    /// Explains an atom over the knowledge base and the rules typed so far.
    fn why(&self, atom: &str) -> Result<Explanation, Failure> {
        let lines: Vec<(String, String)> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| (format!("<repl:{}>", i + 1), l.clone()))
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

    /// Handles one line; returns false to leave.
    fn handle(&mut self, line: &str, out: &mut dyn Write, err: &mut dyn Write) -> bool {
        let fail = |f: Failure, err: &mut dyn Write| {
            let _ = write!(err, "{}", f.render());
        };
        match classify(line) {
            Line::Empty => {}
            Line::Quit => return false,
            Line::Help => {
                let _ = write!(out, "{HELP}");
            }
            Line::Unknown(t) => {
                let _ = writeln!(
                    err,
                    "error: unknown command `{t}`: expected .help, .rels, .why ATOM or .quit"
                );
            }
            Line::Program(text) => match self.kbp.finish(&self.builder(Some(text))) {
                Ok(_) => {
                    self.lines.push(text.to_string());
                    let _ = writeln!(out, "ok");
                }
                Err(f) => fail(f, err),
            },
            Line::Query(text) => {
                let mut b = self.builder(None);
                b.add_query("<query>", text);
                match self
                    .kbp
                    .finish(&b)
                    .and_then(|(p, i)| p.evaluate(&i, &self.args.engine.eval_options()))
                {
                    Ok(model) => {
                        for a in model.answers() {
                            let _ = write_rows(out, &a.columns, &a.rows, default_format());
                        }
                    }
                    Err(f) => fail(f, err),
                }
            }
            Line::Why("") => {
                let _ = writeln!(
                    err,
                    "error: .why needs an atom, such as .why publicly_opposed(\"russia\", D)"
                );
            }
            Line::Why(atom) => match self.why(atom) {
                Ok(ex) => {
                    let _ = write_text(&ex, out);
                }
                Err(f) => fail(f, err),
            },
            Line::Rels => match self
                .kbp
                .finish(&self.builder(None))
                .and_then(|(p, i)| p.evaluate(&i, &self.args.engine.eval_options()))
            {
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
                Err(f) => fail(f, err),
            },
        }
        let _ = out.flush();
        true
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
        lines: Vec::new(),
        args,
    };
    // Rule files must load before the session starts.
    if let Err(f) = repl.kbp.finish(&repl.builder(None)) {
        let _ = write!(stderr, "{}", f.render());
        return Err(Error::Diagnostics(f.diagnostics));
    }
    let stdout = std::io::stdout();
    if std::io::stdin().is_terminal() {
        interactive(&mut repl, stderr)
    } else {
        let mut out = stdout.lock();
        for line in std::io::stdin().lock().lines() {
            let line = line.map_err(|e| Error::io("<stdin>", e))?;
            if !repl.handle(&line, &mut out, stderr) {
                break;
            }
        }
        Ok(Outcome::Success)
    }
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
    loop {
        match editor.readline("factlog> ") {
            Ok(line) => {
                let _ = editor.add_history_entry(line.as_str());
                if !repl.handle(&line, &mut out, stderr) {
                    break;
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(Error::Usage(format!("cannot read a line: {e}"))),
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    Ok(Outcome::Success)
}
