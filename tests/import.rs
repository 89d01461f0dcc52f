//! `import litellm` and `import csv`: quote files written from LiteLLM's real price map (a cut
//! of litellm 1.110.2, see `tests/fixtures/litellm/README.md`) and from a reviewer's sheet,
//! then audited like any quote.

use crate::support::*;

const MAP: &str = "tests/fixtures/litellm/litellm-1.110.2-cut.json";

/// The map's Nano Banana entries, listed by hand from the fixture (not by the importer's
/// reading): each must reach a comparison row.
const NANO_BANANA_KEYS: &[&str] = &[
    "aiml/google/nano-banana-pro",
    "databricks/databricks-gemini-3-1-flash-image",
    "databricks/databricks-gemini-3-1-flash-lite-image",
    "databricks/databricks-gemini-3-pro-image",
    "fal_ai/fal-ai/gemini-25-flash-image",
    "fal_ai/fal-ai/nano-banana",
    "fal_ai/fal-ai/nano-banana-2",
    "fal_ai/fal-ai/nano-banana-pro",
    "gemini-2.5-flash-image",
    "gemini-3-pro-image",
    "gemini-3-pro-image-preview",
    "gemini-3.1-flash-image",
    "gemini-3.1-flash-image-preview",
    "gemini-3.1-flash-lite-image",
    "gemini-nano-banana-2.1",
    "gemini/gemini-2.5-flash-image",
    "gemini/gemini-3-pro-image",
    "gemini/gemini-3-pro-image-preview",
    "gemini/gemini-3.1-flash-image",
    "gemini/gemini-3.1-flash-image-preview",
    "gemini/gemini-3.1-flash-lite-image",
    "gemini/gemini-nano-banana-2.1",
    "gemini/nano-banana-pro-preview",
    "vertex_ai/gemini-2.5-flash-image",
    "vertex_ai/gemini-3-pro-image",
    "vertex_ai/gemini-3-pro-image-preview",
    "vertex_ai/gemini-3.1-flash-image",
    "vertex_ai/gemini-3.1-flash-image-preview",
    "vertex_ai/gemini-3.1-flash-lite-image",
    "vertex_ai/gemini-nano-banana-2.1",
];

fn import_map(s: &Sandbox) -> std::process::Output {
    let map = repo().join(MAP);
    s.run(&[
        "import",
        "litellm",
        map.to_str().unwrap(),
        "--label",
        "litellm 1.110.2",
        "--date",
        "2026-12-03",
    ])
}

#[test]
fn every_nano_banana_entry_of_the_map_reaches_a_comparison_row() {
    let s = Sandbox::new();
    let out = import_map(&s);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("skipped 5 entries for other models"),
        "{}",
        stdout(&out)
    );
    let out = s.audit(&["quotes/imported", "--as-of", "2026-12-03"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = s.csv("reports/comparison.csv");
    for key in NANO_BANANA_KEYS {
        let prefix = format!("{key}: ");
        assert!(
            rows.iter()
                .any(|r| r["offer_id"].starts_with(&prefix) && !r["model"].is_empty()),
            "{key} has no comparison row with a model"
        );
    }
    let keys: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|r| r["offer_id"].split(": ").next().unwrap())
        .collect();
    assert_eq!(keys.len(), NANO_BANANA_KEYS.len(), "{keys:?}");
}

#[test]
fn the_real_map_raises_no_high_finding_and_no_question_about_terms() {
    let s = Sandbox::new();
    import_map(&s);
    s.audit(&["quotes/imported", "--as-of", "2026-12-03"]);
    for f in s.csv("reports/findings.csv") {
        assert_ne!(f["severity"], "high", "{f:?}");
        assert!(
            !f["rule"].ends_with("-unstated") || f["rule"] == "size-unstated",
            "{f:?}"
        );
    }
    // Google's own default figures that are its price at one size only are said, low.
    let low = findings_of(&s, "price-map-disagrees");
    assert!(
        low.iter().any(|f| f["severity"] == "low"
            && f["message"].contains("gemini/gemini-3.1-flash-image: output_cost_per_image`")
            && f["message"].contains("Google's price at 0.5K only")),
        "{low:?}"
    );
}

#[test]
fn figures_are_written_exactly_and_google_providers_are_marked_official() {
    let s = Sandbox::new();
    import_map(&s);
    let gemini = s.read("quotes/imported/litellm-map-gemini/2026-12-03.yaml");
    // 6e-05 per token is 60 per 1M tokens, exactly.
    assert!(
        gemini.contains(
            "  # gemini/gemini-3-pro-image → output_cost_per_image_token_batches: 6e-05 per token, 60 per 1M tokens\n  - id: \"gemini/gemini-3-pro-image: output_cost_per_image_token_batches\"\n    route: \"gemini-3-pro-image\"\n    size: \"any\"\n    lane: \"batch\"\n    price: 60\n    unit: \"1m-tokens\"\n"
        ),
        "{gemini}"
    );
    assert!(gemini.contains("  official: true\n"), "{gemini}");
    assert!(
        gemini.contains("LiteLLM deprecation_date 2026-06-25"),
        "{gemini}"
    );
    let fal = s.read("quotes/imported/litellm-map-fal-ai/2026-12-03.yaml");
    assert!(fal.contains("  official: false\n"), "{fal}");
    // The default figure of an entry that also prices sizes is for no size in particular.
    assert!(
        fal.contains("  - id: \"fal_ai/fal-ai/nano-banana-2: output_cost_per_image\"\n    route: \"fal-ai/nano-banana-2\"\n    size: \"unstated\"\n"),
        "{fal}"
    );
}

#[test]
fn importing_again_writes_the_same_bytes_and_leaves_an_edited_file() {
    let s = Sandbox::new();
    import_map(&s);
    let first = files_in(&s.path("quotes/imported/litellm-map-gemini"));
    let out = import_map(&s);
    assert!(stdout(&out).contains("unchanged quotes/imported/litellm-map-gemini/2026-12-03.yaml"));
    assert_eq!(
        files_in(&s.path("quotes/imported/litellm-map-gemini")),
        first
    );

    let file = "quotes/imported/litellm-map-gemini/2026-12-03.yaml";
    let edited = s.read(file).replace("price: 0.039", "price: 0.04");
    s.write(file, &edited);
    let fal = "quotes/imported/litellm-map-fal-ai/2026-12-03.yaml";
    std::fs::remove_file(s.path(fal)).unwrap();
    let out = import_map(&s);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("1 file was edited since it was imported"),
        "{}",
        stderr(&out)
    );
    // Refused before anything was written: the edit stays, the removed file is not back.
    assert_eq!(s.read(file), edited);
    assert!(!s.path(fal).exists());

    let map = repo().join(MAP);
    let out = s.run(&[
        "import",
        "litellm",
        map.to_str().unwrap(),
        "--label",
        "litellm 1.110.2",
        "--date",
        "2026-12-03",
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("replaced {file}")));
    assert_eq!(
        files_in(&s.path("quotes/imported/litellm-map-gemini")),
        first
    );
}

/// Imports `json` as map.json, which must be refused with exit 2 and nothing written; its
/// stderr.
fn refused(json: &str) -> String {
    let s = Sandbox::new();
    s.write("map.json", json);
    let out = s.run(&["import", "litellm", "map.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!s.path("quotes").exists(), "nothing is written");
    stderr(&out)
}

#[test]
fn a_file_that_is_not_a_map_is_refused_at_its_place() {
    let err = refused("{\n  \"gemini/x\": {\"output_cost_per_image\": 0.1,}\n}\n");
    assert!(err.starts_with("map.json:2:"), "{err}");
    // A map with no entry for a model the baseline knows says so.
    let err = refused("{\"gpt-image-1\": {\"output_cost_per_image\": 0.04}}\n");
    assert!(
        err.contains("has no entry for a model the baseline"),
        "{err}"
    );
}

#[test]
fn a_sheet_becomes_one_quote_per_vendor_and_date() {
    let s = Sandbox::new();
    let sheet = repo().join("tests/fixtures/sheets/offers.csv");
    let out = s.run(&["import", "csv", sheet.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // "Acme Gateway" and "ACME gateway" are one vendor; Huayun quoted on two dates.
    assert!(
        stdout(&out).contains("3 quotes from 5 rows"),
        "{}",
        stdout(&out)
    );
    let acme = s.read("quotes/acme-gateway/2026-05-02.yaml");
    assert_eq!(acme.matches("  - route:").count(), 3, "{acme}");
    // A column of another name, or of none, is kept in the note.
    assert!(
        acme.contains(
            "note: \"typed from the page, 2 May; Region: EU; column 12: price is per 4 images, VAT excluded\""
        ),
        "{acme}"
    );
    // The sheet is named by its file name, wherever it was read from.
    assert!(acme.contains("  # line 2 of offers.csv\n"), "{acme}");
    assert!(acme.contains("price: \"$0.10\""), "{acme}");
    assert!(
        s.read("quotes/huayun/2026-05-20.yaml")
            .contains("currency: \"CNY\"")
    );
    let out = s.audit(&["--fx", "CNY=7.2", "--as-of", "2026-06-02"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(s.csv("reports/comparison.csv").len(), 5);
}

#[test]
fn every_sheet_error_is_reported_at_its_cell() {
    for name in [
        "every-error",
        "no-price-column",
        "repeated-column",
        "header-only",
        "crlf-and-blank-lines",
    ] {
        let s = Sandbox::new();
        let sheet = format!("tests/fixtures/sheets/{name}.csv");
        s.write(&sheet, std::fs::read(repo().join(&sheet)).unwrap());
        let out = s.run(&["import", "csv", &sheet]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        expect_file(
            &repo().join(format!("tests/fixtures/sheets/{name}.stderr")),
            &stderr(&out),
        );
        assert!(!s.path("quotes").exists(), "{name}: nothing is written");
    }
}

#[test]
fn budget_leaves_out_googles_own_map_and_prices_the_gateways() {
    let s = Sandbox::new();
    import_map(&s);
    let out = s.run(&[
        "budget",
        "quotes/imported",
        "--count",
        "1000",
        "--model",
        "Nano Banana 2",
        "--size",
        "4K",
        "--as-of",
        "2026-12-03",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sheet = s.read("reports/budget.csv");
    assert!(!sheet.contains("LiteLLM map: gemini"), "{sheet}");
    assert!(!sheet.contains("LiteLLM map: vertex_ai"), "{sheet}");
    assert!(sheet.contains("LiteLLM map: fal_ai"), "{sheet}");
}

#[test]
fn a_figure_the_quote_reader_cannot_keep_is_left_out_with_why() {
    let s = Sandbox::new();
    s.write(
        "map.json",
        r#"{
  "gemini/gemini-3-pro-image": {"output_cost_per_image_token": 1e22, "output_cost_per_image": 0.134,
    "source": "bad \uffff text"},
  "gemini/gemini-3.1-flash-image": {"output_cost_per_image": "0.045", "output_cost_per_image_2K": -0.1}
}"#,
    );
    let out = s.run(&["import", "litellm", "map.json", "--date", "2026-12-03"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let note = stderr(&out);
    for why in [
        "gemini/gemini-3-pro-image: output_cost_per_image_token (1e+22 has more digits than a price can keep exactly)",
        "gemini/gemini-3.1-flash-image: output_cost_per_image (not a number)",
        "gemini/gemini-3.1-flash-image: output_cost_per_image_2K (-0.1 is not a price)",
    ] {
        assert!(note.contains(why), "{why}\n{note}");
    }
    let out = s.audit(&["quotes/imported", "--as-of", "2026-12-03"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_key_written_twice_is_refused() {
    let err = refused(
        "{\"gemini/gemini-3-pro-image\": {\"output_cost_per_image\": 0.5},\n\"gemini/gemini-3-pro-image\": {\"output_cost_per_image\": 0.134}}\n",
    );
    assert!(err.starts_with("map.json:2:"), "{err}");
    assert!(err.contains("is written twice"), "{err}");
    // Inside an entry too: a figure written twice is not read as its last value.
    let err = refused(
        "{\"gemini/gemini-3-pro-image\": {\"output_cost_per_image\": 0.5,\n  \"output_cost_per_image\": 0.134}}\n",
    );
    assert!(err.starts_with("map.json:2:"), "{err}");
    assert!(
        err.contains("\"output_cost_per_image\" is written twice"),
        "{err}"
    );
}

#[test]
fn googles_rounded_or_unrounded_figures_agree_and_a_wrong_rate_in_another_currency_does_not() {
    let s = Sandbox::new();
    // Vertex writes 1,120 tokens at $30 per 1M unrounded (0.0336) where Google writes 0.034, and
    // a map may round where the baseline keeps the unrounded figure (Nano Banana 2.1).
    s.write(
        "map.json",
        r#"{"vertex_ai/gemini-3.1-flash-image": {"output_cost_per_image_1K_batches": 0.0336,
  "output_cost_per_image_2K_batches": 0.0504, "output_cost_per_image_token_batches": 3e-05},
 "gemini/gemini-nano-banana-2.1": {"output_cost_per_image_1K": 0.034, "output_cost_per_image_1K_batches": 0.017}}"#,
    );
    let out = s.run(&["import", "litellm", "map.json", "--date", "2026-12-03"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    s.audit(&[
        "quotes/imported",
        "--as-of",
        "2026-12-03",
        "--tolerance",
        "0.1",
    ]);
    assert_eq!(findings_of(&s, "price-map-disagrees"), vec![]);

    // A rate in EUR is checked in USD: 240 EUR at 1 EUR = 1 USD is twice Google's $120.
    let gemini = s.read("quotes/imported/litellm-map-gemini/2026-12-03.yaml");
    s.write(
        "eur/q.yaml",
        gemini
            .replace(
                "received: 2026-12-03\n",
                "received: 2026-12-03\ncurrency: EUR\n",
            )
            .replace("price: 0.034\n", "price: 0.0336\n")
            .replace("price: 0.017\n", "price: 240\n    unit: 1m-tokens\n"),
    );
    s.audit(&["eur", "--as-of", "2026-12-03", "--fx", "EUR=1"]);
    let found = findings_of(&s, "price-map-disagrees");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]["message"].contains("EUR 240 (USD 240) per 1M"),
        "{found:?}"
    );
}

#[test]
fn two_vendors_that_would_share_a_file_are_refused() {
    // "A+B" and "A B" are two vendors (a symbol is kept when names are compared) whose file
    // names are the same: neither is written over the other.
    let s = Sandbox::new();
    s.write(
        "s.csv",
        "vendor,received,route,size,price\nA+B,2026-05-02,Nano Banana 2,2K,0.08\nA B,2026-05-02,Nano Banana 2,2K,0.09\n",
    );
    let out = s.run(&["import", "csv", "s.csv"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("would both be written to"),
        "{}",
        stderr(&out)
    );
    assert!(!s.path("quotes").exists());
}
