//! # S014 no-applications
//!
//! ## What it checks
//! A bundle with no applications: no `applications:` key, an empty one, or every
//! application removed by overlays.
//! It is checked on the base document alone as well, since Juju verifies that document
//! before it applies any overlay.
//!
//! ## Why it matters
//! Juju refuses the bundle with `at least one application must be specified`.
//! A Juju 2 bundle that still lists its applications under `services:` fails this way in
//! Juju 3, which ignores that key; so does a base document that leaves all applications
//! to an overlay.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! services:
//!   keystone:
//!     charm: keystone
//!     num_units: 1
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     num_units: 1
//! ```
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{FileSpan, TextRange};

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S014",
    name: "no-applications",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Where the missing applications show.
#[derive(Clone, Copy, Debug)]
pub enum Place {
    /// An `applications` key with nothing in it.
    EmptyKey(FileSpan),
    /// A legacy `services` key, which Juju 3 ignores.
    Services(FileSpan),
    /// No key at all: the start of the document.
    Document(FileSpan),
}

/// The diagnostic for a bundle without applications, shown at `place`.
pub fn diagnostic(place: Place) -> Diagnostic {
    let (span, label, help) = match place {
        Place::EmptyKey(span) => (
            span,
            "no applications here",
            "add at least one application; the base document needs one of its own, because Juju checks it before applying overlays",
        ),
        Place::Services(span) => {
            (span, "Juju 3 ignores `services`", "rename `services:` to `applications:`")
        }
        Place::Document(span) => (
            span,
            "this document has no `applications`",
            "add an `applications:` section with at least one application",
        ),
    };
    RULE.diagnostic("the bundle defines no applications", span, label)
        .with_note("Juju refuses the bundle: at least one application must be specified")
        .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    if !bundle.applications.is_empty() {
        return;
    }
    let place = if let Some(span) = bundle.services_key {
        Place::Services(span)
    } else if let Some(span) = bundle.applications_key {
        Place::EmptyKey(span)
    } else if let Some(root) = bundle.span {
        // The root mapping's span may start after its first key: point at the start of
        // that line instead.
        let text = ctx.text_of(root);
        let start = text
            .get(..root.range.start as usize)
            .and_then(|before| before.rfind('\n'))
            .and_then(|at| u32::try_from(at + 1).ok())
            .unwrap_or(0);
        Place::Document(FileSpan::new(root.file, TextRange::empty(start)))
    } else {
        return;
    };
    out.push(diagnostic(place));
}

#[cfg(test)]
mod tests {
    use crate::check::analyze_texts;

    #[test]
    fn an_empty_bundle_is_reported_once_for_both_checks() {
        let analysis = analyze_texts("default-base: ubuntu@22.04\napplications: {}\n", &[]);
        let count = analysis.diagnostics.iter().filter(|it| it.code == "S014").count();
        assert_eq!(count, 1);
    }

    #[test]
    fn a_document_without_the_key_is_reported_at_its_start() {
        let analysis = analyze_texts("# comment\ndefault-base: ubuntu@22.04\n", &[]);
        let found = analysis.diagnostics.iter().find(|it| it.code == "S014");
        let start = found.map(|it| it.primary.span.range.start);
        assert_eq!(start, Some(10));
    }
}
