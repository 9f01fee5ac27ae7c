//! The four keys, the 2024 performance clusters and the rules that rate a team against them.
//!
//! Source: DORA, *Accelerate State of DevOps Report 2024* (Google Cloud), section
//! "Software delivery performance", the table of performance levels on page 13. The report
//! found four clusters of respondents and gives the typical value of each key in each one:
//!
//! | cluster | share | deployment frequency | change lead time | change fail rate | failed deployment recovery time |
//! |---|---|---|---|---|---|
//! | elite  | 19% | on demand (multiple deploys per day) | less than one day | 5% | less than one hour |
//! | high   | 22% | between once per day and once per week | between one day and one week | 20% | less than one day |
//! | medium | 35% | between once per week and once per month | between one week and one month | 10% | less than one day |
//! | low    | 25% | between once per month and once every six months | between one month and six months | 40% | between one week and one month |
//!
//! The report describes clusters, not cut-off rules, so this module turns the table into
//! per-key bands (see [`classify`]) and a vote across the keys (see [`overall_level`]).

/// One of DORA's four keys of software delivery performance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    /// How often the team deploys to production, in deployments per day.
    DeploymentFrequency,
    /// How long a commit takes to reach production, in hours (the median).
    LeadTime,
    /// The share of deployments that caused a failure in production, in percent.
    ChangeFailRate,
    /// How long the team takes to recover from a failed deployment, in hours (the median).
    RecoveryTime,
}

impl Key {
    /// The four keys, throughput first, then stability.
    pub const ALL: [Key; 4] = [
        Key::DeploymentFrequency,
        Key::LeadTime,
        Key::ChangeFailRate,
        Key::RecoveryTime,
    ];

    /// A stable snake_case id, used in lab files and URLs.
    pub fn id(self) -> &'static str {
        match self {
            Key::DeploymentFrequency => "deployment_frequency",
            Key::LeadTime => "lead_time",
            Key::ChangeFailRate => "change_fail_rate",
            Key::RecoveryTime => "recovery_time",
        }
    }

    /// The key with the given [`Key::id`], if there is one.
    pub fn from_id(id: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|key| key.id() == id)
    }

    /// The key's name as DORA's 2024 report writes it.
    pub fn label(self) -> &'static str {
        match self {
            Key::DeploymentFrequency => "Deployment frequency",
            Key::LeadTime => "Change lead time",
            Key::ChangeFailRate => "Change fail rate",
            Key::RecoveryTime => "Failed deployment recovery time",
        }
    }

    /// The unit of the value that [`classify`] expects for this key.
    pub fn unit(self) -> &'static str {
        match self {
            Key::DeploymentFrequency => "deployments per day",
            Key::LeadTime | Key::RecoveryTime => "hours",
            Key::ChangeFailRate => "percent",
        }
    }

    /// The rating rule for this key, as a sentence that the lab can quote.
    pub fn rule(self) -> &'static str {
        match self {
            Key::DeploymentFrequency => {
                "elite if more than one deployment per day on average; high if at least one \
                 per week; medium if at least one per month (30 days); otherwise low"
            }
            Key::LeadTime => {
                "elite if the median is under 24 hours; high if under 7 days; medium if under \
                 30 days; otherwise low"
            }
            Key::ChangeFailRate => {
                "the 2024 clusters are not ordered on this key (medium's typical 10% is below \
                 high's 20%), so the rate goes to the cluster with the nearest typical value: \
                 elite up to 7.5%; medium up to 15%; high up to 30%; low above 30%"
            }
            Key::RecoveryTime => {
                "elite if the median is under 1 hour; high if under 24 hours (the report gives \
                 \"less than one day\" for both high and medium, and we rate it high); medium \
                 if under 7 days (this fills the report's gap between one day and one week); \
                 otherwise low"
            }
        }
    }
}

/// A performance cluster of DORA's 2024 report, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// The best-performing cluster.
    Elite,
    /// The second cluster.
    High,
    /// The third cluster.
    Medium,
    /// The lowest-performing cluster.
    Low,
}

impl Level {
    /// The four clusters, best first.
    pub const ALL: [Level; 4] = [Level::Elite, Level::High, Level::Medium, Level::Low];

    /// A stable lowercase id ("elite", "high", "medium", "low").
    pub fn id(self) -> &'static str {
        match self {
            Level::Elite => "elite",
            Level::High => "high",
            Level::Medium => "medium",
            Level::Low => "low",
        }
    }

    /// The cluster with the given [`Level::id`], if there is one.
    pub fn from_id(id: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|level| level.id() == id)
    }

    /// The cluster's name with a capital letter, for display.
    pub fn label(self) -> &'static str {
        match self {
            Level::Elite => "Elite",
            Level::High => "High",
            Level::Medium => "Medium",
            Level::Low => "Low",
        }
    }
}

/// One row of the 2024 report's table of performance levels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cluster2024 {
    /// The cluster.
    pub level: Level,
    /// The share of survey respondents in the cluster, in percent.
    pub share_percent: u32,
    /// The typical deployment frequency, in the report's words.
    pub deployment_frequency: &'static str,
    /// The typical change lead time, in the report's words.
    pub lead_time: &'static str,
    /// The typical change fail rate, in percent.
    pub change_fail_rate_percent: f64,
    /// The typical failed deployment recovery time, in the report's words.
    pub recovery_time: &'static str,
}

/// The 2024 report's table of performance levels (page 13), best cluster first.
pub const CLUSTERS_2024: [Cluster2024; 4] = [
    Cluster2024 {
        level: Level::Elite,
        share_percent: 19,
        deployment_frequency: "On demand (multiple deploys per day)",
        lead_time: "Less than one day",
        change_fail_rate_percent: 5.0,
        recovery_time: "Less than one hour",
    },
    Cluster2024 {
        level: Level::High,
        share_percent: 22,
        deployment_frequency: "Between once per day and once per week",
        lead_time: "Between one day and one week",
        change_fail_rate_percent: 20.0,
        recovery_time: "Less than one day",
    },
    Cluster2024 {
        level: Level::Medium,
        share_percent: 35,
        deployment_frequency: "Between once per week and once per month",
        lead_time: "Between one week and one month",
        change_fail_rate_percent: 10.0,
        recovery_time: "Less than one day",
    },
    Cluster2024 {
        level: Level::Low,
        share_percent: 25,
        deployment_frequency: "Between once per month and once every six months",
        lead_time: "Between one month and six months",
        change_fail_rate_percent: 40.0,
        recovery_time: "Between one week and one month",
    },
];

/// Hours in one day.
const DAY_HOURS: f64 = 24.0;

/// Rates one key's value against the 2024 clusters.
///
/// The value is in the key's [`Key::unit`]: deployments per day, hours or percent. The
/// bands are those of [`Key::rule`]:
///
/// - deployment frequency: elite above 1 per day; high from 1/7 per day (once a week);
///   medium from 1/30 per day (once a month); otherwise low;
/// - change lead time: elite under 24 h; high under 7 days; medium under 30 days;
///   otherwise low;
/// - change fail rate: nearest typical value, so elite up to 7.5%, medium up to 15%,
///   high up to 30%, low above;
/// - failed deployment recovery time: elite under 1 h; high under 24 h; medium under
///   7 days; otherwise low.
///
/// A value that is not a number rates low.
pub fn classify(key: Key, value: f64) -> Level {
    match key {
        Key::DeploymentFrequency => {
            if value > 1.0 {
                Level::Elite
            } else if value >= 1.0 / 7.0 {
                Level::High
            } else if value >= 1.0 / 30.0 {
                Level::Medium
            } else {
                Level::Low
            }
        }
        Key::LeadTime => {
            if value < DAY_HOURS {
                Level::Elite
            } else if value < 7.0 * DAY_HOURS {
                Level::High
            } else if value < 30.0 * DAY_HOURS {
                Level::Medium
            } else {
                Level::Low
            }
        }
        Key::ChangeFailRate => {
            if value <= 7.5 {
                Level::Elite
            } else if value <= 15.0 {
                Level::Medium
            } else if value <= 30.0 {
                Level::High
            } else {
                Level::Low
            }
        }
        Key::RecoveryTime => {
            if value < 1.0 {
                Level::Elite
            } else if value < DAY_HOURS {
                Level::High
            } else if value < 7.0 * DAY_HOURS {
                Level::Medium
            } else {
                Level::Low
            }
        }
    }
}

/// The team's overall cluster from its per-key levels.
///
/// The overall cluster is the one that the most keys fall into. A tie goes to the
/// lower-performing cluster, which is the conservative reading. With no levels at all the
/// answer is `None`.
pub fn overall_level(levels: impl IntoIterator<Item = Level>) -> Option<Level> {
    let mut votes = [0usize; 4];
    for level in levels {
        let slot = match level {
            Level::Elite => 0,
            Level::High => 1,
            Level::Medium => 2,
            Level::Low => 3,
        };
        if let Some(count) = votes.get_mut(slot) {
            *count = count.saturating_add(1);
        }
    }
    // Ties are broken towards the later (lower-performing) level because `max_by_key`
    // returns the last of several equal maxima.
    Level::ALL
        .into_iter()
        .zip(votes)
        .filter(|&(_, count)| count > 0)
        .max_by_key(|&(_, count)| count)
        .map(|(level, _)| level)
}
