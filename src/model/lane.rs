//! Google's official lanes. How a vendor's lane word is read (an official lane, or the
//! vendor's own product) is [`crate::normalize::lane`]'s job; this is only the vocabulary.

use std::fmt;

/// Google's official lanes: Standard, Batch/Flex (half price, when the work can wait), and
/// Priority (faster and dearer; in the snapshots that price it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lane {
    Standard,
    Batch,
    Priority,
}

impl Lane {
    pub fn label(self) -> &'static str {
        match self {
            Lane::Standard => "standard",
            Lane::Batch => "batch",
            Lane::Priority => "priority",
        }
    }
}

impl fmt::Display for Lane {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
