//! The content files' shapes, as city staff write them in YAML.
//!
//! Each struct is one kind of file or one block of the printed sheet. Unknown
//! keys are errors (`deny_unknown_fields`) so that a typo never vanishes.
//! `docs/content-format.md` documents these shapes for the people who edit them.

use serde::{Deserialize, Serialize, Serializer};
use serde_saphyr::Spanned;

use super::fiscal_year::FiscalYear;
use super::value::Value;
use crate::diagnostic::Position;

/// A reference to another file's id, with where it was written.
pub type Reference = Placed<String>;

/// A value with the line and column it was written at, for a problem with it.
///
/// Read through serde-saphyr's `Spanned`, which also keeps two spans: a
/// national report holds hundreds of thousands of project rows, and keeping
/// only the position saves about 140 bytes on each.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "Spanned<T>", bound = "T: Deserialize<'de>")]
pub struct Placed<T> {
    pub value: T,
    /// Where it was written; line 0 for a value made rather than read (import).
    pub at: Position,
}

impl<T> Placed<T> {
    /// A value made by hyoka rather than read from a file.
    pub fn unplaced(value: T) -> Placed<T> {
        Placed {
            value,
            at: Position::default(),
        }
    }
}

impl<T> From<Spanned<T>> for Placed<T> {
    fn from(spanned: Spanned<T>) -> Placed<T> {
        Placed {
            at: Position::of_location(&spanned.referenced),
            value: spanned.value,
        }
    }
}

/// Written as the value alone, as in the content files.
impl<T: Serialize> Serialize for Placed<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// Site configuration: `hyoka.yaml` at the site root.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The city (市区町村) publishing the report, e.g. 摂津市. `hyoka import`
    /// leaves it and `title` blank for staff to fill in, and `hyoka check`
    /// warns while they are: the import must be able to read its own file again.
    pub city: String,
    /// The city's local government code (全国地方公共団体コード), six
    /// digits with the check digit, e.g. 272248 for 摂津市: the open data's
    /// first column, so that tables of several cities can be put together.
    #[serde(
        default,
        deserialize_with = "city_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub city_code: Option<String>,
    /// The report's title, e.g. 令和5年度 施策評価.
    pub title: String,
    /// The fiscal year the report evaluates (its 取組実績 year).
    pub fiscal_year: FiscalYear,
    /// Where the site is published, e.g. `https://www.city.example.lg.jp/hyoka/r5/`.
    #[serde(default = "default_base_url", deserialize_with = "base_url")]
    pub base_url: String,
    /// Language of the pages, `ja` for Japanese reports.
    #[serde(default = "default_language")]
    pub language: String,
    /// What the 【★】 mark after a KPI's name means, shown as a legend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub star_legend: Option<String>,
    /// The label of each measure's `strategy_page`, naming the plan or
    /// strategy it is a page of: 「行政経営戦略 参照ページ」 in Settsu's sheets
    /// (the default); another city's may say 「第5次総合計画 参照ページ」.
    #[serde(
        default = "default_strategy_page_label",
        deserialize_with = "shown_text",
        skip_serializing_if = "is_default_strategy_page_label"
    )]
    pub strategy_page_label: String,
    /// Markdown shown on the top page under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduction: Option<String>,
    /// Fields (分野) in the order the report presents them: ids of `content/fields/*.yaml`.
    pub fields: Vec<Reference>,
    /// How KPI progress is judged; see `docs/judgment.md`.
    #[serde(default, skip_serializing_if = "JudgmentConfig::is_default")]
    pub judgment: JudgmentConfig,
    /// Whether the site has its own search (サイト内検索): the search box in
    /// every page's header, the search page and `search/pages.js`. Off where
    /// the city's website already searches the report's pages, and for sites
    /// of thousands of measures, whose one-file index grows too large for
    /// phones (`docs/search.md`).
    #[serde(default = "default_search", skip_serializing_if = "is_default_search")]
    pub search: bool,
    /// The terms of use of the open data (利用条件), e.g. CC BY 4.0: shown
    /// beside the downloads and written into `data/report.json`. The city
    /// decides them, so none is assumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_license: Option<DataLicense>,
    /// Where readers can ask about the report (問い合わせ先), e.g. 摂津市
    /// 総務部 政策推進課　電話 06-6383-1111: at the foot of every page and
    /// beside the open data's terms. Plain text; each line is shown as one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// The report as the city publishes it (its PDF or page): linked at the
    /// foot of every page, so that readers can check the figures against it.
    #[serde(
        default,
        deserialize_with = "report_address",
        skip_serializing_if = "Option::is_none"
    )]
    pub report_url: Option<String>,
}

/// The terms of use under which the open data may be reused.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataLicense {
    /// e.g. クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）.
    #[serde(deserialize_with = "shown_text")]
    pub name: String,
    /// Where the terms are written in full: an `https://` or `http://` address.
    #[serde(
        default,
        deserialize_with = "web_address",
        skip_serializing_if = "Option::is_none"
    )]
    pub url: Option<String>,
}

/// Whether `text` is an `https://` or `http://` address with a host, and
/// without spaces: a link readers on other sites can follow.
fn is_web_address(text: &str) -> bool {
    let host = ["https://", "http://"]
        .iter()
        .find_map(|scheme| text.strip_prefix(scheme))
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    host && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// An [`is_web_address`]: the terms of use of [`DataLicense::url`].
fn web_address<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    address_such_as(
        deserializer,
        "https://creativecommons.org/licenses/by/4.0/deed.ja",
    )
}

/// An [`is_web_address`]: the report the city publishes, [`Config::report_url`].
fn report_address<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    address_such_as(deserializer, "https://www.city.example.lg.jp/hyoka/r5.pdf")
}

/// An [`is_web_address`], or the error naming an `example`.
fn address_such_as<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
    example: &str,
) -> Result<Option<String>, D::Error> {
    let text = String::deserialize(deserializer)?;
    if !is_web_address(&text) {
        return Err(serde::de::Error::custom(format!(
            "expected an address such as {example}, found \"{text}\""
        )));
    }
    Ok(Some(text))
}

/// A [`Config::city_code`]: six half-width digits whose last is the check
/// digit of the first five (JIS X 0401), so that a mistyped digit is caught.
fn city_code<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let written = String::deserialize(deserializer)?;
    // Typed with a Japanese input method, digits come out full-width: they mean the same.
    let code = super::fiscal_year::normalize_digits(written.trim_matches([' ', '\u{3000}']));
    let digits: Option<Vec<u32>> = code
        .chars()
        .map(|c| c.to_digit(10).filter(|_| c.is_ascii()))
        .collect();
    let fits = |digits: &[u32]| matches!(digits, [first @ .., last] if first.len() == 5 && check_digit(first) == *last);
    let problem = match digits.as_deref() {
        Some(six) if six.len() == 6 => (!fits(six)).then(|| {
            format!(
                "expected a code whose last digit is the check digit of the first five, found \"{written}\" ({} would end in {}): compare each digit with 総務省's list of 全国地方公共団体コード",
                &code[..5],
                check_digit(&six[..5])
            )
        }),
        Some(five) if five.len() == 5 => {
            // A spreadsheet drops a code's leading 0 (011002 → 11002).
            let with_zero = [&[0], five].concat();
            let lost_zero = if fits(&with_zero) {
                format!(", or 0{code} if a spreadsheet dropped its leading 0")
            } else {
                String::new()
            };
            Some(format!(
                "expected the six-digit code with its check digit, {code}{}{lost_zero}, found \"{written}\"",
                check_digit(five)
            ))
        }
        _ => Some(format!(
            "expected six digits, such as 272248 (摂津市), found \"{written}\""
        )),
    };
    match problem {
        Some(problem) => Err(serde::de::Error::custom(problem)),
        None => Ok(Some(code)),
    }
}

/// The check digit of a local government code's first five digits: 11 less
/// the remainder of their sum weighted 6, 5, 4, 3, 2 divided by 11, its last digit.
fn check_digit(first: &[u32]) -> u32 {
    let sum: u32 = first.iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
    (11 - sum % 11) % 10
}

/// Thresholds and labels of the KPI progress judgment (進捗評価).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct JudgmentConfig {
    /// Achievement rate from which a KPI counts as achieved (1.0 = the target reached).
    #[serde(deserialize_with = "judgment_rate")]
    pub achieved: f64,
    /// Achievement rate from which a KPI counts as on track.
    #[serde(deserialize_with = "judgment_rate")]
    pub on_track: f64,
    /// For 維持 KPIs: the largest allowed deviation from the baseline, as a share of it (0.05 = ±5%).
    #[serde(deserialize_with = "judgment_tolerance")]
    pub tolerance: f64,
    pub labels: JudgmentLabels,
}

impl JudgmentConfig {
    fn is_default(&self) -> bool {
        *self == JudgmentConfig::default()
    }
}

impl Default for JudgmentConfig {
    fn default() -> Self {
        JudgmentConfig {
            achieved: 1.0,
            on_track: 0.5,
            tolerance: 0.05,
            labels: JudgmentLabels::default(),
        }
    }
}

/// A [`JudgmentConfig`] rate: a share of the way from the baseline to the
/// target, 1.0 for the target reached. A percentage (`100`, as the judgment's
/// table in Japanese says 100%以上) would judge every KPI against a bar a
/// hundred times higher, and a negative rate counts KPIs that fell back.
fn judgment_rate<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    let rate = f64::deserialize(deserializer)?;
    in_range(
        rate,
        2.0,
        "a rate from 0 to 2, 1.0 for the target reached (100%) and 0.5 for halfway (50%)",
    )
}

/// [`JudgmentConfig::tolerance`]: a share of the baseline, 0.05 for ±5%.
fn judgment_tolerance<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    let share = f64::deserialize(deserializer)?;
    in_range(
        share,
        1.0,
        "a share of the baseline from 0 to 1, 0.05 for ±5%",
    )
}

/// `value` if it is from 0 to `most`; otherwise the error saying what was
/// `expected`, and how a percentage is written.
fn in_range<E: serde::de::Error>(value: f64, most: f64, expected: &str) -> Result<f64, E> {
    if (0.0..=most).contains(&value) {
        return Ok(value);
    }
    let percent = if value > most && value <= 100.0 * most {
        format!("; write {value}% as {:?}", value / 100.0)
    } else {
        String::new()
    };
    Err(E::custom(format!(
        "expected {expected}, found {value}{percent}"
    )))
}

/// The words shown for each status.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct JudgmentLabels {
    pub achieved: String,
    pub on_track: String,
    pub behind: String,
    pub not_evaluable: String,
}

impl Default for JudgmentLabels {
    fn default() -> Self {
        JudgmentLabels {
            achieved: "達成".to_string(),
            on_track: "順調".to_string(),
            behind: "遅れ".to_string(),
            not_evaluable: "評価不能".to_string(),
        }
    }
}

/// The message for a name or title left blank.
const BLANK_NAME: &str = "expected text, found nothing: a blank name or title leaves a heading, a link or the page's title empty";

/// A name or title the pages show: blank ("" or only spaces) would leave a
/// heading or a link without text, so it is an error like a missing one.
fn shown_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    if text.trim().is_empty() {
        return Err(serde::de::Error::custom(BLANK_NAME));
    }
    Ok(text)
}

fn default_base_url() -> String {
    "/".to_string()
}

/// Why `text` cannot be the address a site is published at, if it cannot:
/// spaces, a scheme other than `https://` or `http://`, or neither a scheme
/// nor a leading `/` (a mistyped `htps://` or a forgotten `https://` would
/// quietly leave out the sitemap and the pages' full addresses); full-width
/// characters, a query, a fragment or a file name (`…/hyoka/index.html`),
/// which every page's address would be made from.
pub fn base_url_problem(text: &str) -> Option<String> {
    let after_scheme = text.split_once("://").map(|(_, rest)| rest);
    let well_formed = match after_scheme {
        Some(_) => is_web_address(text),
        None => {
            text.starts_with('/')
                && !text.contains(':')
                && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        }
    };
    let expected = "expected the address the site is published at, such as https://www.city.example.lg.jp/hyoka/r5/ or /hyoka/r5/";
    if !well_formed {
        let advice = if after_scheme.is_some() || text.starts_with('/') {
            ""
        } else {
            ": begin it with https:// (the full address) or / (a path on the city's own server)"
        };
        return Some(format!("{expected}, found \"{text}\"{advice}"));
    }
    // Pasted from the browser's address bar: every page's address would be
    // made from it (…/index.html/measures/…), so it must be the site's folder.
    let full_width = |c: char| c == '\u{3000}' || ('\u{ff01}'..='\u{ff5e}').contains(&c);
    let path = match after_scheme {
        Some(rest) => rest.find('/').map_or("", |slash| &rest[slash..]),
        None => text,
    };
    let file = path.rsplit('/').next().filter(|last| last.contains('.'));
    let advice = if let Some(c) = text.chars().find(|&c| full_width(c)) {
        format!("it holds the full-width 「{c}」: write the address in half-width characters")
    } else if let Some(cut) = text.find(['?', '#']) {
        format!(
            "the site's address takes no query (?…) or fragment (#…): write the folder, {}",
            &text[..cut]
        )
    } else if let Some(file) = file {
        format!(
            "it ends in the file name {file}: write the folder the site is published in, {}",
            &text[..text.len() - file.len()]
        )
    } else {
        return None;
    };
    Some(format!("{expected}, found \"{text}\": {advice}"))
}

fn base_url<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    match base_url_problem(&text) {
        Some(problem) => Err(serde::de::Error::custom(problem)),
        None => Ok(text),
    }
}

fn default_language() -> String {
    "ja".to_string()
}

/// The label of a measure's `strategy_page` in Settsu's sheets.
const DEFAULT_STRATEGY_PAGE_LABEL: &str = "行政経営戦略 参照ページ";

pub fn default_strategy_page_label() -> String {
    DEFAULT_STRATEGY_PAGE_LABEL.to_string()
}

fn is_default_strategy_page_label(label: &str) -> bool {
    label == DEFAULT_STRATEGY_PAGE_LABEL
}

fn default_search() -> bool {
    true
}

fn is_default_search(search: &bool) -> bool {
    *search == default_search()
}

/// A field (分野): `content/fields/<id>.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// e.g. 行政経営.
    #[serde(deserialize_with = "shown_text")]
    pub name: String,
    /// Markdown shown on the field's page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The field's measures in report order: ids of `content/measures/*.yaml`.
    pub measures: Vec<Reference>,
}

/// A measure (施策): `content/measures/<id>.yaml`, one printed sheet.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// e.g. デジタル化.
    #[serde(deserialize_with = "shown_text")]
    pub name: String,
    /// The sector plan (分野計画名称) the measure belongs to, e.g. 地域情報化計画.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector_plan: Option<String>,
    /// Page of the city's strategy document (行政経営戦略 参照ページ), e.g. P99.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy_page: Option<String>,
    /// Markdown shown under the measure's header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The measure's major items (施策の展開（大項目）) in sheet order.
    pub major_items: Vec<MajorItem>,
}

/// A major item (大項目) of a measure: its KPIs and its mid items.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MajorItem {
    /// The item's number as printed, e.g. 1.
    #[serde(deserialize_with = "item_number")]
    pub number: u32,
    #[serde(deserialize_with = "shown_text")]
    pub title: String,
    #[serde(default)]
    pub kpis: Vec<Kpi>,
    #[serde(default)]
    pub mid_items: Vec<MidItem>,
}

/// A KPI (指標) of a major item.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// The indicator's name, without the 【★】 mark.
    #[serde(deserialize_with = "shown_text")]
    pub name: String,
    /// The 【★】 mark printed after some KPI names; `star_legend` says what it means.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub star: bool,
    /// Which way is good (推移の方向性).
    pub direction: Direction,
    /// Baseline (基準値), e.g. "40.9%(令和2年度)".
    pub baseline: Value,
    /// Result per fiscal year (令和N年度 結果), e.g. `令和5年度: 764時間`.
    pub results: Results,
    /// Target value (目標値).
    pub target: Value,
    /// The fiscal year the target is for, e.g. 令和7年度.
    pub target_year: FiscalYear,
}

/// Which way a KPI should move (推移の方向性).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Direction {
    /// 増加: an increase is good.
    #[serde(rename = "増加")]
    Increase,
    /// 減少: a decrease is good.
    #[serde(rename = "減少")]
    Decrease,
    /// 維持: keep the level.
    #[serde(rename = "維持")]
    Maintain,
}

impl Direction {
    /// The label the report prints.
    pub fn label(self) -> &'static str {
        match self {
            Direction::Increase => "増加",
            Direction::Decrease => "減少",
            Direction::Maintain => "維持",
        }
    }
}

/// A KPI's results, one per fiscal year, sorted by year.
#[derive(Debug, Clone, Default)]
pub struct Results(pub Vec<(FiscalYear, Value)>);

impl Serialize for Results {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (year, value) in &self.0 {
            map.serialize_entry(year, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Results {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Results;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping from fiscal year to result, e.g. `令和5年度: 764時間`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Results, A::Error> {
                let mut results: Vec<(FiscalYear, Value)> = Vec::new();
                // The years as written, to name both spellings of one given twice.
                let mut written: Vec<String> = Vec::new();
                while let Some(WrittenYear(key, year)) = map.next_key()? {
                    // 令和5年度 and 2023 are different keys to YAML but the same year.
                    // Refused as its value is read, the second is placed at its
                    // own line, and taken out to read on.
                    if let Some(seen) = results.iter().position(|(seen, _)| *seen == year) {
                        let problem = format!(
                            "{} is given twice, as `{}` and as `{key}`; delete one of the two or correct it",
                            year.wareki(),
                            written[seen]
                        );
                        map.next_value_seed(Refuse(problem))?;
                    }
                    results.push((year, map.next_value()?));
                    written.push(key);
                }
                results.sort_by_key(|(year, _)| *year);
                Ok(Results(results))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// Fails as a value is read, with its message: a problem found at a key is
/// then placed where its value is written.
struct Refuse(String);

impl<'de> serde::de::DeserializeSeed<'de> for Refuse {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(serde::de::Error::custom(self.0))
    }
}

/// A result's year as written (`2023`) and as read.
struct WrittenYear(String, FiscalYear);

impl<'de> Deserialize<'de> for WrittenYear {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match FiscalYear::parse(&text) {
            Some(year) => Ok(WrittenYear(text, year)),
            None => Err(serde::de::Error::custom(FiscalYear::expected(&text))),
        }
    }
}

/// A major or mid item's number: the report numbers items from 1, and the
/// pages print the number (`0 見直し` would be a typing slip published).
fn item_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let number = u32::deserialize(deserializer)?;
    if number == 0 {
        return Err(serde::de::Error::custom(
            "expected the item's number as the report prints it, from 1, found 0",
        ));
    }
    Ok(number)
}

/// A mid item (中項目) of a major item, with the projects related to it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MidItem {
    #[serde(deserialize_with = "item_number")]
    pub number: u32,
    #[serde(deserialize_with = "shown_text")]
    pub title: String,
    /// Page of the sector plan (分野計画参照ページ), e.g. P8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector_plan_page: Option<String>,
    /// Related projects (関連する主な事業) in sheet order: ids of `content/projects/**/<id>.yaml`.
    #[serde(default)]
    pub projects: Vec<Reference>,
}

/// A project (事業): `content/projects/**/<id>.yaml`, kept by its department.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// e.g. DX推進事業.
    #[serde(deserialize_with = "shown_text")]
    pub name: String,
    /// The department (担当課) in charge: an id from `content/departments.yaml`.
    pub department: Reference,
    /// Markdown shown on the project's page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the project reports under each mid item it serves, per fiscal year.
    #[serde(default)]
    pub rows: Vec<ProjectRow>,
}

/// One row of a mid item's project table: 取組実績 and 分析・考察 for one year.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectRow {
    /// The measure (施策) id.
    pub measure: Reference,
    /// Number of the major item within the measure, with where it was
    /// written, for a problem with it.
    pub major_item: Placed<u32>,
    /// Number of the mid item within the major item, with where it was written.
    pub mid_item: Placed<u32>,
    pub fiscal_year: FiscalYear,
    /// Achievements (取組実績): one bullet (・) per entry.
    #[serde(default)]
    pub achievements: Vec<String>,
    /// Analysis (分析・考察): one bullet (・) per entry.
    #[serde(default)]
    pub analysis: Vec<String>,
}

/// A department (担当課): one entry of `content/departments.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    pub id: Reference,
    /// e.g. 情報政策課.
    #[serde(deserialize_with = "shown_text")]
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_digit_is_the_one_of_the_published_codes() {
        // 摂津市, 札幌市, 千代田区, 神戸市 (remainder 1: 0), 新宿区 (remainder 0: 1).
        for code in ["272248", "011002", "131016", "281000", "131041"] {
            let digits: Vec<u32> = code.chars().map(|c| c.to_digit(10).unwrap()).collect();
            assert_eq!(check_digit(&digits[..5]), digits[5], "{code}");
        }
    }

    #[test]
    fn a_city_code_is_read_as_its_digits_and_a_lost_leading_zero_is_named() {
        let read = |written: &str| {
            city_code(serde_json::Value::from(written)).map_err(|error| error.to_string())
        };
        assert_eq!(read("２７２２４８　"), Ok(Some("272248".to_string())));
        assert_eq!(
            read("11002"),
            Err("expected the six-digit code with its check digit, 110027, or 011002 if a spreadsheet dropped its leading 0, found \"11002\"".to_string())
        );
        // 027224 is no code (its check digit would be 7), so only one reading is offered.
        assert_eq!(
            read("27224"),
            Err(
                "expected the six-digit code with its check digit, 272248, found \"27224\""
                    .to_string()
            )
        );
    }
}
