//! The verdict vocabulary, shared by every family, and its wording in every language
//! ([`Verdict::message`]).
use crate::answer::{Ambiguity, Unread};
use crate::family::{Measure, MeasureWords};
use crate::lang::{Lang, Value, Wording, T};

const CORRECT: T = t!("Correct.", "Đúng.");
const CARRIED: T = t!("Correct for the value you gave earlier ({from}: {value}). That earlier answer is marked on its own, so it is not counted against you twice.", "Đúng với giá trị bạn đã trả lời trước đó ({from}: {value}). Câu trả lời đó được chấm riêng, nên bạn không bị trừ điểm hai lần.");
const CARRIED_LEVELS: T = t!("Correct for the levels you gave each key above. Those answers are marked on their own, so they are not counted against you twice.", "Đúng với các mức bạn đã chọn cho từng chỉ số ở trên. Các câu trả lời đó được chấm riêng, nên bạn không bị trừ điểm hai lần.");
const NOT_ANSWERED: T = t!("Not answered yet.", "Chưa trả lời.");
const NOT_A_NUMBER: T = t!(
    "\"{given}\" is not a number. Type digits, for example 2.5.",
    "\"{given}\" không phải là số. Hãy nhập chữ số, ví dụ 2,5."
);
const AMBIGUOUS: T = t!(
    "Did you mean {whole} or {decimal}? \"{given}\" can be read both ways: {why} Write {whole} or {decimal}.",
    "Bạn muốn nhập {whole} hay {decimal}? \"{given}\" có thể hiểu theo cả hai cách: {why} Hãy viết {whole} hoặc {decimal}."
);
const COMMA_BOTH_WAYS: T = t!(
    "a comma separates thousands in English and marks the decimals in Vietnamese.",
    "trong tiếng Anh dấu phẩy ngăn cách hàng nghìn, còn trong tiếng Việt dấu phẩy là dấu thập phân."
);
const POINT_BOTH_WAYS: T = t!(
    "a point marks the decimals in English and separates thousands in Vietnamese.",
    "trong tiếng Anh dấu chấm là dấu thập phân, còn trong tiếng Việt dấu chấm ngăn cách hàng nghìn."
);
const AMBIGUOUS_REASON: T = t!(
    "\"{given}\" could be {whole} or {decimal} (write {whole} or {decimal})",
    "\"{given}\" có thể là {whole} hoặc {decimal} (hãy viết {whole} hoặc {decimal})"
);
const TOO_HIGH: T = t!(
    "Your answer, {given}, is too high.",
    "Câu trả lời của bạn, {given}, quá cao."
);
const TOO_LOW: T = t!(
    "Your answer, {given}, is too low.",
    "Câu trả lời của bạn, {given}, quá thấp."
);
const WRONG_PICK: T = t!(
    "You picked an option that is not right.",
    "Bạn đã chọn một phương án không đúng."
);
const MISSING_PICK: T = t!(
    "Not quite: a right option is missing.",
    "Chưa đúng hẳn: còn thiếu một phương án đúng."
);
const WRONG_CHOICE: T = t!(
    "Not quite: your choice differs from the right one.",
    "Chưa đúng hẳn: lựa chọn của bạn khác với đáp án đúng."
);
const NO_ENGINE_VALUE: T = t!(
    "The engine has no value for this data.",
    "Engine không tính được giá trị nào cho dữ liệu này."
);
const CANNOT_SIMULATE: T = t!(
    "The simulation cannot run: {reason}.",
    "Không chạy được mô phỏng: {reason}."
);
const CANNOT_EVALUATE_FLAG: T = t!(
    "This flag cannot be evaluated: {reason}.",
    "Không đánh giá được flag này: {reason}."
);
const PENDING: T = t!(
    "Running the simulation that checks this…",
    "Đang chạy mô phỏng để kiểm tra câu này…"
);
const AT_MOST: T = t!(
    "{fact}; at most {limit} passes.",
    "{fact}; chỉ đạt khi không quá {limit}."
);
const AT_LEAST: T = t!(
    "{fact}; at least {limit} is needed.",
    "{fact}; cần ít nhất {limit}."
);

/// Why a check passed or failed, as data; [`Verdict::message`] words it.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Correct,
    /// Right for the learner's own earlier answer (`value`, asked as `from`), which an
    /// earlier check marks wrong: graded on it, so that one slip is not counted twice.
    Carried {
        from: String,
        value: f64,
    },
    /// Right for the levels the learner gave for each key, which earlier checks mark wrong.
    CarriedLevels,
    NotAnswered,
    NotANumber {
        given: String,
    },
    /// A number that reads two ways (`1,000` typed in Vietnamese): the learner is asked which.
    Ambiguous(Ambiguity),
    TooHigh {
        given: f64,
    },
    TooLow {
        given: f64,
    },
    WrongChoice {
        missing: usize,
        extra: usize,
    },
    /// The engine has no value for this data (for example no deployments).
    NoEngineValue,
    /// The workspace item the check reads cannot run: the answers make no valid configuration.
    CannotRun {
        item: Runnable,
        reason: Wording,
    },
    /// A measure of the outcome is above the check's bound (`stage` 1-based, if any).
    Above {
        measure: Measure,
        stage: Option<usize>,
        value: f64,
        limit: f64,
    },
    /// A measure of the outcome is below the check's bound.
    Below {
        measure: Measure,
        stage: Option<usize>,
        value: f64,
        limit: f64,
    },
    /// The outcome the check asks for did not happen; the wording says what happened
    /// instead ("the stack ended in ROLLBACK_COMPLETE: …").
    Unmet(Wording),
    /// Graded in the parsers worker, which the app is waiting for (see `crate::sealed`).
    Pending,
    /// Graded in the parsers worker and worded there, in the language the app asked for.
    Remote {
        passed: bool,
        text: String,
    },
}

/// What a [`Verdict::CannotRun`] could not run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runnable {
    /// A deployment simulation.
    Simulation,
    /// A feature flag.
    Flag,
}

/// Which number `a` means, asked in the reader's language (a verdict, and the reason a
/// simulation or a flag cannot run).
pub(crate) fn ambiguous(a: &Ambiguity) -> Wording {
    let why = if a.separator == ',' {
        COMMA_BOTH_WAYS
    } else {
        POINT_BOTH_WAYS
    };
    Wording::new(AMBIGUOUS)
        .with("given", a.given.as_str())
        .with("whole", Value::Exact(a.whole))
        .with("decimal", Value::Exact(a.decimal))
        .with("why", why)
}

/// Why a simulation or a flag cannot run on the number `a`: it reads two ways (a clause,
/// inside [`Verdict::CannotRun`]'s sentence).
pub(crate) fn ambiguous_reason(a: &Ambiguity) -> Wording {
    Wording::new(AMBIGUOUS_REASON)
        .with("given", a.given.as_str())
        .with("whole", Value::Exact(a.whole))
        .with("decimal", Value::Exact(a.decimal))
}

impl From<Unread> for Verdict {
    fn from(unread: Unread) -> Verdict {
        match unread {
            Unread::Empty => Verdict::NotAnswered,
            Unread::NotANumber(given) => Verdict::NotANumber { given },
            Unread::Ambiguous(a) => Verdict::Ambiguous(a),
        }
    }
}

impl Verdict {
    /// Whether the check earns its points.
    pub fn passed(&self) -> bool {
        matches!(
            self,
            Verdict::Correct
                | Verdict::Carried { .. }
                | Verdict::CarriedLevels
                | Verdict::Remote { passed: true, .. }
        )
    }

    /// The verdict in plain words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let w = |t: T| t.get(lang).to_string();
        let num = |x: f64| crate::lang::number(x, 6, lang);
        match self {
            Verdict::Correct => w(CORRECT),
            Verdict::Carried { from, value } => {
                CARRIED.fill(lang, &[("from", from), ("value", &show_in(*value, lang))])
            }
            Verdict::CarriedLevels => w(CARRIED_LEVELS),
            Verdict::NotAnswered => w(NOT_ANSWERED),
            Verdict::NotANumber { given } => NOT_A_NUMBER.fill(lang, &[("given", given)]),
            Verdict::Ambiguous(a) => ambiguous(a).get(lang),
            Verdict::TooHigh { given } => TOO_HIGH.fill(lang, &[("given", &num(*given))]),
            Verdict::TooLow { given } => TOO_LOW.fill(lang, &[("given", &num(*given))]),
            Verdict::WrongChoice { missing, extra } => w(match (missing, extra) {
                (0, _) => WRONG_PICK,
                (_, 0) => MISSING_PICK,
                _ => WRONG_CHOICE,
            }),
            Verdict::NoEngineValue => w(NO_ENGINE_VALUE),
            Verdict::Unmet(wording) => wording.get(lang),
            Verdict::Pending => w(PENDING),
            Verdict::Remote { text, .. } => text.clone(),
            Verdict::CannotRun { item, reason } => match item {
                Runnable::Simulation => CANNOT_SIMULATE,
                Runnable::Flag => CANNOT_EVALUATE_FLAG,
            }
            .fill(lang, &[("reason", &reason.get(lang))]),
            Verdict::Above {
                measure,
                stage,
                value,
                limit,
            } => measure.sentence(true, lang).map_or_else(
                || {
                    AT_MOST.fill(
                        lang,
                        &[
                            ("fact", &measure.fact(*value, *stage, lang)),
                            ("limit", &measure.amount(*limit, lang)),
                        ],
                    )
                },
                str::to_string,
            ),
            Verdict::Below {
                measure,
                stage,
                value,
                limit,
            } => measure.sentence(false, lang).map_or_else(
                || {
                    AT_LEAST.fill(
                        lang,
                        &[
                            ("fact", &measure.fact(*value, *stage, lang)),
                            ("limit", &measure.amount(*limit, lang)),
                        ],
                    )
                },
                str::to_string,
            ),
        }
    }

    /// The verdict for a measured value against optional bounds.
    pub fn bounded(
        measure: Measure,
        stage: Option<usize>,
        value: f64,
        at_most: Option<f64>,
        at_least: Option<f64>,
    ) -> Verdict {
        match (at_most, at_least) {
            (Some(limit), _) if value > limit => Verdict::Above {
                measure,
                stage,
                value,
                limit,
            },
            (_, Some(limit)) if value < limit => Verdict::Below {
                measure,
                stage,
                value,
                limit,
            },
            _ => Verdict::Correct,
        }
    }
}

/// A number as a learner would write it: whole numbers without decimals, others to one place.
pub fn show(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:.1}")
    }
}

/// [`show`] with `lang`'s decimal separator (Vietnamese writes 2,5).
pub fn show_in(x: f64, lang: Lang) -> String {
    show(x).replace('.', &lang.decimal_separator().to_string())
}
