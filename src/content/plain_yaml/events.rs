//! First pass: a document's lines to a flat list of [`Event`]s, or a
//! [`Decline`] as soon as anything is outside the subset.

use memchr::{memchr, memchr2, memchr3};

use super::Decline;

/// A node boundary or a scalar, in document order. Collections end with [`Event::End`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Event {
    MapStart,
    /// A sequence of this many items: the model's lists are then allocated
    /// at their size (a national report holds a million of them).
    SeqStart(u32),
    End,
    Scalar(Scalar),
}

/// A scalar as written. Keys are scalars too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Scalar {
    /// Bytes of the scalar in the text, quotes included.
    pub start: u32,
    pub end: u32,
    /// 1-based line number.
    pub line: u32,
    /// Where the line's first column is: its first byte, after a byte order mark on line 1.
    pub line_start: u32,
    pub style: Style,
}

/// How a scalar is quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Plain,
    /// `'…'`, where `''` stands for `'`.
    SingleQuoted,
    /// `"…"` without backslashes, so its text is what is between the quotes.
    DoubleQuoted,
    /// A literal block scalar (`|`, or `|-` to strip the last line break):
    /// the scalar's bytes are its lines, each indented by `indent` spaces or empty.
    Literal {
        indent: u16,
        strip: bool,
    },
}

/// serde-saphyr's budget allows 64 levels of nesting; content files need 6.
const MAX_DEPTH: usize = 32;
/// serde-saphyr's budget stops at 250,000 nodes; the largest content files hold a few thousand.
const MAX_NODES: usize = 100_000;
/// serde-saphyr buffers at most 32 comments while looking ahead for a value.
const MAX_COMMENT_RUN: u32 = 16;
/// Keys are compared one by one to find duplicates; content mappings hold about ten.
const MAX_KEYS: usize = 64;
/// serde-saphyr looks at most 1,024 characters ahead for the `:` of a key.
const MAX_KEY_BYTES: usize = 512;

/// Bytes that give a scalar starting with them a special meaning (YAML's indicators).
const INDICATORS: &[u8] = b"-?:,[]{}#&*!|>'\"%@`";

const BYTE_ORDER_MARK: &str = "\u{feff}";

/// The events of `text`, if it is written in the subset.
pub(super) fn read(text: &str, events: &mut Vec<Event>) -> Result<(), Decline> {
    read_with(text, events, false)
}

/// [`read`], also for text with empty values (`key:` with nothing under it,
/// or a `-` alone), each given as an empty plain scalar where it is missing,
/// with a key written twice in a mapping, and with aliases read as plain scalars:
/// for finding where nodes are written ([`super::locate`]), never for
/// reading values, as what an empty value means is serde-saphyr's to say.
pub(super) fn outline(text: &str, events: &mut Vec<Event>) -> Result<(), Decline> {
    read_with(text, events, true)
}

fn read_with(text: &str, events: &mut Vec<Event>, outline: bool) -> Result<(), Decline> {
    if u32::try_from(text.len()).is_err() {
        return Err(Decline("a text over 4 GiB"));
    }
    let body = if text.starts_with(BYTE_ORDER_MARK) {
        BYTE_ORDER_MARK.len()
    } else {
        0
    };
    check_characters(&text.as_bytes()[body..])?;
    let mut parser = Parser::new(text.as_bytes(), body, std::mem::take(events));
    parser.outline = outline;
    let read = parser.document();
    *events = parser.events;
    read
}

/// Declines characters YAML forbids or treats as line breaks, tabs (whose
/// rules for indentation and separation are subtle) and a `\r` that does not
/// end a line. Japanese text is mostly 3-byte characters, so the rare lead
/// bytes of the special ones are looked for with `memchr`.
fn check_characters(bytes: &[u8]) -> Result<(), Decline> {
    let controls = bytes.iter().fold(false, |found, &b| {
        found | (b < 0x20 && b != b'\n' && b != b'\r') | (b == 0x7f)
    });
    if controls {
        return Err(Decline("a control character or tab"));
    }
    for at in memchr::memchr_iter(b'\r', bytes) {
        if bytes.get(at + 1) != Some(&b'\n') {
            return Err(Decline("a carriage return not ending a line"));
        }
    }
    let mut from = 0;
    while let Some(found) = memchr3(0xc2, 0xe2, 0xef, &bytes[from..]) {
        let at = from + found;
        if special_character(&bytes[at..]) {
            return Err(Decline(
                "a C1 control, line separator, byte order mark or non-character",
            ));
        }
        from = at + 1;
    }
    Ok(())
}

/// Whether `bytes` start with U+0080–U+009F, U+2028, U+2029, U+FEFF, U+FFFE or U+FFFF.
fn special_character(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [0xc2, 0x80..=0x9f, ..]
            | [0xe2, 0x80, 0xa8 | 0xa9, ..]
            | [0xef, 0xbb, 0xbf, ..]
            | [0xef, 0xbf, 0xbe | 0xbf, ..]
    )
}

/// A line with content (not blank, not only a comment).
#[derive(Debug, Clone, Copy)]
struct Line {
    number: u32,
    /// Byte where the line's first column is.
    start: usize,
    /// Leading spaces.
    indent: usize,
    /// End of the line, before `\r\n` or `\n`.
    end: usize,
}

impl Line {
    /// The byte at `column`.
    fn at(&self, column: usize) -> usize {
        self.start + column
    }

    fn column(&self, at: usize) -> usize {
        at - self.start
    }
}

/// A line as found in the text, blank or not.
struct RawLine {
    /// End of the line, before `\r\n` or `\n`.
    end: usize,
    /// Where the next line begins (one past the end of the text for the last line).
    next: usize,
    /// Leading spaces.
    indent: usize,
}

/// What a line holds from some column on.
enum Piece {
    /// Nothing or a comment: the value follows on the next lines.
    Empty,
    /// A node written whole on the line.
    OnLine(OnLine),
    /// A literal block scalar whose `|` is at this byte.
    Literal(usize),
    /// `key:`, with the value (or nothing) from `value_at` on.
    Key { key: Scalar, value_at: usize },
}

/// A node written whole on one line.
enum OnLine {
    Scalar(Scalar),
    /// A flow sequence starting at this byte.
    Flow(usize),
}

struct Parser<'a> {
    bytes: &'a [u8],
    /// The content line being read; None at the end of the text.
    line: Option<Line>,
    /// Where the line after `line` begins.
    rest: usize,
    /// Number of the last line looked at.
    number: u32,
    events: Vec<Event>,
    /// Keys of the mappings being read, outermost first, for finding duplicates.
    keys: Vec<(u32, u32)>,
    depth: usize,
    nodes: usize,
    /// Whether empty values are given as empty scalars ([`outline`]) rather than declined.
    outline: bool,
}

impl<'a> Parser<'a> {
    /// A parser of `bytes` from `body` on, writing into `events` (emptied).
    fn new(bytes: &'a [u8], body: usize, mut events: Vec<Event>) -> Self {
        events.clear();
        // About one event per 24 bytes in content files; a guess saves regrowing.
        events.reserve(bytes.len() / 24);
        Parser {
            bytes,
            line: None,
            rest: body,
            number: 0,
            events,
            keys: Vec::new(),
            depth: 0,
            nodes: 0,
            outline: false,
        }
    }

    /// The whole document: one block node, after a `---` line if any.
    fn document(&mut self) -> Result<(), Decline> {
        self.advance()?;
        self.skip_document_start()?;
        let line = self.line.ok_or(Decline("a document without content"))?;
        self.block_node(line, line.indent)?;
        if self.line.is_some() {
            return Err(Decline("content after the document's node"));
        }
        Ok(())
    }

    /// Moves to the next line with content, over blank lines and comments.
    fn advance(&mut self) -> Result<(), Decline> {
        let mut comments = 0;
        while self.rest < self.bytes.len() {
            let start = self.rest;
            let RawLine { end, next, indent } = self.raw_line(start);
            self.rest = next;
            self.number += 1;
            match self.bytes.get(start + indent) {
                _ if start + indent == end => {}
                Some(b'#') => {
                    comments += 1;
                    if comments > MAX_COMMENT_RUN {
                        return Err(Decline("a long run of comments"));
                    }
                }
                _ => {
                    self.line = Some(Line {
                        number: self.number,
                        start,
                        indent,
                        end,
                    });
                    return Ok(());
                }
            }
        }
        self.line = None;
        Ok(())
    }

    /// The line beginning at `start`.
    fn raw_line(&self, start: usize) -> RawLine {
        let newline = memchr(b'\n', &self.bytes[start..]).map_or(self.bytes.len(), |i| start + i);
        let end = if newline > start && self.bytes[newline - 1] == b'\r' {
            newline - 1
        } else {
            newline
        };
        let indent = self.bytes[start..end]
            .iter()
            .take_while(|&&b| b == b' ')
            .count();
        RawLine {
            end,
            next: newline + 1,
            indent,
        }
    }

    /// Steps over a `---` line opening the document.
    fn skip_document_start(&mut self) -> Result<(), Decline> {
        if let Some(line) = self.line
            && self.bytes[line.start..self.trim_end(line.start, line.end)] == *b"---"
        {
            self.advance()?;
        }
        Ok(())
    }

    /// A mapping or sequence whose first line is `line`, at `column`.
    fn block_node(&mut self, line: Line, column: usize) -> Result<(), Decline> {
        if self.dash_at(line, column) {
            return self.sequence(column);
        }
        match self.piece(line, line.at(column))? {
            Piece::Key { key, value_at } => self.mapping(column, key, value_at),
            Piece::OnLine(OnLine::Scalar(scalar))
                if self.outline && scalar.style == Style::Plain =>
            {
                self.text_below(scalar, column)
            }
            _ => Err(Decline("a scalar on a line of its own")),
        }
    }

    /// Text on the lines below a key, at `column`, beginning with `first`:
    /// in an [`outline`], where it is found to be replaced, as when a list's
    /// `- ` lost its space (`-bosai-kunren`, and YAML reads the lines as one text).
    fn text_below(&mut self, first: Scalar, column: usize) -> Result<(), Decline> {
        let mut text = first;
        self.advance()?;
        while let Some(line) = self.line.filter(|line| line.indent >= column) {
            match self.piece(line, line.at(line.indent))? {
                Piece::OnLine(OnLine::Scalar(more)) if more.style == Style::Plain => {
                    text.end = more.end;
                }
                _ => return Err(Decline("text below a key going on as something else")),
            }
            self.advance()?;
        }
        self.push(Event::Scalar(text))
    }

    /// A block mapping at `column`, whose first key has been read from the current line.
    fn mapping(&mut self, column: usize, key: Scalar, value_at: usize) -> Result<(), Decline> {
        self.open(Event::MapStart)?;
        let first_key = self.keys.len();
        let (mut key, mut value_at) = (key, value_at);
        loop {
            self.add_key(key, first_key)?;
            self.value(value_at, column)?;
            let Some(line) = self.line else { break };
            if line.indent < column {
                break;
            }
            if line.indent > column {
                return Err(Decline("a line indented deeper than its mapping's keys"));
            }
            match self.piece(line, line.at(column))? {
                Piece::Key {
                    key: next,
                    value_at: at,
                } => (key, value_at) = (next, at),
                _ => return Err(Decline("a mapping line without a key")),
            }
        }
        self.keys.truncate(first_key);
        self.close()
    }

    /// Adds a mapping's key; declines a second key with the same text, except
    /// in an [`outline`], where [`super::locate`] finds it to take it out.
    fn add_key(&mut self, key: Scalar, first_key: usize) -> Result<(), Decline> {
        let text = &self.bytes[key.start as usize..key.end as usize];
        let siblings = &self.keys[first_key..];
        if siblings.len() >= MAX_KEYS {
            return Err(Decline("a mapping with many keys"));
        }
        if !self.outline
            && siblings
                .iter()
                .any(|&(start, end)| self.bytes[start as usize..end as usize] == *text)
        {
            return Err(Decline("a duplicate key"));
        }
        self.keys.push((key.start, key.end));
        self.push(Event::Scalar(key))
    }

    /// The value of a key of a mapping at `column`, from `at` on the current line.
    fn value(&mut self, at: usize, column: usize) -> Result<(), Decline> {
        let line = self.current()?;
        match self.piece(line, at)? {
            Piece::OnLine(node) => self.on_line(line, node),
            Piece::Literal(bar) => self.literal(line, bar, column),
            Piece::Empty => {
                self.advance()?;
                match self.line {
                    Some(next) if next.indent > column => self.block_node(next, next.indent),
                    // A sequence may stand at its key's indentation.
                    Some(next) if next.indent == column && self.dash_at(next, column) => {
                        self.sequence(column)
                    }
                    _ => self.empty(line, at, "an empty value"),
                }
            }
            Piece::Key { .. } => Err(Decline("a `: ` in a value")),
        }
    }

    /// A value missing at byte `at` of `line`: an empty scalar when
    /// [`outline`] reads, else declined as `what`.
    fn empty(&mut self, line: Line, at: usize, what: &'static str) -> Result<(), Decline> {
        if !self.outline {
            return Err(Decline(what));
        }
        let at = at.min(line.end) as u32;
        self.push(Event::Scalar(Scalar {
            start: at,
            end: at,
            line: line.number,
            line_start: line.start as u32,
            style: Style::Plain,
        }))
    }

    /// `node`, written whole on `line`; then the next line.
    fn on_line(&mut self, line: Line, node: OnLine) -> Result<(), Decline> {
        match node {
            OnLine::Scalar(scalar) => self.push(Event::Scalar(scalar))?,
            OnLine::Flow(open) => self.flow(line, open)?,
        }
        self.advance()
    }

    /// A block sequence whose `-` are at `column`, starting on the current line.
    fn sequence(&mut self, column: usize) -> Result<(), Decline> {
        let start = self.open_sequence()?;
        loop {
            let line = self.current()?;
            self.entry(line, column)?;
            self.count_item(start);
            match self.line {
                Some(next) if next.indent == column && self.dash_at(next, column) => {}
                Some(next) if next.indent > column => {
                    return Err(Decline("a line indented deeper than its sequence's dashes"));
                }
                _ => break,
            }
        }
        self.close()
    }

    /// One `- ` entry of a sequence at `column`, on `line`.
    fn entry(&mut self, line: Line, column: usize) -> Result<(), Decline> {
        let at = self.skip_spaces(line.at(column) + 1, line.end);
        if self.dash_at(line, line.column(at)) {
            return Err(Decline("a sequence begun on a sequence entry's line"));
        }
        match self.piece(line, at)? {
            Piece::OnLine(node) => self.on_line(line, node),
            Piece::Key { key, value_at } => self.mapping(line.column(at), key, value_at),
            Piece::Literal(_) => Err(Decline("a block scalar as a sequence entry")),
            Piece::Empty => {
                self.advance()?;
                match self.line {
                    Some(next) if next.indent > column => self.block_node(next, next.indent),
                    _ => self.empty(line, at, "an empty sequence entry"),
                }
            }
        }
    }

    /// What `line` holds from byte `at` on (after any indentation or separating spaces).
    fn piece(&self, line: Line, at: usize) -> Result<Piece, Decline> {
        let Some(&first) = self.bytes.get(at).filter(|_| at < line.end) else {
            return Ok(Piece::Empty);
        };
        match first {
            b'#' => Ok(Piece::Empty),
            b'\'' | b'"' => self.quoted(line, at).map(OnLine::Scalar).map(Piece::OnLine),
            b'[' => Ok(Piece::OnLine(OnLine::Flow(at))),
            b'|' => Ok(Piece::Literal(at)),
            // An alias (`*name`) stands where a node would: text meant as
            // `*注 …` is found, to be taken out past serde-saphyr's error.
            b'*' if self.outline => self.plain(line, at),
            // So is text after a `-` without its space (`-bosai-kunren`),
            // which YAML reads as text where a list was meant.
            b'-' if self.outline
                && self.bytes.get(at + 1).is_some_and(|b| !b" -\t".contains(b)) =>
            {
                self.plain(line, at)
            }
            _ if INDICATORS.contains(&first) => Err(Decline("a scalar starting with an indicator")),
            _ => self.plain(line, at),
        }
    }

    /// A plain scalar or key starting at `at`: it ends at a ` #` comment, at a
    /// `:` followed by a space or the line's end (then it is a key), or at the line's end.
    fn plain(&self, line: Line, at: usize) -> Result<Piece, Decline> {
        let mut from = at;
        while let Some(found) = memchr2(b':', b'#', &self.bytes[from..line.end]) {
            let stop = from + found;
            if self.bytes[stop] == b'#' {
                if self.bytes[stop - 1] == b' ' {
                    return Ok(Piece::OnLine(OnLine::Scalar(self.scalar(
                        line,
                        at,
                        stop,
                        Style::Plain,
                    ))));
                }
            } else if stop + 1 == line.end || self.bytes[stop + 1] == b' ' {
                let key = self.scalar(line, at, stop, Style::Plain);
                self.check_key(key)?;
                let value_at = self.skip_spaces(stop + 1, line.end);
                return Ok(Piece::Key { key, value_at });
            }
            from = stop + 1;
        }
        Ok(Piece::OnLine(OnLine::Scalar(self.scalar(
            line,
            at,
            line.end,
            Style::Plain,
        ))))
    }

    /// Declines keys that serde-saphyr could compare or read other than by their text.
    fn check_key(&self, key: Scalar) -> Result<(), Decline> {
        let text = &self.bytes[key.start as usize..key.end as usize];
        if text.len() > MAX_KEY_BYTES {
            return Err(Decline("a long key"));
        }
        if text == b"<<" {
            return Err(Decline("a merge key"));
        }
        if typed_word(text) {
            return Err(Decline(
                "a key YAML could read as null, a boolean or a number",
            ));
        }
        Ok(())
    }

    /// A quoted scalar starting at `at`, which must end on the same line.
    fn quoted(&self, line: Line, at: usize) -> Result<Scalar, Decline> {
        let quote = self.bytes[at];
        let mut from = at + 1;
        let close = loop {
            let Some(found) = memchr(quote, &self.bytes[from..line.end]) else {
                return Err(Decline("a quoted scalar over several lines"));
            };
            let close = from + found;
            // '' inside single quotes is one quote.
            if quote == b'\'' && close + 1 < line.end && self.bytes[close + 1] == b'\'' {
                from = close + 2;
                continue;
            }
            break close;
        };
        let style = if quote == b'\'' {
            Style::SingleQuoted
        } else if memchr(b'\\', &self.bytes[at + 1..close]).is_some() {
            return Err(Decline("an escape sequence"));
        } else {
            Style::DoubleQuoted
        };
        self.nothing_after(line, close + 1)?;
        Ok(Scalar {
            start: at as u32,
            end: (close + 1) as u32,
            line: line.number,
            line_start: line.start as u32,
            style,
        })
    }

    /// A flow sequence of plain scalars, `[]` or `[a, b]`, starting at `open`.
    fn flow(&mut self, line: Line, open: usize) -> Result<(), Decline> {
        let Some(found) = memchr(b']', &self.bytes[open..line.end]) else {
            return Err(Decline("a flow sequence over several lines"));
        };
        let close = open + found;
        let inside = &self.bytes[open + 1..close];
        // Quotes are checked at the start of each item, with the other indicators.
        if inside.iter().any(|b| b"[{}#:".contains(b)) {
            return Err(Decline("a flow sequence of more than plain scalars"));
        }
        self.nothing_after(line, close + 1)?;
        let sequence = self.open_sequence()?;
        if self.skip_spaces(open + 1, close) < close {
            let mut from = open + 1;
            for item in inside.split(|&b| b == b',') {
                let start = self.skip_spaces(from, from + item.len());
                let end = self.trim_end(start, from + item.len());
                match self.bytes[start..end].first() {
                    None => return Err(Decline("an empty flow sequence entry")),
                    Some(first) if INDICATORS.contains(first) => {
                        return Err(Decline("a scalar starting with an indicator"));
                    }
                    Some(_) => {
                        self.push(Event::Scalar(self.scalar(line, start, end, Style::Plain)))?;
                        self.count_item(sequence);
                    }
                }
                from += item.len() + 1;
            }
        }
        self.close()
    }

    /// A literal block scalar, the value of a key of a mapping at `column`,
    /// whose `|` is at `bar` on `line`. Its lines are those after `line`
    /// up to the first one less indented than its first non-empty line.
    /// Declines the cases where YAML's rules get subtle: an indentation or
    /// keep (`+`) indicator, a line of only spaces longer than the
    /// indentation, an empty scalar, and a last line without a line break.
    fn literal(&mut self, line: Line, bar: usize, column: usize) -> Result<(), Decline> {
        let strip = bar + 1 < line.end && self.bytes[bar + 1] == b'-';
        self.nothing_after(line, bar + 1 + usize::from(strip))?;
        let start = self.rest;
        let (mut indent, mut widest_blank, mut end) = (None, 0, start);
        while self.rest < self.bytes.len() {
            let from = self.rest;
            let raw = self.raw_line(from);
            if from + raw.indent == raw.end {
                widest_blank = widest_blank.max(raw.indent);
            } else if raw.indent < *indent.get_or_insert(raw.indent) {
                break;
            } else if raw.next > self.bytes.len() {
                return Err(Decline(
                    "a block scalar ending the text without a line break",
                ));
            } else {
                end = raw.end;
            }
            if indent.is_some_and(|indent| widest_blank > indent) {
                return Err(Decline(
                    "a line of spaces longer than a block scalar's indentation",
                ));
            }
            self.rest = raw.next;
            self.number += 1;
        }
        let indent = match indent {
            Some(indent) if indent > column => {
                u16::try_from(indent).map_err(|_| Decline("a block scalar indented very deeply"))?
            }
            _ => return Err(Decline("an empty block scalar")),
        };
        self.push(Event::Scalar(Scalar {
            start: start as u32,
            end: end as u32,
            line: line.number,
            line_start: line.start as u32,
            style: Style::Literal { indent, strip },
        }))?;
        self.advance()
    }

    /// Declines anything but spaces and a comment from `at` to the line's end.
    fn nothing_after(&self, line: Line, at: usize) -> Result<(), Decline> {
        let next = self.skip_spaces(at, line.end);
        if next == line.end || (next > at && self.bytes[next] == b'#') {
            Ok(())
        } else {
            Err(Decline("more after a value on its line"))
        }
    }

    /// The scalar from `start` to `end` on `line`, without trailing spaces.
    fn scalar(&self, line: Line, start: usize, end: usize, style: Style) -> Scalar {
        Scalar {
            start: start as u32,
            end: self.trim_end(start, end) as u32,
            line: line.number,
            line_start: line.start as u32,
            style,
        }
    }

    /// Whether `line` has a sequence entry's `-` at `column`.
    fn dash_at(&self, line: Line, column: usize) -> bool {
        let at = line.at(column);
        at < line.end
            && self.bytes[at] == b'-'
            && (at + 1 == line.end || self.bytes[at + 1] == b' ')
    }

    fn current(&self) -> Result<Line, Decline> {
        self.line.ok_or(Decline("the text ended early"))
    }

    fn skip_spaces(&self, mut at: usize, end: usize) -> usize {
        while at < end && self.bytes[at] == b' ' {
            at += 1;
        }
        at
    }

    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        while end > start && self.bytes[end - 1] == b' ' {
            end -= 1;
        }
        end
    }

    fn push(&mut self, event: Event) -> Result<(), Decline> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(Decline("too many nodes"));
        }
        self.events.push(event);
        Ok(())
    }

    fn open(&mut self, event: Event) -> Result<(), Decline> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Decline("deep nesting"));
        }
        self.push(event)
    }

    /// Opens a sequence; returns where its event is, for [`Parser::count_item`].
    fn open_sequence(&mut self) -> Result<usize, Decline> {
        self.open(Event::SeqStart(0))?;
        Ok(self.events.len() - 1)
    }

    /// Counts one more item of the sequence opened at `start`.
    fn count_item(&mut self, start: usize) {
        if let Event::SeqStart(items) = &mut self.events[start] {
            *items += 1;
        }
    }

    fn close(&mut self) -> Result<(), Decline> {
        self.depth -= 1;
        self.events.push(Event::End);
        Ok(())
    }
}

/// Whether a plain scalar could be read by YAML as null, a boolean or a
/// number other than a decimal integer such as `2023` (which serde-saphyr
/// compares as the same key only when it is spelled the same). YAML's
/// numbers and timestamps are written in ASCII, so `2023年度` is text.
pub(super) fn typed_word(text: &[u8]) -> bool {
    // With the spellings Rust's float parsing accepts, which serde-saphyr uses.
    const WORDS: [&[u8]; 13] = [
        b"~",
        b"null",
        b"y",
        b"yes",
        b"n",
        b"no",
        b"true",
        b"false",
        b"on",
        b"off",
        b"nan",
        b"inf",
        b"infinity",
    ];
    if WORDS.iter().any(|word| text.eq_ignore_ascii_case(word)) {
        return true;
    }
    let numeric_start = matches!(text.first(), Some(b'0'..=b'9' | b'+' | b'-' | b'.'));
    numeric_start && text.is_ascii() && !decimal_integer(text)
}

/// `0` or a decimal integer without sign or leading zero.
pub(super) fn decimal_integer(text: &[u8]) -> bool {
    match text {
        [b'0'] => true,
        [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}
