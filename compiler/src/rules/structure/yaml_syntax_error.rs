//! # S001 yaml-syntax-error
//!
//! ## What it checks
//! The file is not valid YAML: an unclosed bracket or quote, a tab used for indentation, a
//! key without `:`, an alias whose anchor is not defined in the same document.
//!
//! ## Why it matters
//! Juju refuses the whole deploy with `yaml: line N: ...` before it looks at anything else.
//! bundlec reports the first syntax error at its line and column and keeps the documents
//! before it.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   keystone: {charm: keystone, num_units: 1
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   keystone: {charm: keystone, num_units: 1}
//! ```
//! Anchors do not cross documents or files: an overlay that uses `*vip` must define `&vip`
//! itself.
//!
//! ## Fix
//! None: the intent of broken YAML is not known.
//!
//! ## Policy
//! Always an error; the policy cannot turn it off.

use super::super::{Check, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S001",
    name: "yaml-syntax-error",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::FrontEnd,
};

/// The diagnostic for a parser failure at `span` with the parser's `message`.
pub fn diagnostic(span: FileSpan, message: &str) -> Diagnostic {
    RULE.diagnostic(format!("invalid YAML: {message}"), span, "the parser stopped here")
        .with_note("Juju refuses a bundle that is not valid YAML before checking anything else")
}
