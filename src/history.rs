//! A vendor's prices over time (SPEC §8): every dated version of each vendor, chained by
//! `received`, with each offer's change against the version before.

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::baseline::Baseline;
use crate::check::Settings;
use crate::diff::{self, Version};
use crate::model::Quote;
use crate::normalize::lane::{self, LaneReading};

/// One offer in one version (a row of history.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub vendor: String,
    /// The model id, or `?` and the vendor's words where it did not normalize.
    pub model: String,
    pub size: String,
    pub lane: String,
    pub received: Date,
    pub price_usd: Option<Decimal>,
    /// Against the same offer in the previous version, when both have a USD price.
    pub change_pct: Option<Decimal>,
    pub file: String,
    pub line: usize,
    /// The offer key the chain follows.
    pub key: String,
}

/// Each vendor's versions, oldest first (vendors in name order).
pub fn versions<'q>(
    quotes: &'q [Quote],
    baseline: &Baseline,
    settings: &Settings,
) -> Vec<Vec<Version<'q>>> {
    let mut by_vendor: std::collections::BTreeMap<String, Vec<&Quote>> = Default::default();
    for q in quotes {
        by_vendor.entry(diff::vendor_key(q)).or_default().push(q);
    }
    by_vendor
        .into_values()
        .map(|mut qs| {
            qs.sort_by(|a, b| (a.received.value, &a.file).cmp(&(b.received.value, &b.file)));
            qs.into_iter()
                .map(|q| diff::version(q, baseline, settings))
                .collect()
        })
        .collect()
}

/// The history of every vendor's offers.
pub fn points(vendors: &[Vec<Version<'_>>]) -> Vec<Point> {
    let mut out = Vec::new();
    for versions in vendors {
        for (i, v) in versions.iter().enumerate() {
            for (key, row) in &v.offers {
                let before = i
                    .checked_sub(1)
                    .and_then(|p| versions[p].offers.get(key))
                    .and_then(|r| r.price_usd);
                let change_pct = match (before, row.price_usd) {
                    (Some(a), Some(b)) => (b - a)
                        .checked_div(a)
                        .and_then(|d| d.checked_mul(Decimal::ONE_HUNDRED)),
                    _ => None,
                };
                let lane = match row.lane_quoted.as_deref().map(|l| lane::read(Some(l))) {
                    Some(LaneReading::Vendor) => format!(
                        "vendor lane \"{}\"",
                        row.lane_quoted.as_deref().unwrap_or("").trim()
                    ),
                    _ => row.lane.label().to_owned(),
                };
                out.push(Point {
                    vendor: v.quote.vendor.value.clone(),
                    model: row
                        .model
                        .clone()
                        .unwrap_or_else(|| format!("? {}", row.route_quoted.trim())),
                    size: row.size.map_or_else(
                        || row.size_quoted.trim().to_owned(),
                        |s| s.label().to_owned(),
                    ),
                    lane,
                    received: v.quote.received.value,
                    price_usd: row.price_usd,
                    change_pct,
                    file: v.quote.file.clone(),
                    line: row.line,
                    key: key.clone(),
                });
            }
        }
    }
    out.sort_by(|a, b| {
        (&a.vendor, &a.model, &a.size, &a.lane, a.received, &a.file)
            .cmp(&(&b.vendor, &b.model, &b.size, &b.lane, b.received, &b.file))
    });
    out
}
