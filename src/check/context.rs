//! What every check reads and writes: the audited quote — each offer with its normalization and
//! its comparison with the official row — with the baseline and settings it is audited with,
//! and the findings collected for it. The checks themselves are in the family files.

use jiff::civil::Date;

use super::verdict::{self, ComparisonRow};
use crate::load::baseline::Baseline;
use crate::model::{At, Finding, Fx, Offer, Policy, Quote, Rule, Severity, Subject, Thresholds};
use crate::normalize::route::unofficial_marker;
use crate::normalize::{self, Normalized};

/// What an audit is run with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub thresholds: Thresholds,
    pub fx: Fx,
    /// "Today" for date rules.
    pub as_of: Date,
    pub policy: Policy,
}

/// A check: reads the audited quote and reports what its rules find.
pub type Check = fn(&Context<'_>, &mut Findings<'_>);

/// One row of an offer with its normalization and comparison, as the checks see it.
pub struct Entry<'q> {
    pub offer: &'q Offer,
    pub n: Normalized,
    /// The unofficial marker in the offer's `note` (`reverse`, `cookie`), if any.
    pub note_marker: Option<String>,
    /// The reverse-engineered marker in the offer's `lane` ("Reverse", "逆向分组"), if any.
    pub lane_marker: Option<String>,
    pub row: ComparisonRow,
}

/// One quote, read and compared, for the checks.
pub struct Context<'q> {
    pub quote: &'q Quote,
    pub baseline: &'q Baseline,
    pub settings: &'q Settings,
    /// The unofficial marker in `terms.upstream`, which makes every offer not comparable.
    pub upstream_marker: Option<String>,
    /// Every row of every offer, in file order.
    pub entries: Vec<Entry<'q>>,
}

impl<'q> Context<'q> {
    /// Reads every offer of `quote` against `baseline` and compares it with its official row.
    /// An offer on an unofficial route (its route, note or lane, or the quote's upstream says
    /// so) is never compared.
    pub fn new(quote: &'q Quote, baseline: &'q Baseline, settings: &'q Settings) -> Context<'q> {
        let upstream_marker = quote
            .terms
            .upstream
            .as_ref()
            .and_then(|up| unofficial_marker(&up.value));
        let mut readings = normalize::Readings::default();
        let tolerance = settings.thresholds.tolerance_pct;
        let mut entries = Vec::with_capacity(quote.offers.len());
        for offer in &quote.offers {
            let note_marker = offer
                .note
                .as_ref()
                .and_then(|note| unofficial_marker(&note.value));
            let lane_marker = offer
                .lane
                .as_ref()
                .and_then(|lane| normalize::lane::unofficial_marker(&lane.value));
            for n in normalize::offer_with(&mut readings, quote, offer, baseline, &settings.fx) {
                let unofficial = upstream_marker.is_some()
                    || n.route.unofficial.is_some()
                    || note_marker.is_some()
                    || lane_marker.is_some();
                let row = verdict::row(quote, offer, &n, baseline, tolerance, unofficial);
                entries.push(Entry {
                    offer,
                    n,
                    note_marker: note_marker.clone(),
                    lane_marker: lane_marker.clone(),
                    row,
                });
            }
        }
        Context {
            quote,
            baseline,
            settings,
            upstream_marker,
            entries,
        }
    }

    /// Each offer once: its own row, where what is said of the offer as a whole (its route,
    /// lane, unit, claimed official price) is checked.
    pub fn offers(&self) -> impl Iterator<Item = &Entry<'q>> {
        self.entries.iter().filter(|e| e.n.part.base)
    }

    pub fn thresholds(&self) -> &Thresholds {
        &self.settings.thresholds
    }
}

/// The findings reported on one quote.
pub struct Findings<'q> {
    quote: &'q Quote,
    found: Vec<Finding>,
}

impl<'q> Findings<'q> {
    pub fn new(quote: &'q Quote) -> Self {
        Findings {
            quote,
            found: Vec::new(),
        }
    }

    /// A finding of `rule` at its default severity.
    pub fn push(&mut self, rule: Rule, at: At, subject: Subject, message: String, evidence: &str) {
        self.push_with(rule, rule.severity(), at, subject, message, evidence);
    }

    /// A finding whose severity depends on what was found (`free-credits` said to be Google's).
    pub fn push_with(
        &mut self,
        rule: Rule,
        severity: Severity,
        at: At,
        subject: Subject,
        message: String,
        evidence: &str,
    ) {
        self.found.push(Finding {
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

    /// How many findings have been reported so far.
    pub fn len(&self) -> usize {
        self.found.len()
    }

    /// The rules of the findings reported since the first `since`.
    pub fn rules_since(&self, since: usize) -> impl Iterator<Item = Rule> + '_ {
        self.found[since..].iter().map(|f| f.rule)
    }

    pub fn into_vec(self) -> Vec<Finding> {
        self.found
    }
}
