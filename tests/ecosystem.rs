//! The tool among others: SARIF for code scanning, shell completions, the man page, examples in
//! every `--help`, the JSON Schema of the quote file, and `new`'s skeleton.

use crate::support::*;

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

    // A quote someone has begun typing is never replaced.
    let typed = text.replace("\n  - route:", "\n  - route: Nano Banana 2");
    s.write("quotes/acme-gateway-eu/2026-07-01.yaml", &typed);
    let again = s.run(&["new", "Acme Gateway (EU)", "--date", "2026-07-01"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(s.read("quotes/acme-gateway-eu/2026-07-01.yaml"), typed);

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

/// Non-ASCII names keep their letters in the folder name; two vendors whose names share a
/// slug get two folders; the same vendor, typed in either Unicode form, keeps one.
#[test]
fn new_keeps_non_ascii_letters_and_never_mixes_two_vendors() {
    let s = Sandbox::new();
    let new = |vendor: &str, date: &str| {
        let out = s.run(&["new", vendor, "--date", date]);
        assert_eq!(out.status.code(), Some(0), "{vendor}: {}", stderr(&out));
    };
    new("华云 API", "2026-07-01");
    new("華雲 API", "2026-07-01");
    assert!(s.path("quotes/华云-api/2026-07-01.yaml").exists());
    assert!(s.path("quotes/華雲-api/2026-07-01.yaml").exists());
    new("Acme", "2026-07-01");
    new("Acme+", "2026-07-01");
    assert!(
        s.read("quotes/acme-2/2026-07-01.yaml")
            .contains("vendor: \"Acme+\"")
    );
    // A quote the loader reads as `.yml`, or one that cannot be read, is another vendor's too.
    s.write("quotes/a-b/q.yml", "vendor: A&B\nreceived: 2026-05-01\n");
    new("A+B", "2026-07-01");
    assert!(s.path("quotes/a-b-2/2026-07-01.yaml").exists());
    s.write("quotes/x-y/broken.yaml", "vendor: [\n");
    new("X/Y", "2026-07-01");
    assert!(s.path("quotes/x-y-2/2026-07-01.yaml").exists());
    new("Caf\u{e9}", "2026-07-01");
    new("Cafe\u{301}", "2026-08-01");
    assert!(s.path("quotes/café/2026-08-01.yaml").exists());
    assert!(!s.path("quotes/café-2").exists());
}

/// Types `value` into the skeleton's empty `line` (`"    size:"`), before its comment.
fn type_in(text: &str, line: &str, value: &str) -> String {
    let at = text.find(&format!("\n{line}")).expect(line) + 1 + line.len();
    format!("{} {value}{}", &text[..at], &text[at..])
}

/// Rule, severity, subject and evidence of each finding, sorted: what a quote raises,
/// whatever line it sits on.
fn raised(s: &Sandbox, reports: &str) -> Vec<[String; 4]> {
    let mut all: Vec<[String; 4]> = s
        .csv(&format!("{reports}/findings.csv"))
        .into_iter()
        .map(|f| ["rule", "severity", "subject", "evidence"].map(|c| f[c].clone()))
        .collect();
    all.sort();
    all
}

#[test]
fn a_new_skeleton_raises_no_finding_of_its_own() {
    let s = Sandbox::new();
    let out = s.run(&["new", "Acme Gateway", "--date", "2026-05-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = "quotes/acme-gateway/2026-05-01.yaml";

    // As written, the blank offer is the one thing to do: no finding, no invented price.
    let audit = s.audit(&[file]);
    assert_eq!(audit.status.code(), Some(2), "{}", stdout(&audit));
    let err = stderr(&audit);
    assert!(
        err.starts_with(&format!("{file}:16:5: error: offer 1 is blank\n"))
            && err.contains("help: type the vendor's route, size and price on its lines")
            && err.ends_with("1 problem in 1 file; nothing was written\n"),
        "{err}"
    );
    assert!(!s.path("reports").exists());

    // Typed in place, it raises exactly what the same offer typed from scratch raises: the
    // questions about the terms left blank, and nothing from the skeleton's layout (the
    // empty keys, the credit scheme kept as a comment).
    let mut text = s.read(file);
    for (line, value) in [
        ("  - route:", "Nano Banana 2"),
        ("    size:", "2K"),
        ("    price:", "\"$0.101\""),
    ] {
        text = type_in(&text, line, value);
    }
    s.write(file, &text);
    let audit = s.audit(&["quotes"]);
    assert_eq!(audit.status.code(), Some(0), "{}", stderr(&audit));
    s.write(
        "scratch/acme.yaml",
        "vendor: Acme Gateway\nreceived: 2026-05-01\noffers:\n  - {route: Nano Banana 2, size: 2K, price: \"$0.101\"}\n",
    );
    let scratch = s.audit(&["scratch", "--out", "scratch-reports"]);
    assert_eq!(scratch.status.code(), Some(0), "{}", stderr(&scratch));
    assert_eq!(raised(&s, "reports"), raised(&s, "scratch-reports"));
    let rules: Vec<String> = raised(&s, "reports")
        .into_iter()
        .map(|[rule, ..]| rule)
        .collect();
    assert_eq!(
        rules,
        [
            "billing-unstated",
            "data-handling-unstated",
            "failed-generation-billing-unstated",
            "official-batch-cheaper",
            "quota-unstated",
            "recovery-unstated",
            "route-unverified",
            "safety-unstated",
            "support-unstated",
            "upstream-unstated",
            "uptime-unstated",
        ]
    );
    let rows = s.csv("reports/comparison.csv");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["verdict"], "matches-official");
}

#[test]
fn new_writes_the_schema_beside_the_quotes_and_points_at_it() {
    let s = Sandbox::new();
    let schema = stdout(&s.run(&["schema"]));
    let dir = "procurement/vendors";
    let out = s.run(&["new", "Acme Gateway", "--date", "2026-05-01", "--dir", dir]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("wrote {dir}/quote.schema.json")),
        "{}",
        stdout(&out)
    );
    assert_eq!(s.read(&format!("{dir}/quote.schema.json")), schema);

    // The `$schema` line, read as an editor reads it: relative to the quote's folder.
    let quote = s.path(&format!("{dir}/acme-gateway/2026-05-01.yaml"));
    let text = std::fs::read_to_string(&quote).unwrap();
    let first = text.lines().next().unwrap();
    let target = first
        .strip_prefix("# yaml-language-server: $schema=")
        .expect(first);
    let resolved = quote.parent().unwrap().join(target);
    assert_eq!(
        std::fs::canonicalize(&resolved).unwrap(),
        std::fs::canonicalize(s.path(&format!("{dir}/quote.schema.json"))).unwrap(),
    );

    // Already there and current: left alone, said nothing about.
    let out = s.run(&["new", "Beta", "--date", "2026-05-01", "--dir", dir]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert!(!stdout(&out).contains("schema"), "{}", stdout(&out));

    // A different file there (the team's own, or an older version's) is never replaced: the
    // quote is still written, and a note says how to refresh the schema.
    let theirs = "{\"title\": \"our own\"}\n";
    s.write(&format!("{dir}/quote.schema.json"), theirs);
    let out = s.run(&["new", "Gamma", "--date", "2026-05-01", "--dir", dir]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(s.path(&format!("{dir}/gamma/2026-05-01.yaml")).exists());
    assert_eq!(s.read(&format!("{dir}/quote.schema.json")), theirs);
    assert_eq!(
        stderr(&out),
        format!(
            "note: {dir}/quote.schema.json differs from this version's schema of the quote file and was left as it is; `quote-audit schema > {dir}/quote.schema.json` replaces it\n"
        )
    );
}
