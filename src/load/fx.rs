//! An exchange-rate file (`--fx-file FILE`): one `CUR: RATE` per line, units of that currency
//! per 1 USD, read with the same error quality as a quote.
//!
//! ```yaml
//! CNY: 7.2
//! EUR: 0.92
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde_saphyr::Spanned;

use crate::diag::Diagnostic;
use crate::load::quote::Validator;
use crate::load::yaml::{self, at};
use crate::normalize::unit::Fx;

/// Parses a rate file into rates; every problem is returned.
pub fn parse(src: &crate::load::Source) -> Result<Fx, Vec<Diagnostic>> {
    let raw: BTreeMap<String, Spanned<String>> = yaml::parse(src, |_| None).map_err(|d| vec![d])?;
    let mut v = Validator::new(src);
    let mut fx = Fx::default();
    for (code, rate) in raw {
        if let Err(why) = fx.add(&format!("{code}={}", rate.value.trim())) {
            let why = why.trim_start_matches("--fx ").to_owned();
            v.error(
                at(&rate),
                why,
                "write `CUR: RATE`, the units of that currency per 1 USD, like `CNY: 7.2`",
            );
        }
    }
    v.finish(fx)
}

/// Reads a rate file from disk.
pub fn load(path: &Path) -> Result<Fx, Vec<Diagnostic>> {
    let src = crate::load::read_source(path).map_err(|d| vec![d])?;
    parse(&src)
}
