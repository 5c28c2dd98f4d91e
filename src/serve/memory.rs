//! Building a site into memory instead of a folder: what `hyoka serve`
//! serves and what `hyoka check` inspects, so neither touches `output/`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use crate::build::output::Sink;
use crate::build::{load_report_cached, render_site};
use crate::content::Report;
use crate::content::load::Cache;
use crate::error::{Error, Result};
use crate::render::Renderer;

/// A built site: site-relative path (with `/` separators) → file content.
#[derive(Debug, Default)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Site {
    /// The file at `path`, if the build produced it.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// Every HTML page as (path, text).
    pub fn pages(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .filter_map(|(path, bytes)| Some((path.as_str(), std::str::from_utf8(bytes).ok()?)))
    }
}

/// A [`Sink`] collecting files in memory.
#[derive(Default)]
struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        // A poisoned lock only means another render thread panicked; its files are still whole.
        let mut files = self
            .files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files.insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// Loads, validates and renders the site at `root` into memory.
/// `base_url` replaces the one in `hyoka.yaml`, as `hyoka build --base-url` does.
/// `cache` keeps parsed files between builds, so a rebuild parses only what changed.
pub fn build(root: &Path, base_url: Option<&str>, cache: Option<&Cache>) -> Result<Site> {
    render(&load_report_cached(root, base_url, cache)?, root)
}

/// Renders an already loaded report (of the site at `root`) into memory.
pub fn render(report: &Report, root: &Path) -> Result<Site> {
    let renderer = Renderer::new(root).map_err(|problems| Error::Site(problems.into_sorted()))?;
    let sink = MemorySink::default();
    render_site(report, &renderer, root, &sink)?;
    let files = sink
        .files
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Ok(Site { files })
}
