//! `hyoka check`: every problem a build would stop at, plus what a build does
//! not look for — broken links and anchors — and the likely mistakes
//! (warnings, [`lint`]) a build prints too, without writing anything.

pub mod links;
pub mod lint;
pub mod locate;

use std::path::Path;

use crate::build::load_report;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::error::{Error, Result};
use crate::serve::memory;

/// What `hyoka check` found.
#[derive(Debug)]
pub struct Findings {
    /// Every finding, sorted by file and position.
    pub list: Vec<Diagnostic>,
    /// Whether warnings were looked for: they need the whole report read
    /// and validated, so the errors that stop a build stop them too.
    pub warnings_sought: bool,
}

/// Checks the site at `root`: loads and validates it, renders it (keeping
/// only what the link check needs, see [`links::Links`]), verifies its links
/// and looks for likely mistakes. Err only when files cannot be read at all.
pub fn check(root: &Path) -> Result<Findings> {
    let report = match load_report(root, None) {
        Ok(report) => report,
        // The rest needs a valid report; these errors are the findings.
        Err(Error::Site(problems)) => {
            return Ok(Findings {
                list: problems,
                warnings_sought: false,
            });
        }
        Err(other) => return Err(other),
    };
    let mut findings = Diagnostics::default();
    findings.extend(lint::lint(&report, root));
    let links = links::Links::default();
    let rendered = memory::compile_templates(root)
        .and_then(|renderer| crate::build::render_site(&report, &renderer, root, &links));
    let problems = match rendered {
        Ok(_) => links::check(links, &report, root),
        Err(Error::Site(problems)) => problems,
        Err(other) => return Err(other),
    };
    findings.extend(problems);
    Ok(Findings {
        list: findings.into_sorted(),
        warnings_sought: true,
    })
}

/// Whether the findings let a CI pipeline go on: no errors, and no warnings either with `deny_warnings`.
pub fn passes(findings: &[Diagnostic], deny_warnings: bool) -> bool {
    findings
        .iter()
        .all(|finding| finding.severity == Severity::Warning && !deny_warnings)
}

/// The findings as a JSON array of `{severity, file, line, column, field,
/// message}` for other tools, each file named from the site folder, as
/// documented (in text a terminal shows them with [`Quotes::show`]).
///
/// [`Quotes::show`]: crate::diagnostic::Quotes::show
pub fn json(findings: &[Diagnostic]) -> String {
    let list: Vec<serde_json::Value> = findings
        .iter()
        .map(|finding| {
            serde_json::json!({
                "severity": finding.severity,
                "file": crate::slashed(&finding.file),
                "line": finding.position.line,
                "column": finding.position.column,
                "field": finding.field,
                "message": finding.message,
            })
        })
        .collect();
    // Serializing plain values cannot fail.
    serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
}

/// `check: 1 error, 2 warnings`; or, when errors kept the warnings from
/// being looked for, says so rather than count none.
pub fn summary(findings: &Findings) -> String {
    let errors = (findings.list.iter())
        .filter(|finding| finding.is_error())
        .count();
    let warnings = findings.list.len() - errors;
    let errors = crate::count(errors, "error");
    if findings.warnings_sought {
        format!("check: {errors}, {}", crate::count(warnings, "warning"))
    } else {
        format!("check: {errors}; warnings are looked for once the content reads without errors")
    }
}
