//! The audit's numbers through the real binary: verdicts against the official rows, the
//! normalization families (route, size, lane, unit, currency), exact money, and JSON output.

use crate::support::*;

#[test]
fn every_verdict_from_one_quote() {
    let s = Sandbox::new();
    s.write(
        "quotes/v.yaml",
        quote(
            "  - {route: Nano Banana 2, size: 2K, price: 0.12}
  - {route: Nano Banana 2, size: 2K, price: 0.1005}
  - {route: Nano Banana 2, size: 2K, price: 0.08}
  - {route: Nano Banana 2, size: 2K, price: 0.04}
  - {route: Nano Banana Pro, size: 0.5K, price: 0.05}
  - {route: Nano Banana 2.1, size: 2K, price: 0.05}
  - {route: Nano Banana 2, size: 2K, lane: batch, price: 0.06}
",
        ),
    );
    let out = s.audit(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = rows_by_line(&s);
    let verdicts: Vec<(&str, &str, &str)> = rows
        .values()
        .map(|r| {
            (
                r["verdict"].as_str(),
                r["delta_usd"].as_str(),
                r["delta_pct"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("above-official", "0.019", "18.81"),
            ("matches-official", "-0.0005", "-0.50"),
            ("below-official", "-0.021", "-20.79"),
            ("below-official-batch", "-0.061", "-60.40"),
            ("no-official-row", "", ""),
            ("not-comparable", "", ""),
            ("above-official", "0.01", "20.00"),
        ]
    );
    let batch = &rows[&10];
    assert_eq!(
        (batch["lane"].as_str(), batch["official_usd"].as_str()),
        ("batch", "0.05")
    );
    assert_eq!(batch["official_standard_usd"], "0.101");
    let summary = s.csv("reports/summary.csv");
    assert_eq!(summary.len(), 1);
    let sm = &summary[0];
    let counts: Vec<&str> = [
        "offers",
        "comparable",
        "above_official",
        "below_official",
        "below_official_batch",
        "not_comparable",
        "worst_severity",
    ]
    .iter()
    .map(|k| sm[*k].as_str())
    .collect();
    assert_eq!(counts, ["7", "5", "2", "1", "1", "1", "high"]);
}

#[test]
fn tolerance_flag_widens_the_match_band() {
    let s = Sandbox::new();
    s.write(
        "quotes/v.yaml",
        quote("  - {route: Nano Banana 2, size: 2K, price: 0.104}\n"),
    );
    s.audit(&[]);
    assert_eq!(rows_by_line(&s)[&4]["verdict"], "above-official");
    s.audit(&["--tolerance", "3%"]);
    assert_eq!(rows_by_line(&s)[&4]["verdict"], "matches-official");
    let bad = s.audit(&["--tolerance", "abc"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("not a percentage"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn fail_on_sets_exit_status_one() {
    let s = Sandbox::new();
    s.write(
        "quotes/v.yaml",
        quiet_quote("  - {route: Nano Banana 2, size: 2K, lane: Turbo, price: 0.1}\n"),
    );
    assert_eq!(s.audit(&["--fail-on", "medium"]).status.code(), Some(0));
    assert_eq!(s.audit(&["--fail-on", "low"]).status.code(), Some(1));
    assert_eq!(s.audit(&[]).status.code(), Some(0));
    assert_eq!(s.audit(&["--fail-on", "severe"]).status.code(), Some(2));
}

#[test]
fn routes_map_only_through_the_alias_table() {
    let cases = [
        ("Nano Banana 2", "gemini-3.1-flash-image-preview", ""),
        (
            "fal-ai/nano-banana-2/edit",
            "gemini-3.1-flash-image-preview",
            "",
        ),
        (
            "google/gemini-3-pro-image-preview",
            "gemini-3-pro-image-preview",
            "",
        ),
        (
            "\"Nano Banana Pro (Gemini 3 Pro Image)\"",
            "gemini-3-pro-image-preview",
            "",
        ),
        ("NB PRO", "gemini-3-pro-image-preview", ""),
        (
            "Nano Banana",
            "gemini-2.5-flash-image",
            "generic-route-name",
        ),
        ("Nano Banana 2.1", "", "unknown-route"),
        ("Nano Banana 2 Lite", "", "unknown-route"),
        ("gemini-3-pro-image", "", "unknown-route"),
        ("NB2 / NB Pro", "", "ambiguous-route"),
        (
            "gemini-3-pro-image-preview-ext",
            "gemini-3-pro-image-preview",
            "unofficial-route",
        ),
    ];
    let offers: String = cases
        .iter()
        .map(|(route, _, _)| format!("  - route: {route}\n    size: 1K\n    price: 0.1\n"))
        .collect();
    let s = Sandbox::new();
    s.write("quotes/r.yaml", quote(&offers));
    s.audit(&[]);
    let rows = s.csv("reports/comparison.csv");
    let rules = finding_rules(&s);
    for (i, (route, model, rule)) in cases.iter().enumerate() {
        let line = 4 + 3 * i;
        assert_eq!(rows[i]["model"], *model, "{route}");
        let fired: Vec<&str> = rules
            .iter()
            .filter(|(l, _)| *l == line)
            .map(|(_, r)| r.as_str())
            .collect();
        let want: Vec<&str> = if rule.is_empty() { vec![] } else { vec![rule] };
        assert_eq!(fired, want, "{route}");
        let comparable = rule.is_empty() || *rule == "generic-route-name";
        assert_eq!(
            rows[i]["verdict"] != "not-comparable",
            comparable,
            "{route}"
        );
    }
}

#[test]
fn a_vendor_s_own_route_namespaces_are_dropped_and_no_other() {
    let s = Sandbox::new();
    s.write(
        "quotes/acme.yaml",
        "vendor: Acme API
received: 2026-05-01
route_namespaces: [acme]
offers:
  - {route: acmeapi/nano-banana-2, size: 2K, price: 0.09}
  - {route: acme/nano-banana-pro, size: 4K, price: 0.2}
  - {route: other/nano-banana-2, size: 2K, price: 0.09}
  - {route: nano-banana-2/acme, size: 2K, price: 0.09}
",
    );
    s.audit(&[]);
    let rows = s.csv("reports/comparison.csv");
    let models: Vec<&str> = rows.iter().map(|r| r["model"].as_str()).collect();
    assert_eq!(
        models,
        [
            "gemini-3.1-flash-image-preview",
            "gemini-3-pro-image-preview",
            "",
            ""
        ]
    );
    assert_eq!(rows[0]["verdict"], "below-official");
    let unknown: Vec<usize> = findings_of(&s, "unknown-route")
        .iter()
        .map(|r| r["line"].parse().unwrap())
        .collect();
    assert_eq!(unknown, [7, 8]);
}

#[test]
fn a_reverse_lane_is_never_compared_with_google_s_price() {
    let s = Sandbox::new();
    s.write(
        "quotes/r.yaml",
        quote(
            "  - {route: Nano Banana 2, size: 2K, price: 0.02, lane: Reverse}
  - {route: Nano Banana 2, size: 2K, price: 0.02, lane: 逆向分组}
  - {route: Nano Banana 2, size: 2K, price: 0.02, lane: Turbo}
",
        ),
    );
    s.audit(&[]);
    let verdicts: Vec<String> = s
        .csv("reports/comparison.csv")
        .into_iter()
        .map(|r| r["verdict"].clone())
        .collect();
    assert_eq!(
        verdicts,
        ["not-comparable", "not-comparable", "below-official-batch"]
    );
    let rules = finding_rules(&s);
    assert_eq!(
        rules,
        [
            (4, "unofficial-route".to_owned()),
            (5, "unofficial-route".to_owned()),
            (6, "vendor-lane".to_owned())
        ]
    );
    let f = findings_of(&s, "unofficial-route");
    assert_eq!(f[0]["subject"], "offers[0].lane");
    assert!(
        f[1]["message"].contains("the lane says \"逆向\""),
        "{}",
        f[1]["message"]
    );
}

#[test]
fn unofficial_upstream_makes_every_offer_not_comparable() {
    let s = Sandbox::new();
    s.write(
        "quotes/u.yaml",
        quote(
            "  - {route: Nano Banana 2, size: 1K, price: 0.05}
  - {route: Nano Banana 2, size: 2K, price: 0.05}
terms:
  upstream: reverse-engineered web accounts
",
        ),
    );
    s.audit(&[]);
    let rows = s.csv("reports/comparison.csv");
    assert!(rows.iter().all(|r| r["verdict"] == "not-comparable"));
    assert_eq!(finding_rules(&s), [(7, "unofficial-route".to_owned())]);
}

#[test]
fn sizes_class_by_long_edge_and_words_are_unknown() {
    let cases = [
        ("0.5k", "0.5K"),
        ("512", "0.5K"),
        ("1024px", "1K"),
        ("1376x768", "1K"),
        ("2048x2048", "2K"),
        ("3840x2160", "4K"),
        ("4K", "4K"),
        ("HD", ""),
        ("large", ""),
        ("1536", ""),
        ("1K/2K", ""),
    ];
    let offers: String = cases
        .iter()
        .map(|(size, _)| format!("  - {{route: Nano Banana 2, size: \"{size}\", price: 0.1}}\n"))
        .collect();
    let s = Sandbox::new();
    s.write("quotes/s.yaml", quote(&offers));
    s.audit(&[]);
    let rows = s.csv("reports/comparison.csv");
    let rules = finding_rules(&s);
    for (i, (text, class)) in cases.iter().enumerate() {
        assert_eq!(rows[i]["size"], *class, "{text}");
        let unknown = rules.contains(&(4 + i, "unknown-size".to_owned()));
        assert_eq!(unknown, class.is_empty(), "{text}");
    }
}

#[test]
fn call_styles_are_standard_and_only_batch_words_are_batch() {
    let cases = [
        ("async", "standard", false),
        ("queue", "standard", false),
        ("webhook", "standard", false),
        ("sync", "standard", false),
        ("Batch API", "batch", false),
        ("flex", "batch", false),
        ("Batch/Flex", "batch", false),
        ("Turbo", "standard", true),
        ("Enterprise group 2.5x", "standard", true),
    ];
    let offers: String = cases
        .iter()
        .map(|(lane, _, _)| {
            format!("  - {{route: Nano Banana 2, size: 2K, lane: {lane}, price: 0.1}}\n")
        })
        .collect();
    let s = Sandbox::new();
    s.write("quotes/l.yaml", quote(&offers));
    s.audit(&[]);
    let rows = s.csv("reports/comparison.csv");
    let rules = finding_rules(&s);
    for (i, (text, lane, vendor)) in cases.iter().enumerate() {
        assert_eq!(rows[i]["lane"], *lane, "{text}");
        assert_eq!(
            rules.contains(&(4 + i, "vendor-lane".to_owned())),
            *vendor,
            "{text}"
        );
    }
    // async is priced as Standard: 0.1 against 0.101 is below, not "far below Batch".
    assert_eq!(rows[0]["verdict"], "below-official");
}

#[test]
fn units_convert_to_usd_per_image_exactly() {
    let s = Sandbox::new();
    s.write(
        "quotes/u.yaml",
        quote(
            "  - {route: Nano Banana 2, size: 2K, price: 0.09, unit: image}
  - {route: Nano Banana 2, size: 2K, price: 95, unit: 1k-images}
  - {route: Nano Banana 2, size: 2K, price: 96, unit: credit}
  - {route: Nano Banana 2, size: 2K, price: 55, unit: 1m-tokens}
  - {route: Nano Banana 2, size: 2K, price: 55, unit: 1m-tokens, tokens: 2000}
  - {route: Nano Banana 2, size: 2K, price: 0.097, unit: request}
  - {route: Nano Banana 2.1, size: 2K, price: 55, unit: 1m-tokens}
credits:
  price: 0.001
",
        ),
    );
    s.audit(&[]);
    let usd: Vec<String> = s
        .csv("reports/comparison.csv")
        .iter()
        .map(|r| r["price_usd"].clone())
        .collect();
    assert_eq!(
        usd,
        ["0.09", "0.095", "0.096", "0.0924", "0.11", "0.097", ""]
    );
    let rules = finding_rules(&s);
    assert!(rules.contains(&(10, "unit-unresolved".into())), "{rules:?}");
}

#[test]
fn credit_price_without_credit_cost_is_unresolved() {
    let s = Sandbox::new();
    s.write(
        "quotes/c.yaml",
        quote("  - {route: Nano Banana 2, size: 2K, price: 96, unit: credit}\n"),
    );
    s.audit(&[]);
    assert_eq!(rows_by_line(&s)[&4]["verdict"], "not-comparable");
    let findings = findings_of(&s, "unit-unresolved");
    assert_eq!(findings.len(), 1);
    assert!(
        findings[0]["message"].contains("credits.price"),
        "{}",
        findings[0]["message"]
    );
}

#[test]
fn foreign_currency_needs_an_fx_rate() {
    let s = Sandbox::new();
    s.write(
        "quotes/cny.yaml",
        "vendor: Yuan Vendor\nreceived: 2026-05-01\ncurrency: CNY\noffers:\n  - {route: Nano Banana 2, size: 2K, price: \"¥0.7272\"}\n",
    );
    s.audit(&[]);
    let row = &s.csv("reports/comparison.csv")[0];
    assert_eq!(
        (row["verdict"].as_str(), row["price_usd"].as_str()),
        ("not-comparable", "")
    );
    assert_eq!(finding_rules(&s), [(5, "no-fx-rate".to_owned())]);

    s.audit(&["--fx", "CNY=7.2"]);
    let row = &s.csv("reports/comparison.csv")[0];
    assert_eq!(
        (row["verdict"].as_str(), row["price_usd"].as_str()),
        ("matches-official", "0.101")
    );
    assert_eq!(
        (row["price_quoted"].as_str(), row["currency"].as_str()),
        ("¥0.7272", "CNY")
    );

    // A quotient that does not terminate is rounded once, half away from zero, when written.
    s.write(
        "quotes/cny.yaml",
        "vendor: Yuan Vendor\nreceived: 2026-05-01\ncurrency: CNY\noffers:\n  - {route: Nano Banana 2, size: 2K, price: 0.42}\n",
    );
    s.audit(&["--fx", "CNY=7.2"]);
    assert_eq!(
        s.csv("reports/comparison.csv")[0]["price_usd"],
        "0.058333333333333333"
    );

    let bad = s.audit(&["--fx", "CNY:7.2"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("is not CUR=RATE"), "{}", stderr(&bad));
}

#[test]
fn exchange_rates_can_come_from_a_file() {
    let s = Sandbox::new();
    s.write(
        "quotes/cny.yaml",
        "vendor: Yuan Vendor\nreceived: 2026-05-01\ncurrency: CNY\noffers:\n  - {route: NB2, size: 2K, price: \"¥0.7272\"}\n",
    );
    s.write("fx.yaml", "CNY: 7.2\nEUR: 0.92\n");
    s.audit(&["--fx-file", "fx.yaml"]);
    assert_eq!(s.csv("reports/comparison.csv")[0]["price_usd"], "0.101");
    assert_eq!(
        s.audit(&["--fx-file", "fx.yaml", "--fx", "CNY=7.3"])
            .status
            .code(),
        Some(2),
        "two rates for one currency"
    );
    s.write("bad.yaml", "CNY: seven\n");
    let out = s.audit(&["--fx-file", "bad.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "bad.yaml:1:6: error: \"CNY=seven\": the rate must be a plain decimal above zero"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn zero_price_is_a_valid_offer_and_a_finding() {
    let s = Sandbox::new();
    s.write(
        "quotes/z.yaml",
        quote("  - {route: Nano Banana 2, size: 1K, price: 0}\n"),
    );
    let out = s.audit(&[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(rows_by_line(&s)[&4]["verdict"], "not-comparable");
    assert_eq!(finding_rules(&s), [(4, "zero-price".to_owned())]);
}

#[test]
fn a_price_that_converts_to_zero_is_a_zero_price() {
    let s = Sandbox::new();
    s.write(
        "quotes/c.yaml",
        quote("  - {route: Nano Banana 2, size: 2K, price: 100, unit: credit}\ncredits:\n  price: 0\n"),
    );
    s.audit(&[]);
    assert_eq!(rows_by_line(&s)[&4]["verdict"], "not-comparable");
    let zero = findings_of(&s, "zero-price");
    assert_eq!(zero.len(), 1);
    assert!(
        zero[0]["message"].contains("converts to $0"),
        "{}",
        zero[0]["message"]
    );
}

#[test]
fn prices_are_exact_from_the_yaml_text() {
    let s = Sandbox::new();
    s.write(
        "quotes/x.yaml",
        quote(
            "  - {route: Nano Banana 2, size: 2K, price: 0.30000000000000004}
  - {route: Nano Banana 2, size: 2K, price: 12345678.123456789, unit: 1k-images}
  - {route: Nano Banana 2, size: 2K, price: 0.1010005}
",
        ),
    );
    s.audit(&[]);
    let rows = s.csv("reports/comparison.csv");
    assert_eq!(rows[0]["price_quoted"], "0.30000000000000004");
    assert_eq!(rows[1]["price_quoted"], "12345678.123456789");
    assert_eq!(rows[0]["price_usd"], "0.30000000000000004");
    assert_eq!(rows[1]["price_usd"], "12345.678123456789");
    assert_eq!(rows[2]["price_usd"], "0.1010005");
    assert_eq!(rows[2]["verdict"], "matches-official");
}

#[test]
fn huge_vendor_prices_are_above_official_without_overflow() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        quote("  - {route: Nano Banana 2, size: 2K, price: 9999999999999999999999999999}\n"),
    );
    let out = s.audit(&["--tolerance", "100"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let row = &s.csv("reports/comparison.csv")[0];
    assert_eq!(row["verdict"], "above-official");
    // 28 significant digits are all a decimal holds: the difference is rounded to them.
    assert_eq!(row["delta_usd"], "9999999999999999999999999999");
    // ...and a percentage beyond what a decimal holds (about 10^31 %) is left empty.
    assert_eq!(row["delta_pct"], "");
}

#[test]
fn json_format_prints_the_reports_as_one_document() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        quote("  - {route: NB2, size: 2K, price: 0.30000000000000004}\n"),
    );
    let out = s.audit(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["comparison"][0]["price_usd"], "0.30000000000000004");
    assert_eq!(doc["comparison"][0]["verdict"], "above-official");
    assert_eq!(doc["summary"][0]["offers"], "1");
    assert_eq!(
        doc["findings"].as_array().unwrap().len(),
        s.csv("reports/findings.csv").len()
    );
}
