//! Where a REPL statement ends: input is gathered line by line until a rule, fact or query
//! ends at its final `.` (outside strings and comments, with its parentheses closed), or a
//! directive (`.decl`, `.type`, …) or command (`.why`, `.help`, …) ends with its line (or,
//! for a directive, once its parentheses are closed).

/// What the text gathered so far amounts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gathered {
    /// Nothing but blanks and comments.
    Nothing,
    /// A complete statement.
    Complete,
    /// More lines are needed.
    Open,
}

/// Whether `text` (one or more lines) is a complete statement.
pub fn gathered(text: &str) -> Gathered {
    let scan = Scan::of(text);
    let Some(first) = scan.first else {
        return Gathered::Nothing;
    };
    if scan.unclosed {
        return Gathered::Open;
    }
    let directive = first == '.';
    let closed = scan.depth <= 0;
    let done = if directive {
        closed
    } else {
        closed && scan.last == Some('.')
    };
    if done {
        Gathered::Complete
    } else {
        Gathered::Open
    }
}

/// The significant characters of a text: outside strings and comments.
struct Scan {
    /// The first significant character.
    first: Option<char>,
    /// The last one.
    last: Option<char>,
    /// Open parentheses minus closed ones.
    depth: i64,
    /// Whether the text ends inside a string or a block comment.
    unclosed: bool,
}

impl Scan {
    fn of(text: &str) -> Scan {
        let mut scan = Scan {
            first: None,
            last: None,
            depth: 0,
            unclosed: false,
        };
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' => {
                    scan.see('"');
                    let mut closed = false;
                    while let Some(s) = chars.next() {
                        match s {
                            '\\' => {
                                chars.next();
                            }
                            '"' => {
                                closed = true;
                                break;
                            }
                            _ => {}
                        }
                    }
                    if !closed {
                        scan.unclosed = true;
                        return scan;
                    }
                }
                '/' if chars.peek() == Some(&'/') => {
                    for s in chars.by_ref() {
                        if s == '\n' {
                            break;
                        }
                    }
                }
                '/' if chars.peek() == Some(&'*') => {
                    chars.next();
                    let mut closed = false;
                    while let Some(s) = chars.next() {
                        if s == '*' && chars.peek() == Some(&'/') {
                            chars.next();
                            closed = true;
                            break;
                        }
                    }
                    if !closed {
                        scan.unclosed = true;
                        return scan;
                    }
                }
                c if c.is_whitespace() => {}
                '(' => {
                    scan.depth += 1;
                    scan.see(c);
                }
                ')' => {
                    scan.depth -= 1;
                    scan.see(c);
                }
                c => scan.see(c),
            }
        }
        scan
    }

    fn see(&mut self, c: char) {
        self.first.get_or_insert(c);
        self.last = Some(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_ends_at_its_final_dot() {
        assert_eq!(gathered("opp(S) :-"), Gathered::Open);
        assert_eq!(
            gathered("opp(S) :-\n  publicly_opposed(S, _)"),
            Gathered::Open
        );
        assert_eq!(
            gathered("opp(S) :-\n  publicly_opposed(S, _),\n  !vetoed(S, _)."),
            Gathered::Complete
        );
        assert_eq!(gathered("?- opp(S)."), Gathered::Complete);
        assert_eq!(gathered("p(1). // a fact"), Gathered::Complete);
    }

    #[test]
    fn dots_in_strings_comments_and_open_parentheses_do_not_end_it() {
        assert_eq!(gathered(r#"q("a." "#), Gathered::Open);
        assert_eq!(gathered(r#"q("say \"hi.\""#), Gathered::Open);
        assert_eq!(gathered(r#"q("a.")."#), Gathered::Complete);
        assert_eq!(gathered("q(x) :- r(x). /* more."), Gathered::Open);
        assert_eq!(gathered("q(x) :- r(x /* . */."), Gathered::Open);
        assert_eq!(gathered("q(x) :- r(x) // not yet."), Gathered::Open);
    }

    #[test]
    fn a_directive_or_command_ends_with_its_line_once_its_parentheses_close() {
        assert_eq!(gathered(".decl opp(s: symbol)"), Gathered::Complete);
        assert_eq!(gathered(".decl opp(s: symbol,"), Gathered::Open);
        assert_eq!(
            gathered(".decl opp(s: symbol,\n t: symbol)"),
            Gathered::Complete
        );
        assert_eq!(gathered(".why opp(\"russia\")"), Gathered::Complete);
        assert_eq!(gathered(".help"), Gathered::Complete);
        assert_eq!(gathered("   "), Gathered::Nothing);
        assert_eq!(gathered("// just a comment"), Gathered::Nothing);
    }
}
