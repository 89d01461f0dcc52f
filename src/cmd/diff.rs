//! `quote-audit diff OLD NEW`: what changed between two versions of vendors' quotes — two
//! files, or two folders matched by vendor — into changes.csv, with a summary and a unified
//! diff of each changed vendor on the terminal.

use std::io::Write;
use std::path::PathBuf;

use clap::Args as ClapArgs;
use rayon::prelude::*;

use super::options::{AuditOptions, Setup, colour, stdout_error};
use crate::analyze::diff::{self, PriceTolerance};
use crate::diag::Error;
use crate::load;
use crate::model::{Quote, Severity, latest};
use crate::report::{
    self, csv,
    staged::{OutDir, Staged},
};
use crate::signals;
use crate::text::{plural, terminal_safe};

/// Compare two versions of vendor quotes: prices, offers, terms, credits, validity, claims, findings.
#[derive(Debug, Clone, ClapArgs)]
#[command(
    after_help = "Examples:\n  quote-audit diff quotes/pixelpipe/2026-05-02.yaml quotes/pixelpipe/2026-06-03.yaml\n  quote-audit diff quotes-may/ quotes-june/ --tolerance 1% --fail-on high"
)]
pub struct Args {
    /// The older quote file, or a folder of quotes
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The newer quote file, or a folder of quotes (vendors are matched by name)
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// Folder changes.csv is written into (created if missing)
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,

    /// Hide price moves below this: USD per image (0.001) or percent of the old price (1%)
    #[arg(long, value_name = "USD|PCT%", value_parser = PriceTolerance::parse)]
    pub tolerance: Option<PriceTolerance>,

    /// Exit with status 1 when a new finding has this severity or higher
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,

    /// What to print on stdout: the changes for people, or a pull-request comment
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,

    #[command(flatten)]
    pub common: AuditOptions,
}

/// What `diff` prints on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Each vendor's changes and a line diff, for people
    Table,
    /// A pull-request comment: only what changed, or one line saying nothing did
    Markdown,
}

/// Vendors compared at a time, between appends to the staged report.
const BATCH: usize = 256;

/// One vendor's share of the output.
struct Piece {
    /// Its changes.csv rows.
    rows: String,
    /// What the terminal shows of it.
    shown: String,
    changes: usize,
    /// Its new findings at or above `--fail-on`.
    new_findings: usize,
}

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    // A first signal is heard from here, so the run ends with 130 and leaves nothing behind.
    signals::interruption();
    let folder = OutDir::claim(&args.out)?;
    let Setup {
        baseline,
        settings,
        pool,
        ..
    } = args.common.setup(None)?;
    let load = |p: &PathBuf| -> Result<Vec<Quote>, Error> {
        load::load_quotes(&pool, std::slice::from_ref(p))
            .and_then(load::Loaded::all)
            .map_err(Error::Input)
    };
    // Both sides at once, the old one from a thread of its own: two large files are read on
    // two of the pool's threads.
    let (old_loaded, new_loaded) = std::thread::scope(|s| {
        let old = s.spawn(|| load(&args.old));
        let new = load(&args.new);
        (old.join(), new)
    });
    let old_loaded = old_loaded.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let (old_quotes, new_quotes) = match (old_loaded, new_loaded) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(Error::Input(mut a)), Err(Error::Input(b))) => {
            a.extend(b);
            return Err(Error::Input(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let (mut old_side, new_side) = (latest(&old_quotes), latest(&new_quotes));
    // Two files are two versions of one quote, whatever their vendor names say.
    if args.old.is_file() && args.new.is_file() && old_quotes.len() == 1 && new_quotes.len() == 1 {
        let (o, n) = (&old_quotes[0], &new_quotes[0]);
        if o.vendor_key() != n.vendor_key() {
            let _ = writeln!(
                err,
                "note: the vendor is named \"{}\" in {} and \"{}\" in {}; comparing them as two versions of one quote",
                terminal_safe(&o.vendor.value),
                terminal_safe(&o.file),
                terminal_safe(&n.vendor.value),
                terminal_safe(&n.file)
            );
            old_side = [(n.vendor_key(), o)].into_iter().collect();
        }
    }
    let tolerance = args.tolerance.unwrap_or_default();
    let mut keys: Vec<&String> = old_side.keys().chain(new_side.keys()).collect();
    keys.sort();
    keys.dedup();
    // Vendor by vendor, on every core, a batch at a time: each vendor's versions are audited,
    // compared and laid out, its rows appended to the staged report, and only the terminal
    // text is kept, so memory does not grow with the vendors' audits.
    let colour = colour();
    let piece = |key: &&String| {
        let (o, n) = (old_side.get(*key).copied(), new_side.get(*key).copied());
        let d = diff::vendor(o, n, &baseline, &settings, tolerance);
        let at_or_above = |level: Severity| {
            d.changes
                .iter()
                .filter(|c| c.severity.is_some_and(|s| s >= level))
                .count()
        };
        Piece {
            rows: report::diff::sheet(d.changes.iter()).rows_csv(),
            shown: match args.format {
                DiffFormat::Table => report::diff::vendor_text(&d, colour),
                DiffFormat::Markdown => report::markdown::diff_vendor(&d),
            },
            changes: d.changes.len(),
            new_findings: args.fail_on.map_or(0, at_or_above),
        }
    };
    let mut staged = Staged::create(folder, &["changes.csv"])?;
    staged.write(0, &csv::header_csv(&report::diff::CHANGES_HEADER))?;
    let (mut shown, mut changes, mut new_findings) = (String::new(), 0, 0);
    for batch in keys.chunks(BATCH) {
        if signals::interrupted() {
            return Err(Error::Interrupted);
        }
        let pieces: Vec<Piece> = pool.install(|| batch.par_iter().map(piece).collect());
        for p in pieces {
            staged.write(0, p.rows.as_bytes())?;
            shown.push_str(&p.shown);
            changes += p.changes;
            new_findings += p.new_findings;
        }
    }
    signals::pause_for_tests("before-write");
    staged.commit()?;
    // Both versions are compared with one snapshot, so a change is the vendor's, not Google's.
    let text = match args.format {
        DiffFormat::Table => format!(
            "{}\nboth versions compared with {}\n",
            report::diff::terminal(shown, changes, &args.out),
            baseline.describe_checked()
        ),
        DiffFormat::Markdown => report::markdown::diff(shown, changes),
    };
    write!(out, "{text}").map_err(stdout_error)?;

    let Some(level) = args.fail_on else {
        return Ok(0);
    };
    if new_findings == 0 {
        return Ok(0);
    }
    let _ = writeln!(
        err,
        "{} at or above {level} (--fail-on {level}): exit status 1",
        plural(new_findings, "new finding")
    );
    Ok(1)
}
