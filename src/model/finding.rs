//! Findings are data: a rule id, a severity, the place in the quote, a message that says what
//! to do next, and the vendor's words as evidence.
//!
//! [`Rule`] is the one registry of rule ids. Each rule has a family, a default severity and a
//! one-line description; ids are stable kebab-case strings, so a rename shows up in review.
//! When a rule fires is [`crate::check`]'s; how a finding is written, [`crate::report`]'s.

use std::fmt;
use std::str::FromStr;

use super::quote::{CreditsKey, OfferField, QuoteKey, TermKey};

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

/// What part of the contract a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// A file that cannot be read.
    Input,
    /// Which model, size and lane an offer is for.
    Route,
    /// The offer's price against Google's.
    Price,
    /// The vendor's own statements.
    Claim,
    /// Who owns billing, support, data and failures.
    Terms,
    /// Dates against `--as-of`.
    Dates,
}

impl Family {
    pub fn label(self) -> &'static str {
        match self {
            Family::Input => "input",
            Family::Route => "route",
            Family::Price => "price",
            Family::Claim => "claim",
            Family::Terms => "terms",
            Family::Dates => "dates",
        }
    }
}

macro_rules! rules {
    ($($variant:ident => $id:literal, $family:ident, $sev:ident, $summary:literal, $advice:literal;)*) => {
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

            /// The family the rule belongs to.
            pub fn family(self) -> Family {
                match self { $(Rule::$variant => Family::$family),* }
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
    InvalidQuote => "invalid-quote", Input, High,
        "a quote file could not be read (reported with --keep-going)",
        "fix the file as its error says and run again";
    DraftUnreviewed => "draft-unreviewed", Input, High,
        "the quote still says `draft: true`: it was drafted from a page and not yet checked line by line",
        "check every value against the vendor's page, then remove `draft: true`";
    UnknownRoute => "unknown-route", Route, High,
        "route text is not a baseline model or alias",
        "ask the vendor for the exact Google model id; a new official model belongs in the baseline";
    AmbiguousRoute => "ambiguous-route", Route, High,
        "route text names two models",
        "ask which model the price buys and write one offer per model";
    GenericRouteName => "generic-route-name", Route, Low,
        "route named only by \"Nano Banana\", a name several Google models share",
        "confirm the model id with the vendor";
    UnofficialRoute => "unofficial-route", Route, High,
        "reverse-engineered, -ext, or web/cookie route or upstream",
        "ask for the official upstream (Gemini API or Vertex AI) and the exact model id";
    UnknownSize => "unknown-size", Route, High,
        "size text cannot be classed",
        "ask for the output pixel size; write 0.5K, 1K, 2K, 4K or WxH";
    SizeUnstated => "size-unstated", Route, Medium,
        "size: unstated: the page does not say which output size the price buys",
        "ask which output size the price buys";
    NoOfficialRow => "no-official-row", Route, Medium,
        "the model has no baseline row at that size",
        "ask which model and size the price delivers";
    VendorLane => "vendor-lane", Route, Low,
        "lane word is the vendor's own product, compared against Standard",
        "ask what the lane changes: speed, limits, or the model route behind it";
    RouteRetired => "route-retired", Route, High,
        "the route is shut down before or during the quote's validity (before --as-of when it states none)",
        "ask which model serves the quote after the retirement date";
    UnitUnresolved => "unit-unresolved", Price, High,
        "a credit or token price without the credit price or tokens per image, or too large to convert",
        "ask what one unit of the price delivers";
    NoFxRate => "no-fx-rate", Price, High,
        "non-USD price with no exchange rate",
        "run with --fx CUR=RATE (units per 1 USD)";
    ZeroPrice => "zero-price", Price, High,
        "a $0 offer",
        "ask who pays, under which limits, what happens to your data, and when it ends";
    PriceNotFirm => "price-not-firm", Price, Medium,
        "a starting price (\"from $X\") or a range, compared at its lower end",
        "ask what decides the price actually charged, and for the price of your workload";
    AboveOfficial => "above-official", Price, Info,
        "above the official price in the same lane (markup %)",
        "weigh the markup against buying from Google directly";
    BelowOfficialBatch => "below-official-batch", Price, Medium,
        "below Google's own Batch/Flex price",
        "ask what makes that possible: which model, size, retries and data terms";
    OfficialBatchCheaper => "official-batch-cheaper", Price, Info,
        "a Standard-lane vendor price above Google's Batch/Flex price",
        "if the work can wait, Google's Batch/Flex lane is cheaper than this offer";
    OfficialPriceMisquoted => "official-price-misquoted", Price, High,
        "official_claimed or a claim's stated Google price differs from the baseline",
        "use the baseline's price and ask the vendor where its figure comes from";
    PriceMapDisagrees => "price-map-disagrees", Price, High,
        "a public price map's figure for Google's own provider differs from the baseline's row or rate (low when a figure for every size is Google's price at some sizes only)",
        "correct the map, or the baseline if Google's page has changed: every tool that bills from the map bills this figure";
    SavingsOverstated => "savings-overstated", Price, High,
        "a claimed saving exceeds the computed one by more than the slack",
        "ask the vendor to show the saving against Google's official row";
    ParityClaimContradicted => "parity-claim-contradicted", Price, Medium,
        "a claim of the same price as Google that the vendor's own offers contradict",
        "ask which price holds: the one the claim promises, or the one the offer charges";
    FlatPriceAcrossSizes => "flat-price-across-sizes", Price, Low,
        "one price for sizes that Google prices differently",
        "ask whether every size is really delivered at that price; compare each size on its own";
    FreeOfficialApi => "free-official-api", Claim, High,
        "a claim implies free official API output",
        "there is no free official API output for these models: ask what is free, who pays, and for how long";
    FreeApiKey => "free-api-key", Claim, Info,
        "a free key or sign-up claim: credentials, not output",
        "budget generated images at the official price; a key is not an entitlement";
    ConsumerSurface => "consumer-surface", Claim, Medium,
        "Gemini app, AI Mode, Flow, AI Studio UI or Google AI plan access offered as API budget",
        "consumer surfaces have their own plans and limits; do not budget API output on them";
    FreeCredits => "free-credits", Claim, Medium,
        "free credits or a trial without granted_by, expiry and conditions (high if said to be Google's)",
        "ask who grants the credits, when they expire, and under which conditions";
    UnlimitedClaim => "unlimited-claim", Claim, Medium,
        "\"unlimited\", \"no limits\", \"no concurrency limits\"",
        "ask for the real rate, concurrency and fair-use limits in writing";
    OfficialClaim => "official-claim", Claim, Medium,
        "\"official\" or \"same as Google\" while billing or support is the vendor's",
        "treat it as the vendor's contract: ask who bills, who supports, and which upstream serves it";
    UnclassifiedClaim => "unclassified-claim", Claim, Info,
        "a claim no rule classes (other languages included), listed for a human",
        "read the claim and decide what to ask";
    DataHandlingUnstated => "data-handling-unstated", Terms, High,
        "data_retention or training_use is absent",
        "ask how long prompts and images are kept and whether they are used for training";
    TrainingUse => "training-use", Terms, High,
        "training_use is true: prompts or images may train models",
        "ask for an opt-out in the contract, or keep sensitive work off this route";
    UpstreamUnstated => "upstream-unstated", Terms, Medium,
        "upstream is absent: the model identity cannot be checked",
        "ask how requests reach the model (Gemini API, Vertex AI) and the exact model id";
    BillingUnstated => "billing-unstated", Terms, Medium,
        "billing is absent",
        "ask who invoices you: the vendor or Google";
    SupportUnstated => "support-unstated", Terms, Medium,
        "support or support_path is absent",
        "ask who answers when a generation fails, and how to reach them";
    FailedGenerationBillingUnstated => "failed-generation-billing-unstated", Terms, Medium,
        "failed_generations is absent",
        "ask whether failed or blocked generations are charged";
    FailedGenerationsBilled => "failed-generations-billed", Terms, Low,
        "failed generations are billed, so the effective price rises with the failure rate",
        "budget for the failure rate, or ask for failed generations to be free";
    CreditsTermsUnstated => "credits-terms-unstated", Terms, Medium,
        "a credit scheme without price, granted_by or expiry",
        "ask what a credit costs, who grants it, and when it expires";
    QuotaUnstated => "quota-unstated", Terms, Low,
        "quota is absent",
        "ask whose rate limits apply: the vendor's or your Google project's";
    SafetyUnstated => "safety-unstated", Terms, Low,
        "safety is absent",
        "ask which safety filters apply and what happens to blocked requests";
    UptimeUnstated => "uptime-unstated", Terms, Low,
        "uptime is absent",
        "ask for an uptime commitment and what you get when it is missed";
    RecoveryUnstated => "recovery-unstated", Terms, Low,
        "recovery is absent",
        "ask what happens to prepaid balance or credits if you leave or the vendor stops";
    BaselineStale => "baseline-stale", Dates, Medium,
        "the baseline's checked_on is older than 30 days at --as-of (high past 90)",
        "recheck Google's pricing page and update the baseline";
    QuoteExpired => "quote-expired", Dates, Medium,
        "valid_until is before --as-of",
        "ask the vendor for a current quote";
    RouteUnverified => "route-unverified", Dates, Low,
        "no verified date: no test call on the exact route is recorded",
        "run a test call on the exact route and record its date in `verified`";
    BaselineRowUnverified => "baseline-row-unverified", Dates, Info,
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
    /// What the finding is about.
    pub subject: Subject,
    /// What is wrong and what to ask or do.
    pub message: String,
    /// The vendor's words, verbatim.
    pub evidence: String,
}

impl Finding {
    /// The report order within one file: line, rule, then subject and message as written, for
    /// a total order. (Files are in name order.)
    pub fn cmp_in_file(&self, other: &Finding) -> std::cmp::Ordering {
        (self.line, self.rule.id())
            .cmp(&(other.line, other.rule.id()))
            // Rarely reached: subjects are written out only for findings of one rule on one line.
            .then_with(|| self.subject.to_string().cmp(&other.subject.to_string()))
            .then_with(|| self.message.cmp(&other.message))
    }
}

/// What a finding is about, kept as data until a report writes it (`offers[2].price`,
/// `terms.upstream`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A quote file as a whole: one that could not be read.
    File,
    /// The baseline's `checked_on`.
    BaselineCheckedOn,
    /// A key of the quote itself.
    Quote(QuoteKey),
    /// An offer (`field: None`), or one of its fields.
    Offer {
        index: usize,
        field: Option<OfferField>,
    },
    /// One of the quote's claims, by position.
    Claim(usize),
    /// Keys of `terms:`; one gap may name several.
    Terms(Vec<TermKey>),
    /// Keys of `credits:`.
    Credits(Vec<CreditsKey>),
}

impl Subject {
    /// A field of the offer at `index`.
    pub fn offer(index: usize, field: OfferField) -> Subject {
        Subject::Offer {
            index,
            field: Some(field),
        }
    }
}

impl Subject {
    /// Appends the subject as the quote file names what it is about: `offers[2].price`,
    /// `terms.support, terms.support_path`, `claims[0]`.
    pub fn push_to(&self, out: &mut String) {
        let index = |out: &mut String, prefix: &str, i: usize| {
            out.push_str(prefix);
            out.push('[');
            out.push_str(itoa::Buffer::new().format(i));
            out.push(']');
        };
        let keys = |out: &mut String, prefix: &str, names: &mut dyn Iterator<Item = &str>| {
            for (i, name) in names.enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(prefix);
                out.push_str(name);
            }
        };
        match self {
            Subject::File => out.push_str("file"),
            Subject::BaselineCheckedOn => out.push_str("checked_on"),
            Subject::Quote(key) => out.push_str(key.name()),
            Subject::Offer { index: i, field } => {
                index(out, "offers", *i);
                if let Some(field) = field {
                    out.push('.');
                    out.push_str(field.name());
                }
            }
            Subject::Claim(i) => index(out, "claims", *i),
            Subject::Terms(ks) => keys(out, "terms.", &mut ks.iter().map(|k| k.name())),
            Subject::Credits(ks) => keys(out, "credits.", &mut ks.iter().map(|k| k.name())),
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.push_to(&mut text);
        f.write_str(&text)
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
    fn subjects_are_written_as_the_quote_file_names_them() {
        let written = [
            Subject::File,
            Subject::BaselineCheckedOn,
            Subject::Quote(QuoteKey::ValidUntil),
            Subject::Offer {
                index: 2,
                field: None,
            },
            Subject::offer(10, OfferField::OfficialClaimed),
            Subject::Claim(0),
            Subject::Terms(vec![TermKey::DataRetention, TermKey::TrainingUse]),
            Subject::Credits(vec![CreditsKey::Price, CreditsKey::GrantedBy]),
        ]
        .map(|s| s.to_string());
        assert_eq!(
            written,
            [
                "file",
                "checked_on",
                "valid_until",
                "offers[2]",
                "offers[10].official_claimed",
                "claims[0]",
                "terms.data_retention, terms.training_use",
                "credits.price, credits.granted_by",
            ]
        );
    }

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::High > Severity::Medium && Severity::Low > Severity::Info);
        assert_eq!("MEDIUM".parse::<Severity>(), Ok(Severity::Medium));
        assert!("urgent".parse::<Severity>().is_err());
    }
}
