//! `budget`: the seed's examples to the cent, routing, vendor rows, failure rates, and the
//! errors of a workload file.

use std::collections::BTreeMap;

use crate::support::*;

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

/// A quote of `head`'s keys and `n` offers of NB2 at 2K, the `i`th in lane `lane(i)` at
/// `price(i)`.
fn lanes_quote(
    head: &str,
    n: usize,
    lane: impl Fn(usize) -> String,
    price: impl Fn(usize) -> String,
) -> String {
    let offers: String = (0..n)
        .map(|i| {
            format!(
                "  - {{route: NB2, size: 2K, lane: {}, price: {}}}\n",
                lane(i),
                price(i)
            )
        })
        .collect();
    format!("{head}received: 2026-05-01\noffers:\n{offers}")
}

/// `budget` of ten NB2 images at 2K over the sandbox's quotes.
fn ten_nb2(s: &Sandbox) -> std::process::Output {
    s.run(&[
        "budget", "--count", "10", "--model", "NB2", "--size", "2K", "quotes",
    ])
}

/// Each of `shown` is in `text`, and none of `hidden`.
fn shows(
    text: &str,
    shown: impl IntoIterator<Item = String>,
    hidden: impl IntoIterator<Item = String>,
) {
    for s in shown {
        assert!(text.contains(&s), "{s} is not shown:\n{text}");
    }
    for h in hidden {
        assert!(!text.contains(&h), "{h} is shown:\n{text}");
    }
}

/// The terminal shows each job's five cheapest vendor options beside Google's and says how
/// many more budget.csv has; the note on offers left out names ten and counts the rest.
#[test]
fn the_terminal_shows_each_jobs_cheapest_options_and_the_report_all() {
    let s = Sandbox::new();
    let quote = lanes_quote(
        "vendor: Many Lanes\n",
        8,
        |i| format!("lane {i}"),
        |i| format!("0.0{}", 9 - i),
    );
    s.write("quotes/many.yaml", quote);
    let cny = lanes_quote(
        "vendor: Yuan Vendor\ncurrency: CNY\n",
        12,
        |i| format!("l{i}"),
        |_| "0.7".into(),
    );
    s.write("quotes/cny.yaml", cny);
    let out = ten_nb2(&s);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    // The cheapest five (lanes 3 to 7, 0.06 down to 0.02) are shown, the dearest three not.
    let lane = |i| format!("lane \"lane {i}\"");
    shows(&text, (3..8).map(lane), (0..3).map(lane));
    assert!(
        text.contains("3 more vendor options, none cheaper: see budget.csv"),
        "{text}"
    );
    assert!(text.contains("google"), "{text}");
    let vendor_rows = budget_rows(&s)
        .iter()
        .filter(|r| r["source"].starts_with("Many Lanes"))
        .count();
    assert_eq!(vendor_rows, 8);
    let note = stderr(&out);
    assert!(
        note.contains("12 vendor offers of the jobs' models"),
        "{note}"
    );
    assert!(note.contains("cny.yaml:14) and 2 more"), "{note}");
    assert!(!note.contains("cny.yaml:15)"), "{note}");
}

/// Of options at one price, the terminal shows the first written (line 4 before line 10).
#[test]
fn equal_prices_are_shown_in_the_order_they_are_written() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        lanes_quote("vendor: Ties\n", 10, |i| format!("l{i}"), |_| "0.05".into()),
    );
    let text = stdout(&ten_nb2(&s));
    let line = |l| format!("q.yaml:{l},");
    shows(&text, (4..9).map(line), (9..14).map(line));
    assert!(
        text.contains("5 more vendor options, none cheaper"),
        "{text}"
    );
}
