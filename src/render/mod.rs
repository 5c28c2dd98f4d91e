//! Rendering pages with Tera templates from the theme.
//!
//! The default theme is compiled into the binary, so `hyoka build` works in
//! any site folder; a site overrides any single template by putting a file of
//! the same name in its own `templates/` folder.

pub mod context;
pub mod markdown;
pub mod sitemap;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde::Serialize;
use std::sync::atomic::Ordering;

use tera::{Context, ErrorKind, Tera};

use crate::diagnostic::{Diagnostic, Diagnostics, Position};

/// Folder of a site's own templates, below the site root.
pub const SITE_TEMPLATES_DIR: &str = "templates";
/// Folder of a site's own static files, below the site root.
pub const SITE_STATIC_DIR: &str = "static";

macro_rules! theme_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates: (name, source).
const DEFAULT_TEMPLATES: &[(&str, &str)] = theme_files!(
    "base.html",
    "index.html",
    "field.html",
    "measure.html",
    "project.html",
    "projects.html",
    "department.html",
    "departments.html",
    "rows.html",
    "tally.html",
    "judgment-disclaimer.html",
    "judgment-method.html",
    "data-license.html",
    "sitemap.html",
    "opendata.html",
    "404.html",
    "search.html",
);

/// The default theme's static files: (path in the output, content).
pub const DEFAULT_STATIC: &[(&str, &str)] = &[
    (
        "assets/style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        SEARCH_SCRIPT,
        include_str!("../../themes/default/static/search.js"),
    ),
    (
        "assets/tables.js",
        include_str!("../../themes/default/static/tables.js"),
    ),
];

/// The search page's script, written only for a site with search (`search` of `hyoka.yaml`).
pub const SEARCH_SCRIPT: &str = "assets/search.js";

/// Where the default theme lives in hyoka's own repository (for error messages).
const DEFAULT_THEME_DIR: &str = "themes/default/templates";

/// A rendered page: the bytes Tera wrote. They are UTF-8, since Tera writes
/// only what templates and escaped values hold; they stay bytes until
/// [`Html::text`] checks that with a vectorised check (the standard
/// library's check of a national build's 900 MB of pages was 4% of the build).
pub struct Html(Vec<u8>);

impl Html {
    /// The page as text; should a template filter ever write bytes that are
    /// not UTF-8, they become U+FFFD rather than an error.
    pub fn text(&self) -> Cow<'_, str> {
        match simdutf8::basic::from_utf8(&self.0) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(&self.0),
        }
    }
}

/// The compiled templates of a site.
pub struct Renderer {
    tera: Tera,
    /// For each template name, the file it came from (for error messages).
    origins: Vec<(String, PathBuf)>,
    /// For each template name, the length of the last page rendered with it:
    /// pages of one template are alike in size, so reserving that much spares
    /// the output buffer its repeated growing and copying.
    sizes: Vec<std::sync::atomic::AtomicUsize>,
}

impl Renderer {
    /// Compiles the default theme with the site's overrides from `site_root/templates/`.
    pub fn new(site_root: &Path) -> Result<Renderer, Diagnostics> {
        let mut problems = Diagnostics::default();
        let mut templates: Vec<(String, String, PathBuf)> = DEFAULT_TEMPLATES
            .iter()
            .map(|(name, source)| {
                (
                    name.to_string(),
                    source.to_string(),
                    Path::new(DEFAULT_THEME_DIR).join(name),
                )
            })
            .collect();
        for (name, file) in site_templates(site_root, &mut problems) {
            match std::fs::read_to_string(site_root.join(&file)) {
                Ok(source) => match templates.iter_mut().find(|(known, _, _)| *known == name) {
                    Some(slot) => *slot = (name, source, file),
                    None => templates.push((name, source, file)),
                },
                Err(e) => problems.push(Diagnostic::error(
                    &file,
                    Position::default(),
                    "",
                    format!("cannot read the template: {e}"),
                )),
            }
        }
        let origins: Vec<(String, PathBuf)> = templates
            .iter()
            .map(|(name, _, file)| (name.clone(), file.clone()))
            .collect();
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        let sources = templates
            .iter()
            .map(|(name, source, _)| (name.as_str(), source.as_str()));
        if let Err(batch_error) = tera.add_raw_templates(sources) {
            // Tera stops at the first problem; parse each template alone to list every syntax error.
            for (name, source, file) in &templates {
                if let Err(error) = Tera::new().add_raw_template(name, source)
                    && matches!(error.kind(), ErrorKind::SyntaxError(_))
                {
                    problems.push(template_diagnostic(&error, file));
                }
            }
            if !problems.has_errors() {
                let origin = |name: &str| template_file(&origins, name).cloned();
                match validation_diagnostics(&batch_error, origin) {
                    Some(found) => problems.extend(found),
                    None => problems.push(template_diagnostic(
                        &batch_error,
                        Path::new(SITE_TEMPLATES_DIR),
                    )),
                }
            }
        }
        if problems.has_errors() {
            return Err(problems);
        }
        let sizes = origins.iter().map(|_| Default::default()).collect();
        Ok(Renderer {
            tera,
            origins,
            sizes,
        })
    }

    /// Renders `template` with `data` as its context.
    pub fn render<T: Serialize>(&self, template: &str, data: &T) -> Result<Html, Diagnostic> {
        let origin = |name: &str| {
            template_file(&self.origins, name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(name))
        };
        let context = Context::from_serialize(data)
            .map_err(|error| template_diagnostic(&error, &origin(template)))?;
        let size = self
            .origins
            .iter()
            .position(|(known, _)| known == template)
            .map(|i| &self.sizes[i]);
        let mut html = Vec::with_capacity(size.map_or(0, |s| s.load(Ordering::Relaxed)) + 1024);
        let rendered = self
            .tera
            .render_to(template, &context, &mut html)
            .map(|()| {
                if let Some(size) = size {
                    size.store(html.len(), Ordering::Relaxed);
                }
                Html(html)
            });
        rendered.map_err(|error| {
            let failing = match error.kind() {
                ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report)
                    if !report.filename().is_empty() =>
                {
                    origin(report.filename())
                }
                _ => origin(template),
            };
            template_diagnostic(&error, &failing)
        })
    }
}

/// Files in the site's `templates/` folder: (template name, path relative to the site root).
/// Links leading outside the site are not read but reported (see [`crate::content::walk`]).
fn site_templates(site_root: &Path, problems: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    let folder = site_root.join(SITE_TEMPLATES_DIR);
    let (files, outside) = crate::content::walk::site_files(site_root, &folder);
    for problem in outside {
        problems.push(problem);
    }
    files
        .into_iter()
        .filter_map(|path| {
            let name = crate::slashed(path.strip_prefix(&folder).ok()?).into_owned();
            let file = path.strip_prefix(site_root).ok()?.to_path_buf();
            Some((name, file))
        })
        .collect()
}

/// The file template `name` came from, among `origins` (name, file).
fn template_file<'o>(origins: &'o [(String, PathBuf)], name: &str) -> Option<&'o PathBuf> {
    (origins.iter())
        .find(|(known, _)| known == name)
        .map(|(_, file)| file)
}

/// The problems Tera finds across templates once each parses (a block that
/// no parent template defines, an unknown filter…), each at its template's
/// file, line and column. Tera gives them as one message of reports, each
/// `error: …` then ` --> name:line:column` and the line marked; `None` when
/// the message is not that.
fn validation_diagnostics(
    error: &tera::Error,
    origin: impl Fn(&str) -> Option<PathBuf>,
) -> Option<Vec<Diagnostic>> {
    let ErrorKind::Msg(message) = error.kind() else {
        return None;
    };
    message
        .split("\n\n")
        .map(|report| {
            let mut lines = report.lines();
            let text = lines.next()?.strip_prefix("error: ")?;
            let place = lines.next()?.trim_start().strip_prefix("--> ")?;
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            let file = origin(parts.next()?)?;
            Some(Diagnostic::error(
                file,
                Position::new(line, column),
                "",
                text,
            ))
        })
        .collect()
}

/// A template error as a diagnostic with the template's file, line and column.
fn template_diagnostic(error: &tera::Error, file: &Path) -> Diagnostic {
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let position = Position::new(
                u32::try_from(span.start_line).unwrap_or(u32::MAX),
                u32::try_from(span.start_col + 1).unwrap_or(u32::MAX),
            );
            Diagnostic::error(file, position, "", report.message().to_string())
        }
        _ => {
            let mut message = error.to_string();
            let mut cause = std::error::Error::source(error);
            while let Some(inner) = cause {
                message.push_str(&format!(": {inner}"));
                cause = inner.source();
            }
            Diagnostic::error(file, Position::default(), "", message)
        }
    }
}
