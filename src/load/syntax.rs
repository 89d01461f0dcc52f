//! The YAML parser's complaints in the error catalogue's words: what is wrong at the caret, and
//! what to write instead, with none of the parser's own vocabulary (scalars, nodes, events,
//! policies). Where a problem is located, and which key it belongs to, is [`super::yaml`]'s.

use serde_saphyr::granit_parser::ErrorKind;

/// A problem of YAML syntax: the message and its help.
pub fn syntax(kind: &ErrorKind) -> (String, &'static str) {
    use ErrorKind as K;
    const QUOTE_IT: &str = "quote the text, like note: \"Price: $0.04 [promo]\"";
    const SPACES: &str = "indent with spaces only";
    const INDENT: &str = "line each `key: value` up under the keys of its mapping, and start each list item with `- ` under its key";
    let (message, help): (String, &str) = match kind {
        K::UnclosedFlowCollection { open } => (
            format!("this `{open}` is never closed"),
            "close it on the same item (`{` with `}`, `[` with `]`), or write the item as indented lines",
        ),
        K::MismatchedFlowCollectionEnd { open, close } => (
            format!("a `{open}` is closed by `{close}`"),
            "close `{` with `}` and `[` with `]`",
        ),
        K::MisplacedFlowCollectionEnd => (
            "a closing bracket that closes nothing".into(),
            "remove it, or add the opening bracket it was meant to close",
        ),
        K::UnclosedQuotedScalar => (
            "this quoted text is never closed".into(),
            "end the text with the quote mark it starts with (inside '...', write '' for ')",
        ),
        K::UnexpectedEofFlowSequence => (
            "the file ends inside a `[` list".into(),
            "close the list with `]`",
        ),
        K::UnexpectedEofFlowMapping | K::UnexpectedEofImplicitFlowMapping => (
            "the file ends inside a `{` mapping".into(),
            "close the mapping with `}`",
        ),
        K::UnexpectedEofBlockSequence | K::UnexpectedEofBlockMapping | K::UnexpectedEof => (
            "the file ends where more is expected".into(),
            "finish the last entry, or remove it",
        ),
        K::TabNotAllowed
        | K::TabInBlockIndentation
        | K::TabInIndentation
        | K::TabAtBlockScalarStart
        | K::TabInPlainScalar => ("a tab character where YAML allows none".into(), SPACES),
        K::ExpectedBlockMappingKey => (
            "this line does not continue the mapping above it".into(),
            INDENT,
        ),
        K::ExpectedBlockSequenceEntry => (
            "this line does not continue the list above it".into(),
            INDENT,
        ),
        K::InvalidIndentation
        | K::InvalidQuotedScalarIndent
        | K::InvalidFlowScalarIndent
        | K::InvalidBlockScalarIndent => (
            "the indentation here does not match the lines around it".into(),
            INDENT,
        ),
        K::ExpectedNodeContent => ("a value is missing here".into(), INDENT),
        K::ExpectedFlowMappingSeparator => (
            "a `,` or `}` belongs here".into(),
            "separate the `key: value` pairs inside `{ }` with commas, and quote text that contains `,` or `}`",
        ),
        K::ExpectedFlowSequenceSeparator => (
            "a `,` or `]` belongs here".into(),
            "separate the items inside `[ ]` with commas, and quote text that contains `,` or `]`",
        ),
        K::MappingValueNotAllowed
        | K::InvalidColonPlacement
        | K::FlowMappingValueAdjacentCollection
        | K::InvalidMappingValueWhitespace
        | K::MappingKeyNotAllowed
        | K::SimpleKeyExpected
        | K::InvalidSimpleKey => (
            "a `:` here cannot start a `key: value` pair".into(),
            QUOTE_IT,
        ),
        K::UnexpectedCharacter { character } => (
            format!("a value cannot start with `{}`", character.escape_default()),
            QUOTE_IT,
        ),
        K::PlainScalarStartsWithDashFlowIndicator | K::UnexpectedEndOfPlainScalar => {
            ("this text cannot be written unquoted".into(), QUOTE_IT)
        }
        K::CommentInterceptedScalar => (
            "a `#` comment interrupts text that goes on over several lines".into(),
            "quote the text, or move the comment onto a line of its own after it",
        ),
        K::CommentNotSeparated => (
            "a `#` comment must follow a space".into(),
            "put a space before `#`, or quote text that contains `#`",
        ),
        K::InvalidTrailingSingleQuotedScalar | K::InvalidTrailingDoubleQuotedScalar => (
            "the text goes on after its closing quote".into(),
            "put the whole value inside the quotes",
        ),
        K::BlockEntryInFlowCollection | K::BlockSequenceEntryNotAllowed => (
            "a `- ` list item cannot stand here".into(),
            "put each list item on a line of its own under its key, or inside `[ ]` separated by commas",
        ),
        K::InvalidBlockEntryWhitespace => (
            "a `-` list marker must be followed by a space".into(),
            "write `- ` before the item, or quote text that starts with `-`",
        ),
        K::UnknownQuotedScalarEscape
        | K::InvalidQuotedScalarHexEscape
        | K::InvalidLowSurrogateHexEscape
        | K::InvalidLowSurrogate
        | K::MissingLowSurrogate
        | K::UnpairedLowSurrogate
        | K::InvalidUnicodeEscape => (
            "a backslash in double-quoted text that is not a valid escape".into(),
            "write \\\\ for a backslash, or use single quotes, inside which a backslash is plain",
        ),
        K::MissingAnchorOrAliasName => (
            "a `&` or `*` with no name after it".into(),
            "quote text that starts with `&` or `*`",
        ),
        K::UnknownAnchor => (
            "this `*alias` names no `&anchor` above it".into(),
            "define the `&anchor` before its first use, or write the value out in full",
        ),
        K::ExpectedTagBang
        | K::ExpectedTagDirectiveBang
        | K::InvalidGlobalTagCharacter
        | K::InvalidTagTerminator
        | K::MissingTagUri
        | K::UnclosedVerbatimTag
        | K::InvalidTagEscape
        | K::InvalidTagUtf8LeadingByte
        | K::InvalidTagUtf8TrailingByte
        | K::InvalidTagUtf8
        | K::UndeclaredTagHandle => (
            "a YAML tag (`!...`) that cannot be read".into(),
            "remove the tag, or quote text that starts with `!`",
        ),
        K::DuplicateVersionDirective
        | K::UnsupportedYamlMajorVersion
        | K::DuplicateTagDirective
        | K::InvalidDirectiveTerminator
        | K::DirectiveDisallowed
        | K::MissingYamlVersionSeparator
        | K::MissingDirectiveName
        | K::InvalidDirectiveName
        | K::DirectiveByteLimitExceeded { .. }
        | K::TooManyReservedDirectiveParams { .. }
        | K::YamlVersionTooLong
        | K::MissingYamlVersion
        | K::InvalidTagDirectiveTerminator => (
            "a `%` directive line that cannot be read".into(),
            "remove the line: these files need no YAML directives",
        ),
        K::RecursionLimitExceeded => (
            "brackets nested too deep to read".into(),
            "write the value with fewer nested `[ ]` and `{ }`",
        ),
        K::ZeroBlockScalarIndent | K::InvalidBlockScalarHeader => (
            "a `|` or `>` text block with a header that cannot be read".into(),
            "write `|` or `>` alone at the end of the key's line, and the text indented below it",
        ),
        K::BomInsideDocument => (
            "a byte-order mark inside the file".into(),
            "remove the invisible U+FEFF character here",
        ),
        K::DocumentIndicatorInQuotedScalar
        | K::InvalidDocumentEnd
        | K::ExpectedDocumentStart
        | K::MissingDocumentEndBeforeDirective => (
            "a document marker (`---` or `...`) where none can stand".into(),
            "remove the marker: a file holds one document",
        ),
        _ => (
            "YAML that cannot be read".into(),
            "check the YAML syntax here: indentation, `key: value` pairs, and matching quotes",
        ),
    };
    (message, help)
}
