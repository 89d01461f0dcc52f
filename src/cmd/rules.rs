//! `quote-audit rules`: the rule catalogue — every rule id with its family, default severity,
//! when it fires and what to do — as a table or as JSON.

use std::io::Write;

use clap::Args as ClapArgs;

use super::options::{Format, stdout_error};
use crate::diag::Error;
use crate::report::rules;

/// List every rule quote-audit can report.
#[derive(Debug, Clone, ClapArgs)]
#[command(after_help = "Examples:\n  quote-audit rules\n  quote-audit rules --format json")]
pub struct Args {
    /// A table for people, or JSON for programs
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(args: &Args, out: &mut dyn Write, _err: &mut dyn Write) -> Result<u8, Error> {
    let text = match args.format {
        Format::Table => rules::table(),
        Format::Json => rules::json(),
    };
    writeln!(out, "{text}").map_err(stdout_error)?;
    Ok(0)
}
