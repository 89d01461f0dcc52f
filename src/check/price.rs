//! Price rules over the compared offers of one quote: prices that cannot be converted to USD
//! per image, $0 offers, markups, prices below Google's Batch lane, Google's Batch lane being
//! the cheaper choice, misquoted official prices in `official_claimed`, and one flat price
//! across sizes that Google prices differently.
//!
//! Claims that state a Google price or a saving are read in [`super::claims`].

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::context::{Context, Entry, Findings};
use super::verdict::Verdict;
use crate::load::baseline::Route;
use crate::model::PriceKind;
use crate::model::{At, Lane, OfferField, Rule, Severity, Subject, Unit};
use crate::money::{pct_cell, pct_over, usd_cell, within_pct};
use crate::normalize::size::ANY;
use crate::normalize::unit::PriceProblem;

fn price_subject(e: &Entry<'_>) -> Subject {
    Subject::offer(e.offer.index, OfferField::Price)
}

/// Where a row's price was written: the offer's `price`, or for a size of its
/// `size_multipliers`, that multiplier (the evidence is then `price × multiplier`).
fn row_price<'e>(e: &'e Entry<'_>) -> (At, Subject, &'e str) {
    match e.n.part.factor {
        Some(_) => (
            e.n.part.size_at,
            Subject::offer(e.offer.index, OfferField::SizeMultipliers),
            &e.row.price_quoted,
        ),
        None => (e.offer.price.at, price_subject(e), &e.offer.price_text),
    }
}

/// Where a problem with the price's unit is reported: its `unit`, or its price without one.
fn unit_subject(e: &Entry<'_>) -> (crate::model::At, Subject) {
    let at = e.offer.unit.as_ref().map_or(e.offer.price.at, |u| u.at);
    (at, Subject::offer(e.offer.index, OfferField::Unit))
}

pub(super) fn unit_unresolved(cx: &Context<'_>, out: &mut Findings<'_>) {
    for e in &cx.entries {
        let Err(problem) = &e.n.price_usd else {
            continue;
        };
        // A missing credit price is the offer's, said once; tokens and size are the row's.
        if !e.n.part.base && *problem == PriceProblem::NoCreditPrice {
            continue;
        }
        let (at, subject) = unit_subject(e);
        let (at, subject, message, evidence) = match problem {
            PriceProblem::NoCreditPrice => (
                at,
                subject,
                "the price is in credits but the quote has no `credits.price`; ask the vendor what one credit costs and add it under `credits:`".into(),
                e.offer.price_text.as_str(),
            ),
            PriceProblem::NoTokens => (
                at,
                subject,
                match e.n.route(cx.baseline) {
                    Some(r) => format!(
                        "the price is per 1M tokens but the offer gives no `tokens` per image and the baseline has no token count for {} ({}) at this size; ask the vendor for output tokens per image",
                        r.name, r.id
                    ),
                    None => "the price is per 1M tokens but the offer gives no `tokens` per image, and the route is not a baseline model whose count could be used; ask the vendor for output tokens per image".into(),
                },
                e.offer.price_text.as_str(),
            ),
            PriceProblem::TooLarge => (
                e.offer.price.at,
                price_subject(e),
                "the price is too large to convert exactly; check the amount and its unit".into(),
                e.offer.price_text.as_str(),
            ),
            PriceProblem::NoFxRate(_) => continue,
        };
        out.push(Rule::UnitUnresolved, at, subject, message, evidence);
    }
}

pub(super) fn no_fx_rate(cx: &Context<'_>, out: &mut Findings<'_>) {
    for e in cx.offers() {
        let Err(PriceProblem::NoFxRate(code)) = &e.n.price_usd else {
            continue;
        };
        out.push(
            Rule::NoFxRate,
            e.offer.price.at,
            price_subject(e),
            format!("the price is in {code} and no exchange rate was given; run with `--fx {code}=RATE` ({code} per 1 USD) to compare it"),
            &e.offer.price_text,
        );
    }
}

pub(super) fn zero_price(cx: &Context<'_>, out: &mut Findings<'_>) {
    for e in cx.offers() {
        let Ok(usd) = &e.n.price_usd else { continue };
        // A price too small to show but as 0 is a $0 offer to the reader, too.
        if !usd.is_zero() && usd_cell(*usd) != "0" {
            continue;
        }
        let how = if e.offer.price.value.is_zero() {
            "a $0 offer"
        } else {
            "the price converts to $0 per image (a zero credit price, or too small to represent)"
        };
        out.push(
            Rule::ZeroPrice,
            e.offer.price.at,
            price_subject(e),
            format!("{how}: ask who pays for the generation, under which limits, what is done with your prompts and images, and when it ends"),
            &e.offer.price_text,
        );
    }
}

/// A starting price or a range: compared at its lower end, which the buyer may not get.
pub(super) fn price_not_firm(cx: &Context<'_>, out: &mut Findings<'_>) {
    for e in cx.offers() {
        let read = match e.row.verdict.is_comparable() {
            true => "compared",
            false => "read",
        };
        let how = match e.offer.price_kind {
            PriceKind::Firm => continue,
            PriceKind::From => format!(
                "the price is a starting price (from {}): it is {read} at that price, and the price charged may be higher",
                e.offer.price.value
            ),
            PriceKind::Range => {
                let to = e.row.price_to_usd.map(usd_cell).unwrap_or_default();
                let upper = match (e.row.price_to_usd, e.row.official_usd) {
                    (Some(high), Some(official)) => match pct_over(high, official) {
                        Some(pct) => format!(
                            "; its upper end, USD {to} per image, is {}% against the official USD {} ({})",
                            pct_cell(pct),
                            usd_cell(official),
                            e.row.lane()
                        ),
                        None => String::new(),
                    },
                    (Some(_), None) => format!("; its upper end is USD {to} per image"),
                    _ => String::new(),
                };
                format!(
                    "the price is a range ({}): it is {read} at its lower end{upper}",
                    e.offer.price_text
                )
            }
        };
        out.push(
            Rule::PriceNotFirm,
            e.offer.price.at,
            price_subject(e),
            format!("{how}; ask what decides the price charged"),
            &e.offer.price_text,
        );
    }
}

/// The compared offers, with their USD price and the official price in their lane.
fn compared<'e>(cx: &'e Context<'_>) -> impl Iterator<Item = (&'e Entry<'e>, Decimal, Decimal)> {
    cx.entries.iter().filter_map(|e| {
        let row = &e.row;
        row.verdict
            .is_comparable()
            .then_some((e, row.price_usd?, row.official_usd?))
    })
}

/// "gemini-3.1-flash-image-preview", "2K": the row an offer is compared with.
fn model_size<'e>(e: &'e Entry<'_>) -> (&'e str, &'static str) {
    let model = e.row.model.as_deref().unwrap_or_default();
    (model, e.row.size.map_or("", |s| s.label()))
}

pub(super) fn above_official(cx: &Context<'_>, out: &mut Findings<'_>) {
    for (e, price, official) in compared(cx) {
        if e.row.verdict != Verdict::AboveOfficial {
            continue;
        }
        let (model, size) = model_size(e);
        // A comparable offer's delta is its price over the official one; one too large for a
        // percentage is said so.
        let pct = e.row.delta_pct.map_or_else(
            || "too large a markup to write as a percentage:".into(),
            |p| format!("{}%", pct_cell(p)),
        );
        let (at, subject, evidence) = row_price(e);
        out.push(
            Rule::AboveOfficial,
            at,
            subject,
            format!(
                "{pct} above Google's {} price for {model} at {size} (USD {} against {}); weigh the markup against buying from Google directly",
                e.row.lane(),
                usd_cell(price),
                usd_cell(official)
            ),
            evidence,
        );
    }
}

pub(super) fn below_official_batch(cx: &Context<'_>, out: &mut Findings<'_>) {
    for (e, price, _) in compared(cx) {
        if e.row.verdict != Verdict::BelowOfficialBatch {
            continue;
        }
        let (model, size) = model_size(e);
        let (at, subject, evidence) = row_price(e);
        out.push(
            Rule::BelowOfficialBatch,
            at,
            subject,
            format!(
                "USD {} is below Google's own Batch/Flex price for {model} at {size} ({}); ask what makes that possible: the exact model, size, retries and data terms",
                usd_cell(price),
                e.row.official_batch_usd.map(usd_cell).unwrap_or_default()
            ),
            evidence,
        );
    }
}

/// A Standard-lane offer that costs more than Google's own Batch/Flex lane.
pub(super) fn official_batch_cheaper(cx: &Context<'_>, out: &mut Findings<'_>) {
    let tolerance = cx.thresholds().tolerance_pct;
    for (e, price, _) in compared(cx) {
        let Some(batch) = e.row.official_batch_usd else {
            continue;
        };
        if e.row.lane() != Lane::Standard || price <= batch || within_pct(price, batch, tolerance) {
            continue;
        }
        let (model, size) = model_size(e);
        // How much less Google's Batch lane costs, as a share of this offer's price.
        let cheaper = pct_over(batch, price)
            .map(|p| pct_cell(-p))
            .unwrap_or_default();
        let (at, subject, evidence) = row_price(e);
        out.push(
            Rule::OfficialBatchCheaper,
            at,
            subject,
            format!(
                "Google's Batch/Flex lane costs USD {} for {model} at {size}, {cheaper}% less than this offer's {}; if the work can wait, it is the cheaper route",
                usd_cell(batch),
                usd_cell(price)
            ),
            evidence,
        );
    }
}

/// `official_claimed`: what the vendor says Google charges for the offer's row, in USD per
/// image, checked against the row whatever the offer's own unit or currency.
pub(super) fn official_price_misquoted(cx: &Context<'_>, out: &mut Findings<'_>) {
    let tolerance = cx.thresholds().tolerance_pct;
    // The claimed price is for the offer's own size: not for the sizes of `size: any`, nor
    // for its multiplied sizes.
    for e in cx
        .offers()
        .filter(|e| !e.offer.size.value.trim().eq_ignore_ascii_case(ANY))
    {
        let (Some(official), Some(claimed)) = (e.row.official_usd, &e.offer.official_claimed)
        else {
            continue;
        };
        if within_pct(claimed.value, official, tolerance) {
            continue;
        }
        let (model, size) = model_size(e);
        let lane = e.row.lane();
        let other = match lane {
            Lane::Standard => e.row.official_batch_usd,
            Lane::Batch | Lane::Priority => e.row.official_standard_usd,
        };
        let hint = match other {
            Some(o) if within_pct(claimed.value, o, tolerance) => {
                format!(" (that is the other lane's price, {})", usd_cell(o))
            }
            _ => String::new(),
        };
        out.push(
            Rule::OfficialPriceMisquoted,
            claimed.at,
            Subject::offer(e.offer.index, OfferField::OfficialClaimed),
            format!(
                "the vendor says Google charges USD {} for {model} at {size} ({lane}){hint}; the baseline checked {} says {}. Use the baseline's price and ask where the vendor's figure comes from",
                claimed.value,
                cx.baseline.checked_on,
                usd_cell(official)
            ),
            &claimed.value.to_string(),
        );
    }
}

/// A figure a public price map gives for Google's own provider (`price_map.official`) is a
/// statement of Google's price, so one that differs from the baseline is the map's error:
/// checked per image against the row at its size, and per 1M tokens against the rate
/// ([`rate_disagrees`]). A figure for every size (`size: any`) that is Google's price at some
/// sizes only is reported low: a tool billing it for every size bills the others wrong, but
/// which size the map meant cannot be known.
pub(super) fn price_map_disagrees(cx: &Context<'_>, out: &mut Findings<'_>) {
    if !cx.quote.price_map.as_ref().is_some_and(|m| m.official) {
        return;
    }
    let tolerance = cx.thresholds().tolerance_pct;
    let currency = cx.quote.currency();
    let snapshot = format!(
        "the baseline checked {} ({})",
        cx.baseline.checked_on, cx.baseline.file
    );
    for rows in cx.entries.chunk_by(|a, b| a.offer.index == b.offer.index) {
        let offer = rows[0].offer;
        if offer.unit() == Unit::MillionTokens {
            rate_disagrees(cx, &rows[0], &snapshot, out);
            continue;
        }
        let compared: Vec<(&Entry<'_>, Decimal, Decimal)> = rows
            .iter()
            .filter_map(|e| Some((e, e.row.price_usd?, e.row.official_usd?)))
            .collect();
        // Google's per-image prices are rounded; a map may give the unrounded one (Vertex's
        // 0.0336 for 1K Batch, $30 per 1M times 1,120 tokens, where Google writes 0.034): a
        // figure that rounds to Google's, or is the lane's rate times the row's tokens, agrees.
        let agrees = |(e, price, official): &(&Entry<'_>, Decimal, Decimal)| {
            within_pct(*price, *official, tolerance)
                || rounds_to(*price, *official)
                || token_price(cx, e).is_some_and(|exact| within_pct(*price, exact, tolerance))
        };
        let wrong: Vec<&(&Entry<'_>, Decimal, Decimal)> =
            compared.iter().filter(|c| !agrees(c)).collect();
        let Some(&&(first, _, _)) = wrong.first() else {
            continue;
        };
        let key = offer.id.as_ref().map_or(&offer.route.value, |id| &id.value);
        let (model, _) = model_size(first);
        let lane = first.row.lane();
        let sizes = |list: &mut dyn Iterator<Item = &(&Entry<'_>, Decimal, Decimal)>| {
            list.map(|(e, _, official)| format!("{} {}", model_size(e).1, usd_cell(*official)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (severity, message) = if wrong.len() < compared.len() {
            let right = compared
                .iter()
                .filter(|c| agrees(c))
                .map(|(e, _, _)| model_size(e).1)
                .collect::<Vec<_>>()
                .join(", ");
            (
                Severity::Low,
                format!(
                    "the map's `{key}` gives one figure for every size of {model} ({lane}), {currency} {}: Google's price at {right} only; at {} in {snapshot}. A tool that bills it for every size bills those sizes wrong",
                    offer.price_text,
                    sizes(&mut wrong.iter().copied())
                ),
            )
        } else {
            (
                Severity::High,
                format!(
                    "the map's `{key}` gives {currency} {} per image for {model} ({lane}); Google's price is {} in {snapshot}",
                    offer.price_text,
                    sizes(&mut wrong.iter().copied())
                ),
            )
        };
        out.push_with(
            Rule::PriceMapDisagrees,
            severity,
            offer.price.at,
            Subject::offer(offer.index, OfferField::Price),
            message,
            &offer.price_text,
        );
    }
}

/// A map's rate per 1M image-output tokens against Google's rate in the same lane: the
/// route's `rates`, or for Standard the rate every row of the route gives. Per-image prices
/// are Google's rounded figures, so a rate is never checked against them; a lane whose rate
/// the baseline does not give is not checked.
fn rate_disagrees(cx: &Context<'_>, e: &Entry<'_>, snapshot: &str, out: &mut Findings<'_>) {
    let Some(route) = e.n.route(cx.baseline) else {
        return;
    };
    let lane = e.row.lane();
    let offer = e.offer;
    let Some(official) = official_rate(route, lane) else {
        return;
    };
    // The figure in USD: as written, or from the row's USD price and tokens per image.
    let currency = cx.quote.currency();
    let figure = if currency == "USD" {
        Some(offer.price.value)
    } else {
        e.n.row(cx.baseline)
            .and_then(|r| r.tokens.as_ref())
            .zip(e.row.price_usd)
            .and_then(|(t, usd)| {
                (usd * Decimal::from(1_000_000)).checked_div(Decimal::from(t.per_image))
            })
    };
    let Some(figure) = figure else {
        return;
    };
    if within_pct(figure, official, cx.thresholds().tolerance_pct) {
        return;
    }
    let written = if currency == "USD" {
        format!("USD {figure}")
    } else {
        format!(
            "{currency} {} (USD {})",
            offer.price.value,
            usd_cell(figure)
        )
    };
    let key = offer.id.as_ref().map_or(&offer.route.value, |id| &id.value);
    out.push(
        Rule::PriceMapDisagrees,
        offer.price.at,
        Subject::offer(offer.index, OfferField::Price),
        format!(
            "the map's `{key}` gives {written} per 1M image-output tokens for {} ({lane}); Google's rate in {snapshot} is USD {} per 1M",
            route.id,
            usd_cell(official)
        ),
        &offer.price_text,
    );
}

/// Google's rate per 1M output tokens for `route` in `lane`: the route's `rates`, or for
/// Standard the rate every row of the route gives; `None` where the baseline gives none.
fn official_rate(route: &Route, lane: Lane) -> Option<Decimal> {
    match (&route.rates, lane) {
        (Some(r), Lane::Standard) => Some(r.standard),
        (Some(r), Lane::Batch) => Some(r.batch),
        (Some(r), Lane::Priority) => r.priority,
        (None, Lane::Standard) => {
            let mut rates = route
                .rows
                .iter()
                .map(|r| r.tokens.as_ref().map(|t| t.usd_per_1m));
            let first = rates.next().flatten();
            first.filter(|f| rates.all(|r| r == Some(*f)))
        }
        (None, _) => None,
    }
}

/// Whether one of `figure` and `official` is the other rounded: to the decimals the shorter is
/// written with, and never to fewer than three (Google's per-image prices have three or four),
/// so the window is at most half a tenth of a cent whatever the baseline's spelling.
fn rounds_to(figure: Decimal, official: Decimal) -> bool {
    use rust_decimal::RoundingStrategy::{MidpointAwayFromZero, MidpointTowardZero};
    let (fine, coarse) = if figure.scale() > official.scale() {
        (figure, official)
    } else {
        (official, figure)
    };
    let dp = coarse.scale().max(3);
    [MidpointAwayFromZero, MidpointTowardZero]
        .iter()
        .any(|s| fine.round_dp_with_strategy(dp, *s) == coarse)
}

/// A row's unrounded official price: the lane's rate times the row's output tokens per image.
fn token_price(cx: &Context<'_>, e: &Entry<'_>) -> Option<Decimal> {
    let route = e.n.route(cx.baseline)?;
    let tokens = e.n.row(cx.baseline)?.tokens.as_ref()?.per_image;
    official_rate(route, e.row.lane())?
        .checked_mul(Decimal::from(tokens))?
        .checked_div(Decimal::from(1_000_000))
}

/// One price for several sizes of a model and lane that Google prices differently.
pub(super) fn flat_price_across_sizes(cx: &Context<'_>, out: &mut Findings<'_>) {
    // Offers with the same model, lane and price, each group in the order of its first offer.
    let mut groups: Vec<Vec<&Entry<'_>>> = Vec::new();
    let mut group_of: HashMap<(&str, Lane, Decimal), usize> = HashMap::new();
    for e in &cx.entries {
        let (Some(model), Some(price), Some(_)) =
            (e.row.model.as_deref(), e.row.price_usd, e.row.official_usd)
        else {
            continue;
        };
        let g = *group_of
            .entry((model, e.row.lane(), price))
            .or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
        groups[g].push(e);
    }
    for same in groups {
        let mut officials: Vec<Decimal> = same.iter().filter_map(|e| e.row.official_usd).collect();
        officials.sort();
        officials.dedup();
        if officials.len() < 2 {
            continue;
        }
        let first = same[0];
        let sizes: Vec<String> = same
            .iter()
            .map(|e| {
                format!(
                    "{} (Google {})",
                    e.row.size.map_or("", |s| s.label()),
                    e.row.official_usd.map(usd_cell).unwrap_or_default()
                )
            })
            .collect();
        out.push(
            Rule::FlatPriceAcrossSizes,
            first.offer.price.at,
            price_subject(first),
            format!(
                "one price, USD {}, for {} in the {} lane at sizes Google prices differently: {}; ask whether every size is really delivered at that price",
                first.row.price_usd.map(usd_cell).unwrap_or_default(),
                first.row.model.as_deref().unwrap_or_default(),
                first.row.lane(),
                sizes.join(", ")
            ),
            &first.offer.price_text,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::cases::assert_rule;

    #[test]
    fn unit_unresolved_fires_on_credits_without_a_credit_price() {
        assert_rule(Rule::UnitUnresolved, unit_unresolved);
    }

    #[test]
    fn no_fx_rate_fires_on_a_foreign_price_without_a_rate() {
        assert_rule(Rule::NoFxRate, no_fx_rate);
    }

    #[test]
    fn zero_price_fires_on_a_free_offer() {
        assert_rule(Rule::ZeroPrice, zero_price);
    }

    #[test]
    fn above_official_fires_on_a_markup() {
        assert_rule(Rule::AboveOfficial, above_official);
    }

    #[test]
    fn below_official_batch_fires_below_google_s_batch_price() {
        assert_rule(Rule::BelowOfficialBatch, below_official_batch);
    }

    #[test]
    fn official_batch_cheaper_fires_when_batch_costs_less() {
        assert_rule(Rule::OfficialBatchCheaper, official_batch_cheaper);
    }

    #[test]
    fn official_price_misquoted_fires_on_a_wrong_official_claimed() {
        assert_rule(Rule::OfficialPriceMisquoted, official_price_misquoted);
    }

    #[test]
    fn price_map_disagrees_fires_on_a_wrong_figure_in_googles_own_map() {
        assert_rule(Rule::PriceMapDisagrees, price_map_disagrees);
    }

    #[test]
    fn a_figure_rounds_to_googles_only_at_googles_decimals() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert!(rounds_to(d("0.0336"), d("0.034")));
        assert!(rounds_to(d("0.0672"), d("0.067")));
        assert!(rounds_to(d("0.0335"), d("0.034")), "a half, rounded up");
        assert!(rounds_to(d("0.0345"), d("0.034")), "a half, rounded down");
        assert!(!rounds_to(d("0.0346"), d("0.034")));
        assert!(!rounds_to(d("0.039"), d("0.134")));
        // Either side may be the rounded one: a map's 0.034 for a baseline's 0.0336.
        assert!(rounds_to(d("0.034"), d("0.0336")));
        // Never to fewer than three decimals, however the baseline spells its figure.
        assert!(!rounds_to(d("0.03"), d("0.034")));
        assert!(!rounds_to(d("0.0549"), d("0.05")));
        assert!(!rounds_to(d("0.2449"), d("0.24")));
        assert!(rounds_to(d("0.0504"), d("0.05")));
    }

    #[test]
    fn flat_price_across_sizes_fires_on_one_price_for_two_sizes() {
        assert_rule(Rule::FlatPriceAcrossSizes, flat_price_across_sizes);
    }
}
