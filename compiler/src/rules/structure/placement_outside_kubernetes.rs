//! # S032 placement-outside-kubernetes
//!
//! ## What it checks
//! An application with a `placement` key in a bundle that is not a Kubernetes bundle
//! (no `bundle: kubernetes`).
//! `placement` is a Kubernetes node selector; machine bundles place units with `to:`.
//!
//! ## Why it matters
//! Juju stops reading the bundle with `placement (<placement>) not valid for
//! non-Kubernetes application "<name>"`; nothing is deployed.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     num_units: 1
//!     placement: lxd:0
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     num_units: 1
//!     to: ["lxd:0"]
//! ```
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
    code: "S032",
    name: "placement-outside-kubernetes",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for the `placement` key at `span` of application `app`, whose value is
/// `placement`.
pub fn diagnostic(app: &str, placement: &str, span: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("application `{app}` uses `placement` outside a Kubernetes bundle"),
        span,
        "only Kubernetes bundles take `placement`",
    )
    .with_note(format!(
        "Juju stops reading the bundle: placement ({placement}) not valid for non-Kubernetes application \"{app}\""
    ))
    .with_help("place units with `to:`, for example `to: [\"lxd:0\"]`; or add `bundle: kubernetes` if this is a Kubernetes bundle")
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // LIMIT: Juju judges each document by its own `bundle:` key, so `placement` in an
    // overlay of a Kubernetes bundle fails unless the overlay repeats the key; the merged
    // bundle only knows the base document's type.
    if ctx.bundle.is_kubernetes() {
        return;
    }
    for (name, _, app) in ctx.bundle.apps() {
        if let Some(placement) = &app.placement
            && !placement.get().is_empty()
        {
            out.push(diagnostic(name, placement.get(), placement.key));
        }
    }
}
