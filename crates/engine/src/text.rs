//! Small text helpers the engines share.

/// The Levenshtein distance between two strings, counted in characters: how close a
/// misspelt name is to a known one (for "did you mean …?").
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn counts_insertions_deletions_and_substitutions_in_characters() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("Bucket", "Buckett"), 1);
        assert_eq!(edit_distance("Topik", "Topic"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("lưu", "luu"), 1, "characters, not bytes");
    }
}
