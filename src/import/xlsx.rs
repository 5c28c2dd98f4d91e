//! Reading an `.xlsx` workbook into one [`Grid`] per non-empty worksheet.
//!
//! Cells keep their spreadsheet positions: row N is line N and column A is
//! cell 1, so messages point at the cell to fix. Text cells are read as
//! written. A number is shown the way its number format shows it in Excel,
//! for the formats KPI cells use (General, `0`, `#,##0`, `0.0`, `0.0%`, and
//! those with a quoted unit such as `#,##0"時間"`); any other format, a date,
//! a truth value or an error value is an error rather than a guess.

use std::path::Path;

use calamine::{Data, Reader, StyleRange, Xlsx, open_workbook};

use super::sheet::{Grid, Place, Row};
use crate::diagnostic::{Diagnostic, Position};

/// Reads every worksheet that holds at least one cell.
pub fn read(file: &Path) -> Result<Vec<Grid>, Vec<Diagnostic>> {
    let file_error =
        |message: String| vec![Diagnostic::error(file, Position::default(), "", message)];
    let mut workbook: Xlsx<_> =
        open_workbook(file).map_err(|e| file_error(format!("cannot read the workbook: {e}")))?;
    let mut grids = Vec::new();
    let mut problems = Vec::new();
    for name in workbook.sheet_names() {
        let sheet_error = |e: calamine::XlsxError| {
            Diagnostic::error(
                file,
                Position::default(),
                "",
                format!("cannot read the worksheet {name}: {e}"),
            )
        };
        let range = match workbook.worksheet_range(&name) {
            Ok(range) => range,
            Err(e) => {
                problems.push(sheet_error(e));
                continue;
            }
        };
        let styles = match workbook.worksheet_style(&name) {
            Ok(styles) => styles,
            Err(e) => {
                problems.push(sheet_error(e));
                continue;
            }
        };
        let Some((first_row, first_column)) = range.start() else {
            continue; // An empty worksheet holds nothing to import.
        };
        let mut rows = Vec::new();
        for (r, cells) in (first_row..).zip(range.rows()) {
            let line = r.saturating_add(1);
            let mut row = Row {
                line,
                cells: vec![String::new(); first_column as usize],
            };
            for (c, data) in (first_column..).zip(cells) {
                let text = cell_text(data, &styles, (r, c)).unwrap_or_else(|message| {
                    let column = c.saturating_add(1);
                    let place = Place {
                        file: file.to_path_buf(),
                        sheet: Some(name.clone()),
                        line,
                        column,
                    };
                    problems.push(place.error("cell", message));
                    String::new()
                });
                row.cells.push(text);
            }
            rows.push(row);
        }
        grids.push(Grid {
            file: file.to_path_buf(),
            sheet: Some(name.clone()),
            rows,
        });
    }
    if problems.is_empty() {
        Ok(grids)
    } else {
        Err(problems)
    }
}

/// The cell as the sheet shows it.
fn cell_text(data: &Data, styles: &StyleRange, position: (u32, u32)) -> Result<String, String> {
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
    let code = styles
        .get(position)
        .and_then(|style| style.number_format.as_ref())
        .map_or("General", |format| format.format_code.as_str());
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
