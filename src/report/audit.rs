//! The audit's reports, written as the files are audited: each file's comparison.csv and
//! findings.csv rows and its part of report.html are made beside its audit, on a worker
//! ([`Piece`]), and appended to the staged reports in file order ([`AuditReports`]);
//! summary.csv, the head of report.html and report.xlsx (made from the finished CSVs) come
//! last, and the reports are put in place only when every file is done, so a large run never
//! holds every row at once.
//! What standard output needs is kept on the side: a few findings per file for the table,
//! everything for JSON and SARIF. The rows' cells are [`super::csv`]'s; the audit itself is
//! [`crate::check`]'s, and the threads it runs on, [`crate::load::read_each`]'s.

use std::sync::Mutex;

use super::csv::{self, COMPARISON_HEADER, FINDINGS_HEADER};
use super::html::{self, Header, Page};
use super::staged::{OutDir, Staged};
use super::{table, xlsx};
use crate::check::{Audit, FileAudit, listed_before};
use crate::diag::{Diagnostic, Error};
use crate::load::baseline::Baseline;
use crate::model::{Finding, Quote, Severity};

/// The reports `audit` writes, in the order [`Staged`] numbers them.
pub const REPORTS: [&str; 5] = [
    "comparison.csv",
    "findings.csv",
    "summary.csv",
    "report.html",
    "report.xlsx",
];
const COMPARISON: usize = 0;
const FINDINGS: usize = 1;
const SUMMARY: usize = 2;
const HTML: usize = 3;
const XLSX: usize = 4;

/// What standard output needs of each file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The few findings the terminal table shows.
    Shown,
    /// Every row and finding (`--format json` and `sarif` print them all).
    All,
}

/// One file's share of the reports, made on a worker thread.
pub struct Piece {
    name: String,
    /// The rows and findings standard output still needs (see [`Keep`]), and the summary line.
    part: FileAudit,
    /// Why the file could not be read, if it could not.
    diags: Option<Vec<Diagnostic>>,
    comparison: String,
    findings: String,
    /// The file's part of report.html, unless only the CSVs are written.
    html: Option<html::Part>,
}

impl Piece {
    /// The report rows of the file `name` (`quote`, or `diags` when it could not be read),
    /// audited as `part`.
    pub fn new(
        name: String,
        quote: Option<&Quote>,
        mut part: FileAudit,
        diags: Option<Vec<Diagnostic>>,
        keep: Keep,
        pages: bool,
    ) -> Piece {
        let html = pages.then(|| html::part(&name, quote, &part));
        let mut comparison = String::new();
        csv::write_comparison(&part.rows, &mut comparison);
        let mut findings = String::new();
        csv::write_findings(&part.findings, &mut findings);
        if keep == Keep::Shown {
            part.rows = Vec::new();
            part.findings = table::shown(part.findings);
        }
        Piece {
            name,
            part,
            diags,
            comparison,
            findings,
            html,
        }
    }
}

/// An audit's reports while files are added, in name order.
///
/// The staged reports are opened at the first file to write, so a problem with `--out` is
/// reported after the files' own problems. Once a file fails to load (without
/// `--keep-going`) nothing more is written, though every file is still added, so that every
/// problem is listed.
pub struct AuditReports {
    /// The output folder, until the reports are staged in it.
    out: Option<OutDir>,
    keep_going: bool,
    /// Whether report.html and report.xlsx are written beside the CSVs.
    pages: bool,
    staged: Option<(Staged, Option<Page>)>,
    unwritable: Option<Error>,
    failed: Vec<Vec<Diagnostic>>,
    kept: Audit,
    /// The finding about the baseline, until its place in findings.csv comes.
    baseline_pending: Option<Finding>,
    baseline_finding: Option<Finding>,
}

impl AuditReports {
    /// The reports of an audit into `out`: the CSVs, and report.html and report.xlsx when
    /// `pages`.
    pub fn new(
        out: OutDir,
        keep_going: bool,
        pages: bool,
        baseline: &Baseline,
        baseline_finding: Option<Finding>,
    ) -> Self {
        AuditReports {
            out: Some(out),
            keep_going,
            pages,
            staged: None,
            unwritable: None,
            failed: Vec::new(),
            kept: Audit::new(baseline),
            baseline_pending: baseline_finding.clone(),
            baseline_finding,
        }
    }

    /// Adds the next file's piece.
    pub fn add(&mut self, piece: Piece) -> Result<(), Error> {
        self.failed.extend(piece.diags);
        self.kept.push(piece.part);
        if self.unwritable.is_some() || (!self.failed.is_empty() && !self.keep_going) {
            return Ok(());
        }
        let (reports, page) = match self.staged.take() {
            Some(s) => self.staged.insert(s),
            None => match open(&mut self.out, self.pages) {
                Ok(s) => self.staged.insert(s),
                // Kept for `finish`, after the files' own problems.
                Err(e) => {
                    self.unwritable = Some(e);
                    return Ok(());
                }
            },
        };
        let due = |b: &mut Finding| listed_before(b, &piece.name);
        if let Some(b) = self.baseline_pending.take_if(due) {
            reports.write(FINDINGS, &finding_rows(&b))?;
        }
        reports.write(COMPARISON, piece.comparison.as_bytes())?;
        reports.write(FINDINGS, piece.findings.as_bytes())?;
        match (page, piece.html) {
            (Some(page), Some(part)) => page.add(part),
            _ => Ok(()),
        }
    }

    /// Writes what comes after the last file: the finding about the baseline if it is still
    /// due, summary.csv, report.html (its head says `header`) and report.xlsx; returns the
    /// complete reports, to be put in place, and what standard output needs. Files that could
    /// not be read (without `--keep-going`) are an input error listing every problem; then an
    /// `--out` that cannot hold the reports.
    pub fn finish(mut self, header: &Header<'_>) -> Result<(Staged, Finished), Error> {
        if !self.failed.is_empty() && !self.keep_going {
            // The staged reports are dropped: the previous ones stay as they were.
            return Err(Error::Input(self.failed.into_iter().flatten().collect()));
        }
        if let Some(e) = self.unwritable {
            return Err(e);
        }
        let (mut staged, page) = match self.staged {
            Some(s) => s,
            None => open(&mut self.out, self.pages)?,
        };
        if let Some(b) = self.baseline_pending {
            staged.write(FINDINGS, &finding_rows(&b))?;
        }
        staged.write(SUMMARY, &csv::summary(&self.kept.files).to_csv())?;
        if let Some(page) = page {
            // The workbook is made from the finished CSVs on a thread of its own while the page is
            // written.
            let csvs = [
                staged.reader(COMPARISON)?,
                staged.reader(FINDINGS)?,
                staged.reader(SUMMARY)?,
            ];
            let book = Mutex::new(Some((csvs, staged.spill()?)));
            let scratch = staged.dir().to_owned();
            let workbook = || {
                let (csvs, mut book) = book.lock().ok().and_then(|mut b| b.take())?;
                // The workbook writer panics when its temporary files cannot be written (a full
                // disk): that is a write error like any other.
                let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    xlsx::write(csvs, book.writer(), header.as_of, &scratch)
                }));
                Some(match made {
                    Ok(made) => made.map(|()| book),
                    Err(_) => Err(Error::Write {
                        path: "report.xlsx".into(),
                        source: std::io::Error::other(
                            "its sheets could not be written to their temporary files (is the disk full?)",
                        ),
                    }),
                })
            };
            let files = &self.kept.files;
            let about_baseline = self.baseline_finding.as_ref();
            let (page, book) = alongside(
                || page.finish(header, files, about_baseline, &mut staged, HTML),
                &workbook,
            );
            page?;
            let book = book
                .flatten()
                .or_else(workbook)
                .expect("the workbook is made once")?;
            staged.append(XLSX, book)?;
        }
        if let Some(b) = &self.baseline_finding {
            self.kept.add_baseline_finding(b.clone());
        }
        let finished = Finished {
            audit: self.kept,
            failed: self.failed,
            baseline_finding: self.baseline_finding,
        };
        Ok((staged, finished))
    }
}

/// What standard output needs of a finished audit.
pub struct Finished {
    /// Summaries, and the rows and findings kept for standard output, the baseline's finding
    /// in its place.
    pub audit: Audit,
    /// The problems of each file that could not be read (under `--keep-going`).
    pub failed: Vec<Vec<Diagnostic>>,
    baseline_finding: Option<Finding>,
}

impl Finished {
    /// Findings at `level` or above in all the reports, the baseline's included.
    pub fn at_or_above(&self, level: Severity) -> usize {
        let in_files: usize = self.audit.files.iter().map(|f| f.at_or_above(level)).sum();
        // Summaries never count the baseline's finding.
        let about_baseline = self
            .baseline_finding
            .as_ref()
            .filter(|b| b.severity >= level);
        in_files + usize::from(about_baseline.is_some())
    }
}

/// What `first` and `second` make, made at once: `second` on a thread of its own, or, when
/// no thread can be had, not at all (`None`, for the caller to run it after).
fn alongside<A, B: Send>(
    first: impl FnOnce() -> A,
    second: &(dyn Fn() -> B + Sync),
) -> (A, Option<B>) {
    std::thread::scope(|scope| {
        let other = std::thread::Builder::new().spawn_scoped(scope, second);
        let made = first();
        let other = other
            .ok()
            .map(|o| o.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (made, other)
    })
}

/// The staged reports, with their header lines, and the page being made, in the folder `out`
/// (taken: they are staged once).
fn open(out: &mut Option<OutDir>, pages: bool) -> Result<(Staged, Option<Page>), Error> {
    let out = out.take().expect("the reports are staged once");
    let (names, others) = REPORTS.split_at(if pages { REPORTS.len() } else { SUMMARY + 1 });
    let mut staged = Staged::create(out, names)?;
    // A page and workbook an earlier run wrote would describe another audit.
    staged.retire(others);
    staged.write(COMPARISON, &csv::header_csv(&COMPARISON_HEADER))?;
    staged.write(FINDINGS, &csv::header_csv(&FINDINGS_HEADER))?;
    let page = pages.then(|| Page::new(&staged)).transpose()?;
    Ok((staged, page))
}

/// One finding as findings.csv rows.
fn finding_rows(f: &Finding) -> Vec<u8> {
    let mut rows = String::new();
    csv::write_findings(std::slice::from_ref(f), &mut rows);
    rows.into_bytes()
}
