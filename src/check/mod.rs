//! Check: normalized offers → one comparison row per offer, findings, and a summary per file.
//!
//! Every offer yields exactly one row, comparable or not; every reason an offer is not
//! comparable is a finding with the vendor's words as evidence. Checks read the loaded quote
//! and its normalization; they never reach back into loading or forward into reporting.

mod route;
pub mod verdict;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::baseline::Baseline;
use crate::findings::{Finding, Rule, Severity};
use crate::model::{At, Quote};
use crate::normalize::{self, unit::Fx};
pub use verdict::{ComparisonRow, Verdict};

/// What an audit is run with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Percent either side of the official price that counts as `matches-official`.
    pub tolerance_pct: Decimal,
    pub fx: Fx,
    /// "Today" for date rules.
    pub as_of: Date,
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

/// Collects findings for one quote.
pub(crate) struct Sink<'q> {
    pub quote: &'q Quote,
    pub findings: Vec<Finding>,
}

impl Sink<'_> {
    pub fn push(&mut self, rule: Rule, at: At, subject: String, message: String, evidence: &str) {
        self.findings.push(Finding {
            vendor: self.quote.vendor.value.clone(),
            file: self.quote.file.clone(),
            line: at.line,
            rule,
            severity: rule.severity(),
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
    let mut rows = Vec::new();
    let mut findings = Vec::new();
    let mut files = Vec::new();
    for quote in quotes {
        let mut sink = Sink {
            quote,
            findings: Vec::new(),
        };
        let mut quote_rows = Vec::new();
        let upstream_marker = route::unofficial_upstream(&mut sink, baseline);
        for offer in &quote.offers {
            let n = normalize::offer(quote, offer, baseline, &settings.fx);
            let blocked =
                route::offer_findings(&mut sink, offer, &n, baseline, upstream_marker.is_some());
            quote_rows.push(verdict::row(quote, offer, &n, baseline, settings, blocked));
        }
        let mut summary = FileSummary {
            vendor: quote.vendor.value.clone(),
            file: quote.file.clone(),
            received: Some(quote.received.value),
            ..FileSummary::default()
        };
        for r in &quote_rows {
            summary.count(r.verdict);
        }
        summary.tally(&sink.findings);
        files.push(summary);
        rows.extend(quote_rows);
        findings.extend(sink.findings);
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
        summary.tally(std::slice::from_ref(&f));
        files.push(summary);
        findings.push(f);
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    files.sort_by(|a, b| a.file.cmp(&b.file));
    Audit {
        baseline_checked_on: baseline.checked_on,
        rows,
        findings,
        files,
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
