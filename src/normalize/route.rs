//! Route: the vendor's model wording → one baseline route, by exact lookup only.
//!
//! The text is cut into parts ("Nano Banana Pro (Gemini 3 Pro Image)" has two), provider
//! namespaces (`fal-ai/`, `google/`) and operation suffixes (`/edit`, `-edit`, `(preview)`) are
//! dropped, and each part is folded (case, spaces, punctuation) and looked up in the baseline's
//! name table. A quote's own namespaces (the vendor's name, its `route_namespaces`) are dropped
//! too, as leading path segments only: `acmeapi/nano-banana-2` on Acme API's page. A vendor's
//! model id that the baseline lists with its namespace (`fal-ai/gemini-25-flash-image`) is one
//! part. Every part must be a known name: "Nano Banana 2 Lite" is not "Nano Banana 2".
//! Parts naming two routes make the text ambiguous. There is no substring or similarity match;
//! similarity is used only to suggest names to a human.

use std::borrow::Cow;

use crate::load::baseline::{Baseline, NameKind};
use crate::model::Quote;
use crate::text::fold;

/// Trailing path segments or words that name an operation, not a model.
const OPERATION_SUFFIXES: &[&str] = &[
    "edit",
    "edits",
    "texttoimage",
    "imagetoimage",
    "t2i",
    "i2i",
    "generate",
    "generation",
];

/// Parts that qualify a name without changing the model ("(preview)").
const IGNORED_PARTS: &[&str] = &["preview"];

/// Words that mark a route as not the official API: reverse-engineered access, `-ext` ids,
/// web or cookie accounts.
const UNOFFICIAL_WORDS: &[&str] = &[
    "ext",
    "reverse",
    "reversed",
    "reverseengineered",
    "cookie",
    "cookies",
    "web",
];

/// Unofficial markers written without spaces (Chinese "reverse-engineered", "web page").
const UNOFFICIAL_PHRASES: &[&str] = &["逆向", "网页", "網頁"];

/// What a route text names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteMatch {
    /// One route. `generic` when only a shared name ("Nano Banana") identified it.
    Official { route: usize, generic: bool },
    /// Parts of the text name different routes.
    Ambiguous { routes: Vec<usize> },
    /// Some part is not a known name.
    Unknown {
        /// The parts that are not names, as written.
        unknown: Vec<String>,
        /// The route the other parts named, if any.
        named: Option<usize>,
        /// The closest routes by spelling, for a human to check (best first).
        nearest: Vec<usize>,
    },
}

/// A route text read against a baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteReading {
    pub matched: RouteMatch,
    /// The unofficial marker found in the text (`ext`, `reverse`, `逆向`), if any.
    pub unofficial: Option<String>,
}

/// The namespaces a vendor writes before Google's model names on its own page, folded: its
/// name (`acmeapi/` for "AcmeAPI") and the quote's `route_namespaces`. Any other namespace
/// outside the baseline's `route_prefixes` stays part of the name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Namespaces(Vec<String>);

impl Namespaces {
    /// Namespaces as written (`acme`, `acme/`), folded.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Namespaces {
        let mut folded: Vec<String> = names
            .into_iter()
            .map(fold)
            .filter(|n| !n.is_empty())
            .collect();
        folded.sort();
        folded.dedup();
        Namespaces(folded)
    }

    /// A quote's vendor name and `route_namespaces`.
    pub fn of(quote: &Quote) -> Namespaces {
        let listed = quote.route_namespaces.iter().map(|n| n.value.as_str());
        Namespaces::new(std::iter::once(quote.vendor.value.as_str()).chain(listed))
    }

    fn contains(&self, folded: &str) -> bool {
        self.0.iter().any(|n| n == folded)
    }
}

/// Reads a route text that no vendor wrote (a workload's `model:`): only the baseline's
/// provider namespaces are dropped.
pub fn resolve(text: &str, baseline: &Baseline) -> RouteReading {
    resolve_in(text, baseline, &Namespaces::default())
}

/// Reads a route text from a quote whose vendor writes `namespaces` before Google's names.
pub fn resolve_in(text: &str, baseline: &Baseline, namespaces: &Namespaces) -> RouteReading {
    read(text, baseline, namespaces, true)
}

/// The one official route a text names exactly (and whether only by a shared name), with no
/// unofficial marker; for scanning free text, where most words name nothing and looking for
/// the nearest names would be wasted.
pub fn official(text: &str, baseline: &Baseline, namespaces: &Namespaces) -> Option<(usize, bool)> {
    match read(text, baseline, namespaces, false) {
        RouteReading {
            matched: RouteMatch::Official { route, generic },
            unofficial: None,
        } => Some((route, generic)),
        _ => None,
    }
}

fn read(
    text: &str,
    baseline: &Baseline,
    namespaces: &Namespaces,
    nearest_names: bool,
) -> RouteReading {
    let mut found: Vec<(usize, NameKind)> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    // A marker anywhere ("reverse/nano-banana-2", "NB2 via cookie account") marks the route.
    let mut unofficial = unofficial_marker(text);
    for part in parts(text, baseline, namespaces) {
        let mut name = part.into_owned();
        for phrase in UNOFFICIAL_PHRASES {
            if name.contains(phrase) {
                unofficial.get_or_insert_with(|| (*phrase).to_owned());
                name = name.replace(phrase, " ");
            }
        }
        let name = strip_trailing_words(name.trim(), &mut unofficial);
        let key = fold(&name);
        if key.is_empty() && !name.trim().is_empty() {
            // Only punctuation, like "(?)": not a name, and not nothing either.
            unknown.push(name);
            continue;
        }
        if key.is_empty() || IGNORED_PARTS.contains(&key.as_str()) {
            continue;
        }
        if UNOFFICIAL_WORDS.contains(&key.as_str()) {
            unofficial.get_or_insert(key);
            continue;
        }
        match baseline.name(&key) {
            Some(r) => found.push((r.route, r.kind)),
            None => unknown.push(name),
        }
    }
    let mut routes: Vec<usize> = found.iter().map(|(r, _)| *r).collect();
    routes.sort();
    routes.dedup();
    let matched = if routes.len() > 1 {
        RouteMatch::Ambiguous { routes }
    } else if !unknown.is_empty()
        || routes.is_empty()
        || found.iter().all(|(_, k)| *k == NameKind::Companion)
    {
        let mut named = routes.first().copied();
        let mut nearest = if nearest_names {
            nearest(&unknown.join(" "), baseline)
        } else {
            Vec::new()
        };
        if unknown.is_empty() {
            // Only companion names ("Gemini 3 Pro Image" alone spells a GA id) or nothing:
            // the whole text is unknown, and the companion's route is the nearest name.
            unknown.push(text.trim().to_owned());
            if let Some(r) = named.take() {
                nearest.retain(|n| *n != r);
                nearest.insert(0, r);
            }
        }
        RouteMatch::Unknown {
            unknown,
            named,
            nearest,
        }
    } else {
        let generic = found.iter().all(|(_, k)| *k != NameKind::Exact);
        RouteMatch::Official {
            route: routes[0],
            generic,
        }
    };
    RouteReading {
        matched,
        unofficial,
    }
}

/// Cuts a route text into the parts that must each be a name: at brackets, `|`, `,`, and at
/// slashes. In a path (`fal-ai/nano-banana-2/edit`), leading namespaces — the baseline's
/// `route_prefixes` and the quote's own `namespaces` — and trailing operation segments are
/// dropped; every other segment is a part ("NB2/NB Pro" has two, and names two models). A
/// quote's namespace that is itself a model name ("nano-banana/nano-banana-2" from a vendor
/// called Nano Banana) is kept: which model is meant is for the vendor to say. A path that is
/// a baseline name as a whole from one of its leading namespaces on
/// (`fal-ai/gemini-25-flash-image`, a vendor's own id) is one part.
fn parts<'t>(text: &'t str, baseline: &Baseline, namespaces: &Namespaces) -> Vec<Cow<'t, str>> {
    let is_namespace = |segment: &str| {
        let key = fold(segment);
        baseline.is_prefix(&key) || namespaces.contains(&key) && baseline.name(&key).is_none()
    };
    let mut out = Vec::new();
    for chunk in text.split(['(', ')', '[', ']', '|', ',', '（', '）', '／']) {
        let mut segments: Vec<&str> = chunk
            .split('/')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        while segments.len() > 1
            && OPERATION_SUFFIXES.contains(&fold(segments[segments.len() - 1]).as_str())
        {
            segments.pop();
        }
        let lead = segments.iter().take_while(|s| is_namespace(s)).count();
        // A text that is only a namespace ("google/") keeps it, and is reported as unknown.
        let lead = lead.min(segments.len().saturating_sub(1));
        match (0..lead).find(|&k| baseline.is_path_name(&segments[k..])) {
            Some(k) => out.push(Cow::Owned(segments[k..].join("/"))),
            None => out.extend(segments[lead..].iter().map(|s| Cow::Borrowed(*s))),
        }
    }
    out
}

/// Drops trailing operation words (`-edit`) and unofficial markers (`-ext`) from a name, and
/// leading markers ("reverse NB Pro").
fn strip_trailing_words(name: &str, unofficial: &mut Option<String>) -> String {
    let mut name = name.to_owned();
    while let Some((first, rest)) = name.split_once([' ', '-', '_', ':'])
        && UNOFFICIAL_WORDS.contains(&fold(first).as_str())
    {
        unofficial.get_or_insert(fold(first));
        name = rest.trim_start().to_owned();
    }
    while let Some(cut) = name.rfind(['-', '_', ' ', ':']) {
        let last = fold(&name[cut + 1..]);
        if OPERATION_SUFFIXES.contains(&last.as_str()) {
            name.truncate(cut);
        } else if UNOFFICIAL_WORDS.contains(&last.as_str()) {
            unofficial.get_or_insert(last);
            name.truncate(cut);
        } else {
            break;
        }
        name = name.trim_end().to_owned();
    }
    name
}

/// The routes whose names are spelled most like `text`, best first (at most three).
fn nearest(text: &str, baseline: &Baseline) -> Vec<usize> {
    let key = fold(text);
    let mut scored: Vec<(f64, usize)> = baseline
        .folded_names()
        .filter(|(_, name)| name.kind != NameKind::Companion)
        .map(|(n, name)| (strsim::jaro_winkler(&key, n), name.route))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out = Vec::new();
    for (_, r) in scored {
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out.truncate(3);
    out
}

/// The unofficial marker in free text (a quote's `upstream`, an offer's `note`), if any.
pub fn unofficial_marker(text: &str) -> Option<String> {
    if let Some(p) = UNOFFICIAL_PHRASES.iter().find(|p| text.contains(**p)) {
        return Some((*p).to_owned());
    }
    let lower = text.to_lowercase();
    if lower.contains("reverse-engineered") || lower.contains("reverse engineered") {
        return Some("reverse-engineered".into());
    }
    lower
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| UNOFFICIAL_WORDS.contains(w))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> Option<String> {
        let b = Baseline::embedded();
        match resolve(text, &b).matched {
            RouteMatch::Official { route, .. } => Some(b.routes[route].id.clone()),
            _ => None,
        }
    }

    #[test]
    fn vendor_spellings_map_exactly() {
        assert_eq!(
            id("fal-ai/nano-banana-2/edit").as_deref(),
            Some("gemini-3.1-flash-image-preview")
        );
        assert_eq!(
            id("google/gemini-3-pro-image-preview").as_deref(),
            Some("gemini-3-pro-image-preview")
        );
        assert_eq!(
            id("Nano Banana Pro (Gemini 3 Pro Image)").as_deref(),
            Some("gemini-3-pro-image-preview")
        );
        assert_eq!(id("NB Pro").as_deref(), Some("gemini-3-pro-image-preview"));
        assert_eq!(
            id("nano banana 2 (preview)").as_deref(),
            Some("gemini-3.1-flash-image-preview")
        );
        assert_eq!(
            id("models/gemini-2.5-flash-image").as_deref(),
            Some("gemini-2.5-flash-image")
        );
        assert_eq!(
            id("Nano Banana 2 Edit").as_deref(),
            Some("gemini-3.1-flash-image-preview")
        );
    }

    #[test]
    fn names_outside_the_table_never_map() {
        for t in [
            "Nano Banana 2.1",
            "Nano Banana 2 Lite",
            "gemini-3-pro-image",
            "Gemini 3 Pro Image",
            "Nano Banana 2 (fast)",
            "Banana",
        ] {
            assert_eq!(id(t), None, "{t}");
        }
    }

    #[test]
    fn vendor_model_ids_in_the_baseline_map_to_their_model() {
        for (t, model) in [
            ("google:4@1", "gemini-2.5-flash-image"),
            ("google:4@2", "gemini-3-pro-image-preview"),
            ("GOOGLE:4@2", "gemini-3-pro-image-preview"),
            ("fal-ai/gemini-25-flash-image", "gemini-2.5-flash-image"),
            (
                "fal-ai/gemini-25-flash-image/edit",
                "gemini-2.5-flash-image",
            ),
        ] {
            assert_eq!(id(t).as_deref(), Some(model), "{t}");
        }
        // A vendor id names its model outright: no request to confirm a shared name.
        let b = Baseline::embedded();
        assert!(matches!(
            resolve("google:4@1", &b).matched,
            RouteMatch::Official { generic: false, .. }
        ));
    }

    #[test]
    fn near_misses_of_vendor_model_ids_never_map() {
        for t in [
            // Other versions of the same Runware model, and digits run together: `@` is kept.
            "google:4@9",
            "google:4@3",
            "google:4@20",
            "google:42",
            "google:4",
            "google/4@2",
            "runware:4@2",
            // fal.ai's id under another namespace, or without one, is no vendor's id.
            "gemini-25-flash-image",
            "google/gemini-25-flash-image",
            "fal-ai/gemini-25-flash-image-lite",
            "fal-ai/gemini-25/flash-image",
        ] {
            assert_eq!(id(t), None, "{t}");
        }
    }

    fn id_in(text: &str, namespaces: &[&str]) -> Option<String> {
        let b = Baseline::embedded();
        let namespaces = Namespaces::new(namespaces.iter().copied());
        match resolve_in(text, &b, &namespaces).matched {
            RouteMatch::Official { route, .. } => Some(b.routes[route].id.clone()),
            _ => None,
        }
    }

    #[test]
    fn a_vendor_s_own_namespace_is_dropped() {
        let nb2 = Some("gemini-3.1-flash-image-preview");
        // The vendor's name, folded: "AcmeAPI" writes `acmeapi/`, "Acme API" too.
        assert_eq!(id_in("acmeapi/nano-banana-2", &["AcmeAPI"]).as_deref(), nb2);
        assert_eq!(
            id_in("Acme-API/Nano-Banana-2", &["Acme API"]).as_deref(),
            nb2
        );
        // A namespace the quote lists, as a page writes it or with its slash.
        assert_eq!(
            id_in("acme/nano-banana-2", &["Acme API", "acme"]).as_deref(),
            nb2
        );
        assert_eq!(id_in("acme/nano-banana-2/edit", &["acme/"]).as_deref(), nb2);
        // Before a provider namespace of the baseline, and before a vendor's model id.
        assert_eq!(
            id_in("acme/fal-ai/nano-banana-2", &["acme"]).as_deref(),
            nb2
        );
        assert_eq!(
            id_in("acme/fal-ai/gemini-25-flash-image", &["acme"]).as_deref(),
            Some("gemini-2.5-flash-image")
        );
    }

    #[test]
    fn only_the_quote_s_namespaces_are_dropped_and_only_in_front() {
        for t in [
            // Another namespace, or a near spelling of the vendor's, is part of the name.
            "other/nano-banana-2",
            "acmeapis/nano-banana-2",
            "acme-api-eu/nano-banana-2",
            // After the model name, in brackets, or alone, a namespace is an unknown part.
            "nano-banana-2/acmeapi",
            "google/nano-banana-2/acmeapi",
            "Nano Banana 2 (acmeapi)",
            "acmeapi",
            "acmeapi/",
            // Not a path: the vendor's name run into the model's is one unknown name.
            "acmeapi-nano-banana-2",
            "AcmeAPI Nano Banana 2",
        ] {
            assert_eq!(id_in(t, &["AcmeAPI"]), None, "{t}");
        }
        // Without the quote, its namespace is unknown as before.
        assert_eq!(id("acmeapi/nano-banana-2"), None);
        // A vendor named like a model: its namespace is a model name, kept, and two models
        // are named.
        let b = Baseline::embedded();
        let ns = Namespaces::new(["Nano Banana"]);
        assert!(matches!(
            resolve_in("nano-banana/nano-banana-2", &b, &ns).matched,
            RouteMatch::Ambiguous { .. }
        ));
    }

    #[test]
    fn two_models_are_ambiguous() {
        let b = Baseline::embedded();
        assert!(matches!(
            resolve("NB2 / NB Pro", &b).matched,
            RouteMatch::Ambiguous { .. }
        ));
        assert!(matches!(
            resolve("Nano Banana 2 (Nano Banana Pro)", &b).matched,
            RouteMatch::Ambiguous { .. }
        ));
    }

    #[test]
    fn bare_nano_banana_is_the_older_lane_to_confirm() {
        let b = Baseline::embedded();
        let RouteMatch::Official { route, generic } = resolve("Nano Banana", &b).matched else {
            panic!()
        };
        assert_eq!(b.routes[route].id, "gemini-2.5-flash-image");
        assert!(generic);
    }

    #[test]
    fn unofficial_markers_are_kept() {
        let b = Baseline::embedded();
        let r = resolve("gemini-3-pro-image-preview-ext", &b);
        assert_eq!(r.unofficial.as_deref(), Some("ext"));
        assert!(matches!(r.matched, RouteMatch::Official { .. }));
        assert_eq!(
            resolve("Nano Banana Pro (逆向)", &b).unofficial.as_deref(),
            Some("逆向")
        );
        assert_eq!(
            unofficial_marker("reverse-engineered web account"),
            Some("reverse-engineered".into())
        );
        assert_eq!(unofficial_marker("Vertex AI, webhook callbacks"), None);
    }

    #[test]
    fn unknown_names_get_nearest_suggestions() {
        let b = Baseline::embedded();
        let RouteMatch::Unknown { nearest, .. } = resolve("Nano Banana 2.1", &b).matched else {
            panic!()
        };
        assert_eq!(b.routes[nearest[0]].id, "gemini-3.1-flash-image-preview");
        let RouteMatch::Unknown { named, nearest, .. } = resolve("gemini-3-pro-image", &b).matched
        else {
            panic!()
        };
        assert_eq!(
            (named, b.routes[nearest[0]].id.as_str()),
            (None, "gemini-3-pro-image-preview")
        );
    }

    #[test]
    fn unofficial_namespaces_and_words_mark_the_route() {
        let b = Baseline::embedded();
        for t in [
            "reverse/nano-banana-2",
            "cookie/nano-banana-2",
            "reverse NB Pro",
        ] {
            let r = resolve(t, &b);
            assert!(r.unofficial.is_some(), "{t}");
            assert!(
                matches!(r.matched, RouteMatch::Official { .. }),
                "{t}: {:?}",
                r.matched
            );
        }
        // Either way the route is unofficial; here the rest of the segment is no name.
        let r = resolve("gemini-web/nano-banana-2", &b);
        assert_eq!(r.unofficial.as_deref(), Some("web"));
        let r = resolve("NB2 via cookie account", &b);
        assert_eq!(r.unofficial.as_deref(), Some("cookie"));
        assert!(matches!(r.matched, RouteMatch::Unknown { .. }));
    }

    #[test]
    fn a_namespace_that_names_another_model_is_ambiguous() {
        let b = Baseline::embedded();
        let m = |t: &str| resolve(t, &b).matched;
        assert!(matches!(
            m("nano-banana-pro/nano-banana-2"),
            RouteMatch::Ambiguous { .. }
        ));
        assert!(matches!(m("NB2/NB Pro"), RouteMatch::Ambiguous { .. }));
        assert!(matches!(
            m("NB2\u{a0}/\u{3000}NB Pro"),
            RouteMatch::Ambiguous { .. }
        ));
        // Only the baseline's provider namespaces are dropped.
        assert!(matches!(
            m("openrouter/google/gemini-3-pro-image-preview"),
            RouteMatch::Official { .. }
        ));
        for t in [
            "acme/nano-banana-2",
            "nano-banana-2-lite/nano-banana-2",
            "Nano Banana 2 (?)",
            "Nano Banana Pro+",
            "Nano Banana 2 🍌",
        ] {
            assert!(matches!(m(t), RouteMatch::Unknown { .. }), "{t}");
        }
    }

    mod properties {
        use super::*;
        use crate::load::baseline::NameKind;
        use proptest::prelude::*;

        /// Rewrites a name with arbitrary casing, and arbitrary separators between its
        /// characters; a decimal point between digits ("3.1") and a symbol (`@`) are kept, as
        /// they are meaningful.
        fn respell(name: &str, seps: &[u8], upper: &[bool]) -> String {
            let chars: Vec<char> = name.chars().collect();
            let mut out = String::new();
            for (i, &c) in chars.iter().enumerate() {
                let digit_dot = c == '.'
                    && i > 0
                    && chars[i - 1].is_ascii_digit()
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit);
                if digit_dot {
                    out.push('.');
                    continue;
                }
                // Punctuation is dropped; a symbol that folding keeps (`@`) is part of the name.
                if fold(c.encode_utf8(&mut [0; 4])).is_empty() {
                    continue;
                }
                if upper[i % upper.len()] {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                let next_is_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
                let next_is_point = c.is_ascii_digit()
                    && chars.get(i + 1) == Some(&'.')
                    && chars.get(i + 2).is_some_and(char::is_ascii_digit);
                let sep = ["", " ", "-", "_", ".", "  "][seps[i % seps.len()] as usize % 6];
                // A dot between two digits would be a decimal point: not a separator; and
                // nothing goes between a digit and its decimal point.
                if !(next_is_point || sep == "." && c.is_ascii_digit() && next_is_digit) {
                    out.push_str(sep);
                }
            }
            out
        }

        proptest! {
            #[test]
            fn any_spelling_of_a_known_alias_maps_to_its_route(
                pick in 0usize..64,
                seps in proptest::collection::vec(any::<u8>(), 1..8),
                upper in proptest::collection::vec(any::<bool>(), 1..8),
            ) {
                let b = Baseline::embedded();
                let names: Vec<(&str, usize, NameKind)> =
                    b.spelled_names().filter(|(_, _, k)| *k == NameKind::Exact).collect();
                let (name, route, _) = names[pick % names.len()];
                let text = respell(name, &seps, &upper);
                prop_assert_eq!(
                    resolve(&text, &b).matched,
                    RouteMatch::Official { route, generic: false },
                    "{} from {}", text, name
                );
            }

            #[test]
            fn a_name_outside_the_table_never_maps(text in "[A-Za-z0-9 .-]{1,30}") {
                let b = Baseline::embedded();
                // Trailing operation words are dropped before lookup; what remains is the name.
                let mut ignore = None;
                let name = strip_trailing_words(text.trim(), &mut ignore);
                let key = fold(&name);
                prop_assume!(b.name(&key).is_none_or(|n| n.kind == NameKind::Companion));
                prop_assume!(!IGNORED_PARTS.contains(&key.as_str()));
                let matched = resolve(&text, &b).matched;
                let is_official = matches!(matched, RouteMatch::Official { .. });
                prop_assert!(!is_official, "{} mapped", text);
            }

            #[test]
            fn a_known_name_with_anything_added_never_maps(
                pick in 0usize..64,
                extra in "[a-z0-9]{1,6}",
                joiner in prop_oneof![Just(" "), Just("-"), Just(""), Just(".")],
            ) {
                let b = Baseline::embedded();
                let names: Vec<&str> = b.spelled_names().map(|(n, _, _)| n).collect();
                let text = format!("{}{joiner}{extra}", names[pick % names.len()]);
                let mut ignore = None;
                let key = fold(&strip_trailing_words(&text, &mut ignore));
                prop_assume!(b.name(&key).is_none());
                let matched = resolve(&text, &b).matched;
                let is_official = matches!(matched, RouteMatch::Official { .. });
                prop_assert!(!is_official, "{} mapped", text);
            }
        }
    }
}
