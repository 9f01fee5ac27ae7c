//! Line-level three-way merge of one file's text, as `git merge-file` does it: the changes
//! each side made to the base are found with a line diff, changes to different lines are
//! both kept, and changes that overlap or touch (on neighbouring lines) conflict unless they
//! are identical.

/// More line pairs than this and the changed middle is taken as one block (no line diff).
const MAX_CELLS: usize = 1_000_000;

/// One side's change to the base: base lines `start..end` become `lines`.
#[derive(Debug, Clone, PartialEq)]
struct Hunk<'a> {
    start: usize,
    end: usize,
    lines: Vec<&'a str>,
    side: u8,
}

fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// The hunks that turn `base` into `side`.
fn hunks<'a>(base: &[&'a str], other: &[&'a str], side: u8) -> Vec<Hunk<'a>> {
    let prefix = base
        .iter()
        .zip(other.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = base[prefix..]
        .iter()
        .rev()
        .zip(other[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let a = &base[prefix..base.len() - suffix];
    let b = &other[prefix..other.len() - suffix];
    if a.is_empty() && b.is_empty() {
        return Vec::new();
    }
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > MAX_CELLS || n == 0 || m == 0 {
        return vec![Hunk {
            start: prefix,
            end: prefix + n,
            lines: b.to_vec(),
            side,
        }];
    }
    // Longest common subsequence lengths of the suffixes a[i..] and b[j..].
    let width = m + 1;
    let mut table = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i * width + j] = if a[i] == b[j] {
                table[(i + 1) * width + j + 1] + 1
            } else {
                table[(i + 1) * width + j].max(table[i * width + j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut open: Option<Hunk<'a>> = None;
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            if let Some(h) = open.take() {
                out.push(h);
            }
            i += 1;
            j += 1;
            continue;
        }
        let h = open.get_or_insert_with(|| Hunk {
            start: prefix + i,
            end: prefix + i,
            lines: Vec::new(),
            side,
        });
        if j >= m || (i < n && table[(i + 1) * width + j] >= table[i * width + j + 1]) {
            h.end += 1;
            i += 1;
        } else {
            h.lines.push(b[j]);
            j += 1;
        }
    }
    if let Some(h) = open.take() {
        out.push(h);
    }
    out
}

/// Applies one side's hunks (sorted) to base lines `start..end`.
fn replay<'a>(base: &[&'a str], start: usize, end: usize, hunks: &[&Hunk<'a>]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut pos = start;
    for h in hunks {
        out.extend_from_slice(&base[pos..h.start]);
        out.extend_from_slice(&h.lines);
        pos = h.end;
    }
    out.extend_from_slice(&base[pos..end]);
    out
}

/// Merges two texts changed from `base`: `Ok` with the merged text, or `Err` with the text
/// marked the way Git marks a conflict (`<<<<<<< ours`, `=======`, `>>>>>>> theirs`).
pub fn merge(
    base: &str,
    ours: &str,
    theirs: &str,
    ours_label: &str,
    theirs_label: &str,
) -> Result<String, String> {
    let b = lines(base);
    let mut all = hunks(&b, &lines(ours), 0);
    all.extend(hunks(&b, &lines(theirs), 1));
    all.sort_by_key(|x| (x.start, x.end, x.side));

    let mut out = String::new();
    let mut conflict = false;
    let mut pos = 0;
    let mut k = 0;
    while k < all.len() {
        let (start, mut end) = (all[k].start, all[k].end);
        let mut group = vec![&all[k]];
        k += 1;
        while k < all.len() && all[k].start <= end {
            end = end.max(all[k].end);
            group.push(&all[k]);
            k += 1;
        }
        out.extend(b[pos..start].iter().copied());
        let ours_h: Vec<&Hunk> = group.iter().copied().filter(|h| h.side == 0).collect();
        let theirs_h: Vec<&Hunk> = group.iter().copied().filter(|h| h.side == 1).collect();
        let mine = replay(&b, start, end, &ours_h);
        let other = replay(&b, start, end, &theirs_h);
        if theirs_h.is_empty() || mine == other {
            out.extend(mine);
        } else if ours_h.is_empty() {
            out.extend(other);
        } else {
            conflict = true;
            out.push_str(&format!("<<<<<<< {ours_label}\n"));
            push_block(&mut out, &mine);
            out.push_str("=======\n");
            push_block(&mut out, &other);
            out.push_str(&format!(">>>>>>> {theirs_label}\n"));
        }
        pos = end;
    }
    out.extend(b[pos..].iter().copied());
    if conflict {
        Err(out)
    } else {
        Ok(out)
    }
}

fn push_block(out: &mut String, block: &[&str]) {
    for l in block {
        out.push_str(l);
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::merge;

    #[test]
    fn different_lines_merge_cleanly() {
        let base = "a\nb\nc\nd\ne\n";
        let ours = "A\nb\nc\nd\ne\n";
        let theirs = "a\nb\nc\nd\nE\n";
        assert_eq!(
            merge(base, ours, theirs, "HEAD", "x"),
            Ok("A\nb\nc\nd\nE\n".into())
        );
    }

    #[test]
    fn same_line_conflicts_with_markers() {
        let base = "a\nb\nc\n";
        let err = merge(base, "a\nB1\nc\n", "a\nB2\nc\n", "HEAD", "feature").unwrap_err();
        assert_eq!(
            err,
            "a\n<<<<<<< HEAD\nB1\n=======\nB2\n>>>>>>> feature\nc\n"
        );
    }

    #[test]
    fn touching_lines_conflict_and_identical_changes_do_not() {
        let base = "a\nb\nc\n";
        assert!(merge(base, "A\nb\nc\n", "a\nB\nc\n", "o", "t").is_err());
        assert_eq!(
            merge(base, "a\nX\nc\n", "a\nX\nc\n", "o", "t"),
            Ok("a\nX\nc\n".into())
        );
    }

    #[test]
    fn insertions_and_missing_final_newline() {
        let base = "a\nb";
        assert_eq!(
            merge(base, "a\nb", "z\na\nb", "o", "t"),
            Ok("z\na\nb".into())
        );
        assert_eq!(merge("", "x", "", "o", "t"), Ok("x".into()));
        assert!(merge("", "x", "y", "o", "t").is_err());
    }
}
