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
pub use claims::compile_patterns;
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
    /// How many of the file's findings are at `level` or more severe.
    pub fn at_or_above(&self, level: Severity) -> usize {
        Severity::ALL
            .into_iter()
            .zip(self.by_severity)
            .filter(|(s, _)| *s >= level)
            .map(|(_, n)| n)
            .sum()
    }

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

/// One quote file's audit: its comparison rows, its findings (after the policy, in report
/// order) and its summary line.
#[derive(Debug, Clone)]
pub struct FileAudit {
    pub rows: Vec<ComparisonRow>,
    pub findings: Vec<Finding>,
    pub summary: FileSummary,
}

/// Audits loaded quotes; `unreadable` files become `invalid-quote` findings.
///
/// The result is what auditing each file with [`audit_quote`] and [`audit_unreadable`] and
/// adding [`audit_baseline`] gives, in report order; `quote-audit audit` does exactly that one
/// file at a time, so a large run never holds every row at once.
pub fn audit(
    quotes: &[Quote],
    unreadable: &[Unreadable],
    baseline: &Baseline,
    settings: &Settings,
) -> Audit {
    use rayon::prelude::*;
    // Quotes are audited independently, on every core; collecting keeps their order, so the
    // output is the same whatever the number of threads.
    let mut parts: Vec<(&str, FileAudit)> = quotes
        .par_iter()
        .map(|q| (q.file.as_str(), audit_quote(q, baseline, settings)))
        .collect();
    parts.extend(
        unreadable
            .iter()
            .map(|u| (u.file.as_str(), audit_unreadable(u, settings))),
    );
    parts.sort_by(|a, b| a.0.cmp(b.0));
    let mut rows = Vec::new();
    let mut findings = Vec::new();
    let mut files = Vec::new();
    for (_, part) in parts {
        rows.extend(part.rows);
        findings.extend(part.findings);
        files.push(part.summary);
    }
    // Before the first file whose name sorts at or after the baseline's.
    if let Some(stale) = audit_baseline(baseline, settings) {
        let at = findings.partition_point(|f| f.file < stale.file);
        findings.insert(at, stale);
    }
    Audit {
        baseline_checked_on: baseline.checked_on,
        rows,
        findings,
        files,
    }
}

/// The findings about the baseline itself (after the policy): a stale baseline.
pub fn audit_baseline(baseline: &Baseline, settings: &Settings) -> Option<Finding> {
    dates::baseline_stale(baseline, settings.as_of, &settings.thresholds)
        .and_then(|f| settings.policy.apply(f))
}

/// A file that could not be read: no rows, one `invalid-quote` finding (unless the policy
/// turns it off), and a summary line that counts it.
pub fn audit_unreadable(u: &Unreadable, settings: &Settings) -> FileAudit {
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
    let findings: Vec<Finding> = settings.policy.apply(f).into_iter().collect();
    let mut summary = FileSummary {
        file: u.file.clone(),
        ..FileSummary::default()
    };
    summary.tally(&findings);
    FileAudit {
        rows: Vec::new(),
        findings,
        summary,
    }
}

/// One quote's rows, findings (after the policy, in report order) and summary.
pub fn audit_quote(quote: &Quote, baseline: &Baseline, settings: &Settings) -> FileAudit {
    let t = &settings.thresholds;
    let mut sink = Sink {
        quote,
        findings: Vec::new(),
    };
    let upstream_marker = route::unofficial_upstream(&mut sink);
    let mut readings = normalize::Readings::default();
    let entries: Vec<Entry<'_>> = quote
        .offers
        .iter()
        .map(|offer| {
            let n = normalize::offer_with(&mut readings, quote, offer, baseline, &settings.fx);
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
    let mut findings: Vec<Finding> = sink
        .findings
        .into_iter()
        .filter_map(|f| settings.policy.apply(f))
        .collect();
    findings.sort_by(|a, b| a.order_in_file().cmp(&b.order_in_file()));
    summary.tally(&findings);
    FileAudit {
        rows: entries.into_iter().map(|e| e.row).collect(),
        findings,
        summary,
    }
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
