//! Lane: the vendor's wording → Google's Standard, Batch/Flex or Priority lane, or the vendor's
//! own product.
//!
//! Call styles (async, queue, webhook, sync) say how a request is made, not what it costs:
//! they are Standard. Only batch and flex words are Google's Batch lane. Anything else
//! ("Fast", "Turbo", "Enterprise group 2.5x") is the vendor's own lane, compared against
//! Standard and reported — unless it says the route behind it is reverse-engineered
//! ("Reverse", "逆向分组"), which no official price can be compared with.

use crate::model::Lane;

/// How a lane word was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaneReading {
    /// Absent, or a Standard/Batch word (including call styles).
    Official(Lane),
    /// The vendor's own lane: compared against Standard.
    Vendor,
}

impl LaneReading {
    /// The official lane the offer is compared against.
    pub fn lane(self) -> Lane {
        match self {
            LaneReading::Official(l) => l,
            LaneReading::Vendor => Lane::Standard,
        }
    }
}

/// Words, folded, and the lane each means. Call styles are Standard.
const LANE_WORDS: &[(&str, Lane)] = &[
    ("standard", Lane::Standard),
    ("realtime", Lane::Standard),
    ("sync", Lane::Standard),
    ("synchronous", Lane::Standard),
    ("ondemand", Lane::Standard),
    ("interactive", Lane::Standard),
    ("default", Lane::Standard),
    ("async", Lane::Standard),
    ("asynchronous", Lane::Standard),
    ("queue", Lane::Standard),
    ("queued", Lane::Standard),
    ("webhook", Lane::Standard),
    ("webhooks", Lane::Standard),
    ("batch", Lane::Batch),
    ("flex", Lane::Batch),
    ("batchflex", Lane::Batch),
    ("flexbatch", Lane::Batch),
    ("batchapi", Lane::Batch),
    ("priority", Lane::Priority),
];

/// Words that qualify a lane word without changing it ("batch API", "async mode").
const FILLER: &[&str] = &[
    "api", "mode", "lane", "call", "calls", "request", "requests", "endpoint",
];

/// Lane or group words that say the route behind them is reverse-engineered, folded.
const REVERSE_WORDS: &[&str] = &["reverse", "reversed", "reverseengineered"];

/// The same, written without spaces ("逆向分组", a reverse-engineered group).
const REVERSE_PHRASES: &[&str] = &["逆向"];

/// Words and characters that deny what follows ("non-reverse", "非逆向").
const DENIALS: &[&str] = &["non", "not", "no"];
const DENIAL_PREFIXES: &[&str] = &["非", "无", "無", "不", "不是"];

/// The reverse-engineered marker in a lane or group word ("Reverse", "逆向分组"), if any; a
/// denial ("non-reverse", "非逆向") is none. The other unofficial words of a route or a note
/// (web, cookie, -ext) are not read into a lane name.
pub fn unofficial_marker(text: &str) -> Option<String> {
    for phrase in REVERSE_PHRASES {
        let affirmed = text
            .match_indices(phrase)
            .any(|(i, _)| !DENIAL_PREFIXES.iter().any(|d| text[..i].ends_with(d)));
        if affirmed {
            return Some((*phrase).to_owned());
        }
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .iter()
        .enumerate()
        .find(|(i, w)| REVERSE_WORDS.contains(w) && !(*i > 0 && DENIALS.contains(&words[i - 1])))
        .map(|(_, w)| (*w).to_owned())
}

/// Reads a lane word; no lane at all is Standard.
pub fn read(text: Option<&str>) -> LaneReading {
    let Some(text) = text else {
        return LaneReading::Official(Lane::Standard);
    };
    let lookup = |w: &str| LANE_WORDS.iter().find(|(k, _)| *k == w).map(|(_, l)| *l);
    if let Some(l) = lookup(&crate::text::fold(text)) {
        return LaneReading::Official(l);
    }
    // "async / webhook" is Standard; "batch (async)" mixes two lanes and is not guessed.
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !FILLER.contains(w))
        .collect();
    let lanes: Vec<Option<Lane>> = words.iter().map(|w| lookup(w)).collect();
    match lanes.first() {
        Some(Some(first)) if lanes.iter().all(|l| *l == Some(*first)) => {
            LaneReading::Official(*first)
        }
        _ => LaneReading::Vendor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_styles_are_standard_not_batch() {
        for w in [
            "async",
            "Queue",
            "webhook",
            "sync",
            "Real-time",
            "on-demand",
            "async / webhook",
        ] {
            assert_eq!(read(Some(w)), LaneReading::Official(Lane::Standard), "{w}");
        }
    }

    #[test]
    fn only_batch_and_flex_words_are_batch() {
        for w in ["batch", "Flex", "Batch/Flex", "Batch API", "batch mode"] {
            assert_eq!(read(Some(w)), LaneReading::Official(Lane::Batch), "{w}");
        }
    }

    #[test]
    fn other_words_are_vendor_lanes() {
        for w in [
            "Fast",
            "Turbo",
            "Enterprise group 2.5x",
            "batch (async)",
            "RPM 60 tier",
        ] {
            assert_eq!(read(Some(w)), LaneReading::Vendor, "{w}");
        }
        assert_eq!(read(None), LaneReading::Official(Lane::Standard));
    }

    #[test]
    fn a_reverse_lane_or_group_is_marked_unofficial() {
        for (w, marker) in [
            ("Reverse", "reverse"),
            ("reverse-engineered group", "reverse"),
            ("ReverseEngineered", "reverseengineered"),
            ("Reversed (cheap)", "reversed"),
            ("逆向", "逆向"),
            ("逆向分组", "逆向"),
            ("官转 / 逆向", "逆向"),
        ] {
            assert_eq!(unofficial_marker(w).as_deref(), Some(marker), "{w}");
        }
    }

    #[test]
    fn other_lanes_and_denials_are_not_marked() {
        for w in [
            "Turbo",
            "webhook",
            "Web",
            "cookie pool",
            "Batch API",
            "Reverb",
            "reversal",
            "non-reverse",
            "not reversed",
            "非逆向",
            "官转分组（非逆向）",
            "不是逆向",
            "默认分组",
        ] {
            assert_eq!(unofficial_marker(w), None, "{w}");
        }
    }
}
