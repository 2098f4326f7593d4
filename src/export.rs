//! Saving a report file: named by time and case, never overwriting an earlier one,
//! written atomically. The edge that the wizard's `e` and `sessions export` share.

use std::fs;
use std::path::{Path, PathBuf};

use crate::report::{self, Format, Report};

#[derive(Debug, thiserror::Error)]
#[error("cannot save the report in {dir}: {reason}")]
pub struct ExportError {
    pub dir: String,
    pub reason: String,
}

/// The report rendered in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Markdown => report::to_markdown(report),
        Format::Text => report::to_text(report),
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&report::to_json(report)).unwrap_or_default()
        ),
        Format::Html => report::to_html(report),
    }
}

/// The report rendered in `format` for a file on this platform.
pub fn render_for_file(report: &Report, format: Format) -> String {
    for_file(render(report, format), format)
}

/// A rendered report as a file on this platform holds it: Markdown and text get the
/// platform's line endings (CRLF on Windows, so Notepad shows the lines).
pub fn for_file(rendered: String, format: Format) -> String {
    match format {
        Format::Markdown | Format::Text => match crate::platform::newline::for_file(&rendered) {
            std::borrow::Cow::Borrowed(_) => rendered,
            std::borrow::Cow::Owned(text) => text,
        },
        Format::Json | Format::Html => rendered,
    }
}

/// A file name like `20261122-141503-CASE-4477.md`, from the session id.
pub fn file_name(session_id: &str, format: Format) -> String {
    format!("{session_id}.{}", format.extension())
}

/// Write the report into `dir` (created if needed) without replacing an existing
/// file; returns the path written.
pub fn save(
    report: &Report,
    format: Format,
    dir: &Path,
    session_id: &str,
) -> Result<PathBuf, ExportError> {
    let fail = |reason: String| ExportError {
        dir: dir.display().to_string(),
        reason,
    };
    fs::create_dir_all(dir).map_err(|e| fail(e.to_string()))?;
    let path = dir.join(file_name(session_id, format));
    crate::files::write_new(&path, render_for_file(report, format).as_bytes())
        .map_err(|e| fail(e.to_string()))
}
