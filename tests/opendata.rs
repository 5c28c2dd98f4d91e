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
        "全国地方公共団体コード,地方公共団体名,報告年度,分野ID,分野,施策ID,施策,大項目番号,大項目,KPI番号,KPI,★,推移の方向性,区分,年度,年度（和暦）,値,単位,注記,原文"
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

    // The report's JSON holds the same values, numbers as numbers and blanks as null.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(output.join("data/report.json")).unwrap()).unwrap();
    let values: Vec<&serde_json::Value> = json["fields"][0]["measures"][0]["major_items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|major| major["kpis"].as_array().unwrap())
        .flat_map(|kpi| {
            let name = kpi["name"].as_str().unwrap();
            kpi["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |v| (name, v))
        })
        .filter(|(name, v)| *name == "標準化した基幹業務の数" && v["fiscal_year"] == 2022)
        .map(|(_, v)| v)
        .collect();
    assert_eq!(values.len(), 1);
    assert!(values[0]["value"].is_null());
    assert_eq!(values[0]["original"], "—");
    // Written as the report writes it: 60.0, not 60.
    let text = std::fs::read_to_string(output.join("data/report.json")).unwrap();
    assert!(text.contains(r#""value":60.0,"unit":"%","note":null,"original":"60.0%""#));
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
        "全国地方公共団体コード,地方公共団体名,報告年度,分野ID,分野,施策ID,施策,大項目番号,大項目,中項目番号,中項目,事業ID,事業,担当課ID,担当課,年度,年度（和暦）,区分,番号,内容"
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
        &first[..5],
        ["272248", "摂津市", "2023", "gyosei-keiei", "行政経営"]
    );
    assert_eq!(
        &first[9..19],
        [
            "1",
            "ICTによる事務の変革",
            "dx-suishin",
            "DX推進事業",
            "johoseisaku",
            "情報政策課",
            "2023",
            "令和5年度",
            "achievement",
            "1"
        ]
    );
    assert!(first[19].starts_with("RPAによる作業を、市民税課と選挙管理委員会事務局に導入した。"));
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
fn a_folder_named_in_japanese_is_percent_encoded_in_the_sitemap_and_robots() {
    let site = bundled_copy();
    let base_url = "https://www.city.example.lg.jp/評価/r5.1/";
    let output = hyoka(site.path(), &["build", "--base-url", base_url]);
    assert!(output.status.success(), "{}", stderr(&output));
    let xml = std::fs::read_to_string(site.path().join("output/sitemap.xml")).unwrap();
    assert!(
        xml.contains(
            "<loc>https://www.city.example.lg.jp/%E8%A9%95%E4%BE%A1/r5.1/measures/digital/</loc>"
        ),
        "{xml}"
    );
    assert!(!xml.contains("評価"), "{xml}");
    let robots = std::fs::read_to_string(site.path().join("output/robots.txt")).unwrap();
    assert!(
        robots.ends_with(
            "Sitemap: https://www.city.example.lg.jp/%E8%A9%95%E4%BE%A1/r5.1/sitemap.xml\n"
        ),
        "{robots}"
    );
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
    assert!(
        map.contains("3 持続可能な発展を支えるマネジメントの確立"),
        "{map}"
    );
}

/// The KPI and project table rows (without header) that `report`, the
/// report's JSON, holds, with the CSV's columns: every cell of every row.
fn json_as_tables(report: &serde_json::Value) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let cell = |value: &serde_json::Value| match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let list = |value: &serde_json::Value| value.as_array().unwrap().clone();
    let (mut kpis, mut bullets) = (Vec::new(), Vec::new());
    for field in list(&report["fields"]) {
        for measure in list(&field["measures"]) {
            assert_eq!(measure["field_id"], field["id"]);
            for major in list(&measure["major_items"]) {
                let item = [
                    &report["city_code"],
                    &report["city"],
                    &report["fiscal_year"],
                    &field["id"],
                    &field["name"],
                    &measure["id"],
                    &measure["name"],
                    &major["number"],
                    &major["title"],
                ];
                for kpi in list(&major["kpis"]) {
                    for value in list(&kpi["values"]) {
                        let columns = ["number", "name", "star", "direction"].map(|key| &kpi[key]);
                        let own = [
                            "kind",
                            "fiscal_year",
                            "fiscal_year_wareki",
                            "value",
                            "unit",
                            "note",
                            "original",
                        ]
                        .map(|key| &value[key]);
                        kpis.push(
                            item.iter()
                                .chain(&columns)
                                .chain(&own)
                                .map(|v| cell(v))
                                .collect(),
                        );
                    }
                }
                for mid in list(&major["mid_items"]) {
                    for project in list(&mid["projects"]) {
                        for row in list(&project["rows"]) {
                            for (kind, key) in
                                [("achievement", "achievements"), ("analysis", "analysis")]
                            {
                                for (i, text) in list(&row[key]).iter().enumerate() {
                                    let shared = [
                                        &report["city_code"],
                                        &report["city"],
                                        &report["fiscal_year"],
                                        &field["id"],
                                        &field["name"],
                                        &measure["id"],
                                        &measure["name"],
                                        &major["number"],
                                        &major["title"],
                                        &mid["number"],
                                        &mid["title"],
                                        &project["id"],
                                        &project["name"],
                                        &project["department_id"],
                                        &project["department"],
                                        &row["fiscal_year"],
                                        &row["fiscal_year_wareki"],
                                    ];
                                    let mut cells: Vec<String> =
                                        shared.iter().map(|v| cell(v)).collect();
                                    cells.extend([
                                        kind.to_string(),
                                        (i + 1).to_string(),
                                        cell(text),
                                    ]);
                                    bullets.push(cells);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    (kpis, bullets)
}

#[test]
fn the_measures_downloads_and_the_reports_json_hold_the_tables_rows_in_every_column() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let report = hyoka::build::load_report(site.path(), None).unwrap();
    let read = |path: &str| std::fs::read(output.join(path)).unwrap();
    let json = |path: &str| -> serde_json::Value { serde_json::from_slice(&read(path)).unwrap() };
    let (whole_kpis, whole_projects) = (
        csv_rows(&read("data/kpi.csv")),
        csv_rows(&read("data/projects.csv")),
    );
    let whole_json = json("data/report.json");
    let mut joined_csv = vec![whole_kpis[0].clone()];
    for measure in &report.measures {
        let folder = format!("measures/{}", measure.id);
        let rows = csv_rows(&read(&format!("{folder}/kpi.csv")));
        assert_eq!(
            rows[0], whole_kpis[0],
            "{folder}/kpi.csv has the same header"
        );
        joined_csv.extend(rows.into_iter().skip(1));
        let in_report = whole_json["fields"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|field| field["measures"].as_array().unwrap())
            .find(|m| m["id"] == measure.id.as_str())
            .unwrap();
        // The measure as in the report, after the report's own keys, so
        // that the file says whose and which year's it is.
        let mut expected = whole_json.as_object().unwrap().clone();
        expected.remove("fields");
        assert_eq!(expected["city_code"], "272248");
        expected.extend(in_report.as_object().unwrap().clone());
        let own = json(&format!("{folder}/measure.json"));
        assert_eq!(own.as_object().unwrap(), &expected);
        let text = String::from_utf8(read(&format!("{folder}/measure.json"))).unwrap();
        assert!(
            text.starts_with("{\"city\":\"摂津市\",\"city_code\":\"272248\",\"title\":")
                && text.contains(",\"data_license\":null,\"id\":"),
            "the report's keys come first: {text}"
        );
    }
    assert_eq!(joined_csv, whole_kpis);

    // Every row has every column, and the JSON says the same of each row.
    assert!(whole_kpis.iter().all(|row| row.len() == 20));
    assert!(whole_projects.iter().all(|row| row.len() == 20));
    let (kpis, bullets) = json_as_tables(&whole_json);
    assert_eq!(kpis, whole_kpis[1..]);
    assert_eq!(bullets, whole_projects[1..]);
    assert!(bullets.len() > 50, "{}", bullets.len());
}

#[test]
fn the_reports_json_and_each_measures_follow_the_published_schema() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let read = |path: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(output.join(path)).unwrap()).unwrap()
    };
    let schema = read("data/report.schema.json");
    let errors = |validator: &jsonschema::Validator, json: &serde_json::Value| -> Vec<String> {
        validator.iter_errors(json).map(|e| e.to_string()).collect()
    };
    let report = jsonschema::draft202012::new(&schema).unwrap();
    let mut json = read("data/report.json");
    assert_eq!(errors(&report, &json), Vec::<String>::new());
    let measure_schema = serde_json::json!({
        "$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/measure_file"
    });
    let measure = jsonschema::draft202012::new(&measure_schema).unwrap();
    let mut own = read("measures/digital/measure.json");
    assert_eq!(errors(&measure, &own), Vec::<String>::new());
    // The schema does reject what the JSON must not hold: a KPI value as
    // text, a key of its own, a measure without the report's keys or a
    // measure in the report with them.
    let mut in_report = json["fields"][0]["measures"][0].clone();
    json["fields"][0]["measures"][0]["major_items"][0]["kpis"][0]["values"][0]["value"] =
        "1,338".into();
    assert_eq!(errors(&report, &json).len(), 1);
    own["extra"] = true.into();
    assert_eq!(errors(&measure, &own).len(), 1);
    assert_eq!(
        errors(&measure, &in_report).len(),
        7,
        "one for each of the report's keys"
    );
    in_report["city"] = "摂津市".into();
    json["fields"][0]["measures"][0] = in_report; // the value as it was
    assert_eq!(
        errors(&report, &json).len(),
        1,
        "{:?}",
        errors(&report, &json)
    );
    json["unknown"] = 1.into();
    assert_eq!(errors(&report, &json).len(), 2);
}

#[test]
fn the_terms_of_use_are_shown_beside_the_downloads_and_kept_in_the_json() {
    let site = bundled_copy();
    // Without them, the site names none: the city decides its terms.
    let output = build_ok(site.path());
    let read = |path: &str| std::fs::read_to_string(output.join(path)).unwrap();
    assert!(!read("index.html").contains("利用条件"));
    assert!(read("data/report.json").contains("\"data_license\":null,"));
    let config = site.path().join("hyoka.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!(
            "{yaml}data_license:\n  name: クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）\n  url: https://creativecommons.org/licenses/by/4.0/deed.ja\n"
        ),
    )
    .unwrap();
    let output = build_ok(site.path());
    let read = |path: &str| std::fs::read_to_string(output.join(path)).unwrap();
    let link = "利用条件：<a href=\"https://creativecommons.org/licenses/by/4.0/deed.ja\">クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）</a>";
    assert!(
        read("index.html").contains(&format!("<p class=\"data-license\">{link}</p>")),
        "{}",
        read("index.html")
    );
    assert!(
        read("measures/digital/index.html")
            .contains(&format!("施策の全項目（JSON）</a>（{link}）／"))
    );
    let json: serde_json::Value = serde_json::from_str(&read("data/report.json")).unwrap();
    assert_eq!(
        json["data_license"],
        serde_json::json!({
            "name": "クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）",
            "url": "https://creativecommons.org/licenses/by/4.0/deed.ja"
        })
    );
    let schema: serde_json::Value = serde_json::from_str(&read("data/report.schema.json")).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    assert!(validator.is_valid(&json));
    // An address that is none is an error, not a broken link.
    std::fs::write(
        &config,
        format!(
            "{yaml}data_license:\n  name: CC BY 4.0\n  url: creativecommons.org/licenses/by/4.0/\n"
        ),
    )
    .unwrap();
    let run = hyoka(site.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains(": error: data_license.url: expected an address such as https://creativecommons.org/licenses/by/4.0/deed.ja, found \"creativecommons.org/licenses/by/4.0/\"\n"), "{}", stderr(&run));
}

#[test]
fn the_open_data_page_explains_every_column_of_each_csv_in_its_order() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let read = |path: &str| std::fs::read_to_string(output.join(path)).unwrap();
    let html = read("data/index.html");
    for (file, anchor) in [("kpi.csv", "kpi-csv"), ("projects.csv", "projects-csv")] {
        // The rows of its table of columns: (order, name, English name).
        let section = html
            .split(&format!("<h2 id=\"{anchor}\">"))
            .nth(1)
            .and_then(|rest| rest.split("</table>").next())
            .unwrap_or_else(|| panic!("no section for {file}"));
        let listed: Vec<(String, String, String)> = section
            .split("<tr><td>")
            .skip(1)
            .map(|row| {
                let (order, rest) = row.split_once("</td><th scope=\"row\">").unwrap();
                let (name, rest) = rest.split_once("<span class=\"key\" lang=\"en\">").unwrap();
                let key = rest.split_once("</span>").unwrap().0;
                (order.to_string(), name.to_string(), key.to_string())
            })
            .collect();
        let header = &csv_rows(read(&format!("data/{file}")).as_bytes())[0];
        let expected: Vec<_> = header
            .iter()
            .enumerate()
            .map(|(i, name)| ((i + 1).to_string(), name.clone()))
            .collect();
        assert_eq!(
            listed
                .iter()
                .map(|(order, name, _)| (order.clone(), name.clone()))
                .collect::<Vec<_>>(),
            expected,
            "{file}"
        );
        // The English names are the JSON's keys: those of the report's top, a value, a row.
        assert!(listed.iter().any(|(_, _, key)| key == "city_code"));
    }
    let text = page_text(&html);
    assert!(
        text.contains("全国地方公共団体コードは272248（摂津市）です。"),
        "{text}"
    );
    // Excel drops a code's leading 0 when it opens the file: how to keep it.
    assert!(text.contains("この列のデータ型を「テキスト」にしてください。"));
    assert!(text.contains("報告書が「—」や文字で書いている値は空欄（0ではありません）"));
    // Without data_license the page says so, rather than leave readers guessing.
    assert!(text.contains(
        "利用条件は、このサイトでは示されていません。利用の前に摂津市にお問い合わせください。"
    ));
    // Every page leads to it.
    for page in [
        "index.html",
        "measures/digital/index.html",
        "sitemap/index.html",
        "projects/index.html",
    ] {
        assert!(
            read(page).contains("data/index.html\">オープンデータ</a>"),
            "{page}"
        );
    }
    assert!(
        read("measures/digital/index.html")
            .contains("../../data/index.html\">ファイルの形式と列の説明</a>")
    );
}

#[test]
fn without_a_city_code_its_column_is_blank_and_the_json_says_null() {
    let site = site_copy("minimal");
    let output = build_ok(site.path());
    let read = |path: &str| std::fs::read(output.join(path)).unwrap();
    for file in ["data/kpi.csv", "data/projects.csv"] {
        let rows = csv_rows(&read(file));
        assert!(rows.len() > 1, "{file}");
        assert!(
            rows[1..]
                .iter()
                .all(|row| row[0].is_empty() && row[1] == "架空市"),
            "{file}"
        );
    }
    let json: serde_json::Value = serde_json::from_slice(&read("data/report.json")).unwrap();
    assert_eq!(json["city_code"], serde_json::Value::Null);
    let page = page_text(&String::from_utf8(read("data/index.html")).unwrap());
    assert!(
        page.contains("全国地方公共団体コードは設定されていないため空欄です。"),
        "{page}"
    );
}

#[test]
fn a_unit_written_full_width_is_one_unit_with_its_half_width_form_in_the_data() {
    let site = site_copy("minimal");
    replace_in(
        &site.path().join("content/measures/bosai.yaml"),
        "令和3年度: 1,350人",
        "令和3年度: 38.2％",
    );
    let output = build_ok(site.path());
    let rows = csv_rows(&std::fs::read(output.join("data/kpi.csv")).unwrap());
    let column = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let row = rows
        .iter()
        .find(|row| row[column("原文")] == "38.2％")
        .expect("the cell as written");
    assert_eq!([&row[column("値")], &row[column("単位")]], ["38.2", "%"]);
}

#[test]
fn downloads_are_saved_under_names_that_say_whose_and_what_they_are() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let read = |path: &str| std::fs::read_to_string(output.join(path)).unwrap();
    // Every measure's files are kpi.csv and measure.json beside its page:
    // saved, they carry the city's code, the report's year and the measure.
    let measure = read("measures/digital/index.html");
    assert!(
        measure.contains(
            "<a href=\"kpi.csv\" download=\"272248-2023-digital-kpi.csv\">KPIの値（CSV）</a>"
        ),
        "{measure}"
    );
    assert!(measure.contains(
        "<a href=\"measure.json\" download=\"272248-2023-digital-measure.json\">施策の全項目（JSON）</a>"
    ));
    // The whole report's files, from the top page and the open data page.
    let top = read("index.html");
    let data = read("data/index.html");
    for file in ["kpi.csv", "projects.csv", "report.json"] {
        let saved = format!("download=\"272248-2023-{file}\"");
        assert!(
            top.contains(&format!("<a href=\"data/{file}\" {saved}>")),
            "{file}: {top}"
        );
        assert!(
            data.contains(&format!("<a href=\"{file}\" {saved}>{file}</a>")),
            "{file}: {data}"
        );
    }
    assert!(
        page_text(&data).contains("全国地方公共団体コードと報告年度（西暦）を先頭に付けた名前で保存されます（例：272248-2023-kpi.csv）"),
        "{data}"
    );
    // No link anywhere leaves the browser to save a file under its bare name.
    for (path, bytes) in files_below(&output) {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            assert!(!html.contains(" download>"), "{path}");
            assert!(!html.contains(" download=\"\""), "{path}");
        }
    }

    // Without a city code, the year alone comes first.
    let site = site_copy("minimal");
    let output = build_ok(site.path());
    let measure = std::fs::read_to_string(output.join("measures/bosai/index.html")).unwrap();
    assert!(
        measure.contains("<a href=\"kpi.csv\" download=\"2023-bosai-kpi.csv\">"),
        "{measure}"
    );
    let data = page_text(&std::fs::read_to_string(output.join("data/index.html")).unwrap());
    assert!(
        data.contains("報告年度（西暦）を先頭に付けた名前で保存されます（例：2023-kpi.csv）"),
        "{data}"
    );
}
