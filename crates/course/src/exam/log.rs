//! The learner's exam log: what they did, one fact per line, times in milliseconds since the
//! Unix epoch. The page appends the lines the panel's buttons carry (writing the click's
//! time where a line says `{now}`) and saves the text with the learner's progress; every view
//! is built from it again. A line that cannot be read (a damaged save, a line of a newer
//! version) is skipped, never fatal.
//!
//! ```text
//! mock <seed> <questions> <minutes> <time>   a mock exam starts (its questions drawn from the seed)
//! pick <question> <letters|-> <time>         the mock exam's answer to a question (- clears it)
//! flag <question> <on|off>                   a mock exam's question flagged for review, or not
//! submit <time>                              the mock exam is handed in
//! practice <question> <letters> <time>       a practice answer, checked at once
//! ```

/// One line of the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Mock {
        seed: u64,
        questions: u32,
        minutes: u32,
        at: u64,
    },
    Pick {
        question: String,
        letters: Vec<u8>,
        at: u64,
    },
    Flag {
        question: String,
        on: bool,
    },
    Submit {
        at: u64,
    },
    Practice {
        question: String,
        letters: Vec<u8>,
        at: u64,
    },
}

/// The longest mock exam the log accepts (the real exam has 75 questions in 180 minutes).
pub const MAX_QUESTIONS: u32 = 200;
pub const MAX_MINUTES: u32 = 600;

/// Reads a log; unreadable lines are skipped.
pub fn parse(text: &str) -> Vec<Entry> {
    text.lines().filter_map(entry).collect()
}

fn entry(line: &str) -> Option<Entry> {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        ["mock", seed, questions, minutes, at] => {
            let questions = questions
                .parse()
                .ok()
                .filter(|n| (1..=MAX_QUESTIONS).contains(n))?;
            let minutes = minutes
                .parse()
                .ok()
                .filter(|n| (1..=MAX_MINUTES).contains(n))?;
            Some(Entry::Mock {
                seed: seed.parse().ok()?,
                questions,
                minutes,
                at: at.parse().ok()?,
            })
        }
        ["pick", question, letters, at] => Some(Entry::Pick {
            question: question.to_string(),
            letters: if *letters == "-" {
                Vec::new()
            } else {
                parse_letters(letters)?
            },
            at: at.parse().ok()?,
        }),
        ["flag", question, on] => Some(Entry::Flag {
            question: question.to_string(),
            on: match *on {
                "on" => true,
                "off" => false,
                _ => return None,
            },
        }),
        ["submit", at] => Some(Entry::Submit {
            at: at.parse().ok()?,
        }),
        ["practice", question, letters, at] => Some(Entry::Practice {
            question: question.to_string(),
            letters: parse_letters(letters)?,
            at: at.parse().ok()?,
        }),
        _ => None,
    }
}

/// `AC` → `[0, 2]` (sorted, no repeats); `None` for anything but capital letters.
pub fn parse_letters(s: &str) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = Vec::new();
    for c in s.chars() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        out.push(c as u8 - b'A');
    }
    out.sort_unstable();
    out.dedup();
    (!out.is_empty()).then_some(out)
}

/// `[0, 2]` → `AC`.
pub fn letters(indexes: &[u8]) -> String {
    indexes
        .iter()
        .map(|i| (b'A' + (*i).min(25)) as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_line_and_skips_the_rest() {
        let log = "mock 7 75 180 1000\npick sdlc-a CA 2000\npick sdlc-a - 2500\nflag sdlc-b on\n\
                   submit 3000\npractice iac-x B 4000\nnonsense\npick x a 1\nmock 1 0 180 5\n\
                   mock 1 5 99999 5\nflag y maybe\n";
        assert_eq!(
            parse(log),
            vec![
                Entry::Mock {
                    seed: 7,
                    questions: 75,
                    minutes: 180,
                    at: 1000
                },
                Entry::Pick {
                    question: "sdlc-a".into(),
                    letters: vec![0, 2],
                    at: 2000
                },
                Entry::Pick {
                    question: "sdlc-a".into(),
                    letters: vec![],
                    at: 2500
                },
                Entry::Flag {
                    question: "sdlc-b".into(),
                    on: true
                },
                Entry::Submit { at: 3000 },
                Entry::Practice {
                    question: "iac-x".into(),
                    letters: vec![1],
                    at: 4000
                },
            ]
        );
    }

    #[test]
    fn letters_round_trip() {
        assert_eq!(parse_letters("DBB"), Some(vec![1, 3]));
        assert_eq!(letters(&[1, 3]), "BD");
        assert_eq!(parse_letters(""), None);
        assert_eq!(parse_letters("b"), None);
    }
}
