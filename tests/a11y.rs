//! The built site in a real browser: accessibility (axe-core, WCAG 2.0 A/AA as
//! JIS X 8341-3:2016 requires), keyboard reach and visible focus, layout on a
//! 375 px phone, print, the site search, and publishing under a sub-path.
//!
//! The sites are built with `--base-url http://127.0.0.1:PORT/hyoka/r5/` (and
//! two more prefixes) and served by a small static server that answers only
//! below those prefixes, so any address that escapes the sub-path fails.
//! Headless Chromium (Debian's) is driven by `tests/browser/probe.mjs`, which
//! reports what it saw as JSON; the assertions are here.
//!
//! Needs node, `npm ci --prefix tests/browser` and /usr/bin/chromium. Without
//! them the tests are skipped with a message, except under CI (env CI set),
//! where they fail.

// Unix only: the tools are Debian's Chromium and Node.js, which `.ci/run`
// installs on Linux; under Wine (`.ci/windows-tests`) they do not exist.
#![cfg(unix)]

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::*;
use serde_json::Value;

/// The bundled site, served where the example publishes it.
const BUNDLED: &str = "/hyoka/r5/";
/// tests/fixtures/minimal: missing and text results, a not-evaluable KPI.
const MINIMAL: &str = "/minimal/";
/// tests/fixtures/search: one page says サイバー, another only サイドバー.
const SEARCH_FIXTURE: &str = "/search-fixture/";

fn browser_dir() -> PathBuf {
    repo().join("tests/browser")
}

fn chromium() -> PathBuf {
    std::env::var_os("HYOKA_CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// Why the browser tests cannot run here, if they cannot.
fn missing_tools() -> Option<String> {
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is not installed".into());
    }
    if !browser_dir().join("node_modules/playwright-core").is_dir()
        || !browser_dir().join("node_modules/axe-core").is_dir()
    {
        return Some(
            "tests/browser/node_modules is missing: run `npm ci --prefix tests/browser`".into(),
        );
    }
    if !chromium().exists() {
        return Some(format!(
            "{} is missing: apt-get install chromium",
            chromium().display()
        ));
    }
    None
}

/// Serves each (prefix, folder) pair over HTTP on `listener`, from a thread per
/// connection: a folder address serves its index.html, a missing file gets the
/// site's 404.html with status 404, and anything outside the prefixes is 404.
fn serve(listener: TcpListener, sites: Vec<(&'static str, PathBuf)>) {
    let sites = std::sync::Arc::new(sites);
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let sites = sites.clone();
            std::thread::spawn(move || answer(stream, &sites));
        }
    });
}

fn answer(mut stream: TcpStream, sites: &[(&'static str, PathBuf)]) {
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Read the headers too: closing with unread input would reset the connection under the client.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let target = request.split(' ').nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    let (status, body, file) = match resolve(sites, &path) {
        Some((Some(file), _)) => (200, std::fs::read(&file).unwrap(), file),
        Some((None, root)) => (
            404,
            std::fs::read(root.join("404.html")).unwrap_or_default(),
            root.join("404.html"),
        ),
        None => (
            404,
            b"outside the published prefixes".to_vec(),
            PathBuf::from("x.txt"),
        ),
    };
    let mime = mime_guess::from_path(&file).first_or_octet_stream();
    let charset = if mime.type_() == mime_guess::mime::TEXT || mime.subtype() == "javascript" {
        "; charset=utf-8"
    } else {
        ""
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {mime}{charset}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(&body));
}

/// The site whose prefix `path` starts with, and the file it names (None when missing).
fn resolve<'a>(
    sites: &'a [(&'static str, PathBuf)],
    path: &str,
) -> Option<(Option<PathBuf>, &'a Path)> {
    let (prefix, root) = sites.iter().find(|(prefix, _)| path.starts_with(prefix))?;
    let relative = &path[prefix.len()..];
    if relative.split('/').any(|part| part == "..") {
        return Some((None, root));
    }
    let mut file = root.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    Some((file.is_file().then_some(file), root))
}

/// The sites as built and served, and what the browser saw.
struct Probe {
    port: u16,
    /// Output folders, kept alive (and so not deleted) while the tests run.
    sites: Vec<(&'static str, tempfile::TempDir)>,
    report: Value,
}

impl Probe {
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn pages(&self) -> &[Value] {
        self.report["pages"].as_array().unwrap()
    }

    /// What the browser saw of the search for `query` on the site at `prefix`.
    fn searched(&self, prefix: &str, query: &str) -> &Value {
        self.report["searches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["query"] == query && s["prefix"] == prefix)
            .unwrap_or_else(|| panic!("no search for {query} on {prefix}"))
    }

    /// The search run for `query` starting from a page of the site at `prefix`.
    fn search(&self, prefix: &str, query: &str) -> Vec<String> {
        let found = self.searched(prefix, query);
        let hits = strings(&found["hits"]);
        assert_eq!(
            hits,
            strings(&found["again"]),
            "{query}: the search page's own box finds what the header's box found"
        );
        // The pages, without the text fragment naming the block in each.
        hits.into_iter()
            .map(|url| {
                let page = url.split("#:~:text=").next().unwrap();
                page.trim_start_matches(&self.url(prefix)).to_string()
            })
            .collect()
    }

    /// Text of the built page at a site-relative path of the site at `prefix`.
    fn page_text(&self, prefix: &str, path: &str) -> String {
        let (_, dir) = self.sites.iter().find(|(p, _)| *p == prefix).unwrap();
        page_text(&std::fs::read_to_string(dir.path().join(path)).unwrap())
    }
}

/// `text` without its commas between digits, which the search leaves out of what it matches.
fn without_digit_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let between_digits = |i: usize| {
        i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(char::is_ascii_digit)
    };
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| !(c == ',' && between_digits(i)))
        .map(|(_, &c)| c)
        .collect()
}

/// `text` with its `%XX` escapes decoded, as UTF-8.
fn percent_decoded(text: &str) -> String {
    let mut bytes = Vec::new();
    let mut rest = text.as_bytes();
    while let Some((&byte, after)) = rest.split_first() {
        if byte == b'%' && after.len() >= 2 {
            let hex = std::str::from_utf8(&after[..2]).unwrap();
            bytes.push(u8::from_str_radix(hex, 16).unwrap());
            rest = &after[2..];
        } else {
            bytes.push(byte);
            rest = after;
        }
    }
    String::from_utf8(bytes).unwrap()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Queries run on the bundled site, and on the search fixture.
const QUERIES: &[&str] = &[
    "マイナンバー",
    "マイナンバ",
    "テレワーク",
    "RPA",
    "rpa",
    "ＲＰＡ",
    "ﾏｲﾅﾝﾊﾞｰ",
    "まいなんばー",
    "情報政策課",
    "オープンデータ",
    "サイバー",
    "サーバー",
    "RPA 削減",
    "1338",
    "1,338",
    "１，３３８",
    "1338時間",
    // A mid item's title: its heading, not its line in the table of contents.
    "ICTによる事務の変革",
    // A KPI's name and its rate: its row, not its line in the progress list.
    KPI_NAME,
    KPI_RATE,
];
const KPI_NAME: &str = "AI・RPA等の利活用により削減した業務時間";
const KPI_RATE: &str = "113.6";
/// Searches whose first result is also followed on a phone.
const PHONE_QUERIES: &[&str] = &[KPI_NAME, KPI_RATE];
const FIXTURE_QUERIES: &[&str] = &["サイバー", "サイドバー"];

/// Builds and serves the sites and runs the browser once for all tests; None when the tools are missing.
fn probe() -> Option<&'static Probe> {
    static PROBE: OnceLock<Option<Probe>> = OnceLock::new();
    PROBE
        .get_or_init(|| {
            if let Some(missing) = missing_tools() {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "browser tests cannot run under CI: {missing}"
                );
                eprintln!("skipping the browser tests: {missing}");
                return None;
            }
            Some(run_probe())
        })
        .as_ref()
}

fn run_probe() -> Probe {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let bundled = bundled_copy();
    let sites: Vec<(&'static str, tempfile::TempDir)> = [
        (BUNDLED, bundled.path().to_path_buf()),
        (MINIMAL, fixtures().join("minimal")),
        (SEARCH_FIXTURE, fixtures().join("search")),
    ]
    .into_iter()
    .map(|(prefix, root)| {
        let output = tempfile::tempdir().unwrap();
        let base_url = format!("http://127.0.0.1:{port}{prefix}");
        let built = hyoka(
            &root,
            &[
                "build",
                "--output",
                output.path().to_str().unwrap(),
                "--base-url",
                &base_url,
            ],
        );
        assert!(
            built.status.success(),
            "building {}: {}",
            root.display(),
            stderr(&built)
        );
        (prefix, output)
    })
    .collect();
    serve(
        listener,
        sites
            .iter()
            .map(|(prefix, dir)| (*prefix, dir.path().to_path_buf()))
            .collect(),
    );

    let url = |prefix: &str, path: &str| format!("http://127.0.0.1:{port}{prefix}{path}");
    // One page of every type; the search page with results on it.
    let pages: Vec<String> = [
        (BUNDLED, "index.html"),
        (BUNDLED, "fields/gyosei-keiei/index.html"),
        (BUNDLED, "measures/digital/index.html"),
        (BUNDLED, "projects/dx-suishin/index.html"),
        (BUNDLED, "projects/index.html"),
        (BUNDLED, "departments/johoseisaku/index.html"),
        (BUNDLED, "departments/index.html"),
        (BUNDLED, "sitemap/index.html"),
        (BUNDLED, "data/index.html"),
        (BUNDLED, "no/such/page/"),
        (BUNDLED, "search/index.html?q=RPA"),
        (MINIMAL, "measures/bosai/"),
        (MINIMAL, "projects/bosai-kunren/"),
    ]
    .iter()
    .map(|(prefix, path)| url(prefix, path))
    .collect();
    let searches: Vec<Value> = QUERIES
        .iter()
        .map(|q| (BUNDLED, q))
        .chain(FIXTURE_QUERIES.iter().map(|q| (SEARCH_FIXTURE, q)))
        .map(|(prefix, query)| serde_json::json!({ "url": url(prefix, "index.html"), "query": query, "prefix": prefix, "phone": PHONE_QUERIES.contains(query) }))
        .collect();
    let nojs = vec![
        url(BUNDLED, "search/index.html?q=RPA"),
        url(BUNDLED, "measures/digital/index.html"),
    ];
    let plan = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        plan.path(),
        serde_json::json!({ "pages": pages, "searches": searches, "nojs": nojs }).to_string(),
    )
    .unwrap();

    let output = Command::new("node")
        .arg(browser_dir().join("probe.mjs"))
        .arg(plan.path())
        .env("HYOKA_CHROMIUM", chromium())
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "the browser probe failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut report: Value = serde_json::from_slice(&output.stdout).expect("the probe prints JSON");
    // The probe echoes queries, not prefixes: put each search's prefix back.
    for (search, planned) in report["searches"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .zip(&searches)
    {
        search["prefix"] = planned["prefix"].clone();
    }
    Probe {
        port,
        sites,
        report,
    }
}

#[test]
fn every_page_type_has_no_wcag_2_a_or_aa_violation() {
    let Some(probe) = probe() else { return };
    let mut failures = Vec::new();
    for page in probe.pages() {
        for (width, key) in [("1280 px", "violations"), ("375 px", "phoneViolations")] {
            for violation in page[key].as_array().unwrap() {
                failures.push(format!(
                    "{} at {width}: {} ({}) on {}",
                    page["url"], violation["id"], violation["help"], violation["nodes"]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "axe-core found:\n{}",
        failures.join("\n")
    );
}

#[test]
fn no_page_scrolls_sideways_on_a_375_px_phone() {
    let Some(probe) = probe() else { return };
    for page in probe.pages() {
        assert!(
            page["phoneWidth"].as_u64().unwrap() <= 375,
            "{} is {} px wide at 375 px",
            page["url"],
            page["phoneWidth"]
        );
    }
}

#[test]
fn every_control_is_reached_by_tab_and_shows_focus() {
    let Some(probe) = probe() else { return };
    for page in probe.pages() {
        let keyboard = &page["keyboard"];
        assert!(
            keyboard["focusable"].as_u64().unwrap() > 5,
            "{}: {keyboard}",
            page["url"]
        );
        assert_eq!(
            keyboard["missed"],
            Value::Array(vec![]),
            "{}: not reached by Tab",
            page["url"]
        );
        assert_eq!(
            keyboard["unmarked"],
            Value::Array(vec![]),
            "{}: focused without a visible indicator",
            page["url"]
        );
    }
}

/// A table's scrolling box is a tab stop where the table is wider than the box
/// (for the keyboard to scroll it), and only there; at 1280 px the measure
/// page's tables fit, at 720 px its KPI tables do not, and on a 375 px phone
/// every table is a list of cards that fits.
#[test]
fn only_tables_that_scroll_are_tab_stops() {
    let Some(probe) = probe() else { return };
    for page in probe.pages() {
        for (width, key) in [
            ("1280 px", "scrollBoxes"),
            ("720 px", "tabletScrollBoxes"),
            ("375 px", "phoneScrollBoxes"),
        ] {
            for scroll_box in page[key].as_array().unwrap() {
                let stop = scroll_box["tabindex"] == "0";
                assert!(
                    stop == scroll_box["overflows"].as_bool().unwrap()
                        && (stop || scroll_box["tabindex"].is_null()),
                    "{} at {width}: {scroll_box}",
                    page["url"]
                );
                // A stop is a named region; a box that is none is neither.
                let region = scroll_box["role"] == "region";
                assert!(
                    region == stop && scroll_box["named"] == stop,
                    "{} at {width}: {scroll_box}",
                    page["url"]
                );
            }
        }
    }
    let measure = probe
        .pages()
        .iter()
        .find(|p| {
            p["url"]
                .as_str()
                .unwrap()
                .ends_with("measures/digital/index.html")
        })
        .unwrap();
    let boxes = |key: &str| -> Vec<(String, Value)> {
        measure[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["table"].as_str().unwrap().to_string(),
                    b["tabindex"].clone(),
                )
            })
            .collect()
    };
    let wide = boxes("scrollBoxes");
    assert_eq!(wide.len(), 10, "{wide:?}");
    assert!(wide.iter().all(|(_, stop)| stop.is_null()), "{wide:?}");
    let tablet = boxes("tabletScrollBoxes");
    assert_eq!(
        tablet[0],
        ("大項目1のKPI（指標）".to_string(), Value::from("0")),
        "{tablet:?}"
    );
    let phone = boxes("phoneScrollBoxes");
    assert!(phone.iter().all(|(_, stop)| stop.is_null()), "{phone:?}");
    // Landmarks: the progress, the three major items and the data, with no
    // region for each mid item or for a table that fits.
    assert_eq!(measure["regions"], 5, "{}", measure["regions"]);
    // On a phone each value shows its column's name beside it, for the eye
    // only: the cell's name is the value, as the column header says the rest.
    let cards = measure["phoneKpiTable"].as_str().unwrap();
    assert!(cards.contains("- cell \"0時間\""), "{cards}");
    assert!(!cards.contains("基準値 0時間"), "{cards}");
    // Without JavaScript every box stays a tab stop, so no table is out of reach.
    let nojs = &probe.report["nojs"][1]["scrollBoxes"];
    assert_eq!(nojs.as_array().unwrap().len(), 10, "{nojs}");
    assert!(
        nojs.as_array().unwrap().iter().all(|stop| stop == "0"),
        "{nojs}"
    );
}

#[test]
fn print_drops_the_navigation_and_keeps_the_charts() {
    let Some(probe) = probe() else { return };
    for page in probe.pages() {
        let print = &page["print"];
        assert_eq!(
            print["chrome"],
            Value::Array(vec![]),
            "{}: navigation printed",
            page["url"]
        );
        assert_eq!(
            print["charts"], print["chartsShown"],
            "{}: charts missing in print",
            page["url"]
        );
    }
    let measure = probe
        .pages()
        .iter()
        .find(|p| {
            p["url"]
                .as_str()
                .unwrap()
                .ends_with("measures/digital/index.html")
        })
        .unwrap();
    assert_eq!(measure["print"]["chartsShown"], 10);
    // On paper only: how the judgments are made (the link to the top page's
    // explanation is left out), and where the page came from.
    let url = measure["url"].as_str().unwrap();
    let page_address = url.trim_end_matches("index.html");
    let on_paper = strings(&measure["print"]["onPaper"]);
    assert_eq!(on_paper.len(), 2, "{on_paper:?}");
    assert!(
        on_paper[0].starts_with(
            "判定の方法：各KPIの最新年度の結果を、基準値と目標値に照らして判定しています。"
        ) && on_paper[0].contains("達成率が100%以上を「達成」、50%以上を「順調」"),
        "{on_paper:?}"
    );
    assert_eq!(on_paper[1], format!("このページのアドレス：{page_address}"));
    for page in probe.pages() {
        assert_eq!(
            page["print"]["onScreen"],
            serde_json::json!([]),
            "{}",
            page["url"]
        );
    }
}

/// The sub-path deployment: every page's links, styles, scripts and images
/// answer 200 below the prefix the site was built for.
#[test]
fn every_link_and_asset_resolves_under_the_sub_path() {
    let Some(probe) = probe() else { return };
    let mut checked = BTreeSet::new();
    for page in probe.pages() {
        let prefix = [BUNDLED, MINIMAL]
            .into_iter()
            .find(|p| page["url"].as_str().unwrap().starts_with(&probe.url(p)))
            .unwrap();
        let expected_status = if page["url"].as_str().unwrap().contains("no/such/page") {
            404
        } else {
            200
        };
        assert_eq!(page["status"], expected_status, "{}", page["url"]);
        for address in strings(&page["resources"]) {
            let address = address.split('#').next().unwrap().to_string();
            assert!(
                address.starts_with(&probe.url(prefix)),
                "{} links outside {prefix}: {address}",
                page["url"]
            );
            // In-page links (the skip link) point at the page itself, whose status is checked above.
            if address != page["url"].as_str().unwrap() && checked.insert(address.clone()) {
                let target = address.trim_start_matches(&probe.url(""));
                let response = http_get(probe.port, target).unwrap();
                assert_eq!(response.status, 200, "{} links to {address}", page["url"]);
            }
        }
    }
    assert!(
        checked
            .iter()
            .any(|a| a.ends_with("/hyoka/r5/assets/search.js")),
        "{checked:?}"
    );
    assert!(
        checked
            .iter()
            .any(|a| a.ends_with("/hyoka/r5/data/kpi.csv")),
        "{checked:?}"
    );
    assert!(checked.len() > 60, "{} addresses checked", checked.len());
}

#[test]
fn search_finds_japanese_terms_inside_words_and_nothing_else() {
    let Some(probe) = probe() else { return };
    let search = |query| probe.search(BUNDLED, query);
    let includes = |query: &'static str, pages: &[&str]| {
        let hits = search(query);
        for page in pages {
            assert!(
                hits.iter().any(|hit| hit == page),
                "{query}: {page} missing from {hits:?}"
            );
        }
        hits
    };
    includes(
        "マイナンバー",
        &[
            "projects/kojin-bango-card-kofu/index.html",
            "measures/digital/index.html",
        ],
    );
    assert_eq!(
        search("マイナンバ"),
        search("マイナンバー"),
        "a term that is part of a longer word finds it"
    );
    includes(
        "テレワーク",
        &[
            "projects/jinji-kanri/index.html",
            "projects/joho-kanri/index.html",
            "measures/digital/index.html",
        ],
    );
    includes(
        "RPA",
        &[
            "projects/dx-suishin/index.html",
            "measures/digital/index.html",
        ],
    );
    assert_eq!(search("rpa"), search("RPA"), "case does not matter");
    assert_eq!(
        search("ＲＰＡ"),
        search("RPA"),
        "full-width letters match half-width ones"
    );
    assert_eq!(
        search("ﾏｲﾅﾝﾊﾞｰ"),
        search("マイナンバー"),
        "half-width katakana match the full-width the pages write"
    );
    assert_eq!(
        search("まいなんばー"),
        search("マイナンバー"),
        "hiragana match the katakana the pages write"
    );
    let department = includes(
        "情報政策課",
        &[
            "departments/johoseisaku/index.html",
            "projects/dx-suishin/index.html",
        ],
    );
    assert_eq!(
        department[0], "departments/johoseisaku/index.html",
        "a match in the heading comes first"
    );
    includes(
        "オープンデータ",
        &[
            "index.html",
            "measures/digital/index.html",
            "projects/dx-suishin/index.html",
        ],
    );
    assert!(
        search("サイバー").is_empty() && search("サーバー").is_empty(),
        "neither word is in the bundled report"
    );
    let both = search("RPA 削減");
    assert!(
        !both.is_empty() && both.iter().all(|hit| search("RPA").contains(hit)),
        "terms separated by a space must all occur"
    );

    // No false hits: every hit holds every term as written (or folded, or
    // without its thousands separators).
    for query in QUERIES {
        let terms: Vec<String> = query
            .split(' ')
            .map(|t| {
                let t = t.replace("ＲＰＡ", "RPA").replace("rpa", "RPA");
                without_digit_commas(
                    &t.replace("ﾏｲﾅﾝﾊﾞｰ", "マイナンバー")
                        .replace("まいなんばー", "マイナンバー")
                        .replace("１，３３８", "1,338"),
                )
            })
            .collect();
        for hit in search(query) {
            let text = without_digit_commas(&probe.page_text(BUNDLED, &hit));
            assert!(
                terms.iter().all(|term| text.contains(term.as_str())),
                "{query}: {hit} does not contain it"
            );
        }
    }

    let cyber = probe.search(SEARCH_FIXTURE, "サイバー");
    assert!(
        cyber.contains(&"projects/cyber/index.html".to_string()),
        "{cyber:?}"
    );
    assert!(
        !cyber
            .iter()
            .any(|hit| hit.contains("sidebar") || hit.contains("koho")),
        "サイバー must not match サイドバー: {cyber:?}"
    );
    assert!(
        probe
            .page_text(SEARCH_FIXTURE, "projects/sidebar/index.html")
            .contains("サイドバー")
    );
    let sidebar = probe.search(SEARCH_FIXTURE, "サイドバー");
    assert!(
        sidebar.contains(&"projects/sidebar/index.html".to_string())
            && !sidebar.contains(&"projects/cyber/index.html".to_string()),
        "{sidebar:?}"
    );
}

#[test]
fn search_results_take_the_reader_to_the_matching_block() {
    let Some(probe) = probe() else { return };
    let (mut named, mut followed, mut scrolled) = (0, 0, 0);
    for search in probe.report["searches"].as_array().unwrap() {
        let prefix = search["prefix"].as_str().unwrap();
        // Each link names its block by text the page holds, in order: the
        // block's start and, for a long one, its end.
        for hit in strings(&search["hits"]) {
            let Some((page, fragment)) = hit.split_once("#:~:text=") else {
                continue;
            };
            let path = page.trim_start_matches(&probe.url(prefix));
            // (Without white space: the page's text has a space at every
            // tag, inline ones too, which the browser's text has not.)
            let unspaced = |text: &str| text.split_whitespace().collect::<String>();
            let text = unspaced(&probe.page_text(prefix, path));
            let mut parts: Vec<String> = fragment
                .split(',')
                .map(|part| unspaced(&percent_decoded(part)))
                .collect();
            // A last part `-…` names what follows the block.
            let suffix = match parts.last() {
                Some(last) if last.starts_with('-') => parts.pop().map(|s| s[1..].to_string()),
                _ => None,
            };
            assert!(parts.len() <= 2, "{hit}");
            // Where the block named ends, if it starts at `start`.
            let block_end = |start: usize| match parts.get(1) {
                Some(end) => text[start..]
                    .find(end.as_str())
                    .map(|found| start + found + end.len()),
                None => Some(start + parts[0].len()),
            };
            let named_here = text.match_indices(parts[0].as_str()).any(|(start, _)| {
                block_end(start).is_some_and(|after| {
                    (suffix.as_ref())
                        .is_none_or(|suffix| text[after..].starts_with(suffix.as_str()))
                })
            });
            assert!(named_here, "{hit}: the text named is not on {path}");
            named += 1;
        }
        // A click on the first such link shows the block, scrolled to where
        // it is further down the page.
        let Some(seen) = search["followed"].as_object() else {
            continue;
        };
        let at = |key: &str| {
            seen[key]
                .as_f64()
                .unwrap_or_else(|| panic!("{key}: {seen:?}"))
        };
        assert!(
            at("top") >= 0.0 && at("bottom") <= at("innerHeight"),
            "{}: the block is out of view: {seen:?}",
            search["query"]
        );
        followed += 1;
        if at("scrollY") > 0.0 {
            scrolled += 1;
        }
    }
    assert!(
        named > 20 && followed > 5,
        "{named} named, {followed} followed"
    );
    assert!(scrolled > 0, "no link took the reader down a page");
}

#[test]
fn a_kpi_found_by_its_name_or_rate_is_shown_in_its_row() {
    let Some(probe) = probe() else { return };
    // The name is also in the progress list above the tables, and the rate
    // is in a cell of its own line: the link must find the row all the same.
    for (query, row) in [(KPI_NAME, "kpi-1-1"), (KPI_RATE, "kpi-1-2")] {
        // On a desktop, and on a phone, where each row is a card.
        for width in ["followed", "followedOnPhone"] {
            let seen = &probe.searched(BUNDLED, query)[width];
            assert_eq!(seen["row"], row, "{query}, {width}: {seen}");
            let (top, bottom) = (seen["top"].as_f64(), seen["bottom"].as_f64());
            let height = seen["innerHeight"].as_f64().unwrap();
            assert!(
                top.is_some_and(|top| top >= 0.0) && bottom.is_some_and(|bottom| bottom <= height),
                "{query}, {width}: the row is out of view: {seen}"
            );
        }
    }
}

#[test]
fn search_finds_numbers_with_or_without_thousands_separators() {
    let Some(probe) = probe() else { return };
    let measure = "measures/digital/index.html".to_string();
    assert!(probe.page_text(BUNDLED, &measure).contains("1,338時間"));
    let plain = probe.search(BUNDLED, "1338");
    assert!(plain.contains(&measure), "1338 finds 1,338: {plain:?}");
    assert_eq!(
        probe.search(BUNDLED, "1,338"),
        plain,
        "and 1,338 finds 1338"
    );
    assert_eq!(
        probe.search(BUNDLED, "１，３３８"),
        plain,
        "full-width digits and comma"
    );
    assert!(probe.search(BUNDLED, "1338時間").contains(&measure));
    // The results show the pages' text as written and mark the whole number, its comma too.
    for query in ["1338", "1,338", "１，３３８"] {
        let shown = probe.searched(BUNDLED, query);
        let snippets = strings(&shown["snippets"]);
        // A cell's value is said with its KPI and its year's column.
        assert!(
            snippets.iter().any(|s| s
                == "AI・RPA等の利活用により削減した業務時間、令和3年度（2021年度） 結果：1,338時間"),
            "{query}: {snippets:?}"
        );
        let marks = strings(&shown["marks"]);
        assert!(marks.iter().any(|m| m == "1,338"), "{query}: {marks:?}");
        assert!(
            marks.iter().all(|m| m == "1,338" || m == "1338"),
            "{query}: {marks:?}"
        );
    }
    let marks = strings(&probe.searched(BUNDLED, "1338時間")["marks"]);
    assert!(marks.iter().any(|m| m == "1,338時間"), "{marks:?}");
}

#[test]
fn pages_work_without_javascript() {
    let Some(probe) = probe() else { return };
    let nojs = probe.report["nojs"].as_array().unwrap();
    let search = &nojs[0];
    assert_eq!(search["status"], 200);
    assert!(
        search["text"]
            .as_str()
            .unwrap()
            .contains("サイトマップからページを探せます"),
        "{search}"
    );
    let measure = &nojs[1];
    assert!(
        measure["text"]
            .as_str()
            .unwrap()
            .contains("AI・RPA等の利活用により削減した業務時間"),
        "{measure}"
    );
}
