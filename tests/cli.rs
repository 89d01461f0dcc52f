//! End-to-end tests through the real binary: verdicts, normalization families, the error
//! catalogue, report safety and determinism, and the committed example reports.

mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use support::*;

/// comparison.csv rows keyed by line.
fn rows_by_line(s: &Sandbox) -> BTreeMap<usize, BTreeMap<String, String>> {
    s.csv("reports/comparison.csv")
        .into_iter()
        .map(|r| (r["line"].parse().unwrap(), r))
        .collect()
}

/// The rules that say why an offer could not be normalized or compared.
const NORMALIZATION_RULES: &[&str] = &[
    "invalid-quote",
    "unknown-route",
    "ambiguous-route",
    "generic-route-name",
    "unofficial-route",
    "unknown-size",
    "no-official-row",
    "vendor-lane",
    "unit-unresolved",
    "no-fx-rate",
    "zero-price",
];

/// (line, rule) of every normalization finding (the other families have tests of their own).
fn finding_rules(s: &Sandbox) -> Vec<(usize, String)> {
    s.csv("reports/findings.csv")
        .into_iter()
        .filter(|r| NORMALIZATION_RULES.contains(&r["rule"].as_str()))
        .map(|r| (r["line"].parse().unwrap(), r["rule"].clone()))
        .collect()
}

/// The findings of one rule.
fn findings_of(s: &Sandbox, rule: &str) -> Vec<BTreeMap<String, String>> {
    s.csv("reports/findings.csv")
        .into_iter()
        .filter(|r| r["rule"] == rule)
        .collect()
}

// ---------------------------------------------------------------- verdicts

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

// ------------------------------------------------------- normalization families

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
  - {route: Nano Banana 2, size: 2K, price: 3, unit: minutes}
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
        ["0.09", "0.095", "0.096", "0.0924", "0.11", "0.097", "", ""]
    );
    let rules = finding_rules(&s);
    assert!(rules.contains(&(10, "unit-unresolved".into())), "{rules:?}");
    assert!(rules.contains(&(11, "unit-unresolved".into())), "{rules:?}");
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

// ------------------------------------------------------------ exact money

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

// ------------------------------------------------------- reports and safety

#[test]
fn reports_are_deterministic() {
    let s = Sandbox::new();
    for (i, name) in ["b.yaml", "a/c.yaml", "a.yml"].iter().enumerate() {
        s.write(
            &format!("quotes/{name}"),
            quote(&format!(
                "  - {{route: Nano Banana 2, size: 2K, price: 0.0{i}}}\n"
            )),
        );
    }
    s.audit(&["--out", "one"]);
    s.audit(&["--out", "two"]);
    for f in ["comparison.csv", "findings.csv", "summary.csv"] {
        assert_eq!(
            s.read(&format!("one/{f}")),
            s.read(&format!("two/{f}")),
            "{f}"
        );
    }
    let files: Vec<String> = s
        .csv("one/summary.csv")
        .iter()
        .map(|r| r["file"].clone())
        .collect();
    assert_eq!(files, ["quotes/a.yml", "quotes/a/c.yaml", "quotes/b.yaml"]);
}

#[test]
fn vendor_text_cannot_become_a_formula() {
    let s = Sandbox::new();
    s.write(
        "quotes/f.yaml",
        "vendor: \"=HYPERLINK(\\\"http://x\\\")\"\nreceived: 2026-05-01\noffers:\n  - {route: \"@SUM(A1)\", size: \"+2K\", price: 0.1, lane: \"-1+1\"}\n",
    );
    s.audit(&[]);
    let text = s.read("reports/comparison.csv");
    let row = &read_csv(&text)[0];
    assert_eq!(row["vendor"], "'=HYPERLINK(\"http://x\")");
    assert_eq!(row["route_quoted"], "'@SUM(A1)");
    assert_eq!(row["size_quoted"], "'+2K");
    assert_eq!(row["lane_quoted"], "'-1+1");
    for report in ["comparison.csv", "findings.csv", "summary.csv"] {
        for r in s.csv(&format!("reports/{report}")) {
            for (col, cell) in r {
                assert!(!cell.starts_with(['=', '+', '@']), "{report} {col}: {cell}");
            }
        }
    }
}

#[test]
fn vendor_text_cannot_put_escapes_on_the_terminal() {
    let s = Sandbox::new();
    s.write(
        "quotes/e.yaml",
        "vendor: \"Evil \\e[2J\\e]0;owned\\a Vendor\"\nreceived: 2026-05-01\noffers:\n  - {route: \"Nano \\e[31mBanana\", size: 2K, price: 0.1}\n",
    );
    let out = s.audit(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        !out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07),
        "{}",
        stdout(&out)
    );
    // The CSV keeps the vendor's bytes verbatim: it is data, not a terminal.
    assert!(s.read("reports/comparison.csv").contains('\u{1b}'));

    s.write(
        "quotes/bad.yaml",
        "vendor: \"\\e[2J\"\nreceived: 2026-05-01\noffers: []\n\u{1b}[31m: x\n",
    );
    let bad = s.audit(&[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(!bad.stderr.contains(&0x1b), "{}", stderr(&bad));
}

#[test]
fn an_out_that_cannot_hold_the_reports_is_refused_and_left_as_it_was() {
    let s = Sandbox::new();
    s.write(
        "quotes/good.yaml",
        quiet_quote("  - {route: Nano Banana 2, size: 2K, price: 0.1}\n"),
    );
    s.write("taken", "a file\n");
    let out = s.audit(&["--out", "taken"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--out taken is a file, not a folder"),
        "{}",
        stderr(&out)
    );
    assert_eq!(s.read("taken"), "a file\n");
}

#[test]
fn bad_input_writes_nothing_and_keep_going_writes_everything() {
    let s = Sandbox::new();
    s.write(
        "quotes/good.yaml",
        quiet_quote("  - {route: Nano Banana 2, size: 2K, price: 0.1}\n"),
    );
    s.write(
        "quotes/bad.yaml",
        quote("  - {route: Nano Banana 2, size: 2K, price: cheap}\n"),
    );
    s.write("reports/comparison.csv", "old\n");
    let out = s.audit(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("quotes/bad.yaml:4:45: error: price \"cheap\" is not a plain decimal"),
        "{}",
        stderr(&out)
    );
    assert_eq!(s.read("reports/comparison.csv"), "old\n");
    assert!(!s.path("reports/findings.csv").exists());
    let names: Vec<_> = std::fs::read_dir(s.path("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["comparison.csv"], "no temporary report is left");
    // Nothing is made for the reports of a run that fails.
    let out = s.audit(&["--out", "new/nested/reports"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!s.path("new").exists());
    // The files' problems come before a problem with --out.
    s.write("taken", "a file\n");
    let out = s.audit(&["--out", "taken"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("quotes/bad.yaml:4:45"),
        "{}",
        stderr(&out)
    );

    let out = s.audit(&["--keep-going"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(s.csv("reports/comparison.csv").len(), 1);
    let findings = findings_of(&s, "invalid-quote");
    assert_eq!(
        (findings[0]["file"].as_str(), findings[0]["rule"].as_str()),
        ("quotes/bad.yaml", "invalid-quote")
    );
    assert_eq!(
        (
            findings[0]["line"].as_str(),
            findings[0]["severity"].as_str()
        ),
        ("4", "high")
    );
    let summary = s.csv("reports/summary.csv");
    assert_eq!(
        summary
            .iter()
            .map(|r| r["worst_severity"].as_str())
            .collect::<Vec<_>>(),
        ["high", "info"]
    );
}

// ------------------------------------------------------------ error catalogue

/// Every file in tests/errors/ is one kind of bad input; its `.stderr` is the exact message.
#[test]
fn error_catalogue() {
    let dir = repo().join("tests/errors");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "{cases:?}");
    let out_dir = tempfile::tempdir().unwrap();
    let reports = out_dir.path().join("reports");
    for case in cases {
        let name = case.file_name().unwrap().to_str().unwrap();
        let out = bin()
            .current_dir(&dir)
            .args(["audit", "--as-of", AS_OF, "--out"])
            .arg(&reports)
            .arg(name)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(!reports.exists(), "{name}: reports written for bad input");
        expect_file(&case.with_extension("stderr"), &stderr(&out));
    }
}

fn refused(s: &Sandbox, file: &str) -> (String, Duration) {
    let start = Instant::now();
    let out = s.audit(&[file]);
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(2), "{file}: {}", stderr(&out));
    assert!(!s.path("reports").exists());
    (stderr(&out), took)
}

#[test]
fn deeply_nested_document_is_refused_quickly() {
    let s = Sandbox::new();
    let depth = 100_000;
    s.write(
        "deep.yaml",
        format!(
            "vendor: Acme\nreceived: 2026-05-01\noffers: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    assert!(std::fs::metadata(s.path("deep.yaml")).unwrap().len() >= 200_000);
    let (err, took) = refused(&s, "deep.yaml");
    assert!(err.contains("deep.yaml:3:"), "{err}");
    assert!(took < Duration::from_secs(1), "took {took:?}");

    // Nesting through block mappings, where the types would accept it longer.
    let mut block = String::from(
        "vendor: Acme\nreceived: 2026-05-01\noffers:\n  - route: x\n    size: 1K\n    price: 1\n    note:\n",
    );
    for i in 0..5_000 {
        block.push_str(&format!("{}k{i}:\n", "  ".repeat(i + 3)));
    }
    s.write("deep-block.yaml", block);
    let (_, took) = refused(&s, "deep-block.yaml");
    assert!(took < Duration::from_secs(1), "took {took:?}");
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let s = Sandbox::new();
    let mut bomb = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        bomb.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 9].join(",")));
    }
    // A bomb inside a field the quote format accepts (claims is a list of text).
    s.write(
        "bomb.yaml",
        format!(
            "vendor: Acme\nreceived: 2026-05-01\nclaims: &c {}\noffers: []\n",
            "[*c]"
        ),
    );
    s.write("bomb2.yaml", bomb);
    let mut wide = String::from("vendor: Acme\nreceived: 2026-05-01\nx: &x lol\nclaims: [");
    wide.push_str(&vec!["*x"; 5_000].join(","));
    wide.push_str("]\noffers: []\n");
    s.write("bomb3.yaml", wide);
    for f in ["bomb.yaml", "bomb2.yaml", "bomb3.yaml"] {
        let (_, took) = refused(&s, f);
        assert!(took < Duration::from_secs(1), "{f} took {took:?}");
    }
}

#[test]
fn oversized_file_is_refused_before_parsing() {
    let s = Sandbox::new();
    let mut big = quote("  - {route: Nano Banana 2, size: 2K, price: 0.1}\n");
    big.push_str(&format!("# {}\n", "x".repeat(8 * 1024 * 1024)));
    s.write("big.yaml", big);
    let (err, _) = refused(&s, "big.yaml");
    assert!(
        err.contains("big.yaml:1:1: error: file is larger than 8 MiB"),
        "{err}"
    );
}

#[test]
fn non_utf8_bytes_are_located() {
    let s = Sandbox::new();
    s.write(
        "latin1.yaml",
        b"vendor: Caf\xe9 Images\nreceived: 2026-05-01\noffers: []\n",
    );
    let (err, _) = refused(&s, "latin1.yaml");
    assert!(
        err.contains("latin1.yaml:1:12: error: byte 0xE9 is not UTF-8"),
        "{err}"
    );
    assert!(err.contains("help: save the file as UTF-8"), "{err}");
}

#[test]
fn folder_without_quotes_and_missing_paths_are_errors() {
    let s = Sandbox::new();
    std::fs::create_dir_all(s.path("empty/sub")).unwrap();
    s.write("empty/sub/notes.txt", "not a quote");
    let (err, _) = refused(&s, "empty");
    assert!(
        err.contains("empty:1:1: error: folder holds no quote files (*.yaml or *.yml)"),
        "{err}"
    );
    let (err, _) = refused(&s, "nowhere");
    assert!(
        err.contains("nowhere:1:1: error: cannot read: no such file or folder"),
        "{err}"
    );
    s.write("blank.yaml", "");
    let (err, _) = refused(&s, "blank.yaml");
    assert!(
        err.contains("blank.yaml:1:1: error: file is empty"),
        "{err}"
    );
}

#[test]
fn bad_as_of_is_a_usage_error() {
    let s = Sandbox::new();
    let out = s.run(&["audit", "--as-of", "2026-02-30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a real date"),
        "{}",
        stderr(&out)
    );
}

// -------------------------------------------------------------- baseline

#[test]
fn baseline_command_prints_the_rows_in_use() {
    let s = Sandbox::new();
    let out = s.run(&["baseline"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for needle in [
        "checked on: 2026-04-20",
        "gemini-3.1-flash-image-preview ┆ 0.5K ┆ 0.045",
        "gemini-3-pro-image-preview     ┆ 4K   ┆ 0.24 ",
        "gemini-2.5-flash-image         ┆ 1K   ┆ 0.039    ┆ 0.0195     ┆ unverified",
        "to confirm: Nano Banana",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn baseline_file_replaces_the_embedded_one_and_is_validated() {
    let s = Sandbox::new();
    let embedded =
        std::fs::read_to_string(repo().join("baseline/google-gemini-api-2026-04-20.yaml")).unwrap();
    s.write(
        "cheap.yaml",
        embedded.replace("standard: 0.101", "standard: 0.080"),
    );
    s.write(
        "quotes/q.yaml",
        quote("  - {route: Nano Banana 2, size: 2K, price: 0.09}\n"),
    );
    s.audit(&["--baseline", "cheap.yaml"]);
    assert_eq!(rows_by_line(&s)[&4]["verdict"], "above-official");

    s.write(
        "broken.yaml",
        embedded
            .replace("standard: 0.101", "standard: 1e-1")
            .replace("  - size: 4K", "  - size: 8K"),
    );
    for args in [
        &["baseline", "--baseline", "broken.yaml"][..],
        &["audit", "--baseline", "broken.yaml"],
    ] {
        let out = s.run(args);
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(
            err.contains("broken.yaml:55:19: error: `standard` \"1e-1\" uses exponent notation"),
            "{err}"
        );
        assert!(
            err.contains("help: write it as a plain decimal: 0.1"),
            "{err}"
        );
        assert!(err.contains("row size \"8K\" is not a size class"), "{err}");
    }
}

// ------------------------------------------------------ bundled examples

/// The committed reports/ are what the bundled quotes produce at reports/README.md's date.
#[test]
fn committed_example_reports_do_not_drift() {
    let readme = std::fs::read_to_string(repo().join("reports/README.md")).unwrap();
    let as_of = readme
        .split("--as-of ")
        .nth(1)
        .and_then(|rest| rest.get(..10))
        .expect("reports/README.md names the --as-of date");
    let out_dir = tempfile::tempdir().unwrap();
    let out = bin()
        .current_dir(repo())
        .args(["audit", "quotes", "--as-of", as_of, "--out"])
        .arg(out_dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for f in ["comparison.csv", "findings.csv", "summary.csv"] {
        let fresh = std::fs::read_to_string(out_dir.path().join(f)).unwrap();
        expect_file(&repo().join("reports").join(f), &fresh);
    }
}

#[test]
fn bundled_examples_hit_every_verdict() {
    let text = std::fs::read_to_string(repo().join("reports/comparison.csv")).unwrap();
    let verdicts: std::collections::BTreeSet<String> = read_csv(&text)
        .into_iter()
        .map(|r| r["verdict"].clone())
        .collect();
    for v in [
        "above-official",
        "matches-official",
        "below-official",
        "below-official-batch",
        "no-official-row",
        "not-comparable",
    ] {
        assert!(verdicts.contains(v), "no example offer is {v}");
    }
}

// ------------------------------------------------- hostile input, found in review

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_waited_on() {
    let s = Sandbox::new();
    std::fs::create_dir_all(s.path("quotes")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(s.path("quotes/pipe.yaml"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let start = Instant::now();
    let named = s.audit(&["quotes/pipe.yaml"]);
    assert_eq!(named.status.code(), Some(2));
    assert!(
        stderr(&named).contains("quotes/pipe.yaml:1:1: error: is not a regular file"),
        "{}",
        stderr(&named)
    );
    let walked = s.audit(&["quotes"]);
    assert_eq!(walked.status.code(), Some(2));
    assert!(
        stderr(&walked).contains("is not a regular file"),
        "{}",
        stderr(&walked)
    );
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[cfg(unix)]
#[test]
fn folder_walk_takes_linked_and_upper_case_quotes_and_reports_broken_links() {
    let s = Sandbox::new();
    let one = "  - {route: Nano Banana 2, size: 2K, price: 0.1}\n";
    s.write("quotes/UPPER.YAML", quote(one));
    s.write("elsewhere/linked.yaml", quote(one));
    std::os::unix::fs::symlink(s.path("elsewhere/linked.yaml"), s.path("quotes/link.yaml"))
        .unwrap();
    std::os::unix::fs::symlink(s.path("nowhere.yaml"), s.path("quotes/broken.yaml")).unwrap();
    let out = s.audit(&["quotes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("quotes/broken.yaml:1:1: error: cannot read: no such file or folder"),
        "{}",
        stderr(&out)
    );
    let out = s.audit(&["quotes", "--keep-going"]);
    assert_eq!(out.status.code(), Some(2));
    let files: Vec<String> = s
        .csv("reports/comparison.csv")
        .iter()
        .map(|r| r["file"].clone())
        .collect();
    assert_eq!(files, ["quotes/UPPER.YAML", "quotes/link.yaml"]);
    assert_eq!(
        findings_of(&s, "invalid-quote")[0]["file"],
        "quotes/broken.yaml"
    );
}

#[test]
fn the_same_file_named_twice_is_read_once() {
    let s = Sandbox::new();
    s.write(
        "q.yaml",
        quote("  - {route: Nano Banana 2, size: 2K, price: 0.1}\n"),
    );
    s.audit(&["q.yaml", "./q.yaml"]);
    assert_eq!(s.csv("reports/comparison.csv").len(), 1);
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

/// Nothing is replaced and no temporary file is left.
#[test]
fn a_folder_in_a_report_s_place_stops_the_run_before_any_report_is_replaced() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        quote("  - {route: Nano Banana 2, size: 2K, price: 0.1}\n"),
    );
    s.write("reports/comparison.csv", "old\n");
    std::fs::create_dir_all(s.path("reports/summary.csv")).unwrap();
    let out = s.audit(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("reports/summary.csv is a folder"),
        "{}",
        stderr(&out)
    );
    assert_eq!(s.read("reports/comparison.csv"), "old\n");
    let mut names: Vec<_> = std::fs::read_dir(s.path("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["comparison.csv", "summary.csv"]);
}

#[test]
fn tags_never_change_a_value() {
    let s = Sandbox::new();
    s.write(
        "bin.yaml",
        quote("  - {route: Nano Banana 2, size: 2K, price: !!binary MC4wNQ==}\n"),
    );
    let (err, _) = refused(&s, "bin.yaml");
    assert!(
        err.contains("price \"MC4wNQ==\" is not a plain decimal"),
        "{err}"
    );
    s.write(
        "evil.yaml",
        "vendor: !evil Acme\nreceived: 2026-05-01\noffers: []\n",
    );
    refused(&s, "evil.yaml");
}

#[test]
fn huge_official_prices_are_refused_in_a_baseline() {
    let s = Sandbox::new();
    let embedded =
        std::fs::read_to_string(repo().join("baseline/google-gemini-api-2026-04-20.yaml")).unwrap();
    s.write(
        "b.yaml",
        embedded.replace("standard: 0.101", "standard: 9999999999999999999999999999"),
    );
    let out = s.run(&["baseline", "--baseline", "b.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a plausible price per image"),
        "{}",
        stderr(&out)
    );
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
fn many_bad_values_are_capped_and_fast() {
    let s = Sandbox::new();
    let offers: String = (0..20_000)
        .map(|_| "  - {route: Nano Banana 2, size: 2K, price: abc}\n".to_owned())
        .collect();
    s.write("many.yaml", quote(&offers));
    let (err, took) = refused(&s, "many.yaml");
    assert_eq!(err.matches(": error: price \"abc\"").count(), 100);
    assert!(
        err.contains("… and 19900 more problems in this file"),
        "{}",
        &err[err.len() - 300..]
    );
    // A guard against work growing with the square of the problems (minutes here), not a
    // measure of speed: a debug build on a busy 2-core machine takes about 2 s.
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn a_long_vendor_name_is_cut_in_the_table() {
    let s = Sandbox::new();
    let vendor = "A ".repeat(100_000);
    s.write(
        "quotes/q.yaml",
        format!("vendor: {vendor}\nreceived: 2026-05-01\noffers:\n  - {{route: NB2, size: 2K, price: 0.1}}\n"),
    );
    let start = Instant::now();
    let out = s.audit(&[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.len() < 20_000, "{} bytes", out.stdout.len());
    assert!(start.elapsed() < Duration::from_secs(3));
}

// ------------------------------------------------------------ rule catalogue

/// Runs one quote (plus extra files) and returns the findings of `rule`.
fn fired(
    rule: &str,
    quote_text: &str,
    extra: &[(&str, String)],
    args: &[&str],
) -> Vec<BTreeMap<String, String>> {
    let s = Sandbox::new();
    s.write("quotes/q.yaml", quote_text);
    for (name, text) in extra {
        s.write(name, text);
    }
    let out = s.audit(args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{rule}: {}",
        stderr(&out)
    );
    findings_of(&s, rule)
}

/// A quiet quote without one `terms:` line.
fn quiet_without(offers: &str, key: &str) -> String {
    let q = quiet_quote(offers);
    let cut: Vec<&str> = q
        .lines()
        .filter(|l| !l.trim_start().starts_with(&format!("{key}:")))
        .collect();
    assert_ne!(cut.len(), q.lines().count(), "{key} not in the quiet quote");
    cut.join("\n") + "\n"
}

fn quiet_with(offers: &str, extra: &str) -> String {
    quiet_quote(offers) + extra
}

/// Every rule has a minimal quote that fires it and a near miss that must not.
#[test]
fn every_rule_fires_on_its_case_and_not_on_its_near_miss() {
    let nb2_2k = |price: &str| format!("  - {{route: Nano Banana 2, size: 2K, price: {price}}}\n");
    let offer = |route: &str, size: &str| {
        format!("  - {{route: \"{route}\", size: \"{size}\", price: 0.1}}\n")
    };
    let lane =
        |l: &str| format!("  - {{route: Nano Banana 2, size: 2K, lane: \"{l}\", price: 0.1}}\n");
    let claim = |c: &str| format!("claims:\n  - \"{c}\"\n");
    let embedded =
        std::fs::read_to_string(repo().join("baseline/google-gemini-api-2026-04-20.yaml")).unwrap();
    let retiring = |date: &str| {
        embedded.replacen(
            "    free_tier: false\n",
            &format!("    free_tier: false\n    retires: {date}\n"),
            1,
        )
    };
    let q = |offers: &str| quiet_quote(offers);
    let credit = |c: &str| quiet_with("  - {route: NB2, size: 2K, price: 100, unit: credit}\n", c);
    let full_credits = "credits:\n  price: 0.001\n  free: 100\n  granted_by: vendor\n  expires: 2026-12-31\n  conditions: new accounts\n";
    type Case<'a> = (
        &'a str,
        String,
        String,
        Vec<(&'a str, String)>,
        Vec<&'a str>,
    );
    let cases: Vec<Case<'_>> = vec![
        (
            "unknown-route",
            q(&offer("Nano Banana 2.1", "2K")),
            q(&offer("Nano Banana 2", "2K")),
            vec![],
            vec![],
        ),
        (
            "ambiguous-route",
            q(&offer("NB2 / NB Pro", "2K")),
            q(&offer("NB2", "2K")),
            vec![],
            vec![],
        ),
        (
            "generic-route-name",
            q(&offer("Nano Banana", "1K")),
            q(&offer("Gemini 2.5 Flash Image", "1K")),
            vec![],
            vec![],
        ),
        (
            "unofficial-route",
            q(&offer("gemini-3-pro-image-preview-ext", "2K")),
            q(&lane("webhook")),
            vec![],
            vec![],
        ),
        (
            "unknown-size",
            q(&offer("NB2", "HD")),
            q(&offer("NB2", "1024px")),
            vec![],
            vec![],
        ),
        (
            "no-official-row",
            q(&offer("NB Pro", "0.5K")),
            q(&offer("NB Pro", "1K")),
            vec![],
            vec![],
        ),
        (
            "vendor-lane",
            q(&lane("Turbo")),
            q(&lane("async")),
            vec![],
            vec![],
        ),
        (
            "route-retired",
            q(&nb2_2k("0.1")),
            q(&nb2_2k("0.1")),
            vec![("b.yaml", retiring("2026-06-01"))],
            vec!["--baseline", "b.yaml"],
        ),
        (
            "unit-unresolved",
            q("  - {route: NB2, size: 2K, price: 100, unit: credit}\n"),
            credit(full_credits),
            vec![],
            vec![],
        ),
        (
            "no-fx-rate",
            q(&nb2_2k("0.7")).replace("offers:", "currency: CNY\noffers:"),
            q(&nb2_2k("0.7")).replace("offers:", "currency: CNY\noffers:"),
            vec![],
            vec![],
        ),
        (
            "zero-price",
            q(&nb2_2k("0")),
            q(&nb2_2k("0.01")),
            vec![],
            vec![],
        ),
        (
            "above-official",
            q(&nb2_2k("0.12")),
            q(&nb2_2k("0.101")),
            vec![],
            vec![],
        ),
        (
            "below-official-batch",
            q(&nb2_2k("0.04")),
            q(&nb2_2k("0.05")),
            vec![],
            vec![],
        ),
        (
            "official-batch-cheaper",
            q(&nb2_2k("0.06")),
            q(&nb2_2k("0.05")),
            vec![],
            vec![],
        ),
        (
            "official-price-misquoted",
            q("  - {route: NB2, size: 2K, price: 0.1, official_claimed: 0.12}\n"),
            q("  - {route: NB2, size: 2K, price: 0.1, official_claimed: 0.101}\n"),
            vec![],
            vec![],
        ),
        (
            "savings-overstated",
            quiet_with(&nb2_2k("0.09"), &claim("80% off Google's price")),
            quiet_with(&nb2_2k("0.09"), &claim("15% off Google's price")),
            vec![],
            vec![],
        ),
        (
            "flat-price-across-sizes",
            q("  - {route: NB2, size: 1K, price: 0.09}\n  - {route: NB2, size: 2K, price: 0.09}\n"),
            q("  - {route: NB2, size: 1K, price: 0.06}\n  - {route: NB2, size: 2K, price: 0.09}\n"),
            vec![],
            vec![],
        ),
        (
            "free-official-api",
            quiet_with(&nb2_2k("0.1"), &claim("Free Nano Banana API")),
            quiet_with(
                &nb2_2k("0.1"),
                &claim("You pay only for successful outputs"),
            ),
            vec![],
            vec![],
        ),
        (
            "free-api-key",
            quiet_with(&nb2_2k("0.1"), &claim("Free API key on sign-up")),
            quiet_with(&nb2_2k("0.1"), &claim("API keys in the dashboard")),
            vec![],
            vec![],
        ),
        (
            "consumer-surface",
            quiet_with(&nb2_2k("0.1"), &claim("Try it in the Gemini app")),
            quiet_with(&nb2_2k("0.1"), &claim("Our workflow is fast")),
            vec![],
            vec![],
        ),
        (
            "free-credits",
            quiet_with(&nb2_2k("0.1"), &claim("100 free credits on sign-up")),
            quiet_with(
                &nb2_2k("0.1"),
                &(claim("100 free credits on sign-up") + full_credits),
            ),
            vec![],
            vec![],
        ),
        (
            "unlimited-claim",
            quiet_with(&nb2_2k("0.1"), &claim("Unlimited generations")),
            quiet_with(&nb2_2k("0.1"), &claim("Generous rate limits")),
            vec![],
            vec![],
        ),
        (
            "official-claim",
            quiet_with(&nb2_2k("0.1"), &claim("Official Gemini API route")),
            quiet_with(&nb2_2k("0.1"), &claim("Official Gemini API route"))
                .replace("billing: vendor", "billing: google")
                .replace("support: vendor", "support: google"),
            vec![],
            vec![],
        ),
        (
            "unclassified-claim",
            quiet_with(&nb2_2k("0.1"), &claim("Made with love in Lisbon")),
            quiet_with(&nb2_2k("0.1"), &claim("Unlimited generations")),
            vec![],
            vec![],
        ),
        (
            "data-handling-unstated",
            quiet_without(&nb2_2k("0.1"), "data_retention"),
            q(&nb2_2k("0.1")),
            vec![],
            vec![],
        ),
        (
            "training-use",
            q(&nb2_2k("0.1")).replace("training_use: false", "training_use: true"),
            q(&nb2_2k("0.1")),
            vec![],
            vec![],
        ),
        (
            "upstream-unstated",
            quiet_without(&nb2_2k("0.1"), "upstream"),
            q(&nb2_2k("0.1")),
            vec![],
            vec![],
        ),
        (
            "billing-unstated",
            quiet_without(&nb2_2k("0.1"), "billing"),
            q(&nb2_2k("0.1")),
            vec![],
            vec![],
        ),
        (
            "support-unstated",
            quiet_without(&nb2_2k("0.1"), "support_path"),
            q(&nb2_2k("0.1")),
            vec![],
            vec![],
        ),
        (
            "failed-generation-billing-unstated",
            quiet_without(&nb2_2k("0.1"), "failed_generations"),
            q(&nb2_2k("0.1")),
            vec![],
            vec![],
        ),
        (
            "failed-generations-billed",
            q(&nb2_2k("0.1")).replace("not-billed", "billed"),
            q(&nb2_2k("0.1")),
            vec![],
            vec![],
        ),
        (
            "credits-terms-unstated",
            credit("credits:\n  price: 0.001\n  free: 100\n"),
            credit(full_credits),
            vec![],
            vec![],
        ),
        (
            "quota-unstated",
            quiet_without(&nb2_2k("0.1"), "quota"),
            q(&nb2_2k("0.1")),
            vec![],
            vec![],
        ),
        (
            "safety-unstated",
            quiet_without(&nb2_2k("0.1"), "safety"),
            q(&nb2_2k("0.1")),
            vec![],
            vec![],
        ),
        (
            "uptime-unstated",
            quiet_without(&nb2_2k("0.1"), "uptime"),
            q(&nb2_2k("0.1")),
            vec![],
            vec![],
        ),
        (
            "recovery-unstated",
            quiet_without(&nb2_2k("0.1"), "recovery"),
            q(&nb2_2k("0.1")),
            vec![],
            vec![],
        ),
        (
            "quote-expired",
            q(&nb2_2k("0.1")).replace("valid_until: 2026-12-31", "valid_until: 2026-05-14"),
            q(&nb2_2k("0.1")).replace("valid_until: 2026-12-31", "valid_until: 2026-05-15"),
            vec![],
            vec![],
        ),
        (
            "route-unverified",
            quiet_without(&nb2_2k("0.1"), "verified"),
            q(&nb2_2k("0.1")),
            vec![],
            vec![],
        ),
        (
            "baseline-row-unverified",
            q(&offer("Gemini 2.5 Flash Image", "1K")),
            q(&offer("NB2", "1K")),
            vec![],
            vec![],
        ),
    ];
    let mut covered: Vec<&str> = cases.iter().map(|c| c.0).collect();
    for (rule, fire, miss, extra, args) in &cases {
        assert!(
            !fired(rule, fire, extra, args).is_empty(),
            "{rule} did not fire on:\n{fire}"
        );
        // The near miss: for rules that need an argument to fire, the same quote without it.
        let miss_extra: Vec<(&str, String)> = match *rule {
            "route-retired" => vec![("b.yaml", retiring("2027-01-01"))],
            _ => extra.clone(),
        };
        let miss_args: Vec<&str> = match *rule {
            "no-fx-rate" => vec!["--fx", "CNY=7"],
            _ => args.clone(),
        };
        let hits = fired(rule, miss, &miss_extra, &miss_args);
        assert!(
            hits.is_empty(),
            "{rule} fired on its near miss:\n{miss}\n{hits:?}"
        );
    }
    covered.extend(["invalid-quote", "baseline-stale"]);
    for r in quote_audit::model::Rule::ALL {
        assert!(covered.contains(&r.id()), "{} has no case", r.id());
    }
}

#[test]
fn free_credits_said_to_be_google_s_are_high() {
    let q = quiet_with(
        "  - {route: NB2, size: 2K, price: 0.1}\n",
        "claims:\n  - \"200 free Google credits\"\n",
    );
    let f = fired("free-credits", &q, &[], &[]);
    assert_eq!(f[0]["severity"], "high");
}

#[test]
fn baseline_staleness_grows_with_the_date() {
    let q = quiet_quote("  - {route: NB2, size: 2K, price: 0.1}\n");
    assert!(fired("baseline-stale", &q, &[], &["--as-of", "2026-05-20"]).is_empty());
    let medium = fired("baseline-stale", &q, &[], &["--as-of", "2026-06-01"]);
    assert_eq!(
        (medium[0]["severity"].as_str(), medium[0]["line"].as_str()),
        ("medium", "15")
    );
    let high = fired("baseline-stale", &q, &[], &["--as-of", "2026-08-01"]);
    assert_eq!(high[0]["severity"], "high");
}

#[test]
fn stale_baseline_finding_sorts_among_the_quote_files_and_counts_for_fail_on() {
    let s = Sandbox::new();
    let offers = "  - {route: NB2, size: 2K, price: 0.1}\n";
    s.write("a/q.yaml", quote(offers));
    s.write("z/q.yaml", quiet_quote(offers));
    let baseline =
        std::fs::read_to_string(support::repo().join("baseline/google-gemini-api-2026-04-20.yaml"))
            .unwrap();
    s.write("m/base.yaml", baseline);
    let out = s.audit(&[
        "a",
        "z",
        "--baseline",
        "m/base.yaml",
        "--as-of",
        "2026-08-01",
        "--fail-on",
        "high",
    ]);
    let mut files: Vec<String> = s
        .csv("reports/findings.csv")
        .into_iter()
        .map(|r| r["file"].clone())
        .collect();
    files.dedup();
    assert_eq!(files, ["a/q.yaml", "m/base.yaml", "z/q.yaml"]);
    // --format json lists the findings in the same order.
    let json = s.audit(&[
        "a",
        "z",
        "--baseline",
        "m/base.yaml",
        "--as-of",
        "2026-08-01",
        "--format",
        "json",
        "--out",
        "json-reports",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let in_json: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    let in_csv: Vec<String> = s
        .csv("reports/findings.csv")
        .into_iter()
        .map(|r| r["file"].clone())
        .collect();
    assert_eq!(in_json, in_csv);
    let highs = s
        .csv("reports/findings.csv")
        .into_iter()
        .filter(|r| r["severity"] == "high")
        .count();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("{highs} finding")),
        "{highs}: {}",
        stderr(&out)
    );
}

#[test]
fn claims_state_what_layer_they_speak_about() {
    let q = quiet_with(
        "  - {route: NB2, size: 2K, price: 0.1}\n",
        "claims:\n  - \"Free Nano Banana API\"\n  - \"Try it in the Gemini app\"\n  - \"官方直连\"\n  - \"無料でお試し\"\n  - \"Fast async generation\"\n",
    );
    let s = Sandbox::new();
    s.write("quotes/q.yaml", q);
    s.audit(&[]);
    let by_claim: BTreeMap<String, (String, String)> = s
        .csv("reports/findings.csv")
        .into_iter()
        .filter(|r| r["subject"].starts_with("claims"))
        .map(|r| {
            (
                r["evidence"].clone(),
                (r["rule"].clone(), r["message"].clone()),
            )
        })
        .collect();
    let free = &by_claim["Free Nano Banana API"];
    assert_eq!(free.0, "free-official-api");
    assert!(free.1.contains("official API output layer"), "{free:?}");
    let app = &by_claim["Try it in the Gemini app"];
    assert_eq!(app.0, "consumer-surface");
    assert!(app.1.contains("consumer/product surface layer"), "{app:?}");
    assert_eq!(by_claim["官方直连"].0, "official-claim");
    assert_eq!(by_claim["無料でお試し"].0, "free-credits");
    // "async" is a call style: no free, Batch or any other claim is read into it.
    assert_eq!(by_claim["Fast async generation"].0, "unclassified-claim");
}

#[test]
fn savings_claims_are_checked_against_the_offers_they_name() {
    let offers =
        "  - {route: NB2, size: 2K, price: 0.09}\n  - {route: NB Pro, size: 4K, price: 0.12}\n";
    // 50% off holds for Pro 4K (0.12 against 0.24) but not for 2K (10.89%).
    let named = quiet_with(
        offers,
        "claims:\n  - \"2K images 50% cheaper than Google\"\n",
    );
    assert_eq!(fired("savings-overstated", &named, &[], &[]).len(), 1);
    let best = quiet_with(offers, "claims:\n  - \"Up to 50% off Google's price\"\n");
    assert!(fired("savings-overstated", &best, &[], &[]).is_empty());
    let range = quiet_with(offers, "claims:\n  - \"70-83% off official pricing\"\n");
    let f = fired("savings-overstated", &range, &[], &[]);
    assert!(
        f[0]["message"].contains("claims 83% off"),
        "{}",
        f[0]["message"]
    );
    let of_list = quiet_with(offers, "claims:\n  - \"Pay 40% of Google's list price\"\n");
    assert!(
        fired("savings-overstated", &of_list, &[], &[])[0]["message"].contains("claims 60% off")
    );
}

#[test]
fn policy_turns_rules_off_changes_severities_and_thresholds() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        quiet_quote("  - {route: NB2, size: 2K, lane: Turbo, price: 0.104}\n"),
    );
    s.write(
        "policy.yaml",
        "rules:\n  vendor-lane: off\n  above-official: high\nthresholds:\n  tolerance_pct: 0.1\n",
    );
    let out = s.audit(&["--policy", "policy.yaml", "--fail-on", "high"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(findings_of(&s, "vendor-lane").is_empty());
    assert_eq!(findings_of(&s, "above-official")[0]["severity"], "high");
    assert_eq!(s.csv("reports/summary.csv")[0]["high"], "1");
    // --tolerance on the command line wins over the policy's.
    s.audit(&["--policy", "policy.yaml", "--tolerance", "5"]);
    assert!(findings_of(&s, "above-official").is_empty());

    s.write("bad.yaml", "rules:\n  vendor-lanes: off\n");
    let out = s.audit(&["--policy", "bad.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.yaml:2:3: error: unknown rule `vendor-lanes`"),
        "{err}"
    );
    assert!(err.contains("did you mean `vendor-lane`?"), "{err}");
}

#[test]
fn rules_command_lists_the_catalogue() {
    let s = Sandbox::new();
    let out = s.run(&["rules", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    expect_file(&repo().join("tests/golden/rules.json"), &stdout(&out));
    let table = stdout(&s.run(&["rules"]));
    for r in quote_audit::model::Rule::ALL {
        assert!(table.contains(r.id()), "{}", r.id());
    }
}

#[test]
fn readme_documents_every_rule() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for r in quote_audit::model::Rule::ALL {
        assert!(
            readme.contains(r.id()),
            "README.md does not mention {}",
            r.id()
        );
    }
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

#[test]
fn a_claim_that_misquotes_google_s_price_is_found() {
    let offers = "  - {route: NB Pro, size: 4K, price: 0.2}\n";
    let wrong = quiet_with(
        offers,
        "claims:\n  - \"Official 4K price ~$0.268, ours is less\"\n",
    );
    let f = fired("official-price-misquoted", &wrong, &[], &[]);
    assert!(f[0]["message"].contains("USD 0.268"), "{}", f[0]["message"]);
    let right = quiet_with(offers, "claims:\n  - \"Google charges $0.24 for Pro 4K\"\n");
    assert!(fired("official-price-misquoted", &right, &[], &[]).is_empty());
}

// ------------------------------------------------------------ diff and history

/// changes.csv rows as (change, key, field, old, new).
fn changes(s: &Sandbox) -> Vec<(String, String, String, String, String)> {
    s.csv("reports/changes.csv")
        .into_iter()
        .map(|r| {
            (
                r["change"].clone(),
                r["key"].clone(),
                r["field"].clone(),
                r["old"].clone(),
                r["new"].clone(),
            )
        })
        .collect()
}

#[test]
fn diff_of_the_bundled_two_versions_matches_its_golden_file() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = bin()
        .current_dir(repo())
        .args([
            "diff",
            "quotes/pixelpipe/2026-05-02.yaml",
            "quotes/pixelpipe/2026-06-03.yaml",
            "--as-of",
            "2026-06-01",
            "--out",
        ])
        .arg(out_dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "no colour into a pipe");
    assert!(
        text.contains("-offer gemini-3-pro-image-preview 4K standard: USD 0.22 per image"),
        "{text}"
    );
    assert!(
        text.contains("+claim: Now 20% cheaper than Google"),
        "{text}"
    );
    let csv = std::fs::read_to_string(out_dir.path().join("changes.csv")).unwrap();
    expect_file(&repo().join("tests/golden/changes.csv"), &csv);
}

#[test]
fn reordering_and_rewording_are_no_change() {
    let s = Sandbox::new();
    s.write(
        "old.yaml",
        quiet_with(
            "  - {route: Nano Banana 2, size: 2K, price: 0.09}\n  - {route: NB Pro, size: 4K, lane: batch, price: 0.11}\n",
            "claims:\n  - \"One\"\n  - \"Two\"\n",
        ),
    );
    s.write(
        "new.yaml",
        quiet_with(
            "  - {route: google/gemini-3-pro-image-preview, size: 4096x4096, lane: Batch API, price: \"$0.11\"}\n  - {route: fal-ai/nano-banana-2/edit, size: 2048px, lane: async, price: 0.090}\n",
            "claims:\n  - \"Two\"\n  - \"One\"\n",
        ),
    );
    let out = s.run(&["diff", "old.yaml", "new.yaml", "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(changes(&s), []);
    assert!(stdout(&out).starts_with("no changes"), "{}", stdout(&out));
}

#[test]
fn price_tolerance_hides_small_moves_in_usd_or_percent() {
    let s = Sandbox::new();
    s.write(
        "old.yaml",
        quiet_quote("  - {route: NB2, size: 2K, price: 0.100}\n"),
    );
    s.write(
        "new.yaml",
        quiet_quote("  - {route: NB2, size: 2K, price: 0.102}\n"),
    );
    let run = |tol: &[&str]| {
        let mut args = vec!["diff", "old.yaml", "new.yaml", "--as-of", AS_OF];
        args.extend_from_slice(tol);
        s.run(&args);
        changes(&s)
            .into_iter()
            .filter(|c| c.0 == "price-changed")
            .count()
    };
    assert_eq!(run(&[]), 1);
    assert_eq!(
        run(&["--tolerance", "0.0021"]),
        0,
        "a move below the tolerance is hidden"
    );
    assert_eq!(
        run(&["--tolerance", "0.002"]),
        1,
        "a move equal to it is shown"
    );
    assert_eq!(run(&["--tolerance", "2.1%"]), 0);
    assert_eq!(run(&["--tolerance", "2%"]), 1);
    s.run(&["diff", "old.yaml", "new.yaml", "--as-of", AS_OF]);
    let row = &s.csv("reports/changes.csv")[0];
    assert_eq!(
        (row["delta_usd"].as_str(), row["delta_pct"].as_str()),
        ("0.002", "2.00")
    );
    assert_eq!(
        (row["old_line"].as_str(), row["new_line"].as_str()),
        ("6", "6")
    );
}

#[test]
fn a_removed_term_is_a_change_and_a_new_finding() {
    let s = Sandbox::new();
    let offer = "  - {route: NB2, size: 2K, price: 0.1}\n";
    s.write("old.yaml", quiet_quote(offer));
    s.write("new.yaml", quiet_without(offer, "upstream"));
    let out = s.run(&[
        "diff",
        "old.yaml",
        "new.yaml",
        "--as-of",
        AS_OF,
        "--fail-on",
        "medium",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let c = changes(&s);
    assert!(
        c.iter()
            .any(|c| c.0 == "term-changed" && c.1 == "terms.upstream" && c.4.is_empty()),
        "{c:?}"
    );
    assert!(
        c.iter()
            .any(|c| c.0 == "finding-new" && c.1 == "upstream-unstated"),
        "{c:?}"
    );
    assert_eq!(
        s.run(&[
            "diff",
            "old.yaml",
            "new.yaml",
            "--as-of",
            AS_OF,
            "--fail-on",
            "high"
        ])
        .status
        .code(),
        Some(0)
    );
}

#[test]
fn vendors_are_matched_by_name_across_folders() {
    let s = Sandbox::new();
    let q = |vendor: &str, price: &str| {
        quiet_quote(&format!("  - {{route: NB2, size: 2K, price: {price}}}\n"))
            .replace("Test Vendor", vendor)
    };
    s.write("may/a.yaml", q("Alpha", "0.1"));
    s.write("may/b.yaml", q("Beta", "0.1"));
    s.write("june/alpha-june.yaml", q("ALPHA", "0.09"));
    s.write("june/c.yaml", q("Gamma", "0.1"));
    let out = s.run(&["diff", "may", "june", "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = s.csv("reports/changes.csv");
    let kinds: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["vendor"].as_str(), r["change"].as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("ALPHA", "price-changed"),
            ("Beta", "offer-removed"),
            ("Beta", "finding-resolved"),
            ("Gamma", "offer-added"),
            ("Gamma", "finding-new"),
        ]
    );
    let text = stdout(&out);
    assert!(
        text.contains("Beta: removed (1 offer)") && text.contains("Gamma: added (1 offer)"),
        "{text}"
    );
}

#[test]
fn diff_refuses_bad_input_like_audit() {
    let s = Sandbox::new();
    s.write(
        "old.yaml",
        quote("  - {route: NB2, size: 2K, price: 0.1}\n"),
    );
    s.write(
        "new.yaml",
        quote("  - {route: NB2, size: 2K, price: cheap}\n"),
    );
    let out = s.run(&["diff", "old.yaml", "new.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("new.yaml:4:35: error: price \"cheap\""),
        "{}",
        stderr(&out)
    );
    assert!(!s.path("reports").exists());
}

#[test]
fn history_chains_three_versions() {
    let s = Sandbox::new();
    let version = |received: &str, price: &str| {
        quiet_quote(&format!("  - {{route: NB2, size: 2K, price: {price}}}\n"))
            .replace("received: 2026-05-01", &format!("received: {received}"))
    };
    // File names do not sort by date: the chain follows `received`.
    s.write("quotes/v/c.yaml", version("2026-04-01", "0.10"));
    s.write("quotes/v/a.yaml", version("2026-05-01", "0.12"));
    s.write("quotes/v/b.yaml", version("2026-06-01", "0.09"));
    let out = s.run(&["history", "quotes", "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = s.csv("reports/history.csv");
    let chain: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["received"].as_str(),
                r["price_usd"].as_str(),
                r["change_pct"].as_str(),
                r["file"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        chain,
        [
            ("2026-04-01", "0.1", "", "quotes/v/c.yaml"),
            ("2026-05-01", "0.12", "20.00", "quotes/v/a.yaml"),
            ("2026-06-01", "0.09", "-25.00", "quotes/v/b.yaml"),
        ]
    );
    let text = stdout(&out);
    assert!(
        text.contains("Test Vendor: 3 versions, 2026-04-01 → 2026-06-01"),
        "{text}"
    );
    assert!(
        text.contains("2026-04-01 0.1 → 2026-05-01 0.12 (+20.00%) → 2026-06-01 0.09 (-25.00%)"),
        "{text}"
    );
}

#[test]
fn reworded_claims_show_the_words_that_changed() {
    let s = Sandbox::new();
    let offer = "  - {route: NB2, size: 2K, price: 0.1}\n";
    s.write(
        "old.yaml",
        quiet_with(offer, "claims:\n  - \"Fast images at 30% below Google\"\n"),
    );
    s.write(
        "new.yaml",
        quiet_with(offer, "claims:\n  - \"Fast images at 50% below Google\"\n"),
    );
    let out = s.run(&["diff", "old.yaml", "new.yaml", "--as-of", AS_OF]);
    let text = stdout(&out);
    assert!(
        text.contains("claim reworded: Fast images at [-30%-]{+50%+} below Google"),
        "{text}"
    );
}

// ------------------------------------------------------------------ budget

fn budget_rows(s: &Sandbox) -> Vec<BTreeMap<String, String>> {
    s.csv("reports/budget.csv")
}

/// The seed's budget examples, to the cent, through the quick form.
#[test]
fn quick_budgets_match_the_seed_to_the_cent() {
    let cases = [
        ("1000", "Nano Banana 2", "2K", "101.00", "50.00"),
        ("1000", "Nano Banana Pro", "4K", "240.00", "120.00"),
        ("50", "Nano Banana 2", "1K", "3.35", "1.70"),
        ("50", "Nano Banana 2", "2K", "5.05", "2.50"),
        ("10", "Nano Banana Pro", "4K", "2.40", "1.20"),
        ("10", "Nano Banana 2", "4K", "1.51", "0.76"),
        ("10000", "Nano Banana 2", "2K", "1010.00", "500.00"),
        (
            "10000",
            "gemini-3-pro-image-preview",
            "4K",
            "2400.00",
            "1200.00",
        ),
    ];
    let s = Sandbox::new();
    for (count, model, size, standard, batch) in cases {
        let out = s.run(&["budget", "--count", count, "--model", model, "--size", size]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let rows = budget_rows(&s);
        let totals: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r["lane"].as_str(), r["total_usd"].as_str()))
            .collect();
        assert_eq!(
            totals,
            [("standard", standard), ("batch", batch)],
            "{count} × {model} {size}"
        );
    }
}

#[test]
fn the_example_workload_routes_and_prices_every_job() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = bin()
        .current_dir(repo())
        .args([
            "budget",
            "--workload",
            "workloads/example.yaml",
            "quotes",
            "--as-of",
            "2026-06-01",
            "--out",
        ])
        .arg(out_dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = std::fs::read_to_string(out_dir.path().join("budget.csv")).unwrap();
    expect_file(&repo().join("reports/budget.csv"), &csv);
    let rows = read_csv(&csv);
    let google = |job: &str, lane: &str| -> (String, String, String) {
        let r = rows
            .iter()
            .find(|r| r["job"] == job && r["lane"] == lane && r["source"] == "google")
            .unwrap();
        (
            r["model"].clone(),
            r["total_usd"].clone(),
            r["reason"].clone(),
        )
    };
    let (model, total, reason) = google("product drafts", "standard");
    assert_eq!(
        (model.as_str(), total.as_str()),
        ("gemini-3.1-flash-image-preview", "101.00")
    );
    assert!(reason.starts_with("draft:"), "{reason}");
    assert_eq!(google("product drafts", "batch").1, "50.00");
    let (model, total, reason) = google("pricing page diagram", "standard");
    assert_eq!(
        (model.as_str(), total.as_str()),
        ("gemini-3-pro-image-preview", "2.40")
    );
    assert!(reason.contains("escalated to Pro"), "{reason}");
    // A job that cannot wait has no Batch row.
    assert!(
        rows.iter()
            .all(|r| !(r["job"] == "pricing page diagram" && r["lane"] == "batch"))
    );
    let (model, total, reason) = google("hero banners, kept on Nano Banana 2", "standard");
    assert_eq!(
        (model.as_str(), total.as_str()),
        ("gemini-3.1-flash-image-preview", "1.51")
    );
    assert!(reason.starts_with("override:"), "{reason}");
    assert_eq!(google("catalogue backfill", "standard").1, "1010.00");
    assert_eq!(
        google("print posters, retry of failed drafts", "batch").1,
        "1200.00"
    );
    // Vendor rows: only comparable offers for the same model, size and lane.
    let vendor: Vec<&BTreeMap<String, String>> = rows
        .iter()
        .filter(|r| r["job"] == "product drafts" && r["source"] != "google")
        .collect();
    assert!(
        vendor
            .iter()
            .all(|r| r["model"] == "gemini-3.1-flash-image-preview" && r["size"] == "2K")
    );
    assert!(vendor.iter().any(|r| {
        r["source"].starts_with("TokenRelay (example) (quotes/tokenrelay/2026-05-12.yaml:13")
    }));
    assert!(
        vendor.iter().all(|r| !r["source"].starts_with("Huayun")),
        "CNY offers without a rate are not comparable"
    );
    let text = stdout(&out);
    assert!(
        text.contains("Batch/Flex instead of Standard for the jobs that can wait"),
        "{text}"
    );
}

#[test]
fn failure_rate_raises_vendors_that_bill_failed_generations() {
    let s = Sandbox::new();
    s.write(
        "quotes/billed.yaml",
        quiet_quote("  - {route: NB2, size: 2K, price: 0.09}\n")
            .replace("not-billed", "billed")
            .replace("Test Vendor", "Billed"),
    );
    s.write(
        "quotes/free.yaml",
        quiet_quote("  - {route: NB2, size: 2K, price: 0.09}\n").replace("Test Vendor", "Free"),
    );
    let out = s.run(&[
        "budget",
        "--count",
        "100",
        "--model",
        "NB2",
        "--size",
        "2K",
        "quotes",
        "--failure-rate",
        "0.1",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = budget_rows(&s);
    let billed = rows
        .iter()
        .find(|r| r["source"].starts_with("Billed"))
        .unwrap();
    assert_eq!(
        (billed["unit_usd"].as_str(), billed["total_usd"].as_str()),
        ("0.1", "10.00")
    );
    assert!(
        billed["reason"].contains("failed generations are billed: 0.09 ÷ (1 − 0.1)"),
        "{}",
        billed["reason"]
    );
    let free = rows
        .iter()
        .find(|r| r["source"].starts_with("Free"))
        .unwrap();
    assert_eq!(free["total_usd"], "9.00");
    let bad = s.run(&[
        "budget",
        "--count",
        "1",
        "--model",
        "NB2",
        "--size",
        "2K",
        "--failure-rate",
        "1",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_size_the_model_lacks_names_the_sizes_it_has() {
    let s = Sandbox::new();
    let out = s.run(&[
        "budget",
        "--count",
        "10",
        "--model",
        "Nano Banana Pro",
        "--size",
        "0.5K",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("Nano Banana Pro has no official 0.5K price row; it has 1K, 2K, 4K"),
        "{}",
        stderr(&out)
    );
    s.write(
        "w.yaml",
        "jobs:\n  - name: tiny text cards\n    count: 10\n    size: 0.5K\n    kind: text-heavy\n",
    );
    let out = s.run(&["budget", "--workload", "w.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("w.yaml:4:11: error: Nano Banana Pro has no official 0.5K price row"),
        "{err}"
    );
    assert!(err.contains("help: it has 1K, 2K, 4K"), "{err}");
}

#[test]
fn bad_workload_files_get_located_errors() {
    let s = Sandbox::new();
    s.write("w.yaml", "jobs:\n  - name: drafts\n    count: many\n    size: HD\n    kind: sketch\n    model: Nano Banana 3\n");
    let out = s.run(&["budget", "--workload", "w.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for needle in [
        "w.yaml:3:12: error: `count` \"many\" is not a whole number above zero",
        "w.yaml:4:11: error: size \"HD\" is not a size class",
        "w.yaml:5:11: error: `kind` \"sketch\" is not a known value",
        "w.yaml:6:12: error: model \"Nano Banana 3\" is not a baseline model",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in\n{err}");
    }
    s.write(
        "typo.yaml",
        "jobs:\n  - name: drafts\n    count: 1\n    size: 1K\n    can_wiat: true\n",
    );
    let err = stderr(&s.run(&["budget", "--workload", "typo.yaml"]));
    assert!(
        err.contains("typo.yaml:5:5: error: unknown key `can_wiat`")
            && err.contains("did you mean `can_wait`?"),
        "{err}"
    );
    let out = s.run(&["budget"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Claims a review found misread, each with the rules it must (and must only) fire.
#[test]
fn claims_are_read_as_a_careful_buyer_would() {
    let offers =
        "  - {route: NB2, size: 2K, price: 0.101}\n  - {route: NB Pro, size: 4K, price: 0.24}\n";
    let cases: &[(&str, &[&str])] = &[
        ("Only $0.02 vs Google's $0.134", &[]),
        ("Google charges $0.24 for Pro 4K — we charge $0.10", &[]),
        ("Official Nano Banana Pro API at $0.09", &["official-claim"]),
        ("Google charges $134 per 1,000 Pro images", &[]),
        ("Google bills $60 per 1M output tokens for NB2", &[]),
        ("Watermark-free 4K images", &["unclassified-claim"]),
        (
            "There is no free tier: every image is billed",
            &["unclassified-claim"],
        ),
        (
            "Up to 40% lower latency than Google",
            &["unclassified-claim"],
        ),
        ("30% cheaper than OpenRouter", &["unclassified-claim"]),
        (
            "Nano Banana API 80% off official pricing",
            &["savings-overstated"],
        ),
        (
            "Official API access — 3% off Google's price",
            &["official-claim"],
        ),
        (
            "100 free credits on signup, no credit card required",
            &["free-credits"],
        ),
        ("Free credits, no Google account needed", &["free-credits"]),
        (
            "Simple OAuth flow for your API key",
            &["unclassified-claim"],
        ),
        ("Try it in Flow", &["consumer-surface"]),
        ("Generate images in Acme AI Studio", &["unclassified-claim"]),
        (
            "Free Nano Banana Pro API — just sign up",
            &["free-official-api", "free-api-key"],
        ),
        ("支持包括但不限于1K、2K、4K等尺寸", &["unclassified-claim"]),
        ("非官方渠道", &["unclassified-claim"]),
        ("Generaciones ilimitadas", &["unlimited-claim"]),
        ("Kostenloser API-Zugang", &["free-official-api"]),
    ];
    for (claim, want) in cases {
        let q = quiet_with(offers, &format!("claims:\n  - \"{claim}\"\n"));
        let s = Sandbox::new();
        s.write("quotes/q.yaml", q);
        let out = s.audit(&[]);
        assert_eq!(out.status.code(), Some(0), "{claim}: {}", stderr(&out));
        let mut got: Vec<String> = s
            .csv("reports/findings.csv")
            .into_iter()
            .filter(|r| r["subject"] == "claims[0]")
            .map(|r| r["rule"].clone())
            .collect();
        got.sort();
        let mut want: Vec<String> = want.iter().map(|w| w.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "{claim}");
    }
    let f = fired(
        "free-credits",
        &quiet_with(
            offers,
            "claims:\n  - \"Free credits, no Google account needed\"\n",
        ),
        &[],
        &[],
    );
    assert_eq!(
        f[0]["severity"], "medium",
        "a Google account is not Google's credits"
    );
}

#[test]
fn a_huge_claimed_saving_does_not_overflow() {
    let q = quiet_with(
        "  - {route: Nano Banana 2, size: 2K, price: 75750000000000000000000000}\n",
        "claims:\n  - \"9999999999999999999999999999% off\"\n",
    );
    assert_eq!(fired("savings-overstated", &q, &[], &[]).len(), 1);
}

#[test]
fn an_unknown_owner_is_a_gap_and_official_claimed_is_checked_without_a_price() {
    let q = quiet_quote(
        "  - {route: NB Pro, size: 4K, price: 100, unit: credit, official_claimed: 0.268}\n",
    )
    .replace("billing: vendor", "billing: unknown");
    assert_eq!(fired("billing-unstated", &q, &[], &[]).len(), 1);
    assert_eq!(fired("official-price-misquoted", &q, &[], &[]).len(), 1);
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_the_previous_reports_and_nothing_else() {
    let s = Sandbox::new();
    for (name, text) in quote_audit::corpus::generate(3000, 30) {
        s.write(&format!("quotes/{name}"), text);
    }
    s.write("out/reports/comparison.csv", "old\n");
    let child = support::bin()
        .current_dir(s.dir.path())
        .args([
            "audit",
            "--out",
            "out/reports/new",
            "--as-of",
            support::AS_OF,
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Once the staged reports exist, the run is interrupted while it writes them.
    let started = std::time::Instant::now();
    while !s.path("out/reports/new").exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
    assert!(
        !s.path("out/reports/new").exists(),
        "staged reports left behind"
    );
    assert_eq!(s.read("out/reports/comparison.csv"), "old\n");
}

#[test]
fn output_is_identical_for_any_number_of_threads() {
    let s = Sandbox::new();
    // More files than one batch of parallel work, in folders whose path order differs from
    // their name order (`v1/…` sorts before `v1-x.yaml` as a path, after it as text).
    for i in 0..300 {
        let price = format!("0.{:03}", 40 + i % 50 * 3);
        s.write(
            &format!("quotes/v{}/q{i:03}.yaml", i % 5),
            quote(&format!(
                "  - {{route: NB2, size: 2K, price: {price}}}\n  - {{route: Nano Banana 2.1, size: 1K, price: 0.05}}\n"
            ))
            .replace("Test Vendor", &format!("Vendor {}", i % 7)),
        );
    }
    s.write(
        "quotes/v1-x.yaml",
        quote("  - {route: NB2, size: 2K, price: 0.2}\n"),
    );
    s.audit(&["--jobs", "1", "--out", "one"]);
    s.audit(&["--jobs", "2", "--out", "two"]);
    s.audit(&["--out", "all"]);
    for f in ["comparison.csv", "findings.csv", "summary.csv"] {
        let one = s.read(&format!("one/{f}"));
        assert_eq!(one, s.read(&format!("two/{f}")), "{f}");
        assert_eq!(one, s.read(&format!("all/{f}")), "{f}");
    }
    // Rows, findings and summary lines all follow the file names as text.
    let files = |report: &str| {
        let mut names: Vec<String> = s
            .csv(&format!("one/{report}"))
            .into_iter()
            .map(|r| r["file"].clone())
            .collect();
        names.dedup();
        names
    };
    let summary = files("summary.csv");
    assert_eq!(summary.len(), 301);
    assert!(summary.is_sorted(), "{summary:?}");
    assert_eq!(files("comparison.csv"), summary);
    assert_eq!(files("findings.csv"), summary);
    assert_eq!(s.audit(&["--jobs", "0"]).status.code(), Some(2));
}

// ---------------------------------------------------------------- ecosystem

#[test]
fn sarif_output_has_the_required_structure() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        quote("  - {route: Nano Banana 2.1, size: 2K, price: 0.1}\n"),
    );
    let out = s.audit(&["--format", "sarif"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "quote-audit");
    let rules: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules.len(), quote_audit::model::Rule::ALL.len());
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), s.csv("reports/findings.csv").len());
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize], id);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].as_str().is_some());
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
    }
    let unknown = results
        .iter()
        .find(|r| r["ruleId"] == "unknown-route")
        .unwrap();
    assert_eq!(unknown["level"], "error");
    assert_eq!(
        unknown["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "quotes/q.yaml"
    );
    assert_eq!(
        unknown["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
}

#[test]
fn completions_man_page_and_examples_in_every_help() {
    let s = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = s.run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(stdout(&out).contains("budget"), "{shell}");
    }
    let man = stdout(&s.run(&["man"]));
    assert!(man.contains(".TH quote-audit 1"), "{man}");
    for cmd in [
        "audit",
        "diff",
        "history",
        "budget",
        "baseline",
        "rules",
        "completions",
        "man",
    ] {
        let help = stdout(&s.run(&[cmd, "--help"]));
        assert!(
            help.contains("Examples:\n  quote-audit"),
            "{cmd} --help has no example:\n{help}"
        );
    }
}

#[test]
fn the_committed_schema_is_current_and_bundled_quotes_use_it() {
    let s = Sandbox::new();
    let out = s.run(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    expect_file(&repo().join("schema/quote.schema.json"), &stdout(&out));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["additionalProperties"], false);
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["vendor", "received", "offers"]);
    for entry in walk_yaml(&repo().join("quotes")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=../../schema/quote.schema.json\n"),
            "{}",
            entry.display()
        );
    }
}

fn walk_yaml(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk_yaml(&p));
        } else if p.extension().is_some_and(|x| x == "yaml") {
            out.push(p);
        }
    }
    out
}

#[test]
fn new_writes_a_skeleton_inside_quotes_and_never_overwrites() {
    let s = Sandbox::new();
    let out = s.run(&["new", "Acme Gateway (EU)", "--date", "2026-07-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = s.read("quotes/acme-gateway-eu/2026-07-01.yaml");
    assert!(text.contains("vendor: \"Acme Gateway (EU)\""), "{text}");
    for key in [
        "valid_until:",
        "billing:",
        "training_use:",
        "failed_generations:",
        "upstream:",
        "granted_by:",
        "official_claimed:",
    ] {
        assert!(text.contains(key), "{key} missing");
    }
    // Until an offer is typed in, the skeleton is refused for exactly that reason.
    let audit = s.audit(&["quotes"]);
    assert_eq!(audit.status.code(), Some(2));
    let err = stderr(&audit);
    assert!(
        err.contains("error: `offers` is empty") && err.contains("1 problem in 1 file"),
        "{err}"
    );

    let again = s.run(&["new", "Acme Gateway (EU)", "--date", "2026-07-01"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );

    let out = s.run(&["new", "../../outside \"quoted\"", "--date", "2026-07-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(s.path("quotes/outside-quoted/2026-07-01.yaml").exists());
    assert!(!s.path("../outside-quoted").exists());
    let text = s.read("quotes/outside-quoted/2026-07-01.yaml");
    assert!(
        text.contains(r#"vendor: "../../outside \"quoted\"""#),
        "{text}"
    );
}

/// Found in review: duplicates, case, vendors on one side, renamed vendors, gaps.
#[test]
fn diff_and_history_edge_cases() {
    let s = Sandbox::new();
    let two = |a: &str, b: &str| {
        format!(
            "  - {{route: NB2, size: 2K, price: {a}}}\n  - {{route: NB2, size: 2K, price: {b}}}\n"
        )
    };
    s.write("d1.yaml", quiet_quote(&two("0.08", "0.09")));
    s.write("d2.yaml", quiet_quote(&two("0.09", "0.08")));
    s.run(&["diff", "d1.yaml", "d2.yaml", "--as-of", AS_OF]);
    assert_eq!(changes(&s), [], "reordered duplicates are no change");

    s.write(
        "l1.yaml",
        quiet_quote("  - {route: NB2, size: 2K, lane: Turbo, price: 0.1}\n"),
    );
    s.write(
        "l2.yaml",
        quiet_quote("  - {route: NB2, size: 2K, lane: turbo, price: 0.1}\n"),
    );
    s.run(&["diff", "l1.yaml", "l2.yaml", "--as-of", AS_OF]);
    assert_eq!(
        changes(&s),
        [],
        "a vendor lane in another case is the same lane"
    );

    s.write(
        "r1.yaml",
        quiet_quote("  - {route: NB2, size: 2K, price: 0.1}\n"),
    );
    s.write(
        "r2.yaml",
        quiet_quote("  - {route: NB2, size: 2K, price: 0.12}\n")
            .replace("Test Vendor", "Test Vendor Ltd"),
    );
    let out = s.run(&["diff", "r1.yaml", "r2.yaml", "--as-of", AS_OF]);
    assert!(
        stderr(&out).contains("comparing them as two versions of one quote"),
        "{}",
        stderr(&out)
    );
    // 0.12 is above the official price: a new finding beside the price change.
    assert_eq!(
        changes(&s).iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        ["price-changed", "finding-new"]
    );

    std::fs::create_dir_all(s.path("empty-side")).unwrap();
    s.write(
        "old-side/a.yaml",
        quiet_quote("  - {route: NB2, size: 2K, price: 0.1}\n").replace("Test Vendor", "Alpha"),
    );
    s.write(
        "new-side/a.yaml",
        quiet_quote("  - {route: NB2, size: 2K, price: 0.1}\n").replace("Test Vendor", "Alpha"),
    );
    s.write(
        "new-side/b.yaml",
        quote("  - {route: Nano Banana 2.1, size: 2K, price: 0.1}\n")
            .replace("Test Vendor", "Beta"),
    );
    let out = s.run(&[
        "diff",
        "old-side",
        "new-side",
        "--as-of",
        AS_OF,
        "--fail-on",
        "high",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an added vendor's findings are new: {}",
        stdout(&out)
    );

    for (file, received, price) in [
        ("h/a.yaml", "2026-05-01", "0.1"),
        ("h/b.yaml", "2026-05-15", ""),
        ("h/c.yaml", "2026-06-01", "0.12"),
    ] {
        let offers = if price.is_empty() {
            "  - {route: NB2, size: 1K, price: 0.06}\n".to_owned()
        } else {
            format!("  - {{route: NB2, size: 2K, price: {price}}}\n")
        };
        let vendor = if received == "2026-05-15" {
            "TEST VENDOR"
        } else {
            "Test Vendor"
        };
        s.write(
            file,
            quiet_quote(&offers)
                .replace("received: 2026-05-01", &format!("received: {received}"))
                .replace("Test Vendor", vendor),
        );
    }
    s.run(&["history", "h", "--as-of", AS_OF]);
    let rows = s.csv("reports/history.csv");
    let chain: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r["size"] == "2K")
        .map(|r| (r["received"].as_str(), r["change_pct"].as_str()))
        .collect();
    assert_eq!(
        chain,
        [("2026-05-01", ""), ("2026-06-01", "20.00")],
        "compared across the version without it"
    );
}

#[test]
fn budget_refuses_duplicate_jobs_and_never_overflows() {
    let s = Sandbox::new();
    s.write("w.yaml", "jobs:\n  - {name: a, count: 1000, size: 2K}\n  - {name: A, count: 10, size: 4K, kind: final}\n");
    let out = s.run(&["budget", "--workload", "w.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("w.yaml:3:12: error: a second job named \"A\""),
        "{}",
        stderr(&out)
    );

    s.write(
        "q/big.yaml",
        quote("  - {route: NB2, size: 2K, price: 9999999999999999999999999999}\n"),
    );
    s.write(
        "w2.yaml",
        "jobs:\n  - {name: a, count: 4, size: 2K}\n  - {name: b, count: 4, size: 2K}\n",
    );
    let out = s.run(&["budget", "--workload", "w2.yaml", "q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("too large"), "{}", stdout(&out));
    let big = s.run(&[
        "budget", "--count", "10", "--model", "NB2", "--size", "2K", "q",
    ]);
    assert_eq!(big.status.code(), Some(0));
    let vendor = budget_rows(&s)
        .into_iter()
        .find(|r| r["source"] != "google")
        .unwrap();
    assert_eq!(
        vendor["total_usd"], "",
        "a total too large to compute is left empty, never capped"
    );
}

#[test]
fn a_price_move_hidden_by_the_tolerance_is_hidden_in_the_diff_too() {
    let s = Sandbox::new();
    s.write(
        "old.yaml",
        quiet_quote("  - {route: NB2, size: 2K, price: 0.1}\n"),
    );
    s.write(
        "new.yaml",
        quiet_quote("  - {route: NB2, size: 2K, price: 0.1001}\n")
            .replace("training_use: false", "training_use: true"),
    );
    let out = s.run(&[
        "diff",
        "old.yaml",
        "new.yaml",
        "--as-of",
        AS_OF,
        "--tolerance",
        "1%",
    ]);
    let text = stdout(&out);
    assert!(text.contains("+terms.training_use: true"), "{text}");
    assert!(!text.contains("0.1001"), "{text}");
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
        stderr(&out).contains("bad.yaml:1:6: error:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn budget_says_which_vendor_offers_it_left_out() {
    let s = Sandbox::new();
    s.write(
        "quotes/cny.yaml",
        "vendor: Yuan Vendor\nreceived: 2026-05-01\ncurrency: CNY\noffers:\n  - {route: NB2, size: 2K, price: 0.7}\n",
    );
    let out = s.run(&[
        "budget", "--count", "10", "--model", "NB2", "--size", "2K", "quotes",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("left out as not comparable")
            && stderr(&out).contains("Yuan Vendor (quotes/cny.yaml:5)"),
        "{}",
        stderr(&out)
    );
    let out = s.run(&[
        "budget", "--count", "10", "--model", "NB2", "--size", "2K", "quotes", "--fx", "CNY=7",
    ]);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    assert!(
        budget_rows(&s)
            .iter()
            .any(|r| r["source"].starts_with("Yuan Vendor"))
    );
}
