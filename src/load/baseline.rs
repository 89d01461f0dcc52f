//! The dated official price baseline (SPEC §4): Google's routes, their names, and their price
//! rows per size and lane, each row with its provenance.
//!
//! The default baseline is `baseline/google-gemini-api-2026-04-20.yaml`, compiled in so the
//! tool works from any folder; `--baseline FILE` replaces it. Adding a route or an alias is an
//! edit of that file, never of code. How a vendor's wording is looked up in it is
//! [`crate::normalize::route`]'s.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::files::read_source;
use super::yaml::{self, Format};
use crate::diag::{Diagnostic, Source};
use crate::model::{At, SizeClass, Sp};
use crate::text::fold;
use crate::validate::{Validator, at};

/// The file compiled in as the default baseline.
pub const EMBEDDED_NAME: &str = "baseline/google-gemini-api-2026-04-20.yaml";
const EMBEDDED_TEXT: &str = include_str!("../../baseline/google-gemini-api-2026-04-20.yaml");

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
    pub retires: Option<Date>,
    pub rows: Vec<PriceRow>,
    pub at: At,
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
    /// Read from the owner's page (`true`) or secondhand (`false`).
    pub verified: bool,
    pub tokens: Option<TokenRate>,
    pub at: At,
}

/// Output tokens per image and the $/1M-token rate behind a row.
#[derive(Debug, Clone)]
pub struct TokenRate {
    pub per_image: u64,
    pub usd_per_1m: Decimal,
    pub verified: bool,
}

impl Baseline {
    /// The baseline compiled into the binary.
    pub fn embedded() -> Baseline {
        let src = Source {
            name: EMBEDDED_NAME.to_owned(),
            text: EMBEDDED_TEXT.to_owned(),
        };
        // A test parses the embedded file, so a broken one never ships.
        parse(&src).unwrap_or_else(|d| panic!("embedded baseline is invalid: {}", d[0]))
    }

    /// How the baseline is named to a reader: its file, or that it is the embedded one.
    pub fn describe(&self) -> String {
        if self.file == EMBEDDED_NAME {
            format!("the embedded {EMBEDDED_NAME}")
        } else {
            format!("baseline {}", self.file)
        }
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
    rows: Spanned<Vec<Spanned<RawRow>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    size: Spanned<String>,
    standard: Spanned<String>,
    batch: Spanned<String>,
    verified: Spanned<String>,
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
    ],
    mappings: &["tokens"],
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
        let verified = flag(v, "verified", r.verified);
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
                verified,
                tokens,
                at: row_at,
            });
        }
    }
    out
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

/// Reads a baseline file from disk with the same checks and error quality as a quote.
pub fn load(path: &std::path::Path) -> Result<Baseline, Vec<Diagnostic>> {
    let src = read_source(path).map_err(|d| vec![d])?;
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
