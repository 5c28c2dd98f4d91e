//! References between files: an id that one file names must be another's,
//! each file must be listed where it is published from, and an unknown id
//! that is a name or a misspelling gets a hint to the id meant.

use foldhash::{HashMap, HashMapExt, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use crate::content::load::Broken;
use crate::content::model::Reference;
use crate::content::names::compared_form;
use crate::content::{Department, Field, Measure, Project, Source};
use crate::diagnostic::{Diagnostic, Diagnostics, Position, likely_meant};

use super::ids::{index_by_id, index_departments};

/// What a reference names (`project`…), and more to say of an unknown id
/// (that it is a project's name, not its id).
pub(super) type Kind<'k> = (&'k str, &'k (dyn Fn(&str) -> Option<String> + Sync));

/// A mid item as a project row names it: (measure id, major item number,
/// mid item number).
type MidPlace<'a> = (&'a str, u32, u32);

/// The hint for an unknown id, of [`named_like`].
type Hint<'a> = Box<dyn Fn(&str) -> Option<String> + Sync + 'a>;

/// Every id a file may name, looked up by id, with the files that did not
/// parse (whose ids are not reported unknown a second time) and each kind's
/// hint for an unknown id.
pub(super) struct Known<'a> {
    pub fields: HashMap<&'a str, usize>,
    pub measures: HashMap<&'a str, usize>,
    pub projects: HashMap<&'a str, usize>,
    pub departments: HashMap<String, usize>,
    pub broken: &'a Broken,
    projects_read: &'a [Source<Project>],
    /// The projects whose rows point at each mid item, by (measure id, major
    /// item number, mid item number): gathered at the first unknown project
    /// id a mid item lists, for [`Known::project_at`].
    rows_at: OnceLock<HashMap<MidPlace<'a>, Vec<usize>>>,
    field_named: Hint<'a>,
    measure_named: Hint<'a>,
    project_named: Hint<'a>,
    department_named: Hint<'a>,
}

impl<'a> Known<'a> {
    /// Indexes the files' ids (the first file of each, [`super::ids::check_ids`]
    /// having reported the others) and the departments', reporting invalid and
    /// duplicate department ids.
    pub fn new(
        fields: &'a [Source<Field>],
        measures: &'a [Source<Measure>],
        projects: &'a [Source<Project>],
        departments: &'a Source<Vec<Department>>,
        broken: &'a Broken,
        problems: &mut Diagnostics,
    ) -> Self {
        fn named<'s, T: Sync + Send>(
            sources: &'s [Source<T>],
            name: impl Fn(&T) -> &str + Sync + 's,
        ) -> impl Fn() -> Vec<(&'s str, &'s str, &'s Path)> + Sync + 's {
            move || {
                (sources.iter())
                    .map(|s| (name(&s.data), s.id.as_str(), s.file.as_path()))
                    .collect()
            }
        }
        Known {
            fields: index_by_id(fields),
            measures: index_by_id(measures),
            projects: index_by_id(projects),
            departments: index_departments(departments, problems),
            broken,
            projects_read: projects,
            rows_at: OnceLock::new(),
            field_named: Box::new(named_like("field", named(fields, |f| &f.name))),
            measure_named: Box::new(named_like("measure", named(measures, |m| &m.name))),
            project_named: Box::new(named_like("project", named(projects, |p| &p.name))),
            department_named: Box::new(named_like("department", || {
                (departments.data.iter())
                    .map(|d| {
                        (
                            d.name.as_str(),
                            d.id.value.as_str(),
                            departments.file.as_path(),
                        )
                    })
                    .collect()
            })),
        }
    }

    pub fn field(&self) -> Kind<'_> {
        ("field", &*self.field_named)
    }

    pub fn measure(&self) -> Kind<'_> {
        ("measure", &*self.measure_named)
    }

    pub fn department(&self) -> Kind<'_> {
        ("department", &*self.department_named)
    }

    /// The hint for an unknown project id that the mid item `place` (measure
    /// id, major and mid item number) lists among `listed`: whose name it is,
    /// or else the projects with a row for that mid item that it does not
    /// list, as when a project's file was renamed (`dx-suishin.yaml` to
    /// `dx.yaml`) and the mid items still list its old id.
    pub fn project_at(
        &self,
        place: MidPlace,
        listed: &[Reference],
    ) -> impl Fn(&str) -> Option<String> + Sync {
        move |written: &str| {
            (self.project_named)(written).or_else(|| {
                let rows_at = self.rows_at.get_or_init(|| {
                    let mut rows_at: HashMap<MidPlace, Vec<usize>> = HashMap::new();
                    for (p, project) in self.projects_read.iter().enumerate() {
                        for row in &project.data.rows {
                            let at = (row.measure.value.as_str(), row.major_item.value, row.mid_item.value);
                            let here = rows_at.entry(at).or_default();
                            if here.last() != Some(&p) {
                                here.push(p);
                            }
                        }
                    }
                    rows_at
                });
                let unlisted: Vec<&Source<Project>> = (rows_at.get(&place)?.iter())
                    .map(|&p| &self.projects_read[p])
                    .filter(|project| !listed.iter().any(|r| r.value == project.id))
                    .collect();
                let [project] = unlisted[..] else {
                    return None;
                };
                Some(format!(
                    "; project `{}` ({}) has a row for this mid item but is not listed here: if it is the one meant (a file renamed), write its id `{}`",
                    project.id,
                    crate::display_path(&project.file),
                    project.id
                ))
            })
        }
    }
}

/// The hint for an unknown id that is the name of one of the `kind`s that
/// `items` gives as (name, id, file): whose name it is, also when written
/// another way (width, spaces, kana/kanji variants: 防災　訓練事業) or short
/// (情報政策 for 情報政策課, when it begins one name only). A name
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
        let form = compared_form(written);
        // A name written short (情報政策 for 情報政策課): the one name it begins.
        let begun = || {
            let mut begun = (names.iter()).filter(|(name, _)| name.starts_with(&form));
            let (Some((_, items)), None) = (begun.next(), begun.next()) else {
                return None;
            };
            let named = !written.is_ascii() && written.chars().count() >= 2;
            named.then_some(items)
        };
        let (alike, whole) = match names.get(&form) {
            Some(alike) => (alike, true),
            None => (begun()?, false),
        };
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
        let whose = if !whole {
            format!("「{written}」 begins 「{name}」, the name")
        } else if *name == written {
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
pub(super) fn resolve<K: std::borrow::Borrow<str> + std::hash::Hash + Eq>(
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
pub(super) fn resolve_list<'a>(
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
pub(super) fn report_unlisted<'r, T>(
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
