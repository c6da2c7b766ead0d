//! # S033 placement-and-to
//!
//! ## What it checks
//! An application in a Kubernetes bundle that gives both `placement` and `to` in the same
//! document.
//! Both say where the pods go; Juju takes only one.
//!
//! ## Why it matters
//! Juju stops reading the bundle with `cannot specify both placement and to for
//! application "<name>"`; nothing is deployed.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! bundle: kubernetes
//! applications:
//!   trainer:
//!     charm: trainer
//!     scale: 1
//!     placement: kubernetes.io/arch=amd64
//!     to: [kubernetes.io/arch=amd64]
//! ```
//! Accepted: only `placement`.
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::juju_values::within;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S033",
    name: "placement-and-to",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for application `app` with `placement` at `placement` and `to` at `to`.
pub fn diagnostic(app: &str, placement: FileSpan, to: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("application `{app}` sets both `placement` and `to`"),
        placement,
        "`placement` given here",
    )
    .with_label(to, "`to` given here")
    .with_note(format!(
        "Juju stops reading the bundle: cannot specify both placement and to for application \"{app}\""
    ))
    .with_help("keep `placement`, the Kubernetes form, and remove `to`")
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Outside Kubernetes bundles `placement` is refused on its own (S032).
    if !ctx.bundle.is_kubernetes() {
        return;
    }
    for (name, slot, app) in ctx.bundle.apps() {
        let (Some(placement), Some(to)) = (&app.placement, &app.to) else { continue };
        if placement.get().is_empty() || to.get().is_empty() {
            continue;
        }
        if within(placement.key, slot.span) && within(to.key, slot.span) {
            out.push(diagnostic(name, placement.key, to.key));
        }
    }
}
