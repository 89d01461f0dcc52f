//! The three CSV reports of an audit (SPEC §7): comparison.csv, findings.csv, summary.csv.
//!
//! Output is deterministic (rows in file and line order, no timestamps), UTF-8, `\n`-terminated,
//! and every cell passes through [`spreadsheet_safe`], so vendor text never becomes a formula.

use rust_decimal::Decimal;

use crate::check::{Audit, ComparisonRow, FileSummary};
use crate::findings::Finding;
use crate::money::{pct_cell, usd_cell};
use crate::text::spreadsheet_safe;

pub const COMPARISON_HEADER: [&str; 20] = [
    "vendor",
    "file",
    "line",
    "route_quoted",
    "model",
    "size_quoted",
    "size",
    "lane_quoted",
    "lane",
    "unit",
    "price_quoted",
    "currency",
    "price_usd",
    "official_usd",
    "official_standard_usd",
    "official_batch_usd",
    "delta_usd",
    "delta_pct",
    "verdict",
    "baseline_checked_on",
];

pub const FINDINGS_HEADER: [&str; 8] = [
    "vendor", "file", "line", "rule", "severity", "subject", "message", "evidence",
];

pub const SUMMARY_HEADER: [&str; 14] = [
    "vendor",
    "file",
    "received",
    "offers",
    "comparable",
    "above_official",
    "below_official",
    "below_official_batch",
    "not_comparable",
    "high",
    "medium",
    "low",
    "info",
    "worst_severity",
];

/// Writes rows of cells as CSV bytes.
fn to_csv<const N: usize>(header: [&str; N], rows: impl Iterator<Item = [String; N]>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(row.iter().map(|c| spreadsheet_safe(c).into_owned()));
    }
    w.into_inner().unwrap_or_default()
}

fn usd(d: Option<Decimal>) -> String {
    d.map(usd_cell).unwrap_or_default()
}

pub fn comparison(rows: &[ComparisonRow]) -> Vec<u8> {
    to_csv(
        COMPARISON_HEADER,
        rows.iter().map(|r| {
            [
                r.vendor.clone(),
                r.file.clone(),
                r.line.to_string(),
                r.route_quoted.clone(),
                r.model.clone().unwrap_or_default(),
                r.size_quoted.clone(),
                r.size.map(|s| s.label().to_owned()).unwrap_or_default(),
                r.lane_quoted.clone().unwrap_or_default(),
                r.lane.label().to_owned(),
                r.unit.clone(),
                r.price_quoted.clone(),
                r.currency.clone(),
                usd(r.price_usd),
                usd(r.official_usd),
                usd(r.official_standard_usd),
                usd(r.official_batch_usd),
                usd(r.delta_usd),
                r.delta_pct.map(pct_cell).unwrap_or_default(),
                r.verdict.label().to_owned(),
                r.baseline_checked_on.to_string(),
            ]
        }),
    )
}

pub fn findings(findings: &[Finding]) -> Vec<u8> {
    to_csv(
        FINDINGS_HEADER,
        findings.iter().map(|f| {
            [
                f.vendor.clone(),
                f.file.clone(),
                f.line.to_string(),
                f.rule.id().to_owned(),
                f.severity.label().to_owned(),
                f.subject.clone(),
                f.message.clone(),
                f.evidence.clone(),
            ]
        }),
    )
}

pub fn summary(files: &[FileSummary]) -> Vec<u8> {
    to_csv(
        SUMMARY_HEADER,
        files.iter().map(|s| {
            let [high, medium, low, info] = s.by_severity.map(|n| n.to_string());
            [
                s.vendor.clone(),
                s.file.clone(),
                s.received.map(|d| d.to_string()).unwrap_or_default(),
                s.offers.to_string(),
                s.comparable.to_string(),
                s.above_official.to_string(),
                s.below_official.to_string(),
                s.below_official_batch.to_string(),
                s.not_comparable.to_string(),
                high,
                medium,
                low,
                info,
                s.worst().map(|w| w.label().to_owned()).unwrap_or_default(),
            ]
        }),
    )
}

/// The three reports of an audit, by file name.
pub fn audit_reports(a: &Audit) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("comparison.csv", comparison(&a.rows)),
        ("findings.csv", findings(&a.findings)),
        ("summary.csv", summary(&a.files)),
    ]
}
