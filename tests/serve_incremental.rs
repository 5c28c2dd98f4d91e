//! `hyoka serve` re-renders only the pages a save changes: those pages show
//! the change, and the site it serves is byte for byte what `hyoka build`
//! writes for the same content (the downloads and search index included,
//! once they are made again after the reload).
//!
//! Most tests drive the preview's rebuilds through the library, as the
//! server does after each save; the last one runs `hyoka serve`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use hyoka::serve::incremental::{Outcome, Rebuilder};
use hyoka::serve::memory::Site;

/// The address the library-driven previews are served at (pages show it in canonical links).
const BASE_URL: &str = "http://127.0.0.1:1111/";

/// A preview of a copy of the `preview` fixture: three measures in くらし,
/// one in 産業, and 地域連携事業 reported under three of them.
struct Preview {
    dir: tempfile::TempDir,
    rebuilder: Rebuilder,
    site: Site,
}

/// One save of two files in `site`: a new measure 観光の振興, and 産業 listing it.
fn add_kanko(site: &Path) {
    std::fs::write(
        site.join("content/measures/kanko.yaml"),
        "name: 観光の振興\nmajor_items:\n  - number: 1\n    title: 観光客の誘致\n",
    )
    .unwrap();
    replace_in(
        &site.join("content/fields/sangyo.yaml"),
        "- shoko",
        "- shoko\n  - kanko",
    );
}

/// What `hyoka build` writes for `site` served at `base_url`; the build must succeed.
fn build_at(site: &Path, base_url: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let output = hyoka(
        site,
        &[
            "build",
            "--output",
            out.path().to_str().unwrap(),
            "--base-url",
            base_url,
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    out
}

/// How a save was rebuilt.
#[derive(Debug, PartialEq)]
enum Rebuilt {
    /// This many pages re-rendered.
    Pages(usize),
    Full,
}

impl Preview {
    fn start() -> Preview {
        let dir = site_copy("preview");
        let mut rebuilder = Rebuilder::new(dir.path(), BASE_URL);
        let Outcome::Full(site) = rebuilder.rebuild(None).unwrap() else {
            panic!("the first build is a full build");
        };
        Preview {
            dir,
            rebuilder,
            site,
        }
    }

    /// Replaces `from` with `to` in `file` and rebuilds as the preview does
    /// after that save, then makes the whole-site files as it does after the reload.
    fn save(&mut self, file: &str, from: &str, to: &str) -> Rebuilt {
        let path = self.dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} lacks {from:?}");
        self.write(file, &text.replacen(from, to, 1))
    }

    /// Writes `file` and rebuilds.
    fn write(&mut self, file: &str, text: &str) -> Rebuilt {
        let path = self.dir.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        self.rebuild(&[file])
    }

    fn rebuild(&mut self, files: &[&str]) -> Rebuilt {
        let changed: BTreeSet<PathBuf> = files.iter().map(PathBuf::from).collect();
        match self.rebuilder.rebuild(Some(&changed)).unwrap() {
            Outcome::Full(site) => {
                self.site = site;
                Rebuilt::Full
            }
            Outcome::Pages {
                patch,
                pages,
                built,
            } => {
                self.site.patch(&patch);
                let whole_site = built.whole_site_files(&self.site).unwrap();
                self.site.patch(&whole_site);
                Rebuilt::Pages(pages)
            }
        }
    }

    /// The text of the page at `path` (a folder).
    fn page(&self, path: &str) -> String {
        let bytes = self
            .site
            .get(&format!("{path}index.html"))
            .unwrap_or_else(|| panic!("no page {path}"));
        page_text(std::str::from_utf8(bytes).unwrap())
    }

    fn file(&self, path: &str) -> String {
        String::from_utf8(self.site.get(path).unwrap().to_vec()).unwrap()
    }

    /// Every file of the preview is the file `hyoka build` writes, and no other.
    fn assert_same_as_build(&self) {
        let mut built = files_below(build_at(self.dir.path(), BASE_URL).path());
        // The list of the files written is the output folder's, not the site's.
        built.remove(".hyoka-files");
        let served: BTreeMap<String, &[u8]> = self
            .site
            .files
            .iter()
            .map(|(path, bytes)| (path.to_string(), &bytes[..]))
            .collect();
        let served_paths: BTreeSet<&String> = served.keys().collect();
        let built_paths: BTreeSet<&String> = built.keys().collect();
        let only_served: Vec<_> = served_paths.difference(&built_paths).collect();
        let only_built: Vec<_> = built_paths.difference(&served_paths).collect();
        assert!(
            only_served.is_empty(),
            "only in the preview: {only_served:?}"
        );
        assert!(only_built.is_empty(), "only in the build: {only_built:?}");
        for (path, bytes) in &built {
            assert!(
                served[path] == &bytes[..],
                "{path} differs from the build:\n--- preview\n{}\n--- build\n{}",
                String::from_utf8_lossy(served[path]),
                String::from_utf8_lossy(bytes)
            );
        }
    }
}

#[test]
fn an_edited_measure_shows_on_its_page_its_field_page_and_its_projects_pages() {
    let mut preview = Preview::start();
    preview.assert_same_as_build();
    let rebuilt = preview.save(
        "content/measures/kotsu.yaml",
        "title: 交通事故の防止",
        "title: 交通事故を減らす取組",
    );
    // The measure, its field page, the top page, the site map, both projects
    // reported under it and their department (these show its outline).
    assert_eq!(rebuilt, Rebuilt::Pages(7));
    for page in ["measures/kotsu/", "fields/kurashi/", "sitemap/"] {
        assert!(
            preview.page(page).contains("交通事故を減らす取組"),
            "{page}: {}",
            preview.page(page)
        );
    }
    assert!(
        preview
            .file("measures/kotsu/kpi.csv")
            .contains("交通事故を減らす取組")
    );
    assert!(
        preview
            .file("data/kpi.csv")
            .contains("交通事故を減らす取組")
    );
    preview.assert_same_as_build();

    // A mid item's title: not on the field and top pages, nor the site map.
    let rebuilt = preview.save(
        "content/measures/kotsu.yaml",
        "title: 交通安全教室の開催",
        "title: 交通安全教室を開く取組",
    );
    assert_eq!(rebuilt, Rebuilt::Pages(4));
    for page in [
        "measures/kotsu/",
        "projects/kotsu-anzen/",
        "projects/chiiki-renkei/",
        "departments/kikaku/",
    ] {
        assert!(
            preview.page(page).contains("交通安全教室を開く取組"),
            "{page}"
        );
    }
    preview.assert_same_as_build();

    // A value: the measure page only, unless the KPI's status changes,
    // which the tallies of its field and the top page show.
    let rebuilt = preview.save("content/measures/kotsu.yaml", "280件", "281.5件");
    assert_eq!(rebuilt, Rebuilt::Pages(1));
    assert!(preview.page("measures/kotsu/").contains("281.5件"));
    preview.assert_same_as_build();
    let rebuilt = preview.save("content/measures/kotsu.yaml", "281.5件", "28,000件");
    assert_eq!(rebuilt, Rebuilt::Pages(3));
    assert!(preview.page("measures/kotsu/").contains("28,000件"));
    preview.assert_same_as_build();
}

#[test]
fn a_renamed_measure_changes_its_neighbours_links_and_the_site_map() {
    let mut preview = Preview::start();
    preview.save(
        "content/measures/kotsu.yaml",
        "name: 交通安全",
        "name: 交通安全の推進",
    );
    let bosai = preview.page("measures/bosai/");
    let kankyo = preview.page("measures/kankyo/");
    assert!(bosai.contains("交通安全の推進"), "next of 防災: {bosai}");
    assert!(
        kankyo.contains("交通安全の推進"),
        "previous of 環境保全: {kankyo}"
    );
    assert!(preview.page("sitemap/").contains("交通安全の推進"));
    assert!(
        preview
            .page("departments/kikaku/")
            .contains("交通安全の推進")
    );
    assert!(
        !preview.page("measures/shoko/").contains("交通安全"),
        "not a neighbour"
    );
    preview.assert_same_as_build();
}

/// A site that sets `search: false` is previewed without its search, also
/// after an edit, when the preview makes the whole-site files again.
#[test]
fn a_site_without_search_is_previewed_without_it() {
    let mut preview = Preview::start();
    assert!(preview.site.get("search/pages.js").is_some());
    let config = std::fs::read_to_string(preview.dir.path().join("hyoka.yaml")).unwrap();
    let changed = preview.write("hyoka.yaml", &format!("{config}search: false\n"));
    assert_eq!(changed, Rebuilt::Full);
    let rebuilt = preview.save(
        "content/projects/kikaku/chiiki-renkei.yaml",
        "商店会と催しを開いた。",
        "商店会と夏祭りを開いた。",
    );
    assert_eq!(rebuilt, Rebuilt::Pages(4));
    assert!(
        preview
            .file("data/projects.csv")
            .contains("商店会と夏祭りを開いた。")
    );
    for file in ["search/pages.js", "search/index.html", "assets/search.js"] {
        assert!(preview.site.get(file).is_none(), "{file} is served");
    }
    assert!(
        !preview
            .file("measures/shoko/index.html")
            .contains("site-search")
    );
    preview.assert_same_as_build();
}

#[test]
fn an_edited_project_shows_on_the_measure_pages_listing_it() {
    let mut preview = Preview::start();
    let rebuilt = preview.save(
        "content/projects/kikaku/chiiki-renkei.yaml",
        "商店会と催しを開いた。",
        "商店会と夏祭りを開いた。",
    );
    // Its page and the three measures listing it.
    assert_eq!(rebuilt, Rebuilt::Pages(4));
    for page in ["measures/shoko/", "projects/chiiki-renkei/"] {
        assert!(
            preview.page(page).contains("商店会と夏祭りを開いた。"),
            "{page}"
        );
    }
    assert!(
        preview
            .file("search/pages.js")
            .contains("商店会と夏祭りを開いた。")
    );
    assert!(
        preview
            .file("data/projects.csv")
            .contains("商店会と夏祭りを開いた。")
    );
    preview.assert_same_as_build();

    // A row of last year, and a row under another mid item (which must list the project).
    preview.save(
        "content/projects/kikaku/chiiki-renkei.yaml",
        "rows:\n",
        "rows:\n  - measure: kotsu\n    major_item: 1\n    mid_item: 1\n    fiscal_year: 令和4年度\n    achievements:\n      - 前年度の取組。\n",
    );
    assert!(
        preview
            .page("projects/chiiki-renkei/")
            .contains("前年度の取組。")
    );
    preview.assert_same_as_build();
    let site = preview.dir.path();
    replace_in(
        &site.join("content/measures/kankyo.yaml"),
        "- kankyo-hozen",
        "- kankyo-hozen\n          - chiiki-renkei",
    );
    replace_in(
        &site.join("content/projects/kikaku/chiiki-renkei.yaml"),
        "rows:\n",
        "rows:\n  - measure: kankyo\n    major_item: 1\n    mid_item: 1\n    fiscal_year: 令和5年度\n    achievements:\n      - 分別を呼びかけた。\n",
    );
    preview.rebuild(&[
        "content/measures/kankyo.yaml",
        "content/projects/kikaku/chiiki-renkei.yaml",
    ]);
    assert!(
        preview
            .page("measures/kankyo/")
            .contains("分別を呼びかけた。")
    );
    preview.assert_same_as_build();

    // Another department, another name.
    preview.save(
        "content/projects/kikaku/kotsu-anzen.yaml",
        "department: kikaku",
        "department: kikikanri",
    );
    preview.save(
        "content/projects/kikaku/kotsu-anzen.yaml",
        "name: 交通安全教室事業",
        "name: こども交通安全教室",
    );
    assert!(
        preview
            .page("departments/kikikanri/")
            .contains("こども交通安全教室")
    );
    assert!(
        !preview
            .page("departments/kikaku/")
            .contains("こども交通安全教室")
    );
    assert!(
        preview
            .page("measures/kotsu/")
            .contains("こども交通安全教室 危機管理課")
    );
    preview.assert_same_as_build();
}

#[test]
fn a_measure_with_fewer_kpis_loses_their_charts_and_downloads() {
    let mut preview = Preview::start();
    let charts = |preview: &Preview| {
        let page = preview.site.get("measures/kankyo/index.html").unwrap();
        inline_charts(std::str::from_utf8(page).unwrap()).len()
    };
    assert_eq!(charts(&preview), 2);
    let major_2_rows = ",2,緑化の推進,";
    assert!(
        preview
            .file("measures/kankyo/kpi.csv")
            .contains(major_2_rows)
    );
    let text =
        std::fs::read_to_string(preview.dir.path().join("content/measures/kankyo.yaml")).unwrap();
    let (head, tail) = text.split_once("  - number: 2").unwrap();
    let (_, mids) = tail.split_once("    mid_items:").unwrap();
    let without_kpis = format!("{head}  - number: 2\n    title: 緑化の推進\n    mid_items:{mids}");
    let rebuilt = preview.write("content/measures/kankyo.yaml", &without_kpis);
    assert!(matches!(rebuilt, Rebuilt::Pages(_)), "{rebuilt:?}");
    assert_eq!(charts(&preview), 1);
    let downloads = preview.file("measures/kankyo/kpi.csv");
    assert!(!downloads.contains(major_2_rows), "{downloads}");
    preview.assert_same_as_build();
}

#[test]
fn a_broken_save_then_a_good_one_rebuilds_everything_changed_since_the_last_good_build() {
    let mut preview = Preview::start();
    preview.save("content/measures/kotsu.yaml", "280件", "2,850件");
    let measure = preview.dir.path().join("content/measures/kotsu.yaml");
    let good = std::fs::read_to_string(&measure).unwrap();
    std::fs::write(&measure, "name: [\n").unwrap();
    let changed = BTreeSet::from([PathBuf::from("content/measures/kotsu.yaml")]);
    assert!(preview.rebuilder.rebuild(Some(&changed)).is_err());
    // Meanwhile a project changes too; the next good save names only the
    // measure. (Unreported, the change is found by the file's new length.)
    replace_in(
        &preview
            .dir
            .path()
            .join("content/projects/shoko/shogyo-shinko.yaml"),
        "セミナーを",
        "セミナーを毎月",
    );
    std::fs::write(
        &measure,
        good.replace("交通事故の件数", "交通事故の発生件数"),
    )
    .unwrap();
    assert!(matches!(
        preview.rebuild(&["content/measures/kotsu.yaml"]),
        Rebuilt::Pages(_)
    ));
    assert!(preview.page("measures/shoko/").contains("セミナーを毎月"));
    assert!(
        preview
            .page("measures/kotsu/")
            .contains("交通事故の発生件数")
    );
    preview.assert_same_as_build();
}

#[test]
fn new_files_templates_and_settings_rebuild_the_whole_site() {
    let mut preview = Preview::start();
    add_kanko(preview.dir.path());
    let rebuilt = preview.rebuild(&["content/fields/sangyo.yaml", "content/measures/kanko.yaml"]);
    assert_eq!(rebuilt, Rebuilt::Full);
    assert!(preview.page("measures/kanko/").contains("観光客の誘致"));
    assert!(
        preview.page("measures/shoko/").contains("観光の振興"),
        "its neighbour"
    );
    preview.assert_same_as_build();

    let rebuilt = preview.write("static/robots-note.txt", "static");
    assert_eq!(rebuilt, Rebuilt::Full);
    assert_eq!(preview.file("robots-note.txt"), "static");
    let rebuilt = preview.save("hyoka.yaml", "架空市 施策評価", "架空市 行政評価書");
    assert_eq!(rebuilt, Rebuilt::Full);
    assert!(
        preview
            .page("measures/bosai/")
            .contains("架空市 行政評価書")
    );
    preview.assert_same_as_build();
}

const SAVE_TIMEOUT: Duration = Duration::from_secs(10);

#[test]
fn serve_shows_a_save_then_remakes_the_downloads_and_search_index() {
    let site = site_copy("preview");
    let server = Server::start(site.path());
    let mut events = Events::connect(server.port);
    let first = events.next_data(SAVE_TIMEOUT).unwrap();

    replace_in(
        &site.path().join("content/measures/shoko.yaml"),
        "創業の件数",
        "新たな創業の件数",
    );
    let next = events
        .next_data(SAVE_TIMEOUT)
        .expect("a reload after the save");
    assert_ne!(next, first);
    // An editor's save can be seen half-written: the page must get there, not necessarily at once.
    wait_until("the page shows the save", SAVE_TIMEOUT, || {
        page_text(&server.get("/measures/shoko/").body).contains("新たな創業の件数")
    });
    wait_until(
        "the terminal says what was re-rendered",
        SAVE_TIMEOUT,
        || {
            server.printed().lines().any(|line| {
                line.starts_with("rebuilt in ")
                    && line.ends_with(
                        " ms after a change to content/measures/shoko.yaml: 1 page re-rendered",
                    )
            })
        },
    );

    // The downloads and the index come soon after, the same as a build's.
    let out = build_at(site.path(), &server.url("/"));
    for file in ["data/kpi.csv", "data/report.json", "search/pages.js"] {
        let built = std::fs::read_to_string(out.path().join(file)).unwrap();
        assert!(built.contains("新たな創業の件数"), "{file}");
        wait_until(&format!("{file} is made again"), SAVE_TIMEOUT, || {
            server.get(&format!("/{file}")).body == built
        });
    }

    // A new file: the whole site is built again, with it.
    add_kanko(site.path());
    wait_until("the new measure is served", SAVE_TIMEOUT, || {
        page_text(&server.get("/measures/kanko/").body).contains("観光客の誘致")
    });
    // The terminal line follows the new site being served, so it may come a moment later.
    wait_until(
        "the terminal says the whole site was built",
        SAVE_TIMEOUT,
        || {
            server
                .printed()
                .lines()
                .any(|line| line.starts_with("rebuilt in ") && line.ends_with(" files"))
        },
    );
}

#[test]
fn projects_listed_in_another_order_reorder_the_lists_of_projects() {
    let mut preview = Preview::start();
    // The lists of projects follow the report: bosai's first mid item lists
    // 防災訓練事業, then 地域連携事業.
    let first =
        |text: &str| text.find("防災訓練事業").unwrap() < text.find("地域連携事業").unwrap();
    assert!(first(&preview.page("projects/")));
    assert!(first(&preview.page("sitemap/")));
    preview.save(
        "content/measures/bosai.yaml",
        "          - bosai-kunren\n          - chiiki-renkei",
        "          - chiiki-renkei\n          - bosai-kunren",
    );
    assert!(!first(&preview.page("projects/")));
    assert!(!first(&preview.page("sitemap/")));
    preview.assert_same_as_build();
}
