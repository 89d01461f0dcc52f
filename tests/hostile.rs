//! Vendor text is hostile data in every output: the control, bidirectional and zero-width
//! characters it may carry reach no terminal, spreadsheet or program raw, whatever the sink.
//! And the catalogue of attacks in `tests/hostile/` (see its README): each file's header says
//! the exit status and message it must get, and a refused file leaves the reports as they were.

use std::collections::BTreeMap;

use crate::support::*;

/// Every character that must never be written raw, but line breaks, which the sinks use
/// themselves (CSV records, pretty JSON, terminal lines) and are checked by count.
fn hazards() -> Vec<char> {
    (0u32..0x20)
        .chain(0x7f..0xa0)
        .chain([
            0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060,
            0x2066, 0x2067, 0x2068, 0x2069, 0x2028, 0x2029, 0xfeff, 0x061c,
        ])
        .filter_map(char::from_u32)
        .collect()
}

fn raw(output: &str) -> Vec<char> {
    let mut found: Vec<char> = output
        .chars()
        .filter(|c| *c != '\n' && hazards().contains(c))
        .collect();
    found.dedup();
    found
}

/// The parser's own vocabulary, which no message may use.
const PARSER_WORDS: [&str; 12] = [
    "scalar",
    "node",
    "event",
    "configured policy",
    "deserializ",
    "Option<",
    "weak recursion",
    "while parsing",
    "while scanning",
    "mapping start",
    "sequence start",
    "simple key",
];

/// A catalogue file's header: `# key: value` lines before the first other line.
fn header(text: &str) -> BTreeMap<&str, &str> {
    text.split(['\n', '\r'])
        .map_while(|line| line.strip_prefix("# "))
        .filter_map(|line| line.split_once(": "))
        .collect()
}

#[test]
fn hostile_catalogue() {
    let cases = catalogue("hostile", 16);
    let s = Sandbox::new();
    s.write(
        "good/q.yaml",
        quote("  - {route: NB2, size: 2K, price: 0.1}\n"),
    );
    assert!(s.audit(&["good"]).status.success());
    let old = files_in(&s.path("reports"));
    for case in cases {
        let name = case.file_name().unwrap().to_str().unwrap().to_owned();
        let text = std::fs::read_to_string(&case).unwrap();
        let head = header(&text);
        assert!(head.contains_key("attack"), "{name}: no `# attack:` line");
        let exit: i32 = head.get("exit").expect("`# exit:`").parse().unwrap();
        std::fs::write(s.path(&name), &text).unwrap();
        let mut args = vec![name.as_str()];
        args.extend(head.get("args").map_or(vec![], |a| a.split(' ').collect()));
        let out = s.audit(&args);
        let (said, shown) = (stderr(&out), stdout(&out));
        assert_eq!(out.status.code(), Some(exit), "{name}: {said}");
        if let Some(says) = head.get("says") {
            assert!(said.contains(says), "{name}: wanted {says:?} in\n{said}");
        }
        for word in PARSER_WORDS {
            assert!(
                !said.contains(word),
                "{name}: the parser's word {word:?} in\n{said}"
            );
        }
        let reports = files_in(&s.path("reports"));
        let mut written: Vec<String> = vec![said.clone(), shown];
        written.extend(
            reports
                .iter()
                .filter(|(report, _)| !report.ends_with(".xlsx"))
                .map(|(_, b)| String::from_utf8_lossy(b).into_owned()),
        );
        if reports.contains_key("report.xlsx") {
            let sheets = xlsx(&s.path("reports/report.xlsx"));
            written.extend(sheets.into_values().flatten().flatten());
        }
        for output in &written {
            assert!(raw(output).is_empty(), "{name}: raw {:?}", raw(output));
        }
        if exit == 2 {
            assert!(reports == old, "{name}: a refused file changed the reports");
            continue;
        }
        let rules: Vec<String> = s
            .csv("reports/findings.csv")
            .into_iter()
            .map(|f| f["rule"].clone())
            .collect();
        if let Some(rule) = head.get("finds") {
            assert!(
                rules.iter().any(|r| r == rule),
                "{name}: no {rule} in {rules:?}"
            );
        }
        if let Some(rule) = head.get("finds-none") {
            assert!(!rules.iter().any(|r| r == rule), "{name}: {rule} raised");
        }
        // The next case starts from the old reports again.
        std::fs::remove_dir_all(s.path("reports")).unwrap();
        std::fs::create_dir(s.path("reports")).unwrap();
        for (file, bytes) in &old {
            std::fs::write(s.path("reports").join(file), bytes).unwrap();
        }
    }
}

/// A file past the bound on values is refused where the bound is crossed, not at its end.
#[test]
fn a_file_past_the_bound_on_values_is_refused_where_it_crosses_it() {
    let s = Sandbox::new();
    // Seven values an offer: the bound is crossed well before the last of them.
    let count = quote_audit::load::yaml::MAX_NODES / 7 + 10_000;
    let offers = "  - {route: NB2, size: 2K, price: 0.1}\n".repeat(count);
    s.write("big.yaml", quote(&offers) + "  - {route: NB2, bogus: 1}\n");
    let out = s.audit(&["big.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let said = stderr(&out);
    let bound = format!(
        "more than {} values in one file",
        quote_audit::load::yaml::MAX_NODES
    );
    assert!(said.contains(&bound), "{said}");
    let line: usize = said
        .strip_prefix("big.yaml:")
        .and_then(|rest| rest.split(':').next())
        .and_then(|l| l.parse().ok())
        .expect("a located error");
    assert!(line < count, "refused at line {line}, past the bound");
}

#[test]
fn every_sink_shows_hazards_as_escapes() {
    let s = Sandbox::new();
    // YAML double-quoted escapes put each hazard into the vendor's words.
    let all: String = hazards()
        .iter()
        .filter(|c| !matches!(c, '\u{feff}'))
        .map(|c| format!("\\u{:04X}", *c as u32))
        .collect();
    let quote = format!(
        "vendor: \"Evil{all}Vendor\"\nreceived: 2026-05-01\nclaims:\n  - \"Free API{all}\"\noffers:\n  - {{route: \"Nano Banana 2{all}\", size: 2K, price: 0.05, note: \"n{all}\"}}\n  - {{route: NB2, size: 1K, price: 0.04}}\n"
    );
    s.write("quotes/a/2026-05-01.yaml", &quote);
    s.write(
        "quotes/a/2026-06-01.yaml",
        quote
            .replace("received: 2026-05-01", "received: 2026-06-01")
            .replace("0.04", "0.041"),
    );
    let mut outputs: Vec<(String, String)> = Vec::new();
    for format in ["table", "json", "sarif"] {
        let out = s.audit(&["--format", format]);
        outputs.push((
            format!("audit --format {format}"),
            stdout(&out) + &stderr(&out),
        ));
    }
    for report in ["comparison.csv", "findings.csv", "summary.csv"] {
        outputs.push((report.into(), s.read(&format!("reports/{report}"))));
    }
    let out = s.run(&[
        "diff",
        "quotes/a/2026-05-01.yaml",
        "quotes/a/2026-06-01.yaml",
        "--out",
        "reports",
    ]);
    outputs.push(("diff".into(), stdout(&out) + &stderr(&out)));
    outputs.push(("changes.csv".into(), s.read("reports/changes.csv")));
    let out = s.run(&["history", "quotes", "--out", "reports"]);
    outputs.push(("history".into(), stdout(&out) + &stderr(&out)));
    outputs.push(("history.csv".into(), s.read("reports/history.csv")));
    let out = s.run(&[
        "budget", "--count", "10", "--model", "NB2", "--size", "2K", "quotes", "--out", "reports",
    ]);
    outputs.push(("budget".into(), stdout(&out) + &stderr(&out)));
    outputs.push(("budget.csv".into(), s.read("reports/budget.csv")));
    // An error excerpt shows the hostile line too.
    s.write(
        "bad/q.yaml",
        quote.replace("price: 0.05", "price: \"0.05\u{202e}x\""),
    );
    let out = s.audit(&["bad/q.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    outputs.push(("error".into(), stderr(&out)));
    for (sink, text) in &outputs {
        assert!(
            raw(text).is_empty(),
            "{sink} writes {:?} raw:\n{text}",
            raw(text)
        );
        assert!(!text.is_empty(), "{sink} wrote nothing");
    }
    // The evidence stays recognisable.
    let findings = s.read("reports/findings.csv");
    assert!(findings.contains("Free API\\u{0}"), "{findings}");
    assert!(findings.contains("\\u{202E}"), "{findings}");
    // JSON stays valid.
    let json = stdout(&s.audit(&["--format", "json"]));
    serde_json::from_str::<serde_json::Value>(&json).expect("valid JSON");
}

#[test]
fn jobs_are_capped_with_a_message() {
    let s = Sandbox::new();
    let out = s.audit(&["--jobs", "100000"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--jobs 100000 is more threads than this tool uses (at most 256)"),
        "{}",
        stderr(&out)
    );
    assert!(!s.path("reports").exists());
}

#[test]
fn a_file_s_problems_are_listed_in_line_order() {
    let s = Sandbox::new();
    // `topup` is read after the offers, but is written before them.
    s.write(
        "q.yaml",
        "vendor: A\nreceived: 2026-05-01\ntopup: {bonus_pct: x}\noffers:\n  - {route: NB2, size: 2K, price: abc}\n",
    );
    let err = stderr(&s.audit(&["q.yaml"]));
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("q.yaml:")).collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with("q.yaml:3:") && lines[1].starts_with("q.yaml:5:"),
        "{err}"
    );
}

#[test]
fn the_caret_stands_under_the_problem_whatever_the_width_of_what_precedes_it() {
    let s = Sandbox::new();
    s.write(
        "q.yaml",
        "vendor: A\nreceived: 2026-05-01\noffers:\n  - {route: 官方 NB2, size: 2K, price: 零点一}\n",
    );
    let err = stderr(&s.audit(&["q.yaml"]));
    // "  - {route: 官方 NB2, size: 2K, price: " is 37 characters, two of them two columns wide.
    let caret = format!("   | {}^", " ".repeat(39));
    assert!(err.lines().any(|l| l == caret), "{err}");
}

#[test]
fn invalid_quote_cannot_be_turned_off() {
    let s = Sandbox::new();
    s.write("p.yaml", "rules:\n  invalid-quote: off\n");
    let out = s.audit(&["--policy", "p.yaml", "--keep-going"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`invalid-quote` cannot be turned off"),
        "{}",
        stderr(&out)
    );
    // Near miss: another severity is allowed.
    s.write("p.yaml", "rules:\n  invalid-quote: medium\n");
    s.write("quotes/bad.yaml", "vendor: A\n");
    s.write(
        "quotes/good.yaml",
        quote("  - {route: NB2, size: 2K, price: 0.1}\n"),
    );
    let out = s.audit(&["--policy", "p.yaml", "--keep-going"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let f = findings_of(&s, "invalid-quote");
    assert_eq!((f.len(), f[0]["severity"].as_str()), (1, "medium"));
}

#[test]
fn a_failure_rate_adjustment_that_overflows_says_so() {
    let s = Sandbox::new();
    s.write(
        "q/big.yaml",
        quiet_quote("  - {route: NB2, size: 2K, price: 10000000000000000000}\n").replace(
            "failed_generations: not-billed",
            "failed_generations: billed",
        ),
    );
    let out = s.run(&[
        "budget",
        "--count",
        "1",
        "--model",
        "NB2",
        "--size",
        "2K",
        "--failure-rate",
        "0.9999999999",
        "q",
        "--out",
        "reports",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = s.csv("reports/budget.csv");
    let vendor = rows.iter().find(|r| r["source"] != "google").unwrap();
    assert!(
        vendor["reason"].contains("too large to compute exactly: shown unadjusted"),
        "{vendor:?}"
    );
    assert_eq!(vendor["unit_usd"], "10000000000000000000");
}

#[test]
fn money_at_the_edges_is_exact_or_said() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        quote(
            "  - {route: NB2, size: 2K, price: 0.0000000000000000001}
  - {route: NB2, size: 1K, price: 7000000000000000000000000000}
",
        ),
    );
    s.audit(&[]);
    let rows = s.csv("reports/comparison.csv");
    // Nothing was divided: the amount is written exactly, not rounded to 0.
    assert_eq!(rows[0]["price_usd"], "0.0000000000000000001");
    assert!(findings_of(&s, "zero-price").is_empty());
    // A markup too large for a percentage says so, instead of "% above".
    let above = findings_of(&s, "above-official");
    assert!(
        above[0]["message"].starts_with("too large a markup to write as a percentage: above"),
        "{above:?}"
    );
    // A quotient too small to show but as 0 is a $0 offer to the reader.
    s.write(
        "quotes/q.yaml",
        quote("  - {route: NB2, size: 2K, price: 0.0000000000000000001}\n")
            .replace("received:", "currency: CNY\nreceived:"),
    );
    s.audit(&["--fx", "CNY=7.2"]);
    assert_eq!(s.csv("reports/comparison.csv")[0]["price_usd"], "0");
    assert_eq!(findings_of(&s, "zero-price").len(), 1);
    // diff shows tiny prices as they are.
    s.write(
        "a.yaml",
        quote("  - {route: NB2, size: 2K, price: 0.000000000000000000001}\n"),
    );
    s.write(
        "b.yaml",
        quote("  - {route: NB2, size: 2K, price: 0.000000000000000000002}\n"),
    );
    let out = s.run(&["diff", "a.yaml", "b.yaml", "--out", "reports"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let moved = s
        .csv("reports/changes.csv")
        .into_iter()
        .find(|r| r["change"] == "price-changed")
        .unwrap();
    assert_eq!(
        (
            moved["old"].as_str(),
            moved["new"].as_str(),
            moved["delta_pct"].as_str()
        ),
        (
            "0.000000000000000000001",
            "0.000000000000000000002",
            "100.00"
        )
    );
}

/// `diff`, `history` and `budget` interrupted by SIGTERM or SIGINT end with 130 and leave no
/// report and no new folder behind.
#[cfg(unix)]
#[test]
fn every_command_ends_with_130_on_a_signal_and_leaves_nothing() {
    use std::io::{BufRead, BufReader};
    let s = Sandbox::new();
    s.write(
        "quotes/a/1.yaml",
        quote("  - {route: NB2, size: 2K, price: 0.1}\n"),
    );
    s.write(
        "quotes/a/2.yaml",
        quote("  - {route: NB2, size: 2K, price: 0.2}\n").replace("2026-05-01", "2026-06-01"),
    );
    let commands: [&[&str]; 3] = [
        &["diff", "quotes/a/1.yaml", "quotes/a/2.yaml"],
        &["history", "quotes"],
        &[
            "budget", "--count", "5", "--model", "NB2", "--size", "2K", "quotes",
        ],
    ];
    for (args, signal) in commands.iter().zip(["TERM", "INT", "TERM"]) {
        let mut child = bin()
            .current_dir(s.path(""))
            .args(*args)
            .args(["--as-of", AS_OF, "--out", "new-folder"])
            .env("QUOTE_AUDIT_PAUSE", "before-write")
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        err.read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "paused at before-write", "{args:?}");
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(130), "{args:?} on SIG{signal}");
        assert!(
            !s.path("new-folder").exists(),
            "{args:?} left its folder behind"
        );
    }
}

/// A standard output that cannot be written (here a full device) after the reports are in
/// place: status 3, and the reports are complete.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_standard_output_has_its_own_status_and_the_reports_are_complete() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        quote("  - {route: NB2, size: 2K, price: 0.1}\n"),
    );
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = bin()
        .current_dir(s.path(""))
        .args(["audit", "--as-of", AS_OF])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("the reports, if the command writes any, were already complete"));
    assert_eq!(s.csv("reports/comparison.csv").len(), 1);
}

#[test]
fn a_vendor_spelled_in_composed_or_decomposed_form_is_one_vendor() {
    let s = Sandbox::new();
    let version = |vendor: &str, date: &str, price: &str| {
        format!(
            "vendor: \"{vendor}\"\nreceived: {date}\noffers:\n  - {{route: NB2, size: 2K, price: {price}}}\n"
        )
    };
    s.write(
        "quotes/1.yaml",
        version("Caf\u{e9} API", "2026-05-01", "0.1"),
    );
    s.write(
        "quotes/2.yaml",
        version("Cafe\u{301} API", "2026-06-01", "0.2"),
    );
    let out = s.run(&["history", "quotes", "--out", "reports"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let points = s.csv("reports/history.csv");
    assert_eq!(points.len(), 2);
    assert_eq!(points[1]["change_pct"], "100.00", "{points:?}");
}

#[test]
fn each_kind_of_input_file_is_named_in_its_own_help() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        quote("  - {route: NB2, size: 2K, price: 0.1}\n"),
    );
    for (args, kind) in [
        (vec!["audit", "--fx-file", "missing.yaml"], "rates file"),
        (vec!["audit", "--policy", "missing.yaml"], "policy file"),
        (vec!["audit", "--baseline", "missing.yaml"], "baseline file"),
        (
            vec!["budget", "--workload", "missing.yaml"],
            "workload file",
        ),
        (vec!["audit", "missing.yaml"], "quote file or folder"),
    ] {
        let out = s.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains(&format!("name an existing {kind} that you may read")),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}
