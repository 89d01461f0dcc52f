//! Helpers for the end-to-end tests: a scratch folder, the real binary run inside it, readers
//! for the reports it writes, and quotes to start from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

/// The fixed "today" every test passes, so date rules never depend on the clock.
pub const AS_OF: &str = "2026-05-15";

/// A scratch folder to run the binary in.
pub struct Sandbox {
    pub dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file (creating folders), returning its relative name.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> String {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, content).unwrap();
        rel.to_owned()
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs the binary with `args` in the sandbox. A command whose result depends on the date
    /// (which baseline snapshot is in force, how old it is) runs `--as-of AS_OF` unless `args`
    /// set their own, so no test reads the clock.
    pub fn run(&self, args: &[&str]) -> Output {
        let dated = matches!(
            args,
            ["audit" | "diff" | "history" | "budget", ..] | ["baseline"]
        ) && !args.contains(&"--as-of");
        let mut cmd = bin();
        cmd.current_dir(self.dir.path()).args(args);
        if dated {
            cmd.args(["--as-of", AS_OF]);
        }
        cmd.output().expect("run quote-audit")
    }

    /// `quote-audit audit --as-of AS_OF` plus `args` (which may set their own `--as-of`).
    pub fn audit(&self, args: &[&str]) -> Output {
        let mut all = vec!["audit"];
        if !args.contains(&"--as-of") {
            all.extend(["--as-of", AS_OF]);
        }
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// A report as rows of column → cell.
    pub fn csv(&self, rel: &str) -> Vec<BTreeMap<String, String>> {
        read_csv(&self.read(rel))
    }
}

/// The `.yaml` files of a catalogue folder under `tests/`, sorted; at least `at_least` of them.
pub fn catalogue(folder: &str, at_least: usize) -> Vec<PathBuf> {
    let dir = repo().join("tests").join(folder);
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= at_least, "{cases:?}");
    cases
}

/// Every file in `dir` (hidden ones too) and its bytes.
pub fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().into_string().unwrap();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A workbook's sheets by name, each as rows of cells: a string as written, a number as Rust
/// writes the double, an empty cell as "".
pub fn xlsx(path: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> =
        open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let cell = |d: &Data| match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => panic!(
            "{}: a cell of an unexpected kind: {other:?}",
            path.display()
        ),
    };
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range.rows().map(|r| r.iter().map(cell).collect()).collect();
            (name, rows)
        })
        .collect()
}

pub fn bin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_quote-audit"))
}

pub fn read_csv(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// A minimal valid quote with the given `offers:` items (YAML list lines, indented by two).
pub fn quote(offers: &str) -> String {
    format!("vendor: Test Vendor\nreceived: 2026-05-01\noffers:\n{offers}")
}

/// A quote that states every term, so only the rules a test is about fire.
pub fn quiet_quote(offers: &str) -> String {
    format!(
        "vendor: Test Vendor
received: 2026-05-01
valid_until: 2026-12-31
verified: 2026-05-02
offers:
{offers}terms:
  billing: vendor
  quota: vendor
  support: vendor
  support_path: e-mail, 24 h
  data_retention: 30 days
  training_use: false
  data_region: EU
  failed_generations: not-billed
  safety: Google default filters
  uptime: 99.9% monthly
  recovery: prepaid balance refunded on request
  upstream: Gemini API, gemini-3.1-flash-image-preview
"
    )
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The expected file's bytes, or `None` once it is rewritten with `actual` under
/// `UPDATE_EXPECT=1`.
fn expected_bytes(expected: &Path, actual: &[u8]) -> Option<Vec<u8>> {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(expected, actual).unwrap();
        return None;
    }
    let want = std::fs::read(expected).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_EXPECT=1 to create it)",
            expected.display()
        )
    });
    Some(want)
}

/// Compares `actual` with the expected file, or rewrites it under `UPDATE_EXPECT=1`.
pub fn expect_file(expected: &Path, actual: &str) {
    let Some(want) = expected_bytes(expected, actual.as_bytes()) else {
        return;
    };
    if want != actual.as_bytes() {
        panic!(
            "{} differs from the output (UPDATE_EXPECT=1 rewrites it after review)\n--- expected\n{}\n--- actual\n{actual}",
            expected.display(),
            String::from_utf8_lossy(&want)
        );
    }
}

/// [`expect_file`] for a binary file.
pub fn expect_bytes(expected: &Path, actual: &[u8]) {
    let Some(want) = expected_bytes(expected, actual) else {
        return;
    };
    assert!(
        want == actual,
        "{} ({} bytes) differs from the output ({} bytes); UPDATE_EXPECT=1 rewrites it after review",
        expected.display(),
        want.len(),
        actual.len()
    );
}

/// `quote-audit audit` of the bundled quotes at `as_of` into `out` (plus `args`), run in the
/// repository; it must succeed. Returns its output.
pub fn audit_bundled(as_of: &str, out: &Path, args: &[&str]) -> Output {
    let o = bin()
        .current_dir(repo())
        .args(["audit", "quotes", "--as-of", as_of, "--out"])
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    o
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// comparison.csv rows keyed by line.
pub fn rows_by_line(s: &Sandbox) -> BTreeMap<usize, BTreeMap<String, String>> {
    s.csv("reports/comparison.csv")
        .into_iter()
        .map(|r| (r["line"].parse().unwrap(), r))
        .collect()
}

/// The rules that say why an offer could not be normalized or compared.
pub const NORMALIZATION_RULES: &[&str] = &[
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
pub fn finding_rules(s: &Sandbox) -> Vec<(usize, String)> {
    s.csv("reports/findings.csv")
        .into_iter()
        .filter(|r| NORMALIZATION_RULES.contains(&r["rule"].as_str()))
        .map(|r| (r["line"].parse().unwrap(), r["rule"].clone()))
        .collect()
}

/// The findings of one rule.
pub fn findings_of(s: &Sandbox, rule: &str) -> Vec<BTreeMap<String, String>> {
    s.csv("reports/findings.csv")
        .into_iter()
        .filter(|r| r["rule"] == rule)
        .collect()
}

/// Runs one quote (plus extra files) and returns the findings of `rule`.
pub fn fired(
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
pub fn quiet_without(offers: &str, key: &str) -> String {
    let q = quiet_quote(offers);
    let cut: Vec<&str> = q
        .lines()
        .filter(|l| !l.trim_start().starts_with(&format!("{key}:")))
        .collect();
    assert_ne!(cut.len(), q.lines().count(), "{key} not in the quiet quote");
    cut.join("\n") + "\n"
}

pub fn quiet_with(offers: &str, extra: &str) -> String {
    quiet_quote(offers) + extra
}
