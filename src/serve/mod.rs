//! `hyoka serve`: a preview of the site that rebuilds and reloads the browser
//! on every save.
//!
//! The site is built into memory ([`memory`]) and served from there, so the
//! preview never writes `output/` (the published build) and a request can
//! never reach a file on disk. [`watch`] reports saves; each one rebuilds what
//! changed ([`incremental`]) and tells open pages to reload. The downloads and
//! the search index, made from the whole site, are made again after the
//! reload, on a thread of their own ([`WholeSiteFiles`]). A broken save keeps
//! the last good site but shows its problems ([`findings`]) until the next
//! good save.

mod affected;
pub mod findings;
pub mod incremental;
pub mod memory;
mod routes;
pub mod watch;

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockWriteGuard, mpsc};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::broadcast;

use crate::diagnostic::{Diagnostic, Quotes, Styles};
use crate::error::{Error, Result};
use incremental::{Built, Outcome, Rebuilder};
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
#[derive(Clone)]
struct Preview {
    /// The last site that built without errors (empty until one did).
    site: Arc<Site>,
    /// The page listing the problems of the newest build
    /// ([`findings::error_page`]); while there is one, pages show it instead
    /// of the site.
    problems_page: Option<Arc<str>>,
    /// The panel of the likely mistakes in the last site that built, which
    /// every page shows ([`findings::warnings_panel`]; empty for none).
    warnings_panel: Arc<str>,
    /// Changes with every build, so that a page can tell whether it is out of date.
    generation: u64,
}

/// State shared by the request handlers and the rebuilding thread.
struct Shared {
    preview: RwLock<Arc<Preview>>,
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

    /// Puts `panel` on every page, if it is not there already. The likely
    /// mistakes are looked for once the pages are shown, not to delay them,
    /// so a page that reloaded in between reloads again: a new panel counts
    /// as a build of its own.
    fn show_warnings(&self, panel: &str) {
        let mut preview = self.preview_mut();
        if *preview.warnings_panel == *panel {
            return;
        }
        let generation = preview.generation + 1;
        *preview = Arc::new(Preview {
            warnings_panel: Arc::from(panel),
            generation,
            ..Preview::clone(&preview)
        });
        drop(preview);
        // No open page means no receiver, which is fine.
        let _ = self.reloads.send(generation);
    }

    fn preview_mut(&self) -> RwLockWriteGuard<'_, Arc<Preview>> {
        self.preview
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Builds the site at `options.root`, serves it and rebuilds on every change,
/// until the process is stopped (Ctrl+C). Fails only when it cannot start.
pub fn serve(options: &ServeOptions) -> Result<()> {
    // Mistakes in a site are shown in the browser until the next good save,
    // but a folder that is no site would never become one.
    if let Some(not_a_site) = crate::content::load::not_a_site(&options.root) {
        return Err(Error::Site(vec![not_a_site]));
    }
    let root = dunce::canonicalize(&options.root)
        .map_err(Error::io("open the site folder", &options.root))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::io("start the preview server for", &root))?;
    let address = SocketAddr::new(options.bind, options.port);
    runtime.block_on(run(root, options.root.clone(), address))
}

/// Listens on `address` with room for 1,024 waiting connections: tokio's
/// default of 128 resets connections when a burst of page loads arrives at once.
fn listen(address: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = match address {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    // Lets a restarted preview take its port back at once (Unix). Windows
    // would let it take a port another program is listening on.
    #[cfg(not(windows))]
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(1024)
}

/// Serves the site at `root` (canonical), which messages name as `given`.
async fn run(root: PathBuf, given: PathBuf, address: SocketAddr) -> Result<()> {
    let listener = listen(address)
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AddrInUse => std::io::Error::new(
                error.kind(),
                format!("another program is using port {} (perhaps a preview already running); stop it, or choose another port with --port", address.port()),
            ),
            std::io::ErrorKind::PermissionDenied => std::io::Error::new(
                error.kind(),
                format!("this computer does not let hyoka use port {} (ports below 1024 need administrator rights, and Windows keeps some ranges for itself); choose another port with --port", address.port()),
            ),
            _ => error,
        })
        .map_err(Error::io("listen on", address.to_string()))?;
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
        problems_page: None,
        warnings_panel: Arc::from(""),
        generation: first,
    };
    let shared = Arc::new(Shared {
        preview: RwLock::new(Arc::new(empty)),
        reloads,
        loopback: address.ip().is_loopback(),
    });
    let mut rebuilder = Rebuilder::new(&root, &base_url);
    let later = WholeSiteFiles::start(shared.clone());
    rebuild(&root, &given, &mut rebuilder, &shared, &later, None);
    println!(
        "serving {} at {base_url} (Ctrl+C stops); pages reload when you save",
        crate::display_path(&root)
    );

    let rebuilt = shared.clone();
    std::thread::spawn(move || {
        while let Some(changed) = watch.next_change() {
            rebuild(
                &root,
                &given,
                &mut rebuilder,
                &rebuilt,
                &later,
                Some(&changed),
            );
        }
    });
    serve_connections(listener, routes::router(shared)).await
}

/// How long a client may take to send a request's head. A browser sends it
/// at once; a client that opens connections and never finishes a request
/// would otherwise hold them open for ever (axum's own `serve` gives hyper no
/// clock, so hyper's limit does not apply there).
const REQUEST_HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves each connection `listener` accepts with `router`, as `axum::serve`
/// does, but with [`REQUEST_HEAD_TIMEOUT`].
async fn serve_connections(mut listener: tokio::net::TcpListener, router: axum::Router) -> ! {
    use hyper_util::rt::{TokioIo, TokioTimer};
    loop {
        // Errors such as running out of file descriptors are waited out by axum's `accept`.
        let (stream, _) = axum::serve::Listener::accept(&mut listener).await;
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            // A connection ends with an error when the client goes away or is too slow; nothing to report.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(REQUEST_HEAD_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades()
                .await;
        });
    }
}

/// Rebuilds the site, makes it (or its problems) what the preview shows,
/// tells open pages to reload, and prints what happened and how long it took
/// until the new pages could be seen, then the likely mistakes if they
/// changed. The files of problems and warnings are named from the folder the
/// preview was started in, for the site as `given` (`--root`), as every
/// command names them.
fn rebuild(
    root: &Path,
    given: &Path,
    rebuilder: &mut Rebuilder,
    shared: &Shared,
    later: &WholeSiteFiles,
    changed: Option<&BTreeSet<PathBuf>>,
) {
    let started = Instant::now();
    // A bug that panics while building must not end the preview; the panic is printed and the next save tries again.
    let result = catch_unwind(AssertUnwindSafe(|| rebuilder.rebuild(changed))).unwrap_or_else(|_| {
        let message = "hyoka stopped with an internal error while building (please report it); the next save tries again";
        Err(Error::Site(vec![Diagnostic::error(root, Default::default(), "", message)]))
    });
    let mut quotes = Quotes::new(given).in_styles(Styles::COLOURED);
    // Made before the lock is taken, as it reads the files the problems are in.
    let result = result.map_err(problems_of);
    let problems_page = (result.as_ref().err())
        .map(|problems| Arc::from(findings::error_page(problems, &mut quotes)));
    let mut preview = shared.preview_mut();
    let generation = preview.generation + 1;
    // The site shown next, and what was done (with what to make its whole-site files from) or the problems.
    let (site, shown) = match result {
        Ok(Outcome::Full(site)) => {
            let done = format!("{} files", site.files.len());
            (Arc::new(site), Ok((done, None)))
        }
        Ok(Outcome::Pages {
            patch,
            pages,
            built,
        }) => {
            // In place when no request or background task holds the shown
            // site: copying the file list of a large site costs milliseconds.
            let mut site = match Arc::get_mut(&mut *preview) {
                Some(shown) => std::mem::take(&mut shown.site),
                None => preview.site.clone(),
            };
            Arc::make_mut(&mut site).patch(&patch);
            let done = format!("{} re-rendered", crate::count(pages, "page"));
            (site.clone(), Ok((done, Some((built, site)))))
        }
        Err(problems) => (preview.site.clone(), Err(problems)),
    };
    let next = Preview {
        site,
        problems_page,
        warnings_panel: preview.warnings_panel.clone(),
        generation,
    };
    // Freeing the previous site's file list can wait until the new one is shown.
    let previous = std::mem::replace(&mut *preview, Arc::new(next));
    drop(preview);
    // No open page means no receiver, which is fine.
    let _ = shared.reloads.send(generation);
    let took = started.elapsed().as_secs_f64() * 1e3;
    drop(previous);
    let what = match changed {
        Some(files) => format!(
            "rebuilt in {took:.0} ms after a change to {}",
            describe(root, files)
        ),
        None => format!("built in {took:.0} ms"),
    };
    match shown {
        Ok((done, whole_site)) => {
            println!("{what}: {done}");
            // Only now, so that making them delays no page; a full build made them already.
            match whole_site {
                Some((built, site)) => later.request(built, site),
                None => later.cancel(),
            }
            if let Some((lints, new)) = rebuilder.lints() {
                if new {
                    for lint in &lints {
                        anstream::eprintln!("{}", quotes.show(lint));
                    }
                    match lints.len() {
                        0 => eprintln!("no more warnings"),
                        n => eprintln!(
                            "{} (likely mistakes; the pages show the content all the same)",
                            crate::count(n, "warning")
                        ),
                    }
                }
                // Also when only a quoted line changed, the warnings not.
                shared.show_warnings(&findings::warnings_panel(&lints, &mut quotes));
            }
        }
        Err(problems) => {
            for problem in &problems {
                anstream::eprintln!("{}", quotes.show(problem));
            }
            eprintln!(
                "{what}: {} found; the browser shows them until the next good save",
                crate::count(problems.len(), "problem")
            );
        }
    }
}

/// Makes the whole-site files (the downloads of the whole report and the
/// search index) after a partial rebuild, on a thread of its own so that the
/// next save never waits for it. Until they are made, the previous ones are
/// served; a request that a newer build overtook is dropped, as that build
/// sends its own.
struct WholeSiteFiles {
    requests: mpsc::Sender<Option<(Built, Arc<Site>)>>,
}

impl WholeSiteFiles {
    fn start(shared: Arc<Shared>) -> WholeSiteFiles {
        let (requests, inbox) = mpsc::channel::<Option<(Built, Arc<Site>)>>();
        std::thread::spawn(move || {
            // A pool of one thread: the parallel parts of writing open data
            // must not hold up the threads rendering the next save's pages.
            let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
            while let Ok(mut request) = inbox.recv() {
                while let Ok(newer) = inbox.try_recv() {
                    request = newer;
                }
                let Some((built, site)) = request else {
                    continue;
                };
                let make = || make_whole_site_files(&shared, &built, &site);
                match &pool {
                    Some(pool) => pool.install(make),
                    None => make(),
                }
            }
        });
        WholeSiteFiles { requests }
    }

    /// Makes the whole-site files of `site`, the pages of `built`.
    fn request(&self, built: Built, site: Arc<Site>) {
        // The thread ends only with the process.
        let _ = self.requests.send(Some((built, site)));
    }

    /// Drops a request still waiting: a full build made the files already.
    fn cancel(&self) {
        let _ = self.requests.send(None);
    }
}

/// Adds the whole-site files to `site` if the preview still shows it.
fn make_whole_site_files(shared: &Shared, built: &Built, site: &Arc<Site>) {
    let made = catch_unwind(AssertUnwindSafe(|| built.whole_site_files(site)));
    let patch = match made {
        Ok(Ok(patch)) => patch,
        Ok(Err(error)) => {
            for problem in problems_of(error) {
                eprintln!("{problem}");
            }
            eprintln!(
                "the downloads and the search index could not be made again; the next save tries again"
            );
            return;
        }
        Err(_) => {
            eprintln!(
                "hyoka stopped with an internal error while making the downloads and the search index (please report it); the next save tries again"
            );
            return;
        }
    };
    let mut patched = Site::clone(site);
    patched.patch(&patch);
    let patched = Arc::new(patched);
    let mut preview = shared.preview_mut();
    if Arc::ptr_eq(&preview.site, site) {
        // The same generation: the pages did not change, so open pages need not reload.
        *preview = Arc::new(Preview {
            site: patched,
            ..Preview::clone(&preview)
        });
    }
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
        .map(|file| crate::display_path(file).to_string())
        .unwrap_or_default();
    match shown.len() {
        0 | 1 => first,
        n => format!("{first} and {} more", crate::count(n - 1, "file")),
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
