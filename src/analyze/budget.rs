//! Budget a workload (SPEC §9): what each job costs on Google Standard, on Google Batch/Flex
//! (jobs that can wait), and on each vendor's comparable offer, with the seed's routing rule.
//!
//! Routing: Nano Banana 2 by default; Nano Banana Pro for text-heavy, diagram, final and
//! retry jobs, whose failure modes justify the premium; a job's `model:` overrides both. Every
//! row says why its model was chosen. Totals are exact: unit price × count, in `Decimal`.
//!
//! The workload file is read here, not in [`crate::load`], because a job's model and size are
//! read as a quote's are, by [`crate::normalize`]. The table is [`crate::report::budget`]'s.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::validate::Spanned;
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::check::{self, ComparisonRow, Settings};
use crate::diag::{Diagnostic, Source};
use crate::load::baseline::{Baseline, NameKind, Route};
use crate::load::yaml::{self, Format};
use crate::model::{At, FailedGenerations, Lane, Quote, SizeClass, latest};
use crate::normalize::route::{self, RouteMatch};
use crate::normalize::size;
use crate::text::did_you_mean;
use crate::validate::{Validator, at};

/// The routing rule's default model: the cheaper one, for drafts and everyday work.
pub const DEFAULT_MODEL: &str = "Nano Banana 2";
/// The routing rule's premium override.
pub const PREMIUM_MODEL: &str = "Nano Banana Pro";

/// What a job is for, which decides its model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Draft,
    Everyday,
    TextHeavy,
    Diagram,
    Final,
    Retry,
}

impl Kind {
    pub const WORDS: [&'static str; 6] = [
        "draft",
        "everyday",
        "text-heavy",
        "diagram",
        "final",
        "retry",
    ];

    pub fn label(self) -> &'static str {
        Kind::WORDS[self as usize]
    }

    fn parse(word: &str) -> Option<Kind> {
        let all = [
            Kind::Draft,
            Kind::Everyday,
            Kind::TextHeavy,
            Kind::Diagram,
            Kind::Final,
            Kind::Retry,
        ];
        all.into_iter()
            .find(|k| k.label() == word.trim().to_ascii_lowercase())
    }

    /// The model the routing rule picks, and why.
    fn route(self) -> (&'static str, &'static str) {
        match self {
            Kind::Draft => (
                DEFAULT_MODEL,
                "draft: Nano Banana 2, the cheaper default, is enough",
            ),
            Kind::Everyday => (
                DEFAULT_MODEL,
                "everyday work: Nano Banana 2, the default; rework is cheaper than Pro by habit",
            ),
            Kind::TextHeavy => (
                PREMIUM_MODEL,
                "text-heavy: escalated to Pro, text fidelity is the expensive failure",
            ),
            Kind::Diagram => (
                PREMIUM_MODEL,
                "diagram: escalated to Pro, structure is the expensive failure",
            ),
            Kind::Final => (
                PREMIUM_MODEL,
                "final asset: escalated to Pro, it must survive close inspection",
            ),
            Kind::Retry => (
                PREMIUM_MODEL,
                "retry after a failed Nano Banana 2 job: escalated to Pro",
            ),
        }
    }
}

/// One job of a workload, validated and routed.
#[derive(Debug, Clone)]
pub struct Job {
    pub name: String,
    pub count: u64,
    pub kind: Option<Kind>,
    pub size: SizeClass,
    pub can_wait: bool,
    /// Index of the baseline route the job is priced on.
    pub route: usize,
    pub reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkload {
    jobs: Spanned<Vec<Spanned<RawJob>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJob {
    name: Spanned<String>,
    count: Spanned<String>,
    size: Spanned<String>,
    kind: Option<Spanned<String>>,
    can_wait: Option<Spanned<String>>,
    model: Option<Spanned<String>>,
}

/// How the YAML reader speaks of a workload file.
const FORMAT: Format = Format {
    name: "workload file",
    one: "workload",
    layout: "a workload file is a `jobs:` list of jobs with name, count and size (see README.md)",
    depth: "a workload is four levels deep (file, jobs, job, value); this is not a workload file",
    example_for,
    lists: &[("jobs", Some("mapping"))],
    mappings: &[],
};

fn example_for(key: &str) -> Option<&'static str> {
    Some(match key {
        "jobs" => "jobs: [{name: product drafts, count: 1000, size: 2K}]",
        "name" => "name: product drafts",
        "count" => "count: 1000",
        "size" => "size: 2K",
        _ => return None,
    })
}

/// Parses and validates a workload file; every problem is returned.
pub fn parse_workload(src: &Source, baseline: &Baseline) -> Result<Vec<Job>, Vec<Diagnostic>> {
    let raw: RawWorkload = yaml::parse(src, &FORMAT).map_err(|d| vec![d])?;
    let mut v = Validator::new(src, example_for);
    if raw.jobs.value.is_empty() {
        v.error(
            at(&raw.jobs),
            "`jobs` is empty".into(),
            "list at least one job: name, count and size",
        );
    }
    let mut jobs: Vec<Job> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for j in raw.jobs.value {
        let j = j.value;
        let name = v.text("name", j.name, true);
        if let Some(n) = &name {
            if names
                .iter()
                .any(|seen| seen.eq_ignore_ascii_case(n.value.trim()))
            {
                v.error(
                    n.at,
                    format!("a second job named \"{}\"", n.value.trim()),
                    "give every job its own name: rows and totals are kept by job",
                );
            }
            names.push(n.value.trim().to_owned());
        }
        let count = v.count("count", j.count);
        let kind = j
            .kind
            .and_then(|k| v.word("kind", k, &Kind::WORDS, Kind::parse));
        let can_wait = j
            .can_wait
            .and_then(|c| v.flag("can_wait", c))
            .is_some_and(|c| c.value);
        let size_at = at(&j.size);
        let size = match size::classify(&j.size.value) {
            Ok(s) => Some(s),
            Err(p) => {
                v.error(
                    size_at,
                    format!("size \"{}\" {}", j.size.value.trim(), p.explain()),
                    "write 0.5K, 1K, 2K, 4K or a pixel size",
                );
                None
            }
        };
        let routed = match &j.model {
            Some(m) => model_override(&mut v, m, baseline),
            None => {
                let k = kind.as_ref().map_or(Kind::Everyday, |k| k.value);
                let (id, why) = k.route();
                baseline_route(&mut v, baseline, id, size_at).map(|r| (r, why.to_owned()))
            }
        };
        let (Some(name), Some(count), Some(size), Some((route, reason))) =
            (name, count, size, routed)
        else {
            continue;
        };
        if let Some(sizes) = missing_size(&baseline.routes[route], size) {
            v.error(
                size_at,
                format!(
                    "{} has no official {size} price row",
                    baseline.routes[route].name
                ),
                format!("it has {sizes}; pick one of those sizes, or another model"),
            );
            continue;
        }
        jobs.push(Job {
            name: name.value,
            count: count.value,
            kind: kind.map(|k| k.value),
            size,
            can_wait,
            route,
            reason,
        });
    }
    v.finish(jobs)
}

/// The sizes a route has, when it has no row for `size`.
fn missing_size(route: &Route, size: SizeClass) -> Option<String> {
    route.row(size).is_none().then(|| {
        route
            .sizes()
            .iter()
            .map(|s| s.label())
            .collect::<Vec<_>>()
            .join(", ")
    })
}

fn baseline_route(v: &mut Validator<'_>, baseline: &Baseline, id: &str, at: At) -> Option<usize> {
    // The routing rule names models as readers do: the route that name has in the snapshot
    // (the preview id before it was retired, the GA id after).
    let found = baseline
        .name(&crate::text::fold(id))
        .filter(|n| n.kind == NameKind::Exact)
        .map(|n| n.route)
        .or_else(|| baseline.routes.iter().position(|r| r.id == id));
    if found.is_none() {
        v.error(
            at,
            format!("the baseline has no route {id}, which the routing rule uses"),
            "use a baseline with the Nano Banana 2 and Pro routes, or set `model:` on the job",
        );
    }
    found
}

/// A job's `model:`: any spelling a quote may use, mapped exactly.
fn model_override(
    v: &mut Validator<'_>,
    m: &Spanned<String>,
    baseline: &Baseline,
) -> Option<(usize, String)> {
    match route::resolve(&m.value, baseline).matched {
        RouteMatch::Official { route, .. } => Some((
            route,
            format!("override: `model: {}` set on the job", m.value.trim()),
        )),
        _ => {
            let names: Vec<&str> = baseline.spelled_names().map(|(n, _, _)| n).collect();
            let help = match did_you_mean(m.value.trim(), names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? (`quote-audit baseline` lists the models)"),
                None => "write a model of the baseline (`quote-audit baseline` lists them)".into(),
            };
            v.error(
                at(m),
                format!("model \"{}\" is not a baseline model", m.value.trim()),
                help,
            );
            None
        }
    }
}

/// The quick form: one job from `--count --model --size`, priced on both official lanes.
pub fn quick_job(
    count: u64,
    model: &str,
    size_text: &str,
    baseline: &Baseline,
) -> Result<Job, String> {
    let route = match route::resolve(model, baseline).matched {
        RouteMatch::Official { route, .. } => route,
        _ => {
            return Err(format!(
                "--model \"{model}\" is not a baseline model; `quote-audit baseline` lists them"
            ));
        }
    };
    let size =
        size::classify(size_text).map_err(|p| format!("--size \"{size_text}\" {}", p.explain()))?;
    if let Some(sizes) = missing_size(&baseline.routes[route], size) {
        return Err(format!(
            "{} has no official {size} price row; it has {sizes}",
            baseline.routes[route].name
        ));
    }
    if count == 0 {
        return Err("--count must be above zero".into());
    }
    Ok(Job {
        name: "quick".into(),
        count,
        kind: None,
        size,
        can_wait: true,
        route,
        reason: "model given with --model".into(),
    })
}

/// One row of budget.csv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub job: String,
    pub count: u64,
    pub kind: String,
    pub model: String,
    pub reason: String,
    pub size: SizeClass,
    pub lane: Lane,
    pub source: PriceSource,
    pub unit_usd: Decimal,
    /// `None` when the total is too large to compute exactly.
    pub total_usd: Option<Decimal>,
}

impl Line {
    /// What the line is totalled under: Google in its lane, or the vendor's quote in its lane.
    pub fn group(&self) -> Group {
        match &self.source {
            PriceSource::Google => Group::Google(self.lane),
            PriceSource::Vendor(v) => Group::Vendor {
                vendor: v.vendor.clone(),
                file: v.file.clone(),
                lane: self.lane,
                own_lane: v.own_lane.clone(),
            },
        }
    }
}

/// Where a line's unit price comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PriceSource {
    /// Google's official price in the line's lane.
    Google,
    /// A vendor's comparable offer.
    Vendor(VendorSource),
}

/// The vendor offer a line is priced from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorSource {
    /// The vendor's name, trimmed.
    pub vendor: String,
    pub file: String,
    pub line: usize,
    /// The offer's lane as the vendor wrote it, trimmed.
    pub lane_quoted: Option<String>,
    /// The vendor's own lane, when the offer is in one.
    pub own_lane: Option<String>,
}

impl PriceSource {
    /// The source as budget.csv names it (`google`, `Acme (quotes/acme.yaml:12, lane
    /// "async")`); a job's vendor lines are in the order of these names.
    pub fn label(&self) -> String {
        match self {
            PriceSource::Google => "google".into(),
            PriceSource::Vendor(v) => {
                let lane = v
                    .lane_quoted
                    .as_deref()
                    .map(|l| format!(", lane \"{l}\""))
                    .unwrap_or_default();
                format!("{} ({}:{}{lane})", v.vendor, v.file, v.line)
            }
        }
    }
}

/// What lines are totalled under.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Group {
    /// Google, in one lane.
    Google(Lane),
    /// One vendor's quote in one lane: Standard or Batch/Flex, or its own lane (compared
    /// against Standard), which is a source of its own.
    Vendor {
        vendor: String,
        file: String,
        lane: Lane,
        own_lane: Option<String>,
    },
}

impl Group {
    /// `Google Standard`, `Acme, standard "Turbo" lane (quotes/acme.yaml)`.
    pub fn label(&self) -> String {
        match self {
            Group::Google(Lane::Standard) => "Google Standard".into(),
            Group::Google(Lane::Batch) => "Google Batch/Flex".into(),
            Group::Google(Lane::Priority) => "Google Priority".into(),
            Group::Vendor {
                vendor,
                file,
                lane,
                own_lane,
            } => {
                let own = own_lane
                    .as_deref()
                    .map(|l| format!(" \"{l}\""))
                    .unwrap_or_default();
                format!("{vendor}, {lane}{own} lane ({file})")
            }
        }
    }
}

/// A comparable vendor offer: model, size and lane known, USD price known, compared.
struct VendorOffer<'q> {
    quote: &'q Quote,
    model: String,
    size: SizeClass,
    lane: Lane,
    lane_quoted: Option<String>,
    /// The vendor's own lane, when the offer is in one.
    vendor_lane: Option<String>,
    /// What a delivered image really costs, in USD.
    price_usd: Decimal,
    /// The list price, when surcharges, a top-up bonus or the vendor's rate make the real
    /// cost differ from it.
    list_usd: Option<Decimal>,
    line: usize,
}

impl<'q> VendorOffer<'q> {
    /// A comparable row, priced at what a delivered image really costs (its mandatory
    /// surcharges, top-up bonus and the vendor's own rate for the currency paid in included).
    fn new(quote: &'q Quote, row: &ComparisonRow) -> Option<VendorOffer<'q>> {
        let (true, Some(model), Some(size), Some(price_usd)) = (
            row.verdict.is_comparable(),
            row.model.clone(),
            row.size,
            row.effective_usd,
        ) else {
            return None;
        };
        Some(VendorOffer {
            quote,
            model,
            size,
            lane: row.lane(),
            lane_quoted: row.lane_quoted.clone(),
            vendor_lane: row.vendor_lane().map(str::to_owned),
            price_usd,
            list_usd: row.price_usd.filter(|list| *list != price_usd),
            line: row.line,
        })
    }
}

/// A workload's budget: a row per job and source, and the vendor offers for the jobs' models
/// and sizes that were left out as not comparable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub lines: Vec<Line>,
    /// `vendor (file:line)` of each offer left out (a price in another currency without a
    /// rate, an unofficial route, a $0 offer…): a budget must not drop an offer without saying so.
    pub left_out: Vec<String>,
}

/// Prices every job: official Standard, official Batch/Flex when the job can wait, and each
/// comparable offer in each vendor's newest quote (every quote audited once). `failure_rate`
/// raises the price of vendors that bill failed generations to price ÷ (1 − rate).
pub fn price(
    jobs: &[Job],
    quotes: &[Quote],
    baseline: &Baseline,
    settings: &Settings,
    failure_rate: Option<Decimal>,
) -> Budget {
    let asked: HashSet<(&str, SizeClass)> = jobs
        .iter()
        .map(|j| (baseline.routes[j.route].id.as_str(), j.size))
        .collect();
    let wanted = |row: &ComparisonRow| {
        row.model
            .as_deref()
            .zip(row.size)
            .is_some_and(|key| asked.contains(&key))
    };
    let mut offers = Vec::new();
    let mut left_out = Vec::new();
    // A vendor's current quote: its newest version, not every version it ever sent; audited
    // on every core of the pool the caller runs this in. A price map's entries for Google's
    // own provider are Google's prices as the map states them, not an offer: Google's lanes
    // are priced from the baseline.
    let current: Vec<&Quote> = latest(quotes)
        .into_values()
        .filter(|q| !q.price_map.as_ref().is_some_and(|m| m.official))
        .collect();
    let audited: Vec<(&Quote, Vec<ComparisonRow>)> = current
        .into_par_iter()
        .map(|q| (q, check::audit_quote(q, baseline, settings).rows))
        .collect();
    for (q, rows) in audited {
        for row in rows {
            match VendorOffer::new(q, &row) {
                Some(offer) => offers.push(offer),
                None if wanted(&row) => left_out.push(format!(
                    "{} ({}:{}){}",
                    q.vendor.value.trim(),
                    q.file,
                    row.line,
                    match (
                        row.verdict.is_comparable(),
                        q.topup.as_ref().and_then(|t| t.currency.as_ref())
                    ) {
                        (true, Some(c)) => format!(
                            ", whose top-up is paid in {} without an `--fx {}=RATE`",
                            c.value, c.value
                        ),
                        _ => String::new(),
                    }
                )),
                None => {}
            }
        }
    }
    // Each job looks up the offers for its model and size, not every offer.
    let mut by_key: HashMap<(&str, SizeClass), Vec<&VendorOffer<'_>>> = HashMap::new();
    for o in offers
        .iter()
        .filter(|o| asked.contains(&(o.model.as_str(), o.size)))
    {
        by_key
            .entry((o.model.as_str(), o.size))
            .or_default()
            .push(o);
    }
    let lines = jobs
        .iter()
        .flat_map(|job| {
            let key = (baseline.routes[job.route].id.as_str(), job.size);
            let offers = by_key.get(&key).map_or(&[][..], Vec::as_slice);
            job_lines(job, offers, baseline, failure_rate)
        })
        .collect();
    Budget { lines, left_out }
}

/// One job's rows: Google's lanes, then the vendors' `offers` of its model and size in those
/// lanes.
fn job_lines(
    job: &Job,
    offers: &[&VendorOffer<'_>],
    baseline: &Baseline,
    failure_rate: Option<Decimal>,
) -> Vec<Line> {
    let route = &baseline.routes[job.route];
    let Some(row) = route.row(job.size) else {
        return Vec::new();
    };
    let lanes: &[Lane] = if job.can_wait {
        &[Lane::Standard, Lane::Batch]
    } else {
        &[Lane::Standard]
    };
    let line = |lane: Lane, source: PriceSource, unit: Decimal, note: &str| Line {
        job: job.name.clone(),
        count: job.count,
        kind: job.kind.map_or(String::new(), |k| k.label().to_owned()),
        model: route.id.clone(),
        reason: format!("{}{note}", job.reason),
        size: job.size,
        lane,
        source,
        unit_usd: unit,
        total_usd: unit.checked_mul(Decimal::from(job.count)),
    };
    let mut lines = Vec::new();
    for &lane in lanes {
        if let Some(unit) = row.price(lane) {
            lines.push(line(lane, PriceSource::Google, unit, ""));
        }
    }
    let mut vendor_lines = Vec::new();
    // A vendor's Priority offer is a source of its own for any job: faster, not cheaper.
    for o in offers
        .iter()
        .filter(|o| lanes.contains(&o.lane) || o.lane == Lane::Priority)
    {
        let billed = o
            .quote
            .terms
            .failed_generations
            .as_ref()
            .is_some_and(|f| f.value == FailedGenerations::Billed);
        let list = match o.list_usd {
            Some(list) => format!(
                "; list price {} per image, {} with surcharges, top-up bonus and the vendor's rate",
                crate::money::usd_cell(list),
                crate::money::usd_cell(o.price_usd)
            ),
            None => String::new(),
        };
        let (unit, note) = match failure_rate {
            Some(r) if billed => match o.price_usd.checked_div(Decimal::ONE - r) {
                Some(adjusted) => (
                    adjusted,
                    format!(
                        "; failed generations are billed: {} ÷ (1 − {r})",
                        crate::money::usd_cell(o.price_usd)
                    ),
                ),
                // Said, never a silently unadjusted figure under an "adjusted" reason.
                None => (
                    o.price_usd,
                    format!(
                        "; failed generations are billed, but {} ÷ (1 − {r}) is too large to compute exactly: shown unadjusted",
                        crate::money::usd_cell(o.price_usd)
                    ),
                ),
            },
            _ => (o.price_usd, String::new()),
        };
        let source = PriceSource::Vendor(VendorSource {
            vendor: o.quote.vendor.value.trim().to_owned(),
            file: o.quote.file.clone(),
            line: o.line,
            lane_quoted: o.lane_quoted.as_deref().map(|l| l.trim().to_owned()),
            // Call styles (async, webhook) are the Standard lane; a vendor's own lane is a
            // source of its own.
            own_lane: o.vendor_lane.clone(),
        });
        vendor_lines.push(line(o.lane, source, unit, &format!("{list}{note}")));
    }
    vendor_lines.sort_by_cached_key(|l| (l.lane, l.source.label()));
    lines.extend(vendor_lines);
    lines
}

/// What a source costs over the jobs it can price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    pub group: Group,
    pub lane: Lane,
    /// `None` when the total is too large to compute exactly.
    pub total_usd: Option<Decimal>,
    /// Jobs this source priced, and jobs in its lane (every job for Standard, the jobs that
    /// can wait for Batch/Flex).
    pub jobs: usize,
    pub of_jobs: usize,
}

/// Totals per source, in the order sources first appear. Where one source has several offers
/// for a job (two offers of one vendor in one lane), the cheapest counts. One pass over the
/// lines, which come job by job ([`price`]).
pub fn totals(jobs: &[Job], lines: &[Line]) -> Vec<Total> {
    let waiting = jobs.iter().filter(|j| j.can_wait).count();
    let mut out: Vec<Total> = Vec::new();
    let mut index: HashMap<Group, usize> = HashMap::new();
    // The cheapest line of each source for the job being read; `None` inside when a line's
    // total is too large to compute.
    let mut job_cheapest: BTreeMap<usize, Option<Decimal>> = BTreeMap::new();
    let flush = |out: &mut Vec<Total>, cheapest: &mut BTreeMap<usize, Option<Decimal>>| {
        for (i, c) in std::mem::take(cheapest) {
            let t = &mut out[i];
            // An overflowing line makes the source's total unknown, never a wrong number.
            t.total_usd = t.total_usd.zip(c).and_then(|(sum, c)| sum.checked_add(c));
            t.jobs += 1;
        }
    };
    let mut job = None;
    for l in lines {
        if job != Some(&l.job) {
            flush(&mut out, &mut job_cheapest);
            job = Some(&l.job);
        }
        let group = l.group();
        let i = match index.get(&group) {
            Some(&i) => i,
            None => {
                let of_jobs = match l.lane {
                    Lane::Standard | Lane::Priority => jobs.len(),
                    Lane::Batch => waiting,
                };
                index.insert(group.clone(), out.len());
                out.push(Total {
                    group,
                    lane: l.lane,
                    total_usd: Some(Decimal::ZERO),
                    jobs: 0,
                    of_jobs,
                });
                out.len() - 1
            }
        };
        job_cheapest
            .entry(i)
            .and_modify(|best| *best = best.zip(l.total_usd).map(|(b, x)| b.min(x)))
            .or_insert(l.total_usd);
    }
    flush(&mut out, &mut job_cheapest);
    out
}

/// Google's Standard and Batch/Flex totals over the jobs that can wait (those with a Batch
/// row), when there are any and they can be computed exactly.
pub fn batch_saving(lines: &[Line]) -> Option<(Decimal, Decimal)> {
    let google = |lane: Lane| {
        lines
            .iter()
            .filter(move |l| l.source == PriceSource::Google && l.lane == lane)
    };
    let can_wait: HashSet<&str> = google(Lane::Batch).map(|b| b.job.as_str()).collect();
    let waiting = |job: &str| can_wait.contains(job);
    fn sum<'l>(mut it: impl Iterator<Item = &'l Line>) -> Option<Decimal> {
        it.try_fold(Decimal::ZERO, |acc, l| acc.checked_add(l.total_usd?))
    }
    let standard = sum(google(Lane::Standard).filter(|l| waiting(&l.job)))?;
    let batch = sum(google(Lane::Batch))?;
    (!standard.is_zero()).then_some((standard, batch))
}
