//! Warnings for content that is valid but probably a mistake.

use std::collections::HashMap;
use std::path::Path;

use super::locate;
use super::names::compared_form;
use crate::content::model::{Direction, Kpi};
use crate::content::{FiscalYear, Report, Value, properties};
use crate::diagnostic::{Diagnostic, Position};

/// Every warning about `report`, the site at `root`.
pub fn lint(report: &Report, root: &Path) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let projects = report.projects.iter().map(|p| Named {
        name: &p.data.name,
        file: &p.file,
        field: "name".to_string(),
    });
    found.extend(name_variants("project", projects, root));
    let departments = report.departments.iter().enumerate().map(|(i, d)| Named {
        name: &d.name,
        file: &report.departments_file,
        field: format!("[{i}].name"),
    });
    found.extend(name_variants("department", departments, root));
    found.extend(blank_config(report, root));
    found.extend(kpis(report, root));
    found.extend(empty_achievements(report, root));
    found.extend(text_changed_by_yaml(report, root));
    found
}

/// `city` or `title` left blank, as `hyoka import` writes a new `hyoka.yaml`:
/// every page's title and the footer would lack them.
fn blank_config(report: &Report, root: &Path) -> Vec<Diagnostic> {
    let config = &report.config;
    let keys = [
        ("city", &config.data.city, "the city's name (e.g. 摂津市)"),
        (
            "title",
            &config.data.title,
            "the report's title (e.g. 摂津市 施策評価（令和5年度）)",
        ),
    ];
    keys.into_iter()
        .filter(|(_, value, _)| value.trim().is_empty())
        .map(|(key, _, what)| {
            Diagnostic::warning(
                &config.file,
                locate::position(root, &config.file, key),
                key,
                format!("blank, so every page's title and the footer lack {what}; fill it in"),
            )
        })
        .collect()
}

/// Warnings about the KPIs of every measure.
fn kpis(report: &Report, root: &Path) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for measure in &report.measures {
        for (a, major) in measure.data.major_items.iter().enumerate() {
            for (k, kpi) in major.kpis.iter().enumerate() {
                let at = |field: &str| Located {
                    root,
                    file: &measure.file,
                    field: format!("major_items[{a}].kpis[{k}]{field}"),
                };
                found.extend(kpi_warnings(kpi, report.config.data.fiscal_year, at));
            }
        }
    }
    found
}

/// Project rows without 取組実績: their cell on the page would be empty.
fn empty_achievements(report: &Report, root: &Path) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for project in &report.projects {
        for (r, row) in project.data.rows.iter().enumerate() {
            if row.achievements.is_empty() {
                let field = format!("rows[{r}].achievements");
                // Without `achievements:` the row itself is the closest place; the row's `measure` when even that is not found.
                let position = Some(locate::position(root, &project.file, &field))
                    .filter(|position| position.line > 0)
                    .unwrap_or(row.measure.at);
                found.push(Diagnostic::warning(
                    &project.file,
                    position,
                    field,
                    format!(
                        "no achievements (取組実績) for measure `{}` major item {} mid item {} in {}; the page would show an empty cell",
                        row.measure.value,
                        row.major_item.value,
                        row.mid_item.value,
                        row.fiscal_year.wareki()
                    ),
                ));
            }
        }
    }
    found
}

/// Text that reaches the page otherwise than written: cut by ` #`, or
/// joined from several lines with a space, in every file.
fn text_changed_by_yaml(report: &Report, root: &Path) -> Vec<Diagnostic> {
    let mut found = in_file(root, &report.config.file, &*report.config.data);
    for field in &report.fields {
        found.extend(in_file(root, &field.file, &*field.data));
    }
    for measure in &report.measures {
        found.extend(in_file(root, &measure.file, &*measure.data));
    }
    for project in &report.projects {
        found.extend(in_file(root, &project.file, &*project.data));
    }
    found.extend(in_file(root, &report.departments_file, &report.departments));
    found
}

/// [`text_changed_by_yaml`] in one file of the site at `root`, read as `data`.
fn in_file<T: serde::Serialize>(root: &Path, file: &Path, data: &T) -> Vec<Diagnostic> {
    let Ok(text) = std::fs::read_to_string(root.join(file)) else {
        return Vec::new();
    };
    let mut found = cut_by_comments(&text, file, data);
    // YAML joins the lines of a text with a space, which Japanese does not
    // put between words.
    found.extend(properties::joined_lines(&text).into_iter().map(|(position, field, words)| {
        Diagnostic::warning(
            file,
            position,
            field,
            format!(
                "the text goes on over several lines, which YAML joins with a space, so the page shows 「{words}」; write the whole text on one line"
            ),
        )
    }));
    found
}

/// Text values of `file` (its `text`, read as `data`) whose line goes on
/// after ` #`: YAML reads the rest as a comment, so that part of the text
/// never reaches the page.
fn cut_by_comments<T: serde::Serialize>(text: &str, file: &Path, data: &T) -> Vec<Diagnostic> {
    // Lines with a comment after something: few, and none in most files,
    // so only the values written on them are looked for.
    let suspects: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim_start().starts_with('#') && line.contains(" #"))
        .collect();
    let Some(data) = (!suspects.is_empty())
        .then(|| serde_json::to_value(data).ok())
        .flatten()
    else {
        return Vec::new();
    };
    let mut texts = Vec::new();
    strings(&data, String::new(), &mut texts);
    let mut found = Vec::new();
    for (field, value) in texts {
        if value.is_empty() || !suspects.iter().any(|line| line.contains(value)) {
            continue;
        }
        let position = locate::locate(text, &field);
        if let Some(comment) = comment_after(text, position, value) {
            found.push(Diagnostic::warning(
                file,
                position,
                field,
                format!(
                    "`{comment}` is a YAML comment (it follows ` #`) and does not appear on the page; if it is part of the text, put the whole text in quotes ('…', with each ' inside written ''), and a note for editors can go on a line of its own"
                ),
            ));
        }
    }
    found
}

/// The keys whose values are ids of other files.
const REFERENCE_KEYS: [&str; 6] = [
    "fields",
    "measures",
    "projects",
    "department",
    "measure",
    "id",
];

/// Every string in `data` (a file's content as read) but ids, with its field path.
fn strings<'d>(data: &'d serde_json::Value, path: String, into: &mut Vec<(String, &'d str)>) {
    match data {
        serde_json::Value::String(text) => into.push((path, text)),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                strings(item, format!("{path}[{i}]"), into);
            }
        }
        serde_json::Value::Object(entries) => {
            // Ids are never shown as text: `- bosai-kunren  # 防災訓練` only
            // notes which project the id names.
            let texts = entries
                .iter()
                .filter(|(key, _)| !REFERENCE_KEYS.contains(&key.as_str()));
            for (key, value) in texts {
                let dot = if path.is_empty() { "" } else { "." };
                strings(value, format!("{path}{dot}{key}"), into);
            }
        }
        _ => {}
    }
}

/// The comment after the plain value `value` written at `position` (a `-`
/// item or a `key:`), when it probably cuts the text: ` #` and what follows
/// on that line. After a bullet any comment is suspect; after a key's value
/// only one whose `#` starts a word (`#2`, `#せっつ`), as `key: value  # …`
/// is how the `hyoka new` example explains its fields.
fn comment_after<'t>(text: &'t str, position: Position, value: &str) -> Option<&'t str> {
    let (_, from) = position.split_line(text)?;
    let (bullet, written) = match from.strip_prefix('-') {
        Some(item) => (true, item),
        None => (false, from.split_once(':')?.1),
    };
    let after = written.trim_start_matches(' ').strip_prefix(value)?;
    let comment = after.strip_prefix(' ')?.trim_start().strip_prefix('#')?;
    let cuts = if bullet {
        !comment.trim().is_empty()
    } else {
        comment.starts_with(|c: char| !c.is_whitespace())
    };
    Some(after.trim()).filter(|_| cuts)
}

/// A name and where it is written.
struct Named<'a> {
    name: &'a str,
    file: &'a Path,
    field: String,
}

/// Warns about each name that differs from an earlier one only in spaces,
/// width or kana/kanji variants, naming the earlier one.
fn name_variants<'a>(
    kind: &str,
    names: impl Iterator<Item = Named<'a>>,
    root: &Path,
) -> Vec<Diagnostic> {
    let mut first: HashMap<String, Named<'a>> = HashMap::new();
    let mut found = Vec::new();
    for named in names {
        let form = compared_form(named.name);
        match first.get(&form) {
            Some(earlier) if earlier.name != named.name => found.push(Diagnostic::warning(
                named.file,
                locate::position(root, named.file, &named.field),
                &named.field,
                format!(
                    "{kind} name 「{}」 differs from 「{}」 ({}) only in kana/kanji variants, width or spaces; if they are the same {kind}, write it one way",
                    named.name,
                    earlier.name,
                    crate::display_path(earlier.file)
                ),
            )),
            Some(_) => {}
            None => {
                first.insert(form, named);
            }
        }
    }
    found
}

/// A field of a KPI in a measure file.
struct Located<'a> {
    root: &'a Path,
    file: &'a Path,
    field: String,
}

impl Located<'_> {
    fn warning(&self, message: String) -> Diagnostic {
        Diagnostic::warning(
            self.file,
            locate::position(self.root, self.file, &self.field),
            &self.field,
            message,
        )
    }
}

/// Warnings about one KPI of the report on `fiscal_year`; `at(".target")`
/// is where its target is written.
fn kpi_warnings<'a>(
    kpi: &Kpi,
    fiscal_year: FiscalYear,
    at: impl Fn(&str) -> Located<'a>,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    // A result cannot come from after the year evaluated: most likely a mistyped year.
    for (year, _) in kpi.results.0.iter().filter(|(year, _)| *year > fiscal_year) {
        found.push(at(&format!(".results.{}", year.wareki())).warning(format!(
            "a result for {}, after {}, the year this report evaluates; is the year right?",
            year.both(),
            fiscal_year.both()
        )));
    }
    let values: Vec<(String, String, &Value)> = std::iter::once((
        "baseline".to_string(),
        ".baseline".to_string(),
        &kpi.baseline,
    ))
    .chain(
        kpi.results
            .0
            .iter()
            .map(|(year, value)| (year.wareki(), format!(".results.{}", year.wareki()), value)),
    )
    .chain(std::iter::once((
        "target".to_string(),
        ".target".to_string(),
        &kpi.target,
    )))
    .collect();
    // Units in the order they first appear: (unit, where, field).
    let mut units: Vec<(&str, &str, &str)> = Vec::new();
    for (label, field, value) in &values {
        if let Some(unit) = value.unit().filter(|unit| !unit.is_empty())
            && !units.iter().any(|(seen, _, _)| *seen == unit)
        {
            units.push((unit, label, field));
        }
    }
    if let [_, (_, _, field), ..] = units[..] {
        let listed: Vec<String> = units
            .iter()
            .map(|(unit, label, _)| format!("{unit} ({label})"))
            .collect();
        found.push(at(field).warning(format!(
            "KPI 「{}」 is written in different units: {}; use one unit so that the years can be compared",
            kpi.name,
            listed.join(", ")
        )));
    }
    if let Some((last, _)) = kpi.results.0.last()
        && kpi.target_year < *last
    {
        found.push(at(".target_year").warning(format!(
            "the target year {} is before the last result year {}; is the target year right?",
            kpi.target_year.wareki(),
            last.wareki()
        )));
    }
    if kpi.direction == Direction::Maintain
        && let (Some(baseline), Some(target)) = (kpi.baseline.number(), kpi.target.number())
        && baseline != target
    {
        found.push(at(".target").warning(format!(
            "the direction is 維持 (keep the level) but the target {} differs from the baseline {}; use 増加 or 減少, or set the target to the baseline",
            kpi.target.original.trim(),
            kpi.baseline.original.trim()
        )));
    }
    found
}
