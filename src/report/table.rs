//! The short terminal view of an audit: one line per quote file with its verdict counts and
//! findings, then the high-severity findings. Every piece of vendor text is made
//! terminal-safe first. The counts and findings are [`crate::check`]'s.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::path::Path;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use crate::check::Audit;
use crate::load::display_name;
use crate::model::{Finding, Severity};
use crate::text::{plural, terminal_safe};

/// Vendor text in a table cell is cut to this many characters; the CSV has it whole.
const CELL_CHARS: usize = 40;

/// At most this many findings are shown per quote; the CSV has them all.
const TOP_FINDINGS: usize = 3;

/// A terminal table with `header`, in the one style every report uses, its columns as wide as
/// their widest cell.
pub(super) fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().copied());
    t
}

/// What `audit` prints: the table, and what was compared with what and where the reports are.
pub fn terminal(a: &Audit, compared_with: &str, out: &Path, reports: &[&str]) -> String {
    let rows: usize = a.files.iter().map(|f| f.offers).sum();
    let offers: usize = a.files.iter().map(|f| f.quoted).sum();
    let offers = match rows == offers {
        true => plural(offers, "offer"),
        false => format!("{} ({})", plural(offers, "offer"), plural(rows, "row")),
    };
    format!(
        "{}\n\n{offers} in {} compared with {compared_with}; reports in {}/ ({})",
        render(a),
        plural(a.files.len(), "file"),
        display_name(out).trim_end_matches('/'),
        reports.join(", "),
    )
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
    out.push_str(&top_findings(a));
    out
}

/// Per quote file, its most severe findings (the CSV has them all); and findings that belong
/// to no quote file, like a stale baseline.
fn top_findings(a: &Audit) -> String {
    let mut out = String::new();
    let line = |f: &Finding| {
        let what: Cow<'_, str> = if f.evidence.is_empty() {
            f.subject.to_string().into()
        } else {
            f.evidence.as_str().into()
        };
        format!(
            "\n    {:<6}  {:<34}  line {:<4}  {}",
            f.severity.label(),
            f.rule.id(),
            f.line,
            one_line(&terminal_safe(&what), 50)
        )
    };
    let mut by_file: std::collections::BTreeMap<&str, Vec<&Finding>> = Default::default();
    for f in &a.findings {
        by_file.entry(f.file.as_str()).or_default().push(f);
    }
    for s in &a.files {
        let Some(mut of_file) = by_file.remove(s.file.as_str()) else {
            continue;
        };
        of_file.sort_by(|x, y| shown_first(x, y));
        let who = if s.vendor.is_empty() {
            "(unreadable)".to_owned()
        } else {
            one_line(&terminal_safe(&s.vendor), CELL_CHARS)
        };
        out.push_str(&format!("\n\n  {who} — {}", terminal_safe(&s.file)));
        for f in of_file.iter().take(TOP_FINDINGS) {
            out.push_str(&line(f));
        }
        // Counted from the summary: `a.findings` may hold only the shown ones (see [`shown`]).
        let total: usize = s.by_severity.iter().sum();
        if total > TOP_FINDINGS {
            out.push_str(&format!(
                "\n    … and {} more in findings.csv",
                total - TOP_FINDINGS
            ));
        }
    }
    // What is left belongs to no quote file: a stale baseline.
    for f in by_file.into_values().flatten() {
        out.push_str(&format!("\n\n  {}", terminal_safe(&f.file)));
        out.push_str(&line(f));
        out.push_str(&format!(
            "\n    {}",
            one_line(&terminal_safe(&f.message), 200)
        ));
    }
    if !out.is_empty() {
        out.insert_str(0, "\n\ntop findings per quote:");
    }
    out
}

/// Most severe first; within a severity, in file order.
fn shown_first(x: &Finding, y: &Finding) -> std::cmp::Ordering {
    y.severity.cmp(&x.severity).then(x.line.cmp(&y.line))
}

/// Of one quote file's findings, those the table shows: enough for [`render`] to print the
/// same table as with all of them.
pub fn shown(findings: Vec<Finding>) -> Vec<Finding> {
    // The first few in `shown_first` order, ties in the order given, as a stable sort would
    // put them, chosen without sorting the rest.
    let key = |i: &usize| (Reverse(findings[*i].severity), findings[*i].line, *i);
    let mut first: Vec<usize> = (0..findings.len()).collect();
    if first.len() > TOP_FINDINGS {
        first.select_nth_unstable_by_key(TOP_FINDINGS, key);
        first.truncate(TOP_FINDINGS);
    }
    first.sort_by_key(key);
    let mut findings: Vec<Option<Finding>> = findings.into_iter().map(Some).collect();
    first.iter().filter_map(|i| findings[*i].take()).collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rule, Subject};
    use proptest::prelude::*;

    proptest! {
        /// The findings kept for the table are the first few of a stable sort by severity and
        /// line, whatever the ties.
        #[test]
        fn shown_findings_are_the_first_of_a_stable_sort(picks in proptest::collection::vec((0usize..4, 0usize..4), 0..12)) {
            let findings: Vec<Finding> = picks
                .iter()
                .enumerate()
                .map(|(i, &(severity, line))| Finding {
                    vendor: String::new(),
                    file: "q.yaml".into(),
                    line,
                    rule: Rule::AboveOfficial,
                    severity: Severity::ALL[severity],
                    subject: Subject::File,
                    message: format!("finding {i}"),
                    evidence: String::new(),
                })
                .collect();
            let mut sorted = findings.clone();
            sorted.sort_by(shown_first);
            sorted.truncate(TOP_FINDINGS);
            let messages = |f: &[Finding]| f.iter().map(|f| f.message.clone()).collect::<Vec<_>>();
            prop_assert_eq!(messages(&shown(findings)), messages(&sorted));
        }
    }
}
