//! Writing the planned files: all of them or, when one would overwrite a
//! file that differs and `--force` was not given, none.

use std::path::PathBuf;

use super::plan::Planned;
use crate::diagnostic::{Diagnostic, Position};
use crate::error::{Error, Result};

/// What an import wrote and what it found already up to date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Files created or overwritten, sorted by path.
    pub written: Vec<PathBuf>,
    /// Files that already said what the import says (perhaps laid out
    /// differently): left as they are.
    pub unchanged: Vec<PathBuf>,
}

/// Writes `planned`; without `force`, an existing file that differs is an
/// error and nothing is written.
pub fn write(mut planned: Vec<Planned>, force: bool) -> Result<ImportSummary> {
    planned.sort_by(|a, b| a.path.cmp(&b.path));
    let (unchanged, changed): (Vec<Planned>, Vec<Planned>) = planned
        .into_iter()
        .partition(|file| file.current.as_deref() == Some(file.text.as_str()));
    if !force {
        let conflicts: Vec<Diagnostic> = changed
            .iter()
            .filter(|file| file.current.is_some() || file.path.exists())
            .map(|file| {
                let message = "the file exists and differs from what the import would write; nothing was written: import again with --force to overwrite it";
                Diagnostic::error(&file.path, Position::default(), "", message)
            })
            .collect();
        if !conflicts.is_empty() {
            return Err(Error::Site(conflicts));
        }
    }
    for file in &changed {
        if let Some(folder) = file
            .path
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
        {
            std::fs::create_dir_all(folder).map_err(Error::io("create", folder))?;
        }
        std::fs::write(&file.path, &file.text).map_err(Error::io("write", &file.path))?;
    }
    Ok(ImportSummary {
        written: changed.into_iter().map(|file| file.path).collect(),
        unchanged: unchanged.into_iter().map(|file| file.path).collect(),
    })
}
