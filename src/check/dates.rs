//! Date rules against `--as-of`: a stale baseline, an expired quote, a model retiring within
//! the quote's validity, a route never test-called, and comparisons against secondhand figures.

use jiff::civil::Date;

use crate::baseline::Baseline;
use crate::check::{Entry, Sink, Thresholds};
use crate::findings::{Finding, Rule, Severity};

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn days(from: Date, to: Date) -> i64 {
    i64::from(to.since(from).map_or(0, |span| span.get_days()))
}

/// The baseline's age at `as_of`: one finding for the whole audit, pointing at the baseline.
pub(crate) fn baseline_stale(baseline: &Baseline, as_of: Date, t: &Thresholds) -> Option<Finding> {
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
        subject: "checked_on".into(),
        message: format!(
            "the official prices were checked on {} and are {age} days old at {as_of} (stale after {}, high after {}); recheck Google's pricing page and update the baseline before relying on these comparisons",
            baseline.checked_on, t.stale_days, t.stale_high_days
        ),
        evidence: baseline.checked_on.to_string(),
    })
}

pub(crate) fn check(sink: &mut Sink<'_>, entries: &[Entry<'_>], baseline: &Baseline, as_of: Date) {
    let q = sink.quote;
    if let Some(until) = &q.valid_until
        && until.value < as_of
    {
        sink.push(
            Rule::QuoteExpired,
            until.at,
            "valid_until".into(),
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
    if q.verified.is_none() {
        sink.push(
            Rule::RouteUnverified,
            q.vendor.at,
            "verified".into(),
            "no test call on the exact route is recorded; run one and write its date as `verified:`".into(),
            "",
        );
    }
    // The quote is relied on until it expires, or from today when it does not say.
    let relied_until = q.valid_until.as_ref().map_or(as_of, |d| d.value);
    for e in entries {
        let i = e.offer.index;
        if let Some(route) = e.n.route(baseline)
            && let Some(retires) = route.retires
            && retires <= relied_until
        {
            sink.push(
                Rule::RouteRetired,
                e.offer.route.at,
                format!("offers[{i}].route"),
                if retires <= as_of {
                    format!("{} retired on {retires}; ask which model serves the quote now", route.id)
                } else {
                    format!(
                        "{} retires on {retires}, within the quote's validity (to {relied_until}); ask which model serves the quote after that date",
                        route.id
                    )
                },
                &e.offer.route.value,
            );
        }
        let Some(row) = e.n.row(baseline) else {
            continue;
        };
        let mut secondhand = Vec::new();
        if !row.verified && e.row.official_usd.is_some() {
            secondhand.push(format!(
                "the official price row for {} at {}",
                route_id(e, baseline),
                row.size
            ));
        }
        if e.n.tokens_from_baseline && row.tokens.as_ref().is_some_and(|t| !t.verified) {
            secondhand.push(format!(
                "the baseline's tokens per image for {} at {}",
                route_id(e, baseline),
                row.size
            ));
        }
        if !secondhand.is_empty() {
            sink.push(
                Rule::BaselineRowUnverified,
                e.offer.at,
                format!("offers[{i}]"),
                format!(
                    "compared using {}, a secondhand figure (verified: false); confirm it on Google's own pricing page",
                    secondhand.join(" and ")
                ),
                &e.offer.route.value,
            );
        }
    }
}

fn route_id<'b>(e: &Entry<'_>, baseline: &'b Baseline) -> &'b str {
    e.n.route(baseline).map_or("", |r| r.id.as_str())
}
