//! Reading an `.xlsx` workbook into one [`Grid`] per non-empty worksheet.
//!
//! Cells keep their spreadsheet positions: row N is line N and column A is
//! cell 1, so messages point at the cell to fix. Text cells are read as
//! written. A number is shown the way its number format shows it in Excel,
//! for the formats KPI cells use (General, `0`, `#,##0`, `0.0`, `0.0%`, and
//! those with a quoted unit such as `#,##0"時間"`); any other format, a date,
//! a truth value or an error value is an error rather than a guess.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use calamine::{Data, DataRef, Reader, Xlsx, XlsxError};

use super::sheet::{Grid, Place, Row};
use crate::diagnostic::{Diagnostic, Position};

/// The most cells a worksheet's rows may span, counting the empty cells
/// before each row's last value (a report sheet spans a few thousand). A
/// stray cell far away costs only its own row, but a workbook with cells
/// beyond Excel's last column, or a row ending at XFD on every line, would
/// otherwise fill memory: it is an error instead.
const MAX_SHEET_CELLS: usize = 4_000_000;

/// The most a workbook's parts may unpack to, in bytes. A report's workbook
/// unpacks to a few MB; calamine holds the shared strings in memory whole,
/// so a small file that unpacks to gigabytes (a "zip bomb") would take that
/// much memory. The zip reader stops each part at the size the archive
/// declares for it, so checking the declared sizes first bounds what reading
/// the workbook can take.
const MAX_UNPACKED_BYTES: u64 = 100_000_000;

/// A worksheet's values with their number formats, by (row, column) from 0.
type Cells = BTreeMap<(u32, u32), (Data, Option<String>)>;

/// A worksheet's name and its cells, or why they cannot be read.
type Sheet = (String, Result<Cells, XlsxError>);

/// Reads every worksheet that holds at least one cell.
pub fn read(file: &Path) -> Result<Vec<Grid>, Vec<Diagnostic>> {
    let file_error =
        |message: String| vec![Diagnostic::error(file, Position::default(), "", message)];
    // calamine panics on some damaged workbooks, e.g. on cell references past
    // u32 in debug builds (tafia/calamine#694): an error, not a crash.
    let sheets = catch_unwind(AssertUnwindSafe(|| read_sheets(file)))
        .unwrap_or_else(|panic| {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|reason| reason.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!(
                "cannot read the workbook: the spreadsheet reader failed on it ({reason})"
            ))
        })
        .map_err(file_error)?;
    let mut grids = Vec::new();
    let mut problems = Vec::new();
    for (name, cells) in sheets {
        let cells = match cells {
            Ok(cells) => cells,
            Err(e) => {
                let message = format!("cannot read the worksheet {name}: {e}");
                problems.push(Diagnostic::error(file, Position::default(), "", message));
                continue;
            }
        };
        if cells.is_empty() {
            continue; // An empty worksheet holds nothing to import.
        }
        let place = |r: u32, c: u32| Place {
            file: file.to_path_buf(),
            sheet: Some(name.clone()),
            line: r.saturating_add(1),
            column: c.saturating_add(1),
        };
        let mut rows: Vec<(u32, Row)> = Vec::new();
        let mut spanned: usize = 0;
        for ((r, c), (data, format)) in cells {
            if rows.last().is_none_or(|(last, _)| *last != r) {
                let line = r.saturating_add(1);
                rows.push((
                    r,
                    Row {
                        line,
                        cells: Vec::new(),
                    },
                ));
            }
            let Some((_, row)) = rows.last_mut() else {
                continue;
            };
            // Cells come in order, so the row grows to this one.
            let width = usize::try_from(c).unwrap_or(usize::MAX).saturating_add(1);
            spanned = spanned.saturating_add(width.saturating_sub(row.cells.len()));
            if spanned > MAX_SHEET_CELLS {
                let message = format!(
                    "the worksheet spans more than {MAX_SHEET_CELLS} cells up to this one (each row counted to its last value); a report sheet is far smaller: delete the cells outside the report"
                );
                problems.push(place(r, c).error("cell", message));
                rows.clear();
                break;
            }
            row.cells.resize(width - 1, String::new());
            let text = cell_text(&data, format.as_deref()).unwrap_or_else(|message| {
                problems.push(place(r, c).error("cell", message));
                String::new()
            });
            row.cells.push(text);
        }
        grids.push(Grid {
            file: file.to_path_buf(),
            sheet: Some(name.clone()),
            rows: rows.into_iter().map(|(_, row)| row).collect(),
        });
    }
    if problems.is_empty() {
        Ok(grids)
    } else {
        Err(problems)
    }
}

/// Every worksheet's name and cells, or why the workbook cannot be opened.
fn read_sheets(file: &Path) -> Result<Vec<Sheet>, String> {
    let cannot_read = |e: XlsxError| format!("cannot read the workbook: {e}");
    // One open file for the check and the reading, so both see the same archive.
    let mut archive = std::fs::File::open(file)
        .map(std::io::BufReader::new)
        .map_err(|e| cannot_read(XlsxError::Io(e)))?;
    let unpacked =
        unpacked_size(&mut archive).map_err(|e| format!("cannot read the workbook: {e}"))?;
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(format!(
            "the workbook unpacks to {:.1} MB, more than the {} MB hyoka reads; a report's workbook unpacks to a few MB — is this the right file?",
            unpacked as f64 / 1e6,
            MAX_UNPACKED_BYTES / 1_000_000
        ));
    }
    let mut workbook = Xlsx::new(archive).map_err(cannot_read)?;
    let names = workbook.sheet_names();
    Ok(names
        .into_iter()
        .map(|name| {
            let cells = sheet_cells(&mut workbook, &name);
            (name, cells)
        })
        .collect())
}

/// The bytes the parts of the workbook `file` declare they unpack to, read
/// from the archive's directory without unpacking anything.
fn unpacked_size<R: std::io::Read + std::io::Seek>(file: &mut R) -> zip::result::ZipResult<u64> {
    let mut archive = zip::ZipArchive::new(file)?;
    (0..archive.len()).try_fold(0u64, |total, part| {
        Ok(total.saturating_add(archive.by_index_raw(part)?.size()))
    })
}

/// The worksheet's values, read one by one. calamine's `worksheet_range`
/// allocates every cell of the rectangle around the values, so a workbook
/// with one value at A1 and one at XFD1048576 asked for 512 GB and aborted
/// the import (found while fuzzing the importer).
fn sheet_cells<R: std::io::Read + std::io::Seek>(
    workbook: &mut Xlsx<R>,
    name: &str,
) -> Result<Cells, XlsxError> {
    let mut reader = match workbook.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        // A chart sheet holds no cells.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Cells::new()),
        Err(e) => return Err(e),
    };
    let mut cells = Cells::new();
    while let Some((cell, style)) = reader.next_cell_with_style_id()? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        // Style 0 is the default format, General.
        let format = reader
            .styles()
            .get(style)
            .filter(|_| style > 0)
            .and_then(|style| style.number_format.as_ref())
            .map(|format| format.format_code.clone());
        // A cell given twice (a damaged file) keeps its last value.
        cells.insert(
            cell.get_position(),
            (Data::from(cell.get_value().clone()), format),
        );
    }
    Ok(cells)
}

/// The cell as the sheet shows it, given its number format (`None`: General).
fn cell_text(data: &Data, format: Option<&str>) -> Result<String, String> {
    let number = match data {
        Data::Empty => return Ok(String::new()),
        Data::String(text) => return Ok(text.clone()),
        Data::Float(number) => *number,
        Data::Int(number) => *number as f64,
        Data::Bool(value) => {
            return Err(format!(
                "the cell holds the truth value {value}; write the text the report prints"
            ));
        }
        Data::Error(error) => {
            return Err(format!(
                "the cell shows the error {error}; fix the formula or write the value"
            ));
        }
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            return Err("the cell holds a date or time; write the fiscal year or value as text, e.g. 令和5年度".to_string());
        }
    };
    let code = format.unwrap_or("General");
    format_number(number, code).ok_or_else(|| {
        format!("the cell holds the number {number} shown with the number format `{code}`, which the importer cannot reproduce; write the value as text, as the report prints it")
    })
}

/// Shows `number` as Excel shows it with the format `code`, for the formats
/// listed in the module documentation; `None` for any other format.
fn format_number(number: f64, code: &str) -> Option<String> {
    if code.eq_ignore_ascii_case("general") || code == "@" {
        return Some(general(number));
    }
    // A second section would be the format of negative numbers.
    if code.contains(';') && number < 0.0 {
        return None;
    }
    let section = code.split(';').next()?;
    let mut pattern = String::new();
    let mut before = String::new();
    let mut after = String::new();
    let mut percent = false;
    let mut chars = section.chars();
    while let Some(c) = chars.next() {
        let literal = match c {
            '0' | '#' | ',' | '.' if after.is_empty() => {
                pattern.push(c);
                continue;
            }
            '"' => chars.by_ref().take_while(|&c| c != '"').collect(),
            '\\' => chars.next()?.to_string(),
            '%' => {
                percent = true;
                "%".to_string()
            }
            // Letters are dates and times, the rest fractions, padding, colours, conditions.
            _ if c.is_ascii_alphanumeric() || "?/_*@[]E".contains(c) => return None,
            _ => c.to_string(),
        };
        if pattern.is_empty() {
            before.push_str(&literal)
        } else {
            after.push_str(&literal)
        }
    }
    let (integer, fraction) = pattern.split_once('.').unwrap_or((&pattern, ""));
    if integer.ends_with(',') || fraction.contains(',') || !integer.contains('0') {
        return None; // Scaling by 1000, or digits that may vanish: not met in reports.
    }
    let decimals = fraction.chars().filter(|&c| c == '0' || c == '#').count();
    let required = fraction.chars().filter(|&c| c == '0').count();
    let shown = if percent { number * 100.0 } else { number };
    let scaled = round_scaled(shown.abs(), decimals)?;
    let text = format!("{scaled:0>width$}", width = decimals + 1);
    let (whole, fraction) = text.split_at(text.len() - decimals);
    // Optional places (#) show only digits other than trailing zeros.
    let fraction = &fraction[..fraction.trim_end_matches('0').len().max(required)];
    let whole = if integer.contains(',') {
        group_thousands(whole)
    } else {
        whole.to_string()
    };
    let sign = if shown < 0.0 && scaled > 0 { "-" } else { "" };
    let point = if fraction.is_empty() { "" } else { "." };
    Some(format!("{before}{sign}{whole}{point}{fraction}{after}"))
}

/// `number × 10^decimals` rounded as Excel rounds what it shows: from the
/// number's 15 significant decimal digits, halves away from zero (2.125 shows
/// as 2.13, which binary rounding would make 2.12).
fn round_scaled(number: f64, decimals: usize) -> Option<u128> {
    let scientific = format!("{number:.14e}");
    let (mantissa, exponent) = scientific.split_once('e')?;
    let digits: u128 = mantissa.replace('.', "").parse().ok()?;
    let shift = exponent.parse::<i64>().ok()? - 14 + i64::try_from(decimals).ok()?;
    if shift >= 0 {
        digits.checked_mul(10u128.checked_pow(u32::try_from(shift).ok()?)?)
    } else {
        let divisor = 10u128
            .checked_pow(u32::try_from(-shift).ok()?)
            .unwrap_or(u128::MAX);
        Some((digits + divisor / 2) / divisor)
    }
}

/// Excel's General format: at most 15 significant digits, no exponent for
/// the sizes KPI values have.
fn general(number: f64) -> String {
    let rounded: f64 = format!("{number:.14e}").parse().unwrap_or(number);
    if rounded == 0.0 {
        "0".to_string()
    } else {
        rounded.to_string()
    }
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_number(1338.0, "General").as_deref(), Some("1338"));
        assert_eq!(format_number(0.1 + 0.2, "General").as_deref(), Some("0.3"));
        assert_eq!(format_number(-0.0, "General").as_deref(), Some("0"));
        assert_eq!(
            format_number(1338.0, "#,##0\"時間\"").as_deref(),
            Some("1,338時間")
        );
        assert_eq!(
            format_number(1000000.0, "#,##0").as_deref(),
            Some("1,000,000")
        );
        assert_eq!(format_number(0.409, "0.0%").as_deref(), Some("40.9%"));
        assert_eq!(format_number(1.0, "0%").as_deref(), Some("100%"));
        assert_eq!(format_number(60.0, "0.0").as_deref(), Some("60.0"));
        assert_eq!(format_number(2.5, "0.0#").as_deref(), Some("2.5"));
        assert_eq!(format_number(2.125, "0.0#").as_deref(), Some("2.13"));
        assert_eq!(format_number(1.005, "0.00").as_deref(), Some("1.01"));
        assert_eq!(format_number(0.004, "0.0").as_deref(), Some("0.0"));
        assert_eq!(format_number(-0.04, "0.0").as_deref(), Some("0.0"));
        assert_eq!(format_number(-3.0, "0\\件").as_deref(), Some("-3件"));
        assert_eq!(format_number(21.0, "0人").as_deref(), Some("21人"));
        assert_eq!(format_number(5.0, "0;[Red]-0").as_deref(), Some("5"));
        assert_eq!(format_number(-5.0, "0;[Red]-0"), None);
        assert_eq!(format_number(45000.0, "yyyy/mm/dd"), None);
        assert_eq!(format_number(1.5, "# ?/?"), None);
        assert_eq!(format_number(1.0, "#,###"), None);
    }
}
