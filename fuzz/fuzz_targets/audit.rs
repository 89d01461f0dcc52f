//! Fuzz target: any bytes through load (UTF-8, YAML, validation) → normalize → check → CSV rows.
//! Nothing may panic, hang or lose an offer: a quote that loads yields at least one comparison
//! row per offer. No raw control, bidirectional or zero-width character reaches the rows or an
//! error message, and no message speaks the YAML parser's own words.
//!
//! Run (stable toolchain), from `fuzz/`:
//! `cargo fuzz run -s none audit corpus/audit ../tests/hostile -- -max_total_time=600`

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use quote_audit::check::{self, Settings};
use quote_audit::load::baseline::Baseline;
use quote_audit::load::{quote, source_from_bytes};
use quote_audit::model::{Fx, Policy, Thresholds};
use quote_audit::text::is_hazard;

fn setup() -> &'static (Baseline, Settings) {
    static SETUP: OnceLock<(Baseline, Settings)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let mut fx = Fx::default();
        let _ = fx.insert("CNY", "7.2");
        let settings = Settings {
            thresholds: Thresholds::default(),
            fx,
            as_of: jiff::civil::date(2026, 6, 1),
            policy: Policy::default(),
        };
        (Baseline::embedded(), settings)
    })
}

/// Asserts that `text` holds no character that must never be written raw (line breaks aside).
fn safe(text: &str, what: &str) {
    let raw = text.chars().find(|&c| c != '\n' && is_hazard(c));
    assert!(raw.is_none(), "{what} holds a raw {raw:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(src) = source_from_bytes("fuzz.yaml", data.to_vec()) else {
        return;
    };
    let q = match quote::parse(&src) {
        Ok(q) => q,
        Err(diags) => {
            for d in diags {
                let shown = d.to_string();
                safe(&shown, "an error message");
                for word in [
                    "scalar",
                    "weak recursion",
                    "while parsing",
                    "while scanning",
                    "configured policy",
                ] {
                    assert!(!shown.contains(word), "the parser's words in: {shown}");
                }
            }
            return;
        }
    };
    let (baseline, settings) = setup();
    let offers = q.offers.len();
    let audit = check::audit(std::slice::from_ref(&q), &[], baseline, settings);
    assert!(audit.rows.len() >= offers, "an offer was lost");
    let mut rows = String::new();
    quote_audit::report::csv::write_comparison(&audit.rows, &mut rows);
    quote_audit::report::csv::write_findings(&audit.findings, &mut rows);
    safe(&rows, "a report row");
});
