//! Exact money: prices are parsed from the YAML scalar's text into `rust_decimal::Decimal`
//! and stay exact through every step. Rounding happens once, when a cell is written, with
//! [`ROUNDING`].
//!
//! This module knows numbers and their spelling; it does not know units or exchange rates
//! (see [`crate::normalize::unit`]). It imports nothing of the crate.

use rust_decimal::{Decimal, RoundingStrategy};

/// The one rounding mode of the tool: half away from zero, as on an invoice.
pub const ROUNDING: RoundingStrategy = RoundingStrategy::MidpointAwayFromZero;

/// Decimal places a quotient that does not terminate (a CNY price ÷ its rate, 0.42 / 7.2) is
/// rounded to in a report cell. Every other amount is written exactly.
pub const USD_PLACES: u32 = 18;

/// Decimal places of a percentage in a report cell.
pub const PCT_PLACES: u32 = 2;

/// Why a number's text was refused; each says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    Empty,
    Exponent { suggestion: Option<String> },
    Grouping { suggestion: String },
    Negative,
    NotANumber,
    TooPrecise,
}

impl NumberError {
    /// What is wrong with `text`, and what to write instead.
    pub fn explain(&self, what: &str, text: &str) -> (String, String) {
        match self {
            NumberError::Empty => (format!("{what} is empty"), "write a plain decimal, like 0.04".into()),
            NumberError::Exponent { suggestion } => (
                format!("{what} \"{text}\" uses exponent notation"),
                match suggestion {
                    Some(s) => format!("write it as a plain decimal: {s}"),
                    None => "write it as a plain decimal, like 0.001".into(),
                },
            ),
            NumberError::Grouping { suggestion } => (
                format!("{what} \"{text}\" has digit-group separators"),
                format!("write it without separators: {suggestion}"),
            ),
            NumberError::Negative => (
                format!("{what} \"{text}\" is negative"),
                "write an amount of zero or more".into(),
            ),
            NumberError::NotANumber => (
                format!("{what} \"{text}\" is not a plain decimal"),
                "write digits with an optional decimal point, like 0.04 (a currency sign may lead: \"$0.04\")".into(),
            ),
            NumberError::TooPrecise => (
                format!("{what} \"{text}\" has more digits than can be kept exactly"),
                "write at most 28 significant digits and 28 decimal places".into(),
            ),
        }
    }
}

/// Parses a non-negative plain decimal (`0.04`, `12`, `12345678.123456789`) exactly.
/// Exponents, digit grouping, signs other than a refused `-`, and `.5`-style shorthand are
/// errors, never approximations.
pub fn parse_plain_decimal(text: &str) -> Result<Decimal, NumberError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(NumberError::Empty);
    }
    if let Some(rest) = t.strip_prefix('-') {
        // "-0.04" is negative; "--0", "- 0" and "-0" are not prices at all.
        return match parse_plain_decimal(rest) {
            Ok(d) if !d.is_zero() && !rest.starts_with(['-', ' ']) => Err(NumberError::Negative),
            _ => Err(NumberError::NotANumber),
        };
    }
    if t.contains(['e', 'E']) && t.chars().all(|c| c.is_ascii_digit() || "eE.+-".contains(c)) {
        return Err(NumberError::Exponent {
            suggestion: expand_exponent(t),
        });
    }
    if t.contains(',') || t.contains('_') || t.contains(' ') {
        let compact: String = t.chars().filter(|c| !",_ ".contains(*c)).collect();
        if parse_plain_decimal(&compact).is_ok() && t.matches('.').count() <= 1 {
            return Err(NumberError::Grouping {
                suggestion: compact,
            });
        }
        return Err(NumberError::NotANumber);
    }
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (t, None),
    };
    let digits_ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits_ok(whole) || frac.is_some_and(|f| !digits_ok(f)) {
        return Err(NumberError::NotANumber);
    }
    // `Decimal` keeps at most 28 decimal places and would round the rest away.
    if frac.is_some_and(|f| f.len() > 28) {
        return Err(NumberError::TooPrecise);
    }
    t.parse::<Decimal>()
        .map_err(|_| NumberError::TooPrecise)
        .and_then(|d| {
            // `Decimal` silently rounds past 28 significant digits; refuse instead.
            let significant = t
                .trim_start_matches(['0', '.'])
                .chars()
                .filter(char::is_ascii_digit)
                .count();
            if significant > 28 {
                Err(NumberError::TooPrecise)
            } else {
                Ok(d)
            }
        })
}

/// `1e-3` → `0.001`, when the mantissa and exponent are themselves plain.
fn expand_exponent(t: &str) -> Option<String> {
    let (mantissa, exp) = t.split_once(['e', 'E'])?;
    let m = parse_plain_decimal(mantissa).ok()?;
    let e: i32 = exp.parse().ok()?;
    // 10^19 is the largest power of ten a u64 holds.
    if e.abs() > 19 {
        return None;
    }
    let scale = Decimal::from(10u64.pow(e.unsigned_abs()));
    let v = if e >= 0 {
        m.checked_mul(scale)?
    } else {
        m.checked_div(scale)?
    };
    Some(v.normalize().to_string())
}

/// `(value − base) / base × 100`: how far `value` is above `base`, in percent; `None` when it
/// cannot be computed exactly (a zero base, or an overflow).
pub fn pct_over(value: Decimal, base: Decimal) -> Option<Decimal> {
    value
        .checked_sub(base)?
        .checked_div(base)?
        .checked_mul(Decimal::ONE_HUNDRED)
}

/// Whether `value` is within `tolerance_pct` percent of `base`, either side.
pub fn within_pct(value: Decimal, base: Decimal, tolerance_pct: Decimal) -> bool {
    pct_over(value, base).is_some_and(|p| p.abs() <= tolerance_pct)
}

/// A USD amount for a report cell: exact, trailing zeros dropped (`0.050` is written `0.05`).
/// Only a quotient that did not terminate — all 28 places or a full 96-bit mantissa, the digits
/// cut off by the division — is rounded with [`ROUNDING`] to [`USD_PLACES`] decimals: an amount that was
/// never divided (`0.0000000000000000001`) is written as it is.
pub fn usd_cell(d: Decimal) -> String {
    let mut out = String::new();
    push_usd(&mut out, d);
    out
}

/// Appends [`usd_cell`]'s text to `out`.
pub fn push_usd(out: &mut String, d: Decimal) {
    let cut_off = d.scale() == 28 || d.mantissa().unsigned_abs() >= 10u128.pow(27);
    let d = match cut_off {
        true => d.round_dp_with_strategy(USD_PLACES, ROUNDING),
        false => d,
    };
    let (mut units, mut places) = (d.mantissa().unsigned_abs(), d.scale());
    while places > 0 && units % 10 == 0 {
        units /= 10;
        places -= 1;
    }
    // Zero has no sign.
    push_plain(out, d.is_sign_negative() && units != 0, units, places);
}

/// A percentage for a report cell: always [`PCT_PLACES`] decimals (`-60.40`).
pub fn pct_cell(d: Decimal) -> String {
    let mut out = String::new();
    push_pct(&mut out, d);
    out
}

/// Appends [`pct_cell`]'s text to `out`.
pub fn push_pct(out: &mut String, d: Decimal) {
    let r = d.round_dp_with_strategy(PCT_PLACES, ROUNDING);
    let units = r.mantissa().unsigned_abs() * 10u128.pow(PCT_PLACES - r.scale());
    push_plain(out, r.is_sign_negative() && units != 0, units, PCT_PLACES);
}

/// Appends `units × 10^-places` as plain decimal text: `-` when `negative`, the whole part
/// (at least `0`), and, when `places` > 0, a point and exactly `places` digits.
fn push_plain(out: &mut String, negative: bool, mut units: u128, places: u32) {
    debug_assert!(places <= 28, "a Decimal has at most 28 places");
    // Written right to left. Any `u128` has at most 39 digits, and `places` is at most a
    // `Decimal`'s 28: with the point and the sign, 41 bytes hold any amount.
    let mut text = [b'0'; 41];
    let mut start = text.len();
    let mut put = |byte: u8| {
        start -= 1;
        text[start] = byte;
    };
    for _ in 0..places {
        put(next_digit(&mut units));
    }
    if places > 0 {
        put(b'.');
    }
    put(next_digit(&mut units));
    while units > 0 {
        put(next_digit(&mut units));
    }
    if negative {
        put(b'-');
    }
    // Only ASCII was written.
    out.push_str(std::str::from_utf8(&text[start..]).unwrap_or_default());
}

/// The last decimal digit of `units`, as ASCII, taken off it; in 64 bits when it fits, as
/// every price does.
fn next_digit(units: &mut u128) -> u8 {
    let digit = match u64::try_from(*units) {
        Ok(small) => {
            *units = u128::from(small / 10);
            small % 10
        }
        Err(_) => {
            let digit = *units % 10;
            *units /= 10;
            digit as u64
        }
    };
    b'0' + digit as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn long_decimals_survive_exactly() {
        assert_eq!(
            parse_plain_decimal("0.30000000000000004")
                .unwrap()
                .to_string(),
            "0.30000000000000004"
        );
        assert_eq!(
            parse_plain_decimal("12345678.123456789")
                .unwrap()
                .to_string(),
            "12345678.123456789"
        );
    }

    #[test]
    fn exponents_and_grouping_are_refused_with_the_fix() {
        assert_eq!(
            parse_plain_decimal("1e-3"),
            Err(NumberError::Exponent {
                suggestion: Some("0.001".into())
            })
        );
        assert_eq!(
            parse_plain_decimal("1,234.5"),
            Err(NumberError::Grouping {
                suggestion: "1234.5".into()
            })
        );
        assert_eq!(parse_plain_decimal(".5"), Err(NumberError::NotANumber));
        assert_eq!(parse_plain_decimal("5."), Err(NumberError::NotANumber));
        assert_eq!(parse_plain_decimal("abc"), Err(NumberError::NotANumber));
        assert_eq!(parse_plain_decimal("-0.04"), Err(NumberError::Negative));
        assert_eq!(parse_plain_decimal("-0"), Err(NumberError::NotANumber));
        assert_eq!(parse_plain_decimal("--0.04"), Err(NumberError::NotANumber));
        assert_eq!(
            parse_plain_decimal("0.00000000000000000000000000001"),
            Err(NumberError::TooPrecise)
        );
        assert_eq!(
            parse_plain_decimal("1e20"),
            Err(NumberError::Exponent { suggestion: None })
        );
        assert_eq!(
            parse_plain_decimal("2.5E+19"),
            Err(NumberError::Exponent {
                suggestion: Some("25000000000000000000".into())
            })
        );
        assert_eq!(
            parse_plain_decimal("1".repeat(30).as_str()),
            Err(NumberError::TooPrecise)
        );
    }

    #[test]
    fn cells_round_once_half_away_from_zero() {
        assert_eq!(usd_cell(d("0.30000000000000004")), "0.30000000000000004");
        // A quotient that does not terminate is rounded at 18 places; a typed amount never is.
        assert_eq!(usd_cell(d("0.3") / d("7")), "0.042857142857142857");
        assert_eq!(usd_cell(d("0.42") / d("7.2")), "0.058333333333333333");
        assert_eq!(
            usd_cell(d("0.042857142857142857142857")),
            "0.042857142857142857142857"
        );
        assert_eq!(
            usd_cell(d("0.0000000000000000005")),
            "0.0000000000000000005"
        );
        assert_eq!(usd_cell(d("0.050")), "0.05");
        assert_eq!(pct_cell(d("-60.396")), "-60.40");
        assert_eq!(pct_cell(d("0.004")), "0.00");
        assert_eq!(pct_cell(d("-0.004")), "0.00");
        assert_eq!(pct_cell(d("12.345")), "12.35");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn decimal_text_parses_exactly(whole in 0u64..10_000_000, frac in 0u64..1_000_000_000, places in 1u32..10) {
                let frac = frac % 10u64.pow(places);
                let text = format!("{whole}.{frac:0width$}", width = places as usize);
                let d = parse_plain_decimal(&text).unwrap();
                prop_assert_eq!(d.to_string(), text);
                let scaled = i128::from(whole) * 10i128.pow(places) + i128::from(frac);
                prop_assert_eq!(d, Decimal::from_i128_with_scale(scaled, places));
            }

            /// The cells are the library's own text of the amount (rounded only when a
            /// division cut it off): trailing zeros dropped for USD, exactly two places for a
            /// percentage, and no sign on zero.
            #[test]
            fn cells_are_the_rounded_amount_as_text(
                m in prop_oneof![any::<i64>().prop_map(i128::from), any::<i128>().prop_map(|m| m >> 32)],
                scale in 0u32..=28,
            ) {
                // Up to the 96 bits a `Decimal` holds, small amounts as often as long ones.
                let d = Decimal::try_from_i128_with_scale(m, scale).unwrap();
                // Only a full mantissa (digits a division cut off) is rounded.
                let usd = match scale == 28 || m.unsigned_abs() >= 10u128.pow(27) {
                    true => d.round_dp_with_strategy(USD_PLACES, ROUNDING),
                    false => d,
                }
                .normalize();
                prop_assert_eq!(usd_cell(d), usd.to_string());
                let pct = d.round_dp_with_strategy(PCT_PLACES, ROUNDING);
                let pct = if pct.is_zero() { Decimal::ZERO } else { pct };
                prop_assert_eq!(pct_cell(d), format!("{pct:.2}"));
            }

            #[test]
            fn price_times_count_is_exact(units in 0i64..1_000_000_000, places in 0u32..10, count in 1u32..100_000) {
                let price = Decimal::new(units, places);
                let total = price * Decimal::from(count);
                // Exact: the total divides back to the price, and equals the integer product.
                prop_assert_eq!(total / Decimal::from(count), price);
                prop_assert_eq!(total, Decimal::new(units * i64::from(count), places));
            }
        }
    }
}
