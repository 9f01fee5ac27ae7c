//! Kubernetes quantities (`250m`, `0.5`, `512Mi`, `1G`, `1e3`) and int-or-percent values.
//!
//! The quantity grammar (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/):
//! a signed decimal number followed by a binary suffix (`Ki Mi Gi Ti Pi Ei`), a decimal suffix
//! (`n u m "" k M G T P E`) or a decimal exponent (`e3`, `E-2`). Values are kept as exact
//! thousandths ("milli-units"): "precision finer than 1m is not allowed" for CPU
//! (https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#meaning-of-cpu),
//! so a finer value is rounded up to the next thousandth, as Kubernetes rounds quantities up.

/// A quantity, in thousandths of its unit (CPU: millicores; memory: thousandths of a byte).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quantity {
    pub milli: i128,
}

impl Quantity {
    /// The value in whole units, rounded up (memory in bytes, CPU in cores).
    pub fn ceil_units(self) -> i128 {
        self.milli.div_euclid(1000) + i128::from(self.milli.rem_euclid(1000) != 0)
    }

    /// Thousandths, saturated to `u64` (0 for a negative quantity).
    pub fn milli_u64(self) -> u64 {
        self.milli.clamp(0, i128::from(u64::MAX)) as u64
    }
}

/// The largest magnitude kept: above it a quantity is refused rather than overflowing.
const LIMIT: i128 = 1_000_000_000_000_000_000_000_000_000; // 10^33 thousandths

/// Reads a quantity; `None` when it is not one.
pub fn parse_quantity(text: &str) -> Option<Quantity> {
    let s = text.trim();
    if s.is_empty() || s.len() > 64 || s != text {
        return None;
    }
    let (negative, rest) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let digits_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(digits_end);
    let (whole, frac) = match number.split_once('.') {
        Some((w, f)) => (w, f),
        None => (number, ""),
    };
    if whole.is_empty() && frac.is_empty() || frac.contains('.') {
        return None;
    }
    // The number as digits and a power of ten: value = digits × 10^exp10.
    let mut digits: i128 = 0;
    for c in whole.chars().chain(frac.chars()) {
        digits = digits
            .checked_mul(10)?
            .checked_add(i128::from(c as u8 - b'0'))?;
        if digits > LIMIT {
            return None;
        }
    }
    let mut exp10: i32 = -(frac.len() as i32);
    let mut binary: i128 = 1;
    match suffix {
        "" => {}
        "n" => exp10 -= 9,
        "u" => exp10 -= 6,
        "m" => exp10 -= 3,
        "k" => exp10 += 3,
        "M" => exp10 += 6,
        "G" => exp10 += 9,
        "T" => exp10 += 12,
        "P" => exp10 += 15,
        "E" => exp10 += 18,
        "Ki" => binary = 1 << 10,
        "Mi" => binary = 1 << 20,
        "Gi" => binary = 1 << 30,
        "Ti" => binary = 1 << 40,
        "Pi" => binary = 1 << 50,
        "Ei" => binary = 1 << 60,
        _ => {
            // A decimal exponent: e or E and a signed integer.
            let e = suffix.strip_prefix(['e', 'E'])?;
            let body = e.strip_prefix(['+', '-']).unwrap_or(e);
            if body.is_empty() || body.len() > 3 || !body.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            exp10 += e.parse::<i32>().ok()?;
        }
    }
    // To thousandths: digits × binary × 10^(exp10 + 3), rounding up a finer value.
    let mut value = digits.checked_mul(binary)?;
    let shift = exp10 + 3;
    if shift >= 0 {
        for _ in 0..shift {
            value = value.checked_mul(10)?;
            if value > LIMIT {
                return None;
            }
        }
    } else {
        let mut rounded_up = false;
        for _ in 0..(-shift).min(60) {
            if value % 10 != 0 {
                rounded_up = true;
            }
            value /= 10;
        }
        if rounded_up || (-shift > 60 && value != 0) {
            value += 1;
        }
    }
    if value > LIMIT {
        return None;
    }
    Some(Quantity {
        milli: if negative { -value } else { value },
    })
}

/// An integer or a percentage (`maxSurge: 1`, `maxUnavailable: "25%"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntOrPercent {
    Int(u32),
    Percent(u32),
}

/// How a percentage of replicas is rounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// maxSurge: "The absolute number is calculated from the percentage by rounding up."
    Up,
    /// maxUnavailable: "The absolute number is calculated from percentage by rounding down."
    Down,
}

impl IntOrPercent {
    /// The number of pods this stands for with `replicas` desired pods, rounded as the
    /// Deployment docs say (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge,
    /// #max-unavailable).
    pub fn resolve(self, replicas: u32, rounding: Rounding) -> u32 {
        match self {
            IntOrPercent::Int(n) => n,
            IntOrPercent::Percent(p) => {
                let product = u64::from(replicas) * u64::from(p);
                let n = match rounding {
                    Rounding::Up => product.div_ceil(100),
                    Rounding::Down => product / 100,
                };
                n.min(u64::from(u32::MAX)) as u32
            }
        }
    }

    /// As written: `3` or `25%`.
    pub fn text(self) -> String {
        match self {
            IntOrPercent::Int(n) => n.to_string(),
            IntOrPercent::Percent(p) => format!("{p}%"),
        }
    }
}
