//! A quote file read straight from the YAML parser's events into its raw shape, about twice as
//! fast as through serde. It reads only what it is sure of: plain YAML, each key once, no
//! anchors, aliases, merge keys, tags or second documents, every key one the format has and
//! every value of the shape the key takes. For anything else it gives up, and the file is read
//! by serde-saphyr, whose reading and diagnostics are the reference; a property test holds the
//! two to the same quote.

use std::borrow::Cow;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span, StrInput};

use super::{Blank, Pairs, RawCredits, RawOffer, RawPrice, RawQuote, RawSurcharge, RawTerms};
use super::{RawPriceMap, RawTopup, Text};
use crate::load::yaml::MAX_NODES;
use crate::validate::{Place, Spanned};

/// The raw quote in `text`, or `None` when it is for the strict reading to say what `text` is.
pub(super) fn read(text: &str) -> Option<RawQuote> {
    let mut r = Reader {
        parser: Parser::new_from_str(text),
        nodes: 0,
    };
    r.event_is(|e| matches!(e, Event::StreamStart))?;
    r.event_is(|e| matches!(e, Event::DocumentStart(_, None)))?;
    let quote = quote(&mut r)?;
    r.event_is(|e| matches!(e, Event::DocumentEnd))?;
    r.event_is(|e| matches!(e, Event::StreamEnd))?;
    Some(quote)
}

/// A node's start, or a collection's end.
enum Node<'a> {
    Scalar(Cow<'a, str>, ScalarStyle, Place),
    Mapping(Place),
    Sequence(Place),
    End,
}

struct Reader<'a> {
    parser: Parser<'a, StrInput<'a>>,
    /// Values read so far: past [`MAX_NODES`], the strict reading refuses the file.
    nodes: usize,
}

fn place(span: &Span) -> Option<Place> {
    Some(Place {
        line: span.start.line(),
        col: span.start.col() + 1,
        bytes: (span.start.byte_offset()?, span.end.byte_offset()?),
    })
}

/// Plain `null`, `~` or nothing: what serde-saphyr reads as no value.
fn is_null(value: &str, style: ScalarStyle) -> bool {
    style == ScalarStyle::Plain && matches!(value, "" | "~" | "null" | "Null" | "NULL")
}

impl<'a> Reader<'a> {
    fn event_is(&mut self, expected: impl Fn(&Event<'a>) -> bool) -> Option<()> {
        let (event, _) = self.parser.next()?.ok()?;
        expected(&event).then_some(())
    }

    /// The next node. Anchors, aliases and tags end the reading here.
    fn node(&mut self) -> Option<Node<'a>> {
        let (event, span) = self.parser.next()?.ok()?;
        let node = match event {
            Event::Scalar(value, style, 0, None) => Node::Scalar(value, style, place(&span)?),
            Event::MappingStart(_, 0, None) => Node::Mapping(place(&span)?),
            Event::SequenceStart(_, 0, None) => Node::Sequence(place(&span)?),
            Event::MappingEnd | Event::SequenceEnd => return Some(Node::End),
            _ => return None,
        };
        self.nodes += 1;
        (self.nodes <= MAX_NODES).then_some(node)
    }

    /// A mapping, each key handed to `field` to read its value; `None` for a key twice.
    fn mapping(
        &mut self,
        mut field: impl FnMut(&mut Self, &str, Place) -> Option<()>,
    ) -> Option<Place> {
        let Node::Mapping(at) = self.node()? else {
            return None;
        };
        self.entries(&mut field)?;
        Some(at)
    }

    fn entries(
        &mut self,
        field: &mut impl FnMut(&mut Self, &str, Place) -> Option<()>,
    ) -> Option<()> {
        // The keys read so far, on the stack: a mapping of more is left to the strict reading.
        const MOST_KEYS: usize = 16;
        let mut seen: [Cow<'a, str>; MOST_KEYS] = Default::default();
        let mut count = 0;
        loop {
            match self.node()? {
                Node::End => return Some(()),
                Node::Scalar(key, style, at) if !is_null(&key, style) && count < MOST_KEYS => {
                    if seen[..count].contains(&key) {
                        return None;
                    }
                    field(self, &key, at)?;
                    seen[count] = key;
                    count += 1;
                }
                _ => return None,
            }
        }
    }

    /// A mapping or nothing (`None` inside: the key's value is null).
    fn opt_mapping(
        &mut self,
        mut field: impl FnMut(&mut Self, &str, Place) -> Option<()>,
    ) -> Option<Option<Place>> {
        match self.node()? {
            Node::Mapping(at) => {
                self.entries(&mut field)?;
                Some(Some(at))
            }
            Node::Scalar(v, style, _) if is_null(&v, style) => Some(None),
            _ => None,
        }
    }

    /// A scalar, `None` inside when it is null.
    fn scalar(&mut self) -> Option<Spanned<Option<String>>> {
        let Node::Scalar(value, style, at) = self.node()? else {
            return None;
        };
        let value = (!is_null(&value, style)).then(|| value.into_owned());
        Some(Spanned {
            value,
            referenced: at,
            defined: at,
        })
    }

    /// Text that must be written.
    fn text(&mut self) -> Option<Text> {
        let s = self.scalar()?;
        Some(Spanned {
            value: s.value?,
            referenced: s.referenced,
            defined: s.defined,
        })
    }

    fn opt_text(&mut self) -> Option<Option<Text>> {
        let s = self.scalar()?;
        Some(s.value.map(|value| Spanned {
            value,
            referenced: s.referenced,
            defined: s.defined,
        }))
    }

    /// A list of `item`s, or nothing.
    fn opt_list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Option<Vec<T>>> {
        match self.node()? {
            Node::Sequence(_) => self.items(&mut item).map(Some),
            Node::Scalar(v, style, _) if is_null(&v, style) => Some(None),
            _ => None,
        }
    }

    fn items<T>(&mut self, item: &mut impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let mut out = Vec::new();
        loop {
            // Each item is read by `item` from its first event, so the end is peeked at.
            if self.at_end()? {
                return Some(out);
            }
            out.push(item(self)?);
        }
    }

    fn at_end(&mut self) -> Option<bool> {
        let (event, _) = self.parser.peek()?.ok()?;
        if matches!(event, Event::SequenceEnd) {
            self.parser.next();
            return Some(true);
        }
        Some(false)
    }
}

/// Stores a key's value, read by `read`.
fn set<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
    *slot = Some(value?);
    Some(())
}

/// Stores an optional key's value, read by `read` (which gives `Some(None)` for null).
fn set_opt<T>(slot: &mut Option<T>, value: Option<Option<T>>) -> Option<()> {
    *slot = value?;
    Some(())
}

fn quote(r: &mut Reader<'_>) -> Option<RawQuote> {
    let (mut vendor, mut received, mut offers) = (None, None, None);
    let (mut valid_until, mut quote_id, mut source, mut currency, mut verified) =
        (None, None, None, None, None);
    let (mut claims, mut route_namespaces) = (None, None);
    let (mut credits, mut terms, mut topup, mut price_map) = (None, None, None, None);
    let mut draft = None;
    r.mapping(|r, key, _| match key {
        "vendor" => set(&mut vendor, r.text()),
        "received" => set(&mut received, r.text()),
        "valid_until" => set_opt(&mut valid_until, r.opt_text()),
        "quote_id" => set_opt(&mut quote_id, r.opt_text()),
        "source" => set_opt(&mut source, r.opt_text()),
        "currency" => set_opt(&mut currency, r.opt_text()),
        "verified" => set_opt(&mut verified, r.opt_text()),
        "draft" => set_opt(&mut draft, r.opt_text()),
        "claims" => set_opt(&mut claims, r.opt_list(Reader::text)),
        "route_namespaces" => set_opt(&mut route_namespaces, r.opt_list(Reader::text)),
        "offers" => {
            let Node::Sequence(at) = r.node()? else {
                return None;
            };
            let list = r.items(&mut offer)?;
            set(&mut offers, Some(spanned(list, at)))
        }
        "credits" => set_opt(&mut credits, struct_of(r, credits_slot)),
        "terms" => set_opt(&mut terms, struct_of(r, terms_slot)),
        "topup" => set_opt(&mut topup, struct_of(r, topup_slot)),
        "price_map" => set_opt(&mut price_map, struct_of(r, price_map_slot)),
        _ => None,
    })?;
    Some(RawQuote {
        vendor: vendor?,
        received: received?,
        valid_until,
        quote_id,
        source,
        currency,
        verified,
        draft,
        claims,
        route_namespaces,
        offers: offers?,
        credits,
        terms,
        topup,
        price_map,
    })
}

fn spanned<T>(value: T, at: Place) -> Spanned<T> {
    Spanned {
        value,
        referenced: at,
        defined: at,
    }
}

/// An optional mapping of optional text keys read into a `T`, each into the field `slot`
/// names for it.
fn struct_of<T: Default>(
    r: &mut Reader<'_>,
    slot: for<'t> fn(&'t mut T, &str) -> Option<&'t mut Option<Text>>,
) -> Option<Option<Spanned<T>>> {
    let mut value = T::default();
    let at = r.opt_mapping(|r, key, _| set_opt(slot(&mut value, key)?, r.opt_text()))?;
    Some(at.map(|at| spanned(value, at)))
}

fn offer(r: &mut Reader<'_>) -> Option<Spanned<RawOffer>> {
    let (mut route, mut size, mut price) = (None::<Blank>, None::<Blank>, None);
    let (mut id, mut lane, mut unit, mut tokens, mut official_claimed, mut note) =
        (None, None, None, None, None, None);
    let (mut size_multipliers, mut surcharges) = (None, None);
    let at = r.mapping(|r, key, _| match key {
        "route" => set(&mut route, r.scalar()),
        "size" => set(&mut size, r.scalar()),
        "price" => set(&mut price, raw_price(r)),
        "id" => set_opt(&mut id, r.opt_text()),
        "lane" => set_opt(&mut lane, r.opt_text()),
        "unit" => set_opt(&mut unit, r.opt_text()),
        "tokens" => set_opt(&mut tokens, r.opt_text()),
        "official_claimed" => set_opt(&mut official_claimed, r.opt_text()),
        "note" => set_opt(&mut note, r.opt_text()),
        "size_multipliers" => set_opt(&mut size_multipliers, pairs(r)),
        "surcharges" => set_opt(&mut surcharges, r.opt_list(surcharge)),
        _ => None,
    })?;
    Some(spanned(
        RawOffer {
            id,
            route: route?,
            size: size?,
            size_multipliers,
            lane,
            price: price?,
            unit,
            tokens,
            official_claimed,
            surcharges,
            note,
        },
        at,
    ))
}

/// A price: any scalar is its text (left empty: empty text), a mapping is `{from, to}`.
fn raw_price(r: &mut Reader<'_>) -> Option<Spanned<RawPrice>> {
    match r.node()? {
        Node::Scalar(value, style, at) => {
            let text = if is_null(&value, style) {
                String::new()
            } else {
                value.into_owned()
            };
            Some(spanned(RawPrice::One(Some(text)), at))
        }
        Node::Mapping(at) => {
            let (mut from, mut to) = (None, None);
            r.entries(&mut |r: &mut Reader<'_>, key: &str, _| match key {
                "from" => set(&mut from, r.text()),
                "to" => set(&mut to, r.text()),
                _ => None,
            })?;
            Some(spanned(RawPrice::Range { from, to }, at))
        }
        _ => None,
    }
}

/// `size_multipliers`: a mapping of sizes to factors, or nothing.
fn pairs(r: &mut Reader<'_>) -> Option<Option<Spanned<Pairs>>> {
    let mut entries = Vec::new();
    let at = r.opt_mapping(|r, key, at| {
        if !plain_text_key(key) {
            return None;
        }
        let value = r.text()?;
        entries.push((spanned(key.to_owned(), at), value));
        Some(())
    })?;
    Some(at.map(|at| spanned(Pairs(entries), at)))
}

/// Whether a key of free text is read as that text by serde-saphyr too: not `<<` (a merge)
/// and nothing that could be a number or a truth value, which it compares by value (`2048` and
/// `0x800` are one key). Sizes like `2K` and `1024px` are text.
fn plain_text_key(key: &str) -> bool {
    let numeric = key.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'))
        && key.chars().all(|c| {
            c.is_ascii_hexdigit()
                || matches!(
                    c,
                    'x' | 'X' | 'o' | 'O' | '_' | '+' | '-' | '.' | 'i' | 'n' | 'I' | 'N' | 'F'
                )
        });
    let truth = matches!(key.to_ascii_lowercase().as_str(), "true" | "false");
    !numeric && !truth && key != "<<"
}

fn surcharge(r: &mut Reader<'_>) -> Option<Spanned<RawSurcharge>> {
    let (mut name, mut price, mut optional) = (None, None, None);
    let at = r.mapping(|r, key, _| match key {
        "name" => set(&mut name, r.text()),
        "price" => set(&mut price, r.text()),
        "optional" => set_opt(&mut optional, r.opt_text()),
        _ => None,
    })?;
    Some(spanned(
        RawSurcharge {
            name: name?,
            price: price?,
            optional,
        },
        at,
    ))
}

fn credits_slot<'t>(c: &'t mut RawCredits, key: &str) -> Option<&'t mut Option<Text>> {
    Some(match key {
        "price" => &mut c.price,
        "free" => &mut c.free,
        "granted_by" => &mut c.granted_by,
        "expires" => &mut c.expires,
        "conditions" => &mut c.conditions,
        _ => return None,
    })
}

fn terms_slot<'t>(t: &'t mut RawTerms, key: &str) -> Option<&'t mut Option<Text>> {
    Some(match key {
        "billing" => &mut t.billing,
        "quota" => &mut t.quota,
        "support" => &mut t.support,
        "support_path" => &mut t.support_path,
        "data_retention" => &mut t.data_retention,
        "training_use" => &mut t.training_use,
        "data_region" => &mut t.data_region,
        "failed_generations" => &mut t.failed_generations,
        "failed_generations_note" => &mut t.failed_generations_note,
        "safety" => &mut t.safety,
        "uptime" => &mut t.uptime,
        "recovery" => &mut t.recovery,
        "upstream" => &mut t.upstream,
        _ => return None,
    })
}

fn price_map_slot<'t>(m: &'t mut RawPriceMap, key: &str) -> Option<&'t mut Option<Text>> {
    Some(match key {
        "name" => &mut m.name,
        "provider" => &mut m.provider,
        "official" => &mut m.official,
        _ => return None,
    })
}

fn topup_slot<'t>(t: &'t mut RawTopup, key: &str) -> Option<&'t mut Option<Text>> {
    Some(match key {
        "bonus_pct" => &mut t.bonus_pct,
        "minimum" => &mut t.minimum,
        "currency" => &mut t.currency,
        "rate" => &mut t.rate,
        _ => return None,
    })
}
