//! The comparison of one offer with the official row in the same lane, and its verdict: the
//! comparison.csv row. The findings about it are the price rules' ([`super::price`]).

use std::fmt;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::load::baseline::Baseline;
use crate::model::{Lane, Offer, Quote, SizeClass, Unit};
use crate::money::pct_over;
use crate::normalize::Normalized;
use crate::normalize::lane::LaneReading;

/// What the comparison says about an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    AboveOfficial,
    MatchesOfficial,
    BelowOfficial,
    BelowOfficialBatch,
    NoOfficialRow,
    NotComparable,
}

impl Verdict {
    pub const ALL: [Verdict; 6] = [
        Verdict::AboveOfficial,
        Verdict::MatchesOfficial,
        Verdict::BelowOfficial,
        Verdict::BelowOfficialBatch,
        Verdict::NoOfficialRow,
        Verdict::NotComparable,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Verdict::AboveOfficial => "above-official",
            Verdict::MatchesOfficial => "matches-official",
            Verdict::BelowOfficial => "below-official",
            Verdict::BelowOfficialBatch => "below-official-batch",
            Verdict::NoOfficialRow => "no-official-row",
            Verdict::NotComparable => "not-comparable",
        }
    }

    /// Compared with an official price.
    pub fn is_comparable(self) -> bool {
        !matches!(self, Verdict::NoOfficialRow | Verdict::NotComparable)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One line of comparison.csv. `None` is an empty cell: the value does not apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparisonRow {
    pub vendor: String,
    pub file: String,
    /// The line of the offer, or of the multiplier the row was priced with.
    pub line: usize,
    /// The offer's position in its file, from 0 (an offer may have several rows).
    pub offer_index: usize,
    pub offer_id: Option<String>,
    pub route_quoted: String,
    pub model: Option<String>,
    pub size_quoted: String,
    pub size: Option<SizeClass>,
    pub lane_quoted: Option<String>,
    /// How the lane words were read: an official lane, or the vendor's own (compared against
    /// Standard).
    pub lane_reading: LaneReading,
    pub unit: Unit,
    pub price_quoted: String,
    pub currency: String,
    pub price_usd: Option<Decimal>,
    pub official_usd: Option<Decimal>,
    pub official_standard_usd: Option<Decimal>,
    pub official_batch_usd: Option<Decimal>,
    pub delta_usd: Option<Decimal>,
    pub delta_pct: Option<Decimal>,
    pub verdict: Verdict,
    pub baseline_checked_on: Date,
    /// The upper end of a price range, in USD per image.
    pub price_to_usd: Option<Decimal>,
    /// Mandatory surcharges, in USD per image.
    pub surcharges_usd: Option<Decimal>,
    /// USD per delivered image after mandatory surcharges, top-up bonus and the vendor's rate.
    pub effective_usd: Option<Decimal>,
    pub note: Option<String>,
}

impl ComparisonRow {
    /// The official lane the offer is compared in.
    pub fn lane(&self) -> Lane {
        self.lane_reading.lane()
    }

    /// The vendor's own lane, as it wrote it (trimmed), when the lane is not an official one.
    pub fn vendor_lane(&self) -> Option<&str> {
        match self.lane_reading {
            LaneReading::Vendor => self.lane_quoted.as_deref().map(str::trim),
            LaneReading::Official(_) => None,
        }
    }
}

/// Compares one offer. `unofficial` offers are never compared.
pub(crate) fn row(
    quote: &Quote,
    offer: &Offer,
    n: &Normalized,
    baseline: &Baseline,
    tolerance_pct: Decimal,
    unofficial: bool,
) -> ComparisonRow {
    let lane = n.lane.lane();
    let official = official_prices(n, baseline, lane);
    let price_usd = n.price_usd.as_ref().ok().copied();
    let official_usd = official.as_ref().and_then(|o| o.lane);
    let compared = match (price_usd, official_usd) {
        (Some(p), Some(o)) if !unofficial && !p.is_zero() => Some((p, o)),
        _ => None,
    };
    let delta_pct = compared.and_then(|(p, o)| pct_over(p, o));
    let verdict = match compared {
        Some((p, o)) => judge(
            p,
            delta_pct,
            official.as_ref().map_or(o, |r| r.batch),
            tolerance_pct,
        ),
        None if !unofficial
            && n.route(baseline).is_some()
            && n.size.is_ok()
            && official_usd.is_none()
            && n.price_usd.is_ok() =>
        {
            Verdict::NoOfficialRow
        }
        None => Verdict::NotComparable,
    };
    let delta_usd = compared.and_then(|(p, o)| p.checked_sub(o));
    ComparisonRow {
        vendor: quote.vendor.value.clone(),
        file: quote.file.clone(),
        line: n.part.line,
        offer_index: offer.index,
        offer_id: offer.id.as_ref().map(|i| i.value.trim().to_owned()),
        route_quoted: offer.route.value.clone(),
        model: n.route(baseline).map(|r| r.id.clone()),
        size_quoted: n.part.size_quoted.clone(),
        size: n.size.as_ref().ok().copied(),
        lane_quoted: offer.lane.as_ref().map(|l| l.value.clone()),
        lane_reading: n.lane,
        unit: n.unit,
        price_quoted: match n.part.factor {
            Some(f) => format!("{} × {}", offer.price_text.trim(), f.normalize()),
            None => offer.price_text.clone(),
        },
        currency: quote.currency().to_owned(),
        price_usd,
        official_usd,
        official_standard_usd: official.as_ref().map(|r| r.standard),
        official_batch_usd: official.as_ref().map(|r| r.batch),
        delta_usd,
        delta_pct,
        verdict,
        baseline_checked_on: baseline.checked_on,
        price_to_usd: n.price_to_usd,
        surcharges_usd: n.surcharges_usd,
        effective_usd: n.effective_usd,
        note: offer.note.as_ref().map(|t| t.value.clone()),
    }
}

/// Google's prices per image for an offer's row: in its lane (if the snapshot prices that
/// lane), Standard and Batch.
struct Official {
    lane: Option<Decimal>,
    standard: Decimal,
    batch: Decimal,
}

/// A price per 1M tokens is compared on its rate: Google's rate in the lane times Google's
/// tokens per image, so Google's own rate matches exactly rather than landing beside a
/// per-image row rounded to the cent. Any other price is compared with
/// the row for its size.
fn official_prices(n: &Normalized, baseline: &Baseline, lane: Lane) -> Option<Official> {
    let by_rate = || {
        let rates = n.route(baseline)?.rates.as_ref()?;
        // Google's tokens per image where the snapshot has them: a vendor that bills more
        // tokens for the same image costs more. Else (a size known only by its rate) the
        // offer's own count.
        let google_tokens = n
            .row(baseline)
            .and_then(|r| r.tokens.as_ref())
            .map(|t| t.per_image);
        let tokens = Decimal::from(google_tokens.or(n.tokens)?);
        let per_image = |rate: Decimal| {
            rate.checked_mul(tokens)?
                .checked_div(Decimal::from(1_000_000))
        };
        Some(Official {
            lane: rates.rate(lane).and_then(per_image),
            standard: per_image(rates.standard)?,
            batch: per_image(rates.batch)?,
        })
    };
    if n.unit == Unit::MillionTokens
        && let Some(official) = by_rate()
    {
        return Some(official);
    }
    n.row(baseline).map(|r| Official {
        lane: r.price(lane),
        standard: r.standard,
        batch: r.batch,
    })
}

/// The verdict of a USD price against the official price in its lane, given how far `price`
/// is over it in percent, with `tolerance_pct` percent either side counting as a match. Below
/// Google's own Batch price is reported as such whatever the lane. Exact and overflow-free: a
/// price too far above the official one for its percentage to be represented is above it.
fn judge(
    price: Decimal,
    over_official: Option<Decimal>,
    official_batch: Decimal,
    tolerance_pct: Decimal,
) -> Verdict {
    match over_official {
        None => Verdict::AboveOfficial,
        Some(p) if p > tolerance_pct => Verdict::AboveOfficial,
        _ if pct_over(price, official_batch).is_some_and(|p| p < -tolerance_pct) => {
            Verdict::BelowOfficialBatch
        }
        Some(p) if p < -tolerance_pct => Verdict::BelowOfficial,
        Some(_) => Verdict::MatchesOfficial,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn verdict(
        price: Decimal,
        official: Decimal,
        batch: Decimal,
        tolerance_pct: Decimal,
    ) -> Verdict {
        judge(price, pct_over(price, official), batch, tolerance_pct)
    }

    #[test]
    fn tolerance_edges_are_inclusive() {
        let (o, b, t) = (d("0.100"), d("0.050"), d("0.5"));
        assert_eq!(verdict(d("0.1005"), o, b, t), Verdict::MatchesOfficial);
        assert_eq!(verdict(d("0.10051"), o, b, t), Verdict::AboveOfficial);
        assert_eq!(verdict(d("0.0995"), o, b, t), Verdict::MatchesOfficial);
        assert_eq!(verdict(d("0.09949"), o, b, t), Verdict::BelowOfficial);
        assert_eq!(verdict(d("0.04975"), o, b, t), Verdict::BelowOfficial);
        assert_eq!(verdict(d("0.04974"), o, b, t), Verdict::BelowOfficialBatch);
    }

    #[test]
    fn batch_lane_below_its_own_price_is_below_batch() {
        assert_eq!(
            verdict(d("0.04"), d("0.05"), d("0.05"), d("0.5")),
            Verdict::BelowOfficialBatch
        );
        assert_eq!(
            verdict(d("0.05"), d("0.05"), d("0.05"), d("0.5")),
            Verdict::MatchesOfficial
        );
    }
}
