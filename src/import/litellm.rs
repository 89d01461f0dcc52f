//! LiteLLM's price map (`model_prices_and_context_window.json`; the `litellm` package ships it
//! as `litellm/model_prices_and_context_window_backup.json`): one quote per provider, holding
//! the image-output figures of every entry whose model the baseline knows.
//!
//! A key's provider is its namespace (`gemini/…`, `fal_ai/…`), or the entry's
//! `litellm_provider` when the key has none. The image-output fields are read as:
//!
//! - `output_cost_per_image`: per image, `size: any` (`unstated` when the entry also prices
//!   sizes, since it is then the figure for a request that names none);
//! - `output_cost_per_image_<size>` (`_0.5K`, `_1K`, `_2K`, `_4K`): per image at that size;
//! - `output_cost_per_image_token`: per token, written per 1M tokens for every size;
//!
//! each with an optional lane suffix: `_batches` (batch), `_flex` (flex), `_priority`. Numbers
//! are read from their JSON text (`6e-05` is exactly 0.00006), never through a float.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::{Draft, DraftOffer, MapOrigin};
use crate::diag::{Diagnostic, Source};
use crate::load::baseline::Baseline;
use crate::normalize::route::{RouteMatch, resolve};

/// What a map gave.
#[derive(Debug, Default)]
pub struct Import {
    /// One per provider with an entry for a known route, by provider.
    pub drafts: Vec<Draft>,
    /// Entries read into the drafts.
    pub entries: usize,
    /// Entries for models the baseline does not know.
    pub skipped: usize,
    /// Image-output fields of known entries that could not be read: `key: field (why)`.
    pub left_out: Vec<String>,
}

/// A JSON object's members in file order, refusing a key written twice (a map keeps the last,
/// silently): the map itself, and each of its entries.
struct Object<V>(Vec<(String, V)>);

impl<'de, V: serde::Deserialize<'de>> serde::Deserialize<'de> for Object<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Object<V>, D::Error> {
        struct Members<V>(std::marker::PhantomData<V>);
        impl<'de, V: serde::Deserialize<'de>> serde::de::Visitor<'de> for Members<V> {
            type Value = Object<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Object<V>, A::Error> {
                let mut seen = std::collections::HashSet::new();
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if !seen.insert(key.clone()) {
                        return Err(serde::de::Error::custom(format!(
                            "the key {key:?} is written twice"
                        )));
                    }
                    out.push((key, map.next_value()?));
                }
                Ok(Object(out))
            }
        }
        d.deserialize_map(Members(std::marker::PhantomData))
    }
}

/// The field every image-output figure starts with.
const FIELD: &str = "output_cost_per_image";

/// The lane a field's suffix names, and the rest of the field.
fn lane_of(rest: &str) -> (&str, Option<&'static str>) {
    for (suffix, lane) in [
        ("_batches", "batch"),
        ("_flex", "flex"),
        ("_priority", "priority"),
    ] {
        if let Some(r) = rest.strip_suffix(suffix) {
            return (r, Some(lane));
        }
    }
    (rest, None)
}

/// How one image-output field reads.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Figure<'f> {
    PerImage { size: Option<&'f str> },
    PerToken,
}

/// `output_cost_per_image_2K_batches` → per image at 2K, batch; `None` for a field this reader
/// does not know (`_above_512_pixels`).
fn figure(field: &str) -> Option<(Figure<'_>, Option<&'static str>)> {
    let (rest, lane) = lane_of(field.strip_prefix(FIELD)?);
    let figure = match rest {
        "" => Figure::PerImage { size: None },
        "_token" => Figure::PerToken,
        _ => {
            let size = rest.strip_prefix('_')?;
            let digits = size.strip_suffix('K').unwrap_or(size);
            let plain = !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
                && !digits.starts_with('.')
                && !digits.ends_with('.');
            if !plain {
                return None;
            }
            Figure::PerImage { size: Some(size) }
        }
    };
    Some((figure, lane))
}

/// A JSON number's exact value, from its text.
fn exact(text: &str) -> Option<Decimal> {
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str_exact(text).ok()
    }
}

/// Whether a provider is Google itself: its figures are statements of Google's own price.
pub fn is_google(provider: &str) -> bool {
    provider == "gemini" || provider == "vertex_ai" || provider.starts_with("vertex_ai-")
}

/// Reads the map in `src`. `name` is what the quotes call it (package and file); `baseline`
/// says which models are kept.
pub fn read(
    src: &Source,
    name: &str,
    date: Date,
    baseline: &Baseline,
) -> Result<Import, Diagnostic> {
    let Object::<Object<Value>>(entries) = serde_json::from_str(&src.text).map_err(|e| {
        // serde_json counts columns in bytes; a diagnostic's column is in characters.
        let line = src.text.lines().nth(e.line().saturating_sub(1)).unwrap_or("");
        let mut end = e.column().saturating_sub(1).min(line.len());
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        let col = line[..end].chars().count() + 1;
        Diagnostic::at(
            &src.name,
            &src.text,
            e.line(),
            col,
            // serde's own place, in bytes, is left out: the diagnostic gives it.
            format!(
                "not a LiteLLM price map: {}",
                e.to_string()
                    .strip_suffix(&format!(" at line {} column {}", e.line(), e.column()))
                    .map_or_else(|| e.to_string(), str::to_owned)
            ),
        )
        .help("give LiteLLM's model_prices_and_context_window.json: one JSON object of model entries (each an object), each key once")
    })?;
    let mut import = Import::default();
    let mut by_provider: BTreeMap<String, Vec<DraftOffer>> = BTreeMap::new();
    let mut entries = entries;
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (key, Object(fields)) in entries {
        let entry: Map<String, Value> = fields.into_iter().collect();
        let entry = &entry;
        let key = &key;
        let (provider, model) = match key.split_once('/') {
            Some((provider, model)) => (provider.to_owned(), model),
            None => (
                entry
                    .get("litellm_provider")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown")
                    .to_owned(),
                key.as_str(),
            ),
        };
        if !matches!(
            resolve(model, baseline).matched,
            RouteMatch::Official { .. }
        ) {
            import.skipped += 1;
            continue;
        }
        let offers = offers(key, model, entry, &mut import.left_out);
        if offers.is_empty() {
            import
                .left_out
                .push(format!("{key}: no image-output price"));
            continue;
        }
        import.entries += 1;
        by_provider.entry(provider).or_default().extend(offers);
    }
    import.drafts = by_provider
        .into_iter()
        .map(|(provider, offers)| Draft {
            vendor: format!("LiteLLM map: {provider}"),
            received: date,
            source: Some(format!("{name}, provider {provider}")),
            currency: None,
            header: vec![
                format!("Imported by `quote-audit import litellm` from {name}: provider `{provider}`'s"),
                "entries for the models the baseline knows. Each offer's id is the map's key and field, and".into(),
                "the comment above it the figure as the map writes it.".into(),
            ],
            price_map: Some(MapOrigin {
                name: name.to_owned(),
                official: is_google(&provider),
                provider,
            }),
            offers,
        })
        .collect();
    Ok(import)
}

/// The offers of one entry, in field order; fields that cannot be read are added to
/// `left_out`.
fn offers(
    key: &str,
    model: &str,
    entry: &Map<String, Value>,
    left_out: &mut Vec<String>,
) -> Vec<DraftOffer> {
    let mut fields: Vec<(&String, &Value)> =
        entry.iter().filter(|(f, _)| f.starts_with(FIELD)).collect();
    fields.sort_by_key(|(f, _)| f.as_str());
    let sized_lanes: Vec<Option<&str>> = fields
        .iter()
        .filter_map(|(f, _)| match figure(f)? {
            (Figure::PerImage { size: Some(_) }, lane) => Some(lane),
            _ => None,
        })
        .collect();
    let mut note = Vec::new();
    if let Some(d) = entry.get("deprecation_date").and_then(Value::as_str) {
        note.push(format!("LiteLLM deprecation_date {d}"));
    }
    if let Some(s) = entry.get("source").and_then(Value::as_str) {
        note.push(format!("LiteLLM's source for the entry: {s}"));
    }
    let mut out = Vec::new();
    for (field, value) in fields {
        let Some((figure, lane)) = figure(field) else {
            left_out.push(format!(
                "{key}: {field} (a field this reader does not know)"
            ));
            continue;
        };
        let text = match value {
            Value::Number(n) => n.as_str(),
            _ => {
                left_out.push(format!("{key}: {field} (not a number)"));
                continue;
            }
        };
        let Some(amount) = exact(text).filter(|a| !a.is_sign_negative()) else {
            left_out.push(format!("{key}: {field} ({text} is not a price)"));
            continue;
        };
        let mut offer_note = note.clone();
        // What the quote reader would refuse is left out here, with why, not written.
        let fits = |price: &str| crate::money::parse_plain_decimal(price).is_ok();
        let (size, price, unit, origin) = match figure {
            Figure::PerToken => {
                let Some(per_1m) = amount.checked_mul(Decimal::from(1_000_000)) else {
                    left_out.push(format!("{key}: {field} ({text} is too large)"));
                    continue;
                };
                let per_1m = per_1m.normalize().to_string();
                if !fits(&per_1m) {
                    left_out.push(format!(
                        "{key}: {field} ({text} has more digits than a price can keep exactly)"
                    ));
                    continue;
                }
                (
                    "any".to_owned(),
                    per_1m.clone(),
                    Some("1m-tokens".to_owned()),
                    format!("{key} → {field}: {text} per token, {per_1m} per 1M tokens"),
                )
            }
            Figure::PerImage { size } => {
                let size = match size {
                    Some(s) => s.to_owned(),
                    None if sized_lanes.contains(&lane) => {
                        offer_note.insert(
                            0,
                            "the map's figure for a request that names no size".into(),
                        );
                        "unstated".to_owned()
                    }
                    None => "any".to_owned(),
                };
                let price = amount.normalize().to_string();
                if !fits(&price) {
                    left_out.push(format!(
                        "{key}: {field} ({text} has more digits than a price can keep exactly)"
                    ));
                    continue;
                }
                (
                    size,
                    price,
                    None,
                    format!("{key} → {field}: {text} per image"),
                )
            }
        };
        out.push(DraftOffer {
            origin,
            id: Some(format!("{key}: {field}")),
            route: model.to_owned(),
            size,
            lane: lane.map(str::to_owned),
            price,
            unit,
            note: (!offer_note.is_empty()).then(|| offer_note.join("; ")),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_by_their_suffixes() {
        let per_image = |size| Some((Figure::PerImage { size }, None));
        assert_eq!(figure("output_cost_per_image"), per_image(None));
        assert_eq!(
            figure("output_cost_per_image_0.5K"),
            per_image(Some("0.5K"))
        );
        assert_eq!(
            figure("output_cost_per_image_1024"),
            per_image(Some("1024"))
        );
        assert_eq!(
            figure("output_cost_per_image_token_batches"),
            Some((Figure::PerToken, Some("batch")))
        );
        assert_eq!(
            figure("output_cost_per_image_4K_priority"),
            Some((Figure::PerImage { size: Some("4K") }, Some("priority")))
        );
        assert_eq!(
            figure("output_cost_per_image_token_flex"),
            Some((Figure::PerToken, Some("flex")))
        );
        for unknown in [
            "output_cost_per_image_above_512_and_512_pixels",
            "output_cost_per_image_.5K",
            "output_cost_per_image_",
            "input_cost_per_image",
        ] {
            assert_eq!(figure(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn numbers_are_exact_from_their_text() {
        assert_eq!(exact("6e-05"), Some(Decimal::new(6, 5)));
        assert_eq!(exact("3.74997e-06"), Some(Decimal::new(374997, 11)));
        assert_eq!(exact("0.0672"), Some(Decimal::new(672, 4)));
        // Not rounded through a float: 0.1 + 0.2 stays what was written.
        assert_eq!(
            exact("0.30000000000000004").unwrap().to_string(),
            "0.30000000000000004"
        );
        assert_eq!(exact("1e400"), None);
    }

    #[test]
    fn google_is_the_gemini_and_vertex_providers() {
        assert!(is_google("gemini"));
        assert!(is_google("vertex_ai"));
        assert!(is_google("vertex_ai-language-models"));
        assert!(!is_google("fal_ai"));
        assert!(!is_google("vertex_ai_beta_gateway"));
        assert!(!is_google("openrouter"));
    }
}
