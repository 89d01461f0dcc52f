//! `quote-audit completions SHELL` and `quote-audit man`: shell completion scripts and the man
//! page, generated from the same command-line definition as `--help`.

use std::io::Write;

use clap::{Args as ClapArgs, CommandFactory};
use clap_complete::Shell;

use crate::cli::Cli;
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

fn write_error(e: std::io::Error) -> Error {
    Error::Write {
        path: "standard output".into(),
        source: e,
    }
}

pub fn run(args: &Args, out: &mut dyn Write) -> Result<u8, Error> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "quote-audit", &mut buf);
    out.write_all(&buf).map_err(write_error)?;
    Ok(0)
}

/// Print the man page (roff).
#[derive(Debug, Clone, ClapArgs)]
#[command(after_help = "Examples:\n  quote-audit man > quote-audit.1 && man ./quote-audit.1")]
pub struct ManArgs {}

pub fn man(out: &mut dyn Write) -> Result<u8, Error> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(write_error)?;
    out.write_all(&buf).map_err(write_error)?;
    Ok(0)
}
