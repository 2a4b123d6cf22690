//! The standard stance rules (crepe-compiled) on small hand-built fact sets, one behaviour each.

use factlog::kb::FactStore;
use factlog::rules::derive;

/// Ruritania and Freedonia are permanent members of the council; Sylvania is elected.
fn world() -> FactStore {
    let mut s = FactStore::new();
    for (id, kind) in [
        ("ruritania", "country"),
        ("freedonia", "country"),
        ("sylvania", "country"),
        ("council", "body"),
        ("ruritania_mfa", "organization"),
        ("anna", "person"),
        ("boris", "person"),
        ("draft", "proposal"),
        ("press", "proposal"),
    ] {
        s.insert_text("entity", &[id, kind, id], None);
    }
    for c in ["ruritania", "freedonia"] {
        s.insert_text("permanent_member", &[c, "council"], None);
    }
    s.insert_text(
        "member_of",
        &["sylvania", "council", "2020-01-01", "2021-12-31"],
        None,
    );
    s.insert_text("vetoable", &["draft_resolution"], None);
    s.insert_text(
        "proposal",
        &["draft", "draft_resolution", "council", "2020-05-01"],
        None,
    );
    s.insert_text(
        "proposal",
        &["press", "press_statement", "council", "2020-05-01"],
        None,
    );
    s.insert_text("official_role", &["foreign_minister"], None);
    s
}

fn rows(s: &FactStore, rel: &str) -> Vec<Vec<String>> {
    s.sorted_text(rel)
}

fn pairs(list: &[(&str, &str)]) -> Vec<Vec<String>> {
    list.iter()
        .map(|(a, b)| vec![a.to_string(), b.to_string()])
        .collect()
}

#[test]
fn opposing_with_veto_power_and_no_commitment_is_the_headline_relation() {
    let mut s = world();
    s.insert_text("stance", &["ruritania", "draft", "oppose", ""], None);
    let s = derive(s);
    assert_eq!(
        rows(&s, "publicly_opposed"),
        pairs(&[("ruritania", "draft")])
    );
    assert_eq!(
        rows(&s, "opposed_without_veto_commitment"),
        pairs(&[("ruritania", "draft")])
    );
}

#[test]
fn a_state_that_committed_to_a_veto_or_vetoed_is_excluded() {
    let mut s = world();
    s.insert_text("stance", &["ruritania", "draft", "oppose", ""], None);
    s.insert_text(
        "stance",
        &["ruritania", "draft", "will_veto", "2020-05-02"],
        None,
    );
    s.insert_text("stance", &["freedonia", "draft", "oppose", ""], None);
    s.insert_text(
        "vote",
        &["freedonia", "draft", "against", "2020-05-03"],
        None,
    );
    let s = derive(s);
    assert_eq!(rows(&s, "vetoed"), pairs(&[("freedonia", "draft")]));
    assert_eq!(
        rows(&s, "committed_to_veto"),
        pairs(&[("freedonia", "draft"), ("ruritania", "draft")])
    );
    assert!(rows(&s, "opposed_without_veto_commitment").is_empty());
}

#[test]
fn a_vote_against_without_veto_power_is_no_veto() {
    let mut s = world();
    s.insert_text(
        "vote",
        &["sylvania", "draft", "against", "2020-05-03"],
        None,
    );
    s.insert_text(
        "vote",
        &["ruritania", "press", "against", "2020-05-03"],
        None,
    );
    let s = derive(s);
    assert!(rows(&s, "vetoed").is_empty());
}

#[test]
fn a_non_permanent_member_is_excluded() {
    let mut s = world();
    s.insert_text("stance", &["sylvania", "draft", "oppose", ""], None);
    let s = derive(s);
    assert_eq!(
        rows(&s, "publicly_opposed"),
        pairs(&[("sylvania", "draft")])
    );
    assert!(rows(&s, "veto_power").iter().all(|r| r[0] != "sylvania"));
    assert!(rows(&s, "opposed_without_veto_commitment").is_empty());
}

#[test]
fn a_press_statement_is_not_vetoable() {
    let mut s = world();
    s.insert_text("stance", &["ruritania", "press", "oppose", ""], None);
    let s = derive(s);
    assert_eq!(
        rows(&s, "veto_power"),
        pairs(&[("freedonia", "draft"), ("ruritania", "draft")])
    );
    assert!(rows(&s, "opposed_without_veto_commitment").is_empty());
}

#[test]
fn a_representative_or_an_organ_speaks_for_the_state() {
    let mut s = world();
    s.insert_text(
        "holds_role",
        &["anna", "foreign_minister", "ruritania", "2020-05-01"],
        None,
    );
    s.insert_text("organ_of", &["ruritania_mfa", "ruritania"], None);
    s.insert_text("stance", &["anna", "draft", "oppose", "2020-05-02"], None);
    s.insert_text(
        "stance",
        &["ruritania_mfa", "draft", "veto_undeclared", ""],
        None,
    );
    let s = derive(s);
    assert_eq!(rows(&s, "represents"), pairs(&[("anna", "ruritania")]));
    assert_eq!(
        rows(&s, "state_stance"),
        vec![
            vec!["ruritania", "draft", "oppose", "2020-05-02"],
            vec!["ruritania", "draft", "veto_undeclared", ""],
        ]
    );
    assert_eq!(
        rows(&s, "declined_to_commit"),
        pairs(&[("ruritania", "draft")])
    );
    assert_eq!(
        rows(&s, "opposed_without_veto_commitment"),
        pairs(&[("ruritania", "draft")])
    );
}

#[test]
fn a_role_that_is_not_official_does_not_represent_the_state() {
    let mut s = world();
    s.insert_text(
        "holds_role",
        &["boris", "parliament_speaker", "ruritania", "2020-05-01"],
        None,
    );
    s.insert_text("stance", &["boris", "draft", "oppose", ""], None);
    let s = derive(s);
    assert!(rows(&s, "represents").is_empty());
    assert!(rows(&s, "publicly_opposed").is_empty());
}

#[test]
fn a_dated_support_then_a_later_oppose_is_a_reversal_and_an_undated_one_is_not() {
    let mut s = world();
    // The later date is interned first: comparison must follow text, not intern order.
    s.insert_text(
        "stance",
        &["ruritania", "draft", "oppose", "2020-05-09"],
        None,
    );
    s.insert_text(
        "stance",
        &["ruritania", "draft", "support", "2020-05-02"],
        None,
    );
    s.insert_text("stance", &["freedonia", "draft", "support", ""], None);
    s.insert_text(
        "stance",
        &["freedonia", "draft", "oppose", "2020-05-09"],
        None,
    );
    s.insert_text(
        "stance",
        &["sylvania", "draft", "conditional_support", "2020-05-01"],
        None,
    );
    s.insert_text(
        "stance",
        &["sylvania", "draft", "oppose", "2020-05-03"],
        None,
    );
    // An oppose before the support is no reversal.
    s.insert_text(
        "stance",
        &["ruritania", "press", "oppose", "2020-04-01"],
        None,
    );
    s.insert_text(
        "stance",
        &["ruritania", "press", "support", "2020-05-01"],
        None,
    );
    let s = derive(s);
    assert_eq!(
        rows(&s, "reversed_stance"),
        vec![
            vec!["ruritania", "draft", "2020-05-02", "2020-05-09"],
            vec!["sylvania", "draft", "2020-05-01", "2020-05-03"],
        ]
    );
}

#[test]
fn aligned_holds_in_both_orders_and_never_with_itself() {
    let mut s = world();
    s.insert_text("stance", &["ruritania", "draft", "oppose", ""], None);
    s.insert_text("stance", &["freedonia", "draft", "oppose", ""], None);
    s.insert_text("stance", &["sylvania", "press", "oppose", ""], None);
    let s = derive(s);
    assert_eq!(
        rows(&s, "aligned"),
        vec![
            vec!["freedonia", "ruritania", "draft"],
            vec!["ruritania", "freedonia", "draft"],
        ]
    );
}

#[test]
fn a_body_or_person_without_role_is_not_a_state() {
    let mut s = world();
    s.insert_text("stance", &["council", "draft", "oppose", ""], None);
    s.insert_text("stance", &["anna", "draft", "oppose", ""], None);
    let s = derive(s);
    assert!(rows(&s, "state_stance").is_empty());
}

#[test]
fn deriving_twice_gives_the_same_relations() {
    let mut s = world();
    s.insert_text("stance", &["ruritania", "draft", "oppose", ""], None);
    let once = derive(s);
    let first = rows(&once, "opposed_without_veto_commitment");
    let twice = derive(once);
    assert_eq!(rows(&twice, "opposed_without_veto_commitment"), first);
}
