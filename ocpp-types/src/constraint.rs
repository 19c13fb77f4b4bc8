//! The schemas' constraints on single values as plain functions: string length in characters,
//! `format: uri`, and `multipleOf` decided exactly on decimal text.
//!
//! A leaf: it imports nothing of the crate, so the validator ([`crate::validate`]), the fast-path
//! checks ([`crate::check`]) and the text bounding of error messages (`text`) all build on it.

use serde_json::Number;

/// At most `max` characters.
#[inline]
pub(crate) fn max_len(s: &str, max: usize) -> bool {
    s.len() <= max || s.chars().count() <= max
}

/// A decimal as `mantissa / 10^scale`.
fn decimal(text: &str) -> Option<(i128, u32)> {
    let (num, exp) = match text.find(['e', 'E']) {
        Some(i) => (text.get(..i)?, text.get(i + 1..)?.parse::<i32>().ok()?),
        None => (text, 0),
    };
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    let digits = format!("{int}{frac}");
    let mut mantissa: i128 = digits.parse().ok()?;
    let mut scale = i32::try_from(frac.len()).ok()? - exp;
    while scale < 0 {
        mantissa = mantissa.checked_mul(10)?;
        scale += 1;
    }
    Some((mantissa, u32::try_from(scale).ok()?))
}

/// Whether `value` (JSON number text) is a multiple of `step`, exactly on the decimal text.
pub(crate) fn is_multiple(value: &Number, step: f64) -> bool {
    let exact = (|| {
        let (m, s) = decimal(&value.to_string())?;
        let (k, t) = decimal(&format!("{step:?}"))?;
        if k == 0 {
            return Some(false);
        }
        // m / 10^s = n * k / 10^t  <=>  m * 10^t divisible by k * 10^s
        let lhs = m.checked_mul(10i128.checked_pow(t)?)?;
        let rhs = k.checked_mul(10i128.checked_pow(s)?)?;
        Some(lhs % rhs == 0)
    })();
    exact.unwrap_or_else(|| {
        let v = value.as_f64().unwrap_or(f64::NAN);
        let q = v / step;
        (q - q.round()).abs() < 1e-9 * q.abs().max(1.0)
    })
}

/// [`is_multiple`] of a number already read as `f64`: for steps `10^-k` (the schemas' `0.1`) it
/// asks whether some decimal with at most `k` fractional digits reads back as exactly `v`, which is
/// whether `v`'s shortest decimal text has at most `k` fractional digits; other steps and huge
/// magnitudes go through the exact decimal test.
pub(crate) fn is_multiple_f64(v: f64, step: f64) -> bool {
    let digits = (1..=6).find(|&k| 10f64.powi(-k) == step);
    if let Some(k) = digits {
        let scale = 10f64.powi(k);
        let scaled = v * scale;
        if scaled.abs() < 4.0e15 {
            return scaled.round() / scale == v;
        }
    }
    Number::from_f64(v).is_some_and(|n| is_multiple(&n, step))
}

/// Whether `s` looks like an absolute URI: a scheme, a colon, and no spaces, controls, `<>"{}|\\^` or
/// backquotes.
pub(crate) fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest
            .chars()
            .any(|c| c.is_control() || c == ' ' || "<>\"{}|\\^`".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_steps_are_exact() {
        let n = |s: &str| serde_json::from_str::<Number>(s).unwrap();
        for ok in ["0.3", "0.1", "16.7", "0", "-3.2", "1e-1", "32", "123456.7"] {
            assert!(is_multiple(&n(ok), 0.1), "{ok}");
        }
        for bad in ["0.35", "0.01", "16.75", "1e-2"] {
            assert!(!is_multiple(&n(bad), 0.1), "{bad}");
        }
    }

    proptest::proptest! {
        /// The `f64` test of the decoder's fast path agrees with the exact test on the text, so
        /// the fast path never accepts what the validator rejects.
        #[test]
        fn multiple_of_on_f64_agrees_with_the_text(m in -10_000_000_000i64..10_000_000_000, frac in 0usize..4, exp in proptest::option::of(-3i32..4)) {
            let digits = m.unsigned_abs().to_string();
            let text = if frac == 0 || digits.len() <= frac {
                format!("{}{digits}", if m < 0 { "-" } else { "" })
            } else {
                let (int, f) = digits.split_at(digits.len() - frac);
                format!("{}{int}.{f}", if m < 0 { "-" } else { "" })
            };
            let text = match exp { Some(e) => format!("{text}e{e}"), None => text };
            let n: Number = serde_json::from_str(&text).unwrap();
            let v = n.as_f64().unwrap();
            let exact = is_multiple(&Number::from_f64(v).unwrap(), 0.1);
            proptest::prop_assert_eq!(is_multiple_f64(v, 0.1), exact, "{}", text);
        }
    }

    #[test]
    fn multiple_of_on_f64() {
        for ok in [0.3, 0.1, 16.7, 0.0, -3.2, 32.0, 123_456.7, 1e20] {
            assert!(is_multiple_f64(ok, 0.1), "{ok}");
        }
        for bad in [0.35, 0.01, 16.75, 1e-300, f64::MIN_POSITIVE] {
            assert!(!is_multiple_f64(bad, 0.1), "{bad}");
        }
    }
}
