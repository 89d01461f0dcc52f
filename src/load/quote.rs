//! The quote file format (SPEC §4): the serde shape of a file, and its validation into a
//! [`Quote`].
//!
//! Scalars are read as text and checked here, not by serde, so that every problem in a file is
//! reported in one run, each with its own line, column and fix. Prices are parsed from that
//! text, never through a float.

use jiff::civil::Date;
use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::yaml::{self, Format};
use crate::diag::{Diagnostic, Source};
use crate::model::{At, Credits, Expiry, FailedGenerations, Offer, Party, Quote, Sp, Terms};
use crate::money::{NumberError, parse_plain_decimal};
use crate::validate::{Text, Validator, at, parse_date};

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
    /// The vendor's own statements, verbatim.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    claims: Option<Vec<Text>>,
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
}

// Route, size and price are required, but read even when left empty (YAML null), as the
// `quote-audit new` skeleton leaves them: an offer not yet typed in is then one problem that
// says so, not a parse stopped at its first empty line. The schema still asks for a value.

/// One priced offer, in the vendor's words.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOffer {
    /// The vendor's wording of the model ("Nano Banana 2", "fal-ai/nano-banana-2/edit").
    #[schemars(with = "String")]
    route: Blank,
    /// The vendor's wording of the output size (0.5K, 1K, 2K, 4K, 1024px, 2048x2048).
    #[schemars(with = "String")]
    size: Blank,
    /// The lane or call style (standard, batch, flex, async, webhook, or the vendor's own).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    lane: Option<Text>,
    /// The price: a plain decimal, or a string like "$0.04".
    #[schemars(schema_with = "price")]
    price: Blank,
    /// The price's unit (default image).
    #[serde(default)]
    #[schemars(schema_with = "opt_unit")]
    unit: Option<Text>,
    /// Output tokens per image, for a price per 1M tokens.
    #[serde(default)]
    #[schemars(schema_with = "opt_count")]
    tokens: Option<Text>,
    /// What the vendor says Google charges for this row, in USD per image.
    #[serde(default)]
    #[schemars(schema_with = "opt_price")]
    official_claimed: Option<Text>,
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

/// The vendor's credit scheme.
#[derive(Debug, Deserialize, JsonSchema)]
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
#[derive(Debug, Deserialize, JsonSchema)]
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

fn price(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"type": ["number", "string"], "minimum": 0})
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

/// How the YAML reader speaks of a quote file.
pub const FORMAT: Format = Format {
    name: "quote file",
    one: "quote",
    layout: "a quote file is `key: value` lines: vendor, received, offers (see README.md)",
    depth: "a quote is at most four levels deep (file, offers, offer, value); this is not a quote file",
    example_for,
    lists: &[("offers", Some("mapping")), ("claims", None)],
    mappings: &["credits", "terms"],
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
    let raw: RawQuote = yaml::parse_structs(src, &FORMAT).map_err(|d| vec![d])?;
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
    let currency = raw.currency.and_then(|t| currency(v, t));
    let code = currency
        .as_ref()
        .map_or("USD", |c| c.value.as_str())
        .to_owned();
    if raw.offers.value.is_empty() {
        v.error(
            at(&raw.offers),
            "`offers` is empty".into(),
            "list at least one offer: route, size and price",
        );
    }
    let offers = raw
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
    let credits = raw.credits.map(|c| credits(v, c));
    let terms = raw.terms.map(|t| terms(v, t)).unwrap_or_default();
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
        claims,
        offers,
        credits,
        terms,
    }
}

fn currency(v: &mut Validator<'_>, t: Text) -> Option<Sp<String>> {
    let a = at(&t);
    let code = t.value.trim();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        Some(Sp {
            value: code.to_ascii_uppercase(),
            at: a,
        })
    } else {
        v.error(
            a,
            format!("`currency` \"{code}\" is not an ISO 4217 code"),
            "write a three-letter code such as USD, CNY or EUR",
        );
        None
    }
}

fn offer(
    v: &mut Validator<'_>,
    index: usize,
    raw: Spanned<RawOffer>,
    currency: &str,
) -> Option<Offer> {
    let offer_at = at(&raw);
    let o = raw.value;
    let (route, size, price) = (text_of(o.route), text_of(o.size), text_of(o.price));
    if [&route, &size, &price]
        .iter()
        .all(|t| t.value.trim().is_empty())
    {
        v.error(
            offer_at,
            format!("offer {} is blank", index + 1),
            "type the vendor's route, size and price on its lines, or remove the offer",
        );
        return None;
    }
    let route = v.text("route", route, true);
    let size = v.text("size", size, true);
    let price_at = at(&price);
    let price_text = price.value;
    let price = match parse_price(&price_text, currency) {
        _ if price_text.trim().is_empty() => {
            v.error(
                price_at,
                "`price` is empty".into(),
                "write the price as quoted, e.g. `price: 0.04` or `price: \"$0.04\"`",
            );
            None
        }
        Ok(p) => Some(Sp {
            value: p,
            at: price_at,
        }),
        Err((msg, help)) => {
            v.error(price_at, msg, help);
            None
        }
    };
    // Every field is checked before any is required, so one run reports them all.
    let lane = v.opt_text("lane", o.lane);
    let unit = v.opt_text("unit", o.unit);
    let tokens = o.tokens.and_then(|t| v.count("tokens", t));
    let official_claimed = o
        .official_claimed
        .and_then(|t| v.decimal("official_claimed", t));
    let note = v.opt_text("note", o.note);
    Some(Offer {
        index,
        at: offer_at,
        route: route?,
        size: size?,
        lane,
        price: price?,
        price_text,
        unit,
        tokens,
        official_claimed,
        note,
    })
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

    mod properties {
        use super::*;
        use proptest::prelude::*;

        const QUOTE: &str = "vendor: A\nreceived: 2026-05-01\noffers:\n  - &o\n    route: NB2\n    size: 2K\n    price: 0.1\n  - {route: NB2, size: 1K, price: 0.05}\n";

        proptest! {
            /// The fast reading of a quote file is the strict one: the same quote, or the same
            /// diagnostic, whatever keys are repeated, merged, aliased or mangled.
            #[test]
            fn quotes_read_fast_as_they_read_strictly(
                at in 0usize..130,
                insert in prop_oneof![
                    r#"[ -~\n{}\[\]:,&*!<>#-]{0,30}"#,
                    Just("    price: 0.2\n".to_owned()),
                    Just("    <<: *o\n".to_owned()),
                    Just("  - <<: *o\n    size: 4K\n".to_owned()),
                    Just("vendor: B\n".to_owned()),
                    Just("    \"price\": 0.3\n".to_owned()),
                ],
            ) {
                let mut text = QUOTE.to_owned();
                let at = (0..=at.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
                text.insert_str(at, &insert);
                let src = Source { name: "q.yaml".into(), text };
                let fast = yaml::parse_structs::<RawQuote>(&src, &FORMAT);
                let strict = yaml::parse::<RawQuote>(&src, &FORMAT);
                prop_assert_eq!(format!("{fast:?}"), format!("{strict:?}"));
            }
        }
    }
}
