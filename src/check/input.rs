//! Input rules about a quote as a whole: a draft no one has checked yet. (A file that cannot
//! be read at all is [`super::audit_unreadable`]'s.)

use super::context::{Context, Findings};
use crate::model::{QuoteKey, Rule, Subject};

pub(super) fn draft_unreviewed(cx: &Context<'_>, out: &mut Findings<'_>) {
    let Some(at) = cx.quote.draft else {
        return;
    };
    out.push(
        Rule::DraftUnreviewed,
        at,
        Subject::Quote(QuoteKey::Draft),
        "the quote is a draft: its values were read from a page by a program, so none of them is a reviewed figure yet; check each against the page, then remove `draft: true`".into(),
        "true",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::cases::assert_rule;

    #[test]
    fn draft_unreviewed_fires_while_the_quote_says_draft() {
        assert_rule(Rule::DraftUnreviewed, draft_unreviewed);
    }
}
