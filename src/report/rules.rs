//! The rule catalogue for people and programs: every rule with its family, default severity,
//! when it fires and what to do, as a table or as JSON. The catalogue itself is
//! [`crate::model::Rule`].

use serde_json::json;

use super::table;
use crate::model::Rule;

/// The catalogue as a table, in registry order.
pub fn table() -> String {
    let mut t = table::table(&["rule", "family", "severity", "fires when", "what to do"]);
    for r in Rule::ALL {
        t.add_row(vec![
            r.id(),
            r.family().label(),
            r.severity().label(),
            r.summary(),
            r.advice(),
        ]);
    }
    t.to_string()
}

/// The catalogue as a JSON array of `{id, family, severity, summary, advice}`.
pub fn json() -> String {
    let rules: Vec<_> = Rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id(),
                "family": r.family().label(),
                "severity": r.severity().label(),
                "summary": r.summary(),
                "advice": r.advice(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&rules).unwrap_or_default()
}
