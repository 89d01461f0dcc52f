//! `quote-audit history DIR`: every vendor's dated versions, chained by `received`, into
//! history.csv, with a short price timeline per vendor on the terminal.

use std::io::Write;
use std::path::PathBuf;

use clap::Args as ClapArgs;

use crate::cmd::{AuditOptions, plural};
use crate::diag::Error;
use crate::history::{self, Point};
use crate::money::{pct_cell, usd_cell};
use crate::report;
use crate::text::terminal_safe;

/// Chain each vendor's dated quotes into a price history.
#[derive(Debug, Clone, ClapArgs)]
#[command(after_help = "Examples:\n  quote-audit history\n  quote-audit history quotes/pixelpipe")]
pub struct Args {
    /// Folder of quotes (searched recursively), or quote files
    #[arg(value_name = "PATH", default_value = "quotes")]
    pub paths: Vec<PathBuf>,

    /// Folder history.csv is written into (created if missing)
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,

    #[command(flatten)]
    pub common: AuditOptions,
}

pub fn run(args: &Args, out: &mut dyn Write) -> Result<u8, Error> {
    let (baseline, settings) = args.common.settings(None)?;
    let loaded = crate::load::load_quotes(&args.paths).map_err(Error::Input)?;
    if !loaded.failed.is_empty() {
        return Err(Error::Input(
            loaded.failed.into_iter().flat_map(|(_, d)| d).collect(),
        ));
    }
    let vendors = history::versions(&loaded.quotes, &baseline, &settings);
    let points = history::points(&vendors);
    let sheet = report::csv::history(&points);
    report::write_atomically(&args.out, &[("history.csv".to_owned(), sheet.to_csv())])?;

    let mut s = String::new();
    for versions in &vendors {
        let Some(first) = versions.first() else {
            continue;
        };
        let last = versions.last().unwrap_or(first);
        s.push_str(&format!(
            "\n{}: {}, {} → {}\n",
            terminal_safe(&first.quote.vendor.value),
            plural(versions.len(), "version"),
            first.quote.received.value,
            last.quote.received.value
        ));
        let vendor = crate::diff::vendor_key(first.quote);
        let mut keys: Vec<&String> = versions.iter().flat_map(|v| v.offers.keys()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let chain: Vec<&Point> = points
                .iter()
                .filter(|p| p.vendor_key == vendor && &p.key == key)
                .collect();
            let steps: Vec<String> = chain
                .iter()
                .map(|p| {
                    let price = p.price_usd.map_or("?".to_owned(), usd_cell);
                    match p.change_pct {
                        Some(c) if !c.is_zero() => format!(
                            "{} {price} ({}{}%)",
                            p.received,
                            if c > rust_decimal::Decimal::ZERO {
                                "+"
                            } else {
                                ""
                            },
                            pct_cell(c)
                        ),
                        _ => format!("{} {price}", p.received),
                    }
                })
                .collect();
            s.push_str(&format!(
                "  {:<48} {}\n",
                terminal_safe(key),
                steps.join(" → ")
            ));
        }
    }
    let io = |e: std::io::Error| Error::Write {
        path: "standard output".into(),
        source: e,
    };
    write!(out, "{s}").map_err(io)?;
    writeln!(
        out,
        "\n{} from {} written to {}/history.csv",
        plural(points.len(), "price point"),
        plural(loaded.quotes.len(), "quote"),
        crate::load::display_name(&args.out).trim_end_matches('/')
    )
    .map_err(io)?;
    Ok(0)
}
