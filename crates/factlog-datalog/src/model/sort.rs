//! The order of a [`Model`](super::Model)'s tuples: by typed value, column by column (symbols
//! by text, numbers numerically, floats by IEEE 754 total order).
//!
//! Every value maps to an unsigned sort key of the same width, one-to-one, so a relation's rows
//! sort as keys and map back. Rows of one or two columns become keys in place and go through an
//! LSD radix sort (byte digits, skipping those every row shares); wider rows sort an index by
//! their keys.

use crate::model::table::flag_sort_by;
use crate::value::{Kind, Word};

/// Maps words to sort keys and back, for the columns of one relation.
struct Keys<'a> {
    /// A symbol's rank in text order.
    ranks: &'a [u32],
    /// The symbol of each rank (built when a column holds symbols).
    symbols: Vec<Word>,
}

impl Keys<'_> {
    #[inline]
    fn key(&self, w: Word, k: Kind) -> u32 {
        match k {
            Kind::Symbol => self.ranks[w as usize],
            Kind::Number => w ^ 0x8000_0000,
            Kind::Unsigned => w,
            // The total order of floats, as unsigned integers.
            Kind::Float if w >> 31 == 1 => !w,
            Kind::Float => w | 0x8000_0000,
        }
    }

    #[inline]
    fn word(&self, key: u32, k: Kind) -> Word {
        match k {
            Kind::Symbol => self.symbols[key as usize],
            Kind::Number => key ^ 0x8000_0000,
            Kind::Unsigned => key,
            Kind::Float if key >> 31 == 1 => key & 0x7fff_ffff,
            Kind::Float => !key,
        }
    }
}

/// Sorts flat rows of `kinds.len()` words (distinct tuples) by typed value; `ranks` gives each
/// symbol's rank in text order. The rows are borrowed: a copy is sorted (the copying pass is the one that maps words to
/// keys).
pub(crate) fn sort_rows(words: &[Word], kinds: &[Kind], ranks: &[u32]) -> Vec<Word> {
    let arity = kinds.len();
    if arity == 0 {
        return Vec::new();
    }
    let mut keys = Keys {
        ranks,
        symbols: Vec::new(),
    };
    if kinds.contains(&Kind::Symbol) {
        keys.symbols = vec![0; ranks.len()];
        for (s, &r) in ranks.iter().enumerate() {
            keys.symbols[r as usize] = s as Word;
        }
    }
    if arity <= 2 {
        // The copy holds keys, sorts as rows, and becomes words again in place.
        let mut words: Vec<Word> = if arity == 1 {
            words.iter().map(|&w| keys.key(w, kinds[0])).collect()
        } else {
            let mut out = Vec::with_capacity(words.len());
            for row in words.chunks_exact(2) {
                out.push(keys.key(row[0], kinds[0]));
                out.push(keys.key(row[1], kinds[1]));
            }
            out
        };
        if arity == 1 {
            radix_sort::<1>(&mut words);
        } else {
            radix_sort::<2>(&mut words);
        }
        for row in words.chunks_exact_mut(arity) {
            for (w, &k) in row.iter_mut().zip(kinds) {
                *w = keys.word(*w, k);
            }
        }
        return words;
    }
    let n = words.len() / arity;
    let mut flat: Vec<u32> = Vec::with_capacity(words.len());
    for row in words.chunks_exact(arity) {
        flat.extend(row.iter().zip(kinds).map(|(&w, &k)| keys.key(w, k)));
    }
    let mut order: Vec<u32> = (0..n as u32).collect();
    let row = |i: u32| &flat[i as usize * arity..(i as usize + 1) * arity];
    order.sort_unstable_by(|&a, &b| row(a).cmp(row(b)));
    let mut out = Vec::with_capacity(words.len());
    for i in order {
        out.extend_from_slice(&words[i as usize * arity..(i as usize + 1) * arity]);
    }
    out
}

/// Sorts flat rows as [`sort_rows`] does, reusing their buffer where the rows have one or two
/// columns (the common case: no second copy of a large relation).
pub(crate) fn sort_rows_in_place(words: Vec<Word>, kinds: &[Kind], ranks: &[u32]) -> Vec<Word> {
    if kinds.is_empty() || kinds.len() > 2 {
        return sort_rows(&words, kinds, ranks);
    }
    let mut keys = Keys {
        ranks,
        symbols: Vec::new(),
    };
    if kinds.contains(&Kind::Symbol) {
        keys.symbols = vec![0; ranks.len()];
        for (s, &r) in ranks.iter().enumerate() {
            keys.symbols[r as usize] = s as Word;
        }
    }
    let mut words = words;
    for row in words.chunks_exact_mut(kinds.len()) {
        for (w, &k) in row.iter_mut().zip(kinds) {
            *w = keys.key(*w, k);
        }
    }
    if kinds.len() == 1 {
        words.sort_unstable();
    } else {
        sort_pairs_in_place(&mut words);
    }
    for row in words.chunks_exact_mut(kinds.len()) {
        for (w, &k) in row.iter_mut().zip(kinds) {
            *w = keys.word(*w, k);
        }
    }
    words
}

/// Sorts rows of two words in place without a second buffer of their size: an in-place
/// partition on the eight highest bits in which the rows differ (American flag sort), then
/// each part, small enough for the cache, sorted through a buffer of its own size.
fn sort_pairs_in_place(words: &mut [Word]) {
    let key = |r: &[Word]| u64::from(r[0]) << 32 | u64::from(r[1]);
    let (mut and, mut or) = (u64::MAX, 0u64);
    for r in words.chunks_exact(2) {
        and &= key(r);
        or |= key(r);
    }
    let varying = and ^ or;
    if varying == 0 {
        return;
    }
    let top = 64 - varying.leading_zeros();
    let shift = top.saturating_sub(8);
    let ends = flag_sort_by::<2>(words, 256, |r| ((key(r) >> shift) & 0xff) as usize);
    let mut part: Vec<u64> = Vec::new();
    let mut start = 0;
    for end in ends {
        if end - start > 1 {
            part.clear();
            part.extend(words[2 * start..2 * end].chunks_exact(2).map(key));
            part.sort_unstable();
            for (r, k) in words[2 * start..2 * end].chunks_exact_mut(2).zip(&part) {
                r[0] = (k >> 32) as Word;
                r[1] = *k as Word;
            }
        }
        start = end;
    }
}

/// The sort key of a row of `A` (one or two) words.
#[inline]
fn row_key<const A: usize>(row: &[Word; A]) -> u64 {
    row.iter().fold(0, |acc, &w| acc << 32 | u64::from(w))
}

/// Sorts rows of `A` (one or two) words ascending, as unsigned numbers column by column:
/// least significant byte first, one stable counting pass per byte in which the rows differ,
/// through one scratch buffer.
fn radix_sort<const A: usize>(rows: &mut Vec<Word>) {
    let rows_of = |v: &[Word]| -> Vec<[Word; A]> {
        v.chunks_exact(A)
            .map(|r| r.try_into().expect("invariant: rows of A words"))
            .collect()
    };
    if rows.len() < 256 * A {
        let mut small = rows_of(rows);
        small.sort_unstable();
        *rows = small.concat();
        return;
    }
    let (mut and, mut or) = (u64::MAX, 0u64);
    for r in rows.chunks_exact(A) {
        let k = row_key::<A>(r.try_into().expect("invariant: rows of A words"));
        and &= k;
        or |= k;
    }
    let varying = and ^ or;
    let mut scratch = vec![0; rows.len()];
    for byte in 0..4 * A {
        let shift = byte * 8;
        if (varying >> shift) & 0xff == 0 {
            continue;
        }
        let digit = |r: &[Word]| {
            let k = row_key::<A>(r.try_into().expect("invariant: rows of A words"));
            ((k >> shift) & 0xff) as usize
        };
        let mut offsets = [0usize; 256];
        for r in rows.chunks_exact(A) {
            offsets[digit(r)] += 1;
        }
        let mut sum = 0;
        for o in offsets.iter_mut() {
            let c = *o;
            *o = sum;
            sum += c;
        }
        for r in rows.chunks_exact(A) {
            let at = &mut offsets[digit(r)];
            scratch[*at * A..(*at + 1) * A].copy_from_slice(r);
            *at += 1;
        }
        std::mem::swap(rows, &mut scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radix_sort_agrees_with_the_standard_sort() {
        let mut s = 0x1234_5678_9abc_def0u64;
        let mut next = |i: u32| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            if i % 3 == 0 {
                (s as u32) & 0xffff_0000
            } else {
                s as u32
            }
        };
        let pairs: Vec<Word> = (0..10_000).map(&mut next).collect();
        let mut sorted = pairs.clone();
        radix_sort::<2>(&mut sorted);
        let mut expected: Vec<&[Word]> = pairs.chunks(2).collect();
        expected.sort_unstable();
        assert_eq!(sorted, expected.concat());
        let mut in_place = pairs.clone();
        sort_pairs_in_place(&mut in_place);
        assert_eq!(in_place, sorted);
        // Small values (every row shares its high bits) and repeated first columns.
        let small: Vec<Word> = (0..20_000u32)
            .map(|i| (i * 7919) % 4000 / (1 + i % 2))
            .collect();
        let mut in_place = small.clone();
        sort_pairs_in_place(&mut in_place);
        let mut expected: Vec<&[Word]> = small.chunks(2).collect();
        expected.sort_unstable();
        assert_eq!(in_place, expected.concat());
        let singles: Vec<Word> = (0..5000).map(&mut next).collect();
        let mut sorted = singles.clone();
        radix_sort::<1>(&mut sorted);
        let mut expected = singles;
        expected.sort_unstable();
        assert_eq!(sorted, expected);
    }

    #[test]
    fn rows_sort_by_typed_value_and_keep_their_words() {
        let kinds = [Kind::Number, Kind::Float];
        let (minus_one, half, minus_half) = (-1i32 as u32, 0.5f32.to_bits(), (-0.5f32).to_bits());
        let rows: Vec<Word> = vec![3, half, minus_one, half, 3, minus_half, 0, 0];
        let sorted = sort_rows(&rows, &kinds, &[]);
        assert_eq!(sorted, vec![minus_one, half, 0, 0, 3, minus_half, 3, half]);
        assert_eq!(sort_rows_in_place(rows.clone(), &kinds, &[]), sorted);
        // Symbols by rank; three columns go through the index sort.
        let kinds = [Kind::Symbol, Kind::Unsigned, Kind::Unsigned];
        let sorted = sort_rows(&[0, 1, 2, 1, 5, 5, 0, 1, 1], &kinds, &[1, 0]);
        assert_eq!(sorted, vec![1, 5, 5, 0, 1, 1, 0, 1, 2]);
    }
}
