//! Terms rules: the ownership boundary. Every key of `terms:` the quote leaves out is a gap a
//! reviewer must close with the vendor; a few stated terms are findings of their own
//! (training on your data, billed failures, a credit scheme without its terms).

use crate::check::Sink;
use crate::findings::Rule;
use crate::model::{At, FailedGenerations, Party, Quote, Sp};

/// A stated owner of `unknown` is no better than none: the gap is the same.
fn unowned(p: &Option<Sp<Party>>) -> bool {
    p.as_ref().is_none_or(|p| p.value == Party::Unknown)
}

/// Free text saying "unknown" (or nothing) states nothing.
fn untold(t: &Option<Sp<String>>) -> bool {
    t.as_ref()
        .is_none_or(|t| t.value.trim().eq_ignore_ascii_case("unknown"))
}

/// The keys of `keys` that are absent.
fn absent<'k>(keys: &[(&'k str, bool)]) -> Vec<&'k str> {
    keys.iter()
        .filter(|(_, missing)| *missing)
        .map(|(k, _)| *k)
        .collect()
}

/// Where a missing term is reported: the `terms:` line, or the vendor line without one.
fn terms_at(q: &Quote) -> At {
    q.terms.at.unwrap_or(q.vendor.at)
}

pub(crate) fn check(sink: &mut Sink<'_>) {
    let q = sink.quote;
    let t = &q.terms;
    let gap_at = terms_at(q);
    // The question to ask is the rule's own advice, from the registry.
    let gap = |sink: &mut Sink<'_>, rule: Rule, keys: &[&str]| {
        let subject = keys
            .iter()
            .map(|k| format!("terms.{k}"))
            .collect::<Vec<_>>()
            .join(", ");
        sink.push(
            rule,
            gap_at,
            subject.clone(),
            format!(
                "{subject} not stated (absent or `unknown`): {}",
                rule.advice()
            ),
            "",
        );
    };

    let data_missing = absent(&[
        ("data_retention", untold(&t.data_retention)),
        ("training_use", t.training_use.is_none()),
    ]);
    if !data_missing.is_empty() {
        gap(sink, Rule::DataHandlingUnstated, &data_missing);
    }
    if let Some(training) = &t.training_use
        && training.value
    {
        sink.push(
            Rule::TrainingUse,
            training.at,
            "terms.training_use".into(),
            "the vendor may train on your prompts and images; ask for an opt-out in the contract, or keep sensitive work off this route".into(),
            "true",
        );
    }
    if untold(&t.upstream) {
        gap(sink, Rule::UpstreamUnstated, &["upstream"]);
    }
    if unowned(&t.billing) {
        gap(sink, Rule::BillingUnstated, &["billing"]);
    }
    let support_missing = absent(&[
        ("support", unowned(&t.support)),
        ("support_path", untold(&t.support_path)),
    ]);
    if !support_missing.is_empty() {
        gap(sink, Rule::SupportUnstated, &support_missing);
    }
    match &t.failed_generations {
        None => gap(
            sink,
            Rule::FailedGenerationBillingUnstated,
            &["failed_generations"],
        ),
        Some(f) if f.value == FailedGenerations::Billed => {
            let note = t
                .failed_generations_note
                .as_ref()
                .map_or("billed", |n| n.value.as_str());
            sink.push(
                Rule::FailedGenerationsBilled,
                f.at,
                "terms.failed_generations".into(),
                "failed or blocked generations are billed, so the effective price per delivered image is price ÷ (1 − failure rate); budget for it, or ask for failed generations to be free".into(),
                note,
            );
        }
        Some(_) => {}
    }
    for (rule, key, missing) in [
        (Rule::QuotaUnstated, "quota", unowned(&t.quota)),
        (Rule::SafetyUnstated, "safety", untold(&t.safety)),
        (Rule::UptimeUnstated, "uptime", untold(&t.uptime)),
        (Rule::RecoveryUnstated, "recovery", untold(&t.recovery)),
    ] {
        if missing {
            gap(sink, rule, &[key]);
        }
    }

    if let Some(c) = &q.credits {
        let missing = absent(&[
            ("credits.price", c.price.is_none()),
            ("credits.granted_by", unowned(&c.granted_by)),
            ("credits.expires", c.expires.is_none()),
        ]);
        if !missing.is_empty() {
            sink.push(
                Rule::CreditsTermsUnstated,
                c.at,
                missing.join(", "),
                format!("the credit scheme does not state {}: ask what a credit costs, who grants it, and when it expires", missing.join(", ")),
                "",
            );
        }
    }
}
