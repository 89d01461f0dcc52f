//! Terms rules: the ownership boundary. Every key of `terms:` the quote leaves out is a gap a
//! reviewer must close with the vendor; a few stated terms are findings of their own
//! (training on your data, billed failures, a credit scheme without its terms). What a claim
//! says about terms ("official", "free credits") is read in [`super::claims`].

use super::context::{Context, Findings};
use crate::model::{At, CreditsKey, FailedGenerations, Party, Quote, Rule, Sp, Subject, TermKey};

/// A stated owner of `unknown` is no better than none: the gap is the same.
pub fn unowned(p: &Option<Sp<Party>>) -> bool {
    p.as_ref().is_none_or(|p| p.value == Party::Unknown)
}

/// Free text saying "unknown" (or nothing) states nothing.
pub fn untold(t: &Option<Sp<String>>) -> bool {
    t.as_ref()
        .is_none_or(|t| t.value.trim().eq_ignore_ascii_case("unknown"))
}

/// The keys of `keys` that are missing.
fn absent<K: Copy>(keys: &[(K, bool)]) -> Vec<K> {
    keys.iter()
        .filter(|(_, missing)| *missing)
        .map(|(k, _)| *k)
        .collect()
}

/// Where a missing term is reported: the `terms:` line, or the vendor line without one.
fn terms_at(q: &Quote) -> At {
    q.terms.at.unwrap_or(q.vendor.at)
}

/// A gap of `keys` in `terms:`, asked about with the rule's own advice from the registry.
fn gap(cx: &Context<'_>, out: &mut Findings<'_>, rule: Rule, keys: Vec<TermKey>) {
    if keys.is_empty() {
        return;
    }
    let subject = Subject::Terms(keys);
    let message = format!(
        "{subject} not stated (absent or `unknown`): {}",
        rule.advice()
    );
    out.push(rule, terms_at(cx.quote), subject, message, "");
}

pub(super) fn data_handling_unstated(cx: &Context<'_>, out: &mut Findings<'_>) {
    let t = &cx.quote.terms;
    let missing = absent(&[
        (TermKey::DataRetention, untold(&t.data_retention)),
        (TermKey::TrainingUse, t.training_use.is_none()),
    ]);
    gap(cx, out, Rule::DataHandlingUnstated, missing);
}

pub(super) fn training_use(cx: &Context<'_>, out: &mut Findings<'_>) {
    let Some(training) = cx.quote.terms.training_use.as_ref().filter(|t| t.value) else {
        return;
    };
    out.push(
        Rule::TrainingUse,
        training.at,
        Subject::Terms(vec![TermKey::TrainingUse]),
        "the vendor may train on your prompts and images; ask for an opt-out in the contract, or keep sensitive work off this route".into(),
        "true",
    );
}

pub(super) fn upstream_unstated(cx: &Context<'_>, out: &mut Findings<'_>) {
    if untold(&cx.quote.terms.upstream) {
        gap(cx, out, Rule::UpstreamUnstated, vec![TermKey::Upstream]);
    }
}

pub(super) fn billing_unstated(cx: &Context<'_>, out: &mut Findings<'_>) {
    if unowned(&cx.quote.terms.billing) {
        gap(cx, out, Rule::BillingUnstated, vec![TermKey::Billing]);
    }
}

pub(super) fn support_unstated(cx: &Context<'_>, out: &mut Findings<'_>) {
    let t = &cx.quote.terms;
    let missing = absent(&[
        (TermKey::Support, unowned(&t.support)),
        (TermKey::SupportPath, untold(&t.support_path)),
    ]);
    gap(cx, out, Rule::SupportUnstated, missing);
}

pub(super) fn failed_generation_billing_unstated(cx: &Context<'_>, out: &mut Findings<'_>) {
    if cx.quote.terms.failed_generations.is_none() {
        let keys = vec![TermKey::FailedGenerations];
        gap(cx, out, Rule::FailedGenerationBillingUnstated, keys);
    }
}

pub(super) fn failed_generations_billed(cx: &Context<'_>, out: &mut Findings<'_>) {
    let t = &cx.quote.terms;
    let Some(f) = t
        .failed_generations
        .as_ref()
        .filter(|f| f.value == FailedGenerations::Billed)
    else {
        return;
    };
    let note = t
        .failed_generations_note
        .as_ref()
        .map_or("billed", |n| n.value.as_str());
    out.push(
        Rule::FailedGenerationsBilled,
        f.at,
        Subject::Terms(vec![TermKey::FailedGenerations]),
        "failed or blocked generations are billed, so the effective price per delivered image is price ÷ (1 − failure rate); budget for it, or ask for failed generations to be free".into(),
        note,
    );
}

pub(super) fn credits_terms_unstated(cx: &Context<'_>, out: &mut Findings<'_>) {
    let Some(c) = &cx.quote.credits else {
        return;
    };
    let missing = absent(&[
        (CreditsKey::Price, c.price.is_none()),
        (CreditsKey::GrantedBy, unowned(&c.granted_by)),
        (CreditsKey::Expires, c.expires.is_none()),
    ]);
    if missing.is_empty() {
        return;
    }
    let subject = Subject::Credits(missing);
    let message = format!(
        "the credit scheme does not state {subject}: ask what a credit costs, who grants it, and when it expires"
    );
    out.push(Rule::CreditsTermsUnstated, c.at, subject, message, "");
}

pub(super) fn quota_unstated(cx: &Context<'_>, out: &mut Findings<'_>) {
    if unowned(&cx.quote.terms.quota) {
        gap(cx, out, Rule::QuotaUnstated, vec![TermKey::Quota]);
    }
}

pub(super) fn safety_unstated(cx: &Context<'_>, out: &mut Findings<'_>) {
    if untold(&cx.quote.terms.safety) {
        gap(cx, out, Rule::SafetyUnstated, vec![TermKey::Safety]);
    }
}

pub(super) fn uptime_unstated(cx: &Context<'_>, out: &mut Findings<'_>) {
    if untold(&cx.quote.terms.uptime) {
        gap(cx, out, Rule::UptimeUnstated, vec![TermKey::Uptime]);
    }
}

pub(super) fn recovery_unstated(cx: &Context<'_>, out: &mut Findings<'_>) {
    if untold(&cx.quote.terms.recovery) {
        gap(cx, out, Rule::RecoveryUnstated, vec![TermKey::Recovery]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::cases::assert_rule;

    #[test]
    fn data_handling_unstated_fires_without_retention() {
        assert_rule(Rule::DataHandlingUnstated, data_handling_unstated);
    }

    #[test]
    fn training_use_fires_when_the_vendor_trains() {
        assert_rule(Rule::TrainingUse, training_use);
    }

    #[test]
    fn upstream_unstated_fires_without_an_upstream() {
        assert_rule(Rule::UpstreamUnstated, upstream_unstated);
    }

    #[test]
    fn billing_unstated_fires_without_billing() {
        assert_rule(Rule::BillingUnstated, billing_unstated);
    }

    #[test]
    fn support_unstated_fires_without_a_support_path() {
        assert_rule(Rule::SupportUnstated, support_unstated);
    }

    #[test]
    fn failed_generation_billing_unstated_fires_without_the_term() {
        assert_rule(
            Rule::FailedGenerationBillingUnstated,
            failed_generation_billing_unstated,
        );
    }

    #[test]
    fn failed_generations_billed_fires_when_failures_are_billed() {
        assert_rule(Rule::FailedGenerationsBilled, failed_generations_billed);
    }

    #[test]
    fn credits_terms_unstated_fires_on_credits_without_their_terms() {
        assert_rule(Rule::CreditsTermsUnstated, credits_terms_unstated);
    }

    #[test]
    fn quota_unstated_fires_without_a_quota_owner() {
        assert_rule(Rule::QuotaUnstated, quota_unstated);
    }

    #[test]
    fn safety_unstated_fires_without_safety() {
        assert_rule(Rule::SafetyUnstated, safety_unstated);
    }

    #[test]
    fn uptime_unstated_fires_without_uptime() {
        assert_rule(Rule::UptimeUnstated, uptime_unstated);
    }

    #[test]
    fn recovery_unstated_fires_without_recovery() {
        assert_rule(Rule::RecoveryUnstated, recovery_unstated);
    }
}
