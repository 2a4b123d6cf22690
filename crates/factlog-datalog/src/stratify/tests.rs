//! Stratification's tests, on whole programs (made by the program builder, which calls it).

use crate::program::builder::load_text;

#[test]
fn strata_come_in_dependency_order() {
    let p = load_text(
        "t.dl",
        ".decl e(x: number, y: number)\n.decl r(x: number)\n.decl u(x: number)\n\
         r(1).\nr(y) :- r(x), e(x, y).\nu(x) :- e(x, _), !r(x).",
        &Default::default(),
    )
    .expect("stratifies");
    let names: Vec<(Vec<&str>, bool)> = p
        .strata()
        .iter()
        .map(|s| {
            let rels = s
                .relations
                .iter()
                .map(|r| p.relation_infos()[r.index()].name.as_str())
                .collect();
            (rels, s.recursive)
        })
        .collect();
    assert_eq!(names, vec![(vec!["r"], true), (vec!["u"], false)]);
}

#[test]
fn negation_through_recursion_names_the_cycle() {
    let f = load_text(
        "t.dl",
        ".decl p(x: number)\n.decl q(x: number)\np(1).\np(x) :- q(x), !p(x).\nq(x) :- p(x).",
        &Default::default(),
    )
    .expect_err("not stratifiable");
    assert_eq!(f.diagnostics.len(), 1);
    assert_eq!(f.diagnostics[0].code, "E0305");
    assert!(
        f.diagnostics[0].notes[0].contains("`p` depends on !`p`"),
        "{:?}",
        f.diagnostics[0].notes
    );
}
