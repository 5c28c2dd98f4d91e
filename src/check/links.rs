//! Verifying the links of a built site: every relative `href` and `src` must
//! lead to a file of the site, and every `#fragment` to an `id` on its page.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use percent_encoding::percent_decode_str;

use super::locate;
use crate::build::output::{Sink, StreamWriter, WrittenTwice, discard_streamed, page_text};
use crate::build::site_path;
use crate::content::Report;
use crate::diagnostic::{Diagnostic, Position};
use crate::error::Result;
use crate::html::decode_entities;
use crate::render::markdown;

/// What the check needs of a built site, taken from its files as they are
/// rendered: the path of every file, and of each page the ids of its
/// elements and the links it makes. A national report's pages are 2 GB;
/// this is a small part of that.
#[derive(Default)]
pub struct Links {
    files: Mutex<HashSet<String>>,
    /// Files of `static/` at a path hyoka makes.
    twice: WrittenTwice,
    /// By page path, in order, so findings come in the order of the pages.
    pages: Mutex<BTreeMap<String, PageLinks>>,
}

/// The ids and links of one page.
struct PageLinks {
    ids: HashSet<String>,
    /// `href`, `src` and `action` values, in the order of the page. A form's
    /// `action` is a link too: a site's own `base.html` may keep the header's
    /// search box after `search: false` has left out its page.
    links: Vec<String>,
}

impl Sink for Links {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        match page_text(path, bytes) {
            Some(html) => self.put_page(path, html),
            None => {
                self.file(path);
                Ok(())
            }
        }
    }

    fn put_page(&self, path: &str, html: &str) -> Result<()> {
        let mut page = PageLinks {
            ids: HashSet::new(),
            links: Vec::new(),
        };
        // One pass over the page's attributes: its charts have thousands.
        for (name, value) in attributes(html, &["id", "href", "src", "action"]) {
            if name == "id" {
                page.ids.insert(value);
            } else {
                page.links.push(value);
            }
        }
        self.file(path);
        crate::locked(&self.pages).insert(path.to_string(), page);
        Ok(())
    }

    fn wants_search_index(&self) -> bool {
        false
    }

    fn put_streamed(&self, path: &str, write: &mut StreamWriter) -> Result<u64> {
        // Made though nothing keeps it: making the whole report's open data
        // also puts each measure's own files, which the pages link to.
        let length = discard_streamed(path, write)?;
        self.file(path);
        Ok(length)
    }
}

impl Links {
    /// Notes that the site has a file at `path`, and whether it had one already.
    fn file(&self, path: &str) {
        if !crate::locked(&self.files).insert(path.to_string()) {
            self.twice.note(path);
        }
    }
}

/// Every broken internal link or anchor on the pages collected in `links`,
/// built from `report` (the site at `root`).
pub fn check(links: Links, report: &Report, root: &Path) -> Vec<Diagnostic> {
    let files = crate::unlocked(links.files);
    let pages = crate::unlocked(links.pages);
    let base_path = site_path(&report.config.data.base_url);
    let mut found = links.twice.into_problems();
    // Which of two files of one path a page's links meet is chance: those
    // clashes come first, and the links are checked once they are gone.
    if !found.is_empty() {
        return found;
    }
    for (page, on_page) in &pages {
        for link in &on_page.links {
            let broken = match resolve(page, link, &base_path) {
                Target::Elsewhere => continue,
                Target::AboveRoot => Broken::OutsideTheSite,
                Target::Site(target, fragment) => match find(&files, &target) {
                    None => Broken::NoFile,
                    Some(file) => match (fragment, pages.get(file)) {
                        (Some(fragment), Some(there)) if !there.ids.contains(&fragment) => {
                            Broken::NoElement {
                                id: fragment,
                                on: file,
                            }
                        }
                        _ => continue,
                    },
                },
            };
            found.push(diagnostic(report, root, page, link, |link| {
                broken.message(link, page)
            }));
        }
    }
    found.extend(unusable_links(report, root));
    found
}

/// Links in the content's Markdown whose address the page cannot keep
/// ([`markdown::unsafe_addresses`]): a mistyped `htps://` leads nowhere.
fn unusable_links(report: &Report, root: &Path) -> Vec<Diagnostic> {
    let config = &report.config;
    let descriptions = std::iter::once((&config.file, config.data.introduction.as_deref()))
        .chain((report.fields.iter()).map(|f| (&f.file, f.data.description.as_deref())))
        .chain((report.measures.iter()).map(|m| (&m.file, m.data.description.as_deref())))
        .chain((report.projects.iter()).map(|p| (&p.file, p.data.description.as_deref())));
    let mut found = Vec::new();
    let message = |link: &str| {
        format!(
            "link `{link}` is no web (https://), mail (mailto:), phone (tel:) or relative address, so the page links nowhere (\"#\"); is it mistyped?"
        )
    };
    for (file, markdown) in descriptions {
        for link in markdown.map(markdown::unsafe_addresses).unwrap_or_default() {
            found.push(in_source(root, file, &link, message).unwrap_or_else(|| {
                Diagnostic::error(file, Position::default(), "", message(&link))
            }));
        }
    }
    found
}

/// The file a site-relative target names: itself, or the `index.html` of the folder it names.
fn find<'a>(files: &'a HashSet<String>, target: &str) -> Option<&'a str> {
    let index = if target.is_empty() || target.ends_with('/') {
        format!("{target}index.html")
    } else {
        format!("{target}/index.html")
    };
    [target, index.as_str()]
        .into_iter()
        .find_map(|path| files.get(path).map(String::as_str))
}

/// Why a link is broken.
enum Broken<'a> {
    /// `..` climbs above the site's root.
    OutsideTheSite,
    /// No file of the site at the address.
    NoFile,
    /// The file `on` has no element with this `id`.
    NoElement { id: String, on: &'a str },
}

impl Broken<'_> {
    /// The message for `link` on `page`, the link shown as it is written
    /// where it is reported.
    fn message(&self, link: &str, page: &str) -> String {
        match self {
            Self::OutsideTheSite => format!("link `{link}` on page {page} points outside the site"),
            Self::NoFile => format!("link `{link}` on page {page} leads to no file of the site"),
            Self::NoElement { id, on } => {
                format!("link `{link}` on page {page} leads to no element with id `{id}` on {on}")
            }
        }
    }
}

/// Where a link leads.
#[derive(Debug, PartialEq)]
enum Target {
    /// Another site, `mailto:`, or a path outside the site's base_url: not hyoka's to check.
    Elsewhere,
    /// `..` climbs above the site's root.
    AboveRoot,
    /// A site-relative path (`""` or ending in `/` for a folder) and the fragment, if any.
    Site(String, Option<String>),
}

/// Resolves `link` on `page` of a site published at `base_path`.
fn resolve(page: &str, link: &str, base_path: &str) -> Target {
    if link.starts_with("//") || has_scheme(link) {
        return Target::Elsewhere;
    }
    let (address, fragment) = link.split_once('#').unwrap_or((link, ""));
    let fragment = percent_decode_str(fragment).decode_utf8_lossy();
    let address = address.split('?').next().unwrap_or_default();
    let address = percent_decode_str(address).decode_utf8_lossy();
    let joined = if address.is_empty() {
        page.to_string()
    } else if address.starts_with('/') {
        // Site-absolute links (the 404 page's) start with the path of base_url.
        match address.strip_prefix(base_path) {
            Some(inside) => inside.to_string(),
            None => return Target::Elsewhere,
        }
    } else {
        format!("{}{address}", &page[..page.rfind('/').map_or(0, |i| i + 1)])
    };
    match normalize(&joined) {
        Some(path) => Target::Site(path, (!fragment.is_empty()).then(|| fragment.into_owned())),
        None => Target::AboveRoot,
    }
}

/// Removes `.` and `..` segments; None when `..` climbs above the site.
fn normalize(path: &str) -> Option<String> {
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        match *part {
            "." => {}
            ".." => {
                segments.pop()?;
            }
            // An empty last part keeps the trailing `/` of a folder link.
            "" if i + 1 < parts.len() => {}
            part => segments.push(part),
        }
    }
    Some(segments.join("/"))
}

/// `http:`, `mailto:`, `data:`…: a scheme is letters, digits, `+-.` before a `:`.
fn has_scheme(link: &str) -> bool {
    link.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// Every `name="…"` (or `'…'`) attribute in `html` whose name is one of
/// `names`, in the order of the page, as (name, value with entities decoded).
fn attributes<'a>(
    html: &'a str,
    names: &'a [&'a str],
) -> impl Iterator<Item = (&'a str, String)> + 'a {
    html.match_indices('=').filter_map(move |(at, _)| {
        let before = &html[..at];
        let name = names.iter().find(|name| before.ends_with(**name))?;
        let space = before[..before.len() - name.len()].chars().next_back()?;
        let rest = &html[at + 1..];
        let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let value = &rest[1..rest[1..].find(quote)? + 1];
        space
            .is_ascii_whitespace()
            .then(|| (*name, decode_entities(value).into_owned()))
    })
}

/// The source file of a page, if it has one: where its Markdown comes from.
fn page_source<'a>(report: &'a Report, page: &str) -> Option<&'a Path> {
    if page == "index.html" {
        return Some(&report.config.file);
    }
    let (kind, rest) = page.split_once('/')?;
    let id = rest.strip_suffix("/index.html")?;
    match kind {
        "fields" => report
            .fields
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.file.as_path()),
        "measures" => report
            .measures
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.file.as_path()),
        "projects" => report
            .projects
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.file.as_path()),
        "departments" => Some(&report.departments_file),
        _ => None,
    }
}

/// A broken link, with the `message` about it, reported where it is
/// written: in the page's content file when the link is found there
/// (Markdown), else on the page, which then got it from a template.
fn diagnostic(
    report: &Report,
    root: &Path,
    page: &str,
    link: &str,
    message: impl Fn(&str) -> String,
) -> Diagnostic {
    if let Some(found) =
        page_source(report, page).and_then(|file| in_source(root, file, link, &message))
    {
        return found;
    }
    Diagnostic::error(
        PathBuf::from(page),
        Position::default(),
        "",
        format!("{} (the link comes from a template)", message(link)),
    )
}

/// The finding about `link` where it is first written in `file`, if it is,
/// with the `message` about the link as written there: the address the
/// author wrote, `手続/一覧.html`, not the page's `%E6%89%8B…`
/// ([`locate::written_address`]).
fn in_source(
    root: &Path,
    file: &Path,
    link: &str,
    message: impl FnOnce(&str) -> String,
) -> Option<Diagnostic> {
    let text = crate::content::load::read_text(&root.join(file))?;
    let (offset, written) = locate::written_address(&text, link)?;
    let position = locate::position_at(&text, offset);
    let field = locate::top_level_key(&text, position.line).unwrap_or_default();
    Some(Diagnostic::error(file, position, field, message(written)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_attributes() {
        let html = r#"<a href="../x/index.html?a=1&amp;b=2#top">x</a><img src='a.png'><p data-href="no">id="no"</p><h2 id="top">"#;
        let found = |names| attributes(html, names).collect::<Vec<_>>();
        let pair = |name, value: &str| (name, value.to_string());
        assert_eq!(
            found(&["href"]),
            [pair("href", "../x/index.html?a=1&b=2#top")]
        );
        assert_eq!(found(&["src"]), [pair("src", "a.png")]);
        assert_eq!(found(&["id"]), [pair("id", "top")]);
        // Several names in one pass, in the order of the page.
        assert_eq!(
            found(&["id", "src", "href"]),
            [
                pair("href", "../x/index.html?a=1&b=2#top"),
                pair("src", "a.png"),
                pair("id", "top")
            ]
        );
    }

    #[test]
    fn resolves_relative_and_absolute_links() {
        let page = "measures/bosai/index.html";
        let site = |path: &str, fragment: Option<&str>| {
            Target::Site(path.into(), fragment.map(String::from))
        };
        let resolved = |link: &str| resolve(page, link, "/hyoka/");
        assert_eq!(resolved("../../index.html"), site("index.html", None));
        assert_eq!(resolved("kpi.csv"), site("measures/bosai/kpi.csv", None));
        assert_eq!(resolved("#mid-1-1"), site(page, Some("mid-1-1")));
        assert_eq!(
            resolved("../../measures/bosai/#mid-1-1"),
            site("measures/bosai/", Some("mid-1-1"))
        );
        assert_eq!(
            resolved("../../projects/index.html?x=1#"),
            site("projects/index.html", None)
        );
        assert_eq!(
            resolved("/hyoka/projects/index.html"),
            site("projects/index.html", None)
        );
        assert_eq!(resolved("/hyoka/"), site("", None));
        assert_eq!(
            resolved("%E4%BA%8B%E6%A5%AD.html"),
            site("measures/bosai/事業.html", None)
        );
        assert_eq!(resolved("/other/"), Target::Elsewhere);
        assert_eq!(resolved("https://example.jp/"), Target::Elsewhere);
        assert_eq!(resolved("mailto:a@example.jp"), Target::Elsewhere);
        assert_eq!(resolved("//example.jp/"), Target::Elsewhere);
        assert_eq!(resolved("../../../x"), Target::AboveRoot);
    }
}
