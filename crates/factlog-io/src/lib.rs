//! File input and output that factlog and its Datalog engine share, so that there is one of
//! each: the atomic writer every output file goes through ([`write_atomically`], streamed with
//! [`write_atomically_with`]), the one that replaces a folder of outputs as a whole
//! ([`replace_folder`]), the CSV quoting rule every comma- or delimiter-separated writer
//! follows ([`quote_field`]), the one reader of delimited records ([`RecordReader`]), and
//! input files opened only when they are regular files ([`open_regular`]).
//!
//! None of them knows what it writes: callers name the file in their own error messages.
#![deny(missing_docs)]

mod atomic;
mod delimited;
mod folder;
mod input;
mod scratch;

pub use atomic::{write_atomically, write_atomically_with};
pub use delimited::{Format, ReadError, Record, RecordReader, push_quoted, quote_field};
pub use folder::replace_folder;
pub use input::{open_regular, read_text_capped};
