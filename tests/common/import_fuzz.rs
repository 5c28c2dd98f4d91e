//! What `hyoka import` must do with any input, shared by `tests/fuzz_import.rs`
//! and the cargo-fuzz targets `import_tsv` and `import_xlsx`: end in content
//! files that load, validate and import again unchanged, or in errors that
//! name the input file and a line and cell in it. Also a workbook around any
//! worksheet XML, so that fuzzing reaches the cells below the zip container.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use hyoka::diagnostic::Diagnostic;
use hyoka::import::{ImportOptions, import};

/// The files of a site, by path relative to it.
pub type Files = BTreeMap<PathBuf, String>;

/// Problems that concern a whole file and so have no line: anything else
/// must point at a line and cell.
const WHOLE_FILE: &[&str] = &[
    "the file starts like UTF-16 text but is not valid UTF-16",
    "no measure found",
    "cannot read the workbook",
    "cannot read the worksheet",
];

/// Saves `bytes` as `dir/name` and imports it into the new site `dir/site`.
/// Returns the files written, `None` when the import failed as it should,
/// or what went wrong.
pub fn check_import(dir: &Path, name: &str, bytes: &[u8]) -> Result<Option<Files>, String> {
    let file = dir.join(name);
    std::fs::write(&file, bytes).map_err(|e| e.to_string())?;
    let site = dir.join("site");
    let options = ImportOptions {
        files: vec![file.clone()],
        into: site.join("content"),
        force: false,
        dry_run: false,
    };
    let workbook = name.ends_with(".xlsx");
    match import(&options) {
        Ok(summary) => {
            if summary.written.is_empty() {
                return Err("the import succeeded but wrote nothing".into());
            }
            let files = files_of(&site);
            // Nothing lost on the way through YAML: the files say what the
            // import says, so importing again finds each of them unchanged
            // (all but .gitignore and .gitattributes, which only a new site is given).
            let content = summary.written.iter().filter(|file| {
                !file
                    .file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with(".git"))
            });
            match import(&options) {
                Ok(again) if again.written.is_empty() && again.unchanged.iter().eq(content) => {}
                other => return Err(format!("importing again: {other:?}")),
            }
            let content = hyoka::content::load(&site)
                .map_err(|problems| format!("the imported content does not load: {problems:?}"))?;
            hyoka::validate::validate(content).map_err(|problems| {
                format!("the imported content does not validate: {problems:?}")
            })?;
            Ok(Some(files))
        }
        Err(hyoka::Error::Site(problems)) => {
            if problems.is_empty() {
                return Err("an error without problems".into());
            }
            for problem in &problems {
                check_problem(problem, &file, bytes, workbook)?;
            }
            Ok(None)
        }
        Err(other) => Err(format!("not a problem of the input: {other}")),
    }
}

/// A problem names the input file and, unless it concerns the whole file, a
/// line and cell inside it: `file:line:cell` and, in a workbook, `sheet!B7`.
fn check_problem(
    problem: &Diagnostic,
    file: &Path,
    bytes: &[u8],
    workbook: bool,
) -> Result<(), String> {
    let shown = problem.to_string();
    let fail = |why: &str| Err(format!("{why}: {shown}"));
    if problem.file != file {
        return fail("names another file");
    }
    if problem.message.is_empty() {
        return fail("no message");
    }
    let (line, column) = (problem.position.line, problem.position.column);
    if line == 0 {
        if column != 0 || !WHOLE_FILE.iter().any(|m| problem.message.starts_with(m)) {
            return fail("no line");
        }
        if !shown.starts_with(&format!("{}: error: ", file.display())) {
            return fail("badly shown");
        }
        return Ok(());
    }
    if column == 0 || !shown.starts_with(&format!("{}:{line}:{column}: error: ", file.display())) {
        return fail("badly shown");
    }
    if workbook {
        if !problem
            .field
            .ends_with(&format!("!{}{line}", column_letters(column)))
        {
            return fail("the field does not name the cell");
        }
    } else {
        // Bytes 0x0A and 0x09 count at least the lines and cells, in UTF-8 and UTF-16.
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        let cells = bytes.iter().filter(|&&b| b == b'\t').count() + 1;
        if line as usize > lines || column as usize > cells {
            return fail(&format!("outside the file ({lines} lines, {cells} cells)"));
        }
    }
    Ok(())
}

/// 1 → A, 27 → AA.
pub fn column_letters(mut column: u32) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        letters.push(char::from(b'A' + ((column - 1) % 26) as u8));
        column = (column - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Every file below `dir`, by path relative to it.
pub fn files_of(dir: &Path) -> Files {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let path = entry.path();
            let relative = path.strip_prefix(dir).unwrap_or(path).to_path_buf();
            (relative, std::fs::read_to_string(path).unwrap_or_default())
        })
        .collect()
}

/// Labels and values in `xl/sharedStrings.xml` of [`with_sheet`], by index
/// (`<c t="s"><v>0</v></c>` is 分野).
pub const SHARED_STRINGS: &[&str] = &[
    "分野",
    "施策",
    "分野計画名称",
    "行政経営戦略 参照ページ",
    "施策の展開（大項目）",
    "KPI (指標)",
    "推移の方向性",
    "基準値",
    "令和5年度 結果",
    "目標値 (令和7年度)",
    "中項目",
    "分野計画参照ページ",
    "関連する主な事業",
    "令和5年度 の取組実績",
    "分析・考察",
    "増加",
    "1 行政事務における生産性の向上",
    "DX推進事業 情報政策課",
    "・導入した。",
];

/// Number formats of the style ids 1… in [`with_sheet`] (0 is General).
pub const STYLE_FORMATS: &[&str] = &[
    "#,##0",
    "#,##0\"時間\"",
    "0\"人\"",
    "0.0%",
    "yyyy/mm/dd",
    "0.00E+00",
    "m/d/yy",
    "@",
];

/// An `.xlsx` workbook whose one worksheet, デジタル化, is `sheet` (the XML of
/// `xl/worksheets/sheet1.xml`), with the shared strings and number formats
/// above. Parts are stored, not compressed, so the sheet's bytes are as given.
pub fn with_sheet(sheet: &[u8]) -> Vec<u8> {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const DOC: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
    let root_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets><sheet name="デジタル化" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let workbook_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{DOC}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
    );
    let formats: String = STYLE_FORMATS
        .iter()
        .enumerate()
        .map(|(i, code)| {
            format!(
                r#"<numFmt numFmtId="{}" formatCode="{}"/>"#,
                164 + i,
                escape(code)
            )
        })
        .collect();
    let xfs: String = (0..=STYLE_FORMATS.len())
        .map(|i| {
            let id = if i == 0 { 0 } else { 163 + i };
            format!(
                r#"<xf numFmtId="{id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
            )
        })
        .collect();
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{MAIN}"><numFmts count="{}">{formats}</numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="{}">{xfs}</cellXfs></styleSheet>"#,
        STYLE_FORMATS.len(),
        STYLE_FORMATS.len() + 1
    );
    let strings: String = SHARED_STRINGS
        .iter()
        .map(|s| format!("<si><t>{}</t></si>", escape(s)))
        .collect();
    let shared_strings = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{MAIN}" count="{0}" uniqueCount="{0}">{strings}</sst>"#,
        SHARED_STRINGS.len()
    );
    let parts: [(&str, &[u8]); 7] = [
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
        ("xl/styles.xml", styles.as_bytes()),
        ("xl/sharedStrings.xml", shared_strings.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, part) in parts {
        zip.start_file(name, options).expect("a zip in memory");
        zip.write_all(part).expect("a zip in memory");
    }
    zip.finish().expect("a zip in memory").into_inner()
}

/// The worksheet XML of a tab-separated export, every cell an inline string
/// at its place (line N is row N, cell 1 is column A).
pub fn sheet_of_export(export: &str) -> String {
    let mut rows = String::new();
    for (r, line) in export.lines().enumerate() {
        let cells: String = line
            .split('\t')
            .enumerate()
            .filter(|(_, cell)| !cell.is_empty())
            .map(|(c, cell)| {
                let column = column_letters(u32::try_from(c + 1).unwrap_or(u32::MAX));
                format!(
                    r#"<c r="{column}{}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                    r + 1,
                    escape(cell)
                )
            })
            .collect();
        if !cells.is_empty() {
            rows.push_str(&format!(r#"<row r="{}">{cells}</row>"#, r + 1));
        }
    }
    sheet_xml(&rows)
}

/// A worksheet holding `rows` (`<row>` elements).
pub fn sheet_xml(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// Text for XML element content and attribute values.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Lets panics raised inside calamine unwind quietly: the importer catches
/// them and reports the workbook as unreadable (its cell reference
/// arithmetic overflows in debug builds, tafia/calamine#694). Any other
/// panic goes to the hook installed before, which prints it (or, under
/// libFuzzer, aborts).
pub fn let_calamine_panics_unwind() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info
                .location()
                .is_some_and(|location| location.file().contains("calamine"));
            if !in_calamine {
                previous(info);
            }
        }));
    });
}
