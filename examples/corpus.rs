//! Writes synthetic inputs (see `quote_audit::corpus`), for benchmarks and for trying the tool
//! at scale.
//!
//! ```text
//! cargo run --release --example corpus -- OUT_DIR [FILES] [OFFERS]        quotes (default 1000 × 100)
//! cargo run --release --example corpus -- versions OUT_DIR VENDORS VERSIONS OFFERS
//!                                                                   dated versions per vendor
//! cargo run --release --example corpus -- workload FILE JOBS        a workload file
//! cargo run --release --example corpus -- lanes OLD NEW OFFERS      two versions, a lane per offer
//! cargo run --release --example corpus -- claims OLD NEW CLAIMS     two versions, every claim reworded
//! ```

use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n = |i: usize, default: usize| -> usize {
        args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default)
    };
    let path = |i: usize| -> PathBuf {
        match args.get(i) {
            Some(p) => PathBuf::from(p),
            None => usage(),
        }
    };
    match args.first().map(String::as_str) {
        None => usage(),
        Some("versions") => {
            let (vendors, versions, offers) = (n(2, 1000), n(3, 5), n(4, 100));
            let files = quote_audit::corpus::versions(vendors, versions, offers);
            let bytes = write_all(&path(1), files);
            println!("{vendors} vendors × {versions} versions × {offers} offers, {bytes}");
        }
        Some("workload") => {
            let jobs = n(2, 100);
            write(&path(1), &quote_audit::corpus::workload(jobs));
            println!("{jobs} jobs in {}", path(1).display());
        }
        Some("lanes") => {
            let offers = n(3, 20_000);
            for version in 0..2 {
                write(
                    &path(1 + version),
                    &quote_audit::corpus::distinct_lanes(offers, version),
                );
            }
            println!("two versions of {offers} offers, each in a lane of its own");
        }
        Some("claims") => {
            let claims = n(3, 4_000);
            for version in 0..2 {
                write(
                    &path(1 + version),
                    &quote_audit::corpus::reworded_claims(claims, version),
                );
            }
            println!("two versions of {claims} claims, each reworded");
        }
        Some(_) => {
            let (files, offers) = (n(1, 1000), n(2, 100));
            let bytes = write_all(&path(0), quote_audit::corpus::generate(files, offers));
            println!("{files} files × {offers} offers, {bytes}");
        }
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: corpus OUT_DIR [FILES] [OFFERS] | versions OUT_DIR VENDORS VERSIONS OFFERS | workload FILE JOBS | lanes OLD NEW OFFERS | claims OLD NEW CLAIMS"
    );
    std::process::exit(2);
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create the output folder");
    }
    std::fs::write(path, text).expect("write a file");
}

/// Writes `files` (relative path, text) under `out`; how many MB, and where.
fn write_all(out: &Path, files: Vec<(String, String)>) -> String {
    let mut bytes = 0;
    for (name, text) in files {
        bytes += text.len();
        write(&out.join(name), &text);
    }
    format!("{:.1} MB in {}", bytes as f64 / 1e6, out.display())
}
