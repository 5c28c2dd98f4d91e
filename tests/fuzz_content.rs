//! Property tests of the content loader: any bytes, YAML-shaped text and
//! mutations of real content files end in data or in an error with a sane
//! position, never in a panic; values and fiscal years parse any text.
//!
//! CI runs the default number of cases (256 per property, a few seconds); for
//! a long run set PROPTEST_CASES, e.g. `PROPTEST_CASES=200000 cargo test
//! --release --test fuzz_content`. The cargo-fuzz target
//! `fuzz/fuzz_targets/content_yaml.rs` does the same with coverage guidance.

mod common;

use std::path::Path;

use common::yaml_edits::{edit, spliced, syntax_and};
use common::*;
use hyoka::content::load::read_yaml;
use hyoka::content::parse::parse_yaml;
use hyoka::content::{Config, Department, Field, FiscalYear, Measure, Project, Value, ValueKind};
use proptest::prelude::*;
use serde::de::DeserializeOwned;

/// Parses `text` as `T`; each problem must point inside the text.
fn check_parse<T: DeserializeOwned>(text: &str) -> Result<(), TestCaseError> {
    if let Err(problems) = parse_yaml::<T>(text) {
        prop_assert!(!problems.is_empty(), "no problem given for {text:?}");
        let lines = yaml_lines(text);
        for (position, _field, message) in problems {
            prop_assert!(
                position.line <= lines,
                "line {} of {lines}: {message}\n{text:?}",
                position.line
            );
            prop_assert!(!message.is_empty(), "empty message for {text:?}");
        }
    }
    Ok(())
}

/// Lines as YAML counts them: `\r\n`, `\n` and a lone `\r` each end one.
/// (Found by this suite: `str::lines` does not split at a lone `\r`.)
fn yaml_lines(text: &str) -> u32 {
    let breaks = text.replace("\r\n", "\n").matches(['\n', '\r']).count();
    u32::try_from(breaks + 1).unwrap_or(u32::MAX)
}

/// Every kind of content file, and any YAML at all.
fn check_every_kind(text: &str) -> Result<(), TestCaseError> {
    check_parse::<Config>(text)?;
    check_parse::<Field>(text)?;
    check_parse::<Measure>(text)?;
    check_parse::<Project>(text)?;
    check_parse::<Vec<Department>>(text)?;
    check_parse::<serde_json::Value>(text)
}

/// The content files of the bundled site and the minimal fixture: seeds for mutation.
fn real_files() -> Vec<String> {
    let mut files = Vec::new();
    for root in [repo().join("content"), fixtures().join("minimal")] {
        for entry in walkdir::WalkDir::new(root).into_iter().map(Result::unwrap) {
            if entry.path().extension().is_some_and(|ext| ext == "yaml") {
                files.push(std::fs::read_to_string(entry.path()).unwrap());
            }
        }
    }
    files.sort();
    files
}

/// Pieces that the value parser, the year parser and the model treat
/// specially, besides YAML's own ([`YAML_SYNTAX`]).
const CONTENT_PIECES: &[&str] = &[
    "${HOME}",
    "1,338時間",
    "40.9%(令和2年度)",
    "△3",
    "▲",
    "—",
    "―",
    "－",
    "集計中",
    "（",
    "）",
    "令和",
    "平成",
    "昭和",
    "元",
    "年度",
    "５",
    "2023",
    "99999",
    "name",
    "major_items",
    "kpis",
    "results",
    "baseline",
    "target",
    "target_year",
    "direction",
    "増加",
    "rows",
    "achievements",
    "measure",
    "department",
    "id",
    "fields",
    "number",
    "mid_items",
    "projects",
    "fiscal_year",
    "judgment",
];

fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        5 => proptest::sample::select(syntax_and(CONTENT_PIECES)).prop_map(str::to_string),
        1 => "[a-z0-9 ]{0,5}",
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

/// A real content file with a few pieces inserted, deleted or replaced.
fn mutated_real_file() -> impl Strategy<Value = String> {
    (
        proptest::sample::select(real_files()),
        proptest::collection::vec(edit(syntax_and(CONTENT_PIECES)), 1..6),
    )
        .prop_map(|(file, edits)| spliced(&file, &edits))
}

proptest! {
    #[test]
    fn any_text_parses_or_fails_cleanly(text in any::<String>()) {
        check_every_kind(&text)?;
    }

    #[test]
    fn yaml_shaped_text_parses_or_fails_cleanly(text in yamlish()) {
        check_every_kind(&text)?;
    }

    #[test]
    fn mutated_content_files_parse_or_fail_cleanly(text in mutated_real_file()) {
        check_every_kind(&text)?;
    }

    #[test]
    fn any_bytes_read_from_a_file_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("m.yaml"), &bytes).unwrap();
        if let Err(problems) = read_yaml::<Measure>(dir.path(), Path::new("m.yaml")) {
            let problems = problems.into_sorted();
            prop_assert_eq!(problems.len(), 1);
            prop_assert_eq!(&problems[0].file, Path::new("m.yaml"));
        }
    }

    #[test]
    fn any_cell_is_a_value_that_keeps_its_text(text in prop_oneof![any::<String>(), yamlish()]) {
        let value = Value::parse(&text);
        prop_assert_eq!(&value.original, &text);
        if let (Some(number), Some(plain), Some(unit)) = (value.number(), value.plain(), value.unit()) {
            prop_assert!(number.is_finite());
            prop_assert_eq!(plain.parse::<f64>().ok(), Some(number));
            prop_assert!(unit.chars().count() <= 6 && !unit.chars().any(|c| c.is_ascii_digit()), "unit {unit:?}");
        }
        prop_assert_eq!(value.number().is_some(), matches!(value.kind, ValueKind::Number { .. }));
        prop_assert_eq!(value.plain().is_some(), value.number().is_some());
        prop_assert_eq!(value.unit().is_some(), value.number().is_some());
    }

    #[test]
    fn any_text_is_a_fiscal_year_or_none(text in prop_oneof![any::<String>(), yamlish()]) {
        if let Some(year) = FiscalYear::parse(&text) {
            prop_assert!((1868..=9999).contains(&year.western()), "{text:?} → {year:?}");
        }
    }

    #[test]
    fn fiscal_years_round_trip_through_both_calendars(year in 1868..=9999) {
        let year = FiscalYear(year);
        prop_assert_eq!(FiscalYear::parse(&year.wareki()), Some(year));
        prop_assert_eq!(FiscalYear::parse(&year.western().to_string()), Some(year));
        prop_assert!(year.both().starts_with(&year.wareki()));
    }
}

#[test]
fn fiscal_years_after_reiwa_99_round_trip() {
    // Found by fiscal_years_round_trip_through_both_calendars (shrunk to 2118).
    let year = FiscalYear(2118);
    assert_eq!(
        FiscalYear::parse(&year.wareki()),
        Some(year),
        "{}",
        year.wareki()
    );
}

#[test]
fn the_mutation_seeds_are_real_files() {
    let files = real_files();
    assert!(files.len() >= 10, "{} seed files", files.len());
    for file in &files {
        assert!(parse_yaml::<serde_json::Value>(file).is_ok(), "{file}");
    }
}
