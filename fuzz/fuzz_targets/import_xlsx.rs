//! Any bytes as a workbook for `hyoka import`, with the checks of
//! tests/fuzz_import.rs. The first byte says how the rest is read: odd, as
//! the worksheet XML inside an otherwise valid workbook (so that mutations
//! reach the cells rather than break the zip container); even, as the
//! `.xlsx` file itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/import_fuzz.rs"]
mod import_fuzz;

fuzz_target!(
    // The importer turns calamine's panics into errors; only others abort.
    init: import_fuzz::let_calamine_panics_unwind(),
    |data: &[u8]| {
        let Some((&mode, rest)) = data.split_first() else {
            return;
        };
        let book = if mode % 2 == 1 {
            import_fuzz::with_sheet(rest)
        } else {
            rest.to_vec()
        };
        let dir = tempfile::tempdir().expect("a temporary folder");
        if let Err(why) = import_fuzz::check_import(dir.path(), "report.xlsx", &book) {
            panic!("{why}");
        }
    }
);
