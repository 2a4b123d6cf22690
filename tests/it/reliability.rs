//! Regression tests for what reliability probing broke (the numbers are those of the probing
//! report's findings), each named after the behaviour a user relies on.

// Reliability finding 2: in a base where every date is known (no `""` anywhere), the default
// (compiled) engine never derived `reversed_stance`, while `why` proved it.
#[test]
fn a_fully_dated_base_derives_reversed_stance_in_every_command() {
    let facts = r#"{"schema": 1,
 "entities": [{"id": "c1", "kind": "country", "name": "C"}, {"id": "x2", "kind": "proposal", "name": "X"}],
 "facts": [{"relation": "stance", "args": ["c1", "x2", "support", "1994-06-15"]},
           {"relation": "stance", "args": ["c1", "x2", "oppose", "1994-06-16"]}]}"#;
    let kb = crate::support::TempKb::new(&[("a.json", facts)]);
    let want = "C\tX\tD1\tD2\nc1\tx2\t1994-06-15\t1994-06-16\n";
    for engine in [None, Some("runtime"), Some("naive")] {
        let mut args = vec!["query", "reversed_stance(C, X, D1, D2)"];
        if let Some(e) = engine {
            args.extend(["--engine", e]);
        }
        let out = kb.factlog(&args).output().expect("runs");
        assert_eq!(crate::support::stdout(&out), want, "engine {engine:?}");
        assert_eq!(out.status.code(), Some(0));
    }
    let out = kb
        .factlog(&[
            "why",
            r#"reversed_stance("c1", "x2", "1994-06-15", "1994-06-16")"#,
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
}
