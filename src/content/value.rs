//! KPI values (基準値, 結果, 目標値) as the report writes them.
//!
//! A cell reads "1,338時間", "40.9%(令和2年度)", "—" or a text such as 集計中.
//! The original spelling is kept and is what pages show; the parsed number,
//! unit and note feed the charts, the judgments and the open data.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer, Serialize};

/// One KPI cell: the text as written plus what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The cell exactly as written in the content, e.g. "40.9%(令和2年度)".
    /// Only set when a cell is read (parsed or deserialized): the unit and note are kept as spans of it.
    pub original: String,
    pub kind: ValueKind,
}

/// What a KPI cell holds.
///
/// A national build holds about half a million values, so a number keeps its
/// unit and note as byte spans of [`Value::original`] rather than as strings
/// of its own: a value is then 56 bytes with a single heap string, not 104
/// bytes with up to four. The plain decimal is worked out when asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// A number with its unit and an optional note in brackets.
    Number {
        number: f64,
        /// Unit written after the number (時間, 人, %, …); may be empty.
        unit: Span,
        /// Text in brackets after the unit, e.g. the year a baseline was measured.
        note: Option<Span>,
    },
    /// No value: the report writes "—".
    Missing,
    /// Any other text, e.g. 集計中.
    Text,
}

/// Where a part of [`Value::original`] lies, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// The span of `part`, a slice of `whole`, which is under 4 GiB.
    /// A stable stand-in for `str::substr_range`.
    fn of(whole: &str, part: &str) -> Span {
        let start = part.as_ptr() as usize - whole.as_ptr() as usize;
        debug_assert!(
            start + part.len() <= whole.len(),
            "{part:?} is not part of {whole:?}"
        );
        Span {
            start: start as u32,
            end: (start + part.len()) as u32,
        }
    }

    /// The text of the span; empty (never a panic) should `whole` not be the
    /// cell it was taken from.
    fn in_text(self, whole: &str) -> &str {
        whole
            .get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
}

/// Minus signs met in reports: hyphen-minus, minus, and the triangles of Japanese accounts.
const MINUS_SIGNS: [char; 4] = ['-', '−', '△', '▲'];

/// Spellings of "no value" met in reports: em dash, horizontal bar, hyphens.
const MISSING_MARKS: [&str; 6] = ["—", "―", "-", "－", "–", "ー"];

impl Value {
    /// Reads a cell; never fails, since any text is a valid (text) value.
    pub fn parse(original: &str) -> Value {
        Value::parse_owned(original.to_string())
    }

    /// [`Value::parse`] of a text the value can keep, without copying it.
    fn parse_owned(original: String) -> Value {
        Value {
            kind: parse_kind(&original),
            original,
        }
    }

    /// The numeric value, if the cell holds a number.
    /// Whether the cell is text that begins as a number does (a digit, maybe
    /// after a minus sign), most likely a number miswritten: `12,34時間`.
    pub fn is_text_beginning_with_a_number(&self) -> bool {
        let written = self.original.trim();
        let unsigned = written.strip_prefix(MINUS_SIGNS).unwrap_or(written);
        matches!(self.kind, ValueKind::Text) && unsigned.starts_with(is_digit)
    }

    /// The number as written ("1,338", "１.000", "△3"), if the cell holds one.
    pub fn written_number(&self) -> Option<&str> {
        match self.kind {
            ValueKind::Number { .. } => leading_number(self.original.trim()),
            _ => None,
        }
    }

    pub fn number(&self) -> Option<f64> {
        match self.kind {
            ValueKind::Number { number, .. } => Some(number),
            _ => None,
        }
    }

    /// The number as a plain decimal without separators ("1338", "40.9"), if the cell holds a number.
    /// Borrowed from the cell when it is written so already.
    pub fn plain(&self) -> Option<Cow<'_, str>> {
        self.written_number().map(plain_decimal)
    }

    /// The unit, if the cell holds a number.
    pub fn unit(&self) -> Option<&str> {
        match self.kind {
            ValueKind::Number { unit, .. } => Some(unit.in_text(&self.original)),
            _ => None,
        }
    }

    /// The unit in NFKC, the form in which ％ and % are one unit.
    pub fn unit_nfkc(&self) -> Option<Cow<'_, str>> {
        use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
        self.unit().map(|unit| match is_nfkc_quick(unit.chars()) {
            IsNormalized::Yes => Cow::Borrowed(unit),
            _ => Cow::Owned(unit.nfkc().collect()),
        })
    }

    /// The bracketed note, if any.
    pub fn note(&self) -> Option<&str> {
        match self.kind {
            ValueKind::Number { note, .. } => note.map(|note| note.in_text(&self.original)),
            _ => None,
        }
    }
}

/// A digit as a value may write it: half- or full-width (a Japanese input
/// method types ５ for 5).
pub fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// The value of a half- or full-width digit.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// `c` half-width if it is a full-width digit (５ → 5), else `c` itself.
pub fn half_width_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        _ => c,
    }
}

fn parse_kind(original: &str) -> ValueKind {
    let text = original.trim();
    if MISSING_MARKS.contains(&text) {
        return ValueKind::Missing;
    }
    parse_number(original, text).unwrap_or(ValueKind::Text)
}

/// Reads `text`, the trimmed `original`, as a number with unit and note.
fn parse_number(original: &str, text: &str) -> Option<ValueKind> {
    // Spans count bytes in a u32; a longer cell is no number anyway.
    if u32::try_from(original.len()).is_err() {
        return None;
    }
    let written = leading_number(text)?;
    let number = plain_decimal(written).parse::<f64>().ok()?;
    let (unit, note) = split_unit_note(&text[written.len()..])?;
    let span = |part| Span::of(original, part);
    number.is_finite().then(|| ValueKind::Number {
        number,
        unit: span(unit),
        note: note.map(span),
    })
}

/// The number at the start of the text as written ("1,338", "４０.９", "△3"), if there is one.
fn leading_number(text: &str) -> Option<&str> {
    let sign = text
        .chars()
        .next()
        .filter(|c| MINUS_SIGNS.contains(c))
        .map_or(0, char::len_utf8);
    let mut end = 0;
    let mut digits = 0;
    let mut seen_point = false;
    // Digits since the last separator, and whether the groups so far are
    // thousands: "1,338" and "12,345,678" are numbers, "12,34" (a slip for
    // 12.34?) is no number the page may chart.
    let (mut group, mut separated, mut grouped) = (0, false, true);
    for (i, c) in text[sign..].char_indices() {
        match c {
            '0'..='9' | '０'..='９' => {
                digits += 1;
                if !seen_point {
                    group += 1;
                }
            }
            // A separator only between digits: "1,338".
            ',' | '，' if digits > 0 && !seen_point => {
                grouped &= if separated { group == 3 } else { group <= 3 };
                (group, separated) = (0, true);
            }
            '.' | '．' if digits > 0 && !seen_point => {
                grouped &= !separated || group == 3;
                seen_point = true;
            }
            _ => break,
        }
        end = sign + i + c.len_utf8();
    }
    if separated && !seen_point {
        grouped &= group == 3;
    }
    let number = &text[..end];
    (digits > 0 && grouped && !number.ends_with(['.', '．', ',', '，'])).then_some(number)
}

/// A number from [`leading_number`] as a plain ASCII decimal: "1,338" → "1338", "△3" → "-3".
fn plain_decimal(number: &str) -> Cow<'_, str> {
    if number
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return Cow::Borrowed(number);
    }
    number
        .chars()
        .filter_map(|c| match c {
            c if MINUS_SIGNS.contains(&c) => Some('-'),
            '０'..='９' => Some(half_width_digit(c)),
            '．' => Some('.'),
            ',' | '，' => None,
            _ => Some(c),
        })
        .collect()
}

/// Splits "時間", "%(令和2年度)", "%（令和2年度）" into unit and note.
/// A unit is short and holds no digits; anything else makes the cell a text.
fn split_unit_note(rest: &str) -> Option<(&str, Option<&str>)> {
    let rest = rest.trim();
    let (unit, note) = match rest.find(['(', '（']) {
        Some(open) => {
            let inner = &rest[open..];
            let close = inner.char_indices().last().map(|(_, c)| c)?;
            if !matches!(close, ')' | '）') {
                return None;
            }
            let first = inner.chars().next()?.len_utf8();
            let note = inner[first..inner.len() - close.len_utf8()].trim();
            (rest[..open].trim(), Some(note))
        }
        None => (rest, None),
    };
    let plausible_unit = unit.chars().count() <= 6 && !unit.chars().any(|c| c.is_ascii_digit());
    plausible_unit.then_some((unit, note))
}

/// Written back as the original text, so content round-trips unchanged.
impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.original)
    }
}

/// The message for a KPI value written blank.
pub const EXPECTED_VALUE: &str = "expected a value such as 1,338時間 or 40.9% (— for no value)";

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Read numbers as text too, so that `60.0` keeps its spelling.
        let text = String::deserialize(deserializer)?;
        if text.trim().is_empty() {
            return Err(serde::de::Error::custom(EXPECTED_VALUE));
        }
        Ok(Value::parse_owned(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> (String, String, Option<String>) {
        let value = Value::parse(text);
        match (value.plain(), value.unit(), value.note()) {
            (Some(plain), Some(unit), note) => (plain.into(), unit.into(), note.map(Into::into)),
            _ => panic!("{text}: {:?}", value.kind),
        }
    }

    #[test]
    fn numbers_with_units_and_notes() {
        assert_eq!(number("1,338時間"), ("1338".into(), "時間".into(), None));
        assert_eq!(
            number("40.9%(令和2年度)"),
            ("40.9".into(), "%".into(), Some("令和2年度".into()))
        );
        assert_eq!(
            number("40.9%（令和2年度）"),
            ("40.9".into(), "%".into(), Some("令和2年度".into()))
        );
        assert_eq!(number("60.0%"), ("60.0".into(), "%".into(), None));
        assert_eq!(number("0"), ("0".into(), "".into(), None));
        assert_eq!(number("△3件"), ("-3".into(), "件".into(), None));
        assert_eq!(number("１，０００人"), ("1000".into(), "人".into(), None));
        assert_eq!(Value::parse("1,338時間").number(), Some(1338.0));
        // Only thousands separate: a misplaced comma makes the cell a text.
        assert_eq!(Value::parse("12,345,678円").number(), Some(12_345_678.0));
        assert_eq!(Value::parse("1,338.5時間").number(), Some(1338.5));
        for text in ["12,34時間", "1,2345人", "1234,567件", "1,33.5時間"] {
            assert_eq!(Value::parse(text).number(), None, "{text}");
        }
    }

    #[test]
    fn unit_and_note_are_the_trimmed_text_as_written() {
        assert_eq!(
            number(" 40.9 ％ （ 令和2年度 ） "),
            ("40.9".into(), "％".into(), Some("令和2年度".into()))
        );
        assert_eq!(
            number("−3.5 t（）"),
            ("-3.5".into(), "t".into(), Some("".into()))
        );
        assert_eq!(
            number("▲４０．９（R2）"),
            ("-40.9".into(), "".into(), Some("R2".into()))
        );
        assert_eq!(Value::parse("１２ 人").unit(), Some("人"));
        assert_eq!(Value::parse("12人").note(), None);
    }

    #[test]
    fn plain_is_borrowed_when_written_plainly() {
        assert!(matches!(
            Value::parse("-40.9%").plain(),
            Some(Cow::Borrowed("-40.9"))
        ));
        assert!(matches!(
            Value::parse("1,338時間").plain(),
            Some(Cow::Owned(_))
        ));
        assert_eq!(Value::parse("集計中").plain(), None);
    }

    #[test]
    fn dashes_and_text() {
        assert_eq!(Value::parse("—").kind, ValueKind::Missing);
        assert_eq!(Value::parse(" ― ").kind, ValueKind::Missing);
        assert_eq!(Value::parse("集計中").kind, ValueKind::Text);
        assert_eq!(Value::parse("約100人").kind, ValueKind::Text);
        assert_eq!(Value::parse("100人から200人").kind, ValueKind::Text);
        assert_eq!(Value::parse("1,").kind, ValueKind::Text);
        assert_eq!(Value::parse("3.").kind, ValueKind::Text);
        assert_eq!(Value::parse("40%(").kind, ValueKind::Text);
        assert_eq!(Value::parse("集計中").original, "集計中");
    }
}
