//! Text helpers shared by every stage: folding vendor wording for exact lookups, "did you mean"
//! suggestions, and making vendor text safe for a terminal or a spreadsheet.
//!
//! Vendor text is hostile data. It is never interpreted here; it is only compared, or escaped
//! on its way out. This module imports nothing of the crate.

use std::borrow::Cow;

/// Folds a name for lookup: lower case, with white space and punctuation removed.
/// "Nano-Banana 2", "nano_banana_2" and "NANO BANANA 2" all fold to `nanobanana2`.
///
/// What could change the meaning is kept, so it can never match a name it is not: a decimal
/// point between digits ("Nano Banana 2.1" folds to `nanobanana2.1`, not `nanobanana21`), and
/// symbols, combining marks, emoji and invisible characters ("Pro+", "Pro\u{308}").
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if c == '.'
            && prev.is_some_and(|p: char| p.is_ascii_digit())
            && chars.peek().is_some_and(char::is_ascii_digit)
        {
            out.push('.');
        } else if !(c.is_whitespace() || is_separator(c)) {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// Punctuation that separates words in names and is dropped by [`fold`].
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '_' | '.' | ',' | ':' | ';' | '/' | '\\' | '\'' | '"' | '`' | '(' | ')' | '[' | ']'
            | '{' | '}' | '!' | '?' | '·' | '\u{2010}'..='\u{2015}' | '\u{2018}'..='\u{201F}'
            | '（' | '）' | '，' | '、' | '：' | '；' | '・' | '／'
    )
}

/// `1 offer`, `2 offers`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The closest of `candidates` to `word`, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Vendor text as every output shows it (terminal, CSV, JSON, SARIF, error excerpts): each
/// character a terminal could act on, that could fake a line of output or reorder or hide what
/// is shown — C0 and C1 controls (tab and newline included), DEL, line and paragraph
/// separators, bidirectional marks, overrides and isolates, and zero-width characters — is
/// written as a visible escape, `\u{202E}`. Everything else, and so the evidence, is kept.
pub fn visible(s: &str) -> Cow<'_, str> {
    // Printable ASCII, the common case, is checked a byte at a time.
    let printable = |b: u8| (b' '..=b'~').contains(&b);
    if s.bytes().all(printable) || !s.chars().any(is_hazard) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hazard(c) {
            out.push_str(&format!("\\u{{{:X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`visible`], for a terminal line.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    visible(s)
}

/// The characters [`visible`] escapes.
pub fn is_hazard(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2060}'
                | '\u{FEFF}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// A spreadsheet cell of vendor text: [`visible`], then [`spreadsheet_safe`].
pub fn cell_safe(s: &str) -> Cow<'_, str> {
    match visible(s) {
        Cow::Borrowed(b) => spreadsheet_safe(b),
        Cow::Owned(o) => Cow::Owned(spreadsheet_safe(&o).into_owned()),
    }
}

/// Makes a cell safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, tab,
/// CR or LF and is not a plain number gets a leading `'`, so it is shown as text and never
/// evaluated as a formula. Nothing else in the cell is changed.
pub fn spreadsheet_safe(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n') if !is_plain_number(s) => {
            Cow::Owned(format!("'{s}"))
        }
        _ => Cow::Borrowed(s),
    }
}

/// `-12`, `+0.5`, `3.25`: an optional sign, digits, and at most one decimal point with digits
/// on both sides.
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Longest slug, in characters (at most 4 bytes each: well inside any file system's limit).
const SLUG_CHARS: usize = 60;

/// `Acme Gateway (EU)` → `acme-gateway-eu`, `华云 API` → `华云-api`, `Café` → `café`: the
/// name's letters and digits, of any script, lower-cased and in Unicode's composed form, with
/// `-` for everything between them. A name with no letter or digit is spelt by its code points
/// (`🍌` → `u1f34c`), so no two names share a slug by having none.
pub fn slug(vendor: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let name: String = vendor.nfc().collect();
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    if out.is_empty() {
        let points: Vec<String> = name
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| format!("u{:x}", u32::from(c)))
            .collect();
        out = points.join("-");
    }
    let cut: String = out.trim_end_matches('-').chars().take(SLUG_CHARS).collect();
    cut.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_space_and_punctuation_but_keeps_digits() {
        assert_eq!(fold("Nano-Banana 2"), "nanobanana2");
        assert_eq!(
            fold("gemini-3.1-flash-image-preview"),
            "gemini3.1flashimagepreview"
        );
        assert_ne!(fold("Nano Banana 2.1"), fold("Nano Banana 2"));
        assert_eq!(fold("Gemini 2.5 Flash"), fold("gemini-2.5-flash"));
        assert_ne!(fold("Gemini 25 Flash"), fold("Gemini 2.5 Flash"));
        assert_ne!(fold("Nano Banana Pro+"), fold("Nano Banana Pro"));
        assert_ne!(fold("Nano Banana Pro\u{308}"), fold("Nano Banana Pro"));
        assert_ne!(fold("Nano\u{200B}Banana"), fold("NanoBanana"));
    }

    #[test]
    fn formulas_are_defused_and_numbers_are_not() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+1+1"), "'+1+1");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("\tx"), "'\tx");
        assert_eq!(spreadsheet_safe("-12.50"), "-12.50");
        assert_eq!(spreadsheet_safe("-"), "'-");
        assert_eq!(spreadsheet_safe("-1."), "'-1.");
        assert_eq!(spreadsheet_safe("Acme"), "Acme");
    }

    #[test]
    fn hazards_are_written_as_visible_escapes() {
        assert_eq!(visible("a\u{1b}[2Jb"), "a\\u{1B}[2Jb");
        assert_eq!(visible("x\u{202E}y"), "x\\u{202E}y");
        assert_eq!(visible("tab\tand\nnewline"), "tab\\u{9}and\\u{A}newline");
        assert_eq!(visible("a\u{61C}b\u{2028}c"), "a\\u{61C}b\\u{2028}c");
        assert_eq!(
            visible("zero\u{200B}width\u{FEFF}"),
            "zero\\u{200B}width\\u{FEFF}"
        );
        assert_eq!(visible("del\u{7F} c1\u{9B}"), "del\\u{7F} c1\\u{9B}");
        // Nothing else changes, and an escaped text is escaped no further.
        assert_eq!(
            visible("Nano Banana 2 — 官方 ¥0.45 😀"),
            "Nano Banana 2 — 官方 ¥0.45 😀"
        );
        let once = visible("\u{1b}]8;;x\u{7}").into_owned();
        assert_eq!(visible(&once), once);
        assert_eq!(cell_safe("=\u{7}"), "'=\\u{7}");
    }

    proptest::proptest! {
        /// No hazard survives, whatever the text.
        #[test]
        fn no_hazard_survives(s in "\\PC{0,8}[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{200b}-\\u{200f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}\\u{feff}]{1,4}\\PC{0,8}") {
            proptest::prop_assert!(!visible(&s).chars().any(is_hazard));
        }
    }

    #[test]
    fn suggestions_need_to_be_close() {
        let keys = ["support", "support_path", "billing"];
        assert_eq!(did_you_mean("suport", keys), Some("support"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }

    proptest::proptest! {
        /// `fold` keeps, drops and lower-cases each character as its rule says, looking only
        /// at the neighbours of a point.
        #[test]
        fn fold_is_its_rule_applied_to_each_character(s in "[a-zA-Z0-9 ._/()ÄéßİΣ²（）·,:+\u{200B}\u{308}-]{0,24}") {
            let chars: Vec<char> = s.chars().collect();
            let mut expected = String::new();
            for (i, &c) in chars.iter().enumerate() {
                let between_digits = i > 0
                    && chars[i - 1].is_ascii_digit()
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit);
                if c.is_alphanumeric() {
                    expected.extend(c.to_lowercase());
                } else if c == '.' && between_digits {
                    expected.push('.');
                } else if !(c.is_whitespace() || is_separator(c)) {
                    expected.push(c);
                }
            }
            proptest::prop_assert_eq!(fold(&s), expected);
        }
    }

    #[test]
    fn slugs_stay_inside_the_folder() {
        assert_eq!(slug("Acme Gateway (EU)"), "acme-gateway-eu");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("华云 API"), "华云-api");
        assert_eq!(slug("華雲"), "華雲");
        assert_eq!(slug("Ünïcödé GmbH"), "ünïcödé-gmbh");
        assert_eq!(slug("///"), "u2f-u2f-u2f");
        assert_eq!(slug("🍌 🍌"), "u1f34c-u1f34c");
        assert!(slug(&"a/".repeat(100)).chars().count() <= SLUG_CHARS);
        for hostile in [
            "a\u{202e}b",
            "a\u{200b}b",
            "a\u{1b}[2Jb",
            "..",
            "a\\b",
            "a\0b",
        ] {
            let s = slug(hostile);
            assert!(s.chars().all(|c| c.is_alphanumeric() || c == '-'), "{s:?}");
            assert!(
                !s.is_empty() && s != "." && s != "..",
                "{hostile:?} → {s:?}"
            );
        }
    }

    #[test]
    fn a_name_in_composed_or_decomposed_form_has_one_slug() {
        assert_eq!(slug("Cafe\u{301}"), slug("Caf\u{e9}"));
        assert_ne!(slug("华云"), slug("华为"));
    }
}
