//! A relation's tuples during semi-naive evaluation, in datafrog's vocabulary: `stable` tuples
//! (seen by every earlier round), `recent` ones (new in the last round) and `to_add` (derived
//! in this round, merged by [`Relation::advance`]).
//!
//! Tuples are fixed-width rows of [`Word`]s in one flat append-only vector; a tuple's id is its
//! row number, so `stable` is the id range `[0, stable_end)` and `recent` is
//! `[stable_end, len)`: deltas live in the data structure, not in renamed relations. A hash
//! table of ids deduplicates; each index maps the values of some columns to the ascending list
//! of ids holding them, so a lookup restricted to stable or recent tuples is a binary search.

use super::value::Word;
use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

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

fn hash_words(words: impl Iterator<Item = Word>) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    for w in words {
        std::hash::Hasher::write_u32(&mut h, w);
    }
    std::hash::Hasher::finish(&h)
}

fn hash_tuple(t: &[Word]) -> u64 {
    FxBuildHasher.hash_one(t)
}

/// An index on some columns: key → ascending tuple ids.
#[derive(Debug, Clone)]
pub struct Index {
    cols: Vec<usize>,
    table: HashTable<u32>,
    groups: Vec<Vec<u32>>,
}

/// One relation's tuples, indexes and pending additions.
#[derive(Debug, Clone)]
pub struct Relation {
    arity: usize,
    data: Vec<Word>,
    len: usize,
    table: HashTable<u32>,
    stable_end: usize,
    indexes: Vec<Index>,
    to_add: Vec<Word>,
    to_add_len: usize,
}

impl Relation {
    /// An empty relation of `arity` columns.
    pub fn new(arity: usize) -> Relation {
        Relation {
            arity,
            data: Vec::new(),
            len: 0,
            table: HashTable::new(),
            stable_end: 0,
            indexes: Vec::new(),
            to_add: Vec::new(),
            to_add_len: 0,
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
        self.to_add_len
    }

    /// The tuple with id `i`.
    pub fn tuple(&self, i: usize) -> &[Word] {
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

    /// The id of a tuple, if present (stable or recent).
    pub fn find(&self, t: &[Word]) -> Option<usize> {
        let (data, arity) = (&self.data, self.arity);
        self.table
            .find(hash_tuple(t), |&i| {
                &data[i as usize * arity..(i as usize + 1) * arity] == t
            })
            .map(|&i| i as usize)
    }

    /// Whether a tuple is present (stable or recent).
    pub fn contains(&self, t: &[Word]) -> bool {
        if self.arity == 0 {
            return self.len > 0;
        }
        self.find(t).is_some()
    }

    /// The index on `cols`, creating (and filling) it if needed.
    pub fn index_for(&mut self, cols: &[usize]) -> usize {
        if let Some(i) = self.indexes.iter().position(|x| x.cols == cols) {
            return i;
        }
        let mut index = Index {
            cols: cols.to_vec(),
            table: HashTable::new(),
            groups: Vec::new(),
        };
        for id in 0..self.len {
            index_insert(&mut index, &self.data, self.arity, id);
        }
        self.indexes.push(index);
        self.indexes.len() - 1
    }

    /// The ids (ascending) of tuples whose indexed columns equal `key`.
    pub fn lookup(&self, index: usize, key: &[Word]) -> &[u32] {
        let ix = &self.indexes[index];
        let (data, arity) = (&self.data, self.arity);
        let h = hash_words(key.iter().copied());
        ix.table
            .find(h, |&g| {
                let first = ix.groups[g as usize][0] as usize;
                ix.cols
                    .iter()
                    .zip(key)
                    .all(|(&c, &k)| data[first * arity + c] == k)
            })
            .map_or(&[], |&g| &ix.groups[g as usize][..])
    }

    /// Adds a tuple directly (no round): used for inputs; returns whether it is new.
    pub fn insert(&mut self, t: &[Word]) -> bool {
        debug_assert_eq!(t.len(), self.arity, "invariant: tuples match the arity");
        if self.arity == 0 {
            if self.len == 0 {
                self.len = 1;
                return true;
            }
            return false;
        }
        let h = hash_tuple(t);
        let (data, arity) = (&self.data, self.arity);
        if self
            .table
            .find(h, |&i| {
                &data[i as usize * arity..(i as usize + 1) * arity] == t
            })
            .is_some()
        {
            return false;
        }
        let id = self.len;
        self.data.extend_from_slice(t);
        self.len += 1;
        let (data, arity) = (&self.data, self.arity);
        self.table.insert_unique(h, id as u32, |&j| {
            hash_tuple(&data[j as usize * arity..(j as usize + 1) * arity])
        });
        for ix in &mut self.indexes {
            index_insert(ix, &self.data, self.arity, id);
        }
        true
    }

    /// Queues tuples (flat, `count` of them) for the end of the round.
    pub fn queue(&mut self, words: &[Word], count: usize) {
        self.to_add.extend_from_slice(words);
        self.to_add_len += count;
    }

    /// Ends a round: recent tuples become stable, queued new ones become recent. Returns
    /// whether anything is recent.
    pub fn advance(&mut self) -> bool {
        self.stable_end = self.len;
        let pending = std::mem::take(&mut self.to_add);
        let count = std::mem::take(&mut self.to_add_len);
        if self.arity == 0 {
            if count > 0 && self.len == 0 {
                self.len = 1;
            }
        } else {
            for t in pending.chunks_exact(self.arity) {
                self.insert(t);
            }
        }
        self.len > self.stable_end
    }
}

fn index_insert(ix: &mut Index, data: &[Word], arity: usize, id: usize) {
    let row = &data[id * arity..(id + 1) * arity];
    let h = hash_words(ix.cols.iter().map(|&c| row[c]));
    let groups = &ix.groups;
    let found = ix.table.find(h, |&g| {
        let first = groups[g as usize][0] as usize;
        ix.cols.iter().all(|&c| data[first * arity + c] == row[c])
    });
    match found {
        Some(&g) => ix.groups[g as usize].push(id as u32),
        None => {
            let g = ix.groups.len() as u32;
            ix.groups.push(vec![id as u32]);
            let (groups, cols) = (&ix.groups, &ix.cols);
            ix.table.insert_unique(h, g, |&g| {
                let first = groups[g as usize][0] as usize;
                hash_words(cols.iter().map(|&c| data[first * arity + c]))
            });
        }
    }
}

/// The sub-slice of ascending `ids` that lies in `[start, end)`.
pub fn restrict(ids: &[u32], (start, end): (usize, usize)) -> &[u32] {
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
