//! `hyoka serve`: a preview of the site that rebuilds and reloads the browser
//! on every save.
//!
//! The site is built into memory ([`memory`]) and served from there, so the
//! preview never writes `output/` (the published build) and a request can
//! never reach a file on disk. [`watch`] reports saves; each one rebuilds the
//! whole site and tells open pages to reload. A broken save keeps the last
//! good site but shows its problems ([`error_page`]) until the next good save.

pub mod error_page;
pub mod memory;
mod routes;
pub mod watch;

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::broadcast;

use crate::content::load::Cache;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use memory::Site;
use watch::Watch;

/// What `hyoka serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holding `hyoka.yaml`).
    pub root: PathBuf,
    /// The address to listen on; a non-loopback one makes the preview reachable from other computers.
    pub bind: IpAddr,
    /// The port to listen on; 0 picks a free one.
    pub port: u16,
}

/// What the preview shows right now.
struct Preview {
    /// The last site that built without errors (empty until one did).
    site: Arc<Site>,
    /// The problems of the newest build; when not empty, pages show them instead of the site.
    problems: Vec<Diagnostic>,
    /// Changes with every build, so that a page can tell whether it is out of date.
    generation: u64,
}

/// State shared by the request handlers and the rebuilding thread.
struct Shared {
    preview: RwLock<Arc<Preview>>,
    /// Parsed content files, kept between rebuilds.
    parsed: Cache,
    /// Announces each build's generation to the open pages.
    reloads: broadcast::Sender<u64>,
    /// Listening on loopback only: requests must then name this computer (see `routes`).
    loopback: bool,
}

impl Shared {
    fn preview(&self) -> Arc<Preview> {
        // A poisoned lock only means a handler panicked; the preview it guards is always whole.
        self.preview
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

/// Builds the site at `options.root`, serves it and rebuilds on every change,
/// until the process is stopped (Ctrl+C). Fails only when it cannot start.
pub fn serve(options: &ServeOptions) -> Result<()> {
    let root = options
        .root
        .canonicalize()
        .map_err(Error::io("open the site folder", &options.root))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::io("start the preview server for", &root))?;
    runtime.block_on(run(root, SocketAddr::new(options.bind, options.port)))
}

/// Listens on `address` with room for 1,024 waiting connections: tokio's
/// default of 128 resets connections when a burst of page loads arrives at once.
fn listen(address: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = match address {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(1024)
}

async fn run(root: PathBuf, address: SocketAddr) -> Result<()> {
    let listener = listen(address).map_err(Error::io("listen on", address.to_string()))?;
    let address = listener
        .local_addr()
        .map_err(Error::io("listen on", address.to_string()))?;
    if !address.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}, so other computers on the network can open the preview; use --bind 127.0.0.1 to keep it on this computer",
            address.ip()
        );
    }
    // Pages link to each other relatively; only the 404 page uses base_url, and it must point here.
    let base_url = format!("http://{address}/");
    let mut watch = Watch::start(&root)?;
    // Generations start from the clock so that a page left open across a restart reloads too.
    let first = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| u64::try_from(d.as_millis()).unwrap_or(1));
    let (reloads, _) = broadcast::channel(16);
    let empty = Preview {
        site: Arc::new(Site::default()),
        problems: Vec::new(),
        generation: first,
    };
    let shared = Arc::new(Shared {
        preview: RwLock::new(Arc::new(empty)),
        parsed: Cache::default(),
        reloads,
        loopback: address.ip().is_loopback(),
    });
    rebuild(&root, &base_url, &shared, None);
    println!(
        "serving {} at {base_url} (Ctrl+C stops); pages reload when you save",
        root.display()
    );

    let rebuilder = shared.clone();
    std::thread::spawn(move || {
        while let Some(changed) = watch.next_change() {
            rebuild(&root, &base_url, &rebuilder, Some(&changed));
        }
    });
    axum::serve(listener, routes::router(shared))
        .await
        .map_err(Error::io("serve on", address.to_string()))
}

/// Builds the site, makes it (or its problems) what the preview shows, tells
/// open pages to reload, and prints what happened and how long it took.
fn rebuild(root: &Path, base_url: &str, shared: &Shared, changed: Option<&BTreeSet<PathBuf>>) {
    let started = Instant::now();
    // A bug that panics while building must not end the preview; the panic is printed and the next save tries again.
    let result = std::panic::catch_unwind(|| memory::build(root, Some(base_url), Some(&shared.parsed))).unwrap_or_else(|_| {
        let message = "hyoka stopped with an internal error while building (please report it); the next save tries again";
        Err(Error::Site(vec![Diagnostic::error(root, Default::default(), "", message)]))
    });
    let took = started.elapsed().as_secs_f64() * 1e3;
    let what = match changed {
        Some(files) => format!(
            "rebuilt in {took:.0} ms after a change to {}",
            describe(root, files)
        ),
        None => format!("built in {took:.0} ms"),
    };
    let mut preview = shared
        .preview
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let generation = preview.generation + 1;
    *preview = Arc::new(match result {
        Ok(site) => {
            println!("{what}: {} files", site.files.len());
            Preview {
                site: Arc::new(site),
                problems: Vec::new(),
                generation,
            }
        }
        Err(error) => {
            let problems = problems_of(error);
            for problem in &problems {
                eprintln!("{problem}");
            }
            eprintln!(
                "{what}: {} problem{} found; the browser shows them until the next good save",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
            Preview {
                site: preview.site.clone(),
                problems,
                generation,
            }
        }
    });
    drop(preview);
    // No open page means no receiver, which is fine.
    let _ = shared.reloads.send(generation);
}

/// "content/a.yaml" or "content/a.yaml and 2 more files". Files that are gone
/// again (an editor's or sed's temporary copy) are left out, unless all are gone.
fn describe(root: &Path, files: &BTreeSet<PathBuf>) -> String {
    let existing: Vec<&PathBuf> = files
        .iter()
        .filter(|file| root.join(file).exists())
        .collect();
    let shown = if existing.is_empty() {
        files.iter().collect()
    } else {
        existing
    };
    let first = shown
        .first()
        .map(|file| file.display().to_string())
        .unwrap_or_default();
    match shown.len() {
        0 | 1 => first,
        n => format!(
            "{first} and {} more file{}",
            n - 1,
            if n == 2 { "" } else { "s" }
        ),
    }
}

/// Every problem a failed build reports, as diagnostics to show.
fn problems_of(error: Error) -> Vec<Diagnostic> {
    match error {
        Error::Site(problems) => problems,
        Error::Io {
            action,
            path,
            source,
        } => {
            vec![Diagnostic::error(
                path,
                Default::default(),
                "",
                format!("cannot {action} it: {source}"),
            )]
        }
    }
}
