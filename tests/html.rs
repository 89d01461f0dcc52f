//! report.html: one mark per comparable offer on its model and size's ladder, vendor text that
//! stays text whatever it holds, and the page as headless Chromium draws it (no console
//! error, every mark inside its chart), with the README's screenshot refreshed by the bless
//! step.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use scraper::{ElementRef, Html, Selector};

use crate::support::*;

/// The bundled examples audited on the committed reports' date into `out`.
fn bundled(out: &std::path::Path) {
    audit_bundled("2026-06-01", out, &[]);
}

fn select(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// comparison.csv's comparable rows, as `file:line` by model and size.
fn comparable(dir: &std::path::Path) -> BTreeMap<(String, String), Vec<String>> {
    let text = std::fs::read_to_string(dir.join("comparison.csv")).unwrap();
    let mut by_ladder: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for r in read_csv(&text) {
        let comparable = matches!(
            r["verdict"].as_str(),
            "matches-official" | "above-official" | "below-official" | "below-official-batch"
        );
        if comparable {
            by_ladder
                .entry((r["model"].clone(), r["size"].clone()))
                .or_default()
                .push(format!("{}:{}", r["file"], r["line"]));
        }
    }
    by_ladder
}

#[test]
fn every_comparable_offer_is_one_mark_on_its_model_and_size_ladder() {
    let out = tempfile::tempdir().unwrap();
    bundled(out.path());
    let want = comparable(out.path());
    let page =
        Html::parse_document(&std::fs::read_to_string(out.path().join("report.html")).unwrap());
    let mut drawn: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for figure in page.select(&select("figure.ladder")) {
        let key = (
            figure.attr("data-model").unwrap().to_owned(),
            figure.attr("data-size").unwrap().to_owned(),
        );
        let marks: Vec<String> = figure
            .select(&select("svg.ladder g.mark title"))
            .map(|t| {
                let tip: String = t.text().collect();
                tip.rsplit(". ").next().unwrap().to_owned()
            })
            .collect();
        if marks.is_empty() {
            // A ladder with no mark is there for the offers it could not place.
            assert!(
                figure.select(&select(".off li")).next().is_some(),
                "{key:?} has neither a mark nor an offer off it"
            );
            continue;
        }
        assert!(drawn.insert(key.clone(), marks).is_none(), "{key:?} twice");
    }
    for marks in want.values() {
        assert!(!marks.is_empty());
    }
    let sorted = |m: &BTreeMap<(String, String), Vec<String>>| {
        m.iter()
            .map(|(k, v)| {
                let mut v = v.clone();
                v.sort();
                (k.clone(), v)
            })
            .collect::<BTreeMap<_, _>>()
    };
    assert_eq!(sorted(&drawn), sorted(&want));
    // Eight ladders in the examples: Nano Banana 2 at four sizes, Pro at three, 2.5 at one.
    assert_eq!(want.len(), 8, "{:?}", want.keys());
}

/// The elements the page is made of: anything else came from vendor text.
const ELEMENTS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "header",
    "nav",
    "section",
    "figure",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "p",
    "dl",
    "dt",
    "dd",
    "table",
    "tbody",
    "tr",
    "th",
    "td",
    "ul",
    "li",
    "a",
    "b",
    "q",
    "code",
    "span",
    "div",
    "svg",
    "g",
    "line",
    "text",
    "path",
];

const HOSTILE: [&str; 6] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "' onmouseover='alert(1)",
    "</title></svg><iframe src=//evil.example>",
    "&amp; &lt;b&gt; <!-- ]]>",
];

#[test]
fn vendor_text_in_report_html_is_text_never_markup() {
    let s = Sandbox::new();
    let [a, b, c, _, e, f] = HOSTILE.map(|h| format!("{h:?}"));
    let d = format!("{:?}", format!("{} free API key", HOSTILE[3]));
    s.write(
        "quotes/q.yaml",
        format!(
            "vendor: {a}\nreceived: 2026-05-01\nsource: {b}\nclaims:\n  - {c}\n  - {d}\noffers:\n  - {{route: NB2, size: 2K, price: 0.09, id: {e}, note: {f}}}\n  - {{route: {a}, size: 1K, price: 0.05}}\n  - {{route: NB2, size: {c}, price: 0.05}}\nterms:\n  billing: vendor\n  upstream: {e}\n  data_retention: {f}\n"
        ),
    );
    let out = s.audit(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let raw = s.read("reports/report.html");
    let page = Html::parse_document(&raw);
    assert!(page.errors.is_empty(), "{:?}", page.errors);
    let mut tags = 0;
    for el in page
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        tags += 1;
        let name = el.value().name();
        assert!(ELEMENTS.contains(&name), "a <{name}> element in the page");
        for (attr, value) in el.value().attrs() {
            assert!(!attr.starts_with("on"), "{attr}={value:?} on <{name}>");
            if attr == "href" {
                assert!(value.starts_with('#'), "a link out of the page: {value}");
            }
        }
    }
    assert!(tags > 100, "{tags} elements");
    // Every hostile string is in the page's text, as written.
    let text: String = page.root_element().text().collect();
    for h in HOSTILE {
        assert!(text.contains(h), "{h:?} is not in the page's text");
    }
    // Within the ladder, the vendor's name is the mark's label and part of its tooltip.
    let mark = page.select(&select("g.mark title")).next().expect("a mark");
    let tip: String = mark.text().collect();
    assert!(tip.starts_with(HOSTILE[0]), "{tip}");
}

/// Chromium, where the machine has it: `CHROMIUM`, or Debian's `/usr/bin/chromium`.
fn chromium() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "/usr/bin/chromium".into());
    if path.exists() {
        return Some(path);
    }
    // CI installs it (`.ci/run`) and says the test must run.
    assert!(
        std::env::var_os("REQUIRE_CHROMIUM").is_none(),
        "REQUIRE_CHROMIUM is set but there is no Chromium at {}: install Debian's chromium or set CHROMIUM",
        path.display()
    );
    eprintln!(
        "report.html was not rendered: no Chromium at {} (install Debian's chromium, or set CHROMIUM)",
        path.display()
    );
    None
}

/// Width of the page in the README's screenshot, in CSS pixels.
const SHOT_WIDTH: u32 = 1100;

#[test]
fn report_html_renders_in_chromium_without_errors_and_every_mark_inside_its_chart() {
    use headless_chrome::protocol::cdp::Page::{
        CaptureScreenshot, CaptureScreenshotFormatOption, Viewport,
    };
    use headless_chrome::{Browser, LaunchOptions};

    let Some(path) = chromium() else { return };
    let out = tempfile::tempdir().unwrap();
    bundled(out.path());
    let marks: usize = comparable(out.path()).values().map(Vec::len).sum();
    let flags = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]
    .map(std::ffi::OsStr::new);
    let browser = Browser::new(
        LaunchOptions::default_builder()
            .path(Some(path))
            .sandbox(false)
            .window_size(Some((SHOT_WIDTH, 900)))
            .args(flags.to_vec())
            .build()
            .unwrap(),
    )
    .unwrap();
    let (tab, problems) = open(&browser, &out.path().join("report.html"));
    let measured = tab
        .evaluate(
            r#"(() => {
                const inside = [...document.querySelectorAll('svg.ladder g.mark')].filter(m => {
                    const r = m.getBoundingClientRect(), s = m.ownerSVGElement.getBoundingClientRect();
                    return r.width > 0 && r.height > 0 && r.left >= s.left && r.right <= s.right
                        && r.top >= s.top && r.bottom <= s.bottom;
                }).length;
                const all = document.querySelectorAll('svg.ladder g.mark').length;
                const end = document.getElementById('quotes').getBoundingClientRect().top + window.scrollY;
                return JSON.stringify([inside, all, Math.ceil(end), document.documentElement.scrollWidth]);
            })()"#,
            false,
        )
        .unwrap()
        .value
        .expect("the page answers");
    let [inside, all, end, width]: [u64; 4] =
        serde_json::from_str(measured.as_str().unwrap()).unwrap();
    assert_eq!(all as usize, marks, "marks drawn against comparable offers");
    assert_eq!(inside as usize, marks, "marks drawn inside their chart");
    assert!(
        width <= u64::from(SHOT_WIDTH),
        "the page is {width} px wide"
    );
    let problems = heard(&tab, &problems);
    assert!(problems.is_empty(), "the page logged: {problems:#?}");
    // The header and every ladder, down to the quotes.
    let shot = tab
        .call_method(CaptureScreenshot {
            format: Some(CaptureScreenshotFormatOption::Png),
            quality: None,
            clip: Some(Viewport {
                x: 0.0,
                y: 0.0,
                width: f64::from(SHOT_WIDTH),
                height: end as f64,
                scale: 1.0,
            }),
            from_surface: Some(true),
            capture_beyond_viewport: Some(true),
            optimize_for_speed: None,
        })
        .unwrap();
    let png = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(shot.data)
            .unwrap()
    };
    let shot = out.path().join("report.png");
    std::fs::write(&shot, &png).unwrap();
    let (w, h) = png_size(&png);
    assert_eq!(w, SHOT_WIDTH, "{}", shot.display());
    assert_eq!(u64::from(h), end, "{}", shot.display());
    // The same page fetching one image is heard: the check above can fail.
    let page = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    let probe = out.path().join("probe.html");
    std::fs::write(
        &probe,
        page.replacen(
            "<main>",
            "<main><img src=\"https://evil.example/x.png\">",
            1,
        ),
    )
    .unwrap();
    let (probe_tab, probed) = open(&browser, &probe);
    let probed = heard(&probe_tab, &probed);
    assert!(
        probed.iter().any(|p| p.contains("Content Security Policy")),
        "the fetch was not heard: {probed:#?}"
    );
    let committed = repo().join("docs/report.png");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&committed, &png).unwrap();
        return;
    }
    // Fonts differ between machines, so the pixels may too; the page's shape may not.
    let (cw, ch) = png_size(&std::fs::read(&committed).unwrap());
    let near = u64::from(ch).abs_diff(end) * 100 <= end * 3;
    assert!(
        cw == SHOT_WIDTH && near,
        "docs/report.png is {cw}×{ch}, the page now {SHOT_WIDTH}×{end}: run UPDATE_EXPECT=1 cargo test to refresh it"
    );
}

/// What a page logs: a resource it tried to fetch, a policy it broke, a script error.
type Heard = Arc<Mutex<Vec<String>>>;

/// The page at `path` in a new tab, loaded, and what it logs.
fn open(
    browser: &headless_chrome::Browser,
    path: &std::path::Path,
) -> (Arc<headless_chrome::Tab>, Heard) {
    use headless_chrome::protocol::cdp::Page::AddScriptToEvaluateOnNewDocument;
    use headless_chrome::protocol::cdp::types::Event;
    let tab = browser.new_tab().unwrap();
    let problems: Heard = Arc::default();
    let seen = Arc::clone(&problems);
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let said = match event {
            Event::LogEntryAdded(e) => Some(format!(
                "{:?}: {}",
                e.params.entry.level, e.params.entry.text
            )),
            Event::RuntimeExceptionThrown(e) => {
                Some(format!("exception: {:?}", e.params.exception_details.text))
            }
            Event::RuntimeConsoleAPICalled(e) => Some(format!("console.{:?}", e.params.Type)),
            _ => None,
        };
        if let Some(said) = said {
            seen.lock().unwrap().push(said);
        }
    }))
    .unwrap();
    tab.enable_log().unwrap();
    tab.enable_runtime().unwrap();
    // The page itself hears what the protocol's log may not carry: a fetch its policy refused,
    // a resource that failed, a script error.
    tab.call_method(AddScriptToEvaluateOnNewDocument {
        source: WATCH.to_owned(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .unwrap();
    tab.navigate_to(&format!("file://{}", path.display()))
        .unwrap();
    // A file has no network to wait for: the page is ready when the document says so.
    let ready = || {
        let state = tab.evaluate("document.readyState", false).ok()?.value?;
        Some(state.as_str()? == "complete")
    };
    let started = std::time::Instant::now();
    while ready() != Some(true) {
        assert!(
            started.elapsed().as_secs() < 30,
            "{} never finished loading",
            path.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    (tab, problems)
}

/// Installed in the page before it loads: what it refuses or fails to load, and its errors.
const WATCH: &str = r#"
window.__heard = [];
document.addEventListener('securitypolicyviolation',
    e => window.__heard.push('Content Security Policy refused ' + e.blockedURI), true);
window.addEventListener('error',
    e => window.__heard.push('error: ' + (e.message || (e.target && (e.target.src || e.target.href)))), true);
"#;

/// What the page and its log said, once entries logged before `enable_log` have arrived.
fn heard(tab: &headless_chrome::Tab, problems: &Heard) -> Vec<String> {
    std::thread::sleep(std::time::Duration::from_millis(300));
    let said = tab
        .evaluate("JSON.stringify(window.__heard)", false)
        .unwrap()
        .value
        .expect("the watch is installed");
    let mut all: Vec<String> = serde_json::from_str(said.as_str().unwrap()).unwrap();
    all.extend(problems.lock().unwrap().iter().cloned());
    all
}

/// A PNG's width and height, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// A number in an attribute or a label: `312.5`, `$0.067`.
fn figure(text: &str) -> f64 {
    text.trim()
        .trim_start_matches('$')
        .parse()
        .unwrap_or_else(|_| panic!("{text:?}"))
}

#[test]
fn marks_and_lines_stand_at_their_prices_on_the_axis() {
    let out = tempfile::tempdir().unwrap();
    bundled(out.path());
    let text = std::fs::read_to_string(out.path().join("comparison.csv")).unwrap();
    // An offer priced at several sizes has a row, and a mark, per size.
    let rows: BTreeMap<(String, String), BTreeMap<String, String>> = read_csv(&text)
        .into_iter()
        .map(|r| {
            (
                (format!("{}:{}", r["file"], r["line"]), r["size"].clone()),
                r,
            )
        })
        .collect();
    let page =
        Html::parse_document(&std::fs::read_to_string(out.path().join("report.html")).unwrap());
    let mut marks = 0;
    for ladder in page.select(&select("figure.ladder")) {
        let size = ladder.attr("data-size").unwrap();
        let svg = ladder.select(&select("svg.ladder")).next().unwrap();
        // The axis: its first and last ticks give where a price stands.
        let ticks: Vec<(f64, f64)> = svg
            .select(&select("g.axis text"))
            .map(|t| {
                (
                    figure(t.attr("x").unwrap()),
                    figure(&t.text().collect::<String>()),
                )
            })
            .collect();
        let ((x0, p0), (x1, p1)) = (ticks[0], ticks[ticks.len() - 1]);
        assert_eq!(p0, 0.0);
        let at = |usd: f64| x0 + (usd - p0) / (p1 - p0) * (x1 - x0);
        let mut lanes = BTreeMap::new();
        for r in svg.select(&select("g.ref")) {
            let label: String = r.select(&select("text")).next().unwrap().text().collect();
            let (lane, price) = label.rsplit_once(' ').unwrap();
            let x = figure(
                r.select(&select("line"))
                    .next()
                    .unwrap()
                    .attr("x1")
                    .unwrap(),
            );
            assert!((x - at(figure(price))).abs() < 0.11, "{label} drawn at {x}");
            lanes.insert(lane.to_owned(), price.trim_start_matches('$').to_owned());
        }
        for m in svg.select(&select("g.mark")) {
            marks += 1;
            let tip: String = m.select(&select("title")).next().unwrap().text().collect();
            let row = &rows[&(tip.rsplit(". ").next().unwrap().to_owned(), size.to_owned())];
            assert_eq!(row["model"], ladder.attr("data-model").unwrap());
            let transform = m.attr("transform").unwrap();
            let (x, y) = transform
                .trim_start_matches("translate(")
                .trim_end_matches(')')
                .split_once(',')
                .unwrap();
            let (x, y) = (figure(x), figure(y));
            // On its own row: the guide line and the price beside it are at its height.
            let line = m.parent().and_then(ElementRef::wrap).unwrap();
            let guide = line.select(&select("line.guide")).next().unwrap();
            assert_eq!(figure(guide.attr("y1").unwrap()), y, "{tip}");
            let price = line.select(&select("text.price")).next().unwrap();
            assert_eq!(figure(price.attr("y").unwrap()), y + 4.0, "{tip}");
            let usd = figure(&row["price_usd"]);
            assert!(
                (x - at(usd)).abs() < 0.11,
                "{tip}: at {x}, not at {}",
                at(usd)
            );
            assert!(m.value().classes().any(|c| c == row["verdict"]), "{tip}");
            // The lines are the prices the offers were compared with.
            assert_eq!(lanes["Standard"], row["official_standard_usd"], "{tip}");
            assert_eq!(lanes["Batch/Flex"], row["official_batch_usd"], "{tip}");
        }
    }
    let comparable: usize = comparable(out.path()).values().map(Vec::len).sum();
    assert_eq!(marks, comparable);
}

/// A quote of `offers` lines.
fn many(s: &Sandbox, offers: impl Iterator<Item = String>) {
    let lines: String = offers.collect();
    s.write("quotes/q.yaml", quote(&lines));
    let out = s.audit(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_ladder_of_hundreds_shows_its_dearest_and_cheapest_and_counts_the_rest() {
    let s = Sandbox::new();
    many(
        &s,
        (0..230).map(|i| format!("  - {{route: NB2, size: 2K, price: 0.{:04}}}\n", 500 + i)),
    );
    let page = Html::parse_document(&s.read("reports/report.html"));
    let figure = page.select(&select("figure.ladder")).next().unwrap();
    let prices: Vec<String> = figure
        .select(&select("g.mark title"))
        .map(|t| {
            t.text()
                .collect::<String>()
                .split(' ')
                .nth(2)
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(prices.len(), 200);
    assert_eq!(prices[0], "$0.0729", "the dearest first");
    assert_eq!(prices[99], "$0.063");
    assert_eq!(prices[100], "$0.0599");
    assert_eq!(prices[199], "$0.05", "the cheapest last");
    let between: String = figure
        .select(&select("text.between"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        between.contains("30 more offers between $0.06 and $0.0629"),
        "{between}"
    );
    let caption: String = figure
        .select(&select("figcaption"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(caption.contains("230 comparable offers"), "{caption}");
}

#[test]
fn a_long_list_of_offers_with_no_mark_is_cut_and_counted() {
    let s = Sandbox::new();
    many(
        &s,
        (0..130).map(|i| format!("  - {{route: Banana {i}, size: 2K, price: 0.05}}\n")),
    );
    let page = Html::parse_document(&s.read("reports/report.html"));
    let items: Vec<String> = page
        .select(&select(".off li"))
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(items.len(), 101);
    assert!(items[0].contains("Banana 0 at 2K"), "{}", items[0]);
    assert!(
        items[100].starts_with("and 30 more offers"),
        "{}",
        items[100]
    );
}

#[test]
fn the_terms_board_says_stated_only_where_the_rules_find_no_gap() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        "vendor: V\nreceived: 2026-05-01\noffers:\n  - {route: NB2, size: 2K, price: 0.09}\nterms:\n  billing: unknown\n  quota: vendor\n  support: google\n  upstream: Unknown\n  data_retention: 30 days\n  failed_generations_note: refunded on request\n  recovery: credits are refunded\n",
    );
    assert!(s.audit(&[]).status.success());
    let page = Html::parse_document(&s.read("reports/report.html"));
    let board: BTreeMap<String, (String, String)> = page
        .select(&select("table.terms tr"))
        .skip(1)
        .map(|tr| {
            let cells: Vec<String> = tr
                .select(&select("th, td"))
                .map(|c| c.text().collect())
                .collect();
            (cells[0].clone(), (cells[1].clone(), cells[2].clone()))
        })
        .collect();
    let status = |term: &str| board[term].0.as_str();
    assert_eq!(
        status("billing"),
        "not stated",
        "billing: unknown states nothing"
    );
    assert_eq!(status("quota"), "stated");
    assert_eq!(status("support"), "partly stated");
    assert_eq!(board["support"].1, "Google; ask the vendor: path");
    assert_eq!(status("upstream"), "not stated");
    assert_eq!(status("data handling"), "partly stated");
    assert_eq!(
        status("failed generations"),
        "not stated",
        "a note alone does not say who pays"
    );
    assert_eq!(
        board["failed generations"].1,
        "note: refunded on request; ask the vendor"
    );
    assert_eq!(status("recovery"), "stated");
    assert_eq!(status("safety"), "not stated");
    assert_eq!(status("uptime"), "not stated");
    // The findings say the same gaps.
    let findings = s.read("reports/findings.csv");
    for rule in [
        "billing-unstated",
        "upstream-unstated",
        "support-unstated",
        "failed-generation-billing-unstated",
    ] {
        assert!(findings.contains(rule), "{rule}");
    }
    assert!(!findings.contains("quota-unstated") && !findings.contains("recovery-unstated"));
}

#[test]
fn format_html_prints_the_page_as_written() {
    let out = tempfile::tempdir().unwrap();
    let o = audit_bundled("2026-06-01", out.path(), &["--format", "html"]);
    let page = std::fs::read(out.path().join("report.html")).unwrap();
    assert!(o.stdout == page, "stdout is not report.html byte for byte");
    assert!(page.starts_with(b"<!DOCTYPE html>"));
}
