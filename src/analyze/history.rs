//! A vendor's prices over time (SPEC §8): every dated version of each vendor, chained by
//! `received`, with each offer's change against the version before. The timeline on the
//! terminal is [`crate::report::history`]'s.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::version::{self, Version};
use crate::check::{self, ComparisonRow, Settings};
use crate::load::baseline::{Baseline, Timeline};
use crate::model::Quote;

/// One offer in one version (a row of history.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub vendor: String,
    /// The vendor's name as versions are matched by (case and punctuation folded).
    pub vendor_key: String,
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
    /// Google's price for the row in force on `received` (the snapshot checked on
    /// `official_checked_on`).
    pub official_usd: Option<Decimal>,
    pub official_checked_on: Option<Date>,
    /// The offer the chain follows: its key (model, size, lane, kind of unit), with its `id`
    /// when it has one, and the row's size for an offer priced at several sizes.
    pub key: String,
}

/// The quotes by vendor ([`Quote::vendor_key`]), vendors in key order.
pub fn by_vendor(quotes: &[Quote]) -> Vec<Vec<&Quote>> {
    let mut by_vendor: std::collections::BTreeMap<String, Vec<&Quote>> = Default::default();
    for q in quotes {
        by_vendor.entry(q.vendor_key()).or_default().push(q);
    }
    by_vendor.into_values().collect()
}

/// One vendor's versions, oldest first, each audited with `baseline` (or, `at_received`, with
/// the snapshot in force on its `received` date) and with the official prices in force on its
/// `received` date beside it.
pub fn versions<'q>(
    mut qs: Vec<&'q Quote>,
    baseline: &Baseline,
    timeline: &Timeline,
    at_received: bool,
    settings: &Settings,
) -> Vec<Version<'q>> {
    qs.sort_by(|a, b| (a.received.value, &a.file).cmp(&(b.received.value, &b.file)));
    let mut versions: Vec<Version<'q>> = qs
        .into_iter()
        .map(|q| {
            let then = timeline.at(q.received.value);
            let used = if at_received { then } else { baseline };
            let mut v = version::version(q, used, settings);
            let in_force = |r: &ComparisonRow| ((r.offer_index, r.size, r.lane()), r.official_usd);
            v.in_force = match std::ptr::eq(used, then) {
                true => v.rows().iter().map(in_force).collect(),
                false => check::audit_quote(q, then, settings)
                    .rows
                    .iter()
                    .map(in_force)
                    .collect(),
            };
            v.in_force_on = Some(then.checked_on);
            v
        })
        .collect();
    version::chain(&mut versions);
    versions
}

/// The history of one vendor's offers, given its [`versions`]. Each price is compared with the
/// same offer in the latest earlier version that had it (offers paired as [`version::chain`]
/// pairs them), so a version that left the offer out is no gap in the chain.
pub fn points(versions: &[Version<'_>]) -> Vec<Point> {
    let mut out = Vec::new();
    let mut last: std::collections::BTreeMap<&str, Decimal> = Default::default();
    for v in versions {
        for (key, row) in v.offers() {
            let change_pct = match (last.get(key.as_str()), row.price_usd) {
                (Some(a), Some(b)) => crate::money::pct_over(b, *a),
                _ => None,
            };
            if let Some(p) = row.price_usd {
                last.insert(key, p);
            }
            let lane = match row.vendor_lane() {
                Some(own) => format!("vendor lane \"{own}\""),
                None => row.lane().label().to_owned(),
            };
            out.push(Point {
                vendor: v.quote.vendor.value.clone(),
                vendor_key: v.quote.vendor_key(),
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
                official_usd: v
                    .in_force
                    .get(&(row.offer_index, row.size, row.lane()))
                    .copied()
                    .flatten(),
                official_checked_on: v.in_force_on,
                file: v.quote.file.clone(),
                line: row.line,
                key: key.clone(),
            });
        }
    }
    // By model, size, lane and offer, each offer's versions in date order.
    out.sort_by(|a, b| {
        (
            &a.vendor_key,
            &a.model,
            &a.size,
            &a.lane,
            &a.key,
            a.received,
            &a.file,
        )
            .cmp(&(
                &b.vendor_key,
                &b.model,
                &b.size,
                &b.lane,
                &b.key,
                b.received,
                &b.file,
            ))
    });
    out
}
