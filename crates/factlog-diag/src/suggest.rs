//! "Did you mean" suggestions: the names closest to a misspelt one.

/// The candidates within a small edit distance of `name` (at most 2, or a quarter of the
/// candidate's length), closest first, at most three.
pub fn similar_names<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().map(|(_, c)| c).take(3).collect()
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_first_and_only_close_ones() {
        assert_eq!(
            similar_names("stances", ["stance", "state_stance", "vote"]),
            ["stance"]
        );
        assert_eq!(similar_names("xyz", ["stance"]), Vec::<&str>::new());
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
