//! Markdown for a pull-request comment (`--format markdown`): for `audit`, each quote's
//! verdict counts on one line and its high findings with `file:line`; for `diff`, only what
//! changed, or one line saying nothing did.
//!
//! Vendor text goes through [`visible`], the one output-safety function, and then every
//! character Markdown or HTML could read as markup is escaped, so a vendor named
//! ``"| `x` <b>*"`` is shown as written and cannot break a table, open a tag or make a link.

use std::fmt::Write as _;

use crate::analyze::diff::{Change, ChangeKind, VendorDiff};
use crate::check::Audit;
use crate::model::Severity;
use crate::money::{pct_cell, usd_cell};
use crate::text::{plural, visible};

/// Vendor text, safe inline in Markdown (a table cell or a heading included): made
/// [`visible`] (so it has no line break and never starts a line), then what could open markup
/// escaped with a backslash (code, emphasis, links, table cells, strike-through, math, and the
/// `:` and `www.` of GitHub's links); `@` and `#` set as code, which splits the text so no
/// e-mail link, mention, issue reference or heading end can form; `<`, `>` and `&` written as
/// HTML entities.
pub fn escape(s: &str) -> String {
    let mut out = String::new();
    // The characters just written, for `www.`.
    let mut last = ['\0'; 3];
    for c in visible(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' | '#' => {
                out.push('`');
                out.push(c);
                out.push('`');
            }
            '.' if last.iter().all(|l| l.eq_ignore_ascii_case(&'w')) => out.push_str("\\."),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | ':' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        last = [last[1], last[2], c];
    }
    out
}

/// [`escape`] of at most `max` characters of `s`, the cut marked with `…`: a cell or line of
/// a comment stays readable, and the comment within GitHub's length limit.
fn short(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", escape(&s[..cut])),
        None => escape(s),
    }
}

/// GitHub refuses a comment over 65,536 characters: past this many bytes the rest of a list
/// is counted, not shown.
const LIMIT: usize = 60_000;

/// `file:line`, as code: a path with a backtick in it is escaped, not as code.
fn place(file: &str, line: usize) -> String {
    format!("{}:{line}", escape(file))
}

/// `audit` as a pull-request comment.
pub fn audit(audit: &Audit, compared_with: &str) -> String {
    let mut s = String::new();
    let offers: usize = audit.files.iter().map(|f| f.quoted).sum();
    let rows: usize = audit.files.iter().map(|f| f.offers).sum();
    let _ = writeln!(
        s,
        "### quote-audit: {} ({}) in {} compared with {}\n",
        plural(offers, "offer"),
        plural(rows, "row"),
        plural(audit.files.len(), "quote file"),
        escape(compared_with)
    );
    if audit.files.is_empty() {
        s.push_str("No quote files.\n");
        return s;
    }
    s.push_str("| vendor | file | matches | above | below | below Batch | no row | not comparable | high | medium |\n");
    s.push_str("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for f in &audit.files {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            match f.vendor.trim() {
                "" => "(could not be read)".to_owned(),
                v => short(v, 80),
            },
            short(&f.file, 120),
            f.matches_official,
            f.above_official,
            f.below_official,
            f.below_official_batch,
            f.no_official_row,
            f.not_comparable,
            f.by_severity[0],
            f.by_severity[1],
        );
    }
    let high: Vec<_> = audit
        .findings
        .iter()
        .filter(|f| f.severity == Severity::High)
        .collect();
    if high.is_empty() {
        s.push_str("\nNo high finding.\n");
        return s;
    }
    let _ = writeln!(s, "\n#### {}\n", plural(high.len(), "high finding"));
    for (i, f) in high.iter().enumerate() {
        if s.len() > LIMIT {
            let _ = writeln!(s, "- and {} more in findings.csv", high.len() - i);
            break;
        }
        let who = match f.vendor.trim() {
            "" => String::new(),
            v => format!("{}, ", short(v, 80)),
        };
        let _ = writeln!(
            s,
            "- {who}{}: **{}**: {}",
            place(&f.file, f.line),
            f.rule.id(),
            short(&f.message, 600)
        );
    }
    s
}

/// One vendor's changes, for `diff`: nothing when it has none.
pub fn diff_vendor(d: &VendorDiff<'_>) -> String {
    if d.changes.is_empty() {
        return String::new();
    }
    // A vendor on one side only is said to be added or removed, as the terminal says.
    let side = match (&d.old, &d.new) {
        (None, Some(_)) => " (added)",
        (Some(_), None) => " (removed)",
        _ => "",
    };
    let mut s = format!("#### {}{side}\n\n", short(d.changes[0].vendor.trim(), 80));
    for c in &d.changes {
        let _ = writeln!(s, "- {}", change(c));
    }
    s.push('\n');
    s
}

/// One change on one line: what moved, from what to what, and where.
fn change(c: &Change) -> String {
    let what = match c.kind {
        ChangeKind::PriceChanged => {
            let by = match (c.delta_usd, c.delta_pct) {
                (Some(d), Some(p)) => format!(
                    " ({}{} USD, {}%)",
                    sign(d),
                    usd_cell(d.abs()),
                    signed_pct(p)
                ),
                (Some(d), None) => format!(" ({}{} USD)", sign(d), usd_cell(d.abs())),
                _ => String::new(),
            };
            format!(
                "price of {}: {} → {}{by}",
                escape(&c.key),
                escape(&c.old),
                escape(&c.new)
            )
        }
        ChangeKind::FindingNew => format!(
            "new finding{} **{}**: {}",
            c.severity.map_or_else(String::new, |s| format!(" ({s})")),
            escape(&c.key),
            short(&c.new, 600)
        ),
        ChangeKind::FindingResolved => {
            format!("resolved **{}**: {}", escape(&c.key), short(&c.old, 600))
        }
        ChangeKind::OfferRemoved | ChangeKind::ClaimRemoved => {
            format!("{} {}: {}", c.kind.label(), escape(&c.key), escape(&c.old))
        }
        ChangeKind::OfferAdded | ChangeKind::ClaimAdded => {
            format!("{} {}: {}", c.kind.label(), escape(&c.key), escape(&c.new))
        }
        _ => {
            let detail = match (c.old.is_empty(), c.new.is_empty()) {
                (true, true) => String::new(),
                (true, false) => format!(": {}", escape(&c.new)),
                (false, true) => format!(": {} (dropped)", escape(&c.old)),
                (false, false) => format!(": {} → {}", escape(&c.old), escape(&c.new)),
            };
            let field = match c.field.as_str() {
                "" => String::new(),
                f if c.key.ends_with(f) => String::new(),
                f => format!(" {}", escape(f)),
            };
            format!("{} {}{field}{detail}", c.kind.label(), escape(&c.key))
        }
    };
    // Where it is now, or where it was.
    let at = [&c.new_at, &c.old_at]
        .into_iter()
        .find_map(|p| Some(place(&p.file, p.line?)));
    match at {
        Some(at) => format!("{what} ({at})"),
        None => what,
    }
}

fn sign(d: rust_decimal::Decimal) -> &'static str {
    if d.is_sign_negative() { "−" } else { "+" }
}

fn signed_pct(p: rust_decimal::Decimal) -> String {
    format!("{}{}", sign(p), pct_cell(p.abs()))
}

/// What `diff` prints: the vendors' changes under one heading, or one line when nothing
/// changed.
pub fn diff(vendors: String, changes: usize) -> String {
    if changes == 0 {
        return "quote-audit diff: no change\n".to_owned();
    }
    let mut s = format!("### quote-audit diff: {}\n\n", plural(changes, "change"));
    match vendors.char_indices().nth(LIMIT) {
        // Cut at a line's end, and say where the rest is.
        Some((at, _)) => {
            let cut = vendors[..at].rfind('\n').map_or(0, |n| n + 1);
            s.push_str(&vendors[..cut]);
            let _ = writeln!(
                s,
                "\n… and {} more lines: every change is in changes.csv",
                vendors[cut..].lines().count()
            );
        }
        None => s.push_str(&vendors),
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_text_cannot_make_markup() {
        let hostile = "| `x` <b>*bold*</b> [link](http://e.x) # h\n- item\u{202e} a_b ~~s~~ &amp;";
        let e = escape(hostile);
        assert!(!e.contains(['<', '>', '\n', '\u{202e}']), "{e}");
        let chars: Vec<char> = e.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if "|*[]_~:".contains(*c) {
                assert!(
                    i > 0 && chars[i - 1] == '\\',
                    "{c:?} unescaped at {i} in {e}"
                );
            }
        }
        assert!(e.contains("&lt;b&gt;") && e.contains("&amp;amp;"), "{e}");
        assert_eq!(
            escape("Acme Gateway 2 (EU) - 0.134"),
            "Acme Gateway 2 (EU) - 0.134"
        );
        assert_eq!(
            escape("see www.x.io or a@b.io"),
            "see www\\.x.io or a`@`b.io"
        );
        assert_eq!(escape("Acme ## #1 $x$"), "Acme `#``#` `#`1 \\$x\\$");
        // Linear: a long name is escaped in one pass.
        let dots = format!("V{}", ".".repeat(200_000));
        assert_eq!(escape(&dots), dots);
    }
}
