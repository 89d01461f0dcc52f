//! A reviewer's spreadsheet, saved as CSV: one offer per row, one quote file per vendor and
//! date.
//!
//! The columns are `vendor, received, route, size, lane, price, unit, currency, source, note`,
//! in any order, their headers read without case or spaces (`Received`, ` PRICE `). The first
//! five are required. A column of another name, or of none, is kept in the offer's note
//! (`Region: EU`, `column 12: …`). Every value is checked as the quote file checks it, and a
//! problem is reported at its cell, `file:line:column` (the line the row starts on), with what
//! to write instead; no file is written while any remains.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::{Draft, DraftOffer, Written, quoted};
use crate::diag::{Diagnostic, Source};
use crate::model::vendor_key;
use crate::validate::parse_date;

/// The columns the sheet is read by, as their headers fold.
const COLUMNS: &[&str] = &[
    "vendor", "received", "route", "size", "lane", "price", "unit", "currency", "source", "note",
];

/// The columns every row must fill.
const REQUIRED: &[&str] = &["vendor", "received", "route", "size", "price"];

/// A header as it is matched: lower case, without spaces.
fn fold_header(h: &str) -> String {
    h.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One row, with where it is.
struct Row {
    /// The row's line in the file (1-based).
    line: usize,
    cells: Vec<String>,
}

/// The sheet's columns: where each known one is, and the others by header.
struct Layout {
    known: BTreeMap<&'static str, usize>,
    other: Vec<(usize, String)>,
}

impl Layout {
    fn cell<'r>(&self, row: &'r Row, column: &str) -> &'r str {
        self.known
            .get(column)
            .and_then(|&i| row.cells.get(i))
            .map_or("", |c| c.trim())
    }

    /// The 1-based column of a known header (the first column when it has none).
    fn column(&self, column: &str) -> usize {
        self.known.get(column).map_or(1, |i| i + 1)
    }
}

/// A problem at one cell.
fn at_cell(file: &str, line: usize, column: usize, message: String, help: &str) -> Diagnostic {
    Diagnostic {
        file: file.to_owned(),
        line,
        col: column,
        message,
        help: Some(help.to_owned()),
        source_line: None,
    }
}

/// Reads the sheet in `src` into one draft per vendor and date, or every problem found.
pub fn read(src: &Source) -> Result<Vec<Draft>, Vec<Diagnostic>> {
    let file = src.name.as_str();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(src.text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| vec![csv_problem(&src.text, file, &e)])?
        .clone();
    let mut layout = Layout {
        known: BTreeMap::new(),
        other: Vec::new(),
    };
    let mut problems = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let folded = fold_header(h);
        match COLUMNS.iter().find(|c| **c == folded) {
            Some(c) if layout.known.contains_key(c) => problems.push(at_cell(
                file,
                1,
                i + 1,
                format!("the column `{c}` is given twice"),
                "keep one column of each name",
            )),
            Some(c) => {
                layout.known.insert(c, i);
            }
            // A column with no header is kept in the note too, by its number.
            None if folded.is_empty() => layout.other.push((i, format!("column {}", i + 1))),
            None => layout.other.push((i, h.trim().to_owned())),
        }
    }
    for c in REQUIRED {
        if !layout.known.contains_key(c) {
            problems.push(at_cell(
                file,
                1,
                1,
                format!("the sheet has no `{c}` column"),
                &format!(
                    "add a column headed `{c}`; the columns are {}",
                    COLUMNS.join(", ")
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => rows.push(Row {
                line: r.position().map_or(0, |p| line_at(&src.text, p.byte())),
                cells: r.iter().map(str::to_owned).collect(),
            }),
            Err(e) => problems.push(csv_problem(&src.text, file, &e)),
        }
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(at_cell(
            file,
            1,
            1,
            "the sheet has a header but no rows".into(),
            "add one row per offer under the header",
        ));
    }
    // Rows by vendor and date, in the order each first appears.
    let mut groups: Vec<((String, Date), Vec<Row>)> = Vec::new();
    for row in rows {
        let mut bad = false;
        for c in REQUIRED {
            if layout.cell(&row, c).is_empty() {
                problems.push(at_cell(
                    file,
                    row.line,
                    layout.column(c),
                    format!("`{c}` is empty"),
                    &format!("fill in the {c} of the offer, or remove the row"),
                ));
                bad = true;
            }
        }
        let received = layout.cell(&row, "received");
        let date = match parse_date(received) {
            Ok(d) => d,
            Err(why) if !received.is_empty() => {
                problems.push(at_cell(
                    file,
                    row.line,
                    layout.column("received"),
                    format!("`received` \"{received}\" {why}"),
                    "write the day the offer was received as YYYY-MM-DD, like 2026-05-02",
                ));
                continue;
            }
            Err(_) => continue,
        };
        if bad {
            continue;
        }
        let key = (vendor_key(layout.cell(&row, "vendor")), date);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(row),
            None => groups.push((key, vec![row])),
        }
    }
    let mut drafts = Vec::new();
    for ((_, date), rows) in groups {
        match draft(file, &layout, date, &rows) {
            Ok(d) => drafts.push(d),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if problems.is_empty() {
        Ok(drafts)
    } else {
        problems.sort_by_key(|d| (d.line, d.col));
        Err(problems)
    }
}

/// The 1-based line a record the reader places at byte `at` starts on. The reader's own line
/// count is wrong after a CR LF line end or a blank line, and its offset may point at the
/// line ends before the record (no record starts with one), which are skipped.
fn line_at(text: &str, at: u64) -> usize {
    let bytes = text.as_bytes();
    let mut at = usize::try_from(at).map_or(bytes.len(), |a| a.min(bytes.len()));
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    bytes[..at].iter().filter(|b| **b == b'\n').count() + 1
}

fn csv_problem(text: &str, file: &str, e: &csv::Error) -> Diagnostic {
    let line = e.position().map_or(1, |p| line_at(text, p.byte()));
    let (message, help) = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => (
            format!("the row has {len} cells and the header {expected_len}"),
            "give every row as many cells as the header has columns",
        ),
        csv::ErrorKind::Utf8 { .. } => (
            format!("cannot read the row: {e}"),
            "save the sheet as CSV in UTF-8",
        ),
        _ => (
            format!("cannot read the row: {e}"),
            "save the sheet as CSV (comma-separated, with a header row)",
        ),
    };
    at_cell(file, line, 1, message, help)
}

/// One vendor's rows of one date as a draft, its values checked by the quote reader: a
/// problem it finds is reported at the cell the value came from.
fn draft(file: &str, layout: &Layout, date: Date, rows: &[Row]) -> Result<Draft, Vec<Diagnostic>> {
    let first = &rows[0];
    // The sheet's name, not its path: the same sheet gives the same bytes wherever it is.
    let name = std::path::Path::new(file)
        .file_name()
        .map_or_else(|| file.to_owned(), |n| n.to_string_lossy().into_owned());
    let mut problems = Vec::new();
    // One quote has one currency; an empty cell is the default, USD.
    fn currency_of<'r>(layout: &Layout, row: &'r Row) -> Option<&'r str> {
        Some(layout.cell(row, "currency")).filter(|c| !c.is_empty())
    }
    let shown = |c: Option<&str>| c.map_or_else(|| "none (USD)".to_owned(), str::to_owned);
    let first_currency = currency_of(layout, first);
    let currency = first_currency.map(|c| (c, first.line));
    let mut sources: Vec<&str> = Vec::new();
    for row in rows {
        let c = currency_of(layout, row);
        let same = match (c, first_currency) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            (a, b) => {
                a.or(Some("USD")).map(str::to_ascii_uppercase)
                    == b.or(Some("USD")).map(str::to_ascii_uppercase)
            }
        };
        if !same {
            problems.push(at_cell(
                file,
                row.line,
                layout.column("currency"),
                format!(
                    "`currency` is {} here and {} on line {} of the same vendor and date",
                    shown(c),
                    shown(first_currency),
                    first.line
                ),
                "write one currency for a vendor's offers of one date (an empty cell is USD), or give the rows different dates",
            ));
        }
        let s = layout.cell(row, "source");
        if !s.is_empty() && !sources.contains(&s) {
            sources.push(s);
        }
    }
    let offers = rows
        .iter()
        .map(|row| {
            let mut note: Vec<String> = Vec::new();
            let written = layout.cell(row, "note");
            if !written.is_empty() {
                note.push(written.to_owned());
            }
            for (i, header) in &layout.other {
                let value = row.cells.get(*i).map_or("", |c| c.trim());
                if !value.is_empty() {
                    note.push(format!("{header}: {value}"));
                }
            }
            let optional = |c: &str| Some(layout.cell(row, c)).filter(|v| !v.is_empty());
            DraftOffer {
                origin: format!("line {} of {name}", row.line),
                id: None,
                route: layout.cell(row, "route").to_owned(),
                size: layout.cell(row, "size").to_owned(),
                lane: optional("lane").map(str::to_owned),
                price: quoted(layout.cell(row, "price")),
                unit: optional("unit").map(str::to_owned),
                note: (!note.is_empty()).then(|| note.join("; ")),
            }
        })
        .collect();
    let draft = Draft {
        vendor: layout.cell(first, "vendor").to_owned(),
        received: date,
        source: (!sources.is_empty()).then(|| sources.join("; ")),
        currency: currency.map(|(c, _)| c.to_owned()),
        price_map: None,
        header: vec![format!(
            "Imported by `quote-audit import csv` from {name}: one offer per row."
        )],
        offers,
    };
    // The rendered quote is read as any quote file is; its problems go back to their cells.
    let (text, written) = draft.render_traced();
    let src = Source {
        name: file.to_owned(),
        text,
    };
    if let Err(diags) = crate::load::quote::parse(&src) {
        for d in diags {
            let place = written.iter().find(|w| w.line == d.line);
            let (line, column) = match place {
                Some(Written {
                    offer: Some(i),
                    key,
                    ..
                }) => (rows[*i].line, layout.column(key)),
                Some(Written {
                    offer: None, key, ..
                }) => (
                    currency.map_or(first.line, |(_, line)| line),
                    layout.column(key),
                ),
                None => (first.line, 1),
            };
            problems.push(Diagnostic {
                file: file.to_owned(),
                line,
                col: column,
                message: d.message,
                help: d.help,
                source_line: None,
            });
        }
    }
    if problems.is_empty() {
        Ok(draft)
    } else {
        Err(problems)
    }
}
