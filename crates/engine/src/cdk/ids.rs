//! Logical IDs as the CDK computes them from a construct's path (`makeUniqueId` in
//! aws-cdk-lib's `core/lib/private/uniqueid.ts`): components named `Default` are left out;
//! a single component is used as it is (alphanumeric characters only) when it fits in 255
//! characters; otherwise the human-readable part (the components, a component that the
//! previous one ends with dropped, `Resource` hidden, non-alphanumerics removed, at most 240
//! characters) is followed by the first 8 hex digits, upper-case, of the MD5 of the path
//! joined with `/`.

use md5::{Digest, Md5};

const HIDDEN_FROM_HUMAN_ID: &str = "Resource";
const HIDDEN_ID: &str = "Default";
const MAX_HUMAN_LEN: usize = 240;
const MAX_ID_LEN: usize = 255;

/// The logical ID of a construct whose path below its stack is `components`.
pub fn make_unique_id(components: &[&str]) -> String {
    let components: Vec<&str> = components
        .iter()
        .copied()
        .filter(|c| *c != HIDDEN_ID)
        .collect();
    if components.len() == 1 {
        let candidate = alphanumeric(components[0]);
        if candidate.len() <= MAX_ID_LEN {
            return candidate;
        }
    }
    let digest = Md5::digest(components.join("/").as_bytes());
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02X}")).collect();
    let mut kept: Vec<&str> = Vec::new();
    for c in &components {
        if kept.last().is_none_or(|last| !last.ends_with(c)) {
            kept.push(c);
        }
    }
    let human: String = kept
        .into_iter()
        .filter(|c| *c != HIDDEN_FROM_HUMAN_ID)
        .map(alphanumeric)
        .collect::<String>()
        .chars()
        .take(MAX_HUMAN_LEN)
        .collect();
    human + &hash
}

fn alphanumeric(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).collect()
}
