//! `quote-audit import litellm FILE` and `quote-audit import csv FILE`: write quote files from
//! a public price map or a reviewer's spreadsheet (see [`crate::import`]), ready for `audit`,
//! `diff`, `history` and `budget`.
//!
//! Every file is planned before any is written: a file edited by hand since an import wrote it
//! stops the import (unless `--force`), and so do two vendors whose names give one file.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args as ClapArgs, Subcommand};
use jiff::civil::Date;

use super::new::{Schema, ensure_schema};
use super::options::{BaselineArg, parse_as_of, stdout_error, today};
use crate::diag::Error;
use crate::import::{self, Draft, Plan};
use crate::load::files::{display_name, read_source};
use crate::text::{plural, terminal_safe};

/// Write quote files from a public price map or a spreadsheet.
#[derive(Debug, Clone, ClapArgs)]
#[command(
    after_help = "Examples:\n  quote-audit import litellm model_prices_and_context_window.json --label \"litellm 1.110.2\"\n  quote-audit import csv offers.csv\n  quote-audit audit quotes/imported"
)]
pub struct Args {
    #[command(subcommand)]
    pub from: From,
}

#[derive(Debug, Clone, Subcommand)]
pub enum From {
    /// LiteLLM's price map (model_prices_and_context_window.json): one quote per provider, of the models the baseline knows
    Litellm(Litellm),
    /// A spreadsheet saved as CSV: one offer per row, one quote per vendor and date
    Csv(Csv),
}

#[derive(Debug, Clone, ClapArgs)]
pub struct Litellm {
    /// The map file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The quotes' `received` date (YYYY-MM-DD; default: today, UTC)
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub date: Option<Date>,

    /// What the map is, for the quotes' source, like "litellm 1.110.2" (default: the file's name alone)
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,

    /// The folder the quotes are written in, one subfolder per provider
    #[arg(long, value_name = "DIR", default_value = "quotes/imported")]
    pub out: PathBuf,

    /// Replace files edited by hand since they were imported
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub baseline: BaselineArg,
}

#[derive(Debug, Clone, ClapArgs)]
pub struct Csv {
    /// The sheet, saved as CSV with a header row
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The folder the quotes are written in, one subfolder per vendor
    #[arg(long, value_name = "DIR", default_value = "quotes")]
    pub out: PathBuf,

    /// Replace files edited by hand since they were imported
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    match &args.from {
        From::Litellm(a) => litellm(a, out, err),
        From::Csv(a) => csv(a, out, err),
    }
}

fn litellm(args: &Litellm, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let date = args.date.unwrap_or_else(today);
    let timeline = args.baseline.load()?;
    let baseline = timeline.at(date);
    let src = read_source(&args.file, "price map").map_err(|d| Error::Input(vec![d]))?;
    let file_name = args
        .file
        .file_name()
        .map_or_else(|| src.name.clone(), |n| n.to_string_lossy().into_owned());
    let name = match &args.label {
        Some(label) => format!("{}, {file_name}", label.trim()),
        None => file_name,
    };
    let found =
        import::litellm::read(&src, &name, date, baseline).map_err(|d| Error::Input(vec![d]))?;
    if !found.left_out.is_empty() {
        let _ = writeln!(
            err,
            "note: {} left out: {}",
            plural(found.left_out.len(), "image-output field"),
            terminal_safe(&found.left_out.join("; "))
        );
    }
    if found.drafts.is_empty() {
        return Err(Error::Usage(format!(
            "{} has no entry for a model the baseline checked {} knows ({} entries read); is it LiteLLM's price map?",
            terminal_safe(&src.name),
            baseline.checked_on,
            found.skipped
        )));
    }
    write_all(&found.drafts, &args.out, args.force, out)?;
    let offers: usize = found.drafts.iter().map(|d| d.offers.len()).sum();
    let entries = |n: usize| format!("{n} {}", if n == 1 { "entry" } else { "entries" });
    writeln!(
        out,
        "{} with {} for {} of the baseline's models; skipped {} for other models",
        plural(found.drafts.len(), "provider"),
        plural(offers, "offer"),
        entries(found.entries),
        entries(found.skipped),
    )
    .map_err(stdout_error)?;
    next_step(&args.out, out)
}

fn csv(args: &Csv, out: &mut dyn Write, _err: &mut dyn Write) -> Result<u8, Error> {
    let src = read_source(&args.file, "spreadsheet").map_err(|d| Error::Input(vec![d]))?;
    let drafts = import::sheet::read(&src).map_err(Error::Input)?;
    write_all(&drafts, &args.out, args.force, out)?;
    let rows: usize = drafts.iter().map(|d| d.offers.len()).sum();
    writeln!(
        out,
        "{} from {} of {}",
        plural(drafts.len(), "quote"),
        plural(rows, "row"),
        terminal_safe(&src.name)
    )
    .map_err(stdout_error)?;
    next_step(&args.out, out)
}

fn next_step(dir: &Path, out: &mut dyn Write) -> Result<u8, Error> {
    writeln!(
        out,
        "next: quote-audit audit {}",
        terminal_safe(&display_name(dir))
    )
    .map_err(stdout_error)?;
    Ok(0)
}

/// Plans every draft's file, then writes them: nothing is written if one is refused.
fn write_all(drafts: &[Draft], dir: &Path, force: bool, out: &mut dyn Write) -> Result<(), Error> {
    let mut planned = Vec::new();
    let mut edited = Vec::new();
    let mut owners: HashMap<PathBuf, &str> = HashMap::new();
    for d in drafts {
        let path = d.path_in(dir);
        if let Some(other) = owners.insert(path.clone(), &d.vendor) {
            return Err(Error::Usage(format!(
                "\"{}\" and \"{}\" would both be written to {}: their names differ only in punctuation; make them differ in letters or digits",
                terminal_safe(other),
                terminal_safe(&d.vendor),
                terminal_safe(&display_name(&path))
            )));
        }
        let text = d.render();
        // What is written must read back as a quote: a value the reader refuses is a defect
        // of the import, reported rather than written.
        crate::load::quote::parse(&crate::diag::Source {
            name: display_name(&path),
            text: text.clone(),
        })
        .map_err(Error::Input)?;
        let plan = import::plan(&path, &text).map_err(|e| Error::Write {
            path: display_name(&path),
            source: e,
        })?;
        if plan == Plan::Edited && !force {
            edited.push(display_name(&path));
        }
        planned.push((path, text, plan));
    }
    if !edited.is_empty() {
        return Err(Error::Usage(format!(
            "{} edited since it was imported, or not written by an import, and left as it is: {}; give --force to replace it, or another --out",
            if edited.len() == 1 {
                "1 file was".to_owned()
            } else {
                format!("{} files were", edited.len())
            },
            terminal_safe(&edited.join(", "))
        )));
    }
    // Every file is written before anything is printed: a closed stdout stops no file.
    for (path, text, plan) in &planned {
        if *plan != Plan::Unchanged {
            write_file(path, text).map_err(|e| Error::Write {
                path: display_name(path),
                source: e,
            })?;
        }
    }
    let schema = ensure_schema(dir);
    for (path, _, plan) in &planned {
        let what = match plan {
            Plan::New => "wrote",
            Plan::Replace | Plan::Edited => "replaced",
            Plan::Unchanged => "unchanged",
        };
        writeln!(out, "{what} {}", terminal_safe(&display_name(path))).map_err(stdout_error)?;
    }
    if let Schema::Written = schema {
        writeln!(
            out,
            "wrote {}: the schema the quotes' first line points editors at",
            terminal_safe(&display_name(&dir.join(crate::load::quote::SCHEMA_FILE)))
        )
        .map_err(stdout_error)?;
    }
    Ok(())
}

/// Writes `text` at `path` whole or not at all: a temporary file beside it, renamed over it.
fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".quote-audit-tmp.")
        .tempfile_in(folder)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
