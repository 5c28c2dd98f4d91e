//! Problems found in a site's files, with where they are.
//!
//! Every stage reports problems as [`Diagnostic`]s so that one run lists all of
//! them: file, line and column, the field path, and what was expected.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

mod quote;

pub use quote::{Quote, Quotes};

/// How bad a finding is: errors stop a build, warnings only inform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a file, 1-based; 0 means "the whole file".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Position {
    pub fn new(line: u32, column: u32) -> Position {
        Position { line, column }
    }

    /// The 1-based position just after `before`, the start of a text up to
    /// some place in it: lines counted by `\n`, columns by characters (a
    /// byte order mark is none, as in YAML's positions and in editors).
    pub fn at_end_of(before: &str) -> Position {
        let before = crate::content::without_bom(before);
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .map_or(0, |last| last.chars().count())
            + 1;
        Position::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        )
    }

    /// The position serde-saphyr recorded for a value.
    pub fn of_location(location: &serde_saphyr::Location) -> Position {
        Position {
            line: u32::try_from(location.line()).unwrap_or(u32::MAX),
            column: u32::try_from(location.column()).unwrap_or(u32::MAX),
        }
    }

    /// The line of `text` this position is on, split at its column: what
    /// comes before, and what is written from here on. Columns count
    /// characters as YAML does (a file's byte order mark is none); column 0 splits
    /// at the line's start, the column after its last character at its end.
    pub fn split_line(self, text: &str) -> Option<(&str, &str)> {
        let line = crate::content::without_bom(text)
            .lines()
            .nth(usize::try_from(self.line).ok()?.checked_sub(1)?)?;
        let at = match usize::try_from(self.column).ok()?.checked_sub(1) {
            None => 0,
            Some(chars) => (line.char_indices().map(|(at, _)| at))
                .chain([line.len()])
                .nth(chars)?,
        };
        Some(line.split_at(at))
    }
}

/// How alike a name written and a known one are (normalized
/// Damerau-Levenshtein) for the one to be taken as a misspelling of the other.
const LIKE_A_MISSPELLING: f64 = 0.7;

/// The name of `known` that `written` is most likely a misspelling of (of
/// equally likely ones, the first in sorted order, whatever order `known`
/// comes in), for messages to offer it. Compared in lower case and NFKC, so
/// `JOHOSEISAKU` and full-width `ｊｏｈｏｓｅｉｓａｋｕ` are `johoseisaku` mistyped.
pub fn likely_meant<'k>(
    written: &str,
    known: impl IntoIterator<Item = &'k str>,
) -> Option<&'k str> {
    use unicode_normalization::UnicodeNormalization;
    let folded = |text: &str| -> String { text.nfkc().flat_map(char::to_lowercase).collect() };
    let written = folded(written);
    known
        .into_iter()
        .map(|name| {
            (
                strsim::normalized_damerau_levenshtein(&written, &folded(name)),
                name,
            )
        })
        .filter(|&(likeness, _)| likeness >= LIKE_A_MISSPELLING)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, name)| name)
}

/// One problem in the content, templates or output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// File the problem is in, relative to the site root.
    pub file: PathBuf,
    pub position: Position,
    /// Path of the field, e.g. `major_items[0].kpis[1].direction`; empty for
    /// problems of the whole file.
    pub field: String,
    pub message: String,
}

impl Diagnostic {
    pub fn error(
        file: impl AsRef<Path>,
        position: Position,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.as_ref().to_path_buf(),
            position,
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn warning(
        file: impl AsRef<Path>,
        position: Position,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, position, field, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// This finding with its file named from the folder the command was
    /// started in, for a site at `root` (`--root`), so that an editor or a
    /// terminal opens it: `site/content/measures/digital.yaml`. Only the
    /// site's own files: the default theme's templates and the pages a
    /// check renders are no files in that folder.
    pub fn from_folder_of(&self, root: &Path) -> Diagnostic {
        let mut shown = self.clone();
        if self.is_in_site() && root != Path::new(".") && root != Path::new("") {
            shown.file = root.join(&self.file);
        }
        shown
    }

    /// Whether the file is one of the site's own, named from its folder:
    /// hyoka.yaml, or in content/, templates/ or static/.
    pub fn is_in_site(&self) -> bool {
        self.file == Path::new(crate::content::load::CONFIG_FILE)
            || self.file.components().next().is_some_and(|first| {
                [
                    crate::content::load::CONTENT_DIR,
                    crate::render::SITE_TEMPLATES_DIR,
                    crate::render::SITE_STATIC_DIR,
                ]
                .iter()
                .any(|folder| first.as_os_str() == *folder)
            })
    }

    /// Writes the finding's line as [`Display`](fmt::Display) does, in `styles`.
    fn write(&self, f: &mut impl fmt::Write, styles: &Styles) -> fmt::Result {
        let place = styles.place;
        write!(f, "{place}{}", crate::display_path(&self.file))?;
        if self.position.line > 0 {
            write!(f, ":{}:{}", self.position.line, self.position.column)?;
        }
        write!(f, "{place:#}: {}: ", styles.severity(self.severity))?;
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        f.write_str(&self.message)
    }
}

/// `file:line:column: error: field: message`, one line, as compilers print it.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, &Styles::PLAIN)
    }
}

/// How findings are printed: plain, or in a terminal's colours as rustc
/// prints its own, so that each finding stands out from the quotes between
/// them.
#[derive(Debug, Clone, Copy)]
pub struct Styles {
    /// The file, line and column.
    place: anstyle::Style,
    /// `error` and the caret under its column.
    error: anstyle::Style,
    /// `warning` and the caret under its column.
    warning: anstyle::Style,
    /// The quote's line number and `|`.
    margin: anstyle::Style,
}

impl Styles {
    /// No escape codes: for files, tests and the JSON's tools.
    pub const PLAIN: Styles = Styles {
        place: anstyle::Style::new(),
        error: anstyle::Style::new(),
        warning: anstyle::Style::new(),
        margin: anstyle::Style::new(),
    };

    /// Bold red errors, bold yellow warnings, blue margins. Print them
    /// through `anstream`, which leaves the colours out where the output is
    /// no terminal or `NO_COLOR` is set.
    pub const COLOURED: Styles = Styles {
        place: anstyle::Style::new().bold(),
        error: anstyle::AnsiColor::Red.on_default().bold(),
        warning: anstyle::AnsiColor::Yellow.on_default().bold(),
        margin: anstyle::AnsiColor::Blue.on_default().bold(),
    };

    /// The style of the word naming `severity` and of its caret.
    fn of(&self, severity: Severity) -> anstyle::Style {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
        }
    }

    /// `error` or `warning`, in its style.
    pub fn severity(&self, severity: Severity) -> String {
        let word = match severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let style = self.of(severity);
        format!("{style}{word}{style:#}")
    }
}

/// Findings collected over a whole run, kept in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds `more`: another run's [`Diagnostics`] or a list of findings.
    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(more);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.0.retain(keep);
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.0.iter_mut()
    }

    /// All findings sorted by file and position, so output does not depend on
    /// the order files were read in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.file, a.position, a.severity, &a.field, &a.message)
                .cmp(&(&b.file, b.position, b.severity, &b.field, &b.message))
        });
        self.0.dedup();
        self.0
    }
}
