//! # M008 null-option-unsets
//!
//! ## What it checks
//! An overlay sets an option to null (`vip:` or `vip: ~`).
//!
//! ## Why it matters
//! Juju removes the option from the merged bundle, so the charm default applies; an empty
//! string needs `vip: ""`. Both are legitimate, and easy to mix up.
//!
//! ## Example
//! Reported:
//! ```yaml
//! applications:
//!   keystone:
//!     options:
//!       vip:
//! ```
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Info by default.

use super::super::{Check, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "M008",
    name: "null-option-unsets",
    family: Family::Merge,
    severity: Severity::Info,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::FrontEnd,
};

/// The diagnostic for option `key` of `app` set to null by an overlay at `span`.
pub fn diagnostic(app: &str, key: &str, span: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("overlay unsets option `{key}` of `{app}`"),
        span,
        "null removes the option",
    )
    .with_note(
        "a null option in an overlay removes it from the bundle, so the charm default applies",
    )
    .with_help("write `\"\"` to set an empty string instead")
}
