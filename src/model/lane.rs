//! Google's two official lanes. How a vendor's lane word is read (an official lane, or the
//! vendor's own product) is [`crate::normalize::lane`]'s job; this is only the vocabulary.

use std::fmt;

/// Google's two official lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lane {
    Standard,
    Batch,
}

impl Lane {
    pub fn label(self) -> &'static str {
        match self {
            Lane::Standard => "standard",
            Lane::Batch => "batch",
        }
    }
}

impl fmt::Display for Lane {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
