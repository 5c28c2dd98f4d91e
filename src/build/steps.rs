//! The build's loading and validating steps, for the preview, which keeps
//! the loaded content between rebuilds ([`crate::serve::incremental`]).

use std::path::Path;

use crate::content::Report;
use crate::content::load::{Cache, Content};
use crate::diagnostic::Diagnostics;
use crate::error::Result;

/// Parses every content file, reusing what `cache` holds of unchanged files;
/// also returns the problems of files that failed.
pub fn load_content(root: &Path, cache: &Cache) -> Result<(Content, Diagnostics)> {
    super::load_content(root, Some(cache))
}

/// Cross-checks `content` into a [`Report`] as a build does, reporting its
/// problems with the parse `problems`.
pub fn validate_content(
    content: Content,
    problems: Diagnostics,
    base_url: Option<&str>,
) -> Result<Report> {
    super::validate_content(content, problems, base_url)
}
