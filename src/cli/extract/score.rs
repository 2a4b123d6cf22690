//! Scoring extracted facts against gold ones, per article: proposals are aligned by kind, body
//! and sponsors; stances are compared as the state's stance (`state_stance`, derived by the
//! standard rules from each side's facts plus the background) and position, votes as (country,
//! proposal, choice), roles as (person, role, organization), statements as (sentence,
//! speaker); dates are scored apart, as the same tuples with their date.

use crate::kb::FactStore;
use crate::kb::document::FactDocument;
use std::collections::{BTreeMap, BTreeSet};

/// True and false positives and false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Extracted and in the gold.
    pub tp: usize,
    /// Extracted, not in the gold.
    pub fp: usize,
    /// In the gold, not extracted.
    pub fn_: usize,
}

impl Counts {
    /// Adds another article's counts.
    pub fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }

    /// Precision: 1 when nothing was extracted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// Recall: 1 when the gold is empty.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// A tuple as text.
pub type Tuple = Vec<String>;

/// One measure on one article: the gold and extracted tuples.
#[derive(Debug, Default, Clone)]
pub struct Comparison {
    /// Gold tuples.
    pub gold: BTreeSet<Tuple>,
    /// Extracted tuples.
    pub extracted: BTreeSet<Tuple>,
}

impl Comparison {
    /// The counts.
    pub fn counts(&self) -> Counts {
        let tp = self.gold.intersection(&self.extracted).count();
        Counts {
            tp,
            fp: self.extracted.len() - tp,
            fn_: self.gold.len() - tp,
        }
    }

    /// Gold tuples not extracted.
    pub fn missed(&self) -> impl Iterator<Item = &Tuple> {
        self.gold.difference(&self.extracted)
    }

    /// Extracted tuples not in the gold.
    pub fn spurious(&self) -> impl Iterator<Item = &Tuple> {
        self.extracted.difference(&self.gold)
    }
}

/// The measures, in report order.
pub const MEASURES: [&str; 7] = [
    "stance",
    "stance+date",
    "vote",
    "vote+date",
    "role",
    "statement",
    "statement+date",
];

/// A proposal as alignment sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ProposalKey {
    kind: String,
    body: String,
    sponsors: BTreeSet<String>,
}

fn proposals(doc: &FactDocument) -> BTreeMap<String, ProposalKey> {
    let mut out: BTreeMap<String, ProposalKey> = BTreeMap::new();
    for f in &doc.facts {
        if f.relation == "proposal" && f.args.len() == 4 {
            out.insert(
                f.args[0].to_string(),
                ProposalKey {
                    kind: f.args[1].to_string(),
                    body: f.args[2].to_string(),
                    sponsors: BTreeSet::new(),
                },
            );
        }
    }
    for f in &doc.facts {
        if f.relation == "sponsor" && f.args.len() == 2 {
            if let Some(p) = out.get_mut(f.args[0].as_ref()) {
                p.sponsors.insert(f.args[1].to_string());
            }
        }
    }
    out
}

/// Maps extracted proposal ids to the gold ids they align with (same kind and body, the most
/// sponsors in common; with no sponsor in common only when each side has one such proposal).
pub fn align(gold: &FactDocument, extracted: &FactDocument) -> BTreeMap<String, String> {
    let g = proposals(gold);
    let x = proposals(extracted);
    let mut pairs: Vec<(u32, String, String)> = Vec::new();
    for (xi, xp) in &x {
        for (gi, gp) in &g {
            if xp.kind != gp.kind || xp.body != gp.body {
                continue;
            }
            let common = xp.sponsors.intersection(&gp.sponsors).count();
            let union = xp.sponsors.union(&gp.sponsors).count().max(1);
            let only = x
                .values()
                .filter(|p| p.kind == xp.kind && p.body == xp.body)
                .count()
                == 1
                && g.values()
                    .filter(|p| p.kind == gp.kind && p.body == gp.body)
                    .count()
                    == 1;
            if common == 0 && !(only || (xp.sponsors.is_empty() && gp.sponsors.is_empty())) {
                continue;
            }
            let score = (common * 1000 / union) as u32 * 2 + u32::from(xi == gi);
            pairs.push((score, xi.clone(), gi.clone()));
        }
    }
    pairs.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    let mut map = BTreeMap::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for (_, xi, gi) in pairs {
        if map.contains_key(&xi) || used.contains(&gi) {
            continue;
        }
        used.insert(gi.clone());
        map.insert(xi, gi);
    }
    map
}

/// The tuples of each measure from one side's facts (proposal ids already aligned) and its
/// derived store.
pub fn measures(
    doc: &FactDocument,
    derived: &FactStore,
) -> BTreeMap<&'static str, BTreeSet<Tuple>> {
    let mut m: BTreeMap<&'static str, BTreeSet<Tuple>> =
        MEASURES.iter().map(|k| (*k, BTreeSet::new())).collect();
    let mut put = |k: &'static str, t: Tuple| {
        if let Some(set) = m.get_mut(k) {
            set.insert(t);
        }
    };
    for row in derived.sorted_text("state_stance") {
        put("stance", row[..3].to_vec());
        put("stance+date", row);
    }
    for f in &doc.facts {
        let a: Vec<String> = f.args.iter().map(|s| s.to_string()).collect();
        match (f.relation.as_ref(), a.len()) {
            ("vote", 4) => {
                put("vote", a[..3].to_vec());
                put("vote+date", a);
            }
            ("holds_role", 4) => put("role", a[..3].to_vec()),
            ("statement", 4) => {
                let sentence = statement_sentence(&a[0]);
                put("statement", vec![sentence.clone(), a[1].clone()]);
                put("statement+date", vec![sentence, a[1].clone(), a[2].clone()]);
            }
            _ => {}
        }
    }
    m
}

/// The sentence index a statement id names (`<source>_s<k>_<n>`), or the id itself.
fn statement_sentence(id: &str) -> String {
    id.rsplit_once("_s")
        .and_then(|(_, rest)| rest.split_once('_'))
        .map_or(id.to_string(), |(k, _)| format!("s{k}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(json: &str) -> FactDocument<'_> {
        serde_json::from_str(json).expect("valid document")
    }

    #[test]
    fn counts_give_precision_recall_and_f1() {
        let c = Counts {
            tp: 3,
            fp: 1,
            fn_: 2,
        };
        assert_eq!(c.precision(), 0.75);
        assert_eq!(c.recall(), 0.6);
        assert!((c.f1() - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-9);
        assert_eq!(Counts::default().f1(), 1.0);
    }

    #[test]
    fn proposals_align_by_kind_body_and_sponsors() {
        let gold = doc(r#"{"schema": 1, "facts": [
            {"relation": "proposal", "args": ["a_draft_2020_01_02", "draft_resolution", "council", ""]},
            {"relation": "sponsor", "args": ["a_draft_2020_01_02", "a"]},
            {"relation": "proposal", "args": ["b_draft_2020_01", "draft_resolution", "council", ""]},
            {"relation": "sponsor", "args": ["b_draft_2020_01", "b"]}]}"#);
        let x = doc(r#"{"schema": 1, "facts": [
            {"relation": "proposal", "args": ["b_draft_2020_02", "draft_resolution", "council", ""]},
            {"relation": "sponsor", "args": ["b_draft_2020_02", "b"]},
            {"relation": "proposal", "args": ["c_press_statement_2020_01", "press_statement", "council", ""]}]}"#);
        let m = align(&gold, &x);
        assert_eq!(
            m.get("b_draft_2020_02").map(String::as_str),
            Some("b_draft_2020_01")
        );
        assert_eq!(m.len(), 1);
        assert_eq!(statement_sentence("src_1_s12_2"), "s12");
    }
}
