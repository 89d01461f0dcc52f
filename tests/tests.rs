//! The end-to-end tests: one binary, a module per feature, each running the real
//! `quote-audit` in a scratch folder. Shared helpers are in `support`; rule cases are fixture
//! files in `tests/rules/`, the error catalogue in `tests/errors/`, golden files in
//! `tests/golden/` and `reports/`.

mod support;

mod audit;
mod baseline;
mod budget;
mod claims;
mod commit;
mod diff;
mod draft;
mod ecosystem;
mod errors;
mod hostile;
mod html;
mod import;
mod markdown;
mod pages;
mod reports;
mod rules;
mod xlsx;
