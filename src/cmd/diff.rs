//! `quote-audit diff OLD NEW`: what changed between two versions of vendors' quotes — two
//! files, or two folders matched by vendor — into changes.csv, with a summary and a unified
//! diff of each changed vendor on the terminal.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use clap::Args as ClapArgs;
use similar::{ChangeTag, TextDiff};

use crate::cmd::{AuditOptions, colour, plural};
use crate::diag::Error;
use crate::diff::{self, Change, ChangeKind, PriceTolerance, Version};
use crate::findings::Severity;
use crate::model::Quote;
use crate::report;
use crate::text::terminal_safe;

/// Compare two versions of vendor quotes: prices, offers, terms, credits, validity, claims, findings.
#[derive(Debug, Clone, ClapArgs)]
#[command(
    after_help = "Examples:\n  quote-audit diff quotes/pixelpipe/2026-05-02.yaml quotes/pixelpipe/2026-06-03.yaml\n  quote-audit diff quotes-may/ quotes-june/ --tolerance 1% --fail-on high"
)]
pub struct Args {
    /// The older quote file, or a folder of quotes
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The newer quote file, or a folder of quotes (vendors are matched by name)
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// Folder changes.csv is written into (created if missing)
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,

    /// Hide price moves below this: USD per image (0.001) or percent of the old price (1%)
    #[arg(long, value_name = "USD|PCT%", value_parser = PriceTolerance::parse)]
    pub tolerance: Option<PriceTolerance>,

    /// Exit with status 1 when a new finding has this severity or higher
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,

    #[command(flatten)]
    pub common: AuditOptions,
}

pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let (baseline, settings) = args.common.settings(None)?;
    let load = |p: &PathBuf| -> Result<Vec<Quote>, Error> {
        let loaded = crate::load::load_quotes(std::slice::from_ref(p)).map_err(Error::Input)?;
        if loaded.failed.is_empty() {
            Ok(loaded.quotes)
        } else {
            Err(Error::Input(
                loaded.failed.into_iter().flat_map(|(_, d)| d).collect(),
            ))
        }
    };
    let (old_quotes, new_quotes) = match (load(&args.old), load(&args.new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(Error::Input(mut a)), Err(Error::Input(b))) => {
            a.extend(b);
            return Err(Error::Input(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let (mut old_side, new_side) = (diff::latest(&old_quotes), diff::latest(&new_quotes));
    // Two files are two versions of one quote, whatever their vendor names say.
    if args.old.is_file() && args.new.is_file() && old_quotes.len() == 1 && new_quotes.len() == 1 {
        let (o, n) = (&old_quotes[0], &new_quotes[0]);
        if diff::vendor_key(o) != diff::vendor_key(n) {
            let _ = writeln!(
                err,
                "note: the vendor is named \"{}\" in {} and \"{}\" in {}; comparing them as two versions of one quote",
                terminal_safe(&o.vendor.value),
                terminal_safe(&o.file),
                terminal_safe(&n.vendor.value),
                terminal_safe(&n.file)
            );
            old_side = [(diff::vendor_key(n), o)].into_iter().collect();
        }
    }
    let tolerance = args.tolerance.unwrap_or_default();

    let mut vendors: Vec<&String> = old_side.keys().chain(new_side.keys()).collect();
    vendors.sort();
    vendors.dedup();
    let mut changes = Vec::new();
    let mut shown = String::new();
    let paint = Paint(colour());
    for key in vendors {
        let old = old_side
            .get(key)
            .map(|q| diff::version(q, &baseline, &settings));
        let new = new_side
            .get(key)
            .map(|q| diff::version(q, &baseline, &settings));
        let vendor_changes = match (&old, &new) {
            (Some(o), Some(n)) => diff::compare(o, n, tolerance),
            (Some(o), None) => diff::one_sided(o, ChangeKind::OfferRemoved),
            (None, Some(n)) => diff::one_sided(n, ChangeKind::OfferAdded),
            (None, None) => Vec::new(),
        };
        shown.push_str(&describe(
            &paint,
            old.as_ref(),
            new.as_ref(),
            &vendor_changes,
        ));
        changes.extend(vendor_changes);
    }

    let sheet = report::csv::changes(&changes);
    report::write_atomically(&args.out, &[("changes.csv".to_owned(), sheet.to_csv())])?;
    let io = |e: std::io::Error| Error::Write {
        path: "standard output".into(),
        source: e,
    };
    if shown.is_empty() {
        shown = "no changes\n".into();
    }
    write!(out, "{shown}").map_err(io)?;
    writeln!(
        out,
        "\n{} written to {}/changes.csv",
        plural(changes.len(), "change"),
        crate::load::display_name(&args.out).trim_end_matches('/')
    )
    .map_err(io)?;

    if let Some(level) = args.fail_on {
        let new = changes
            .iter()
            .filter(|c| c.severity.is_some_and(|s| s >= level))
            .count();
        if new > 0 {
            let _ = writeln!(
                err,
                "{} at or above {level} (--fail-on {level}): exit status 1",
                plural(new, "new finding")
            );
            return Ok(1);
        }
    }
    Ok(0)
}

/// ANSI colour, when wanted.
struct Paint(bool);

impl Paint {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// A vendor's summary line, the unified diff of its two renderings, and reworded claims.
fn describe(
    paint: &Paint,
    old: Option<&Version<'_>>,
    new: Option<&Version<'_>>,
    changes: &[Change],
) -> String {
    let name = new
        .or(old)
        .map(|v| terminal_safe(&v.quote.vendor.value).into_owned())
        .unwrap_or_default();
    let mut s = String::new();
    let side = match (old, new) {
        (Some(_), None) => Some("removed"),
        (None, Some(_)) => Some("added"),
        _ => None,
    };
    if let Some(side) = side {
        let offers = changes
            .iter()
            .filter(|c| matches!(c.kind, ChangeKind::OfferAdded | ChangeKind::OfferRemoved))
            .count();
        s.push_str(&format!(
            "\n{}: {side} ({})\n",
            paint.paint("1", &name),
            plural(offers, "offer")
        ));
        return s;
    }
    if changes.is_empty() {
        return s;
    }
    let mut counts: BTreeMap<ChangeKind, usize> = BTreeMap::new();
    for c in changes {
        *counts.entry(c.kind).or_default() += 1;
    }
    let summary: Vec<String> = counts
        .iter()
        .map(|(k, n)| format!("{n} {}", k.label()))
        .collect();
    s.push_str(&format!(
        "\n{}: {}\n",
        paint.paint("1", &name),
        summary.join(", ")
    ));
    let (Some(o), Some(n)) = (old, new) else {
        return s;
    };
    // Each rendered line is made terminal-safe on its own; the newlines are the tool's.
    let safe = |text: String| {
        text.lines()
            .map(|l| terminal_safe(l).into_owned() + "\n")
            .collect::<String>()
    };
    let (a, b) = (
        safe(diff::render(o, None)),
        safe(diff::render(n, Some((o, changes)))),
    );
    let text = TextDiff::from_lines(&a, &b);
    let unified = text
        .unified_diff()
        .context_radius(2)
        .header(&terminal_safe(&o.quote.file), &terminal_safe(&n.quote.file))
        .to_string();
    for line in unified.lines() {
        let painted = if line.starts_with("+++") || line.starts_with("---") {
            paint.paint("1", line)
        } else if line.starts_with('+') {
            paint.paint("32", line)
        } else if line.starts_with('-') {
            paint.paint("31", line)
        } else if line.starts_with("@@") {
            paint.paint("36", line)
        } else {
            line.to_owned()
        };
        s.push_str(&format!("  {painted}\n"));
    }
    s.push_str(&reworded(paint, changes));
    s
}

/// Removed and added claims that are rewordings of each other, with the words that changed.
fn reworded(paint: &Paint, changes: &[Change]) -> String {
    let removed: Vec<&Change> = changes
        .iter()
        .filter(|c| c.kind == ChangeKind::ClaimRemoved)
        .collect();
    let added: Vec<&Change> = changes
        .iter()
        .filter(|c| c.kind == ChangeKind::ClaimAdded)
        .collect();
    let mut s = String::new();
    // Each added claim is the rewording of at most one removed claim.
    let mut taken: Vec<usize> = Vec::new();
    for r in &removed {
        let best = added
            .iter()
            .enumerate()
            .filter(|(i, _)| !taken.contains(i))
            .map(|(i, a)| {
                (
                    TextDiff::from_words(r.old.as_str(), a.new.as_str()).ratio(),
                    i,
                    a,
                )
            })
            .filter(|(ratio, _, _)| *ratio >= 0.5)
            .max_by(|x, y| x.0.total_cmp(&y.0));
        let Some((_, i, a)) = best else { continue };
        taken.push(i);
        let words = TextDiff::from_words(r.old.as_str(), a.new.as_str());
        let mut line = String::new();
        for change in words.iter_all_changes() {
            let w = terminal_safe(change.value()).into_owned();
            // White space between words is not a change worth marking.
            let tag = if w.trim().is_empty() {
                ChangeTag::Equal
            } else {
                change.tag()
            };
            line.push_str(&match tag {
                ChangeTag::Equal if change.tag() == ChangeTag::Delete => String::new(),
                ChangeTag::Equal => w,
                ChangeTag::Delete if paint.0 => paint.paint("31;9", &w),
                ChangeTag::Insert if paint.0 => paint.paint("32;4", &w),
                ChangeTag::Delete => format!("[-{w}-]"),
                ChangeTag::Insert => format!("{{+{w}+}}"),
            });
        }
        s.push_str(&format!("  claim reworded: {line}\n"));
    }
    s
}
