//! The standard stance rules of `queries/stance.dl`, compiled with crepe.
//!
//! The crepe program and its generated types stay private to this module; [`derive`] maps a
//! fact store's base relations in and the derived relations out. Symbols enter the program as
//! their rank in text order ([`Interner::text_ranks`]), so the compiled comparison `d1 < d2`
//! compares text, as Soufflé and the runtime engine do.

use crate::kb::{FactStore, Sym};
use crepe::crepe;

/// A symbol inside the compiled program: its rank in text order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Key(u32);

/// The key of a vocabulary word the store does not hold: no symbol has this rank.
const ABSENT: Key = Key(u32::MAX);

/// The vocabulary words the rules mention as constants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kw {
    Country,
    Support,
    ConditionalSupport,
    Oppose,
    WillVeto,
    VetoUndeclared,
    Against,
    Empty,
}

const KEYWORDS: [(Kw, &str); 8] = [
    (Kw::Country, "country"),
    (Kw::Support, "support"),
    (Kw::ConditionalSupport, "conditional_support"),
    (Kw::Oppose, "oppose"),
    (Kw::WillVeto, "will_veto"),
    (Kw::VetoUndeclared, "veto_undeclared"),
    (Kw::Against, "against"),
    (Kw::Empty, ""),
];

crepe! {
    @input
    struct Word(Kw, Key);
    @input
    struct Entity(Key, Key);
    @input
    struct OrganOf(Key, Key);
    @input
    struct HoldsRole(Key, Key, Key);
    @input
    struct OfficialRole(Key);
    @input
    struct PermanentMember(Key, Key);
    @input
    struct Vetoable(Key);
    @input
    struct Proposal(Key, Key, Key);
    @input
    struct Stance(Key, Key, Key, Key);
    @input
    struct Vote(Key, Key, Key);

    @output
    struct Represents(Key, Key);
    @output
    struct StateStance(Key, Key, Key, Key);
    @output
    struct PubliclyOpposed(Key, Key);
    @output
    struct VetoPower(Key, Key);
    @output
    struct Vetoed(Key, Key);
    @output
    struct CommittedToVeto(Key, Key);
    @output
    struct DeclinedToCommit(Key, Key);
    @output
    struct OpposedWithoutVetoCommitment(Key, Key);
    @output
    struct ReversedStance(Key, Key, Key, Key);
    @output
    struct Aligned(Key, Key, Key);

    struct Country(Key);

    Country(c) <- Entity(c, k), Word(Kw::Country, k);

    // represents(p, c) :- holds_role(p, r, c, _), official_role(r), entity(c, "country", _).
    Represents(p, c) <- HoldsRole(p, r, c), OfficialRole(r), Country(c);

    // state_stance(c, x, pos, d) :- stance(c, x, pos, d), entity(c, "country", _).
    StateStance(c, x, pos, d) <- Stance(c, x, pos, d), Country(c);
    // state_stance(c, x, pos, d) :- stance(p, x, pos, d), represents(p, c).
    StateStance(c, x, pos, d) <- Stance(p, x, pos, d), Represents(p, c);
    // state_stance(c, x, pos, d) :- stance(o, x, pos, d), organ_of(o, c).
    StateStance(c, x, pos, d) <- Stance(o, x, pos, d), OrganOf(o, c);

    // publicly_opposed(c, x) :- state_stance(c, x, "oppose", _).
    PubliclyOpposed(c, x) <- StateStance(c, x, pos, _), Word(Kw::Oppose, pos);

    // veto_power(c, x) :- proposal(x, k, b, _), vetoable(k), permanent_member(c, b).
    VetoPower(c, x) <- Proposal(x, k, b), Vetoable(k), PermanentMember(c, b);

    // vetoed(c, x) :- vote(c, x, "against", _), veto_power(c, x).
    Vetoed(c, x) <- Vote(c, x, ch), Word(Kw::Against, ch), VetoPower(c, x);

    // committed_to_veto(c, x) :- state_stance(c, x, "will_veto", _).
    CommittedToVeto(c, x) <- StateStance(c, x, pos, _), Word(Kw::WillVeto, pos);
    // committed_to_veto(c, x) :- vetoed(c, x).
    CommittedToVeto(c, x) <- Vetoed(c, x);

    // declined_to_commit(c, x) :- state_stance(c, x, "veto_undeclared", _).
    DeclinedToCommit(c, x) <- StateStance(c, x, pos, _), Word(Kw::VetoUndeclared, pos);

    // opposed_without_veto_commitment(c, x) :-
    //     publicly_opposed(c, x), veto_power(c, x), !committed_to_veto(c, x).
    OpposedWithoutVetoCommitment(c, x) <-
        PubliclyOpposed(c, x), VetoPower(c, x), !CommittedToVeto(c, x);

    // reversed_stance(c, x, d1, d2) :- state_stance(c, x, "support", d1),
    //     state_stance(c, x, "oppose", d2), d1 != "", d2 != "", d1 < d2.
    ReversedStance(c, x, d1, d2) <-
        StateStance(c, x, s, d1), Word(Kw::Support, s),
        StateStance(c, x, o, d2), Word(Kw::Oppose, o),
        Word(Kw::Empty, e), (d1 != e), (d2 != e), (d1 < d2);
    // The same from "conditional_support".
    ReversedStance(c, x, d1, d2) <-
        StateStance(c, x, s, d1), Word(Kw::ConditionalSupport, s),
        StateStance(c, x, o, d2), Word(Kw::Oppose, o),
        Word(Kw::Empty, e), (d1 != e), (d2 != e), (d1 < d2);

    // aligned(c, o, x) :- publicly_opposed(c, x), publicly_opposed(o, x), c != o.
    Aligned(c, o, x) <- PubliclyOpposed(c, x), PubliclyOpposed(o, x), (c != o);
}

/// Evaluates the standard stance rules on the store's base relations and returns the store
/// with every standard derived relation filled in (replacing any previous derived tuples).
pub fn derive(mut store: FactStore) -> FactStore {
    let (by_rank, ranks) = store.interner.text_order();
    let key = |s: Sym| Key(ranks[s.index()]);
    let rows = |name: &str| store.get(name).iter();

    let mut rt = Crepe::new();
    // A word absent from the store gets a key no fact holds: a positive join on it matches
    // nothing, and an inequality with it (`d != ""`) holds for every fact, as it must.
    // (Leaving it out instead made `d != ""` false everywhere: reliability finding 2.)
    rt.extend(
        KEYWORDS
            .iter()
            .map(|&(kw, text)| Word(kw, store.interner.get(text).map_or(ABSENT, &key))),
    );
    rt.extend(rows("entity").map(|t| Entity(key(t[0]), key(t[1]))));
    rt.extend(rows("organ_of").map(|t| OrganOf(key(t[0]), key(t[1]))));
    rt.extend(rows("holds_role").map(|t| HoldsRole(key(t[0]), key(t[1]), key(t[2]))));
    rt.extend(rows("official_role").map(|t| OfficialRole(key(t[0]))));
    rt.extend(rows("permanent_member").map(|t| PermanentMember(key(t[0]), key(t[1]))));
    rt.extend(rows("vetoable").map(|t| Vetoable(key(t[0]))));
    rt.extend(rows("proposal").map(|t| Proposal(key(t[0]), key(t[1]), key(t[2]))));
    rt.extend(rows("stance").map(|t| Stance(key(t[0]), key(t[1]), key(t[2]), key(t[3]))));
    rt.extend(rows("vote").map(|t| Vote(key(t[0]), key(t[1]), key(t[2]))));

    let (
        represents,
        state_stance,
        opposed,
        veto_power,
        vetoed,
        committed,
        declined,
        owvc,
        reversed,
        aligned,
    ) = rt.run_with_hasher::<rustc_hash::FxBuildHasher>();

    store.clear_derived();
    let sym = |k: Key| by_rank[k.0 as usize];
    let mut put = |name: &str, tuples: Vec<Vec<Key>>| {
        let id = store.schema().id(name);
        let mut tuples: Vec<Vec<Sym>> = tuples
            .into_iter()
            .map(|t| t.into_iter().map(sym).collect())
            .collect();
        // Insert in text order so that the derived relations' own order is deterministic.
        tuples.sort_unstable_by(|a, b| {
            a.iter()
                .map(|&s| ranks[s.index()])
                .cmp(b.iter().map(|&s| ranks[s.index()]))
        });
        let rel = store.relation_mut(id);
        for t in tuples {
            rel.insert(&t, None);
        }
    };
    put(
        "represents",
        represents
            .into_iter()
            .map(|Represents(a, b)| vec![a, b])
            .collect(),
    );
    put(
        "state_stance",
        state_stance
            .into_iter()
            .map(|StateStance(a, b, c, d)| vec![a, b, c, d])
            .collect(),
    );
    put(
        "publicly_opposed",
        opposed
            .into_iter()
            .map(|PubliclyOpposed(a, b)| vec![a, b])
            .collect(),
    );
    put(
        "veto_power",
        veto_power
            .into_iter()
            .map(|VetoPower(a, b)| vec![a, b])
            .collect(),
    );
    put(
        "vetoed",
        vetoed.into_iter().map(|Vetoed(a, b)| vec![a, b]).collect(),
    );
    put(
        "committed_to_veto",
        committed
            .into_iter()
            .map(|CommittedToVeto(a, b)| vec![a, b])
            .collect(),
    );
    put(
        "declined_to_commit",
        declined
            .into_iter()
            .map(|DeclinedToCommit(a, b)| vec![a, b])
            .collect(),
    );
    put(
        "opposed_without_veto_commitment",
        owvc.into_iter()
            .map(|OpposedWithoutVetoCommitment(a, b)| vec![a, b])
            .collect(),
    );
    put(
        "reversed_stance",
        reversed
            .into_iter()
            .map(|ReversedStance(a, b, c, d)| vec![a, b, c, d])
            .collect(),
    );
    put(
        "aligned",
        aligned
            .into_iter()
            .map(|Aligned(a, b, c)| vec![a, b, c])
            .collect(),
    );
    store
}
