//! What each page's template sees: plain data built from the [`Report`].
//!
//! Templates get ready-made strings (both calendars, links relative to the
//! page) so that a theme never has to compute anything.

use serde::Serialize;

use crate::chart::{ChartPoint, ChartSpec, ChartValue, PointKind};
use crate::content::report::{MidRef, Report, RowRef};
use crate::content::{FiscalYear, Kpi, Value, ValueKind};
use crate::judge::{self, Status, Tally};
use crate::render::markdown;

/// Settings every page shows.
#[derive(Serialize)]
pub struct SiteContext<'a> {
    pub city: &'a str,
    pub title: &'a str,
    pub fiscal_year: YearContext,
    pub base_url: &'a str,
    pub language: &'a str,
    pub star_legend: Option<&'a str>,
    /// The label of a measure's `strategy_page` (行政経営戦略 参照ページ).
    pub strategy_page_label: &'a str,
    /// The open data's terms of use, if the site names them.
    pub data_license: Option<&'a crate::content::model::DataLicense>,
    /// Where readers can ask about the report (`contact` of `hyoka.yaml`).
    pub contact: Option<&'a str>,
    /// The report as the city publishes it (`report_url`).
    pub report_url: Option<&'a str>,
    /// Whether the site has its own search (`search` of `hyoka.yaml`): the
    /// header's search box leads to a search page only then.
    pub search: bool,
    /// Relative path from the page to the site root: "", "../" or "../../".
    pub root: String,
    /// Put before a download's file name in its link's `download` attribute,
    /// which names the file saved: "272248-2023-" ([`crate::opendata::download_prefix`]).
    pub download_prefix: String,
    /// The page's `<title>` and OGP title.
    pub page_title: String,
    /// The page's description (meta description and OGP).
    pub description: String,
    /// The page's full address when `base_url` is absolute (for OGP and canonical links).
    pub canonical_url: Option<String>,
    /// The statuses of the judgment, in the order every `tally` counts them.
    /// (A tally is four numbers rather than four entries with their labels:
    /// the top page of a national report holds ten thousand tallies.)
    pub statuses: [StatusContext<'a>; 4],
}

/// `base_url` + `path` when `base_url` is an absolute http(s) address.
pub fn absolute_url(base_url: &str, path: &str) -> Option<String> {
    let absolute = base_url.starts_with("https://") || base_url.starts_with("http://");
    absolute.then(|| format!("{}/{path}", base_url.trim_end_matches('/')))
}

/// A fiscal year in every spelling a page needs.
#[derive(Serialize, Clone)]
pub struct YearContext {
    pub western: i32,
    pub wareki: String,
    /// 令和5年度（2023年度）
    pub both: String,
}

impl From<FiscalYear> for YearContext {
    fn from(year: FiscalYear) -> Self {
        YearContext {
            western: year.western(),
            wareki: year.wareki(),
            both: year.both(),
        }
    }
}

#[derive(Serialize)]
pub struct Link<'a> {
    pub name: &'a str,
    pub url: String,
}

/// Site-relative addresses of pages, without the page's `root` prefix.
pub mod url {
    /// The folders of each kind of page, below the site root.
    pub const FIELDS: &str = "fields/";
    pub const MEASURES: &str = "measures/";
    pub const PROJECTS: &str = "projects/";
    pub const DEPARTMENTS: &str = "departments/";

    /// `before`, then the folder `id` in `folder`: ../../measures/m1/.
    pub fn page(before: &str, folder: &str, id: &str) -> String {
        [before, folder, id, "/"].concat()
    }
    pub fn field(id: &str) -> String {
        page("", FIELDS, id)
    }
    pub fn measure(id: &str) -> String {
        page("", MEASURES, id)
    }
    pub fn project(id: &str) -> String {
        page("", PROJECTS, id)
    }
    pub fn department(id: &str) -> String {
        page("", DEPARTMENTS, id)
    }
    /// Anchor of a major item on its measure page.
    pub fn major_anchor(major: u32) -> String {
        format!("major-{major}")
    }
    /// A major item on the measure page at `measure` (a [`page`] address
    /// from the linking page): ../../measures/m1/index.html#major-2.
    pub fn major(measure: &str, major: u32) -> String {
        format!("{measure}index.html#{}", major_anchor(major))
    }
    /// Anchor of a mid item on its measure page.
    pub fn mid_anchor(major: u32, mid: u32) -> String {
        format!("mid-{major}-{mid}")
    }
    /// Anchor of a KPI (position within its major item) on its measure page.
    pub fn kpi_anchor(major: u32, kpi: usize) -> String {
        format!("kpi-{major}-{}", kpi + 1)
    }
}

/// Builds contexts for one page, which sits `depth` folders below the root.
pub struct PageBuilder<'a> {
    pub report: &'a Report,
    root: String,
}

impl<'a> PageBuilder<'a> {
    pub fn new(report: &'a Report, depth: usize) -> Self {
        PageBuilder {
            report,
            root: "../".repeat(depth),
        }
    }

    /// For pages served at any address (the 404 page): links start from `root`, e.g. "/hyoka/r5/".
    pub fn with_root(report: &'a Report, root: String) -> Self {
        PageBuilder { report, root }
    }

    /// Site settings for the page at `path` (site-relative, e.g. "measures/digital/"),
    /// titled `name｜report title` (just the report title for the top page).
    pub fn site(&self, path: &str, name: Option<String>, description: String) -> SiteContext<'a> {
        let config = &self.report.config.data;
        SiteContext {
            page_title: match name {
                Some(name) => format!("{name}｜{}", config.title),
                None => config.title.clone(),
            },
            description,
            canonical_url: absolute_url(&config.base_url, path),
            city: &config.city,
            title: &config.title,
            fiscal_year: config.fiscal_year.into(),
            base_url: &config.base_url,
            language: &config.language,
            star_legend: config.star_legend.as_deref(),
            strategy_page_label: &config.strategy_page_label,
            data_license: config.data_license.as_ref(),
            contact: (config.contact.as_deref().map(str::trim)).filter(|text| !text.is_empty()),
            report_url: config.report_url.as_deref(),
            search: config.search,
            root: self.root.clone(),
            download_prefix: crate::opendata::download_prefix(config),
            statuses: Status::ALL.map(|status| StatusContext {
                key: status_key(status),
                symbol: status.symbol(),
                label: status.label(&config.judgment),
            }),
        }
    }

    /// A link to the page `id` in `folder` (one of [`url`]'s), from this page.
    fn link(&self, name: &'a str, folder: &str, id: &str) -> Link<'a> {
        Link {
            name,
            url: url::page(&self.root, folder, id),
        }
    }

    fn field_link(&self, field: usize) -> Link<'a> {
        let source = &self.report.fields[field];
        self.link(&source.data.name, url::FIELDS, &source.id)
    }

    fn measure_link(&self, measure: usize) -> Link<'a> {
        let source = &self.report.measures[measure];
        self.link(&source.data.name, url::MEASURES, &source.id)
    }

    fn project_link(&self, project: usize) -> Link<'a> {
        let source = &self.report.projects[project];
        self.link(&source.data.name, url::PROJECTS, &source.id)
    }

    fn department_link(&self, department: usize) -> Link<'a> {
        let found = &self.report.departments[department];
        self.link(&found.name, url::DEPARTMENTS, &found.id.value)
    }

    fn measure_summary(&self, measure: usize) -> MeasureSummary<'a> {
        let data = &self.report.measures[measure].data;
        let link = self.measure_link(measure);
        MeasureSummary {
            tally: Tally::of_measure(data, self.judgment()),
            sector_plan: data.sector_plan.as_deref(),
            major_items: data
                .major_items
                .iter()
                .map(|major| MajorSummary {
                    number: major.number,
                    title: &major.title,
                    url: url::major(&link.url, major.number),
                    kpi_count: major.kpis.len(),
                    mid_count: major.mid_items.len(),
                })
                .collect(),
            link,
        }
    }

    fn judgment(&self) -> &'a crate::content::model::JudgmentConfig {
        &self.report.config.data.judgment
    }

    fn field_tally(&self, field: usize) -> Tally {
        let mut tally = Tally::default();
        for &m in &self.report.field_measures[field] {
            tally.merge(Tally::of_measure(
                &self.report.measures[m].data,
                self.judgment(),
            ));
        }
        tally
    }

    pub fn index(&self) -> IndexPage<'a> {
        let report = self.report;
        let mut total = Tally::default();
        for field in 0..report.fields.len() {
            total.merge(self.field_tally(field));
        }
        IndexPage {
            kpi_count: total.total(),
            rule: self.judgment_rule(),
            tally: total,
            site: self.site(
                "",
                None,
                format!(
                    "{}の{}の施策評価です。",
                    self.report.config.data.city,
                    self.report.config.data.fiscal_year.both()
                ),
            ),
            introduction_html: report
                .config
                .data
                .introduction
                .as_deref()
                .map(markdown::to_html),
            fields: (0..report.fields.len())
                .map(|f| FieldSummary {
                    tally: self.field_tally(f),
                    link: self.field_link(f),
                    measures: report.field_measures[f]
                        .iter()
                        .map(|&m| self.measure_summary(m))
                        .collect(),
                })
                .collect(),
        }
    }

    pub fn field(&self, field: usize) -> FieldPage<'a> {
        let data = &self.report.fields[field].data;
        FieldPage {
            tally: self.field_tally(field),
            site: self.site(
                &url::field(&self.report.fields[field].id),
                Some(data.name.clone()),
                format!(
                    "{}の{}施策評価のうち、分野「{}」の施策とKPIの進捗です。",
                    self.report.config.data.city,
                    self.report.config.data.fiscal_year.both(),
                    data.name
                ),
            ),
            field: self.field_link(field),
            description_html: data.description.as_deref().map(markdown::to_html),
            measures: self.report.field_measures[field]
                .iter()
                .map(|&m| self.measure_summary(m))
                .collect(),
        }
    }

    /// The measure page; its KPIs carry their charts, drawn for the page to show inline.
    /// How the judgments are made, in the site's thresholds and labels.
    fn judgment_rule(&self) -> JudgmentRule<'a> {
        let config = self.judgment();
        let percent = |share: f64| format!("{}%", (share * 1000.0).round() / 10.0);
        JudgmentRule {
            achieved: percent(config.achieved),
            on_track: percent(config.on_track),
            tolerance: percent(config.tolerance),
            labels: &config.labels,
        }
    }

    pub fn measure(&self, measure: usize) -> MeasurePage<'a> {
        let report = self.report;
        let source = &report.measures[measure];
        let data = &source.data;
        let major_items: Vec<MajorContext> = data
            .major_items
            .iter()
            .enumerate()
            .map(|(major, item)| {
                let years = result_years(&item.kpis);
                let target_years: Vec<FiscalYear> =
                    item.kpis.iter().map(|k| k.target_year).collect();
                let shared_target_year = target_years
                    .first()
                    .filter(|first| target_years.iter().all(|y| y == *first));
                MajorContext {
                    tally: Tally::of(&item.kpis, self.judgment()),
                    number: item.number,
                    title: &item.title,
                    anchor: url::major_anchor(item.number),
                    years: years.iter().map(|&y| y.into()).collect(),
                    target_year: shared_target_year.map(|&y| y.into()),
                    starred: item.kpis.iter().any(|kpi| kpi.star),
                    kpis: item
                        .kpis
                        .iter()
                        .enumerate()
                        .map(|(k, kpi)| self.kpi(&source.id, item.number, k, kpi, &years))
                        .collect(),
                    mid_items: (0..item.mid_items.len())
                        .map(|mid| {
                            self.mid(MidRef {
                                measure,
                                major,
                                mid,
                            })
                        })
                        .collect(),
                }
            })
            .collect();
        let neighbour = |position: Option<usize>| {
            position
                .filter(|&p| p < report.measures.len())
                .map(|p| self.measure_link(p))
        };
        let mut progress: Vec<(usize, KpiAt)> = major_items
            .iter()
            .enumerate()
            .flat_map(|(major, item)| {
                item.kpis.iter().enumerate().map(move |(kpi, context)| {
                    let status = Status::ALL.iter().position(|&s| s == context.status);
                    (status.unwrap_or(Status::ALL.len()), KpiAt { major, kpi })
                })
            })
            .collect();
        progress.sort_by_key(|(status, _)| *status);
        MeasurePage {
            tally: Tally::of_measure(data, self.judgment()),
            progress: progress.into_iter().map(|(_, at)| at).collect(),
            rule: self.judgment_rule(),
            previous: neighbour(measure.checked_sub(1)),
            next: neighbour(Some(measure + 1)),
            site: self.site(&url::measure(&source.id), Some(format!("{}｜{}", data.name, report.fields[report.measure_field[measure]].data.name)), format!("{}の{}施策評価：施策「{}」のKPIの推移と進捗、関連する主な事業の取組実績と分析・考察です。", self.report.config.data.city, self.report.config.data.fiscal_year.both(), data.name)),
            field: self.field_link(report.measure_field[measure]),
            measure: MeasureContext {
                id: &source.id,
                name: &data.name,
                sector_plan: data.sector_plan.as_deref(),
                strategy_page: data.strategy_page.as_deref(),
                description_html: data.description.as_deref().map(markdown::to_html),
                csv_file: crate::opendata::MEASURE_CSV,
                json_file: crate::opendata::MEASURE_JSON,
            },
            major_items,
        }
    }

    fn kpi(
        &self,
        measure_id: &str,
        major: u32,
        index: usize,
        kpi: &'a Kpi,
        years: &[FiscalYear],
    ) -> KpiContext<'a> {
        let anchor = url::kpi_anchor(major, index);
        // Prefixed with the measure, the chart's ids are unique within the page.
        let chart_svg =
            crate::chart::render_svg(&chart_spec(&format!("{measure_id}-{anchor}"), kpi));
        let judgment = judge::judge(kpi, self.judgment());
        KpiContext {
            status: judgment.status,
            judgment: JudgmentContext {
                key: status_key(judgment.status),
                symbol: judgment.status.symbol(),
                label: judgment.status.label(self.judgment()),
                rate: judgment.rate.map(|rate| format!("{:.1}%", rate * 100.0)),
                year: judgment.year.map(YearContext::from),
                other_year: (judgment.year)
                    .filter(|year| *year != self.report.config.data.fiscal_year)
                    .map(YearContext::from),
            },
            name: &kpi.name,
            star: kpi.star,
            direction: kpi.direction.label(),
            baseline: (&kpi.baseline).into(),
            results: years
                .iter()
                .map(|year| {
                    kpi.results
                        .0
                        .iter()
                        .find(|(y, _)| y == year)
                        .map(|(_, v)| v.into())
                })
                .collect(),
            target: (&kpi.target).into(),
            target_year: kpi.target_year.into(),
            chart_svg,
            anchor,
        }
    }

    fn mid(&self, at: MidRef) -> MidContext<'a> {
        let report = self.report;
        let major = report.major(at);
        let mid = report.mid(at);
        MidContext {
            number: mid.number,
            title: &mid.title,
            anchor: url::mid_anchor(major.number, mid.number),
            sector_plan_page: mid.sector_plan_page.as_deref(),
            rows: report.mid_rows[at.measure][at.major][at.mid]
                .iter()
                .map(|&row| self.row_in_mid(row))
                .collect(),
        }
    }

    fn row_in_mid(&self, at: RowRef) -> MidRowContext<'a> {
        let row = self.report.row(at);
        MidRowContext {
            project: self.project_link(at.project),
            department: self.department_link(self.report.project_department[at.project]),
            achievements: row.achievements.iter().map(String::as_str).collect(),
            analysis: row.analysis.iter().map(String::as_str).collect(),
        }
    }

    /// Rows of a project, newest fiscal year first, then in report order.
    /// The mid items listing `project`, in report order, each once.
    fn project_mids(&self, project: usize) -> Vec<MidLink<'a>> {
        let report = self.report;
        let mut mids = report.row_mids[project].clone();
        mids.sort();
        mids.dedup();
        mids.into_iter()
            .map(|at| {
                let (major, mid) = (report.major(at), report.mid(at));
                let measure = self.measure_link(at.measure);
                MidLink {
                    url: format!(
                        "{}index.html#{}",
                        measure.url,
                        url::mid_anchor(major.number, mid.number)
                    ),
                    measure,
                    major_number: major.number,
                    mid_number: mid.number,
                    mid_title: &mid.title,
                }
            })
            .collect()
    }

    fn project_rows(&self, project: usize) -> Vec<ProjectRowContext<'a>> {
        let report = self.report;
        let source = &report.projects[project];
        let mut order: Vec<usize> = (0..source.data.rows.len()).collect();
        order.sort_by_key(|&r| {
            (
                std::cmp::Reverse(source.data.rows[r].fiscal_year),
                report.row_mids[project][r],
            )
        });
        order
            .into_iter()
            .map(|r| {
                let row = &source.data.rows[r];
                let at = report.row_mids[project][r];
                let major = report.major(at);
                let mid = report.mid(at);
                let measure = self.measure_link(at.measure);
                ProjectRowContext {
                    fiscal_year: row.fiscal_year.into(),
                    field: self.field_link(report.measure_field[at.measure]),
                    mid_url: format!(
                        "{}index.html#{}",
                        measure.url,
                        url::mid_anchor(major.number, mid.number)
                    ),
                    measure,
                    major_number: major.number,
                    major_title: &major.title,
                    mid_number: mid.number,
                    mid_title: &mid.title,
                    achievements: row.achievements.iter().map(String::as_str).collect(),
                    analysis: row.analysis.iter().map(String::as_str).collect(),
                }
            })
            .collect()
    }

    pub fn project(&self, project: usize) -> ProjectPage<'a> {
        let data = &self.report.projects[project].data;
        let department_name =
            &self.report.departments[self.report.project_department[project]].name;
        ProjectPage {
            site: self.site(
                &url::project(&self.report.projects[project].id),
                Some(format!("{}（{}）", data.name, department_name)),
                format!(
                    "{}の{}の取組実績と分析・考察です。",
                    department_name, data.name
                ),
            ),
            project: self.project_link(project),
            department: self.department_link(self.report.project_department[project]),
            description_html: data.description.as_deref().map(markdown::to_html),
            rows: self.project_rows(project),
        }
    }

    pub fn projects(&self) -> ProjectsPage<'a> {
        ProjectsPage {
            site: self.site(
                "projects/",
                Some("事業一覧".to_string()),
                format!(
                    "{}の{}施策評価に掲載された事業の一覧です。",
                    self.report.config.data.city,
                    self.report.config.data.fiscal_year.both()
                ),
            ),
            projects: (self.report.projects_in_report_order().into_iter())
                .map(|p| ProjectSummary {
                    link: self.project_link(p),
                    department: self.department_link(self.report.project_department[p]),
                    row_count: self.report.projects[p].data.rows.len(),
                })
                .collect(),
        }
    }

    pub fn department(&self, department: usize) -> DepartmentPage<'a> {
        DepartmentPage {
            site: self.site(
                &url::department(&self.report.departments[department].id.value),
                Some(self.report.departments[department].name.clone()),
                format!(
                    "{}が担当する事業と、その事業が掲載された施策の中項目の一覧です。",
                    self.report.departments[department].name
                ),
            ),
            department: self.department_link(department),
            projects: self
                .report
                .department_projects(department)
                .into_iter()
                .map(|p| DepartmentProject {
                    link: self.project_link(p),
                    mids: self.project_mids(p),
                })
                .collect(),
        }
    }

    pub fn departments(&self) -> DepartmentsPage<'a> {
        DepartmentsPage {
            site: self.site(
                "departments/",
                Some("担当課一覧".to_string()),
                format!(
                    "{}の{}施策評価に掲載された事業の担当課の一覧です。",
                    self.report.config.data.city,
                    self.report.config.data.fiscal_year.both()
                ),
            ),
            departments: {
                // The report's order, worked out once for every department.
                let order = self.report.projects_in_report_order();
                (0..self.report.departments.len())
                    .map(|d| DepartmentSummary {
                        link: self.department_link(d),
                        projects: (order.iter())
                            .filter(|&&p| self.report.project_department[p] == d)
                            .map(|&p| self.project_link(p))
                            .collect(),
                    })
                    .collect()
            },
        }
    }

    /// The site map: every page (fields, measures, projects, departments),
    /// and each measure's major items. Mid items are left to each measure
    /// page's table of contents: a national report has sixty thousand, and
    /// listing them made the site map the largest page and the build's
    /// memory peak.
    pub fn site_map(&self) -> SiteMapPage<'a> {
        let report = self.report;
        let measure = |m: usize| {
            let link = self.measure_link(m);
            let major_items = report.measures[m]
                .data
                .major_items
                .iter()
                .map(|major| SiteMapItem {
                    number: major.number,
                    title: &major.title,
                    url: url::major(&link.url, major.number),
                })
                .collect();
            SiteMapMeasure { link, major_items }
        };
        SiteMapPage {
            site: self.site(
                "sitemap/",
                Some("サイトマップ".to_string()),
                format!(
                    "{}のすべてのページの一覧です。",
                    self.report.config.data.title
                ),
            ),
            fields: (0..report.fields.len())
                .map(|f| SiteMapField {
                    link: self.field_link(f),
                    measures: report.field_measures[f]
                        .iter()
                        .map(|&m| measure(m))
                        .collect(),
                })
                .collect(),
            projects: (report.projects_in_report_order().into_iter())
                .map(|p| self.project_link(p))
                .collect(),
            departments: (0..report.departments.len())
                .map(|d| self.department_link(d))
                .collect(),
        }
    }

    pub fn not_found(&self) -> NotFoundPage<'a> {
        NotFoundPage {
            site: self.site(
                "404.html",
                Some("ページが見つかりません".to_string()),
                String::new(),
            ),
        }
    }

    /// The open data page: what each download holds, column by column.
    pub fn open_data(&self) -> OpenDataPage<'a> {
        let config = &self.report.config.data;
        OpenDataPage {
            site: self.site(
                &format!("{}/", crate::opendata::DATA_DIR),
                Some("オープンデータ".to_string()),
                format!(
                    "{}の{}施策評価のデータ（CSV・JSON）の内容と、各列の説明です。",
                    config.city,
                    config.fiscal_year.both()
                ),
            ),
            city_code: config.city_code.as_deref(),
            tables: &crate::opendata::TABLES,
        }
    }

    /// The search page (its results are found in the browser).
    pub fn search(&self) -> SearchPage<'a> {
        SearchPage {
            site: self.site("search/", Some("サイト内検索".to_string()), String::new()),
        }
    }
}

/// The fiscal years that have a result column in a major item's KPI table.
fn result_years(kpis: &[Kpi]) -> Vec<FiscalYear> {
    let mut years: Vec<FiscalYear> = kpis
        .iter()
        .flat_map(|kpi| kpi.results.0.iter().map(|(year, _)| *year))
        .collect();
    years.sort();
    years.dedup();
    years
}

/// The chart of a KPI: baseline, each result, target; with a sentence listing every value.
pub fn chart_spec(id: &str, kpi: &Kpi) -> ChartSpec {
    let baseline_label = match kpi.baseline.note() {
        // The year a baseline was measured in (812g(令和元年度)) is in both
        // calendars, as each result's and the target's: a fiscal year only
        // where the note says 年度 (a bare 2020 may be a calendar year). A
        // year written in the Japanese calendar stays as written: 平成31年度
        // is FY2019, which is mostly called 令和元年度, but not by this report.
        Some(note) => match FiscalYear::parse(note).filter(|_| note.contains("年度")) {
            Some(year) => {
                let in_era = !note
                    .trim_start()
                    .starts_with(crate::content::value::is_digit);
                let wareki = if in_era {
                    note.trim().to_string()
                } else {
                    year.wareki()
                };
                format!("基準値\n{wareki}\n{}", year.western())
            }
            None => format!("基準値\n{note}"),
        },
        None => "基準値".to_string(),
    };
    let mut points = vec![ChartPoint {
        label: baseline_label,
        value: chart_value(&kpi.baseline),
        kind: PointKind::Baseline,
        gap_note: gap_note(&kpi.baseline),
    }];
    // Every value in words, written straight into one string: a national
    // report has a hundred thousand charts.
    let mut description = String::with_capacity(256);
    description.extend(["推移の方向性は", kpi.direction.label(), "。基準値 "]);
    speak(&mut description, &kpi.baseline);
    for (year, value) in &kpi.results.0 {
        points.push(ChartPoint {
            label: format!("{}\n{}", year.wareki(), year.western()),
            value: chart_value(value),
            kind: PointKind::Result,
            gap_note: gap_note(value),
        });
        description.extend(["、", &year.both(), " "]);
        speak(&mut description, value);
    }
    points.push(ChartPoint {
        label: format!(
            "目標値\n{}\n{}",
            kpi.target_year.wareki(),
            kpi.target_year.western()
        ),
        value: chart_value(&kpi.target),
        kind: PointKind::Target,
        gap_note: gap_note(&kpi.target),
    });
    // 目標値 令和7年度（2025年度）, as the table's column header: brackets
    // around the year's own brackets would nest.
    description.extend(["、目標値 ", &kpi.target_year.both(), " "]);
    speak(&mut description, &kpi.target);
    description.push('。');
    ChartSpec {
        id: id.to_string(),
        // Named as the figure's caption and the table name the KPI: with
        // the report's 【★】 when it has one.
        title: if kpi.star {
            format!("{}【★】の推移", kpi.name)
        } else {
            format!("{}の推移", kpi.name)
        },
        description,
        unit: kpi
            .baseline
            .unit()
            .or_else(|| kpi.target.unit())
            .unwrap_or_default()
            .to_string(),
        points,
    }
}

/// A chart's number for `value`, its label with the digits as written.
fn chart_value(value: &Value) -> Option<ChartValue> {
    Some(ChartValue {
        number: value.number()?,
        written: value.plain()?.into_owned(),
    })
}

/// What a chart writes where `value` is no number: 値なし for —, as the
/// description says it, and a text (集計中) as written.
fn gap_note(value: &Value) -> Option<String> {
    match value.kind {
        ValueKind::Number { .. } => None,
        ValueKind::Missing => Some("値なし".to_string()),
        ValueKind::Text => Some(value.original.trim().to_string()),
    }
}

/// Adds `value` to `description` as a screen reader should say it: a
/// missing value as 値なし, with the mark the report wrote (—, -).
fn speak(description: &mut String, value: &Value) {
    let written = value.original.trim();
    match value.kind {
        ValueKind::Missing => description.extend(["値なし（", written, "）"]),
        _ => description.push_str(written),
    }
}

/// A KPI cell for templates.
#[derive(Serialize)]
pub struct ValueContext<'a> {
    /// As written: the page shows this.
    pub text: &'a str,
    /// "number", "missing" or "text".
    pub kind: &'static str,
}

impl<'a> From<&'a Value> for ValueContext<'a> {
    fn from(value: &'a Value) -> Self {
        let kind = match value.kind {
            ValueKind::Number { .. } => "number",
            ValueKind::Missing => "missing",
            ValueKind::Text => "text",
        };
        ValueContext {
            text: value.original.trim(),
            kind,
        }
    }
}

/// Machine name of a status, for CSS classes.
fn status_key(status: Status) -> &'static str {
    match status {
        Status::Achieved => "achieved",
        Status::OnTrack => "on-track",
        Status::Behind => "behind",
        Status::NotEvaluable => "not-evaluable",
    }
}

/// A KPI's judgment for templates.
#[derive(Serialize)]
pub struct JudgmentContext<'a> {
    pub key: &'static str,
    pub symbol: &'static str,
    pub label: &'a str,
    /// Achievement rate, e.g. "76.4%"; None for 維持 KPIs and when not evaluable.
    pub rate: Option<String>,
    /// The fiscal year of the result judged.
    pub year: Option<YearContext>,
    /// That year where it is not the one the report evaluates (the KPI has
    /// no result for it): the page says so, so that an earlier year's
    /// progress does not pass for this year's.
    pub other_year: Option<YearContext>,
}

/// The judgment's thresholds as the top page explains them.
#[derive(Serialize)]
pub struct JudgmentRule<'a> {
    pub achieved: String,
    pub on_track: String,
    pub tolerance: String,
    pub labels: &'a crate::content::model::JudgmentLabels,
}

/// One status of the judgment, as pages show it.
#[derive(Serialize)]
pub struct StatusContext<'a> {
    pub key: &'static str,
    pub symbol: &'static str,
    pub label: &'a str,
}

#[derive(Serialize)]
pub struct IndexPage<'a> {
    pub site: SiteContext<'a>,
    pub kpi_count: usize,
    pub rule: JudgmentRule<'a>,
    pub tally: Tally,
    pub introduction_html: Option<String>,
    pub fields: Vec<FieldSummary<'a>>,
}

#[derive(Serialize)]
pub struct FieldSummary<'a> {
    pub link: Link<'a>,
    pub tally: Tally,
    pub measures: Vec<MeasureSummary<'a>>,
}

#[derive(Serialize)]
pub struct MeasureSummary<'a> {
    pub link: Link<'a>,
    pub tally: Tally,
    pub sector_plan: Option<&'a str>,
    pub major_items: Vec<MajorSummary<'a>>,
}

#[derive(Serialize)]
pub struct MajorSummary<'a> {
    pub number: u32,
    pub title: &'a str,
    /// The major item on its measure page, from the page listing it.
    pub url: String,
    pub kpi_count: usize,
    pub mid_count: usize,
}

#[derive(Serialize)]
pub struct FieldPage<'a> {
    pub site: SiteContext<'a>,
    pub tally: Tally,
    pub field: Link<'a>,
    pub description_html: Option<String>,
    pub measures: Vec<MeasureSummary<'a>>,
}

#[derive(Serialize)]
pub struct MeasurePage<'a> {
    pub site: SiteContext<'a>,
    pub tally: Tally,
    /// Every KPI of the measure by its judgment, in the order of
    /// `site.statuses` (report order within one): which KPIs a tally counts.
    pub progress: Vec<KpiAt>,
    /// How the judgments are made: printed, since paper cannot follow the
    /// link to the top page's explanation.
    pub rule: JudgmentRule<'a>,
    /// The measures before and after this one in report order.
    pub previous: Option<Link<'a>>,
    pub next: Option<Link<'a>>,
    pub field: Link<'a>,
    pub measure: MeasureContext<'a>,
    pub major_items: Vec<MajorContext<'a>>,
}

/// A KPI of a measure page: `major_items[major].kpis[kpi]`.
#[derive(Serialize)]
pub struct KpiAt {
    pub major: usize,
    pub kpi: usize,
}

#[derive(Serialize)]
pub struct MeasureContext<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub sector_plan: Option<&'a str>,
    pub strategy_page: Option<&'a str>,
    pub description_html: Option<String>,
    /// Files beside the page: the CSV of the measure's KPI values, and the measure as JSON.
    pub csv_file: &'static str,
    pub json_file: &'static str,
}

#[derive(Serialize)]
pub struct MajorContext<'a> {
    pub tally: Tally,
    pub number: u32,
    pub title: &'a str,
    pub anchor: String,
    /// Result columns of the KPI table.
    pub years: Vec<YearContext>,
    /// The target year when all KPIs share it (shown in the column header).
    pub target_year: Option<YearContext>,
    /// Whether a KPI of the table has 【★】: the legend saying what it means
    /// goes under such tables only.
    pub starred: bool,
    pub kpis: Vec<KpiContext<'a>>,
    pub mid_items: Vec<MidContext<'a>>,
}

#[derive(Serialize)]
pub struct KpiContext<'a> {
    pub judgment: JudgmentContext<'a>,
    /// The judgment's status, for ordering (templates have its key).
    #[serde(skip)]
    pub status: Status,
    pub anchor: String,
    pub name: &'a str,
    pub star: bool,
    pub direction: &'static str,
    pub baseline: ValueContext<'a>,
    /// One cell per column of `years`; None when the KPI has no entry for that year.
    pub results: Vec<Option<ValueContext<'a>>>,
    pub target: ValueContext<'a>,
    pub target_year: YearContext,
    /// The chart as an `<svg>` element (named by its `<title>`, described by a
    /// `<desc>` listing every value), for the page to show inline.
    pub chart_svg: String,
}

#[derive(Serialize)]
pub struct MidContext<'a> {
    pub number: u32,
    pub title: &'a str,
    pub anchor: String,
    pub sector_plan_page: Option<&'a str>,
    pub rows: Vec<MidRowContext<'a>>,
}

#[derive(Serialize)]
pub struct MidRowContext<'a> {
    pub project: Link<'a>,
    pub department: Link<'a>,
    pub achievements: Vec<&'a str>,
    pub analysis: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct ProjectRowContext<'a> {
    pub fiscal_year: YearContext,
    pub field: Link<'a>,
    pub measure: Link<'a>,
    pub mid_url: String,
    pub major_number: u32,
    pub major_title: &'a str,
    pub mid_number: u32,
    pub mid_title: &'a str,
    pub achievements: Vec<&'a str>,
    pub analysis: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct ProjectPage<'a> {
    pub site: SiteContext<'a>,
    pub project: Link<'a>,
    pub department: Link<'a>,
    pub description_html: Option<String>,
    pub rows: Vec<ProjectRowContext<'a>>,
}

#[derive(Serialize)]
pub struct ProjectsPage<'a> {
    pub site: SiteContext<'a>,
    pub projects: Vec<ProjectSummary<'a>>,
}

#[derive(Serialize)]
pub struct ProjectSummary<'a> {
    pub link: Link<'a>,
    pub department: Link<'a>,
    pub row_count: usize,
}

#[derive(Serialize)]
pub struct DepartmentPage<'a> {
    pub site: SiteContext<'a>,
    pub department: Link<'a>,
    pub projects: Vec<DepartmentProject<'a>>,
}

#[derive(Serialize)]
pub struct DepartmentProject<'a> {
    pub link: Link<'a>,
    /// Where the project is reported; its rows are on its own page.
    pub mids: Vec<MidLink<'a>>,
}

/// A link to a mid item on its measure page.
#[derive(Serialize)]
pub struct MidLink<'a> {
    pub url: String,
    pub measure: Link<'a>,
    pub major_number: u32,
    pub mid_number: u32,
    pub mid_title: &'a str,
}

#[derive(Serialize)]
pub struct DepartmentsPage<'a> {
    pub site: SiteContext<'a>,
    pub departments: Vec<DepartmentSummary<'a>>,
}

#[derive(Serialize)]
pub struct DepartmentSummary<'a> {
    pub link: Link<'a>,
    pub projects: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub struct SiteMapPage<'a> {
    pub site: SiteContext<'a>,
    pub fields: Vec<SiteMapField<'a>>,
    pub projects: Vec<Link<'a>>,
    pub departments: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub struct SiteMapField<'a> {
    pub link: Link<'a>,
    pub measures: Vec<SiteMapMeasure<'a>>,
}

#[derive(Serialize)]
pub struct SiteMapMeasure<'a> {
    pub link: Link<'a>,
    pub major_items: Vec<SiteMapItem<'a>>,
}

/// A major item of a measure.
#[derive(Serialize)]
pub struct SiteMapItem<'a> {
    pub number: u32,
    pub title: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub struct NotFoundPage<'a> {
    pub site: SiteContext<'a>,
}

#[derive(Serialize)]
pub struct OpenDataPage<'a> {
    pub site: SiteContext<'a>,
    /// 全国地方公共団体コード, if the site gives it.
    pub city_code: Option<&'a str>,
    pub tables: &'static [crate::opendata::Table],
}

#[derive(Serialize)]
pub struct SearchPage<'a> {
    pub site: SiteContext<'a>,
}
