//! A team's own severities and thresholds: the numbers rules compare against, and which rules
//! are off or reported at another severity. `--policy FILE` is read by [`crate::load::policy`].

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::finding::{Finding, Rule, Severity};

/// The numbers rules compare against; a policy file can set each.
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    /// Percent either side of the official price that counts as `matches-official`.
    pub tolerance_pct: Decimal,
    /// A baseline older than this many days at `--as-of` is stale (medium)...
    pub stale_days: i64,
    /// ...and older than this many days, high.
    pub stale_high_days: i64,
    /// Percentage points a claimed saving may exceed the computed one.
    pub savings_slack_pts: Decimal,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            tolerance_pct: Decimal::new(5, 1),
            stale_days: 30,
            stale_high_days: 90,
            savings_slack_pts: Decimal::from(5),
        }
    }
}

/// Severity overrides per rule (`None`: the rule is off) and threshold overrides.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    pub severities: BTreeMap<Rule, Option<Severity>>,
    pub tolerance_pct: Option<Decimal>,
    pub stale_days: Option<i64>,
    pub stale_high_days: Option<i64>,
    pub savings_slack_pts: Option<Decimal>,
}

impl Policy {
    /// The finding as the policy wants it reported, or `None` when its rule is off.
    pub fn apply(&self, mut f: Finding) -> Option<Finding> {
        match self.severities.get(&f.rule) {
            None => Some(f),
            Some(None) => None,
            Some(Some(s)) => {
                f.severity = *s;
                Some(f)
            }
        }
    }

    /// Whether findings of `rule` are reported at all.
    pub fn reports(&self, rule: Rule) -> bool {
        self.severities.get(&rule) != Some(&None)
    }

    /// The default thresholds with the policy's overrides.
    pub fn thresholds(&self) -> Thresholds {
        let d = Thresholds::default();
        Thresholds {
            tolerance_pct: self.tolerance_pct.unwrap_or(d.tolerance_pct),
            stale_days: self.stale_days.unwrap_or(d.stale_days),
            stale_high_days: self.stale_high_days.unwrap_or(d.stale_high_days),
            savings_slack_pts: self.savings_slack_pts.unwrap_or(d.savings_slack_pts),
        }
    }
}
