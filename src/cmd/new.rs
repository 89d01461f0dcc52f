//! `quote-audit new "Vendor Name"`: writes a quote skeleton, `quotes/<slug>/<date>.yaml`, with
//! every field present and commented, so the reviewer is reminded what to ask the vendor, and
//! the quote file's JSON Schema beside the quotes (`quotes/quote.schema.json`) for editors.
//!
//! The skeleton's one offer is blank, never an example price: `audit` refuses the file until
//! its route, size and price are typed in, so no made-up number can reach a report. Every other
//! blank reads as if the key were absent, and the credit scheme is commented out, so a
//! completed skeleton gives exactly the findings of the same quote typed from scratch.
//!
//! The folder is named by the letters and digits of the vendor's name, of any script, and `-`,
//! so no name can write outside the quotes folder; a folder already holding another vendor's
//! quotes gets a number, and an existing file, quote or schema, is never overwritten.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args as ClapArgs;
use jiff::civil::Date;

use super::options::{parse_as_of, stdout_error, today};
use crate::diag::Error;
use crate::import::quoted;
use crate::load::display_name;
use crate::load::quote::SCHEMA_FILE;
use crate::model::vendor_key;
use crate::text::{slug, terminal_safe};

/// Start a new quote file for a vendor, with every field to ask about.
#[derive(Debug, Clone, ClapArgs)]
#[command(
    after_help = "Examples:\n  quote-audit new \"Acme Gateway\"\n  quote-audit new \"Acme Gateway\" --date 2026-07-01"
)]
pub struct Args {
    /// The vendor's name, as it should appear in reports
    #[arg(value_name = "VENDOR")]
    pub vendor: String,

    /// The date the quote was received (YYYY-MM-DD; default: today, UTC)
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub date: Option<Date>,

    /// The quotes folder
    #[arg(long, value_name = "DIR", default_value = "quotes")]
    pub dir: PathBuf,
}

/// The vendor a quote file names, if it can be read.
fn vendor_of(path: &Path) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Named {
        vendor: String,
    }
    let text = std::fs::read_to_string(path).ok()?;
    serde_saphyr::from_str::<Named>(&text)
        .ok()
        .map(|n| n.vendor)
}

/// The folder in `dir` for `vendor`'s quotes: `slug`, unless it holds another vendor's quotes,
/// or a quote file that cannot be read (`Acme Gateway` and `Acme-Gateway!` share a slug);
/// then `slug-2`, `slug-3`, …
fn folder_for(dir: &Path, slug: &str, vendor: &str) -> PathBuf {
    let key = vendor_key(vendor);
    let others = |folder: &Path| -> bool {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return false;
        };
        // Any quote file the loader would read; one that cannot be read may be anyone's.
        entries.flatten().any(|e| {
            let path = e.path();
            let quote = path
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"));
            quote && vendor_of(&path).is_none_or(|v| vendor_key(&v) != key)
        })
    };
    (1..)
        .map(|n| match n {
            1 => dir.join(slug),
            n => dir.join(format!("{slug}-{n}")),
        })
        .find(|folder| !others(folder))
        .expect("some numbered folder is free")
}

fn skeleton(vendor: &str, date: Date) -> String {
    format!(
        r#"# yaml-language-server: $schema=../{SCHEMA_FILE}
# Quote skeleton written by `quote-audit new`. Fill in what the vendor states; leave a field
# empty when the vendor does not say: quote-audit reports every gap as a question to ask.
# The offer is blank on purpose: `quote-audit audit` refuses this file until you type in its
# route, size and price, so no made-up price is ever compared.
vendor: {vendor}
received: {date}           # the date you captured the quote
valid_until:               # YYYY-MM-DD: until when do these prices hold?
quote_id:                  # the vendor's reference, if any
source:                    # the page, PDF or e-mail the quote came from
currency: USD              # ISO 4217; a non-USD quote needs --fx CUR=RATE
verified:                  # YYYY-MM-DD of your own test call on the exact route
claims:                    # the vendor's statements, verbatim ("free", "official", "50% off")
  # - "..."
offers:                    # one item per model, size and lane: type this one, copy it for more
  - route:                 # required: the vendor's wording of the model (Nano Banana 2)
    size:                  # required: 0.5K, 1K, 2K, 4K, pixels (2048x2048), any, or unstated
    lane:                  # standard, batch/flex, async, webhook, the vendor's own; empty: standard
    price:                 # required, as quoted: 0.04, "$0.04", {{from: 0.018}}, {{from: 0.06, to: 0.175}}
    unit:                  # image | 1k-images | credit | 1m-tokens | request; empty: image
    tokens:                # output tokens per image, for a price per 1M tokens
    official_claimed:      # what the vendor says Google charges, USD per image
    note:                  # anything else the vendor says about this offer
    # id:                  # your name for the offer, kept across versions (pairs it in diff)
    # size_multipliers: {{2K: 1.5, 4K: 2}}   # "2K at 1.5×": other sizes as multiples of this price
    # surcharges: [{{name: web search, price: 0.015, optional: true}}]   # per image, on top
# topup: {{bonus_pct: 10, minimum: 50, currency: CNY, rate: 7}}   # top-up bonus, minimum, the vendor's own rate
# credits:                 # only if the vendor sells or gives credits: uncomment and fill in
#   price:                 # what one credit costs, in the quote's currency
#   free:                  # free credits granted
#   granted_by:            # vendor | google | unknown: who funds them?
#   expires:               # YYYY-MM-DD or never
#   conditions:            # who gets them, and when?
terms:
  billing:                 # vendor | google | unknown: who invoices you?
  quota:                   # vendor | google | unknown: whose rate limits apply?
  support:                 # vendor | google | unknown: who answers when a generation fails?
  support_path:            # how to reach them, and how fast
  data_retention:          # how long are prompts and images kept?
  training_use:            # true | false: are they used for training?
  data_region:             # where is data processed?
  failed_generations:      # billed | not-billed: are failed or blocked generations charged?
  failed_generations_note:
  safety:                  # which safety filters apply?
  uptime:                  # what uptime is committed, and what if it is missed?
  recovery:                # what happens to prepaid balance or credits if you leave?
  upstream:                # how requests reach the model: Gemini API or Vertex AI, model id
"#,
        vendor = quoted(vendor),
    )
}

/// What became of the schema beside the quotes.
pub(crate) enum Schema {
    Written,
    Current,
    /// Left as it was, with why, for a note on stderr.
    Left(String),
}

/// Writes the quote file's JSON Schema as `<dir>/quote.schema.json` when it is missing. An
/// existing file is never replaced: it may be the team's own, or an older version's, and a
/// different one is reported with the command that refreshes it.
pub(crate) fn ensure_schema(dir: &Path) -> Schema {
    let path = dir.join(SCHEMA_FILE);
    let shown = display_name(&path);
    // Byte for byte what `quote-audit schema` prints, so either can refresh the other.
    let schema = format!("{}\n", crate::load::quote::json_schema());
    let refresh = format!("`quote-audit schema > {shown}` replaces it");
    // create_new: a file already there is never touched; a failed write removes what it began.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut file| {
            file.write_all(schema.as_bytes()).inspect_err(|_| {
                let _ = std::fs::remove_file(&path);
            })
        });
    match written {
        Ok(()) => Schema::Written,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => match std::fs::read(&path) {
            // Line endings aside (a checkout may turn them into CRLF), the same schema.
            Ok(have) if String::from_utf8_lossy(&have).replace("\r\n", "\n") == schema => {
                Schema::Current
            }
            Ok(_) => Schema::Left(format!(
                "{shown} differs from this version's schema of the quote file and was left as it is; {refresh}"
            )),
            Err(e) => Schema::Left(format!("cannot read {shown}: {e}; {refresh}")),
        },
        Err(e) => Schema::Left(format!(
            "cannot write {shown}: {e}; the quote's `$schema` line points at it, and {refresh}"
        )),
    }
}

/// The vendor's name as given, trimmed, or a usage error when it is empty.
pub(crate) fn vendor_name(given: &str) -> Result<&str, Error> {
    let vendor = given.trim();
    if vendor.is_empty() {
        return Err(Error::Usage(
            "the vendor name is empty; write it as it should appear in reports".into(),
        ));
    }
    Ok(vendor)
}

/// Writes a new quote file, `<dir>/<vendor's folder>/<date>.yaml`, and returns its name as
/// shown; a file already there is never overwritten.
pub(crate) fn create(dir: &Path, vendor: &str, date: Date, text: &str) -> Result<String, Error> {
    let folder = folder_for(dir, &slug(vendor), vendor);
    let path = folder.join(format!("{date}.yaml"));
    let shown = display_name(&path);
    let io = |e: std::io::Error| Error::Write {
        path: shown.clone(),
        source: e,
    };
    std::fs::create_dir_all(&folder).map_err(io)?;
    // create_new: never overwrite a quote someone has already typed.
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::Usage(format!(
                "{shown} already exists; edit it, or give another --date"
            )));
        }
        Err(e) => return Err(io(e)),
    };
    // A file begun and not finished is removed: half a quote is never left behind.
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&path);
        })
        .map_err(io)?;
    Ok(shown)
}

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let vendor = vendor_name(&args.vendor)?;
    let date = args.date.unwrap_or_else(today);
    let shown = create(&args.dir, vendor, date, &skeleton(vendor, date))?;
    writeln!(
        out,
        "wrote {}: type in the offer's route, size and price and the terms you know, then run quote-audit audit",
        terminal_safe(&shown)
    )
    .map_err(stdout_error)?;
    schema_beside(&args.dir, out, err)?;
    Ok(0)
}

/// Writes the schema beside a new quote when it is missing, and says what became of it. The
/// quote is written whatever becomes of the schema, an editor's aid: a schema that cannot be
/// written is a note, not a failed command.
pub(crate) fn schema_beside(
    dir: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Error> {
    match ensure_schema(dir) {
        Schema::Written => writeln!(
            out,
            "wrote {}: the schema the quote's first line points editors at",
            terminal_safe(&display_name(&dir.join(SCHEMA_FILE)))
        )
        .map_err(stdout_error)?,
        Schema::Current => {}
        Schema::Left(why) => {
            let _ = writeln!(err, "note: {}", terminal_safe(&why));
        }
    }
    Ok(())
}
