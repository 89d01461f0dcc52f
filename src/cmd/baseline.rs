//! `quote-audit baseline`: prints the official rows in use — the embedded baseline, or the file
//! named with `--baseline`, which is validated with the same errors as a quote file.

use std::io::Write;

use clap::Args as ClapArgs;
use comfy_table::{Table, presets};

use super::options::{BaselineArg, stdout_error};
use crate::diag::Error;
use crate::load::baseline::{Baseline, NameKind};
use crate::money::usd_cell;
use crate::text::terminal_safe;

/// Print the official price rows in use, or validate a baseline file.
#[derive(Debug, Clone, ClapArgs)]
#[command(
    after_help = "Examples:\n  quote-audit baseline\n  quote-audit baseline --baseline baseline/google-gemini-api-2026-04-20.yaml"
)]
pub struct Args {
    #[command(flatten)]
    pub baseline: BaselineArg,
}

pub fn run(args: &Args, out: &mut dyn Write, _err: &mut dyn Write) -> Result<u8, Error> {
    let baseline = args.baseline.load()?;
    writeln!(out, "{}", render(&baseline)).map_err(stdout_error)?;
    Ok(0)
}

fn render(b: &Baseline) -> String {
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
