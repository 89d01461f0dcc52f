//! `quote-audit audit`: the main job. Loads every quote, normalizes each offer to Google's
//! route, size and lane, compares it with the official baseline, and writes comparison.csv,
//! findings.csv and summary.csv into the output folder, with a short table on the terminal.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Args as ClapArgs;
use rust_decimal::Decimal;

use crate::check::{self, Audit, FileAudit, Unreadable};
use crate::cmd::{AuditOptions, Progress, plural};
use crate::diag::{Diagnostic, Error};
use crate::findings::{Finding, Severity};
use crate::report::{self, csv};

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
///
/// Each file is read, audited and turned into report rows on its own, on every core, and its
/// rows are appended to the staged reports in file order, so the reports never have to fit in
/// memory (the terminal table keeps a few findings per file; `--format json` and `sarif` keep
/// everything they print). The reports replace the previous ones only when every file is done.
pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let (baseline, settings) = args.common.settings(args.tolerance)?;
    // Compiled on a thread of their own while the first files are found and read (or, with
    // no thread to spare, by the first quote with claims).
    let _ = std::thread::Builder::new().spawn(check::compile_patterns);
    let found = crate::load::discover(&args.paths).map_err(Error::Input)?;
    let progress = Progress::start("auditing", found.files.len() + found.failed.len());
    let stale = check::audit_baseline(&baseline, &settings);
    // The table shows a few findings per file; JSON and SARIF print them all.
    let keep_all = args.format != AuditFormat::Table;
    let interrupted = interruption();

    // Opened at the first file to write; nothing is written once a file fails to load without
    // --keep-going, though every file is still read, so that every problem is listed.
    let mut staged: Option<report::Staged> = None;
    let mut unwritable: Option<Error> = None;
    let mut failed: Vec<Vec<Diagnostic>> = Vec::new();
    let mut kept = Audit {
        baseline_checked_on: baseline.checked_on,
        rows: Vec::new(),
        findings: Vec::new(),
        files: Vec::new(),
    };
    // The stale-baseline finding goes before the first file whose name sorts at or after its.
    let mut stale_pending = stale.clone();
    crate::load::read_each(
        found,
        &|name, loaded| {
            let (mut part, diags) = match loaded {
                Ok(quote) => (check::audit_quote(&quote, &baseline, &settings), None),
                Err(diags) => (
                    check::audit_unreadable(&unreadable(name.clone(), &diags), &settings),
                    Some(diags),
                ),
            };
            let mut comparison = String::new();
            csv::write_comparison(&part.rows, &mut comparison);
            let mut findings = String::new();
            csv::write_findings(&part.findings, &mut findings);
            if !keep_all {
                part.rows = Vec::new();
                part.findings = report::table::shown(part.findings);
            }
            progress.tick();
            Piece {
                name,
                part,
                diags,
                comparison,
                findings,
            }
        },
        &mut |piece| {
            if interrupted.load(Ordering::Relaxed) {
                return Err(Error::Interrupted);
            }
            failed.extend(piece.diags);
            kept.rows.extend(piece.part.rows);
            kept.findings.extend(piece.part.findings);
            kept.files.push(piece.part.summary);
            if unwritable.is_some() || (!failed.is_empty() && !args.keep_going) {
                return Ok(());
            }
            let reports = match &mut staged {
                Some(s) => s,
                None => match open_reports(&args.out) {
                    Ok(s) => staged.insert(s),
                    // Reported after the files' problems, which come first.
                    Err(e) => {
                        unwritable = Some(e);
                        return Ok(());
                    }
                },
            };
            if let Some(s) = stale_pending.take_if(|s| s.file <= piece.name) {
                reports.write(1, stale_rows(&s).as_bytes())?;
            }
            reports.write(0, piece.comparison.as_bytes())?;
            reports.write(1, piece.findings.as_bytes())
        },
    )?;
    // Dropping the progress line clears it before anything else is printed.
    drop(progress);
    if !failed.is_empty() && !args.keep_going {
        // The staged reports are dropped: the previous ones stay as they were.
        return Err(Error::Input(failed.into_iter().flatten().collect()));
    }
    if let Some(e) = unwritable {
        return Err(e);
    }
    let mut reports = match staged {
        Some(s) => s,
        None => open_reports(&args.out)?,
    };
    if let Some(s) = stale_pending {
        reports.write(1, stale_rows(&s).as_bytes())?;
    }
    reports.write(2, &csv::summary(&kept.files).to_csv())?;
    if interrupted.load(Ordering::Relaxed) {
        return Err(Error::Interrupted);
    }
    // Where findings.csv has it: before the first file whose name sorts at or after its.
    if let Some(s) = &stale {
        let at = kept.findings.partition_point(|f| f.file < s.file);
        kept.findings.insert(at, s.clone());
    }
    // What standard output shows is laid out while the reports are made durable (one after
    // the other when no thread can be had).
    let (committed, shown) = std::thread::scope(|scope| {
        let layout =
            std::thread::Builder::new().spawn_scoped(scope, || stdout_text(args, &kept, &baseline));
        let committed = reports.commit();
        let shown = match layout {
            Ok(layout) => layout
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            Err(_) => stdout_text(args, &kept, &baseline),
        };
        (committed, shown)
    });
    committed?;
    for d in failed.iter().flatten() {
        let _ = writeln!(err, "{d}\n");
    }
    writeln!(out, "{shown}").map_err(|e| Error::Write {
        path: "standard output".into(),
        source: e,
    })?;

    let at_or_above = args.fail_on.map(|level| {
        let in_files: usize = kept.files.iter().map(|f| f.at_or_above(level)).sum();
        // Summaries never count the stale-baseline finding.
        let about_baseline = stale.as_ref().filter(|s| s.severity >= level);
        (level, in_files + usize::from(about_baseline.is_some()))
    });
    // The process ends right after this: freeing every kept row and finding one by one would
    // only delay it, and the operating system reclaims the memory at once.
    std::mem::forget(kept);

    if !failed.is_empty() {
        let _ = writeln!(
            err,
            "{} file(s) could not be read; see the invalid-quote findings",
            failed.len()
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

/// What `audit` prints on standard output, in the chosen format.
fn stdout_text(args: &Args, kept: &Audit, baseline: &crate::baseline::Baseline) -> String {
    match args.format {
        AuditFormat::Json => report::json::render(&csv::audit_sheets(kept)),
        AuditFormat::Sarif => report::sarif::render(&kept.findings),
        AuditFormat::Table => {
            let offers: usize = kept.files.iter().map(|f| f.offers).sum();
            format!(
                "{}\n\n{} in {} compared with {}, checked {}; reports in {}/ (comparison.csv, findings.csv, summary.csv)",
                report::table::render(kept),
                plural(offers, "offer"),
                plural(kept.files.len(), "file"),
                baseline.describe(),
                baseline.checked_on,
                crate::load::display_name(&args.out).trim_end_matches('/'),
            )
        }
    }
}

/// The reports `audit` writes, in the order [`Staged`](report::Staged) numbers them.
const REPORTS: [&str; 3] = ["comparison.csv", "findings.csv", "summary.csv"];

/// The staged reports, with their header lines.
fn open_reports(out: &std::path::Path) -> Result<report::Staged, Error> {
    let mut staged = report::Staged::create(out, &REPORTS)?;
    staged.write(0, &csv::header_csv(&csv::COMPARISON_HEADER))?;
    staged.write(1, &csv::header_csv(&csv::FINDINGS_HEADER))?;
    Ok(staged)
}

/// A flag that Ctrl-C or a termination signal sets, so that the run stops at the next file and
/// the staged reports are removed, instead of being left half-written in the output folder.
/// A second signal ends the process at once.
fn interruption() -> &'static AtomicBool {
    static INTERRUPTED: AtomicBool = AtomicBool::new(false);
    // A handler can be set once per process; a second audit in the same process keeps it.
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::Relaxed) {
            std::process::exit(130);
        }
    });
    &INTERRUPTED
}

/// One file's share of the reports, made on a worker thread.
struct Piece {
    name: String,
    /// The rows and findings the terminal or JSON output still needs (see `keep_all`), and
    /// the summary line.
    part: FileAudit,
    /// Why the file could not be read, if it could not.
    diags: Option<Vec<Diagnostic>>,
    comparison: String,
    findings: String,
}

/// The stale-baseline finding as findings.csv rows.
fn stale_rows(stale: &Finding) -> String {
    let mut rows = String::new();
    csv::write_findings(std::slice::from_ref(stale), &mut rows);
    rows
}

/// A file that could not be read, as the reports carry it: its first problem, and how many
/// more there are.
fn unreadable(file: String, diags: &[Diagnostic]) -> Unreadable {
    let Some(first) = diags.first() else {
        return Unreadable {
            file,
            line: 0,
            problem: "cannot be read".into(),
        };
    };
    let more = match diags.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    Unreadable {
        file,
        line: first.line,
        problem: format!("{}:{}: {}{more}", first.line, first.col, first.message),
    }
}
