//! Where built files go: a folder on disk, replaced only when the build succeeded.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Receives the built site's files. Called from several threads at once.
pub trait Sink: Sync {
    /// Stores `bytes` at `path`, a site-relative path with `/` separators.
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()>;
}

/// Writes into a fresh temporary folder beside the output folder; [`Staging::commit`]
/// then puts it in place of the output folder. Dropped without commit, it
/// removes itself, so a failed build never leaves a half-written output.
pub struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
}

impl Staging {
    pub fn new(target: &Path) -> Result<Staging> {
        let parent = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(Error::io("create", &parent))?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.building-"))
            .tempdir_in(&parent)
            .map_err(Error::io("create a temporary folder in", &parent))?;
        Ok(Staging { dir, target: target.to_path_buf() })
    }

    /// Replaces the output folder with the staged one.
    pub fn commit(self) -> Result<()> {
        let staged = self.dir.keep();
        let result = replace_dir(&staged, &self.target);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staged);
        }
        result
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let file = self.dir.path().join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(Error::io("create", parent))?;
        }
        std::fs::write(&file, bytes).map_err(Error::io("write", self.target.join(path)))
    }
}

/// Moves `new` to `target`; an existing `target` is moved aside first and removed after.
fn replace_dir(new: &Path, target: &Path) -> Result<()> {
    if !target.exists() {
        return std::fs::rename(new, target).map_err(Error::io("move the new build to", target));
    }
    let mut old = target.as_os_str().to_owned();
    old.push(format!(".old-{}", std::process::id()));
    let old = PathBuf::from(old);
    std::fs::rename(target, &old).map_err(Error::io("move aside the previous build in", target))?;
    if let Err(e) = std::fs::rename(new, target) {
        // Put the previous build back so the output folder stays whole.
        let _ = std::fs::rename(&old, target);
        return Err(Error::io("move the new build to", target)(e));
    }
    std::fs::remove_dir_all(&old).map_err(Error::io("remove the previous build in", &old))
}
