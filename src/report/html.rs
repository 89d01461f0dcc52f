//! `report.html`: the audit as one self-contained page a reviewer can open, print or pass on.
//! A header with the baseline snapshot, the date and the counts; a price ladder for each model
//! and size the quotes price ([`super::ladder`]), with the offers that could not be placed on
//! it and why; one section per quote file with its verdict counts, its board of ownership
//! terms and its findings by severity; and the claims board, each claim under the contract
//! layer it speaks about with the findings it raised.
//!
//! The page fetches nothing: its style is inline, its charts are inline SVG, and its content
//! security policy forbids every fetch and script. Vendor text goes through [`visible`], the
//! one output-safety function, and is then HTML-escaped ([`escape`]).
//!
//! Each file's part of the page is made beside its audit, on a worker ([`part`]); the sections
//! and claims are kept in temporary files until the end, when the header and the ladders,
//! which need every file, are written first ([`Page`]).

use std::collections::BTreeMap;
use std::fmt::Write;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::ladder::{self, Between, Mark, Reference, dearest_first};
use super::staged::{Spill, Staged};
use crate::check::{ComparisonRow, FileAudit, FileSummary, unowned, untold};
use crate::diag::Error;
use crate::load::baseline::Baseline;
use crate::model::{FailedGenerations, Finding, Party, Quote, Severity, SizeClass, Sp, Subject};
use crate::normalize::claim::{self, phrases::Layer};
use crate::text::{plural, visible};

/// Vendor text as HTML text or an attribute value: [`visible`], then `&`, `<`, `>`, `"` and
/// `'` as entities.
pub fn escape(s: &str) -> String {
    let v = visible(s);
    let mut out = String::with_capacity(v.len() + 8);
    for c in v.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// [`escape`] of at most `max` characters of `s`, the cut marked with `…`.
pub fn escape_cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", escape(&s[..cut])),
        None => escape(s),
    }
}

/// A ladder: a model at a size.
type Key = (String, SizeClass);

/// An offer on no ladder mark: not comparable, or with no official row, and why.
#[derive(Debug, Clone)]
struct Off {
    vendor: String,
    route: String,
    size: String,
    price: String,
    why: String,
    file: String,
    line: usize,
}

/// The claims board's parts: the four contract layers, then claims that speak of none.
const BOARD: usize = 5;

fn column(layer: Layer) -> usize {
    match layer {
        Layer::OfficialApi => 0,
        Layer::ApiKey => 1,
        Layer::ConsumerSurface => 2,
        Layer::GatewayRoute => 3,
    }
}

const COLUMNS: [(&str, &str); BOARD] = [
    (
        "Official API output",
        "what Google's API returns, and what it costs",
    ),
    ("API key", "credentials: what a key lets you call"),
    (
        "Consumer surface",
        "Gemini app, AI Studio and Google's plans: not API budget",
    ),
    (
        "Gateway or provider",
        "the vendor's own route, credits and promises",
    ),
    (
        "Prices, savings and other claims",
        "prices given as Google's, savings, parity, and claims no rule classes",
    ),
];

/// One quote file's share of the page, made on a worker.
pub struct Part {
    vendor: String,
    file: String,
    section: String,
    /// The claims under each part of the board, and how many.
    claims: [(String, usize); BOARD],
    marks: Vec<(Key, Mark)>,
    off: Vec<(Option<Key>, Off)>,
}

/// The anchor of a file's section.
fn anchor(file: &str) -> String {
    use std::hash::Hasher;
    let mut h = fnv::FnvHasher::default();
    h.write(file.as_bytes());
    format!("q-{:016x}", h.finish())
}

/// The part of the page for `file`, audited as `audit` (`quote` is `None` when the file could
/// not be read).
pub fn part(file: &str, quote: Option<&Quote>, audit: &FileAudit) -> Part {
    let vendor = audit.summary.vendor.as_str();
    let mut marks = Vec::new();
    let mut off = Vec::new();
    let why = reasons(audit);
    for r in &audit.rows {
        let key = r.model.clone().zip(r.size);
        match (r.verdict.is_comparable(), r.price_usd, key) {
            (true, Some(usd), Some(key)) => marks.push((
                key,
                Mark {
                    // The page's number for this file, given when the part is added.
                    source: 0,
                    lane: r.lane(),
                    vendor_lane: r.vendor_lane().map(Box::from),
                    usd,
                    quoted: quoted(r).into(),
                    official: r.official_usd,
                    delta_pct: r.delta_pct,
                    verdict: r.verdict,
                    line: r.line,
                },
            )),
            (_, _, key) => {
                let why = why
                    .get(&r.offer_index)
                    .map_or_else(|| r.verdict.label().to_owned(), String::clone);
                off.push((
                    key,
                    Off {
                        vendor: r.vendor.clone(),
                        route: r.route_quoted.clone(),
                        size: r.size_quoted.clone(),
                        price: quoted(r),
                        why,
                        file: r.file.clone(),
                        line: r.line,
                    },
                ));
            }
        }
    }
    Part {
        vendor: vendor.to_owned(),
        file: file.to_owned(),
        section: section(file, vendor, quote, audit),
        claims: quote.map(|q| claims(q, audit)).unwrap_or_default(),
        marks,
        off,
    }
}

/// The price as the quote writes it, with its unit, and its currency when not USD.
fn quoted(r: &ComparisonRow) -> String {
    match r.currency.as_str() {
        "USD" => format!("{} per {}", r.price_quoted, r.unit.label()),
        currency => format!("{} per {}, in {currency}", r.price_quoted, r.unit.label()),
    }
}

/// Why each offer of the file has no mark, by its index: its most severe finding, the first
/// of them in the file.
fn reasons(audit: &FileAudit) -> BTreeMap<usize, String> {
    let mut worst: BTreeMap<usize, &Finding> = BTreeMap::new();
    for f in &audit.findings {
        if let Subject::Offer { index, .. } = f.subject {
            let kept = worst.entry(index).or_insert(f);
            if f.severity > kept.severity {
                *kept = f;
            }
        }
    }
    worst
        .into_iter()
        .map(|(i, f)| {
            (
                i,
                format!("{} ({}): {}", f.rule.id(), f.severity, f.message),
            )
        })
        .collect()
}

/// A file's section: who and when, verdict counts, ownership terms and findings.
fn section(file: &str, vendor: &str, quote: Option<&Quote>, audit: &FileAudit) -> String {
    let mut s = String::new();
    let name = match vendor.trim() {
        "" => "(could not be read)".to_owned(),
        v => escape(v),
    };
    let _ = write!(
        s,
        "<section class=\"quote\" id=\"{}\"><h3>{name} <span class=\"file\">{}</span></h3>",
        anchor(file),
        escape(file)
    );
    if let Some(q) = quote {
        let mut meta = vec![format!("received {}", q.received.value)];
        if let Some(v) = &q.valid_until {
            meta.push(format!("valid until {}", v.value));
        }
        if let Some(src) = &q.source {
            meta.push(format!("source {}", escape(&src.value)));
        }
        let _ = write!(s, "<p class=\"meta\">{}</p>", meta.join(" · "));
    }
    counts_table(std::slice::from_ref(&audit.summary), &mut s);
    match quote {
        Some(q) if q.price_map.is_some() => {
            s.push_str("<p class=\"note\">A public price map: it states prices only, so the ownership terms and claims do not apply.</p>");
        }
        Some(q) => terms_board(q, &mut s),
        None => {}
    }
    findings_list(&audit.findings, &mut s);
    s.push_str("</section>\n");
    s
}

/// Verdict and severity counts of `files`, as one table row (the whole audit's, summed).
fn counts_table(files: &[FileSummary], s: &mut impl Write) {
    let sum = |f: &dyn Fn(&FileSummary) -> usize| files.iter().map(f).sum::<usize>();
    let cells = [
        (
            "matches",
            "v-matches-official",
            sum(&|f| f.matches_official),
        ),
        ("above", "v-above-official", sum(&|f| f.above_official)),
        ("below", "v-below-official", sum(&|f| f.below_official)),
        (
            "below Batch",
            "v-below-official-batch",
            sum(&|f| f.below_official_batch),
        ),
        ("no official row", "", sum(&|f| f.no_official_row)),
        ("not comparable", "", sum(&|f| f.not_comparable)),
        ("high", "s-high", sum(&|f| f.by_severity[0])),
        ("medium", "s-medium", sum(&|f| f.by_severity[1])),
        ("low", "s-low", sum(&|f| f.by_severity[2])),
        ("info", "s-info", sum(&|f| f.by_severity[3])),
    ];
    let _ = s.write_str("<table class=\"counts\"><tr>");
    for (label, class, _) in &cells {
        let _ = write!(s, "<th class=\"{class}\">{label}</th>");
    }
    let _ = s.write_str("</tr><tr>");
    for (_, _, n) in &cells {
        let _ = write!(s, "<td>{n}</td>");
    }
    let _ = s.write_str("</tr></table>");
}

/// Who owns each part of the contract, as the quote states it. A term is stated when its
/// rule finds no gap: each part it needs written, and not as `unknown` (the rules' own tests,
/// [`unowned`] and [`untold`]); what else the quote says of it is shown beside.
fn terms_board(q: &Quote, s: &mut String) {
    let t = &q.terms;
    // A part the term needs: its label, and what is written (None when it states nothing).
    type Part = (&'static str, Option<(String, usize)>);
    let party = |label, p: &Option<Sp<Party>>| -> Part {
        let who = p.as_ref().filter(|_| !unowned(p)).map(|p| {
            let who = if p.value == Party::Google {
                "Google"
            } else {
                "the vendor"
            };
            (who.to_owned(), p.at.line)
        });
        (label, who)
    };
    let text = |label, p: &Option<Sp<String>>| -> Part {
        let told = p.as_ref().filter(|_| !untold(p));
        (label, told.map(|p| (escape(&p.value), p.at.line)))
    };
    let training = t.training_use.as_ref().map(|b| {
        let said = if b.value { "yes" } else { "no" };
        (said.to_owned(), b.at.line)
    });
    let failed = t.failed_generations.as_ref().map(|f| {
        let said = match f.value {
            FailedGenerations::Billed => "billed",
            FailedGenerations::NotBilled => "not billed",
        };
        (said.to_owned(), f.at.line)
    });
    // Each term: the parts its rule needs, then what the quote adds.
    let rows: [(&str, Vec<Part>, Vec<Part>); 9] = [
        ("billing", vec![party("", &t.billing)], vec![]),
        ("quota", vec![party("", &t.quota)], vec![]),
        (
            "support",
            vec![party("", &t.support), text("path", &t.support_path)],
            vec![],
        ),
        (
            "data handling",
            vec![
                text("retention", &t.data_retention),
                ("training use", training),
            ],
            vec![text("region", &t.data_region)],
        ),
        (
            "failed generations",
            vec![("", failed)],
            vec![text("note", &t.failed_generations_note)],
        ),
        ("upstream", vec![text("", &t.upstream)], vec![]),
        ("recovery", vec![text("", &t.recovery)], vec![]),
        ("safety", vec![text("", &t.safety)], vec![]),
        ("uptime", vec![text("", &t.uptime)], vec![]),
    ];
    s.push_str("<h4>Ownership terms</h4><table class=\"terms\"><tr><th>term</th><th>stated</th><th>by whom, or what</th><th>line</th></tr>");
    for (term, needed, more) in rows {
        let missing: Vec<&str> = needed
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(label, _)| *label)
            .collect();
        let (class, status) = match missing.len() {
            0 => ("stated", "stated"),
            n if n == needed.len() => ("unstated", "not stated"),
            _ => ("unstated", "partly stated"),
        };
        let mut what = Vec::new();
        let mut lines = Vec::new();
        for (label, v) in needed.iter().chain(&more) {
            if let Some((said, line)) = v {
                what.push(match label.is_empty() {
                    true => said.clone(),
                    false => format!("{label}: {said}"),
                });
                lines.push(line.to_string());
            }
        }
        if !missing.is_empty() {
            let ask: Vec<&str> = missing.iter().copied().filter(|m| !m.is_empty()).collect();
            what.push(match ask.is_empty() {
                true => "ask the vendor".to_owned(),
                false => format!("ask the vendor: {}", ask.join(", ")),
            });
        }
        let _ = write!(
            s,
            "<tr class=\"{class}\"><th>{term}</th><td>{status}</td><td>{}</td><td>{}</td></tr>",
            what.join("; "),
            lines.join(", ")
        );
    }
    s.push_str("</table>");
}

/// A file's findings, most severe first, with the vendor's words and `file:line`.
fn findings_list(findings: &[Finding], s: &mut String) {
    if findings.is_empty() {
        s.push_str("<p class=\"note\">No finding.</p>");
        return;
    }
    s.push_str("<h4>Findings</h4>");
    for level in Severity::ALL {
        let these: Vec<&Finding> = findings.iter().filter(|f| f.severity == level).collect();
        if these.is_empty() {
            continue;
        }
        let _ = write!(
            s,
            "<h5 class=\"s-{level}\">{level} · {}</h5><ul class=\"findings\">",
            these.len()
        );
        for f in these {
            s.push_str("<li>");
            finding_item(f, s);
            s.push_str("</li>");
        }
        s.push_str("</ul>");
    }
}

/// One finding: its rule, what to do, the vendor's words and where.
fn finding_item(f: &Finding, s: &mut String) {
    let _ = write!(
        s,
        "<code class=\"rule\">{}</code> {}",
        f.rule.id(),
        escape(&f.message)
    );
    if !f.evidence.is_empty() {
        let _ = write!(s, " <q>{}</q>", escape(&f.evidence));
    }
    let _ = write!(
        s,
        " <span class=\"at\">{}:{}</span>",
        escape(&f.file),
        f.line
    );
}

/// The quote's claims, by part of the board: each under every layer it speaks about (or under the
/// last part when it speaks of none), with the findings it raised.
fn claims(q: &Quote, audit: &FileAudit) -> [(String, usize); BOARD] {
    let mut out: [(String, usize); BOARD] = Default::default();
    let mut raised: BTreeMap<usize, Vec<&Finding>> = BTreeMap::new();
    for f in &audit.findings {
        if let Subject::Claim(k) = f.subject {
            raised.entry(k).or_default().push(f);
        }
    }
    for (k, c) in q.claims.iter().enumerate() {
        let reading = claim::read(&c.value);
        let mut columns: Vec<usize> = reading
            .layers
            .iter()
            .map(|(p, _)| column(p.layer))
            .collect();
        columns.sort_unstable();
        columns.dedup();
        if columns.is_empty() {
            columns.push(BOARD - 1);
        }
        let mut item = format!(
            "<tr><td class=\"who\">{}</td><td><q>{}</q></td><td>",
            escape(&q.vendor.value),
            escape(&c.value),
        );
        let raised = raised.get(&k).map_or(&[][..], Vec::as_slice);
        if raised.is_empty() {
            item.push_str("<span class=\"note\">no finding</span>");
        }
        for f in raised {
            let _ = write!(
                item,
                "<p><b class=\"s-{}\">{}</b> <code class=\"rule\">{}</code> {}</p>",
                f.severity,
                f.severity,
                f.rule.id(),
                escape(&f.message)
            );
        }
        let _ = writeln!(
            item,
            "</td><td class=\"at\">{}:{}</td></tr>",
            escape(&q.file),
            c.at.line
        );
        for i in columns {
            out[i].0.push_str(&item);
            out[i].1 += 1;
        }
    }
    out
}

/// At most this many marks a ladder draws: the dearest half and the cheapest half, so a
/// ladder of thousands of offers still shows its extremes; the offers between are counted.
const MARKS: usize = 200;
/// At most this many offers a list of offers with no mark shows; the rest are counted.
const LISTED: usize = 100;

/// The ladder of one model at one size: its marks, and its offers with no mark.
#[derive(Default)]
struct Ladder {
    marks: Vec<Mark>,
    /// The offers left out between the dearest and the cheapest marks.
    between: Option<Between>,
    off: Listed,
}

impl Ladder {
    /// Keeps the dearest and the cheapest [`MARKS`] / 2 marks, counting the rest.
    fn keep_ends(&mut self, sources: &[(String, String)]) {
        if self.marks.len() <= MARKS {
            return;
        }
        self.marks.sort_by(|a, b| dearest_first(a, b, sources));
        let half = MARKS / 2;
        let end = self.marks.len() - half;
        let left: Vec<Decimal> = self.marks.drain(half..end).map(|m| m.usd).collect();
        let (high, low) = (left[0], left[left.len() - 1]);
        self.between = Some(match self.between {
            Some(b) => Between {
                offers: b.offers + left.len(),
                low: b.low.min(low),
                high: b.high.max(high),
            },
            None => Between {
                offers: left.len(),
                low,
                high,
            },
        });
    }
}

/// Offers with no mark: the first [`LISTED`] added, and how many more. (Offers on no ladder
/// are added in file order as the files come, then those of each undrawn ladder in turn.)
#[derive(Default)]
struct Listed {
    shown: Vec<Off>,
    more: usize,
}

impl Listed {
    fn push(&mut self, off: Off) {
        match self.shown.len() < LISTED {
            true => self.shown.push(off),
            false => self.more += 1,
        }
    }
}

/// What the header says of the run.
pub struct Header<'a> {
    pub baseline: &'a Baseline,
    /// Which snapshot or snapshots the quotes were compared with.
    pub compared_with: &'a str,
    pub as_of: Date,
}

/// The page while files are added: the sections and claims in temporary files, the ladders'
/// marks in memory.
pub struct Page {
    sections: Spill,
    claims: [(Spill, usize); BOARD],
    ladders: BTreeMap<Key, Ladder>,
    /// The vendor and file of the marks' files, by the number each mark carries.
    sources: Vec<(String, String)>,
    unplaced: Listed,
}

impl Page {
    /// A page with its temporary files in the reports' staging folder.
    pub fn new(staged: &Staged) -> Result<Page, Error> {
        let mut claims = Vec::with_capacity(BOARD);
        for _ in 0..BOARD {
            claims.push((staged.spill()?, 0));
        }
        Ok(Page {
            sections: staged.spill()?,
            claims: claims.try_into().unwrap_or_else(|_| unreachable!()),
            ladders: BTreeMap::new(),
            sources: Vec::new(),
            unplaced: Listed::default(),
        })
    }

    /// Adds the next file's part.
    pub fn add(&mut self, part: Part) -> Result<(), Error> {
        self.sections.write(&part.section)?;
        for ((spill, n), (text, more)) in self.claims.iter_mut().zip(&part.claims) {
            spill.write(text)?;
            *n += more;
        }
        if !part.marks.is_empty() {
            self.sources.push((part.vendor, part.file));
        }
        let source = self.sources.len().wrapping_sub(1);
        for (key, mark) in part.marks {
            let mark = Mark { source, ..mark };
            let ladder = self.ladders.entry(key).or_default();
            ladder.marks.push(mark);
            if ladder.marks.len() >= 2 * MARKS {
                ladder.keep_ends(&self.sources);
            }
        }
        for (key, off) in part.off {
            match key {
                Some(key) => self.ladders.entry(key).or_default().off.push(off),
                None => self.unplaced.push(off),
            }
        }
        Ok(())
    }

    /// Makes the ladders ready to draw: each keeps its dearest and cheapest marks, and a
    /// ladder of a model and size the baseline has no row for, with no mark, is no ladder: its
    /// offers go to the list of offers on none.
    fn settle(&mut self, b: &Baseline) {
        let has_row = |(model, size): &Key| {
            b.routes
                .iter()
                .any(|r| r.id == *model && r.row(*size).is_some())
        };
        let mut drawn = BTreeMap::new();
        for (key, mut ladder) in std::mem::take(&mut self.ladders) {
            if ladder.marks.is_empty() && !has_row(&key) {
                for off in ladder.off.shown {
                    self.unplaced.push(off);
                }
                self.unplaced.more += ladder.off.more;
                continue;
            }
            ladder.keep_ends(&self.sources);
            drawn.insert(key, ladder);
        }
        self.ladders = drawn;
    }

    /// Writes the whole page into the `i`th staged report: the header, the quotes table and the
    /// ladders, then the sections and the claims board from their temporary files.
    pub fn finish(
        mut self,
        header: &Header<'_>,
        files: &[FileSummary],
        about_baseline: Option<&Finding>,
        staged: &mut Staged,
        i: usize,
    ) -> Result<(), Error> {
        let mut w = Sink {
            staged,
            report: i,
            buf: String::new(),
            failed: None,
        };
        self.settle(header.baseline);
        let _ = w.write_str(HEAD);
        head(header, files, about_baseline, &mut w);
        quotes_table(files, &mut w);
        ladders(header.baseline, &self, &mut w);
        let _ = w.write_str("<section id=\"quotes\"><h2>Quotes</h2>\n");
        w.append(self.sections)?;
        let _ = w.write_str("</section>\n<section id=\"claims\"><h2>Claims board</h2><p class=\"lede\">Each claim under the contract layer it speaks about, with the findings it raised; a claim that speaks about two layers is under both.</p>\n");
        for ((spill, n), (title, what)) in self.claims.into_iter().zip(COLUMNS) {
            let _ = write!(
                w,
                "<h3>{title} <span class=\"n\">{} · {what}</span></h3>",
                plural(n, "claim")
            );
            if n == 0 {
                let _ = w.write_str("<p class=\"note\">None.</p>\n");
                continue;
            }
            let _ = w.write_str("<table class=\"claims\"><tr><th>vendor</th><th>claim</th><th>finding</th><th>where</th></tr>\n");
            w.append(spill)?;
            let _ = w.write_str("</table>\n");
        }
        let _ = w.write_str("</section>\n</main></body></html>\n");
        w.close()
    }
}

/// The page on its way into its staged report: text gathers in a buffer written out every
/// 64 KiB, so the page is never held whole. The first write error is kept, and said by
/// [`Sink::append`] or [`Sink::close`].
struct Sink<'a> {
    staged: &'a mut Staged,
    report: usize,
    buf: String,
    failed: Option<Error>,
}

impl Write for Sink<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        if self.failed.is_some() {
            return Err(std::fmt::Error);
        }
        self.buf.push_str(text);
        if self.buf.len() >= 1 << 16 {
            self.flush();
        }
        Ok(())
    }
}

impl Sink<'_> {
    fn flush(&mut self) {
        if self.failed.is_none() {
            match self.staged.write(self.report, self.buf.as_bytes()) {
                Ok(()) => self.buf.clear(),
                Err(e) => self.failed = Some(e),
            }
        }
    }

    /// Writes what is buffered, then what `spill` holds.
    fn append(&mut self, spill: Spill) -> Result<(), Error> {
        self.flush();
        match self.failed.take() {
            Some(e) => Err(e),
            None => self.staged.append(self.report, spill),
        }
    }

    fn close(mut self) -> Result<(), Error> {
        self.flush();
        self.failed.map_or(Ok(()), Err)
    }
}

/// The page's head: no script, nothing fetched, the style inline.
const HEAD: &str = concat!(
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
    "<title>quote-audit report</title><style>\n",
    include_str!("report.css"),
    "</style></head><body><main>\n"
);

/// The header: what the quotes were compared with, on which date, and the counts.
fn head(
    h: &Header<'_>,
    files: &[FileSummary],
    about_baseline: Option<&Finding>,
    s: &mut impl Write,
) {
    let b = h.baseline;
    let rows: Vec<bool> = b
        .routes
        .iter()
        .flat_map(|r| &r.rows)
        .map(|r| r.verified)
        .collect();
    let verified = rows.iter().filter(|v| **v).count();
    let offers: usize = files.iter().map(|f| f.quoted).sum();
    let compared: usize = files.iter().map(|f| f.offers).sum();
    let _ = write!(
        s,
        "<header><h1>quote-audit report</h1><p class=\"lede\">{} ({}) in {}, compared with {}.</p><dl>",
        plural(offers, "offer"),
        plural(compared, "comparison row"),
        plural(files.len(), "quote file"),
        escape(h.compared_with)
    );
    let _ = write!(
        s,
        "<dt>Baseline snapshot</dt><dd>checked {} · owner {} · source {} · {verified} of {} rows read from the owner's page</dd><dt>As of</dt><dd>{}</dd>",
        b.checked_on,
        escape(&b.owner),
        escape(&b.source),
        rows.len(),
        h.as_of
    );
    if let Some(f) = about_baseline {
        let _ = write!(
            s,
            "<dt>About the baseline</dt><dd class=\"s-{}\">{} <code class=\"rule\">{}</code> {}</dd>",
            f.severity,
            f.severity,
            f.rule.id(),
            escape(&f.message)
        );
    }
    let _ = s.write_str("</dl>");
    counts_table(files, s);
    let _ = s.write_str("<nav><a href=\"#ladders\">Price ladders</a> · <a href=\"#quotes\">Quotes</a> · <a href=\"#claims\">Claims board</a></nav></header>\n");
}

/// One line per quote file, linked to its section.
fn quotes_table(files: &[FileSummary], s: &mut impl Write) {
    if files.is_empty() {
        let _ = s.write_str("<p class=\"note\">No quote files.</p>");
        return;
    }
    let _ = s.write_str("<table class=\"files\"><tr><th>vendor</th><th>file</th><th>received</th><th>rows</th><th>comparable</th><th>worst finding</th></tr>");
    for f in files {
        let vendor = match f.vendor.trim() {
            "" => "(could not be read)".to_owned(),
            v => escape(v),
        };
        let worst = f.worst().map_or("none", |w| w.label());
        let _ = write!(
            s,
            "<tr><td><a href=\"#{}\">{vendor}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"s-{worst}\">{worst}</td></tr>",
            anchor(&f.file),
            escape(&f.file),
            f.received.map(|d| d.to_string()).unwrap_or_default(),
            f.offers,
            f.comparable
        );
    }
    let _ = s.write_str("</table>\n");
}

/// The ladders, in the baseline's model order and by size, then the offers on none.
fn ladders(b: &Baseline, page: &Page, s: &mut impl Write) {
    let ladders = &page.ladders;
    let _ = s.write_str("<section id=\"ladders\"><h2>Price ladders</h2><p class=\"lede\">USD per image. Google's price in each lane is a line; each comparable offer is a mark in its row, placed at its price.</p>");
    let _ = s.write_str(&ladder::legend());
    let position = |model: &str| b.routes.iter().position(|r| r.id == model);
    let mut keys: Vec<&Key> = ladders.keys().collect();
    keys.sort_by_key(|(model, size)| {
        (position(model).unwrap_or(usize::MAX), model.as_str(), *size)
    });
    for (n, key @ (model, size)) in keys.into_iter().enumerate() {
        let ladder = &ladders[key];
        let route = b.routes.iter().find(|r| r.id == *model);
        let name = route.map_or(model.as_str(), |r| r.name.as_str());
        let mut references = Vec::new();
        if let Some(row) = route.and_then(|r| r.row(*size)) {
            references.push(Reference {
                lane: "Standard",
                usd: row.standard,
            });
            references.push(Reference {
                lane: "Batch/Flex",
                usd: row.batch,
            });
            if let Some(p) = row.priority {
                references.push(Reference {
                    lane: "Priority",
                    usd: p,
                });
            }
        }
        let title = format!("{name} ({model}) at {size}");
        let _ = write!(
            s,
            "<figure class=\"ladder\" data-model=\"{}\" data-size=\"{size}\"><figcaption>{} <span class=\"n\">{}</span></figcaption>",
            escape(model),
            escape(&title),
            plural(
                ladder.marks.len() + ladder.between.map_or(0, |b| b.offers),
                "comparable offer"
            )
        );
        if references.is_empty() {
            let _ = s.write_str("<p class=\"note\">The baseline used for these lines has no row for this model at this size; each mark's tooltip gives the price it was compared with.</p>");
        }
        ladder::draw(
            &format!("ladder-{n}"),
            &title,
            &references,
            &ladder.marks,
            ladder.between,
            &page.sources,
            s,
        );
        off_list("Not on this ladder", &ladder.off, s);
        let _ = s.write_str("</figure>\n");
    }
    off_list(
        "Offers on no ladder: the model or size is unknown, or Google has no price for it",
        &page.unplaced,
        s,
    );
    let _ = s.write_str("</section>\n");
}

/// Offers with no mark, each with why.
fn off_list(title: &str, off: &Listed, s: &mut impl Write) {
    if off.shown.is_empty() {
        return;
    }
    let _ = write!(s, "<div class=\"off\"><h4>{title}</h4><ul>");
    for o in &off.shown {
        let _ = write!(
            s,
            "<li><span class=\"who\">{}</span> {} at {}: {} — {} <span class=\"at\">{}:{}</span></li>",
            escape(&o.vendor),
            escape(&o.route),
            escape(&o.size),
            escape(&o.price),
            escape(&o.why),
            escape(&o.file),
            o.line
        );
    }
    if off.more > 0 {
        let _ = write!(
            s,
            "<li class=\"note\">and {}: each is in comparison.csv, and why in findings.csv</li>",
            plural(off.more, "more offer")
        );
    }
    let _ = s.write_str("</ul></div>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_text_is_escaped_and_made_visible() {
        assert_eq!(
            escape("<img src=x onerror='a()'>&\"\u{202E}"),
            "&lt;img src=x onerror=&#39;a()&#39;&gt;&amp;&quot;\\u{202E}"
        );
        assert_eq!(escape_cut("abcdef", 3), "abc…");
        assert_eq!(escape_cut("a<b", 3), "a&lt;b");
    }
}
