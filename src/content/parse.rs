//! Parsing one file's YAML text into the content model, and saying what is
//! wrong with a text that does not read: every problem at its line, column
//! and field, in words a city officer can act on (quote the text, indent the
//! key, write one of the allowed words).
//!
//! [`super::load`] reads the files and hands their text here.

use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use super::plain_yaml::locate::{self, Part, Step};
use super::recover::{self, Repaired};
use super::{plain_yaml, properties, slips};
use crate::diagnostic::Position;

/// A problem of a file: where it is, the path of the field, and the message.
pub type Problem = (Position, String, String);

/// Parses YAML text into `T`; on failure gives every problem found
/// (`content::recover`), each with its position, field path and message,
/// and a line indented unlike its mapping or list; or only the tabs,
/// full-width spaces and colons that stand where YAML needs half-width
/// spaces and colons ([`slips`]), and text taken by an anchor or a tag
/// ([`properties`]).
///
/// Plain content files are read by [`plain_yaml`], several times faster than
/// serde-saphyr; everything it declines or fails on is read by serde-saphyr,
/// so results and messages are serde-saphyr's.
pub fn parse_yaml<T: DeserializeOwned>(text: &str) -> Result<T, Vec<Problem>> {
    parse_yaml_repaired(text).map_err(|(problems, _)| problems)
}

/// [`parse_yaml`], with what a text that does not read says once repaired:
/// only where every problem is a value or key that could be repaired or
/// taken out (not a misaligned line, nor text an anchor or tag takes).
fn parse_yaml_repaired<T: DeserializeOwned>(
    text: &str,
) -> Result<T, (Vec<Problem>, Option<Repaired<T>>)> {
    parse_yaml_noting(text).0
}

/// What [`parse_yaml_noting`] gives.
type Noted<T> = (Result<T, (Vec<Problem>, Option<Repaired<T>>)>, bool);

/// [`parse_yaml_repaired`], and whether YAML may read a text of `text`
/// otherwise than written ([`super::Source::may_change_text`]).
pub(super) fn parse_yaml_noting<T: DeserializeOwned>(text: &str) -> Noted<T> {
    match plain_yaml::from_str(text) {
        // The plain reader reads no text over several lines: only a comment may change one.
        Ok(data) => (
            Ok(data),
            properties::lines_with_comment(text).next().is_some(),
        ),
        Err(_) => (parse_declined(text), properties::may_change_text(text)),
    }
}

/// [`parse_yaml_repaired`] for a text the plain reader declined.
fn parse_declined<T: DeserializeOwned>(
    text: &str,
) -> Result<T, (Vec<Problem>, Option<Repaired<T>>)> {
    if let Some(empty) = empty_file(text) {
        return Err((vec![empty], None));
    }
    // What the plain reader declines may hold anchors or tags that take text.
    let swallowing = properties::swallowing(text);
    match untraced(text) {
        Some(data) if swallowing.is_empty() => return Ok(data),
        Some(_) => return Err((swallowing, None)),
        None => {}
    }
    // Tabs, full-width spaces and colons in YAML's syntax cause
    // problems named far from them: those are left out.
    let lookalikes = slips::lookalikes(text);
    if !lookalikes.is_empty() {
        return Err((lookalikes, None));
    }
    // A misaligned line is named beside what YAML made of it, less what
    // follows from it only.
    let (mut problems, mut repaired) = recover::every_problem::<T>(text);
    let misaligned = slips::misaligned(text);
    if let Some((at, _, _)) = &misaligned {
        problems.retain(|(other, _, message)| {
            !slips::follows_from_misaligned(text, *at, *other)
                && !slips::misses_the_misaligned_key(text, *at, message)
        });
    }
    if misaligned.is_some() || !swallowing.is_empty() {
        repaired = None;
    }
    for problem in misaligned.into_iter().chain(swallowing) {
        let place = |(position, _, _): &Problem| (position.line, position.column);
        let at = problems.partition_point(|other| place(other) <= place(&problem));
        problems.insert(at, problem);
    }
    Err((problems, repaired))
}

/// [`parse_yaml`] by serde-saphyr alone, the authority on what a file means;
/// on failure gives the first problem.
pub fn parse_yaml_with_serde_saphyr<T: DeserializeOwned>(text: &str) -> Result<T, Problem> {
    if let Some(empty) = empty_file(text) {
        return Err(empty);
    }
    untraced(text).map_or_else(
        || {
            traced(text).map_err(|((position, field, message), path)| {
                let message = match path {
                    Some(path) => with_mapping_named(
                        text,
                        &path,
                        recover::with_key_written_already(text, &path, message),
                    ),
                    None => message,
                };
                (position, field, message)
            })
        },
        Ok,
    )
}

/// The problem with a file of only blank lines and comments, at its end: a
/// list of departments would read as an empty one, and every id in it as unknown.
fn empty_file(text: &str) -> Option<Problem> {
    is_blank(text).then(|| {
        (
            Position::at_end_of(text),
            String::new(),
            EMPTY_FILE.to_string(),
        )
    })
}

/// The message for a file without content.
const EMPTY_FILE: &str = "the file is empty: it has only blank lines or comments";

/// `text` read by serde-saphyr, if it reads.
fn untraced<T: DeserializeOwned>(text: &str) -> Option<T> {
    // Tracking the field path slows every parse by about a fifth, so only a
    // file that fails is parsed a second time ([`traced`]) to name the field.
    serde_saphyr::from_str_with_options(text, options()).ok()
}

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! { with_snippet: false }
}

/// `text` read by serde-saphyr, tracking the path to a problem: the problem,
/// and the path as steps unless a step is not a key or an item.
pub(super) fn traced<T: DeserializeOwned>(text: &str) -> Result<T, (Problem, Option<Vec<Step>>)> {
    let mut path = None;
    let result =
        serde_saphyr::with_deserializer_from_str_with_options(text, options(), |deserializer| {
            serde_path_to_error::deserialize(deserializer).map_err(|error| {
                path = Some(error.path().clone());
                error.into_inner()
            })
        });
    result.map_err(|error| {
        let mut message = plain_message(&error, text);
        let duplicate = match cause(&error) {
            serde_saphyr::Error::DuplicateMappingKey { key, .. } => Some(key.clone()),
            _ => None,
        };
        // Each step of the path, None where it is not a key or an item.
        let written: Vec<Option<Step>> = path.as_ref().map_or_else(Vec::new, |path| {
            let last = path.iter().count().saturating_sub(1);
            (path.iter().enumerate())
                .filter(|&(i, segment)| !spanned_value(segment, i == last, &message))
                .map(|(i, segment)| match segment {
                    Segment::Seq { index } => Some(Step::Item(*index)),
                    Segment::Map { key } => Some(Step::Key(key.clone())),
                    // The key of a duplicate is not read yet: serde-saphyr knows it.
                    Segment::Unknown if i == last => duplicate.clone().flatten().map(Step::Key),
                    _ => None,
                })
                .collect()
        });
        let steps = path
            .is_some()
            .then(|| written.iter().cloned().collect::<Option<Vec<Step>>>())
            .flatten();
        if duplicate.is_some() {
            message = duplicate_message(text, steps.as_deref());
        }
        // Where the path goes beyond keys and items (serde_path_to_error's
        // `?`, as in a syntax error), the field named is the part before.
        let known: Vec<Step> = written.into_iter().map_while(|step| step).collect();
        let field = recover::field_path(&known);
        // A KPI value left empty (`令和4年度:`) is read as no text at all.
        if message == NOTHING && is_kpi_value(&known) {
            message = format!("{}, found nothing", super::value::EXPECTED_VALUE);
        } else if message == NOTHING
            && let [.., Step::Key(key)] = &known[..]
            && matches!(key.as_str(), "fiscal_year" | "target_year")
        {
            message = format!("{}, found nothing", super::fiscal_year::EXPECTED);
        }
        let position = error
            .location()
            .map(|l| Position::of_location(&l))
            .unwrap_or_default();
        // YAML's words for a line it could not read, when the cause is a
        // value further up that opened a bracket or quote and never closed
        // it: the mistake is there, and YAML read on until it failed.
        let (position, message) = match cause(&error) {
            serde_saphyr::Error::ExternalMessage { .. } => match unclosed_above(text, position) {
                Some((opened, mark)) => {
                    (opened, unclosed_message(mark, opened.line, position.line))
                }
                None => (position, message),
            },
            _ => (position, message),
        };
        let message = with_what_was_written(message, &error, text, position);
        ((position, field, message), steps)
    })
}

/// A missing key's `message`, at `path` in `text`, with the mapping that
/// lacks it: serde-saphyr names it where the mapping ends, at its last key.
pub(super) fn with_mapping_named(text: &str, path: &[Step], mut message: String) -> String {
    if !message.starts_with(MISSING_KEY) {
        return message;
    }
    if path.is_empty() {
        message.push_str(": the file needs it");
    } else if let Some(before) =
        locate::mapping_start(text, path).and_then(|start| text.get(..start))
    {
        let line = Position::at_end_of(before).line;
        message.push_str(&format!(
            ": the mapping that begins on line {line} needs it"
        ));
    }
    message
}

/// The message for a key without a value where text is expected.
const NOTHING: &str = "expected text, found nothing";
const EXPECTED_LIST: &str = "expected a list (lines starting with `- `)";

/// Whether `path` leads to a KPI's baseline, target or a result.
fn is_kpi_value(path: &[Step]) -> bool {
    match path {
        [.., Step::Key(kpis), Step::Item(_), Step::Key(key)] => {
            kpis == "kpis" && (key == "baseline" || key == "target")
        }
        [
            ..,
            Step::Key(kpis),
            Step::Item(_),
            Step::Key(results),
            Step::Key(_),
        ] => kpis == "kpis" && results == "results",
        _ => false,
    }
}

/// `message` with what is written at `position` where it does not say, and
/// advice where the text was read as YAML's syntax rather than as text.
fn with_what_was_written(
    mut message: String,
    error: &serde_saphyr::Error,
    text: &str,
    position: Position,
) -> String {
    // `- "窓口"を開始した`: a quote opening the value must close it.
    if message.starts_with("invalid trailing content after")
        && let Some((before, after)) = position.split_line(text)
        && let Some(start) = before
            .rfind(['"', '\''])
            .and_then(|close| before[..close].rfind(' '))
    {
        return format!(
            "`{}` begins with a quote, so YAML reads the value as ending at the closing quote and cannot read the rest; to keep all of it as text, put the whole text in quotes ({QUOTE_EXAMPLE})",
            quote_briefly(&format!("{}{after}", &before[start + 1..]))
        );
    }
    // Messages such as "expected true or false" do not say what was written; show it.
    if (message.starts_with("invalid") || message.starts_with("expected"))
        && !message.contains("found")
        && let Some(found) = scalar_at(text, position)
    {
        // serde-saphyr places a missing value at its key's colon.
        if found.starts_with(':') {
            message.push_str(", found nothing");
        } else {
            message.push_str(&format!(", found \"{}\"", quote_briefly(found)));
            // Typed with a Japanese input method, digits often come out full-width.
            let number = message.starts_with("expected a whole number")
                || message.starts_with("expected a number");
            if number && found.contains(|c: char| super::value::is_digit(c) && !c.is_ascii()) {
                message.push_str(": write it in half-width digits (1, not １)");
            }
            // `-bosai-kunren`: a list item's `-` without its space is text.
            if message.starts_with(EXPECTED_LIST)
                && let Some(item) = found.strip_prefix('-').filter(|item| !item.is_empty())
            {
                message.push_str(&format!(": {}", list_item_advice(item)));
            }
            // Text such as `例: 申請` reads as a key and its value, `[重要] …` as a list.
            if message.starts_with(EXPECTED_ONE_VALUE) {
                if let Some(read_as) = found.chars().next().and_then(read_as_syntax) {
                    message.push_str(&format!(
                        ": text beginning with `{}` is read as {read_as}; to keep it as text, put the whole text in quotes ({QUOTE_EXAMPLE})",
                        &found[..1]
                    ));
                } else if found.contains(": ") {
                    message.push_str(&format!(
                        ": the `: ` in it makes YAML read a key and its value; to keep it as text, put the whole text in quotes ({QUOTE_EXAMPLE})"
                    ));
                }
            }
        }
        return message;
    }
    let Some(found) = scalar_at(text, position) else {
        return message;
    };
    // Text beginning with `*` reads as an alias, YAML's reference to an anchor.
    if matches!(cause(error), serde_saphyr::Error::UnknownAnchor { .. }) {
        return format!(
            "`{}` is read as a reference to a YAML anchor (`&name`), and the file has none of that name; to keep it as text, put the whole text in quotes ({QUOTE_EXAMPLE})",
            quote_briefly(found)
        );
    }
    // `令和4年度: -`, meant as "no value", begins a list item there.
    if message.starts_with("block sequence entries are not allowed")
        && (found == "-" || found.starts_with("- "))
    {
        return format!(
            "`{}` is read as an item of a list, as it begins with `-`; for no value write — (or \"-\" in quotes), and for other text put the whole text in quotes ({QUOTE_EXAMPLE})",
            quote_briefly(found)
        );
    }
    // Other characters YAML reserves stop the reader with words about its grammar.
    let scanning = ["while scanning", "unexpected character"];
    if scanning.iter().any(|words| message.starts_with(words))
        && let Some(read_as) = found.chars().next().and_then(read_as_syntax)
    {
        return format!(
            "`{}` begins with `{}`, which YAML reads as {read_as}, not as text; to keep it as text, put the whole text in quotes ({QUOTE_EXAMPLE})",
            quote_briefly(found),
            &found[..1]
        );
    }
    message
}

/// What YAML reads text beginning with `first` as, where that is not text:
/// the characters it reserves at the start of a value (but `*`, `'` and `"`,
/// whose messages say more). `#` is a comment, and no error.
fn read_as_syntax(first: char) -> Option<&'static str> {
    Some(match first {
        '!' => "a tag (a type for the value)",
        '&' => "an anchor (a name for reusing the value)",
        '>' | '|' => "the start of a text written on the lines below",
        '[' => "a list written on one line (`[a, b]`)",
        '{' => "keys with values written on one line (`{a: b}`)",
        '%' => "a directive to the YAML reader",
        '@' | '`' => "a character YAML reserves",
        _ => return None,
    })
}

/// Whether `segment` of a path is the `value` of serde-saphyr's own mapping
/// for a `Spanned` value (a reference to another file), which is not in the
/// file: the model has no key `value`, so only a `last` segment reported as
/// an unknown field can be one the file holds.
fn spanned_value(segment: &Segment, last: bool, message: &str) -> bool {
    matches!(segment, Segment::Map { key } if key == "value")
        && !(last && message.starts_with(UNKNOWN_KEY))
}

/// The plain scalar written at `position` (up to the end of its line).
fn scalar_at(text: &str, position: Position) -> Option<&str> {
    let (_, from) = position.split_line(text)?;
    let found = from.split(" #").next()?.trim();
    (!found.is_empty()).then_some(found)
}

/// At most the first 40 characters of `text`, so that a quote of a long line
/// does not fill the terminal.
pub(crate) fn quote_briefly(text: &str) -> String {
    const LIMIT: usize = 40;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
        None => text.to_string(),
    }
}

/// The error's message without the " at line L, column C" that we print
/// ourselves; a breached safety budget and a second document of `text` are
/// said in plain words.
fn plain_message(error: &serde_saphyr::Error, text: &str) -> String {
    match cause(error) {
        serde_saphyr::Error::Budget { breach, .. } => return budget_message(breach),
        // serde-saphyr's own words name its functions to call instead.
        serde_saphyr::Error::MultipleDocuments { .. } => {
            return "a second document begins at this `---` line, and a content file holds one: put what follows in a file of its own, or delete the line".to_string();
        }
        // serde's words (field, variant) are Rust's, not those of the
        // people who write content.
        serde_saphyr::Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let meant = crate::diagnostic::likely_meant(field, expected.iter().copied())
                .or_else(|| super::terms::key_for_label(field, expected.iter().copied()));
            let mut perhaps = meant
                .map(|meant| format!("{PERHAPS}{meant}`)"))
                .unwrap_or_default();
            // The sheet's header 目標値（令和7年度） holds the target's year too.
            if meant == Some("target")
                && let Some(year) = super::terms::year_noted(field)
            {
                perhaps.push_str(&format!(
                    ", with the year as `target_year: {}`",
                    year.wareki()
                ));
            }
            return format!(
                "{UNKNOWN_KEY}{field}`{perhaps}: the keys here are {}",
                expected.join(", ")
            );
        }
        serde_saphyr::Error::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            return format!(
                "{EXPECTED_ONE_OF}{}, found \"{}\"",
                expected.join(", "),
                quote_briefly(variant)
            );
        }
        serde_saphyr::Error::SerdeMissingField { field, .. } => {
            return format!("{MISSING_KEY}{field}`");
        }
        _ => {}
    }
    let message = error.without_snippet().to_string();
    let message = match message.rfind(" at line ") {
        Some(cut) => &message[..cut],
        None => &message,
    };
    // Rust's and YAML's words for types mean nothing to the people who write content.
    let plain = match message {
        "invalid u8" | "invalid u16" | "invalid u32" | "invalid u64" | "invalid usize" => {
            "expected a whole number such as 1"
        }
        "invalid floating point" => "expected a number such as 0.5",
        "invalid boolean" => EXPECTED_BOOLEAN,
        "expected string scalar" => EXPECTED_ONE_VALUE,
        "expected sequence start" => EXPECTED_LIST,
        "expected mapping start" => "expected keys with values (lines such as `name: …`)",
        "cannot deserialize null into string; use Option<String>" => NOTHING,
        // A line neither a key, an item nor the text above it goes on with.
        "simple key expected ':'" => {
            if let Some(at) = error.location()
                && wraps_the_text_above(text, Position::of_location(&at))
            {
                return "this line reads as the rest of the text on the line above, but a text goes on to its next line only where that line is indented further than the text's key or `-`: join the two lines into one".to_string();
            }
            // `-業務用…` among a list's `- ` items.
            if let Some(at) = error.location()
                && let Some(line) = (Position::of_location(&at).line as usize)
                    .checked_sub(1)
                    .and_then(|index| text.lines().nth(index))
                && let Some(item) = line.trim_start().strip_prefix('-')
                && item.starts_with(|c: char| !matches!(c, ' ' | '-' | '\t'))
            {
                return format!(
                    "this line begins with a `-` without a space after it, so it is neither a list item nor a key: {}",
                    list_item_advice(item)
                );
            }
            "this line is neither a key (`name: …`) nor a list item (`- …`): check its indentation and the line above it"
        }
        // `name: 例: 申請`: YAML's words name its grammar, not the mistake.
        // (A key on a line indented too far gets them too; slips names that.)
        "mapping values are not allowed in this context"
            if error
                .location()
                .and_then(|at| Position::of_location(&at).split_line(text))
                .is_some_and(|(before, _)| before.contains(": ")) =>
        {
            return format!(
                "a second `: ` on one line, inside a value, which YAML cannot read; to keep the value as text, put it in quotes ({QUOTE_EXAMPLE})"
            );
        }
        _ => message,
    };
    plain.to_string()
}

/// What a list item is, for `item` written after a `-` without its space.
pub(super) fn list_item_advice(item: &str) -> String {
    format!(
        "a list item is a `-` and a half-width space before its value (`- {}`)",
        quote_briefly(item)
    )
}

/// How many values [`unclosed_above`] tries as the cause of one failure.
const MAX_UNCLOSED_TRIES: usize = 8;

/// The nearest value up to the line at `at` that begins with a bracket or
/// a quote (`- [重要 総合防災訓練…`) not closed before that line (or on it,
/// for the line itself), and that the failure at `at` follows from: where
/// it begins, and its first character.
fn unclosed_above(text: &str, at: Position) -> Option<(Position, char)> {
    // Columns count no byte order mark, as YAML's do.
    let lines: Vec<&str> = (super::without_bom(text).split_inclusive('\n'))
        .take(at.line as usize)
        .collect();
    // Each value tried reads the file again: the nearest few, so that a
    // hostile file of many such lines costs no more than a few readings.
    let mut tries = 0;
    lines.iter().enumerate().rev().find_map(|(i, line)| {
        if tries == MAX_UNCLOSED_TRIES {
            return None;
        }
        let line = line.trim_end_matches(['\n', '\r']);
        let (column, value) = value_of(line)?;
        let mark = value.chars().next()?;
        // A bracket alone opens a list written over lines: no text to quote.
        if value[mark.len_utf8()..].trim().is_empty() {
            return None;
        }
        // What YAML reads as part of the value: the rest of its line and
        // every line up to the one it failed on, that one too.
        let mut read = std::iter::once(value).chain(lines[i + 1..].iter().copied());
        let unclosed = match mark {
            '[' | '{' => {
                let close = if mark == '[' { ']' } else { '}' };
                let mut depth = 0i64;
                !read.any(|part| {
                    part.chars().any(|c| {
                        depth += i64::from(c == mark) - i64::from(c == close);
                        depth == 0
                    })
                })
            }
            '"' | '\'' => !read
                .enumerate()
                .any(|(n, part)| part.chars().skip(usize::from(n == 0)).any(|c| c == mark)),
            _ => false,
        };
        if !unclosed {
            return None;
        }
        tries += 1;
        // The cause only if the failure goes, or moves, once the value is
        // plain text: a line of a block scalar (`|`) or a comment that
        // begins so is no value YAML reads.
        let opened = Position::new(u32::try_from(i + 1).ok()?, column);
        let plain = written_plain(text, &[opened]);
        let failure =
            serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(&plain, options())
                .err()
                .and_then(|error| error.location())
                .map(|location| Position::of_location(&location));
        (failure != Some(at)).then_some((opened, mark))
    })
}

/// The value a line writes after its key or list item's `- `, and the
/// column (in characters, from 1) it begins at.
fn value_of(line: &str) -> Option<(u32, &str)> {
    let mut rest = line.trim_start_matches(' ');
    while let Some(item) = rest.strip_prefix("- ") {
        rest = item.trim_start_matches(' ');
    }
    if !rest.starts_with(OPENING) {
        rest = rest.split_once(": ")?.1.trim_start_matches(' ');
    }
    let before = &line[..line.len() - rest.len()];
    let column = u32::try_from(before.chars().count() + 1).ok()?;
    Some((column, rest))
}

/// What a value begins with that YAML reads on past its line until it
/// closes: a list or keys with values on one line, or a quoted text.
pub(super) const OPENING: [char; 4] = ['[', '{', '"', '\''];

/// `text` with what is written from each of `at` to the end of its line (a
/// value that opens a bracket or a quote) written as the plain text `x`,
/// every other line as it is: a failure further down that then goes, or
/// moves, follows from such a value.
pub(super) fn written_plain(text: &str, at: &[Position]) -> String {
    let mut at = at.to_vec();
    at.sort();
    let mut plain = text.to_string();
    // From the last, so that the byte offsets of those before stay valid.
    for position in at.iter().rev() {
        let Some((_, value)) = position.split_line(text) else {
            continue;
        };
        let start = crate::offset_in(text, value);
        plain.replace_range(start..start + value.len(), "x");
    }
    plain
}

/// The message for a value on line `opened` that opened `mark` and never
/// closed it, so that YAML failed on line `failed` (or at the file's end).
fn unclosed_message(mark: char, opened: u32, failed: u32) -> String {
    let (read_as, fix) = match mark {
        '[' => (
            "a list written on one line (`[a, b]`), and no `]` closes it".to_string(),
            "if it is a list, close it with `]`; ",
        ),
        '{' => (
            "keys with values written on one line (`{a: b}`), and no `}` closes it".to_string(),
            "",
        ),
        _ => (
            format!("a quoted text, and no second `{mark}` closes it"),
            "",
        ),
    };
    let read_on = if failed > opened {
        format!("so it read the lines below as part of it and could not read line {failed}")
    } else {
        "so it read on to the end of the file".to_string()
    };
    format!(
        "this text begins with `{mark}`, which YAML reads as the start of {read_as}, {read_on}; {fix}to keep it as text, put the whole text in quotes ({QUOTE_EXAMPLE})"
    )
}

/// Whether the line at `at` is text without a key, and the line above it a
/// list item or a key with its value: most likely that text wrapped onto
/// the next line, where Excel or an editor broke it.
fn wraps_the_text_above(text: &str, at: Position) -> bool {
    let mut lines = text.lines().take(at.line as usize).collect::<Vec<_>>();
    let Some(line) = lines.pop() else {
        return false;
    };
    let above = lines.into_iter().rev().find(|line| !line.trim().is_empty());
    let is_text = |line: &str| {
        !line.trim().is_empty() && !line.contains(": ") && !line.trim_end().ends_with(':')
    };
    is_text(line)
        && !line.trim_start().starts_with(['-', '#'])
        && above.is_some_and(|above| {
            let above = above.trim_start();
            above.starts_with("- ") || above.contains(": ")
        })
}

/// Whether `text` holds no YAML node: only blank lines, comments and
/// document markers.
fn is_blank(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}

/// The message for a list or keys with values where one value is wanted:
/// [`recover`] repairs it.
pub(super) const EXPECTED_ONE_VALUE: &str = "expected one value, not a list or keys with values";

/// How to quote text in YAML, for the messages that advise it.
pub(super) const QUOTE_EXAMPLE: &str = "'…', with each ' inside written ''";

/// The message for a value that is not `true` or `false`: [`recover`] repairs it.
pub(super) const EXPECTED_BOOLEAN: &str = "expected true or false";

/// The error inside serde-saphyr's wrappers (an alias's, a snippet's).
fn cause(mut error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::AliasError { error: inner, .. }
    | serde_saphyr::Error::WithSnippet { error: inner, .. } = error
    {
        error = inner;
    }
    error
}

/// How a message about a key a mapping lacks begins, then the key in backquotes.
pub(super) const MISSING_KEY: &str = "missing key `";

/// How a message about a key the mapping cannot have begins, then the key
/// in backquotes, perhaps [`PERHAPS`] and the key likely meant.
pub(super) const UNKNOWN_KEY: &str = "unknown key `";

/// Offers the key likely meant in an [`UNKNOWN_KEY`] message: [`recover`]
/// writes it in the unknown key's place to read on.
pub(super) const PERHAPS: &str = " (perhaps `";

/// How a message about a value that is not one of a few begins, then the
/// values allowed: [`recover`] writes the first in its place to read on.
pub(super) const EXPECTED_ONE_OF: &str = "expected one of ";

/// How a message about a key written twice in one mapping begins:
/// [`recover`] takes the second one out to read on.
pub(super) const DUPLICATE_KEY: &str = "duplicate key";

/// The message for a key written a second time at `path`, with the line of
/// the first where it can be found.
fn duplicate_message(text: &str, path: Option<&[Step]>) -> String {
    let first = path
        .and_then(|path| locate::written(text, path, Part::Key))
        .map(|bytes| text[..bytes.start].matches('\n').count() + 1);
    match first {
        Some(line) => format!(
            "{DUPLICATE_KEY}: it is also written on line {line}; delete one of the two or correct it"
        ),
        None => format!(
            "{DUPLICATE_KEY}: it is written twice in this mapping; delete one of the two or correct it"
        ),
    }
}

/// What a breached budget of the YAML reader means for a content file.
fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach;
    let limits = serde_saphyr::Budget::default();
    match breach {
        BudgetBreach::Nodes { .. } => format!(
            "the file holds more than {} values (a value reused with an alias *name counts each time it is used); content files hold far fewer",
            limits.max_nodes
        ),
        BudgetBreach::Depth { .. } => format!(
            "the file nests lists and mappings more than {} levels deep; content files need at most 6",
            limits.max_depth
        ),
        BudgetBreach::Aliases { .. } => format!(
            "the file uses aliases (*name) more than {} times; content files need few or none",
            limits.max_aliases
        ),
        other => format!(
            "the file exceeds a safety limit of the YAML reader ({other:?}); content files are small and simple"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{Department, Field, Project};

    #[test]
    fn text_beginning_with_what_yaml_reserves_is_told_to_be_quoted() {
        let quote = format!("to keep it as text, put the whole text in quotes ({QUOTE_EXAMPLE})");
        let cases = [
            (
                "!重要 訓練を実施した。",
                "9:9: rows[0].achievements: `!重要 訓練を実施した。` begins with `!`, which YAML reads as a tag (a type for the value), not as text",
            ),
            (
                ">10件以上を達成",
                "9:9: rows[0].achievements: `>10件以上を達成` begins with `>`, which YAML reads as the start of a text written on the lines below, not as text",
            ),
            (
                "%達成した",
                "9:9: rows[0].achievements: `%達成した` begins with `%`, which YAML reads as a directive to the YAML reader, not as text",
            ),
            (
                "@職員が実施",
                "9:9: rows[0].achievements: `@職員が実施` begins with `@`, which YAML reads as a character YAML reserves, not as text",
            ),
            (
                "[重要] 実施した",
                "9:9: rows[0].achievements[0]: expected one value, not a list or keys with values, found \"[重要] 実施した\": text beginning with `[` is read as a list written on one line (`[a, b]`)",
            ),
        ];
        for (bullet, expected) in cases {
            let text = format!(
                "name: 防災訓練事業\ndepartment: kikikanri\nrows:\n  - measure: bosai\n    major_item: 1\n    mid_item: 1\n    fiscal_year: 令和5年度\n    achievements:\n      - {bullet}\n"
            );
            let problems = parse_yaml::<Project>(&text).unwrap_err();
            let found: Vec<String> = problems
                .iter()
                .map(|(at, field, message)| {
                    format!("{}:{}: {field}: {message}", at.line, at.column)
                })
                .collect();
            assert_eq!(found, [format!("{expected}; {quote}")], "{bullet}");
        }
        let text = "name: 防災訓練事業\ndepartment: kikikanri\nrows:\n  - analysis:\n      - \"スマート窓口\"を開始した。\n";
        let (at, _, message) = &parse_yaml::<Project>(text).unwrap_err()[0];
        assert_eq!((at.line, at.column), (5, 17));
        assert_eq!(
            message,
            &format!(
                "`\"スマート窓口\"を開始した。` begins with a quote, so YAML reads the value as ending at the closing quote and cannot read the rest; to keep all of it as text, put the whole text in quotes ({QUOTE_EXAMPLE})"
            )
        );
    }

    #[test]
    fn what_was_written_is_quoted_without_the_byte_order_mark_before_it() {
        let problems = parse_yaml::<Vec<Department>>("\u{feff}-somu\n").unwrap_err();
        let found: Vec<String> = (problems.iter())
            .map(|(at, field, message)| format!("{}:{}: {field}: {message}", at.line, at.column))
            .collect();
        assert_eq!(
            found,
            [
                "1:1: : expected a list (lines starting with `- `), found \"-somu\": a list item is a `-` and a half-width space before its value (`- somu`)"
            ]
        );
    }

    #[test]
    fn a_text_opening_a_bracket_or_quote_that_never_closes_is_named_where_it_opens() {
        let project = |bullets: &str| {
            format!(
                "name: 防災訓練事業\ndepartment: kikikanri\nrows:\n  - measure: bosai\n    achievements:\n{bullets}    analysis:\n      - 増加した。\n"
            )
        };
        let first = |text: &str| {
            let (at, field, message) = parse_yaml::<Project>(text).unwrap_err().remove(0);
            format!("{}:{}: {field}: {message}", at.line, at.column)
        };
        let quote = format!("to keep it as text, put the whole text in quotes ({QUOTE_EXAMPLE})");
        assert_eq!(
            first(&project("      - [重要 訓練を実施した。\n")),
            format!(
                "6:9: rows[0].achievements: this text begins with `[`, which YAML reads as the start of a list written on one line (`[a, b]`), and no `]` closes it, so it read the lines below as part of it and could not read line 7; if it is a list, close it with `]`; {quote}"
            )
        );
        assert_eq!(
            first(&project(
                "      - 訓練を実施した。\n      - \"窓口を開始した\n"
            )),
            format!(
                "7:9: rows[0].achievements: this text begins with `\"`, which YAML reads as the start of a quoted text, and no second `\"` closes it, so it read on to the end of the file; {quote}"
            )
        );
        // A byte order mark (Windows' Notepad writes one) is no column.
        let opens_first = "name: \"防災訓練事業\ndepartment: kikikanri\n";
        assert_eq!(first(&format!("\u{feff}{opens_first}")), first(opens_first));
        assert!(
            first(opens_first).starts_with("1:7: : this text begins with `\"`"),
            "{}",
            first(opens_first)
        );
        // Nor is a line of a block scalar or a comment that begins so a
        // value YAML reads: the problem further down is named as it is.
        let text = "name: 防災訓練事業\ndepartment: kikikanri\ndescription: |\n  [参考 改定に合わせて実施。\n# メモ: \"未確定\nrows:\n  - measure: bosai\n    analysis:\n      - 実施した。: 詳細: あり\n";
        assert!(
            first(text).starts_with("9:9: rows[0].analysis[0]: expected one value"),
            "{}",
            first(text)
        );
        // A quote that closes on the line YAML fails on is closed.
        let closing = project("      - \"総合防災訓練を\n        実施した\"ことにより増えた。\n");
        assert!(
            !first(&closing).contains("no second"),
            "{}",
            first(&closing)
        );
        // A list written over lines that closes is no such text: the
        // problem further down keeps YAML's place.
        let closed = "name: くらし\nmeasures: [bosai,\n  anzen]\n  - kenko\n";
        let (at, _, message) = parse_yaml::<Field>(closed).unwrap_err().remove(0);
        assert_eq!(at.line, 4, "{message}");
        assert!(!message.contains("begins with"), "{message}");
    }

    #[test]
    fn keys_and_choices_are_named_in_plain_words() {
        let problems = |text: &str| -> Vec<String> {
            parse_yaml::<Project>(text)
                .unwrap_err()
                .iter()
                .map(|(at, field, message)| {
                    format!("{}:{}: {field}: {message}", at.line, at.column)
                })
                .collect()
        };
        let keys = "the keys here are name, department, description, rows";
        // A misspelt key is offered the key meant (and read on as that key);
        // a key like none is not.
        assert_eq!(
            problems("nmae: 防災訓練事業\ndepartment: kikikanri\nrows: []\n"),
            [format!(
                "1:1: nmae: unknown key `nmae` (perhaps `name`): {keys}"
            )]
        );
        assert_eq!(
            problems("name: 防災訓練事業\ndepartment: kikikanri\nrows: []\n予算: 100万円\n"),
            [format!("4:1: 予算: unknown key `予算`: {keys}")]
        );
        assert_eq!(
            problems("name: 防災訓練事業\nrows: []\n"),
            ["2:1: : missing key `department`: the file needs it"]
        );
    }
}
