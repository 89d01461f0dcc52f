//! The saving on Google's price a claim states: "80% off official pricing", "70–83% off"
//! (a range's strongest end), "28–36% of list price" (100 − the lowest share), "−45% vs.
//! official", "官方价格的 30%", "2 折", "公式価格より30%安い". A percentage of something else
//! ("40% lower latency", "30% cheaper than OpenRouter", "20% off your first top-up") is none.

use rust_decimal::Decimal;

use super::phrases::PRICE_WORDS;
use super::words::words;
use super::{canonical, patterns};
use crate::money::parse_plain_decimal;

/// Words in what a saving is compared with that make it Google's price.
const GOOGLE_SIDE: &[&str] = &[
    "google",
    "official",
    "oficial",
    "offiziell",
    "officiel",
    "официальн",
    "list",
    "vertex",
    "gemini api",
    "direct",
    "directly",
    "官方",
    "谷歌",
    "官网",
    "公式",
    "구글",
    "공식",
];

/// Whether the claim compares with something other than Google's price: "than OpenRouter",
/// "que o KIE.ai", "比DALL-E便宜", "Proより".
fn compares_with_another(claim: &str) -> bool {
    let p = patterns::get();
    let googles = |s: &str| {
        let lower = s.to_lowercase();
        let w = words(&lower);
        GOOGLE_SIDE.iter().any(|g| {
            if g.is_ascii() {
                w.contains(&format!(" {g}"))
            } else {
                lower.contains(g)
            }
        })
    };
    let latin = p
        .compared_with
        .captures_iter(claim)
        .filter_map(|c| c.get(1))
        .any(|m| {
            let s = m.as_str().trim();
            // "more than 50%", "versus $240": amounts, not another party.
            !s.starts_with(|c: char| c.is_ascii_digit() || c == '$') && !googles(s)
        });
    latin
        || p.compared_with_cjk
            .captures_iter(claim)
            .filter_map(|c| c.get(1).or(c.get(2)).or(c.get(3)))
            .any(|m| !googles(m.as_str()))
}

/// The saving a claim states, in percent (for a range, its strongest statement).
pub fn stated_saving(claim: &str) -> Option<Decimal> {
    let p = patterns::get();
    let num = |s: &str| parse_plain_decimal(s).ok();
    // En and em dashes read like "-" here: "−45%", "–45% vs. official", "70–83% off".
    let claim = &claim.replace(['–', '—'], "-");
    if let Some(c) = p.list_multiplier.captures(claim) {
        let paid = num(&c[1])?.checked_mul(Decimal::ONE_HUNDRED)?;
        return (paid <= Decimal::ONE_HUNDRED).then(|| Decimal::ONE_HUNDRED - paid);
    }
    if p.promotion.is_match(claim) || compares_with_another(claim) {
        return None;
    }
    if let Some(c) = p.pct_of.captures(claim) {
        // What is paid: the strongest statement is the lowest share.
        let paid = match c.get(2).and_then(|m| num(m.as_str())) {
            Some(other) => num(&c[1])?.min(other),
            None => num(&c[1])?,
        };
        return (paid <= Decimal::ONE_HUNDRED).then(|| Decimal::ONE_HUNDRED - paid);
    }
    if let Some(c) = p.cjk_of.captures(claim) {
        return num(c.get(1).or(c.get(2))?.as_str())
            .filter(|paid| *paid <= Decimal::ONE_HUNDRED)
            .map(|paid| Decimal::ONE_HUNDRED - paid);
    }
    if p.half.is_match(claim) {
        return Some(Decimal::from(50));
    }
    if let Some(c) = p.cjk_zhe.captures(claim) {
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
    if let Some(c) = p.cjk_pct.captures(claim) {
        return num(c.get(1).or(c.get(2))?.as_str());
    }
    let (w, lower) = (words(claim), claim.to_lowercase());
    let priced = PRICE_WORDS
        .iter()
        .chain(&[
            "cheaper",
            "bill",
            "billing",
            "pay",
            "más barato",
            "günstiger",
            "便宜",
            "安い",
            "costs",
            "costos",
            "kosten",
            "coûts",
            "custos",
            "затрат",
            "расход",
            "成本",
            "コスト",
        ])
        .any(|word| {
            if word.is_ascii() {
                w.contains(&format!(" {word} "))
            } else {
                lower.contains(word)
            }
        });
    if let Some(c) = p.range_off.captures(claim) {
        return Some(num(&c[1])?.max(num(&c[2])?));
    }
    // "save N% on every image" is a price; "save N% of your time" is not.
    let on_something = p.save_on.is_match(claim);
    if let Some(c) = p.save_range.captures(claim) {
        return (priced || on_something).then_some(num(&c[1])?.max(num(&c[2])?));
    }
    // "30% below Google", "20% less than official", "-49% vs. official": a saving on
    // Google's price.
    if let Some(c) = p
        .below_google
        .captures(claim)
        .or_else(|| p.minus_vs.captures(claim))
    {
        return num(&c[1]);
    }
    if let Some(c) = p.discount_range.captures(claim) {
        return Some(num(&c[1])?.max(num(&c[2])?));
    }
    // "Up to 70% off for Nano Banana 2; Nano Banana Pro at 62% off": which saving is for which
    // model is a reading of its own, so several figures state no one saving.
    let mut figures: Vec<Decimal> = p
        .pct_off
        .captures_iter(claim)
        .filter_map(|c| num(c.get(1).or(c.get(2)).or(c.get(3)).or(c.get(4))?.as_str()))
        .collect();
    figures.sort();
    figures.dedup();
    if figures.len() > 1 {
        return None;
    }
    if let Some(c) = p.pct_off.captures(claim) {
        let figure = c.get(1).or(c.get(2)).or(c.get(3)).or(c.get(4))?;
        // "-50% off" says the opposite of a saving twice over: no saving is read from it.
        if claim[..figure.start()].trim_end().ends_with('-') {
            return None;
        }
        let pct = num(figure.as_str())?;
        // "40% lower latency", "save 30% of your time": a percentage, but not of a price.
        let word = c.get(0)?.as_str().to_lowercase();
        let needs_price_noun = ["less", "lower", "below", "save", "by", "menos", "reduction"]
            .iter()
            .any(|x| word.contains(x));
        return (!needs_price_noun || priced || (word.contains("save") && on_something))
            .then_some(pct);
    }
    // "снижение на 79%", "ahorrando hasta un 79% en costos": a saving on a price or cost.
    let c = p.save_words.captures(claim)?;
    let pct = num(c.get(1).or(c.get(2))?.as_str())?;
    (priced || p.amount.is_match(claim)).then_some(pct)
}

/// Whether a claim says Google's credits fund it ("200 free Google credits").
pub fn says_google_credits(claim: &str) -> bool {
    patterns::get().google_credits.is_match(&canonical(claim))
}

/// Whether a claim says what its saving compares with ("than", "vs.", "off official pricing",
/// "比", "より").
pub(super) fn compares(claim: &str) -> bool {
    let p = patterns::get();
    p.compared_with.is_match(claim)
        || p.compared_with_cjk.is_match(claim)
        || p.saving_base.is_match(claim)
}
