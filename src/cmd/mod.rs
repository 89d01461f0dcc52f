//! One file per subcommand, each the same shape: a `//!` header saying what the command does,
//! an `Args` struct whose doc comments are its `--help`, and one
//! `run(args, out, err) -> Result<exit status, Error>`. A command reads its inputs through
//! [`crate::load`], audits through [`crate::check`] and [`crate::analyze`], and leaves what is
//! written and printed to [`crate::report`]. What several commands share is in [`options`].

pub mod audit;
pub mod baseline;
pub mod budget;
pub mod completions;
pub mod diff;
pub mod draft;
pub mod history;
pub mod import;
pub mod man;
pub mod new;
pub mod options;
pub mod rules;
pub mod schema;
