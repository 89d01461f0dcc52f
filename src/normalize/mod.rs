//! Normalize: each offer in the vendor's words → Google's route, size class, lane, and a USD
//! price per delivered image, or the exact reason one of them could not be determined.
//!
//! Normalization decides what the words mean; it does not judge the offer. Its results are
//! data that [`crate::check`] turns into verdicts and findings. Nothing here guesses: a word
//! that does not map exactly stays unmapped.

pub mod claim;
pub mod lane;
pub mod route;
pub mod size;
pub mod unit;

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::load::baseline::{Baseline, PriceRow, Route};
use crate::model::Unit;
use crate::model::{At, Fx, Offer, Quote, SizeClass};
use lane::LaneReading;
use route::{RouteMatch, RouteReading};
use size::SizeProblem;
use unit::{Conversion, PriceProblem};

/// One row of an offer, read against the baseline: the offer's own size, one of the sizes of
/// `size: any`, or a size of its `size_multipliers`.
#[derive(Debug, Clone)]
pub struct Normalized {
    pub route: RouteReading,
    pub size: Result<SizeClass, SizeProblem>,
    pub lane: LaneReading,
    pub unit: Unit,
    /// USD per delivered image (the lower end of a starting price or range).
    pub price_usd: Result<Decimal, PriceProblem>,
    /// The upper end of a range, in USD per delivered image.
    pub price_to_usd: Option<Decimal>,
    /// The mandatory surcharges, in USD per image, when the offer lists any.
    pub surcharges_usd: Option<Decimal>,
    /// What a delivered image really costs in USD: the price with mandatory surcharges, less
    /// the top-up bonus, at the vendor's own rate for the currency paid in.
    pub effective_usd: Option<Decimal>,
    /// The tokens per image a token price was converted with (the offer's, else the row's).
    pub tokens: Option<u64>,
    /// The tokens per image used for a token price came from the baseline (secondhand) row.
    pub tokens_from_baseline: bool,
    pub part: Part,
}

/// Which row of its offer a reading is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The offer's own row, the first of its rows: what is said of the offer as a whole
    /// (its route, lane, unit) is said here once.
    pub base: bool,
    /// The line the row comes from: the offer's, or its multiplier's.
    pub line: usize,
    /// The size as written for this row, and where.
    pub size_quoted: String,
    pub size_at: At,
    /// The multiplier applied to the offer's price, for a row of `size_multipliers`.
    pub factor: Option<Decimal>,
}

impl Normalized {
    /// The resolved route, if the text named exactly one.
    pub fn route<'b>(&self, baseline: &'b Baseline) -> Option<&'b Route> {
        match self.route.matched {
            RouteMatch::Official { route, .. } => baseline.routes.get(route),
            _ => None,
        }
    }

    /// The official row for the resolved route and size, if both resolved and it exists.
    pub fn row<'b>(&self, baseline: &'b Baseline) -> Option<&'b PriceRow> {
        self.route(baseline)?.row(*self.size.as_ref().ok()?)
    }
}

/// The readings of one quote's route, size and lane words against one baseline, so that each
/// distinct wording is read once: a quote names the same model and sizes on many offers.
/// Reading is a function of the words, the baseline and the quote's route namespaces alone, so
/// remembering a reading never changes it.
#[derive(Debug, Default)]
pub struct Readings<'q> {
    /// The quote's route namespaces, folded when its first route is read.
    namespaces: Option<route::Namespaces>,
    routes: Memo<&'q str, RouteReading>,
    sizes: Memo<&'q str, Result<SizeClass, SizeProblem>>,
    lanes: Memo<Option<&'q str>, LaneReading>,
}

/// A map from short words, hashed with foldhash: several times faster than the standard
/// hasher on them. It is seeded per process but makes no promise against words chosen to
/// collide; a memo holds one quote's words, and a quote file is at most 8 MiB.
type Memo<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

impl<'q> Readings<'q> {
    fn size(&mut self, text: &'q str) -> Result<SizeClass, SizeProblem> {
        self.sizes
            .entry(text)
            .or_insert_with(|| size::classify(text))
            .clone()
    }
}

/// Reads the rows of one offer of `quote`.
pub fn offer(quote: &Quote, offer: &Offer, baseline: &Baseline, fx: &Fx) -> Vec<Normalized> {
    offer_with(&mut Readings::default(), quote, offer, baseline, fx)
}

/// Reads the rows of one offer of `quote`, remembering its words' readings in `seen` for the
/// next offers: its own size (each official size of its model for `size: any`), then each
/// size of its `size_multipliers` at the price times the multiplier.
pub fn offer_with<'q>(
    seen: &mut Readings<'q>,
    quote: &Quote,
    offer: &'q Offer,
    baseline: &Baseline,
    fx: &Fx,
) -> Vec<Normalized> {
    let text = offer.route.value.as_str();
    let namespaces = seen
        .namespaces
        .get_or_insert_with(|| route::Namespaces::of(quote));
    let route = seen
        .routes
        .entry(text)
        .or_insert_with(|| route::resolve_in(text, baseline, namespaces))
        .clone();
    let text = offer.lane.as_ref().map(|l| l.value.as_str());
    let lane = *seen.lanes.entry(text).or_insert_with(|| lane::read(text));
    let base = Normalized {
        route,
        size: seen.size(&offer.size.value),
        lane,
        unit: offer.unit(),
        price_usd: Err(PriceProblem::NoTokens),
        price_to_usd: None,
        surcharges_usd: None,
        effective_usd: None,
        tokens: None,
        tokens_from_baseline: false,
        part: Part {
            base: true,
            line: offer.at.line,
            size_quoted: offer.size.value.clone(),
            size_at: offer.size.at,
            factor: None,
        },
    };
    let mut rows = Vec::with_capacity(1 + offer.size_multipliers.len());
    match (&base.size, base.route(baseline)) {
        (Err(SizeProblem::Any), Some(route)) if !route.rows.is_empty() => {
            for (i, row) in route.rows.iter().enumerate() {
                let mut n = base.clone();
                n.size = Ok(row.size);
                n.part.base = i == 0;
                rows.push(n);
            }
        }
        _ => rows.push(base.clone()),
    }
    for m in &offer.size_multipliers {
        let mut n = base.clone();
        n.size = seen.size(&m.size.value);
        n.part = Part {
            base: false,
            line: m.size.at.line,
            size_quoted: m.size.value.clone(),
            size_at: m.size.at,
            factor: Some(m.factor.value),
        };
        rows.push(n);
    }
    for n in &mut rows {
        price(n, quote, offer, baseline, fx);
    }
    rows
}

/// Prices one row: the offer's price (times the row's multiplier) in USD per delivered image,
/// its range's upper end, its mandatory surcharges, and what an image really costs.
fn price(n: &mut Normalized, quote: &Quote, offer: &Offer, baseline: &Baseline, fx: &Fx) {
    let baseline_tokens = n
        .row(baseline)
        .and_then(|r| r.tokens.as_ref())
        .map(|t| t.per_image);
    let tokens = offer.tokens.as_ref().map(|t| t.value).or(baseline_tokens);
    n.tokens = tokens.filter(|_| n.unit == Unit::MillionTokens);
    n.tokens_from_baseline =
        n.unit == Unit::MillionTokens && offer.tokens.is_none() && tokens.is_some();
    let currency = quote.currency();
    let conversion = Conversion {
        unit: n.unit,
        credit_price: quote
            .credits
            .as_ref()
            .and_then(|c| c.price.as_ref())
            .map(|p| p.value),
        tokens,
        currency,
        fx,
    };
    let factor = n.part.factor.unwrap_or(Decimal::ONE);
    let in_currency = |amount: Decimal| {
        amount
            .checked_mul(factor)
            .ok_or(PriceProblem::TooLarge)
            .and_then(|a| unit::per_image(a, &conversion))
    };
    let per_image = in_currency(offer.price.value);
    n.price_usd = per_image
        .clone()
        .and_then(|p| unit::to_usd(p, currency, fx));
    n.price_to_usd = offer.price_to.as_ref().and_then(|to| {
        in_currency(to.value)
            .and_then(|p| unit::to_usd(p, currency, fx))
            .ok()
    });
    let mandatory: Vec<Decimal> = offer
        .surcharges
        .iter()
        .filter(|s| !s.optional)
        .map(|s| s.price.value)
        .collect();
    let surcharges = mandatory
        .iter()
        .try_fold(Decimal::ZERO, |sum, s| sum.checked_add(*s));
    if !mandatory.is_empty() {
        n.surcharges_usd = surcharges.and_then(|s| unit::to_usd(s, currency, fx).ok());
    }
    n.effective_usd = per_image
        .ok()
        .zip(surcharges)
        .and_then(|(p, s)| effective_usd(p.checked_add(s)?, quote, fx));
}

/// USD per delivered image for `gross` (per image, in the quote currency), after the top-up
/// bonus and at the vendor's own rate for the currency paid in. `None` when it cannot be known
/// exactly: no `--fx` rate for the currency paid in, or an overflow.
fn effective_usd(gross: Decimal, quote: &Quote, fx: &Fx) -> Option<Decimal> {
    let topup = quote.topup.as_ref();
    let bonus = topup
        .and_then(|t| t.bonus_pct.as_ref())
        .map_or(Decimal::ZERO, |b| b.value);
    let kept = Decimal::ONE.checked_add(bonus.checked_div(Decimal::ONE_HUNDRED)?)?;
    let after_bonus = gross.checked_div(kept)?;
    match topup.and_then(|t| Some((t.currency.as_ref()?, t.rate.as_ref()?))) {
        Some((paid_in, rate)) if paid_in.value != quote.currency() => {
            let paid = after_bonus.checked_mul(rate.value)?;
            unit::to_usd(paid, &paid_in.value, fx).ok()
        }
        _ => unit::to_usd(after_bonus, quote.currency(), fx).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;
    use proptest::prelude::*;

    proptest! {
        /// Normalizing what normalization produced changes nothing.
        #[test]
        fn normalization_is_idempotent(text in "[A-Za-z0-9 ./()_-]{0,30}") {
            prop_assert_eq!(fold(&fold(&text)), fold(&text));
            if let Ok(class) = size::classify(&text) {
                prop_assert_eq!(size::classify(class.label()), Ok(class));
            }
            let lane = lane::read(Some(&text)).lane();
            prop_assert_eq!(lane::read(Some(lane.label())), lane::LaneReading::Official(lane));
            let b = Baseline::embedded();
            if let RouteMatch::Official { route, .. } = route::resolve(&text, &b).matched {
                let again = route::resolve(&b.routes[route].id, &b).matched;
                prop_assert_eq!(again, RouteMatch::Official { route, generic: false });
            }
        }

        /// A multiplied size is priced at exactly the price times its multiplier, and a price
        /// for every size is the same price on each of the model's official rows.
        #[test]
        fn multiplied_and_any_sizes_are_priced_exactly(
            (mantissa, scale) in (1i64..10_000_000, 0u32..8),
            (factor, factor_scale) in (1i64..100_000, 0u32..4),
        ) {
            let price = Decimal::new(mantissa, scale);
            let factor = Decimal::new(factor, factor_scale);
            let src = crate::diag::Source {
                name: "q.yaml".into(),
                text: format!(
                    "vendor: A\nreceived: 2026-05-01\noffers:\n  - {{route: NB2, size: 1K, price: {price}, size_multipliers: {{4K: {factor}}}}}\n  - {{route: NB Pro, size: any, price: {price}}}\n"
                ),
            };
            let quote = crate::load::quote::parse(&src).unwrap();
            let b = Baseline::embedded();
            let fx = Fx::default();
            let rows = offer(&quote, &quote.offers[0], &b, &fx);
            prop_assert_eq!(rows.len(), 2);
            prop_assert_eq!(rows[0].price_usd.clone(), Ok(price));
            prop_assert_eq!(rows[1].price_usd.clone(), Ok(price * factor));
            prop_assert_eq!(rows[1].size.clone(), Ok(SizeClass::K4));
            let any = offer(&quote, &quote.offers[1], &b, &fx);
            let sizes: Vec<_> = any.iter().map(|n| n.size.clone()).collect();
            prop_assert_eq!(sizes, vec![Ok(SizeClass::K1), Ok(SizeClass::K2), Ok(SizeClass::K4)]);
            prop_assert!(any.iter().all(|n| n.price_usd == Ok(price) && n.effective_usd == Some(price)));
            prop_assert_eq!(any.iter().filter(|n| n.part.base).count(), 1);
        }

        /// Reading a quote's offers with remembered readings gives what reading each offer
        /// afresh gives, whatever repeats and in whatever order.
        #[test]
        fn remembered_readings_change_nothing(picks in proptest::collection::vec((0usize..8, 0usize..6, 0usize..5, 0usize..5), 1..24)) {
            const ROUTES: [&str; 8] = ["NB2", "Nano Banana", "nano-banana-pro-preview", "NB2 Lite", "NB2 / NB Pro", "fal-ai/nano-banana-2/edit", "reverse NB Pro", "gemini-2.5-flash-image"];
            const SIZES: [&str; 6] = ["1K", "2K", "4096x4096", "HD", "0.5K", "1024px"];
            const LANES: [&str; 5] = ["", "batch", "sync", "Turbo", "flex"];
            const UNITS: [&str; 5] = ["", "image", "Credits", "1k images", "request"];
            let key = |name: &str, value: &str| {
                if value.is_empty() { String::new() } else { format!(", {name}: {value}") }
            };
            let offers: String = picks
                .iter()
                .map(|&(r, s, l, u)| {
                    let (lane, unit) = (key("lane", LANES[l]), key("unit", UNITS[u]));
                    format!("  - {{route: \"{}\", size: \"{}\", price: 0.1{lane}{unit}}}\n", ROUTES[r], SIZES[s])
                })
                .collect();
            let src = crate::diag::Source {
                name: "q.yaml".into(),
                text: format!("vendor: A\nreceived: 2026-05-01\noffers:\n{offers}"),
            };
            let quote = crate::load::quote::parse(&src).unwrap();
            let b = Baseline::embedded();
            let fx = Fx::default();
            let mut seen = Readings::default();
            for o in &quote.offers {
                let remembered = offer_with(&mut seen, &quote, o, &b, &fx);
                let fresh = offer(&quote, o, &b, &fx);
                prop_assert_eq!(format!("{remembered:?}"), format!("{fresh:?}"));
            }
        }
    }
}
