//! `report.xlsx`: the audit's three tables as a workbook that opens ready to filter. Its
//! sheets are made from the staged comparison.csv, findings.csv and summary.csv once they are
//! complete, cell by cell, so the workbook and the CSVs always say the same thing: each sheet
//! has a frozen, bold header row, an autofilter, columns as wide as their text, verdict and
//! severity cells coloured, and counts and prices as numbers.
//!
//! A price a double cannot show exactly (more than 15 significant digits, Excel's precision,
//! or a figure the double does not read back as) is written as a number and, beside it, in a
//! `(exact)` column as its decimal text; the column is there only when some cell needs it.
//! Text cells are the CSVs' own, already made spreadsheet-safe ([`crate::text::cell_safe`]);
//! one longer than an Excel cell holds is cut and says so. The workbook's date is the run's
//! `--as-of` and its archive dates are fixed, so the same audit writes the same bytes.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use jiff::civil::Date;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::csv::{COMPARISON_HEADER, FINDINGS_HEADER, SUMMARY_HEADER};
use crate::diag::Error;

/// A column's cells, as the workbook writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// A count or a line number.
    Count,
    /// A decimal figure: USD or a percentage.
    Figure,
    Verdict,
    Severity,
}

fn kind(column: &str) -> Kind {
    match column {
        "line"
        | "offers"
        | "comparable"
        | "above_official"
        | "below_official"
        | "below_official_batch"
        | "not_comparable"
        | "high"
        | "medium"
        | "low"
        | "info"
        | "matches_official"
        | "no_official_row" => Kind::Count,
        "verdict" => Kind::Verdict,
        "severity" | "worst_severity" => Kind::Severity,
        c if c.ends_with("_usd") || c.ends_with("_pct") => Kind::Figure,
        _ => Kind::Text,
    }
}

/// The sheets, in workbook order: name and header.
pub const SHEETS: [(&str, &[&str]); 3] = [
    ("comparison", &COMPARISON_HEADER),
    ("findings", &FINDINGS_HEADER),
    ("summary", &SUMMARY_HEADER),
];

/// Excel's rows per sheet: a table with more continues on a sheet of its own.
const ROWS_PER_SHEET: u32 = 1_048_576;
/// UTF-16 units an Excel cell holds.
const CELL_UNITS: usize = 32_767;
const CUT: &str = "… (cut: the whole text is in the CSV report)";
/// Widest a column is made, in characters.
const WIDEST: usize = 60;

/// CSVs this large (in all) may make sheets past a plain zip's 4 GiB: the archive is then
/// written with its large-file records.
const LARGE: u64 = 1 << 30;

/// Writes the workbook of the three finished CSVs `csvs` (in [`SHEETS`] order, each open at
/// its start) into `out`, dated `as_of`, with its temporary files in `scratch`.
pub fn write(
    csvs: [File; 3],
    out: impl Write + Seek + Send,
    as_of: Date,
    scratch: &Path,
) -> Result<(), Error> {
    let mut workbook = Workbook::new();
    // The sheets' rows wait in temporary files beside the reports, not in the system's
    // temporary folder (which may be small, or in memory).
    workbook
        .set_tempdir(scratch)
        .map_err(|e| failed("its temporary folder", e))?;
    let date = ExcelDateTime::from_ymd(
        u16::try_from(as_of.year()).unwrap_or(1900),
        as_of.month().unsigned_abs(),
        as_of.day().unsigned_abs(),
    )
    .or_else(|_| ExcelDateTime::from_ymd(1900, 1, 1));
    let mut props = DocProperties::new().set_title("quote-audit report");
    if let Ok(date) = &date {
        props = props.set_creation_datetime(date);
    }
    workbook.set_properties(&props);
    // The fastest deflate: a large audit's workbook costs a third of the time the default
    // level takes, for a file about a fifth larger.
    workbook.set_zip_compression_level(1);
    let total: u64 = csvs
        .iter()
        .filter_map(|f| f.metadata().ok())
        .map(|m| m.len())
        .sum();
    workbook.use_zip_large_file(total >= LARGE);
    let styles = Styles::new();
    for ((name, header), mut csv) in SHEETS.into_iter().zip(csvs) {
        let layout = Layout::read(&mut csv, header)?;
        csv.seek(SeekFrom::Start(0)).map_err(|e| Error::Write {
            path: "report.xlsx".into(),
            source: e,
        })?;
        let rows = csv::Reader::from_reader(csv);
        add_sheets(
            &mut workbook,
            (name, header),
            &layout,
            rows,
            &styles,
            ROWS_PER_SHEET,
        )
        .map_err(|e| failed(&format!("sheet {name}"), e))?;
    }
    workbook.save_to_writer(out).map_err(|e| Error::Write {
        path: "report.xlsx".into(),
        source: std::io::Error::other(e),
    })
}

fn failed(what: &str, e: XlsxError) -> Error {
    Error::Write {
        path: format!("report.xlsx ({what})"),
        source: std::io::Error::other(e),
    }
}

/// What a first pass over a CSV tells: each column's width, and which figure columns need
/// an `(exact)` column beside them.
struct Layout {
    widths: Vec<usize>,
    exact: Vec<bool>,
}

impl Layout {
    fn read(csv: impl Read, header: &[&str]) -> Result<Layout, Error> {
        let mut widths: Vec<usize> = header.iter().map(|h| h.len() + 3).collect();
        let mut exact = vec![false; header.len()];
        let mut reader = csv::Reader::from_reader(csv);
        for record in reader.records() {
            let record = record.map_err(csv_error)?;
            for (i, cell) in record.iter().enumerate().take(header.len()) {
                widths[i] = widths[i].max(cell.chars().count().min(WIDEST));
                if kind(header[i]) == Kind::Figure && !cell.is_empty() && !double_holds(cell) {
                    exact[i] = true;
                }
            }
        }
        Ok(Layout { widths, exact })
    }
}

fn csv_error(e: csv::Error) -> Error {
    Error::Write {
        path: "report.xlsx".into(),
        source: std::io::Error::other(e),
    }
}

/// Whether a double shows `text` as written: at most 15 significant digits, and read back
/// as the same figure.
pub fn double_holds(text: &str) -> bool {
    let digits = text.trim_start_matches('-').replace('.', "");
    let significant = digits.trim_start_matches('0').trim_end_matches('0').len();
    let back = text.parse::<f64>().map(|f| f.to_string());
    let same = |a: &str, b: &str| {
        let (a, b) = (
            a.parse::<rust_decimal::Decimal>(),
            b.parse::<rust_decimal::Decimal>(),
        );
        matches!((a, b), (Ok(a), Ok(b)) if a == b)
    };
    significant <= 15 && back.is_ok_and(|b| same(&b, text))
}

/// The cell formats.
struct Styles {
    header: Format,
    verdicts: Vec<(&'static str, Format)>,
    severities: Vec<(&'static str, Format)>,
}

impl Styles {
    fn new() -> Styles {
        let fill = |bg: u32, fg: u32| {
            Format::new()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
        };
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xF3F5F7))
                .set_border_bottom(FormatBorder::Thin),
            verdicts: vec![
                ("matches-official", fill(0xD1E7DD, 0x0F5132)),
                ("above-official", fill(0xFFE5CC, 0x8A4B00)),
                ("below-official", fill(0xCFE2FF, 0x084298)),
                ("below-official-batch", fill(0xF8D7DA, 0x842029)),
                ("no-official-row", fill(0xE2E3E5, 0x41464B)),
                ("not-comparable", fill(0xE2E3E5, 0x41464B)),
            ],
            severities: vec![
                ("high", fill(0xF8D7DA, 0x842029)),
                ("medium", fill(0xFFE5CC, 0x8A4B00)),
                ("low", fill(0xFFF3CD, 0x664D03)),
                ("info", fill(0xE2E3E5, 0x41464B)),
            ],
        }
    }

    fn of(&self, kind: Kind, cell: &str) -> Option<&Format> {
        let list = match kind {
            Kind::Verdict => &self.verdicts,
            Kind::Severity => &self.severities,
            _ => return None,
        };
        list.iter()
            .find(|(label, _)| *label == cell)
            .map(|(_, f)| f)
    }
}

/// The workbook's columns for a CSV's: each CSV column, and an `(exact)` column after each
/// figure column that needs one.
fn columns(header: &[&str], layout: &Layout) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, h) in header.iter().enumerate() {
        out.push(((*h).to_owned(), layout.widths[i]));
        if layout.exact[i] {
            out.push((format!("{h} (exact)"), layout.widths[i].max(h.len() + 11)));
        }
    }
    out
}

/// The sheet `name` (and `name (2)`, … past `per_sheet` rows, the header included: Excel's
/// [`ROWS_PER_SHEET`]) from the CSV `rows`.
fn add_sheets(
    workbook: &mut Workbook,
    (name, header): (&str, &[&str]),
    layout: &Layout,
    mut rows: csv::Reader<impl Read>,
    styles: &Styles,
    per_sheet: u32,
) -> Result<(), XlsxError> {
    let columns = columns(header, layout);
    let mut part = 1;
    let mut sheet = new_sheet(workbook, name, part, &columns, styles)?;
    let mut row: u32 = 1;
    for record in rows.records() {
        let record = record.map_err(|e| XlsxError::ParameterError(e.to_string()))?;
        if row == per_sheet {
            finish_sheet(sheet, row, &columns)?;
            part += 1;
            sheet = new_sheet(workbook, name, part, &columns, styles)?;
            row = 1;
        }
        let mut col: u16 = 0;
        for (i, cell) in record.iter().enumerate().take(header.len()) {
            let kind = kind(header[i]);
            match kind {
                Kind::Count | Kind::Figure if !cell.is_empty() => match cell.parse::<f64>() {
                    Ok(n) => {
                        sheet.write_number(row, col, n)?;
                    }
                    Err(_) => {
                        sheet.write_string(row, col, cell)?;
                    }
                },
                _ if cell.is_empty() => {}
                _ => match styles.of(kind, cell) {
                    Some(format) => {
                        sheet.write_string_with_format(row, col, cell, format)?;
                    }
                    None => {
                        sheet.write_string(row, col, fitted(cell))?;
                    }
                },
            }
            col += 1;
            if layout.exact[i] {
                if kind == Kind::Figure && !cell.is_empty() && !double_holds(cell) {
                    sheet.write_string(row, col, cell)?;
                }
                col += 1;
            }
        }
        row += 1;
    }
    finish_sheet(sheet, row, &columns)
}

/// A new sheet with its header row and column widths.
fn new_sheet<'w>(
    workbook: &'w mut Workbook,
    name: &str,
    part: usize,
    columns: &[(String, usize)],
    styles: &Styles,
) -> Result<&'w mut Worksheet, XlsxError> {
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    match part {
        1 => sheet.set_name(name)?,
        n => sheet.set_name(format!("{name} ({n})"))?,
    };
    for (col, (title, width)) in (0u16..).zip(columns) {
        sheet.set_column_width(col, *width as f64 + 1.0)?;
        sheet.write_string_with_format(0, col, title, &styles.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(sheet)
}

/// The autofilter over the header and the `rows` written (the header included).
fn finish_sheet(
    sheet: &mut Worksheet,
    rows: u32,
    columns: &[(String, usize)],
) -> Result<(), XlsxError> {
    let last = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    sheet.autofilter(0, 0, rows.saturating_sub(1).max(1), last)?;
    Ok(())
}

/// A text cell as Excel can hold it: cut, and saying so, past Excel's length.
fn fitted(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.len() <= CELL_UNITS {
        return cell.into();
    }
    let mut units = 0;
    let room = CELL_UNITS - CUT.encode_utf16().count();
    let end = cell
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > room
        })
        .map_or(cell.len(), |(i, _)| i);
    if end == cell.len() {
        return cell.into();
    }
    format!("{}{CUT}", &cell[..end]).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_double_holds_short_decimals_only() {
        for held in ["0.039", "0.067", "12.5", "-0.5", "100", "0.0336"] {
            assert!(double_holds(held), "{held}");
        }
        for not in [
            "0.053454545454545455",
            "1234567890.1234567",
            "0.1000000000000000055",
        ] {
            assert!(!double_holds(not), "{not}");
        }
    }

    #[test]
    fn a_table_longer_than_a_sheet_goes_on_in_a_sheet_of_its_own_each_with_its_header() {
        use calamine::{Data, Reader, Xlsx};
        let header: &[&str] = &["vendor", "line"];
        let csv = "vendor,line\na,1\nb,2\nc,3\nd,4\ne,5\n";
        let layout = Layout::read(csv.as_bytes(), header).unwrap();
        let mut book = Workbook::new();
        let rows = csv::Reader::from_reader(csv.as_bytes());
        // Three rows a sheet: the header and two.
        add_sheets(
            &mut book,
            ("findings", header),
            &layout,
            rows,
            &Styles::new(),
            3,
        )
        .unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let mut read: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(
            read.sheet_names(),
            ["findings", "findings (2)", "findings (3)"]
        );
        let mut all = Vec::new();
        for name in read.sheet_names() {
            let range = read.worksheet_range(&name).unwrap();
            let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
            assert_eq!(
                rows[0],
                [Data::String("vendor".into()), Data::String("line".into())]
            );
            assert!(rows.len() <= 3, "{name}: {} rows", rows.len());
            all.extend(rows.into_iter().skip(1));
        }
        let vendors: Vec<Data> = all.iter().map(|r| r[0].clone()).collect();
        let want: Vec<Data> = ["a", "b", "c", "d", "e"]
            .map(|v| Data::String(v.into()))
            .to_vec();
        assert_eq!(vendors, want);
        assert_eq!(all[4][1], Data::Float(5.0));
    }

    #[test]
    fn a_cell_longer_than_excel_holds_is_cut_and_says_so() {
        let long = "é".repeat(40_000);
        let cut = fitted(&long);
        assert!(cut.encode_utf16().count() <= CELL_UNITS);
        assert!(cut.ends_with(CUT));
        let short = "é".repeat(20_000);
        assert_eq!(fitted(&short), short.as_str());
        // Characters outside the basic plane take two units each.
        let wide = "🍌".repeat(20_000);
        assert!(fitted(&wide).encode_utf16().count() <= CELL_UNITS);
    }
}
