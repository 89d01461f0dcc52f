//! `quote-audit history DIR`: every vendor's dated versions, chained by `received`, into
//! history.csv, with a short price timeline per vendor on the terminal.

use std::io::Write;
use std::path::PathBuf;

use clap::Args as ClapArgs;
use rayon::prelude::*;

use super::options::{AuditOptions, BaselineAt, Setup, stdout_error};
use crate::analyze::history;
use crate::diag::Error;
use crate::load;
use crate::report::{
    self, csv,
    staged::{OutDir, write_atomically},
};
use crate::signals;

/// Chain each vendor's dated quotes into a price history.
#[derive(Debug, Clone, ClapArgs)]
#[command(after_help = "Examples:\n  quote-audit history\n  quote-audit history quotes/pixelpipe")]
pub struct Args {
    /// Folder of quotes (searched recursively), or quote files
    #[arg(value_name = "PATH", default_value = "quotes")]
    pub paths: Vec<PathBuf>,

    /// Folder history.csv is written into (created if missing)
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,

    #[command(flatten)]
    pub common: AuditOptions,
}

pub fn run(args: &Args, out: &mut dyn Write, _err: &mut dyn Write) -> Result<u8, Error> {
    // A first signal is heard from here, so the run ends with 130 and leaves nothing behind.
    signals::interruption();
    let folder = OutDir::claim(&args.out)?;
    let Setup {
        baseline,
        snapshots,
        settings,
        pool,
    } = args.common.setup(None)?;
    let quotes = load::load_quotes(&pool, &args.paths)
        .and_then(load::Loaded::all)
        .map_err(Error::Input)?;
    let at_received = snapshots.at == BaselineAt::Received;
    // Vendor by vendor, on every core: each vendor's versions are audited, chained and laid
    // out, and only the text is kept, so memory does not grow with the vendors' audits.
    let pieces: Vec<(String, String, usize)> = pool.install(|| {
        history::by_vendor(&quotes)
            .into_par_iter()
            .map(|qs| {
                let versions =
                    history::versions(qs, &baseline, &snapshots.timeline, at_received, &settings);
                let points = history::points(&versions);
                let rows = report::history::sheet(&points).rows_csv();
                (
                    rows,
                    report::history::vendor_text(&versions, &points),
                    points.len(),
                )
            })
            .collect()
    });
    let mut csv = csv::header_csv(&report::history::HISTORY_HEADER);
    let mut shown = String::new();
    for (rows, text, _) in &pieces {
        csv.extend_from_slice(rows.as_bytes());
        shown.push_str(text);
    }
    let points = pieces.iter().map(|p| p.2).sum();
    signals::pause_for_tests("before-write");
    write_atomically(folder, &[("history.csv".to_owned(), csv)])?;
    writeln!(
        out,
        "{}",
        report::history::terminal(shown, points, quotes.len(), &args.out)
    )
    .map_err(stdout_error)?;
    Ok(0)
}
