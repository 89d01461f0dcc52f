//! YAML → typed structs through serde-saphyr, with the parser's errors rewritten into
//! diagnostics a reviewer can act on.
//!
//! serde-saphyr is used because it keeps source spans, rejects duplicate keys, and enforces
//! budgets (nesting depth, aliases, node counts) while parsing, so a hostile document is
//! refused in milliseconds instead of being expanded.

use serde::de::DeserializeOwned;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Error as YamlError, Location};

use crate::diag::Diagnostic;
use crate::load::Source;
use crate::text::did_you_mean;

/// Deepest nesting accepted. A quote is four levels deep (file → offers → offer → value).
pub const MAX_DEPTH: usize = 24;
/// Most aliases (and anchors) accepted in one file.
pub const MAX_ALIASES: usize = 1_000;

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ALIASES,
            max_documents: 1,
            max_nodes: 2_000_000,
            max_events: 4_000_000,
        },
        strict_booleans: true,
    }
}

/// Parses `src` into `T`; `example_for` gives a sample line for a missing required key.
pub fn parse<T: DeserializeOwned>(
    src: &Source,
    example_for: fn(&str) -> Option<&'static str>,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options(&src.text, options())
        .map_err(|e| translate(src, &e, example_for))
}

fn translate(
    src: &Source,
    err: &YamlError,
    example_for: fn(&str) -> Option<&'static str>,
) -> Diagnostic {
    let (line, col) = err
        .location()
        .filter(|l| *l != Location::UNKNOWN)
        .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
    let here = |message: String| Diagnostic::at(&src.name, &src.text, line, col, message);
    let key = key_at(&src.text, line, col);
    let key_name = key.as_deref().unwrap_or("this value");
    match err.without_snippet() {
        YamlError::SerdeUnknownField { field, expected, .. } => {
            let help = match did_you_mean(field, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? (keys allowed here: {})", expected.join(", ")),
                None => format!("keys allowed here: {}", expected.join(", ")),
            };
            here(format!("unknown key `{field}`")).help(help)
        }
        YamlError::SerdeMissingField { field, .. } => {
            let d = if line == 1 && col == 1 && src.text.trim().is_empty() {
                Diagnostic::whole(&src.name, "file is empty")
            } else {
                here(format!("missing required key `{field}`"))
            };
            d.help(match example_for(field) {
                Some(example) => format!("add it, for example `{example}`"),
                None => format!("add `{field}:` with a value"),
            })
        }
        YamlError::DuplicateMappingKey { key: dup, .. } => {
            let dup = dup.as_deref().or(key.as_deref()).unwrap_or("this key");
            here(format!("key `{dup}` appears twice in the same mapping"))
                .help("keep one: a second value would silently replace the first")
        }
        YamlError::NullIntoString { .. } => here(format!("`{key_name}` has no value")).help(
            "write a value (quote text that looks like null: \"~\"), or remove the line if the key is optional",
        ),
        YamlError::Budget { breach, .. } => budget_diagnostic(src, line, col, breach),
        YamlError::SerdeInvalidType { .. } | YamlError::Unexpected { .. } | YamlError::Message { .. }
            if found_shape(&src.text, line, col).is_some() || expected_shape(key_name).is_some() =>
        {
            shape_diagnostic(here, key_name, &src.text, line, col, err)
        }
        other => here(strip_location(&other.to_string())).help(
            "check the YAML syntax here: indentation, `key: value` pairs, and matching quotes",
        ),
    }
}

fn budget_diagnostic(src: &Source, line: usize, col: usize, breach: &BudgetBreach) -> Diagnostic {
    let d = |m: String| Diagnostic::at(&src.name, &src.text, line, col, m);
    match breach {
        BudgetBreach::Depth { .. } => d(format!("nested deeper than {MAX_DEPTH} levels"))
            .help("a quote is at most four levels deep (file, offers, offer, value); this is not a quote file"),
        BudgetBreach::Aliases { .. } | BudgetBreach::Anchors { .. } => {
            d(format!("more than {MAX_ALIASES} YAML aliases or anchors"))
                .help("write values out in full instead of repeating them with &anchors and *aliases")
        }
        BudgetBreach::Documents { .. } => d("more than one YAML document (`---`) in one file".into())
            .help("put each quote in a file of its own"),
        other => d(format!("document is too large to read safely ({other:?})"))
            .help("a quote file has a few hundred lines; split larger inputs into one file per quote"),
    }
}

/// A value of the wrong shape: a list where a single value belongs, or the reverse.
fn shape_diagnostic(
    here: impl Fn(String) -> Diagnostic,
    key: &str,
    text: &str,
    line: usize,
    col: usize,
    err: &YamlError,
) -> Diagnostic {
    match (found_shape(text, line, col), expected_shape(key)) {
        (Some(found), None) => {
            here(format!("`{key}` must be a single value, not a {found}")).help(format!(
                "write one value, like `{key}: ...`; put lists only under `offers` and `claims`"
            ))
        }
        (found, Some(expected)) if found != Some(expected) => here(format!(
            "`{key}` must be a {expected}, not {}",
            found.map_or("a single value".to_owned(), |f| format!("a {f}"))
        ))
        .help(match expected {
            "list" => format!("write one `- ` item per line under `{key}:`"),
            _ => format!("write indented `key: value` lines under `{key}:`"),
        }),
        _ => here(strip_location(&err.without_snippet().to_string()))
            .help("see README.md for the shape of a quote file"),
    }
}

/// The collection shape a key of the quote or baseline format expects, if any.
fn expected_shape(key: &str) -> Option<&'static str> {
    match key {
        "offers" | "claims" | "routes" | "rows" | "aliases" | "generic_aliases" => Some("list"),
        "credits" | "terms" => Some("mapping"),
        _ => None,
    }
}

/// What the text at a location starts: a list, a mapping, or (None) a scalar.
fn found_shape(text: &str, line: usize, col: usize) -> Option<&'static str> {
    let src_line = text.lines().nth(line.checked_sub(1)?)?;
    let rest: String = src_line.chars().skip(col.saturating_sub(1)).collect();
    let rest = rest.trim_start();
    if rest.starts_with('[') || rest.starts_with("- ") || rest == "-" {
        Some("list")
    } else if rest.starts_with('{') {
        Some("mapping")
    } else if rest.is_empty() || rest.starts_with('#') {
        // The value starts on the next line: a block collection.
        let next = text.lines().nth(line)?.trim_start();
        if next.starts_with("- ") || next == "-" {
            Some("list")
        } else if next.contains(':') {
            Some("mapping")
        } else {
            None
        }
    } else {
        None
    }
}

/// The mapping key that owns the value at a location, read from the source line.
fn key_at(text: &str, line: usize, col: usize) -> Option<String> {
    let src_line = text.lines().nth(line.checked_sub(1)?)?;
    let before: String = src_line.chars().take(col.saturating_sub(1)).collect();
    let candidate = match before.rfind(':') {
        Some(i) => before[..i].to_owned(),
        None => src_line.split(':').next()?.to_owned(),
    };
    let key = candidate
        .trim()
        .trim_start_matches("- ")
        .trim()
        .trim_matches(['"', '\'']);
    (!key.is_empty() && key.len() <= 64 && !key.contains(char::is_whitespace))
        .then(|| key.to_owned())
}

/// serde-saphyr appends " at line L, column C" to messages; the diagnostic says it already.
fn strip_location(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(", column ") => msg[..i].to_owned(),
        _ => msg.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_read_from_the_source_line() {
        let text = "vendor:\n  - route: [x]\n";
        assert_eq!(key_at(text, 1, 7).as_deref(), Some("vendor"));
        assert_eq!(key_at(text, 2, 12).as_deref(), Some("route"));
    }

    #[test]
    fn shape_of_value_is_detected() {
        assert_eq!(found_shape("a: [1]\n", 1, 4), Some("list"));
        assert_eq!(found_shape("a: {b: 1}\n", 1, 4), Some("mapping"));
        assert_eq!(found_shape("a:\n  - 1\n", 1, 3), Some("list"));
        assert_eq!(found_shape("a: 1\n", 1, 4), None);
    }
}
