//! `quote-audit completions SHELL`: a shell completion script, generated from the command-line
//! definition the caller names (the one `--help` comes from), so this command never depends on
//! the command line that dispatches to it.

use std::io::Write;

use clap::{Args as ClapArgs, CommandFactory};
use clap_complete::Shell;

use super::options::stdout_error;
use crate::diag::Error;

/// Print a shell completion script.
#[derive(Debug, Clone, ClapArgs)]
#[command(
    after_help = "Examples:\n  quote-audit completions bash > ~/.local/share/bash-completion/completions/quote-audit\n  quote-audit completions zsh > ~/.zfunc/_quote-audit"
)]
pub struct Args {
    /// The shell: bash, zsh, fish, elvish or powershell
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Prints the completions of the command line `Cli`.
pub fn run<Cli: CommandFactory>(
    args: &Args,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> Result<u8, Error> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "quote-audit", &mut buf);
    out.write_all(&buf).map_err(stdout_error)?;
    Ok(0)
}
