//! The rule cases, read in memory for the family unit tests: `tests/rules/<rule>/fires.yaml`
//! is a quote the rule fires on, `near-miss.yaml` one as close as can be that it must not; more
//! cases of either kind are files named `fires-*.yaml` and `near-miss-*.yaml`. A `# args:` line
//! in a case gives what the audit runs with (`--as-of`, `--fx`, `--baseline`). The end-to-end
//! tests run the same files through the binary.

use std::path::{Path, PathBuf};

use super::context::{Check, Context, Findings, Settings};
use crate::diag::Source;
use crate::load::baseline::{self, Baseline};
use crate::model::{Finding, Fx, Policy, Quote, Rule, Thresholds};

/// The "today" the cases are audited at, unless they say otherwise.
pub(crate) const AS_OF: &str = "2026-05-15";

fn folder(rule: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/rules")
        .join(rule)
}

/// The cases of `rule` of one kind (`fires`, `near-miss`): `<kind>.yaml` and `<kind>-*.yaml`,
/// in name order.
pub(crate) fn cases(rule: &str, kind: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder(rule))
        .unwrap_or_else(|e| panic!("{rule}: {e}"))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.strip_suffix(".yaml")
                .and_then(|n| n.strip_prefix(kind))
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
        })
        .collect();
    names.sort();
    names
}

/// The text of one case of `rule`.
pub(crate) fn fixture(rule: &str, name: &str) -> String {
    let path = folder(rule).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What a case's `# args:` line asks for. A flag this reader does not know is a broken case:
/// the unit test would run it otherwise than the binary does.
#[derive(Default)]
struct Args<'a> {
    as_of: Option<&'a str>,
    fx: Vec<&'a str>,
    baseline: Option<&'a str>,
}

fn args(text: &str) -> Args<'_> {
    let mut words = text
        .lines()
        .filter_map(|l| l.strip_prefix("# args:"))
        .flat_map(str::split_whitespace);
    let mut args = Args::default();
    while let Some(flag) = words.next() {
        let mut value = || {
            words
                .next()
                .unwrap_or_else(|| panic!("{flag} has no value"))
        };
        match flag {
            "--as-of" => args.as_of = Some(value()),
            "--fx" => args.fx.push(value()),
            "--baseline" => args.baseline = Some(value()),
            // Files that cannot be read: not a check's business (`audit_file`'s).
            "--keep-going" => {}
            other => panic!("a rule case asks for {other}, which the unit tests do not read"),
        }
    }
    args
}

/// Settings for `--as-of` (default [`AS_OF`]) and `--fx CUR=RATE` flags.
pub(crate) fn settings(as_of: Option<&str>, fx_specs: &[&str]) -> Settings {
    let mut fx = Fx::default();
    for spec in fx_specs {
        let (code, rate) = spec.split_once('=').expect("--fx CUR=RATE");
        fx.insert(code, rate).expect("a valid --fx in a rule case");
    }
    Settings {
        thresholds: Thresholds::default(),
        fx,
        as_of: as_of
            .unwrap_or(AS_OF)
            .parse()
            .expect("a valid --as-of in a rule case"),
        policy: Policy::default(),
    }
}

/// A quote from its text; a case that does not load is a broken case.
pub(crate) fn quote(text: &str) -> Quote {
    let src = Source {
        name: "q.yaml".into(),
        text: text.into(),
    };
    crate::load::quote::parse(&src).unwrap_or_else(|d| panic!("{}\n{text}", d[0]))
}

/// The findings of `rule` that `check` reports on one case of `rule`.
fn findings(rule: Rule, case: &str, check: Check) -> Vec<Finding> {
    let text = fixture(rule.id(), case);
    let args = args(&text);
    let baseline = match args.baseline {
        Some(file) => {
            baseline::load(&folder(rule.id()).join(file)).unwrap_or_else(|d| panic!("{}", d[0]))
        }
        None => Baseline::embedded(),
    };
    let settings = settings(args.as_of, &args.fx);
    let quote = quote(&text);
    let cx = Context::new(&quote, &baseline, &settings);
    let mut found = Findings::new(&quote);
    check(&cx, &mut found);
    found
        .into_vec()
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

/// `check` reports `rule` on each of the rule's cases and on none of its near misses.
pub(crate) fn assert_rule(rule: Rule, check: Check) {
    let (fires, near_misses) = (cases(rule.id(), "fires"), cases(rule.id(), "near-miss"));
    assert!(
        !fires.is_empty() && !near_misses.is_empty(),
        "{}: a case and a near miss",
        rule.id()
    );
    for case in &fires {
        let fired = findings(rule, case, check);
        assert!(!fired.is_empty(), "{} did not fire on {case}", rule.id());
        for f in &fired {
            assert!(f.line > 0 && !f.message.is_empty(), "{f:?}");
        }
    }
    for case in &near_misses {
        let missed = findings(rule, case, check);
        assert!(
            missed.is_empty(),
            "{} fired on its near miss {case}: {missed:?}",
            rule.id()
        );
    }
}
