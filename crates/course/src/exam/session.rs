//! The learner's exams, replayed from their log: mock exams (drawn by the domains' weights,
//! timed, scored per domain), every graded answer, and the review deck of missed questions on
//! a spaced-repetition schedule (a Leitner system).
//!
//! Deterministic: the same bank, log and time give the same state on every machine.
use std::collections::{BTreeMap, BTreeSet};

use engine::numbers::Rng;

use super::log::Entry;
use super::Bank;

/// The real exam's length: 75 questions in 180 minutes.
pub const EXAM_QUESTIONS: u32 = 75;
pub const EXAM_MINUTES: u32 = 180;
/// The scaled score that passes (of 100–1000).
pub const PASSING_SCORE: u32 = 750;

const MINUTE: u64 = 60_000;
const DAY: u64 = 24 * 60 * MINUTE;

/// The days a question waits in each box of the review deck before it is due again: box 1
/// after a miss, then 3, 7 and 14 days after each right answer; a right answer in box 4
/// takes it out of the deck.
pub const REVIEW_DAYS: [u64; 4] = [1, 3, 7, 14];

/// A mock exam.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attempt {
    pub seed: u64,
    pub minutes: u32,
    pub started: u64,
    /// Its questions (indexes into the bank), in the order they are asked.
    pub questions: Vec<usize>,
    /// The options picked, by question index.
    pub picks: BTreeMap<usize, Vec<u8>>,
    pub flags: BTreeSet<usize>,
    /// When it was handed in (the deadline when time ran out); `None` while it runs.
    pub submitted: Option<u64>,
}

impl Attempt {
    pub fn deadline(&self) -> u64 {
        self.started + u64::from(self.minutes) * MINUTE
    }

    /// Whether time ran out before it was handed in.
    pub fn timed_out(&self) -> bool {
        self.submitted == Some(self.deadline())
    }

    pub fn answered(&self) -> usize {
        self.questions
            .iter()
            .filter(|q| self.picks.get(q).is_some_and(|p| !p.is_empty()))
            .count()
    }
}

/// A graded answer (a practice answer, or a question of a handed-in mock exam).
#[derive(Clone, Debug, PartialEq)]
pub struct Graded {
    pub question: usize,
    pub letters: Vec<u8>,
    pub correct: bool,
    pub at: u64,
}

/// A question in the review deck.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Review {
    /// 1 to 4 (see [`REVIEW_DAYS`]).
    pub level: u8,
    pub due: u64,
}

/// Everything the log says, at a moment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    pub attempts: Vec<Attempt>,
    /// In time order.
    pub graded: Vec<Graded>,
    /// Missed questions not yet learnt, by question index.
    pub deck: BTreeMap<usize, Review>,
}

impl History {
    /// The mock exam in progress, if one is.
    pub fn running(&self) -> Option<&Attempt> {
        self.attempts.last().filter(|a| a.submitted.is_none())
    }

    /// The review deck's questions due at `now`, the longest-waiting first.
    pub fn due(&self, now: u64) -> Vec<usize> {
        let mut due: Vec<(u64, usize)> = self
            .deck
            .iter()
            .filter(|(_, r)| r.due <= now)
            .map(|(q, r)| (r.due, *q))
            .collect();
        due.sort_unstable();
        due.into_iter().map(|(_, q)| q).collect()
    }

    /// The latest graded answer to a question.
    pub fn last(&self, question: usize) -> Option<&Graded> {
        self.graded.iter().rev().find(|g| g.question == question)
    }
}

/// Whether `letters` are exactly the question's answer (multiple response scores only when
/// every correct option and no other is picked, as the exam does).
pub fn is_correct(bank: &Bank, question: usize, letters: &[u8]) -> bool {
    bank.questions
        .get(question)
        .is_some_and(|q| q.answer == letters)
}

/// Replays a log at `now`. A mock exam whose time is up is handed in at its deadline; picks
/// after it, or for questions not in it, are ignored.
pub fn replay(bank: &Bank, entries: &[Entry], now: u64) -> History {
    let index: BTreeMap<&str, usize> = bank
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    let mut h = History::default();
    for e in entries {
        match e {
            Entry::Mock {
                seed,
                questions,
                minutes,
                at,
            } => {
                hand_in(bank, &mut h, *at);
                h.attempts.push(Attempt {
                    seed: *seed,
                    minutes: *minutes,
                    started: *at,
                    questions: draw(bank, *seed, *questions as usize),
                    ..Attempt::default()
                });
            }
            Entry::Pick {
                question,
                letters,
                at,
            } => {
                if let (Some(a), Some(&q)) = (h.attempts.last_mut(), index.get(question.as_str())) {
                    let options = bank.questions[q].options.len() as u8;
                    if a.submitted.is_none()
                        && *at < a.deadline()
                        && a.questions.contains(&q)
                        && letters.iter().all(|l| *l < options)
                    {
                        a.picks.insert(q, letters.clone());
                    }
                }
            }
            Entry::Flag { question, on } => {
                if let (Some(a), Some(&q)) = (h.attempts.last_mut(), index.get(question.as_str())) {
                    if a.submitted.is_none() && a.questions.contains(&q) {
                        if *on {
                            a.flags.insert(q);
                        } else {
                            a.flags.remove(&q);
                        }
                    }
                }
            }
            Entry::Submit { at } => hand_in(bank, &mut h, *at),
            Entry::Practice {
                question,
                letters,
                at,
            } => {
                if let Some(&q) = index.get(question.as_str()) {
                    grade(bank, &mut h, q, letters.clone(), *at);
                }
            }
        }
    }
    if let Some(a) = h.attempts.last() {
        if a.submitted.is_none() && now >= a.deadline() {
            let deadline = a.deadline();
            hand_in(bank, &mut h, deadline);
        }
    }
    h
}

/// Hands in the running mock exam if its time is up at `at` (at its deadline), or when `at`
/// comes from a `submit` or a new `mock` line (at `at`, or the deadline if that came first).
fn hand_in(bank: &Bank, h: &mut History, at: u64) {
    let Some(a) = h.attempts.last_mut() else {
        return;
    };
    if a.submitted.is_some() {
        return;
    }
    let at = at.min(a.deadline());
    a.submitted = Some(at);
    let questions = a.questions.clone();
    let picks = a.picks.clone();
    for q in questions {
        let letters = picks.get(&q).cloned().unwrap_or_default();
        grade(bank, h, q, letters, at);
    }
}

fn grade(bank: &Bank, h: &mut History, question: usize, letters: Vec<u8>, at: u64) {
    let correct = is_correct(bank, question, &letters);
    h.graded.push(Graded {
        question,
        letters,
        correct,
        at,
    });
    if !correct {
        h.deck.insert(
            question,
            Review {
                level: 1,
                due: at + REVIEW_DAYS[0] * DAY,
            },
        );
    } else if let Some(r) = h.deck.get(&question).copied() {
        let level = usize::from(r.level);
        if level >= REVIEW_DAYS.len() {
            h.deck.remove(&question);
        } else {
            h.deck.insert(
                question,
                Review {
                    level: r.level + 1,
                    due: at + REVIEW_DAYS[level] * DAY,
                },
            );
        }
    }
}

/// Shuffles in place (Fisher–Yates) with the engines' seeded generator.
fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// How many of `count` questions each domain gets: its weight's share, rounded by the
/// largest remainder (75 questions: 17, 13, 11, 11, 10, 13).
pub fn shares(bank: &Bank, count: usize) -> Vec<usize> {
    let exact: Vec<f64> = bank
        .domains
        .iter()
        .map(|d| count as f64 * f64::from(d.weight) / 100.0)
        .collect();
    let mut out: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|a, b| {
        let (ra, rb) = (exact[*a] - exact[*a].floor(), exact[*b] - exact[*b].floor());
        rb.partial_cmp(&ra)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(b))
    });
    let mut left = count.saturating_sub(out.iter().sum());
    for i in order {
        if left == 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

/// A mock exam's questions: each domain's share ([`shares`]) drawn at random from the seed,
/// then mixed. A domain with too few questions gives what it has and the rest come from the
/// others; never more questions than the bank has.
pub fn draw(bank: &Bank, seed: u64, count: usize) -> Vec<usize> {
    let mut rng = Rng::new(seed);
    let count = count.min(bank.questions.len());
    let mut pools: Vec<Vec<usize>> = (0..bank.domains.len())
        .map(|d| {
            let mut pool: Vec<usize> = bank
                .questions
                .iter()
                .enumerate()
                .filter(|(_, q)| usize::from(q.domain) == d)
                .map(|(i, _)| i)
                .collect();
            shuffle(&mut rng, &mut pool);
            pool
        })
        .collect();
    let mut picked = Vec::with_capacity(count);
    for (d, share) in shares(bank, count).into_iter().enumerate() {
        let take = share.min(pools[d].len());
        picked.extend(pools[d].drain(..take));
    }
    let mut rest: Vec<usize> = pools.into_iter().flatten().collect();
    rest.sort_unstable();
    shuffle(&mut rng, &mut rest);
    let missing = count - picked.len();
    picked.extend(rest.into_iter().take(missing));
    shuffle(&mut rng, &mut picked);
    picked
}

/// A handed-in mock exam's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub correct: usize,
    pub total: usize,
    /// By domain (the bank's order): (correct, asked).
    pub domains: Vec<(usize, usize)>,
    /// An approximation of the exam's scaled score (100–1000): the share of correct answers
    /// mapped linearly onto the scale. AWS does not publish its scaling.
    pub scaled: u32,
}

impl Score {
    pub fn passed(&self) -> bool {
        self.scaled >= PASSING_SCORE
    }
}

pub fn score(bank: &Bank, attempt: &Attempt) -> Score {
    let mut domains = vec![(0usize, 0usize); bank.domains.len()];
    let mut correct = 0;
    for &q in &attempt.questions {
        let d = usize::from(bank.questions[q].domain);
        let ok = is_correct(
            bank,
            q,
            attempt.picks.get(&q).map(Vec::as_slice).unwrap_or(&[]),
        );
        if let Some(slot) = domains.get_mut(d) {
            slot.1 += 1;
            if ok {
                slot.0 += 1;
            }
        }
        correct += usize::from(ok);
    }
    let total = attempt.questions.len();
    let scaled = if total == 0 {
        100
    } else {
        100 + ((900 * correct) as f64 / total as f64).round() as u32
    };
    Score {
        correct,
        total,
        domains,
        scaled,
    }
}

/// A domain's practice so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DomainProgress {
    pub questions: usize,
    /// Questions answered at least once.
    pub seen: usize,
    /// Of those, the ones whose latest answer was right.
    pub right: usize,
    /// In the review deck.
    pub reviewing: usize,
}

pub fn progress(bank: &Bank, h: &History) -> Vec<DomainProgress> {
    let mut out = vec![DomainProgress::default(); bank.domains.len()];
    let mut latest: BTreeMap<usize, bool> = BTreeMap::new();
    for g in &h.graded {
        latest.insert(g.question, g.correct);
    }
    for (i, q) in bank.questions.iter().enumerate() {
        let Some(p) = out.get_mut(usize::from(q.domain)) else {
            continue;
        };
        p.questions += 1;
        if let Some(right) = latest.get(&i) {
            p.seen += 1;
            p.right += usize::from(*right);
        }
        p.reviewing += usize::from(h.deck.contains_key(&i));
    }
    out
}

/// The next practice question of a domain: a due review first, then one never answered (in
/// an order fixed by the bank, mixing the task statements), then the one answered longest ago.
pub fn next_practice(bank: &Bank, h: &History, domain: usize, now: u64) -> Option<usize> {
    if let Some(q) = h
        .due(now)
        .into_iter()
        .find(|q| usize::from(bank.questions[*q].domain) == domain)
    {
        return Some(q);
    }
    let mut order: Vec<usize> = bank
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| usize::from(q.domain) == domain)
        .map(|(i, _)| i)
        .collect();
    shuffle(&mut Rng::new(domain as u64 + 1), &mut order);
    let answered: BTreeMap<usize, u64> = h.graded.iter().map(|g| (g.question, g.at)).collect();
    if let Some(q) = order.iter().find(|q| !answered.contains_key(q)) {
        return Some(*q);
    }
    order
        .into_iter()
        .min_by_key(|q| answered.get(q).copied().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::super::log::parse;
    use super::super::{Choice, Domain, Question};
    use super::*;

    /// A bank of `per` questions in each of the six domains with the guide's weights; every
    /// question's answer is A, except the multiple-response ones (every fifth: A and C).
    fn bank(per: usize) -> Bank {
        let weights = [22, 17, 15, 15, 14, 17];
        let mut b = Bank::default();
        for (d, w) in weights.iter().enumerate() {
            b.domains.push(Domain {
                id: format!("d{d}"),
                number: d as u8 + 1,
                weight: *w,
                ..Domain::default()
            });
            for n in 0..per {
                let multi = n % 5 == 4;
                b.questions.push(Question {
                    id: format!("d{d}-q{n}"),
                    domain: d as u8,
                    options: vec![Choice::default(); if multi { 5 } else { 4 }],
                    answer: if multi { vec![0, 2] } else { vec![0] },
                    ..Question::default()
                });
            }
        }
        b
    }

    #[test]
    fn shares_follow_the_weights_by_largest_remainder() {
        let b = bank(20);
        assert_eq!(shares(&b, 75), vec![17, 13, 11, 11, 10, 13]);
        assert_eq!(shares(&b, 75).iter().sum::<usize>(), 75);
        assert_eq!(shares(&b, 10), vec![2, 2, 2, 1, 1, 2]);
    }

    #[test]
    fn a_draw_is_deterministic_distinct_and_weighted() {
        let b = bank(20);
        let one = draw(&b, 42, 75);
        assert_eq!(one, draw(&b, 42, 75));
        assert_ne!(one, draw(&b, 43, 75));
        let distinct: BTreeSet<usize> = one.iter().copied().collect();
        assert_eq!(distinct.len(), 75);
        let mut per = vec![0; 6];
        for q in &one {
            per[usize::from(b.questions[*q].domain)] += 1;
        }
        assert_eq!(per, vec![17, 13, 11, 11, 10, 13]);
        // A small bank: every question once, never more than it has.
        let small = bank(3);
        assert_eq!(draw(&small, 1, 75).len(), 18);
        // A domain short of questions: the others fill in.
        let short = draw(&bank(12), 5, 75);
        assert_eq!(short.len(), 72);
    }

    #[test]
    fn a_mock_exam_is_scored_per_domain_and_multiple_response_is_all_or_nothing() {
        let b = bank(20);
        let drawn = draw(&b, 9, 6);
        let q = |i: usize| b.questions[drawn[i]].id.clone();
        let mut log = String::from("mock 9 6 10 0\n");
        // The first three right, the fourth wrong, the rest unanswered.
        for &d in &drawn[..3] {
            let right = super::super::log::letters(&b.questions[d].answer);
            log.push_str(&format!("pick {} {right} 1000\n", b.questions[d].id));
        }
        log.push_str(&format!("pick {} B 1000\n", q(3)));
        log.push_str(&format!("flag {} on\nsubmit 5000\n", q(4)));
        let h = replay(&b, &parse(&log), 6000);
        let a = &h.attempts[0];
        assert_eq!(a.submitted, Some(5000));
        assert!(!a.timed_out());
        assert_eq!(a.answered(), 4);
        assert!(a.flags.contains(&drawn[4]));
        let s = score(&b, a);
        assert_eq!((s.correct, s.total), (3, 6));
        assert_eq!(s.scaled, 550);
        assert!(!s.passed());
        assert_eq!(s.domains.iter().map(|d| d.1).sum::<usize>(), 6);
        assert_eq!(s.domains.iter().map(|d| d.0).sum::<usize>(), 3);
        // Missed and unanswered questions go to the review deck.
        assert_eq!(h.deck.len(), 3);
        // Only A of a multiple-response question (A and C) scores nothing.
        let m = b.questions.iter().position(|q| q.answer.len() > 1).unwrap();
        assert!(!is_correct(&b, m, &[0]));
        assert!(is_correct(&b, m, &[0, 2]));
        assert!(!is_correct(&b, m, &[0, 1, 2]));
    }

    #[test]
    fn time_running_out_hands_the_exam_in_at_its_deadline() {
        let b = bank(20);
        let drawn = draw(&b, 3, 5);
        let id = &b.questions[drawn[0]].id;
        let log = format!("mock 3 5 1 0\npick {id} A 30000\npick {id} B 70000\n");
        // Still running at 59 s.
        let h = replay(&b, &parse(&log), 59_000);
        assert!(h.running().is_some());
        // At 61 s it was handed in at 60 s, with the answer given before the deadline.
        let h = replay(&b, &parse(&log), 61_000);
        let a = &h.attempts[0];
        assert_eq!(a.submitted, Some(60_000));
        assert!(a.timed_out());
        assert_eq!(a.picks.get(&drawn[0]), Some(&vec![0]));
        // A pick for a question that is not in the exam is ignored.
        let other = b
            .questions
            .iter()
            .position(|q| !drawn.contains(&b.questions.iter().position(|x| x.id == q.id).unwrap()))
            .unwrap();
        let log = format!("mock 3 5 1 0\npick {} A 100\n", b.questions[other].id);
        assert!(replay(&b, &parse(&log), 200).attempts[0].picks.is_empty());
    }

    #[test]
    fn a_missed_question_comes_back_on_the_leitner_schedule() {
        let b = bank(20);
        let id = &b.questions[0].id;
        let day = DAY;
        let mut log = format!("practice {id} B 0\n");
        let h = replay(&b, &parse(&log), 0);
        assert_eq!(h.deck[&0], Review { level: 1, due: day });
        assert!(h.due(day - 1).is_empty());
        assert_eq!(h.due(day), vec![0]);
        // Right after one day: level 2, due three days later; then 7, then 14; then learnt.
        log.push_str(&format!("practice {id} A {day}\n"));
        assert_eq!(
            replay(&b, &parse(&log), day).deck[&0],
            Review {
                level: 2,
                due: 4 * day
            }
        );
        log.push_str(&format!("practice {id} A {}\n", 4 * day));
        assert_eq!(replay(&b, &parse(&log), 4 * day).deck[&0].due, 11 * day);
        log.push_str(&format!("practice {id} A {}\n", 11 * day));
        assert_eq!(
            replay(&b, &parse(&log), 11 * day).deck[&0],
            Review {
                level: 4,
                due: 25 * day
            }
        );
        log.push_str(&format!("practice {id} A {}\n", 25 * day));
        assert!(replay(&b, &parse(&log), 25 * day).deck.is_empty());
        // A miss on the way sends it back to level 1.
        let log = format!(
            "practice {id} B 0\npractice {id} A {day}\npractice {id} C {}\n",
            2 * day
        );
        assert_eq!(
            replay(&b, &parse(&log), 2 * day).deck[&0],
            Review {
                level: 1,
                due: 3 * day
            }
        );
    }

    #[test]
    fn practice_asks_due_reviews_then_new_questions_then_the_oldest() {
        let b = bank(3);
        let h = replay(&b, &[], 0);
        let first = next_practice(&b, &h, 1, 0).unwrap();
        assert_eq!(usize::from(b.questions[first].domain), 1);
        // Answer all three of domain 1 right, the second one first.
        let ids: Vec<usize> = (0..b.questions.len())
            .filter(|i| b.questions[*i].domain == 1)
            .collect();
        let mut log = String::new();
        for (t, q) in ids.iter().enumerate() {
            log.push_str(&format!("practice {} A {}\n", b.questions[*q].id, t + 1));
        }
        let h = replay(&b, &parse(&log), 10);
        assert_eq!(next_practice(&b, &h, 1, 10), Some(ids[0]));
        // A miss of the last one is due a day later and asked first then.
        log.push_str(&format!("practice {} B 20\n", b.questions[ids[2]].id));
        let h = replay(&b, &parse(&log), 20 + DAY);
        assert_eq!(next_practice(&b, &h, 1, 20 + DAY), Some(ids[2]));
        let p = progress(&b, &h);
        assert_eq!(
            p[1],
            DomainProgress {
                questions: 3,
                seen: 3,
                right: 2,
                reviewing: 1
            }
        );
        assert_eq!(p[0].seen, 0);
    }
}
