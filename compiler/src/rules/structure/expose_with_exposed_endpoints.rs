//! # S029 expose-with-exposed-endpoints
//!
//! ## What it checks
//! An application with both `expose: true` and `exposed-endpoints`.
//!
//! ## Why it matters
//! `expose: true` opens every endpoint to `0.0.0.0/0` and `::/0`, while
//! `exposed-endpoints` narrows access per endpoint.
//! Juju refuses the combination, `exposed-endpoints cannot be specified together with
//! "exposed:true" in application "<name>"`, because an older controller would ignore
//! the narrowing and expose everything to the world.
//!
//! ## Example
//! Flagged (bundle, then overlay):
//! ```yaml
//! applications:
//!   openstack-dashboard:
//!     charm: openstack-dashboard
//!     expose: true
//! ---
//! applications:
//!   openstack-dashboard:
//!     exposed-endpoints:
//!       website:
//!         expose-to-cidrs: [10.0.0.0/8]
//! ```
//! Accepted: the same without `expose: true`.
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
    code: "S029",
    name: "expose-with-exposed-endpoints",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for application `app` with `expose: true` at `expose` and
/// `exposed-endpoints` at `endpoints`.
pub fn diagnostic(app: &str, expose: FileSpan, endpoints: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("application `{app}` sets both `expose: true` and `exposed-endpoints`"),
        expose,
        "exposes every endpoint to everyone",
    )
    .with_label(endpoints, "per-endpoint exposure given here")
    .with_note(format!(
        "Juju refuses the bundle: exposed-endpoints cannot be specified together with \"exposed:true\" in application \"{app}\", as an older controller would expose everything"
    ))
    .with_help("remove `expose: true`; to open every endpoint to everyone, use an `exposed-endpoints` entry for `\"\"` with `expose-to-cidrs: [0.0.0.0/0, \"::/0\"]`")
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, _, app) in ctx.bundle.apps() {
        let (Some(expose), Some(endpoints)) = (&app.expose, &app.exposed_endpoints) else {
            continue;
        };
        if *expose.get() && !endpoints.get().is_empty() {
            out.push(diagnostic(name, expose.value.use_site(), endpoints.key));
        }
    }
}
