//! Which contract layers a claim's phrases speak about, and which it denies: "free API access"
//! claims the official API is free; "no free tier", "Free tier: none", "无免费额度",
//! "бесплатного тарифа нет" say there is none, which is no claim of it.

use super::phrases::{
    DENY_AFTER, DENY_AFTER_CJK, DENY_BEFORE, DENY_BEFORE_CJK, DENY_CLAUSE, NOT_A_DENIAL, PATTERNS,
    Pattern,
};
use super::words::{At, Prepared, find_all, has, is_cjk, prepare, words};
use super::{Clause, head, patterns, tail};
use crate::model::Rule;

/// How many words before a claim word a denying word reaches ("does not currently offer a
/// free tier").
pub(super) const DENY_REACH: usize = 5;
/// How many words an `also` phrase of a [`Pattern::near`] pattern may stand from its hit.
const NEAR: usize = 4;

pub(super) type Layers = (
    Vec<(&'static Pattern, &'static str)>,
    Vec<(Rule, &'static str)>,
);

/// The layer rules the claim fires, each with the phrase that fired it, and those whose every
/// phrase in it is denied. `owners`: where the claim names Google as a price's owner
/// ("official pricing", "official $0.24"), which is no claim about the vendor's route.
pub(super) fn layers(
    text: &str,
    whole: &Prepared,
    clauses: &[Clause<'_>],
    prepared: &[Prepared],
    owners: &[std::ops::Range<usize>],
) -> Layers {
    // "official" that names Google's price ("80% off official pricing", "cheaper than going
    // through the official channels", "official $0.24") is not a claim that the route is
    // official.
    let mut blanked = text.as_bytes().to_vec();
    let price_refs = patterns::get().price_ref.find_iter(text).map(|m| m.range());
    for r in price_refs.chain(owners.iter().cloned()) {
        blanked[r].fill(b' ');
    }
    // Whole characters were blanked: the text is still UTF-8.
    let blanked = String::from_utf8(blanked).unwrap_or_else(|_| text.to_owned());
    let routes: Vec<Prepared> = clauses
        .iter()
        .map(|c| prepare(&blanked[c.start..c.start + c.text.len()]))
        .collect();
    let mut fired: Vec<(&'static Pattern, &'static str)> = Vec::new();
    let mut denied: Vec<(Rule, &'static str)> = Vec::new();
    for pat in PATTERNS {
        let free_api = pat.rule == Rule::FreeOfficialApi;
        let (hits_in, denials_in) = if pat.rule == Rule::OfficialClaim {
            (routes.as_slice(), prepared)
        } else {
            (prepared, prepared)
        };
        let anywhere = |list: &[&str]| list.iter().any(|a| has(whole, a));
        let also_anywhere = pat.near || pat.also.is_empty() || anywhere(pat.also);
        let applies = also_anywhere && !pat.unless.iter().any(|list| anywhere(list));
        let mut hit = None;
        let mut denial = None;
        for phrase in pat.any {
            for (clause, deny_clause) in hits_in.iter().zip(denials_in) {
                let near = |c: &Prepared, at| !pat.near || also_near(c, at, pat.also);
                // A claim word right after a denial is denied whatever stands near it ("no
                // free quota", "Нет бесплатного тарифа").
                for at in find_all(deny_clause, phrase) {
                    let denied = if pat.near && !near(deny_clause, at) {
                        denies(deny_clause, at, 1)
                    } else {
                        also_anywhere && denies(deny_clause, at, DENY_REACH)
                    };
                    if denied {
                        denial.get_or_insert(*phrase);
                    }
                }
                if !applies {
                    continue;
                }
                for at in find_all(clause, phrase) {
                    if near(clause, at) && !denies(clause, at, DENY_REACH) {
                        hit.get_or_insert(*phrase);
                    }
                }
            }
        }
        // A claim that denies a free official API anywhere is not read as claiming one
        // elsewhere ("searching for its free tier? There is no free API tier").
        if free_api && denial.is_some() {
            hit = None;
        }
        let new = fired.iter().all(|(f, _)| f.rule != pat.rule);
        match (hit, denial) {
            (Some(phrase), _) if new => {
                denied.retain(|(r, _)| *r != pat.rule);
                fired.push((pat, phrase));
            }
            (None, Some(phrase)) if new && denied.iter().all(|(r, _)| *r != pat.rule) => {
                denied.push((pat.rule, phrase));
            }
            _ => {}
        }
    }
    // "No free trial" denies a trial; that it also denies "free" says nothing more.
    if denied
        .iter()
        .any(|(r, _)| matches!(r, Rule::FreeCredits | Rule::FreeApiKey))
    {
        denied.retain(|(r, _)| *r != Rule::FreeOfficialApi);
    }
    (fired, denied)
}

/// The words around a hit: up to [`NEAR`] each side (a run of a script without spaces is one).
fn around(p: &Prepared, at: At) -> String {
    let (before, after) = window(p, at);
    let before_words = words(before);
    let before: Vec<&str> = before_words.split_whitespace().rev().take(NEAR).collect();
    let after_words = words(after);
    let after: Vec<&str> = after_words.split_whitespace().take(NEAR).collect();
    let mut near: Vec<&str> = before.into_iter().rev().collect();
    near.extend(after);
    format!(" {} ", near.join(" "))
}

/// Whether a phrase of `also` stands near the hit at `at`.
fn also_near(p: &Prepared, at: At, also: &[&str]) -> bool {
    let near = around(p, at);
    let lower = match at {
        At::Words(..) => String::new(),
        At::Lower(start, end) => {
            let from = p.lower[..start]
                .char_indices()
                .rev()
                .nth(11)
                .map_or(0, |(i, _)| i);
            let to = p.lower[end..]
                .char_indices()
                .nth(12)
                .map_or(p.lower.len(), |(i, _)| end + i);
            p.lower[from..to].to_owned()
        }
    };
    also.iter().any(|a| {
        if a.is_ascii() {
            near.contains(&format!(" {} ", words(a).trim()))
        } else {
            near.contains(a) || lower.contains(a)
        }
    })
}

/// Whether the phrase at `at` is denied in its clause: a denying word at most `reach` words
/// before it ("no free tier", "does not currently offer a free tier", "без
/// бесплатного"), a denying phrase earlier in the clause ("unlike Google's models that offer
/// free tiers"), or, just after it, a denial of its existence ("Free tier: none", "免费额度：无",
/// "бесплатного тарифа нет").
pub(super) fn denies(p: &Prepared, at: At, reach: usize) -> bool {
    let (before, after) = window(p, at);
    if let At::Lower(..) = at {
        // The rest of a word whose stem was matched ("бесплатн|ого") is not a word after it.
        let rest = after.trim_start_matches(|c: char| c.is_alphanumeric() && !is_cjk(c));
        // "不提供任何"无限": a few characters back, up to a mark.
        let near: String = before
            .chars()
            .rev()
            .take_while(|c| !matches!(c, '，' | ',' | '。' | '、' | ';' | '；'))
            .take(6)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let cjk_before = DENY_BEFORE_CJK.iter().any(|d| near.contains(d))
            && !NOT_A_DENIAL.iter().any(|n| near.contains(n));
        return cjk_before
            || denied_after_cjk(rest)
            || denied_before(&words(before), reach)
            || denied_after(&words(rest));
    }
    denied_before(before, reach) || denied_after(after)
}

/// How far before and after a phrase the reader looks for what denies it or stands near it, in
/// bytes: a few dozen words.
const WINDOW: usize = 240;

/// The text before and after the phrase at `at`, up to [`WINDOW`] bytes each.
fn window(p: &Prepared, at: At) -> (&str, &str) {
    let (text, start, end) = match at {
        At::Words(start, end) => (&p.words, start, end),
        At::Lower(start, end) => (&p.lower, start, end),
    };
    (tail(&text[..start], WINDOW), head(&text[end..], WINDOW))
}

/// Whether the words before a claim word deny it.
fn denied_before(before: &str, reach: usize) -> bool {
    let spaced = format!(" {} ", before.trim());
    if DENY_CLAUSE
        .iter()
        .any(|d| spaced.contains(&format!(" {d} ")))
    {
        return true;
    }
    let tokens: Vec<&str> = before.split_whitespace().collect();
    let n = tokens.len();
    (0..n.min(reach)).any(|back| {
        let i = n - 1 - back;
        let next = tokens.get(i + 1).copied().unwrap_or("");
        DENY_BEFORE.contains(&tokens[i])
            && !NOT_A_DENIAL.contains(&format!("{} {next}", tokens[i]).as_str())
            // A conjunction between them starts another phrase: "no setup and free credits".
            && !tokens[i + 1..].iter().any(|w| STOPS.contains(w))
    })
}

/// Words that end a denying word's reach.
const STOPS: &[&str] = &["and", "but", "plus", "with", "y", "et", "und", "e", "и"];

/// " tier: none" → denied: a denial of existence after at most three words ("бесплатного
/// доступа к API нет"); "no" only right after the phrase or one word on ("Free trial: no").
fn denied_after(after_words: &str) -> bool {
    let tokens: Vec<&str> = after_words.split_whitespace().take(8).collect();
    (0..tokens.len().min(7)).any(|skip| {
        let rest = format!(" {} ", tokens[skip..].join(" "));
        DENY_AFTER.iter().any(|d| {
            // Russian puts "нет" and "не существует" at the end of the clause.
            let reach = match d.chars().next() {
                _ if *d == "no" => 1,
                Some(c) if ('\u{400}'..='\u{4ff}').contains(&c) => 6,
                _ => 3,
            };
            // A phrase outside ASCII may be a stem: "отсутству|ет".
            let end = if d.is_ascii() { " " } else { "" };
            skip <= reach && rest.starts_with(&format!(" {d}{end}"))
        })
    })
}

/// "额度：无", "トライアルはありません", "免费 API 层级不支持": a denial of existence in the
/// rest of the clause's stretch of a script without spaces, up to the next mark.
fn denied_after_cjk(after: &str) -> bool {
    let stretch: String = after
        .chars()
        .take_while(|c| {
            !matches!(
                c,
                '、' | '，' | ',' | '。' | '；' | ';' | '!' | '！' | '(' | '（'
            )
        })
        .filter(|c| {
            !matches!(
                c,
                ':' | ' ' | '：' | 'は' | 'が' | 'も' | '是' | '都' | '에' | '서' | '는' | '은'
            )
        })
        .take(16)
        .collect();
    DENY_AFTER_CJK.iter().any(|d| stretch.contains(d))
}
