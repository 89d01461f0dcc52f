//! The baseline on the terminal: its rows, with their provenance (verified on Google's page or
//! secondhand), and the names that map to each route. What the baseline holds is
//! [`crate::load::baseline`]'s.

use comfy_table::{Table, presets};

use crate::load::baseline::{Baseline, NameKind};
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
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED).set_header(vec![
        "model id",
        "size",
        "standard",
        "batch/flex",
        "row",
        "tokens/image",
        "$/1M tokens",
        "tokens",
    ]);
    let provenance = |v: bool| if v { "verified" } else { "unverified" };
    for r in &b.routes {
        for row in &r.rows {
            t.add_row(vec![
                terminal_safe(&r.id).into_owned(),
                row.size.label().to_owned(),
                usd_cell(row.standard),
                usd_cell(row.batch),
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
        if let Some(d) = r.retires {
            s.push_str(&format!("\n    retires: {d}"));
        }
    }
    s
}
