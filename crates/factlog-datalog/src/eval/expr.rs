//! Run-time evaluation shared by both evaluators: typed arithmetic with 32-bit wrapping,
//! functors, comparisons (symbols by text), the string constraints, and aggregate accumulators.

use crate::lower::ir::{Builtin, Const, Expr, Functor};
use crate::syntax::ast::{AggFunc, BinOp, CmpOp};
use crate::value::{Kind, SharedSymbols, Word, compare};
use regex::Regex;
use rustc_hash::FxHashMap;
use std::cmp::Ordering;
use std::sync::Mutex;

/// Why evaluating a rule failed at run time (located by the caller).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Fault {
    /// `/` or `%` by zero on integers.
    DivisionByZero,
    /// `to_number` of a symbol that is not a number.
    NotANumber(String),
    /// More tuples than the `max_tuples` guard allows.
    TooManyTuples,
    /// An explanation found the model and the rules disagreeing (a bug, reported, not a
    /// panic).
    Inconsistent(String),
}

/// What evaluation reads besides the variables: the symbol table and compiled regexes.
pub(crate) struct Ctx<'a> {
    pub symbols: &'a SharedSymbols,
    pub regexes: &'a Mutex<FxHashMap<Word, Option<Regex>>>,
}

/// Evaluates `e` with the variables' values in `env`.
pub(crate) fn eval(e: &Expr, env: &[Word], ctx: &Ctx) -> Result<Word, Fault> {
    Ok(match e {
        Expr::Var(v) => env[*v],
        Expr::Const(Const::Word(w)) => *w,
        Expr::Const(Const::Sym(s)) => ctx.symbols.intern(s),
        Expr::Binary {
            op,
            kind,
            left,
            right,
        } => arith(*op, *kind, eval(left, env, ctx)?, eval(right, env, ctx)?)?,
        Expr::Negate(kind, inner) => {
            let x = eval(inner, env, ctx)?;
            match kind {
                Kind::Float => (-f32::from_bits(x)).to_bits(),
                _ => (x as i32).wrapping_neg() as Word,
            }
        }
        Expr::Call(f, args) => {
            let mut vals = [0 as Word; 3];
            for (slot, a) in vals.iter_mut().zip(args) {
                *slot = eval(a, env, ctx)?;
            }
            if *f == Functor::Cat {
                let mut out = String::new();
                for a in args {
                    let w = eval(a, env, ctx)?;
                    ctx.symbols.with_text(w, |s| out.push_str(s));
                }
                return Ok(ctx.symbols.intern(&out));
            }
            call(*f, &vals, ctx)?
        }
    })
}

fn arith(op: BinOp, kind: Kind, a: Word, b: Word) -> Result<Word, Fault> {
    Ok(match kind {
        Kind::Number => {
            let (x, y) = (a as i32, b as i32);
            let r = match op {
                BinOp::Add => x.wrapping_add(y),
                BinOp::Sub => x.wrapping_sub(y),
                BinOp::Mul => x.wrapping_mul(y),
                BinOp::Div | BinOp::Rem if y == 0 => return Err(Fault::DivisionByZero),
                BinOp::Div => x.wrapping_div(y),
                BinOp::Rem => x.wrapping_rem(y),
                BinOp::Pow if y >= 0 => x.wrapping_pow(y as u32),
                BinOp::Pow => match x {
                    1 => 1,
                    -1 if y % 2 == 0 => 1,
                    -1 => -1,
                    _ => 0,
                },
            };
            r as Word
        }
        Kind::Unsigned => match op {
            BinOp::Add => a.wrapping_add(b),
            BinOp::Sub => a.wrapping_sub(b),
            BinOp::Mul => a.wrapping_mul(b),
            BinOp::Div | BinOp::Rem if b == 0 => return Err(Fault::DivisionByZero),
            BinOp::Div => a / b,
            BinOp::Rem => a % b,
            BinOp::Pow => a.wrapping_pow(b),
        },
        Kind::Float => {
            let (x, y) = (f32::from_bits(a), f32::from_bits(b));
            let r = match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::Div => x / y,
                BinOp::Rem => x % y,
                BinOp::Pow => x.powf(y),
            };
            // One NaN: the one "NaN" reads back as, so that a NaN fact can be named as text.
            if r.is_nan() {
                f32::NAN.to_bits()
            } else {
                r.to_bits()
            }
        }
        Kind::Symbol => unreachable!("invariant: the checker types arithmetic as numeric"),
    })
}

fn to_text(kind: Kind, w: Word) -> String {
    match kind {
        Kind::Number => (w as i32).to_string(),
        Kind::Unsigned => w.to_string(),
        Kind::Float => f32::from_bits(w).to_string(),
        Kind::Symbol => String::new(),
    }
}

fn to_f32(kind: Kind, w: Word) -> f32 {
    match kind {
        Kind::Number => w as i32 as f32,
        Kind::Unsigned => w as f32,
        _ => f32::from_bits(w),
    }
}

fn call(f: Functor, v: &[Word; 3], ctx: &Ctx) -> Result<Word, Fault> {
    let sym = ctx.symbols;
    Ok(match f {
        Functor::Cat => unreachable!("invariant: handled by the caller"),
        Functor::Strlen => sym.with_text(v[0], |s| s.chars().count()) as i32 as Word,
        Functor::Substr => {
            let (start, len) = (v[1] as i32, v[2] as i32);
            let out = sym.with_text(v[0], |s| {
                if start < 0 || len < 0 {
                    String::new()
                } else {
                    s.chars().skip(start as usize).take(len as usize).collect()
                }
            });
            sym.intern(&out)
        }
        Functor::ToNumber => sym.with_text(v[0], |s| {
            s.trim()
                .parse::<i32>()
                .map(|n| n as Word)
                .map_err(|_| Fault::NotANumber(s.to_string()))
        })?,
        Functor::ToString(kind) => sym.intern(&to_text(kind, v[0])),
        Functor::ToFloat(kind) => to_f32(kind, v[0]).to_bits(),
        Functor::ToUnsigned(kind) => match kind {
            Kind::Float => f32::from_bits(v[0]) as u32,
            _ => v[0],
        },
        Functor::Min(kind) | Functor::Max(kind) => {
            let ord = compare(kind, v[0], v[1], sym);
            let first = (ord == Ordering::Less) == matches!(f, Functor::Min(_));
            if first || ord == Ordering::Equal {
                v[0]
            } else {
                v[1]
            }
        }
        Functor::Abs(kind) => match kind {
            Kind::Number => (v[0] as i32).wrapping_abs() as Word,
            Kind::Float => f32::from_bits(v[0]).abs().to_bits(),
            _ => v[0],
        },
    })
}

/// Whether `a op b` holds for values of `kind`.
pub(crate) fn test(op: CmpOp, kind: Kind, a: Word, b: Word, ctx: &Ctx) -> bool {
    match op {
        CmpOp::Eq if kind != Kind::Float => a == b,
        CmpOp::Ne if kind != Kind::Float => a != b,
        _ => {
            let ord = compare(kind, a, b, ctx.symbols);
            match op {
                CmpOp::Eq => ord == Ordering::Equal,
                CmpOp::Ne => ord != Ordering::Equal,
                CmpOp::Lt => ord == Ordering::Less,
                CmpOp::Le => ord != Ordering::Greater,
                CmpOp::Gt => ord == Ordering::Greater,
                CmpOp::Ge => ord != Ordering::Less,
            }
        }
    }
}

/// Whether a string constraint holds (before negation).
pub(crate) fn builtin(b: &Builtin, a: Word, text: Word, ctx: &Ctx) -> bool {
    match b {
        Builtin::Contains => ctx.symbols.with_texts(a, text, |n, h| h.contains(n)),
        Builtin::Match(Some(re)) => ctx.symbols.with_text(text, |t| re.is_match(t)),
        Builtin::Match(None) => {
            let mut cache = ctx
                .regexes
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let re = cache.entry(a).or_insert_with(|| {
                ctx.symbols
                    .with_text(a, |p| Regex::new(&format!("^(?:{p})$")).ok())
            });
            re.as_ref()
                .is_some_and(|re| ctx.symbols.with_text(text, |t| re.is_match(t)))
        }
    }
}

/// Folds the matches of an aggregate's body.
pub(crate) struct Accumulator {
    func: AggFunc,
    kind: Kind,
    count: u32,
    acc: Word,
    mean: f64,
}

impl Accumulator {
    /// An empty accumulator.
    pub(crate) fn new(func: AggFunc, kind: Kind) -> Accumulator {
        let acc = if kind == Kind::Float {
            0f32.to_bits()
        } else {
            0
        };
        Accumulator {
            func,
            kind,
            count: 0,
            acc,
            mean: 0.0,
        }
    }

    /// Adds one match (`value` is the target's value; ignored by `count`).
    pub(crate) fn add(&mut self, value: Word, ctx: &Ctx) {
        match self.func {
            AggFunc::Count => {}
            AggFunc::Sum => {
                self.acc = arith(BinOp::Add, self.kind, self.acc, value)
                    .expect("invariant: addition cannot fault");
            }
            AggFunc::Mean => self.mean += f64::from(to_f32(self.kind, value)),
            AggFunc::Min | AggFunc::Max => {
                let ord = compare(self.kind, value, self.acc, ctx.symbols);
                let better = if self.func == AggFunc::Min {
                    ord == Ordering::Less
                } else {
                    ord == Ordering::Greater
                };
                if self.count == 0 || better {
                    self.acc = value;
                }
            }
        }
        self.count = self.count.wrapping_add(1);
    }

    /// The result: `None` for min, max and mean of no match.
    pub(crate) fn finish(&self) -> Option<Word> {
        match self.func {
            AggFunc::Count => Some(self.count),
            AggFunc::Sum => Some(self.acc),
            AggFunc::Mean if self.count == 0 => None,
            AggFunc::Mean => Some(((self.mean / f64::from(self.count)) as f32).to_bits()),
            AggFunc::Min | AggFunc::Max if self.count == 0 => None,
            AggFunc::Min | AggFunc::Max => Some(self.acc),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_arithmetic_wraps_at_32_bits() {
        let max = i32::MAX as Word;
        assert_eq!(
            arith(BinOp::Add, Kind::Number, max, 1),
            Ok(i32::MIN as Word)
        );
        assert_eq!(
            arith(BinOp::Mul, Kind::Unsigned, u32::MAX, 2),
            Ok(u32::MAX - 1)
        );
        assert_eq!(
            arith(BinOp::Div, Kind::Number, 1, 0),
            Err(Fault::DivisionByZero)
        );
        assert_eq!(arith(BinOp::Pow, Kind::Number, 2, 10), Ok(1024));
        assert_eq!(
            arith(BinOp::Div, Kind::Number, i32::MIN as Word, (-1i32) as Word),
            Ok(i32::MIN as Word)
        );
    }
}
