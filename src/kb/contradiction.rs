//! Contradictions between facts (docs/schema.md): a `stance` with the same actor, proposal and date
//! but another position; a `vote` with the same country, proposal and date but another choice;
//! an `entity` with the same id and another kind.
//!
//! factlog reads that definition with two refinements, documented in the README:
//! an unknown date (`""`) is not a date, so undated facts never contradict each other, and
//! stance positions lie on two axes (support: support / conditional_support / oppose; veto:
//! will_veto / will_not_veto / will_abstain / veto_undeclared), so "opposes but declines to
//! say whether it will veto" is consistent. Curated facts win over extracted ones, with a
//! warning; two facts of the same origin that contradict are an error.

use super::intern::Sym;
use super::load::{Candidate, Sink};
use super::provenance::Origin;
use super::schema::Schema;
use super::store::FactStore;
use crate::diag::Diagnostic;
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

/// The key two facts must share to contradict (relation, stance axis, up to three symbols), and
/// the value in which they differ.
type Key = (u16, u8, [Option<Sym>; 3]);

fn conflict_key(store: &FactStore, c: &Candidate, rels: &Rels) -> Option<(Key, Sym)> {
    let a = &c.args;
    let text = |s: Sym| store.interner.resolve(s);
    if c.rel == rels.entity {
        return Some(((c.rel.0, 0, [Some(a[0]), None, None]), a[1]));
    }
    if c.rel == rels.vote && !text(a[3]).is_empty() {
        return Some(((c.rel.0, 0, [Some(a[0]), Some(a[1]), Some(a[3])]), a[2]));
    }
    if c.rel == rels.stance && !text(a[3]).is_empty() {
        let axis = match text(a[2]) {
            "support" | "conditional_support" | "oppose" => 1,
            _ => 2,
        };
        return Some(((c.rel.0, axis, [Some(a[0]), Some(a[1]), Some(a[3])]), a[2]));
    }
    None
}

struct Rels {
    entity: super::schema::RelId,
    stance: super::schema::RelId,
    vote: super::schema::RelId,
}

/// Drops extracted facts that contradict curated ones (warning) and reports contradictions
/// between facts of the same origin (error). Returns the facts to keep, in input order.
pub(crate) fn resolve_contradictions(
    store: &FactStore,
    cands: Vec<Candidate>,
    sink: &mut Sink<'_>,
) -> Vec<Candidate> {
    let schema = Schema::standard();
    let rels = Rels {
        entity: schema.id("entity"),
        stance: schema.id("stance"),
        vote: schema.id("vote"),
    };
    let values: Vec<Option<(Key, Sym)>> = cands
        .iter()
        .map(|c| conflict_key(store, c, &rels))
        .collect();
    let mut groups: FxHashMap<Key, SmallVec<[usize; 2]>> = FxHashMap::default();
    for (i, v) in values.iter().enumerate() {
        if let Some((key, _)) = v {
            groups.entry(*key).or_default().push(i);
        }
    }
    let mut dropped = vec![false; cands.len()];
    let mut conflicts: Vec<(usize, usize)> = Vec::new();
    for members in groups.values() {
        if members.len() < 2 {
            continue;
        }
        let value = |i: usize| values[i].map(|(_, v)| v);
        let has_curated = members
            .iter()
            .any(|&i| cands[i].prov.origin == Origin::Curated);
        for (a_pos, &a) in members.iter().enumerate() {
            for &b in &members[a_pos + 1..] {
                if value(a) != value(b) {
                    conflicts.push((a, b));
                }
            }
        }
        if has_curated {
            for &i in members {
                let c = &cands[i];
                if c.prov.origin == Origin::Extracted
                    && members
                        .iter()
                        .any(|&j| cands[j].prov.origin == Origin::Curated && value(j) != value(i))
                {
                    dropped[i] = true;
                }
            }
        }
    }
    conflicts.sort_unstable();
    for (a, b) in conflicts {
        let (ca, cb) = (&cands[a], &cands[b]);
        let fact = |c: &Candidate| {
            let args: Vec<&str> = c.args.iter().map(|&s| store.interner.resolve(s)).collect();
            format!("{}(\"{}\")", schema.decl(c.rel).name, args.join("\", \""))
        };
        if ca.prov.origin == cb.prov.origin {
            let span = sink.span_of(&cb.site, &[]);
            sink.diagnostics.push(
                Diagnostic::error(
                    "E0112",
                    format!(
                        "contradiction: {} contradicts {}: expected one {}",
                        fact(cb),
                        fact(ca),
                        if ca.rel == rels.entity {
                            "kind per entity"
                        } else {
                            "position per actor, proposal and date"
                        }
                    ),
                    span,
                )
                .with_note(format!("the other fact is at {}", sink.describe(&ca.site)))
                .with_note(format!(
                    "both are {}; remove or correct one of them",
                    ca.prov.origin
                )),
            );
        } else {
            let (kept, lost) = if ca.prov.origin == Origin::Curated {
                (ca, cb)
            } else {
                (cb, ca)
            };
            let span = sink.span_of(&lost.site, &[]);
            sink.diagnostics.push(
                Diagnostic::warning(
                    "W0112",
                    format!(
                        "contradiction: extracted {} is dropped in favour of curated {}",
                        fact(lost),
                        fact(kept)
                    ),
                    span,
                )
                .with_note(format!(
                    "the curated fact is at {}",
                    sink.describe(&kept.site)
                )),
            );
        }
    }
    cands
        .into_iter()
        .zip(dropped)
        .filter_map(|(c, d)| (!d).then_some(c))
        .collect()
}
