//! The diagnostics collector: reads the text of each value of an input file (a quote, the
//! baseline, a policy, exchange rates, a workload) into a typed value, and collects a
//! [`Diagnostic`] for every value that cannot be read, so one run lists every problem of a file.
//!
//! It knows value syntax (text, dates, decimals, counts, words from a list); it does not know
//! which keys a file has or what its values mean.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diag::{Diagnostic, Source};
use crate::model::{At, Sp};
use crate::money::parse_plain_decimal;
use crate::text::did_you_mean;

/// A value as a reader hands it over, with where it was written. Either YAML reader makes
/// one: serde-saphyr's, through [`Deserialize`], or the quote reader that works on the
/// parser's events.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    /// Where the value is used: for a YAML alias, the alias.
    pub referenced: Place,
    /// Where the value itself is written: for a YAML alias, the anchored value.
    pub defined: Place,
}

/// A place in a file: 1-based line and column of its start, and its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub col: usize,
    pub bytes: (usize, usize),
}

impl Place {
    fn of(l: &serde_saphyr::Location) -> Place {
        let span = l.span();
        let start = span.byte_offset().unwrap_or(0) as usize;
        let len = span.byte_len().unwrap_or(0) as usize;
        Place {
            line: l.line() as usize,
            col: l.column() as usize,
            bytes: (start, start.saturating_add(len)),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(Spanned {
            value: s.value,
            referenced: Place::of(&s.referenced),
            defined: Place::of(&s.defined),
        })
    }
}

// Written as its value: the schema's defaults (`"default": null`) come from this.
impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// A value's text as a reader hands it over, with where it was written.
pub type Text = Spanned<String>;

/// Where a spanned value was written.
pub fn at<T>(s: &Spanned<T>) -> At {
    At {
        line: s.referenced.line,
        col: s.referenced.col,
    }
}

/// At most this many problems are listed per file; the rest are counted.
const MAX_DIAGNOSTICS: usize = 100;

/// Collects every problem of one file while its values are read.
pub struct Validator<'a> {
    src: &'a Source,
    /// A sample line for a key, shown when its value is missing or empty.
    examples: fn(&str) -> Option<&'static str>,
    diags: Vec<Diagnostic>,
    /// The file's lines, split at the first problem, for the source line of each.
    lines: Vec<&'a str>,
    /// Problems past [`MAX_DIAGNOSTICS`].
    more: usize,
}

impl<'a> Validator<'a> {
    pub fn new(src: &'a Source, examples: fn(&str) -> Option<&'static str>) -> Self {
        Validator {
            src,
            examples,
            diags: Vec::new(),
            lines: Vec::new(),
            more: 0,
        }
    }

    /// The file being read.
    pub fn source(&self) -> &'a Source {
        self.src
    }

    /// The source text of a value at `place`, as written (a number's digits, never a float's).
    pub fn source_text(&self, place: &Place) -> &'a str {
        let (start, end) = place.bytes;
        self.src.text.get(start..end).unwrap_or_default()
    }

    /// A problem at `at`, with what to write instead.
    pub fn error(&mut self, at: At, message: String, help: impl Into<String>) {
        if self.diags.len() >= MAX_DIAGNOSTICS {
            self.more += 1;
            return;
        }
        if self.lines.is_empty() {
            self.lines = self.src.text.lines().collect();
        }
        self.diags.push(Diagnostic {
            file: self.src.name.clone(),
            line: at.line.max(1),
            col: at.col.max(1),
            message,
            help: Some(help.into()),
            source_line: self
                .lines
                .get(at.line.saturating_sub(1))
                .map(|l| (*l).to_owned()),
        });
    }

    /// A problem with the file as a whole.
    pub fn whole(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// The problems found, with a count of those not listed; `Ok` when there are none.
    pub fn finish<T>(mut self, value: T) -> Result<T, Vec<Diagnostic>> {
        // In the order of the file, whatever order the values were read in.
        self.diags.sort_by_key(|d| (d.line, d.col));
        if self.more > 0 {
            let more = format!("… and {} more problems in this file", self.more);
            self.diags.push(
                Diagnostic::whole(&self.src.name, more).help("fix the ones listed and run again"),
            );
        }
        if self.diags.is_empty() {
            Ok(value)
        } else {
            Err(self.diags)
        }
    }

    /// Text as written; `required` text may not be blank. Blank optional text counts as absent.
    pub fn text(&mut self, key: &str, t: Text, required: bool) -> Option<Sp<String>> {
        let a = at(&t);
        if t.value.trim().is_empty() {
            if required {
                let example = (self.examples)(key).unwrap_or("...");
                self.error(
                    a,
                    format!("`{key}` is empty"),
                    format!("write the {key}, e.g. `{example}`"),
                );
            }
            return None;
        }
        Some(Sp {
            value: t.value,
            at: a,
        })
    }

    pub fn opt_text(&mut self, key: &str, t: Option<Text>) -> Option<Sp<String>> {
        t.and_then(|t| self.text(key, t, false))
    }

    pub fn date(&mut self, key: &str, t: Text) -> Option<Sp<Date>> {
        let a = at(&t);
        match parse_date(&t.value) {
            Ok(d) => Some(Sp { value: d, at: a }),
            Err(why) => {
                self.error(
                    a,
                    format!("`{key}` \"{}\" {why}", t.value.trim()),
                    "write a real date as YYYY-MM-DD, like 2026-05-02",
                );
                None
            }
        }
    }

    pub fn decimal(&mut self, key: &str, t: Text) -> Option<Sp<Decimal>> {
        let a = at(&t);
        match parse_plain_decimal(&t.value) {
            Ok(d) => Some(Sp { value: d, at: a }),
            Err(e) => {
                let (msg, help) = e.explain(&format!("`{key}`"), t.value.trim());
                self.error(a, msg, help);
                None
            }
        }
    }

    pub fn count(&mut self, key: &str, t: Text) -> Option<Sp<u64>> {
        let a = at(&t);
        let digits = t.value.trim();
        match digits.parse::<u64>() {
            Ok(n) if n > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => {
                Some(Sp { value: n, at: a })
            }
            _ => {
                self.error(
                    a,
                    format!(
                        "`{key}` \"{}\" is not a whole number above zero",
                        t.value.trim()
                    ),
                    "write a whole number above zero".to_owned(),
                );
                None
            }
        }
    }

    /// One of `words`, read by `parse`.
    pub fn word<T>(
        &mut self,
        key: &str,
        t: Text,
        words: &[&'static str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<Sp<T>> {
        let a = at(&t);
        match parse(&t.value) {
            Some(v) => Some(Sp { value: v, at: a }),
            None => {
                let help = match did_you_mean(t.value.trim(), words.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? (one of: {})", words.join(", ")),
                    None => format!("write one of: {}", words.join(", ")),
                };
                self.error(
                    a,
                    format!("`{key}` \"{}\" is not a known value", t.value.trim()),
                    help,
                );
                None
            }
        }
    }

    /// `true` or `false`.
    pub fn flag(&mut self, key: &str, t: Text) -> Option<Sp<bool>> {
        self.word(key, t, &["true", "false"], parse_bool)
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim() {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// `YYYY-MM-DD`, and a day that exists; the error says which part is wrong.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let t = text.trim();
    let b = t.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err("is not a date in the form YYYY-MM-DD".into());
    }
    let num = |r: std::ops::Range<usize>| t[r].parse::<i16>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    if y < 1900 {
        return Err(format!("is not a plausible date (year {y})"));
    }
    if !(1..=12).contains(&m) {
        return Err(format!("has no month {m}"));
    }
    Date::new(y, m as i8, d as i8).map_err(|_| {
        let days = Date::new(y, m as i8, 1).map_or(31, |first| first.days_in_month());
        format!("is not a real date (that month has {days} days)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert!(parse_date("2026-05-02").is_ok());
        assert!(parse_date("2028-02-29").is_ok());
        assert_eq!(
            parse_date("2026-02-30").unwrap_err(),
            "is not a real date (that month has 28 days)"
        );
        assert_eq!(parse_date("2026-13-01").unwrap_err(), "has no month 13");
        assert!(parse_date("02/05/2026").is_err());
        assert!(parse_date("2026-5-2").is_err());
    }
}
