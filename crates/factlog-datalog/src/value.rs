//! Values: the four primitive kinds of Soufflé's default build, each stored in one 32-bit word
//! (a symbol as its interned id, a `number` as `i32` bits, an `unsigned` as `u32`, a `float` as
//! `f32` bits), the symbol table, and text conversion in and out.
//!
//! Symbols compare by their text (as in Soufflé), never by intern order.

use rustc_hash::FxHashMap;
use std::cmp::Ordering;
use std::fmt;
use std::sync::RwLock;

/// One column value as stored: its meaning depends on the column's [`Kind`].
pub type Word = u32;

/// The primitive kind of a column or an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An interned string.
    Symbol,
    /// A 32-bit signed integer with wrapping arithmetic.
    Number,
    /// A 32-bit unsigned integer with wrapping arithmetic.
    Unsigned,
    /// A 32-bit float.
    Float,
}

impl Kind {
    /// The primitive type's name (`symbol`, `number`, `unsigned`, `float`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Symbol => "symbol",
            Kind::Number => "number",
            Kind::Unsigned => "unsigned",
            Kind::Float => "float",
        }
    }

    /// The primitive type called `name`.
    pub fn primitive(name: &str) -> Option<Kind> {
        Some(match name {
            "symbol" => Kind::Symbol,
            "number" => Kind::Number,
            "unsigned" => Kind::Unsigned,
            "float" => Kind::Float,
            _ => return None,
        })
    }

    /// Whether arithmetic applies.
    pub fn is_numeric(self) -> bool {
        self != Kind::Symbol
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A typed value, as handed to callers of a model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    /// A symbol's text.
    Symbol(&'a str),
    /// A `number`.
    Number(i32),
    /// An `unsigned`.
    Unsigned(u32),
    /// A `float`.
    Float(f32),
}

impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Symbol(s) => f.write_str(s),
            Value::Number(n) => write!(f, "{n}"),
            Value::Unsigned(n) => write!(f, "{n}"),
            Value::Float(x) => write!(f, "{x}"),
        }
    }
}

/// The interned strings of one evaluation: append-only, ids dense from 0.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    map: FxHashMap<Box<str>, Word>,
    strings: Vec<Box<str>>,
    /// The bytes of every interned text, for the memory budget.
    bytes: usize,
}

impl Symbols {
    /// The id of `text`, interning it if new.
    pub fn intern(&mut self, text: &str) -> Word {
        if let Some(&id) = self.map.get(text) {
            return id;
        }
        let id = self.strings.len() as Word;
        self.strings.push(text.into());
        self.map.insert(text.into(), id);
        self.bytes += text.len();
        id
    }

    /// The bytes of every interned text.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The id of `text` if interned.
    pub fn get(&self, text: &str) -> Option<Word> {
        self.map.get(text).copied()
    }

    /// The text of a symbol.
    pub fn resolve(&self, id: Word) -> &str {
        &self.strings[id as usize]
    }

    /// For every symbol, its rank in text order.
    pub(crate) fn text_ranks(&self) -> Vec<u32> {
        let mut order: Vec<Word> = (0..self.strings.len() as Word).collect();
        order.sort_unstable_by(|&a, &b| self.resolve(a).cmp(self.resolve(b)));
        let mut rank = vec![0; order.len()];
        for (r, &s) in order.iter().enumerate() {
            rank[s as usize] = r as u32;
        }
        rank
    }

    /// The typed value of a word of `kind`.
    pub fn value(&self, kind: Kind, w: Word) -> Value<'_> {
        match kind {
            Kind::Symbol => Value::Symbol(self.resolve(w)),
            Kind::Number => Value::Number(w as i32),
            Kind::Unsigned => Value::Unsigned(w),
            Kind::Float => Value::Float(f32::from_bits(w)),
        }
    }

    /// The word for `text` read as a value of `kind` (interning symbols).
    pub fn parse(&mut self, kind: Kind, text: &str) -> Result<Word, String> {
        match kind {
            Kind::Symbol => Ok(self.intern(text)),
            _ => parse_numeric(kind, text.trim()),
        }
    }
}

/// Reads a numeric literal of `kind` (decimal, `0x` hex or `0b` binary for integers).
pub(crate) fn parse_numeric(kind: Kind, text: &str) -> Result<Word, String> {
    let integer = |t: &str| -> Option<i64> {
        let (neg, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let v = if let Some(h) = t.strip_prefix("0x") {
            i64::from_str_radix(h, 16).ok()?
        } else if let Some(b) = t.strip_prefix("0b") {
            i64::from_str_radix(b, 2).ok()?
        } else {
            t.parse::<i64>().ok()?
        };
        Some(if neg { -v } else { v })
    };
    match kind {
        Kind::Number => integer(text)
            .and_then(|v| i32::try_from(v).ok())
            .map(|v| v as Word)
            .ok_or_else(|| format!("expected a number (32-bit signed integer), found `{text}`")),
        Kind::Unsigned => integer(text.strip_suffix('u').unwrap_or(text))
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| format!("expected an unsigned (32-bit) integer, found `{text}`")),
        Kind::Float => text
            .parse::<f32>()
            .map(f32::to_bits)
            .map_err(|_| format!("expected a float, found `{text}`")),
        Kind::Symbol => Err("invariant: symbols are interned, not parsed".into()),
    }
}

/// Compares two words of `kind`; symbols by text.
pub(crate) fn compare(kind: Kind, a: Word, b: Word, symbols: &SharedSymbols) -> Ordering {
    match kind {
        Kind::Symbol if a == b => Ordering::Equal,
        Kind::Symbol => symbols.cmp(a, b),
        Kind::Number => (a as i32).cmp(&(b as i32)),
        Kind::Unsigned => a.cmp(&b),
        Kind::Float => f32::from_bits(a).total_cmp(&f32::from_bits(b)),
    }
}

/// A symbol table shared by the threads of one evaluation (functors intern new strings), with
/// the bytes of its texts readable without the lock (for the memory budget).
#[derive(Debug, Default)]
pub struct SharedSymbols(RwLock<Symbols>, std::sync::atomic::AtomicUsize);

impl SharedSymbols {
    /// Wraps a table.
    pub fn new(symbols: Symbols) -> SharedSymbols {
        let bytes = symbols.bytes();
        SharedSymbols(RwLock::new(symbols), bytes.into())
    }

    /// The id of `text`, interning it if new.
    pub fn intern(&self, text: &str) -> Word {
        if let Some(id) = self.read().get(text) {
            return id;
        }
        let mut symbols = self
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let id = symbols.intern(text);
        self.1
            .store(symbols.bytes(), std::sync::atomic::Ordering::Relaxed);
        id
    }

    /// The bytes of every interned text.
    pub fn bytes(&self) -> usize {
        self.1.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Symbols> {
        self.0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Calls `f` with the text of a symbol.
    pub fn with_text<R>(&self, id: Word, f: impl FnOnce(&str) -> R) -> R {
        f(self.read().resolve(id))
    }

    /// Calls `f` with the texts of two symbols.
    pub fn with_texts<R>(&self, a: Word, b: Word, f: impl FnOnce(&str, &str) -> R) -> R {
        let s = self.read();
        f(s.resolve(a), s.resolve(b))
    }

    /// Compares two symbols by text.
    pub fn cmp(&self, a: Word, b: Word) -> Ordering {
        self.with_texts(a, b, |x, y| x.cmp(y))
    }

    /// The table, once evaluation is over.
    pub fn into_inner(self) -> Symbols {
        self.0
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_literals_round_trip_through_words() {
        assert_eq!(parse_numeric(Kind::Number, "-5"), Ok((-5i32) as u32));
        assert_eq!(parse_numeric(Kind::Number, "0x10"), Ok(16));
        assert_eq!(parse_numeric(Kind::Unsigned, "7u"), Ok(7));
        assert!(parse_numeric(Kind::Number, "3000000000").is_err());
        assert!(parse_numeric(Kind::Unsigned, "-1").is_err());
        let f = parse_numeric(Kind::Float, "1.5").expect("float");
        assert_eq!(f32::from_bits(f), 1.5);
    }

    #[test]
    fn symbols_compare_by_text() {
        let mut s = Symbols::default();
        let b = s.intern("b");
        let a = s.intern("a");
        let shared = SharedSymbols::new(s);
        assert_eq!(compare(Kind::Symbol, a, b, &shared), Ordering::Less);
        assert_eq!(
            compare(Kind::Number, (-1i32) as u32, 1, &shared),
            Ordering::Less
        );
    }
}
