//! Spans of the curated facts against the real articles.
