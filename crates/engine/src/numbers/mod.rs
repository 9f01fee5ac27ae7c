//! Numbers that come out the same everywhere: a seeded generator, a hash, and the few transcendental functions the engines need.
//!
//! The standard library's `exp`, `ln` and `cos` call the platform's math library, whose
//! last bit may differ between machines (and between native code and WebAssembly). The
//! functions here use only addition, subtraction, multiplication, division, `sqrt`,
//! `floor`, `round` and bit manipulation, which IEEE 754 defines exactly, so a seed gives
//! bit-identical output everywhere.

#[cfg(test)]
mod tests;

/// ln 2, split into a high part exact in a few bits and a low correction.
const LN2_HI: f64 = 6.931_471_803_691_238e-1;
/// The low part of ln 2.
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
/// ln 2 in one constant.
const LN2: f64 = std::f64::consts::LN_2;

/// A xoshiro256** generator seeded through SplitMix64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rng {
    state: [u64; 4],
}

impl Rng {
    /// A generator for a seed; every seed, zero included, gives a usable state.
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            state: [next(), next(), next(), next()],
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A uniform number in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A standard normal draw (Marsaglia's polar method).
    pub fn normal(&mut self) -> f64 {
        loop {
            let u = 2.0 * self.next_f64() - 1.0;
            let v = 2.0 * self.next_f64() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * (-2.0 * ln(s) / s).sqrt();
            }
        }
    }

    /// A Poisson draw with the given mean: exact inversion for small means, a rounded
    /// normal approximation above 30.
    pub fn poisson(&mut self, mean: f64) -> u64 {
        if mean.is_nan() || mean <= 0.0 || mean.is_infinite() {
            return 0;
        }
        if mean > 30.0 {
            let x = (mean + mean.sqrt() * self.normal()).round();
            return if x > 0.0 { x as u64 } else { 0 };
        }
        let mut p = exp(-mean);
        let mut cumulative = p;
        let u = self.next_f64();
        let mut k = 0u64;
        while u > cumulative && k < 1_000 {
            k += 1;
            p *= mean / k as f64;
            cumulative += p;
        }
        k
    }

    /// A binomial draw: the number of successes in `n` trials of probability `p`. Exact
    /// inversion when the expected count is below 25, a rounded normal approximation above.
    pub fn binomial(&mut self, n: u64, p: f64) -> u64 {
        if n == 0 || p.is_nan() || p <= 0.0 {
            return 0;
        }
        if p >= 1.0 {
            return n;
        }
        if p > 0.5 {
            return n - self.binomial(n, 1.0 - p);
        }
        let mean = n as f64 * p;
        if mean >= 25.0 {
            let sd = (mean * (1.0 - p)).sqrt();
            let x = (mean + sd * self.normal()).round();
            return if x <= 0.0 {
                0
            } else if x >= n as f64 {
                n
            } else {
                x as u64
            };
        }
        let q = 1.0 - p;
        let ratio = p / q;
        let mut f = exp(n as f64 * ln(q));
        let mut u = self.next_f64();
        let mut k = 0u64;
        while k < n {
            if u < f {
                return k;
            }
            u -= f;
            k += 1;
            f *= ratio * (n - k + 1) as f64 / k as f64;
            if f <= 0.0 {
                return k;
            }
        }
        n
    }
}

/// 2 to an integer power within the normal range of `f64`.
fn pow2(k: i64) -> f64 {
    let k = k.clamp(-1022, 1023);
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// The natural logarithm, accurate to a few units in the last place.
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return f64::INFINITY;
    }
    if x < f64::MIN_POSITIVE {
        return ln(x * pow2(54)) - 54.0 * LN2;
    }
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut term = s;
    let mut sum = s;
    for k in 1..=11 {
        term *= s2;
        sum += term / (2 * k + 1) as f64;
    }
    let e = e as f64;
    (e * LN2_HI + 2.0 * sum) + e * LN2_LO
}

/// The exponential function, accurate to a few units in the last place.
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x > 709.7 {
        return f64::INFINITY;
    }
    if x < -745.0 {
        return 0.0;
    }
    let k = (x / LN2).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut term = 1.0;
    let mut sum = 1.0;
    for i in 1..=15 {
        term *= r / i as f64;
        sum += term;
    }
    let k = k as i64;
    let half = k / 2;
    sum * pow2(half) * pow2(k - half)
}

/// The cosine, accurate to about 1e-15 (used only for traffic shapes).
pub fn cos(x: f64) -> f64 {
    if !x.is_finite() {
        return f64::NAN;
    }
    let tau = std::f64::consts::TAU;
    let t = x - (x / tau).round() * tau;
    let t2 = t * t;
    let mut term = 1.0;
    let mut sum = 1.0;
    for i in 1..=16 {
        term *= -t2 / ((2 * i - 1) * (2 * i)) as f64;
        sum += term;
    }
    sum
}

/// The complementary error function, with a relative error below 1.2e-7 (the Chebyshev
/// fit of Press et al., "Numerical Recipes", section 6.2).
pub fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let value = t * exp(poly);
    if x >= 0.0 {
        value
    } else {
        2.0 - value
    }
}

/// The standard normal cumulative distribution function.
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// The 99th percentile of the standard normal distribution.
pub const Z99: f64 = 2.326_347_874_040_841;

/// A log-normal latency distribution given by its median and 99th percentile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogNormal {
    /// The mean of the logarithm (the log of the median).
    pub mu: f64,
    /// The standard deviation of the logarithm.
    pub sigma: f64,
}

impl LogNormal {
    /// The distribution with the given median and 99th percentile, in milliseconds.
    pub fn from_p50_p99(p50: f64, p99: f64) -> LogNormal {
        let mu = ln(p50);
        let sigma = if p99 > p50 { (ln(p99) - mu) / Z99 } else { 0.0 };
        LogNormal { mu, sigma }
    }

    /// The probability that a draw is at most `e^log_x`.
    fn cdf_log(&self, log_x: f64) -> f64 {
        if self.sigma <= 0.0 {
            return if log_x >= self.mu { 1.0 } else { 0.0 };
        }
        normal_cdf((log_x - self.mu) / self.sigma)
    }
}

/// The `q` quantile (0 < q < 1) of a mixture of two log-normal distributions, the second
/// with weight `w`, found by bisection on the logarithm.
pub fn mixture_quantile(a: LogNormal, b: LogNormal, w: f64, q: f64) -> f64 {
    let spread = a.sigma.max(b.sigma).max(1e-9) * 6.0;
    let mut lo = a.mu.min(b.mu) - spread;
    let mut hi = a.mu.max(b.mu) + spread;
    for _ in 0..40 {
        let mid = 0.5 * (lo + hi);
        let f = (1.0 - w) * a.cdf_log(mid) + w * b.cdf_log(mid);
        if f < q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    exp(0.5 * (lo + hi))
}

/// The 64-bit FNV-1a hash of some bytes, finished with a SplitMix64 mix so that close
/// inputs land far apart.
pub fn hash64(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0xff;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        for byte in part.iter() {
            h ^= u64::from(*byte);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    let mut z = h.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
