//! The report files: deterministic, spreadsheet- and terminal-safe, written all or nothing
//! (a failed, refused or interrupted run leaves the previous reports), the same for any number
//! of threads, and the committed example reports current.

use crate::support::*;

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
    // The workbook's archive has no clock in it: a run in a later second writes the same.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    s.audit(&["--out", "two"]);
    let (one, two) = (files_in(&s.path("one")), files_in(&s.path("two")));
    assert_eq!(one.len(), 5);
    for (f, bytes) in &one {
        assert!(two[f] == *bytes, "{f} differs between two runs");
    }
    let files: Vec<String> = s
        .csv("one/summary.csv")
        .iter()
        .map(|r| r["file"].clone())
        .collect();
    assert_eq!(files, ["quotes/a.yml", "quotes/a/c.yaml", "quotes/b.yaml"]);
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
    let one = files_in(&s.path("one"));
    assert_eq!(one.len(), 5);
    for other in ["two", "all"] {
        assert!(
            files_in(&s.path(other)) == one,
            "{other} differs from one thread's"
        );
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
    // `cat reports/comparison.csv` is a terminal too: the escape is shown, not run.
    let csv = s.read("reports/comparison.csv");
    assert!(
        !csv.contains('\u{1b}') && csv.contains("Evil \\u{1B}[2J"),
        "{csv}"
    );

    s.write(
        "quotes/bad.yaml",
        "vendor: \"\\e[2J\"\nreceived: 2026-05-01\noffers: []\n\u{1b}[31m: x\n",
    );
    let bad = s.audit(&[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(!bad.stderr.contains(&0x1b), "{}", stderr(&bad));
}

#[test]
fn a_long_vendor_name_is_cut_in_the_table() {
    let s = Sandbox::new();
    let vendor = "A ".repeat(100_000);
    s.write(
        "quotes/q.yaml",
        format!("vendor: {vendor}\nreceived: 2026-05-01\noffers:\n  - {{route: NB2, size: 2K, price: 0.1}}\n"),
    );
    let out = s.audit(&[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.len() < 20_000, "{} bytes", out.stdout.len());
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

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_the_previous_reports_and_nothing_else() {
    let s = Sandbox::new();
    for (name, text) in quote_audit::corpus::generate(1000, 30) {
        s.write(&format!("quotes/{name}"), text);
    }
    // The size comparison.csv reaches when the run is not interrupted.
    assert_eq!(s.audit(&["--out", "full"]).status.code(), Some(0));
    let full = std::fs::metadata(s.path("full/comparison.csv"))
        .unwrap()
        .len();
    s.write("out/reports/comparison.csv", "old\n");
    let staged = s.path("out/reports/new");
    let signal = |name: &str, pid: u32| {
        let sent = std::process::Command::new("kill")
            .args([name, &pid.to_string()])
            .status()
            .unwrap();
        assert!(sent.success(), "kill {name}");
    };
    // The run is stopped once its staged reports exist, and signalled only if, stopped, it is
    // provably mid-run: less than half of comparison.csv written, nothing put in place. A run
    // caught too late (it never has been) is let finish and started again.
    let mut attempts = 0..5;
    let child = loop {
        assert!(attempts.next().is_some(), "no run was caught mid-way");
        let mut child = bin()
            .current_dir(s.dir.path())
            .args(["audit", "--out", "out/reports/new", "--as-of", AS_OF])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let staged_comparison = || {
            let entries = std::fs::read_dir(&staged).ok()?;
            entries
                .filter_map(Result::ok)
                .find(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .starts_with(".quote-audit-tmp.comparison.csv.")
                })
                .map(|e| e.path())
        };
        let mid_run = loop {
            if let Some(path) = staged_comparison() {
                signal("-STOP", child.id());
                let written = std::fs::metadata(&path).map_or(full, |m| m.len());
                break written < full / 2 && !staged.join("comparison.csv").exists();
            }
            if child.try_wait().unwrap().is_some() {
                break false;
            }
            std::thread::yield_now();
        };
        if mid_run {
            break child;
        }
        signal("-CONT", child.id());
        child.wait().unwrap();
        let _ = std::fs::remove_dir_all(&staged);
    };
    // SIGINT waits, pending, until the run continues; its handler sets the flag the run
    // checks before every file and before the reports are put in place.
    signal("-INT", child.id());
    signal("-CONT", child.id());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
    assert!(!staged.exists(), "staged reports left behind");
    assert_eq!(s.read("out/reports/comparison.csv"), "old\n");
}

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
    audit_bundled(as_of, out_dir.path(), &[]);
    for f in [
        "comparison.csv",
        "findings.csv",
        "summary.csv",
        "report.html",
    ] {
        let fresh = std::fs::read_to_string(out_dir.path().join(f)).unwrap();
        expect_file(&repo().join("reports").join(f), &fresh);
    }
    let fresh = std::fs::read(out_dir.path().join("report.xlsx")).unwrap();
    expect_bytes(&repo().join("reports/report.xlsx"), &fresh);
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

/// The library's audit of a set of quotes (`check::audit`, which the benchmarks and the fuzz
/// target use) is what the command streams into its reports: here, the committed ones.
#[test]
fn the_library_audit_gives_the_command_s_reports() {
    use quote_audit::check::{self, Settings};
    use quote_audit::load::{self, baseline::Baseline};
    use quote_audit::model::{Fx, Policy, Thresholds};
    use quote_audit::report::csv;
    // Integration tests run in the package's folder, where the committed reports were made.
    let pool = rayon::ThreadPoolBuilder::new().build().unwrap();
    let quotes = load::load_quotes(&pool, &["quotes".into()])
        .and_then(load::Loaded::all)
        .unwrap();
    let settings = Settings {
        thresholds: Thresholds::default(),
        fx: Fx::default(),
        as_of: "2026-06-01".parse().unwrap(),
        policy: Policy::default(),
    };
    let audit = check::audit(&quotes, &[], &Baseline::embedded(), &settings);
    for sheet in csv::audit_sheets(&audit) {
        let committed = std::fs::read(repo().join(format!("reports/{}.csv", sheet.name))).unwrap();
        assert!(sheet.to_csv() == committed, "{}.csv differs", sheet.name);
    }
}

#[test]
fn reports_csv_writes_the_three_csvs_only_and_the_same_ones() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        quote("  - {route: NB2, size: 2K, price: 0.09}\n"),
    );
    // A page and workbook an earlier run left would describe another audit: they go.
    assert!(s.audit(&["--out", "csv"]).status.success());
    let out = s.audit(&["--reports", "csv", "--out", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("(comparison.csv, findings.csv, summary.csv)"));
    assert!(s.audit(&["--out", "all"]).status.success());
    let (csv, all) = (files_in(&s.path("csv")), files_in(&s.path("all")));
    assert_eq!(
        csv.keys().collect::<Vec<_>>(),
        ["comparison.csv", "findings.csv", "summary.csv"]
    );
    for (name, bytes) in &csv {
        assert!(all[name] == *bytes, "{name} differs");
    }
    // The page cannot be printed when it is not written.
    let refused = s.audit(&["--reports", "csv", "--format", "html", "--out", "none"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("--reports csv does not write"),
        "{}",
        stderr(&refused)
    );
    assert!(!s.path("none").exists());
}
