//! The three tables of an audit (SPEC §7) — comparison, findings, summary — as cells, and
//! written as CSV.
//!
//! The cells are rendered once here, so the CSV files and `--format json` say the same thing.
//! CSV output is deterministic (rows in file and line order, no timestamps), UTF-8,
//! `\n`-terminated, and every cell passes through [`spreadsheet_safe`], so vendor text never
//! becomes a formula.

use std::borrow::Cow;

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
        let mut w = writer(&mut out);
        for row in &self.rows {
            write_record(&mut w, row.iter().map(String::as_str));
        }
        drop(w);
        out
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

/// One comparison.csv row's cells, in column order.
fn comparison_cells(r: &ComparisonRow) -> [Cow<'_, str>; 20] {
    let usd = |d: Option<Decimal>| Cow::Owned(usd(d));
    [
        r.vendor.as_str().into(),
        r.file.as_str().into(),
        r.line.to_string().into(),
        r.route_quoted.as_str().into(),
        r.model.as_deref().unwrap_or_default().into(),
        r.size_quoted.as_str().into(),
        r.size.map_or("", |s| s.label()).into(),
        r.lane_quoted.as_deref().unwrap_or_default().into(),
        r.lane.label().into(),
        r.unit.as_str().into(),
        r.price_quoted.as_str().into(),
        r.currency.as_str().into(),
        usd(r.price_usd),
        usd(r.official_usd),
        usd(r.official_standard_usd),
        usd(r.official_batch_usd),
        usd(r.delta_usd),
        r.delta_pct.map(pct_cell).unwrap_or_default().into(),
        r.verdict.label().into(),
        r.baseline_checked_on.to_string().into(),
    ]
}

/// One findings.csv row's cells, in column order.
fn finding_cells(f: &Finding) -> [Cow<'_, str>; 8] {
    [
        f.vendor.as_str().into(),
        f.file.as_str().into(),
        f.line.to_string().into(),
        f.rule.id().into(),
        f.severity.label().into(),
        f.subject.as_str().into(),
        f.message.as_str().into(),
        f.evidence.as_str().into(),
    ]
}

fn sheet<'a, T: 'a, const N: usize>(
    name: &'static str,
    header: &'static [&'static str; N],
    items: &'a [T],
    cells: fn(&'a T) -> [Cow<'a, str>; N],
) -> Sheet {
    Sheet {
        name,
        header,
        rows: items
            .iter()
            .map(|item| cells(item).map(Cow::into_owned).to_vec())
            .collect(),
    }
}

fn write<'a, T: 'a, const N: usize>(
    items: &'a [T],
    cells: fn(&'a T) -> [Cow<'a, str>; N],
    out: &mut Vec<u8>,
) {
    let mut w = writer(out);
    for item in items {
        write_record(&mut w, cells(item).iter().map(|c| c.as_ref()));
    }
}

/// One row, every cell spreadsheet-safe.
fn write_record<'c>(w: &mut csv::Writer<&mut Vec<u8>>, cells: impl Iterator<Item = &'c str>) {
    // Writing to a Vec cannot fail.
    for cell in cells {
        let _ = w.write_field(spreadsheet_safe(cell).as_bytes());
    }
    let _ = w.write_record(None::<&[u8]>);
}

pub fn comparison(rows: &[ComparisonRow]) -> Sheet {
    sheet("comparison", &COMPARISON_HEADER, rows, comparison_cells)
}

/// The rows of comparison.csv for `rows`, without the header, appended to `out`: what
/// [`comparison`] holds, written without keeping the cells.
pub fn write_comparison(rows: &[ComparisonRow], out: &mut Vec<u8>) {
    write(rows, comparison_cells, out);
}

pub fn findings(findings: &[Finding]) -> Sheet {
    sheet("findings", &FINDINGS_HEADER, findings, finding_cells)
}

/// The rows of findings.csv for `findings`, without the header, appended to `out`.
pub fn write_findings(findings: &[Finding], out: &mut Vec<u8>) {
    write(findings, finding_cells, out);
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
        /// Rows written straight from findings are the rows of the findings sheet.
        #[test]
        fn written_rows_are_the_sheet_rows(texts in proptest::collection::vec(any::<String>(), 4), line in 0usize..10_000) {
            let f = Finding {
                vendor: texts[0].clone(),
                file: texts[1].clone(),
                line,
                rule: crate::findings::Rule::AboveOfficial,
                severity: crate::findings::Severity::Low,
                subject: texts[2].clone(),
                message: "=1+1, \"quoted\"\nnext".into(),
                evidence: texts[3].clone(),
            };
            let mut written = header_csv(&FINDINGS_HEADER);
            write_findings(std::slice::from_ref(&f), &mut written);
            prop_assert_eq!(written, findings(&[f]).to_csv());
        }

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
