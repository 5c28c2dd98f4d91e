//! Ids: each file's id (its file name) and each department's become folders
//! and web addresses of the built site, so they must be usable there and unique.

use foldhash::{HashMap, HashMapExt};

use crate::content::Source;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};

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
pub(super) fn check_ids<T>(
    sources: Vec<Source<T>>,
    kind: &str,
    problems: &mut Diagnostics,
) -> Vec<Source<T>> {
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

pub(super) fn index_by_id<T>(sources: &[Source<T>]) -> HashMap<&str, usize> {
    let mut index = HashMap::with_capacity(sources.len());
    for (i, source) in sources.iter().enumerate() {
        index.entry(source.id.as_str()).or_insert(i);
    }
    index
}

pub(super) fn index_departments(
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
