//! Any bytes as a tab-separated export: `hyoka import` must end in content
//! files that load, validate and import again unchanged, or in errors naming
//! the file and a line and cell — never panic or hang. The checks are those
//! of tests/fuzz_import.rs.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/import_fuzz.rs"]
mod import_fuzz;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("a temporary folder");
    if let Err(why) = import_fuzz::check_import(dir.path(), "export.tsv", data) {
        panic!("{why}");
    }
});
