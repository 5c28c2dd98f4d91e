//! Every problem of a content file that does not read, not only the first.
//!
//! serde stops at a file's first problem. To list the others in the same
//! run, the file is read again with the node of each problem taken out (its
//! lines emptied, so that every other line keeps its number and column),
//! until it reads: serde-saphyr gives every message, as for the first.
//!
//! Where it can, a problem is repaired rather than taken out, so that the
//! rest of its mapping is still read: a value of the wrong kind gets one of
//! the right kind in its place (the first of the allowed words, `1`, `0.5`,
//! `true`, `2023`, `x` for a one-line list where one value is wanted), a
//! result's key that is no fiscal year a year the results do not have
//! (`9999`), and a misspelt key the key it most likely stands for, unless
//! the mapping has that key already.
//!
//! Taking a node out can cause a problem of its own: the mapping it was in
//! misses the key taken out (or the key a misspelt one stood for). That one
//! is not reported, and the mapping is taken out in turn. A mapping or list
//! whose last child goes is taken out with it, as it would read as null.
//! Items taken out shift the numbers of the items after them, which are
//! counted back for the path shown. The search ends at a problem of the
//! whole document (a syntax error, a missing top-level key), or in YAML
//! beyond what [`plain_yaml`](super::plain_yaml) outlines, where no node can
//! be taken out surely.

use std::ops::{Range, RangeInclusive};

use serde::de::DeserializeOwned;

use super::parse::{
    DUPLICATE_KEY, EXPECTED_BOOLEAN, EXPECTED_ONE_OF, EXPECTED_ONE_VALUE, MISSING_KEY, OPENING,
    PERHAPS, Problem, UNKNOWN_KEY, traced, with_mapping_named, written_plain,
};
use super::plain_yaml::locate::{self, Part, Step, TakeOut};
use crate::diagnostic::Position;

/// At most this many problems of one file are listed; fixing them shows the rest.
const MAX_PROBLEMS: usize = 50;
/// At most this many bytes are read again in all (a few hundred passes over
/// a large real file), so that a huge file full of problems ends in seconds.
const MAX_REREAD_BYTES: usize = 64 << 20;

/// What a file that does not read says once its problems are repaired or
/// taken out, where that can be told surely: its references to other files
/// can then be checked in the same run, except on the lines that changed.
#[derive(Debug, Clone)]
pub struct Repaired<T> {
    pub data: T,
    /// The lines (numbered from 1) a repair changed or emptied.
    pub lines: Vec<RangeInclusive<u32>>,
    /// The list items taken out, by the list's path and the item's number
    /// in the file as written: the items after one are numbered one less in
    /// `data` than in the file.
    items_taken: Vec<(Vec<Step>, usize)>,
}

impl<T> Repaired<T> {
    /// Whether `line` was changed by a repair.
    pub fn changed(&self, line: u32) -> bool {
        self.lines.iter().any(|lines| lines.contains(&line))
    }

    /// A field path of `data` (`rows[0].measure`), numbered as in the file as written.
    pub fn as_written(&self, field: &str) -> String {
        match steps(field) {
            Some(steps) if !self.items_taken.is_empty() => {
                field_path(&path_as_written(&self.items_taken, &steps))
            }
            _ => field.to_string(),
        }
    }
}

/// The problems of `text`, which does not read as `T`, in document order
/// (empty only if it does read), and what it says once they are repaired.
/// That is None where the repairs went beyond values, keys and list items:
/// a syntax error, or lines added or removed.
pub fn every_problem<T: DeserializeOwned>(text: &str) -> (Vec<Problem>, Option<Repaired<T>>) {
    let source = text;
    // Whether problems can be placed in the file as written (it does not change).
    let source_outlines = locate::outlines(source);
    let mut problems = Vec::new();
    let mut text = text.to_string();
    let mut taken = Taken::default();
    let mut reread = 0;
    let mut lines = Vec::new();
    let mut lines_kept = true;
    // Notes the lines that replacing `bytes` with `with` changes.
    let mut note = |text: &str, bytes: &Range<usize>, with: &str| {
        let replaced = text[bytes.clone()].matches('\n').count();
        lines_kept &= replaced == with.matches('\n').count();
        // The line of the last byte replaced: a newline is the end of its own
        // line, not part of the next (which an item taken out leaves as written).
        let last = bytes.end.saturating_sub(1).max(bytes.start);
        lines.push(line_of(text, bytes.start)..=line_of(text, last));
    };
    let repaired = loop {
        reread += text.len();
        let (problem, path) = match traced::<T>(&text) {
            Ok(data) => break Some(data),
            Err(failed) => failed,
        };
        let Some(path) = path else {
            problems.push(problem);
            break None;
        };
        let mut original = taken.original(&path);
        let (position, _, message) = problem;
        if !taken.caused(&original, &message) {
            if problems.len() == MAX_PROBLEMS || reread > MAX_REREAD_BYTES {
                let more = "more problems may follow from here; fix those above and build again";
                problems.push((position, String::new(), more.to_string()));
                break None;
            }
            // Said of the file as written: a key taken out at an item's
            // start moves where its mapping begins.
            let shown = with_key_written_already(source, &original, message.clone());
            let shown = if source_outlines {
                with_mapping_named(source, &original, shown)
            } else {
                with_mapping_named(&text, &path, shown)
            };
            problems.push((position, field_path(&original), shown));
        }
        // A key written twice: the second goes, the first is read on.
        if message.starts_with(DUPLICATE_KEY) {
            // Which of the two was meant is the writer's to say: the line
            // kept counts as changed too (nothing is checked against it).
            if let Some(kept) = locate::written(&text, &path, Part::Value) {
                note(&text, &(kept.start..kept.start), "");
            }
            match locate::take_out_repeat(&text, &path) {
                Some(TakeOut::Replace { bytes, with }) => {
                    note(&text, &bytes, &with);
                    text.replace_range(bytes, &with);
                    continue;
                }
                _ => break None,
            }
        }
        // A repair that did not help (the same place fails again) is not tried twice.
        if !taken.repaired.contains(&original)
            && let Some((bytes, with)) = repair(&text, &path, &message).or_else(|| {
                let above = before_syntax_error(&text)?;
                (!about_the_key(&path, &message))
                    .then(|| repair_value(above, &path, &message))
                    .flatten()
            })
        {
            note(&text, &bytes, &with);
            text.replace_range(bytes, &with);
            taken.repaired.push(original);
            continue;
        }
        if message.starts_with(UNKNOWN_KEY) {
            taken.misspelt.push(original.clone());
        }
        let mut path = path;
        let replace = loop {
            match locate::take_out(&text, &path) {
                // The only key of the document stays: an empty document is a problem of its own.
                Some(TakeOut::Parent) if path.len() > 1 => {
                    taken.record(original.clone());
                    path.pop();
                    original.pop();
                }
                Some(TakeOut::Replace { bytes, with }) => break Some((bytes, with)),
                _ => break None,
            }
        };
        let Some((bytes, with)) = replace else {
            // Nothing could be taken out, often because a line further on
            // is not valid YAML (`令和4年度: -`): name that line too, as
            // the next build would.
            // (Not one on a line named already, nor one that an unclosed
            // bracket or quote named already causes: it follows from that.)
            if let Err((syntax, _)) = traced::<serde::de::IgnoredAny>(&text)
                && !problems.iter().any(|(at, _, _)| at.line == syntax.0.line)
                && !follows_from_an_unclosed_value(&text, &problems, syntax.0)
            {
                problems.push(syntax);
            }
            break None;
        };
        note(&text, &bytes, &with);
        text.replace_range(bytes, &with);
        taken.record(original);
    };
    let repaired = repaired.filter(|_| lines_kept).map(|data| Repaired {
        data,
        lines,
        items_taken: taken.items,
    });
    (problems, repaired)
}

/// The text before the line of its first syntax error, where that error
/// keeps the whole text from being outlined (`-業務用…` among a list's
/// items): a value above that line can still be repaired, to read on to
/// the next problem. (Not a key, whose siblings may be written below the
/// line, nor a node taken out, which could reach past it.)
fn before_syntax_error(text: &str) -> Option<&str> {
    if locate::outlines(text) {
        return None;
    }
    let Err(((at, _, _), _)) = traced::<serde::de::IgnoredAny>(text) else {
        return None;
    };
    let lines = text
        .split_inclusive('\n')
        .take(at.line.saturating_sub(1) as usize);
    Some(&text[..lines.map(str::len).sum::<usize>()])
}

/// The line (numbered from 1) that byte `at` of `text` is on.
fn line_of(text: &str, at: usize) -> u32 {
    let breaks = text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    u32::try_from(breaks + 1).unwrap_or(u32::MAX)
}

/// Whether the syntax error at `at` goes away, or moves, once each value
/// named in `problems` that opens a bracket or a quote (`[公共下水道管理事業`,
/// read on into the lines below until it closes) is written as plain text.
fn follows_from_an_unclosed_value(text: &str, problems: &[Problem], at: Position) -> bool {
    let opened: Vec<Position> = problems
        .iter()
        .map(|(position, _, _)| *position)
        .filter(|position| {
            position
                .split_line(text)
                .is_some_and(|(_, value)| value.starts_with(OPENING))
        })
        .collect();
    !opened.is_empty()
        && match traced::<serde::de::IgnoredAny>(&written_plain(text, &opened)) {
            Ok(_) => true,
            Err(((still, _, _), _)) => still != at,
        }
}

/// `message`, of the problem at `path` of `text` as written; where it
/// offers a key for an unknown one that the mapping has already (renaming
/// would write it twice), saying so.
pub(super) fn with_key_written_already(text: &str, path: &[Step], message: String) -> String {
    match key_meant(&message) {
        Some(meant)
            if keys_beside(text, path).is_some_and(|keys| keys.iter().any(|k| k == meant)) =>
        {
            format!("{message}; `{meant}` is written here already, so keep one of the two")
        }
        _ => message,
    }
}

/// The key that a message about an unknown key offers as meant.
fn key_meant(message: &str) -> Option<&str> {
    let rest = message.strip_prefix(UNKNOWN_KEY)?;
    let (_, meant) = rest.split_once(PERHAPS)?;
    Some(meant.split_once('`')?.0)
}

/// What to write in place of which bytes of `text` so that the problem
/// `message` at `path` is gone and the rest of its mapping reads as written:
/// a value of the kind expected, or the key a misspelt one stands for.
fn repair(text: &str, path: &[Step], message: &str) -> Option<(Range<usize>, String)> {
    if !about_the_key(path, message) {
        return repair_value(text, path, message);
    }
    if let Some(meant) = key_meant(message) {
        // Not a key the mapping has already: it would then be there twice.
        if keys_beside(text, path)?.iter().any(|key| key == meant) {
            return None;
        }
        return Some((locate::written(text, path, Part::Key)?, meant.to_string()));
    }
    // A key of a KPI's results: another year in its place, one the mapping does not have.
    let keys = keys_beside(text, path)?;
    let unused = (1..=100)
        .map(|n| (10_000 - n).to_string())
        .find(|year| !keys.contains(year))?;
    Some((locate::written(text, path, Part::Key)?, unused))
}

/// Whether the problem `message` at `path` is its key's: a misspelt key, or
/// a result's year that is no fiscal year.
fn about_the_key(path: &[Step], message: &str) -> bool {
    key_meant(message).is_some()
        || matches!(path.last(), Some(Step::Key(last))
            if message.starts_with("expected a fiscal year")
                && message.contains(&format!("found \"{last}\"")))
}

/// [`repair`] of a value.
fn repair_value(text: &str, path: &[Step], message: &str) -> Option<(Range<usize>, String)> {
    let value = if let Some(allowed) = message.strip_prefix(EXPECTED_ONE_OF) {
        let first = allowed.split(", ").next()?;
        format!("'{}'", first.replace('\'', "''"))
    } else if message.starts_with("expected a whole number") {
        "1".to_string()
    } else if message.starts_with("expected a number") {
        "0.5".to_string()
    } else if message.starts_with(EXPECTED_BOOLEAN) {
        "true".to_string()
    } else if message.starts_with("expected a fiscal year") {
        "2023".to_string()
    } else if message.starts_with(EXPECTED_ONE_VALUE) {
        "x".to_string()
    } else {
        return None;
    };
    Some((locate::written(text, path, Part::Value)?, value))
}

/// The keys of the mapping that holds the key at `path`.
fn keys_beside(text: &str, path: &[Step]) -> Option<Vec<String>> {
    let (_, mapping) = path.split_last()?;
    locate::keys(text, mapping)
}

/// The path as serde_path_to_error writes it: `major_items[0].kpis[1].direction`.
pub fn field_path(path: &[Step]) -> String {
    let mut written = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !written.is_empty() {
                    written.push('.');
                }
                written.push_str(key);
            }
            Step::Item(index) => written.push_str(&format!("[{index}]")),
        }
    }
    written
}

/// The steps of a path as [`field_path`] writes it, if it is one.
fn steps(field: &str) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    for part in field.split('.') {
        let mut pieces = part.split('[');
        let key = pieces.next().unwrap_or_default();
        if !key.is_empty() {
            steps.push(Step::Key(key.to_string()));
        }
        for item in pieces {
            steps.push(Step::Item(item.strip_suffix(']')?.parse().ok()?));
        }
    }
    Some(steps)
}

/// `path` in a file with `items_taken` (by their paths as written) taken
/// out, as a path in the file as written.
fn path_as_written(items_taken: &[(Vec<Step>, usize)], path: &[Step]) -> Vec<Step> {
    let mut original = Vec::with_capacity(path.len());
    for step in path {
        let step = match step {
            Step::Key(key) => Step::Key(key.clone()),
            Step::Item(index) => {
                let mut gone: Vec<usize> = (items_taken.iter())
                    .filter(|(sequence, _)| *sequence == original)
                    .map(|&(_, item)| item)
                    .collect();
                gone.sort_unstable();
                let mut index = *index;
                for item in gone {
                    if item <= index {
                        index += 1;
                    }
                }
                Step::Item(index)
            }
        };
        original.push(step);
    }
    original
}

/// What has been taken out of a file so far, by paths in the file as written.
#[derive(Default)]
struct Taken {
    /// Items: the sequence's path and the item's number.
    items: Vec<(Vec<Step>, usize)>,
    /// Keys: the mapping's path and the key.
    keys: Vec<(Vec<Step>, String)>,
    /// Paths of keys taken out as unknown to the mapping: most are a key it
    /// has, misspelt (`basline`), which then reads as missing.
    misspelt: Vec<Vec<Step>>,
    /// Paths where a value or key was repaired rather than taken out.
    repaired: Vec<Vec<Step>>,
}

impl Taken {
    /// `path` in the file as read now, as a path in the file as written.
    fn original(&self, path: &[Step]) -> Vec<Step> {
        path_as_written(&self.items, path)
    }

    /// Whether the problem `message` at `path` comes from what was taken out:
    /// a missing key that was taken out, or that an unknown key taken out
    /// from the same mapping is a misspelling of.
    fn caused(&self, path: &[Step], message: &str) -> bool {
        let Some((missing, _)) = message
            .strip_prefix(MISSING_KEY)
            .and_then(|rest| rest.split_once('`'))
        else {
            return false;
        };
        let taken = (self.keys.iter()).any(|(mapping, key)| mapping == path && key == missing);
        let misspelt = self
            .misspelt
            .iter()
            .any(|unknown| match unknown.split_last() {
                Some((Step::Key(key), mapping)) => {
                    mapping == path && crate::diagnostic::likely_meant(key, [missing]).is_some()
                }
                _ => false,
            });
        taken || misspelt
    }

    /// Notes that the node at `path` was taken out.
    fn record(&mut self, mut path: Vec<Step>) {
        match path.pop() {
            Some(Step::Key(key)) => self.keys.push((path, key)),
            Some(Step::Item(index)) => self.items.push((path, index)),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Project;

    const ROW: &str =
        "  - measure: bosai\n    major_item: 1\n    mid_item: 1\n    fiscal_year: 令和5年度\n";

    #[test]
    fn a_file_with_its_values_repaired_says_what_it_means_on_the_other_lines() {
        let text = format!(
            "name: 防災訓練事業\ndepartment: kikaku\nrows:\n{ROW}    achievements: 訓練を実施した。\n    analyis: []\n"
        );
        let (problems, repaired) = every_problem::<Project>(&text);
        let lines: Vec<u32> = problems.iter().map(|(at, _, _)| at.line).collect();
        assert_eq!(lines, [8, 9]);
        let repaired = repaired.expect("values and keys were repaired");
        assert_eq!(repaired.data.department.value, "kikaku");
        assert_eq!(repaired.data.rows[0].measure.value, "bosai");
        assert!(repaired.changed(8) && repaired.changed(9));
        assert!(!(1..8).any(|line| repaired.changed(line)));
    }

    #[test]
    fn a_file_with_an_item_taken_out_numbers_the_rest_as_written() {
        // The first row misses its measure and goes: the second is read as rows[0].
        let text = format!(
            "name: 防災訓練事業\ndepartment: kikaku\nrows:\n  - major_item: 1\n    mid_item: 1\n    fiscal_year: 令和5年度\n{ROW}"
        );
        let (problems, repaired) = every_problem::<Project>(&text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let repaired = repaired.expect("an item taken out keeps the lines");
        assert_eq!(repaired.data.rows.len(), 1);
        assert_eq!(repaired.data.rows[0].measure.value, "bosai");
        assert_eq!(repaired.as_written("rows[0].measure"), "rows[1].measure");
        assert_eq!(repaired.as_written("department"), "department");
        assert_eq!(repaired.lines, [4..=6]);
    }
}
