//! Claims: the vendor's own statements, each classified into one of the four contract layers
//! (official API output, API key creation, consumer/product surface, gateway/provider route),
//! checked where it states a Google price or a saving, and never passed over silently: a claim
//! no rule classes is listed as `unclassified-claim` for a human to read.
//!
//! The phrases are data: [`PATTERNS`] is the one table. Matching is case-insensitive and on
//! whole words ("flow" does not match "workflow"); phrases in scripts without spaces match as
//! substrings.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::baseline::{Baseline, NameKind};
use crate::check::price::within;
use crate::check::{Entry, Sink, Thresholds};
use crate::findings::{Rule, Severity};
use crate::model::{Party, Sp};
use crate::money::{parse_plain_decimal, pct_cell, usd_cell};
use crate::normalize::lane::Lane;
use crate::normalize::size::SizeClass;

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

/// Credentials and sign-up: the API key layer.
const KEY_WORDS: &[&str] = &[
    "api key",
    "key",
    "keys",
    "sign up",
    "signup",
    "register",
    "registration",
    "account",
    "注册",
];

/// Credits and trials: the vendor's promotion.
const CREDIT_WORDS: &[&str] = &[
    "credits",
    "free credit",
    "trial",
    "额度",
    "试用",
    "試用",
    "お試し",
    "クレジット",
];

/// Consumer surfaces.
const SURFACE_WORDS: &[&str] = &["gemini app", "ai studio", "flow", "ai mode"];

const FREE_WORDS: &[&str] = &[
    "free",
    "gratis",
    "gratuit",
    "gratuita",
    "kostenlos",
    "kostenlose",
    "免费",
    "免費",
    "無料",
];

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
            "调用",
            "生成",
            "画像",
        ],
        unless: &[KEY_WORDS, CREDIT_WORDS, SURFACE_WORDS],
        reading: "Google's price rows for these models have no free tier, so free official API output does not exist; whatever is free here is the vendor's promotion, funded and limited by the vendor",
    },
    Pattern {
        rule: Rule::FreeApiKey,
        layer: Layer::ApiKey,
        any: FREE_WORDS,
        also: KEY_WORDS,
        unless: &[&["credit", "credits"]],
        reading: "a key is credentials, not an entitlement to output; generated images are still billed at the official price",
    },
    Pattern {
        rule: Rule::ConsumerSurface,
        layer: Layer::ConsumerSurface,
        any: &[
            "gemini app",
            "ai mode",
            "flow",
            "ai studio",
            "google ai pro",
            "google ai ultra",
            "google ai plan",
            "google ai plans",
            "google one",
            "gemini advanced",
            "ai premium",
        ],
        also: &[],
        unless: &[],
        reading: "consumer apps and plans have their own quotas and credit rules, separate from API billing; they are not API budget",
    },
    Pattern {
        rule: Rule::FreeCredits,
        layer: Layer::GatewayRoute,
        any: &["credit", "credits", "额度", "クレジット"],
        also: &[
            "free",
            "bonus",
            "gift",
            "welcome",
            "complimentary",
            "trial",
            "赠送",
            "免费",
            "無料",
        ],
        unless: &[&["credit card"]],
        reading: "credits are the vendor's promotion on its own route, not a Google entitlement",
    },
    Pattern {
        rule: Rule::FreeCredits,
        layer: Layer::GatewayRoute,
        any: &["free trial", "trial", "试用", "試用", "お試し"],
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
            "identical to google",
            "google s own",
            "direct from google",
            "directly from google",
            "first party",
            "官方",
            "公式",
            "正規",
        ],
        also: &[],
        unless: &[],
        reading: "a route billed or supported by the vendor is the vendor's contract, whatever model it calls",
    },
];

/// Words that make a claim's amount a statement of Google's price.
const GOOGLE_PRICE_WORDS: &[&str] = &["official", "google", "list price", "官方", "公式"];

/// Lower case, every run of non-alphanumeric characters one space, padded with spaces, so a
/// phrase matches on word boundaries with `contains(" phrase ")`.
fn words(s: &str) -> String {
    let mut out = String::from(" ");
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
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
    if phrase.is_ascii() {
        claim_words.contains(&words(phrase))
    } else {
        claim_lower.contains(phrase)
    }
}

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:US\$|\$|USD\s*)\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*(?:USD|usd|美元|美金)")
        .expect("valid regex")
});
static RANGE_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d+(?:\.\d+)?)\s*%?\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?)\s*%\s*(?:off|cheaper|below|less|lower|saving|savings|discount)")
        .expect("valid regex")
});
static PCT_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:save\s+(?:up\s+to\s+)?(\d+(?:\.\d+)?)\s*%)|(?:(\d+(?:\.\d+)?)\s*%\s*(?:off|cheaper|below|less|lower|saving|savings|discount))")
        .expect("valid regex")
});
static PCT_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d+(?:\.\d+)?)\s*%\s*of\s+(?:the\s+)?(?:google'?s?|official|list|google\s+list)\s*(?:list\s+)?(?:price|pricing|rate)")
        .expect("valid regex")
});
static SIZE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(0\.5k|1k|2k|4k)\b").expect("valid regex"));

/// The saving a claim states, in percent (for a range, its top).
fn stated_saving(claim: &str) -> Option<Decimal> {
    let num = |s: &str| parse_plain_decimal(s).ok();
    if let Some(c) = PCT_OF.captures(claim) {
        return num(&c[1]).map(|p| Decimal::ONE_HUNDRED - p);
    }
    if let Some(c) = RANGE_OFF.captures(claim) {
        let (a, b) = (num(&c[1])?, num(&c[2])?);
        return Some(a.max(b));
    }
    let c = PCT_OFF.captures(claim)?;
    num(c.get(1).or(c.get(2))?.as_str())
}

/// The Google prices a claim states: amounts in the clauses that name Google or "official".
fn stated_google_prices(claim: &str) -> Vec<Decimal> {
    claim
        .split([',', ';', '，', '；', '。'])
        .filter(|clause| {
            let (w, l) = (words(clause), clause.to_lowercase());
            GOOGLE_PRICE_WORDS.iter().any(|g| has_phrase(&w, &l, g))
        })
        .flat_map(|clause| AMOUNT.captures_iter(clause).collect::<Vec<_>>())
        .filter_map(|c| parse_plain_decimal(c.get(1).or(c.get(2))?.as_str()).ok())
        .collect()
}

/// The models, sizes and lane a claim mentions, to narrow what it is compared with.
struct Mentions {
    routes: Vec<usize>,
    sizes: Vec<SizeClass>,
    lane: Option<Lane>,
}

fn mentions(claim: &str, baseline: &Baseline) -> Mentions {
    // Longest names first, each match blanked out, so "Nano Banana Pro" is not also "Nano Banana".
    let mut names: Vec<(String, usize)> = baseline
        .spelled_names()
        .filter(|(_, _, k)| *k != NameKind::Companion)
        .map(|(n, r, _)| (words(n), r))
        .collect();
    names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
    let mut text = words(claim);
    let mut routes = Vec::new();
    for (name, route) in names {
        if text.contains(&name) {
            text = text.replace(&name, " ");
            if !routes.contains(&route) {
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

/// Classifies every claim of the quote and checks the prices and savings claims state.
pub(crate) fn check(
    sink: &mut Sink<'_>,
    entries: &[Entry<'_>],
    baseline: &Baseline,
    t: &Thresholds,
) {
    let quote = sink.quote;
    for (k, claim) in quote.claims.iter().enumerate() {
        let subject = format!("claims[{k}]");
        let mut classified = google_price(sink, claim, &subject, baseline, t);
        classified |= saving(sink, claim, &subject, entries, baseline, t);
        let (w, lower) = (words(&claim.value), claim.value.to_lowercase());
        let mut fired: Vec<Rule> = Vec::new();
        for p in PATTERNS {
            let found =
                |list: &[&'static str]| list.iter().copied().find(|a| has_phrase(&w, &lower, a));
            let hit = found(p.any).filter(|_| p.also.is_empty() || found(p.also).is_some());
            let Some(hit) = hit.filter(|_| p.unless.iter().all(|list| found(list).is_none()))
            else {
                continue;
            };
            if fired.contains(&p.rule) {
                continue;
            }
            fired.push(p.rule);
            // A claim already read as a Google price or a saving is not also an "official" claim.
            if p.rule == Rule::OfficialClaim && classified {
                continue;
            }
            classified = true;
            layer_finding(sink, p, hit, claim, &subject);
        }
        if !classified {
            let other = if claim.value.is_ascii() {
                ""
            } else {
                " (it may be in another language)"
            };
            sink.push(
                Rule::UnclassifiedClaim,
                claim.at,
                subject,
                format!("no rule classes this claim{other}; read it and decide which contract layer it speaks about and what to ask"),
                &claim.value,
            );
        }
    }
}

fn layer_finding(sink: &mut Sink<'_>, p: &Pattern, hit: &str, claim: &Sp<String>, subject: &str) {
    let quote = sink.quote;
    let lead = format!(
        "\"{hit}\" speaks about the {} layer: {}",
        p.layer.describe(),
        p.reading
    );
    let (message, severity) = match p.rule {
        Rule::FreeCredits => {
            let credits = quote.credits.as_ref();
            let googles = words(&claim.value).contains(" google ")
                || credits
                    .and_then(|c| c.granted_by.as_ref())
                    .is_some_and(|g| g.value == Party::Google);
            let mut missing = Vec::new();
            if credits.and_then(|c| c.granted_by.as_ref()).is_none() {
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
                    format!("{lead}. The quote does not say {}", missing.join(", ")),
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
                    "{lead}; {} and {}",
                    who("billing", billing),
                    who("support", support)
                ),
                p.rule.severity(),
            )
        }
        rule => (lead, rule.severity()),
    };
    sink.push_with(
        p.rule,
        severity,
        claim.at,
        subject.to_owned(),
        message,
        &claim.value,
    );
}

/// A claim that states Google's price: compared with the baseline rows it can mean.
fn google_price(
    sink: &mut Sink<'_>,
    claim: &Sp<String>,
    subject: &str,
    baseline: &Baseline,
    t: &Thresholds,
) -> bool {
    let amounts = stated_google_prices(&claim.value);
    if amounts.is_empty() {
        return false;
    }
    let m = mentions(&claim.value, baseline);
    let mut candidates: Vec<(String, Decimal)> = Vec::new();
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
                    candidates.push((
                        format!("{} {} {lane} {}", route.id, row.size, usd_cell(price)),
                        price,
                    ));
                }
            }
        }
    }
    for amount in amounts {
        if candidates
            .iter()
            .any(|(_, p)| within(amount, *p, t.tolerance_pct))
        {
            continue;
        }
        let rows: Vec<&str> = candidates.iter().map(|(d, _)| d.as_str()).collect();
        sink.push(
            Rule::OfficialPriceMisquoted,
            claim.at,
            subject.to_owned(),
            format!(
                "states Google's price as USD {amount}, which matches no official row it can mean in the baseline checked {} ({}); use the baseline's price and ask where the vendor's figure comes from",
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
    sink: &mut Sink<'_>,
    claim: &Sp<String>,
    subject: &str,
    entries: &[Entry<'_>],
    baseline: &Baseline,
    t: &Thresholds,
) -> bool {
    let Some(claimed) = stated_saving(&claim.value) else {
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
        .filter(|e| m.lane.is_none_or(|l| l == e.row.lane))
        .filter_map(|e| {
            let (p, o) = (e.row.price_usd?, e.row.official_usd?);
            Some((-crate::check::price::pct_over(p, o)?, e))
        })
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.offer.index.cmp(&a.1.offer.index)));
    match best {
        None => sink.push(
            Rule::UnclassifiedClaim,
            claim.at,
            subject.to_owned(),
            format!("states a saving of {claimed}% that cannot be checked: the quote has no comparable offer it can mean; ask the vendor which offer and which Google price it compares"),
            &claim.value,
        ),
        Some((computed, e)) if claimed - computed > t.savings_slack_pts => sink.push(
            Rule::SavingsOverstated,
            claim.at,
            subject.to_owned(),
            format!(
                "claims {claimed}% off, but the best saving against Google's official price is {}% ({} at {}, {} lane, line {}): overstated by {} points; ask the vendor to show its saving against Google's official row",
                pct_cell(computed),
                e.row.model.as_deref().unwrap_or_default(),
                e.row.size.map_or("", |s| s.label()),
                e.row.lane,
                e.offer.at.line,
                pct_cell(claimed - computed)
            ),
            &claim.value,
        ),
        Some(_) => {}
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn savings_phrases_are_read() {
        assert_eq!(stated_saving("80% OFF official pricing"), Some(d("80")));
        assert_eq!(stated_saving("70-83% off official pricing"), Some(d("83")));
        assert_eq!(stated_saving("70–83 % off"), Some(d("83")));
        assert_eq!(stated_saving("40% cheaper than Google"), Some(d("40")));
        assert_eq!(stated_saving("Save up to 50%"), Some(d("50")));
        assert_eq!(
            stated_saving("only 30% of Google's list price"),
            Some(d("70"))
        );
        assert_eq!(stated_saving("99.9% uptime"), None);
    }

    #[test]
    fn google_prices_are_read_from_official_clauses_only() {
        assert_eq!(
            stated_google_prices("Official 4K price ~$0.268, ours is 40% off market"),
            [d("0.268")]
        );
        assert_eq!(
            stated_google_prices("One price, every size: $0.09 per image"),
            Vec::<Decimal>::new()
        );
        assert_eq!(
            stated_google_prices("Google charges 0.134 USD; we charge $0.10"),
            [d("0.134")]
        );
    }

    #[test]
    fn phrases_match_whole_words() {
        let w = words("Our workflow is fast");
        assert!(!has_phrase(&w, "our workflow is fast", "flow"));
        let w = words("Try it in Flow");
        assert!(has_phrase(&w, "try it in flow", "flow"));
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
    }
}
