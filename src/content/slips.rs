//! Slips of typing that stop a file from reading, reported where they are
//! rather than where YAML's reading goes wrong because of them.
//!
//! - Characters that look like YAML's spaces and colons but are not: a
//!   tab, a full-width space (「　」 U+3000) or a full-width colon (「：」
//!   U+FF1A). Typed with a Japanese input method or copied from a word
//!   processor, `name:　デジタル化` and `name：デジタル化` read as one word
//!   and `　　title: …` as the end of the line above; serde then reports a
//!   missing key or a document that is not a mapping, far from the cause.
//! - A line indented unlike the mapping or list it belongs with (three
//!   spaces where its siblings have four): YAML then reads it as part of
//!   something else, and reports that.

use super::FiscalYear;
use super::parse::{MISSING_KEY, Problem};
use crate::count;
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
    for (number, line, _) in lines(text) {
        let misplaced = (leading_tab(line).map(|at| (at, TAB_MESSAGE)))
            .or_else(|| misplaced_in(line).map(|at| (at, SPACE_MESSAGE)))
            .or_else(|| full_width_colon(line).map(|at| (at, COLON_MESSAGE)));
        if let Some((at, message)) = misplaced {
            let column = line[..at].chars().count() + 1;
            found.push((
                Position::new(number, column as u32),
                String::new(),
                message.to_string(),
            ));
        }
    }
    found
}

/// What lines at one indentation hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    Keys,
    Items,
    /// A list written at its key's indentation (`key:` then `- a`), and the keys beside that key.
    Both,
}

/// The first line of `text` indented unlike every mapping and list it can
/// belong with, or a key lined up with a list's `-` (or an item with a
/// mapping's keys). None if there is none, or where the layout is beyond
/// this plain reading (a list item opening a list, a flow collection over
/// several lines).
pub fn misaligned(text: &str) -> Option<Problem> {
    let after_start = super::without_bom(text);
    let lone_cr = (text.match_indices('\r')).any(|(at, _)| !text[at + 1..].starts_with('\n'));
    if text.contains('\t') || lone_cr || after_start.contains('\u{feff}') {
        // Tabs (told apart by [`lookalikes`]), lines broken by a lone \r,
        // which YAML counts too, and byte order marks inside the text are
        // beyond this plain reading.
        return None;
    }
    // Open mappings and lists, from the outermost: (indentation, what they hold).
    let mut levels: Vec<(usize, Holds)> = Vec::new();
    // The indentation of the line above if it opened a block for the lines
    // after it (`key:`, `- key:`, `-`), and whether that was a key.
    let mut opened: Option<(usize, bool)> = None;
    // The last two lines of a key with its value: (line number, indentation,
    // whether the key is a fiscal year).
    let mut recent = [(0, usize::MAX, false); 2];
    // The line above if it is a key with its value: (number, indentation, key).
    let mut key_above: Option<(u32, usize, &str)> = None;
    for (number, line, indent) in lines(text) {
        let rest = &line[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        let with_value = key_with_value(line, indent);
        let line_above = std::mem::replace(
            &mut key_above,
            with_value.map(|(at, key, _)| (number, at, key)),
        );
        if rest.starts_with(['[', '{'])
            || rest.contains(": [")
            || rest.contains(": {")
            || rest.contains("- [")
            || rest.contains("- {")
        {
            return None; // a flow collection, which may go on over lines laid out freely
        }
        let uncommented = rest.split(" #").next().unwrap_or(rest);
        if matches!(
            uncommented
                .trim_end_matches(' ')
                .trim_end_matches(is_block_header_tail),
            "|" | ">"
        ) {
            return None; // a document that is one block scalar
        }
        if rest.starts_with(['!', '&', '*', '?', '"', '\''])
            || value_of(rest).starts_with(['!', '&', '*'])
            || unclosed_quote(rest)
        {
            return None; // tags, anchors, aliases, complex keys, quoted text over lines
        }
        let item = rest == "-" || rest.starts_with("- ");
        // For a key: whether it opens a block for the lines after it.
        let key = if item { None } else { key_line(rest) };
        // More indented than a line with a value: a plain scalar's next line
        // (`- a` then `  - b` is the text `a - b`), unless it is a key.
        let deeper = opened.is_none() && levels.last().is_some_and(|&(at, _)| indent > at);
        if !(item || key.is_some()) {
            // Text below a `key:`: the key's value, a plain scalar whose next
            // lines (`- b` among them) go on with it, as after a key with its value.
            if opened.is_some_and(|(parent, _)| indent > parent) {
                opened = None;
            }
            continue;
        }
        if item && deeper {
            continue;
        }
        let holds = if item { Holds::Items } else { Holds::Keys };
        let fits = match opened.take() {
            Some((parent, _)) if indent > parent => {
                levels.push((indent, holds));
                Ok(())
            }
            Some((parent, true)) if item && indent == parent => {
                if let Some(level) = levels.last_mut() {
                    level.1 = Holds::Both;
                }
                Ok(())
            }
            _ => {
                // The levels this line may close are kept until it fits, for the message.
                let open = levels.iter().rposition(|&(at, _)| at <= indent);
                match open.map(|i| (i, levels[i])) {
                    None => {
                        levels.clear();
                        levels.push((indent, holds));
                        Ok(())
                    }
                    Some((i, (at, found))) if at == indent => {
                        levels.truncate(i + 1);
                        if found == holds || found == Holds::Both {
                            Ok(())
                        } else {
                            Err(found)
                        }
                    }
                    Some(_) => Err(Holds::Both),
                }
            }
        };
        // `2022: 1` / ` 2023: 2` / `2024: 3` (one result of a run indented
        // less): the line that left the run is the mistake, not the next one.
        // Only a run of years: after `results:` and its years, a key such as
        // `target: 2人` closes the block, and a line indented deeper after it
        // is the one that is out.
        let year = key == Some(false)
            && with_value.is_some_and(|(_, key, _)| FiscalYear::parse(key).is_some());
        if fits.is_err()
            && year
            && let [(_, before, true), (between_number, between, _)] = recent
            && before == indent
            && between < indent
        {
            return Some((
                Position::new(between_number, between as u32 + 1),
                String::new(),
                format!(
                    "indented {}, unlike the lines above and below it (indented {}): line it up with them",
                    count(between, "space"),
                    count(indent, "space")
                ),
            ));
        }
        if let Err(found) = fits {
            let message = match found {
                // The most common slip: after a key with its value, YAML
                // takes a line indented more as more of that value.
                Holds::Both
                    if let Some((above, at, key)) = line_above
                        && indent > at =>
                {
                    format!(
                        "indented {}, more than `{key}` on line {above}, which has its value: YAML would read this line as more of that value; line it up with the keys, or the `-` of the items, it belongs with (indented {})",
                        count(indent, "space"),
                        spaces(&levels)
                    )
                }
                // `-measure: bosai`: an item whose `-` lost its space.
                Holds::Items
                    if let Some(item) = rest.strip_prefix('-')
                        && item.starts_with(|c: char| !matches!(c, ' ' | '-' | '\t')) =>
                {
                    format!(
                        "a key indented {}, like the `-` of the list above it, that begins with `-`: {}",
                        count(indent, "space"),
                        super::parse::list_item_advice(item)
                    )
                }
                Holds::Items => format!(
                    "a key indented {}, like the `-` of the list above it: a key inside a list item lines up with the first key after its `-`",
                    count(indent, "space")
                ),
                Holds::Keys => format!(
                    "a list item indented {}, like the keys of the mapping above it: a key's list goes on the lines after the key, indented more (or as much, if every item is)",
                    count(indent, "space")
                ),
                Holds::Both => format!(
                    "indented {}, unlike the keys and list items above it (indented {}): line it up with the keys, or the `-` of the items, it belongs with",
                    count(indent, "space"),
                    spaces(&levels)
                ),
            };
            return Some((
                Position::new(number, indent as u32 + 1),
                String::new(),
                message,
            ));
        }
        recent = match key {
            Some(false) => [recent[1], (number, indent, year)],
            _ => [(0, usize::MAX, false); 2],
        };
        if item {
            let content = rest[1..].trim_start_matches(' ');
            if content.starts_with(['-', '!', '&', '*', '?', '"', '\'']) {
                return None; // a list in a list item (`- - a`), tags, anchors, quoted keys
            }
            let at = indent + (rest.len() - content.len());
            match key_line(content) {
                _ if content.is_empty() || content.starts_with('#') => {
                    opened = Some((indent, false))
                }
                Some(opens) => {
                    levels.push((at, Holds::Keys));
                    opened = opens.then_some((at, true));
                }
                None => {}
            }
        } else if key == Some(true) {
            opened = Some((indent, true));
        }
    }
    None
}

/// Whether a problem YAML found at `other` follows from the line of
/// `text` that [`misaligned`] found at `at`, and says less than it: YAML's
/// grammar on that line from its first character (`mapping values are not
/// allowed`), and, when the line above is a key with a value, what YAML
/// made of that value, which it reads as going on onto the misaligned line
/// (`star: true` then an indented `direction: 増加` reads as the text
/// "true direction: 増加", reported as `found "true"`).
pub fn follows_from_misaligned(text: &str, at: Position, other: Position) -> bool {
    if other.line == at.line {
        return other.column >= at.column;
    }
    let above = lines(text)
        .into_iter()
        .take_while(|&(number, _, _)| number < at.line)
        .filter(|&(_, line, indent)| !line[indent..].is_empty() && !line[indent..].starts_with('#'))
        .last();
    above.is_some_and(|(number, line, indent)| {
        number == other.line
            && key_with_value(line, indent).is_some_and(|(key_at, _, value_at)| {
                at.column as usize > key_at + 1 && other.column as usize > value_at
            })
    })
}

/// Whether `message` says that a mapping lacks the key written on the
/// misaligned line at `at`: the key is there, only indented unlike the
/// mapping it belongs to, which the message about the line says.
pub fn misses_the_misaligned_key(text: &str, at: Position, message: &str) -> bool {
    let Some((missing, _)) = message
        .strip_prefix(MISSING_KEY)
        .and_then(|rest| rest.split_once('`'))
    else {
        return false;
    };
    lines(text)
        .into_iter()
        .find(|&(number, _, _)| number == at.line)
        .is_some_and(|(_, line, indent)| {
            let content = line[indent..].trim_start_matches("- ");
            key_line(content).is_some() && content.split(':').next() == Some(missing)
        })
}

/// The key of `line` (indented `indent` spaces) if it is a key with its
/// value, also as a list item (`- star: true`): (the key's indentation, the
/// key, the value's indentation).
fn key_with_value(line: &str, indent: usize) -> Option<(usize, &str, usize)> {
    let mut content = &line[indent..];
    while let Some(item) = content.strip_prefix("- ") {
        content = item.trim_start_matches(' ');
    }
    (key_line(content) == Some(false)).then(|| {
        let key = content.split(": ").next().unwrap_or(content);
        let value = value_of(content);
        (line.len() - content.len(), key, line.len() - value.len())
    })
}

/// Whether `text` (a line from its first character) is a key with its
/// value (`Some(false)`) or a key opening a block for the lines after it
/// (`Some(true)`: `key:`, maybe with a comment); None if it is no key.
fn key_line(text: &str) -> Option<bool> {
    if text.starts_with(['"', '\'', '#', '[', '{', '&', '*', '!', '|', '>']) {
        return None;
    }
    let (key, value) = match text.find(": ") {
        Some(colon) => (&text[..colon], value_of(text)),
        None => (text.strip_suffix(':')?, ""),
    };
    if key.is_empty() || key.contains(" #") {
        return None;
    }
    Some(value.is_empty() || value.starts_with('#'))
}

/// The value on `text` (a line from its first character): after a key's
/// colon or an item's `-`.
fn value_of(text: &str) -> &str {
    let value = match text.find(": ") {
        Some(colon) => &text[colon + 2..],
        None => text.strip_prefix("- ").unwrap_or(text),
    };
    value.trim_start_matches(' ')
}

/// Whether the value of `text` (a line from its first character) is a
/// quoted scalar that goes on to the next line.
fn unclosed_quote(text: &str) -> bool {
    let mut chars = value_of(text).chars();
    match chars.next() {
        // `''` stands for `'`.
        Some('\'') => chars.as_str().replace("''", "").find('\'').is_none(),
        Some('"') => {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => return false,
                    _ => {}
                }
            }
            true
        }
        _ => false,
    }
}

/// The indentations of `levels`, innermost first: `4, 2 or 0`.
fn spaces(levels: &[(usize, Holds)]) -> String {
    let words: Vec<String> = levels.iter().rev().map(|(at, _)| at.to_string()).collect();
    match words.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The lines of `text` outside block scalars (`|`, `>`), whose text may be
/// laid out as it likes: (1-based number, line without its line break or
/// byte order mark, spaces it starts with).
fn lines(text: &str) -> Vec<(u32, &str, usize)> {
    let mut outside = Vec::new();
    // The indentation of the line that opened the block scalar we are in.
    let mut block: Option<usize> = None;
    for (number, line) in super::without_bom(text).split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(opened) = block {
            if line.trim_matches(' ').is_empty() || indent > opened {
                continue;
            }
            block = None;
        }
        outside.push((number as u32 + 1, line, indent));
        if opens_block(line) {
            block = Some(block_parent(line, indent));
        }
    }
    outside
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

/// The indentation a block scalar opened on `line` must go past: that of
/// its key (`- a: |` opens one under `a`), or of its item's `-` (`- |`).
fn block_parent(line: &str, indent: usize) -> usize {
    let (mut dash, mut rest) = (indent, &line[indent..]);
    while let Some(item) = rest.strip_prefix("- ") {
        let content = item.trim_start_matches(' ');
        if content.starts_with(['|', '>']) {
            return dash;
        }
        dash = line.len() - content.len();
        rest = content;
    }
    dash
}

/// Whether `c` may follow a block scalar's `|` or `>`: a chomping or an
/// indentation indicator (`|-`, `>+`, `|2`, `|1-`).
pub(crate) fn is_block_header_tail(c: char) -> bool {
    matches!(c, '-' | '+' | '1'..='9')
}

/// Whether `line` ends in a block scalar's indicator (`key: |`, `- >-`,
/// `key: |1-` with an indentation indicator).
fn opens_block(line: &str) -> bool {
    let line = line.split(" #").next().unwrap_or(line).trim_end();
    let indicator = line.trim_end_matches(is_block_header_tail);
    matches!(indicator.trim_start_matches(' '), "|" | ">")
        || (indicator.ends_with(" |") || indicator.ends_with(" >"))
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

    fn misaligned_at(text: &str) -> Option<(u32, u32, String)> {
        misaligned(text).map(|(position, _, message)| (position.line, position.column, message))
    }

    #[test]
    fn a_line_indented_unlike_its_mapping_or_list_is_found() {
        let measure = "name: a\nmajor_items:\n  - number: 1\n    title: x\n    kpis:\n      - name: k\n        results:\n          令和5年度: 1人\n        target: 2人\n    note: |\n       any\n     layout\n  - number: 2\n    title: y\n";
        assert_eq!(misaligned_at(measure), None);
        // Lists at their key's indentation, comments, blank lines, a folded scalar's next line.
        let compact = "fields:\n- a\n- b\n# c\n\nsearch: true\ntitle: a\n  b\nlist:\n-\n  x: 1\n";
        assert_eq!(misaligned_at(compact), None);
        // A block scalar with an indentation indicator holds any text.
        assert_eq!(
            misaligned_at("a: |1-\n    x: 1\nb: >2\n    y: 2\nc: 3\n"),
            None
        );
        let three = measure.replace("    title: x", "   title: x");
        assert_eq!(
            misaligned_at(&three),
            Some((4, 4, "indented 3 spaces, unlike the keys and list items above it (indented 4, 2 or 0): line it up with the keys, or the `-` of the items, it belongs with".to_string()))
        );
        let five = measure.replace("    title: x", "     title: x");
        assert_eq!(
            misaligned_at(&five).map(|(line, column, _)| (line, column)),
            Some((4, 6))
        );
        let two = measure.replace("    title: x", "  title: x");
        assert_eq!(
            misaligned_at(&two),
            Some((4, 3, "a key indented 2 spaces, like the `-` of the list above it: a key inside a list item lines up with the first key after its `-`".to_string()))
        );
        let item = "a: 1\nb: 2\n- c\n";
        assert_eq!(
            misaligned_at(item).map(|(line, column, _)| (line, column)),
            Some((3, 1))
        );
        // A result out of its run: that line is named, not the next one, which is right.
        let results = "results:\n  令和3年度: 1人\n  令和4年度: 2人\n  令和5年度: 3人\n";
        let one_out = results.replace("  令和4年度", "令和4年度");
        assert_eq!(
            misaligned_at(&one_out),
            Some((3, 1, "indented 0 spaces, unlike the lines above and below it (indented 2 spaces): line it up with them".to_string()))
        );
        // After the results, a key with its value closes them: the deeper
        // line after it is the one out, not that key.
        let kpi = "kpis:\n  - name: k\n    results:\n      令和5年度: 1人\n    target: 2人\n      target_year: 令和7年度\n";
        assert_eq!(
            misaligned_at(kpi),
            Some((6, 7, "indented 6 spaces, more than `target` on line 5, which has its value: YAML would read this line as more of that value; line it up with the keys, or the `-` of the items, it belongs with (indented 4, 2 or 0)".to_string()))
        );
        // What YAML says of that line's text and of the value above is left to it.
        let follows = |line, column| {
            follows_from_misaligned(kpi, Position::new(6, 7), Position::new(line, column))
        };
        assert!(follows(6, 7) && follows(6, 18) && follows(5, 13));
        assert!(!follows(6, 1) && !follows(5, 5) && !follows(4, 18) && !follows(7, 1));
        assert_eq!(
            misaligned_at(&results.replace("  令和4年度", " 令和4年度")),
            Some((3, 2, "indented 1 space, unlike the keys and list items above it (indented 2 or 0): line it up with the keys, or the `-` of the items, it belongs with".to_string()))
        );
    }

    #[test]
    fn no_line_of_a_file_that_reads_is_misaligned() {
        // Every YAML file of the repository that is valid YAML, however it is laid out.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut checked = 0;
        for folder in ["content", "tests/fixtures", "themes"] {
            for entry in walkdir::WalkDir::new(root.join(folder)) {
                let path = entry.unwrap().into_path();
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                if path.extension().is_some_and(|e| e == "yaml")
                    && serde_saphyr::from_str::<serde_json::Value>(&text).is_ok()
                {
                    assert_eq!(misaligned(&text), None, "{}", path.display());
                    checked += 1;
                }
            }
        }
        assert!(checked > 50, "{checked} files");
    }

    #[test]
    fn text_below_a_key_goes_on_over_lines_that_begin_with_a_dash() {
        // `analysis`'s value is the text 「a - b - c」, not a list.
        let text = "rows:\n  - analysis:   # c\n     a\n      - b\n\n     - c\n  - measure: x\n";
        assert!(serde_saphyr::from_str::<serde_json::Value>(text).is_ok());
        assert_eq!(misaligned(text), None);
        // A list below a key is still a list, and a misaligned item in it is found.
        let list = "rows:\n  - analysis:\n      - b\n     - c\n";
        assert_eq!(misaligned(list).map(|(at, _, _)| at.line), Some(4));
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
