//! `hyoka check`: every problem a build would stop at, plus what a build does
//! not look for — broken links and anchors, and likely mistakes (warnings) —
//! without writing anything.

pub mod links;
pub mod lint;
pub mod locate;
pub mod names;

use std::path::Path;

use crate::build::load_report;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::error::{Error, Result};
use crate::serve::memory;

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One finding per line, `file:line:column: severity: field: message`.
    Text,
    /// A JSON array of `{severity, file, line, column, field, message}`.
    Json,
}

/// Checks the site at `root`: loads and validates it, renders it (keeping
/// only what the link check needs, see [`links::Links`]), verifies its links and looks for likely mistakes. Returns every finding,
/// sorted by file and position; Err only when files cannot be read at all.
pub fn check(root: &Path) -> Result<Vec<Diagnostic>> {
    let report = match load_report(root, None) {
        Ok(report) => report,
        // The rest needs a valid report; these errors are the findings.
        Err(Error::Site(problems)) => return Ok(problems),
        Err(other) => return Err(other),
    };
    let mut findings = Diagnostics::default();
    lint::lint(&report, root)
        .into_iter()
        .for_each(|warning| findings.push(warning));
    let links = links::Links::default();
    let rendered = memory::compile_templates(root)
        .and_then(|renderer| crate::build::render_site(&report, &renderer, root, &links));
    let problems = match rendered {
        Ok(_) => links::check(links, &report, root),
        Err(Error::Site(problems)) => problems,
        Err(other) => return Err(other),
    };
    problems
        .into_iter()
        .for_each(|problem| findings.push(problem));
    Ok(findings.into_sorted())
}

/// Whether the findings let a CI pipeline go on: no errors, and no warnings either with `deny_warnings`.
pub fn passes(findings: &[Diagnostic], deny_warnings: bool) -> bool {
    findings
        .iter()
        .all(|finding| finding.severity == Severity::Warning && !deny_warnings)
}

/// The findings as `format` prints them (nothing for no findings in text).
pub fn format(findings: &[Diagnostic], format: Format) -> String {
    match format {
        Format::Text => findings
            .iter()
            .map(|finding| format!("{finding}\n"))
            .collect(),
        Format::Json => {
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
    }
}

/// `check: 1 error, 2 warnings`.
pub fn summary(findings: &[Diagnostic]) -> String {
    let errors = findings.iter().filter(|finding| finding.is_error()).count();
    let warnings = findings.len() - errors;
    format!(
        "check: {}, {}",
        crate::count(errors, "error"),
        crate::count(warnings, "warning")
    )
}
