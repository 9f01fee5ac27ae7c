//! AWS X-Ray over a telemetry run's traces: the service map, the trace list for the
//! learner's filter expression, a trace's timeline, and sampling rules (`engine::xray`).
//!
//! The workspace holds views (`[[xray]]`): an id, the lab's scenario file (a run of the
//! simulated shop, traced in full — `sampling = "all"` — over a short window), the time
//! range the console looks at, the template inputs holding the learner's filter
//! expressions (`filters`), optionally an input naming a trace to open (`trace_input`), and
//! sampling rules of the team's (`[[xray.rule]]`, beside X-Ray's `Default`). Checks:
//!
//! - `xray_filter_valid` — the filter parses;
//! - `xray_filter_matches` — the traces it selects in the range are the reference filter's;
//! - `xray_trace_value` — a value read from the slowest trace the reference filter selects:
//!   the longest call a segment makes (`slowest_call`, a choice whose option ids are the
//!   callees' names) or the longest call to one callee in seconds (`call_seconds`);
//! - `xray_sampled` — traces a minute X-Ray records in the range under some rules.
//!
//! The engines stay out of the app's first load: the items and checks travel sealed and the
//! worker grades them and builds the panel (see `crate::sealed`).
#[cfg(feature = "observability")]
pub(crate) mod run;

use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<Views>;
/// A check of this family, sealed.
pub type Check = Sealed<XrayCheck>;

/// The X-Ray consoles a lab opens.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Views {
    pub views: Vec<XrayDef>,
}

impl Views {
    /// The view reading this input (a filter or the trace input).
    pub fn by_input(&self, input: &str) -> Option<&XrayDef> {
        self.views.iter().find(|v| {
            v.filters.iter().any(|f| f == input) || v.trace_input.as_deref() == Some(input)
        })
    }

    pub fn get(&self, id: &str) -> Option<&XrayDef> {
        self.views.iter().find(|v| v.id == id)
    }
}

/// A sampling rule of the team's (the API's fields this lab matches).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// `RuleName`.
    #[serde(rename = "rule_name")]
    pub name: String,
    pub priority: u32,
    pub reservoir: u32,
    pub fixed_rate: f64,
    #[serde(default = "star")]
    pub service_name: String,
    #[serde(default = "star")]
    pub http_method: String,
    #[serde(default = "star")]
    pub url_path: String,
}

fn star() -> String {
    "*".into()
}

/// One X-Ray console over a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct XrayDef {
    pub id: String,
    pub scenario_file: String,
    pub scenario: engine::telemetry::Scenario,
    /// The time range, seconds from the run's start (`to_s` excluded).
    pub from_s: u32,
    pub to_s: u32,
    /// The template inputs holding filter expressions.
    pub filters: Vec<String>,
    /// A template input naming the trace to open (its ID).
    pub trace_input: Option<String>,
    pub rules: Vec<RuleDef>,
}

/// What `xray_trace_value` reads from the slowest trace.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceValue {
    /// The callee of the segment's longest call (a choice input).
    #[default]
    SlowestCall,
    /// The longest call of the segment to `callee`, in seconds (a number input).
    CallSeconds,
}

/// A check of this family.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum XrayCheck {
    Valid(ValidCheck),
    Matches(MatchesCheck),
    TraceValue(TraceValueCheck),
    Sampled(SampledCheck),
}

/// `xray_filter_valid`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidCheck {
    pub input: String,
}

/// `xray_filter_matches`: the same traces as `reference` in the range.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchesCheck {
    pub input: String,
    pub reference: String,
}

/// `xray_trace_value`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceValueCheck {
    pub input: String,
    /// The view (its id).
    pub xray: String,
    /// The filter whose slowest match is read.
    pub reference: String,
    pub value: TraceValue,
    /// The segment whose calls are read.
    pub segment: String,
    /// `call_seconds`: the callee.
    #[serde(default)]
    pub callee: String,
    /// `call_seconds`: how far off the answer may be, seconds.
    #[serde(default)]
    pub tolerance: f64,
}

/// `xray_sampled`: traces a minute recorded under `rules` (the team's by name, and
/// `Default`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampledCheck {
    pub input: String,
    pub xray: String,
    pub rules: Vec<String>,
    /// How far off the answer may be, percent of the engine's count.
    pub tolerance_percent: f64,
}

impl XrayCheck {
    pub fn input(&self) -> &str {
        match self {
            XrayCheck::Valid(c) => &c.input,
            XrayCheck::Matches(c) => &c.input,
            XrayCheck::TraceValue(c) => &c.input,
            XrayCheck::Sampled(c) => &c.input,
        }
    }
}

pub const KINDS: &[&str] = &[
    "xray_filter_valid",
    "xray_filter_matches",
    "xray_trace_value",
    "xray_sampled",
];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct XraySpec {
    id: String,
    scenario: String,
    from_minute: u32,
    to_minute: u32,
    filters: Vec<String>,
    #[serde(default)]
    trace_input: Option<String>,
    #[serde(default)]
    rule: Vec<RuleDef>,
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["xray"];
    const KINDS: &'static [&'static str] = KINDS;

    #[cfg(feature = "files")]
    fn load(
        items: &mut Items,
        _section: &str,
        value: crate::load::Section<'_>,
        files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    ) {
        let mut all = items.open().unwrap_or_default();
        let Some(specs) = problems.read::<Vec<XraySpec>>(value) else {
            return;
        };
        for s in specs {
            if all.get(&s.id).is_some() {
                problems.complain(format!("two [[xray]] have the id \"{}\"", s.id));
            }
            let Some(scenario) = super::telemetry::load_scenario(&s.scenario, files, problems)
            else {
                continue;
            };
            if let Err(e) = super::telemetry::window(&scenario, s.from_minute, Some(s.to_minute)) {
                problems.complain(format!("xray \"{}\": {e}", s.id));
            }
            let window = (
                scenario.traces.from_s,
                scenario.traces.to_s.unwrap_or(scenario.duration_s),
            );
            if s.from_minute * 60 < window.0 || s.to_minute * 60 > window.1 {
                problems.complain(format!(
                    "xray \"{}\": the time range lies outside the traced window of {}",
                    s.id, s.scenario
                ));
            }
            if scenario.traces.sampling != engine::telemetry::TraceSampling::All {
                problems.complain(format!(
                    "xray \"{}\": {} traces with sampling = \"all\" ([traces]): the sampling rules choose from every request",
                    s.id, s.scenario
                ));
            }
            if s.filters.is_empty() {
                problems.complain(format!(
                    "xray \"{}\": filters names at least one input",
                    s.id
                ));
            }
            for r in &s.rule {
                if !(1..=9_999).contains(&r.priority)
                    || !(0.0..=1.0).contains(&r.fixed_rate)
                    || r.name == "Default"
                {
                    problems.complain(format!(
                        "xray \"{}\": rule \"{}\": Priority is 1 to 9999, FixedRate 0 to 1, and Default is X-Ray's own",
                        s.id, r.name
                    ));
                }
            }
            all.views.push(XrayDef {
                id: s.id,
                scenario_file: s.scenario,
                scenario,
                from_s: s.from_minute * 60,
                to_s: s.to_minute * 60,
                filters: s.filters,
                trace_input: s.trace_input,
                rules: s.rule,
            });
        }
        *items = Sealed::seal(&all);
    }

    #[cfg(feature = "files")]
    fn parse_check(
        kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Check, crate::load::BodyError> {
        let check = match kind {
            "xray_filter_valid" => XrayCheck::Valid(ValidCheck::deserialize(body)?),
            "xray_filter_matches" => XrayCheck::Matches(MatchesCheck::deserialize(body)?),
            "xray_trace_value" => XrayCheck::TraceValue(TraceValueCheck::deserialize(body)?),
            _ => XrayCheck::Sampled(SampledCheck::deserialize(body)?),
        };
        Ok(Sealed::seal(&check))
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Some(check) = check.open() else {
            return vec!["the check could not be read back".into()];
        };
        let all = lab.workspace.xray.open().unwrap_or_default();
        let mut problems = Vec::new();
        if lab.input(check.input()).is_none() {
            problems.push(format!("there is no input \"{}\"", check.input()));
        }
        match &check {
            XrayCheck::Valid(ValidCheck { input })
            | XrayCheck::Matches(MatchesCheck { input, .. }) => {
                if all.by_input(input).is_none() {
                    problems.push(format!("no [[xray]] reads a filter from input \"{input}\""));
                }
            }
            XrayCheck::TraceValue(c) => {
                if all.get(&c.xray).is_none() {
                    problems.push(format!("there is no [[xray]] \"{}\"", c.xray));
                }
                if c.value == TraceValue::CallSeconds && (c.callee.is_empty() || c.tolerance <= 0.0)
                {
                    problems.push("call_seconds names a callee and a tolerance above 0".into());
                }
            }
            XrayCheck::Sampled(c) => match all.get(&c.xray) {
                None => problems.push(format!("there is no [[xray]] \"{}\"", c.xray)),
                Some(v) => {
                    for r in &c.rules {
                        if r != "Default" && !v.rules.iter().any(|x| &x.name == r) {
                            problems
                                .push(format!("xray \"{}\" has no sampling rule \"{r}\"", c.xray));
                        }
                    }
                    if c.rules.is_empty() || c.tolerance_percent <= 0.0 {
                        problems.push(
                            "xray_sampled names rules and a tolerance_percent above 0".into(),
                        );
                    }
                }
            },
        }
        #[cfg(feature = "observability")]
        if let XrayCheck::Matches(MatchesCheck { reference, .. })
        | XrayCheck::TraceValue(TraceValueCheck { reference, .. }) = &check
        {
            if let Some(d) = engine::xray::parse(reference).diagnostics.first() {
                problems.push(format!(
                    "the reference filter \"{reference}\" does not parse: {} at column {}",
                    d.rule.id(),
                    d.col
                ));
            }
        }
        problems
    }

    super::worker_family!("observability", xray, "X-Ray views");
}
