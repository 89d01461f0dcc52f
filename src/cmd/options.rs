//! What several commands share: the options of every command that audits quotes (and the
//! baseline, settings and threads they give), the `--format` of listings, colour and progress
//! on the terminal, and dates on the command line. What a command does with them is its own
//! file's.

use std::path::PathBuf;

use clap::Args;
use jiff::civil::Date;
use rayon::ThreadPool;
use rust_decimal::Decimal;

use crate::check::Settings;
use crate::diag::Error;
use crate::load::baseline::{Baseline, Timeline};
use crate::model::Quote;
use crate::model::{Fx, Policy};

/// How a command prints its result on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A table for people
    #[default]
    Table,
    /// One JSON document, for programs
    Json,
}

/// The baseline option every command that compares prices shares.
#[derive(Debug, Clone, Args)]
pub struct BaselineArg {
    /// Baseline snapshot file, or a folder of them, to use instead of the embedded snapshots (baseline/*.yaml)
    #[arg(long, value_name = "FILE|DIR")]
    pub baseline: Option<PathBuf>,
}

impl BaselineArg {
    /// The embedded snapshots, or the named file or folder (with the same error quality as
    /// quotes).
    pub fn load(&self) -> Result<Timeline, Error> {
        match &self.baseline {
            None => Ok(Timeline::embedded()),
            Some(path) => Timeline::load(path).map_err(Error::Input),
        }
    }
}

/// Which snapshot a quote is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum BaselineAt {
    /// the snapshot in force at --as-of, for every quote
    #[default]
    AsOf,
    /// the snapshot in force on each quote's `received` date
    Received,
}

/// The options of every command that audits quotes: rates, policy, date and baseline.
#[derive(Debug, Clone, Args)]
pub struct AuditOptions {
    /// Exchange rate as units of a currency per 1 USD, e.g. CNY=7.2 (repeatable)
    #[arg(long, value_name = "CUR=RATE")]
    pub fx: Vec<String>,

    /// File of exchange rates, one `CUR: RATE` per line (units per 1 USD); --fx adds to it
    #[arg(long, value_name = "FILE")]
    pub fx_file: Option<PathBuf>,

    /// Policy file: per-rule severities (or off) and thresholds
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// The date date rules treat as today (YYYY-MM-DD; default: today, UTC)
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<Date>,

    /// Threads to read and audit files on [default: all cores]; the output is the same for any number
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,

    #[command(flatten)]
    pub baseline: BaselineArg,

    /// Which baseline snapshot each quote is compared with
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = BaselineAt::AsOf)]
    pub baseline_at: BaselineAt,
}

/// The most threads `--jobs` may ask for: far more than any machine's cores, few enough that
/// starting them cannot exhaust the system.
pub const MAX_JOBS: usize = 256;

/// What a command that audits quotes runs with.
pub struct Setup {
    /// The snapshot in force at `--as-of`.
    pub baseline: Baseline,
    /// Every snapshot, and which one a quote is compared with.
    pub snapshots: Snapshots,
    pub settings: Settings,
    /// The threads files are read and audited on (`--jobs`).
    pub pool: ThreadPool,
}

/// The baseline's snapshots and the choice of one per quote (`--baseline-at`).
pub struct Snapshots {
    pub timeline: Timeline,
    pub at: BaselineAt,
    pub as_of: Date,
}

impl Snapshots {
    /// The snapshot `quote` is compared with.
    pub fn for_quote(&self, quote: &Quote) -> &Baseline {
        match self.at {
            BaselineAt::AsOf => self.timeline.at(self.as_of),
            BaselineAt::Received => self.timeline.at(quote.received.value),
        }
    }
}

impl AuditOptions {
    /// The baseline, settings and threads to audit with; `tolerance_pct` overrides the
    /// policy's. Nothing outside the returned value is changed.
    pub fn setup(&self, tolerance_pct: Option<Decimal>) -> Result<Setup, Error> {
        if self.jobs == Some(0) {
            return Err(Error::Usage("--jobs must be at least 1".into()));
        }
        if let Some(n) = self.jobs.filter(|n| *n > MAX_JOBS) {
            return Err(Error::Usage(format!(
                "--jobs {n} is more threads than this tool uses (at most {MAX_JOBS}); leave it out to use every core"
            )));
        }
        // No number means rayon's default: every core, or RAYON_NUM_THREADS.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs.unwrap_or(0))
            .build()
            .map_err(|e| Error::Usage(format!("cannot start the threads for --jobs: {e}")))?;
        let timeline = self.baseline.load()?;
        let policy = match &self.policy {
            Some(path) => crate::load::policy::load(path).map_err(Error::Input)?,
            None => Policy::default(),
        };
        let mut fx = match &self.fx_file {
            Some(path) => crate::load::fx::load(path).map_err(Error::Input)?,
            None => Fx::default(),
        };
        for spec in &self.fx {
            add_rate(&mut fx, spec)?;
        }
        let mut thresholds = policy.thresholds();
        if let Some(t) = tolerance_pct {
            thresholds.tolerance_pct = t;
        }
        let as_of = self.as_of.unwrap_or_else(today);
        let settings = Settings {
            thresholds,
            fx,
            as_of,
            policy,
        };
        Ok(Setup {
            baseline: timeline.at(as_of).clone(),
            snapshots: Snapshots {
                timeline,
                at: self.baseline_at,
                as_of,
            },
            settings,
            pool,
        })
    }
}

/// One `--fx CUR=RATE`.
fn add_rate(fx: &mut Fx, spec: &str) -> Result<(), Error> {
    let (code, rate) = spec.split_once('=').ok_or_else(|| {
        Error::Usage(format!(
            "--fx \"{spec}\" is not CUR=RATE; write e.g. --fx CNY=7.2 (7.2 CNY buy 1 USD)"
        ))
    })?;
    fx.insert(code, rate)
        .map_err(|problem| Error::Usage(format!("--fx {}", problem.explain(spec))))
}

/// Whether stdout gets colour, by the usual conventions: `NO_COLOR` (set and not empty) turns
/// it off; otherwise `CLICOLOR_FORCE` (not `0`) turns it on; otherwise `CLICOLOR=0` turns it
/// off; otherwise colour goes to a terminal and never into a pipe or a file.
pub fn colour() -> bool {
    use std::io::IsTerminal;
    let var = |name: &str| std::env::var(name).ok();
    colour_for(
        var("NO_COLOR"),
        var("CLICOLOR_FORCE"),
        var("CLICOLOR"),
        std::io::stdout().is_terminal(),
    )
}

fn colour_for(
    no_color: Option<String>,
    force: Option<String>,
    clicolor: Option<String>,
    tty: bool,
) -> bool {
    let set = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.is_empty());
    if set(&no_color) {
        return false;
    }
    if set(&force) && force.as_deref() != Some("0") {
        return true;
    }
    if clicolor.as_deref() == Some("0") {
        return false;
    }
    tty
}

/// A count of files done, shown on stderr while a long run reads them — only when stderr is a
/// terminal, so logs and pipes never get it.
pub struct Progress {
    done: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    ticker: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// Files below this count finish before a progress line would help.
    const MIN_FILES: usize = 200;

    pub fn start(what: &'static str, total: usize) -> Progress {
        use std::io::IsTerminal;
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let done = std::sync::Arc::new(AtomicUsize::new(0));
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let ticker = (total >= Self::MIN_FILES && std::io::stderr().is_terminal()).then(|| {
            let (done, stop) = (done.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    eprint!("\r{what} {}/{total} files", done.load(Ordering::Relaxed));
                    std::thread::sleep(std::time::Duration::from_millis(150));
                }
                eprint!("\r\x1b[2K");
            })
        });
        Progress { done, stop, ticker }
    }

    /// One more file done.
    pub fn tick(&self) {
        self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
    }
}

/// Parses `--as-of`: a real date, YYYY-MM-DD.
pub fn parse_as_of(s: &str) -> Result<Date, String> {
    crate::validate::parse_date(s).map_err(|why| format!("\"{s}\" {why}; write YYYY-MM-DD"))
}

/// Standard output could not be written.
pub fn stdout_error(source: std::io::Error) -> Error {
    Error::Stdout(source)
}

/// Today, in UTC, for date rules when `--as-of` is not given.
pub fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_no_color_clicolor_and_the_terminal() {
        let s = |v: &str| Some(v.to_owned());
        assert!(colour_for(None, None, None, true));
        assert!(!colour_for(None, None, None, false));
        assert!(!colour_for(s("1"), s("1"), None, true), "NO_COLOR wins");
        assert!(
            colour_for(s(""), None, None, true),
            "an empty NO_COLOR is unset"
        );
        assert!(
            colour_for(None, s("1"), None, false),
            "CLICOLOR_FORCE into a pipe"
        );
        assert!(!colour_for(None, s("0"), None, false));
        assert!(!colour_for(None, None, s("0"), true));
    }
}
