//! Did-you-mean: the closest name by edit distance, a case-insensitive match first. One distance for
//! every suggestion the crate makes: scope types ([`crate::ScopeType::suggest`]), and a project's
//! resources, parameters and near-miss `TOKEN` lines.

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions) over characters.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The candidate closest to `target`: an ASCII case-insensitive match if there is one, else the one
/// at the smallest distance, if that is at most a third of the target's length (at least 1). Ties go
/// to the earlier candidate.
pub(crate) fn closest<'a>(
    target: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().filter(|c| *c != target).collect();
    if let Some(c) = candidates.iter().find(|c| c.eq_ignore_ascii_case(target)) {
        return Some(c);
    }
    let limit = (target.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (distance(target, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_picks() {
        assert_eq!(distance("TOKNE", "TOKEN"), 1);
        assert_eq!(distance("TOKENS", "TOKEN"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(
            closest("top_pagez", ["page_views", "top_pages"]),
            Some("top_pages")
        );
        assert_eq!(closest("orgid", ["days", "org_id"]), Some("org_id"));
        assert_eq!(
            closest("Top_Pages", ["top_pagez", "top_pages"]),
            Some("top_pages")
        );
        assert_eq!(closest("zzz", ["top_pages"]), None);
    }
}
