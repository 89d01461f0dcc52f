//! Findings from normalization: the route, size, lane, unit and currency problems that make an
//! offer not comparable, and the $0 offer.

use crate::baseline::{Baseline, Route};
use crate::check::Sink;
use crate::findings::Rule;
use crate::model::Offer;
use crate::normalize::Normalized;
use crate::normalize::lane::LaneReading;
use crate::normalize::route::{RouteMatch, unofficial_marker};
use crate::normalize::unit::{PriceProblem, Unit};
use crate::text::did_you_mean;

fn named(r: &Route) -> String {
    let mut out = String::new();
    push_named(&mut out, r);
    out
}

/// "Nano Banana Pro (gemini-3-pro-image-preview)".
fn push_named(out: &mut String, r: &Route) {
    out.push_str(&r.name);
    out.push_str(" (");
    out.push_str(&r.id);
    out.push(')');
}

fn names(baseline: &Baseline, routes: &[usize]) -> String {
    let mut out = String::new();
    for r in routes.iter().filter_map(|r| baseline.routes.get(*r)) {
        if !out.is_empty() {
            out.push_str(", ");
        }
        push_named(&mut out, r);
    }
    out
}

/// An unofficial upstream (reverse-engineered, web or cookie access) makes every offer of the
/// quote not comparable; one finding at the `upstream` line says so. Returns the marker.
pub(crate) fn unofficial_upstream(sink: &mut Sink<'_>) -> Option<String> {
    let up = sink.quote.terms.upstream.as_ref()?;
    let marker = unofficial_marker(&up.value)?;
    let n = sink.quote.offers.len();
    sink.push(
        Rule::UnofficialRoute,
        up.at,
        "terms.upstream".into(),
        format!(
            "the upstream says \"{marker}\": requests do not reach Google's official API, so none of the {n} offer{} can be compared with Google's price; ask the vendor for an official upstream (Gemini API or Vertex AI, exact model id)",
            if n == 1 { "" } else { "s" }
        ),
        &up.value,
    );
    Some(marker)
}

/// Findings for one offer's normalization. Returns whether the offer is on an unofficial route.
pub(crate) fn offer_findings(
    sink: &mut Sink<'_>,
    offer: &Offer,
    n: &Normalized,
    baseline: &Baseline,
    upstream_unofficial: bool,
) -> bool {
    let i = offer.index;
    let route_text = &offer.route.value;
    match &n.route.matched {
        RouteMatch::Unknown { unknown, named: Some(r), .. } => sink.push(
            Rule::UnknownRoute,
            offer.route.at,
            format!("offers[{i}].route"),
            format!(
                "\"{}\" is not part of any model name in the baseline, though the rest names {}; ask the vendor whether this is exactly that model, and if so write only its name as the route and put the rest in `lane` or `note` (a provider namespace like \"acme/\" can be added to the baseline's `route_prefixes`)",
                unknown.join("\", \""),
                named(&baseline.routes[*r])
            ),
            route_text,
        ),
        RouteMatch::Unknown { nearest, .. } => sink.push(
            Rule::UnknownRoute,
            offer.route.at,
            format!("offers[{i}].route"),
            format!(
                "not a model in the baseline checked {}; nearest names: {}. Ask the vendor for the exact Google model id; a new official model belongs in the baseline, never matched to a near name",
                baseline.checked_on,
                names(baseline, nearest)
            ),
            route_text,
        ),
        RouteMatch::Ambiguous { routes } => sink.push(
            Rule::AmbiguousRoute,
            offer.route.at,
            format!("offers[{i}].route"),
            format!(
                "names {} models: {}; ask which model this price buys and write one offer per model",
                routes.len(),
                names(baseline, routes)
            ),
            route_text,
        ),
        RouteMatch::Official { route, generic: true } => sink.push(
            Rule::GenericRouteName,
            offer.route.at,
            format!("offers[{i}].route"),
            format!(
                "read as {}, Google's older Nano Banana lane; the newer models share the name, so confirm the model id with the vendor",
                named(&baseline.routes[*route])
            ),
            route_text,
        ),
        RouteMatch::Official { .. } => {}
    }

    let mut unofficial = upstream_unofficial;
    let marked = [
        n.route
            .unofficial
            .as_ref()
            .map(|m| (m.clone(), offer.route.at, "route", route_text)),
        offer.note.as_ref().and_then(|note| {
            unofficial_marker(&note.value).map(|m| (m, note.at, "note", &note.value))
        }),
    ];
    for (marker, at, field, evidence) in marked.into_iter().flatten() {
        unofficial = true;
        sink.push(
            Rule::UnofficialRoute,
            at,
            format!("offers[{i}].{field}"),
            format!(
                "the {field} says \"{marker}\": not Google's official API route (reverse-engineered, -ext, or web/cookie access), so its price is not comparable; ask the vendor for the official route and model id"
            ),
            evidence,
        );
    }

    match (&n.size, n.route(baseline)) {
        (Err(problem), _) => sink.push(
            Rule::UnknownSize,
            offer.size.at,
            format!("offers[{i}].size"),
            format!("size {}", problem.explain()),
            &offer.size.value,
        ),
        (Ok(size), Some(route)) if route.row(*size).is_none() => sink.push(
            Rule::NoOfficialRow,
            offer.size.at,
            format!("offers[{i}].size"),
            format!(
                "{} has no official {size} price row (it has {}); ask the vendor which model and size this price delivers",
                named(route),
                route.sizes().iter().map(|s| s.label()).collect::<Vec<_>>().join(", ")
            ),
            &offer.size.value,
        ),
        _ => {}
    }

    if let (LaneReading::Vendor, Some(lane)) = (n.lane, &offer.lane) {
        sink.push(
            Rule::VendorLane,
            lane.at,
            format!("offers[{i}].lane"),
            "the vendor's own lane, not Google's Standard or Batch/Flex; compared against Standard. Ask what it changes: speed, limits, or the model route behind it".into(),
            &lane.value,
        );
    }

    match &n.price_usd {
        Err(problem) => price_problem(sink, offer, n, baseline, problem),
        Ok(usd) if usd.is_zero() => {
            let how = if offer.price.value.is_zero() {
                "a $0 offer"
            } else {
                "the price converts to $0 per image (a zero credit price, or too small to represent)"
            };
            sink.push(
                Rule::ZeroPrice,
                offer.price.at,
                format!("offers[{i}].price"),
                format!("{how}: ask who pays for the generation, under which limits, what is done with your prompts and images, and when it ends"),
                &offer.price_text,
            );
        }
        Ok(_) => {}
    }
    unofficial
}

fn price_problem(
    sink: &mut Sink<'_>,
    offer: &Offer,
    n: &Normalized,
    baseline: &Baseline,
    problem: &PriceProblem,
) {
    let i = offer.index;
    let unit_at = offer.unit.as_ref().map_or(offer.price.at, |u| u.at);
    let (rule, at, subject, message, evidence) = match problem {
        PriceProblem::UnknownUnit(word) => (
            Rule::UnitUnresolved,
            unit_at,
            "unit",
            match did_you_mean(word, Unit::NAMES) {
                Some(s) => format!("unit \"{word}\" is not a known unit; did you mean `{s}`? (one of {})", Unit::NAMES.join(", ")),
                None => format!("unit \"{word}\" is not a known unit (one of {}); ask the vendor what one unit of this price delivers", Unit::NAMES.join(", ")),
            },
            word.clone(),
        ),
        PriceProblem::NoCreditPrice => (
            Rule::UnitUnresolved,
            unit_at,
            "unit",
            "the price is in credits but the quote has no `credits.price`; ask the vendor what one credit costs and add it under `credits:`".into(),
            offer.price_text.clone(),
        ),
        PriceProblem::NoTokens => (
            Rule::UnitUnresolved,
            unit_at,
            "unit",
            match n.route(baseline) {
                Some(r) => format!(
                    "the price is per 1M tokens but the offer gives no `tokens` per image and the baseline has no token count for {} at this size; ask the vendor for output tokens per image",
                    named(r)
                ),
                None => "the price is per 1M tokens but the offer gives no `tokens` per image, and the route is not a baseline model whose count could be used; ask the vendor for output tokens per image".into(),
            },
            offer.price_text.clone(),
        ),
        PriceProblem::NoFxRate(code) => (
            Rule::NoFxRate,
            offer.price.at,
            "price",
            format!("the price is in {code} and no exchange rate was given; run with `--fx {code}=RATE` ({code} per 1 USD) to compare it"),
            offer.price_text.clone(),
        ),
        PriceProblem::TooLarge => (
            Rule::UnitUnresolved,
            offer.price.at,
            "price",
            "the price is too large to convert exactly; check the amount and its unit".into(),
            offer.price_text.clone(),
        ),
    };
    sink.push(
        rule,
        at,
        format!("offers[{i}].{subject}"),
        message,
        &evidence,
    );
}
