//! `quote-audit baseline`: the dated snapshots of the official baseline — which exist, and the
//! rows of the one in force at `--as-of`; `baseline diff OLD NEW`, what changed from one
//! snapshot to another; `baseline new --date D`, the next snapshot to re-check, written from
//! the latest. A snapshot named with `--baseline` is validated with the same errors as a
//! quote file.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use jiff::civil::Date;

use super::options::{BaselineArg, parse_as_of, stdout_error, today};
use crate::diag::{Diagnostic, Error, Source};
use crate::load::baseline::{self, Baseline, Timeline};
use crate::report;

/// List the baseline's dated snapshots and print the one in force, or compare or start one.
#[derive(Debug, Clone, ClapArgs)]
#[command(
    after_help = "Examples:\n  quote-audit baseline\n  quote-audit baseline --as-of 2026-05-01\n  quote-audit baseline diff 2026-04-20 2026-10-15\n  quote-audit baseline new --date 2026-12-01"
)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,

    /// The date whose snapshot is printed (YYYY-MM-DD; default: today, UTC)
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<Date>,

    #[command(flatten)]
    pub baseline: BaselineArg,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Action {
    /// What changed from one snapshot to another: routes, rows, lanes, provenance
    Diff {
        /// The older snapshot: its checked_on date (2026-04-20) or its file
        old: String,
        /// The newer snapshot: its checked_on date or its file
        new: String,
    },
    /// Write the next snapshot from the latest, every figure marked for re-checking
    New {
        /// The date the snapshot will be checked on (YYYY-MM-DD)
        #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
        date: Date,
        /// The folder to write it in
        #[arg(long, value_name = "DIR", default_value = "baseline")]
        dir: PathBuf,
    },
}

pub fn run(args: &Args, out: &mut dyn Write, _err: &mut dyn Write) -> Result<u8, Error> {
    let timeline = args.baseline.load()?;
    let text = match &args.action {
        None => {
            let as_of = args.as_of.unwrap_or_else(today);
            report::baseline::listing(&timeline, as_of)
        }
        Some(Action::Diff { old, new }) => {
            let (old, new) = (snapshot(&timeline, old)?, snapshot(&timeline, new)?);
            report::baseline::diff(&old, &new)
        }
        Some(Action::New { date, dir }) => write_next(timeline.latest(), *date, dir)?,
    };
    writeln!(out, "{text}").map_err(stdout_error)?;
    Ok(0)
}

/// A snapshot named by its `checked_on` date among the loaded ones, or by its file.
fn snapshot(timeline: &Timeline, name: &str) -> Result<Baseline, Error> {
    if let Ok(date) = name.parse::<Date>() {
        return timeline
            .snapshots
            .iter()
            .find(|b| b.checked_on == date)
            .cloned()
            .ok_or_else(|| {
                Error::Usage(format!(
                    "no snapshot is checked on {date} ({}); name a snapshot's date or its file",
                    timeline.describe()
                ))
            });
    }
    baseline::load(std::path::Path::new(name)).map_err(Error::Input)
}

/// Writes `<dir>/google-gemini-api-<date>.yaml` from `latest`'s text: its `checked_on` set to
/// `date` and every figure marked `verified: false` until it is read again on Google's page.
fn write_next(latest: &Baseline, date: Date, dir: &std::path::Path) -> Result<String, Error> {
    if date <= latest.checked_on {
        return Err(Error::Usage(format!(
            "--date {date} is not after the latest snapshot's {}; a new snapshot is dated after it",
            latest.checked_on
        )));
    }
    let text = baseline::source_text(latest).ok_or_else(|| {
        Error::Usage(format!(
            "cannot read {} again to start the next snapshot from it",
            latest.file
        ))
    })?;
    let next = baseline::next_snapshot_text(&text, &latest.file, latest.checked_on, date);
    let path = dir.join(format!("google-gemini-api-{date}.yaml"));
    let name = path.display().to_string();
    // What is written must read back as a snapshot.
    baseline::parse(&Source {
        name: name.clone(),
        text: next.clone(),
    })
    .map_err(Error::Input)?;
    if path.exists() {
        return Err(Error::Input(vec![
            Diagnostic::whole(&name, "already exists").help(
                "a snapshot is never overwritten: edit it, or remove it first if it is a stale draft",
            ),
        ]));
    }
    std::fs::create_dir_all(dir)
        .and_then(|()| {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
        })
        .and_then(|mut f| f.write_all(next.as_bytes()))
        .map_err(|e| {
            Error::Input(vec![Diagnostic::whole(
                &name,
                format!("cannot be written: {e}"),
            )])
        })?;
    Ok(format!(
        "wrote {name}: {}'s figures, each marked `verified: false`; re-read each on Google's pricing page, correct it, and mark it verified",
        latest.file
    ))
}
