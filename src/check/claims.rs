//! Claim rules: each claim's reading ([`crate::normalize::claim`]) judged against the quote and
//! the baseline. A layer phrase the claim does not deny is a layer finding; a price it gives as
//! Google's is compared with the rows it can mean (its model, its paired sizes, its lane); a
//! saving with the vendor's comparable offers; a claim of price parity with those offers too.
//! A reading that would need a guess — whose price, which unit, which model — never becomes a
//! high finding: it is an `unclassified-claim` saying what the reviewer must decide, and so is
//! a claim no rule classes, which is never passed over silently.

use rust_decimal::Decimal;
use std::cell::OnceCell;

use super::context::{Context, Entry, Findings};
use crate::load::baseline::{Baseline, NameKind};
use crate::model::{Lane, Party, Quote, Rule, Severity, Sp, Subject, Thresholds};
use crate::money::{pct_cell, pct_over, usd_cell, within_pct};
use crate::normalize::claim::phrases::{MODEL_SUFFIXES, Pattern};
use crate::normalize::claim::{self, Doubt, Reading, StatedPrice, words};

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
    Rule::ParityClaimContradicted,
];

/// Reads every claim of the quote and reports what it states.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    for (k, claim) in cx.quote.claims.iter().enumerate() {
        let reading = claim::read(&claim.value);
        let subject = Subject::Claim(k);
        // What the reviewer must decide, where a reading would need a guess.
        let mut decide = doubts(&reading);
        let mut classified = google_prices(out, cx, claim, &reading, &subject, &mut decide);
        classified |= saving(out, cx, claim, reading.saving, &subject, &mut decide);
        classified |= parity(out, cx, claim, &reading, &subject, &mut decide);
        for (pat, hit) in &reading.layers {
            classified = true;
            layer_finding(out, cx.quote, pat, hit, claim, &subject);
        }
        let message = if !decide.is_empty() {
            decide.join("; ")
        } else if classified {
            continue;
        } else if let Some((rule, phrase)) = reading.denied.first() {
            format!(
                "says there is no {} (\"{phrase}\"): that is no claim of it, and no rule applies; read it and decide whether anything needs asking",
                denied_what(*rule)
            )
        } else {
            let other = if claim
                .value
                .chars()
                .any(|c| c.is_alphabetic() && !c.is_ascii())
            {
                " (it may be in a language the phrase tables do not cover)"
            } else {
                ""
            };
            format!(
                "no rule classes this claim{other}; read it and decide which contract layer it speaks about and what to ask"
            )
        };
        out.push(
            Rule::UnclassifiedClaim,
            claim.at,
            subject,
            message,
            &claim.value,
        );
    }
}

/// What a denied phrase of `rule` denies.
fn denied_what(rule: Rule) -> &'static str {
    match rule {
        Rule::FreeOfficialApi | Rule::FreeApiKey => "free access",
        Rule::FreeCredits => "free credits or trial",
        Rule::UnlimitedClaim => "unlimited use",
        Rule::OfficialClaim => "official route",
        _ => "such thing",
    }
}

/// The decisions a reading's doubts leave to the reviewer, each once.
fn doubts(reading: &Reading) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    reading
        .doubts
        .iter()
        .filter(|d| seen.insert(*d))
        .map(|d| match d {
            Doubt::WhosePrice(amount) => format!(
                "gives {amount} where both Google's price and the vendor's own price or saving may be meant; decide whose price it is"
            ),
            Doubt::Unit(amount) => format!(
                "gives {amount} as Google's price with no unit; decide whether it is per image, per 1,000 images or per 1M tokens"
            ),
            Doubt::LaneDiscount(pct) => format!(
                "names Google's Batch/Flex lane and a saving of {}% without saying what it compares; decide whether that is Google's own lane discount or the vendor's saving, and on which price",
                pct.normalize()
            ),
        })
        .collect()
}

/// Whether a text names a model by a name several models share ("Nano Banana").
fn names_generically(text: &str, baseline: &Baseline) -> bool {
    let text = format!(" {} ", words(text));
    baseline
        .spelled_names()
        .filter(|(_, _, k)| *k == NameKind::Generic)
        .any(|(n, _, _)| text.contains(&format!(" {} ", words(n).trim())))
}

/// The models a text names, to narrow what its prices and savings are compared with: longest
/// names first, each match blanked out, so "Nano Banana Pro" is not also "Nano Banana". A
/// generic name ("Nano Banana") narrows nothing: it may mean any of the models. A name followed
/// by a word that makes it another model ("Nano Banana 2 Lite") is returned as `Err`.
fn models(text: &str, baseline: &Baseline) -> Result<Vec<usize>, String> {
    let mut names: Vec<(String, usize, NameKind)> = baseline
        .spelled_names()
        .filter(|(_, _, k)| *k != NameKind::Companion)
        .map(|(n, r, k)| (words(n), r, k))
        .collect();
    names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
    let mut text = words(text);
    let mut routes = Vec::new();
    for (name, route, kind) in names {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        let bytes = text.as_bytes();
        let found: Vec<usize> = text
            .match_indices(name)
            .map(|(at, _)| at)
            .filter(|&at| bytes[at - 1] == b' ' && bytes.get(at + name.len()) == Some(&b' '))
            .collect();
        if found.is_empty() {
            continue;
        }
        for &at in &found {
            let next = text[at + name.len()..].split_whitespace().next();
            if let Some(suffix) = next.filter(|w| MODEL_SUFFIXES.contains(w)) {
                return Err(format!("{name} {suffix}"));
            }
        }
        // Blanked, so that a shorter name inside it ("Nano Banana") is not found again.
        let mut blanked = text.into_bytes();
        for at in found {
            blanked[at..at + name.len()].fill(b' ');
        }
        text = String::from_utf8(blanked).unwrap_or_default();
        if kind == NameKind::Exact && !routes.contains(&route) {
            routes.push(route);
        }
    }
    Ok(routes)
}

/// The models named in each clause of a claim (and whether it names one only by a name
/// several share) and in the whole claim, each found once: a claim may hold many prices in
/// one clause.
struct Named {
    clauses: Vec<OnceCell<InClause>>,
    whole: OnceCell<Models>,
}

/// The models a text names, or the name of one the baseline does not have.
type Models = Result<Vec<usize>, String>;

/// The models a clause names, and whether it names one by a name several share.
type InClause = Result<(Vec<usize>, bool), String>;

impl Named {
    fn new(reading: &Reading) -> Named {
        Named {
            clauses: vec![OnceCell::new(); reading.clauses.len()],
            whole: OnceCell::new(),
        }
    }

    /// The models a stated price is for: those its clause names, else those the claim names.
    fn models_of(
        &self,
        reading: &Reading,
        price: &StatedPrice,
        baseline: &Baseline,
    ) -> Result<Vec<usize>, String> {
        let clause = &reading.clauses[price.clause];
        let (here, generic) = self.clauses[price.clause]
            .get_or_init(|| {
                Ok((
                    models(clause, baseline)?,
                    names_generically(clause, baseline),
                ))
            })
            .clone()?;
        if !here.is_empty() {
            return Ok(here);
        }
        // A clause that names a model only by the name several share ("$0.039 for Nano
        // Banana") may mean any of them, not the model the rest of the claim names.
        if generic {
            return Ok((0..baseline.routes.len()).collect());
        }
        self.whole
            .get_or_init(|| models(&reading.clauses.join(" "), baseline))
            .clone()
    }
}

/// The prices a claim gives as Google's, each compared only with the rows it can mean: its
/// models, its paired sizes and its lane. A price that matches none is misquoted.
fn google_prices(
    out: &mut Findings<'_>,
    cx: &Context<'_>,
    claim: &Sp<String>,
    reading: &Reading,
    subject: &Subject,
    decide: &mut Vec<String>,
) -> bool {
    let (baseline, t) = (cx.baseline, cx.thresholds());
    let named = Named::new(reading);
    let mut misquoted: Vec<String> = Vec::new();
    // What is already said, so a claim that repeats a figure costs no more per repeat.
    let mut said: std::collections::HashSet<String> = decide.iter().cloned().collect();
    for price in &reading.prices {
        let routes = match named.models_of(reading, price, baseline) {
            Ok(routes) => routes,
            Err(name) => {
                let ask = format!(
                    "gives {} as Google's price for \"{name}\", a model the baseline does not have; decide which model it is for",
                    price.written
                );
                if said.insert(ask.clone()) {
                    decide.push(ask);
                }
                continue;
            }
        };
        let rows = candidates(baseline, &routes, price);
        if rows
            .iter()
            .any(|(_, p)| matches_row(price.usd, *p, t.tolerance_pct))
        {
            continue;
        }
        // The row it does match, if it is one the claim does not mean (another size or lane).
        let elsewhere = candidates(
            baseline,
            &routes,
            &StatedPrice {
                sizes: Vec::new(),
                lane: None,
                ..price.clone()
            },
        )
        .into_iter()
        .find(|(_, p)| matches_row(price.usd, *p, t.tolerance_pct))
        .map(|(row, _)| format!(" (that is the baseline's {row})"))
        .unwrap_or_default();
        let mut listed: Vec<&str> = rows.iter().map(|(d, _)| d.as_str()).collect();
        listed.dedup();
        let misquote = format!(
            "USD {}{}{}{elsewhere}, which matches no official row it can mean in the baseline checked {} ({})",
            price.usd.normalize(),
            if price.per_million_tokens {
                " per 1M tokens"
            } else {
                " per image"
            },
            scope(price),
            baseline.checked_on,
            if listed.is_empty() {
                "none".to_owned()
            } else {
                listed.join("; ")
            }
        );
        if said.insert(misquote.clone()) {
            misquoted.push(misquote);
        }
    }
    // One finding per claim, however often it repeats a figure.
    if !misquoted.is_empty() {
        out.push(
            Rule::OfficialPriceMisquoted,
            claim.at,
            subject.clone(),
            format!(
                "states Google's price as {}; use the baseline's price and ask where the vendor's figure comes from",
                misquoted.join("; and as ")
            ),
            &claim.value,
        );
    }
    !reading.prices.is_empty()
}

/// Whether a stated price is an official row's: within the tolerance, or the row rounded to
/// the cents (or finer) the claim writes ("$0.13" for 0.134, "$0.04" for 0.039).
fn matches_row(stated: Decimal, row: Decimal, tolerance_pct: Decimal) -> bool {
    within_pct(stated, row, tolerance_pct)
        || (stated.scale() >= 2 && row.round_dp(stated.scale()) == stated)
}

/// " for 1K, 2K", " in the batch lane": what the claim pairs a price with, as the message says.
fn scope(price: &StatedPrice) -> String {
    let mut s = String::new();
    if !price.sizes.is_empty() {
        let sizes: Vec<&str> = price.sizes.iter().map(|s| s.label()).collect();
        s.push_str(&format!(" for {}", sizes.join(", ")));
    }
    if price.lane == Some(Lane::Batch) {
        s.push_str(" in the Batch/Flex lane");
    }
    s
}

/// Google's lanes, in the order rows list them.
const LANES: [Lane; 3] = [Lane::Standard, Lane::Batch, Lane::Priority];

/// The official rows a stated price can mean, described (`gemini-3-pro-image-preview 4K
/// standard 0.24`), with their price in its unit.
fn candidates(
    baseline: &Baseline,
    routes: &[usize],
    price: &StatedPrice,
) -> Vec<(String, Decimal)> {
    let mut out = Vec::new();
    for (r, route) in baseline.routes.iter().enumerate() {
        if !routes.is_empty() && !routes.contains(&r) {
            continue;
        }
        for row in &route.rows {
            if !price.sizes.is_empty() && !price.sizes.contains(&row.size) {
                continue;
            }
            if price.per_million_tokens {
                // The route's rate in each lane where the snapshot gives them, else the row's.
                let rates: Vec<(Lane, Decimal)> = match &route.rates {
                    Some(rates) => LANES
                        .into_iter()
                        .filter_map(|lane| Some((lane, rates.rate(lane)?)))
                        .collect(),
                    None => row
                        .tokens
                        .iter()
                        .map(|tk| (Lane::Standard, tk.usd_per_1m))
                        .collect(),
                };
                for (lane, rate) in rates {
                    if price.lane.is_none_or(|l| l == lane) || route.rates.is_none() {
                        out.push((
                            format!(
                                "{} {} {lane} USD {} per 1M tokens",
                                route.id,
                                row.size,
                                usd_cell(rate)
                            ),
                            rate,
                        ));
                    }
                }
                continue;
            }
            for lane in LANES {
                let Some(usd) = row.price(lane) else { continue };
                if price.lane.is_none_or(|l| l == lane) {
                    out.push((
                        format!("{} {} {lane} {}", route.id, row.size, usd_cell(usd)),
                        usd,
                    ));
                }
            }
        }
    }
    out
}

/// The comparable offers a claim can mean: of the models it names (of all, when it names
/// none), at the sizes and in the lane it names.
fn offers_meant<'e>(cx: &'e Context<'_>, claim: &str) -> Result<Vec<&'e Entry<'e>>, String> {
    let routes = models(claim, cx.baseline)?;
    let text = claim::canonical(claim);
    let sizes = claim::size_classes(&text);
    let lane = [" batch ", " flex "]
        .iter()
        .any(|b| words(&text).contains(b))
        .then_some(Lane::Batch);
    let route_id = |r: usize| cx.baseline.routes.get(r).map(|r| r.id.as_str());
    Ok(cx
        .entries
        .iter()
        .filter(|e| e.row.verdict.is_comparable())
        .filter(|e| {
            routes.is_empty()
                || routes
                    .iter()
                    .any(|r| route_id(*r) == e.row.model.as_deref())
        })
        .filter(|e| sizes.is_empty() || e.row.size.is_some_and(|s| sizes.contains(&s)))
        .filter(|e| lane.is_none_or(|l| l == e.row.lane()))
        .collect())
}

/// A claim that states a saving: compared with the best saving computed from the vendor's
/// comparable offers (those the claim names, if it names any).
fn saving(
    out: &mut Findings<'_>,
    cx: &Context<'_>,
    claim: &Sp<String>,
    claimed: Option<Decimal>,
    subject: &Subject,
    decide: &mut Vec<String>,
) -> bool {
    let Some(claimed) = claimed else {
        return false;
    };
    let t: &Thresholds = cx.thresholds();
    let offers = match offers_meant(cx, &claim.value) {
        Ok(offers) => offers,
        Err(name) => {
            decide.push(format!(
                "states a saving of {claimed}% for \"{name}\", a model the baseline does not have; decide which offer it compares"
            ));
            return true;
        }
    };
    let best = offers
        .iter()
        .filter_map(|e| {
            let (p, o) = (e.row.price_usd?, e.row.official_usd?);
            Some((-pct_over(p, o)?, *e))
        })
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.offer.index.cmp(&a.1.offer.index)));
    match best {
        None => decide.push(format!(
            "states a saving of {claimed}% that cannot be checked: the quote has no comparable offer it can mean; ask the vendor which offer and which Google price it compares"
        )),
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

/// A claim that the vendor's price equals Google's, against the offers it can mean: an offer
/// off Google's price by more than the tolerance contradicts it.
fn parity(
    out: &mut Findings<'_>,
    cx: &Context<'_>,
    claim: &Sp<String>,
    reading: &Reading,
    subject: &Subject,
    decide: &mut Vec<String>,
) -> bool {
    if !reading.parity {
        return false;
    }
    let offers = match offers_meant(cx, &claim.value) {
        Ok(offers) if !offers.is_empty() => offers,
        Ok(_) => {
            decide.push("says the price equals Google's, but the quote has no comparable offer it can mean; decide which offer it speaks of".into());
            return true;
        }
        Err(name) => {
            decide.push(format!(
                "says the price equals Google's for \"{name}\", a model the baseline does not have; decide which offer it speaks of"
            ));
            return true;
        }
    };
    let tolerance = cx.thresholds().tolerance_pct;
    let off: Vec<(Decimal, &Entry<'_>)> = offers
        .iter()
        .filter_map(|e| Some((e.row.delta_pct?, *e)))
        .filter(|(pct, _)| pct.abs() > tolerance)
        .collect();
    let Some((pct, e)) = off.iter().max_by(|a, b| {
        a.0.abs()
            .cmp(&b.0.abs())
            .then(b.1.offer.index.cmp(&a.1.offer.index))
    }) else {
        return true;
    };
    let others = match off.len() {
        1 => String::new(),
        n => format!(" (and {} more offers)", n - 1),
    };
    out.push(
        Rule::ParityClaimContradicted,
        claim.at,
        subject.clone(),
        format!(
            "says the price equals Google's, but {} at {} ({} lane, line {}) costs USD {} against Google's {}, {}{}%{others}; ask which price holds",
            e.row.model.as_deref().unwrap_or_default(),
            e.row.size.map_or("", |s| s.label()),
            e.row.lane(),
            e.offer.at.line,
            e.row.price_usd.map(usd_cell).unwrap_or_default(),
            e.row.official_usd.map(usd_cell).unwrap_or_default(),
            if *pct > Decimal::ZERO { "+" } else { "" },
            pct_cell(*pct),
        ),
        &claim.value,
    );
    true
}

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
            let googles =
                claim::says_google_credits(&claim.value) || granted == Some(Party::Google);
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

    #[test]
    fn parity_claim_contradicted_fires_when_an_offer_is_off_google_s_price() {
        assert_rule(Rule::ParityClaimContradicted, check);
    }

    #[test]
    fn claims_name_models_and_sizes() {
        let b = Baseline::embedded();
        let m = models("Nano Banana Pro 4K for less", &b).unwrap();
        assert_eq!(m.len(), 1);
        assert_eq!(b.routes[m[0]].id, "gemini-3-pro-image-preview");
        assert!(models("Nano Banana API 80% off", &b).unwrap().is_empty());
        assert!(models("Nano Banana 2.1 at 80% off", &b).unwrap().is_empty());
        assert_eq!(
            models("Nano Banana 2 Lite costs $0.03", &b),
            Err("nano banana 2 lite".into())
        );
        use crate::model::SizeClass;
        assert_eq!(claim::size_classes("官方4K价格"), [SizeClass::K4]);
        assert_eq!(
            claim::size_classes("1K-2K, not 0.5K"),
            [SizeClass::K1, SizeClass::K2, SizeClass::Half]
        );
        assert!(claim::size_classes("14K gold, 2.4k views").is_empty());
    }
}
