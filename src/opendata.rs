//! Open data (オープンデータ): the report's figures and texts as CSV and JSON.
//!
//! Long format, one row per KPI and fiscal year (and one per project bullet),
//! numbers without unit characters and the unit in its own column, blank kept
//! distinct from zero — the Digital Agency's machine-readability rules.
//! `docs/open-data.md` documents the columns.

use std::io::Write;

use serde::Serialize;

use crate::build::output::Sink;
use crate::content::model::ProjectRow;
use crate::content::report::{MidRef, Report};
use crate::content::{FiscalYear, Kpi, Value};
use crate::error::{Error, Result};

/// Folder of the whole report's downloads.
pub const DATA_DIR: &str = "data";

/// The columns the rows of one KPI share.
#[derive(Debug, Serialize)]
struct KpiColumns<'a> {
    field_id: &'a str,
    field: &'a str,
    measure_id: &'a str,
    measure: &'a str,
    major_item_number: u32,
    major_item: &'a str,
    /// Position of the KPI within its major item, from 1.
    kpi_number: usize,
    kpi: &'a str,
    star: bool,
    direction: &'static str,
}

/// The columns of one value of a KPI: its baseline, a result or its target.
#[derive(Debug, Serialize)]
struct ValueColumns<'a> {
    /// "baseline", "result" or "target".
    kind: &'static str,
    /// Western fiscal year; blank for a baseline without a year note.
    fiscal_year: Option<i32>,
    fiscal_year_wareki: Option<String>,
    /// The number without separators or unit, as written ("1338", "60.0"); blank for "—" and texts.
    value: Option<serde_json::Number>,
    unit: Option<&'a str>,
    note: Option<&'a str>,
    /// The cell as the report writes it.
    original: &'a str,
}

/// Japanese column names of the KPI CSV, those of [`KpiColumns`] then [`ValueColumns`].
const KPI_COLUMNS: [&str; 17] = [
    "分野ID",
    "分野",
    "施策ID",
    "施策",
    "大項目番号",
    "大項目",
    "KPI番号",
    "KPI",
    "★",
    "推移の方向性",
    "区分",
    "年度",
    "年度（和暦）",
    "値",
    "単位",
    "注記",
    "原文",
];

/// The columns the bullets of one project row (a project's year in one mid item) share.
#[derive(Debug, Serialize)]
struct ProjectRowColumns<'a> {
    field: &'a str,
    measure_id: &'a str,
    measure: &'a str,
    major_item_number: u32,
    major_item: &'a str,
    mid_item_number: u32,
    mid_item: &'a str,
    project_id: &'a str,
    project: &'a str,
    department: &'a str,
    fiscal_year: i32,
    fiscal_year_wareki: String,
}

/// The columns of one bullet of a project's achievements or analysis.
#[derive(Debug, Serialize)]
struct BulletColumns<'a> {
    /// "achievement" (取組実績) or "analysis" (分析・考察).
    kind: &'static str,
    /// Position of the bullet within its list, from 1.
    number: usize,
    text: &'a str,
}

/// Japanese column names of the project CSV, those of [`ProjectRowColumns`] then [`BulletColumns`].
const PROJECT_COLUMNS: [&str; 15] = [
    "分野",
    "施策ID",
    "施策",
    "大項目番号",
    "大項目",
    "中項目番号",
    "中項目",
    "事業ID",
    "事業",
    "担当課",
    "年度",
    "年度（和暦）",
    "区分",
    "番号",
    "内容",
];

/// Rows formatted as CSV lines and as JSON objects (comma separated, no
/// brackets). Rows come in groups that share their first columns (a KPI's
/// values, a project row's bullets); those are formatted once per group:
/// repeating the names of field, measure and item on every row is most of
/// the downloads' bytes, and escaping them again for every row was a fifth
/// of a build's work.
struct Rows {
    csv: Vec<u8>,
    json: Vec<u8>,
    /// The group's shared columns: CSV fields ending in a comma, a JSON
    /// object without its closing brace.
    shared_csv: Vec<u8>,
    shared_json: Vec<u8>,
    /// Formats each row's own CSV fields; the text of the rows past
    /// `own_taken` has not been copied into `csv` yet. (A CSV writer keeps its
    /// output to itself, so it cannot be the one that adds the shared fields.)
    own_csv: csv::Writer<Vec<u8>>,
    own_taken: usize,
}

/// When the CSV writer of [`Rows`] has written this much, a fresh one takes over.
const OWN_CSV_LIMIT: usize = 1 << 20;

impl Rows {
    fn new() -> Self {
        Rows {
            csv: Vec::new(),
            json: Vec::new(),
            shared_csv: Vec::new(),
            shared_json: Vec::new(),
            own_csv: csv_writer(Vec::new()),
            own_taken: 0,
        }
    }

    /// Starts a group of rows whose first columns are `shared`'s fields.
    fn share<T: Serialize>(&mut self, shared: &T) -> std::io::Result<()> {
        self.own_csv
            .serialize(shared)
            .map_err(std::io::Error::other)?;
        self.own_csv.flush()?;
        let line = &self.own_csv.get_ref()[self.own_taken..];
        self.shared_csv.clear();
        self.shared_csv
            .extend_from_slice(&line[..line.len() - b"\r\n".len()]);
        self.shared_csv.push(b',');
        self.own_taken += line.len();
        self.shared_json.clear();
        serde_json::to_writer(&mut self.shared_json, shared).map_err(std::io::Error::other)?;
        self.shared_json.pop(); // the closing brace
        Ok(())
    }

    /// Adds a row of the current group: the shared columns, then `own`'s fields.
    fn push<T: Serialize>(&mut self, own: &T) -> std::io::Result<()> {
        self.csv.extend_from_slice(&self.shared_csv);
        self.own_csv.serialize(own).map_err(std::io::Error::other)?;
        self.own_csv.flush()?;
        self.csv
            .extend_from_slice(&self.own_csv.get_ref()[self.own_taken..]);
        self.own_taken = self.own_csv.get_ref().len();
        if self.own_taken > OWN_CSV_LIMIT {
            self.own_csv = csv_writer(Vec::new());
            self.own_taken = 0;
        }
        if !self.json.is_empty() {
            self.json.push(b',');
        }
        self.json.extend_from_slice(&self.shared_json);
        let brace = self.json.len();
        serde_json::to_writer(&mut self.json, own).map_err(std::io::Error::other)?;
        self.json[brace] = b','; // `own`'s opening brace continues the shared object
        Ok(())
    }

    fn is_empty(&self) -> bool {
        self.json.is_empty()
    }

    fn clear(&mut self) {
        self.csv.clear();
        self.json.clear();
    }

    /// Formats the rows of every KPI of measure `m`, in sheet order.
    fn measure(&mut self, report: &Report, m: usize) -> std::io::Result<()> {
        let source = &report.measures[m];
        let field = &report.fields[report.measure_field[m]];
        for (item, (k, kpi)) in source
            .data
            .major_items
            .iter()
            .flat_map(|item| item.kpis.iter().enumerate().map(move |kpi| (item, kpi)))
        {
            self.share(&KpiColumns {
                field_id: &field.id,
                field: &field.data.name,
                measure_id: &source.id,
                measure: &source.data.name,
                major_item_number: item.number,
                major_item: &item.title,
                kpi_number: k + 1,
                kpi: &kpi.name,
                star: kpi.star,
                direction: kpi.direction.label(),
            })?;
            self.push(&value_columns(
                "baseline",
                baseline_year(kpi),
                &kpi.baseline,
            ))?;
            for (year, value) in &kpi.results.0 {
                self.push(&value_columns("result", Some(*year), value))?;
            }
            self.push(&value_columns("target", Some(kpi.target_year), &kpi.target))?;
        }
        Ok(())
    }

    /// Formats the bullets of row `r` of project `p`, shown in mid item `at`.
    fn project_row(
        &mut self,
        report: &Report,
        (at, p, r): (MidRef, usize, usize),
    ) -> std::io::Result<()> {
        let source = &report.measures[at.measure];
        let (major, mid) = (report.major(at), report.mid(at));
        let project = &report.projects[p];
        let row: &ProjectRow = &project.data.rows[r];
        self.share(&ProjectRowColumns {
            field: &report.fields[report.measure_field[at.measure]].data.name,
            measure_id: &source.id,
            measure: &source.data.name,
            major_item_number: major.number,
            major_item: &major.title,
            mid_item_number: mid.number,
            mid_item: &mid.title,
            project_id: &project.id,
            project: &project.data.name,
            department: &report.departments[report.project_department[p]].name,
            fiscal_year: row.fiscal_year.western(),
            fiscal_year_wareki: row.fiscal_year.wareki(),
        })?;
        for (kind, bullets) in [
            ("achievement", &row.achievements),
            ("analysis", &row.analysis),
        ] {
            for (i, text) in bullets.iter().enumerate() {
                self.push(&BulletColumns {
                    kind,
                    number: i + 1,
                    text,
                })?;
            }
        }
        Ok(())
    }
}

/// The columns of one value.
fn value_columns<'r>(
    kind: &'static str,
    year: Option<FiscalYear>,
    value: &'r Value,
) -> ValueColumns<'r> {
    ValueColumns {
        kind,
        fiscal_year: year.map(FiscalYear::western),
        fiscal_year_wareki: year.map(FiscalYear::wareki),
        value: value.plain().and_then(|plain| plain.parse().ok()),
        unit: value.unit().filter(|unit| !unit.is_empty()),
        note: value.note(),
        original: value.original.trim(),
    }
}

/// The year a baseline was measured, when its note names one: 40.9%(令和2年度).
fn baseline_year(kpi: &Kpi) -> Option<FiscalYear> {
    kpi.baseline.note().and_then(FiscalYear::parse)
}

/// Every project row as shown in a mid item, in report order: by mid item,
/// then the order the mid item lists its projects, then year.
fn project_rows(report: &Report) -> Vec<(MidRef, usize, usize)> {
    let mut located: Vec<(MidRef, usize, usize)> = report
        .row_mids
        .iter()
        .enumerate()
        .flat_map(|(p, mids)| mids.iter().enumerate().map(move |(r, at)| (*at, p, r)))
        .collect();
    located.sort_by_key(|&(at, p, r)| {
        let listed = report
            .mid(at)
            .projects
            .iter()
            .position(|id| id.value == report.projects[p].id);
        (at, listed, report.projects[p].data.rows[r].fiscal_year)
    });
    located
}

/// A CSV writer for rows as Excel opens them: CRLF line ends (and, at the
/// start of the file, a byte order mark, see [`csv_header`]). Flexible,
/// because [`Rows`] writes the shared and the own fields of a row apart.
fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// The start of a CSV file: a byte order mark, so that Excel reads UTF-8, and
/// the column names.
fn csv_header(columns: &[&str]) -> std::io::Result<Vec<u8>> {
    let mut writer = csv_writer("\u{feff}".as_bytes().to_vec());
    writer.write_record(columns)?;
    writer.into_inner().map_err(|e| e.into_error())
}

/// Where [`put_pair`] appends each group of rows: a CSV and a JSON file.
struct Pair<'w> {
    csv: &'w mut dyn Write,
    json: &'w mut dyn Write,
    /// What precedes the next JSON object: the array's bracket, then commas.
    separator: u8,
}

impl Pair<'_> {
    /// Appends `rows` to both files and clears it.
    fn append(&mut self, rows: &mut Rows) -> std::io::Result<()> {
        if !rows.is_empty() {
            self.csv.write_all(&rows.csv)?;
            self.json.write_all(&[self.separator])?;
            self.json.write_all(&rows.json)?;
            self.separator = b',';
        }
        rows.clear();
        Ok(())
    }
}

/// Streams `{stem}.csv` and `{stem}.json` side by side (the CSV beginning
/// with `header`, see [`csv_header`], the JSON an array), with the rows
/// `fill` appends to both. Returns the bytes written.
fn put_pair(
    sink: &dyn Sink,
    stem: &str,
    header: &[u8],
    fill: &mut dyn FnMut(&mut Pair) -> std::io::Result<()>,
) -> Result<u64> {
    let (csv_path, json_path) = (format!("{stem}.csv"), format!("{stem}.json"));
    // The JSON file's own error, kept whole rather than as an error of the CSV.
    let mut json_result = None;
    let csv_result = sink.put_streamed(&csv_path, &mut |csv| {
        csv.write_all(header)?;
        let result = sink.put_streamed(&json_path, &mut |json| {
            let mut pair = Pair {
                csv: &mut *csv,
                json,
                separator: b'[',
            };
            fill(&mut pair)?;
            if pair.separator == b'[' {
                pair.json.write_all(b"[")?;
            }
            pair.json.write_all(b"]\n")
        });
        let failed = result.is_err();
        json_result = Some(result);
        if failed {
            return Err(std::io::Error::other("the JSON file failed"));
        }
        Ok(())
    });
    match json_result {
        Some(Err(error)) => Err(error),
        Some(Ok(json_bytes)) => Ok(csv_result? + json_bytes),
        None => csv_result,
    }
}

/// File name stem of a measure's KPI downloads beside its page.
pub const MEASURE_FILE: &str = "kpi";

/// Writes the KPI rows of measure `m`, formatted in `rows`, as a CSV and a
/// JSON file beside its page (the CSV beginning with `header`, see
/// [`csv_header`]); returns the bytes written.
fn put_measure(
    sink: &dyn Sink,
    report: &Report,
    m: usize,
    header: &[u8],
    rows: &Rows,
) -> Result<u64> {
    let stem = format!(
        "{}{MEASURE_FILE}",
        crate::render::context::url::measure(&report.measures[m].id)
    );
    let csv = [header, &rows.csv].concat();
    sink.put(&format!("{stem}.csv"), &csv)?;
    let json = [b"[", &rows.json[..], b"]\n"].concat();
    sink.put(&format!("{stem}.json"), &json)?;
    Ok((csv.len() + json.len()) as u64)
}

/// Writes the downloads beside the page of measure `m`: a CSV and a JSON
/// file of its KPIs' values, unless it has none. Returns (files, bytes).
pub fn write_measure(report: &Report, m: usize, sink: &dyn Sink) -> Result<(usize, u64)> {
    let folder = crate::render::context::url::measure(&report.measures[m].id);
    let header = csv_header(&KPI_COLUMNS).map_err(Error::io("write", &folder))?;
    let mut rows = Rows::new();
    rows.measure(report, m)
        .map_err(Error::io("write", &folder))?;
    if rows.is_empty() {
        return Ok((0, 0));
    }
    Ok((2, put_measure(sink, report, m, &header, &rows)?))
}

/// Which downloads [`write_report`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Downloads {
    /// The whole report's files in `data/` and every measure's beside its page.
    All,
    /// Only the whole report's: the preview writes a measure's own files
    /// with its page ([`write_measure`]).
    WholeReport,
}

/// Writes `data/kpi.csv` and `data/kpi.json` and, for [`Downloads::All`],
/// each measure's pair beside its page, from rows formatted once.
/// Returns (files, bytes).
fn write_kpis(report: &Report, sink: &dyn Sink, downloads: Downloads) -> Result<(usize, u64)> {
    let stem = format!("{DATA_DIR}/kpi");
    let header = csv_header(&KPI_COLUMNS).map_err(Error::io("write", format!("{stem}.csv")))?;
    let mut rows = Rows::new();
    let (mut files, mut bytes) = (2, 0);
    // A measure's file that cannot be written is reported as itself, not
    // as a failure of the whole report's file being streamed at the time.
    let mut failed = None;
    let streamed = put_pair(sink, &stem, &header, &mut |pair| {
        for m in 0..report.measures.len() {
            rows.measure(report, m)?;
            if downloads == Downloads::All && !rows.is_empty() {
                match put_measure(sink, report, m, &header, &rows) {
                    Ok(written) => (files, bytes) = (files + 2, bytes + written),
                    Err(error) => {
                        failed = Some(error);
                        return Err(std::io::Error::other("a measure's download failed"));
                    }
                }
            }
            pair.append(&mut rows)?;
        }
        Ok(())
    });
    match (streamed, failed) {
        (_, Some(error)) => Err(error),
        (streamed, None) => Ok((files, bytes + streamed?)),
    }
}

/// Writes `data/projects.csv` and `data/projects.json`; returns the bytes written.
fn write_projects(report: &Report, sink: &dyn Sink) -> Result<u64> {
    let stem = format!("{DATA_DIR}/projects");
    let header = csv_header(&PROJECT_COLUMNS).map_err(Error::io("write", format!("{stem}.csv")))?;
    let mut rows = Rows::new();
    put_pair(sink, &stem, &header, &mut |pair| {
        for located in project_rows(report) {
            rows.project_row(report, located)?;
            pair.append(&mut rows)?;
        }
        Ok(())
    })
}

/// Writes the whole report's downloads into `data/`, the KPIs' and the
/// projects' in parallel, with their JSON Schemas, and, for
/// [`Downloads::All`], each measure's. Returns (files, bytes).
pub fn write_report(
    report: &Report,
    sink: &dyn Sink,
    downloads: Downloads,
) -> Result<(usize, u64)> {
    let (kpis, projects) = rayon::join(
        || write_kpis(report, sink, downloads),
        || write_projects(report, sink),
    );
    let (mut files, mut bytes) = kpis?;
    bytes += projects?;
    files += 2;
    for (name, schema) in [
        ("kpi.schema.json", KPI_SCHEMA),
        ("projects.schema.json", PROJECT_SCHEMA),
    ] {
        sink.put(&format!("{DATA_DIR}/{name}"), schema.as_bytes())?;
        bytes += schema.len() as u64;
        files += 1;
    }
    Ok((files, bytes))
}

const KPI_SCHEMA: &str = include_str!("opendata/kpi.schema.json");
const PROJECT_SCHEMA: &str = include_str!("opendata/projects.schema.json");
