//! Characters that look like YAML's spaces and colons but are not: a tab,
//! a full-width space (「　」 U+3000) or a full-width colon (「：」 U+FF1A).
//!
//! Typed with a Japanese input method or copied from a word processor, a
//! tab or full-width space in the indentation or after a key's colon, or a
//! full-width colon after a key, is text or an error to YAML:
//! `name:　デジタル化` and `name：デジタル化` read as one word and
//! `　　title: …` as the end of the line above, and the problem serde then
//! reports (a missing key, a document that is not a mapping, "while
//! scanning a plain scalar, found a tab") is far from its cause or in
//! YAML's words. When a file does not read, these places are reported
//! instead, where they are.

use super::FiscalYear;
use super::load::Problem;
use crate::diagnostic::Position;

const FULL_WIDTH_SPACE: char = '\u{3000}';
const FULL_WIDTH_COLON: char = '\u{ff1a}';

const SPACE_MESSAGE: &str = "a full-width space 「　」 where YAML needs a half-width one: indent, and follow a key's colon or a list's -, with half-width spaces";
const TAB_MESSAGE: &str =
    "a tab where YAML needs half-width spaces: indent with half-width spaces only";
const COLON_MESSAGE: &str =
    "a full-width colon 「：」 after a key: YAML needs a half-width colon and space (`key: value`)";

/// Every tab in a line's indentation, full-width space in a line's
/// indentation, right after a key's colon or right after a list item's `-`,
/// and full-width colon right after a key, of `text`, outside block scalars
/// (`|`, `>`), whose text may well hold them.
pub fn lookalikes(text: &str) -> Vec<Problem> {
    let mut found = Vec::new();
    // The indentation of the line that opened the block scalar we are in.
    let mut block: Option<usize> = None;
    for (number, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = if number == 0 {
            line.strip_prefix('\u{feff}').unwrap_or(line)
        } else {
            line
        };
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(opened) = block {
            if line.trim_matches(' ').is_empty() || indent > opened {
                continue;
            }
            block = None;
        }
        let misplaced = (leading_tab(line).map(|at| (at, TAB_MESSAGE)))
            .or_else(|| misplaced_in(line).map(|at| (at, SPACE_MESSAGE)))
            .or_else(|| full_width_colon(line).map(|at| (at, COLON_MESSAGE)));
        if let Some((at, message)) = misplaced {
            let column = line[..at].chars().count() + 1;
            found.push((
                Position::new(number as u32 + 1, column as u32),
                String::new(),
                message.to_string(),
            ));
        }
        if opens_block(line) {
            block = Some(indent);
        }
    }
    found
}

/// The byte offset of the first misplaced full-width space of `line`.
fn misplaced_in(line: &str) -> Option<usize> {
    let mut rest = line.trim_start_matches(' ');
    if rest.starts_with(FULL_WIDTH_SPACE) {
        return Some(line.len() - rest.len());
    }
    // Past the `- ` of items (`- - a` nests them).
    while let Some(item) = rest.strip_prefix('-') {
        if item.starts_with(FULL_WIDTH_SPACE) {
            return Some(line.len() - item.len());
        }
        match item.strip_prefix(' ') {
            Some(after) => rest = after.trim_start_matches(' '),
            None => return None,
        }
    }
    // A key: text up to its colon, outside quotes and comments.
    if rest.starts_with(['"', '\'', '#']) {
        return None;
    }
    let colon = rest.find(":\u{3000}")?;
    let key = &rest[..colon];
    let plain_key = !key.contains(": ") && !key.contains(" #");
    plain_key.then(|| line.len() - rest.len() + colon + 1)
}

/// The byte offset of a tab among the spaces `line` starts with.
fn leading_tab(line: &str) -> Option<usize> {
    let rest = line.trim_start_matches([' ', FULL_WIDTH_SPACE]);
    rest.starts_with('\t').then(|| line.len() - rest.len())
}

/// The byte offset of a full-width colon right after the key a mapping's
/// line starts with: one of the format's keys (`name`, `target_year`) or a
/// fiscal year (`令和5年度`). Not in list items, which are often text such
/// as `- 取組内容：…`.
fn full_width_colon(line: &str) -> Option<usize> {
    let rest = line.trim_start_matches(' ');
    let (key, _) = rest.split_once(FULL_WIDTH_COLON)?;
    let format_key = key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    (format_key || FiscalYear::parse(key).is_some()).then(|| line.len() - rest.len() + key.len())
}

/// Whether `line` ends in a block scalar's indicator (`key: |`, `- >-`).
fn opens_block(line: &str) -> bool {
    let line = line.split(" #").next().unwrap_or(line).trim_end();
    let indicator = line.trim_end_matches(['-', '+']);
    (indicator.ends_with(" |") || indicator.ends_with(" >"))
        || (indicator.ends_with(":|") || indicator.ends_with(":>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(text: &str) -> Vec<(u32, u32)> {
        lookalikes(text)
            .into_iter()
            .map(|(position, _, _)| (position.line, position.column))
            .collect()
    }

    #[test]
    fn full_width_spaces_where_yaml_needs_half_width_ones_are_found() {
        let text = "\u{feff}name:　デジタル化\nitems:\n  - number: 1\n　　title: x\n  -　y\n  - note: |\n      　本市では、\n　　　　令和5年度に\n    text: 「a:　b」\n";
        // Line 1 after the byte order mark, the indentation of line 4, the
        // item of line 5, and line 8, which is no longer in the block scalar
        // (it lacks the half-width indentation); not the block's text on
        // line 7, which may begin with a full-width space, nor a colon in a value.
        assert_eq!(places(text), [(1, 6), (4, 1), (5, 4), (8, 1)]);
        assert_eq!(lookalikes(text)[0].2, SPACE_MESSAGE);
        assert_eq!(places("a: 1\n"), []);
        assert_eq!(places("a:\r\n  　b: 1\r\n"), [(2, 3)]);
    }

    #[test]
    fn tabs_in_the_indentation_are_found() {
        let text = "a:\n\tb: 1\nc:\t1\nd: |\n  \tx\n  \ty: 1\n";
        // Not a tab after a colon, which YAML allows, nor in a block scalar's text.
        assert_eq!(places(text), [(2, 1)]);
        assert_eq!(lookalikes(text)[0].2, TAB_MESSAGE);
    }

    #[test]
    fn full_width_colons_after_keys_are_found_but_not_in_text() {
        let text = "name：防災
results:
  令和5年度：1,350人
  2023：1
rows:
  - 取組内容：研修
  - note: 備考：なし
note: |
  name：x
";
        assert_eq!(places(text), [(1, 5), (3, 8), (4, 7)]);
        assert_eq!(lookalikes(text)[0].2, COLON_MESSAGE);
    }
}
