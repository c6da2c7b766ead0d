//! # M002 overlay-only-field
//!
//! ## What it checks
//! `offers` or `exposed-endpoints` written in the base document (the first document of the
//! bundle file).
//!
//! ## Why it matters
//! Juju refuses the deploy: "applications.X.offers can only appear in an overlay section".
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     offers:
//!       identity: {endpoints: [identity-service]}
//! ```
//! Accepted: the same `offers` in an overlay, or after a `---` in the same file.
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
    code: "M002",
    name: "overlay-only-field",
    family: Family::Merge,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::FrontEnd,
};

/// The diagnostic for overlay-only `field` of application `app` written in the base at `span`.
pub fn diagnostic(app: &str, field: &str, span: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("`applications.{app}.{field}` can only appear in an overlay"),
        span,
        "not allowed in the base document",
    )
    .with_note("Juju refuses offers and exposed-endpoints in the first document of the bundle")
    .with_help("move this key into an overlay file, or into a second document after `---`")
}
