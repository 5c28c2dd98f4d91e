//! The preview's rebuilds. A save that changes content files reads only
//! those files again and re-renders only the pages showing what changed
//! ([`affected`]); the files made from the whole site (open data of the whole
//! report, the search index) are left to [`Built::whole_site_files`], which
//! the preview runs after the browser reloaded. Anything else (settings,
//! templates, static files, a file added or removed) rebuilds the whole site.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::affected;
use super::memory::{self, Patch, Site};
use crate::build::Job;
use crate::build::{load_content, validate_content};
use crate::content::Report;
use crate::content::load::{Cache, Content, reload_changed};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::render::Renderer;

/// Rebuilds one site after each change, remembering what it needs to
/// rebuild only part of it next time.
pub struct Rebuilder {
    root: PathBuf,
    base_url: String,
    /// Parsed content files, kept between rebuilds.
    parsed: Cache,
    /// The content of the last rebuild, if it succeeded: the next one need
    /// only read the files its save changed.
    content: Option<Content>,
    /// The last report that built without errors, and its templates.
    last: Option<Built>,
    /// A change since the last full build needs another one; kept until one succeeds.
    full_build_due: bool,
    /// The likely mistakes last told ([`Rebuilder::lints`]), as printed.
    lints_told: Vec<String>,
}

/// A report that built, with the templates it was rendered with.
pub struct Built {
    pub report: Arc<Report>,
    pub renderer: Arc<Renderer>,
}

impl Built {
    /// What [`Outcome::Pages`] left out, for `site` (its pages are indexed for search).
    pub fn whole_site_files(&self, site: &Site) -> Result<Patch> {
        memory::whole_site_files(&self.report, site)
    }
}

/// What a rebuild produced.
pub enum Outcome {
    /// The whole site.
    Full(Site),
    /// Only the pages that changed (`pages` of them). The files made from the
    /// whole site are those of the previous build until [`Built::whole_site_files`]
    /// of `built` replaces them.
    Pages {
        patch: Patch,
        pages: usize,
        built: Built,
    },
}

impl Rebuilder {
    /// For the site at `root`, served at `base_url` (which replaces the one in `hyoka.yaml`).
    pub fn new(root: &Path, base_url: &str) -> Rebuilder {
        Rebuilder {
            root: root.to_path_buf(),
            base_url: base_url.to_string(),
            parsed: Cache::default(),
            content: None,
            last: None,
            full_build_due: false,
            lints_told: Vec::new(),
        }
    }

    /// The likely mistakes in the last report that built (the warnings
    /// `hyoka build` and `hyoka check` give, sorted), and whether they are
    /// new, not those this told last time: a preview tells them in its
    /// terminal after the save that makes or mends them, not after every save.
    pub fn lints(&mut self) -> Option<(Vec<Diagnostic>, bool)> {
        let report = &self.last.as_ref()?.report;
        let lints = crate::check::lint::sorted(report, &self.root);
        let told: Vec<String> = lints.iter().map(Diagnostic::to_string).collect();
        let new = told != self.lints_told;
        self.lints_told = told;
        Some((lints, new))
    }

    /// Builds the site again after `changed` files (relative to the root)
    /// changed; None builds the whole site. `changed` must name every file
    /// changed since the last rebuild, as the watcher reports them: only
    /// those are read again (after a failed rebuild, every file is checked).
    pub fn rebuild(&mut self, changed: Option<&BTreeSet<PathBuf>>) -> Result<Outcome> {
        if changed.is_none_or(affected::needs_full_build) {
            self.full_build_due = true;
        }
        let reloaded = match (self.content.take(), changed) {
            (Some(content), Some(changed)) => {
                reload_changed(&self.root, content, changed, &self.parsed)
            }
            _ => None,
        };
        let (content, problems) = match reloaded {
            Some(content) => (content, Default::default()),
            None => load_content(&self.root, Some(&self.parsed))?,
        };
        let kept = problems.is_empty().then(|| content.clone());
        let report = Arc::new(validate_content(
            &self.root,
            content,
            problems,
            Some(&self.base_url),
        )?);
        let partial = match &self.last {
            Some(last) if !self.full_build_due => {
                affected::jobs(&last.report, &report).map(|jobs| (jobs, last.renderer.clone()))
            }
            _ => None,
        };
        let (outcome, renderer) = match partial {
            Some((jobs, renderer)) => {
                // The biggest pages first (at N = 1,000 the site map takes 19 ms,
                // the top page 6, the project list 5, the department list 2, any
                // other page under 1), so that no thread is left with one at the end.
                let mut jobs: Vec<Job> = jobs.into_iter().collect();
                jobs.sort_by_key(|job| match job {
                    Job::SiteMap => 0,
                    Job::Index => 1,
                    Job::Projects => 2,
                    Job::Departments => 3,
                    _ => 4,
                });
                let patch = memory::render_jobs(&report, &renderer, &jobs)?;
                let built = Built {
                    report: report.clone(),
                    renderer: renderer.clone(),
                };
                let pages = jobs.len();
                (
                    Outcome::Pages {
                        patch,
                        pages,
                        built,
                    },
                    renderer,
                )
            }
            None => {
                let renderer = Arc::new(memory::compile_templates(&self.root)?);
                let site = memory::render_with(&report, &renderer, &self.root)?;
                self.full_build_due = false;
                (Outcome::Full(site), renderer)
            }
        };
        self.content = kept;
        // Freeing the previous report (thousands of strings) need not delay the new pages.
        let previous = self.last.replace(Built { report, renderer });
        rayon::spawn(move || drop(previous));
        Ok(outcome)
    }
}
