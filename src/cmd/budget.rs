//! `quote-audit budget`: prices a workload on Google Standard, Google Batch/Flex (jobs that
//! can wait) and each vendor's comparable offer, with the routing rule, into budget.csv.

use std::io::Write;
use std::path::PathBuf;

use clap::Args as ClapArgs;
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use rust_decimal::Decimal;

use crate::budget::{self, Line, total_cell};
use crate::cmd::AuditOptions;
use crate::diag::Error;
use crate::money::usd_cell;
use crate::report;
use crate::text::terminal_safe;

/// Price a workload: official Standard, official Batch/Flex, and each vendor's comparable offer.
#[derive(Debug, Clone, ClapArgs)]
#[command(
    after_help = "Examples:\n  quote-audit budget --workload workloads/example.yaml quotes/\n  quote-audit budget --count 1000 --model \"Nano Banana 2\" --size 2K"
)]
pub struct Args {
    /// Quote files or folders whose comparable offers are priced too
    #[arg(value_name = "QUOTES")]
    pub quotes: Vec<PathBuf>,

    /// Workload file: jobs with name, count, size, kind, can_wait and an optional model
    #[arg(long, value_name = "FILE", conflicts_with_all = ["count", "model", "size"], required_unless_present = "count")]
    pub workload: Option<PathBuf>,

    /// Quick form: number of images (with --model and --size; prices both official lanes)
    #[arg(long, value_name = "N", requires_all = ["model", "size"])]
    pub count: Option<u64>,

    /// Quick form: the model, in any spelling a quote may use
    #[arg(long, value_name = "MODEL", requires = "count")]
    pub model: Option<String>,

    /// Quick form: the output size (0.5K, 1K, 2K, 4K or pixels)
    #[arg(long, value_name = "SIZE", requires = "count")]
    pub size: Option<String>,

    /// Share of generations that fail (0 to <1): vendors that bill failures cost price ÷ (1 − R)
    #[arg(long, value_name = "R", value_parser = parse_rate)]
    pub failure_rate: Option<Decimal>,

    /// Folder budget.csv is written into (created if missing)
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,

    #[command(flatten)]
    pub common: AuditOptions,
}

fn parse_rate(s: &str) -> Result<Decimal, String> {
    crate::money::parse_plain_decimal(s)
        .ok()
        .filter(|r| *r < Decimal::ONE)
        .ok_or_else(|| {
            format!("\"{s}\" is not a failure rate; write a share from 0 to below 1, like 0.1")
        })
}

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let (baseline, settings) = args.common.settings(None)?;
    let jobs = match (&args.workload, args.count, &args.model, &args.size) {
        (Some(path), ..) => {
            let src = crate::load::read_source(path).map_err(|d| Error::Input(vec![d]))?;
            budget::parse_workload(&src, &baseline).map_err(Error::Input)?
        }
        (None, Some(count), Some(model), Some(size)) => {
            vec![budget::quick_job(count, model, size, &baseline).map_err(Error::Usage)?]
        }
        _ => {
            return Err(Error::Usage(
                "give --workload FILE, or --count, --model and --size".into(),
            ));
        }
    };
    let quotes = if args.quotes.is_empty() {
        Vec::new()
    } else {
        let loaded = crate::load::load_quotes(&args.quotes).map_err(Error::Input)?;
        if !loaded.failed.is_empty() {
            return Err(Error::Input(
                loaded.failed.into_iter().flat_map(|(_, d)| d).collect(),
            ));
        }
        loaded.quotes
    };
    let lines = budget::price(&jobs, &quotes, &baseline, &settings, args.failure_rate);
    let left_out = budget::left_out(&jobs, &quotes, &baseline, &settings);
    if !left_out.is_empty() {
        let _ = writeln!(
            err,
            "note: {} of the jobs' models and sizes left out as not comparable (run `quote-audit audit` for why): {}",
            crate::cmd::plural(left_out.len(), "vendor offer"),
            terminal_safe(&left_out.join(", "))
        );
    }
    let sheet = report::csv::budget(&lines);
    report::write_atomically(&args.out, &[("budget.csv".to_owned(), sheet.to_csv())])?;
    let io = |e: std::io::Error| Error::Write {
        path: "standard output".into(),
        source: e,
    };
    writeln!(out, "{}", render(&jobs, &lines)).map_err(io)?;
    writeln!(
        out,
        "\nbudget written to {}/budget.csv",
        crate::load::display_name(&args.out).trim_end_matches('/')
    )
    .map_err(io)?;
    Ok(0)
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

fn render(jobs: &[budget::Job], lines: &[Line]) -> String {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec![
            "job",
            "count",
            "model",
            "size",
            "lane",
            "source",
            "unit USD",
            "total USD",
        ]);
    for l in lines {
        let source: String = terminal_safe(&l.source).chars().take(60).collect();
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
        let label: String = terminal_safe(&t.group).chars().take(90).collect();
        s.push_str(&format!(
            "\n  {label:<90} USD {:>14}{cover}",
            t.total_usd.map_or_else(|| "too large".into(), grouped)
        ));
    }
    if let Some((standard, batch)) = budget::batch_saving(lines) {
        let saved = standard - batch;
        let pct = crate::money::pct_over(batch, standard)
            .map(|p| crate::money::pct_cell(-p))
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
