//! Any bytes as a content file: the loader's UTF-8 check, then every kind of
//! file and the KPI value and fiscal year parsers. Must never panic or hang.
#![no_main]

use hyoka::content::load::parse_yaml;
use hyoka::content::{Config, Department, Field, FiscalYear, Measure, Project, Value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // read_yaml refuses invalid UTF-8 before parsing, so only text reaches the parser.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_yaml::<Config>(text);
    let _ = parse_yaml::<Field>(text);
    let _ = parse_yaml::<Measure>(text);
    let _ = parse_yaml::<Project>(text);
    let _ = parse_yaml::<Vec<Department>>(text);
    let _ = parse_yaml::<serde_json::Value>(text);
    let value = Value::parse(text);
    assert_eq!(value.original, text);
    if let Some(year) = FiscalYear::parse(text) {
        assert!(
            (1868..=9999).contains(&year.western()),
            "{text:?} → {year:?}"
        );
    }
});
