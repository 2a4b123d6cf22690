//! A relation's deduplication table: which tuples it holds, and for some relations their ids.
//!
//! Narrow relations (up to four columns) keep each tuple's words in the table's slot and
//! nothing else, so a probe or a rehash never reads the relation's rows, and a slot is as small
//! as the tuple: deduplicating millions of derived tuples costs one random memory access per
//! probe instead of two, in a table a third smaller than one with ids beside the words. Wider
//! relations, and those the plans look up by a whole tuple in only stable or only recent tuples
//! (which takes the tuple's id), keep ids and compare against the rows.
//!
//! The table holds no rows itself; callers pass the relation's flat rows where the id variant
//! needs them, and insert a tuple before appending its row.

use crate::value::Word;
use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use std::hash::Hasher;

/// The hash of a tuple (FxHash of its words): the one function every table and batch uses.
#[inline]
pub(crate) fn hash_tuple(t: &[Word]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    for &w in t {
        h.write_u32(w);
    }
    h.finish()
}

/// Slots holding a tuple of `K` words inline.
#[derive(Clone, Debug, Default)]
pub(crate) struct Inline<const K: usize>(HashTable<[Word; K]>);

impl<const K: usize> Inline<K> {
    #[inline]
    fn key(t: &[Word]) -> [Word; K] {
        t.try_into().expect("invariant: tuples match the arity")
    }

    #[inline]
    fn contains(&self, h: u64, t: &[Word]) -> bool {
        let key = Self::key(t);
        self.0.find(h, |s| *s == key).is_some()
    }

    #[inline]
    fn insert(&mut self, h: u64, t: &[Word]) -> bool {
        let key = Self::key(t);
        match self.0.entry(h, |s| *s == key, |s| hash_tuple(s)) {
            Entry::Occupied(_) => false,
            Entry::Vacant(v) => {
                v.insert(key);
                true
            }
        }
    }

    fn reserve(&mut self, additional: usize) {
        self.0.reserve(additional, |s| hash_tuple(s));
    }

    fn capacity(&self) -> usize {
        self.0.capacity()
    }
}

/// The tuples of one relation.
#[derive(Clone, Debug)]
pub(crate) enum Table {
    /// Arity 1.
    One(Inline<1>),
    /// Arity 2.
    Two(Inline<2>),
    /// Arity 3.
    Three(Inline<3>),
    /// Arity 4.
    Four(Inline<4>),
    /// Ids, compared against the rows: wider relations (and nullary ones, which relations keep
    /// without a table) and those whose ids are looked up.
    Ids(HashTable<u32>),
}

fn row(data: &[Word], arity: usize, id: u32) -> &[Word] {
    &data[id as usize * arity..(id as usize + 1) * arity]
}

impl Table {
    /// An empty table for tuples of `arity` words.
    pub(crate) fn new(arity: usize) -> Table {
        match arity {
            1 => Table::One(Inline::default()),
            2 => Table::Two(Inline::default()),
            3 => Table::Three(Inline::default()),
            4 => Table::Four(Inline::default()),
            _ => Table::Ids(HashTable::new()),
        }
    }

    /// An empty table that keeps ids.
    pub(crate) fn with_ids() -> Table {
        Table::Ids(HashTable::new())
    }

    /// Whether [`Table::find`] answers.
    pub(crate) fn has_ids(&self) -> bool {
        matches!(self, Table::Ids(_))
    }

    /// Whether `t` (whose hash is `h`) is present; `data` holds the relation's rows.
    #[inline]
    pub(crate) fn contains(&self, h: u64, t: &[Word], data: &[Word]) -> bool {
        match self {
            Table::One(x) => x.contains(h, t),
            Table::Two(x) => x.contains(h, t),
            Table::Three(x) => x.contains(h, t),
            Table::Four(x) => x.contains(h, t),
            Table::Ids(_) => self.find(h, t, data).is_some(),
        }
    }

    /// The id of `t` (whose hash is `h`), if present, in a table that [has ids]
    /// (Table::has_ids); `data` holds the relation's rows.
    #[inline]
    pub(crate) fn find(&self, h: u64, t: &[Word], data: &[Word]) -> Option<u32> {
        let Table::Ids(x) = self else {
            unreachable!("invariant: ids are looked up only in tables that keep them")
        };
        x.find(h, |&i| row(data, t.len(), i) == t).copied()
    }

    /// Records `t` (hash `h`) with id `id` unless present; returns whether it was new. The
    /// row of `t` need not be in `data` yet.
    #[inline]
    pub(crate) fn insert(&mut self, h: u64, t: &[Word], id: u32, data: &[Word]) -> bool {
        match self {
            Table::One(x) => x.insert(h, t),
            Table::Two(x) => x.insert(h, t),
            Table::Three(x) => x.insert(h, t),
            Table::Four(x) => x.insert(h, t),
            Table::Ids(x) => {
                let arity = t.len();
                match x.entry(
                    h,
                    |&i| row(data, arity, i) == t,
                    |&i| hash_tuple(row(data, arity, i)),
                ) {
                    Entry::Occupied(_) => false,
                    Entry::Vacant(v) => {
                        v.insert(id);
                        true
                    }
                }
            }
        }
    }

    /// Makes room for `additional` more tuples of `arity` words.
    pub(crate) fn reserve(&mut self, additional: usize, data: &[Word], arity: usize) {
        match self {
            Table::One(x) => x.reserve(additional),
            Table::Two(x) => x.reserve(additional),
            Table::Three(x) => x.reserve(additional),
            Table::Four(x) => x.reserve(additional),
            Table::Ids(x) => x.reserve(additional, |&i| hash_tuple(row(data, arity, i))),
        }
    }

    /// The number of buckets (a power of two): a tuple's probe starts at bucket
    /// `hash & (buckets - 1)`.
    pub(crate) fn buckets(&self) -> usize {
        let capacity = match self {
            Table::One(x) => x.capacity(),
            Table::Two(x) => x.capacity(),
            Table::Three(x) => x.capacity(),
            Table::Four(x) => x.capacity(),
            Table::Ids(x) => x.capacity(),
        };
        // hashbrown keeps an eighth of a large table empty.
        (capacity * 8 / 7).next_power_of_two()
    }
}

/// Tables smaller than this many buckets stay in cache: probing them in any order is cheap.
const SWEEP_MIN_BUCKETS: usize = 1 << 15;

/// Regions (at most) a sweep sorts tuples into.
const SWEEP_REGION_BITS: u32 = 12;

/// Tuples derived in a round and not yet inserted: flat words and their number (a nullary
/// relation's tuples have no words).
///
/// Hashes are not kept beside the tuples: computing one costs a few multiplications, less
/// than moving eight more bytes per tuple through memory on every pass.
#[derive(Clone, Debug, Default)]
pub(crate) struct Batch {
    pub words: Vec<Word>,
    pub count: usize,
}

impl Batch {
    /// Empties the batch, keeping its buffer.
    pub(crate) fn clear(&mut self) {
        self.words.clear();
        self.count = 0;
    }

    /// Appends a tuple.
    #[cfg(test)]
    pub(crate) fn push(&mut self, t: &[Word]) {
        self.words.extend_from_slice(t);
        self.count += 1;
    }

    /// Drops repeated tuples (`arity` words each) from the batch; the order of those kept
    /// changes (they are sorted).
    pub(crate) fn dedup(&mut self, arity: usize) {
        if self.count < 2 {
            return;
        }
        match arity {
            0 => self.count = 1,
            1 => {
                self.words.sort_unstable();
                self.words.dedup();
                self.count = self.words.len();
            }
            2 => {
                let mut packed: Vec<u64> = self
                    .words
                    .chunks_exact(2)
                    .map(|t| u64::from(t[0]) << 32 | u64::from(t[1]))
                    .collect();
                packed.sort_unstable();
                packed.dedup();
                self.words.clear();
                for p in &packed {
                    self.words.push((p >> 32) as Word);
                    self.words.push(*p as Word);
                }
                self.count = packed.len();
            }
            _ => {
                let mut rows: Vec<&[Word]> = self.words.chunks_exact(arity).collect();
                rows.sort_unstable();
                rows.dedup();
                let words = rows.concat();
                self.count = rows.len();
                self.words = words;
            }
        }
    }

    /// Appends another batch, taking its buffer if this one is empty.
    pub(crate) fn append(&mut self, other: Batch) {
        if self.words.is_empty() {
            let count = self.count + other.count;
            *self = other;
            self.count = count;
        } else {
            self.words.extend_from_slice(&other.words);
            self.count += other.count;
        }
    }

    /// Reorders the tuples (`arity` words each) by the region of a table of `buckets` buckets
    /// where their probes start, so that probing them in order sweeps the table from start to
    /// end instead of jumping about it: one counting-sort pass on the top bits of the bucket
    /// number, through `scratch` (which ends up with the old buffer). Does nothing when the
    /// table or the batch is small.
    pub(crate) fn sweep_order(&mut self, arity: usize, buckets: usize, scratch: &mut Batch) {
        if arity == 0 || buckets < SWEEP_MIN_BUCKETS || self.count < 4096 {
            return;
        }
        let log = buckets.trailing_zeros();
        let bits = SWEEP_REGION_BITS.min(log);
        let mask = (buckets - 1) as u64;
        let region = |t: &[Word]| ((hash_tuple(t) & mask) >> (log - bits)) as usize;
        let mut next = vec![0usize; 1 << bits];
        for t in self.words.chunks_exact(arity) {
            next[region(t)] += 1;
        }
        let mut sum = 0;
        for c in next.iter_mut() {
            let count = *c;
            *c = sum;
            sum += count;
        }
        scratch.clear();
        scratch.words.resize(self.words.len(), 0);
        match arity {
            1 => scatter::<1>(&self.words, &mut scratch.words, &mut next, region),
            2 => scatter::<2>(&self.words, &mut scratch.words, &mut next, region),
            3 => scatter::<3>(&self.words, &mut scratch.words, &mut next, region),
            _ => {
                for t in self.words.chunks_exact(arity) {
                    let at = &mut next[region(t)];
                    scratch.words[*at * arity..(*at + 1) * arity].copy_from_slice(t);
                    *at += 1;
                }
            }
        }
        scratch.count = self.count;
        std::mem::swap(self, scratch);
    }
}

/// The scatter pass of [`Batch::sweep_order`] for rows of `A` words.
fn scatter<const A: usize>(
    from: &[Word],
    to: &mut [Word],
    next: &mut [usize],
    region: impl Fn(&[Word]) -> usize,
) {
    for t in from.chunks_exact(A) {
        let t: &[Word; A] = t.try_into().expect("invariant: rows of A words");
        let at = &mut next[region(t)];
        to[*at * A..(*at + 1) * A].copy_from_slice(t);
        *at += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sweep_orders_by_bucket_region_and_keeps_every_row() {
        for arity in [2, 3, 5] {
            let words: Vec<Word> = (0..30_000u32).collect();
            let mut batch = Batch::default();
            for row in words.chunks_exact(arity) {
                batch.push(row);
            }
            let buckets = 1 << 16;
            batch.sweep_order(arity, buckets, &mut Batch::default());
            let region = |t: &[Word]| (hash_tuple(t) & (buckets as u64 - 1)) >> 4;
            let regions: Vec<u64> = batch.words.chunks(arity).map(region).collect();
            assert!(regions.windows(2).all(|w| w[0] <= w[1]));
            let mut rows: Vec<&[Word]> = batch.words.chunks(arity).collect();
            rows.sort();
            assert_eq!(rows, words.chunks_exact(arity).collect::<Vec<_>>());
            assert_eq!(batch.count, words.len() / arity);
        }
    }

    #[test]
    fn a_deduplicated_batch_keeps_each_tuple_once() {
        for arity in [1, 2, 3] {
            let mut batch = Batch::default();
            for i in 0..100u32 {
                let t: Vec<Word> = (0..arity as u32).map(|c| i % 7 + c).collect();
                batch.push(&t);
            }
            batch.dedup(arity);
            assert_eq!(batch.count, 7, "arity {arity}");
            assert_eq!(batch.words.len(), 7 * arity);
            let mut rows: Vec<&[Word]> = batch.words.chunks(arity).collect();
            rows.dedup();
            assert_eq!(rows.len(), 7);
        }
    }

    #[test]
    fn narrow_and_wide_tables_find_what_they_hold() {
        for (arity, ids) in [
            (1, false),
            (2, false),
            (2, true),
            (3, false),
            (4, false),
            (5, false),
        ] {
            let mut table = if ids {
                Table::with_ids()
            } else {
                Table::new(arity)
            };
            let mut data: Vec<Word> = Vec::new();
            for i in 0..1000u32 {
                let t: Vec<Word> = (0..arity as u32).map(|c| i / 2 + c).collect();
                let new = table.insert(hash_tuple(&t), &t, (data.len() / arity) as u32, &data);
                assert_eq!(new, i % 2 == 0, "arity {arity}, tuple {i}");
                if new {
                    data.extend_from_slice(&t);
                }
            }
            for i in 0..500u32 {
                let t: Vec<Word> = (0..arity as u32).map(|c| i + c).collect();
                assert!(table.contains(hash_tuple(&t), &t, &data));
                if table.has_ids() {
                    assert_eq!(table.find(hash_tuple(&t), &t, &data), Some(i));
                }
            }
            let absent: Vec<Word> = vec![9999; arity];
            assert!(!table.contains(hash_tuple(&absent), &absent, &data));
        }
    }
}
