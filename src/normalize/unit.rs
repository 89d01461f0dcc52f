//! Unit and currency: a quoted price → USD per delivered image, exactly, or the reason it
//! cannot be converted.
//!
//! 1k-images: price ÷ 1000; credit: credits per image × the credit's price; 1m-tokens:
//! price × tokens per image ÷ 1,000,000; request: one request is one image. A non-USD price is
//! divided by its rate (`--fx CNY=7`: 7 CNY buy 1 USD). Every step is checked arithmetic, so a
//! huge price is a problem reported, never a panic. Where the rates come from is `--fx` and
//! [`crate::load::fx`]'s.

use rust_decimal::Decimal;

use crate::model::Fx;

pub use crate::model::Unit;

/// Why a price could not be converted to USD per image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PriceProblem {
    /// A credit price without `credits.price`.
    NoCreditPrice,
    /// A token price without tokens per image from the offer or the baseline.
    NoTokens,
    /// A non-USD price without an `--fx` rate.
    NoFxRate(String),
    /// The conversion overflows exact arithmetic.
    TooLarge,
}

/// What a conversion needs from outside the offer.
pub struct Conversion<'a> {
    pub unit: Unit,
    pub credit_price: Option<Decimal>,
    pub tokens: Option<u64>,
    pub currency: &'a str,
    pub fx: &'a Fx,
}

/// USD per delivered image.
pub fn to_usd_per_image(price: Decimal, c: &Conversion<'_>) -> Result<Decimal, PriceProblem> {
    to_usd(per_image(price, c)?, c.currency, c.fx)
}

/// The price of one delivered image, still in the quote's currency.
pub fn per_image(price: Decimal, c: &Conversion<'_>) -> Result<Decimal, PriceProblem> {
    match c.unit {
        Unit::Image | Unit::Request => Some(price),
        Unit::ThousandImages => price.checked_div(Decimal::from(1000)),
        Unit::Credit => price.checked_mul(c.credit_price.ok_or(PriceProblem::NoCreditPrice)?),
        Unit::MillionTokens => {
            let tokens = c.tokens.ok_or(PriceProblem::NoTokens)?;
            price
                .checked_mul(Decimal::from(tokens))
                .and_then(|p| p.checked_div(Decimal::from(1_000_000)))
        }
    }
    .ok_or(PriceProblem::TooLarge)
}

/// An amount in `currency` in USD, at the `--fx` rate.
pub fn to_usd(amount: Decimal, currency: &str, fx: &Fx) -> Result<Decimal, PriceProblem> {
    let rate = fx
        .rate(currency)
        .ok_or_else(|| PriceProblem::NoFxRate(currency.to_owned()))?;
    amount.checked_div(rate).ok_or(PriceProblem::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn conv(unit: Unit) -> Conversion<'static> {
        static FX: std::sync::OnceLock<Fx> = std::sync::OnceLock::new();
        Conversion {
            unit,
            credit_price: Some(d("0.001")),
            tokens: Some(1680),
            currency: "USD",
            fx: FX.get_or_init(Fx::default),
        }
    }

    #[test]
    fn every_unit_converts_exactly() {
        assert_eq!(
            to_usd_per_image(d("0.04"), &conv(Unit::Image)),
            Ok(d("0.04"))
        );
        assert_eq!(
            to_usd_per_image(d("40"), &conv(Unit::ThousandImages)),
            Ok(d("0.04"))
        );
        assert_eq!(
            to_usd_per_image(d("60"), &conv(Unit::Credit)),
            Ok(d("0.06"))
        );
        assert_eq!(
            to_usd_per_image(d("60"), &conv(Unit::MillionTokens)),
            Ok(d("0.1008"))
        );
        assert_eq!(
            to_usd_per_image(d("0.05"), &conv(Unit::Request)),
            Ok(d("0.05"))
        );
    }

    #[test]
    fn foreign_currency_needs_a_rate() {
        let mut fx = Fx::default();
        let c = Conversion {
            currency: "CNY",
            fx: &fx,
            ..conv(Unit::Image)
        };
        assert_eq!(
            to_usd_per_image(d("0.35"), &c),
            Err(PriceProblem::NoFxRate("CNY".into()))
        );
        fx.insert("cny", "7").unwrap();
        let c = Conversion {
            currency: "CNY",
            fx: &fx,
            ..conv(Unit::Image)
        };
        assert_eq!(to_usd_per_image(d("0.35"), &c), Ok(d("0.05")));
    }

    #[test]
    fn overflow_is_a_problem_not_a_panic() {
        let huge = Decimal::MAX;
        assert_eq!(
            to_usd_per_image(huge, &conv(Unit::MillionTokens)),
            Err(PriceProblem::TooLarge)
        );
    }

    #[test]
    fn unit_words() {
        assert_eq!(Unit::read("image"), Some(Unit::Image));
        assert_eq!(Unit::read("1K-Images"), Some(Unit::ThousandImages));
        assert_eq!(Unit::read("1m tokens"), Some(Unit::MillionTokens));
        assert_eq!(Unit::read("second"), None);
        assert_eq!(Unit::read("per generation"), None);
    }
}
