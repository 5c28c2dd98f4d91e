//! Reading a site's YAML files into [`Content`].
//!
//! Files are parsed in parallel; every file that fails is reported, so one run
//! lists the problems of all files.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use super::model::{Config, Department, Field, Measure, Project};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};

/// Name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "hyoka.yaml";
/// Folder holding the content files, below the site root.
pub const CONTENT_DIR: &str = "content";

/// A parsed file with its id (file name without `.yaml`) and path relative to the site root.
#[derive(Debug, Clone)]
pub struct Source<T> {
    pub id: String,
    pub file: PathBuf,
    pub data: T,
}

/// Everything a site's files say, parsed but not yet cross-checked.
#[derive(Debug, Clone)]
pub struct Content {
    pub config: Source<Config>,
    pub fields: Vec<Source<Field>>,
    pub measures: Vec<Source<Measure>>,
    pub projects: Vec<Source<Project>>,
    pub departments: Source<Vec<Department>>,
}

/// Reads every content file of the site at `root`.
///
/// Returns the content, or all problems found (every unreadable or invalid file).
pub fn load(root: &Path) -> Result<Content, Diagnostics> {
    let content = root.join(CONTENT_DIR);
    let config = read_yaml::<Config>(root, Path::new(CONFIG_FILE));
    let departments = read_yaml::<Vec<Department>>(root, &Path::new(CONTENT_DIR).join("departments.yaml"));
    let fields = read_folder::<Field>(root, &content.join("fields"));
    let measures = read_folder::<Measure>(root, &content.join("measures"));
    let projects = read_folder::<Project>(root, &content.join("projects"));

    let mut problems = Diagnostics::default();
    let config = keep(config, &mut problems);
    let departments = keep(departments, &mut problems);
    let fields = keep_all(fields, &mut problems);
    let measures = keep_all(measures, &mut problems);
    let projects = keep_all(projects, &mut problems);
    match (config, departments) {
        (Some(config), Some(departments)) if !problems.has_errors() => Ok(Content {
            config,
            fields,
            measures,
            projects,
            departments,
        }),
        _ => Err(problems),
    }
}

fn keep<T>(result: Result<T, Diagnostics>, problems: &mut Diagnostics) -> Option<T> {
    result.map_err(|found| problems.extend(found)).ok()
}

fn keep_all<T>(results: Vec<Result<T, Diagnostics>>, problems: &mut Diagnostics) -> Vec<T> {
    results.into_iter().filter_map(|result| keep(result, problems)).collect()
}

/// Parses every `*.yaml` file below `folder` (a missing folder holds no files).
fn read_folder<T: DeserializeOwned + Send>(root: &Path, folder: &Path) -> Vec<Result<Source<T>, Diagnostics>> {
    let mut files: Vec<PathBuf> = WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file() && entry.path().extension().is_some_and(|ext| ext == "yaml" || ext == "yml"))
        .map(|entry| entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf())
        .collect();
    // Sorted so that results never depend on the order the file system lists files in.
    files.sort();
    files.par_iter().map(|file| read_yaml::<T>(root, file)).collect()
}

/// Parses one YAML file (path relative to `root`) into `T`, with its id.
pub fn read_yaml<T: DeserializeOwned>(root: &Path, file: &Path) -> Result<Source<T>, Diagnostics> {
    let one = |position, field: &str, message: String| {
        let mut problems = Diagnostics::default();
        problems.push(Diagnostic::error(file, position, field, message));
        problems
    };
    let bytes = std::fs::read(root.join(file)).map_err(|e| one(Position::default(), "", format!("cannot read the file: {e}")))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let (line, column) = line_column(&bytes[..e.valid_up_to()]);
        one(Position::new(line, column), "", "the file is not valid UTF-8; save it as UTF-8".to_string())
    })?;
    let data = parse_yaml::<T>(text).map_err(|(position, field, message)| one(position, &field, message))?;
    let id = file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Source { id, file: file.to_path_buf(), data })
}

/// Parses YAML text into `T`; on failure gives the position, the field path and the message.
pub fn parse_yaml<T: DeserializeOwned>(text: &str) -> Result<T, (Position, String, String)> {
    let mut field = String::new();
    let options = serde_saphyr::options! { with_snippet: false };
    let result = serde_saphyr::with_deserializer_from_str_with_options(text, options, |deserializer| {
        serde_path_to_error::deserialize(deserializer).map_err(|error| {
            field = error.path().to_string();
            error.into_inner()
        })
    });
    result.map_err(|error| {
        let position = error.location().map(|l| Position::of_location(&l)).unwrap_or_default();
        // The path of the top-level document is ".", which says nothing.
        let field = if field == "." { String::new() } else { field };
        (position, field, plain_message(&error))
    })
}

/// The error's message without the " at line L, column C" that we print ourselves.
fn plain_message(error: &serde_saphyr::Error) -> String {
    let message = error.without_snippet().to_string();
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_string(),
        None => message,
    }
}

/// 1-based line and column of the end of `bytes` (which are valid UTF-8).
fn line_column(bytes: &[u8]) -> (u32, u32) {
    let text = String::from_utf8_lossy(bytes);
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
}
