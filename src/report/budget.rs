//! The budget's reports: budget.csv, a row per job and source, and on the terminal those
//! rows as a table (each job's cheapest few vendor options), the total per source, and what
//! Batch/Flex saves over Standard. The figures are [`crate::analyze::budget`]'s; this only
//! lays them out.

use std::path::Path;

use comfy_table::CellAlignment;
use rust_decimal::Decimal;

use super::csv::Sheet;
use super::table::table;
use crate::analyze::budget::{self, Job, Line, PriceSource};
use crate::load::display_name;
use crate::money::{ROUNDING, pct_cell, pct_over, usd_cell};
use crate::text::{plural, terminal_safe};

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
pub fn sheet(lines: &[Line]) -> Sheet {
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
                    l.source.label(),
                    usd_cell(l.unit_usd),
                    l.total_usd.map(total_cell).unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// A total for a report cell: exact, with at least two decimals (`101.00`, `0.045`).
pub fn total_cell(d: Decimal) -> String {
    // A total that does not terminate (a price ÷ (1 − R), a CNY price ÷ its rate) is rounded to
    // the cent; every other total is exact.
    let exact = d.normalize();
    let d = if exact.scale() > 6 {
        exact.round_dp_with_strategy(2, ROUNDING)
    } else {
        exact
    };
    let s = usd_cell(d);
    match s.split_once('.') {
        None => format!("{s}.00"),
        Some((_, frac)) if frac.len() == 1 => format!("{s}0"),
        _ => s,
    }
}

/// What `budget` prints: the table, the totals, and where budget.csv went.
pub fn terminal(jobs: &[Job], lines: &[Line], out: &Path) -> String {
    format!(
        "{}\n\nbudget written to {}/budget.csv",
        render(jobs, lines),
        display_name(out).trim_end_matches('/')
    )
}

/// Vendor options shown per job on the terminal, the cheapest; budget.csv has them all.
pub const SHOWN_PER_JOB: usize = 5;

/// A job's lines the terminal shows, in their order: Google's, and the [`SHOWN_PER_JOB`]
/// cheapest vendor options (of equal prices, the first in file and line order); and how many
/// are left out.
fn shown(job: &[Line]) -> (Vec<&Line>, usize) {
    // Each vendor option with its place in the job and in its file.
    let mut vendors: Vec<(usize, (&str, usize))> = job
        .iter()
        .enumerate()
        .filter_map(|(i, l)| match &l.source {
            PriceSource::Vendor(v) => Some((i, (v.file.as_str(), v.line))),
            PriceSource::Google => None,
        })
        .collect();
    let more = vendors.len().saturating_sub(SHOWN_PER_JOB);
    vendors.sort_by_key(|&(i, place)| (job[i].unit_usd, place, i));
    vendors.truncate(SHOWN_PER_JOB);
    let kept: std::collections::HashSet<usize> = vendors.iter().map(|(i, _)| *i).collect();
    let shown = job
        .iter()
        .enumerate()
        .filter(|(i, l)| matches!(l.source, PriceSource::Google) || kept.contains(i))
        .map(|(_, l)| l)
        .collect();
    (shown, more)
}

/// `1,010.00`: a total for people, with digit grouping.
fn grouped(d: Decimal) -> String {
    let cell = total_cell(d);
    let (whole, frac) = cell.split_once('.').unwrap_or((&cell, ""));
    let mut g = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            g.push(',');
        }
        g.push(c);
    }
    format!("{g}.{frac}")
}

fn render(jobs: &[Job], lines: &[Line]) -> String {
    let mut t = table(&[
        "job",
        "count",
        "model",
        "size",
        "lane",
        "source",
        "unit USD",
        "total USD",
    ]);
    for job in lines.chunk_by(|a, b| a.job == b.job) {
        let (shown, more) = shown(job);
        for l in shown {
            let source: String = terminal_safe(&l.source.label()).chars().take(60).collect();
            t.add_row(vec![
                terminal_safe(&l.job).chars().take(40).collect::<String>(),
                l.count.to_string(),
                l.model.clone(),
                l.size.label().to_owned(),
                l.lane.label().to_owned(),
                source,
                usd_cell(l.unit_usd),
                l.total_usd.map_or_else(|| "too large".into(), grouped),
            ]);
        }
        if more > 0 {
            t.add_row(vec![
                terminal_safe(&job[0].job)
                    .chars()
                    .take(40)
                    .collect::<String>(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                format!(
                    "{}, none cheaper: see budget.csv",
                    plural(more, "more vendor option")
                ),
            ]);
        }
    }
    for i in [1, 6, 7] {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut s = t.to_string();

    s.push_str("\n\ntotal per source (over the jobs each can price):");
    for t in budget::totals(jobs, lines) {
        let cover = if t.jobs == t.of_jobs {
            String::new()
        } else {
            format!("  ({} of {} jobs)", t.jobs, t.of_jobs)
        };
        let label: String = terminal_safe(&t.group.label()).chars().take(90).collect();
        s.push_str(&format!(
            "\n  {label:<90} USD {:>14}{cover}",
            t.total_usd.map_or_else(|| "too large".into(), grouped)
        ));
    }
    if let Some((standard, batch)) = budget::batch_saving(lines) {
        let saved = standard - batch;
        let pct = pct_over(batch, standard)
            .map(|p| pct_cell(-p))
            .unwrap_or_default();
        s.push_str(&format!(
            "\n\nBatch/Flex instead of Standard for the jobs that can wait: USD {} instead of {}, saving {} ({pct}%)",
            grouped(batch),
            grouped(standard),
            grouped(saved)
        ));
    }
    s
}
