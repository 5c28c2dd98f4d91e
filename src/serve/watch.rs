//! Watching a site's files and batching the changes of one save.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::build::SITE_DIRS;
use crate::content::load::CONFIG_FILE;
use crate::error::{Error, Result};

/// How long the files must stay quiet before a rebuild: an editor's save is
/// often several events (write, rename, chmod) a few milliseconds apart.
/// Every millisecond of it delays the reload, so it is kept short: a save
/// split after all only shows its problems until the next event rebuilds.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// Watches `hyoka.yaml` and the site's folders. Other files at the root
/// (`output/`, `target/`, `.git/`) are not watched, so building or committing
/// never triggers a rebuild.
pub struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
}

impl Watch {
    /// Starts watching the site at `root` (an absolute path).
    pub fn start(root: &Path) -> Result<Watch> {
        let (sender, events) = channel();
        let watcher = notify::recommended_watcher(move |event| {
            // The receiver is gone only when serving stops.
            let _ = sender.send(event);
        })
        .map_err(|e| watch_error(root, e))?;
        let mut watch = Watch {
            root: root.to_path_buf(),
            watcher,
            events,
        };
        // The root itself, not recursively: sees hyoka.yaml and folders created later.
        watch
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(root, e))?;
        for dir in SITE_DIRS {
            watch.watch_dir(dir)?;
        }
        Ok(watch)
    }

    /// Blocks until files change, then returns the changed files (relative to
    /// the root; `.` when the system lost count of them) once no further
    /// change came for [`DEBOUNCE`]. None when the watcher stopped.
    pub fn next_change(&mut self) -> Option<BTreeSet<PathBuf>> {
        loop {
            let mut changed = BTreeSet::new();
            self.take(self.events.recv().ok()?, &mut changed);
            loop {
                match self.events.recv_timeout(DEBOUNCE) {
                    Ok(event) => self.take(event, &mut changed),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            if !changed.is_empty() {
                return Some(changed);
            }
        }
    }

    /// Adds the relevant paths of `event` to `changed`.
    fn take(&mut self, event: notify::Result<notify::Event>, changed: &mut BTreeSet<PathBuf>) {
        let Ok(event) = event else { return };
        // Reading files (as the rebuild itself does) must not trigger another rebuild.
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        // The system dropped events (too many at once): any file may have
        // changed, and the site folder itself stands for them all.
        if event.need_rescan() {
            changed.insert(PathBuf::from("."));
        }
        for path in event.paths {
            let Ok(relative) = path.strip_prefix(&self.root) else {
                continue;
            };
            let relative = relative.to_path_buf();
            if let Some(dir) = SITE_DIRS.iter().find(|dir| relative == Path::new(dir)) {
                // A folder created (or replaced, as `git checkout` does) after serving started.
                if let Err(problem) = self.watch_dir(dir) {
                    eprintln!("warning: {problem}");
                }
            }
            if is_relevant(&relative) {
                changed.insert(relative);
            }
        }
    }

    fn watch_dir(&mut self, dir: &str) -> Result<()> {
        let path = self.root.join(dir);
        if !path.is_dir() {
            return Ok(());
        }
        // Watching a folder twice is an error for some back ends; forget the old watch first.
        let _ = self.watcher.unwatch(&path);
        self.watcher
            .watch(&path, RecursiveMode::Recursive)
            .map_err(|e| watch_error(&path, e))
    }
}

/// Whether a change to `relative` can change the site: hyoka.yaml or a file in
/// a watched folder, but not an editor's swap, backup or lock file.
fn is_relevant(relative: &Path) -> bool {
    let in_site =
        relative == Path::new(CONFIG_FILE) || SITE_DIRS.iter().any(|dir| relative.starts_with(dir));
    let name = relative
        .file_name()
        .map(|name| name.to_string_lossy())
        .unwrap_or_default();
    // vim: .x.swp, 4913; emacs: #x#, .#x; many editors: x~
    let editor_file = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913";
    in_site && !editor_file
}

fn watch_error(path: &Path, error: notify::Error) -> Error {
    let source = match error.kind {
        notify::ErrorKind::Io(io) => io,
        _ => std::io::Error::other(error.to_string()),
    };
    Error::Io {
        action: "watch",
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_files_count() {
        assert!(is_relevant(Path::new("hyoka.yaml")));
        assert!(is_relevant(Path::new("content/measures/bosai.yaml")));
        assert!(is_relevant(Path::new("templates/base.html")));
        assert!(is_relevant(Path::new("static/logo.png")));
        assert!(is_relevant(Path::new("content")));
        assert!(!is_relevant(Path::new("output/index.html")));
        assert!(!is_relevant(Path::new("target/debug/hyoka")));
        assert!(!is_relevant(Path::new("content/measures/.bosai.yaml.swp")));
        assert!(!is_relevant(Path::new("content/measures/bosai.yaml~")));
        assert!(!is_relevant(Path::new("content/measures/4913")));
        assert!(!is_relevant(Path::new("README.md")));
    }
}
