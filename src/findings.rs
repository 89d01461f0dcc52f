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
    ($($variant:ident => $id:literal, $family:literal, $sev:ident, $summary:literal, $advice:literal;)*) => {
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

            /// One line: what to do when it fires.
            pub fn advice(self) -> &'static str {
                match self { $(Rule::$variant => $advice),* }
            }
        }
    };
}

rules! {
    InvalidQuote => "invalid-quote", "input", High,
        "a quote file could not be read (reported with --keep-going)",
        "fix the file as its error says and run again";
    UnknownRoute => "unknown-route", "route", High,
        "route text is not a baseline model or alias",
        "ask the vendor for the exact Google model id; a new official model belongs in the baseline";
    AmbiguousRoute => "ambiguous-route", "route", High,
        "route text names two models",
        "ask which model the price buys and write one offer per model";
    GenericRouteName => "generic-route-name", "route", Low,
        "route named only by \"Nano Banana\", a name several Google models share",
        "confirm the model id with the vendor";
    UnofficialRoute => "unofficial-route", "route", High,
        "reverse-engineered, -ext, or web/cookie route or upstream",
        "ask for the official upstream (Gemini API or Vertex AI) and the exact model id";
    UnknownSize => "unknown-size", "route", High,
        "size text cannot be classed",
        "ask for the output pixel size; write 0.5K, 1K, 2K, 4K or WxH";
    NoOfficialRow => "no-official-row", "route", Medium,
        "the model has no baseline row at that size",
        "ask which model and size the price delivers";
    VendorLane => "vendor-lane", "route", Low,
        "lane word is the vendor's own product, compared against Standard",
        "ask what the lane changes: speed, limits, or the model route behind it";
    RouteRetired => "route-retired", "route", High,
        "the model's retirement date falls within the quote's validity",
        "ask which model serves the quote after the retirement date";
    UnitUnresolved => "unit-unresolved", "price", High,
        "unknown unit, or a credit or token price without the credit price or tokens per image",
        "ask what one unit of the price delivers";
    NoFxRate => "no-fx-rate", "price", High,
        "non-USD price with no exchange rate",
        "run with --fx CUR=RATE (units per 1 USD)";
    ZeroPrice => "zero-price", "price", High,
        "a $0 offer",
        "ask who pays, under which limits, what happens to your data, and when it ends";
    AboveOfficial => "above-official", "price", Info,
        "above the official price in the same lane (markup %)",
        "weigh the markup against buying from Google directly";
    BelowOfficialBatch => "below-official-batch", "price", Medium,
        "below Google's own Batch/Flex price",
        "ask what makes that possible: which model, size, retries and data terms";
    OfficialBatchCheaper => "official-batch-cheaper", "price", Info,
        "a Standard-lane vendor price above Google's Batch/Flex price",
        "if the work can wait, Google's Batch/Flex lane is cheaper than this offer";
    OfficialPriceMisquoted => "official-price-misquoted", "price", High,
        "official_claimed or a claim's stated Google price differs from the baseline",
        "use the baseline's price and ask the vendor where its figure comes from";
    SavingsOverstated => "savings-overstated", "price", High,
        "a claimed saving exceeds the computed one by more than the slack",
        "ask the vendor to show the saving against Google's official row";
    FlatPriceAcrossSizes => "flat-price-across-sizes", "price", Low,
        "one price for sizes that Google prices differently",
        "ask whether every size is really delivered at that price; compare each size on its own";
    FreeOfficialApi => "free-official-api", "claim", High,
        "a claim implies free official API output",
        "there is no free official API output for these models: ask what is free, who pays, and for how long";
    FreeApiKey => "free-api-key", "claim", Info,
        "a free key or sign-up claim: credentials, not output",
        "budget generated images at the official price; a key is not an entitlement";
    ConsumerSurface => "consumer-surface", "claim", Medium,
        "Gemini app, AI Mode, Flow, AI Studio UI or Google AI plan access offered as API budget",
        "consumer surfaces have their own plans and limits; do not budget API output on them";
    FreeCredits => "free-credits", "claim", Medium,
        "free credits or a trial without granted_by, expiry and conditions (high if said to be Google's)",
        "ask who grants the credits, when they expire, and under which conditions";
    UnlimitedClaim => "unlimited-claim", "claim", Medium,
        "\"unlimited\", \"no limits\", \"no concurrency limits\"",
        "ask for the real rate, concurrency and fair-use limits in writing";
    OfficialClaim => "official-claim", "claim", Medium,
        "\"official\" or \"same as Google\" while billing or support is the vendor's",
        "treat it as the vendor's contract: ask who bills, who supports, and which upstream serves it";
    UnclassifiedClaim => "unclassified-claim", "claim", Info,
        "a claim no rule classes (other languages included), listed for a human",
        "read the claim and decide what to ask";
    DataHandlingUnstated => "data-handling-unstated", "terms", High,
        "data_retention or training_use is absent",
        "ask how long prompts and images are kept and whether they are used for training";
    TrainingUse => "training-use", "terms", High,
        "training_use is true: prompts or images may train models",
        "ask for an opt-out in the contract, or keep sensitive work off this route";
    UpstreamUnstated => "upstream-unstated", "terms", Medium,
        "upstream is absent: the model identity cannot be checked",
        "ask how requests reach the model (Gemini API, Vertex AI) and the exact model id";
    BillingUnstated => "billing-unstated", "terms", Medium,
        "billing is absent",
        "ask who invoices you: the vendor or Google";
    SupportUnstated => "support-unstated", "terms", Medium,
        "support or support_path is absent",
        "ask who answers when a generation fails, and how to reach them";
    FailedGenerationBillingUnstated => "failed-generation-billing-unstated", "terms", Medium,
        "failed_generations is absent",
        "ask whether failed or blocked generations are charged";
    FailedGenerationsBilled => "failed-generations-billed", "terms", Low,
        "failed generations are billed, so the effective price rises with the failure rate",
        "budget for the failure rate, or ask for failed generations to be free";
    CreditsTermsUnstated => "credits-terms-unstated", "terms", Medium,
        "a credit scheme without price, granted_by or expiry",
        "ask what a credit costs, who grants it, and when it expires";
    QuotaUnstated => "quota-unstated", "terms", Low,
        "quota is absent",
        "ask whose rate limits apply: the vendor's or your Google project's";
    SafetyUnstated => "safety-unstated", "terms", Low,
        "safety is absent",
        "ask which safety filters apply and what happens to blocked requests";
    UptimeUnstated => "uptime-unstated", "terms", Low,
        "uptime is absent",
        "ask for an uptime commitment and what you get when it is missed";
    RecoveryUnstated => "recovery-unstated", "terms", Low,
        "recovery is absent",
        "ask what happens to prepaid balance or credits if you leave or the vendor stops";
    BaselineStale => "baseline-stale", "dates", Medium,
        "the baseline's checked_on is older than 30 days at --as-of (high past 90)",
        "recheck Google's pricing page and update the baseline";
    QuoteExpired => "quote-expired", "dates", Medium,
        "valid_until is before --as-of",
        "ask the vendor for a current quote";
    RouteUnverified => "route-unverified", "dates", Low,
        "no verified date: no test call on the exact route is recorded",
        "run a test call on the exact route and record its date in `verified`";
    BaselineRowUnverified => "baseline-row-unverified", "dates", Info,
        "compared against a baseline figure marked verified: false",
        "confirm the figure on Google's own pricing page";
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
    /// The report order within one file: line, rule, then the rest for a total order. (Files
    /// are in name order.)
    pub fn order_in_file(&self) -> (usize, &str, &str, &str) {
        (self.line, self.rule.id(), &self.subject, &self.message)
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
