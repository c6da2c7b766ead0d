//! # M007 ignored-overlay-field
//!
//! ## What it checks
//! `default-base`, `description`, `tags` or `bundle` written at the top of an overlay.
//!
//! ## Why it matters
//! Juju 3 never merges these keys from an overlay (only a non-empty `series` replaces the
//! base's). An overlay that moves the deployment to a new base does nothing.
//!
//! ## Example
//! Flagged (in an overlay):
//! ```yaml
//! default-base: ubuntu@24.04
//! ```
//! Accepted: the same key in the base bundle.
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
    code: "M007",
    name: "ignored-overlay-field",
    family: Family::Merge,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::FrontEnd,
};

/// The diagnostic for top-level `key` in an overlay, written at `span`.
pub fn diagnostic(key: &str, span: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("`{key}` in an overlay is ignored"),
        span,
        "Juju does not merge this key",
    )
    .with_note(
        "Juju 3 merges only applications, SAAS, relations, machines and `series` from overlays",
    )
    .with_help("set it in the base bundle instead")
}
