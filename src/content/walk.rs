//! Listing a site's own files without leaving the site through symbolic links.
//!
//! A link in `content/` or `templates/` (or such a folder itself being a
//! link) may point anywhere on the computer, and what it points at would be
//! read into the site — and shown by `hyoka serve`, or published. Links that
//! stay inside the site folder are followed; a link that leads outside is an
//! error naming the link, so that nothing from elsewhere reaches the site.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Position};

/// The files below `folder` (a folder of the site at `root`; a missing folder
/// holds none), sorted, following symbolic links that stay inside the site.
/// Links leading outside (also `folder` itself) are not followed but reported.
pub fn site_files(root: &Path, folder: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    // No site folder means no files to protect: nothing below is listed either.
    let real_root = dunce::canonicalize(root).ok();
    let mut files: Vec<PathBuf> = WalkDir::new(folder)
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| {
            // Only a link can lead out; the folder itself may sit below a linked folder.
            if entry.depth() > 0 && !entry.path_is_symlink() {
                return true;
            }
            match outside(real_root.as_deref(), root, entry.path()) {
                Some(problem) => {
                    problems.push(problem);
                    false
                }
                None => true,
            }
        })
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    // Sorted so that results never depend on the order the file system lists files in.
    files.sort();
    problems.sort_by(|a, b| a.file.cmp(&b.file));
    (files, problems)
}

/// An error when `file` (a path of the site at `root`, relative to it or not)
/// really lies outside the site, because it or a folder on its way is a link.
pub fn leaves_site(root: &Path, file: &Path) -> Option<Diagnostic> {
    outside(
        dunce::canonicalize(root).ok().as_deref(),
        root,
        &root.join(file),
    )
}

fn outside(real_root: Option<&Path>, root: &Path, path: &Path) -> Option<Diagnostic> {
    // A broken link reads as a missing file, which the callers report or skip as before.
    let target = dunce::canonicalize(path).ok()?;
    if target.starts_with(real_root?) {
        return None;
    }
    Some(Diagnostic::error(
        path.strip_prefix(root).unwrap_or(path),
        Position::default(),
        "",
        format!(
            "is a symbolic link to {}, outside the site folder; hyoka reads only files inside the site, so copy the file into it instead",
            crate::display_path(&target)
        ),
    ))
}

// Symbolic links need no privilege to make only on Unix.
#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_are_followed_and_links_outside_reported() {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside_dir) = (dir.path().join("site"), dir.path().join("outside"));
        std::fs::create_dir_all(root.join("static/own")).unwrap();
        std::fs::create_dir_all(&outside_dir).unwrap();
        std::fs::write(root.join("static/own/logo.svg"), "<svg/>").unwrap();
        std::fs::write(outside_dir.join("secret.txt"), "secret").unwrap();
        symlink("own/logo.svg", root.join("static/alias.svg")).unwrap();
        symlink("own", root.join("static/alias")).unwrap();
        symlink("../../outside/secret.txt", root.join("static/leak.txt")).unwrap();
        symlink(&outside_dir, root.join("static/leaks")).unwrap();

        let (files, problems) = site_files(&root, &root.join("static"));
        let listed: Vec<_> = files
            .iter()
            .map(|f| f.strip_prefix(&root).unwrap().to_str().unwrap())
            .collect();
        assert_eq!(
            listed,
            [
                "static/alias/logo.svg",
                "static/alias.svg",
                "static/own/logo.svg"
            ]
        );
        let real = dunce::canonicalize(outside_dir).unwrap();
        let reported: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            reported,
            [
                format!(
                    "static/leak.txt: error: is a symbolic link to {}, outside the site folder; hyoka reads only files inside the site, so copy the file into it instead",
                    real.join("secret.txt").display()
                ),
                format!(
                    "static/leaks: error: is a symbolic link to {}, outside the site folder; hyoka reads only files inside the site, so copy the file into it instead",
                    real.display()
                ),
            ]
        );
    }

    #[test]
    fn a_linked_folder_or_file_leading_out_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(dir.path().join("elsewhere/measures")).unwrap();
        std::fs::write(dir.path().join("elsewhere/measures/m.yaml"), "x").unwrap();
        std::fs::write(dir.path().join("elsewhere/departments.yaml"), "x").unwrap();
        symlink(
            dir.path().join("elsewhere/measures"),
            root.join("content/measures"),
        )
        .unwrap();
        symlink(
            dir.path().join("elsewhere/departments.yaml"),
            root.join("content/departments.yaml"),
        )
        .unwrap();

        let (files, problems) = site_files(&root, &root.join("content/measures"));
        assert!(files.is_empty(), "{files:?}");
        assert_eq!(problems.len(), 1);
        assert!(leaves_site(&root, Path::new("content/departments.yaml")).is_some());
        assert!(leaves_site(&root, Path::new("content")).is_none());
        assert!(leaves_site(&root, Path::new("content/missing.yaml")).is_none());
    }
}
