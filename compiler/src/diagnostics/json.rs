//! Machine output: the versioned JSON report.
//!
//! Lines and columns are one-based; columns count characters, not bytes, so a report
//! matches what an editor shows whatever the text before the problem.

use serde::Serialize;

use super::{Diagnostic, Label, Summary};
use crate::source::{ColumnUnit, FileSpan, SourceDb};

/// The report format's version; bumped on any incompatible change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    file: &'a str,
    range: JsonRange,
    labels: Vec<JsonLabel<'a>>,
    notes: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    range: JsonRange,
    message: &'a str,
    primary: bool,
}

#[derive(Serialize)]
struct JsonRange {
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Serialize)]
struct JsonPosition {
    line: u32,
    column: u32,
}

fn range_of(sources: &SourceDb, span: FileSpan) -> JsonRange {
    let file = sources.get(span.file);
    let position = |offset| {
        let pos = file.line_index.to_line_col(&file.text, offset, ColumnUnit::Char);
        JsonPosition { line: pos.line + 1, column: pos.column + 1 }
    };
    JsonRange { start: position(span.range.start), end: position(span.range.end) }
}

fn label<'a>(sources: &'a SourceDb, label: &'a Label, primary: bool) -> JsonLabel<'a> {
    JsonLabel {
        file: &sources.get(label.span.file).name,
        range: range_of(sources, label.span),
        message: &label.message,
        primary,
    }
}

/// Renders the whole report as pretty JSON.
pub fn render(sources: &SourceDb, diagnostics: &[Diagnostic]) -> String {
    let report = Report {
        version: VERSION,
        diagnostics: diagnostics
            .iter()
            .map(|diagnostic| JsonDiagnostic {
                code: diagnostic.code,
                name: diagnostic.name,
                severity: diagnostic.severity.as_str(),
                message: &diagnostic.message,
                file: &sources.get(diagnostic.primary.span.file).name,
                range: range_of(sources, diagnostic.primary.span),
                labels: std::iter::once(label(sources, &diagnostic.primary, true))
                    .chain(diagnostic.secondary.iter().map(|it| label(sources, it, false)))
                    .collect(),
                notes: diagnostic.notes.iter().map(String::as_str).collect(),
                help: diagnostic.help.as_deref(),
            })
            .collect(),
        summary: Summary::of(diagnostics),
    };
    // Serialising plain structs of strings and integers cannot fail.
    serde_json::to_string_pretty(&report).expect("the report holds only strings and numbers")
}
