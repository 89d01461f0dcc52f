//! Every command that reads many quotes, at two sizes ten times apart, run as `quote-audit`
//! runs it (files on disk to reports in a folder): the second size's time over the first's is
//! the scaling ratio, at most 11 for work ten times larger. Inputs come from
//! `quote_audit::corpus`. Run with `cargo bench --bench commands`; the README records the
//! figures.

use std::path::Path;

use clap::Parser;
use criterion::{Criterion, criterion_group, criterion_main};

// The allocator the binary uses, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn write_all(dir: &Path, files: Vec<(String, String)>) {
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Runs `quote-audit ARGS --out <dir>/out --as-of 2026-06-01` once per iteration.
fn bench(c: &mut Criterion, group: &str, size: &str, dir: &Path, args: &[&str]) {
    let out = dir.join("out");
    let mut full: Vec<&str> = vec!["quote-audit"];
    full.extend(args);
    full.extend(["--out", out.to_str().unwrap(), "--as-of", "2026-06-01"]);
    let cli = quote_audit::Cli::try_parse_from(full).expect("valid arguments");
    let mut g = c.benchmark_group(group);
    g.sample_size(10);
    g.bench_function(size, |b| {
        b.iter(|| {
            let mut shown = Vec::new();
            quote_audit::run(&cli, &mut shown, &mut Vec::new()).expect("the command runs");
            shown.len()
        })
    });
    g.finish();
}

/// `audit`, `history` and `diff` of folders, over 100 and 1,000 vendors' quotes of 20 offers.
fn folders(c: &mut Criterion) {
    for vendors in [100, 1000] {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        let versions = quote_audit::corpus::versions(vendors, 5, 20);
        // The first two versions of each vendor are `diff`'s sides; all five, `history`'s.
        for (name, text) in &versions {
            let (vendor, date) = name.split_once('/').unwrap();
            match date {
                "2026-01-01.yaml" => write_all(
                    &d.join("old"),
                    vec![(format!("{vendor}.yaml"), text.clone())],
                ),
                "2026-02-01.yaml" => write_all(
                    &d.join("new"),
                    vec![(format!("{vendor}.yaml"), text.clone())],
                ),
                _ => {}
            }
        }
        write_all(&d.join("all"), versions);
        let size = format!("{vendors} vendors");
        let (old, new, all) = (d.join("old"), d.join("new"), d.join("all"));
        let (old, new, all) = (
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            all.to_str().unwrap(),
        );
        bench(c, "audit", &size, d, &["audit", old]);
        bench(c, "diff", &size, d, &["diff", old, new]);
        bench(c, "history (5 versions each)", &size, d, &["history", all]);
    }
}

/// `budget`: 10 and 100 jobs over 100 quote files, and 20 jobs over 100 and 1,000 files.
fn budget(c: &mut Criterion) {
    for (jobs, files) in [(10, 100), (100, 100), (20, 1000)] {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        write_all(&d.join("quotes"), quote_audit::corpus::generate(files, 20));
        std::fs::write(d.join("workload.yaml"), quote_audit::corpus::workload(jobs)).unwrap();
        let (quotes, workload) = (d.join("quotes"), d.join("workload.yaml"));
        let args = [
            "budget",
            "--workload",
            workload.to_str().unwrap(),
            quotes.to_str().unwrap(),
        ];
        bench(
            c,
            "budget",
            &format!("{jobs} jobs × {files} files"),
            d,
            &args,
        );
    }
}

/// A corpus function writing version 0 or 1 of a quote of `n` offers or claims.
type TwoVersions = fn(usize, usize) -> String;

/// `diff` of two versions of one quote: every offer in a lane of its own (2,000 and 20,000
/// offers), and every claim reworded (400 and 4,000 claims).
fn pairing(c: &mut Criterion) {
    let kinds: [(&str, TwoVersions, usize); 2] = [
        ("lanes", quote_audit::corpus::distinct_lanes, 2_000),
        ("claims", quote_audit::corpus::reworded_claims, 400),
    ];
    for (what, make, n) in kinds
        .into_iter()
        .flat_map(|(w, f, n)| [(w, f, n), (w, f, 10 * n)])
    {
        let (old, new) = (make(n, 0), make(n, 1));
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        std::fs::write(d.join("old.yaml"), old).unwrap();
        std::fs::write(d.join("new.yaml"), new).unwrap();
        let (o, n2) = (d.join("old.yaml"), d.join("new.yaml"));
        let args = ["diff", o.to_str().unwrap(), n2.to_str().unwrap()];
        bench(
            c,
            &format!("diff ({what})"),
            &format!("{n} {what}"),
            d,
            &args,
        );
    }
}

criterion_group!(benches, folders, budget, pairing);
criterion_main!(benches);
