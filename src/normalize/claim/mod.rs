//! Claims: a vendor's own sentence → what it states, before anything is judged. Which contract
//! layers its phrases speak about, and which of them it denies ("no free tier"); the prices it
//! attributes to Google, each with the unit, sizes and lane written beside it; the saving on
//! Google's price it claims; whether it claims price parity with Google; and what a reading
//! would have to guess, which the reviewer decides instead.
//!
//! The sentence is cut into clauses. A clause after `;`, a full stop, a dash, "vs", "but",
//! "we" or "than" starts over on whose price it is; a clause after a comma continues a list
//! ("Google: 1K $0.134, 2K $0.134, 4K $0.24"). A size, lane or owner word applies within its
//! own clause; in a clause with several prices, prices and sizes are paired in order. The
//! phrases are data ([`phrases`]), the regular expressions one struct (`patterns.rs`), each
//! compiled at its first use. What a reading means for a quote — a misquote, an overstated saving, a layer finding — is
//! [`crate::check`]'s.

mod layers;
mod patterns;
pub mod phrases;
mod prices;
mod saving;
mod words;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use rust_decimal::Decimal;

use crate::model::{Lane, Rule, SizeClass};
use phrases::{BATCH_WORDS, PARITY, Pattern};
pub(crate) use prices::parse_amount;
pub use prices::size_classes;
pub use saving::{says_google_credits, stated_saving};
pub use words::words;
use words::{Prepared, find_all, has_any, prepare};

/// What a claim's words state, whatever the quote.
#[derive(Debug)]
pub struct Reading {
    /// The layer rules the claim's phrases fire, each with the first phrase found that the
    /// claim does not deny.
    pub layers: Vec<(&'static Pattern, &'static str)>,
    /// The rules whose every phrase in the claim is denied ("no free trial"), with a phrase.
    pub denied: Vec<(Rule, &'static str)>,
    /// The prices the claim attributes to Google.
    pub prices: Vec<StatedPrice>,
    /// The saving on Google's price the claim states, in percent (of a range, its strongest).
    pub saving: Option<Decimal>,
    /// The claim says the vendor's price equals Google's.
    pub parity: bool,
    /// What a reading would have had to guess.
    pub doubts: Vec<Doubt>,
    /// The claim's clauses, canonical, for the models each names.
    pub clauses: Vec<String>,
}

/// A price a claim attributes to Google.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedPrice {
    /// The amount as written (`$0.134`).
    pub written: String,
    /// USD per image, or per 1M tokens.
    pub usd: Decimal,
    pub per_million_tokens: bool,
    /// The sizes the claim pairs with this price; empty when it does not say.
    pub sizes: Vec<SizeClass>,
    /// The lane its clause names (Standard when it names none); `None` when it names both.
    pub lane: Option<Lane>,
    /// Which of [`Reading::clauses`] it is in.
    pub clause: usize,
}

/// A reading that would need a guess.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Doubt {
    /// An amount in a clause that names Google's price and the vendor's own price or saving:
    /// whose it is cannot be told.
    WhosePrice(String),
    /// An amount said to be Google's with no unit, in a sentence not about images.
    Unit(String),
    /// A saving in a claim that names Google's Batch/Flex lane and compares with nothing:
    /// Google's own lane discount, or the vendor's saving?
    LaneDiscount(Decimal),
}

/// Claims up to this long are remembered once read; longer ones are read each time.
const REMEMBERED_CLAIM_BYTES: usize = 1_000;
/// At most this many claims are remembered in one run.
const REMEMBERED_CLAIMS: usize = 10_000;

/// The claims read so far in this run, by text: vendors repeat their claims in quote after
/// quote. A reading is a function of the text alone, so remembering it never changes it.
static READINGS: LazyLock<Mutex<HashMap<String, Arc<Reading>>>> = LazyLock::new(Default::default);

/// Reads a claim, or recalls its reading.
pub fn read(claim: &str) -> Arc<Reading> {
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

/// Reads a claim without the memo.
pub fn read_afresh(claim: &str) -> Reading {
    let text = denials_across_marks(&canonical(claim));
    let clauses = clauses(&text);
    let prepared: Vec<Prepared> = clauses.iter().map(|c| prepare(c.text)).collect();
    let whole = prepare(&text);
    let (prices, mut doubts, owners) = prices::prices(&text, &whole, &clauses, &prepared);
    let (layers, denied) = layers::layers(&text, &whole, &clauses, &prepared, &owners);
    let mut saving = stated_saving(&text);
    // "Batch API: 50% off", "batch cuts it to $0.034 — a flat 50% discount": Google's own lane
    // discount, or the vendor's saving on it?
    if let Some(pct) = saving
        && has_any(&whole, BATCH_WORDS)
        && !saving::compares(&text)
    {
        doubts.push(Doubt::LaneDiscount(pct));
        saving = None;
    }
    let parity = PARITY.iter().any(|phrase| {
        prepared.iter().any(|c| {
            find_all(c, phrase)
                .into_iter()
                .any(|at| !layers::denies(c, at, layers::DENY_REACH))
        })
    });
    Reading {
        layers,
        denied,
        prices,
        saving,
        parity,
        doubts,
        clauses: clauses.iter().map(|c| c.text.to_owned()).collect(),
    }
}

/// The claim with the characters that vary between pages made one: typographic apostrophes,
/// the minus sign and hyphens, full-width digits, signs and spaces.
pub fn canonical(claim: &str) -> String {
    claim
        .chars()
        .map(|c| match c {
            '’' | '‘' | '′' => '\'',
            '\u{2212}' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{FE63}' | '\u{FF0D}' => '-',
            '\u{FF04}' => '$',
            '\u{FF05}' => '%',
            '\u{FF0E}' => '.',
            '\u{FF1A}' => ':',
            '\u{301C}' | '\u{FF5E}' => '~',
            '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
            '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// The claim with what denies across a question mark or a table's bar rewritten in place, the
/// same length so every reading keeps its place: a question the text answers no claims
/// nothing ("Is there a free API? No."), and a free tier crossed out in a table is none ("Free
/// tier | —" reads "no free").
fn denials_across_marks(text: &str) -> String {
    let p = patterns::get();
    let mut out = text.to_owned();
    for (re, with) in [(&p.answered_no, ""), (&p.crossed_out, "no free")] {
        let found: Vec<std::ops::Range<usize>> = re.find_iter(&out).map(|m| m.range()).collect();
        for r in found {
            let written = format!("{with:<width$}", width = r.len());
            out.replace_range(r.clone(), &written[..r.len()]);
        }
    }
    out
}

/// One clause of a claim: its text, where it starts in the claim, and whether it starts a
/// segment, over again on whose price it is (it follows `;`, a full stop, a dash, "vs", "but",
/// "we"…), or continues a list (it follows a comma).
#[derive(Debug)]
struct Clause<'a> {
    text: &'a str,
    start: usize,
    starts_over: bool,
}

fn clauses(text: &str) -> Vec<Clause<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in patterns::get().strong_break.find_iter(text) {
        weak_split(text, start..m.start(), &mut out);
        start = m.end();
    }
    weak_split(text, start..text.len(), &mut out);
    out
}

/// Cuts a segment between strong breaks at its commas ("1K $0.134, 2K $0.134"); a comma
/// between digits ("1,000", "0,134") is not a break.
fn weak_split<'a>(text: &'a str, segment: std::ops::Range<usize>, out: &mut Vec<Clause<'a>>) {
    let mut start = segment.start;
    let mut starts_over = true;
    let bytes = text.as_bytes();
    for (i, c) in text[segment.clone()].char_indices() {
        let i = segment.start + i;
        let weak = match c {
            '，' => true,
            ',' => bytes.get(i + 1).is_none_or(|b| !b.is_ascii_digit()),
            _ => false,
        };
        if weak {
            out.push(Clause {
                text: &text[start..i],
                start,
                starts_over,
            });
            starts_over = false;
            start = i + c.len_utf8();
        }
    }
    out.push(Clause {
        text: &text[start..segment.end],
        start,
        starts_over,
    });
}

/// Each clause's segment: from the clause that starts it over to the next that does (or
/// `len`, the claim's end).
fn segments(clauses: &[Clause<'_>], len: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = vec![0..len; clauses.len()];
    let mut end = len;
    for c in (0..clauses.len()).rev() {
        out[c].end = end;
        if clauses[c].starts_over {
            end = clauses[c].start;
        }
    }
    let mut start = 0;
    for (c, clause) in clauses.iter().enumerate() {
        if clause.starts_over {
            start = clause.start;
        }
        out[c].start = start;
    }
    out
}

/// The last `n` bytes of `s` (fewer, to start on a character).
pub(crate) fn tail(s: &str, n: usize) -> &str {
    let mut from = s.len().saturating_sub(n);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    &s[from..]
}

/// The first `n` bytes of `s` (fewer, to end on a character).
fn head(s: &str, n: usize) -> &str {
    let mut to = n.min(s.len());
    while !s.is_char_boundary(to) {
        to -= 1;
    }
    &s[..to]
}

#[cfg(test)]
mod tests;
