//! Rules compiled into the binary with crepe: one program per module, each behind one function
//! from a fact store to a fact store.

// crepe! generates undocumented `pub fn`s on its private runtime struct.
#[allow(missing_docs)]
pub mod stance;

pub use stance::derive;
