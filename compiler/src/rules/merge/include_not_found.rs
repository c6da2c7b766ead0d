//! # M004 include-not-found
//!
//! ## What it checks
//! An `include-file://` or `include-base64://` directive in an option or annotation whose
//! file is missing, is a directory, cannot be read, or is larger than bundlec reads (4 MiB).
//!
//! ## Why it matters
//! Juju resolves the path relative to the file that wrote the directive and stops the deploy
//! with "include file ... not found". A path relative to the wrong directory is the usual
//! cause: an overlay's includes resolve from the overlay's directory, not the bundle's.
//!
//! ## Example
//! Flagged (no `certs/ca.pem` beside the overlay):
//! ```yaml
//! applications:
//!   octavia:
//!     options:
//!       lb-mgmt-issuing-cacert: include-base64://certs/ca.pem
//! ```
//! Accepted: the same line with the file present.
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Always an error. The file's contents are never shown in any output.

use std::path::Path;

use super::super::{Check, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "M004",
    name: "include-not-found",
    family: Family::Merge,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::FrontEnd,
};

/// The diagnostic for an include of `path` (resolved to `full`) in `place` that failed with
/// `problem`, written at `span`.
pub fn diagnostic(
    place: &str,
    path: &str,
    full: &Path,
    problem: &str,
    span: FileSpan,
) -> Diagnostic {
    RULE.diagnostic(
        format!("include file `{path}` for {place} {problem}"),
        span,
        format!("resolves to `{}`", full.display()),
    )
    .with_note("Juju resolves a relative include against the directory of the file that writes it")
}
