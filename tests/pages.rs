//! What the default theme's pages say and how they read: the footer, the
//! field page's links to major items, the KPI table's column headers, the
//! charts' names, the note that the progress judgments are the site's own,
//! what a measure page leaves out where the report gives nothing (rows of
//! the sheet's header, a KPI's result for a year, the ★ legend), and, in a
//! real browser (Chromium, headless), where the headers break, the lists'
//! markers, Markdown tables and a KPI card on a phone, and how the measure
//! page prints on A4.

mod common;

use std::path::Path;

use common::*;

/// The top page's words for the judgments, which the measure page repeats,
/// naming the bundled site's city.
const DISCLAIMER: &str =
    "この判定は本サイトが機械的に算出したもので、摂津市の公式な評価ではありません。";

/// The markup from the first `start` on to the end of its element `</name>`.
fn element<'h>(html: &'h str, start: &str, name: &str) -> &'h str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} missing"));
    let end = format!("</{name}>");
    let length = html[from..].find(&end).expect("the element ends") + end.len();
    &html[from..from + length]
}

/// The text of every element `<name …>…</name>` in `html`, in order.
fn texts_of(html: &str, name: &str) -> Vec<String> {
    let open = format!("<{name}");
    html.match_indices(&open)
        .filter(|(at, _)| matches!(html.as_bytes()[at + open.len()], b' ' | b'>'))
        .map(|(at, _)| page_text(element(&html[at..], &open, name)))
        .collect()
}

/// Every page of a built site: (path below the output, markup).
fn html_pages(output: &Path) -> Vec<(String, String)> {
    files_below(output)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

#[test]
fn the_footer_names_the_city_once() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let pages = html_pages(&output);
    assert!(pages.len() > 20, "{} pages", pages.len());
    for (path, html) in &pages {
        let footer = element(html, "<footer class=\"site-footer\">", "footer");
        // The title, 摂津市 施策評価（令和5年度）, names the city already.
        assert!(
            footer.contains("<p>摂津市 施策評価（令和5年度）</p>"),
            "{path}: {footer}"
        );
        assert_eq!(page_text(footer), "摂津市 施策評価（令和5年度）", "{path}");
    }

    // A title without the city: the footer puts the city before it.
    let yaml = read(&site.path().join("hyoka.yaml"));
    let retitled = yaml.replace(
        "title: 摂津市 施策評価（令和5年度）\n",
        "title: 施策評価（令和5年度）\n",
    );
    assert_ne!(retitled, yaml);
    std::fs::write(site.path().join("hyoka.yaml"), retitled).unwrap();
    let output = build_ok(site.path());
    for (path, html) in &html_pages(&output) {
        let footer = element(html, "<footer class=\"site-footer\">", "footer");
        assert!(
            footer.contains("<p>摂津市　施策評価（令和5年度）</p>"),
            "{path}: {footer}"
        );
    }
}

#[test]
fn the_field_page_links_each_major_item_to_its_place_on_the_measure_page() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let field = read(&output.join("fields/gyosei-keiei/index.html"));
    let measure = read(&output.join("measures/digital/index.html"));
    assert!(
        field.contains("<li><a href=\"../../measures/digital/index.html#major-1\">1 行政事務における生産性の向上</a><span class=\"meta\">（KPI 3件・中項目 2件）</span></li>"),
        "{field}"
    );
    let report = report(site.path());
    let majors = &report.measures[0].data.major_items;
    assert_eq!(majors.len(), 3);
    for major in majors {
        let link = format!(
            "<a href=\"../../measures/digital/index.html#major-{}\">{} {}</a>",
            major.number, major.number, major.title
        );
        assert_eq!(field.matches(&link).count(), 1, "{link} in {field}");
        // The anchor is the major item's heading on the measure page, as its table of contents links it.
        assert!(
            measure.contains(&format!("<h2 id=\"major-{}\">", major.number)),
            "major-{}",
            major.number
        );
        assert!(measure.contains(&format!(
            "<li><a href=\"#major-{}\">{} {}</a>",
            major.number, major.number, major.title
        )));
    }
    // Lists keep their <ol>: the numbers are the report's own, in the text.
    let list = element(&field, "<ol class=\"major-list\">", "ol");
    assert_eq!(list.matches("<li>").count(), 3, "{list}");
    let toc = element(&measure, "<nav class=\"toc\"", "nav");
    assert!(toc.contains("<ol>"), "{toc}");
}

#[test]
fn kpi_tables_name_the_target_year_without_brackets_in_brackets() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let html = read(&output.join("measures/digital/index.html"));
    assert_eq!(
        html.matches("<th scope=\"col\">目標値 令和7年度（2025年度）</th>")
            .count(),
        3,
        "each major item's KPI table"
    );
    assert_eq!(
        html.matches("<th scope=\"col\">令和4年度（2022年度） 結果</th>")
            .count(),
        3
    );
    // Nowhere on the page, charts included, does a bracket open inside another.
    let text = page_text(&html);
    let mut depth = 0;
    for (at, c) in text.char_indices() {
        match c {
            '（' => {
                depth += 1;
                assert!(
                    depth < 2,
                    "nested brackets: {}",
                    &text[at.saturating_sub(60)..at + 30]
                );
            }
            '）' => depth = 0,
            _ => {}
        }
    }

    // KPIs with different target years: each target cell names its own year, without brackets.
    let file = site.path().join("content/measures/digital.yaml");
    replace_in(&file, "target_year: 令和7年度", "target_year: 令和8年度");
    let output = build_ok(site.path());
    let html = read(&output.join("measures/digital/index.html"));
    assert!(html.contains("<th scope=\"col\">目標値</th>"), "{html}");
    assert!(
        html.contains("<td class=\"value value-number\" data-label=\"目標値\">1,000時間<br><span class=\"meta\">令和8年度（2026年度）</span></td>"),
        "{html}"
    );
    assert!(html.contains(
        "<td class=\"value value-number\" data-label=\"目標値\">25人<br><span class=\"meta\">令和7年度（2025年度）</span></td>"
    ));
}

#[test]
fn every_chart_is_named_as_its_caption_names_it() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let html = read(&output.join("measures/digital/index.html"));
    let figures: Vec<&str> = html
        .match_indices("<figure class=\"chart\"")
        .map(|(at, _)| element(&html[at..], "<figure", "figure"))
        .collect();
    assert_eq!(figures.len(), 10);
    let mut starred = 0;
    for figure in &figures {
        let title = &texts_of(figure, "title")[0];
        let caption = &texts_of(figure, "figcaption")[0];
        assert_eq!(title, caption, "{figure}");
        starred += usize::from(title.contains("【★】"));
    }
    let kpis = report(site.path()).measures[0]
        .data
        .major_items
        .iter()
        .flat_map(|major| &major.kpis)
        .filter(|kpi| kpi.star)
        .count();
    assert_eq!(starred, kpis);
    assert_eq!(starred, 7);
    assert!(html.contains("<title>テレワークシステムの登録者数【★】の推移</title>"));
}

#[test]
fn the_measure_page_says_beside_its_judgments_that_they_are_the_sites_own() {
    let site = bundled_copy();
    let output = build_ok(site.path());
    let top = read(&output.join("index.html"));
    assert!(top.contains(DISCLAIMER), "the top page's own words");
    let html = read(&output.join("measures/digital/index.html"));
    // Beside the measure's tally, with the way to the explanation on screen only…
    let progress = element(&html, "<section class=\"progress\"", "section");
    assert!(
        progress.contains(&format!(
            "<p class=\"meta judgment-disclaimer\">{DISCLAIMER}</p>\n  <p class=\"meta screen-only\"><a href=\"../../index.html#judgment-note\">判定の方法</a></p>"
        )),
        "{progress}"
    );
    // …and under each KPI table, whose 進捗 column holds the judgments.
    let note = format!("<p>進捗：{DISCLAIMER}</p>");
    assert_eq!(html.matches(&note).count(), 3);
    for major in 1..=3 {
        let table_end = html
            .find(&format!("<caption id=\"major-{major}-kpi-caption\">"))
            .and_then(|at| html[at..].find("</table>").map(|end| at + end))
            .unwrap();
        let legend = element(&html[table_end..], "<div class=\"legend\">", "div");
        assert!(legend.contains(&note), "{legend}");
    }
    // A field page's counts say it too.
    let field = read(&output.join("fields/gyosei-keiei/index.html"));
    assert!(
        field.contains(&format!(
            "<p class=\"meta judgment-disclaimer\">{DISCLAIMER}</p>\n<p class=\"meta screen-only\"><a href=\"../../index.html#judgment-note\">判定の方法</a></p>"
        )),
        "{field}"
    );
    // The note is the page's text: the site search finds it.
    assert!(read(&output.join("search/pages.js")).contains("摂津市の公式な評価ではありません"));
    // In print, the link to another page goes; the sentence stays.
    let css = read(&output.join("assets/style.css"));
    assert!(
        css.contains("@media print {\n  .toc, .pager, .downloads, .measure-data, .screen-only { display: none; }"),
        "{css}"
    );
    // Without a city's name yet (as `hyoka import` leaves it), the note says 市区町村.
    let yaml = read(&site.path().join("hyoka.yaml"));
    std::fs::write(
        site.path().join("hyoka.yaml"),
        yaml.replace("city: 摂津市\n", "city: \"\"\n"),
    )
    .unwrap();
    let unnamed = read(&build_ok(site.path()).join("measures/digital/index.html"));
    assert!(unnamed.contains("<p>進捗：この判定は本サイトが機械的に算出したもので、市区町村の公式な評価ではありません。</p>"));
}

/// The measure of tests/fixtures/minimal as a report may also write it: no
/// 分野計画名称 or 行政経営戦略 page, KPIs of one major item with results for
/// different years, 【★】 in one major item only, a table in its description.
const EDGES: &str = "name: 防災
description: |
  防災の取組の一覧です。

  | 取組 | 令和4年度 | 令和5年度 | 説明 |
  |---|---:|---:|---|
  | 防災訓練 | 100 | 1,350人 | 市内の全ての自主防災組織が参加する総合防災訓練を、毎年度秋に実施しています。 |
  | 備蓄 | 12,000食 | 100 | 避難所の備蓄食料を計画的に更新しています。 |
major_items:
  - number: 1
    title: 地域の防災力の向上
    kpis:
      - name: 防災訓練の参加者数
        star: true
        direction: 増加
        baseline: 1,200人(令和2年度)
        results:
          令和元年度: 1,100人
          令和3年度: 1,350人
          令和4年度: —
          令和5年度: 集計中
        target: 2,000人
        target_year: 令和7年度
      - name: 自主防災組織の数
        direction: 増加
        baseline: 40団体
        results:
          令和4年度: 42団体
          令和5年度: 45団体
        target: 50団体
        target_year: 令和7年度
    mid_items:
      - number: 1
        title: 自主防災組織の育成
        projects:
          - bosai-kunren
  - number: 2
    title: 災害に強いまちづくり
    kpis:
      - name: 住宅の耐震化率
        direction: 増加
        baseline: 80%
        results:
          令和5年度: 85%
        target: 95%
        target_year: 令和7年度
";

/// tests/fixtures/minimal with its measure written as `yaml`, built: the
/// site and the output folder.
fn minimal_with_measure(yaml: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let site = site_copy("minimal");
    std::fs::write(site.path().join("content/measures/bosai.yaml"), yaml).unwrap();
    let output = build_ok(site.path());
    (site, output)
}

#[test]
fn a_kpi_without_a_result_in_a_years_column_is_said_to_have_none() {
    let (_site, output) = minimal_with_measure(EDGES);
    let html = read(&output.join("measures/bosai/index.html"));
    let table = element(&html, "<table class=\"kpi-table\">", "table");
    // 自主防災組織の数 has no result for 令和元年度 and 令和3年度, which
    // 防災訓練の参加者数 has: screen readers hear 記載なし, not "blank", and
    // the page shows no value the report does not give ("—" is one).
    let row = element(table, "<tr id=\"kpi-1-2\">", "tr");
    for year in ["令和元年度（2019年度）", "令和3年度（2021年度）"] {
        let cell = format!(
            "<td class=\"value value-absent\" data-label=\"{year} 結果\"><span class=\"visually-hidden\">記載なし</span></td>"
        );
        assert!(row.contains(&cell), "{cell} missing: {row}");
    }
    assert_eq!(texts_of(row, "td").len(), 8, "{row}");
    assert_eq!(
        texts_of(row, "td")[1..6],
        ["40団体", "記載なし", "記載なし", "42団体", "45団体"],
        "{row}"
    );
    assert!(!table.contains("<td class=\"value\""), "{table}");
    assert_eq!(
        table.matches('—').count(),
        1,
        "the one the report writes: {table}"
    );
    // A phone's card leaves the line out; screen readers still have it.
    let css = read(&output.join("assets/style.css"));
    assert!(
        css.contains(".kpi-table thead, .project-table thead, .kpi-table td.value-absent { position: absolute; width: 1px; height: 1px; padding: 0;"),
        "{css}"
    );
}

#[test]
fn a_judgment_on_an_earlier_years_result_says_which_year() {
    // 令和5年度, the year the report evaluates, left out: the KPI is judged
    // on its 令和4年度 result, which the page must not pass off as this year's.
    let minimal = read(&fixtures().join("minimal/content/measures/bosai.yaml"));
    let yaml = minimal.replace(
        "          令和4年度: —\n          令和5年度: 集計中\n",
        "          令和4年度: 1,500人\n",
    );
    assert_ne!(yaml, minimal);
    let (_site, output) = minimal_with_measure(&yaml);
    let html = read(&output.join("measures/bosai/index.html"));
    let row = element(&html, "<tr id=\"kpi-1-1\">", "tr");
    assert!(
        row.contains("<td class=\"status status-behind\" data-label=\"進捗\"><span class=\"judgment\"><span class=\"symbol\" aria-hidden=\"true\">△</span>遅れ <span class=\"rate\">達成率 37.5%</span> <span class=\"judged-year\">※令和4年度（2022年度）の結果による</span></span></td>"),
        "{row}"
    );
    let progress = element(&html, "<nav class=\"kpi-progress\"", "nav");
    assert!(
        progress.contains("遅れ：<a href=\"#kpi-1-1\">防災訓練の参加者数</a>（達成率 37.5%） ※令和4年度（2022年度）の結果による</li>"),
        "{progress}"
    );
    // Judged on the report's own year, a KPI says nothing more.
    let site = bundled_copy();
    let bundled = read(&build_ok(site.path()).join("measures/digital/index.html"));
    assert!(!bundled.contains("の結果による"));
    assert_eq!(bundled.matches("<span class=\"judgment\">").count(), 10);
}

#[test]
fn rows_of_the_sheets_header_the_report_leaves_out_are_left_out() {
    let (site, output) = minimal_with_measure(EDGES);
    let html = read(&output.join("measures/bosai/index.html"));
    let header = element(&html, "<table class=\"sheet-header\">", "table");
    assert_eq!(
        page_text(header),
        "施策の概要 分野 くらし 施策 防災",
        "no empty 分野計画名称 or 行政経営戦略 参照ページ: {header}"
    );
    assert_eq!(header.matches("<tr>").count(), 1, "{header}");
    // Nor the mid item's 分野計画参照ページ.
    assert!(!html.contains("分野計画参照ページ"), "{html}");

    // One of the two: its value spans the row.
    let file = site.path().join("content/measures/bosai.yaml");
    for (line, row) in [
        (
            "sector_plan: 地域防災計画\n",
            "<tr><th scope=\"row\">分野計画名称</th><td colspan=\"3\">地域防災計画</td></tr>",
        ),
        (
            "strategy_page: P12\n",
            "<tr><th scope=\"row\">行政経営戦略 参照ページ</th><td colspan=\"3\">P12</td></tr>",
        ),
    ] {
        std::fs::write(
            &file,
            EDGES.replacen("description:", &format!("{line}description:"), 1),
        )
        .unwrap();
        let html = read(&build_ok(site.path()).join("measures/bosai/index.html"));
        let header = element(&html, "<table class=\"sheet-header\">", "table");
        assert!(header.contains(row), "{row} missing: {header}");
        assert_eq!(header.matches("<th ").count(), 3, "{header}");
    }
    // Both, as the printed sheet has them: one row of four cells.
    let (_site, output) = minimal_with_measure(&read(
        &fixtures().join("minimal/content/measures/bosai.yaml"),
    ));
    let html = read(&output.join("measures/bosai/index.html"));
    assert!(html.contains("<tr><th scope=\"row\">分野計画名称</th><td>地域防災計画</td><th scope=\"row\">行政経営戦略 参照ページ</th><td>P12</td></tr>"), "{html}");
    assert!(html.contains("<p class=\"meta\">分野計画参照ページ：P8</p>"));
}

#[test]
fn the_star_legend_is_under_the_tables_of_starred_kpis_only() {
    let (_site, output) = minimal_with_measure(EDGES);
    let html = read(&output.join("measures/bosai/index.html"));
    let legend = "<p>【★】は重点指標です。</p>";
    assert_eq!(html.matches(legend).count(), 1, "{html}");
    let legends: Vec<&str> = html
        .match_indices("<div class=\"legend\">")
        .map(|(at, _)| element(&html[at..], "<div class=\"legend\">", "div"))
        .collect();
    assert_eq!(legends.len(), 2, "{html}");
    // Under major item 1, whose 防災訓練の参加者数 has 【★】; not under 2.
    assert!(legends[0].contains(legend), "{}", legends[0]);
    assert!(!legends[1].contains('★'), "{}", legends[1]);
    assert!(
        html.find(legend) > html.find("<th scope=\"row\">防災訓練の参加者数<span class=\"star\"")
    );
    assert!(html.find(legend) < html.find("<h2 id=\"major-2\">"));
}

/// Chromium driven from its command line: headless, with a profile of its own.
#[cfg(unix)]
mod browser {
    use super::*;
    use serde_json::Value;
    use std::path::PathBuf;
    use std::process::Command;

    fn chromium() -> PathBuf {
        std::env::var_os("HYOKA_CHROMIUM")
            .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
    }

    /// Whether Chromium is here; under CI (env CI set) it must be.
    fn have_chromium() -> bool {
        let found = chromium().exists();
        if !found {
            assert!(
                std::env::var_os("CI").is_none(),
                "{} is missing under CI",
                chromium().display()
            );
            eprintln!("skipping: {} is missing", chromium().display());
        }
        found
    }

    fn run_chromium(args: &[&str]) -> String {
        let profile = tempfile::tempdir().unwrap();
        let output = Command::new(chromium())
            .args(HEADLESS_CHROMIUM)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(args)
            .output()
            .expect("run chromium");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Reads the lines each element matching a selector is laid out in,
    /// character by character, and how wide the page is.
    const PROBE: &str = r#"
function lines(element) {
  const out = []; let line = ''; let top = null;
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      const rects = range.getClientRects(); if (!rects.length) continue;
      const y = Math.round(rects[0].top);
      if (top !== null && Math.abs(y - top) > 4) { out.push(line); line = ''; }
      top = y; line += node.data[i];
    }
  }
  out.push(line);
  return out.map((l) => l.trim().replace(/\s+/g, ' ')).filter((l) => l);
}
function probe() {
  const all = (selector) => [...document.querySelectorAll(selector)];
  return {
    width: innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    headers: all('.kpi-table thead th').map(lines),
    labels: all('.kpi-table tbody tr:first-child td').map((td) => getComputedStyle(td, '::before').content),
    markers: all('.toc li, .major-list li').map((li) => getComputedStyle(li).listStyleType),
    items: all('.toc li, .major-list li').map((li) => li.querySelector('a').textContent),
    proseCells: all('.prose td').map(lines),
    proseScrolls: all('.prose .table-scroll').map((box) => box.scrollWidth > box.clientWidth),
    proseStops: all('.prose .table-scroll').map((box) => box.tabIndex === 0 && box.getAttribute('role') === 'region'),
    absentHeights: all('.kpi-table td.value-absent').map((td) => td.getBoundingClientRect().height),
  };
}
addEventListener('load', () => document.fonts.ready.then(() => setTimeout(() => parent.postMessage(JSON.stringify(probe()), '*'), 100)));
"#;

    /// What [`PROBE`] finds on the page at `path` of `output`, shown `width` px wide.
    /// (Headless Chromium's window is at least 500 px wide: the page is shown in a frame.)
    fn probe(output: &Path, path: &str, width: u32) -> Value {
        let page = output.join(path);
        let probed = page.with_file_name(format!("probe-{width}.html"));
        let html = read(&page).replace("</body>", &format!("<script>{PROBE}</script></body>"));
        std::fs::write(&probed, html).unwrap();
        let frame = output.join(format!("frame-{width}.html"));
        let source = Path::new(path).with_file_name(format!("probe-{width}.html"));
        std::fs::write(
            &frame,
            format!(
                "<!DOCTYPE html><html lang=\"ja\"><body style=\"margin:0\"><iframe src=\"{}\" width=\"{width}\" height=\"1200\" style=\"border:0\"></iframe>\
                 <script>addEventListener('message', (e) => {{ const p = document.createElement('pre'); p.id = 'out'; p.textContent = e.data; document.body.append(p); }});</script></body></html>",
                source.to_str().unwrap()
            ),
        )
        .unwrap();
        let dom = run_chromium(&[
            "--window-size=1400,1400",
            "--virtual-time-budget=10000",
            "--dump-dom",
            &format!("file://{}", frame.display()),
        ]);
        let json = dom
            .split_once("<pre id=\"out\">")
            .and_then(|(_, rest)| rest.split_once("</pre>"))
            .map(|(json, _)| {
                json.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&")
            })
            .unwrap_or_else(|| panic!("{path} at {width} px: the probe did not answer:\n{dom}"));
        std::fs::remove_file(probed).unwrap();
        std::fs::remove_file(frame).unwrap();
        serde_json::from_str(&json).unwrap()
    }

    /// A whole word of a KPI table's header: the years in either calendar,
    /// 結果, 目標値 and the other columns' names.
    fn whole_word(word: &str) -> bool {
        let digits = |s: &str, n: Option<usize>| {
            !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) && n.is_none_or(|n| s.len() == n)
        };
        [
            "KPI（指標）",
            "推移の",
            "方向性",
            "推移の方向性",
            "基準値",
            "結果",
            "目標値",
            "進捗",
        ]
        .contains(&word)
            || word
                .strip_prefix("令和")
                .and_then(|w| w.strip_suffix("年度"))
                .is_some_and(|n| digits(n, None))
            || word
                .strip_prefix("（")
                .and_then(|w| w.strip_suffix("年度）"))
                .is_some_and(|n| digits(n, Some(4)))
    }

    #[test]
    fn kpi_headers_break_between_whole_years_and_pages_do_not_scroll_sideways() {
        if !have_chromium() {
            return;
        }
        let site = bundled_copy();
        let output = build_ok(site.path());
        for width in [320, 375, 720, 1280] {
            let seen = probe(&output, "measures/digital/index.html", width);
            assert_eq!(seen["width"], width, "{seen}");
            assert!(
                seen["scrollWidth"].as_u64() <= seen["clientWidth"].as_u64(),
                "the measure page scrolls sideways at {width} px: {seen}"
            );
            // Phones show each KPI as a card: every value beside its column's
            // name, the table's header row being only for screen readers.
            let labels = &seen["labels"].as_array().unwrap()[..];
            if width < 400 {
                // (With empty alternative text: the header is read instead.)
                let quoted = |label: &str| Value::from(format!("\"{label}\" / \"\""));
                // The first KPI of each of the three tables.
                assert_eq!(labels.len(), 21, "{seen}");
                assert_eq!(
                    &labels[..7],
                    [
                        "推移の方向性",
                        "基準値",
                        "令和3年度（2021年度） 結果",
                        "令和4年度（2022年度） 結果",
                        "令和5年度（2023年度） 結果",
                        "目標値 令和7年度（2025年度）",
                        "進捗"
                    ]
                    .map(quoted),
                    "{seen}"
                );
            } else {
                assert!(labels.iter().all(|label| label == "none"), "{seen}");
                let headers = seen["headers"].as_array().unwrap();
                assert_eq!(headers.len(), 24, "three tables of eight columns: {seen}");
                for header in headers {
                    for line in header.as_array().unwrap() {
                        let line = line.as_str().unwrap();
                        assert!(
                            line.split(' ').all(whole_word),
                            "at {width} px a header line is cut inside a word: {line:?} of {header}"
                        );
                    }
                }
            }
            // One number per item in the table of contents: the report's, no list marker.
            let markers = seen["markers"].as_array().unwrap();
            assert_eq!(markers.len(), 10, "{seen}");
            assert!(markers.iter().all(|m| m == "none"), "{seen}");
            assert_eq!(seen["items"][0], "1 行政事務における生産性の向上", "{seen}");
        }
        for path in [
            "index.html",
            "fields/gyosei-keiei/index.html",
            "projects/dx-suishin/index.html",
            "sitemap/index.html",
        ] {
            let seen = probe(&output, path, 320);
            assert!(
                seen["scrollWidth"].as_u64() <= seen["clientWidth"].as_u64(),
                "{path} scrolls sideways at 320 px: {seen}"
            );
        }
        let field = probe(&output, "fields/gyosei-keiei/index.html", 375);
        assert_eq!(
            field["markers"],
            serde_json::json!(["none", "none", "none"]),
            "{field}"
        );
        assert_eq!(
            field["items"][1], "2 デジタル化による高度な行政サービスの提供",
            "{field}"
        );
    }

    #[test]
    fn a_phones_prose_tables_scroll_and_kpi_cards_leave_out_years_without_a_result() {
        if !have_chromium() {
            return;
        }
        let (_site, output) = minimal_with_measure(EDGES);
        for width in [375, 1280] {
            let seen = probe(&output, "measures/bosai/index.html", width);
            assert!(
                seen["scrollWidth"].as_u64() <= seen["clientWidth"].as_u64(),
                "the page scrolls sideways at {width} px: {seen}"
            );
            // Each number and short cell on one line (100, not 10 / 0); the
            // long sentence wraps; the table scrolls on a phone instead.
            let cells: Vec<Vec<String>> =
                serde_json::from_value(seen["proseCells"].clone()).unwrap();
            assert_eq!(cells.len(), 8, "{seen}");
            for short in [0, 1, 2, 4, 5, 6] {
                assert_eq!(cells[short].len(), 1, "at {width} px: {cells:?}");
            }
            assert_eq!(cells[1], ["100"], "{cells:?}");
            assert_eq!(cells[5], ["12,000食"], "{cells:?}");
            assert_eq!(seen["proseScrolls"][0], width < 400, "{seen}");
            // A keyboard can reach and scroll the table only where it scrolls.
            assert_eq!(seen["proseStops"][0], width < 400, "{seen}");
            if width < 400 {
                assert!(cells[3].len() > 1, "{cells:?}");
            }
            // Two years without a result: no card line on a phone, an empty
            // cell (記載なし for screen readers) in the table.
            let heights: Vec<f64> = serde_json::from_value(seen["absentHeights"].clone()).unwrap();
            assert_eq!(heights.len(), 2, "{seen}");
            assert!(
                heights.iter().all(|&h| (h <= 1.0) == (width < 400)),
                "at {width} px: {heights:?}"
            );
        }
    }

    /// The measure page printed on A4: each page's text (pdftotext), lines
    /// with their spaces collapsed. None when pdftotext is missing.
    fn printed(output: &Path) -> Option<Vec<Vec<String>>> {
        if Command::new("pdftotext").arg("-v").output().is_err() {
            eprintln!("skipping the print test: pdftotext (poppler-utils) is missing");
            return None;
        }
        let pdf = output.join("measure.pdf");
        run_chromium(&[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!(
                "file://{}",
                output.join("measures/digital/index.html").display()
            ),
        ]);
        let text = Command::new("pdftotext")
            .args(["-layout", pdf.to_str().unwrap(), "-"])
            .output()
            .expect("run pdftotext");
        std::fs::remove_file(pdf).unwrap();
        let text = String::from_utf8(text.stdout).unwrap();
        let pages: Vec<Vec<String>> = text
            .split('\u{c}')
            .map(|page| {
                page.lines()
                    .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|line| !line.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|page| !page.is_empty())
            .collect();
        Some(pages)
    }

    #[test]
    fn print_keeps_headings_with_what_follows_and_says_the_judgments_are_the_sites_own() {
        if !have_chromium() {
            return;
        }
        let site = bundled_copy();
        let output = build_ok(site.path());
        let Some(pages) = printed(&output) else {
            return;
        };
        assert!(pages.len() > 3, "{pages:?}");
        let html = read(&output.join("measures/digital/index.html"));
        let main = element(&html, "<main", "main");
        // What must not end a page: headings, table captions, the note under a
        // mid item's heading and the project tables' header row.
        let mut keep_with_next: Vec<String> = ["h2", "h3", "caption"]
            .iter()
            .flat_map(|name| texts_of(main, name))
            .filter(|text| text != "このページの内容")
            .collect();
        keep_with_next.extend(["分野計画参照ページ".to_string(), "分析・考察".to_string()]);
        assert!(keep_with_next.contains(&"中項目3-3に関連する主な事業".to_string()));
        for (number, page) in pages.iter().enumerate().take(pages.len() - 1) {
            let last = page.last().unwrap();
            // The line is the kept text, holds it (beside a chart's caption),
            // or is the end of a kept text that wrapped.
            let is_part_of = |kept: &str| last.chars().count() > 3 && kept.contains(last.as_str());
            for kept in &keep_with_next {
                let ends_with_it = last.contains(kept.as_str()) || is_part_of(kept);
                assert!(
                    !ends_with_it,
                    "page {} ends with {kept:?}: {last:?}",
                    number + 1
                );
            }
        }
        // Page 1: the sentence beside the tally, and how the judgments are
        // made, in words rather than a bare link text.
        let first: String = pages[0].concat().split_whitespace().collect();
        assert!(first.contains(DISCLAIMER), "{first}");
        assert!(
            first.contains(
                "判定の方法：各KPIの最新年度の結果を、基準値と目標値に照らして判定しています。"
            ) && first.contains("達成率が100%以上を「達成」"),
            "{first}"
        );
        assert!(
            !pages[0].iter().any(|line| line == "判定の方法"),
            "{:?}",
            pages[0]
        );
        let all: String = pages.concat().concat().split_whitespace().collect();
        assert_eq!(
            all.matches(&format!("進捗：{DISCLAIMER}")).count(),
            3,
            "{all}"
        );
    }
}

#[test]
fn the_list_of_projects_says_what_its_count_counts() {
    let site = bundled_copy();
    let html = read(&build_ok(site.path()).join("projects/index.html"));
    assert!(html.contains("<th scope=\"col\">掲載箇所</th>"));
    // DX推進事業 is listed under four mid items of the measure.
    assert!(html.contains("<a href=\"../projects/dx-suishin/index.html\">DX推進事業</a></th><td><a href=\"../departments/johoseisaku/index.html\">情報政策課</a></td><td>4</td></tr>"));
    assert!(html.contains("<p class=\"meta\">掲載箇所：その事業が施策の中項目に「関連する主な事業」として載っている数です。</p>"));
    // In the order the report first lists them (its first mid items: DX推進事業,
    // then 人事管理事業 and 認定こども園管理運営事業), not by their ids.
    let at = |name: &str| html.find(&format!(">{name}</a>")).unwrap();
    assert!(at("DX推進事業") < at("人事管理事業"));
    assert!(at("人事管理事業") < at("認定こども園管理運営事業"));
    assert!(at("認定こども園管理運営事業") < at("賦課徴収事業"));
}
