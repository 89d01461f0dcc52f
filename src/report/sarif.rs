//! `audit --format sarif`: findings as a SARIF 2.1.0 log, so CI code scanning annotates the
//! quote files of a pull request at the line of each finding.
//!
//! Severities map to SARIF levels: high → error, medium → warning, low and info → note. Every
//! rule of the catalogue is described in the log, with its advice as the help text. Which
//! findings there are is [`crate::check`]'s.

use serde_json::{Value, json};

use crate::model::{Finding, Rule, Severity};
use crate::text::visible;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// A relative path as a URI reference: unreserved characters and `/` as they are, every other
/// byte percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The SARIF log of a set of findings, pretty-printed.
pub fn render(findings: &[Finding]) -> String {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id(),
                "shortDescription": {"text": r.summary()},
                "help": {"text": r.advice()},
                "defaultConfiguration": {"level": level(r.severity())},
                "properties": {"family": r.family().label(), "severity": r.severity().label()},
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = Rule::ALL.iter().position(|r| *r == f.rule).unwrap_or(0);
            json!({
                "ruleId": f.rule.id(),
                "ruleIndex": index,
                "level": level(f.severity),
                "message": {"text": visible(&f.message)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.file)},
                        "region": {"startLine": f.line.max(1)},
                    }
                }],
                "properties": {
                    "severity": f.severity.label(),
                    "subject": visible(&f.subject.to_string()),
                    "vendor": visible(&f.vendor),
                    "evidence": visible(&f.evidence),
                },
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "quote-audit",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri("quotes/acme gateway/2026-05-02.yaml"),
            "quotes/acme%20gateway/2026-05-02.yaml"
        );
        assert_eq!(uri("quotes/é.yaml"), "quotes/%C3%A9.yaml");
    }
}
