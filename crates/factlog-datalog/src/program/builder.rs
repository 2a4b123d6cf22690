//! Building a [`Program`]: a [`ProgramBuilder`] gathers program files, texts, query bodies
//! (through [`Sources`], which resolves `#include`s) and input relations declared as values,
//! then checks and stratifies them, or returns every diagnostic as a [`Failure`].

use super::{Failure, Program};
use crate::check::{CheckOptions, check};
use crate::stratify::stratify;
use crate::syntax::ast::{ColumnDecl, Decl, Item, Query};
use crate::syntax::sources::Sources;
use factlog_diag::{FileId, Span};
use std::path::Path;

/// The source named in diagnostics about relations declared with
/// [`ProgramBuilder::declare_input`] (it has no text: they were given as values).
const DECLARED_INPUTS: &str = "<input relations declared by the caller>";

/// Gathers program sources; reusable (a REPL adds lines and builds again).
#[derive(Clone, Debug, Default)]
pub struct ProgramBuilder {
    options: CheckOptions,
    sources: Sources,
    /// The source that spans of relations declared as values point into, once there is one.
    declared: Option<FileId>,
}

impl ProgramBuilder {
    /// An empty builder with checker options.
    pub fn new(options: CheckOptions) -> ProgramBuilder {
        ProgramBuilder {
            options,
            ..ProgramBuilder::default()
        }
    }

    /// Adds a program file; `#include`s resolve relative to its directory. The file is shown in
    /// diagnostics as `path` is written.
    pub fn add_file(&mut self, path: &Path) -> &mut ProgramBuilder {
        self.add_file_as(path, &path.display().to_string())
    }

    /// Adds a program file shown in diagnostics and rule locations as `name` (a knowledge
    /// base's `queries/stance.dl`, wherever the knowledge base is).
    pub fn add_file_as(&mut self, path: &Path, name: &str) -> &mut ProgramBuilder {
        self.sources.add_file(path, name);
        self
    }

    /// Adds program text named `name` (a path-like name makes `#include` relative to it).
    pub fn add_text(&mut self, name: &str, text: &str) -> &mut ProgramBuilder {
        self.sources.add_text(name, text);
        self
    }

    /// Makes `text` the content of the file at `path` for `#include`s added after this call:
    /// an include resolving to `path` (relative to the including file) reads `text`, not the
    /// disk, and is shown in diagnostics as `path`. Each such file is included once, like a
    /// file on disk. For programs shipped inside an application (a built-in
    /// `queries/stance.dl` including its `schema.dl`).
    pub fn provide_file(&mut self, path: &Path, text: &str) -> &mut ProgramBuilder {
        self.sources.provide(path, text);
        self
    }

    /// Declares an input relation as a value, in the program's order of declarations at this
    /// point: as if `.decl name(column: type, ...)` had been written here, without an
    /// `.input` (its tuples come from [`Inputs::add_rows`](crate::Inputs::add_rows)). Each
    /// column is a name and a type: `symbol`, `number`, `unsigned`, `float` or a `.type` the
    /// program declares anywhere. Checked like a written declaration (an unknown type or a
    /// second declaration of the name is an error); its diagnostics point into a source
    /// without text named `<input relations declared by the caller>`.
    pub fn declare_input<'c>(
        &mut self,
        name: &str,
        columns: impl IntoIterator<Item = (&'c str, &'c str)>,
    ) -> &mut ProgramBuilder {
        let file = *self
            .declared
            .get_or_insert_with(|| self.sources.add_empty(DECLARED_INPUTS));
        let span = Span::new(file, 0, 0);
        self.sources.items.push(Item::Decl(Decl {
            name: name.to_string(),
            columns: columns
                .into_iter()
                .map(|(name, ty)| ColumnDecl {
                    name: name.to_string(),
                    ty: ty.to_string(),
                    span,
                })
                .collect(),
            span,
        }));
        self
    }

    /// Adds a query body as typed at `factlog query` or a REPL (`?-` and `.` optional).
    pub fn add_query(&mut self, name: &str, text: &str) -> &mut ProgramBuilder {
        self.sources.add_query(name, text);
        self
    }

    /// The query items added so far (for callers that report them).
    pub fn queries(&self) -> impl Iterator<Item = &Query> {
        self.sources.queries()
    }

    /// Checks and stratifies everything added: the program, or every diagnostic.
    pub fn build(&self) -> Result<Program, Failure> {
        let fail = |diagnostics| Failure {
            sources: self.sources.map.clone(),
            diagnostics,
        };
        let (checked, mut errors) = check(&self.sources.items, &self.options);
        let mut all = self.sources.errors.clone();
        all.append(&mut errors);
        if !all.is_empty() {
            return Err(fail(all));
        }
        let strata = stratify(&checked.relations, &checked.rules).map_err(fail)?;
        Ok(Program {
            sources: self.sources.map.clone(),
            checked,
            strata,
        })
    }
}

/// Loads and checks a program file (with its `#include`s).
pub fn load_file(path: &Path, options: &CheckOptions) -> Result<Program, Failure> {
    ProgramBuilder::new(options.clone()).add_file(path).build()
}

/// Loads and checks program text named `name`.
pub fn load_text(name: &str, text: &str, options: &CheckOptions) -> Result<Program, Failure> {
    ProgramBuilder::new(options.clone())
        .add_text(name, text)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::inputs::Inputs;
    use crate::eval::setup::EvalOptions;

    const RULES: &str = ".type Id <: symbol\n.decl reach(a: Id, b: Id)\n\
                         reach(a, b) :- link(a, b).\nreach(a, c) :- reach(a, b), link(b, c).\n";

    #[test]
    fn a_relation_declared_as_a_value_takes_its_rows_and_its_declared_type() {
        let mut b = ProgramBuilder::new(CheckOptions::default());
        b.declare_input("link", [("from", "Id"), ("to", "Id")]);
        b.add_text("rules.dl", RULES);
        let program = b.build().expect("checks");
        let link = program.relation("link").expect("declared");
        assert_eq!(link.columns[1].name, "to");
        assert_eq!(link.columns[1].ty, "Id");
        let mut inputs = Inputs::new();
        inputs
            .add_rows(&program, "link", [["a", "b"], ["b", "c"]])
            .expect("rows fit");
        let model = program
            .evaluate(&inputs, &EvalOptions::default())
            .expect("runs");
        assert_eq!(model.relation("reach").expect("declared").len(), 3);
    }

    #[test]
    fn relations_declared_as_values_keep_their_place_among_the_declarations() {
        let mut b = ProgramBuilder::new(CheckOptions::default());
        b.add_text("a.dl", ".decl first(x: number)\n");
        b.declare_input("second", [("x", "number")]);
        b.add_text("b.dl", ".decl third(x: number)\n");
        let program = b.build().expect("checks");
        let names: Vec<&str> = program.relations().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["first", "second", "third"]);
    }

    #[test]
    fn a_value_declaration_is_checked_like_a_written_one() {
        let mut b = ProgramBuilder::new(CheckOptions::default());
        b.declare_input("link", [("from", "Place")]);
        b.add_text("rules.dl", ".decl link(a: symbol)\n");
        let failure = b
            .build()
            .expect_err("an unknown type, a second declaration");
        let codes: Vec<&str> = failure.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E0306", "E0306"]);
        let rendered = failure.render();
        assert!(rendered.contains("unknown type `Place`"), "{rendered}");
        assert!(rendered.contains(DECLARED_INPUTS), "{rendered}");
        assert!(rendered.contains("--> rules.dl:1:1"), "{rendered}");
    }

    #[test]
    fn a_provided_file_is_included_instead_of_the_disk() {
        let mut b = ProgramBuilder::new(CheckOptions::default());
        b.provide_file(
            Path::new("kb/schema.dl"),
            ".decl link(a: symbol, b: symbol)\n",
        );
        b.add_text("kb/rules.dl", &format!("#include \"schema.dl\"\n{RULES}"));
        let program = b.build().expect("checks");
        assert!(program.relation("link").is_some());
        let sources = program.sources();
        let names: Vec<&str> = sources
            .ids()
            .map(|f| sources.file(f).name.as_str())
            .collect();
        assert_eq!(names, ["kb/rules.dl", "kb/schema.dl"]);
    }
}
