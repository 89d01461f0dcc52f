//! Analyses over audited quotes, after [`crate::check`]: what changed between two versions of
//! a vendor's quote ([`diff`]), each vendor's prices over time ([`history`]), and what a
//! workload costs on Google and on each vendor ([`budget`]). Each quote is audited once, into a
//! [`version::Version`] or, for a budget, its comparison rows. How results are shown is
//! [`crate::report`]'s.

pub mod budget;
pub mod diff;
pub mod history;
pub mod version;
