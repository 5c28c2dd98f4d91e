//! Project rows: each row of a project (施策への位置付け, one per mid item and
//! year) must point at a mid item that lists the project, and each project a
//! mid item lists must have its row for the report's year.

use foldhash::{HashMap, HashSet, HashSetExt};
use std::path::Path;

use crate::content::load::CONFIG_FILE;
use crate::content::report::{MidRef, RowRef};
use crate::content::{FiscalYear, Measure, Project, Source};
use crate::diagnostic::{Diagnostic, Diagnostics};

use super::listing::ListedProjects;
use super::references::{Known, resolve};

/// Where [`locate_rows`] looks project rows up.
pub(super) struct RowLookup<'k, 'a> {
    pub known: &'k Known<'a>,
    /// Each measure's position in `measure_order`, by its index.
    pub measure_position: &'k HashMap<usize, usize>,
    pub measures: &'k [Source<Measure>],
    pub measure_order: &'k [usize],
    pub listed_projects: &'k [ListedProjects],
    pub renumbered: &'k HashSet<usize>,
}

/// The mid item of each row of project `p` (a placeholder for a row that
/// points nowhere, reported), and the rows of the report's year with theirs.
pub(super) fn locate_rows(
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
                .any(|listed| !lookup.known.projects.contains_key(listed.value.as_str()))
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

/// The mid item of a row that points at none (a problem reported with the
/// row): it may be the row a mid item lacks, so that lack is not reported.
const UNPLACED: MidRef = MidRef {
    measure: usize::MAX,
    major: usize::MAX,
    mid: usize::MAX,
};

/// For each project, the mid item of each of its rows, and its rows of the
/// report's year with theirs (as `locate_rows` gives them).
type RowPlaces<'a> = (&'a [Vec<MidRef>], &'a [Vec<(MidRef, usize)>]);

/// The rows of the report's year that the mid items of measure `m` (at its
/// position in report order) show, by major and mid item; reports a listed
/// project without one (`year_has_rows`: whether any project has a row for
/// that year).
pub(super) fn listed_rows(
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
pub(super) fn locate_row(
    (file, project): (&Path, &Project),
    r: usize,
    lookup: &RowLookup,
    problems: &mut Diagnostics,
) -> Option<MidRef> {
    let RowLookup {
        known,
        measure_position,
        measures,
        ..
    } = *lookup;
    let row = &project.rows[r];
    let measure = resolve(
        &row.measure,
        known.measure(),
        &known.measures,
        file,
        || format!("rows[{r}].measure"),
        known.broken,
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
