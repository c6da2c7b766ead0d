//! # M003 application-without-body
//!
//! ## What it checks
//! An application in the base document written as `name:` with nothing after it.
//!
//! ## Why it matters
//! In an overlay this form deletes the application; in the base document there is nothing to
//! delete and Juju refuses the bundle ("base application ... has no body").
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   designate:
//! ```
//! Accepted: the same line in an overlay, where it removes `designate` and its relations.
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Always an error.

use super::super::{Check, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "M003",
    name: "application-without-body",
    family: Family::Merge,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::FrontEnd,
};

/// The diagnostic for base application `app` whose key is at `span`.
pub fn diagnostic(app: &str, span: FileSpan) -> Diagnostic {
    RULE.diagnostic(format!("application `{app}` has no body"), span, "nothing after this key")
        .with_note(
            "Juju refuses a base application without a spec: \"base application has no body\"",
        )
        .with_help("give it at least `charm:`, or delete the line")
}
