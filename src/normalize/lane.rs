//! Lane: the vendor's wording → Google's Standard or Batch/Flex lane, or the vendor's own
//! product.
//!
//! Call styles (async, queue, webhook, sync) say how a request is made, not what it costs:
//! they are Standard. Only batch and flex words are Google's Batch lane. Anything else
//! ("Fast", "Turbo", "Enterprise group 2.5x") is the vendor's own lane, compared against
//! Standard and reported.

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
];

/// Words that qualify a lane word without changing it ("batch API", "async mode").
const FILLER: &[&str] = &[
    "api", "mode", "lane", "call", "calls", "request", "requests", "endpoint",
];

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
}
