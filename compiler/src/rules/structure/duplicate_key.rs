//! # S002 duplicate-key
//!
//! ## What it checks
//! A key written twice in the same mapping: two `keystone:` applications, two `vip:`
//! options, two `to:` keys.
//!
//! ## Why it matters
//! Juju's lenient decoder keeps the last value without a word (its strict pass only
//! mentions it under `--dry-run`). The first value, often the one an operator edited, is
//! silently lost.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! options:
//!   vip: 10.12.4.50 10.12.8.50
//!   vip: 10.12.4.15 10.12.8.15
//! ```
//! Accepted: each key once.
//!
//! ## Fix
//! None: which of the two values is meant is for the operator to decide.
//!
//! ## Policy
//! Always an error.

use super::super::{Check, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S002",
    name: "duplicate-key",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::FrontEnd,
};

/// The diagnostic for `key` written at `first` and again at `second`.
pub fn diagnostic(key: &str, first: FileSpan, second: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("key `{key}` appears twice in the same mapping"),
        second,
        "written again here",
    )
    .with_label(first, "first written here")
    .with_note("Juju keeps the last value and silently drops the first")
    .with_help("remove one of the two, or merge their contents")
}
