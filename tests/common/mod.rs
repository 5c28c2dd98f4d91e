//! Helpers shared by the integration tests: fixture sites and running the binary.
#![allow(dead_code)]

pub mod markup;
pub mod yaml_edits;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The text of the file at `path`; panics naming it if it cannot be read.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The report of the valid site at `root`, as the build reads it.
pub fn report(root: &Path) -> hyoka::content::Report {
    hyoka::build::load_report(root, None).expect("bundled content is valid")
}

/// The folder holding the test fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The repository root, which is also the bundled site.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies every file below `from` into `to`, keeping relative paths.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().map(Result::unwrap) {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir` with its bytes, by its path relative to `dir` with
/// `/` separators.
pub fn files_below(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let path = entry.path().strip_prefix(dir).unwrap();
            let path = path.to_str().unwrap().replace('\\', "/");
            (path, std::fs::read(entry.path()).unwrap())
        })
        .collect()
}

/// A copy of a fixture site in a temporary folder.
pub fn site_copy(fixture: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join(fixture), dir.path());
    dir
}

/// Replaces the first `from` in the file at `path` with `to`; a `from` the
/// file lacks fails the test, so that an edited fixture cannot leave a test
/// testing nothing.
pub fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// A copy of the bundled site (hyoka.yaml and content/) in a temporary folder.
pub fn bundled_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("hyoka.yaml"), dir.path().join("hyoka.yaml")).unwrap();
    copy_tree(&repo().join("content"), &dir.path().join("content"));
    dir
}

/// Runs the `hyoka` binary with `args` in `dir`, its findings without
/// colours whatever the terminal the tests run in asks for.
pub fn hyoka(dir: &Path, args: &[&str]) -> Output {
    hyoka_command()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run hyoka")
}

/// The `hyoka` binary, without a `CLICOLOR_FORCE` the tests were run with.
/// The environment is left alone when there is none: under Wine, programs
/// started with an environment of their own have failed to start now and
/// then (`Internal error`).
pub fn hyoka_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hyoka"));
    if std::env::var_os("CLICOLOR_FORCE").is_some() {
        command.env_remove("CLICOLOR_FORCE");
    }
    command
}

/// A command running a copy of hyoka placed in `dir` (a site), as nobody when
/// the tests run as root, who ignores permissions and may use every port;
/// `dir` is made readable by every user so that nobody can run the copy.
#[cfg(unix)]
pub fn hyoka_as_nobody(dir: &Path) -> Command {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let binary = dir.join("hyoka-copy");
    std::fs::copy(env!("CARGO_BIN_EXE_hyoka"), &binary).unwrap();
    for entry in walkdir::WalkDir::new(dir).into_iter().map(Result::unwrap) {
        let mode = if entry.file_type().is_dir() || entry.path() == binary {
            0o755
        } else {
            0o644
        };
        std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let mut command = Command::new(&binary);
    command.current_dir(dir);
    if rustix::process::geteuid().is_root() {
        command.uid(65534).gid(65534);
    }
    command
}

/// What a command printed, with paths written as the tests expect them.
pub fn stdout(output: &Output) -> String {
    slashes(String::from_utf8(output.stdout.clone()).unwrap())
}

pub fn stderr(output: &Output) -> String {
    slashes(String::from_utf8(output.stderr.clone()).unwrap())
}

/// `text` with the `\` that hyoka puts between folders on Windows written as
/// `/`, as the expected messages write them (elsewhere `text` as it is).
pub fn slashes(text: String) -> String {
    if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text
    }
}

/// Builds the site in `dir` into `dir/output` and panics with the errors if it fails.
pub fn build_ok(dir: &Path) -> PathBuf {
    let output = hyoka(dir, &["build"]);
    assert!(
        output.status.success(),
        "build failed:\n{}",
        stderr(&output)
    );
    dir.join("output")
}

/// `html` with each tag replaced by a space; entities and whitespace as they are.
pub fn without_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// Text of an HTML page with tags removed and entities decoded, whitespace collapsed.
pub fn page_text(html: &str) -> String {
    let text = without_tags(html)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The charts drawn inline in a measure page, each `<svg class="kpi-chart">…</svg>`, in order.
pub fn inline_charts(html: &str) -> Vec<&str> {
    html.match_indices("<svg class=\"kpi-chart\"")
        .map(|(start, _)| {
            let length = html[start..].find("</svg>").expect("a chart ends") + "</svg>".len();
            &html[start..start + length]
        })
        .collect()
}

/// A free TCP port on 127.0.0.1 (free when this returns; good enough for tests).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Calls `ready` until it is true; panics with `what` after `timeout`.
pub fn wait_until(what: &str, timeout: std::time::Duration, mut ready: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + timeout;
    while !ready() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out after {timeout:?} waiting until {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// An HTTP response read from a raw socket.
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    /// The header lines, as sent.
    pub headers: String,
    pub body: String,
}

impl HttpResponse {
    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// Sends `GET target` exactly as given (no normalising of `..` or `%2e`) over HTTP/1.1.
/// Reads `Content-Length` bytes of body, or up to the end when it is not given.
pub fn http_get(port: u16, target: &str) -> std::io::Result<HttpResponse> {
    http_raw(
        port,
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    )
}

/// Sends `request` as it is (any bytes, well-formed or not) on a new connection
/// and reads one response. A connection closed without an answer reads as status 0.
pub fn http_raw(port: u16, request: &[u8]) -> std::io::Result<HttpResponse> {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    // A server may answer and close before reading all of a huge request: the answer still counts.
    let written = stream.write_all(request);
    let response = read_response(&mut std::io::BufReader::new(stream));
    match (written, response) {
        (Err(e), Err(_)) => Err(e),
        (_, response) => response,
    }
}

/// Reads one HTTP/1.1 response: `Content-Length` bytes of body, or up to the end when it is not given.
pub fn read_response(reader: &mut impl std::io::BufRead) -> std::io::Result<HttpResponse> {
    use std::io::Read;
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let mut headers = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        headers.push_str(&line);
    }
    let mut response = HttpResponse {
        status,
        headers,
        body: String::new(),
    };
    let mut body = Vec::new();
    match response
        .header("content-length")
        .and_then(|length| length.parse::<u64>().ok())
    {
        Some(length) => reader.take(length).read_to_end(&mut body)?,
        None => reader.read_to_end(&mut body)?,
    };
    response.body = String::from_utf8_lossy(&body).into_owned();
    Ok(response)
}

/// A running `hyoka serve` on a free port, killed when dropped. Collects what it prints.
pub struct Server {
    child: std::process::Child,
    pub port: u16,
    printed: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    /// Starts `hyoka serve --root root` and waits (at most 15 s) until it answers.
    pub fn start(root: &Path) -> Server {
        Server::start_with(root, &[])
    }

    /// [`Server::start`] with more arguments, e.g. `--bind`.
    pub fn start_with(root: &Path, args: &[&str]) -> Server {
        use std::io::BufRead;
        use std::process::Stdio;
        let port = free_port();
        let mut child = hyoka_command()
            .args(["serve", "--root"])
            .arg(root)
            .args(["--port", &port.to_string()])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start hyoka serve");
        let printed = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let stdout: Box<dyn std::io::Read + Send> = Box::new(child.stdout.take().unwrap());
        let stderr: Box<dyn std::io::Read + Send> = Box::new(child.stderr.take().unwrap());
        for stream in [stdout, stderr] {
            let printed = printed.clone();
            std::thread::spawn(move || {
                for line in std::io::BufReader::new(stream)
                    .lines()
                    .map_while(Result::ok)
                {
                    let mut printed = printed.lock().unwrap();
                    printed.push_str(&line);
                    printed.push('\n');
                }
            });
        }
        let mut server = Server {
            child,
            port,
            printed,
        };
        wait_until(
            "hyoka serve answers",
            std::time::Duration::from_secs(15),
            || {
                if let Ok(Some(status)) = server.child.try_wait() {
                    panic!("hyoka serve exited with {status}:\n{}", server.printed());
                }
                http_get(port, "/").is_ok_and(|response| response.status != 0)
            },
        );
        server
    }

    pub fn get(&self, target: &str) -> HttpResponse {
        http_get(self.port, target)
            .unwrap_or_else(|e| panic!("GET {target}: {e}\n{}", self.printed()))
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Everything the server printed so far (stdout and stderr).
    pub fn printed(&self) -> String {
        slashes(self.printed.lock().unwrap().clone())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A connection to the server-sent events of `hyoka serve`.
pub struct Events {
    reader: std::io::BufReader<std::net::TcpStream>,
}

impl Events {
    pub fn connect(port: u16) -> Events {
        use std::io::Write;
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(stream, "GET /__hyoka/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        Events {
            reader: std::io::BufReader::new(stream),
        }
    }

    /// The data of the next event, or None if none came within `timeout`.
    pub fn next_data(&mut self, timeout: std::time::Duration) -> Option<String> {
        use std::io::BufRead;
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline
                .checked_duration_since(std::time::Instant::now())
                .filter(|left| !left.is_zero())?;
            self.reader.get_ref().set_read_timeout(Some(left)).unwrap();
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {
                    if let Some(data) = line.trim_end().strip_prefix("data:") {
                        return Some(data.trim().to_string());
                    }
                }
            }
        }
    }
}

/// How the tests start Chromium: headless, without a sandbox (CI runs as
/// root), and without the background work a first run starts.
pub const HEADLESS_CHROMIUM: [&str; 7] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// The text of every `<text>` element of an SVG drawing, in order.
pub fn svg_texts(svg: &str) -> Vec<&str> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|t| t.split_once('>')?.1.split("</text>").next())
        .collect()
}

/// The lines of a command's findings that are findings (`file:line:column:
/// severity: …`), not the quoted lines of the files below each one
/// (`12 | …` and the caret's `   |    ^`).
pub fn findings_in(printed: &str) -> impl Iterator<Item = &str> {
    printed.lines().filter(|line| {
        let gutter = line.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
        !gutter.starts_with('|')
    })
}
