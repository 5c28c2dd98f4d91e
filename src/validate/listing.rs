//! What lists what: `hyoka.yaml` lists the fields in their order, each field
//! its measures, each mid item its projects, and each project names its
//! department. A file that nothing lists would not be published.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::path::Path;

use crate::content::load::CONFIG_FILE;
use crate::content::{Config, Field, Measure, Project, Source};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};

use super::references::{Known, report_unlisted, resolve, resolve_list};

/// The projects (indexes) each mid item of a measure lists, by major and mid item.
pub(super) type ListedProjects = Vec<Vec<Vec<usize>>>;

/// The fields in the order `hyoka.yaml` lists them (indexes into `fields`);
/// reports unknown and twice-listed ids, and fields it does not list.
pub(super) fn field_order(
    config: &Source<Config>,
    fields: &[Source<Field>],
    known: &Known,
    problems: &mut Diagnostics,
) -> Vec<usize> {
    let order = resolve_list(
        config.data.fields.iter().enumerate(),
        |i| format!("fields[{i}]"),
        &known.fields,
        &config.file,
        known.field(),
        known.broken,
        problems,
    );
    report_unlisted(
        fields,
        |field| &field.name,
        &order,
        config.data.fields.iter().map(|r| r.value.as_str()),
        &format!("{CONFIG_FILE} `fields`"),
        problems,
    );
    order
}

/// The measures in the order their fields list them (indexes into
/// `measures`), and each one's field as its position in `field_order`;
/// reports a measure listed by two fields, and measures no field lists.
pub(super) fn measure_order(
    fields: &[Source<Field>],
    field_order: &[usize],
    measures: &[Source<Measure>],
    known: &Known,
    problems: &mut Diagnostics,
) -> (Vec<usize>, HashMap<usize, usize>) {
    let mut order = Vec::new();
    let mut measure_field = HashMap::with_capacity(measures.len());
    for (field_position, &field) in field_order.iter().enumerate() {
        let listed = resolve_list(
            fields[field].data.measures.iter().enumerate(),
            |i| format!("measures[{i}]"),
            &known.measures,
            &fields[field].file,
            known.measure(),
            known.broken,
            problems,
        );
        for measure in listed {
            if let Some(first) = measure_field.insert(measure, field_position) {
                let reference = fields[field]
                    .data
                    .measures
                    .iter()
                    .find(|r| r.value == measures[measure].id);
                problems.push(Diagnostic::error(
                    &fields[field].file,
                    reference.map(|r| r.at).unwrap_or_default(),
                    "measures",
                    format!(
                        "measure `{}` is already listed by field `{}`; a measure belongs to one field",
                        measures[measure].id, fields[field_order[first]].id
                    ),
                ));
            } else {
                order.push(measure);
            }
        }
    }
    report_unlisted_measures(fields, field_order, measures, &order, known, problems);
    (order, measure_field)
}

/// Reports the measures no field lists. A field left unlisted lists its
/// measures (its own problem is the one to fix), and so does a field file
/// that does not read wherever its text names them. Which measures a file
/// that could not be read as text lists is not known, so then none is reported.
fn report_unlisted_measures(
    fields: &[Source<Field>],
    field_order: &[usize],
    measures: &[Source<Measure>],
    measure_order: &[usize],
    known: &Known,
    problems: &mut Diagnostics,
) {
    let Some(words) = &known.broken.fields.words else {
        return;
    };
    let in_order: HashSet<usize> = field_order.iter().copied().collect();
    let unlisted_fields = (0..fields.len()).filter(|f| !in_order.contains(f));
    let listed_by_them = unlisted_fields
        .flat_map(|f| &fields[f].data.measures)
        .map(|reference| reference.value.as_str());
    let listed: Vec<usize> = listed_by_them
        .chain(words.iter().map(String::as_str))
        .filter_map(|id| known.measures.get(id).copied())
        .chain(measure_order.iter().copied())
        .collect();
    report_unlisted(
        measures,
        |measure| &measure.name,
        &listed,
        (fields.iter().flat_map(|field| &field.data.measures))
            .map(|reference| reference.value.as_str())
            .chain(words.iter().map(String::as_str)),
        "any field's `measures`",
        problems,
    );
}

/// Each project's department (an index into the departments; 0 where it is
/// unknown, which is reported).
pub(super) fn project_departments(
    projects: &[Source<Project>],
    known: &Known,
    problems: &mut Diagnostics,
) -> Vec<usize> {
    projects
        .iter()
        .map(|project| {
            resolve_department(&project.file, &project.data, known, problems).unwrap_or(0)
        })
        .collect()
}

/// The department `project` (of `file`) names, reporting an unknown one.
pub(super) fn resolve_department(
    file: &Path,
    project: &Project,
    known: &Known,
    problems: &mut Diagnostics,
) -> Option<usize> {
    resolve(
        &project.department,
        known.department(),
        &known.departments,
        file,
        || "department".to_string(),
        known.broken,
        problems,
    )
}

/// The projects each mid item of each measure lists, by the measures'
/// position in `measure_order`, by major and mid item; and the measures
/// with a major or mid item number used twice, whose project rows cannot
/// be told apart by number.
pub(super) fn mid_item_projects(
    measures: &[Source<Measure>],
    measure_order: &[usize],
    known: &Known,
    problems: &mut Diagnostics,
) -> (Vec<ListedProjects>, HashSet<usize>) {
    let mut listed_projects = Vec::with_capacity(measure_order.len());
    let mut renumbered = HashSet::new();
    for &measure in measure_order {
        let source = &measures[measure];
        let (listed, numbered_twice) =
            check_measure((&source.file, &source.id, &source.data), known, problems);
        listed_projects.push(listed);
        if numbered_twice {
            renumbered.insert(measure);
        }
    }
    (listed_projects, renumbered)
}

/// Checks a measure's numbering and resolves the projects each mid item
/// lists; also says whether an item number is used twice.
pub(super) fn check_measure(
    (file, id, measure): (&Path, &str, &Measure),
    known: &Known,
    problems: &mut Diagnostics,
) -> (ListedProjects, bool) {
    let mut majors = HashSet::new();
    let mut listed = Vec::new();
    let mut numbered_twice = false;
    for (a, major) in measure.major_items.iter().enumerate() {
        if !majors.insert(major.number) {
            numbered_twice = true;
            problems.push(Diagnostic::error(
                file,
                Position::default(),
                format!("major_items[{a}].number"),
                format!(
                    "major item number {} is used twice in this measure",
                    major.number
                ),
            ));
        }
        let mut mids = HashSet::new();
        let mut mid_lists = Vec::new();
        for (b, mid) in major.mid_items.iter().enumerate() {
            if !mids.insert(mid.number) {
                numbered_twice = true;
                problems.push(Diagnostic::error(
                    file,
                    Position::default(),
                    format!("major_items[{a}].mid_items[{b}].number"),
                    format!(
                        "mid item number {} is used twice in major item {}",
                        mid.number, major.number
                    ),
                ));
            }
            let hint = known.project_at((id, major.number, mid.number), &mid.projects);
            mid_lists.push(resolve_list(
                mid.projects.iter().enumerate(),
                |c| format!("major_items[{a}].mid_items[{b}].projects[{c}]"),
                &known.projects,
                file,
                ("project", &hint),
                known.broken,
                problems,
            ));
        }
        listed.push(mid_lists);
    }
    (listed, numbered_twice)
}
