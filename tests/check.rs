//! `hyoka check`: clean sites pass, and every folder of `tests/fixtures/check/`
//! (the minimal site with some files replaced) prints exactly its `expected.txt`.

mod common;

use common::*;

/// The line the bundled sample must warn about: 認定こども園 and 認定子ども園 are one name.
const KODOMOEN_WARNING: &str = "content/projects/hoiku-kyoiku/nintei-kodomoen-kanri-2.yaml:1:7: warning: name: \
project name 「認定子ども園管理運営事業」 differs from 「認定こども園管理運営事業」 \
(content/projects/hoiku-kyoiku/nintei-kodomoen-kanri.yaml) only in kana/kanji variants, width or spaces; \
if they are the same project, write it one way\n";

/// The line of the file that warning quotes below it.
const KODOMOEN_QUOTE: &str = "1 | name: 認定子ども園管理運営事業\n  |       ^\n";

/// The fixtures whose errors keep the warnings from being looked for (they
/// need the report read and validated), which the summary says.
const STOP_BEFORE_WARNINGS: [&str; 1] = ["unresolved-references"];

#[test]
fn a_clean_site_passes_even_with_deny_warnings() {
    let site = site_copy("minimal");
    for args in [&["check"][..], &["check", "--deny-warnings"]] {
        let output = hyoka(site.path(), args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), "");
        assert_eq!(stderr(&output), "check: 0 errors, 0 warnings\n");
    }
    assert!(
        !site.path().join("output").exists(),
        "check must not write output/"
    );
}

#[test]
fn the_bundled_sample_warns_about_kodomoen_spellings() {
    let site = bundled_copy();
    let output = hyoka(site.path(), &["check"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "warnings alone pass: {}",
        stderr(&output)
    );
    let printed = format!("{KODOMOEN_WARNING}{KODOMOEN_QUOTE}");
    assert_eq!(stdout(&output), printed);
    assert_eq!(stderr(&output), "check: 0 errors, 1 warning\n");

    let denied = hyoka(site.path(), &["check", "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1));
    assert_eq!(stdout(&denied), printed);
}

#[test]
fn json_lists_every_finding_with_its_place() {
    let site = bundled_copy();
    let output = hyoka(site.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let raw = String::from_utf8(output.stdout.clone()).unwrap();
    let mut findings: serde_json::Value = serde_json::from_str(&raw).expect("stdout is JSON");
    // Messages name other files as hyoka shows paths (with `\` on Windows).
    for finding in findings.as_array_mut().unwrap() {
        let message = finding["message"].as_str().unwrap().to_string();
        finding["message"] = slashes(message).into();
    }
    assert_eq!(
        findings,
        serde_json::json!([{
            "severity": "warning",
            "file": "content/projects/hoiku-kyoiku/nintei-kodomoen-kanri-2.yaml",
            "line": 1,
            "column": 7,
            "field": "name",
            "message": KODOMOEN_WARNING.split_once("name: ").unwrap().1.trim_end(),
        }])
    );
}

#[test]
fn each_fixture_prints_its_expected_findings() {
    let cases = fixtures().join("check");
    let mut names: Vec<_> = std::fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    let names: Vec<String> = names
        .into_iter()
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    for required in [
        "broken-links",
        "broken-links-japanese-and-spaces",
        "bullet-marks",
        "empty-achievements",
        "judgment-thresholds-swapped",
        "kpi-units",
        "maintain-target",
        "name-variants",
        "note-after-full-width-space",
        "number-read-as-text",
        "placeholder-city-and-title",
        "project-without-rows",
        "same-name-twice",
        "star-without-legend",
        "static-file-where-hyoka-makes-one",
        "target-year",
        "text-cut-by-comments",
        "unresolved-references",
    ] {
        assert!(
            names.iter().any(|n| n == required),
            "fixture {required} is missing"
        );
    }
    let mut failures = Vec::new();
    for name in &names {
        let case = cases.join(name);
        let site = site_copy("minimal");
        copy_tree(&case, site.path());
        std::fs::remove_file(site.path().join("expected.txt")).unwrap();
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        assert!(
            !expected.is_empty(),
            "{name}: a fixture must expect findings"
        );
        let errors = findings_in(&expected)
            .filter(|line| line.contains(": error: "))
            .count();
        let warnings = findings_in(&expected).count() - errors;

        let output = hyoka(site.path(), &["check"]);
        let want_code = if errors > 0 { 1 } else { 0 };
        let errors_counted = format!(
            "check: {errors} error{}",
            if errors == 1 { "" } else { "s" }
        );
        let summary = if STOP_BEFORE_WARNINGS.contains(&name.as_str()) {
            format!(
                "{errors_counted}; warnings are looked for once the content reads without errors\n"
            )
        } else {
            format!(
                "{errors_counted}, {warnings} warning{}\n",
                if warnings == 1 { "" } else { "s" }
            )
        };
        if stdout(&output) != expected
            || output.status.code() != Some(want_code)
            || stderr(&output) != summary
        {
            failures.push(format!(
                "== {name}: exit {:?} (want {want_code})\n-- expected:\n{expected}{summary}-- actual:\n{}{}",
                output.status.code(),
                stdout(&output),
                stderr(&output)
            ));
        }
        let denied = hyoka(site.path(), &["check", "--deny-warnings"]);
        assert_eq!(
            denied.status.code(),
            Some(1),
            "{name}: --deny-warnings must fail on any finding"
        );
        assert!(
            !site.path().join("output").exists(),
            "{name}: check must not write output/"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `hyoka build` tells the likely mistakes `hyoka check` finds in the
/// content (not the links, which only check looks at), and builds all the same.
#[test]
fn build_prints_the_warnings_about_the_content_and_builds_all_the_same() {
    for name in [
        "text-cut-by-comments",
        "text-joined-over-lines",
        "bullet-marks",
        "kpi-units",
        "name-variants",
    ] {
        let case = fixtures().join("check").join(name);
        let site = site_copy("minimal");
        copy_tree(&case, site.path());
        std::fs::remove_file(site.path().join("expected.txt")).unwrap();
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let output = hyoka(site.path(), &["build"]);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        let warnings = findings_in(&expected).count();
        assert_eq!(
            stderr(&output),
            format!(
                "{expected}build: {warnings} warning{} (likely mistakes that did not stop the build; `hyoka check` lists them too)\n",
                if warnings == 1 { "" } else { "s" }
            ),
            "{name}"
        );
        assert!(
            stdout(&output).starts_with("built "),
            "{name}: {}",
            stdout(&output)
        );
        assert!(site.path().join("output/index.html").is_file(), "{name}");
    }
    // A site without such mistakes builds without a word on stderr.
    let clean = hyoka(site_copy("minimal").path(), &["build"]);
    assert_eq!(stderr(&clean), "");
}

#[test]
fn each_warning_names_the_mistake() {
    // The fixtures' expected.txt are compared whole above; this pins what each one is about.
    let expected = |name: &str| {
        std::fs::read_to_string(fixtures().join("check").join(name).join("expected.txt")).unwrap()
    };
    assert!(
        expected("name-variants")
            .contains("department name 「こども家庭課」 differs from 「子ども家庭課」")
    );
    assert!(
        expected("name-variants")
            .contains("project name 「防災　訓練事業」 differs from 「防災訓練事業」")
    );
    assert!(expected("kpi-units").contains("major_items[0].kpis[0].results.令和3年度: KPI 「防災訓練の参加者数」 is written in different units: 人 (baseline), 名 (令和3年度)"));
    assert!(expected("target-year").contains(
        "target_year: the target year 令和4年度 is before the last result year 令和5年度"
    ));
    assert!(expected("maintain-target").contains("target: the direction is 維持 (keep the level) but the target 2,000人 differs from the baseline 1,200人(令和2年度)"));
    assert!(
        expected("empty-achievements")
            .contains(":8:19: warning: rows[0].achievements: no achievements (取組実績)")
    );
    assert!(expected("empty-achievements").contains(":11:3: warning: rows[1].achievements: no achievements (取組実績) for measure `bosai` major item 1 mid item 1 in 令和4年度"));
    assert!(expected("broken-links").contains("link `../../projects/kunren-kiroku/index.html` on page measures/bosai/index.html leads to no file of the site"));
    assert!(expected("broken-links").contains("leads to no element with id `mid-1-9`"));
    assert!(expected("broken-links").contains(
        "link `../../../annai.html` on page measures/bosai/index.html points outside the site"
    ));
    assert!(
        !findings_in(&expected("broken-links"))
            .any(|line| line.contains("https://www.city.example.lg.jp/")),
        "links to other sites are not checked"
    );
    // An address the page cannot keep becomes "#": a mistyped scheme is named.
    assert!(expected("broken-links").contains(
        "bosai.yaml:7:11: error: description: link `htps://www.pref.example.lg.jp/` is no web (https://), mail (mailto:), phone (tel:) or relative address, so the page links nowhere (\"#\"); is it mistyped?"
    ));
    assert!(
        !findings_in(&expected("broken-links"))
            .any(|line| line.contains("bosai@city.example.lg.jp")),
        "mail addresses are not checked"
    );
    // The page has a link's address percent-encoded (`%E6%89%8B…`, `%20`); the
    // finding names where the author wrote it, and shows it as written.
    let japanese = expected("broken-links-japanese-and-spaces");
    assert!(japanese.contains("bosai.yaml:5:15: error: description: link `手続/一覧.html` on page measures/bosai/index.html leads to no file of the site"));
    assert!(japanese.contains(":6:11: error: description: link `説明 資料.pdf` on page"));
    assert!(japanese.contains(":6:28: error: description: link `%E8%A6%81%E7%B6%B1.html` on page"));
    assert!(japanese.contains(":6:58: error: description: link `規則%20第1号.html` on page"));
    assert!(japanese.contains(":6:78: error: description: link `#目標` on page measures/bosai/index.html leads to no element with id `目標`"));
    // Without footnotes, `[^1]: 脚注本文` defines a link to 脚注本文.
    assert!(japanese.contains(":8:9: error: description: link `脚注本文` on page"));
    assert!(!japanese.contains("template") && !japanese.contains("%E6"));
    let cut = expected("text-cut-by-comments");
    assert!(cut.contains(":10:13: warning: rows[0].achievements[0]: `#2 会場で総合防災訓練を実施した。` is a YAML comment"));
    assert!(cut.contains("bosai.yaml:8:21: warning: major_items[0].kpis[0].name: `#せっつ防災 の登録者数` is a YAML comment"));
    // A year written `2022:` is found as the 令和4年度 it is read as.
    assert!(cut.contains(
        "bosai.yaml:14:19: warning: major_items[0].kpis[0].results.令和4年度: `#未集計` is a YAML comment"
    ));
    assert!(
        cut.contains(
            ":3:21: warning: description: `#せっつ防災 で発信している。` is a YAML comment"
        )
    );
    // `#` inside a word, and quoted text, are text; `key: value   # note`
    // is a note for editors, as the `hyoka new` example writes them.
    assert!(!cut.contains("#集計中"));
    assert!(!cut.contains("#3"));
    assert!(!cut.contains("分野計画（任意）"));
    assert!(!cut.contains("担当課"));
    assert!(
        !cut.contains("防災訓練事業"),
        "an id with a note is no text"
    );
    // Lines of a text joined with a space, also in a folded `>` block; a `|`
    // block keeps its lines, and a space typed on one line is the writer's.
    let joined = expected("text-joined-over-lines");
    assert!(joined.contains("bosai-kunren.yaml:12:9: warning: rows[0].achievements[0]: the text goes on over several lines, which YAML joins with a space, so the page shows 「…災訓練を実施し、 AI・RPAの活…」; write the whole text on one line"));
    assert!(joined.contains(":14:9: warning: rows[0].achievements[1]:"));
    assert!(joined.contains(":18:9: warning: rows[0].analysis[1]:"));
    assert!(joined.contains("bosai.yaml:3:3: warning: description: the text goes on over several lines, which YAML joins with a space, so the page shows 「…ちをつくるため、 地域の防災力を高…」"));
    assert!(!joined.contains("bosai-kunren.yaml:4:3: warning: description"));
    assert!(!joined.contains("空行で分かれます"));
    assert!(!joined.contains("継続する"));
    // The same name twice in one department; in another department it is
    // another project (somu-bosai-kunren.yaml).
    let same = expected("same-name-twice");
    assert!(same.contains("bosai-kunren2.yaml:1:7: warning: name: project name 「防災訓練事業」 of 危機管理課 is also that of content/projects/kikikanri/bosai-kunren.yaml"));
    assert!(same.contains(
        "[2].name: department name 「危機管理課」 is also that of `kikikanri` in content/departments.yaml"
    ));
    assert!(!same.contains("somu"));
    let placeholder = expected("placeholder-city-and-title");
    assert!(placeholder.contains("city: still the placeholder 〇〇 that `hyoka new` writes"));
    assert!(placeholder.contains("title: still the placeholder ○○ that `hyoka new` writes"));
    // The top page's text, as `hyoka new` writes it, names the city too.
    assert!(placeholder.contains(
        "introduction: still the placeholder 〇〇 that `hyoka new` writes, so the top page says 「〇〇市の施策評価です。」"
    ));
    // A mark of its own, also after a full-width space; ※ begins a note,
    // and a ・ between words (AI・RPA, 避難所・市立集会所) joins them.
    let marks = expected("bullet-marks");
    assert!(marks.contains("achievements[0]: begins with 「・」, and the page shows its own mark before each bullet: leave it out"));
    assert!(marks.contains("achievements[2]: begins with 「-」"));
    assert!(marks.contains("achievements[3]: begins with 「・」"));
    assert!(!marks.contains("achievements[4]"));
    assert!(marks.contains("analysis[0]: 「…増加傾向にある。　・若い世代の参加が…」 holds a ・ after a space, which starts a new bullet in the report's export, so this looks like two bullets in one"));
    assert!(!marks.contains("analysis[1]"));
    assert!(expected("star-without-legend").starts_with("hyoka.yaml: warning: star_legend: 【★】 marks 2 KPIs (first: content/measures/bosai.yaml, major_items[0].kpis[1]) but hyoka.yaml gives no star_legend"));
    let text = expected("number-read-as-text");
    assert!(text.contains("baseline: 「1.2.3人」 begins with a number but is read as text, so the page shows it as written but does not chart or judge it"));
    assert!(text.contains("target: 「△2,000人(目標)以上」 begins with a number"));
    assert!(!text.contains("集計中") && !text.contains("—"));
    assert!(expected("unresolved-references").contains("unknown project id `hinan-kunren`"));
    assert!(expected("unresolved-references").contains("unknown department id `kikaku`"));
}
