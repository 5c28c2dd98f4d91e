//! Content: the report as city staff write it, and as the other stages read it.
//!
//! [`load`] reads the YAML files ([`model`]), [`crate::validate`] checks them
//! against each other and returns a [`report::Report`] that rendering walks.

pub mod fiscal_year;
pub mod load;
pub mod model;
pub mod names;
pub mod parse;
pub mod plain_yaml;
pub mod properties;
mod recover;
pub mod report;
pub mod slips;
pub mod terms;
pub mod value;
pub mod walk;

pub use fiscal_year::FiscalYear;
pub use load::{Content, Source, load};
pub use model::{
    Config, Department, Direction, Field, Kpi, MajorItem, Measure, MidItem, Project, ProjectRow,
};
pub use report::Report;
pub use value::{Value, ValueKind};

use std::cell::Cell;
use std::thread::LocalKey;

/// A file's `text` without its byte order mark (Windows' Notepad may write
/// one), which YAML reads as no character: lines and columns are counted
/// after it.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A list larger than this many bytes is not kept for the thread's next file.
const KEPT_BYTES: usize = 1 << 20;

/// Runs `work` with the list this thread kept in `kept` from its last file,
/// then keeps it again unless it grew past [`KEPT_BYTES`]. A national report
/// is 15,000 files: a new list for each (the file's bytes, the YAML reader's
/// events), grown while it was filled, came from fresh memory the kernel had
/// to clear (loading at N = 1,000 on one thread: 101–103 ms with a new buffer
/// per file, 83–93 ms with one kept).
pub(crate) fn with_kept<T, R>(
    kept: &'static LocalKey<Cell<Vec<T>>>,
    work: impl FnOnce(&mut Vec<T>) -> R,
) -> R {
    let mut list = kept.take();
    let result = work(&mut list);
    if list.capacity() * std::mem::size_of::<T>() <= KEPT_BYTES {
        kept.set(list);
    }
    result
}
