//! What one text says, read without the page around it: its amounts of money and credits
//! (with whether each is firm), its sizes, the units written beside an amount or named
//! anywhere in it, and its sentences. Which model a price is of, whose price it is and what
//! becomes an offer is the reader's ([`super`]), not this module's.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::model::SizeClass;
use crate::normalize::claim;
use crate::normalize::claim::phrases::PRICE_TO_SIZE;
use crate::normalize::size::classify;

/// An amount of money (or credits) in a text.
#[derive(Debug, Clone)]
pub(super) struct Amount {
    pub(super) value: Decimal,
    /// The top of a range it starts.
    pub(super) to: Option<Decimal>,
    pub(super) written: String,
    /// ISO 4217, or `credit`, or `None` when the sign says no one currency (`¥` on a page
    /// with no other sign of yuan or yen).
    pub(super) currency: Option<&'static str>,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Why it is not a firm price, if it is not.
    pub(super) soft: Option<&'static str>,
    /// Not a price of its own: a conversion in brackets after another amount ("$0.09
    /// (approx. ¥0.63)"), or the top of a range the amount before starts.
    pub(super) skip: bool,
    /// What the page says it changed from ("adjusted from $0.03 to $0.045").
    pub(super) was: Option<String>,
    /// How the figure was read, when not as written.
    pub(super) read_as: Option<&'static str>,
}

pub(super) struct Patterns {
    pub(super) money: Regex,
    pub(super) credits: Regex,
    pub(super) size: Regex,
    pub(super) pixels: Regex,
    pub(super) lane: Regex,
    pub(super) count: Regex,
    pub(super) count_words: Regex,
    pub(super) count_before: Regex,
    pub(super) count_after: Regex,
    /// A count of images anywhere in a text ("per 100 images", "每100张").
    pub(super) count_any: Regex,
    pub(super) credit_price: Regex,
    pub(super) any_size: Regex,
    pub(super) owner: Regex,
    pub(super) owner_after: Regex,
    pub(super) owner_heading: Regex,
    pub(super) unit_tokens: Regex,
    pub(super) unit_thousand: Regex,
    pub(super) unit_request: Regex,
    pub(super) unit_image: Regex,
    pub(super) unit_before: Regex,
    pub(super) input_tokens: Regex,
    /// "Prompt" beside a price per token: the input's.
    pub(super) prompt_tokens: Regex,
    pub(super) unit_other: Regex,
    pub(super) not_price: Regex,
    pub(super) not_price_after: Regex,
    pub(super) text_tokens: Regex,
    pub(super) change: Regex,
    pub(super) addon: Regex,
    pub(super) charger: Regex,
    pub(super) not_firm: Regex,
    pub(super) comparison: Regex,
    pub(super) model_id: Regex,
    pub(super) sole_size: Regex,
    pub(super) group: Regex,
    pub(super) example: Regex,
    pub(super) floor_after: Regex,
    pub(super) points: Regex,
    pub(super) multiplier: Regex,
    pub(super) multiplier_pair: Regex,
    pub(super) prices_changed: Regex,
    pub(super) size_words: Regex,
    /// A size anywhere, even run against other words ("4K超清"): only ever a reason to doubt.
    pub(super) size_anywhere: Regex,
    pub(super) advice: Regex,
    pub(super) reference: Regex,
    pub(super) default_size: Regex,
    pub(super) other_model: Regex,
    pub(super) provider_label: Regex,
    pub(super) sentence_end: Regex,
    pub(super) terms: Vec<(&'static str, Regex)>,
}

pub(super) static P: LazyLock<Patterns> = LazyLock::new(|| {
    let r = |s: &str| Regex::new(s).expect("a valid pattern");
    const N: &str = r"\d(?:[\d,]*\d)?(?:\.\d+)?";
    Patterns {
        money: r(&format!(
            r"(?i)(?P<pre>US\$|\$|USD|¥|￥|CNY|RMB|€|EUR|£|GBP|₩|KRW|JPY)\s?(?P<n>{N})|(?P<m>{N})\s?(?P<post>USD|美元|美金|人民币|元|CNY|RMB|EUR|€|GBP|£|\$|円|원|JPY|KRW)"
        )),
        credits: r(&format!(
            r"(?i)(?:(?P<a>{N})\s?[-–~]\s?)?(?P<n>{N})\s?(?:credits?|créditos?|积分|点数|點數)"
        )),
        size: r(r"(?i)(?:0\.5|[124])\s?k"),
        pixels: r(r"(?i)\d{3,4}\s?(?:[x×*]\s?\d{3,4}|px)"),
        lane: r(r"(?i)\b(batch|flex|priority)\b"),
        count_words: r(
            r"(?i)^\s*(?:(?:images|prompt|tokens?|requests|calls|credits|characters|generations|free)\b|张|張|次|积分|積分)",
        ),
        count: r(r#"(?i)num_images\s*(?:==|=|:)\s*"?(?P<n>\d+)"?"#),
        count_before: r(
            r"(?i)\b(?P<n>\d{1,3})\s?(?:images?|张图?|張圖?|pics?)\s*(?:for|:|=|-|–|—|共|合计|总计|一共)?\s*$",
        ),
        count_any: r(r"(?i)(?:\bfor|\bper|/|每)\s*(?P<n>\d{1,5})\s?(?:images?\b|张|張|pics?\b)"),
        count_after: r(r"(?i)^\s*(?:for|/|per)\s*(?P<n>\d{1,3})\s?(?:images?|张图?|張圖?|pics?)\b"),
        credit_price: r(&format!(
            r"(?i)\b1\s?credits?\s?(?P<eq>=|≈|~)\s?(?P<pre>\$|USD\s?)?(?P<n>{N})\s?(?P<post>USD)?"
        )),
        any_size: r(
            r"(?i)\b(?:any|all|every)\s+(?:resolutions?|sizes?)\b|不限分辨率|所有分辨率|全分辨率",
        ),
        owner: r(
            r"(?i)(?-u:\b)google(?:'s|’s)?(?-u:\b)|(?-u:\b)gemini(?-u:\b)|(?-u:\b)official(?-u:\b)|(?-u:\b)ai studio(?-u:\b)|(?-u:\b)vertex(?-u:\b)|(?-u:\b)upstream(?-u:\b)|官方|官网|谷歌|原价|(?-u:\b)oficial(?-u:\b)",
        ),
        owner_after: r(r"(?i)^\W{0,3}(?:official|官方|官网|google)"),
        owner_heading: r(
            r"(?i)(?-u:\b)official(?-u:\b)|(?-u:\b)ai studio(?-u:\b)|(?-u:\b)vertex(?: ai)?(?-u:\b)|(?-u:\b)gemini api(?-u:\b)|官方|官网|原价",
        ),
        unit_tokens: r(
            r"(?i)^\s*(?:/|per|每)\s*(?:1\s?m\b|m\b|m\s+(?:image\s+|output\s+)?tok|mtok|million|1,000,000|百万|100万)",
        ),
        unit_thousand: r(
            r"(?i)^\s*(?:/|per)\s*(?:1,?000|1k|thousand)\s*(?:images?|张|generations?)",
        ),
        unit_request: r(
            r"(?i)^\s*(?:/|per|每)\s*(?:req(?:uest)?s?(?:\b|(?-i:[A-Z]))|calls?\b|次|runs?\b|generations?\b)",
        ),
        unit_image: r(
            r"(?i)^\s*(?:/|per|each|每|an?)\s*(?:(?:0\.5|[124])k\s+)?(?:output\s+|successful\s+)?(?:images?\b|img\b|张|張|枚|장|pics?\b|pictures?\b)",
        ),
        unit_before: r(
            r"(?i)(?P<thousand>每千张|每1000张|\bper\s+(?:1,?000|thousand)\s+images?\b)|(?P<image>\b(?:each|per|every|an?|one)\s+(?:output\s+)?image(?:\s+generation)?\b|每张|单张|1?枚あたり|장당|이미지당)|(?P<request>(?:/\s*|\bper\s+)(?:request|call)\b|每次)",
        ),
        input_tokens: r(r"(?i)\binput\b|输入"),
        prompt_tokens: r(r"(?i)\bprompt\b|提示词"),
        unit_other: r(
            r"(?i)^\s*\)?\s*(?:/|per|每|a|an)\s*(?:sec(?:ond)?s?\b|minutes?\b|min\b|hours?\b|months?\b|mo\b|years?\b|videos?\b|characters?\b|chars?\b|[mg]b\b|秒|分钟|月|年)",
        ),
        not_price: r(
            r"(?i)(?:\b(?:top[- ]?up|deposit|minimum|balance|subscription|membership|recharge|bonus|sign[- ]?up|earn|reward|referral|invite|voucher|coupon|trial)\b|vip|充值|首充|最低|送|赠|签到|領|领|邀请|奖励|包月|月卡|季卡|年卡|套餐|会员|券|余额|额度|体验|免费|月額|プラン|無料|特典|월정액|요금제|무료|보너스)[^$¥€]{0,30}$",
        ),
        not_price_after: r(
            r"(?i)^\s*(?:(?:top[- ]?ups?|deposits?|recharges?|minimum|bonus|trial|vouchers?|coupons?|(?:in\s+|of\s+)?free)\b|充值|送|赠|代金券|券|[=＝]\s*\d|分?の?クレジット|プレゼント|追加|크레딧|증정|추가)",
        ),
        text_tokens: r(r"(?i)\btext\b|\bthinking\b|文本"),
        change: r(
            r"(?i)\b(?:adjusted|changed|raised|increased|reduced|lowered|updated|cut|moved)\b|调整|上调|下调|调价",
        ),
        not_firm: r(
            r"(?i)(?:\bno longer|\bused to(?:\s+\w+)?|\bwas|\bwere|\bsaves?|\bsaving|\bup to|\bless than|\bunder|\bbelow|\bover|\babove|\bmore than|\bat most|\bat least|\bformerly|\bpreviously|原价|节省|省|便宜|优惠|减|降|满|充|返|抵)\W*$",
        ),
        charger: r(
            r"(?P<name>\b[A-Z][\w.-]*)\s+(?:charges|bills|lists\s+it\s+at|sells\s+it\s+(?:at|for)|prices\s+it\s+at)\b",
        ),
        addon: r(r"(?i)(?:\+|\b(?:adds?|plus|extra|additional|surcharge|add-on)\b|加收|另加)\W*$"),
        comparison: r(
            r"(?i)\b(?:than|compared|vs\.?|versus|unlike|counterpart|rivall?ing|rivals?|instead of|relative to|also known as|aka|a\.k\.a)\b|相比|比起|对比|對比",
        ),
        model_id: r(r"(?i)^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+){2,}$"),
        sole_size: r(
            r"(?i)\b(?P<a>(?:0\.5|[124])k|\d{3,4}px)\s+only\b|\bonly\s+(?:supports?\s+)?(?P<b>(?:0\.5|[124])k)\b|仅支持\s*(?P<c>(?:0\.5|[124])k)",
        ),
        size_anywhere: r(r"(?i)(?:^|[^a-z0-9.])(?P<s>(?:0\.5|[124])\s?k)(?:[^a-z0-9]|$)"),
        size_words: r(r"(?i)\bdefault\b|\bresolution\b|\bper image\b|\bsize\b|分辨率|尺寸|默认"),
        advice: r(
            r"(?i)(?:recommended|best|ideal|suited|great)\s+for\s*$|\b(?:up\s+to|max(?:imum)?|as\s+large\s+as|above|over|beyond|more\s+than|greater\s+than|larger\s+than|below|under|less\s+than|smaller\s+than)\s*$|推荐用于\s*$|适合\s*$|最高\s*$|最大\s*$|超过\s*$|超出\s*$|大于\s*$|高于\s*$|低于\s*$|小于\s*$",
        ),
        reference: r(
            r"(?i)\b(?:retail|market(?:\s+price)?|list\s+price|msrp|original\s+price|regular\s+price)\W*$|市场价\W*$|原价\W*$|划线价\W*$",
        ),
        default_size: r(
            r"(?i)\b(?P<s>(?:0\.5|[124])k)\s+default\b|\bdefault(?: resolution)?\s*:?\s*(?P<t>(?:0\.5|[124])k)\b|默认\s*(?P<u>(?:0\.5|[124])k)",
        ),
        group: r(r"(?i)\btier\s*\d|\bgroup\s*\d|分组|分組"),
        prices_changed: r(
            r"(?i)\b(?:prices?|pricing)\b.{0,40}\b(?:doubled|tripled|halved|increased|raised|decreased|reduced|lowered|went up|gone up|rose)\b|\b(?:doubled|tripled|halved|increased|raised|reduced|lowered)\b.{0,30}\b(?:prices?|pricing)\b|涨价|价格.{0,10}(?:上调|下调|翻倍|调整)|價格.{0,10}(?:上調|下調|翻倍|調整)",
        ),
        // "¥0.05起", "$0.039/张起步": from that price up.
        multiplier: r(r"(?i)\bmultipliers?\b|倍率|倍数"),
        // "1k1x", "2K: 1.5x", "4K at 2×".
        multiplier_pair: r(
            r"(?i)(?P<s>0\.5|[124])\s?k\s*(?::|=|at)?\s*(?P<f>\d+(?:\.\d+)?)\s?[x×](?:$|[^a-z0-9])",
        ),
        points: r(r"(?P<n>\d[\d,]*)\s?分"),
        floor_after: r(r"^\s*(?:/\s*[^\s起]{1,6}\s*)?起"),
        example: r(
            r"(?i)\b(?:examples?|beispiele?|ejemplos?|exemples?)\b|示例|例子|举例|計算例|料金例",
        ),
        other_model: r(
            r"(?i)\b(?:gpt[- ]?image|dall[- ·]?e|flux|seedream|midjourney|ideogram|sora|kling|z[- ]image|wan\s?2|qwen[- ]image|hunyuan|recraft|stable diffusion|sdxl|imagen|veo|upscal\w*|video|gpt-?4o)|即梦|豆包|通义万相|万相|文心|可灵|海螺|混元",
        ),
        provider_label: r(r"(?i)\bprovider(?:'s)?\s*(?:model\s*)?id\s*:?\s*$"),
        sentence_end: r(r"[.!?](?:\s+|$)|[。！？；]|;\s|\s-\s"),
        terms: vec![
            (
                "data retention",
                r(
                    r"(?i)\bretain|\bretention\b|\bdelet(?:e|ed|es|ion)\b|\bstored for\b|保存|保留|删除",
                ),
            ),
            ("training use", r(r"(?i)\btrain(?:ing|ed|s)?\b|训练")),
            (
                "recovery",
                r(r"(?i)\brefund|\breimburs|退款|退还|返还|never expire|永不过期"),
            ),
            (
                "failed generations",
                r(
                    r"(?i)\bfail(?:ed|ure|ures|s)?\b|\bsuccessful (?:image|output|generation)|不扣费|失败|not (?:be )?(?:billed|charged)|no charge|don'?t bill",
                ),
            ),
            (
                "support",
                r(r"(?i)\bsupport (?:team|ticket|channel)|客服|工单|\bcontact us\b|help ?desk"),
            ),
            (
                "upstream",
                r(
                    r"(?i)\bupstream\b|\bvertex ai\b|\bai studio\b|\bgemini api\b|官方(?:渠道|直连|接口)|直连",
                ),
            ),
        ],
    }
});

/// Whether `c` can stand right before or after a word we look for without being part of it.
/// A letter of any script joins: Chinese and Japanese run words together, and a figure
/// written against them ("领5积分", "满100元", "4K暂不支持") is as often a gift, a threshold or
/// a size on offer elsewhere as a price, so it is not read as one.
fn apart(c: Option<char>) -> bool {
    c.is_none_or(|c| !c.is_alphanumeric() && c != '.' && c != '_')
}

/// The amounts in a text, in order. `yen` is the currency `¥` stands for on this page.
pub(super) fn amounts(text: &str, yen: Option<&'static str>) -> Vec<Amount> {
    let mut out: Vec<Amount> = Vec::new();
    let amount = |value, to, whole: regex::Match<'_>, currency| Amount {
        value,
        to,
        written: whole.as_str().trim().to_owned(),
        currency,
        start: whole.start(),
        end: whole.end(),
        soft: None,
        skip: false,
        was: None,
        read_as: None,
    };
    let mut from = 0;
    while let Some(c) = P.money.captures_at(text, from) {
        let whole = c.get(0).expect("a match");
        from = whole.end();
        let (number, sign) = match (c.name("n"), c.name("m")) {
            (Some(n), _) => (n.as_str(), c.name("pre").map_or("", |m| m.as_str())),
            (None, Some(m)) => (m.as_str(), c.name("post").map_or("", |m| m.as_str())),
            _ => continue,
        };
        if !apart(text[..whole.start()].chars().next_back())
            && !matches!(sign, "$" | "¥" | "￥" | "€")
        {
            continue;
        }
        // "2026元旦": a year before New Year's Day, not 2026 yuan.
        if sign == "元" && text[whole.end()..].starts_with('旦') {
            continue;
        }
        // "Tokens120,000$120.00": a sign right before a digit is the next amount's.
        if let Some(post) = c.name("post")
            && text[whole.end()..].starts_with(|c: char| c.is_ascii_digit())
        {
            from = post.start();
            continue;
        }
        // "HK$0.40", "A$0.06": a dollar that is not the US one.
        let other_dollar = sign == "$" && {
            let before = &text[..whole.start()];
            let letters = before.len()
                - before
                    .trim_end_matches(|c: char| c.is_ascii_uppercase())
                    .len();
            let lead = &before[..before.len() - letters];
            (1..=3).contains(&letters)
                && !lead.ends_with(|c: char| c.is_alphanumeric())
                && &before[before.len() - letters..] != "US"
        };
        let currency = match sign.to_uppercase().as_str() {
            _ if other_dollar => None,
            "$" | "US$" | "USD" | "美元" | "美金" => Some("USD"),
            "¥" | "￥" => yen,
            "CNY" | "RMB" | "元" | "人民币" => Some("CNY"),
            "€" | "EUR" => Some("EUR"),
            "£" | "GBP" => Some("GBP"),
            "円" | "JPY" => Some("JPY"),
            "₩" | "원" | "KRW" => Some("KRW"),
            _ => None,
        };
        if let Some(value) = claim::parse_amount(number) {
            out.push(amount(value, None, whole, currency));
        }
    }
    for c in P.credits.captures_iter(text) {
        let whole = c.get(0).expect("a match");
        if !apart(text[..whole.start()].chars().next_back())
            || out
                .iter()
                .any(|a| a.start < whole.end() && whole.start() < a.end)
        {
            continue;
        }
        let number = |name| c.name(name).and_then(|n| claim::parse_amount(n.as_str()));
        let (from, to, soft) = match (number("a"), number("n")) {
            (Some(a), Some(n)) if a < n => (a, Some(n), None),
            // "6 - 6 credits": one figure.
            (Some(a), Some(n)) if a == n => (n, None, None),
            (Some(a), Some(_)) => (a, None, Some("a range written from high to low")),
            (None, Some(n)) => (n, None, None),
            _ => continue,
        };
        let mut credits = amount(from, to, whole, Some("credit"));
        credits.soft = soft;
        out.push(credits);
    }
    // "按模型扣积分:nano-banana 15 分": a text that counts in 积分 writes them 分 as well.
    if text.contains("积分") || text.contains("積分") {
        for c in P.points.captures_iter(text) {
            let whole = c.get(0).expect("a match");
            // 分钟 (minutes), 分钱 (fen), 分辨率 (resolution), "1 分 30 秒".
            let rest = &text[whole.end()..];
            let minutes = rest.starts_with(['钟', '鐘', '钱', '錢', '辨', '组', '組', '之', '秒'])
                || rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
                    && rest.chars().take(6).any(|c| c == '秒');
            let taken = out
                .iter()
                .any(|a| a.start < whole.end() && whole.start() < a.end);
            if minutes || taken || !apart(text[..whole.start()].chars().next_back()) {
                continue;
            }
            if let Some(n) = claim::parse_amount(&c["n"]) {
                let mut points = amount(n, None, whole, Some("credit"));
                points.read_as = Some("分 read as 积分 (credits), which the text counts in");
                out.push(points);
            }
        }
    }
    out.sort_by_key(|a| a.start);
    mark_soft(text, &mut out);
    out
}

/// The last words before `at`, lower-cased: up to `n` characters.
fn words_before(text: &str, at: usize, n: usize) -> String {
    let chars: Vec<char> = text[..at].chars().rev().take(n).collect();
    chars.into_iter().rev().collect::<String>().to_lowercase()
}

/// Marks what is not a firm price: an approximation ("~$0.067", "approx. ¥0.63", and the rest
/// of a list it starts), a floor ("from $0.018", "as low as", "低至", "起"), an add-on ("adds
/// $0.015", "+$0.015"), a conversion in brackets; reads a range ("$0.06–$0.175") as one price
/// from its low end to its high one, and a change ("adjusted from $0.03 to $0.045") as its new
/// figure.
fn mark_soft(text: &str, out: &mut [Amount]) {
    for i in 0..out.len() {
        let before = words_before(text, out[i].start, 30);
        let last: Vec<&str> = before.split_whitespace().rev().take(3).collect();
        let lead = text[..out[i].start].trim_end();
        let after: String = text[out[i].end..].chars().take(4).collect();
        if lead.ends_with(['~', '≈', '～', '约', '約'])
            || last.first().is_some_and(|w| {
                matches!(
                    w.trim_end_matches(['.', ':']),
                    "approx" | "approximately" | "about" | "around" | "roughly" | "circa"
                )
            })
        {
            out[i].soft = Some("an approximation");
        } else if last.iter().take(2).any(|w| {
            matches!(*w, "from" | "starting" | "starts" | "低至" | "最低") || w.ends_with("from")
        }) || before.trim_end().ends_with("as low as")
            || P.floor_after.is_match(&text[out[i].end..])
        {
            out[i].soft = Some("a starting price, not a firm one");
        } else if P.not_firm.is_match(&before) || after.trim_start().starts_with('+') {
            out[i].soft = Some("not a firm price (a former price, a saving, a bound)");
        } else if P.addon.is_match(&before) {
            out[i].soft = Some("an add-on charged on top, not the price of an image");
        } else if P.reference.is_match(&before) {
            out[i].soft =
                Some("a reference price (retail, market, list), not what the vendor charges");
        }
        if i == 0 {
            continue;
        }
        let between = text[out[i - 1].end..out[i].start].trim().to_lowercase();
        if out[i - 1].soft == Some("an approximation")
            && out[i].soft.is_none()
            && between.contains(',')
            && !between.contains([')', '）'])
        {
            out[i].soft = Some("an approximation");
        }
        // "$0.09/req (approx. ¥0.63": the same price in other money, inside brackets.
        if between.contains(['(', '（']) && !between.contains([')', '）']) {
            out[i].skip = true;
        }
        let range = matches!(between.as_str(), "-" | "–" | "—" | "~" | "～" | "〜" | "至");
        if range
            && out[i - 1].soft.is_none()
            && out[i].soft.is_none()
            && out[i].value > out[i - 1].value
        {
            // One price from one end to the other: its unit is written after the range.
            out[i - 1].to = Some(out[i].value);
            out[i - 1].end = out[i].end;
            out[i - 1].written = text[out[i - 1].start..out[i].end].trim().to_owned();
            out[i].skip = true;
        } else if between == "to" {
            let prev_before = words_before(text, out[i - 1].start, 40);
            if P.change.is_match(&prev_before) {
                out[i - 1].soft = Some("the price before a change the page announces");
                out[i].was = Some(out[i - 1].written.clone());
                out[i].soft = None;
            } else {
                out[i - 1].soft = Some("one end of a range: from what to what?");
                out[i].soft = Some("one end of a range: from what to what?");
            }
        }
    }
}

/// A group of sizes written together ("1K", "1K-2K", "1K / 2K", "1024x1024"), with where it
/// stands and the sizes it names, as written.
#[derive(Debug, Clone)]
pub(super) struct SizeGroup {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) sizes: Vec<String>,
    /// Written as a range ("1K-4K"), not as a list ("1K / 2K / 4K").
    pub(super) range: bool,
}

/// The key of a list item written "• key: value", if it has one.
pub(super) fn item_key(text: &str) -> Option<&str> {
    let item = text.strip_prefix(['•', '-', '*', '·', '–'])?;
    let (key, _) = item.split_once([':', '：'])?;
    let key = key.trim();
    (!key.is_empty() && key.chars().count() <= 60 && amounts(key, None).is_empty()).then_some(key)
}

/// Whether only words that lead from a price to its size stand between them ("per image
/// for").
pub(super) fn for_size(between: &str) -> bool {
    let between = between.to_lowercase();
    let words: Vec<&str> = between
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .filter(|w| !w.is_empty())
        .collect();
    words.len() <= 5
        && words
            .iter()
            .all(|w| PRICE_TO_SIZE.contains(w) || matches!(*w, "/image" | "张"))
}

/// Whether prices are written as one list ("$0.025 / $0.030 / $0.040"), nothing but a
/// separator between each and the next.
pub(super) fn listed_apart(text: &str, prices: &[Amount]) -> bool {
    prices.windows(2).all(|w| {
        w[0].end <= w[1].start
            && matches!(
                text[w[0].end..w[1].start].trim(),
                "/" | "," | "|" | "、" | "or"
            )
    })
}

/// "$0.025 / $0.030 / $0.040 per image for 1K / 2K / 4K", "1K / 2K / 4K: $0.025 / $0.030 /
/// $0.040": a list of prices and a list of as many sizes (not a range), one right after the
/// other, pair in order.
pub(super) fn respective(
    text: &str,
    prices: &[Amount],
    groups: &[SizeGroup],
) -> Option<Vec<Vec<String>>> {
    let ([g], n) = (groups, prices.len()) else {
        return None;
    };
    // "1K / 4K: $0.134 / $0.067 (standard / batch)": a third list, and which pairs with
    // which is no longer plain.
    if n < 2
        || g.range
        || g.sizes.len() != n
        || !listed_apart(text, prices)
        || P.lane.is_match(text)
    {
        return None;
    }
    let after = g.start >= prices[n - 1].end && {
        let between = &text[prices[n - 1].end..g.start];
        for_size(between.trim_start_matches(|c: char| c == ')' || c.is_whitespace()))
    };
    let before = g.end <= prices[0].start
        && text[g.end..prices[0].start]
            .chars()
            .all(|c| !c.is_alphanumeric());
    (after || before).then(|| g.sizes.iter().map(|s| vec![s.clone()]).collect())
}

/// The sizes a text writes, grouped; a size given as advice ("recommended for 4K output")
/// is not a price's size and is left out.
pub(super) fn size_groups(text: &str) -> Vec<SizeGroup> {
    let mut groups = all_size_groups(text);
    groups.retain(|g| !P.advice.is_match(&words_before(text, g.start, 24)));
    groups
}

fn all_size_groups(text: &str) -> Vec<SizeGroup> {
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    for m in P.size.find_iter(text).chain(P.pixels.find_iter(text)) {
        // "at 1K." ends a sentence; "1K.5" is no size.
        let mut after = text[m.end()..].chars();
        let ends = match after.next() {
            Some('.') => after.next().is_none_or(|c| !c.is_ascii_digit()),
            c => apart(c),
        };
        // "per 1K images", "1K images free", "4K prompt tokens": a count, not a size.
        let counts = P.count_words.is_match(&text[m.end()..]);
        if apart(text[..m.start()].chars().next_back())
            && ends
            && !counts
            && classify(m.as_str()).is_ok()
            && !found.iter().any(|f| f.0 < m.end() && m.start() < f.1)
        {
            found.push((m.start(), m.end(), m.as_str().replace(' ', "")));
        }
    }
    found.sort_by_key(|f| f.0);
    let mut groups: Vec<SizeGroup> = Vec::new();
    for (start, end, written) in found {
        if let Some(last) = groups.last_mut() {
            let between = text[last.end.min(start)..start].trim().to_lowercase();
            let range = matches!(between.as_str(), "-" | "–" | "~" | "～" | "to" | "至");
            let list = matches!(between.as_str(), "/" | "," | "and" | "or" | "和" | "、");
            // "2K (2048x2048)": a size and its pixels are one size.
            let same = between == "("
                && classify(&written).ok() == last.sizes.last().and_then(|s| classify(s).ok());
            if same {
                last.end = end;
                continue;
            }
            if range || list {
                let from = last.sizes.last().and_then(|s| classify(s).ok());
                if let (true, Some(from), Ok(to)) = (range, from, classify(&written)) {
                    for class in SizeClass::ALL {
                        if class > from && class < to {
                            last.sizes.push(class.label().to_owned());
                        }
                    }
                }
                last.range |= range;
                last.sizes.push(written);
                last.end = end;
                continue;
            }
        }
        groups.push(SizeGroup {
            start,
            end,
            sizes: vec![written],
            range: false,
        });
    }
    groups
}

/// The unit written right after an amount.
pub(super) fn unit_after(text: &str, a: &Amount) -> Option<&'static str> {
    if a.currency == Some("credit") {
        return Some("credit");
    }
    unit_at(text[a.end..].trim_start_matches([')', ' ']))
}

/// The unit a text starts with ("/ 1M tokens", "per image", "/call").
fn unit_at(text: &str) -> Option<&'static str> {
    if P.unit_tokens.is_match(text) {
        Some("1m-tokens")
    } else if P.unit_thousand.is_match(text) {
        Some("1k-images")
    } else if P.unit_image.is_match(text) {
        Some("image")
    } else if P.unit_request.is_match(text) {
        Some("request")
    } else {
        None
    }
}

/// The units a text names anywhere ("Price per image", "USD / 1M tokens"), each once; an
/// address or path (`/v1/images/generations`) names none.
pub(super) fn units_named(text: &str) -> Vec<&'static str> {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !(w.contains("://") || w.starts_with('/') && w[1..].contains('/')))
        .collect();
    let text = words.join(" ");
    let text = text.as_str();
    let mut found = Vec::new();
    for (i, _) in text.char_indices() {
        let Some(unit) = unit_at(&text[i..]) else {
            continue;
        };
        if !found.contains(&unit) {
            found.push(unit);
        }
    }
    found
}

/// How many images a row's price is for, by its condition ("num_images == 4").
pub(super) fn image_count(text: &str) -> Option<u32> {
    let mut counts: Vec<u32> = P
        .count
        .captures_iter(text)
        .filter_map(|c| c.name("n").or(c.name("m"))?.as_str().parse().ok())
        .filter(|n| *n > 0)
        .collect();
    counts.sort();
    counts.dedup();
    match counts.as_slice() {
        [n] => Some(*n),
        _ => None,
    }
}

/// The currency a column's header gives its bare numbers ("Price (USD)", "价格（元）").
pub(super) fn money_header(header: &str) -> Option<&'static str> {
    let h = header.to_lowercase();
    if h.contains('$') || h.contains("usd") || h.contains("美元") {
        Some("$")
    } else if h.contains("cny") || h.contains('元') || h.contains("rmb") {
        Some("CNY ")
    } else {
        None
    }
}

/// A cell that is one number and nothing else.
pub(super) fn bare_number(cell: &str) -> Option<&str> {
    let t = cell.trim();
    let number = !t.is_empty()
        && t.starts_with(|c: char| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    number.then_some(t)
}

/// Units that price an image one way or another, and per-token prices.
pub(super) fn unit_family(unit: &str) -> &'static str {
    if unit == "1m-tokens" {
        "tokens"
    } else {
        "image"
    }
}

/// A line's sentences, each trimmed.
pub(super) fn sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    for m in P.sentence_end.find_iter(line) {
        // "approx. ¥0.63": a full stop after an abbreviation is not an end.
        let word = line[..m.start()].rsplit(' ').next().unwrap_or("");
        // " - " ends an item of a list run together ("… / 张 - Nano Banana 2"), not a range
        // ("2 - 6").
        let next = line[m.end()..].chars().next();
        let dash = m.as_str().trim() == "-";
        if m.as_str().starts_with('.')
            && matches!(word, "approx" | "e.g" | "i.e" | "vs" | "etc" | "a.k.a")
            || dash
                && (next.is_none_or(|c| c.is_ascii_digit() || "$¥￥€£".contains(c))
                    || m.start() == 0)
        {
            continue;
        }
        let s = line[from..m.end()].trim();
        if !s.is_empty() {
            out.push(s);
        }
        from = m.end();
    }
    let s = line[from..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}
