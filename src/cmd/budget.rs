//! `quote-audit budget`: prices a workload on Google Standard, Google Batch/Flex (jobs that
//! can wait) and each vendor's comparable offer, with the routing rule, into budget.csv.

use std::io::Write;
use std::path::PathBuf;

use clap::Args as ClapArgs;
use rust_decimal::Decimal;

use super::options::{AuditOptions, Setup, stdout_error};
use crate::analyze::budget;
use crate::diag::Error;
use crate::load;
use crate::report::{
    self,
    staged::{OutDir, write_atomically},
};
use crate::signals;
use crate::text::{plural, terminal_safe};

/// Price a workload: official Standard, official Batch/Flex, and each vendor's comparable offer.
#[derive(Debug, Clone, ClapArgs)]
#[command(
    after_help = "Examples:\n  quote-audit budget --workload workloads/example.yaml quotes/\n  quote-audit budget --count 1000 --model \"Nano Banana 2\" --size 2K"
)]
pub struct Args {
    /// Quote files or folders whose comparable offers are priced too
    #[arg(value_name = "QUOTES")]
    pub quotes: Vec<PathBuf>,

    /// Workload file: jobs with name, count, size, kind, can_wait and an optional model
    #[arg(long, value_name = "FILE", conflicts_with_all = ["count", "model", "size"], required_unless_present = "count")]
    pub workload: Option<PathBuf>,

    /// Quick form: number of images (with --model and --size; prices both official lanes)
    #[arg(long, value_name = "N", requires_all = ["model", "size"])]
    pub count: Option<u64>,

    /// Quick form: the model, in any spelling a quote may use
    #[arg(long, value_name = "MODEL", requires = "count")]
    pub model: Option<String>,

    /// Quick form: the output size (0.5K, 1K, 2K, 4K or pixels)
    #[arg(long, value_name = "SIZE", requires = "count")]
    pub size: Option<String>,

    /// Share of generations that fail (0 to <1): vendors that bill failures cost price ÷ (1 − R)
    #[arg(long, value_name = "R", value_parser = parse_rate)]
    pub failure_rate: Option<Decimal>,

    /// Folder budget.csv is written into (created if missing)
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,

    #[command(flatten)]
    pub common: AuditOptions,
}

fn parse_rate(s: &str) -> Result<Decimal, String> {
    crate::money::parse_plain_decimal(s)
        .ok()
        .filter(|r| *r < Decimal::ONE)
        .ok_or_else(|| {
            format!("\"{s}\" is not a failure rate; write a share from 0 to below 1, like 0.1")
        })
}

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    // A first signal is heard from here, so the run ends with 130 and leaves nothing behind.
    signals::interruption();
    let folder = OutDir::claim(&args.out)?;
    let Setup {
        baseline,
        settings,
        pool,
        ..
    } = args.common.setup(None)?;
    let jobs = match (&args.workload, args.count, &args.model, &args.size) {
        (Some(path), ..) => {
            let src =
                load::read_source(path, "workload file").map_err(|d| Error::Input(vec![d]))?;
            budget::parse_workload(&src, &baseline).map_err(Error::Input)?
        }
        (None, Some(count), Some(model), Some(size)) => {
            vec![budget::quick_job(count, model, size, &baseline).map_err(Error::Usage)?]
        }
        _ => {
            return Err(Error::Usage(
                "give --workload FILE, or --count, --model and --size".into(),
            ));
        }
    };
    let quotes = if args.quotes.is_empty() {
        Vec::new()
    } else {
        load::load_quotes(&pool, &args.quotes)
            .and_then(load::Loaded::all)
            .map_err(Error::Input)?
    };
    let budget =
        pool.install(|| budget::price(&jobs, &quotes, &baseline, &settings, args.failure_rate));
    if !budget.left_out.is_empty() {
        // The first few, in file order: the audit lists them all, with why.
        const NAMED: usize = 10;
        let mut named = budget.left_out[..budget.left_out.len().min(NAMED)].join(", ");
        if budget.left_out.len() > NAMED {
            named.push_str(&format!(" and {} more", budget.left_out.len() - NAMED));
        }
        let _ = writeln!(
            err,
            "note: {} of the jobs' models and sizes left out as not comparable (run `quote-audit audit` for why): {}",
            plural(budget.left_out.len(), "vendor offer"),
            terminal_safe(&named)
        );
    }
    let sheet = report::budget::sheet(&budget.lines);
    signals::pause_for_tests("before-write");
    write_atomically(folder, &[("budget.csv".to_owned(), sheet.to_csv())])?;
    writeln!(
        out,
        "{}",
        report::budget::terminal(&jobs, &budget.lines, &args.out)
    )
    .map_err(stdout_error)?;
    Ok(0)
}
