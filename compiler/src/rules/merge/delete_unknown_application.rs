//! # M005 delete-unknown-application
//!
//! ## What it checks
//! An overlay writes `name:` with no body, which deletes the application, but no earlier
//! document defines `name`.
//!
//! ## Why it matters
//! Juju does nothing and says nothing. The intended deletion, usually of a misspelt name,
//! silently does not happen, and the application the operator meant to remove is deployed.
//!
//! ## Example
//! Flagged (the base defines `designate`):
//! ```yaml
//! applications:
//!   designte:
//! ```
//! Accepted: `designate:`.
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Warning by default.

use super::super::{Check, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "M005",
    name: "delete-unknown-application",
    family: Family::Merge,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::FrontEnd,
};

/// The diagnostic for overlay deletion of `app`, written at `span`.
pub fn diagnostic(app: &str, span: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("overlay deletes application `{app}`, which no earlier document defines"),
        span,
        "deletes nothing",
    )
    .with_note("a null application in an overlay removes it and its relations; here there is nothing to remove")
    .with_help("check the spelling against the base bundle")
}
