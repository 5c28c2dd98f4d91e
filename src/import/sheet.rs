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
            Some(sheet) => format!("{what} at {sheet}!{}{}", column_letters(self.column), self.line),
            None => what.to_string(),
        };
        Diagnostic::error(&self.file, Position::new(self.line, self.column), field, message)
    }
}

/// `file:line` or `file (sheet):line`, to point at another place in a message.
impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
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
#[derive(Debug, Clone, PartialEq)]
pub struct SheetMeasure {
    /// 分野.
    pub field: String,
    /// 施策.
    pub name: String,
    /// 分野計画名称.
    pub sector_plan: Option<String>,
    /// 行政経営戦略 参照ページ.
    pub strategy_page: Option<String>,
    pub major_items: Vec<SheetMajor>,
    /// The 分野 row that started the measure.
    pub place: Place,
}

/// A major item (施策の展開（大項目）).
#[derive(Debug, Clone, PartialEq)]
pub struct SheetMajor {
    pub number: u32,
    pub title: String,
    pub kpis: Vec<Kpi>,
    pub mid_items: Vec<SheetMid>,
}

/// A mid item (中項目) and its project rows.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetMid {
    pub number: u32,
    pub title: String,
    /// 分野計画参照ページ.
    pub sector_plan_page: Option<String>,
    pub projects: Vec<SheetProject>,
}

/// One project row (関連する主な事業) of a mid item.
#[derive(Debug, Clone, PartialEq)]
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
}

#[derive(Debug, Clone)]
struct ProjectHeader {
    fiscal_year: FiscalYear,
    /// Columns of the 関連する主な事業, 取組実績 and 分析・考察 labels.
    columns: [u32; 3],
}

/// Reads every measure of a grid. Returns what could be read and every problem.
pub fn parse(grid: &Grid) -> (Vec<SheetMeasure>, Vec<Diagnostic>) {
    let mut parser = Parser { grid, measures: Vec::new(), measure: None, major: None, mid: None, expect: Expect::Label, problems: Vec::new() };
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
        Place { file: self.grid.file.clone(), sheet: self.grid.sheet.clone(), line, column }
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
            key @ (label::SECTOR_PLAN | label::MAJOR | label::KPI | label::MID | label::PROJECT) => {
                self.close(expect);
                match key {
                    label::SECTOR_PLAN => self.sector_plan(row, &cells),
                    label::MAJOR => self.major_item(row, &cells),
                    label::KPI => self.kpi_name(row, &cells),
                    label::MID => self.mid_item(row, &cells),
                    _ => self.project_header(row, &cells),
                }
            }
            _ => match expect {
                Expect::KpiValues(kpi, header) => self.kpi_values(row, &cells, kpi, &header),
                Expect::Projects(header) => {
                    self.project_row(row, &cells, &header);
                    self.expect = Expect::Projects(header);
                }
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
        match expect {
            Expect::KpiHeader(kpi) | Expect::KpiValues(kpi, _) => {
                let message = format!("the KPI \"{}\" is not followed by its 推移の方向性 header row and its values row", kpi.name);
                self.problems.push(kpi.place.error("KPI (指標)", message));
                None
            }
            Expect::Projects(header) => Some(header),
            Expect::Label => None,
        }
    }

    /// `分野 行政経営 施策 デジタル化`: starts a measure, or continues it where
    /// the page header repeats.
    fn page_header(&mut self, row: &Row, cells: &[Cell], open: Option<ProjectHeader>) {
        let what = "分野";
        let Some(values) = self.label_values(row, cells, what, &[label::FIELD, label::MEASURE]) else {
            return;
        };
        let [Some(field), Some(name)] = values[..] else {
            let message = format!("the page header must name the 分野 and the 施策: {}", quote_cells(cells));
            self.error(row.line, first_column(cells), what, message);
            return;
        };
        let (field, name) = (field.text(), name.text());
        match self.measures.iter().position(|m| m.field == field && m.name == name) {
            // A page break may fall inside a project list, which stays open.
            Some(index) if self.measure == Some(index) => self.expect = open.map_or(Expect::Label, Expect::Projects),
            found => {
                let index = found.unwrap_or_else(|| {
                    let place = self.place(row.line, first_column(cells));
                    self.measures.push(SheetMeasure { field, name, sector_plan: None, strategy_page: None, major_items: Vec::new(), place });
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
        let Some(values) = self.label_values(row, cells, what, &[label::SECTOR_PLAN, label::STRATEGY_PAGE_SUFFIX]) else {
            return;
        };
        let Some(index) = self.current_measure(row, cells, what) else {
            return;
        };
        let measure = &mut self.measures[index];
        let mut conflicts = Vec::new();
        for (value, slot) in values.iter().zip([&mut measure.sector_plan, &mut measure.strategy_page]) {
            let Some(cell) = value else { continue };
            let text = cell.text();
            match slot {
                Some(seen) if *seen != text => {
                    conflicts.push((cell.column, format!("\"{text}\" differs from \"{seen}\" given earlier for the same 施策")));
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
        let Some(values) = self.label_values(row, cells, what, &[label::MAJOR]) else {
            return;
        };
        let Some((number, title, column)) = self.number_title(row, cells, what, values[0]) else {
            return;
        };
        let Some(measure) = self.current_measure(row, cells, what) else {
            return;
        };
        self.mid = None;
        let majors = &mut self.measures[measure].major_items;
        match majors.iter().position(|m| m.number == number) {
            // The same item again after a page break.
            Some(index) if majors[index].title == title => self.major = Some(index),
            Some(index) => {
                let message = format!("大項目 {number} is already \"{}\" in this 施策; found \"{title}\"", majors[index].title);
                self.major = None;
                self.error(row.line, column, what, message);
            }
            None => {
                majors.push(SheetMajor { number, title, kpis: Vec::new(), mid_items: Vec::new() });
                self.major = Some(majors.len() - 1);
            }
        }
    }

    /// `KPI (指標) RPAツールを扱える職員数【★】`.
    fn kpi_name(&mut self, row: &Row, cells: &[Cell]) {
        let what = "KPI (指標)";
        let Some(values) = self.label_values(row, cells, what, &[label::KPI]) else {
            return;
        };
        let [Some(name)] = values[..] else {
            self.error(row.line, first_column(cells), what, "the KPI has no name".to_string());
            return;
        };
        if self.current_major(row, cells, what).is_none() {
            return;
        }
        let text = name.text();
        let (name_text, star) = match text.strip_suffix(STAR) {
            Some(bare) => (bare.trim_end().to_string(), true),
            None => (text, false),
        };
        self.expect = Expect::KpiHeader(PendingKpi { name: name_text, star, place: self.place(row.line, name.column) });
    }

    /// `推移の方向性 基準値 令和3年度 結果 … 目標値 (令和7年度)`.
    fn kpi_header(&mut self, row: &Row, cells: &[Cell], expect: Expect) {
        let what = "KPI header";
        let kpi = match expect {
            Expect::KpiHeader(kpi) => kpi,
            other => {
                self.close(other);
                self.error(row.line, first_column(cells), what, "a 推移の方向性 header must follow a KPI (指標) row".to_string());
                return;
            }
        };
        let mut problems = Vec::new();
        let mut years = Vec::new();
        let mut target_year = None;
        for (i, cell) in cells.iter().enumerate() {
            let key = cell.key();
            let known = match i {
                0 => key == label::DIRECTION,
                1 => key == label::BASELINE,
                _ if i + 1 == cells.len() => match key.strip_prefix(label::TARGET) {
                    Some(rest) => {
                        target_year = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')).and_then(FiscalYear::parse);
                        if target_year.is_none() {
                            problems.push((cell.column, format!("cannot read the target's fiscal year in \"{}\"; write it as 目標値 (令和7年度)", cell.text())));
                        }
                        true
                    }
                    None => false,
                },
                _ => match key.strip_suffix(label::RESULT_SUFFIX).map(FiscalYear::parse) {
                    Some(Some(year)) if years.contains(&year) => {
                        problems.push((cell.column, format!("{} 結果 is given twice", year.wareki())));
                        true
                    }
                    Some(Some(year)) => {
                        years.push(year);
                        true
                    }
                    Some(None) => {
                        problems.push((cell.column, format!("cannot read the fiscal year in \"{}\"; write it as 令和5年度 結果", cell.text())));
                        true
                    }
                    None => false,
                },
            };
            if !known {
                problems.push((cell.column, format!("unexpected \"{}\" in the KPI header {}", cell.text(), quote_cells(cells))));
            }
        }
        if cells.len() < 4 && problems.is_empty() {
            let message = format!("expected 推移の方向性, 基準値, one 「…年度 結果」 per fiscal year and 目標値 (…年度), found {}", quote_cells(cells));
            problems.push((first_column(cells), message));
        }
        match target_year {
            Some(target_year) if problems.is_empty() => self.expect = Expect::KpiValues(kpi, KpiHeader { years, target_year, line: row.line }),
            _ => {
                for (column, message) in problems {
                    self.error(row.line, column, what, message);
                }
            }
        }
    }

    /// `増加 0時間 1,338時間 552時間 764時間 1,000時間` under a KPI header.
    fn kpi_values(&mut self, row: &Row, cells: &[Cell], kpi: PendingKpi, header: &KpiHeader) {
        let what = "KPI row";
        let count = header.years.len();
        let ([direction, baseline, results @ .., target], true) = (cells, cells.len() == count + 3) else {
            let message = format!(
                "expected {} cells (推移の方向性, 基準値, {count} result{}, 目標値) under the header on line {}, found {}: {}",
                count + 3,
                if count == 1 { "" } else { "s" },
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
        let value = |cell: &Cell| Value::parse(&cell.text());
        let kpi = Kpi {
            name: kpi.name,
            star: kpi.star,
            direction,
            baseline: value(baseline),
            results: Results(header.years.iter().copied().zip(results.iter().map(value)).collect()),
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
        let Some(values) = self.label_values(row, cells, what, &[label::MID, label::SECTOR_PLAN_PAGE]) else {
            return;
        };
        let Some((number, title, column)) = self.number_title(row, cells, what, values[0]) else {
            return;
        };
        let page = values[1].map(Cell::text);
        self.current_major(row, cells, what);
        let Some(major) = self.major_mut() else { return };
        let mids = &mut major.mid_items;
        match mids.iter().position(|m| m.number == number) {
            // The same item again after a page break.
            Some(index) if mids[index].title == title && mids[index].sector_plan_page == page => self.mid = Some(index),
            Some(index) => {
                let seen = &mids[index];
                let message = format!(
                    "中項目 {number} is already \"{}\" ({}) in this 大項目; found \"{title}\" ({})",
                    seen.title,
                    seen.sector_plan_page.as_deref().unwrap_or("no page"),
                    page.as_deref().unwrap_or("no page")
                );
                self.mid = None;
                self.error(row.line, column, what, message);
            }
            None => {
                mids.push(SheetMid { number, title, sector_plan_page: page, projects: Vec::new() });
                self.mid = Some(mids.len() - 1);
            }
        }
    }

    /// `関連する主な事業 令和5年度 の取組実績 分析・考察`.
    fn project_header(&mut self, row: &Row, cells: &[Cell]) {
        let what = "関連する主な事業";
        let keys: Vec<String> = cells.iter().map(Cell::key).collect();
        let [project, achievements, analysis] = cells else {
            let message = format!("expected 関連する主な事業, 「…年度 の取組実績」 and 分析・考察, found {}", quote_cells(cells));
            self.error(row.line, first_column(cells), what, message);
            return;
        };
        let year = keys[1].strip_suffix(label::ACHIEVEMENTS_SUFFIX).map(|rest| rest.trim_end_matches('の'));
        if year.is_none() || keys[2] != label::ANALYSIS {
            let message = format!("expected 関連する主な事業, 「…年度 の取組実績」 and 分析・考察, found {}", quote_cells(cells));
            self.error(row.line, first_column(cells), what, message);
            return;
        }
        let Some(fiscal_year) = year.and_then(FiscalYear::parse) else {
            let message = format!("cannot read the fiscal year in \"{}\"; write it as 令和5年度 の取組実績", achievements.text());
            self.error(row.line, achievements.column, what, message);
            return;
        };
        if self.mid.is_none() {
            self.error(row.line, project.column, what, "a 関連する主な事業 header must follow a 中項目 row".to_string());
            return;
        }
        self.expect = Expect::Projects(ProjectHeader { fiscal_year, columns: [project.column, achievements.column, analysis.column] });
    }

    /// `DX推進事業 情報政策課 ・取組実績… ・分析…` under a 関連する主な事業 header.
    ///
    /// The cells are looked up under the header's labels; a row laid out with
    /// other empty cells than its header (the export varies) is read in order
    /// when it holds exactly the three cells.
    fn project_row(&mut self, row: &Row, cells: &[Cell], header: &ProjectHeader) {
        let what = "project row";
        let [project_column, achievements_column, analysis_column] = header.columns;
        let under_header = cells.first().is_some_and(|cell| cell.column == project_column) && cells.iter().all(|cell| header.columns.contains(&cell.column));
        let (project, achievements, analysis) = match cells {
            [project, ..] if under_header => {
                let at = |column: u32| cells.iter().find(|cell| cell.column == column).map(|cell| bullets(cell.raw)).unwrap_or_default();
                (project, at(achievements_column), at(analysis_column))
            }
            [project, achievements, analysis] => (project, bullets(achievements.raw), bullets(analysis.raw)),
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
            let message = format!("cannot tell the project from its department in \"{project_text}\"; write 事業名 and 担当課 separated by a space");
            self.error(row.line, project.column, what, message);
            return;
        };
        let place = self.place(row.line, project.column);
        let Some(mid) = self.mid_mut() else { return };
        if mid.projects.iter().any(|p| p.name == name && p.department == department) {
            let message = format!("{name} ({department}) is listed twice in this 中項目");
            self.error(row.line, project.column, what, message);
            return;
        }
        mid.projects.push(SheetProject { name, department, fiscal_year: header.fiscal_year, achievements, analysis, place });
    }

    /// The cells after the labels of a labelled row: each label is followed by
    /// its value, or directly by the next label when the value is blank.
    fn label_values<'c>(&mut self, row: &Row, cells: &'c [Cell<'c>], what: &str, labels: &[&str]) -> Option<Vec<Option<&'c Cell<'c>>>> {
        let mut values = Vec::new();
        let mut rest = cells;
        for (i, label) in labels.iter().enumerate() {
            match rest.split_first() {
                Some((cell, tail)) if is_label(cell, label) => rest = tail,
                found => {
                    let column = found.map_or(last_column(cells), |(cell, _)| cell.column);
                    let message = format!("expected the label {} in {}", shown_label(label), quote_cells(cells));
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
            let message = format!("this cell follows the last value of the row and cannot be placed: \"{}\"", extra.raw.trim());
            self.error(row.line, extra.column, what, message);
            return None;
        }
        Some(values)
    }

    /// The number and title of an item (`1 タイトル`) and the column of its cell.
    fn number_title(&mut self, row: &Row, cells: &[Cell], what: &str, value: Option<&Cell>) -> Option<(u32, String, u32)> {
        let Some(cell) = value else {
            self.error(row.line, first_column(cells), what, format!("the {what} has no number and title"));
            return None;
        };
        let text = cell.text();
        match number_title(&text) {
            Some((number, title)) => Some((number, title, cell.column)),
            None => {
                let message = format!("expected a number, a space and a title, such as \"1 行政事務における生産性の向上\", found \"{text}\"");
                self.error(row.line, cell.column, what, message);
                None
            }
        }
    }

    fn current_measure(&mut self, row: &Row, cells: &[Cell], what: &str) -> Option<usize> {
        if self.measure.is_none() {
            let message = "this row comes before the page header (分野 … 施策 …) that names its measure".to_string();
            self.error(row.line, first_column(cells), what, message);
        }
        self.measure
    }

    fn current_major(&mut self, row: &Row, cells: &[Cell], what: &str) -> Option<usize> {
        self.current_measure(row, cells, what)?;
        if self.major.is_none() {
            let message = "this row comes before the 施策の展開（大項目） row it belongs to".to_string();
            self.error(row.line, first_column(cells), what, message);
        }
        self.major
    }

    fn major_mut(&mut self) -> Option<&mut SheetMajor> {
        self.measures.get_mut(self.measure?)?.major_items.get_mut(self.major?)
    }

    fn mid_mut(&mut self) -> Option<&mut SheetMid> {
        let mid = self.mid?;
        self.major_mut()?.mid_items.get_mut(mid)
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
        .map(|(i, raw)| Cell { column: u32::try_from(i + 1).unwrap_or(u32::MAX), raw })
        .collect()
}

/// A Markdown table separator row: every cell is `---`, `:---`, `---:`.
fn is_separator(cells: &[Cell]) -> bool {
    cells.iter().all(|cell| {
        let body = cell.raw.trim().trim_start_matches(':').trim_end_matches(':');
        body.len() >= 3 && body.chars().all(|c| c == '-')
    })
}

/// The cells as written, for messages: `"増加 | 0時間 | 1,338時間"`.
fn quote_cells(cells: &[Cell]) -> String {
    format!("\"{}\"", cells.iter().map(|cell| cell.raw.trim()).collect::<Vec<_>>().join(" | "))
}

fn shown_label(label: &str) -> String {
    match label {
        label::STRATEGY_PAGE_SUFFIX => "「…参照ページ」".to_string(),
        label::MAJOR => "施策の展開（大項目）".to_string(),
        label::KPI => "KPI (指標)".to_string(),
        other => other.to_string(),
    }
}
