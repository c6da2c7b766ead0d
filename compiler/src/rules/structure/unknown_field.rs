//! # S003 unknown-field
//!
//! ## What it checks
//! A key that Juju does not decode at this level: `constrain:` instead of `constraints:`,
//! `num-units:` instead of `num_units:`, `comment:` in an application.
//!
//! ## Why it matters
//! Juju ignores unknown fields; only `juju deploy --dry-run` lists them, under "These fields
//! ... will be ignored during deployment". A misspelt key is a setting that silently does
//! not happen.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     constrain: mem=4G
//! ```
//! Accepted: `constraints: mem=4G`.
//!
//! ## Fix
//! None yet; the message suggests the closest known key.
//!
//! ## Policy
//! Warning by default; the policy can change its severity or turn it off.

use super::super::{Check, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S003",
    name: "unknown-field",
    family: Family::Structure,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::FrontEnd,
};

/// The diagnostic for `key` at `span`, unknown in `place` (e.g. "application `keystone`").
pub fn diagnostic(key: &str, span: FileSpan, place: &str, suggestion: Option<&str>) -> Diagnostic {
    let diagnostic = RULE
        .diagnostic(format!("unknown field `{key}` in {place}"), span, "Juju ignores this key")
        .with_note("Juju decodes only the fields it knows and drops the rest without an error");
    match suggestion {
        Some(known) => diagnostic.with_help(format!("did you mean `{known}`?")),
        None => diagnostic,
    }
}
