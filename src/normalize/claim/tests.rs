use super::prices::parse_amount;
use super::words::has;
use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// (USD, sizes, lane, per 1M tokens) of each price a claim gives as Google's.
fn google(claim: &str) -> Vec<(Decimal, Vec<SizeClass>, Option<Lane>, bool)> {
    read_afresh(claim)
        .prices
        .iter()
        .map(|p| (p.usd, p.sizes.clone(), p.lane, p.per_million_tokens))
        .collect()
}

fn usd(claim: &str) -> Vec<Decimal> {
    google(claim).into_iter().map(|(usd, ..)| usd).collect()
}

fn rules(claim: &str) -> Vec<Rule> {
    read_afresh(claim)
        .layers
        .iter()
        .map(|(p, _)| p.rule)
        .collect()
}

fn denied(claim: &str) -> Vec<Rule> {
    read_afresh(claim).denied.iter().map(|(r, _)| *r).collect()
}

use SizeClass::{K1, K2, K4};

#[test]
fn a_remembered_claim_reads_as_it_reads_afresh() {
    let said = |r: &Reading| {
        let layers: Vec<_> = r.layers.iter().map(|(p, hit)| (p.rule, *hit)).collect();
        format!(
            "{:?} {:?} {layers:?} {:?} {:?}",
            r.prices, r.saving, r.denied, r.doubts
        )
    };
    let claims = [
        "80% OFF official pricing",
        "Google's list price is $0.134 per image at 2K, ours is $0.09",
        "官方直连，价格低至官方的八折",
        "Free API key, unlimited generations",
        "Same as Google AI Studio, official route",
    ];
    let first: Vec<Arc<Reading>> = claims.iter().map(|c| read(c)).collect();
    // Recalled in another order, each claim gets its own reading, not a neighbour's. (Tests
    // remember far fewer claims than the limit.)
    for (claim, first) in claims.iter().zip(&first).rev() {
        let again = read(claim);
        assert!(Arc::ptr_eq(first, &again), "{claim} was read twice");
        assert_eq!(said(&again), said(&read_afresh(claim)), "{claim}");
        let read_something =
            !again.prices.is_empty() || again.saving.is_some() || !again.layers.is_empty();
        assert!(read_something, "{claim} says something");
    }
    let distinct: std::collections::HashSet<String> = first.iter().map(|r| said(r)).collect();
    assert_eq!(distinct.len(), claims.len(), "each claim reads differently");
    let long = "free ".repeat(REMEMBERED_CLAIM_BYTES);
    assert!(
        !Arc::ptr_eq(&read(&long), &read(&long)),
        "a long claim is not kept"
    );
}

#[test]
fn savings_phrases_are_read() {
    let cases = [
        ("80% OFF official pricing", "80"),
        ("70-83% off official pricing", "83"),
        ("70–83 % off", "83"),
        ("40% cheaper than Google", "40"),
        ("Save up to 50% on every image", "50"),
        ("Save 20-30% on every image", "30"),
        ("only 30% of Google's list price", "70"),
        ("30% of Google's price", "70"),
        ("28–36% of list price", "72"),
        ("half the price of Google", "50"),
        ("Cheaper than Google Batch by 20%", "20"),
        ("价格低至官方的八折", "20"),
        ("官方 8.5折", "15"),
        ("比官方便宜50%", "50"),
        ("只有官方价格的10%", "90"),
        ("公式価格より30%安い", "30"),
        ("Official Gemini models at 30% below Google", "30"),
        ("−45% vs. official", "45"),
        ("-49% vs. official price", "49"),
        ("Nano Banana Pro на 80% дешевле официальной цены", "80"),
    ];
    for (claim, saving) in cases {
        assert_eq!(stated_saving(&canonical(claim)), Some(d(saving)), "{claim}");
    }
    assert_eq!(stated_saving("99.9% uptime"), None);
}

#[test]
fn percentages_that_are_not_a_saving_on_google_s_price_are_not_read() {
    for claim in [
        "Up to 40% lower latency than Google",
        "50% less failed generations",
        "Save 30% of your team's time",
        "30% cheaper than OpenRouter",
        "20% off your first top-up",
        "+20% vs. official",
    ] {
        assert_eq!(stated_saving(&canonical(claim)), None, "{claim}");
    }
}

#[test]
fn google_prices_are_read_only_where_attributed_to_google() {
    assert_eq!(
        usd("Official 4K price ~$0.268, ours is 40% off market"),
        [d("0.268")]
    );
    assert!(usd("One price, every size: $0.09 per image").is_empty());
    assert_eq!(
        usd("Google charges 0.134 USD per image; we charge $0.10"),
        [d("0.134")]
    );
    assert_eq!(usd("Only $0.02/image vs Google's $0.134"), [d("0.134")]);
    assert_eq!(
        usd("Google charges $0.24 for Pro 4K — we charge $0.10"),
        [d("0.24")]
    );
    assert!(usd("Official Nano Banana Pro API at $0.09").is_empty());
    assert!(usd("From $0.02/image — official Gemini models").is_empty());
    assert!(usd("非官方渠道 $0.10 一张").is_empty());
    assert_eq!(
        usd("Google charges $134 per 1,000 Pro images"),
        [d("0.134")]
    );
    assert_eq!(
        google("Google bills $60 per 1M output tokens for NB2"),
        [(d("60"), vec![], Some(Lane::Standard), true)]
    );
}

/// The kinds of misreading seen on real pages (issue 13): each is read as a careful reviewer
/// would.
#[test]
fn the_vendor_s_own_price_is_never_google_s() {
    for claim in [
        "NB2 from just $0.02/image",
        "Official Nano Banana 2 API from just $0.02/image",
        "Nano Banana Pro at only $0.05 per image — the official model",
        "官方直连，低至 $0.02/张",
        "Nano Banana Pro $0.05起",
        "Nano Banana Pro ab 0,05 $ pro Bild",
    ] {
        assert!(usd(claim).is_empty(), "{claim}");
    }
}

#[test]
fn a_size_applies_to_the_prices_of_its_own_clause() {
    assert_eq!(
        google("Google charges $0.134 for 1K–2K and $0.24 for 4K"),
        [
            (d("0.134"), vec![K1, K2], Some(Lane::Standard), false),
            (d("0.24"), vec![K4], Some(Lane::Standard), false),
        ]
    );
    assert_eq!(
        google("Google list prices: 1K $0.067, 2K $0.101, 4K $0.151"),
        [
            (d("0.067"), vec![K1], Some(Lane::Standard), false),
            (d("0.101"), vec![K2], Some(Lane::Standard), false),
            (d("0.151"), vec![K4], Some(Lane::Standard), false),
        ]
    );
}

#[test]
fn enumerations_pair_prices_with_sizes_in_order() {
    assert_eq!(
        google("official pricing $0.067 / $0.101 / $0.151 for 1K / 2K / 4K"),
        [
            (d("0.067"), vec![K1], Some(Lane::Standard), false),
            (d("0.101"), vec![K2], Some(Lane::Standard), false),
            (d("0.151"), vec![K4], Some(Lane::Standard), false),
        ]
    );
    assert_eq!(
        google("Google Batch price: $0.067 at 1K"),
        [(d("0.067"), vec![K1], Some(Lane::Batch), false)]
    );
}

#[test]
fn denied_phrases_are_no_claim() {
    for (claim, rule) in [
        ("Free tier: none", Rule::FreeOfficialApi),
        (
            "There is no free tier: every image is billed",
            Rule::FreeOfficialApi,
        ),
        ("No free trial", Rule::FreeCredits),
        ("not unlimited, 20 requests per 10 s", Rule::UnlimitedClaim),
        ("无免费额度", Rule::FreeCredits),
        ("無料トライアルはありません", Rule::FreeCredits),
        ("Бесплатного доступа к API нет", Rule::FreeOfficialApi),
        ("Kein kostenloser API-Zugang", Rule::FreeOfficialApi),
        ("Sin API gratis", Rule::FreeOfficialApi),
    ] {
        assert!(rules(claim).is_empty(), "{claim}: {:?}", rules(claim));
        assert_eq!(denied(claim), [rule], "{claim}");
    }
    // A denial reaches to the end of its clause, no further.
    assert_eq!(
        rules("no free trial, unlimited generations"),
        [Rule::UnlimitedClaim]
    );
    assert_eq!(rules("No limits on concurrency"), [Rule::UnlimitedClaim]);
}

#[test]
fn identity_and_parity_are_read() {
    assert_eq!(
        rules("the exact same model, running on Google's infrastructure"),
        [Rule::OfficialClaim]
    );
    assert!(read_afresh("Image output tokens are $30/MTok. Matches Vertex AI pricing.").parity);
    assert!(read_afresh("与官方同价").parity);
    assert!(!read_afresh("Same price for every size").parity);
}

#[test]
fn an_owner_or_unit_that_needs_a_guess_is_a_doubt() {
    let r = read_afresh("Official pricing 80% off: $0.24 per image");
    assert!(r.prices.is_empty(), "{:?}", r.prices);
    assert_eq!(r.doubts, [Doubt::WhosePrice("$0.24".into())]);
    let r = read_afresh("Only $0.02 vs Google's $0.134");
    assert!(r.prices.is_empty(), "{:?}", r.prices);
    assert_eq!(r.doubts, [Doubt::Unit("$0.134".into())]);
}

#[test]
fn amounts_are_read_in_their_local_spelling() {
    assert_eq!(parse_amount("0,134"), Some(d("0.134")));
    assert_eq!(parse_amount("1,000"), Some(d("1000")));
    assert_eq!(parse_amount("1,000.50"), Some(d("1000.50")));
    assert_eq!(parse_amount("12,34,5"), None);
    assert_eq!(canonical("０．１３４＄ −４５％"), "0.134$ -45%");
}

proptest::proptest! {
    /// Finding a phrase is whole-word containment in the claim's words.
    #[test]
    fn phrase_search_is_whole_word_containment(pre in "[a-zA-Z0-9 .,'!-]{0,15}", phrase in "[a-z0-9 ]{1,12}", post in "[a-zA-Z0-9 .,'!-]{0,15}") {
        proptest::prop_assume!(!phrase.trim().is_empty());
        let p = prepare(&format!("{pre}{phrase}{post}"));
        proptest::prop_assert_eq!(has(&p, &phrase), p.words.contains(&words(&phrase)));
    }
}

#[test]
fn phrases_match_whole_words() {
    let p = prepare("Our workflow is fast");
    assert!(!has(&p, "flow"));
    let p = prepare("API免费");
    assert!(has(&p, "api"));
    assert_eq!(words("Nano Banana 2.1"), " nano banana 2.1 ");
}

#[test]
fn denials_in_many_forms_are_no_claim() {
    for claim in [
        "Бесплатная сумма: Нет бесплатного тарифа",
        "бесплатный уровень отсутствует",
        "⚠️ 무료 티어 불가",
        "免费 API 层级不支持图片输出",
        "NB2もProも画像生成の無料枠はありません。",
        "Critically, Google does not currently offer a free tier for this model.",
        "However, unlike Google's text models that offer generous free tiers, image generation is paid.",
        "There is currently no way to get free API usage from a Google One subscription.",
        "But if you've been searching for its free tier: there is no free API tier for it.",
    ] {
        let r = read_afresh(claim);
        assert!(
            !r.layers
                .iter()
                .any(|(p, _)| p.rule == Rule::FreeOfficialApi),
            "{claim}: {:?}",
            rules(claim)
        );
        assert!(!r.denied.is_empty(), "{claim} says what it denies");
    }
}

/// Beside every denial, the near miss: the same words that do claim.
#[test]
fn words_that_look_like_a_denial_do_not_deny() {
    for (claim, rule) in [
        ("No setup fee and free credits on signup", Rule::FreeCredits),
        ("無料でお試し", Rule::FreeCredits),
        ("不仅免费调用 API", Rule::FreeOfficialApi),
        ("不限并发", Rule::UnlimitedClaim),
        (
            "Not only free API access: support too",
            Rule::FreeOfficialApi,
        ),
        ("Rate limits: none", Rule::UnlimitedClaim),
    ] {
        assert!(rules(claim).contains(&rule), "{claim}: {:?}", rules(claim));
    }
    // Failed requests not consuming credits says nothing about whether credits are free.
    assert!(denied("Failed requests should not consume credits.").is_empty());
}

#[test]
fn free_is_the_official_api_only_beside_an_api_word_and_outside_consumer_plans() {
    assert_eq!(rules("Free Nano Banana API"), [Rule::FreeOfficialApi]);
    for claim in [
        "Nano Banana Pro's free tier allows 2 images per day; the Google AI Pro subscription unlocks 100",
        "Laden Sie Apidog kostenlos herunter und testen Sie die Nano Banana Pro API",
        "Geminiアプリでは無料で編集体験が拡大中。",
        "Free for our users: a faster dashboard, and the Nano Banana API at cost",
    ] {
        assert!(
            !rules(claim).contains(&Rule::FreeOfficialApi),
            "{claim}: {:?}",
            rules(claim)
        );
    }
}

#[test]
fn an_owner_word_names_google_s_price_only_as_a_price_owner() {
    // An owner before a model's name names the model.
    assert!(usd("Google Nano Banana Pro price: $0.05 per image").is_empty());
    // A comparison after a comma does not make the vendor's price Google's.
    assert!(usd("Nano Banana Pro at $0.05/image, a fraction of Google's price").is_empty());
    // "Official direct" is the vendor's identity claim, not a price owner.
    assert!(usd("官方直连 价格 $0.05/张").is_empty());
    // Through Google's own API, in a sentence about cost.
    assert_eq!(
        usd(
            "Nano Banana Pro costs $0.24 per 4K image through Google's official Vertex AI platform"
        ),
        [d("0.24")]
    );
    // A source named after the prices still says whose they are.
    assert_eq!(
        usd(
            "Nano Banana Pro charges $2.00 per 1M input tokens and $120 per 1M output tokens (ai.google.dev/pricing)"
        ),
        [d("2.00"), d("120")]
    );
    // A vendor's domain before the amount makes it the vendor's.
    assert!(usd("Google billing has limits; laozhang.ai ($0.05/image) has none").is_empty());
}

#[test]
fn amounts_in_ranges_cents_and_bare_numbers_are_read() {
    assert_eq!(usd("官方约$0.13-0.24/次"), [d("0.13"), d("0.24")]);
    assert_eq!(usd("官方价格约4美分/张"), [d("0.04")]);
    assert_eq!(
        google("Google Standard image price is 0.134 for 1K/2K and 0.24 for 4K"),
        [
            (d("0.134"), vec![K1, K2], Some(Lane::Standard), false),
            (d("0.24"), vec![K4], Some(Lane::Standard), false),
        ]
    );
    // A bare number beside another currency, a size or a multiplier is no USD amount.
    assert!(usd("官方价格 0.25 元/张").is_empty());
    assert!(usd("official list price, billed at ×0.8 group ratio").is_empty());
    // A subscription is no image price.
    assert!(usd("Google's price for the Google AI Pro plan is $19.99 per month").is_empty());
}

#[test]
fn sizes_pair_with_the_nearest_group_and_ranges_span_classes() {
    assert_eq!(size_classes("1K~4K"), [K1, K2, K4]);
    assert_eq!(
        google("1K~4K 이미지는 Google 표준 가격(1K $0.067"),
        [(d("0.067"), vec![K1], Some(Lane::Standard), false)]
    );
}

#[test]
fn savings_in_more_forms_are_read() {
    for (claim, saving) in [
        ("NB2はProより50〜87%安く", None),
        ("44% mais barato que o KIE.ai", None),
        ("比DALL-E便宜95%", None),
        (
            "At 1,000 images, that's $50 versus $240—a 79% reduction in costs",
            Some("79"),
        ),
        (
            "скидка 70-83% по сравнению с официальной тарификацией",
            Some("83"),
        ),
        ("公式料金のわずか 30.3% から利用できます", Some("69.7")),
        ("4KはGoogleの標準価格$0.24の40%未満です", Some("60")),
        (
            "Сторонние провайдеры: $0.05 за изображение — снижение на 79%",
            Some("79"),
        ),
        (
            "official list price, billed at ×0.8 group ratio",
            Some("20"),
        ),
        (
            "(0.8x multiplier, i.e. 20% off the default group's price)",
            None,
        ),
    ] {
        assert_eq!(stated_saving(&canonical(claim)), saving.map(d), "{claim}");
    }
}

#[test]
fn a_saving_beside_google_s_batch_lane_is_a_doubt_unless_it_names_its_base() {
    let r = read_afresh("The Batch API offers a 50% discount, reducing 4K to $0.12 per image");
    assert_eq!(r.saving, None);
    assert!(
        r.doubts.contains(&Doubt::LaneDiscount(d("50"))),
        "{:?}",
        r.doubts
    );
    let r = read_afresh("80% OFF official pricing on Batch");
    assert_eq!(r.saving, Some(d("80")));
    assert!(r.doubts.is_empty(), "{:?}", r.doubts);
}

proptest::proptest! {
    /// Any text reads without a panic, and reads the same twice.
    #[test]
    fn any_text_is_read_the_same_twice(text in "\\PC{0,80}") {
        let said = |r: &Reading| format!("{:?} {:?} {:?} {:?} {:?}", r.prices, r.saving, r.denied, r.doubts, r.parity);
        proptest::prop_assert_eq!(said(&read_afresh(&text)), said(&read_afresh(&text)));
    }
}

/// Fragments of real claims, for sentences a random string would seldom make.
const FRAGMENTS: &[&str] = &[
    "Google's official price",
    "官方价格",
    "Googleの標準価格",
    "Vertex AI pricing",
    "through Google's API",
    "$0.134",
    "0.24",
    "$0.067/$0.12",
    "4美分",
    "US$ 0,039",
    "per image",
    "/张",
    "per 1M tokens",
    "1K",
    "2K-4K",
    "1K~4K",
    "0.5K",
    "batch",
    "Flex",
    "standard",
    "ours",
    "from",
    "laozhang.ai",
    "third-party",
    "本站",
    "80% off",
    "70–83%",
    "−45% vs. official",
    "2 折",
    "than OpenRouter",
    "no",
    "not",
    "none",
    "无",
    "없",
    "free",
    "免费",
    "无限",
    "unlimited",
    "credits",
    "trial",
    "same model",
    "official",
    ", ",
    "; ",
    " — ",
    "。",
    "，",
    "|",
    " ",
    "(",
    ")",
    "×0.8",
];

proptest::proptest! {
    /// Claims made of real fragments in any order read without a panic, the same twice, and
    /// never with a price paired with a size the claim does not write.
    #[test]
    fn claims_of_real_fragments_are_read_safely(picks in proptest::collection::vec(0..FRAGMENTS.len(), 0..24)) {
        let text: String = picks.iter().map(|&i| FRAGMENTS[i]).collect::<Vec<_>>().join(" ");
        let r = read_afresh(&text);
        let again = read_afresh(&text);
        proptest::prop_assert_eq!(format!("{:?} {:?} {:?}", r.prices, r.saving, r.doubts), format!("{:?} {:?} {:?}", again.prices, again.saving, again.doubts));
        let written = size_classes(&text);
        for p in &r.prices {
            proptest::prop_assert!(p.sizes.iter().all(|s| written.contains(s)), "{text}: {:?}", p);
        }
    }
}
#[test]
fn a_second_price_after_other_words_is_not_google_s() {
    for c in [
        "Official price $0.24 per 4K image, discounted price $0.09.",
        "Official price $0.24 per 4K image, sale price $0.09.",
        "Official price $0.24 per 4K image → $0.09 on this site.",
        "Google charges $0.24 per 4K image, this platform charges $0.09.",
        "Official price (4K): $0.24 | Price: $0.09",
        "官方价 $0.24/张，会员价 $0.09/张",
        "公式価格は4Kで$0.24、当サイトでは$0.09です。",
        "Precio oficial $0.24 por imagen 4K, con nosotros $0.09.",
        "Official list price for 4K $0.24 x 0.375 = $0.09 per image",
    ] {
        let r = read_afresh(c);
        let google: Vec<String> = r.prices.iter().map(|p| p.usd.to_string()).collect();
        assert_eq!(google, ["0.24"], "{c}: {:?}", r.prices);
    }
    // A list after the cue stays Google's.
    let r = read_afresh("Google charges $0.134 per image at 1K and 2K, and $0.24 at 4K.");
    let google: Vec<String> = r.prices.iter().map(|p| p.usd.to_string()).collect();
    assert_eq!(google, ["0.134", "0.24"]);
}

#[test]
fn a_negative_percentage_off_is_no_saving() {
    assert_eq!(stated_saving("-50% off Nano Banana Pro"), None);
    assert_eq!(stated_saving(&canonical("−50% off Nano Banana Pro")), None);
    // Near misses: a plain saving, and a minus against Google's price.
    assert_eq!(
        stated_saving("50% off Nano Banana Pro")
            .map(|d| d.to_string())
            .as_deref(),
        Some("50")
    );
    assert_eq!(
        stated_saving("-45% vs. official")
            .map(|d| d.to_string())
            .as_deref(),
        Some("45")
    );
}
