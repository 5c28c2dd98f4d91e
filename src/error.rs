//! The library's error type: what went wrong and where.

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the site's files (content, configuration or templates), all of them.
    #[error("{} found", crate::count(.0.len(), "problem"))]
    Site(Vec<Diagnostic>),
    /// A file or folder could not be read or written.
    #[error("cannot {action} {}", crate::display_path(.path))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io {
            action,
            path,
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
