//! # S004 metadata-field
//!
//! ## What it checks
//! A top-level key that Juju does not decode but that bundles carry on purpose: `name`,
//! `variables` (the conventional home of YAML anchors), and the Charmhub metadata keys
//! `docs`, `issues`, `source` and `website`.
//!
//! ## Why it matters
//! Juju ignores them, and `juju deploy --dry-run` lists each one in its "These fields ...
//! will be ignored" warning. This rule tells which of those warnings to expect, so a new one
//! stands out.
//!
//! ## Example
//! Reported:
//! ```yaml
//! name: openstack
//! variables:
//!   openstack-origin: &openstack-origin cloud:jammy-caracal
//! ```
//!
//! ## Fix
//! None: the keys are intended.
//!
//! ## Policy
//! Info by default; a site that accepts these warnings can turn the rule off.

use super::super::{Check, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S004",
    name: "metadata-field",
    family: Family::Structure,
    severity: Severity::Info,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::FrontEnd,
};

/// The top-level keys this rule recognises.
pub const METADATA_KEYS: &[&str] = &["name", "variables", "docs", "issues", "source", "website"];

/// The diagnostic for metadata key `key` at `span`.
pub fn diagnostic(key: &str, span: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("top-level `{key}` is bundle metadata that Juju ignores"),
        span,
        "ignored by Juju",
    )
    .with_note("`juju deploy --dry-run` lists this key in its \"These fields ... will be ignored\" warning")
}
