//! The loaded, validated quote: what the reviewer typed, with the line and column of every
//! value, and nothing interpreted yet; the names of its keys; and a vendor's identity across
//! the dated versions of its quote.
//!
//! Every scalar here has passed its own syntax check (a price is an exact decimal, a date is a
//! real date, `billing` is one of its three words). What the words *mean* — which model, which
//! size, which lane — is decided later by [`crate::normalize`].

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::Unit;
use crate::text::fold;

/// A place in a source file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct At {
    pub line: usize,
    pub col: usize,
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sp<T> {
    pub value: T,
    pub at: At,
}

/// One vendor quote file.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The path as the user gave it or as it was found.
    pub file: String,
    pub vendor: Sp<String>,
    pub received: Sp<Date>,
    pub valid_until: Option<Sp<Date>>,
    pub quote_id: Option<Sp<String>>,
    pub source: Option<Sp<String>>,
    /// Upper-case ISO 4217 code; `None` means the default, USD.
    pub currency: Option<Sp<String>>,
    pub verified: Option<Sp<Date>>,
    /// Where `draft: true` is written: the quote was drafted from a page and not yet checked
    /// line by line (`draft: false` is no draft).
    pub draft: Option<At>,
    pub claims: Vec<Sp<String>>,
    /// Namespaces the vendor writes before Google's model names (`acme/nano-banana-2`).
    pub route_namespaces: Vec<Sp<String>>,
    pub offers: Vec<Offer>,
    pub credits: Option<Credits>,
    pub terms: Terms,
    /// How the vendor's balance is bought, when the page says.
    pub topup: Option<Topup>,
    /// Set when the quote is a public price map's entries (`quote-audit import litellm`), not
    /// a vendor's page.
    pub price_map: Option<PriceMap>,
}

/// Where a quote read from a public price map came from.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceMap {
    pub at: At,
    /// The map, as its package or file names it.
    pub name: Sp<String>,
    /// The map's provider whose entries these are (`gemini`, `fal_ai`).
    pub provider: Sp<String>,
    /// The provider is Google itself: each figure states Google's own price, so one that
    /// differs from the baseline is the map's error, not an offer.
    pub official: bool,
}

impl Quote {
    /// The quote's currency code (USD when the file does not say).
    pub fn currency(&self) -> &str {
        self.currency.as_ref().map_or("USD", |c| c.value.as_str())
    }

    /// The vendor as versions of its quote are matched: the name in Unicode's composed form
    /// (NFC) with case, spaces and punctuation folded, so "ACME Gateway" and "Acme gateway" are
    /// one vendor, and so are "Café" typed with an accented "é" and with "e" and an accent.
    pub fn vendor_key(&self) -> String {
        vendor_key(&self.vendor.value)
    }
}

/// What identifies a vendor named `name`: the name folded, in Unicode's composed form, so
/// "Café" typed either way is one vendor.
pub fn vendor_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    fold(&name.nfc().collect::<String>())
}

/// The newest version of each vendor's quote among `quotes` (by `received`, then file name),
/// by [`Quote::vendor_key`].
pub fn latest(quotes: &[Quote]) -> BTreeMap<String, &Quote> {
    let mut out: BTreeMap<String, &Quote> = BTreeMap::new();
    for q in quotes {
        let slot = out.entry(q.vendor_key()).or_insert(q);
        if (q.received.value, &q.file) > (slot.received.value, &slot.file) {
            *slot = q;
        }
    }
    out
}

/// The names of a mapping's keys as the quote file spells them.
macro_rules! keys {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $key:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),* }

        impl $name {
            /// Every key, in the order the quote file lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The key as written in a quote file.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $key),* }
            }
        }
    };
}

keys! {
    /// Keys of the quote itself that findings are about.
    QuoteKey { ValidUntil => "valid_until", Verified => "verified", Draft => "draft" }
}

keys! {
    /// Keys of one offer.
    OfferField {
        Id => "id",
        Route => "route",
        Size => "size",
        SizeMultipliers => "size_multipliers",
        Lane => "lane",
        Price => "price",
        Unit => "unit",
        OfficialClaimed => "official_claimed",
        Surcharges => "surcharges",
        Note => "note",
    }
}

keys! {
    /// Keys of `terms:`.
    TermKey {
        Billing => "billing",
        Quota => "quota",
        Support => "support",
        SupportPath => "support_path",
        DataRetention => "data_retention",
        TrainingUse => "training_use",
        DataRegion => "data_region",
        FailedGenerations => "failed_generations",
        FailedGenerationsNote => "failed_generations_note",
        Safety => "safety",
        Uptime => "uptime",
        Recovery => "recovery",
        Upstream => "upstream",
    }
}

keys! {
    /// Keys of `credits:`.
    CreditsKey {
        Price => "price",
        Free => "free",
        GrantedBy => "granted_by",
        Expires => "expires",
        Conditions => "conditions",
    }
}

/// One priced offer: a model, a size, a lane and a price, in the vendor's words.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// Position in the file's `offers` list, from 0.
    pub index: usize,
    /// Where the offer's mapping starts.
    pub at: At,
    /// The reviewer's name for the offer, unique in its file, that pairs it across versions.
    pub id: Option<Sp<String>>,
    pub route: Sp<String>,
    /// The size as written; `any` and `unstated` are read by [`crate::normalize`].
    pub size: Sp<String>,
    /// Other sizes priced as a multiple of this one, in the order written.
    pub size_multipliers: Vec<Multiplier>,
    pub lane: Option<Sp<String>>,
    /// The amount, exact, in the quote currency and the offer's unit: the price, or the lower
    /// end of a starting price or range.
    pub price: Sp<Decimal>,
    pub price_kind: PriceKind,
    /// The upper end of a range.
    pub price_to: Option<Sp<Decimal>>,
    /// The price as written (`"$0.04"`, `from 0.018`), for the report.
    pub price_text: String,
    /// `None` is the default unit, an image.
    pub unit: Option<Sp<Unit>>,
    pub tokens: Option<Sp<u64>>,
    /// What the vendor says Google charges, in USD per image.
    pub official_claimed: Option<Sp<Decimal>>,
    pub surcharges: Vec<Surcharge>,
    pub note: Option<Sp<String>>,
}

impl Offer {
    /// The offer's unit (an image when none is written).
    pub fn unit(&self) -> Unit {
        self.unit.as_ref().map_or(Unit::Image, |u| u.value)
    }
}

/// Whether the price is the price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceKind {
    Firm,
    /// "from $0.018": a starting price; the real one may be higher.
    From,
    /// "$0.06–$0.175": a range, compared at its lower end.
    Range,
}

/// One size priced as a multiple of the offer's own size ("4K at 2× the 1K price").
#[derive(Debug, Clone, PartialEq)]
pub struct Multiplier {
    /// The size as written (the mapping's key).
    pub size: Sp<String>,
    pub factor: Sp<Decimal>,
}

/// A per-image charge on top of the price ("web search +$0.015"), in the quote currency.
#[derive(Debug, Clone, PartialEq)]
pub struct Surcharge {
    pub name: Sp<String>,
    pub price: Sp<Decimal>,
    /// Charged only when the buyer asks for it.
    pub optional: bool,
}

/// How the vendor's balance is bought: a bonus on each top-up, a minimum, and the vendor's own
/// rate for paying in another currency.
#[derive(Debug, Clone, PartialEq)]
pub struct Topup {
    pub at: At,
    /// Extra balance given per top-up, in percent of the amount paid.
    pub bonus_pct: Option<Sp<Decimal>>,
    /// The smallest top-up, in `currency` when it is given, else the quote currency.
    pub minimum: Option<Sp<Decimal>>,
    /// The currency paid in, when it is not the quote currency.
    pub currency: Option<Sp<String>>,
    /// Units of `currency` the vendor charges for one unit of the quote currency.
    pub rate: Option<Sp<Decimal>>,
}

/// Who owns a part of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Vendor,
    Google,
    Unknown,
}

impl Party {
    pub const WORDS: [&'static str; 3] = ["vendor", "google", "unknown"];

    pub fn label(self) -> &'static str {
        Party::WORDS[self as usize]
    }

    pub fn parse(word: &str) -> Option<Party> {
        match word.trim().to_ascii_lowercase().as_str() {
            "vendor" => Some(Party::Vendor),
            "google" => Some(Party::Google),
            "unknown" => Some(Party::Unknown),
            _ => None,
        }
    }
}

/// Whether failed or blocked generations are charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailedGenerations {
    Billed,
    NotBilled,
}

impl FailedGenerations {
    pub const WORDS: [&'static str; 2] = ["billed", "not-billed"];

    pub fn label(self) -> &'static str {
        FailedGenerations::WORDS[self as usize]
    }

    pub fn parse(word: &str) -> Option<FailedGenerations> {
        match word.trim().to_ascii_lowercase().as_str() {
            "billed" => Some(FailedGenerations::Billed),
            "not-billed" => Some(FailedGenerations::NotBilled),
            _ => None,
        }
    }
}

/// When granted credits lapse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    On(Date),
    Never,
}

/// The vendor's credit scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct Credits {
    pub at: At,
    /// Cost of one credit, in the quote currency.
    pub price: Option<Sp<Decimal>>,
    pub free: Option<Sp<Decimal>>,
    pub granted_by: Option<Sp<Party>>,
    pub expires: Option<Sp<Expiry>>,
    pub conditions: Option<Sp<String>>,
}

/// The ownership boundary. An absent key is a gap the rules report, so nothing is defaulted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Terms {
    /// Where the `terms:` mapping starts, if the file has one.
    pub at: Option<At>,
    pub billing: Option<Sp<Party>>,
    pub quota: Option<Sp<Party>>,
    pub support: Option<Sp<Party>>,
    pub support_path: Option<Sp<String>>,
    pub data_retention: Option<Sp<String>>,
    pub training_use: Option<Sp<bool>>,
    pub data_region: Option<Sp<String>>,
    pub failed_generations: Option<Sp<FailedGenerations>>,
    pub failed_generations_note: Option<Sp<String>>,
    pub safety: Option<Sp<String>>,
    pub uptime: Option<Sp<String>>,
    pub recovery: Option<Sp<String>>,
    pub upstream: Option<Sp<String>>,
}
