//! The engine's files: `.input` relations read from a facts directory ([`facts`]), `.output`
//! relations and printed results written ([`output`]), and a whole program run the way
//! Soufflé runs one, `-F` in and `-D` out ([`run`]).
//!
//! Evaluation never touches a file: it takes [`Inputs`](crate::Inputs) and gives a
//! [`Model`](crate::Model); everything between them and the disk is here.

pub(crate) mod facts;
pub(crate) mod output;
pub(crate) mod run;
