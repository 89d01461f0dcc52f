//! YAML → typed structs through serde-saphyr, with the parser's errors rewritten into
//! diagnostics a reviewer can act on. Generic over file formats: each format describes itself
//! with a [`Format`] (its keys' shapes, sample lines and help), and nothing here knows one.
//!
//! serde-saphyr is used because it keeps source spans, rejects duplicate keys, and enforces
//! budgets (nesting depth, aliases, node counts) while parsing, so a hostile document is
//! refused in milliseconds instead of being expanded.

use serde::de::DeserializeOwned;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Error as YamlError, ExternalMessageSource, Location};

use super::syntax;

use crate::diag::{Diagnostic, Source};
use crate::text::did_you_mean;

/// Deepest nesting accepted. A quote is four levels deep (file → offers → offer → value).
pub const MAX_DEPTH: usize = 24;
/// Most aliases (and anchors) accepted in one file.
pub const MAX_ALIASES: usize = 1_000;
/// Most values (keys, scalars, lists and mappings) accepted in one file: 70,000 offers of three
/// keys, or 50,000 with a lane too, a hundred times the largest real quote. It bounds what
/// reading one file costs in memory, and a file past it is refused where the bound is crossed,
/// without reading the rest.
pub const MAX_NODES: usize = 500_000;

/// What the reader says about one kind of file when it cannot read one.
pub struct Format {
    /// What a file of this kind is called: "quote file".
    pub name: &'static str,
    /// What one file holds, for "one per file" advice: "quote".
    pub one: &'static str,
    /// What the whole file looks like, shown when it is not a mapping of keys.
    pub layout: &'static str,
    /// How deep a file of this kind nests, shown when one nests far deeper.
    pub depth: &'static str,
    /// A sample line for a key, shown when it is missing or empty.
    pub example_for: fn(&str) -> Option<&'static str>,
    /// Keys whose value is a list, with the shape of their items (`None`: single values).
    pub lists: &'static [(&'static str, Option<&'static str>)],
    /// Keys whose value is a mapping.
    pub mappings: &'static [&'static str],
}

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ALIASES,
            max_documents: 1,
            max_nodes: MAX_NODES,
            max_events: 2 * MAX_NODES,
        },
        strict_booleans: true,
        // A tag never changes a value: `!!binary` text stays text, and unknown tags are refused.
        ignore_binary_tag_for_string: true,
        reject_unsupported_tags: true,
    }
}

/// Parses `src`, a file of `format`, into `T`.
pub fn parse<T: DeserializeOwned>(src: &Source, format: &Format) -> Result<T, Diagnostic> {
    if let Some((line, col)) = repeated_merge_key(&src.text) {
        return Err(Diagnostic::at(
            &src.name,
            &src.text,
            line,
            col,
            "key `<<` appears twice in the same mapping",
        )
        .help("merge both into one `<<: [*a, *b]`, or write the values out: a second merge would silently lose its values"));
    }
    serde_saphyr::from_str_with_options(&src.text, options())
        .map_err(|e| translate(src, &e, format))
}

/// Where a mapping repeats the merge key `<<`, which the parser accepts and which would drop
/// the second merge's values: the line and column of the second. Only a file that has `<<` is
/// read for it, once, event by event.
fn repeated_merge_key(text: &str) -> Option<(usize, usize)> {
    use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};
    if !text.contains("<<") {
        return None;
    }
    // Each open collection: for a mapping, whether its next node is a key and whether it has
    // had a merge key.
    enum Frame {
        Mapping { key_next: bool, merged: bool },
        Sequence,
    }
    let mut stack: Vec<Frame> = Vec::new();
    // A node has been read in the collection on top: a mapping's key is followed by its value.
    fn node_done(stack: &mut [Frame]) {
        if let Some(Frame::Mapping { key_next, .. }) = stack.last_mut() {
            *key_next = !*key_next;
        }
    }
    for event in Parser::new_from_str(text) {
        // A syntax error is the parser's to report, with its own message.
        let (event, span) = event.ok()?;
        match event {
            Event::MappingStart(..) => stack.push(Frame::Mapping {
                key_next: true,
                merged: false,
            }),
            Event::SequenceStart(..) => stack.push(Frame::Sequence),
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                node_done(&mut stack);
            }
            Event::Scalar(value, style, ..) => {
                if let Some(Frame::Mapping {
                    key_next: true,
                    merged,
                }) = stack.last_mut()
                    && value == "<<"
                    && style == ScalarStyle::Plain
                {
                    if *merged {
                        return Some((span.start.line(), span.start.col() + 1));
                    }
                    *merged = true;
                }
                node_done(&mut stack);
            }
            Event::Alias(_) => node_done(&mut stack),
            _ => {}
        }
    }
    None
}

fn translate(src: &Source, err: &YamlError, format: &Format) -> Diagnostic {
    let (line, col) = err
        .location()
        .filter(|l| *l != Location::UNKNOWN)
        .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
    let here = |message: String| Diagnostic::at(&src.name, &src.text, line, col, message);
    let owner = owner_at(&src.text, line, col);
    let key_name = owner.as_ref().map_or("this value", |o| o.key.as_str());
    if let YamlError::AliasError { error, .. } = err.without_snippet() {
        let inner = value_problem(error.without_snippet(), key_name);
        let inner = inner.split(" (defined at").next().unwrap_or(&inner);
        return here(format!("{inner}, through a YAML alias")).help(
            "the *alias here repeats a value of another shape; write the value out in full instead",
        );
    }
    match err.without_snippet() {
        YamlError::SerdeUnknownField { field, expected, .. } => {
            let help = match did_you_mean(field, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? (keys allowed here: {})", expected.join(", ")),
                None => format!("keys allowed here: {}", expected.join(", ")),
            };
            here(format!("unknown key `{field}`")).help(help)
        }
        YamlError::SerdeMissingField { field, .. } => here(format!("missing required key `{field}`"))
            .help(match (format.example_for)(field) {
                Some(example) => format!("add it, for example `{example}`"),
                None => format!("add `{field}:` with a value"),
            }),
        YamlError::DuplicateMappingKey { key, .. } => {
            let dup = key.as_deref().unwrap_or(key_name);
            here(format!("key `{dup}` appears twice in the same mapping"))
                .help("keep one: a second value would silently replace the first")
        }
        YamlError::NullIntoString { .. } => here(format!("`{key_name}` has no value")).help(
            "write a value (quote text that looks like null: \"~\"), or remove the line if the key is optional",
        ),
        YamlError::Budget { breach, .. } => budget_diagnostic(src, line, col, breach, format),
        YamlError::SerdeInvalidType { .. } | YamlError::Unexpected { .. } | YamlError::Message { .. } => {
            // A value read by a visitor of its own (a price or a range) is blamed on its key:
            // point at the value written after it.
            let col = value_after_key(&src.text, line, col).unwrap_or(col);
            let here = |message: String| Diagnostic::at(&src.name, &src.text, line, col, message);
            let found = found_shape(&src.text, line, col);
            let shape_of_file = || format!("see README.md for the shape of a {}", format.name);
            match &owner {
                None if at_document_start(&src.text, line, col) => {
                    here(format!("the file is {}, not a mapping of keys", found.map_or("a single value".into(), |f| format!("a {f}"))))
                        .help(format.layout)
                }
                Some(o) => shape_diagnostic(here, o, found, format)
                    .unwrap_or_else(|| here(value_problem(err.without_snippet(), key_name)).help(shape_of_file())),
                None => here(value_problem(err.without_snippet(), key_name)).help(shape_of_file()),
            }
        }
        other => {
            let (message, help) = in_plain_words(other, key_name);
            here(message).help(help)
        }
    }
}

/// What the parser reports in its own words, said in the catalogue's: a syntax error, or a
/// value the reader cannot take.
fn in_plain_words(err: &YamlError, key: &str) -> (String, String) {
    let with = |message: String, help: &str| (message, help.to_owned());
    match err {
        YamlError::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => {
                let (message, help) = syntax::syntax(scan.kind());
                (message, help.to_owned())
            }
            _ => with(format!("`{key}` cannot be read"), GENERIC_HELP),
        },
        YamlError::UnknownAnchor { .. } => with(
            "this `*alias` names no `&anchor` above it".into(),
            "define the `&anchor` before its first use, or write the value out in full",
        ),
        YamlError::RecursiveReferencesRequireWeakTypes { .. } => with(
            format!("`{key}` refers, through a YAML alias, to the value it is part of"),
            "an *alias must name an &anchor defined and closed before it; write the value out in full",
        ),
        YamlError::MergeValueNotMapOrSeqOfMaps { .. } => with(
            "a `<<:` merge must name a mapping, or a list of mappings".into(),
            "write `<<: *defaults`, where `&defaults` marks a mapping of keys",
        ),
        YamlError::UnsupportedTag { tag, .. } => with(
            format!("the YAML tag `{tag}` is not read here"),
            "remove the tag and write the plain value (quote text that starts with `!`)",
        ),
        YamlError::NonFiniteFloat { value, .. } => with(
            format!("`{key}`: `{value}` is not a number"),
            "write a decimal, like 0.04",
        ),
        YamlError::Eof { .. } => with(
            "the file ends where more is expected".into(),
            "finish the last entry, or remove it",
        ),
        YamlError::InvalidUtf8Input => {
            with("the file is not UTF-8 text".into(), "save it as UTF-8")
        }
        YamlError::InvalidScalar { ty, .. } => {
            with(format!("`{key}` is not a valid {ty}"), GENERIC_HELP)
        }
        _ => with(format!("`{key}` cannot be read here"), GENERIC_HELP),
    }
}

const GENERIC_HELP: &str =
    "check the YAML syntax here: indentation, `key: value` pairs, and matching quotes";

fn budget_diagnostic(
    src: &Source,
    line: usize,
    col: usize,
    breach: &BudgetBreach,
    format: &Format,
) -> Diagnostic {
    let d = |m: String| Diagnostic::at(&src.name, &src.text, line, col, m);
    match breach {
        BudgetBreach::Depth { .. } => {
            d(format!("nested deeper than {MAX_DEPTH} levels")).help(format.depth)
        }
        BudgetBreach::Aliases { .. } | BudgetBreach::Anchors { .. } => d(format!(
            "more than {MAX_ALIASES} YAML aliases or anchors"
        ))
        .help("write values out in full instead of repeating them with &anchors and *aliases"),
        BudgetBreach::AliasAnchorRatio { aliases, anchors } => d(format!(
            "{aliases} YAML aliases for {anchors} anchors: the shape of an alias bomb"
        ))
        .help("write values out in full instead of repeating them with &anchors and *aliases"),
        BudgetBreach::Documents { .. } => {
            d("more than one YAML document (`---`) in one file".into())
                .help(format!("put each {} in a file of its own", format.one))
        }
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => {
            d(format!("more than {MAX_NODES} values in one file")).help(format!(
                "a {} has a few hundred lines; split larger inputs into one file per {}",
                format.name, format.one
            ))
        }
        _ => d("the file is too large to read safely".into()).help(format!(
            "a {} has a few hundred lines; split larger inputs into one file per {}",
            format.name, format.one
        )),
    }
}

/// The mapping key a value belongs to; `item` when the value is an item of that key's list.
#[derive(Debug, PartialEq, Eq)]
struct Owner {
    key: String,
    item: bool,
}

/// A value of the wrong shape: a list where a single value belongs, or the reverse. `None` when
/// the shapes agree and the problem is something else.
fn shape_diagnostic(
    here: impl Fn(String) -> Diagnostic,
    owner: &Owner,
    found: Option<&str>,
    format: &Format,
) -> Option<Diagnostic> {
    let key = &owner.key;
    let list = format.lists.iter().find(|(k, _)| k == key);
    let single = |found| match format.mappings.contains(&key.as_str()) {
        true => (Some("mapping"), format!("`{key}`"), found),
        false => (None, format!("`{key}`"), found),
    };
    let (expected, what, found) = match (owner.item, list) {
        (true, Some((_, item))) => (*item, format!("each item of `{key}`"), found),
        // An item of a list where the key wants one value: what is wrong is the list.
        (true, None) => single(Some("list")),
        (false, Some(_)) => (Some("list"), format!("`{key}`"), found),
        (false, None) => single(found),
    };
    if expected == found {
        return None;
    }
    let a = |shape: Option<&str>| shape.map_or("a single value".to_owned(), |s| format!("a {s}"));
    let help = match expected {
        Some("list") => format!("write one `- ` item per line under `{key}:`"),
        Some(_) => "write indented `key: value` lines".to_owned(),
        None if owner.item => {
            "write one text per `- ` item (quote text that contains `[`, `{` or `: `)".to_owned()
        }
        None => format!(
            "write one value, like `{key}: ...` (quote text that contains `[`, `{{` or `: `)"
        ),
    };
    Some(here(format!("{what} must be {}, not {}", a(expected), a(found))).help(help))
}

/// What the text at a location starts: a list, a mapping, or (None) a scalar.
/// The column of the value written after `key:` when (`line`, `col`) is the key itself.
fn value_after_key(text: &str, line: usize, col: usize) -> Option<usize> {
    let src_line = text.lines().nth(line.checked_sub(1)?)?;
    let start = src_line.char_indices().nth(col.checked_sub(1)?)?.0;
    let rest = &src_line[start..];
    let (key, value) = rest.split_once(':')?;
    let key_like = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '"' || c == '\'');
    let gap = value.len() - value.trim_start().len();
    let value = value.trim_start();
    (key_like && gap > 0 && !value.is_empty() && !value.starts_with('#'))
        .then(|| col + key.chars().count() + 1 + gap)
}

fn found_shape(text: &str, line: usize, col: usize) -> Option<&'static str> {
    let src_line = text.lines().nth(line.checked_sub(1)?)?;
    let rest: String = src_line.chars().skip(col.saturating_sub(1)).collect();
    let rest = rest.trim_start();
    if rest.starts_with('[') || rest.starts_with("- ") || rest == "-" {
        Some("list")
    } else if rest.starts_with('{')
        || (rest.contains(": ") || rest.ends_with(':')) && !rest.starts_with(['"', '\''])
    {
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

/// Whether a location is the first content of the document (the root value).
fn at_document_start(text: &str, line: usize, col: usize) -> bool {
    let before_ok = text
        .lines()
        .take(line.saturating_sub(1))
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#') || l.trim() == "---");
    let indent = text
        .lines()
        .nth(line.saturating_sub(1))
        .map_or(0, |l| l.len() - l.trim_start().len());
    before_ok && col <= indent + 1
}

/// The mapping key that owns the value at a location, read from the source: the key before
/// the value on its line (`price: [1]`, `{route: x, price: [1]}`), or, for a list item
/// (`  - [x]`), the key of the list above it.
fn owner_at(text: &str, line: usize, col: usize) -> Option<Owner> {
    let lines: Vec<&str> = text.lines().collect();
    let src_line = lines.get(line.checked_sub(1)?)?;
    let before: String = src_line.chars().take(col.saturating_sub(1)).collect();
    let clean = |k: &str| {
        let k = k
            .rsplit([',', '{'])
            .next()
            .unwrap_or(k)
            .trim()
            .trim_start_matches("- ")
            .trim();
        let k = k.trim_matches(['"', '\'']);
        (!k.is_empty() && k.len() <= 64 && !k.contains(char::is_whitespace)).then(|| k.to_owned())
    };
    if let Some(i) = before.rfind(':') {
        // Inside a flow list that is the key's value (`offers: [5]`): an item of that list.
        let depth = before[i + 1..].chars().fold(0i32, |depth, c| match c {
            '[' => depth + 1,
            ']' => depth - 1,
            _ => depth,
        });
        return clean(&before[..i]).map(|key| Owner {
            key,
            item: depth > 0,
        });
    }
    let rest = &src_line[before.len().min(src_line.len())..];
    let at_item = before.trim_start().starts_with('-') || rest.trim_start().starts_with("- ");
    if !at_item {
        // The location is a key itself (`vendor:` with no value).
        if let Some((k, _)) = rest.split_once(':') {
            return clean(&format!("{before}{k}")).map(|key| Owner { key, item: false });
        }
    }
    // A list item: the owner is the nearest line above, indented less, that ends in `key:`.
    let indent = src_line.len() - src_line.trim_start().len();
    for above in lines[..line - 1].iter().rev() {
        let t = above.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let ind = above.len() - t.len();
        if ind < indent || (ind == indent && !t.starts_with('-')) {
            let t = t.split(" #").next().unwrap_or(t).trim_end();
            return t
                .strip_suffix(':')
                .and_then(clean)
                .map(|key| Owner { key, item: true });
        }
    }
    None
}

/// A value the reader could not take: our own visitors' words (a price, a range) as they are;
/// the parser's, said plainly.
fn value_problem(err: &YamlError, key: &str) -> String {
    match err {
        YamlError::Message { msg, .. } => strip_location(msg),
        _ => format!("`{key}` has a value of the wrong kind"),
    }
}

/// serde-saphyr appends " at line L, column C" to messages; the diagnostic says it already.
fn strip_location(msg: &str) -> String {
    let is_suffix = |tail: &str| {
        tail.strip_prefix(" at line ")
            .and_then(|t| t.split_once(", column "))
            .is_some_and(|(l, c)| {
                !l.is_empty()
                    && !c.is_empty()
                    && (l.to_owned() + c).bytes().all(|b| b.is_ascii_digit())
            })
    };
    match msg.rfind(" at line ") {
        Some(i) if is_suffix(&msg[i..]) => msg[..i].to_owned(),
        _ => msg.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(key: &str, item: bool) -> Option<Owner> {
        Some(Owner {
            key: key.into(),
            item,
        })
    }

    #[test]
    fn owner_is_read_from_the_source() {
        let text =
            "vendor:\n  - route: [x]\nclaims:\n  - [x]\noffers:\n  - {route: a, price: [1]}\n";
        assert_eq!(owner_at(text, 1, 7), owner("vendor", false));
        assert_eq!(owner_at(text, 2, 12), owner("route", false));
        assert_eq!(owner_at(text, 4, 5), owner("claims", true));
        // At the list (`[1]`), the value of `price`; inside it, an item of it.
        assert_eq!(owner_at(text, 6, 23), owner("price", false));
        assert_eq!(owner_at(text, 6, 24), owner("price", true));
    }

    #[test]
    fn an_item_of_a_flow_list_belongs_to_the_list_s_key() {
        assert_eq!(owner_at("offers: [5]\n", 1, 10), owner("offers", true));
        assert_eq!(
            owner_at("claims: [x, {a: 1}]\n", 1, 13),
            owner("claims", true)
        );
        // A list closed before the location is not the location's.
        assert_eq!(owner_at("a: {b: [1], c: x}\n", 1, 16), owner("c", false));
    }

    #[test]
    fn only_a_trailing_location_is_stripped() {
        assert_eq!(strip_location("bad thing at line 3, column 4"), "bad thing");
        assert_eq!(
            strip_location("x (defined at line 3, column 12) (used"),
            "x (defined at line 3, column 12) (used"
        );
    }

    #[test]
    fn shape_of_value_is_detected() {
        assert_eq!(found_shape("a: [1]\n", 1, 4), Some("list"));
        assert_eq!(found_shape("a: {b: 1}\n", 1, 4), Some("mapping"));
        assert_eq!(found_shape("a:\n  - 1\n", 1, 3), Some("list"));
        assert_eq!(found_shape("a: 1\n", 1, 4), None);
    }
}

#[cfg(test)]
mod merge_tests {
    use super::repeated_merge_key;

    #[test]
    fn a_second_merge_key_in_one_mapping_is_found_and_nothing_else_is() {
        let dup = "a: &a {x: 1}\nb:\n  <<: *a\n  <<: {y: 2}\n";
        assert_eq!(repeated_merge_key(dup), Some((4, 3)));
        assert_eq!(
            repeated_merge_key("m: {<<: {x: 1}, <<: {y: 2}}\n"),
            Some((1, 17))
        );
        // One merge of several, merges in two mappings, a quoted "<<" key, a "<<" value.
        for ok in [
            "a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n",
            "a: &a {x: 1}\nl:\n  - <<: *a\n  - <<: *a\n",
            "m: {\"<<\": 1, <<: {y: 2}}\n",
            "m: {k: <<, <<: {y: 2}}\n",
            "no merge at all: <\n",
        ] {
            assert_eq!(repeated_merge_key(ok), None, "{ok}");
        }
    }
}
