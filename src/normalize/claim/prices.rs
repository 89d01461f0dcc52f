//! The prices a claim gives as Google's: whose each amount is, in which unit, for which sizes
//! and lane.
//!
//! **Whose.** An amount is Google's only where the claim says so: an owner word right before
//! it ("official $0.24", "Google's $0.134", "官方约$0.13"); an owner word with a price word
//! earlier in its clause or segment ("Google's official pricing of $0.134 for 1K/2K and $0.24
//! for 4K", "Google list prices: 1K $0.067, 2K $0.101"); "through" an owner in a clause about
//! cost ("costs $0.24 per 4K image through Google's official Vertex AI platform"). The
//! vendor's own prices never are: "from", "just", "ours", a price next to a vendor word or a
//! vendor's domain. An amount an owner and a vendor, or an owner and a saving, both reach is a
//! [`Doubt::WhosePrice`].
//!
//! **Unit.** The one written beside the amount (per image, per 1,000 images, per 1M tokens,
//! per month); with none, per image only when the claim is about images and not tokens.
//!
//! **Sizes and lane.** Sizes pair with the amounts of their own clause: in order when the
//! clause lists as many of each on one side ("$a / $b / $c for 1K / 2K / 4K"), else each
//! amount takes the nearest group of sizes on the side sizes are written ("$0.134 for 1K–2K
//! and $0.24 for 4K", "1K $0.067, 2K $0.101"). The lane is the one its clause names, Standard
//! when none.

use std::ops::Range;

use rust_decimal::Decimal;

use super::phrases::{
    BATCH_WORDS, GLUE_WORDS, GOOGLE_PRICE_WORDS, IMAGE_WORDS, LIST_WORDS, MODEL_WORDS, OWNER_WORDS,
    PRICE_TO_SIZE, PRICE_WORDS, PRIORITY_WORDS, ROUTE_WORDS, SAVING_WORDS, STANDARD_WORDS, UNITS,
    Unit, VENDOR_AFTER, VENDOR_BEFORE, VENDOR_CUES, VIA_WORDS,
};
use super::words::{Prepared, Token, find_tokens, has_any, is_cjk, tokens, words};
use super::{Clause, Doubt, StatedPrice, patterns, tail};
use crate::model::{Lane, SizeClass};
use crate::money::parse_plain_decimal;

/// Words that make a claim about tokens: an amount in it with no unit is not per image.
const TOKEN_WORDS: &[&str] = &["token", "tokens", "mtok", "トークン", "토큰", "токен"];

/// How many tokens may stand between an owner word and a price word that make one cue
/// ("Google currently exposes one clear real-time price").
const OWNER_TO_PRICE: usize = 6;

/// An amount of money in a clause, with where it stands in the clause.
pub(super) struct Amount {
    pub written: String,
    pub value: Decimal,
    pub start: usize,
    pub end: usize,
    /// Where the unit is looked for: after the range it ends, if it starts one
    /// ("$0.13-0.24/次").
    unit_at: usize,
    /// It ends a range the amount before starts: it is whoever's that one is.
    ranged: bool,
}

/// The USD amounts in a clause, in order. A bare number (`0.134`) counts only where the claim
/// writes no other currency, and not as part of a size (`0.5K`), a share or a multiplier.
pub(super) fn amounts(clause: &str, bare_allowed: bool) -> Vec<Amount> {
    let p = patterns::get();
    let mut out: Vec<Amount> = Vec::new();
    for c in p.amount.captures_iter(clause) {
        let Some(whole) = c.get(0) else { continue };
        let (number, bare, cents) = match (c.name("n").or(c.name("m")), c.name("b"), c.name("c")) {
            (Some(n), ..) => (n.as_str(), false, false),
            (None, Some(b), _) => (b.as_str(), true, false),
            (None, None, Some(c)) => (c.as_str(), false, true),
            (None, None, None) => continue,
        };
        if bare {
            let before = clause[..whole.start()].chars().next_back();
            let after = clause[whole.end()..].chars().next();
            let stands_alone = before
                .is_none_or(|b| !b.is_alphanumeric() && !matches!(b, '$' | '.' | ',' | '×' | '*'))
                && after.is_none_or(|a| !a.is_alphanumeric() && !matches!(a, '%' | '×' | '％'));
            if !bare_allowed || !stands_alone {
                continue;
            }
        }
        let Some(value) = parse_amount(number) else {
            continue;
        };
        let value = if cents {
            match value.checked_div(Decimal::ONE_HUNDRED) {
                Some(v) => v,
                None => continue,
            }
        } else {
            value
        };
        out.push(Amount {
            written: whole.as_str().trim().to_owned(),
            value,
            start: whole.start(),
            end: whole.end(),
            unit_at: whole.end(),
            ranged: false,
        });
    }
    // "$0.13-0.24/次": the first amount of a range takes the unit written after the last.
    for i in (0..out.len().saturating_sub(1)).rev() {
        let between = clause[out[i].end..out[i + 1].start].trim();
        if matches!(between, "-" | "~" | "–" | "to" | "至" | "〜") {
            out[i].unit_at = out[i + 1].unit_at;
            out[i + 1].ranged = true;
        }
    }
    out
}

/// `0.134`, `0,134` (a decimal comma after a zero, or with other than three digits after it),
/// `1,000` and `1,000.50` (digit groups).
pub(crate) fn parse_amount(n: &str) -> Option<Decimal> {
    if let Ok(d) = parse_plain_decimal(n) {
        return Some(d);
    }
    if let Some((whole, frac)) = n.split_once(',')
        && !frac.contains([',', '.'])
        && (whole == "0" || frac.len() != 3)
    {
        return parse_plain_decimal(&format!("{whole}.{frac}")).ok();
    }
    let (groups, frac) = n.split_once('.').map_or((n, None), |(g, f)| (g, Some(f)));
    let mut parts = groups.split(',');
    let first = parts.next()?;
    let grouped = (1..=3).contains(&first.len()) && parts.clone().all(|p| p.len() == 3);
    if !grouped || !groups.contains(',') {
        return None;
    }
    let digits: String = groups.chars().filter(|c| *c != ',').collect();
    let text = match frac {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    parse_plain_decimal(&text).ok()
}

/// The unit written beside an amount: right after it, or shortly before it (see
/// [`UNITS`]).
fn unit_beside(clause: &str, a: &Amount) -> Option<Unit> {
    let after = clause[a.unit_at..]
        .chars()
        .take(32)
        .collect::<String>()
        .to_lowercase();
    let after = after.trim_start();
    let before: Vec<char> = clause[..a.start].chars().rev().take(14).collect();
    let before: String = before.into_iter().rev().collect::<String>().to_lowercase();
    UNITS
        .iter()
        .find(|(_, right_after, shortly_before)| {
            right_after.iter().any(|u| after.starts_with(u))
                || shortly_before.iter().any(|u| before.contains(u))
        })
        .map(|(unit, ..)| *unit)
}

/// Whether a price is the vendor's own by the words right beside it: "from $0.02", "just
/// $0.05", "ours: $0.09", "低至 $0.02", "$0.02起".
fn vendor_beside(clause: &str, a: &Amount) -> bool {
    let before_words = words(tail(&clause[..a.start], 64));
    let last: Vec<&str> = before_words.split_whitespace().rev().take(3).collect();
    let spelled = format!(
        " {} ",
        last.iter().rev().copied().collect::<Vec<_>>().join(" ")
    );
    let near: String = clause[..a.start]
        .trim_end()
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let before = VENDOR_BEFORE.iter().any(|v| {
        if v.chars().any(is_cjk) {
            near.contains(v)
        } else {
            spelled.ends_with(&format!(" {v} "))
        }
    });
    let after = clause[a.end..].trim_start();
    before || VENDOR_AFTER.iter().any(|v| after.starts_with(v))
}

/// Who a cue says a price is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    /// An owner word with a price or lane word ("official pricing", "Google Batch"), or a
    /// list price.
    Owner,
    /// "Through" an owner: Google's in a segment about cost.
    Via,
    /// A vendor word or domain.
    Vendor,
}

/// A phrase that says whose the prices near it are, with where it stands in the claim.
#[derive(Debug, Clone, Copy)]
struct Cue {
    start: usize,
    end: usize,
    kind: CueKind,
}

/// Token ranges, by where they start.
type Spans = Vec<(usize, usize)>;

/// Where each phrase of `list` stands in `toks`, sorted.
fn spans(toks: &[Token], list: &[&str]) -> Spans {
    let mut out: Spans = list.iter().flat_map(|w| find_tokens(toks, w)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The spans of `sorted` that start in `from..to` (token indices).
fn starting_in(sorted: &[(usize, usize)], from: usize, to: usize) -> &[(usize, usize)] {
    let a = sorted.partition_point(|s| s.0 < from);
    let b = sorted.partition_point(|s| s.0 < to);
    &sorted[a..b.max(a)]
}

/// The owner words of a claim, as token ranges; an owner word followed by a model's name
/// ("Google Nano Banana", "Google's Gemini") is not one.
fn owner_words(toks: &[Token]) -> Spans {
    let mut out = spans(toks, OWNER_WORDS);
    out.retain(|&(_, end)| {
        let next = match toks.get(end).map(|t| t.lower.as_str()) {
            Some("s") => toks.get(end + 1),
            _ => toks.get(end),
        };
        !next.is_some_and(|t| MODEL_WORDS.contains(&t.lower.as_str()))
    });
    out
}

/// The claim's tokens and the phrases the reader finds among them to say whose an amount is.
struct Attribution {
    toks: Vec<Token>,
    owners: Spans,
    /// Which tokens are part of a price word.
    in_price: Vec<bool>,
    /// The cues that speak for prices, sorted by where they end: all, and without the "via"
    /// cues (which speak only in a segment about cost).
    by_end: Vec<Cue>,
    by_end_direct: Vec<Cue>,
    /// The owner cues, sorted by where they start: all, and without the "via" cues.
    owners_by_start: Vec<Cue>,
    owners_by_start_direct: Vec<Cue>,
    /// Where the vendor cues start, where the claim compares prices or states a saving, and
    /// where its amounts start.
    vendors: Vec<usize>,
    savings: Vec<usize>,
    amounts: Vec<usize>,
    /// Where each amount ends, in the order of `amounts`.
    amount_ends: Vec<usize>,
}

/// How many of the sorted `at` stand in `range`.
fn count_in(at: &[usize], range: Range<usize>) -> usize {
    at.partition_point(|x| *x < range.end)
        .saturating_sub(at.partition_point(|x| *x < range.start))
}

impl Attribution {
    fn new(
        text: &str,
        toks: Vec<Token>,
        clause_of: impl Fn(usize) -> usize,
        amounts: &[Range<usize>],
    ) -> Attribution {
        let owners = owner_words(&toks);
        // "rate limits" are no price.
        let mut prices = spans(&toks, PRICE_WORDS);
        prices.retain(|&(s, e)| {
            toks[s].lower != "rate" || !toks.get(e).is_some_and(|t| t.lower.starts_with("limit"))
        });
        let mut in_price = vec![false; toks.len()];
        for &(s, e) in &prices {
            in_price[s..e].fill(true);
        }
        let cues = cues(text, &toks, &owners, &prices, clause_of, amounts);
        // "the first-party discount lane", "Google's own Batch discount" name a lane, not a
        // saving.
        let names_a_lane = |(start, end): (usize, usize)| {
            let after = toks.get(end).map(|t| t.lower.as_str());
            let before = start
                .checked_sub(1)
                .and_then(|i| toks.get(i))
                .map(|t| t.lower.as_str());
            matches!(after, Some("lane" | "lanes" | "path" | "route" | "tier"))
                || before.is_some_and(|b| BATCH_WORDS.contains(&b))
        };
        let mut savings: Vec<usize> = spans(&toks, SAVING_WORDS)
            .into_iter()
            .filter(|&r| !names_a_lane(r))
            .map(|(i, _)| toks[i].start)
            .chain(text.match_indices(['%', '折']).map(|(i, _)| i))
            .collect();
        savings.sort_unstable();
        let mut vendors: Vec<usize> = cues
            .iter()
            .filter(|c| c.kind == CueKind::Vendor)
            .map(|c| c.start)
            .collect();
        vendors.sort_unstable();
        let mut by_end = cues.clone();
        by_end.sort_by_key(|c| (c.end, c.start));
        let by_end_direct = by_end
            .iter()
            .filter(|c| c.kind != CueKind::Via)
            .copied()
            .collect();
        let owners_by_start: Vec<Cue> = cues
            .iter()
            .filter(|c| c.kind != CueKind::Vendor)
            .copied()
            .collect();
        let owners_by_start_direct = owners_by_start
            .iter()
            .filter(|c| c.kind != CueKind::Via)
            .copied()
            .collect();
        Attribution {
            toks,
            owners,
            in_price,
            by_end,
            by_end_direct,
            owners_by_start,
            owners_by_start_direct,
            vendors,
            savings,
            amounts: amounts.iter().map(|a| a.start).collect(),
            amount_ends: amounts.iter().map(|a| a.end).collect(),
        }
    }

    /// The owner word that stands right before the amount at `at` with only glue between, if
    /// one does: "official $0.24", "Google's $0.134", "Official 4K price ~$0.268",
    /// "官方约$0.13".
    fn owner_right_before(&self, at: usize) -> Option<Range<usize>> {
        let next = self.toks.partition_point(|t| t.start < at);
        (0..=4.min(next)).find_map(|glue| {
            let end = next - glue;
            let glued = (end..next)
                .all(|i| self.in_price[i] || GLUE_WORDS.contains(&self.toks[i].lower.as_str()));
            if !glued {
                return None;
            }
            let &(os, oe) = starting_in(&self.owners, end.saturating_sub(3), end)
                .iter()
                .find(|o| o.1 == end)?;
            Some(self.toks[os].start..self.toks[oe - 1].end)
        })
    }

    /// Whose the amount at `a` (in the claim `text`) is, in clause `clause` of segment `segment`;
    /// `costs`: the segment speaks of cost, so "through Google's API" speaks for its prices.
    fn whose(
        &self,
        text: &str,
        a: &Range<usize>,
        clause: &Range<usize>,
        segment: &Range<usize>,
        costs: bool,
    ) -> Whose {
        if self.owner_right_before(a.start).is_some() {
            return Whose::Google;
        }
        let saving_between = |from: usize, to: usize| count_in(&self.savings, from..to) > 0;
        let vendors_in_segment = count_in(&self.vendors, segment.clone()) > 0;
        let by_end = if costs {
            &self.by_end
        } else {
            &self.by_end_direct
        };
        // The nearest cue before the amount in its segment speaks for it…
        let before = &by_end[..by_end.partition_point(|c| c.end <= a.start)];
        if let Some(cue) = before.last().filter(|c| c.start >= segment.start) {
            return match cue.kind {
                CueKind::Vendor => Whose::Other,
                _ if saving_between(cue.end, a.start) => Whose::Doubt,
                // …and to its amounts after the first only as a list ("$0.134 at 1K and 2K,
                // $0.24 at 4K"), not past other words ("…, discounted price $0.09").
                _ if !listed_after(self, text, cue.end, a.start) => Whose::Doubt,
                CueKind::Via if vendors_in_segment => Whose::Doubt,
                // …with certainty in its own clause; from an earlier clause, unless this one
                // compares.
                _ if cue.start >= clause.start => Whose::Google,
                _ if saving_between(clause.start, clause.end) => Whose::Doubt,
                _ => Whose::Google,
            };
        }
        // …else an owner after it: the next cue, in its own clause ("$0.04 per image on the
        // standard Gemini API, less on third-party providers"), or anywhere in a segment that
        // neither compares nor names a vendor ("$0.24 per 4K image through Google's official
        // API").
        let owners = if costs {
            &self.owners_by_start
        } else {
            &self.owners_by_start_direct
        };
        let Some(owner) = owners[owners.partition_point(|c| c.start < a.end)..]
            .first()
            .filter(|c| c.end <= segment.end)
        else {
            return Whose::Other;
        };
        // An owner with an amount after it in the clause speaks for that one ("$0.09で、4Kは
        // Googleの標準価格$0.24").
        let alone = count_in(&self.vendors, a.end..owner.start) == 0
            && count_in(&self.amounts, owner.end..clause.end) == 0
            && !saving_between(a.end, owner.start);
        if owner.end <= clause.end && alone {
            return Whose::Google;
        }
        if vendors_in_segment || saving_between(segment.start, segment.end) {
            return Whose::Doubt;
        }
        Whose::Google
    }
}

/// Whether the amount starting at `at` is the first after a cue ending at `cue_end`, or
/// follows the amount before it with only the words of a list of prices between: sizes,
/// units, lanes, model names and glue, but no other word and no price word ("Price: $0.09").
fn listed_after(at_: &Attribution, text: &str, cue_end: usize, at: usize) -> bool {
    let i = at_.amounts.partition_point(|s| *s < at);
    let first = at_.amounts.partition_point(|s| *s < cue_end);
    if i <= first {
        return true;
    }
    let from = at_.amount_ends[i - 1];
    // An arrow, an equals sign or a table's bar turns to another price.
    if text
        .get(from..at)
        .is_some_and(|between| between.contains(['→', '⇒', '➜', '=', '|', '>', '＝', '｜']))
    {
        return false;
    }
    let toks = &at_.toks;
    let lo = toks.partition_point(|t| t.start < from);
    let hi = toks.partition_point(|t| t.start < at);
    let listed =
        |w: &str| LIST_WORDS.contains(&w) || GLUE_WORDS.contains(&w) || MODEL_WORDS.contains(&w);
    toks[lo..hi].iter().enumerate().all(|(k, t)| {
        // A size, with a particle written onto it ("4Kが").
        let w = t.lower.as_str();
        let size_end = w
            .bytes()
            .position(|b| !(b.is_ascii_digit() || b == b'.' || b == b'k' || b == b'x'))
            .unwrap_or(w.len());
        let sized = w[..size_end].bytes().any(|b| b.is_ascii_digit());
        !at_.in_price[lo + k]
            && (listed(w) || (sized && (size_end == w.len() || listed(&w[size_end..]))))
    })
}

/// The cues of a claim: the phrases that say whose a price is.
fn cues(
    text: &str,
    toks: &[Token],
    owners: &[(usize, usize)],
    prices: &[(usize, usize)],
    clause_of: impl Fn(usize) -> usize,
    amounts: &[Range<usize>],
) -> Vec<Cue> {
    let span = |(a, b): (usize, usize)| (toks[a].start, toks[b - 1].end);
    let cue = |(start, end): (usize, usize), kind| Cue { start, end, kind };
    // "Google Batch/Flex", "Google's own Batch route", "Vertex AI Batch": Google's lanes.
    let lanes = spans(toks, &[BATCH_WORDS, STANDARD_WORDS].concat());
    let routes = spans(toks, ROUTE_WORDS);
    let vias = spans(toks, VIA_WORDS);
    let amount_between = |from: usize, to: usize| {
        let i = amounts.partition_point(|a| a.start < from);
        amounts.get(i).is_some_and(|a| a.end <= to)
    };
    let route_between = |from: usize, to: usize| !starting_in(&routes, from, to).is_empty();
    let mut out = Vec::new();
    for &(os, oe) in owners {
        let (o_start, o_end) = span((os, oe));
        // Price words up to OWNER_TO_PRICE tokens either side, lane words up to three.
        let partners = [(prices, OWNER_TO_PRICE), (lanes.as_slice(), 3)];
        for (list, reach) in partners {
            let near = starting_in(list, os.saturating_sub(reach + 4), oe + reach + 1);
            for &(ps, pe) in near {
                let gap = ps.checked_sub(oe).or(os.checked_sub(pe)).unwrap_or(0);
                let (p_start, p_end) = span((ps, pe));
                let whole = (o_start.min(p_start), o_end.max(p_end));
                if gap <= reach
                    && clause_of(o_start) == clause_of(p_start)
                    && !amount_between(whole.0, whole.1)
                    && !route_between(os.min(ps), oe.max(pe))
                {
                    out.push(cue(whole, CueKind::Owner));
                }
            }
        }
        for &(vs, ve) in starting_in(&vias, os.saturating_sub(5), os) {
            if ve <= os && os - ve <= 3 && clause_of(toks[vs].start) == clause_of(o_start) {
                out.push(cue((toks[vs].start, o_end), CueKind::Via));
            }
        }
    }
    for r in spans(toks, GOOGLE_PRICE_WORDS) {
        out.push(cue(span(r), CueKind::Owner));
    }
    for r in spans(toks, VENDOR_CUES) {
        out.push(cue(span(r), CueKind::Vendor));
    }
    for m in patterns::get().domain.find_iter(text) {
        if !m.as_str().to_lowercase().contains("google") {
            out.push(cue((m.start(), m.end()), CueKind::Vendor));
        }
    }
    out.sort_by_key(|c| (c.start, c.end));
    out
}

/// Whose an amount is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whose {
    Google,
    Doubt,
    Other,
}

/// The size classes written in a text, each with where it stands; a range ("1K~4K") stands
/// for the classes it spans.
fn sizes(text: &str) -> Vec<(usize, SizeClass)> {
    let found: Vec<(usize, usize, SizeClass)> = patterns::get()
        .size
        .find_iter(text)
        .filter(|m| {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            before.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '.')
                && after.is_none_or(|c| !c.is_ascii_alphanumeric())
        })
        .filter_map(|m| Some((m.start(), m.end(), SizeClass::from_label(m.as_str())?)))
        .collect();
    let mut out = Vec::new();
    for (i, &(at, _, size)) in found.iter().enumerate() {
        out.push((at, size));
        if let Some(&(next_at, _, next)) = found.get(i + 1) {
            let between = text[found[i].1..next_at].trim();
            if matches!(between, "~" | "〜" | "-" | "–" | "to" | "至" | "から") {
                out.extend(
                    SizeClass::ALL
                        .iter()
                        .filter(|s| **s > size && **s < next)
                        .map(|s| (found[i].1, *s)),
                );
            }
        }
    }
    out
}

/// The size classes a text names, in order, each once.
pub fn size_classes(text: &str) -> Vec<SizeClass> {
    let mut out = Vec::new();
    for (_, s) in sizes(&super::canonical(text)) {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Sizes in groups: sizes joined only by separators ("1K / 2K", "1K and 2K", "1K–2K") are one
/// group.
fn size_groups(text: &str, found: &[(usize, SizeClass)]) -> Vec<(usize, usize, Vec<SizeClass>)> {
    let mut groups: Vec<(usize, usize, Vec<SizeClass>)> = Vec::new();
    for &(at, size) in found {
        let end = at + size.label().len();
        if let Some(last) = groups.last_mut() {
            let between = words(text.get(last.1.min(at)..at).unwrap_or(""));
            let joined = between.split_whitespace().all(|w| {
                matches!(
                    w,
                    "and"
                        | "or"
                        | "und"
                        | "et"
                        | "y"
                        | "e"
                        | "и"
                        | "和"
                        | "与"
                        | "と"
                        | "및"
                        | "to"
                        | "至"
                )
            });
            if joined {
                last.1 = last.1.max(end);
                if !last.2.contains(&size) {
                    last.2.push(size);
                }
                continue;
            }
        }
        groups.push((at, end, vec![size]));
    }
    for g in &mut groups {
        g.2.sort();
    }
    groups
}

/// The sizes paired with each amount of a clause: in order, when the clause lists as many
/// sizes as amounts on one side of them ("$a / $b / $c for 1K / 2K / 4K"); otherwise each
/// amount takes the nearest group on the side the clause writes sizes: after it, before the
/// next amount ("$0.134 for 1K-2K and $0.24 for 4K"), or before it, after the one before
/// ("1K $0.134, 4K $0.24").
fn paired_sizes(clause: &str, amounts: &[Amount]) -> Vec<Vec<SizeClass>> {
    let found = sizes(clause);
    let n = amounts.len();
    if found.is_empty() || n == 0 {
        return vec![Vec::new(); n];
    }
    let (first_amount, last_amount) = (amounts[0].start, amounts[n - 1].start);
    let one_side = found.iter().all(|(at, _)| *at < first_amount)
        || found.iter().all(|(at, _)| *at > last_amount);
    let distinct: Vec<SizeClass> = found.iter().map(|(_, s)| *s).collect();
    if n > 1 && found.len() == n && one_side && distinct.windows(2).all(|w| w[0] != w[1]) {
        return found.iter().map(|(_, s)| vec![*s]).collect();
    }
    // "1K to 4K is $0.134 to $0.24": a range of sizes priced by a range of amounts does not
    // say which amount is which size.
    if amounts.iter().any(|a| a.ranged) && patterns::get().size_range.is_match(clause) {
        let mut all = distinct;
        all.sort();
        all.dedup();
        return vec![all; n];
    }
    let groups = size_groups(clause, &found);
    let sizes_first = found[0].0 < first_amount;
    (0..n)
        .map(|i| {
            // "$0.24 for 4K", "$0.24 per image at 4K": the size said right after the amount.
            let after = groups.partition_point(|g| g.0 < amounts[i].end);
            let said_after = groups.get(after).filter(|g| {
                let between = words(&clause[amounts[i].end..g.0]);
                let between: Vec<&str> = between.split_whitespace().collect();
                matches!(between.last(), Some(&("for" | "at" | "in")))
                    && between.iter().all(|w| PRICE_TO_SIZE.contains(w))
            });
            if let Some(g) = said_after {
                return g.2.clone();
            }
            // Groups do not overlap: sorted by start, they are sorted by end too.
            let group = if sizes_first {
                let from = if i == 0 { 0 } else { amounts[i - 1].end };
                let before = groups.partition_point(|g| g.1 <= amounts[i].start);
                before
                    .checked_sub(1)
                    .map(|j| &groups[j])
                    .filter(|g| g.0 >= from)
            } else {
                let to = amounts.get(i + 1).map_or(clause.len(), |a| a.start);
                let after = groups.partition_point(|g| g.0 < amounts[i].end);
                groups.get(after).filter(|g| g.1 <= to)
            };
            group.map(|g| g.2.clone()).unwrap_or_default()
        })
        .collect()
}

/// The lane a clause names: Batch for batch/flex words, Standard for standard words, `None`
/// for both, and (`Some(None)`) nothing said.
fn lane_named(p: &Prepared) -> Option<Option<Lane>> {
    let named = [
        (Lane::Batch, has_any(p, BATCH_WORDS)),
        (Lane::Standard, has_any(p, STANDARD_WORDS)),
        (Lane::Priority, has_any(p, PRIORITY_WORDS)),
    ];
    match named.iter().filter(|(_, said)| *said).count() {
        0 => None,
        1 => named
            .iter()
            .find(|(_, said)| *said)
            .map(|(lane, _)| Some(*lane)),
        _ => Some(None),
    }
}

/// The prices a claim gives as Google's, the amounts whose owner or unit would need a guess,
/// and where the claim names Google as a price's owner ("official pricing", "official
/// $0.24").
pub(super) fn prices(
    text: &str,
    whole: &Prepared,
    clauses: &[Clause<'_>],
    prepared: &[Prepared],
) -> (Vec<StatedPrice>, Vec<Doubt>, Vec<Range<usize>>) {
    let p = patterns::get();
    let bare_allowed = !p.other_currency.is_match(text);
    let found: Vec<Vec<Amount>> = clauses
        .iter()
        .map(|c| amounts(c.text, bare_allowed))
        .collect();
    let mut out = Vec::new();
    let mut doubts = Vec::new();
    if found.iter().all(Vec::is_empty) {
        return (out, doubts, Vec::new());
    }
    let absolute: Vec<Range<usize>> = clauses
        .iter()
        .zip(&found)
        .flat_map(|(c, list)| list.iter().map(|a| c.start + a.start..c.start + a.end))
        .collect();
    let clause_of = |at: usize| clauses.partition_point(|c| c.start <= at).saturating_sub(1);
    let who = Attribution::new(text, tokens(text), clause_of, &absolute);
    // Each clause's segment, and whether the segment speaks of cost.
    let segments = super::segments(clauses, text.len());
    let mut costly = vec![false; text.len() + 1];
    for (seg, prep) in segments.iter().zip(prepared) {
        if has_any(prep, PRICE_WORDS) {
            costly[seg.start] = true;
        }
    }
    let costs: Vec<bool> = segments.iter().map(|seg| costly[seg.start]).collect();
    // With no unit written, an amount is per image only in a claim about images, not tokens.
    let per_image = (has_any(whole, IMAGE_WORDS) || !sizes(&whole.lower).is_empty())
        && !has_any(whole, TOKEN_WORDS)
        && !p.thousand_images.is_match(text);
    let mut lane = Lane::Standard;
    for (c, ((clause, prep), list)) in clauses.iter().zip(prepared).zip(&found).enumerate() {
        if clause.starts_over {
            lane = Lane::Standard;
        }
        let named = lane_named(prep);
        if let Some(Some(l)) = named {
            lane = l;
        }
        let this_lane = match named {
            Some(None) => None,
            _ => Some(lane),
        };
        if list.is_empty() {
            continue;
        }
        let segment = &segments[c];
        let span = clause.start..clause.start + clause.text.len();
        let paired = paired_sizes(clause.text, list);
        let mut last = Whose::Other;
        for (a, sizes) in list.iter().zip(paired) {
            let at = clause.start + a.start..clause.start + a.end;
            let whose = if a.ranged {
                last
            } else if vendor_beside(clause.text, a) {
                Whose::Other
            } else {
                who.whose(text, &at, &span, segment, costs[c])
            };
            last = whose;
            match whose {
                Whose::Other => continue,
                Whose::Doubt => {
                    doubts.push(Doubt::WhosePrice(a.written.clone()));
                    continue;
                }
                Whose::Google => {}
            }
            let per = match unit_beside(clause.text, a) {
                Some(per) => per,
                None if per_image => Unit::Image,
                None => {
                    doubts.push(Doubt::Unit(a.written.clone()));
                    continue;
                }
            };
            let (usd, per_million_tokens) = match per {
                Unit::Image => (a.value, false),
                Unit::ThousandImages => match a.value.checked_div(Decimal::from(1000)) {
                    Some(v) => (v, false),
                    None => continue,
                },
                Unit::MillionTokens => (a.value, true),
                Unit::Month => continue,
            };
            out.push(StatedPrice {
                written: a.written.clone(),
                usd,
                per_million_tokens,
                sizes,
                lane: this_lane,
                clause: c,
            });
        }
    }
    let mut owners: Vec<Range<usize>> =
        who.owners_by_start.iter().map(|c| c.start..c.end).collect();
    owners.extend(
        absolute
            .iter()
            .filter_map(|a| who.owner_right_before(a.start)),
    );
    (out, doubts, owners)
}
