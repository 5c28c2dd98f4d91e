//! Text that YAML, read by the rules, makes into other text than was written,
//! found with serde-saphyr's own parser:
//!
//! - [`swallowing`]: text that begins with `&` or `!`. YAML reads `&name` as
//!   an anchor (a name for reusing a value) and `!name` as a tag (the value's
//!   type), not as text, so `- &注 予算を削減した` would publish only
//!   予算を削減した, and the file reads without an error. Content files have
//!   no use for either, except an anchor that an alias (`*name`) reuses, so
//!   every other one is a problem. The plain YAML reader declines both, so
//!   only the files it declines are looked at.
//! - [`joined_lines`]: text written over several lines, joined with a space
//!   that Japanese does not put between words (a warning of `hyoka check`).
//! - [`may_change_text`]: whether a file may hold either that or a text cut
//!   by a comment, told while the file is read so that the warnings need not
//!   read it again.

use std::collections::HashSet;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span, options};

use super::parse::{Problem, QUOTE_EXAMPLE, quote_briefly};
use super::plain_yaml::locate::Step;
use super::recover::field_path;
use crate::diagnostic::Position;

/// Every anchor no alias uses and every tag outside YAML's core schema (`!!str`
/// is a type, and keeps the text) written on a scalar value of `text`. Nothing if
/// the text does not parse: its other problems are reported, and an alias
/// after the failing line could not be seen.
pub(super) fn swallowing(text: &str) -> Vec<Problem> {
    if !text.contains(['&', '!']) {
        return Vec::new();
    }
    let parser = Parser::new_from_str_with_options(text, options! { emit_anchor_events: true });
    let mut path = Path::default();
    let mut anchors: Vec<(usize, Problem)> = Vec::new();
    let mut aliased = HashSet::new();
    let mut tagged = Vec::new();
    // The scalar whose anchor's `&name` is the next event: (field, value, its span).
    let mut anchored: Option<(String, String, Span)> = None;
    for event in parser {
        let Ok((event, span)) = event else {
            return Vec::new();
        };
        match event {
            Event::Anchor(id, name) => {
                if let Some((field, value, scalar)) = anchored.take() {
                    let message = swallowed(
                        "&",
                        &name,
                        "an anchor (a name for reusing the value)",
                        &value,
                        text,
                        span,
                        scalar,
                    );
                    anchors.push((id, (position(span), field, message)));
                }
            }
            Event::Alias(id) => {
                aliased.insert(id);
                path.follow(&event);
            }
            // A key is no text on the page: an anchor or tag there takes nothing.
            Event::Scalar(ref value, _, anchor, ref tag) if !path.awaits_key() => {
                let field = path.node();
                // A tag or anchor on no text (whose value reads as `~`) takes
                // nothing a reader would miss, and the empty value is a
                // problem of its own where one is required.
                let written =
                    span.start.byte_offset() != span.end.byte_offset() && !value.is_empty();
                if let Some(tag) = tag.as_ref().filter(|tag| !tag.is_yaml_core_schema())
                    && let Some(at) = span.tag_start
                    && written
                {
                    let name = format!(
                        "{}{}",
                        tag.original_handle().trim_start_matches('!'),
                        tag.suffix()
                    );
                    let tag_span = Span::new(at, at);
                    let message = swallowed(
                        "!",
                        &name,
                        "a tag (a type for the value)",
                        value,
                        text,
                        tag_span,
                        span,
                    );
                    tagged.push((position(tag_span), field.clone(), message));
                }
                if anchor != 0 && written {
                    anchored = Some((field, value.to_string(), span));
                }
                path.follow(&event);
            }
            _ => path.follow(&event),
        }
    }
    let mut found: Vec<Problem> = anchors
        .into_iter()
        .filter(|(id, _)| !aliased.contains(id))
        .map(|(_, problem)| problem)
        .chain(tagged)
        .collect();
    found.sort_by_key(|(at, _, _)| (at.line, at.column));
    found
}

/// Whether YAML may read a text of the file `text` otherwise than it is
/// written (or the text holds a note for editors): a value followed by ` #`
/// or `　#` on its line ([`lines_with_comment`]),
/// or a text going on over several lines ([`joined_lines`]). Told as each
/// file is read, when its text is at hand: most files have neither, and the
/// warnings (`check::lint`) read again only those that may.
pub fn may_change_text(text: &str) -> bool {
    lines_with_comment(text).next().is_some() || may_go_on(text)
}

/// The lines of `text` where ` #` follows something: a comment after a
/// value, which may cut a text short (a line that is only a comment cuts
/// nothing); and those with a note written after a full-width space
/// ([`NOTE_MARKS`]), which the text keeps.
pub fn lines_with_comment(text: &str) -> impl Iterator<Item = &str> {
    /// ` #` and the [`NOTE_MARKS`], searched for once built (every file is).
    static MARKS: LazyLock<[Finder<'static>; 3]> = LazyLock::new(|| {
        [" #", NOTE_MARKS[0], NOTE_MARKS[1]].map(|mark| Finder::new(mark).into_owned())
    });
    let holds = |text: &str| (MARKS.iter()).any(|mark| mark.find(text.as_bytes()).is_some());
    // Most files have none: vectorised searches say so, and their lines are
    // not looked at.
    let text = if holds(text) { text } else { "" };
    (text.lines()).filter(move |line| !line.trim_start().starts_with('#') && holds(line))
}

/// `#` (or a full-width `＃`) after a full-width space, as a note for editors
/// is typed with the input method on (`DX推進事業　# 要確認`). Only a half-width
/// space or a tab before `#` starts a YAML comment, so the note is part of
/// the text and is published with it.
pub const NOTE_MARKS: [&str; 2] = ["\u{3000}#", "\u{3000}＃"];

/// Text written over several lines (plain, quoted or a folded `>` block), which YAML joins with
/// a space: between Japanese words that space reaches the page though no
/// one typed it (`- RPAの利活用により、` and `業務時間の削減…` on the next
/// line give 「…により、 業務時間…」). For each such value: where it begins,
/// its field, and the words around the first space beside a Japanese letter.
pub fn joined_lines(text: &str) -> Vec<Problem> {
    if !may_go_on(text) {
        return Vec::new();
    }
    let mut path = Path::default();
    let mut found = Vec::new();
    for event in Parser::new_from_str(text) {
        // What is found up to a line that does not parse is still so.
        let Ok((event, span)) = event else {
            break;
        };
        if let Event::Scalar(value, style, ..) = &event
            && !path.awaits_key()
            && matches!(
                style,
                ScalarStyle::Plain
                    | ScalarStyle::SingleQuoted
                    | ScalarStyle::DoubleQuoted
                    | ScalarStyle::Folded
            )
            && span.end.line() > span.start.line()
            && let Some(words) = space_between_words(value)
        {
            found.push((position(span), path.node(), words));
        }
        path.follow(&event);
    }
    found
}

/// Whether a line of `text` may go on from the line above: one that is no
/// key, list item, comment or blank line, nor a line of a `|` block scalar
/// (whose lines are kept as written), or a second line of a `>` block
/// (which folds them). Most files have none, and are not parsed again.
fn may_go_on(text: &str) -> bool {
    // The indentation of the line that opened a block scalar, while in one,
    // and whether it folds its lines (`>`, joining them with a space as a
    // plain text does), with how many it has had.
    let mut block: Option<(usize, bool)> = None;
    let mut folded_lines = 0;
    for line in text.lines() {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        match block {
            Some((opened, folded)) if indent > opened => {
                folded_lines += usize::from(folded);
                if folded_lines > 1 {
                    return true;
                }
                continue;
            }
            _ => block = None,
        }
        let written = content.split(" #").next().unwrap_or_default().trim_end();
        let last = written.rsplit(' ').next().unwrap_or_default();
        let header = last.trim_end_matches(super::slips::is_block_header_tail);
        if matches!(header, "|" | ">") {
            block = Some((indent, header == ">"));
            folded_lines = 0;
        }
        let item = written == "-" || written.starts_with("- ");
        let key = written.contains(": ") || written.ends_with(':');
        if !item && !key {
            return true;
        }
    }
    false
}

/// The words around the first space in `value` beside a letter that is not
/// ASCII (Japanese puts no space there): `…により、 業務時…`.
fn space_between_words(value: &str) -> Option<String> {
    let chars: Vec<char> = value.chars().collect();
    let at = (1..chars.len().saturating_sub(1)).find(|&i| {
        let (before, after) = (chars[i - 1], chars[i + 1]);
        chars[i] == ' '
            && (!before.is_ascii() || !after.is_ascii())
            && !before.is_whitespace()
            && !after.is_whitespace()
    })?;
    let from = at.saturating_sub(8);
    let to = (at + 9).min(chars.len());
    let mut words: String = chars[from..to].iter().collect();
    if from > 0 {
        words.insert(0, '…');
    }
    if to < chars.len() {
        words.push('…');
    }
    Some(words)
}

/// The message for text beginning with `sign``name`, which YAML reads as
/// `what`, leaving `value`; `property` is where the sign is written and
/// `scalar` where the value is.
fn swallowed(
    sign: &str,
    name: &str,
    what: &str,
    value: &str,
    text: &str,
    property: Span,
    scalar: Span,
) -> String {
    let written = property
        .start
        .byte_offset()
        .zip(scalar.end.byte_offset())
        .and_then(|(start, end)| text.get(start..end))
        .map_or_else(|| format!("{sign}{name} {value}"), str::to_string);
    let left = if value.is_empty() {
        "so nothing of it would reach the page".to_string()
    } else {
        format!("so only `{}` would reach the page", quote_briefly(value))
    };
    format!(
        "`{}` begins with `{sign}{name}`, which YAML reads as {what}, not as text, {left}; to keep it as text, put the whole text in quotes ({QUOTE_EXAMPLE})",
        quote_briefly(&written)
    )
}

/// The 1-based position of a span's start (the parser counts lines from 1 and columns from 0).
fn position(span: Span) -> Position {
    let number = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Position::new(number(span.start.line()), number(span.start.col() + 1))
}

/// Where the parser is in the document: the collections it is in.
#[derive(Default)]
struct Path {
    frames: Vec<Frame>,
}

/// A collection the parser is in, and where in it.
enum Frame {
    /// The next item's index.
    Sequence(usize),
    /// The key whose value comes next; None while a key is awaited.
    Mapping(Option<String>),
}

impl Path {
    /// Whether the node that comes next is a mapping's key.
    fn awaits_key(&self) -> bool {
        matches!(self.frames.last(), Some(Frame::Mapping(None)))
    }

    /// The field of the value that comes next.
    fn node(&self) -> String {
        let steps: Vec<Step> = self
            .frames
            .iter()
            .filter_map(|frame| match frame {
                Frame::Sequence(index) => Some(Step::Item(*index)),
                Frame::Mapping(key) => key.clone().map(Step::Key),
            })
            .collect();
        field_path(&steps)
    }

    /// Moves past `event`: into or out of a collection, past a key or a value.
    fn follow(&mut self, event: &Event) {
        match event {
            Event::Scalar(value, ..) => self.scalar(value),
            Event::Alias(_) => self.scalar(""),
            Event::SequenceStart(..) => self.open(Frame::Sequence(0)),
            Event::MappingStart(..) => self.open(Frame::Mapping(None)),
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            _ => {}
        }
    }

    /// A scalar (or alias) was read: a key, or a value that moves on.
    fn scalar(&mut self, value: &str) {
        match self.frames.last_mut() {
            Some(Frame::Mapping(key @ None)) => *key = Some(value.to_string()),
            _ => self.done(),
        }
    }

    /// A collection begins as the next node.
    fn open(&mut self, frame: Frame) {
        if let Some(Frame::Mapping(key @ None)) = self.frames.last_mut() {
            // A collection as a key: no field names it.
            *key = Some("?".to_string());
        }
        self.frames.push(frame);
    }

    /// The innermost collection ends, which completes its node.
    fn close(&mut self) {
        self.frames.pop();
        self.done();
    }

    /// The node in the innermost collection is complete.
    fn done(&mut self) {
        match self.frames.last_mut() {
            Some(Frame::Sequence(index)) => *index += 1,
            Some(Frame::Mapping(key)) => *key = None,
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        swallowing(text)
            .into_iter()
            .map(|(at, field, message)| format!("{}:{}: {field}: {message}", at.line, at.column))
            .collect()
    }

    #[test]
    fn an_anchor_or_tag_on_no_text_takes_nothing() {
        assert_eq!(messages("a: &x\nb: !t\nc: !\n"), Vec::<String>::new());
    }

    #[test]
    fn anchors_and_tags_that_take_text_are_named() {
        let text = "name: &DX DX推進事業\nrows:\n  - achievements:\n      - 一つ目\n      - !NEW 予算を削減した\n";
        assert_eq!(
            messages(text),
            [
                format!(
                    "1:7: name: `&DX DX推進事業` begins with `&DX`, which YAML reads as an anchor (a name for reusing the value), not as text, so only `DX推進事業` would reach the page; to keep it as text, put the whole text in quotes ({QUOTE_EXAMPLE})"
                ),
                format!(
                    "5:9: rows[0].achievements[1]: `!NEW 予算を削減した` begins with `!NEW`, which YAML reads as a tag (a type for the value), not as text, so only `予算を削減した` would reach the page; to keep it as text, put the whole text in quotes ({QUOTE_EXAMPLE})"
                ),
            ]
        );
    }

    #[test]
    fn reused_anchors_core_tags_and_quoted_text_are_fine() {
        let text = "a: &same 同じ文\nb: *same\nc: !!str 2023\nd: '&注 本文'\ne: \"!注 本文\"\n";
        assert_eq!(messages(text), Vec::<String>::new());
    }

    #[test]
    fn text_over_several_lines_is_found_where_a_space_joins_japanese_words() {
        let text = "name: 防災訓練事業\nrows:\n  - achievements:\n      - RPAの利活用により、\n        業務時間の削減ができている。\n      - 一行の文\n    analysis:\n      - 'AI and\n        RPA'\n";
        assert_eq!(
            joined_lines(text),
            [(
                Position::new(4, 9),
                "rows[0].achievements[0]".to_string(),
                "…の利活用により、 業務時間の削減が…".to_string()
            )]
        );
        // Kept as written in a block scalar, and spaces typed on one line.
        let kept = "description: |\n  一行目\n  二行目\nname: 認定こども園 管理\n";
        assert!(!may_go_on(kept));
        assert_eq!(joined_lines(kept), []);
    }

    #[test]
    fn a_file_that_does_not_parse_gives_nothing() {
        assert_eq!(messages("a: &x 文\nb: [\n"), Vec::<String>::new());
    }
}
