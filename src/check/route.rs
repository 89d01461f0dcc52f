//! Route rules: whether each offer names one official model, at a size and in a lane Google
//! prices — or why it cannot be compared: an unknown or ambiguous name, an unofficial route, a
//! size no class fits or the model lacks, a lane of the vendor's own, a model that retires.
//! How the words are read is [`crate::normalize`]'s; these rules only report what it found.

use super::context::{Context, Entry, Findings};
use super::verdict::Verdict;
use crate::load::baseline::{Baseline, Route};
use crate::model::{OfferField, Rule, Severity, Subject, TermKey};
use crate::normalize::lane::LaneReading;
use crate::normalize::route::RouteMatch;
use crate::normalize::size::SizeProblem;

/// "Nano Banana Pro (gemini-3-pro-image-preview)".
fn named(r: &Route) -> String {
    let mut out = String::new();
    push_named(&mut out, r);
    out
}

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

pub(super) fn unknown_route(cx: &Context<'_>, out: &mut Findings<'_>) {
    for e in cx.offers() {
        let RouteMatch::Unknown {
            unknown,
            named: part_named,
            nearest,
        } = &e.n.route.matched
        else {
            continue;
        };
        let message = match part_named {
            Some(r) => format!(
                "\"{}\" is not part of any model name in the baseline, though the rest names {}; ask the vendor whether this is exactly that model, and if so write only its name as the route and put the rest in `lane` or `note` (a namespace the vendor writes before Google's names, like \"acme/\", goes in the quote's `route_namespaces`)",
                unknown.join("\", \""),
                named(&cx.baseline.routes[*r])
            ),
            None => format!(
                "not a model in the baseline checked {}; nearest names: {}. Ask the vendor for the exact Google model id; a new official model belongs in the baseline, never matched to a near name",
                cx.baseline.checked_on,
                names(cx.baseline, nearest)
            ),
        };
        let route = &e.offer.route;
        let subject = Subject::offer(e.offer.index, OfferField::Route);
        out.push(Rule::UnknownRoute, route.at, subject, message, &route.value);
    }
}

pub(super) fn ambiguous_route(cx: &Context<'_>, out: &mut Findings<'_>) {
    for e in cx.offers() {
        let RouteMatch::Ambiguous { routes } = &e.n.route.matched else {
            continue;
        };
        let route = &e.offer.route;
        out.push(
            Rule::AmbiguousRoute,
            route.at,
            Subject::offer(e.offer.index, OfferField::Route),
            format!(
                "names {} models: {}; ask which model this price buys and write one offer per model",
                routes.len(),
                names(cx.baseline, routes)
            ),
            &route.value,
        );
    }
}

pub(super) fn generic_route_name(cx: &Context<'_>, out: &mut Findings<'_>) {
    for e in cx.offers() {
        let RouteMatch::Official {
            route: r,
            generic: true,
        } = e.n.route.matched
        else {
            continue;
        };
        let route = &e.offer.route;
        out.push(
            Rule::GenericRouteName,
            route.at,
            Subject::offer(e.offer.index, OfferField::Route),
            format!(
                "read as {}, Google's older Nano Banana lane; the newer models share the name, so confirm the model id with the vendor",
                named(&cx.baseline.routes[r])
            ),
            &route.value,
        );
    }
}

/// An unofficial upstream (reverse-engineered, web or cookie access) makes every offer of the
/// quote not comparable: one finding at the `upstream` line says so. An offer whose route, note
/// or lane ("Reverse", "逆向分组") says so has a finding of its own.
pub(super) fn unofficial_route(cx: &Context<'_>, out: &mut Findings<'_>) {
    if let (Some(marker), Some(up)) = (&cx.upstream_marker, &cx.quote.terms.upstream) {
        let n = cx.quote.offers.len();
        out.push(
            Rule::UnofficialRoute,
            up.at,
            Subject::Terms(vec![TermKey::Upstream]),
            format!(
                "the upstream says \"{marker}\": requests do not reach Google's official API, so none of the {n} offer{} can be compared with Google's price; ask the vendor for an official upstream (Gemini API or Vertex AI, exact model id)",
                if n == 1 { "" } else { "s" }
            ),
            &up.value,
        );
    }
    for e in cx.offers() {
        let marked = [
            e.n.route
                .unofficial
                .as_ref()
                .map(|m| (m, e.offer.route.at, OfferField::Route, &e.offer.route.value)),
            e.note_marker
                .as_ref()
                .zip(e.offer.note.as_ref())
                .map(|(m, note)| (m, note.at, OfferField::Note, &note.value)),
            e.lane_marker
                .as_ref()
                .zip(e.offer.lane.as_ref())
                .map(|(m, lane)| (m, lane.at, OfferField::Lane, &lane.value)),
        ];
        for (marker, at, field, evidence) in marked.into_iter().flatten() {
            let name = field.name();
            out.push(
                Rule::UnofficialRoute,
                at,
                Subject::offer(e.offer.index, field),
                format!(
                    "the {name} says \"{marker}\": not Google's official API route (reverse-engineered, -ext, or web/cookie access), so its price is not comparable; ask the vendor for the official route and model id"
                ),
                evidence,
            );
        }
    }
}

/// Where a row's size was written: the offer's `size`, or a key of its `size_multipliers`.
fn size_subject(e: &Entry<'_>) -> Subject {
    let field = match e.n.part.factor {
        Some(_) => OfferField::SizeMultipliers,
        None => OfferField::Size,
    };
    Subject::offer(e.offer.index, field)
}

pub(super) fn unknown_size(cx: &Context<'_>, out: &mut Findings<'_>) {
    for e in &cx.entries {
        // An unstated size is its own rule; `any` on a route that is not known is the route's.
        let Err(
            problem @ (SizeProblem::NotASize
            | SizeProblem::Between(..)
            | SizeProblem::OutOfRange(_)
            | SizeProblem::Several(_)),
        ) = &e.n.size
        else {
            continue;
        };
        out.push(
            Rule::UnknownSize,
            e.n.part.size_at,
            size_subject(e),
            format!("size {}", problem.explain()),
            &e.n.part.size_quoted,
        );
    }
}

pub(super) fn size_unstated(cx: &Context<'_>, out: &mut Findings<'_>) {
    for e in &cx.entries {
        let Err(problem @ SizeProblem::Unstated) = &e.n.size else {
            continue;
        };
        out.push(
            Rule::SizeUnstated,
            e.n.part.size_at,
            size_subject(e),
            format!("the size {}", problem.explain()),
            &e.n.part.size_quoted,
        );
    }
}

pub(super) fn no_official_row(cx: &Context<'_>, out: &mut Findings<'_>) {
    for e in &cx.entries {
        let (Ok(size), Some(route)) = (&e.n.size, e.n.route(cx.baseline)) else {
            continue;
        };
        let message = match route.row(*size) {
            Some(_) if e.row.verdict != Verdict::NoOfficialRow => continue,
            // A lane the snapshot does not price at this size ("priority" before it had one).
            Some(_) => format!(
                "{} has no official {} price at {size} in the baseline checked {}; ask the vendor which lane this price is for",
                named(route),
                e.row.lane(),
                cx.baseline.checked_on
            ),
            None => {
                let sizes: Vec<&str> = route.sizes().iter().map(|s| s.label()).collect();
                let rate = match route.rates {
                    Some(_) => ", only a rate per 1M tokens",
                    None => "",
                };
                format!(
                    "{} has no official {size} price row (it has {}{rate}); ask the vendor which model and size this price delivers",
                    named(route),
                    sizes.join(", ")
                )
            }
        };
        // Google's own figure in a price map has no vendor to ask: the baseline lacks it.
        let (severity, message) = if cx.quote.price_map.as_ref().is_some_and(|m| m.official) {
            (
                Severity::Info,
                format!(
                    "{} has no official {} price at {size} in the baseline checked {}, so the map's figure for it is not checked",
                    named(route),
                    e.row.lane(),
                    cx.baseline.checked_on
                ),
            )
        } else {
            (Rule::NoOfficialRow.severity(), message)
        };
        out.push_with(
            Rule::NoOfficialRow,
            severity,
            e.n.part.size_at,
            size_subject(e),
            message,
            &e.n.part.size_quoted,
        );
    }
}

/// A lane of the vendor's own, compared against Standard. A reverse-engineered lane is not a
/// product of the vendor's on Google's route, and is compared with nothing: `unofficial-route`
/// says so instead.
pub(super) fn vendor_lane(cx: &Context<'_>, out: &mut Findings<'_>) {
    for e in cx.offers() {
        let (LaneReading::Vendor, Some(lane), None) = (e.n.lane, &e.offer.lane, &e.lane_marker)
        else {
            continue;
        };
        out.push(
            Rule::VendorLane,
            lane.at,
            Subject::offer(e.offer.index, OfferField::Lane),
            "the vendor's own lane, not Google's Standard or Batch/Flex; compared against Standard. Ask what it changes: speed, limits, or the model route behind it".into(),
            &lane.value,
        );
    }
}

/// A model that retires before the quote stops being relied on: at its `valid_until`, or
/// today when it does not say.
pub(super) fn route_retired(cx: &Context<'_>, out: &mut Findings<'_>) {
    let as_of = cx.settings.as_of;
    let relied_until = cx.quote.valid_until.as_ref().map_or(as_of, |d| d.value);
    for e in cx.offers() {
        let Some(route) = e.n.route(cx.baseline) else {
            continue;
        };
        let Some(retires) = route.retires.filter(|r| *r <= relied_until) else {
            continue;
        };
        // Where the sources disagree on the date, the earliest counts and each is named.
        let sources = match route.retires_sources.as_slice() {
            [] => String::new(),
            said => format!(
                " (the baseline checked {} takes the earliest date its sources give: {})",
                cx.baseline.checked_on,
                said.join("; ")
            ),
        };
        // A price map keeps a retired model's entry for the bills run before: worth knowing,
        // not a fault of the map.
        if cx.quote.price_map.is_some() {
            out.push_with(
                Rule::RouteRetired,
                Severity::Info,
                e.offer.route.at,
                Subject::offer(e.offer.index, OfferField::Route),
                format!(
                    "the map still prices {}, which {} on {retires}{sources}; a tool billing from it bills a model Google no longer serves after that date",
                    route.id,
                    if retires <= as_of { "retired" } else { "retires" }
                ),
                &e.offer.route.value,
            );
            continue;
        }
        out.push(
            Rule::RouteRetired,
            e.offer.route.at,
            Subject::offer(e.offer.index, OfferField::Route),
            if retires <= as_of {
                format!(
                    "{} retired on {retires}{sources}; ask which model serves the quote now",
                    route.id
                )
            } else {
                format!(
                    "{} retires on {retires}, within the quote's validity (to {relied_until}){sources}; ask which model serves the quote after that date",
                    route.id
                )
            },
            &e.offer.route.value,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::cases::assert_rule;

    #[test]
    fn unknown_route_fires_on_a_name_outside_the_baseline() {
        assert_rule(Rule::UnknownRoute, unknown_route);
    }

    #[test]
    fn ambiguous_route_fires_on_a_text_naming_two_models() {
        assert_rule(Rule::AmbiguousRoute, ambiguous_route);
    }

    #[test]
    fn generic_route_name_fires_on_bare_nano_banana() {
        assert_rule(Rule::GenericRouteName, generic_route_name);
    }

    #[test]
    fn unofficial_route_fires_on_an_ext_route() {
        assert_rule(Rule::UnofficialRoute, unofficial_route);
    }

    #[test]
    fn unknown_size_fires_on_a_size_word() {
        assert_rule(Rule::UnknownSize, unknown_size);
    }

    #[test]
    fn no_official_row_fires_on_a_size_the_model_lacks() {
        assert_rule(Rule::NoOfficialRow, no_official_row);
    }

    #[test]
    fn vendor_lane_fires_on_a_lane_of_the_vendor_s_own() {
        assert_rule(Rule::VendorLane, vendor_lane);
    }

    #[test]
    fn route_retired_fires_within_the_quote_s_validity() {
        assert_rule(Rule::RouteRetired, route_retired);
    }
}
