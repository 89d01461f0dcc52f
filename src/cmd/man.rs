//! `quote-audit man`: the man page (roff), generated from the command-line definition the caller
//! names (the one `--help` comes from), so this command never depends on the command line
//! that dispatches to it.

use std::io::Write;

use clap::{Args as ClapArgs, CommandFactory};

use super::options::stdout_error;
use crate::diag::Error;

/// Print the man page (roff).
#[derive(Debug, Clone, ClapArgs)]
#[command(after_help = "Examples:\n  quote-audit man > quote-audit.1 && man ./quote-audit.1")]
pub struct Args {}

/// Prints the man page of the command line `Cli`.
pub fn run<Cli: CommandFactory>(
    _args: &Args,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> Result<u8, Error> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(stdout_error)?;
    out.write_all(&buf).map_err(stdout_error)?;
    Ok(0)
}
