//! Finding where a field is written in a YAML file, for findings about fields
//! whose position the model does not keep (KPI values, names), and where a
//! link's address is written, for the link check.
//!
//! Content files are block-style YAML as `docs/content-format.md` shows them,
//! so following indentation is enough; where the layout is unusual, the
//! deepest part of the path that was found is given instead.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use crate::content::load::read_text;
use crate::content::{FiscalYear, without_bom};
use crate::diagnostic::{Diagnostic, Position};

/// Gives each of `findings` that names a field but no place (an item number
/// used twice, a KPI value) the closest position [`locate_value`] finds for
/// its field in its file of the site at `root`; 0:0, the whole file, if none.
/// Each file is read once however many findings name it, the files in
/// parallel: a national report may have a warning for every KPI.
pub fn place<'a>(root: &Path, findings: impl IntoIterator<Item = &'a mut Diagnostic>) {
    let mut unplaced: HashMap<PathBuf, Vec<&mut Diagnostic>> = HashMap::new();
    for finding in findings {
        if finding.position == Position::default() && !finding.field.is_empty() {
            unplaced
                .entry(finding.file.clone())
                .or_default()
                .push(finding);
        }
    }
    unplaced.into_par_iter().for_each(|(file, findings)| {
        if let Some(text) = read_text(&root.join(file)) {
            for finding in findings {
                finding.position = locate_value(&text, &finding.field);
            }
        }
    });
}

/// One step of a field path.
#[derive(Debug, PartialEq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Splits `major_items[0].kpis` into `Key(major_items), Index(0), Key(kpis)`.
fn steps(field: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in field.split('.') {
        let (key, indexes) = part
            .split_once('[')
            .map_or((part, ""), |(key, rest)| (key, rest));
        if !key.is_empty() {
            steps.push(Step::Key(key));
        }
        for index in indexes.split('[') {
            if let Some(Ok(n)) = index.strip_suffix(']').map(str::parse) {
                steps.push(Step::Index(n));
            }
        }
    }
    steps
}

/// Where a node's content starts: line and column, 0-based, in bytes (the
/// indentation and `- ` before a node are ASCII).
#[derive(Debug, Clone, Copy)]
struct Node {
    line: usize,
    column: usize,
}

/// The position of `field` in `text`, or of the deepest part of it found (0:0 if none).
pub fn locate(text: &str, field: &str) -> Position {
    written_at(text, field).0
}

/// [`locate`], but at the field's value when it is written on the same line
/// (`令和3年度: 1,350名`, `- 実施した。`): a finding about a value is shown
/// under it, as YAML's own errors are.
pub fn locate_value(text: &str, field: &str) -> Position {
    let (at, value) = written_at(text, field);
    value.unwrap_or(at)
}

/// [`locate`], and the position of the field's value when the whole path
/// was found and the value is written on the same line.
fn written_at(text: &str, field: &str) -> (Position, Option<Position>) {
    let lines: Vec<&str> = without_bom(text).lines().collect();
    let Some(mut node) = next_content(&lines, 0) else {
        return (Position::default(), None);
    };
    let mut found = (Position::default(), None);
    let mut steps = steps(field).into_iter().peekable();
    while let Some(step) = steps.next() {
        let next = match step {
            Step::Key(key) => find_key(&lines, node, key),
            Step::Index(n) => find_item(&lines, node, n),
        };
        let Some((at, value)) = next else {
            return (found.0, None);
        };
        let inline = value
            .filter(|value| value.line == at.line && is_value(&lines[value.line][value.column..]));
        found = (
            position_of(&lines, at),
            inline.map(|value| position_of(&lines, value)),
        );
        match value {
            Some(value) => node = value,
            None if steps.peek().is_some() => return (found.0, None),
            None => break,
        }
    }
    found
}

/// Whether `content`, what a line holds from a node on, is a value of its
/// own, not the first key of a mapping (`- name: 防災`) or a block of text
/// below (`|`).
fn is_value(content: &str) -> bool {
    let written = content.split(" #").next().unwrap_or_default().trim_end();
    let quoted = content.starts_with(['"', '\'', '[', '{']);
    let key = written.contains(": ") || written.ends_with(':');
    !written.is_empty() && !content.starts_with(['|', '>', '#']) && (quoted || !key)
}

/// The 1-based position of a node, counting characters.
fn position_of(lines: &[&str], node: Node) -> Position {
    let column = lines[node.line][..node.column].chars().count() + 1;
    Position::new(
        u32::try_from(node.line + 1).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// The first line at or after `from` holding content, as a node at its indentation.
fn next_content(lines: &[&str], from: usize) -> Option<Node> {
    (from..lines.len())
        .find_map(|line| content_column(lines[line]).map(|column| Node { line, column }))
}

/// Indentation of a line with content; None for blank lines, comments and document markers.
fn content_column(line: &str) -> Option<usize> {
    let rest = line.trim_start_matches(' ');
    let blank = rest.is_empty() || rest.starts_with('#') || rest.starts_with("---");
    (!blank).then(|| line.len() - rest.len())
}

/// The lines of the mapping or sequence starting at `node`: each as (line, column, text from column).
/// The node's first line counts from the node's column; the block ends at a line indented less.
fn block<'a>(
    lines: &'a [&'a str],
    node: Node,
) -> impl Iterator<Item = (usize, usize, &'a str)> + 'a {
    (node.line..lines.len())
        .filter_map(move |line| {
            if line == node.line {
                return Some(Some((line, node.column, &lines[line][node.column..])));
            }
            let column = content_column(lines[line])?;
            Some((column >= node.column).then(|| (line, column, &lines[line][column..])))
        })
        .map_while(|entry| entry)
}

/// Finds `key:` in the mapping at `node`: the key's node and its value's node (None for an empty value).
fn find_key(lines: &[&str], node: Node, key: &str) -> Option<(Node, Option<Node>)> {
    let (line, column, text, after) = block(lines, node).find_map(|(line, column, text)| {
        let after = (column == node.column)
            .then(|| written_key(text, key))
            .flatten()?;
        Some((line, column, text, after))
    })?;
    let at = Node { line, column };
    let key_length = text.len() - after.len();
    let value = after.trim_start_matches(' ');
    if !value.is_empty() && !value.starts_with('#') && !value.starts_with(['|', '>']) {
        return Some((
            at,
            Some(Node {
                line,
                column: column + key_length + (after.len() - value.len()),
            }),
        ));
    }
    // The value is on the next lines: indented more, or a sequence at the key's own indentation.
    let below = next_content(lines, line + 1).filter(|next| {
        next.column > column
            || (next.column == column && lines[next.line][next.column..].starts_with('-'))
    });
    Some((at, below))
}

/// What follows `key:` when `text` (a line from its indentation) starts
/// with that key. A fiscal year matches however it is written: the model
/// names a KPI's results 令和5年度 whether the file says `2023:` or `令和５年度:`.
fn written_key<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let (written, after) = text.split_once(':')?;
    let same = written == key
        || FiscalYear::parse(written).is_some_and(|year| Some(year) == FiscalYear::parse(key));
    (same && (after.is_empty() || after.starts_with(' '))).then_some(after)
}

/// Finds item `n` (0-based) of the sequence at `node`: its `-` and its content's node.
fn find_item(lines: &[&str], node: Node, n: usize) -> Option<(Node, Option<Node>)> {
    let (line, column, text) = block(lines, node)
        .filter(|&(_, column, _)| column == node.column)
        .take_while(|(_, _, text)| *text == "-" || text.starts_with("- "))
        .nth(n)?;
    let at = Node { line, column };
    let content = text[1..].trim_start_matches(' ');
    if content.is_empty() {
        return Some((at, next_content(lines, line + 1)));
    }
    Some((
        at,
        Some(Node {
            line,
            column: column + text.len() - content.len(),
        }),
    ))
}

/// The top-level key whose value holds line `line` (1-based), e.g. `description`.
pub fn top_level_key(text: &str, line: u32) -> Option<&str> {
    let line = usize::try_from(line).ok()?;
    without_bom(text)
        .lines()
        .take(line)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .find_map(|text| {
            let (key, _) = text.split_once(':')?;
            let plain = !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            plain.then_some(key)
        })
}

/// The 1-based position of byte `offset` in `text`.
pub fn position_at(text: &str, offset: usize) -> Position {
    Position::at_end_of(&text[..offset])
}

/// Where `address`, a link as a page has it, is first written in `text`:
/// its byte offset, and the address as written there. A page has its
/// Markdown's addresses percent-encoded (pulldown-cmark writes `手続/一覧.html`
/// as `%E6%89%8B%E7%B6%9A/…`, `<my file.pdf>` as `my%20file.pdf`), so the two
/// are compared decoded, which also finds one written encoded, whole or in part.
pub fn written_address<'t>(text: &'t str, address: &str) -> Option<(usize, &'t str)> {
    let wanted: Cow<'_, [u8]> = percent_decode_str(address).into();
    let (decoded, from) = percent_decoded(text.as_bytes());
    memchr::memmem::find_iter(&decoded, &*wanted).find_map(|at| {
        let (start, end) = (from[at], from[at + wanted.len()]);
        let whole = text.is_char_boundary(start) && text.is_char_boundary(end);
        whole.then(|| (start, &text[start..end]))
    })
}

/// `bytes` percent-decoded as [`percent_decode_str`] does it (a `%` without
/// two hex digits is itself), and the offset in `bytes` where each decoded
/// byte, and the end, comes from.
fn percent_decoded(bytes: &[u8]) -> (Vec<u8>, Vec<usize>) {
    let hex = |at: usize| {
        let digit = char::from(*bytes.get(at)?).to_digit(16)?;
        u8::try_from(digit).ok()
    };
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut from = Vec::with_capacity(bytes.len() + 1);
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        from.push(at);
        match (byte, hex(at + 1), hex(at + 2)) {
            (b'%', Some(high), Some(low)) => {
                decoded.push(high * 16 + low);
                at += 3;
            }
            _ => {
                decoded.push(byte);
                at += 1;
            }
        }
    }
    from.push(at);
    (decoded, from)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEASURE: &str = "\
# comment
name: 防災
major_items:
  - number: 1
    title: 地域の防災力
    kpis:
      - name: 参加者数
        direction: 増加
        baseline: 1,200人
        results:
          令和3年度: 1,350人

          令和4年度: —
        target: 2,000人
      - name: 訓練回数
        target: 3回
    mid_items:
    - number: 1
      projects:
        - bosai-kunren
  - number: 2
    title: 二つ目
";

    #[test]
    fn finds_nested_fields() {
        assert_eq!(locate(MEASURE, "name"), Position::new(2, 1));
        assert_eq!(
            locate(MEASURE, "major_items[0].kpis[0].baseline"),
            Position::new(9, 9)
        );
        assert_eq!(
            locate(MEASURE, "major_items[0].kpis[0].results.令和4年度"),
            Position::new(13, 11)
        );
        assert_eq!(
            locate(MEASURE, "major_items[0].kpis[1].target"),
            Position::new(16, 9)
        );
        assert_eq!(
            locate(MEASURE, "major_items[0].mid_items[0].projects[0]"),
            Position::new(20, 9)
        );
        assert_eq!(
            locate(MEASURE, "major_items[1].title"),
            Position::new(22, 5)
        );
    }

    #[test]
    fn points_at_a_value_written_on_the_fields_line() {
        let value = |field: &str| locate_value(MEASURE, field);
        assert_eq!(value("name"), Position::new(2, 7));
        // Columns count characters: 令和3年度 is five.
        assert_eq!(
            value("major_items[0].kpis[0].results.令和3年度"),
            Position::new(11, 18)
        );
        assert_eq!(
            value("major_items[0].mid_items[0].projects[0]"),
            Position::new(20, 11)
        );
        // A mapping, on the next lines or begun on the item's line, and a
        // path not found to its end keep the key or the item.
        assert_eq!(
            value("major_items[0].kpis[0].results"),
            Position::new(10, 9)
        );
        assert_eq!(value("major_items[0].kpis[0]"), Position::new(7, 7));
        assert_eq!(
            value("major_items[0].kpis[0].results.令和5年度"),
            Position::new(10, 9)
        );
        let block = "description: |\n  本文\nnote: \"注: 引用\"  # メモ\nitems:\n  - 注: 説明\n";
        assert_eq!(locate_value(block, "description"), Position::new(1, 1));
        assert_eq!(locate_value(block, "note"), Position::new(3, 7));
        assert_eq!(locate_value(block, "items[0]"), Position::new(5, 3));
    }

    #[test]
    fn a_byte_order_mark_is_no_column() {
        let text = "\u{feff}name: 防災 #せっつ\n";
        assert_eq!(locate(text, "name"), Position::new(1, 1));
        assert_eq!(locate_value(text, "name"), Position::new(1, 7));
        assert_eq!(
            position_at(text, text.find('#').unwrap()),
            Position::new(1, 10)
        );
        assert_eq!(top_level_key(text, 1), Some("name"));
    }

    #[test]
    fn gives_the_closest_part_found() {
        // 2023 is written 令和5年度 nowhere: the results mapping is as close as it gets.
        assert_eq!(
            locate(MEASURE, "major_items[0].kpis[0].results.令和5年度"),
            Position::new(10, 9)
        );
        assert_eq!(
            locate(MEASURE, "major_items[0].kpis[5].name"),
            Position::new(6, 5)
        );
        assert_eq!(locate(MEASURE, "nothing"), Position::default());
        assert_eq!(locate("", "name"), Position::default());
    }

    #[test]
    fn finds_a_year_however_written() {
        let kpi = "results:\n  2022: 1,350人\n  令和５年度: 2,000人\n  2024年度:\n";
        assert_eq!(locate(kpi, "results.令和4年度"), Position::new(2, 3));
        assert_eq!(locate(kpi, "results.令和5年度"), Position::new(3, 3));
        assert_eq!(locate(kpi, "results.令和6年度"), Position::new(4, 3));
        assert_eq!(locate(kpi, "results.令和7年度"), Position::new(1, 1));
    }

    #[test]
    fn top_level_sequences() {
        let departments = "- id: kikikanri\n  name: 危機管理課\n- id: somu\n  name: 総務課\n";
        assert_eq!(locate(departments, "[1].name"), Position::new(4, 3));
        assert_eq!(locate(departments, "[1]"), Position::new(3, 1));
    }

    #[test]
    fn steps_of_a_path() {
        assert_eq!(
            steps("a[0].b[1][2]"),
            [
                Step::Key("a"),
                Step::Index(0),
                Step::Key("b"),
                Step::Index(1),
                Step::Index(2)
            ]
        );
        assert_eq!(steps("[3].name"), [Step::Index(3), Step::Key("name")]);
    }

    #[test]
    fn finds_an_address_however_percent_encoded() {
        let text = "\u{feff}description: |\n  [一覧](手続/一覧.html)、<my file.pdf>、\n  \
                    [既に](%E6%97%A2.html)、[混ぜた](混ぜ%20た.html)、100%.html\n  [^1]: 脚注本文\n";
        let written = |address: &str| {
            written_address(text, address).map(|(at, written)| (position_at(text, at), written))
        };
        assert_eq!(
            written("%E6%89%8B%E7%B6%9A/%E4%B8%80%E8%A6%A7.html"),
            Some((Position::new(2, 8), "手続/一覧.html"))
        );
        assert_eq!(
            written("my%20file.pdf"),
            Some((Position::new(2, 21), "my file.pdf"))
        );
        assert_eq!(
            written("%E6%97%A2.html"),
            Some((Position::new(3, 8), "%E6%97%A2.html"))
        );
        assert_eq!(
            written("%e6%b7%b7%e3%81%9c%20%e3%81%9f.html"),
            Some((Position::new(3, 30), "混ぜ%20た.html"))
        );
        assert_eq!(
            written("100%.html"),
            Some((Position::new(3, 43), "100%.html"))
        );
        // `[^1]: 脚注本文` defines a link: CommonMark without footnotes reads it so.
        assert_eq!(
            written("%E8%84%9A%E6%B3%A8%E6%9C%AC%E6%96%87"),
            Some((Position::new(4, 9), "脚注本文"))
        );
        assert_eq!(written("%E6%89%8B.pdf"), None);
        // Not part of a character: 手 is %E6%89%8B.
        assert_eq!(written("%E6%89"), None);
    }

    #[test]
    fn keys_and_offsets() {
        let text = "name: x\ndescription: |\n  see [a](b)\n";
        let offset = text.find("[a]").unwrap();
        assert_eq!(position_at(text, offset), Position::new(3, 7));
        assert_eq!(top_level_key(text, 3), Some("description"));
    }
}
