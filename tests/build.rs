//! `hyoka build` on the bundled site and on fixture sites: what the pages
//! carry, determinism, safe replacement of the output and template overrides.

mod common;

use common::*;
use hyoka::content::ValueKind;

#[test]
fn every_cell_of_the_bundled_measure_reaches_its_page_verbatim() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let report = report(site.path());
    assert_eq!(report.measures.len(), 1);
    let measure = &report.measures[0];
    let html = read(&output.join(format!("measures/{}/index.html", measure.id)));
    let text = page_text(&html);

    let mut expected: Vec<String> = vec![
        measure.data.name.clone(),
        measure.data.sector_plan.clone().unwrap(),
        measure.data.strategy_page.clone().unwrap(),
        report.fields[0].data.name.clone(),
    ];
    let (mut kpis, mut mids) = (0, 0);
    for major in &measure.data.major_items {
        expected.push(format!("{} {}", major.number, major.title));
        for kpi in &major.kpis {
            kpis += 1;
            let name = if kpi.star {
                format!("{}【★】", kpi.name)
            } else {
                kpi.name.clone()
            };
            expected.extend([
                name,
                kpi.direction.label().to_string(),
                kpi.baseline.original.clone(),
                kpi.target.original.clone(),
            ]);
            expected.extend(
                kpi.results
                    .0
                    .iter()
                    .map(|(_, value)| value.original.clone()),
            );
        }
        for mid in &major.mid_items {
            mids += 1;
            expected.push(format!("{} {}", mid.number, mid.title));
            expected.extend(mid.sector_plan_page.clone());
        }
    }
    let mut bullets = 0;
    for project in &report.projects {
        expected.push(project.data.name.clone());
        for row in &project.data.rows {
            bullets += row.achievements.len() + row.analysis.len();
            expected.extend(row.achievements.iter().cloned());
            expected.extend(row.analysis.iter().cloned());
        }
    }
    for department in &report.departments {
        expected.push(department.name.clone());
    }
    assert_eq!(
        (kpis, mids),
        (10, 7),
        "the sample has 10 KPIs and 7 mid items"
    );
    assert!(
        bullets > 50,
        "the sample's project rows carry their bullets, found {bullets}"
    );
    let missing: Vec<&String> = expected
        .iter()
        .filter(|cell| !text.contains(cell.as_str()))
        .collect();
    assert!(missing.is_empty(), "not on the measure page: {missing:?}");

    // Values the sample is known for, as written.
    for cell in [
        "1,338時間",
        "40.9%(令和2年度)",
        "60.0%",
        "BOD I K ODCS",
        "認定こども園管理運営事業",
        "認定子ども園管理運営事業",
    ] {
        assert!(text.contains(cell), "{cell} missing");
    }
    assert!(
        text.contains("令和3年度（2021年度） 結果"),
        "result columns show both calendars"
    );
    // The target column names its year without brackets inside brackets.
    assert!(text.contains("目標値 令和7年度（2025年度）"), "{text}");
    assert!(!text.contains("目標値（"), "{text}");
}

#[test]
fn measure_page_mirrors_the_sheet_with_accessible_charts() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let html = read(&output.join("measures/digital/index.html"));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    assert_eq!(html.matches("<h1").count(), 1);
    // Sheet order: header, then per major item its KPI table, charts, mid items.
    let order = [
        "分野計画名称",
        "id=\"major-1\"",
        "大項目1のKPI",
        "<svg class=\"kpi-chart\"",
        "id=\"mid-1-1\"",
        "id=\"major-2\"",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|s| html.find(s).unwrap_or_else(|| panic!("{s} missing")))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "out of sheet order: {positions:?}"
    );
    // One chart per KPI, drawn inline in its figure: named by its <title>,
    // described by a <desc> listing every value, ids unique on the page.
    let charts = inline_charts(&html);
    assert_eq!(charts.len(), 10);
    assert_eq!(html.matches("<figure class=\"chart\"").count(), 10);
    let first = charts[0];
    assert!(
        first.starts_with("<svg class=\"kpi-chart\" width=\"100%\" viewBox=\"0 0 360 300\""),
        "{first}"
    );
    assert!(
        first.contains(" role=\"img\" aria-labelledby=\"digital-kpi-1-1-desc\"><title>"),
        "{first}"
    );
    assert!(first.contains("<title>AI・RPA等の利活用により削減した業務時間の推移</title>"));
    assert!(first.contains("<desc id=\"digital-kpi-1-1-desc\">推移の方向性は増加。基準値 0時間、令和3年度（2021年度） 1,338時間、令和4年度（2022年度） 552時間、令和5年度（2023年度） 764時間、目標値 令和7年度（2025年度） 1,000時間。</desc>"), "{first}");
    // Each in a figure captioned with its KPI's name, without a link to a file.
    let figure = &html[html.find("<figure").unwrap()..html.find("</figure>").unwrap()];
    assert!(figure.contains(first), "{figure}");
    assert!(figure.contains("<figcaption id=\"kpi-1-1-figcaption\">AI・RPA等の利活用により削減した業務時間の推移</figcaption>"), "{figure}");
    // A KPI the report marks with 【★】 is named with it by its chart too, as by its caption.
    assert!(
        charts[1].contains("<title>RPAツールを扱える職員数【★】の推移</title>"),
        "{}",
        charts[1]
    );
    assert!(html.contains(
        "<figcaption id=\"kpi-1-2-figcaption\">RPAツールを扱える職員数【★】の推移</figcaption>"
    ));
    assert!(
        charts[7].contains("値なし（—）"),
        "a missing result is described as such: {}",
        charts[7]
    );
    // The two years written — are gaps in the line that say why, and the
    // target's year is in both calendars, as each result's is.
    assert_eq!(
        svg_texts(charts[7])
            .iter()
            .filter(|t| **t == "値なし")
            .count(),
        2,
        "{}",
        charts[7]
    );
    for chart in &charts {
        let texts = svg_texts(chart);
        let target = texts.iter().position(|t| *t == "目標値").unwrap();
        assert_eq!(
            texts[target + 1..target + 3],
            ["令和7年度", "2025"],
            "{texts:?}"
        );
    }
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "ids repeated on the page");
    for chart in &charts {
        let labelled_by = chart
            .split("aria-labelledby=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        for id in labelled_by.split(' ') {
            assert!(ids.contains(&id), "{id} names no element");
            assert!(
                chart.contains(&format!(" id=\"{id}\"")),
                "{id} outside its chart"
            );
        }
    }
    // No chart files: the measure's folder holds its page and its downloads.
    let mut folder: Vec<String> = std::fs::read_dir(output.join("measures/digital"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folder.sort();
    assert_eq!(folder, ["index.html", "kpi.csv", "measure.json"]);
    assert!(
        files_below(&output)
            .keys()
            .all(|path| !path.ends_with(".svg")),
        "no .svg file is written"
    );
    // Links both ways between measure, project and department pages.
    assert!(html.contains("href=\"../../projects/dx-suishin/index.html\""));
    assert!(html.contains("href=\"../../departments/johoseisaku/index.html\""));
    let project = page_text(&read(&output.join("projects/dx-suishin/index.html")));
    assert!(project.contains("担当課： 情報政策課"), "{project}");
    assert_eq!(
        project
            .matches("令和5年度（2023年度） 行政経営 › デジタル化")
            .count(),
        4,
        "DX推進事業 has four rows"
    );
    let department = read(&output.join("departments/johoseisaku/index.html"));
    assert!(department.contains("href=\"../../measures/digital/index.html#mid-1-1\""));
    assert!(page_text(&department).contains("情報管理事業"));
}

/// `search: false` (a city whose website already searches the report's
/// pages): no search box, search page, script or index, and every other
/// file as it is with search.
#[test]
fn a_site_without_search_has_no_search_box_page_or_index() {
    let (with, without) = (bundled_copy(), bundled_copy());
    let config = without.path().join("hyoka.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}search: false\n")).unwrap();
    let with = files_below(&build_ok(with.path()));
    let without = files_below(&build_ok(without.path()));
    let only_with: Vec<&str> = (with.keys())
        .filter(|path| !without.contains_key(*path))
        .map(String::as_str)
        .collect();
    assert_eq!(
        only_with,
        ["assets/search.js", "search/index.html", "search/pages.js"]
    );
    for (path, bytes) in &without {
        let mut expected = String::from_utf8(with[path].clone()).unwrap();
        // The list of files written names the search's too.
        if path == ".hyoka-files" {
            for search_file in &only_with {
                expected = expected.replace(&format!("{search_file}\n"), "");
            }
        }
        // The header's form, from the line break before it to the one after it.
        if let Some(start) = expected.find("\n    <form class=\"site-search\"") {
            let end =
                start + expected[start..].find("</form>\n    ").unwrap() + "</form>\n    ".len();
            expected.replace_range(start..end, "");
        }
        let actual = std::str::from_utf8(bytes).unwrap();
        assert_eq!(actual, expected, "{path}");
        assert!(!actual.contains("search/"), "{path} links to the search");
    }
    assert!(
        with["measures/digital/index.html"].len() > without["measures/digital/index.html"].len()
    );
}

/// The site search finds pages by their text; a chart's tick labels, legend
/// and description would only repeat the table beside it, and make a
/// measure page match "2,000" it never says.
#[test]
fn the_search_index_leaves_out_the_charts() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let html = read(&output.join("measures/digital/index.html"));
    let blocks = indexed_blocks(&output, "measures/digital/index.html");
    // The charts' texts that the rest of the page does not say.
    let charts = inline_charts(&html);
    let rest = charts
        .iter()
        .fold(html.clone(), |page, chart| page.replacen(chart, "", 1));
    let rest = page_text(&rest);
    let mut chart_only: Vec<&str> = charts
        .iter()
        .flat_map(|chart| chart.split('>'))
        .filter_map(|part| part.split('<').next())
        .filter(|text| !text.trim().is_empty() && !rest.contains(text))
        .collect();
    chart_only.sort_unstable();
    chart_only.dedup();
    for expected in ["2,000", "（時間）", "（人）"] {
        assert!(
            chart_only.contains(&expected),
            "{expected} not in {chart_only:?}"
        );
    }
    assert!(
        chart_only
            .iter()
            .any(|text| text.starts_with("推移の方向性は増加。"))
    );
    for text in &chart_only {
        assert!(
            blocks.iter().all(|block| !block.contains(text)),
            "{text:?} from a chart is in the search index"
        );
    }
    // The figure's caption is the page's own text, and indexed.
    assert!(
        blocks.contains(&"AI・RPA等の利活用により削減した業務時間の推移".to_string()),
        "{blocks:?}"
    );
}

/// What a measure page prints for paper only (how the judgments are made,
/// which screens link to on the top page) is not searched: every measure
/// page would match 達成率 by it, with the same text as the result.
#[test]
fn the_search_index_leaves_out_text_for_paper_only() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let method = "を達成率とし";
    let html = read(&output.join("measures/digital/index.html"));
    assert!(html.contains("<p class=\"meta print-only\">判定の方法："));
    assert!(html.contains(method));
    let blocks = indexed_blocks(&output, "measures/digital/index.html");
    assert!(
        blocks.iter().all(|block| !block.contains(method)),
        "{blocks:?}"
    );
    // The page is still found by 達成率, in its KPIs' cells.
    assert!(
        blocks.contains(&"◎達成 達成率 113.6%".to_string()),
        "{blocks:?}"
    );
    // The top page shows the account on screen, and is searched by it.
    let top = indexed_blocks(&output, "index.html");
    assert!(top.iter().any(|block| block.contains(method)), "{top:?}");
}

/// The text of each block the search index holds for the page at `path` of `output`.
fn indexed_blocks(output: &std::path::Path, path: &str) -> Vec<String> {
    let script = read(&output.join("search/pages.js"));
    let json = script
        .strip_prefix("window.hyokaSearchIndex=")
        .unwrap()
        .trim_end()
        .trim_end_matches(';');
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    let page = index["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|page| page["u"] == path)
        .unwrap_or_else(|| panic!("{path} is not in the index"));
    page["b"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            index["blocks"][b.as_u64().unwrap() as usize]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn same_content_builds_byte_identical_output() {
    let site = bundled_copy();
    let first = files_below(&build_ok(site.path()));
    let second = files_below(&build_ok(site.path()));
    assert!(first.len() > 40, "{} files", first.len());
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between two builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = site_copy("minimal");
    let before = files_below(&build_ok(site.path()));
    let measure = site.path().join("content/measures/bosai.yaml");
    std::fs::write(
        &measure,
        read(&measure)
            .replace("防災訓練の参加者数", "訓練参加者")
            .replace("direction: 増加", "direction: 上昇"),
    )
    .unwrap();
    let failed = hyoka(site.path(), &["build"]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(stderr(&failed).contains("content/measures/bosai.yaml:10:20: error: major_items[0].kpis[0].direction: expected one of 増加, 減少, 維持, found \"上昇\""));
    assert_eq!(
        files_below(&site.path().join("output")),
        before,
        "the old output must stay as it was"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

/// The search index keeps its text in a scratch file in the system's
/// temporary folder; a folder that cannot take it fails the build like any
/// file that cannot be written, leaving the previous output.
#[cfg(unix)]
#[test]
fn a_temporary_folder_that_cannot_take_the_search_text_fails_the_build_cleanly() {
    let site = site_copy("minimal");
    let before = files_below(&build_ok(site.path()));
    let missing = site.path().join("no-such-folder");
    let failed = std::process::Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .arg("build")
        .current_dir(site.path())
        .env("TMPDIR", &missing)
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(
        stderr(&failed),
        format!(
            "error: cannot create the search index's scratch file in {}: No such file or directory (os error 2)\n",
            missing.display()
        )
    );
    assert_eq!(files_below(&site.path().join("output")), before);
}

#[test]
fn build_prints_a_summary_and_values_keep_their_meaning() {
    let site = site_copy("minimal");
    let output = hyoka(site.path(), &["build"]);
    let summary = stdout(&output);
    assert!(
        summary.starts_with("built 11 pages and 1 chart ("),
        "{summary}"
    );
    let report = report(site.path());
    let kpi = &report.measures[0].data.major_items[0].kpis[0];
    let baseline = &kpi.baseline;
    assert_eq!(
        (
            baseline.plain().as_deref(),
            baseline.unit(),
            baseline.note()
        ),
        (Some("1200"), Some("人"), Some("令和2年度"))
    );
    assert_eq!(kpi.results.0[1].1.kind, ValueKind::Missing);
    assert_eq!(kpi.results.0[2].1.kind, ValueKind::Text);
    let text = page_text(&read(&site.path().join("output/measures/bosai/index.html")));
    assert!(
        text.contains("1,200人(令和2年度) 1,350人 — 集計中 2,000人"),
        "{text}"
    );
}

#[test]
fn a_site_template_replaces_the_theme_template_of_the_same_name() {
    let site = site_copy("minimal");
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(site.path().join("templates/404.html"), "{% extends \"base.html\" %}{% block content %}<h1>見つかりません（{{ site.city }}）</h1>{% endblock content %}").unwrap();
    let output = build_ok(site.path());
    assert!(read(&output.join("404.html")).contains("<h1>見つかりません（架空市）</h1>"));
    assert!(
        read(&output.join("index.html")).contains("<h1>架空市 施策評価（令和5年度）</h1>"),
        "other templates stay the theme's"
    );

    std::fs::write(
        site.path().join("templates/index.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{{ site.title \n{% endblock content %}",
    )
    .unwrap();
    let failed = hyoka(site.path(), &["build"]);
    let errors = stderr(&failed);
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(
        errors,
        "templates/index.html:4:1: error: Found `{` but expected }}.\n\
         4 | {% endblock content %}\n  | ^\nerror: 1 problem found\n"
    );
}

/// A site's own `base.html` that leaves out blocks the theme's pages fill:
/// every such block is an error at the template and place that fills it.
#[test]
fn a_base_template_without_the_themes_blocks_lists_each_template_filling_one() {
    let site = site_copy("minimal");
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/base.html"),
        "<!DOCTYPE html>\n<html lang=\"ja\"><body>\n{% block content %}{% endblock content %}\n</body></html>\n",
    )
    .unwrap();
    let failed = hyoka(site.path(), &["build"]);
    assert_eq!(failed.status.code(), Some(1));
    let block = |file: &str, at: &str, name: &str| {
        format!(
            "themes/default/templates/{file}:{at}: error: Block `{name}` is not defined in any parent template\n"
        )
    };
    let mut expected = block("404.html", "3:10", "head");
    for file in [
        "department",
        "departments",
        "field",
        "measure",
        "opendata",
        "project",
        "projects",
    ] {
        expected += &block(&format!("{file}.html"), "2:10", "breadcrumbs");
    }
    expected += &block("search.html", "2:10", "head");
    expected += &block("search.html", "4:10", "header_search");
    expected += &block("search.html", "5:10", "breadcrumbs");
    expected += &block("sitemap.html", "2:10", "breadcrumbs");
    expected += "error: 12 problems found\n";
    assert_eq!(stderr(&failed), expected);
    assert!(!site.path().join("output").exists());
}

#[test]
fn a_base_url_that_is_no_address_is_refused() {
    let site = site_copy("minimal");
    let advice =
        ": begin it with https:// (the full address) or / (a path on the city's own server)";
    for (given, advice) in [
        ("htps://www.city.example.lg.jp/hyoka/r5/", ""),
        ("市 の サイト", advice),
        // Without https:// the sitemap and the pages' full addresses would be left out.
        ("www.city.example.lg.jp/hyoka/r5/", advice),
        // Pasted from the browser: every page's address would be made from it.
        (
            "https://www.city.example.lg.jp/hyoka/r5/index.html",
            ": it ends in the file name index.html: write the folder the site is published in, https://www.city.example.lg.jp/hyoka/r5/",
        ),
        (
            "https://www.city.example.lg.jp/hyoka/r5/?page=2",
            ": the site's address takes no query (?…) or fragment (#…): write the folder, https://www.city.example.lg.jp/hyoka/r5/",
        ),
        (
            "/hyoka/r5/#top",
            ": the site's address takes no query (?…) or fragment (#…): write the folder, /hyoka/r5/",
        ),
        (
            "https://www.city.example.lg.jp／hyoka／r5／",
            ": it holds the full-width 「／」: write the address in half-width characters",
        ),
    ] {
        let run = hyoka(site.path(), &["build", "--base-url", given]);
        assert_eq!(run.status.code(), Some(1));
        assert_eq!(
            stderr(&run),
            format!(
                "--base-url: error: expected the address the site is published at, such as https://www.city.example.lg.jp/hyoka/r5/ or /hyoka/r5/, found \"{given}\"{advice}\nerror: 1 problem found\n"
            )
        );
    }
    assert!(!site.path().join("output").exists());
}

#[test]
fn base_url_sets_the_path_of_the_not_found_page() {
    let site = site_copy("minimal");
    let output = hyoka(
        site.path(),
        &[
            "build",
            "--base-url",
            "https://www.city.example.lg.jp/hyoka/r5/",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let html = read(&site.path().join("output/404.html"));
    assert!(
        html.contains("href=\"/hyoka/r5/assets/style.css\""),
        "{html}"
    );
}

#[test]
fn the_contact_and_the_citys_own_report_are_at_the_foot_of_every_page() {
    let site = site_copy("minimal");
    let config = site.path().join("hyoka.yaml");
    let mut text = read(&config);
    // Without them the pages say nothing of either.
    let output = build_ok(site.path());
    for page in ["index.html", "measures/bosai/index.html", "data/index.html"] {
        let html = read(&output.join(page));
        assert!(!html.contains("問い合わせ先"), "{page}");
        assert!(!html.contains("公表した報告書"), "{page}");
    }
    text.push_str("contact: |\n  架空市 総務部 企画課\n  電話 000-000-0000\nreport_url: https://www.city.example.lg.jp/hyoka/r5.pdf\n");
    std::fs::write(&config, &text).unwrap();
    let output = build_ok(site.path());
    for page in [
        "index.html",
        "measures/bosai/index.html",
        "projects/bosai-kunren/index.html",
        "404.html",
    ] {
        let html = read(&output.join(page));
        assert!(
            html.contains(
                "<p class=\"contact\">問い合わせ先：架空市 総務部 企画課\n電話 000-000-0000</p>"
            ),
            "{page}: {html}"
        );
        assert!(
            html.contains("<a href=\"https://www.city.example.lg.jp/hyoka/r5.pdf\">架空市が公表した報告書（原本）</a>"),
            "{page}"
        );
    }
    // The open data page says whom to ask about terms it does not give.
    let data = read(&output.join("data/index.html"));
    assert!(data.contains("利用の前に架空市にお問い合わせください（問い合わせ先：<span class=\"contact\">架空市 総務部 企画課\n電話 000-000-0000</span>）。"), "{data}");
    // An address that is none is refused, as data_license's is.
    std::fs::write(
        &config,
        text.replace("https://www.city.example.lg.jp/hyoka/r5.pdf", "市のサイト"),
    )
    .unwrap();
    let failed = hyoka(site.path(), &["build"]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(stderr(&failed).contains("error: report_url: expected an address such as https://www.city.example.lg.jp/hyoka/r5.pdf, found \"市のサイト\""), "{}", stderr(&failed));
}

#[test]
fn refuses_an_output_that_would_replace_the_site_or_other_files() {
    let site = site_copy("minimal");
    std::fs::create_dir(site.path().join("notes")).unwrap();
    std::fs::write(site.path().join("notes/memo.txt"), "会議メモ").unwrap();
    let before = files_below(site.path());
    let separate = "choose a separate folder such as output/";
    for (output, message) in [
        (
            ".",
            format!("the output folder holds the site's own files and would be replaced; {separate}"),
        ),
        (
            "content",
            format!("the output folder is the site's content/ folder or inside it, where the built site would mix with or replace the files it is built from; {separate}"),
        ),
        (
            "templates/site",
            format!("the output folder is the site's templates/ folder or inside it, where the built site would mix with or replace the files it is built from; {separate}"),
        ),
        (
            "notes",
            "the output folder holds files that hyoka did not build (it has no data/report.schema.json), which the site would replace; choose a new or empty folder, or delete this one first".to_string(),
        ),
    ] {
        let run = hyoka(site.path(), &["build", "--output", output]);
        assert_eq!(run.status.code(), Some(1), "{output}");
        assert_eq!(
            stderr(&run),
            format!("{output}: error: --output: {message}\nerror: 1 problem found\n")
        );
    }
    assert_eq!(
        files_below(site.path()),
        before,
        "nothing was written or removed"
    );
}

#[test]
fn builds_into_an_empty_folder_and_over_its_own_previous_build() {
    let site = site_copy("minimal");
    std::fs::create_dir(site.path().join("public")).unwrap();
    for _ in 0..2 {
        let run = hyoka(site.path(), &["build", "--output", "public"]);
        assert!(run.status.success(), "{}", stderr(&run));
    }
    assert!(site.path().join("public/index.html").is_file());
}

#[test]
fn files_added_to_a_previous_build_by_hand_are_not_deleted() {
    let site = site_copy("minimal");
    let first = hyoka(site.path(), &["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let output = site.path().join("output");
    // The build lists what it wrote, so that the next one knows what is not its own.
    let manifest = std::fs::read_to_string(output.join(".hyoka-files")).unwrap();
    assert!(
        manifest
            .lines()
            .any(|line| line == "measures/bosai/index.html")
    );
    assert_eq!(manifest.lines().count() + 1, files_below(&output).len());
    std::fs::write(output.join("google1234.html"), "site verification").unwrap();
    std::fs::write(output.join("measures/.htaccess"), "Options -Indexes").unwrap();
    let before = files_below(&output);
    let refused = hyoka(site.path(), &["build"]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        stderr(&refused),
        "./output: error: --output: the output folder holds files that the last build did not write, which replacing it would delete: google1234.html, measures/.htaccess; put files the site needs in static/ (copied into every build), and move or delete the others\nerror: 1 problem found\n"
    );
    assert_eq!(
        files_below(&output),
        before,
        "nothing was written or removed"
    );
    // Kept in static/, such a file is part of every build.
    std::fs::create_dir(site.path().join("static")).unwrap();
    std::fs::rename(
        output.join("google1234.html"),
        site.path().join("static/google1234.html"),
    )
    .unwrap();
    std::fs::remove_file(output.join("measures/.htaccess")).unwrap();
    for _ in 0..2 {
        let run = hyoka(site.path(), &["build"]);
        assert!(run.status.success(), "{}", stderr(&run));
    }
    assert_eq!(
        std::fs::read_to_string(output.join("google1234.html")).unwrap(),
        "site verification"
    );
}

#[test]
fn a_content_file_saved_as_text_is_named_and_upper_case_yaml_is_read() {
    let site = site_copy("minimal");
    let projects = site.path().join("content/projects/kikikanri");
    let saved = projects.join("bosai-kunren.yaml.txt");
    std::fs::rename(projects.join("bosai-kunren.yaml"), &saved).unwrap();
    let run = hyoka(site.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    // Named once: the measure's reference to the project is not unknown as well.
    assert_eq!(
        stderr(&run),
        "content/projects/kikikanri/bosai-kunren.yaml.txt: error: not read: the name ends in .txt after .yaml (Notepad adds it unless 「ファイルの種類」 is 「すべてのファイル」); rename the file to bosai-kunren.yaml\nerror: 1 problem found\n"
    );
    // Saved again beside the file it was meant to replace: which to keep is the question.
    std::fs::copy(&saved, projects.join("bosai-kunren.yaml")).unwrap();
    let run = hyoka(site.path(), &["build"]);
    assert!(
        stderr(&run).contains("; bosai-kunren.yaml is there too: keep the one you meant, named bosai-kunren.yaml, and delete the other\n"),
        "{}",
        stderr(&run)
    );
    std::fs::remove_file(projects.join("bosai-kunren.yaml")).unwrap();
    std::fs::rename(&saved, projects.join("bosai-kunren.YAML")).unwrap();
    let output = build_ok(site.path());
    assert!(read(&output.join("projects/bosai-kunren/index.html")).contains("防災訓練事業"));
}

#[test]
fn hidden_files_beside_the_content_are_not_read() {
    let site = site_copy("minimal");
    let before = hyoka(site.path(), &["build"]);
    assert!(before.status.success(), "{}", stderr(&before));
    // A Mac copying to a shared drive writes `._name` beside each file; trash folders are hidden too.
    std::fs::write(
        site.path().join("content/measures/._bosai.yaml"),
        b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ",
    )
    .unwrap();
    let trash = site.path().join("content/projects/.trash");
    std::fs::create_dir_all(&trash).unwrap();
    std::fs::write(trash.join("old.yaml"), "name: [broken\n").unwrap();
    let after = hyoka(site.path(), &["build"]);
    assert_eq!(stderr(&after), "");
    // The same pages and files, whatever the time taken.
    let built = |run: &std::process::Output| stdout(run).split(" into ").next().map(str::to_string);
    assert_eq!(built(&after), built(&before));
    assert_eq!(
        built(&after).as_deref(),
        Some("built 11 pages and 1 chart (22 files, 0.1 MB)")
    );
}

/// Colours where a terminal shows them (here forced, as the tests' output is
/// no terminal), never where `NO_COLOR` is set or the output is a file.
#[test]
fn findings_are_coloured_in_a_terminal_only() {
    let site = site_copy("minimal");
    let measure = site.path().join("content/measures/bosai.yaml");
    replace_in(&measure, "direction: 増加", "direction: 上昇");
    let build = |colours: &[(&str, &str)]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_hyoka"))
            .arg("build")
            .current_dir(site.path())
            .env_remove("CLICOLOR_FORCE")
            .env_remove("NO_COLOR")
            .envs(colours.iter().copied())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        stderr(&output)
    };
    let (bold, red, blue, reset) = ("\x1b[1m", "\x1b[31m", "\x1b[34m", "\x1b[0m");
    assert_eq!(
        build(&[("CLICOLOR_FORCE", "1")]),
        format!(
            "{bold}content/measures/bosai.yaml:10:20{reset}: {bold}{red}error{reset}: \
             major_items[0].kpis[0].direction: expected one of 増加, 減少, 維持, found \"上昇\"\n\
             {bold}{blue}10 |{reset}         direction: 上昇\n\
             {bold}{blue}   |{reset}                    {bold}{red}^{reset}\n\
             {bold}{red}error{reset}: 1 problem found\n"
        )
    );
    let plain = build(&[]);
    assert!(
        plain.starts_with("content/measures/bosai.yaml:10:20: error: "),
        "{plain}"
    );
    assert!(!plain.contains('\x1b'), "{plain}");
    assert_eq!(build(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]), plain);
}

#[test]
fn with_root_messages_name_the_files_from_the_current_folder() {
    let parent = tempfile::tempdir().unwrap();
    let site = parent.path().join("site");
    copy_tree(&fixtures().join("minimal"), &site);
    replace_in(
        &site.join("content/measures/bosai.yaml"),
        "direction: 増加",
        "direction: 上昇",
    );
    // (`stderr` and `stdout` write Windows' `\` as `/`.)
    // The line is quoted from the file found from the current folder too.
    let problem = "site/content/measures/bosai.yaml:10:20: error: major_items[0].kpis[0].direction: expected one of 増加, 減少, 維持, found \"上昇\"\n\
                   10 |         direction: 上昇\n   |                    ^\n";
    let build = hyoka(parent.path(), &["build", "--root", "site"]);
    assert_eq!(stderr(&build), format!("{problem}error: 1 problem found\n"));
    let check = hyoka(parent.path(), &["check", "--root", "site"]);
    assert_eq!(stdout(&check), problem);
    // Other tools get the path within the site, as documented.
    let json = hyoka(
        parent.path(),
        &["check", "--root", "site", "--format", "json"],
    );
    assert!(
        stdout(&json).contains("\"file\": \"content/measures/bosai.yaml\""),
        "{}",
        stdout(&json)
    );
}

#[test]
fn a_folder_without_hyoka_yaml_is_named_once_as_not_a_site() {
    let empty = tempfile::tempdir().unwrap();
    for command in ["build", "check"] {
        let run = hyoka(empty.path(), &[command]);
        assert_eq!(run.status.code(), Some(1), "{command}");
        // `check` prints its findings on stdout, `build` its problems on stderr.
        let printed = stdout(&run) + &stderr(&run);
        let expected = "./hyoka.yaml: error: not found: this is not a site folder (`--root DIR` names one, `hyoka new DIR` makes one)\n";
        assert_eq!(printed.matches(expected).count(), 1, "{command}: {printed}");
        assert_eq!(printed.lines().count(), 2, "{command}: {printed}");
    }
    assert_eq!(files_below(empty.path()).len(), 0, "nothing written");
}

#[test]
fn a_folder_inside_a_site_is_told_where_the_site_is() {
    let site = site_copy("minimal");
    let run = hyoka(&site.path().join("content/measures"), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    // Paths are printed with `/` on every system, as Windows reads them too.
    assert_eq!(
        stderr(&run),
        "./hyoka.yaml: error: not found: this folder is inside the site in ../..: run hyoka there, or give `--root ../..`\nerror: 1 problem found\n"
    );
    assert!(!site.path().join("output").exists());
}

#[test]
fn the_measure_page_lists_its_kpis_by_progress_linked_to_their_rows() {
    let site = bundled_copy();
    let html = read(&build_ok(site.path()).join("measures/digital/index.html"));
    let start = html
        .find("<nav class=\"kpi-progress\" aria-label=\"KPIごとの進捗\"><ul>")
        .unwrap();
    let list = &html[start..start + html[start..].find("</ul></nav>").unwrap()];
    let items: Vec<&str> = list.split("<li class=\"status status-").skip(1).collect();
    // In the tally's order, as many of each as it counts (◎4 ○3 △3 －0).
    let statuses: Vec<&str> = items
        .iter()
        .map(|item| item.split('"').next().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [["achieved"; 4].as_slice(), &["on-track"; 3], &["behind"; 3]].concat()
    );
    // Each names its KPI and links to that KPI's row in its table.
    for item in &items {
        let anchor = item
            .split("href=\"#")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let link = format!("href=\"#{anchor}\">");
        let name = item
            .split(&link)
            .nth(1)
            .unwrap()
            .split("</a>")
            .next()
            .unwrap();
        let row = format!("<tr id=\"{anchor}\">\n        <th scope=\"row\">{name}");
        assert!(html.contains(&row), "{row}");
    }
    assert!(
        items[9].contains("遅れ：<a href=\"#kpi-3-1\">標準化した基幹業務の数</a>（達成率 0.0%）"),
        "{}",
        items[9]
    );
}

#[test]
fn a_baselines_year_is_given_both_calendars_only_where_it_is_a_fiscal_year() {
    for (written, shown) in [
        ("1,200人(令和2年度)", &["基準値", "令和2年度", "2020"][..]),
        ("1,200人(2020年度)", &["基準値", "令和2年度", "2020"][..]),
        // FY2019 as this report writes it, not as 令和元年度.
        ("1,200人(平成31年度)", &["基準値", "平成31年度", "2019"][..]),
        // A bare 2020 may be a calendar year: kept as written.
        ("1,200人(2020)", &["基準値", "2020", "令和3年度"][..]),
    ] {
        let site = site_copy("minimal");
        let measure = site.path().join("content/measures/bosai.yaml");
        let text = std::fs::read_to_string(&measure).unwrap();
        std::fs::write(&measure, text.replace("1,200人(令和2年度)", written)).unwrap();
        let html = read(&build_ok(site.path()).join("measures/bosai/index.html"));
        let chart = html.split("<svg class=\"kpi-chart\"").nth(1).unwrap();
        let texts = svg_texts(chart.split("</svg>").next().unwrap());
        let at = texts.iter().position(|t| *t == "基準値").unwrap();
        assert_eq!(texts[at..at + 3], *shown, "{written}: {texts:?}");
    }
}
