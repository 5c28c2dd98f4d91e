//! Turning the sheets' measures into content files, merged with the content
//! that already exists.
//!
//! Names become ids here. Japanese names cannot be romanised reliably, so an
//! id is reused when the content already has a file of the same name (a
//! project: same name and department), which keeps ids stable when a report
//! is imported again or next year; otherwise a numbered id is made
//! (`field-1`, `measure-1`, `dept-01`, `project-001`) in order of first
//! appearance, skipping ids in use. The same input therefore always gives the
//! same files.
//!
//! The import owns what the sheets say: a measure file is replaced (its
//! `description` kept), and so are the project rows of the imported measures
//! for the imported fiscal year. Everything else is kept: other rows, other
//! files, descriptions; new departments, fields and measures are appended to
//! the lists that name them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::existing::{
    DEPARTMENTS_FILE, Existing, FIELDS_DIR, MEASURES_DIR, PROJECTS_DIR, site_root,
};
use super::sheet::{Place, SheetMeasure};
use super::text::label_key;
use crate::content::FiscalYear;
use crate::content::load::{CONFIG_FILE, Source};
use crate::content::model::{
    Config, Department, Field, MajorItem, Measure, MidItem, Placed, Project, ProjectRow, Reference,
    default_strategy_page_label,
};
use crate::diagnostic::{Diagnostic, Position};

/// A file the import would write.
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: PathBuf,
    pub text: String,
    /// The existing file's content in the same form as `text`, if it exists:
    /// equal texts mean the file already says what the import says.
    pub current: Option<String>,
    /// What to write instead of `text` (saying the same): the existing file
    /// edited where it changes, keeping its comments and layout.
    pub edited: Option<String>,
}

/// Written at the top of a new `hyoka.yaml`, since the sheets do not say them.
const NEW_CONFIG_NOTE: &str = "\
# hyoka import が書きました。表には市区町村名と報告書の題名がないので、
# city（市区町村名）と title（題名）を記入してください。書き方は docs/content-format.md にあります。
# Written by `hyoka import`. The sheets do not name the city or the report:
# fill in `city` (市区町村名) and `title`, and see docs/content-format.md.
";

/// The files for `measures`, to be written below the content folder `content`.
pub fn plan(
    measures: &[SheetMeasure],
    existing: &Existing,
    content: &Path,
) -> Result<Vec<Planned>, Vec<Diagnostic>> {
    check_each_measure_once(measures)?;
    let fiscal_year = one_fiscal_year(measures)?;
    let page_label = one_strategy_page_label(measures)?;
    let mut plan = Plan::new(existing, content);
    let mut files = Vec::new();
    for sheet in measures {
        files.push(plan.measure(sheet)?);
    }
    for (id, field) in &plan.fields {
        let found = existing.fields.iter().find(|source| source.id == *id);
        let mut file = planned(
            found,
            content.join(FIELDS_DIR).join(format!("{id}.yaml")),
            field,
        )?;
        if let Some(source) = found {
            let added: Vec<&str> = (field.measures[source.data.measures.len()..].iter())
                .map(|measure| measure.value.as_str())
                .collect();
            keep_comments::<Field>(&mut file, |text| {
                let mut lines = lines_of(text);
                items_added(&mut lines, "measures", &added)?;
                Some(lines.concat())
            });
        }
        files.push(file);
    }
    files.extend(plan.projects(fiscal_year)?);
    let mut departments = planned(
        existing.departments.as_ref(),
        content.join(DEPARTMENTS_FILE),
        &plan.departments,
    )?;
    if let Some(source) = &existing.departments {
        let new = &plan.departments[source.data.len()..];
        let added = yaml(&new, &departments.path)?;
        keep_comments::<Vec<Department>>(&mut departments, |text| {
            if new.is_empty() {
                return None;
            }
            // The list is the whole file: new entries go at its end.
            let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
            let mut edited = text.to_string();
            if !edited.is_empty() && !edited.ends_with('\n') {
                edited.push_str(ending);
            }
            edited.push_str(&added.replace('\n', ending));
            Some(edited)
        });
    }
    files.push(departments);
    files.push(plan.config(fiscal_year, page_label, measures)?);
    // A site the import starts gets what `hyoka new` gives one for git:
    // output/ kept out, and line ends the same on every computer.
    if existing.config.is_none() {
        let site = site_root(content);
        files.extend(
            crate::scaffold::git_files()
                .map(|(name, text)| (site.join(name), text))
                .filter(|(path, _)| std::fs::symlink_metadata(path).is_err())
                .map(|(path, text)| Planned {
                    path,
                    text: text.to_string(),
                    current: None,
                    edited: None,
                }),
        );
    }
    Ok(files)
}

/// Names of the sheets resolved to ids, and the lists that grow.
struct Plan<'e> {
    existing: &'e Existing,
    content: &'e Path,
    field_ids: NewIds,
    measure_ids: NewIds,
    department_ids: NewIds,
    project_ids: NewIds,
    /// Fields touched by the import, in order of appearance, with their measures.
    fields: Vec<(String, Field)>,
    /// departments.yaml: the existing entries, then new ones.
    departments: Vec<Department>,
    /// Projects of the import, in order of appearance.
    projects: Vec<PlannedProject>,
    /// Ids of the measures imported.
    imported_measures: BTreeSet<String>,
}

struct PlannedProject {
    id: String,
    name: String,
    department: String,
    /// Index in `Existing::projects`.
    existing: Option<usize>,
    path: PathBuf,
    /// The rows the sheets give, in sheet order.
    rows: Vec<ProjectRow>,
}

impl<'e> Plan<'e> {
    fn new(existing: &'e Existing, content: &'e Path) -> Plan<'e> {
        let departments = existing
            .departments
            .as_ref()
            .map(|source| source.data.clone())
            .unwrap_or_default();
        Plan {
            existing,
            content,
            field_ids: NewIds::new("field", 1, existing.fields.iter().map(|s| s.id.clone())),
            measure_ids: NewIds::new("measure", 1, existing.measures.iter().map(|s| s.id.clone())),
            department_ids: NewIds::new("dept", 2, departments.iter().map(|d| d.id.value.clone())),
            project_ids: NewIds::new("project", 3, existing.projects.iter().map(|s| s.id.clone())),
            fields: Vec::new(),
            departments: departments.to_vec(),
            projects: Vec::new(),
            imported_measures: BTreeSet::new(),
        }
    }

    /// The measure file of a sheet's measure, its names resolved to ids; its
    /// field lists it, its projects get its rows.
    fn measure(&mut self, sheet: &SheetMeasure) -> Result<Planned, Vec<Diagnostic>> {
        let field_id = self.field_id(&sheet.field);
        let measure_id = self.measure_id(&field_id, &sheet.name);
        self.imported_measures.insert(measure_id.clone());
        let mut major_items = Vec::new();
        for major in &sheet.major_items {
            let mut mid_items = Vec::new();
            for mid in &major.mid_items {
                let mut projects = Vec::new();
                for project in &mid.projects {
                    let department = self.department_id(&project.department);
                    let planned = self.project(&project.name, &department);
                    planned.rows.push(ProjectRow {
                        measure: reference(&measure_id),
                        major_item: Placed::unplaced(major.number),
                        mid_item: Placed::unplaced(mid.number),
                        fiscal_year: project.fiscal_year,
                        achievements: project.achievements.clone(),
                        analysis: project.analysis.clone(),
                    });
                    projects.push(reference(&planned.id));
                }
                let (number, title, sector_plan_page) =
                    (mid.number, mid.title.clone(), mid.sector_plan_page.clone());
                mid_items.push(MidItem {
                    number,
                    title,
                    sector_plan_page,
                    projects,
                });
            }
            let (number, title, kpis) = (major.number, major.title.clone(), major.kpis.clone());
            major_items.push(MajorItem {
                number,
                title,
                kpis,
                mid_items,
            });
        }
        if let Some((_, field)) = self.fields.iter_mut().find(|(id, _)| *id == field_id)
            && !field.measures.iter().any(|r| r.value == measure_id)
        {
            field.measures.push(reference(&measure_id));
        }
        let found = self
            .existing
            .measures
            .iter()
            .find(|source| source.id == measure_id);
        let measure = Measure {
            name: sheet.name.clone(),
            sector_plan: sheet.sector_plan.clone(),
            strategy_page: sheet.strategy_page.clone(),
            description: found.and_then(|source| source.data.description.clone()),
            major_items,
        };
        planned(
            found,
            self.content
                .join(MEASURES_DIR)
                .join(format!("{measure_id}.yaml")),
            &measure,
        )
    }

    /// The project files the import touches. The rows of the imported
    /// measures for the imported year are replaced, in place, in every
    /// project: one the sheets no longer list loses them.
    fn projects(&self, fiscal_year: Option<FiscalYear>) -> Result<Vec<Planned>, Vec<Diagnostic>> {
        let replaced = |row: &ProjectRow| {
            fiscal_year == Some(row.fiscal_year)
                && self.imported_measures.contains(row.measure.value.as_str())
        };
        let mut files = Vec::new();
        for (index, source) in self.existing.projects.iter().enumerate() {
            let new_rows = self
                .projects
                .iter()
                .find(|p| p.existing == Some(index))
                .map_or(&[][..], |p| &p.rows);
            let old_rows = &source.data.rows;
            if new_rows.is_empty() && !old_rows.iter().any(replaced) {
                continue; // A project the import does not touch.
            }
            let at = old_rows.iter().position(replaced).unwrap_or(old_rows.len());
            let mut rows: Vec<ProjectRow> = old_rows
                .iter()
                .filter(|row| !replaced(row))
                .cloned()
                .collect();
            rows.splice(at..at, new_rows.iter().cloned());
            files.push(planned(
                Some(source),
                source.file.clone(),
                &Project {
                    rows,
                    ..(*source.data).clone()
                },
            )?);
        }
        for project in self.projects.iter().filter(|p| p.existing.is_none()) {
            let department = reference(&project.department);
            let data = Project {
                name: project.name.clone(),
                department,
                description: None,
                rows: project.rows.clone(),
            };
            files.push(planned(None, project.path.clone(), &data)?);
        }
        Ok(files)
    }

    /// The import's part of `hyoka.yaml`: the fields it imported are listed
    /// and the fiscal year is the sheets' 取組実績 year. A new one has the city
    /// and title blank, since the sheets do not say them, and a note saying so.
    fn config(
        &self,
        fiscal_year: Option<FiscalYear>,
        page_label: Option<&str>,
        measures: &[SheetMeasure],
    ) -> Result<Planned, Vec<Diagnostic>> {
        let field_ids = self.fields.iter().map(|(id, _)| id);
        if let Some(source) = &self.existing.config {
            let mut config = (*source.data).clone();
            for id in field_ids {
                if !config.fields.iter().any(|r| r.value == *id) {
                    config.fields.push(reference(id));
                }
            }
            config.fiscal_year = fiscal_year.unwrap_or(config.fiscal_year);
            // The same label spaced otherwise is no change.
            let label = page_label.filter(|label| !same_label(label, &config.strategy_page_label));
            if let Some(label) = label {
                config.strategy_page_label = label.to_string();
            }
            let mut file = planned(Some(source), source.file.clone(), &config)?;
            let added: Vec<&str> = config.fields[source.data.fields.len()..]
                .iter()
                .map(|field| field.value.as_str())
                .collect();
            keep_comments::<Config>(&mut file, |text| {
                edited_config(text, &added, config.fiscal_year, label)
            });
            return Ok(file);
        }
        let Some(fiscal_year) = fiscal_year else {
            let message = "cannot tell the report's fiscal year for a new hyoka.yaml: no 「…年度 の取組実績」 header was found";
            return Err(measures
                .iter()
                .take(1)
                .map(|m| m.place.error("分野", message))
                .collect());
        };
        let config = Config {
            city: String::new(),
            city_code: None,
            title: String::new(),
            fiscal_year,
            base_url: "/".to_string(),
            language: "ja".to_string(),
            star_legend: None,
            strategy_page_label: page_label
                .filter(|label| !same_label(label, &default_strategy_page_label()))
                .map_or_else(default_strategy_page_label, str::to_string),
            introduction: None,
            fields: field_ids.map(|id| reference(id)).collect(),
            judgment: Default::default(),
            search: true,
            data_license: None,
            contact: None,
            report_url: None,
        };
        let file = planned(None, site_root(self.content).join(CONFIG_FILE), &config)?;
        Ok(Planned {
            text: format!("{NEW_CONFIG_NOTE}{}", file.text),
            ..file
        })
    }

    fn field_id(&mut self, name: &str) -> String {
        if let Some((id, _)) = self.fields.iter().find(|(_, field)| field.name == name) {
            return id.clone();
        }
        let (id, field) = match self
            .existing
            .fields
            .iter()
            .find(|source| source.data.name == name)
        {
            Some(source) => (source.id.clone(), (*source.data).clone()),
            None => (
                self.field_ids.next(),
                Field {
                    name: name.to_string(),
                    description: None,
                    measures: Vec::new(),
                },
            ),
        };
        self.fields.push((id.clone(), field));
        id
    }

    /// An existing measure of that name listed by the same field keeps its id.
    fn measure_id(&mut self, field_id: &str, name: &str) -> String {
        let listed = self
            .fields
            .iter()
            .find(|(id, _)| id == field_id)
            .map(|(_, field)| &field.measures);
        let found = self.existing.measures.iter().find(|source| {
            source.data.name == name
                && listed.is_some_and(|measures| measures.iter().any(|r| r.value == source.id))
        });
        match found {
            Some(source) => source.id.clone(),
            None => self.measure_ids.next(),
        }
    }

    fn department_id(&mut self, name: &str) -> String {
        if let Some(department) = self.departments.iter().find(|d| d.name == name) {
            return department.id.value.clone();
        }
        let id = self.department_ids.next();
        self.departments.push(Department {
            id: reference(&id),
            name: name.to_string(),
        });
        id
    }

    /// The project `name` of `department`, planned on its first appearance.
    fn project(&mut self, name: &str, department: &str) -> &mut PlannedProject {
        let index = match self
            .projects
            .iter()
            .position(|p| p.name == name && p.department == department)
        {
            Some(index) => index,
            None => {
                let existing = self.existing.projects.iter().position(|source| {
                    source.data.name == name && source.data.department.value == department
                });
                let (id, path) = match existing.and_then(|index| self.existing.projects.get(index))
                {
                    Some(source) => (source.id.clone(), source.file.clone()),
                    None => {
                        let id = self.project_ids.next();
                        let path = self
                            .content
                            .join(PROJECTS_DIR)
                            .join(department)
                            .join(format!("{id}.yaml"));
                        (id, path)
                    }
                };
                let (name, department) = (name.to_string(), department.to_string());
                self.projects.push(PlannedProject {
                    id,
                    name,
                    department,
                    existing,
                    path,
                    rows: Vec::new(),
                });
                self.projects.len() - 1
            }
        };
        &mut self.projects[index]
    }
}

/// Numbered ids not yet in use: `dept-01`, `dept-02`, …
struct NewIds {
    prefix: &'static str,
    width: usize,
    next: u32,
    taken: BTreeSet<String>,
}

impl NewIds {
    fn new(prefix: &'static str, width: usize, taken: impl Iterator<Item = String>) -> NewIds {
        NewIds {
            prefix,
            width,
            next: 0,
            taken: taken.collect(),
        }
    }

    fn next(&mut self) -> String {
        loop {
            self.next += 1;
            let id = format!("{}-{:0width$}", self.prefix, self.next, width = self.width);
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// Each measure once: the same 施策 in two sheets or files would overwrite itself.
fn check_each_measure_once(measures: &[SheetMeasure]) -> Result<(), Vec<Diagnostic>> {
    let mut first: BTreeMap<(&str, &str), &Place> = BTreeMap::new();
    let mut problems = Vec::new();
    for measure in measures {
        if let Some(place) = first.insert((&measure.field, &measure.name), &measure.place) {
            let message = format!(
                "施策 {} (分野 {}) is also in {place}; import each measure once",
                measure.name, measure.field
            );
            problems.push(measure.place.error("分野", message));
            first.insert((&measure.field, &measure.name), place);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The fiscal year of all 取組実績 columns, which is the report's year.
fn one_fiscal_year(measures: &[SheetMeasure]) -> Result<Option<FiscalYear>, Vec<Diagnostic>> {
    let mut first: Option<(FiscalYear, &Place)> = None;
    let mut problems = Vec::new();
    let projects = measures
        .iter()
        .flat_map(|m| &m.major_items)
        .flat_map(|major| &major.mid_items)
        .flat_map(|mid| &mid.projects);
    for project in projects {
        match first {
            None => first = Some((project.fiscal_year, &project.place)),
            Some((year, place)) if year != project.fiscal_year => {
                let message = format!(
                    "this row's 取組実績 are for {} but those at {place} are for {}; import one fiscal year at a time",
                    project.fiscal_year.wareki(),
                    year.wareki()
                );
                problems.push(project.place.error("project row", message));
            }
            Some(_) => {}
        }
    }
    if problems.is_empty() {
        Ok(first.map(|(year, _)| year))
    } else {
        Err(problems)
    }
}

/// The label of the sheets' strategy page (行政経営戦略 参照ページ), which
/// names the city's document: one for all sheets of a report.
fn one_strategy_page_label(measures: &[SheetMeasure]) -> Result<Option<&str>, Vec<Diagnostic>> {
    let mut labels = measures
        .iter()
        .filter_map(|m| m.strategy_page_label.as_ref());
    let Some((first, first_place)) = labels.next() else {
        return Ok(None);
    };
    let problems: Vec<Diagnostic> = labels
        .filter(|(label, _)| !same_label(label, first))
        .map(|(label, place)| {
            let message = format!(
                "「{label}」 differs from 「{first}」 at {first_place}: a report's measures refer to one document; make the labels the same"
            );
            place.error("「…参照ページ」", message)
        })
        .collect();
    if problems.is_empty() {
        Ok(Some(first))
    } else {
        Err(problems)
    }
}

/// Whether two labels are the same but for spaces (as sheets' labels are read).
fn same_label(a: &str, b: &str) -> bool {
    label_key(a) == label_key(b)
}

/// Sets `file` to be written as its existing file edited by `edit`, so that
/// the staff's own file keeps its comments (those `hyoka new` wrote, or
/// their own) and layout, where it changes and the edit reads back as what
/// the import says; otherwise it is written anew.
fn keep_comments<T: serde::de::DeserializeOwned + Serialize>(
    file: &mut Planned,
    edit: impl FnOnce(&str) -> Option<String>,
) {
    if file.current.as_deref() == Some(file.text.as_str()) {
        return;
    }
    file.edited = std::fs::read_to_string(&file.path)
        .ok()
        .and_then(|text| edit(&text))
        .filter(|edited| {
            crate::content::parse::parse_yaml::<T>(edited)
                .is_ok_and(|read| yaml(&read, &file.path).as_ref() == Ok(&file.text))
        });
}

/// `text` of a `hyoka.yaml` with the field ids `added` at the end of its
/// `fields` list and `fiscal_year` as its fiscal year, every other line as
/// it is; None where the file is not laid out so.
fn edited_config(
    text: &str,
    added: &[&str],
    fiscal_year: FiscalYear,
    page_label: Option<&str>,
) -> Option<String> {
    let mut lines = lines_of(text);
    let year = value_written(&mut lines, "fiscal_year", &fiscal_year.wareki())?;
    if let Some(label) = page_label {
        // After the year, where the sheets' other facts about the report are.
        if value_written(&mut lines, "strategy_page_label", label).is_none() {
            let ending = if lines[year].ends_with("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            lines.insert(year + 1, format!("strategy_page_label: {label}{ending}"));
        }
    }
    items_added(&mut lines, "fields", added)?;
    Some(lines.concat())
}

/// Writes `value` in place of the one on the top-level line of `key` in
/// `lines`, keeping a comment after it: the line's number, or None where
/// `key` has no value on its line.
fn value_written(lines: &mut [String], key: &str, value: &str) -> Option<usize> {
    let at = lines
        .iter()
        .position(|line| top_level(line, key).is_some())?;
    let after_key = top_level(&lines[at], key)?;
    let written = after_key.split(" #").next()?.trim();
    if written.is_empty() {
        return None;
    }
    lines[at] = format!("{key}:{}", after_key.replacen(written, value, 1));
    Some(at)
}

/// The lines of `text`, each with its line ending.
fn lines_of(text: &str) -> Vec<String> {
    text.split_inclusive('\n').map(String::from).collect()
}

/// What follows `key:` on a line of the top level that writes it.
fn top_level<'l>(line: &'l str, key: &str) -> Option<&'l str> {
    line.strip_prefix(key)
        .and_then(|rest| rest.strip_prefix(':'))
        .filter(|rest| rest.is_empty() || rest.starts_with([' ', '\r', '\n']))
}

/// Adds the ids `added` at the end of the top-level list `key` of `lines`,
/// as items like the ones there; None where the list is not written as
/// items below its key (a list on one line, no items yet).
fn items_added(lines: &mut Vec<String>, key: &str, added: &[&str]) -> Option<()> {
    let list = lines.iter().position(|line| {
        top_level(line, key)
            .is_some_and(|rest| rest.trim().is_empty() || rest.trim().starts_with('#'))
    })?;
    // The list's items, up to the next top-level key (comments and blank lines may come between).
    let last = (list + 1..lines.len())
        .take_while(|&i| lines[i].starts_with([' ', '-', '#', '\r', '\n']))
        .filter(|&i| lines[i].trim_start().starts_with("- "))
        .last()?;
    let ending = if lines[last].ends_with("\r\n") || lines[list].ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let indent = &lines[last][..lines[last].len() - lines[last].trim_start().len()];
    let items: Vec<String> = added
        .iter()
        .map(|id| format!("{indent}- {id}{ending}"))
        .collect();
    if !lines[last].ends_with('\n') {
        lines[last].push_str(ending);
    }
    lines.splice(last + 1..last + 1, items);
    Some(())
}

/// A file to write: at the existing file's path if there is one.
fn planned<T: Serialize>(
    found: Option<&Source<T>>,
    path: PathBuf,
    data: &T,
) -> Result<Planned, Vec<Diagnostic>> {
    let path = found.map_or(path, |source| source.file.clone());
    let text = yaml(data, &path)?;
    let current = found
        .map(|source| yaml(source.data.as_ref(), &source.file))
        .transpose()?;
    Ok(Planned {
        path,
        text,
        current,
        edited: None,
    })
}

/// The content as YAML, laid out as people write it (and as the bundled site
/// is): long lines kept whole, a text of several lines (Alt+Enter in the
/// sheet) as a block of those lines (`|-`) rather than one quoted line with
/// `\n` in it, list items indented below their key.
fn yaml<T: Serialize>(data: &T, path: &Path) -> Result<String, Vec<Diagnostic>> {
    // Block scalars only for texts with line breaks: never folded, since
    // Japanese has no spaces to fold at.
    let options = serde_saphyr::ser_options! {
        prefer_block_scalars: true,
        folded_wrap_chars: usize::MAX,
        compact_list_indent: false,
    };
    serde_saphyr::to_string_with_options(data, options).map_err(|e| {
        vec![Diagnostic::error(
            path,
            Position::default(),
            "",
            format!("cannot write the YAML: {e}"),
        )]
    })
}

/// A reference to an id, made by the import rather than read from a file.
fn reference(id: &str) -> Reference {
    Placed::unplaced(id.to_string())
}
