//! The reader's tokenizer: a claim as words for phrase matching, and as tokens with their place
//! in the text for measuring how near one phrase stands to another.

use std::borrow::Cow;
use std::collections::HashSet;

use super::patterns;
use super::phrases::NEUTRAL;

/// A text prepared for phrase matching: its neutral phrases replaced, lower-cased, and as
/// words, with the set of those words: a phrase whose first word is not in it is not looked
/// for (most of the reader's phrases are in no given claim).
pub(super) struct Prepared {
    pub lower: String,
    pub words: String,
    vocabulary: HashSet<String, foldhash::fast::RandomState>,
    /// The characters of `lower` outside ASCII, for phrases in other scripts.
    letters: HashSet<char, foldhash::fast::RandomState>,
}

pub(super) fn prepare(text: &str) -> Prepared {
    let mut text = text.to_owned();
    if text.contains("Flow") {
        text = patterns::get()
            .flow
            .replace_all(&text, "Google Flow")
            .into_owned();
    }
    // A phrase is looked for (and compiled) only in a text that holds one of its words.
    let mut folded = case_folded(&text);
    for (i, phrase) in NEUTRAL.iter().enumerate() {
        if !phrase.within.iter().any(|w| folded.contains(w)) {
            continue;
        }
        if let Cow::Owned(replaced) = patterns::neutral(i).replace_all(&text, phrase.with) {
            text = replaced;
            folded = case_folded(&text);
        }
    }
    let words = words(&text);
    let lower = text.to_lowercase();
    Prepared {
        letters: lower.chars().filter(|c| !c.is_ascii()).collect(),
        lower,
        vocabulary: words
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect(),
        words,
    }
}

/// `text` lower-cased as a case-insensitive expression sees it, where a letter also stands for
/// the one it folds to ("ſ" for "s", the old Cyrillic forms for theirs), so a phrase's words
/// are found wherever its expression would match.
fn case_folded(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ſ' => 's',
            'ᲀ' => 'в',
            'ᲁ' => 'д',
            'ᲂ' => 'о',
            'ᲃ' => 'с',
            'ᲄ' | 'ᲅ' => 'т',
            'ᲆ' => 'ъ',
            'ᲇ' => 'ѣ',
            'ᲈ' => 'ꙋ',
            c => c,
        })
        .collect()
}

/// Lower case, every run of non-alphanumeric characters one space, padded with spaces, so a
/// phrase matches on word boundaries with `contains(" phrase ")`. A decimal point between
/// digits is kept ("2.1" is not "2 1"), and where a script written without spaces starts or
/// ends is a word boundary ("API免费").
pub fn words(s: &str) -> String {
    let lower: Vec<char> = s.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::from(" ");
    for (i, &c) in lower.iter().enumerate() {
        let point = c == '.'
            && i > 0
            && lower[i - 1].is_ascii_digit()
            && lower.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_alphanumeric() || point {
            let prev = out.chars().last().unwrap_or(' ');
            if prev != ' ' && is_cjk(prev) != is_cjk(c) {
                out.push(' ');
            }
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Where a phrase was found in a prepared text: in its words (ASCII phrases, by byte offset of
/// the phrase's first letter) or in its lower-cased text (other scripts, by byte offset).
#[derive(Debug, Clone, Copy)]
pub(super) enum At {
    Words(usize, usize),
    Lower(usize, usize),
}

/// Every place `phrase` stands in `p` as whole words (or, outside ASCII, as a substring).
pub(super) fn find_all(p: &Prepared, phrase: &str) -> Vec<At> {
    if phrase.trim().is_empty() {
        return Vec::new();
    }
    if !phrase.is_ascii() {
        // Its first letter outside ASCII ("API免费" → '免'), which the text must hold.
        let letter = phrase.chars().find(|c| !c.is_ascii()).unwrap_or(' ');
        if !p.letters.contains(&letter) {
            return Vec::new();
        }
        return p
            .lower
            .match_indices(phrase)
            .map(|(i, m)| At::Lower(i, i + m.len()))
            .collect();
    }
    let spelled;
    let phrase = if is_spelled(phrase) {
        phrase
    } else {
        spelled = words(phrase);
        spelled.trim()
    };
    let first = phrase.split(' ').next().unwrap_or(phrase);
    if !p.vocabulary.contains(first) {
        return Vec::new();
    }
    let bytes = p.words.as_bytes();
    p.words
        .match_indices(phrase)
        .filter(|(i, _)| {
            *i > 0 && bytes[i - 1] == b' ' && bytes.get(i + phrase.len()) == Some(&b' ')
        })
        .map(|(i, _)| At::Words(i, i + phrase.len()))
        .collect()
}

/// Whether an ASCII phrase is already in [`words`]' form: lower-case words and digits, one
/// space between them.
fn is_spelled(phrase: &str) -> bool {
    let b = phrase.as_bytes();
    !b.is_empty()
        && b[0] != b' '
        && b[b.len() - 1] != b' '
        && b.windows(2).all(|w| w != b"  ")
        && b.iter()
            .all(|&c| c == b' ' || c.is_ascii_lowercase() || c.is_ascii_digit())
}

pub(super) fn has(p: &Prepared, phrase: &str) -> bool {
    !find_all(p, phrase).is_empty()
}

pub(super) fn has_any(p: &Prepared, phrases: &[&str]) -> bool {
    phrases.iter().any(|ph| has(p, ph))
}

/// One token of a text: a word (a run of letters and digits, a decimal point between digits
/// kept), or one character of a script written without spaces; lower-cased,
/// with where it stands in the text.
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub start: usize,
    pub end: usize,
    pub lower: String,
}

/// Chinese, Japanese and Korean characters: each is a token of its own.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}')
}

/// A text's tokens, in order.
pub(super) fn tokens(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut open = false;
    let mut chars = text.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, c)| *c);
        let point = c == '.'
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit());
        if is_cjk(c) {
            out.push(Token {
                start: i,
                end: i + c.len_utf8(),
                lower: c.to_string(),
            });
            open = false;
        } else if c.is_alphanumeric() || point {
            let same_script = prev.is_some_and(|p| !is_cjk(p));
            match out.last_mut() {
                Some(t) if open && same_script => {
                    t.end = i + c.len_utf8();
                    t.lower.extend(c.to_lowercase());
                }
                _ => out.push(Token {
                    start: i,
                    end: i + c.len_utf8(),
                    lower: c.to_lowercase().collect(),
                }),
            }
            open = true;
        } else {
            open = false;
        }
        prev = Some(c);
    }
    out
}

/// Where a phrase's tokens stand in `tokens`, as token ranges. A phrase in a script with
/// spaces outside ASCII ("официальн") matches the start of its last word.
pub(super) fn find_tokens(tokens: &[Token], phrase: &str) -> Vec<(usize, usize)> {
    let want: Vec<String> = self::tokens(phrase).into_iter().map(|t| t.lower).collect();
    let Some(last) = want.last() else {
        return Vec::new();
    };
    let stem = !last.is_ascii() && !last.chars().any(is_cjk);
    let n = want.len();
    (0..tokens.len().saturating_sub(n - 1))
        .filter(|&i| {
            want.iter().enumerate().all(|(k, w)| {
                let t = &tokens[i + k].lower;
                if k == n - 1 && stem {
                    t.starts_with(w.as_str())
                } else {
                    t == w
                }
            })
        })
        .map(|i| (i, i + n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A phrase is skipped only when the claim lacks its first word, or in other scripts its
    /// first letter outside ASCII: phrases that start in ASCII and go on in another script
    /// ("grátis", "geminiアプリ") are still found.
    #[test]
    fn phrases_are_found_whatever_script_they_start_in() {
        let p = prepare("Nano Banana grátis na Geminiアプリ, API免费");
        for phrase in ["grátis", "geminiアプリ", "api免费", "nano banana", "banana"] {
            assert!(has(&p, phrase), "{phrase}");
        }
        for near_miss in ["gratis", "gemini 앱", "banana 2", "免费额度"] {
            assert!(!has(&p, near_miss), "{near_miss}");
        }
    }

    /// A neutral phrase is replaced wherever its expression matches, however its words are
    /// cased or spelt with letters that fold to theirs; and not where it is not.
    #[test]
    fn neutral_phrases_are_replaced_in_any_case() {
        for (claim, read) in [
            ("WATERMARK-FREE images", "images"),
            ("the ſame Gemini 3 Pro Image model", "same model"),
            ("ᲄу же самая модель Gemini", "same model"),
            ("Неофициальный доступ", "not official"),
        ] {
            let p = prepare(claim);
            assert!(p.words.contains(read), "{claim}: {}", p.words);
            assert!(!p.words.contains("free"), "{claim}: {}", p.words);
        }
        // A near miss: "free" that is a price stays.
        assert!(prepare("Free images").words.contains("free"));
    }

    proptest::proptest! {
        /// Wherever a neutral phrase's expression matches, the text holds one of its words.
        #[test]
        fn a_neutral_phrase_is_looked_for_wherever_it_matches(
            pieces in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(NEUTRAL.iter().flat_map(|n| n.within.iter().map(|w| w.to_string())).collect::<Vec<_>>()),
                proptest::sample::select(vec![
                    "WATERMARK-FREE", "ſame Nano Banana model", "ᲄу же", "ФИЦИАЛЬН", "credit-CARDS",
                    "Rate limits: none", "officially named", "AI Studio", "site officiel", "Ai ſtudio",
                    "ЛИМИТ запросов: нет", "非官方", "Feel Free", "MISMO MODELO", "même modèle",
                ].into_iter().map(String::from).collect::<Vec<_>>()),
                proptest::string::string_regex("[a-zA-Zſᲄᲃ: -]{0,8}").unwrap(),
            ], 0..6)
        ) {
            let text = pieces.concat();
            let folded = case_folded(&text);
            for (i, phrase) in NEUTRAL.iter().enumerate() {
                if patterns::neutral(i).is_match(&text) {
                    proptest::prop_assert!(
                        phrase.within.iter().any(|w| folded.contains(w)),
                        "{text:?} matches {} without its words", phrase.pattern
                    );
                }
            }
        }
    }
}
