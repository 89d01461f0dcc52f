//! `quote-audit audit`: the main job. Loads every quote, normalizes each offer to Google's
//! route, size and lane, compares it with the official baseline, and writes comparison.csv,
//! findings.csv and summary.csv into the output folder, with a short table on the terminal.

use std::io::Write;
use std::path::PathBuf;

use clap::Args as ClapArgs;
use rust_decimal::Decimal;

use crate::check::{self, Unreadable};
use crate::cmd::{AuditOptions, Progress, plural};
use crate::diag::Error;
use crate::findings::Severity;
use crate::report;

/// Audit vendor quotes against Google's official price baseline.
#[derive(Debug, Clone, ClapArgs)]
#[command(
    after_help = "Examples:\n  quote-audit audit\n  quote-audit audit quotes/ --fx CNY=7.2 --as-of 2026-06-01 --fail-on high\n  quote-audit audit --format sarif > quote-audit.sarif"
)]
pub struct Args {
    /// Quote files or folders (searched recursively for *.yaml and *.yml)
    #[arg(value_name = "PATH", default_value = "quotes")]
    pub paths: Vec<PathBuf>,

    /// Folder the reports are written into (created if missing)
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,

    /// Percent either side of the official price that counts as matches-official [default: 0.5, or the policy's]
    #[arg(long, value_name = "PCT", value_parser = parse_tolerance)]
    pub tolerance: Option<Decimal>,

    /// Exit with status 1 when a finding has this severity or higher (high, medium, low, info)
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,

    /// Write the reports even when some files cannot be read; each becomes an invalid-quote finding (exit status stays 2)
    #[arg(long)]
    pub keep_going: bool,

    /// What to print on stdout: a short table, the three reports as one JSON document, or findings as SARIF
    #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
    pub format: AuditFormat,

    #[command(flatten)]
    pub common: AuditOptions,
}

/// What `audit` prints on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    /// A short table for people
    Table,
    /// comparison, findings and summary as one JSON document
    Json,
    /// The findings as SARIF 2.1.0, for CI code scanning
    Sarif,
}

/// `0.5`, `0.5%`: a percentage from 0 to 100.
fn parse_tolerance(s: &str) -> Result<Decimal, String> {
    let t = s.trim().trim_end_matches('%');
    crate::money::parse_plain_decimal(t)
        .ok()
        .filter(|d| *d <= Decimal::ONE_HUNDRED)
        .ok_or_else(|| format!("\"{s}\" is not a percentage from 0 to 100, like 0.5"))
}

/// Runs the audit; returns the exit status (0 done, 1 a finding at or above --fail-on, 2 some
/// files unreadable under --keep-going).
pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let (baseline, settings) = args.common.settings(args.tolerance)?;
    let bar = std::sync::OnceLock::<Progress>::new();
    let loaded = crate::load::load_quotes_with(
        &args.paths,
        &|total| {
            let _ = bar.set(Progress::start("reading", total));
        },
        &|| {
            if let Some(p) = bar.get() {
                p.tick();
            }
        },
    );
    // Dropping the progress line clears it before anything else is printed.
    drop(bar);
    let loaded = loaded.map_err(Error::Input)?;
    if !loaded.failed.is_empty() && !args.keep_going {
        return Err(Error::Input(
            loaded.failed.into_iter().flat_map(|(_, d)| d).collect(),
        ));
    }
    let mut unreadable = Vec::new();
    for (file, diags) in &loaded.failed {
        for d in diags {
            let _ = writeln!(err, "{d}\n");
        }
        let first = &diags[0];
        unreadable.push(Unreadable {
            file: file.clone(),
            line: first.line,
            problem: match diags.len() {
                1 => format!("{}:{}: {}", first.line, first.col, first.message),
                n => format!(
                    "{}:{}: {} (and {} more)",
                    first.line,
                    first.col,
                    first.message,
                    n - 1
                ),
            },
        });
    }
    let audit = check::audit(&loaded.quotes, &unreadable, &baseline, &settings);
    let sheets = report::csv::audit_sheets(&audit);
    let files: Vec<(String, Vec<u8>)> = sheets
        .iter()
        .map(|s| (format!("{}.csv", s.name), s.to_csv()))
        .collect();
    report::write_atomically(&args.out, &files)?;

    let shown = |e: std::io::Error| Error::Write {
        path: "standard output".into(),
        source: e,
    };
    if args.format == AuditFormat::Json {
        writeln!(out, "{}", report::json::render(&sheets)).map_err(shown)?;
    } else if args.format == AuditFormat::Sarif {
        writeln!(out, "{}", report::sarif::render(&audit.findings)).map_err(shown)?;
    } else {
        writeln!(out, "{}", report::table::render(&audit)).map_err(shown)?;
        writeln!(
            out,
            "\n{} in {} compared with {}, checked {}; reports in {}/ (comparison.csv, findings.csv, summary.csv)",
            plural(audit.rows.len(), "offer"),
            plural(audit.files.len(), "file"),
            baseline.describe(),
            baseline.checked_on,
            crate::load::display_name(&args.out).trim_end_matches('/'),
        )
        .map_err(shown)?;
    }

    let at_or_above = args.fail_on.map(|level| {
        (
            level,
            audit
                .findings
                .iter()
                .filter(|f| f.severity >= level)
                .count(),
        )
    });
    // The process ends right after this: freeing every row and finding one by one would take
    // a third of a large run's time, and the operating system reclaims the memory at once.
    std::mem::forget((sheets, audit, loaded.quotes));

    if !unreadable.is_empty() {
        let _ = writeln!(
            err,
            "{} file(s) could not be read; see the invalid-quote findings",
            unreadable.len()
        );
        return Ok(2);
    }
    match at_or_above {
        Some((level, n)) if n > 0 => {
            let _ = writeln!(
                err,
                "{} at or above {level} (--fail-on {level}): exit status 1",
                plural(n, "finding")
            );
            Ok(1)
        }
        _ => Ok(0),
    }
}
