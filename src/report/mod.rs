//! Report: results → files in an output folder and text for the terminal. The audit's
//! comparison, findings and summary CSVs ([`csv`], streamed by [`audit`]), its page
//! ([`html`], with [`ladder`]'s charts) and workbook ([`xlsx`]), its terminal table, JSON,
//! SARIF and Markdown ([`table`], [`json`], [`sarif`], [`markdown`]); the diff, history and budget reports and
//! their terminal views ([`diff`], [`history`], [`budget`]); the baseline and the rule catalogue
//! on the terminal ([`baseline`], [`rules`]).
//!
//! Reports are written atomically ([`staged`]): every file is staged as a temporary file in the
//! output folder and renamed into place only when all of them are complete, so a failed run
//! leaves the previous reports as they were. File names are fixed here; no input text ever
//! becomes part of a path. Every piece of vendor text passes through [`crate::text`]'s
//! spreadsheet- or terminal-safety function on its way out.

pub mod audit;
pub mod baseline;
pub mod budget;
pub mod csv;
pub mod diff;
pub mod history;
pub mod html;
pub mod json;
pub mod ladder;
pub mod markdown;
pub mod rules;
pub mod sarif;
pub mod staged;
pub mod table;
pub mod xlsx;
