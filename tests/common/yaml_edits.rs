//! Edits that splice pieces of YAML into a text, for the fuzzers of content
//! files (`tests/fuzz_content.rs`, `tests/plain_yaml.rs`): each adds the
//! pieces its own parser treats specially to [`YAML_SYNTAX`].

use proptest::prelude::*;
use proptest::sample::{Index, select};

/// Pieces that change what YAML reads: indicators, anchors, tags, block and
/// flow syntax, quotes, line ends and indents, byte-order marks, documents
/// and directives, and plain scalars that YAML reads as other types.
pub const YAML_SYNTAX: &[&str] = &[
    ":",
    ": ",
    "- ",
    "-",
    "? ",
    "#",
    " #",
    "&a ",
    "*a",
    "<<: ",
    "!!str ",
    "!!binary ",
    "!x ",
    "!include ",
    "|",
    "|-",
    "|+",
    ">",
    "'",
    "''",
    "\"",
    "\\",
    "\\u0000",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\n",
    "\n  ",
    "\n    ",
    "\n- ",
    " ",
    "  ",
    "\t",
    "\r\n",
    "\r",
    "\u{feff}",
    "\u{85}",
    "\u{0}",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "~",
    "null",
    "true",
    "yes",
    "0x1F",
    ".inf",
    "1e400",
    "-0",
    "1",
    "01",
    ".5",
    "1e3",
];

/// [`YAML_SYNTAX`] followed by `more`.
pub fn syntax_and(more: &[&'static str]) -> Vec<&'static str> {
    [YAML_SYNTAX, more].concat()
}

/// One edit: where (a share of the text), how many characters to delete
/// there, and which of `pieces` to insert.
pub fn edit(pieces: Vec<&'static str>) -> impl Strategy<Value = (Index, usize, &'static str)> {
    (any::<Index>(), 0..4usize, select(pieces))
}

/// `text` with `edits` applied one after the other, by characters so that
/// every result stays a string.
pub fn spliced(text: &str, edits: &[(Index, usize, &str)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for (at, delete, insert) in edits {
        let start = at.index(chars.len() + 1);
        let end = (start + delete).min(chars.len());
        chars.splice(start..end, insert.chars());
    }
    chars.into_iter().collect()
}
