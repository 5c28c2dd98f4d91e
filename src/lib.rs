//! hyoka (評価): publishes a Japanese city's annual administrative evaluation
//! report (施策評価) as a static website.
//!
//! The pipeline, one module per stage:
//! [`content`] (read the YAML files) → [`validate`] (check references) →
//! [`chart`] and [`render`] (draw and template the pages) → [`build`] (write
//! the site). The `hyoka` binary is a thin command line over these.

pub mod build;
pub mod chart;
pub mod check;
pub mod content;
pub mod diagnostic;
pub mod error;
mod html;
pub mod import;
pub mod judge;
pub mod opendata;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod validate;

pub use build::{BuildOptions, BuildSummary, build};
pub use diagnostic::{Diagnostic, Severity};
pub use error::{Error, Result};

/// `n` and `noun`, in the plural unless `n` is 1: `1 chart`, `2 charts`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Whether the folder `path` holds nothing, or is not there (or cannot be
/// listed): where `hyoka new` and a build may write without losing a file.
pub fn empty_or_missing(path: &std::path::Path) -> bool {
    std::fs::read_dir(path).map_or(true, |mut entries| entries.next().is_none())
}

/// `path` as messages show it. hyoka joins site paths with `/`
/// (`content/measures`), which Windows accepts but would print mixed with its
/// own `\` (`content/measures\bosai.yaml`); there every separator is shown as `\`.
pub fn display_path(path: &std::path::Path) -> std::borrow::Cow<'_, str> {
    on_windows_replace(path, '/', "\\")
}

/// `path` with `/` between folders on every system, as site paths, template
/// names and `hyoka check --format json` write it (the opposite of [`display_path`]).
pub fn slashed(path: &std::path::Path) -> std::borrow::Cow<'_, str> {
    on_windows_replace(path, '\\', "/")
}

/// `path` as text, with `from` replaced by `to` on Windows, where both are
/// separators (elsewhere `\` may be part of a name).
fn on_windows_replace<'p>(
    path: &'p std::path::Path,
    from: char,
    to: &str,
) -> std::borrow::Cow<'p, str> {
    let text = path.to_string_lossy();
    if cfg!(windows) && text.contains(from) {
        std::borrow::Cow::Owned(text.replace(from, to))
    } else {
        text
    }
}

/// Locks `mutex`, also when another thread panicked while holding it: every
/// mutex here guards collections that each write leaves whole (parsed files,
/// written files, search blocks), so what a panic leaves behind is still usable.
pub(crate) fn locked<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What `mutex` guards, taken out of it, also when poisoned (see [`locked`]).
pub(crate) fn unlocked<T>(mutex: std::sync::Mutex<T>) -> T {
    mutex
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Where `part`, a slice of `text`, starts in it (in bytes): for a place
/// found in a line or a value taken from `text`.
pub(crate) fn offset_in(text: &str, part: &str) -> usize {
    debug_assert!(text.as_bytes().as_ptr_range().contains(&part.as_ptr()) || part.is_empty());
    part.as_ptr().addr() - text.as_ptr().addr()
}
