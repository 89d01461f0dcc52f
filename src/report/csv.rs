//! CSV, and the three tables of an audit (SPEC §7) — comparison, findings, summary — as cells
//! written into it. The diff, history and budget tables are [`Sheet`]s of their own modules.
//!
//! The cells are defined once here, so the CSV files and `--format json` say the same thing.
//! CSV output is deterministic (rows in file and line order, no timestamps), UTF-8,
//! `\n`-terminated, and every cell of text from a vendor or a file passes through
//! [`cell_safe`]: its control, bidirectional and zero-width characters written as visible
//! escapes, and never a formula; the tool's own cells (labels,
//! numbers, amounts, dates) are plain by construction, as a test checks.

use std::fmt::Write as _;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::check::{Audit, ComparisonRow, FileSummary};
use crate::model::{Finding, Subject};
use crate::money::{push_pct, push_usd};
use crate::text::{cell_safe, spreadsheet_safe};

pub const COMPARISON_HEADER: [&str; 25] = [
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
    "price_to_usd",
    "surcharges_usd",
    "effective_usd",
    "offer_id",
    "note",
];

pub const FINDINGS_HEADER: [&str; 8] = [
    "vendor", "file", "line", "rule", "severity", "subject", "message", "evidence",
];

pub const SUMMARY_HEADER: [&str; 16] = [
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
    "matches_official",
    "no_official_row",
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
        let mut out = String::new();
        push_record(&mut out, self.header);
        out.push_str(&self.rows_csv());
        out.into_bytes()
    }

    /// The sheet's rows as CSV, without the header: a piece of a sheet made in pieces.
    pub fn rows_csv(&self) -> String {
        let mut out = String::new();
        for row in &self.rows {
            push_record(&mut out, row.iter().map(|cell| cell_safe(cell)));
        }
        out
    }
}

/// A header line as CSV.
pub fn header_csv(header: &[&str]) -> Vec<u8> {
    let mut out = String::new();
    push_record(&mut out, header);
    out.into_bytes()
}

/// Appends one record and its `\n`, each field as [`push_field`] writes it. A record that is a
/// single empty field is written `""`, so that it is not an empty line.
fn push_record<T: AsRef<str>>(out: &mut String, fields: impl IntoIterator<Item = T>) {
    let start = out.len();
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, field.as_ref());
    }
    if out.len() == start {
        out.push_str("\"\"");
    }
    out.push('\n');
}

/// Appends one field, quoted as RFC 4180 says and only when it must be, as the `csv` crate's
/// default style writes it: a field holding a comma, a quote, CR or LF is put in double quotes,
/// with its quotes doubled.
fn push_field(out: &mut String, mut field: &str) {
    // Every byte is looked at (no early exit), which lets the compiler compare many at once.
    let special = |b: &u8| matches!(b, b',' | b'"' | b'\n' | b'\r');
    if !field
        .as_bytes()
        .iter()
        .fold(false, |found, b| found | special(b))
    {
        out.push_str(field);
        return;
    }
    out.push('"');
    while let Some(quote) = memchr::memchr(b'"', field.as_bytes()) {
        // A quote is one byte: both slices end on character boundaries.
        out.push_str(&field[..=quote]);
        out.push('"');
        field = &field[quote + 1..];
    }
    out.push_str(field);
    out.push('"');
}

/// Where the cells of a report's rows go: [`Sheet`] rows of strings, or CSV text written as
/// the cells come. One definition of each report's cells feeds both, so the CSV files and
/// `--format json` say the same thing.
trait Rows {
    /// Starts a row.
    fn row(&mut self);
    /// Starts a cell of the tool's own text (a label, number, amount or date), to be written
    /// into the returned buffer as it is.
    fn own(&mut self) -> &mut String;
    /// A cell of text that may come from a vendor or a file.
    fn text(&mut self, s: &str);

    /// A finding's subject.
    fn subject(&mut self, s: &Subject);

    fn label(&mut self, s: &str) {
        self.own().push_str(s);
    }

    fn number(&mut self, n: usize) {
        self.own().push_str(itoa::Buffer::new().format(n));
    }

    fn usd(&mut self, d: Option<Decimal>) {
        let cell = self.own();
        if let Some(d) = d {
            push_usd(cell, d);
        }
    }

    fn pct(&mut self, d: Option<Decimal>) {
        let cell = self.own();
        if let Some(d) = d {
            push_pct(cell, d);
        }
    }

    fn date(&mut self, d: Date) {
        // Writing to a String cannot fail.
        let _ = write!(self.own(), "{d}");
    }
}

impl Rows for Vec<Vec<String>> {
    fn row(&mut self) {
        self.push(Vec::new());
    }

    fn own(&mut self) -> &mut String {
        let row = self
            .last_mut()
            .expect("every row is started before its cells");
        row.push(String::new());
        row.last_mut().expect("a cell was just added")
    }

    fn text(&mut self, s: &str) {
        self.own().push_str(s);
    }

    fn subject(&mut self, s: &Subject) {
        s.push_to(self.own());
    }
}

/// CSV text, written straight from the cells: vendor text made spreadsheet-safe and quoted
/// where it must be, the tool's own text as it is.
struct Csv<'a> {
    out: &'a mut String,
    /// No cell of the current row is written yet.
    row_empty: bool,
    /// The last date written, and its text: every row of an audit has the baseline's date.
    last_date: Option<(Date, String)>,
    /// A cell being made before it is quoted.
    scratch: String,
}

impl<'a> Csv<'a> {
    fn new(out: &'a mut String) -> Self {
        Csv {
            out,
            row_empty: true,
            last_date: None,
            scratch: String::new(),
        }
    }

    fn end_row(&mut self) {
        if !self.row_empty {
            self.out.push('\n');
            self.row_empty = true;
        }
    }

    fn next_cell(&mut self) {
        if !std::mem::replace(&mut self.row_empty, false) {
            self.out.push(',');
        }
    }
}

impl Rows for Csv<'_> {
    fn row(&mut self) {
        self.end_row();
    }

    fn own(&mut self) -> &mut String {
        self.next_cell();
        self.out
    }

    fn text(&mut self, s: &str) {
        self.next_cell();
        push_field(self.out, &cell_safe(s));
    }

    fn subject(&mut self, s: &Subject) {
        self.next_cell();
        self.scratch.clear();
        s.push_to(&mut self.scratch);
        push_field(self.out, &cell_safe(&self.scratch));
    }

    fn date(&mut self, d: Date) {
        self.next_cell();
        match &self.last_date {
            Some((last, text)) if *last == d => self.out.push_str(text),
            _ => {
                let text = spreadsheet_safe(&d.to_string()).into_owned();
                self.out.push_str(&text);
                self.last_date = Some((d, text));
            }
        }
    }
}

/// One comparison.csv row.
fn comparison_cells(r: &ComparisonRow, c: &mut impl Rows) {
    c.row();
    c.text(&r.vendor);
    c.text(&r.file);
    c.number(r.line);
    c.text(&r.route_quoted);
    c.text(r.model.as_deref().unwrap_or_default());
    c.text(&r.size_quoted);
    c.label(r.size.map_or("", |s| s.label()));
    c.text(r.lane_quoted.as_deref().unwrap_or_default());
    c.label(r.lane().label());
    c.label(r.unit.label());
    c.text(&r.price_quoted);
    c.text(&r.currency);
    c.usd(r.price_usd);
    c.usd(r.official_usd);
    c.usd(r.official_standard_usd);
    c.usd(r.official_batch_usd);
    c.usd(r.delta_usd);
    c.pct(r.delta_pct);
    c.label(r.verdict.label());
    c.date(r.baseline_checked_on);
    c.usd(r.price_to_usd);
    c.usd(r.surcharges_usd);
    c.usd(r.effective_usd);
    c.text(r.offer_id.as_deref().unwrap_or_default());
    c.text(r.note.as_deref().unwrap_or_default());
}

/// One findings.csv row.
fn finding_cells(f: &Finding, c: &mut impl Rows) {
    c.row();
    c.text(&f.vendor);
    c.text(&f.file);
    c.number(f.line);
    c.label(f.rule.id());
    c.label(f.severity.label());
    c.subject(&f.subject);
    c.text(&f.message);
    c.text(&f.evidence);
}

/// A sheet of `items`, a row each.
fn sheet<T>(
    name: &'static str,
    header: &'static [&'static str],
    items: &[T],
    cells: impl Fn(&T, &mut Vec<Vec<String>>),
) -> Sheet {
    let mut rows = Vec::new();
    for item in items {
        cells(item, &mut rows);
    }
    Sheet { name, header, rows }
}

/// The CSV rows of `items`, appended to `out`; `typical_row` bytes are reserved for each at
/// once, rather than the text growing by halves.
fn write<T>(items: &[T], typical_row: usize, cells: impl Fn(&T, &mut Csv<'_>), out: &mut String) {
    out.reserve(items.len() * typical_row);
    let mut csv = Csv::new(out);
    for item in items {
        cells(item, &mut csv);
    }
    csv.end_row();
}

pub fn comparison(rows: &[ComparisonRow]) -> Sheet {
    sheet("comparison", &COMPARISON_HEADER, rows, comparison_cells)
}

/// The rows of comparison.csv for `rows`, without the header, appended to `out`: what
/// [`comparison`] holds, written without keeping the cells.
pub fn write_comparison(rows: &[ComparisonRow], out: &mut String) {
    write(rows, 200, |r, c| comparison_cells(r, c), out);
}

pub fn findings(findings: &[Finding]) -> Sheet {
    sheet("findings", &FINDINGS_HEADER, findings, finding_cells)
}

/// The rows of findings.csv for `findings`, without the header, appended to `out`.
pub fn write_findings(findings: &[Finding], out: &mut String) {
    write(findings, 300, |f, c| finding_cells(f, c), out);
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
                    s.matches_official.to_string(),
                    s.no_official_row.to_string(),
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

    /// The tool's own cells are written as they are, without the checks vendor text gets: no
    /// label may need quoting or start like a formula.
    #[test]
    fn labels_are_plain_cells() {
        use crate::model::{Lane, SizeClass};
        let labels = SizeClass::ALL
            .iter()
            .map(|s| s.label())
            .chain([Lane::Standard, Lane::Batch].map(Lane::label))
            .chain(crate::check::Verdict::ALL.map(|v| v.label()))
            .chain(crate::model::Rule::ALL.iter().map(|r| r.id()))
            .chain(crate::model::Severity::ALL.map(|s| s.label()));
        for label in labels {
            let mut field = String::new();
            push_field(&mut field, label);
            assert_eq!(field, label);
            assert_eq!(spreadsheet_safe(label), label);
        }
    }

    proptest! {
        /// A record is the bytes the `csv` crate writes for it: the same quoting, the same
        /// doubled quotes, and `""` for a lone empty field.
        #[test]
        fn records_are_written_as_the_csv_crate_writes_them(
            fields in proptest::collection::vec(prop_oneof!["[a-z ,\"\r\n'=]{0,6}", any::<String>()], 0..5),
        ) {
            let mut ours = String::new();
            push_record(&mut ours, &fields);
            let ours = ours.into_bytes();
            let mut theirs = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new());
            theirs.write_record(&fields).unwrap();
            prop_assert_eq!(ours, theirs.into_inner().unwrap());
        }

        /// Rows written straight from findings are the rows of the findings sheet.
        #[test]
        fn written_rows_are_the_sheet_rows(texts in proptest::collection::vec(any::<String>(), 4), line in 0usize..10_000) {
            let f = Finding {
                vendor: texts[0].clone(),
                file: texts[1].clone(),
                line,
                rule: crate::model::Rule::AboveOfficial,
                severity: crate::model::Severity::Low,
                subject: crate::model::Subject::Terms(vec![crate::model::TermKey::Billing, crate::model::TermKey::Quota]),
                message: format!("=1+1, \"quoted\"\nnext{}", texts[2]),
                evidence: texts[3].clone(),
            };
            let mut written = String::from_utf8(header_csv(&FINDINGS_HEADER)).unwrap();
            write_findings(std::slice::from_ref(&f), &mut written);
            prop_assert_eq!(written.into_bytes(), findings(&[f]).to_csv());
        }

        /// Rows written straight from comparison rows are the rows of the comparison sheet,
        /// over rows with the same and with another date.
        #[test]
        fn written_comparison_rows_are_the_sheet_rows(
            texts in proptest::collection::vec(prop_oneof![any::<String>(), "[=+@ ,\"a-]{0,4}"], 11),
            amounts in proptest::collection::vec(proptest::option::of((any::<i64>(), 0u32..=28)), 9),
            line in 0usize..10_000,
            (year, month, day) in (-9999i16..=9999, 1i8..=12, 1i8..=28),
            second_day in 27i8..=28,
        ) {
            use crate::model::{Lane, SizeClass};
            use crate::normalize::lane::LaneReading;
            let amount = |i: usize| amounts[i].map(|(m, scale)| Decimal::new(m, scale));
            let row = ComparisonRow {
                vendor: texts[0].clone(),
                file: texts[1].clone(),
                line,
                offer_index: line,
                offer_id: Some(texts[9].clone()),
                route_quoted: texts[2].clone(),
                model: Some(texts[3].clone()),
                size_quoted: texts[4].clone(),
                size: Some(SizeClass::K2),
                lane_quoted: Some(texts[5].clone()),
                lane_reading: LaneReading::Official(Lane::Batch),
                unit: crate::model::Unit::MillionTokens,
                price_quoted: texts[7].clone(),
                currency: texts[8].clone(),
                price_usd: amount(0),
                official_usd: amount(1),
                official_standard_usd: amount(2),
                official_batch_usd: amount(3),
                delta_usd: amount(4),
                delta_pct: amount(5),
                verdict: crate::check::Verdict::BelowOfficialBatch,
                baseline_checked_on: Date::new(year, month, day).unwrap(),
                price_to_usd: amount(6),
                surcharges_usd: amount(7),
                effective_usd: amount(8),
                note: Some(format!("{}{}", texts[6], texts[10])),
            };
            let mut second = row.clone();
            second.baseline_checked_on = Date::new(year, month, second_day).unwrap();
            let rows = [row.clone(), row, second];
            let mut written = String::from_utf8(header_csv(&COMPARISON_HEADER)).unwrap();
            write_comparison(&rows, &mut written);
            prop_assert_eq!(written.into_bytes(), comparison(&rows).to_csv());
        }

        /// Vendor text survives a CSV round trip as it is shown (its hazards as visible
        /// escapes), except for the spreadsheet-safety prefix, and no written cell can start
        /// a formula or carry a control character.
        #[test]
        fn vendor_text_reads_back_and_never_starts_a_formula(cells in proptest::collection::vec(any::<String>(), 1..6)) {
            let sheet = Sheet { name: "t", header: &["a", "b", "c", "d", "e", "f"][..cells.len()], rows: vec![cells.clone()] };
            let back = read_back(&sheet.to_csv());
            prop_assert_eq!(back.len(), 1);
            for (written, original) in back[0].iter().zip(&cells) {
                let shown = crate::text::visible(original);
                let unprefixed = if spreadsheet_safe(&shown) != shown.as_ref() {
                    written.strip_prefix('\'').unwrap_or(written)
                } else {
                    written.as_str()
                };
                prop_assert_eq!(unprefixed, shown.as_ref());
                prop_assert!(!written.chars().any(crate::text::is_hazard));
                let risky = written.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']);
                prop_assert!(!risky || written.parse::<f64>().is_ok(), "{:?}", written);
            }
        }
    }
}
