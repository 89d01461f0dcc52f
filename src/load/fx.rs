//! An exchange-rate file (`--fx-file FILE`): one `CUR: RATE` per line, units of that currency
//! per 1 USD, read into [`Fx`] with the same error quality as a quote. What a rate does to a
//! price is [`crate::normalize::unit`]'s.
//!
//! ```yaml
//! CNY: 7.2
//! EUR: 0.92
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use crate::validate::Spanned;

use super::files::read_source;
use super::yaml::{self, Format};
use crate::diag::{Diagnostic, Source};
use crate::model::Fx;
use crate::validate::{Validator, at};

/// How the YAML reader speaks of a rate file.
const FORMAT: Format = Format {
    name: "rate file",
    one: "set of rates",
    layout: "a rate file is `CUR: RATE` lines, the units of each currency per 1 USD, like `CNY: 7.2`",
    depth: "a rate file is one level deep (`CUR: RATE` lines); this is not a rate file",
    example_for: |_| None,
    lists: &[],
    mappings: &[],
};

/// Parses a rate file into rates; every problem is returned.
pub fn parse(src: &Source) -> Result<Fx, Vec<Diagnostic>> {
    let raw: BTreeMap<String, Spanned<String>> = yaml::parse(src, &FORMAT).map_err(|d| vec![d])?;
    let mut v = Validator::new(src, FORMAT.example_for);
    let mut fx = Fx::default();
    for (code, rate) in raw {
        let rate_text = rate.value.trim();
        if let Err(problem) = fx.insert(&code, rate_text) {
            v.error(
                at(&rate),
                // The entry is quoted as `--fx` spells a rate, as messages have always said it.
                problem.explain(&format!("{code}={rate_text}")),
                "write `CUR: RATE`, the units of that currency per 1 USD, like `CNY: 7.2`",
            );
        }
    }
    v.finish(fx)
}

/// Reads a rate file from disk.
pub fn load(path: &Path) -> Result<Fx, Vec<Diagnostic>> {
    let src = read_source(path, "rates file").map_err(|d| vec![d])?;
    parse(&src)
}
