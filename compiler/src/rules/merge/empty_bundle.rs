//! # M001 empty-bundle
//!
//! ## What it checks
//! The bundle and its overlays hold no document with any key: an empty file, only comments,
//! or only `---` separators.
//!
//! ## Why it matters
//! Juju stops with "malformed bundle: bundle is empty".
//!
//! ## Example
//! Flagged: a `bundle.yaml` that holds only `# TODO`.
//! Accepted: any document with `applications`.
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
    code: "M001",
    name: "empty-bundle",
    family: Family::Merge,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::FrontEnd,
};

/// The diagnostic for a bundle file with no non-empty document.
pub fn diagnostic(span: FileSpan) -> Diagnostic {
    RULE.diagnostic("the bundle has no document with any key", span, "nothing to deploy here")
        .with_note("Juju refuses it: \"bundle is empty\"")
        .with_help("add an `applications` map")
}
