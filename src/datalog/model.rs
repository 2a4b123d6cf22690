//! The result of an evaluation: every relation's tuples sorted by value (symbols by text,
//! numbers numerically), as typed values or text, and the answers of `?-` queries.

use super::eval::Evaluated;
use super::ir::Column;
use super::program::Program;
use super::sort::sort_rows;
use super::value::{Symbols, Value, Word};
use crate::diag::Span;

#[derive(Debug)]
struct ModelRelation {
    name: String,
    columns: Vec<Column>,
    words: Vec<Word>,
    count: usize,
    is_query: bool,
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
    pub(crate) fn new(program: &Program, done: Evaluated) -> Model {
        let ranks = done.symbols.text_ranks();
        let relations = program
            .relation_infos()
            .iter()
            .zip(done.relations)
            .map(|(info, rel)| ModelRelation {
                name: info.name.clone(),
                columns: info.columns.clone(),
                count: rel.len(),
                words: sort_rows(rel.into_words(), &info.kinds(), &ranks),
                is_query: info.is_query,
            })
            .collect();
        Model {
            symbols: done.symbols,
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

    /// The tuples as text, sorted.
    pub fn rows(&self) -> Vec<Vec<String>> {
        self.tuples()
            .map(|t| t.iter().map(ToString::to_string).collect())
            .collect()
    }
}
