//! Writing the planned files: all of them or, when one would overwrite a
//! file that differs and `--force` was not given, none; in a dry run, none,
//! saying what would be written.

use std::path::PathBuf;

use super::plan::Planned;
use crate::diagnostic::{Diagnostic, Position};
use crate::error::{Error, Result};

/// What an import wrote (or in a dry run would write) and what it found
/// already up to date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Files created or overwritten, sorted by path.
    pub written: Vec<PathBuf>,
    /// Of `written`, each that existed and differed, with its first change
    /// (`` : `a` would become `b` ``) and whether its comments would go:
    /// what `--force` is needed for.
    pub overwritten: Vec<(PathBuf, String)>,
    /// Files that already said what the import says (perhaps laid out
    /// differently): left as they are.
    pub unchanged: Vec<PathBuf>,
    /// Whether nothing was written, only planned.
    pub dry_run: bool,
}

impl std::fmt::Display for ImportSummary {
    /// A line per file, as `hyoka import` prints it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for file in &self.written {
            let path = crate::display_path(file);
            match self.overwritten.iter().find(|(changed, _)| changed == file) {
                _ if !self.dry_run => writeln!(f, "wrote {path}")?,
                Some((_, change)) => writeln!(f, "would overwrite {path}{change}")?,
                None => writeln!(f, "would write {path}")?,
            }
        }
        for file in &self.unchanged {
            writeln!(f, "unchanged {}", crate::display_path(file))?;
        }
        if self.dry_run {
            write!(f, "nothing was written (dry run)")?;
            match self.overwritten.len() {
                0 => {}
                n => write!(
                    f,
                    "; {n} existing file{} would change, which the import does only with --force",
                    if n == 1 { "" } else { "s" }
                )?,
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// The first line that the import would change in `file`, as `: `a` would
/// become `b``, to show what differs; both sides are in the import's layout.
fn first_change(file: &Planned) -> String {
    let Some(current) = &file.current else {
        return String::new(); // not a content file the import reads
    };
    let (mut old, mut new) = (current.lines(), file.text.lines());
    loop {
        match (old.next(), new.next()) {
            (Some(a), Some(b)) if a == b => continue,
            // The same words, which alone would not show the change: at
            // another depth (a change of structure), or with other spaces
            // at the end (in a text's line).
            (Some(a), Some(b)) if a.trim() == b.trim() => {
                let (a_indent, b_indent) = (
                    &a[..a.len() - a.trim_start().len()],
                    &b[..b.len() - b.trim_start().len()],
                );
                let spaces = |indent: &str| indent.chars().all(|c| c == ' ');
                return if a_indent == b_indent {
                    format!(": `{}` would differ in the spaces at its end", a.trim())
                } else if spaces(a_indent) && spaces(b_indent) {
                    format!(
                        ": `{}` would be indented by {} spaces instead of {}",
                        a.trim(),
                        b_indent.len(),
                        a_indent.len()
                    )
                } else {
                    // A full-width space 「　」 or a tab, which a count of spaces would hide.
                    format!(
                        ": `{}` would differ in the spaces before it (full-width 「　」 or tabs)",
                        a.trim()
                    )
                };
            }
            (Some(a), Some(b)) => return format!(": `{}` would become `{}`", a.trim(), b.trim()),
            (Some(a), None) => return format!(": `{}` would go", a.trim()),
            (None, Some(b)) => return format!(": `{}` would be added", b.trim()),
            (None, None) => return String::new(),
        }
    }
}

/// Whether the file at `path` holds a YAML comment (a line or the end of one
/// from ` #`, roughly: a `#` inside quotes counts too).
fn has_comments(path: &std::path::Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| {
        text.lines()
            .any(|line| line.trim_start().starts_with('#') || line.contains(" #"))
    })
}

/// Writes `planned`; without `force`, an existing file that differs is an
/// error and nothing is written. A `dry_run` writes nothing and fails on
/// nothing: its summary says what would be written.
pub fn write(mut planned: Vec<Planned>, force: bool, dry_run: bool) -> Result<ImportSummary> {
    planned.sort_by(|a, b| a.path.cmp(&b.path));
    let (unchanged, changed): (Vec<Planned>, Vec<Planned>) = planned
        .into_iter()
        .partition(|file| file.current.as_deref() == Some(file.text.as_str()));
    // Each existing file that would change, with its first change and
    // whether the comments it holds would go.
    let overwritten: Vec<(&Planned, String, bool)> = (changed.iter())
        .filter(|file| file.current.is_some() || file.path.exists())
        .map(|file| {
            let comments_lost = file.edited.is_none() && has_comments(&file.path);
            (file, first_change(file), comments_lost)
        })
        .collect();
    if !force && !dry_run && !overwritten.is_empty() {
        let conflicts = (overwritten.iter()).map(|(file, change, comments_lost)| {
            let comments = if *comments_lost {
                ", and its comments are not kept, as it is written anew in the import's layout"
            } else {
                ""
            };
            let message = format!(
                "the file exists and differs from what the import would write{change}; nothing was written: import again with --force to overwrite it (it then says what the sheet says: a correction made only in the file is undone, so make it in the sheet too{comments})",
            );
            Diagnostic::error(&file.path, Position::default(), "", message)
        });
        return Err(Error::Site(conflicts.collect()));
    }
    let summary = ImportSummary {
        written: changed.iter().map(|file| file.path.clone()).collect(),
        overwritten: (overwritten.into_iter())
            .map(|(file, change, comments_lost)| {
                let comments = if comments_lost {
                    ", and its comments would not be kept"
                } else {
                    ""
                };
                (file.path.clone(), format!("{change}{comments}"))
            })
            .collect(),
        unchanged: unchanged.into_iter().map(|file| file.path).collect(),
        dry_run,
    };
    if !dry_run {
        for file in &changed {
            if let Some(folder) = file
                .path
                .parent()
                .filter(|folder| !folder.as_os_str().is_empty())
            {
                std::fs::create_dir_all(folder).map_err(Error::io("create", folder))?;
            }
            let text = file.edited.as_ref().unwrap_or(&file.text);
            std::fs::write(&file.path, text).map_err(Error::io("write", &file.path))?;
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(current: &str, text: &str) -> String {
        first_change(&Planned {
            path: PathBuf::from("content/fields/f.yaml"),
            text: text.to_string(),
            current: Some(current.to_string()),
            edited: None,
        })
    }

    #[test]
    fn the_first_change_is_shown_even_where_only_spaces_differ() {
        assert_eq!(
            change(
                "name: 防災\nmeasures:\n- a\n",
                "name: 防災\nmeasures:\n- b\n"
            ),
            ": `- a` would become `- b`"
        );
        assert_eq!(
            change("items:\n  - a\n", "items:\n    - a\n"),
            ": `- a` would be indented by 4 spaces instead of 2"
        );
        assert_eq!(
            change("text: |-\n  一行目 \n", "text: |-\n  一行目\n"),
            ": `一行目` would differ in the spaces at its end"
        );
        assert_eq!(
            change("text: |-\n  \u{3000}延べ\n", "text: |-\n  延べ\n"),
            ": `延べ` would differ in the spaces before it (full-width 「　」 or tabs)"
        );
        assert_eq!(change("a: 1\n", "a: 1\nb: 2\n"), ": `b: 2` would be added");
    }
}
