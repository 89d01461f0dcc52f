//! `quote-audit audit`: the main job. Loads every quote, normalizes each offer to Google's
//! route, size and lane, compares it with the official baseline, and writes comparison.csv,
//! findings.csv, summary.csv, report.html and report.xlsx into the output folder, with a short
//! table (or JSON, SARIF, Markdown, or the page) on standard output.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use clap::Args as ClapArgs;
use rust_decimal::Decimal;

use super::options::{AuditOptions, BaselineAt, Progress, Setup, stdout_error};
use crate::check::{self, Audit};
use crate::diag::Error;
use crate::load;
use crate::model::Severity;
use crate::report::audit::{AuditReports, Finished, Keep, Piece, REPORTS};
use crate::report::html::Header;
use crate::report::staged::OutDir;
use crate::report::{csv, json, markdown, sarif, table};
use crate::signals;
use crate::text::plural;

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

    /// Which reports to write: all five, or only the three CSVs (the quick choice for large or scripted runs)
    #[arg(long, value_enum, default_value_t = Reports::All)]
    pub reports: Reports,

    /// What to print on stdout: a short table, the three reports as one JSON document, findings as SARIF, a pull-request comment, or report.html
    #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
    pub format: AuditFormat,

    #[command(flatten)]
    pub common: AuditOptions,
}

/// Which reports `audit` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Reports {
    /// comparison.csv, findings.csv, summary.csv, report.html and report.xlsx
    All,
    /// comparison.csv, findings.csv and summary.csv only
    Csv,
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
    /// A pull-request comment: each quote's verdict counts and its high findings
    Markdown,
    /// report.html, as written into the output folder
    Html,
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
///
/// Each file is read, audited and turned into report rows on its own, on every core, and its
/// rows are appended to the staged reports in file order; the reports replace the previous
/// ones only when every file is done (see [`crate::report::audit`]).
pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    // A first signal is heard from here: the run stops at the next file, ends with 130 and
    // leaves the previous reports as they were.
    if args.format == AuditFormat::Html && args.reports == Reports::Csv {
        return Err(Error::Usage(
            "--format html prints report.html, which --reports csv does not write: drop one of the two".into(),
        ));
    }
    let interrupted = signals::interruption();
    let folder = OutDir::claim(&args.out)?;
    let Setup {
        baseline,
        snapshots,
        settings,
        pool,
    } = args.common.setup(args.tolerance)?;
    let found = load::discover(&args.paths).map_err(Error::Input)?;
    let progress = Progress::start("auditing", found.len());
    let keep = match args.format {
        AuditFormat::Table | AuditFormat::Html => Keep::Shown,
        AuditFormat::Json | AuditFormat::Sarif | AuditFormat::Markdown => Keep::All,
    };
    let about_baseline = check::audit_baseline(&baseline, &settings);
    let pages = args.reports == Reports::All;
    let mut reports = AuditReports::new(folder, args.keep_going, pages, &baseline, about_baseline);
    load::read_each(
        &pool,
        found,
        &|name, loaded| {
            let used = loaded
                .as_ref()
                .map_or(&baseline, |q| snapshots.for_quote(q));
            let part = check::audit_file(&name, &loaded, used, &settings);
            progress.tick();
            match loaded {
                Ok(quote) => Piece::new(name, Some(&quote), part, None, keep, pages),
                Err(diags) => Piece::new(name, None, part, Some(diags), keep, pages),
            }
        },
        &mut |piece| match interrupted.load(Ordering::Relaxed) {
            true => Err(Error::Interrupted),
            false => reports.add(piece),
        },
    )?;
    // Dropping the progress line clears it before anything else is printed.
    drop(progress);
    let compared_with = match snapshots.at {
        BaselineAt::AsOf => baseline.describe_checked(),
        BaselineAt::Received => format!(
            "the snapshot in force on each quote's received date ({}); the ladders' lines are the one in force on {}",
            snapshots.timeline.describe(),
            settings.as_of
        ),
    };
    let header = Header {
        baseline: &baseline,
        compared_with: &compared_with,
        as_of: settings.as_of,
    };
    let (staged, finished) = reports.finish(&header)?;
    // What standard output shows is laid out while the reports are made durable.
    let (committed, shown) =
        staged.commit_while(&|| stdout_text(args, &finished.audit, &compared_with));
    committed?;
    for d in finished.failed.iter().flatten() {
        let _ = writeln!(err, "{d}\n");
    }
    if args.format == AuditFormat::Html {
        // The page as written, copied from the file once it is in place.
        let path = args.out.join("report.html");
        let mut page = std::fs::File::open(&path).map_err(|source| Error::Write {
            path: load::display_name(&path),
            source,
        })?;
        std::io::copy(&mut page, out).map_err(stdout_error)?;
    } else {
        writeln!(out, "{shown}").map_err(stdout_error)?;
    }
    Ok(exit_status(args, &finished, err))
}

/// What `audit` prints on standard output, in the chosen format.
fn stdout_text(args: &Args, audit: &Audit, compared_with: &str) -> String {
    match args.format {
        AuditFormat::Json => json::render(&csv::audit_sheets(audit)),
        AuditFormat::Sarif => sarif::render(&audit.findings),
        AuditFormat::Table => {
            let written = match args.reports {
                Reports::All => &REPORTS[..],
                Reports::Csv => &REPORTS[..3],
            };
            table::terminal(audit, compared_with, &args.out, written)
        }
        AuditFormat::Markdown => markdown::audit(audit, compared_with),
        AuditFormat::Html => String::new(),
    }
}

/// 2 when files could not be read (under --keep-going), 1 with a finding at or above
/// --fail-on, else 0; saying why on `err`.
fn exit_status(args: &Args, finished: &Finished, err: &mut dyn Write) -> u8 {
    if !finished.failed.is_empty() {
        let _ = writeln!(
            err,
            "{} file(s) could not be read; see the invalid-quote findings",
            finished.failed.len()
        );
        return 2;
    }
    let Some(level) = args.fail_on else {
        return 0;
    };
    match finished.at_or_above(level) {
        0 => 0,
        n => {
            let _ = writeln!(
                err,
                "{} at or above {level} (--fail-on {level}): exit status 1",
                plural(n, "finding")
            );
            1
        }
    }
}
