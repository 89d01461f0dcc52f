//! Writes a corpus of synthetic vendor quotes (see `quote_audit::corpus`), for benchmarks and
//! for trying the tool at scale.
//!
//! ```text
//! cargo run --release --example corpus -- OUT_DIR [FILES] [OFFERS]   (default 1000 × 100)
//! ```

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: corpus OUT_DIR [FILES] [OFFERS]");
        std::process::exit(2);
    };
    let files: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let offers: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let mut bytes = 0;
    for (name, text) in quote_audit::corpus::generate(files, offers) {
        let path = out.join(name);
        std::fs::create_dir_all(path.parent().expect("a folder"))
            .expect("create the output folder");
        bytes += text.len();
        std::fs::write(path, text).expect("write a quote");
    }
    println!(
        "{files} files × {offers} offers, {:.1} MB in {}",
        bytes as f64 / 1e6,
        out.display()
    );
}
