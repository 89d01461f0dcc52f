//! quote-audit: audits vendor quotes for Google's Nano Banana image models against Google's
//! dated official price baseline.
//!
//! The pipeline runs one way, and the modules are named after its stages; a module imports
//! only from the stages before it and from the shared vocabulary at the bottom:
//!
//! - the bottom: [`text`] and [`money`] (folding, output safety, exact decimals), [`signals`]
//!   (stopping on request), [`diag`] (errors people can act on), [`validate`] (the
//!   diagnostics collector) and [`model`] (the quote, size classes, lanes, exchange rates,
//!   policy, findings);
//! - [`load`]: files → quotes, the baseline, a policy, exchange rates;
//! - [`normalize`]: each offer's words → route, size, lane, USD per image;
//! - [`import`]: a public price map or a spreadsheet → quote files, keeping the map's entries
//!   for the routes [`normalize`] finds in the baseline;
//! - [`draft`]: a vendor's pricing page → a draft quote for a reviewer to check, read with
//!   [`normalize`]'s route names and claim reader;
//! - [`check`]: comparison rows, findings and summaries, one small function per rule;
//! - [`analyze`]: versions compared ([`analyze::diff`], [`analyze::history`]) and workloads
//!   priced ([`analyze::budget`]);
//! - [`report`]: CSV, JSON, SARIF and terminal text;
//! - [`cmd`]: one file per subcommand, and [`cli`], which parses the command line and
//!   dispatches to them.
//!
//! [`corpus`] generates synthetic quotes for benchmarks and fuzzing; the tool never uses it.

pub mod analyze;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod corpus;
pub mod diag;
pub mod draft;
pub mod import;
pub mod load;
pub mod model;
pub mod money;
pub mod normalize;
pub mod report;
pub mod signals;
pub mod text;
pub mod validate;

pub use cli::{Cli, run};
pub use diag::{Diagnostic, Error};
