//! `hyoka serve` facing hostile clients, over raw TCP: overlong and malformed
//! requests get 4xx (or a closed connection) and the server goes on; path
//! traversal in every encoding and symbolic links never reach a file outside
//! the site; 1,000 concurrent connections all get their page.

// Unix only: the test drives symbolic links and open-file limits.
#![cfg(unix)]

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::*;

/// Text of the sentinel file beside the site: no response may ever contain it.
const SENTINEL: &str = "HYOKA-SENTINEL-outside-the-site-7f3a";

/// A copy of the minimal site in `dir/site`, with `dir/outside/secret.txt` beside it.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixtures().join("minimal"), &dir.path().join("site"));
        std::fs::create_dir(dir.path().join("outside")).unwrap();
        std::fs::write(
            dir.path().join("outside/secret.txt"),
            format!("{SENTINEL}\n"),
        )
        .unwrap();
        Fixture { dir }
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn outside(&self) -> PathBuf {
        self.dir.path().join("outside")
    }

    /// Where the sentinel really is (temporary folders may sit below a link, e.g. on macOS).
    fn secret(&self) -> PathBuf {
        self.outside().join("secret.txt").canonicalize().unwrap()
    }

    /// Makes `link` (relative to the site) a symbolic link to `target`.
    fn link(&self, link: &str, target: &Path) {
        let link = self.site().join(link);
        if let Some(folder) = link.parent() {
            std::fs::create_dir_all(folder).unwrap();
        }
        std::os::unix::fs::symlink(target, link).unwrap();
    }
}

/// Texts of files outside the built site: the sentinel, `/etc/passwd`, `hyoka.yaml`, `departments.yaml`.
const SECRETS: [&str; 4] = [SENTINEL, "root:x:0:0", "fiscal_year:", "id: kikikanri"];

fn assert_no_secret(what: &str, response: &HttpResponse) {
    for secret in SECRETS {
        assert!(
            !response.body.contains(secret) && !response.headers.contains(secret),
            "{what} leaked {secret:?}: {response:?}"
        );
    }
}

/// The server still answers a good request with the right page.
fn assert_still_serving(server: &Server, after: &str) {
    let top = server.get("/");
    assert_eq!(top.status, 200, "after {after}: {}", server.printed());
    assert!(
        page_text(&top.body).contains("架空市 施策評価（令和5年度）"),
        "after {after}"
    );
}

/// The status `server` answers `request` with; 0 when it closes the connection without an
/// answer, or resets it because it stopped reading a huge request before the end.
fn status_of(server: &Server, what: &str, request: &[u8]) -> (u16, Option<HttpResponse>) {
    use std::io::ErrorKind::{BrokenPipe, ConnectionReset};
    match http_raw(server.port, request) {
        Ok(response) => (response.status, Some(response)),
        Err(e) if matches!(e.kind(), ConnectionReset | BrokenPipe) => (0, None),
        Err(e) => panic!("{what}: {e}\n{}", server.printed()),
    }
}

/// An address of this computer that other computers can reach, if it has one.
fn network_address() -> Option<std::net::IpAddr> {
    // Connecting a UDP socket sends nothing; it only picks the interface a packet would leave by.
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[test]
fn it_listens_on_loopback_unless_told_otherwise() {
    let fixture = Fixture::new();
    let server = Server::start(&fixture.site());
    let address = format!(" at http://127.0.0.1:{}/ ", server.port);
    wait_until("the address is printed", Duration::from_secs(10), || {
        server.printed().contains(&address)
    });
    assert!(
        !server.printed().contains("warning"),
        "{}",
        server.printed()
    );
    match network_address() {
        Some(ip) => {
            let refused = TcpStream::connect_timeout(
                &std::net::SocketAddr::new(ip, server.port),
                Duration::from_secs(5),
            );
            assert!(refused.is_err(), "the preview answers on {ip}");
        }
        None => eprintln!("no network address: only the printed address is checked"),
    }
    drop(server);

    let open = Server::start_with(&fixture.site(), &["--bind", "0.0.0.0"]);
    wait_until("the warning is printed", Duration::from_secs(10), || {
        open.printed().contains("warning")
    });
    assert!(
        open.printed().contains("warning: listening on 0.0.0.0, so other computers on the network can open the preview; use --bind 127.0.0.1 to keep it on this computer\n"),
        "{}",
        open.printed()
    );
}

#[test]
fn overlong_urls_get_414_and_the_server_goes_on() {
    let fixture = Fixture::new();
    let server = Server::start(&fixture.site());
    let long = "a".repeat(100_000);
    for (what, target, statuses) in [
        // Over the 64 KB a URI may have in the `http` crate: 414 URI Too Long.
        ("a 100 KB path", format!("/{long}"), &[414][..]),
        ("a 100 KB query", format!("/?q={long}"), &[414]),
        (
            "a 100 KB traversal",
            format!("/{}hyoka.yaml", "../".repeat(33_000)),
            &[414],
        ),
        // Over hyper's 400 KB buffer for the request head: 431, or the connection is closed
        // while the rest is still being sent.
        (
            "a 1 MB path",
            format!("/{}", "a".repeat(1_000_000)),
            &[431, 0],
        ),
        // Under the limit: an ordinary missing page.
        ("a 60 KB path", format!("/{}", &long[..60_000]), &[404]),
    ] {
        let request =
            format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        let (status, response) = status_of(&server, what, request.as_bytes());
        assert!(statuses.contains(&status), "{what}: {response:?}");
        if let Some(response) = response {
            assert_no_secret(what, &response);
        }
        assert_still_serving(&server, what);
    }
}

/// A client that sends part of a request head and then nothing does not keep
/// its connection for ever: the preview closes it after its time limit for
/// request heads (10 s), and serves others meanwhile.
#[test]
fn a_request_head_never_finished_is_cut_off() {
    let fixture = Fixture::new();
    let server = Server::start(&fixture.site());
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    assert_still_serving(&server, "a request head left unfinished");
    // Far longer than the limit: a read that times out here means the server never closed it.
    slow.set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut answer = Vec::new();
    match slow.read_to_end(&mut answer) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
        Err(e) => panic!("the unfinished request's connection stayed open: {e}"),
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    assert_still_serving(&server, "a request head cut off");
}

#[test]
fn a_host_other_than_this_computer_gets_421_on_loopback() {
    // DNS rebinding: a web page whose name now resolves to 127.0.0.1 must not
    // read the unpublished preview from the editor's browser.
    let fixture = Fixture::new();
    let server = Server::start(&fixture.site());
    let port = server.port;
    let ask = |host: &str| {
        let request = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        http_raw(port, request.as_bytes()).unwrap()
    };
    for host in [
        format!("evil.example:{port}"),
        "evil.example".into(),
        format!("127.0.0.1.evil.example:{port}"),
    ] {
        let response = ask(&host);
        assert_eq!(response.status, 421, "{host}");
        assert_eq!(
            response.body,
            "421 Misdirected Request: open the preview at http://127.0.0.1:<port>/ or http://localhost:<port>/",
            "{host}"
        );
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let response = ask(&host);
        assert_eq!(response.status, 200, "{host}");
        assert!(response.body.contains("<html lang=\"ja\""), "{host}");
    }
}

/// Requests expected to get the same answer: (what, request).
type Requests<'a> = &'a [(&'a str, &'a [u8])];

#[test]
fn malformed_requests_get_4xx_or_a_closed_connection() {
    let fixture = Fixture::new();
    let server = Server::start(&fixture.site());
    // By the answer expected; 0 = the connection is closed without one.
    let cases: &[(u16, Requests)] = &[
        (
            400,
            &[
                ("garbage bytes", b"\x00\x01\x02\xff\xfe garbage\r\n\r\n"),
                // What a browser sends first when told https://127.0.0.1:port/.
                (
                    "a TLS ClientHello",
                    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
                ),
                ("HTTP/9.9", b"GET / HTTP/9.9\r\nHost: localhost\r\n\r\n"),
                (
                    "HTTP/2.0 in HTTP/1 syntax",
                    b"GET / HTTP/2.0\r\nHost: localhost\r\n\r\n",
                ),
                ("FTP/1.0", b"GET / FTP/1.0\r\nHost: localhost\r\n\r\n"),
                ("a lower-case version", b"get / http/1.1\r\nHost: localhost\r\n\r\n"),
                ("an HTTP/0.9 request", b"GET /\r\n\r\n"),
                (
                    "HTTP/1.1 without Host",
                    b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
                ),
                (
                    "two Host headers",
                    b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                ),
                (
                    "NUL in the path",
                    b"GET /\0/etc/passwd HTTP/1.1\r\nHost: localhost\r\n\r\n",
                ),
                ("NUL in a header", b"GET / HTTP/1.1\r\nHost: local\0host\r\n\r\n"),
                (
                    "a space in the path",
                    b"GET /a b HTTP/1.1\r\nHost: localhost\r\n\r\n",
                ),
                (
                    "a header without a colon",
                    b"GET / HTTP/1.1\r\nHost x\r\n\r\n",
                ),
                (
                    "a folded header",
                    b"GET / HTTP/1.1\r\nHost: localhost\r\n folded\r\n\r\n",
                ),
                (
                    "a negative length",
                    b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n",
                ),
                (
                    "two lengths",
                    b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                ),
                (
                    "an unknown Transfer-Encoding",
                    b"POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: bogus\r\n\r\n",
                ),
                (
                    "a file: URL",
                    b"GET file:///etc/passwd HTTP/1.1\r\nHost: localhost\r\n\r\n",
                ),
            ],
        ),
        (
            405,
            &[
                (
                    "CONNECT",
                    b"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n",
                ),
                (
                    "OPTIONS *",
                    b"OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                ),
                (
                    "POST",
                    b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                ),
            ],
        ),
        (
            404,
            &[
                (
                    "an invalid percent-encoding",
                    b"GET /%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                ),
                (
                    "a cut percent-encoding",
                    b"GET /% HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                ),
                (
                    "an encoded NUL",
                    b"GET /index.html%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                ),
                (
                    "invalid UTF-8",
                    b"GET /%ff%fe HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                ),
                (
                    "GET *",
                    b"GET * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                ),
            ],
        ),
        // hyper is built without HTTP/2 and closes the connection.
        (
            0,
            &[("the HTTP/2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")],
        ),
    ];
    let many_headers: String = (0..200).map(|i| format!("X-Header-{i}: v\r\n")).collect();
    let many_headers = format!("GET / HTTP/1.1\r\nHost: localhost\r\n{many_headers}\r\n");
    let more: &[(u16, Requests)] = &[(431, &[("200 headers", many_headers.as_bytes())])];
    for (expected, requests) in cases.iter().chain(more) {
        for (what, request) in *requests {
            let response = http_raw(server.port, request).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(response.status, *expected, "{what}: {response:?}");
            assert_no_secret(what, &response);
            assert_still_serving(&server, what);
        }
    }

    // A 500 KB header: 431, or the connection is closed while the rest is still
    // being sent; when the whole head arrives in one read hyper may parse it
    // and answer it as the ordinary request it is (seen under load).
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\n\r\n",
        "x".repeat(500_000)
    );
    let (status, response) = status_of(&server, "a 500 KB header", huge.as_bytes());
    assert!([431, 0, 200].contains(&status), "{response:?}");
    assert_still_serving(&server, "a 500 KB header");

    // Requests cut short, then the client stops sending: the server closes without an answer.
    for (what, request) in [
        ("nothing", &b""[..]),
        ("half a request line", b"GET / HT"),
        ("empty lines", b"\r\n\r\n\r\n"),
        (
            "a request without the blank line",
            b"GET / HTTP/1.1\r\nHost: localhost\r\n",
        ),
    ] {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request).unwrap();
        stream.shutdown(Shutdown::Write).unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 4"),
            "{what}: {answer}"
        );
        assert_still_serving(&server, what);
    }
    assert!(
        !server.printed().contains("panicked"),
        "{}",
        server.printed()
    );
}

/// `..` in every spelling: plain, percent-encoded (once, twice, three times),
/// overlong UTF-8, %u, full-width, with NUL or `;` after it.
const DOT_DOTS: [&str; 20] = [
    "..",
    ".%2e",
    "%2e.",
    "%2e%2e",
    "%2E%2E",
    "%252e%252e",
    "%25252e%25252e",
    "%c0%ae%c0%ae",
    "%C0%AE%C0%AE",
    "%e0%80%ae%e0%80%ae",
    "%f0%80%80%ae%f0%80%80%ae",
    "%c0.%c0.",
    "%u002e%u002e",
    "%uff0e%uff0e",
    "%ef%bc%8e%ef%bc%8e",
    "..%00",
    "..%01",
    "..;",
    "....",
    ".%252e",
];

/// `/` in every spelling: plain, doubled, `\`, percent-encoded (once, twice),
/// overlong UTF-8, %u, full-width, division slash.
const SLASHES: [&str; 16] = [
    "/",
    "//",
    "/./",
    "\\",
    "%2f",
    "%2F",
    "%252f",
    "%5c",
    "%5C",
    "%255c",
    "%c0%af",
    "%e0%80%af",
    "%c1%9c",
    "%u2215",
    "%ef%bc%8f",
    "%e2%88%95",
];

#[test]
fn traversal_in_every_encoding_gets_4xx_and_nothing_from_outside() {
    let fixture = Fixture::new();
    let site = fixture.site();
    // The secrets are really there: a leak would be seen.
    assert!(
        std::fs::read_to_string(site.join("hyoka.yaml"))
            .unwrap()
            .contains("fiscal_year:")
    );
    assert!(
        std::fs::read_to_string(site.join("content/departments.yaml"))
            .unwrap()
            .contains("id: kikikanri")
    );
    let server = Server::start(&site);

    let mut targets = Vec::new();
    for up in DOT_DOTS {
        for slash in SLASHES {
            let ups = |n: usize| format!("{up}{slash}").repeat(n);
            // From the root and from a page two folders down, to the sentinel beside the site.
            targets.push(format!("/{}outside{slash}secret.txt", ups(1)));
            targets.push(format!(
                "/measures/bosai/{}outside{slash}secret.txt",
                ups(3)
            ));
            // To the site's own files, which are not part of the built site.
            targets.push(format!("/measures/{}hyoka.yaml", ups(1)));
            // Far above the root, to a file every Linux has.
            targets.push(format!("/{}etc{slash}passwd", ups(12)));
        }
    }
    let secret = fixture.secret();
    let secret = secret.to_str().unwrap();
    let absolute = [
        secret.to_string(),
        format!("/{secret}"),
        format!("//{secret}"),
        format!("/%2f{}", &secret[1..]),
        format!("/%252f{}", &secret[1..]),
        format!("/.{secret}"),
        format!("http://127.0.0.1{secret}"),
        format!("http://127.0.0.1/..{secret}"),
        "/etc/passwd".to_string(),
        "//etc/passwd".to_string(),
        "/%2fetc%2fpasswd".to_string(),
        "/proc/self/cwd/hyoka.yaml".to_string(),
        "/proc/self/root/etc/passwd".to_string(),
        "/~root/.profile".to_string(),
        "/C:/Windows/win.ini".to_string(),
        "/c:%5cwindows%5cwin.ini".to_string(),
        "/%5c%5c127.0.0.1%5cc$%5cwindows%5cwin.ini".to_string(),
        "/\\\\?\\C:\\Windows\\win.ini".to_string(),
        "/hyoka.yaml".to_string(),
        "/content/departments.yaml".to_string(),
        "/content/measures/bosai.yaml".to_string(),
        "/measures/bosai/..".to_string(),
        "/measures/bosai/%2e%2e".to_string(),
    ];
    targets.extend(absolute);

    let mut statuses = std::collections::BTreeMap::new();
    for target in &targets {
        let response = http_get(server.port, target)
            .unwrap_or_else(|e| panic!("GET {target}: {e}\n{}", server.printed()));
        assert!(
            (400..500).contains(&response.status),
            "GET {target}: {} {}",
            response.status,
            response.headers
        );
        assert_no_secret(target, &response);
        *statuses.entry(response.status).or_insert(0) += 1;
    }
    eprintln!("{} traversal requests: {statuses:?}", targets.len());
    assert_still_serving(&server, "the traversal requests");
}

/// The problem `hyoka build` reports for a link at `link` leading to `target`.
fn link_problem(link: &str, target: &Path) -> String {
    format!(
        "{link}: error: is a symbolic link to {}, outside the site folder; hyoka reads only files inside the site, so copy the file into it instead",
        target.display()
    )
}

/// Builds and serves a site holding a link leading outside: the build fails
/// naming the link, the preview shows that problem, and nothing from outside
/// is ever served.
fn assert_link_refused(fixture: &Fixture, link: &str, target: &Path) {
    let site = fixture.site();
    let problem = link_problem(link, target);
    let built = hyoka(&site, &["build"]);
    assert_eq!(built.status.code(), Some(1), "{}", stderr(&built));
    assert_eq!(
        stderr(&built),
        format!("{problem}\nerror: 1 problem found\n"),
        "build with {link}"
    );
    assert!(!site.join("output").exists());

    let server = Server::start(&site);
    for path in [
        "/",
        "/secret.txt",
        "/leak.txt",
        "/leak/",
        "/measures/bosai/",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 500, "{link}: GET {path}");
        assert!(
            page_text(&response.body).contains(&problem),
            "{link}: GET {path}: {}",
            response.body
        );
        assert_no_secret(path, &response);
    }
    // The terminal lists the problems after the preview shows them.
    wait_until(
        "the terminal shows the problem",
        Duration::from_secs(10),
        || server.printed().contains(&problem),
    );
}

#[test]
fn a_content_file_linking_outside_is_refused() {
    let fixture = Fixture::new();
    fixture.link("content/measures/leak.yaml", &fixture.secret());
    assert_link_refused(&fixture, "content/measures/leak.yaml", &fixture.secret());
}

#[test]
fn a_content_folder_linking_outside_is_refused() {
    let fixture = Fixture::new();
    fixture.link("content/projects/leak", &fixture.outside());
    let outside = fixture.outside().canonicalize().unwrap();
    assert_link_refused(&fixture, "content/projects/leak", &outside);
}

#[test]
fn a_linked_departments_file_from_outside_is_refused() {
    // Even a valid file: what the site publishes must be in the site.
    let fixture = Fixture::new();
    let departments = fixture.site().join("content/departments.yaml");
    let moved = fixture.outside().join("departments.yaml");
    std::fs::rename(&departments, &moved).unwrap();
    fixture.link("content/departments.yaml", &moved);
    let target = moved.canonicalize().unwrap();
    assert_link_refused(&fixture, "content/departments.yaml", &target);
}

#[test]
fn a_template_linking_outside_is_refused() {
    let fixture = Fixture::new();
    fixture.link("templates/leak.html", &fixture.secret());
    assert_link_refused(&fixture, "templates/leak.html", &fixture.secret());
}

#[test]
fn a_templates_folder_linking_outside_is_refused() {
    let fixture = Fixture::new();
    fixture.link("templates", &fixture.outside());
    let outside = fixture.outside().canonicalize().unwrap();
    assert_link_refused(&fixture, "templates", &outside);
}

#[test]
fn links_that_stay_inside_the_site_are_followed() {
    let fixture = Fixture::new();
    let site = fixture.site();
    std::fs::create_dir(site.join("shared")).unwrap();
    std::fs::write(
        site.join("shared/not-found.html"),
        "<!DOCTYPE html><html lang=\"ja\"><body><p>共有の404ページ</p></body></html>",
    )
    .unwrap();
    fixture.link("templates/404.html", Path::new("../shared/not-found.html"));
    build_ok(&site);
    let server = Server::start(&site);
    let missing = server.get("/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(
        page_text(&missing.body).contains("共有の404ページ"),
        "{}",
        missing.body
    );
}

#[test]
fn a_static_file_linking_outside_is_refused() {
    let fixture = Fixture::new();
    fixture.link("static/leak.txt", &fixture.secret());
    let secret = fixture.secret().canonicalize().unwrap();
    assert_link_refused(&fixture, "static/leak.txt", &secret);
}

#[test]
fn a_static_folder_linking_outside_is_refused() {
    let fixture = Fixture::new();
    fixture.link("static", &fixture.outside());
    let outside = fixture.outside().canonicalize().unwrap();
    assert_link_refused(&fixture, "static", &outside);
}

/// Lets this process (and the server it starts) open a few thousand sockets.
fn raise_open_files_limit() {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current < limit.maximum {
        limit.current = limit.maximum;
        setrlimit(Resource::Nofile, limit).unwrap();
    }
}

/// One client connection: what it sends and what it must get back.
struct Client {
    port: u16,
    pages: Arc<Vec<(&'static str, String)>>,
    /// Shifts which page each request asks for, so that connections ask for different pages.
    number: usize,
}

impl Client {
    fn connect(&self) -> std::io::Result<(std::io::BufReader<TcpStream>, TcpStream)> {
        let stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(60)))?;
        Ok((std::io::BufReader::new(stream.try_clone()?), stream))
    }

    /// Sends request `n` on the kept-alive connection and checks the answer; false when the
    /// connection is unusable.
    fn request(
        &self,
        (reader, writer): &mut (std::io::BufReader<TcpStream>, TcpStream),
        n: usize,
        errors: &mut Vec<String>,
    ) -> bool {
        let (path, expected) = &self.pages[(self.number + n) % self.pages.len()];
        let sent = write!(
            writer,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            self.port
        );
        match sent.and_then(|()| read_response(reader)) {
            Ok(page) if page.status == 200 && page.body == *expected => true,
            Ok(page) => {
                errors.push(format!(
                    "{path}: {} ({} bytes)",
                    page.status,
                    page.body.len()
                ));
                true
            }
            Err(e) => {
                errors.push(format!("{path}: {e}"));
                false
            }
        }
    }
}

/// Opens `connections` connections to `server` and has each send `requests` requests for
/// the bundled pages, all at the same moment. With `ramp`, connections are opened 100 at
/// a time, each sending its first request before the next 100 connect; the others are then
/// sent all at once. Without, all connect at once. Returns the errors.
fn load(server: &Server, connections: usize, requests: usize, ramp: bool) -> Vec<String> {
    const BATCH: usize = 100;
    let pages: Arc<Vec<(&str, String)>> = Arc::new(
        [
            "/",
            "/measures/bosai/",
            "/assets/style.css",
            "/measures/bosai/kpi.csv",
        ]
        .into_iter()
        .map(|path| {
            let page = server.get(path);
            assert_eq!(page.status, 200, "{path}");
            (path, page.body)
        })
        .collect(),
    );
    let all_ready = Arc::new(Barrier::new(connections + 1));
    let (answered, first_answers) = std::sync::mpsc::channel();
    let mut clients = Vec::new();
    for number in 0..connections {
        let client = Client {
            port: server.port,
            pages: pages.clone(),
            number,
        };
        let (all_ready, answered) = (all_ready.clone(), answered.clone());
        let thread = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let mut errors = Vec::new();
                let mut connection = client.connect();
                let mut next = 0;
                if ramp {
                    if let Ok(connection) = &mut connection {
                        // A connection that failed its first request sends no more.
                        next = if client.request(connection, 0, &mut errors) {
                            1
                        } else {
                            requests
                        };
                    }
                    answered.send(()).unwrap();
                }
                all_ready.wait();
                match &mut connection {
                    Ok(connection) => {
                        for n in next..requests {
                            if !client.request(connection, n, &mut errors) {
                                break;
                            }
                        }
                    }
                    Err(e) => errors.push(format!("connect: {e}")),
                }
                errors
            })
            .unwrap();
        clients.push(thread);
        if ramp && (number + 1) % BATCH == 0 {
            for _ in 0..BATCH {
                first_answers.recv().unwrap();
            }
        }
    }
    all_ready.wait();
    let started = Instant::now();
    let errors: Vec<String> = clients
        .into_iter()
        .flat_map(|client| client.join().unwrap())
        .collect();
    let took = started.elapsed().as_secs_f64();
    let concurrent = connections * (requests - usize::from(ramp));
    eprintln!(
        "{connections} connections ({}): {concurrent} requests sent at once in {took:.2} s, {:.0} requests/s, {} errors",
        if ramp {
            "opened 100 at a time"
        } else {
            "opened all at once"
        },
        concurrent as f64 / took,
        errors.len()
    );
    errors
}

#[test]
fn a_thousand_concurrent_connections_all_get_their_page() {
    raise_open_files_limit();
    let fixture = Fixture::new();
    let server = Server::start(&fixture.site());
    let errors = load(&server, 1000, 5, true);
    assert!(
        errors.is_empty(),
        "{} errors, e.g. {:?}",
        errors.len(),
        &errors[..errors.len().min(10)]
    );
    assert_still_serving(&server, "the load");
}

#[test]
fn a_burst_of_a_thousand_connections_is_all_accepted() {
    raise_open_files_limit();
    let fixture = Fixture::new();
    let server = Server::start(&fixture.site());
    let errors = load(&server, 1000, 2, false);
    assert!(
        errors.is_empty(),
        "{} errors, e.g. {:?}",
        errors.len(),
        &errors[..errors.len().min(10)]
    );
    assert_still_serving(&server, "the burst");
}
