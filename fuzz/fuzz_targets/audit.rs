//! Fuzz target: any bytes through load (UTF-8, YAML, validation) → normalize → check → CSV rows.
//! Nothing may panic, hang or lose an offer: a quote that loads yields one comparison row per
//! offer.
//!
//! Run (stable toolchain): `cargo fuzz run -s none audit fuzz/corpus/audit -- -max_total_time=600`

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use quote_audit::load::baseline::Baseline;
use quote_audit::check::{self, Settings};
use quote_audit::load::{quote, source_from_bytes};
use quote_audit::model::{Fx, Policy, Thresholds};

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

fuzz_target!(|data: &[u8]| {
    let Ok(src) = source_from_bytes("fuzz.yaml", data.to_vec()) else { return };
    let Ok(q) = quote::parse(&src) else { return };
    let (baseline, settings) = setup();
    let offers = q.offers.len();
    let audit = check::audit(std::slice::from_ref(&q), &[], baseline, settings);
    assert_eq!(audit.rows.len(), offers, "an offer was lost");
    let mut rows = String::new();
    quote_audit::report::csv::write_comparison(&audit.rows, &mut rows);
    quote_audit::report::csv::write_findings(&audit.findings, &mut rows);
});
