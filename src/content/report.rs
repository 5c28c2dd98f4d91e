//! The whole report with every reference resolved: what rendering walks.
//!
//! Only [`crate::validate`] builds a [`Report`], so holding one means every id
//! a file mentions exists and each project row belongs to a mid item.

use std::path::PathBuf;

use super::load::Source;
use super::model::{Config, Department, Field, MajorItem, Measure, MidItem, Project, ProjectRow};

/// Where a mid item is: measure, major item and mid item indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MidRef {
    pub measure: usize,
    pub major: usize,
    pub mid: usize,
}

/// A row of a project: project index and row index within the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRef {
    pub project: usize,
    pub row: usize,
}

/// The validated report.
#[derive(Debug, Clone)]
pub struct Report {
    pub config: Source<Config>,
    /// Fields (分野) in report order.
    pub fields: Vec<Source<Field>>,
    /// Measures (施策) in report order: field by field, as each field lists them.
    pub measures: Vec<Source<Measure>>,
    /// For each field, the indexes of its measures.
    pub field_measures: Vec<Vec<usize>>,
    /// For each measure, the index of its field.
    pub measure_field: Vec<usize>,
    /// Projects (事業), sorted by id.
    pub projects: Vec<Source<Project>>,
    /// For each project, the index of its department.
    pub project_department: Vec<usize>,
    /// For each project and each of its rows, the mid item the row belongs to.
    pub row_mids: Vec<Vec<MidRef>>,
    /// Departments (担当課) as `departments.yaml` lists them.
    pub departments: Vec<Department>,
    pub departments_file: PathBuf,
    /// For each measure, major item and mid item: the rows shown for the
    /// report's fiscal year, in the order the mid item lists the projects.
    pub mid_rows: Vec<Vec<Vec<Vec<RowRef>>>>,
}

impl Report {
    pub fn major(&self, at: MidRef) -> &MajorItem {
        &self.measures[at.measure].data.major_items[at.major]
    }

    pub fn mid(&self, at: MidRef) -> &MidItem {
        &self.major(at).mid_items[at.mid]
    }

    pub fn row(&self, at: RowRef) -> &ProjectRow {
        &self.projects[at.project].data.rows[at.row]
    }

    /// Indexes of the projects of a department, in report order.
    pub fn department_projects(&self, department: usize) -> Vec<usize> {
        self.projects_in_report_order()
            .into_iter()
            .filter(|&p| self.project_department[p] == department)
            .collect()
    }

    /// Every project in the order the report first lists it: by field,
    /// measure, major and mid item, as a reader of the printed report meets
    /// them. A project no mid item lists (only rows of other years) comes
    /// after, by id.
    pub fn projects_in_report_order(&self) -> Vec<usize> {
        let mut listed = vec![false; self.projects.len()];
        let mut order = Vec::with_capacity(self.projects.len());
        let rows = (self.field_measures.iter().flatten())
            .flat_map(|&m| self.mid_rows[m].iter().flatten().flatten());
        for row in rows {
            if !std::mem::replace(&mut listed[row.project], true) {
                order.push(row.project);
            }
        }
        order.extend((0..self.projects.len()).filter(|&p| !listed[p]));
        order
    }

    /// Every mid item of the report, in report order.
    pub fn mids(&self) -> impl Iterator<Item = MidRef> + '_ {
        self.measures
            .iter()
            .enumerate()
            .flat_map(|(measure, source)| {
                source
                    .data
                    .major_items
                    .iter()
                    .enumerate()
                    .flat_map(move |(major, item)| {
                        (0..item.mid_items.len()).map(move |mid| MidRef {
                            measure,
                            major,
                            mid,
                        })
                    })
            })
    }
}
