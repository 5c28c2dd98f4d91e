//! The preview's HTTP routes: the site's files from memory, and the reload events.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, Version, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use percent_encoding::percent_decode_str;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use super::{Preview, Shared};

/// Where pages listen for rebuilds; a name no generated page uses.
const EVENTS_PATH: &str = "/__hyoka/events";

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(file)
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            one_host,
        ))
        .with_state(shared)
}

/// RFC 9112 §3.2: an HTTP/1.1 request without a Host header, or any request with
/// more than one, gets 400 (hyper itself accepts them). On loopback, a Host
/// other than an IP address or `localhost` gets 421: a web page whose own name
/// was pointed at 127.0.0.1 (DNS rebinding) must not read the unpublished preview.
async fn one_host(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let (first, more) = (hosts.next(), hosts.next().is_some());
    if more || (first.is_none() && request.version() == Version::HTTP_11) {
        return (
            StatusCode::BAD_REQUEST,
            "400 Bad Request: a request needs exactly one Host header",
        )
            .into_response();
    }
    if shared.loopback
        && let Some(host) = first
        && !host.to_str().is_ok_and(is_local_host)
    {
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "421 Misdirected Request: open the preview at http://127.0.0.1:<port>/ or http://localhost:<port>/",
        )
            .into_response();
    }
    next.run(request).await
}

/// Whether a Host header names this computer by address or as `localhost`.
fn is_local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => {
            return v6
                .split_once(']')
                .is_some_and(|(ip, _)| ip.parse::<std::net::Ipv6Addr>().is_ok());
        }
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<std::net::Ipv4Addr>().is_ok()
}

/// Server-sent events: the current generation at once, then each new one.
/// A page whose generation differs reloads, so a rebuild that happened while
/// the page was loading is not missed.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the generation, so no build falls in between.
    let builds = BroadcastStream::new(shared.reloads.subscribe());
    let current = shared.preview().generation;
    // A page too slow to take every event (lagged) still learns the newest generation.
    let later = builds.map(move |_| shared.preview().generation);
    let generations = tokio_stream::once(current).chain(later);
    Sse::new(generations.map(|generation| Ok(Event::default().data(generation.to_string()))))
        .keep_alive(KeepAlive::default())
}

/// Any other request: a file of the site, a folder's `index.html`, or the 404 page.
async fn file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let preview = shared.preview();
    let Some(path) = site_file(uri.path()) else {
        return not_found(&preview);
    };
    if let Some(bytes) = preview.site.get(&path) {
        return respond(&preview, StatusCode::OK, &path, bytes);
    }
    // `/measures/x` names a folder: send the browser to `/measures/x/` so the page's relative
    // links work. The path as requested (still percent-encoded) is a valid header value.
    if preview.site.get(&format!("{path}/index.html")).is_some() {
        let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
        return (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, format!("{}/{query}", uri.path()))],
        )
            .into_response();
    }
    not_found(&preview)
}

/// The theme's 404 page (or, while the build is broken, the error page).
fn not_found(preview: &Preview) -> Response {
    let page = preview.site.get("404.html");
    if page.is_none() && preview.problems_page.is_none() {
        return (StatusCode::NOT_FOUND, "404 Not Found").into_response();
    }
    respond(
        preview,
        StatusCode::NOT_FOUND,
        "404.html",
        page.unwrap_or_default(),
    )
}

/// Sends a site file; an HTML page gets the reload script, or is replaced by
/// the error page while the newest build has problems.
fn respond(preview: &Preview, status: StatusCode, path: &str, bytes: &[u8]) -> Response {
    let mut response = if path.ends_with(".html") {
        let (status, html, panel) = match &preview.problems_page {
            None => (
                status,
                String::from_utf8_lossy(bytes),
                &*preview.warnings_panel,
            ),
            Some(page) => (StatusCode::INTERNAL_SERVER_ERROR, page.as_ref().into(), ""),
        };
        (status, for_the_preview(&html, panel, preview.generation)).into_response()
    } else {
        (status, Body::from(bytes.to_vec())).into_response()
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type(path)) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // A preview must never show a stale copy from the browser's cache.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The site file a request path names, or None for a path that could leave the
/// site: `..` or `.` segments (also percent-encoded), backslashes, NUL, empty
/// segments (`//etc/passwd`) and drive letters. Folders name their `index.html`.
fn site_file(request_path: &str) -> Option<String> {
    let decoded = percent_decode_str(request_path).decode_utf8().ok()?;
    let relative = decoded.strip_prefix('/')?;
    if relative.contains(['\\', '\0']) {
        return None;
    }
    let folder = relative.is_empty() || relative.ends_with('/');
    let segments = relative.strip_suffix('/').unwrap_or(relative);
    if !segments.is_empty()
        && segments
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == ".." || s.contains(':'))
    {
        return None;
    }
    Some(if folder {
        format!("{relative}index.html")
    } else {
        relative.to_string()
    })
}

/// Content type from the file name; text is always UTF-8 in a hyoka site.
fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    if mime.type_() == mime_guess::mime::TEXT {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    }
}

/// `html` with what only the preview adds before `</body>`: `panel` (the
/// warnings, or nothing) and a script that reloads the page when a build
/// newer than `generation` is announced.
fn for_the_preview(html: &str, panel: &str, generation: u64) -> String {
    let script = format!(
        "<script>/* hyoka serve: reload when the site is rebuilt */\
         new EventSource(\"{EVENTS_PATH}\").onmessage = function (e) {{ if (e.data !== \"{generation}\") location.reload(); }};</script>\n"
    );
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + panel.len() + script.len());
    out.push_str(&html[..at]);
    out.push_str(panel);
    out.push_str(&script);
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_the_site() {
        assert_eq!(site_file("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_file("/measures/bosai/").as_deref(),
            Some("measures/bosai/index.html")
        );
        assert_eq!(
            site_file("/assets/style.css").as_deref(),
            Some("assets/style.css")
        );
        assert_eq!(
            site_file("/%E4%BA%8B%E6%A5%AD.html").as_deref(),
            Some("事業.html")
        );
    }

    #[test]
    fn paths_leaving_the_site_are_refused() {
        for path in [
            "/../hyoka.yaml",
            "/%2e%2e/hyoka.yaml",
            "/%2E%2E/hyoka.yaml",
            "/..%2fhyoka.yaml",
            "/%2e%2e%2fcontent/departments.yaml",
            "/\\..\\hyoka.yaml",
            "/%5c..%5chyoka.yaml",
            "//etc/passwd",
            "/measures/../../hyoka.yaml",
            "/./index.html",
            "/C:/Windows/win.ini",
            "/a%00.html",
            "/%ff",
            "relative",
        ] {
            assert_eq!(site_file(path), None, "{path}");
        }
    }

    #[test]
    fn only_addresses_and_localhost_are_local_hosts() {
        for local in [
            "127.0.0.1:1111",
            "127.0.0.1",
            "localhost:8080",
            "LOCALHOST",
            "localhost.",
            "app.localhost:1",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(is_local_host(local), "{local}");
        }
        for other in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
            "[::1",
            "",
            ":1111",
        ] {
            assert!(!is_local_host(other), "{other}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("assets/logo.svg"), "image/svg+xml");
        assert_eq!(content_type("logo.png"), "image/png");
    }

    #[test]
    fn panel_and_script_go_before_the_last_body_end() {
        let html = for_the_preview("<html><body><p>x</p></BODY></html>", "", 7);
        assert!(html.starts_with("<html><body><p>x</p><script>"), "{html}");
        assert!(html.contains("e.data !== \"7\""));
        assert!(html.ends_with("</script>\n</BODY></html>"));
        assert!(for_the_preview("no body", "", 1).starts_with("no body<script>"));
        let html = for_the_preview("<body><p>x</p></body>", "<aside>警告</aside>\n", 2);
        assert!(
            html.starts_with("<body><p>x</p><aside>警告</aside>\n<script>"),
            "{html}"
        );
    }
}
