//! An index on some columns of a relation: the values of those columns → the ascending ids of
//! the tuples holding them (ids grow as tuples are added, so each list stays sorted and a
//! lookup restricted to stable or recent tuples is a binary search).
//!
//! Each distinct key is a group: its words live in one flat vector (compared without reaching
//! into the relation's rows), its ids in a list kept inline while it has at most two.

use crate::model::table::hash_tuple;
use crate::value::Word;
use hashbrown::HashTable;
use smallvec::SmallVec;

/// The ids of the tuples sharing a key.
type Group = SmallVec<[u32; 2]>;

/// An index on some columns: key → ascending tuple ids.
#[derive(Debug, Clone)]
pub struct Index {
    cols: Vec<usize>,
    /// Group numbers, by the hash of their key.
    table: HashTable<u32>,
    /// The key of group `g` at `g * cols.len()`.
    keys: Vec<Word>,
    groups: Vec<Group>,
}

/// Whether two short keys are equal (without a call to `memcmp`).
#[inline]
fn same(a: &[Word], b: &[Word]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

impl Index {
    /// An empty index on `cols`.
    pub fn new(cols: &[usize]) -> Index {
        Index {
            cols: cols.to_vec(),
            table: HashTable::new(),
            keys: Vec::new(),
            groups: Vec::new(),
        }
    }

    /// The indexed columns.
    pub fn cols(&self) -> &[usize] {
        &self.cols
    }

    /// The ids (ascending) of the tuples whose indexed columns equal `key`.
    #[inline]
    pub fn get(&self, key: &[Word]) -> &[u32] {
        let k = self.cols.len();
        let keys = &self.keys;
        self.table
            .find(hash_tuple(key), |&g| {
                same(&keys[g as usize * k..(g as usize + 1) * k], key)
            })
            .map_or(&[], |&g| &self.groups[g as usize][..])
    }

    /// Adds the tuple `row` with id `id` (greater than every id added before).
    pub fn insert(&mut self, row: &[Word], id: u32) {
        let key: SmallVec<[Word; 8]> = self.cols.iter().map(|&c| row[c]).collect();
        let k = key.len();
        let h = hash_tuple(&key);
        let keys = &self.keys;
        let found = self.table.find(h, |&g| {
            same(&keys[g as usize * k..(g as usize + 1) * k], &key)
        });
        match found {
            Some(&g) => self.groups[g as usize].push(id),
            None => {
                let g = self.groups.len() as u32;
                self.groups.push(smallvec::smallvec![id]);
                self.keys.extend_from_slice(&key);
                let keys = &self.keys;
                self.table.insert_unique(h, g, |&g| {
                    hash_tuple(&keys[g as usize * k..(g as usize + 1) * k])
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_list_their_ids_in_order() {
        let mut ix = Index::new(&[1]);
        let rows = [[1, 5], [2, 6], [3, 5], [4, 5], [5, 7]];
        for (id, row) in rows.iter().enumerate() {
            ix.insert(row, id as u32);
        }
        assert_eq!(ix.get(&[5]), &[0, 2, 3]);
        assert_eq!(ix.get(&[6]), &[1]);
        assert_eq!(ix.get(&[8]), &[] as &[u32]);
        let mut wide = Index::new(&[0, 2]);
        wide.insert(&[1, 2, 3], 0);
        wide.insert(&[1, 9, 3], 1);
        wide.insert(&[3, 2, 1], 2);
        assert_eq!(wide.get(&[1, 3]), &[0, 1]);
        assert_eq!(wide.get(&[3, 1]), &[2]);
    }
}
