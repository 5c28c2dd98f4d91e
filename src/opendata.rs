//! Open data (オープンデータ): the report's figures and texts as CSV and JSON.
//!
//! The CSV files ([`tables`]) follow the Digital Agency's machine-readability
//! rules: one table per file, long format (one row per KPI and fiscal year,
//! one per project bullet), numbers without unit characters and the unit in
//! its own column, blank kept distinct from zero. The JSON files ([`json`])
//! hold the same content in the report's own structure, for programs.
//! `docs/open-data.md` documents both.

mod json;
mod tables;

use serde::Serialize;

use crate::build::output::Sink;
use crate::content::report::Report;
use crate::error::{Error, Result};
use json::{FieldHead, MeasureJson, ReportHead};
pub use tables::Column;
use tables::{KPI_COLUMNS, Located, PROJECT_COLUMNS, Rows, csv_header, project_rows};

/// Folder of the whole report's downloads.
pub const DATA_DIR: &str = "data";

/// A measure's KPI values as CSV, beside its page.
pub const MEASURE_CSV: &str = "kpi.csv";
/// A measure as JSON, beside its page.
pub const MEASURE_JSON: &str = "measure.json";
/// The whole report's KPI values as CSV, in [`DATA_DIR`].
const KPI_CSV: &str = "kpi.csv";
/// The whole report's project bullets as CSV, in [`DATA_DIR`].
const PROJECTS_CSV: &str = "projects.csv";
/// The whole report as JSON, in [`DATA_DIR`].
const REPORT_JSON: &str = "report.json";

/// What the pages' download links put before a file's name for the browser
/// to save it as (`download="272248-2023-kpi.csv"`): the city's code, when the
/// site gives it, and the report's year. Every measure's file has the same
/// name beside its page, and each city's and year's report the same files,
/// so without it a citizen's downloads would be kpi.csv, kpi (1).csv, ….
pub fn download_prefix(config: &crate::content::model::Config) -> String {
    let year = config.fiscal_year.western();
    match &config.city_code {
        Some(code) => format!("{code}-{year}-"),
        None => format!("{year}-"),
    }
}

/// A CSV table of the downloads, as the open data page describes it.
#[derive(Debug, Serialize)]
pub struct Table {
    /// Its file in [`DATA_DIR`].
    pub file: &'static str,
    pub title: &'static str,
    /// What one row holds.
    pub row: &'static str,
    pub columns: &'static [Column],
}

/// The CSV tables, in the order the open data page lists them.
pub const TABLES: [Table; 2] = [
    Table {
        file: KPI_CSV,
        title: "KPIの値",
        row: "1行に、KPIの値を1つ（基準値、1年度の結果、目標値のいずれか）記録しています。",
        columns: &KPI_COLUMNS,
    },
    Table {
        file: PROJECTS_CSV,
        title: "事業の取組実績・分析・考察",
        row: "1行に、事業の取組実績または分析・考察の箇条を1つ記録しています。",
        columns: &PROJECT_COLUMNS,
    },
];
/// The JSON Schema of [`REPORT_JSON`], in [`DATA_DIR`]: every build writes it,
/// so the output guard knows a previous build by it.
pub const SCHEMA_PATH: &str = "data/report.schema.json";

/// Which downloads [`write_report`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Downloads {
    /// The whole report's files in `data/` and every measure's beside its page.
    All,
    /// Only the whole report's: the preview writes a measure's own files
    /// with its page ([`write_measure`]).
    WholeReport,
}

/// Writes the downloads beside the page of measure `m`: the measure as JSON
/// and, unless it has no KPIs, their values as CSV. Returns (files, bytes).
pub fn write_measure(report: &Report, m: usize, sink: &dyn Sink) -> Result<(usize, u64)> {
    let folder = crate::render::context::url::measure(&report.measures[m].id);
    let mut own = MeasureFiles::new(sink, Downloads::All);
    let mut formatted = || -> std::io::Result<()> {
        let mut rows = Rows::new();
        rows.measure(report, m)?;
        if !rows.is_empty() {
            own.put(
                report,
                m,
                MEASURE_CSV,
                &[&csv_header(&KPI_COLUMNS)?, rows.csv()],
            )?;
        }
        let located = project_rows(report, |measure| measure == m);
        let head = measure_file_head(report)?;
        own.put_json(report, m, &head, &measure_json(report, m, &located)?)
    };
    let outcome = formatted().map_err(Error::io("write", &folder));
    own.written(outcome)
}

/// Writes the whole report's downloads into `data/` (the KPI table, the
/// project table and the report as JSON, each streamed by its own task) with
/// the JSON Schema, and, for [`Downloads::All`], each measure's. Returns
/// (files, bytes).
pub fn write_report(
    report: &Report,
    sink: &dyn Sink,
    downloads: Downloads,
) -> Result<(usize, u64)> {
    let located = project_rows(report, |_| true);
    let ((kpis, projects), json) = rayon::join(
        || {
            rayon::join(
                || write_kpis(report, sink, downloads),
                || write_projects(report, sink, &located),
            )
        },
        || write_json(report, sink, downloads, &located),
    );
    let (mut files, mut bytes) = (0, 0);
    for (more_files, more_bytes) in [kpis?, (1, projects?), json?] {
        files += more_files;
        bytes += more_bytes;
    }
    sink.put(SCHEMA_PATH, SCHEMA.as_bytes())?;
    Ok((files + 1, bytes + SCHEMA.len() as u64))
}

/// Streams `data/kpi.csv` and, for [`Downloads::All`], writes each measure's
/// CSV from the same formatted rows. Returns (files, bytes).
fn write_kpis(report: &Report, sink: &dyn Sink, downloads: Downloads) -> Result<(usize, u64)> {
    let path = format!("{DATA_DIR}/{KPI_CSV}");
    let header = csv_header(&KPI_COLUMNS).map_err(Error::io("write", &path))?;
    let mut rows = Rows::new();
    let mut own = MeasureFiles::new(sink, downloads);
    let streamed = sink.put_streamed(&path, &mut |out| {
        out.write_all(&header)?;
        for m in 0..report.measures.len() {
            rows.measure(report, m)?;
            if !rows.is_empty() {
                own.put(report, m, MEASURE_CSV, &[&header, rows.csv()])?;
            }
            out.write_all(rows.csv())?;
            rows.clear();
        }
        Ok(())
    });
    own.finish(streamed)
}

/// Streams `data/projects.csv`, the rows `located` in report order; returns the bytes written.
fn write_projects(report: &Report, sink: &dyn Sink, located: &[Located]) -> Result<u64> {
    let path = format!("{DATA_DIR}/{PROJECTS_CSV}");
    let header = csv_header(&PROJECT_COLUMNS).map_err(Error::io("write", &path))?;
    let mut rows = Rows::new();
    sink.put_streamed(&path, &mut |out| {
        out.write_all(&header)?;
        for &row in located {
            rows.project_row(report, row)?;
            out.write_all(rows.csv())?;
            rows.clear();
        }
        Ok(())
    })
}

/// Streams `data/report.json`, field by field, and, for [`Downloads::All`],
/// writes each measure's JSON from the same bytes. `located` are all project
/// rows in report order. Returns (files, bytes).
fn write_json(
    report: &Report,
    sink: &dyn Sink,
    downloads: Downloads,
    located: &[Located],
) -> Result<(usize, u64)> {
    let mut own = MeasureFiles::new(sink, downloads);
    let streamed = sink.put_streamed(&format!("{DATA_DIR}/{REPORT_JSON}"), &mut |out| {
        let head = measure_file_head(report)?;
        out.write_all(&open_object(&ReportHead::of(report), "fields")?)?;
        for (f, measures) in report.field_measures.iter().enumerate() {
            if f > 0 {
                out.write_all(b",")?;
            }
            out.write_all(&open_object(&FieldHead::of(report, f), "measures")?)?;
            for (i, &m) in measures.iter().enumerate() {
                // Rows are sorted by mid item, so a measure's rows are together.
                let start = located.partition_point(|(at, _, _)| at.measure < m);
                let end = located.partition_point(|(at, _, _)| at.measure <= m);
                let json = measure_json(report, m, &located[start..end])?;
                own.put_json(report, m, &head, &json)?;
                if i > 0 {
                    out.write_all(b",")?;
                }
                out.write_all(&json)?;
            }
            out.write_all(b"]}")?;
        }
        out.write_all(b"]}\n")
    });
    own.finish(streamed)
}

/// Measure `m` as JSON, with its project rows `located`.
fn measure_json(report: &Report, m: usize, located: &[Located]) -> std::io::Result<Vec<u8>> {
    serde_json::to_vec(&MeasureJson::of(report, m, located)).map_err(std::io::Error::other)
}

/// `head` as a JSON object left open after a last key `list`, whose array
/// the caller fills and closes (`]}`): `{"id":"a","measures":[`.
fn open_object<T: Serialize>(head: &T, list: &str) -> std::io::Result<Vec<u8>> {
    let mut json = unclosed(head)?;
    json.extend_from_slice(format!(",\"{list}\":[").as_bytes());
    Ok(json)
}

/// The start of each measure's own JSON: the report's keys (city, code,
/// year, terms of use), so that the file says whose and which year's it is
/// on its own, left open for the measure's keys: `{"city":"摂津市",…,`.
fn measure_file_head(report: &Report) -> std::io::Result<Vec<u8>> {
    let mut json = unclosed(&ReportHead::of(report))?;
    json.push(b',');
    Ok(json)
}

/// `value`, a JSON object, without its closing brace.
fn unclosed<T: Serialize>(value: &T) -> std::io::Result<Vec<u8>> {
    let mut json = serde_json::to_vec(value).map_err(std::io::Error::other)?;
    json.pop();
    Ok(json)
}

/// Each measure's own files, written while the whole report's are streamed
/// from the same formatted bytes. A measure's file that cannot be written is
/// reported as itself, not as a failure of the whole report's file.
struct MeasureFiles<'s> {
    sink: &'s dyn Sink,
    /// Whether to write them at all ([`Downloads::All`]).
    write: bool,
    files: usize,
    bytes: u64,
    failed: Option<Error>,
}

impl<'s> MeasureFiles<'s> {
    fn new(sink: &'s dyn Sink, downloads: Downloads) -> Self {
        MeasureFiles {
            sink,
            write: downloads == Downloads::All,
            files: 0,
            bytes: 0,
            failed: None,
        }
    }

    /// Writes `parts` as the file `name` beside the page of measure `m`.
    fn put(
        &mut self,
        report: &Report,
        m: usize,
        name: &str,
        parts: &[&[u8]],
    ) -> std::io::Result<()> {
        if !self.write {
            return Ok(());
        }
        let path = format!(
            "{}{name}",
            crate::render::context::url::measure(&report.measures[m].id)
        );
        let bytes = parts.concat();
        match self.sink.put(&path, &bytes) {
            Ok(()) => {
                self.files += 1;
                self.bytes += bytes.len() as u64;
                Ok(())
            }
            Err(error) => {
                self.failed = Some(error);
                Err(std::io::Error::other("a measure's download failed"))
            }
        }
    }

    /// Writes measure `m`'s JSON: its `json` in the report, after the
    /// report's keys (`head`, from [`measure_file_head`]).
    fn put_json(
        &mut self,
        report: &Report,
        m: usize,
        head: &[u8],
        json: &[u8],
    ) -> std::io::Result<()> {
        // Both are objects: the measure's opening brace gives way to the head's.
        let keys = json.strip_prefix(b"{").unwrap_or(json);
        self.put(report, m, MEASURE_JSON, &[head, keys, b"\n"])
    }

    /// The files and bytes written, unless one of them failed, or `outcome` did.
    fn written(self, outcome: Result<()>) -> Result<(usize, u64)> {
        match self.failed {
            Some(error) => Err(error),
            None => outcome.map(|()| (self.files, self.bytes)),
        }
    }

    /// [`MeasureFiles::written`], counting in the whole report's file that
    /// was `streamed` (its length).
    fn finish(self, streamed: Result<u64>) -> Result<(usize, u64)> {
        let mut whole = 0;
        let (files, bytes) = self.written(streamed.map(|length| whole = length))?;
        Ok((files + 1, bytes + whole))
    }
}

/// JSON Schema of `data/report.json`; a measure's own JSON is its `$defs/measure`.
const SCHEMA: &str = include_str!("opendata/report.schema.json");
