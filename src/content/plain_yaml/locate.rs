//! Where a node of a document is written, by its path, and how to take it
//! out or write another value in its place: what
//! [`crate::content::recover`] does to read on past a problem.

use std::ops::Range;

use super::events::{self, Event, Scalar, Style};

/// One step of a path from the top of a document: a mapping's key, or a
/// sequence's item by number from 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Item(usize),
}

/// How to take a node out of its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TakeOut {
    /// Put `with` in place of `bytes`: from the node's first byte (for an
    /// item, its line's start, so that its `- ` goes too) up to the line of
    /// what follows it. `with` holds their line breaks, so that every other
    /// line keeps its number and column, and, for the first key of an item,
    /// the item's `- ` moved before the next key.
    Replace { bytes: Range<usize>, with: String },
    /// The node is the only entry or item of its mapping or sequence, which
    /// would read as null without it: take that out instead.
    Parent,
}

/// How to take the node at `path` out of `text`: a key with its value, or a
/// sequence's item. `None` if the text is not in the subset [`events::outline`] reads,
/// the path leads nowhere, or the node shares a line with something outside
/// it (a flow sequence), so that taking out its lines would take more.
pub fn take_out(text: &str, path: &[Step]) -> Option<TakeOut> {
    take_out_nth(text, path, 0)
}

/// [`take_out`] for the second time the key at the end of `path` is written
/// in its mapping: a duplicate key, which serde-saphyr reports there.
pub fn take_out_repeat(text: &str, path: &[Step]) -> Option<TakeOut> {
    take_out_nth(text, path, 1)
}

/// [`take_out`] of the `nth` entry (from 0) with the last step's key.
fn take_out_nth(text: &str, path: &[Step], nth: usize) -> Option<TakeOut> {
    let (last, parents) = path.split_last()?;
    let (list, at) = outline_at(text, parents)?;
    let (first, value) = nth_child(text, &list, at, last, nth)?;
    let after = skip(&list, value)?;
    if first == at + 1 && list.get(after) == Some(&Event::End) {
        return Some(TakeOut::Parent);
    }
    let scalars = |events: &[Event]| -> Vec<Scalar> {
        (events.iter())
            .filter_map(|event| match event {
                Event::Scalar(scalar) => Some(*scalar),
                _ => None,
            })
            .collect()
    };
    let inside = scalars(&list[first..after]);
    let (opening, closing) = (inside.first()?, inside.last()?);
    let line_start = opening.line_start as usize;
    let before = &text[line_start..opening.start as usize];
    let indent = before.len() - before.trim_start().len();
    // What the node's first line holds before it: nothing, or an item's `- `.
    let marker = match before.trim_start().strip_prefix('-') {
        Some(rest) if rest.trim().is_empty() => true,
        _ if before.trim().is_empty() => false,
        _ => return None,
    };
    let next = scalars(&list[after..]).first().copied();
    if next.is_some_and(|next| next.line_start < closing.end) {
        return None;
    }
    let end_of_lines = next.map_or(text.len(), |next| next.line_start as usize);
    let line_breaks = |bytes: &str| -> String { bytes.chars().filter(|&c| c == '\n').collect() };
    let (bytes, replacement) = match (last, marker, next) {
        (Step::Key(_), false, _) => {
            let start = opening.start as usize;
            (start..end_of_lines, line_breaks(&text[start..end_of_lines]))
        }
        // The first key of an item: its `- ` goes before the item's next key.
        (Step::Key(_), true, Some(next)) => {
            let end = next.start as usize;
            let lead = &text[end_of_lines..end];
            if lead.len() <= indent + 1 || !lead.bytes().all(|b| b == b' ') {
                return None;
            }
            let moved = format!("{}-{}", &lead[..indent], &lead[indent + 1..]);
            let breaks = line_breaks(&text[line_start..end_of_lines]);
            (line_start..end, breaks + &moved)
        }
        (Step::Key(_), true, _) => return None,
        (Step::Item(_), true, _) => (
            line_start..end_of_lines,
            line_breaks(&text[line_start..end_of_lines]),
        ),
        (Step::Item(_), false, _) => return None,
    };
    Some(TakeOut::Replace {
        bytes,
        with: replacement,
    })
}

/// Which part of a mapping's entry [`written`] finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Key,
    Value,
}

/// The bytes of the key, or of the value, at `path` (a mapping's key), when
/// it is one scalar, or a value that is a flow list of scalars (`[a, b]`),
/// written on one line (quotes and brackets included): what can be replaced
/// by another scalar without moving any other line.
pub fn written(text: &str, path: &[Step], part: Part) -> Option<Range<usize>> {
    let (last @ Step::Key(_), parents) = path.split_last()? else {
        return None;
    };
    let (list, at) = outline_at(text, parents)?;
    let (key, value) = child(text, &list, at, last)?;
    let bytes = match (part, list[key], list[value]) {
        (Part::Key, Event::Scalar(scalar), _) | (Part::Value, _, Event::Scalar(scalar)) => {
            let quoted = matches!(
                scalar.style,
                Style::Plain | Style::SingleQuoted | Style::DoubleQuoted
            );
            (quoted && scalar.start < scalar.end)
                .then_some(scalar.start as usize..scalar.end as usize)?
        }
        (Part::Value, Event::Scalar(key), Event::SeqStart(_)) => {
            let items = &list[value + 1..skip(&list, value)? - 1];
            let mut last = None;
            for item in items {
                let Event::Scalar(item) = item else {
                    return None;
                };
                last = Some(item.end as usize);
            }
            let line = key.end as usize
                ..text[key.end as usize..]
                    .find('\n')
                    .map_or(text.len(), |n| key.end as usize + n);
            let open = line.start + text[line.clone()].find('[')?;
            let after = last.unwrap_or(open + 1);
            let close = after + text.get(after..line.end)?.find(']')? + 1;
            open..close
        }
        _ => return None,
    };
    (!text[bytes.clone()].contains('\n')).then_some(bytes)
}

/// Whether `text` is in the subset [`events::outline`] reads, so that its nodes can be found.
pub fn outlines(text: &str) -> bool {
    events::outline(text, &mut Vec::new()).is_ok()
}

/// The keys of the mapping at `path`, as their text; `None` if there is no
/// mapping there or the text is not in the subset [`events::outline`] reads.
pub fn keys(text: &str, path: &[Step]) -> Option<Vec<String>> {
    let (list, at) = outline_at(text, path)?;
    if list.get(at) != Some(&Event::MapStart) {
        return None;
    }
    let (mut keys, mut next) = (Vec::new(), at + 1);
    while let Some(&Event::Scalar(key)) = list.get(next) {
        keys.push(super::de::scalar_text(text, key).ok()?.into_owned());
        next = skip(&list, next + 1)?;
    }
    Some(keys)
}

/// The outline of `text` and the event where the node at `path` begins.
fn outline_at(text: &str, path: &[Step]) -> Option<(Vec<Event>, usize)> {
    let mut list = Vec::new();
    events::outline(text, &mut list).ok()?;
    let mut at = 0;
    for step in path {
        at = child(text, &list, at, step)?.1;
    }
    Some((list, at))
}

/// Where the mapping at `path` begins: the byte offset of its first key.
pub fn mapping_start(text: &str, path: &[Step]) -> Option<usize> {
    let (list, at) = outline_at(text, path)?;
    match (list.get(at)?, list.get(at + 1)?) {
        (Event::MapStart, Event::Scalar(key)) => Some(key.start as usize),
        _ => None,
    }
}

/// The child `step` of the mapping or sequence starting at event `at`: the
/// event where it begins (its key, for a mapping) and where its value begins.
fn child(text: &str, list: &[Event], at: usize, step: &Step) -> Option<(usize, usize)> {
    nth_child(text, list, at, step, 0)
}

/// [`child`], for a key the `nth` entry (from 0) with that key.
fn nth_child(
    text: &str,
    list: &[Event],
    at: usize,
    step: &Step,
    mut nth: usize,
) -> Option<(usize, usize)> {
    let mut next = at + 1;
    match (list.get(at)?, step) {
        (Event::MapStart, Step::Key(key)) => loop {
            let Event::Scalar(written) = *list.get(next)? else {
                return None;
            };
            if super::de::scalar_text(text, written).ok()? == key.as_str() {
                if nth == 0 {
                    return Some((next, next + 1));
                }
                nth -= 1;
            }
            next = skip(list, next + 1)?;
        },
        (Event::SeqStart(_), Step::Item(index)) => {
            for _ in 0..*index {
                next = skip(list, next)?;
            }
            (list.get(next)? != &Event::End).then_some((next, next))
        }
        _ => None,
    }
}

/// The event after the node starting at event `at`.
fn skip(list: &[Event], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, event) in list.iter().enumerate().skip(at) {
        match event {
            Event::MapStart | Event::SeqStart(_) => depth += 1,
            Event::End => depth = depth.checked_sub(1)?,
            Event::Scalar(_) => {}
        }
        if depth == 0 {
            return Some(i + 1);
        }
    }
    None
}
