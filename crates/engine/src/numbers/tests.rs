//! Tests of the seeded generator, the hash and the deterministic functions.

use super::*;

/// The functions agree with the platform's to near machine precision.
#[test]
fn deterministic_math_is_accurate() {
    for x in [
        1e-300_f64, 1e-10, 0.1, 0.5, 0.999, 1.0, 1.5, 2.0, 10.0, 12345.678, 1e300,
    ] {
        let want = x.ln();
        assert!(
            (ln(x) - want).abs() <= 1e-15 * want.abs().max(1.0),
            "ln {x}"
        );
    }
    for x in [
        -700.0_f64, -20.0, -1.0, -1e-5, 0.0, 0.3, 1.0, 5.5, 300.0, 700.0,
    ] {
        let want = x.exp();
        assert!((exp(x) - want).abs() <= 1e-14 * want, "exp {x}");
    }
    for x in [-10.0_f64, -3.0, 0.0, 0.5, 1.0, 2.5, 100.0] {
        assert!((cos(x) - x.cos()).abs() < 1e-12, "cos {x}");
    }
    assert!((normal_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-15);
    assert!((erfc(0.5) - 0.479_500_122_186_953_5).abs() < 1e-16);
    assert_eq!(
        (erfc(0.0), erfc(f64::INFINITY), erfc(f64::NEG_INFINITY)),
        (1.0, 0.0, 2.0)
    );
    assert_eq!(ln(0.0), f64::NEG_INFINITY);
    assert!(ln(-1.0).is_nan());
}

/// Binomial and Poisson draws have the right means and stay within bounds.
#[test]
fn random_draws_have_the_right_means() {
    let mut rng = Rng::new(42);
    for (n, p) in [
        (1_000u64, 0.001),
        (1_000, 0.02),
        (1_000, 0.3),
        (50, 0.9),
        (10, 0.0),
        (10, 1.0),
    ] {
        let rounds = 2_000;
        let total: u64 = (0..rounds).map(|_| rng.binomial(n, p)).sum();
        let mean = total as f64 / f64::from(rounds);
        let sd = (n as f64 * p * (1.0 - p) / f64::from(rounds)).sqrt();
        assert!(
            (mean - n as f64 * p).abs() <= 5.0 * sd + 1e-9,
            "binomial({n}, {p}) mean {mean}"
        );
    }
    for mean in [0.5, 10.0, 1_000.0] {
        let total: u64 = (0..2_000).map(|_| rng.poisson(mean)).sum();
        let got = total as f64 / 2_000.0;
        assert!(
            (got - mean).abs() < 5.0 * (mean / 2_000.0).sqrt(),
            "poisson({mean}) {got}"
        );
    }
    assert_eq!(rng.binomial(5, f64::NAN), 0);
    assert_eq!(rng.poisson(f64::INFINITY), 0);
    assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
}

/// The hash separates its parts, so `["ab", "c"]` and `["a", "bc"]` differ, and is stable.
#[test]
fn hash_separates_parts_and_is_stable() {
    assert_ne!(hash64(&[b"ab", b"c"]), hash64(&[b"a", b"bc"]));
    assert_ne!(hash64(&[b"abc"]), hash64(&[b"ab", b"c"]));
    assert_eq!(hash64(&[b"flag", b"user-1"]), hash64(&[b"flag", b"user-1"]));
    assert_ne!(hash64(&[b"flag", b"user-1"]), hash64(&[b"flag", b"user-2"]));
}

/// A log-normal fitted to a median and a 99th percentile gives them back, and a mixture's
/// quantile lies between its parts'.
#[test]
fn log_normal_fit_and_mixture_quantiles() {
    let a = LogNormal::from_p50_p99(100.0, 400.0);
    assert!((exp(a.mu) - 100.0).abs() < 1e-9);
    assert!((exp(a.mu + Z99 * a.sigma) - 400.0).abs() < 1e-9);
    let b = LogNormal::from_p50_p99(300.0, 900.0);
    assert!((mixture_quantile(a, b, 0.0, 0.5) - 100.0).abs() < 1e-9);
    assert!((mixture_quantile(a, b, 1.0, 0.5) - 300.0).abs() < 1e-9);
    let mid = mixture_quantile(a, b, 0.5, 0.5);
    assert!(mid > 100.0 && mid < 300.0, "{mid}");
    let flat = LogNormal::from_p50_p99(50.0, 50.0);
    assert_eq!(flat.sigma, 0.0);
}
