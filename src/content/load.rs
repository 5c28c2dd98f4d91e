//! Reading a site's YAML files into [`Content`].
//!
//! Files are read and parsed ([`super::parse`]) in parallel; every file that
//! fails is reported, so one run lists the problems of all files.

use std::any::Any;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use super::model::{Config, Department, Field, Measure, Project};
use super::parse::parse_yaml_noting;
pub use super::recover::Repaired;
use super::walk;
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
    /// Shared, so that a preview can keep unchanged files between rebuilds without copying them.
    pub data: Arc<T>,
    /// Whether YAML may read a text of the file otherwise than written
    /// ([`super::properties::may_change_text`]): only such files are read again
    /// for the warnings (true for a file that did not read).
    pub may_change_text: bool,
}

/// Everything a site's files say, parsed but not yet cross-checked.
#[derive(Debug, Clone)]
pub struct Content {
    pub config: Source<Config>,
    pub fields: Vec<Source<Field>>,
    pub measures: Vec<Source<Measure>>,
    pub projects: Vec<Source<Project>>,
    pub departments: Source<Vec<Department>>,
    /// Field, measure and project files that exist but could not be parsed.
    pub broken: Broken,
}

/// Files that failed to parse, per kind.
#[derive(Debug, Clone, Default)]
pub struct Broken {
    pub fields: Unparsed<Field>,
    pub measures: Unparsed<Measure>,
    pub projects: Unparsed<Project>,
}

/// Files of one kind that failed to parse.
#[derive(Debug, Clone)]
pub struct Unparsed<T> {
    /// Their ids: references to them are not reported as unknown a second time.
    pub ids: HashSet<String>,
    /// What they say once repaired, where that can be told: the ids they
    /// name are checked in the same run as their own problems.
    pub repaired: Vec<Source<Repaired<T>>>,
    /// The [`words`] of their text, or None if one could not be read as
    /// text: which ids they name, even where they do not read at all (a
    /// measure no field lists may be listed by a field file that does not read).
    pub words: Option<HashSet<String>>,
}

impl<T> Default for Unparsed<T> {
    fn default() -> Self {
        Unparsed {
            ids: HashSet::new(),
            repaired: Vec::new(),
            words: Some(HashSet::new()),
        }
    }
}

/// Reads every content file of the site at `root`; fails if any file is invalid.
pub fn load(root: &Path) -> Result<Content, Diagnostics> {
    match load_partial(root)? {
        (content, problems) if problems.is_empty() => Ok(content),
        (_, problems) => Err(problems),
    }
}

/// Reads every content file, keeping going past invalid field, measure and
/// project files so that their problems and the other files' can be reported
/// together. Fails only when `hyoka.yaml` or `departments.yaml` is unusable.
pub fn load_partial(root: &Path) -> Result<(Content, Diagnostics), Diagnostics> {
    load_partial_cached(root, None)
}

/// The problem with `root` when it holds no `hyoka.yaml`: it is no site folder.
pub fn not_a_site(root: &Path) -> Option<Diagnostic> {
    let settings = root.join(CONFIG_FILE);
    let missing = std::fs::symlink_metadata(&settings)
        .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
    missing.then(|| {
        let message = match site_above(root) {
            Some(site) => format!(
                "not found: this folder is inside the site in {}: run hyoka there, or give `--root {}`",
                crate::display_path(&site),
                crate::display_path(&site)
            ),
            None => "not found: this is not a site folder (`--root DIR` names one, `hyoka new DIR` makes one)".to_string(),
        };
        Diagnostic::error(settings, Position::default(), "", message)
    })
}

/// The nearest folder above `root` that holds a `hyoka.yaml`, written from
/// `root` (`..` for the site of a `content/` folder one is working in).
fn site_above(root: &Path) -> Option<PathBuf> {
    let absolute = std::fs::canonicalize(root).ok()?;
    let (levels, site) = (absolute.ancestors().enumerate().skip(1))
        .find(|(_, folder)| folder.join(CONFIG_FILE).is_file())?;
    // `reports/r5/content` → `reports/r5`, unless a link on the way leads
    // elsewhere; `.` → `..`; `../measures` → `../measures/../..`.
    let up: PathBuf = std::iter::repeat_n("..", levels).collect();
    Some(match root.ancestors().nth(levels) {
        Some(named)
            if !named.as_os_str().is_empty()
                && std::fs::canonicalize(named).is_ok_and(|named| named == site) =>
        {
            named.to_path_buf()
        }
        _ if root == Path::new(".") => up,
        _ => root.join(up),
    })
}

/// [`load_partial`], reusing what `cache` remembers of files that have not changed
/// since (the preview rebuilds after each save and most files stay the same).
pub fn load_partial_cached(
    root: &Path,
    cache: Option<&Cache>,
) -> Result<(Content, Diagnostics), Diagnostics> {
    if let Some(not_a_site) = not_a_site(root) {
        // Said once, with the folder: every file of the site would be missing.
        let mut problems = Diagnostics::default();
        problems.push(not_a_site);
        return Err(problems);
    }
    let content = root.join(CONTENT_DIR);
    let config = read_inside::<Config>(root, Path::new(CONFIG_FILE), cache);
    let departments = read_inside::<Vec<Department>>(
        root,
        &Path::new(CONTENT_DIR).join("departments.yaml"),
        cache,
    );
    let fields = read_folder::<Field>(root, &content.join("fields"), cache);
    let measures = read_folder::<Measure>(root, &content.join("measures"), cache);
    let projects = read_folder::<Project>(root, &content.join("projects"), cache);

    let mut problems = Diagnostics::default();
    let mut broken = Broken::default();
    let config = keep(config.map_err(|unread| unread.problems), &mut problems);
    let departments = keep(departments.map_err(|unread| unread.problems), &mut problems);
    let fields = keep_all(fields, &mut problems, &mut broken.fields);
    let measures = keep_all(measures, &mut problems, &mut broken.measures);
    let projects = keep_all(projects, &mut problems, &mut broken.projects);
    match (config, departments) {
        (Some(config), Some(departments)) => Ok((
            Content {
                config,
                fields,
                measures,
                projects,
                departments,
                broken,
            },
            problems,
        )),
        _ => Err(problems),
    }
}

/// `content` (as loaded before, without problems) after a save that changed
/// only the `changed` files (relative to `root`): reads those again (even if
/// their length and time look unchanged) and keeps the rest, without walking
/// the folders and checking thousands of files.
/// None when that is not enough: a changed file is new, gone or no longer
/// parses, or is not a content file; [`load_partial_cached`] then finds out.
/// Files reported but gone again (an editor's temporary copy) are no content.
pub fn reload_changed(
    root: &Path,
    mut content: Content,
    changed: &BTreeSet<PathBuf>,
    cache: &Cache,
) -> Option<Content> {
    let departments = Path::new(CONTENT_DIR).join("departments.yaml");
    for file in changed {
        if *file == departments {
            cache.forget(file);
            content.departments = read_inside(root, file, Some(cache)).ok()?;
        } else if !(reread(root, &mut content.fields, file, cache)?
            || reread(root, &mut content.measures, file, cache)?
            || reread(root, &mut content.projects, file, cache)?)
            && std::fs::symlink_metadata(root.join(file)).is_ok()
        {
            return None;
        }
    }
    Some(content)
}

/// Reads `file` again if it is one of `sources`: whether it was, or None if it no longer parses.
fn reread<T: DeserializeOwned + Send + Sync + 'static>(
    root: &Path,
    sources: &mut [Source<T>],
    file: &Path,
    cache: &Cache,
) -> Option<bool> {
    let Some(source) = sources.iter_mut().find(|source| source.file == file) else {
        return Some(false);
    };
    cache.forget(file);
    *source = read_inside(root, file, Some(cache)).ok()?;
    Some(true)
}

fn keep<T>(result: Result<T, Diagnostics>, problems: &mut Diagnostics) -> Option<T> {
    result.map_err(|found| problems.extend(found)).ok()
}

/// Keeps the files that parsed; notes those that did not.
fn keep_all<T>(
    results: Vec<(String, Read<T>)>,
    problems: &mut Diagnostics,
    broken: &mut Unparsed<T>,
) -> Vec<Source<T>> {
    let mut kept = Vec::new();
    for (id, result) in results {
        match result {
            Ok(source) => kept.push(source),
            Err(Unread {
                problems: found,
                repaired,
                words,
            }) => {
                broken.repaired.extend(repaired);
                broken.words = broken.words.take().zip(words).map(|(mut all, words)| {
                    all.extend(words);
                    all
                });
                problems.extend(found);
                broken.ids.insert(id);
            }
        }
    }
    kept
}

/// Parses every `*.yaml` file below `folder` (a missing folder holds no files), each with its id.
fn read_folder<T: DeserializeOwned + Send + Sync + 'static>(
    root: &Path,
    folder: &Path,
    cache: Option<&Cache>,
) -> Vec<(String, Read<T>)> {
    // Sorted by site_files, so results never depend on the order the file system lists files in.
    let (files, outside) = walk::site_files(root, folder);
    let files: Vec<PathBuf> = files
        .into_iter()
        .filter(|file| !is_hidden(file.strip_prefix(folder).unwrap_or(file)))
        .collect();
    // `x.yaml.txt`, as Notepad saves unless told otherwise, and Windows
    // shows as `x.yaml`: named, so that references to `x` are not unknown.
    let saved_as_text: Vec<(String, Diagnostic)> = files
        .iter()
        .filter_map(|file| {
            let name = file.file_name()?.to_string_lossy();
            let yaml = name.strip_suffix(".txt").filter(|yaml| is_yaml(Path::new(yaml)))?;
            let relative = file.strip_prefix(root).unwrap_or(file);
            // Saved again as text beside the file it was meant to replace.
            let advice = if file.with_file_name(yaml).exists() {
                format!("{yaml} is there too: keep the one you meant, named {yaml}, and delete the other")
            } else {
                format!("rename the file to {yaml}")
            };
            let problem = Diagnostic::error(
                relative,
                Position::default(),
                "",
                format!("not read: the name ends in .txt after .yaml (Notepad adds it unless 「ファイルの種類」 is 「すべてのファイル」); {advice}"),
            );
            Some((file_id(Path::new(yaml)), problem))
        })
        .collect();
    let files: Vec<PathBuf> = files
        .into_iter()
        .filter(|file| is_yaml(file))
        .map(|file| {
            file.strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or(file)
        })
        .collect();
    let mut results: Vec<_> = files
        .par_iter()
        .map(|file| (file_id(file), read_cached::<T>(root, file, cache)))
        .collect();
    // A link leading out of the site is a broken file of this kind.
    let outside = outside
        .into_iter()
        .map(|problem| (file_id(&problem.file), problem));
    results.extend(outside.chain(saved_as_text).map(|(id, problem)| {
        let mut problems = Diagnostics::default();
        problems.push(problem);
        (id, Err(problems.into()))
    }));
    results
}

/// Whether `file` is named as a content file: `.yaml` or `.yml`, in any case
/// (Windows users see and type `.YAML` as the same).
fn is_yaml(file: &Path) -> bool {
    file.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml"))
}

/// Parsed files remembered between loads, by path, with the length and
/// modification time they had: an unchanged file is not read again.
#[derive(Default)]
pub struct Cache(Mutex<HashMap<PathBuf, (Stamp, Parsed, bool)>>);

/// A file's length and modification time.
type Stamp = (u64, Option<SystemTime>);
/// A parsed file of any kind (with its [`Source::may_change_text`]).
type Parsed = Arc<dyn Any + Send + Sync>;

impl Cache {
    /// The data of `file` as read when it had `stamp`, and whether YAML may
    /// change a text of it.
    fn get<T: Send + Sync + 'static>(&self, file: &Path, stamp: Stamp) -> Option<(Arc<T>, bool)> {
        let entries = crate::locked(&self.0);
        let (known, data, may_change_text) = entries.get(file)?;
        if *known != stamp {
            return None;
        }
        Some((data.clone().downcast::<T>().ok()?, *may_change_text))
    }

    /// Drops what is known of `file`, so that it is read again.
    fn forget(&self, file: &Path) {
        crate::locked(&self.0).remove(file);
    }

    fn put<T: Send + Sync + 'static>(&self, file: &Path, stamp: Stamp, source: &Source<T>) {
        let entry = (stamp, source.data.clone() as Parsed, source.may_change_text);
        crate::locked(&self.0).insert(file.to_path_buf(), entry);
    }
}

/// [`read_cached`], refusing a file that is a link to outside the site.
fn read_inside<T: DeserializeOwned + Send + Sync + 'static>(
    root: &Path,
    file: &Path,
    cache: Option<&Cache>,
) -> Result<Source<T>, Unread<T>> {
    if let Some(problem) = walk::leaves_site(root, file) {
        let mut problems = Diagnostics::default();
        problems.push(problem);
        return Err(problems.into());
    }
    read_cached(root, file, cache)
}

/// [`read_yaml`] through `cache`.
fn read_cached<T: DeserializeOwned + Send + Sync + 'static>(
    root: &Path,
    file: &Path,
    cache: Option<&Cache>,
) -> Result<Source<T>, Unread<T>> {
    let Some(cache) = cache else {
        return read_repaired(root, file);
    };
    let stamp = std::fs::metadata(root.join(file))
        .map(|m| (m.len(), m.modified().ok()))
        .ok();
    if let Some(stamp) = stamp
        && let Some((data, may_change_text)) = cache.get::<T>(file, stamp)
    {
        return Ok(Source {
            id: file_id(file),
            file: file.to_path_buf(),
            data,
            may_change_text,
        });
    }
    let source = read_repaired::<T>(root, file)?;
    if let Some(stamp) = stamp {
        cache.put(file, stamp, &source);
    }
    Ok(source)
}

/// Parses one YAML file (path relative to `root`) into `T`, with its id.
pub fn read_yaml<T: DeserializeOwned>(root: &Path, file: &Path) -> Result<Source<T>, Diagnostics> {
    read_repaired(root, file).map_err(|unread| unread.problems)
}

/// A content file, read or not.
type Read<T> = Result<Source<T>, Unread<T>>;

/// A content file that does not read: its problems, what it says once
/// they are repaired, where that can be told ([`Repaired`]), and
/// the [`words`] of its text, where it could be read as text.
#[derive(Debug)]
pub struct Unread<T> {
    pub problems: Diagnostics,
    pub repaired: Option<Source<Repaired<T>>>,
    pub words: Option<Vec<String>>,
}

impl<T> From<Diagnostics> for Unread<T> {
    fn from(problems: Diagnostics) -> Self {
        Unread {
            problems,
            repaired: None,
            words: None,
        }
    }
}

/// The words of a YAML text: what lies between spaces and YAML's
/// punctuation. Every id or name a list in it gives is one of them, written
/// well or not.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || "[]{},:#\"'".contains(c))
        .filter(|word| !word.is_empty() && *word != "-")
        .map(str::to_string)
        .collect()
}

/// [`read_yaml`], keeping what a file that does not read says once repaired.
fn read_repaired<T: DeserializeOwned>(root: &Path, file: &Path) -> Result<Source<T>, Unread<T>> {
    let one = |position, field: &str, message: String| {
        let mut problems = Diagnostics::default();
        problems.push(Diagnostic::error(file, position, field, message));
        Unread::from(problems)
    };
    let mut may_change_text = true;
    let data = super::with_kept(&FILE_BYTES, |bytes| {
        read_capped(&root.join(file), bytes)
            .map_err(|message| one(Position::default(), "", message))?;
        // A national report is 230 MB of files: checked with SIMD.
        let text = simdutf8::compat::from_utf8(bytes).map_err(|e| {
            // The bytes before the first invalid one are UTF-8.
            let before = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            // Notepad's 「Unicode」 is UTF-16, starting with its byte order mark.
            let message = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
                "the file is UTF-16 (Notepad's 「Unicode」), not UTF-8; save it as UTF-8"
            } else {
                "the file is not valid UTF-8; save it as UTF-8"
            };
            one(Position::at_end_of(before), "", message.to_string())
        })?;
        let (parsed, noted) = parse_yaml_noting::<T>(text);
        may_change_text = noted;
        parsed.map_err(|(found, repaired)| {
            let mut problems = Diagnostics::default();
            for (position, field, message) in found {
                problems.push(Diagnostic::error(file, position, &field, message));
            }
            let repaired = repaired.map(|repaired| Source {
                id: file_id(file),
                file: file.to_path_buf(),
                data: Arc::new(repaired),
                may_change_text: true,
            });
            Unread {
                problems,
                repaired,
                words: Some(words(text)),
            }
        })
    })?;
    Ok(Source {
        id: file_id(file),
        file: file.to_path_buf(),
        data: Arc::new(data),
        may_change_text,
    })
}

/// Content files are small text files (the largest real measure is about
/// 30 KB); anything larger is almost surely the wrong file, and refusing it
/// before parsing keeps a stray 50 MB file from costing seconds and memory.
pub const MAX_FILE_BYTES: u64 = 8_000_000;

thread_local! {
    /// The bytes of the last file this thread read, kept for the next
    /// ([`super::with_kept`]).
    static FILE_BYTES: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Reads a whole file into `bytes` (cleared first), refusing one larger than
/// [`MAX_FILE_BYTES`]. Reads at most one byte past the cap, so a file that
/// grows while read is caught too.
fn read_capped(path: &Path, bytes: &mut Vec<u8>) -> Result<(), String> {
    use std::io::Read;
    bytes.clear();
    let cannot_read = |e: std::io::Error| format!("cannot read the file: {e}");
    // Asked before opening it: opening a named pipe waits for a writer, and
    // a device can be read for ever.
    let metadata = std::fs::metadata(path).map_err(cannot_read)?;
    if !metadata.is_file() {
        let kind = if metadata.is_dir() {
            "a folder"
        } else {
            "a named pipe, socket or device"
        };
        return Err(format!("cannot read the file: it is {kind}, not a file"));
    }
    std::fs::File::open(path)
        .and_then(|file| {
            // Room for the whole file at once: reading it in growing steps costs copies.
            bytes.reserve(metadata.len().min(MAX_FILE_BYTES) as usize + 1);
            file.take(MAX_FILE_BYTES + 1).read_to_end(bytes)
        })
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "the file is larger than {} MB; content files are small text files — is this the right file?",
            MAX_FILE_BYTES / 1_000_000
        ));
    }
    Ok(())
}

/// The text of a file of the site, read as its content is ([`read_capped`]),
/// for the findings that point into it: None if it is no UTF-8 file (any
/// more), or a folder, named pipe or device.
pub fn read_text(path: &Path) -> Option<String> {
    let mut bytes = Vec::new();
    read_capped(path, &mut bytes).ok()?;
    String::from_utf8(bytes).ok()
}

/// Whether a file is hidden: it or a folder on its way starts with `.`. Such
/// files are not content but what other programs leave beside it, such as the
/// `._bosai.yaml` a Mac writes next to each file it copies to a shared drive.
fn is_hidden(path: &Path) -> bool {
    path.components()
        .any(|part| part.as_os_str().as_encoded_bytes().starts_with(b"."))
}

/// A file's id: its name without the extension.
fn file_id(file: &Path) -> String {
    file.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reused_file_buffer_holds_only_the_file_being_read() {
        let root = tempfile::tempdir().unwrap();
        let long = format!(
            "name: くらし\ndescription: {}\nmeasures: []\n",
            "あ".repeat(5000)
        );
        std::fs::write(root.path().join("long.yaml"), &long).unwrap();
        std::fs::write(root.path().join("short.yaml"), "name: 産業\nmeasures: []\n").unwrap();
        let read = |file: &str| read_yaml::<Field>(root.path(), Path::new(file)).unwrap();
        assert_eq!(
            read("long.yaml").data.description.as_deref().unwrap().len(),
            15000
        );
        let short = read("short.yaml");
        assert_eq!(short.data.name, "産業");
        assert_eq!(short.data.description, None);
        // A file too large for the buffer to be kept is read whole all the same.
        let large = format!(
            "name: 大\ndescription: {}\nmeasures: []\n",
            "x".repeat(crate::content::KEPT_BYTES)
        );
        std::fs::write(root.path().join("large.yaml"), &large).unwrap();
        assert_eq!(
            read("large.yaml")
                .data
                .description
                .as_deref()
                .unwrap()
                .len(),
            crate::content::KEPT_BYTES
        );
        assert_eq!(read("short.yaml").data.name, "産業");
    }

    #[test]
    fn the_cache_reuses_unchanged_files_and_rereads_changed_ones() {
        let root = tempfile::tempdir().unwrap();
        let fields = root.path().join("content/fields");
        std::fs::create_dir_all(&fields).unwrap();
        std::fs::write(fields.join("a.yaml"), "name: くらし\nmeasures: []\n").unwrap();
        std::fs::write(fields.join("b.yaml"), "name: 産業\nmeasures: []\n").unwrap();
        let cache = Cache::default();
        let read = |cache| {
            read_folder::<Field>(root.path(), &fields, Some(cache))
                .into_iter()
                .map(|(_, r)| r.unwrap())
                .collect::<Vec<_>>()
        };
        let first = read(&cache);
        std::fs::write(fields.join("b.yaml"), "name: 産業・観光\nmeasures: []\n").unwrap();
        let second = read(&cache);
        assert!(
            Arc::ptr_eq(&first[0].data, &second[0].data),
            "an unchanged file is not parsed again"
        );
        assert_eq!(
            second[1].data.name, "産業・観光",
            "a changed file is read again"
        );
        std::fs::write(fields.join("b.yaml"), "name: [\n").unwrap();
        assert!(
            read_folder::<Field>(root.path(), &fields, Some(&cache))[1]
                .1
                .is_err(),
            "a broken save is reported, not served from the cache"
        );
    }

    #[test]
    fn a_reload_reads_only_the_changed_files_and_gives_up_on_new_or_gone_ones() {
        let root = tempfile::tempdir().unwrap();
        let write = |file: &str, text: &str| {
            let path = root.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            CONFIG_FILE,
            "city: 架空市\ntitle: 報告\nfiscal_year: 令和5年度\nfields: [a]\n",
        );
        write("content/departments.yaml", "- id: d\n  name: 課\n");
        write("content/fields/a.yaml", "name: くらし\nmeasures: []\n");
        write("content/fields/b.yaml", "name: 産業\nmeasures: []\n");
        let cache = Cache::default();
        let (content, problems) = load_partial_cached(root.path(), Some(&cache)).unwrap();
        assert!(problems.is_empty());
        let changed = |files: &[&str]| files.iter().map(PathBuf::from).collect();

        write("content/fields/b.yaml", "name: 産業・観光\nmeasures: []\n");
        let reloaded = reload_changed(
            root.path(),
            content.clone(),
            &changed(&["content/fields/b.yaml", "content/fields/sed1x2Ab"]),
            &cache,
        )
        .expect("a changed file, and an editor's temporary file that is gone again");
        assert!(Arc::ptr_eq(
            &content.fields[0].data,
            &reloaded.fields[0].data
        ));
        assert_eq!(reloaded.fields[1].data.name, "産業・観光");
        // Reported, a file is read again even if its length and time look the same.
        write("content/fields/b.yaml", "name: 工業・観光\nmeasures: []\n");
        let b = changed(&["content/fields/b.yaml"]);
        let reloaded = reload_changed(root.path(), reloaded, &b, &cache).unwrap();
        assert_eq!(reloaded.fields[1].data.name, "工業・観光");

        write("content/fields/c.yaml", "name: 環境\nmeasures: []\n");
        let new = changed(&["content/fields/c.yaml"]);
        assert!(reload_changed(root.path(), content.clone(), &new, &cache).is_none());
        std::fs::remove_file(root.path().join("content/fields/b.yaml")).unwrap();
        let gone = changed(&["content/fields/b.yaml"]);
        assert!(reload_changed(root.path(), content.clone(), &gone, &cache).is_none());
        write("content/fields/a.yaml", "name: [\n");
        let broken = changed(&["content/fields/a.yaml"]);
        assert!(reload_changed(root.path(), content, &broken, &cache).is_none());
    }
}
