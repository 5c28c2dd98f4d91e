//! Open data (オープンデータ): the report's figures and texts as CSV and JSON.
//!
//! Long format, one row per KPI and fiscal year (and one per project bullet),
//! numbers without unit characters and the unit in its own column, blank kept
//! distinct from zero — the Digital Agency's machine-readability rules.
//! `docs/open-data.md` documents the columns.

use std::io::Write;

use serde::Serialize;

use crate::build::output::Sink;
use crate::content::report::{MidRef, Report};
use crate::content::{FiscalYear, Kpi, Value};
use crate::error::Result;

/// Folder of the whole report's downloads.
pub const DATA_DIR: &str = "data";

/// One KPI value: a baseline, a result or a target.
#[derive(Debug, Clone, Serialize)]
pub struct KpiRow<'a> {
    pub field_id: &'a str,
    pub field: &'a str,
    pub measure_id: &'a str,
    pub measure: &'a str,
    pub major_item_number: u32,
    pub major_item: &'a str,
    /// Position of the KPI within its major item, from 1.
    pub kpi_number: usize,
    pub kpi: &'a str,
    pub star: bool,
    pub direction: &'static str,
    /// "baseline", "result" or "target".
    pub kind: &'static str,
    /// Western fiscal year; blank for a baseline without a year note.
    pub fiscal_year: Option<i32>,
    pub fiscal_year_wareki: Option<String>,
    /// The number without separators or unit, as written ("1338", "60.0"); blank for "—" and texts.
    pub value: Option<serde_json::Number>,
    pub unit: Option<&'a str>,
    pub note: Option<&'a str>,
    /// The cell as the report writes it.
    pub original: &'a str,
}

/// Japanese column names of the KPI CSV, in [`KpiRow`] field order.
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

/// One bullet of a project's achievements or analysis.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectRow<'a> {
    pub field: &'a str,
    pub measure_id: &'a str,
    pub measure: &'a str,
    pub major_item_number: u32,
    pub major_item: &'a str,
    pub mid_item_number: u32,
    pub mid_item: &'a str,
    pub project_id: &'a str,
    pub project: &'a str,
    pub department: &'a str,
    pub fiscal_year: i32,
    pub fiscal_year_wareki: String,
    /// "achievement" (取組実績) or "analysis" (分析・考察).
    pub kind: &'static str,
    /// Position of the bullet within its list, from 1.
    pub number: usize,
    pub text: &'a str,
}

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

/// Rows of every KPI of a measure's major item, in sheet order.
pub fn kpi_rows(report: &Report, measure: usize, major: usize) -> Vec<KpiRow<'_>> {
    let source = &report.measures[measure];
    let field = &report.fields[report.measure_field[measure]];
    let item = &source.data.major_items[major];
    let mut rows = Vec::new();
    for (k, kpi) in item.kpis.iter().enumerate() {
        let base = KpiRow {
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
            kind: "baseline",
            fiscal_year: None,
            fiscal_year_wareki: None,
            value: None,
            unit: None,
            note: None,
            original: "",
        };
        rows.push(with_value(
            &base,
            "baseline",
            baseline_year(kpi),
            &kpi.baseline,
        ));
        rows.extend(
            kpi.results
                .0
                .iter()
                .map(|(year, value)| with_value(&base, "result", Some(*year), value)),
        );
        rows.push(with_value(
            &base,
            "target",
            Some(kpi.target_year),
            &kpi.target,
        ));
    }
    rows
}

/// `base` (the KPI's columns) with one value's columns filled in.
fn with_value<'r>(
    base: &KpiRow<'r>,
    kind: &'static str,
    year: Option<FiscalYear>,
    value: &'r Value,
) -> KpiRow<'r> {
    KpiRow {
        kind,
        fiscal_year: year.map(FiscalYear::western),
        fiscal_year_wareki: year.map(FiscalYear::wareki),
        value: value.plain().and_then(|plain| plain.parse().ok()),
        unit: value.unit().filter(|unit| !unit.is_empty()),
        note: value.note(),
        original: value.original.trim(),
        ..base.clone()
    }
}

/// The year a baseline was measured, when its note names one: 40.9%(令和2年度).
fn baseline_year(kpi: &Kpi) -> Option<FiscalYear> {
    kpi.baseline.note().and_then(FiscalYear::parse)
}

/// Calls `each` with every bullet of the projects, in report order, one row
/// at a time: the whole report's rows would take far more memory than the file.
fn for_each_project_row<'r>(
    report: &'r Report,
    mut each: impl FnMut(&ProjectRow<'r>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut located: Vec<(MidRef, usize, usize)> = report
        .row_mids
        .iter()
        .enumerate()
        .flat_map(|(p, mids)| mids.iter().enumerate().map(move |(r, at)| (*at, p, r)))
        .collect();
    // Report order: by mid item, then the order the mid item lists its projects, then year.
    located.sort_by_key(|&(at, p, r)| {
        let listed = report
            .mid(at)
            .projects
            .iter()
            .position(|id| id.value == report.projects[p].id);
        (at, listed, report.projects[p].data.rows[r].fiscal_year)
    });
    for (at, p, r) in located {
        let source = &report.measures[at.measure];
        let major = report.major(at);
        let mid = report.mid(at);
        let project = &report.projects[p];
        let row = &project.data.rows[r];
        let lists = [
            ("achievement", &row.achievements),
            ("analysis", &row.analysis),
        ];
        let wareki = row.fiscal_year.wareki();
        for (kind, bullets) in lists {
            for (i, text) in bullets.iter().enumerate() {
                each(&ProjectRow {
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
                    fiscal_year_wareki: wareki.clone(),
                    kind,
                    number: i + 1,
                    text,
                })?;
            }
        }
    }
    Ok(())
}

/// Calls `each` with every KPI row of the report, in report order.
fn for_each_kpi_row<'r>(
    report: &'r Report,
    mut each: impl FnMut(&KpiRow<'r>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    for (m, source) in report.measures.iter().enumerate() {
        for a in 0..source.data.major_items.len() {
            kpi_rows(report, m, a).iter().try_for_each(&mut each)?;
        }
    }
    Ok(())
}

/// The rows that [`for_each_kpi_row`] or [`for_each_project_row`] give.
type Rows<'r, T> =
    dyn Fn(&mut dyn FnMut(&T) -> std::io::Result<()>) -> std::io::Result<()> + Sync + 'r;

/// Writes CSV as Excel opens it: UTF-8 with a byte order mark, CRLF line ends.
fn write_csv<T: Serialize>(
    out: &mut dyn Write,
    columns: &[&str],
    rows: &Rows<T>,
) -> std::io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(columns)?;
    rows(&mut |row| writer.serialize(row).map_err(std::io::Error::other))?;
    writer.flush()
}

/// Writes the rows as one JSON array, one compact object per row.
fn write_json<T: Serialize>(out: &mut dyn Write, rows: &Rows<T>) -> std::io::Result<()> {
    // Each row is serialized into a buffer and written at once: serde_json
    // writes every key and quote separately, each a dynamic call on `out`.
    let mut row_json = Vec::new();
    let mut separator = b'[';
    rows(&mut |row| {
        row_json.clear();
        row_json.push(separator);
        separator = b',';
        serde_json::to_writer(&mut row_json, row).map_err(std::io::Error::other)?;
        out.write_all(&row_json)
    })?;
    if separator == b'[' {
        out.write_all(b"[")?;
    }
    out.write_all(b"]\n")
}

/// Writes `name.csv` and `name.json` with `rows`, side by side; returns the bytes written.
fn put_both<T: Serialize>(
    sink: &dyn Sink,
    name: &str,
    columns: &[&str],
    rows: &Rows<T>,
) -> Result<u64> {
    let (csv, json) = rayon::join(
        || {
            sink.put_streamed(&format!("{name}.csv"), &mut |out| {
                write_csv(out, columns, rows)
            })
        },
        || sink.put_streamed(&format!("{name}.json"), &mut |out| write_json(out, rows)),
    );
    Ok(csv? + json?)
}

/// File name stem of a major item's KPI downloads beside its measure page.
pub fn major_file(major_number: u32) -> String {
    format!("kpi-major-{major_number}")
}

/// Writes the downloads beside the page of measure `m`: a CSV and a JSON
/// file of each major item's KPIs. Returns (files, bytes).
pub fn write_measure(report: &Report, m: usize, sink: &dyn Sink) -> Result<(usize, u64)> {
    let source = &report.measures[m];
    let folder = crate::render::context::url::measure(&source.id);
    let (mut files, mut bytes) = (0, 0);
    for (a, item) in source.data.major_items.iter().enumerate() {
        let rows = kpi_rows(report, m, a);
        if rows.is_empty() {
            continue;
        }
        let name = format!("{folder}{}", major_file(item.number));
        bytes += put_both(sink, &name, &KPI_COLUMNS, &|each| {
            rows.iter().try_for_each(&mut *each)
        })?;
        files += 2;
    }
    Ok((files, bytes))
}

/// Writes the whole report's downloads into `data/` (streamed, the files in
/// parallel) with their JSON Schemas. Returns (files, bytes).
pub fn write_report(report: &Report, sink: &dyn Sink) -> Result<(usize, u64)> {
    let (kpis, projects) = rayon::join(
        || {
            put_both(sink, &format!("{DATA_DIR}/kpi"), &KPI_COLUMNS, &|each| {
                for_each_kpi_row(report, each)
            })
        },
        || {
            put_both(
                sink,
                &format!("{DATA_DIR}/projects"),
                &PROJECT_COLUMNS,
                &|each| for_each_project_row(report, each),
            )
        },
    );
    let mut bytes = kpis? + projects?;
    for (name, schema) in [
        ("kpi.schema.json", KPI_SCHEMA),
        ("projects.schema.json", PROJECT_SCHEMA),
    ] {
        sink.put(&format!("{DATA_DIR}/{name}"), schema.as_bytes())?;
        bytes += schema.len() as u64;
    }
    Ok((6, bytes))
}

const KPI_SCHEMA: &str = include_str!("opendata/kpi.schema.json");
const PROJECT_SCHEMA: &str = include_str!("opendata/projects.schema.json");
