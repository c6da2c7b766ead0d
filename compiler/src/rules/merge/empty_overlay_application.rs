//! # M006 empty-overlay-application
//!
//! ## What it checks
//! An overlay entry `name: {}` for an application that exists.
//!
//! ## Why it matters
//! It looks like a deletion but merges nothing: only a null body (`name:` alone) deletes an
//! application in Juju.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   designate: {}
//! ```
//! Accepted: `designate:` (deletes it), or leaving the entry out.
//!
//! ## Fix
//! None: whether a deletion is meant is the operator's call.
//!
//! ## Policy
//! Warning by default.

use super::super::{Check, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "M006",
    name: "empty-overlay-application",
    family: Family::Merge,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::FrontEnd,
};

/// The diagnostic for `app: {}` in an overlay, written at `span`.
pub fn diagnostic(app: &str, span: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("overlay entry for `{app}` is empty and changes nothing"),
        span,
        "merges nothing",
    )
    .with_note("`name: {}` is not a deletion; only `name:` with nothing after it deletes")
    .with_help("write `name:` alone to delete the application, or remove the entry")
}
