//! The engine's one integration test binary: the golden programs of `tests/programs/` on both
//! engines, and the engines' agreement on random inputs, through the public API only.

mod engines;
mod golden;
mod outcome;
