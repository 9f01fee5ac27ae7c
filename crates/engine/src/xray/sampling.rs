//! Sampling rules: which of a run's requests X-Ray would record.

use std::collections::BTreeMap;

use crate::numbers::hash64;
use crate::telemetry::Trace;

/// A sampling rule, with the API's fields this engine matches.
#[derive(Clone, Debug, PartialEq)]
pub struct SamplingRule {
    pub name: String,
    /// 1 to 9999; the `Default` rule is 10000 and comes last.
    pub priority: u32,
    /// Matching requests recorded each second before the fixed rate applies.
    pub reservoir: u32,
    /// The share of the further matching requests recorded, 0 to 1.
    pub fixed_rate: f64,
    /// `ServiceName`, `HTTPMethod`, `URLPath`, with `*` and `?` wildcards.
    pub service_name: String,
    pub http_method: String,
    pub url_path: String,
}

impl SamplingRule {
    /// X-Ray's default rule: one request a second and 5 % of the rest, of every request.
    pub fn default_rule() -> SamplingRule {
        SamplingRule {
            name: "Default".into(),
            priority: 10_000,
            reservoir: 1,
            fixed_rate: 0.05,
            service_name: "*".into(),
            http_method: "*".into(),
            url_path: "*".into(),
        }
    }

    /// Whether a request to `service` with `method` and `path` matches the rule.
    pub fn matches(&self, service: &str, method: &str, path: &str) -> bool {
        wildcard(&self.service_name, service)
            && wildcard(&self.http_method, method)
            && wildcard(&self.url_path, path)
    }
}

/// `*` matches any run of characters (none included), `?` exactly one; the rest is literal.
pub fn wildcard(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Greedy matching with backtracking to the last star.
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < t.len() {
        if i < p.len() && (p[i] == '?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    while i < p.len() && p[i] == '*' {
        i += 1;
    }
    i == p.len()
}

/// What the rules keep of a set of traces.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Sampled {
    /// Per trace (in the order given): the index of the rule that decided, and whether it
    /// was recorded.
    pub decisions: Vec<(usize, bool)>,
    /// Per rule (in the order given): requests matched, recorded by the reservoir, recorded
    /// by the fixed rate.
    pub per_rule: Vec<(u64, u64, u64)>,
}

impl Sampled {
    /// How many traces were recorded.
    pub fn recorded(&self) -> u64 {
        self.decisions.iter().filter(|d| d.1).count() as u64
    }
}

/// The request a trace records: the front service's name, the method and the URL's path.
fn request(trace: &Trace) -> (String, String, String) {
    let Some(root) = super::root(trace) else {
        return Default::default();
    };
    let (method, url) = root
        .http
        .as_ref()
        .map_or(("", ""), |h| (h.method.as_str(), h.url.as_str()));
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
    (root.name.clone(), method.to_string(), path.to_string())
}

/// Decides, for every trace of a run traced in full, whether the rules record it. Rules
/// are tried by ascending priority (then name); a request no rule matches is not recorded
/// (list the default rule to catch them). The reservoir takes each second's first matching
/// requests by start time; beyond it a request is recorded when a hash of its trace id
/// falls below the fixed rate.
pub fn sample(rules: &[SamplingRule], traces: &[Trace]) -> Sampled {
    let mut order: Vec<usize> = (0..rules.len()).collect();
    order.sort_by(|&a, &b| {
        (rules[a].priority, &rules[a].name).cmp(&(rules[b].priority, &rules[b].name))
    });
    let mut by_time: Vec<usize> = (0..traces.len()).collect();
    by_time.sort_by(|&a, &b| {
        super::start_time(&traces[a])
            .total_cmp(&super::start_time(&traces[b]))
            .then(a.cmp(&b))
    });
    let mut out = Sampled {
        decisions: vec![(usize::MAX, false); traces.len()],
        per_rule: vec![(0, 0, 0); rules.len()],
    };
    let mut used: BTreeMap<(usize, i64), u32> = BTreeMap::new();
    for t in by_time {
        let (service, method, path) = request(&traces[t]);
        let Some(&r) = order
            .iter()
            .find(|&&r| rules[r].matches(&service, &method, &path))
        else {
            continue;
        };
        let rule = &rules[r];
        out.per_rule[r].0 += 1;
        let second = super::start_time(&traces[t]).floor() as i64;
        let n = used.entry((r, second)).or_insert(0);
        let kept = if *n < rule.reservoir {
            *n += 1;
            out.per_rule[r].1 += 1;
            true
        } else {
            let u = hash64(&[b"xray-sampling", traces[t].id.as_bytes()]) as f64
                / 18_446_744_073_709_551_616.0;
            let kept = u < rule.fixed_rate;
            out.per_rule[r].2 += u64::from(kept);
            kept
        };
        out.decisions[t] = (r, kept);
    }
    out
}
