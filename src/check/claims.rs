//! Claims: the vendor's own statements, each classified into one of the four contract layers
//! (official API output, API key creation, consumer/product surface, gateway/provider route),
//! checked where it states a Google price or a saving, and never passed over silently: a claim
//! no rule classes is listed as `unclassified-claim` for a human to read.
//!
//! The phrases are data: [`PATTERNS`] is the one table of layer rules, [`NEUTRAL`] the phrases
//! that look like a claim word but are not one ("watermark-free", "no credit card", "not
//! limited to"). Matching is case-insensitive and on whole words ("flow" does not match
//! "workflow"); phrases in scripts without spaces match as substrings.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use regex::Regex;
use rust_decimal::Decimal;

use super::context::{Context, Entry, Findings};
use crate::load::baseline::{Baseline, NameKind};
use crate::model::{Lane, Party, Quote, Rule, Severity, SizeClass, Sp, Subject, Thresholds};
use crate::money::{parse_plain_decimal, pct_cell, usd_cell, within_pct};

/// The contract layer a claim speaks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    OfficialApi,
    ApiKey,
    ConsumerSurface,
    GatewayRoute,
}

impl Layer {
    fn describe(self) -> &'static str {
        match self {
            Layer::OfficialApi => "official API output",
            Layer::ApiKey => "API key creation",
            Layer::ConsumerSurface => "consumer/product surface",
            Layer::GatewayRoute => "gateway/provider route",
        }
    }
}

/// A claim rule's phrases: it applies when a phrase of `any` is in the claim, and a phrase of
/// `also` (when `also` is not empty), and no phrase of `unless`.
struct Pattern {
    rule: Rule,
    layer: Layer,
    any: &'static [&'static str],
    also: &'static [&'static str],
    /// Word lists, any phrase of which keeps the rule off.
    unless: &'static [&'static [&'static str]],
    /// The safe reading, said in the finding.
    reading: &'static str,
}

/// "Free" in the languages the table covers.
const FREE_WORDS: &[&str] = &[
    "free",
    "gratis",
    "gratuit",
    "gratuito",
    "gratuita",
    "kostenlos",
    "kostenlose",
    "kostenloser",
    "kostenloses",
    "免费",
    "免費",
    "無料",
];

/// A free key or account: the API key layer.
const KEY_WORDS: &[&str] = &[
    "api key",
    "api keys",
    "free key",
    "free keys",
    "keys",
    "sign up",
    "signup",
    "register",
    "registration",
    "account",
    "accounts",
    "注册",
    "キー",
];

/// Credits and trials: the vendor's promotion.
const CREDIT_WORDS: &[&str] = &[
    "credit",
    "credits",
    "créditos",
    "guthaben",
    "trial",
    "额度",
    "试用",
    "試用",
    "お試し",
    "トライアル",
    "クレジット",
];

/// Consumer surfaces, when named as such.
const SURFACE_WORDS: &[&str] = &["gemini app", "ai mode", "google flow", "google ai studio"];

/// The claim rules, in the order their findings are listed. A rule may have several patterns;
/// it fires once per claim.
const PATTERNS: &[Pattern] = &[
    Pattern {
        rule: Rule::FreeOfficialApi,
        layer: Layer::OfficialApi,
        any: FREE_WORDS,
        also: &[
            "api",
            "nano banana",
            "gemini",
            "model",
            "models",
            "generation",
            "generations",
            "image",
            "images",
            "access",
            "tier",
            "acceso",
            "zugang",
            "调用",
            "生成",
            "画像",
        ],
        unless: &[
            &["api key", "api keys", "free key", "free keys"],
            CREDIT_WORDS,
            SURFACE_WORDS,
        ],
        reading: "Google's price rows for these models have no free tier, so free official API output does not exist; whatever is free here is the vendor's promotion, funded and limited by the vendor",
    },
    Pattern {
        rule: Rule::FreeApiKey,
        layer: Layer::ApiKey,
        any: FREE_WORDS,
        also: KEY_WORDS,
        unless: &[&["credit", "credits"]],
        reading: "a key or account is credentials, not output: generated images are still billed, at Google's price on the official API or at the vendor's on its route",
    },
    Pattern {
        rule: Rule::ConsumerSurface,
        layer: Layer::ConsumerSurface,
        any: &[
            "gemini app",
            "ai mode",
            "google flow",
            "google ai studio",
            "google ai pro",
            "google ai ultra",
            "google ai plan",
            "google ai plans",
            "google one",
            "gemini advanced",
            "ai premium",
        ],
        also: &[],
        unless: &[&["api key", "api keys"]],
        reading: "consumer apps and plans have their own quotas and credit rules, separate from API billing; they are not API budget",
    },
    Pattern {
        rule: Rule::FreeCredits,
        layer: Layer::GatewayRoute,
        any: &[
            "credit",
            "credits",
            "créditos",
            "guthaben",
            "额度",
            "クレジット",
        ],
        also: &[
            "free",
            "gratis",
            "bonus",
            "gift",
            "welcome",
            "complimentary",
            "trial",
            "sign up",
            "signup",
            "register",
            "new account",
            "new accounts",
            "new users",
            "赠送",
            "免费",
            "無料",
        ],
        unless: &[],
        reading: "credits are the vendor's promotion on its own route, not a Google entitlement",
    },
    Pattern {
        rule: Rule::FreeCredits,
        layer: Layer::GatewayRoute,
        any: &[
            "free trial",
            "trial",
            "试用",
            "試用",
            "お試し",
            "トライアル",
        ],
        also: &[],
        unless: &[],
        reading: "a trial is the vendor's promotion on its own route, not a Google entitlement",
    },
    Pattern {
        rule: Rule::UnlimitedClaim,
        layer: Layer::GatewayRoute,
        any: &[
            "unlimited",
            "no limits",
            "no limit",
            "without limits",
            "limitless",
            "no concurrency limit",
            "no concurrency limits",
            "no rate limit",
            "no rate limits",
            "ilimitado",
            "ilimitada",
            "ilimitados",
            "ilimitadas",
            "unbegrenzt",
            "unbegrenzte",
            "unbegrenzter",
            "无限",
            "不限",
            "無制限",
        ],
        also: &[],
        unless: &[],
        reading: "every route has rate, concurrency and fair-use limits; get them in writing",
    },
    Pattern {
        rule: Rule::OfficialClaim,
        layer: Layer::GatewayRoute,
        any: &[
            "official",
            "same as google",
            "same models as google",
            "same model as google",
            "same price as google",
            "identical to google",
            "google s own",
            "direct from google",
            "directly from google",
            "first party",
            "oficial",
            "offizielle",
            "offizieller",
            "官方",
            "公式",
            "正規",
        ],
        also: &[],
        unless: &[],
        reading: "a route billed or supported by the vendor is the vendor's contract, whatever model it calls",
    },
];

/// Phrases that contain a claim word without making the claim, replaced before matching:
/// "watermark-free" is not free, "no credit card" is not credits, "不限于" is "not limited to",
/// "非官方" is "unofficial".
static NEUTRAL: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        // X-free compounds other than cost-free, fee-free, charge-free.
        (r"\b(?:watermark|royalty|hassle|ad|ads|risk|stress|worry|error|bug|lag|queue|wait|crop|noise|artifact|artefact|copyright)[-\s]free\b", " "),
        (r"\b(?:no|not|never|isn't|is not|without|zero)\s+(?:a\s+)?free\b", " "),
        (r"\bcredit[-\s]?cards?\b", " card "),
        (r"\b(?:unofficial|non[-\s]?official|not\s+official)\b", " nonofficial "),
        ("非官方|非公式|不是官方|非正規", " nonofficial "),
        ("但不限于|不限于|に限らず", " "),
        // AI Studio named as Google's surface, not a vendor's product ("Acme AI Studio").
        (r"(?:^|\b(?:in|and|or|the|via|on|use|using|try|with|from)\s+)ai\s+studio\b", " google ai studio "),
    ]
    .into_iter()
    .map(|(p, r)| (Regex::new(&format!("(?i){p}")).expect("valid regex"), r))
    .collect()
});

/// Words that make an amount in a clause a statement of Google's price.
const GOOGLE_PRICE_WORDS: &[&str] = &[
    "google",
    "list price",
    "官方价格",
    "官方价",
    "公式価格",
    "公式料金",
];

/// With one of these, "official" in a clause refers to a price, not to the route.
const PRICE_WORDS: &[&str] = &[
    "price", "prices", "pricing", "rate", "rates", "cost", "costs", "charges", "价格", "価格",
    "料金",
];

/// Lower case, every run of non-alphanumeric characters one space, padded with spaces, so a
/// phrase matches on word boundaries with `contains(" phrase ")`. A decimal point between
/// digits is kept ("2.1" is not "2 1"), and a change of script is a word boundary ("API免费").
fn words(s: &str) -> String {
    let lower: Vec<char> = s.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::from(" ");
    for (i, &c) in lower.iter().enumerate() {
        let point = c == '.'
            && i > 0
            && lower[i - 1].is_ascii_digit()
            && lower.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_alphanumeric() || point {
            let prev = out.chars().last().unwrap_or(' ');
            if prev != ' ' && prev.is_ascii() != c.is_ascii() {
                out.push(' ');
            }
            out.push(c);
        } else if c == '\'' || c == '’' {
            // "google's" → "google s"
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

fn has_phrase(claim_words: &str, claim_lower: &str, phrase: &str) -> bool {
    if !phrase.is_ascii() {
        return claim_lower.contains(phrase);
    }
    // Most phrases are already lower-case words between single spaces, as `words` writes
    // them: found as they are, between spaces, without writing them out again.
    let plain = phrase.split(' ').all(|w| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    if !plain {
        return claim_words.contains(&words(phrase));
    }
    let bytes = claim_words.as_bytes();
    claim_words
        .match_indices(phrase)
        .any(|(i, _)| i > 0 && bytes[i - 1] == b' ' && bytes.get(i + phrase.len()) == Some(&b' '))
}

/// A claim prepared for matching: its neutral phrases replaced, lower-cased, and as words.
struct Prepared {
    lower: String,
    words: String,
}

fn prepare(claim: &str) -> Prepared {
    let mut text = FLOW
        .replace_all(&claim.replace('’', "'"), "Google Flow")
        .into_owned();
    for (re, with) in NEUTRAL.iter() {
        text = re.replace_all(&text, *with).into_owned();
    }
    Prepared {
        lower: text.to_lowercase(),
        words: words(&text),
    }
}

/// "Flow" capitalized is Google's product; "async flow" or "OAuth flow" is a word.
static FLOW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bFlow\b").expect("valid regex"));
static SAVE_ON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)save\s+(?:up\s+to\s+)?[\d.\s%–—-]+(?:to\s+[\d.]+\s*%\s*)?on\b")
        .expect("valid regex")
});
static BELOW_GOOGLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d+(?:\.\d+)?)\s*%\s*(?:below|under|less\s+than|lower\s+than|cheaper\s+than)\s+(?:the\s+)?(?:google|official|list)")
        .expect("valid regex")
});
/// Where a claim's clauses end.
static CLAUSES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i),\s|[;，；。()（）]|\s[—–-]\s|—|\s(?:vs\.?|versus|but|while|whereas|we|our|ours)\s",
    )
    .expect("valid regex")
});
/// "Official" naming Google's price, not the route.
static PRICE_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:off|below|than|of|vs\.?)\s+(?:the\s+)?official\b|\bofficial\s+(?:\w+\s+)?(?:price|prices|pricing|rate|rates|list)\b").expect("valid regex")
});

/// Compiles every pattern the claim rules use, so that the first quote with claims does not
/// wait for them; run at the start of an audit, beside the reading of the first files.
pub fn compile_patterns() {
    LazyLock::force(&NEUTRAL);
    for re in [
        &FLOW,
        &SAVE_ON,
        &BELOW_GOOGLE,
        &CLAUSES,
        &PRICE_REF,
        &AMOUNT,
        &RANGE_OFF,
        &SAVE_RANGE,
        &PCT_OFF,
        &PCT_OF,
        &HALF,
        &CJK_PCT,
        &CJK_ZHE,
        &SIZE_WORD,
        &NOT_GOOGLE,
        &GOOGLE_CREDITS,
    ] {
        LazyLock::force(re);
    }
}

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:US\$|\$|USD\s*)\s*(\d+(?:\.\d+)?)(?P<per>\s*(?:/|per)\s*(?:1,?000|1k|thousand|1m|million|m\b))?|(\d+(?:\.\d+)?)\s*(?:USD|美元|美金)(?P<per2>\s*(?:/|per)\s*(?:1,?000|1k|thousand|1m|million))?",
    )
    .expect("valid regex")
});
static RANGE_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d+(?:\.\d+)?)\s*%?\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?)\s*%\s*(?:off|cheaper|below|less|lower|saving|savings|discount|más barato|günstiger)")
        .expect("valid regex")
});
static SAVE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)save\s+(?:up\s+to\s+)?(\d+(?:\.\d+)?)\s*%?\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?)\s*%",
    )
    .expect("valid regex")
});
static PCT_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:save\s+(?:up\s+to\s+)?(\d+(?:\.\d+)?)\s*%)|(?:(\d+(?:\.\d+)?)\s*%\s*(?:off|cheaper|below|less|lower|saving|savings|discount|más barato|günstiger|rabatt|descuento))|(?:\bby\s+(\d+(?:\.\d+)?)\s*%)")
        .expect("valid regex")
});
static PCT_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d+(?:\.\d+)?)\s*%\s*of\s+(?:the\s+)?(?:google'?s?|official|list|google\s+list)\s*(?:list\s+)?(?:price|pricing|rate)")
        .expect("valid regex")
});
static HALF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bhalf\s+(?:the\s+)?(?:price|cost)\b").expect("valid regex"));
/// CJK savings: "便宜50%", "30%安い", "八折" / "8折" (pay 80%: 20% off).
static CJK_PCT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:便宜|优惠|優惠|安く)\s*(\d+(?:\.\d+)?)\s*[%％]|(\d+(?:\.\d+)?)\s*[%％]\s*(?:安|便宜|优惠|優惠|オフ|折扣)").expect("valid regex")
});
static CJK_ZHE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([一二三四五六七八九]|\d(?:\.\d)?)\s*折").expect("valid regex"));
/// A size class, not inside a longer word or number.
static SIZE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^0-9A-Za-z.])(0\.5k|1k|2k|4k)(?:$|[^0-9A-Za-z])").expect("valid regex")
});

/// A comparison with something other than Google, or a promotion, not a saving on Google's
/// price: "30% cheaper than OpenRouter", "20% off your first top-up".
static NOT_GOOGLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bthan\s+(?:the\s+)?(?:openrouter|fal|replicate|other|competitors?|[a-z]+\.(?:ai|com|io))\b|\b(?:first|top-?up|order|purchase|coupon|code|referral)\b")
        .expect("valid regex")
});

/// Price words: "N% less", "N% lower" or "save N%" is a saving on price only next to one.
const PRICE_NOUNS: &[&str] = &[
    "price",
    "prices",
    "pricing",
    "cost",
    "costs",
    "cheaper",
    "rate",
    "rates",
    "bill",
    "billing",
    "pay",
    "más barato",
    "günstiger",
    "便宜",
    "安い",
];

/// The saving a claim states, in percent (for a range, its top).
fn stated_saving(claim: &str) -> Option<Decimal> {
    let num = |s: &str| parse_plain_decimal(s).ok();
    if NOT_GOOGLE.is_match(claim) {
        return None;
    }
    if let Some(c) = PCT_OF.captures(claim) {
        return num(&c[1])
            .filter(|p| *p <= Decimal::ONE_HUNDRED)
            .map(|p| Decimal::ONE_HUNDRED - p);
    }
    if HALF.is_match(claim) {
        return Some(Decimal::from(50));
    }
    if let Some(c) = CJK_ZHE.captures(claim) {
        let tenths = match &c[1] {
            "一" => Some(Decimal::ONE),
            "二" => Some(Decimal::from(2)),
            "三" => Some(Decimal::from(3)),
            "四" => Some(Decimal::from(4)),
            "五" => Some(Decimal::from(5)),
            "六" => Some(Decimal::from(6)),
            "七" => Some(Decimal::from(7)),
            "八" => Some(Decimal::from(8)),
            "九" => Some(Decimal::from(9)),
            digits => num(digits),
        }?;
        return Some(Decimal::ONE_HUNDRED - tenths * Decimal::TEN);
    }
    if let Some(c) = CJK_PCT.captures(claim) {
        return num(c.get(1).or(c.get(2))?.as_str());
    }
    let (w, lower) = (words(claim), claim.to_lowercase());
    let priced = PRICE_NOUNS.iter().any(|p| has_phrase(&w, &lower, p));
    if let Some(c) = RANGE_OFF.captures(claim) {
        return Some(num(&c[1])?.max(num(&c[2])?));
    }
    // "save N% on every image" is a price; "save N% of your time" is not.
    let on_something = SAVE_ON.is_match(claim);
    if let Some(c) = SAVE_RANGE.captures(claim) {
        return (priced || on_something).then_some(num(&c[1])?.max(num(&c[2])?));
    }
    // "30% below Google", "20% less than official": a saving on Google's price.
    if let Some(c) = BELOW_GOOGLE.captures(claim) {
        return num(&c[1]);
    }
    let c = PCT_OFF.captures(claim)?;
    let pct = num(c.get(1).or(c.get(2)).or(c.get(3))?.as_str())?;
    // "40% lower latency", "save 30% of your time": a percentage, but not of a price.
    let word = c.get(0)?.as_str().to_lowercase();
    let needs_price_noun = ["less", "lower", "below", "save", "by"]
        .iter()
        .any(|x| word.contains(x));
    (!needs_price_noun || priced || (word.contains("save") && on_something)).then_some(pct)
}

/// A stated amount, normalized to USD per image where its unit says per 1,000 images; `None`
/// for a per-1M-token rate, which is compared with the baseline's token rates instead.
struct Amount {
    usd: Decimal,
    per_million_tokens: bool,
}

/// The Google prices a claim states: amounts in the clauses that attribute them to Google.
fn stated_google_prices(claim: &str) -> Vec<Amount> {
    let mut out = Vec::new();
    for clause in CLAUSES.split(&claim.replace('’', "'")) {
        let mut amounts = AMOUNT.captures_iter(clause).peekable();
        // Most clauses state no amount: only one that does is read for whose price it is.
        if amounts.peek().is_none() {
            continue;
        }
        let p = prepare(clause);
        let google = GOOGLE_PRICE_WORDS
            .iter()
            .any(|g| has_phrase(&p.words, &p.lower, g));
        let official_price = has_phrase(&p.words, &p.lower, "official")
            && PRICE_WORDS
                .iter()
                .any(|w| has_phrase(&p.words, &p.lower, w));
        let cjk_official = ["官方", "公式"].iter().any(|w| p.lower.contains(w))
            && !p.words.contains(" nonofficial ");
        if !(google || official_price || cjk_official) {
            continue;
        }
        for c in amounts {
            let Some(n) = c
                .get(1)
                .or(c.get(3))
                .and_then(|m| parse_plain_decimal(m.as_str()).ok())
            else {
                continue;
            };
            let per = c
                .name("per")
                .or(c.name("per2"))
                .map(|m| m.as_str().to_lowercase())
                .unwrap_or_default();
            let per_million =
                per.contains("1m") || per.contains("million") || per.trim_end().ends_with('m');
            let per_thousand = !per_million && !per.is_empty();
            let thousand =
                per_thousand || clause.to_lowercase().contains("per 1,000") && !per_million;
            let usd = if thousand {
                n.checked_div(Decimal::from(1000)).unwrap_or(n)
            } else {
                n
            };
            let tokens = per_million || clause.to_lowercase().contains("token");
            out.push(Amount {
                usd,
                per_million_tokens: tokens,
            });
        }
    }
    out
}

/// The models, sizes and lane a claim mentions, to narrow what it is compared with.
struct Mentions {
    routes: Vec<usize>,
    sizes: Vec<SizeClass>,
    lane: Option<Lane>,
}

fn mentions(claim: &str, baseline: &Baseline) -> Mentions {
    // Longest names first, each match blanked out, so "Nano Banana Pro" is not also "Nano
    // Banana". A generic name ("Nano Banana") narrows nothing: it may mean any of the models.
    let mut names: Vec<(String, usize, NameKind)> = baseline
        .spelled_names()
        .filter(|(_, _, k)| *k != NameKind::Companion)
        .map(|(n, r, k)| (words(n), r, k))
        .collect();
    names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
    let mut text = words(claim);
    let mut routes = Vec::new();
    for (name, route, kind) in names {
        if text.contains(&name) {
            text = text.replace(&name, " ");
            if kind == NameKind::Exact && !routes.contains(&route) {
                routes.push(route);
            }
        }
    }
    let sizes = SIZE_WORD
        .captures_iter(claim)
        .filter_map(|c| SizeClass::from_label(&c[1]))
        .collect();
    let w = words(claim);
    let lane = [" batch ", " flex "]
        .iter()
        .any(|b| w.contains(b))
        .then_some(Lane::Batch);
    Mentions {
        routes,
        sizes,
        lane,
    }
}

/// Every rule the claim reader reports.
pub(super) const RULES: &[Rule] = &[
    Rule::FreeOfficialApi,
    Rule::FreeApiKey,
    Rule::ConsumerSurface,
    Rule::FreeCredits,
    Rule::UnlimitedClaim,
    Rule::OfficialClaim,
    Rule::UnclassifiedClaim,
    Rule::OfficialPriceMisquoted,
    Rule::SavingsOverstated,
];

/// Classifies every claim of the quote and checks the prices and savings claims state.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    let (quote, baseline, t) = (cx.quote, cx.baseline, cx.thresholds());
    for (k, claim) in quote.claims.iter().enumerate() {
        let reading = read(&claim.value);
        let subject = Subject::Claim(k);
        let mut classified = google_price(out, claim, &reading.amounts, &subject, baseline, t);
        classified |= saving(
            out,
            claim,
            reading.saving,
            &subject,
            &cx.entries,
            baseline,
            t,
        );
        for (pat, hit) in &reading.layers {
            classified = true;
            layer_finding(out, quote, pat, hit, claim, &subject);
        }
        if !classified {
            let other = if claim.value.is_ascii() {
                ""
            } else {
                " (it may be in another language)"
            };
            out.push(
                Rule::UnclassifiedClaim,
                claim.at,
                subject,
                format!("no rule classes this claim{other}; read it and decide which contract layer it speaks about and what to ask"),
                &claim.value,
            );
        }
    }
}

/// What a claim's words say, whatever the quote: the Google prices and the saving it states,
/// and the layer rules its phrases fire (the first phrase found for each rule).
struct Reading {
    amounts: Vec<Amount>,
    saving: Option<Decimal>,
    layers: Vec<(&'static Pattern, &'static str)>,
}

/// Claims up to this long are remembered once read; longer ones are read each time.
const REMEMBERED_CLAIM_BYTES: usize = 1_000;
/// At most this many claims are remembered in one run.
const REMEMBERED_CLAIMS: usize = 10_000;

/// The claims read so far in this run, by text: vendors repeat their claims in quote after
/// quote, and reading one takes some twenty pattern searches. A reading is a function of the
/// text alone, so remembering it never changes it.
static READINGS: LazyLock<Mutex<HashMap<String, Arc<Reading>>>> = LazyLock::new(Default::default);

/// Reads a claim, or recalls its reading.
fn read(claim: &str) -> Arc<Reading> {
    if claim.len() > REMEMBERED_CLAIM_BYTES {
        return Arc::new(read_afresh(claim));
    }
    // A poisoned lock only means another thread panicked; the claims stay valid.
    let lock = || READINGS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(reading) = lock().get(claim) {
        return Arc::clone(reading);
    }
    let reading = Arc::new(read_afresh(claim));
    let mut claims = lock();
    if claims.len() < REMEMBERED_CLAIMS {
        claims.insert(claim.to_owned(), Arc::clone(&reading));
    }
    reading
}

fn read_afresh(claim: &str) -> Reading {
    let p = prepare(claim);
    // "official" that names Google's price ("off official pricing") is not a claim that the
    // route is official.
    let route_words = words(&PRICE_REF.replace_all(&p.lower, " "));
    let mut layers: Vec<(&'static Pattern, &'static str)> = Vec::new();
    for pat in PATTERNS {
        let text = if pat.rule == Rule::OfficialClaim {
            &route_words
        } else {
            &p.words
        };
        let found =
            |list: &[&'static str]| list.iter().copied().find(|a| has_phrase(text, &p.lower, a));
        let hit = found(pat.any).filter(|_| pat.also.is_empty() || found(pat.also).is_some());
        let Some(hit) = hit.filter(|_| pat.unless.iter().all(|list| found(list).is_none())) else {
            continue;
        };
        if layers.iter().all(|(fired, _)| fired.rule != pat.rule) {
            layers.push((pat, hit));
        }
    }
    Reading {
        amounts: stated_google_prices(claim),
        saving: stated_saving(&claim.replace('’', "'")),
        layers,
    }
}

/// "google credits", "credits from Google": credits said to be Google's.
static GOOGLE_CREDITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bgoogle(?:'s)?\s+(?:\w+\s+)?credits?\b|\bcredits?\s+(?:from|by|of)\s+google\b|\bgoogle[-\s]funded\b").expect("valid regex")
});

fn layer_finding(
    out: &mut Findings<'_>,
    quote: &Quote,
    p: &Pattern,
    hit: &str,
    claim: &Sp<String>,
    subject: &Subject,
) {
    let ask = format!("what to do: {}", p.rule.advice());
    let lead = format!(
        "\"{hit}\" speaks about the {} layer: {}",
        p.layer.describe(),
        p.reading
    );
    let (message, severity) = match p.rule {
        Rule::FreeCredits => {
            let credits = quote.credits.as_ref();
            let granted = credits.and_then(|c| c.granted_by.as_ref()).map(|g| g.value);
            let googles = GOOGLE_CREDITS.is_match(&claim.value.replace('’', "'"))
                || granted == Some(Party::Google);
            let mut missing = Vec::new();
            if granted.is_none_or(|g| g == Party::Unknown) {
                missing.push("who grants them (credits.granted_by)");
            }
            if credits.and_then(|c| c.expires.as_ref()).is_none() {
                missing.push("when they expire (credits.expires)");
            }
            if credits.and_then(|c| c.conditions.as_ref()).is_none() {
                missing.push("under which conditions (credits.conditions)");
            }
            if googles {
                (
                    format!(
                        "{lead}. The credits are said to be Google's, but Google grants no free output for these models: ask for proof, and who funds them"
                    ),
                    Severity::High,
                )
            } else if !missing.is_empty() {
                (
                    format!(
                        "{lead}. The quote does not say {}; {ask}",
                        missing.join(", ")
                    ),
                    Severity::Medium,
                )
            } else {
                return;
            }
        }
        Rule::OfficialClaim => {
            let owner = |t: &Option<Sp<Party>>| t.as_ref().map(|p| p.value);
            let (billing, support) = (owner(&quote.terms.billing), owner(&quote.terms.support));
            if billing == Some(Party::Google) && support == Some(Party::Google) {
                return;
            }
            let who = |what: &str, p: Option<Party>| match p {
                Some(Party::Vendor) => format!("{what} is the vendor's"),
                Some(Party::Google) => format!("{what} is Google's"),
                Some(Party::Unknown) => format!("{what} is unknown"),
                None => format!("{what} is not stated"),
            };
            (
                format!(
                    "{lead}; {} and {}; {ask}",
                    who("billing", billing),
                    who("support", support)
                ),
                p.rule.severity(),
            )
        }
        rule => (format!("{lead}; {ask}"), rule.severity()),
    };
    out.push_with(
        p.rule,
        severity,
        claim.at,
        subject.clone(),
        message,
        &claim.value,
    );
}

/// A claim that states Google's price: compared with the baseline rows it can mean.
fn google_price(
    out: &mut Findings<'_>,
    claim: &Sp<String>,
    amounts: &[Amount],
    subject: &Subject,
    baseline: &Baseline,
    t: &Thresholds,
) -> bool {
    if amounts.is_empty() {
        return false;
    }
    let m = mentions(&claim.value, baseline);
    let mut per_image: Vec<(String, Decimal)> = Vec::new();
    let mut per_token: Vec<(String, Decimal)> = Vec::new();
    for (r, route) in baseline.routes.iter().enumerate() {
        if !m.routes.is_empty() && !m.routes.contains(&r) {
            continue;
        }
        for row in &route.rows {
            if !m.sizes.is_empty() && !m.sizes.contains(&row.size) {
                continue;
            }
            for (lane, price) in [(Lane::Standard, row.standard), (Lane::Batch, row.batch)] {
                if m.lane.is_none_or(|l| l == lane) {
                    per_image.push((
                        format!("{} {} {lane} {}", route.id, row.size, usd_cell(price)),
                        price,
                    ));
                }
            }
            if let Some(tk) = &row.tokens {
                per_token.push((
                    format!(
                        "{} {} USD {} per 1M tokens",
                        route.id,
                        row.size,
                        usd_cell(tk.usd_per_1m)
                    ),
                    tk.usd_per_1m,
                ));
            }
        }
    }
    for amount in amounts {
        let candidates = if amount.per_million_tokens {
            &per_token
        } else {
            &per_image
        };
        if candidates
            .iter()
            .any(|(_, p)| within_pct(amount.usd, *p, t.tolerance_pct))
        {
            continue;
        }
        let mut rows: Vec<&str> = candidates.iter().map(|(d, _)| d.as_str()).collect();
        rows.dedup();
        out.push(
            Rule::OfficialPriceMisquoted,
            claim.at,
            subject.clone(),
            format!(
                "states Google's price as USD {}{}, which matches no official row it can mean in the baseline checked {} ({}); use the baseline's price and ask where the vendor's figure comes from",
                amount.usd.normalize(),
                if amount.per_million_tokens { " per 1M tokens" } else { " per image" },
                baseline.checked_on,
                if rows.is_empty() { "none".to_owned() } else { rows.join("; ") }
            ),
            &claim.value,
        );
    }
    true
}

/// A claim that states a saving: compared with the best saving computed from the vendor's
/// comparable offers (those the claim names, if it names any).
fn saving(
    out: &mut Findings<'_>,
    claim: &Sp<String>,
    claimed: Option<Decimal>,
    subject: &Subject,
    entries: &[Entry<'_>],
    baseline: &Baseline,
    t: &Thresholds,
) -> bool {
    let Some(claimed) = claimed else {
        return false;
    };
    let m = mentions(&claim.value, baseline);
    let route_id = |r: usize| baseline.routes.get(r).map(|r| r.id.as_str());
    let best = entries
        .iter()
        .filter(|e| e.row.verdict.is_comparable())
        .filter(|e| {
            m.routes.is_empty()
                || m.routes
                    .iter()
                    .any(|r| route_id(*r) == e.row.model.as_deref())
        })
        .filter(|e| m.sizes.is_empty() || e.row.size.is_some_and(|s| m.sizes.contains(&s)))
        .filter(|e| m.lane.is_none_or(|l| l == e.row.lane()))
        .filter_map(|e| {
            let (p, o) = (e.row.price_usd?, e.row.official_usd?);
            Some((-crate::money::pct_over(p, o)?, e))
        })
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.offer.index.cmp(&a.1.offer.index)));
    match best {
        None => out.push(
            Rule::UnclassifiedClaim,
            claim.at,
            subject.clone(),
            format!("states a saving of {claimed}% that cannot be checked: the quote has no comparable offer it can mean; ask the vendor which offer and which Google price it compares"),
            &claim.value,
        ),
        Some((computed, e)) => {
            let over = claimed.checked_sub(computed);
            if over.is_none_or(|o| o > t.savings_slack_pts) {
                out.push(
                    Rule::SavingsOverstated,
                    claim.at,
                    subject.clone(),
                    format!(
                        "claims {claimed}% off, but the best saving against Google's official price is {}% ({} at {}, {} lane, line {}): overstated by {} points; ask the vendor to show its saving against Google's official row",
                        pct_cell(computed),
                        e.row.model.as_deref().unwrap_or_default(),
                        e.row.size.map_or("", |s| s.label()),
                        e.row.lane(),
                        e.offer.at.line,
                        over.map(pct_cell).unwrap_or_else(|| "too many".into())
                    ),
                    &claim.value,
                );
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::cases::assert_rule;

    #[test]
    fn free_official_api_fires_on_free_api_output() {
        assert_rule(Rule::FreeOfficialApi, check);
    }

    #[test]
    fn free_api_key_fires_on_a_free_key() {
        assert_rule(Rule::FreeApiKey, check);
    }

    #[test]
    fn consumer_surface_fires_on_google_s_consumer_app() {
        assert_rule(Rule::ConsumerSurface, check);
    }

    #[test]
    fn free_credits_fires_on_credits_without_their_terms() {
        assert_rule(Rule::FreeCredits, check);
    }

    #[test]
    fn unlimited_claim_fires_on_unlimited() {
        assert_rule(Rule::UnlimitedClaim, check);
    }

    #[test]
    fn official_claim_fires_when_billing_is_not_google_s() {
        assert_rule(Rule::OfficialClaim, check);
    }

    #[test]
    fn unclassified_claim_fires_on_a_claim_no_rule_classes() {
        assert_rule(Rule::UnclassifiedClaim, check);
    }

    #[test]
    fn savings_overstated_fires_on_a_saving_the_offers_do_not_give() {
        assert_rule(Rule::SavingsOverstated, check);
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn a_remembered_claim_reads_as_it_reads_afresh() {
        let said = |r: &Reading| {
            let amounts: Vec<_> = r
                .amounts
                .iter()
                .map(|a| (a.usd, a.per_million_tokens))
                .collect();
            let layers: Vec<_> = r.layers.iter().map(|(p, hit)| (p.rule, *hit)).collect();
            format!("{amounts:?} {:?} {layers:?}", r.saving)
        };
        let claims = [
            "80% OFF official pricing",
            "Google's list price is $0.134 per image at 2K, ours is $0.09",
            "官方直连，价格低至官方的八折",
            "Free API key, unlimited generations",
            "Same as Google AI Studio, official route",
        ];
        let first: Vec<Arc<Reading>> = claims.iter().map(|c| read(c)).collect();
        // Recalled in another order, each claim gets its own reading, not a neighbour's. (Tests
        // remember far fewer claims than the limit.)
        for (claim, first) in claims.iter().zip(&first).rev() {
            let again = read(claim);
            assert!(Arc::ptr_eq(first, &again), "{claim} was read twice");
            assert_eq!(said(&again), said(&read_afresh(claim)), "{claim}");
            let read_something =
                !again.amounts.is_empty() || again.saving.is_some() || !again.layers.is_empty();
            assert!(read_something, "{claim} says something");
        }
        let distinct: std::collections::HashSet<String> = first.iter().map(|r| said(r)).collect();
        assert_eq!(distinct.len(), claims.len(), "each claim reads differently");
        let long = "free ".repeat(REMEMBERED_CLAIM_BYTES);
        assert!(
            !Arc::ptr_eq(&read(&long), &read(&long)),
            "a long claim is not kept"
        );
    }

    #[test]
    fn savings_phrases_are_read() {
        assert_eq!(stated_saving("80% OFF official pricing"), Some(d("80")));
        assert_eq!(stated_saving("70-83% off official pricing"), Some(d("83")));
        assert_eq!(stated_saving("70–83 % off"), Some(d("83")));
        assert_eq!(stated_saving("40% cheaper than Google"), Some(d("40")));
        assert_eq!(
            stated_saving("Save up to 50% on every image"),
            Some(d("50"))
        );
        assert_eq!(stated_saving("Save 20-30% on every image"), Some(d("30")));
        assert_eq!(
            stated_saving("only 30% of Google's list price"),
            Some(d("70"))
        );
        assert_eq!(stated_saving("30% of Google's price"), Some(d("70")));
        assert_eq!(stated_saving("half the price of Google"), Some(d("50")));
        assert_eq!(
            stated_saving("Cheaper than Google Batch by 20%"),
            Some(d("20"))
        );
        assert_eq!(stated_saving("价格低至官方的八折"), Some(d("20")));
        assert_eq!(stated_saving("比官方便宜50%"), Some(d("50")));
        assert_eq!(stated_saving("公式価格より30%安い"), Some(d("30")));
        assert_eq!(
            stated_saving("Official Gemini models at 30% below Google"),
            Some(d("30"))
        );
        assert_eq!(stated_saving("99.9% uptime"), None);
    }

    #[test]
    fn percentages_that_are_not_a_saving_on_google_s_price_are_not_read() {
        for claim in [
            "Up to 40% lower latency than Google",
            "50% less failed generations",
            "Save 30% of your team's time",
            "30% cheaper than OpenRouter",
            "20% off your first top-up",
        ] {
            assert_eq!(stated_saving(claim), None, "{claim}");
        }
    }

    #[test]
    fn google_prices_are_read_only_where_attributed_to_google() {
        let usd = |c: &str| {
            stated_google_prices(c)
                .iter()
                .map(|a| a.usd)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            usd("Official 4K price ~$0.268, ours is 40% off market"),
            [d("0.268")]
        );
        assert_eq!(
            usd("One price, every size: $0.09 per image"),
            Vec::<Decimal>::new()
        );
        assert_eq!(
            usd("Google charges 0.134 USD; we charge $0.10"),
            [d("0.134")]
        );
        assert_eq!(usd("Only $0.02 vs Google's $0.134"), [d("0.134")]);
        assert_eq!(
            usd("Google charges $0.24 for Pro 4K — we charge $0.10"),
            [d("0.24")]
        );
        assert_eq!(
            usd("Official Nano Banana Pro API at $0.09"),
            Vec::<Decimal>::new()
        );
        assert_eq!(
            usd("From $0.02/image — official Gemini models"),
            Vec::<Decimal>::new()
        );
        assert_eq!(usd("非官方渠道 $0.10 一张"), Vec::<Decimal>::new());
        assert_eq!(
            usd("Google charges $134 per 1,000 Pro images"),
            [d("0.134")]
        );
        let tokens = stated_google_prices("Google bills $60 per 1M output tokens for NB2");
        assert!(tokens[0].per_million_tokens);
    }

    proptest::proptest! {
        /// The quick phrase search finds what looking for the phrase's words finds.
        #[test]
        fn phrase_search_is_whole_word_containment(pre in "[a-zA-Z0-9 .,'!-]{0,15}", phrase in "[a-z0-9 ]{1,12}", post in "[a-zA-Z0-9 .,'!-]{0,15}") {
            let p = prepare(&format!("{pre}{phrase}{post}"));
            proptest::prop_assert_eq!(
                has_phrase(&p.words, &p.lower, &phrase),
                p.words.contains(&words(&phrase))
            );
        }
    }

    #[test]
    fn phrases_match_whole_words() {
        let p = prepare("Our workflow is fast");
        assert!(!has_phrase(&p.words, &p.lower, "flow"));
        let p = prepare("API免费");
        assert!(has_phrase(&p.words, &p.lower, "api"));
        assert_eq!(words("Nano Banana 2.1"), " nano banana 2.1 ");
    }

    #[test]
    fn claims_name_models_and_sizes() {
        let b = Baseline::embedded();
        let m = mentions("Nano Banana Pro 4K for less", &b);
        assert_eq!(m.routes.len(), 1);
        assert_eq!(b.routes[m.routes[0]].id, "gemini-3-pro-image-preview");
        assert_eq!(m.sizes, [SizeClass::K4]);
        assert_eq!(m.lane, None);
        assert_eq!(mentions("batch only", &b).lane, Some(Lane::Batch));
        assert!(mentions("Nano Banana API 80% off", &b).routes.is_empty());
        assert!(mentions("Nano Banana 2.1 at 80% off", &b).routes.is_empty());
        assert_eq!(mentions("官方4K价格", &b).sizes, [SizeClass::K4]);
    }
}
