//! `quote-audit draft` on real vendor pages: each fixture in `tests/fixtures/pages/` is the
//! stored text of a public pricing page (its quote's header cites the address and the date it
//! was read) beside the quote a reviewer typed from it by hand. The draft of each page is
//! audited like the hand quote, and their comparison rows are matched by model, size, lane and
//! unit: a drafted row the hand quote has at another price, or lacks, is a wrong value (there
//! must be none), and the hand offers the draft has (every row of them) are its recall.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::*;

const PAGES: &str = "tests/fixtures/pages";

/// The hand-typed offers the drafts find on these pages today: a change that finds fewer
/// fails here. The aim is 80% of them; the offers still missed are the README's list.
const FOUND_FLOOR: usize = 67;

/// The date the small drafts of these tests are written and audited on.
const READ_ON: &str = "2026-12-03";

type Row = BTreeMap<String, String>;

/// What a comparison row is of: the model (resolved, else as written, folded as the route
/// reader folds names: "Gemini 2.5 Flash Image Preview" is `gemini-2.5-flash-image-preview`),
/// size, lane, and whether it is priced per image or per token.
fn key(r: &Row) -> String {
    let or = |a: &str, b: &str| {
        if r[a].is_empty() {
            quote_audit::text::fold(&r[b])
        } else {
            r[a].clone()
        }
    };
    let lane = match r["lane"].as_str() {
        "standard" | "batch" | "priority" => r["lane"].clone(),
        _ => r["lane_quoted"].to_lowercase(),
    };
    let family = if r["unit"] == "1m-tokens" {
        "tokens"
    } else {
        "image"
    };
    format!(
        "{} {} {} {family}",
        or("model", "route_quoted"),
        or("size", "size_quoted"),
        lane
    )
}

/// Whether two rows price alike: in USD per image where both convert (credits at their
/// stated price included), else as quoted: credits by their number, whatever the quote's
/// currency (a draft writes no credit price the page gives only roughly).
fn same_price(a: &Row, b: &Row) -> bool {
    if !a["price_usd"].is_empty() && !b["price_usd"].is_empty() {
        a["price_usd"] == b["price_usd"]
    } else if a["unit"] == "credit" && b["unit"] == "credit" {
        a["price_quoted"] == b["price_quoted"]
    } else {
        (&a["price_quoted"], &a["currency"], &a["unit"])
            == (&b["price_quoted"], &b["currency"], &b["unit"])
            && a["price_usd"] == b["price_usd"]
    }
}

/// What a row prices, for the report.
fn value(r: &Row) -> String {
    if r["price_usd"].is_empty() {
        format!("{} {} per {}", r["price_quoted"], r["currency"], r["unit"])
    } else {
        format!("{} USD per image", r["price_usd"])
    }
}

/// The quote's own keys a draft is made with: vendor, received, source.
fn own_keys(hand: &str) -> (String, String, String) {
    let q = quote_audit::load::quote::parse(&quote_audit::diag::Source {
        name: "hand.yaml".into(),
        text: hand.to_owned(),
    })
    .unwrap_or_else(|e| panic!("{}", e[0]));
    (
        q.vendor.value,
        q.received.value.to_string(),
        q.source.map(|s| s.value).unwrap_or_default(),
    )
}

/// A quote's comparison rows, audited on the day its page was read.
fn comparison(s: &Sandbox, quote: &str, out: &str, read_on: &str) -> Vec<Row> {
    let o = s.audit(&[
        quote,
        "--out",
        out,
        "--reports",
        "csv",
        "--fx",
        "CNY=7.2",
        "--as-of",
        read_on,
    ]);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{quote}: {}",
        stderr(&o)
    );
    s.csv(&format!("{out}/comparison.csv"))
}

/// One page: its name, the hand rows, the draft rows the hand quote has at the same price, and
/// the draft rows that differ (with why).
struct Measured {
    page: String,
    hand: usize,
    found: usize,
    wrong: Vec<String>,
}

fn measure(page: &Path) -> Measured {
    let name = page.file_name().unwrap().to_string_lossy().into_owned();
    let hand_text = std::fs::read_to_string(page.with_extension("yaml")).unwrap();
    let (vendor, received, source) = own_keys(&hand_text);
    assert!(
        hand_text.contains(&format!("read {received}.")),
        "{name}: the header gives the day the page was read, which is the quote's `received`"
    );
    assert!(source.starts_with("https://"), "{name} cites its address");
    let s = Sandbox::new();
    s.write(&format!("page/{name}"), std::fs::read(page).unwrap());
    s.write("hand/quote.yaml", &hand_text);
    let o = s.run(&[
        "draft",
        &format!("page/{name}"),
        "--vendor",
        &vendor,
        "--date",
        &received,
        "--source",
        &source,
        "--out",
        "drafts",
    ]);
    assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
    let said = stdout(&o);
    let path = said
        .strip_prefix("wrote ")
        .and_then(|rest| rest.split(": ").next())
        .unwrap_or_else(|| panic!("{name}: {said}"));
    let text = s.read(path);
    assert!(text.contains("\ndraft: true\n"), "{path}: {text}");
    // The draft, as a reviewer who found nothing to change would leave it (a draft of no
    // offer stays one: there is nothing to audit until offers are typed in).
    let reviewed = if text.contains("\noffers: []\n") {
        text.clone()
    } else {
        text.replace("\ndraft: true\n", "\n")
    };
    s.write("reviewed/quote.yaml", reviewed);
    let hand = comparison(&s, "hand", "hand-reports", &received);
    let drafted = comparison(&s, "reviewed", "draft-reports", &received);
    let mut wrong = Vec::new();
    let mut matched = vec![false; hand.len()];
    for d in &drafted {
        let same: Vec<usize> = (0..hand.len())
            .filter(|&i| key(&hand[i]) == key(d))
            .collect();
        // Two providers' offers can be alike in all but route: each hand row is found once.
        let priced: Vec<usize> = same
            .iter()
            .copied()
            .filter(|&i| same_price(&hand[i], d))
            .collect();
        match priced.iter().find(|&&i| !matched[i]).or(priced.first()) {
            Some(&i) => {
                matched[i] = true;
                // Audited like the hand quote: the same official row, delta and verdict (for
                // credits, the same credits: the price of a credit is the reviewer's to type
                // where the page gives it only roughly).
                let columns: &[&str] =
                    if d["price_usd"].is_empty() || hand[i]["price_usd"].is_empty() {
                        &["model", "size", "lane", "unit", "price_quoted"]
                    } else {
                        &[
                            "model",
                            "size",
                            "lane",
                            "price_usd",
                            "official_usd",
                            "delta_usd",
                            "delta_pct",
                            "verdict",
                        ]
                    };
                for column in columns {
                    assert_eq!(
                        d[*column], hand[i][*column],
                        "{name}: {column} of the drafted row at line {}",
                        d["line"]
                    );
                }
            }
            None if same.is_empty() => wrong.push(format!(
                "line {}: {} at {}: the hand quote has no such offer; it has {}",
                d["line"],
                key(d),
                value(d),
                hand.iter().map(key).collect::<Vec<_>>().join("; ")
            )),
            None => wrong.push(format!(
                "line {}: {} at {}: the hand quote has {}",
                d["line"],
                key(d),
                value(d),
                same.iter()
                    .map(|&i| value(&hand[i]))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
    // An offer is found when every row it gives is: its own size, each of `size: any`, each
    // of its `size_multipliers` (told by its id, else by its line).
    let mut offers: BTreeMap<String, bool> = BTreeMap::new();
    for (i, h) in hand.iter().enumerate() {
        let offer = if h["offer_id"].is_empty() {
            format!("line {}", h["line"])
        } else {
            format!("id {}", h["offer_id"])
        };
        *offers.entry(offer).or_insert(true) &= matched[i];
    }
    Measured {
        page: name,
        hand: offers.len(),
        found: offers.values().filter(|f| **f).count(),
        wrong,
    }
}

fn pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(repo().join(PAGES))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "txt" || x == "md" || x == "html")
                && !p.ends_with("README.md")
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn drafts_of_real_pages_write_no_wrong_value_and_find_most_offers() {
    let pages = pages();
    assert!(pages.len() >= 12, "at least 12 real pages: {}", pages.len());
    let measured: Vec<Measured> = pages.iter().map(|p| measure(p)).collect();
    let (mut hand, mut found, mut wrong) = (0, 0, 0);
    println!("{:<34} {:>5} {:>6} {:>6}", "page", "hand", "found", "wrong");
    for m in &measured {
        println!(
            "{:<34} {:>5} {:>6} {:>6}",
            m.page,
            m.hand,
            m.found,
            m.wrong.len()
        );
        for w in &m.wrong {
            println!("    {w}");
        }
        hand += m.hand;
        found += m.found;
        wrong += m.wrong.len();
    }
    let recall = found * 100 / hand.max(1);
    println!(
        "{:<34} {hand:>5} {found:>6} {wrong:>6}   recall {recall}%",
        "total"
    );
    assert_eq!(wrong, 0, "drafted values that differ from the hand quotes");
    assert!(
        found >= FOUND_FLOOR,
        "found {found} of {hand} ({recall}%), fewer than the {FOUND_FLOOR} this version finds"
    );
}

/// A page written for these tests (not a vendor's): a table and a Google price.
const SMALL_PAGE: &str = "<html><body><h1>Nano Banana Pro</h1>\
<p>Google's official price is $0.134 per image at 1K.</p>\
<table><tr><th>Resolution</th><th>Price per image</th></tr>\
<tr><td>1K</td><td>$0.09</td></tr><tr><td>4K</td><td>$0.18</td></tr></table>\
<p>Failed generations are never billed.</p></body></html>";

fn draft_small(s: &Sandbox) -> std::process::Output {
    s.write("page.html", SMALL_PAGE);
    s.run(&[
        "draft",
        "page.html",
        "--vendor",
        "Acme Gateway",
        "--date",
        "2026-12-03",
        "--source",
        "https://acme.example/pricing",
    ])
}

#[test]
fn a_draft_is_written_once_and_never_over_a_file_already_there() {
    let s = Sandbox::new();
    let o = draft_small(&s);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with(
            "wrote quotes/acme-gateway/2026-12-03.yaml: 2 offers, 1 claim, 1 candidate price and 1 terms hint to check against the page"
        ),
        "{}",
        stdout(&o)
    );
    let first = s.read("quotes/acme-gateway/2026-12-03.yaml");
    assert!(first.contains("  # table 1, row 1, cell 2: \"1K | $0.09 (column \"Price per image\")\"\n  - route: \"Nano Banana Pro\"\n    size: \"1K\"\n    price: 0.09\n    unit: image\n"), "{first}");
    assert!(
        first.contains(
            "claims:\n  # paragraph 2\n  - \"Google's official price is $0.134 per image at 1K.\"\n"
        ),
        "{first}"
    );
    assert!(
        first.contains(
            "#   failed generations, paragraph 3: \"Failed generations are never billed.\""
        ),
        "{first}"
    );
    let again = draft_small(&s);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("quotes/acme-gateway/2026-12-03.yaml already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(s.read("quotes/acme-gateway/2026-12-03.yaml"), first);
}

#[test]
fn an_unreviewed_draft_is_a_high_finding_until_draft_true_is_removed() {
    let s = Sandbox::new();
    assert_eq!(draft_small(&s).status.code(), Some(0));
    let o = s.audit(&[
        "quotes",
        "--fail-on",
        "high",
        "--reports",
        "csv",
        "--as-of",
        READ_ON,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let drafts = findings_of(&s, "draft-unreviewed");
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0]["severity"], "high");
    let path = "quotes/acme-gateway/2026-12-03.yaml";
    s.write(path, s.read(path).replace("\ndraft: true\n", "\n"));
    let o = s.audit(&["quotes", "--reports", "csv", "--as-of", READ_ON]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    assert!(findings_of(&s, "draft-unreviewed").is_empty());
}

#[test]
fn a_page_that_cannot_be_read_or_a_blank_vendor_is_an_error_and_writes_nothing() {
    let s = Sandbox::new();
    let o = s.run(&["draft", "missing.html", "--vendor", "Acme"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.html"), "{}", stderr(&o));
    s.write("page.txt", "Nano Banana 2: $0.04 per image");
    let o = s.run(&["draft", "page.txt", "--vendor", "  "]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the vendor name is empty"),
        "{}",
        stderr(&o)
    );
    assert!(!s.path("quotes").exists());
}
