//! One version of a vendor's quote, audited once, with its offers keyed by what they are
//! (model, size, lane) rather than by their position or wording, and its findings keyed by
//! rule and subject, so two versions can be compared whatever order or words each uses. What
//! changed between two versions is [`super::diff`]'s.

use std::collections::BTreeMap;

use crate::check::{self, ComparisonRow, Settings};
use crate::load::baseline::Baseline;
use crate::model::{Finding, Quote, Subject};

/// One version of a quote, audited: its offers by key, and its findings by (rule, subject).
pub struct Version<'q> {
    pub quote: &'q Quote,
    pub offers: BTreeMap<String, ComparisonRow>,
    pub findings: BTreeMap<(String, String), Finding>,
}

/// The vendor's words where they did not normalize, in one case and spacing, so "Turbo" and
/// "turbo" are the same lane.
fn words(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The position-independent key of an offer: its normalized model, size and lane, or its
/// words where they did not normalize (`? Nano Banana 2.1 | 2K | standard`).
pub fn offer_key(row: &ComparisonRow) -> String {
    let lane = match row.vendor_lane() {
        Some(own) => format!("vendor lane \"{}\"", words(own)),
        None => row.lane().label().to_owned(),
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
    let audit = check::audit_quote(quote, baseline, settings);
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
    let mut findings = BTreeMap::new();
    for f in audit.findings {
        let subject = keyed_subject(&f.subject, &index_keys, quote);
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

/// A finding's subject with offers named by key and claims by text (`offer <key>.price`,
/// `claim "<text>"`), so a reordered list changes no finding.
fn keyed_subject(subject: &Subject, offer_keys: &[String], quote: &Quote) -> String {
    match subject {
        Subject::Offer { index, field } if *index < offer_keys.len() => {
            let key = &offer_keys[*index];
            match field {
                Some(field) => format!("offer {key}.{}", field.name()),
                None => format!("offer {key}"),
            }
        }
        Subject::Claim(index) if *index < quote.claims.len() => {
            format!("claim \"{}\"", quote.claims[*index].value)
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OfferField, TermKey};

    #[test]
    fn subjects_are_keyed_by_offer_not_position() {
        let src = crate::diag::Source {
            name: "q.yaml".into(),
            text: "vendor: A\nreceived: 2026-05-01\nclaims: [Free]\noffers:\n  - {route: NB2, size: 2K, price: 0.1}\n".into(),
        };
        let quote = crate::load::quote::parse(&src).unwrap();
        let keys = vec!["a 1K standard".to_owned(), "b 2K batch".to_owned()];
        let keyed = |s: Subject| keyed_subject(&s, &keys, &quote);
        assert_eq!(
            keyed(Subject::offer(1, OfferField::Price)),
            "offer b 2K batch.price"
        );
        assert_eq!(
            keyed(Subject::Offer {
                index: 0,
                field: None
            }),
            "offer a 1K standard"
        );
        assert_eq!(keyed(Subject::Claim(0)), "claim \"Free\"");
        assert_eq!(
            keyed(Subject::Terms(vec![TermKey::Billing])),
            "terms.billing"
        );
    }
}
