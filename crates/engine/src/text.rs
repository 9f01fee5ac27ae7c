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

/// Unix seconds to (year, month, day, hour, minute, second), UTC.
pub fn civil(t: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 { y + 1 } else { y },
        m,
        d,
        secs / 3600,
        secs % 3600 / 60,
        secs % 60,
    )
}

/// (year, month, day, hour, minute, second), UTC, to Unix seconds: [`civil`]'s inverse (the
/// proleptic Gregorian calendar; months and days from 1).
pub fn unix_time(y: i64, m: i64, d: i64, h: i64, mi: i64, s: i64) -> i64 {
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * 86_400 + h * 3_600 + mi * 60 + s
}

#[cfg(test)]
mod tests {
    use super::{civil, edit_distance, unix_time};

    #[test]
    fn civil_and_unix_time_are_inverse() {
        assert_eq!(civil(0), (1970, 1, 1, 0, 0, 0));
        assert_eq!(civil(1_796_032_800), (2026, 11, 30, 10, 0, 0));
        assert_eq!(unix_time(2026, 11, 30, 10, 0, 0), 1_796_032_800);
        for t in [-86_400 * 800, 0, 951_782_400, 1_709_164_800, 4_102_444_799] {
            let (y, m, d, h, mi, s) = civil(t);
            assert_eq!(unix_time(y, m, d, h, mi, s), t, "{t}");
        }
    }

    #[test]
    fn counts_insertions_deletions_and_substitutions_in_characters() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("Bucket", "Buckett"), 1);
        assert_eq!(edit_distance("Topik", "Topic"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("lưu", "luu"), 1, "characters, not bytes");
    }
}
