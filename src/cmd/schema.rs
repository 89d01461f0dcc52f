//! `quote-audit schema`: the JSON Schema (draft-07) of the quote file, generated from the types
//! the loader reads, for editors to complete and validate quotes as they are typed.

use std::io::Write;

use clap::Args as ClapArgs;

use super::options::stdout_error;
use crate::diag::Error;

/// Print the JSON Schema of the quote file.
#[derive(Debug, Clone, ClapArgs)]
#[command(
    after_help = "Examples:\n  quote-audit schema > quotes/quote.schema.json\n  (`quote-audit new` writes it there when it is missing; a quote in quotes/<vendor>/ starts with: # yaml-language-server: $schema=../quote.schema.json)"
)]
pub struct Args {}

pub fn run(_args: &Args, out: &mut dyn Write, _err: &mut dyn Write) -> Result<u8, Error> {
    writeln!(out, "{}", crate::load::quote::json_schema()).map_err(stdout_error)?;
    Ok(0)
}
