//! Date expressions in a sentence and their resolution against the publication date: "on
//! Thursday", "Wednesday evening", "today", "last Friday", "January 27", "27 May 2022", "in
//! December", "earlier this month"; vague ones ("last week", "recently") are found but resolve
//! to no day. A weekday is the latest such day on or before publication ("last Friday": before).
//!
//! Which event a date belongs to is not decided here (see `speech`, `stance`, `votes`).

use super::text::{Sentence, TokKind};

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub y: i32,
    /// Month, 1-12.
    pub m: u32,
    /// Day, 1-31.
    pub d: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let y = s.get(0..4)?.parse().ok()?;
        let m = s.get(5..7)?.parse().ok()?;
        let d = s.get(8..10)?.parse().ok()?;
        ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some(Date { y, m, d })
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days since 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
        Date { y, m, d }
    }

    /// Monday = 0 … Sunday = 6.
    pub fn weekday(self) -> u32 {
        (self.days() + 3).rem_euclid(7) as u32
    }

    /// The date `n` days later (earlier when negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// What a date expression resolves to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// A day.
    Day(Date),
    /// A month (year, month).
    Month(i32, u32),
    /// A time with no day ("last week", "recently").
    Vague,
    /// A day after publication, or "next …": a future event.
    Future,
}

/// A date expression: tokens `t0..t1`.
#[derive(Clone, Copy, Debug)]
pub struct DateMention {
    /// First token (including a leading "on").
    pub t0: usize,
    /// One past the last token.
    pub t1: usize,
    /// Its resolution.
    pub when: When,
    /// Whether it modifies a noun ("Sunday's referendum"), so dates no event of the sentence.
    pub attributive: bool,
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_of(w: &str, cap: bool) -> Option<u32> {
    let w = w.trim_end_matches('.');
    if let Some(i) = MONTHS.iter().position(|m| *m == w) {
        // "may" is a modal unless capitalised.
        return (w != "may" || cap).then_some(i as u32 + 1);
    }
    const SHORT: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sept", "oct", "nov", "dec",
    ];
    if !cap || w == "may" || w == "mar" {
        return None;
    }
    SHORT
        .iter()
        .position(|m| *m == w)
        .or_else(|| (w == "sep").then_some(8))
        .map(|i| i as u32 + 1)
}

fn number(s: &Sentence, i: usize) -> Option<u32> {
    (s.toks.get(i)?.kind == TokKind::Number)
        .then(|| s.word(i).parse().ok())
        .flatten()
}

/// The latest day with this weekday on or before `published` (strictly before if `strict`).
fn weekday_before(published: Date, wd: u32, strict: bool) -> Date {
    let mut back = (7 + published.weekday() as i64 - wd as i64) % 7;
    if strict && back == 0 {
        back = 7;
    }
    published.add_days(-back)
}

/// A month and day with no year: the latest such day on or before publication.
fn day_no_year(published: Date, m: u32, d: u32) -> Option<When> {
    let this = Date {
        y: published.y,
        m,
        d,
    };
    if d == 0 || d > days_in_month(published.y, m) {
        return None;
    }
    Some(When::Day(if this <= published {
        this
    } else {
        Date {
            y: published.y - 1,
            ..this
        }
    }))
}

fn month_no_year(published: Date, m: u32) -> When {
    if m <= published.m {
        When::Month(published.y, m)
    } else {
        When::Month(published.y - 1, m)
    }
}

/// Every date expression of a sentence, in text order.
pub fn find_dates(s: &Sentence, published: Date) -> Vec<DateMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if let Some((t1, when)) = date_at(s, i, published) {
            let t0 = if i > 0 && s.is_any(i - 1, &["on", "since", "until", "by"]) {
                i - 1
            } else {
                i
            };
            let attributive = s.is(t1, "'s") || s.is(t1, "'");
            out.push(DateMention {
                t0,
                t1,
                when,
                attributive,
            });
            i = t1;
        } else {
            i += 1;
        }
    }
    out
}

/// A date expression starting at token `i`: its end and value.
fn date_at(s: &Sentence, i: usize, published: Date) -> Option<(usize, When)> {
    let w = s.lw(i);
    match w {
        "today" | "tonight" => return Some((i + 1, When::Day(published))),
        "yesterday" => return Some((i + 1, When::Day(published.add_days(-1)))),
        "tomorrow" => return Some((i + 1, When::Future)),
        "recently" | "earlier" if !s.is(i + 1, "this") => return Some((i + 1, When::Vague)),
        _ => {}
    }
    if w == "this" && s.is_any(i + 1, &["morning", "afternoon", "evening"]) {
        return Some((i + 2, When::Day(published)));
    }
    // "last/this/next week|month|year", "earlier this month".
    let (j, rel) = if w == "earlier" || w == "later" {
        (i + 1, s.lw(i + 1))
    } else {
        (i, w)
    };
    if matches!(rel, "last" | "this" | "next" | "past") {
        match s.lw(j + 1) {
            "week" | "weekend" | "year" | "few" => {
                let end = if s.is(j + 1, "few") { j + 3 } else { j + 2 };
                return Some((
                    end,
                    if rel == "next" {
                        When::Future
                    } else {
                        When::Vague
                    },
                ));
            }
            "month" => {
                let when = match rel {
                    "this" => When::Month(published.y, published.m),
                    "last" | "past" => {
                        let d = Date { d: 1, ..published }.add_days(-1);
                        When::Month(d.y, d.m)
                    }
                    _ => When::Future,
                };
                return Some((j + 2, when));
            }
            _ => {}
        }
    }
    // Weekdays, with "last"/"next" before and "morning"/"evening" after.
    let (k, prefix) = if matches!(w, "last" | "next" | "this" | "late" | "early") {
        (i + 1, w)
    } else {
        (i, "")
    };
    if let Some(wd) = WEEKDAYS.iter().position(|d| *d == s.lw(k)) {
        if !s.cap(k) {
            return None;
        }
        let mut end = k + 1;
        if s.is_any(end, &["morning", "afternoon", "evening", "night"]) {
            end += 1;
        }
        let when = match prefix {
            "next" => When::Future,
            "last" => When::Day(weekday_before(published, wd as u32, true)),
            _ => When::Day(weekday_before(published, wd as u32, false)),
        };
        return Some((end, when));
    }
    // "27 May 2022", "May 18, 2017", "January 27", "in December", ISO "2019-12-30".
    if let Some(d) = number(s, i) {
        if let Some(m) = month_of(s.lw(i + 1), s.cap(i + 1)) {
            if let Some(y) = number(s, i + 2).filter(|y| (1900..2200).contains(y)) {
                let date = Date { y: y as i32, m, d };
                return (d >= 1 && d <= days_in_month(date.y, m))
                    .then_some((i + 3, When::Day(date)));
            }
            return day_no_year(published, m, d).map(|w| (i + 2, w));
        }
        if (1900..2200).contains(&d) && s.punct(i + 1, '-') && s.punct(i + 3, '-') {
            let iso = s.text_of(i, i + 5);
            if let Some(date) = Date::parse(iso) {
                return Some((i + 5, When::Day(date)));
            }
        }
        return None;
    }
    let m = month_of(w, s.cap(i))?;
    let mut end = i + 1;
    if s.is(end, ".") {
        end += 1;
    }
    if let Some(d) = number(s, end).filter(|d| (1..=31).contains(d)) {
        let after_day = end + 1;
        let (y_at, has_comma) = if s.punct(after_day, ',') {
            (after_day + 1, true)
        } else {
            (after_day, false)
        };
        if let Some(y) = number(s, y_at).filter(|y| (1900..2200).contains(y)) {
            let date = Date { y: y as i32, m, d };
            return (d <= days_in_month(date.y, m)).then_some((y_at + 1, When::Day(date)));
        }
        let _ = has_comma;
        return day_no_year(published, m, d).map(|w| (after_day, w));
    }
    if let Some(y) = number(s, end).filter(|y| (1900..2200).contains(y)) {
        return Some((end + 1, When::Month(y as i32, m)));
    }
    // A bare month name counts after "in", "since", "early/late/mid".
    if i > 0 && s.is_any(i - 1, &["in", "early", "late", "mid", "since", "until"]) {
        return Some((end, month_no_year(published, m)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::provenance::TextSpan;

    fn dates(text: &str, published: &str) -> Vec<(String, When)> {
        let s = Sentence::new(0, TextSpan { start: 0, end: 0 }, text);
        let p = Date::parse(published).expect("date");
        find_dates(&s, p)
            .into_iter()
            .map(|d| (s.text_of(d.t0, d.t1).to_string(), d.when))
            .collect()
    }

    fn day(s: &str) -> When {
        When::Day(Date::parse(s).expect("date"))
    }

    #[test]
    fn calendar_arithmetic() {
        let d = Date::parse("2000-02-29").expect("leap day");
        assert_eq!(Date::from_days(d.days()), d);
        assert_eq!(d.add_days(1).iso(), "2000-03-01");
        assert_eq!(Date::parse("1970-01-01").map(Date::weekday), Some(3));
        assert_eq!(Date::parse("2024-07-01").map(Date::weekday), Some(0));
        assert!(Date::parse("2021-02-29").is_none());
    }

    #[test]
    fn weekdays_resolve_to_the_latest_on_or_before_publication() {
        // 2024-07-04 is a Thursday.
        assert_eq!(
            dates(
                "She spoke on Monday and again on Thursday evening.",
                "2024-07-04"
            ),
            [
                ("on Monday".to_string(), day("2024-07-01")),
                ("on Thursday evening".to_string(), day("2024-07-04"))
            ]
        );
        assert_eq!(
            dates(
                "It was tabled last Thursday, not next Friday.",
                "2024-07-04"
            ),
            [
                ("last Thursday".to_string(), day("2024-06-27")),
                ("next Friday".to_string(), When::Future)
            ]
        );
    }

    #[test]
    fn explicit_relative_and_vague_dates() {
        let p = "2024-03-05";
        assert_eq!(dates("Signed on January 27.", p)[0].1, day("2024-01-27"));
        assert_eq!(dates("Signed on December 27.", p)[0].1, day("2023-12-27"));
        assert_eq!(dates("Filed 27 May 2022 and May 18, 2017.", p).len(), 2);
        assert_eq!(
            dates("Put forward in December.", p)[0].1,
            When::Month(2023, 12)
        );
        assert_eq!(
            dates("Circulated earlier this month.", p)[0].1,
            When::Month(2024, 3)
        );
        assert_eq!(dates("It said so last week.", p)[0].1, When::Vague);
        assert_eq!(
            dates("Today it may rain.", p),
            [("Today".to_string(), day(p))]
        );
    }
}
