//! Reading the tab-separated export into a [`Grid`].
//!
//! The file may be UTF-8 with or without a byte order mark, or UTF-16 with
//! one (Excel's 「Unicode テキスト」), with LF or CRLF line ends. A cell that
//! Excel quoted (`"…"`, holding tabs, line breaks or `""`) is read as one
//! cell and keeps the line its row starts on; anything else is taken as it is.

use std::path::Path;

use super::sheet::{Grid, Row};
use crate::diagnostic::{Diagnostic, Position};

/// Reads `file` as one sheet.
pub fn read(file: &Path) -> Result<Grid, Diagnostic> {
    let bytes = std::fs::read(file).map_err(|e| {
        Diagnostic::error(
            file,
            Position::default(),
            "",
            format!("cannot read the file: {e}"),
        )
    })?;
    let text = decode(&bytes)
        .map_err(|(position, message)| Diagnostic::error(file, position, "", message))?;
    // A CSV export renamed, starting with its page header `分野,行政経営,…`:
    // each of its lines would be an error of its own.
    let first = (text.lines().enumerate()).find(|(_, line)| !line.trim().is_empty());
    if let Some((n, line)) = first
        && !text.contains('\t')
        && line.trim_start_matches([' ', '"']).starts_with("分野")
        && line.contains(',')
    {
        return Err(Diagnostic::error(
            file,
            Position::new(u32::try_from(n + 1).unwrap_or(u32::MAX), 1),
            "",
            "the file has no tabs, and its lines hold commas: it looks comma-separated (CSV); import the .xlsx workbook itself, or save the sheet as 「テキスト (タブ区切り)」 or 「Unicode テキスト」",
        ));
    }
    Ok(Grid {
        file: file.to_path_buf(),
        sheet: None,
        rows: rows(&text),
    })
}

/// The file's text, or where it stops being readable and why.
fn decode(bytes: &[u8]) -> Result<String, (Position, String)> {
    if let Some(utf16) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(utf16, u16::from_le_bytes);
    }
    if let Some(utf16) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(utf16, u16::from_be_bytes);
    }
    let utf8 = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(utf8) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            // The valid part is UTF-8, so it can say which line and cell broke.
            let valid = String::from_utf8_lossy(&utf8[..e.valid_up_to()]);
            let line = valid.matches('\n').count() + 1;
            let cell = valid
                .rsplit('\n')
                .next()
                .map_or(0, |last| last.matches('\t').count())
                + 1;
            let position = Position::new(
                u32::try_from(line).unwrap_or(u32::MAX),
                u32::try_from(cell).unwrap_or(u32::MAX),
            );
            Err((
                position,
                "the file is not UTF-8 (Excel's 「テキスト (タブ区切り)」 is Shift_JIS): save it as UTF-8 or as 「Unicode テキスト」, or import the .xlsx workbook".to_string(),
            ))
        }
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, (Position, String)> {
    let units = bytes.chunks(2).map(|pair| match pair {
        [a, b] => Ok(unit([*a, *b])),
        _ => Err(()),
    });
    let units: Result<Vec<u16>, ()> = units.collect();
    units
        .ok()
        .and_then(|units| {
            char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .ok()
        })
        .ok_or_else(|| {
            (
                Position::default(),
                "the file starts like UTF-16 text but is not valid UTF-16".to_string(),
            )
        })
}

/// Splits the text into rows of cells. Line numbers are 1-based; a quoted
/// cell spanning lines makes the next row start on a later line.
pub fn rows(text: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut line: u32 = 1;
    let mut rest = text;
    while !rest.is_empty() {
        let mut row = Row {
            line,
            cells: Vec::new(),
        };
        loop {
            let (cell, end) = next_cell(rest);
            line =
                line.saturating_add(u32::try_from(cell.matches('\n').count()).unwrap_or(u32::MAX));
            row.cells.push(cell);
            match end {
                End::Tab(after) => rest = after,
                End::Line(after) => {
                    rest = after;
                    line = line.saturating_add(1);
                    break;
                }
                End::File => {
                    rest = "";
                    break;
                }
            }
        }
        rows.push(row);
    }
    rows
}

/// What ends a cell, and the text after it.
enum End<'a> {
    Tab(&'a str),
    Line(&'a str),
    File,
}

/// Reads one cell from the start of `text`.
fn next_cell(text: &str) -> (String, End<'_>) {
    if let Some((cell, len)) = quoted(text) {
        return (cell, end_at(&text[len..]));
    }
    let len = text.find(['\t', '\n']).unwrap_or(text.len());
    let cell = &text[..len];
    let cell = if text[len..].starts_with('\n') {
        cell.strip_suffix('\r').unwrap_or(cell)
    } else {
        cell
    };
    (cell.to_string(), end_at(&text[len..]))
}

fn end_at(text: &str) -> End<'_> {
    if let Some(after) = text.strip_prefix('\t') {
        End::Tab(after)
    } else if let Some(after) = text
        .strip_prefix("\r\n")
        .or_else(|| text.strip_prefix('\n'))
    {
        End::Line(after)
    } else {
        End::File
    }
}

/// A cell quoted the way Excel quotes (`"a ""b""<LF>c"`), with its length in
/// bytes. Only a closing quote followed by a tab, a line end or the end of the
/// file counts, so a cell that merely starts with `"` is read as written.
fn quoted(text: &str) -> Option<(String, usize)> {
    let body = text.strip_prefix('"')?;
    let mut cell = String::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '"' {
            cell.push(c);
            continue;
        }
        if chars.next_if(|&(_, next)| next == '"').is_some() {
            cell.push('"');
            continue;
        }
        let after = &body[i + 1..];
        let closes = after.is_empty()
            || after.starts_with('\t')
            || after.starts_with('\n')
            || after.starts_with("\r\n");
        return closes.then(|| (cell.replace("\r\n", "\n"), i + 2));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<(u32, Vec<String>)> {
        rows(text)
            .into_iter()
            .map(|row| (row.line, row.cells))
            .collect()
    }

    #[test]
    fn lines_and_cells() {
        assert_eq!(
            cells("a\tb\r\n\r\nc\t\n"),
            [
                (1, vec!["a".into(), "b".into()]),
                (2, vec!["".into()]),
                (3, vec!["c".into(), "".into()])
            ]
        );
        assert_eq!(cells("a"), [(1, vec!["a".to_string()])]);
        assert!(cells("").is_empty());
    }

    #[test]
    fn quoted_cells_span_lines() {
        assert_eq!(
            cells("\"・一つ目\r\n・\"\"二つ目\"\"\"\tx\nnext"),
            [
                (1, vec!["・一つ目\n・\"二つ目\"".into(), "x".into()]),
                (3, vec!["next".into()])
            ]
        );
        // Not a quoted cell: the closing quote is followed by more text.
        assert_eq!(
            cells("\"便利\"と回答\tx"),
            [(1, vec!["\"便利\"と回答".into(), "x".into()])]
        );
        assert_eq!(cells("\"open\tx"), [(1, vec!["\"open".into(), "x".into()])]);
    }

    #[test]
    fn encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\tb").unwrap(), "a\tb");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("分野\t行政".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16).unwrap(), "分野\t行政");
        let (position, message) = decode(b"a\nb\t\x82\xa0").unwrap_err();
        assert_eq!(position, Position::new(2, 2));
        assert!(message.starts_with("the file is not UTF-8"));
        assert!(decode(b"\xFF\xFEa").is_err());
    }
}
