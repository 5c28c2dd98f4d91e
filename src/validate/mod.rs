//! Checking content files against each other and resolving references.
//!
//! Every problem is collected, so one run lists all broken references,
//! duplicate ids and misplaced project rows, each with its file and position.
//! [`validate`] runs the checks in this order:
//!
//! - [`ids`]: each file's id can be a folder and a web address, and is unique;
//! - [`listing`]: `hyoka.yaml` lists the fields, fields list the measures, mid
//!   items list the projects, projects name their departments
//!   ([`references`] resolves each id and words the hint for an unknown one);
//! - [`rows`]: each project's rows point at mid items that list it, and each
//!   project a mid item lists has its row for the report's year;
//! - the files that do not parse are checked as far as their repair tells.

mod ids;
mod listing;
mod references;
mod rows;

// Validation runs on every save in the preview; foldhash is several times
// faster than the default SipHash on these short ids.
use foldhash::HashMap;

use rayon::prelude::*;

use crate::content::load::{Repaired, Source};
use crate::content::{Content, Report};
use crate::diagnostic::{Diagnostics, Position};

pub use ids::id_problem;
use listing::{check_measure, resolve_department};
use references::{Known, resolve_list};
use rows::{RowLookup, listed_rows, locate_row, locate_rows};

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

    let fields = ids::check_ids(fields, "field", &mut problems);
    let measures = ids::check_ids(measures, "measure", &mut problems);
    let mut projects = ids::check_ids(projects, "project", &mut problems);
    // Projects are published in the order of their ids.
    projects.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.file.cmp(&b.file)));
    let known = Known::new(
        &fields,
        &measures,
        &projects,
        &departments,
        &broken,
        &mut problems,
    );

    let field_order = listing::field_order(&config, &fields, &known, &mut problems);
    let (measure_order, measure_field) =
        listing::measure_order(&fields, &field_order, &measures, &known, &mut problems);
    let project_department = listing::project_departments(&projects, &known, &mut problems);
    // Measures with a major or mid item number used twice are `renumbered`:
    // which item a project's row means cannot be told, so their rows are not
    // checked (each would be a problem that follows from the number).
    let (listed_projects, renumbered) =
        listing::mid_item_projects(&measures, &measure_order, &known, &mut problems);

    // Project rows: each must belong to a mid item that lists its project.
    // Projects are checked in parallel (at national scale their 150,000 rows
    // point all over the report), their problems kept in project order.
    let fiscal_year = config.data.fiscal_year;
    let measure_position: HashMap<usize, usize> = measure_order
        .iter()
        .enumerate()
        .map(|(position, &m)| (m, position))
        .collect();
    let lookup = RowLookup {
        known: &known,
        measure_position: &measure_position,
        measures: &measures,
        measure_order: &measure_order,
        listed_projects: &listed_projects,
        renumbered: &renumbered,
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

    check_unparsed(&lookup, &mut problems);
    // The hints borrow the sources, which the report takes over below.
    drop(known);

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
    Ok(Report {
        config,
        fields: in_order(fields, &field_order),
        measures: in_order(measures, &measure_order),
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

/// The items of `sources` at the indexes `order` lists, in that order.
fn in_order<T>(sources: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut by_index: Vec<Option<T>> = sources.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| by_index[i].take()).collect()
}

/// The files that do not parse: the ids they name, where they can be read once repaired.
fn check_unparsed(lookup: &RowLookup, problems: &mut Diagnostics) {
    let known = lookup.known;
    let broken = known.broken;
    check_repaired(&broken.fields.repaired, problems, |field, found| {
        resolve_list(
            field.data.data.measures.iter().enumerate(),
            |i| format!("measures[{i}]"),
            &known.measures,
            &field.file,
            known.measure(),
            known.broken,
            found,
        );
    });
    check_repaired(&broken.measures.repaired, problems, |measure, found| {
        check_measure(
            (&measure.file, &measure.id, &measure.data.data),
            known,
            found,
        );
    });
    check_repaired(&broken.projects.repaired, problems, |source, found| {
        let (file, project) = (&source.file, &source.data);
        resolve_department(file, &project.data, known, found);
        for (r, row) in project.data.rows.iter().enumerate() {
            // Which mid item a row means depends on all three: a repaired one
            // (`major_item: 二` read as 1) would have the others looked up wrongly.
            let places = [row.measure.at, row.major_item.at, row.mid_item.at];
            if !places.iter().any(|at| project.changed(at.line)) {
                locate_row((file, &project.data), r, lookup, found);
            }
        }
    });
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
    check: impl Fn(&Source<Repaired<T>>, &mut Diagnostics),
) {
    for source in files {
        let mut found = Diagnostics::default();
        check(source, &mut found);
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
