//! # S006 invalid-bundle-type
//!
//! ## What it checks
//! A top-level `bundle:` key whose value is neither empty nor `kubernetes`.
//! The key names the kind of bundle: absent or empty for a machine bundle, `kubernetes`
//! for a Kubernetes one.
//!
//! ## Why it matters
//! Juju refuses the bundle with `bundle has an invalid type "<type>"`.
//! Common slips are `k8s`, `Kubernetes` or `machine`.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! bundle: k8s
//! applications:
//!   grafana:
//!     charm: grafana-k8s
//!     scale: 1
//! ```
//! Accepted:
//! ```yaml
//! bundle: kubernetes
//! applications:
//!   grafana:
//!     charm: grafana-k8s
//!     scale: 1
//! ```
//!
//! ## Fix
//! None: whether a Kubernetes or a machine bundle is meant is for the author to say.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status, closest};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S006",
    name: "invalid-bundle-type",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for bundle type `value`, written at `span`.
pub fn diagnostic(value: &str, span: FileSpan) -> Diagnostic {
    let help = match closest(&value.to_ascii_lowercase(), ["kubernetes"]) {
        Some(known) => format!("write `bundle: {known}`"),
        None if value.eq_ignore_ascii_case("k8s") => "write `bundle: kubernetes`".to_owned(),
        None => "write `bundle: kubernetes` for a Kubernetes bundle, or remove the key for a machine bundle".to_owned(),
    };
    RULE.diagnostic(
        format!("`{value}` is not a bundle type"),
        span,
        "expected `kubernetes` or nothing",
    )
    .with_note(format!(
        "Juju refuses the bundle: bundle has an invalid type \"{value}\"; only `kubernetes` and an empty value are accepted"
    ))
    .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(field) = &ctx.bundle.bundle_type else { return };
    let value = field.get();
    if value.is_empty() || value == "kubernetes" {
        return;
    }
    out.push(diagnostic(value, field.value.use_site()));
}
