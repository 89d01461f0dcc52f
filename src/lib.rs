//! quote-audit: audits vendor quotes for Google's Nano Banana image models against Google's
//! dated official price baseline.
//!
//! The pipeline runs one way, and the modules are named after its stages:
//! [`load`] (YAML → [`model`], every value with its line) → [`normalize`] (route, size, lane,
//! unit, currency) → [`check`] (verdicts and [`findings`]) → [`report`] (CSV and terminal).
//! [`baseline`] holds the official prices; [`cmd`] has one file per subcommand; [`cli`] parses
//! the command line and dispatches.

pub mod baseline;
pub mod budget;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod corpus;
pub mod diag;
pub mod diff;
pub mod findings;
pub mod history;
pub mod load;
pub mod model;
pub mod money;
pub mod normalize;
pub mod policy;
pub mod report;
pub mod text;

pub use cli::{Cli, run};
pub use diag::{Diagnostic, Error};
