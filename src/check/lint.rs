//! Warnings for content that is valid but probably a mistake.

use std::collections::HashMap;
use std::path::Path;

use super::locate;
use rayon::prelude::*;

use crate::content::load::read_text;
use crate::content::model::{Department, Direction, Kpi, Measure, Project};
use crate::content::names::compared_form;
use crate::content::parse::quote_briefly;
use crate::content::value::is_digit;
use crate::content::{FiscalYear, Report, Source, Value, ValueKind, properties};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::import::text::starts_bullet;

/// [`lint`], sorted by file and position, as `hyoka build` and the preview print them.
pub fn sorted(report: &Report, root: &Path) -> Vec<Diagnostic> {
    let mut found = Diagnostics::default();
    found.extend(lint(report, root));
    found.into_sorted()
}

/// Every warning about `report`, the site at `root`. Most name a field whose
/// place the model does not keep: they are placed in their files at the end.
pub fn lint(report: &Report, root: &Path) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let projects = report
        .projects
        .iter()
        .zip(&report.project_department)
        .map(|(p, &d)| Named {
            name: &p.data.name,
            file: &p.file,
            field: "name".to_string(),
            department: Some(&report.departments[d]),
            cited: crate::display_path(&p.file).into_owned(),
        });
    found.extend(repeated_names(&PROJECT, projects));
    let departments = report.departments.iter().enumerate().map(|(i, d)| Named {
        name: &d.name,
        file: &report.departments_file,
        field: format!("[{i}].name"),
        department: None,
        cited: format!(
            "`{}` in {}",
            d.id.value,
            crate::display_path(&report.departments_file)
        ),
    });
    found.extend(repeated_names(&DEPARTMENT, departments));
    found.extend(unfinished_config(report));
    found.extend(swapped_thresholds(report));
    found.extend(settings_of_another_year(report));
    found.extend(example_left(root));
    found.extend(example_description_left(report));
    found.extend(kpis(report));
    found.extend(star_without_legend(report));
    found.extend(empty_achievements(report));
    found.extend(projects_without_rows(report));
    found.extend(bullets(report));
    found.extend(text_changed_by_yaml(report, root));
    locate::place(root, &mut found);
    found
}

/// Content files still as `hyoka new` wrote them: their made-up figures
/// would be published beside the report's (as after `hyoka import` into a
/// new site, which adds the report's measures to the example).
fn example_left(root: &Path) -> Vec<Diagnostic> {
    crate::scaffold::example_figures()
        .filter(|(path, example)| {
            read_text(&root.join(path)).is_some_and(|text| text.replace("\r\n", "\n") == *example)
        })
        .map(|(path, _)| {
            Diagnostic::warning(
                path,
                Position::default(),
                "",
                "still the example that `hyoka new` wrote, with made-up figures that the site would publish; replace them with the report's own, or delete the file and take its id out of the lists that name it",
            )
        })
        .collect()
}

/// A field whose description is still the example's, as after `hyoka new`
/// and `hyoka import` (which keeps a field's description, as the sheet has
/// none): the field's page would publish a made-up sentence as the city's.
fn example_description_left(report: &Report) -> Vec<Diagnostic> {
    let Some(example) = crate::scaffold::example_field_description() else {
        return Vec::new();
    };
    (report.fields.iter())
        .filter(|field| field.data.description.as_deref().map(str::trim) == Some(example.trim()))
        .map(|field| {
            Diagnostic::warning(
                &field.file,
                Position::default(),
                "description",
                "still the example's description that `hyoka new` wrote, which the field's page would publish as the city's; write the field's own (e.g. from the city's comprehensive plan), or delete the description",
            )
        })
        .collect()
}

/// `city` or `title` left blank, as `hyoka import` writes a new `hyoka.yaml`,
/// or still holding the placeholder `hyoka new` writes: every page's title
/// and the footer would lack them. Also the top page's `introduction` and
/// the `contact` still holding the placeholder.
fn unfinished_config(report: &Report) -> Vec<Diagnostic> {
    let config = &report.config;
    let keys = [
        ("city", &config.data.city, "the city's name (e.g. 摂津市)"),
        (
            "title",
            &config.data.title,
            "the report's title (e.g. 摂津市 施策評価（令和5年度）)",
        ),
    ];
    let warning =
        |key, message| Diagnostic::warning(&config.file, Position::default(), key, message);
    let required = keys.into_iter().filter_map(|(key, value, what)| {
        let message = if value.trim().is_empty() {
            format!("blank, so every page's title and the footer lack {what}; fill it in")
        } else {
            let mark = placeholder(value)?;
            format!(
                "still the placeholder {mark} that `hyoka new` writes, so every page's title and the footer show 「{value}」; fill in {what}"
            )
        };
        Some(warning(key, message))
    });
    // The top page's text and the contact are optional: only a placeholder
    // left in them is a slip.
    let optional = [
        (
            "introduction",
            &config.data.introduction,
            "the top page says",
        ),
        ("contact", &config.data.contact, "every page's foot says"),
    ];
    let placeholders = optional.into_iter().filter_map(|(key, value, says)| {
        let message = placeholder_in(value.as_deref()?, says)?;
        Some(warning(key, message))
    });
    required.chain(placeholders).collect()
}

/// The judgment's `on_track` rate above its `achieved` one (each is in range,
/// which the model checks, but not the two together): likely swapped.
fn swapped_thresholds(report: &Report) -> Option<Diagnostic> {
    let config = &report.config;
    let judgment = &config.data.judgment;
    (judgment.on_track > judgment.achieved).then(|| {
        Diagnostic::warning(
            &config.file,
            Position::default(),
            "judgment.on_track",
            format!(
                "{} is above achieved ({}), so no KPI is judged {} and those between are judged {}; on_track is the lower rate (the defaults are 1.0 and 0.5)",
                judgment.on_track,
                judgment.achieved,
                judgment.labels.on_track,
                judgment.labels.achieved
            ),
        )
    })
}

/// What to say of a text that still holds a placeholder, where a page `says`
/// it: the line with it, cut short around the placeholder (an introduction
/// may be paragraphs long).
fn placeholder_in(text: &str, says: &str) -> Option<String> {
    /// Characters quoted before the placeholder, when it is far into its line.
    const BEFORE: usize = 10;
    let mark = placeholder(text)?;
    let line = text.lines().find(|line| line.contains(mark))?.trim();
    let chars_before = line[..line.find(mark)?].chars().count();
    let quoted = match chars_before.saturating_sub(BEFORE) {
        0 => quote_briefly(line),
        skipped => {
            let from = line.char_indices().nth(skipped).map_or(0, |(at, _)| at);
            format!("…{}", quote_briefly(&line[from..]))
        }
    };
    Some(format!(
        "still the placeholder {mark} that `hyoka new` writes, so {says} 「{quoted}」; fill in the city's name"
    ))
}

/// A `title` or `base_url` that names another year than `fiscal_year`:
/// most likely last year's, left when the site was copied for the new report.
fn settings_of_another_year(report: &Report) -> Vec<Diagnostic> {
    let config = &report.config;
    let fiscal_year = config.data.fiscal_year;
    let settings = [
        (
            "title",
            FiscalYear::named_in(&config.data.title),
            "every page's title would name another year than its content",
        ),
        (
            "base_url",
            years_in_address(&config.data.base_url),
            "the site would give its pages another year's addresses (canonical links, sitemap)",
        ),
    ];
    (settings.into_iter())
        .filter_map(|(key, named, so)| {
            let year = another_year(&named, fiscal_year)?;
            Some(Diagnostic::warning(
                &config.file,
                Position::default(),
                key,
                format!(
                    "names {}, but fiscal_year is {}, so {so}; is it last year's?",
                    year.both(),
                    fiscal_year.both()
                ),
            ))
        })
        .collect()
}

/// The first of the years `named` if none is `fiscal_year`, nor the year
/// after it: some cities name a report by the year it is written in
/// (令和6年度 施策評価, evaluating 令和5年度).
fn another_year(named: &[FiscalYear], fiscal_year: FiscalYear) -> Option<FiscalYear> {
    let fits =
        |year: &FiscalYear| *year == fiscal_year || year.western() == fiscal_year.western() + 1;
    named.first().copied().filter(|_| !named.iter().any(fits))
}

/// The fiscal years the folders of an address are named by, alone or as a
/// word of a folder's name between `-`, `_` or `.`: `r5`, `r05` and `reiwa5`
/// (令和5年度), `h30` and `heisei30` (平成30年度), `2023` and `fy2023`
/// (`hyoka-r5`, `report_2023`).
fn years_in_address(address: &str) -> Vec<FiscalYear> {
    /// A year's name before its number, with the era it names ("" for a
    /// western year); longer names first, as `r` begins `reiwa`.
    const ERAS: [(&str, &str); 5] = [
        ("reiwa", "令和"),
        ("heisei", "平成"),
        ("fy", ""),
        ("r", "令和"),
        ("h", "平成"),
    ];
    let path = match address.split_once("://") {
        Some((_, rest)) => rest.split_once('/').map_or("", |(_, path)| path),
        None => address,
    };
    (path.split(['/', '-', '_', '.']))
        .filter_map(|word| {
            let word = word.to_ascii_lowercase();
            let (era, number) = ERAS
                .iter()
                .find_map(|&(name, era)| Some((era, word.strip_prefix(name)?)))
                .unwrap_or(("", word.as_str()));
            let digits = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
            let year = digits && (!era.is_empty() || number.len() == 4);
            year.then(|| FiscalYear::parse(&format!("{era}{number}")))
                .flatten()
        })
        .collect()
}

/// The placeholder in `text`, as `hyoka new` writes it (〇〇市) or typed
/// with the circle ○ that looks alike. Only two together: one 〇 is also
/// the kanji zero (二〇二三年).
fn placeholder(text: &str) -> Option<&str> {
    ["〇〇", "○○"].into_iter().find(|mark| text.contains(mark))
}

/// Every KPI of the report, with its measure's file and its field there.
fn every_kpi(report: &Report) -> impl Iterator<Item = (&Path, String, &Kpi)> {
    report.measures.iter().flat_map(measure_kpis)
}

/// The KPIs of one measure, with its file and their fields there.
fn measure_kpis(measure: &Source<Measure>) -> impl Iterator<Item = (&Path, String, &Kpi)> {
    let majors = measure.data.major_items.iter().enumerate();
    majors.flat_map(move |(a, major)| {
        major.kpis.iter().enumerate().map(move |(k, kpi)| {
            let field = format!("major_items[{a}].kpis[{k}]");
            (measure.file.as_path(), field, kpi)
        })
    })
}

/// Warnings about the KPIs of every measure, the measures taken in parallel
/// (a national report has 100,000 KPIs, and `hyoka build` looks too).
fn kpis(report: &Report) -> Vec<Diagnostic> {
    let fiscal_year = report.config.data.fiscal_year;
    (report.measures.par_iter())
        .flat_map_iter(|measure| {
            measure_kpis(measure).flat_map(move |(file, kpi_field, kpi)| {
                let at = move |field: &str| Located {
                    file,
                    field: format!("{kpi_field}{field}"),
                };
                kpi_warnings(kpi, fiscal_year, at)
            })
        })
        .collect()
}

/// KPIs marked 【★】 in a site whose `star_legend` is missing or blank: the
/// pages show the mark without saying what it means. One warning for all.
fn star_without_legend(report: &Report) -> Option<Diagnostic> {
    let config = &report.config;
    let legend = config.data.star_legend.as_deref().unwrap_or_default();
    if !legend.trim().is_empty() {
        return None;
    }
    let starred: Vec<(&Path, String, &Kpi)> =
        every_kpi(report).filter(|(_, _, kpi)| kpi.star).collect();
    let (file, field, _) = starred.first()?;
    // Placed where a blank legend is written; the whole file when there is none.
    Some(Diagnostic::warning(
        &config.file,
        Position::default(),
        "star_legend",
        format!(
            "【★】 marks {} (first: {}, {field}) but hyoka.yaml gives no star_legend, so the pages do not say what 【★】 means; add one, e.g. `star_legend: 【★】は重点指標です。`",
            crate::count(starred.len(), "KPI"),
            crate::display_path(file),
        ),
    ))
}

/// Projects without rows, which no mid item lists (validation holds a listed
/// project to its row). They are published all the same, as a page with an
/// empty table and in the project list, which a file left behind by a
/// re-import (`rows: []`) or a project that ended was likely not meant for.
fn projects_without_rows(report: &Report) -> Vec<Diagnostic> {
    (report.projects.iter())
        .filter(|project| project.data.rows.is_empty())
        .map(|project| {
            Diagnostic::warning(
                &project.file,
                Position::default(),
                "",
                format!(
                    "project `{}` has no rows and no mid item lists it, yet it is published: a page with an empty table, named in the project list; list it in the mid item it belongs to (with its row), or delete the file if it is not in the report",
                    project.id
                ),
            )
        })
        .collect()
}

/// Project rows without 取組実績: their cell on the page would be empty.
fn empty_achievements(report: &Report) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for project in &report.projects {
        for (r, row) in project.data.rows.iter().enumerate() {
            if row.achievements.is_empty() {
                // Without `achievements:`, placed at the row, the closest place.
                found.push(Diagnostic::warning(
                    &project.file,
                    Position::default(),
                    format!("rows[{r}].achievements"),
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

/// Marks that begin a bullet in the report's sheets. The page puts its own
/// mark before each bullet, so one written in the text shows twice. ※
/// begins a note, which is text.
const BULLET_MARKS: [&str; 6] = ["・", "●", "○", "■", "◆", "- "];

/// Bullets (取組実績, 分析・考察) that begin with a bullet mark of their own,
/// or hold a second bullet.
fn bullets(report: &Report) -> Vec<Diagnostic> {
    (report.projects.par_iter())
        .flat_map_iter(project_bullets)
        .collect()
}

/// [`bullets`] of one project.
fn project_bullets(project: &Source<Project>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (r, row) in project.data.rows.iter().enumerate() {
        let lists = [
            ("achievements", &row.achievements),
            ("analysis", &row.analysis),
        ];
        for (key, list) in lists {
            for (i, bullet) in list.iter().enumerate() {
                let problems = bullet_problems(bullet);
                // Most bullets have none: their field is not even named.
                if problems.is_empty() {
                    continue;
                }
                let at = Located {
                    file: &project.file,
                    field: format!("rows[{r}].{key}[{i}]"),
                };
                found.extend(problems.into_iter().map(|message| at.warning(message)));
            }
        }
    }
    found
}

/// What is wrong with one bullet's text: a mark of its own at its start
/// (also after a full-width space), and a ・ after white space inside it,
/// where the report's export starts a new bullet (docs/import.md). A ・
/// between words (AI・RPA) joins them.
fn bullet_problems(bullet: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut text = bullet.trim_start();
    if let Some(mark) = BULLET_MARKS.iter().find(|mark| text.starts_with(*mark)) {
        found.push(format!(
            "begins with 「{}」, and the page shows its own mark before each bullet: leave it out",
            mark.trim_end()
        ));
        text = text[mark.len()..].trim_start();
    }
    // Most bullets hold no ・ at all: a byte search says so without decoding them.
    let chars: Vec<char> = if text.contains('・') {
        text.chars().collect()
    } else {
        Vec::new()
    };
    if let Some(at) = (1..chars.len()).find(|&i| starts_bullet(Some(chars[i - 1]), chars[i])) {
        // A few letters either side, enough to find the place.
        let from = at.saturating_sub(9);
        let to = (at + 9).min(chars.len());
        let words: String = chars[from..to].iter().collect();
        let (before, after) = (
            if from > 0 { "…" } else { "" },
            if to < chars.len() { "…" } else { "" },
        );
        found.push(format!(
            "「{before}{words}{after}」 holds a ・ after a space, which starts a new bullet in the report's export, so this looks like two bullets in one; write each on a `- ` line of its own, without the ・"
        ));
    }
    found
}

/// Text that reaches the page otherwise than written: cut by ` #`, or
/// joined from several lines with a space, in every file.
fn text_changed_by_yaml(report: &Report, root: &Path) -> Vec<Diagnostic> {
    let mut found = in_source(root, &report.config);
    for field in &report.fields {
        found.extend(in_source(root, field));
    }
    for measure in &report.measures {
        found.extend(in_source(root, measure));
    }
    for project in &report.projects {
        found.extend(in_source(root, project));
    }
    found.extend(in_file(root, &report.departments_file, &report.departments));
    found
}

/// [`in_file`] for a file that may hold such text: most do not (told as
/// they were read), and are not read again.
fn in_source<T: serde::Serialize>(root: &Path, source: &Source<T>) -> Vec<Diagnostic> {
    if !source.may_change_text {
        return Vec::new();
    }
    in_file(root, &source.file, &*source.data)
}

/// [`text_changed_by_yaml`] in one file of the site at `root`, read as `data`.
fn in_file<T: serde::Serialize>(root: &Path, file: &Path, data: &T) -> Vec<Diagnostic> {
    let Some(text) = read_text(&root.join(file)) else {
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
/// never reaches the page; and those holding a note after `　#`, which does.
fn cut_by_comments<T: serde::Serialize>(text: &str, file: &Path, data: &T) -> Vec<Diagnostic> {
    // Lines with a comment after something: few, and none in most files,
    // so only the values written on them are looked for.
    let suspects: Vec<&str> = properties::lines_with_comment(text).collect();
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
        // Most texts hold no note: only those that do are looked for in the file.
        let has_note = (properties::NOTE_MARKS.iter()).any(|mark| value.contains(mark));
        if has_note && let Some(note) = note_in(text, locate::locate(text, &field)) {
            found.push(Diagnostic::warning(
                file,
                locate::position_at(text, crate::offset_in(text, note)),
                field.clone(),
                format!(
                    "`{note}` follows a full-width space 「　」, so YAML reads it as part of the text and the page shows it; if it is a note for editors, take it out of the text and write it above, on a line of its own starting with a half-width `#`"
                ),
            ));
        }
        if value.is_empty() || !suspects.iter().any(|line| line.contains(value)) {
            continue;
        }
        if let Some(comment) = comment_after(text, locate::locate(text, &field), value) {
            // Shown under its `#`.
            let at = crate::offset_in(text, comment);
            found.push(Diagnostic::warning(
                file,
                locate::position_at(text, at),
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

/// The note for editors that the text written at `position` holds after a
/// full-width space ([`properties::NOTE_MARKS`]): from its `#` to the end of
/// its line in `text`.
fn note_in(text: &str, position: Position) -> Option<&str> {
    let (_, from) = position.split_line(text)?;
    let start = crate::offset_in(text, from);
    let mark = (properties::NOTE_MARKS.iter())
        .filter_map(|mark| text[start..].find(mark))
        .min()?;
    let note = &text[start + mark + '\u{3000}'.len_utf8()..];
    Some(note.lines().next().unwrap_or_default().trim_end())
}

/// A name and where it is written.
struct Named<'a> {
    name: &'a str,
    file: &'a Path,
    field: String,
    /// A project's department: the same name in another department is
    /// another project (庶務事業 of each department).
    department: Option<&'a Department>,
    /// How a later one of the same name names this one.
    cited: String,
}

/// What [`Named`] names are of, for the messages.
struct Kind {
    noun: &'static str,
    /// How to make one of two with the same name.
    keep_one: &'static str,
}

const PROJECT: Kind = Kind {
    noun: "project",
    keep_one: "keep one file and list its id in each mid item it belongs to",
};

const DEPARTMENT: Kind = Kind {
    noun: "department",
    keep_one: "keep one entry and give its id as the department of each of their projects",
};

/// Warns about each name written exactly as an earlier one (of a project:
/// in the same department), which lists and pages show twice, and each
/// that differs from an earlier one only in spaces, width or kana/kanji
/// variants, naming the earlier one.
fn repeated_names<'a>(kind: &Kind, names: impl Iterator<Item = Named<'a>>) -> Vec<Diagnostic> {
    let names: Vec<Named<'a>> = names.collect();
    let mut first_form: HashMap<String, &Named> = HashMap::new();
    let mut first_name: HashMap<(&str, Option<&str>), &Named> = HashMap::new();
    let mut found = Vec::new();
    let noun = kind.noun;
    for named in &names {
        let department = named.department.map(|d| d.id.value.as_str());
        let form = compared_form(named.name);
        let message = match (
            first_name.get(&(named.name, department)),
            first_form.get(&form),
        ) {
            (Some(earlier), _) => Some(format!(
                "{noun} name 「{}」{} is also that of {}; if they are the same {noun}, {}",
                named.name,
                named
                    .department
                    .map(|d| format!(" of {}", d.name))
                    .unwrap_or_default(),
                earlier.cited,
                kind.keep_one
            )),
            (None, Some(earlier)) if earlier.name != named.name => Some(format!(
                "{noun} name 「{}」 differs from 「{}」 ({}) only in kana/kanji variants, width or spaces; if they are the same {noun}, write it one way",
                named.name,
                earlier.name,
                crate::display_path(earlier.file)
            )),
            _ => None,
        };
        if let Some(message) = message {
            let at = Located {
                file: named.file,
                field: named.field.clone(),
            };
            found.push(at.warning(message));
        }
        first_name.entry((named.name, department)).or_insert(named);
        first_form.entry(form).or_insert(named);
    }
    found
}

/// A field in a file of the site.
struct Located<'a> {
    file: &'a Path,
    field: String,
}

impl Located<'_> {
    /// A warning about the field, placed where it is written by [`lint`].
    fn warning(&self, message: String) -> Diagnostic {
        Diagnostic::warning(self.file, Position::default(), &self.field, message)
    }
}

/// Which value of a KPI a warning is about. Its field and the words that
/// name it are made only for a warning: a national report has 600,000
/// values, and `hyoka build` looks at every one.
#[derive(Clone, Copy)]
enum Slot {
    Baseline,
    Result(FiscalYear),
    Target,
}

impl Slot {
    /// How a message names the value: baseline, 令和3年度, target.
    fn label(self) -> String {
        match self {
            Slot::Baseline => "baseline".to_string(),
            Slot::Result(year) => year.wareki(),
            Slot::Target => "target".to_string(),
        }
    }

    /// Its field below the KPI's: `.results.令和3年度`.
    fn field(self) -> String {
        match self {
            Slot::Baseline => ".baseline".to_string(),
            Slot::Result(year) => format!(".results.{}", year.wareki()),
            Slot::Target => ".target".to_string(),
        }
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
    // The page judges a KPI on its latest result: without one for the year
    // evaluated (a report carried over to the next year), last year's would
    // be shown as this year's progress. A result that is not in yet is written
    // 集計中 or —, as the city's report does. (The results are sorted by year:
    // a later one than the year evaluated is the mistyped year above.)
    let latest = kpi.results.0.last().map(|(year, _)| *year);
    if latest.is_none_or(|year| year < fiscal_year) {
        let judged = match latest {
            Some(year) => format!(
                ", so the progress shown is judged on the result for {}",
                year.wareki()
            ),
            None => String::new(),
        };
        found.push(at(".results").warning(format!(
            "no result for {}, the year this report evaluates{judged}; write this year's result, or 集計中 or — if there is none yet",
            fiscal_year.both()
        )));
    }
    let values: Vec<(Slot, &Value)> = std::iter::once((Slot::Baseline, &kpi.baseline))
        .chain(
            kpi.results
                .0
                .iter()
                .map(|(year, value)| (Slot::Result(*year), value)),
        )
        .chain(std::iter::once((Slot::Target, &kpi.target)))
        .collect();
    // Units in the order they first appear, in NFKC (％ and % are one unit,
    // as in the open data): (unit, where).
    let mut units: Vec<(std::borrow::Cow<str>, Slot)> = Vec::new();
    for &(slot, value) in &values {
        if let Some(unit) = value.unit_nfkc().filter(|unit| !unit.is_empty())
            && !units.iter().any(|(seen, _)| *seen == unit)
        {
            units.push((unit, slot));
        }
    }
    // A number without a unit among numbers with one: 764 for 764時間.
    if let [(unit, first), ..] = &units[..] {
        let label = first.label();
        for (slot, value) in &values {
            if value.unit().is_some_and(str::is_empty) {
                let written = value.original.trim();
                found.push(at(&slot.field()).warning(format!(
                    "「{written}」 has no unit, unlike {unit} ({label}); write the unit with every value ({written}{unit}), so that the open data says what the number counts"
                )));
            }
        }
    }
    // 1.350人 among 1,200人 and 2,000人: a decimal point typed for the
    // thousands comma reads as 1.35, and the judgment follows it. Said where
    // the value read with a comma is nearer the KPI's other values (whole
    // numbers, or such slips themselves) than the value as read is.
    let three_decimals = |written: &str| {
        written
            .split_once(['.', '．'])
            .is_some_and(|(_, decimals)| decimals.chars().count() == 3)
    };
    let others: Vec<f64> = values
        .iter()
        .filter(|(_, value)| value.written_number().is_some_and(|w| !three_decimals(w)))
        .filter_map(|(_, value)| value.number())
        .map(f64::abs)
        .collect();
    let others_whole = values
        .iter()
        .filter_map(|(_, value)| value.written_number())
        .all(|written| !written.contains(['.', '．']) || three_decimals(written));
    let typical = others.iter().copied().fold(0.0, f64::max);
    for (slot, value) in &values {
        let read = value.number().unwrap_or_default().abs();
        // log distances: how many times larger or smaller than the others' largest
        let off = |v: f64| (v.max(f64::MIN_POSITIVE) / typical).ln().abs();
        if let Some(written) = value.written_number()
            && three_decimals(written)
            && others_whole
            && typical > 0.0
            && off(read * 1000.0) < off(read)
        {
            found.push(at(&slot.field()).warning(format!(
                "「{}」 reads as {} (the point is a decimal point), while the KPI's other values are whole numbers; if {} was meant, write a comma: {}",
                value.original.trim(),
                value.number().unwrap_or_default(),
                written.replacen(['.', '．'], ",", 1),
                value.original.trim().replacen(['.', '．'], ",", 1)
            )));
        }
    }
    if let [_, (_, slot), ..] = units[..] {
        let listed: Vec<String> = units
            .iter()
            .map(|(unit, slot)| format!("{unit} ({})", slot.label()))
            .collect();
        found.push(at(&slot.field()).warning(format!(
            "KPI 「{}」 is written in different units: {}; use one unit so that the years can be compared and the KPI judged (values in two units are judged 評価不能)",
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
    // Text beginning with a number (after a minus sign Value reads) is
    // most likely a number miswritten; 集計中 and — are meant as they are.
    // Text holding a number and the KPI's unit (約764時間, 764時間程度を見込む):
    // a number with a word around it, which the page cannot chart either.
    let unit = units.first().map(|(unit, _)| unit.as_ref());
    // The number that `before` ends with: "1,400" of 約1,400.
    let number_at_end = |before: &str| -> Option<usize> {
        let start = before
            .trim_end_matches(|c: char| is_digit(c) || ",，.．".contains(c))
            .len();
        before[start..].ends_with(is_digit).then_some(start)
    };
    for (slot, value) in &values {
        let written = value.original.trim();
        let number_before =
            |at: usize| number_at_end(&written[..at]).map(|start| &written[start..at]);
        if let Some(unit) = unit
            && matches!(value.kind, ValueKind::Text)
            && !value.is_text_beginning_with_a_number()
            && let Some(number) = written
                .match_indices(unit)
                .find_map(|(at, _)| number_before(at))
        {
            found.push(at(&slot.field()).warning(format!(
                "「{written}」 holds {number}{unit} but is read as text, so the page shows it as written but does not chart or judge it; if {number}{unit} is the KPI's value, begin the cell with it and put the other words in brackets after the unit, as in {number}{unit}(見込み)"
            )));
        }
    }
    for (slot, value) in &values {
        if value.is_text_beginning_with_a_number() {
            found.push(at(&slot.field()).warning(format!(
                "「{}」 begins with a number but is read as text, so the page shows it as written but does not chart or judge it; write a number with a short unit and an optional note in brackets, as in 1,338時間 or 40.9%(令和2年度)",
                value.original.trim()
            )));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bullet_mark_or_a_second_bullet_is_named() {
        let own_mark =
            "begins with 「・」, and the page shows its own mark before each bullet: leave it out";
        assert_eq!(bullet_problems("・RPAを導入した。"), [own_mark]);
        assert_eq!(bullet_problems("\u{3000}・RPAを導入した。"), [own_mark]);
        assert_eq!(
            bullet_problems("○窓口を開いた。 ・相談を受けた。"),
            [
                "begins with 「○」, and the page shows its own mark before each bullet: leave it out",
                "「窓口を開いた。 ・相談を受けた。」 holds a ・ after a space, which starts a new bullet in the report's export, so this looks like two bullets in one; write each on a `- ` line of its own, without the ・",
            ]
        );
    }

    #[test]
    fn an_introductions_placeholder_is_quoted_with_its_line_cut_short() {
        let short = "〇〇市が令和5年度に取り組んだ施策の評価です。";
        assert_eq!(
            placeholder_in(&format!("{short}\n"), "the top page says").as_deref(),
            Some(
                "still the placeholder 〇〇 that `hyoka new` writes, so the top page says 「〇〇市が令和5年度に取り組んだ施策の評価です。」; fill in the city's name"
            )
        );
        let long = format!(
            "本報告書は、{}○○市の施策を評価したものです。",
            "市民の皆さまの声をもとに".repeat(4)
        );
        let message =
            placeholder_in(&format!("# 施策評価\n\n{long}\n"), "the top page says").unwrap();
        // Far into its line, the placeholder is quoted with the ten characters before it.
        assert!(
            message.contains(
                "so the top page says 「…の皆さまの声をもとに○○市の施策を評価したものです。」"
            ),
            "{message}"
        );
        assert_eq!(
            placeholder_in("摂津市の施策評価です。", "the top page says"),
            None
        );
    }

    #[test]
    fn a_dot_between_words_or_a_note_is_text() {
        for text in [
            "AI・RPAの活用を試行した。",
            "標準化・共通化を進めた。",
            "※ 数値は速報値である。",
            "-3件となった。",
        ] {
            assert_eq!(bullet_problems(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_title_of_the_year_before_is_another_year_but_not_the_year_after() {
        let r5 = FiscalYear(2023);
        let title = |text| another_year(&FiscalYear::named_in(text), r5);
        assert_eq!(
            title("摂津市 施策評価（令和4年度）"),
            Some(FiscalYear(2022))
        );
        assert_eq!(title("摂津市 施策評価（令和5年度）"), None);
        assert_eq!(title("令和6年度 施策評価"), None);
        assert_eq!(title("2021年度 施策評価"), Some(FiscalYear(2021)));
        assert_eq!(title("摂津市 施策評価"), None);
    }

    #[test]
    fn the_years_an_address_names_by_its_folders() {
        let years = years_in_address;
        assert_eq!(
            years("https://www.city.example.lg.jp/hyoka/r5/"),
            [FiscalYear(2023)]
        );
        assert_eq!(
            years("/hyoka/H30/2019/"),
            [FiscalYear(2018), FiscalYear(2019)]
        );
        // A word of a folder's name, and the longer names of a year.
        assert_eq!(
            years("/hyoka-r05/reiwa6_report/heisei30/fy2022/hyoka.2021/"),
            [
                FiscalYear(2023),
                FiscalYear(2024),
                FiscalYear(2018),
                FiscalYear(2022),
                FiscalYear(2021)
            ]
        );
        // Not a year: the host, a folder of other letters or digits, a
        // number inside a word.
        assert_eq!(
            years("https://r5.example.jp/hyoka/rx/r/123/v2/hr5/reiwa/fy23/"),
            []
        );
        assert_eq!(years("/"), []);
    }

    #[test]
    fn the_placeholder_of_hyoka_new_but_not_a_kanji_zero() {
        assert_eq!(placeholder("〇〇市"), Some("〇〇"));
        assert_eq!(placeholder("○○市 施策評価"), Some("○○"));
        assert_eq!(placeholder("二〇二三年度 施策評価"), None);
        assert_eq!(placeholder("摂津市"), None);
    }
}
