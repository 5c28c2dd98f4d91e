//! `hyoka new`: a new site folder with an example field, measure and project
//! that builds at once and shows what to edit.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Position};
use crate::error::{Error, Result};

/// The example site: (path in the new site, content). The `.gitignore` and
/// `.gitattributes` are kept without their dot here so that they do not apply
/// to hyoka's own repository.
const FILES: [(&str, &str); 7] = [
    ("hyoka.yaml", include_str!("site/hyoka.yaml")),
    (".gitignore", include_str!("site/gitignore")),
    (".gitattributes", include_str!("site/gitattributes")),
    (
        "content/departments.yaml",
        include_str!("site/content/departments.yaml"),
    ),
    (
        "content/fields/gyosei-keiei.yaml",
        include_str!("site/content/fields/gyosei-keiei.yaml"),
    ),
    (
        "content/measures/digital.yaml",
        include_str!("site/content/measures/digital.yaml"),
    ),
    (
        "content/projects/johoseisaku/dx-suishin.yaml",
        include_str!("site/content/projects/johoseisaku/dx-suishin.yaml"),
    ),
];

/// The example's measure and project, as (path in the site, text): made-up
/// figures and bullets that `hyoka check` warns about while a site still
/// holds them. (Its field and department are names a city may well keep.)
pub fn example_figures() -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES.into_iter().filter(|(path, _)| {
        path.starts_with("content/measures/") || path.starts_with("content/projects/")
    })
}

/// The description of the example's field: the field's name is one a city
/// may keep, this made-up text is not. `None` only if the example does not
/// read (tests/new.rs checks the warning it gives).
pub fn example_field_description() -> Option<String> {
    let (_, text) = FILES
        .into_iter()
        .find(|(path, _)| path.starts_with("content/fields/"))?;
    let field: crate::content::Field = crate::content::parse::parse_yaml(text).ok()?;
    field.description
}

/// The example's `.gitignore` and `.gitattributes`, as (path in the site,
/// text): what any new site wants, also one that `hyoka import` starts.
pub fn git_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES
        .into_iter()
        .filter(|(path, _)| path.starts_with(".git"))
}

/// What to type next after creating a site in `dir`: one command per line,
/// since Windows PowerShell 5 has no `&&`, the folder quoted if it has spaces.
pub fn next_steps(dir: &Path) -> String {
    let dir = crate::display_path(dir);
    let dir = if dir.contains(char::is_whitespace) {
        format!("\"{dir}\"")
    } else {
        dir.into_owned()
    };
    format!("next, to see it in your browser while you edit:\n  cd {dir}\n  hyoka serve")
}

/// Creates the example site in `dir`, which must be new or empty; never
/// overwrites a file. Returns the files written, relative to `dir`.
pub fn create(dir: &Path) -> Result<Vec<PathBuf>> {
    if !crate::empty_or_missing(dir) {
        return Err(Error::Site(vec![Diagnostic::error(
            dir,
            Position::default(),
            "",
            "the folder is not empty; hyoka new creates a site only in a new or empty folder",
        )]));
    }
    let mut written = Vec::new();
    for (path, content) in FILES {
        let file = dir.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(Error::io("create", parent))?;
        }
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&file)
            .map_err(Error::io("create", &file))?;
        out.write_all(content.as_bytes())
            .map_err(Error::io("write", &file))?;
        written.push(PathBuf::from(path));
    }
    Ok(written)
}
