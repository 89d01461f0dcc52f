//! One version of a vendor's quote, audited once, with its offers keyed by what they are
//! rather than by their position or wording, and its findings keyed by rule and subject, so
//! two versions can be compared whatever order or words each uses; and the pairing of two
//! versions' offers. What changed between two versions is [`super::diff`]'s.
//!
//! An offer's key is its normalized model, size, lane and kind of unit (per call or per
//! token), or its words where they did not normalize. Two versions' offers are paired by
//! their `id` when both have one, else by key; offers that share a key are paired only when
//! that is unambiguous (the same price on both sides, or one offer left on each side), never
//! by their order or price rank. An offer priced at several sizes (`size: any`,
//! `size_multipliers`) has a row per size, keyed by its offer's key and the size.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::check::{self, ComparisonRow, Settings};
use crate::load::baseline::Baseline;
use crate::model::{Finding, Lane, Quote, SizeClass, Subject};

/// One version of a quote, audited: its rows by key, and its findings by (rule, subject).
pub struct Version<'q> {
    pub quote: &'q Quote,
    /// Each row's index in `rows`, by its key.
    offers: BTreeMap<String, usize>,
    /// Each finding's index in `audited`, by (rule, subject).
    findings: BTreeMap<(String, String), usize>,
    /// Why an offer could not be paired with the other version's, by row key.
    pub notes: BTreeMap<String, String>,
    /// The official price in force on the version's `received` date, by (offer, size, lane),
    /// and the snapshot it comes from (filled by [`super::history`]).
    pub in_force: BTreeMap<(usize, Option<SizeClass>, Lane), Option<Decimal>>,
    pub in_force_on: Option<jiff::civil::Date>,
    /// Each offer's label, by its index in the file.
    pub labels: Vec<String>,
    rows: Vec<ComparisonRow>,
    audited: Vec<Finding>,
}

/// The vendor's words where they did not normalize, in one case and spacing, so "Turbo" and
/// "turbo" are the same lane.
fn words(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The position-independent key of a row: its normalized model, size, lane and (for a price
/// per token) unit, or its words where they did not normalize
/// (`? Nano Banana 2.1 | 2K | standard`).
pub fn offer_key(row: &ComparisonRow) -> String {
    let lane = match row.vendor_lane() {
        Some(own) => format!("vendor lane \"{}\"", words(own)),
        None => row.lane().label().to_owned(),
    };
    let per_token = if row.unit.per_token() {
        " per token"
    } else {
        ""
    };
    match (&row.model, row.size) {
        (Some(m), Some(s)) => format!("{m} {s} {lane}{per_token}"),
        _ => format!(
            "? {} | {} | {lane}{per_token}",
            row.model
                .clone()
                .unwrap_or_else(|| words(&row.route_quoted)),
            row.size
                .map_or_else(|| words(&row.size_quoted), |s| s.label().to_owned())
        ),
    }
}

/// What pairing needs to know of one offer.
struct OfferView<'r> {
    index: usize,
    id: Option<&'r str>,
    /// The key of its own row (the first).
    key: String,
    line: usize,
    rows: Vec<&'r ComparisonRow>,
}

impl<'r> OfferView<'r> {
    /// Its prices in USD and as written, row by row: offers with the same are the same offer.
    fn prices(&self) -> Vec<(Option<Decimal>, &'r str)> {
        self.rows
            .iter()
            .map(|r| (r.price_usd, r.price_quoted.trim()))
            .collect()
    }
}

fn offer_views(rows: &[ComparisonRow]) -> Vec<OfferView<'_>> {
    let mut out: Vec<OfferView<'_>> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some(v) if v.index == r.offer_index => v.rows.push(r),
            _ => out.push(OfferView {
                index: r.offer_index,
                id: r.offer_id.as_deref(),
                key: offer_key(r),
                line: r.line,
                rows: vec![r],
            }),
        }
    }
    out
}

/// Each offer's label in one version alone: its key, with its id when it has one, or with its
/// line when another offer of the version shares the key.
fn own_labels(views: &[OfferView<'_>], offers: usize) -> Vec<String> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for v in views {
        *count.entry(v.key.as_str()).or_default() += 1;
    }
    let mut labels = vec![String::new(); offers];
    for v in views {
        labels[v.index] = match v.id {
            Some(id) => format!("{} (id {id})", v.key),
            None if count[v.key.as_str()] > 1 => format!("{} (line {})", v.key, v.line),
            None => v.key.clone(),
        };
    }
    labels
}

/// Audits a quote, with each offer's label as the version stands alone; its rows and findings
/// are keyed by [`pair`], [`chain`] or [`Version::key_alone`].
pub fn version<'q>(quote: &'q Quote, baseline: &Baseline, settings: &Settings) -> Version<'q> {
    let audit = check::audit_quote(quote, baseline, settings);
    let labels = own_labels(&offer_views(&audit.rows), quote.offers.len());
    Version {
        quote,
        offers: BTreeMap::new(),
        findings: BTreeMap::new(),
        notes: BTreeMap::new(),
        in_force: BTreeMap::new(),
        in_force_on: None,
        labels,
        rows: audit.rows,
        audited: audit.findings,
    }
}

impl Version<'_> {
    /// Keys the rows and findings by the version's own labels: a version compared with none.
    pub fn key_alone(&mut self) {
        let labels = std::mem::take(&mut self.labels);
        self.relabel(labels, &BTreeMap::new());
    }

    /// The rows, in the order of the offers in the file.
    pub fn rows(&self) -> &[ComparisonRow] {
        &self.rows
    }

    /// The rows by key, in key order.
    pub fn offers(&self) -> impl Iterator<Item = (&String, &ComparisonRow)> {
        self.offers.iter().map(|(k, &i)| (k, &self.rows[i]))
    }

    /// The row keyed `key`.
    pub fn offer(&self, key: &str) -> Option<&ComparisonRow> {
        self.offers.get(key).map(|&i| &self.rows[i])
    }

    /// The findings by (rule, subject), in that order.
    pub fn findings(&self) -> impl Iterator<Item = (&(String, String), &Finding)> {
        self.findings.iter().map(|(k, &i)| (k, &self.audited[i]))
    }

    /// Whether a finding of `rule` on `subject` is in this version.
    pub fn has_finding(&self, rule: &str, subject: &str) -> bool {
        self.findings
            .contains_key(&(rule.to_owned(), subject.to_owned()))
    }

    /// Keys the rows and findings by `labels` (one per offer), with `notes` by offer index.
    fn relabel(&mut self, labels: Vec<String>, notes: &BTreeMap<usize, String>) {
        let mut per_offer = vec![0usize; labels.len()];
        for r in &self.rows {
            per_offer[r.offer_index] += 1;
        }
        self.offers.clear();
        self.notes.clear();
        for (i, r) in self.rows.iter().enumerate() {
            let label = &labels[r.offer_index];
            // An offer priced at several sizes: a row per size, named by it.
            let first = i == 0 || self.rows[i - 1].offer_index != r.offer_index;
            let key = if per_offer[r.offer_index] == 1 && first {
                label.clone()
            } else {
                let size = r
                    .size
                    .map_or_else(|| words(&r.size_quoted), |s| s.label().to_owned());
                format!("{label} · {size}")
            };
            // Never two rows under one key, whatever the vendor's words look like.
            let mut key = key;
            loop {
                match self.offers.entry(key) {
                    Entry::Occupied(taken) => key = format!("{} (line {})", taken.key(), r.line),
                    Entry::Vacant(free) => {
                        if let Some(note) = notes.get(&r.offer_index) {
                            self.notes.insert(free.key().clone(), note.clone());
                        }
                        free.insert(i);
                        break;
                    }
                }
            }
        }
        self.findings.clear();
        for (i, f) in self.audited.iter().enumerate() {
            let subject = keyed_subject(&f.subject, &labels, self.quote);
            self.findings
                .entry((f.rule.id().to_owned(), subject))
                .or_insert(i);
        }
        self.labels = labels;
    }
}

/// Pairs the offers of two versions of one vendor's quote and keys both by the pairing, so
/// a paired offer has one key on both sides and an unpaired one a key of its own.
pub fn pair(old: &mut Version<'_>, new: &mut Version<'_>) {
    let (old_of_new, notes) = pairing(old, new);
    let new_labels = new.labels.clone();
    let mut old_labels = old.labels.clone();
    for (n, o) in &old_of_new {
        old_labels[*o] = new_labels[*n].clone();
    }
    // An offer on the old side only never takes a key the new side uses.
    let taken: BTreeSet<&String> = new_labels.iter().collect();
    let paired: BTreeSet<usize> = old_of_new.values().copied().collect();
    for o in offer_views(&old.rows) {
        if !paired.contains(&o.index) && taken.contains(&old_labels[o.index]) {
            old_labels[o.index] = format!("{} (old line {})", o.key, o.line);
        }
    }
    old.relabel(old_labels, &notes.0);
    new.relabel(new_labels, &notes.1);
}

/// Keys a vendor's versions, oldest first, so each offer keeps the key of the offer it is
/// paired with in the version before; an offer that shares its key with another and could not
/// be paired keys no chain.
pub fn chain(versions: &mut [Version<'_>]) {
    if let Some(first) = versions.first_mut() {
        first.key_alone();
    }
    for k in 1..versions.len() {
        let (before, after) = versions.split_at_mut(k);
        let (old, new) = (&before[k - 1], &mut after[0]);
        let (old_of_new, notes) = pairing(old, new);
        let mut labels = new.labels.clone();
        for (n, o) in &old_of_new {
            labels[*n] = old.labels[*o].clone();
        }
        for n in notes.1.keys() {
            labels[*n] = format!("{} ({})", labels[*n], new.quote.file);
        }
        new.relabel(labels, &notes.1);
    }
}

/// Which old offer each new offer is (by index), and the notes on the offers of each side
/// that share a key and could not be told apart.
#[allow(clippy::type_complexity)]
fn pairing(
    old: &Version<'_>,
    new: &Version<'_>,
) -> (
    BTreeMap<usize, usize>,
    (BTreeMap<usize, String>, BTreeMap<usize, String>),
) {
    let (old_views, new_views) = (offer_views(&old.rows), offer_views(&new.rows));
    let mut old_of_new: BTreeMap<usize, usize> = BTreeMap::new();
    let mut notes: (BTreeMap<usize, String>, BTreeMap<usize, String>) = Default::default();
    // By id, where both versions give the offer one.
    let ids: BTreeMap<&str, usize> = old_views
        .iter()
        .filter_map(|o| Some((o.id?, o.index)))
        .collect();
    for n in &new_views {
        if let Some(o) = n.id.and_then(|id| ids.get(id)) {
            old_of_new.insert(n.index, *o);
        }
    }
    // By key, among the offers left, where that is unambiguous.
    let paired_old: BTreeSet<usize> = old_of_new.values().copied().collect();
    let mut groups: BTreeMap<&str, (Vec<&OfferView<'_>>, Vec<&OfferView<'_>>)> = BTreeMap::new();
    for o in old_views.iter().filter(|o| !paired_old.contains(&o.index)) {
        groups.entry(o.key.as_str()).or_default().0.push(o);
    }
    for n in new_views
        .iter()
        .filter(|n| !old_of_new.contains_key(&n.index))
    {
        groups.entry(n.key.as_str()).or_default().1.push(n);
    }
    for (key, (mut olds, mut news)) in groups {
        if olds.len() > 1 || news.len() > 1 {
            // The same prices on both sides are the same offer, whatever their order.
            let mut by_prices: BTreeMap<Vec<(Option<Decimal>, &str)>, Vec<usize>> = BTreeMap::new();
            for (i, o) in olds.iter().enumerate().rev() {
                by_prices.entry(o.prices()).or_default().push(i);
            }
            let mut taken = BTreeSet::new();
            news.retain(
                |n| match by_prices.get_mut(&n.prices()).and_then(Vec::pop) {
                    Some(i) => {
                        taken.insert(i);
                        old_of_new.insert(n.index, olds[i].index);
                        false
                    }
                    None => true,
                },
            );
            let mut i = 0;
            olds.retain(|_| {
                i += 1;
                !taken.contains(&(i - 1))
            });
        }
        match (olds.as_slice(), news.as_slice()) {
            ([o], [n]) => {
                old_of_new.insert(n.index, o.index);
            }
            ([], _) | (_, []) => {}
            _ => {
                let note = format!(
                    "{} offers in the old version and {} in the new share the key {key} and cannot be told apart; give each an `id:` to pair them",
                    olds.len(),
                    news.len()
                );
                notes.0.extend(olds.iter().map(|o| (o.index, note.clone())));
                notes.1.extend(news.iter().map(|n| (n.index, note.clone())));
            }
        }
    }
    (old_of_new, notes)
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
