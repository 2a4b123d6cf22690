//! The result of an evaluation: every relation's tuples sorted by value (symbols by text,
//! numbers numerically), as typed values or text, and the answers of `?-` queries.
//!
//! With provenance (the default of [`EvalOptions`](crate::EvalOptions); `factlog run` only with
//! `--provenance`) each tuple also keeps the iteration that first derived it (0 for inputs), for
//! the explanations of [`crate::explain`]: the rows in derivation order are kept beside the
//! sorted ones (iterations are runs of ids, nothing per tuple), and indexed (by a hash table of
//! ids) on the first lookup. Without it the rows are sorted in place and only the sorted copy
//! is kept: half the memory, and no iteration to ask for.
//!
//! The storage evaluation works on lives beside it: a [`relation`] is flat rows of 32-bit words
//! with a deduplication [`table`] (narrow tuples inline in the slots) and [`index`]es on bound
//! columns; [`sort`] orders the model (a radix sort for one or two columns).

pub(crate) mod index;
pub(crate) mod relation;
pub(crate) mod sort;
pub(crate) mod table;

use crate::lower::ir::Column;
use crate::program::Program;
use crate::value::{Kind, Symbols, Value, Word, parse_numeric};
use factlog_diag::Span;
use relation::{Iterations, Relation};
use sort::{sort_rows, sort_rows_in_place};
use std::sync::OnceLock;
use table::{Table, hash_tuple};

#[derive(Debug)]
struct ModelRelation {
    name: String,
    columns: Vec<Column>,
    words: Vec<Word>,
    count: usize,
    is_query: bool,
    /// The rows in id (derivation) order; empty without provenance.
    by_id: Vec<Word>,
    /// Whether `by_id` and `iters` were kept.
    provenance: bool,
    /// The iteration of each tuple, by id.
    iters: Iterations,
    /// Ids of `by_id` by tuple, built on the first lookup.
    index: OnceLock<Table>,
}

impl ModelRelation {
    fn arity(&self) -> usize {
        self.columns.len()
    }

    /// The id of a tuple.
    fn id_of(&self, t: &[Word]) -> Option<usize> {
        let arity = self.arity();
        if t.len() != arity || !self.provenance {
            return None;
        }
        if arity == 0 {
            return (self.count > 0).then_some(0);
        }
        let index = self.index.get_or_init(|| {
            let mut table = Table::with_ids();
            table.reserve(self.count, &self.by_id, arity);
            for (id, row) in self.by_id.chunks_exact(arity).enumerate() {
                table.insert(hash_tuple(row), row, id as u32, &self.by_id);
            }
            table
        });
        index
            .find(hash_tuple(t), t, &self.by_id)
            .map(|i| i as usize)
    }
}

/// The answers of one `?-` query: its named variables in order of first appearance, and the
/// distinct bindings, sorted.
#[derive(Clone, Debug, PartialEq)]
pub struct Answers {
    /// Variable names.
    pub columns: Vec<String>,
    /// The bindings as text.
    pub rows: Vec<Vec<String>>,
    /// Where the query was written.
    pub span: Span,
}

/// Every relation of a program after evaluation.
#[derive(Debug)]
pub struct Model {
    symbols: Symbols,
    relations: Vec<ModelRelation>,
    queries: Vec<(usize, Vec<String>, Span)>,
}

impl Model {
    /// The model of `program` from the relations (indexed like its relation table) and the
    /// symbols an evaluation ended with; with `provenance`, each tuple's derivation order and
    /// iteration are kept.
    pub(crate) fn new(
        program: &Program,
        relations: Vec<Relation>,
        symbols: Symbols,
        provenance: bool,
    ) -> Model {
        let ranks = symbols.text_ranks();
        let relations = program
            .relation_infos()
            .iter()
            .zip(relations)
            .map(|(info, rel)| {
                let count = rel.len();
                let (by_id, iters) = rel.into_parts();
                let (words, by_id, iters) = if provenance {
                    (sort_rows(&by_id, &info.kinds(), &ranks), by_id, iters)
                } else {
                    (
                        sort_rows_in_place(by_id, &info.kinds(), &ranks),
                        Vec::new(),
                        Iterations::default(),
                    )
                };
                ModelRelation {
                    name: info.name.clone(),
                    columns: info.columns.clone(),
                    count,
                    words,
                    is_query: info.is_query,
                    by_id,
                    provenance,
                    iters,
                    index: OnceLock::new(),
                }
            })
            .collect();
        Model {
            symbols,
            relations,
            queries: program
                .queries()
                .iter()
                .map(|q| (q.rel.index(), q.columns.clone(), q.span))
                .collect(),
        }
    }

    /// The relation called `name`.
    pub fn relation(&self, name: &str) -> Option<RelationView<'_>> {
        self.relations
            .iter()
            .find(|r| r.name == name && !r.is_query)
            .map(|rel| RelationView { rel, model: self })
    }

    /// Every declared relation, in declaration order.
    pub fn relations(&self) -> impl Iterator<Item = RelationView<'_>> {
        self.relations
            .iter()
            .filter(|r| !r.is_query)
            .map(|rel| RelationView { rel, model: self })
    }

    /// The answers of every `?-` query, in written order.
    pub fn answers(&self) -> Vec<Answers> {
        self.queries
            .iter()
            .map(|(i, columns, span)| Answers {
                columns: columns.clone(),
                rows: RelationView {
                    rel: &self.relations[*i],
                    model: self,
                }
                .rows(),
                span: *span,
            })
            .collect()
    }

    /// The interned symbols.
    pub(crate) fn symbols(&self) -> &Symbols {
        &self.symbols
    }

    /// The relation with index `i` in the program's relation table (queries included).
    pub(crate) fn relation_at(&self, i: usize) -> Option<RelationView<'_>> {
        self.relations
            .get(i)
            .map(|rel| RelationView { rel, model: self })
    }

    /// The total number of tuples.
    pub fn tuple_count(&self) -> usize {
        self.relations.iter().map(|r| r.count).sum()
    }
}

/// One relation of a [`Model`].
#[derive(Clone, Copy, Debug)]
pub struct RelationView<'a> {
    rel: &'a ModelRelation,
    model: &'a Model,
}

impl<'a> RelationView<'a> {
    /// Its name.
    pub fn name(&self) -> &'a str {
        &self.rel.name
    }

    /// Its columns.
    pub fn columns(&self) -> &'a [Column] {
        &self.rel.columns
    }

    /// The number of tuples.
    pub fn len(&self) -> usize {
        self.rel.count
    }

    /// Whether it has no tuple.
    pub fn is_empty(&self) -> bool {
        self.rel.count == 0
    }

    /// The tuples' words, flat and sorted (`arity` words a tuple).
    pub(crate) fn sorted_words(&self) -> &'a [Word] {
        &self.rel.words
    }

    /// The tuples as typed values, sorted.
    pub fn tuples(&self) -> impl Iterator<Item = Vec<Value<'a>>> + 'a {
        let arity = self.rel.columns.len();
        let (rel, symbols) = (self.rel, &self.model.symbols);
        (0..rel.count).map(move |i| {
            if arity == 0 {
                return Vec::new();
            }
            rel.words[i * arity..(i + 1) * arity]
                .iter()
                .zip(&rel.columns)
                .map(|(&w, c)| symbols.value(c.kind, w))
                .collect()
        })
    }

    /// The iteration that first derived a tuple given as text (one string per column), if the
    /// relation holds it: 0 for inputs, and for a derived tuple a number greater than the
    /// iteration of every premise of the rule instance that first derived it. `None` too when
    /// the model was evaluated without provenance.
    pub fn iteration_of(&self, row: &[&str]) -> Option<u32> {
        let words = self.words_of(row)?;
        self.iteration_of_words(&words)
    }

    /// The words of a tuple given as text, if every value parses and every symbol is known.
    pub(crate) fn words_of(&self, row: &[&str]) -> Option<Vec<Word>> {
        if row.len() != self.rel.arity() {
            return None;
        }
        row.iter()
            .zip(&self.rel.columns)
            .map(|(text, c)| match c.kind {
                Kind::Symbol => self.model.symbols.get(text),
                k => parse_numeric(k, text.trim()).ok(),
            })
            .collect()
    }

    /// The iteration of a tuple given as words, if the relation holds it.
    pub(crate) fn iteration_of_words(&self, t: &[Word]) -> Option<u32> {
        let id = self.rel.id_of(t)?;
        Some(self.rel.iters.get(id))
    }

    /// The tuple with id `id` (in derivation order) as words, with its iteration.
    pub(crate) fn tuple_by_id(&self, id: usize) -> Option<(&'a [Word], u32)> {
        let arity = self.rel.arity();
        let rel = self.rel;
        if id >= rel.count || !rel.provenance {
            return None;
        }
        let row: &'a [Word] = if arity == 0 {
            &[]
        } else {
            &rel.by_id[id * arity..(id + 1) * arity]
        };
        Some((row, rel.iters.get(id)))
    }

    /// Every tuple as words, in derivation order, with its iteration.
    pub(crate) fn tuples_by_id(&self) -> impl Iterator<Item = (&'a [Word], u32)> + 'a {
        let arity = self.rel.arity();
        let rel = self.rel;
        let kept = if rel.provenance { rel.count } else { 0 };
        (0..kept).map(move |i| {
            let row: &'a [Word] = if arity == 0 {
                &[]
            } else {
                &rel.by_id[i * arity..(i + 1) * arity]
            };
            (row, rel.iters.get(i))
        })
    }

    /// The tuples as text, sorted.
    pub fn rows(&self) -> Vec<Vec<String>> {
        self.tuples()
            .map(|t| t.iter().map(ToString::to_string).collect())
            .collect()
    }
}
