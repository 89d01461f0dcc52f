//! `quote-audit draft PAGE`: a saved vendor page → a draft quote, so a review starts from the
//! vendor's own words instead of a blank skeleton.
//!
//! The page is read into lines and tables ([`page`]). Each sentence and each table row is then
//! read for what quote-audit already knows: the baseline's model names, size and lane words,
//! amounts of money with their unit (`words.rs`), the claim reader's classes. What is written as data is
//! only what the page states exactly:
//!
//! - **an offer** when one firm price has one model (named beside it, in its row, or the
//!   model of the section it stands in), its sizes (beside it, in its row or column; none
//!   said: `unstated`, or `any` for a price per token), a unit (beside it, in its column's
//!   header, or the only unit the page names) and a currency;
//! - **a claim** for every sentence or row the claim reader classes, and every one that gives
//!   a price as Google's or "official": such a price is never an offer;
//! - a price for several images ("num_images == 4 … $1.20") only when divided exactly, and a
//!   changed price ("adjusted from $0.03 to $0.045") at its new figure, each said so in its
//!   comment.
//!
//! Everything else the page prices — approximations, "from" prices, add-ons, a price whose
//! model, size or unit would be a guess, two prices for one model and size — is written as a
//! commented candidate with the reason, and every sentence about retention, training, refunds,
//! failed generations, support or the upstream as a terms hint. The file carries `draft: true`,
//! so `audit` reports it (`draft-unreviewed`, high) until a reviewer has checked it.

pub mod page;
mod words;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::import::{comment, quoted};
use crate::load::baseline::{Baseline, NameKind};
use crate::model::SizeClass;
use crate::normalize::claim::{self, Doubt, tail};
use crate::normalize::route::{self, Namespaces, RouteMatch};
use crate::normalize::size::classify;
use page::{Block, Page, Place, Table};
use words::*;

/// What the draft is of: the page's name and the quote's own keys.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub page_name: &'a str,
    pub vendor: &'a str,
    pub received: Date,
    pub source: Option<&'a str>,
}

/// A price read as an offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub place: Place,
    /// The page's text the offer was read from.
    pub quote: String,
    /// How the price was read, when not only as written ("$1.20 for 4 images, divided by 4").
    pub how: Vec<String>,
    pub id: Option<String>,
    pub route: String,
    pub size: String,
    pub lane: Option<String>,
    pub price: Decimal,
    /// The top of a range ("2 - 6 credits").
    pub to: Option<Decimal>,
    pub currency: &'static str,
    pub unit: &'static str,
    /// Other sizes at a multiple of this one's price ("2K 1x, 4K 1.8x"), in size order.
    pub multipliers: Vec<(SizeClass, Decimal)>,
    /// The figure ends the page, which may be cut in the middle of it ("$0" of "$0.05").
    cut: bool,
    /// The route as a baseline route (or as written), the size class, lane and unit family.
    key: (String, String, Option<String>, &'static str),
    /// The same, by the route as written: two providers' routes to one model are two offers.
    written_key: (String, String, Option<String>, &'static str),
}

/// An offer's route as written, size, lane and unit family, price, top of range, currency
/// and unit: two offers alike in all of these are one.
type OfferKey = (
    (String, String, Option<String>, &'static str),
    Decimal,
    Option<Decimal>,
    &'static str,
    &'static str,
);

/// A sentence or row quoted for the reviewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quoted {
    pub place: Place,
    pub text: String,
    /// Why it is quoted: a candidate's reason, a terms hint's term.
    pub why: String,
}

/// What was read from a page.
#[derive(Debug, Clone, Default)]
pub struct Drafted {
    pub offers: Vec<Offer>,
    pub claims: Vec<Quoted>,
    pub candidates: Vec<Quoted>,
    pub terms: Vec<Quoted>,
    /// One credit's price, when the page states it ("1 credit = $0.005").
    pub credit: Option<Decimal>,
    pub currency: &'static str,
    /// The vendor's own namespaces its routes are written under (`fal` of `fal/…`).
    pub namespaces: Vec<String>,
}

/// A model named in a text: a baseline route, or a model id the baseline does not know.
#[derive(Debug, Clone)]
struct Mention {
    route: Option<usize>,
    /// A model that is not Google's ("GPT Image", "Flux"): a price of it is not an offer here.
    other: bool,
    written: String,
    generic: bool,
    start: usize,
    end: usize,
}

/// The lines below a heading like "Example Pricing:" that are its example (a line naming a
/// model ends it sooner).
const EXAMPLE_LINES: usize = 3;

/// The most lines a card is read back over, from its price up to the model's name.
const CARD_LINES: usize = 8;

/// Words that make a variant of a generic name ("Nano Banana Fast"): another model.
const VARIANTS: &[&str] = &[
    "fast", "lite", "turbo", "plus", "ultra", "max", "mini", "hd", "premium", "free", "edit",
];

/// "nano-banana-fast 5 分, nano-banana 15 分, nano-banana-pro 20 分", "Nano Banana: $0.039,
/// Nano Banana Pro: $0.134": as many models as prices, each model (a different one) right
/// before its price.
fn pairs(text: &str, mentions: &[Mention], firm: &[Amount]) -> Option<Vec<(Mention, Amount)>> {
    // A comparison ("$0.05 less than …"), a lane or a size would be the whole sentence's,
    // not one pair's.
    if P.comparison.is_match(text) || P.lane.is_match(text) || !size_groups(text).is_empty() {
        return None;
    }
    let mut models: Vec<&Mention> = mentions.iter().filter(|m| !m.other).collect();
    models.sort_by_key(|m| m.start);
    let mut names: Vec<String> = models
        .iter()
        .map(|m| crate::text::fold(&m.written))
        .collect();
    names.sort();
    names.dedup();
    if models.len() != firm.len() || models.len() < 2 || names.len() != models.len() {
        return None;
    }
    let joined = |between: &str| {
        let words: Vec<&str> = between
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words.len() <= 1
            && words.iter().all(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "at" | "is" | "costs" | "for" | "为" | "是"
                )
            })
    };
    for (i, (m, a)) in models.iter().zip(firm).enumerate() {
        let next = models.get(i + 1).map_or(text.len(), |n| n.start);
        if m.end > a.start || a.end > next || !joined(&text[m.end..a.start]) {
            return None;
        }
    }
    Some(
        models
            .into_iter()
            .cloned()
            .zip(firm.iter().cloned())
            .collect(),
    )
}

/// A text on its own or a table row, in reading order, as the reader goes through the page.
#[derive(Debug)]
struct Seen {
    text: String,
    priced: bool,
    mentions: Vec<Mention>,
    /// A sentence comparing models ("the counterpart to Gemini 3 Pro Image"): the model it
    /// names is not the model of what follows.
    comparing: bool,
    /// The line after "Provider Model ID:": the upstream's name for the model, not the
    /// vendor's route.
    upstream: bool,
    /// A priced list item keyed by its model ("• nano-banana: 1000 credits/image").
    keyed: bool,
}

/// What stands beside a price, for what its own text does not say.
#[derive(Default)]
struct Around<'t> {
    /// Its column's header and its row's other cells: sizes, units, lane, model.
    texts: Vec<&'t str>,
    /// Labels above it: only the model and unit.
    labels: Vec<&'t str>,
    /// A table row's price: its model is the row's or none, never the section's.
    in_row: bool,
    /// The line below, when it names a size and no price ("Note: Per image (1K default)").
    below: Option<&'t str>,
    /// The clause before, in the same sentence ("… for 1K / 2K / 4K; we charge …").
    parallel: Option<&'t str>,
    /// A price on a line of its own, as a card shows it.
    card: bool,
}

/// A line giving sizes as multiples of a price: where, its text, its model's route key, and
/// each size's factor in size order.
struct Multipliers {
    place: Place,
    text: String,
    route: String,
    factors: Vec<(SizeClass, Decimal)>,
}

/// The reader's state across the page.
struct Reader<'b> {
    baseline: &'b Baseline,
    /// The vendor's name, folded.
    vendor: String,
    namespaces: Namespaces,
    yen: Option<&'static str>,
    /// Baseline model ids that can be found inside words a page ran together
    /// ("Nano Banana Progemini-3-pro-image-previewFixed"), longest first.
    ids: Vec<(String, usize)>,
    seen: Vec<Seen>,
    /// The one model the whole page names (outside comparisons), if only one.
    page_model: Option<Mention>,
    /// The units the whole page names.
    page_units: Vec<&'static str>,
    /// The page states its own tokens per image: a token price needs them written.
    own_tokens: bool,
    /// Prices the page gives for input or text tokens.
    other_tokens: Vec<Decimal>,
    /// Models the page says have only one size: (route, size, place).
    sole: Vec<(usize, String, Place)>,
    /// The access group (a vendor's own lane) the prices below a heading like "Tier 1" are in.
    group: Option<String>,
    /// The heading of a worked example ("Example Pricing:") the next lines stand under, and
    /// how many are left.
    example: Option<(String, usize)>,
    /// Lines giving sizes as multiples of a price ("Multiplier 1k1x 2k1x 4k1.8x").
    multipliers: Vec<Multipliers>,
    /// Prices refused for a question of size, by model: the same price of the model with no
    /// size is no answer.
    size_doubts: HashSet<(String, Decimal)>,
    /// What is listed already, so nothing is listed twice: claims, candidates, terms hints.
    listed: HashSet<(char, Place, String, String)>,
    /// The offers written so far, by what they are and cost.
    offered: HashSet<OfferKey>,
    /// A text page's last line, and where it is: a stored copy cut mid-figure ends with "$0"
    /// of "$0.05" (an HTML page ends with its markup, never inside a figure).
    last_line: Option<(Place, String)>,
    /// The models each text names, as read.
    memo: RefCell<HashMap<String, Vec<Mention>>>,
    out: Drafted,
}

impl Reader<'_> {
    /// The models a text names: the longest baseline name at each word, baseline ids run
    /// together with other words, and model ids the baseline does not know.
    fn mentions(&self, text: &str) -> Vec<Mention> {
        if let Some(found) = self.memo.borrow().get(text) {
            return found.clone();
        }
        let found = self.scan(text);
        let mut memo = self.memo.borrow_mut();
        // A page's texts are read a few times each, close together: a small memo is enough.
        if memo.len() >= 4096 {
            memo.clear();
        }
        memo.insert(text.to_owned(), found.clone());
        found
    }

    fn scan(&self, text: &str) -> Vec<Mention> {
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            let splits = c.is_whitespace()
                || matches!(
                    c,
                    '|' | ','
                        | ';'
                        | '('
                        | ')'
                        | '['
                        | ']'
                        | '{'
                        | '}'
                        | '"'
                        | '\''
                        | '`'
                        | '“'
                        | '”'
                        | '：'
                        | '，'
                        | '（'
                        | '）'
                        | '*'
                        | '<'
                        | '>'
                        | '='
                )
                || (c == ':' && !text[i..].starts_with(":4@"));
            match (splits, start) {
                (true, Some(s)) => {
                    words.push((s, i));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push((s, text.len()));
        }
        let mut out: Vec<Mention> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let mut matched = None;
            for len in (1..=6.min(words.len() - i)).rev() {
                let (s, _) = words[i];
                let (_, e) = words[i + len - 1];
                let mut span = text[s..e].trim_end_matches(|c: char| !c.is_alphanumeric());
                if span.is_empty() {
                    continue;
                }
                // "Nano Banana 2 (gemini-3.1-flash-image)": the aside's bracket closes the
                // name as written.
                let open = span.matches(['(', '（']).count();
                if open > span.matches([')', '）']).count()
                    && let Some(close) = text[s + span.len()..].chars().next()
                    && matches!(close, ')' | '）')
                {
                    span = &text[s..s + span.len() + close.len_utf8()];
                }
                if let Some((route, generic)) = self.resolve(span) {
                    matched = Some((
                        len,
                        Mention {
                            route: Some(route),
                            other: false,
                            written: span.to_owned(),
                            generic,
                            start: s,
                            end: s + span.len(),
                        },
                    ));
                    break;
                }
            }
            // A known name run on into a word that makes it a model the baseline does not
            // know: "Nano Banana Fast" (the generic name and a variant word), "Gemini 2.5
            // Flash Image Preview" (Google's name and "Preview"; the longer name was tried
            // first). Not "Nano Banana Pro Preview the image" or "NB2: Preview access".
            let run_on = |m: &Mention, len: usize| -> Option<usize> {
                let &(s, e) = words.get(i + len)?;
                let word = text[s..e].trim_end_matches(|c: char| !c.is_alphanumeric());
                if m.generic && VARIANTS.contains(&text[s..e].to_lowercase().as_str()) {
                    return Some(e);
                }
                let google = m
                    .written
                    .get(..6)
                    .is_some_and(|w| w.eq_ignore_ascii_case("gemini"));
                (google && text[m.end..s].chars().all(|c| c == ' ') && word == "Preview")
                    .then_some(s + word.len())
            };
            match matched {
                Some((len, m)) => match run_on(&m, len) {
                    Some(end) => {
                        out.push(Mention {
                            route: None,
                            other: false,
                            written: text[m.start..end].to_owned(),
                            generic: false,
                            start: m.start,
                            end,
                        });
                        i += len + 1;
                    }
                    None => {
                        out.push(m);
                        i += len;
                    }
                },
                None => i += 1,
            }
        }
        // Ids run together with the words around them: only where glued on the left.
        let lower = text.to_ascii_lowercase();
        for (id, route) in &self.ids {
            for (at, _) in lower.match_indices(id.as_str()) {
                let end = at + id.len();
                let after = text[end..].chars().next();
                let glued = text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
                    || after.is_some_and(|c| c.is_ascii_uppercase());
                let clean_end = after.is_none_or(|c| {
                    !(c == '-'
                        || c == '.'
                        || c == '_'
                        || c.is_ascii_lowercase()
                        || c.is_ascii_digit())
                });
                if glued && clean_end && !out.iter().any(|m| m.start < end && at < m.end) {
                    out.push(Mention {
                        route: Some(*route),
                        other: false,
                        written: text[at..end].to_owned(),
                        generic: false,
                        start: at,
                        end,
                    });
                }
            }
        }
        // Model ids the baseline does not know ("gemini-2.5-flash-image-preview"): what the
        // page calls the model, to be reported as unknown rather than matched to a near name.
        for &(s, e) in &words {
            let word = text[s..e].trim_end_matches(['.', ':']);
            let lower = word.to_ascii_lowercase();
            if P.model_id.is_match(word)
                && (lower.contains("gemini") || lower.contains("banana"))
                && !out.iter().any(|m| m.start < e && s < m.end)
            {
                out.push(Mention {
                    route: None,
                    other: false,
                    written: word.to_owned(),
                    generic: false,
                    start: s,
                    end: s + word.len(),
                });
            }
        }
        for m in P.other_model.find_iter(text) {
            if !out.iter().any(|o| o.start < m.end() && m.start() < o.end) {
                out.push(Mention {
                    route: None,
                    other: true,
                    written: m.as_str().to_owned(),
                    generic: false,
                    start: m.start(),
                    end: m.end(),
                });
            }
        }
        out.sort_by_key(|m| m.start);
        out
    }

    /// The route a text names: a baseline name, or a path whose leading segments are the
    /// vendor's own namespaces (`fal/gemini-3.1-flash-image-preview` on a router's page),
    /// which the draft lists under `route_namespaces`.
    fn resolve(&self, text: &str) -> Option<(usize, bool)> {
        route::official(text, self.baseline, &self.namespaces).or_else(|| {
            let own = Namespaces::new(leading_segments(text));
            route::official(text, self.baseline, &own)
        })
    }

    /// Whether an amount's figure ends the model name written right before it: "Nano Banana
    /// 2积分价格表" is Nano Banana 2's price list, not 2 credits of Nano Banana.
    fn names_with(&self, mentions: &[Mention], text: &str, a: &Amount) -> bool {
        let figure: String = a
            .written
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let before = text[..a.start].trim_end();
        !figure.is_empty()
            && mentions.iter().any(|m| {
                m.end == before.len()
                    && self
                        .resolve(&format!("{} {figure}", m.written))
                        .is_some_and(|(route, _)| m.route != Some(route))
            })
    }

    /// The one model the mentions name: a specific name, else a model id the baseline does
    /// not know, else the generic "Nano Banana"; `Err` with the names when they name more.
    fn one_model(mentions: &[Mention]) -> Result<Option<Mention>, Vec<String>> {
        let known: Vec<&Mention> = mentions
            .iter()
            .filter(|m| m.route.is_some() && !m.generic)
            .collect();
        let unknown: Vec<&Mention> = mentions.iter().filter(|m| m.route.is_none()).collect();
        // A price beside a model that is not Google's is that model's.
        if let Some(other) = mentions.iter().find(|m| m.other) {
            return Err(vec![other.written.clone()]);
        }
        let generic: Vec<&Mention> = mentions.iter().filter(|m| m.generic).collect();
        let names = |pool: &[&Mention]| {
            let mut names: Vec<String> = Vec::new();
            for m in pool {
                if !names.contains(&m.written) {
                    names.push(m.written.clone());
                }
            }
            names
        };
        if !known.is_empty() && !unknown.is_empty() {
            return Err(names(&[known, unknown].concat()));
        }
        let pool = [known, unknown, generic]
            .into_iter()
            .find(|p| !p.is_empty())
            .unwrap_or_default();
        let mut keys: Vec<String> = pool
            .iter()
            .map(|m| match m.route {
                Some(r) => format!("#{r}"),
                None => crate::text::fold(&m.written),
            })
            .collect();
        keys.sort();
        keys.dedup();
        match keys.len() {
            0 => Ok(None),
            1 => Ok(pool.last().map(|m| (*m).clone())),
            _ => Err(names(&pool)),
        }
    }

    /// The model of the section a price stands in: the last model named before it outside a
    /// comparison, when the text naming it names no other; whether the lines just above that
    /// name Google or an "official" price (a section of Google's own prices).
    fn section_model(&self) -> Result<(Mention, bool), String> {
        for (i, s) in self.seen.iter().enumerate().rev() {
            if s.comparing || s.upstream || s.mentions.is_empty() {
                continue;
            }
            return match Self::one_model(&s.mentions) {
                Ok(Some(m)) => {
                    let from = i.saturating_sub(2);
                    // `gemini/…` and `vertex/…` are Google's own APIs' routes.
                    let lower = m.written.to_ascii_lowercase();
                    let mut owner = lower.starts_with("gemini/") || lower.starts_with("vertex");
                    for above in self.seen[from..=i].iter().rev() {
                        if self.heading_owner(&above.text) {
                            owner = true;
                        }
                        if above.priced {
                            break;
                        }
                    }
                    // A heading between the model and the price ("Official pricing").
                    owner |= self.seen[i + 1..].iter().any(|below| {
                        !below.priced
                            && below.text.chars().count() <= 60
                            && self.heading_owner(&below.text)
                    });
                    Ok((m, owner))
                }
                Ok(None) => continue,
                Err(names) => Err(format!(
                    "which model? the text before it names {}",
                    names.join(", ")
                )),
            };
        }
        match &self.page_model {
            Some(m) => Ok((m.clone(), false)),
            None => Err("which model? the page names none before it".to_owned()),
        }
    }

    fn candidate(&mut self, place: Place, text: &str, why: String) {
        let q = Quoted {
            place,
            text: text.to_owned(),
            why,
        };
        if self
            .listed
            .insert(('c', q.place, q.text.clone(), q.why.clone()))
        {
            self.out.candidates.push(q);
        }
    }

    fn claim(&mut self, place: Place, text: &str) {
        if self
            .listed
            .insert(('q', Place::Line(0), text.to_owned(), String::new()))
        {
            self.out.claims.push(Quoted {
                place,
                text: text.to_owned(),
                why: String::new(),
            });
        }
    }

    /// Whether a text names Google or an official price outside the model names it writes
    /// (`google/gemini-3-pro-image-preview` is a model, not an owner).
    fn names_owner(&self, text: &str) -> bool {
        P.owner.is_match(&self.without_models(text))
    }

    /// A text with the model names it writes blanked out.
    fn without_models(&self, text: &str) -> String {
        let mut rest = text.to_owned();
        for m in self.mentions(text).iter().rev() {
            rest.replace_range(m.start..m.end, " ");
        }
        rest
    }

    /// Whether a heading names Google's own API or an official price ("Gemini API", "Vertex
    /// AI", "官方价格"); "Google" alone is the model's maker, not a price's owner.
    fn heading_owner(&self, text: &str) -> bool {
        P.owner_heading.is_match(&self.without_models(text))
    }

    /// Copies a sentence or row into the claims when the claim reader classes it or it gives
    /// a price as Google's, and into the terms hints when it speaks of a term. Returns the
    /// amounts it gives as Google's (or whose owner it cannot tell).
    fn speaks(&mut self, place: Place, text: &str, google: bool) {
        let reading = claim::read(text);
        if google
            || !reading.layers.is_empty()
            || !reading.denied.is_empty()
            || reading.saving.is_some()
            || reading.parity
        {
            self.claim(place, text);
        }
        for (term, pattern) in &P.terms {
            if pattern.is_match(text) {
                let q = Quoted {
                    place,
                    text: text.to_owned(),
                    why: (*term).to_owned(),
                };
                if self
                    .listed
                    .insert(('t', q.place, q.text.clone(), q.why.clone()))
                {
                    self.out.terms.push(q);
                }
            }
        }
    }

    /// The amounts of `text` (found in it) that it gives as Google's or an official price,
    /// or whose owner the claim reader cannot tell.
    fn googles(&self, text: &str, found: &[Amount]) -> Vec<usize> {
        let reading = claim::read(text);
        let mut google = Vec::new();
        for (i, a) in found.iter().enumerate() {
            let label_from = found[..i].last().map_or(0, |p| p.end).min(a.start);
            let label = tail(&text[label_from..a.start], 60);
            let said = reading
                .prices
                .iter()
                .any(|p| p.written == a.written || p.usd == a.value)
                || reading
                    .doubts
                    .iter()
                    .any(|d| matches!(d, Doubt::WhosePrice(w) if *w == a.written));
            if said
                || self.names_owner(label)
                || P.owner_after.is_match(&text[a.end..])
                || self.someone_else(label)
            {
                google.push(i);
            }
        }
        google
    }

    /// Whether the words before a price say it is another company's ("OpenRouter charges",
    /// "Fal lists it at"): a name that is not the vendor's, nor a model's, before a verb of
    /// charging.
    fn someone_else(&self, label: &str) -> bool {
        P.charger.captures_iter(label).any(|c| {
            let name = &c["name"];
            let folded = crate::text::fold(name);
            !matches!(
                folded.as_str(),
                "it" | "this" | "that" | "which" | "we" | "each" | "every"
            ) && folded != self.vendor
                && self.mentions(name).is_empty()
        })
    }

    /// Reads the prices of one sentence or cell: `own` is the text the amounts are in,
    /// `around` what stands beside it, `quote` the page's text to cite.
    fn prices(&mut self, place: Place, quote: &str, own: &str, around: &Around<'_>) {
        let found = amounts(own, self.yen);
        let mut google = self.googles(own, &found);
        // A card labelled "Google Cloud list price" or "At Google": all its prices are Google's.
        if around.labels.iter().any(|l| self.names_owner(l)) {
            google = (0..found.len()).collect();
        }
        // "Google: 1K / 2K / 4K at $0.134 / $0.134 / $0.24": a list is one owner's.
        for i in 1..found.len() {
            if listed_apart(own, &found[i - 1..=i])
                && google.contains(&(i - 1))
                && !google.contains(&i)
            {
                google.push(i);
            }
        }
        for i in (1..found.len()).rev() {
            if listed_apart(own, &found[i - 1..=i])
                && google.contains(&i)
                && !google.contains(&(i - 1))
            {
                google.push(i - 1);
            }
        }
        self.speaks(place, quote, !google.is_empty());
        if found.is_empty() {
            return;
        }
        let mentions = self.mentions(own);
        // "Nano Banana 2积分兑换：10积分/张": the model is not the one the name reads as.
        let run_on = found.iter().any(|a| self.names_with(&mentions, own, a));
        let mut firm: Vec<Amount> = Vec::new();
        for (i, a) in found.into_iter().enumerate() {
            let why = if a.skip {
                continue;
            } else if run_on {
                format!(
                    "{}: the text runs a model's name into a figure (\"… 2积分\"): which model, and which figure is a price?",
                    a.written
                )
            } else if google.contains(&i) {
                format!(
                    "{} is given as Google's or an official price, or beside one: a claim, not an offer",
                    a.written
                )
            } else if let Some((heading, _)) = &self.example {
                format!(
                    "{} stands in a worked example (under \"{heading}\"), not a rate",
                    a.written
                )
            } else if let Some(soft) = a.soft {
                format!("{} is {soft}", a.written)
            } else if a.currency.is_none() {
                format!(
                    "{}: the page does not say which currency this is (¥ yuan or yen, a dollar not the US one)",
                    a.written
                )
            } else {
                firm.push(a);
                continue;
            };
            self.candidate(place, quote, why);
        }
        // Credits beside a price in money are the same price in other words.
        if firm.iter().any(|a| a.currency != Some("credit")) {
            firm.retain(|a| a.currency != Some("credit"));
        }
        // A title and its tagline give one price twice: with no size written, it is one price.
        if size_groups(own).is_empty() {
            let mut said = HashSet::new();
            firm.retain(|a| said.insert((a.value, a.to, a.currency, unit_after(own, a))));
        }
        if firm.is_empty() {
            return;
        }
        // The model: its own text's, its row's or labels', else the section's.
        let own_mentions = mentions;
        let beside: Vec<Mention> = around
            .texts
            .iter()
            .chain(&around.labels)
            .flat_map(|t| self.mentions(t))
            .collect();
        // "nano-banana-fast 5 分, nano-banana 15 分": each model with its price.
        if let Some(pairs) = pairs(own, &own_mentions, &firm) {
            for (m, a) in pairs {
                self.offers_of(place, quote, own, around, m, vec![a]);
            }
            return;
        }
        let model = match Self::one_model(&own_mentions) {
            Ok(Some(m)) => Ok((m, false)),
            Ok(None) => match Self::one_model(&beside) {
                Ok(Some(m)) => Ok((m, false)),
                Ok(None) if around.in_row => Err("its row names no model".to_owned()),
                Ok(None) => match item_key(own) {
                    // "• nano-banana: 1000 credits/image" over "• fal-ai format: 2000
                    // credits/image": items keyed by model, and this key names none.
                    Some(key) if self.seen.last().is_some_and(|s| s.keyed) => Err(format!(
                        "which model? its list item is \"{key}\", and the items before it are each a model's"
                    )),
                    _ => self.section_model(),
                },
                Err(names) => Err(format!("which model? beside it: {}", names.join(", "))),
            },
            Err(names) => Err(format!("which model? it names {}", names.join(", "))),
        };
        let model = match model {
            Ok((_, true)) => {
                self.claim(place, quote);
                return self.refuse(
                    place,
                    quote,
                    &firm,
                    "it stands under a heading that names Google or an official price: whose price it is, the draft does not guess",
                );
            }
            Ok((m, false)) => m,
            Err(why) => return self.refuse(place, quote, &firm, &why),
        };
        self.offers_of(place, quote, own, around, model, firm);
    }

    fn refuse(&mut self, place: Place, quote: &str, firm: &[Amount], why: &str) {
        for a in firm {
            self.candidate(place, quote, format!("{}: {why}", a.written));
        }
    }

    /// The offers of firm prices of one model.
    fn offers_of(
        &mut self,
        place: Place,
        quote: &str,
        own: &str,
        around: &Around<'_>,
        model: Mention,
        firm: Vec<Amount>,
    ) {
        // The lane.
        let mut lanes: Vec<String> = std::iter::once(own)
            .chain(around.texts.iter().copied())
            .flat_map(|t| {
                // "Batch of 10 images" is a count, not the batch lane.
                P.lane
                    .find_iter(t)
                    .filter(|m| !t[m.end()..].trim_start().to_lowercase().starts_with("of "))
                    .map(|m| m.as_str().to_lowercase())
            })
            .collect();
        lanes.sort();
        lanes.dedup();
        if lanes.len() > 1 {
            return self.refuse(
                place,
                quote,
                &firm,
                &format!("which lane? it names {}", lanes.join(", ")),
            );
        }
        let lane = lanes
            .pop()
            .or_else(|| self.group.clone().filter(|_| !around.in_row));
        let (sizes, sizes_said) = match self.sizes_of(own, &firm, around) {
            Ok(s) => s,
            Err(why) => {
                let route = self.route_key(&model.written);
                self.size_doubts
                    .extend(firm.iter().map(|a| (route.clone(), a.value)));
                return self.refuse(place, quote, &firm, &why);
            }
        };
        let row_count =
            image_count(own).or_else(|| around.texts.iter().find_map(|t| image_count(t)));
        for (i, (a, sizes)) in firm.iter().zip(sizes).enumerate() {
            let label_from = firm[..i].last().map_or(0, |p| p.end).min(a.start);
            // "4 images: $0.40", "$0.40 for 4 images": a count written against the price.
            let number =
                |c: Option<regex::Captures<'_>>| c.and_then(|c| c["n"].parse::<u32>().ok());
            let count = row_count
                .or_else(|| number(P.count_before.captures(&own[label_from..a.start])))
                .or_else(|| number(P.count_after.captures(&own[a.end..])))
                .filter(|n| *n > 0);
            // "1K: $10, 2K: $20 per 100 images": a count elsewhere in the text may be this
            // price's too.
            if count.is_none()
                && unit_after(own, a).is_none()
                && let Some(n) = P
                    .count_any
                    .captures_iter(own)
                    .filter_map(|c| c["n"].parse::<u32>().ok())
                    .find(|n| *n > 1)
            {
                self.candidate(
                    place,
                    quote,
                    format!(
                        "{}: for one image or for {n}? the text prices {n} images",
                        a.written
                    ),
                );
                continue;
            }
            let Some(unit) = self.unit_of(own, a, &own[label_from..a.start], around, count, &sizes)
            else {
                self.candidate(
                    place,
                    quote,
                    format!(
                        "{}: per what? the page writes no unit beside it, and names several",
                        a.written
                    ),
                );
                continue;
            };
            let label = &own[label_from..a.start];
            let next_words: String = own[a.end..].chars().take(20).collect();
            let tokens = unit == "1m-tokens";
            let text_tokens =
                tokens && (P.text_tokens.is_match(label) || P.text_tokens.is_match(&own[a.end..]));
            let input = P.input_tokens.is_match(label)
                || P.input_tokens.is_match(&next_words)
                || tokens
                    && (P.prompt_tokens.is_match(label) || P.prompt_tokens.is_match(&next_words));
            let not_the_image = if P.unit_other.is_match(&own[a.end..])
                || P.not_price.is_match(tail(label, 60))
                || P.not_price_after.is_match(&own[a.end..])
            {
                Some(
                    "not a price of an image (a price per time, video or data, a top-up, a minimum)",
                )
            } else if input {
                Some("a price for the input, not for the image")
            } else if text_tokens {
                Some("a price for text tokens, not for the image")
            } else if tokens && self.own_tokens {
                Some("the page states its own tokens per image; write each size with its `tokens:`")
            } else {
                None
            };
            if let Some(why) = not_the_image {
                if tokens && (input || text_tokens) {
                    self.other_tokens.push(a.value);
                }
                self.candidate(place, quote, format!("{}: {why}", a.written));
                continue;
            }
            let mut how: Vec<String> = sizes_said.iter().cloned().collect();
            if let Some(was) = &a.was {
                how.push(format!("the page says the price changed from {was}"));
            }
            how.extend(a.read_as.map(str::to_owned));
            let mut price = a.value;
            if let Some(n) = count.filter(|n| *n > 1)
                && unit_after(own, a).is_none()
            {
                let n = Decimal::from(n);
                match a.value.checked_div(n) {
                    Some(q) if q * n == a.value => {
                        price = q.normalize();
                        how.push(format!("{} for {n} images, divided by {n}", a.written));
                    }
                    _ => {
                        self.candidate(
                            place,
                            quote,
                            format!(
                                "{} is for {n} images and does not divide exactly",
                                a.written
                            ),
                        );
                        continue;
                    }
                }
            }
            let currency = a.currency.expect("a firm amount has a currency");
            // "$0" of "$0.05": a figure written last on the page, with nothing after it.
            let cut = a.written.ends_with(|c: char| c.is_ascii_digit())
                && own[a.end..].trim().is_empty()
                && self
                    .last_line
                    .as_ref()
                    .is_some_and(|(at, line)| *at == place && line.ends_with(a.written.as_str()));
            for size in sizes {
                self.offer(Offer {
                    place,
                    quote: quote.to_owned(),
                    how: how.clone(),
                    id: None,
                    route: model.written.clone(),
                    size,
                    lane: lane.clone(),
                    price,
                    to: a.to,
                    currency,
                    unit,
                    multipliers: Vec::new(),
                    cut,
                    key: Default::default(),
                    written_key: Default::default(),
                });
            }
        }
    }

    /// An amount's unit: written after it or just before it, named by its column or labels,
    /// a price for a stated number of images, the one unit the page names; with no unit on
    /// the whole page, a price of a size is one image's.
    fn unit_of(
        &self,
        own: &str,
        a: &Amount,
        label: &str,
        around: &Around<'_>,
        count: Option<u32>,
        sizes: &[String],
    ) -> Option<&'static str> {
        if let Some(u) = unit_after(own, a) {
            return Some(u);
        }
        if let Some(c) = P.unit_before.captures_iter(label).last() {
            return Some(if c.name("thousand").is_some() {
                "1k-images"
            } else if c.name("image").is_some() {
                "image"
            } else {
                "request"
            });
        }
        for t in around.texts.iter().chain(&around.labels) {
            if let [one] = units_named(t).as_slice() {
                return Some(one);
            }
        }
        if count.is_some() {
            return Some("image");
        }
        match self.page_units.as_slice() {
            [one] => Some(one),
            [] if sizes.iter().any(|s| classify(s).is_ok()) => Some("image"),
            _ => None,
        }
    }

    /// Each amount's sizes: the groups its text writes before it (or right after it, "$0.15
    /// per image for 1K-2K"), one each in order when there are as many as amounts; else the
    /// one group beside it; else `unstated` (`any` for a per-token price, or where the text
    /// says any resolution). A size the text names but cannot pair is a question.
    fn sizes_of(
        &self,
        own: &str,
        firm: &[Amount],
        around: &Around<'_>,
    ) -> Result<(Vec<Vec<String>>, Option<String>), String> {
        let groups = size_groups(own);
        let n = firm.len();
        if n > 1 && groups.len() == n {
            let sizes_first = (0..n).all(|i| {
                groups[i].end <= firm[i].start && (i + 1 == n || firm[i].end <= groups[i + 1].start)
            });
            let amounts_first = (0..n).all(|i| {
                firm[i].end <= groups[i].start && (i + 1 == n || groups[i].end <= firm[i + 1].start)
            });
            if sizes_first || amounts_first {
                return Ok((groups.into_iter().map(|g| g.sizes).collect(), None));
            }
            return Err("which size is which price? the text lists them out of step".into());
        }
        if let Some(sizes) = respective(own, firm, &groups) {
            return Ok((sizes, None));
        }
        if let [g] = groups.as_slice() {
            let before = firm.iter().all(|a| g.end <= a.start);
            let said_after =
                n == 1 && g.start >= firm[0].end && for_size(&own[firm[0].end..g.start]);
            if before || said_after {
                return Ok((vec![g.sizes.clone(); n], None));
            }
            if firm.iter().all(|a| unit_after(own, a) == Some("1m-tokens")) {
                return Ok((vec![vec!["any".to_owned()]; n], None));
            }
            return Err(format!(
                "which size? the text names {} but not as this price's",
                g.sizes.join(", ")
            ));
        }
        if groups.len() > 1 {
            return Err(format!(
                "which size? the text names {} sizes for {} prices",
                groups.len(),
                n
            ));
        }
        for text in &around.texts {
            match size_groups(text).as_slice() {
                [] => continue,
                [g] => return Ok((vec![g.sizes.clone(); n], None)),
                _ => return Err("which size? its row names several".into()),
            }
        }
        let tokens = |a: &Amount| unit_after(own, a) == Some("1m-tokens");
        if let Some(below) = around.below
            && !firm.iter().all(tokens)
        {
            // "Base price: $0.08/image" over "Note: Per image (1K default)": the price of the
            // default size.
            if let Some(c) = P.default_size.captures(below)
                && n == 1
            {
                let size = c
                    .name("s")
                    .or(c.name("t"))
                    .or(c.name("u"))
                    .map_or("", |m| m.as_str());
                let said = format!("the size is the default the line below names: \"{below}\"");
                return Ok((vec![vec![size.to_owned()]], Some(said)));
            }
            return Err(format!("which size? the line below says \"{below}\""));
        }
        if n > 1 && !firm.iter().all(tokens) {
            // "… $0.04 / $0.05 / $0.088 per image for 1K / 2K / 4K; we charge $0.025 / $0.030 /
            // $0.040 per image": a list as long, for the same unit, in the clause before.
            if let Some(before) = around.parallel {
                let listed: Vec<Amount> = amounts(before, self.yen)
                    .into_iter()
                    .filter(|a| !a.skip)
                    .collect();
                let unit = |text: &str, a: &Amount| unit_after(text, a);
                // Not across a lane list, nor from another model's clause.
                let both_named =
                    !self.mentions(before).is_empty() && !self.mentions(own).is_empty();
                if listed.len() == n
                    && !both_named
                    && !P.lane.is_match(own)
                    && unit(before, &listed[n - 1]).is_some()
                    && unit(before, &listed[n - 1]) == unit(own, &firm[n - 1])
                    && listed_apart(own, firm)
                    && let Some(sizes) = respective(before, &listed, &size_groups(before))
                {
                    let said = format!(
                        "the sizes are those of the list as long in the clause before: \"{before}\""
                    );
                    return Ok((sizes, Some(said)));
                }
            }
            return Err("which size is which price? the text names no size".into());
        }
        // A card ("4K超清 · 不限量" over "官方 $0.24/张" and "$0.05/张"): a size its lines name
        // under the model's name may be the price's, or the product's.
        if around.card && !firm.iter().all(tokens) && firm.iter().all(|a| a.to.is_none()) {
            let card = self
                .seen
                .iter()
                .rev()
                .take(CARD_LINES)
                .take_while(|s| !s.mentions.iter().any(|m| m.route.is_some()));
            for s in card.filter(|s| !s.priced) {
                if let Some(c) = P.size_anywhere.captures(&s.text) {
                    return Err(format!(
                        "which size? the card above names {} (\"{}\")",
                        &c["s"], s.text
                    ));
                }
            }
        }
        let sizes = firm
            .iter()
            .map(|a| {
                let size = if tokens(a) || P.any_size.is_match(own) {
                    "any"
                } else {
                    "unstated"
                };
                vec![size.to_owned()]
            })
            .collect();
        Ok((sizes, None))
    }

    /// A route as the baseline route it names, else as written (folded).
    fn route_key(&self, written: &str) -> String {
        match self.resolve(written) {
            Some((route, _)) => format!("#{route}"),
            None => crate::text::fold(written),
        }
    }

    fn offer(&mut self, mut o: Offer) {
        let route = self.route_key(&o.route);
        let size = classify(&o.size).map_or_else(|_| o.size.to_lowercase(), |c| c.label().into());
        let family = unit_family(o.unit);
        o.key = (route, size.clone(), o.lane.clone(), family);
        o.written_key = (crate::text::fold(&o.route), size, o.lane.clone(), family);
        let key = (o.written_key.clone(), o.price, o.to, o.currency, o.unit);
        if self.offered.insert(key) {
            self.out.offers.push(o);
        }
    }

    /// A line of text: its sentences in order. A line that is only a price ("$0.060", "2 -
    /// 6") is read with the short labels above it ("Image", "0.5K") and the unit below it
    /// ("per image"), as a page of cards shows them.
    fn line(&mut self, place: Place, text: &str, next: Option<&str>) -> bool {
        let found = amounts(text, self.yen);
        let lone = text.chars().count() <= 24
            && (found.len() == 1 && found[0].start <= 3
                || found.is_empty()
                    && text
                        .chars()
                        .all(|c| c.is_ascii_digit() || " .-–~".contains(c)));
        let unit_below = next.filter(|n| {
            n.chars().count() <= 24
                && amounts(n, self.yen).is_empty()
                && size_groups(n).is_empty()
                && (!units_named(n).is_empty()
                    || n.starts_with(['/', '每'])
                    || P.credits.is_match(&format!("1 {n}")))
        });
        if lone && (found.len() == 1 || unit_below.is_some()) {
            let mut labels: Vec<String> = Vec::new();
            let mut sized: Vec<String> = Vec::new();
            for above in self.seen.iter().rev().take(2) {
                if above.priced || above.text.chars().count() > 40 {
                    break;
                }
                let groups = size_groups(&above.text);
                let rest: usize = above.text.chars().count()
                    - groups
                        .iter()
                        .map(|g| above.text[g.start..g.end].chars().count())
                        .sum::<usize>();
                if !groups.is_empty() && rest <= 8 {
                    sized.insert(0, above.text.clone());
                } else {
                    labels.insert(0, above.text.clone());
                }
            }
            let mut own = sized.join(" ");
            own.push(' ');
            own.push_str(text);
            if let Some(n) = unit_below {
                own.push(' ');
                own.push_str(n);
            }
            let own = own.trim().to_owned();
            let around = Around {
                texts: Vec::new(),
                labels: labels.iter().map(String::as_str).collect(),
                card: true,
                ..Around::default()
            };
            self.prices(place, &own, &own, &around);
            self.remember(&own, true);
            return unit_below.is_some();
        }
        self.note_multipliers(place, text);
        let mut clause_before: Option<&str> = None;
        for sentence in sentences(text) {
            if let Some(c) = P.sole_size.captures(sentence)
                && let Ok(Some(Mention {
                    route: Some(route), ..
                })) = Self::one_model(&self.mentions(sentence))
            {
                let size = c
                    .name("a")
                    .or(c.name("b"))
                    .or(c.name("c"))
                    .map(|m| m.as_str());
                if let Some(size) = size {
                    self.sole.push((route, size.to_uppercase(), place));
                }
            }
            let below = next.filter(|n| {
                amounts(n, self.yen).is_empty()
                    && !size_groups(n).is_empty()
                    && n.chars().count() <= 60
                    && P.size_words.is_match(n)
            });
            let around = Around {
                below,
                parallel: clause_before,
                ..Around::default()
            };
            self.prices(place, sentence, sentence, &around);
            let priced = !amounts(sentence, self.yen).is_empty();
            self.remember(sentence, priced);
            clause_before = sentence.ends_with([';', '；']).then_some(sentence);
        }
        false
    }

    /// A line that prices sizes as multiples of one ("Multiplier Resolution 1k1x 2k1x
    /// 4k1.8x"), of the section's model: kept to be set on that model's offer of the size at
    /// 1x once the page is read.
    fn note_multipliers(&mut self, place: Place, text: &str) {
        if !P.multiplier.is_match(text)
            || !amounts(text, self.yen).is_empty()
            || self.names_owner(text)
            || self.example.is_some()
        {
            return;
        }
        let mut pairs: Vec<(SizeClass, Decimal)> = Vec::new();
        for c in P.multiplier_pair.captures_iter(text) {
            let size = classify(&format!("{}K", &c["s"])).ok();
            let factor = claim::parse_amount(&c["f"]).filter(|f| !f.is_zero());
            match (size, factor) {
                (Some(size), Some(factor)) if !pairs.iter().any(|p| p.0 == size) => {
                    pairs.push((size, factor));
                }
                _ => return,
            }
        }
        if pairs.len() < 2 || !pairs.iter().any(|p| p.1 == Decimal::ONE) {
            return;
        }
        let model = match Self::one_model(&self.mentions(text)) {
            Ok(Some(m)) => m,
            Ok(None) => match self.section_model() {
                Ok((m, false)) => m,
                _ => return,
            },
            Err(_) => return,
        };
        pairs.sort_by_key(|p| p.0);
        let route = crate::text::fold(&model.written);
        self.multipliers.push(Multipliers {
            place,
            text: text.to_owned(),
            route,
            factors: pairs,
        });
    }

    /// Sets each line of multipliers on its model's one offer at a size at 1x, when the page
    /// writes a price for another of its sizes and every such price is that offer's times
    /// the size's factor.
    fn apply_multipliers(&mut self) {
        for Multipliers {
            place,
            text,
            route,
            factors: pairs,
        } in std::mem::take(&mut self.multipliers)
        {
            let factor_of = |size: &str| {
                let class = classify(size).ok()?;
                pairs.iter().find(|p| p.0 == class).map(|p| p.1)
            };
            let of_model: Vec<usize> = (0..self.out.offers.len())
                .filter(|&i| self.out.offers[i].written_key.0 == route)
                .collect();
            let bases: Vec<usize> = of_model
                .iter()
                .copied()
                .filter(|&i| factor_of(&self.out.offers[i].size) == Some(Decimal::ONE))
                .collect();
            let [base] = bases.as_slice() else {
                continue;
            };
            let b = &self.out.offers[*base];
            let agrees = of_model.iter().all(|&i| {
                let o = &self.out.offers[i];
                o.unit != b.unit
                    || o.currency != b.currency
                    || o.lane != b.lane
                    || factor_of(&o.size).is_none_or(|f| {
                        b.to.is_none() && o.to.is_none() && b.price.checked_mul(f) == Some(o.price)
                    })
            });
            if !agrees || b.to.is_some() || b.cut {
                continue;
            }
            // The prices written for the other sizes are rows the multipliers give already.
            let given: Vec<usize> = of_model
                .iter()
                .copied()
                .filter(|&i| {
                    let o = &self.out.offers[i];
                    i != *base
                        && !o.cut
                        && (o.unit, o.currency, &o.lane) == (b.unit, b.currency, &b.lane)
                        && factor_of(&o.size).is_some()
                })
                .collect();
            // Factors with no price of another size to bear them out may be of anything
            // (time, Google's prices): only a page's own prices confirm they are its.
            if given.is_empty() {
                continue;
            }
            let base_size = classify(&b.size).ok();
            let o = &mut self.out.offers[*base];
            o.multipliers = pairs
                .iter()
                .filter(|p| Some(p.0) != base_size)
                .copied()
                .collect();
            o.how
                .push(format!("size_multipliers from {place}: {}", excerpt(&text)));
            let mut at = *base;
            for i in given.into_iter().rev() {
                let o = self.out.offers.remove(i);
                if i < at {
                    at -= 1;
                }
                self.out.offers[at].how.push(format!(
                    "which gives {} {} for {}, as {} says",
                    o.price, o.currency, o.size, o.place
                ));
            }
        }
    }

    /// A figure the page ends on is a candidate, once it has been weighed against the
    /// page's other prices (two prices for one size, multipliers the page bears out).
    fn drop_cut(&mut self) {
        for o in std::mem::take(&mut self.out.offers) {
            if o.cut {
                let why = format!(
                    "{} {}: the page ends right after it, so the figure may be cut off",
                    o.price, o.currency
                );
                self.candidate(o.place, &o.quote, why);
            } else {
                self.out.offers.push(o);
            }
        }
    }

    fn remember(&mut self, text: &str, priced: bool) {
        // "2026.04.15 … prices for related models have doubled": which of the figures above
        // are still charged, the page does not say.
        if !priced && P.prices_changed.is_match(text) {
            let why = format!(
                "the page says further down that prices changed (\"{text}\"), without saying which figure is charged now"
            );
            for o in std::mem::take(&mut self.out.offers) {
                let figure = format!("{} {}", o.price, o.currency);
                self.candidate(o.place, &o.quote, format!("{figure}: {why}"));
            }
            self.offered.clear();
        }
        let mentions = self.mentions(text);
        let upstream = self
            .seen
            .last()
            .is_some_and(|s| P.provider_label.is_match(&s.text));
        if !priced && P.example.is_match(text) && text.chars().count() <= 40 {
            self.example = Some((text.to_owned(), EXAMPLE_LINES));
        } else if let Some((_, left)) = &mut self.example {
            *left -= 1;
            if *left == 0 || mentions.iter().any(|m| m.route.is_some()) {
                self.example = None;
            }
        }
        if P.group.is_match(text) && !priced && mentions.is_empty() && text.chars().count() <= 40 {
            self.group = Some(text.to_owned());
        } else if mentions.iter().any(|m| m.route.is_some()) && !upstream {
            // A new model's section starts without a group.
            self.group = None;
        }
        let keyed = priced && item_key(text).is_some_and(|key| !self.mentions(key).is_empty());
        self.seen.push(Seen {
            keyed,
            text: text.to_owned(),
            priced,
            comparing: P.comparison.is_match(text),
            upstream,
            mentions,
        });
    }

    fn table(&mut self, table: &Table) {
        let named_rows = table.rows.iter().any(|row| {
            row.iter().any(|c| {
                amounts(&c.text, self.yen).is_empty() && !self.mentions(&c.text).is_empty()
            })
        });
        for row in &table.rows {
            let row_text: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
            let row_text = row_text.join(" | ");
            let row_place = row.first().map_or(Place::Line(0), |c| c.place.row());
            let priced: Vec<bool> = row
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    !amounts(&c.text, self.yen).is_empty()
                        || table.header.get(i).is_some_and(|h| {
                            (money_header(h).is_some() || h.to_lowercase().contains("credit"))
                                && bare_number(&c.text).is_some()
                        })
                })
                .collect();
            if !priced.iter().any(|p| *p) {
                self.speaks(row_place, &row_text, false);
                self.remember(&row_text, false);
                continue;
            }
            let others: Vec<&str> = row
                .iter()
                .zip(&priced)
                .filter(|(_, p)| !**p)
                .map(|(c, _)| c.text.as_str())
                .collect();
            let others = others.join(" | ");
            let owner_row = self.names_owner(&others);
            let credits_only: Vec<bool> = row
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let head = table.header.get(i).map_or("", String::as_str);
                    let found = amounts(&cell.text, self.yen);
                    if found.is_empty() {
                        money_header(head).is_none()
                    } else {
                        found.iter().all(|a| a.currency == Some("credit"))
                    }
                })
                .collect();
            let money_cell = (0..row.len()).any(|i| priced[i] && !credits_only[i]);
            for (i, cell) in row.iter().enumerate() {
                // Credits beside a price in money are the same price in other words.
                if !priced[i] || money_cell && credits_only[i] {
                    continue;
                }
                let head = table.header.get(i).map_or("", String::as_str);
                let own = match (bare_number(&cell.text), money_header(head)) {
                    (Some(n), Some(sign)) => format!("{sign}{n}"),
                    (Some(n), None) => format!("{n} credits"),
                    _ => cell.text.clone(),
                };
                let quote = if head.is_empty() {
                    row_text.clone()
                } else {
                    format!("{row_text} (column \"{head}\")")
                };
                if owner_row || self.names_owner(head) {
                    self.claim(row_place, &row_text);
                    for a in amounts(&own, self.yen).iter().filter(|a| !a.skip) {
                        self.candidate(
                            cell.place,
                            &quote,
                            format!(
                                "{} is in a row or column that names Google or an official price: a claim, not an offer",
                                a.written
                            ),
                        );
                    }
                    continue;
                }
                let mut texts = vec![head, others.as_str()];
                texts.retain(|t| !t.is_empty());
                let around = Around {
                    texts,
                    in_row: named_rows,
                    ..Around::default()
                };
                let claims = self.out.claims.len();
                self.prices(cell.place, &quote, &own, &around);
                // A row's claim is the row as written, not a cell with its header.
                if self.out.claims.len() > claims {
                    self.out.claims.truncate(claims);
                    self.claim(row_place, &row_text);
                }
            }
            self.remember(&row_text, true);
        }
        let header = table.header.join(" ");
        self.remember(&header, false);
    }

    /// Two prices for one model, size, lane and unit: neither is written as data. A price
    /// per token the page also gives for input or text tokens is not the image's. Offers in a
    /// currency other than most of the page's are candidates; offers `diff` could not tell
    /// apart get an `id`.
    fn settle(&mut self) {
        let offers = std::mem::take(&mut self.out.offers);
        let mut counts: HashMap<&'static str, usize> = HashMap::new();
        for o in &offers {
            if o.currency != "credit" {
                *counts.entry(o.currency).or_default() += 1;
            }
        }
        let mut ranked: Vec<(&'static str, usize)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then((a.0 != "USD").cmp(&(b.0 != "USD")))
                .then(a.0.cmp(b.0))
        });
        let currency = ranked.first().map_or("USD", |r| r.0);
        self.out.currency = currency;
        let mut by_key: HashMap<_, Vec<&Offer>> = HashMap::new();
        for o in &offers {
            by_key.entry(&o.written_key).or_default().push(o);
        }
        let mut kept: Vec<Offer> = Vec::new();
        let mut kept_keys = HashSet::new();
        for o in &offers {
            let twins = &by_key[&o.written_key];
            let why = if o.unit == "1m-tokens" && self.other_tokens.contains(&o.price) {
                Some(format!(
                    "{} {}: the page gives this figure for input or text tokens elsewhere",
                    o.price, o.currency
                ))
            } else if twins
                .iter()
                .any(|x| x.price != o.price || x.to != o.to || x.currency != o.currency)
            {
                Some(format!(
                    "{} {}: the page gives {} prices for {} at {}{}",
                    o.price,
                    o.currency,
                    twins.len(),
                    o.route,
                    o.size,
                    o.lane
                        .as_ref()
                        .map(|l| format!(" ({l})"))
                        .unwrap_or_default()
                ))
            } else if o.currency != "credit" && o.currency != currency {
                Some(format!(
                    "{} {}: priced in {}, and the draft is in {currency}",
                    o.price, o.currency, o.currency
                ))
            } else {
                None
            };
            match why {
                Some(why) => self.candidate(o.place, &o.quote, why),
                None if !kept_keys.insert(&o.written_key) => {}
                None => kept.push(o.clone()),
            }
        }
        // "$0.039 per image" and "$0.039 at 1024x1024": the price with no size is the sized
        // one said twice; the same price refused for a question of size is no answer either.
        let sized: HashSet<(String, Option<String>, &'static str, Decimal)> = kept
            .iter()
            .filter(|o| classify(&o.size).is_ok())
            .map(|o| (o.key.0.clone(), o.lane.clone(), o.unit, o.price))
            .collect();
        let doubts = std::mem::take(&mut self.size_doubts);
        let mut no_size = Vec::new();
        kept.retain(|o| {
            let vague = o.size.eq_ignore_ascii_case("unstated");
            let said = sized.contains(&(o.key.0.clone(), o.lane.clone(), o.unit, o.price));
            let doubted = doubts.contains(&(o.key.0.clone(), o.price));
            if vague && !said && doubted {
                no_size.push(o.clone());
            }
            !(vague && (said || doubted))
        });
        for o in no_size {
            self.candidate(
                o.place,
                &o.quote,
                format!(
                    "{}: the page names a size for this price elsewhere, not here",
                    o.price
                ),
            );
        }
        for o in &mut kept {
            if o.size.eq_ignore_ascii_case("unstated")
                && let Some((_, size, place)) =
                    self.sole.iter().find(|(r, ..)| o.key.0 == format!("#{r}"))
            {
                o.how
                    .push(format!("the page says the model has {size} only ({place})"));
                o.size.clone_from(size);
            }
        }
        // Offers of one model, size, lane and unit by different routes (two providers): an
        // id each, so `diff` pairs each with its own.
        let keys: Vec<_> = kept.iter().map(|o| o.key.clone()).collect();
        for o in &mut kept {
            if keys.iter().filter(|k| **k == o.key).count() > 1 {
                o.id = Some(format!("{} {}", o.route, o.size));
            }
        }
        for o in &kept {
            let plain = matches!(
                route::resolve_in(&o.route, self.baseline, &self.namespaces).matched,
                RouteMatch::Official { .. }
            );
            if !plain && self.resolve(&o.route).is_some() {
                for s in leading_segments(&o.route) {
                    if !self.out.namespaces.iter().any(|n| n == s) {
                        self.out.namespaces.push(s.to_owned());
                    }
                }
            }
        }
        self.out.offers = kept;
    }
}

/// The leading segments of a path (`fal` of `fal/gemini-3.1-flash-image-preview`).
fn leading_segments(text: &str) -> Vec<&str> {
    let mut segments: Vec<&str> = text.split('/').collect();
    segments.pop();
    segments.retain(|s| !s.is_empty() && !s.contains(char::is_whitespace));
    segments
}

/// What `¥` stands for on a page: yuan where the page writes Chinese, yen where it writes
/// Japanese kana, else nothing.
fn yen_on(texts: &[&str]) -> Option<&'static str> {
    let mut han = 0;
    let mut kana = false;
    // The yuan named, or a page written in Chinese: a few characters ("日本語" in a menu,
    // "東京都" in an address) say nothing of it.
    let mut chinese = false;
    for s in texts {
        for c in s.chars() {
            match c {
                '\u{3040}'..='\u{30ff}' => kana = true,
                '\u{4e00}'..='\u{9fff}' => han += 1,
                _ => {}
            }
        }
        chinese |= s.contains("CNY") || s.contains("RMB") || s.contains("yuan") || s.contains('元');
    }
    match (chinese || han >= 10, kana) {
        (_, true) => Some("JPY"),
        (true, false) => Some("CNY"),
        _ => None,
    }
}

/// Every text of a page: its lines, its tables' headers and cells.
fn all_texts(page: &Page) -> Vec<&str> {
    let mut out = Vec::new();
    for b in &page.blocks {
        match b {
            Block::Text(t) => out.push(t.text.as_str()),
            Block::Table(t) => {
                out.extend(t.header.iter().map(String::as_str));
                out.extend(t.rows.iter().flatten().map(|c| c.text.as_str()));
            }
        }
    }
    out
}

/// Reads a page into a draft's parts.
pub fn read(page: &Page, vendor: &str, baseline: &Baseline) -> Drafted {
    let texts = all_texts(page);
    let mut ids: Vec<(String, usize)> = baseline
        .spelled_names()
        .filter(|(name, _, kind)| {
            *kind == NameKind::Exact && name.len() >= 12 && name.contains('-')
        })
        .map(|(name, route, _)| (name.to_ascii_lowercase(), route))
        .collect();
    ids.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    ids.dedup();
    let mut reader = Reader {
        baseline,
        namespaces: Namespaces::new([vendor]),
        vendor: crate::text::fold(vendor),
        yen: yen_on(&texts),
        ids,
        seen: Vec::new(),
        page_model: None,
        page_units: Vec::new(),
        own_tokens: false,
        other_tokens: Vec::new(),
        sole: Vec::new(),
        group: None,
        example: None,
        multipliers: Vec::new(),
        size_doubts: HashSet::new(),
        listed: HashSet::new(),
        offered: HashSet::new(),
        memo: RefCell::new(HashMap::new()),
        last_line: match page.blocks.last() {
            Some(Block::Text(t)) if matches!(t.place, Place::Line(_)) => {
                Some((t.place, t.text.trim_end().to_owned()))
            }
            _ => None,
        },
        out: Drafted::default(),
    };
    let mut all = Vec::new();
    for t in &texts {
        for s in sentences(t) {
            if !P.comparison.is_match(s) {
                all.extend(reader.mentions(s));
            }
        }
        for u in units_named(t) {
            if !reader.page_units.contains(&u) {
                reader.page_units.push(u);
            }
        }
    }
    reader.page_model = Reader::one_model(&all).ok().flatten();
    reader.own_tokens = page.blocks.iter().any(|b| {
        matches!(b, Block::Table(t) if t.header.iter().any(|h| h.to_lowercase().contains("token") && !size_groups(h).is_empty()))
    });
    let mut skip_next = false;
    for (i, block) in page.blocks.iter().enumerate() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        match block {
            Block::Text(t) => {
                if let Some(c) = P.credit_price.captures(&t.text)
                    && (c.name("pre").is_some() || c.name("post").is_some())
                    && let Some(n) = c.name("n").and_then(|n| claim::parse_amount(n.as_str()))
                {
                    if c.name("eq").is_some_and(|e| e.as_str() == "=") {
                        reader.out.credit.get_or_insert(n);
                    } else {
                        reader.candidate(
                            t.place,
                            &t.text,
                            format!("one credit is about ${n}: an approximation, so no `credits: price` is written"),
                        );
                    }
                    reader.speaks(t.place, &t.text, false);
                    continue;
                }
                let next = match page.blocks.get(i + 1) {
                    Some(Block::Text(n)) => Some(n.text.as_str()),
                    _ => None,
                };
                skip_next = reader.line(t.place, &t.text, next);
            }
            Block::Table(t) => reader.table(t),
        }
    }
    reader.settle();
    reader.apply_multipliers();
    reader.drop_cut();
    reader.out
}

/// Writes a draft quote's text.
pub fn render(req: &Request<'_>, d: &Drafted) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# yaml-language-server: $schema=../{}",
        crate::load::quote::SCHEMA_FILE
    );
    let _ = writeln!(
        out,
        "# Drafted by `quote-audit draft` from {}.",
        comment(req.page_name)
    );
    out.push_str(
        "# Check every value against the place on the page its comment names, add what the page does\n\
         # not say, then delete `draft: true`: until then `audit` reports this file as draft-unreviewed.\n",
    );
    let _ = writeln!(out, "vendor: {}", quoted(req.vendor));
    let _ = writeln!(out, "received: {}", req.received);
    if let Some(source) = req.source {
        let _ = writeln!(out, "source: {}", quoted(source));
    }
    out.push_str("draft: true\n");
    if d.currency != "USD" {
        let _ = writeln!(out, "currency: {}", d.currency);
    }
    if !d.namespaces.is_empty() {
        let names: Vec<String> = d.namespaces.iter().map(|n| quoted(n)).collect();
        let _ = writeln!(out, "route_namespaces: [{}]", names.join(", "));
    }
    if !d.claims.is_empty() {
        out.push_str("claims:\n");
        for c in &d.claims {
            let _ = writeln!(out, "  # {}", c.place);
            let _ = writeln!(out, "  - {}", quoted(&c.text));
        }
    }
    if let Some(price) = d.credit {
        out.push_str("credits:\n");
        let _ = writeln!(out, "  price: {price}");
    }
    if d.offers.is_empty() {
        out.push_str(
            "# The draft found no price on the page it could write as an offer: type them in by hand\n\
             # (see the candidates below, if any).\noffers: []\n",
        );
    } else {
        out.push_str("offers:\n");
    }
    for o in &d.offers {
        let _ = writeln!(out, "  # {}: {}", o.place, comment(&excerpt(&o.quote)));
        for how in &o.how {
            let _ = writeln!(out, "  # {}", comment(how));
        }
        let lead = if let Some(id) = &o.id {
            let _ = writeln!(out, "  - id: {}", quoted(id));
            "    "
        } else {
            "  - "
        };
        let _ = writeln!(out, "{lead}route: {}", quoted(&o.route));
        let _ = writeln!(out, "    size: {}", quoted(&o.size));
        if !o.multipliers.is_empty() {
            let each: Vec<String> = o
                .multipliers
                .iter()
                .map(|(size, factor)| format!("{}: {factor}", size.label()))
                .collect();
            let _ = writeln!(out, "    size_multipliers: {{{}}}", each.join(", "));
        }
        if let Some(lane) = &o.lane {
            let _ = writeln!(out, "    lane: {}", quoted(lane));
        }
        match o.to {
            Some(to) => {
                let _ = writeln!(out, "    price: {{from: {}, to: {to}}}", o.price);
            }
            None => {
                let _ = writeln!(out, "    price: {}", o.price);
            }
        }
        let _ = writeln!(out, "    unit: {}", o.unit);
    }
    if !d.candidates.is_empty() {
        out.push_str(
            "# Prices the draft could not place without a guess (not data: copy one into offers once\n\
             # you have read the page and know what it is):\n",
        );
        for c in &d.candidates {
            let _ = writeln!(
                out,
                "#   {}: {}\n#     {}",
                c.place,
                comment(&excerpt(&c.text)),
                comment(&c.why)
            );
        }
    }
    if !d.terms.is_empty() {
        out.push_str(
            "# What the page says of the terms (turn each into a value under `terms:`):\n",
        );
        for t in &d.terms {
            let _ = writeln!(
                out,
                "#   {}, {}: {}",
                t.why,
                t.place,
                comment(&excerpt(&t.text))
            );
        }
    }
    out
}

/// A text for a comment: quoted, and cut at 200 characters.
fn excerpt(text: &str) -> String {
    let cut: String = text.chars().take(200).collect();
    if cut.len() < text.len() {
        format!("\"{cut}…\"")
    } else {
        format!("\"{cut}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;

    fn drafted(name: &str, text: &str) -> Drafted {
        read(&page::read(name, text), "Acme", &Baseline::embedded())
    }

    fn offers(d: &Drafted) -> Vec<String> {
        d.offers
            .iter()
            .map(|o| {
                let price = match o.to {
                    Some(to) => format!("{}-{to}", o.price),
                    None => o.price.to_string(),
                };
                let lane = o
                    .lane
                    .as_ref()
                    .map(|l| format!(" ({l})"))
                    .unwrap_or_default();
                format!(
                    "{} {}{lane} {price} {} per {}",
                    o.route, o.size, o.currency, o.unit
                )
            })
            .collect()
    }

    fn why(d: &Drafted) -> Vec<String> {
        d.candidates.iter().map(|c| c.why.clone()).collect()
    }

    /// The rendered draft reads back as a quote.
    fn reads_back(d: &Drafted) -> String {
        let text = render(
            &Request {
                page_name: "page.txt",
                vendor: "Acme \"Gate\"\nvendor: Evil",
                received: Date::constant(2026, 12, 3),
                source: Some("https://acme.example/p"),
            },
            d,
        );
        let quote = crate::load::quote::parse(&Source {
            name: "d.yaml".into(),
            text: text.clone(),
        })
        .unwrap_or_else(|e| panic!("{}\n{text}", e[0]));
        assert!(quote.draft.is_some(), "{text}");
        assert_eq!(quote.vendor.value, "Acme \"Gate\"\nvendor: Evil");
        text
    }

    #[test]
    fn an_html_table_gives_an_offer_per_row_citing_its_cell() {
        let d = drafted(
            "p.html",
            "<h1>Nano Banana Pro</h1><table><tr><th>Resolution</th><th>Price per image</th></tr>\
             <tr><td>1K</td><td>$0.09</td></tr><tr><td>4K</td><td>$0.18</td></tr></table>",
        );
        assert_eq!(
            offers(&d),
            [
                "Nano Banana Pro 1K 0.09 USD per image",
                "Nano Banana Pro 4K 0.18 USD per image"
            ]
        );
        assert_eq!(d.offers[0].place.to_string(), "table 1, row 1, cell 2");
        let text = reads_back(&d);
        assert!(
            text.contains(
                "  # table 1, row 2, cell 2: \"4K | $0.18 (column \"Price per image\")\"\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_price_given_as_google_s_is_a_claim_and_the_vendor_s_beside_it_an_offer() {
        let d = drafted(
            "p.txt",
            "Nano Banana 2\nOur price: $0.04 per image at 1K.\nGoogle's official price is $0.067 per image at 1K.\n",
        );
        assert_eq!(offers(&d), ["Nano Banana 2 1K 0.04 USD per image"]);
        assert_eq!(
            d.claims.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
            ["Google's official price is $0.067 per image at 1K."]
        );
        assert!(
            why(&d)[0].starts_with("$0.067 is given as Google's"),
            "{:?}",
            why(&d)
        );
        reads_back(&d);
    }

    #[test]
    fn a_row_for_several_images_is_divided_only_when_exact() {
        let d = drafted(
            "p.md",
            "Nano Banana Pro\n| Condition | Price |\n|---|---|\n| num_images == 4 AND resolution == 4K | $1.20 |\n| num_images == 3 AND resolution == 1K | $0.10 |\n",
        );
        assert_eq!(offers(&d), ["Nano Banana Pro 4K 0.3 USD per image"]);
        assert_eq!(d.offers[0].how, ["$1.20 for 4 images, divided by 4"]);
        assert_eq!(
            why(&d),
            ["$0.10 is for 3 images and does not divide exactly"]
        );
        reads_back(&d);
    }

    #[test]
    fn what_would_need_a_guess_is_a_candidate_not_data() {
        let d = drafted(
            "p.txt",
            "Nano Banana 2 and Nano Banana Pro are both here.\n\
             Images cost $0.05 per image.\n\
             Nano Banana 2: ~$0.04 per image at 1K, from $0.02 per image at 0.5K.\n\
             Nano Banana 2 at 2K: $0.09\n\
             Token billing: Nano Banana 2 output at $30 per 1M tokens.\n",
        );
        // The page names two units: a price with none beside it is either.
        assert_eq!(offers(&d), ["Nano Banana 2 any 30 USD per 1m-tokens"]);
        assert_eq!(
            why(&d),
            [
                "$0.05: which model? the text before it names Nano Banana 2, Nano Banana Pro",
                "$0.04 is an approximation",
                "$0.02 is a starting price, not a firm one",
                "$0.09: per what? the page writes no unit beside it, and names several",
            ]
        );
        reads_back(&d);
    }

    #[test]
    fn a_range_is_a_price_from_to_and_a_changed_price_its_new_figure() {
        let d = drafted(
            "p.txt",
            "Nano Banana Pro: 2 - 6 credits per image.\nNano Banana 2 pricing adjusted from $0.03 to $0.045/image.\n",
        );
        assert_eq!(
            offers(&d),
            [
                "Nano Banana Pro unstated 2-6 credit per credit",
                "Nano Banana 2 unstated 0.045 USD per image"
            ]
        );
        assert_eq!(
            d.offers[1].how,
            ["the page says the price changed from $0.03"]
        );
        reads_back(&d);
    }

    #[test]
    fn a_sign_between_two_numbers_belongs_to_the_second() {
        let found: Vec<String> = amounts("Output Tokens120,000$120.00", None)
            .iter()
            .map(|a| format!("{} {}", a.value, a.currency.unwrap_or("?")))
            .collect();
        assert_eq!(found, ["120.00 USD"]);
    }

    #[test]
    fn a_name_beside_a_preview_id_is_a_question_where_the_baseline_keeps_them_apart() {
        // The latest snapshot keeps Nano Banana 2 (GA) and its preview id apart: which one the
        // vendor sells is the page's to say.
        let timeline = crate::load::baseline::Timeline::embedded();
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "a GA section and a preview section",
                "Nano Banana 2 (gemini-3.1-flash-image-preview)\nPrice: $0.05 per image (2K)\n\nNano Banana 2 (gemini-3.1-flash-image)\nPrice: $0.07 per image (2K)\n",
                &["Nano Banana 2 (gemini-3.1-flash-image) 2K 0.07 USD per image"],
            ),
            (
                "the preview id first",
                "gemini-3-pro-image-preview (Nano Banana Pro): $0.10 per image (2K).\n",
                &[],
            ),
        ];
        for (what, page, want) in cases {
            let d = read(&page::read("p.txt", page), "Acme", timeline.latest());
            assert_eq!(offers(&d), *want, "{what}: {:?}", why(&d));
            reads_back(&d);
        }
    }

    /// Pages a reviewer wrote to make the draft write a wrong value: each is read as the page
    /// means it, or left as a candidate.
    #[test]
    fn texts_that_once_gave_wrong_offers_give_none_or_the_right_one() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "official heading below the model",
                "## Nano Banana Pro\nOfficial pricing\n1K: $0.134 per image\n",
                &[],
            ),
            (
                "a figure that ends the stored page",
                "Nano Banana Pro\nOne image costs only $0",
                &[],
            ),
            (
                "the same figure, whole",
                "Nano Banana Pro\nOne image costs only $0.05.\nSign up today.",
                &["Nano Banana Pro unstated 0.05 USD per image"],
            ),
            (
                "a figure that ends the page, against another",
                "Nano Banana Pro\nOutput: (2000 / 1,000,000) × 853 = 1.7060元\nTotal: 1.7232元",
                &[],
            ),
            (
                "the last line repeats a price given earlier",
                "Nano Banana Pro\nPrice per image: $0.134\nGenerate 1K and 2K images.\nSummary\nPrice per image: $0.134",
                &["Nano Banana Pro unstated 0.134 USD per image"],
            ),
            (
                "multipliers against a figure the page ends on",
                "Nano Banana Pro\n1K: $0.10 per image\n2K: $0.15 per image\nResolution multiplier: 1k 1x, 2k 1.5x, 4k 2x\n4K: $0.25",
                &[
                    "Nano Banana Pro 1K 0.10 USD per image",
                    "Nano Banana Pro 2K 0.15 USD per image",
                ],
            ),
            (
                "Preview as a verb",
                "Nano Banana Pro Preview the image before paying $0.05 per image.\n",
                &["Nano Banana Pro unstated 0.05 USD per image"],
            ),
            (
                "Preview as a word of its own",
                "NB2 Preview mode is free. Full renders: $0.067 per image.\n",
                &["NB2 unstated 0.067 USD per image"],
            ),
            (
                "an input label before a price per token and a price per image",
                "| Model | Cost |\n|---|---|\n| Nano Banana 2 | Input: $0.50/1M tokens, $0.0006 per image (1024x1024) |\n\nSign up.\n",
                &[],
            ),
            (
                "a price per input image after a price per output token",
                "| Model | Cost |\n|---|---|\n| Nano Banana 2 | Output: $60/1M tokens Input image: $0.0006 per image (1024x1024) |\n\nSign up.\n",
                &[],
            ),
            (
                "a known name run on into Preview",
                "Gemini 2.5 Flash Image Preview: $0.035 per image.\n",
                &["Gemini 2.5 Flash Image Preview unstated 0.035 USD per image"],
            ),
            (
                "a preview name the baseline knows",
                "Gemini 3 Pro Image Preview: $0.09 per image.\n",
                &["Gemini 3 Pro Image Preview unstated 0.09 USD per image"],
            ),
            (
                "a price for prompt tokens",
                "Nano Banana Pro\nPrompt tokens: $2 per 1M tokens.\nPay as you go: $0.12/image (2K).\n",
                &["Nano Banana Pro 2K 0.12 USD per image"],
            ),
            (
                "a prompt beside a price per image",
                "Nano Banana Pro\nPrompt-based editing: $0.05 per image (2K).\n",
                &["Nano Banana Pro 2K 0.05 USD per image"],
            ),
            (
                "提示词 beside a price per image",
                "Nano Banana Pro\n2K 图片：$0.12/张，支持提示词优化\n",
                &["Nano Banana Pro 2K 0.12 USD per image"],
            ),
            (
                "a price per prompt and one for ten prompts",
                "Nano Banana Pro\nSingle prompt: $0.12 per image (2K)\nBatch of 10 prompts: $1.00 (2K)\n",
                &[],
            ),
            (
                "提示词 tokens",
                "Nano Banana Pro\n提示词:$2 / 1M tokens\n输出:$120 / 1M tokens\n",
                &["Nano Banana Pro any 120 USD per 1m-tokens"],
            ),
            (
                "a name and its id in parentheses, written whole",
                "Nano Banana (Gemini 2.5 Flash Image): $0.03 per image (1K).\n",
                &["Nano Banana (Gemini 2.5 Flash Image) 1K 0.03 USD per image"],
            ),
            (
                "Gemini's charge",
                "Nano Banana Pro\nGemini charges $0.134 per image.\n",
                &[],
            ),
            (
                "a card labelled Google's",
                "Nano Banana Pro\nGoogle Cloud list price\n$0.134 per image\n",
                &[],
            ),
            (
                "another company's price",
                "Nano Banana Pro\nOpenRouter charges $0.15 per image for it.\nAcme charges $0.09 per image.\n",
                &["Nano Banana Pro unstated 0.09 USD per image"],
            ),
            (
                "upstream cost",
                "Nano Banana Pro\nUpstream cost $0.134 per image; ours is lower.\n",
                &[],
            ),
            (
                "a count per request",
                "Nano Banana 2 1K: $0.08 per request, up to 4 images.\n",
                &["Nano Banana 2 1K 0.08 USD per request"],
            ),
            (
                "input images",
                "Nano Banana 2\nImage editing (2 images in): $0.08 per request\n",
                &["Nano Banana 2 unstated 0.08 USD per request"],
            ),
            (
                "a subscription",
                "Nano Banana 2\nMonthly subscription: $9.99 per month, includes 500 images.\n",
                &[],
            ),
            (
                "per second",
                "Nano Banana 2: $0.04 per image.\nVideo generation: $0.10 per second\n",
                &["Nano Banana 2 unstated 0.04 USD per image"],
            ),
            (
                "a top-up",
                "Nano Banana 2: $0.04 per image.\nMinimum top-up $10.\n",
                &["Nano Banana 2 unstated 0.04 USD per image"],
            ),
            (
                "aspect ratio is no comparison",
                "## Nano Banana 2\n1K: ¥0.3 每张\n## Nano Banana Pro（支持多种宽高比）\n2K: ¥0.9 每张\n这是人民币价格。\n",
                &[
                    "Nano Banana 2 1K 0.3 CNY per image",
                    "Nano Banana Pro 2K 0.9 CNY per image",
                ],
            ),
            (
                "another Google model",
                "## Nano Banana 2\n1K: $0.04 per image\n## Imagen 4 Ultra\n2K: $0.06 per image\n",
                &["Nano Banana 2 1K 0.04 USD per image"],
            ),
            (
                "a count of images",
                "Nano Banana 2: $35 per 1K images\n",
                &["Nano Banana 2 unstated 35 USD per 1k-images"],
            ),
            (
                "free images",
                "Nano Banana 2: first 1K images free, then $0.04 per image\n",
                &["Nano Banana 2 unstated 0.04 USD per image"],
            ),
            (
                "a Hong Kong dollar",
                "Nano Banana 2: HK$0.40 per image\n",
                &[],
            ),
            (
                "yen on a Japanese menu",
                "English | 日本語\nNano Banana 2: ¥6 per image\n",
                &[],
            ),
            (
                "no longer",
                "Nano Banana 2 is no longer $0.05 per image.\n",
                &[],
            ),
            ("up to", "Nano Banana 2: up to $0.05 per image\n", &[]),
            (
                "a spaced range",
                "Nano Banana 2 1K: $0.03 - $0.05 per image\n",
                &["Nano Banana 2 1K 0.03-0.05 USD per image"],
            ),
            (
                "a falling range",
                "Nano Banana 2: $0.05–$0.03 per image\n",
                &[],
            ),
            (
                "batch of",
                "Nano Banana 2\nBatch of 10 images: $0.40\nSign up today.\n",
                &["Nano Banana 2 unstated 0.04 USD per image"],
            ),
            (
                "a Discord group",
                "Nano Banana 2\nJoin our Discord group\n1K: $0.04 per image\n",
                &["Nano Banana 2 1K 0.04 USD per image"],
            ),
            (
                "long Chinese text",
                "本模型支持多种分辨率与风格，生成速度快，画质稳定，适合电商与设计场景，Nano Banana 2 现在每张只需 ¥0.3 元\n",
                &["Nano Banana 2 unstated 0.3 CNY per image"],
            ),
            (
                "a Chinese table row",
                "Nano Banana 2\n| 档位 | 价格 |\n|---|---|\n| 标准 | $0.05 / 张 |\n",
                &["Nano Banana 2 unstated 0.05 USD per image"],
            ),
            (
                "a sign-in reward",
                "Nano Banana Pro\n1K：20积分/张\n4K：40积分/张\n每日签到领5积分\n",
                &[
                    "Nano Banana Pro 1K 20 credit per credit",
                    "Nano Banana Pro 4K 40 credit per credit",
                ],
            ),
            (
                "a monthly card",
                "Nano Banana Pro\n1K：0.9元/张\n4K：1.5元/张\n包月套餐：月卡99元，不限次数\n",
                &[
                    "Nano Banana Pro 1K 0.9 CNY per image",
                    "Nano Banana Pro 4K 1.5 CNY per image",
                ],
            ),
            (
                "cheaper by",
                "Nano Banana Pro\n1K：0.9元/张\n4K：1.5元/张\n比其他平台每张便宜0.3元\n",
                &[
                    "Nano Banana Pro 1K 0.9 CNY per image",
                    "Nano Banana Pro 4K 1.5 CNY per image",
                ],
            ),
            (
                "a first top-up",
                "Nano Banana Pro\n1K：0.9元/张\n4K：1.5元/张\n新用户首充10元即可开通\n",
                &[
                    "Nano Banana Pro 1K 0.9 CNY per image",
                    "Nano Banana Pro 4K 1.5 CNY per image",
                ],
            ),
            (
                "a member price",
                "Nano Banana Pro 1K/2K 0.3元/张\nVIP用户 0.25元/张\n",
                &[
                    "Nano Banana Pro 1K 0.3 CNY per image",
                    "Nano Banana Pro 2K 0.3 CNY per image",
                ],
            ),
            (
                "a voucher",
                "Nano Banana Pro 1K/2K 0.3元/张\n新人专享 50元代金券\n",
                &[
                    "Nano Banana Pro 1K 0.3 CNY per image",
                    "Nano Banana Pro 2K 0.3 CNY per image",
                ],
            ),
            (
                "New Year's Day",
                "Nano Banana Pro 1K/2K 0.3元/张\n2026元旦活动火热进行中\n",
                &[
                    "Nano Banana Pro 1K 0.3 CNY per image",
                    "Nano Banana Pro 2K 0.3 CNY per image",
                ],
            ),
            (
                "figures run against Chinese",
                "Nano Banana Pro 1K/2K 0.3元/张\n每日签到领5积分，4K暂不支持，满100元减10元\n",
                &[
                    "Nano Banana Pro 1K 0.3 CNY per image",
                    "Nano Banana Pro 2K 0.3 CNY per image",
                ],
            ),
            (
                "an exchange rate",
                "Nano Banana Pro 1K/2K 30积分/张\n兑换比例 1元=100积分\n",
                &[
                    "Nano Banana Pro 1K 30 credit per credit",
                    "Nano Banana Pro 2K 30 credit per credit",
                ],
            ),
            (
                "a pack of images",
                "Nano Banana Pro 1K/2K 0.3元/张\n100张共 15元\n",
                &[
                    "Nano Banana Pro 1K 0.3 CNY per image",
                    "Nano Banana Pro 2K 0.3 CNY per image",
                    "Nano Banana Pro unstated 0.15 CNY per image",
                ],
            ),
            (
                "per thousand images before the figure",
                "Nano Banana Pro 1K/2K 0.3元/张\n4K 每千张 450元\n",
                &[
                    "Nano Banana Pro 1K 0.3 CNY per image",
                    "Nano Banana Pro 2K 0.3 CNY per image",
                    "Nano Banana Pro 4K 450 CNY per 1k-images",
                ],
            ),
            (
                "another maker's model, in Chinese",
                "Nano Banana Pro 1K/2K 0.3元/张\n即梦4.0 0.2元/张\n豆包生图 0.2元/张\n",
                &[
                    "Nano Banana Pro 1K 0.3 CNY per image",
                    "Nano Banana Pro 2K 0.3 CNY per image",
                ],
            ),
            (
                "yen",
                "Nano Banana Pro 1K 1枚あたり 45円\n",
                &["Nano Banana Pro 1K 45 JPY per image"],
            ),
            (
                "gifts, plans and surcharges in Japanese and Korean",
                "Nano Banana Pro 1K/2K：¥45/枚\n初回チャージで¥500分のクレジットをプレゼント\n月額プラン¥980で100枚まで生成可能\n",
                &[
                    "Nano Banana Pro 1K 45 JPY per image",
                    "Nano Banana Pro 2K 45 JPY per image",
                ],
            ),
            (
                "a gift and a surcharge in Korean",
                "Nano Banana Pro 1K/2K 이미지당 $0.30\n4K는 장당 $0.10 추가\n신규 가입 시 $5 크레딧 증정\n",
                &[
                    "Nano Banana Pro 1K 0.30 USD per image",
                    "Nano Banana Pro 2K 0.30 USD per image",
                ],
            ),
            (
                "won",
                "Nano Banana 2 1K/2K 장당 ₩450, 4K 장당 800원\n",
                &[
                    "Nano Banana 2 1K 450 KRW per image",
                    "Nano Banana 2 2K 450 KRW per image",
                    "Nano Banana 2 4K 800 KRW per image",
                ],
            ),
            (
                "whole figures in a list",
                "Nano Banana Pro 1K: $10, 2K: $20 per 100 images\n",
                &["Nano Banana Pro 2K 0.2 USD per image"],
            ),
            (
                "a model's number before 积分",
                "# Nano Banana 2积分价格表\nNano Banana 2 1K 10积分/张\n",
                &["Nano Banana 2 1K 10 credit per credit"],
            ),
            (
                "a model's number run into the price after it",
                "Nano Banana Pro 1K/2K 每张0.3元\nNano Banana 2积分兑换：10积分/张\n",
                &[],
            ),
            (
                "a price right after the model's name",
                "Nano Banana Pro 10 credits per image\n",
                &["Nano Banana Pro unstated 10 credit per credit"],
            ),
            (
                "spend this much, save that much",
                "Nano Banana Pro\n1K：0.9元/张\n4K：1.5元/张\n满100元减10元，充200返20元\n",
                &[
                    "Nano Banana Pro 1K 0.9 CNY per image",
                    "Nano Banana Pro 4K 1.5 CNY per image",
                ],
            ),
            (
                "1k张 is a count",
                "Nano Banana Pro\n批量价：$30 per 1k张\n",
                &["Nano Banana Pro unstated 30 USD per 1k-images"],
            ),
            (
                "above a size",
                "Nano Banana Pro\n标准：$0.134/张\n超过2K：$0.24/张\n",
                &[],
            ),
            (
                "above a size, in English",
                "Nano Banana Pro\nStandard: $0.134 per image\nAbove 2K: $0.24 per image\n",
                &[],
            ),
            ("fen", "nano-banana-pro 每张 9 分钱，按积分扣费\n", &[]),
            (
                "a resolution in a text counting 积分",
                "nano-banana-pro：默认输出 2048 分辨率，按积分计费\n",
                &[],
            ),
            (
                "minutes and seconds in a text counting 积分",
                "nano-banana-pro：每张 20 积分，平均 1 分 30 秒出图\n",
                &["nano-banana-pro unstated 20 credit per credit"],
            ),
            (
                "a difference between two models",
                "Nano Banana 2 costs $0.05 less than Nano Banana Pro at $0.134 per image.\n",
                &[],
            ),
            (
                "a lane in a sentence of pairs",
                "Nano Banana Pro: $0.134 per image, Nano Banana 2: $0.034 per image via Batch API.\n",
                &[],
            ),
            (
                "a lane list beside sizes and prices",
                "Nano Banana Pro 1K / 4K: $0.134 / $0.067 (standard / batch)\n",
                &[],
            ),
            (
                "the clause before is another model's",
                "Nano Banana Pro: $0.134 / $0.24 per image for 1K / 4K; gemini-2.5-flash-image: $0.039 / $0.0195 per image (standard / batch).\n",
                &[
                    "Nano Banana Pro 1K 0.134 USD per image",
                    "Nano Banana Pro 4K 0.24 USD per image",
                ],
            ),
            (
                "Google's list",
                "Nano Banana Pro\nGoogle: 1K / 2K / 4K at $0.134 / $0.134 / $0.24 per image\n",
                &[],
            ),
            (
                "Google's list, sizes first",
                "Nano Banana Pro\nGoogle 1K / 2K / 4K: $0.134 / $0.134 / $0.24 per image\n",
                &[],
            ),
            (
                "an example over two lines",
                "Nano Banana Pro\n1K: $0.134 per image\n4K: $0.24 per image\nExample Pricing:\nGenerate 100 images at 4K\nCost: $24.00 (100 x $0.24)\n",
                &[
                    "Nano Banana Pro 1K 0.134 USD per image",
                    "Nano Banana Pro 4K 0.24 USD per image",
                ],
            ),
            (
                "free credits",
                "Nano Banana Pro\n1K: $0.134 per image\n4K: $0.24 per image\nNew users receive $5 in free credits.\n",
                &[
                    "Nano Banana Pro 1K 0.134 USD per image",
                    "Nano Banana Pro 4K 0.24 USD per image",
                ],
            ),
            (
                "rate limits changed",
                "Nano Banana Pro 1K: $0.134 per image\nNano Banana 2 1K: $0.067 per image\nRate limits increased to 60 RPM for all accounts.\n",
                &[
                    "Nano Banana Pro 1K 0.134 USD per image",
                    "Nano Banana 2 1K 0.067 USD per image",
                ],
            ),
            (
                "struck through",
                "<p>Nano Banana Pro 1K: <s>$0.134 per image</s> $0.09 per image</p>",
                &["Nano Banana Pro 1K 0.09 USD per image"],
            ),
        ];
        drafts_give(cases);
    }

    /// Each page (HTML when it starts with `<`) drafts the offers listed, and its draft reads
    /// back.
    fn drafts_give(cases: &[(&str, &str, &[&str])]) {
        for (what, page, want) in cases {
            let name = if page.starts_with('<') {
                "p.html"
            } else {
                "p.txt"
            };
            let d = drafted(name, page);
            assert_eq!(offers(&d), *want, "{what}: {:?}", why(&d));
            reads_back(&d);
        }
    }

    #[test]
    fn multipliers_go_on_the_price_of_the_size_at_1x_only_when_the_written_prices_agree() {
        let page = "Nano Banana Pro\n1K base cost: $0.134 per request\nMultiplier: 1k 1x, 2k 1x, 4k 1.8x\n4K cost: $0.2412 per request\n";
        let d = drafted("p.txt", page);
        assert_eq!(
            offers(&d),
            ["Nano Banana Pro 1K 0.134 USD per request"],
            "{:?}",
            why(&d)
        );
        let factors: Vec<String> = d.offers[0]
            .multipliers
            .iter()
            .map(|(s, f)| format!("{}={f}", s.label()))
            .collect();
        assert_eq!(factors, ["2K=1", "4K=1.8"]);
        let text = reads_back(&d);
        assert!(
            text.contains("    size_multipliers: {2K: 1, 4K: 1.8}\n"),
            "{text}"
        );
        assert!(
            text.contains("# which gives 0.2412 USD for 4K, as line 4 says"),
            "{text}"
        );
        // A 4K price the factor does not give: the page disagrees with itself, nothing is set.
        let d = drafted("p.txt", &page.replace("$0.2412", "$0.30"));
        assert_eq!(
            offers(&d),
            [
                "Nano Banana Pro 1K 0.134 USD per request",
                "Nano Banana Pro 4K 0.30 USD per request"
            ]
        );
        assert!(d.offers.iter().all(|o| o.multipliers.is_empty()));
        // Factors no other price of the page bears out (of time, or Google's) are not set.
        for page in [
            "Nano Banana Pro\n1K: $0.134 per image\nGeneration time multiplier: 1k 1x, 2k 1.5x, 4k 3x\n",
            "Nano Banana Pro 1K: $0.06 per image\nGoogle official pricing multiplier for Nano Banana Pro: 1k 1x, 2k 1x, 4k 1.8x.\n",
        ] {
            let d = drafted("p.txt", page);
            assert_eq!(offers(&d).len(), 1, "{page}");
            assert!(d.offers[0].multipliers.is_empty(), "{page}");
        }
        // Factors with no word saying they are multipliers are not read as ones.
        let d = drafted("p.txt", &page.replace("Multiplier: ", "Sizes: "));
        assert!(d.offers.iter().all(|o| o.multipliers.is_empty()));
    }

    /// Each reading beside its near miss: what the page says, and what it does not.
    #[test]
    fn lists_examples_changes_and_cards_are_read_only_as_far_as_the_page_says() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "a list of prices for a list of sizes",
                "Nano Banana 2: $0.025 / $0.030 / $0.040 per image for 1K / 2K / 4K.\n",
                &[
                    "Nano Banana 2 1K 0.025 USD per image",
                    "Nano Banana 2 2K 0.030 USD per image",
                    "Nano Banana 2 4K 0.040 USD per image",
                ],
            ),
            (
                "three prices for a range of sizes",
                "Nano Banana 2: $0.025 / $0.030 / $0.040 per image for 1K-4K.\n",
                &[],
            ),
            (
                "the sizes of the clause before",
                "Nano Banana 2\nGoogle charges $0.04 / $0.05 / $0.088 per image for 1K / 2K / 4K; we charge $0.025 / $0.030 / $0.040 per image.\n",
                &[
                    "Nano Banana 2 1K 0.025 USD per image",
                    "Nano Banana 2 2K 0.030 USD per image",
                    "Nano Banana 2 4K 0.040 USD per image",
                ],
            ),
            (
                "the sizes of another sentence",
                "Nano Banana 2\nGoogle charges $0.04 / $0.05 / $0.088 per image for 1K / 2K / 4K. We charge $0.025 / $0.030 / $0.040 per image.\n",
                &[],
            ),
            (
                "a clause before with another unit",
                "Nano Banana 2\nGoogle charges $0.04 / $0.05 / $0.088 per image for 1K / 2K / 4K; we charge $0.025 / $0.030 / $0.040 per request.\n",
                &[],
            ),
            (
                "a top-up after its figure",
                "Nano Banana 2\nAt the 1K rate of $0.025 per image, a $10 top-up buys 400 images.\n",
                &["Nano Banana 2 1K 0.025 USD per image"],
            ),
            (
                "a worked example",
                "Nano Banana\nBase: 4 credits per image\nExample Pricing:\nBase request: 5 credits\nRange: 6 - 6 credits\n",
                &["Nano Banana unstated 4 credit per credit"],
            ),
            (
                "no example",
                "Nano Banana\nBase: 4 credits per image\nPricing:\nBase request: 5 credits\n",
                &[],
            ),
            (
                "a range of one figure",
                "Nano Banana: 6 - 6 credits\n",
                &["Nano Banana unstated 6 credit per credit"],
            ),
            (
                "a range from high to low",
                "Nano Banana: 6 - 2 credits\n",
                &[],
            ),
            (
                "a list keyed by model",
                "• nano-banana: 1000 credits/image\n• fal-ai format: 2000 credits/image\n",
                &["nano-banana unstated 1000 credit per credit"],
            ),
            (
                "a list keyed by size",
                "Nano Banana\n• 1K: 1000 credits/image\n• 2K: 2000 credits/image\n",
                &[
                    "Nano Banana 1K 1000 credit per credit",
                    "Nano Banana 2K 2000 credit per credit",
                ],
            ),
            (
                "prices changed further down",
                "• nano-banana: 1000 credits/image\n• 2026.04.15 prices for related models have doubled\n",
                &[],
            ),
            (
                "prices changed above",
                "2026.04.15 prices for related models have doubled\n• nano-banana: 2000 credits/image\n",
                &["nano-banana unstated 2000 credit per credit"],
            ),
            (
                "a.k.a. is one sentence",
                "gemini-3.1-flash-image-preview\nGemini 3.1 Flash Image Preview, a.k.a. \"Nano Banana 2,\" is fast.\n每次請求$0.55\n立即註冊\n",
                &["gemini-3.1-flash-image-preview unstated 0.55 USD per request"],
            ),
            (
                "Gemini written against Chinese",
                "Nano Banana Pro\nGemini图像生成API定价$0.039/张。\n",
                &[],
            ),
            (
                "a floor after the unit",
                "Nano Banana Pro 定价$0.05/张起步。\n",
                &[],
            ),
            (
                "a sign-up gift",
                "Nano Banana Pro\n注册送$0.05\n$0.05/张\n",
                &["Nano Banana Pro unstated 0.05 USD per image"],
            ),
            (
                "each model before its price",
                "gemini-2.5-flash-image: $0.039 per image, gemini-3-pro-image-preview: $0.134 per image\n",
                &[
                    "gemini-2.5-flash-image unstated 0.039 USD per image",
                    "gemini-3-pro-image-preview unstated 0.134 USD per image",
                ],
            ),
            (
                "one model before each of its prices",
                "Nano Banana Pro 1K: $0.134 per image, Nano Banana Pro 4K: $0.24 per image\n",
                &[
                    "Nano Banana Pro 1K 0.134 USD per image",
                    "Nano Banana Pro 4K 0.24 USD per image",
                ],
            ),
            (
                "models and prices in two lists",
                "gemini-2.5-flash-image and gemini-3-pro-image-preview: $0.039 / $0.134 per image\n",
                &[],
            ),
            (
                "分 in a text counting 积分",
                "按模型扣积分:nano-banana-fast 5 分,nano-banana 15 分\n",
                &[
                    "nano-banana-fast unstated 5 credit per credit",
                    "nano-banana unstated 15 credit per credit",
                ],
            ),
            (
                "minutes in a text counting 积分",
                "按积分计费:nano-banana 生成约 5 分钟\n",
                &[],
            ),
            (
                "a card that names a size",
                "Nano Banana Pro API\n4K超清 · 不限量\n官方 $0.24/张\n$0.05/张\n",
                &[],
            ),
            (
                "a card that names none",
                "Nano Banana Pro API\n不限量 · 30s生成\n官方 $0.24/张\n$0.05/张\n",
                &["Nano Banana Pro unstated 0.05 USD per image"],
            ),
        ];
        drafts_give(cases);
    }

    #[test]
    fn two_prices_for_one_model_and_size_are_both_candidates() {
        let d = drafted(
            "p.txt",
            "Nano Banana 2\n1K: $0.05 per image.\nLater: 1K $0.06 per image.\n",
        );
        assert!(d.offers.is_empty(), "{:?}", offers(&d));
        assert_eq!(d.candidates.len(), 2, "{:?}", why(&d));
    }

    #[test]
    fn a_page_with_no_price_is_a_draft_of_no_offer_that_says_so() {
        let d = drafted(
            "p.txt",
            "Nano Banana 2 is fast.\nWe never train on your images.\n",
        );
        assert!(d.offers.is_empty());
        let text = reads_back(&d);
        assert!(text.contains("found no price on the page"), "{text}");
        assert!(text.contains("\noffers: []\n"), "{text}");
        assert!(
            text.contains("#   training use, line 2: \"We never train on your images.\""),
            "{text}"
        );
    }

    #[test]
    fn cards_read_a_price_with_the_labels_above_and_the_unit_below() {
        let d = drafted(
            "p.txt",
            "fal/gemini-3-pro-image-preview\nProvider Model ID:\nfal-ai/nano-banana-pro\nImage\n1K\n$0.15\nper image\nTier 2\n4K / call\n¥0.35\n",
        );
        assert_eq!(
            offers(&d),
            ["fal/gemini-3-pro-image-preview 1K 0.15 USD per image"],
            "{:?}",
            why(&d)
        );
        assert_eq!(d.namespaces, ["fal"]);
        assert_eq!(
            why(&d),
            [
                "¥0.35: the page does not say which currency this is (¥ yuan or yen, a dollar not the US one)"
            ]
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::diag::Source;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any page text gives a draft the quote reader reads back: never a panic, never a file
        /// the reader would refuse.
        #[test]
        fn any_page_gives_a_draft_that_reads_back(
            lines in proptest::collection::vec(
                "(Nano Banana (2|Pro)|gemini-3-pro-image-preview|fal/x|\\$0\\.0[0-9]|¥[0-9]|[124]K|per image|/ call|credits|2 - 6|official|\\|| |[a-z\"'#:{}\\n\u{85}\u{feff}华-]){0,12}",
                0..12,
            ),
            html in any::<bool>(),
        ) {
            let text = lines.join("\n");
            let name = if html { "p.html" } else { "p.txt" };
            let d = read(&page::read(name, &text), "Acme", &Baseline::embedded());
            let rendered = render(
                &Request { page_name: name, vendor: "Acme", received: Date::constant(2026, 12, 3), source: None },
                &d,
            );
            let src = Source { name: "d.yaml".into(), text: rendered.clone() };
            prop_assert!(crate::load::quote::parse(&src).is_ok(), "{}", rendered);
        }
    }
}
