//! The official baseline: the rows in use, a baseline file that replaces the embedded one (and
//! is validated like a quote), and its age.

use crate::support::*;

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
        std::fs::read_to_string(repo().join("baseline/google-gemini-api-2026-04-20.yaml")).unwrap();
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

/// A quote typed in November: "Nano Banana 2" at 1K.
fn november_quote(received: &str, offers: &str) -> String {
    quiet_quote(offers).replace("received: 2026-05-01", &format!("received: {received}"))
}

#[test]
fn the_same_quote_is_compared_with_the_snapshot_in_force_at_as_of() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        november_quote(
            "2026-05-01",
            "  - {route: Nano Banana 2, size: 1K, price: 0.06}\n",
        ),
    );
    let row = |as_of: &str| {
        let out = s.audit(&["--as-of", as_of]);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
        let r = s.csv("reports/comparison.csv").remove(0);
        (
            r["model"].clone(),
            r["baseline_checked_on"].clone(),
            r["official_usd"].clone(),
        )
    };
    assert_eq!(
        row("2026-05-15"),
        (
            "gemini-3.1-flash-image-preview".into(),
            "2026-04-20".into(),
            "0.067".into()
        )
    );
    assert_eq!(
        row("2026-12-02"),
        (
            "gemini-3.1-flash-image".into(),
            "2026-10-15".into(),
            "0.067".into()
        )
    );
    // The stale-baseline finding counts from the snapshot in force.
    let stale = findings_of(&s, "baseline-stale");
    assert!(
        stale[0]["message"].contains("checked on 2026-10-15"),
        "{stale:?}"
    );
}

#[test]
fn each_version_can_be_compared_with_the_snapshot_in_force_when_it_was_received() {
    let s = Sandbox::new();
    let offer = "  - {route: Nano Banana 2, size: 1K, price: 0.06}\n";
    s.write("quotes/v/1.yaml", november_quote("2026-05-02", offer));
    s.write("quotes/v/2.yaml", november_quote("2026-11-02", offer));
    let out = s.audit(&["--as-of", "2026-12-02", "--baseline-at", "received"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let rows: Vec<(String, String)> = s
        .csv("reports/comparison.csv")
        .into_iter()
        .map(|r| (r["model"].clone(), r["baseline_checked_on"].clone()))
        .collect();
    assert_eq!(
        rows,
        [
            ("gemini-3.1-flash-image-preview".into(), "2026-04-20".into()),
            ("gemini-3.1-flash-image".into(), "2026-10-15".into()),
        ]
    );
    assert!(
        stdout(&out).contains("the snapshot in force on each quote's received date"),
        "{}",
        stdout(&out)
    );
    // history gives the official price in force on each version's date.
    let out = s.run(&[
        "history",
        "quotes",
        "--as-of",
        "2026-12-02",
        "--out",
        "reports",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let points: Vec<(String, String, String)> = s
        .csv("reports/history.csv")
        .into_iter()
        .map(|r| {
            (
                r["received"].clone(),
                r["official_usd"].clone(),
                r["baseline_checked_on"].clone(),
            )
        })
        .collect();
    assert_eq!(
        points,
        [
            ("2026-05-02".into(), "0.067".into(), "2026-04-20".into()),
            ("2026-11-02".into(), "0.067".into(), "2026-10-15".into()),
        ]
    );
    // diff compares both with one snapshot, and says which.
    let out = s.run(&[
        "diff",
        "quotes/v/1.yaml",
        "quotes/v/2.yaml",
        "--as-of",
        "2026-12-02",
        "--out",
        "reports",
    ]);
    assert!(
        stdout(&out).contains("both versions compared with the embedded baseline/google-gemini-api-2026-10-15.yaml, checked 2026-10-15"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_price_per_token_is_compared_on_its_rate() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        november_quote(
            "2026-11-02",
            "  - {route: Nano Banana 2.1, size: 1K, price: 30, unit: 1m-tokens}
  - {route: NB2, size: 1K, lane: batch, price: 30, unit: 1m-tokens}
  - {route: Nano Banana 2.1, size: 2K, price: 30, unit: 1m-tokens, tokens: 1680}
  - {route: Nano Banana 2.1, size: 2K, price: 0.05}
  - {route: NB2, size: 1K, lane: priority, price: 0.12096}
",
        ),
    );
    let out = s.audit(&["--as-of", "2026-12-02"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let rows: Vec<(String, String, String)> = s
        .csv("reports/comparison.csv")
        .into_iter()
        .map(|r| {
            (
                r["price_usd"].clone(),
                r["official_usd"].clone(),
                r["verdict"].clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // Google's own rate matches exactly: 30 × 1120 ÷ 1M.
            ("0.0336".into(), "0.0336".into(), "matches-official".into()),
            // Not 1.18% below the rounded per-image Batch row (0.034).
            ("0.0336".into(), "0.0336".into(), "matches-official".into()),
            // A size the route has no per-image row for, compared on the rate.
            ("0.0504".into(), "0.0504".into(), "matches-official".into()),
            // A per-image price at that size has no official row.
            ("0.05".into(), "".into(), "no-official-row".into()),
            // The Priority lane, priced in the later snapshot.
            (
                "0.12096".into(),
                "0.12096".into(),
                "matches-official".into()
            ),
        ]
    );
    let no_row = findings_of(&s, "no-official-row");
    assert!(
        no_row[0]["message"].contains("only a rate per 1M tokens"),
        "{no_row:?}"
    );
    // A size the model lacks is said even when the price cannot be converted either.
    s.write(
        "quotes/p.yaml",
        november_quote(
            "2026-11-02",
            "  - {route: NB Pro, size: 0.5K, price: 5, unit: credit}\n",
        ),
    );
    s.audit(&["--as-of", "2026-12-02", "quotes/p.yaml"]);
    assert_eq!(findings_of(&s, "no-official-row").len(), 1);
    assert_eq!(findings_of(&s, "unit-unresolved").len(), 1);
    std::fs::remove_file(s.path("quotes/p.yaml")).unwrap();
    // Before the Priority lane was priced, a priority offer has no official price to meet.
    let out = s.audit(&["--as-of", "2026-05-15"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let lanes = findings_of(&s, "no-official-row");
    assert!(
        lanes
            .iter()
            .any(|f| f["message"].contains("no official priority price at 1K")),
        "{lanes:?}"
    );
}

#[test]
fn a_route_shut_down_before_the_quote_is_retired_and_the_sources_are_named() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        november_quote(
            "2026-11-02",
            "  - {route: gemini-2.5-flash-image, size: 1K, price: 0.03}\n",
        ),
    );
    s.audit(&["--as-of", "2026-12-02"]);
    let f = findings_of(&s, "route-retired");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["severity"], "high");
    for needle in [
        "retired on 2026-10-02",
        "2027-03-15: litellm 1.110.2",
        "genai-prices 0.2.3",
    ] {
        assert!(f[0]["message"].contains(needle), "{needle}: {f:?}");
    }
    // Before the shutdown, with the quote valid past it: retires within its validity.
    s.write(
        "quotes/q.yaml",
        november_quote(
            "2026-05-02",
            "  - {route: gemini-2.5-flash-image, size: 1K, price: 0.03}\n",
        ),
    );
    s.audit(&["--as-of", "2026-10-20"]);
    assert_eq!(findings_of(&s, "route-retired").len(), 1);
    // Near miss: a current route.
    s.write(
        "quotes/q.yaml",
        november_quote(
            "2026-11-02",
            "  - {route: Nano Banana 2, size: 1K, price: 0.06}\n",
        ),
    );
    s.audit(&["--as-of", "2026-12-02"]);
    assert!(findings_of(&s, "route-retired").is_empty());
}

#[test]
fn baseline_diff_of_the_shipped_snapshots_matches_its_golden_file() {
    let s = Sandbox::new();
    let out = s.run(&["baseline", "diff", "2026-04-20", "2026-10-15"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    expect_file(
        &repo().join("tests/golden/baseline-diff.txt"),
        &stdout(&out),
    );
    let out = s.run(&["baseline", "diff", "2026-04-20", "2026-01-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no snapshot is checked on 2026-01-01"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn baseline_new_starts_the_next_snapshot_for_rechecking() {
    let s = Sandbox::new();
    let out = s.run(&["baseline", "new", "--date", "2026-12-01", "--dir", "b"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = s.read("b/google-gemini-api-2026-12-01.yaml");
    assert!(text.contains("checked_on: 2026-12-01"));
    assert!(
        !text
            .lines()
            .any(|l| !l.trim_start().starts_with('#') && l.contains("verified: true"))
    );
    assert!(text.contains("re-read on Google's pricing page"));
    // It is a snapshot: the folder of it is a baseline.
    let out = s.run(&["baseline", "--baseline", "b", "--as-of", "2026-12-02"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("checked on: 2026-12-01"),
        "{}",
        stdout(&out)
    );
    // Never over a file, never dated before the latest.
    let again = s.run(&["baseline", "new", "--date", "2026-12-01", "--dir", "b"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists"));
    let early = s.run(&["baseline", "new", "--date", "2026-09-01", "--dir", "b"]);
    assert_eq!(early.status.code(), Some(2));
}

#[test]
fn a_vendor_billing_more_tokens_per_image_is_above_google_at_the_same_rate() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        november_quote(
            "2026-11-02",
            "  - {route: Nano Banana 2, size: 1K, price: 60, unit: 1m-tokens, tokens: 1290}\n",
        ),
    );
    s.audit(&["--as-of", "2026-12-02"]);
    let r = s.csv("reports/comparison.csv").remove(0);
    // 60 × 1290 ÷ 1M against Google's 60 × 1120 ÷ 1M.
    assert_eq!(
        (
            r["price_usd"].as_str(),
            r["official_usd"].as_str(),
            r["verdict"].as_str()
        ),
        ("0.0774", "0.0672", "above-official")
    );
}

#[test]
fn claims_of_priority_and_lane_rates_are_checked_in_their_lane() {
    let s = Sandbox::new();
    let claims = |c: &[&str]| {
        let list: String = c.iter().map(|c| format!("  - \"{c}\"\n")).collect();
        quiet_with(
            "  - {route: Nano Banana 2, size: 1K, price: 0.06}\n",
            &format!("claims:\n{list}"),
        )
        .replace("received: 2026-05-01", "received: 2026-11-02")
    };
    s.write(
        "quotes/q.yaml",
        claims(&[
            "Google's official Priority price for Nano Banana 2 at 1K is $0.121",
            "Google charges $108 per 1M tokens for Nano Banana 2 on Priority",
            "Google's Batch price for Nano Banana 2 is $30 per 1M tokens",
        ]),
    );
    s.audit(&["--as-of", "2026-12-02"]);
    assert!(findings_of(&s, "official-price-misquoted").is_empty());
    // Near miss: a Priority rate Google does not charge.
    s.write(
        "quotes/q.yaml",
        claims(&["Google charges $90 per 1M tokens for Nano Banana 2 on Priority"]),
    );
    s.audit(&["--as-of", "2026-12-02"]);
    assert_eq!(findings_of(&s, "official-price-misquoted").len(), 1);
}
