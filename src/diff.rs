//! What changed between two versions of a vendor's quote (SPEC §8): prices, offers added and
//! removed, terms, credits, validity, claims, and findings new and resolved.
//!
//! Offers are matched by their normalized key (model, size, lane), never by position or
//! wording: a reworded route or a reordered list at the same price is no change. Both versions
//! are audited with the same baseline and settings, so a finding that appears or disappears is
//! a real change in the quote.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::baseline::Baseline;
use crate::check::{self, ComparisonRow, Settings};
use crate::findings::{Finding, Severity};
use crate::model::{Expiry, FailedGenerations, Party, Quote};
use crate::money::usd_cell;
use crate::normalize::lane::{self, LaneReading};
use crate::text::fold;

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

/// One version of a quote, audited: its offers by key, and its findings by key.
pub struct Version<'q> {
    pub quote: &'q Quote,
    pub offers: BTreeMap<String, ComparisonRow>,
    pub findings: BTreeMap<(String, String), Finding>,
}

/// The position-independent key of an offer: its normalized model, size and lane, or its
/// words where they did not normalize (`? Nano Banana 2.1 | 2K | standard`).
pub fn offer_key(row: &ComparisonRow) -> String {
    // The vendor's words where they did not normalize, in one case and spacing, so "Turbo" and
    // "turbo" are the same lane.
    let words = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let lane = match row.lane_quoted.as_deref().map(|l| (l, lane::read(Some(l)))) {
        Some((quoted, LaneReading::Vendor)) => format!("vendor lane \"{}\"", words(quoted)),
        _ => row.lane.label().to_owned(),
    };
    match (&row.model, row.size) {
        (Some(m), Some(s)) => format!("{m} {s} {lane}"),
        _ => format!(
            "? {} | {} | {lane}",
            row.model
                .clone()
                .unwrap_or_else(|| words(&row.route_quoted)),
            row.size
                .map_or_else(|| words(&row.size_quoted), |s| s.label().to_owned())
        ),
    }
}

/// Audits a quote and keys its offers and findings.
pub fn version<'q>(quote: &'q Quote, baseline: &Baseline, settings: &Settings) -> Version<'q> {
    let audit = check::audit(std::slice::from_ref(quote), &[], baseline, settings);
    // Two offers with the same key in one quote are told apart by their price, not their
    // order, so reordering them is no change.
    let mut order: Vec<(String, usize)> = audit
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (offer_key(r), i))
        .collect();
    order.sort_by(|(ka, a), (kb, b)| {
        let (ra, rb) = (&audit.rows[*a], &audit.rows[*b]);
        (ka, ra.price_usd, &ra.price_quoted, a).cmp(&(kb, rb.price_usd, &rb.price_quoted, b))
    });
    let mut index_keys = vec![String::new(); audit.rows.len()];
    let mut previous = String::new();
    let mut n = 1;
    for (base, i) in order {
        n = if base == previous { n + 1 } else { 1 };
        index_keys[i] = if n == 1 {
            base.clone()
        } else {
            format!("{base} #{n}")
        };
        previous = base;
    }
    let offers: BTreeMap<String, ComparisonRow> =
        index_keys.iter().cloned().zip(audit.rows).collect();
    let claims: Vec<String> = quote.claims.iter().map(|c| c.value.clone()).collect();
    let mut findings = BTreeMap::new();
    for f in audit.findings.into_iter().filter(|f| f.file == quote.file) {
        let subject = keyed_subject(&f.subject, &index_keys, &claims);
        findings
            .entry((f.rule.id().to_owned(), subject))
            .or_insert(f);
    }
    Version {
        quote,
        offers,
        findings,
    }
}

/// `offers[2].price` → `offer <key>.price` and `claims[1]` → `claim "<text>"`, so a reordered
/// list changes no finding.
fn keyed_subject(subject: &str, offer_keys: &[String], claims: &[String]) -> String {
    let keyed = |prefix: &str, keys: &[String], render: &dyn Fn(&String) -> String| {
        let rest = subject.strip_prefix(prefix)?;
        let (index, tail) = rest.split_once(']')?;
        let key = keys.get(index.parse::<usize>().ok()?)?;
        Some(format!("{}{tail}", render(key)))
    };
    keyed("offers[", offer_keys, &|k| format!("offer {k}"))
        .or_else(|| keyed("claims[", claims, &|c| format!("claim \"{c}\"")))
        .unwrap_or_else(|| subject.to_owned())
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

/// Every change from `old` to `new` (the same vendor).
pub fn compare(old: &Version<'_>, new: &Version<'_>, tolerance: PriceTolerance) -> Vec<Change> {
    let vendor = new.quote.vendor.value.as_str();
    let (oq, nq) = (old.quote, new.quote);
    let mut out = Vec::new();

    let date = |d: &Option<crate::model::Sp<jiff::civil::Date>>| {
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

    for (key, o) in &old.offers {
        match new.offers.get(key) {
            None => out.push(Change::new(
                vendor,
                ChangeKind::OfferRemoved,
                key.clone(),
                "offer",
                offer_text(o),
                String::new(),
                place(oq, Some(o.line)),
                place(nq, None),
            )),
            Some(n) => out.extend(price_change(vendor, key, o, n, tolerance, (oq, nq))),
        }
    }
    for (key, n) in &new.offers {
        if !old.offers.contains_key(key) {
            out.push(Change::new(
                vendor,
                ChangeKind::OfferAdded,
                key.clone(),
                "offer",
                String::new(),
                offer_text(n),
                place(oq, None),
                place(nq, Some(n.line)),
            ));
        }
    }

    for (kind, prefix, fields) in [
        (
            ChangeKind::TermChanged,
            "terms",
            terms as fn(&Quote) -> Vec<Field>,
        ),
        (ChangeKind::CreditsChanged, "credits", credits),
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
        for c in side
            .claims
            .iter()
            .filter(|c| !other.claims.iter().any(|o| o.value == c.value))
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

    for ((rule, subject), f) in &old.findings {
        if !new.findings.contains_key(&(rule.clone(), subject.clone())) {
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
    for ((rule, subject), f) in &new.findings {
        if !old.findings.contains_key(&(rule.clone(), subject.clone())) {
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
        .offers
        .iter()
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
    for ((rule, subject), f) in &v.findings {
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

/// An offer as one line: its USD price, or its quoted price where it did not convert.
fn offer_text(r: &ComparisonRow) -> String {
    match r.price_usd {
        Some(p) => format!("USD {} per image", usd_cell(p)),
        None => quoted(r),
    }
}

fn quoted(r: &ComparisonRow) -> String {
    format!(
        "{} {} per {}",
        r.price_quoted.trim(),
        r.currency,
        if r.unit.is_empty() { "image" } else { &r.unit }
    )
}

type Field = (&'static str, String, Option<usize>);

fn party(p: &Option<crate::model::Sp<Party>>) -> (String, Option<usize>) {
    let word = |p: Party| match p {
        Party::Vendor => "vendor",
        Party::Google => "google",
        Party::Unknown => "unknown",
    };
    p.as_ref().map_or((String::new(), None), |p| {
        (word(p.value).to_owned(), Some(p.at.line))
    })
}

fn text(t: &Option<crate::model::Sp<String>>) -> (String, Option<usize>) {
    t.as_ref().map_or((String::new(), None), |t| {
        (t.value.trim().to_owned(), Some(t.at.line))
    })
}

/// Every term of a quote, in a fixed order; absent terms are empty.
fn terms(q: &Quote) -> Vec<Field> {
    let t = &q.terms;
    let mut v: Vec<Field> = Vec::new();
    let mut add = |name, (value, line): (String, Option<usize>)| v.push((name, value, line));
    add("billing", party(&t.billing));
    add("quota", party(&t.quota));
    add("support", party(&t.support));
    add("support_path", text(&t.support_path));
    add("data_retention", text(&t.data_retention));
    add(
        "training_use",
        t.training_use.as_ref().map_or((String::new(), None), |b| {
            (b.value.to_string(), Some(b.at.line))
        }),
    );
    add("data_region", text(&t.data_region));
    add(
        "failed_generations",
        t.failed_generations
            .as_ref()
            .map_or((String::new(), None), |f| {
                let w = match f.value {
                    FailedGenerations::Billed => "billed",
                    FailedGenerations::NotBilled => "not-billed",
                };
                (w.to_owned(), Some(f.at.line))
            }),
    );
    add("failed_generations_note", text(&t.failed_generations_note));
    add("safety", text(&t.safety));
    add("uptime", text(&t.uptime));
    add("recovery", text(&t.recovery));
    add("upstream", text(&t.upstream));
    v
}

/// Every credits field of a quote, in a fixed order; absent fields are empty.
fn credits(q: &Quote) -> Vec<Field> {
    let c = q.credits.as_ref();
    let dec = |d: Option<&crate::model::Sp<Decimal>>| {
        d.map_or((String::new(), None), |d| {
            (d.value.normalize().to_string(), Some(d.at.line))
        })
    };
    let (p, pl) = dec(c.and_then(|c| c.price.as_ref()));
    let (f, fl) = dec(c.and_then(|c| c.free.as_ref()));
    let mut v: Vec<Field> = vec![("price", p, pl), ("free", f, fl)];
    let (g, gl) = c.map_or((String::new(), None), |c| party(&c.granted_by));
    v.push(("granted_by", g, gl));
    let (e, el) = c
        .and_then(|c| c.expires.as_ref())
        .map_or((String::new(), None), |e| {
            let w = match e.value {
                Expiry::On(d) => d.to_string(),
                Expiry::Never => "never".into(),
            };
            (w, Some(e.at.line))
        });
    v.push(("expires", e, el));
    let (k, kl) = c.map_or((String::new(), None), |c| text(&c.conditions));
    v.push(("conditions", k, kl));
    v
}

/// A canonical, normalized rendering of a version: one line per fact, sorted, so that a
/// unified diff of two renderings shows what changed and nothing else.
///
/// `same_as` renders the offers whose price move `changes` does not report (hidden by the
/// tolerance) with that version's price, so the diff shows no move the report does not.
pub fn render(v: &Version<'_>, same_as: Option<(&Version<'_>, &[Change])>) -> String {
    let q = v.quote;
    let mut lines = vec![format!("vendor: {}", q.vendor.value.trim())];
    if let Some(d) = &q.valid_until {
        lines.push(format!("valid_until: {}", d.value));
    }
    for (key, row) in &v.offers {
        let shown = match same_as {
            Some((other, changes))
                if !changes
                    .iter()
                    .any(|c| c.kind == ChangeKind::PriceChanged && &c.key == key) =>
            {
                other.offers.get(key).unwrap_or(row)
            }
            _ => row,
        };
        lines.push(format!("offer {key}: {}", offer_text(shown)));
    }
    for (field, value, _) in terms(q) {
        if !value.is_empty() {
            lines.push(format!("terms.{field}: {value}"));
        }
    }
    for (field, value, _) in credits(q) {
        if !value.is_empty() {
            lines.push(format!("credits.{field}: {value}"));
        }
    }
    let mut claims: Vec<&str> = q.claims.iter().map(|c| c.value.as_str()).collect();
    claims.sort();
    lines.extend(claims.into_iter().map(|c| format!("claim: {c}")));
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// The newest version of each vendor on one side (by `received`, then file name).
pub fn latest(quotes: &[Quote]) -> BTreeMap<String, &Quote> {
    let mut out: BTreeMap<String, &Quote> = BTreeMap::new();
    for q in quotes {
        let slot = out.entry(vendor_key(q)).or_insert(q);
        if (q.received.value, &q.file) > (slot.received.value, &slot.file) {
            *slot = q;
        }
    }
    out
}

/// The vendor name two versions are matched by.
pub fn vendor_key(q: &Quote) -> String {
    fold(&q.vendor.value)
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

    #[test]
    fn subjects_are_keyed_by_offer_not_position() {
        let keys = vec!["a 1K standard".to_owned(), "b 2K batch".to_owned()];
        let claims = vec!["Free".to_owned()];
        assert_eq!(
            keyed_subject("offers[1].price", &keys, &claims),
            "offer b 2K batch.price"
        );
        assert_eq!(keyed_subject("claims[0]", &keys, &claims), "claim \"Free\"");
        assert_eq!(
            keyed_subject("terms.billing", &keys, &claims),
            "terms.billing"
        );
    }
}
