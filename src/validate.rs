//! Checking content files against each other and resolving references.
//!
//! Every problem is collected, so one run lists all broken references,
//! duplicate ids and misplaced project rows, each with its file and position.

// Validation runs on every save in the preview; foldhash is several times
// faster than the default SipHash on these short ids.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::path::Path;

use rayon::prelude::*;

use crate::content::load::{Broken, CONFIG_FILE, Repaired, Source};
use crate::content::model::Reference;
use crate::content::names::compared_form;
use crate::content::report::{MidRef, Report, RowRef};
use crate::content::{Content, FiscalYear, Measure, Project};
use crate::diagnostic::{Diagnostic, Diagnostics, Position, likely_meant};

/// Checks `content` and resolves it into a [`Report`], or returns every problem found.
pub fn validate(content: Content) -> Result<Report, Diagnostics> {
    let mut problems = Diagnostics::default();
    let Content {
        config,
        fields,
        measures,
        projects,
        departments,
        broken,
    } = content;

    let fields = check_ids(fields, "field", &mut problems);
    let measures = check_ids(measures, "measure", &mut problems);
    let projects = check_ids(projects, "project", &mut problems);
    let department_index = index_departments(&departments, &mut problems);

    // Fields in the order hyoka.yaml lists them.
    let field_index = index_by_id(&fields);
    let field_order = resolve_list(
        config.data.fields.iter().enumerate(),
        |i| format!("fields[{i}]"),
        &field_index,
        &config.file,
        (
            "field",
            &named_like("field", || {
                fields
                    .iter()
                    .map(|f| (f.data.name.as_str(), f.id.as_str(), f.file.as_path()))
                    .collect()
            }),
        ),
        &broken,
        &mut problems,
    );
    report_unlisted(
        &fields,
        |field| &field.name,
        &field_order,
        config.data.fields.iter().map(|r| r.value.as_str()),
        &format!("{CONFIG_FILE} `fields`"),
        &mut problems,
    );

    // Measures in the order their fields list them.
    let measure_index = index_by_id(&measures);
    let mut measure_order = Vec::new();
    let mut measure_field = HashMap::with_capacity(measures.len());
    let measure_named = named_like("measure", || {
        measures
            .iter()
            .map(|m| (m.data.name.as_str(), m.id.as_str(), m.file.as_path()))
            .collect()
    });
    for (field_position, &field) in field_order.iter().enumerate() {
        let listed = resolve_list(
            fields[field].data.measures.iter().enumerate(),
            |i| format!("measures[{i}]"),
            &measure_index,
            &fields[field].file,
            ("measure", &measure_named),
            &broken,
            &mut problems,
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
                measure_order.push(measure);
            }
        }
    }
    // A field left unlisted lists its measures (its own problem is the one
    // to fix), and so does a field file that does not read wherever its
    // text names them. Which measures a file that could not be read as text
    // lists is not known.
    if let Some(words) = &broken.fields.words {
        let in_order: HashSet<usize> = field_order.iter().copied().collect();
        let unlisted_fields = (0..fields.len()).filter(|f| !in_order.contains(f));
        let listed_by_them = unlisted_fields
            .flat_map(|f| &fields[f].data.measures)
            .map(|reference| reference.value.as_str());
        let listed: Vec<usize> = listed_by_them
            .chain(words.iter().map(String::as_str))
            .filter_map(|id| measure_index.get(id).copied())
            .chain(measure_order.iter().copied())
            .collect();
        report_unlisted(
            &measures,
            |measure| &measure.name,
            &listed,
            (fields.iter().flat_map(|field| &field.data.measures))
                .map(|reference| reference.value.as_str())
                .chain(words.iter().map(String::as_str)),
            "any field's `measures`",
            &mut problems,
        );
    }

    // Projects sorted by id; their departments resolved.
    let mut projects = projects;
    projects.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.file.cmp(&b.file)));
    let project_index = index_by_id(&projects);
    let department_named = named_like("department", || {
        (departments.data.iter())
            .map(|d| {
                (
                    d.name.as_str(),
                    d.id.value.as_str(),
                    departments.file.as_path(),
                )
            })
            .collect()
    });
    let project_department: Vec<usize> = projects
        .iter()
        .map(|project| {
            resolve(
                &project.data.department,
                ("department", &department_named),
                &department_index,
                &project.file,
                || "department".to_string(),
                &broken,
                &mut problems,
            )
            .unwrap_or(0)
        })
        .collect();

    // Mid items: the projects they list.
    let measure_position: HashMap<usize, usize> = measure_order
        .iter()
        .enumerate()
        .map(|(position, &m)| (m, position))
        .collect();
    let mut listed_projects: Vec<Vec<Vec<Vec<usize>>>> = Vec::new();
    // Measures with a major or mid item number used twice: which item a
    // project's row means cannot be told, so their rows are not checked
    // (each would be a problem that follows from the number).
    let mut renumbered = HashSet::new();
    let named = named_like("project", || {
        projects
            .iter()
            .map(|p| (p.data.name.as_str(), p.id.as_str(), p.file.as_path()))
            .collect()
    });
    for &measure in &measure_order {
        let source = &measures[measure];
        let (listed, numbered_twice) = check_measure(
            (&source.file, &source.data),
            &project_index,
            &named,
            &broken,
            &mut problems,
        );
        listed_projects.push(listed);
        if numbered_twice {
            renumbered.insert(measure);
        }
    }

    // Project rows: each must belong to a mid item that lists its project.
    // Projects are checked in parallel (at national scale their 150,000 rows
    // point all over the report), their problems kept in project order.
    let fiscal_year = config.data.fiscal_year;
    let lookup = RowLookup {
        measure_index: &measure_index,
        measure_position: &measure_position,
        measures: &measures,
        measure_order: &measure_order,
        listed_projects: &listed_projects,
        broken: &broken,
        renumbered: &renumbered,
        project_index: &project_index,
        measure_named: ("measure", &measure_named),
    };
    // For each project, the mid item of each row, and its rows of the
    // report's year with theirs: a short list a project's few rows are found
    // in faster than in one map of every row (which at national scale was
    // most of validation).
    let (row_mids, year_rows): (Vec<_>, Vec<_>) =
        checked_in_parallel(&projects, &mut problems, |p, project, found| {
            locate_rows(p, project, fiscal_year, &lookup, found)
        })
        .into_iter()
        .unzip();

    // Files that do not read: the ids they name, where they can be read once repaired.
    check_repaired(
        &broken.fields.repaired,
        &mut problems,
        |file, field, found| {
            resolve_list(
                field.data.measures.iter().enumerate(),
                |i| format!("measures[{i}]"),
                &measure_index,
                file,
                ("measure", &measure_named),
                &broken,
                found,
            );
        },
    );
    check_repaired(
        &broken.measures.repaired,
        &mut problems,
        |file, measure, found| {
            check_measure(
                (file, &measure.data),
                &project_index,
                &named,
                &broken,
                found,
            );
        },
    );
    check_repaired(
        &broken.projects.repaired,
        &mut problems,
        |file, project, found| {
            resolve(
                &project.data.department,
                ("department", &department_named),
                &department_index,
                file,
                || "department".to_string(),
                &broken,
                found,
            );
            for (r, row) in project.data.rows.iter().enumerate() {
                // Which mid item a row means depends on all three: a repaired one
                // (`major_item: 二` read as 1) would have the others looked up wrongly.
                let places = [row.measure.at, row.major_item.at, row.mid_item.at];
                if !places.iter().any(|at| project.changed(at.line)) {
                    locate_row((file, &project.data), r, &lookup, found);
                }
            }
        },
    );

    // The hints borrow the sources, which the report takes over below.
    drop((measure_named, department_named, named));

    // Each project a mid item lists must have its row for the report's year.
    // With no row for that year anywhere, the report is most likely a new
    // year's, copied from last year's site: the messages say so.
    let year_has_rows = year_rows.iter().any(|rows| !rows.is_empty());
    let mid_rows = checked_in_parallel(&listed_projects, &mut problems, |m, majors, found| {
        if renumbered.contains(&measure_order[m]) {
            return Vec::new();
        }
        listed_rows(
            m,
            majors,
            &measures[measure_order[m]],
            &projects,
            (&row_mids, &year_rows),
            (fiscal_year, year_has_rows),
            found,
        )
    });

    if problems.has_errors() {
        return Err(problems);
    }
    // measure_field gives each measure its field's position in field_order.
    let mut field_measures: Vec<Vec<usize>> = vec![Vec::new(); field_order.len()];
    for (position, measure) in measure_order.iter().enumerate() {
        field_measures[measure_field[measure]].push(position);
    }
    let measure_field_positions = measure_order.iter().map(|m| measure_field[m]).collect();
    let mut fields_by_index: Vec<Option<Source<_>>> = fields.into_iter().map(Some).collect();
    let mut measures_by_index: Vec<Option<Source<_>>> = measures.into_iter().map(Some).collect();
    Ok(Report {
        config,
        fields: field_order
            .iter()
            .filter_map(|&f| fields_by_index[f].take())
            .collect(),
        measures: measure_order
            .iter()
            .filter_map(|&m| measures_by_index[m].take())
            .collect(),
        field_measures,
        measure_field: measure_field_positions,
        projects,
        project_department,
        row_mids,
        departments: std::sync::Arc::unwrap_or_clone(departments.data),
        departments_file: departments.file,
        mid_rows,
    })
}

/// What is wrong with `id`, if anything. Ids become folders of the built site
/// and parts of its web addresses: lower-case ASCII letters, digits, `-` and
/// `_`, and not a name Windows keeps for a device, since a city's web server
/// may run Windows, where such a folder cannot be created.
pub fn id_problem(id: &str) -> Option<&'static str> {
    let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_';
    if id.is_empty() || !id.as_bytes()[0].is_ascii_alphanumeric() || !id.bytes().all(allowed) {
        return Some(
            "cannot be part of a web address; use lower-case ASCII letters, digits, `-` and `_`, starting with a letter or digit",
        );
    }
    let device = matches!(id, "con" | "prn" | "aux" | "nul")
        || (id.len() == 4
            && (id.starts_with("com") || id.starts_with("lpt"))
            && matches!(id.as_bytes()[3], b'1'..=b'9'));
    device.then_some(
        "is a name Windows keeps for a device (con, prn, aux, nul, com1–com9, lpt1–lpt9), so its folder could not be copied to a Windows web server; choose another",
    )
}

/// Reports invalid and duplicate ids; keeps only the first file of each id.
fn check_ids<T>(sources: Vec<Source<T>>, kind: &str, problems: &mut Diagnostics) -> Vec<Source<T>> {
    let first = index_by_id(&sources);
    let mut keep = vec![false; sources.len()];
    for (i, source) in sources.iter().enumerate() {
        if let Some(problem) = id_problem(&source.id) {
            problems.push(Diagnostic::error(
                &source.file,
                Position::default(),
                "",
                format!(
                    "the file name gives the {kind} id `{}`, which {problem}",
                    source.id
                ),
            ));
        }
        match first[source.id.as_str()] {
            kept if kept == i => keep[i] = true,
            kept => problems.push(Diagnostic::error(
                &source.file,
                Position::default(),
                "",
                format!(
                    "duplicate {kind} id `{}`: {} has the same file name",
                    source.id,
                    crate::display_path(&sources[kept].file)
                ),
            )),
        }
    }
    sources
        .into_iter()
        .zip(keep)
        .filter_map(|(source, keep)| keep.then_some(source))
        .collect()
}

fn index_by_id<T>(sources: &[Source<T>]) -> HashMap<&str, usize> {
    let mut index = HashMap::with_capacity(sources.len());
    for (i, source) in sources.iter().enumerate() {
        index.entry(source.id.as_str()).or_insert(i);
    }
    index
}

fn index_departments(
    departments: &Source<Vec<crate::content::Department>>,
    problems: &mut Diagnostics,
) -> HashMap<String, usize> {
    let mut index = HashMap::new();
    for (i, department) in departments.data.iter().enumerate() {
        let position = department.id.at;
        let field = format!("[{i}].id");
        if let Some(problem) = id_problem(&department.id.value) {
            problems.push(Diagnostic::error(
                &departments.file,
                position,
                &field,
                format!("department id `{}` {problem}", department.id.value),
            ));
        }
        if index.insert(department.id.value.clone(), i).is_some() {
            problems.push(Diagnostic::error(
                &departments.file,
                position,
                &field,
                format!("duplicate department id `{}`", department.id.value),
            ));
        }
    }
    index
}

/// What a reference names (`project`…), and more to say of an unknown id
/// (that it is a project's name, not its id).
type Kind<'k> = (&'k str, &'k (dyn Fn(&str) -> Option<String> + Sync));

/// The hint for an unknown id that is the name of one of the `kind`s that
/// `items` gives as (name, id, file): whose name it is, also when written
/// another way (width, spaces, kana/kanji variants: 防災　訓練事業). A name
/// written exactly is preferred to one written another way, and a name that
/// several have (a city has an 一般事務事業 in many departments) names them
/// all, for the writer to choose. The names are gathered only at the first
/// unknown id, by whichever thread meets it.
fn named_like<'a>(
    kind: &'static str,
    items: impl Fn() -> Vec<(&'a str, &'a str, &'a Path)> + Sync,
) -> impl Fn(&str) -> Option<String> + Sync {
    type Named<'a> = (&'a str, &'a str, &'a Path);
    let names = std::sync::OnceLock::new();
    move |written: &str| {
        let names: &HashMap<String, Vec<Named>> = names.get_or_init(|| {
            let mut names: HashMap<String, Vec<Named>> = HashMap::new();
            for item in items() {
                names.entry(compared_form(item.0)).or_default().push(item);
            }
            names
        });
        let alike = names.get(&compared_form(written))?;
        let exact: Vec<&Named> = alike
            .iter()
            .filter(|(name, _, _)| *name == written)
            .collect();
        let meant = if exact.is_empty() {
            alike.iter().collect()
        } else {
            exact
        };
        let (name, _, _) = meant[0];
        let whose = if *name == written {
            format!("「{written}」 is the name")
        } else {
            format!("「{written}」 is written like 「{name}」, the name")
        };
        let ids: Vec<String> = (meant.iter())
            .map(|(_, id, file)| format!("`{id}` ({})", crate::display_path(file)))
            .collect();
        Some(match &ids[..] {
            [one] => format!("; {whose} of {kind} {one}: write its id"),
            several => format!(
                "; {whose} of {kind}s {}: write the id of the one meant",
                several.join(", ")
            ),
        })
    }
}

/// Resolves one reference, reporting an unknown id. `field` names the
/// reference's field, made only when there is a problem to report.
fn resolve<K: std::borrow::Borrow<str> + std::hash::Hash + Eq>(
    reference: &Reference,
    (kind, hint): Kind,
    index: &HashMap<K, usize>,
    file: &Path,
    field: impl Fn() -> String,
    broken: &Broken,
    problems: &mut Diagnostics,
) -> Option<usize> {
    let found = index.get(reference.value.as_str()).copied();
    let unparsed = match kind {
        "field" => &broken.fields.ids,
        "measure" => &broken.measures.ids,
        "project" => &broken.projects.ids,
        _ => &std::collections::HashSet::new(),
    };
    if found.is_none() && !unparsed.contains(&reference.value) {
        report_unknown(
            reference,
            (kind, hint),
            (index, unparsed),
            file,
            &field(),
            problems,
        );
    }
    found
}

/// Reports a reference to an id that no file has, offering the id of
/// `index` or of the files that did not parse (`unparsed`) it is likely a
/// misspelling of.
fn report_unknown<K: std::borrow::Borrow<str>>(
    reference: &Reference,
    (kind, hint): Kind,
    (index, unparsed): (&HashMap<K, usize>, &std::collections::HashSet<String>),
    file: &Path,
    field: &str,
    problems: &mut Diagnostics,
) {
    let ids = (index.keys().map(|id| id.borrow())).chain(unparsed.iter().map(String::as_str));
    let perhaps = likely_meant(&reference.value, ids)
        .map(|id| format!(" (perhaps `{id}`)"))
        .unwrap_or_default();
    let named = hint(&reference.value).unwrap_or_default();
    problems.push(Diagnostic::error(
        file,
        reference.at,
        field,
        format!(
            "unknown {kind} id `{}`{perhaps}: {}{named}",
            reference.value,
            where_kind_lives(kind)
        ),
    ));
}

fn where_kind_lives(kind: &str) -> &'static str {
    match kind {
        "field" => "expected the id of a file in content/fields/",
        "measure" => "expected the id of a file in content/measures/",
        "project" => "expected the id of a file in content/projects/",
        _ => "expected an id listed in content/departments.yaml",
    }
}

/// Resolves a list of references, reporting unknown ids and ids listed twice.
/// `field` names the field of the n-th reference, for messages only.
fn resolve_list<'a>(
    references: impl Iterator<Item = (usize, &'a Reference)>,
    field: impl Fn(usize) -> String,
    index: &HashMap<&str, usize>,
    file: &Path,
    (kind, hint): Kind,
    broken: &Broken,
    problems: &mut Diagnostics,
) -> Vec<usize> {
    let mut resolved = Vec::new();
    for (n, reference) in references {
        if let Some(i) = resolve(
            reference,
            (kind, hint),
            index,
            file,
            || field(n),
            broken,
            problems,
        ) {
            if resolved.contains(&i) {
                problems.push(Diagnostic::error(
                    file,
                    reference.at,
                    field(n),
                    format!("{kind} `{}` is listed twice", reference.value),
                ));
            } else {
                resolved.push(i);
            }
        }
    }
    resolved
}

/// Reports each of `sources` that no list names (`listed` are those found
/// in `references`), but one that an unknown reference is likely a
/// misspelling of, or gives its `name`: the message about that reference
/// offers its id.
fn report_unlisted<'r, T>(
    sources: &[Source<T>],
    name: impl Fn(&T) -> &str,
    listed: &[usize],
    references: impl Iterator<Item = &'r str>,
    list_name: &str,
    problems: &mut Diagnostics,
) {
    let listed: HashSet<usize> = listed.iter().copied().collect();
    let first = index_by_id(sources);
    let unknown: Vec<&str> = references.filter(|id| !first.contains_key(id)).collect();
    for (i, source) in sources.iter().enumerate() {
        let misspelt = || {
            unknown.iter().any(|id| {
                likely_meant(id, [source.id.as_str()]).is_some()
                    || compared_form(id) == compared_form(name(&source.data))
            })
        };
        // A duplicate id is reported once, by check_ids.
        if !listed.contains(&i) && first.get(source.id.as_str()) == Some(&i) && !misspelt() {
            problems.push(Diagnostic::error(
                &source.file,
                Position::default(),
                "",
                format!("`{}` is not listed in {list_name}, so it would not be published; list it or delete the file", source.id),
            ));
        }
    }
}

/// Checks a measure's numbering and resolves the projects each mid item
/// lists; also says whether an item number is used twice.
fn check_measure(
    (file, measure): (&Path, &Measure),
    projects: &HashMap<&str, usize>,
    named: &(dyn Fn(&str) -> Option<String> + Sync),
    broken: &Broken,
    problems: &mut Diagnostics,
) -> (Vec<Vec<Vec<usize>>>, bool) {
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
            mid_lists.push(resolve_list(
                mid.projects.iter().enumerate(),
                |c| format!("major_items[{a}].mid_items[{b}].projects[{c}]"),
                projects,
                file,
                ("project", named),
                broken,
                problems,
            ));
        }
        listed.push(mid_lists);
    }
    (listed, numbered_twice)
}

/// `check` applied to what each of `files`, which do not read, says once
/// repaired ([`Unparsed::repaired`](crate::content::load::Unparsed::repaired)): of the problems it finds, those on
/// lines the repair left as written are kept, with their fields numbered as
/// written. Those without a line (an item number used twice) are about the
/// file's outline, which a repair may have changed (a number written in
/// kanji is read as `1`, an item taken out).
fn check_repaired<T>(
    files: &[Source<Repaired<T>>],
    problems: &mut Diagnostics,
    check: impl Fn(&Path, &Repaired<T>, &mut Diagnostics),
) {
    for source in files {
        let mut found = Diagnostics::default();
        check(&source.file, &source.data, &mut found);
        found.retain(|problem| {
            problem.position != Position::default() && !source.data.changed(problem.position.line)
        });
        problems.extend(found.into_iter().map(|mut problem| {
            problem.field = source.data.as_written(&problem.field);
            problem
        }));
    }
}

/// `check` applied to each of `items` (with its position) on all threads, the
/// results in order; the problems each finds are added to `problems` in the
/// order of the items, as a loop would find them.
fn checked_in_parallel<T: Sync, R: Send>(
    items: &[T],
    problems: &mut Diagnostics,
    check: impl Fn(usize, &T, &mut Diagnostics) -> R + Sync,
) -> Vec<R> {
    let checked: Vec<(R, Diagnostics)> = items
        .par_iter()
        .enumerate()
        .map(|(i, item)| {
            let mut found = Diagnostics::default();
            (check(i, item, &mut found), found)
        })
        .collect();
    checked
        .into_iter()
        .map(|(result, found)| {
            problems.extend(found);
            result
        })
        .collect()
}

/// Where [`locate_rows`] looks project rows up.
struct RowLookup<'a> {
    measure_index: &'a HashMap<&'a str, usize>,
    measure_position: &'a HashMap<usize, usize>,
    measures: &'a [Source<Measure>],
    measure_order: &'a [usize],
    listed_projects: &'a [Vec<Vec<Vec<usize>>>],
    broken: &'a Broken,
    renumbered: &'a HashSet<usize>,
    project_index: &'a HashMap<&'a str, usize>,
    /// The hint for a row's measure written by its name.
    measure_named: Kind<'a>,
}

/// The mid item of each row of project `p` (a placeholder for a row that
/// points nowhere, reported), and the rows of the report's year with theirs.
fn locate_rows(
    p: usize,
    project: &Source<Project>,
    fiscal_year: FiscalYear,
    lookup: &RowLookup,
    problems: &mut Diagnostics,
) -> (Vec<MidRef>, Vec<(MidRef, usize)>) {
    let mut of_year = Vec::new();
    let mut mids = Vec::with_capacity(project.data.rows.len());
    let mut seen = HashSet::new();
    for (r, row) in project.data.rows.iter().enumerate() {
        let field = || format!("rows[{r}]");
        let position = row.measure.at;
        let Some(at) = locate_row((&project.file, &project.data), r, lookup, problems) else {
            mids.push(UNPLACED);
            continue;
        };
        if !seen.insert((at, row.fiscal_year)) {
            problems.push(Diagnostic::error(
                &project.file,
                position,
                field(),
                format!(
                    "a second row for measure `{}` major item {} mid item {} in {}; merge the two rows",
                    row.measure.value,
                    row.major_item.value,
                    row.mid_item.value,
                    row.fiscal_year.wareki()
                ),
            ));
        }
        // (A mid item listing an unknown id may mean this project: that id's
        // problem is the one reported.)
        let mid = &lookup.measures[lookup.measure_order[at.measure]]
            .data
            .major_items[at.major]
            .mid_items[at.mid];
        let lists_an_unknown = || {
            mid.projects
                .iter()
                .any(|listed| !lookup.project_index.contains_key(listed.value.as_str()))
        };
        if !lookup.listed_projects[at.measure][at.major][at.mid].contains(&p) && !lists_an_unknown()
        {
            problems.push(Diagnostic::error(
                &project.file,
                position,
                field(),
                format!(
                    "mid item {} of major item {} in measure `{}` does not list project `{}`; add it to that mid item's `projects` in {}",
                    row.mid_item.value,
                    row.major_item.value,
                    row.measure.value,
                    project.id,
                    crate::display_path(&lookup.measures[lookup.measure_order[at.measure]].file)
                ),
            ));
        }
        if row.fiscal_year == fiscal_year {
            of_year.push((at, r));
        }
        mids.push(at);
    }
    (mids, of_year)
}

/// For each project, the mid item of each of its rows, and its rows of the
/// report's year with theirs (as `locate_rows` gives them).
/// The mid item of a row that points at none (a problem reported with the
/// row): it may be the row a mid item lacks, so that lack is not reported.
const UNPLACED: MidRef = MidRef {
    measure: usize::MAX,
    major: usize::MAX,
    mid: usize::MAX,
};

type RowPlaces<'a> = (&'a [Vec<MidRef>], &'a [Vec<(MidRef, usize)>]);

/// The rows of the report's year that the mid items of measure `m` (at its
/// position in report order) show, by major and mid item; reports a listed
/// project without one (`year_has_rows`: whether any project has a row for
/// that year).
fn listed_rows(
    m: usize,
    majors: &[Vec<Vec<usize>>],
    measure: &Source<Measure>,
    projects: &[Source<Project>],
    (row_mids, year_rows): RowPlaces,
    (fiscal_year, year_has_rows): (FiscalYear, bool),
    problems: &mut Diagnostics,
) -> Vec<Vec<Vec<RowRef>>> {
    let mut major_rows = Vec::with_capacity(majors.len());
    for (major, mids) in majors.iter().enumerate() {
        let mut mid_list = Vec::with_capacity(mids.len());
        for (mid, listed) in mids.iter().enumerate() {
            let at = MidRef {
                measure: m,
                major,
                mid,
            };
            let mut rows = Vec::with_capacity(listed.len());
            for (i, &p) in listed.iter().enumerate() {
                // A second row for the same mid item and year was reported
                // with the project's rows; the last one is taken.
                let row = year_rows[p].iter().rev().find(|(mid, _)| *mid == at);
                match row {
                    Some(&(_, row)) => rows.push(RowRef { project: p, row }),
                    None if row_mids[p].contains(&UNPLACED) => {}
                    None => {
                        let item = &measure.data.major_items[major];
                        let reference = &item.mid_items[mid].projects[i];
                        // Rows of other years for this mid item: most likely a mistyped year.
                        let other_years: Vec<String> = (row_mids[p].iter().enumerate())
                            .filter(|&(_, row_at)| *row_at == at)
                            .map(|(r, _)| projects[p].data.rows[r].fiscal_year)
                            .filter(|year| *year != fiscal_year)
                            .map(FiscalYear::wareki)
                            .collect();
                        let has_one = match &other_years[..] {
                            [] => String::new(),
                            years => format!("it has one for {}", years.join(", ")),
                        };
                        let mistyped = match (has_one.is_empty(), year_has_rows) {
                            (true, true) => String::new(),
                            (false, true) => format!(
                                " ({has_one}: if that is the year meant, correct its fiscal_year)"
                            ),
                            (_, false) => format!(
                                " ({has_one}{}no project has a row for {}: in a new year's report, add this year's rows, otherwise correct the year{})",
                                if has_one.is_empty() { "" } else { "; " },
                                fiscal_year.wareki(),
                                if has_one.is_empty() {
                                    format!(" in {CONFIG_FILE}")
                                } else {
                                    format!(", in its row or in {CONFIG_FILE}")
                                }
                            ),
                        };
                        problems.push(Diagnostic::error(
                            &measure.file,
                            reference.at,
                            format!("major_items[{major}].mid_items[{mid}].projects[{i}]"),
                            format!(
                                "project `{}` has no row for this mid item (measure `{}`, major_item {}, mid_item {}) in {}; add one to {}{mistyped}",
                                reference.value,
                                measure.id,
                                item.number,
                                item.mid_items[mid].number,
                                fiscal_year.wareki(),
                                crate::display_path(&projects[p].file)
                            ),
                        ));
                    }
                }
            }
            mid_list.push(rows);
        }
        major_rows.push(mid_list);
    }
    major_rows
}

/// Finds the mid item a project row points at, reporting what does not exist.
fn locate_row(
    (file, project): (&Path, &Project),
    r: usize,
    lookup: &RowLookup,
    problems: &mut Diagnostics,
) -> Option<MidRef> {
    let RowLookup {
        measure_index,
        measure_position,
        measures,
        broken,
        ..
    } = *lookup;
    let row = &project.rows[r];
    let measure = resolve(
        &row.measure,
        lookup.measure_named,
        measure_index,
        file,
        || format!("rows[{r}].measure"),
        broken,
        problems,
    )?;
    if lookup.renumbered.contains(&measure) {
        return None;
    }
    let items = &measures[measure].data.major_items;
    let Some(major) = items
        .iter()
        .position(|item| item.number == row.major_item.value)
    else {
        let numbers: Vec<String> = items.iter().map(|item| item.number.to_string()).collect();
        problems.push(Diagnostic::error(
            file,
            row.major_item.at,
            format!("rows[{r}].major_item"),
            format!(
                "measure `{}` has no major item {}; expected one of {}",
                row.measure.value,
                row.major_item.value,
                numbers.join(", ")
            ),
        ));
        return None;
    };
    let mids = &items[major].mid_items;
    let Some(mid) = mids
        .iter()
        .position(|item| item.number == row.mid_item.value)
    else {
        let numbers: Vec<String> = mids.iter().map(|item| item.number.to_string()).collect();
        problems.push(Diagnostic::error(
            file,
            row.mid_item.at,
            format!("rows[{r}].mid_item"),
            format!(
                "major item {} of measure `{}` has no mid item {}; expected one of {}",
                row.major_item.value,
                row.measure.value,
                row.mid_item.value,
                numbers.join(", ")
            ),
        ));
        return None;
    };
    // A measure that no field lists was reported already.
    let measure = *measure_position.get(&measure)?;
    Some(MidRef {
        measure,
        major,
        mid,
    })
}

#[cfg(test)]
mod tests {
    use super::id_problem;

    #[test]
    fn ids_are_folder_names_every_web_server_can_hold() {
        for fine in [
            "bosai",
            "r5-digital_2",
            "0start",
            "console",
            "con-1",
            "com0",
            "com10",
            "lpt",
        ] {
            assert_eq!(id_problem(fine), None, "{fine}");
        }
        for address in ["", "-bosai", "_x", "Bosai", "防災", "bo sai", "a.b"] {
            assert!(
                id_problem(address)
                    .unwrap()
                    .starts_with("cannot be part of a web address"),
                "{address}"
            );
        }
        for device in ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"] {
            assert!(
                id_problem(device)
                    .unwrap()
                    .starts_with("is a name Windows keeps"),
                "{device}"
            );
        }
    }
}
