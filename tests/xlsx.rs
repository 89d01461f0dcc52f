//! report.xlsx: the three CSVs cell by cell, read back with calamine (figures as numbers, with
//! the exact text beside them where a double cannot hold it; text as the CSV has it, made
//! spreadsheet-safe, never a formula), and sheets that open with a frozen header row, a
//! filter and coloured verdicts.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use rust_decimal::Decimal;

use crate::support::*;

/// A CSV report as its rows of cells, the header first.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// Whether a double shows `text` as written: at most 15 significant digits (Excel's), read
/// back as the same figure.
fn held(text: &str, shown: &str) -> bool {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let significant = digits.trim_start_matches('0').trim_end_matches('0').len();
    let same = text.parse::<Decimal>().ok() == shown.parse::<Decimal>().ok();
    significant <= 15 && same
}

/// The columns of counts and line numbers.
const COUNTS: [&str; 13] = [
    "line",
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
    "matches_official",
    "no_official_row",
];

/// Checks each CSV of `dir` against its sheet of report.xlsx, cell by cell; returns the
/// `(exact)` columns the workbook has.
fn compare(dir: &Path) -> Vec<String> {
    let sheets = xlsx(&dir.join("report.xlsx"));
    assert_eq!(
        sheets.keys().collect::<Vec<_>>(),
        ["comparison", "findings", "summary"]
    );
    let mut exact_columns = Vec::new();
    for (name, sheet) in &sheets {
        let csv = csv_rows(&dir.join(format!("{name}.csv")));
        assert_eq!(sheet.len(), csv.len(), "{name}: rows");
        let header = &sheet[0];
        // Each CSV column's place in the sheet, and its (exact) column's, if it has one.
        let mut places = Vec::new();
        for h in &csv[0] {
            let at = header
                .iter()
                .position(|s| s == h)
                .unwrap_or_else(|| panic!("{name}: no column {h}"));
            let exact = header.get(at + 1).filter(|e| **e == format!("{h} (exact)"));
            if exact.is_some() {
                exact_columns.push(format!("{name}.{h}"));
            }
            places.push((at, exact.map(|_| at + 1)));
        }
        assert_eq!(
            header.len(),
            csv[0].len() + places.iter().filter(|p| p.1.is_some()).count(),
            "{name}: {header:?}"
        );
        for (r, (row, cells)) in sheet.iter().zip(&csv).enumerate().skip(1) {
            for ((h, cell), (at, exact)) in csv[0].iter().zip(cells).zip(&places) {
                let got = row.get(*at).map_or("", String::as_str);
                let figure =
                    COUNTS.contains(&h.as_str()) || h.ends_with("_usd") || h.ends_with("_pct");
                if figure && !cell.is_empty() {
                    let number: f64 = cell
                        .parse()
                        .unwrap_or_else(|_| panic!("{name} row {r} {h}: {cell:?}"));
                    assert_eq!(got, number.to_string(), "{name} row {r} {h}: a number");
                    let beside = exact.map(|e| row.get(e).map_or("", String::as_str));
                    match held(cell, got) {
                        true => assert!(
                            beside.is_none_or(str::is_empty),
                            "{name} row {r} {h}: {beside:?} beside {cell}"
                        ),
                        false => assert_eq!(
                            beside,
                            Some(cell.as_str()),
                            "{name} row {r} {h}: the exact text"
                        ),
                    }
                } else {
                    assert_eq!(got, cell, "{name} row {r} {h}");
                }
            }
        }
    }
    exact_columns
}

#[test]
fn the_workbook_says_what_the_csvs_say_cell_by_cell() {
    let out = tempfile::tempdir().unwrap();
    audit_bundled("2026-06-01", out.path(), &[]);
    // The yuan prices converted at the vendor's rate have more digits than a double shows.
    assert_eq!(compare(out.path()), ["comparison.effective_usd"]);
}

#[test]
fn vendor_text_in_the_workbook_is_text_never_a_formula() {
    let s = Sandbox::new();
    let vendor = "=HYPERLINK(\"http://evil.example\",\"click\")";
    s.write(
        "quotes/q.yaml",
        format!(
            "vendor: {vendor:?}\nreceived: 2026-05-01\noffers:\n  - {{route: NB2, size: 2K, price: 0.09, note: \"+1+cmd|' /C calc'!A0\"}}\n  - {{route: \"@SUM(1)\", size: 1K, price: 0.05}}\n"
        ),
    );
    assert!(s.audit(&[]).status.success());
    compare(&s.path("reports"));
    let sheets = xlsx(&s.path("reports/report.xlsx"));
    assert_eq!(sheets["comparison"][1][0], format!("'{vendor}"));
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(s.path("reports/report.xlsx")).unwrap();
    for name in ["comparison", "findings", "summary"] {
        let formulas = book.worksheet_formula(name).unwrap();
        assert!(
            formulas.used_cells().next().is_none(),
            "a formula in {name}"
        );
    }
}

/// The workbook's parts by name, as text.
fn parts(path: &Path) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            (f.name().unwrap().into_owned(), text)
        })
        .collect()
}

#[test]
fn sheets_open_with_a_frozen_header_a_filter_and_coloured_verdicts() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        quote("  - {route: NB2, size: 2K, price: 0.09}\n  - {route: NB2, size: 1K, price: 0.5}\n"),
    );
    assert!(s.audit(&[]).status.success());
    let parts = parts(&s.path("reports/report.xlsx"));
    for (i, last) in [(1, "Y3"), (2, "H"), (3, "P2")] {
        let sheet = &parts[&format!("xl/worksheets/sheet{i}.xml")];
        assert!(
            sheet.contains("state=\"frozen\""),
            "sheet {i} has no frozen row"
        );
        assert!(
            sheet.contains("<autoFilter ref=\"A1:"),
            "sheet {i} has no filter"
        );
        assert!(sheet.contains(last), "sheet {i} does not reach {last}");
    }
    // Below Google's is blue, above is orange, in the verdict column (S).
    let styles = &parts["xl/styles.xml"];
    for colour in ["FFCFE2FF", "FFFFE5CC"] {
        assert!(styles.contains(colour), "no fill {colour}");
    }
    let comparison = &parts["xl/worksheets/sheet1.xml"];
    let styled = |cell: &str| {
        let at = comparison
            .find(&format!("<c r=\"{cell}\""))
            .unwrap_or_else(|| panic!("no {cell}"));
        let tag = &comparison[at..at + comparison[at..].find('>').unwrap()];
        tag.contains(" s=\"") && !tag.contains(" s=\"0\"")
    };
    assert!(
        styled("S2") && styled("S3"),
        "verdict cells are not coloured"
    );
    assert!(!styled("A2"), "a vendor cell is coloured");
    // The workbook is dated by --as-of, so the same audit writes the same bytes.
    assert!(parts["docProps/core.xml"].contains(&format!("{AS_OF}T00:00:00Z")));
}
