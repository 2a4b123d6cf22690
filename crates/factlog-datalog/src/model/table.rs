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

/// The number of partitions of an inline table (a power of two).
const PARTS: usize = 256;

/// The partition of a tuple whose hash is `h`: bits 40 to 47, which are neither the low bits
/// that pick a bucket inside a partition nor the top seven that hashbrown keeps as tags.
#[inline]
fn part(h: u64) -> usize {
    ((h >> PART_SHIFT) as usize) & (PARTS - 1)
}

/// The first hash bit of the partition number.
const PART_SHIFT: u32 = 40;

/// Slots holding a tuple of `K` words inline, in [`PARTS`] hash tables chosen by bits of the
/// hash. A batch inserted partition by partition probes one small table at a time, which
/// stays in cache where one large table would miss at every probe, and a table grows one
/// partition at a time: no moment holds a whole old table beside a new one twice its size.
#[derive(Clone, Debug)]
pub(crate) struct Inline<const K: usize>(Box<[HashTable<[Word; K]>]>);

impl<const K: usize> Default for Inline<K> {
    fn default() -> Self {
        Inline((0..PARTS).map(|_| HashTable::new()).collect())
    }
}

impl<const K: usize> Inline<K> {
    /// [`Table::insert_partitioned`] for tuples of `K` words.
    fn insert_partitioned(&mut self, words: &[Word], ends: &[usize]) -> Vec<Word> {
        use rayon::prelude::*;
        let parts: Vec<Vec<Word>> = self
            .0
            .par_iter_mut()
            .with_min_len(16)
            .enumerate()
            .map(|(p, table)| {
                let start = if p == 0 { 0 } else { ends[p - 1] };
                let mut new = Vec::new();
                for t in words[start * K..ends[p] * K].chunks_exact(K) {
                    let key = Self::key(t);
                    if let Entry::Vacant(v) =
                        table.entry(hash_tuple(t), |s| *s == key, |s| hash_tuple(s))
                    {
                        v.insert(key);
                        new.extend_from_slice(t);
                    }
                }
                new
            })
            .collect();
        parts.concat()
    }

    /// Appends every tuple held to `out`, freeing each partition once copied.
    fn into_rows(self, out: &mut Vec<Word>) {
        for part in self.0.into_vec() {
            for t in part.iter() {
                out.extend_from_slice(t);
            }
        }
    }

    #[inline]
    fn key(t: &[Word]) -> [Word; K] {
        t.try_into().expect("invariant: tuples match the arity")
    }

    #[inline]
    fn contains(&self, h: u64, t: &[Word]) -> bool {
        let key = Self::key(t);
        self.0[part(h)].find(h, |s| *s == key).is_some()
    }

    #[inline]
    fn insert(&mut self, h: u64, t: &[Word]) -> bool {
        let key = Self::key(t);
        match self.0[part(h)].entry(h, |s| *s == key, |s| hash_tuple(s)) {
            Entry::Occupied(_) => false,
            Entry::Vacant(v) => {
                v.insert(key);
                true
            }
        }
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

    /// Inserts tuples ordered by partition (`ends[p]`: where partition `p`'s end, in tuples),
    /// each partition on its own rayon task; returns the new ones, flat, in the order the
    /// one-thread path would have appended them. Only for partitioned (inline) tables.
    pub(crate) fn insert_partitioned(&mut self, words: &[Word], ends: &[usize]) -> Vec<Word> {
        match self {
            Table::One(x) => x.insert_partitioned(words, ends),
            Table::Two(x) => x.insert_partitioned(words, ends),
            Table::Three(x) => x.insert_partitioned(words, ends),
            Table::Four(x) => x.insert_partitioned(words, ends),
            Table::Ids(_) => unreachable!("invariant: only partitioned tables split inserts"),
        }
    }

    /// Every tuple held, flat, in no particular order (`len` of them, `arity` words each), for
    /// a relation that keeps no rows of its own; only for tables that hold tuples inline.
    /// The table is consumed a partition at a time, so that its memory goes as the rows come.
    pub(crate) fn into_rows(self, arity: usize, len: usize) -> Vec<Word> {
        let mut out = Vec::with_capacity(len * arity);
        match self {
            Table::One(x) => x.into_rows(&mut out),
            Table::Two(x) => x.into_rows(&mut out),
            Table::Three(x) => x.into_rows(&mut out),
            Table::Four(x) => x.into_rows(&mut out),
            Table::Ids(_) => unreachable!("invariant: relations with ids keep their rows"),
        }
        out
    }

    /// Makes room for `additional` more tuples of `arity` words (partitioned tables grow a
    /// partition at a time instead).
    pub(crate) fn reserve(&mut self, additional: usize, data: &[Word], arity: usize) {
        if let Table::Ids(x) = self {
            x.reserve(additional, |&i| hash_tuple(row(data, arity, i)));
        }
    }

    /// Which bits of a tuple's hash say where in the table its probe goes, as (first bit,
    /// number of bits), for the sweep order of a batch; `None` when the table is small enough
    /// to stay in cache whatever the order.
    pub(crate) fn sweep_bits(&self) -> Option<(u32, u32)> {
        match self {
            Table::Ids(x) => {
                // hashbrown keeps an eighth of a large table empty.
                let buckets = (x.capacity() * 8 / 7).next_power_of_two();
                if buckets < SWEEP_MIN_BUCKETS {
                    return None;
                }
                let log = buckets.trailing_zeros();
                let bits = SWEEP_REGION_BITS.min(log);
                Some((log - bits, bits))
            }
            _ => Some((PART_SHIFT, PARTS.trailing_zeros())),
        }
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

    /// Reorders the tuples (`arity` words each) by the region of `table` where their probes
    /// go ([`Table::sweep_bits`]), so that probing them in order sweeps the table from start
    /// to end (or one partition after another) instead of jumping about it: one in-place
    /// counting-sort pass on those bits of the hash (American flag sort: rows are swapped into
    /// their region's next free place, no second buffer). Does nothing when the table or the
    /// batch is small. For a partitioned table, returns where each partition's tuples end.
    pub(crate) fn sweep_order(&mut self, arity: usize, table: &Table) -> Option<Vec<usize>> {
        let (shift, bits) = table.sweep_bits()?;
        if arity == 0 || self.count < 4096 {
            return None;
        }
        match arity {
            1 => Some(flag_sort::<1>(&mut self.words, shift, bits)),
            2 => Some(flag_sort::<2>(&mut self.words, shift, bits)),
            3 => Some(flag_sort::<3>(&mut self.words, shift, bits)),
            4 => Some(flag_sort::<4>(&mut self.words, shift, bits)),
            _ => {
                let region =
                    |t: &[Word]| ((hash_tuple(t) >> shift) & ((1u64 << bits) - 1)) as usize;
                let mut rows: Vec<(usize, &[Word])> = self
                    .words
                    .chunks_exact(arity)
                    .map(|t| (region(t), t))
                    .collect();
                rows.sort_by_key(|&(r, _)| r);
                let words: Vec<Word> = rows.iter().flat_map(|&(_, t)| t.iter().copied()).collect();
                self.words = words;
                None
            }
        }
    }
}

/// Orders rows of `A` words in place by bits `[shift, shift + bits)` of their hash.
fn flag_sort<const A: usize>(words: &mut [Word], shift: u32, bits: u32) -> Vec<usize> {
    let mask = (1u64 << bits) - 1;
    flag_sort_by::<A>(words, 1 << bits, |t| {
        ((hash_tuple(t) >> shift) & mask) as usize
    })
}

/// Orders rows of `A` words in place by `region` (below `regions`): counts per region, then
/// every row is swapped into the next free place of its region until each region's places
/// hold only its rows (American flag sort). Returns where each region ends.
pub(crate) fn flag_sort_by<const A: usize>(
    words: &mut [Word],
    regions: usize,
    region: impl Fn(&[Word]) -> usize,
) -> Vec<usize> {
    let mut end = vec![0usize; regions];
    for t in words.chunks_exact(A) {
        end[region(t)] += 1;
    }
    let mut next = vec![0usize; regions];
    let mut sum = 0;
    for (n, e) in next.iter_mut().zip(end.iter_mut()) {
        *n = sum;
        sum += *e;
        *e = sum;
    }
    let row = |words: &[Word], i: usize| -> [Word; A] {
        words[i * A..(i + 1) * A]
            .try_into()
            .expect("invariant: rows of A words")
    };
    for r in 0..regions {
        while next[r] < end[r] {
            let mut t = row(words, next[r]);
            let mut d = region(&t);
            // Carry the row to its region, taking the one there along, until one belongs here.
            while d != r {
                let at = next[d];
                next[d] += 1;
                let there = row(words, at);
                words[at * A..(at + 1) * A].copy_from_slice(&t);
                t = there;
                d = region(&t);
            }
            let at = next[r];
            words[at * A..(at + 1) * A].copy_from_slice(&t);
            next[r] += 1;
        }
    }
    end
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
            // A partitioned table for narrow tuples, a large table of ids for wide ones.
            let mut table = Table::new(arity);
            table.reserve(1 << 16, &[], arity);
            let _ = batch.sweep_order(arity, &table);
            let (shift, bits) = table.sweep_bits().expect("large enough to sweep");
            let region = |t: &[Word]| (hash_tuple(t) >> shift) & ((1 << bits) - 1);
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
