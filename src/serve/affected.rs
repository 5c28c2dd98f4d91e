//! Which pages a save changes: the preview re-renders only those.
//!
//! [`jobs`] compares the last good [`Report`] with the new one. A file that
//! did not change keeps its parsed data (it is not read again, or the parse
//! cache hands out the same data), so a file changed exactly when its data is
//! no longer the same allocation. The rules follow what each page shows
//! (`render/context.rs`): when a page starts showing something new, add it
//! here. `tests/serve_incremental.rs` compares the result with a full build.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::build::Job;
use crate::content::Report;
use crate::content::load::{CONTENT_DIR, Source};
use crate::content::model::{MajorItem, Measure};
use crate::content::report::MidRef;
use crate::judge::Tally;

/// Whether changes to `files` (relative to the site root) need a full build:
/// `hyoka.yaml`, templates and static files reach every page. Changes to
/// content files are found by comparing reports instead ([`jobs`]).
pub fn needs_full_build(files: &BTreeSet<PathBuf>) -> bool {
    files.iter().any(|file| !file.starts_with(CONTENT_DIR))
}

/// The pages to render again now that `old` became `new`, or None when the
/// whole site must be built: a field, measure or project was added, removed
/// or moved, or `departments.yaml` changed (every project row shows its
/// department). Never [`Job::NotFound`], [`Job::OpenData`] or
/// [`Job::Search`]: they show the settings only.
pub fn jobs(old: &Report, new: &Report) -> Option<BTreeSet<Job>> {
    if !same_structure(old, new) {
        return None;
    }
    let mut jobs = BTreeSet::new();
    for (f, (before, after)) in old.fields.iter().zip(&new.fields).enumerate() {
        if same(before, after) {
            continue;
        }
        jobs.insert(Job::Field(f));
        if before.data.name != after.data.name {
            // The top page, its measures' pages and their rows on project pages name it.
            jobs.extend([Job::Index, Job::SiteMap]);
            for &m in &new.field_measures[f] {
                jobs.insert(Job::Measure(m));
                jobs.extend(
                    projects_in(old, m)
                        .chain(projects_in(new, m))
                        .map(Job::Project),
                );
            }
        }
    }
    for (m, (before, after)) in old.measures.iter().zip(&new.measures).enumerate() {
        if same(before, after) {
            continue;
        }
        jobs.insert(Job::Measure(m));
        if !same_summary(old, new, m) {
            jobs.extend([Job::Field(new.measure_field[m]), Job::Index]);
        }
        if before.data.name != after.data.name
            || !same_major_items(&before.data, &after.data, |_, _| true)
        {
            // The site map lists its name and major items.
            jobs.insert(Job::SiteMap);
        }
        if !same_outline(&before.data, &after.data) {
            // Project and department pages link to its mid items by name and number.
            for p in projects_in(old, m).chain(projects_in(new, m)) {
                jobs.extend([
                    Job::Project(p),
                    Job::Department(old.project_department[p]),
                    Job::Department(new.project_department[p]),
                ]);
            }
        }
        if before.data.name != after.data.name {
            // The previous and next measures' pages link to it by name.
            jobs.extend(m.checked_sub(1).map(Job::Measure));
            jobs.extend((m + 1 < new.measures.len()).then_some(Job::Measure(m + 1)));
        }
    }
    for (p, (before, after)) in old.projects.iter().zip(&new.projects).enumerate() {
        if same(before, after) {
            continue;
        }
        jobs.insert(Job::Project(p));
        // Its rows (of the report's year) are shown under the mid items they belong to.
        jobs.extend(
            old.row_mids[p]
                .iter()
                .chain(&new.row_mids[p])
                .map(|at| Job::Measure(at.measure)),
        );
        let (was_in, is_in) = (old.project_department[p], new.project_department[p]);
        let listed_alike = before.data.name == after.data.name && was_in == is_in;
        // The project list shows its name, department and number of rows.
        if !listed_alike || before.data.rows.len() != after.data.rows.len() {
            jobs.insert(Job::Projects);
        }
        // A department's page lists its projects with the mid items they are reported under.
        if !listed_alike || mids_of(old, p) != mids_of(new, p) {
            jobs.extend([Job::Department(was_in), Job::Department(is_in)]);
        }
        if !listed_alike {
            jobs.insert(Job::Departments);
        }
        if before.data.name != after.data.name {
            jobs.insert(Job::SiteMap);
        }
    }
    // The lists of projects are in report order, which a measure's mid
    // items change when they list projects in another order.
    if old.projects_in_report_order() != new.projects_in_report_order() {
        jobs.extend([Job::Projects, Job::Departments, Job::SiteMap]);
        jobs.extend((0..new.departments.len()).map(Job::Department));
    }
    Some(jobs)
}

fn same<T>(old: &Source<T>, new: &Source<T>) -> bool {
    Arc::ptr_eq(&old.data, &new.data)
}

/// Same fields, measures and projects in the same order (so that positions
/// mean the same in both reports), each measure in the same field, and the
/// same departments.
fn same_structure(old: &Report, new: &Report) -> bool {
    fn ids<T>(sources: &[Source<T>]) -> impl Iterator<Item = (&str, &Path)> {
        sources
            .iter()
            .map(|source| (source.id.as_str(), source.file.as_path()))
    }
    fn departments(report: &Report) -> impl Iterator<Item = (&str, &str)> {
        let listed = report.departments.iter();
        listed.map(|d| (d.id.value.as_str(), d.name.as_str()))
    }
    ids(&old.fields).eq(ids(&new.fields))
        && ids(&old.measures).eq(ids(&new.measures))
        && ids(&old.projects).eq(ids(&new.projects))
        && old.field_measures == new.field_measures
        && departments(old).eq(departments(new))
}

/// Whether a measure keeps its name and the numbers and titles of its major
/// and mid items: what the pages of other measures, projects and departments
/// show of it.
fn same_outline(old: &Measure, new: &Measure) -> bool {
    old.name == new.name
        && same_major_items(old, new, |a, b| {
            a.mid_items.len() == b.mid_items.len()
                && a.mid_items
                    .iter()
                    .zip(&b.mid_items)
                    .all(|(a, b)| a.number == b.number && a.title == b.title)
        })
}

/// Whether the top page and the field's page show measure `m` alike in both
/// reports: its name, sector plan, the numbers and titles of its major items
/// with their counts of KPIs and mid items, and its KPIs' statuses.
fn same_summary(old: &Report, new: &Report, m: usize) -> bool {
    let (a, b) = (&old.measures[m].data, &new.measures[m].data);
    let tally = |report: &Report, measure: &Measure| {
        Tally::of_measure(measure, &report.config.data.judgment)
    };
    a.name == b.name
        && a.sector_plan == b.sector_plan
        && same_major_items(a, b, |a, b| {
            a.kpis.len() == b.kpis.len() && a.mid_items.len() == b.mid_items.len()
        })
        && tally(old, a) == tally(new, b)
}

/// Whether both measures have the same major items by number and title,
/// and each pair is `alike` in what else a page shows of them.
fn same_major_items(
    old: &Measure,
    new: &Measure,
    alike: impl Fn(&MajorItem, &MajorItem) -> bool,
) -> bool {
    old.major_items.len() == new.major_items.len()
        && old
            .major_items
            .iter()
            .zip(&new.major_items)
            .all(|(a, b)| a.number == b.number && a.title == b.title && alike(a, b))
}

/// The mid items with a row of project `p`, each once.
fn mids_of(report: &Report, p: usize) -> BTreeSet<MidRef> {
    report.row_mids[p].iter().copied().collect()
}

/// The projects with a row (of any year) in measure `m`.
fn projects_in(report: &Report, m: usize) -> impl Iterator<Item = usize> + '_ {
    (0..report.projects.len()).filter(move |&p| report.row_mids[p].iter().any(|at| at.measure == m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load::Cache;

    /// A copy of the `preview` test site and the parse cache its reports share.
    struct Site {
        dir: tempfile::TempDir,
        cache: Cache,
    }

    impl Site {
        fn new() -> Site {
            let dir = tempfile::tempdir().unwrap();
            let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/preview");
            for entry in walkdir::WalkDir::new(&fixture) {
                let entry = entry.unwrap();
                let target = dir
                    .path()
                    .join(entry.path().strip_prefix(&fixture).unwrap());
                if entry.file_type().is_dir() {
                    std::fs::create_dir_all(&target).unwrap();
                } else {
                    std::fs::copy(entry.path(), &target).unwrap();
                }
            }
            Site {
                dir,
                cache: Cache::default(),
            }
        }

        fn report(&self) -> Report {
            crate::build::load_report_cached(self.dir.path(), None, Some(&self.cache)).unwrap()
        }

        /// Replaces `from` with `to` in `file`. (The text changes length, so that
        /// the cache sees the change even within one tick of the file clock.)
        fn edit(&self, file: &str, from: &str, to: &str) {
            assert_ne!(from.len(), to.len());
            let path = self.dir.path().join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{file} lacks {from}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        }

        /// The jobs after the edit, with pages named by id for readable failures.
        fn jobs_after(&self, edit: impl FnOnce(&Site)) -> Option<Vec<String>> {
            let old = self.report();
            edit(self);
            let new = self.report();
            Some(
                jobs(&old, &new)?
                    .into_iter()
                    .map(|job| name(&new, job))
                    .collect(),
            )
        }
    }

    fn name(report: &Report, job: Job) -> String {
        match job {
            Job::Field(f) => format!("field {}", report.fields[f].id),
            Job::Measure(m) => format!("measure {}", report.measures[m].id),
            Job::Project(p) => format!("project {}", report.projects[p].id),
            Job::Department(d) => format!("department {}", report.departments[d].id.value),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn a_kpi_value_changes_its_measure_and_if_its_status_changes_its_field_and_top_page() {
        let site = Site::new();
        let jobs =
            site.jobs_after(|site| site.edit("content/measures/kotsu.yaml", "280件", "281.5件"));
        assert_eq!(jobs.unwrap(), ["measure kotsu"], "still on track");
        let jobs =
            site.jobs_after(|site| site.edit("content/measures/kotsu.yaml", "281.5件", "28,000件"));
        assert_eq!(jobs.unwrap(), ["Index", "field kurashi", "measure kotsu"]);
    }

    #[test]
    fn a_renamed_measure_changes_its_neighbours_projects_departments_and_site_map() {
        let site = Site::new();
        let jobs = site.jobs_after(|site| {
            site.edit(
                "content/measures/kotsu.yaml",
                "name: 交通安全",
                "name: 交通安全の推進",
            )
        });
        assert_eq!(
            jobs.unwrap(),
            [
                "Index",
                "field kurashi",
                "measure bosai",
                "measure kotsu",
                "measure kankyo",
                "project chiiki-renkei",
                "project kotsu-anzen",
                "department kikaku",
                "SiteMap"
            ]
        );
    }

    #[test]
    fn a_retitled_mid_item_changes_the_pages_linking_to_it_but_not_the_neighbours_nor_the_site_map()
    {
        let site = Site::new();
        let jobs = site.jobs_after(|site| {
            site.edit(
                "content/measures/bosai.yaml",
                "避難所の整備",
                "避難所の整備と運営",
            )
        });
        assert_eq!(
            jobs.unwrap(),
            [
                "measure bosai",
                "project bosai-kunren",
                "project chiiki-renkei",
                "project hinanjo",
                "department kikikanri",
                "department kikaku"
            ]
        );
    }

    #[test]
    fn a_retitled_major_item_changes_the_site_map_listing_it() {
        let site = Site::new();
        let jobs = site.jobs_after(|site| {
            site.edit(
                "content/measures/bosai.yaml",
                "地域の防災力の向上",
                "地域の防災力の強化と向上",
            )
        });
        assert!(jobs.unwrap().contains(&"SiteMap".to_string()));
    }

    #[test]
    fn a_project_changes_the_measures_listing_it() {
        let site = Site::new();
        let jobs = site.jobs_after(|site| {
            site.edit(
                "content/projects/kikaku/chiiki-renkei.yaml",
                "催しを",
                "夏の催しを",
            )
        });
        assert_eq!(
            jobs.unwrap(),
            [
                "measure bosai",
                "measure kotsu",
                "measure shoko",
                "project chiiki-renkei",
            ]
        );
        let last_year =
            "  - measure: kotsu\n    major_item: 1\n    mid_item: 1\n    fiscal_year: 令和4年度\n";
        let jobs = site.jobs_after(|site| {
            site.edit(
                "content/projects/kikaku/chiiki-renkei.yaml",
                "rows:\n",
                &format!("rows:\n{last_year}"),
            )
        });
        assert_eq!(
            jobs.unwrap(),
            [
                "measure bosai",
                "measure kotsu",
                "measure shoko",
                "Projects",
                "project chiiki-renkei",
            ],
            "a row more (the project list counts them), under a mid item it had rows in"
        );
    }

    #[test]
    fn a_project_under_another_mid_item_changes_its_department_page() {
        let site = Site::new();
        let jobs = site.jobs_after(|site| {
            site.edit(
                "content/measures/bosai.yaml",
                "- hinanjo",
                "- hinanjo\n          - bosai-kunren",
            );
            site.edit(
                "content/projects/kikikanri/bosai-kunren.yaml",
                "rows:\n",
                "rows:\n  - measure: bosai\n    major_item: 1\n    mid_item: 2\n    fiscal_year: 令和5年度\n",
            );
        });
        assert_eq!(
            jobs.unwrap(),
            [
                "measure bosai",
                "Projects",
                "project bosai-kunren",
                "department kikikanri"
            ]
        );
    }

    #[test]
    fn a_project_moving_department_changes_both_departments() {
        let site = Site::new();
        let jobs = site.jobs_after(|site| {
            site.edit(
                "content/projects/kikaku/kotsu-anzen.yaml",
                "department: kikaku",
                "department: kikikanri",
            )
        });
        assert_eq!(
            jobs.unwrap(),
            [
                "measure kotsu",
                "Projects",
                "project kotsu-anzen",
                "Departments",
                "department kikikanri",
                "department kikaku"
            ]
        );
    }

    #[test]
    fn a_renamed_project_changes_the_lists_naming_it() {
        let site = Site::new();
        let jobs = site.jobs_after(|site| {
            site.edit(
                "content/projects/shoko/shogyo-shinko.yaml",
                "商業振興事業",
                "商業振興",
            )
        });
        assert_eq!(
            jobs.unwrap(),
            [
                "measure shoko",
                "Projects",
                "project shogyo-shinko",
                "Departments",
                "department shoko",
                "SiteMap"
            ]
        );
    }

    #[test]
    fn a_field_description_changes_its_page_and_its_name_every_page_naming_it() {
        let site = Site::new();
        let jobs = site.jobs_after(|site| site.edit("content/fields/kurashi.yaml", "快適な", ""));
        assert_eq!(jobs.unwrap(), ["field kurashi"]);
        let jobs =
            site.jobs_after(|site| site.edit("content/fields/sangyo.yaml", "産業", "産業・観光"));
        assert_eq!(
            jobs.unwrap(),
            [
                "Index",
                "field sangyo",
                "measure shoko",
                "project chiiki-renkei",
                "project shogyo-shinko",
                "SiteMap"
            ]
        );
    }

    #[test]
    fn new_moved_and_renamed_files_and_departments_need_a_full_build() {
        let site = Site::new();
        let added = site.jobs_after(|site| {
            let measure = "name: 観光\nmajor_items:\n  - number: 1\n    title: 観光客の誘致\n";
            std::fs::write(site.dir.path().join("content/measures/kanko.yaml"), measure).unwrap();
            site.edit(
                "content/fields/sangyo.yaml",
                "- shoko",
                "- shoko\n  - kanko",
            );
        });
        assert_eq!(added, None, "a new measure");
        // The measures keep their order, but one is in another field now.
        let moved = Site::new().jobs_after(|site| {
            site.edit("content/fields/kurashi.yaml", "\n  - kankyo", "");
            site.edit(
                "content/fields/sangyo.yaml",
                "- shoko",
                "- kankyo\n  - shoko",
            );
        });
        assert_eq!(moved, None, "a measure moved to another field");
        let renamed =
            site.jobs_after(|site| site.edit("content/departments.yaml", "企画課", "企画政策課"));
        assert_eq!(renamed, None, "a renamed department");
        let unchanged = site.jobs_after(|site| {
            site.edit(
                "content/departments.yaml",
                "- id: shoko",
                "# 商工\n- id: shoko",
            )
        });
        assert_eq!(
            unchanged,
            Some(Vec::new()),
            "a comment in departments.yaml changes nothing"
        );
    }

    #[test]
    fn settings_templates_and_static_files_need_a_full_build() {
        let changed =
            |paths: &[&str]| -> BTreeSet<PathBuf> { paths.iter().map(PathBuf::from).collect() };
        assert!(!needs_full_build(&changed(&[
            "content/measures/a.yaml",
            "content/projects/x/sedAb12"
        ])));
        for path in [
            "hyoka.yaml",
            "templates/base.html",
            "static/logo.png",
            "themes/default/x",
            ".",
        ] {
            assert!(
                needs_full_build(&changed(&["content/measures/a.yaml", path])),
                "{path}"
            );
        }
    }
}
