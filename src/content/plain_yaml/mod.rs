//! A fast reader for the plain YAML that content files are written in.
//!
//! At national scale (10,000 measures, ~15,000 files, ~230 MB) serde-saphyr's
//! ~50 MB/s a thread made parsing a third of the build. Content files use a
//! small part of YAML, so [`crate::content::parse::parse_yaml`] first tries
//! this reader and gives every file it declines, or that fails in any way,
//! to serde-saphyr. serde-saphyr stays the authority: this reader only ever
//! answers for documents it reads exactly as serde-saphyr does (checked by
//! `tests/plain_yaml.rs`), and every error message comes from serde-saphyr.
//!
//! The subset read, anything else is declined:
//! - block mappings with plain keys and block sequences (`- `), indented
//!   with spaces, also a sequence at its key's indentation and a mapping
//!   begun on a sequence entry's line (`- key: value`);
//! - scalars on one line: plain, `'single'` (with `''`) and `"double"`
//!   quoted without escapes, and flow sequences of plain scalars (`[]`,
//!   `[a, b]`);
//! - literal block scalars (`|` and `|-`) as mapping values, for Markdown;
//! - comments on their own line or after ` #`, blank lines, a first `---`
//!   line, a byte order mark, `\r\n` line ends.
//!
//! Declined, among others: anchors, aliases, tags, folded scalars (`>`),
//! scalars over several lines, flow mappings, `? ` keys, merge keys, tabs,
//! empty values, duplicate keys, keys YAML could read as null, a boolean or
//! a number other than a decimal integer, a scalar that is null where a
//! string is wanted, and numbers and booleans in any but their plainest
//! spelling.
//!
//! A file is read in two passes: [`events`] turns the lines into a flat list
//! of events (no allocation per line or scalar), then [`de`] runs the
//! model's `Deserialize` impls over that list, borrowing every string from
//! the text, so that each string of the model is allocated once at its size.

mod de;
mod events;
pub(super) mod locate;
mod spanned;
#[cfg(test)]
mod tests;

use std::cell::Cell;
use std::fmt;

use serde::de::DeserializeOwned;

/// Why the fast reader did not read a document; the document then goes to serde-saphyr.
///
/// Never shown to users: serde-saphyr gives the message for any document that is
/// really wrong. Also carries errors raised by the model's own `Deserialize` impls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decline(pub &'static str);

impl fmt::Display for Decline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "declined: {}", self.0)
    }
}

impl std::error::Error for Decline {}

impl serde::de::Error for Decline {
    fn custom<T: fmt::Display>(_message: T) -> Self {
        // The message is serde-saphyr's to give, after it reads the file again.
        Decline("the content model refused a value")
    }
}

/// Reads `text` as `T` if it is written in the subset this reader knows;
/// the result is then the one serde-saphyr would give.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Decline> {
    super::with_kept(&EVENTS, |events| {
        events::read(text, events).and_then(|()| de::deserialize(text, events))
    })
}

thread_local! {
    /// The list of events of the last file this thread read, kept for the
    /// next ([`super::with_kept`]).
    static EVENTS: Cell<Vec<events::Event>> = const { Cell::new(Vec::new()) };
}
