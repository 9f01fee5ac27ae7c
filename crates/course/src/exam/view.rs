//! The exam pages, built in the parsers worker as panels the app draws: the start page
//! (progress by domain, the review deck, mock exams), practice by domain and the review of
//! missed questions (the explanation after each answer), the timed mock exam (questions,
//! flags, the review screen, handing in) and its results per domain.
//!
//! A page is addressed by its route after `#/exam` ([`super::ExamJob::view`]); what the learner
//! picks before checking an answer is in the address too (`?q=<id>&pick=AC`), so only facts go
//! into the log. Buttons carry the log lines to append (see [`crate::panel::Button`]).
use std::collections::BTreeMap;

use super::log::{self, letters, parse_letters};
use super::session::{self, History, EXAM_MINUTES, EXAM_QUESTIONS, PASSING_SCORE};
use super::{Bank, ExamJob, Question};
use crate::lang::{Lang, T};
use crate::panel::{Block, Button, Cell, Panel, Tone};

const ROOT: &str = "#/exam";

/// The page of a job.
pub fn page(bank: &Bank, job: &ExamJob) -> Panel {
    let (path, query) = job.view.split_once('?').unwrap_or((&job.view, ""));
    let query: BTreeMap<&str, &str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    let h = session::replay(bank, &log::parse(&job.log), job.now);
    let mut p = Page {
        bank,
        h: &h,
        lang: job.lang,
        now: job.now,
        done: &job.labs_done,
        begun: &job.labs_begun,
        blocks: Vec::new(),
    };
    let parts: Vec<&str> = path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    match parts.as_slice() {
        [] => p.home(),
        ["progress"] => p.summary(),
        ["roadmap"] => p.roadmap(),
        ["practice", domain] => match bank.domain(domain) {
            Some((d, _)) => p.practice(Some(d), &query),
            None => p.not_found(),
        },
        ["review"] => p.practice(None, &query),
        ["mock"] => p.mock(&query),
        ["results", n] => match n
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=h.attempts.len()).contains(n))
        {
            Some(n) if h.attempts[n - 1].submitted.is_some() => {
                p.results(n, query.contains_key("missed"))
            }
            _ => p.not_found(),
        },
        _ => p.not_found(),
    }
    Panel {
        blocks: p.blocks,
        ..Panel::default()
    }
}

struct Page<'a> {
    bank: &'a Bank,
    h: &'a History,
    lang: Lang,
    now: u64,
    done: &'a [String],
    begun: &'a [String],
    blocks: Vec<Block>,
}

fn link(text: String, go: String) -> Button {
    Button {
        text,
        go,
        ..Button::default()
    }
}

fn cells(texts: &[String]) -> Vec<Cell> {
    texts.iter().map(|t| Cell::plain(t.clone())).collect()
}

fn percent(part: usize, whole: usize) -> String {
    match (100 * part + whole / 2).checked_div(whole) {
        Some(p) => format!("{p} %"),
        None => "–".into(),
    }
}

/// A moment as `2026-11-30 14:05 UTC`.
pub fn when(ms: u64) -> String {
    let (y, mo, d, h, m, _) = engine::text::civil((ms / 1000) as i64);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{m:02} UTC")
}

impl Page<'_> {
    fn t(&self, t: T) -> String {
        t.get(self.lang).to_string()
    }

    fn heading(&mut self, text: String) {
        self.blocks.push(Block::Heading(text));
    }

    fn note(&mut self, tone: Tone, text: String) {
        self.blocks.push(Block::Note { tone, text });
    }

    fn buttons(&mut self, label: String, stacked: bool, buttons: Vec<Button>) {
        if !buttons.is_empty() {
            self.blocks.push(Block::Buttons {
                label,
                stacked,
                buttons,
            });
        }
    }

    fn not_found(&mut self) {
        self.note(
            Tone::Warn,
            self.t(t!(
                "There is no such exam page.",
                "Không có trang luyện thi này."
            )),
        );
        let back = self.t(t!("Back to exam practice", "Về trang luyện thi"));
        self.buttons(back.clone(), false, vec![link(back, ROOT.into())]);
    }

    fn domain_name(&self, d: usize) -> String {
        self.bank
            .domains
            .get(d)
            .map(|d| format!("{}. {}", d.number, d.title))
            .unwrap_or_default()
    }

    fn progress_table(&mut self) {
        let progress = session::progress(self.bank, self.h);
        let head = vec![
            self.t(t!("Domain", "Domain")),
            self.t(t!("Weight", "Tỷ trọng")),
            self.t(t!("Questions", "Số câu hỏi")),
            self.t(t!("Answered", "Đã trả lời")),
            self.t(t!("Right (latest answer)", "Đúng (lần trả lời gần nhất)")),
            self.t(t!("To review", "Cần ôn lại")),
        ];
        let rows = progress
            .iter()
            .enumerate()
            .map(|(d, p)| {
                let mut row = cells(&[
                    self.domain_name(d),
                    format!("{} %", self.bank.domains[d].weight),
                    p.questions.to_string(),
                    p.seen.to_string(),
                    percent(p.right, p.seen),
                    p.reviewing.to_string(),
                ]);
                if p.seen > 0 {
                    row[4].tone = if p.right * 100 >= p.seen * 75 {
                        Tone::Good
                    } else {
                        Tone::Warn
                    };
                }
                row
            })
            .collect();
        self.blocks.push(Block::Table {
            caption: self.t(t!("Progress by domain", "Tiến độ theo domain")),
            head,
            rows,
        });
    }

    fn home(&mut self) {
        let bank = self.bank;
        self.heading(format!("{}: {}", bank.exam, bank.title));
        self.note(
            Tone::Plain,
            t!(
                "{count} original practice questions in the exam's style, over the exam guide's six domains in its weights. Practise a domain with the explanation after each answer, take a timed mock exam, and review the questions you missed when they are due. They are not AWS's questions: each explains its answer and names the AWS documentation it follows.",
                "{count} câu hỏi luyện tập do chúng tôi tự soạn theo phong cách của đề thi, phủ sáu domain của exam guide theo đúng tỷ trọng. Luyện từng domain với lời giải thích sau mỗi câu trả lời, làm bài thi thử có bấm giờ, và ôn lại các câu đã sai khi đến hạn. Đây không phải câu hỏi của AWS: mỗi câu đều giải thích đáp án và dẫn tài liệu AWS mà nó dựa theo."
            )
            .fill(self.lang, &[("count", &bank.questions.len())]),
        );
        if let Some(a) = self.h.running() {
            let left = a.deadline().saturating_sub(self.now) / 60_000;
            self.note(
                Tone::Warn,
                t!(
                    "A mock exam is in progress: {answered} of {total} questions answered, {minutes} minutes left.",
                    "Một bài thi thử đang diễn ra: đã trả lời {answered} trên {total} câu, còn {minutes} phút."
                )
                .fill(
                    self.lang,
                    &[
                        ("answered", &a.answered()),
                        ("total", &a.questions.len()),
                        ("minutes", &left),
                    ],
                ),
            );
            let go = self.t(t!("Continue the mock exam", "Tiếp tục bài thi thử"));
            self.buttons(go.clone(), false, vec![link(go, format!("{ROOT}/mock"))]);
        }
        let roadmap = self.t(t!(
            "The career and certification roadmap: where DOP-C02 sits, and the labs for each skill",
            "Lộ trình nghề nghiệp và chứng chỉ: DOP-C02 nằm ở đâu, và các bài lab cho từng kỹ năng"
        ));
        self.buttons(
            roadmap.clone(),
            false,
            vec![link(roadmap, format!("{ROOT}/roadmap"))],
        );
        self.heading(self.t(t!("Practice by domain", "Luyện tập theo domain")));
        self.progress_table();
        let practise: Vec<Button> = (0..bank.domains.len())
            .map(|d| {
                link(
                    t!("Practise {domain}", "Luyện {domain}")
                        .fill(self.lang, &[("domain", &self.domain_name(d))]),
                    format!("{ROOT}/practice/{}", bank.domains[d].id),
                )
            })
            .collect();
        self.buttons(
            self.t(t!("Practise a domain", "Luyện một domain")),
            true,
            practise,
        );

        self.heading(self.t(t!("Review missed questions", "Ôn lại các câu đã sai")));
        let due = self.h.due(self.now).len();
        self.note(
            Tone::Plain,
            t!(
                "A question you miss comes back one day later, then 3, 7 and 14 days after each right answer, and leaves the review deck after the fourth (a Leitner schedule). {due} due now, {deck} in the deck.",
                "Câu bạn trả lời sai sẽ quay lại sau một ngày, rồi sau 3, 7 và 14 ngày sau mỗi lần trả lời đúng, và rời khỏi bộ ôn tập sau lần đúng thứ tư (lịch Leitner). Đến hạn bây giờ: {due}; trong bộ ôn tập: {deck}."
            )
            .fill(self.lang, &[("due", &due), ("deck", &self.h.deck.len())]),
        );
        if due > 0 {
            let go = self.t(t!("Review the questions due", "Ôn các câu đến hạn"));
            self.buttons(go.clone(), false, vec![link(go, format!("{ROOT}/review"))]);
        }

        self.heading(self.t(t!("Mock exam", "Bài thi thử")));
        self.mock_format(EXAM_QUESTIONS, EXAM_MINUTES);
        if self.h.running().is_none() {
            let short = (25, 60);
            let starts = vec![
                self.start_button(EXAM_QUESTIONS, EXAM_MINUTES),
                self.start_button(short.0, short.1),
            ];
            self.buttons(
                self.t(t!("Start a mock exam", "Bắt đầu bài thi thử")),
                false,
                starts,
            );
        }
        self.past_attempts();
    }

    fn mock_format(&mut self, questions: u32, minutes: u32) {
        self.note(
            Tone::Plain,
            t!(
                "As the real exam: {questions} questions in {minutes} minutes, drawn by the domains' weights; multiple choice (one right answer of four) and multiple response (two or more of five or more, scored only when every right option and no other is picked). Flag questions to come back to, and see every question's state on the review screen before you submit. When the time is up, the exam is handed in as it is. The real exam also includes unscored questions that it does not tell apart; here every question counts.",
                "Như bài thi thật: {questions} câu hỏi trong {minutes} phút, rút theo tỷ trọng của các domain; câu một lựa chọn (một đáp án đúng trong bốn) và câu nhiều lựa chọn (hai đáp án đúng trở lên trong năm lựa chọn trở lên, chỉ được tính điểm khi chọn đủ mọi đáp án đúng và không chọn đáp án nào khác). Đánh dấu (flag) các câu muốn quay lại, và xem trạng thái từng câu ở màn hình xem lại trước khi nộp bài. Khi hết giờ, bài được nộp như đang có. Bài thi thật còn có một số câu không tính điểm mà bạn không phân biệt được; ở đây câu nào cũng tính điểm."
            )
            .fill(self.lang, &[("questions", &questions), ("minutes", &minutes)]),
        );
    }

    fn start_button(&self, questions: u32, minutes: u32) -> Button {
        Button {
            text: t!(
                "Start: {questions} questions, {minutes} minutes",
                "Bắt đầu: {questions} câu, {minutes} phút"
            )
            .fill(
                self.lang,
                &[("questions", &questions), ("minutes", &minutes)],
            ),
            op: format!("mock {{now}} {questions} {minutes} {{now}}"),
            go: format!("{ROOT}/mock?q=1"),
            tone: Tone::Busy,
            ..Button::default()
        }
    }

    fn past_attempts(&mut self) {
        let done: Vec<(usize, &session::Attempt)> = self
            .h
            .attempts
            .iter()
            .enumerate()
            .filter(|(_, a)| a.submitted.is_some())
            .collect();
        if done.is_empty() {
            return;
        }
        let buttons = done
            .iter()
            .rev()
            .map(|(i, a)| {
                let s = session::score(self.bank, a);
                let mut b = link(
                    t!(
                        "Mock exam {n} ({date}): {scaled} of 1000, {correct} of {total} right",
                        "Bài thi thử {n} ({date}): {scaled}/1000, đúng {correct} trên {total} câu"
                    )
                    .fill(
                        self.lang,
                        &[
                            ("n", &(i + 1)),
                            ("date", &when(a.started)),
                            ("scaled", &s.scaled),
                            ("correct", &s.correct),
                            ("total", &s.total),
                        ],
                    ),
                    format!("{ROOT}/results/{}", i + 1),
                );
                b.tone = if s.passed() { Tone::Good } else { Tone::Warn };
                b
            })
            .collect();
        self.buttons(
            self.t(t!("Your mock exams", "Các bài thi thử của bạn")),
            true,
            buttons,
        );
    }

    /// The progress page's part: the domains' table and the mock exams.
    fn summary(&mut self) {
        self.heading(format!(
            "{} ({})",
            self.t(t!("Exam practice", "Luyện thi")),
            self.bank.exam
        ));
        self.progress_table();
        let taken: Vec<u32> = self
            .h
            .attempts
            .iter()
            .filter(|a| a.submitted.is_some())
            .map(|a| session::score(self.bank, a).scaled)
            .collect();
        let text = match taken.iter().max() {
            Some(best) => t!(
                "Mock exams taken: {count}; best score {best} of 1000 (passing: {pass}).",
                "Số bài thi thử đã làm: {count}; điểm cao nhất {best}/1000 (điểm đạt: {pass})."
            )
            .fill(
                self.lang,
                &[
                    ("count", &taken.len()),
                    ("best", best),
                    ("pass", &PASSING_SCORE),
                ],
            ),
            None => self.t(t!("No mock exam taken yet.", "Chưa làm bài thi thử nào.")),
        };
        self.note(Tone::Plain, text);
        let go = self.t(t!("Open exam practice", "Mở trang luyện thi"));
        self.buttons(go.clone(), false, vec![link(go, ROOT.into())]);
    }

    /// A lab as a link, green when finished with full marks, marked when begun.
    fn lab_link(&self, id: &str) -> Button {
        let title = self.bank.lab_title(id).unwrap_or(id).to_string();
        let (tone, mark) = if self.done.iter().any(|d| d == id) {
            (Tone::Good, " ✓")
        } else if self.begun.iter().any(|d| d == id) {
            (Tone::Warn, " …")
        } else {
            (Tone::Plain, "")
        };
        Button {
            text: format!("{title}{mark}"),
            go: format!("#/labs/{id}"),
            tone,
            ..Button::default()
        }
    }

    fn done_of(&self, labs: &[String]) -> usize {
        labs.iter().filter(|l| self.done.contains(l)).count()
    }

    fn roadmap(&mut self) {
        let r = &self.bank.roadmap;
        self.heading(self.t(t!(
            "The career and certification roadmap",
            "Lộ trình nghề nghiệp và chứng chỉ"
        )));
        self.note(
            Tone::Plain,
            t!(
                "The DevOps skills this app's labs practise, and the AWS certifications on the way to the DevOps Engineer – Professional. Your progress is the labs you finished with full marks (✓) or began (…). The exams' facts were checked on AWS's pages on {date}: exams change, so check the page before you book.",
                "Các kỹ năng DevOps mà các bài lab của ứng dụng này luyện tập, và các chứng chỉ AWS trên đường tới DevOps Engineer – Professional. Tiến độ của bạn là các bài lab đã hoàn thành với điểm tối đa (✓) hoặc đã bắt đầu (…). Thông tin về các kỳ thi được kiểm tra trên trang của AWS ngày {date}: kỳ thi có thể thay đổi, hãy xem lại trang trước khi đăng ký."
            )
            .fill(self.lang, &[("date", &r.checked)]),
        );
        if !r.certs.is_empty() {
            self.blocks.push(Block::Drawing(self.path_drawing()));
        }
        self.heading(self.t(t!("Skills", "Kỹ năng")));
        let head = vec![
            self.t(t!("Skill", "Kỹ năng")),
            self.t(t!("Labs finished", "Bài lab đã hoàn thành")),
        ];
        let rows = r
            .skills
            .iter()
            .map(|s| {
                let done = self.done_of(&s.labs);
                let mut row = cells(&[s.title.clone(), format!("{done} / {}", s.labs.len())]);
                if done == s.labs.len() && done > 0 {
                    row[1].tone = Tone::Good;
                }
                row
            })
            .collect();
        self.blocks.push(Block::Table {
            caption: self.t(t!(
                "Your skills, by the labs finished",
                "Kỹ năng của bạn, theo các bài lab đã hoàn thành"
            )),
            head,
            rows,
        });
        for s in &r.skills {
            self.blocks.push(Block::Heading(s.title.clone()));
            self.note(Tone::Plain, s.text.clone());
            let labs = s.labs.iter().map(|l| self.lab_link(l)).collect();
            self.buttons(s.title.clone(), false, labs);
        }
        self.heading(self.t(t!("Certifications", "Chứng chỉ")));
        let see = self.t(t!("see AWS", "xem trang AWS"));
        let fact = |v: Option<u32>| v.map_or(see.clone(), |v| v.to_string());
        let head = vec![
            self.t(t!("Exam", "Kỳ thi")),
            self.t(t!("Level", "Cấp độ")),
            self.t(t!("Questions", "Số câu hỏi")),
            self.t(t!("Minutes", "Số phút")),
            self.t(t!("Price (USD)", "Lệ phí (USD)")),
            self.t(t!("Passing score", "Điểm đạt")),
            self.t(t!("Labs finished", "Bài lab đã hoàn thành")),
        ];
        let rows = r
            .certs
            .iter()
            .map(|c| {
                cells(&[
                    format!("{} {}", c.code, c.name),
                    self.level(c.level),
                    fact(c.questions),
                    fact(c.minutes),
                    fact(c.price_usd),
                    c.passing.map_or(see.clone(), |p| format!("{p} / 1000")),
                    format!("{} / {}", self.done_of(&c.labs), c.labs.len()),
                ])
            })
            .collect();
        self.blocks.push(Block::Table {
            caption: self.t(t!(
                "The certifications at a glance",
                "Tổng quan các chứng chỉ"
            )),
            head,
            rows,
        });
        for c in &r.certs {
            self.blocks
                .push(Block::Heading(format!("{} {}", c.code, c.name)));
            self.note(Tone::Plain, c.covers.clone());
            self.note(Tone::Plain, c.path.clone());
            if c.id == "dop" || c.code == self.bank.exam {
                let practice = self.t(t!(
                    "Exam practice for it, in this app",
                    "Luyện thi chứng chỉ này ngay trong ứng dụng"
                ));
                self.buttons(practice.clone(), false, vec![link(practice, ROOT.into())]);
            }
            let mut labs: Vec<Button> = c.labs.iter().map(|l| self.lab_link(l)).collect();
            labs.push(link(
                t!("AWS's page ({code})", "Trang của AWS ({code})")
                    .fill(self.lang, &[("code", &c.code)]),
                c.source.clone(),
            ));
            self.buttons(format!("{} {}", c.code, c.name), false, labs);
        }
    }

    fn level(&self, level: super::Level) -> String {
        use super::Level;
        self.t(match level {
            Level::Foundational => t!("Foundational", "Nền tảng"),
            Level::Associate => t!("Associate", "Associate"),
            Level::Professional => t!("Professional", "Professional"),
            Level::Specialty => t!("Specialty", "Specialty"),
        })
    }

    /// The path as a drawing: a column per level, a box per certification, an arrow from each
    /// certification usually taken before.
    fn path_drawing(&self) -> crate::panel::Drawing {
        use super::Level;
        use crate::panel::{Drawing, Shape};
        const COL: u32 = 200;
        const ROW: u32 = 44;
        const TOP: u32 = 30;
        const BOX_W: u32 = 150;
        const BOX_H: u32 = 28;
        let levels = [
            Level::Foundational,
            Level::Associate,
            Level::Professional,
            Level::Specialty,
        ];
        let mut at: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
        let mut shapes = Vec::new();
        let mut rows = 0;
        for (c, level) in levels.iter().enumerate() {
            let x = c as u32 * COL + 4;
            shapes.push(Shape::Head {
                x,
                y: 14,
                text: self.level(*level),
            });
            for (r, cert) in self
                .bank
                .roadmap
                .certs
                .iter()
                .filter(|k| k.level == *level)
                .enumerate()
            {
                let y = TOP + r as u32 * ROW;
                rows = rows.max(r + 1);
                at.insert(&cert.id, (x, y));
                shapes.push(Shape::Node {
                    x,
                    y,
                    cycle: false,
                    text: cert.code.clone(),
                });
            }
        }
        for cert in &self.bank.roadmap.certs {
            let Some(&(x2, y2)) = at.get(cert.id.as_str()) else {
                continue;
            };
            for before in &cert.after {
                let Some(&(x1, y1)) = at.get(before.as_str()) else {
                    continue;
                };
                let (sx, sy) = (x1 + BOX_W, y1 + BOX_H / 2);
                let (ex, ey) = (x2, y2 + BOX_H / 2);
                let (dx, dy) = (f64::from(ex) - f64::from(sx), f64::from(ey) - f64::from(sy));
                let len = (dx * dx + dy * dy).sqrt().max(1.0);
                let (ux, uy) = (dx / len * 8.0, dy / len * 8.0);
                let (hx, hy) = (f64::from(ex) - ux, f64::from(ey) - uy);
                shapes.push(Shape::Arrow(format!(
                    "M{sx} {sy}L{ex} {ey}M{:.1} {:.1}L{ex} {ey}L{:.1} {:.1}",
                    hx - uy * 0.5,
                    hy + ux * 0.5,
                    hx + uy * 0.5,
                    hy - ux * 0.5
                )));
            }
        }
        Drawing {
            width: levels.len() as u32 * COL,
            height: TOP + rows as u32 * ROW,
            label: self.t(t!(
                "The certification path: foundational, associate, professional and specialty exams, an arrow from each exam usually taken before another",
                "Lộ trình chứng chỉ: các kỳ thi nền tảng, associate, professional và specialty, mũi tên đi từ kỳ thi thường được thi trước tới kỳ thi sau"
            )),
            shapes,
        }
    }

    fn stem(&mut self, q: &Question) {
        for para in q.stem.split("\n\n") {
            let text = para.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                self.note(Tone::Plain, text);
            }
        }
    }

    fn task_line(&self, q: &Question) -> String {
        let d = usize::from(q.domain);
        let task = self
            .bank
            .domains
            .get(d)
            .and_then(|d| d.tasks.iter().find(|t| t.id == q.task))
            .map(|t| format!("{} {}", t.id, t.title))
            .unwrap_or_default();
        t!(
            "{domain} · task statement {task}",
            "{domain} · task statement (đầu mục nhiệm vụ) {task}"
        )
        .fill(
            self.lang,
            &[("domain", &self.domain_name(d)), ("task", &task)],
        )
    }

    /// The options after an answer: the right ones green, a wrong pick red, each with its why.
    fn explained(&mut self, q: &Question, picked: &[u8]) {
        let yours = self.t(t!(" (your answer)", " (bạn đã chọn)"));
        let buttons = q
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let i = i as u8;
                let right = q.answer.contains(&i);
                let chose = picked.contains(&i);
                Button {
                    text: format!(
                        "{}. {}{}",
                        letters(&[i]),
                        o.text,
                        if chose { yours.as_str() } else { "" }
                    ),
                    detail: o.why.clone(),
                    tone: match (right, chose) {
                        (true, _) => Tone::Good,
                        (false, true) => Tone::Bad,
                        _ => Tone::Plain,
                    },
                    ..Button::default()
                }
            })
            .collect();
        self.buttons(self.t(t!("Options", "Các lựa chọn")), true, buttons);
    }

    fn verdict(&mut self, q: &Question, picked: &[u8]) {
        if q.answer == picked {
            self.note(Tone::Good, self.t(t!("Right.", "Đúng.")));
        } else {
            self.note(
                Tone::Bad,
                t!(
                    "Not this time: the answer is {answer}, you picked {picked}.",
                    "Chưa đúng: đáp án là {answer}, bạn đã chọn {picked}."
                )
                .fill(
                    self.lang,
                    &[
                        ("answer", &letters(&q.answer)),
                        (
                            "picked",
                            &if picked.is_empty() {
                                "–".to_string()
                            } else {
                                letters(picked)
                            },
                        ),
                    ],
                ),
            );
        }
    }

    fn practise_link_and_sources(&mut self, q: &Question) {
        if let Some(lab) = &q.lab {
            let (text, go) = match self.bank.lab_title(lab) {
                Some(title) => (
                    t!(
                        "Practise it in the lab: {title}",
                        "Thực hành trong bài lab: {title}"
                    )
                    .fill(self.lang, &[("title", &title)]),
                    format!("#/labs/{lab}"),
                ),
                None => (
                    t!(
                        "Practise it in the sandbox ({route})",
                        "Thực hành trong sandbox ({route})"
                    )
                    .fill(self.lang, &[("route", lab)]),
                    format!("#/{lab}"),
                ),
            };
            self.buttons(text.clone(), false, vec![link(text, go)]);
        }
        if !q.sources.is_empty() {
            let label = self.t(t!("AWS documentation", "Tài liệu AWS"));
            self.note(Tone::Plain, format!("{label}:"));
            let links = q
                .sources
                .iter()
                .map(|url| link(url.trim_start_matches("https://").to_string(), url.clone()))
                .collect();
            self.buttons(label, false, links);
        }
    }

    /// Practice of a domain (`Some`) or of the review deck's due questions (`None`).
    fn practice(&mut self, domain: Option<usize>, query: &BTreeMap<&str, &str>) {
        let base = match domain {
            Some(d) => format!("{ROOT}/practice/{}", self.bank.domains[d].id),
            None => format!("{ROOT}/review"),
        };
        let asked = query
            .get("q")
            .and_then(|id| self.bank.questions.iter().position(|q| q.id == *id))
            .filter(|q| domain.is_none_or(|d| usize::from(self.bank.questions[*q].domain) == d));
        let next = match domain {
            Some(d) => session::next_practice(self.bank, self.h, d, self.now),
            None => self.h.due(self.now).first().copied(),
        };
        match domain {
            Some(d) => self.heading(
                t!("Practice: {domain}", "Luyện tập: {domain}")
                    .fill(self.lang, &[("domain", &self.domain_name(d))]),
            ),
            None => self.heading(self.t(t!("Review missed questions", "Ôn lại các câu đã sai"))),
        }
        let Some(qi) = asked.or(next) else {
            let text = match self.h.deck.values().map(|r| r.due).min() {
                Some(due) => t!(
                    "Nothing is due for review now. The next question is due on {date}.",
                    "Hiện chưa có câu nào đến hạn ôn. Câu tiếp theo đến hạn vào {date}."
                )
                .fill(self.lang, &[("date", &when(due))]),
                None => self.t(t!(
                    "The review deck is empty: no missed question is waiting.",
                    "Bộ ôn tập đang trống: không có câu sai nào đang chờ."
                )),
            };
            self.note(Tone::Good, text);
            let back = self.t(t!("Back to exam practice", "Về trang luyện thi"));
            self.buttons(back.clone(), false, vec![link(back, ROOT.into())]);
            return;
        };
        let q = &self.bank.questions[qi];
        let here = format!("{base}?q={}", q.id);
        self.note(Tone::Plain, self.task_line(q));
        if self.h.deck.get(&qi).is_some_and(|r| r.due <= self.now) {
            self.note(
                Tone::Warn,
                self.t(t!(
                    "A question you missed before, back for review.",
                    "Một câu bạn từng trả lời sai, quay lại để ôn."
                )),
            );
        }
        self.stem(q);
        if query.contains_key("checked") {
            if let Some(g) = self.h.last(qi) {
                let picked = g.letters.clone();
                self.verdict(q, &picked);
                self.explained(q, &picked);
                self.practise_link_and_sources(q);
                let next = self.t(t!("Next question", "Câu tiếp theo"));
                let back = self.t(t!("All domains", "Tất cả domain"));
                self.buttons(
                    next.clone(),
                    false,
                    vec![link(next, base.clone()), link(back, ROOT.into())],
                );
                return;
            }
        }
        let pick = query
            .get("pick")
            .and_then(|p| parse_letters(p))
            .unwrap_or_default();
        let options = q
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let i = i as u8;
                let chosen = pick.contains(&i);
                let after = toggled(q, &pick, i);
                Button {
                    text: format!("{}. {}", letters(&[i]), o.text),
                    go: if after.is_empty() {
                        here.clone()
                    } else {
                        format!("{here}&pick={}", letters(&after))
                    },
                    pressed: Some(chosen),
                    ..Button::default()
                }
            })
            .collect();
        self.buttons(self.t(t!("Options", "Các lựa chọn")), true, options);
        let want = q.answer.len();
        if pick.len() == want {
            let check = self.t(t!("Check my answer", "Kiểm tra câu trả lời"));
            self.buttons(
                check.clone(),
                false,
                vec![Button {
                    text: check,
                    op: format!("practice {} {} {{now}}", q.id, letters(&pick)),
                    go: format!("{here}&checked"),
                    tone: Tone::Busy,
                    ..Button::default()
                }],
            );
        } else {
            let text = if want == 1 {
                self.t(t!("Pick one option.", "Chọn một lựa chọn."))
            } else {
                t!("Pick {count} options.", "Chọn {count} lựa chọn.")
                    .fill(self.lang, &[("count", &want)])
            };
            self.note(Tone::Plain, text);
        }
    }

    fn mock(&mut self, query: &BTreeMap<&str, &str>) {
        let Some(a) = self.h.running() else {
            if (query.contains_key("q") || query.contains_key("review"))
                && !self.h.attempts.is_empty()
            {
                let n = self.h.attempts.len();
                let a = &self.h.attempts[n - 1];
                self.heading(self.t(t!("Mock exam", "Bài thi thử")));
                let text = if a.timed_out() {
                    self.t(t!(
                        "Time is up: the exam was handed in as it was.",
                        "Hết giờ: bài thi đã được nộp như đang có."
                    ))
                } else {
                    self.t(t!("This exam was handed in.", "Bài thi này đã được nộp."))
                };
                self.note(Tone::Warn, text);
                let go = self.t(t!("See the results", "Xem kết quả"));
                self.buttons(
                    go.clone(),
                    false,
                    vec![link(go, format!("{ROOT}/results/{n}"))],
                );
                return;
            }
            let questions = query
                .get("questions")
                .and_then(|n| n.parse().ok())
                .filter(|n| (1..=log::MAX_QUESTIONS).contains(n))
                .unwrap_or(EXAM_QUESTIONS);
            let minutes = query
                .get("minutes")
                .and_then(|n| n.parse().ok())
                .filter(|n| (1..=log::MAX_MINUTES).contains(n))
                .unwrap_or(EXAM_MINUTES);
            self.heading(self.t(t!("Mock exam", "Bài thi thử")));
            self.mock_format(questions, minutes);
            let start = self.start_button(questions, minutes);
            self.buttons(start.text.clone(), false, vec![start]);
            return;
        };
        let total = a.questions.len();
        self.blocks.push(Block::Countdown {
            label: self.t(t!("Time left", "Thời gian còn lại")),
            until: a.deadline(),
            op: "submit {now}".into(),
        });
        if query.contains_key("review") {
            self.mock_review(a);
            return;
        }
        let n = query
            .get("q")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| (1..=total).contains(n))
            .unwrap_or(1);
        let qi = a.questions[n - 1];
        let q = &self.bank.questions[qi];
        let flagged = a.flags.contains(&qi);
        self.heading(
            t!("Question {n} of {total}", "Câu {n} trên {total}")
                .fill(self.lang, &[("n", &n), ("total", &total)]),
        );
        self.note(
            Tone::Plain,
            t!(
                "Answered: {answered} of {total} · flagged: {flagged}",
                "Đã trả lời: {answered} trên {total} · đã đánh dấu: {flagged}"
            )
            .fill(
                self.lang,
                &[
                    ("answered", &a.answered()),
                    ("total", &total),
                    ("flagged", &a.flags.len()),
                ],
            ),
        );
        self.stem(q);
        let pick = a.picks.get(&qi).cloned().unwrap_or_default();
        let options = q
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let i = i as u8;
                let after = toggled(q, &pick, i);
                Button {
                    text: format!("{}. {}", letters(&[i]), o.text),
                    op: format!(
                        "pick {} {} {{now}}",
                        q.id,
                        if after.is_empty() {
                            "-".to_string()
                        } else {
                            letters(&after)
                        }
                    ),
                    pressed: Some(pick.contains(&i)),
                    ..Button::default()
                }
            })
            .collect();
        self.buttons(self.t(t!("Options", "Các lựa chọn")), true, options);
        let here = |k: usize| format!("{ROOT}/mock?q={k}");
        let mut nav = Vec::new();
        if n > 1 {
            nav.push(link(self.t(t!("← Previous", "← Câu trước")), here(n - 1)));
        }
        nav.push(Button {
            text: if flagged {
                self.t(t!("Remove the flag", "Bỏ đánh dấu"))
            } else {
                self.t(t!("Flag for review", "Đánh dấu để xem lại"))
            },
            op: format!("flag {} {}", q.id, if flagged { "off" } else { "on" }),
            pressed: Some(flagged),
            tone: Tone::Warn,
            ..Button::default()
        });
        if n < total {
            nav.push(link(self.t(t!("Next →", "Câu sau →")), here(n + 1)));
        }
        nav.push(link(
            self.t(t!("Review all and submit", "Xem lại tất cả và nộp bài")),
            format!("{ROOT}/mock?review"),
        ));
        self.buttons(
            self.t(t!("Move through the exam", "Di chuyển trong bài thi")),
            false,
            nav,
        );
        self.navigator(a, Some(n));
    }

    /// Every question's number, coloured by its state, as links.
    fn navigator(&mut self, a: &session::Attempt, current: Option<usize>) {
        let buttons = a
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let answered = a.picks.get(q).is_some_and(|p| !p.is_empty());
                let mut text = (i + 1).to_string();
                if a.flags.contains(q) {
                    text.push_str(" ⚑");
                }
                Button {
                    text,
                    go: format!("{ROOT}/mock?q={}", i + 1),
                    tone: if current == Some(i + 1) {
                        Tone::Busy
                    } else if answered {
                        Tone::Good
                    } else {
                        Tone::Plain
                    },
                    ..Button::default()
                }
            })
            .collect();
        let legend = self.t(t!(
            "Questions: green answered, ⚑ flagged, blue the one shown.",
            "Các câu hỏi: xanh lá là đã trả lời, ⚑ là đã đánh dấu, xanh dương là câu đang xem."
        ));
        self.note(Tone::Plain, legend.clone());
        self.buttons(legend, false, buttons);
    }

    fn mock_review(&mut self, a: &session::Attempt) {
        let total = a.questions.len();
        let answered = a.answered();
        self.heading(self.t(t!("Review before you submit", "Xem lại trước khi nộp bài")));
        let tone = if answered < total {
            Tone::Warn
        } else {
            Tone::Good
        };
        self.note(
            tone,
            t!(
                "{answered} of {total} answered, {unanswered} not answered, {flagged} flagged. An unanswered question scores nothing: there is no penalty for guessing.",
                "Đã trả lời {answered} trên {total} câu, chưa trả lời {unanswered} câu, đã đánh dấu {flagged} câu. Câu chưa trả lời không được điểm: đoán sai không bị trừ điểm."
            )
            .fill(
                self.lang,
                &[
                    ("answered", &answered),
                    ("total", &total),
                    ("unanswered", &(total - answered)),
                    ("flagged", &a.flags.len()),
                ],
            ),
        );
        let head = vec![
            self.t(t!("Question", "Câu")),
            self.t(t!("Your answer", "Câu trả lời của bạn")),
            self.t(t!("Flagged", "Đánh dấu")),
        ];
        let rows = a
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let pick = a.picks.get(q).filter(|p| !p.is_empty());
                vec![
                    Cell::plain((i + 1).to_string()),
                    match pick {
                        Some(p) => Cell::new(letters(p), Tone::Good),
                        None => Cell::new(self.t(t!("not answered", "chưa trả lời")), Tone::Warn),
                    },
                    if a.flags.contains(q) {
                        Cell::new("⚑", Tone::Warn)
                    } else {
                        Cell::plain("")
                    },
                ]
            })
            .collect();
        self.blocks.push(Block::Table {
            caption: self.t(t!("Every question's state", "Trạng thái từng câu")),
            head,
            rows,
        });
        self.navigator(a, None);
        let n = self.h.attempts.len();
        let submit = self.t(t!("Submit the exam", "Nộp bài thi"));
        self.buttons(
            submit.clone(),
            false,
            vec![Button {
                text: submit,
                op: "submit {now}".into(),
                go: format!("{ROOT}/results/{n}"),
                tone: Tone::Busy,
                ..Button::default()
            }],
        );
    }

    fn results(&mut self, n: usize, missed: bool) {
        let a = &self.h.attempts[n - 1];
        let s = session::score(self.bank, a);
        self.heading(
            t!(
                "Mock exam {n}: {scaled} of 1000",
                "Bài thi thử {n}: {scaled}/1000"
            )
            .fill(self.lang, &[("n", &n), ("scaled", &s.scaled)]),
        );
        let (tone, verdict) = if s.passed() {
            (Tone::Good, self.t(t!("A pass", "Đạt")))
        } else {
            (Tone::Bad, self.t(t!("Not a pass yet", "Chưa đạt")))
        };
        self.note(
            tone,
            t!(
                "{verdict}: {correct} of {total} right ({percent}). The exam passes at {pass}.",
                "{verdict}: đúng {correct} trên {total} câu ({percent}). Điểm đạt của bài thi là {pass}."
            )
            .fill(
                self.lang,
                &[
                    ("verdict", &verdict),
                    ("correct", &s.correct),
                    ("total", &s.total),
                    ("percent", &percent(s.correct, s.total)),
                    ("pass", &PASSING_SCORE),
                ],
            ),
        );
        if a.timed_out() {
            self.note(
                Tone::Warn,
                self.t(t!(
                    "Time ran out: the exam was handed in at its deadline.",
                    "Hết giờ: bài thi đã được nộp đúng lúc hết thời gian."
                )),
            );
        }
        self.note(
            Tone::Plain,
            self.t(t!(
                "About the score: AWS reports a scaled score from 100 to 1,000 and passes at 750; its scaling, which evens out the difficulty of different forms of the exam, is not published. This estimate maps your share of right answers linearly onto 100–1,000 (72 % is about 750): an approximation, not a prediction.",
                "Về điểm số: AWS báo điểm theo thang (scaled score) từ 100 đến 1.000 và điểm đạt là 750; cách quy đổi của AWS, giúp cân bằng độ khó giữa các đề khác nhau, không được công bố. Ước tính này quy đổi tuyến tính tỷ lệ câu đúng của bạn sang thang 100–1.000 (72% tương đương khoảng 750): chỉ là ước lượng, không phải dự đoán."
            )),
        );
        let head = vec![
            self.t(t!("Domain", "Domain")),
            self.t(t!("Weight", "Tỷ trọng")),
            self.t(t!("Right", "Đúng")),
            self.t(t!("Asked", "Số câu")),
            self.t(t!("Score", "Tỷ lệ")),
        ];
        let rows = s
            .domains
            .iter()
            .enumerate()
            .map(|(d, (right, asked))| {
                let mut row = cells(&[
                    self.domain_name(d),
                    format!("{} %", self.bank.domains[d].weight),
                    right.to_string(),
                    asked.to_string(),
                    percent(*right, *asked),
                ]);
                if *asked > 0 {
                    row[4].tone = if right * 100 >= asked * 72 {
                        Tone::Good
                    } else {
                        Tone::Bad
                    };
                }
                row
            })
            .collect();
        self.blocks.push(Block::Table {
            caption: self.t(t!("Score by domain", "Điểm theo domain")),
            head,
            rows,
        });
        let wrong: Vec<(usize, usize)> = a
            .questions
            .iter()
            .enumerate()
            .filter(|(_, q)| {
                !session::is_correct(
                    self.bank,
                    **q,
                    a.picks.get(q).map(Vec::as_slice).unwrap_or(&[]),
                )
            })
            .map(|(i, q)| (i + 1, *q))
            .collect();
        let mut nav = Vec::new();
        if !missed && !wrong.is_empty() {
            nav.push(link(
                t!(
                    "Review the {count} missed questions",
                    "Xem lại {count} câu đã sai"
                )
                .fill(self.lang, &[("count", &wrong.len())]),
                format!("{ROOT}/results/{n}?missed"),
            ));
        }
        nav.push(link(
            self.t(t!("Back to exam practice", "Về trang luyện thi")),
            ROOT.into(),
        ));
        self.buttons(self.t(t!("Next", "Tiếp theo")), false, nav);
        if missed {
            for (number, qi) in wrong {
                let q = &self.bank.questions[qi];
                self.heading(t!("Question {n}", "Câu {n}").fill(self.lang, &[("n", &number)]));
                self.note(Tone::Plain, self.task_line(q));
                self.stem(q);
                let picked = a.picks.get(&qi).cloned().unwrap_or_default();
                self.verdict(q, &picked);
                self.explained(q, &picked);
                self.practise_link_and_sources(q);
            }
        }
    }
}

/// The options picked after pressing option `i`: for one answer, that option; for several,
/// `i` added or removed.
fn toggled(q: &Question, pick: &[u8], i: u8) -> Vec<u8> {
    if !q.multiple() {
        return vec![i];
    }
    let mut out: Vec<u8> = pick.iter().copied().filter(|p| *p != i).collect();
    if !pick.contains(&i) {
        out.push(i);
        out.sort_unstable();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Choice, Domain, Task};
    use super::*;

    fn bank() -> Bank {
        let mut b = Bank {
            exam: "DOP-C02".into(),
            title: "AWS Certified DevOps Engineer – Professional".into(),
            labs: vec![("pipeline-approval".into(), "A release pipeline".into())],
            ..Bank::default()
        };
        for (d, w) in [22u8, 17, 15, 15, 14, 17].iter().enumerate() {
            b.domains.push(Domain {
                id: format!("d{d}"),
                number: d as u8 + 1,
                title: format!("Domain {}", d + 1),
                weight: *w,
                tasks: vec![Task {
                    id: format!("{}.1", d + 1),
                    title: "A task".into(),
                }],
            });
            for n in 0..4 {
                let multi = n == 3;
                b.questions.push(Question {
                    id: format!("d{d}-q{n}"),
                    domain: d as u8,
                    task: format!("{}.1", d + 1),
                    lab: (d == 0 && n == 0).then(|| "pipeline-approval".into()),
                    sources: vec!["https://docs.aws.amazon.com/x".into()],
                    stem: format!("Situation {d}-{n}.\n\nWhich option?"),
                    options: (0..if multi { 5 } else { 4 })
                        .map(|o| Choice {
                            text: format!("option {o}"),
                            why: format!("why {o}"),
                        })
                        .collect(),
                    answer: if multi { vec![1, 3] } else { vec![2] },
                    reviewed: None,
                });
            }
        }
        b
    }

    fn job(view: &str, log: &str, now: u64) -> ExamJob {
        ExamJob {
            bank: String::new(),
            lang: Lang::En,
            view: view.into(),
            log: log.into(),
            now,
            labs_done: vec!["pipeline-approval".into()],
            labs_begun: Vec::new(),
        }
    }

    fn texts(p: &Panel) -> String {
        let mut out = String::new();
        for b in &p.blocks {
            match b {
                Block::Heading(t) => out.push_str(&format!("# {t}\n")),
                Block::Note { tone, text } => out.push_str(&format!("{tone:?}: {text}\n")),
                Block::Buttons { buttons, .. } => {
                    for b in buttons {
                        out.push_str(&format!(
                            "[{}] op={} go={} {:?} {:?} {}\n",
                            b.text, b.op, b.go, b.tone, b.pressed, b.detail
                        ));
                    }
                }
                Block::Table { rows, .. } => {
                    for r in rows {
                        let r: Vec<&str> = r.iter().map(|c| c.text.as_str()).collect();
                        out.push_str(&format!("| {}\n", r.join(" | ")));
                    }
                }
                Block::Countdown { until, op, .. } => {
                    out.push_str(&format!("countdown {until} {op}\n"))
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn practice_picks_checks_and_explains() {
        let b = bank();
        let first = texts(&page(&b, &job("/practice/d0", "", 0)));
        let id = first
            .lines()
            .find_map(|l| l.strip_prefix("[A. option 0] op= go=#/exam/practice/d0?q="))
            .and_then(|rest| rest.split('&').next())
            .unwrap()
            .to_string();
        assert!(first.contains("Pick one option."), "{first}");
        assert!(!first.contains("Check my answer"));
        // Picking C offers the check, whose line goes into the log.
        let picked = texts(&page(
            &b,
            &job(&format!("/practice/d0?q={id}&pick=C"), "", 0),
        ));
        assert!(
            picked.contains(&format!(
                "[Check my answer] op=practice {id} C {{now}} go=#/exam/practice/d0?q={id}&checked"
            )),
            "{picked}"
        );
        assert!(
            picked.contains("[C. option 2] op= go=#/exam/practice/d0?q=")
                && picked.contains("Some(true)")
        );
        // Checked wrong: the verdict, the right option green, the pick red, every why.
        let log = format!("practice {id} A 5\n");
        let checked = texts(&page(
            &b,
            &job(&format!("/practice/d0?q={id}&checked"), &log, 10),
        ));
        assert!(
            checked.contains("Bad: Not this time: the answer is C, you picked A."),
            "{checked}"
        );
        assert!(checked.contains("[A. option 0 (your answer)] op= go= Bad None why 0"));
        assert!(checked.contains("[C. option 2] op= go= Good None why 2"));
        assert!(checked.contains("[docs.aws.amazon.com/x] op= go=https://docs.aws.amazon.com/x"));
        // It is in the review deck, due a day later.
        let home = texts(&page(&b, &job("", &log, 10)));
        assert!(home.contains("0 due now, 1 in the deck"), "{home}");
    }

    #[test]
    fn a_multiple_response_question_toggles_and_needs_every_pick() {
        let b = bank();
        let view = "/practice/d1?q=d1-q3&pick=B";
        let one = texts(&page(&b, &job(view, "", 0)));
        assert!(one.contains("Pick 2 options."), "{one}");
        assert!(
            one.contains("[B. option 1] op= go=#/exam/practice/d1?q=d1-q3 "),
            "{one}"
        );
        assert!(one.contains("[D. option 3] op= go=#/exam/practice/d1?q=d1-q3&pick=BD"));
        let two = texts(&page(&b, &job("/practice/d1?q=d1-q3&pick=BD", "", 0)));
        assert!(two.contains("op=practice d1-q3 BD {now}"));
    }

    #[test]
    fn a_short_mock_exam_runs_flags_reviews_and_scores_per_domain() {
        let b = bank();
        let start = texts(&page(&b, &job("/mock?questions=6&minutes=10", "", 0)));
        assert!(
            start.contains("op=mock {now} 6 10 {now} go=#/exam/mock?q=1"),
            "{start}"
        );
        let log = "mock 11 6 10 1000\n";
        let q1 = texts(&page(&b, &job("/mock?q=1", log, 2000)));
        assert!(q1.contains("# Question 1 of 6"), "{q1}");
        assert!(q1.contains("countdown 601000 submit {now}"));
        let drawn = session::draw(&b, 11, 6);
        let first = &b.questions[drawn[0]];
        assert!(q1.contains(&format!("op=flag {} on", first.id)));
        // Answer the first right, flag the second; the review screen shows both.
        let right = letters(&first.answer);
        let second = &b.questions[drawn[1]].id;
        let log = format!("{log}pick {} {right} 3000\nflag {second} on\n", first.id);
        let review = texts(&page(&b, &job("/mock?review", &log, 4000)));
        assert!(review.contains(&format!("| 1 | {right} | ")), "{review}");
        assert!(review.contains("| 2 | not answered | ⚑"));
        assert!(review.contains("1 of 6 answered, 5 not answered, 1 flagged"));
        assert!(review.contains("[Submit the exam] op=submit {now} go=#/exam/results/1"));
        // Submitted: one of six right, per domain.
        let log = format!("{log}submit 5000\n");
        let results = texts(&page(&b, &job("/results/1", &log, 6000)));
        assert!(results.contains("# Mock exam 1: 250 of 1000"), "{results}");
        assert!(results.contains("Not a pass yet: 1 of 6 right (17 %)"));
        assert!(results.contains("Review the 5 missed questions"));
        let missed = texts(&page(&b, &job("/results/1?missed", &log, 6000)));
        assert_eq!(missed.matches("# Question ").count(), 5);
        // The home page lists it; the progress page's summary counts it.
        assert!(texts(&page(&b, &job("", &log, 6000)))
            .contains("Mock exam 1 (1970-01-01 00:00 UTC): 250 of 1000, 1 of 6 right"));
        assert!(texts(&page(&b, &job("/progress", &log, 6000))).contains("best score 250 of 1000"));
    }

    #[test]
    fn an_exam_whose_time_ran_out_is_handed_in_and_says_so() {
        let b = bank();
        let log = "mock 2 6 1 0\n";
        let late = texts(&page(&b, &job("/mock?q=3", log, 120_000)));
        assert!(
            late.contains("Time is up: the exam was handed in as it was."),
            "{late}"
        );
        assert!(late.contains("go=#/exam/results/1"));
        let results = texts(&page(&b, &job("/results/1", log, 120_000)));
        assert!(results.contains("Time ran out"));
    }

    #[test]
    fn unknown_pages_and_damaged_logs_give_a_page_not_a_panic() {
        let b = bank();
        for view in [
            "/nope",
            "/practice/zzz",
            "/results/9",
            "/results/x",
            "/mock?q=999",
            "/review?q=nope",
        ] {
            let p = page(&b, &job(view, "pick\nmock x\nsubmit\n\u{0}garbage", 0));
            assert!(!p.blocks.is_empty(), "{view}");
        }
        assert!(texts(&page(&b, &job("/nope", "", 0))).contains("There is no such exam page."));
        assert!(texts(&page(&b, &job("/review", "", 0))).contains("The review deck is empty"));
    }

    #[test]
    fn a_linked_lab_is_offered_after_the_answer() {
        let b = bank();
        let log = "practice d0-q0 C 1\n";
        let p = texts(&page(&b, &job("/practice/d0?q=d0-q0&checked", log, 2)));
        assert!(
            p.contains(
                "[Practise it in the lab: A release pipeline] op= go=#/labs/pipeline-approval"
            ),
            "{p}"
        );
        assert!(p.contains("Good: Right."));
    }

    #[test]
    fn the_roadmap_shows_the_path_the_skills_and_the_learners_labs() {
        use super::super::{Cert, Level, Roadmap, Skill};
        let mut b = bank();
        b.labs
            .push(("git-strategies".into(), "GitFlow or trunk-based".into()));
        let cert = |id: &str, code: &str, level, after: &[&str], price| Cert {
            id: id.into(),
            code: code.into(),
            name: format!("Cert {code}"),
            level,
            questions: Some(65),
            minutes: Some(130),
            price_usd: price,
            passing: Some(720),
            source: format!("https://aws.amazon.com/certification/{id}/"),
            covers: format!("{code} covers things."),
            path: format!("{code} comes here."),
            after: after.iter().map(|a| a.to_string()).collect(),
            labs: vec!["pipeline-approval".into()],
        };
        b.roadmap = Roadmap {
            checked: "2026-11-30".into(),
            skills: vec![Skill {
                title: "Pipelines".into(),
                text: "Build them.".into(),
                labs: vec!["pipeline-approval".into(), "git-strategies".into()],
            }],
            certs: vec![
                cert("clf", "CLF-C02", Level::Foundational, &[], Some(100)),
                cert("dva", "DVA-C02", Level::Associate, &["clf"], None),
                cert("dop", "DOP-C02", Level::Professional, &["dva"], Some(300)),
            ],
        };
        let p = page(&b, &job("/roadmap", "", 0));
        let t = texts(&p);
        assert!(t.contains("# The career and certification roadmap"), "{t}");
        assert!(t.contains("checked on AWS's pages on 2026-11-30"));
        assert!(t.contains("| Pipelines | 1 / 2"));
        assert!(t.contains("[A release pipeline ✓] op= go=#/labs/pipeline-approval Good"));
        assert!(t.contains("[GitFlow or trunk-based] op= go=#/labs/git-strategies Plain"));
        assert!(t.contains(
            "| DVA-C02 Cert DVA-C02 | Associate | 65 | 130 | see AWS | 720 / 1000 | 1 / 1"
        ));
        assert!(
            t.contains("[AWS's page (DOP-C02)] op= go=https://aws.amazon.com/certification/dop/")
        );
        assert!(t.contains("[Exam practice for it, in this app] op= go=#/exam"));
        let drawing = p
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Drawing(d) => Some(d),
                _ => None,
            })
            .unwrap();
        let nodes = drawing
            .shapes
            .iter()
            .filter(|s| matches!(s, crate::panel::Shape::Node { .. }))
            .count();
        let arrows = drawing
            .shapes
            .iter()
            .filter(|s| matches!(s, crate::panel::Shape::Arrow(_)))
            .count();
        assert_eq!((nodes, arrows), (3, 2));
    }

    #[test]
    fn dates_are_written_in_utc() {
        assert_eq!(when(0), "1970-01-01 00:00 UTC");
        assert_eq!(when(1_796_054_700_000), "2026-11-30 16:05 UTC");
    }
}
