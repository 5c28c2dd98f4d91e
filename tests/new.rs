//! `hyoka new DIR` scaffolds a site that builds at once, and checks clean
//! once the city and title are filled in.

mod common;

use common::*;

#[test]
fn a_new_site_builds_at_once_and_checks_clean_once_named() {
    let parent = tempfile::tempdir().unwrap();
    let output = hyoka(parent.path(), &["new", "my-report"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).ends_with(
            "next, to see it in your browser while you edit:\n  cd my-report\n  hyoka serve\n"
        ),
        "{}",
        stdout(&output)
    );
    let site = parent.path().join("my-report");

    let gitignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(
        gitignore.lines().any(|line| line == "output/"),
        "{gitignore}"
    );
    let gitattributes = std::fs::read_to_string(site.join(".gitattributes")).unwrap();
    assert!(
        gitattributes
            .lines()
            .any(|line| line == "* text=auto eol=lf"),
        "{gitattributes}"
    );
    let config = std::fs::read_to_string(site.join("hyoka.yaml")).unwrap();
    assert!(
        config.contains("# 市区町村名（必須） / The city publishing the report (required)"),
        "comments in both languages"
    );
    for file in [
        "content/departments.yaml",
        "content/fields/gyosei-keiei.yaml",
        "content/measures/digital.yaml",
        "content/projects/johoseisaku/dx-suishin.yaml",
    ] {
        assert!(site.join(file).is_file(), "{file} is missing");
    }

    // The example builds, but its city is a placeholder and its figures are
    // made up, which only the city's staff can replace: until then, a
    // publishing pipeline stops.
    let example = "still the example that `hyoka new` wrote, with made-up figures that the site would publish; replace them with the report's own, or delete the file and take its id out of the lists that name it";
    // The field's name is one a city may keep; its description is made up.
    let description = "content/fields/gyosei-keiei.yaml:3:1: warning: description: still the example's description that `hyoka new` wrote, which the field's page would publish as the city's; write the field's own (e.g. from the city's comprehensive plan), or delete the description\n\
        3 | description: |\n  | ^\n";
    let introduction = "hyoka.yaml:31:1: warning: introduction: still the placeholder 〇〇 that `hyoka new` writes, so the top page says 「〇〇市が令和5年度に取り組んだ施策の評価です。」; fill in the city's name\n\
        31 | introduction: |\n   | ^\n";
    let check = hyoka(&site, &["check", "--deny-warnings"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert_eq!(
        stdout(&check),
        format!(
            "{description}\
             content/measures/digital.yaml: warning: {example}\n\
             content/projects/johoseisaku/dx-suishin.yaml: warning: {example}\n\
             hyoka.yaml:8:7: warning: city: still the placeholder 〇〇 that `hyoka new` writes, so every page's title and the footer show 「〇〇市」; fill in the city's name (e.g. 摂津市)\n\
             8 | city: 〇〇市\n  |       ^\n\
             hyoka.yaml:15:8: warning: title: still the placeholder 〇〇 that `hyoka new` writes, so every page's title and the footer show 「〇〇市 施策評価（令和5年度）」; fill in the report's title (e.g. 摂津市 施策評価（令和5年度）)\n\
             15 | title: 〇〇市 施策評価（令和5年度）\n   |        ^\n\
             {introduction}"
        )
    );
    // A city that fills in the name and title alone still has the placeholder on the top page.
    let filled = config
        .replace("city: 〇〇市", "city: 架空市")
        .replace("title: 〇〇市", "title: 架空市");
    std::fs::write(site.join("hyoka.yaml"), filled).unwrap();
    let check = hyoka(&site, &["check"]);
    assert_eq!(
        stdout(&check),
        format!(
            "{description}\
             content/measures/digital.yaml: warning: {example}\n\
             content/projects/johoseisaku/dx-suishin.yaml: warning: {example}\n\
             {introduction}"
        )
    );
    // The staff write the report's own figures over the example's.
    for (file, example, own) in [
        (
            "content/measures/digital.yaml",
            "target: 40人",
            "target: 45人",
        ),
        (
            "content/projects/johoseisaku/dx-suishin.yaml",
            "fiscal_year: 令和5年度",
            "fiscal_year: 2023",
        ),
        ("hyoka.yaml", "  〇〇市が", "  架空市が"),
        (
            "content/fields/gyosei-keiei.yaml",
            "限られた資源で質の高いサービスを提供します。",
            "市民サービスの向上に取り組みます。",
        ),
    ] {
        replace_in(&site.join(file), example, own);
    }
    let check = hyoka(&site, &["check", "--deny-warnings"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );

    let built = build_ok(&site);
    let measure =
        page_text(&std::fs::read_to_string(built.join("measures/digital/index.html")).unwrap());
    assert!(measure.contains("RPAツールを扱える職員数"), "{measure}");
    assert!(measure.contains("DX推進事業"), "{measure}");
    let top = page_text(&std::fs::read_to_string(built.join("index.html")).unwrap());
    assert!(
        top.contains("架空市が令和5年度に取り組んだ施策の評価です。"),
        "{top}"
    );
}

#[test]
fn new_never_writes_into_a_folder_with_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hyoka.yaml"), "city: 既存市\n").unwrap();
    let output = hyoka(dir.path(), &["new", "."]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("the folder is not empty"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("hyoka.yaml")).unwrap(),
        "city: 既存市\n"
    );
    assert!(!dir.path().join("content").exists());
}

#[test]
fn new_fills_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let output = hyoka(dir.path(), &["new", "."]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(dir.path().join("content/measures/digital.yaml").is_file());
}

#[test]
fn the_next_step_quotes_a_folder_name_with_spaces() {
    let parent = tempfile::tempdir().unwrap();
    let output = hyoka(parent.path(), &["new", "令和5年度 報告"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).ends_with("  cd \"令和5年度 報告\"\n  hyoka serve\n"),
        "{}",
        stdout(&output)
    );
    let check = hyoka(&parent.path().join("令和5年度 報告"), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}
