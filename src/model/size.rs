//! Google's output size classes. Which class a vendor's size wording falls in is decided by
//! [`crate::normalize::size`]; this is only the vocabulary.

use std::fmt;

/// Google's output size classes, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SizeClass {
    Half,
    K1,
    K2,
    K4,
}

impl SizeClass {
    pub const ALL: [SizeClass; 4] = [SizeClass::Half, SizeClass::K1, SizeClass::K2, SizeClass::K4];

    pub fn label(self) -> &'static str {
        match self {
            SizeClass::Half => "0.5K",
            SizeClass::K1 => "1K",
            SizeClass::K2 => "2K",
            SizeClass::K4 => "4K",
        }
    }

    /// The class's nominal long edge in pixels.
    pub fn edge(self) -> u64 {
        match self {
            SizeClass::Half => 512,
            SizeClass::K1 => 1024,
            SizeClass::K2 => 2048,
            SizeClass::K4 => 4096,
        }
    }

    /// A class label in any case: `0.5K`, `1k`, `2K`, `4k`.
    pub fn from_label(text: &str) -> Option<SizeClass> {
        let t = text.trim();
        SizeClass::ALL
            .into_iter()
            .find(|c| c.label().eq_ignore_ascii_case(t))
    }
}

impl fmt::Display for SizeClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
