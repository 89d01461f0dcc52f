//! The vocabulary every stage shares, at the bottom of the pipeline: the loaded quote and the
//! names of its keys, size classes, lanes, exchange rates, a policy's severities and
//! thresholds, and findings with their rules. Nothing here reads a file or judges a quote; it
//! imports only [`crate::text`] and [`crate::money`].

mod finding;
mod fx;
mod lane;
mod policy;
mod quote;
mod size;
mod unit;

pub use finding::{Family, Finding, Rule, Severity, Subject};
pub use fx::{CodeProblem, Fx, RateProblem, currency_code};
pub use lane::Lane;
pub use policy::{Policy, Thresholds};
pub use quote::{
    At, Credits, CreditsKey, Expiry, FailedGenerations, Multiplier, Offer, OfferField, Party,
    PriceKind, PriceMap, Quote, QuoteKey, Sp, Surcharge, TermKey, Terms, Topup, latest, vendor_key,
};
pub use size::SizeClass;
pub use unit::Unit;
