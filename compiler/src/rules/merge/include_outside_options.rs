//! # M009 include-outside-options
//!
//! ## What it checks
//! An `include-file://` or `include-base64://` string outside options and annotations: in
//! `charm`, `channel`, `constraints`, `bindings`, `storage` or `resources`.
//!
//! ## Why it matters
//! Juju resolves includes only in application options and annotations and machine
//! annotations. Anywhere else the directive is passed on as a literal string.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! constraints: include-file://constraints.txt
//! ```
//! Accepted: the include inside `options:`.
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
    code: "M009",
    name: "include-outside-options",
    family: Family::Merge,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::FrontEnd,
};

/// The diagnostic for an include directive in `key` of `app`, written at `span`.
pub fn diagnostic(app: &str, key: &str, span: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("include directive in `{key}` of `{app}` is taken literally"),
        span,
        "not resolved here",
    )
    .with_note(
        "Juju resolves include-file:// and include-base64:// only in options and annotations",
    )
}
