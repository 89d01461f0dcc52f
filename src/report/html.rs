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
use std::fmt::Write as _;

use jiff::civil::Date;

use super::ladder::{self, Mark, Reference};
use super::staged::{Spill, Staged};
use crate::check::{FileAudit, FileSummary, Verdict};
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
                    vendor: r.vendor.clone(),
                    lane: r
                        .vendor_lane()
                        .map_or_else(|| r.lane().label().to_owned(), str::to_owned),
                    usd,
                    quoted: format!("{} per {}", r.price_quoted, r.unit.label()),
                    official: r.official_usd,
                    delta_pct: r.delta_pct,
                    verdict: r.verdict,
                    file: r.file.clone(),
                    line: r.line,
                },
            )),
            (_, _, key) => {
                let why = why
                    .get(&r.offer_index)
                    .map_or_else(|| r.verdict.label().to_owned(), String::clone);
                let key = key.filter(|_| r.verdict != Verdict::NoOfficialRow);
                off.push((
                    key,
                    Off {
                        vendor: r.vendor.clone(),
                        route: r.route_quoted.clone(),
                        size: r.size_quoted.clone(),
                        price: format!("{} per {}", r.price_quoted, r.unit.label()),
                        why,
                        file: r.file.clone(),
                        line: r.line,
                    },
                ));
            }
        }
    }
    Part {
        section: section(file, vendor, quote, audit),
        claims: quote.map(|q| claims(q, audit)).unwrap_or_default(),
        marks,
        off,
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
fn counts_table(files: &[FileSummary], s: &mut String) {
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
    s.push_str("<table class=\"counts\"><tr>");
    for (label, class, _) in &cells {
        let _ = write!(s, "<th class=\"{class}\">{label}</th>");
    }
    s.push_str("</tr><tr>");
    for (_, _, n) in &cells {
        let _ = write!(s, "<td>{n}</td>");
    }
    s.push_str("</tr></table>");
}

/// Who owns each part of the contract, as the quote states it.
fn terms_board(q: &Quote, s: &mut String) {
    let t = &q.terms;
    let party = |p: &Option<Sp<Party>>| {
        p.as_ref().map(|p| {
            let who = match p.value {
                Party::Vendor => "the vendor".to_owned(),
                Party::Google => "Google".to_owned(),
                Party::Unknown => "stated as unknown".to_owned(),
            };
            (who, p.at.line)
        })
    };
    let text = |p: &Option<Sp<String>>| p.as_ref().map(|p| (escape(&p.value), p.at.line));
    // Several keys stated as one term: their texts joined, at the first one's line.
    let joined = |parts: Vec<Option<(String, usize)>>| {
        let parts: Vec<(String, usize)> = parts.into_iter().flatten().collect();
        let line = parts.iter().map(|p| p.1).min()?;
        let texts: Vec<String> = parts.into_iter().map(|p| p.0).collect();
        Some((texts.join("; "), line))
    };
    let labelled =
        |label: &str, v: Option<(String, usize)>| v.map(|(t, l)| (format!("{label}: {t}"), l));
    let support = joined(vec![
        party(&t.support),
        labelled("path", text(&t.support_path)),
    ]);
    let data = joined(vec![
        labelled("retention", text(&t.data_retention)),
        labelled(
            "training use",
            t.training_use.as_ref().map(|b| {
                let said = if b.value { "yes" } else { "no" };
                (said.to_owned(), b.at.line)
            }),
        ),
        labelled("region", text(&t.data_region)),
    ]);
    let failed = joined(vec![
        t.failed_generations.as_ref().map(|f| {
            let said = match f.value {
                FailedGenerations::Billed => "billed",
                FailedGenerations::NotBilled => "not billed",
            };
            (said.to_owned(), f.at.line)
        }),
        text(&t.failed_generations_note),
    ]);
    let rows = [
        ("billing", party(&t.billing)),
        ("quota", party(&t.quota)),
        ("support", support),
        ("data handling", data),
        ("failed generations", failed),
        ("upstream", text(&t.upstream)),
        ("recovery", text(&t.recovery)),
    ];
    s.push_str("<h4>Ownership terms</h4><table class=\"terms\"><tr><th>term</th><th>stated</th><th>by whom, or what</th><th>line</th></tr>");
    for (term, stated) in rows {
        match stated {
            Some((what, line)) => {
                let _ = write!(
                    s,
                    "<tr class=\"stated\"><th>{term}</th><td>stated</td><td>{what}</td><td>{line}</td></tr>"
                );
            }
            None => {
                let _ = write!(
                    s,
                    "<tr class=\"unstated\"><th>{term}</th><td>not stated</td><td>ask the vendor</td><td></td></tr>"
                );
            }
        }
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

/// The ladder of one model at one size: its marks, and its offers with no mark.
#[derive(Default)]
struct Ladder {
    marks: Vec<Mark>,
    off: Vec<Off>,
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
    unplaced: Vec<Off>,
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
            unplaced: Vec::new(),
        })
    }

    /// Adds the next file's part.
    pub fn add(&mut self, part: Part) -> Result<(), Error> {
        self.sections.write(&part.section)?;
        for ((spill, n), (text, more)) in self.claims.iter_mut().zip(&part.claims) {
            spill.write(text)?;
            *n += more;
        }
        for (key, mark) in part.marks {
            self.ladders.entry(key).or_default().marks.push(mark);
        }
        for (key, off) in part.off {
            match key {
                Some(key) => self.ladders.entry(key).or_default().off.push(off),
                None => self.unplaced.push(off),
            }
        }
        Ok(())
    }

    /// Writes the whole page into the `i`th staged report: the header, the quotes table and the
    /// ladders, then the sections and the claims board from their temporary files.
    pub fn finish(
        self,
        header: &Header<'_>,
        files: &[FileSummary],
        about_baseline: Option<&Finding>,
        staged: &mut Staged,
        i: usize,
    ) -> Result<(), Error> {
        let mut s = String::new();
        s.push_str(HEAD);
        head(header, files, about_baseline, &mut s);
        quotes_table(files, &mut s);
        ladders(header.baseline, &self.ladders, &self.unplaced, &mut s);
        s.push_str("<section id=\"quotes\"><h2>Quotes</h2>\n");
        staged.write(i, s.as_bytes())?;
        staged.append(i, self.sections)?;
        let mut s = String::from(
            "</section>\n<section id=\"claims\"><h2>Claims board</h2><p class=\"lede\">Each claim under the contract layer it speaks about, with the findings it raised; a claim that speaks about two layers is under both.</p>\n",
        );
        for ((spill, n), (title, what)) in self.claims.into_iter().zip(COLUMNS) {
            let _ = write!(
                s,
                "<h3>{title} <span class=\"n\">{} · {what}</span></h3>",
                plural(n, "claim")
            );
            if n == 0 {
                s.push_str("<p class=\"note\">None.</p>\n");
                continue;
            }
            s.push_str("<table class=\"claims\"><tr><th>vendor</th><th>claim</th><th>finding</th><th>where</th></tr>\n");
            staged.write(i, s.as_bytes())?;
            staged.append(i, spill)?;
            s = String::from("</table>\n");
        }
        s.push_str("</section>\n</main></body></html>\n");
        staged.write(i, s.as_bytes())
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
fn head(h: &Header<'_>, files: &[FileSummary], about_baseline: Option<&Finding>, s: &mut String) {
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
    s.push_str("</dl>");
    counts_table(files, s);
    s.push_str("<nav><a href=\"#ladders\">Price ladders</a> · <a href=\"#quotes\">Quotes</a> · <a href=\"#claims\">Claims board</a></nav></header>\n");
}

/// One line per quote file, linked to its section.
fn quotes_table(files: &[FileSummary], s: &mut String) {
    if files.is_empty() {
        s.push_str("<p class=\"note\">No quote files.</p>");
        return;
    }
    s.push_str("<table class=\"files\"><tr><th>vendor</th><th>file</th><th>received</th><th>rows</th><th>comparable</th><th>worst finding</th></tr>");
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
    s.push_str("</table>\n");
}

/// The ladders, in the baseline's model order and by size, then the offers on none.
fn ladders(b: &Baseline, ladders: &BTreeMap<Key, Ladder>, unplaced: &[Off], s: &mut String) {
    s.push_str("<section id=\"ladders\"><h2>Price ladders</h2><p class=\"lede\">USD per image. Google's price in each lane is a line; each comparable offer is a mark in its row, placed at its price.</p>");
    s.push_str(LEGEND);
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
            plural(ladder.marks.len(), "comparable offer")
        );
        if references.is_empty() {
            s.push_str("<p class=\"note\">The baseline used for these lines has no row for this model at this size; each mark's tooltip gives the price it was compared with.</p>");
        }
        ladder::draw(
            &format!("ladder-{n}"),
            &title,
            &references,
            &ladder.marks,
            s,
        );
        off_list("Not on this ladder", &ladder.off, s);
        s.push_str("</figure>\n");
    }
    off_list(
        "Offers on no ladder: the model or size is unknown, or Google has no price for it",
        unplaced,
        s,
    );
    s.push_str("</section>\n");
}

/// Offers with no mark, each with why.
fn off_list(title: &str, off: &[Off], s: &mut String) {
    if off.is_empty() {
        return;
    }
    let _ = write!(s, "<div class=\"off\"><h4>{title}</h4><ul>");
    for o in off {
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
    s.push_str("</ul></div>");
}

/// The ladders' legend: each verdict's shape and colour.
const LEGEND: &str = concat!(
    "<p class=\"legend\">",
    "<svg width=\"16\" height=\"16\" viewBox=\"-8 -8 16 16\" aria-hidden=\"true\"><g class=\"mark matches-official\"><path d=\"M-6,0 A6,6 0 1,0 6,0 A6,6 0 1,0 -6,0 Z\"/></g></svg> matches Google ",
    "<svg width=\"16\" height=\"16\" viewBox=\"-8 -8 16 16\" aria-hidden=\"true\"><g class=\"mark above-official\"><path d=\"M0,-7 L7,5 L-7,5 Z\"/></g></svg> above ",
    "<svg width=\"16\" height=\"16\" viewBox=\"-8 -8 16 16\" aria-hidden=\"true\"><g class=\"mark below-official\"><path d=\"M0,7 L7,-5 L-7,-5 Z\"/></g></svg> below ",
    "<svg width=\"18\" height=\"18\" viewBox=\"-9 -9 18 18\" aria-hidden=\"true\"><g class=\"mark below-official-batch\"><path d=\"M0,-8 L8,0 L0,8 L-8,0 Z\"/></g></svg> below Google's Batch/Flex price",
    "</p>"
);

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
