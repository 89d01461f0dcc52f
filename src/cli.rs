//! The command line: subcommands and their dispatch, at the top of the crate. Parsing lives in
//! clap's derive; each command's options and behaviour live in its own file under `cmd/`, and
//! every command is run the same way. Mapping the result to an exit status is `main.rs`'s.

use std::io::Write;

use clap::{Parser, Subcommand};

use crate::cmd;
use crate::diag::Error;

/// Audit AI image-API vendor quotes against Google's official Nano Banana price baseline.
#[derive(Debug, Parser)]
#[command(
    name = "quote-audit",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  quote-audit audit                      quotes/ in, reports/ out, embedded baseline\n  quote-audit new \"Acme Gateway\"         start a quote\n  quote-audit diff OLD.yaml NEW.yaml     what changed\n  quote-audit budget --count 1000 --model \"Nano Banana 2\" --size 2K"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare every offer with the official baseline and write the comparison, findings and summary CSVs, report.html and report.xlsx
    Audit(cmd::audit::Args),
    /// Show what changed between two versions of vendor quotes, into changes.csv
    Diff(cmd::diff::Args),
    /// Chain each vendor's dated quotes into a price history, into history.csv
    History(cmd::history::Args),
    /// Price a workload on Google Standard, Batch/Flex and each vendor, into budget.csv
    Budget(cmd::budget::Args),
    /// Print the official price rows in use, or validate a baseline file
    Baseline(cmd::baseline::Args),
    /// List every rule with its family, default severity, and what to do when it fires
    Rules(cmd::rules::Args),
    /// Start a new quote file for a vendor, with every field to ask about
    New(cmd::new::Args),
    /// Draft a quote from a vendor's pricing page saved as HTML or text, for a reviewer to check
    Draft(cmd::draft::Args),
    /// Write quote files from a public price map (LiteLLM's) or a spreadsheet (CSV)
    Import(cmd::import::Args),
    /// Print the JSON Schema of the quote file, for editors
    Schema(cmd::schema::Args),
    /// Print a shell completion script
    Completions(cmd::completions::Args),
    /// Print the man page
    Man(cmd::man::Args),
}

/// Runs a parsed command line; returns the exit status.
pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    match &cli.command {
        Command::Audit(args) => cmd::audit::run(args, out, err),
        Command::Diff(args) => cmd::diff::run(args, out, err),
        Command::History(args) => cmd::history::run(args, out, err),
        Command::Budget(args) => cmd::budget::run(args, out, err),
        Command::Baseline(args) => cmd::baseline::run(args, out, err),
        Command::Rules(args) => cmd::rules::run(args, out, err),
        Command::New(args) => cmd::new::run(args, out, err),
        Command::Draft(args) => cmd::draft::run(args, out, err),
        Command::Import(args) => cmd::import::run(args, out, err),
        Command::Schema(args) => cmd::schema::run(args, out, err),
        Command::Completions(args) => cmd::completions::run::<Cli>(args, out, err),
        Command::Man(args) => cmd::man::run::<Cli>(args, out, err),
    }
}
