//! The site build: content → validation → rendering → output, each timed.

pub mod output;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::content::Report;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::render::context::{PageBuilder, url};
use crate::render::{DEFAULT_STATIC, Renderer, SITE_STATIC_DIR};
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
    pub stages: Vec<(&'static str, Duration)>,
    pub elapsed: Duration,
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
    let mut timed = |name: &'static str, since: Instant| {
        stages.push((name, since.elapsed()));
        Instant::now()
    };
    refuse_dangerous_output(&options.root, &options.output)?;
    let t = Instant::now();
    let report = load_report(&options.root, options.base_url.as_deref())?;
    let t = timed("load and validate", t);
    let renderer = Renderer::new(&options.root).map_err(site_error)?;
    let t = timed("templates", t);
    let staging = Staging::new(&options.output)?;
    let written = render_site(&report, &renderer, &options.root, &staging)?;
    let t = timed("render and write", t);
    staging.commit()?;
    timed("replace output", t);
    Ok(BuildSummary {
        pages: written.pages,
        charts: written.charts,
        files: written.files,
        bytes: written.bytes,
        stages,
        elapsed: started.elapsed(),
    })
}

/// Loads and validates the site's content.
pub fn load_report(root: &Path, base_url: Option<&str>) -> Result<Report> {
    let content = crate::content::load(root).map_err(site_error)?;
    let mut report = crate::validate::validate(content).map_err(site_error)?;
    if let Some(base_url) = base_url {
        report.config.data.base_url = base_url.to_string();
    }
    Ok(report)
}

fn site_error(problems: Diagnostics) -> Error {
    Error::Site(problems.into_sorted())
}

/// One file of the site to produce.
enum Job {
    Index,
    Field(usize),
    Measure(usize),
    Projects,
    Project(usize),
    Departments,
    Department(usize),
    NotFound,
}

/// Renders every page, chart and static file of `report` into `sink`.
pub fn render_site(report: &Report, renderer: &Renderer, root: &Path, sink: &dyn Sink) -> Result<Written> {
    let mut jobs = vec![Job::Index, Job::Projects, Job::Departments, Job::NotFound];
    jobs.extend((0..report.fields.len()).map(Job::Field));
    jobs.extend((0..report.measures.len()).map(Job::Measure));
    jobs.extend((0..report.projects.len()).map(Job::Project));
    jobs.extend((0..report.departments.len()).map(Job::Department));

    let results: Vec<Result<Written, Error>> = jobs.par_iter().map(|job| render_job(report, renderer, job, sink)).collect();
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
    Ok(written + copy_static(root, sink)?)
}

fn render_job(report: &Report, renderer: &Renderer, job: &Job, sink: &dyn Sink) -> Result<Written> {
    let page = |depth| PageBuilder::new(report, depth);
    let (path, html, charts) = match *job {
        Job::Index => ("index.html".to_string(), renderer.render("index.html", &page(0).index()), Vec::new()),
        Job::Field(f) => (format!("{}index.html", url::field(&report.fields[f].id)), renderer.render("field.html", &page(2).field(f)), Vec::new()),
        Job::Measure(m) => {
            let context = page(2).measure(m);
            let folder = url::measure(&report.measures[m].id);
            let charts = context
                .major_items
                .iter()
                .flat_map(|major| major.kpis.iter().map(|kpi| (format!("{folder}{}", kpi.chart_file), kpi.chart_svg.clone())))
                .collect();
            (format!("{folder}index.html"), renderer.render("measure.html", &context), charts)
        }
        Job::Projects => ("projects/index.html".to_string(), renderer.render("projects.html", &page(1).projects()), Vec::new()),
        Job::Project(p) => (format!("{}index.html", url::project(&report.projects[p].id)), renderer.render("project.html", &page(2).project(p)), Vec::new()),
        Job::Departments => ("departments/index.html".to_string(), renderer.render("departments.html", &page(1).departments()), Vec::new()),
        Job::Department(d) => (
            format!("{}index.html", url::department(&report.departments[d].id.value)),
            renderer.render("department.html", &page(2).department(d)),
            Vec::new(),
        ),
        Job::NotFound => {
            // Served for any missing address, so its links start from the site's own path.
            let builder = PageBuilder::with_root(report, site_path(&report.config.data.base_url));
            ("404.html".to_string(), renderer.render("404.html", &builder.not_found()), Vec::new())
        }
    };
    let html = html.map_err(|problem: Diagnostic| Error::Site(vec![problem]))?;
    sink.put(&path, html.as_bytes())?;
    let mut written = Written { pages: 1, charts: 0, files: 1, bytes: html.len() as u64 };
    for (chart_path, svg) in &charts {
        sink.put(chart_path, svg.as_bytes())?;
        written = written + Written { pages: 0, charts: 1, files: 1, bytes: svg.len() as u64 };
    }
    Ok(written)
}

/// The path part of the base URL, always ending in `/`: "https://x.jp/hyoka/r5" → "/hyoka/r5/".
pub fn site_path(base_url: &str) -> String {
    let without_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let path = if base_url.contains("://") { without_scheme.find('/').map_or("/", |i| &without_scheme[i..]) } else { without_scheme };
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
    if !path.ends_with('/') {
        path.push('/');
    }
    path
}

/// Copies the theme's static files, then the site's `static/` folder (which may replace them).
fn copy_static(root: &Path, sink: &dyn Sink) -> Result<Written> {
    let mut written = Written::default();
    let site_static = root.join(SITE_STATIC_DIR);
    let mut site_files: Vec<(String, PathBuf)> = walkdir::WalkDir::new(&site_static)
        .into_iter()
        .filter_map(std::result::Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let relative = entry.path().strip_prefix(&site_static).ok()?.to_string_lossy().replace('\\', "/");
            Some((relative, entry.path().to_path_buf()))
        })
        .collect();
    site_files.sort();
    for (path, content) in DEFAULT_STATIC {
        if !site_files.iter().any(|(own, _)| own == path) {
            sink.put(path, content.as_bytes())?;
            written = written + Written { files: 1, bytes: content.len() as u64, ..Written::default() };
        }
    }
    for (path, file) in site_files {
        let bytes = std::fs::read(&file).map_err(Error::io("read", &file))?;
        sink.put(&path, &bytes)?;
        written = written + Written { files: 1, bytes: bytes.len() as u64, ..Written::default() };
    }
    Ok(written)
}

/// Refuses an output folder that would replace the site itself or a folder holding it.
fn refuse_dangerous_output(root: &Path, output: &Path) -> Result<()> {
    let absolute = |path: &Path| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let (root, output_abs) = (absolute(root), absolute(output));
    let root = root.canonicalize().unwrap_or(root);
    let output_abs = output_abs.canonicalize().unwrap_or(output_abs);
    if root.starts_with(&output_abs) {
        return Err(Error::Site(vec![Diagnostic::error(
            output,
            Default::default(),
            "--output",
            "the output folder holds the site's own files and would be replaced; choose a separate folder such as output/",
        )]));
    }
    Ok(())
}
