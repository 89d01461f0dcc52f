//! What changed between two versions of a vendor's quote (SPEC §8): prices, offers added and
//! removed, terms, credits, validity, claims, and findings new and resolved.
//!
//! Offers are matched by their normalized key (model, size, lane; see [`super::version`]),
//! never by position or wording: a reworded route or a reordered list at the same price is no
//! change. Both versions are audited with the same baseline and settings, so a finding that
//! appears or disappears is a real change in the quote. How changes are shown is
//! [`crate::report::diff`]'s.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::version::{self, Version};
use crate::check::{ComparisonRow, Settings};
use crate::load::baseline::Baseline;
use crate::model::{CreditsKey, Expiry, Finding, Party, Quote, Severity, Sp, TermKey};
use crate::money::usd_cell;

/// The kinds of change, in the order a vendor's changes are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    ValidityChanged,
    OfferRemoved,
    OfferAdded,
    PriceChanged,
    TermChanged,
    CreditsChanged,
    ClaimRemoved,
    ClaimAdded,
    FindingResolved,
    FindingNew,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::ValidityChanged => "validity-changed",
            ChangeKind::OfferRemoved => "offer-removed",
            ChangeKind::OfferAdded => "offer-added",
            ChangeKind::PriceChanged => "price-changed",
            ChangeKind::TermChanged => "term-changed",
            ChangeKind::CreditsChanged => "credits-changed",
            ChangeKind::ClaimRemoved => "claim-removed",
            ChangeKind::ClaimAdded => "claim-added",
            ChangeKind::FindingResolved => "finding-resolved",
            ChangeKind::FindingNew => "finding-new",
        }
    }
}

/// A place in one version: file and line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: Option<usize>,
}

/// One row of changes.csv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub vendor: String,
    pub kind: ChangeKind,
    /// The offer key (`gemini-3.1-flash-image-preview 2K standard`), the term, or the rule.
    pub key: String,
    pub field: String,
    pub old: String,
    pub new: String,
    pub delta_usd: Option<Decimal>,
    pub delta_pct: Option<Decimal>,
    pub old_at: Place,
    pub new_at: Place,
    /// For `finding-new`: its severity (for `--fail-on`).
    pub severity: Option<Severity>,
}

/// Price moves below this are not reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PriceTolerance {
    /// Every move is reported.
    #[default]
    None,
    /// Moves below this many USD per image are hidden.
    Usd(Decimal),
    /// Moves below this percent of the old price are hidden.
    Pct(Decimal),
}

impl PriceTolerance {
    /// `0.001` (USD) or `1%`.
    pub fn parse(s: &str) -> Result<PriceTolerance, String> {
        let t = s.trim();
        let (number, pct) = match t.strip_suffix('%') {
            Some(n) => (n.trim(), true),
            None => (t, false),
        };
        let d = crate::money::parse_plain_decimal(number).map_err(|_| {
            format!("\"{s}\" is not a tolerance; write USD per image (0.001) or a percentage (1%)")
        })?;
        Ok(if pct {
            PriceTolerance::Pct(d)
        } else {
            PriceTolerance::Usd(d)
        })
    }

    fn hides(self, old: Decimal, delta: Decimal) -> bool {
        match self {
            PriceTolerance::None => false,
            PriceTolerance::Usd(t) => delta.abs() < t,
            PriceTolerance::Pct(t) => pct(old, delta).is_some_and(|p| p.abs() < t),
        }
    }
}

fn pct(old: Decimal, delta: Decimal) -> Option<Decimal> {
    delta.checked_div(old)?.checked_mul(Decimal::ONE_HUNDRED)
}

fn place(q: &Quote, line: Option<usize>) -> Place {
    Place {
        file: q.file.clone(),
        line,
    }
}

impl Change {
    /// A finding that appears in `new_at`'s version: its severity counts for `--fail-on`.
    fn finding_new(
        vendor: &str,
        rule: &str,
        subject: &str,
        f: &Finding,
        old_at: Place,
        new_at: Place,
    ) -> Change {
        let mut c = Change::new(
            vendor,
            ChangeKind::FindingNew,
            rule.to_owned(),
            subject,
            String::new(),
            f.message.clone(),
            old_at,
            new_at,
        );
        c.severity = Some(f.severity);
        c
    }

    /// A change without a price delta or a severity.
    #[allow(clippy::too_many_arguments)]
    fn new(
        vendor: &str,
        kind: ChangeKind,
        key: String,
        field: &str,
        old: String,
        new: String,
        old_at: Place,
        new_at: Place,
    ) -> Change {
        Change {
            vendor: vendor.to_owned(),
            kind,
            key,
            field: field.to_owned(),
            old,
            new,
            delta_usd: None,
            delta_pct: None,
            old_at,
            new_at,
            severity: None,
        }
    }
}

/// One vendor's versions on the two sides, and what changed from one to the other.
pub struct VendorDiff<'q> {
    pub old: Option<Version<'q>>,
    pub new: Option<Version<'q>>,
    pub changes: Vec<Change>,
}

/// One vendor's two versions (either may be missing), each audited once, with its changes: a
/// vendor on one side only is removed or added, with all its offers and findings.
pub fn vendor<'q>(
    old: Option<&'q Quote>,
    new: Option<&'q Quote>,
    baseline: &Baseline,
    settings: &Settings,
    tolerance: PriceTolerance,
) -> VendorDiff<'q> {
    let audited = |q: Option<&'q Quote>| q.map(|q| version::version(q, baseline, settings));
    // Both at once: a diff of one large quote has two to audit and the pool's threads free.
    let (mut old, mut new) = rayon::join(|| audited(old), || audited(new));
    match (&mut old, &mut new) {
        (Some(o), Some(n)) => version::pair(o, n),
        (Some(v), None) | (None, Some(v)) => v.key_alone(),
        (None, None) => {}
    }
    let changes = match (&old, &new) {
        (Some(o), Some(n)) => compare(o, n, tolerance),
        (Some(o), None) => one_sided(o, ChangeKind::OfferRemoved),
        (None, Some(n)) => one_sided(n, ChangeKind::OfferAdded),
        (None, None) => Vec::new(),
    };
    VendorDiff { old, new, changes }
}

/// Every change from `old` to `new` (the same vendor).
pub fn compare(old: &Version<'_>, new: &Version<'_>, tolerance: PriceTolerance) -> Vec<Change> {
    let vendor = new.quote.vendor.value.as_str();
    let (oq, nq) = (old.quote, new.quote);
    let mut out = Vec::new();

    let date = |d: &Option<Sp<jiff::civil::Date>>| {
        d.as_ref().map(|d| d.value.to_string()).unwrap_or_default()
    };
    if date(&oq.valid_until) != date(&nq.valid_until) {
        out.push(Change::new(
            vendor,
            ChangeKind::ValidityChanged,
            "valid_until".into(),
            "valid_until",
            date(&oq.valid_until),
            date(&nq.valid_until),
            place(oq, oq.valid_until.as_ref().map(|d| d.at.line)),
            place(nq, nq.valid_until.as_ref().map(|d| d.at.line)),
        ));
    }

    for (key, o) in old.offers() {
        match new.offer(key) {
            None => out.push(Change::new(
                vendor,
                ChangeKind::OfferRemoved,
                key.clone(),
                "offer",
                noted(offer_text(o), old.notes.get(key)),
                String::new(),
                place(oq, Some(o.line)),
                place(nq, None),
            )),
            Some(n) => out.extend(price_change(vendor, key, o, n, tolerance, (oq, nq))),
        }
    }
    for (key, n) in new.offers() {
        if old.offer(key).is_none() {
            out.push(Change::new(
                vendor,
                ChangeKind::OfferAdded,
                key.clone(),
                "offer",
                String::new(),
                noted(offer_text(n), new.notes.get(key)),
                place(oq, None),
                place(nq, Some(n.line)),
            ));
        }
    }

    for (kind, prefix, fields) in [
        (
            ChangeKind::TermChanged,
            "terms",
            term_fields as fn(&Quote) -> Vec<Field>,
        ),
        (ChangeKind::CreditsChanged, "credits", credit_fields),
    ] {
        for ((field, a, aline), (_, b, bline)) in fields(oq).into_iter().zip(fields(nq)) {
            if a != b {
                out.push(Change::new(
                    vendor,
                    kind,
                    format!("{prefix}.{field}"),
                    field,
                    a,
                    b,
                    place(oq, aline),
                    place(nq, bline),
                ));
            }
        }
    }

    // Claims are compared by their exact text.
    let claims = [
        (ChangeKind::ClaimRemoved, oq, nq, place(nq, None)),
        (ChangeKind::ClaimAdded, nq, oq, place(oq, None)),
    ];
    for (kind, side, other, elsewhere) in claims {
        let others: HashSet<&str> = other.claims.iter().map(|o| o.value.as_str()).collect();
        for c in side
            .claims
            .iter()
            .filter(|c| !others.contains(c.value.as_str()))
        {
            let here = place(side, Some(c.at.line));
            out.push(match kind {
                ChangeKind::ClaimRemoved => Change::new(
                    vendor,
                    kind,
                    "claims".into(),
                    "claim",
                    c.value.clone(),
                    String::new(),
                    here,
                    elsewhere.clone(),
                ),
                _ => Change::new(
                    vendor,
                    kind,
                    "claims".into(),
                    "claim",
                    String::new(),
                    c.value.clone(),
                    elsewhere.clone(),
                    here,
                ),
            });
        }
    }

    for ((rule, subject), f) in old.findings() {
        if !new.has_finding(rule, subject) {
            out.push(Change::new(
                vendor,
                ChangeKind::FindingResolved,
                rule.clone(),
                subject,
                f.message.clone(),
                String::new(),
                place(oq, Some(f.line)),
                place(nq, None),
            ));
        }
    }
    for ((rule, subject), f) in new.findings() {
        if !old.has_finding(rule, subject) {
            out.push(Change::finding_new(
                vendor,
                rule,
                subject,
                f,
                place(oq, None),
                place(nq, Some(f.line)),
            ));
        }
    }
    out.sort_by(|a, b| (a.kind, &a.key, &a.field).cmp(&(b.kind, &b.key, &b.field)));
    out
}

/// The price move of an offer present in both versions, unless the tolerance hides it.
fn price_change(
    vendor: &str,
    key: &str,
    o: &ComparisonRow,
    n: &ComparisonRow,
    tolerance: PriceTolerance,
    (oq, nq): (&Quote, &Quote),
) -> Option<Change> {
    let (a, b, delta_usd, delta_pct) = match (o.price_usd, n.price_usd) {
        (Some(a), Some(b)) if a != b => {
            let delta = b.checked_sub(a)?;
            if tolerance.hides(a, delta) {
                return None;
            }
            (usd_cell(a), usd_cell(b), Some(delta), pct(a, delta))
        }
        (Some(_), Some(_)) => return None,
        // Not convertible on one side: compare what was quoted.
        _ => {
            let (a, b) = (quoted(o), quoted(n));
            if a == b {
                return None;
            }
            (a, b, None, None)
        }
    };
    let mut c = Change::new(
        vendor,
        ChangeKind::PriceChanged,
        key.to_owned(),
        "price_usd",
        a,
        b,
        place(oq, Some(o.line)),
        place(nq, Some(n.line)),
    );
    c.delta_usd = delta_usd;
    c.delta_pct = delta_pct;
    Some(c)
}

/// Every offer and finding of a vendor that is on one side only (a vendor added or removed):
/// an added vendor's findings are all new, so `--fail-on` sees them.
pub fn one_sided(v: &Version<'_>, kind: ChangeKind) -> Vec<Change> {
    let vendor = v.quote.vendor.value.as_str();
    let removed = kind == ChangeKind::OfferRemoved;
    let mut out: Vec<Change> = v
        .offers()
        .map(|(key, row)| {
            let (at, text) = (place(v.quote, Some(row.line)), offer_text(row));
            match removed {
                true => Change::new(
                    vendor,
                    kind,
                    key.clone(),
                    "offer",
                    text,
                    String::new(),
                    at,
                    Place::default(),
                ),
                false => Change::new(
                    vendor,
                    kind,
                    key.clone(),
                    "offer",
                    String::new(),
                    text,
                    Place::default(),
                    at,
                ),
            }
        })
        .collect();
    for ((rule, subject), f) in v.findings() {
        let at = place(v.quote, Some(f.line));
        out.push(match removed {
            true => Change::new(
                vendor,
                ChangeKind::FindingResolved,
                rule.clone(),
                subject,
                f.message.clone(),
                String::new(),
                at,
                Place::default(),
            ),
            false => Change::finding_new(vendor, rule, subject, f, Place::default(), at),
        });
    }
    out
}

/// An offer's text with why it was not paired, when it could not be.
fn noted(text: String, note: Option<&String>) -> String {
    match note {
        Some(note) => format!("{text} ({note})"),
        None => text,
    }
}

/// An offer as one line: its USD price, or its quoted price where it did not convert.
pub fn offer_text(r: &ComparisonRow) -> String {
    match r.price_usd {
        Some(p) => format!("USD {} per image", usd_cell(p)),
        None => quoted(r),
    }
}

fn quoted(r: &ComparisonRow) -> String {
    format!("{} {} per {}", r.price_quoted.trim(), r.currency, r.unit)
}

/// A key, its value as text (empty when absent), and the line it is on.
pub type Field = (&'static str, String, Option<usize>);

fn party(p: &Option<Sp<Party>>) -> (String, Option<usize>) {
    p.as_ref().map_or((String::new(), None), |p| {
        (p.value.label().to_owned(), Some(p.at.line))
    })
}

fn text(t: &Option<Sp<String>>) -> (String, Option<usize>) {
    t.as_ref().map_or((String::new(), None), |t| {
        (t.value.trim().to_owned(), Some(t.at.line))
    })
}

fn shown<T>(v: &Option<Sp<T>>, show: impl Fn(&T) -> String) -> (String, Option<usize>) {
    v.as_ref()
        .map_or((String::new(), None), |v| (show(&v.value), Some(v.at.line)))
}

/// Every term of a quote, in the order of [`TermKey::ALL`]; absent terms are empty.
pub fn term_fields(q: &Quote) -> Vec<Field> {
    let t = &q.terms;
    let value = |key: TermKey| match key {
        TermKey::Billing => party(&t.billing),
        TermKey::Quota => party(&t.quota),
        TermKey::Support => party(&t.support),
        TermKey::SupportPath => text(&t.support_path),
        TermKey::DataRetention => text(&t.data_retention),
        TermKey::TrainingUse => shown(&t.training_use, bool::to_string),
        TermKey::DataRegion => text(&t.data_region),
        TermKey::FailedGenerations => shown(&t.failed_generations, |f| f.label().to_owned()),
        TermKey::FailedGenerationsNote => text(&t.failed_generations_note),
        TermKey::Safety => text(&t.safety),
        TermKey::Uptime => text(&t.uptime),
        TermKey::Recovery => text(&t.recovery),
        TermKey::Upstream => text(&t.upstream),
    };
    fields(TermKey::ALL, TermKey::name, value)
}

/// Every credits field of a quote, in the order of [`CreditsKey::ALL`]; absent fields are
/// empty.
pub fn credit_fields(q: &Quote) -> Vec<Field> {
    let decimal = |d: &Decimal| d.normalize().to_string();
    let value = |key: CreditsKey| {
        let Some(c) = &q.credits else {
            return (String::new(), None);
        };
        match key {
            CreditsKey::Price => shown(&c.price, decimal),
            CreditsKey::Free => shown(&c.free, decimal),
            CreditsKey::GrantedBy => party(&c.granted_by),
            CreditsKey::Expires => shown(&c.expires, |e| match e {
                Expiry::On(d) => d.to_string(),
                Expiry::Never => "never".into(),
            }),
            CreditsKey::Conditions => text(&c.conditions),
        }
    };
    fields(CreditsKey::ALL, CreditsKey::name, value)
}

/// Each of `keys` with its value and line.
fn fields<K: Copy>(
    keys: &[K],
    name: fn(K) -> &'static str,
    value: impl Fn(K) -> (String, Option<usize>),
) -> Vec<Field> {
    keys.iter()
        .map(|k| {
            let (v, line) = value(*k);
            (name(*k), v, line)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_reads_usd_or_percent() {
        assert_eq!(
            PriceTolerance::parse("0.001"),
            Ok(PriceTolerance::Usd("0.001".parse().unwrap()))
        );
        assert_eq!(
            PriceTolerance::parse("1%"),
            Ok(PriceTolerance::Pct(Decimal::ONE))
        );
        assert!(PriceTolerance::parse("abc").is_err());
    }
}
