//! Interned symbols: every string value of the knowledge base is stored once and handled as a
//! `Copy` id ([`Sym`]) everywhere inside.
//!
//! A [`Sym`] has no ordering of its own: intern order means nothing. Ordering goes through
//! [`Interner::cmp`], which compares text, so dates and names sort as Soufflé sorts symbols.

use rustc_hash::FxHashMap;
use std::cmp::Ordering;

/// An interned string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Sym(u32);

impl Sym {
    /// The id as an index (for dense side tables).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The table of interned strings.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    map: FxHashMap<Box<str>, Sym>,
    strings: Vec<Box<str>>,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Interner {
        Interner::default()
    }

    /// The symbol for `text`, interning it if new.
    pub fn intern(&mut self, text: &str) -> Sym {
        if let Some(&s) = self.map.get(text) {
            return s;
        }
        let s = Sym(self.strings.len() as u32);
        self.strings.push(text.into());
        self.map.insert(text.into(), s);
        s
    }

    /// The symbol for `text` if it was interned.
    pub fn get(&self, text: &str) -> Option<Sym> {
        self.map.get(text).copied()
    }

    /// The text of a symbol.
    pub fn resolve(&self, s: Sym) -> &str {
        &self.strings[s.index()]
    }

    /// Compares two symbols by their text.
    pub fn cmp(&self, a: Sym, b: Sym) -> Ordering {
        self.resolve(a).cmp(self.resolve(b))
    }

    /// Compares two tuples column by column, by text.
    pub fn cmp_tuples(&self, a: &[Sym], b: &[Sym]) -> Ordering {
        a.iter()
            .zip(b)
            .map(|(&x, &y)| self.cmp(x, y))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| a.len().cmp(&b.len()))
    }

    /// The number of symbols.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// Whether no symbol was interned.
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// For every symbol, its rank in text order: `rank[a] < rank[b]` iff `text(a) < text(b)`.
    /// Compiled rules use ranks as keys so that their comparisons compare text.
    pub fn text_ranks(&self) -> Vec<u32> {
        self.text_order().1
    }

    /// Every symbol in text order, and for every symbol its rank in that order.
    pub fn text_order(&self) -> (Vec<Sym>, Vec<u32>) {
        let mut order: Vec<Sym> = (0..self.strings.len() as u32).map(Sym).collect();
        order.sort_unstable_by(|&a, &b| self.strings[a.index()].cmp(&self.strings[b.index()]));
        let mut rank = vec![0; order.len()];
        for (r, &s) in order.iter().enumerate() {
            rank[s.index()] = r as u32;
        }
        (order, rank)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_follows_text_not_intern_order() {
        let mut i = Interner::new();
        let later = i.intern("1994-06-16");
        let earlier = i.intern("1994-06-15");
        assert_eq!(i.cmp(earlier, later), Ordering::Less);
        let ranks = i.text_ranks();
        assert!(ranks[earlier.index()] < ranks[later.index()]);
    }

    #[test]
    fn interning_twice_gives_the_same_symbol() {
        let mut i = Interner::new();
        assert_eq!(i.intern("russia"), i.intern("russia"));
        let china = i.intern("china");
        assert_eq!(i.resolve(china), "china");
    }
}
