//! The query rules: each has a stable id, a severity, and the values its message needs
//! (worded by `course::observability::logs`).

pub use crate::tree::Severity;
use crate::tree::{rules, Pos};

rules! {
    Empty = "empty" Error, "The query has no command. Args: none.";
    UnknownCommand = "unknown-command" Error, "A word at the start of a command that is no Logs Insights command. Args: word, near command or empty.";
    NotSimulated = "not-simulated" Warning, "A real command the simulation does not run (pattern, diff, anomaly, lookup, join, filterIndex, SOURCE, unnest); it is skipped. Args: command.";
    Unmask = "unmask" Warning, "unmask is accepted, but nothing is masked in the simulation: it changes nothing. Args: none.";
    UnknownFunction = "unknown-function" Error, "A call of a function Logs Insights does not have. Args: name, near function or empty.";
    AggregateOutsideStats = "aggregate-outside-stats" Error, "An aggregate function (count, avg, pct…) outside stats. Args: name.";
    NotAggregate = "not-aggregate" Error, "stats with an expression that is not an aggregate function. Args: the expression's text.";
    ArgumentCount = "argument-count" Error, "A function called with the wrong number of arguments. Args: name, expected (`1`, `1-2`, `2+`), given.";
    Unclosed = "unclosed" Error, "A string, regular expression, backquoted name, parenthesis or bracket that is never closed. Args: the opening character.";
    Unexpected = "unexpected" Error, "A token where the grammar expects something else. Args: what was found (`end` at the end), what was expected.";
    StatsTwice = "stats-twice" Error, "A third stats, or a second one that does not follow the first's output. Args: none.";
    ByInvalid = "by-invalid" Error, "A stats group (after `by`) that is an aggregate or a constant. Args: the expression's text.";
    TimeUnit = "time-unit" Error, "A time period with a unit Logs Insights does not know (bin(5x)). Args: the period, near unit or empty.";
    BinArgument = "bin-argument" Error, "bin() or datefloor/dateceil without a time period as argument. Args: function.";
    LimitValue = "limit-value" Error, "limit with a value that is not a whole number from 1 to 100,000 (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Limit.html). Args: value.";
    PctValue = "pct-value" Error, "pct() with a percentile that is not a number from 0 to 100. Args: value.";
    ParsePattern = "parse-pattern" Error, "parse whose pattern is neither a glob string with `*` nor a regular expression. Args: none.";
    ParseNames = "parse-names" Error, "A glob parse whose `as` list does not name one field per `*`. Args: stars, names.";
    RegexInvalid = "regex-invalid" Error, "A regular expression that does not compile. Args: the pattern.";
    RegexNoGroups = "regex-no-groups" Error, "A regex parse without named groups `(?<name>…)`. Args: none.";
    AfterDedup = "after-dedup" Error, "A command other than limit after dedup (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Dedup.html). Args: command.";
    AfterStats = "after-stats" Error, "A field used after stats that stats does not output. Args: field.";
}

/// One finding: a rule, where, and the values its message needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub pos: Pos,
    pub rule: Rule,
    pub args: Vec<String>,
}

impl Diagnostic {
    pub fn new<I, S>(pos: Pos, rule: Rule, args: I) -> Diagnostic
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Diagnostic {
            pos,
            rule,
            args: args.into_iter().map(Into::into).collect(),
        }
    }

    /// The rule's severity.
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }
}
