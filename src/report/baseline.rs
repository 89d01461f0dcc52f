//! The baseline on the terminal: its dated snapshots, the rows of one with their provenance
//! (verified on Google's page or secondhand) and the names that map to each route, and what
//! changed from one snapshot to another. What the baseline holds is [`crate::load::baseline`]'s.

use comfy_table::{Table, presets};

use jiff::civil::Date;

use crate::load::baseline::{Baseline, NameKind, Route, Timeline};
use crate::model::{Lane, SizeClass};
use crate::money::usd_cell;
use crate::text::terminal_safe;

/// What `baseline` prints: where the rows come from, every row with its provenance, and the
/// names that map to each route.
pub fn terminal(b: &Baseline) -> String {
    let mut s = format!(
        "{}\nowner: {}   source: {}   checked on: {}\n",
        terminal_safe(&b.describe()),
        terminal_safe(&b.owner),
        terminal_safe(&b.source),
        b.checked_on
    );
    // The Priority lane's column, only for a snapshot that prices it.
    let priced = b
        .routes
        .iter()
        .any(|r| r.rows.iter().any(|row| row.priority.is_some()));
    let mut header = vec!["model id", "size", "standard", "batch/flex"];
    if priced {
        header.push("priority");
    }
    header.extend(["row", "tokens/image", "$/1M tokens", "tokens"]);
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_header(header);
    let provenance = |v: bool| if v { "verified" } else { "unverified" };
    for r in &b.routes {
        for row in &r.rows {
            let mut cells = vec![
                terminal_safe(&r.id).into_owned(),
                row.size.label().to_owned(),
                usd_cell(row.standard),
                usd_cell(row.batch),
            ];
            if priced {
                cells.push(row.priority.map(usd_cell).unwrap_or_default());
            }
            cells.extend([
                provenance(row.verified).to_owned(),
                row.tokens
                    .as_ref()
                    .map(|x| x.per_image.to_string())
                    .unwrap_or_default(),
                row.tokens
                    .as_ref()
                    .map(|x| usd_cell(x.usd_per_1m))
                    .unwrap_or_default(),
                row.tokens
                    .as_ref()
                    .map(|x| provenance(x.verified).to_owned())
                    .unwrap_or_default(),
            ]);
            t.add_row(cells);
        }
    }
    s.push_str(&t.to_string());
    s.push_str("\n\nroutes and the names that map to them:");
    for (i, r) in b.routes.iter().enumerate() {
        let names = |kind: NameKind| {
            b.spelled_names()
                .filter(|(_, route, k)| *route == i && *k == kind)
                .map(|(n, _, _)| terminal_safe(n).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        };
        s.push_str(&format!(
            "\n  {} — {}{}\n    names: {}",
            terminal_safe(&r.id),
            terminal_safe(&r.name),
            if r.free_tier {
                " (free tier)"
            } else {
                ", no free tier"
            },
            names(NameKind::Exact)
        ));
        for (kind, label) in [
            (NameKind::Generic, "to confirm"),
            (NameKind::Companion, "only beside another name"),
        ] {
            let n = names(kind);
            if !n.is_empty() {
                s.push_str(&format!("\n    {label}: {n}"));
            }
        }
        if let Some(rates) = &r.rates {
            s.push_str(&format!(
                "\n    rates per 1M output tokens: standard {}, batch {}{} ({})",
                usd_cell(rates.standard),
                usd_cell(rates.batch),
                rates
                    .priority
                    .map(|p| format!(", priority {}", usd_cell(p)))
                    .unwrap_or_default(),
                provenance(rates.verified)
            ));
        }
        if let Some(d) = r.retires {
            s.push_str(&format!("\n    retires: {d}"));
            for said in &r.retires_sources {
                s.push_str(&format!("\n      {}", terminal_safe(said)));
            }
        }
        if let Some(source) = &r.source {
            s.push_str(&format!("\n    source: {}", terminal_safe(source)));
        }
    }
    s
}

/// What `baseline` prints: the snapshots, and the one in force at `as_of` in full.
pub fn listing(t: &Timeline, as_of: Date) -> String {
    let in_force = t.at(as_of);
    let mut s =
        String::from("snapshots (the latest checked on or before a date is in force on it):\n");
    for b in &t.snapshots {
        s.push_str(&format!(
            "  {}  {}{}\n",
            b.checked_on,
            terminal_safe(&b.file),
            if std::ptr::eq(b, in_force) {
                format!("  ← in force on {as_of}")
            } else {
                String::new()
            }
        ));
    }
    s.push('\n');
    s.push_str(&terminal(in_force));
    s
}

/// What changed from snapshot `old` to `new`, a line per change, in route order: routes added
/// and retired, rows added, removed and repriced, lanes and rates added, provenance changed.
pub fn diff(old: &Baseline, new: &Baseline) -> String {
    let mut lines = vec![format!(
        "--- {} (checked {})\n+++ {} (checked {})",
        terminal_safe(&old.file),
        old.checked_on,
        terminal_safe(&new.file),
        new.checked_on
    )];
    let find = |b: &'_ Baseline, id: &str| b.routes.iter().find(|r| r.id == id).cloned();
    for r in &new.routes {
        let Some(before) = find(old, &r.id) else {
            let sizes: Vec<&str> = r.sizes().iter().map(|s| s.label()).collect();
            let rates = r
                .rates
                .as_ref()
                .map(|x| {
                    format!(
                        "; rates per 1M tokens standard {}, batch {}{}",
                        usd_cell(x.standard),
                        usd_cell(x.batch),
                        x.priority
                            .map(|p| format!(", priority {}", usd_cell(p)))
                            .unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            lines.push(format!(
                "route added: {} ({}), sizes {}{rates}",
                terminal_safe(&r.id),
                terminal_safe(&r.name),
                if sizes.is_empty() {
                    "none".into()
                } else {
                    sizes.join(", ")
                }
            ));
            if let Some(d) = r.retires {
                lines.push(format!("route retires: {} on {d}", terminal_safe(&r.id)));
            }
            continue;
        };
        if before.name != r.name {
            lines.push(format!(
                "name changed: {} was \"{}\", now \"{}\"",
                terminal_safe(&r.id),
                terminal_safe(&before.name),
                terminal_safe(&r.name)
            ));
        }
        if before.retires != r.retires {
            lines.push(match r.retires {
                Some(d) => format!("route retires: {} on {d}", terminal_safe(&r.id)),
                None => format!("route no longer retires: {}", terminal_safe(&r.id)),
            });
        }
        if before.rates.is_none()
            && let Some(rates) = &r.rates
        {
            lines.push(format!(
                "rates added: {} standard {}, batch {}{} per 1M tokens",
                terminal_safe(&r.id),
                usd_cell(rates.standard),
                usd_cell(rates.batch),
                rates
                    .priority
                    .map(|p| format!(", priority {}", usd_cell(p)))
                    .unwrap_or_default()
            ));
        }
        rows(&mut lines, &before, r);
    }
    for r in &old.routes {
        if find(new, &r.id).is_none() {
            lines.push(format!("route removed: {}", terminal_safe(&r.id)));
        }
    }
    if lines.len() == 1 {
        lines.push("no change".into());
    }
    lines.join("\n")
}

/// The row changes of one route present in both snapshots.
fn rows(lines: &mut Vec<String>, old: &Route, new: &Route) {
    for size in SizeClass::ALL {
        let id = terminal_safe(&new.id);
        match (old.row(size), new.row(size)) {
            (None, Some(_)) => lines.push(format!("row added: {id} {size}")),
            (Some(_), None) => lines.push(format!("row removed: {id} {size}")),
            (Some(a), Some(b)) => {
                for lane in [Lane::Standard, Lane::Batch, Lane::Priority] {
                    match (a.price(lane), b.price(lane)) {
                        (None, Some(p)) => {
                            lines.push(format!("lane added: {id} {size} {lane} {}", usd_cell(p)))
                        }
                        (Some(x), Some(y)) if x != y => lines.push(format!(
                            "repriced: {id} {size} {lane} {} → {}",
                            usd_cell(x),
                            usd_cell(y)
                        )),
                        (Some(_), None) => lines.push(format!("lane removed: {id} {size} {lane}")),
                        _ => {}
                    }
                }
                if a.verified != b.verified {
                    let was = |v: bool| if v { "verified" } else { "unverified" };
                    lines.push(format!(
                        "provenance: {id} {size} {} → {}",
                        was(a.verified),
                        was(b.verified)
                    ));
                }
            }
            (None, None) => {}
        }
    }
}
