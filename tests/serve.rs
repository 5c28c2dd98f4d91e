//! `hyoka serve`: the preview rebuilds on save, tells open pages to reload,
//! shows a broken save's problems and recovers; it never serves anything
//! outside the site.

mod common;

use std::time::Duration;

use common::*;

const SAVE_TIMEOUT: Duration = Duration::from_secs(10);

#[test]
fn a_save_rebuilds_reloads_shows_errors_and_recovers() {
    let site = site_copy("minimal");
    let server = Server::start(site.path());
    let page = server.get("/measures/bosai/");
    assert_eq!(page.status, 200);
    assert!(
        page_text(&page.body).contains("防災訓練の参加者数"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("new EventSource(\"/__hyoka/events\")"),
        "the preview adds the reload script"
    );
    let mut events = Events::connect(server.port);
    let mut generation = events
        .next_data(SAVE_TIMEOUT)
        .expect("the current build on connecting");

    // Saves `text`, requires a reload event for a new build, then waits until the page is `ready`.
    let measure = site.path().join("content/measures/bosai.yaml");
    let mut save = |text: &str, what: &str, ready: &dyn Fn(&HttpResponse) -> bool| {
        std::fs::write(&measure, text).unwrap();
        let next = events
            .next_data(SAVE_TIMEOUT)
            .unwrap_or_else(|| panic!("no reload event after {what}"));
        assert_ne!(next, generation, "{what}: the event announces a new build");
        generation = next;
        // An editor's save can be seen half-written: the page must get there, not necessarily at once.
        wait_until(what, SAVE_TIMEOUT, || {
            ready(&server.get("/measures/bosai/"))
        });
        server.get("/measures/bosai/")
    };
    let original = std::fs::read_to_string(&measure).unwrap();

    // A good save: the page has the new text and the new build's generation.
    let renamed = original.replace("防災訓練の参加者数", "避難訓練の参加者数");
    let page = save(&renamed, "the renamed KPI is shown", &|page| {
        page.status == 200 && page_text(&page.body).contains("避難訓練の参加者数")
    });
    assert!(!page_text(&page.body).contains("防災訓練の参加者数"));
    assert!(
        page.body.contains("e.data !== \""),
        "the page knows its build: {}",
        page.body
    );

    // A broken save: every page shows the problem with file, line and column; other files stay served.
    let problem = "content/measures/bosai.yaml:7:4: error: indented 3 spaces, unlike the keys and list items above it (indented 4, 2 or 0)";
    let broken = original.replace(
        "    title: 地域の防災力の向上\n",
        "    title: 地域の防災力の向上\n   kpis: oops\n",
    );
    save(&broken, "the error page is shown", &|page| {
        page.status == 500 && slashes(page_text(&page.body)).contains(problem)
    });
    for path in ["/measures/bosai/", "/", "/no-such-page/"] {
        let error_page = server.get(path);
        assert_eq!(error_page.status, 500, "{path}");
        assert!(error_page.body.contains("<html lang=\"ja\">"));
        assert!(
            slashes(page_text(&error_page.body)).contains(problem),
            "{path}: {}",
            error_page.body
        );
        assert!(
            error_page.body.contains("new EventSource("),
            "the error page reloads by itself too"
        );
    }
    assert_eq!(
        server.get("/assets/style.css").status,
        200,
        "the last good site's files stay served"
    );
    // Below the problem, the line it points at, with a caret under its column.
    let quote = "7 |</span>    kpis: oops\n<span aria-hidden=\"true\"><span class=\"unseen\"><span class=\"number\">7 |</span>    </span><span class=\"caret\">^</span></span>";
    assert!(
        server.get("/").body.contains(quote),
        "{}",
        server.get("/").body
    );
    wait_until("the terminal shows the problem", SAVE_TIMEOUT, || {
        let printed = server.printed();
        printed.contains(problem) && printed.contains("belongs with\n7 |    kpis: oops\n  |    ^\n")
    });

    // The next good save recovers without a restart.
    save(&original, "the site is back", &|page| {
        page.status == 200 && page_text(&page.body).contains("防災訓練の参加者数")
    });

    // The time is printed once the pages are served, so the line may come a moment after the page.
    wait_until("a rebuild is printed per save", SAVE_TIMEOUT, || {
        server
            .printed()
            .lines()
            .filter(|line| line.starts_with("rebuilt in "))
            .count()
            >= 3
    });
    let printed = server.printed();
    let rebuilds: Vec<&str> = printed
        .lines()
        .filter(|line| line.starts_with("rebuilt in "))
        .collect();
    assert!(rebuilds.len() >= 3, "a rebuild per save:\n{printed}");
    assert!(
        rebuilds
            .iter()
            .all(|line| line.contains(" ms after a change to content/measures/bosai.yaml")),
        "{printed}"
    );
    eprintln!("{printed}");
}

/// The preview tells the likely mistakes `hyoka build` and `hyoka check`
/// warn about after the save that makes them, once, and says when they are
/// mended; each file named as the command line named the site. Every page
/// shows them in a panel of its own until they are mended.
#[test]
fn a_save_that_makes_or_mends_a_likely_mistake_is_told_in_the_terminal_and_on_the_pages() {
    let site = site_copy("minimal");
    let server = Server::start(site.path());
    let project = site
        .path()
        .join("content/projects/kikikanri/bosai-kunren.yaml");
    let original = std::fs::read_to_string(&project).unwrap();
    // hyoka writes paths with `/` on every system.
    let warning = format!(
        "{}:9:36: warning: rows[0].achievements[0]: `#2 会場` is a YAML comment",
        slashes(project.display().to_string())
    );
    let told = |what: &str| server.printed().matches(what).count();
    std::fs::write(
        &project,
        original.replace("試行した。", "試行した。 #2 会場"),
    )
    .unwrap();
    wait_until("the warning is printed", SAVE_TIMEOUT, || {
        told(&warning) == 1
    });
    wait_until("and counted", SAVE_TIMEOUT, || {
        told("1 warning (likely mistakes; the pages show the content all the same)") == 1
    });
    // The panel names the file within the site, as the error page does.
    let panel = [
        "<aside id=\"hyoka-warnings\" lang=\"ja\" aria-label=\"hyoka の警告\">",
        "<summary>警告 1件（hyoka check）</summary>",
        "<li><code>content/projects/kikikanri/bosai-kunren.yaml:9:36: warning: rows[0].achievements[0]: `#2 会場` is a YAML comment",
        "9 |</span>       - 総合防災訓練を実施し、AI・RPAの活用を試行した。 #2 会場\n",
    ];
    for path in ["/", "/measures/bosai/", "/projects/bosai-kunren/"] {
        wait_until("the pages show the warning", SAVE_TIMEOUT, || {
            let body = slashes(server.get(path).body);
            panel.iter().all(|part| body.contains(part))
        });
    }
    assert!(
        !server
            .get("/assets/style.css")
            .body
            .contains("hyoka-warnings"),
        "only pages get the panel"
    );
    // Another save that leaves it: not told again.
    let kept = original
        .replace("試行した。", "試行した。 #2 会場")
        .replace("増加傾向", "横ばい");
    std::fs::write(&project, &kept).unwrap();
    wait_until("the save is rebuilt", SAVE_TIMEOUT, || {
        page_text(&server.get("/projects/bosai-kunren/").body).contains("横ばい")
    });
    wait_until("the rebuild is printed", SAVE_TIMEOUT, || {
        told("rebuilt in ") == 2
    });
    std::fs::write(&project, &original).unwrap();
    wait_until("the mend is told", SAVE_TIMEOUT, || {
        told("no more warnings") == 1
    });
    assert_eq!(told(&warning), 1, "{}", server.printed());
    wait_until("the panel is gone", SAVE_TIMEOUT, || {
        !server.get("/").body.contains("hyoka-warnings")
    });
}

/// The warnings panel quotes each line as it is saved, also after a save
/// that changes the line but not its warning (which the terminal does not
/// tell again).
#[test]
fn the_warnings_panel_quotes_the_line_as_saved() {
    let site = site_copy("minimal");
    let config = site.path().join("hyoka.yaml");
    replace_in(&config, "city: 架空市", "city: 〇〇市");
    let server = Server::start(site.path());
    let quoted = |line: &str| {
        wait_until("the panel quotes the line", SAVE_TIMEOUT, || {
            server
                .get("/")
                .body
                .contains(&format!("1 |</span> {line}\n"))
        })
    };
    quoted("city: 〇〇市");
    replace_in(&config, "city: 〇〇市", "city: 〇〇市  # 市の名前");
    quoted("city: 〇〇市  # 市の名前");
    let printed = server.printed();
    assert_eq!(
        printed
            .matches("warning: city: still the placeholder")
            .count(),
        1,
        "{printed}"
    );
}

#[test]
fn paths_outside_the_site_get_404() {
    let site = site_copy("minimal");
    let server = Server::start(site.path());
    let secrets = ["fiscal_year:", "id: kikikanri", "root:x:0:0"];
    for target in [
        "/../hyoka.yaml",
        "/%2e%2e/hyoka.yaml",
        "/%2E%2E/hyoka.yaml",
        "/..%2fhyoka.yaml",
        "/%2e%2e%2fcontent/departments.yaml",
        "/\\..\\hyoka.yaml",
        "/%5c..%5chyoka.yaml",
        "//etc/passwd",
        "/measures/../../hyoka.yaml",
        "/measures/%2e%2e/%2e%2e/content/departments.yaml",
        "/hyoka.yaml",
        "/content/departments.yaml",
    ] {
        let response = server.get(target);
        assert_eq!(response.status, 404, "{target}");
        assert!(
            page_text(&response.body).contains("ページが見つかりません"),
            "{target}: the theme's 404 page"
        );
        for secret in secrets {
            assert!(!response.body.contains(secret), "{target} leaked {secret}");
        }
    }
}

#[test]
fn files_folders_and_missing_pages() {
    let site = site_copy("minimal");
    let server = Server::start(site.path());

    let top = server.get("/");
    assert_eq!(top.status, 200);
    assert_eq!(top.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(top.header("cache-control"), Some("no-store"));
    assert!(page_text(&top.body).contains("架空市 施策評価（令和5年度）"));
    assert!(
        top.body.find("<script>").unwrap() < top.body.rfind("</body>").unwrap(),
        "script before </body>"
    );

    assert_eq!(
        server.get("/measures/bosai/index.html").body,
        server.get("/measures/bosai/").body
    );
    let folder = server.get("/measures/bosai?x=1");
    assert_eq!(
        folder.status, 308,
        "a folder without / is sent to its address with /"
    );
    assert_eq!(folder.header("location"), Some("/measures/bosai/?x=1"));

    let css = server.get("/assets/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(
        !css.body.contains("EventSource"),
        "only HTML gets the script"
    );
    // The measure's chart is in its page, not a file of its own.
    let measure = server.get("/measures/bosai/");
    assert_eq!(inline_charts(&measure.body).len(), 1, "{}", measure.body);
    assert_eq!(server.get("/measures/bosai/kpi-1-1.svg").status, 404);

    let missing = server.get("/measures/nothing/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page_text(&missing.body).contains("ページが見つかりません"));
    assert!(
        missing.body.contains("href=\"/index.html\""),
        "the 404 page links from the preview's root: {}",
        missing.body
    );

    assert!(
        !site.path().join("output").exists(),
        "serve never writes output/"
    );
}

#[test]
#[cfg(unix)]
fn a_port_the_system_refuses_is_said_in_plain_words() {
    // Ports below this one need privileges; the preview then runs as nobody.
    let start: u16 = std::fs::read_to_string("/proc/sys/net/ipv4/ip_unprivileged_port_start")
        .map_or(1024, |text| text.trim().parse().unwrap());
    if start == 0 {
        eprintln!("skipped: this machine lets every user listen on every port");
        return;
    }
    let port = (start - 1).to_string();
    let site = site_copy("minimal");
    let mut command = hyoka_as_nobody(site.path());
    command.args(["serve", "--port", &port]);
    let run = command.output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        stderr(&run),
        format!(
            "error: cannot listen on 127.0.0.1:{port}: this computer does not let hyoka use port {port} (ports below 1024 need administrator rights, and Windows keeps some ranges for itself); choose another port with --port\n"
        )
    );
}

#[test]
fn a_port_in_use_is_said_in_plain_words() {
    let site = site_copy("minimal");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    // It fails at once; the listener above stays open until then.
    let run = hyoka(site.path(), &["serve", "--port", &port]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        stderr(&run),
        format!(
            "error: cannot listen on 127.0.0.1:{port}: another program is using port {port} (perhaps a preview already running); stop it, or choose another port with --port\n"
        )
    );
    drop(taken);
}

#[test]
fn a_folder_that_is_no_site_is_not_served() {
    let empty = tempfile::tempdir().unwrap();
    // It fails at once, as a build does: watching a folder that is no site
    // would never show one.
    let run = hyoka(empty.path(), &["serve", "--port", &free_port().to_string()]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        stderr(&run),
        "./hyoka.yaml: error: not found: this is not a site folder (`--root DIR` names one, `hyoka new DIR` makes one)\nerror: 1 problem found\n"
    );
}
