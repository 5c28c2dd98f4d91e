//! In headless Chromium, a page served by `hyoka serve` reloads by itself when
//! a content file is saved. Chromium is driven over the DevTools protocol (a
//! websocket, through the `tungstenite` crate), so no Node.js is needed.
//!
//! Without `/usr/bin/chromium` the test is skipped, unless `CI` is set: CI
//! installs Chromium (`.ci/run`), so there its absence is a failure.

// Unix only: the test drives process groups.
#![cfg(unix)]

mod common;

use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;
use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Whether `test` must be skipped: no Chromium here, which only a machine
/// without CI may lack.
fn chromium_missing(test: &str) -> bool {
    if Path::new(CHROMIUM).exists() {
        return false;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {CHROMIUM} is missing: .ci/run must install the chromium package"
    );
    eprintln!("SKIPPED {test}: {CHROMIUM} is missing (apt-get install chromium)");
    true
}

#[test]
fn a_served_page_reloads_by_itself_after_a_save() {
    if chromium_missing("a_served_page_reloads_by_itself_after_a_save") {
        return;
    }
    let site = site_copy("minimal");
    let mut opened = open_preview(site.path(), "/measures/bosai/");
    let Opened { server, page, .. } = &mut opened;
    wait_until("the page shows the KPI", Duration::from_secs(20), || {
        page.text().contains("防災訓練の参加者数")
    });
    // A mark that only this load of the page has: a reload clears it, a test's navigation never happens.
    page.evaluate("window.hyokaTestMark = 'before the save'; document.readyState");

    let measure = site.path().join("content/measures/bosai.yaml");
    let original = std::fs::read_to_string(&measure).unwrap();
    std::fs::write(
        &measure,
        original.replace("防災訓練の参加者数", "避難訓練の参加者数"),
    )
    .unwrap();

    wait_until(
        "the page reloads by itself and shows the new name",
        Duration::from_secs(20),
        || {
            let state = page.evaluate("JSON.stringify([window.hyokaTestMark || null, document.body ? document.body.innerText : ''])");
            let state: Value =
                serde_json::from_str(state.as_str().unwrap_or("[]")).unwrap_or_default();
            state[0].is_null()
                && state[1]
                    .as_str()
                    .is_some_and(|text| text.contains("避難訓練の参加者数"))
        },
    );
    // The terminal line follows the new site being served, so it may come a moment later.
    wait_until(
        "the terminal says the site was rebuilt",
        Duration::from_secs(20),
        || server.printed().contains("rebuilt in "),
    );
}

/// The preview's warnings panel, once opened, stays open when the page
/// reloads after a save: one fixes the warnings one save at a time.
#[test]
fn the_warnings_panel_stays_open_across_a_reload() {
    if chromium_missing("the_warnings_panel_stays_open_across_a_reload") {
        return;
    }
    let site = site_copy("minimal");
    // A bullet cut short by a comment: a warning from the first build on.
    replace_in(
        &site
            .path()
            .join("content/projects/kikikanri/bosai-kunren.yaml"),
        "試行した。",
        "試行した。 #2 会場",
    );
    let mut opened = open_preview(site.path(), "/measures/bosai/");
    let Opened { server, page, .. } = &mut opened;
    let open = "(function () { var d = document.querySelector('#hyoka-warnings details'); \
                return d ? String(d.open) : 'no panel'; })()";
    // Once the page has loaded: a click while it is still read could come
    // before the panel's script listens.
    wait_until(
        "the panel is shown, folded",
        Duration::from_secs(20),
        || page.evaluate("document.readyState") == "complete" && page.evaluate(open) == "false",
    );
    page.evaluate("document.querySelector('#hyoka-warnings summary').click(); window.hyokaTestMark = 'before the save'");
    assert_eq!(page.evaluate(open), "true", "a click opens it");

    // Saved as editors save, a new file renamed over the old one, so that
    // the preview never reads it half-written.
    let measure = site.path().join("content/measures/bosai.yaml");
    let saved = site.path().join("content/measures/.bosai.yaml.new");
    std::fs::copy(&measure, &saved).unwrap();
    replace_in(&saved, "防災訓練の参加者数", "避難訓練の参加者数");
    std::fs::rename(&saved, &measure).unwrap();
    // Each new state of the page is printed, for a failure to show how far it got.
    let mut last = String::new();
    wait_until(
        "the page reloads with the panel still open",
        Duration::from_secs(20),
        || {
            let state = page.evaluate(&format!(
                "JSON.stringify([window.hyokaTestMark || null, document.body ? document.body.innerText : '', {open}])"
            ));
            let state: Value =
                serde_json::from_str(state.as_str().unwrap_or("[]")).unwrap_or_default();
            let shown = format!(
                "mark {}, panel open {}, text {:?}…",
                state[0],
                state[2],
                state[1]
                    .as_str()
                    .unwrap_or_default()
                    .chars()
                    .take(80)
                    .collect::<String>()
            );
            if shown != last {
                eprintln!("page: {shown}\npreview printed:\n{}", server.printed());
                last = shown;
            }
            state[0].is_null()
                && state[1]
                    .as_str()
                    .is_some_and(|text| text.contains("避難訓練の参加者数"))
                && state[2] == "true"
        },
    );
}

/// The preview of a site open in a headless Chromium; dropped in this
/// order: the preview, the tab, the browser, then its profile folder.
struct Opened {
    server: Server,
    page: Page,
    _browser: Browser,
    _profile: tempfile::TempDir,
}

/// Starts the preview of `site` and opens its page at `path` in a new
/// headless Chromium.
fn open_preview(site: &Path, path: &str) -> Opened {
    let server = Server::start(site);
    let profile = tempfile::tempdir().unwrap();
    let browser = Browser::launch(profile.path());
    let mut page = browser.page();
    page.call("Page.navigate", json!({ "url": server.url(path) }));
    Opened {
        server,
        page,
        _browser: browser,
        _profile: profile,
    }
}

/// A headless Chromium in its own process group, killed with its helpers when dropped.
struct Browser {
    child: Child,
    port: u16,
}

impl Browser {
    fn launch(profile: &Path) -> Browser {
        let child = Command::new(CHROMIUM)
            .args(HEADLESS_CHROMIUM)
            .arg("--remote-debugging-port=0")
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("start chromium");
        let mut browser = Browser { child, port: 0 };
        // Chromium writes the port it chose to this file once DevTools listens.
        let active_port = profile.join("DevToolsActivePort");
        wait_until("chromium opens DevTools", Duration::from_secs(30), || {
            browser.port = std::fs::read_to_string(&active_port)
                .ok()
                .and_then(|text| text.lines().next()?.parse().ok())
                .unwrap_or(0);
            browser.port != 0
        });
        browser
    }

    /// A DevTools connection to the browser's first tab.
    fn page(&self) -> Page {
        let mut address = None;
        wait_until("chromium lists its tab", Duration::from_secs(20), || {
            let Ok(list) = http_get(self.port, "/json/list") else {
                return false;
            };
            let targets: Value = serde_json::from_str(&list.body).unwrap_or_default();
            address = targets
                .as_array()
                .into_iter()
                .flatten()
                .find(|t| t["type"] == "page")
                .and_then(|t| t["webSocketDebuggerUrl"].as_str().map(String::from));
            address.is_some()
        });
        let address = address.unwrap();
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let (socket, _) =
            tungstenite::client(address.as_str(), stream).expect("connect to the tab");
        Page { socket, next_id: 0 }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The whole group: the browser and the renderer processes it started.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

/// One tab, driven over the DevTools protocol.
struct Page {
    socket: WebSocket<TcpStream>,
    next_id: u64,
}

impl Page {
    /// Calls a DevTools method and returns its result (or its error, as JSON).
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let request = json!({ "id": id, "method": method, "params": params });
        self.socket
            .send(Message::text(request.to_string()))
            .expect("send to chromium");
        loop {
            let message = self.socket.read().expect("read from chromium");
            let Ok(text) = message.to_text() else {
                continue;
            };
            let reply: Value = serde_json::from_str(text).unwrap_or_default();
            // Other messages are events the test does not need.
            if reply["id"] == id {
                return if reply["error"].is_null() {
                    reply["result"].clone()
                } else {
                    reply["error"].clone()
                };
            }
        }
    }

    /// Evaluates JavaScript in the page; Null while the page is between loads.
    fn evaluate(&mut self, expression: &str) -> Value {
        self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        )["result"]["value"]
            .clone()
    }

    fn text(&mut self) -> String {
        self.evaluate("document.body ? document.body.innerText : ''")
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}
