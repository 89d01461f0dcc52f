//! Exchange rates: units of a currency per 1 USD (`CNY` 7.2: 7.2 CNY buy 1 USD). They come from
//! `--fx CUR=RATE` and `--fx-file`; each source reports a refused rate in its own words.
//! Converting a price with them is [`crate::normalize::unit`]'s.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

/// Exchange rates: units of a currency per 1 USD. USD is always 1.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fx {
    rates: BTreeMap<String, Decimal>,
}

/// Why a rate was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateProblem {
    /// The currency is not three letters (upper-cased as read).
    NotACode(String),
    /// The rate is not a plain decimal above zero.
    NotARate,
    /// A rate for USD other than 1.
    UsdNotOne,
    /// A second, different rate for a currency.
    TwoRates {
        code: String,
        earlier: Decimal,
        rate: Decimal,
    },
}

impl RateProblem {
    /// What is wrong with the rate written `given` (`"CNY=seven"`), said after the name of
    /// where it was written.
    pub fn explain(&self, given: &str) -> String {
        match self {
            RateProblem::NotACode(code) => {
                format!("\"{given}\": \"{code}\" is not an ISO 4217 code like CNY")
            }
            RateProblem::NotARate => {
                format!("\"{given}\": the rate must be a plain decimal above zero, like 7.2")
            }
            RateProblem::UsdNotOne => {
                format!("\"{given}\": USD is the reference currency; its rate is 1")
            }
            RateProblem::TwoRates {
                code,
                earlier,
                rate,
            } => {
                format!("gives {code} two rates ({earlier} and {rate}); give one rate per currency")
            }
        }
    }
}

impl Fx {
    /// Adds the rate of `code` (any case), `rate` units of it per 1 USD, as written. The same
    /// rate twice is fine; a second, different one is refused.
    pub fn insert(&mut self, code: &str, rate: &str) -> Result<(), RateProblem> {
        let code = code.trim().to_ascii_uppercase();
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(RateProblem::NotACode(code));
        }
        let rate = crate::money::parse_plain_decimal(rate)
            .ok()
            .filter(|r| !r.is_zero())
            .ok_or(RateProblem::NotARate)?;
        if code == "USD" && rate != Decimal::ONE {
            return Err(RateProblem::UsdNotOne);
        }
        match self.rates.insert(code.clone(), rate) {
            Some(earlier) if earlier != rate => Err(RateProblem::TwoRates {
                code,
                earlier,
                rate,
            }),
            _ => Ok(()),
        }
    }

    /// Units of `code` per 1 USD.
    pub fn rate(&self, code: &str) -> Option<Decimal> {
        if code == "USD" {
            Some(Decimal::ONE)
        } else {
            self.rates.get(code).copied()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_checked_as_they_are_added() {
        let mut fx = Fx::default();
        assert_eq!(fx.insert("cny", " 7 "), Ok(()));
        assert_eq!(fx.rate("CNY"), Some(Decimal::from(7)));
        assert_eq!(fx.insert("CNY", "7"), Ok(()), "the same rate twice is fine");
        assert!(matches!(
            fx.insert("CNY", "7.3"),
            Err(RateProblem::TwoRates { .. })
        ));
        assert_eq!(
            fx.insert("CN", "x"),
            Err(RateProblem::NotACode("CN".into()))
        );
        assert_eq!(fx.insert("EUR", "0"), Err(RateProblem::NotARate));
        assert_eq!(fx.insert("EUR", "1e3"), Err(RateProblem::NotARate));
        assert_eq!(fx.insert("usd", "2"), Err(RateProblem::UsdNotOne));
        assert_eq!(fx.rate("USD"), Some(Decimal::ONE));
    }
}
