//! `--format json`: the same tables as the CSV reports, as one JSON document on stdout.
//!
//! Every cell is a JSON string exactly as the CSV has it (without the spreadsheet-safety
//! prefix, which JSON does not need), so decimals stay exact: `"0.30000000000000004"` is never
//! turned into a float.

use serde_json::{Map, Value};

use crate::report::csv::Sheet;
use crate::text::visible;

/// `{"comparison": [{column: cell, …}, …], "findings": […], "summary": […]}`, pretty-printed,
/// columns in report order.
pub fn render(sheets: &[Sheet]) -> String {
    let mut doc = Map::new();
    for sheet in sheets {
        let rows = sheet
            .rows
            .iter()
            .map(|row| {
                let cells = sheet
                    .header
                    .iter()
                    .zip(row)
                    .map(|(h, c)| ((*h).to_owned(), Value::String(visible(c).into_owned())));
                Value::Object(cells.collect())
            })
            .collect();
        doc.insert(sheet.name.to_owned(), Value::Array(rows));
    }
    // Serializing strings and arrays cannot fail.
    serde_json::to_string_pretty(&Value::Object(doc)).unwrap_or_default()
}
