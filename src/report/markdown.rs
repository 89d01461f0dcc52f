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

/// Vendor text, safe inline in Markdown (a table cell included): made [`visible`] (so it has
/// no line break, and never starts a line), then what could open markup escaped with a
/// backslash: code, emphasis, links, table cells, strike-through, and the `:`, `@` and `www.`
/// that GitHub turns into links; `<`, `>` and `&` are written as HTML entities.
pub fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in visible(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '.' if out.to_ascii_lowercase().ends_with("www") => out.push_str("\\."),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | ':' | '@' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `file:line`, as code: a path with a backtick in it is escaped, not as code.
fn place(file: &str, line: usize) -> String {
    format!("{}:{line}", escape(file))
}

/// `audit` as a pull-request comment.
pub fn audit(audit: &Audit, compared_with: &str) -> String {
    let mut s = String::new();
    let offers: usize = audit.files.iter().map(|f| f.quoted).sum();
    let _ = writeln!(
        s,
        "### quote-audit: {} in {} compared with {}\n",
        plural(offers, "offer"),
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
            escape(f.vendor.trim()),
            escape(&f.file),
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
    for f in high {
        let who = match f.vendor.trim() {
            "" => String::new(),
            v => format!("{}, ", escape(v)),
        };
        let _ = writeln!(
            s,
            "- {who}{}: **{}**: {}",
            place(&f.file, f.line),
            f.rule.id(),
            escape(&f.message)
        );
    }
    s
}

/// One vendor's changes, for `diff`: nothing when it has none.
pub fn diff_vendor(d: &VendorDiff<'_>) -> String {
    if d.changes.is_empty() {
        return String::new();
    }
    let mut s = format!("#### {}\n\n", escape(d.changes[0].vendor.trim()));
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
            escape(&c.new)
        ),
        ChangeKind::FindingResolved => {
            format!("resolved **{}**: {}", escape(&c.key), escape(&c.old))
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
    format!(
        "### quote-audit diff: {}\n\n{vendors}",
        plural(changes, "change")
    )
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
            if "|`*[]_~:".contains(*c) {
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
            "see www\\.x.io or a\\@b.io"
        );
    }
}
