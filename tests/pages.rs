//! What real price pages say, typed without a guess: one price for every size or none stated,
//! size multipliers, starting prices and ranges, surcharges, top-up terms, two billing modes
//! for one model, a vendor's own namespace, vendor model ids, a reverse-engineered group; and
//! the newcomer's friction (a claimed price with a currency sign, an unknown unit, tokens on a
//! price per image). Each test asserts the rows and findings the quote yields.

use std::collections::BTreeMap;

use crate::support::*;

type Row = BTreeMap<String, String>;

/// The comparison rows of a quiet quote of `offers` (plus `extra` top-level keys), audited
/// with `args`.
fn rows_of(offers: &str, extra: &str, args: &[&str]) -> (Sandbox, Vec<Row>) {
    let s = Sandbox::new();
    s.write("quotes/q.yaml", quiet_with(offers, extra));
    let out = s.audit(args);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let rows = s.csv("reports/comparison.csv");
    (s, rows)
}

/// (line, rule) of every finding of the price and route families.
fn findings(s: &Sandbox) -> Vec<(usize, String)> {
    s.csv("reports/findings.csv")
        .into_iter()
        .filter(|r| {
            !r["rule"].ends_with("-unstated")
                && ![
                    "quote-expired",
                    "route-unverified",
                    "baseline-row-unverified",
                ]
                .contains(&r["rule"].as_str())
                || r["rule"] == "size-unstated"
        })
        .map(|r| (r["line"].parse().unwrap(), r["rule"].clone()))
        .collect()
}

fn cells<'r>(rows: &'r [Row], column: &str) -> Vec<&'r str> {
    rows.iter().map(|r| r[column].as_str()).collect()
}

#[test]
fn one_price_for_every_size_is_a_row_per_official_size() {
    let (s, rows) = rows_of(
        "  - {route: Nano Banana Pro, size: any, price: 0.09}\n",
        "",
        &[],
    );
    assert_eq!(cells(&rows, "size"), ["1K", "2K", "4K"]);
    assert_eq!(cells(&rows, "line"), ["6", "6", "6"]);
    assert_eq!(cells(&rows, "size_quoted"), ["any", "any", "any"]);
    assert_eq!(cells(&rows, "official_usd"), ["0.134", "0.134", "0.24"]);
    assert_eq!(
        cells(&rows, "verdict"),
        ["below-official", "below-official", "below-official-batch"]
    );
    // Google prices 4K differently, so one price for all three is the flat-price question.
    assert_eq!(
        findings(&s),
        [
            (6, "below-official-batch".to_owned()),
            (6, "flat-price-across-sizes".to_owned()),
            (6, "official-batch-cheaper".to_owned()),
            (6, "official-batch-cheaper".to_owned())
        ]
    );
}

#[test]
fn any_size_on_an_unknown_model_is_the_model_s_question_only() {
    let (s, rows) = rows_of(
        "  - {route: Nano Banana 2.1, size: any, price: 0.09}\n",
        "",
        &[],
    );
    assert_eq!(cells(&rows, "verdict"), ["not-comparable"]);
    assert_eq!(findings(&s), [(6, "unknown-route".to_owned())]);
}

#[test]
fn an_unstated_size_is_asked_about_not_guessed() {
    let (s, rows) = rows_of(
        "  - {route: Nano Banana 2, size: unstated, price: 0.05}\n",
        "",
        &[],
    );
    assert_eq!(cells(&rows, "verdict"), ["not-comparable"]);
    assert_eq!(cells(&rows, "size"), [""]);
    assert_eq!(findings(&s), [(6, "size-unstated".to_owned())]);
    let f = findings_of(&s, "size-unstated");
    assert_eq!(f[0]["severity"], "medium");
    assert!(f[0]["message"].contains("which output size"), "{f:?}");
}

#[test]
fn size_multipliers_price_each_size_exactly_on_its_own_line() {
    let (s, rows) = rows_of(
        "  - route: Nano Banana 2
    size: 1K
    price: 0.04
    size_multipliers:
      0.5K: 0.75
      2K: 1.5
      4K: 2
",
        "",
        &[],
    );
    assert_eq!(cells(&rows, "size"), ["1K", "0.5K", "2K", "4K"]);
    assert_eq!(cells(&rows, "line"), ["6", "10", "11", "12"]);
    assert_eq!(cells(&rows, "price_usd"), ["0.04", "0.03", "0.06", "0.08"]);
    assert_eq!(
        cells(&rows, "price_quoted"),
        ["0.04", "0.04 × 0.75", "0.04 × 1.5", "0.04 × 2"]
    );
    assert_eq!(
        cells(&rows, "official_usd"),
        ["0.067", "0.045", "0.101", "0.151"]
    );
    // Each price is above Google's Batch price for its size: said once per size, each at
    // the line that priced it.
    let batch: Vec<(usize, String)> = [8, 10, 11, 12]
        .map(|line| (line, "official-batch-cheaper".to_owned()))
        .to_vec();
    assert_eq!(findings(&s), batch);
    let f = findings_of(&s, "official-batch-cheaper");
    assert_eq!(f[3]["subject"], "offers[0].size_multipliers");
    assert_eq!(f[3]["evidence"], "0.04 × 2");
}

#[test]
fn a_multiplied_size_the_model_lacks_points_at_its_multiplier() {
    let (s, rows) = rows_of(
        "  - route: Nano Banana Pro
    size: 1K
    price: 0.1
    size_multipliers: {0.5K: 0.5, HD: 2}
",
        "",
        &[],
    );
    assert_eq!(
        cells(&rows, "verdict")[1..],
        ["no-official-row", "not-comparable"]
    );
    assert_eq!(
        findings(&s),
        [
            (8, "official-batch-cheaper".to_owned()),
            (9, "no-official-row".to_owned()),
            (9, "unknown-size".to_owned())
        ]
    );
    let f = findings_of(&s, "unknown-size");
    assert_eq!(f[0]["subject"], "offers[0].size_multipliers");
}

#[test]
fn a_starting_price_is_compared_at_its_start_and_said_not_firm() {
    let (s, rows) = rows_of(
        "  - {route: Nano Banana 2, size: 1K, price: {from: 0.018}}\n",
        "",
        &[],
    );
    assert_eq!(cells(&rows, "price_usd"), ["0.018"]);
    assert_eq!(cells(&rows, "price_to_usd"), [""]);
    assert_eq!(cells(&rows, "price_quoted"), ["from 0.018"]);
    assert_eq!(
        findings(&s),
        [
            (6, "below-official-batch".to_owned()),
            (6, "price-not-firm".to_owned())
        ]
    );
    let f = findings_of(&s, "price-not-firm");
    assert!(f[0]["message"].contains("starting price"), "{f:?}");
}

#[test]
fn a_range_is_compared_at_its_low_end_and_says_what_its_high_end_is() {
    let (s, rows) = rows_of(
        "  - {route: Nano Banana Pro, size: 4K, price: {from: 0.06, to: 0.175}}\n",
        "",
        &[],
    );
    assert_eq!(cells(&rows, "price_usd"), ["0.06"]);
    assert_eq!(cells(&rows, "price_to_usd"), ["0.175"]);
    assert_eq!(cells(&rows, "price_quoted"), ["0.06–0.175"]);
    let f = findings_of(&s, "price-not-firm");
    assert_eq!(f.len(), 1);
    assert!(
        f[0]["message"].contains("USD 0.175 per image, is -27.08% against the official USD 0.24"),
        "{f:?}"
    );
}

#[test]
fn surcharges_stay_off_the_comparison_and_count_in_the_effective_price() {
    let (s, rows) = rows_of(
        "  - route: Nano Banana 2
    size: 1K
    price: 0.06
    surcharges:
      - {name: web search, price: 0.015, optional: true}
      - {name: high thinking, price: 0.002}
",
        "",
        &[],
    );
    assert_eq!(cells(&rows, "price_usd"), ["0.06"]);
    assert_eq!(cells(&rows, "delta_usd"), ["-0.007"]);
    assert_eq!(cells(&rows, "surcharges_usd"), ["0.002"]);
    assert_eq!(cells(&rows, "effective_usd"), ["0.062"]);
    assert_eq!(findings(&s), [(8, "official-batch-cheaper".to_owned())]);
}

#[test]
fn top_up_bonus_and_the_vendor_s_rate_make_the_effective_price() {
    // A USD price list paid in CNY at the vendor's 7 per dollar, against a market 7.25, with
    // a 10% bonus on every top-up.
    let topup = "topup: {bonus_pct: 10, minimum: 50, currency: CNY, rate: 7}\n";
    let offer = "  - {route: Nano Banana 2, size: 1K, price: 0.055}\n";
    let (_, rows) = rows_of(offer, topup, &["--fx", "CNY=7.25"]);
    assert_eq!(cells(&rows, "price_usd"), ["0.055"]);
    assert_eq!(cells(&rows, "verdict"), ["below-official"]);
    // 0.055 ÷ 1.10 × 7 ÷ 7.25 = 0.0482758620689655172413793103…
    assert_eq!(cells(&rows, "effective_usd"), ["0.048275862068965517"]);
    // Without the market rate the real cost is not known, and is not guessed.
    let (_, rows) = rows_of(offer, topup, &[]);
    assert_eq!(cells(&rows, "effective_usd"), [""]);
    assert_eq!(cells(&rows, "price_usd"), ["0.055"]);
    // A bonus alone needs no rate.
    let (_, rows) = rows_of(offer, "topup: {bonus_pct: 10}\n", &[]);
    assert_eq!(cells(&rows, "effective_usd"), ["0.05"]);
}

#[test]
fn budget_prices_a_vendor_at_what_an_image_really_costs() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        quiet_with(
            "  - route: Nano Banana 2
    size: 1K
    price: 0.055
    surcharges: [{name: high thinking, price: 0.011}]
",
            "topup: {bonus_pct: 10}\n",
        ),
    );
    let out = s.run(&[
        "budget",
        "quotes",
        "--model",
        "gemini-3.1-flash-image-preview",
        "--size",
        "1K",
        "--count",
        "1000",
        "--out",
        "reports",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = s.csv("reports/budget.csv");
    let vendor: Vec<&Row> = lines
        .iter()
        .filter(|l| l["source"].contains("Test Vendor"))
        .collect();
    assert_eq!(vendor.len(), 1, "{lines:?}");
    // (0.055 + 0.011) ÷ 1.10 = 0.06 per image.
    assert_eq!(vendor[0]["unit_usd"], "0.06");
    assert_eq!(vendor[0]["total_usd"], "60.00");
    assert!(
        vendor[0]["reason"].contains("list price 0.055"),
        "{vendor:?}"
    );
}

#[test]
fn two_billing_modes_are_two_offers_in_diff() {
    let s = Sandbox::new();
    let version = |per_call: &str, per_token: &str| {
        quiet_quote(&format!(
            "  - {{route: Nano Banana Pro, size: 2K, price: {per_call}}}\n  - {{route: Nano Banana Pro, size: 2K, price: {per_token}, unit: 1m-tokens, tokens: 1120}}\n"
        ))
    };
    s.write("old.yaml", version("0.12", "100"));
    // The per-call price rises a little; ranked by price, the per-call offer of the old
    // version would be paired with the per-token one of the new (+338%).
    s.write("new.yaml", version("0.13", "20"));
    let out = s.run(&["diff", "old.yaml", "new.yaml", "--out", "reports"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let changes: Vec<(String, String, String, String)> = s
        .csv("reports/changes.csv")
        .into_iter()
        .filter(|r| r["change"] == "price-changed")
        .map(|r| {
            (
                r["key"].clone(),
                r["old"].clone(),
                r["new"].clone(),
                r["delta_pct"].clone(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            (
                "gemini-3-pro-image-preview 2K standard".to_owned(),
                "0.12".to_owned(),
                "0.13".to_owned(),
                "8.33".to_owned()
            ),
            (
                "gemini-3-pro-image-preview 2K standard per token".to_owned(),
                "0.112".to_owned(),
                "0.0224".to_owned(),
                "-80.00".to_owned()
            ),
        ]
    );
}

#[test]
fn offers_that_share_a_key_pair_by_id_or_not_at_all() {
    let s = Sandbox::new();
    let offers = |a: &str, b: &str, ids: bool| {
        let (ia, ib) = if ids {
            (", id: turbo", ", id: relax")
        } else {
            ("", "")
        };
        quiet_quote(&format!(
            "  - {{route: NB2, size: 2K, price: {a}{ia}}}\n  - {{route: NB2, size: 2K, price: {b}{ib}}}\n"
        ))
    };
    // Without ids, two changed prices under one key cannot be told apart.
    s.write("a.yaml", offers("0.05", "0.09", false));
    s.write("b.yaml", offers("0.08", "0.06", false));
    let out = s.run(&["diff", "a.yaml", "b.yaml", "--out", "reports"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let rows = s.csv("reports/changes.csv");
    let kinds: Vec<&str> = rows
        .iter()
        .filter(|r| r["field"] == "offer" || r["field"] == "price_usd")
        .map(|r| r["change"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "offer-removed",
            "offer-removed",
            "offer-added",
            "offer-added"
        ]
    );
    assert!(
        rows.iter()
            .filter(|r| r["change"] == "offer-added")
            .all(|r| r["new"].contains("give each an `id:` to pair them")),
        "{rows:?}"
    );
    // With ids, each is paired with itself.
    s.write("a.yaml", offers("0.05", "0.09", true));
    s.write("b.yaml", offers("0.06", "0.08", true));
    let out = s.run(&["diff", "a.yaml", "b.yaml", "--out", "reports"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let moves: Vec<(String, String, String)> = s
        .csv("reports/changes.csv")
        .into_iter()
        .filter(|r| r["change"] == "price-changed")
        .map(|r| (r["key"].clone(), r["old"].clone(), r["new"].clone()))
        .collect();
    assert_eq!(
        moves,
        [
            (
                "gemini-3.1-flash-image-preview 2K standard (id relax)".to_owned(),
                "0.09".to_owned(),
                "0.08".to_owned()
            ),
            (
                "gemini-3.1-flash-image-preview 2K standard (id turbo)".to_owned(),
                "0.05".to_owned(),
                "0.06".to_owned()
            ),
        ]
    );
    // One unchanged price among two shared keys pairs it; the other pair is then the only
    // one left on each side.
    s.write("a.yaml", offers("0.05", "0.09", false));
    s.write("b.yaml", offers("0.05", "0.10", false));
    let out = s.run(&["diff", "a.yaml", "b.yaml", "--out", "reports"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let moves: Vec<(String, String)> = s
        .csv("reports/changes.csv")
        .into_iter()
        .filter(|r| r["field"] == "price_usd" || r["field"] == "offer")
        .map(|r| (r["change"].clone(), r["new"].clone()))
        .collect();
    assert_eq!(moves, [("price-changed".to_owned(), "0.1".to_owned())]);
}

#[test]
fn history_follows_each_billing_mode_and_names_the_offer() {
    let s = Sandbox::new();
    let version = |date: &str, per_call: &str, per_token: &str| {
        quiet_quote(&format!(
            "  - {{route: Nano Banana Pro, size: 2K, price: {per_call}}}\n  - {{route: Nano Banana Pro, size: 2K, price: {per_token}, unit: 1m-tokens, tokens: 1120}}\n"
        ))
        .replace("received: 2026-05-01", &format!("received: {date}"))
    };
    s.write("quotes/v/1.yaml", version("2026-05-01", "0.12", "100"));
    s.write("quotes/v/2.yaml", version("2026-06-01", "0.13", "20"));
    let out = s.run(&["history", "quotes", "--out", "reports"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let points: Vec<(String, String, String)> = s
        .csv("reports/history.csv")
        .into_iter()
        .map(|r| {
            (
                r["offer"].clone(),
                r["price_usd"].clone(),
                r["change_pct"].clone(),
            )
        })
        .collect();
    let call = "gemini-3-pro-image-preview 2K standard".to_owned();
    let token = "gemini-3-pro-image-preview 2K standard per token".to_owned();
    assert_eq!(
        points,
        [
            (call.clone(), "0.12".to_owned(), String::new()),
            (call, "0.13".to_owned(), "8.33".to_owned()),
            (token.clone(), "0.112".to_owned(), String::new()),
            (token, "0.0224".to_owned(), "-80.00".to_owned()),
        ]
    );
}

#[test]
fn the_offer_s_id_and_note_reach_the_comparison() {
    let (_, rows) = rows_of(
        "  - {id: nb2-hd, route: NB2, size: 2K, price: 0.09, note: \"=HYPERLINK(\\\"x\\\")\"}\n",
        "",
        &[],
    );
    assert_eq!(cells(&rows, "offer_id"), ["nb2-hd"]);
    assert_eq!(cells(&rows, "note"), ["'=HYPERLINK(\"x\")"]);
}

#[test]
fn a_claimed_official_price_may_carry_its_currency_sign() {
    let (s, _) = rows_of(
        "  - {route: NB Pro, size: 1K, price: 0.1, official_claimed: \"$0.134\"}\n  - {route: NB Pro, size: 4K, price: 0.2, official_claimed: \"0.134 USD\"}\n",
        "",
        &[],
    );
    let f = findings_of(&s, "official-price-misquoted");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["line"], "7");
}

#[test]
fn summary_verdict_columns_add_up_to_the_rows() {
    let summary = std::fs::read_to_string(repo().join("reports/summary.csv")).unwrap();
    for r in read_csv(&summary) {
        let n = |c: &str| r[c].parse::<usize>().unwrap();
        assert_eq!(
            n("offers"),
            n("matches_official")
                + n("above_official")
                + n("below_official")
                + n("below_official_batch")
                + n("no_official_row")
                + n("not_comparable"),
            "{r:?}"
        );
    }
}
