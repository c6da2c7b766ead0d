//! # S005 type-mismatch
//!
//! ## What it checks
//! A value of the wrong YAML type for its field: `num_units: three`, `to: lxd:0` written as
//! a scalar instead of a list, a relation written as one string, `expose: "yes"`, a
//! `machines` entry that is a list.
//!
//! ## Why it matters
//! Juju's decoder does not reject the field: it drops the **whole document**. A base
//! bundle then fails with "at least one application must be specified"; an overlay is
//! silently ignored, every change in it lost, and only `--dry-run` hints at why.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   ceph-osd:
//!     num_units: four
//!     to: lxd:0
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   ceph-osd:
//!     num_units: 4
//!     to: ["lxd:0"]
//! ```
//!
//! ## Fix
//! None: the intended value is not known.
//!
//! ## Policy
//! Always an error.

use super::super::{Check, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S005",
    name: "type-mismatch",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::FrontEnd,
};

/// The diagnostic for field `path` at `span` that needs `expected` but holds `found`.
///
/// Names types only, never the value, so secret values cannot leak through it.
pub fn diagnostic(path: &str, span: FileSpan, expected: &str, found: &str) -> Diagnostic {
    RULE.diagnostic(
        format!("`{path}` must be {expected}, not {found}"),
        span,
        format!("this is {found}"),
    )
    .with_note("Juju drops the whole document when one of its values has the wrong type")
}
