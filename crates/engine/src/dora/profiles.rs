//! The two factors of software delivery performance, and which of the 2025 report's seven
//! team profiles a team's delivery metrics resemble.
//!
//! Sources:
//!
//! - DORA's guide "DORA's software delivery performance metrics" (dora.dev/guides/dora-metrics)
//!   divides the five metrics into **throughput** (change lead time, deployment frequency,
//!   failed deployment recovery time) and **instability** (change fail rate, deployment
//!   rework rate).
//! - The 2025 report, *State of AI-assisted Software Development*, describes teams by seven
//!   team profiles instead of the 2024 clusters. The survey questions DORA publishes for
//!   them (dora.dev/research/2025/team-profiles/questions) cover eight measures: team
//!   performance, product performance, software delivery throughput, software delivery
//!   instability, individual effectiveness, time doing valuable work, friction and burnout.
//!   An event log has only the two delivery measures.
//!
//! The report gives no numeric boundaries between the profiles, so [`resembles`] is this
//! app's own approximation from the delivery metrics only: it sorts a team into faster or
//! slower throughput and lower or higher instability and lists the profiles that match
//! both. Profiles that differ only in the six other measures cannot be told apart here.

use super::keys::FourKeys;
use super::levels::{overall_level, Key, Level};

/// The two factors DORA divides its five software delivery metrics into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Factor {
    /// How many changes move through the system over a period of time: change lead time,
    /// deployment frequency and failed deployment recovery time.
    Throughput,
    /// How well deployments go: change fail rate and deployment rework rate.
    Instability,
}

impl Key {
    /// The factor the key belongs to. Since the 2024 report, failed deployment recovery
    /// time counts towards throughput.
    pub fn factor(self) -> Factor {
        match self {
            Key::DeploymentFrequency | Key::LeadTime | Key::RecoveryTime => Factor::Throughput,
            Key::ChangeFailRate => Factor::Instability,
        }
    }
}

/// One of the seven team profiles of DORA's 2025 report, in the report's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TeamProfile {
    /// Cluster 1.
    FoundationalChallenges,
    /// Cluster 2.
    LegacyBottleneck,
    /// Cluster 3.
    ConstrainedByProcess,
    /// Cluster 4.
    HighImpactLowCadence,
    /// Cluster 5.
    StableAndMethodical,
    /// Cluster 6.
    PragmaticPerformers,
    /// Cluster 7.
    HarmoniousHighAchievers,
}

impl TeamProfile {
    /// The seven profiles, in the report's order.
    pub const ALL: [TeamProfile; 7] = [
        TeamProfile::FoundationalChallenges,
        TeamProfile::LegacyBottleneck,
        TeamProfile::ConstrainedByProcess,
        TeamProfile::HighImpactLowCadence,
        TeamProfile::StableAndMethodical,
        TeamProfile::PragmaticPerformers,
        TeamProfile::HarmoniousHighAchievers,
    ];

    /// A stable kebab-case id, for lab files and tests.
    pub fn id(self) -> &'static str {
        match self {
            TeamProfile::FoundationalChallenges => "foundational-challenges",
            TeamProfile::LegacyBottleneck => "legacy-bottleneck",
            TeamProfile::ConstrainedByProcess => "constrained-by-process",
            TeamProfile::HighImpactLowCadence => "high-impact-low-cadence",
            TeamProfile::StableAndMethodical => "stable-and-methodical",
            TeamProfile::PragmaticPerformers => "pragmatic-performers",
            TeamProfile::HarmoniousHighAchievers => "harmonious-high-achievers",
        }
    }

    /// The profile's name as the 2025 report writes it (kept in English in every language).
    pub fn name(self) -> &'static str {
        match self {
            TeamProfile::FoundationalChallenges => "Foundational challenges",
            TeamProfile::LegacyBottleneck => "The legacy bottleneck",
            TeamProfile::ConstrainedByProcess => "Constrained by process",
            TeamProfile::HighImpactLowCadence => "High impact, low cadence",
            TeamProfile::StableAndMethodical => "Stable and methodical",
            TeamProfile::PragmaticPerformers => "Pragmatic performers",
            TeamProfile::HarmoniousHighAchievers => "Harmonious high-achievers",
        }
    }

    /// The profile with the given [`TeamProfile::id`], if there is one.
    pub fn from_id(id: &str) -> Option<TeamProfile> {
        TeamProfile::ALL.into_iter().find(|p| p.id() == id)
    }
}

/// A team's throughput, as this app sorts it: the 2024 cluster that most throughput keys
/// fall into (see [`overall_level`]), faster for elite and high, slower for medium and low.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Throughput {
    /// Most throughput keys rate elite or high.
    Faster,
    /// Most throughput keys rate medium or low.
    Slower,
}

/// A team's instability, as this app sorts it, with [`INSTABILITY_CUT_PERCENT`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Instability {
    /// Change fail rate and rework rate both at or below the cut.
    Lower,
    /// Change fail rate or rework rate above the cut.
    Higher,
}

/// The cut between lower and higher instability, in percent, for both change fail rate and
/// rework rate. This is this app's own number, not DORA's: 15% is where this app's 2024
/// rating of change fail rate leaves the medium cluster's typical 10% for the high
/// cluster's 20% (see [`super::classify`]).
pub const INSTABILITY_CUT_PERCENT: f64 = 15.0;

/// Which 2025 team profiles a team's delivery metrics resemble (see [`resembles`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProfileReading {
    /// The team's throughput.
    pub throughput: Throughput,
    /// The team's instability.
    pub instability: Instability,
    /// The profiles whose delivery the team's resembles, in the report's order. More than
    /// one when the profiles differ in measures a log does not have; none when no profile
    /// is described with this combination.
    pub candidates: &'static [TeamProfile],
}

/// Reads which of the 2025 team profiles a team's delivery metrics resemble.
///
/// This app's approximation, from the delivery metrics only:
///
/// - faster throughput and lower instability: Pragmatic performers or Harmonious
///   high-achievers (the report tells them apart by well-being, friction and burnout);
/// - slower throughput and lower instability: Constrained by process or Stable and
///   methodical (told apart by friction, valuable work and well-being);
/// - slower throughput and higher instability: Foundational challenges, The legacy
///   bottleneck or High impact, low cadence (told apart by product and team performance and
///   well-being);
/// - faster throughput and higher instability: none of the seven profiles is described this
///   way, so no candidate.
///
/// `None` when the log has no deployments (instability has no value then).
pub fn resembles(keys: &FourKeys) -> Option<ProfileReading> {
    let cfr = keys.change_fail_rate_percent?;
    let rework = keys.rework_rate_percent.unwrap_or(0.0);
    let throughput_levels = Key::ALL
        .into_iter()
        .filter(|key| key.factor() == Factor::Throughput)
        .filter_map(|key| keys.level(key));
    let throughput = match overall_level(throughput_levels)? {
        Level::Elite | Level::High => Throughput::Faster,
        Level::Medium | Level::Low => Throughput::Slower,
    };
    // A rate that is not a number counts as higher, like a rate above the cut.
    let within = |rate: f64| rate <= INSTABILITY_CUT_PERCENT;
    let instability = if within(cfr) && within(rework) {
        Instability::Lower
    } else {
        Instability::Higher
    };
    let candidates: &'static [TeamProfile] = match (throughput, instability) {
        (Throughput::Faster, Instability::Lower) => &[
            TeamProfile::PragmaticPerformers,
            TeamProfile::HarmoniousHighAchievers,
        ],
        (Throughput::Slower, Instability::Lower) => &[
            TeamProfile::ConstrainedByProcess,
            TeamProfile::StableAndMethodical,
        ],
        (Throughput::Slower, Instability::Higher) => &[
            TeamProfile::FoundationalChallenges,
            TeamProfile::LegacyBottleneck,
            TeamProfile::HighImpactLowCadence,
        ],
        (Throughput::Faster, Instability::Higher) => &[],
    };
    Some(ProfileReading {
        throughput,
        instability,
        candidates,
    })
}
