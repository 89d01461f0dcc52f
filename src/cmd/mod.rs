//! One file per subcommand, each the same shape: a `//!` header saying what the command does,
//! an `Args` struct whose doc comments are its `--help`, and one `run` function.

pub mod audit;
pub mod baseline;
pub mod rules;

use std::path::PathBuf;

use clap::Args;
use jiff::civil::Date;

use crate::baseline::Baseline;
use crate::diag::Error;

/// How a command prints its result on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A table for people
    #[default]
    Table,
    /// One JSON document, for programs
    Json,
}

/// The baseline option every command that compares prices shares.
#[derive(Debug, Clone, Args)]
pub struct BaselineArg {
    /// Baseline file to use instead of the embedded one (baseline/google-gemini-api-2026-04-20.yaml)
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

impl BaselineArg {
    /// The embedded baseline, or the named file (with the same error quality as quotes).
    pub fn load(&self) -> Result<Baseline, Error> {
        match &self.baseline {
            None => Ok(Baseline::embedded()),
            Some(path) => crate::baseline::load(path).map_err(Error::Input),
        }
    }
}

/// Parses `--as-of`: a real date, YYYY-MM-DD.
pub fn parse_as_of(s: &str) -> Result<Date, String> {
    crate::load::quote::parse_date(s).map_err(|why| format!("\"{s}\" {why}; write YYYY-MM-DD"))
}

/// Today, in UTC, for date rules when `--as-of` is not given.
pub fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}
