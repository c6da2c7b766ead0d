//! The diagnostic model shared by every rule and every output, and its renderers.
//!
//! A diagnostic carries byte ranges; renderers convert them to lines and columns at the
//! edge (codespan for terminals, one-based character columns for JSON and SARIF).

pub mod json;
pub mod sarif;
pub mod terminal;

use crate::fix::Fix;
use crate::source::{FileSpan, SourceDb};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something to know; never fails a check.
    Info,
    /// Likely wrong, but Juju would deploy it.
    Warning,
    /// Juju would refuse it, or it deploys something broken.
    Error,
}

impl Severity {
    /// The lower-case word used in outputs and policies.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// A message attached to a span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: FileSpan,
    /// A short phrase; may be empty.
    pub message: String,
}

impl Label {
    /// A label at `span` saying `message`.
    pub fn new(span: FileSpan, message: impl Into<String>) -> Self {
        Self { span, message: message.into() }
    }
}

/// One problem found in the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable rule code, e.g. `S002`.
    pub code: &'static str,
    /// The rule's kebab-case name.
    pub name: &'static str,
    /// Severity after policy.
    pub severity: Severity,
    /// One line, lower case, no final period.
    pub message: String,
    /// Where the user must act.
    pub primary: Label,
    /// Other places that explain the problem.
    pub secondary: Vec<Label>,
    /// Why it matters.
    pub notes: Vec<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// An automatic fix, when the rule knows the one right edit.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic with a primary label and nothing else.
    pub fn new(
        code: &'static str,
        name: &'static str,
        severity: Severity,
        message: impl Into<String>,
        primary: Label,
    ) -> Self {
        Self {
            code,
            name,
            severity,
            message: message.into(),
            primary,
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// Attaches a fix.
    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Attaches a fix when one could be built; when building failed, the diagnostic stands
    /// alone.
    #[must_use]
    pub fn with_fix_if(mut self, fix: Option<Fix>) -> Self {
        if fix.is_some() {
            self.fix = fix;
        } else {
            tracing::debug!(code = self.code, "no fix could be built");
        }
        self
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_label(mut self, span: FileSpan, message: impl Into<String>) -> Self {
        self.secondary.push(Label::new(span, message));
        self
    }

    /// Adds a note that says why.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the help that says how to fix it.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Counts per severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Summary {
    /// Counts `diagnostics`.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut summary = Self::default();
        for diagnostic in diagnostics {
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        summary
    }
}

/// Sorts by file name, then position, then code, and drops exact repeats.
pub fn sort_and_dedup(sources: &SourceDb, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        let file_a = &sources.get(a.primary.span.file).name;
        let file_b = &sources.get(b.primary.span.file).name;
        file_a
            .cmp(file_b)
            .then(a.primary.span.range.start.cmp(&b.primary.span.range.start))
            .then(a.primary.span.range.end.cmp(&b.primary.span.range.end))
            .then(a.code.cmp(b.code))
            .then(a.message.cmp(&b.message))
    });
    diagnostics.dedup_by(|a, b| {
        a.code == b.code && a.primary.span == b.primary.span && a.message == b.message
    });
}
