//! Human output: diagnostics rendered by codespan-reporting, with or without colour.

use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Config, termcolor::WriteColor};

use super::{Diagnostic, Severity, Summary};
use crate::source::{FileId, SourceDb};

/// Adapts a [`SourceDb`] to codespan's file database.
struct CodespanFiles<'a>(&'a SourceDb);

impl<'a> Files<'a> for CodespanFiles<'a> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(&self.0.get(id).name)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(&self.0.get(id).text)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        let offset = crate::source::to_u32(byte_index);
        Ok(self.0.get(id).line_index.line_of(offset) as usize)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.0.get(id);
        if line_index >= file.line_index.line_count() {
            return Err(FilesError::LineTooLarge {
                given: line_index,
                max: file.line_index.line_count() - 1,
            });
        }
        let line = crate::source::to_u32(line_index);
        let start = file.line_index.line_start(line) as usize;
        let end = if line_index + 1 < file.line_index.line_count() {
            file.line_index.line_start(line + 1) as usize
        } else {
            file.text.len()
        };
        Ok(start..end)
    }
}

fn to_codespan(diagnostic: &Diagnostic) -> cs::Diagnostic<FileId> {
    let severity = match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Info => cs::Severity::Note,
    };
    let mut labels = vec![
        cs::Label::primary(diagnostic.primary.span.file, diagnostic.primary.span.range.to_usize())
            .with_message(&diagnostic.primary.message),
    ];
    labels.extend(diagnostic.secondary.iter().map(|label| {
        cs::Label::secondary(label.span.file, label.span.range.to_usize())
            .with_message(&label.message)
    }));
    let mut notes: Vec<String> =
        diagnostic.notes.iter().map(|note| format!("note: {note}")).collect();
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }
    cs::Diagnostic::new(severity)
        .with_code(format!("{}[{}]", diagnostic.code, diagnostic.name))
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders one diagnostic without colour, as snapshots and plain logs show it.
pub fn render_plain(sources: &SourceDb, diagnostic: &Diagnostic) -> String {
    let config = Config::default();
    term::emit_into_string(&config, &CodespanFiles(sources), &to_codespan(diagnostic))
        .unwrap_or_else(|err| format!("{}: {} ({err})\n", diagnostic.code, diagnostic.message))
}

/// Renders every diagnostic and a summary line to `writer`, in colour if it supports colour.
pub fn render(
    writer: &mut dyn WriteColor,
    sources: &SourceDb,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    let config = Config::default();
    let files = CodespanFiles(sources);
    for diagnostic in diagnostics {
        term::emit_to_write_style(writer, &config, &files, &to_codespan(diagnostic))
            .map_err(std::io::Error::other)?;
    }
    let summary = Summary::of(diagnostics);
    writeln!(writer, "{}", summary_line(summary))
}

/// The closing line of human output, e.g. `2 errors, 1 warning`.
pub fn summary_line(summary: Summary) -> String {
    if summary.errors + summary.warnings + summary.infos == 0 {
        return "no problems found".to_owned();
    }
    let plural = |count: usize, word: &str| {
        if count == 1 { format!("{count} {word}") } else { format!("{count} {word}s") }
    };
    format!(
        "{}, {}, {}",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info")
    )
}
