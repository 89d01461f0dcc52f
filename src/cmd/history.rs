//! `quote-audit history DIR`: every vendor's dated versions, chained by `received`, into
//! history.csv, with a short price timeline per vendor on the terminal.

use std::io::Write;
use std::path::PathBuf;

use clap::Args as ClapArgs;

use super::options::{AuditOptions, BaselineAt, Setup, stdout_error};
use crate::analyze::history;
use crate::diag::Error;
use crate::load;
use crate::report::{
    self,
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
    let vendors = history::versions(
        &quotes,
        &baseline,
        &snapshots.timeline,
        at_received,
        &settings,
    );
    let points = history::points(&vendors);
    let sheet = report::history::sheet(&points);
    signals::pause_for_tests("before-write");
    write_atomically(folder, &[("history.csv".to_owned(), sheet.to_csv())])?;
    writeln!(
        out,
        "{}",
        report::history::terminal(&vendors, &points, &args.out)
    )
    .map_err(stdout_error)?;
    Ok(0)
}
