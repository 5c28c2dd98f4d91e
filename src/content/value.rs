//! KPI values (基準値, 結果, 目標値) as the report writes them.
//!
//! A cell reads "1,338時間", "40.9%(令和2年度)", "—" or a text such as 集計中.
//! The original spelling is kept and is what pages show; the parsed number,
//! unit and note feed the charts, the judgments and the open data.

use serde::{Deserialize, Deserializer, Serialize};

/// One KPI cell: the text as written plus what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The cell exactly as written in the content, e.g. "40.9%(令和2年度)".
    pub original: String,
    pub kind: ValueKind,
}

/// What a KPI cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// A number with its unit and an optional note in brackets.
    Number {
        /// The number as a plain decimal, without separators: "1338", "40.9", "-3".
        plain: String,
        number: f64,
        /// Unit written after the number (時間, 人, %, …); may be empty.
        unit: String,
        /// Text in brackets after the unit, e.g. the year a baseline was measured.
        note: Option<String>,
    },
    /// No value: the report writes "—".
    Missing,
    /// Any other text, e.g. 集計中.
    Text,
}

/// Spellings of "no value" met in reports: em dash, horizontal bar, hyphens.
const MISSING_MARKS: [&str; 6] = ["—", "―", "-", "－", "–", "ー"];

impl Value {
    /// Reads a cell; never fails, since any text is a valid (text) value.
    pub fn parse(original: &str) -> Value {
        let kind = parse_kind(original.trim());
        Value {
            original: original.to_string(),
            kind,
        }
    }

    /// The numeric value, if the cell holds a number.
    pub fn number(&self) -> Option<f64> {
        match &self.kind {
            ValueKind::Number { number, .. } => Some(*number),
            _ => None,
        }
    }

    /// The number as a plain decimal without separators ("1338", "40.9"), if the cell holds a number.
    pub fn plain(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::Number { plain, .. } => Some(plain),
            _ => None,
        }
    }

    /// The unit, if the cell holds a number.
    pub fn unit(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::Number { unit, .. } => Some(unit),
            _ => None,
        }
    }

    /// The bracketed note, if any.
    pub fn note(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::Number { note, .. } => note.as_deref(),
            _ => None,
        }
    }
}

fn parse_kind(text: &str) -> ValueKind {
    if MISSING_MARKS.contains(&text) {
        return ValueKind::Missing;
    }
    match split_number(text) {
        Some((plain, rest)) => match (plain.parse::<f64>(), split_unit_note(rest)) {
            (Ok(number), Some((unit, note))) if number.is_finite() => ValueKind::Number {
                plain,
                number,
                unit,
                note,
            },
            _ => ValueKind::Text,
        },
        None => ValueKind::Text,
    }
}

/// Splits a leading number ("1,338", "４０.９", "△3") from the rest of the text.
/// Returns the number as a plain ASCII decimal.
fn split_number(text: &str) -> Option<(String, &str)> {
    let mut plain = String::new();
    let mut chars = text.char_indices().peekable();
    if let Some(&(_, c)) = chars.peek()
        && matches!(c, '-' | '−' | '△' | '▲')
    {
        plain.push('-');
        chars.next();
    }
    let mut end = 0;
    let mut digits = 0;
    let mut seen_point = false;
    for (i, c) in chars {
        match c {
            '0'..='9' => plain.push(c),
            '０'..='９' => plain.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            // A separator only between digits: "1,338".
            ',' | '，' if digits > 0 && !seen_point => {
                end = i + c.len_utf8();
                continue;
            }
            '.' | '．' if digits > 0 && !seen_point => {
                seen_point = true;
                plain.push('.');
                end = i + c.len_utf8();
                continue;
            }
            _ => break,
        }
        digits += 1;
        end = i + c.len_utf8();
    }
    if digits == 0 || plain.ends_with('.') || text[..end].ends_with([',', '，']) {
        return None;
    }
    Some((plain, &text[end..]))
}

/// Splits "時間", "%(令和2年度)", "%（令和2年度）" into unit and note.
/// A unit is short and holds no digits; anything else makes the cell a text.
fn split_unit_note(rest: &str) -> Option<(String, Option<String>)> {
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
            (rest[..open].trim(), Some(note.to_string()))
        }
        None => (rest, None),
    };
    let plausible_unit = unit.chars().count() <= 6 && !unit.chars().any(|c| c.is_ascii_digit());
    plausible_unit.then(|| (unit.to_string(), note))
}

/// Written back as the original text, so content round-trips unchanged.
impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.original)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Read numbers as text too, so that `60.0` keeps its spelling.
        let text = String::deserialize(deserializer)?;
        if text.trim().is_empty() {
            return Err(serde::de::Error::custom(
                "expected a value such as 1,338時間 or 40.9%; write — for no value",
            ));
        }
        Ok(Value::parse(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> (String, String, Option<String>) {
        match Value::parse(text).kind {
            ValueKind::Number {
                plain, unit, note, ..
            } => (plain, unit, note),
            other => panic!("{text}: {other:?}"),
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
