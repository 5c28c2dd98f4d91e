//! Reading a measure's sheet (施策評価シート) from a grid of cells, by its labels.
//!
//! Both inputs, the tab-separated export and the workbook, become a [`Grid`];
//! [`parse`] walks it row by row. A row is recognised by its first non-empty
//! cell (分野, 分野計画名称, 施策の展開（大項目）, KPI (指標), 推移の方向性,
//! 中項目, 関連する主な事業), never by its position: the number of empty
//! cells between labelled cells varies from block to block, and the fiscal
//! years come from the header rows. Rows without a label are read only where
//! a header announced them (KPI values, project rows); anything else is an
//! error naming the line and cell, so nothing is dropped silently.

use std::fmt;
use std::path::PathBuf;

use super::text::{bullets, clean, label_key, number_title, project_department};
use crate::content::model::{Direction, Kpi, Results};
use crate::content::{FiscalYear, Value};
use crate::diagnostic::{Diagnostic, Position};

/// The cells of one input sheet, with the line (or spreadsheet row) of each row.
#[derive(Debug, Clone)]
pub struct Grid {
    pub file: PathBuf,
    /// The worksheet's name, for workbooks.
    pub sheet: Option<String>,
    pub rows: Vec<Row>,
}

/// One row: cell `i` is column `i + 1` (the tab-separated cell number, or the
/// spreadsheet column: A = 1).
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<String>,
}

/// Where a cell is, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub line: u32,
    pub column: u32,
}

impl Place {
    /// An error at this cell; `what` names the kind of row, e.g. "KPI row".
    pub fn error(&self, what: &str, message: impl Into<String>) -> Diagnostic {
        let field = match &self.sheet {
            Some(sheet) => format!(
                "{what} at {sheet}!{}{}",
                column_letters(self.column),
                self.line
            ),
            None => what.to_string(),
        };
        Diagnostic::error(
            &self.file,
            Position::new(self.line, self.column),
            field,
            message,
        )
    }
}

/// `file:line` or `file (sheet):line`, to point at another place in a message.
impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", crate::display_path(&self.file))?;
        if let Some(sheet) = &self.sheet {
            write!(f, " ({sheet})")?;
        }
        write!(f, ":{}", self.line)
    }
}

/// Spreadsheet column letters: 1 → A, 27 → AA.
fn column_letters(mut column: u32) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rest = (column - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        column = (column - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A measure (施策) as a sheet prints it: names where the content has ids.
#[derive(Debug, Clone)]
pub struct SheetMeasure {
    /// 分野.
    pub field: String,
    /// 施策.
    pub name: String,
    /// 分野計画名称.
    pub sector_plan: Option<String>,
    /// 行政経営戦略 参照ページ.
    pub strategy_page: Option<String>,
    /// That label as written, since it names the city's document, with where it is.
    pub strategy_page_label: Option<(String, Place)>,
    pub major_items: Vec<SheetMajor>,
    /// The 分野 row that started the measure.
    pub place: Place,
}

/// A major item (施策の展開（大項目）).
#[derive(Debug, Clone)]
pub struct SheetMajor {
    pub number: u32,
    pub title: String,
    pub kpis: Vec<Kpi>,
    pub mid_items: Vec<SheetMid>,
}

/// A mid item (中項目) and its project rows.
#[derive(Debug, Clone)]
pub struct SheetMid {
    pub number: u32,
    pub title: String,
    /// 分野計画参照ページ.
    pub sector_plan_page: Option<String>,
    pub projects: Vec<SheetProject>,
}

/// One project row (関連する主な事業) of a mid item.
#[derive(Debug, Clone)]
pub struct SheetProject {
    /// 事業.
    pub name: String,
    /// 担当課.
    pub department: String,
    /// The year of the 取組実績 column header.
    pub fiscal_year: FiscalYear,
    /// 取組実績, one entry per bullet.
    pub achievements: Vec<String>,
    /// 分析・考察, one entry per bullet.
    pub analysis: Vec<String>,
    pub place: Place,
}

/// The labels that start rows, as [`label_key`] reduces them.
mod label {
    pub const FIELD: &str = "分野";
    pub const MEASURE: &str = "施策";
    pub const SECTOR_PLAN: &str = "分野計画名称";
    /// The strategy page label names the city's strategy document (行政経営戦略
    /// 参照ページ in the sample), so any label ending like this is accepted.
    pub const STRATEGY_PAGE_SUFFIX: &str = "参照ページ";
    pub const MAJOR: &str = "施策の展開(大項目)";
    pub const KPI: &str = "KPI(指標)";
    pub const DIRECTION: &str = "推移の方向性";
    pub const BASELINE: &str = "基準値";
    pub const RESULT_SUFFIX: &str = "結果";
    pub const TARGET: &str = "目標値";
    pub const MID: &str = "中項目";
    pub const SECTOR_PLAN_PAGE: &str = "分野計画参照ページ";
    pub const PROJECT: &str = "関連する主な事業";
    pub const ACHIEVEMENTS_SUFFIX: &str = "取組実績";
    pub const ANALYSIS: &str = "分析・考察";
}

/// The mark printed after some KPI names.
const STAR: &str = "【★】";

/// A non-empty cell of a row.
#[derive(Debug, Clone)]
struct Cell<'a> {
    /// 1-based column.
    column: u32,
    raw: &'a str,
}

impl Cell<'_> {
    fn text(&self) -> String {
        clean(self.raw)
    }

    fn key(&self) -> String {
        label_key(&self.text())
    }
}

/// What the rows after a header are.
#[derive(Debug, Clone)]
enum Expect {
    /// A labelled row.
    Label,
    /// The 推移の方向性 header of the KPI just named.
    KpiHeader(PendingKpi),
    /// The values row under a KPI header.
    KpiValues(PendingKpi, KpiHeader),
    /// Project rows under a 関連する主な事業 header.
    Projects(ProjectHeader),
    /// The rows under a header that could not be read: the header's problem
    /// is the one reported, not one for each row (a sheet with its columns
    /// reordered would list every row).
    Rejected,
}

#[derive(Debug, Clone)]
struct PendingKpi {
    name: String,
    star: bool,
    place: Place,
}

#[derive(Debug, Clone)]
struct KpiHeader {
    years: Vec<FiscalYear>,
    target_year: FiscalYear,
    line: u32,
    /// Column of each label: 推移の方向性, 基準値, each year's, 目標値.
    columns: Vec<u32>,
}

impl KpiHeader {
    /// The label of the header's `i`-th cell, and what belongs under it.
    fn describe(&self, i: usize) -> (String, &'static str) {
        const VALUE: &str = "write — where the report gives no value";
        match i {
            0 => (label::DIRECTION.to_string(), "write 増加, 減少 or 維持"),
            1 => (label::BASELINE.to_string(), VALUE),
            _ => match self.years.get(i - 2) {
                Some(year) => (format!("{} 結果", year.wareki()), VALUE),
                None => (format!("目標値 ({})", self.target_year.wareki()), VALUE),
            },
        }
    }
}

#[derive(Debug, Clone)]
struct ProjectHeader {
    fiscal_year: FiscalYear,
    /// Columns of the 関連する主な事業, 取組実績 and 分析・考察 labels.
    columns: [u32; 3],
}

/// Reads every measure of a grid. Returns what could be read and every problem.
pub fn parse(grid: &Grid) -> (Vec<SheetMeasure>, Vec<Diagnostic>) {
    let mut parser = Parser {
        grid,
        measures: Vec::new(),
        measure: None,
        major: None,
        mid: None,
        expect: Expect::Label,
        problems: Vec::new(),
    };
    for row in &grid.rows {
        parser.row(row);
    }
    let expect = std::mem::replace(&mut parser.expect, Expect::Label);
    parser.close(expect);
    (parser.measures, parser.problems)
}

struct Parser<'g> {
    grid: &'g Grid,
    measures: Vec<SheetMeasure>,
    /// Indexes of the current measure, major item and mid item.
    measure: Option<usize>,
    major: Option<usize>,
    mid: Option<usize>,
    expect: Expect,
    problems: Vec<Diagnostic>,
}

impl Parser<'_> {
    fn place(&self, line: u32, column: u32) -> Place {
        Place {
            file: self.grid.file.clone(),
            sheet: self.grid.sheet.clone(),
            line,
            column,
        }
    }

    fn error(&mut self, line: u32, column: u32, what: &str, message: String) {
        let diagnostic = self.place(line, column).error(what, message);
        self.problems.push(diagnostic);
    }

    fn row(&mut self, row: &Row) {
        let cells = non_empty(row);
        let Some(first) = cells.first() else {
            return; // Blank lines fall anywhere, even inside a mid item.
        };
        if is_separator(&cells) {
            return; // A Markdown table separator: `----<TAB>----`.
        }
        let expect = std::mem::replace(&mut self.expect, Expect::Label);
        match first.key().as_str() {
            label::DIRECTION => self.kpi_header(row, &cells, expect),
            label::FIELD => {
                let open = self.close(expect);
                self.page_header(row, &cells, open);
            }
            label::SECTOR_PLAN => {
                // The page header's second row: a project list stays open across it too.
                let open = self.close(expect);
                self.sector_plan(row, &cells);
                self.expect = open.map_or(Expect::Label, Expect::Projects);
            }
            label::MAJOR => {
                self.close(expect);
                self.major_item(row, &cells);
            }
            label::KPI => {
                self.close(expect);
                self.kpi_name(row, &cells);
            }
            label::MID => {
                self.close(expect);
                self.mid_item(row, &cells);
            }
            label::PROJECT => {
                self.close(expect);
                self.project_header(row, &cells);
            }
            _ => match expect {
                Expect::KpiValues(kpi, header) => self.kpi_values(row, &cells, kpi, &header),
                Expect::Projects(header) => {
                    self.project_row(row, &cells, &header);
                    self.expect = Expect::Projects(header);
                }
                Expect::Rejected => self.expect = Expect::Rejected,
                other => {
                    self.close(other);
                    let message = format!(
                        "cannot place this line: it starts with no label (分野, 分野計画名称, 施策の展開（大項目）, KPI (指標), 推移の方向性, 中項目, 関連する主な事業) and follows no KPI header or 関連する主な事業 header: {}",
                        quote_cells(&cells)
                    );
                    self.error(row.line, first.column, "line", message);
                }
            },
        }
    }

    /// Ends what earlier rows started: a KPI still waiting for its header or
    /// values row is an error. Returns the open project list, if any.
    fn close(&mut self, expect: Expect) -> Option<ProjectHeader> {
        let (kpi, missing) = match expect {
            Expect::KpiHeader(kpi) => (kpi, "its 推移の方向性 header row and its values row"),
            Expect::KpiValues(kpi, _) => (kpi, "its values row"),
            Expect::Projects(header) => return Some(header),
            Expect::Label | Expect::Rejected => return None,
        };
        let message = format!("the KPI \"{}\" is not followed by {missing}", kpi.name);
        self.problems.push(kpi.place.error("KPI (指標)", message));
        None
    }

    /// `分野 行政経営 施策 デジタル化`: starts a measure, or continues it where
    /// the page header repeats.
    fn page_header(&mut self, row: &Row, cells: &[Cell], open: Option<ProjectHeader>) {
        let what = "分野";
        let Some([field, name]) =
            self.label_values(row, cells, what, [label::FIELD, label::MEASURE])
        else {
            return;
        };
        let (Some(field), Some(name)) = (field, name) else {
            let message = format!(
                "the page header must name the 分野 and the 施策: {}",
                quote_cells(cells)
            );
            self.error(row.line, first_column(cells), what, message);
            return;
        };
        let (field, name) = (field.text(), name.text());
        match self
            .measures
            .iter()
            .position(|m| m.field == field && m.name == name)
        {
            // A page break may fall inside a project list, which stays open.
            Some(index) if self.measure == Some(index) => {
                self.expect = open.map_or(Expect::Label, Expect::Projects)
            }
            found => {
                let index = found.unwrap_or_else(|| {
                    let place = self.place(row.line, first_column(cells));
                    self.measures.push(SheetMeasure {
                        field,
                        name,
                        sector_plan: None,
                        strategy_page: None,
                        strategy_page_label: None,
                        major_items: Vec::new(),
                        place,
                    });
                    self.measures.len() - 1
                });
                self.measure = Some(index);
                self.major = None;
                self.mid = None;
            }
        }
    }

    /// `分野計画名称 地域情報化計画 行政経営戦略 参照ページ P99`.
    fn sector_plan(&mut self, row: &Row, cells: &[Cell]) {
        let what = "分野計画名称";
        let Some(values) = self.label_values(
            row,
            cells,
            what,
            [label::SECTOR_PLAN, label::STRATEGY_PAGE_SUFFIX],
        ) else {
            return;
        };
        // The label names the document the page is of (行政経営戦略 参照ページ).
        let page_label = (cells.iter())
            .find(|cell| is_label(cell, label::STRATEGY_PAGE_SUFFIX))
            .map(|cell| (cell.text(), self.place(row.line, cell.column)));
        let Some(measure) = self.current_measure(row, cells, what) else {
            return;
        };
        if measure.strategy_page_label.is_none() {
            measure.strategy_page_label = page_label;
        }
        let mut conflicts = Vec::new();
        for (value, slot) in values
            .iter()
            .zip([&mut measure.sector_plan, &mut measure.strategy_page])
        {
            let Some(cell) = value else { continue };
            let text = cell.text();
            match slot {
                Some(seen) if *seen != text => {
                    conflicts.push((
                        cell.column,
                        format!(
                            "\"{text}\" differs from \"{seen}\" given earlier for the same 施策"
                        ),
                    ));
                }
                _ => *slot = Some(text),
            }
        }
        for (column, message) in conflicts {
            self.error(row.line, column, what, message);
        }
    }

    /// `施策の展開（大項目） 1 行政事務における生産性の向上`.
    fn major_item(&mut self, row: &Row, cells: &[Cell]) {
        let what = "施策の展開（大項目）";
        let Some([numbered]) = self.label_values(row, cells, what, [label::MAJOR]) else {
            return;
        };
        let Some((number, title, column)) = self.number_title(row, cells, what, numbered) else {
            return;
        };
        self.mid = None;
        let Some(measure) = self.current_measure(row, cells, what) else {
            return;
        };
        let majors = &mut measure.major_items;
        let found = match majors
            .iter()
            .enumerate()
            .find(|(_, major)| major.number == number)
        {
            // The same item again after a page break.
            Some((index, seen)) if seen.title == title => Ok(index),
            Some((_, seen)) => Err(format!(
                "大項目 {number} is already \"{}\" in this 施策; found \"{title}\"",
                seen.title
            )),
            None => {
                majors.push(SheetMajor {
                    number,
                    title,
                    kpis: Vec::new(),
                    mid_items: Vec::new(),
                });
                Ok(majors.len() - 1)
            }
        };
        self.major = found.as_ref().ok().copied();
        if let Err(message) = found {
            self.error(row.line, column, what, message);
        }
    }

    /// `KPI (指標) RPAツールを扱える職員数【★】`.
    fn kpi_name(&mut self, row: &Row, cells: &[Cell]) {
        let what = "KPI (指標)";
        let Some([name]) = self.label_values(row, cells, what, [label::KPI]) else {
            return;
        };
        let Some(name) = name else {
            self.error(
                row.line,
                first_column(cells),
                what,
                "the KPI has no name".to_string(),
            );
            return;
        };
        if self.current_major(row, cells, what).is_none() {
            return;
        }
        let text = name.text();
        let (bare, star) = match text.strip_suffix(STAR) {
            Some(bare) => (bare.trim_end().to_string(), true),
            None => (text, false),
        };
        let place = self.place(row.line, name.column);
        self.expect = Expect::KpiHeader(PendingKpi {
            name: bare,
            star,
            place,
        });
    }

    /// `推移の方向性 基準値 令和3年度 結果 … 目標値 (令和7年度)`.
    fn kpi_header(&mut self, row: &Row, cells: &[Cell], expect: Expect) {
        let what = "KPI header";
        let Expect::KpiHeader(kpi) = expect else {
            self.close(expect);
            self.error(
                row.line,
                first_column(cells),
                what,
                "a 推移の方向性 header must follow a KPI (指標) row".to_string(),
            );
            return;
        };
        match read_kpi_header(cells, row.line) {
            Ok(header) => self.expect = Expect::KpiValues(kpi, header),
            Err(problems) => {
                for (column, message) in problems {
                    self.error(row.line, column, what, message);
                }
                self.expect = Expect::Rejected;
            }
        }
    }

    /// `増加 0時間 1,338時間 552時間 764時間 1,000時間` under a KPI header.
    fn kpi_values(&mut self, row: &Row, cells: &[Cell], kpi: PendingKpi, header: &KpiHeader) {
        let what = "KPI row";
        let count = header.years.len();
        let ([direction, baseline, results @ .., target], true) = (cells, cells.len() == count + 3)
        else {
            // Cells each under a label of the header: the empty ones are
            // named by their label (a spreadsheet leaves an empty cell out).
            let aligned = cells
                .iter()
                .all(|cell| header.columns.contains(&cell.column));
            if aligned && cells.len() < header.columns.len() {
                for (i, &column) in header.columns.iter().enumerate() {
                    if cells.iter().all(|cell| cell.column != column) {
                        let (label, advice) = header.describe(i);
                        let message = format!(
                            "the cell under {label} (the header on line {}) is empty: {advice}",
                            header.line
                        );
                        self.error(row.line, column, what, message);
                    }
                }
                return;
            }
            let message = format!(
                "expected {} cells (推移の方向性, 基準値, {}, 目標値) under the header on line {}, found {}: {}",
                count + 3,
                crate::count(count, "result"),
                header.line,
                cells.len(),
                quote_cells(cells)
            );
            self.error(row.line, first_column(cells), what, message);
            return;
        };
        let direction = match direction.text().as_str() {
            "増加" => Direction::Increase,
            "減少" => Direction::Decrease,
            "維持" => Direction::Maintain,
            other => {
                let message = format!("推移の方向性 must be 増加, 減少 or 維持, found \"{other}\"");
                self.error(row.line, direction.column, what, message);
                return;
            }
        };
        // A cell of markup alone (`<p></p>`) holds no value, which content
        // cannot hold: the import wrote a file that neither loaded nor
        // imported again (found by tests/fuzz_import.rs).
        let mut values = [baseline].into_iter().chain(results).chain([target]);
        if let Some(empty) = values.find(|cell| cell.text().trim().is_empty()) {
            let message = format!(
                "\"{}\" holds no value once its markup is removed; write — for no value",
                empty.raw.trim()
            );
            self.error(row.line, empty.column, what, message);
            return;
        }
        let value = |cell: &Cell| Value::parse(&cell.text());
        let mut results: Vec<(FiscalYear, Value)> = header
            .years
            .iter()
            .copied()
            .zip(results.iter().map(value))
            .collect();
        // Sorted by year, as the content loader sorts them: a header listing
        // its years out of order wrote a file that the next import found
        // changed (found by the import_tsv fuzz target).
        results.sort_by_key(|(year, _)| *year);
        let kpi = Kpi {
            name: kpi.name,
            star: kpi.star,
            direction,
            baseline: value(baseline),
            results: Results(results),
            target: value(target),
            target_year: header.target_year,
        };
        if let Some(major) = self.major_mut() {
            major.kpis.push(kpi);
        }
    }

    /// `中項目 1 ICTによる事務の変革 分野計画参照ページ P8`.
    fn mid_item(&mut self, row: &Row, cells: &[Cell]) {
        let what = "中項目";
        let Some([numbered, page]) =
            self.label_values(row, cells, what, [label::MID, label::SECTOR_PLAN_PAGE])
        else {
            return;
        };
        let Some((number, title, column)) = self.number_title(row, cells, what, numbered) else {
            return;
        };
        let page = page.map(Cell::text);
        let Some(major) = self.current_major(row, cells, what) else {
            return;
        };
        let mids = &mut major.mid_items;
        let found = match mids
            .iter()
            .enumerate()
            .find(|(_, mid)| mid.number == number)
        {
            // The same item again after a page break.
            Some((index, seen)) if seen.title == title && seen.sector_plan_page == page => {
                Ok(index)
            }
            Some((_, seen)) => Err(format!(
                "中項目 {number} is already \"{}\" ({}) in this 大項目; found \"{title}\" ({})",
                seen.title,
                seen.sector_plan_page.as_deref().unwrap_or("no page"),
                page.as_deref().unwrap_or("no page")
            )),
            None => {
                mids.push(SheetMid {
                    number,
                    title,
                    sector_plan_page: page,
                    projects: Vec::new(),
                });
                Ok(mids.len() - 1)
            }
        };
        self.mid = found.as_ref().ok().copied();
        if let Err(message) = found {
            self.error(row.line, column, what, message);
        }
    }

    /// `関連する主な事業 令和5年度 の取組実績 分析・考察`.
    fn project_header(&mut self, row: &Row, cells: &[Cell]) {
        match self.read_project_header(cells) {
            Ok(header) => self.expect = Expect::Projects(header),
            Err((column, message)) => {
                self.error(row.line, column, "関連する主な事業", message);
                self.expect = Expect::Rejected;
            }
        }
    }

    /// The header [`Self::project_header`] reads, or the column and message
    /// of its problem.
    fn read_project_header(&self, cells: &[Cell]) -> Result<ProjectHeader, (u32, String)> {
        let year_text = |cell: &Cell| {
            cell.key()
                .strip_suffix(label::ACHIEVEMENTS_SUFFIX)
                .map(|rest| rest.trim_end_matches('の').to_string())
        };
        let other_labels = || {
            (
                first_column(cells),
                format!(
                    "expected 関連する主な事業, 「…年度 の取組実績」 and 分析・考察, in this order, found {}",
                    quote_cells(cells)
                ),
            )
        };
        let [project, achievements, analysis] = cells else {
            return Err(other_labels());
        };
        let (Some(year), true) = (year_text(achievements), analysis.key() == label::ANALYSIS)
        else {
            return Err(other_labels());
        };
        let Some(fiscal_year) = FiscalYear::parse(&year) else {
            let message = format!(
                "cannot read the fiscal year in \"{}\"; write it as 令和5年度 の取組実績",
                achievements.text()
            );
            return Err((achievements.column, message));
        };
        if self.mid.is_none() {
            let message = "a 関連する主な事業 header must follow a 中項目 row".to_string();
            return Err((project.column, message));
        }
        Ok(ProjectHeader {
            fiscal_year,
            columns: [project.column, achievements.column, analysis.column],
        })
    }

    /// `DX推進事業 情報政策課 ・取組実績… ・分析…` under a 関連する主な事業 header.
    ///
    /// The cells are looked up under the header's labels; a row laid out with
    /// other empty cells than its header (the export varies) is read in order
    /// when it holds exactly the three cells.
    fn project_row(&mut self, row: &Row, cells: &[Cell], header: &ProjectHeader) {
        let what = "project row";
        let [project_column, achievements_column, analysis_column] = header.columns;
        // A lone cell is not a project row but a stray line (a note, say): reported below.
        let under_header = cells.len() > 1
            && cells
                .first()
                .is_some_and(|cell| cell.column == project_column)
            && cells
                .iter()
                .all(|cell| header.columns.contains(&cell.column));
        let (project, achievements, analysis) = match cells {
            [project, ..] if under_header => {
                let at = |column: u32| {
                    cells
                        .iter()
                        .find(|cell| cell.column == column)
                        .map(|cell| bullets(cell.raw))
                        .unwrap_or_default()
                };
                (project, at(achievements_column), at(analysis_column))
            }
            [project, achievements, analysis] => {
                (project, bullets(achievements.raw), bullets(analysis.raw))
            }
            _ => {
                let message = format!(
                    "expected 3 cells (事業名 担当課, 取組実績, 分析・考察) under the 関連する主な事業 header, found {}: {}",
                    cells.len(),
                    quote_cells(cells)
                );
                self.error(row.line, first_column(cells), what, message);
                return;
            }
        };
        let project_text = project.text();
        let Some((name, department)) = project_department(&project_text) else {
            let message = format!(
                "cannot tell the project from its department in \"{project_text}\"; write 事業名 and 担当課 separated by a space"
            );
            self.error(row.line, project.column, what, message);
            return;
        };
        let place = self.place(row.line, project.column);
        let Some(mid) = self.mid_mut() else {
            return;
        };
        if mid
            .projects
            .iter()
            .any(|p| p.name == name && p.department == department)
        {
            let message = format!("{name} ({department}) is listed twice in this 中項目");
            self.error(row.line, project.column, what, message);
            return;
        }
        let fiscal_year = header.fiscal_year;
        mid.projects.push(SheetProject {
            name,
            department,
            fiscal_year,
            achievements,
            analysis,
            place,
        });
    }

    /// The values of a labelled row, one per label: each label is followed by
    /// its value, or directly by the next label when the value is blank. The
    /// labels after the first may be left out at the end of the row.
    fn label_values<'c, const N: usize>(
        &mut self,
        row: &Row,
        cells: &'c [Cell<'c>],
        what: &str,
        labels: [&str; N],
    ) -> Option<[Option<&'c Cell<'c>>; N]> {
        let mut values = Vec::with_capacity(N);
        let mut rest = cells;
        for (i, label) in labels.iter().enumerate() {
            match rest.split_first() {
                Some((cell, tail)) if is_label(cell, label) => rest = tail,
                None if i > 0 => {
                    values.push(None);
                    continue;
                }
                found => {
                    let column = found.map_or(last_column(cells), |(cell, _)| cell.column);
                    let message = format!(
                        "expected the label {} in {}",
                        shown_label(label),
                        quote_cells(cells)
                    );
                    self.error(row.line, column, what, message);
                    return None;
                }
            }
            match (rest.split_first(), labels.get(i + 1)) {
                (Some((cell, _)), Some(next)) if is_label(cell, next) => values.push(None),
                (Some((cell, tail)), _) => {
                    values.push(Some(cell));
                    rest = tail;
                }
                (None, _) => values.push(None),
            }
        }
        if let Some(extra) = rest.first() {
            let message = format!(
                "this cell follows the last value of the row and cannot be placed: \"{}\"",
                extra.raw.trim()
            );
            self.error(row.line, extra.column, what, message);
            return None;
        }
        values.try_into().ok()
    }

    /// The number and title of an item (`1 タイトル`) and the column of its cell.
    fn number_title(
        &mut self,
        row: &Row,
        cells: &[Cell],
        what: &str,
        value: Option<&Cell>,
    ) -> Option<(u32, String, u32)> {
        let Some(cell) = value else {
            self.error(
                row.line,
                first_column(cells),
                what,
                format!("the {what} has no number and title"),
            );
            return None;
        };
        let text = cell.text();
        let found = number_title(&text);
        if found.is_none() {
            let message = format!(
                "expected a number, a space and a title, such as \"1 行政事務における生産性の向上\", found \"{text}\""
            );
            self.error(row.line, cell.column, what, message);
        }
        found.map(|(number, title)| (number, title, cell.column))
    }

    /// The measure rows belong to, or an error when no page header named it.
    fn current_measure(
        &mut self,
        row: &Row,
        cells: &[Cell],
        what: &str,
    ) -> Option<&mut SheetMeasure> {
        if self.measure.is_none() {
            let message =
                "this row comes before the page header (分野 … 施策 …) that names its measure"
                    .to_string();
            self.error(row.line, first_column(cells), what, message);
        }
        self.measures.get_mut(self.measure?)
    }

    /// The major item rows belong to, or an error when none was read.
    fn current_major(&mut self, row: &Row, cells: &[Cell], what: &str) -> Option<&mut SheetMajor> {
        self.current_measure(row, cells, what)?;
        if self.major.is_none() {
            let message =
                "this row comes before the 施策の展開（大項目） row it belongs to".to_string();
            self.error(row.line, first_column(cells), what, message);
        }
        self.major_mut()
    }

    fn major_mut(&mut self) -> Option<&mut SheetMajor> {
        self.measures
            .get_mut(self.measure?)?
            .major_items
            .get_mut(self.major?)
    }

    fn mid_mut(&mut self) -> Option<&mut SheetMid> {
        let mid = self.mid?;
        self.major_mut()?.mid_items.get_mut(mid)
    }
}

/// Reads a KPI header, `推移の方向性 基準値 令和3年度 結果 … 目標値 (令和7年度)`:
/// the fiscal years of the results and of the target, or the cells that are
/// wrong and why.
fn read_kpi_header(cells: &[Cell], line: u32) -> Result<KpiHeader, Vec<(u32, String)>> {
    let shape = || {
        let message = format!(
            "expected 推移の方向性, 基準値, one 「…年度 結果」 per fiscal year and 目標値 (…年度), in this order, found {}",
            quote_cells(cells)
        );
        vec![(first_column(cells), message)]
    };
    let [direction, baseline, results @ .., target] = cells else {
        return Err(shape());
    };
    if direction.key() != label::DIRECTION
        || baseline.key() != label::BASELINE
        || results.is_empty()
    {
        return Err(shape());
    }
    let mut problems = Vec::new();
    let mut years = Vec::new();
    for cell in results {
        match cell
            .key()
            .strip_suffix(label::RESULT_SUFFIX)
            .map(FiscalYear::parse)
        {
            Some(Some(year)) if !years.contains(&year) => years.push(year),
            Some(Some(year)) => problems.push((
                cell.column,
                format!("{} 結果 is given twice", year.wareki()),
            )),
            Some(None) => problems.push((
                cell.column,
                format!(
                    "cannot read the fiscal year in \"{}\"; write it as 令和5年度 結果",
                    cell.text()
                ),
            )),
            None => problems.push((
                cell.column,
                format!(
                    "expected a 「…年度 結果」 column, found \"{}\"",
                    cell.text()
                ),
            )),
        }
    }
    let target_year = target
        .key()
        .strip_prefix(label::TARGET)
        .and_then(|rest| rest.strip_prefix('(')?.strip_suffix(')'))
        .and_then(FiscalYear::parse);
    match target_year {
        Some(target_year) if problems.is_empty() => Ok(KpiHeader {
            years,
            target_year,
            line,
            columns: cells.iter().map(|cell| cell.column).collect(),
        }),
        Some(_) => Err(problems),
        None => {
            problems.push((
                target.column,
                format!(
                    "expected 目標値 and its fiscal year, such as 目標値 (令和7年度), found \"{}\"",
                    target.text()
                ),
            ));
            Err(problems)
        }
    }
}

/// Whether a cell is the given label; the strategy page label names the
/// city's own strategy document, so any 「…参照ページ」 but the sector plan's is it.
fn is_label(cell: &Cell, label: &str) -> bool {
    let key = cell.key();
    match label {
        label::STRATEGY_PAGE_SUFFIX => key.ends_with(label) && key != label::SECTOR_PLAN_PAGE,
        _ => key == label,
    }
}

fn first_column(cells: &[Cell]) -> u32 {
    cells.first().map_or(1, |cell| cell.column)
}

fn last_column(cells: &[Cell]) -> u32 {
    cells.last().map_or(1, |cell| cell.column)
}

fn non_empty(row: &Row) -> Vec<Cell<'_>> {
    row.cells
        .iter()
        .enumerate()
        .filter(|(_, cell)| !cell.trim().is_empty())
        .map(|(i, raw)| Cell {
            column: u32::try_from(i + 1).unwrap_or(u32::MAX),
            raw,
        })
        .collect()
}

/// A Markdown table separator row: every cell is `---`, `:---`, `---:`.
fn is_separator(cells: &[Cell]) -> bool {
    cells.iter().all(|cell| {
        let body = cell
            .raw
            .trim()
            .trim_start_matches(':')
            .trim_end_matches(':');
        body.len() >= 3 && body.chars().all(|c| c == '-')
    })
}

/// The cells as written, for messages: `"増加 | 0時間 | 1,338時間"`.
fn quote_cells(cells: &[Cell]) -> String {
    format!(
        "\"{}\"",
        cells
            .iter()
            .map(|cell| cell.raw.trim())
            .collect::<Vec<_>>()
            .join(" | ")
    )
}

fn shown_label(label: &str) -> String {
    match label {
        label::STRATEGY_PAGE_SUFFIX => "「…参照ページ」".to_string(),
        label::MAJOR => "施策の展開（大項目）".to_string(),
        label::KPI => "KPI (指標)".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::tsv;

    fn grid(text: &str) -> Grid {
        Grid {
            file: PathBuf::from("t.tsv"),
            sheet: None,
            rows: tsv::rows(text),
        }
    }

    fn messages(text: &str) -> Vec<String> {
        parse(&grid(text))
            .1
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const HEADER: &str = "分野\t行政経営\t施策\tデジタル化\n分野計画名称\t地域情報化計画\t行政経営戦略 参照ページ\tP99\n";
    const KPI_HEADER: &str =
        "\t推移の方向性\t基準値\t令和3年度 結果\t令和4年度 結果\t目標値 (令和7年度)\n";

    #[test]
    fn a_page_break_continues_the_measure_and_its_project_list() {
        let text = format!(
            "{HEADER}施策の展開（大項目）\t1 大項目\n中項目\t1 中項目\n関連する主な事業\t令和5年度 の取組実績\t分析・考察\nA事業 甲課\t・a\t・b\n\n{HEADER}\nB事業 乙課\t・c\t・d\n"
        );
        let (measures, problems) = parse(&grid(&text));
        assert!(problems.is_empty(), "{problems:?}");
        let [measure] = &measures[..] else {
            panic!("{measures:?}")
        };
        assert_eq!(
            (
                measure.sector_plan.as_deref(),
                measure.strategy_page.as_deref()
            ),
            (Some("地域情報化計画"), Some("P99"))
        );
        let projects: Vec<&str> = measure.major_items[0].mid_items[0]
            .projects
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(projects, ["A事業", "B事業"]);
    }

    #[test]
    fn several_measures_share_a_sheet() {
        let text = format!(
            "{HEADER}施策の展開（大項目）\t1 大項目\n分野\t市民生活\t施策\tごみの減量\n施策の展開（大項目）\t1 別の大項目\n"
        );
        let (measures, problems) = parse(&grid(&text));
        assert!(problems.is_empty(), "{problems:?}");
        let names: Vec<(&str, &str)> = measures
            .iter()
            .map(|m| (m.field.as_str(), m.major_items[0].title.as_str()))
            .collect();
        assert_eq!(names, [("行政経営", "大項目"), ("市民生活", "別の大項目")]);
    }

    #[test]
    fn unfinished_and_unreadable_blocks_are_reported() {
        let text = format!(
            "KPI (指標)\t早すぎる指標\n{HEADER}施策の展開（大項目）\t1 大項目\nKPI (指標)\t値のない指標\n{KPI_HEADER}KPI (指標)\t見出しの読めない指標\n\t推移の方向性\t基準値\t来年度 結果\t目標値\n関連する主な事業\t令和5年度 の取組実績\t分析・考察\n中項目\t1 中項目\t分野計画参照ページ\tP8\t余り\n分野計画名称\t別の計画\n"
        );
        assert_eq!(
            messages(&text),
            [
                "t.tsv:1:1: error: KPI (指標): this row comes before the page header (分野 … 施策 …) that names its measure",
                "t.tsv:5:2: error: KPI (指標): the KPI \"値のない指標\" is not followed by its values row",
                "t.tsv:8:4: error: KPI header: cannot read the fiscal year in \"来年度 結果\"; write it as 令和5年度 結果",
                "t.tsv:8:5: error: KPI header: expected 目標値 and its fiscal year, such as 目標値 (令和7年度), found \"目標値\"",
                "t.tsv:9:1: error: 関連する主な事業: a 関連する主な事業 header must follow a 中項目 row",
                "t.tsv:10:5: error: 中項目: this cell follows the last value of the row and cannot be placed: \"余り\"",
                "t.tsv:11:2: error: 分野計画名称: \"別の計画\" differs from \"地域情報化計画\" given earlier for the same 施策",
            ]
        );
    }

    #[test]
    fn an_empty_kpi_cell_is_named_by_its_label() {
        let major = "施策の展開（大項目）\t1 大項目\nKPI (指標)\t指標\n";
        let values = |row: &str| messages(&format!("{HEADER}{major}{KPI_HEADER}{row}\n"));
        // Under the header's labels: each empty cell is named by its label.
        assert_eq!(
            values("\t\t0人\t\t5人\t8人"),
            [
                "t.tsv:6:2: error: KPI row: the cell under 推移の方向性 (the header on line 5) is empty: write 増加, 減少 or 維持",
                "t.tsv:6:4: error: KPI row: the cell under 令和3年度 結果 (the header on line 5) is empty: write — where the report gives no value",
            ]
        );
        // Shifted away from the labels: only the count can be told.
        assert_eq!(
            values("増加\t0人\t1人\t5人"),
            [
                "t.tsv:6:1: error: KPI row: expected 5 cells (推移の方向性, 基準値, 2 results, 目標値) under the header on line 5, found 4: \"増加 | 0人 | 1人 | 5人\""
            ]
        );
    }

    #[test]
    fn workbook_places_name_the_sheet_and_cell() {
        let place = Place {
            file: PathBuf::from("book.xlsx"),
            sheet: Some("施策".into()),
            line: 14,
            column: 28,
        };
        assert_eq!(
            place.error("KPI row", "m").to_string(),
            "book.xlsx:14:28: error: KPI row at 施策!AB14: m"
        );
        assert_eq!(place.to_string(), "book.xlsx (施策):14");
    }

    /// The parser is total: any mangling of the sample gives measures or
    /// errors, never a panic.
    #[test]
    fn mangled_exports_never_panic() {
        let sample = include_str!("../../tests/fixtures/settsu-digital-r5.tsv");
        let lines: Vec<&str> = sample.lines().collect();
        for skip in 0..lines.len() {
            let without: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, line)| *line)
                .collect();
            parse(&grid(&without.join("\n")));
            for keep in 0..8 {
                let mut cut = lines.clone();
                let shortened: String = cut[skip]
                    .split('\t')
                    .take(keep)
                    .collect::<Vec<_>>()
                    .join("\t");
                cut[skip] = &shortened;
                parse(&grid(&cut.join("\n")));
            }
        }
        // Pseudo-random cells drawn from the sample's own labels and values.
        let words: Vec<&str> = sample.split(['\t', '\n']).collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200 {
            let mut text = String::new();
            for _ in 0..40 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let word = words[(seed >> 33) as usize % words.len()];
                text.push_str(word);
                text.push(if seed.is_multiple_of(3) { '\n' } else { '\t' });
            }
            parse(&grid(&text));
        }
    }
}
