//! Benchmarks of the audit pipeline's stages on a synthetic corpus (`quote_audit::corpus`):
//! load (parse and validate), normalize, check, and a whole `quote-audit audit` run from files
//! on disk to the reports in a folder; and how long hostile files (deep nesting, alias bombs,
//! thousands of bad values) take to be refused, which the tests only check are refused; and
//! reading a hostile claim of growing length. Run with `cargo bench`; the README records the
//! figures.

use std::hint::black_box;

use clap::Parser;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quote_audit::check::{self, Settings};
use quote_audit::load::baseline::Baseline;
use quote_audit::load::{Source, quote};
use quote_audit::model::{Fx, Policy, Thresholds};
use quote_audit::normalize;

// The allocator the binary uses, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FILES: usize = 100;
const OFFERS: usize = 100;

fn settings() -> Settings {
    Settings {
        thresholds: Thresholds::default(),
        fx: Fx::default(),
        as_of: jiff::civil::date(2026, 6, 1),
        policy: Policy::default(),
    }
}

fn stages(c: &mut Criterion) {
    let corpus = quote_audit::corpus::generate(FILES, OFFERS);
    let bytes: usize = corpus.iter().map(|(_, t)| t.len()).sum();
    let sources: Vec<Source> = corpus
        .iter()
        .map(|(n, t)| Source {
            name: n.clone(),
            text: t.clone(),
        })
        .collect();
    let baseline = Baseline::embedded();
    let settings = settings();
    let quotes: Vec<_> = sources
        .iter()
        .filter_map(|s| quote::parse(s).ok())
        .collect();

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("load", |b| {
        b.iter(|| {
            sources
                .iter()
                .filter_map(|s| quote::parse(black_box(s)).ok())
                .count()
        })
    });
    g.bench_function("normalize", |b| {
        b.iter(|| {
            quotes
                .iter()
                .flat_map(|q| q.offers.iter().map(move |o| (q, o)))
                .flat_map(|(q, o)| black_box(normalize::offer(q, o, &baseline, &settings.fx)))
                .filter(|n| n.price_usd.is_ok())
                .count()
        })
    });
    g.bench_function("check", |b| {
        b.iter(|| {
            check::audit(black_box(&quotes), &[], &baseline, &settings)
                .rows
                .len()
        })
    });
    g.finish();

    let dir = tempfile::tempdir().expect("temp dir");
    let quotes = dir.path().join("quotes");
    for (name, text) in &corpus {
        let path = quotes.join(name);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("create a folder");
        std::fs::write(path, text).expect("write a quote");
    }
    let out = dir.path().join("reports");
    let cli = quote_audit::Cli::try_parse_from([
        "quote-audit".as_ref(),
        "audit".as_ref(),
        quotes.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--as-of".as_ref(),
        "2026-06-01".as_ref(),
    ])
    .expect("valid arguments");
    let mut g = c.benchmark_group("whole");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("audit", |b| {
        b.iter(|| {
            let mut table = Vec::new();
            quote_audit::run(&cli, &mut table, &mut Vec::new()).expect("audit runs");
            table.len()
        })
    });
    g.finish();
}

/// Refusing a hostile file takes about as long as reading a quote of its size, never longer
/// with the square of its depth, aliases or problems.
fn hostile(c: &mut Criterion) {
    let mut g = c.benchmark_group("hostile");
    g.sample_size(10);
    for (name, text) in quote_audit::corpus::hostile() {
        let src = Source {
            name: name.to_owned(),
            text,
        };
        g.throughput(Throughput::Bytes(src.text.len() as u64));
        g.bench_function(name, |b| b.iter(|| quote::parse(black_box(&src)).is_err()));
    }
    g.finish();
}

/// Reading a hostile claim (`quote_audit::corpus::hostile_claim`) of growing length: the time
/// per byte stays the same.
fn claims(c: &mut Criterion) {
    let mut g = c.benchmark_group("hostile-claim");
    g.sample_size(10);
    for repeats in [100, 400, 1_600] {
        let claim = quote_audit::corpus::hostile_claim(repeats);
        g.throughput(Throughput::Bytes(claim.len() as u64));
        g.bench_function(format!("{} bytes", claim.len()), |b| {
            b.iter(|| {
                normalize::claim::read_afresh(black_box(&claim))
                    .prices
                    .len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, stages, hostile, claims);
criterion_main!(benches);
