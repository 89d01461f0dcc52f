//! The dated official price baseline (SPEC §4): Google's routes, their names, and their price
//! rows per size and lane, each row with its provenance.
//!
//! The default baseline is `baseline/google-gemini-api-2026-04-20.yaml`, compiled in so the
//! tool works from any folder; `--baseline FILE` replaces it. Adding a route or an alias is an
//! edit of that file, never of code. How a vendor's wording is looked up in it is
//! [`crate::normalize::route`]'s.

use std::collections::BTreeMap;
use std::path::Path;

use crate::validate::Spanned;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::files::read_source;
use super::yaml::{self, Format};
use crate::diag::{Diagnostic, Source};
use crate::model::{At, Lane, SizeClass, Sp};
use crate::text::fold;
use crate::validate::{Validator, at};

/// The file of the first snapshot compiled in: the seed's, read from Google's own page.
pub const EMBEDDED_NAME: &str = "baseline/google-gemini-api-2026-04-20.yaml";
const EMBEDDED_TEXT: &str = include_str!("../../baseline/google-gemini-api-2026-04-20.yaml");

/// Every snapshot compiled in, oldest first. A newer snapshot is a file in `baseline/` and a
/// line here.
const EMBEDDED: &[(&str, &str)] = &[
    (EMBEDDED_NAME, EMBEDDED_TEXT),
    (
        "baseline/google-gemini-api-2026-10-15.yaml",
        include_str!("../../baseline/google-gemini-api-2026-10-15.yaml"),
    ),
];

/// The dated snapshots of the official baseline, oldest first: the official price is dated,
/// and each comparison names the snapshot it used.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub snapshots: Vec<Baseline>,
}

impl Timeline {
    /// The snapshots compiled into the binary.
    pub fn embedded() -> Timeline {
        let snapshots = EMBEDDED
            .iter()
            .map(|(name, text)| {
                let src = Source {
                    name: (*name).to_owned(),
                    text: (*text).to_owned(),
                };
                // A test parses every embedded file, so a broken one never ships.
                parse(&src).unwrap_or_else(|d| panic!("embedded baseline is invalid: {}", d[0]))
            })
            .collect();
        Timeline { snapshots }
    }

    /// A baseline file (one snapshot) or a folder of them (every `.yaml` in it).
    pub fn load(path: &Path) -> Result<Timeline, Vec<Diagnostic>> {
        let files: Vec<std::path::PathBuf> = if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(path)
                .map_err(|e| {
                    vec![Diagnostic::whole(
                        &path.display().to_string(),
                        format!("cannot read the folder: {e}"),
                    )]
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .collect();
            files.sort();
            files
        } else {
            vec![path.to_path_buf()]
        };
        let mut snapshots = Vec::new();
        let mut problems = Vec::new();
        for f in &files {
            match load(f) {
                Ok(b) => snapshots.push(b),
                Err(d) => problems.extend(d),
            }
        }
        if snapshots.is_empty() && problems.is_empty() {
            problems.push(
                Diagnostic::whole(&path.display().to_string(), "holds no baseline file")
                    .help("give a baseline file, or a folder of `.yaml` snapshots"),
            );
        }
        snapshots.sort_by_key(|b| b.checked_on);
        for pair in snapshots.windows(2) {
            if pair[0].checked_on == pair[1].checked_on {
                problems.push(
                    Diagnostic::whole(
                        &pair[1].file,
                        format!(
                            "is checked on {}, as {} is",
                            pair[1].checked_on, pair[0].file
                        ),
                    )
                    .help("keep one snapshot per date: each comparison must name the one it used"),
                );
            }
        }
        match problems.is_empty() {
            true => Ok(Timeline { snapshots }),
            false => Err(problems),
        }
    }

    /// The snapshot in force on `date`: the latest checked on or before it, else the earliest.
    pub fn at(&self, date: Date) -> &Baseline {
        let i = self.snapshots.partition_point(|b| b.checked_on <= date);
        &self.snapshots[i.saturating_sub(1)]
    }

    /// "2 snapshots: 2026-04-20, 2026-10-15".
    pub fn describe(&self) -> String {
        let dates: Vec<String> = self
            .snapshots
            .iter()
            .map(|b| b.checked_on.to_string())
            .collect();
        format!(
            "{} snapshot{}: {}",
            dates.len(),
            if dates.len() == 1 { "" } else { "s" },
            dates.join(", ")
        )
    }

    /// The newest snapshot.
    pub fn latest(&self) -> &Baseline {
        self.at(Date::MAX)
    }
}

/// A loaded baseline.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The file it came from (the embedded one is named by its path in the repository).
    pub file: String,
    pub owner: String,
    pub source: String,
    pub checked_on: Date,
    /// Where `checked_on` is written, for the stale-baseline finding.
    pub checked_on_at: At,
    pub routes: Vec<Route>,
    /// Folded name → what it names.
    names: BTreeMap<String, NameRef>,
    /// Every name as the baseline spells it, with its route and kind, in file order.
    spelled: Vec<(String, usize, NameKind)>,
    /// Folded provider namespaces dropped from path-like route texts.
    prefixes: Vec<String>,
    /// The names written as paths (a vendor's own id, `fal-ai/gemini-25-flash-image`), each
    /// as its folded segments.
    paths: Vec<Vec<String>>,
}

/// What a folded name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameRef {
    pub route: usize,
    pub kind: NameKind,
}

/// How firmly a name identifies its route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameKind {
    /// The model id, the reader-facing name, or an alias: identifies the route.
    Exact,
    /// A name shared with other models ("Nano Banana"): maps, with a request to confirm.
    Generic,
    /// Accepted only beside another name of the same route.
    Companion,
}

/// One official model route.
#[derive(Debug, Clone)]
pub struct Route {
    pub id: String,
    pub name: String,
    pub free_tier: bool,
    /// When the route is shut down: the earliest date the sources give.
    pub retires: Option<Date>,
    /// What each source says of the shutdown, where they disagree ("2026-10-02: Google's
    /// pricing page as quoted by genai-prices 0.2.3").
    pub retires_sources: Vec<String>,
    /// The image-output rate per 1M tokens in each lane, where known.
    pub rates: Option<Rates>,
    /// Where the route's figures come from, for a route not read from Google's own page.
    pub source: Option<String>,
    pub rows: Vec<PriceRow>,
    pub at: At,
}

/// A route's image-output rate, USD per 1M tokens, per lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rates {
    pub standard: Decimal,
    pub batch: Decimal,
    pub priority: Option<Decimal>,
    pub verified: bool,
}

impl Rates {
    /// The rate in `lane`, if the snapshot has one.
    pub fn rate(&self, lane: Lane) -> Option<Decimal> {
        match lane {
            Lane::Standard => Some(self.standard),
            Lane::Batch => Some(self.batch),
            Lane::Priority => self.priority,
        }
    }
}

impl Route {
    pub fn row(&self, size: SizeClass) -> Option<&PriceRow> {
        self.rows.iter().find(|r| r.size == size)
    }

    /// The sizes this route has rows for, smallest first.
    pub fn sizes(&self) -> Vec<SizeClass> {
        let mut s: Vec<_> = self.rows.iter().map(|r| r.size).collect();
        s.sort();
        s
    }
}

/// Official USD prices per output image for one size.
#[derive(Debug, Clone)]
pub struct PriceRow {
    pub size: SizeClass,
    pub standard: Decimal,
    pub batch: Decimal,
    /// The Priority lane's price, in the snapshots that have one.
    pub priority: Option<Decimal>,
    /// Read from the owner's page (`true`) or secondhand (`false`).
    pub verified: bool,
    /// Where a secondhand figure comes from.
    pub source: Option<String>,
    pub tokens: Option<TokenRate>,
    pub at: At,
}

impl PriceRow {
    /// The official price per image in `lane`, if the snapshot has one.
    pub fn price(&self, lane: Lane) -> Option<Decimal> {
        match lane {
            Lane::Standard => Some(self.standard),
            Lane::Batch => Some(self.batch),
            Lane::Priority => self.priority,
        }
    }
}

/// Output tokens per image and the $/1M-token rate behind a row.
#[derive(Debug, Clone)]
pub struct TokenRate {
    pub per_image: u64,
    pub usd_per_1m: Decimal,
    pub verified: bool,
}

impl Baseline {
    /// The first snapshot compiled into the binary, the seed's (2026-04-20); the tests of a
    /// reading against one snapshot use it. Commands use the [`Timeline`].
    pub fn embedded() -> Baseline {
        let src = Source {
            name: EMBEDDED_NAME.to_owned(),
            text: EMBEDDED_TEXT.to_owned(),
        };
        // A test parses the embedded file, so a broken one never ships.
        parse(&src).unwrap_or_else(|d| panic!("embedded baseline is invalid: {}", d[0]))
    }

    /// How the baseline is named to a reader: its file, or that it is an embedded one.
    pub fn describe(&self) -> String {
        if EMBEDDED.iter().any(|(name, _)| *name == self.file) {
            format!("the embedded {}", self.file)
        } else {
            format!("baseline {}", self.file)
        }
    }

    /// "the embedded baseline/….yaml, checked 2026-04-20".
    pub fn describe_checked(&self) -> String {
        format!("{}, checked {}", self.describe(), self.checked_on)
    }

    /// Looks up a folded name.
    pub fn name(&self, folded: &str) -> Option<NameRef> {
        self.names.get(folded).copied()
    }

    /// Whether a folded path segment is a provider namespace (`fal-ai`, `google`).
    pub fn is_prefix(&self, folded: &str) -> bool {
        self.prefixes.iter().any(|p| p == folded)
    }

    /// Whether path segments spell, one by one, a name the baseline writes as a path
    /// (`fal-ai/gemini-25-flash-image`): `google/4@2` does not spell `google:4@2`.
    pub fn is_path_name(&self, segments: &[&str]) -> bool {
        self.paths.iter().any(|p| {
            p.len() == segments.len() && p.iter().zip(segments).all(|(a, b)| *a == fold(b))
        })
    }

    /// Every name folded, with what it names, in folded order.
    pub fn folded_names(&self) -> impl Iterator<Item = (&str, NameRef)> {
        self.names.iter().map(|(n, r)| (n.as_str(), *r))
    }

    /// Every name as the baseline spells it: (name, route index, kind), in file order.
    pub fn spelled_names(&self) -> impl Iterator<Item = (&str, usize, NameKind)> {
        self.spelled.iter().map(|(n, r, k)| (n.as_str(), *r, *k))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBaseline {
    owner: Spanned<String>,
    source: Spanned<String>,
    checked_on: Spanned<String>,
    currency: Spanned<String>,
    route_prefixes: Option<Vec<Spanned<String>>>,
    routes: Spanned<Vec<Spanned<RawRoute>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoute {
    id: Spanned<String>,
    name: Spanned<String>,
    aliases: Option<Vec<Spanned<String>>>,
    generic_aliases: Option<Vec<Spanned<String>>>,
    companion_names: Option<Vec<Spanned<String>>>,
    free_tier: Spanned<String>,
    retires: Option<Spanned<String>>,
    retires_sources: Option<Vec<Spanned<String>>>,
    rates: Option<Spanned<RawRates>>,
    source: Option<Spanned<String>>,
    rows: Spanned<Vec<Spanned<RawRow>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRates {
    standard: Spanned<String>,
    batch: Spanned<String>,
    priority: Option<Spanned<String>>,
    verified: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    size: Spanned<String>,
    standard: Spanned<String>,
    batch: Spanned<String>,
    priority: Option<Spanned<String>>,
    verified: Spanned<String>,
    source: Option<Spanned<String>>,
    tokens: Option<Spanned<RawTokens>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTokens {
    per_image: Spanned<String>,
    usd_per_1m: Spanned<String>,
    verified: Spanned<String>,
}

/// How the YAML reader speaks of a baseline file.
const FORMAT: Format = Format {
    name: "baseline file",
    one: "baseline",
    layout: "a baseline file is `key: value` lines: owner, source, checked_on, currency, routes (see README.md)",
    depth: "a baseline is at most six levels deep (file, routes, route, rows, row, tokens); this is not a baseline file",
    example_for,
    lists: &[
        ("routes", Some("mapping")),
        ("rows", Some("mapping")),
        ("route_prefixes", None),
        ("aliases", None),
        ("generic_aliases", None),
        ("companion_names", None),
        ("retires_sources", None),
    ],
    mappings: &["tokens", "rates"],
};

fn example_for(key: &str) -> Option<&'static str> {
    Some(match key {
        "owner" => "owner: Google",
        "source" => "source: https://ai.google.dev/gemini-api/docs/pricing",
        "checked_on" => "checked_on: 2026-04-20",
        "currency" => "currency: USD",
        "routes" => "routes: [{id: ..., name: ..., free_tier: false, rows: [...]}]",
        "id" => "id: gemini-3.1-flash-image-preview",
        "name" => "name: Nano Banana 2",
        "free_tier" => "free_tier: false",
        "rows" => "rows: [{size: 1K, standard: 0.067, batch: 0.034, verified: true}]",
        "size" => "size: 1K",
        "standard" => "standard: 0.067",
        "batch" => "batch: 0.034",
        "verified" => "verified: true",
        "per_image" => "per_image: 1120",
        "usd_per_1m" => "usd_per_1m: 60",
        _ => return None,
    })
}

/// Parses and validates a baseline file; every problem is returned.
pub fn parse(src: &Source) -> Result<Baseline, Vec<Diagnostic>> {
    let raw: RawBaseline = yaml::parse(src, &FORMAT).map_err(|d| vec![d])?;
    let mut v = Validator::new(src, example_for);
    let owner = v.text("owner", raw.owner, true);
    let source = v.text("source", raw.source, true);
    let checked_on = v.date("checked_on", raw.checked_on);
    if raw.currency.value.trim() != "USD" {
        v.error(
            at(&raw.currency),
            format!(
                "baseline currency \"{}\" is not USD",
                raw.currency.value.trim()
            ),
            "official prices are compared in USD: write `currency: USD` and USD prices",
        );
    }
    if raw.routes.value.is_empty() {
        v.error(
            at(&raw.routes),
            "`routes` is empty".into(),
            "list at least one route with its price rows",
        );
    }
    let prefixes: Vec<String> = raw
        .route_prefixes
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| v.text("route_prefixes", p, true).map(|p| fold(&p.value)))
        .collect();
    let mut names: BTreeMap<String, NameRef> = BTreeMap::new();
    let mut spelled: Vec<(String, usize, NameKind)> = Vec::new();
    let mut paths: Vec<Vec<String>> = Vec::new();
    let mut routes = Vec::new();
    for (i, r) in raw.routes.value.into_iter().enumerate() {
        let route_at = at(&r);
        let r = r.value;
        let id = v.text("id", r.id.clone(), true);
        let name = v.text("name", r.name.clone(), true);
        let free_tier = flag(&mut v, "free_tier", r.free_tier);
        let retires = r.retires.and_then(|t| v.date("retires", t));
        let retires_sources: Vec<String> = r
            .retires_sources
            .unwrap_or_default()
            .into_iter()
            .filter_map(|t| v.text("retires_sources", t, true))
            .map(|t| t.value.trim().to_owned())
            .collect();
        let source = v
            .opt_text("source", r.source)
            .map(|t| t.value.trim().to_owned());
        let rates = r.rates.and_then(|t| {
            let t = t.value;
            let standard = rate(&mut v, "rates.standard", t.standard);
            let batch = rate(&mut v, "rates.batch", t.batch);
            let priority = t.priority.and_then(|p| rate(&mut v, "rates.priority", p));
            let verified = flag(&mut v, "verified", t.verified);
            Some(Rates {
                standard: standard?,
                batch: batch?,
                priority,
                verified: verified?,
            })
        });
        // Generic names first: a route's reader-facing name may itself be generic ("Nano
        // Banana"), and the first listing of a name within a route decides its kind.
        let named = r
            .generic_aliases
            .unwrap_or_default()
            .into_iter()
            .map(|n| (n, NameKind::Generic))
            .chain([(r.id, NameKind::Exact), (r.name, NameKind::Exact)])
            .chain(
                r.aliases
                    .unwrap_or_default()
                    .into_iter()
                    .map(|n| (n, NameKind::Exact)),
            )
            .chain(
                r.companion_names
                    .unwrap_or_default()
                    .into_iter()
                    .map(|n| (n, NameKind::Companion)),
            );
        for (n, kind) in named {
            let key = fold(&n.value);
            if key.is_empty() {
                v.error(
                    at(&n),
                    format!("name \"{}\" has no letters or digits", n.value),
                    "write the name as vendors spell it",
                );
                continue;
            }
            match names.get(&key) {
                Some(prev) if prev.route != i => v.error(
                    at(&n),
                    format!(
                        "name \"{}\" already names route {}",
                        n.value,
                        spelled_route(&spelled, prev.route)
                    ),
                    "a name may identify one route only; remove it from one of them",
                ),
                Some(_) => {}
                None => {
                    if n.value.contains('/') {
                        paths.push(
                            n.value
                                .split('/')
                                .map(fold)
                                .filter(|s| !s.is_empty())
                                .collect(),
                        );
                    }
                    names.insert(key, NameRef { route: i, kind });
                    spelled.push((n.value.trim().to_owned(), i, kind));
                }
            }
        }
        let rows = rows(&mut v, r.rows);
        if let (Some(id), Some(name), Some(free_tier)) = (id, name, free_tier) {
            routes.push(Route {
                id: id.value.trim().to_owned(),
                name: name.value.trim().to_owned(),
                free_tier,
                retires: retires.map(|d| d.value),
                retires_sources,
                rates,
                source,
                rows,
                at: route_at,
            });
        }
    }
    v.finish(Baseline {
        file: src.name.clone(),
        owner: owner.map(|o| o.value).unwrap_or_default(),
        source: source.map(|s| s.value).unwrap_or_default(),
        checked_on_at: checked_on.as_ref().map_or(At::default(), |d| d.at),
        checked_on: checked_on.map_or(Date::ZERO, |d| d.value),
        routes,
        names,
        spelled,
        prefixes,
        paths,
    })
}

fn spelled_route(spelled: &[(String, usize, NameKind)], route: usize) -> String {
    spelled
        .iter()
        .find(|(_, r, _)| *r == route)
        .map_or_else(|| format!("#{route}"), |(n, _, _)| n.clone())
}

fn flag(v: &mut Validator<'_>, key: &str, t: Spanned<String>) -> Option<bool> {
    v.flag(key, t).map(|b| b.value)
}

fn rows(v: &mut Validator<'_>, raw: Spanned<Vec<Spanned<RawRow>>>) -> Vec<PriceRow> {
    if raw.value.is_empty() {
        v.error(
            at(&raw),
            "`rows` is empty".into(),
            "list the route's price rows: size, standard, batch, verified",
        );
    }
    let mut out: Vec<PriceRow> = Vec::new();
    for row in raw.value {
        let row_at = at(&row);
        let r = row.value;
        let size = match SizeClass::from_label(&r.size.value) {
            Some(s) => Some(s),
            None => {
                v.error(
                    at(&r.size),
                    format!("row size \"{}\" is not a size class", r.size.value.trim()),
                    "write 0.5K, 1K, 2K or 4K",
                );
                None
            }
        };
        let standard = positive(v, "standard", r.standard);
        let batch = positive(v, "batch", r.batch);
        let priority = r.priority.and_then(|p| positive(v, "priority", p));
        let verified = flag(v, "verified", r.verified);
        let source = v
            .opt_text("source", r.source)
            .map(|t| t.value.trim().to_owned());
        let tokens = r.tokens.and_then(|t| {
            let t = t.value;
            let per_image = v.count("per_image", t.per_image).map(|n| n.value);
            let rate = positive(v, "usd_per_1m", t.usd_per_1m);
            let verified = flag(v, "verified", t.verified);
            Some(TokenRate {
                per_image: per_image?,
                usd_per_1m: rate?.value,
                verified: verified?,
            })
        });
        if let Some(s) = size
            && out.iter().any(|p| p.size == s)
        {
            v.error(
                row_at,
                format!("a second row for size {}", s.label()),
                "keep one row per size",
            );
        }
        if let (Some(standard), Some(batch)) = (&standard, &batch)
            && batch.value > standard.value
        {
            v.error(
                batch.at,
                format!(
                    "batch price {} is above the standard price {}",
                    batch.value, standard.value
                ),
                "Google's Batch/Flex lane is the discounted one; check the two prices",
            );
        }
        if let (Some(size), Some(standard), Some(batch), Some(verified)) =
            (size, standard, batch, verified)
        {
            out.push(PriceRow {
                size,
                standard: standard.value,
                batch: batch.value,
                priority: priority.map(|p| p.value),
                verified,
                source,
                tokens,
                at: row_at,
            });
        }
    }
    out
}

/// A rate in USD per 1M tokens: above zero, and plausible.
fn rate(v: &mut Validator<'_>, key: &str, t: Spanned<String>) -> Option<Decimal> {
    let a = at(&t);
    let d = v.decimal(key, t)?;
    if d.value.is_zero() || d.value > Decimal::from(100_000) {
        v.error(
            a,
            format!("`{key}` {} is not a plausible rate per 1M tokens", d.value),
            "write the image-output rate in USD per 1M tokens, like 60",
        );
        return None;
    }
    Some(d.value)
}

fn positive(v: &mut Validator<'_>, key: &str, t: Spanned<String>) -> Option<Sp<Decimal>> {
    let a = at(&t);
    let d = v.decimal(key, t)?;
    if d.value > Decimal::from(1_000_000) {
        v.error(
            a,
            format!("`{key}` {} is not a plausible price per image", d.value),
            "official prices are USD per output image, a few cents; check the figure",
        );
        return None;
    }
    if d.value.is_zero() {
        v.error(
            a,
            format!("`{key}` is zero"),
            "an official price row has a price above zero; leave the row out if there is none",
        );
        return None;
    }
    Some(d)
}

/// The text a snapshot was read from: the embedded text, or its file read again.
pub fn source_text(b: &Baseline) -> Option<String> {
    match EMBEDDED.iter().find(|(name, _)| *name == b.file) {
        Some((_, text)) => Some((*text).to_owned()),
        None => std::fs::read_to_string(&b.file).ok(),
    }
}

/// The next snapshot's text, from `text` (checked on `was`): its `checked_on` set to `date`,
/// every figure marked `verified: false`, and a note at the top to re-read each one. Comments
/// and layout are kept, so the diff against the old file is the re-check's record.
pub fn next_snapshot_text(text: &str, file: &str, was: Date, date: Date) -> String {
    let mut out = format!(
        "# Started by `quote-audit baseline new --date {date}` from {file} (checked {was}).\n\
         # Every figure is marked `verified: false` until it is re-read on Google's pricing page:\n\
         # correct what changed, then mark each figure you read there `verified: true`.\n"
    );
    for line in text.lines() {
        let trimmed = line.trim_start();
        let line = if trimmed.starts_with("checked_on:") {
            format!("{}checked_on: {date}", &line[..line.len() - trimmed.len()])
        } else {
            line.replace("verified: true", "verified: false")
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Reads a baseline file from disk with the same checks and error quality as a quote.
pub fn load(path: &Path) -> Result<Baseline, Vec<Diagnostic>> {
    let src = read_source(path, "baseline file").map_err(|d| vec![d])?;
    parse(&src)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_baseline_holds_the_seed_rows() {
        let b = Baseline::embedded();
        assert_eq!(b.checked_on.to_string(), "2026-04-20");
        let nb2 = &b.routes[b.name(&fold("Nano Banana 2")).unwrap().route];
        assert_eq!(nb2.id, "gemini-3.1-flash-image-preview");
        let row = nb2.row(SizeClass::K2).unwrap();
        assert_eq!(
            (row.standard.to_string(), row.batch.to_string()),
            ("0.101".into(), "0.050".into())
        );
        let pro = &b.routes[b.name("gemini3proimagepreview").unwrap().route];
        assert!(pro.row(SizeClass::Half).is_none());
        assert_eq!(
            pro.row(SizeClass::K4).unwrap().standard.to_string(),
            "0.240"
        );
        assert!(b.routes.iter().all(|r| !r.free_tier));
    }

    #[test]
    fn the_snapshots_are_dated_and_each_names_today_s_routes() {
        let t = Timeline::embedded();
        let dates: Vec<String> = t
            .snapshots
            .iter()
            .map(|b| b.checked_on.to_string())
            .collect();
        assert_eq!(dates, ["2026-04-20", "2026-10-15"]);
        let at = |d: &str| t.at(d.parse().unwrap()).checked_on.to_string();
        assert_eq!(at("2026-01-01"), "2026-04-20");
        assert_eq!(at("2026-10-14"), "2026-04-20");
        assert_eq!(at("2026-10-15"), "2026-10-15");
        assert_eq!(at("2026-12-02"), "2026-10-15");
        let oct = t.latest();
        let id = |name: &str| {
            oct.name(&fold(name))
                .map(|r| oct.routes[r.route].id.clone())
        };
        assert_eq!(
            id("Nano Banana 2").as_deref(),
            Some("gemini-3.1-flash-image")
        );
        assert_eq!(id("Nano Banana Pro").as_deref(), Some("gemini-3-pro-image"));
        assert_eq!(
            id("Nano Banana 2.1").as_deref(),
            Some("gemini-nano-banana-2.1")
        );
        assert_eq!(
            id("Nano Banana 2 Lite").as_deref(),
            Some("gemini-3.1-flash-lite-image")
        );
        let preview = &oct.routes[oct
            .name(&fold("gemini-3.1-flash-image-preview"))
            .unwrap()
            .route];
        assert_eq!(
            preview.retires.map(|d| d.to_string()).as_deref(),
            Some("2026-06-25")
        );
        let older = &oct.routes[oct.name(&fold("gemini-2.5-flash-image")).unwrap().route];
        assert_eq!(
            older.retires.map(|d| d.to_string()).as_deref(),
            Some("2026-10-02")
        );
        assert_eq!(older.retires_sources.len(), 2);
        // Every figure of the later snapshot is secondhand.
        assert!(
            oct.routes
                .iter()
                .all(|r| r.source.is_some() && r.rows.iter().all(|row| !row.verified))
        );
        let nb21 = &oct.routes[oct.name(&fold("Nano Banana 2.1")).unwrap().route];
        assert_eq!(
            nb21.rates.as_ref().unwrap().rate(Lane::Priority),
            Some(Decimal::from(54))
        );
        assert!(nb21.row(SizeClass::K2).is_none());
    }

    #[test]
    fn a_name_may_not_name_two_routes() {
        let text = EMBEDDED_TEXT.replace("      - NB Pro\n", "      - NB Pro\n      - NB2\n");
        let err = parse(&Source {
            name: "b.yaml".into(),
            text,
        })
        .unwrap_err();
        assert!(
            err[0]
                .message
                .contains("already names route gemini-3.1-flash-image-preview"),
            "{}",
            err[0]
        );
    }
}
