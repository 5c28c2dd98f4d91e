//! Every folder of `tests/fixtures/invalid/` is the minimal site with some files
//! replaced; building it must fail with exactly the messages in its `expected.txt`,
//! and leave no output folder behind.

mod common;

use common::*;

#[test]
fn invalid_sites_report_every_problem_with_file_line_and_field() {
    let cases = fixtures().join("invalid");
    let mut names: Vec<_> = std::fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert!(
        names.len() >= 10,
        "expected the invalid fixtures, found {names:?}"
    );
    let mut failures = Vec::new();
    for name in names {
        let case = cases.join(&name);
        let site = site_copy("minimal");
        copy_tree(&case, site.path());
        std::fs::remove_file(site.path().join("expected.txt")).unwrap();
        let output = hyoka(site.path(), &["build"]);
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let actual = stderr(&output);
        if output.status.success() || actual != expected {
            failures.push(format!(
                "== {}: exit {:?}\n-- expected:\n{expected}-- actual:\n{actual}",
                name.to_string_lossy(),
                output.status.code()
            ));
        }
        assert!(
            !site.path().join("output").exists(),
            "{name:?}: a failed build left an output folder"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
