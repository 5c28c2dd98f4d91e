//! `hyoka import`: content files from the spreadsheet a city already keeps.
//!
//! Each input is read into grids of cells ([`tsv`] for the tab-separated
//! export, [`xlsx`] for workbooks), [`sheet`] reads the measures (施策) off
//! each grid by their labels, [`plan`] gives them ids and merges them with
//! the content already in the target folder ([`existing`]), and [`write`]
//! writes the files. Every problem of every input is reported in one run,
//! and nothing is written unless all inputs were read.

mod existing;
mod plan;
mod sheet;
pub(crate) mod text;
mod tsv;
mod write;
mod xlsx;

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::error::{Error, Result};
use sheet::{Grid, SheetMeasure};

pub use write::ImportSummary;

/// What to import and where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Exports (`.tsv`, `.txt`) and workbooks (`.xlsx`, `.xlsm`), in the order
    /// their measures are added.
    pub files: Vec<PathBuf>,
    /// The site's content folder (`content`); `hyoka.yaml` is in its parent.
    pub into: PathBuf,
    /// Overwrite existing files that differ from what the import writes.
    pub force: bool,
    /// Write nothing; say what would be written.
    pub dry_run: bool,
}

/// Reads `options.files` and writes their content below `options.into`.
pub fn import(options: &ImportOptions) -> Result<ImportSummary> {
    if let Some(problem) = inside_a_sites_content(&options.into) {
        return Err(Error::Site(vec![problem]));
    }
    let mut problems = Diagnostics::default();
    let mut measures = Vec::new();
    for file in &options.files {
        match measures_of(file) {
            Ok(found) => measures.extend(found),
            Err(found) => problems.extend(found),
        }
    }
    if problems.has_errors() {
        return Err(Error::Site(problems.into_sorted()));
    }
    if measures.is_empty() {
        return Ok(ImportSummary {
            dry_run: options.dry_run,
            ..ImportSummary::default()
        });
    }
    let existing =
        existing::read(&options.into).map_err(|found| Error::Site(found.into_sorted()))?;
    let planned = plan::plan(&measures, &existing, &options.into).map_err(Error::Site)?;
    write::write(planned, options.force, options.dry_run)
}

/// An error if `into` is not a site's own content folder but lies inside
/// another site's (`hyoka import` run in `site/content`, whose `--into
/// content` is `site/content/content`): the import would make a second site
/// there, which no build of the first one reads.
fn inside_a_sites_content(into: &Path) -> Option<Diagnostic> {
    // `..` taken back lexically (`--into content/measures/..` is content/).
    let mut absolute = PathBuf::new();
    for part in std::path::absolute(into).ok()?.components() {
        match part {
            std::path::Component::ParentDir => {
                absolute.pop();
            }
            std::path::Component::CurDir => {}
            other => absolute.push(other),
        }
    }
    let root = absolute.parent()?;
    if root.join(crate::content::load::CONFIG_FILE).is_file() {
        return None;
    }
    let site = root.ancestors().skip(1).find(|site| {
        site.join(crate::content::load::CONFIG_FILE).is_file()
            && root.starts_with(site.join("content"))
    })?;
    let message = format!(
        "this folder is inside the content folder of the site in {}, so the import would make a second site within it, which no build reads; run hyoka import in the site's folder (where hyoka.yaml is), or give --into {}",
        crate::display_path(site),
        crate::display_path(&site.join("content"))
    );
    Some(Diagnostic::error(into, Position::default(), "", message))
}

/// The measures of every sheet of one input file, or every problem in it.
fn measures_of(file: &Path) -> Result<Vec<SheetMeasure>, Vec<Diagnostic>> {
    let mut measures = Vec::new();
    let mut problems = Vec::new();
    for grid in read(file)? {
        let (found, errors) = sheet::parse(&grid);
        measures.extend(found);
        problems.extend(errors);
    }
    if measures.is_empty() && problems.is_empty() {
        let message = "no measure found: a sheet starts with its page header, 分野 … 施策 …";
        problems.push(Diagnostic::error(file, Position::default(), "", message));
    }
    if problems.is_empty() {
        Ok(measures)
    } else {
        Err(problems)
    }
}

/// The grids of one input file, by its extension.
fn read(file: &Path) -> Result<Vec<Grid>, Vec<Diagnostic>> {
    let extension = file
        .extension()
        .map(|ext| ext.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("tsv" | "txt") => tsv::read(file)
            .map(|grid| vec![grid])
            .map_err(|problem| vec![problem]),
        Some("xlsx" | "xlsm") => xlsx::read(file),
        _ => {
            let mut message = "cannot tell the kind of file: import reads tab-separated exports (.tsv, .txt) and workbooks (.xlsx)".to_string();
            if extension.as_deref() == Some("csv") {
                message.push_str(
                    "; import the .xlsx workbook itself, or save the sheet as 「テキスト (タブ区切り)」 or 「Unicode テキスト」",
                );
            }
            Err(vec![Diagnostic::error(
                file,
                Position::default(),
                "",
                message,
            )])
        }
    }
}
