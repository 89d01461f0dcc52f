//! Price rules over the compared offers of one quote: markups, prices below Google's Batch
//! lane, Google's Batch lane being the cheaper choice, misquoted official prices in
//! `official_claimed`, and one flat price across sizes that Google prices differently.
//!
//! Claims that state a Google price or a saving are read in [`crate::check::claims`].

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::baseline::Baseline;
use crate::check::{Entry, Sink, Thresholds};
use crate::findings::Rule;
use crate::money::{pct_cell, pct_over, usd_cell};
use crate::normalize::lane::Lane;

/// Within `tolerance_pct` percent of `official`.
pub(crate) fn within(price: Decimal, official: Decimal, tolerance_pct: Decimal) -> bool {
    pct_over(price, official).is_some_and(|p| p.abs() <= tolerance_pct)
}

pub(crate) fn check(
    sink: &mut Sink<'_>,
    entries: &[Entry<'_>],
    baseline: &Baseline,
    t: &Thresholds,
) {
    for e in entries {
        let subject = || format!("offers[{}].price", e.offer.index);
        let at = e.offer.price.at;
        let evidence = &e.offer.price_text;
        let Some(official) = e.row.official_usd else {
            continue;
        };
        let model = e.row.model.as_deref().unwrap_or_default();
        let size = e.row.size.map_or("", |s| s.label());
        let lane = e.row.lane;
        misquoted(sink, e, official, baseline, t);
        let Some(price) = e.row.price_usd else {
            continue;
        };
        if e.row.verdict.is_comparable() {
            // A comparable offer's delta is its price over the official one.
            let pct = e.row.delta_pct.map(pct_cell).unwrap_or_default();
            match e.row.verdict {
                crate::check::Verdict::AboveOfficial => sink.push(
                    Rule::AboveOfficial,
                    at,
                    subject(),
                    format!(
                        "{pct}% above Google's {lane} price for {model} at {size} (USD {} against {}); weigh the markup against buying from Google directly",
                        usd_cell(price),
                        usd_cell(official)
                    ),
                    evidence,
                ),
                crate::check::Verdict::BelowOfficialBatch => sink.push(
                    Rule::BelowOfficialBatch,
                    at,
                    subject(),
                    format!(
                        "USD {} is below Google's own Batch/Flex price for {model} at {size} ({}); ask what makes that possible: the exact model, size, retries and data terms",
                        usd_cell(price),
                        e.row.official_batch_usd.map(usd_cell).unwrap_or_default()
                    ),
                    evidence,
                ),
                _ => {}
            }
            if lane == Lane::Standard
                && let Some(batch) = e.row.official_batch_usd
                && price > batch
                && !within(price, batch, t.tolerance_pct)
            {
                // How much less Google's Batch lane costs, as a share of this offer's price.
                let cheaper = pct_over(batch, price)
                    .map(|p| pct_cell(-p))
                    .unwrap_or_default();
                sink.push(
                    Rule::OfficialBatchCheaper,
                    at,
                    subject(),
                    format!(
                        "Google's Batch/Flex lane costs USD {} for {model} at {size}, {cheaper}% less than this offer's {}; if the work can wait, it is the cheaper route",
                        usd_cell(batch),
                        usd_cell(price)
                    ),
                    evidence,
                );
            }
        }
    }
    flat_prices(sink, entries);
}

/// One price for several sizes of a model and lane that Google prices differently.
fn flat_prices(sink: &mut Sink<'_>, entries: &[Entry<'_>]) {
    // Offers with the same model, lane and price, each group in the order of its first offer.
    let mut groups: Vec<Vec<&Entry<'_>>> = Vec::new();
    let mut group_of: HashMap<(&str, Lane, Decimal), usize> = HashMap::new();
    for e in entries {
        let (Some(model), Some(price), Some(_)) =
            (e.row.model.as_deref(), e.row.price_usd, e.row.official_usd)
        else {
            continue;
        };
        let g = *group_of
            .entry((model, e.row.lane, price))
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
        sink.push(
            Rule::FlatPriceAcrossSizes,
            first.offer.price.at,
            format!("offers[{}].price", first.offer.index),
            format!(
                "one price, USD {}, for {} in the {} lane at sizes Google prices differently: {}; ask whether every size is really delivered at that price",
                first.row.price_usd.map(usd_cell).unwrap_or_default(),
                first.row.model.as_deref().unwrap_or_default(),
                first.row.lane,
                sizes.join(", ")
            ),
            &first.offer.price_text,
        );
    }
}

/// `official_claimed`: what the vendor says Google charges for the offer's row, in USD per
/// image, checked against the row whatever the offer's own unit or currency.
fn misquoted(
    sink: &mut Sink<'_>,
    e: &Entry<'_>,
    official: Decimal,
    baseline: &Baseline,
    t: &Thresholds,
) {
    let i = e.offer.index;
    let model = e.row.model.as_deref().unwrap_or_default();
    let size = e.row.size.map_or("", |s| s.label());
    let lane = e.row.lane;
    if let Some(claimed) = &e.offer.official_claimed
        && !within(claimed.value, official, t.tolerance_pct)
    {
        let other = match lane {
            Lane::Standard => e.row.official_batch_usd,
            Lane::Batch => e.row.official_standard_usd,
        };
        let hint = match other {
            Some(o) if within(claimed.value, o, t.tolerance_pct) => {
                format!(" (that is the other lane's price, {})", usd_cell(o))
            }
            _ => String::new(),
        };
        sink.push(
            Rule::OfficialPriceMisquoted,
            claimed.at,
            format!("offers[{i}].official_claimed"),
            format!(
                "the vendor says Google charges USD {} for {model} at {size} ({lane}){hint}; the baseline checked {} says {}. Use the baseline's price and ask where the vendor's figure comes from",
                claimed.value,
                baseline.checked_on,
                usd_cell(official)
            ),
            &claimed.value.to_string(),
        );
    }
}
