//! Bad input gets a clear error and writes nothing: the error catalogue (one minimal input per
//! kind, each with its exact message), hostile files, and paths that are not quotes.

use crate::support::*;

/// Every file in tests/errors/ is one kind of bad input; its `.stderr` is the exact message.
#[test]
fn error_catalogue() {
    let dir = repo().join("tests/errors");
    let cases = catalogue("errors", 15);
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

/// Runs `audit` on `file`, which must be refused with nothing written; its stderr.
fn refused(s: &Sandbox, file: &str) -> String {
    let out = s.audit(&[file]);
    assert_eq!(out.status.code(), Some(2), "{file}: {}", stderr(&out));
    assert!(!s.path("reports").exists());
    stderr(&out)
}

/// Deep nesting, alias bombs and thousands of bad values are refused with a located error.
/// (How fast is the `hostile` benchmark's business.)
#[test]
fn hostile_files_are_refused_with_their_place() {
    let s = Sandbox::new();
    let hostile = quote_audit::corpus::hostile();
    for (name, text) in &hostile {
        s.write(name, text);
    }
    let expected = [
        (
            "deep.yaml",
            "deep.yaml:3:",
            "brackets nested too deep to read",
        ),
        (
            "deep-block.yaml",
            "deep-block.yaml:1:1:",
            "file is larger than 8 MiB",
        ),
        (
            "claims-bomb.yaml",
            "claims-bomb.yaml:3:",
            "refers, through a YAML alias, to the value it is part of",
        ),
        ("lol-bomb.yaml", "lol-bomb.yaml:1:1:", "unknown key `a0`"),
        ("wide-bomb.yaml", "wide-bomb.yaml:3:1:", "unknown key `x`"),
        (
            "aliases-in-fields.yaml",
            "aliases-in-fields.yaml:3:",
            "more than 1000 YAML aliases or anchors",
        ),
        (
            "many-bad.yaml",
            "many-bad.yaml:4:45:",
            "price \"abc\" is not a plain decimal",
        ),
    ];
    assert_eq!(hostile.len(), expected.len());
    for (file, place, what) in expected {
        let err = refused(&s, file);
        assert!(err.contains(place) && err.contains(what), "{file}: {err}");
    }
}

#[test]
fn many_bad_values_are_listed_up_to_a_hundred_and_counted() {
    let s = Sandbox::new();
    let (_, many) = quote_audit::corpus::hostile()
        .into_iter()
        .find(|(name, _)| *name == "many-bad.yaml")
        .unwrap();
    s.write("many.yaml", many);
    let err = refused(&s, "many.yaml");
    assert_eq!(err.matches(": error: price \"abc\"").count(), 100);
    assert!(
        err.contains("… and 9900 more problems in this file"),
        "{}",
        &err[err.len() - 300..]
    );
}

#[test]
fn oversized_file_is_refused_before_parsing() {
    let s = Sandbox::new();
    let mut big = quote("  - {route: Nano Banana 2, size: 2K, price: 0.1}\n");
    big.push_str(&format!("# {}\n", "x".repeat(8 * 1024 * 1024)));
    s.write("big.yaml", big);
    let err = refused(&s, "big.yaml");
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
    let err = refused(&s, "latin1.yaml");
    assert!(
        err.contains("latin1.yaml:1:12: error: byte 0xE9 is not UTF-8"),
        "{err}"
    );
    assert!(err.contains("help: save the file as UTF-8"), "{err}");
}

#[test]
fn tags_never_change_a_value() {
    let s = Sandbox::new();
    s.write(
        "bin.yaml",
        quote("  - {route: Nano Banana 2, size: 2K, price: !!binary MC4wNQ==}\n"),
    );
    let err = refused(&s, "bin.yaml");
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
fn folder_without_quotes_and_missing_paths_are_errors() {
    let s = Sandbox::new();
    std::fs::create_dir_all(s.path("empty/sub")).unwrap();
    s.write("empty/sub/notes.txt", "not a quote");
    let err = refused(&s, "empty");
    assert!(
        err.contains("empty:1:1: error: folder holds no quote files (*.yaml or *.yml)"),
        "{err}"
    );
    let err = refused(&s, "nowhere");
    assert!(
        err.contains("nowhere:1:1: error: cannot read: no such file or folder"),
        "{err}"
    );
    s.write("blank.yaml", "");
    let err = refused(&s, "blank.yaml");
    assert!(
        err.contains("blank.yaml:1:1: error: file is empty"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_waited_on() {
    use std::io::Write;
    let s = Sandbox::new();
    std::fs::create_dir_all(s.path("quotes")).unwrap();
    let fifo = s.path("quotes/pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    // A run that opened the pipe would wait for a writer. This one writes a valid quote to
    // whoever opens it, so such a run would audit it and pass where the test wants a refusal:
    // the test fails instead of hanging.
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            if let Ok(mut pipe) = std::fs::OpenOptions::new().write(true).open(fifo) {
                let _ =
                    pipe.write_all(quote("  - {route: NB2, size: 2K, price: 0.1}\n").as_bytes());
            }
        })
    };
    let named = s.audit(&["quotes/pipe.yaml"]);
    assert_eq!(named.status.code(), Some(2), "{}", stdout(&named));
    assert!(
        stderr(&named).contains("quotes/pipe.yaml:1:1: error: is not a regular file"),
        "{}",
        stderr(&named)
    );
    let walked = s.audit(&["quotes"]);
    assert_eq!(walked.status.code(), Some(2), "{}", stdout(&walked));
    assert!(
        stderr(&walked).contains("is not a regular file"),
        "{}",
        stderr(&walked)
    );
    // Neither run opened the pipe: the writer is still waiting, and this lets it finish.
    drop(std::fs::File::open(&fifo).unwrap());
    writer.join().unwrap();
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

/// A value of the wrong shape is explained in the terms of its own kind of file: the keys that
/// file has, and what it looks like.
#[test]
fn each_kind_of_file_explains_a_value_of_the_wrong_shape() {
    let s = Sandbox::new();
    s.write(
        "tokens.yaml",
        quote("  - {route: NB2, size: 2K, price: 60, unit: 1m-tokens, tokens: [1680]}\n"),
    );
    let err = refused(&s, "tokens.yaml");
    assert!(
        err.contains("tokens.yaml:4:64: error: `tokens` must be a single value, not a list"),
        "{err}"
    );
    s.write("jobs.yaml", "jobs: 5\n");
    let err = stderr(&s.run(&["budget", "--workload", "jobs.yaml"]));
    assert!(
        err.contains("jobs.yaml:1:7: error: `jobs` must be a list, not a single value")
            && err.contains("help: write one `- ` item per line under `jobs:`"),
        "{err}"
    );
    s.write("policy.yaml", "rules: [vendor-lane]\n");
    let err = stderr(&s.run(&["audit", "--policy", "policy.yaml"]));
    assert!(
        err.contains("policy.yaml:1:8: error: `rules` must be a mapping, not a list"),
        "{err}"
    );
    s.write("fx.yaml", "7.2\n");
    let err = stderr(&s.run(&["audit", "--fx-file", "fx.yaml"]));
    assert!(
        err.contains("fx.yaml:1:1: error: the file is a single value, not a mapping of keys")
            && err.contains("help: a rate file is `CUR: RATE` lines"),
        "{err}"
    );
}
