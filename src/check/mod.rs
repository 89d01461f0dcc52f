//! Check: normalized offers → one comparison row per offer, findings, and a summary per file.
//!
//! Every offer yields exactly one row, comparable or not; every reason an offer is not
//! comparable is a finding with the vendor's words as evidence. The rule families run in the
//! order of [`crate::findings::Rule`]'s catalogue: route, price, claims, terms, dates. Each
//! reads the loaded quote and its normalization; none reaches back into loading or forward into
//! reporting. A [`Policy`] then turns rules off or changes their severity.

mod claims;
mod dates;
mod price;
mod route;
mod terms;
pub mod verdict;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::baseline::Baseline;
use crate::findings::{Finding, Rule, Severity};
use crate::model::{At, Offer, Quote};
use crate::normalize::{self, Normalized, unit::Fx};
use crate::policy::Policy;
pub use verdict::{ComparisonRow, Verdict};

/// The numbers rules compare against; a policy file can set each.
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    /// Percent either side of the official price that counts as `matches-official`.
    pub tolerance_pct: Decimal,
    /// A baseline older than this many days at `--as-of` is stale (medium)...
    pub stale_days: i64,
    /// ...and older than this many days, high.
    pub stale_high_days: i64,
    /// Percentage points a claimed saving may exceed the computed one.
    pub savings_slack_pts: Decimal,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            tolerance_pct: Decimal::new(5, 1),
            stale_days: 30,
            stale_high_days: 90,
            savings_slack_pts: Decimal::from(5),
        }
    }
}

/// What an audit is run with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub thresholds: Thresholds,
    pub fx: Fx,
    /// "Today" for date rules.
    pub as_of: Date,
    pub policy: Policy,
}

/// A file that could not be read, carried into the reports under `--keep-going`.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub file: String,
    pub line: usize,
    pub problem: String,
}

/// The audit of a set of quotes.
#[derive(Debug, Clone)]
pub struct Audit {
    pub baseline_checked_on: Date,
    pub rows: Vec<ComparisonRow>,
    pub findings: Vec<Finding>,
    pub files: Vec<FileSummary>,
}

/// One quote file's counts (summary.csv).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSummary {
    pub vendor: String,
    pub file: String,
    pub received: Option<Date>,
    pub offers: usize,
    pub comparable: usize,
    pub matches_official: usize,
    pub above_official: usize,
    pub below_official: usize,
    pub below_official_batch: usize,
    pub no_official_row: usize,
    pub not_comparable: usize,
    /// Findings by severity: high, medium, low, info.
    pub by_severity: [usize; 4],
}

impl FileSummary {
    pub fn worst(&self) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .zip(self.by_severity)
            .find(|(_, n)| *n > 0)
            .map(|(s, _)| s)
    }
}

/// One offer with its normalization and comparison, as the rules see it.
pub(crate) struct Entry<'q> {
    pub offer: &'q Offer,
    pub n: Normalized,
    pub row: ComparisonRow,
}

/// Collects findings for one quote.
pub(crate) struct Sink<'q> {
    pub quote: &'q Quote,
    pub findings: Vec<Finding>,
}

impl Sink<'_> {
    pub fn push(&mut self, rule: Rule, at: At, subject: String, message: String, evidence: &str) {
        self.push_with(rule, rule.severity(), at, subject, message, evidence);
    }

    /// A finding whose severity depends on what was found (`free-credits` said to be Google's).
    pub fn push_with(
        &mut self,
        rule: Rule,
        severity: Severity,
        at: At,
        subject: String,
        message: String,
        evidence: &str,
    ) {
        self.findings.push(Finding {
            vendor: self.quote.vendor.value.clone(),
            file: self.quote.file.clone(),
            line: at.line,
            rule,
            severity,
            subject,
            message,
            evidence: evidence.to_owned(),
        });
    }
}

/// Audits loaded quotes; `unreadable` files become `invalid-quote` findings.
pub fn audit(
    quotes: &[Quote],
    unreadable: &[Unreadable],
    baseline: &Baseline,
    settings: &Settings,
) -> Audit {
    use rayon::prelude::*;
    let t = &settings.thresholds;
    // Quotes are audited independently, on every core; collecting keeps their order, so the
    // output is the same whatever the number of threads.
    let per_quote: Vec<(Vec<ComparisonRow>, Vec<Finding>, FileSummary)> = quotes
        .par_iter()
        .map(|q| audit_quote(q, baseline, settings))
        .collect();
    let mut rows = Vec::new();
    let mut findings = Vec::new();
    let mut files = Vec::new();
    for (r, f, s) in per_quote {
        rows.extend(r);
        findings.extend(f);
        files.push(s);
    }
    for u in unreadable {
        let f = Finding {
            vendor: String::new(),
            file: u.file.clone(),
            line: u.line,
            rule: Rule::InvalidQuote,
            severity: Rule::InvalidQuote.severity(),
            subject: "file".into(),
            message: format!(
                "file could not be read, so none of its offers were audited: {}; fix it and run again",
                u.problem
            ),
            evidence: String::new(),
        };
        let mut summary = FileSummary {
            file: u.file.clone(),
            ..FileSummary::default()
        };
        if let Some(f) = settings.policy.apply(f) {
            summary.tally(std::slice::from_ref(&f));
            findings.push(f);
        }
        files.push(summary);
    }
    if let Some(stale) =
        dates::baseline_stale(baseline, settings.as_of, t).and_then(|f| settings.policy.apply(f))
    {
        findings.push(stale);
    }
    findings.par_sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    files.sort_by(|a, b| a.file.cmp(&b.file));
    Audit {
        baseline_checked_on: baseline.checked_on,
        rows,
        findings,
        files,
    }
}

/// One quote's rows, findings (after the policy) and summary.
fn audit_quote(
    quote: &Quote,
    baseline: &Baseline,
    settings: &Settings,
) -> (Vec<ComparisonRow>, Vec<Finding>, FileSummary) {
    let t = &settings.thresholds;
    let mut sink = Sink {
        quote,
        findings: Vec::new(),
    };
    let upstream_marker = route::unofficial_upstream(&mut sink);
    let entries: Vec<Entry<'_>> = quote
        .offers
        .iter()
        .map(|offer| {
            let n = normalize::offer(quote, offer, baseline, &settings.fx);
            let unofficial =
                route::offer_findings(&mut sink, offer, &n, baseline, upstream_marker.is_some());
            let row = verdict::row(quote, offer, &n, baseline, t.tolerance_pct, unofficial);
            Entry { offer, n, row }
        })
        .collect();
    price::check(&mut sink, &entries, baseline, t);
    claims::check(&mut sink, &entries, baseline, t);
    terms::check(&mut sink);
    dates::check(&mut sink, &entries, baseline, settings.as_of);

    let mut summary = FileSummary {
        vendor: quote.vendor.value.clone(),
        file: quote.file.clone(),
        received: Some(quote.received.value),
        ..FileSummary::default()
    };
    for e in &entries {
        summary.count(e.row.verdict);
    }
    let kept: Vec<Finding> = sink
        .findings
        .into_iter()
        .filter_map(|f| settings.policy.apply(f))
        .collect();
    summary.tally(&kept);
    (entries.into_iter().map(|e| e.row).collect(), kept, summary)
}

impl FileSummary {
    fn count(&mut self, v: Verdict) {
        self.offers += 1;
        match v {
            Verdict::AboveOfficial => self.above_official += 1,
            Verdict::MatchesOfficial => self.matches_official += 1,
            Verdict::BelowOfficial => self.below_official += 1,
            Verdict::BelowOfficialBatch => self.below_official_batch += 1,
            Verdict::NoOfficialRow => self.no_official_row += 1,
            Verdict::NotComparable => self.not_comparable += 1,
        }
        if v.is_comparable() {
            self.comparable += 1;
        }
    }

    fn tally(&mut self, findings: &[Finding]) {
        for f in findings {
            let i = Severity::ALL
                .iter()
                .position(|s| *s == f.severity)
                .unwrap_or(3);
            self.by_severity[i] += 1;
        }
    }
}
