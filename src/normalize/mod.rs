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
use crate::model::{Fx, Offer, Quote, SizeClass};
use lane::LaneReading;
use route::{RouteMatch, RouteReading};
use size::SizeProblem;
use unit::{Conversion, PriceProblem, Unit};

/// One offer, read against the baseline.
#[derive(Debug, Clone)]
pub struct Normalized {
    pub route: RouteReading,
    pub size: Result<SizeClass, SizeProblem>,
    pub lane: LaneReading,
    /// The unit, when the word is known.
    pub unit: Option<Unit>,
    /// USD per delivered image.
    pub price_usd: Result<Decimal, PriceProblem>,
    /// The tokens per image used for a token price came from the baseline (secondhand) row.
    pub tokens_from_baseline: bool,
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

/// The readings of one quote's route, size, lane and unit words against one baseline, so that
/// each distinct wording is read once: a quote names the same model and sizes on many offers.
/// Reading is a function of the words, the baseline and the quote's route namespaces alone, so
/// remembering a reading never changes it.
#[derive(Debug, Default)]
pub struct Readings<'q> {
    /// The quote's route namespaces, folded when its first route is read.
    namespaces: Option<route::Namespaces>,
    routes: Memo<&'q str, RouteReading>,
    sizes: Memo<&'q str, Result<SizeClass, SizeProblem>>,
    lanes: Memo<Option<&'q str>, LaneReading>,
    units: Memo<Option<&'q str>, Option<Unit>>,
}

/// A map from short words, hashed with foldhash: several times faster than the standard
/// hasher on them. It is seeded per process but makes no promise against words chosen to
/// collide; a memo holds one quote's words, and a quote file is at most 8 MiB.
type Memo<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Reads one offer of `quote`.
pub fn offer(quote: &Quote, offer: &Offer, baseline: &Baseline, fx: &Fx) -> Normalized {
    offer_with(&mut Readings::default(), quote, offer, baseline, fx)
}

/// Reads one offer of `quote`, remembering its words' readings in `seen` for the next offers.
pub fn offer_with<'q>(
    seen: &mut Readings<'q>,
    quote: &Quote,
    offer: &'q Offer,
    baseline: &Baseline,
    fx: &Fx,
) -> Normalized {
    let text = offer.route.value.as_str();
    let namespaces = seen
        .namespaces
        .get_or_insert_with(|| route::Namespaces::of(quote));
    let route = seen
        .routes
        .entry(text)
        .or_insert_with(|| route::resolve_in(text, baseline, namespaces))
        .clone();
    let text = offer.size.value.as_str();
    let size = seen
        .sizes
        .entry(text)
        .or_insert_with(|| size::classify(text))
        .clone();
    let text = offer.lane.as_ref().map(|l| l.value.as_str());
    let lane = *seen.lanes.entry(text).or_insert_with(|| lane::read(text));
    let text = offer.unit.as_ref().map(|u| u.value.as_str());
    let unit = *seen.units.entry(text).or_insert_with(|| Unit::read(text));
    let mut n = Normalized {
        route,
        size,
        lane,
        unit,
        price_usd: Err(PriceProblem::NoTokens),
        tokens_from_baseline: false,
    };
    let baseline_tokens = n
        .row(baseline)
        .and_then(|r| r.tokens.as_ref())
        .map(|t| t.per_image);
    let tokens = offer.tokens.as_ref().map(|t| t.value).or(baseline_tokens);
    n.tokens_from_baseline =
        unit == Some(Unit::MillionTokens) && offer.tokens.is_none() && tokens.is_some();
    n.price_usd = match unit {
        None => Err(PriceProblem::UnknownUnit(
            offer
                .unit
                .as_ref()
                .map(|u| u.value.clone())
                .unwrap_or_default(),
        )),
        Some(unit) => unit::to_usd_per_image(
            offer.price.value,
            &Conversion {
                unit,
                credit_price: quote
                    .credits
                    .as_ref()
                    .and_then(|c| c.price.as_ref())
                    .map(|p| p.value),
                tokens,
                currency: quote.currency(),
                fx,
            },
        ),
    };
    n
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

        /// Reading a quote's offers with remembered readings gives what reading each offer
        /// afresh gives, whatever repeats and in whatever order.
        #[test]
        fn remembered_readings_change_nothing(picks in proptest::collection::vec((0usize..8, 0usize..6, 0usize..5, 0usize..5), 1..24)) {
            const ROUTES: [&str; 8] = ["NB2", "Nano Banana", "nano-banana-pro-preview", "NB2 Lite", "NB2 / NB Pro", "fal-ai/nano-banana-2/edit", "reverse NB Pro", "gemini-2.5-flash-image"];
            const SIZES: [&str; 6] = ["1K", "2K", "4096x4096", "HD", "0.5K", "1024px"];
            const LANES: [&str; 5] = ["", "batch", "sync", "Turbo", "flex"];
            const UNITS: [&str; 5] = ["", "image", "Credits", "1k images", "per hour"];
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
