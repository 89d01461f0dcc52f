//! The rule catalogue through the real binary: every rule's case in `tests/rules/` fires and its
//! near miss does not; claims read as a careful buyer would; policies; the catalogue itself.

use std::collections::BTreeMap;

use crate::support::*;

/// The findings of `rule` when `case`, a file in `tests/rules/<rule>/`, is audited from its
/// folder with the arguments of its `# args:` line.
fn fired_by_case(rule: &str, case: &str) -> Vec<BTreeMap<String, String>> {
    let folder = repo().join("tests/rules").join(rule);
    let text = std::fs::read_to_string(folder.join(case)).unwrap();
    let args: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# args:"))
        .flat_map(str::split_whitespace)
        .collect();
    let out_dir = tempfile::tempdir().unwrap();
    let mut cmd = bin();
    cmd.current_dir(&folder).args(["audit", case, "--out"]);
    cmd.arg(out_dir.path());
    if !args.contains(&"--as-of") {
        cmd.args(["--as-of", AS_OF]);
    }
    let out = cmd.args(&args).output().unwrap();
    // 2 only when the case runs with --keep-going over a file that cannot be read.
    let expected = if args.contains(&"--keep-going") {
        0..=2
    } else {
        0..=1
    };
    assert!(
        out.status.code().is_some_and(|c| expected.contains(&c)),
        "{rule}/{case}: {}",
        stderr(&out)
    );
    let findings = std::fs::read_to_string(out_dir.path().join("findings.csv")).unwrap();
    read_csv(&findings)
        .into_iter()
        .filter(|r| r["rule"] == rule)
        .collect()
}

/// The cases of `rule` of one kind (`fires`, `near-miss`): `<kind>.yaml` and `<kind>-*.yaml`.
fn cases(rule: &str, kind: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("tests/rules").join(rule))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| {
            n.strip_suffix(".yaml")
                .and_then(|n| n.strip_prefix(kind))
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
        })
        .collect();
    names.sort();
    names
}

/// Every rule has a case in `tests/rules/<rule>/`: a quote it fires on (`fires.yaml`) and a
/// near miss it must not fire on (`near-miss.yaml`); more cases are `fires-*.yaml` and
/// `near-miss-*.yaml`.
#[test]
fn every_rule_fires_on_its_case_and_not_on_its_near_miss() {
    let folders: Vec<String> = std::fs::read_dir(repo().join("tests/rules"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    for rule in quote_audit::model::Rule::ALL {
        assert!(
            folders.iter().any(|f| f == rule.id()),
            "{} has no case",
            rule.id()
        );
    }
    assert_eq!(
        folders.len(),
        quote_audit::model::Rule::ALL.len(),
        "{folders:?}"
    );
    for rule in &folders {
        let fires = cases(rule, "fires");
        assert!(
            fires.contains(&"fires.yaml".to_owned()),
            "{rule}: {fires:?}"
        );
        for case in &fires {
            let fired = fired_by_case(rule, case);
            assert!(!fired.is_empty(), "{rule} did not fire on {case}");
        }
        let near_misses = cases(rule, "near-miss");
        assert!(
            near_misses.contains(&"near-miss.yaml".to_owned()),
            "{rule}: {near_misses:?}"
        );
        for case in &near_misses {
            let missed = fired_by_case(rule, case);
            assert!(
                missed.is_empty(),
                "{rule} fired on its near miss {case}: {missed:?}"
            );
        }
    }
}

#[test]
fn free_credits_said_to_be_google_s_are_high() {
    let q = quiet_with(
        "  - {route: NB2, size: 2K, price: 0.1}\n",
        "claims:\n  - \"200 free Google credits\"\n",
    );
    let f = fired("free-credits", &q, &[], &[]);
    assert_eq!(f[0]["severity"], "high");
}

#[test]
fn claims_state_what_layer_they_speak_about() {
    let q = quiet_with(
        "  - {route: NB2, size: 2K, price: 0.1}\n",
        "claims:\n  - \"Free Nano Banana API\"\n  - \"Try it in the Gemini app\"\n  - \"官方直连\"\n  - \"無料でお試し\"\n  - \"Fast async generation\"\n",
    );
    let s = Sandbox::new();
    s.write("quotes/q.yaml", q);
    s.audit(&[]);
    let by_claim: BTreeMap<String, (String, String)> = s
        .csv("reports/findings.csv")
        .into_iter()
        .filter(|r| r["subject"].starts_with("claims"))
        .map(|r| {
            (
                r["evidence"].clone(),
                (r["rule"].clone(), r["message"].clone()),
            )
        })
        .collect();
    let free = &by_claim["Free Nano Banana API"];
    assert_eq!(free.0, "free-official-api");
    assert!(free.1.contains("official API output layer"), "{free:?}");
    let app = &by_claim["Try it in the Gemini app"];
    assert_eq!(app.0, "consumer-surface");
    assert!(app.1.contains("consumer/product surface layer"), "{app:?}");
    assert_eq!(by_claim["官方直连"].0, "official-claim");
    assert_eq!(by_claim["無料でお試し"].0, "free-credits");
    // "async" is a call style: no free, Batch or any other claim is read into it.
    assert_eq!(by_claim["Fast async generation"].0, "unclassified-claim");
}

/// Claims a review found misread, each with the rules it must (and must only) fire.
#[test]
fn claims_are_read_as_a_careful_buyer_would() {
    let offers =
        "  - {route: NB2, size: 2K, price: 0.101}\n  - {route: NB Pro, size: 4K, price: 0.24}\n";
    let cases: &[(&str, &[&str])] = &[
        // No unit is written and nothing says images: per image would be a guess.
        ("Only $0.02 vs Google's $0.134", &["unclassified-claim"]),
        ("Only $0.02 per image vs Google's $0.134", &[]),
        ("Google charges $0.24 for Pro 4K — we charge $0.10", &[]),
        ("Official Nano Banana Pro API at $0.09", &["official-claim"]),
        ("Google charges $134 per 1,000 Pro images", &[]),
        ("Google bills $60 per 1M output tokens for NB2", &[]),
        ("Watermark-free 4K images", &["unclassified-claim"]),
        (
            "There is no free tier: every image is billed",
            &["unclassified-claim"],
        ),
        (
            "Up to 40% lower latency than Google",
            &["unclassified-claim"],
        ),
        ("30% cheaper than OpenRouter", &["unclassified-claim"]),
        (
            "Nano Banana API 80% off official pricing",
            &["savings-overstated"],
        ),
        (
            "Official API access — 3% off Google's price",
            &["official-claim"],
        ),
        (
            "100 free credits on signup, no credit card required",
            &["free-credits"],
        ),
        ("Free credits, no Google account needed", &["free-credits"]),
        (
            "Simple OAuth flow for your API key",
            &["unclassified-claim"],
        ),
        ("Try it in Flow", &["consumer-surface"]),
        ("Generate images in Acme AI Studio", &["unclassified-claim"]),
        (
            "Free Nano Banana Pro API — just sign up",
            &["free-official-api", "free-api-key"],
        ),
        ("支持包括但不限于1K、2K、4K等尺寸", &["unclassified-claim"]),
        ("非官方渠道", &["unclassified-claim"]),
        ("Generaciones ilimitadas", &["unlimited-claim"]),
        ("Kostenloser API-Zugang", &["free-official-api"]),
    ];
    for (claim, want) in cases {
        let q = quiet_with(offers, &format!("claims:\n  - \"{claim}\"\n"));
        let s = Sandbox::new();
        s.write("quotes/q.yaml", q);
        let out = s.audit(&[]);
        assert_eq!(out.status.code(), Some(0), "{claim}: {}", stderr(&out));
        let mut got: Vec<String> = s
            .csv("reports/findings.csv")
            .into_iter()
            .filter(|r| r["subject"] == "claims[0]")
            .map(|r| r["rule"].clone())
            .collect();
        got.sort();
        let mut want: Vec<String> = want.iter().map(|w| w.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "{claim}");
    }
    let f = fired(
        "free-credits",
        &quiet_with(
            offers,
            "claims:\n  - \"Free credits, no Google account needed\"\n",
        ),
        &[],
        &[],
    );
    assert_eq!(
        f[0]["severity"], "medium",
        "a Google account is not Google's credits"
    );
}

#[test]
fn savings_claims_are_checked_against_the_offers_they_name() {
    let offers =
        "  - {route: NB2, size: 2K, price: 0.09}\n  - {route: NB Pro, size: 4K, price: 0.12}\n";
    // 50% off holds for Pro 4K (0.12 against 0.24) but not for 2K (10.89%).
    let named = quiet_with(
        offers,
        "claims:\n  - \"2K images 50% cheaper than Google\"\n",
    );
    assert_eq!(fired("savings-overstated", &named, &[], &[]).len(), 1);
    let best = quiet_with(offers, "claims:\n  - \"Up to 50% off Google's price\"\n");
    assert!(fired("savings-overstated", &best, &[], &[]).is_empty());
    let range = quiet_with(offers, "claims:\n  - \"70-83% off official pricing\"\n");
    let f = fired("savings-overstated", &range, &[], &[]);
    assert!(
        f[0]["message"].contains("claims 83% off"),
        "{}",
        f[0]["message"]
    );
    let of_list = quiet_with(offers, "claims:\n  - \"Pay 40% of Google's list price\"\n");
    assert!(
        fired("savings-overstated", &of_list, &[], &[])[0]["message"].contains("claims 60% off")
    );
}

#[test]
fn a_huge_claimed_saving_does_not_overflow() {
    let q = quiet_with(
        "  - {route: Nano Banana 2, size: 2K, price: 75750000000000000000000000}\n",
        "claims:\n  - \"9999999999999999999999999999% off\"\n",
    );
    assert_eq!(fired("savings-overstated", &q, &[], &[]).len(), 1);
}

#[test]
fn a_claim_that_misquotes_google_s_price_is_found() {
    let offers = "  - {route: NB Pro, size: 4K, price: 0.2}\n";
    let wrong = quiet_with(
        offers,
        "claims:\n  - \"Official 4K price ~$0.268, ours is less\"\n",
    );
    let f = fired("official-price-misquoted", &wrong, &[], &[]);
    assert!(f[0]["message"].contains("USD 0.268"), "{}", f[0]["message"]);
    let right = quiet_with(offers, "claims:\n  - \"Google charges $0.24 for Pro 4K\"\n");
    assert!(fired("official-price-misquoted", &right, &[], &[]).is_empty());
}

#[test]
fn an_unknown_owner_is_a_gap_and_official_claimed_is_checked_without_a_price() {
    let q = quiet_quote(
        "  - {route: NB Pro, size: 4K, price: 100, unit: credit, official_claimed: 0.268}\n",
    )
    .replace("billing: vendor", "billing: unknown");
    assert_eq!(fired("billing-unstated", &q, &[], &[]).len(), 1);
    assert_eq!(fired("official-price-misquoted", &q, &[], &[]).len(), 1);
}

#[test]
fn policy_turns_rules_off_changes_severities_and_thresholds() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        quiet_quote("  - {route: NB2, size: 2K, lane: Turbo, price: 0.104}\n"),
    );
    s.write(
        "policy.yaml",
        "rules:\n  vendor-lane: off\n  above-official: high\nthresholds:\n  tolerance_pct: 0.1\n",
    );
    let out = s.audit(&["--policy", "policy.yaml", "--fail-on", "high"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(findings_of(&s, "vendor-lane").is_empty());
    assert_eq!(findings_of(&s, "above-official")[0]["severity"], "high");
    assert_eq!(s.csv("reports/summary.csv")[0]["high"], "1");
    // --tolerance on the command line wins over the policy's.
    s.audit(&["--policy", "policy.yaml", "--tolerance", "5"]);
    assert!(findings_of(&s, "above-official").is_empty());

    s.write("bad.yaml", "rules:\n  vendor-lanes: off\n");
    let out = s.audit(&["--policy", "bad.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.yaml:2:3: error: unknown rule `vendor-lanes`"),
        "{err}"
    );
    assert!(err.contains("did you mean `vendor-lane`?"), "{err}");
}

#[test]
fn rules_command_lists_the_catalogue() {
    let s = Sandbox::new();
    let out = s.run(&["rules", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    expect_file(&repo().join("tests/golden/rules.json"), &stdout(&out));
    let table = stdout(&s.run(&["rules"]));
    for r in quote_audit::model::Rule::ALL {
        assert!(table.contains(r.id()), "{}", r.id());
    }
}

#[test]
fn readme_documents_every_rule() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for r in quote_audit::model::Rule::ALL {
        assert!(
            readme.contains(r.id()),
            "README.md does not mention {}",
            r.id()
        );
    }
}

/// Sentences written to be near misses of each claim rule — negations a reader can miss,
/// the vendor's own price after Google's, sizes and units said around the amount, a name
/// several models share, percentages that are no saving. Constructed for this test, not
/// copied from a page (the real sentences are in `tests/claims/`): none may raise a `high`
/// claim finding.
#[test]
fn near_misses_of_the_claim_rules_raise_no_high_finding() {
    let s = Sandbox::new();
    s.write(
        "quotes/q.yaml",
        quiet_with(
            "  - {route: Nano Banana Pro, size: 1K, price: 0.05}\n  - {route: Nano Banana Pro, size: 2K, price: 0.05}\n  - {route: Nano Banana Pro, size: 4K, price: 0.09}\n",
            r#"claims:
  - "The free tier doesn't include image generation."
  - "Google's free tier excludes image models like Nano Banana Pro."
  - "Free tier limits do not apply to image models; they require billing."
  - "Neither the API nor Vertex AI offers free image generation."
  - "You can't generate images for free with the API."
  - "Images can't be generated free of charge via the API."
  - "Google removed the free API tier for image models in December."
  - "Google discontinued the free tier for Nano Banana Pro."
  - "Free API access ended on December 7."
  - "Free tier: ✗"
  - "Free tier: ❌"
  - "Free tier | —"
  - "Free quota for images: 0"
  - "Is there a free Nano Banana Pro API? No."
  - "免费API？不存在的。"
  - "Don't believe sites promising a free Nano Banana Pro API."
  - "Beware of \"free Nano Banana API\" scams."
  - "Nano Banana Pro API는 무료가 아닙니다."
  - "Бесплатного доступа к API Nano Banana Pro не существует."
  - "Nano Banana Pro API ücretsiz değil."
  - "APIの無料枠では画像生成はできません。"
  - "Feel free to switch between image models at any time."
  - "Toll-free support for API customers."
  - "Images free of watermarks, via the official API."
  - "Our API is free from content filters beyond Google's own."
  - "Free model switching, pay only for the images you generate."
  - "We run on Tier 3 of Google's rate limits, so no 429 errors."
  - "Our account is on Tier 2 of Google's pricing tiers."
  - "首充1折优惠，Nano Banana Pro 4K 仅需 $0.09"
  - "官方价$0.031折合人民币约0.22元"
  - "官方价 $0.24 折合人民币 1.73 元"
  - "Up to 70% off for Nano Banana 2; Nano Banana Pro at 62% off."
  - "Google's price for 1K to 4K is $0.134 to $0.24 per image"
  - "Google charges $0.134 for 1K, 2K and $0.24 for 4K images"
  - "Per 1,000 images, Google charges $134 at 1K and $240 at 4K."
  - "Google's official cost for 1000 4K images is $240."
  - "Google pricing (per 1K images): $134"
  - "Official price for Nano Banana is $0.039 per image; Nano Banana Pro is much more expensive."
  - "Official: $0.039 per image for Nano Banana, $0.134 for Nano Banana Pro"
  - "Official price $0.24 per 4K image, discounted price $0.09."
  - "Google official price $0.134/image, here $0.05/image"
  - "官方价 $0.24/张，会员价 $0.09/张"
  - "공식 가격 4K $0.24, 여기서는 $0.09"
  - "Официальная цена $0.24 за 4K, у нас $0.09."
  - "Prix officiel 0,24 $ par image 4K, chez nous 0,09 $."
  - "Preço oficial $0.24 por imagem 4K, conosco $0.09."
  - "Offizieller Google-Preis: 0,24 $ pro 4K-Bild, bei uns 0,09 $."
"#,
        ),
    );
    let out = s.audit(&[]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let high: Vec<(String, String)> = s
        .csv("reports/findings.csv")
        .into_iter()
        .filter(|r| r["severity"] == "high" && r["subject"].starts_with("claims"))
        .map(|r| (r["rule"].clone(), r["evidence"].clone()))
        .collect();
    assert!(high.is_empty(), "{high:#?}");
}
