//! The diff's reports: changes.csv, a row per change, and on the terminal, per vendor, a
//! summary line, a unified diff of a canonical rendering of both versions (coloured when
//! wanted), and the words that changed in a reworded claim. Every line of vendor text is made
//! terminal-safe on its own; the line breaks are the tool's. What changed is
//! [`crate::analyze::diff`]'s; this only shows it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use similar::{ChangeTag, TextDiff};

use super::csv::Sheet;
use crate::analyze::diff::{
    Change, ChangeKind, VendorDiff, credit_fields, offer_text, term_fields,
};
use crate::analyze::version::Version;
use crate::load::display_name;
use crate::money::{pct_cell, usd_cell};
use crate::text::{plural, terminal_safe};

pub const CHANGES_HEADER: [&str; 12] = [
    "vendor",
    "change",
    "key",
    "field",
    "old",
    "new",
    "delta_usd",
    "delta_pct",
    "old_file",
    "old_line",
    "new_file",
    "new_line",
];

/// changes.csv: one row per change between two versions of vendors' quotes.
pub fn sheet<'c>(changes: impl Iterator<Item = &'c Change>) -> Sheet {
    let line = |l: Option<usize>| l.map(|l| l.to_string()).unwrap_or_default();
    Sheet {
        name: "changes",
        header: &CHANGES_HEADER,
        rows: changes
            .map(|c| {
                vec![
                    c.vendor.clone(),
                    c.kind.label().to_owned(),
                    c.key.clone(),
                    c.field.clone(),
                    c.old.clone(),
                    c.new.clone(),
                    c.delta_usd.map(usd_cell).unwrap_or_default(),
                    c.delta_pct.map(pct_cell).unwrap_or_default(),
                    c.old_at.file.clone(),
                    line(c.old_at.line),
                    c.new_at.file.clone(),
                    line(c.new_at.line),
                ]
            })
            .collect(),
    }
}

/// What `diff` prints of one vendor: nothing when nothing changed.
pub fn vendor_text(d: &VendorDiff<'_>, colour: bool) -> String {
    describe(&Paint(colour), d.old.as_ref(), d.new.as_ref(), &d.changes)
}

/// What `diff` prints after the vendors: `vendors` is their text, joined.
pub fn terminal(vendors: String, changes: usize, out: &Path) -> String {
    let mut s = match vendors.is_empty() {
        true => "no changes\n".to_owned(),
        false => vendors,
    };
    s.push_str(&format!(
        "\n{} written to {}/changes.csv",
        plural(changes, "change"),
        display_name(out).trim_end_matches('/')
    ));
    s
}

/// A canonical, normalized rendering of a version: one line per fact, sorted, so that a
/// unified diff of two renderings shows what changed and nothing else.
///
/// `same_as` renders the offers whose price move `changes` does not report (hidden by the
/// tolerance) with that version's price, so the diff shows no move the report does not.
fn canonical(v: &Version<'_>, same_as: Option<(&Version<'_>, &[Change])>) -> String {
    let q = v.quote;
    let mut lines = vec![format!("vendor: {}", q.vendor.value.trim())];
    if let Some(d) = &q.valid_until {
        lines.push(format!("valid_until: {}", d.value));
    }
    let moved: HashSet<&str> = same_as.map_or_else(HashSet::new, |(_, changes)| {
        changes
            .iter()
            .filter(|c| c.kind == ChangeKind::PriceChanged)
            .map(|c| c.key.as_str())
            .collect()
    });
    for (key, row) in v.offers() {
        let shown = match same_as {
            Some((other, _)) if !moved.contains(key.as_str()) => other.offer(key).unwrap_or(row),
            _ => row,
        };
        lines.push(format!("offer {key}: {}", offer_text(shown)));
    }
    for (field, value, _) in term_fields(q) {
        if !value.is_empty() {
            lines.push(format!("terms.{field}: {value}"));
        }
    }
    for (field, value, _) in credit_fields(q) {
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

/// ANSI colour, when wanted.
struct Paint(bool);

impl Paint {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// A vendor's summary line, the unified diff of its two renderings, and reworded claims.
fn describe(
    paint: &Paint,
    old: Option<&Version<'_>>,
    new: Option<&Version<'_>>,
    changes: &[Change],
) -> String {
    let name = new
        .or(old)
        .map(|v| terminal_safe(&v.quote.vendor.value).into_owned())
        .unwrap_or_default();
    let mut s = String::new();
    let side = match (old, new) {
        (Some(_), None) => Some("removed"),
        (None, Some(_)) => Some("added"),
        _ => None,
    };
    if let Some(side) = side {
        let offers = changes
            .iter()
            .filter(|c| matches!(c.kind, ChangeKind::OfferAdded | ChangeKind::OfferRemoved))
            .count();
        s.push_str(&format!(
            "\n{}: {side} ({})\n",
            paint.paint("1", &name),
            plural(offers, "offer")
        ));
        return s;
    }
    if changes.is_empty() {
        return s;
    }
    let mut counts: BTreeMap<ChangeKind, usize> = BTreeMap::new();
    for c in changes {
        *counts.entry(c.kind).or_default() += 1;
    }
    let summary: Vec<String> = counts
        .iter()
        .map(|(k, n)| format!("{n} {}", k.label()))
        .collect();
    s.push_str(&format!(
        "\n{}: {}\n",
        paint.paint("1", &name),
        summary.join(", ")
    ));
    let (Some(o), Some(n)) = (old, new) else {
        return s;
    };
    // Each rendered line is made terminal-safe on its own; the newlines are the tool's.
    let safe = |text: String| {
        text.lines()
            .map(|l| terminal_safe(l).into_owned() + "\n")
            .collect::<String>()
    };
    let (a, b) = (
        safe(canonical(o, None)),
        safe(canonical(n, Some((o, changes)))),
    );
    let lines = a.lines().count() + b.lines().count();
    if lines > MAX_DIFF_LINES {
        // A line diff costs the product of the lines and the changes; the changes are all in
        // changes.csv and counted above.
        s.push_str(&format!(
            "  (the line-by-line view is left out above {MAX_DIFF_LINES} lines; every change is in changes.csv)\n"
        ));
        s.push_str(&reworded(paint, changes));
        return s;
    }
    let text = TextDiff::from_lines(&a, &b);
    let unified = text
        .unified_diff()
        .context_radius(2)
        .header(&terminal_safe(&o.quote.file), &terminal_safe(&n.quote.file))
        .to_string();
    for line in unified.lines() {
        let painted = if line.starts_with("+++") || line.starts_with("---") {
            paint.paint("1", line)
        } else if line.starts_with('+') {
            paint.paint("32", line)
        } else if line.starts_with('-') {
            paint.paint("31", line)
        } else if line.starts_with("@@") {
            paint.paint("36", line)
        } else {
            line.to_owned()
        };
        s.push_str(&format!("  {painted}\n"));
    }
    s.push_str(&reworded(paint, changes));
    s
}

/// Longest pair of renderings shown as a line diff (see [`describe`]).
const MAX_DIFF_LINES: usize = 2_000;

/// Added claims a removed claim may be a rewording of, at most: the ones sharing most words.
const CANDIDATES: usize = 16;
/// A word in more added claims than this says little about which one is a rewording: it is
/// looked up only when a claim has no rarer word.
const COMMON: usize = 64;

/// Pairs each removed claim, in order, with the added claim most like it (the word diff's
/// ratio, at least 0.5), each added claim used once. Candidates are found through the words
/// they share (an index from word to claims), not by comparing every pair: the cost grows with
/// the claims, not with their product.
fn rewordings(removed: &[&Change], added: &[&Change]) -> Vec<(usize, usize)> {
    let words = |text: &str| -> BTreeSet<String> {
        text.split_whitespace().map(str::to_lowercase).collect()
    };
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, a) in added.iter().enumerate() {
        for w in words(&a.new) {
            index.entry(w).or_default().push(i);
        }
    }
    let mut taken = vec![false; added.len()];
    let mut pairs = Vec::new();
    for (ri, r) in removed.iter().enumerate() {
        let own = words(&r.old);
        let postings: Vec<&Vec<usize>> = own.iter().filter_map(|w| index.get(w)).collect();
        let rare: Vec<&Vec<usize>> = postings
            .iter()
            .copied()
            .filter(|p| p.len() <= COMMON)
            .collect();
        let mut shared: HashMap<usize, usize> = HashMap::new();
        let lists = if rare.is_empty() { &postings } else { &rare };
        for list in lists {
            for &i in list.iter().take(COMMON) {
                if !taken[i] {
                    *shared.entry(i).or_default() += 1;
                }
            }
        }
        let mut candidates: Vec<(usize, usize)> = shared.into_iter().collect();
        candidates.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        candidates.truncate(CANDIDATES);
        candidates.sort();
        let best = candidates
            .into_iter()
            .map(|(i, _)| {
                let ratio = TextDiff::from_words(r.old.as_str(), added[i].new.as_str()).ratio();
                (ratio, i)
            })
            .filter(|(ratio, _)| *ratio >= 0.5)
            .max_by(|x, y| x.0.total_cmp(&y.0));
        if let Some((_, i)) = best {
            taken[i] = true;
            pairs.push((ri, i));
        }
    }
    pairs
}

/// Removed and added claims that are rewordings of each other, with the words that changed.
fn reworded(paint: &Paint, changes: &[Change]) -> String {
    let removed: Vec<&Change> = changes
        .iter()
        .filter(|c| c.kind == ChangeKind::ClaimRemoved)
        .collect();
    let added: Vec<&Change> = changes
        .iter()
        .filter(|c| c.kind == ChangeKind::ClaimAdded)
        .collect();
    let mut s = String::new();
    for (r, a) in rewordings(&removed, &added) {
        let (r, a) = (removed[r], added[a]);
        let words = TextDiff::from_words(r.old.as_str(), a.new.as_str());
        let mut line = String::new();
        for change in words.iter_all_changes() {
            let w = terminal_safe(change.value()).into_owned();
            // White space between words is not a change worth marking.
            let tag = if w.trim().is_empty() {
                ChangeTag::Equal
            } else {
                change.tag()
            };
            line.push_str(&match tag {
                ChangeTag::Equal if change.tag() == ChangeTag::Delete => String::new(),
                ChangeTag::Equal => w,
                ChangeTag::Delete if paint.0 => paint.paint("31;9", &w),
                ChangeTag::Insert if paint.0 => paint.paint("32;4", &w),
                ChangeTag::Delete => format!("[-{w}-]"),
                ChangeTag::Insert => format!("{{+{w}+}}"),
            });
        }
        s.push_str(&format!("  claim reworded: {line}\n"));
    }
    s
}
