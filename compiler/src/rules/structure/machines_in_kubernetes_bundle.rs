//! # S007 machines-in-kubernetes-bundle
//!
//! ## What it checks
//! A `machines:` section with at least one machine in a bundle that says
//! `bundle: kubernetes`.
//!
//! ## Why it matters
//! A Kubernetes model has no machines to create: pods are scheduled by Kubernetes.
//! Juju refuses the bundle with `bundle machines not valid for Kubernetes bundles`.
//! The usual cause is a machine bundle's `machines:` section copied into a Kubernetes
//! bundle, or a `bundle: kubernetes` line added to a machine bundle by mistake.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! bundle: kubernetes
//! machines:
//!   "0":
//! applications:
//!   grafana:
//!     charm: grafana-k8s
//!     scale: 1
//! ```
//! Accepted: the same bundle without `machines:`.
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
    code: "S007",
    name: "machines-in-kubernetes-bundle",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for a `machines` key at `machines`, in a bundle whose type is set at
/// `bundle_type`.
pub fn diagnostic(machines: FileSpan, bundle_type: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        "a Kubernetes bundle cannot declare machines",
        machines,
        "machines declared here",
    )
    .with_label(bundle_type, "the bundle is a Kubernetes bundle because of this")
    .with_note(
        "Juju refuses the bundle: bundle machines not valid for Kubernetes bundles; Kubernetes schedules the pods itself",
    )
    .with_help("remove `machines:` (and any `to:` that names a machine), or remove `bundle: kubernetes` if this is a machine bundle")
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    if !bundle.is_kubernetes() {
        return;
    }
    let (Some(machines), Some(bundle_type)) = (&bundle.machines, &bundle.bundle_type) else {
        return;
    };
    if machines.get().is_empty() {
        return;
    }
    out.push(diagnostic(machines.key, bundle_type.value.use_site()));
}
