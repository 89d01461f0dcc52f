//! A policy file (`--policy FILE`): a team's own severities and thresholds, read into a
//! [`Policy`].
//!
//! ```yaml
//! rules:
//!   vendor-lane: off          # never report it
//!   above-official: low       # report it as low instead of info
//! thresholds:
//!   tolerance_pct: 1          # ± percent that counts as matches-official
//!   stale_days: 30            # baseline older than this: medium
//!   stale_high_days: 90       # ... older than this: high
//!   savings_slack_pts: 5      # points a claimed saving may exceed the computed one
//! ```
//!
//! An unknown rule id is an error with a suggestion, so a typo never silently keeps a rule on.
//! Applying the policy to findings is [`crate::check`]'s.

use std::collections::BTreeMap;

use crate::validate::Spanned;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::files::read_source;
use super::yaml::{self, Format};
use crate::diag::{Diagnostic, Source};
use crate::model::{At, Policy, Rule, Severity};
use crate::text::did_you_mean;
use crate::validate::{Validator, at};

/// How the YAML reader speaks of a policy file.
const FORMAT: Format = Format {
    name: "policy file",
    one: "policy",
    layout: "a policy file is `key: value` lines: rules and thresholds (see README.md)",
    depth: "a policy is three levels deep (file, rules or thresholds, value); this is not a policy file",
    example_for: |_| None,
    lists: &[],
    mappings: &["rules", "thresholds"],
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    rules: Option<BTreeMap<String, Spanned<String>>>,
    thresholds: Option<RawThresholds>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    tolerance_pct: Option<Spanned<String>>,
    stale_days: Option<Spanned<String>>,
    stale_high_days: Option<Spanned<String>>,
    savings_slack_pts: Option<Spanned<String>>,
}

/// Parses and validates a policy file; every problem is returned.
pub fn parse(src: &Source) -> Result<Policy, Vec<Diagnostic>> {
    let raw: RawPolicy = yaml::parse(src, &FORMAT).map_err(|d| vec![d])?;
    let mut v = Validator::new(src, FORMAT.example_for);
    let mut policy = Policy::default();
    for (id, value) in raw.rules.unwrap_or_default() {
        let value_at = at(&value);
        let Some(rule) = Rule::ALL.iter().copied().find(|r| r.id() == id.trim()) else {
            // Point at the key, which is on the value's line.
            let line = src
                .text
                .lines()
                .nth(value_at.line.saturating_sub(1))
                .unwrap_or("");
            let col = line
                .find(id.as_str())
                .map_or(1, |b| line[..b].chars().count() + 1);
            let help = match did_you_mean(&id, Rule::ALL.iter().map(|r| r.id())) {
                Some(s) => format!("did you mean `{s}`? (`quote-audit rules` lists every rule)"),
                None => "`quote-audit rules` lists every rule id".into(),
            };
            v.error(
                At {
                    line: value_at.line,
                    col,
                },
                format!("unknown rule `{id}`"),
                help,
            );
            continue;
        };
        let word = value.value.trim().to_ascii_lowercase();
        let severity = match word.as_str() {
            "off" => Some(None),
            w => w.parse::<Severity>().ok().map(Some),
        };
        match severity {
            // An unreadable file under --keep-going is reported only through this rule: off,
            // the file would vanish from the reports.
            Some(None) if rule == Rule::InvalidQuote => v.error(
                value_at,
                "`invalid-quote` cannot be turned off: under --keep-going an unreadable file is reported only by it".into(),
                "give it a severity instead (high, medium, low or info)",
            ),
            Some(s) => {
                policy.severities.insert(rule, s);
            }
            None => v.error(
                value_at,
                format!("`{id}: {}` is not a severity", value.value.trim()),
                "write high, medium, low, info, or off",
            ),
        }
    }
    if let Some(t) = raw.thresholds {
        policy.tolerance_pct = t
            .tolerance_pct
            .and_then(|x| percent(&mut v, "tolerance_pct", x));
        policy.savings_slack_pts = t
            .savings_slack_pts
            .and_then(|x| percent(&mut v, "savings_slack_pts", x));
        policy.stale_days = t
            .stale_days
            .and_then(|x| v.count("stale_days", x))
            .map(|d| d.value as i64);
        policy.stale_high_days = t
            .stale_high_days
            .and_then(|x| v.count("stale_high_days", x))
            .map(|d| d.value as i64);
        let th = policy.thresholds();
        if th.stale_high_days < th.stale_days {
            v.whole(
                Diagnostic::whole(
                    &src.name,
                    format!(
                        "stale_high_days ({}) is below stale_days ({})",
                        th.stale_high_days, th.stale_days
                    ),
                )
                .help("a baseline becomes stale (medium) before it becomes very stale (high)"),
            );
        }
    }
    v.finish(policy)
}

fn percent(v: &mut Validator<'_>, key: &str, t: Spanned<String>) -> Option<Decimal> {
    let a = at(&t);
    let d = v.decimal(key, t)?;
    if d.value > Decimal::ONE_HUNDRED {
        v.error(
            a,
            format!("`{key}` {} is above 100", d.value),
            "write a percentage from 0 to 100",
        );
        return None;
    }
    Some(d.value)
}

/// Reads a policy file from disk.
pub fn load(path: &std::path::Path) -> Result<Policy, Vec<Diagnostic>> {
    let src = read_source(path, "policy file").map_err(|d| vec![d])?;
    parse(&src)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source {
            name: "policy.yaml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn severities_and_thresholds_are_read() {
        let p = parse(&src("rules:\n  vendor-lane: off\n  above-official: LOW\nthresholds:\n  tolerance_pct: 1.5\n  stale_days: 10\n")).unwrap();
        assert_eq!(p.severities[&Rule::VendorLane], None);
        assert_eq!(p.severities[&Rule::AboveOfficial], Some(Severity::Low));
        let t = p.thresholds();
        assert_eq!(
            (t.tolerance_pct.to_string(), t.stale_days, t.stale_high_days),
            ("1.5".into(), 10, 90)
        );
    }

    #[test]
    fn unknown_rule_ids_get_a_suggestion() {
        let err = parse(&src("rules:\n  vendor-lanes: off\n  zero-price: urgent\n")).unwrap_err();
        assert_eq!((err[0].line, err[0].col), (2, 3));
        assert_eq!(err[0].message, "unknown rule `vendor-lanes`");
        assert!(
            err[0]
                .help
                .as_deref()
                .unwrap()
                .contains("did you mean `vendor-lane`?")
        );
        assert_eq!(err[1].message, "`zero-price: urgent` is not a severity");
    }
}
