//! A synthetic corpus of vendor quotes in quote-audit's format, for benchmarks, fuzzing seeds
//! and the `corpus` example: files × offers with varied routes (unknown names included),
//! sizes, lanes, units, currencies, claims and terms; and hostile files (deep nesting, alias
//! bombs, thousands of bad values) that must be refused as fast as a quote is read, for the
//! tests that they are refused and the benchmark that times it. Deterministic: the same
//! arguments give the same bytes. Not used by the tool itself.

use std::fmt::Write as _;

/// A small deterministic generator (xorshift64*), so the corpus needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const ROUTES: &[&str] = &[
    "Nano Banana 2",
    "nano-banana-2",
    "fal-ai/nano-banana-2/edit",
    "google/gemini-3.1-flash-image-preview",
    "NB2",
    "Nano Banana Pro",
    "NB Pro",
    "google/gemini-3-pro-image-preview",
    "Nano Banana Pro (Gemini 3 Pro Image)",
    "Nano Banana",
    "Nano Banana 2.1",
    "Nano Banana 2 Lite",
    "gemini-3-pro-image",
    "NB2 / NB Pro",
    "gemini-3-pro-image-preview-ext",
];
const SIZES: &[&str] = &[
    "0.5K",
    "1K",
    "2K",
    "4K",
    "1024px",
    "2048x2048",
    "1376x768",
    "3840x2160",
    "HD",
];
const LANES: &[&str] = &[
    "",
    "async",
    "batch",
    "Batch API",
    "webhook",
    "sync",
    "Turbo",
    "flex",
];
const UNITS: &[&str] = &[
    "",
    "",
    "",
    "image",
    "1k-images",
    "credit",
    "1m-tokens",
    "request",
];
const CLAIMS: &[&str] = &[
    "Free Nano Banana API, no credit card",
    "200 free credits on sign-up",
    "Unlimited generations, no concurrency limits",
    "Official Gemini API route",
    "Try it in the Gemini app",
    "80% off official pricing",
    "Official 4K price ~$0.268",
    "You pay only for successful outputs",
    "官方直连，价格低至官方的八折",
];
const TERMS: &[&str] = &[
    "  billing: vendor\n",
    "  quota: vendor\n",
    "  support: vendor\n",
    "  support_path: e-mail, 48 h\n",
    "  data_retention: 30 days\n",
    "  training_use: false\n",
    "  failed_generations: billed\n",
    "  safety: Google default filters\n",
    "  uptime: 99.9% monthly\n",
    "  recovery: refunds on request\n",
    "  upstream: Vertex AI\n",
];

/// A quote of vendor `vendor`, received on a random day of 2026's first half, or on
/// `received` (month, day).
fn quote(rng: &mut Rng, vendor: usize, received: Option<(u64, u64)>, offers: usize) -> String {
    let mut q = String::new();
    let cny = rng.below(10) == 0;
    let _ = writeln!(q, "vendor: Synthetic Vendor {vendor:04}");
    let (month, day) = received.unwrap_or_else(|| (1 + rng.below(6), 1 + rng.below(28)));
    let _ = writeln!(q, "received: 2026-{month:02}-{day:02}");
    if rng.below(2) == 0 {
        let _ = writeln!(q, "valid_until: 2026-{:02}-28", 6 + rng.below(6));
    }
    if cny {
        q.push_str("currency: CNY\n");
    }
    q.push_str("claims:\n");
    for _ in 0..1 + rng.below(3) {
        let _ = writeln!(q, "  - \"{}\"", rng.pick(CLAIMS));
    }
    q.push_str("offers:\n");
    for _ in 0..offers {
        let _ = writeln!(q, "  - route: \"{}\"", rng.pick(ROUTES));
        let _ = writeln!(q, "    size: \"{}\"", rng.pick(SIZES));
        let lane = rng.pick(LANES);
        if !lane.is_empty() {
            let _ = writeln!(q, "    lane: \"{lane}\"");
        }
        let unit = rng.pick(UNITS);
        let price = match unit {
            "1k-images" => format!("{}.{:02}", 20 + rng.below(200), rng.below(100)),
            "credit" => format!("{}", 20 + rng.below(200)),
            "1m-tokens" => format!("{}", 20 + rng.below(100)),
            _ => format!("0.{:03}", 10 + rng.below(250)),
        };
        if !cny && unit.is_empty() && rng.below(4) == 0 {
            let _ = writeln!(q, "    price: \"${price}\"");
        } else {
            let _ = writeln!(q, "    price: {price}");
        }
        if !unit.is_empty() {
            let _ = writeln!(q, "    unit: {unit}");
        }
    }
    if rng.below(3) > 0 {
        q.push_str("credits:\n  price: 0.001\n  free: 100\n");
    }
    q.push_str("terms:\n");
    for t in TERMS {
        if rng.below(4) > 0 {
            q.push_str(t);
        }
    }
    q
}

/// `files` quotes of `offers` offers each, as (relative path, text), in 100-file folders.
pub fn generate(files: usize, offers: usize) -> Vec<(String, String)> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..files)
        .map(|i| {
            (
                format!("v{:03}/q{i:05}.yaml", i / 100),
                quote(&mut rng, i % 500, None, offers),
            )
        })
        .collect()
}

/// `vendors` vendors of `versions` dated versions each (a month apart from January, then a day
/// apart), `offers` offers a version, as (relative path, text): `vNNNN/2026-MM-DD.yaml`.
pub fn versions(vendors: usize, versions: usize, offers: usize) -> Vec<(String, String)> {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut out = Vec::with_capacity(vendors * versions);
    for v in 0..vendors {
        for k in 0..versions as u64 {
            let received = (1 + k.min(11), 1 + k.saturating_sub(11) % 28);
            let text = quote(&mut rng, v, Some(received), offers);
            let name = format!("v{v:04}/2026-{:02}-{:02}.yaml", received.0, received.1);
            out.push((name, text));
        }
    }
    out
}

/// A workload file of `jobs` jobs over the models and sizes of the corpus's quotes.
pub fn workload(jobs: usize) -> String {
    const SIZES: [&str; 4] = ["0.5K", "1K", "2K", "4K"];
    const KINDS: [&str; 5] = ["draft", "final", "diagram", "retry", ""];
    let mut w = String::from("jobs:\n");
    for j in 0..jobs {
        let _ = writeln!(w, "  - name: job {j:05}");
        let _ = writeln!(w, "    count: {}", 10 + j * 7 % 990);
        // Pro has no 0.5K row: a final, diagram or retry job is at 1K at least.
        let kind = KINDS[j % KINDS.len()];
        let size = match (kind, SIZES[j / KINDS.len() % SIZES.len()]) {
            ("final" | "diagram" | "retry", "0.5K") => "1K",
            (_, size) => size,
        };
        let _ = writeln!(w, "    size: {size}");
        if !kind.is_empty() {
            let _ = writeln!(w, "    kind: {kind}");
        }
        if j % 2 == 0 {
            w.push_str("    can_wait: true\n");
        }
    }
    w
}

/// Version `version` (0 or 1) of one vendor's quote of `offers` offers of one model and size,
/// each in a lane of the vendor's own (`Lane 00001`…), priced a little higher in version 1.
pub fn distinct_lanes(offers: usize, version: usize) -> String {
    let mut q = format!(
        "vendor: Lanes Vendor\nreceived: 2026-0{}-01\noffers:\n",
        1 + version
    );
    for i in 0..offers {
        let price = 100 + (i + version) % 150;
        let _ = writeln!(
            q,
            "  - {{route: Nano Banana 2, size: 2K, lane: Lane {i:05}, price: 0.{price:03}}}"
        );
    }
    q
}

/// Version `version` (0 or 1) of one vendor's quote with `claims` claims, each reworded in
/// version 1 (a word changed and one added), and one offer.
pub fn reworded_claims(claims: usize, version: usize) -> String {
    let mut q = format!(
        "vendor: Claims Vendor\nreceived: 2026-0{}-01\nclaims:\n",
        1 + version
    );
    for i in 0..claims {
        let claim = match version {
            0 => format!("Plan {i} gives you cheap Nano Banana images at scale, billed monthly"),
            _ => format!(
                "Plan {i} gives you cheaper Nano Banana images at any scale, billed monthly"
            ),
        };
        let _ = writeln!(q, "  - \"{claim}\"");
    }
    q.push_str("offers:\n  - {route: Nano Banana 2, size: 2K, price: 0.1}\n");
    q
}

/// Hostile quote files, by name: nesting 100,000 levels deep in flow style and 5,000 in block
/// style (over 8 MiB), a self-referencing alias, an exponential "billion laughs" and a wide
/// alias bomb at the top, 5,000 aliases inside fields the format accepts, and 10,000 offers
/// with a bad price. Each is refused; none should take longer than reading a quote of its size.
pub fn hostile() -> Vec<(&'static str, String)> {
    let depth = 100_000;
    let deep = format!(
        "vendor: Acme\nreceived: 2026-05-01\noffers: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let mut deep_block = String::from(
        "vendor: Acme\nreceived: 2026-05-01\noffers:\n  - route: x\n    size: 1K\n    price: 1\n    note:\n",
    );
    for i in 0..5_000 {
        let _ = writeln!(deep_block, "{}k{i}:", "  ".repeat(i + 3));
    }
    let claims_bomb =
        "vendor: Acme\nreceived: 2026-05-01\nclaims: &c [*c]\noffers: []\n".to_owned();
    let mut lol_bomb = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..12 {
        let previous = format!("*a{}", i - 1);
        let _ = writeln!(lol_bomb, "a{i}: &a{i} [{}]", vec![previous; 9].join(","));
    }
    let wide_bomb = format!(
        "vendor: Acme\nreceived: 2026-05-01\nx: &x lol\nclaims: [{}]\noffers: []\n",
        vec!["*x"; 5_000].join(",")
    );
    let aliases_in_fields = format!(
        "vendor: &x lol\nreceived: 2026-05-01\nclaims: [{}]\noffers: []\n",
        vec!["*x"; 5_000].join(",")
    );
    let many_bad = format!(
        "vendor: Test Vendor\nreceived: 2026-05-01\noffers:\n{}",
        "  - {route: Nano Banana 2, size: 2K, price: abc}\n".repeat(10_000)
    );
    vec![
        ("deep.yaml", deep),
        ("deep-block.yaml", deep_block),
        ("claims-bomb.yaml", claims_bomb),
        ("lol-bomb.yaml", lol_bomb),
        ("wide-bomb.yaml", wide_bomb),
        ("aliases-in-fields.yaml", aliases_in_fields),
        ("many-bad.yaml", many_bad),
    ]
}

/// A hostile claim: `repeats` copies of a sentence that gives the reader everything to do at
/// once (owner and vendor words, prices in two scripts, sizes, denials, a saving, a lane), with
/// no strong break between them. Reading it takes time in proportion to its length.
pub fn hostile_claim(repeats: usize) -> String {
    "Google's official price $0.134 for 1K, 官方价格 $0.24 4K，免费 API 无免费额度, free Nano Banana API, ours $0.05 via laozhang.ai 80% off Batch "
        .repeat(repeats)
}
