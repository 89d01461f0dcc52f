//! `--format markdown`: the pull-request comment of `audit` and `diff`, against golden files,
//! and vendor text that tries to make markup.

use crate::support::*;

fn bundled(s: &Sandbox) {
    for q in [
        "pixelpipe/2026-05-02.yaml",
        "pixelpipe/2026-06-03.yaml",
        "bananagate/2026-05-02.yaml",
    ] {
        s.write(
            &format!("quotes/{q}"),
            std::fs::read(repo().join("quotes").join(q)).unwrap(),
        );
    }
}

#[test]
fn audit_and_diff_comments_match_their_golden_files() {
    let s = Sandbox::new();
    bundled(&s);
    let out = s.audit(&["--format", "markdown", "--as-of", "2026-06-10"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    expect_file(&repo().join("tests/golden/audit.md"), &stdout(&out));

    let (old, new) = (
        "quotes/pixelpipe/2026-05-02.yaml",
        "quotes/pixelpipe/2026-06-03.yaml",
    );
    let out = s.run(&[
        "diff",
        old,
        new,
        "--format",
        "markdown",
        "--as-of",
        "2026-06-10",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    expect_file(&repo().join("tests/golden/diff.md"), &stdout(&out));

    // Nothing changed: one line, nothing else.
    let out = s.run(&[
        "diff",
        old,
        old,
        "--format",
        "markdown",
        "--as-of",
        "2026-06-10",
    ]);
    assert_eq!(stdout(&out), "quote-audit diff: no change\n");
}

#[test]
fn vendor_text_makes_no_markup() {
    let s = Sandbox::new();
    let vendor = "Evil | `x` <img src=x onerror=alert(1)> *[click](http://evil.example)* www.evil.example sales@evil.example #1 $x$ ##";
    s.write(
        "quotes/q.yaml",
        format!(
            "vendor: {vendor:?}\nreceived: 2026-05-01\noffers:\n  - {{route: \"Nano Banana 2 | <b>\", size: 2K, price: 0}}\n"
        ),
    );
    let out = s.audit(&["--format", "markdown"]);
    let md = stdout(&out);
    for raw in [
        "<img", "<b>", "`x`", "| `", "www.evil", "http://", "s@", " #1", "$x$",
    ] {
        assert!(!md.contains(raw), "{raw:?} in\n{md}");
    }
    // A link needs `](` with its `]` unescaped.
    assert!(!md.replace("\\]", "").contains("]("), "{md}");
    // Each table row still has its ten cells: a vendor's `|` is escaped.
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| Evil")).collect();
    assert_eq!(rows.len(), 1, "{md}");
    assert_eq!(
        rows[0].replace("\\|", "").matches('|').count(),
        11,
        "{}",
        rows[0]
    );
    assert!(md.contains("Evil \\| \\`x\\` &lt;img"), "{md}");
    expect_file(&repo().join("tests/golden/hostile.md"), &md);
}
