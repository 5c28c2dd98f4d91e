//! Open data downloads and progress judgments of the bundled report.

mod common;

use common::*;

/// Parses the CSV (after its byte order mark) into rows of cells.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("CSV starts with a BOM so Excel reads UTF-8");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn every_kpi_value_is_in_the_csv_as_a_number_with_its_unit() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let report = hyoka::build::load_report(site.path(), None).unwrap();
    let rows = csv_rows(&std::fs::read(output.join("data/kpi.csv")).unwrap());
    let header = &rows[0];
    assert_eq!(
        header.join(","),
        "分野ID,分野,施策ID,施策,大項目番号,大項目,KPI番号,KPI,★,推移の方向性,区分,年度,年度（和暦）,値,単位,注記,原文"
    );
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (kpi, kind, year, value, unit, original) = (
        column("KPI"),
        column("区分"),
        column("年度"),
        column("値"),
        column("単位"),
        column("原文"),
    );
    let mut expected_rows = 0;
    for major in &report.measures[0].data.major_items {
        for k in &major.kpis {
            let cells = std::iter::once(("baseline", None, &k.baseline))
                .chain(
                    k.results
                        .0
                        .iter()
                        .map(|(y, v)| ("result", Some(y.western()), v)),
                )
                .chain(std::iter::once((
                    "target",
                    Some(k.target_year.western()),
                    &k.target,
                )));
            for (kind_name, fiscal_year, cell) in cells {
                expected_rows += 1;
                let row = rows
                    .iter()
                    .find(|r| {
                        r[kpi] == k.name
                            && r[kind] == kind_name
                            && (fiscal_year.is_none()
                                || r[year] == fiscal_year.unwrap().to_string())
                    })
                    .unwrap_or_else(|| panic!("no row for {} {kind_name} {fiscal_year:?}", k.name));
                assert_eq!(row[original], cell.original, "original text kept");
                match cell.plain() {
                    Some(plain) => {
                        assert_eq!(
                            row[value], plain,
                            "{}: the number without separators",
                            cell.original
                        );
                        assert_eq!(row[unit], cell.unit().unwrap());
                    }
                    None => assert_eq!(
                        (row[value].as_str(), row[unit].as_str()),
                        ("", ""),
                        "{}: blank, never 0",
                        cell.original
                    ),
                }
            }
        }
    }
    assert_eq!(
        rows.len() - 1,
        expected_rows,
        "one row per KPI and value, nothing else"
    );
    // Known cells of the sample.
    let find = |name: &str, kind_name: &str, y: &str| {
        rows.iter()
            .find(|r| r[kpi] == name && r[kind] == kind_name && r[year] == y)
            .unwrap()
            .clone()
    };
    let r = find("AI・RPA等の利活用により削減した業務時間", "result", "2021");
    assert_eq!(
        (
            r[value].as_str(),
            r[unit].as_str(),
            r[column("年度（和暦）")].as_str()
        ),
        ("1338", "時間", "令和3年度")
    );
    let r = find("標準化した基幹業務の数", "result", "2022");
    assert_eq!((r[value].as_str(), r[original].as_str()), ("", "—"));
    let r = find(
        "「オンライン申請など、デジタル化によって摂津市で行われる手続が便利になったと思う」と回答した市民の割合",
        "baseline",
        "2020",
    );
    assert_eq!(
        (
            r[value].as_str(),
            r[unit].as_str(),
            r[column("注記")].as_str()
        ),
        ("40.9", "%", "令和2年度")
    );

    // JSON carries the same rows, numbers as numbers and blanks as null.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(output.join("data/kpi.json")).unwrap()).unwrap();
    let items = json.as_array().unwrap();
    assert_eq!(items.len(), expected_rows);
    let blank = items
        .iter()
        .find(|i| i["kpi"] == "標準化した基幹業務の数" && i["fiscal_year"] == 2022)
        .unwrap();
    assert!(blank["value"].is_null());
    let percent = items.iter().find(|i| i["original"] == "60.0%").unwrap();
    assert_eq!(percent["value"].to_string(), "60.0");
    // The measure's download beside its page holds its rows, all its major items'.
    let measure = csv_rows(&std::fs::read(output.join("measures/digital/kpi.csv")).unwrap());
    assert_eq!(measure.len() - 1, expected_rows);
    let in_major_3 = measure[1..]
        .iter()
        .filter(|r| r[column("大項目番号")] == "3")
        .count();
    assert_eq!(in_major_3, 3 * 5);
}

#[test]
fn project_bullets_are_in_their_own_csv() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let rows = csv_rows(&std::fs::read(output.join("data/projects.csv")).unwrap());
    assert_eq!(
        rows[0].join(","),
        "分野,施策ID,施策,大項目番号,大項目,中項目番号,中項目,事業ID,事業,担当課,年度,年度（和暦）,区分,番号,内容"
    );
    let report = hyoka::build::load_report(site.path(), None).unwrap();
    let bullets: usize = report
        .projects
        .iter()
        .flat_map(|p| &p.data.rows)
        .map(|r| r.achievements.len() + r.analysis.len())
        .sum();
    assert_eq!(rows.len() - 1, bullets);
    let first = &rows[1];
    assert_eq!(
        &first[5..14],
        [
            "1",
            "ICTによる事務の変革",
            "dx-suishin",
            "DX推進事業",
            "情報政策課",
            "2023",
            "令和5年度",
            "achievement",
            "1"
        ]
    );
    assert!(first[14].starts_with("RPAによる作業を、市民税課と選挙管理委員会事務局に導入した。"));
}

#[test]
fn kpis_show_their_progress_as_text_and_symbol_with_summaries() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let measure =
        page_text(&std::fs::read_to_string(output.join("measures/digital/index.html")).unwrap());
    assert!(
        measure.contains("764時間 1,000時間 ○ 順調 達成率 76.4%"),
        "{measure}"
    );
    assert!(
        measure.contains("0件 0件 0件 0件 0件 ◎ 達成"),
        "維持 within the band"
    );
    assert!(
        measure.contains("大項目1のKPIの進捗 ◎ 達成 2件 ○ 順調 1件 △ 遅れ 0件 － 評価不能 0件")
    );
    let top = page_text(&std::fs::read_to_string(output.join("index.html")).unwrap());
    assert!(
        top.contains("報告書全体のKPI（指標）10件の進捗です"),
        "{top}"
    );
    let field =
        page_text(&std::fs::read_to_string(output.join("fields/gyosei-keiei/index.html")).unwrap());
    assert!(field.contains("◎ 達成"), "{field}");
}

#[test]
fn sitemap_and_robots_use_the_base_url() {
    let site = bundled_copy();
    let output = hyoka(
        site.path(),
        &[
            "build",
            "--base-url",
            "https://www.city.example.lg.jp/hyoka/r5/",
        ],
    );
    assert!(output.status.success());
    let xml = std::fs::read_to_string(site.path().join("output/sitemap.xml")).unwrap();
    assert!(
        xml.contains("<loc>https://www.city.example.lg.jp/hyoka/r5/measures/digital/</loc>"),
        "{xml}"
    );
    let robots = std::fs::read_to_string(site.path().join("output/robots.txt")).unwrap();
    assert_eq!(
        robots,
        "User-agent: *\nAllow: /\nSitemap: https://www.city.example.lg.jp/hyoka/r5/sitemap.xml\n"
    );
    let measure =
        std::fs::read_to_string(site.path().join("output/measures/digital/index.html")).unwrap();
    assert!(measure.contains("<meta property=\"og:url\" content=\"https://www.city.example.lg.jp/hyoka/r5/measures/digital/\">"));
    assert!(measure.contains("<title>デジタル化｜行政経営｜摂津市 施策評価（令和5年度）</title>"));
    let map =
        page_text(&std::fs::read_to_string(site.path().join("output/sitemap/index.html")).unwrap());
    assert!(map.contains("3 業務継続性の確保"), "{map}");
}

#[test]
fn the_measures_downloads_together_hold_the_whole_reports_rows_in_every_column() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let report = hyoka::build::load_report(site.path(), None).unwrap();
    let read = |path: &str| std::fs::read(output.join(path)).unwrap();
    let json_rows =
        |path: &str| -> Vec<serde_json::Value> { serde_json::from_slice(&read(path)).unwrap() };
    let (whole_csv, whole_json) = (csv_rows(&read("data/kpi.csv")), json_rows("data/kpi.json"));
    let (mut joined_csv, mut joined_json) = (vec![whole_csv[0].clone()], Vec::new());
    for measure in &report.measures {
        let stem = format!("measures/{}/kpi", measure.id);
        let rows = csv_rows(&read(&format!("{stem}.csv")));
        assert_eq!(rows[0], whole_csv[0], "{stem}.csv has the same header");
        joined_csv.extend(rows.into_iter().skip(1));
        joined_json.extend(json_rows(&format!("{stem}.json")));
    }
    assert_eq!(joined_csv, whole_csv);
    assert_eq!(joined_json, whole_json);
    assert_eq!(whole_json.len(), whole_csv.len() - 1);

    // Every row has every column, and JSON and CSV say the same of each row.
    for (csv, json, keys, last) in [
        (whole_csv, whole_json, 17, "original"),
        (
            csv_rows(&read("data/projects.csv")),
            json_rows("data/projects.json"),
            15,
            "text",
        ),
    ] {
        assert!(csv.iter().all(|row| row.len() == keys));
        assert!(
            json.iter()
                .all(|row| row.as_object().unwrap().len() == keys)
        );
        let csv_last: Vec<&str> = csv[1..].iter().map(|row| row[keys - 1].as_str()).collect();
        let json_last: Vec<&str> = json.iter().map(|row| row[last].as_str().unwrap()).collect();
        assert_eq!(csv_last, json_last);
    }
}
