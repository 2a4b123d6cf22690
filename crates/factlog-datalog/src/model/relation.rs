//! A relation's tuples during semi-naive evaluation, in datafrog's vocabulary: `stable` tuples
//! (seen by every earlier round), `recent` ones (new in the last round) and `to_add` (derived
//! in this round, merged by [`Relation::advance`]).
//!
//! Tuples are fixed-width rows of [`Word`]s in one flat append-only vector; a tuple's id is its
//! row number, so `stable` is the id range `[0, stable_end)` and `recent` is
//! `[stable_end, len)`: deltas live in the data structure, not in renamed relations. A
//! [`Table`] deduplicates; each [`Index`] maps the values of some columns to the ascending list
//! of ids holding them, so a lookup restricted to stable or recent tuples is a binary search.
//!
//! Derived tuples are not probed one by one as they are derived, at random places of a table
//! far larger than the caches: they are queued, and [`Relation::advance`] orders them by the
//! table region where their probe starts and inserts them in that order, one probe each, so
//! that the probes sweep the table (see [`Batch::sweep_order`]).
//!
//! Each tuple has the iteration that first derived it (for explanations): the evaluator sets
//! the number before each [`Relation::advance`], inputs are inserted first at 0, and since ids
//! ascend with iterations they are kept as runs ([`Iterations`]), at no cost per tuple.

use crate::model::index::Index;
use crate::model::table::{Batch, Table, hash_tuple};
use crate::value::Word;

/// The batch size (tuples) from which a parallel relation splits its insert by partition.
const PARALLEL_INSERT: usize = 1 << 16;

/// Which tuples of a relation a scan reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Stable and recent.
    Full,
    /// Only those new in the last round (the delta).
    Recent,
    /// Only those older than the last round.
    Stable,
}

/// One relation's tuples, indexes and pending additions.
#[derive(Debug, Clone)]
pub struct Relation {
    arity: usize,
    /// The rows of the tuples with ids from `base` on, flat.
    data: Vec<Word>,
    /// The id of the first row of `data`: 0, unless stable rows are dropped, when it is the
    /// first recent id.
    base: usize,
    /// Whether the rows of stable tuples are dropped at each advance (nothing reads them; the
    /// table holds the tuples).
    drop_stable: bool,
    /// Whether large batches are inserted a partition per rayon task (`-j` above 1).
    parallel: bool,
    len: usize,
    table: Table,
    stable_end: usize,
    indexes: Vec<Index>,
    /// Per tuple (by id), the iteration that first derived it (0 for inputs).
    iters: Iterations,
    /// The iteration stamped on the tuples inserted from now on.
    iteration: u32,
    /// Input tuples waiting for the next [`Relation::advance`] (inserted first, at iteration 0).
    inputs: Batch,
    to_add: Batch,
    /// An earlier round's `to_add`, emptied, for the next round's batches: kept so that large
    /// rounds do not allocate (and fault in) fresh memory every time.
    spare: Batch,
}

impl Relation {
    /// An empty relation of `arity` columns.
    pub fn new(arity: usize) -> Relation {
        Relation {
            arity,
            data: Vec::new(),
            base: 0,
            drop_stable: false,
            parallel: false,
            len: 0,
            table: Table::new(arity),
            stable_end: 0,
            indexes: Vec::new(),
            iters: Iterations::default(),
            iteration: 0,
            inputs: Batch::default(),
            to_add: Batch::default(),
            spare: Batch::default(),
        }
    }

    /// The number of columns.
    pub fn arity(&self) -> usize {
        self.arity
    }

    /// The number of tuples (stable and recent).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it has no tuple.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The number of tuples waiting in `to_add`.
    pub fn pending(&self) -> usize {
        self.to_add.count + self.inputs.count
    }

    /// Sets the iteration stamped on the tuples inserted from now on.
    pub fn set_iteration(&mut self, iteration: u32) {
        self.iteration = iteration;
    }

    /// The rows of every tuple, flat, in id order, and each tuple's iteration (the relation's
    /// tables are dropped).
    pub(crate) fn into_parts(self) -> (Vec<Word>, Iterations) {
        let Relation {
            arity,
            data,
            len,
            table,
            drop_stable,
            indexes,
            iters,
            inputs,
            to_add,
            spare,
            ..
        } = self;
        // Everything else goes before the rows are gathered.
        drop((indexes, inputs, to_add, spare));
        if drop_stable {
            drop(data);
            return (table.into_rows(arity, len), iters);
        }
        (data, iters)
    }

    /// From now on, inserts large batches a partition per task on the current rayon pool.
    pub(crate) fn insert_in_parallel(&mut self) {
        self.parallel = true;
    }

    /// From now on, drops the rows of stable tuples at each advance, keeping only the recent
    /// ones: for a relation that is read only through its recent tuples and probed whole
    /// through its table. Ignored for relations whose table keeps ids (they compare rows),
    /// and for nullary ones.
    pub(crate) fn drop_stable_rows(&mut self) {
        if self.arity > 0 && !self.table.has_ids() {
            self.drop_stable = true;
        }
    }

    /// Adds a tuple directly, stamped with `iteration`; returns whether it is new.
    pub fn insert_at(&mut self, t: &[Word], iteration: u32) -> bool {
        let saved = std::mem::replace(&mut self.iteration, iteration);
        let new = self.insert(t);
        self.iteration = saved;
        new
    }

    /// The tuple with id `i`.
    #[inline]
    pub fn tuple(&self, i: usize) -> &[Word] {
        let i = i - self.base;
        &self.data[i * self.arity..(i + 1) * self.arity]
    }

    /// The id range of a source.
    pub fn range(&self, source: Source) -> (usize, usize) {
        match source {
            Source::Full => (0, self.len),
            Source::Recent => (self.stable_end, self.len),
            Source::Stable => (0, self.stable_end),
        }
    }

    /// The id of a tuple, if present (stable or recent). Only after [`Relation::keep_ids`].
    pub fn find(&self, t: &[Word]) -> Option<usize> {
        if self.arity == 0 {
            return (self.len > 0).then_some(0);
        }
        self.table
            .find(hash_tuple(t), t, &self.data)
            .map(|i| i as usize)
    }

    /// Whether a tuple is present (stable or recent).
    #[inline]
    pub fn contains(&self, t: &[Word]) -> bool {
        if self.arity == 0 {
            return self.len > 0;
        }
        self.table.contains(hash_tuple(t), t, &self.data)
    }

    /// Makes [`Relation::find`] answer from now on (narrow relations keep no ids otherwise).
    pub fn keep_ids(&mut self) {
        if self.arity == 0 || self.table.has_ids() {
            return;
        }
        let mut table = Table::with_ids();
        table.reserve(self.len, &self.data, self.arity);
        for (id, t) in self.data.chunks_exact(self.arity).enumerate() {
            table.insert(hash_tuple(t), t, id as u32, &self.data);
        }
        self.table = table;
    }

    /// The index on `cols`, creating (and filling) it if needed.
    pub fn index_for(&mut self, cols: &[usize]) -> usize {
        if let Some(i) = self.indexes.iter().position(|x| x.cols() == cols) {
            return i;
        }
        let mut index = Index::new(cols);
        for id in 0..self.len {
            index.insert(self.tuple(id), id as u32);
        }
        self.indexes.push(index);
        self.indexes.len() - 1
    }

    /// The ids (ascending) of tuples whose indexed columns equal `key`.
    #[inline]
    pub fn lookup(&self, index: usize, key: &[Word]) -> &[u32] {
        self.indexes[index].get(key)
    }

    /// Adds a tuple directly (no round), at the current iteration; returns whether it is new.
    pub fn insert(&mut self, t: &[Word]) -> bool {
        let id = self.len;
        let new = self.insert_hashed(hash_tuple(t), t);
        if new {
            self.iters.note(id, self.iteration);
        }
        new
    }

    /// Adds a tuple whose [`hash_tuple`] is `h`; returns whether it is new.
    #[inline]
    fn insert_hashed(&mut self, h: u64, t: &[Word]) -> bool {
        debug_assert_eq!(t.len(), self.arity, "invariant: tuples match the arity");
        if self.arity == 0 {
            if self.len == 0 {
                self.len = 1;
                return true;
            }
            return false;
        }
        let id = self.len;
        if !self.table.insert(h, t, id as u32, &self.data) {
            return false;
        }
        self.data.extend_from_slice(t);
        self.len += 1;
        for ix in &mut self.indexes {
            ix.insert(t, id as u32);
        }
        true
    }

    /// Queues tuples (flat, `count` of them) for the end of the round.
    #[cfg(test)]
    pub fn queue(&mut self, words: &[Word], count: usize) {
        self.to_add.words.extend_from_slice(words);
        self.to_add.count += count;
    }

    /// Queues input tuples (flat, `count` of them) for the next [`Relation::advance`], which
    /// inserts them before any derived tuple, at iteration 0.
    pub fn queue_inputs(&mut self, words: &[Word], count: usize) {
        self.inputs.words.extend_from_slice(words);
        self.inputs.count += count;
    }

    /// Queues a batch of tuples for the end of the round.
    pub(crate) fn queue_batch(&mut self, batch: Batch) {
        self.to_add.append(batch);
    }

    /// Drops the queued tuples the relation holds already and repeated ones, so that
    /// [`Relation::pending`] counts only tuples the next advance adds.
    pub(crate) fn compact_pending(&mut self) {
        for batch in [&mut self.inputs, &mut self.to_add] {
            retain_new_in(&self.table, &self.data, self.arity, self.len, batch);
            batch.dedup(self.arity);
        }
    }

    /// An empty batch for new tuples: the buffers of an earlier round's, if any.
    pub(crate) fn take_spare(&mut self) -> Batch {
        std::mem::take(&mut self.spare)
    }

    /// Ends a round: recent tuples become stable, queued new ones become recent. Returns
    /// whether anything is recent.
    pub fn advance(&mut self) -> bool {
        self.stable_end = self.len;
        if self.drop_stable {
            self.data.clear();
            self.base = self.len;
        }
        if self.inputs.count > 0 {
            let inputs = std::mem::take(&mut self.inputs);
            let saved = std::mem::replace(&mut self.iteration, 0);
            self.insert_batch(inputs);
            self.iteration = saved;
        }
        let pending = std::mem::take(&mut self.to_add);
        self.insert_batch(pending);
        self.len > self.stable_end
    }

    /// Inserts a batch of tuples (in the order of a sweep of the table), keeping its buffer as
    /// the spare one.
    fn insert_batch(&mut self, mut pending: Batch) {
        let first = self.len;
        if self.arity == 0 {
            if pending.count > 0 && self.len == 0 {
                self.len = 1;
            }
        } else if pending.count > 0 {
            let new = self.estimate_new(&pending);
            self.table.reserve(new, &self.data, self.arity);
            // Room for the new rows, growing by a quarter at least instead of doubling: a
            // large relation's last growth would leave up to half its vector unused.
            let words = new * self.arity;
            if self.data.capacity() - self.data.len() < words {
                let quarter = if self.drop_stable {
                    0
                } else {
                    self.data.len() / 4
                };
                self.data.reserve_exact(words.max(quarter));
            }
            let ends = pending.sweep_order(self.arity, &self.table);
            match ends {
                // Partitions inserted side by side, then their new rows appended in order.
                Some(ends) if self.parallel && pending.count >= PARALLEL_INSERT => {
                    let new = self.table.insert_partitioned(&pending.words, &ends);
                    for t in new.chunks_exact(self.arity) {
                        let id = self.len;
                        self.data.extend_from_slice(t);
                        self.len += 1;
                        for ix in &mut self.indexes {
                            ix.insert(t, id as u32);
                        }
                    }
                }
                _ => {
                    for t in pending.words.chunks_exact(self.arity) {
                        self.insert_hashed(hash_tuple(t), t);
                    }
                }
            }
        }
        pending.clear();
        if self.len > first {
            self.iters.note(first, self.iteration);
        }
        if pending.words.capacity() > self.spare.words.capacity() {
            self.spare = pending;
        }
    }

    /// About how many tuples of `batch` are new, from a sample (on the high side: duplicates
    /// within the batch count as new). Reserving room for the whole batch could double a
    /// large table for tuples it holds already.
    fn estimate_new(&self, batch: &Batch) -> usize {
        const SAMPLE: usize = 1024;
        if batch.count <= 4 * SAMPLE || self.len == 0 {
            return batch.count;
        }
        let arity = self.arity;
        let step = batch.count / SAMPLE;
        let new = (0..SAMPLE)
            .filter(|i| {
                let at = i * step * arity;
                !self.contains(&batch.words[at..at + arity])
            })
            .count();
        batch.count / SAMPLE * new + batch.count / 32
    }

    /// Drops the tuples of `batch` that the relation holds already, probing in table order.
    pub(crate) fn retain_new(&self, batch: &mut Batch) {
        retain_new_in(&self.table, &self.data, self.arity, self.len, batch);
    }
}

/// [`Relation::retain_new`] on a relation's parts (its table, rows, arity and length).
fn retain_new_in(table: &Table, data: &[Word], arity: usize, len: usize, batch: &mut Batch) {
    if len == 0 {
        return;
    }
    if arity == 0 {
        batch.clear();
        return;
    }
    let _ = batch.sweep_order(arity, table);
    let mut kept = 0;
    for i in 0..batch.count {
        let t = &batch.words[i * arity..(i + 1) * arity];
        if !table.contains(hash_tuple(t), t, data) {
            batch
                .words
                .copy_within(i * arity..(i + 1) * arity, kept * arity);
            kept += 1;
        }
    }
    batch.words.truncate(kept * arity);
    batch.count = kept;
}

/// The iteration of each tuple of a relation, by id. Tuples are inserted in rounds of
/// increasing iterations, so the iterations ascend with the ids: they are kept as runs (the
/// first id of each run and its iteration), which costs nothing per tuple.
#[derive(Clone, Debug, Default)]
pub(crate) struct Iterations {
    runs: Vec<(u32, u32)>,
}

impl Iterations {
    /// Notes that the tuples from id `first` on have `iteration` (until the next run).
    fn note(&mut self, first: usize, iteration: u32) {
        if self.runs.last().is_some_and(|&(_, i)| i == iteration) {
            return;
        }
        debug_assert!(
            self.runs
                .last()
                .is_none_or(|&(f, i)| (f as usize) < first && i < iteration),
            "invariant: iterations ascend with the ids"
        );
        self.runs.push((first as u32, iteration));
    }

    /// The iteration of the tuple with id `id`.
    pub(crate) fn get(&self, id: usize) -> u32 {
        let run = self.runs.partition_point(|&(f, _)| f as usize <= id);
        run.checked_sub(1).map_or(0, |r| self.runs[r].1)
    }
}

/// The sub-slice of ascending `ids` that lies in `[start, end)`.
pub fn restrict(ids: &[u32], (start, end): (usize, usize)) -> &[u32] {
    match (ids.first(), ids.last()) {
        (Some(&first), Some(&last)) if first as usize >= start && (last as usize) < end => {
            return ids;
        }
        (None, _) => return ids,
        _ => {}
    }
    let a = ids.partition_point(|&i| (i as usize) < start);
    let b = ids.partition_point(|&i| (i as usize) < end);
    &ids[a..b]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_move_tuples_from_to_add_to_recent_to_stable() {
        let mut r = Relation::new(2);
        let ix = r.index_for(&[0]);
        r.queue(&[1, 2, 1, 3, 1, 2], 3);
        assert!(r.advance());
        assert_eq!(r.range(Source::Recent), (0, 2));
        r.queue(&[2, 3, 1, 2], 2);
        assert!(r.advance());
        assert_eq!(r.range(Source::Stable), (0, 2));
        assert_eq!(r.range(Source::Recent), (2, 3));
        assert_eq!(r.lookup(ix, &[1]), &[0, 1]);
        assert_eq!(restrict(r.lookup(ix, &[2]), r.range(Source::Recent)), &[2]);
        assert!(!r.advance());
        assert!(r.contains(&[2, 3]) && !r.contains(&[3, 2]));
        r.keep_ids();
        assert_eq!(
            (r.find(&[2, 3]), r.find(&[1, 2]), r.find(&[3, 2])),
            (Some(2), Some(0), None)
        );
        assert!(r.insert(&[4, 4]) && !r.insert(&[1, 3]));
        assert_eq!(r.find(&[4, 4]), Some(3));
    }

    #[test]
    fn large_rounds_sweep_and_keep_exactly_the_distinct_tuples() {
        // Batches and tables large enough for the sweep order, with duplicates within and
        // across rounds, on a narrow relation and on a wide one.
        for arity in [2, 5] {
            let mut r = Relation::new(arity);
            let mut seen = std::collections::HashSet::new();
            for round in 0..4u32 {
                let mut batch = Batch::default();
                for i in 0..60_000u32 {
                    let x = (i * 7 + round * 13_000) % 90_000;
                    let t: Vec<Word> = (0..arity as u32).map(|c| x + c).collect();
                    batch.push(&t);
                    seen.insert(t);
                }
                let mut kept = batch.clone();
                r.retain_new(&mut kept);
                assert!(kept.count < batch.count || round == 0);
                assert!(kept.words.chunks(arity).all(|t| !r.contains(t)));
                r.queue_batch(batch);
                assert!(r.advance());
                assert_eq!(r.len(), seen.len());
            }
            assert!(seen.iter().all(|t| r.contains(t)));
            let mut rows: Vec<&[Word]> = (0..r.len()).map(|i| r.tuple(i)).collect();
            rows.sort();
            rows.dedup();
            assert_eq!(rows.len(), seen.len());
        }
    }

    #[test]
    fn a_nullary_relation_holds_at_most_one_tuple() {
        let mut r = Relation::new(0);
        assert!(!r.contains(&[]));
        r.queue(&[], 2);
        assert!(r.advance());
        assert!(r.contains(&[]));
        assert_eq!(r.len(), 1);
    }
}
