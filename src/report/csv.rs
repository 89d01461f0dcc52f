//! The three tables of an audit (SPEC §7) — comparison, findings, summary — as cells, and
//! written as CSV.
//!
//! The cells are rendered once here, so the CSV files and `--format json` say the same thing.
//! CSV output is deterministic (rows in file and line order, no timestamps), UTF-8,
//! `\n`-terminated, and every cell passes through [`spreadsheet_safe`], so vendor text never
//! becomes a formula.

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

/// One table of an audit: its report name, its columns, and its rows of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// `comparison`, `findings`, `summary`: the CSV file is `<name>.csv`.
    pub name: &'static str,
    pub header: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    /// The sheet as CSV bytes.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut out = header_csv(self.header);
        self.write_rows(&mut out);
        out
    }

    /// The rows alone as CSV, appended to `out`.
    pub fn write_rows(&self, out: &mut Vec<u8>) {
        let mut w = writer(out);
        // Writing to a Vec cannot fail.
        for row in &self.rows {
            for cell in row {
                let _ = w.write_field(spreadsheet_safe(cell).as_bytes());
            }
            let _ = w.write_record(None::<&[u8]>);
        }
    }
}

/// A header line as CSV.
pub fn header_csv(header: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = writer(&mut out).write_record(header);
    out
}

fn writer(out: &mut Vec<u8>) -> csv::Writer<&mut Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out)
}

fn usd(d: Option<Decimal>) -> String {
    d.map(usd_cell).unwrap_or_default()
}

pub fn comparison(rows: &[ComparisonRow]) -> Sheet {
    Sheet {
        name: "comparison",
        header: &COMPARISON_HEADER,
        rows: rows
            .iter()
            .map(|r| {
                vec![
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
            })
            .collect(),
    }
}

pub fn findings(findings: &[Finding]) -> Sheet {
    Sheet {
        name: "findings",
        header: &FINDINGS_HEADER,
        rows: findings
            .iter()
            .map(|f| {
                vec![
                    f.vendor.clone(),
                    f.file.clone(),
                    f.line.to_string(),
                    f.rule.id().to_owned(),
                    f.severity.label().to_owned(),
                    f.subject.clone(),
                    f.message.clone(),
                    f.evidence.clone(),
                ]
            })
            .collect(),
    }
}

pub fn summary(files: &[FileSummary]) -> Sheet {
    Sheet {
        name: "summary",
        header: &SUMMARY_HEADER,
        rows: files
            .iter()
            .map(|s| {
                let [high, medium, low, info] = s.by_severity.map(|n| n.to_string());
                vec![
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
            })
            .collect(),
    }
}

/// The three tables of an audit, in report order.
pub fn audit_sheets(a: &Audit) -> [Sheet; 3] {
    [
        comparison(&a.rows),
        findings(&a.findings),
        summary(&a.files),
    ]
}

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
pub fn changes(changes: &[crate::diff::Change]) -> Sheet {
    let line = |l: Option<usize>| l.map(|l| l.to_string()).unwrap_or_default();
    Sheet {
        name: "changes",
        header: &CHANGES_HEADER,
        rows: changes
            .iter()
            .map(|c| {
                vec![
                    c.vendor.clone(),
                    c.kind.label().to_owned(),
                    c.key.clone(),
                    c.field.clone(),
                    c.old.clone(),
                    c.new.clone(),
                    usd(c.delta_usd),
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

pub const HISTORY_HEADER: [&str; 9] = [
    "vendor",
    "model",
    "size",
    "lane",
    "received",
    "price_usd",
    "change_pct",
    "file",
    "line",
];

/// history.csv: every offer of every dated version of each vendor.
pub fn history(points: &[crate::history::Point]) -> Sheet {
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
                    usd(p.price_usd),
                    p.change_pct.map(pct_cell).unwrap_or_default(),
                    p.file.clone(),
                    p.line.to_string(),
                ]
            })
            .collect(),
    }
}

pub const BUDGET_HEADER: [&str; 10] = [
    "job",
    "count",
    "kind",
    "model",
    "reason",
    "size",
    "lane",
    "source",
    "unit_usd",
    "total_usd",
];

/// budget.csv: one row per job and source.
pub fn budget(lines: &[crate::budget::Line]) -> Sheet {
    Sheet {
        name: "budget",
        header: &BUDGET_HEADER,
        rows: lines
            .iter()
            .map(|l| {
                vec![
                    l.job.clone(),
                    l.count.to_string(),
                    l.kind.clone(),
                    l.model.clone(),
                    l.reason.clone(),
                    l.size.label().to_owned(),
                    l.lane.label().to_owned(),
                    l.source.clone(),
                    usd_cell(l.unit_usd),
                    l.total_usd
                        .map(crate::budget::total_cell)
                        .unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read_back(bytes: &[u8]) -> Vec<Vec<String>> {
        csv::Reader::from_reader(bytes)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    proptest! {
        /// Vendor text survives a CSV round trip, except for the spreadsheet-safety prefix,
        /// and no written cell can start a formula.
        #[test]
        fn vendor_text_reads_back_and_never_starts_a_formula(cells in proptest::collection::vec(any::<String>(), 1..6)) {
            let sheet = Sheet { name: "t", header: &["a", "b", "c", "d", "e", "f"][..cells.len()], rows: vec![cells.clone()] };
            let back = read_back(&sheet.to_csv());
            prop_assert_eq!(back.len(), 1);
            for (written, original) in back[0].iter().zip(&cells) {
                let unprefixed = if spreadsheet_safe(original) != original.as_str() {
                    written.strip_prefix('\'').unwrap_or(written)
                } else {
                    written.as_str()
                };
                prop_assert_eq!(unprefixed, original.as_str());
                let risky = written.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']);
                prop_assert!(!risky || written.parse::<f64>().is_ok(), "{:?}", written);
            }
        }
    }
}
