//! Output size: the vendor's wording (`2K`, `1024px`, `1376x768`) → one of Google's size
//! classes, or a reason it cannot be classed.
//!
//! Pixel sizes go to the class whose edge is nearest to the long edge. A long edge exactly
//! between two classes, outside the range any class covers, or a word (`HD`, `large`) is not
//! classed: that would be a guess.

use crate::model::SizeClass;

/// Long edges below this or above [`MAX_EDGE`] are not near any class.
pub const MIN_EDGE: u64 = 256;
pub const MAX_EDGE: u64 = 8192;

/// The class nearest to a long edge in pixels.
pub fn class_of_edge(edge: u64) -> Result<SizeClass, SizeProblem> {
    if !(MIN_EDGE..=MAX_EDGE).contains(&edge) {
        return Err(SizeProblem::OutOfRange(edge));
    }
    let mut by_distance: Vec<(u64, SizeClass)> = SizeClass::ALL
        .iter()
        .map(|c| (c.edge().abs_diff(edge), *c))
        .collect();
    by_distance.sort();
    let (best, second) = (by_distance[0], by_distance[1]);
    if best.0 == second.0 {
        return Err(SizeProblem::Between(
            edge,
            second.1.min(best.1),
            second.1.max(best.1),
        ));
    }
    Ok(best.1)
}

/// Why a size could not be classed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SizeProblem {
    /// Not a class label or a pixel size (`HD`, `large`, `square`).
    NotASize,
    /// A long edge exactly half-way between two classes.
    Between(u64, SizeClass, SizeClass),
    /// A long edge no class is near.
    OutOfRange(u64),
    /// The text names more than one class (`1K/2K`).
    Several(Vec<SizeClass>),
    /// `size: unstated`: the page does not say which size the price buys.
    Unstated,
    /// `size: any` on a route with no official rows to price: the sizes are not known.
    Any,
}

impl SizeProblem {
    /// What to tell the reviewer.
    pub fn explain(&self) -> String {
        match self {
            SizeProblem::NotASize => {
                "is not a size class (0.5K, 1K, 2K, 4K) or a pixel size (1024px, 2048x2048); ask the vendor for the output pixel size".into()
            }
            SizeProblem::Between(edge, a, b) => format!(
                "has a long edge of {edge}px, exactly between {a} and {b}; ask the vendor which size class is billed"
            ),
            SizeProblem::OutOfRange(edge) => format!(
                "has a long edge of {edge}px, outside every official size class ({MIN_EDGE}-{MAX_EDGE}px); ask the vendor what is delivered"
            ),
            SizeProblem::Unstated => {
                "is not stated: the price cannot be compared until you know which output size it buys; ask the vendor which output size (0.5K, 1K, 2K, 4K) the price is for".into()
            }
            SizeProblem::Any => {
                "is `any`, but the route names no official model whose sizes could be priced".into()
            }
            SizeProblem::Several(classes) => format!(
                "names several sizes ({}); write one offer per size",
                classes.iter().map(|c| c.label()).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

/// The words for "one price for every size" and "the page does not say", as the quote file
/// spells them (any case).
pub const ANY: &str = "any";
pub const UNSTATED: &str = "unstated";

/// Classes the vendor's size wording.
pub fn classify(text: &str) -> Result<SizeClass, SizeProblem> {
    if text.trim().eq_ignore_ascii_case(ANY) {
        return Err(SizeProblem::Any);
    }
    if text.trim().eq_ignore_ascii_case(UNSTATED) {
        return Err(SizeProblem::Unstated);
    }
    // "2K (2048x2048)" or "1K / 1024px": every part must name the same class.
    let parts: Vec<&str> = text
        .split(['(', ')', '/', ',', ';', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Err(SizeProblem::NotASize);
    }
    let mut classes = Vec::new();
    for part in parts {
        let class = classify_one(part)?;
        if !classes.contains(&class) {
            classes.push(class);
        }
    }
    if classes.len() > 1 {
        classes.sort();
        return Err(SizeProblem::Several(classes));
    }
    Ok(classes[0])
}

fn classify_one(part: &str) -> Result<SizeClass, SizeProblem> {
    if let Some(c) = SizeClass::from_label(part) {
        return Ok(c);
    }
    let compact: String = part
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let dims = compact.strip_suffix("px").unwrap_or(&compact);
    let edges: Vec<&str> = dims.split(['x', '×', '*']).collect();
    if edges.is_empty() || edges.len() > 2 {
        return Err(SizeProblem::NotASize);
    }
    let mut long = 0u64;
    for e in edges {
        if e.is_empty()
            || e.len() > 6
            || !e.bytes().all(|b| b.is_ascii_digit())
            || e.bytes().all(|b| b == b'0')
        {
            return Err(SizeProblem::NotASize);
        }
        long = long.max(e.parse().map_err(|_| SizeProblem::NotASize)?);
    }
    class_of_edge(long)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples_class_by_long_edge() {
        assert_eq!(classify("512"), Ok(SizeClass::Half));
        assert_eq!(classify("1024px"), Ok(SizeClass::K1));
        assert_eq!(classify("2048x2048"), Ok(SizeClass::K2));
        assert_eq!(classify("1376x768"), Ok(SizeClass::K1));
        assert_eq!(classify("3840x2160"), Ok(SizeClass::K4));
        assert_eq!(classify("0.5k"), Ok(SizeClass::Half));
        assert_eq!(classify("2K (2048 × 2048)"), Ok(SizeClass::K2));
    }

    #[test]
    fn words_ties_and_ranges_are_not_guessed() {
        assert_eq!(classify("HD"), Err(SizeProblem::NotASize));
        assert_eq!(classify("large"), Err(SizeProblem::NotASize));
        assert_eq!(
            classify("1536"),
            Err(SizeProblem::Between(1536, SizeClass::K1, SizeClass::K2))
        );
        assert_eq!(classify("100px"), Err(SizeProblem::OutOfRange(100)));
        assert_eq!(
            classify("1K/2K/4K"),
            Err(SizeProblem::Several(vec![
                SizeClass::K1,
                SizeClass::K2,
                SizeClass::K4
            ]))
        );
        assert_eq!(classify("1x2x3"), Err(SizeProblem::NotASize));
        assert_eq!(classify("0x800"), Err(SizeProblem::NotASize));
        assert_eq!(classify("2048x0"), Err(SizeProblem::NotASize));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn size_class_is_monotonic_in_the_long_edge(a in 0u64..10_000, b in 0u64..10_000) {
                let (lo, hi) = (a.min(b), a.max(b));
                if let (Ok(x), Ok(y)) = (class_of_edge(lo), class_of_edge(hi)) {
                    prop_assert!(x <= y, "{} -> {}, {} -> {}", lo, x, hi, y);
                }
            }

            #[test]
            fn pixel_text_classes_by_its_long_edge(w in 1u64..9000, h in 1u64..9000) {
                prop_assert_eq!(classify(&format!("{w}x{h}")), class_of_edge(w.max(h)));
                prop_assert_eq!(classify(&format!("{h} × {w} px")), class_of_edge(w.max(h)));
            }
        }
    }
}
