//! `quote-audit baseline`: prints the official rows in use — the embedded baseline, or the file
//! named with `--baseline`, which is validated with the same errors as a quote file.

use std::io::Write;

use clap::Args as ClapArgs;

use super::options::{BaselineArg, stdout_error};
use crate::diag::Error;
use crate::report;

/// Print the official price rows in use, or validate a baseline file.
#[derive(Debug, Clone, ClapArgs)]
#[command(
    after_help = "Examples:\n  quote-audit baseline\n  quote-audit baseline --baseline baseline/google-gemini-api-2026-04-20.yaml"
)]
pub struct Args {
    #[command(flatten)]
    pub baseline: BaselineArg,
}

pub fn run(args: &Args, out: &mut dyn Write, _err: &mut dyn Write) -> Result<u8, Error> {
    let baseline = args.baseline.load()?;
    writeln!(out, "{}", report::baseline::terminal(&baseline)).map_err(stdout_error)?;
    Ok(0)
}
