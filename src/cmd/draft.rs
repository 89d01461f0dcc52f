//! `quote-audit draft PAGE --vendor NAME`: reads a vendor's pricing page, saved from a browser
//! (`.html`) or as text (`.txt`, `.md`), and writes a draft quote,
//! `quotes/<vendor's folder>/<date>.yaml`, for the reviewer to check line by line (see
//! [`crate::draft`]). An existing file is never overwritten.

use std::io::Write;
use std::path::PathBuf;

use clap::Args as ClapArgs;
use jiff::civil::Date;

use super::new::{create, schema_beside, vendor_name};
use super::options::{BaselineArg, parse_as_of, stdout_error, today};
use crate::diag::Error;
use crate::draft::{self, Request};
use crate::load::files::read_source;
use crate::text::{plural, terminal_safe};

/// Draft a quote from a vendor's pricing page saved as HTML or text.
#[derive(Debug, Clone, ClapArgs)]
#[command(
    after_help = "Examples:\n  quote-audit draft pricing.html --vendor \"Acme Gateway\" --source https://acme.example/pricing\n  quote-audit draft page.txt --vendor \"Acme Gateway\" --date 2026-07-01\n  quote-audit audit quotes/acme-gateway"
)]
pub struct Args {
    /// The page: .html or .htm as a browser saves it, or its text (.txt, .md)
    #[arg(value_name = "PAGE")]
    pub page: PathBuf,

    /// The vendor's name, as it should appear in reports
    #[arg(long, value_name = "NAME")]
    pub vendor: String,

    /// The date the page was read (YYYY-MM-DD; default: today, UTC): the quote's `received`
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub date: Option<Date>,

    /// The page's address, for the quote's `source`
    #[arg(long, value_name = "URL")]
    pub source: Option<String>,

    /// The quotes folder; the draft goes in the vendor's folder inside it
    #[arg(long, value_name = "DIR", default_value = "quotes")]
    pub out: PathBuf,

    #[command(flatten)]
    pub baseline: BaselineArg,
}

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let vendor = vendor_name(&args.vendor)?;
    let date = args.date.unwrap_or_else(today);
    let timeline = args.baseline.load()?;
    let src = read_source(&args.page, "page").map_err(|d| Error::Input(vec![d]))?;
    let page = draft::page::read(&src.name, &src.text);
    let found = draft::read(&page, vendor, timeline.at(date));
    let req = Request {
        page_name: &src.name,
        vendor,
        received: date,
        source: args
            .source
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty()),
    };
    let text = draft::render(&req, &found);
    // What is written must read back as a quote: a value the reader refuses is a defect of the
    // draft, reported rather than written.
    crate::load::quote::parse(&crate::diag::Source {
        name: src.name.clone(),
        text: text.clone(),
    })
    .map_err(Error::Input)?;
    let shown = create(&args.out, vendor, date, &text)?;
    writeln!(
        out,
        "wrote {}: {}, {}, {} and {} to check against the page, then delete `draft: true`",
        terminal_safe(&shown),
        plural(found.offers.len(), "offer"),
        plural(found.claims.len(), "claim"),
        plural(found.candidates.len(), "candidate price"),
        plural(found.terms.len(), "terms hint"),
    )
    .map_err(stdout_error)?;
    schema_beside(&args.out, out, err)?;
    Ok(0)
}
