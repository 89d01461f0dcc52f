//! Findings are data: a rule id, a severity, the place in the quote, a message that says what
//! to do next, and the vendor's words as evidence.
//!
//! [`Rule`] is the one registry of rule ids. Each rule has a family, a default severity and a
//! one-line description; ids are stable kebab-case strings, so a rename shows up in review.

use std::fmt;
use std::str::FromStr;

/// How much a finding matters to a buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
}

impl Severity {
    /// Highest first, as reports list them.
    pub const ALL: [Severity; 4] = [
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|v| v.label().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("\"{s}\" is not a severity; write high, medium, low or info"))
    }
}

macro_rules! rules {
    ($($variant:ident => $id:literal, $family:literal, $sev:ident, $summary:literal;)*) => {
        /// Every rule quote-audit can report.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $($variant),* }

        impl Rule {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable kebab-case id.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id),* }
            }

            /// The family: input, route, price, claim, terms or dates.
            pub fn family(self) -> &'static str {
                match self { $(Rule::$variant => $family),* }
            }

            /// The default severity.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$sev),* }
            }

            /// One line: when the rule fires.
            pub fn summary(self) -> &'static str {
                match self { $(Rule::$variant => $summary),* }
            }
        }
    };
}

rules! {
    InvalidQuote => "invalid-quote", "input", High, "a quote file could not be read (reported with --keep-going)";
    UnknownRoute => "unknown-route", "route", High, "route text is not a baseline model or alias";
    AmbiguousRoute => "ambiguous-route", "route", High, "route text names two models";
    GenericRouteName => "generic-route-name", "route", Low, "route named only by a name Google has used for several models (\"Nano Banana\")";
    UnofficialRoute => "unofficial-route", "route", High, "reverse-engineered, -ext, or web/cookie upstream";
    UnknownSize => "unknown-size", "route", High, "size text cannot be classed";
    NoOfficialRow => "no-official-row", "route", Medium, "the model has no baseline row at that size";
    VendorLane => "vendor-lane", "route", Low, "lane word is the vendor's own product";
    UnitUnresolved => "unit-unresolved", "price", High, "unit unknown, or credit or token price without credit price / tokens per image";
    NoFxRate => "no-fx-rate", "price", High, "non-USD price with no rate";
    ZeroPrice => "zero-price", "price", High, "a $0 offer: who pays, under which limits, data use and expiry?";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One thing a reviewer should look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub vendor: String,
    pub file: String,
    pub line: usize,
    pub rule: Rule,
    pub severity: Severity,
    /// What the finding is about: `offers[2].route`, `terms.upstream`, `file`.
    pub subject: String,
    /// What is wrong and what to ask or do.
    pub message: String,
    /// The vendor's words, verbatim.
    pub evidence: String,
}

impl Finding {
    /// The report order: file, line, rule, then the rest for a total order.
    pub fn sort_key(&self) -> (&str, usize, &str, &str, &str) {
        (
            &self.file,
            self.line,
            self.rule.id(),
            &self.subject,
            &self.message,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn rule_ids_are_unique_kebab_case() {
        let ids: HashSet<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        assert_eq!(ids.len(), Rule::ALL.len());
        for id in ids {
            assert!(
                id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{id}"
            );
        }
    }

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::High > Severity::Medium && Severity::Low > Severity::Info);
        assert_eq!("MEDIUM".parse::<Severity>(), Ok(Severity::Medium));
        assert!("urgent".parse::<Severity>().is_err());
    }
}
