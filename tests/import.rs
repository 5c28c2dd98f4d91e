//! `hyoka import`: the sample export and the fixtures in `tests/fixtures/import/`
//! become content that `hyoka build` renders, with every cell kept verbatim.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::*;
use hyoka::import::{ImportOptions, ImportSummary, import};
use rust_xlsxwriter::{Format, Workbook};

/// The sample export, relative to the package root (the tests' working folder),
/// so that messages name it as a user would.
const SAMPLE: &str = "tests/fixtures/settsu-digital-r5.tsv";

fn fixture(name: &str) -> PathBuf {
    Path::new("tests/fixtures/import").join(name)
}

/// Imports `files` into `site/content`; problems as the lines `hyoka` prints.
fn run(files: &[PathBuf], site: &Path, force: bool) -> Result<ImportSummary, Vec<String>> {
    let options = ImportOptions {
        files: files.to_vec(),
        into: site.join("content"),
        force,
        dry_run: false,
    };
    import(&options).map_err(|error| match error {
        hyoka::Error::Site(problems) => problems.iter().map(|p| slashes(p.to_string())).collect(),
        other => vec![slashes(other.to_string())],
    })
}

/// A new site made of `files` alone.
fn imported(files: &[PathBuf]) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    if let Err(problems) = run(files, site.path(), false) {
        panic!("import failed:\n{}", problems.join("\n"));
    }
    site
}

/// Every file below `dir` (but the built output), by path relative to `dir`.
fn files_of(dir: &Path) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| {
            entry.file_type().is_file() && !entry.path().starts_with(dir.join("output"))
        })
        .map(|entry| {
            (
                entry.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read_to_string(entry.path()).unwrap(),
            )
        })
        .collect()
}

fn relative(summary: &[PathBuf], site: &Path) -> Vec<String> {
    summary
        .iter()
        .map(|path| slashes(path.strip_prefix(site).unwrap().display().to_string()))
        .collect()
}

/// Every text the loaded content holds: names, titles, values as written,
/// fiscal years, bullets.
fn content_texts(site: &Path) -> BTreeSet<String> {
    let content = hyoka::content::load(site)
        .unwrap_or_else(|problems| panic!("the imported content does not load: {problems:?}"));
    let mut texts = BTreeSet::new();
    texts.extend(content.fields.iter().map(|field| field.data.name.clone()));
    texts.extend(
        content
            .departments
            .data
            .iter()
            .map(|department| department.name.clone()),
    );
    for measure in &content.measures {
        let measure = &measure.data;
        texts.insert(measure.name.clone());
        texts.extend(measure.sector_plan.clone());
        texts.extend(measure.strategy_page.clone());
        for major in &measure.major_items {
            texts.insert(major.title.clone());
            for kpi in &major.kpis {
                texts.extend([
                    kpi.name.clone(),
                    kpi.direction.label().to_string(),
                    kpi.baseline.original.clone(),
                    kpi.target.original.clone(),
                ]);
                texts.insert(kpi.target_year.wareki());
                for (year, value) in &kpi.results.0 {
                    texts.extend([year.wareki(), value.original.clone()]);
                }
            }
            for mid in &major.mid_items {
                texts.insert(mid.title.clone());
                texts.extend(mid.sector_plan_page.clone());
            }
        }
    }
    for project in &content.projects {
        texts.insert(project.data.name.clone());
        for row in &project.data.rows {
            texts.insert(row.fiscal_year.wareki());
            texts.extend(row.achievements.iter().chain(&row.analysis).cloned());
        }
    }
    texts
}

/// The labels the sheet prints on every page; they are the layout, not content.
const LABELS: [&str; 12] = [
    "分野",
    "施策",
    "分野計画名称",
    "行政経営戦略 参照ページ",
    "施策の展開（大項目）",
    "KPI (指標)",
    "推移の方向性",
    "基準値",
    "中項目",
    "分野計画参照ページ",
    "関連する主な事業",
    "分析・考察",
];

/// What each non-empty cell of the export must become, read independently of
/// the importer: header cells give their fiscal years, "1 タイトル" its title,
/// a KPI name loses its 【★】 (a flag), a project cell is the project and its
/// department, and text cells are their bullets, without markup.
fn expected_texts(export: &str) -> Vec<String> {
    let mut expected = Vec::new();
    for line in export.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        let filled: Vec<(usize, &str)> = cells
            .iter()
            .map(|cell| cell.trim())
            .enumerate()
            .filter(|(_, cell)| !cell.is_empty())
            .collect();
        if filled
            .iter()
            .all(|(_, cell)| cell.chars().all(|c| c == '-'))
        {
            continue; // Blank lines and Markdown separators.
        }
        let project_row = !cells[0].trim().is_empty() && !LABELS.contains(&cells[0].trim());
        for (i, &(column, cell)) in filled.iter().enumerate() {
            let previous = i.checked_sub(1).map(|p| filled[p].1);
            if LABELS.contains(&cell) {
                continue;
            } else if let Some(year) = cell
                .strip_suffix(" 結果")
                .or_else(|| cell.strip_suffix(" の取組実績"))
            {
                expected.push(year.to_string());
            } else if let Some(year) = cell
                .strip_prefix("目標値 (")
                .and_then(|rest| rest.strip_suffix(')'))
            {
                expected.push(year.to_string());
            } else if matches!(previous, Some("施策の展開（大項目）" | "中項目")) {
                let (number, title) = cell.split_once(' ').unwrap();
                assert!(number.parse::<u32>().is_ok(), "{cell}");
                expected.push(title.to_string());
            } else if previous == Some("KPI (指標)") {
                expected.push(cell.trim_end_matches("【★】").to_string());
            } else if project_row && column == 0 {
                let (name, department) = without_tags(cell)
                    .trim()
                    .rsplit_once(' ')
                    .map(|(n, d)| (n.to_string(), d.to_string()))
                    .unwrap();
                expected.extend([name, department]);
            } else {
                expected.extend(bullet_texts(cell));
            }
        }
    }
    expected
}

/// A cell's bullets: split where "・" starts the text or follows a space.
fn bullet_texts(cell: &str) -> Vec<String> {
    let text = without_tags(cell);
    let text = text.trim();
    let mut bullets = vec![String::new()];
    let mut previous = ' ';
    for c in text.chars() {
        if c == '・' && previous.is_whitespace() {
            bullets.push(String::new());
        } else if let Some(last) = bullets.last_mut() {
            last.push(c);
        }
        previous = c;
    }
    bullets
        .into_iter()
        .map(|bullet| bullet.trim().to_string())
        .filter(|bullet| !bullet.is_empty())
        .collect()
}

fn page(site: &Path, path: &str) -> String {
    page_text(&std::fs::read_to_string(site.join("output").join(path)).unwrap())
}

#[test]
fn every_cell_of_the_sample_is_in_the_content_and_on_the_page_verbatim() {
    let site = imported(&[SAMPLE.into()]);
    let expected = expected_texts(&std::fs::read_to_string(SAMPLE).unwrap());
    assert!(
        expected.len() > 200,
        "the walk found only {} texts",
        expected.len()
    );

    let content = content_texts(site.path());
    let missing: Vec<&String> = expected
        .iter()
        .filter(|text| !content.contains(*text))
        .collect();
    assert!(
        missing.is_empty(),
        "not in the imported content: {missing:#?}"
    );

    build_ok(site.path());
    let page = page(site.path(), "measures/measure-1/index.html");
    let missing: Vec<&String> = expected
        .iter()
        .filter(|text| !page.contains(text.as_str()))
        .collect();
    assert!(missing.is_empty(), "not on the measure page: {missing:#?}");
}

#[test]
fn the_sample_gives_the_bundled_measure_page() {
    // The import into an empty site, with the bundled site's configuration
    // (city, title and legend are not in the sheet).
    let site = imported(&[SAMPLE.into()]);
    let config = std::fs::read_to_string(repo().join("hyoka.yaml")).unwrap();
    std::fs::write(
        site.path().join("hyoka.yaml"),
        config.replace("gyosei-keiei", "field-1"),
    )
    .unwrap();
    build_ok(site.path());

    let bundled = bundled_copy();
    build_ok(bundled.path());
    // The ids differ (measure-1, project-001 …), and appear only in addresses.
    assert_eq!(
        page(site.path(), "measures/measure-1/index.html"),
        page(bundled.path(), "measures/digital/index.html")
    );
}

#[test]
fn the_bundled_content_is_what_the_import_says() {
    // The bundled content was transcribed by hand; importing the sample into
    // it finds every file already saying the same, and reuses its ids.
    let site = bundled_copy();
    let before = files_of(site.path());
    let summary = run(&[SAMPLE.into()], site.path(), false).unwrap();
    assert_eq!(summary.written, Vec::<PathBuf>::new());
    assert_eq!(
        relative(&summary.unchanged, site.path()),
        [
            "content/departments.yaml",
            "content/fields/gyosei-keiei.yaml",
            "content/measures/digital.yaml",
            "content/projects/gesuido-jigyo/kokyo-gesuido-kanri.yaml",
            "content/projects/hoiku-kyoiku/nintei-kodomoen-kanri-2.yaml",
            "content/projects/hoiku-kyoiku/nintei-kodomoen-kanri.yaml",
            "content/projects/jinji/jinji-kanri.yaml",
            "content/projects/jinji/soshiki-kadaibetsu-noryoku-kaihatsu.yaml",
            "content/projects/johoseisaku/dx-suishin.yaml",
            "content/projects/johoseisaku/joho-kanri.yaml",
            "content/projects/kokuho-nenkin/fuka-choshu.yaml",
            "content/projects/nozei/shuno-jimu.yaml",
            "content/projects/ryokin/suido-ryokin-shuno.yaml",
            "content/projects/shimin/kojin-bango-card-kofu.yaml",
            "content/projects/shiminzei/kazei-jimu.yaml",
            "content/projects/shogai-gakushu/gakko-taiiku-shisetsu-kaiho.yaml",
            "content/projects/somu/ippan-jimu.yaml",
            "hyoka.yaml",
        ]
    );
    assert_eq!(files_of(site.path()), before);
}

#[test]
fn a_new_site_gets_numbered_ids_and_a_config_to_complete() {
    let site = imported(&[SAMPLE.into()]);
    let files = files_of(site.path());
    assert_eq!(
        files[Path::new("hyoka.yaml")],
        "# hyoka import が書きました。表には市区町村名と報告書の題名がないので、\n\
         # city（市区町村名）と title（題名）を記入してください。書き方は docs/content-format.md にあります。\n\
         # Written by `hyoka import`. The sheets do not name the city or the report:\n\
         # fill in `city` (市区町村名) and `title`, and see docs/content-format.md.\n\
         city: \"\"\ntitle: \"\"\nfiscal_year: 令和5年度\nbase_url: /\nlanguage: ja\nfields:\n  - field-1\n"
    );
    assert_eq!(
        files[Path::new("content/fields/field-1.yaml")],
        "name: 行政経営\nmeasures:\n  - measure-1\n"
    );
    assert!(
        files[Path::new("content/departments.yaml")]
            .starts_with("- id: dept-01\n  name: 情報政策課\n- id: dept-02\n  name: 人事課\n")
    );
    // One project with a row per mid item it serves.
    let dx = &files[Path::new("content/projects/dept-01/project-001.yaml")];
    assert!(dx.starts_with("name: DX推進事業\ndepartment: dept-01\nrows:\n  - measure: measure-1\n    major_item: 1\n    mid_item: 1\n    fiscal_year: 令和5年度\n"));
    assert_eq!(dx.matches("- measure: measure-1").count(), 4);
    // What `hyoka new` gives a site for git: the built site kept out of it.
    assert!(files[Path::new(".gitignore")].contains("\noutput/\n"));
    assert!(files[Path::new(".gitattributes")].contains("eol=lf"));
    assert_eq!(files.len(), 20);
}

#[test]
fn a_space_typed_inside_a_department_name_makes_no_department_named_ka() {
    let sheet = tempfile::tempdir().unwrap();
    let tsv = sheet.path().join("spaced.tsv");
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    assert!(text.contains("\n人事管理事業 人事課\t"));
    std::fs::write(
        &tsv,
        text.replace("\n人事管理事業 人事課\t", "\n人事管理事業 人事 課\t"),
    )
    .unwrap();
    let spaced = files_of(imported(&[tsv]).path());
    let sample = files_of(imported(&[SAMPLE.into()]).path());
    assert_eq!(
        spaced[Path::new("content/departments.yaml")],
        sample[Path::new("content/departments.yaml")]
    );
    assert!(!spaced[Path::new("content/departments.yaml")].contains("name: 課\n"));
    assert_eq!(spaced.len(), sample.len());
}

#[test]
fn importing_twice_gives_identical_files() {
    let first = imported(&[SAMPLE.into(), fixture("text-result.tsv")]);
    let second = imported(&[SAMPLE.into(), fixture("text-result.tsv")]);
    assert_eq!(files_of(first.path()), files_of(second.path()));

    let before = files_of(first.path());
    let summary = run(
        &[SAMPLE.into(), fixture("text-result.tsv")],
        first.path(),
        false,
    )
    .unwrap();
    assert!(summary.written.is_empty(), "{:?}", summary.written);
    // All but .gitignore and .gitattributes, which only a new site is given.
    assert_eq!(summary.unchanged.len(), before.len() - 2);
    assert_eq!(files_of(first.path()), before);
}

#[test]
fn a_differing_file_is_overwritten_only_with_force() {
    let site = imported(&[SAMPLE.into()]);
    let project = site
        .path()
        .join("content/projects/dept-02/project-002.yaml");
    let imported_text = std::fs::read_to_string(&project).unwrap();
    std::fs::write(
        &project,
        imported_text.replace("Web上で実施した。", "Web上で実施しました。"),
    )
    .unwrap();
    let departments = site.path().join("content/departments.yaml");
    std::fs::remove_file(&departments).unwrap();

    let problems = run(&[SAMPLE.into()], site.path(), false).unwrap_err();
    assert_eq!(
        problems,
        [slashes(format!(
            "{}: error: the file exists and differs from what the import would write: `- 採用試験の申込み及び試験内容の一部をWeb上で実施しました。` would become `- 採用試験の申込み及び試験内容の一部をWeb上で実施した。`; nothing was written: import again with --force to overwrite it (it then says what the sheet says: a correction made only in the file is undone, so make it in the sheet too)",
            project.display()
        ))]
    );
    assert!(!departments.exists(), "a refused import wrote a file");

    let summary = run(&[SAMPLE.into()], site.path(), true).unwrap();
    assert_eq!(
        relative(&summary.written, site.path()),
        [
            "content/departments.yaml",
            "content/projects/dept-02/project-002.yaml"
        ]
    );
    assert_eq!(std::fs::read_to_string(&project).unwrap(), imported_text);
}

#[test]
fn a_measure_is_added_to_an_existing_site() {
    let site = bundled_copy();
    let problems = run(&[fixture("text-result.tsv")], site.path(), false).unwrap_err();
    let refused: Vec<&str> = problems
        .iter()
        .map(|problem| problem.split(": error: ").next().unwrap())
        .collect();
    let root = slashes(site.path().display().to_string());
    assert_eq!(
        refused,
        [
            format!("{root}/content/departments.yaml"),
            format!("{root}/hyoka.yaml")
        ]
    );

    let summary = run(&[fixture("text-result.tsv")], site.path(), true).unwrap();
    assert_eq!(
        relative(&summary.written, site.path()),
        [
            "content/departments.yaml",
            "content/fields/field-1.yaml",
            "content/measures/measure-1.yaml",
            "content/projects/dept-01/project-001.yaml",
            "content/projects/dept-01/project-002.yaml",
            "hyoka.yaml",
        ]
    );
    let config = std::fs::read_to_string(site.path().join("hyoka.yaml")).unwrap();
    assert!(config.starts_with("city: 摂津市\n"), "{config}");
    assert!(
        config.ends_with("fields:\n  - gyosei-keiei\n  - field-1\n"),
        "{config}"
    );
    let departments =
        std::fs::read_to_string(site.path().join("content/departments.yaml")).unwrap();
    assert!(
        departments.ends_with(
            "- id: gesuido-jigyo\n  name: 下水道事業課\n- id: dept-01\n  name: 環境政策課\n"
        ),
        "{departments}"
    );
    build_ok(site.path());
}

#[test]
fn a_dry_run_lists_what_the_import_would_write_and_writes_nothing() {
    let site = bundled_copy();
    let before = files_of(site.path());
    let export = std::path::absolute(fixture("text-result.tsv")).unwrap();
    let output = hyoka(
        site.path(),
        &["import", "--dry-run", export.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        slashes(String::from_utf8(output.stdout).unwrap()),
        "would overwrite content/departments.yaml: `- id: dept-01` would be added
would write content/fields/field-1.yaml
would write content/measures/measure-1.yaml
would write content/projects/dept-01/project-001.yaml
would write content/projects/dept-01/project-002.yaml
would overwrite hyoka.yaml: `- field-1` would be added
nothing was written (dry run); 2 existing files would change, which the import does only with --force
"
    );
    assert_eq!(files_of(site.path()), before, "a dry run wrote");
}

#[test]
fn the_sites_own_hyoka_yaml_keeps_its_comments_when_the_import_adds_to_it() {
    let site = bundled_copy();
    let config = site.path().join("hyoka.yaml");
    let own = std::fs::read_to_string(&config).unwrap();
    let commented = format!(
        "# 摂津市の施策評価サイトの設定 / our settings\n{}",
        own.replace("fields:\n", "# 分野の一覧（報告書の順）\nfields:\n")
            .replace("  - gyosei-keiei\n", "  - gyosei-keiei   # 行政経営\n")
            .replace(
                "fiscal_year: 令和5年度\n",
                "fiscal_year: 令和4年度   # 評価の対象年度\n"
            )
    );
    std::fs::write(&config, &commented).unwrap();
    let problems = run(&[fixture("text-result.tsv")], site.path(), false).unwrap_err();
    assert!(
        problems.iter().any(|p| p.contains("hyoka.yaml: error: the file exists and differs from what the import would write: `fiscal_year: 令和4年度` would become `fiscal_year: 令和5年度`")),
        "{problems:?}"
    );
    run(&[fixture("text-result.tsv")], site.path(), true).unwrap();
    // The same file, with the sheets' year and the new field added below the
    // others: every comment is where it was.
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        commented
            .replace(
                "fiscal_year: 令和4年度   # 評価の対象年度\n",
                "fiscal_year: 令和5年度   # 評価の対象年度\n"
            )
            .replace(
                "  - gyosei-keiei   # 行政経営\n",
                "  - gyosei-keiei   # 行政経営\n  - field-1\n"
            )
    );
    build_ok(site.path());
}

#[test]
fn a_fields_file_and_departments_yaml_keep_their_comments_when_the_import_adds_to_them() {
    let site = bundled_copy();
    let field = site.path().join("content/fields/gyosei-keiei.yaml");
    let departments = site.path().join("content/departments.yaml");
    let field_text = "# 行政経営分野 / kept by 企画課\nname: 行政経営\nmeasures:\n  - digital   # デジタル化\n# 次の施策はここに\n";
    std::fs::write(&field, field_text).unwrap();
    let own = std::fs::read_to_string(&departments).unwrap();
    let departments_text = format!("# 担当課の一覧（組織改正のたびに更新）\n{own}");
    std::fs::write(&departments, &departments_text).unwrap();
    // The sheet's measure in this site's field 行政経営.
    let sheet = site.path().join("gomi.tsv");
    let text = std::fs::read_to_string(fixture("text-result.tsv")).unwrap();
    std::fs::write(&sheet, text.replacen("分野\t市民生活", "分野\t行政経営", 1)).unwrap();

    let summary = run(std::slice::from_ref(&sheet), site.path(), true).unwrap();
    assert!(
        relative(&summary.written, site.path())
            .contains(&"content/fields/gyosei-keiei.yaml".to_string())
    );
    // The new measure below the others, and the new department at the end:
    // every comment where it was.
    assert_eq!(
        std::fs::read_to_string(&field).unwrap(),
        field_text.replace(
            "  - digital   # デジタル化\n",
            "  - digital   # デジタル化\n  - measure-1\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(&departments).unwrap(),
        format!("{departments_text}- id: dept-01\n  name: 環境政策課\n")
    );
    build_ok(site.path());
}

#[test]
fn a_refusal_says_when_the_files_comments_would_not_be_kept() {
    let site = bundled_copy();
    let field = site.path().join("content/fields/gyosei-keiei.yaml");
    // A list on one line cannot be added to in place: the file is rewritten.
    std::fs::write(&field, "name: 行政経営\nmeasures: [digital]   # 一行で\n").unwrap();
    let departments = site.path().join("content/departments.yaml");
    let own = std::fs::read_to_string(&departments).unwrap();
    std::fs::write(&departments, format!("# 担当課の一覧\n{own}")).unwrap();
    let sheet = site.path().join("gomi.tsv");
    let text = std::fs::read_to_string(fixture("text-result.tsv")).unwrap();
    std::fs::write(&sheet, text.replacen("分野\t市民生活", "分野\t行政経営", 1)).unwrap();
    let problems = run(std::slice::from_ref(&sheet), site.path(), false).unwrap_err();
    let refusal = |file: &str| {
        problems
            .iter()
            .find(|p| slashes(p.to_string()).contains(file))
            .unwrap_or_else(|| panic!("{file}: {problems:?}"))
            .clone()
    };
    assert!(
        refusal("content/fields/gyosei-keiei.yaml").ends_with("make it in the sheet too, and its comments are not kept, as it is written anew in the import's layout)"),
        "{problems:?}"
    );
    // departments.yaml is added to in place: its comments stay, and the refusal says nothing of them.
    assert!(refusal("content/departments.yaml").ends_with("make it in the sheet too)"));

    // A dry run says the same of each file.
    let output = hyoka(
        site.path(),
        &["import", "--dry-run", sheet.to_str().unwrap()],
    );
    let listed = String::from_utf8(output.stdout).unwrap();
    let line = |file: &str| {
        (listed.lines())
            .map(|line| slashes(line.to_string()))
            .find(|line| line.contains(file))
            .unwrap_or_else(|| panic!("{file}: {listed}"))
    };
    assert_eq!(
        line("content/fields/gyosei-keiei.yaml"),
        "would overwrite content/fields/gyosei-keiei.yaml: `- measure-1` would be added, and its comments would not be kept"
    );
    assert_eq!(
        line("content/departments.yaml"),
        "would overwrite content/departments.yaml: `- id: dept-01` would be added"
    );
}

#[test]
fn fiscal_years_come_from_the_headers() {
    let site = imported(&[fixture("shifted-years.tsv")]);
    let files = files_of(site.path());
    let measure = &files[Path::new("content/measures/measure-1.yaml")];
    assert!(
        measure.contains(
            "        results:\n          令和4年度: 552時間\n          令和5年度: 764時間\n          令和6年度: 910時間\n        target: 1,200時間\n        target_year: 令和8年度\n"
        ),
        "{measure}"
    );
    assert!(files[Path::new("hyoka.yaml")].contains("fiscal_year: 令和6年度\n"));
    assert!(
        files[Path::new("content/projects/dept-01/project-001.yaml")]
            .contains("    fiscal_year: 令和6年度\n")
    );
    build_ok(site.path());
    let page = page(site.path(), "measures/measure-1/index.html");
    assert!(page.contains("令和4年度（2022年度） 結果 令和5年度（2023年度） 結果 令和6年度（2024年度） 結果 目標値 令和8年度（2026年度）"), "{page}");
    assert!(page.contains("令和6年度（2024年度）の取組実績"), "{page}");
}

#[test]
fn crlf_and_a_byte_order_mark_read_like_the_plain_export() {
    let bytes = std::fs::read(fixture("crlf-bom.tsv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF") && bytes.windows(2).any(|pair| pair == b"\r\n"),
        "the fixture lost its BOM or CRLF"
    );
    let plain = imported(&[SAMPLE.into()]);
    let crlf = imported(&[fixture("crlf-bom.tsv")]);
    assert_eq!(files_of(crlf.path()), files_of(plain.path()));
}

#[test]
fn text_results_and_missing_values_are_kept_as_written() {
    let site = imported(&[fixture("text-result.tsv")]);
    let content = hyoka::content::load(site.path()).unwrap();
    let kpis = &content.measures[0].data.major_items[0].kpis;
    let waste = &kpis[0];
    assert_eq!(waste.name, "市民1人1日あたりのごみ排出量");
    assert_eq!(waste.direction.label(), "減少");
    assert_eq!(
        (
            waste.baseline.number(),
            waste.baseline.unit(),
            waste.baseline.note()
        ),
        (Some(812.0), Some("g"), Some("令和元年度"))
    );
    let (year, pending) = &waste.results.0[2];
    assert_eq!(
        (
            year.wareki().as_str(),
            pending.original.as_str(),
            pending.kind.clone()
        ),
        ("令和5年度", "集計中", hyoka::content::ValueKind::Text)
    );
    let recycling = &kpis[1];
    assert!(recycling.star);
    assert_eq!(
        recycling.results.0[0].1.kind,
        hyoka::content::ValueKind::Missing
    );
    assert_eq!(kpis[2].baseline.number(), Some(1200.0));
    build_ok(site.path());
    let page = page(site.path(), "measures/measure-1/index.html");
    assert!(
        page.contains("市民1人1日あたりのごみ排出量 減少 812g(令和元年度) 798g 785g 集計中 750g"),
        "{page}"
    );
    // The charts: the baseline's year in both calendars, as the results'
    // years, each on a line; values with the decimals written (25.0%).
    let html =
        std::fs::read_to_string(site.path().join("output/measures/measure-1/index.html")).unwrap();
    let chart_texts = |n: usize| {
        let chart = html.split("<svg class=\"kpi-chart\"").nth(n).unwrap();
        svg_texts(chart.split("</svg>").next().unwrap())
    };
    let waste = chart_texts(1);
    let baseline = waste.iter().position(|t| *t == "基準値").unwrap();
    assert_eq!(
        waste[baseline..baseline + 5],
        ["基準値", "令和元年度", "2019", "令和3年度", "2021"],
        "{waste:?}"
    );
    let recycling = chart_texts(2);
    assert!(
        recycling.contains(&"25.0") && recycling.contains(&"18.5"),
        "{recycling:?}"
    );
}

#[test]
fn a_line_break_in_a_cell_is_kept_as_a_block_of_lines() {
    // A break within a bullet: Alt+Enter in the sheet, <br> in the export.
    let export = std::fs::read_to_string(SAMPLE).unwrap().replace(
        "Web上で実施した。",
        "Web上で実施した。<br>（参加者は前年度の2倍）",
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.tsv");
    std::fs::write(&file, export).unwrap();
    let site = imported(&[file]);
    let yaml = std::fs::read_to_string(
        site.path()
            .join("content/projects/dept-02/project-002.yaml"),
    )
    .unwrap();
    // Written as the lines an officer would type, not as one quoted line.
    let bullet = yaml
        .lines()
        .position(|line| line.ends_with("Web上で実施した。"))
        .unwrap();
    let lines: Vec<&str> = yaml.lines().collect();
    assert!(lines[bullet - 1].trim_start().starts_with("- |-"), "{yaml}");
    assert_eq!(
        lines[bullet + 1].trim_start(),
        "（参加者は前年度の2倍）",
        "{yaml}"
    );
    assert!(!yaml.contains("\\n"), "{yaml}");
    // It reads back as one bullet of two lines, shown as two lines.
    let content = hyoka::content::load(site.path()).unwrap();
    let project = content
        .projects
        .iter()
        .find(|p| p.id == "project-002")
        .unwrap();
    assert!(
        project.data.rows[0]
            .achievements
            .iter()
            .any(|a| a.ends_with("Web上で実施した。\n（参加者は前年度の2倍）")),
        "{:?}",
        project.data.rows[0].achievements
    );
}

#[test]
fn an_import_inside_a_sites_content_folder_is_refused() {
    let site = imported(&[SAMPLE.into()]);
    let before = files_of(site.path());
    // As `hyoka import` run in site/content, whose --into is ./content.
    let nested = site.path().join("content").join("content");
    let options = ImportOptions {
        files: vec![SAMPLE.into()],
        into: nested.clone(),
        force: false,
        dry_run: false,
    };
    let Err(hyoka::Error::Site(problems)) = import(&options) else {
        panic!("the import went ahead");
    };
    let site_name = site.path().display();
    assert_eq!(
        problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [format!(
            "{}: error: this folder is inside the content folder of the site in {site_name}, so the import would make a second site within it, which no build reads; run hyoka import in the site's folder (where hyoka.yaml is), or give --into {}",
            nested.display(),
            site.path().join("content").display()
        )]
    );
    assert_eq!(files_of(site.path()), before, "nothing was written");
    // The site's own content folder, written with `..`, is no folder inside it.
    let options = ImportOptions {
        files: vec![SAMPLE.into()],
        into: site.path().join("content").join("measures").join(".."),
        force: false,
        dry_run: false,
    };
    let summary = import(&options).unwrap();
    assert!(summary.written.is_empty(), "{summary:?}");
}

#[test]
fn a_nakaguro_inside_words_does_not_start_a_bullet() {
    let site = imported(&[fixture("nakaguro.tsv")]);
    let content = hyoka::content::load(site.path()).unwrap();
    let measure = &content.measures[0].data;
    assert_eq!(
        (measure.name.as_str(), measure.sector_plan.as_deref()),
        ("広報・広聴", Some("広報・広聴戦略"))
    );
    assert_eq!(measure.major_items[0].title, "情報発信・情報共有の充実");
    assert_eq!(measure.major_items[0].kpis[0].name, "SNS・アプリの登録者数");
    assert_eq!(
        measure.major_items[0].mid_items[0].title,
        "広報紙・ホームページの充実"
    );
    let project = &content.projects[0].data;
    assert_eq!(project.name, "広報・広聴事業");
    assert_eq!(content.departments.data[0].name, "広報課");
    let row = &project.rows[0];
    // The text before the first bullet is an entry of its own.
    assert_eq!(
        row.achievements,
        [
            "広報紙・ホームページ・SNSで発信した。",
            "AI・RPAを活用し、標準化・共通化を進めた。",
            "避難所・市立集会所・公共施設等の情報を掲載した。"
        ]
    );
    assert_eq!(
        row.analysis,
        [
            "Q&A形式の記事が好評であった。",
            "閲覧数・登録者数とも増加した。"
        ]
    );
}

#[test]
fn a_broken_export_reports_every_problem_with_its_line_and_cell() {
    let site = tempfile::tempdir().unwrap();
    // The second file need not exist: its name tells that it cannot be read.
    let problems = run(
        &[fixture("broken.tsv"), fixture("report.csv")],
        site.path(),
        false,
    )
    .unwrap_err();
    assert_eq!(
        problems,
        [
            "tests/fixtures/import/broken.tsv:8:6: error: KPI row: the cell under 令和5年度 結果 (the header on line 7) is empty: write — where the report gives no value",
            "tests/fixtures/import/broken.tsv:8:7: error: KPI row: the cell under 目標値 (令和7年度) (the header on line 7) is empty: write — where the report gives no value",
            "tests/fixtures/import/broken.tsv:11:2: error: KPI row: 推移の方向性 must be 増加, 減少 or 維持, found \"上昇\"",
            "tests/fixtures/import/broken.tsv:16:1: error: project row: cannot tell the project from its department in \"人事管理事業\"; write 事業名 and 担当課 separated by a space",
            "tests/fixtures/import/broken.tsv:18:1: error: project row: expected 3 cells (事業名 担当課, 取組実績, 分析・考察) under the 関連する主な事業 header, found 1: \"備考：数値は速報値\"",
            "tests/fixtures/import/report.csv: error: cannot tell the kind of file: import reads tab-separated exports (.tsv, .txt) and workbooks (.xlsx); import the .xlsx workbook itself, or save the sheet as 「テキスト (タブ区切り)」 or 「Unicode テキスト」",
        ]
    );
    assert!(
        files_of(site.path()).is_empty(),
        "a failed import wrote files"
    );
}

/// A workbook is a zip archive: a 250 KB file can unpack to gigabytes. One
/// that says it does is refused before anything is unpacked; one that
/// understates a part's size is stopped at the size it states
/// (`tests/fixtures/import/make_zip_bombs.py` writes both).
#[test]
fn a_workbook_that_unpacks_to_too_much_is_refused() {
    let site = tempfile::tempdir().unwrap();
    let problems = run(
        &[
            fixture("zip-bomb.xlsx"),
            fixture("zip-bomb-understated.xlsx"),
        ],
        site.path(),
        false,
    )
    .unwrap_err();
    assert_eq!(
        problems,
        [
            "tests/fixtures/import/zip-bomb-understated.xlsx: error: cannot read the workbook: Xml error: I/O error: File is larger than its declared uncompressed size",
            "tests/fixtures/import/zip-bomb.xlsx: error: the workbook unpacks to 101.0 MB, more than the 100 MB hyoka reads; a report's workbook unpacks to a few MB — is this the right file?",
        ]
    );
    assert!(
        files_of(site.path()).is_empty(),
        "a failed import wrote files"
    );
}

#[test]
fn an_unlabelled_line_is_an_error_not_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("stray.tsv");
    std::fs::write(
        &export,
        "分野\t行政経営\t施策\tデジタル化\n\t\tページ 2 / 5\n施策の展開（大項目）\t行政事務\n",
    )
    .unwrap();
    let file = slashes(export.display().to_string());
    let problems = run(&[export], dir.path(), false).unwrap_err();
    assert_eq!(
        problems,
        [
            format!(
                "{file}:2:3: error: line: cannot place this line: it starts with no label (分野, 分野計画名称, 施策の展開（大項目）, KPI (指標), 推移の方向性, 中項目, 関連する主な事業) and follows no KPI header or 関連する主な事業 header: \"ページ 2 / 5\""
            ),
            format!(
                "{file}:3:2: error: 施策の展開（大項目）: expected a number, a space and a title, such as \"1 行政事務における生産性の向上\", found \"行政事務\""
            ),
        ]
    );
}

/// Writes the cells of exports into a workbook, one sheet per entry; numbers
/// written as they print ("1,200件", "18.5%") become numbers with a number
/// format when `numbers` is set, as a spreadsheet would hold them.
fn workbook(path: &Path, sheets: &[(&str, Vec<&Path>, bool)]) {
    let mut book = Workbook::new();
    for (name, exports, numbers) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        let text: String = exports
            .iter()
            .map(|export| std::fs::read_to_string(export).unwrap())
            .collect();
        for (r, line) in text.lines().enumerate() {
            for (c, cell) in line.split('\t').enumerate() {
                let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
                match formatted_number(cell).filter(|_| *numbers) {
                    Some((number, format)) => sheet.write_number_with_format(
                        r,
                        c,
                        number,
                        &Format::new().set_num_format(format),
                    ),
                    None if cell.is_empty() => continue,
                    None => sheet.write_string(r, c, cell),
                }
                .unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// "1,200件" → (1200, `#,##0"件"`), "798g" → (798, `0"g"`), "18.5%" → (0.185, `0.0%`).
fn formatted_number(cell: &str) -> Option<(f64, String)> {
    if let Some(percent) = cell.strip_suffix('%') {
        let decimals = percent.split_once('.').map_or(0, |(_, d)| d.len());
        return Some((
            percent.parse::<f64>().ok()? / 100.0,
            format!("0.{}%", "0".repeat(decimals)).replace(".%", "%"),
        ));
    }
    let digits_end = cell.find(|c: char| !c.is_ascii_digit() && c != ',')?;
    let (digits, unit) = cell.split_at(digits_end);
    if digits.is_empty() || !["件", "g", "人"].contains(&unit) {
        return None;
    }
    let pattern = if digits.contains(',') { "#,##0" } else { "0" };
    Some((
        digits.replace(',', "").parse().ok()?,
        format!("{pattern}\"{unit}\""),
    ))
}

#[test]
fn a_workbook_gives_the_same_content_as_the_exports() {
    let dir = tempfile::tempdir().unwrap();
    let exports = [PathBuf::from(SAMPLE), fixture("text-result.tsv")];
    let from_exports = imported(&exports);

    // One sheet per measure; the second holds its KPI values as formatted numbers.
    let book = dir.path().join("report.xlsx");
    workbook(
        &book,
        &[
            ("デジタル化", vec![&exports[0]], false),
            ("ごみの減量", vec![&exports[1]], true),
        ],
    );
    let from_book = imported(&[book]);
    assert_eq!(files_of(from_book.path()), files_of(from_exports.path()));

    // One sheet holding both measures, one after the other.
    let single = dir.path().join("single.xlsx");
    workbook(
        &single,
        &[("施策評価", vec![&exports[0], &exports[1]], true)],
    );
    let from_single = imported(&[single]);
    assert_eq!(files_of(from_single.path()), files_of(from_exports.path()));
}

#[test]
fn workbook_problems_name_the_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("report.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("デジタル化").unwrap();
    for (r, line) in std::fs::read_to_string(fixture("shifted-years.tsv"))
        .unwrap()
        .lines()
        .enumerate()
    {
        for (c, cell) in line
            .split('\t')
            .enumerate()
            .filter(|(_, cell)| !cell.is_empty())
        {
            sheet
                .write_string(u32::try_from(r).unwrap(), u16::try_from(c).unwrap(), cell)
                .unwrap();
        }
    }
    sheet.write_boolean(7, 4, true).unwrap();
    sheet
        .write_number_with_format(10, 5, 33.0, &Format::new().set_num_format("0.00E+00"))
        .unwrap();
    workbook.save(&book).unwrap();

    let file = slashes(book.display().to_string());
    let problems = run(&[book], dir.path(), false).unwrap_err();
    assert_eq!(
        problems,
        [
            format!(
                "{file}:8:5: error: cell at デジタル化!E8: the cell holds the truth value true; write the text the report prints"
            ),
            format!(
                "{file}:11:6: error: cell at デジタル化!F11: the cell holds the number 33 shown with the number format `0.00E+00`, which the importer cannot reproduce; write the value as text, as the report prints it"
            ),
        ]
    );
}

#[test]
fn one_import_holds_each_measure_once_and_one_fiscal_year() {
    let site = tempfile::tempdir().unwrap();
    let twice = run(
        &[SAMPLE.into(), fixture("crlf-bom.tsv")],
        site.path(),
        false,
    )
    .unwrap_err();
    assert_eq!(
        twice,
        [
            "tests/fixtures/import/crlf-bom.tsv:3:1: error: 分野: 施策 デジタル化 (分野 行政経営) is also in tests/fixtures/settsu-digital-r5.tsv:3; import each measure once"
        ]
    );
    let two_years = run(
        &[fixture("text-result.tsv"), fixture("shifted-years.tsv")],
        site.path(),
        false,
    )
    .unwrap_err();
    assert_eq!(
        two_years,
        [
            "tests/fixtures/import/shifted-years.tsv:15:1: error: project row: this row's 取組実績 are for 令和6年度 but those at tests/fixtures/import/text-result.tsv:18 are for 令和5年度; import one fiscal year at a time"
        ]
    );
    assert!(files_of(site.path()).is_empty());
}

#[test]
fn the_strategy_pages_label_names_the_citys_own_document() {
    // Another city's sheet: its pages are of its 総合計画.
    let source = tempfile::tempdir().unwrap();
    let sheet = source.path().join("sheet.tsv");
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    std::fs::write(
        &sheet,
        text.replace("行政経営戦略 参照ページ", "第5次総合計画 参照ページ"),
    )
    .unwrap();

    // A new site keeps the label, and its pages show it.
    let site = imported(std::slice::from_ref(&sheet));
    let config = std::fs::read_to_string(site.path().join("hyoka.yaml")).unwrap();
    assert!(
        config.contains("\nstrategy_page_label: 第5次総合計画 参照ページ\n"),
        "{config}"
    );
    let page = read(&build_ok(site.path()).join("measures/measure-1/index.html"));
    assert!(page.contains("<th scope=\"row\">第5次総合計画 参照ページ</th><td>P99</td>"));
    assert!(!page.contains("行政経営戦略"));

    // Into a site of its own, the label is written below the year, and the
    // site's comments stay.
    let site = bundled_copy();
    let config = site.path().join("hyoka.yaml");
    let own = std::fs::read_to_string(&config).unwrap();
    let commented = own.replace(
        "fiscal_year: 令和5年度\n",
        "fiscal_year: 令和5年度   # 評価の対象年度\n",
    );
    std::fs::write(&config, &commented).unwrap();
    run(&[sheet], site.path(), true).unwrap();
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        commented.replace(
            "fiscal_year: 令和5年度   # 評価の対象年度\n",
            "fiscal_year: 令和5年度   # 評価の対象年度\nstrategy_page_label: 第5次総合計画 参照ページ\n"
        )
    );
    let json = read(&build_ok(site.path()).join("data/report.json"));
    assert!(json.contains("\"strategy_page_label\":\"第5次総合計画 参照ページ\""));
    // Settsu's label spaced otherwise is the default, written nowhere.
    std::fs::write(
        source.path().join("spaced.tsv"),
        text.replace("行政経営戦略 参照ページ", "行政経営戦略　参照ページ"),
    )
    .unwrap();
    let site = imported(&[source.path().join("spaced.tsv")]);
    let config = std::fs::read_to_string(site.path().join("hyoka.yaml")).unwrap();
    assert!(!config.contains("strategy_page_label"), "{config}");
}

#[test]
fn a_comma_separated_export_saved_as_txt_is_one_error_naming_csv() {
    // The sample's cells joined by commas, as Excel's CSV export writes them.
    let source = tempfile::tempdir().unwrap();
    let sheet = source.path().join("sheet.txt");
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    std::fs::write(&sheet, text.replace('\t', ",")).unwrap();
    let site = tempfile::tempdir().unwrap();
    let problems = run(std::slice::from_ref(&sheet), site.path(), false).unwrap_err();
    assert_eq!(
        problems,
        [format!(
            "{}:3:1: error: the file has no tabs, and its lines hold commas: it looks comma-separated (CSV); import the .xlsx workbook itself, or save the sheet as 「テキスト (タブ区切り)」 or 「Unicode テキスト」",
            hyoka::slashed(&sheet)
        )]
    );
}

#[test]
fn headers_with_their_columns_reordered_are_one_error_each_not_one_per_row() {
    let source = tempfile::tempdir().unwrap();
    let sheet = source.path().join("sheet.tsv");
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    // Each header's two labels swapped, whatever empty cells lie between.
    let text: String = text
        .replace("\t基準値\t令和3年度 結果", "\t令和3年度 結果\t基準値")
        .split_inclusive('\n')
        .map(|line| match line.strip_prefix("関連する主な事業") {
            Some(_) => line
                .replace("令和5年度 の取組実績", "\u{0}")
                .replace("分析・考察", "令和5年度 の取組実績")
                .replace('\u{0}', "分析・考察"),
            None => line.to_string(),
        })
        .collect();
    std::fs::write(&sheet, text).unwrap();
    let site = tempfile::tempdir().unwrap();
    let problems = run(std::slice::from_ref(&sheet), site.path(), false).unwrap_err();
    let kpi_headers = problems
        .iter()
        .filter(|p| p.contains(": error: KPI header: expected 推移の方向性, 基準値, one 「…年度 結果」 per fiscal year and 目標値 (…年度), in this order, found \"推移の方向性 | 令和3年度 結果 | 基準値 |"))
        .count();
    let project_headers = problems
        .iter()
        .filter(|p| p.contains(": error: 関連する主な事業: expected 関連する主な事業, 「…年度 の取組実績」 and 分析・考察, in this order, found \"関連する主な事業 | 分析・考察 | 令和5年度 の取組実績\""))
        .count();
    // The sample has 10 KPIs and 7 project lists; their rows add nothing.
    assert_eq!((kpi_headers, project_headers), (10, 7), "{problems:#?}");
    assert_eq!(problems.len(), 17, "{problems:#?}");
}
