//! The checker's tests, on whole programs (made by the program builder, which calls it).

use super::CheckOptions;
use crate::program::builder::load_text;

fn codes(text: &str) -> Vec<&'static str> {
    match load_text("t.dl", text, &CheckOptions::default()) {
        Ok(_) => Vec::new(),
        Err(f) => f.diagnostics.iter().map(|d| d.code).collect(),
    }
}

#[test]
fn a_valid_program_has_no_diagnostic() {
    let ok = ".decl a(x: number)\n.decl b(x: number, y: symbol)\n\
              b(x, to_string(y)) :- a(x), y = x * 2, !a(y), x != 3.";
    assert_eq!(codes(ok), Vec::<&str>::new());
}

#[test]
fn every_problem_of_a_program_is_reported_in_order() {
    let bad = ".decl a(x: number)\nb(1).\na(\"s\").\na(x) :- a(1, 2).\na(y) :- a(x).";
    assert_eq!(codes(bad), vec!["E0301", "E0303", "E0302", "E0304"]);
}

#[test]
fn an_assignment_chain_is_grounded() {
    let ok = ".decl a(x: number)\na(z) :- a(x), z = y + 1, y = x * 2.";
    assert_eq!(codes(ok), Vec::<&str>::new());
}

#[test]
fn a_query_gets_an_answer_relation_with_its_named_variables() {
    let p = load_text(
        "t.dl",
        ".decl e(x: symbol, y: symbol)\n?- e(A, _), e(_, B), A != B.",
        &CheckOptions::default(),
    )
    .expect("checks");
    assert_eq!(p.queries()[0].columns, vec!["A", "B"]);
}
