//! The site build: content → validation → rendering → output, each timed.
//!
//! Pages are rendered and written in parallel (one job per page); the
//! downloads (open data, sitemap, static files) are written by one more task
//! alongside them. `hyoka build --verbose` prints the wall time of each stage
//! and, for the parallel stage, the time its activities took summed over the
//! threads (charts, page data, templates, writing, downloads), so the next
//! bottleneck is plain to see. `docs/performance.md` has the figures.

pub mod output;

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::content::Report;
use crate::content::load::Content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::render::context::{PageBuilder, url};
use crate::render::{DEFAULT_STATIC, Html, Renderer, SEARCH_SCRIPT, SITE_STATIC_DIR};
use output::{Sink, Staging};

/// What `hyoka build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `hyoka.yaml`).
    pub root: PathBuf,
    /// Where the site is written; replaced as a whole when the build succeeds.
    pub output: PathBuf,
    /// Overrides `base_url` of `hyoka.yaml`.
    pub base_url: Option<String>,
}

/// What a build produced and how long each stage took.
#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    pub pages: usize,
    pub charts: usize,
    pub files: usize,
    pub bytes: u64,
    /// Wall time of each stage in order; entries indented by two spaces break
    /// the stage above them down into activities, each summed over the threads
    /// that did it (so on n cores they may add up to n times the stage).
    pub stages: Vec<(&'static str, Duration)>,
    pub elapsed: Duration,
    /// Advice on what was built, which did not stop the build.
    pub warnings: Vec<String>,
    /// Likely mistakes in the content, which did not stop the build either
    /// (the warnings of `hyoka check`, [`crate::check::lint`]), sorted by
    /// file and position.
    pub lints: Vec<Diagnostic>,
}

/// Counts of what [`render_site`] wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    pub pages: usize,
    pub charts: usize,
    pub files: usize,
    pub bytes: u64,
}

impl std::ops::Add for Written {
    type Output = Written;
    fn add(self, other: Written) -> Written {
        Written {
            pages: self.pages + other.pages,
            charts: self.charts + other.charts,
            files: self.files + other.files,
            bytes: self.bytes + other.bytes,
        }
    }
}

/// Builds the site at `options.root` into `options.output`.
pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    let mut stages = Vec::new();
    let timed = |stages: &mut Vec<_>, name: &'static str, since: Instant| {
        stages.push((name, since.elapsed()));
        Instant::now()
    };
    refuse_dangerous_output(&options.root, &options.output)?;
    let t = Instant::now();
    let (content, problems) = load_content(&options.root, None)?;
    let t = timed(&mut stages, "load (read YAML)", t);
    let report = validate_content(
        &options.root,
        content,
        problems,
        options.base_url.as_deref(),
    )?;
    let t = timed(&mut stages, "validate", t);
    // Told at every build, not only by `hyoka check`: a text cut short by a
    // ` #` is published without its end, and an officer who only builds
    // would never hear of it.
    let lints = crate::check::lint::sorted(&report, &options.root);
    let t = timed(&mut stages, "likely mistakes", t);
    let renderer = Renderer::new(&options.root).map_err(site_error)?;
    let t = timed(&mut stages, "templates", t);
    let staging = Staging::new(&options.output)?;
    let rendered = render_site_timed(&report, &renderer, &options.root, &staging)?;
    let t = timed(&mut stages, "render and write", t);
    stages.extend(rendered.activities);
    // The search index needs nothing of the report, so the report is freed
    // before the index's text is read back from its scratch file: the text
    // then takes memory the report held instead of adding to it (at
    // N = 10,000 the report is ~350 MB, the text 77 MB). Meanwhile another
    // thread puts the index's pages in order, which takes little memory.
    let search = rendered.search;
    let (ordered, ()) = rayon::join(
        move || search.map(crate::search::Collected::order),
        move || drop(report),
    );
    let t = timed(&mut stages, "free report, order index", t);
    let index = ordered.map(|ordered| ordered.write(&staging)).transpose()?;
    let warnings = (index.iter())
        .filter_map(|index| large_search_index(index.bytes))
        .collect();
    let written = rendered.written + index.unwrap_or_default();
    let t = timed(&mut stages, "search index", t);
    staging.commit()?;
    timed(&mut stages, "replace output", t);
    Ok(BuildSummary {
        pages: written.pages,
        charts: written.charts,
        files: written.files,
        bytes: written.bytes,
        stages,
        elapsed: started.elapsed(),
        warnings,
        lints,
    })
}

/// From this size on (≈ 2.6 MB compressed, the index of some 1,400 measures)
/// the one-file search index is too much for a phone's search page.
const LARGE_SEARCH_INDEX: u64 = 20_000_000;

/// The advice for a search index of `bytes`, if it is too large.
fn large_search_index(bytes: u64) -> Option<String> {
    (bytes >= LARGE_SEARCH_INDEX).then(|| {
        format!(
            "{} is {:.1} MB, and every visitor of the search page downloads it whole: too much for phones; `search: false` in hyoka.yaml leaves the search out (docs/search.md)",
            crate::search::INDEX,
            bytes as f64 / 1e6
        )
    })
}

/// Loads and validates the site's content.
pub fn load_report(root: &Path, base_url: Option<&str>) -> Result<Report> {
    load_report_cached(root, base_url, None)
}

/// [`load_report`], parsing only the files that changed since `cache` saw them
/// (the preview's rebuilds).
pub fn load_report_cached(
    root: &Path,
    base_url: Option<&str>,
    cache: Option<&crate::content::load::Cache>,
) -> Result<Report> {
    let (content, problems) = load_content(root, cache)?;
    validate_content(root, content, problems, base_url)
}

/// Parses every content file (in parallel), reusing what `cache` holds of
/// unchanged files; also returns the problems of files that failed. The
/// preview calls this and [`validate_content`] itself, keeping the loaded
/// content between rebuilds.
pub fn load_content(
    root: &Path,
    cache: Option<&crate::content::load::Cache>,
) -> Result<(Content, Diagnostics)> {
    crate::content::load::load_partial_cached(root, cache).map_err(site_error)
}

/// Cross-checks parsed content into a [`Report`], reporting its problems with the parse problems.
pub fn validate_content(
    root: &Path,
    content: Content,
    mut problems: Diagnostics,
    base_url: Option<&str>,
) -> Result<Report> {
    if let Some(problem) = base_url.and_then(crate::content::model::base_url_problem) {
        problems.push(Diagnostic::error(
            "--base-url",
            Default::default(),
            "",
            problem,
        ));
    }
    // Validate even when some files failed to parse, so one run lists everything.
    let mut report = match crate::validate::validate(content) {
        Ok(report) if problems.is_empty() => report,
        Ok(_) => return Err(site_error(problems)),
        Err(mut found) => {
            // Validation names some fields only by their path: found in the files now, when there are problems.
            crate::check::locate::place(root, found.iter_mut());
            problems.extend(found);
            return Err(site_error(problems));
        }
    };
    if let Some(base_url) = base_url {
        std::sync::Arc::make_mut(&mut report.config.data).base_url = base_url.to_string();
    }
    Ok(report)
}

fn site_error(problems: Diagnostics) -> Error {
    Error::Site(problems.into_sorted())
}

/// One page of the site to produce (a measure's page shows its charts inline;
/// the preview writes the measure's downloads with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    Index,
    Field(usize),
    Measure(usize),
    Projects,
    Project(usize),
    Departments,
    Department(usize),
    SiteMap,
    /// What each download holds; shows the settings only, like [`Job::NotFound`].
    OpenData,
    NotFound,
    /// Shows the settings only, like [`Job::NotFound`]; its results are
    /// found in the browser, in `search/pages.js`.
    Search,
}

/// Every page of `report`, the largest first, so that no big page is left for
/// the end while the other threads idle.
pub fn all_jobs(report: &Report) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..report.departments.len()).map(Job::Department).collect();
    jobs.extend([
        Job::Index,
        Job::SiteMap,
        Job::Projects,
        Job::Departments,
        Job::OpenData,
        Job::NotFound,
    ]);
    if report.config.data.search {
        jobs.push(Job::Search);
    }
    jobs.extend((0..report.measures.len()).map(Job::Measure));
    jobs.extend((0..report.fields.len()).map(Job::Field));
    jobs.extend((0..report.projects.len()).map(Job::Project));
    jobs
}

/// Renders only the pages `jobs` of `report` into `sink`, in parallel: what a
/// preview needs after an edit that touched a few pages (no downloads, no search).
pub fn render_pages(
    report: &Report,
    renderer: &Renderer,
    jobs: &[Job],
    sink: &dyn Sink,
) -> Result<Written> {
    collect_written(render_each(
        report,
        renderer,
        jobs,
        sink,
        &Clocks::default(),
    ))
}

/// Renders `jobs` in parallel, keeping each one's result.
fn render_each(
    report: &Report,
    renderer: &Renderer,
    jobs: &[Job],
    sink: &dyn Sink,
    clocks: &Clocks,
) -> Vec<Result<Written>> {
    jobs.par_iter()
        .map(|job| render_job(report, renderer, job, sink, clocks))
        .collect()
}

/// Sums what the jobs wrote, or gathers the problems of those that failed.
fn collect_written(results: Vec<Result<Written>>) -> Result<Written> {
    let mut problems = Vec::new();
    let mut written = Written::default();
    for result in results {
        match result {
            Ok(counts) => written = written + counts,
            Err(Error::Site(found)) => problems.extend(found),
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        problems.sort();
        problems.dedup();
        return Err(Error::Site(problems));
    }
    Ok(written)
}

/// Renders every page and static file of `report` into `sink`.
pub fn render_site(
    report: &Report,
    renderer: &Renderer,
    root: &Path,
    sink: &dyn Sink,
) -> Result<Written> {
    let rendered = render_site_timed(report, renderer, root, sink)?;
    let index = match rendered.search {
        Some(search) => search.write(sink)?,
        // Its place, so that the search page's link to it and a file of
        // `static/` at its path are checked.
        None if report.config.data.search => {
            sink.put(crate::search::INDEX, b"")?;
            Written::default()
        }
        None => Written::default(),
    };
    Ok(rendered.written + index)
}

/// Time spent on each activity of the rendering stage, summed over threads.
#[derive(Default)]
struct Clocks {
    /// Building page contexts, charts included (the chart module times those).
    context: AtomicU64,
    /// Tera: turning the context into a template value and rendering it.
    render: AtomicU64,
    /// Handing pages to the sink: the search collector, then the files.
    write: AtomicU64,
    /// Of `write`, the time spent writing the files themselves.
    files: AtomicU64,
    /// Open data, sitemap, robots.txt and static files.
    downloads: AtomicU64,
}

impl Clocks {
    /// Adds the time since `since` to `counter`; returns now, to time the next activity from.
    fn lap(counter: &AtomicU64, since: Instant) -> Instant {
        let now = Instant::now();
        counter.fetch_add(
            u64::try_from((now - since).as_nanos()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        now
    }

    fn read(counter: &AtomicU64) -> Duration {
        Duration::from_nanos(counter.load(Ordering::Relaxed))
    }

    /// Ends the writing of a page (begun at `since`, when this thread had spent
    /// `files_before` in file writes): adds to both `write` and `files`.
    fn wrote(&self, since: Instant, files_before: u64) {
        Clocks::lap(&self.write, since);
        let files = WRITING.with(Cell::get).saturating_sub(files_before);
        self.files.fetch_add(files, Ordering::Relaxed);
    }
}

thread_local! {
    /// Nanoseconds this thread spent in [`TimedSink::put`].
    static WRITING: Cell<u64> = const { Cell::new(0) };
}

/// The sink below the search collector, timed per thread, so that `--verbose`
/// tells writing files from indexing their text.
struct TimedSink<'a>(&'a dyn Sink);

impl TimedSink<'_> {
    fn timed<T>(put: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = put();
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        WRITING.with(|total| total.set(total.get().saturating_add(nanos)));
        result
    }
}

impl Sink for TimedSink<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        Self::timed(|| self.0.put(path, bytes))
    }

    fn put_page(&self, path: &str, html: &str) -> Result<()> {
        Self::timed(|| self.0.put_page(path, html))
    }

    fn put_streamed(&self, path: &str, write: &mut output::StreamWriter) -> Result<u64> {
        Self::timed(|| self.0.put_streamed(path, write))
    }
}

/// What [`render_site_timed`] did.
struct Rendered {
    written: Written,
    /// How long each activity took, summed over threads.
    activities: Vec<(&'static str, Duration)>,
    /// The pages' text, for the caller to write the search index from once
    /// it has freed what it can; `None` for a site without search.
    search: Option<crate::search::Collected>,
}

/// [`render_site`] but for the search index, also timing the activities.
fn render_site_timed(
    report: &Report,
    renderer: &Renderer,
    root: &Path,
    sink: &dyn Sink,
) -> Result<Rendered> {
    // For a site with search, every page passes through the collector, which
    // takes their text for the search index.
    let timed = TimedSink(sink);
    let has_search = report.config.data.search;
    let collector = (has_search && sink.wants_search_index())
        .then(|| crate::search::Collector::new(&timed))
        .transpose()?;
    let sink: &dyn Sink = match &collector {
        Some(collector) => collector,
        None => &timed,
    };
    let jobs = all_jobs(report);

    let clocks = Clocks::default();
    let charts_before = crate::chart::drawing_time();
    // The downloads are written by one task while the pages are rendered by all threads.
    let (results, downloads) = rayon::join(
        || render_each(report, renderer, &jobs, sink, &clocks),
        || {
            let started = Instant::now();
            let written = copy_static(root, sink, has_search)
                .and_then(|files| Ok(files + write_data(report, sink)?));
            Clocks::lap(&clocks.downloads, started);
            written
        },
    );
    let charts = crate::chart::drawing_time().saturating_sub(charts_before);

    let written = collect_written(results)? + downloads?;
    let search = collector
        .map(crate::search::Collector::finish)
        .transpose()?;
    let activities = vec![
        ("  charts", charts),
        // Charts are drawn while the measure pages' contexts are built.
        (
            "  other page data",
            Clocks::read(&clocks.context).saturating_sub(charts),
        ),
        ("  templates (tera)", Clocks::read(&clocks.render)),
        (
            "  search text",
            Clocks::read(&clocks.write).saturating_sub(Clocks::read(&clocks.files)),
        ),
        ("  write pages", Clocks::read(&clocks.files)),
        ("  downloads", Clocks::read(&clocks.downloads)),
    ];
    Ok(Rendered {
        written,
        activities,
        search,
    })
}

/// The whole report's open data downloads, sitemap.xml and robots.txt.
fn write_data(report: &Report, sink: &dyn Sink) -> Result<Written> {
    let (files, bytes) =
        crate::opendata::write_report(report, sink, crate::opendata::Downloads::All)?;
    let mut written = Written {
        files,
        bytes,
        ..Written::default()
    };
    let robots = crate::render::sitemap::robots_txt(report);
    sink.put("robots.txt", robots.as_bytes())?;
    written = written
        + Written {
            files: 1,
            bytes: robots.len() as u64,
            ..Written::default()
        };
    if let Some(xml) = crate::render::sitemap::sitemap_xml(report) {
        sink.put("sitemap.xml", xml.as_bytes())?;
        written = written
            + Written {
                files: 1,
                bytes: xml.len() as u64,
                ..Written::default()
            };
    }
    Ok(written)
}

/// Builds a page's context, then renders it, timing both.
fn render_page<C: serde::Serialize>(
    renderer: &Renderer,
    clocks: &Clocks,
    template: &str,
    context: impl FnOnce() -> C,
) -> Result<(C, Html)> {
    let started = Instant::now();
    let context = context();
    let built = Clocks::lap(&clocks.context, started);
    let html = renderer.render(template, &context);
    Clocks::lap(&clocks.render, built);
    html.map(|html| (context, html))
        .map_err(|problem: Diagnostic| Error::Site(vec![problem]))
}

fn render_job(
    report: &Report,
    renderer: &Renderer,
    job: &Job,
    sink: &dyn Sink,
    clocks: &Clocks,
) -> Result<Written> {
    let page = |depth| PageBuilder::new(report, depth);
    // A measure page shows its KPIs' charts inline.
    let mut charts = 0;
    let (path, html) = match *job {
        Job::Index => (
            "index.html".to_string(),
            render_page(renderer, clocks, "index.html", || page(0).index())?.1,
        ),
        Job::Field(f) => (
            format!("{}index.html", url::field(&report.fields[f].id)),
            render_page(renderer, clocks, "field.html", || page(2).field(f))?.1,
        ),
        Job::Measure(m) => {
            let (context, html) =
                render_page(renderer, clocks, "measure.html", || page(2).measure(m))?;
            charts = context
                .major_items
                .iter()
                .map(|major| major.kpis.len())
                .sum();
            (
                format!("{}index.html", url::measure(&report.measures[m].id)),
                html,
            )
        }
        Job::Projects => (
            "projects/index.html".to_string(),
            render_page(renderer, clocks, "projects.html", || page(1).projects())?.1,
        ),
        Job::Project(p) => (
            format!("{}index.html", url::project(&report.projects[p].id)),
            render_page(renderer, clocks, "project.html", || page(2).project(p))?.1,
        ),
        Job::Departments => (
            "departments/index.html".to_string(),
            render_page(renderer, clocks, "departments.html", || {
                page(1).departments()
            })?
            .1,
        ),
        Job::Department(d) => (
            format!(
                "{}index.html",
                url::department(&report.departments[d].id.value)
            ),
            render_page(renderer, clocks, "department.html", || {
                page(2).department(d)
            })?
            .1,
        ),
        Job::SiteMap => (
            "sitemap/index.html".to_string(),
            render_page(renderer, clocks, "sitemap.html", || page(1).site_map())?.1,
        ),
        Job::OpenData => (
            format!("{}/index.html", crate::opendata::DATA_DIR),
            render_page(renderer, clocks, "opendata.html", || page(1).open_data())?.1,
        ),
        Job::Search => (
            crate::search::PAGE.to_string(),
            render_page(renderer, clocks, "search.html", || page(1).search())?.1,
        ),
        Job::NotFound => {
            // Served for any missing address, so its links start from the site's own path.
            let builder = PageBuilder::with_root(report, site_path(&report.config.data.base_url));
            (
                "404.html".to_string(),
                render_page(renderer, clocks, "404.html", || builder.not_found())?.1,
            )
        }
    };
    let (started, files_before) = (Instant::now(), WRITING.with(Cell::get));
    let html = html.text();
    sink.put_page(&path, &html)?;
    clocks.wrote(started, files_before);
    Ok(Written {
        pages: 1,
        charts,
        files: 1,
        bytes: html.len() as u64,
    })
}

/// The path part of the base URL, always ending in `/`: "https://x.jp/hyoka/r5" → "/hyoka/r5/".
pub fn site_path(base_url: &str) -> String {
    let without_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = if base_url.contains("://") {
        without_scheme
            .find('/')
            .map_or("/", |i| &without_scheme[i..])
    } else {
        without_scheme
    };
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    if !path.ends_with('/') {
        path.push('/');
    }
    path
}

/// Copies the theme's static files (its search script only for a site with
/// `search`), then the site's `static/` folder (which may replace them).
fn copy_static(root: &Path, sink: &dyn Sink, search: bool) -> Result<Written> {
    let mut written = Written::default();
    let site_static = root.join(SITE_STATIC_DIR);
    // Links leading outside the site are refused, so no file from elsewhere is published.
    let (files, outside) = crate::content::walk::site_files(root, &site_static);
    if !outside.is_empty() {
        return Err(Error::Site(outside));
    }
    let site_files: Vec<(String, PathBuf)> = files
        .into_iter()
        .filter_map(|file| {
            let relative = crate::slashed(file.strip_prefix(&site_static).ok()?).into_owned();
            Some((relative, file))
        })
        .collect();
    for (path, content) in DEFAULT_STATIC {
        if (search || *path != SEARCH_SCRIPT) && !site_files.iter().any(|(own, _)| own == path) {
            sink.put(path, content.as_bytes())?;
            written = written
                + Written {
                    files: 1,
                    bytes: content.len() as u64,
                    ..Written::default()
                };
        }
    }
    for (path, file) in site_files {
        let bytes = std::fs::read(&file).map_err(Error::io("read", &file))?;
        sink.put(&path, &bytes)?;
        written = written
            + Written {
                files: 1,
                bytes: bytes.len() as u64,
                ..Written::default()
            };
    }
    Ok(written)
}

/// The site's own folders, besides `hyoka.yaml`: what they hold changes what
/// is built (`themes/` is the default theme's source in hyoka's own repository).
pub const SITE_DIRS: [&str; 4] = [
    crate::content::load::CONTENT_DIR,
    crate::render::SITE_TEMPLATES_DIR,
    SITE_STATIC_DIR,
    "themes",
];

/// Refuses an output whose replacement would delete what is not a previous
/// build: the site or a folder holding it, one of the site's own folders
/// ([`SITE_DIRS`]) or a folder in one, or a folder of other files. (A file
/// there is refused by [`Staging::new`].)
fn refuse_dangerous_output(root: &Path, output: &Path) -> Result<()> {
    let (site, target) = (resolved(root), resolved(output));
    let separate = "choose a separate folder such as output/";
    let problem = if site.starts_with(&target) {
        format!("the output folder holds the site's own files and would be replaced; {separate}")
    } else if let Some(dir) = SITE_DIRS
        .iter()
        .find(|dir| target.starts_with(site.join(dir)))
    {
        format!(
            "the output folder is the site's {dir}/ folder or inside it, where the built site would mix with or replace the files it is built from; {separate}"
        )
    } else if !empty_or_built(&target) {
        format!(
            "the output folder holds files that hyoka did not build (it has no {}), which the site would replace; choose a new or empty folder, or delete this one first",
            crate::opendata::SCHEMA_PATH
        )
    } else if let added = added_by_hand(&target)
        && !added.is_empty()
    {
        const NAMED: usize = 5;
        let mut named = added[..added.len().min(NAMED)].join(", ");
        if added.len() > NAMED {
            named.push_str(&format!(" and {} more", added.len() - NAMED));
        }
        format!(
            "the output folder holds files that the last build did not write, which replacing it would delete: {named}; put files the site needs in static/ (copied into every build), and move or delete the others"
        )
    } else {
        return Ok(());
    };
    Err(Error::Site(vec![Diagnostic::error(
        output,
        Default::default(),
        "--output",
        problem,
    )]))
}

/// `path` made absolute, through links and `..` as far as it exists.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    loop {
        if let Ok(real) = dunce::canonicalize(existing) {
            return match absolute.strip_prefix(existing) {
                Ok(rest) if !rest.as_os_str().is_empty() => real.join(rest),
                _ => real,
            };
        }
        match existing.parent() {
            Some(parent) => existing = parent,
            None => return absolute,
        }
    }
}

/// Whether the folder `path` is missing, empty or a previous build (which
/// always has the open data's schema).
fn empty_or_built(path: &Path) -> bool {
    crate::empty_or_missing(path) || path.join(crate::opendata::SCHEMA_PATH).is_file()
}

/// Files in the previous build at `path` that its [`output::MANIFEST`] does
/// not list, put there by hand, in file name order. None for an output built
/// before hyoka wrote the list.
fn added_by_hand(path: &Path) -> Vec<String> {
    let Ok(manifest) = std::fs::read_to_string(path.join(output::MANIFEST)) else {
        return Vec::new();
    };
    let listed: std::collections::HashSet<&str> = manifest.lines().collect();
    walkdir::WalkDir::new(path)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|entry| entry.ok().filter(|entry| !entry.file_type().is_dir()))
        .filter_map(|entry| {
            let relative = entry.path().strip_prefix(path).ok()?;
            let parts: Vec<_> = relative.iter().map(|part| part.to_string_lossy()).collect();
            Some(parts.join("/"))
        })
        .filter(|file| file != output::MANIFEST && !listed.contains(file.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_search_index_too_large_for_phones_gets_advice() {
        assert_eq!(large_search_index(19_999_999), None);
        assert_eq!(
            large_search_index(108_420_166).as_deref(),
            Some(
                "search/pages.js is 108.4 MB, and every visitor of the search page downloads it whole: too much for phones; `search: false` in hyoka.yaml leaves the search out (docs/search.md)"
            )
        );
    }
}
