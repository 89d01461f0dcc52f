//! `quote-audit rules`: the rule catalogue — every rule id with its family, default severity,
//! when it fires and what to do — as a table or as JSON.

use std::io::Write;

use clap::Args as ClapArgs;
use comfy_table::{ContentArrangement, Table, presets};
use serde_json::json;

use super::options::{Format, stdout_error};
use crate::diag::Error;
use crate::model::Rule;

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
        Format::Table => table(),
        Format::Json => json(),
    };
    writeln!(out, "{text}").map_err(stdout_error)?;
    Ok(0)
}

/// The catalogue as a table, in registry order.
pub fn table() -> String {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec![
            "rule",
            "family",
            "severity",
            "fires when",
            "what to do",
        ]);
    for r in Rule::ALL {
        t.add_row(vec![
            r.id(),
            r.family().label(),
            r.severity().label(),
            r.summary(),
            r.advice(),
        ]);
    }
    t.to_string()
}

/// The catalogue as a JSON array of `{id, family, severity, summary, advice}`.
pub fn json() -> String {
    let rules: Vec<_> = Rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id(),
                "family": r.family().label(),
                "severity": r.severity().label(),
                "summary": r.summary(),
                "advice": r.advice(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&rules).unwrap_or_default()
}
