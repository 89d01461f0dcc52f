//! Date rules against `--as-of`: a stale baseline, an expired quote, a route never test-called,
//! and comparisons against secondhand figures. A model's retirement is a route rule
//! ([`super::route`]); the dates themselves are read by [`crate::load`].

use jiff::civil::Date;

use super::context::{Context, Findings};
use crate::load::baseline::Baseline;
use crate::model::{Finding, QuoteKey, Rule, Severity, Subject, Thresholds};

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn days(from: Date, to: Date) -> i64 {
    i64::from(to.since(from).map_or(0, |span| span.get_days()))
}

/// The baseline's age at `as_of`: one finding for the whole audit, pointing at the baseline.
pub(super) fn baseline_stale(baseline: &Baseline, as_of: Date, t: &Thresholds) -> Option<Finding> {
    let age = days(baseline.checked_on, as_of);
    let severity = if age > t.stale_high_days {
        Severity::High
    } else if age > t.stale_days {
        Severity::Medium
    } else {
        return None;
    };
    Some(Finding {
        vendor: String::new(),
        file: baseline.file.clone(),
        line: baseline.checked_on_at.line,
        rule: Rule::BaselineStale,
        severity,
        subject: Subject::BaselineCheckedOn,
        message: format!(
            "the official prices were checked on {} and are {age} days old at {as_of} (stale after {}, high after {}); recheck Google's pricing page and update the baseline before relying on these comparisons",
            baseline.checked_on, t.stale_days, t.stale_high_days
        ),
        evidence: baseline.checked_on.to_string(),
    })
}

pub(super) fn quote_expired(cx: &Context<'_>, out: &mut Findings<'_>) {
    let as_of = cx.settings.as_of;
    let Some(until) = cx.quote.valid_until.as_ref().filter(|d| d.value < as_of) else {
        return;
    };
    out.push(
        Rule::QuoteExpired,
        until.at,
        Subject::Quote(QuoteKey::ValidUntil),
        format!(
            "the quote was valid until {}, {} before {as_of}; ask the vendor for a current quote",
            until.value,
            match days(until.value, as_of) {
                1 => "1 day".to_owned(),
                n => format!("{n} days"),
            }
        ),
        &until.value.to_string(),
    );
}

pub(super) fn route_unverified(cx: &Context<'_>, out: &mut Findings<'_>) {
    if cx.quote.verified.is_none() {
        out.push(
            Rule::RouteUnverified,
            cx.quote.vendor.at,
            Subject::Quote(QuoteKey::Verified),
            "no test call on the exact route is recorded; run one and write its date as `verified:`".into(),
            "",
        );
    }
}

/// An offer compared using a figure the baseline marks `verified: false`: the price row, or the
/// tokens per image a token price was converted with.
pub(super) fn baseline_row_unverified(cx: &Context<'_>, out: &mut Findings<'_>) {
    for e in &cx.entries {
        let (Some(route), Some(row)) = (e.n.route(cx.baseline), e.n.row(cx.baseline)) else {
            continue;
        };
        let mut secondhand = Vec::new();
        if !row.verified && e.row.official_usd.is_some() {
            secondhand.push(format!(
                "the official price row for {} at {}",
                route.id, row.size
            ));
        }
        if e.n.tokens_from_baseline && row.tokens.as_ref().is_some_and(|t| !t.verified) {
            secondhand.push(format!(
                "the baseline's tokens per image for {} at {}",
                route.id, row.size
            ));
        }
        if secondhand.is_empty() {
            continue;
        }
        out.push(
            Rule::BaselineRowUnverified,
            e.offer.at,
            Subject::Offer {
                index: e.offer.index,
                field: None,
            },
            format!(
                "compared using {}, a secondhand figure (verified: false); confirm it on Google's own pricing page",
                secondhand.join(" and ")
            ),
            &e.offer.route.value,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::cases::assert_rule;

    #[test]
    fn baseline_stale_fires_past_the_stale_days_and_is_high_past_the_high_days() {
        let b = Baseline::embedded();
        let t = Thresholds::default();
        let at = |d: &str| baseline_stale(&b, d.parse().unwrap(), &t);
        assert_eq!(at("2026-05-20"), None, "30 days old is not yet stale");
        let medium = at("2026-06-01").unwrap();
        assert_eq!((medium.severity, medium.line), (Severity::Medium, 15));
        assert_eq!(medium.subject, Subject::BaselineCheckedOn);
        assert_eq!(at("2026-08-01").unwrap().severity, Severity::High);
    }

    #[test]
    fn quote_expired_fires_after_valid_until() {
        assert_rule(Rule::QuoteExpired, quote_expired);
    }

    #[test]
    fn route_unverified_fires_without_a_test_call() {
        assert_rule(Rule::RouteUnverified, route_unverified);
    }

    #[test]
    fn baseline_row_unverified_fires_on_a_secondhand_row() {
        assert_rule(Rule::BaselineRowUnverified, baseline_row_unverified);
    }
}
