//! `diff` and `history`: offers matched by what they are, not by position or wording; price
//! moves, terms, claims and findings; vendors matched across folders; timelines.

use crate::support::*;

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
