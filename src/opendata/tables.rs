//! The CSV tables: long format, one row per KPI value and one per project
//! bullet, each row carrying the names it belongs to, as the Digital
//! Agency's machine-readability rules ask.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

use crate::content::model::ProjectRow;
use crate::content::report::{MidRef, Report};
use crate::content::{FiscalYear, Kpi, Value};

/// A column of a CSV table: its name, the header, and what it holds, as the
/// open data page (`data/index.html`) explains it.
#[derive(Debug, Serialize)]
pub struct Column {
    pub name: &'static str,
    /// Its English name: the key of the same content in the JSON.
    pub key: &'static str,
    pub meaning: &'static str,
}

const fn column(name: &'static str, key: &'static str, meaning: &'static str) -> Column {
    Column { name, key, meaning }
}

// The columns both tables have.
const CITY_CODE: Column = column(
    "全国地方公共団体コード",
    "city_code",
    "報告書を公表した市区町村の全国地方公共団体コード（検査数字を含む6桁）。設定されていないときは空欄",
);
const CITY: Column = column("地方公共団体名", "city", "報告書を公表した市区町村の名称");
const REPORT_FISCAL_YEAR: Column = column(
    "報告年度",
    "report_fiscal_year",
    "この報告書が評価する年度（西暦）。年度の違う報告書の表を合わせるときの手がかりになります",
);
const FIELD_ID: Column = column(
    "分野ID",
    "field_id",
    "分野の識別子。分野のページのアドレス（fields/分野ID/）にも使われています",
);
const FIELD: Column = column("分野", "field", "分野の名称");
const MEASURE_ID: Column = column(
    "施策ID",
    "measure_id",
    "施策の識別子。施策のページのアドレス（measures/施策ID/）にも使われています",
);
const MEASURE: Column = column("施策", "measure", "施策の名称");
const MAJOR_ITEM_NUMBER: Column = column(
    "大項目番号",
    "major_item_number",
    "施策の展開（大項目）の番号",
);
const MAJOR_ITEM: Column = column("大項目", "major_item", "大項目の名称");
const FISCAL_YEAR_WAREKI: Column = column(
    "年度（和暦）",
    "fiscal_year_wareki",
    "同じ年度の和暦（例：令和5年度）",
);

/// The columns the rows of one KPI share.
#[derive(Debug, Serialize)]
struct KpiColumns<'a> {
    city_code: Option<&'a str>,
    city: &'a str,
    report_fiscal_year: i32,
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
/// The JSON of the report ([`super::json`]) lists a KPI's values with
/// the same keys.
#[derive(Debug, Serialize)]
pub(super) struct ValueColumns<'a> {
    /// "baseline", "result" or "target".
    kind: &'static str,
    /// Western fiscal year; blank for a baseline without a year note.
    fiscal_year: Option<i32>,
    fiscal_year_wareki: Option<String>,
    /// The number without separators or unit, as written ("1338", "60.0"); blank for "—" and texts.
    value: Option<serde_json::Number>,
    unit: Option<Cow<'a, str>>,
    note: Option<&'a str>,
    /// The cell as the report writes it.
    original: &'a str,
}

/// The columns of the KPI CSV, those of [`KpiColumns`] then [`ValueColumns`].
pub const KPI_COLUMNS: [Column; 20] = [
    CITY_CODE,
    CITY,
    REPORT_FISCAL_YEAR,
    FIELD_ID,
    FIELD,
    MEASURE_ID,
    MEASURE,
    MAJOR_ITEM_NUMBER,
    MAJOR_ITEM,
    column("KPI番号", "kpi_number", "大項目の中でのKPIの順番（1から）"),
    column("KPI", "kpi", "KPI（指標）の名称。【★】は含みません"),
    column(
        "★",
        "star",
        "報告書で指標名に【★】が付されているときは true、そうでなければ false",
    ),
    column("推移の方向性", "direction", "増加・減少・維持のいずれか"),
    column(
        "区分",
        "kind",
        "baseline（基準値）、result（結果）、target（目標値）のいずれか",
    ),
    column(
        "年度",
        "fiscal_year",
        "値の年度（西暦。年度は4月から翌年3月まで）。年度の書かれていない基準値は空欄",
    ),
    FISCAL_YEAR_WAREKI,
    column(
        "値",
        "value",
        "桁区切りと単位を除いた数値（例：1338）。報告書が「—」や文字で書いている値は空欄（0ではありません）",
    ),
    column(
        "単位",
        "unit",
        "値の単位（例：時間、%）。全角の％や㎡は半角の%やm2にそろえています（原文は書かれたとおり）",
    ),
    column("注記", "note", "値の後の括弧内の注記（例：令和2年度）"),
    column(
        "原文",
        "original",
        "報告書に書かれたとおりの値（例：40.9%(令和2年度)）",
    ),
];

/// The columns the bullets of one project row (a project's year in one mid item) share.
#[derive(Debug, Serialize)]
struct ProjectRowColumns<'a> {
    city_code: Option<&'a str>,
    city: &'a str,
    report_fiscal_year: i32,
    field_id: &'a str,
    field: &'a str,
    measure_id: &'a str,
    measure: &'a str,
    major_item_number: u32,
    major_item: &'a str,
    mid_item_number: u32,
    mid_item: &'a str,
    project_id: &'a str,
    project: &'a str,
    department_id: &'a str,
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

/// The columns of the project CSV, those of [`ProjectRowColumns`] then [`BulletColumns`].
pub const PROJECT_COLUMNS: [Column; 20] = [
    CITY_CODE,
    CITY,
    REPORT_FISCAL_YEAR,
    FIELD_ID,
    FIELD,
    MEASURE_ID,
    MEASURE,
    MAJOR_ITEM_NUMBER,
    MAJOR_ITEM,
    column("中項目番号", "mid_item_number", "中項目の番号"),
    column("中項目", "mid_item", "中項目の名称"),
    column(
        "事業ID",
        "project_id",
        "事業の識別子。事業のページのアドレス（projects/事業ID/）にも使われています",
    ),
    column("事業", "project", "関連する主な事業の名称"),
    column(
        "担当課ID",
        "department_id",
        "担当課の識別子。担当課のページのアドレス（departments/担当課ID/）にも使われています",
    ),
    column("担当課", "department", "事業を担当する課"),
    column(
        "年度",
        "fiscal_year",
        "取組の年度（西暦。年度は4月から翌年3月まで）",
    ),
    FISCAL_YEAR_WAREKI,
    column(
        "区分",
        "kind",
        "achievement（取組実績）または analysis（分析・考察）",
    ),
    column(
        "番号",
        "number",
        "取組実績または分析・考察の中での箇条の順番（1から）",
    ),
    column("内容", "text", "箇条の文。報告書に書かれたとおり"),
];

/// Rows formatted as CSV lines. Rows come in groups that share their first
/// columns (a KPI's values, a project row's bullets); those are formatted
/// once per group: repeating the names of field, measure and item on every
/// row is most of the downloads' bytes, and escaping them again for every
/// row was a fifth of a build's work.
pub(super) struct Rows {
    csv: Vec<u8>,
    /// The group's shared columns: CSV fields ending in a comma.
    shared: Vec<u8>,
    /// Formats each row's own fields; the text of the rows past `own_taken`
    /// has not been copied into `csv` yet. (A CSV writer keeps its output to
    /// itself, so it cannot be the one that adds the shared fields.)
    own: csv::Writer<Vec<u8>>,
    own_taken: usize,
}

/// When the CSV writer of [`Rows`] has written this much, a fresh one takes over.
const OWN_CSV_LIMIT: usize = 1 << 20;

impl Rows {
    pub(super) fn new() -> Self {
        Rows {
            csv: Vec::new(),
            shared: Vec::new(),
            own: csv_writer(Vec::new()),
            own_taken: 0,
        }
    }

    /// The rows formatted since the last [`Rows::clear`].
    pub(super) fn csv(&self) -> &[u8] {
        &self.csv
    }

    pub(super) fn is_empty(&self) -> bool {
        self.csv.is_empty()
    }

    pub(super) fn clear(&mut self) {
        self.csv.clear();
    }

    /// Formats `record`'s fields into the CSV writer; returns where they start.
    fn format<T: Serialize>(&mut self, record: &T) -> std::io::Result<usize> {
        // Before, not after: the caller reads what this formats.
        if self.own_taken > OWN_CSV_LIMIT {
            self.own = csv_writer(Vec::new());
            self.own_taken = 0;
        }
        self.own.serialize(record).map_err(std::io::Error::other)?;
        self.own.flush()?;
        let start = self.own_taken;
        self.own_taken = self.own.get_ref().len();
        Ok(start)
    }

    /// Starts a group of rows whose first columns are `shared`'s fields.
    fn share<T: Serialize>(&mut self, shared: &T) -> std::io::Result<()> {
        let start = self.format(shared)?;
        let line = &self.own.get_ref()[start..];
        self.shared.clear();
        self.shared
            .extend_from_slice(&line[..line.len() - b"\r\n".len()]);
        self.shared.push(b',');
        Ok(())
    }

    /// Adds a row of the current group: the shared columns, then `own`'s fields.
    fn push<T: Serialize>(&mut self, own: &T) -> std::io::Result<()> {
        let start = self.format(own)?;
        self.csv.extend_from_slice(&self.shared);
        self.csv.extend_from_slice(&self.own.get_ref()[start..]);
        Ok(())
    }

    /// [`Rows::push`] for a bullet. Most bullets need no quotes (no comma,
    /// quote or line break), and such a row is the shared columns, `kind`,
    /// `number` and the text as they are: written so here, as the CSV writer
    /// would, without it checking and copying the text byte by byte
    /// (bullets are most of `projects.csv`, 343 MB at N = 10,000).
    fn push_bullet(&mut self, bullet: BulletColumns) -> std::io::Result<()> {
        let text = bullet.text.as_bytes();
        if memchr::memchr3(b',', b'"', b'\n', text).is_some()
            || memchr::memchr(b'\r', text).is_some()
        {
            return self.push(&bullet);
        }
        self.csv.extend_from_slice(&self.shared);
        write!(self.csv, "{},{},", bullet.kind, bullet.number)?;
        self.csv.extend_from_slice(text);
        self.csv.extend_from_slice(b"\r\n");
        Ok(())
    }

    /// Formats the rows of every KPI of measure `m`, in sheet order.
    pub(super) fn measure(&mut self, report: &Report, m: usize) -> std::io::Result<()> {
        let source = &report.measures[m];
        let field = &report.fields[report.measure_field[m]];
        let config = &report.config.data;
        for (item, (k, kpi)) in source
            .data
            .major_items
            .iter()
            .flat_map(|item| item.kpis.iter().enumerate().map(move |kpi| (item, kpi)))
        {
            self.share(&KpiColumns {
                city_code: config.city_code.as_deref(),
                city: &config.city,
                report_fiscal_year: config.fiscal_year.western(),
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
            for value in kpi_values(kpi) {
                self.push(&value)?;
            }
        }
        Ok(())
    }

    /// Formats the bullets of row `r` of project `p`, shown in mid item `at`.
    pub(super) fn project_row(
        &mut self,
        report: &Report,
        (at, p, r): Located,
    ) -> std::io::Result<()> {
        let source = &report.measures[at.measure];
        let (major, mid) = (report.major(at), report.mid(at));
        let project = &report.projects[p];
        let row: &ProjectRow = &project.data.rows[r];
        let config = &report.config.data;
        let field = &report.fields[report.measure_field[at.measure]];
        let department = &report.departments[report.project_department[p]];
        self.share(&ProjectRowColumns {
            city_code: config.city_code.as_deref(),
            city: &config.city,
            report_fiscal_year: config.fiscal_year.western(),
            field_id: &field.id,
            field: &field.data.name,
            measure_id: &source.id,
            measure: &source.data.name,
            major_item_number: major.number,
            major_item: &major.title,
            mid_item_number: mid.number,
            mid_item: &mid.title,
            project_id: &project.id,
            project: &project.data.name,
            department_id: &department.id.value,
            department: &department.name,
            fiscal_year: row.fiscal_year.western(),
            fiscal_year_wareki: row.fiscal_year.wareki(),
        })?;
        for (kind, bullets) in [
            ("achievement", &row.achievements),
            ("analysis", &row.analysis),
        ] {
            for (i, text) in bullets.iter().enumerate() {
                self.push_bullet(BulletColumns {
                    kind,
                    number: i + 1,
                    text,
                })?;
            }
        }
        Ok(())
    }
}

/// A KPI's values in sheet order: baseline, each result, target.
pub(super) fn kpi_values(kpi: &Kpi) -> impl Iterator<Item = ValueColumns<'_>> {
    let baseline_year = kpi.baseline.note().and_then(FiscalYear::parse);
    std::iter::once(value_columns("baseline", baseline_year, &kpi.baseline))
        .chain(
            kpi.results
                .0
                .iter()
                .map(|(year, value)| value_columns("result", Some(*year), value)),
        )
        .chain(std::iter::once(value_columns(
            "target",
            Some(kpi.target_year),
            &kpi.target,
        )))
}

/// The columns of one value. A baseline's year is taken from its note when
/// the note is a year: 40.9%(令和2年度).
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
        // In NFKC, so that ％ and % are one unit to a program; 原文 keeps the cell as written.
        unit: value.unit_nfkc().filter(|unit| !unit.is_empty()),
        note: value.note(),
        original: value.original.trim(),
    }
}

/// A project row located in its mid item: (mid item, project, row of the project).
pub(super) type Located = (MidRef, usize, usize);

/// The project rows shown in the mid items of the measures `keep` accepts,
/// in report order: by mid item, then the order the mid item lists its
/// projects, then year. Each is (mid item, project, row of the project).
pub(super) fn project_rows(report: &Report, keep: impl Fn(usize) -> bool) -> Vec<Located> {
    let mut located: Vec<Located> = report
        .row_mids
        .iter()
        .enumerate()
        .flat_map(|(p, mids)| mids.iter().enumerate().map(move |(r, at)| (*at, p, r)))
        .filter(|(at, _, _)| keep(at.measure))
        .collect();
    // Each key is looked up once: finding a project in its mid item's list
    // for every comparison was a visible share of a national build.
    located.sort_by_cached_key(|&(at, p, r)| {
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
pub(super) fn csv_header(columns: &[Column]) -> std::io::Result<Vec<u8>> {
    let mut writer = csv_writer("\u{feff}".as_bytes().to_vec());
    writer.write_record(columns.iter().map(|column| column.name))?;
    writer.into_inner().map_err(|e| e.into_error())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field names a record serializes with, as a CSV writer's header gives them.
    fn keys<T: Serialize>(record: &T) -> Vec<String> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.serialize(record).unwrap();
        let written = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let header = written.lines().next().unwrap();
        header.split(',').map(str::to_string).collect()
    }

    #[test]
    fn each_columns_english_name_is_the_key_its_rows_are_formatted_with() {
        let kpi = KpiColumns {
            city_code: None,
            city: "",
            report_fiscal_year: 2023,
            field_id: "",
            field: "",
            measure_id: "",
            measure: "",
            major_item_number: 1,
            major_item: "",
            kpi_number: 1,
            kpi: "",
            star: false,
            direction: "",
        };
        let value = ValueColumns {
            kind: "",
            fiscal_year: None,
            fiscal_year_wareki: None,
            value: None,
            unit: None,
            note: None,
            original: "",
        };
        let project = ProjectRowColumns {
            city_code: None,
            city: "",
            report_fiscal_year: 2023,
            field_id: "",
            field: "",
            measure_id: "",
            measure: "",
            major_item_number: 1,
            major_item: "",
            mid_item_number: 1,
            mid_item: "",
            project_id: "",
            project: "",
            department_id: "",
            department: "",
            fiscal_year: 2023,
            fiscal_year_wareki: String::new(),
        };
        let bullet = BulletColumns {
            kind: "",
            number: 1,
            text: "",
        };
        let english = |columns: &[Column]| columns.iter().map(|c| c.key).collect::<Vec<_>>();
        assert_eq!([keys(&kpi), keys(&value)].concat(), english(&KPI_COLUMNS));
        assert_eq!(
            [keys(&project), keys(&bullet)].concat(),
            english(&PROJECT_COLUMNS)
        );
    }

    #[test]
    fn the_csv_writers_buffer_stays_small_however_many_rows() {
        let mut rows = Rows::new();
        let long = "施策".repeat(40);
        for i in 0..20_000 {
            rows.share(&("分野", i, &long)).unwrap();
            rows.push_bullet(BulletColumns {
                kind: "analysis",
                number: 1,
                text: "本文",
            })
            .unwrap();
            rows.clear();
        }
        assert!(rows.own.get_ref().len() <= OWN_CSV_LIMIT + 1024);
    }

    #[test]
    fn a_bullet_written_by_hand_is_the_row_the_csv_writer_writes() {
        let texts = [
            "計画どおり実施した。",
            "",
            "A, B",
            "「有効」と\"評価\"した",
            "一行目\n二行目",
            "改行\r",
            " 前後に空白 ",
        ];
        for text in texts {
            let (mut by_hand, mut by_writer) = (Rows::new(), Rows::new());
            for rows in [&mut by_hand, &mut by_writer] {
                rows.share(&("分野", "施策, その1")).unwrap();
            }
            let bullet = || BulletColumns {
                kind: "analysis",
                number: 12,
                text,
            };
            by_hand.push_bullet(bullet()).unwrap();
            by_writer.push(&bullet()).unwrap();
            assert_eq!(
                String::from_utf8_lossy(by_hand.csv()),
                String::from_utf8_lossy(by_writer.csv()),
                "{text:?}"
            );
        }
    }
}
