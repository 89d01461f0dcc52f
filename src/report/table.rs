//! The short terminal view of an audit: one line per quote file with its verdict counts and
//! findings, then the high-severity findings. Every piece of vendor text is made
//! terminal-safe first.

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use crate::check::Audit;
use crate::findings::Severity;
use crate::text::terminal_safe;

/// Vendor text in a table cell is cut to this many characters; the CSV has it whole.
const CELL_CHARS: usize = 40;

/// At most this many high findings are listed; the CSV has them all.
const TOP_FINDINGS: usize = 12;

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().copied());
    t
}

/// Renders the audit for a terminal.
pub fn render(a: &Audit) -> String {
    let mut t = table(&[
        "vendor",
        "received",
        "offers",
        "above",
        "match",
        "below",
        "below batch",
        "no row",
        "not comp.",
        "findings",
    ]);
    for s in &a.files {
        let findings: Vec<String> = Severity::ALL
            .iter()
            .zip(s.by_severity)
            .filter(|(_, n)| *n > 0)
            .map(|(sev, n)| format!("{n} {sev}"))
            .collect();
        let vendor = match s.received {
            Some(_) => one_line(&terminal_safe(&s.vendor), CELL_CHARS),
            None => format!(
                "{} (unreadable)",
                one_line(&terminal_safe(&s.file), CELL_CHARS)
            ),
        };
        t.add_row(vec![
            vendor,
            s.received.map(|d| d.to_string()).unwrap_or_default(),
            s.offers.to_string(),
            s.above_official.to_string(),
            s.matches_official.to_string(),
            s.below_official.to_string(),
            s.below_official_batch.to_string(),
            s.no_official_row.to_string(),
            s.not_comparable.to_string(),
            findings.join(", "),
        ]);
    }
    for i in 2..9 {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut out = t.to_string();
    let high: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.severity == Severity::High)
        .collect();
    if !high.is_empty() {
        out.push_str(&format!("\n\nhigh findings ({}):", high.len()));
        for f in high.iter().take(TOP_FINDINGS) {
            out.push_str(&format!(
                "\n  {}:{}  {}  {}",
                terminal_safe(&f.file),
                f.line,
                f.rule,
                terminal_safe(&one_line(&f.evidence, 60))
            ));
        }
        if high.len() > TOP_FINDINGS {
            out.push_str(&format!(
                "\n  … and {} more in findings.csv",
                high.len() - TOP_FINDINGS
            ));
        }
    }
    out
}

/// Text on one line, cut to `max` characters.
fn one_line(s: &str, max: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}
