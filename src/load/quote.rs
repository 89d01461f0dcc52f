//! The quote file format (SPEC §4): the serde shape of a file, and its validation into a
//! [`Quote`].
//!
//! Scalars are read as text and checked here, not by serde, so that every problem in a file is
//! reported in one run, each with its own line, column and fix. Prices are parsed from that
//! text, never through a float. A plain file is read from the parser's events (`events.rs`),
//! any other by serde-saphyr through these types.

use jiff::civil::Date;
use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;

mod events;

use super::yaml::{self, Format};
use crate::diag::{Diagnostic, Source};
use crate::model::{
    At, Credits, Expiry, FailedGenerations, Multiplier, Offer, Party, PriceKind, PriceMap, Quote,
    Sp, Surcharge, Terms, Topup, Unit,
};
use crate::money::{NumberError, parse_plain_decimal};
use crate::text::did_you_mean;
use crate::text::fold;
use crate::validate::{Spanned, Text, Validator, at, parse_date};

// The serde shape of a quote file. The same types give the JSON Schema (`quote-audit schema`),
// so the schema editors validate against is the format the loader reads; the doc comments are
// its descriptions.

/// A vendor quote for Google's Nano Banana image models, typed by a reviewer from a price page,
/// a sales e-mail or a PDF.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "quote-audit vendor quote")]
pub(crate) struct RawQuote {
    /// The vendor's name.
    #[schemars(with = "String")]
    vendor: Text,
    /// The date the quote was captured (YYYY-MM-DD).
    #[schemars(schema_with = "date")]
    received: Text,
    /// The last day the quote is valid (YYYY-MM-DD).
    #[serde(default)]
    #[schemars(schema_with = "opt_date")]
    valid_until: Option<Text>,
    /// The vendor's reference for the quote.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    quote_id: Option<Text>,
    /// The page, PDF or e-mail the quote came from.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    source: Option<Text>,
    /// ISO 4217 currency of the prices (default USD).
    #[serde(default)]
    #[schemars(schema_with = "opt_currency")]
    currency: Option<Text>,
    /// The date a test call was run on the exact route (YYYY-MM-DD).
    #[serde(default)]
    #[schemars(schema_with = "opt_date")]
    verified: Option<Text>,
    /// true while the quote is a draft, read from a page by a program and not yet checked line
    /// by line against it: every audit reports it as `draft-unreviewed` until it is removed.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    draft: Option<Text>,
    /// The vendor's own statements, verbatim.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    claims: Option<Vec<Text>>,
    /// Namespaces the vendor's page writes before Google's model names, as in
    /// "acme/nano-banana-2": dropped from the front of a route before it is looked up. The
    /// vendor's own name is one already.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    route_namespaces: Option<Vec<Text>>,
    /// The priced offers (at least one).
    #[schemars(schema_with = "offers")]
    offers: Spanned<Vec<Spanned<RawOffer>>>,
    /// The vendor's credit scheme.
    #[serde(default)]
    #[schemars(with = "Option<RawCredits>")]
    credits: Option<Spanned<RawCredits>>,
    /// The ownership boundary: an absent key is a gap the audit reports.
    #[serde(default)]
    #[schemars(with = "Option<RawTerms>")]
    terms: Option<Spanned<RawTerms>>,
    /// How the vendor's balance is bought: bonus, minimum, and its own rate for paying in
    /// another currency.
    #[serde(default)]
    #[schemars(with = "Option<RawTopup>")]
    topup: Option<Spanned<RawTopup>>,
    /// Set by `quote-audit import litellm`: the quote is a public price map's entries for one
    /// provider, not a vendor's page.
    #[serde(default)]
    #[schemars(with = "Option<RawPriceMap>")]
    price_map: Option<Spanned<RawPriceMap>>,
}

// Route, size and price are required, but read even when left empty (YAML null), as the
// `quote-audit new` skeleton leaves them: an offer not yet typed in is then one problem that
// says so, not a parse stopped at its first empty line. The schema still asks for a value.

/// One priced offer, in the vendor's words.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOffer {
    /// Your name for the offer, unique in the file: it pairs the offer across versions of the
    /// quote (`diff`, `history`) when two offers share a model, size and lane.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    id: Option<Text>,
    /// The vendor's wording of the model ("Nano Banana 2", "fal-ai/nano-banana-2/edit").
    #[schemars(with = "String")]
    route: Blank,
    /// The vendor's wording of the output size (0.5K, 1K, 2K, 4K, 1024px, 2048x2048); `any`
    /// when one price is for every size, `unstated` when the page does not say.
    #[schemars(with = "String")]
    size: Blank,
    /// Other sizes priced as a multiple of this one ("2K at 1.5×"): `{2K: 1.5, 4K: 2}`.
    #[serde(default)]
    #[schemars(schema_with = "multipliers_schema")]
    size_multipliers: Option<Spanned<Pairs>>,
    /// The lane or call style (standard, batch, flex, async, webhook, or the vendor's own).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    lane: Option<Text>,
    /// The price: a plain decimal or a string like "$0.04"; `{from: 0.018}` for a starting
    /// price, `{from: 0.06, to: 0.175}` for a range.
    #[schemars(schema_with = "price_schema")]
    price: Spanned<RawPrice>,
    /// The price's unit (default image).
    #[serde(default)]
    #[schemars(schema_with = "opt_unit")]
    unit: Option<Text>,
    /// Output tokens per image, for a price per 1M tokens.
    #[serde(default)]
    #[schemars(schema_with = "opt_count")]
    tokens: Option<Text>,
    /// What the vendor says Google charges for this row, in USD per image ("$0.134").
    #[serde(default)]
    #[schemars(schema_with = "opt_price")]
    official_claimed: Option<Text>,
    /// Per-image charges on top of the price, in the quote's currency.
    #[serde(default)]
    #[schemars(with = "Option<Vec<RawSurcharge>>")]
    surcharges: Option<Vec<Spanned<RawSurcharge>>>,
    /// Anything else about the offer.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    note: Option<Text>,
}

/// A required value that may have been left empty (YAML null), with where it was written.
type Blank = Spanned<Option<String>>;

/// A [`Blank`] as text: empty when it was left empty.
fn text_of(b: Blank) -> Text {
    Spanned {
        value: b.value.unwrap_or_default(),
        referenced: b.referenced,
        defined: b.defined,
    }
}

/// A per-image charge on top of the price ("web search +$0.015").
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSurcharge {
    /// What it is for, as the vendor names it.
    #[schemars(with = "String")]
    name: Text,
    /// Per image, in the quote's currency.
    #[schemars(schema_with = "price_schema")]
    price: Text,
    /// Charged only when the buyer asks for it (default false).
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    optional: Option<Text>,
}

/// How the vendor's balance is bought.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTopup {
    /// Extra balance per top-up, in percent of the amount paid ("+10% bonus": 10).
    #[serde(default)]
    #[schemars(schema_with = "opt_price")]
    bonus_pct: Option<Text>,
    /// The smallest top-up, in `currency` when given, else the quote's currency.
    #[serde(default)]
    #[schemars(schema_with = "opt_price")]
    minimum: Option<Text>,
    /// The currency the top-up is paid in, when it is not the quote's (ISO 4217).
    #[serde(default)]
    #[schemars(schema_with = "opt_currency")]
    currency: Option<Text>,
    /// The vendor's own rate: units of `currency` charged for one unit of the quote's currency
    /// ("1 USD = 7 CNY": 7).
    #[serde(default)]
    #[schemars(schema_with = "opt_price")]
    rate: Option<Text>,
}

/// The public price map a quote was imported from.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPriceMap {
    /// The map, as its package or file names it ("litellm 1.110.2,
    /// model_prices_and_context_window_backup.json").
    #[schemars(with = "String", required)]
    name: Option<Text>,
    /// The map's provider whose entries the quote holds (`gemini`, `vertex_ai`, `fal_ai`).
    #[schemars(with = "String", required)]
    provider: Option<Text>,
    /// true when the provider is Google itself: each figure states Google's own price, and
    /// one that differs from the baseline is reported as `price-map-disagrees` (default false).
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    official: Option<Text>,
}

/// A price as the YAML reader hands it over: a single value, or a `{from, to}` mapping.
#[derive(Debug)]
pub(crate) enum RawPrice {
    /// Text, or a number whose text is read back from the source (never through a float).
    One(Option<String>),
    Range {
        from: Option<Text>,
        to: Option<Text>,
    },
}

impl RawPrice {
    /// Left empty (`price:` with no value, or `""`).
    fn is_blank(&self) -> bool {
        matches!(self, RawPrice::One(Some(t)) if t.trim().is_empty())
    }
}

impl<'de> Deserialize<'de> for RawPrice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RawPrice, D::Error> {
        struct Shape;
        impl<'de> serde::de::Visitor<'de> for Shape {
            type Value = RawPrice;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a price (0.04, \"$0.04\") or a mapping {from: 0.018, to: 0.175}")
            }
            fn visit_str<E>(self, s: &str) -> Result<RawPrice, E> {
                Ok(RawPrice::One(Some(s.to_owned())))
            }
            // Left empty, as the `new` skeleton leaves it.
            fn visit_unit<E>(self) -> Result<RawPrice, E> {
                Ok(RawPrice::One(Some(String::new())))
            }
            fn visit_none<E>(self) -> Result<RawPrice, E> {
                Ok(RawPrice::One(Some(String::new())))
            }
            // A number is read back from the source text by its span, so no float is kept.
            fn visit_u64<E>(self, _: u64) -> Result<RawPrice, E> {
                Ok(RawPrice::One(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<RawPrice, E> {
                Ok(RawPrice::One(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<RawPrice, E> {
                Ok(RawPrice::One(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<RawPrice, A::Error> {
                let (mut from, mut to) = (None, None);
                while let Some(key) = m.next_key::<String>()? {
                    let slot = match key.as_str() {
                        "from" => &mut from,
                        "to" => &mut to,
                        other => {
                            return Err(serde::de::Error::unknown_field(other, &["from", "to"]));
                        }
                    };
                    if slot.is_some() {
                        return Err(serde::de::Error::duplicate_field(if key == "from" {
                            "from"
                        } else {
                            "to"
                        }));
                    }
                    *slot = Some(m.next_value::<Text>()?);
                }
                Ok(RawPrice::Range { from, to })
            }
        }
        d.deserialize_any(Shape)
    }
}

/// A mapping's entries in the order written, each key and value with its place (the keys of
/// `size_multipliers` are sizes, so they are not fields of a struct).
#[derive(Debug)]
pub(crate) struct Pairs(Vec<(Text, Text)>);

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Pairs, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = Pairs;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mapping of sizes to multipliers, like {2K: 1.5, 4K: 2}")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Pairs, A::Error> {
                // A key written twice is refused by the parser, as in any mapping.
                let mut out: Vec<(Text, Text)> = Vec::new();
                while let Some(key) = m.next_key::<Text>()? {
                    out.push((key, m.next_value()?));
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(Entries)
    }
}

/// The vendor's credit scheme.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCredits {
    /// The cost of one credit, in the quote's currency.
    #[serde(default)]
    #[schemars(schema_with = "opt_price")]
    price: Option<Text>,
    /// Free credits granted.
    #[serde(default)]
    #[schemars(schema_with = "opt_price")]
    free: Option<Text>,
    /// Who grants the credits.
    #[serde(default)]
    #[schemars(schema_with = "opt_party")]
    granted_by: Option<Text>,
    /// When the credits expire (YYYY-MM-DD, or never).
    #[serde(default)]
    #[schemars(schema_with = "opt_expiry")]
    expires: Option<Text>,
    /// Who gets them, and when.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    conditions: Option<Text>,
}

/// Who owns each part of the contract.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTerms {
    /// Who invoices you.
    #[serde(default)]
    #[schemars(schema_with = "opt_party")]
    billing: Option<Text>,
    /// Whose rate limits apply.
    #[serde(default)]
    #[schemars(schema_with = "opt_party")]
    quota: Option<Text>,
    /// Who answers when something fails.
    #[serde(default)]
    #[schemars(schema_with = "opt_party")]
    support: Option<Text>,
    /// How to reach support.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    support_path: Option<Text>,
    /// How long prompts and images are kept.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    data_retention: Option<Text>,
    /// Whether prompts or images are used for training.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    training_use: Option<Text>,
    /// Where data is processed.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    data_region: Option<Text>,
    /// Whether failed or blocked generations are charged.
    #[serde(default)]
    #[schemars(schema_with = "opt_failed")]
    failed_generations: Option<Text>,
    /// Detail on failed generations, verbatim.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    failed_generations_note: Option<Text>,
    /// Which safety filters apply.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    safety: Option<Text>,
    /// The uptime commitment.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    uptime: Option<Text>,
    /// What happens to prepaid balance or credits if you leave.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    recovery: Option<Text>,
    /// How requests reach the official model (Gemini API, Vertex AI, model id).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    upstream: Option<Text>,
}

fn date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
}

fn price_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"anyOf": [
        {"type": ["number", "string"], "minimum": 0},
        {
            "type": "object",
            "properties": {
                "from": {"type": ["number", "string"], "minimum": 0},
                "to": {"type": ["number", "string"], "minimum": 0}
            },
            "required": ["from"],
            "additionalProperties": false
        }
    ]})
}

fn multipliers_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": ["object", "null"],
        "additionalProperties": {"type": ["number", "string"], "exclusiveMinimum": 0}
    })
}

// Optional keys may be left empty (YAML null), as the `quote-audit new` skeleton does.

fn opt_date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
}

fn opt_currency(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"type": ["string", "null"], "pattern": "^[A-Za-z]{3}$"})
}

fn opt_price(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"type": ["number", "string", "null"], "minimum": 0})
}

fn opt_count(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"type": ["integer", "string", "null"], "minimum": 1})
}

fn opt_unit(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"enum": ["image", "1k-images", "credit", "1m-tokens", "request", null]})
}

fn opt_party(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"enum": ["vendor", "google", "unknown", null]})
}

fn opt_failed(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"enum": ["billed", "not-billed", null]})
}

fn opt_expiry(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"type": ["string", "null"], "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2}|never)$"})
}

fn offers(generator: &mut SchemaGenerator) -> Schema {
    let item = generator.subschema_for::<RawOffer>();
    json_schema!({"type": "array", "minItems": 1, "items": item})
}

/// The JSON Schema (draft-07) of the quote file, from the types above.
pub fn json_schema() -> String {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawQuote>();
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// The schema's file name beside the quotes (written by `new` and `import`): a quote at
/// `<dir>/<slug>/<date>.yaml` reaches it as `../quote.schema.json`.
pub const SCHEMA_FILE: &str = "quote.schema.json";

/// How the YAML reader speaks of a quote file.
pub const FORMAT: Format = Format {
    name: "quote file",
    one: "quote",
    layout: "a quote file is `key: value` lines: vendor, received, offers (see README.md)",
    depth: "a quote is at most six levels deep (file, offers, offer, surcharges, surcharge, value); this is not a quote file",
    example_for,
    lists: &[
        ("offers", Some("mapping")),
        ("claims", None),
        ("surcharges", Some("mapping")),
        ("route_namespaces", None),
    ],
    mappings: &["credits", "terms", "topup", "price_map", "size_multipliers"],
};

/// A sample line for each required key, shown when it is missing.
fn example_for(key: &str) -> Option<&'static str> {
    Some(match key {
        "vendor" => "vendor: Acme Gateway",
        "received" => "received: 2026-05-02",
        "offers" => "offers: [{route: Nano Banana 2, size: 2K, price: 0.04}]",
        "route" => "route: Nano Banana 2",
        "size" => "size: 2K",
        "price" => "price: 0.04",
        "route_namespaces" => "route_namespaces: [acme]",
        _ => return None,
    })
}

/// Parses and validates one quote file; every problem found is returned.
pub fn parse(src: &Source) -> Result<Quote, Vec<Diagnostic>> {
    if src
        .text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(vec![Diagnostic::whole(&src.name, "file is empty").help(
            "write a quote: `vendor`, `received` and `offers` (see README.md), or remove the file",
        )]);
    }
    // A file read from the parser's events with no problem is read. Any other is read by
    // serde-saphyr, whose diagnostics are the ones given.
    if let Some(raw) = events::read(&src.text)
        && let Ok(quote) = validated(src, raw)
    {
        return Ok(quote);
    }
    let raw: RawQuote = yaml::parse(src, &FORMAT).map_err(|d| vec![d])?;
    validated(src, raw)
}

fn validated(src: &Source, raw: RawQuote) -> Result<Quote, Vec<Diagnostic>> {
    let mut v = Validator::new(src, example_for);
    let quote = validate(&mut v, raw);
    v.finish(quote)
}

/// A raw quote's values read into a [`Quote`], every problem collected in `v`.
fn validate(v: &mut Validator<'_>, raw: RawQuote) -> Quote {
    let vendor = v.text("vendor", raw.vendor, true);
    let received = v.date("received", raw.received);
    let valid_until = raw.valid_until.and_then(|t| v.date("valid_until", t));
    let verified = raw.verified.and_then(|t| v.date("verified", t));
    let draft = raw
        .draft
        .and_then(|t| v.flag("draft", t))
        .filter(|d| d.value)
        .map(|d| d.at);
    let currency = raw.currency.and_then(|t| currency_code(v, "currency", t));
    let code = currency
        .as_ref()
        .map_or("USD", |c| c.value.as_str())
        .to_owned();
    // A draft may have found no price on its page: it is reported as a draft until typed in.
    if raw.offers.value.is_empty() && draft.is_none() {
        v.error(
            at(&raw.offers),
            "`offers` is empty".into(),
            "list at least one offer: route, size and price",
        );
    }
    let offers: Vec<Offer> = raw
        .offers
        .value
        .into_iter()
        .enumerate()
        .filter_map(|(i, o)| offer(v, i, o, &code))
        .collect();
    let claims = raw
        .claims
        .unwrap_or_default()
        .into_iter()
        .filter_map(|c| v.text("claims", c, true))
        .collect();
    let route_namespaces = raw
        .route_namespaces
        .unwrap_or_default()
        .into_iter()
        .filter_map(|n| route_namespace(v, n))
        .collect();
    let credits = raw.credits.map(|c| credits(v, c));
    let terms = raw.terms.map(|t| terms(v, t)).unwrap_or_default();
    let topup = raw.topup.map(|t| topup(v, t, &code));
    let price_map = raw.price_map.and_then(|m| price_map(v, m));
    let mut ids: Vec<&Sp<String>> = offers
        .iter()
        .filter_map(|o: &Offer| o.id.as_ref())
        .collect();
    ids.sort_by(|a, b| (a.value.trim(), a.at).cmp(&(b.value.trim(), b.at)));
    for pair in ids.windows(2) {
        if pair[0].value.trim() == pair[1].value.trim() {
            v.error(
                pair[1].at,
                format!(
                    "offer id `{}` is used twice (first on line {})",
                    pair[1].value.trim(),
                    pair[0].at.line
                ),
                "give each offer its own id: ids pair offers across versions of the quote",
            );
        }
    }
    Quote {
        file: v.source().name.clone(),
        vendor: vendor.unwrap_or(Sp {
            value: String::new(),
            at: At::default(),
        }),
        received: received.unwrap_or(Sp {
            value: Date::ZERO,
            at: At::default(),
        }),
        valid_until,
        quote_id: v.opt_text("quote_id", raw.quote_id),
        source: v.opt_text("source", raw.source),
        currency,
        verified,
        draft,
        claims,
        route_namespaces,
        offers,
        credits,
        terms,
        topup,
        price_map,
    }
}

fn price_map(v: &mut Validator<'_>, raw: Spanned<RawPriceMap>) -> Option<PriceMap> {
    let a = at(&raw);
    let m = raw.value;
    let mut required = |field: &str, t: Option<Text>, example: &str| {
        let key = format!("price_map.{field}");
        let Some(t) = t else {
            v.error(
                a,
                format!("`{key}` is missing"),
                format!("add `{field}:` under `price_map` ({example}), or remove `price_map` from a vendor's quote"),
            );
            return None;
        };
        v.text(&key, t, true)
    };
    let name = required("name", m.name, "the map's package and file");
    let provider = required("provider", m.provider, "the map's provider, like gemini");
    let official = m
        .official
        .and_then(|t| v.flag("price_map.official", t))
        .is_some_and(|f| f.value);
    Some(PriceMap {
        at: a,
        name: name?,
        provider: provider?,
        official,
    })
}

fn currency_code(v: &mut Validator<'_>, key: &str, t: Text) -> Option<Sp<String>> {
    let a = at(&t);
    match crate::model::currency_code(&t.value) {
        Ok(value) => Some(Sp { value, at: a }),
        Err(problem) => {
            let message = format!("`{key}` {}", problem.what());
            v.error(a, message, problem.instead());
            None
        }
    }
}

/// One path segment with a letter or digit: `acme`, or `acme/` as a page writes it.
fn route_namespace(v: &mut Validator<'_>, t: Text) -> Option<Sp<String>> {
    let n = v.text("route_namespaces", t, true)?;
    let segment = n.value.trim().trim_matches('/');
    if segment.contains('/') {
        v.error(
            n.at,
            format!(
                "route namespace \"{}\" is more than one path segment",
                n.value.trim()
            ),
            "list each namespace the vendor writes before Google's names as an item of its own",
        );
        return None;
    }
    if fold(segment).is_empty() {
        v.error(
            n.at,
            format!("route namespace \"{}\" has no letters or digits", n.value.trim()),
            "write the namespace as the vendor's routes spell it, e.g. `acme` for `acme/nano-banana-2`",
        );
        return None;
    }
    Some(n)
}

fn offer(
    v: &mut Validator<'_>,
    index: usize,
    raw: Spanned<RawOffer>,
    currency: &str,
) -> Option<Offer> {
    let offer_at = at(&raw);
    let o = raw.value;
    let id = v.opt_text("id", o.id);
    let (route, size) = (text_of(o.route), text_of(o.size));
    if route.value.trim().is_empty() && size.value.trim().is_empty() && o.price.value.is_blank() {
        v.error(
            offer_at,
            format!("offer {} is blank", index + 1),
            "type the vendor's route, size and price on its lines, or remove the offer",
        );
        return None;
    }
    let route = v.text("route", route, true);
    let size = v.text("size", size, true);
    let price = price(v, o.price, currency);
    // Every field is checked before any is required, so one run reports them all.
    let size_multipliers = o
        .size_multipliers
        .map(|m| multipliers(v, m))
        .unwrap_or_default();
    if let (Some(s), Some(m)) = (&size, size_multipliers.first()) {
        let word = s.value.trim();
        if ["any", "unstated"]
            .iter()
            .any(|w| word.eq_ignore_ascii_case(w))
        {
            v.error(
                m.size.at,
                format!("`size_multipliers` needs a base size, but `size` is `{word}`"),
                "write the size the price is for (`size: 1K`), and each other size as a multiple of it",
            );
        }
    }
    let lane = v.opt_text("lane", o.lane);
    let unit = o.unit.and_then(|t| unit(v, t));
    let tokens = o.tokens.and_then(|t| v.count("tokens", t));
    if let (Some(t), false) = (&tokens, unit.as_ref().is_some_and(|u| u.value.per_token())) {
        v.error(
            t.at,
            "`tokens` is given but the price is not per 1M tokens, so it would be ignored".into(),
            "remove `tokens`, or set `unit: 1m-tokens` if the price is per million tokens",
        );
    }
    let official_claimed = o.official_claimed.and_then(|t| {
        let a = at(&t);
        match parse_price(&t.value, "USD") {
            Ok(p) => Some(Sp { value: p, at: a }),
            // Google's price is in USD whatever the quote's currency.
            Err((msg, _)) if msg.contains("quote's currency") => {
                v.error(
                    a,
                    format!("`official_claimed` \"{}\" is not in USD", t.value.trim()),
                    "write what the vendor says Google charges, in USD per image (\"$0.134\" or 0.134)",
                );
                None
            }
            Err((msg, help)) => {
                v.error(a, msg.replacen("price", "`official_claimed`", 1), help);
                None
            }
        }
    });
    let surcharges = o
        .surcharges
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| surcharge(v, s, currency))
        .collect();
    let note = v.opt_text("note", o.note);
    let (price, price_kind, price_to, price_text) = price?;
    Some(Offer {
        index,
        at: offer_at,
        id,
        route: route?,
        size: size?,
        size_multipliers,
        lane,
        price,
        price_kind,
        price_to,
        price_text,
        unit,
        tokens,
        official_claimed,
        surcharges,
        note,
    })
}

type ReadPrice = (Sp<Decimal>, PriceKind, Option<Sp<Decimal>>, String);

/// A price, a starting price (`{from: 0.018}`) or a range (`{from: 0.06, to: 0.175}`).
fn price(v: &mut Validator<'_>, raw: Spanned<RawPrice>, currency: &str) -> Option<ReadPrice> {
    let a = at(&raw);
    let one = |v: &mut Validator<'_>, t: &Text| match parse_price(&t.value, currency) {
        Ok(p) => Some(Sp {
            value: p,
            at: at(t),
        }),
        Err((msg, help)) => {
            v.error(at(t), msg, help);
            None
        }
    };
    match raw.value {
        RawPrice::One(Some(text)) if text.trim().is_empty() => {
            v.error(
                a,
                "`price` is empty".into(),
                "write the price as quoted, e.g. `price: 0.04` or `price: \"$0.04\"`",
            );
            None
        }
        RawPrice::One(text) => {
            let text = text.unwrap_or_else(|| v.source_text(&raw.defined).to_owned());
            let t = Spanned {
                value: text,
                referenced: raw.referenced,
                defined: raw.defined,
            };
            let p = one(v, &t)?;
            Some((p, PriceKind::Firm, None, t.value))
        }
        RawPrice::Range { from: None, .. } => {
            v.error(
                a,
                "`price` is a mapping without `from`".into(),
                "write `price: {from: 0.018}` for a starting price, or `price: {from: 0.06, to: 0.175}` for a range",
            );
            None
        }
        RawPrice::Range {
            from: Some(from),
            to,
        } => {
            let low = one(v, &from);
            let high = to.as_ref().and_then(|t| one(v, t));
            let (low, high) = (low?, high.or(None));
            if to.is_some() && high.is_none() {
                return None;
            }
            let text = match &to {
                Some(t) => format!("{}–{}", from.value.trim(), t.value.trim()),
                None => format!("from {}", from.value.trim()),
            };
            match high {
                Some(h) if h.value <= low.value => {
                    v.error(
                        h.at,
                        format!(
                            "`price.to` {} is not above `price.from` {}",
                            h.value, low.value
                        ),
                        "a range runs from the lower price to the higher; write one price (`price: 0.05`) when they are the same",
                    );
                    None
                }
                Some(h) => Some((low, PriceKind::Range, Some(h), text)),
                None => Some((low, PriceKind::From, None, text)),
            }
        }
    }
}

/// `size_multipliers: {2K: 1.5, 4K: 2}`: each factor an exact decimal above zero.
fn multipliers(v: &mut Validator<'_>, raw: Spanned<Pairs>) -> Vec<Multiplier> {
    if raw.value.0.is_empty() {
        v.error(
            at(&raw),
            "`size_multipliers` is empty".into(),
            "list each other size with its multiple of this offer's price, like `{2K: 1.5, 4K: 2}`, or remove the key",
        );
    }
    let mut out = Vec::new();
    for (size, factor) in raw.value.0 {
        let size = v.text("size_multipliers", size, true);
        let factor = v.decimal("size_multipliers", factor);
        if let Some(f) = &factor
            && f.value.is_zero()
        {
            v.error(
                f.at,
                "a size multiplier of 0 would make that size free".into(),
                "write the multiple of this offer's price the page gives for that size (1.5 for \"1.5×\")",
            );
            continue;
        }
        if let (Some(size), Some(factor)) = (size, factor) {
            out.push(Multiplier { size, factor });
        }
    }
    out
}

fn surcharge(
    v: &mut Validator<'_>,
    raw: Spanned<RawSurcharge>,
    currency: &str,
) -> Option<Surcharge> {
    let s = raw.value;
    let name = v.text("surcharges.name", s.name, true);
    let a = at(&s.price);
    let price = match parse_price(&s.price.value, currency) {
        Ok(p) => Some(Sp { value: p, at: a }),
        Err((msg, help)) => {
            v.error(a, msg.replacen("price", "surcharge price", 1), help);
            None
        }
    };
    let optional = s
        .optional
        .and_then(|t| v.flag("surcharges.optional", t))
        .is_some_and(|f| f.value);
    Some(Surcharge {
        name: name?,
        price: price?,
        optional,
    })
}

/// The unit word, one of [`Unit::NAMES`].
fn unit(v: &mut Validator<'_>, t: Text) -> Option<Sp<Unit>> {
    let a = at(&t);
    if let Some(u) = Unit::read(&t.value) {
        return Some(Sp { value: u, at: a });
    }
    let word = t.value.trim();
    let help = match did_you_mean(word, Unit::NAMES) {
        Some(s) => format!("did you mean `{s}`? (one of: {})", Unit::NAMES.join(", ")),
        None => format!(
            "write one of: {}; a price per generation or per call is `image` (one image per call) or `request`",
            Unit::NAMES.join(", ")
        ),
    };
    v.error(a, format!("`unit` \"{word}\" is not a known unit"), help);
    None
}

fn topup(v: &mut Validator<'_>, raw: Spanned<RawTopup>, quote_currency: &str) -> Topup {
    let a = at(&raw);
    let t = raw.value;
    let bonus_pct = t.bonus_pct.and_then(|x| v.decimal("topup.bonus_pct", x));
    let minimum = t.minimum.and_then(|x| v.decimal("topup.minimum", x));
    let currency = t
        .currency
        .and_then(|x| currency_code(v, "topup.currency", x));
    let rate = t.rate.and_then(|x| v.decimal("topup.rate", x));
    if let Some(r) = &rate
        && r.value.is_zero()
    {
        v.error(
            r.at,
            "`topup.rate` is 0".into(),
            "write how many units of the top-up currency the vendor charges for one unit of the quote's currency (\"1 USD = 7 CNY\": 7)",
        );
    }
    match (&currency, &rate) {
        (Some(c), None) if c.value != quote_currency => v.error(
            c.at,
            format!("`topup.currency` {} is given without the vendor's `rate`", c.value),
            format!(
                "add `rate:` — how many {} the vendor charges for 1 {quote_currency} — or remove `currency`",
                c.value
            ),
        ),
        (None, Some(r)) => v.error(
            r.at,
            "`topup.rate` is given without the `currency` it is paid in".into(),
            "add `currency:` (the ISO code of the currency paid, like CNY)",
        ),
        _ => {}
    }
    Topup {
        at: a,
        bonus_pct,
        minimum,
        currency,
        rate,
    }
}

fn credits(v: &mut Validator<'_>, raw: Spanned<RawCredits>) -> Credits {
    let a = at(&raw);
    let c = raw.value;
    Credits {
        at: a,
        price: c.price.and_then(|t| v.decimal("credits.price", t)),
        free: c.free.and_then(|t| v.decimal("credits.free", t)),
        granted_by: c
            .granted_by
            .and_then(|t| v.word("credits.granted_by", t, &Party::WORDS, Party::parse)),
        expires: c.expires.and_then(|t| expiry(v, t)),
        conditions: v.opt_text("credits.conditions", c.conditions),
    }
}

fn expiry(v: &mut Validator<'_>, t: Text) -> Option<Sp<Expiry>> {
    if t.value.trim().eq_ignore_ascii_case("never") {
        return Some(Sp {
            value: Expiry::Never,
            at: at(&t),
        });
    }
    let a = at(&t);
    match parse_date(&t.value) {
        Ok(d) => Some(Sp {
            value: Expiry::On(d),
            at: a,
        }),
        Err(why) => {
            v.error(
                a,
                format!("`credits.expires` \"{}\" {why}", t.value.trim()),
                "write a date as YYYY-MM-DD, or `never`",
            );
            None
        }
    }
}

fn terms(v: &mut Validator<'_>, raw: Spanned<RawTerms>) -> Terms {
    let a = at(&raw);
    let t = raw.value;
    Terms {
        at: Some(a),
        billing: t
            .billing
            .and_then(|x| v.word("terms.billing", x, &Party::WORDS, Party::parse)),
        quota: t
            .quota
            .and_then(|x| v.word("terms.quota", x, &Party::WORDS, Party::parse)),
        support: t
            .support
            .and_then(|x| v.word("terms.support", x, &Party::WORDS, Party::parse)),
        support_path: v.opt_text("terms.support_path", t.support_path),
        data_retention: v.opt_text("terms.data_retention", t.data_retention),
        training_use: t.training_use.and_then(|x| v.flag("terms.training_use", x)),
        data_region: v.opt_text("terms.data_region", t.data_region),
        failed_generations: t.failed_generations.and_then(|x| {
            v.word(
                "terms.failed_generations",
                x,
                &FailedGenerations::WORDS,
                FailedGenerations::parse,
            )
        }),
        failed_generations_note: v
            .opt_text("terms.failed_generations_note", t.failed_generations_note),
        safety: v.opt_text("terms.safety", t.safety),
        uptime: v.opt_text("terms.uptime", t.uptime),
        recovery: v.opt_text("terms.recovery", t.recovery),
        upstream: v.opt_text("terms.upstream", t.upstream),
    }
}

/// Currency signs accepted in front of a price, and the codes they stand for. `¥` is both
/// the yuan and the yen, so it is accepted for either.
const CURRENCY_SIGNS: &[(&str, &[&str])] = &[
    ("US$", &["USD"]),
    ("CN¥", &["CNY"]),
    ("JP¥", &["JPY"]),
    ("$", &["USD"]),
    ("€", &["EUR"]),
    ("£", &["GBP"]),
    ("¥", &["CNY", "JPY"]),
    ("￥", &["CNY", "JPY"]),
];

/// A price as written: a plain decimal, optionally led by a currency sign (`$0.04`) or led or
/// followed by the quote's currency code (`0.30 CNY`). A sign or code of another currency is
/// an error: a file holds prices in one currency.
pub(crate) fn parse_price(text: &str, currency: &str) -> Result<Decimal, (String, String)> {
    let mut number = text.trim();
    let mut named: Option<(&str, &[&str])> = None;
    for (sign, codes) in CURRENCY_SIGNS {
        if let Some(rest) = number.strip_prefix(sign) {
            named = Some((sign, codes));
            number = rest.trim_start();
            break;
        }
    }
    let code_of =
        |s: &str| (s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())).then(|| s.to_owned());
    let mut code: Option<String> = None;
    if let Some((head, tail)) = number.split_once(char::is_whitespace) {
        if let Some(c) = code_of(head.trim()) {
            code = Some(c);
            number = tail.trim();
        } else if let Some(c) = code_of(tail.trim()) {
            code = Some(c);
            number = head.trim();
        }
    }
    if let Some((sign, codes)) = named
        && !codes.contains(&currency)
    {
        return Err((
            format!(
                "price \"{text}\" is written in {} but the quote's currency is {currency}",
                codes.join(" or ")
            ),
            format!(
                "write the {currency} amount, or set `currency:` to match (one currency per file); the sign {sign} can be left out"
            ),
        ));
    }
    if let Some(c) = code
        && c != currency
    {
        return Err((
            format!("price \"{text}\" is in {c} but the quote's currency is {currency}"),
            format!("write the {currency} amount, or set `currency: {c}` (one currency per file)"),
        ));
    }
    parse_plain_decimal(number).map_err(|e| match e {
        NumberError::Negative => (
            format!("price \"{text}\" is negative"),
            "write the amount the vendor charges (0 is allowed and is flagged as a $0 offer)"
                .into(),
        ),
        other => other.explain("price", text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_text_forms() {
        assert_eq!(parse_price("0.04", "USD").unwrap().to_string(), "0.04");
        assert_eq!(parse_price("$0.04", "USD").unwrap().to_string(), "0.04");
        assert_eq!(parse_price("¥0.30", "CNY").unwrap().to_string(), "0.30");
        assert_eq!(parse_price("0.30 CNY", "CNY").unwrap().to_string(), "0.30");
        assert_eq!(parse_price("USD 0.04", "USD").unwrap().to_string(), "0.04");
        assert!(
            parse_price("$0.04", "CNY")
                .unwrap_err()
                .0
                .contains("quote's currency is CNY")
        );
        assert!(parse_price("0.04 EUR", "USD").is_err());
        assert!(parse_price("0.04/image", "USD").is_err());
    }

    #[test]
    fn numeric_prices_are_read_from_their_text() {
        let src = Source {
            name: "q.yaml".into(),
            text: "vendor: A\nreceived: 2026-05-01\noffers:\n  - {route: NB2, size: 2K, price: &p 0.30000000000000004}\n  - {route: NB2, size: 1K, price: *p}\n  - route: NB2\n    size: 4K\n    price: {from: 0.0180, to: 1e-3}\n".into(),
        };
        let errors = parse(&src).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].line, errors[0].col), (8, 31));
        let src = Source {
            text: src.text.replace("1e-3", "0.175"),
            ..src
        };
        let q = parse(&src).unwrap();
        let prices: Vec<String> = q.offers.iter().map(|o| o.price.value.to_string()).collect();
        assert_eq!(
            prices,
            ["0.30000000000000004", "0.30000000000000004", "0.0180"]
        );
        assert_eq!(q.offers[1].price_text, "0.30000000000000004");
        assert_eq!(q.offers[2].price_kind, PriceKind::Range);
        assert_eq!(
            q.offers[2].price_to.as_ref().unwrap().value.to_string(),
            "0.175"
        );
    }

    #[test]
    fn merge_keys_read_as_if_written_out() {
        let src = |text: &str| Source {
            name: "q.yaml".into(),
            text: format!("vendor: A\nreceived: 2026-05-01\noffers:\n{text}"),
        };
        let merged = src("  - &a {route: NB2, size: 2K, price: 0.1}\n  - <<: *a\n    size: 1K\n");
        let written =
            src("  - {route: NB2, size: 2K, price: 0.1}\n  - {route: NB2, size: 1K, price: 0.1}\n");
        let offers = |s: &Source| {
            let q = parse(s).unwrap();
            q.offers
                .iter()
                .map(|o| (o.route.value.clone(), o.size.value.clone(), o.price.value))
                .collect::<Vec<_>>()
        };
        assert_eq!(offers(&merged), offers(&written));
    }

    #[test]
    fn route_namespaces_are_single_path_segments() {
        let src = |list: &str| Source {
            name: "q.yaml".into(),
            text: format!(
                "vendor: A\nreceived: 2026-05-01\nroute_namespaces: {list}\noffers:\n  - {{route: NB2, size: 2K, price: 0.1}}\n"
            ),
        };
        let q = parse(&src("[acme, \"acme-v1/\"]")).unwrap();
        let names: Vec<&str> = q
            .route_namespaces
            .iter()
            .map(|n| n.value.as_str())
            .collect();
        assert_eq!(names, ["acme", "acme-v1/"]);
        assert_eq!(q.route_namespaces[0].at.line, 3);
        for (list, why) in [
            ("[\"\"]", "`route_namespaces` is empty"),
            ("[acme/v1]", "is more than one path segment"),
            ("[\"/\"]", "has no letters or digits"),
        ] {
            let err = parse(&src(list)).unwrap_err();
            assert!(err[0].message.contains(why), "{list}: {}", err[0]);
        }
        let err = parse(&src("acme")).unwrap_err();
        assert!(err[0].message.contains("list"), "{}", err[0]);
    }

    /// The quote of `src` as the event reader reads it, when it reads it without a problem.
    fn read_from_events(src: &Source) -> Option<Quote> {
        events::read(&src.text).and_then(|raw| validated(src, raw).ok())
    }

    /// The quote or the problems of `src` as serde-saphyr reads it.
    fn read_strictly(src: &Source) -> Result<Quote, Vec<Diagnostic>> {
        yaml::parse::<RawQuote>(src, &FORMAT)
            .map_err(|d| vec![d])
            .and_then(|raw| validated(src, raw))
    }

    #[test]
    fn every_quote_in_the_repository_reads_from_events_as_it_reads_strictly() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read = 0;
        for dir in ["quotes", "tests", "fuzz/corpus"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let path = entry.unwrap().into_path();
                if path.extension().is_none_or(|e| e != "yaml") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let src = Source {
                    name: path.display().to_string(),
                    text,
                };
                if let Some(quote) = read_from_events(&src) {
                    assert_eq!(Ok(quote), read_strictly(&src), "{}", src.name);
                    read += 1;
                }
            }
        }
        // The bundled quotes and most test quotes are plain YAML: the fast reading is used.
        assert!(read >= 80, "only {read} quotes were read from events");
        for vendor in [
            "bananagate",
            "creditforge",
            "flatrate",
            "huayun",
            "tokenrelay",
        ] {
            let dir = root.join("quotes").join(vendor);
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let src = Source {
                    name: path.display().to_string(),
                    text: std::fs::read_to_string(&path).unwrap(),
                };
                assert!(read_from_events(&src).is_some(), "{}", src.name);
            }
        }
    }

    #[test]
    fn the_event_reader_leaves_what_it_is_not_sure_of_to_the_strict_one() {
        let head = "vendor: A\nreceived: 2026-05-01\n";
        let offer = "offers:\n  - {route: NB2, size: 2K, price: 0.1}\n";
        for text in [
            format!("{head}{offer}vendor: B\n"),
            format!("{head}offers:\n  - &o {{route: NB2, size: 2K, price: 0.1}}\n  - *o\n"),
            format!("{head}offers:\n  - {{route: NB2, size: 2K, price: !!str 0.1}}\n"),
            format!("{head}offers:\n  - {{route: NB2, size: 2K, price: 0.1, <<: {{}}}}\n"),
            format!("{head}{offer}---\n{head}{offer}"),
            format!("%YAML 1.2\n---\n{head}{offer}"),
            format!("{head}{offer}terms: {{billing: vendor, billing: google}}\n"),
            format!("{head}{offer}terms: {{billing: ~, billing: google}}\n"),
            format!(
                "{head}offers:\n  - {{route: NB2, size: 2K, price: 0.1, size_multipliers: {{4K: 2, 4K: 3}}}}\n"
            ),
            format!("{head}offers:\n  - {{route: NB2, size: 2K}}\n"),
            format!("vendor: ~\nreceived: 2026-05-01\n{offer}"),
            format!("{head}{offer}claims: free\n"),
            format!("{head}{offer}colour: blue\n"),
            // Keys serde-saphyr reads as a merge or compares by value.
            format!(
                "{head}offers:\n  - {{route: NB2, size: 1K, price: 0.1, size_multipliers: {{<<: 2}}}}\n"
            ),
            format!(
                "{head}offers:\n  - {{route: NB2, size: 1K, price: 0.1, size_multipliers: {{2048: 2, +2048: 3}}}}\n"
            ),
            format!(
                "{head}offers:\n  - {{route: NB2, size: 1K, price: 0.1, size_multipliers: {{2048: 2, 0x800: 3}}}}\n"
            ),
            format!(
                "{head}offers:\n  - {{route: NB2, size: 1K, price: 0.1, size_multipliers: {{.inf: 2}}}}\n"
            ),
        ] {
            assert!(events::read(&text).is_none(), "{text}");
        }
        assert!(events::read(&format!("{head}{offer}")).is_some());
        // A near miss: sizes are text, read from events.
        let sizes = format!(
            "{head}offers:\n  - {{route: NB2, size: 1K, price: 0.1, size_multipliers: {{2K: 1.5, 1024px: 2, \"4K\": 3}}}}\n"
        );
        assert!(events::read(&sizes).is_some());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        const QUOTE: &str = "vendor: A\nreceived: 2026-05-01\ncurrency: ~\nclaims: [\"free\", 'x']\noffers:\n  - route: NB2\n    size: 2K\n    price: 0.1\n    surcharges: [{name: s, price: 0.01}]\n  - {route: NB2, size: 1K, price: {from: 0.05, to: 0.06}, size_multipliers: {2K: 1.5}}\n  - route: \"NB2\"\n    size: |\n      2K\n    price: '0.2'\nterms:\n  billing: vendor\n  support:\ntopup: {bonus_pct: 10}\n";

        #[test]
        fn the_quote_mutated_reads_from_events() {
            let src = Source {
                name: "q.yaml".into(),
                text: QUOTE.to_owned(),
            };
            let quote = read_from_events(&src).expect("read from events");
            assert_eq!(Ok(quote), read_strictly(&src));
        }

        proptest! {
            /// A quote the event reader reads is the one serde-saphyr reads, whatever is
            /// inserted where: keys repeated, merged, aliased, tagged, quoted or mangled.
            #[test]
            fn quotes_read_from_events_as_they_read_strictly(
                at in 0usize..260,
                insert in prop_oneof![
                    r#"[ -~\n{}\[\]:,&*!<>#'"|-]{0,30}"#,
                    Just("    price: 0.2\n".to_owned()),
                    Just("    <<: {lane: batch}\n".to_owned()),
                    Just("  - &o {route: NB2, size: 4K, price: 1}\n  - *o\n".to_owned()),
                    Just("vendor: B\n".to_owned()),
                    Just("    \"price\": 0.3\n".to_owned()),
                    Just("    price: \"$0.2\"\n".to_owned()),
                    Just(" !!str ".to_owned()),
                    Just("    lane: >\n      batch\n      lane\n".to_owned()),
                    Just("    note: a\n      b\n".to_owned()),
                ],
            ) {
                let mut text = QUOTE.to_owned();
                let at = (0..=at.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
                text.insert_str(at, &insert);
                let src = Source { name: "q.yaml".into(), text };
                if let Some(quote) = read_from_events(&src) {
                    prop_assert_eq!(Ok(quote), read_strictly(&src));
                }
            }
        }
    }
}
