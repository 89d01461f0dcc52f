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

use crate::diag::Diagnostic;
use crate::load::yaml::at;
use crate::load::{Source, yaml};
use crate::model::{At, Credits, Expiry, FailedGenerations, Offer, Party, Quote, Sp, Terms};
use crate::money::{NumberError, parse_plain_decimal};
use crate::text::did_you_mean;

type Text = Spanned<String>;

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

/// One priced offer, in the vendor's words.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOffer {
    /// The vendor's wording of the model ("Nano Banana 2", "fal-ai/nano-banana-2/edit").
    #[schemars(with = "String")]
    route: Text,
    /// The vendor's wording of the output size (0.5K, 1K, 2K, 4K, 1024px, 2048x2048).
    #[schemars(with = "String")]
    size: Text,
    /// The lane or call style (standard, batch, flex, async, webhook, or the vendor's own).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    lane: Option<Text>,
    /// The price: a plain decimal, or a string like "$0.04".
    #[schemars(schema_with = "price")]
    price: Text,
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
    let raw: RawQuote = yaml::parse_structs(src, example_for).map_err(|d| vec![d])?;
    let mut v = Validator::new(src);
    let quote = v.quote(raw);
    v.finish(quote)
}

/// At most this many problems are listed per file; the rest are counted.
const MAX_DIAGNOSTICS: usize = 100;

/// Collects every problem of one file while building the validated quote.
pub(crate) struct Validator<'a> {
    pub(crate) src: &'a Source,
    pub(crate) diags: Vec<Diagnostic>,
    /// The file's lines, split once, for the source line of each problem.
    lines: Vec<&'a str>,
    /// Problems past [`MAX_DIAGNOSTICS`].
    more: usize,
}

impl<'a> Validator<'a> {
    pub(crate) fn new(src: &'a Source) -> Self {
        Validator {
            src,
            diags: Vec::new(),
            lines: src.text.lines().collect(),
            more: 0,
        }
    }

    pub(crate) fn error(&mut self, at: At, message: String, help: impl Into<String>) {
        if self.diags.len() >= MAX_DIAGNOSTICS {
            self.more += 1;
            return;
        }
        self.diags.push(Diagnostic {
            file: self.src.name.clone(),
            line: at.line.max(1),
            col: at.col.max(1),
            message,
            help: Some(help.into()),
            source_line: self
                .lines
                .get(at.line.saturating_sub(1))
                .map(|l| (*l).to_owned()),
        });
    }

    /// The problems found, with a count of those not listed; `Ok` when there are none.
    pub(crate) fn finish<T>(mut self, value: T) -> Result<T, Vec<Diagnostic>> {
        if self.more > 0 {
            let more = format!("… and {} more problems in this file", self.more);
            self.diags.push(
                Diagnostic::whole(&self.src.name, more).help("fix the ones listed and run again"),
            );
        }
        if self.diags.is_empty() {
            Ok(value)
        } else {
            Err(self.diags)
        }
    }

    /// Text as written; `required` text may not be blank. Blank optional text counts as absent.
    pub(crate) fn text(&mut self, key: &str, t: Text, required: bool) -> Option<Sp<String>> {
        let a = at(&t);
        if t.value.trim().is_empty() {
            if required {
                self.error(
                    a,
                    format!("`{key}` is empty"),
                    format!(
                        "write the {key}, e.g. `{}`",
                        example_for(key).unwrap_or("...")
                    ),
                );
            }
            return None;
        }
        Some(Sp {
            value: t.value,
            at: a,
        })
    }

    pub(crate) fn opt_text(&mut self, key: &str, t: Option<Text>) -> Option<Sp<String>> {
        t.and_then(|t| self.text(key, t, false))
    }

    pub(crate) fn date(&mut self, key: &str, t: Text) -> Option<Sp<Date>> {
        let a = at(&t);
        match parse_date(&t.value) {
            Ok(d) => Some(Sp { value: d, at: a }),
            Err(why) => {
                self.error(
                    a,
                    format!("`{key}` \"{}\" {why}", t.value.trim()),
                    "write a real date as YYYY-MM-DD, like 2026-05-02",
                );
                None
            }
        }
    }

    pub(crate) fn decimal(&mut self, key: &str, t: Text) -> Option<Sp<Decimal>> {
        let a = at(&t);
        match parse_plain_decimal(&t.value) {
            Ok(d) => Some(Sp { value: d, at: a }),
            Err(e) => {
                let (msg, help) = e.explain(&format!("`{key}`"), t.value.trim());
                self.error(a, msg, help);
                None
            }
        }
    }

    pub(crate) fn count(&mut self, key: &str, t: Text) -> Option<Sp<u64>> {
        let a = at(&t);
        let digits = t.value.trim();
        match digits.parse::<u64>() {
            Ok(n) if n > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => {
                Some(Sp { value: n, at: a })
            }
            _ => {
                self.error(
                    a,
                    format!(
                        "`{key}` \"{}\" is not a whole number above zero",
                        t.value.trim()
                    ),
                    "write a whole number above zero".to_owned(),
                );
                None
            }
        }
    }

    pub(crate) fn word<T>(
        &mut self,
        key: &str,
        t: Text,
        words: &[&'static str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<Sp<T>> {
        let a = at(&t);
        match parse(&t.value) {
            Some(v) => Some(Sp { value: v, at: a }),
            None => {
                let help = match did_you_mean(t.value.trim(), words.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? (one of: {})", words.join(", ")),
                    None => format!("write one of: {}", words.join(", ")),
                };
                self.error(
                    a,
                    format!("`{key}` \"{}\" is not a known value", t.value.trim()),
                    help,
                );
                None
            }
        }
    }

    fn quote(&mut self, raw: RawQuote) -> Quote {
        let vendor = self.text("vendor", raw.vendor, true);
        let received = self.date("received", raw.received);
        let valid_until = raw.valid_until.and_then(|t| self.date("valid_until", t));
        let verified = raw.verified.and_then(|t| self.date("verified", t));
        let currency = raw.currency.and_then(|t| self.currency(t));
        let code = currency
            .as_ref()
            .map_or("USD", |c| c.value.as_str())
            .to_owned();
        if raw.offers.value.is_empty() {
            self.error(
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
            .filter_map(|(i, o)| self.offer(i, o, &code))
            .collect();
        let claims = raw
            .claims
            .unwrap_or_default()
            .into_iter()
            .filter_map(|c| self.text("claims", c, true))
            .collect();
        let credits = raw.credits.map(|c| self.credits(c));
        let terms = raw.terms.map(|t| self.terms(t)).unwrap_or_default();
        Quote {
            file: self.src.name.clone(),
            vendor: vendor.unwrap_or(Sp {
                value: String::new(),
                at: At::default(),
            }),
            received: received.unwrap_or(Sp {
                value: Date::ZERO,
                at: At::default(),
            }),
            valid_until,
            quote_id: self.opt_text("quote_id", raw.quote_id),
            source: self.opt_text("source", raw.source),
            currency,
            verified,
            claims,
            offers,
            credits,
            terms,
        }
    }

    fn currency(&mut self, t: Text) -> Option<Sp<String>> {
        let a = at(&t);
        let code = t.value.trim();
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
            Some(Sp {
                value: code.to_ascii_uppercase(),
                at: a,
            })
        } else {
            self.error(
                a,
                format!("`currency` \"{code}\" is not an ISO 4217 code"),
                "write a three-letter code such as USD, CNY or EUR",
            );
            None
        }
    }

    fn offer(&mut self, index: usize, raw: Spanned<RawOffer>, currency: &str) -> Option<Offer> {
        let offer_at = at(&raw);
        let o = raw.value;
        let route = self.text("route", o.route, true);
        let size = self.text("size", o.size, true);
        let price_at = at(&o.price);
        let price_text = o.price.value.clone();
        let price = match parse_price(&price_text, currency) {
            Ok(p) => Some(Sp {
                value: p,
                at: price_at,
            }),
            Err((msg, help)) => {
                self.error(price_at, msg, help);
                None
            }
        };
        // Every field is checked before any is required, so one run reports them all.
        let lane = self.opt_text("lane", o.lane);
        let unit = self.opt_text("unit", o.unit);
        let tokens = o.tokens.and_then(|t| self.count("tokens", t));
        let official_claimed = o
            .official_claimed
            .and_then(|t| self.decimal("official_claimed", t));
        let note = self.opt_text("note", o.note);
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

    fn credits(&mut self, raw: Spanned<RawCredits>) -> Credits {
        let a = at(&raw);
        let c = raw.value;
        Credits {
            at: a,
            price: c.price.and_then(|t| self.decimal("credits.price", t)),
            free: c.free.and_then(|t| self.decimal("credits.free", t)),
            granted_by: c
                .granted_by
                .and_then(|t| self.word("credits.granted_by", t, &Party::WORDS, Party::parse)),
            expires: c.expires.and_then(|t| self.expiry(t)),
            conditions: self.opt_text("credits.conditions", c.conditions),
        }
    }

    fn expiry(&mut self, t: Text) -> Option<Sp<Expiry>> {
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
                self.error(
                    a,
                    format!("`credits.expires` \"{}\" {why}", t.value.trim()),
                    "write a date as YYYY-MM-DD, or `never`",
                );
                None
            }
        }
    }

    fn terms(&mut self, raw: Spanned<RawTerms>) -> Terms {
        let a = at(&raw);
        let t = raw.value;
        Terms {
            at: Some(a),
            billing: t
                .billing
                .and_then(|x| self.word("terms.billing", x, &Party::WORDS, Party::parse)),
            quota: t
                .quota
                .and_then(|x| self.word("terms.quota", x, &Party::WORDS, Party::parse)),
            support: t
                .support
                .and_then(|x| self.word("terms.support", x, &Party::WORDS, Party::parse)),
            support_path: self.opt_text("terms.support_path", t.support_path),
            data_retention: self.opt_text("terms.data_retention", t.data_retention),
            training_use: t
                .training_use
                .and_then(|x| self.word("terms.training_use", x, &["true", "false"], parse_bool)),
            data_region: self.opt_text("terms.data_region", t.data_region),
            failed_generations: t.failed_generations.and_then(|x| {
                self.word(
                    "terms.failed_generations",
                    x,
                    &FailedGenerations::WORDS,
                    FailedGenerations::parse,
                )
            }),
            failed_generations_note: self
                .opt_text("terms.failed_generations_note", t.failed_generations_note),
            safety: self.opt_text("terms.safety", t.safety),
            uptime: self.opt_text("terms.uptime", t.uptime),
            recovery: self.opt_text("terms.recovery", t.recovery),
            upstream: self.opt_text("terms.upstream", t.upstream),
        }
    }
}

pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s.trim() {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// `YYYY-MM-DD`, and a day that exists.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let t = text.trim();
    let b = t.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err("is not a date in the form YYYY-MM-DD".into());
    }
    let num = |r: std::ops::Range<usize>| t[r].parse::<i16>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    if y < 1900 {
        return Err(format!("is not a plausible date (year {y})"));
    }
    if !(1..=12).contains(&m) {
        return Err(format!("has no month {m}"));
    }
    Date::new(y, m as i8, d as i8).map_err(|_| {
        let days = Date::new(y, m as i8, 1).map_or(31, |first| first.days_in_month());
        format!("is not a real date (that month has {days} days)")
    })
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
    fn dates_must_exist() {
        assert!(parse_date("2026-05-02").is_ok());
        assert!(parse_date("2028-02-29").is_ok());
        assert_eq!(
            parse_date("2026-02-30").unwrap_err(),
            "is not a real date (that month has 28 days)"
        );
        assert_eq!(parse_date("2026-13-01").unwrap_err(), "has no month 13");
        assert!(parse_date("02/05/2026").is_err());
        assert!(parse_date("2026-5-2").is_err());
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
                let fast = yaml::parse_structs::<RawQuote>(&src, example_for);
                let strict = yaml::parse::<RawQuote>(&src, example_for);
                prop_assert_eq!(format!("{fast:?}"), format!("{strict:?}"));
            }
        }
    }
}
