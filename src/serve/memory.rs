//! Building a site into memory instead of a folder: what `hyoka serve`
//! serves, so it never touches `output/`. (`hyoka check` renders through
//! its own sink, which keeps only the pages' links and ids.)
//!
//! The preview keeps one [`Site`] per generation. A rebuild that re-rendered a
//! few pages makes the next generation from the last one with a [`Patch`]: the
//! files are shared, not copied, so that costs at most a copy of the file list
//! (none when no request holds the last generation, see `serve::rebuild`).

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::build::output::{Sink, WrittenTwice, page_text};
use crate::build::{Job, render_pages, render_site};
use crate::content::Report;
use crate::error::{Error, Result};
use crate::render::Renderer;
use crate::render::context::url;

/// A file's content, shared by every generation of the site that holds it.
pub type Bytes = Arc<[u8]>;
/// A site-relative path (with `/` separators), shared like the content.
pub type SitePath = Arc<str>;

/// A built site: path → file content.
#[derive(Debug, Default, Clone)]
pub struct Site {
    pub files: BTreeMap<SitePath, Bytes>,
}

impl Site {
    /// The file at `path`, if the build produced it.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|bytes| &bytes[..])
    }

    /// Every HTML page as (path, text), checked with [`page_text`]: after
    /// each save the search index reads every page again, and the standard
    /// library's UTF-8 check was a tenth of the preview's work.
    pub fn pages(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .filter_map(|(path, bytes)| Some((&**path, page_text(path, bytes)?)))
    }

    /// Applies `patch`: clears its folders, then writes its files.
    pub fn patch(&mut self, patch: &Patch) {
        let files = &mut self.files;
        for folder in &patch.cleared {
            let stale: Vec<SitePath> = files
                .range::<str, _>((Bound::Included(folder.as_str()), Bound::Unbounded))
                .map(|(path, _)| path)
                .take_while(|path| path.starts_with(folder.as_str()))
                .cloned()
                .collect();
            for path in stale {
                files.remove(&path);
            }
        }
        files.extend(
            patch
                .files
                .iter()
                .map(|(path, bytes)| (path.clone(), bytes.clone())),
        );
    }
}

/// Files to replace in a built site.
#[derive(Debug, Default)]
pub struct Patch {
    /// Folders (ending in `/`) whose old files all go, before [`Patch::files`]
    /// are put in: a measure that no longer has KPIs has no KPI table to download.
    pub cleared: Vec<String>,
    pub files: BTreeMap<SitePath, Bytes>,
}

/// A [`Sink`] collecting files in memory.
#[derive(Default)]
struct MemorySink {
    files: Mutex<BTreeMap<SitePath, Bytes>>,
    /// Files of `static/` at a path hyoka makes.
    twice: WrittenTwice,
}

impl MemorySink {
    /// The files, unless a file of `static/` has the path of one hyoka makes.
    fn into_files(self) -> Result<BTreeMap<SitePath, Bytes>> {
        let problems = self.twice.into_problems();
        if !problems.is_empty() {
            return Err(Error::Site(problems));
        }
        Ok(crate::unlocked(self.files))
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let (site_path, bytes) = (SitePath::from(path), Bytes::from(bytes));
        if crate::locked(&self.files)
            .insert(site_path, bytes)
            .is_some()
        {
            self.twice.note(path);
        }
        Ok(())
    }
}

/// Renders an already loaded report (of the site at `root`) into memory.
pub fn render(report: &Report, root: &Path) -> Result<Site> {
    render_with(report, &compile_templates(root)?, root)
}

/// Compiles the templates of the site at `root`.
pub fn compile_templates(root: &Path) -> Result<Renderer> {
    Renderer::new(root).map_err(|problems| Error::Site(problems.into_sorted()))
}

/// [`render`] with templates compiled already.
pub fn render_with(report: &Report, renderer: &Renderer, root: &Path) -> Result<Site> {
    let sink = MemorySink::default();
    render_site(report, renderer, root, &sink)?;
    Ok(Site {
        files: sink.into_files()?,
    })
}

/// Renders only the pages `jobs` of `report` (a measure's page with its
/// downloads), as a patch of the site built before.
pub fn render_jobs(report: &Report, renderer: &Renderer, jobs: &[Job]) -> Result<Patch> {
    let sink = MemorySink::default();
    render_pages(report, renderer, jobs, &sink)?;
    let measures: Vec<usize> = jobs
        .iter()
        .filter_map(|job| match *job {
            Job::Measure(m) => Some(m),
            _ => None,
        })
        .collect();
    // A measure's folder also holds its downloads, which a full build writes with the whole report's.
    for &m in &measures {
        crate::opendata::write_measure(report, m, &sink)?;
    }
    let cleared = measures
        .iter()
        .map(|&m| url::measure(&report.measures[m].id))
        .collect();
    Ok(Patch {
        cleared,
        files: sink.into_files()?,
    })
}

/// The files made from the whole report or from every page, which
/// [`render_jobs`] leaves out: the open data downloads of the whole report,
/// and, for a site with search, the search index of the pages of `site`.
/// (The search page, `sitemap.xml`, `robots.txt` and the static files
/// change only with a full build.)
pub fn whole_site_files(report: &Report, site: &Site) -> Result<Patch> {
    let sink = MemorySink::default();
    crate::opendata::write_report(report, &sink, crate::opendata::Downloads::WholeReport)?;
    if report.config.data.search {
        let search = crate::search::Interner::new()?;
        for (path, html) in site.pages() {
            search.add_page(path, html)?;
        }
        search.finish()?.write(&sink)?;
    }
    Ok(Patch {
        cleared: Vec::new(),
        files: sink.into_files()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(paths: &[&str]) -> Site {
        Site {
            files: paths
                .iter()
                .map(|&path| (SitePath::from(path), Bytes::from(path.as_bytes())))
                .collect(),
        }
    }

    #[test]
    fn a_patch_replaces_a_cleared_folder_and_shares_the_rest() {
        let before = site(&[
            "index.html",
            "measures/a/index.html",
            "measures/a/kpi.csv",
            "measures/a/measure.json",
            "measures/ab/index.html",
        ]);
        let patch = Patch {
            cleared: vec!["measures/a/".to_string()],
            files: [("measures/a/index.html", "new"), ("index.html", "top")]
                .into_iter()
                .map(|(path, text)| (SitePath::from(path), Bytes::from(text.as_bytes())))
                .collect(),
        };
        let mut after = before.clone();
        after.patch(&patch);
        let paths: Vec<&str> = after.files.keys().map(|path| &**path).collect();
        assert_eq!(
            paths,
            [
                "index.html",
                "measures/a/index.html",
                "measures/ab/index.html"
            ]
        );
        assert_eq!(after.get("measures/a/index.html"), Some(&b"new"[..]));
        assert!(Arc::ptr_eq(
            &before.files["measures/ab/index.html"],
            &after.files["measures/ab/index.html"]
        ));
        assert_eq!(
            before.get("measures/a/index.html"),
            Some(&b"measures/a/index.html"[..]),
            "the previous generation is untouched"
        );
    }
}
