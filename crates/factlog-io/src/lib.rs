//! File output that factlog and its Datalog engine share, so that there is one of each: the
//! atomic writer every output file goes through ([`write_atomically`]) and the CSV quoting rule
//! every comma- or delimiter-separated writer follows ([`quote_field`]).
//!
//! Neither knows what it writes: callers name the file in their own error messages.
#![deny(missing_docs)]

mod atomic;
mod delimited;

pub use atomic::write_atomically;
pub use delimited::quote_field;
