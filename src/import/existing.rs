//! The content already in the target folder, which an import extends.
//!
//! Unlike a build, an import needs no complete site: any file may be missing
//! (an import into an empty folder starts a site). Files that exist must
//! parse, since the import merges into them and keeps their ids.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::content::load::{CONFIG_FILE, Source, read_yaml};
use crate::content::model::{Config, Department, Field, Measure, Project};
use crate::diagnostic::Diagnostics;

/// Names of the files and folders below the content folder.
pub const DEPARTMENTS_FILE: &str = "departments.yaml";
pub const FIELDS_DIR: &str = "fields";
pub const MEASURES_DIR: &str = "measures";
pub const PROJECTS_DIR: &str = "projects";

/// What the site at `content`'s parent already holds; paths are as given
/// (`content/fields/x.yaml` for `--into content`).
#[derive(Debug, Default)]
pub struct Existing {
    pub config: Option<Source<Config>>,
    pub departments: Option<Source<Vec<Department>>>,
    pub fields: Vec<Source<Field>>,
    pub measures: Vec<Source<Measure>>,
    pub projects: Vec<Source<Project>>,
}

/// The site root of a content folder: where `hyoka.yaml` is.
pub fn site_root(content: &Path) -> PathBuf {
    match (content.file_name(), content.parent()) {
        (Some(_), Some(parent)) => parent.to_path_buf(),
        // `.`, `..` or `/`: the parent must be spelled out.
        _ => content.join(".."),
    }
}

/// Reads every content file below `content` and the site's `hyoka.yaml`.
pub fn read(content: &Path) -> Result<Existing, Diagnostics> {
    let mut problems = Diagnostics::default();
    let config_file = site_root(content).join(CONFIG_FILE);
    let departments_file = content.join(DEPARTMENTS_FILE);
    let existing = Existing {
        config: config_file
            .is_file()
            .then(|| read_one(&config_file, &mut problems))
            .flatten(),
        departments: departments_file
            .is_file()
            .then(|| read_one(&departments_file, &mut problems))
            .flatten(),
        fields: read_folder(&content.join(FIELDS_DIR), &mut problems),
        measures: read_folder(&content.join(MEASURES_DIR), &mut problems),
        projects: read_folder(&content.join(PROJECTS_DIR), &mut problems),
    };
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(existing)
    }
}

fn read_one<T: DeserializeOwned>(file: &Path, problems: &mut Diagnostics) -> Option<Source<T>> {
    // An empty root keeps the path as the user wrote it, for messages.
    read_yaml(Path::new(""), file)
        .map_err(|found| problems.extend(found))
        .ok()
}

/// Every `*.yaml` file below `folder`, sorted by path (a missing folder holds none).
fn read_folder<T: DeserializeOwned>(folder: &Path, problems: &mut Diagnostics) -> Vec<Source<T>> {
    let mut files: Vec<PathBuf> = WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| {
            entry.file_type().is_file()
                && entry
                    .path()
                    .extension()
                    .is_some_and(|ext| ext == "yaml" || ext == "yml")
        })
        .map(|entry| entry.into_path())
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|file| read_one(file, problems))
        .collect()
}
