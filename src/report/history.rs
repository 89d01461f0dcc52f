//! The history's reports: history.csv, a row per offer of every dated version, and on the
//! terminal a price timeline per vendor and offer (`2026-05-02 0.06 → 2026-06-03 0.062
//! (+3.33%)`). The chain of versions is [`crate::analyze::history`]'s; this only lays it out.

use std::collections::HashMap;
use std::path::Path;

use rust_decimal::Decimal;

use super::csv::Sheet;
use crate::analyze::history::Point;
use crate::analyze::version::Version;
use crate::load::display_name;
use crate::money::{pct_cell, usd_cell};
use crate::text::{plural, terminal_safe};

pub const HISTORY_HEADER: [&str; 12] = [
    "vendor",
    "model",
    "size",
    "lane",
    "received",
    "price_usd",
    "change_pct",
    "file",
    "line",
    "offer",
    "official_usd",
    "baseline_checked_on",
];

/// history.csv: every offer of every dated version of each vendor.
pub fn sheet(points: &[Point]) -> Sheet {
    Sheet {
        name: "history",
        header: &HISTORY_HEADER,
        rows: points
            .iter()
            .map(|p| {
                vec![
                    p.vendor.clone(),
                    p.model.clone(),
                    p.size.clone(),
                    p.lane.clone(),
                    p.received.to_string(),
                    p.price_usd.map(usd_cell).unwrap_or_default(),
                    p.change_pct.map(pct_cell).unwrap_or_default(),
                    p.file.clone(),
                    p.line.to_string(),
                    p.key.clone(),
                    p.official_usd.map(usd_cell).unwrap_or_default(),
                    p.official_checked_on
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// What `history` prints of one vendor: its versions and each offer's timeline, from its
/// `points`.
pub fn vendor_text(versions: &[Version<'_>], points: &[Point]) -> String {
    let (Some(first), Some(last)) = (versions.first(), versions.last()) else {
        return String::new();
    };
    // Each offer's points, in the order of `points`, found by offer key.
    let mut chains: HashMap<&str, Vec<&Point>> = HashMap::new();
    for p in points {
        chains.entry(&p.key).or_default().push(p);
    }
    let mut s = format!(
        "\n{}: {}, {} → {}\n",
        terminal_safe(&first.quote.vendor.value),
        plural(versions.len(), "version"),
        first.quote.received.value,
        last.quote.received.value
    );
    let mut keys: Vec<&String> = versions
        .iter()
        .flat_map(|v| v.offers().map(|(k, _)| k))
        .collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let chain = chains.get(key.as_str());
        let steps: Vec<String> = chain.into_iter().flatten().map(|p| step(p)).collect();
        s.push_str(&format!(
            "  {:<48} {}\n",
            terminal_safe(key),
            steps.join(" → ")
        ));
    }
    s
}

/// What `history` prints after the vendors (`vendors`, their text joined): how many points of
/// how many quotes went where.
pub fn terminal(vendors: String, points: usize, quotes: usize, out: &Path) -> String {
    let mut s = vendors;
    s.push_str(&format!(
        "\n{} from {} written to {}/history.csv",
        plural(points, "price point"),
        plural(quotes, "quote"),
        display_name(out).trim_end_matches('/')
    ));
    s
}

/// `2026-06-03 0.062 (+3.33%)`: one version's price, and its change when there is one.
fn step(p: &Point) -> String {
    let price = p.price_usd.map_or("?".to_owned(), usd_cell);
    match p.change_pct {
        Some(c) if !c.is_zero() => format!(
            "{} {price} ({}{}%)",
            p.received,
            if c > Decimal::ZERO { "+" } else { "" },
            pct_cell(c)
        ),
        _ => format!("{} {price}", p.received),
    }
}
