//! Property tests of `hyoka import`: any bytes, exports pieced together from
//! the sheet's labels and values, mutations of the real sample export, random
//! workbooks and damaged ones end in content files or in errors naming the
//! file and a line and cell, never in a panic or a hang (the contract is in
//! `tests/common/import_fuzz.rs`). Changes that keep the export valid —
//! another encoding, CRLF, blank lines, quoted cells, the sheet moved within
//! a workbook, KPI values held as formatted numbers — import to exactly the
//! files of the sample itself: nothing lost.
//!
//! Every case imports into a new site, so CI runs 256 cases of the quick
//! properties and 48 of those that may write a whole site; for a long run set
//! PROPTEST_CASES, e.g. `PROPTEST_CASES=5000 cargo test --release --test
//! fuzz_import`. The cargo-fuzz targets `import_tsv` and `import_xlsx` do the
//! same with coverage guidance; `tests/fixtures/fuzz-import/` holds what they
//! found and started from, replayed here.

mod common;
#[path = "common/import_fuzz.rs"]
mod import_fuzz;

use std::sync::LazyLock;

use common::*;
use import_fuzz::{Files, check_import, escape, sheet_of_export, sheet_xml, with_sheet};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use rust_xlsxwriter::{Format, Formula, Workbook};

const SAMPLE: &str = "tests/fixtures/settsu-digital-r5.tsv";

static SAMPLE_TEXT: LazyLock<String> =
    LazyLock::new(|| std::fs::read_to_string(repo().join(SAMPLE)).unwrap());

/// The sample's cells, line by line.
static SAMPLE_ROWS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    SAMPLE_TEXT
        .lines()
        .map(|line| line.split('\t').map(String::from).collect())
        .collect()
});

/// What importing the sample writes: any valid variant must write the same.
static SAMPLE_FILES: LazyLock<Files> =
    LazyLock::new(|| imported("sample.tsv", SAMPLE_TEXT.as_bytes()));

/// The sample as a workbook written by rust_xlsxwriter (compressed, as Excel writes).
static SAMPLE_BOOK: LazyLock<Vec<u8>> =
    LazyLock::new(|| sample_book(&SampleBook::default()).unwrap());

/// Imports `bytes` as `name` into a new site, which must succeed; the files written.
fn imported(name: &str, bytes: &[u8]) -> Files {
    let dir = tempfile::tempdir().unwrap();
    match check_import(dir.path(), name, bytes) {
        Ok(Some(files)) => files,
        Ok(None) => panic!("the import of {name} failed"),
        Err(why) => panic!("{why}"),
    }
}

/// Imports `bytes` as `name` into a new site; the contract must hold.
fn check(name: &str, bytes: &[u8]) -> Result<Option<Files>, TestCaseError> {
    import_fuzz::let_calamine_panics_unwind();
    let dir = tempfile::tempdir().unwrap();
    check_import(dir.path(), name, bytes).map_err(TestCaseError::fail)
}

/// Imports `bytes` as `name`, which must write exactly the sample's files;
/// if not, shows the import's problems or the files it wrote.
fn check_same_as_sample(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let files = check(name, bytes)?;
    prop_assert!(
        files.as_ref() == Some(&*SAMPLE_FILES),
        "{:#?}",
        files.map_or_else(
            || import_problems(bytes, name),
            |files| vec![format!("{files:#?}")]
        )
    );
    Ok(())
}

/// `n` cases, unless PROPTEST_CASES asks for a long run.
fn cases(n: u32) -> ProptestConfig {
    if std::env::var_os("PROPTEST_CASES").is_some() {
        ProptestConfig::default()
    } else {
        ProptestConfig::with_cases(n)
    }
}

/// Pieces of text the reader, the sheet parser and the cell cleaner treat
/// specially, and the sheet's own labels.
const PIECES: &[&str] = &[
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\"",
    "\"\"",
    "\"\t",
    "\t\"",
    "<p>",
    "</p>",
    "<ul style=\"list-style-type: none\">",
    "</ul>",
    "<li>",
    "<br>",
    "<br/>",
    "<",
    ">",
    "&amp;",
    "&#12354;",
    "&#x3042;",
    "&#xFFFFFFFF;",
    "&#55296;",
    "&",
    ";",
    "・",
    " ・",
    "【★】",
    "\u{feff}",
    "\u{0}",
    "\u{3000}",
    " ",
    "----",
    ":---:",
    "分野",
    "施策",
    "分野計画名称",
    "行政経営戦略 参照ページ",
    "参照ページ",
    "施策の展開（大項目）",
    "施策の展開(大項目)",
    "KPI (指標)",
    "KPI（指標）",
    "推移の方向性",
    "基準値",
    "令和3年度 結果",
    "令和5年度 結果",
    "平成31年度 結果",
    "2023年度 結果",
    "令和100年度 結果",
    "目標値 (令和7年度)",
    "目標値",
    "中項目",
    "分野計画参照ページ",
    "関連する主な事業",
    "令和5年度 の取組実績",
    "令和6年度 の取組実績",
    "分析・考察",
    "増加",
    "減少",
    "維持",
    "上昇",
    "1 ",
    "1 タイトル",
    "０",
    "99999999999 x",
    "4294967295 x",
    "—",
    "集計中",
    "1,338時間",
    "40.9%(令和2年度)",
    "-",
    "DX推進事業 情報政策課",
    "人事管理事業",
];

/// Text made of pieces and of the sample's own cells.
fn sheetish() -> impl Strategy<Value = String> {
    let words: Vec<String> = SAMPLE_TEXT
        .split(['\t', '\n'])
        .filter(|word| !word.is_empty())
        .map(String::from)
        .collect();
    let piece = prop_oneof![
        6 => select(PIECES).prop_map(str::to_string),
        3 => select(words),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

#[derive(Debug, Clone, Copy, Default)]
enum Encoding {
    #[default]
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

const ENCODINGS: &[Encoding] = &[
    Encoding::Utf8,
    Encoding::Utf8Bom,
    Encoding::Utf16Le,
    Encoding::Utf16Be,
];

fn encoding() -> impl Strategy<Value = Encoding> {
    select(ENCODINGS)
}

/// `text` as Excel and other programs save it: UTF-8 with or without a byte
/// order mark, or UTF-16 with one (「Unicode テキスト」).
fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    let utf16 = |bom: [u8; 2], unit: fn(u16) -> [u8; 2]| {
        bom.into_iter()
            .chain(text.encode_utf16().flat_map(unit))
            .collect()
    };
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [b"\xEF\xBB\xBF", text.as_bytes()].concat(),
        Encoding::Utf16Le => utf16([0xFF, 0xFE], u16::to_le_bytes),
        Encoding::Utf16Be => utf16([0xFE, 0xFF], u16::to_be_bytes),
    }
}

fn with_crlf(text: &str, crlf: bool) -> String {
    if crlf {
        text.replace('\n', "\r\n")
    } else {
        text.to_string()
    }
}

/// A change to the sample's cells or lines.
#[derive(Debug, Clone)]
enum Edit {
    DeleteCell(Index, Index),
    DuplicateCell(Index, Index),
    SwapCells((Index, Index), (Index, Index)),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    Replace(Index, Index, &'static str),
    Insert(Index, Index, Index, &'static str),
    /// A cell grown to thousands of copies of a piece.
    Huge(Index, Index, &'static str, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let cell = || (any::<Index>(), any::<Index>());
    prop_oneof![
        2 => cell().prop_map(|(r, c)| Edit::DeleteCell(r, c)),
        2 => cell().prop_map(|(r, c)| Edit::DuplicateCell(r, c)),
        2 => (cell(), cell()).prop_map(|(a, b)| Edit::SwapCells(a, b)),
        2 => any::<Index>().prop_map(Edit::DeleteLine),
        2 => any::<Index>().prop_map(Edit::DuplicateLine),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        2 => (cell(), select(PIECES)).prop_map(|((r, c), p)| Edit::Replace(r, c, p)),
        2 => (cell(), any::<Index>(), select(PIECES))
            .prop_map(|((r, c), at, p)| Edit::Insert(r, c, at, p)),
        1 => (cell(), select(PIECES), 100..8000usize)
            .prop_map(|((r, c), p, n)| Edit::Huge(r, c, p, n)),
    ]
}

/// The cell `(r, c)` of `rows`, if there is any cell at all.
fn cell_at(rows: &mut [Vec<String>], (r, c): (Index, Index)) -> Option<&mut String> {
    if rows.is_empty() {
        return None;
    }
    let row = &mut rows[r.index(rows.len())];
    if row.is_empty() {
        return None;
    }
    let c = c.index(row.len());
    Some(&mut row[c])
}

fn apply(rows: &mut Vec<Vec<String>>, edit: &Edit) {
    let line =
        |rows: &Vec<Vec<String>>, at: &Index| (!rows.is_empty()).then(|| at.index(rows.len()));
    match edit {
        Edit::DeleteCell(r, c) | Edit::DuplicateCell(r, c) => {
            let Some(r) = line(rows, r) else { return };
            let row = &mut rows[r];
            if row.is_empty() {
                return;
            }
            let c = c.index(row.len());
            if matches!(edit, Edit::DeleteCell(..)) {
                row.remove(c);
            } else {
                row.insert(c, row[c].clone());
            }
        }
        Edit::SwapCells(a, b) => {
            let (Some(x), Some(y)) = (
                cell_at(rows, *a).map(|cell| cell.clone()),
                cell_at(rows, *b).map(|cell| cell.clone()),
            ) else {
                return;
            };
            *cell_at(rows, *a).unwrap() = y;
            *cell_at(rows, *b).unwrap() = x;
        }
        Edit::DeleteLine(at) => {
            if let Some(r) = line(rows, at) {
                rows.remove(r);
            }
        }
        Edit::DuplicateLine(at) => {
            if let Some(r) = line(rows, at) {
                rows.insert(r, rows[r].clone());
            }
        }
        Edit::SwapLines(a, b) => {
            if let (Some(a), Some(b)) = (line(rows, a), line(rows, b)) {
                rows.swap(a, b);
            }
        }
        Edit::Replace(r, c, piece) => {
            if let Some(cell) = cell_at(rows, (*r, *c)) {
                *cell = piece.to_string();
            }
        }
        Edit::Insert(r, c, at, piece) => {
            if let Some(cell) = cell_at(rows, (*r, *c)) {
                let boundaries: Vec<usize> = cell
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([cell.len()])
                    .collect();
                cell.insert_str(boundaries[at.index(boundaries.len())], piece);
            }
        }
        Edit::Huge(r, c, piece, n) => {
            if let Some(cell) = cell_at(rows, (*r, *c)) {
                cell.push_str(&piece.repeat(*n));
            }
        }
    }
}

fn join(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|row| row.join("\t") + "\n")
        .collect::<String>()
}

/// The sample with a few edits, then saved in some encoding, perhaps with a
/// byte flipped and perhaps cut off at any byte.
fn mutated_sample() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::collection::vec(edit(), 0..6),
        encoding(),
        any::<bool>(),
        proptest::option::weighted(0.2, (any::<Index>(), any::<u8>())),
        proptest::option::weighted(0.3, any::<Index>()),
    )
        .prop_map(|(edits, encoding, crlf, flip, cut)| {
            let mut rows = SAMPLE_ROWS.clone();
            for edit in &edits {
                apply(&mut rows, edit);
            }
            let mut bytes = encode(&with_crlf(&join(&rows), crlf), encoding);
            if let Some((at, byte)) = flip
                && !bytes.is_empty()
            {
                let at = at.index(bytes.len());
                bytes[at] ^= byte;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len() + 1));
            }
            bytes
        })
}

/// Ways of writing the sample that keep every cell: the import must not
/// change at all. The default is the sample as it is.
#[derive(Debug, Clone, Default)]
struct Layout {
    encoding: Encoding,
    crlf: bool,
    /// Blank (or white) lines before these lines.
    blank: Vec<(Index, &'static str)>,
    /// Markdown separator lines (`----<TAB>:---:`) before these lines.
    separators: Vec<Index>,
    /// The page header repeated before these lines (where a page may break).
    page_breaks: Vec<Index>,
    /// Cells padded with white space on both sides.
    padded: Vec<(Index, Index, &'static str)>,
    /// Cells quoted the way Excel quotes.
    quoted: Vec<(Index, Index)>,
    /// Empty cells added at the end of lines.
    trailing: Vec<(Index, usize)>,
}

fn layout() -> impl Strategy<Value = Layout> {
    let white = select(vec!["", " ", "\t", " \t\u{3000}"]);
    let pad = select(vec![" ", "  ", "\u{3000}"]);
    let few = 0..4;
    (
        encoding(),
        any::<bool>(),
        proptest::collection::vec((any::<Index>(), white), few.clone()),
        proptest::collection::vec(any::<Index>(), few.clone()),
        proptest::collection::vec(any::<Index>(), few.clone()),
        proptest::collection::vec((any::<Index>(), any::<Index>(), pad), 0..8),
        proptest::collection::vec((any::<Index>(), any::<Index>()), 0..12),
        proptest::collection::vec((any::<Index>(), 1..4usize), few),
    )
        .prop_map(
            |(encoding, crlf, blank, separators, page_breaks, padded, quoted, trailing)| Layout {
                encoding,
                crlf,
                blank,
                separators,
                page_breaks,
                padded,
                quoted,
                trailing,
            },
        )
}

/// The first label of a line.
fn label(row: &[String]) -> &str {
    row.iter()
        .map(|cell| cell.trim())
        .find(|cell| !cell.is_empty())
        .unwrap_or("")
}

fn laid_out(layout: &Layout) -> Vec<u8> {
    let mut rows = SAMPLE_ROWS.clone();
    let n = rows.len();
    for (r, c, pad) in &layout.padded {
        if let Some(cell) = cell_at(&mut rows, (*r, *c)) {
            *cell = format!("{pad}{cell}{pad}");
        }
    }
    // Each cell quoted once: quoting twice would change it.
    let quoted: std::collections::BTreeSet<(usize, usize)> = layout
        .quoted
        .iter()
        .map(|(r, c)| {
            let r = r.index(n);
            (r, c.index(rows[r].len()))
        })
        .collect();
    for (r, c) in quoted {
        let cell = &mut rows[r][c];
        *cell = format!("\"{}\"", cell.replace('"', "\"\""));
    }
    for (r, count) in &layout.trailing {
        rows[r.index(n)].extend(std::iter::repeat_n(String::new(), *count));
    }
    let header_at = SAMPLE_ROWS
        .iter()
        .position(|row| label(row) == "分野")
        .unwrap();
    let page_header = join(&SAMPLE_ROWS[header_at..header_at + 2]);
    let mut text = String::new();
    for (i, row) in rows.iter().enumerate() {
        // A page may break anywhere but between a KPI and its header and values.
        let previous = SAMPLE_ROWS[..i]
            .iter()
            .rev()
            .map(|row| label(row))
            .find(|label| !label.is_empty());
        let breakable = !matches!(previous, Some("KPI (指標)" | "推移の方向性"));
        for at in &layout.page_breaks {
            if at.index(n) == i && breakable {
                text.push_str(&page_header);
            }
        }
        for (at, white) in &layout.blank {
            if at.index(n) == i {
                text.push_str(white);
                text.push('\n');
            }
        }
        for at in &layout.separators {
            if at.index(n) == i {
                text.push_str("----\t:---:\n");
            }
        }
        text.push_str(&row.join("\t"));
        text.push('\n');
    }
    encode(&with_crlf(&text, layout.crlf), layout.encoding)
}

/// "1,338時間" → (1338, `#,##0"時間"`), "40.9%(令和2年度)" → (0.409,
/// `0.0%"(令和2年度)"`): a cell as a number with the format that shows it
/// exactly so, as a spreadsheet holds it; `None` for other cells.
fn as_formatted_number(cell: &str) -> Option<(f64, String)> {
    let digits_end = cell
        .find(|c: char| !c.is_ascii_digit() && c != ',' && c != '.')
        .unwrap_or(cell.len());
    let (number, rest) = cell.split_at(digits_end);
    let (integer, fraction) = number.split_once('.').unwrap_or((number, ""));
    let plain = integer.replace(',', "");
    let grouped = integer.contains(',');
    if plain.is_empty()
        || (plain.len() > 1 && plain.starts_with('0'))
        || fraction.contains(['.', ','])
        || (number.contains('.') && fraction.is_empty())
        || (grouped && group(&plain) != integer)
    {
        return None;
    }
    let (percent, unit) = match rest.strip_prefix('%') {
        Some(unit) => (true, unit),
        None => (false, rest),
    };
    if unit.contains('"') {
        return None;
    }
    let value: f64 = format!("{plain}.{fraction}0").parse().ok()?;
    let mut code = String::from(if grouped { "#,##0" } else { "0" });
    if !fraction.is_empty() {
        code.push('.');
        code.push_str(&"0".repeat(fraction.len()));
    }
    if percent {
        code.push('%');
    }
    if !unit.is_empty() {
        code.push_str(&format!("\"{unit}\""));
    }
    Some((if percent { value / 100.0 } else { value }, code))
}

fn group(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How the sample is put into a workbook: where on the sheet, under which
/// name, beside which empty sheets, and which cells are held as formatted numbers.
#[derive(Debug, Clone, Default)]
struct SampleBook {
    rows_down: u32,
    columns_right: u16,
    name: Option<String>,
    empty_before: bool,
    empty_after: bool,
    numbers: Vec<bool>,
}

fn sample_book_layout() -> impl Strategy<Value = SampleBook> {
    (
        0..200u32,
        0..30u16,
        proptest::option::of("[A-Za-z0-9 施策評価デジタル化()_-]{1,31}"),
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(any::<bool>(), 1..40),
    )
        .prop_map(
            |(rows_down, columns_right, name, empty_before, empty_after, numbers)| SampleBook {
                rows_down,
                columns_right,
                name,
                empty_before,
                empty_after,
                numbers,
            },
        )
}

/// The sample's non-empty cells by their place on a sheet, `rows_down` and
/// `columns_right` from the top left, row by row.
fn sample_cells(
    rows_down: u32,
    columns_right: u16,
) -> impl Iterator<Item = ((u32, u16), &'static String)> {
    SAMPLE_ROWS.iter().enumerate().flat_map(move |(r, row)| {
        row.iter()
            .enumerate()
            .filter(|(_, cell)| !cell.is_empty())
            .map(move |(c, cell)| {
                let r = u32::try_from(r).unwrap() + rows_down;
                let c = u16::try_from(c).unwrap() + columns_right;
                ((r, c), cell)
            })
    })
}

fn sample_book(layout: &SampleBook) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    if layout.empty_before {
        book.add_worksheet();
    }
    let sheet = book.add_worksheet();
    if let Some(name) = &layout.name {
        // Not a name Excel allows: the default one stays.
        let _ = sheet.set_name(name);
    }
    let mut numbers = layout.numbers.iter().cycle();
    for ((r, c), cell) in sample_cells(layout.rows_down, layout.columns_right) {
        let as_number = numbers.next().copied().unwrap_or(false);
        match as_formatted_number(cell).filter(|_| as_number) {
            Some((number, code)) => {
                sheet.write_number_with_format(r, c, number, &Format::new().set_num_format(code))?
            }
            None => sheet.write_string(r, c, cell)?,
        };
    }
    if layout.empty_after {
        book.add_worksheet();
    }
    book.save_to_buffer()
}

/// A cell of a random workbook.
#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Number(f64, Option<String>),
    Bool(bool),
    Formula(&'static str, String),
    Blank(String),
}

/// Number formats KPI cells use, others the importer refuses, and any.
fn number_format() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(&[
            "General", "0", "#,##0", "0.0", "0.0%", "0%", "#,##0\"時間\"", "0\"人\"", "0.0#",
            "\\件0", "0;[Red]-0", "@", "0.00E+00", "yyyy/mm/dd", "# ?/?", "[h]:mm", "0,",
            "#,###", "\"", "\\", "0\"", ";;;", "0.0.0", "#,##0.00_);(#,##0.00)",
        ][..])
        .prop_map(str::to_string),
        1 => "[0#,.%\"a-z;\\\\@ E+_*?/\\[\\]-]{0,12}",
    ]
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        (0..100_000i64).prop_map(|n| n as f64),
        -1e6..1e6f64,
        any::<f64>(),
        select(
            &[
                0.0,
                -0.0,
                0.5,
                2.125,
                1.005,
                0.409,
                1e15,
                1e16,
                1e300,
                f64::MAX,
                f64::MIN_POSITIVE,
                f64::NAN,
                f64::INFINITY,
            ][..]
        ),
    ]
}

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        4 => sheetish().prop_map(Cell::Text),
        1 => any::<String>().prop_map(Cell::Text),
        3 => (number(), proptest::option::of(number_format()))
            .prop_map(|(n, format)| Cell::Number(n, format)),
        1 => any::<bool>().prop_map(Cell::Bool),
        1 => (select(&["=1+1", "=A1", "=NA()", "=\"x\"", "=1/0"][..]), sheetish())
            .prop_map(|(formula, result)| Cell::Formula(formula, result)),
        1 => number_format().prop_map(Cell::Blank),
    ]
}

/// Where a cell goes: mostly near the top left, sometimes far to the right,
/// rarely in Excel's last rows (rust_xlsxwriter then takes a while to save).
fn position() -> impl Strategy<Value = (u32, u16)> {
    prop_oneof![
        300 => (0..40u32, 0..12u16),
        30 => (0..2000u32, 0..=16_383u16),
        1 => (1_048_000..=1_048_575u32, 0..=16_383u16),
    ]
}

type RandomSheet = (Option<String>, Vec<((u32, u16), Cell)>);

fn random_book(sheets: &[RandomSheet]) -> Vec<u8> {
    let mut book = Workbook::new();
    let mut names = std::collections::BTreeSet::new();
    for (name, cells) in sheets {
        let sheet = book.add_worksheet();
        if let Some(name) = name
            && names.insert(name.to_lowercase())
        {
            // A name Excel refuses leaves the default one.
            let _ = sheet.set_name(name);
        }
        for ((r, c), cell) in cells {
            let (r, c) = (*r, *c);
            // Values rust_xlsxwriter refuses (NaN, over-long text) are left out.
            let _ = match cell {
                Cell::Text(text) => sheet.write_string(r, c, text),
                Cell::Number(n, None) => sheet.write_number(r, c, *n),
                Cell::Number(n, Some(code)) => {
                    sheet.write_number_with_format(r, c, *n, &Format::new().set_num_format(code))
                }
                Cell::Bool(value) => sheet.write_boolean(r, c, *value),
                Cell::Formula(formula, result) => {
                    sheet.write_formula(r, c, Formula::new(*formula).set_result(result))
                }
                Cell::Blank(code) => sheet.write_blank(r, c, &Format::new().set_num_format(code)),
            };
        }
    }
    // Duplicate names differing in case only are refused at save: then no workbook.
    book.save_to_buffer().unwrap_or_default()
}

fn random_sheets() -> impl Strategy<Value = Vec<RandomSheet>> {
    let sheet = (
        proptest::option::of("[A-Za-z0-9 施策]{1,12}"),
        proptest::collection::vec((position(), cell()), 0..40),
    );
    proptest::collection::vec(sheet, 1..4)
}

/// Cell references the spreadsheet reader must cope with: Excel's last cell,
/// one past it, past `u32`, nothing.
const ODD_REFERENCES: &[&str] = &[
    "XFD1048576",
    "XFE1",
    "A1048577",
    "ZZZZZZ1",
    "AAAAAAAAA1",
    "A99999999999",
    "A4294967296",
    "A4294967295",
    "A0",
    "",
    "1",
    "A",
    "a1",
    "A1:B2",
    "Ａ1",
];

/// The XML of a worksheet, well-formed or not, with cells of every type.
fn worksheet_xml() -> impl Strategy<Value = String> {
    let reference = prop_oneof![
        8 => (0..30u32, 1..12u32).prop_map(|(r, c)| format!(
            "{}{}",
            import_fuzz::column_letters(c),
            r + 1
        )),
        2 => select(ODD_REFERENCES).prop_map(str::to_string),
        1 => "[A-Za-z]{0,10}[0-9]{0,12}",
    ];
    let kind = select(
        &[
            "",
            " t=\"s\"",
            " t=\"str\"",
            " t=\"inlineStr\"",
            " t=\"b\"",
            " t=\"e\"",
            " t=\"n\"",
            " t=\"d\"",
            " t=\"x\"",
        ][..],
    );
    let style = prop_oneof![
        Just(String::new()),
        (0..12usize).prop_map(|s| format!(" s=\"{s}\"")),
        Just(" s=\"99999999999999999999\"".to_string()),
    ];
    let value = prop_oneof![
        (0..30usize).prop_map(|i| i.to_string()),
        number().prop_map(|n| n.to_string()),
        select(
            &[
                "-1",
                "1e999",
                "#N/A",
                "#DIV/0!",
                "TRUE",
                "1",
                "2023-04-01T00:00:00",
                "PT1H",
                "",
                " ",
            ][..]
        )
        .prop_map(str::to_string),
        sheetish().prop_map(|text| escape(&text)),
        any::<String>(),
    ];
    let body =
        (select(&["v", "is", "none", "f"][..]), value).prop_map(|(body, value)| match body {
            "v" => format!("<v>{value}</v>"),
            "is" => format!("<is><t>{value}</t></is>"),
            "f" => format!("<f>{value}</f><v>{value}</v>"),
            _ => String::new(),
        });
    let cell = (
        proptest::option::weighted(0.9, reference),
        kind,
        style,
        body,
    )
        .prop_map(|(reference, kind, style, body)| {
            let r = reference.map_or(String::new(), |r| format!(" r=\"{r}\""));
            format!("<c{r}{kind}{style}>{body}</c>")
        });
    let row = (
        proptest::option::of(prop_oneof![
            (1..40u32).prop_map(|r| r.to_string()),
            select(&["0", "1048577", "4294967295", "99999999999", "x"][..])
                .prop_map(str::to_string),
        ]),
        proptest::collection::vec(cell, 0..8),
    )
        .prop_map(|(r, cells)| {
            let r = r.map_or(String::new(), |r| format!(" r=\"{r}\""));
            format!("<row{r}>{}</row>", cells.concat())
        });
    let dimension = proptest::option::of(prop_oneof![
        select(&["A1:XFD1048576", "B2:A1", "A1", "A1:B2:C3", "ZZZZZZZ1"][..])
            .prop_map(str::to_string),
        reference_pair(),
    ]);
    (
        dimension,
        proptest::collection::vec(row, 0..12),
        any::<Option<Index>>(),
    )
        .prop_map(|(dimension, rows, cut)| {
            let rows = rows.concat();
            let mut xml = match dimension {
                Some(d) => sheet_xml(&rows).replace(
                    "<sheetData>",
                    &format!("<dimension ref=\"{d}\"/><sheetData>"),
                ),
                None => sheet_xml(&rows),
            };
            // Sometimes cut short, anywhere (on a character boundary).
            if let Some(cut) = cut {
                let at = cut.index(xml.len() + 1);
                let at = (0..=at)
                    .rev()
                    .find(|&i| xml.is_char_boundary(i))
                    .unwrap_or(0);
                xml.truncate(at);
            }
            xml
        })
}

fn reference_pair() -> impl Strategy<Value = String> {
    (select(ODD_REFERENCES), select(ODD_REFERENCES)).prop_map(|(a, b)| format!("{a}:{b}"))
}

/// The sample's workbook bytes with a few bytes changed, inserted or cut.
fn damaged_book() -> impl Strategy<Value = Vec<u8>> {
    let change = (any::<Index>(), any::<u8>(), 0..3u8);
    (
        proptest::collection::vec(change, 1..6),
        proptest::option::weighted(0.3, any::<Index>()),
    )
        .prop_map(|(changes, cut)| {
            let mut bytes = SAMPLE_BOOK.clone();
            for (at, byte, how) in changes {
                let at = at.index(bytes.len());
                match how {
                    0 => bytes[at] ^= byte.max(1),
                    1 => bytes.insert(at, byte),
                    _ => {
                        bytes.remove(at);
                    }
                }
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len() + 1));
            }
            bytes
        })
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn any_bytes_as_an_export_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        check("export.tsv", &bytes)?;
    }

    #[test]
    fn any_text_as_an_export_fails_cleanly(text in any::<String>()) {
        check("export.tsv", text.as_bytes())?;
    }

    #[test]
    fn sheet_shaped_text_imports_or_fails_cleanly(text in sheetish(), encoding in encoding()) {
        check("export.txt", &encode(&text, encoding))?;
    }

    #[test]
    fn any_bytes_as_a_workbook_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        check("report.xlsx", &bytes)?;
    }

    #[test]
    fn any_worksheet_xml_imports_or_fails_cleanly(xml in worksheet_xml()) {
        check("report.xlsx", &with_sheet(xml.as_bytes()))?;
    }
}

proptest! {
    // Each case may write and read a whole site.
    #![proptest_config(cases(48))]

    #[test]
    fn mutated_exports_import_or_fail_cleanly(bytes in mutated_sample()) {
        check("export.tsv", &bytes)?;
    }

    #[test]
    fn the_sample_written_any_valid_way_imports_to_the_same_files(layout in layout()) {
        check_same_as_sample("export.tsv", &laid_out(&layout))?;
    }

    #[test]
    fn random_workbooks_import_or_fail_cleanly(sheets in random_sheets()) {
        check("report.xlsx", &random_book(&sheets))?;
    }

    #[test]
    fn the_sample_anywhere_in_a_workbook_imports_to_the_same_files(layout in sample_book_layout()) {
        check_same_as_sample("report.xlsx", &sample_book(&layout).unwrap())?;
    }

    #[test]
    fn the_sample_workbook_with_stray_cells_imports_or_fails_cleanly(
        cells in proptest::collection::vec((position(), cell()), 1..6),
        layout in sample_book_layout(),
    ) {
        let sample = sample_cells(layout.rows_down, 0)
            .map(|(position, text)| (position, Cell::Text(text.clone())));
        let sheets = vec![(None, sample.chain(cells).collect())];
        check("report.xlsx", &random_book(&sheets))?;
    }

    #[test]
    fn damaged_workbooks_fail_cleanly(bytes in damaged_book()) {
        check("report.xlsx", &bytes)?;
    }
}

#[test]
fn the_sample_through_crafted_worksheet_xml_imports_to_the_same_files() {
    // The workbook around fuzzed XML is one the importer reads like Excel's.
    let book = with_sheet(sheet_of_export(&SAMPLE_TEXT).as_bytes());
    assert_eq!(imported("report.xlsx", &book), *SAMPLE_FILES);
}

#[test]
fn every_layout_change_alone_keeps_the_sample() {
    // The strategies above combine these; each must hold on its own too.
    for &encoding in ENCODINGS {
        for crlf in [false, true] {
            let layout = Layout {
                encoding,
                crlf,
                ..Layout::default()
            };
            assert_eq!(
                imported("export.tsv", &laid_out(&layout)),
                *SAMPLE_FILES,
                "{layout:?}"
            );
        }
    }
}

/// A workbook holding the sample and `extra` cells of sheet XML in its first row.
fn sample_sheet_with(extra: &str) -> Vec<u8> {
    let xml = sheet_of_export(&SAMPLE_TEXT);
    with_sheet(
        xml.replace("<sheetData>", &format!("<sheetData>{extra}"))
            .as_bytes(),
    )
}

#[test]
fn a_cell_at_excels_last_row_and_column_is_reported_not_a_crash() {
    // The sample and one stray cell at XFD1048576: calamine's dense ranges
    // made this 5 kB workbook ask for 512 GB and abort.
    let bytes = std::fs::read(fixtures().join("fuzz-import/far-cell.xlsx")).unwrap();
    let problems = import_problems(&bytes, "far-cell.xlsx");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains(
            "far-cell.xlsx:1048576:16384: error: project row at Sheet1!XFD1048576: expected 3 cells"
        ),
        "{problems:#?}"
    );
}

/// The problems of importing `bytes` saved as `name`, as `hyoka` prints them.
fn import_problems(bytes: &[u8], name: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let options = hyoka::import::ImportOptions {
        files: vec![file],
        into: dir.path().join("site/content"),
        force: false,
        dry_run: false,
    };
    match hyoka::import::import(&options) {
        Err(hyoka::Error::Site(problems)) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn cells_beyond_excels_limits_are_reported_not_a_crash() {
    import_fuzz::let_calamine_panics_unwind();
    // Column 321,272,406: within u32 but far past XFD; the rows up to it
    // would fill gigabytes.
    let problems = import_problems(
        &sample_sheet_with(
            r#"<row r="1"><c r="ZZZZZZ1" t="inlineStr"><is><t>x</t></is></c></row>"#,
        ),
        "report.xlsx",
    );
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains(":1:321272406: error: cell at デジタル化!ZZZZZZ1: the worksheet spans more than 4000000 cells"),
        "{problems:#?}"
    );
    // Past u32: calamine's arithmetic overflows (a panic in debug builds,
    // caught; a wrapped position in release builds). Either way, an error.
    for reference in ["AAAAAAAAA1", "A99999999999"] {
        let cell =
            format!(r#"<row r="1"><c r="{reference}" t="inlineStr"><is><t>x</t></is></c></row>"#);
        let dir = tempfile::tempdir().unwrap();
        let outcome = check_import(dir.path(), "report.xlsx", &sample_sheet_with(&cell));
        assert_eq!(outcome, Ok(None), "{reference}");
    }
}

#[test]
fn huge_cells_of_markup_characters_are_read_whole() {
    // Each `<` and `&` used to search the rest of the cell for its `>` or `;`:
    // a 1.6 MB cell took over a minute. Now it is kept, as written, at once.
    for piece in ["<", "&", "<ul ", "&#"] {
        let huge = piece.repeat(500_000 / piece.len());
        let text = SAMPLE_TEXT.replacen(
            "・採用試験の申込み及び",
            &format!("・{huge} ・採用試験の申込み及び"),
            1,
        );
        let files = imported("export.tsv", text.as_bytes());
        let project = files
            .iter()
            .find(|(_, text)| text.contains("name: 人事管理事業"))
            .map(|(_, text)| text)
            .unwrap();
        // A bullet is trimmed, so `<ul <ul … <ul` loses its last space.
        assert!(project.contains(huge.trim()), "{piece}");
    }
}

#[test]
fn the_fuzz_fixtures_import_or_fail_cleanly() {
    import_fuzz::let_calamine_panics_unwind();
    let folder = fixtures().join("fuzz-import");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let kind = path.extension().and_then(|ext| ext.to_str());
        let (name, bytes) = match kind {
            Some("tsv" | "xlsx") => (name, std::fs::read(&path).unwrap()),
            // Sheet XML, as the import_xlsx target's second mode reads it.
            Some("xml") => (
                "report.xlsx".to_string(),
                with_sheet(&std::fs::read(&path).unwrap()),
            ),
            _ => continue,
        };
        let dir = tempfile::tempdir().unwrap();
        if let Err(why) = check_import(dir.path(), &name, &bytes) {
            panic!("{}: {why}", path.display());
        }
        replayed += 1;
    }
    assert!(replayed >= 5, "{replayed} fixtures in {}", folder.display());
}
