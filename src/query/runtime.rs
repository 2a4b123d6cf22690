//! Queries and rules over a knowledge base through the runtime Datalog engine: the base
//! relations and the standard derived relations enter as inputs, user rules from
//! `queries/*.dl` and `--rules` files are evaluated on top, and a query body is answered.
//!
//! The standard relations come from the crepe-compiled rules while `queries/stance.dl` is the
//! file they were compiled from ([`StandardRules::Compiled`]); otherwise
//! [`derive_with_engine`] evaluates the knowledge base's own `queries/stance.dl`
//! ([`StandardRules::Runtime`]). Either way, programs over the knowledge base take the derived
//! relations as inputs, so user rules can never redefine them.

use crate::datalog::{CheckOptions, EvalOptions, Failure, Inputs, Program, ProgramBuilder};
use crate::kb::schema::{SCHEMA_DL, STANCE_DL};
use crate::kb::{FactStore, KbRoot, RelationKind};
use std::path::{Path, PathBuf};

/// Who derives the standard relations of `queries/stance.dl`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StandardRules {
    /// The crepe-compiled rules (their results enter the engine as inputs).
    Compiled,
    /// The runtime engine, evaluating the knowledge base's `queries/stance.dl`.
    Runtime,
}

/// The rule files of a knowledge base and the command line.
#[derive(Clone, Debug, Default)]
pub struct RuleFiles {
    /// `queries/*.dl` other than `schema.dl` and `stance.dl`, sorted, then `--rules` files.
    pub user: Vec<PathBuf>,
    /// The knowledge base's `queries/stance.dl`, when present.
    pub stance: Option<PathBuf>,
    /// Whether `queries/stance.dl` or `queries/schema.dl` differ from the compiled rules.
    pub stance_edited: bool,
    /// The knowledge base's folder.
    pub root: PathBuf,
}

impl RuleFiles {
    /// The rule files of a knowledge base, plus `extra` (`--rules`): a folder's
    /// `queries/*.dl`, or none for the built-in base (whose rules are the compiled-in texts).
    pub fn of(root: &KbRoot, extra: &[PathBuf]) -> RuleFiles {
        match root {
            KbRoot::Folder(dir) => RuleFiles::discover(dir, extra),
            KbRoot::BuiltIn => RuleFiles {
                user: extra.to_vec(),
                ..RuleFiles::default()
            },
        }
    }

    /// Finds the rule files of the knowledge base at `root`, plus `extra` (`--rules`).
    pub fn discover(root: &Path, extra: &[PathBuf]) -> RuleFiles {
        // `queries/stance.dl:28:1`, not `./queries/stance.dl:28:1`, for the default `--kb .`.
        let dir = if root == Path::new(".") {
            PathBuf::from("queries")
        } else {
            root.join("queries")
        };
        let mut user: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "dl"))
                    .filter(|p| {
                        !matches!(
                            p.file_name().and_then(|n| n.to_str()),
                            Some("schema.dl" | "stance.dl")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        user.sort();
        user.extend(extra.iter().cloned());
        let differs = |name: &str, built: &str| {
            std::fs::read_to_string(dir.join(name))
                .is_ok_and(|text| text.replace("\r\n", "\n") != built)
        };
        let stance = dir.join("stance.dl");
        RuleFiles {
            root: root.to_path_buf(),
            user,
            stance_edited: differs("stance.dl", STANCE_DL) || differs("schema.dl", SCHEMA_DL),
            stance: stance.is_file().then_some(stance),
        }
    }

    /// How a rule file is named in diagnostics and rule locations: relative to the knowledge
    /// base (`queries/stance.dl`) when it lies in it, else as given.
    pub fn name_of(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    /// Adds a rule file to `builder` under [`RuleFiles::name_of`].
    pub fn add_to(&self, builder: &mut ProgramBuilder, path: &Path) {
        builder.add_file_as(path, &self.name_of(path));
    }

    /// Whether answering needs the runtime engine beyond a single atom's lookup.
    pub fn has_user_rules(&self) -> bool {
        !self.user.is_empty()
    }
}

/// The names of the relations user rules may not define: every base relation and every
/// standard derived relation.
pub fn protected_relations(store: &FactStore) -> Vec<String> {
    let schema = store.schema();
    schema
        .ids()
        .map(|id| schema.decl(id).name.clone())
        .collect()
}

/// Declares the standard derived relations in `builder` as input relations, for programs that
/// take their tuples as inputs (whoever derived them).
fn declare_derived(builder: &mut ProgramBuilder, store: &FactStore) {
    let schema = store.schema();
    for id in schema.ids() {
        let decl = schema.decl(id);
        if decl.kind == RelationKind::Derived {
            builder.declare_input(
                &decl.name,
                decl.columns
                    .iter()
                    .map(|c| (c.name.as_str(), c.type_name.as_str())),
            );
        }
    }
}

/// A program over the knowledge base: the standard schema, the base and standard derived
/// relations as inputs (whoever derived them), the user's rules, extra program text (REPL
/// lines) and queries.
pub struct KbProgram<'a> {
    /// Base facts and standard derived relations.
    pub store: &'a FactStore,
    /// Rule files.
    pub files: &'a RuleFiles,
}

impl KbProgram<'_> {
    /// A builder holding the schema, the standard relations' declarations and the user's rule
    /// files; the caller adds texts and queries, then calls [`KbProgram::finish`].
    pub fn builder(&self) -> ProgramBuilder {
        let mut b = ProgramBuilder::new(CheckOptions {
            protected: protected_relations(self.store),
            protected_note: Some(
                "base relations come from the fact files and the standard relations from \
                 queries/stance.dl; define a new relation instead"
                    .into(),
            ),
        });
        b.add_text("queries/schema.dl", SCHEMA_DL);
        declare_derived(&mut b, self.store);
        for f in &self.files.user {
            self.files.add_to(&mut b, f);
        }
        b
    }

    /// Builds the program and its inputs: every base and standard derived relation.
    pub fn finish(&self, builder: &ProgramBuilder) -> Result<(Program, Inputs), Failure> {
        let program = builder.build()?;
        let inputs = store_inputs(&program, self.store, |_| true)?;
        Ok((program, inputs))
    }
}

/// The store's relations (those `wanted`) as inputs of `program`.
pub(crate) fn store_inputs(
    program: &Program,
    store: &FactStore,
    wanted: impl Fn(RelationKind) -> bool,
) -> Result<Inputs, Failure> {
    let mut inputs = Inputs::new();
    let schema = store.schema();
    let mut errors = Vec::new();
    for id in schema.ids() {
        let decl = schema.decl(id);
        // An edited stance.dl may leave a relation out: it then takes no input.
        if !wanted(decl.kind) || program.relation(&decl.name).is_none() {
            continue;
        }
        let rows = store.relation(id).iter().map(|t| {
            t.iter()
                .map(|&s| store.interner.resolve(s))
                .collect::<Vec<&str>>()
        });
        if let Err(d) = inputs.add_rows(program, &decl.name, rows) {
            errors.push(d);
        }
    }
    if errors.is_empty() {
        Ok(inputs)
    } else {
        Err(Failure {
            sources: program.sources().clone(),
            diagnostics: errors,
        })
    }
}

/// A builder holding the standard rules: the knowledge base's `queries/stance.dl` (with the
/// `schema.dl` it includes), or the built-in texts when it has none. Rules may derive anything
/// but the base relations.
pub(crate) fn standard_program(store: &FactStore, files: &RuleFiles) -> ProgramBuilder {
    let schema = store.schema();
    let base: Vec<String> = schema
        .ids()
        .filter(|&id| schema.decl(id).kind == RelationKind::Base)
        .map(|id| schema.decl(id).name.clone())
        .collect();
    let mut b = ProgramBuilder::new(CheckOptions {
        protected: base,
        protected_note: Some("base relations come from the fact files".into()),
    });
    match &files.stance {
        Some(stance) => {
            files.add_to(&mut b, stance);
        }
        None => {
            // The built-in stance.dl as written: its `#include "schema.dl"` reads the
            // built-in schema.
            b.provide_file(Path::new("queries/schema.dl"), SCHEMA_DL);
            b.add_text("queries/stance.dl", STANCE_DL);
        }
    }
    b
}

/// Derives the standard relations with the runtime engine from the knowledge base's
/// `queries/stance.dl` (or the built-in text when the knowledge base has none), replacing the
/// store's derived relations: the path taken when that file was edited, or when the runtime or
/// naive engine is asked for.
pub fn derive_with_engine(
    mut store: FactStore,
    files: &RuleFiles,
    options: &EvalOptions,
) -> Result<FactStore, Failure> {
    let schema = store.schema();
    let program = standard_program(&store, files).build()?;
    let inputs = store_inputs(&program, &store, |k| k == RelationKind::Base)?;
    let model = program.evaluate(&inputs, options)?;
    store.clear_derived();
    for id in schema.ids() {
        let decl = schema.decl(id);
        if decl.kind != RelationKind::Derived {
            continue;
        }
        let Some(view) = model.relation(&decl.name) else {
            continue;
        };
        for row in view.rows() {
            if row.len() != decl.arity() {
                continue;
            }
            let tuple: Vec<_> = row.iter().map(|v| store.interner.intern(v)).collect();
            store.relation_mut(id).insert(&tuple, None);
        }
    }
    Ok(store)
}
