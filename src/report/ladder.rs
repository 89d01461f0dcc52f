//! The price ladder of one model at one size, drawn as inline SVG for `report.html`: Google's
//! price in each lane a labelled vertical line, each comparable vendor offer a row with a mark
//! at its price per image, shaped and coloured by its verdict and carrying a tooltip with the
//! price, the difference from Google's and `file:line`. Coordinates are worked out in exact
//! decimals and written to one decimal place, so the same offers always draw the same bytes.
//! Which offers go on which ladder, and the page around it, are [`super::html`]'s.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::html::{escape, escape_cut};
use crate::check::Verdict;
use crate::model::Lane;
use crate::money::{pct_cell, usd_cell};

/// One comparable offer on a ladder.
#[derive(Debug, Clone)]
pub struct Mark {
    /// The vendor and file, by their number in the page's list (see [`draw`]).
    pub source: usize,
    /// The official lane the offer is compared in, and the vendor's own lane word, if it
    /// wrote one (compared with Standard).
    pub lane: Lane,
    pub vendor_lane: Option<Box<str>>,
    /// USD per image: where the mark is drawn.
    pub usd: Decimal,
    /// The price as the quote writes it, with its unit (and currency, if not USD).
    pub quoted: Box<str>,
    /// Google's price in the offer's lane, and the difference from it.
    pub official: Option<Decimal>,
    pub delta_pct: Option<Decimal>,
    pub verdict: Verdict,
    pub line: usize,
}

/// The offers a ladder leaves out between its dearest and its cheapest marks: how many, and
/// their lowest and highest price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Between {
    pub offers: usize,
    pub low: Decimal,
    pub high: Decimal,
}

/// The order marks are drawn in: dearest first, then by vendor, file and line (`sources`
/// gives each mark's vendor and file).
pub fn dearest_first(a: &Mark, b: &Mark, sources: &[(String, String)]) -> std::cmp::Ordering {
    let order = |m: &Mark| {
        let (vendor, file) = &sources[m.source];
        (vendor, file, m.line)
    };
    b.usd.cmp(&a.usd).then_with(|| order(a).cmp(&order(b)))
}

/// Google's price in one lane: a reference line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// `Standard`, `Batch/Flex`, `Priority`.
    pub lane: &'static str,
    pub usd: Decimal,
}

/// Width of the drawing; the vendor labels take the left, the price axis the rest.
const WIDTH: i64 = 760;
const LABEL_X: i64 = 8;
const PLOT_LEFT: i64 = 250;
const PLOT_RIGHT: i64 = 680;
/// Height of the band above the rows, where the reference lines are labelled.
const TOP: i64 = 46;
const ROW: i64 = 24;
/// Characters of a row's label (vendor and lane) shown: the tooltip has all of it.
const LABEL_CHARS: usize = 34;

/// The shape each verdict is drawn with, about its centre, so the ladder reads in grey print
/// too: a circle for a match, a triangle up above Google's price, down below it, a diamond
/// below even Google's Batch/Flex price.
pub fn shape(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::AboveOfficial => "M0,-7 L7,5 L-7,5 Z",
        Verdict::BelowOfficial => "M0,7 L7,-5 L-7,-5 Z",
        Verdict::BelowOfficialBatch => "M0,-8 L8,0 L0,8 L-8,0 Z",
        _ => "M-6,0 A6,6 0 1,0 6,0 A6,6 0 1,0 -6,0 Z",
    }
}

/// The legend of the verdicts' shapes, as HTML.
pub fn legend() -> String {
    let mut out = String::from("<p class=\"legend\">");
    for (verdict, says) in [
        (Verdict::MatchesOfficial, "matches Google"),
        (Verdict::AboveOfficial, "above"),
        (Verdict::BelowOfficial, "below"),
        (
            Verdict::BelowOfficialBatch,
            "below Google's Batch/Flex price",
        ),
    ] {
        let _ = write!(
            out,
            "<svg width=\"18\" height=\"18\" viewBox=\"-9 -9 18 18\" aria-hidden=\"true\"><g class=\"mark {}\"><path d=\"{}\"/></g></svg> {says} ",
            verdict.label(),
            shape(verdict)
        );
    }
    out.push_str("</p>");
    out
}

/// A coordinate as written: one decimal place, no trailing zero.
fn num(d: Decimal) -> String {
    d.round_dp(1).normalize().to_string()
}

/// The ladder as an `<svg>` element written to `out`: `id` names its title, `title` says what
/// it shows, and `marks` are drawn one a row, dearest first; `sources` are the vendor and file
/// of each mark's number.
pub fn draw(
    id: &str,
    title: &str,
    references: &[Reference],
    marks: &[Mark],
    between: Option<Between>,
    sources: &[(String, String)],
    out: &mut impl Write,
) {
    let mut marks: Vec<&Mark> = marks.iter().collect();
    marks.sort_by(|a, b| dearest_first(a, b, sources));
    let gap = usize::from(between.is_some());
    let rows = i64::try_from(marks.len().max(1) + gap).unwrap_or(i64::MAX / ROW / 2);
    let bottom = TOP + rows * ROW + 6;
    let height = bottom + 30;
    let top = marks
        .iter()
        .map(|m| m.usd)
        .chain(references.iter().map(|r| r.usd))
        .max()
        .unwrap_or(Decimal::ZERO);
    let scale = Scale::new(top);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ladder\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}\"><title id=\"{id}\">{}</title>",
        escape(title)
    );
    // The axis, with its ticks.
    let _ = write!(
        out,
        "<g class=\"axis\"><line x1=\"{PLOT_LEFT}\" y1=\"{bottom}\" x2=\"{PLOT_RIGHT}\" y2=\"{bottom}\"/>"
    );
    for tick in scale.ticks() {
        let x = num(scale.x(tick));
        let _ = write!(
            out,
            "<line x1=\"{x}\" y1=\"{bottom}\" x2=\"{x}\" y2=\"{}\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">${}</text>",
            bottom + 5,
            bottom + 19,
            usd_cell(tick)
        );
    }
    let _ = out.write_str("</g>");
    references_drawn(&scale, references, bottom, out);
    if marks.is_empty() {
        let _ = write!(
            out,
            "<text class=\"none\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">no comparable offer</text>",
            (PLOT_LEFT + PLOT_RIGHT) / 2,
            TOP + ROW / 2 + 4
        );
    }
    // Between the dearest and the cheapest half, a row says how many are left out.
    let half = marks.len() / 2;
    let y_of = |row: usize| TOP + i64::try_from(row).unwrap_or(0) * ROW + ROW / 2;
    for (i, m) in marks.iter().enumerate() {
        let row = if i >= half { i + gap } else { i };
        mark_row(&scale, m, &sources[m.source], y_of(row), out);
    }
    if let Some(b) = between {
        let _ = write!(
            out,
            "<text class=\"between\" x=\"{LABEL_X}\" y=\"{}\">… {} between ${} and ${}, left out here: every one is in comparison.csv</text>",
            y_of(half) + 4,
            crate::text::plural(b.offers, "more offer"),
            usd_cell(b.low),
            usd_cell(b.high)
        );
    }
    let _ = out.write_str("</svg>");
}

/// The reference lines, each labelled with its lane and price above the rows; labels that
/// would touch go on a second line.
fn references_drawn(scale: &Scale, references: &[Reference], bottom: i64, out: &mut impl Write) {
    let mut refs: Vec<&Reference> = references.iter().collect();
    refs.sort_by(|a, b| (a.usd, a.lane).cmp(&(b.usd, b.lane)));
    // Where the last label on each of the two label lines ends.
    let mut ends = [Decimal::MIN, Decimal::MIN];
    for r in refs {
        let x = scale.x(r.usd);
        let label = format!("{} ${}", r.lane, usd_cell(r.usd));
        let half = Decimal::from(label.chars().count() as i64 * 7 / 2 + 3);
        let line = match ends.iter().position(|end| *end < x - half) {
            Some(i) => i,
            None => usize::from(ends[1] < ends[0]),
        };
        ends[line] = x + half;
        let class = r.lane.to_ascii_lowercase().replace('/', "-");
        let x = num(x);
        let _ = write!(
            out,
            "<g class=\"ref ref-{class}\"><line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{bottom}\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
            TOP - 6,
            16 + 15 * line,
            escape(&label)
        );
    }
}

/// One offer's row: its label, a guide line, its mark with a tooltip, and its price.
fn mark_row(
    scale: &Scale,
    m: &Mark,
    (vendor, file): &(String, String),
    y: i64,
    out: &mut impl Write,
) {
    let x = scale.x(m.usd);
    let (label, lane) = match &m.vendor_lane {
        Some(word) => (
            format!("{vendor} · {word}"),
            format!("the vendor's own lane \"{word}\", compared with Google's Standard"),
        ),
        None if m.lane == Lane::Standard => (vendor.clone(), "the standard lane".to_owned()),
        None => (
            format!("{vendor} · {}", m.lane.label()),
            format!("the {} lane", m.lane.label()),
        ),
    };
    let delta = match m.delta_pct {
        Some(d) if d > Decimal::ZERO => format!(" +{}%", pct_cell(d)),
        Some(d) => format!(" {}%", pct_cell(d).replace('-', "−")),
        None => String::new(),
    };
    let against = match (m.official, m.delta_pct) {
        (Some(o), Some(d)) => format!(", {}% against Google's ${}", pct_cell(d), usd_cell(o)),
        (Some(o), None) => format!(", against Google's ${}", usd_cell(o)),
        _ => String::new(),
    };
    let tip = format!(
        "{vendor}: ${} per image (quoted {}) in {lane}{against}: {}. {file}:{}",
        usd_cell(m.usd),
        m.quoted,
        m.verdict.label(),
        m.line
    );
    let right = x < Decimal::from(PLOT_RIGHT - 110);
    let (tx, anchor) = match right {
        true => (x + Decimal::from(11), "start"),
        false => (x - Decimal::from(11), "end"),
    };
    let _ = write!(
        out,
        "<g class=\"row\"><text class=\"who\" x=\"{LABEL_X}\" y=\"{}\">{}</text><line class=\"guide\" x1=\"{PLOT_LEFT}\" y1=\"{y}\" x2=\"{PLOT_RIGHT}\" y2=\"{y}\"/><g class=\"mark {}\" transform=\"translate({},{y})\"><title>{}</title><path d=\"{}\"/></g><text class=\"price\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">${}{delta}</text></g>",
        y + 4,
        escape_cut(&label, LABEL_CHARS),
        m.verdict.label(),
        num(x),
        escape(&tip),
        shape(m.verdict),
        num(tx),
        y + 4,
        usd_cell(m.usd),
    );
}

/// The price axis: from $0 to a round figure above the dearest price, in round steps.
struct Scale {
    step: Decimal,
    end: Decimal,
}

impl Scale {
    fn new(top: Decimal) -> Scale {
        let top = top.max(Decimal::new(1, 2));
        let step = nice_step(top);
        // Whole steps to past the top, with room for the top mark's price; at the very top of
        // what a decimal holds, the top itself.
        let mut end = (top / step).ceil().checked_mul(step).unwrap_or(top);
        if top / end > Decimal::new(92, 2) {
            end = end.checked_add(step).unwrap_or(end);
        }
        Scale { step, end }
    }

    /// Where `usd` is drawn.
    fn x(&self, usd: Decimal) -> Decimal {
        let span = Decimal::from(PLOT_RIGHT - PLOT_LEFT);
        let share = (usd.max(Decimal::ZERO) / self.end).min(Decimal::ONE);
        Decimal::from(PLOT_LEFT) + share * span
    }

    fn ticks(&self) -> Vec<Decimal> {
        let mut ticks = vec![Decimal::ZERO];
        let mut t = Some(self.step);
        while let Some(tick) = t.filter(|t| *t <= self.end && ticks.len() < 12) {
            ticks.push(tick);
            t = tick.checked_add(self.step);
        }
        ticks
    }
}

/// The smallest of 1, 2, 2.5 and 5 times a power of ten that covers `top` in at most five
/// steps; a fifth of `top` beyond any price (past 10^16 USD).
fn nice_step(top: Decimal) -> Decimal {
    let mut unit = Decimal::new(1, 4);
    for _ in 0..20 {
        for m in [
            Decimal::ONE,
            Decimal::TWO,
            Decimal::new(25, 1),
            Decimal::from(5),
        ] {
            let step = unit * m;
            if top <= step * Decimal::from(5) {
                return step;
            }
        }
        unit *= Decimal::TEN;
    }
    top / Decimal::from(5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn steps_are_round_and_cover_the_top_in_five() {
        assert_eq!(nice_step(d("0.067")), d("0.02"));
        assert_eq!(nice_step(d("0.24")), d("0.05"));
        assert_eq!(nice_step(d("0.1")), d("0.02"));
        assert_eq!(nice_step(d("12")), d("2.5"));
    }

    #[test]
    fn the_axis_ends_past_the_dearest_price() {
        let s = Scale::new(d("0.1"));
        assert!(s.end > d("0.1"), "{}", s.end);
        assert_eq!(s.x(Decimal::ZERO), Decimal::from(PLOT_LEFT));
        assert!(s.x(d("0.1")) < Decimal::from(PLOT_RIGHT));
    }

    proptest! {
        /// Any price, however large or small, is drawn inside the plot, and the axis has ticks.
        #[test]
        fn every_price_is_drawn_inside_the_plot(lo: u32, mid: u32, hi: u32, scale in 0u32..=28) {
            let usd = Decimal::from_parts(lo, mid, hi, false, scale);
            let s = Scale::new(usd);
            let x = s.x(usd);
            prop_assert!(x >= Decimal::from(PLOT_LEFT) && x <= Decimal::from(PLOT_RIGHT), "{usd} at {x}");
            prop_assert!(s.ticks().len() >= 2);
        }
    }
}
