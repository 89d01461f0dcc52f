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

/// Why a currency code was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeProblem {
    /// Not a code ISO 4217 lists (as written).
    Unknown(String),
    /// A code ISO 4217 lists for something prices are not paid in: gold, a fund, a test.
    NotMoney { code: String, name: String },
}

impl CodeProblem {
    /// What is wrong with the code: `"BTC" is not an ISO 4217 currency code`.
    pub fn what(&self) -> String {
        match self {
            CodeProblem::Unknown(code) => format!("\"{code}\" is not an ISO 4217 currency code"),
            CodeProblem::NotMoney { code, name } => format!(
                "{code} is ISO 4217's code for \"{name}\", not a currency prices are paid in"
            ),
        }
    }

    /// What to write instead.
    pub fn instead(&self) -> &'static str {
        "write the currency the prices are paid in, such as USD, CNY or EUR"
    }
}

/// The ISO 4217 currency written `text` (any case, spaces around), upper-cased: money, not a
/// fund, metal or test code. A currency since replaced (HRK, BGN) is still one: an archived
/// quote was priced in it.
pub fn currency_code(text: &str) -> Result<String, CodeProblem> {
    use iso_currency::Currency;
    let code = text.trim().to_ascii_uppercase();
    let Some(currency) = Currency::from_code(&code) else {
        return Err(CodeProblem::Unknown(text.trim().to_owned()));
    };
    if currency.is_special() || currency.is_fund() {
        let name = currency.name().to_owned();
        return Err(CodeProblem::NotMoney { code, name });
    }
    Ok(code)
}

/// Why a rate was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateProblem {
    /// The currency is not one ISO 4217 lists for money.
    NotACode(CodeProblem),
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
            RateProblem::NotACode(problem) => {
                format!("\"{given}\": {}; {}", problem.what(), problem.instead())
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
        let code = currency_code(code).map_err(RateProblem::NotACode)?;
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
            Err(RateProblem::NotACode(CodeProblem::Unknown("CN".into())))
        );
        assert_eq!(fx.insert("EUR", "0"), Err(RateProblem::NotARate));
        assert_eq!(fx.insert("EUR", "1e3"), Err(RateProblem::NotARate));
        assert_eq!(fx.insert("usd", "2"), Err(RateProblem::UsdNotOne));
        assert_eq!(fx.rate("USD"), Some(Decimal::ONE));
    }

    #[test]
    fn only_iso_4217_money_is_a_currency() {
        assert_eq!(currency_code(" cny "), Ok("CNY".to_owned()));
        assert_eq!(currency_code("Eur"), Ok("EUR".to_owned()));
        // Near misses: three letters that ISO 4217 does not list, or lists for no money.
        assert_eq!(
            currency_code("btc"),
            Err(CodeProblem::Unknown("btc".into()))
        );
        assert_eq!(
            currency_code("RMB"),
            Err(CodeProblem::Unknown("RMB".into()))
        );
        for not_money in ["XAU", "XTS", "XXX", "XDR", "BOV"] {
            assert!(
                matches!(currency_code(not_money), Err(CodeProblem::NotMoney { .. })),
                "{not_money}"
            );
        }
        assert_eq!(currency_code("hrk"), Ok("HRK".to_owned()));
        assert_eq!(currency_code("VES"), Ok("VES".to_owned()));
    }
}
