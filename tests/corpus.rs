//! The benchmark corpus (`bench/`): a generated report converted by
//! `bench/to_hyoka.py` builds, and its pages carry what the corpus says.
//!
//! The same generator and converter feed `bench/run.sh`, so this keeps the
//! benchmark honest: it times a build that is complete and correct. The test
//! needs `python3` (CI has it) and is skipped without it. It asserts no
//! timings.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use serde_json::Value as Json;

/// Measures in the generated corpus: three fields' worth, with every kind of value.
const MEASURES: usize = 20;

fn python() -> Option<&'static str> {
    let works = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    works.then_some("python3")
}

fn run(python: &str, script: &str, args: &[&Path]) {
    let output = Command::new(python)
        .arg(repo().join("bench").join(script))
        .args(args)
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "{script} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A corpus number as the report prints it: "1,338", "92.2", "1,234.5".
fn number(value: &Json) -> String {
    let plain = match value.as_i64() {
        Some(int) => int.to_string(),
        None => value.as_f64().expect("a number").to_string(),
    };
    let (int, frac) = plain
        .split_once('.')
        .map_or((plain.as_str(), None), |(int, frac)| (int, Some(frac)));
    let (sign, digits) = int
        .strip_prefix('-')
        .map_or(("", int), |digits| ("-", digits));
    let mut out = sign.to_string();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A KPI cell: number and unit, "—" for null.
fn cell(value: &Json, unit: &str) -> String {
    if value.is_null() {
        "—".to_string()
    } else {
        format!("{}{unit}", number(value))
    }
}

fn str_of<'a>(json: &'a Json, key: &str) -> &'a str {
    json[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {json}"))
}

fn array<'a>(json: &'a Json, key: &str) -> &'a Vec<Json> {
    json[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not an array in {json}"))
}

#[test]
fn generated_corpus_builds_and_every_kpi_value_reaches_its_page() {
    let Some(python) = python() else {
        eprintln!("skipped: python3 is not available");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (corpus, site, out) = (
        dir.path().join("corpus"),
        dir.path().join("site"),
        dir.path().join("out"),
    );
    run(
        python,
        "gen_corpus.py",
        &[Path::new(&MEASURES.to_string()), &corpus],
    );
    run(python, "to_hyoka.py", &[&corpus, &site]);
    let built = hyoka(
        dir.path(),
        &[
            "build",
            "--root",
            site.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        built.status.success(),
        "build of the generated corpus failed:\n{}",
        stderr(&built)
    );

    let index: Json = serde_json::from_str(&read(&corpus.join("corpus.json"))).unwrap();
    let ids: Vec<&str> = array(&index, "fields")
        .iter()
        .flat_map(|field| array(field, "measures"))
        .map(|id| id.as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), MEASURES);

    let (mut values, mut missing, mut charts_checked) = (0, 0, 0);
    for id in ids {
        let measure: Json =
            serde_json::from_str(&read(&corpus.join("measures").join(format!("{id}.json"))))
                .unwrap();
        let html = read(&out.join("measures").join(id).join("index.html"));
        let text = page_text(&html);
        // One chart a KPI, inline, in the order of the KPI tables.
        let mut charts = inline_charts(&html).into_iter();
        let mut expected = vec![
            str_of(&measure, "name").to_string(),
            str_of(&measure, "field").to_string(),
            str_of(&measure, "plan").to_string(),
        ];
        for major in array(&measure, "majors") {
            expected.push(str_of(major, "title").to_string());
            for kpi in array(major, "kpis") {
                let unit = str_of(kpi, "unit");
                let baseline = &kpi["baseline"];
                let mut cells = vec![
                    format!(
                        "{}({})",
                        cell(&baseline["value"], unit),
                        str_of(baseline, "year")
                    ),
                    cell(&kpi["target"]["value"], unit),
                ];
                cells.extend(
                    array(kpi, "results")
                        .iter()
                        .map(|result| cell(&result["value"], unit)),
                );
                values += cells.len();
                missing += cells.iter().filter(|cell| *cell == "—").count();
                // The chart is named after the KPI, and its description
                // lists every value.
                let chart = charts.next().expect("a chart for each KPI");
                let element = |name: &str| {
                    let start = chart.find(&format!("<{name}")).unwrap();
                    let end = chart.find(&format!("</{name}>")).unwrap();
                    page_text(&chart[start..end])
                };
                let name = str_of(kpi, "name");
                let star = if kpi["star"] == true { "【★】" } else { "" };
                assert_eq!(
                    element("title"),
                    format!("{name}{star}の推移"),
                    "measures/{id}"
                );
                let description = element("desc");
                for cell in &cells {
                    assert!(
                        description.contains(cell.as_str()),
                        "measures/{id}: {cell} not in {description}"
                    );
                }
                expected.push(str_of(kpi, "name").to_string());
                expected.push(str_of(kpi, "direction").to_string());
                expected.extend(cells);
                charts_checked += 1;
            }
            for mid in array(major, "mids") {
                expected.push(str_of(mid, "title").to_string());
                for project in array(mid, "projects") {
                    expected.push(str_of(project, "name").to_string());
                    expected.push(str_of(project, "department").to_string());
                    expected.extend(
                        array(project, "achievements")
                            .iter()
                            .chain(array(project, "analysis"))
                            .map(|s| s.as_str().unwrap().to_string()),
                    );
                }
            }
        }
        for want in &expected {
            assert!(
                text.contains(want.as_str()),
                "measures/{id}/index.html lacks {want:?}"
            );
        }
        assert_eq!(charts.next(), None, "measures/{id}: more charts than KPIs");
        assert!(
            !std::fs::read_dir(out.join("measures").join(id))
                .unwrap()
                .any(|entry| entry
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|ext| ext == "svg")),
            "measures/{id}: no chart files"
        );
    }
    // Make sure the test saw real data, missing results (—) included.
    assert!(values > MEASURES * 30, "only {values} values checked");
    assert!(missing > 0, "no missing result among {values} values");
    assert!(
        charts_checked > MEASURES * 6,
        "only {charts_checked} charts checked"
    );
}
