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
