//! The JSON: the report in its own structure (field → measure → major item →
//! KPIs with their values, and mid items with their projects' rows), for
//! programs. The CSV tables repeat the names of field, measure and items on
//! every row, as spreadsheets need; nested, the same content takes a third
//! of the bytes, and a program finds a KPI's values or a mid item's projects
//! without grouping rows again.

use serde::Serialize;

use super::tables::{Located, ValueColumns, kpi_values};
use crate::content::model::DataLicense;
use crate::content::report::{MidRef, Report};

/// The start of `data/report.json`, up to its fields' list.
#[derive(Serialize)]
pub(super) struct ReportHead<'a> {
    city: &'a str,
    /// 全国地方公共団体コード, if the site gives it.
    city_code: Option<&'a str>,
    title: &'a str,
    fiscal_year: i32,
    fiscal_year_wareki: String,
    /// What each measure's `strategy_page` is a page of (行政経営戦略 参照ページ).
    strategy_page_label: &'a str,
    /// The terms of use, if the site names them.
    data_license: Option<&'a DataLicense>,
}

impl<'a> ReportHead<'a> {
    pub(super) fn of(report: &'a Report) -> Self {
        let config = &report.config.data;
        ReportHead {
            city: &config.city,
            city_code: config.city_code.as_deref(),
            title: &config.title,
            fiscal_year: config.fiscal_year.western(),
            fiscal_year_wareki: config.fiscal_year.wareki(),
            strategy_page_label: &config.strategy_page_label,
            data_license: config.data_license.as_ref(),
        }
    }
}

/// A field of the report, up to its measures' list.
#[derive(Serialize)]
pub(super) struct FieldHead<'a> {
    id: &'a str,
    name: &'a str,
    /// Markdown, as written.
    description: Option<&'a str>,
}

impl<'a> FieldHead<'a> {
    pub(super) fn of(report: &'a Report, f: usize) -> Self {
        let field = &report.fields[f];
        FieldHead {
            id: &field.id,
            name: &field.data.name,
            description: field.data.description.as_deref(),
        }
    }
}

/// A measure (施策): `measures/<id>/measure.json`, and one element of its
/// field's `measures` in `data/report.json`.
#[derive(Serialize)]
pub(super) struct MeasureJson<'a> {
    id: &'a str,
    name: &'a str,
    field_id: &'a str,
    field: &'a str,
    sector_plan: Option<&'a str>,
    strategy_page: Option<&'a str>,
    /// Markdown, as written.
    description: Option<&'a str>,
    major_items: Vec<MajorJson<'a>>,
}

#[derive(Serialize)]
struct MajorJson<'a> {
    number: u32,
    title: &'a str,
    kpis: Vec<KpiJson<'a>>,
    mid_items: Vec<MidJson<'a>>,
}

#[derive(Serialize)]
struct KpiJson<'a> {
    /// Position of the KPI within its major item, from 1.
    number: usize,
    name: &'a str,
    star: bool,
    direction: &'static str,
    /// Baseline, each year's result, target: the CSV's value columns.
    values: Vec<ValueColumns<'a>>,
}

#[derive(Serialize)]
struct MidJson<'a> {
    number: u32,
    title: &'a str,
    sector_plan_page: Option<&'a str>,
    /// The related projects (関連する主な事業) in the order the mid item lists them.
    projects: Vec<MidProjectJson<'a>>,
}

#[derive(Serialize)]
struct MidProjectJson<'a> {
    id: &'a str,
    name: &'a str,
    department_id: &'a str,
    department: &'a str,
    /// What the project reports under this mid item, by fiscal year.
    rows: Vec<RowJson<'a>>,
}

#[derive(Serialize)]
struct RowJson<'a> {
    fiscal_year: i32,
    fiscal_year_wareki: String,
    achievements: &'a [String],
    analysis: &'a [String],
}

impl<'a> MeasureJson<'a> {
    /// Measure `m`, whose project rows `rows` holds (as [`super::tables::project_rows`]
    /// gives them; rows of other measures are ignored).
    pub(super) fn of(report: &'a Report, m: usize, rows: &[Located]) -> Self {
        let source = &report.measures[m];
        let field = &report.fields[report.measure_field[m]];
        let mid_json = |at: MidRef| {
            let mid = report.mid(at);
            MidJson {
                number: mid.number,
                title: &mid.title,
                sector_plan_page: mid.sector_plan_page.as_deref(),
                projects: mid
                    .projects
                    .iter()
                    .filter_map(|listed| {
                        let p = report
                            .projects
                            .binary_search_by(|project| project.id.as_str().cmp(&listed.value))
                            .ok()?;
                        Some(MidProjectJson::of(report, p, at, rows))
                    })
                    .collect(),
            }
        };
        MeasureJson {
            id: &source.id,
            name: &source.data.name,
            field_id: &field.id,
            field: &field.data.name,
            sector_plan: source.data.sector_plan.as_deref(),
            strategy_page: source.data.strategy_page.as_deref(),
            description: source.data.description.as_deref(),
            major_items: source
                .data
                .major_items
                .iter()
                .enumerate()
                .map(|(major, item)| MajorJson {
                    number: item.number,
                    title: &item.title,
                    kpis: item
                        .kpis
                        .iter()
                        .enumerate()
                        .map(|(k, kpi)| KpiJson {
                            number: k + 1,
                            name: &kpi.name,
                            star: kpi.star,
                            direction: kpi.direction.label(),
                            values: kpi_values(kpi).collect(),
                        })
                        .collect(),
                    mid_items: (0..item.mid_items.len())
                        .map(|mid| {
                            mid_json(MidRef {
                                measure: m,
                                major,
                                mid,
                            })
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

impl<'a> MidProjectJson<'a> {
    /// Project `p` as listed in mid item `at`, with its rows there among `rows`.
    fn of(report: &'a Report, p: usize, at: MidRef, rows: &[Located]) -> Self {
        let project = &report.projects[p];
        let department = &report.departments[report.project_department[p]];
        MidProjectJson {
            id: &project.id,
            name: &project.data.name,
            department_id: &department.id.value,
            department: &department.name,
            rows: rows
                .iter()
                .filter(|&&(mid, row_project, _)| mid == at && row_project == p)
                .map(|&(_, _, r)| {
                    let row = &project.data.rows[r];
                    RowJson {
                        fiscal_year: row.fiscal_year.western(),
                        fiscal_year_wareki: row.fiscal_year.wareki(),
                        achievements: &row.achievements,
                        analysis: &row.analysis,
                    }
                })
                .collect(),
        }
    }
}
