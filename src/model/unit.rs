//! The units a price can be quoted in. Converting a price in one of them to USD per image is
//! [`crate::normalize::unit`]'s.

use std::fmt;

/// The units a price can be quoted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Image,
    ThousandImages,
    Credit,
    MillionTokens,
    Request,
}

/// Folded spellings accepted for each unit.
const UNIT_WORDS: &[(&str, Unit)] = &[
    ("image", Unit::Image),
    ("images", Unit::Image),
    ("1kimages", Unit::ThousandImages),
    ("credit", Unit::Credit),
    ("credits", Unit::Credit),
    ("1mtokens", Unit::MillionTokens),
    ("request", Unit::Request),
    ("requests", Unit::Request),
];

impl Unit {
    pub const NAMES: [&'static str; 5] = ["image", "1k-images", "credit", "1m-tokens", "request"];

    pub fn label(self) -> &'static str {
        match self {
            Unit::Image => "image",
            Unit::ThousandImages => "1k-images",
            Unit::Credit => "credit",
            Unit::MillionTokens => "1m-tokens",
            Unit::Request => "request",
        }
    }

    /// Reads a unit word in any case and spacing (`1K images`); `None` for a word that is not
    /// a unit.
    pub fn read(word: &str) -> Option<Unit> {
        let folded = crate::text::fold(word);
        UNIT_WORDS
            .iter()
            .find(|(w, _)| *w == folded)
            .map(|(_, u)| *u)
    }

    /// Whether the price is per token rather than per call: two offers of one model, size
    /// and lane in the two kinds are two billing modes, not one offer.
    pub fn per_token(self) -> bool {
        self == Unit::MillionTokens
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
