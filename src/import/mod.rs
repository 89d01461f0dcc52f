//! Quote files written from other sources: a public price map ([`litellm`]) or a reviewer's
//! spreadsheet ([`sheet`]). Either is read into [`Draft`]s, and each draft is written as an
//! ordinary quote file, so `audit`, `diff`, `history` and `budget` read it like one typed by
//! hand.
//!
//! A written file carries a digest of its own lines. Importing again replaces a file whose
//! lines still match it, and leaves one edited by hand (or not written by an import) unless
//! `--force` is given; every file is checked before any is written, so a refused import writes
//! nothing.

pub mod litellm;
pub mod sheet;

use std::fmt::Write as _;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

/// One quote file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub vendor: String,
    pub received: Date,
    pub source: Option<String>,
    /// ISO 4217, when not USD.
    pub currency: Option<String>,
    pub price_map: Option<MapOrigin>,
    /// Comment lines at the top: where the file comes from.
    pub header: Vec<String>,
    pub offers: Vec<DraftOffer>,
}

/// The map a draft's offers were read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapOrigin {
    pub name: String,
    pub provider: String,
    /// The provider is Google itself.
    pub official: bool,
}

/// One offer of a draft, every value as the quote file spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftOffer {
    /// A comment line above the offer: where it was read from.
    pub origin: String,
    pub id: Option<String>,
    pub route: String,
    pub size: String,
    pub lane: Option<String>,
    /// A plain decimal (never an exponent: the quote reader refuses one).
    pub price: String,
    pub unit: Option<String>,
    pub note: Option<String>,
}

/// The digest line's start; the digest covers every line after it.
const DIGEST: &str = "# quote-audit import digest: ";

/// Whether YAML lets `c` stand in a file as itself: not a control character (a line break
/// would end a comment), nor U+FEFF, U+FFFE or U+FFFF, which YAML does not count as printable.
fn printable(c: char) -> bool {
    !c.is_control() && !matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// A YAML double-quoted scalar: any text, what is not printable escaped.
pub fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if !printable(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for a comment line: what is not printable shown as its escape.
pub(crate) fn comment(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if printable(c) {
            out.push(c);
        } else {
            let _ = write!(out, "\\u{:04X}", c as u32);
        }
    }
    out
}

/// FNV-1a (64 bits) of `body`, as 16 hex digits: enough to tell an edited file from the one
/// written, which is all it is for.
fn digest(body: &str) -> String {
    let mut h = fnv::FnvHasher::default();
    h.write(body.as_bytes());
    format!("{:016x}", h.finish())
}

/// Where a rendered value was written: its line (1-based), the offer (`None`: the quote's
/// own keys) and the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub line: usize,
    pub offer: Option<usize>,
    pub key: &'static str,
}

impl Draft {
    /// The quote file's text: the schema line, the digest line, then the quote.
    pub fn render(&self) -> String {
        self.render_traced().0
    }

    /// [`Draft::render`], with the line of every value written.
    pub fn render_traced(&self) -> (String, Vec<Written>) {
        // The schema and digest lines come before the body.
        const BEFORE: usize = 2;
        let mut written = Vec::new();
        let mut body = String::new();
        let mut note = |body: &String, offer, key| {
            written.push(Written {
                line: BEFORE + body.matches('\n').count() + 1,
                offer,
                key,
            });
        };
        for line in &self.header {
            let _ = writeln!(body, "# {}", comment(line));
        }
        note(&body, None, "vendor");
        let _ = writeln!(body, "vendor: {}", quoted(&self.vendor));
        note(&body, None, "received");
        let _ = writeln!(body, "received: {}", self.received);
        if let Some(source) = &self.source {
            note(&body, None, "source");
            let _ = writeln!(body, "source: {}", quoted(source));
        }
        if let Some(currency) = &self.currency {
            note(&body, None, "currency");
            let _ = writeln!(body, "currency: {}", quoted(currency));
        }
        if let Some(map) = &self.price_map {
            let _ = writeln!(body, "price_map:");
            let _ = writeln!(body, "  name: {}", quoted(&map.name));
            let _ = writeln!(body, "  provider: {}", quoted(&map.provider));
            let _ = writeln!(body, "  official: {}", map.official);
        }
        let _ = writeln!(body, "offers:");
        for (i, o) in self.offers.iter().enumerate() {
            let _ = writeln!(body, "  # {}", comment(&o.origin));
            let mut first = true;
            let mut field = |key: &'static str, value: &str| {
                let lead = if first { "  - " } else { "    " };
                first = false;
                note(&body, Some(i), key);
                let _ = writeln!(body, "{lead}{key}: {value}");
            };
            if let Some(id) = &o.id {
                field("id", &quoted(id));
            }
            field("route", &quoted(&o.route));
            field("size", &quoted(&o.size));
            if let Some(lane) = &o.lane {
                field("lane", &quoted(lane));
            }
            field("price", &o.price);
            if let Some(unit) = &o.unit {
                field("unit", &quoted(unit));
            }
            if let Some(note) = &o.note {
                field("note", &quoted(note));
            }
        }
        let text = format!(
            "# yaml-language-server: $schema=../{}\n{DIGEST}{} (edit below this line and the file is yours: importing again leaves it unless --force)\n{body}",
            crate::load::quote::SCHEMA_FILE,
            digest(&body)
        );
        (text, written)
    }

    /// Where the draft is written in `dir`: `<vendor's slug>/<received>.yaml`.
    pub fn path_in(&self, dir: &Path) -> PathBuf {
        dir.join(crate::text::slug(&self.vendor))
            .join(format!("{}.yaml", self.received))
    }
}

/// Whether a file's text is one an import wrote and nobody edited since.
pub fn untouched(text: &str) -> bool {
    let text = text.replace("\r\n", "\n");
    let mut lines = text.splitn(3, '\n');
    let (Some(_schema), Some(digest_line), Some(body)) = (lines.next(), lines.next(), lines.next())
    else {
        return false;
    };
    digest_line
        .strip_prefix(DIGEST)
        .and_then(|rest| rest.split(' ').next())
        .is_some_and(|d| d == digest(body))
}

/// What becomes of one draft's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    New,
    /// Written by an earlier import and not edited: replaced.
    Replace,
    /// The same bytes are there already.
    Unchanged,
    /// Edited by hand, or not written by an import: replaced only under `--force`.
    Edited,
}

/// The plan for writing `text` at `path`.
pub fn plan(path: &Path, text: &str) -> std::io::Result<Plan> {
    match std::fs::read(path) {
        Ok(have) if have == text.as_bytes() => Ok(Plan::Unchanged),
        Ok(have) if untouched(&String::from_utf8_lossy(&have)) => Ok(Plan::Replace),
        Ok(_) => Ok(Plan::Edited),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Plan::New),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;

    fn draft(vendor: &str, origin: &str) -> Draft {
        Draft {
            vendor: vendor.into(),
            received: Date::constant(2026, 5, 2),
            source: Some("a \"page\"\nwith two lines".into()),
            currency: None,
            price_map: None,
            header: vec![format!("from {origin}")],
            offers: vec![DraftOffer {
                origin: origin.into(),
                id: Some("k: f".into()),
                route: "Nano Banana 2".into(),
                size: "2K".into(),
                lane: None,
                price: "0.08".into(),
                unit: None,
                note: Some("#not a comment: {x}".into()),
            }],
        }
    }

    #[test]
    fn hostile_text_is_written_as_data_and_read_back_as_written() {
        let vendor = "Evil\"\\ \u{1b}[2J\nvendor: Other\u{ffff}\u{feff}";
        let d = draft(vendor, "row 2\nvendor: injected\u{fffe}");
        let text = d.render();
        let src = Source {
            name: "q.yaml".into(),
            text: text.clone(),
        };
        let quote = crate::load::quote::parse(&src).unwrap_or_else(|e| panic!("{}\n{text}", e[0]));
        assert_eq!(quote.vendor.value, vendor);
        assert_eq!(quote.source.unwrap().value, "a \"page\"\nwith two lines");
        assert_eq!(
            quote.offers[0].note.as_ref().unwrap().value,
            "#not a comment: {x}"
        );
        assert_eq!(text.matches("\nvendor:").count(), 1, "{text}");
    }

    #[test]
    fn a_file_is_untouched_until_a_line_below_the_digest_changes() {
        let text = draft("Acme", "row 2").render();
        assert!(untouched(&text));
        assert!(
            untouched(&text.replace('\n', "\r\n")),
            "a checkout's line endings"
        );
        assert!(!untouched(&text.replace("0.08", "0.09")));
        assert!(!untouched(
            &text.replace("# quote-audit import digest: ", "# ")
        ));
        assert!(!untouched("vendor: Acme\nreceived: 2026-05-02\n"));
        assert_eq!(
            text,
            draft("Acme", "row 2").render(),
            "the same draft, the same bytes"
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::diag::Source;
    use proptest::prelude::*;

    /// Cells and keys drawn from what breaks readers: separators, quotes, line ends, YAML
    /// indicators, non-characters and other scripts.
    fn hostile() -> impl Strategy<Value = String> {
        proptest::string::string_regex(
            "[a-z0-9 ,\"\\r\\n:#{}\\[\\]&*!|>'%@`\\\\\u{85}\u{feff}\u{ffff}é华-]{0,12}",
        )
        .unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any sheet is read into quotes that read back, or refused with problems: never a
        /// panic, never a file the quote reader would refuse.
        #[test]
        fn any_sheet_gives_readable_quotes_or_problems(
            cells in proptest::collection::vec(hostile(), 0..24),
        ) {
            let mut text = String::from("vendor,received,route,size,price,note\n");
            for row in cells.chunks(6) {
                let quoted: Vec<String> = row
                    .iter()
                    .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                    .collect();
                text.push_str(&quoted.join(","));
                text.push('\n');
            }
            let src = Source { name: "s.csv".into(), text };
            match sheet::read(&src) {
                Ok(drafts) => {
                    for d in drafts {
                        let rendered = Source { name: "q.yaml".into(), text: d.render() };
                        prop_assert!(crate::load::quote::parse(&rendered).is_ok(), "{}", rendered.text);
                    }
                }
                Err(problems) => prop_assert!(!problems.is_empty()),
            }
        }

        /// Any map entry is read into quotes that read back, or refused at a place.
        #[test]
        fn any_map_entry_gives_readable_quotes_or_a_problem(
            key in hostile(),
            note in hostile(),
            figure in "-?[0-9]{1,30}(\\.[0-9]{1,30})?(e-?[0-9]{1,3})?",
        ) {
            let json = |s: &str| serde_json::to_string(s).unwrap();
            let text = format!(
                "{{\"gemini/gemini-3-pro-image\": {{\"output_cost_per_image_1K\": {figure}, \"source\": {}}}, {}: {{\"output_cost_per_image\": 0.1}}}}",
                json(&note),
                json(&format!("gemini/{key}"))
            );
            let src = Source { name: "m.json".into(), text };
            let baseline = crate::load::baseline::Baseline::embedded();
            if let Ok(found) = litellm::read(&src, "m", Date::constant(2026, 5, 2), &baseline) {
                for d in found.drafts {
                    let rendered = Source { name: "q.yaml".into(), text: d.render() };
                    prop_assert!(crate::load::quote::parse(&rendered).is_ok(), "{}", rendered.text);
                }
            }
        }
    }
}
