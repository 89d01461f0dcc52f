//! Every regular expression the claim reader uses, each compiled the first time a claim needs
//! it (compiling all of them costs more than auditing the bundled quotes): adding one is one
//! line of [`patterns!`]. All are linear-time (the `regex` crate), so a hostile claim cannot
//! stall the reader. The text they run on has been made canonical first (dashes,
//! minus signs, full-width digits and signs; see [`super::canonical`]).

use std::sync::{LazyLock, OnceLock};

use regex::Regex;

use super::phrases::NEUTRAL;

macro_rules! patterns {
    ($($(#[$doc:meta])* $name:ident = $re:expr;)*) => {
        /// The reader's regular expressions, each compiled at its first use.
        pub struct Patterns {
            $($(#[$doc])* pub $name: LazyLock<Regex>,)*
        }

        static PATTERNS: Patterns = Patterns {
            $($name: LazyLock::new(|| {
                Regex::new($re).expect(concat!("a valid pattern: ", stringify!($name)))
            }),)*
        };
    };
}

patterns! {
    /// A USD amount: `$0.134`, `US$ 0.24`, `USD 0,134`, `0.134 $`, `0.134 USD`, `0.02美元`,
    /// `0,02 dólares`, `4美分` (`c`, cents); and a bare `0.134` (`b`), which the reader takes only where no other
    /// currency is written.
    amount = r"(?i)(?:US\$|\$|USD)\s?(?P<n>\d+(?:[.,]\d+)*)|(?P<m>\d+(?:[.,]\d+)*)\s?(?:USD|US\$|\$|美元|美金|US-Dollar|dollars?|dólares|долл)|(?P<c>\d+(?:\.\d+)?)\s?(?:美分|cents?\b|¢)|(?P<b>\b0[.,]\d+)";
    /// A currency other than the US dollar: where one is written, a bare number is no USD
    /// amount.
    other_currency = r"(?i)[¥€₽£円元원毛]|人民币|руб|\b(?:yuan|rmb|cny|eur|euros?|jpy|krw|inr)\b";
    /// A domain name, which names a vendor: `laozhang.ai`, `kie.ai`.
    domain = r"(?i)\b[a-z0-9][a-z0-9-]*\.(?:ai|com|io|net|org|cn|dev|app|co)\b";
    /// A size class (the reader checks it is not inside a longer word or number).
    size = r"(?i)0\.5k|1k|2k|4k";
    /// "Flow" capitalized is Google's product; "async flow" or "OAuth flow" is a word.
    flow = r"\bFlow\b";
    /// "save 20% on", "save up to 20-30% on": a saving on something priced.
    save_on = r"(?i)save\s+(?:up\s+to\s+)?[\d.\s%-]+(?:to\s+[\d.]+\s*%\s*)?on\b";
    /// "30% below Google", "20% less than official".
    below_google = r"(?i)(\d+(?:\.\d+)?)\s*%\s*(?:below|under|less\s+than|lower\s+than|cheaper\s+than)\s+(?:the\s+)?(?:google|official|list)";
    /// "-49% vs. official", "−45% compared with the official price".
    minus_vs = r"(?i)-\s*(\d+(?:\.\d+)?)\s*%\s*(?:vs\.?|versus|compared\s+(?:to|with)|than|against|relative\s+to|от|de|del|gegenüber|par\s+rapport)\s+(?:the\s+|la\s+|el\s+|der\s+|le\s+)?(?:google|official|offiziell|oficial|officiel|официальн|list)";
    /// "70-83% off", "30 to 40% cheaper".
    range_off = r"(?i)(\d+(?:\.\d+)?)\s*%?\s*(?:-|–|—|~|to|bis|до|à|a)\s*(\d+(?:\.\d+)?)\s*%\s*(?:off|cheaper|below|less|lower|saving|savings|discount|más barato|günstiger|moins cher|mais barato|дешевле)";
    /// "save 20-30%".
    save_range = r"(?i)save\s+(?:up\s+to\s+)?(\d+(?:\.\d+)?)\s*%?\s*(?:-|–|—|~|to)\s*(\d+(?:\.\d+)?)\s*%";
    /// "save 20%", "20% off", "by 20%" and their translations.
    pct_off = r"(?i)(?:save\s+(?:up\s+to\s+)?(\d+(?:\.\d+)?)\s*%)|(?:(\d+(?:\.\d+)?)\s*%\s*(?:off|cheaper|below|less|lower|saving|savings|discount|reduction|más barato|menos|günstiger|rabatt|descuento|moins cher|de réduction|mais barato|de desconto|дешевле|скидк|할인))|(?:\bby\s+(?:up\s+to\s+)?(\d+(?:\.\d+)?)\s*%)|(?:(?:скидка|скидкой|rabatt|descuento|réduction)\s+(?:до\s+|de\s+|von\s+)?(\d+(?:\.\d+)?)\s*%)";
    /// "30% of Google's price", "28-36% of list price": what is paid, not what is saved.
    pct_of = r"(?i)(\d+(?:\.\d+)?)\s*%?\s*(?:(?:-|–|—|~|to)\s*(\d+(?:\.\d+)?)\s*)?%\s*of\s+(?:the\s+)?(?:google'?s?|official|list|google\s+list)\s*(?:list\s+)?(?:price|pricing|rate)";
    /// "half the price", "官网半价".
    half = r"(?i)\bhalf\s+(?:the\s+)?(?:price|cost)\b|(?:官方|官网|公式)\s*的?\s*半(?:价|額)";
    /// "ahorrando hasta un 79%", "снижение на 79%", "降幅高达 79%", "bis zu 79 % … sparen": a
    /// saving said with a verb or noun of saving.
    save_words = r"(?i)(?:ahorr\w*|économis\w*|economiz\w*|экономи\w*|снижени\w*|сократ\w*|降幅|降低|节省|節約|절감)\s*(?:\S+\s+){0,3}?(?:hasta\s+|до\s+|jusqu'à\s+|até\s+|на\s+|高达\s*|达\s*)?(?:un\s+|a\s+)?(\d+(?:\.\d+)?)\s*%|(\d+(?:\.\d+)?)\s*%\s*(?:\S+\s+){0,4}?(?:sparen|einsparen)\b";
    /// "скидка 70-83%", "descuento de 20 a 30%": a range after the word for discount.
    discount_range = r"(?i)(?:скидк\w*|rabatt|descuento|réduction|desconto|discount)\s+(?:до\s+|de\s+|von\s+|of\s+)?(\d+(?:\.\d+)?)\s*%?\s*(?:-|~|to|до|a|à|bis)\s*(\d+(?:\.\d+)?)\s*%";
    /// "official list price, billed at ×0.8": a multiplier on Google's list price.
    list_multiplier = r"(?i)(?:official|list)\s+(?:list\s+)?price[^.;|]*?(?:×|\bx)\s?(0?\.\d+)\b";
    /// CJK savings: "便宜50%", "30%安い", "80%オフ", "官方价格的30%" is read by `cjk_of`.
    cjk_pct = r"(?:便宜|优惠|優惠|安く|节省|節約)\s*(\d+(?:\.\d+)?)\s*%|(\d+(?:\.\d+)?)\s*%\s*(?:安|便宜|优惠|優惠|オフ|OFF|折扣|节省|할인)";
    /// "八折" / "8折" / "8.5折": pay that many tenths (20% off).
    cjk_zhe = r"([一二三四五六七八九]|\d(?:\.\d)?)\s*折(?:[^合算]|$)";
    /// "官方价格的30%", "官方价的 30%", "公式価格の30%": what is paid.
    cjk_of = r"(?i)(?:官方价格|官方价|官方|官网|公式価格|公式料金|google\s*の料金|google\s*の(?:標準)?価格)\s*(?:\$?\d+(?:\.\d+)?\s*)?(?:的|の)\s*(?:わずか|仅|只有|最大|最多|约)?\s*(\d+(?:\.\d+)?)\s*%|(?:google|공식)\s*(?:표준\s*)?가격\s*(?:\$?\d+(?:\.\d+)?\s*)?의\s*(\d+(?:\.\d+)?)\s*%";
    /// A promotion or a price group, not a saving on Google's price: "20% off your first
    /// top-up", "0.8x multiplier, i.e. 20% off the default group's price".
    promotion = r"(?i)\b(?:first|top-?up|order|purchase|coupon|code|referral|default\s+group|group'?s\s+price)\b|首充|首单|首购|新用户|新人|优惠券|初回|クーポン";
    /// A question the text answers no: "Is there a free API? No.", "免费API？不存在的".
    answered_no = r"(?i)[^.!?。！？]*[?？]\s*(?:(?:no|nope|нет)\s*(?:[.!,。]|$)|不存在|没有|不是|いいえ|아니)";
    /// A table's mark for "not offered" after a free tier: "Free tier: ✗", "Free tier | —".
    crossed_out = r"(?i)\bfree\s+(?:api\s+)?(?:tier|trial|quota|credits?|access|plan)s?(?:\s+for\s+\w+)?\s*[:|]\s*(?:[✗✘❌×✕—–-]|0\b)";
    /// A range of sizes: "1K to 4K", "1K–4K", "1K~4K".
    size_range = r"(?i)\b(?:0\.5|1|2|4)k\s*(?:to|through|–|—|-|~|〜|～)\s*(?:0\.5|1|2|4)k\b";
    /// A price said per thousand images anywhere in the claim: "Per 1,000 images, …", "for
    /// 1000 4K images", "(per 1K images)".
    thousand_images = r"(?i)\b(?:1,000|1000|1k|thousand)\s+(?:\S+\s+)?images\b";
    /// What a saving is compared with, up to four words: "than OpenRouter", "que o KIE.ai",
    /// "vs. official", "по сравнению со стандартными ценами Google".
    compared_with = r"(?i)(?:\bthan|\bundercut\w*|\bbeat\w*|\bque|\bals|\bчем|\bversus|\bvs\.?|\bcompared\s+(?:to|with)|\bgegenüber|\bpar\s+rapport\s+(?:à|au|aux)|\bпо\s+сравнению\s+со?|\bfrente\s+a|\bem\s+relação\s+(?:a|ao|à))\s+((?:[^\s,;:!?()]+\s*){1,4})";
    /// A saving said to be on Google's price: "off official pricing", "below Google's",
    /// "官方价格的", "公式料金の".
    saving_base = r"(?i)\b(?:off|below|under|than|of|vs\.?|versus|against|compared\s+(?:to|with))\s+(?:the\s+)?(?:google|official|list|vertex)|官方|公式|официальн";
    /// The same in Chinese, Japanese and Korean: "比DALL-E便宜", "Proより", "Pro보다".
    compared_with_cjk = r"比\s*([^\s，,。；]{1,16}?)\s*(?:便宜|低|省|划算|更)|([^\s、，,。]{1,12})より|([^\s,，。]{1,12})보다";
    /// "Official" naming Google's price, not the route: "80% off official pricing", "官方价格的
    /// 20%", "公式料金の30%", "по сравнению с официальной тарификацией".
    price_ref = r"(?i)\b(?:off|below|than|of|vs\.?|versus|against|compared\s+(?:to|with))\s+(?:\w+\s+){0,3}?official\b|\bofficial\s+(?:\w+\s+){0,2}(?:price|prices|pricing|rate|rates|list|cost|costs)\b|官方(?:价格|价|定价|售价|的|一次|限速|限制|计费|收费)|比官方|公式(?:料金|価格|の価格)|официальн\w*\s+(?:цен|тариф|стоимост)|(?:precio|preço|prix|preis)\s+(?:oficial|officiel|offiziell)|offiziellen?\s+preis";
    /// "google credits", "credits from Google": credits said to be Google's.
    google_credits = r"(?i)\bgoogle(?:'s)?\s+(?:\w+\s+)?credits?\b|\bcredits?\s+(?:from|by|of)\s+google\b|\bgoogle[-\s]funded\b";
    /// Where a claim's clauses end and another's begin; `strong` says whose price it is starts over.
    strong_break = r"(?i)[;；。!！?？]|\.\s|\s[—–-]\s|—|\s(?:vs\.?|versus|but|while|whereas|we|our|ours|than|compared\s+(?:to|with)|instead\s+of|против|но|pero|aber|mais|而|但)\s";
}

/// The neutral phrases of [`NEUTRAL`], each compiled at its first use.
static NEUTRAL_COMPILED: [OnceLock<Regex>; NEUTRAL.len()] =
    [const { OnceLock::new() }; NEUTRAL.len()];

/// The patterns.
pub fn get() -> &'static Patterns {
    &PATTERNS
}

/// The `i`th neutral phrase of [`NEUTRAL`], compiled.
pub fn neutral(i: usize) -> &'static Regex {
    NEUTRAL_COMPILED[i].get_or_init(|| {
        Regex::new(&format!("(?i){}", NEUTRAL[i].pattern)).expect("a valid neutral phrase")
    })
}
