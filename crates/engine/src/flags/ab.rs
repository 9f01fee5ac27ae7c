//! A two-variant A/B test, assigned by hashing and converted by seeded draws, read with a two-proportion z-test.

use super::{bucket, user_id, FlagError};
use crate::numbers::{erfc, Rng};

/// A two-variant A/B test: users `user-0`, `user-1`, … are assigned by hashing, and each
/// variant converts at its own rate.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AbTest {
    /// The seed of the conversion draws.
    pub seed: u64,
    /// The experiment's key, which salts the assignment hash.
    pub key: String,
    /// How many users take part (2 to 10,000,000).
    pub users: u32,
    /// The share of users in variant B, in percent (strictly between 0 and 100).
    pub percent_b: f64,
    /// Variant A's conversion rate, 0 to 1.
    pub conversion_a: f64,
    /// Variant B's conversion rate, 0 to 1.
    pub conversion_b: f64,
}

/// The result of an A/B test.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AbResult {
    /// Users in variant A.
    pub users_a: u64,
    /// Users in variant B.
    pub users_b: u64,
    /// Conversions in variant A.
    pub conversions_a: u64,
    /// Conversions in variant B.
    pub conversions_b: u64,
    /// Variant A's observed conversion rate.
    pub rate_a: f64,
    /// Variant B's observed conversion rate.
    pub rate_b: f64,
    /// `rate_b - rate_a`.
    pub difference: f64,
    /// The two-proportion z statistic, with the pooled standard error.
    pub z: f64,
    /// The two-sided p-value of the z-test.
    pub p_value: f64,
    /// Whether the p-value is below 0.05.
    pub significant: bool,
}

/// Runs an A/B test.
pub fn run_ab_test(test: &AbTest) -> Result<AbResult, FlagError> {
    if test.key.trim().is_empty() {
        return Err(FlagError::new("ab.key", "the experiment key is empty"));
    }
    if !(2..=10_000_000).contains(&test.users) {
        return Err(FlagError::new(
            "ab.users",
            format!(
                "an A/B test needs 2 to 10,000,000 users, not {}",
                test.users
            ),
        ));
    }
    if !(test.percent_b.is_finite() && test.percent_b > 0.0 && test.percent_b < 100.0) {
        return Err(FlagError::new(
            "ab.percent_b",
            format!(
                "variant B's share must be strictly between 0 and 100 percent, not {}",
                test.percent_b
            ),
        ));
    }
    for (field, rate) in [
        ("ab.conversion_a", test.conversion_a),
        ("ab.conversion_b", test.conversion_b),
    ] {
        if !(rate.is_finite() && (0.0..=1.0).contains(&rate)) {
            return Err(FlagError::new(
                field,
                format!("a conversion rate must be between 0 and 1, not {rate}"),
            ));
        }
    }
    let limit = (test.percent_b * 100.0).round() as u32;
    let users_b = (0..test.users)
        .filter(|i| bucket(&test.key, &user_id(*i)) < limit)
        .count() as u64;
    let users_a = u64::from(test.users) - users_b;
    let mut rng = Rng::new(test.seed);
    let conversions_a = rng.binomial(users_a, test.conversion_a);
    let conversions_b = rng.binomial(users_b, test.conversion_b);
    Ok(z_test(users_a, conversions_a, users_b, conversions_b))
}

/// The two-proportion z-test of B against A, with the pooled proportion.
pub fn z_test(users_a: u64, conversions_a: u64, users_b: u64, conversions_b: u64) -> AbResult {
    let rate = |conversions: u64, users: u64| {
        if users == 0 {
            0.0
        } else {
            conversions.min(users) as f64 / users as f64
        }
    };
    let rate_a = rate(conversions_a, users_a);
    let rate_b = rate(conversions_b, users_b);
    let total = users_a + users_b;
    let pooled = if total == 0 {
        0.0
    } else {
        (conversions_a.min(users_a) + conversions_b.min(users_b)) as f64 / total as f64
    };
    let se = if users_a == 0 || users_b == 0 {
        0.0
    } else {
        (pooled * (1.0 - pooled) * (1.0 / users_a as f64 + 1.0 / users_b as f64)).sqrt()
    };
    let difference = rate_b - rate_a;
    let (z, p_value) = if se > 0.0 {
        let z = difference / se;
        (z, erfc(z.abs() / std::f64::consts::SQRT_2).min(1.0))
    } else {
        (0.0, 1.0)
    };
    AbResult {
        users_a,
        users_b,
        conversions_a,
        conversions_b,
        rate_a,
        rate_b,
        difference,
        z,
        p_value,
        significant: p_value < 0.05,
    }
}
