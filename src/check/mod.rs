//! Check: normalized offers → one comparison row per offer, findings, and a summary per file.
//!
//! Every offer yields exactly one row, comparable or not (`verdict.rs`); every reason an offer
//! is not comparable is a finding with the vendor's words as evidence. The checks are small
//! functions, one per rule, in their family's file (route, price, claims, terms, dates) and run
//! in the order of `CHECKS`; each reads the audited quote (`Context`) and reports into
//! `Findings`. A [`Policy`](crate::model::Policy) then turns rules off or changes their
//! severity. Nothing here reads files or writes reports.

#[cfg(test)]
mod cases;
mod claims;
mod context;
mod dates;
mod input;
mod price;
mod route;
mod terms;
mod verdict;

use jiff::civil::Date;

use crate::diag::Diagnostic;
use crate::load::baseline::Baseline;
use crate::model::{Family, Finding, Quote, Rule, Severity, Subject};
pub use context::Settings;
use context::{Check, Context, Findings};
pub use terms::{unowned, untold};
pub use verdict::{ComparisonRow, Verdict};

/// Every check of a quote, with the rules it reports, in catalogue order. A new rule is a
/// function in its family's file and a line here. (The claim rules share one reading of each
/// claim, so they are one check.)
const CHECKS: &[(&[Rule], Check)] = &[
    (&[Rule::DraftUnreviewed], input::draft_unreviewed),
    (&[Rule::UnknownRoute], route::unknown_route),
    (&[Rule::AmbiguousRoute], route::ambiguous_route),
    (&[Rule::GenericRouteName], route::generic_route_name),
    (&[Rule::UnofficialRoute], route::unofficial_route),
    (&[Rule::UnknownSize], route::unknown_size),
    (&[Rule::SizeUnstated], route::size_unstated),
    (&[Rule::NoOfficialRow], route::no_official_row),
    (&[Rule::VendorLane], route::vendor_lane),
    (&[Rule::RouteRetired], route::route_retired),
    (&[Rule::UnitUnresolved], price::unit_unresolved),
    (&[Rule::NoFxRate], price::no_fx_rate),
    (&[Rule::ZeroPrice], price::zero_price),
    (&[Rule::PriceNotFirm], price::price_not_firm),
    (&[Rule::AboveOfficial], price::above_official),
    (&[Rule::BelowOfficialBatch], price::below_official_batch),
    (&[Rule::OfficialBatchCheaper], price::official_batch_cheaper),
    (
        &[Rule::OfficialPriceMisquoted],
        price::official_price_misquoted,
    ),
    (&[Rule::PriceMapDisagrees], price::price_map_disagrees),
    (
        &[Rule::FlatPriceAcrossSizes],
        price::flat_price_across_sizes,
    ),
    (claims::RULES, claims::check),
    (&[Rule::DataHandlingUnstated], terms::data_handling_unstated),
    (&[Rule::TrainingUse], terms::training_use),
    (&[Rule::UpstreamUnstated], terms::upstream_unstated),
    (&[Rule::BillingUnstated], terms::billing_unstated),
    (&[Rule::SupportUnstated], terms::support_unstated),
    (
        &[Rule::FailedGenerationBillingUnstated],
        terms::failed_generation_billing_unstated,
    ),
    (
        &[Rule::FailedGenerationsBilled],
        terms::failed_generations_billed,
    ),
    (&[Rule::CreditsTermsUnstated], terms::credits_terms_unstated),
    (&[Rule::QuotaUnstated], terms::quota_unstated),
    (&[Rule::SafetyUnstated], terms::safety_unstated),
    (&[Rule::UptimeUnstated], terms::uptime_unstated),
    (&[Rule::RecoveryUnstated], terms::recovery_unstated),
    (&[Rule::QuoteExpired], dates::quote_expired),
    (&[Rule::RouteUnverified], dates::route_unverified),
    (
        &[Rule::BaselineRowUnverified],
        dates::baseline_row_unverified,
    ),
];

/// A file that could not be read, carried into the reports under `--keep-going`.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub file: String,
    pub line: usize,
    pub problem: String,
}

impl Unreadable {
    /// A file as the reports carry it: its first problem, and how many more there are.
    pub fn new(file: &str, diags: &[Diagnostic]) -> Unreadable {
        let Some(first) = diags.first() else {
            return Unreadable {
                file: file.to_owned(),
                line: 0,
                problem: "cannot be read".into(),
            };
        };
        let more = match diags.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        Unreadable {
            file: file.to_owned(),
            line: first.line,
            problem: format!("{}:{}: {}{more}", first.line, first.col, first.message),
        }
    }
}

/// The audit of a set of quotes.
#[derive(Debug, Clone)]
pub struct Audit {
    pub baseline_checked_on: Date,
    pub rows: Vec<ComparisonRow>,
    pub findings: Vec<Finding>,
    pub files: Vec<FileSummary>,
}

impl Audit {
    /// An audit of no files yet.
    pub fn new(baseline: &Baseline) -> Audit {
        Audit {
            baseline_checked_on: baseline.checked_on,
            rows: Vec::new(),
            findings: Vec::new(),
            files: Vec::new(),
        }
    }

    /// Adds one file's audit after the files already added.
    pub fn push(&mut self, part: FileAudit) {
        self.rows.extend(part.rows);
        self.findings.extend(part.findings);
        self.files.push(part.summary);
    }

    /// Adds the finding about the baseline where the reports list it (see [`listed_before`]).
    pub fn add_baseline_finding(&mut self, f: Finding) {
        let at = self
            .findings
            .partition_point(|g| !listed_before(&f, &g.file));
        self.findings.insert(at, f);
    }
}

/// Whether the finding about the baseline is listed before the findings of `file`: it goes
/// before the first file whose name sorts at or after the baseline's.
pub fn listed_before(baseline_finding: &Finding, file: &str) -> bool {
    baseline_finding.file.as_str() <= file
}

/// One quote file's counts (summary.csv).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSummary {
    pub vendor: String,
    pub file: String,
    pub received: Option<Date>,
    /// Comparison rows: an offer priced at several sizes has one per size.
    pub offers: usize,
    /// Offers as the file lists them.
    pub quoted: usize,
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
/// The result is what auditing each file with [`audit_file`] and adding [`audit_baseline`]
/// gives, in report order; `quote-audit audit` does exactly that one file at a time, so a
/// large run never holds every row at once.
pub fn audit(
    quotes: &[Quote],
    unreadable: &[Unreadable],
    baseline: &Baseline,
    settings: &Settings,
) -> Audit {
    use rayon::prelude::*;
    // Quotes are audited independently, on every core of the current pool; collecting keeps
    // their order, so the output is the same whatever the number of threads.
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
    let mut audit = Audit::new(baseline);
    for (_, part) in parts {
        audit.push(part);
    }
    if let Some(stale) = audit_baseline(baseline, settings) {
        audit.add_baseline_finding(stale);
    }
    audit
}

/// The findings about the baseline itself (after the policy): a stale baseline.
pub fn audit_baseline(baseline: &Baseline, settings: &Settings) -> Option<Finding> {
    dates::baseline_stale(baseline, settings.as_of, &settings.thresholds)
        .and_then(|f| settings.policy.apply(f))
}

/// One file's audit: a quote's, or, for a file that could not be read, its `invalid-quote`
/// finding.
pub fn audit_file(
    name: &str,
    loaded: &Result<Quote, Vec<Diagnostic>>,
    baseline: &Baseline,
    settings: &Settings,
) -> FileAudit {
    match loaded {
        Ok(quote) => audit_quote(quote, baseline, settings),
        Err(diags) => audit_unreadable(&Unreadable::new(name, diags), settings),
    }
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
        subject: Subject::File,
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

/// Whether `rule` can say anything of `quote`. A quote imported from a public price map gives
/// prices only: nothing of terms, claims, validity or test calls. Where the map's provider is
/// Google itself, its figures are Google's own statement, checked by `price-map-disagrees`,
/// not offers to weigh against Google's price.
fn applies(rule: Rule, quote: &Quote) -> bool {
    let Some(map) = &quote.price_map else {
        return true;
    };
    match rule {
        Rule::RouteUnverified | Rule::QuoteExpired => false,
        Rule::ZeroPrice
        | Rule::AboveOfficial
        | Rule::BelowOfficialBatch
        | Rule::OfficialBatchCheaper
        | Rule::FlatPriceAcrossSizes => !map.official,
        _ => !matches!(rule.family(), Family::Terms | Family::Claim),
    }
}

/// One quote's rows, findings (after the policy, in report order) and summary.
pub fn audit_quote(quote: &Quote, baseline: &Baseline, settings: &Settings) -> FileAudit {
    let cx = Context::new(quote, baseline, settings);
    let mut found = Findings::new(quote);
    let policy = &settings.policy;
    for (rules, check) in CHECKS {
        // A check whose every rule is off, or says nothing of this kind of quote, is skipped.
        if rules
            .iter()
            .any(|r| policy.reports(*r) && applies(*r, quote))
        {
            let before = found.len();
            check(&cx, &mut found);
            // Skipping is only right if a check reports no rule but those listed for it.
            debug_assert!(
                found.rules_since(before).all(|r| rules.contains(&r)),
                "a check reported a rule its entry in CHECKS does not list"
            );
        }
    }
    let mut summary = FileSummary {
        vendor: quote.vendor.value.clone(),
        file: quote.file.clone(),
        received: Some(quote.received.value),
        ..FileSummary::default()
    };
    for e in &cx.entries {
        summary.count(e.row.verdict);
    }
    summary.quoted = cx.offers().count();
    let mut findings: Vec<Finding> = found
        .into_vec()
        .into_iter()
        .filter_map(|f| policy.apply(f))
        .collect();
    findings.sort_by(Finding::cmp_in_file);
    summary.tally(&findings);
    FileAudit {
        rows: cx.entries.into_iter().map(|e| e.row).collect(),
        findings,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Family;

    #[test]
    fn every_rule_of_a_quote_is_checked_by_the_list() {
        let listed: Vec<Rule> = CHECKS
            .iter()
            .flat_map(|(rules, _)| rules.iter())
            .copied()
            .collect();
        for rule in Rule::ALL {
            // A file that cannot be read and the baseline's age are not about a quote.
            let of_a_quote = !matches!(rule, Rule::InvalidQuote | Rule::BaselineStale);
            assert_eq!(listed.contains(rule), of_a_quote, "{}", rule.id());
        }
    }

    #[test]
    fn checks_are_listed_in_catalogue_order() {
        let first_of = |(rules, _): &(&[Rule], Check)| rules[0];
        let firsts: Vec<Rule> = CHECKS.iter().map(first_of).collect();
        assert!(firsts.is_sorted(), "{firsts:?}");
        let families: Vec<Family> = firsts.iter().map(|r| r.family()).collect();
        assert!(families.is_sorted(), "{families:?}");
    }

    #[test]
    fn a_file_that_cannot_be_read_is_one_invalid_quote_finding() {
        let settings = cases::settings(None, &[]);
        let diags = vec![
            Diagnostic::whole("q.yaml", "first"),
            Diagnostic::whole("q.yaml", "second"),
        ];
        let part = audit_file("q.yaml", &Err(diags), &Baseline::embedded(), &settings);
        assert!(part.rows.is_empty());
        assert_eq!(part.findings.len(), 1);
        let f = &part.findings[0];
        assert_eq!(
            (f.rule, f.severity, &f.subject),
            (Rule::InvalidQuote, Severity::High, &Subject::File)
        );
        assert!(
            f.message.contains("1:1: first (and 1 more)"),
            "{}",
            f.message
        );
        assert_eq!(part.summary.by_severity, [1, 0, 0, 0]);
        // Its near miss: a file that reads has no such finding.
        let quote = cases::quote(
            "vendor: A\nreceived: 2026-05-01\noffers:\n  - {route: NB2, size: 2K, price: 0.1}\n",
        );
        let part = audit_file("q.yaml", &Ok(quote), &Baseline::embedded(), &settings);
        assert!(part.findings.iter().all(|f| f.rule != Rule::InvalidQuote));
    }

    #[test]
    fn the_baseline_finding_goes_before_the_first_file_named_at_or_after_it() {
        let stale = |file: &str| Finding {
            vendor: String::new(),
            file: file.into(),
            line: 1,
            rule: Rule::BaselineStale,
            severity: Severity::Medium,
            subject: Subject::BaselineCheckedOn,
            message: String::new(),
            evidence: String::new(),
        };
        let mut a = Audit::new(&Baseline::embedded());
        a.findings = vec![stale("a/q.yaml"), stale("z/q.yaml")];
        a.add_baseline_finding(stale("m/base.yaml"));
        let files: Vec<&str> = a.findings.iter().map(|f| f.file.as_str()).collect();
        assert_eq!(files, ["a/q.yaml", "m/base.yaml", "z/q.yaml"]);
        a.add_baseline_finding(stale("zz.yaml"));
        assert_eq!(a.findings.last().unwrap().file, "zz.yaml");
    }
}
