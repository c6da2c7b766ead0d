//! # S028 negative-unit-count
//!
//! ## What it checks
//! An application whose `num_units` is below zero.
//!
//! ## Why it matters
//! Juju refuses the bundle with `negative number of units specified on application
//! "<name>"`.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     num_units: -1
//! ```
//! Accepted: `num_units: 0` for an application deployed without units (subordinates), or
//! a positive count.
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S028",
    name: "negative-unit-count",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for application `app` whose `num_units`, used at `span`, is `count`.
pub fn diagnostic(app: &str, count: i64, span: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("application `{app}` has a negative unit count `{count}`"),
        span,
        "must be 0 or more",
    )
    .with_note(format!(
        "Juju refuses the bundle: negative number of units specified on application \"{app}\""
    ))
    .with_help("give the number of units to deploy; subordinate applications take 0")
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, _, app) in ctx.bundle.apps() {
        let Some(field) = &app.num_units else { continue };
        // A merged `num_units` may come from an overlay's `scale`, which Juju ignores when
        // it is not positive.
        if ctx.sources.slice(field.key) != "num_units" {
            continue;
        }
        if *field.get() < 0 {
            out.push(diagnostic(name, *field.get(), field.value.use_site()));
        }
    }
}
