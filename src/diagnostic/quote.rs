//! The line a finding points at, quoted below its message as compilers do:
//! the message names a place, the quote shows it, so that a city officer sees
//! the line to fix without counting lines and columns in an editor.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthChar;

use super::{Diagnostic, Styles};

/// Terminal columns a quoted line may take; a longer one (a paragraph of
/// analysis on one line) is cut around the column, so the caret stays on the
/// screen line below it.
const QUOTE_WIDTH: usize = 100;

/// Of [`QUOTE_WIDTH`], the columns kept before the caret when a line is cut.
const QUOTE_WIDTH_BEFORE: usize = 40;

/// What marks a cut end of a quoted line (ASCII: `…` is one column wide in
/// some terminals and two in others, which would move the caret).
const CUT: &str = "...";

/// The site's files that findings point into, each read once however many
/// findings it has.
pub struct Quotes {
    root: PathBuf,
    texts: HashMap<PathBuf, Option<String>>,
    styles: Styles,
}

/// The line a finding points at, split at its column: what is written
/// before it and from it on.
#[derive(Debug, PartialEq, Eq)]
pub struct Quote<'t> {
    pub line: u32,
    pub before: &'t str,
    pub from: &'t str,
}

impl Quotes {
    /// Quotes the files of the site at `root` (`--root`, as the command was
    /// given it), in plain text.
    pub fn new(root: &Path) -> Quotes {
        Quotes {
            root: root.to_path_buf(),
            texts: HashMap::new(),
            styles: Styles::PLAIN,
        }
    }

    /// These quotes, shown in `styles`.
    pub fn in_styles(self, styles: Styles) -> Quotes {
        Quotes { styles, ..self }
    }

    /// `finding` as a terminal prints it: its line, the file named from the
    /// folder the command was started in, then the line of the file it points
    /// at with a caret under its column. A finding of a whole file, or of a
    /// file that is not the site's own (the default theme's templates, a
    /// rendered page) or no longer reads, is its line alone.
    pub fn show(&mut self, finding: &Diagnostic) -> String {
        let mut shown = String::new();
        // Writing into a String cannot fail.
        let _ = finding
            .from_folder_of(&self.root)
            .write(&mut shown, &self.styles);
        let (margin, caret) = (self.styles.margin, self.styles.of(finding.severity));
        if let Some(quote) = self.quote(finding) {
            shown.push('\n');
            shown.push_str(&quote.for_terminal(margin, caret));
        }
        shown
    }

    /// The line `finding` points at, when it points at a line of one of the
    /// site's files as they are now.
    pub fn quote(&mut self, finding: &Diagnostic) -> Option<Quote<'_>> {
        if finding.position.line == 0 || !finding.is_in_site() {
            return None;
        }
        let text = self
            .texts
            .entry(finding.file.clone())
            .or_insert_with(|| crate::content::load::read_text(&self.root.join(&finding.file)))
            .as_deref()?;
        Quote::in_text(text, finding.position)
    }
}

impl<'t> Quote<'t> {
    /// The line of `text` at `position` ([`super::Position::split_line`]).
    fn in_text(text: &'t str, position: super::Position) -> Option<Quote<'t>> {
        let (before, from) = position.split_line(text)?;
        Some(Quote {
            line: position.line,
            before,
            from,
        })
    }

    /// Two lines: the quoted line after its number, and a caret under the
    /// column, placed by the terminal width of what comes before it (two
    /// columns for a kanji or a full-width character, one for a tab printed
    /// as a space); the number and `|` in `margin`'s style, the caret in `caret`'s.
    pub fn for_terminal(&self, margin: anstyle::Style, caret: anstyle::Style) -> String {
        let (before, from) = self.cut_to_fit();
        let number = self.line.to_string();
        // Trailing spaces are noise in a terminal and in the fixtures.
        let quoted = format!("{before}{from}");
        let quoted = quoted.trim_end();
        let space = if quoted.is_empty() { "" } else { " " };
        // Writing into a String cannot fail.
        let mut lines = String::new();
        let _ = write!(
            lines,
            "{margin}{number} |{margin:#}{space}{quoted}\n{margin}{:pad$} |{margin:#} {:indent$}{caret}^{caret:#}",
            "",
            "",
            pad = number.len(),
            indent = width(&before)
        );
        lines
    }

    /// The quote shortened to [`QUOTE_WIDTH`] columns around its column, with
    /// tabs as spaces (each one column, as YAML counts them) and other control
    /// characters as `?`, so that a NUL or an escape sequence in a file
    /// cannot upset the terminal.
    pub fn cut_to_fit(&self) -> (String, String) {
        let mut before = printable(self.before);
        let mut from = printable(self.from);
        if width(&before) + width(&from) <= QUOTE_WIDTH {
            return (before, from);
        }
        if width(&before) > QUOTE_WIDTH_BEFORE {
            let kept = bytes_fitting(before.chars().rev(), QUOTE_WIDTH_BEFORE - CUT.len());
            before = format!("{CUT}{}", &before[before.len() - kept..]);
        }
        let room = QUOTE_WIDTH.saturating_sub(width(&before));
        if width(&from) > room {
            let taken = bytes_fitting(from.chars(), room.saturating_sub(CUT.len()));
            from = format!("{}{CUT}", &from[..taken]);
        }
        (before, from)
    }
}

/// `text` with a tab as a space and other control characters, and the
/// characters that reorder text written right to left, as `?`: one column
/// each, as the column counts them.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => ' ',
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '?',
            c if c.is_control() => '?',
            c => c,
        })
        .collect()
}

/// The bytes of the first of `chars` that fit in `columns` terminal columns.
fn bytes_fitting(chars: impl Iterator<Item = char>, columns: usize) -> usize {
    let mut used = 0;
    chars
        .take_while(|c| {
            used += c.width().unwrap_or(0);
            used <= columns
        })
        .map(char::len_utf8)
        .sum()
}

/// Columns `text` takes in a terminal (control characters none).
fn width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;

    fn quoted(text: &str, line: u32, column: u32) -> Option<String> {
        let plain = anstyle::Style::new();
        Quote::in_text(text, Position::new(line, column))
            .map(|quote| quote.for_terminal(plain, plain))
    }

    #[test]
    fn the_caret_is_under_the_column_counting_kanji_as_two() {
        let text = "name: 防災\nmajor_items:\n      direction: 増える\n";
        assert_eq!(
            quoted(text, 3, 18).unwrap(),
            "3 |       direction: 増える\n  |                  ^"
        );
        assert_eq!(
            quoted("- 名前: 防災訓練の実施\n", 1, 7).unwrap(),
            "1 | - 名前: 防災訓練の実施\n  |         ^",
            "`- 名前: ` is six characters and eight columns"
        );
    }

    #[test]
    fn a_tab_is_one_space_and_a_byte_order_mark_is_not_quoted() {
        assert_eq!(
            quoted("\u{feff}name:\tx\n", 1, 7).unwrap(),
            "1 | name: x\n  |       ^"
        );
    }

    #[test]
    fn control_characters_are_not_sent_to_the_terminal() {
        assert_eq!(
            quoted("name: 危機\0管理\u{1b}[2J課\u{202e}\n", 1, 9).unwrap(),
            "1 | name: 危機?管理?[2J課?\n  |           ^"
        );
    }

    #[test]
    fn the_caret_may_stand_after_the_line_or_at_its_start() {
        assert_eq!(
            quoted("a: [b, c\n", 1, 9).unwrap(),
            "1 | a: [b, c\n  |         ^"
        );
        assert_eq!(quoted("a: b\n", 1, 0).unwrap(), "1 | a: b\n  | ^");
        assert_eq!(quoted("a: b\n", 1, 6), None, "past the line's end");
        assert_eq!(quoted("a: b\n", 2, 1), None, "past the file's end");
        assert_eq!(quoted("a: b\n", 0, 0), None, "the whole file");
    }

    #[test]
    fn the_line_number_sets_the_gutter() {
        let text = "x\n".repeat(11) + "key: value\n";
        assert_eq!(
            quoted(&text, 12, 6).unwrap(),
            "12 | key: value\n   |      ^"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_column() {
        let line = format!("analysis: {}「{}", "あ".repeat(60), "い".repeat(60));
        // 「 follows the ten characters of `analysis: ` and sixty あ.
        let column = 10 + 60 + 1;
        let quoted = quoted(&line, 1, column as u32).unwrap();
        let (quote, caret) = quoted.split_once('\n').unwrap();
        assert!(quote.starts_with("1 | ...あ"), "{quote}");
        assert!(quote.ends_with("い..."), "{quote}");
        assert!(width(quote) <= "1 | ".len() + QUOTE_WIDTH, "{quote}");
        // The caret is under the character at the column: 「.
        let caret_at = width(caret) - 1;
        let mut at = 0;
        let under = quote
            .chars()
            .find(|c| {
                at += c.width().unwrap_or(0);
                at > caret_at
            })
            .unwrap();
        assert_eq!(under, '「', "{quoted}");
    }

    #[test]
    fn only_the_sites_own_files_are_quoted_and_each_is_read_once() {
        let site = tempfile::tempdir().unwrap();
        let file = Path::new("content/measures/bosai.yaml");
        std::fs::create_dir_all(site.path().join("content/measures")).unwrap();
        std::fs::write(site.path().join(file), "name: 防災\ndirection: 増える\n").unwrap();
        let mut quotes = Quotes::new(site.path());
        let finding = Diagnostic::error(file, Position::new(2, 12), "direction", "expected 増加");
        let shown = quotes.show(&finding);
        assert_eq!(
            shown,
            format!(
                "{}\n2 | direction: 増える\n  |            ^",
                finding.from_folder_of(site.path())
            )
        );
        // Read once: the file's later change is not seen by the same quotes.
        std::fs::write(site.path().join(file), "").unwrap();
        assert_eq!(quotes.show(&finding), shown);
        let page = Diagnostic::error("measures/bosai/index.html", Position::new(1, 1), "", "x");
        std::fs::create_dir_all(site.path().join("measures/bosai")).unwrap();
        std::fs::write(site.path().join("measures/bosai/index.html"), "<html>").unwrap();
        assert_eq!(
            quotes.quote(&page),
            None,
            "a rendered page is no file of the site"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_not_read() {
        // Reading it would wait for a writer for ever.
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("content")).unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            site.path().join("content/departments.yaml"),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let finding = Diagnostic::error("content/departments.yaml", Position::new(1, 1), "", "x");
        assert_eq!(Quotes::new(site.path()).quote(&finding), None);
    }
}
